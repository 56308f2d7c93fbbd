//! What a population of couples shows: outcomes by style pairing, and how strongly each trait
//! predicts each outcome.
//!
//! - **Style pairings.** Each partner is classed by Bartholomew & Horowitz's (1991) four
//!   styles, split at the scale midpoint (0.5 on 0..1, 4 on the ECR's 1..7): secure (low
//!   anxiety, low avoidance), preoccupied (high anxiety), dismissing (high avoidance), fearful
//!   (both high). A population's runs fall into 4 x 4 pairings (A's style, B's style).
//! - **Trait-outcome correlations.** The point-biserial correlation `r` of each trait (anxiety
//!   and avoidance of A and B) with each outcome (1 if the run ended so, else 0): the Pearson
//!   correlation of the two columns. Its 95% interval comes from Fisher's transform,
//!   `tanh(atanh(r) +- 1.959964 / sqrt(n - 3))`. `r` is undefined (`None`) when a trait or an
//!   outcome does not vary.

use super::survival::Z95;
use super::{Outcome, RunSummary};

/// The four attachment styles, in the order of the pairing tables.
pub const STYLES: [&str; 4] = ["secure", "preoccupied", "dismissing", "fearful"];

/// The trait columns of `runs.csv`, in order.
pub const TRAITS: [&str; 4] = ["anxiety_a", "avoidance_a", "anxiety_b", "avoidance_b"];

/// The style of a partner (an index into [`STYLES`]), split at 0.5.
pub fn style(anxiety: f64, avoidance: f64) -> usize {
    usize::from(anxiety >= 0.5) + 2 * usize::from(avoidance >= 0.5)
}

/// The runs of one style pairing and how they ended.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Pairing {
    /// Runs in the pairing.
    pub runs: u64,
    /// Runs with each outcome, in [`Outcome::ALL`] order.
    pub outcomes: [u64; 5],
}

impl Pairing {
    /// The share of the pairing's runs with `outcome` (`None` without runs).
    pub fn share(&self, outcome: Outcome) -> Option<f64> {
        let k = Outcome::ALL.iter().position(|&o| o == outcome)?;
        (self.runs > 0).then(|| self.outcomes[k] as f64 / self.runs as f64)
    }
}

/// Runs by style pairing: `[style of A][style of B]`.
pub fn pairings(runs: &[RunSummary]) -> [[Pairing; 4]; 4] {
    let mut table = [[Pairing::default(); 4]; 4];
    for r in runs {
        let [a, b] = r.traits.map(|[anx, avo]| style(anx, avo));
        let cell = &mut table[a][b];
        cell.runs += 1;
        if let Some(k) = Outcome::ALL.iter().position(|&o| o == r.outcome) {
            cell.outcomes[k] += 1;
        }
    }
    table
}

/// A correlation with its 95% interval.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Correlation {
    /// Pearson (point-biserial) r.
    pub r: f64,
    /// Lower end of the 95% interval.
    pub ci_low: f64,
    /// Upper end of the 95% interval.
    pub ci_high: f64,
    /// Runs it is computed from.
    pub n: usize,
}

/// The Pearson correlation of `x` and `y` with Fisher's 95% interval; `None` when either does
/// not vary or there are fewer than 4 pairs.
pub fn pearson(x: &[f64], y: &[f64]) -> Option<Correlation> {
    let n = x.len().min(y.len());
    if n < 4 {
        return None;
    }
    let mean = |v: &[f64]| v[..n].iter().sum::<f64>() / n as f64;
    let (mx, my) = (mean(x), mean(y));
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for i in 0..n {
        let (dx, dy) = (x[i] - mx, y[i] - my);
        sxy += dx * dy;
        sxx += dx * dx;
        syy += dy * dy;
    }
    if sxx <= 0.0 || syy <= 0.0 {
        return None;
    }
    let r = (sxy / (sxx * syy).sqrt()).clamp(-1.0, 1.0);
    let half = Z95 / ((n - 3) as f64).sqrt();
    let z = r.clamp(-0.999_999_999, 0.999_999_999).atanh();
    Some(Correlation { r, ci_low: (z - half).tanh(), ci_high: (z + half).tanh(), n })
}

/// The correlation of each trait (rows, [`TRAITS`] order) with each outcome (columns,
/// [`Outcome::ALL`] order).
pub fn trait_outcome_correlations(runs: &[RunSummary]) -> Vec<Vec<Option<Correlation>>> {
    (0..4)
        .map(|t| {
            let x: Vec<f64> = runs.iter().map(|r| r.traits[t / 2][t % 2]).collect();
            Outcome::ALL
                .iter()
                .map(|&o| {
                    let y: Vec<f64> = runs.iter().map(|r| f64::from(u8::from(r.outcome == o))).collect();
                    pearson(&x, &y)
                })
                .collect()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn styles_split_at_the_midpoint() {
        assert_eq!(STYLES[style(0.2, 0.2)], "secure");
        assert_eq!(STYLES[style(0.8, 0.2)], "preoccupied");
        assert_eq!(STYLES[style(0.2, 0.8)], "dismissing");
        assert_eq!(STYLES[style(0.5, 0.5)], "fearful");
    }

    #[test]
    fn pearson_matches_a_hand_computed_value() {
        // x = 1..5, y = 0,0,1,0,1: sxy = 2, sxx = 10, syy = 1.2, r = 2 / sqrt(12) = 0.5773503.
        let c = pearson(&[1.0, 2.0, 3.0, 4.0, 5.0], &[0.0, 0.0, 1.0, 0.0, 1.0]).unwrap();
        assert!((c.r - 0.577_350_269_2).abs() < 1e-9);
        let half = Z95 / 2f64.sqrt();
        assert!((c.ci_low - (c.r.atanh() - half).tanh()).abs() < 1e-12);
        assert!(c.ci_low < c.r && c.r < c.ci_high);
        assert!(pearson(&[1.0, 2.0, 3.0, 4.0], &[1.0; 4]).is_none());
    }
}
