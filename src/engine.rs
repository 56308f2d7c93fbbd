//! The run loop, observers and seeding.
//!
//! - [`simulate`] is the one run loop: it runs a scenario's couple to its last step, or until a
//!   partner leaves or the damage threshold is crossed, and hands every step (from step 0, the
//!   initial state) to an [`Observer`]. It knows nothing of files or plots.
//! - [`run_replicate`] seeds a replicate and summarises it.
//! - [`run_scenario`] runs all replicates of a scenario in parallel (rayon), each worker adding
//!   groups of finished replicates to one trajectory aggregate kept in integers, so the results
//!   are byte-identical whatever the number of threads.
//!
//! **Seeding.** Replicate `r` of point `p` under master seed `m` draws from a
//! `Xoshiro256PlusPlus` (a portable generator: its output is fixed across platforms and rand
//! releases) seeded with [`derive_seed`]`(m, p, r)`, a SplitMix64 mix of the three numbers.
//! A single `run` is point 0.

use crate::metrics::survival::{Endings, SurvivalCurve};
use crate::metrics::trajectory::{self, TrajectoryAccumulator, TrajectoryAggregate, TrajectoryRecorder};
use crate::metrics::{MetricsRecorder, Outcome, RunSummary, Stop};
use crate::model::dyad::Surroundings;
use crate::model::intervention::{RandomStressors, StepContext, Timeline};
use crate::model::{Dyad, DyadState, Partner, StepEnd, Strategy};
use crate::scenario::Scenario;
use crate::scenario::population::Traits;
use rand::SeedableRng;
use rand::rngs::Xoshiro256PlusPlus;
use rayon::prelude::*;

pub use crate::model::Observer;

/// SplitMix64 finaliser: a bijective 64-bit mixer.
#[inline]
pub fn splitmix64(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// The seed of replicate `replicate` of point `point` under `master`: a pure function, so no
/// result depends on scheduling.
pub fn derive_seed(master: u64, point: u64, replicate: u64) -> u64 {
    splitmix64(splitmix64(master ^ splitmix64(point)) ^ replicate)
}

/// The random number generator of a replicate, from its seed.
pub fn rng_from_seed(seed: u64) -> Xoshiro256PlusPlus {
    Xoshiro256PlusPlus::seed_from_u64(seed)
}

/// The couple's state before the first step, with the partners' fixed traits.
pub fn initial_state(sc: &Scenario) -> DyadState {
    initial_state_with(sc, sc.fixed_traits())
}

/// The couple's state before the first step, with these traits
/// (`[[anxiety, avoidance] of A, ... of B]`).
pub fn initial_state_with(sc: &Scenario, traits: Traits) -> DyadState {
    let partner = |p: &crate::scenario::PartnerSpec, [anxiety, avoidance]: [f64; 2]| Partner {
        anxiety,
        avoidance,
        stable: [anxiety, avoidance],
        trust: p.initial_trust,
        exhaustion: p.initial_exhaustion,
        resentment: p.initial_resentment,
        strategy: Strategy::Secure,
        activated: false,
        engagement: 0.5,
    };
    DyadState {
        closeness: sc.environment.initial_closeness,
        issues: sc.environment.initial_issues,
        stress: 0.0,
        partners: [partner(&sc.partner.a, traits[0]), partner(&sc.partner.b, traits[1])],
    }
}

/// How a run ended: the steps run and why it stopped early, if it did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RunEnd {
    /// Steps run.
    pub steps_run: u32,
    /// The step and reason of an early stop.
    pub stop: Option<(u32, Stop)>,
}

/// The run loop: simulates the couple of `sc` (its fixed traits) with `rng`, handing each step
/// to `observer`.
pub fn simulate<R, O>(sc: &Scenario, rng: &mut R, observer: &mut O) -> RunEnd
where
    R: rand::Rng + ?Sized,
    O: Observer + ?Sized,
{
    simulate_couple(sc, sc.fixed_traits(), rng, observer)
}

/// The run loop for a couple with these traits (`[[anxiety, avoidance] of A, ... of B]`), under
/// the scenario's model version.
pub fn simulate_couple<R, O>(sc: &Scenario, traits: Traits, rng: &mut R, observer: &mut O) -> RunEnd
where
    R: rand::Rng + ?Sized,
    O: Observer + ?Sized,
{
    if sc.model.version >= 2 {
        let couple = couple_v2(sc, traits, rng);
        return run_loop(sc, V2Run { view: couple.state(), couple }, rng, observer);
    }
    let surroundings = Surroundings { issue_rate: sc.environment.issue_rate, noise: sc.environment.noise };
    run_loop(sc, Dyad::new(&sc.model, surroundings, initial_state_with(sc, traits)), rng, observer)
}

/// A couple as the run loop drives it, whatever the model version.
trait Couple {
    /// Whether a run stops when trust and exhaustion cross the damage threshold (version 1).
    const DAMAGE_STOPS: bool;
    /// The state the observers see.
    fn state(&self) -> &DyadState;
    /// One step under the interventions and events of `ctx`.
    fn step_in<R: rand::Rng + ?Sized>(&mut self, ctx: &StepContext, rng: &mut R) -> StepEnd;
}

impl Couple for Dyad<'_> {
    const DAMAGE_STOPS: bool = true;
    fn state(&self) -> &DyadState {
        &self.state
    }
    fn step_in<R: rand::Rng + ?Sized>(&mut self, ctx: &StepContext, rng: &mut R) -> StepEnd {
        Dyad::step_in(self, ctx, rng)
    }
}

/// A version-2 couple and the state its observers see.
struct V2Run<'p> {
    couple: crate::model::v2::CoupleV2<'p>,
    view: DyadState,
}

impl Couple for V2Run<'_> {
    const DAMAGE_STOPS: bool = false;
    fn state(&self) -> &DyadState {
        &self.view
    }
    fn step_in<R: rand::Rng + ?Sized>(&mut self, ctx: &StepContext, rng: &mut R) -> StepEnd {
        let left = self.couple.step(ctx, rng);
        self.view = self.couple.state();
        left.map_or(StepEnd::Continue, StepEnd::Left)
    }
}

/// The one run loop: life events, interventions and random stressors from the timeline, every
/// step handed to `observer`, and the stops of the model version.
fn run_loop<C, R, O>(sc: &Scenario, mut couple: C, rng: &mut R, observer: &mut O) -> RunEnd
where
    C: Couple,
    R: rand::Rng + ?Sized,
    O: Observer + ?Sized,
{
    let env = &sc.environment;
    let stressors = RandomStressors {
        rate: env.stressor_rate,
        magnitude: env.stressor_magnitude,
        duration: env.stressor_duration,
    };
    let mut timeline = Timeline::new(&sc.model, &sc.intervention, &sc.event, Some(stressors), couple.state());
    timeline.draw_therapy_response(rng);
    let quiet = timeline.is_quiet();
    observer.observe(0, couple.state());
    for t in 1..=sc.steps {
        let ctx = if quiet { StepContext::QUIET } else { timeline.context(t, couple.state(), rng) };
        let end = couple.step_in(&ctx, rng);
        observer.observe(t, couple.state());
        let stop = match end {
            StepEnd::Left(who) => Some(Stop::Left(who)),
            StepEnd::Continue if C::DAMAGE_STOPS => sc.outcome.damaged(couple.state()).map(Stop::Damaged),
            StepEnd::Continue => None,
        };
        if let Some(stop) = stop {
            observer.end(t, couple.state());
            return RunEnd { steps_run: t, stop: Some((t, stop)) };
        }
    }
    observer.end(sc.steps, couple.state());
    RunEnd { steps_run: sc.steps, stop: None }
}

/// The most memory `dyad run` needs for `sc` on the current thread pool, in bytes: the
/// trajectory statistics ([`trajectory::memory_estimate`]: about 28 kB a step, and each
/// worker's records in flight) and one `runs.csv` row per replicate (about 340 bytes).
/// Measured with `/usr/bin/time -f %M`.
pub fn memory_estimate(sc: &Scenario) -> f64 {
    let threads = rayon::current_num_threads();
    16e6 + trajectory::memory_estimate(sc.steps, threads) + 340.0 * f64::from(sc.replicates)
}

/// The traits of the replicate whose seed is `seed`: drawn from the scenario's population (from
/// a stream of their own, see [`crate::scenario::population`]), or the fixed ones.
pub fn couple_traits(sc: &Scenario, seed: u64) -> Traits {
    match &sc.population {
        Some(population) => population.draw(seed, sc.fixed_traits()),
        None => sc.fixed_traits(),
    }
}

/// A model-version-2 couple ([`crate::model::v2`]) at the start of a run: the partners start
/// with `initial_trust`, hopelessness `initial_exhaustion` and contempt `initial_resentment`;
/// the couple draws its own issue rate first, then the state parts of its traits (trait
/// fluctuation), and its initial issues are split into perpetual and solvable ones like new
/// issues. The benches build their couples with it too.
pub fn couple_v2<'s, R: rand::Rng + ?Sized>(
    sc: &'s Scenario,
    traits: Traits,
    rng: &mut R,
) -> crate::model::v2::CoupleV2<'s> {
    use crate::model::v2::{CoupleV2, PartnerV2};
    let p = &sc.model.v2;
    let partner = |spec: &crate::scenario::PartnerSpec, [anxiety, avoidance]: [f64; 2]| {
        let mut q = PartnerV2::new(anxiety, avoidance, spec.initial_trust, spec.initial_exhaustion);
        q.contempt = spec.initial_resentment;
        q
    };
    let partners = [partner(&sc.partner.a, traits[0]), partner(&sc.partner.b, traits[1])];
    let env = &sc.environment;
    let mut couple =
        CoupleV2::new(p, env.context, partners, env.initial_closeness, env.noise, env.issue_rate);
    couple.draw_issue_rate(rng);
    couple.draw_fluctuation(rng);
    for _ in 0..env.initial_issues {
        if crate::model::choice::bernoulli(rng, p.perpetual_share) {
            couple.gridlocked += 1;
        } else {
            couple.open += 1;
        }
    }
    couple
}

/// Runs replicate `replicate` of point `point` and summarises it, also handing every step to
/// `observer`.
pub fn run_replicate<O: Observer + ?Sized>(
    sc: &Scenario,
    point: u64,
    replicate: u64,
    observer: &mut O,
) -> RunSummary {
    let seed = derive_seed(sc.seed, point, replicate);
    let traits = couple_traits(sc, seed);
    let mut rng = rng_from_seed(seed);
    let spans = sc.intervention.iter().map(|iv| (iv.start, iv.end)).collect();
    let mut metrics = MetricsRecorder::new(sc.steps)
        .with_interventions(spans)
        .with_version(sc.model.version)
        .with_traits(traits);
    let end = simulate_couple(sc, traits, &mut rng, &mut (&mut metrics, observer));
    metrics.finish(&sc.outcome, replicate, seed, end.stop)
}

/// Everything a `run` produces: one summary per replicate and the per-step aggregate.
#[derive(Debug, Clone)]
pub struct ScenarioResult {
    /// One summary per replicate, in replicate order.
    pub runs: Vec<RunSummary>,
    /// Per-step statistics over replicates.
    pub trajectory: TrajectoryAggregate,
}

impl ScenarioResult {
    /// The share of replicates with each outcome, in [`Outcome::ALL`] order.
    pub fn outcome_shares(&self) -> Vec<(Outcome, f64)> {
        outcome_shares(&self.runs)
    }

    /// The mean of a metric over the replicates where it is defined (`None` if it never is).
    pub fn mean(&self, metric: fn(&RunSummary) -> Option<f64>) -> Option<f64> {
        mean_of(&self.runs, metric)
    }

    /// The share of replicates for which `f` holds.
    pub fn share(&self, f: impl Fn(&RunSummary) -> bool) -> f64 {
        self.runs.iter().filter(|r| f(r)).count() as f64 / self.runs.len().max(1) as f64
    }

    /// Time to dissolution: the Kaplan-Meier curve of the runs over `steps` steps.
    pub fn survival(&self, steps: u32) -> SurvivalCurve {
        endings(&self.runs, steps).curve()
    }
}

/// The endings of `runs` for a survival curve: each run's last step, and whether a partner left
/// there.
pub fn endings(runs: &[RunSummary], steps: u32) -> Endings {
    let mut e = Endings::new(steps);
    for r in runs {
        e.add(r.steps_run, r.outcome == Outcome::Dissolved);
    }
    e
}

/// The share of runs with each outcome, in [`Outcome::ALL`] order.
pub fn outcome_shares(runs: &[RunSummary]) -> Vec<(Outcome, f64)> {
    let n = runs.len().max(1) as f64;
    Outcome::ALL.iter().map(|&o| (o, runs.iter().filter(|r| r.outcome == o).count() as f64 / n)).collect()
}

/// The mean of a metric over the runs where it is defined.
pub fn mean_of(runs: &[RunSummary], metric: fn(&RunSummary) -> Option<f64>) -> Option<f64> {
    let (sum, n) = runs.iter().filter_map(metric).fold((0.0, 0usize), |(s, n), v| (s + v, n + 1));
    (n > 0).then(|| sum / n as f64)
}

/// Runs every replicate of `sc` (point 0) in parallel; `progress` is told how many replicates
/// finished after each group.
///
/// Each worker takes the next group of [`trajectory::group_size`] replicates, runs them, and
/// adds their trajectories to the shared accumulator; the summaries are put back in replicate
/// order at the end. No result depends on which worker ran which group.
pub fn run_scenario(sc: &Scenario, progress: &(dyn Fn(u64) + Sync)) -> ScenarioResult {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let total = sc.replicates as usize;
    let workers = rayon::current_num_threads().max(1);
    let group = trajectory::group_size(sc.steps, workers);
    let groups = total.div_ceil(group);
    let accumulator = TrajectoryAccumulator::new(sc.steps);
    let next = AtomicUsize::new(0);
    let workers = workers.min(groups.max(1));
    let mut done: Vec<(usize, Vec<RunSummary>)> = (0..workers)
        .into_par_iter()
        .flat_map_iter(|_| {
            let mut recorder = TrajectoryRecorder::new(sc.steps, group);
            let mut finished = Vec::new();
            loop {
                let g = next.fetch_add(1, Ordering::Relaxed);
                if g >= groups {
                    break;
                }
                let replicates = g * group..((g + 1) * group).min(total);
                let summaries: Vec<RunSummary> = replicates
                    .map(|r| {
                        let summary = run_replicate(sc, 0, r as u64, &mut recorder);
                        recorder.end_run();
                        summary
                    })
                    .collect();
                accumulator.add_group(&mut recorder);
                progress(summaries.len() as u64);
                finished.push((g, summaries));
            }
            accumulator.add_recorder(recorder);
            finished
        })
        .collect();
    done.sort_unstable_by_key(|&(g, _)| g);
    let runs = done.into_iter().flat_map(|(_, s)| s).collect();
    ScenarioResult { runs, trajectory: accumulator.finish() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn golden_seeds_are_stable() {
        // Pinned: changing the seeding scheme changes every published result.
        assert_eq!(derive_seed(42, 0, 0), 13001546778580674847);
        assert_eq!(derive_seed(42, 0, 1), 13785976619380384021);
        assert_ne!(derive_seed(42, 0, 0), derive_seed(42, 0, 1));
        assert_ne!(derive_seed(42, 0, 0), derive_seed(42, 1, 0));
        use rand::RngExt;
        let mut rng = rng_from_seed(42);
        let draws: [u64; 3] = std::array::from_fn(|_| rng.random());
        assert_eq!(draws, [15021278609987233951, 5881210131331364753, 18149643915985481100]);
    }
}
