//! The whole command, as a user waits for it: `dyad run` with every output (runs.csv,
//! trajectory.csv, survival.csv, summary.json, the figures and report.html) on one thread, and
//! `dyad animate`. Each iteration starts the release binary in a fresh output folder.
//!
//! Run with `cargo bench --bench command`. Throughput is in couple-days actually simulated (a
//! couple that separated on day 300 counts 300), read from the run's own summary.json. In test
//! mode (`cargo test --benches`, as CI runs it) each command runs once with 200 replicates.
//!
//! docs/PERFORMANCE.md explains the figures and keeps their history.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use std::path::Path;
use std::process::Command;
use std::time::Duration;

/// Runs `dyad ARGS --out OUT --quiet` and panics with its stderr if it fails.
fn dyad(args: &[&str], out: &Path) {
    let output = Command::new(env!("CARGO_BIN_EXE_dyad"))
        .args(args)
        .arg("--out")
        .arg(out)
        .arg("--quiet")
        .output()
        .expect("start dyad");
    assert!(output.status.success(), "dyad {args:?} failed:\n{}", String::from_utf8_lossy(&output.stderr));
}

/// Couple-days simulated by the run in `dir`: mean steps run times replicates.
fn couple_days(dir: &Path) -> u64 {
    let text = std::fs::read_to_string(dir.join("summary.json")).expect("summary.json");
    let summary: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
    let mean = summary["means"]["steps_run"].as_f64().expect("means.steps_run");
    let replicates = summary["replicates"].as_f64().expect("replicates");
    (mean * replicates).round() as u64
}

fn bench_command(c: &mut Criterion) {
    // Criterion measures only under `cargo bench` (which passes --bench); otherwise it runs
    // each function once as a test.
    let measuring = std::env::args().any(|a| a == "--bench");
    let replicates = if measuring { "40000" } else { "200" };
    let tmp = tempfile::tempdir().expect("a temporary folder");
    let mut group = c.benchmark_group("command");
    group.sample_size(10).measurement_time(Duration::from_secs(40)).warm_up_time(Duration::from_secs(1));
    for name in ["secure-secure", "anxious-avoidant"] {
        let args = ["run", name, "--replicates", replicates, "-j", "1"];
        let probe = tmp.path().join(format!("{name}-probe"));
        dyad(&args, &probe);
        group.throughput(Throughput::Elements(couple_days(&probe)));
        let mut k = 0u32;
        group.bench_function(format!("run/{name}/{replicates}/1-thread"), |b| {
            b.iter(|| {
                k += 1;
                let out = tmp.path().join(format!("{name}-{k}"));
                dyad(&args, &out);
                std::fs::remove_dir_all(&out).expect("remove the output folder");
            })
        });
    }
    group.throughput(Throughput::Elements(1));
    let mut k = 0u32;
    group.bench_function("animate/anxious-avoidant", |b| {
        b.iter(|| {
            k += 1;
            let gif = tmp.path().join(format!("aa-{k}.gif"));
            dyad(&["animate", "anxious-avoidant"], &gif);
            let bytes = std::fs::metadata(&gif).expect("the GIF").len();
            assert!(bytes > 0);
            std::fs::remove_file(&gif).expect("remove the GIF");
        })
    });
    group.finish();
}

criterion_group!(benches, bench_command);
criterion_main!(benches);
