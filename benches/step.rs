//! Single-replicate speed: one dyad step, and one whole run of a built-in scenario, reported as
//! dyad-steps per second. Run with `cargo bench --bench step`; CI runs it once in test mode.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use dyad::engine::{self, initial_state, rng_from_seed};
use dyad::model::Dyad;
use dyad::model::dyad::Surroundings;
use dyad::scenario::builtin;
use std::hint::black_box;

fn bench_step(c: &mut Criterion) {
    let mut group = c.benchmark_group("dyad");
    for name in ["anxious-avoidant", "secure-secure"] {
        let mut sc = builtin::load(name).expect("built-in scenario");
        // One long run without early stops, so every iteration is a real step.
        sc.model.dissolution = false;
        sc.outcome.damage_trust = -1.0;
        let surroundings =
            Surroundings { issue_rate: sc.environment.issue_rate, noise: sc.environment.noise };
        group.throughput(Throughput::Elements(1));
        group.bench_function(format!("step/{name}"), |b| {
            let mut dyad = Dyad::new(&sc.model, surroundings, initial_state(&sc));
            let mut rng = rng_from_seed(7);
            b.iter(|| black_box(dyad.step(&mut rng)));
        });
        group.throughput(Throughput::Elements(u64::from(sc.steps)));
        group.bench_function(format!("run_with_metrics/{name}"), |b| {
            let mut r = 0u64;
            b.iter(|| {
                r += 1;
                black_box(engine::run_replicate(&sc, 0, r, &mut ()))
            });
        });
    }
    // Model version 2 (preview): one day of the anxious-avoidant couple.
    let sc = builtin::load("anxious-avoidant").expect("built-in scenario");
    let v2 = dyad::model::v2::V2Params::default();
    group.throughput(Throughput::Elements(1));
    group.bench_function("step_v2/anxious-avoidant", |b| {
        use dyad::model::v2::{Context, CoupleV2, PartnerV2};
        let partners = [sc.partner.a.clone(), sc.partner.b.clone()]
            .map(|q| PartnerV2::new(q.anxiety, q.avoidance, q.initial_trust, q.initial_exhaustion));
        let mut couple = CoupleV2::new(&v2, Context::Married, partners, 0.5, 0.02, 0.05);
        let mut rng = rng_from_seed(7);
        let quiet = dyad::model::intervention::StepContext::QUIET;
        b.iter(|| black_box(couple.step(&quiet, &mut rng)));
    });
    // A population draws four traits per replicate (not per step): the cost of one draw, and a
    // whole run of a population couple, to compare with the fixed couple's run above.
    let mut sc = builtin::load("community").expect("built-in scenario");
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
    group.bench_function("run_with_metrics/community", |b| {
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
