//! Populations of couples: a scenario's `[population]` table draws each replicate's traits
//! from a distribution instead of fixing them.
//!
//! Each trait of each partner is either fixed (`[partner.a] anxiety = ...`) or drawn: normal
//! (`{ mean, sd }`, clipped to the scale) or uniform (`{ min, max }`). The four drawn traits
//! `(anxiety_a, avoidance_a, anxiety_b, avoidance_b)` are linked by a Gaussian copula: four
//! standard normal scores `z = L e` with `L L' = R`, where `R` has
//!
//! - `within_r` between a partner's anxiety and avoidance (per partner, `[population.a]` may
//!   override it),
//! - `between_r` between the partners' scores on the same trait,
//! - `between_r (within_a + within_b) / 2` between one partner's anxiety and the other's
//!   avoidance (the value implied when both partners share the within-person correlation),
//!
//! and each score becomes a trait by `mean + sd z` clipped to the scale (normal) or
//! `min + (max - min) Phi(z)` (uniform). For normal traits the correlations are the Pearson
//! correlations before clipping. `R` must be positive semi-definite: an impossible combination
//! is rejected when the scenario is read.
//!
//! **Reproducibility.** A replicate's traits come from their own random stream, seeded by
//! [`trait_seed`] from the replicate's seed, apart from the simulation's stream: adding a
//! population never changes how the simulation itself draws, and a population whose
//! distributions are single points runs exactly like the fixed couple.

use super::raw::{RawDistribution, RawPopulation, RawPopulationPartner, Scale};
use crate::engine::{rng_from_seed, splitmix64};
use crate::error::Diagnostic;
use rand::RngExt;
use rand_distr::StandardNormal;
use serde::Serialize;

/// How one trait of one partner is drawn, on the 0..1 scale.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(tag = "distribution", rename_all = "snake_case")]
pub enum Distribution {
    /// Normal, clipped to 0..1.
    Normal {
        /// Mean.
        mean: f64,
        /// Standard deviation.
        sd: f64,
    },
    /// Uniform on `min..=max`.
    Uniform {
        /// Lowest value.
        min: f64,
        /// Highest value.
        max: f64,
    },
}

impl Distribution {
    /// The trait for a standard normal score `z`.
    pub fn value(&self, z: f64) -> f64 {
        match *self {
            Distribution::Normal { mean, sd } => (mean + sd * z).clamp(0.0, 1.0),
            Distribution::Uniform { min, max } => min + (max - min) * normal_cdf(z),
        }
    }

    /// A typical value, used where one number must stand for the distribution (labels).
    pub fn centre(&self) -> f64 {
        match *self {
            Distribution::Normal { mean, .. } => mean.clamp(0.0, 1.0),
            Distribution::Uniform { min, max } => 0.5 * (min + max),
        }
    }

    /// In words, e.g. `normal(mean 0.38, sd 0.18)` or `uniform(0.60 to 0.95)`.
    pub fn describe(&self) -> String {
        match *self {
            Distribution::Normal { mean, sd } => format!("normal(mean {mean:.2}, sd {sd:.2})"),
            Distribution::Uniform { min, max } => format!("uniform({min:.2} to {max:.2})"),
        }
    }
}

/// The drawn traits of one partner (`None`: fixed in `[partner.x]`).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct PartnerDraws {
    /// Anxiety's distribution.
    pub anxiety: Option<Distribution>,
    /// Avoidance's distribution.
    pub avoidance: Option<Distribution>,
    /// Correlation of this partner's anxiety and avoidance scores.
    pub within_r: f64,
}

/// A validated `[population]`: how each replicate's traits are drawn.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Population {
    /// Partner A's traits.
    pub a: PartnerDraws,
    /// Partner B's traits.
    pub b: PartnerDraws,
    /// Correlation of the partners' scores on the same trait.
    pub between_r: f64,
    /// Lower-triangular factor of the score correlation matrix.
    #[serde(skip)]
    factor: [[f64; 4]; 4],
}

/// The four traits of a couple, `[[anxiety, avoidance] of A, [anxiety, avoidance] of B]`.
pub type Traits = [[f64; 2]; 2];

/// The seed of a replicate's trait stream, from the replicate's simulation seed.
pub fn trait_seed(replicate_seed: u64) -> u64 {
    // A fixed odd constant ("traits") keeps the stream apart from the simulation's.
    splitmix64(replicate_seed ^ 0x7472_6169_7473_0001)
}

impl Population {
    /// Which traits are drawn, in the order anxiety A, avoidance A, anxiety B, avoidance B.
    pub fn distributions(&self) -> [Option<Distribution>; 4] {
        [self.a.anxiety, self.a.avoidance, self.b.anxiety, self.b.avoidance]
    }

    /// The partners' draws, A first.
    pub fn partners(&self) -> [&PartnerDraws; 2] {
        [&self.a, &self.b]
    }

    /// Draws the traits of the replicate whose simulation seed is `replicate_seed`; fixed
    /// traits are taken from `fixed`.
    pub fn draw(&self, replicate_seed: u64, fixed: Traits) -> Traits {
        let mut rng = rng_from_seed(trait_seed(replicate_seed));
        // Always four draws, so a trait's value does not depend on which others are drawn.
        let e: [f64; 4] = std::array::from_fn(|_| rng.sample(StandardNormal));
        let dists = self.distributions();
        let mut out = fixed;
        for i in 0..4 {
            if let Some(d) = dists[i] {
                let z: f64 = (0..=i).map(|j| self.factor[i][j] * e[j]).sum();
                out[i / 2][i % 2] = d.value(z);
            }
        }
        out
    }
}

/// The correlation matrix of the scores, with the rows and columns of fixed traits set to the
/// identity (they take no part).
fn correlations(a: &PartnerDraws, b: &PartnerDraws, between_r: f64) -> [[f64; 4]; 4] {
    let cross = between_r * 0.5 * (a.within_r + b.within_r);
    let mut r = [
        [1.0, a.within_r, between_r, cross],
        [a.within_r, 1.0, cross, between_r],
        [between_r, cross, 1.0, b.within_r],
        [cross, between_r, b.within_r, 1.0],
    ];
    let drawn = [a.anxiety, a.avoidance, b.anxiety, b.avoidance].map(|d| d.is_some());
    for i in 0..4 {
        for j in 0..4 {
            if i != j && !(drawn[i] && drawn[j]) {
                r[i][j] = 0.0;
            }
        }
    }
    r
}

/// The Cholesky factor `L` of a positive semi-definite matrix (`L L' = m`), or `None` when `m`
/// is not positive semi-definite. A zero pivot (a correlation of exactly +-1) is allowed.
pub fn cholesky(m: &[[f64; 4]; 4]) -> Option<[[f64; 4]; 4]> {
    const TOL: f64 = 1e-9;
    let mut l = [[0.0; 4]; 4];
    for j in 0..4 {
        let d = m[j][j] - (0..j).map(|k| l[j][k] * l[j][k]).sum::<f64>();
        if d < -TOL {
            return None;
        }
        let pivot = d.max(0.0).sqrt();
        l[j][j] = pivot;
        for i in j + 1..4 {
            let s = m[i][j] - (0..j).map(|k| l[i][k] * l[j][k]).sum::<f64>();
            if pivot <= TOL {
                if s.abs() > 1e-6 {
                    return None;
                }
                l[i][j] = 0.0;
            } else {
                l[i][j] = s / pivot;
            }
        }
    }
    Some(l)
}

/// The standard normal distribution function, by the complementary error function
/// (W. J. Cody's rational Chebyshev approximation as in Numerical Recipes `erfcc`, relative error
/// below 1.2e-7).
pub fn normal_cdf(z: f64) -> f64 {
    let x = -z / std::f64::consts::SQRT_2;
    let t = 1.0 / (1.0 + 0.5 * x.abs());
    let poly = -x * x - 1.265_512_23
        + t * (1.000_023_68
            + t * (0.374_091_96
                + t * (0.096_784_18
                    + t * (-0.186_288_06
                        + t * (0.278_868_07
                            + t * (-1.135_203_98
                                + t * (1.488_515_87 + t * (-0.822_152_23 + t * 0.170_872_77))))))));
    let erfc = t * poly.exp();
    let erfc = if x >= 0.0 { erfc } else { 2.0 - erfc };
    0.5 * erfc
}

/// Which traits the `[partner.x]` tables fix, `[[anxiety, avoidance] of A, ... of B]`, for the
/// check that a trait is not both fixed and drawn.
pub type Fixed = [[bool; 2]; 2];

/// Validates `[population]`, reporting every problem. `fixed` says which traits `[partner.a]`
/// and `[partner.b]` give; a trait may be fixed or drawn, not both.
pub(crate) fn build(
    raw: &RawPopulation,
    fixed: Fixed,
    problems: &mut Vec<Diagnostic>,
    locate: &dyn Fn(&str) -> Diagnostic,
) -> Option<Population> {
    let before = problems.len();
    let mut partner = |key: &str, own: Option<&RawPopulationPartner>, fixed: [bool; 2]| -> PartnerDraws {
        // A partner's own `scale` applies to its own distributions; shared ones keep the
        // population's.
        let shared_scale = raw.scale.unwrap_or_default();
        let own_scale = own.and_then(|p| p.scale).unwrap_or(shared_scale);
        let within_r = own.and_then(|p| p.within_r).or(raw.within_r).unwrap_or(0.0);
        let mut dist = |name: &str,
                        k: usize,
                        shared: &Option<RawDistribution>,
                        own: Option<&RawDistribution>| {
            let (path, raw_dist, scale) = match own {
                Some(d) => (format!("population.{key}.{name}"), Some(d), own_scale),
                None => (format!("population.{name}"), shared.as_ref(), shared_scale),
            };
            let raw_dist = raw_dist?;
            if fixed[k] {
                let mut d = locate(&format!("partner.{key}.{name}"));
                d.message = format!(
                    "partner.{key}.{name} is fixed, but [population] also draws partner {}'s {name} (from {path})",
                    key.to_uppercase()
                );
                d.help.push(format!(
                    "a trait is either fixed or drawn: remove `{name}` from [partner.{key}] to draw it, \
                     or give the population's {name} only for the other partner ([population.{}])",
                    if key == "a" { "b" } else { "a" }
                ));
                problems.push(d);
                return None;
            }
            distribution(raw_dist, &path, scale, problems, locate)
        };
        PartnerDraws {
            anxiety: dist("anxiety", 0, &raw.anxiety, own.and_then(|p| p.anxiety.as_ref())),
            avoidance: dist("avoidance", 1, &raw.avoidance, own.and_then(|p| p.avoidance.as_ref())),
            within_r,
        }
    };
    let a = partner("a", raw.a.as_ref(), fixed[0]);
    let b = partner("b", raw.b.as_ref(), fixed[1]);
    let between_r = raw.between_r.unwrap_or(0.0);
    // Correlations out of -1..1 are reported by the range check.
    let valid = |r: f64| (-1.0..=1.0).contains(&r);
    if problems.len() > before || !valid(a.within_r) || !valid(b.within_r) || !valid(between_r) {
        return None;
    }
    let r = correlations(&a, &b, between_r);
    let Some(factor) = cholesky(&r) else {
        let within = [("a", &raw.a), ("b", &raw.b)]
            .iter()
            .find(|(_, p)| p.as_ref().is_some_and(|p| p.within_r.is_some()))
            .map_or("population.within_r".to_string(), |(k, _)| format!("population.{k}.within_r"));
        let path = if raw.between_r.is_some() { "population.between_r".to_string() } else { within };
        let mut d = locate(&path);
        d.message = format!(
            "the correlations of [population] are impossible together: within_r {} (A) and {} (B) with between_r {}",
            a.within_r, b.within_r, between_r
        );
        d.help.push(
            "no population of couples has these correlations at once (the correlation matrix of \
             the four traits is not positive semi-definite)"
                .into(),
        );
        d.help.push(
            "make the partners' within_r closer to each other or lower the size of between_r; \
             e.g. within_r = 0.2 with between_r = 0.0 always works"
                .into(),
        );
        problems.push(d);
        return None;
    };
    Some(Population { a, b, between_r, factor })
}

/// Validates one distribution table (`{ mean, sd }` or `{ min, max }`) on `scale`, and
/// converts it to the 0..1 scale.
fn distribution(
    raw: &RawDistribution,
    path: &str,
    scale: Scale,
    problems: &mut Vec<Diagnostic>,
    locate: &dyn Fn(&str) -> Diagnostic,
) -> Option<Distribution> {
    let to_unit = |v: f64| if scale == Scale::Ecr { (v - 1.0) / 6.0 } else { v };
    let sd_to_unit = |v: f64| if scale == Scale::Ecr { v / 6.0 } else { v };
    let normal = raw.mean.is_some() || raw.sd.is_some();
    let uniform = raw.min.is_some() || raw.max.is_some();
    let mut fail = |at: &str, message: String, help: String| {
        let mut d = locate(at);
        d.message = message;
        d.help.push(help);
        problems.push(d);
        None
    };
    let forms = "write `{ mean = ..., sd = ... }` for a normal distribution or `{ min = ..., max = ... }` \
                 for a uniform one";
    match (raw.mean, raw.sd, raw.min, raw.max) {
        _ if normal && uniform => fail(
            path,
            format!("{path} mixes a normal (mean, sd) and a uniform (min, max) distribution"),
            forms.into(),
        ),
        (Some(mean), Some(sd), None, None) => {
            Some(Distribution::Normal { mean: to_unit(mean), sd: sd_to_unit(sd) })
        }
        (Some(_), None, None, None) => fail(
            path,
            format!("{path} has a mean but no sd"),
            format!("add `sd`, e.g. {path} = {{ mean = ..., sd = 0.15 }}"),
        ),
        (None, Some(_), None, None) => fail(
            path,
            format!("{path} has an sd but no mean"),
            format!("add `mean`, e.g. {path} = {{ mean = 0.4, sd = ... }}"),
        ),
        (None, None, Some(min), Some(max)) if min > max => fail(
            &format!("{path}.min"),
            format!("{path}.min = {min} is above {path}.max = {max}"),
            "swap them: min must not exceed max".into(),
        ),
        (None, None, Some(min), Some(max)) => {
            Some(Distribution::Uniform { min: to_unit(min), max: to_unit(max) })
        }
        (None, None, Some(_), None) | (None, None, None, Some(_)) => {
            fail(path, format!("{path} needs both min and max for a uniform distribution"), forms.into())
        }
        _ => fail(path, format!("{path} gives no distribution"), forms.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draws(anx: Option<Distribution>, avo: Option<Distribution>, within_r: f64) -> PartnerDraws {
        PartnerDraws { anxiety: anx, avoidance: avo, within_r }
    }

    #[test]
    fn normal_cdf_matches_known_values() {
        for (z, p) in [(0.0, 0.5), (1.959_963_985, 0.975), (-1.0, 0.158_655_254), (3.0, 0.998_650_102)] {
            assert!((normal_cdf(z) - p).abs() < 2e-7, "{z}: {}", normal_cdf(z));
        }
    }

    #[test]
    fn cholesky_reproduces_the_matrix_and_rejects_impossible_ones() {
        let n = Some(Distribution::Normal { mean: 0.5, sd: 0.1 });
        let r = correlations(&draws(n, n, 0.3), &draws(n, n, 0.2), 0.4);
        let l = cholesky(&r).unwrap();
        for i in 0..4 {
            for j in 0..4 {
                let v: f64 = (0..4).map(|k| l[i][k] * l[j][k]).sum();
                assert!((v - r[i][j]).abs() < 1e-12);
            }
        }
        let r = correlations(&draws(n, n, 0.9), &draws(n, n, -0.9), 0.9);
        assert!(cholesky(&r).is_none());
        // Perfect correlations are possible (identical partners).
        let r = correlations(&draws(n, n, 0.2), &draws(n, n, 0.2), 1.0);
        assert!(cholesky(&r).is_some());
    }

    #[test]
    fn fixed_traits_take_no_part_in_the_correlations() {
        let n = Some(Distribution::Normal { mean: 0.5, sd: 0.1 });
        // Impossible with all four drawn, fine when B is fixed.
        let r = correlations(&draws(n, n, 0.9), &draws(None, None, -0.9), 0.9);
        assert!(cholesky(&r).is_some());
    }

    #[test]
    fn uniform_draws_stay_in_their_range() {
        let d = Distribution::Uniform { min: 0.6, max: 0.95 };
        for z in [-40.0, -3.0, 0.0, 2.0, 40.0] {
            assert!((0.6..=0.95).contains(&d.value(z)));
        }
    }
}
