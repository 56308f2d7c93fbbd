//! Single-replicate speed: one dyad step, and one whole run of a built-in scenario, reported as
//! dyad-steps per second. Run with `cargo bench --bench step`; CI runs it once in test mode.
//!
//! `step_v2/...` is the main step figure (model version 2, the default), and
//! `run_with_metrics_v2/...` a whole version-2 run with its metrics;
//! `step_v1/...` and `run_with_metrics_v1/...` measure model version 1.
//!
//! What one version-2 step costs at least. Random draws (each one `u64` of Xoshiro256PlusPlus,
//! turned into a 53-bit uniform; `rng/uniform_f64` below measures one, about 1.1 ns here):
//! 2 activation draws, 1 for an issue episode (and a fair coin for the demander when there is
//! one), per activated partner 1 to 3 in the choice (flooding, secure, pursue), 0 to 2 for a calm
//! partner's same-day reaction, 1 normal for the closeness noise (ziggurat: one `u64`, seldom
//! more), 1 Poisson draw for new issues (and 1 per new issue), 1 binomial draw each for open and
//! gridlocked issues when there are any, and 1 for leaving: at least 6 draws, and in the steady
//! state of these benches 7.6 a step for secure-secure and 10.9 for anxious-avoidant (counted
//! with a counting RNG over a million steps). Other work: no exponential on most days (the
//! stress is cached by issue count, and leaving needs its sigmoids only on the ~0.1% of days
//! when the draw falls under the largest possible hazard), about 0.65 an anxious-avoidant day
//! (burnout, when a pursuer's choice reaches it); 2 divisions (satisfaction) and up to 4 more
//! (hopelessness under self-care, binomials with events). The floor from the draws alone is
//! 7.6 x 1.1 = 8 ns (secure-secure) and 10.9 x 1.1 = 12 ns (anxious-avoidant), against about
//! 60-90 ns measured: the rest is the step's arithmetic (about 900 instructions a day for
//! secure-secure, 1,100 for anxious-avoidant, by cachegrind) and one to four mispredicted
//! branches a day on the random outcomes (which strategy, who is activated). Trait fluctuation
//! (on by default) adds 4 Normal draws a week, 0.57 a day, and trait drift recomputes a
//! partner's derived quantities on each activated day: together about 8-12% of a day
//! (2026-12-07, interleaved with the commit before them).

use criterion::measurement::WallTime;
use criterion::{BatchSize, BenchmarkGroup, Criterion, Throughput, criterion_group, criterion_main};
use dyad::engine::{self, initial_state, rng_from_seed};
use dyad::model::Dyad;
use dyad::model::dyad::Surroundings;
use dyad::model::intervention::StepContext;
use dyad::scenario::Scenario;
use rand::RngExt;
use std::hint::black_box;

/// Whole runs of `sc` with their metrics, a new replicate each iteration, as dyad-steps per
/// second.
fn bench_whole_runs(group: &mut BenchmarkGroup<'_, WallTime>, label: String, sc: &Scenario) {
    group.throughput(Throughput::Elements(u64::from(sc.steps)));
    group.bench_function(label, |b| {
        let mut r = 0u64;
        b.iter(|| {
            r += 1;
            black_box(engine::run_replicate(sc, 0, r, &mut ()))
        });
    });
}

fn bench_step(c: &mut Criterion) {
    let mut group = c.benchmark_group("dyad");
    // Model version 2: one day of a couple with the traits of the built-in scenario, averaged
    // over its first three years. Each iteration steps a fresh couple (made outside the timing)
    // through 1095 days: with trait drift on, a couple stepped for ever would drift far from the
    // scenario's traits, and its days would no longer be the scenario's.
    for name in ["anxious-avoidant", "secure-secure"] {
        let sc = dyad::scenario::load(name, &[]).expect("built-in scenario");
        group.throughput(Throughput::Elements(u64::from(sc.steps)));
        group.bench_function(format!("step_v2/{name}"), |b| {
            let mut rng = rng_from_seed(7);
            let mut days = rng_from_seed(8);
            b.iter_batched_ref(
                || engine::couple_v2(&sc, sc.fixed_traits(), &mut rng),
                |couple| {
                    for _ in 0..sc.steps {
                        black_box(couple.step(&StepContext::QUIET, &mut days));
                    }
                },
                BatchSize::SmallInput,
            );
        });
    }
    // Model version 2, a whole run with its metrics (what `dyad run` does per replicate, less
    // the trajectory statistics). No one leaves (both hazards of leaving are 0), so every
    // iteration runs all the scenario's steps.
    for name in ["anxious-avoidant", "secure-secure"] {
        let mut sc = dyad::scenario::load(name, &[]).expect("built-in scenario");
        sc.model.v2.married_alternatives = 0.0;
        sc.model.v2.married_dissatisfaction = 0.0;
        bench_whole_runs(&mut group, format!("run_with_metrics_v2/{name}"), &sc);
    }
    // The cost of one random draw, the unit of the floor in the notes above.
    group.throughput(Throughput::Elements(1));
    group.bench_function("rng/uniform_f64", |b| {
        let mut rng = rng_from_seed(7);
        b.iter(|| black_box(rng.random::<f64>()));
    });
    // Model version 1.
    for name in ["anxious-avoidant", "secure-secure"] {
        let mut sc = dyad::scenario::load(name, &[]).expect("built-in scenario");
        // Version 1 with its own defaults (one year, 0.08 issues a day).
        sc.model.version = 1;
        sc.steps = dyad::scenario::V1_STEPS;
        sc.environment.issue_rate = dyad::scenario::V1_ISSUE_RATE;
        // One long run without early stops, so every iteration is a real step.
        sc.model.dissolution = false;
        sc.outcome.damage_trust = -1.0;
        let surroundings =
            Surroundings { issue_rate: sc.environment.issue_rate, noise: sc.environment.noise };
        group.throughput(Throughput::Elements(1));
        group.bench_function(format!("step_v1/{name}"), |b| {
            let mut dyad = Dyad::new(&sc.model, surroundings, initial_state(&sc));
            let mut rng = rng_from_seed(7);
            b.iter(|| black_box(dyad.step(&mut rng)));
        });
        bench_whole_runs(&mut group, format!("run_with_metrics_v1/{name}"), &sc);
    }
    // A population draws four traits per replicate (not per step): the cost of one draw, and a
    // whole run of a population couple, to compare with the fixed couple's run above.
    let mut sc = dyad::scenario::load("community", &[]).expect("built-in scenario");
    sc.model.dissolution = false;
    sc.outcome.damage_trust = -1.0;
    let population = sc.population.clone().expect("community draws its couples");
    let fixed = sc.fixed_traits();
    group.throughput(Throughput::Elements(1));
    group.bench_function("draw_traits/community", |b| {
        let mut seed = 0u64;
        b.iter(|| {
            seed += 1;
            black_box(population.draw(seed, fixed))
        });
    });
    group.throughput(Throughput::Elements(u64::from(sc.steps)));
    group.bench_function("run_with_metrics_v1/community", |b| {
        let mut r = 0u64;
        b.iter(|| {
            r += 1;
            black_box(engine::run_replicate(&sc, 0, r, &mut ()))
        });
    });
    group.finish();
}

criterion_group!(benches, bench_step);
criterion_main!(benches);
