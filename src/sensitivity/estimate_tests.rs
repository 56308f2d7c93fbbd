use super::*;
use serde_json::Value;
use std::f64::consts::PI;

// ---------------------------------------------------------------------------------------------
// Test functions and fixtures
// ---------------------------------------------------------------------------------------------

/// Ishigami & Homma (1990) with a = 7, b = 0.1, on unit-cube `x` scaled to [-pi, pi] (as
/// SALib's `Ishigami.evaluate(x * 2 * np.pi - np.pi)`).
fn ishigami(x: &[f64]) -> f64 {
    let [x1, x2, x3] = [0, 1, 2].map(|i| x[i] * 2.0 * PI - PI);
    x1.sin() + 7.0 * x2.sin().powi(2) + 0.1 * x3.powi(4) * x1.sin()
}

/// Analytic Ishigami indices for a = 7, b = 0.1 (Homma & Saltelli 1996; Sobol' & Levitan 1999):
/// V = a^2/8 + b pi^4/5 + b^2 pi^8/18 + 1/2, V1 = (1 + b pi^4/5)^2 / 2, V2 = a^2/8, V3 = 0,
/// V13 = b^2 pi^8 (1/18 - 1/50).
fn ishigami_analytic() -> ([f64; 3], [f64; 3]) {
    let (a, b) = (7.0, 0.1);
    let pi4 = PI.powi(4);
    let pi8 = PI.powi(8);
    let v = a * a / 8.0 + b * pi4 / 5.0 + b * b * pi8 / 18.0 + 0.5;
    let v1 = 0.5 * (1.0 + b * pi4 / 5.0).powi(2);
    let v2 = a * a / 8.0;
    let v13 = b * b * pi8 * (1.0 / 18.0 - 1.0 / 50.0);
    ([v1 / v, v2 / v, 0.0], [(v1 + v13) / v, v2 / v, v13 / v])
}

/// Sobol' G function (Saltelli & Sobol' 1995): prod_i (|4 x_i - 2| + a_i) / (1 + a_i).
fn g_function(x: &[f64], a: &[f64]) -> f64 {
    x.iter().zip(a).map(|(xi, ai)| ((4.0 * xi - 2.0).abs() + ai) / (1.0 + ai)).product()
}

/// Analytic G-function indices: V_i = 1 / (3 (1 + a_i)^2), V = prod (1 + V_i) - 1,
/// S_i = V_i / V, ST_i = V_i prod_{j != i} (1 + V_j) / V.
fn g_analytic(a: &[f64]) -> (Vec<f64>, Vec<f64>) {
    let vi: Vec<f64> = a.iter().map(|ai| 1.0 / (3.0 * (1.0 + ai).powi(2))).collect();
    let v = vi.iter().map(|v| 1.0 + v).product::<f64>() - 1.0;
    let first = vi.iter().map(|x| x / v).collect();
    let total = (0..a.len())
        .map(|i| vi[i] * (0..a.len()).filter(|&j| j != i).map(|j| 1.0 + vi[j]).product::<f64>() / v)
        .collect();
    (first, total)
}

fn fixture(name: &str) -> Value {
    let text = match name {
        "sobol_ishigami" => include_str!("../../tests/fixtures/salib/sobol_ishigami.json"),
        "morris_g" => include_str!("../../tests/fixtures/salib/morris_g.json"),
        "sobol_checksums" => include_str!("../../tests/fixtures/salib/sobol_checksums.json"),
        _ => unreachable!(),
    };
    serde_json::from_str(text).unwrap()
}

fn floats(v: &Value) -> Vec<f64> {
    v.as_array().unwrap().iter().map(|x| x.as_f64().unwrap()).collect()
}

fn integers(v: &Value) -> Vec<u64> {
    v.as_array().unwrap().iter().map(|x| x.as_u64().unwrap()).collect()
}

fn indices(v: &Value) -> Vec<Vec<usize>> {
    v.as_array().unwrap().iter().map(|r| integers(r).into_iter().map(|i| i as usize).collect()).collect()
}

/// Each column's `sum_j (j + 1) * x[j][d] * 2^31 mod 2^61 - 1` (make.py's checksum).
fn column_checksums(rows: &[Vec<f64>]) -> Vec<u64> {
    const MOD: u128 = (1 << 61) - 1;
    (0..rows[0].len())
        .map(|d| {
            let sum = rows.iter().enumerate().fold(0u128, |acc, (j, row)| {
                let x = row[d] * f64::from(1u32 << 31);
                assert_eq!(x.fract(), 0.0);
                (acc + (j as u128 + 1) * x as u128) % MOD
            });
            sum as u64
        })
        .collect()
}

fn assert_close(label: &str, got: f64, want: f64, tolerance: f64) {
    assert!((got - want).abs() <= tolerance, "{label}: got {got}, want {want} (tolerance {tolerance})");
}

// ---------------------------------------------------------------------------------------------
// Sobol' sequence and Saltelli design
// ---------------------------------------------------------------------------------------------

#[test]
fn sobol_sequence_starts_as_published() {
    // Gray-code order: points 0..4 of dimensions 1 and 2 (m = 1, 3 for the second).
    let points = sobol_sequence(4, 2, 0);
    assert_eq!(points, vec![vec![0.0, 0.0], vec![0.5, 0.5], vec![0.75, 0.25], vec![0.25, 0.75]]);
    assert_eq!(sobol_sequence(2, 2, 2), points[2..].to_vec(), "skipping jumps to the same points");
    assert_eq!(sobol_sequence(3, 7, 1000), sobol_sequence(1003, 7, 0)[1000..].to_vec());
}

#[test]
fn sobol_sequence_and_64_factor_design_match_salib_checksums() {
    // All 128 embedded dimensions, 4096 points, and a 64-factor design, against SALib 1.6.0.
    let f = fixture("sobol_checksums");
    assert_eq!(column_checksums(&sobol_sequence(4096, MAX_SOBOL_DIMENSIONS, 0)), integers(&f["sequence"]));
    let (n, k) = (f["saltelli_n"].as_u64().unwrap() as usize, f["saltelli_k"].as_u64().unwrap() as usize);
    assert_eq!(k, MAX_FACTORS);
    assert_eq!(column_checksums(&saltelli(n, k)), integers(&f["saltelli"]));
}

#[test]
fn saltelli_rows_are_a_ab_b_in_salib_order() {
    let (n, k) = (8, 3);
    let rows = saltelli(n, k);
    let base = sobol_sequence(n, 2 * k, saltelli_skip(n));
    assert_eq!(saltelli_skip(n), 16);
    assert_eq!(saltelli_skip(1000), 1024);
    assert_eq!(rows.len(), n * (k + 2));
    for (j, point) in base.iter().enumerate() {
        let block = &rows[j * (k + 2)..(j + 1) * (k + 2)];
        let (a, b) = point.split_at(k);
        assert_eq!(block[0], a);
        assert_eq!(block[k + 1], b);
        for i in 0..k {
            for c in 0..k {
                assert_eq!(block[1 + i][c], if c == i { b[c] } else { a[c] }, "A_B^{i} row {j} column {c}");
            }
        }
    }
}

#[test]
fn saltelli_base_sample_is_stratified_for_powers_of_two() {
    let (n, k) = (64, 5);
    let rows = saltelli(n, k);
    for block in [0, k + 1] {
        let matrix: Vec<&Vec<f64>> = rows.iter().skip(block).step_by(k + 2).collect();
        for c in 0..k {
            let mut cells: Vec<usize> = matrix.iter().map(|row| (row[c] * n as f64) as usize).collect();
            cells.sort_unstable();
            assert_eq!(cells, (0..n).collect::<Vec<_>>(), "matrix row {block}, column {c}");
        }
    }
    assert!(rows.iter().flatten().all(|x| (0.0..1.0).contains(x)));
}

#[test]
#[should_panic(expected = "1 to 64")]
fn saltelli_rejects_too_many_factors() {
    saltelli(8, MAX_FACTORS + 1);
}

// ---------------------------------------------------------------------------------------------
// Sobol' indices
// ---------------------------------------------------------------------------------------------

#[test]
fn sobol_indices_match_salib_on_salibs_sample() {
    // SALib 1.6.0: saltelli.sample(n = 128, k = 3) and sobol.analyze(calc_second_order=False)
    // on its Ishigami outputs.
    let f = fixture("sobol_ishigami");
    let (n, k) = (f["n"].as_u64().unwrap() as usize, f["k"].as_u64().unwrap() as usize);
    // The design, bit for bit.
    let scale = f64::from(1u32 << 31);
    let salib_rows: Vec<Vec<f64>> = f["x_times_2_31"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| integers(r).into_iter().map(|v| v as f64 / scale).collect())
        .collect();
    assert_eq!(saltelli(n, k), salib_rows);
    // The outputs: this file's Ishigami is SALib's.
    let y = floats(&f["y"]);
    for (row, yj) in salib_rows.iter().zip(&y) {
        assert_close("Ishigami", ishigami(row), *yj, 1e-12);
    }
    // S1 (Saltelli 2010) and ST (Jansen) on SALib's own outputs.
    let no_bootstrap = Bootstrap { resamples: 0, ..Bootstrap::default() };
    let ours = sobol_indices(&y, k, FirstOrder::Saltelli2010, &no_bootstrap);
    for i in 0..k {
        assert_close("S1", ours.first[i].value, floats(&f["S1"])[i], 1e-10);
        assert_close("ST", ours.total[i].value, floats(&f["ST"])[i], 1e-10);
    }
    // S1_conf and ST_conf: the same estimates on the bootstrap rows SALib drew.
    let resamples = indices(&f["bootstrap_rows"]);
    let with_salib_rows = SaltelliOutputs::new(&y, k, FirstOrder::Saltelli2010).indices(&resamples, 0.95);
    assert_eq!(
        with_salib_rows.first.iter().map(|s| s.value).collect::<Vec<_>>(),
        ours.first.iter().map(|s| s.value).collect::<Vec<_>>()
    );
    for i in 0..k {
        assert_close("S1_conf", with_salib_rows.first[i].conf, floats(&f["S1_conf"])[i], 1e-10);
        assert_close("ST_conf", with_salib_rows.total[i].conf, floats(&f["ST_conf"])[i], 1e-10);
    }
}

/// Checks each index: within `tolerance` of the analytic value, and the analytic value inside
/// the bootstrap interval.
fn check_against_analytic(label: &str, estimates: &[Interval], analytic: &[f64], tolerance: f64) {
    for (i, (e, &want)) in estimates.iter().zip(analytic).enumerate() {
        assert_close(&format!("{label}[{i}]"), e.value, want, tolerance);
        assert!(
            e.ci_low <= want && want <= e.ci_high,
            "{label}[{i}] = {want} outside its 95 % interval [{}, {}]",
            e.ci_low,
            e.ci_high
        );
        assert!(e.ci_low <= e.value && e.value <= e.ci_high, "{label}[{i}]: estimate outside its interval");
    }
}

#[test]
fn ishigami_indices_match_analytic_values() {
    let (s1, st) = ishigami_analytic();
    // The values the literature quotes (Saltelli et al. 2008, the Primer), to 4 decimals.
    let round4 = |v: [f64; 3]| v.map(|x| (x * 1e4).round() / 1e4);
    assert_eq!(round4(s1), [0.3139, 0.4424, 0.0]);
    assert_eq!(round4(st), [0.5576, 0.4424, 0.2437]);
    // n = 2^14 base rows (81 920 runs), 1000 resamples: every index within 0.01 of its
    // analytic value, and every analytic value within the 95 % bootstrap interval.
    let (n, k) = (1 << 14, 3);
    let y: Vec<f64> = saltelli(n, k).iter().map(|x| ishigami(x)).collect();
    for first_order in [FirstOrder::Jansen, FirstOrder::Saltelli2010] {
        let est = sobol_indices(&y, k, first_order, &Bootstrap { seed: 3, ..Bootstrap::default() });
        check_against_analytic(&format!("Ishigami S1 {first_order:?}"), &est.first, &s1, 0.01);
        check_against_analytic("Ishigami ST", &est.total, &st, 0.01);
    }
}

#[test]
fn g_function_indices_match_analytic_values() {
    let a = [0.0, 1.0, 4.5, 9.0, 99.0, 99.0, 99.0, 99.0];
    let (s1, st) = g_analytic(&a);
    // n = 2^14 base rows (163 840 runs), 1000 resamples: within 0.01, analytic values inside
    // the 95 % intervals.
    let (n, k) = (1 << 14, a.len());
    let y: Vec<f64> = saltelli(n, k).iter().map(|x| g_function(x, &a)).collect();
    for first_order in [FirstOrder::Jansen, FirstOrder::Saltelli2010] {
        let est = sobol_indices(&y, k, first_order, &Bootstrap { seed: 5, ..Bootstrap::default() });
        check_against_analytic(&format!("G S1 {first_order:?}"), &est.first, &s1, 0.01);
        check_against_analytic("G ST", &est.total, &st, 0.01);
    }
}

#[test]
fn convergence_uses_prefixes_of_the_base_sample() {
    assert_eq!(convergence_sizes(1024, 4), vec![128, 256, 512, 1024]);
    assert_eq!(convergence_sizes(4, 4), vec![2, 4]);
    assert_eq!(convergence_sizes(3, 4), vec![3]);
    let (n, k) = (1024, 3);
    let y: Vec<f64> = saltelli(n, k).iter().map(|x| ishigami(x)).collect();
    let boot = Bootstrap { resamples: 50, level: 0.9, seed: 1 };
    let steps = sobol_convergence(&y, k, &convergence_sizes(n, 4), FirstOrder::Jansen, &boot);
    assert_eq!(steps.iter().map(|s| s.base_rows).collect::<Vec<_>>(), vec![128, 256, 512, 1024]);
    assert_eq!(steps[3], sobol_indices(&y, k, FirstOrder::Jansen, &boot));
    assert_eq!(steps[0], sobol_indices(&y[..128 * (k + 2)], k, FirstOrder::Jansen, &boot));
}

#[test]
fn constant_output_has_zero_indices() {
    let y = vec![2.5; 16 * 5];
    let est =
        sobol_indices(&y, 3, FirstOrder::Saltelli2010, &Bootstrap { resamples: 10, ..Bootstrap::default() });
    assert!(
        est.first.iter().chain(&est.total).all(|s| s.value == 0.0 && s.ci_low == 0.0 && s.ci_high == 0.0)
    );
    assert_eq!(est.variance, 0.0);
}

#[test]
fn no_interval_without_resamples() {
    let y: Vec<f64> = saltelli(16, 2).iter().map(|x| x[0] + 2.0 * x[1]).collect();
    let est = sobol_indices(&y, 2, FirstOrder::Jansen, &Bootstrap { resamples: 1, ..Bootstrap::default() });
    assert!(est.first.iter().all(|s| s.value.is_finite() && s.ci_low.is_nan() && s.conf.is_nan()));
}

#[test]
#[should_panic(expected = "not a Saltelli design for 3 factors")]
fn sobol_indices_reject_a_wrong_output_count() {
    sobol_indices(&[0.0; 11], 3, FirstOrder::Jansen, &Bootstrap::default());
}

#[test]
fn bootstrap_is_deterministic_given_its_seed() {
    let (n, k) = (256, 3);
    let y: Vec<f64> = saltelli(n, k).iter().map(|x| ishigami(x)).collect();
    let bits = |s: &SobolIndices| -> Vec<u64> {
        s.first
            .iter()
            .chain(&s.total)
            .flat_map(|i| [i.value, i.ci_low, i.ci_high, i.conf])
            .map(f64::to_bits)
            .collect()
    };
    let boot = Bootstrap { resamples: 200, level: 0.95, seed: 42 };
    let once = sobol_indices(&y, k, FirstOrder::Jansen, &boot);
    assert_eq!(bits(&once), bits(&sobol_indices(&y, k, FirstOrder::Jansen, &boot)));
    let other = sobol_indices(&y, k, FirstOrder::Jansen, &Bootstrap { seed: 43, ..boot });
    assert_ne!(bits(&once), bits(&other));
    assert_eq!(
        once.first.iter().map(|s| s.value).collect::<Vec<_>>(),
        other.first.iter().map(|s| s.value).collect::<Vec<_>>()
    );
}

#[test]
fn normal_quantile_matches_scipy() {
    // scipy.stats.norm.ppf (scipy 1.17.1), covering AS 241's three branches.
    let cases = [
        (0.5, 0.0),
        (0.6, 0.2533471031357997),
        (0.8, 0.8416212335729143),
        (0.2, -0.8416212335729142),
        (0.95, 1.6448536269514722),
        (0.975, 1.959963984540054),
        (0.995, 2.5758293035489004),
        (1e-10, -6.361340902404056),
        (1e-300, -37.0470962993612),
    ];
    for (p, z) in cases {
        assert_close(&format!("z({p})"), standard_normal_quantile(p), z, 1e-14 * z.abs().max(1.0));
    }
}

#[test]
fn percentile_interval_interpolates_like_numpy() {
    // numpy.quantile([1, 2, 3, 4, 10], [0.025, 0.975]) = [1.1, 9.4]; sd (ddof 1) = 3.5355339...
    let mut estimates = vec![4.0, 1.0, 10.0, 3.0, 2.0];
    let i = Interval::from_bootstrap(3.0, &mut estimates, 0.95);
    assert_close("low", i.ci_low, 1.1, 1e-12);
    assert_close("high", i.ci_high, 9.4, 1e-12);
    assert_close("conf", i.conf, 1.959963984540054 * 12.5f64.sqrt(), 1e-12);
}

// ---------------------------------------------------------------------------------------------
// Morris
// ---------------------------------------------------------------------------------------------

#[test]
fn morris_trajectories_move_each_factor_once_by_delta() {
    for (levels, k) in [(4, 5), (6, 3), (2, 2), (8, 1)] {
        let delta = levels as f64 / (2.0 * (levels - 1) as f64);
        let rows = morris(7, k, levels, 9);
        assert_eq!(rows.len(), 7 * (k + 1));
        for x in rows.iter().flatten() {
            let level = x * (levels - 1) as f64;
            assert!((level - level.round()).abs() < 1e-12 && (0.0..=1.0).contains(x), "{x} off the grid");
        }
        for trajectory in rows.chunks(k + 1) {
            let mut moved = vec![0; k];
            for step in trajectory.windows(2) {
                let changed: Vec<usize> = (0..k).filter(|&i| step[0][i] != step[1][i]).collect();
                assert_eq!(changed.len(), 1);
                let i = changed[0];
                assert_close("step", (step[1][i] - step[0][i]).abs(), delta, 1e-12);
                moved[i] += 1;
            }
            assert_eq!(moved, vec![1; k]);
        }
    }
}

#[test]
fn morris_design_is_deterministic_given_its_seed() {
    let bits = |rows: Vec<Vec<f64>>| rows.into_iter().flatten().map(f64::to_bits).collect::<Vec<_>>();
    assert_eq!(bits(morris(30, 6, 4, 17)), bits(morris(30, 6, 4, 17)));
    assert_ne!(bits(morris(30, 6, 4, 17)), bits(morris(30, 6, 4, 18)));
    // Trajectory t depends only on (seed, t): a longer design extends a shorter one.
    assert_eq!(morris(30, 6, 4, 17)[..10 * 7], morris(10, 6, 4, 17)[..]);
}

#[test]
fn morris_on_a_linear_model_gives_its_coefficients() {
    // Every elementary effect of sum_i c_i x_i is c_i: mu = c, mu* = |c| (interval collapsed),
    // sigma = 0, up to rounding (1e-12).
    let c = [3.0, -2.0, 0.5, 0.0, -7.0];
    let rows = morris(12, c.len(), 4, 21);
    let y: Vec<f64> = rows.iter().map(|x| x.iter().zip(&c).map(|(xi, ci)| xi * ci).sum()).collect();
    let m = morris_indices(&rows, &y, &Bootstrap { resamples: 100, ..Bootstrap::default() });
    assert_eq!(m.trajectories, 12);
    for (i, &ci) in c.iter().enumerate() {
        assert_close("mu", m.mu[i], ci, 1e-12);
        assert_close("mu*", m.mu_star[i].value, ci.abs(), 1e-12);
        assert_close("mu* low", m.mu_star[i].ci_low, ci.abs(), 1e-12);
        assert_close("mu* high", m.mu_star[i].ci_high, ci.abs(), 1e-12);
        assert_close("sigma", m.sigma[i], 0.0, 1e-12);
        for (name, v) in [("mu interval", &m.mu_interval[i]), ("sigma interval", &m.sigma_interval[i])] {
            let want = if name == "mu interval" { ci } else { 0.0 };
            assert_close(name, v.value, want, 1e-12);
            assert_close(name, v.ci_low, want, 1e-12);
            assert_close(name, v.ci_high, want, 1e-12);
        }
    }
}

#[test]
fn morris_intervals_for_mu_and_sigma_hold_their_estimates_and_widen_with_noise() {
    // A noisy linear model: the effects vary, so the intervals have width and contain the
    // estimates (percentile intervals of a mean or an sd of 40 trajectories).
    let c = [1.0, -0.5, 0.0];
    let rows = morris(40, c.len(), 4, 5);
    let mut rng = crate::engine::rng_from_seed(9);
    let y: Vec<f64> = rows
        .iter()
        .map(|x| {
            x.iter().zip(&c).map(|(xi, ci)| xi * ci).sum::<f64>()
                + 0.2 * (rand::RngExt::random::<f64>(&mut rng) - 0.5)
        })
        .collect();
    let m = morris_indices(&rows, &y, &Bootstrap { resamples: 500, ..Bootstrap::default() });
    for i in 0..c.len() {
        for v in [&m.mu_interval[i], &m.sigma_interval[i]] {
            assert!(v.ci_low < v.ci_high, "an interval with width: {v:?}");
            assert!(v.ci_low <= v.value && v.value <= v.ci_high, "{v:?}");
        }
        assert_close("sigma", m.sigma_interval[i].value, m.sigma[i], 0.0);
        assert_close("mu", m.mu_interval[i].value, m.mu[i], 0.0);
    }
}

#[test]
fn morris_ranks_g_function_factors_by_importance() {
    // G function: the smaller a_i, the more important factor i. With 50 trajectories mu* must
    // rank the first four factors in order and put every a = 99 factor last.
    let a = [0.0, 1.0, 4.5, 9.0, 99.0, 99.0, 99.0, 99.0];
    let rows = morris(50, a.len(), 4, 2024);
    let y: Vec<f64> = rows.iter().map(|x| g_function(x, &a)).collect();
    let m = morris_indices(&rows, &y, &Bootstrap { resamples: 200, ..Bootstrap::default() });
    let mu_star: Vec<f64> = m.mu_star.iter().map(|s| s.value).collect();
    assert!(mu_star[0] > mu_star[1] && mu_star[1] > mu_star[2] && mu_star[2] > mu_star[3], "{mu_star:?}");
    assert!(mu_star[4..].iter().all(|&v| v < mu_star[3]), "{mu_star:?}");
}

#[test]
fn morris_indices_match_salib_on_salibs_sample() {
    // SALib 1.6.0: morris.sample(r = 20, k = 4, 4 levels) and morris.analyze on its G outputs.
    let f = fixture("morris_g");
    let rows: Vec<Vec<f64>> = f["x"].as_array().unwrap().iter().map(floats).collect();
    let y = floats(&f["y"]);
    let a = floats(&f["a"]);
    for (row, yj) in rows.iter().zip(&y) {
        assert_close("G", g_function(row, &a), *yj, 1e-12);
    }
    let m = morris_indices(&rows, &y, &Bootstrap { resamples: 0, ..Bootstrap::default() });
    let k = a.len();
    for i in 0..k {
        assert_close("mu", m.mu[i], floats(&f["mu"])[i], 1e-10);
        assert_close("mu*", m.mu_star[i].value, floats(&f["mu_star"])[i], 1e-10);
        assert_close("sigma", m.sigma[i], floats(&f["sigma"])[i], 1e-10);
    }
    // mu_star_conf: the same summary on the per-factor resamples SALib drew.
    let effects = morris_elementary_effects(&rows, &y);
    for i in 0..k {
        let mut boot: Vec<f64> = indices(&f["bootstrap_rows"][i])
            .iter()
            .map(|r| r.iter().map(|&t| effects[i][t].abs()).sum::<f64>() / r.len() as f64)
            .collect();
        let interval = Interval::from_bootstrap(m.mu_star[i].value, &mut boot, 0.95);
        assert_close("mu_star_conf", interval.conf, floats(&f["mu_star_conf"])[i], 1e-10);
    }
}

#[test]
#[should_panic(expected = "moves 2 factors")]
fn morris_rejects_rows_that_are_not_trajectories() {
    let rows = vec![vec![0.0, 0.0], vec![1.0, 1.0], vec![1.0, 0.0]];
    morris_elementary_effects(&rows, &[0.0; 3]);
}

/// Speed of the estimators at the size: `cargo test --lib sensitivity -- --ignored
/// --nocapture timing`.
#[test]
#[ignore = "timing, not a check"]
fn timing() {
    let a = [0.0, 1.0, 4.5, 9.0, 99.0, 99.0, 99.0, 99.0];
    let (n, k) = (8192, a.len());
    let y: Vec<f64> = saltelli(n, k).iter().map(|x| g_function(x, &a)).collect();
    let start = std::time::Instant::now();
    let est = sobol_indices(&y, k, FirstOrder::Jansen, &Bootstrap::default());
    eprintln!("sobol_indices, n = {n}, k = {k}, 1000 resamples: {:?}", start.elapsed());
    assert_eq!(est.first.len(), k);
}
