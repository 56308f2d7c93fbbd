//! Sweep throughput in dyad-steps per second with 1 and 2 threads: a 6 x 6 grid of the
//! anxious-avoidant couple, 64 replicates per point, written to a temporary folder.
//! Run with `cargo bench --bench sweep`; CI runs it once in test mode.
//!
//! `6x6x64/steps-only` runs the same couples, one thread, through the run loop alone (no
//! metrics, no sweep): the step's throughput for exactly this mix of couples, which the sweep's
//! per-core throughput is measured against (docs/PERFORMANCE.md).

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use dyad::engine::{couple_traits, derive_seed, rng_from_seed, run_replicate, simulate_couple};
use dyad::sweep::{self, runner};
use std::path::Path;

const SWEEP: &str = r#"
name = "bench"
base = "anxious-avoidant"
replicates = 64
seed = 1

[[axis]]
param = "partner.a.anxiety"
from = 0.0
to = 1.0
steps = 6

[[axis]]
param = "partner.b.avoidance"
from = 0.0
to = 1.0
steps = 6
"#;

fn total_steps(sw: &sweep::Sweep) -> u64 {
    (0..sw.points.len())
        .map(|p| {
            let sc = sw.scenario(p).expect("valid point");
            (0..sc.replicates)
                .map(|r| u64::from(run_replicate(&sc, p as u64, u64::from(r), &mut ()).steps_run))
                .sum::<u64>()
        })
        .sum()
}

fn bench_sweep(c: &mut Criterion) {
    let sw = sweep::load_str(SWEEP, "bench.toml", "bench", Path::new(".")).expect("valid sweep");
    let steps = total_steps(&sw);
    let dir = tempfile::tempdir().expect("temporary folder");
    let mut group = c.benchmark_group("sweep");
    group.throughput(Throughput::Elements(steps));
    group.sample_size(10);
    group.bench_function("6x6x64/steps-only", |b| {
        let scenarios: Vec<_> = (0..sw.points.len()).map(|p| sw.scenario(p).expect("valid point")).collect();
        b.iter(|| {
            let mut steps = 0u64;
            for (p, sc) in scenarios.iter().enumerate() {
                for r in 0..u64::from(sc.replicates) {
                    let seed = derive_seed(sc.seed, p as u64, r);
                    let mut rng = rng_from_seed(seed);
                    steps +=
                        u64::from(simulate_couple(sc, couple_traits(sc, seed), &mut rng, &mut ()).steps_run);
                }
            }
            steps
        })
    });
    for threads in [1, 2] {
        let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().expect("thread pool");
        group.bench_function(format!("6x6x64/{threads}-thread"), |b| {
            b.iter(|| {
                pool.install(|| runner::run(&sw, dir.path(), &runner::RunOptions::default(), &|_| {}))
                    .expect("sweep runs")
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench_sweep);
criterion_main!(benches);
