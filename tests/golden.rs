//! Golden outputs: the bytes of `runs.csv`, `survival.csv`, `trajectory.csv`, `sweep.csv` and
//! `trajectories.csv` for a fixed set of runs and sweeps, with 1 and with 2 threads, against
//! fingerprints recorded in `tests/fixtures/golden.txt`.
//!
//! The fingerprints were recorded before the streaming aggregation of version 0.2 (issue 12), so
//! this test proves that the faster engine writes the same files as the slower one did. A
//! change that is meant to change results (a model change, a new column) records them again
//! with `DYAD_BLESS_GOLDEN=1 cargo test --release --test golden`; say so in the commit message.
//!
//! A fingerprint is the file's length and its 64-bit FNV-1a hash: enough to catch any change,
//! and small enough to commit.

use assert_cmd::Command;
use std::collections::BTreeMap;
use std::path::Path;

const FIXTURE: &str = "tests/fixtures/golden.txt";

/// The sweep of the golden set: both kinds of axes, a population-free grid, and per-point
/// trajectories.
const SWEEP: &str = r#"
name = "golden"
base = "anxious-avoidant"
replicates = 40
seed = 11
design = "grid"

[[axis]]
param = "partner.a.anxiety"
from = 0.2
to = 0.9
steps = 3

[[axis]]
param = "environment.issue_rate"
values = [0.02, 0.08]
"#;

/// The cases: a name, the command's arguments (before `--out`), and the files it must write.
fn cases() -> Vec<(&'static str, Vec<&'static str>, &'static [&'static str])> {
    const RUN: &[&str] = &["runs.csv", "survival.csv", "trajectory.csv"];
    vec![
        ("secure-secure", vec!["run", "secure-secure", "-n", "300", "--steps", "400", "--seed", "7"], RUN),
        ("anxious-avoidant", vec!["run", "anxious-avoidant", "-n", "300", "--seed", "8"], RUN),
        ("therapy-eft", vec!["run", "therapy-eft", "-n", "200", "--seed", "9"], RUN),
        ("stressful-year", vec!["run", "stressful-year", "-n", "200", "--seed", "10"], RUN),
        ("community", vec!["run", "community", "-n", "300", "--seed", "12"], RUN),
        (
            "anxious-avoidant-v1",
            vec!["run", "anxious-avoidant", "-n", "300", "--seed", "13", "--set", "model.version=1"],
            RUN,
        ),
        (
            "sweep",
            vec!["sweep", "golden.toml", "--yes", "--trajectories", "trust_a,exhaustion_b,issues"],
            &["sweep.csv", "trajectories.csv"],
        ),
    ]
}

/// Length and 64-bit FNV-1a hash of `bytes`.
fn fingerprint(bytes: &[u8]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("{} {h:016x}", bytes.len())
}

/// Runs every case with `threads` threads; `case/file` -> fingerprint.
fn outputs(threads: &str) -> BTreeMap<String, String> {
    let tmp = tempfile::tempdir().expect("a temporary folder");
    std::fs::write(tmp.path().join("golden.toml"), SWEEP).expect("write the sweep file");
    let mut found = BTreeMap::new();
    for (name, args, files) in cases() {
        let out = tmp.path().join(format!("{name}-{threads}"));
        Command::cargo_bin("dyad")
            .expect("the dyad binary")
            .current_dir(tmp.path())
            .args(&args)
            .args(["--quiet", "--no-plots", "-j", threads, "--out"])
            .arg(&out)
            .assert()
            .success();
        for file in files {
            let bytes = std::fs::read(out.join(file)).unwrap_or_else(|e| panic!("{name}: {file}: {e}"));
            found.insert(format!("{name}/{file}"), fingerprint(&bytes));
        }
    }
    found
}

fn recorded(path: &Path) -> BTreeMap<String, String> {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|l| l.split_once(' ').map(|(k, v)| (k.to_string(), v.to_string())))
        .collect()
}

#[test]
fn outputs_are_byte_identical_to_the_recorded_ones_for_one_and_two_threads() {
    let one = outputs("1");
    let two = outputs("2");
    assert_eq!(one, two, "1 and 2 threads wrote different files");
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join(FIXTURE);
    if std::env::var_os("DYAD_BLESS_GOLDEN").is_some() {
        let mut text =
            String::from("# Fingerprints (length, FNV-1a 64) of the golden outputs; see tests/golden.rs.\n");
        for (k, v) in &one {
            text.push_str(&format!("{k} {v}\n"));
        }
        std::fs::write(&fixture, text).expect("write the fixture");
        return;
    }
    let want = recorded(&fixture);
    assert!(!want.is_empty(), "no fingerprints in {FIXTURE}; record them with DYAD_BLESS_GOLDEN=1");
    let mut differ = Vec::new();
    for (k, v) in &want {
        match one.get(k) {
            Some(got) if got == v => {}
            got => differ.push(format!("{k}: recorded {v}, now {}", got.map_or("missing", |s| s))),
        }
    }
    for k in one.keys().filter(|k| !want.contains_key(*k)) {
        differ.push(format!("{k}: not recorded"));
    }
    assert!(differ.is_empty(), "outputs differ from {FIXTURE}:\n{}", differ.join("\n"));
}
