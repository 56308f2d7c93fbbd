//! Per-step statistics over replicates, aggregated as replicates finish, so memory grows with
//! the number of steps and never with the number of replicates.
//!
//! For every step and variable the aggregate keeps the count, the sum and the sum of squares
//! (for the mean and the sample standard deviation) and a histogram (for the quantiles):
//!
//! - variables in 0..1 use 1001 bins centred on 0.000, 0.001, ..., 1.000, so a quantile is
//!   exact to within half a bin (0.0005) and a value such as 0.6 is reported exactly;
//! - `issues` (a count) uses one bin per integer, so its quantiles are exact;
//! - strategy shares and `running` are 0/1 per replicate, kept as counts.
//!
//! Quantiles use the nearest-rank definition (the smallest value with at least `q n` values at
//! or below it). A replicate that stopped early (dissolved or escalated) keeps its final state
//! for the remaining steps, with no strategy and `running = 0`.
//!
//! Replicates are merged in replicate order, so the sums, and so the output bytes, do not
//! depend on the number of threads.

use crate::model::Observer;
use crate::model::{DyadState, Strategy};
use rayon::prelude::*;

/// The variables of `trajectory.csv`, in output order.
pub const VARIABLES: [&str; 13] = [
    "closeness",
    "issues",
    "trust_a",
    "trust_b",
    "exhaustion_a",
    "exhaustion_b",
    "resentment_a",
    "resentment_b",
    "pursue_a",
    "pursue_b",
    "withdraw_a",
    "withdraw_b",
    "running",
];

/// The quantiles reported, as in the column names `p05` ... `p95`.
pub const QUANTILES: [f64; 5] = [0.05, 0.25, 0.50, 0.75, 0.95];

const BINS: usize = 1001;
const CONTINUOUS: usize = 7; // closeness, trust a/b, exhaustion a/b, resentment a/b
const FLAGS: usize = 5; // pursue a/b, withdraw a/b, running

/// One step of one replicate, as the aggregate needs it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StepRecord {
    continuous: [f64; CONTINUOUS],
    issues: u32,
    flags: [bool; FLAGS],
}

impl StepRecord {
    /// The record of `state`; `started` is false for step 0 (no strategy chosen yet).
    pub fn from_state(state: &DyadState, started: bool) -> Self {
        let [a, b] = &state.partners;
        let used = |s: Strategy, which: Strategy| started && s == which;
        StepRecord {
            continuous: [
                state.closeness,
                a.trust,
                b.trust,
                a.exhaustion,
                b.exhaustion,
                a.resentment,
                b.resentment,
            ],
            issues: state.issues,
            flags: [
                used(a.strategy, Strategy::Pursue),
                used(b.strategy, Strategy::Pursue),
                used(a.strategy, Strategy::Withdraw),
                used(b.strategy, Strategy::Withdraw),
                true,
            ],
        }
    }

    /// The record held after a run stopped: the same state, no strategy, not running.
    pub fn stopped(self) -> Self {
        StepRecord { flags: [false; FLAGS], ..self }
    }

    /// The value of variable `var` (an index into [`VARIABLES`]).
    pub fn value(&self, var: usize) -> f64 {
        match var {
            0 => self.continuous[0],
            1 => f64::from(self.issues),
            2..=7 => self.continuous[var - 1],
            _ => f64::from(u8::from(self.flags[var - 8])),
        }
    }
}

/// Records every step of one run (an [`Observer`]); kept only until merged.
#[derive(Debug, Clone, Default)]
pub struct TrajectoryRecorder {
    /// One record per step, from step 0 (the initial state).
    pub records: Vec<StepRecord>,
}

impl TrajectoryRecorder {
    /// A recorder with room for `steps` steps.
    pub fn new(steps: u32) -> Self {
        TrajectoryRecorder { records: Vec::with_capacity(steps as usize + 1) }
    }
}

impl Observer for TrajectoryRecorder {
    fn observe(&mut self, step: u32, state: &DyadState) {
        self.records.push(StepRecord::from_state(state, step > 0));
    }
}

#[derive(Debug, Clone)]
struct Moments {
    sum: f64,
    sum_sq: f64,
}

impl Moments {
    fn push(&mut self, v: f64) {
        self.sum += v;
        self.sum_sq += v * v;
    }
}

#[derive(Debug, Clone)]
struct StepAggregate {
    n: u64,
    moments: [Moments; CONTINUOUS + 1 + FLAGS],
    histograms: Vec<u32>, // CONTINUOUS x BINS
    issue_counts: Vec<u32>,
    flag_counts: [u64; FLAGS],
}

impl StepAggregate {
    fn new() -> Self {
        StepAggregate {
            n: 0,
            moments: std::array::from_fn(|_| Moments { sum: 0.0, sum_sq: 0.0 }),
            histograms: vec![0; CONTINUOUS * BINS],
            issue_counts: Vec::new(),
            flag_counts: [0; FLAGS],
        }
    }

    fn push(&mut self, r: &StepRecord) {
        self.n += 1;
        for (k, &v) in r.continuous.iter().enumerate() {
            self.moments[k].push(v);
            let bin = ((v * 1000.0).round().clamp(0.0, 1000.0)) as usize;
            self.histograms[k * BINS + bin] += 1;
        }
        self.moments[CONTINUOUS].push(r.issues as f64);
        let i = r.issues as usize;
        if self.issue_counts.len() <= i {
            self.issue_counts.resize(i + 1, 0);
        }
        self.issue_counts[i] += 1;
        for (k, &f) in r.flags.iter().enumerate() {
            self.moments[CONTINUOUS + 1 + k].push(f64::from(u8::from(f)));
            self.flag_counts[k] += u64::from(f);
        }
    }
}

/// Summary statistics of one variable at one step.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StepStats {
    /// Mean over replicates.
    pub mean: f64,
    /// Sample standard deviation over replicates (0 for one replicate).
    pub sd: f64,
    /// The quantiles of [`QUANTILES`].
    pub quantiles: [f64; 5],
}

/// Per-step statistics over all replicates merged so far.
#[derive(Debug, Clone)]
pub struct TrajectoryAggregate {
    steps: Vec<StepAggregate>,
}

impl TrajectoryAggregate {
    /// An empty aggregate for runs of `steps` steps (plus the initial state).
    pub fn new(steps: u32) -> Self {
        TrajectoryAggregate { steps: vec![StepAggregate::new(); steps as usize + 1] }
    }

    /// Merges a block of replicates, in the order given. Parallel over steps; the result does
    /// not depend on the number of threads.
    pub fn merge_block(&mut self, block: &[TrajectoryRecorder]) {
        self.steps.par_iter_mut().enumerate().for_each(|(t, agg)| {
            for rec in block {
                match rec.records.get(t) {
                    Some(r) => agg.push(r),
                    None => {
                        if let Some(last) = rec.records.last() {
                            agg.push(&last.stopped());
                        }
                    }
                }
            }
        });
    }

    /// Number of steps, including step 0.
    pub fn len(&self) -> usize {
        self.steps.len()
    }

    /// Whether there are no steps.
    pub fn is_empty(&self) -> bool {
        self.steps.is_empty()
    }

    /// Statistics of variable `var` (an index into [`VARIABLES`]) at step `t`.
    pub fn stats(&self, t: usize, var: usize) -> StepStats {
        let agg = &self.steps[t];
        let slot = match var {
            0 => 0,
            1 => CONTINUOUS,
            2..=7 => var - 1,
            _ => CONTINUOUS + 1 + (var - 8),
        };
        let n = agg.n.max(1) as f64;
        let m = &agg.moments[slot];
        let mean = m.sum / n;
        let var_pop = (m.sum_sq / n - mean * mean).max(0.0);
        let sd = if agg.n > 1 { (var_pop * n / (n - 1.0)).sqrt() } else { 0.0 };
        let quantiles = QUANTILES.map(|q| {
            let rank = ((q * agg.n as f64).ceil() as u64).max(1);
            match var {
                1 => nearest_rank(&agg.issue_counts, rank) as f64,
                8..=12 => {
                    let ones = agg.flag_counts[var - 8];
                    if rank > agg.n - ones { 1.0 } else { 0.0 }
                }
                _ => {
                    let h = &agg.histograms[slot * BINS..(slot + 1) * BINS];
                    nearest_rank(h, rank) as f64 / 1000.0
                }
            }
        });
        StepStats { mean, sd, quantiles }
    }
}

/// The index of the bin holding the `rank`-th smallest value (1-based).
fn nearest_rank(counts: &[u32], rank: u64) -> usize {
    let mut cumulative = 0u64;
    for (i, &c) in counts.iter().enumerate() {
        cumulative += u64::from(c);
        if cumulative >= rank {
            return i;
        }
    }
    counts.len().saturating_sub(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_rank_picks_the_right_bin() {
        let counts = [2, 0, 3, 5];
        assert_eq!(nearest_rank(&counts, 1), 0);
        assert_eq!(nearest_rank(&counts, 2), 0);
        assert_eq!(nearest_rank(&counts, 3), 2);
        assert_eq!(nearest_rank(&counts, 10), 3);
    }
}
