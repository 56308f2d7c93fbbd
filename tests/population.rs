//! Populations of couples and time to dissolution: the drawn traits follow their specification,
//! the Kaplan-Meier curve agrees with the runs, populations leave the simulation's stream alone,
//! outputs are byte-identical whatever the thread count, and bad populations are reported with
//! their place in the file and the fix.

use assert_cmd::Command;
use dyad::engine;
use dyad::metrics::Outcome;
use dyad::scenario::{self, builtin};
use std::path::Path;

fn dyad() -> Command {
    let mut cmd = Command::cargo_bin("dyad").unwrap();
    cmd.env_remove("RAYON_NUM_THREADS");
    cmd
}

// 1. The drawn traits -----------------------------------------------------------------------

/// Mean and standard deviation of a normal (mu, sigma) clipped to 0..1, by quadrature.
fn clipped_moments(mu: f64, sigma: f64) -> (f64, f64) {
    let (mut m1, mut m2, mut w) = (0.0, 0.0, 0.0);
    let h = 0.0005;
    let mut z = -10.0_f64;
    while z <= 10.0 {
        let pdf = (-0.5 * z * z).exp();
        let x = (mu + sigma * z).clamp(0.0, 1.0);
        m1 += pdf * x;
        m2 += pdf * x * x;
        w += pdf;
        z += h;
    }
    let mean = m1 / w;
    (mean, (m2 / w - mean * mean).sqrt())
}

/// The correlation of two normals with latent correlation `rho`, each clipped to 0..1, by
/// quadrature on a grid.
fn clipped_correlation(a: (f64, f64), b: (f64, f64), rho: f64) -> f64 {
    let h = 0.01;
    let n = (12.0 / h) as i32;
    let s = (1.0 - rho * rho).sqrt();
    let (mut w, mut ex, mut ey, mut exx, mut eyy, mut exy) = (0.0, 0.0, 0.0, 0.0, 0.0, 0.0);
    for i in 0..=n {
        let u = -6.0 + h * f64::from(i);
        for j in 0..=n {
            let v = -6.0 + h * f64::from(j);
            let p = (-0.5 * (u * u + v * v)).exp();
            let x = (a.0 + a.1 * u).clamp(0.0, 1.0);
            let y = (b.0 + b.1 * (rho * u + s * v)).clamp(0.0, 1.0);
            w += p;
            ex += p * x;
            ey += p * y;
            exx += p * x * x;
            eyy += p * y * y;
            exy += p * x * y;
        }
    }
    let (mx, my) = (ex / w, ey / w);
    (exy / w - mx * my) / ((exx / w - mx * mx) * (eyy / w - my * my)).sqrt()
}

fn sample_stats(x: &[f64]) -> (f64, f64) {
    let n = x.len() as f64;
    let mean = x.iter().sum::<f64>() / n;
    let var = x.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (n - 1.0);
    (mean, var.sqrt())
}

fn correlation(x: &[f64], y: &[f64]) -> f64 {
    let (mx, sx) = sample_stats(x);
    let (my, sy) = sample_stats(y);
    let n = x.len() as f64;
    x.iter().zip(y).map(|(a, b)| (a - mx) * (b - my)).sum::<f64>() / ((n - 1.0) * sx * sy)
}

#[test]
fn community_traits_match_their_specification_within_sampling_error() {
    let mut sc = dyad::scenario::load("community", &[]).unwrap();
    sc.replicates = 20_000;
    sc.steps = 30;
    let result = engine::run_scenario(&sc, &|_| {});
    let n = result.runs.len() as f64;
    let column =
        |who: usize, k: usize| -> Vec<f64> { result.runs.iter().map(|r| r.traits[who][k]).collect() };
    // The specification on the ECR scale, on 0..1: mean (m - 1) / 6, sd s / 6.
    let spec = [((3.3 - 1.0) / 6.0, 1.1 / 6.0), ((2.8 - 1.0) / 6.0, 1.1 / 6.0)];
    for who in 0..2 {
        for (k, &(mu, sigma)) in spec.iter().enumerate() {
            let (want_mean, want_sd) = clipped_moments(mu, sigma);
            let (mean, sd) = sample_stats(&column(who, k));
            let se_mean = want_sd / n.sqrt();
            let se_sd = want_sd / (2.0 * n).sqrt();
            assert!(
                (mean - want_mean).abs() < 4.0 * se_mean,
                "partner {who} trait {k}: mean {mean} vs {want_mean}"
            );
            assert!((sd - want_sd).abs() < 4.5 * se_sd, "partner {who} trait {k}: sd {sd} vs {want_sd}");
        }
        // Within a person: r = 0.2 before clipping.
        let want = clipped_correlation(spec[0], spec[1], 0.2);
        let r = correlation(&column(who, 0), &column(who, 1));
        let se = (1.0 - want * want) / n.sqrt();
        assert!((r - want).abs() < 4.0 * se, "within-person r of partner {who}: {r} vs {want}");
        assert!(want < 0.2 && want > 0.15, "clipping attenuates the correlation a little: {want}");
    }
    // Between partners: independent (between_r = 0), also across traits.
    for (k, l) in [(0, 0), (1, 1), (0, 1), (1, 0)] {
        let r = correlation(&column(0, k), &column(1, l));
        assert!(r.abs() < 4.0 / n.sqrt(), "between partners, traits {k} and {l}: r {r}");
    }
}

#[test]
fn correlated_partners_and_uniform_traits_follow_their_specification() {
    let text = r#"
name = "assortative"
replicates = 20000
steps = 10
[partner.a]
[partner.b]
[population]
anxiety = { mean = 0.4, sd = 0.15 }
avoidance = { mean = 0.4, sd = 0.15 }
within_r = 0.3
between_r = 0.5
[population.b]
avoidance = { min = 0.2, max = 0.6 }
[outcome]
horizon_window = 10
"#;
    let sc = scenario::load_str(text, "assortative.toml", "assortative", &[]).unwrap();
    let result = engine::run_scenario(&sc, &|_| {});
    let n = result.runs.len() as f64;
    let column =
        |who: usize, k: usize| -> Vec<f64> { result.runs.iter().map(|r| r.traits[who][k]).collect() };
    // Normal traits away from the clipping edges: Pearson r is the given one.
    let r = correlation(&column(0, 0), &column(1, 0));
    assert!((r - 0.5).abs() < 4.0 * 0.75 / n.sqrt(), "between-partner anxiety r {r}");
    let r = correlation(&column(0, 0), &column(0, 1));
    assert!((r - 0.3).abs() < 4.0 * 0.91 / n.sqrt(), "within-person r {r}");
    // The uniform trait: mean 0.4, sd 0.4 / sqrt(12), all values inside the range.
    let b_avo = column(1, 1);
    assert!(b_avo.iter().all(|v| (0.2..=0.6).contains(v)));
    let (mean, sd) = sample_stats(&b_avo);
    let want_sd = 0.4 / 12f64.sqrt();
    assert!((mean - 0.4).abs() < 4.0 * want_sd / n.sqrt(), "uniform mean {mean}");
    assert!((sd - want_sd).abs() < 0.004, "uniform sd {sd}");
    // A Gaussian copula: the uniform trait's Pearson r with the partner's avoidance is
    // (6 / pi) asin(r / 2) x sqrt(3 / pi) for a normal-uniform pair; here only its sign and
    // size are checked.
    let r = correlation(&column(0, 1), &b_avo);
    assert!((0.4..0.5).contains(&r), "avoidance between partners through the copula: {r}");
}

// 2. Reproducible draws: a population leaves the simulation alone ---------------------------

/// anxious-avoidant with each trait drawn from a single point (uniform with min = max).
fn point_mass_population() -> String {
    let text = builtin::text("anxious-avoidant").unwrap();
    let mut out = String::new();
    for line in text.lines() {
        if line.starts_with("anxiety =") || line.starts_with("avoidance =") {
            continue;
        }
        out.push_str(line);
        out.push('\n');
    }
    out.push_str(
        "\n[population.a]\nanxiety = { min = 0.85, max = 0.85 }\navoidance = { min = 0.15, max = 0.15 }\n\
         [population.b]\nanxiety = { min = 0.15, max = 0.15 }\navoidance = { min = 0.85, max = 0.85 }\n",
    );
    out
}

#[test]
fn a_point_mass_population_runs_exactly_like_the_fixed_couple() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("point.toml");
    std::fs::write(&file, point_mass_population()).unwrap();
    let fixed = tmp.path().join("fixed");
    let drawn = tmp.path().join("drawn");
    dyad().args(["run", "anxious-avoidant", "--no-plots", "-q", "--out"]).arg(&fixed).assert().success();
    dyad().arg("run").arg(&file).args(["--no-plots", "-q", "--out"]).arg(&drawn).assert().success();
    for name in ["runs.csv", "trajectory.csv", "survival.csv"] {
        let a = std::fs::read(fixed.join(name)).unwrap();
        let b = std::fs::read(drawn.join(name)).unwrap();
        assert!(a == b, "{name} differs between the fixed couple and its point-mass population");
    }
}

#[test]
fn population_outputs_do_not_depend_on_the_thread_count() {
    let tmp = tempfile::tempdir().unwrap();
    let run = |threads: &str, out: &str| {
        dyad()
            .args([
                "--threads",
                threads,
                "run",
                "community",
                "-n",
                "600",
                "--steps",
                "200",
                "--no-plots",
                "-q",
            ])
            .arg("--out")
            .arg(tmp.path().join(out))
            .assert()
            .success();
    };
    run("1", "t1");
    run("2", "t2");
    for name in ["runs.csv", "survival.csv", "trajectory.csv"] {
        let a = std::fs::read(tmp.path().join("t1").join(name)).unwrap();
        let b = std::fs::read(tmp.path().join("t2").join(name)).unwrap();
        assert!(a == b, "{name} differs between 1 and 2 threads");
    }
}

// 3. Outputs --------------------------------------------------------------------------------

fn csv(path: &Path) -> (Vec<String>, Vec<Vec<String>>) {
    let mut r = csv::Reader::from_path(path).unwrap();
    let header = r.headers().unwrap().iter().map(str::to_string).collect();
    let rows = r.records().map(|x| x.unwrap().iter().map(str::to_string).collect()).collect();
    (header, rows)
}

#[test]
fn kaplan_meier_is_one_minus_the_share_dissolved_when_nothing_is_censored_early() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("km");
    // Under the default model only leaving ends a run: every run either dissolves or reaches
    // the horizon.
    dyad()
        .args(["run", "distressed", "-n", "500", "--steps", "1095", "--no-plots", "-q"])
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    let (h, runs) = csv(&out.join("runs.csv"));
    let (outcome, step) =
        (h.iter().position(|c| c == "outcome").unwrap(), h.iter().position(|c| c == "outcome_step").unwrap());
    let left: Vec<u32> =
        runs.iter().filter(|r| r[outcome] == "dissolved").map(|r| r[step].parse().unwrap()).collect();
    assert!(runs.iter().all(|r| r[outcome] == "dissolved" || r[step].is_empty()), "no other early stop");
    assert!(left.len() > 50, "enough couples leave to test the curve: {}", left.len());
    let (header, rows) = csv(&out.join("survival.csv"));
    assert_eq!(header, ["step", "at_risk", "dissolved", "survival", "ci_low", "ci_high"]);
    assert_eq!(rows.len(), 1096, "one row per step, 0 to 1095");
    for row in &rows {
        let t: u32 = row[0].parse().unwrap();
        let gone = left.iter().filter(|&&s| s <= t).count();
        let at_risk = 500 - left.iter().filter(|&&s| s < t).count();
        let survival: f64 = row[3].parse().unwrap();
        assert!((survival - (1.0 - gone as f64 / 500.0)).abs() < 1e-6, "step {t}");
        assert_eq!(row[1].parse::<usize>().unwrap(), at_risk, "at risk at step {t}");
        assert_eq!(row[2].parse::<usize>().unwrap(), left.iter().filter(|&&s| s == t).count());
        let (lo, hi): (f64, f64) = (row[4].parse().unwrap(), row[5].parse().unwrap());
        assert!(lo <= survival + 1e-9 && survival <= hi + 1e-9, "band holds the estimate at step {t}");
    }
    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("summary.json")).unwrap()).unwrap();
    let last = &summary["survival"]["dissolved_by_last_step"];
    assert!((last["dissolved"].as_f64().unwrap() - left.len() as f64 / 500.0).abs() < 1e-12);
    let years = summary["survival"]["dissolved_by_year"].as_array().unwrap();
    assert_eq!(years.len(), 3, "1095 steps reach years 1, 2 and 3: {years:?}");
    for (k, year) in years.iter().enumerate() {
        let day = 365 * (k + 1);
        let gone = left.iter().filter(|&&s| s as usize <= day).count() as f64 / 500.0;
        assert!((year["dissolved"].as_f64().unwrap() - gone).abs() < 1e-9, "year {}: {year}", k + 1);
    }
}

#[test]
fn population_runs_report_traits_pairings_and_correlations() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("c");
    dyad().args(["run", "community", "-n", "800", "-q"]).arg("--out").arg(&out).assert().success();
    let (h, rows) = csv(&out.join("runs.csv"));
    for c in ["anxiety_a", "avoidance_a", "anxiety_b", "avoidance_b"] {
        let i = h.iter().position(|x| x == c).unwrap_or_else(|| panic!("runs.csv has {c}"));
        assert!(rows.iter().all(|r| (0.0..=1.0).contains(&r[i].parse::<f64>().unwrap())));
        assert!(rows.iter().any(|r| r[i] != rows[0][i]), "{c} varies from couple to couple");
    }
    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("summary.json")).unwrap()).unwrap();
    let cells = summary["population"]["pairings"].as_array().unwrap();
    assert_eq!(cells.len(), 16);
    let total: u64 = cells.iter().map(|c| c["runs"].as_u64().unwrap()).sum();
    assert_eq!(total, 800);
    let correlations = summary["population"]["correlations"].as_array().unwrap();
    assert_eq!(correlations.len(), 4 * Outcome::ALL.len());
    for c in correlations.iter().filter(|c| !c["r"].is_null()) {
        let (r, lo, hi) =
            (c["r"].as_f64().unwrap(), c["ci_low"].as_f64().unwrap(), c["ci_high"].as_f64().unwrap());
        assert!(lo < r && r < hi && (-1.0..=1.0).contains(&lo) && hi <= 1.0, "{c}");
    }
    for f in ["survival.png", "survival.svg", "pairings.png", "pairings.svg"] {
        assert!(out.join(f).exists(), "{f}");
    }
    let page = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(page.contains("Time to dissolution") && page.contains("The population"));
    // A fixed couple gets a survival curve, no population section and no pairing map.
    let fixed = tmp.path().join("f");
    dyad().args(["run", "secure-secure", "-n", "50", "-q"]).arg("--out").arg(&fixed).assert().success();
    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(fixed.join("summary.json")).unwrap()).unwrap();
    assert!(summary["population"].is_null());
    assert!(fixed.join("survival.png").exists() && !fixed.join("pairings.png").exists());
}

// 4. Bad populations --------------------------------------------------------------------------

const BASE: &str = "name = \"p\"\n[partner.a]\n[partner.b]\n[population]\n";

fn invalid(text: &str) -> String {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("pop.toml");
    std::fs::write(&file, text).unwrap();
    let out = dyad().arg("validate").arg(&file).output().unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(2), "{text}\n{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    stderr
}

#[test]
fn bad_populations_are_located_and_explained() {
    let cases: &[(&str, &[&str])] = &[
        (
            "anxiety = { mean = 0.4, sd = -0.1 }\navoidance = { mean = 0.3, sd = 0.1 }\n",
            &["pop.toml:5:", "population.anxiety.sd = -0.1 is out of range", "0 to 1"],
        ),
        (
            "anxiety = { min = 0.9, max = 0.6 }\navoidance = { mean = 0.3, sd = 0.1 }\n",
            &[
                "pop.toml:5:",
                "population.anxiety.min = 0.9 is above population.anxiety.max = 0.6",
                "swap them",
            ],
        ),
        (
            "anxiety = { mean = 0.4, sd = 0.1 }\navoidance = { mean = 0.3, sd = 0.1 }\nwithin_r = 1.5\n",
            &["pop.toml:7:12", "population.within_r = 1.5 is out of range", "-1 to 1"],
        ),
        (
            "anxiety = { mean = 0.4, sd = 0.1 }\navoidance = { mean = 0.3, sd = 0.1 }\nbetween_r = 0.9\n\
             [population.a]\nwithin_r = 0.9\n[population.b]\nwithin_r = -0.9\n",
            &["pop.toml:7:13", "impossible together", "positive semi-definite", "between_r"],
        ),
        (
            "anxiety = { mean = 0.4, std = 0.1 }\navoidance = { mean = 0.3, sd = 0.1 }\n",
            &["pop.toml:5:", "unknown field `std`", "did you mean `sd`"],
        ),
        (
            "anxiety = { mean = 0.4, min = 0.1 }\navoidance = { mean = 0.3, sd = 0.1 }\n",
            &[
                "pop.toml:5:",
                "mixes a normal (mean, sd) and a uniform (min, max)",
                "{ min = ..., max = ... }",
            ],
        ),
        (
            "anxiety = { mean = 0.4 }\navoidance = { mean = 0.3, sd = 0.1 }\n",
            &["pop.toml:5:", "has a mean but no sd", "add `sd`"],
        ),
        (
            "scale = \"ecr\"\nanxiety = { mean = 8.0, sd = 1.1 }\navoidance = { mean = 2.8, sd = 1.1 }\n",
            &["pop.toml:6:", "population.anxiety.mean = 8.0 is out of range", "1 to 7 on the ECR scale"],
        ),
        (
            "anxiety = { mean = 3.3, sd = 1.1 }\navoidance = { mean = 0.3, sd = 0.1 }\n",
            &["population.anxiety.mean = 3.3 is out of range", "add `scale = \"ecr\"` to [population]"],
        ),
        (
            "anxiety = { mean = 0.4, sd = 0.1 }\n",
            &["partner.a.avoidance is missing", "or draw it for each couple from a population"],
        ),
    ];
    for (population, expected) in cases {
        let stderr = invalid(&format!("{BASE}{population}"));
        for e in *expected {
            assert!(stderr.contains(e), "expected `{e}` for\n{population}\ngot:\n{stderr}");
        }
    }
}

#[test]
fn a_trait_fixed_and_drawn_is_an_error_that_names_both() {
    let text = "name = \"p\"\n[partner.a]\nanxiety = 0.8\n[partner.b]\n[population]\n\
                anxiety = { mean = 0.4, sd = 0.1 }\navoidance = { mean = 0.3, sd = 0.1 }\n";
    let stderr = invalid(text);
    assert!(stderr.contains("pop.toml:3:11"), "{stderr}");
    assert!(
        stderr.contains("partner.a.anxiety is fixed, but [population] also draws partner A's anxiety"),
        "{stderr}"
    );
    assert!(stderr.contains("a trait is either fixed or drawn"), "{stderr}");
    // Fixed for A, drawn for B only: fine.
    let ok = "name = \"p\"\n[partner.a]\nanxiety = 0.8\navoidance = 0.2\n[partner.b]\n[population.b]\n\
              anxiety = { mean = 0.4, sd = 0.1 }\navoidance = { mean = 0.3, sd = 0.1 }\n";
    let sc = scenario::load_str(ok, "ok.toml", "ok", &[]).unwrap();
    assert_eq!(sc.partner.a.anxiety, 0.8);
    assert!(sc.drawn(0, 0).is_none() && sc.drawn(1, 0).is_some());
}

#[test]
fn population_keys_are_settable_and_checked_like_the_file() {
    let sc = scenario::load("community", &["population.anxiety.mean=4.5".parse().unwrap()]).unwrap();
    let want = (4.5 - 1.0) / 6.0;
    assert!(
        matches!(sc.drawn(0, 0), Some(scenario::population::Distribution::Normal { mean, .. }) if (mean - want).abs() < 1e-12)
    );
    let out = dyad().args(["validate", "scenarios/community.toml"]).assert().success();
    drop(out);
    let out =
        dyad().args(["run", "community", "--set", "population.within_r=2", "-n", "5"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("--set population.within_r=2") && stderr.contains("-1 to 1"), "{stderr}");
    let out = dyad().args(["run", "community", "--set", "population.anxiety=3", "-n", "5"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("population.anxiety is a table"), "{stderr}");
}
