//! Time to dissolution as a survival curve (Kaplan & Meier 1958), read as R's `survival`
//! package and Python's lifelines read it.
//!
//! Each run is observed from step 0 to its last step. A run that dissolves has an event at the
//! step a partner left; every other run is censored at its last step (the horizon, or an
//! early stop for another reason). At step `t`:
//!
//! - `at_risk` `n_t`: runs still observed at `t` (last step `>= t`; step 0 counts every run);
//! - `dissolved` `d_t`: runs that dissolved at `t`;
//! - `survival` `S(t) = prod_{s <= t} (1 - d_s / n_s)`: the estimated share of couples still
//!   together after step `t`;
//! - a 95% confidence band by the log-log transform (Kalbfleisch & Prentice 2002; lifelines'
//!   and R's `conf.type = "log-log"`) with Greenwood's variance:
//!   `V(t) = sum_{s <= t} d_s / (n_s (n_s - d_s))`, `sigma = sqrt(V) / |ln S|`,
//!   band `[S^exp(z sigma), S^exp(-z sigma)]` with `z = 1.959964`; `[1, 1]` before the first
//!   event and `[0, 0]` once `S = 0`.
//!
//! The median time to dissolution is the first step with `S(t) <= 0.5` (none when the curve
//! stays above); its interval runs from the first step where the band's lower edge reaches 0.5
//! to the first where its upper edge does (Brookmeyer & Crowley 1982, as R prints it).

/// The 97.5% quantile of the standard normal distribution.
pub const Z95: f64 = 1.959_963_984_540_054;

/// The Kaplan-Meier curve of one set of runs, indexed by step `0..=steps`.
#[derive(Debug, Clone, PartialEq)]
pub struct SurvivalCurve {
    /// Runs still observed at each step.
    pub at_risk: Vec<u64>,
    /// Runs that dissolved at each step.
    pub dissolved: Vec<u64>,
    /// Estimated share of couples still together after each step.
    pub survival: Vec<f64>,
    /// Lower edge of the 95% band.
    pub ci_low: Vec<f64>,
    /// Upper edge of the 95% band.
    pub ci_high: Vec<f64>,
}

/// Counts of endings per step, from which the curve is computed: mergeable, so sweeps can
/// sum chunks of replicates.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Endings {
    /// Runs whose last step is each step, and which of them dissolved there.
    last: Vec<(u64, u64)>,
}

impl Endings {
    /// Empty counts for runs of up to `steps` steps.
    pub fn new(steps: u32) -> Self {
        Endings { last: vec![(0, 0); steps as usize + 1] }
    }

    /// Adds a run observed up to `last_step` that dissolved there (`dissolved`) or was censored.
    pub fn add(&mut self, last_step: u32, dissolved: bool) {
        let t = last_step as usize;
        if t >= self.last.len() {
            self.last.resize(t + 1, (0, 0));
        }
        self.last[t].0 += 1;
        self.last[t].1 += u64::from(dissolved);
    }

    /// Adds another set of counts.
    pub fn merge(&mut self, other: &Endings) {
        if other.last.len() > self.last.len() {
            self.last.resize(other.last.len(), (0, 0));
        }
        for (a, b) in self.last.iter_mut().zip(&other.last) {
            a.0 += b.0;
            a.1 += b.1;
        }
    }

    /// The Kaplan-Meier curve.
    pub fn curve(&self) -> SurvivalCurve {
        let len = self.last.len();
        let total: u64 = self.last.iter().map(|e| e.0).sum();
        let mut curve = SurvivalCurve {
            at_risk: Vec::with_capacity(len),
            dissolved: Vec::with_capacity(len),
            survival: Vec::with_capacity(len),
            ci_low: Vec::with_capacity(len),
            ci_high: Vec::with_capacity(len),
        };
        let (mut n, mut s, mut greenwood) = (total, 1.0_f64, 0.0_f64);
        for (t, &(ending, d)) in self.last.iter().enumerate() {
            // Step 0 is the start: every run is at risk and none can have left yet, but a run
            // that ends at step 0 (no steps) leaves the risk set after it.
            let d = if t == 0 { 0 } else { d };
            if d > 0 && n > 0 {
                s *= 1.0 - d as f64 / n as f64;
                greenwood += if n > d { d as f64 / (n as f64 * (n - d) as f64) } else { f64::INFINITY };
            }
            let (lo, hi) = band(s, greenwood);
            curve.at_risk.push(n);
            curve.dissolved.push(d);
            curve.survival.push(s);
            curve.ci_low.push(lo);
            curve.ci_high.push(hi);
            n -= ending;
        }
        curve
    }
}

/// The log-log 95% band around `s` with Greenwood sum `greenwood`.
fn band(s: f64, greenwood: f64) -> (f64, f64) {
    if s >= 1.0 || greenwood == 0.0 {
        return (1.0_f64.min(s), 1.0_f64.min(s));
    }
    if s <= 0.0 || !greenwood.is_finite() {
        return (0.0, 0.0);
    }
    let sigma = greenwood.sqrt() / s.ln().abs();
    (s.powf((Z95 * sigma).exp()), s.powf((-Z95 * sigma).exp()))
}

impl SurvivalCurve {
    /// The number of steps after the start.
    pub fn steps(&self) -> u32 {
        self.survival.len().saturating_sub(1) as u32
    }

    /// The median time to dissolution: the first step with `S <= 0.5`.
    pub fn median(&self) -> Option<u32> {
        first_at_or_below(&self.survival, 0.5)
    }

    /// The 95% interval of the median: (first step where the band's lower edge reaches 0.5,
    /// first where its upper edge does); `None` where it never does.
    pub fn median_interval(&self) -> (Option<u32>, Option<u32>) {
        (first_at_or_below(&self.ci_low, 0.5), first_at_or_below(&self.ci_high, 0.5))
    }

    /// The share dissolved by step `t` (`1 - S(t)`) with its 95% interval, if the curve
    /// reaches `t`.
    pub fn dissolved_by(&self, t: u32) -> Option<(f64, f64, f64)> {
        let i = t as usize;
        (i < self.survival.len())
            .then(|| (1.0 - self.survival[i], 1.0 - self.ci_high[i], 1.0 - self.ci_low[i]))
    }
}

fn first_at_or_below(values: &[f64], level: f64) -> Option<u32> {
    values.iter().position(|&v| v <= level).map(|t| t as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn without_censoring_it_is_one_minus_the_share_dissolved() {
        let mut e = Endings::new(10);
        let ends = [(3, true), (3, true), (5, true), (10, false), (10, false), (7, true)];
        for (t, d) in ends {
            e.add(t, d);
        }
        let c = e.curve();
        for t in 0..=10u32 {
            let gone = ends.iter().filter(|(s, d)| *d && *s <= t).count() as f64;
            assert!((c.survival[t as usize] - (1.0 - gone / 6.0)).abs() < 1e-12, "step {t}");
        }
        assert_eq!(c.at_risk[0], 6);
        assert_eq!(c.at_risk[4], 4);
        assert_eq!(c.median(), Some(5));
    }

    #[test]
    fn censoring_matches_a_hand_computed_example() {
        // Times 2 (event), 3 (censored), 4 (event), 4 (event), 6 (censored), horizon 6.
        // S(2) = 4/5; S(4) = 4/5 * (1 - 2/3) = 4/15; S(6) = 4/15.
        let mut e = Endings::new(6);
        for (t, d) in [(2, true), (3, false), (4, true), (4, true), (6, false)] {
            e.add(t, d);
        }
        let c = e.curve();
        assert_eq!(c.at_risk, vec![5, 5, 5, 4, 3, 1, 1]);
        assert_eq!(c.dissolved, vec![0, 0, 1, 0, 2, 0, 0]);
        let expect = [1.0, 1.0, 0.8, 0.8, 4.0 / 15.0, 4.0 / 15.0, 4.0 / 15.0];
        for (got, want) in c.survival.iter().zip(expect) {
            assert!((got - want).abs() < 1e-12);
        }
        // Greenwood at step 2: 1 / (5 * 4) = 0.05; log-log band as lifelines computes it.
        let sigma = 0.05_f64.sqrt() / 0.8_f64.ln().abs();
        assert!((c.ci_low[2] - 0.8_f64.powf((Z95 * sigma).exp())).abs() < 1e-12);
        assert!((c.ci_high[2] - 0.8_f64.powf((-Z95 * sigma).exp())).abs() < 1e-12);
        assert!(c.ci_low[2] < 0.8 && c.ci_high[2] > 0.8 && c.ci_high[2] < 1.0);
        assert_eq!((c.ci_low[1], c.ci_high[1]), (1.0, 1.0));
        assert_eq!(c.median(), Some(4));
        let (share, lo, hi) = c.dissolved_by(2).unwrap();
        assert!((share - 0.2).abs() < 1e-12 && lo < share && hi > share);
        assert!(c.dissolved_by(7).is_none());
    }

    #[test]
    fn merged_counts_give_the_same_curve() {
        let mut all = Endings::new(5);
        let mut parts = [Endings::new(5), Endings::new(5)];
        for (k, (t, d)) in [(1, true), (5, false), (2, true), (5, false), (3, false)].into_iter().enumerate()
        {
            all.add(t, d);
            parts[k % 2].add(t, d);
        }
        let [mut a, b] = parts;
        a.merge(&b);
        assert_eq!(a.curve(), all.curve());
    }

    #[test]
    fn everyone_leaving_ends_at_zero() {
        let mut e = Endings::new(3);
        e.add(1, true);
        e.add(2, true);
        let c = e.curve();
        assert_eq!(c.survival[2], 0.0);
        assert_eq!((c.ci_low[2], c.ci_high[2]), (0.0, 0.0));
        assert_eq!(c.at_risk[3], 0);
    }
}
