//! Sensitivity designs and estimators: which of `k` factors drive a model output, and by how much.
//!
//! Everything here is a pure function in the unit cube `[0, 1]^k`: the caller maps each
//! coordinate to its parameter's range, runs the model on every row, and hands the outputs back
//! in the same order.
//!
//! - **Sobol' indices** (Saltelli et al. 2010, without second-order terms): [`saltelli`] gives
//!   the design, `n * (k + 2)` rows from a quasi-random Sobol' sequence ([`sobol_sequence`],
//!   Joe & Kuo 2008 direction numbers); [`sobol_indices`] gives the first-order (`S_i`) and
//!   total-order (`ST_i`) indices with bootstrap intervals, and [`sobol_convergence`] the same
//!   for growing prefixes of the base sample.
//! - **Morris elementary effects** (Morris 1991; `mu*` of Campolongo, Cariboni & Saltelli 2007):
//!   [`morris`] gives `r` one-at-a-time trajectories on a `p`-level grid, [`morris_indices`] the
//!   mean `mu`, mean absolute `mu*` (with a bootstrap interval) and standard deviation `sigma`
//!   of each factor's elementary effects.
//!
//! **Agreement with SALib.** The designs and estimators follow SALib 1.6.0 (Herman & Usher 2017)
//! so that dyad can be checked against it: [`saltelli`] returns, bit for bit, the rows of
//! `SALib.sample.saltelli.sample(problem, n, calc_second_order=False)` in the unit cube (same
//! unscrambled Sobol' sequence, same skip, same row order); [`FirstOrder::Saltelli2010`] with the
//! (always Jansen) total order is what `SALib.analyze.sobol.analyze` computes; [`morris_indices`]
//! computes what `SALib.analyze.morris.analyze` does. `tests/fixtures/salib/` holds SALib's own
//! numbers and the script that made them. Intervals differ from SALib's only by their random
//! resamples (SALib draws them with numpy).
//!
//! **Seeding.** Resample `b` of a bootstrap draws from
//! `rng_from_seed(derive_seed(seed, b, BOOTSTRAP_STREAM))` and Morris trajectory `t` from
//! `rng_from_seed(derive_seed(seed, t, MORRIS_STREAM))` (see [`crate::engine`]), so every result
//! is a pure function of its inputs and seed.
//!
//! **Errors.** Inputs that the caller controls (sizes, factor counts, levels) are checked with
//! panics that say what is wrong; each function's `# Panics` section lists them.

use crate::engine::{derive_seed, rng_from_seed};
use rand::RngExt;
use serde::Serialize;

pub use super::design::{
    MAX_SOBOL_DIMENSIONS, morris, saltelli, saltelli_skip, saltelli_with_skip, sobol_sequence,
};

/// The most factors a Saltelli design can have: its Sobol' sequence has `2 k` dimensions and
/// dyad embeds the direction numbers of the first `2 * MAX_FACTORS`.
pub const MAX_FACTORS: usize = 64;

/// The `replicate` slot of [`derive_seed`] for bootstrap resamples.
pub const BOOTSTRAP_STREAM: u64 = 0x5EED_B007;

/// The `replicate` slot of [`derive_seed`] for Morris trajectories.
pub const MORRIS_STREAM: u64 = 0x5EED_0405;

// ---------------------------------------------------------------------------------------------
// Intervals and the bootstrap
// ---------------------------------------------------------------------------------------------

/// How to bootstrap an estimate (Efron & Tibshirani 1993): resample the base rows (Sobol') or
/// trajectories (Morris) with replacement, `resamples` times, and recompute.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bootstrap {
    /// Number of resamples; fewer than 2 gives no interval (NaN bounds).
    pub resamples: usize,
    /// Confidence level of the intervals, in (0, 1).
    pub level: f64,
    /// Master seed of the resamples.
    pub seed: u64,
}

impl Default for Bootstrap {
    /// 1000 resamples, 95 % intervals, seed 0.
    fn default() -> Self {
        Bootstrap { resamples: 1000, level: 0.95, seed: 0 }
    }
}

/// An estimate with its bootstrap interval.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Interval {
    /// The estimate on the whole sample.
    pub value: f64,
    /// Lower bound: the `(1 - level) / 2` quantile of the bootstrap estimates (percentile
    /// interval; quantiles interpolated linearly, numpy's default).
    pub ci_low: f64,
    /// Upper bound: the `(1 + level) / 2` quantile of the bootstrap estimates.
    pub ci_high: f64,
    /// What SALib reports as `S1_conf`, `ST_conf` or `mu_star_conf`: `z * sd` of the bootstrap
    /// estimates (sample standard deviation, `z` the standard normal `(1 + level) / 2`
    /// quantile), the half-width of a normal interval `value ± conf`.
    pub conf: f64,
}

impl Interval {
    /// The estimate `value` and the interval of its bootstrap `estimates` (reordered in place).
    fn from_bootstrap(value: f64, estimates: &mut [f64], level: f64) -> Self {
        if estimates.len() < 2 {
            return Interval { value, ci_low: f64::NAN, ci_high: f64::NAN, conf: f64::NAN };
        }
        let count = estimates.len() as f64;
        let mean = estimates.iter().sum::<f64>() / count;
        let sd = (estimates.iter().map(|e| (e - mean).powi(2)).sum::<f64>() / (count - 1.0)).sqrt();
        estimates.sort_by(f64::total_cmp);
        let tail = (1.0 - level) / 2.0;
        Interval {
            value,
            ci_low: quantile(estimates, tail),
            ci_high: quantile(estimates, 1.0 - tail),
            conf: standard_normal_quantile(0.5 + level / 2.0) * sd,
        }
    }
}

/// The `p` quantile of sorted values, interpolating linearly between order statistics
/// (Hyndman & Fan 1996 type 7, numpy's default).
fn quantile(sorted: &[f64], p: f64) -> f64 {
    let h = (sorted.len() - 1) as f64 * p;
    let below = h.floor() as usize;
    let above = (below + 1).min(sorted.len() - 1);
    sorted[below] + (h - below as f64) * (sorted[above] - sorted[below])
}

/// The `p` quantile of the standard normal distribution, by Wichura's (1988) algorithm AS 241
/// (`PPND16`, relative error about 1e-16).
///
/// # Panics
/// If `p` is not in (0, 1).
#[allow(clippy::excessive_precision, reason = "the coefficients as Wichura published them")]
pub fn standard_normal_quantile(p: f64) -> f64 {
    assert!(p > 0.0 && p < 1.0, "a normal quantile needs 0 < p < 1, not {p}");
    fn poly(c: &[f64; 8], r: f64) -> f64 {
        c.iter().rev().fold(0.0, |acc, &ci| acc * r + ci)
    }
    const A: [f64; 8] = [
        3.387_132_872_796_366_608,
        1.331_416_678_917_843_774_5e2,
        1.971_590_950_306_551_442_7e3,
        1.373_169_376_550_946_112_5e4,
        4.592_195_393_154_987_145_7e4,
        6.726_577_092_700_870_085_3e4,
        3.343_057_558_358_812_810_5e4,
        2.509_080_928_730_122_672_7e3,
    ];
    const B: [f64; 8] = [
        1.0,
        4.231_333_070_160_091_125_2e1,
        6.871_870_074_920_579_083e2,
        5.394_196_021_424_751_107_7e3,
        2.121_379_430_158_659_586_7e4,
        3.930_789_580_009_271_061e4,
        2.872_908_573_572_194_267_4e4,
        5.226_495_278_852_854_561e3,
    ];
    const C: [f64; 8] = [
        1.423_437_110_749_683_577_34,
        4.630_337_846_156_545_295_9,
        5.769_497_221_460_691_405_5,
        3.647_848_324_763_204_605_04,
        1.270_458_252_452_368_382_58,
        2.417_807_251_774_506_117_7e-1,
        2.272_384_498_926_918_458_33e-2,
        7.745_450_142_783_414_076_4e-4,
    ];
    const D: [f64; 8] = [
        1.0,
        2.053_191_626_637_758_821_87,
        1.676_384_830_183_803_849_4,
        6.897_673_349_851_000_045_5e-1,
        1.481_039_764_274_800_745_9e-1,
        1.519_866_656_361_645_719_66e-2,
        5.475_938_084_995_344_946e-4,
        1.050_750_071_644_416_843_24e-9,
    ];
    const E: [f64; 8] = [
        6.657_904_643_501_103_777_2,
        5.463_784_911_164_114_369_9,
        1.784_826_539_917_291_335_8,
        2.965_605_718_285_048_912_3e-1,
        2.653_218_952_657_612_309_3e-2,
        1.242_660_947_388_078_438_6e-3,
        2.711_555_568_743_487_578_15e-5,
        2.010_334_399_292_288_132_65e-7,
    ];
    const F: [f64; 8] = [
        1.0,
        5.998_322_065_558_879_376_9e-1,
        1.369_298_809_227_358_053_1e-1,
        1.487_536_129_085_061_485_25e-2,
        7.868_691_311_456_132_591e-4,
        1.846_318_317_510_054_681_8e-5,
        1.421_511_758_316_445_888_7e-7,
        2.044_263_103_389_939_785_64e-15,
    ];
    let q = p - 0.5;
    if q.abs() <= 0.425 {
        let r = 0.180_625 - q * q;
        return q * poly(&A, r) / poly(&B, r);
    }
    let r = (-(if q < 0.0 { p } else { 1.0 - p }).ln()).sqrt();
    let z = if r <= 5.0 {
        let r = r - 1.6;
        poly(&C, r) / poly(&D, r)
    } else {
        let r = r - 5.0;
        poly(&E, r) / poly(&F, r)
    };
    if q < 0.0 { -z } else { z }
}

/// The base rows of bootstrap resample `b`: `n` draws with replacement from `0..n`.
fn resample_rows(n: usize, seed: u64, b: usize) -> Vec<usize> {
    let mut rng = rng_from_seed(derive_seed(seed, b as u64, BOOTSTRAP_STREAM));
    (0..n).map(|_| rng.random_range(0..n)).collect()
}

/// Checks a bootstrap's level.
fn check_level(bootstrap: &Bootstrap) {
    let level = bootstrap.level;
    assert!(level > 0.0 && level < 1.0, "a bootstrap confidence level must be in (0, 1), not {level}");
}

// ---------------------------------------------------------------------------------------------
// Sobol' indices
// ---------------------------------------------------------------------------------------------

/// Which estimator of the first-order index `S_i = V_i / V` (notation of Saltelli et al. 2010,
/// table 2, with `N` base rows).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub enum FirstOrder {
    /// Jansen (1999): `V_i = V - 1/(2N) sum_j (f(B)_j - f(A_B^i)_j)^2`. Invariant under a
    /// shift of the output.
    #[default]
    Jansen,
    /// Saltelli et al. (2010), eq. (b) of table 2: `V_i = 1/N sum_j f(B)_j (f(A_B^i)_j -
    /// f(A)_j)`, with the outputs first centred on their mean (as SALib does); this is what
    /// `SALib.analyze.sobol.analyze` reports as `S1`.
    Saltelli2010,
}

/// First- and total-order Sobol' indices of each factor, from one Saltelli design.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SobolIndices {
    /// First-order index `S_i` of each factor: the share of the output variance that factor `i`
    /// explains alone.
    pub first: Vec<Interval>,
    /// Total-order index `ST_i` of each factor: its share including all its interactions, by
    /// Jansen's (1999) estimator `1/(2N) sum_j (f(A)_j - f(A_B^i)_j)^2 / V` (Saltelli et al.
    /// 2010, table 2, eq. (f)), which is also SALib's `ST`.
    pub total: Vec<Interval>,
    /// The output variance `V`: the variance (divisor `2N`) of the `2N` outputs on `A` and `B`,
    /// as SALib computes it.
    pub variance: f64,
    /// `N`, the number of base rows the indices come from.
    pub base_rows: usize,
}

/// The outputs of a Saltelli design, centred on their mean, as `f(A)_j`, `f(B)_j` and, for each
/// base row `j`, the terms the estimators sum: the first-order term of each factor, then
/// `(f(A)_j - f(A_B^i)_j)^2` of each factor.
struct SaltelliOutputs {
    first_order: FirstOrder,
    k: usize,
    a: Vec<f64>,
    b: Vec<f64>,
    terms: Vec<f64>,
}

impl SaltelliOutputs {
    fn new(y: &[f64], k: usize, first_order: FirstOrder) -> Self {
        let mean = y.iter().sum::<f64>() / y.len() as f64;
        let n = y.len() / (k + 2);
        let (mut a, mut b, mut terms) =
            (Vec::with_capacity(n), Vec::with_capacity(n), Vec::with_capacity(2 * k * n));
        for row in y.chunks_exact(k + 2) {
            let [fa, fb] = [row[0] - mean, row[k + 1] - mean];
            let fab = row[1..=k].iter().map(|v| v - mean);
            terms.extend(fab.clone().map(|fab| match first_order {
                FirstOrder::Jansen => (fb - fab).powi(2),
                FirstOrder::Saltelli2010 => fb * (fab - fa),
            }));
            terms.extend(fab.map(|fab| (fa - fab).powi(2)));
            a.push(fa);
            b.push(fb);
        }
        SaltelliOutputs { first_order, k, a, b, terms }
    }

    /// First- and total-order indices and the variance on the base rows `rows` (a resample may
    /// repeat rows). If the outputs on `A` and `B` are all equal the indices are 0, as in SALib.
    fn estimate(&self, rows: &[usize]) -> (Vec<f64>, Vec<f64>, f64) {
        let k = self.k;
        let n = rows.len() as f64;
        let (mut lowest, mut highest, mut sum) = (f64::INFINITY, f64::NEG_INFINITY, 0.0);
        for &j in rows {
            let (a, b) = (self.a[j], self.b[j]);
            lowest = lowest.min(a).min(b);
            highest = highest.max(a).max(b);
            sum += a + b;
        }
        let mean = sum / (2.0 * n);
        let variance =
            rows.iter().map(|&j| (self.a[j] - mean).powi(2) + (self.b[j] - mean).powi(2)).sum::<f64>()
                / (2.0 * n);
        if highest == lowest {
            return (vec![0.0; k], vec![0.0; k], variance);
        }
        let mut sums = vec![0.0; 2 * k];
        for &j in rows {
            for (s, t) in sums.iter_mut().zip(&self.terms[2 * k * j..2 * k * (j + 1)]) {
                *s += t;
            }
        }
        let first = sums[..k]
            .iter()
            .map(|s| match self.first_order {
                FirstOrder::Jansen => (variance - s / (2.0 * n)) / variance,
                FirstOrder::Saltelli2010 => s / n / variance,
            })
            .collect();
        let total = sums[k..].iter().map(|s| s / (2.0 * n) / variance).collect();
        (first, total, variance)
    }

    /// Indices on all base rows, with intervals from the bootstrap resamples `resamples`.
    fn indices(&self, resamples: &[Vec<usize>], level: f64) -> SobolIndices {
        let n = self.a.len();
        let all: Vec<usize> = (0..n).collect();
        let (first, total, variance) = self.estimate(&all);
        let mut first_boot = vec![Vec::with_capacity(resamples.len()); self.k];
        let mut total_boot = vec![Vec::with_capacity(resamples.len()); self.k];
        for rows in resamples {
            let (f, t, _) = self.estimate(rows);
            for i in 0..self.k {
                first_boot[i].push(f[i]);
                total_boot[i].push(t[i]);
            }
        }
        SobolIndices {
            first: first
                .iter()
                .zip(&mut first_boot)
                .map(|(&v, e)| Interval::from_bootstrap(v, e, level))
                .collect(),
            total: total
                .iter()
                .zip(&mut total_boot)
                .map(|(&v, e)| Interval::from_bootstrap(v, e, level))
                .collect(),
            variance,
            base_rows: n,
        }
    }
}

/// Checks that `y` holds the outputs of a Saltelli design for `k` factors.
fn check_saltelli_outputs(y: &[f64], k: usize) {
    assert!(k >= 1, "Sobol' indices need at least one factor");
    assert!(
        !y.is_empty() && y.len().is_multiple_of(k + 2),
        "{} outputs are not a Saltelli design for {k} factors: that has N * {} rows, N >= 1",
        y.len(),
        k + 2
    );
}

/// First- and total-order Sobol' indices (Sobol' 1993; Saltelli et al. 2010) of `k` factors from
/// the outputs `y` of a Saltelli design, in [`saltelli`]'s row order (`N * (k + 2)` values),
/// with bootstrap intervals over the base rows.
///
/// Total order is always Jansen's estimator; `first_order` picks the first-order one
/// ([`FirstOrder::Saltelli2010`] reproduces SALib's `S1`). The outputs are centred on the mean of
/// all `y` once; each resample recomputes the variance on its own rows (as SALib does).
///
/// # Panics
/// If `k` is 0, `y.len()` is not a positive multiple of `k + 2`, or the bootstrap level is not in
/// (0, 1).
pub fn sobol_indices(y: &[f64], k: usize, first_order: FirstOrder, bootstrap: &Bootstrap) -> SobolIndices {
    check_saltelli_outputs(y, k);
    check_level(bootstrap);
    let outputs = SaltelliOutputs::new(y, k, first_order);
    let n = outputs.a.len();
    let resamples: Vec<Vec<usize>> =
        (0..bootstrap.resamples).map(|b| resample_rows(n, bootstrap.seed, b)).collect();
    outputs.indices(&resamples, bootstrap.level)
}

/// Convergence of the Sobol' indices: [`sobol_indices`] on the first `sizes[s]` base rows of the
/// design (the first `sizes[s] * (k + 2)` outputs), for each size. With [`saltelli`]'s design and
/// power-of-two sizes every prefix is itself a balanced Sobol' block.
///
/// # Panics
/// As [`sobol_indices`], and if a size is 0 or more than the base rows in `y`.
pub fn sobol_convergence(
    y: &[f64],
    k: usize,
    sizes: &[usize],
    first_order: FirstOrder,
    bootstrap: &Bootstrap,
) -> Vec<SobolIndices> {
    check_saltelli_outputs(y, k);
    let n = y.len() / (k + 2);
    sizes
        .iter()
        .map(|&size| {
            assert!((1..=n).contains(&size), "a convergence step of {size} base rows: the design has {n}");
            sobol_indices(&y[..size * (k + 2)], k, first_order, bootstrap)
        })
        .collect()
}

/// The base-sample sizes of a convergence study of `n` base rows in `steps` halvings:
/// `n / 2^(steps - 1), .., n / 4, n / 2, n`, smallest first, leaving out sizes below 2 (and
/// repeats when `n` is not a power of two).
pub fn convergence_sizes(n: usize, steps: usize) -> Vec<usize> {
    let mut sizes: Vec<usize> =
        (0..steps).rev().filter_map(|h| n.checked_shr(h as u32)).filter(|&s| s >= 2).collect();
    sizes.dedup();
    sizes
}

// ---------------------------------------------------------------------------------------------
// Morris elementary effects
// ---------------------------------------------------------------------------------------------

/// Morris screening measures of each factor, from its elementary effects over `r` trajectories.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MorrisIndices {
    /// `mu`: the mean elementary effect (Morris 1991).
    pub mu: Vec<f64>,
    /// `mu*`: the mean absolute elementary effect (Campolongo, Cariboni & Saltelli 2007), with a
    /// bootstrap interval over trajectories.
    pub mu_star: Vec<Interval>,
    /// `sigma`: the standard deviation (divisor `r - 1`; NaN for one trajectory) of the
    /// elementary effects, a sign of interactions or non-linearity.
    pub sigma: Vec<f64>,
    /// `mu` with a bootstrap interval over trajectories (the same resamples as `mu_star`).
    pub mu_interval: Vec<Interval>,
    /// `sigma` with a bootstrap interval over trajectories (the same resamples as `mu_star`).
    pub sigma_interval: Vec<Interval>,
    /// `r`, the number of trajectories.
    pub trajectories: usize,
}

/// The elementary effects of a Morris design: for each factor `i` (outer) and trajectory `t`
/// (inner), `(f(x') - f(x)) / (x'_i - x_i)` over the step of trajectory `t` that moves factor `i`
/// from `x` to `x'`. `rows` are unit-cube points trajectory by trajectory (`k + 1` each, each
/// step moving exactly one factor, each factor once), `y` the outputs on them. Dividing by the
/// actual step rather than the nominal `delta` gives SALib's effects on SALib's grid (up to
/// rounding) and takes any step size.
///
/// # Panics
/// If `rows` is empty or ragged, `y` has a different length, the rows do not split into
/// trajectories of `k + 1`, or a trajectory does not move each factor exactly once, one per step.
pub fn morris_elementary_effects(rows: &[Vec<f64>], y: &[f64]) -> Vec<Vec<f64>> {
    assert!(!rows.is_empty(), "a Morris design needs at least one trajectory");
    let k = rows[0].len();
    assert!(
        k >= 1 && rows.iter().all(|r| r.len() == k),
        "Morris rows must all have the same k >= 1 coordinates"
    );
    assert_eq!(rows.len(), y.len(), "a Morris design of {} rows with {} outputs", rows.len(), y.len());
    assert!(
        rows.len().is_multiple_of(k + 1),
        "{} rows are not whole trajectories of {} points for {k} factors",
        rows.len(),
        k + 1
    );
    let trajectories = rows.len() / (k + 1);
    let mut effects = vec![vec![f64::NAN; trajectories]; k];
    for (t, (points, outputs)) in rows.chunks_exact(k + 1).zip(y.chunks_exact(k + 1)).enumerate() {
        let mut moved = vec![false; k];
        for (s, step) in points.windows(2).enumerate() {
            let changed: Vec<usize> = (0..k).filter(|&i| step[1][i] != step[0][i]).collect();
            let &[i] = changed.as_slice() else {
                panic!("step {s} of trajectory {t} moves {} factors: a Morris step moves one", changed.len())
            };
            assert!(!moved[i], "trajectory {t} moves factor {i} twice");
            moved[i] = true;
            effects[i][t] = (outputs[s + 1] - outputs[s]) / (step[1][i] - step[0][i]);
        }
    }
    effects
}

/// `mu`, `mu*` and `sigma` of each factor (Morris 1991; Campolongo, Cariboni & Saltelli 2007)
/// from a Morris design's unit-cube `rows` and outputs `y` (see [`morris_elementary_effects`]),
/// as SALib's `morris.analyze` (unscaled). The `mu*` interval resamples whole trajectories, the
/// same resample for every factor (SALib draws a separate one per factor; each factor's interval
/// has the same distribution either way).
///
/// # Panics
/// As [`morris_elementary_effects`], and if the bootstrap level is not in (0, 1).
pub fn morris_indices(rows: &[Vec<f64>], y: &[f64], bootstrap: &Bootstrap) -> MorrisIndices {
    check_level(bootstrap);
    let effects = morris_elementary_effects(rows, y);
    let r = effects[0].len();
    let resamples: Vec<Vec<usize>> =
        (0..bootstrap.resamples).map(|b| resample_rows(r, bootstrap.seed, b)).collect();
    let mean = |values: &mut dyn Iterator<Item = f64>| values.sum::<f64>() / r as f64;
    let mu: Vec<f64> = effects.iter().map(|e| mean(&mut e.iter().copied())).collect();
    let sigma: Vec<f64> = effects
        .iter()
        .zip(&mu)
        .map(|(e, m)| (e.iter().map(|v| (v - m).powi(2)).sum::<f64>() / (r as f64 - 1.0)).sqrt())
        .map(|s| if r < 2 { f64::NAN } else { s })
        .collect();
    let mu_star = effects
        .iter()
        .map(|e| {
            let value = mean(&mut e.iter().map(|v| v.abs()));
            let mut boot: Vec<f64> =
                resamples.iter().map(|rows| mean(&mut rows.iter().map(|&t| e[t].abs()))).collect();
            Interval::from_bootstrap(value, &mut boot, bootstrap.level)
        })
        .collect();
    // mu and sigma recomputed on the same resamples of trajectories as mu*.
    let sd = |values: &[f64]| {
        let m = values.iter().sum::<f64>() / values.len() as f64;
        let s = (values.iter().map(|v| (v - m).powi(2)).sum::<f64>() / (values.len() as f64 - 1.0)).sqrt();
        if values.len() < 2 { f64::NAN } else { s }
    };
    let (mut mu_interval, mut sigma_interval) = (Vec::new(), Vec::new());
    for (i, e) in effects.iter().enumerate() {
        let picked: Vec<Vec<f64>> =
            resamples.iter().map(|rows| rows.iter().map(|&t| e[t]).collect()).collect();
        let mut boot_mu: Vec<f64> = picked.iter().map(|p| p.iter().sum::<f64>() / r as f64).collect();
        mu_interval.push(Interval::from_bootstrap(mu[i], &mut boot_mu, bootstrap.level));
        let mut boot_sigma: Vec<f64> = picked.iter().map(|p| sd(p)).collect();
        sigma_interval.push(Interval::from_bootstrap(sigma[i], &mut boot_sigma, bootstrap.level));
    }
    MorrisIndices { mu, mu_star, sigma, mu_interval, sigma_interval, trajectories: r }
}

#[cfg(test)]
#[path = "estimate_tests.rs"]
mod tests;
