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
//! Everything is kept in integers: counts, histograms, and the sums of values and of squares in
//! fixed point (`round(v 2^51)`, so each value is off by at most 2.2e-16, where a running sum of
//! floating point numbers loses up to that much of the whole sum at every addition). Integer sums are the
//! same in any order, so workers add groups of finished replicates to one shared aggregate,
//! step by step under a lock per step, and the output bytes do not depend on the number of
//! threads. A run that stopped early is added once, at the first step it missed, and carried
//! forward from there (a difference array), instead of at every remaining step.

use crate::model::Observer;
use crate::model::{DyadState, Strategy};

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

/// The fixed-point scale of the moment sums: a value `v` counts as `round(v 2^51)`, so the
/// sums are integers, exact and the same in any order of addition.
const SCALE: f64 = (1u64 << 51) as f64;

/// `round(v 2^51)` for `0 <= v < 2` (every state variable lies in 0..1): the mantissa of
/// `v + 2`, which lies in 2..4 where one unit in the last place is `2^-51`. An addition and a
/// mask, where a conversion would need a rounding call. Below `2^52`.
#[inline]
fn mantissa(v: f64) -> u64 {
    (v + 2.0).to_bits() & ((1u64 << 52) - 1)
}

/// `v` in fixed point, `round(v 2^51)`, for any `v` (NaN as 0).
#[inline]
fn fixed(v: f64) -> i128 {
    if (0.0..2.0).contains(&v) { i128::from(mantissa(v)) } else { (v * SCALE).round() as i128 }
}

/// The histogram bin of `v`: `round(1000 v)` (half away from zero) clamped to 0..=1000 (NaN in
/// bin 0), without a call to `round`, a branch, or a saturating conversion, so the compiler can
/// do two at once. Adding `2^52` rounds to the nearest integer (ties to even) and leaves that
/// integer in the low bits; a tie rounded down is then moved up.
#[inline]
#[allow(clippy::manual_clamp)] // `clamp` keeps NaN, `max` makes it 0
fn bin(v: f64) -> u16 {
    const SHIFT: f64 = (1u64 << 52) as f64;
    let y = (v * 1000.0).max(0.0).min(1000.0);
    let shifted = y + SHIFT;
    let nearest = shifted - SHIFT;
    (shifted.to_bits() & 0xFFFF) as u16 + u16::from(y - nearest == 0.5)
}

/// Every replicate's contribution to one step, in integers.
#[derive(Debug, Clone)]
struct StepAggregate {
    sum: [i128; CONTINUOUS],
    sum_sq: [i128; CONTINUOUS],
    histograms: Box<[u32]>, // CONTINUOUS x BINS
    issue_counts: Vec<u32>,
    flag_counts: [u64; FLAGS],
}

impl StepAggregate {
    fn new() -> Self {
        StepAggregate {
            sum: [0; CONTINUOUS],
            sum_sq: [0; CONTINUOUS],
            histograms: vec![0; CONTINUOUS * BINS].into_boxed_slice(),
            issue_counts: Vec::new(),
            flag_counts: [0; FLAGS],
        }
    }

    #[inline]
    fn push(&mut self, r: &StepRecord) {
        for (k, &v) in r.continuous.iter().enumerate() {
            self.sum[k] += fixed(v);
            self.sum_sq[k] += fixed(v * v);
            self.histograms[k * BINS + usize::from(bin(v))] += 1;
        }
        let i = r.issues as usize;
        if self.issue_counts.len() <= i {
            self.issue_counts.resize(i + 1, 0);
        }
        self.issue_counts[i] += 1;
        for (count, &f) in self.flag_counts.iter_mut().zip(&r.flags) {
            *count += u64::from(f);
        }
    }

    /// Adds step `t` of each run that reached it (`row[k]` for run `k` of length `lens[k]`) to
    /// the histograms and counts (the moments are summed by the recorders).
    #[inline]
    fn push_binned(&mut self, t: usize, row: &[Binned], lens: &[usize]) {
        for (r, &len) in row.iter().zip(lens) {
            if t >= len {
                continue;
            }
            for (k, &b) in r.bins.iter().enumerate() {
                self.histograms[k * BINS + usize::from(b)] += 1;
            }
            let i = r.issues as usize;
            if self.issue_counts.len() <= i {
                self.issue_counts.resize(i + 1, 0);
            }
            self.issue_counts[i] += 1;
            for (k, count) in self.flag_counts.iter_mut().enumerate() {
                *count += u64::from((r.flags >> k) & 1);
            }
        }
    }

    /// Adds `other`'s replicates to these.
    fn add(&mut self, other: &StepAggregate) {
        for k in 0..CONTINUOUS {
            self.sum[k] += other.sum[k];
            self.sum_sq[k] += other.sum_sq[k];
        }
        for (a, b) in self.histograms.iter_mut().zip(&other.histograms) {
            *a += b;
        }
        if self.issue_counts.len() < other.issue_counts.len() {
            self.issue_counts.resize(other.issue_counts.len(), 0);
        }
        for (a, b) in self.issue_counts.iter_mut().zip(&other.issue_counts) {
            *a += b;
        }
        for (a, b) in self.flag_counts.iter_mut().zip(other.flag_counts) {
            *a += b;
        }
    }

    /// The sum and sum of squares of variable slot `slot` (as in `stats`), as floating point.
    fn moments(&self, slot: usize) -> (f64, f64) {
        match slot {
            s if s < CONTINUOUS => (self.sum[s] as f64 / SCALE, self.sum_sq[s] as f64 / SCALE),
            s if s == CONTINUOUS => {
                let (mut sum, mut sum_sq) = (0u128, 0u128);
                for (i, &c) in self.issue_counts.iter().enumerate() {
                    sum += i as u128 * u128::from(c);
                    sum_sq += (i * i) as u128 * u128::from(c);
                }
                (sum as f64, sum_sq as f64)
            }
            s => {
                let ones = self.flag_counts[s - CONTINUOUS - 1] as f64;
                (ones, ones)
            }
        }
    }
}

/// One step of one replicate as the histograms need it: the bins of the continuous
/// variables, the issue count, and the flags as bits.
#[derive(Debug, Clone, Copy, Default)]
struct Binned {
    bins: [u16; CONTINUOUS],
    flags: u8,
    issues: u32,
}

/// Replicates a worker runs before it adds them to the shared aggregate, with `threads`
/// workers: enough that each step's histograms, once brought into cache, take many records; few
/// enough that the records stay in the last-level cache (8 MB a worker, 64 MB in all).
pub fn group_size(steps: u32, threads: usize) -> usize {
    let budget = GROUP_BYTES.min(64_000_000 / threads.max(1));
    // At most 4096 runs, so that the moment sums of a group fit in a `u64`.
    (budget / per_replicate_bytes(steps)).clamp(1, 512)
}

/// The most bytes of histogram records a worker holds at once.
const GROUP_BYTES: usize = 8_000_000;

/// The histogram records of one run of `steps` steps.
fn per_replicate_bytes(steps: u32) -> usize {
    (steps as usize + 1) * std::mem::size_of::<Binned>()
}

/// The memory a run of `steps` steps keeps for its trajectories with `threads` workers: the
/// shared aggregate (about 28 kB a step: seven 1001-bin histograms) and each worker's group.
pub fn memory_estimate(steps: u32, threads: usize) -> f64 {
    let per_step = (CONTINUOUS * BINS * 4 + 2 * CONTINUOUS * 16 + 64) as f64;
    let group = (group_size(steps, threads) * per_replicate_bytes(steps)) as f64;
    let recorder = group + (steps as f64 + 1.0) * (2 * CONTINUOUS * 8) as f64;
    per_step * (f64::from(steps) + 1.0) + threads as f64 * recorder
}

/// The trajectories of the runs of one worker (an [`Observer`]) until they are added to the
/// shared [`TrajectoryAccumulator`] a group at a time: per step, the moment sums of the group's
/// runs, and one histogram record per run and step. Call [`TrajectoryRecorder::end_run`] after
/// each run.
#[derive(Debug, Clone)]
pub struct TrajectoryRecorder {
    steps: usize,
    /// Per step: the sums of [`mantissa`]s of the values, then of their squares, of the
    /// continuous variables over the group (below `2^52` each, so 4096 runs fit in a `u64`).
    sums: Vec<[u64; 2 * CONTINUOUS]>,
    /// Per step, the same for values outside 0..2, in [`fixed`] point (never, in practice).
    outside: Vec<[i128; 2 * CONTINUOUS]>,
    /// The histogram records of the group, step by step: step `t` of run `k` is at
    /// `t * group + k`, so that adding a step to the aggregate reads one contiguous row.
    binned: Vec<Binned>,
    /// Runs a group holds.
    group: usize,
    /// The steps of each closed run of the group.
    lens: Vec<usize>,
    /// Steps observed of the current run.
    len: usize,
    last: Option<StepRecord>,
    stopped: Vec<(usize, StepRecord)>,
    runs: u64,
}

impl TrajectoryRecorder {
    /// A recorder for groups of `group` runs of up to `steps` steps (plus the initial state).
    pub fn new(steps: u32, group: usize) -> Self {
        let steps = steps as usize + 1;
        let group = group.max(1);
        TrajectoryRecorder {
            steps,
            sums: vec![[0; 2 * CONTINUOUS]; steps],
            outside: Vec::new(),
            binned: vec![Binned::default(); steps * group],
            group,
            lens: Vec::with_capacity(group),
            len: 0,
            last: None,
            stopped: Vec::new(),
            runs: 0,
        }
    }

    /// Closes the run just observed. A run that stopped early is kept, with its final state,
    /// for the steps it did not reach.
    pub fn end_run(&mut self) {
        let len = std::mem::take(&mut self.len);
        if let Some(last) = self.last.take()
            && len < self.steps
        {
            self.stopped.push((len, last.stopped()));
        }
        self.lens.push(len);
        self.runs += 1;
    }

    /// Makes room for twice as many runs in a group (when more runs than planned are observed
    /// before the group is added).
    #[cold]
    fn widen(&mut self) {
        let wider = 2 * self.group;
        let mut binned = vec![Binned::default(); self.steps * wider];
        for (t, row) in self.binned.chunks_exact(self.group).enumerate() {
            binned[t * wider..t * wider + self.group].copy_from_slice(row);
        }
        self.binned = binned;
        self.group = wider;
    }

    /// Moves the sums of values outside 0..2 at step `t` from `sums` to `outside`.
    #[cold]
    fn move_outside(&mut self, t: usize, values: &[f64; CONTINUOUS]) {
        if self.outside.is_empty() {
            self.outside = vec![[0; 2 * CONTINUOUS]; self.steps];
        }
        for (k, &v) in values.iter().enumerate() {
            if !(0.0..2.0).contains(&v) {
                self.sums[t][k] = self.sums[t][k].wrapping_sub(mantissa(v));
                self.sums[t][CONTINUOUS + k] = self.sums[t][CONTINUOUS + k].wrapping_sub(mantissa(v * v));
                self.outside[t][k] += fixed(v);
                self.outside[t][CONTINUOUS + k] += fixed(v * v);
            }
        }
    }
}

impl Observer for TrajectoryRecorder {
    #[inline]
    fn observe(&mut self, step: u32, state: &DyadState) {
        let r = StepRecord::from_state(state, step > 0);
        let t = step as usize;
        let mut bins = [0u16; CONTINUOUS];
        let mut inside = true;
        if let Some(sums) = self.sums.get_mut(t) {
            for (k, &v) in r.continuous.iter().enumerate() {
                inside &= (0.0..2.0).contains(&v);
                sums[k] = sums[k].wrapping_add(mantissa(v));
                sums[CONTINUOUS + k] = sums[CONTINUOUS + k].wrapping_add(mantissa(v * v));
                bins[k] = bin(v);
            }
            if !inside {
                self.move_outside(t, &r.continuous);
            }
        }
        let flags = r.flags.iter().enumerate().fold(0u8, |acc, (k, &f)| acc | (u8::from(f) << k));
        if t < self.steps {
            if self.lens.len() == self.group {
                self.widen();
            }
            self.binned[t * self.group + self.lens.len()] = Binned { bins, flags, issues: r.issues };
            self.len = t + 1;
        }
    }

    fn end(&mut self, step: u32, state: &DyadState) {
        self.last = Some(StepRecord::from_state(state, step > 0));
    }
}

/// The per-step statistics as replicates finish, shared by the workers of a run: each step has
/// its own lock, and everything is summed in integers, so the result is the same whatever the
/// number of threads and the order in which groups of replicates arrive.
#[derive(Debug)]
pub struct TrajectoryAccumulator {
    steps: Vec<std::sync::Mutex<StepAggregate>>,
    /// Runs that stopped early: the first step they did not reach, and their final state.
    stopped: std::sync::Mutex<Vec<(usize, StepRecord)>>,
    n: std::sync::atomic::AtomicU64,
}

impl TrajectoryAccumulator {
    /// An empty accumulator for runs of `steps` steps (plus the initial state).
    pub fn new(steps: u32) -> Self {
        TrajectoryAccumulator {
            steps: (0..=steps).map(|_| std::sync::Mutex::new(StepAggregate::new())).collect(),
            stopped: std::sync::Mutex::new(Vec::new()),
            n: std::sync::atomic::AtomicU64::new(0),
        }
    }

    /// Adds the histogram records of the recorder's current group, and starts a new group.
    /// Steps held by another worker are done last, so workers rarely wait.
    pub fn add_group(&self, recorder: &mut TrajectoryRecorder) {
        let (group, lens) = (recorder.group, &recorder.lens);
        let add = |agg: &mut StepAggregate, t: usize| {
            agg.push_binned(t, &recorder.binned[t * group..t * group + lens.len()], lens);
            let sums = &recorder.sums[t];
            for k in 0..CONTINUOUS {
                agg.sum[k] += i128::from(sums[k]);
                agg.sum_sq[k] += i128::from(sums[CONTINUOUS + k]);
            }
            if let Some(outside) = recorder.outside.get(t) {
                for k in 0..CONTINUOUS {
                    agg.sum[k] += outside[k];
                    agg.sum_sq[k] += outside[CONTINUOUS + k];
                }
            }
        };
        let mut busy = Vec::new();
        for (t, step) in self.steps.iter().enumerate() {
            match step.try_lock() {
                Ok(mut agg) => add(&mut agg, t),
                Err(_) => busy.push(t),
            }
        }
        for t in busy {
            add(&mut lock(&self.steps[t]), t);
        }
        recorder.sums.iter_mut().for_each(|s| *s = [0; 2 * CONTINUOUS]);
        recorder.outside.clear();
        recorder.lens.clear();
    }

    /// Adds the early stops of every run the recorder saw; its last group must have been added
    /// with [`add_group`](Self::add_group).
    pub fn add_recorder(&self, recorder: TrajectoryRecorder) {
        debug_assert!(recorder.lens.is_empty(), "a group was not added");
        lock(&self.stopped).extend(recorder.stopped);
        self.n.fetch_add(recorder.runs, std::sync::atomic::Ordering::Relaxed);
    }

    /// The statistics of every run added. A run that stopped early counts with its final state
    /// (no strategy, not running) at each later step: added once, at the first step it missed,
    /// and carried forward from there.
    pub fn finish(self) -> TrajectoryAggregate {
        let mut steps: Vec<StepAggregate> =
            self.steps.into_iter().map(|m| m.into_inner().unwrap_or_else(|e| e.into_inner())).collect();
        let mut stopped = self.stopped.into_inner().unwrap_or_else(|e| e.into_inner());
        stopped.sort_by_key(|&(t, _)| t);
        let mut carried = StepAggregate::new();
        let mut next = stopped.iter().peekable();
        let mut carrying = false;
        for (t, agg) in steps.iter_mut().enumerate() {
            while let Some((_, r)) = next.next_if(|(from, _)| *from == t) {
                carried.push(r);
                carrying = true;
            }
            if carrying {
                agg.add(&carried);
            }
        }
        TrajectoryAggregate { n: self.n.into_inner(), steps }
    }
}

fn lock<T>(m: &std::sync::Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
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

/// Per-step statistics over all replicates of a run.
#[derive(Debug, Clone)]
pub struct TrajectoryAggregate {
    n: u64,
    steps: Vec<StepAggregate>,
}

impl TrajectoryAggregate {
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
        let count = self.n;
        let slot = match var {
            0 => 0,
            1 => CONTINUOUS,
            2..=7 => var - 1,
            _ => CONTINUOUS + 1 + (var - 8),
        };
        let n = count.max(1) as f64;
        let (sum, sum_sq) = agg.moments(slot);
        let mean = sum / n;
        let var_pop = (sum_sq / n - mean * mean).max(0.0);
        let sd = if count > 1 { (var_pop * n / (n - 1.0)).sqrt() } else { 0.0 };
        let ranks = QUANTILES.map(|q| ((q * count as f64).ceil() as u64).max(1));
        let quantiles = match var {
            1 => nearest_ranks(&agg.issue_counts, ranks).map(|i| i as f64),
            8..=12 => {
                let ones = agg.flag_counts[var - 8];
                ranks.map(|rank| if rank > count - ones { 1.0 } else { 0.0 })
            }
            _ => {
                let h = &agg.histograms[slot * BINS..(slot + 1) * BINS];
                nearest_ranks(h, ranks).map(|i| i as f64 / 1000.0)
            }
        };
        StepStats { mean, sd, quantiles }
    }
}

/// The index of the bin holding the `rank`-th smallest value (1-based).
#[cfg(test)]
fn nearest_rank(counts: &[u32], rank: u64) -> usize {
    nearest_ranks(counts, [rank])[0]
}

/// The index of the bin holding the `rank`-th smallest value (1-based) for each of `ranks`
/// (ascending), in one pass over the counts.
fn nearest_ranks<const N: usize>(counts: &[u32], ranks: [u64; N]) -> [usize; N] {
    let last = counts.len().saturating_sub(1);
    let mut found = [last; N];
    let mut next = 0;
    let mut cumulative = 0u64;
    for (i, &c) in counts.iter().enumerate() {
        cumulative += u64::from(c);
        while next < N && cumulative >= ranks[next] {
            found[next] = i;
            next += 1;
        }
        if next == N {
            break;
        }
    }
    found
}

#[cfg(test)]
#[path = "trajectory_tests.rs"]
mod tests;
