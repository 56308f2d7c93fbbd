//! `dyad sweep` and `dyad merge` end to end, through the binary: the shipped phase map, thread-
//! count and shard independence, resuming a killed sweep, refusals of bad merges and bad sweep
//! files, per-point trajectories, `dyad validate` on the shipped sweeps, and the manifest.
//!
//! Every command runs with `current_dir` in a temporary folder and `--out` inside it, so nothing
//! is written into the repository.

use assert_cmd::Command;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use tempfile::TempDir;

/// A temporary working folder for one test.
struct Sandbox {
    dir: TempDir,
}

impl Sandbox {
    fn new() -> Self {
        Sandbox { dir: tempfile::tempdir().expect("create a temporary folder") }
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    fn join(&self, name: &str) -> PathBuf {
        self.path().join(name)
    }

    /// Writes a file into the sandbox and returns its path.
    fn write(&self, name: &str, text: &str) -> PathBuf {
        let path = self.join(name);
        std::fs::write(&path, text).expect("write a test file");
        path
    }

    /// `dyad --quiet ARGS` run in the sandbox.
    fn dyad(&self, args: &[&str]) -> Command {
        let mut cmd = Command::cargo_bin("dyad").expect("the dyad binary");
        cmd.current_dir(self.path()).arg("--quiet").args(args);
        cmd
    }

    /// Runs `dyad --quiet ARGS`, asserts success and returns stdout.
    fn ok(&self, args: &[&str]) -> String {
        let out = self.dyad(args).output().expect("run dyad");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "dyad {args:?} failed ({:?}):\n{stderr}", out.status.code());
        assert!(!stderr.contains("panicked"), "dyad {args:?} panicked:\n{stderr}");
        String::from_utf8(out.stdout).expect("utf-8 stdout")
    }

    /// Runs `dyad --quiet ARGS`, asserts exit code 2 without a panic, and returns stderr.
    fn fails(&self, args: &[&str]) -> String {
        let out = self.dyad(args).output().expect("run dyad");
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        assert_eq!(out.status.code(), Some(2), "dyad {args:?} should exit with 2; stderr:\n{stderr}");
        assert!(!stderr.contains("panicked"), "dyad {args:?} panicked:\n{stderr}");
        assert!(
            stderr.starts_with("error: "),
            "dyad {args:?}: stderr should start with `error: `:\n{stderr}"
        );
        stderr
    }
}

fn read(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

fn text(path: &Path) -> String {
    String::from_utf8(read(path)).expect("utf-8 file")
}

fn manifest(dir: &Path) -> Value {
    serde_json::from_str(&text(&dir.join("sweep.json"))).expect("sweep.json is JSON")
}

/// A small grid: 5 x 4 points, 40 replicates.
const SMALL_GRID: &str = r#"name = "small-grid"
base = "anxious-avoidant"
replicates = 40
seed = 11

[[axis]]
param = "partner.a.anxiety"
from = 0.0
to = 1.0
steps = 5

[[axis]]
param = "partner.b.avoidance"
values = [0.1, 0.4, 0.7, 0.9]
"#;

/// A sampled design over two axes; `{design}` is replaced.
const SAMPLED: &str = r#"name = "sampled"
base = "anxious-avoidant"
replicates = 20
seed = 5
design = "{design}"
samples = 30

[[axis]]
param = "partner.a.anxiety"
from = 0.1
to = 0.9

[[axis]]
param = "partner.b.avoidance"
from = 0.2
to = 1.0
"#;

fn shipped(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios").join("sweeps").join(name)
}

/// The records of a CSV file: header and rows.
fn csv_records(path: &Path) -> (Vec<String>, Vec<Vec<String>>) {
    let mut reader = csv::Reader::from_path(path).expect("open csv");
    let header = reader.headers().expect("csv header").iter().map(String::from).collect();
    let rows = reader.records().map(|r| r.expect("csv record").iter().map(String::from).collect()).collect();
    (header, rows)
}

fn column(header: &[String], name: &str) -> usize {
    header.iter().position(|h| h == name).unwrap_or_else(|| panic!("no column {name} in {header:?}"))
}

/// Complete (newline-terminated) data rows of a CSV file with a header; 0 if unreadable.
fn complete_rows(path: &Path) -> usize {
    std::fs::read(path).map_or(0, |b| b.iter().filter(|&&c| c == b'\n').count().saturating_sub(1))
}

/// The `N` of "N points resumed from the partial file" in a sweep's stdout.
fn resumed_points(stdout: &str) -> Option<usize> {
    let at = stdout.find(" points resumed")?;
    stdout[..at].rsplit(|c: char| !c.is_ascii_digit()).next()?.parse().ok()
}

// 1. ------------------------------------------------------------------------------------------

#[test]
fn shipped_phase_map_settles_less_along_both_axes_in_grades() {
    let sb = Sandbox::new();
    let file = shipped("anxiety-avoidance.toml");
    sb.ok(&["sweep", file.to_str().unwrap(), "--out", "map"]);
    let csv_path = sb.join("map").join("sweep.csv");
    assert!(!sb.join("map").join("sweep.partial.csv").exists(), "the partial file is renamed when done");
    let (header, rows) = csv_records(&csv_path);

    let leading = [
        "partner.a.anxiety",
        "partner.b.avoidance",
        "replicates",
        "p_settled",
        "p_escalated",
        "p_dissolved",
        "p_disengaged",
        "p_cycling",
    ];
    assert_eq!(&header[..leading.len()], &leading[..], "header: {header:?}");
    let middle = &header[leading.len()..header.len() - 2];
    assert!(!middle.is_empty(), "there are mean_ columns");
    assert!(middle.iter().all(|h| h.starts_with("mean_")), "mean_ columns after p_: {middle:?}");
    assert_eq!(&header[header.len() - 2..], ["median_dissolution_step", "point"]);

    const N: usize = 21;
    assert_eq!(rows.len(), N * N);
    let (rep, set, dis, dise, pt) = (
        column(&header, "replicates"),
        column(&header, "p_settled"),
        column(&header, "p_dissolved"),
        column(&header, "p_disengaged"),
        column(&header, "point"),
    );
    let num = |s: &str| s.parse::<f64>().unwrap_or_else(|_| panic!("not a number: {s:?}"));
    let mut settled = vec![[0.0; N]; N];
    let mut dissolved = vec![[0.0; N]; N];
    let mut disengaged = vec![[0.0; N]; N];
    for (i, row) in rows.iter().enumerate() {
        // Grid order: the last axis (partner.b.avoidance) varies fastest.
        let (a, b) = (i / N, i % N);
        assert!((num(&row[0]) - a as f64 / 20.0).abs() < 1e-9, "row {i}: anxiety {}", row[0]);
        assert!((num(&row[1]) - b as f64 / 20.0).abs() < 1e-9, "row {i}: avoidance {}", row[1]);
        assert_eq!(row[pt], i.to_string(), "row {i} is point {i}");
        assert_eq!(row[rep], "100");
        let shares: f64 = (3..8).map(|k| num(&row[k])).sum();
        assert!((shares - 1.0).abs() < 1e-5, "row {i}: outcome shares sum to {shares}");
        settled[a][b] = num(&row[set]);
        dissolved[a][b] = num(&row[dis]);
        disengaged[a][b] = num(&row[dise]);
    }

    let se = |p: f64| {
        let p = p.clamp(0.05, 0.95);
        (p * (1.0 - p) / 100.0).sqrt()
    };
    // Settling gets harder along both axes: P(settled) never rises by more than noise, along
    // B's avoidance everywhere and along A's anxiety up to an avoidance of 0.8. Beyond that a
    // partner with no anxiety at all does not protest the distance: the couple drifts into
    // parallel lives instead of settling (checked below), so a little anxiety settles more.
    let rows_of_grid = settled
        .iter()
        .enumerate()
        .map(|(a, row)| (format!("anxiety index {a} (along avoidance)"), row.to_vec()));
    let columns_of_grid = (0..=16).map(|b| {
        (format!("avoidance index {b} (along anxiety)"), settled.iter().map(|row| row[b]).collect())
    });
    let lines: Vec<(String, Vec<f64>)> = rows_of_grid.chain(columns_of_grid).collect();
    for (name, line) in &lines {
        for (k, w) in line.windows(2).enumerate() {
            assert!(
                w[1] <= w[0] + 3.0 * se(w[0]),
                "{name}: P(settled) rises from {} to {} at step {k} -> {}: {line:?}",
                w[0],
                w[1],
                k + 1
            );
        }
    }
    let (calm, anxious) = (disengaged[0][N - 1], disengaged[N / 2][N - 1]);
    assert!(
        calm > anxious + 0.2,
        "with the most avoidant B, disengaged at anxiety 0 {calm} vs 0.5 {anxious}"
    );
    // From nearly all settled in the secure corner to none in the insecure one, and more
    // couples part there.
    assert!(
        settled[0][0] >= 0.85 && settled[N - 1][N - 1] <= 0.05,
        "corners: {} {}",
        settled[0][0],
        settled[N - 1][N - 1]
    );
    assert!(
        dissolved[N - 1][N - 1] > dissolved[0][0] + 0.15,
        "dissolved: {} -> {}",
        dissolved[0][0],
        dissolved[N - 1][N - 1]
    );
    // A graded map, not a step: along the diagonal P(settled) passes through the middle.
    let diagonal: Vec<f64> = (0..N).map(|k| settled[k][k]).collect();
    let between = diagonal.iter().filter(|&&p| (0.15..=0.85).contains(&p)).count();
    assert!(between >= 3, "at least three diagonal points between 15% and 85% settled: {diagonal:?}");
}

// 2. ------------------------------------------------------------------------------------------

#[test]
fn results_do_not_depend_on_the_thread_count() {
    let sb = Sandbox::new();
    sb.write("small.toml", SMALL_GRID);
    sb.ok(&["--threads", "1", "sweep", "small.toml", "--out", "t1"]);
    sb.ok(&["--threads", "2", "sweep", "small.toml", "--out", "t2"]);
    for (n, out) in [("1", "e1"), ("2", "e2")] {
        let o = sb.dyad(&["sweep", "small.toml", "--out", out]).env("RAYON_NUM_THREADS", n).output().unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    }
    let reference = read(&sb.join("t1").join("sweep.csv"));
    assert_eq!(reference.iter().filter(|&&c| c == b'\n').count(), 1 + 20, "header and 20 rows");
    for out in ["t2", "e1", "e2"] {
        assert!(
            read(&sb.join(out).join("sweep.csv")) == reference,
            "{out}/sweep.csv differs from t1/sweep.csv"
        );
    }
    for (out, threads) in [("t1", 1), ("t2", 2), ("e1", 1), ("e2", 2)] {
        assert_eq!(manifest(&sb.join(out))["threads"], threads, "{out}/sweep.json threads");
    }
}

// 3. ------------------------------------------------------------------------------------------

/// Runs `file` unsharded and as 3 shards, checks each shard's points, merges the shards in two
/// orders and compares with the unsharded sweep.csv byte for byte.
fn check_shards_merge_to_the_unsharded_sweep(sb: &Sandbox, file: &str) {
    sb.ok(&["sweep", file, "--out", "whole"]);
    let whole = read(&sb.join("whole").join("sweep.csv"));
    let total = manifest(&sb.join("whole"))["sweep"]["points"].as_u64().unwrap() as usize;
    assert!(total >= 20, "{file}: {total} points");
    for k in 1..=3 {
        let dir = format!("shard{k}");
        sb.ok(&["sweep", file, "--shard", &format!("{k}/3"), "--out", &dir]);
        let (header, rows) = csv_records(&sb.join(&dir).join("sweep.csv"));
        let pt = column(&header, "point");
        let points: Vec<usize> = rows.iter().map(|r| r[pt].parse().unwrap()).collect();
        let expected: Vec<usize> = (0..total).filter(|p| p % 3 == k - 1).collect();
        assert_eq!(points, expected, "{file}: points of shard {k}/3");
    }
    for (out, order) in
        [("merged", ["shard1", "shard2", "shard3"]), ("merged-shuffled", ["shard3", "shard1", "shard2"])]
    {
        let mut args = vec!["merge"];
        args.extend(order);
        args.extend(["--out", out]);
        sb.ok(&args);
        assert!(
            read(&sb.join(out).join("sweep.csv")) == whole,
            "{file}: merging {order:?} does not give the unsharded sweep.csv"
        );
        let m = manifest(&sb.join(out));
        assert_eq!(m["shard"]["index"], 1);
        assert_eq!(m["shard"]["count"], 1);
        assert_eq!(m["sweep"]["hash"], manifest(&sb.join("whole"))["sweep"]["hash"]);
    }
}

#[test]
fn shards_merge_into_the_unsharded_grid_sweep() {
    let sb = Sandbox::new();
    sb.write("small.toml", SMALL_GRID);
    check_shards_merge_to_the_unsharded_sweep(&sb, "small.toml");
}

#[test]
fn shards_merge_into_the_unsharded_random_sweep() {
    let sb = Sandbox::new();
    sb.write("random.toml", &SAMPLED.replace("{design}", "random"));
    check_shards_merge_to_the_unsharded_sweep(&sb, "random.toml");
}

/// A sweep over a population's keys: the community's mean anxiety (ECR scale) and how alike
/// partners are.
const POPULATION_GRID: &str = r#"name = "population-grid"
base = "community"
replicates = 32
seed = 3

[[axis]]
param = "population.anxiety.mean"
values = [2.0, 2.6, 3.3, 4.0, 4.6]

[[axis]]
param = "population.between_r"
values = [0.0, 0.2, 0.4, 0.6]
"#;

#[test]
fn population_sweeps_are_shard_and_thread_independent_and_report_the_median() {
    let sb = Sandbox::new();
    sb.write("pop.toml", POPULATION_GRID);
    check_shards_merge_to_the_unsharded_sweep(&sb, "pop.toml");
    sb.ok(&["--threads", "1", "sweep", "pop.toml", "--out", "t1", "--no-plots"]);
    sb.ok(&["--threads", "2", "sweep", "pop.toml", "--out", "t2", "--no-plots"]);
    assert!(read(&sb.join("t1").join("sweep.csv")) == read(&sb.join("t2").join("sweep.csv")));
    let (header, rows) = csv_records(&sb.join("t1").join("sweep.csv"));
    assert_eq!(rows.len(), 20);
    let (axis, drawn) = (column(&header, "population.anxiety.mean"), column(&header, "mean_anxiety_a"));
    let mean_at = |value: &str| {
        let v: Vec<f64> =
            rows.iter().filter(|r| r[axis] == value).map(|r| r[drawn].parse().unwrap()).collect();
        v.iter().sum::<f64>() / v.len() as f64
    };
    let means: Vec<f64> = ["2.0", "3.3", "4.6"].iter().map(|v| mean_at(v)).collect();
    assert!(means[0] < means[1] && means[1] < means[2], "the drawn anxiety follows the axis: {means:?}");
    let median = column(&header, "median_dissolution_step");
    let p_dissolved = column(&header, "p_dissolved");
    for r in &rows {
        // Reached only when Kaplan-Meier falls to one half, which (escalated runs being censored)
        // needs at least some runs to dissolve; a curve that stays above one half leaves it empty.
        if !r[median].is_empty() {
            let m: u32 = r[median].parse().unwrap();
            assert!((1..=365).contains(&m));
            assert!(r[p_dissolved].parse::<f64>().unwrap() > 0.0);
        } else {
            assert!(r[p_dissolved].parse::<f64>().unwrap() < 0.5 + 1e-9);
        }
    }
    assert!(rows.iter().any(|r| r[median].is_empty()), "the community mostly stays together");
}

#[test]
fn shards_merge_into_the_unsharded_latin_hypercube_sweep() {
    let sb = Sandbox::new();
    sb.write("lhs.toml", &SAMPLED.replace("{design}", "latin-hypercube"));
    check_shards_merge_to_the_unsharded_sweep(&sb, "lhs.toml");
    let (header, rows) = csv_records(&sb.join("whole").join("sweep.csv"));
    assert_eq!(rows.len(), 30);
    // One point in each of the 30 strata of each axis.
    for (param, from, to) in [("partner.a.anxiety", 0.1, 0.9), ("partner.b.avoidance", 0.2, 1.0)] {
        let c = column(&header, param);
        let mut strata: Vec<usize> = rows
            .iter()
            .map(|r| ((r[c].parse::<f64>().unwrap() - from) / (to - from) * 30.0).floor() as usize)
            .map(|s| s.min(29))
            .collect();
        strata.sort_unstable();
        assert_eq!(strata, (0..30).collect::<Vec<_>>(), "{param}: strata");
    }
}

// 4. ------------------------------------------------------------------------------------------

fn big_sweep(steps: u32, replicates: u32) -> String {
    format!(
        "name = \"big\"\nbase = \"anxious-avoidant\"\nreplicates = {replicates}\nseed = 17\n\n\
         [[axis]]\nparam = \"partner.a.anxiety\"\nfrom = 0.0\nto = 1.0\nsteps = {steps}\n\n\
         [[axis]]\nparam = \"partner.b.avoidance\"\nfrom = 0.0\nto = 1.0\nsteps = {steps}\n"
    )
}

/// Starts `dyad sweep file --out out`, waits until its partial file holds at least 3 rows and
/// kills it. Returns `None` if the sweep finished (or wrote every row) before it could be killed.
fn start_and_kill(sb: &Sandbox, file: &str, out: &str, total: usize) -> Option<usize> {
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_dyad"))
        .current_dir(sb.path())
        .args(["--quiet", "sweep", file, "--out", out])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("spawn dyad");
    let partial = sb.join(out).join("sweep.partial.csv");
    let deadline = Instant::now() + Duration::from_secs(300);
    loop {
        if child.try_wait().expect("poll the child").is_some() {
            return None;
        }
        if complete_rows(&partial) >= 3 {
            break;
        }
        assert!(Instant::now() < deadline, "no rows in {} after 300 s", partial.display());
        std::thread::sleep(Duration::from_millis(2));
    }
    child.kill().expect("kill the sweep");
    let status = child.wait().expect("reap the sweep");
    let rows = complete_rows(&partial);
    // It may have finished between the last look and the kill: then try a bigger sweep.
    if status.success() || sb.join(out).join("sweep.csv").exists() || rows >= total {
        return None;
    }
    Some(rows)
}

#[test]
fn a_killed_sweep_resumes_to_the_uninterrupted_result() {
    let sb = Sandbox::new();
    let mut attempts = [(40u32, 200u32), (60, 200), (80, 400)].into_iter();
    let (file, total, kept) = loop {
        let (steps, reps) = attempts.next().expect("the sweep always finished before it could be killed");
        let file = format!("big-{steps}-{reps}.toml");
        sb.write(&file, &big_sweep(steps, reps));
        let total = (steps * steps) as usize;
        if let Some(kept) = start_and_kill(&sb, &file, "killed", total) {
            break (file, total, kept);
        }
        std::fs::remove_dir_all(sb.join("killed")).expect("clear the output folder for a retry");
    };
    eprintln!("{file}: killed with {kept} of {total} rows written");
    let killed = sb.join("killed");
    assert!(killed.join("sweep.partial.csv").exists(), "the killed sweep keeps sweep.partial.csv");
    assert!(!killed.join("sweep.csv").exists(), "the killed sweep has no sweep.csv");
    let running: Value = serde_json::from_str(&text(&killed.join("sweep.partial.json"))).unwrap();
    assert_eq!(running["status"], "running", "the killed sweep's manifest");
    assert!(!killed.join("sweep.json").exists(), "no manifest claims the sweep is complete");
    assert!((3..total).contains(&kept), "{kept} of {total} rows before the kill");

    let stdout = sb.ok(&["sweep", &file, "--out", "killed", "--resume"]);
    let resumed = resumed_points(&stdout).unwrap_or_else(|| panic!("no points resumed:\n{stdout}"));
    assert!(resumed >= kept && resumed < total, "resumed {resumed} points; {kept} were written of {total}");
    assert!(!killed.join("sweep.partial.csv").exists());
    assert_eq!(manifest(&killed)["status"], "complete");

    sb.ok(&["sweep", &file, "--out", "uninterrupted"]);
    let expected = read(&sb.join("uninterrupted").join("sweep.csv"));
    assert_eq!(expected.iter().filter(|&&c| c == b'\n').count(), total + 1);
    assert!(
        read(&killed.join("sweep.csv")) == expected,
        "the resumed sweep.csv differs from the uninterrupted one"
    );
}

#[test]
fn resume_drops_a_torn_last_line() {
    let sb = Sandbox::new();
    sb.write("small.toml", SMALL_GRID);
    sb.ok(&["sweep", "small.toml", "--out", "full"]);
    let full = text(&sb.join("full").join("sweep.csv"));
    let lines: Vec<&str> = full.split_inclusive('\n').collect();
    assert_eq!(lines.len(), 21);
    for k in [0, 1, 7, 19] {
        let out = format!("torn{k}");
        let dir = sb.join(&out);
        // A first run aborted at once (a bad --trajectories list) would not create the folder,
        // so make it as a killed run leaves it: its sweep.json, marked running, and a partial file.
        std::fs::create_dir(&dir).unwrap();
        let json = text(&sb.join("full").join("sweep.json")).replace("\"complete\"", "\"running\"");
        std::fs::write(dir.join("sweep.json"), json).unwrap();
        let next = lines[k + 1];
        let partial = format!("{}{}", lines[..=k].concat(), &next[..next.len() / 2]);
        std::fs::write(dir.join("sweep.partial.csv"), partial).unwrap();

        let stdout = sb.ok(&["sweep", "small.toml", "--out", &out, "--resume"]);
        assert_eq!(resumed_points(&stdout).unwrap_or(0), k, "k = {k}: points resumed:\n{stdout}");
        assert_eq!(text(&dir.join("sweep.csv")), full, "k = {k}: the resumed sweep.csv differs");
        assert_eq!(manifest(&dir)["status"], "complete");
    }
}

#[test]
fn resume_refuses_the_partial_file_of_another_sweep() {
    let sb = Sandbox::new();
    sb.write("a.toml", SMALL_GRID);
    sb.write("b.toml", &SMALL_GRID.replace("seed = 11", "seed = 12"));
    sb.ok(&["sweep", "a.toml", "--out", "a"]);
    let a = text(&sb.join("a").join("sweep.csv"));
    std::fs::create_dir(sb.join("b")).unwrap();
    std::fs::copy(sb.join("a").join("sweep.json"), sb.join("b").join("sweep.json")).unwrap();
    let partial: String = a.split_inclusive('\n').take(8).collect();
    std::fs::write(sb.join("b").join("sweep.partial.csv"), partial).unwrap();
    let stderr = sb.fails(&["sweep", "b.toml", "--out", "b", "--resume"]);
    assert!(stderr.contains("cannot resume"), "{stderr}");
}

/// Makes `out` look like `full` killed after 5 points: its sweep.json marked running, its first
/// rows in sweep.partial.csv (and trajectories.partial.csv). Returns the partial file's text.
fn killed_copy(sb: &Sandbox, full: &str, out: &str) -> String {
    let dir = sb.join(out);
    std::fs::create_dir(&dir).unwrap();
    let json = text(&sb.join(full).join("sweep.json")).replace("\"complete\"", "\"running\"");
    std::fs::write(dir.join("sweep.json"), json).unwrap();
    let partial: String = text(&sb.join(full).join("sweep.csv")).split_inclusive('\n').take(6).collect();
    std::fs::write(dir.join("sweep.partial.csv"), &partial).unwrap();
    if let Ok(t) = std::fs::read_to_string(sb.join(full).join("trajectories.csv")) {
        let kept: String = t
            .split_inclusive('\n')
            .filter(|l| l.split(',').next().is_none_or(|p| p.parse::<usize>().map_or(true, |p| p < 5)))
            .collect();
        std::fs::write(dir.join("trajectories.partial.csv"), kept).unwrap();
    }
    partial
}

#[test]
fn resume_with_other_settings_is_refused_naming_the_option_and_both_values() {
    let sb = Sandbox::new();
    sb.write("small.toml", SMALL_GRID);
    sb.write("seed12.toml", &SMALL_GRID.replace("seed = 11", "seed = 12"));
    sb.ok(&["sweep", "small.toml", "--out", "plain"]);
    sb.ok(&["sweep", "small.toml", "--out", "traj", "--trajectories", "trust_a"]);
    sb.ok(&["sweep", "small.toml", "--out", "shard", "--shard", "1/3"]);
    assert_eq!(manifest(&sb.join("traj"))["trajectories"], serde_json::json!(["trust_a"]));
    assert_eq!(manifest(&sb.join("plain"))["trajectories"], serde_json::json!([]));

    // (folder it was started as, resume arguments, what the message must say)
    let cases: [(&str, &[&str], &[&str]); 6] = [
        (
            "traj",
            &["--trajectories", "closeness"],
            &[
                "--trajectories differs",
                "recorded trust_a, given closeness",
                "resume it with --trajectories trust_a",
            ],
        ),
        ("traj", &[], &["--trajectories differs", "recorded trust_a, given none"]),
        (
            "plain",
            &["--trajectories", "trust_a"],
            &["recorded none, given trust_a", "resume it without --trajectories"],
        ),
        ("shard", &["--shard", "2/3"], &["--shard differs", "recorded 1/3, given 2/3", "--shard 1/3"]),
        ("plain", &["--shard", "1/3"], &["--shard differs", "recorded 1/1, given 1/3", "without --shard"]),
        (
            "plain",
            &["--file", "seed12.toml"],
            &["different sweep", "seed recorded 11, given 12", "small.toml"],
        ),
    ];
    for (i, (from, extra, wants)) in cases.iter().enumerate() {
        let out = format!("case{i}");
        let partial = killed_copy(&sb, from, &out);
        let file = if extra.first() == Some(&"--file") { extra[1] } else { "small.toml" };
        let extra: &[&str] = if extra.first() == Some(&"--file") { &[] } else { extra };
        let e = sb.fails(&[&["sweep", file, "--out", &out, "--resume"][..], extra].concat());
        for want in *wants {
            assert!(e.contains(want), "case {i}: `{want}` missing from:\n{e}");
        }
        assert!(e.contains("cannot resume in") && e.contains("help:"), "case {i}:\n{e}");
        assert_eq!(
            text(&sb.join(&out).join("sweep.partial.csv")),
            partial,
            "case {i}: the partial file changed"
        );
        assert!(!sb.join(&out).join("sweep.csv").exists(), "case {i}");
    }

    // A finished folder is not "complete, nothing to resume" for other settings either.
    let e = sb.fails(&["sweep", "small.toml", "--out", "traj", "--resume", "--trajectories", "closeness"]);
    assert!(e.contains("recorded trust_a, given closeness"), "{e}");

    // A manifest written before `trajectories` was recorded: its command line tells.
    killed_copy(&sb, "traj", "old");
    let mut old = manifest(&sb.join("old"));
    old.as_object_mut().unwrap().remove("trajectories");
    std::fs::write(sb.join("old").join("sweep.json"), old.to_string()).unwrap();
    let e = sb.fails(&["sweep", "small.toml", "--out", "old", "--resume", "--trajectories", "closeness"]);
    assert!(e.contains("recorded trust_a, given closeness"), "{e}");
    // And the same settings resume.
    let stdout = sb.ok(&["sweep", "small.toml", "--out", "old", "--resume", "--trajectories", "trust_a"]);
    assert_eq!(resumed_points(&stdout), Some(5), "{stdout}");
    assert_eq!(
        text(&sb.join("old").join("trajectories.csv")),
        text(&sb.join("traj").join("trajectories.csv"))
    );
}

// 5. ------------------------------------------------------------------------------------------

#[test]
fn merge_refuses_mismatched_missing_duplicated_and_unfinished_shards() {
    let sb = Sandbox::new();
    sb.write("a.toml", SMALL_GRID);
    sb.write("b.toml", &SMALL_GRID.replace("seed = 11", "seed = 12"));
    for k in 1..=3 {
        sb.ok(&["sweep", "a.toml", "--shard", &format!("{k}/3"), "--out", &format!("a{k}")]);
    }
    sb.ok(&["sweep", "b.toml", "--shard", "2/3", "--out", "b2"]);
    sb.ok(&["sweep", "a.toml", "--shard", "1/2", "--out", "half1"]);
    assert_ne!(manifest(&sb.join("a2"))["sweep"]["hash"], manifest(&sb.join("b2"))["sweep"]["hash"]);

    let refuse = |dirs: &[&str]| {
        let mut args = vec!["merge"];
        args.extend(dirs);
        args.extend(["--out", "merged"]);
        let stderr = sb.fails(&args);
        assert!(!sb.join("merged").exists(), "a refused merge writes nothing ({dirs:?})");
        stderr
    };

    let e = refuse(&["a1", "b2", "a3"]);
    assert!(e.contains("different sweeps") && e.contains("a1") && e.contains("b2"), "{e}");

    let e = refuse(&["a1", "a2"]);
    assert!(e.contains("missing shard 3/3"), "{e}");
    assert!(e.contains("help:"), "{e}");

    let e = refuse(&["a1", "a1", "a2", "a3"]);
    assert!(e.contains("shard 1/3 is given twice"), "{e}");

    copy_dir(&sb.join("a1"), &sb.join("a1-copy"));
    let e = refuse(&["a1", "a2", "a3", "a1-copy"]);
    assert!(e.contains("shard 1/3 is given twice") && e.contains("a1-copy"), "{e}");

    let e = refuse(&["half1", "a2", "a3"]);
    assert!(e.contains("shard counts differ"), "{e}");

    copy_dir(&sb.join("a3"), &sb.join("a3-running"));
    let json = text(&sb.join("a3-running").join("sweep.json"));
    assert!(json.contains("\"status\": \"complete\""));
    std::fs::write(sb.join("a3-running").join("sweep.json"), json.replace("\"complete\"", "\"running\""))
        .unwrap();
    let e = refuse(&["a1", "a2", "a3-running"]);
    assert!(e.contains("unfinished shard 3/3") && e.contains("--resume"), "{e}");
    // As a shard rerun after an earlier complete run leaves it while it runs: the old
    // sweep.json is complete, the running manifest says otherwise.
    copy_dir(&sb.join("a3"), &sb.join("a3-rerun"));
    std::fs::write(
        sb.join("a3-rerun").join("sweep.partial.json"),
        json.replace("\"complete\"", "\"running\""),
    )
    .unwrap();
    let e = refuse(&["a1", "a2", "a3-rerun"]);
    assert!(e.contains("unfinished shard 3/3"), "{e}");

    copy_dir(&sb.join("a3"), &sb.join("a3-no-csv"));
    std::fs::remove_file(sb.join("a3-no-csv").join("sweep.csv")).unwrap();
    let e = refuse(&["a1", "a2", "a3-no-csv"]);
    assert!(e.contains("a3-no-csv") && e.contains("sweep.csv"), "{e}");

    // And the complete set still merges.
    sb.ok(&["merge", "a1", "a2", "a3", "--out", "merged"]);
}

/// Replaces data row `row` (1 = the first after the header) of `dir/sweep.csv` by `f(row)`.
fn edit_row(dir: &Path, row: usize, f: impl Fn(&str) -> String) {
    let path = dir.join("sweep.csv");
    let text = text(&path);
    let edited: String = text
        .split_inclusive('\n')
        .enumerate()
        .map(|(i, l)| if i == row { format!("{}\n", f(l.trim_end())) } else { l.to_string() })
        .collect();
    std::fs::write(&path, edited).unwrap();
}

/// A function that sets cell `column` (from 0) of a CSV line to `value`.
fn set_cell(column: usize, value: &'static str) -> impl Fn(&str) -> String {
    move |l: &str| {
        let mut cells: Vec<&str> = l.split(',').collect();
        cells[column] = value;
        cells.join(",")
    }
}

/// A damaged copy of a folder: its name, what damages it, and what the error must say.
type DamageCase = (&'static str, Box<dyn Fn(&Path)>, &'static [&'static str]);

/// Sets the value at a JSON pointer of `dir/sweep.json`.
fn edit_manifest(dir: &Path, pointer: &str, value: Value) {
    let mut json = manifest(dir);
    *json.pointer_mut(pointer).unwrap_or_else(|| panic!("no {pointer}")) = value;
    std::fs::write(dir.join("sweep.json"), serde_json::to_string_pretty(&json).unwrap()).unwrap();
}

#[test]
fn merge_refuses_corrupted_shard_files_naming_file_row_and_column() {
    let sb = Sandbox::new();
    sb.write("a.toml", SMALL_GRID);
    for k in 1..=3 {
        sb.ok(&["sweep", "a.toml", "--shard", &format!("{k}/3"), "--out", &format!("a{k}")]);
    }
    // Shard 2 holds points 1, 4, 7, ...: its row 2 is point 4 = (anxiety 0.25, avoidance 0.1).
    let cases: Vec<DamageCase> = vec![
        (
            "cut-short",
            Box::new(|d| edit_row(d, 2, |l| l[..l.len() / 2].to_string())),
            &["a2-cut-short/sweep.csv: row 2 (line 3)", "cut short"],
        ),
        (
            "no-line-end",
            Box::new(|d| {
                let t = text(&d.join("sweep.csv"));
                std::fs::write(d.join("sweep.csv"), t.trim_end()).unwrap();
            }),
            &["row 7 (line 8)", "no line end"],
        ),
        (
            "text-in-a-share",
            Box::new(|d| edit_row(d, 2, set_cell(4, "abc"))),
            &["row 2 (line 3), column 5 `p_escalated`", "`abc` is not a share from 0 to 1"],
        ),
        (
            "text-in-a-mean",
            Box::new(|d| edit_row(d, 2, set_cell(12, "n/a"))),
            &["row 2 (line 3), column 13", "`n/a` is not a number"],
        ),
        (
            "share-above-one",
            Box::new(|d| edit_row(d, 2, set_cell(5, "7.5"))),
            &["column 6 `p_dissolved`", "`7.5` is not a share"],
        ),
        (
            "wrong-axis-value",
            Box::new(|d| edit_row(d, 2, set_cell(0, "0.75"))),
            &["row 2 (line 3), column 1 `partner.a.anxiety`", "`0.75` is not the value of point 4", "`0.25`"],
        ),
        (
            "wrong-replicates",
            Box::new(|d| edit_row(d, 2, set_cell(2, "39"))),
            &["column 3 `replicates`", "40 replicates"],
        ),
        (
            "another-shards-point",
            Box::new(|d| {
                edit_row(d, 2, |l| l.rsplit_once(',').map(|(head, _)| format!("{head},5")).unwrap())
            }),
            &["row 2 (line 3)", "`point`", "is 5", "point 4"],
        ),
        (
            "a-row-missing",
            Box::new(|d| {
                let t: String = text(&d.join("sweep.csv")).split_inclusive('\n').take(5).collect();
                std::fs::write(d.join("sweep.csv"), t).unwrap();
            }),
            &["holds 4 of the 7 points of shard 2/3"],
        ),
        (
            "manifest-points",
            Box::new(|d| edit_manifest(d, "/sweep/points", 21.into())),
            &["a2-manifest-points/sweep.json:", "sweep.points = 21", "make 20 points"],
        ),
        (
            "manifest-not-json",
            Box::new(|d| std::fs::write(d.join("sweep.json"), "{ \"sweep\": ").unwrap()),
            &["a2-manifest-not-json/sweep.json:1:", "not valid JSON"],
        ),
    ];
    for (name, damage, wants) in &cases {
        let dir = format!("a2-{name}");
        copy_dir(&sb.join("a2"), &sb.join(&dir));
        damage(&sb.join(&dir));
        let e = sb.fails(&["merge", "a1", &dir, "a3", "--out", "merged"]);
        for want in *wants {
            assert!(e.contains(want), "{name}: `{want}` missing from:\n{e}");
        }
        assert!(e.contains("help: "), "{name}: {e}");
        assert!(!sb.join("merged").exists(), "{name}: a refused merge writes nothing");
    }
    sb.ok(&["merge", "a1", "a2", "a3", "--out", "merged"]);
}

#[test]
fn plot_refuses_a_sweep_folder_whose_json_and_csv_disagree() {
    let sb = Sandbox::new();
    sb.write("a.toml", SMALL_GRID);
    sb.ok(&["sweep", "a.toml", "--out", "good", "--no-plots"]);
    let cases: Vec<DamageCase> = vec![
        (
            "empty-manifest",
            Box::new(|d| std::fs::write(d.join("sweep.json"), "{}").unwrap()),
            &["sweep.json", "sweep"],
        ),
        (
            "other-axis-values",
            Box::new(|d| edit_manifest(d, "/sweep/axes/1/values/0", 0.2.into())),
            &["sweep.csv: row 1 (line 2), column 2 `partner.b.avoidance`", "`0.1`", "(`0.2`)"],
        ),
        (
            "other-axis",
            Box::new(|d| edit_manifest(d, "/sweep/axes/1/param", "partner.a.avoidance".into())),
            &["line 1 (the header), column 2", "`partner.b.avoidance`", "`partner.a.avoidance`"],
        ),
        (
            "more-points",
            Box::new(|d| {
                edit_manifest(d, "/sweep/axes/1/values", serde_json::json!([0.1, 0.4, 0.7, 0.9, 1.0]));
                edit_manifest(d, "/sweep/points", 25.into());
            }),
            &["more-points/sweep.csv: it holds 20 of the 25 points"],
        ),
        (
            "share-as-percent",
            Box::new(|d| edit_row(d, 3, set_cell(3, "75.0"))),
            &["row 3 (line 4), column 4 `p_settled`", "not a share from 0 to 1"],
        ),
        (
            "shares-not-summing-to-one",
            Box::new(|d| edit_row(d, 3, set_cell(3, "0.999"))),
            &["row 3 (line 4)", "sum to"],
        ),
        (
            "design",
            Box::new(|d| edit_manifest(d, "/sweep/design", "gird".into())),
            &["sweep.json:", "sweep.design"],
        ),
    ];
    for (name, damage, wants) in &cases {
        copy_dir(&sb.join("good"), &sb.join(name));
        damage(&sb.join(name));
        let e = sb.fails(&["plot", name]);
        for want in *wants {
            assert!(e.contains(want), "{name}: `{want}` missing from:\n{e}");
        }
        assert!(!sb.join(name).join("report.html").exists(), "{name}: drew anyway");
    }
    sb.ok(&["plot", "good"]);
}

#[test]
fn merge_explains_a_shard_without_sweep_csv() {
    let sb = Sandbox::new();
    sb.write("a.toml", SMALL_GRID);
    for k in 1..=3 {
        sb.ok(&["sweep", "a.toml", "--shard", &format!("{k}/3"), "--out", &format!("a{k}")]);
    }
    std::fs::remove_file(sb.join("a3").join("sweep.csv")).unwrap();
    let e = sb.fails(&["merge", "a1", "a2", "a3", "--out", "merged"]);
    assert!(e.contains("a3") && e.contains("3/3"), "the message names the shard:\n{e}");
    assert!(e.contains("help:") && e.contains("--shard 3/3"), "the message says how to redo the shard:\n{e}");
}

/// Every file of a sweep or merge output folder should get the same permissions as the CSV the
/// sweep appends to (which follow the umask).
#[cfg(unix)]
#[test]
fn output_files_share_the_same_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let mode = |p: PathBuf| std::fs::metadata(&p).unwrap().permissions().mode() & 0o777;
    let sb = Sandbox::new();
    sb.write("a.toml", SMALL_GRID);
    sb.ok(&["sweep", "a.toml", "--out", "whole"]);
    sb.ok(&["sweep", "a.toml", "--shard", "1/1", "--out", "shard"]);
    sb.ok(&["merge", "shard", "--out", "merged"]);
    let csv = mode(sb.join("whole").join("sweep.csv"));
    assert_eq!(format!("{:o}", mode(sb.join("whole").join("sweep.json"))), format!("{csv:o}"), "sweep.json");
    assert_eq!(
        format!("{:o}", mode(sb.join("merged").join("sweep.csv"))),
        format!("{csv:o}"),
        "merged sweep.csv"
    );
    assert_eq!(
        format!("{:o}", mode(sb.join("merged").join("sweep.json"))),
        format!("{csv:o}"),
        "merged sweep.json"
    );
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
    }
}

// 6. ------------------------------------------------------------------------------------------

/// The `(line, column)` of `file:line:col:` in a message.
fn location(message: &str, file: &str) -> Option<(usize, usize)> {
    let at = message.find(&format!("{file}:"))? + file.len() + 1;
    let mut parts = message[at..].splitn(3, ':');
    Some((parts.next()?.parse().ok()?, parts.next()?.parse().ok()?))
}

/// Runs a bad sweep file; asserts exit 2, a location on one of `lines`, a help line, each of
/// `needles`, and that no output folder was made.
fn bad_sweep(text: &str, lines: &[usize], needles: &[&str]) {
    let sb = Sandbox::new();
    sb.write("bad.toml", text);
    let e = sb.fails(&["sweep", "bad.toml", "--out", "out"]);
    let (line, col) = location(&e, "bad.toml").unwrap_or_else(|| panic!("no bad.toml:line:col in:\n{e}"));
    assert!(lines.contains(&line) && col >= 1, "location {line}:{col}, expected line {lines:?}:\n{e}");
    assert!(e.contains("help: "), "no fix offered:\n{e}");
    for needle in needles {
        assert!(e.contains(needle), "`{needle}` missing from:\n{e}");
    }
    assert!(!sb.join("out").exists(), "a rejected sweep made its output folder");
    // `dyad validate` rejects it the same way.
    let v = sb.fails(&["validate", "bad.toml"]);
    assert!(location(&v, "bad.toml").is_some(), "validate: {v}");
}

const HEAD: &str = "base = \"anxious-avoidant\"\nreplicates = 10\n\n";

#[test]
fn unknown_param_path_suggests_the_closest() {
    bad_sweep(
        &format!("{HEAD}[[axis]]\nparam = \"partner.a.anxeity\"\nvalues = [0.1, 0.2]\n"),
        &[5],
        &["partner.a.anxeity", "did you mean `partner.a.anxiety`"],
    );
}

#[test]
fn empty_axis_is_rejected() {
    bad_sweep(
        &format!("{HEAD}[[axis]]\nparam = \"partner.a.anxiety\"\nvalues = []\n"),
        &[4, 5, 6],
        &["axis 1", "empty", "at least one value"],
    );
}

#[test]
fn from_greater_than_to_says_to_swap() {
    bad_sweep(
        &format!("{HEAD}[[axis]]\nparam = \"partner.a.anxiety\"\nfrom = 0.9\nto = 0.1\nsteps = 5\n"),
        &[6, 7],
        &["from = 0.9", "to = 0.1", "swap"],
    );
}

#[test]
fn zero_samples_are_rejected() {
    bad_sweep(
        "base = \"anxious-avoidant\"\nreplicates = 10\ndesign = \"random\"\nsamples = 0\n\n\
         [[axis]]\nparam = \"partner.a.anxiety\"\nfrom = 0.1\nto = 0.9\n",
        &[4],
        &["samples = 0", "samples = 200"],
    );
}

#[test]
fn zip_axes_of_different_lengths_are_rejected() {
    bad_sweep(
        "base = \"anxious-avoidant\"\nreplicates = 10\ndesign = \"zip\"\n\n\
         [[axis]]\nparam = \"partner.a.anxiety\"\nvalues = [0.1, 0.2, 0.3]\n\n\
         [[axis]]\nparam = \"partner.b.avoidance\"\nvalues = [0.1, 0.2]\n",
        &[9, 10, 11],
        &["zip", "partner.b.avoidance", "2 values", "has 3", "same number of values"],
    );
}

#[test]
fn misspelt_design_suggests_the_closest() {
    bad_sweep(
        "base = \"anxious-avoidant\"\nreplicates = 10\ndesign = \"latin-hypercub\"\nsamples = 5\n\n\
         [[axis]]\nparam = \"partner.a.anxiety\"\nfrom = 0.1\nto = 0.9\n",
        &[3],
        &["latin-hypercub", "did you mean `latin-hypercube`"],
    );
}

#[test]
fn misspelt_axis_key_suggests_the_closest() {
    bad_sweep(
        &format!("{HEAD}[[axis]]\nparam = \"partner.a.anxiety\"\nvaluse = [0.1, 0.2]\n"),
        &[6],
        &["valuse", "did you mean `values`"],
    );
}

#[test]
fn axis_value_out_of_range_names_the_axis_and_the_range() {
    bad_sweep(
        &format!("{HEAD}[[axis]]\nparam = \"partner.a.anxiety\"\nvalues = [0.5, 1.5]\n"),
        &[4, 5, 6],
        &["axis 1", "partner.a.anxiety", "1.5", "out of range", "allowed range is 0 to 1"],
    );
}

/// Every `bad.toml:LINE:COL:` location in a message, in order.
fn locations(message: &str, file: &str) -> Vec<(usize, usize)> {
    message.match_indices(&format!("{file}:")).filter_map(|(at, _)| location(&message[at..], file)).collect()
}

#[test]
fn validate_reports_every_problem_of_a_sweep_file_at_once_in_file_order() {
    let sb = Sandbox::new();
    sb.write(
        "bad.toml",
        "base = \"anxious-avoidant\"\nreplicats = 10\n\n\
         [[axis]]\nparam = \"partner.a.anxeity\"\nvalues = [0.1, 0.2]\n\n\
         [[axis]]\nparam = \"partner.b.avoidance\"\nvaluse = [0.1]\n\n\
         [[axis]]\nparam = \"partner.b.anxiety\"\nvalues = [0.5, 1.5, -2]\n",
    );
    let e = sb.fails(&["validate", "bad.toml"]);
    assert_eq!(locations(&e, "bad.toml"), [(2, 1), (5, 9), (10, 1), (14, 16), (14, 21)], "{e}");
    for needle in [
        "did you mean `replicates`?",
        "did you mean `partner.a.anxiety`?",
        "did you mean `values`?",
        "the value 1.5 does not make a valid scenario",
        "the value -2 does not make a valid scenario",
        "allowed range is 0 to 1",
        "(5 problems)",
    ] {
        assert!(e.contains(needle), "`{needle}` missing from:\n{e}");
    }
    assert_eq!(sb.fails(&["sweep", "bad.toml", "--out", "out"]).matches("bad.toml:").count(), 5);
}

#[test]
fn validate_places_the_problems_of_an_inline_base_in_the_sweep_file() {
    let sb = Sandbox::new();
    sb.write(
        "bad.toml",
        "seed = \"x\"\n\n[base]\nname = \"inline\"\n[base.partner.a]\nanxeity = 0.3\navoidance = 0.2\n\
         [base.partner.b]\nanxiety = 1.3\navoidance = 0.2\n\n\
         [[axis]]\nparam = \"partner.b.anxiety\"\nvalues = [0.5]\n",
    );
    let e = sb.fails(&["validate", "bad.toml"]);
    assert_eq!(locations(&e, "bad.toml"), [(1, 8), (6, 1), (9, 11)], "{e}");
    for needle in
        ["seed", "base.partner.a.anxeity", "did you mean `anxiety`?", "base.partner.b.anxiety = 1.3"]
    {
        assert!(e.contains(needle), "`{needle}` missing from:\n{e}");
    }
}

#[test]
fn bad_shard_arguments_are_rejected() {
    let sb = Sandbox::new();
    sb.write("small.toml", SMALL_GRID);
    for shard in ["4/3", "x", "0/3", "1/0", "2"] {
        let e = sb.fails(&["sweep", "small.toml", "--shard", shard, "--out", "out"]);
        assert!(e.contains(&format!("--shard {shard}")) && e.contains("K/N"), "--shard {shard}:\n{e}");
        assert!(!sb.join("out").exists(), "--shard {shard} made the output folder");
    }
}

// 7. ------------------------------------------------------------------------------------------

#[test]
fn trajectories_hold_per_point_per_step_means() {
    let sb = Sandbox::new();
    sb.write("small.toml", SMALL_GRID);
    sb.ok(&["sweep", "small.toml", "--out", "plain"]);
    sb.ok(&["sweep", "small.toml", "--out", "traj", "--trajectories", "trust_a,hopelessness_a"]);
    assert!(
        read(&sb.join("traj").join("sweep.csv")) == read(&sb.join("plain").join("sweep.csv")),
        "asking for trajectories changes sweep.csv"
    );
    let steps = manifest(&sb.join("traj"))["sweep"]["base_scenario"]["steps"].as_u64().unwrap() as usize;
    assert!(steps > 0);
    let path = sb.join("traj").join("trajectories.csv");
    assert!(text(&path).starts_with("point,step,variable,mean\n"));
    let (header, rows) = csv_records(&path);
    assert_eq!(header, ["point", "step", "variable", "mean"]);
    assert_eq!(rows.len(), 20 * (steps + 1) * 2);
    for (i, row) in rows.iter().enumerate() {
        let (p, rest) = (i / ((steps + 1) * 2), i % ((steps + 1) * 2));
        let (t, v) = (rest / 2, ["trust_a", "hopelessness_a"][rest % 2]);
        assert_eq!(
            (row[0].as_str(), row[1].as_str(), row[2].as_str()),
            (&*p.to_string(), &*t.to_string(), v)
        );
        let mean: f64 = row[3].parse().unwrap();
        assert!((0.0..=1.0).contains(&mean), "row {i}: mean {mean}");
    }
    assert!(!sb.join("traj").join("trajectories.partial.csv").exists());

    let e = sb.fails(&["sweep", "small.toml", "--out", "bad", "--trajectories", "trust_a,exhastion_a"]);
    assert!(e.contains("exhastion_a") && e.contains("did you mean `exhaustion_a`"), "{e}");
    assert!(!sb.join("bad").exists());
}

#[test]
fn resume_restores_trajectories_of_every_kept_point() {
    let sb = Sandbox::new();
    sb.write("small.toml", SMALL_GRID);
    let vars = ["--trajectories", "trust_a,exhaustion_a"];
    sb.ok(&[&["sweep", "small.toml", "--out", "full"][..], &vars].concat());
    let full_csv = text(&sb.join("full").join("sweep.csv"));
    let full_traj = text(&sb.join("full").join("trajectories.csv"));
    // Points 0..=6 in sweep.partial.csv, but the kill came before point 6's trajectory rows.
    std::fs::create_dir(sb.join("cut")).unwrap();
    let partial: String = full_csv.split_inclusive('\n').take(8).collect();
    std::fs::write(sb.join("cut").join("sweep.partial.csv"), partial).unwrap();
    let traj: String = full_traj
        .split_inclusive('\n')
        .enumerate()
        .filter(|(i, l)| *i == 0 || l.split(',').next().unwrap().parse::<usize>().unwrap() < 6)
        .map(|(_, l)| l)
        .collect();
    std::fs::write(sb.join("cut").join("trajectories.partial.csv"), traj).unwrap();
    let out = sb
        .dyad(&[&["sweep", "small.toml", "--out", "cut", "--resume"][..], &vars].concat())
        .output()
        .unwrap();
    if out.status.success() {
        let resumed = text(&sb.join("cut").join("trajectories.csv"));
        let points = |t: &str| {
            let mut p: Vec<usize> =
                t.lines().skip(1).map(|l| l.split(',').next().unwrap().parse().unwrap()).collect();
            p.dedup();
            p
        };
        assert_eq!(points(&resumed), (0..20).collect::<Vec<_>>(), "points in trajectories.csv after resume");
        assert!(resumed == full_traj, "trajectories.csv after resume differs from the uninterrupted one");
    } else {
        assert_eq!(out.status.code(), Some(2), "{}", String::from_utf8_lossy(&out.stderr));
    }
}

#[test]
fn resume_with_trajectories_never_writes_a_partial_trajectories_file() {
    let sb = Sandbox::new();
    sb.write("small.toml", SMALL_GRID);
    sb.ok(&["sweep", "small.toml", "--out", "full"]);
    std::fs::create_dir(sb.join("r")).unwrap();
    let partial: String = text(&sb.join("full").join("sweep.csv")).split_inclusive('\n').take(8).collect();
    std::fs::write(sb.join("r").join("sweep.partial.csv"), partial).unwrap();
    let out = sb
        .dyad(&["sweep", "small.toml", "--out", "r", "--resume", "--trajectories", "trust_a"])
        .output()
        .unwrap();
    if out.status.success() {
        let (_, rows) = csv_records(&sb.join("r").join("trajectories.csv"));
        let mut points: Vec<usize> = rows.iter().map(|r| r[0].parse().unwrap()).collect();
        points.dedup();
        assert_eq!(points, (0..20).collect::<Vec<_>>(), "points in trajectories.csv");
    } else {
        assert_eq!(out.status.code(), Some(2));
    }
}

// 8. ------------------------------------------------------------------------------------------

#[test]
fn shipped_sweep_files_validate() {
    let sb = Sandbox::new();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios").join("sweeps");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    assert!(files.len() >= 3, "sweep files in {}: {files:?}", dir.display());
    let args: Vec<&str> =
        std::iter::once("validate").chain(files.iter().map(|f| f.to_str().unwrap())).collect();
    let stdout = sb.ok(&args);
    // Sensitivity files (docs/SENSITIVITY.md) are sweeps too, named by what they are.
    let ok = |f: &PathBuf| {
        let kind = if f.file_stem().unwrap().to_str().unwrap().starts_with("constants-") {
            "sensitivity analysis"
        } else {
            "sweep"
        };
        format!("{}: ok ({kind} `", f.display())
    };
    for f in &files {
        let line = ok(f);
        assert!(stdout.contains(&line), "no `{line}` in:\n{stdout}");
    }
    assert_eq!(stdout.lines().filter(|l| l.contains(": ok (")).count(), files.len());
}

// 9. ------------------------------------------------------------------------------------------

#[test]
fn manifest_records_status_hash_points_shard_times_threads_and_version() {
    let sb = Sandbox::new();
    sb.write("small.toml", SMALL_GRID);
    sb.ok(&["--threads", "2", "sweep", "small.toml", "--out", "whole"]);
    sb.ok(&["--threads", "1", "sweep", "small.toml", "--shard", "2/3", "--out", "shard2"]);
    let whole = manifest(&sb.join("whole"));
    let shard = manifest(&sb.join("shard2"));
    for (m, index, count, threads) in [(&whole, 1, 1, 2), (&shard, 2, 3, 1)] {
        assert_eq!(m["status"], "complete");
        let hash = m["sweep"]["hash"].as_str().expect("sweep.hash is a string");
        assert!(hash.len() == 16 && hash.chars().all(|c| c.is_ascii_hexdigit()), "hash {hash}");
        assert_eq!(m["sweep"]["points"], 20, "sweep.points counts the whole sweep, not the shard");
        assert_eq!(m["shard"]["index"], index);
        assert_eq!(m["shard"]["count"], count);
        assert_eq!(m["threads"], threads);
        assert_eq!(m["dyad_version"], env!("CARGO_PKG_VERSION"));
        let started = m["started"].as_str().expect("started is a string");
        let finished = m["finished"].as_str().expect("finished is a string");
        for t in [started, finished] {
            let b = t.as_bytes();
            assert!(
                t.len() == 20 && b[4] == b'-' && b[10] == b'T' && t.ends_with('Z'),
                "timestamp {t} is not YYYY-MM-DDTHH:MM:SSZ"
            );
        }
        assert!(started <= finished, "started {started} after finished {finished}");
    }
    assert_eq!(whole["sweep"]["hash"], shard["sweep"]["hash"], "the shard's hash is the sweep's");
    // The hash identifies the sweep: another seed gives another hash.
    sb.write("other.toml", &SMALL_GRID.replace("seed = 11", "seed = 12"));
    sb.ok(&["sweep", "other.toml", "--out", "other"]);
    assert_ne!(manifest(&sb.join("other"))["sweep"]["hash"], whole["sweep"]["hash"]);
}
