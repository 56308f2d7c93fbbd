//! Output folders that cannot be corrupted (issue 11): one writer at a time, a whole run or
//! nothing, no stale files of an earlier run, and nothing left behind by a failure.
//!
//! The fault-injection tests use the test hook `DYAD_TEST_FAIL_WRITE=NAME`, which makes the
//! write of the output file NAME fail as on a full disk.

use assert_cmd::Command;
use std::collections::BTreeMap;
use std::path::Path;
use std::time::{Duration, Instant};

fn dyad(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("dyad").unwrap();
    cmd.current_dir(dir).env_remove("DYAD_TEST_FAIL_WRITE");
    cmd
}

/// Every file under `dir` (relative path -> bytes), hidden files included.
fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let rel = path.strip_prefix(root).unwrap().to_string_lossy().into_owned();
            if path.is_dir() {
                out.insert(format!("{rel}/"), Vec::new());
                walk(root, &path, out);
            } else {
                out.insert(rel, std::fs::read(&path).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

/// A quick run: ten couples for 200 days.
const SMALL_RUN: [&str; 7] = ["run", "anxious-avoidant", "--replicates", "10", "--steps", "200", "-q"];

const SMALL_SWEEP: &str = "name = \"small\"\nbase = \"anxious-avoidant\"\nreplicates = 8\nseed = 1\n\
                           [[axis]]\nparam = \"steps\"\nvalues = [200]\n\
                           [[axis]]\nparam = \"partner.a.anxiety\"\nvalues = [0.2, 0.8]\n";

#[test]
fn concurrent_writers_to_one_folder_the_second_is_refused_at_once() {
    let tmp = tempfile::tempdir().unwrap();
    // A sweep long enough (a few seconds) for the second writer to start while it runs.
    std::fs::write(
        tmp.path().join("long.toml"),
        "name = \"long\"\nbase = \"anxious-avoidant\"\nreplicates = 400\nseed = 1\n[[axis]]\n\
         param = \"partner.a.anxiety\"\nfrom = 0.0\nto = 1.0\nsteps = 41\n",
    )
    .unwrap();
    let other =
        std::fs::read_to_string(tmp.path().join("long.toml")).unwrap().replace("seed = 1", "seed = 7");
    std::fs::write(tmp.path().join("other.toml"), other).unwrap();
    let bin = assert_cmd::cargo::cargo_bin("dyad");
    let mut first = std::process::Command::new(&bin)
        .current_dir(tmp.path())
        .args(["sweep", "long.toml", "--out", "c", "-j", "1", "--no-plots", "-q", "--yes"])
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let staging = tmp.path().join("c").join(".dyad-staging");
    let started = Instant::now();
    while !staging.exists() && started.elapsed() < Duration::from_secs(60) {
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(staging.exists(), "the first sweep started");
    let second = dyad(tmp.path())
        .args(["sweep", "other.toml", "--out", "c", "-j", "1", "--no-plots", "-q"])
        .output()
        .unwrap();
    let still_running = first.try_wait().unwrap().is_none();
    let stderr = String::from_utf8_lossy(&second.stderr);
    assert_eq!(second.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("another dyad process") && stderr.contains('c'), "{stderr}");
    assert!(still_running, "the first sweep was still running when the second was refused");
    assert!(first.wait().unwrap().success());
    let csv = std::fs::read_to_string(tmp.path().join("c/sweep.csv")).unwrap();
    assert_eq!(csv.lines().count(), 1 + 41, "one header and one row per point of the first sweep");
    let json = std::fs::read_to_string(tmp.path().join("c/sweep.json")).unwrap();
    assert!(json.contains("\"complete\""), "{json}");
}

#[test]
fn rerunning_without_figures_removes_the_previous_runs_figures_and_keeps_the_users_files() {
    let tmp = tempfile::tempdir().unwrap();
    let run = |extra: &[&str]| {
        dyad(tmp.path()).args(SMALL_RUN).args(["--out", "o"]).args(extra).assert().success();
    };
    run(&[]);
    assert!(tmp.path().join("o/trust.png").exists() && tmp.path().join("o/report.html").exists());
    std::fs::write(tmp.path().join("o/my-notes.txt"), "mine").unwrap();
    run(&["--no-plots"]);
    let names: Vec<String> = snapshot(&tmp.path().join("o")).into_keys().collect();
    assert_eq!(
        names,
        [".dyad-files", "my-notes.txt", "runs.csv", "summary.json", "survival.csv", "trajectory.csv"]
    );
}

#[test]
fn plot_redraws_next_to_the_data_and_keeps_it() {
    let tmp = tempfile::tempdir().unwrap();
    dyad(tmp.path()).args(SMALL_RUN).args(["--out", "o", "--no-plots"]).assert().success();
    dyad(tmp.path()).args(["plot", "o"]).assert().success();
    let files = snapshot(&tmp.path().join("o"));
    for name in ["runs.csv", "trajectory.csv", "summary.json", "trust.png", "cycle.svg", "report.html"] {
        assert!(files.contains_key(name), "{name} in {:?}", files.keys());
    }
    assert!(!files.keys().any(|k| k.contains("staging") || k.ends_with(".tmp")));
}

/// Runs `first` once to fill the folder `o`, then `second` (another seed) with a failure
/// injected at each file the first run wrote: each failure exits 1 and leaves the folder
/// byte-identical, with no temporary behind.
fn every_failed_write_leaves_the_folder_as_it_was(setup: &[(&str, &str)], first: &[&str], second: &[&str]) {
    let tmp = tempfile::tempdir().unwrap();
    for (name, text) in setup {
        std::fs::write(tmp.path().join(name), text).unwrap();
    }
    dyad(tmp.path()).args(first).args(["--out", "o", "-q"]).assert().success();
    let before = snapshot(&tmp.path().join("o"));
    let ours = std::fs::read_to_string(tmp.path().join("o/.dyad-files")).unwrap();
    let mut names: Vec<&str> = ours.lines().collect();
    names.push(".dyad-files");
    assert!(names.len() >= 4, "{names:?}");
    for name in names {
        let out = dyad(tmp.path())
            .args(second)
            .args(["--out", "o", "-q"])
            .env("DYAD_TEST_FAIL_WRITE", name)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "failure at {name}: {stderr}");
        assert!(stderr.contains("no space left") && !stderr.contains("panicked"), "{name}: {stderr}");
        // A sweep keeps its resume state (`*.partial.*`) on purpose: `--resume` then finishes it.
        let mut after = snapshot(&tmp.path().join("o"));
        after.retain(|k, _| !k.contains(".partial."));
        let changed: Vec<&String> =
            before.keys().chain(after.keys()).filter(|k| before.get(*k) != after.get(*k)).collect();
        assert!(changed.is_empty(), "a failure at {name} changed the folder: {changed:?}");
    }
}

#[test]
fn a_failure_at_any_file_of_a_run_leaves_the_old_folder_byte_identical() {
    let run = ["run", "secure-anxious", "--replicates", "10", "--steps", "200"];
    every_failed_write_leaves_the_folder_as_it_was(&[], &run, &[&run[..], &["--seed", "99"]].concat());
}

#[test]
fn a_failure_at_any_file_of_a_sweep_leaves_the_old_folder_byte_identical() {
    let other = SMALL_SWEEP.replace("seed = 1", "seed = 2");
    every_failed_write_leaves_the_folder_as_it_was(
        &[("small.toml", SMALL_SWEEP), ("other.toml", &other)],
        &["sweep", "small.toml", "--trajectories", "trust_a", "--yes"],
        &["sweep", "other.toml", "--trajectories", "trust_a", "--yes"],
    );
}

#[test]
fn a_failure_in_a_new_folder_leaves_no_folder_behind() {
    let tmp = tempfile::tempdir().unwrap();
    let out = dyad(tmp.path())
        .args(SMALL_RUN)
        .args(["--out", "new"])
        .env("DYAD_TEST_FAIL_WRITE", "report.html")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(!tmp.path().join("new").exists(), "{:?}", snapshot(tmp.path()));
}

#[test]
fn an_interrupted_run_leaves_temporaries_that_the_next_run_removes() {
    let tmp = tempfile::tempdir().unwrap();
    let o = tmp.path().join("o");
    std::fs::create_dir_all(o.join(".dyad-staging")).unwrap();
    std::fs::write(o.join(".dyad-staging/runs.csv"), "half").unwrap();
    std::fs::write(o.join(".runs.csv.x1y2.tmp"), "half").unwrap();
    std::fs::write(o.join(".cycle.partial.png"), "half").unwrap();
    dyad(tmp.path()).args(SMALL_RUN).args(["--out", "o", "--no-plots"]).assert().success();
    let names: Vec<String> = snapshot(&o).into_keys().collect();
    assert_eq!(names, [".dyad-files", "runs.csv", "summary.json", "survival.csv", "trajectory.csv"]);
}

#[test]
fn a_sweep_whose_commit_failed_is_finished_by_resume_without_rerunning() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("small.toml"), SMALL_SWEEP).unwrap();
    let sweep = ["sweep", "small.toml", "--out", "o", "-q", "--yes", "--no-plots"];
    dyad(tmp.path()).args(sweep).env("DYAD_TEST_FAIL_WRITE", "sweep.json").assert().code(1);
    assert!(!tmp.path().join("o/sweep.csv").exists(), "no result claims to be complete");
    let resumed = dyad(tmp.path()).args(sweep).arg("--resume").output().unwrap();
    assert!(resumed.status.success(), "{}", String::from_utf8_lossy(&resumed.stderr));
    assert!(String::from_utf8_lossy(&resumed.stdout).contains("2 points resumed"));
    dyad(tmp.path())
        .args(["sweep", "small.toml", "--out", "fresh", "-q", "--yes", "--no-plots"])
        .assert()
        .success();
    let read = |d: &str| std::fs::read(tmp.path().join(d).join("sweep.csv")).unwrap();
    assert_eq!(read("o"), read("fresh"));
    let left: Vec<String> = snapshot(&tmp.path().join("o")).into_keys().collect();
    assert_eq!(left, [".dyad-files", "sweep.csv", "sweep.json"]);
}

#[test]
fn the_man_pages_that_dyad_1_refers_to_exist() {
    let tmp = tempfile::tempdir().unwrap();
    dyad(tmp.path()).args(["man", "--dir", "man"]).assert().success();
    let main = std::fs::read_to_string(tmp.path().join("man/dyad.1")).unwrap();
    for command in ["run", "sweep", "merge", "plot", "validate", "explain", "animate", "compare"] {
        assert!(main.contains(&format!("dyad\\-{command}(1)")), "dyad.1 refers to dyad-{command}(1)");
        assert!(tmp.path().join(format!("man/dyad-{command}.1")).is_file(), "dyad-{command}.1 exists");
    }
}

#[test]
fn plot_counts_its_figures_in_the_plural() {
    let tmp = tempfile::tempdir().unwrap();
    dyad(tmp.path())
        .args(["run", "anxious-avoidant", "-n", "5", "--steps", "200", "--out", "o", "-q", "--no-plots"])
        .assert()
        .success();
    let out = dyad(tmp.path()).args(["plot", "o"]).output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("redrew 4 figures"), "{stdout}");
}

#[test]
fn a_failure_at_any_file_of_a_comparison_leaves_the_old_folder_byte_identical() {
    let compare = ["compare", "secure-secure", "anxious-avoidant", "--replicates", "10"];
    every_failed_write_leaves_the_folder_as_it_was(
        &[],
        &compare,
        &[&compare[..], &["--seed", "99"]].concat(),
    );
}

#[test]
fn a_failure_at_any_file_of_a_merge_leaves_the_old_folder_byte_identical() {
    let tmp = tempfile::tempdir().unwrap();
    // Shards 1/2 and 2/2 of `text`, into the folders `{prefix}1` and `{prefix}2`.
    let shards = |file: &str, text: &str, prefix: &str| {
        std::fs::write(tmp.path().join(file), text).unwrap();
        for k in 1..=2 {
            let (shard, out) = (format!("{k}/2"), format!("{prefix}{k}"));
            dyad(tmp.path())
                .args(["sweep", file, "--shard", &shard, "--out", &out, "-q", "--yes"])
                .assert()
                .success();
        }
    };
    shards("small.toml", SMALL_SWEEP, "s");
    dyad(tmp.path()).args(["merge", "s1", "s2", "--out", "m"]).assert().success();
    // A second merge of other shards (another seed) into the same folder, failing at each file.
    shards("other.toml", &SMALL_SWEEP.replace("seed = 1", "seed = 2"), "t");
    let before = snapshot(&tmp.path().join("m"));
    let ours = std::fs::read_to_string(tmp.path().join("m/.dyad-files")).unwrap();
    for name in ours.lines().chain([".dyad-files"]) {
        let out = dyad(tmp.path())
            .args(["merge", "t1", "t2", "--out", "m"])
            .env("DYAD_TEST_FAIL_WRITE", name)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "failure at {name}: {}", String::from_utf8_lossy(&out.stderr));
        assert!(snapshot(&tmp.path().join("m")) == before, "a failure at {name} changed the merged folder");
    }
}

#[cfg(unix)]
#[test]
fn a_symlinked_partial_file_is_not_written_through() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("small.toml"), SMALL_SWEEP).unwrap();
    std::fs::write(tmp.path().join("precious.txt"), "keep me").unwrap();
    std::fs::create_dir(tmp.path().join("o")).unwrap();
    std::os::unix::fs::symlink(tmp.path().join("precious.txt"), tmp.path().join("o/sweep.partial.csv"))
        .unwrap();
    let out = dyad(tmp.path())
        .args(["sweep", "small.toml", "--out", "o", "-q", "--yes", "--no-plots"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("symbolic link"), "{stderr}");
    assert_eq!(std::fs::read_to_string(tmp.path().join("precious.txt")).unwrap(), "keep me");
}
