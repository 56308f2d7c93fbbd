//! Command-line integration tests: the `dyad` binary as a user or a script sees it.
//!
//! Every command runs with its working directory in a fresh temporary folder and, for `run`,
//! with `--out` in that folder, `--quiet` and few replicates, so no test writes into the
//! repository and the whole file runs in seconds.
//!
//! The bad-input cases are one table (`bad_input!` below): one test per row, each checking the
//! exit code (2), the location, the dotted field path and the fix in stderr, and that nothing
//! panicked.

use assert_cmd::Command;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use tempfile::TempDir;

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

/// The columns `runs.csv` must start with, in this order (docs: product contract).
const RUNS_COLUMNS: [&str; 24] = [
    "replicate",
    "seed",
    "outcome",
    "outcome_step",
    "pursue_withdraw",
    "mutual_pursuit",
    "mutual_withdrawal",
    "mutual_secure",
    "episodes",
    "mean_episode_length",
    "pursuer_share_a",
    "positivity_ratio",
    "escalation_index",
    "final_trust_a",
    "final_trust_b",
    "min_trust_a",
    "min_trust_b",
    "final_hopelessness_a",
    "final_hopelessness_b",
    "max_hopelessness_a",
    "max_hopelessness_b",
    "final_closeness",
    "mean_closeness",
    "final_issues",
];

/// The outcome names, in the order of the product contract.
const OUTCOMES: [&str; 5] = ["settled", "escalated", "dissolved", "disengaged", "cycling"];

/// The trajectory variables of the product contract (the binary may add more).
const TRAJECTORY_VARIABLES: [&str; 12] = [
    "closeness",
    "issues",
    "trust_a",
    "trust_b",
    "hopelessness_a",
    "hopelessness_b",
    "contempt_a",
    "contempt_b",
    "pursue_a",
    "pursue_b",
    "withdraw_a",
    "withdraw_b",
];

/// Rows per step in `trajectory.csv`: the twelve variables above and `running`.
const TRAJECTORY_ROWS_PER_STEP: usize = 13;

const RUN_FILES: [&str; 3] = ["runs.csv", "trajectory.csv", "summary.json"];

/// A fresh temporary folder to run in.
fn tmp() -> TempDir {
    tempfile::tempdir().expect("create a temporary folder")
}

/// The `dyad` binary with its working directory in `cwd` and no thread-count setting inherited.
fn dyad(cwd: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_dyad"));
    cmd.current_dir(cwd).env_remove("RAYON_NUM_THREADS");
    cmd
}

/// What one command did.
struct Outcome {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

impl Outcome {
    /// Panics, showing both streams, unless the command exited with `code`.
    fn expect_code(self, code: i32, what: &str) -> Self {
        assert_eq!(
            self.code,
            Some(code),
            "{what}: expected exit code {code}\n--- stdout\n{}\n--- stderr\n{}",
            self.stdout,
            self.stderr
        );
        assert!(!self.stderr.contains("panicked"), "{what}: the program panicked:\n{}", self.stderr);
        self
    }

    fn ok(self, what: &str) -> Self {
        self.expect_code(0, what)
    }
}

/// Runs `dyad ARGS` in `cwd`.
fn run_dyad(cwd: &Path, args: &[&str]) -> Outcome {
    run_cmd(dyad(cwd).args(args))
}

fn run_cmd(cmd: &mut Command) -> Outcome {
    let out = cmd.output().expect("start the dyad binary");
    Outcome {
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// `dyad run SCENARIO --out OUT --quiet EXTRA...` in `cwd`; must succeed.
fn run_ok(cwd: &Path, scenario: &str, out: &Path, extra: &[&str]) -> Outcome {
    let out_arg = out.to_str().expect("utf-8 temporary path");
    let mut args = vec!["run", scenario, "--out", out_arg, "--quiet"];
    args.extend_from_slice(extra);
    run_dyad(cwd, &args).ok(&format!("dyad {}", args.join(" ")))
}

fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(rel)
}

fn read(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
}

fn read_json(path: &Path) -> serde_json::Value {
    serde_json::from_slice(&read(path)).unwrap_or_else(|e| panic!("{} is not JSON: {e}", path.display()))
}

/// The header and records of a CSV file.
fn read_csv(path: &Path) -> (Vec<String>, Vec<csv::StringRecord>) {
    let mut reader = csv::Reader::from_path(path).unwrap_or_else(|e| panic!("open {}: {e}", path.display()));
    let header = reader.headers().expect("a CSV header").iter().map(String::from).collect();
    let records = reader.records().collect::<Result<Vec<_>, _>>().expect("well-formed CSV records");
    (header, records)
}

/// The names in a folder.
fn names_in(dir: &Path) -> BTreeSet<String> {
    std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("list {}: {e}", dir.display()))
        .map(|e| e.expect("a folder entry").file_name().to_string_lossy().into_owned())
        .collect()
}

/// The regular files of a folder and their bytes (sub-folders are skipped).
fn file_contents(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    names_in(dir)
        .into_iter()
        .filter(|n| dir.join(n).is_file())
        .map(|n| {
            let bytes = read(&dir.join(&n));
            (n, bytes)
        })
        .collect()
}

/// Panics if the folder holds anything that looks like a left-over temporary file (the
/// manifest `.dyad-files` of dyad's own files is not one).
fn assert_no_temporary_files(dir: &Path) {
    let leftovers: Vec<String> = names_in(dir)
        .into_iter()
        .filter(|n| n != ".dyad-files" && (n.starts_with('.') || n.ends_with(".tmp")))
        .collect();
    assert!(leftovers.is_empty(), "temporary files left in {}: {leftovers:?}", dir.display());
}

/// The scenario files shipped in `scenarios/`, read at test time.
fn shipped_scenarios() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("the scenarios folder")
        .map(|e| e.expect("a folder entry").path())
        .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no scenario files in {}", dir.display());
    files
}

/// The names `dyad list` prints: the first word of each line before the blank line.
fn listed_names(cwd: &Path) -> Vec<String> {
    let out = run_dyad(cwd, &["list"]).ok("dyad list");
    let names: Vec<String> = out
        .stdout
        .lines()
        .take_while(|l| !l.trim().is_empty())
        .map(|l| l.split_whitespace().next().expect("a name").to_string())
        .collect();
    assert!(!names.is_empty(), "dyad list printed no names:\n{}", out.stdout);
    names
}

// ---------------------------------------------------------------------------------------------
// 1. Bad input: exit code 2, location, field path and fix, never a panic
// ---------------------------------------------------------------------------------------------

/// How a bad-input case is given to the program.
enum Input {
    /// A fixture of `tests/fixtures/bad/`, copied into the working folder under its own name and
    /// checked with both `dyad validate FILE` and `dyad run FILE`.
    File(&'static str),
    /// A folder of this name in the working folder, passed where a scenario file is expected to
    /// both `dyad validate` and `dyad run`.
    Folder(&'static str),
    /// A command line (`--out DIR --quiet` is added to `run`).
    Args(&'static [&'static str]),
    /// `dyad run anxious-avoidant -n 20 --set PATH=VALUE`.
    Set(&'static str),
}

fn file(name: &'static str) -> Input {
    Input::File(name)
}

fn folder(name: &'static str) -> Input {
    Input::Folder(name)
}

fn args(args: &'static [&'static str]) -> Input {
    Input::Args(args)
}

fn set(path_value: &'static str) -> Input {
    Input::Set(path_value)
}

/// Runs a bad-input case and checks what every bad input must give: exit code 2, an `error:`
/// on stderr and no panic, nothing on stdout and no output folder. Each `want` must appear in
/// stderr; a `want` starting with `!` must not.
fn assert_bad_input(input: Input, wants: &[&str]) {
    let dir = tmp();
    let commands: Vec<Vec<String>> = match input {
        Input::File(name) => {
            std::fs::copy(fixture(&format!("bad/{name}")), dir.path().join(name)).expect("copy fixture");
            vec![vec!["validate".into(), name.into()], vec!["run".into(), name.into()]]
        }
        Input::Folder(name) => {
            std::fs::create_dir(dir.path().join(name)).expect("create folder");
            vec![vec!["validate".into(), name.into()], vec!["run".into(), name.into()]]
        }
        Input::Args(a) => vec![a.iter().map(|s| s.to_string()).collect()],
        Input::Set(path_value) => {
            vec![["run", "anxious-avoidant", "-n", "20", "--set", path_value].map(String::from).to_vec()]
        }
    };
    let out_dir = dir.path().join("out");
    for mut command in commands {
        if command[0] == "run" {
            command.extend(["--out".into(), out_dir.to_string_lossy().into_owned(), "--quiet".into()]);
        }
        let what = format!("dyad {}", command.join(" "));
        let out = run_cmd(dyad(dir.path()).args(&command)).expect_code(2, &what);
        assert!(
            out.stderr.starts_with("error: "),
            "{what}: stderr does not start with `error: `:\n{}",
            out.stderr
        );
        if command[0] == "run" {
            assert_eq!(out.stdout, "", "{what}: a failed run prints nothing on stdout");
            assert!(!out_dir.exists(), "{what}: a bad input must not create the output folder");
        }
        for want in wants {
            match want.strip_prefix('!') {
                Some(unwanted) => assert!(
                    !out.stderr.contains(unwanted),
                    "{what}: stderr should not contain {unwanted:?}:\n{}",
                    out.stderr
                ),
                None => {
                    assert!(out.stderr.contains(want), "{what}: stderr lacks {want:?}:\n{}", out.stderr)
                }
            }
        }
    }
}

/// One `#[test]` per row: `name: input => [what stderr must contain, "!what it must not"];`.
macro_rules! bad_input {
    ($($(#[$attr:meta])* $name:ident: $input:expr => [$($want:expr),* $(,)?];)*) => {
        $(
            $(#[$attr])*
            #[test]
            fn $name() {
                assert_bad_input($input, &[$($want),*]);
            }
        )*
    };
}

mod bad_input {
    use super::*;

    bad_input! {
        typo_key_suggests_the_key: file("typo_key.toml") => [
            "typo_key.toml:6:1:", "partner.a.avoidence", "unknown field", "did you mean `avoidance`?",
        ];
        string_for_a_number: file("wrong_type.toml") => [
            "wrong_type.toml:5:11:", "partner.a.anxiety", "expected a number",
            "partner.a.anxiety takes a number from 0 to 1",
        ];
        trait_out_of_range: file("trait_out_of_range.toml") => [
            "trait_out_of_range.toml:5:11:", "partner.a.anxiety = 1.4 is out of range", "0 to 1",
        ];
        ecr_value_outside_1_to_7: file("ecr_out_of_range.toml") => [
            "ecr_out_of_range.toml:6:11:", "partner.a.anxiety = 7.5 is out of range", "1 to 7",
            "ECR",
        ];
        negative_steps_in_file: file("negative_steps.toml") => [
            "negative_steps.toml:2:9:", "steps", "-5", "from 1 to 36500",
        ];
        negative_steps_via_set: set("steps=-5") => [
            "--set steps=-5", "steps", "from 1 to 36500",
        ];
        negative_steps_via_option: args(&["run", "anxious-avoidant", "-n", "20", "--steps", "-5"]) => [
            "--steps", "1 to 36500", "!unexpected argument",
        ];
        zero_replicates_in_file: file("zero_replicates.toml") => [
            "zero_replicates.toml:3:14:", "replicates = 0 is out of range", "1 to 1000000",
        ];
        zero_replicates_via_option: args(&["run", "anxious-avoidant", "-n", "0"]) => [
            "replicates = 0 is out of range", "1 to 1000000",
        ];
        zero_replicates_via_option_names_the_option: args(&["run", "anxious-avoidant", "-n", "0"]) => [
            "--replicates", "!--set replicates",
        ];
        missing_partner: file("missing_partner.toml") => [
            "missing_partner.toml:", "[partner.b]", "a couple needs partners a and b", "help: add:",
        ];
        unknown_partner_key: file("unknown_partner.toml") => [
            "unknown_partner.toml:12:10:", "partner.c", "expected `a` or `b`",
        ];
        unknown_partner_key_via_set: set("partner.c.anxiety=0.3") => [
            "--set partner.c.anxiety=0.3", "unknown field `c`", "expected `a` or `b`",
        ];
        bad_scale_suggests_ecr: file("bad_scale.toml") => [
            "bad_scale.toml:5:9:", "partner.a.scale", "ecrr", "did you mean `ecr`?",
        ];
        bad_scale_via_set: set("partner.a.scale=ecrr") => [
            "--set partner.a.scale=ecrr", "did you mean `ecr`?",
        ];
        malformed_toml_unclosed_header: file("malformed.toml") => [
            "malformed.toml:4:11:", "unclosed table", "expected `]`",
        ];
        unknown_builtin_suggests_closest: args(&["run", "anxious-avoidnt", "-n", "20"]) => [
            "unknown scenario `anxious-avoidnt`", "did you mean `anxious-avoidant`?", "dyad list",
        ];
        unknown_builtin_in_show: args(&["show", "anxious-avoidnt"]) => [
            "`anxious-avoidnt`", "did you mean `anxious-avoidant`?",
        ];
        unknown_builtin_in_new_from: args(&["new", "x.toml", "--from", "secure-secur"]) => [
            "`secure-secur`", "did you mean `secure-secure`?",
        ];
        set_unknown_path_suggests: set("partner.a.anxeity=0.3") => [
            "--set partner.a.anxeity=0.3", "unknown field `anxeity`", "did you mean `anxiety`?",
        ];
        set_unknown_top_level_key_suggests: set("stepz=10") => [
            "--set stepz=10", "did you mean `steps`?",
        ];
        set_word_for_a_number: set("partner.a.anxiety=high") => [
            "--set partner.a.anxiety=high", "expected a number",
            "partner.a.anxiety takes a number from 0 to 1",
        ];
        set_trait_out_of_range: set("partner.a.anxiety=3") => [
            "--set partner.a.anxiety=3", "partner.a.anxiety = 3 is out of range", "0 to 1",
            "scale = \"ecr\"",
        ];
        set_value_on_a_table: set("partner.a=3") => [
            "--set partner.a=3", "!RawPartner", "help:",
        ];
        set_without_equals: set("partner.a.anxiety") => [
            "--set partner.a.anxiety", "missing `=`", "help: write --set PATH=VALUE",
        ];
        set_empty_path: set("=3") => [
            "--set =3", "dotted keys", "help: write --set PATH=VALUE",
        ];
        file_that_does_not_exist: args(&["run", "no-such-file.toml", "-n", "20"]) => [
            "cannot read no-such-file.toml", "No such file",
        ];
        file_that_does_not_exist_in_validate: args(&["validate", "no-such-file.toml"]) => [
            "cannot read no-such-file.toml", "No such file", "1 of 1 files are not valid",
        ];
        file_that_does_not_exist_has_help: args(&["run", "no-such-file.toml", "-n", "20"]) => [
            "no-such-file.toml", "help:",
        ];
        directory_as_file: folder("couple.toml") => [
            "cannot read couple.toml", "Is a directory",
        ];
        directory_without_extension_is_not_a_scenario_name: folder("couple") => [
            "unknown scenario `couple`", "there is no built-in scenario of that name",
            "`couple` here is a folder, not a scenario file", "!it is not a file",
        ];
        directory_as_file_has_help: folder("couple.toml") => [
            "couple.toml", "Is a directory", "help:",
        ];
        zero_threads: args(&["run", "anxious-avoidant", "-n", "20", "--threads", "0"]) => [
            "--threads must be at least 1",
        ];
        threads_have_no_upper_bound: args(&["run", "anxious-avoidant", "-n", "20", "--threads", "5000"]) => [
            "--threads 5000 is more than 1024", "do not depend on the thread count",
        ];
        threads_just_above_the_bound: args(&["sweep", "no-such-sweep.toml", "--threads", "1025"]) => [
            "--threads 1025 is more than 1024",
        ];
        short_runs_labelled_settled: args(&["run", "anxious-avoidant", "-n", "20", "--steps", "1"]) => [
            "--steps 1: steps = 1 is shorter than [outcome] horizon_window = 180",
            "the outcome at the horizon is read from the last 180 days",
            "use at least 180 steps, or lower outcome.horizon_window",
        ];
        short_runs_labelled_settled_in_explain: args(&["explain", "anxious-avoidant", "--steps", "30"]) => [
            "steps = 30 is shorter than [outcome] horizon_window = 180",
        ];
        short_runs_labelled_settled_under_model_version_1:
            args(&["run", "anxious-avoidant", "--set", "model.version=1", "--steps", "59"]) => [
            "steps = 59 is shorter than [outcome] window = 60", "read from its last 60 steps",
            "lower outcome.window",
        ];
        sweep_names_escape_outputs_via_set: set("name=../../x") => [
            "--set name=../../x", "cannot name an output folder", "not empty, no slashes",
        ];
    }
}

// ---------------------------------------------------------------------------------------------
// 2. Determinism: the thread count never changes the CSV files; the seed does
// ---------------------------------------------------------------------------------------------

const DETERMINISM_ARGS: [&str; 4] = ["-n", "300", "--seed", "7"];

/// `runs.csv` and `trajectory.csv` of `dyad run anxious-avoidant -n 300 --seed 7` plus `extra`,
/// with `RAYON_NUM_THREADS` set to `env_threads` if given.
fn determinism_run(env_threads: Option<&str>, extra: &[&str]) -> (Vec<u8>, Vec<u8>) {
    let dir = tmp();
    let out = dir.path().join("out");
    let out_arg = out.to_str().expect("utf-8 temporary path");
    let mut cmd = dyad(dir.path());
    cmd.args(["run", "anxious-avoidant", "--out", out_arg, "--quiet"]).args(DETERMINISM_ARGS).args(extra);
    if let Some(n) = env_threads {
        cmd.env("RAYON_NUM_THREADS", n);
    }
    run_cmd(&mut cmd).ok(&format!("dyad run anxious-avoidant with threads {env_threads:?} {extra:?}"));
    (read(&out.join("runs.csv")), read(&out.join("trajectory.csv")))
}

/// The thread count the run reports in summary.json, to make sure the setting took effect.
fn reported_threads(env_threads: Option<&str>, extra: &[&str]) -> u64 {
    let dir = tmp();
    let out = dir.path().join("out");
    let mut cmd = dyad(dir.path());
    cmd.args(["run", "anxious-avoidant", "--out", out.to_str().unwrap(), "--quiet", "-n", "20"]).args(extra);
    if let Some(n) = env_threads {
        cmd.env("RAYON_NUM_THREADS", n);
    }
    run_cmd(&mut cmd).ok("dyad run for the thread count");
    read_json(&out.join("summary.json"))["threads"].as_u64().expect("summary.json `threads`")
}

#[test]
fn rayon_num_threads_does_not_change_the_csv_files() {
    assert_eq!(reported_threads(Some("1"), &[]), 1);
    assert_eq!(reported_threads(Some("2"), &[]), 2);
    let one = determinism_run(Some("1"), &[]);
    let two = determinism_run(Some("2"), &[]);
    assert!(one.0 == two.0, "runs.csv differs between RAYON_NUM_THREADS=1 and =2");
    assert!(one.1 == two.1, "trajectory.csv differs between RAYON_NUM_THREADS=1 and =2");
    assert_eq!(one.0.iter().filter(|&&b| b == b'\n').count(), 301, "header and 300 replicates");
}

#[test]
fn threads_option_does_not_change_the_csv_files() {
    assert_eq!(reported_threads(None, &["--threads", "1"]), 1);
    assert_eq!(reported_threads(None, &["--threads", "2"]), 2);
    let one = determinism_run(None, &["--threads", "1"]);
    let two = determinism_run(None, &["-j", "2"]);
    assert!(one.0 == two.0, "runs.csv differs between --threads 1 and --threads 2");
    assert!(one.1 == two.1, "trajectory.csv differs between --threads 1 and --threads 2");
}

#[test]
fn a_different_seed_gives_different_runs() {
    let dir = tmp();
    let (a, b) = (dir.path().join("seed7"), dir.path().join("seed8"));
    run_ok(dir.path(), "anxious-avoidant", &a, &["-n", "50", "--seed", "7"]);
    run_ok(dir.path(), "anxious-avoidant", &b, &["-n", "50", "--seed", "8"]);
    assert!(read(&a.join("runs.csv")) != read(&b.join("runs.csv")), "seeds 7 and 8 gave the same runs.csv");
    assert_eq!(read_json(&a.join("summary.json"))["seed"], 7);
    assert_eq!(read_json(&b.join("summary.json"))["seed"], 8);
}

// ---------------------------------------------------------------------------------------------
// 3. Output safety: an existing output folder is never half-overwritten
// ---------------------------------------------------------------------------------------------

#[test]
fn a_failed_rename_leaves_the_previous_run_untouched() {
    let dir = tmp();
    let out = dir.path().join("out");
    let short = ["--steps", "60", "--set", "outcome.horizon_window=60"];
    run_ok(dir.path(), "anxious-avoidant", &out, &[&["-n", "20", "--seed", "1"][..], &short].concat());
    std::fs::remove_file(out.join("trajectory.csv")).unwrap();
    std::fs::create_dir(out.join("trajectory.csv")).unwrap();
    let before = file_contents(&out);
    assert!(before.contains_key("runs.csv") && before.contains_key("summary.json"));

    let args = ["run", "anxious-avoidant", "--out", out.to_str().unwrap(), "--quiet", "-n", "20"];
    let failed = run_dyad(dir.path(), &[&args[..], &short, &["--seed", "2"]].concat())
        .expect_code(1, "dyad run into a folder with a folder named trajectory.csv");
    assert!(failed.stderr.starts_with("error: "), "{}", failed.stderr);
    assert!(
        failed.stderr.contains("trajectory.csv"),
        "the error names the file in the way:\n{}",
        failed.stderr
    );

    let after = file_contents(&out);
    assert!(after["runs.csv"] == before["runs.csv"], "runs.csv was changed by the failed run");
    for (name, bytes) in &before {
        assert!(after.get(name) == Some(bytes), "{name} was changed or removed by the failed run");
    }
    assert!(out.join("trajectory.csv").is_dir());
    assert_no_temporary_files(&out);
    assert_eq!(after.len(), before.len(), "the failed run added files: {:?}", after.keys());
}

#[test]
fn a_rerun_into_an_existing_folder_replaces_the_files() {
    let dir = tmp();
    let (out, fresh) = (dir.path().join("out"), dir.path().join("fresh"));
    let first = ["-n", "20", "--steps", "60", "--set", "outcome.horizon_window=60", "--seed", "1"];
    let second = ["-n", "30", "--steps", "60", "--set", "outcome.horizon_window=60", "--seed", "2"];
    run_ok(dir.path(), "anxious-avoidant", &out, &first);
    let runs_first = read(&out.join("runs.csv"));
    run_ok(dir.path(), "anxious-avoidant", &out, &second);
    run_ok(dir.path(), "anxious-avoidant", &fresh, &second);

    assert!(read(&out.join("runs.csv")) != runs_first, "the re-run did not replace runs.csv");
    for name in ["runs.csv", "trajectory.csv"] {
        assert!(read(&out.join(name)) == read(&fresh.join(name)), "{name} of the re-run != a fresh run");
    }
    let summary = read_json(&out.join("summary.json"));
    assert_eq!((summary["seed"].as_u64(), summary["replicates"].as_u64()), (Some(2), Some(30)));
    assert_no_temporary_files(&out);
    assert!(RUN_FILES.iter().all(|f| names_in(&out).contains(*f)), "{:?}", names_in(&out));
}

// ---------------------------------------------------------------------------------------------
// 4. Shipped and built-in scenarios
// ---------------------------------------------------------------------------------------------

#[test]
fn every_shipped_scenario_validates_and_runs() {
    let dir = tmp();
    for file in shipped_scenarios() {
        let path = file.to_str().expect("utf-8 path");
        let out = run_dyad(dir.path(), &["validate", path]).ok(&format!("dyad validate {path}"));
        assert!(out.stdout.contains(": ok"), "validate {path}:\n{}", out.stdout);

        let stem = file.file_stem().unwrap().to_str().unwrap();
        let out_dir = dir.path().join(stem);
        run_ok(
            dir.path(),
            path,
            &out_dir,
            &["-n", "10", "--steps", "60", "--set", "outcome.horizon_window=60"],
        );
        for name in RUN_FILES {
            let written = out_dir.join(name);
            assert!(read(&written).len() > 10, "{path}: {name} is empty");
        }
        let (_, runs) = read_csv(&out_dir.join("runs.csv"));
        assert_eq!(runs.len(), 10, "{path}: runs.csv rows");
        assert_no_temporary_files(&out_dir);
    }
}

#[test]
fn validate_accepts_several_files_at_once() {
    let dir = tmp();
    let files: Vec<PathBuf> = shipped_scenarios();
    let mut args = vec!["validate"];
    args.extend(files.iter().map(|f| f.to_str().unwrap()));
    let out = run_dyad(dir.path(), &args).ok("dyad validate scenarios/*.toml");
    assert_eq!(out.stdout.lines().filter(|l| l.contains(": ok")).count(), files.len(), "{}", out.stdout);
}

/// The text of the first fenced block of `lang` after the line `after` in the README.
fn readme_block(after: &str, lang: &str) -> String {
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let from = readme.find(after).unwrap_or_else(|| panic!("README has no {after:?}"));
    let fence = format!("```{lang}\n");
    let start = from + readme[from..].find(&fence).expect("a fenced block") + fence.len();
    let end = start + readme[start..].find("```").expect("a closed block");
    readme[start..end].to_string()
}

#[test]
fn validate_reports_every_problem_at_once_as_the_readme_shows() {
    let dir = tmp();
    let marker = "Mistakes are reported with the file, line, column";
    std::fs::write(dir.path().join("my-couple.toml"), readme_block(marker, "toml")).unwrap();
    let shown = readme_block(marker, "text");
    let expected = shown.strip_prefix("$ dyad validate my-couple.toml\n").expect("the command line first");
    let out = run_dyad(dir.path(), &["validate", "my-couple.toml"]).expect_code(2, "dyad validate");
    assert_eq!(out.stderr, expected, "the README example is not what the program prints");
    for (needle, at) in [
        ("unknown field `anxeity`", "my-couple.toml:5:1:"),
        ("partner.b.anxiety = 1.4 is out of range", "my-couple.toml:10:11:"),
        ("invalid type: string \"high\"", "my-couple.toml:11:13:"),
    ] {
        let line = out.stderr.lines().find(|l| l.contains(needle)).unwrap_or_else(|| panic!("{needle}"));
        assert!(line.contains(at), "{line}");
    }
    assert!(out.stderr.contains("did you mean `anxiety`?") && out.stderr.contains("(3 problems)"));
}

#[test]
fn list_names_the_shipped_scenarios() {
    let dir = tmp();
    let listed: BTreeSet<String> = listed_names(dir.path()).into_iter().collect();
    let shipped: BTreeSet<String> =
        shipped_scenarios().iter().map(|f| f.file_stem().unwrap().to_string_lossy().into_owned()).collect();
    assert_eq!(listed, shipped, "`dyad list` and scenarios/*.toml disagree");
}

#[test]
fn every_listed_scenario_can_be_shown_and_the_output_is_a_valid_scenario() {
    let dir = tmp();
    for name in listed_names(dir.path()) {
        let shown = run_dyad(dir.path(), &["show", &name]).ok(&format!("dyad show {name}"));
        assert!(shown.stdout.starts_with(&format!("# {name}: ")), "show {name}:\n{}", shown.stdout);
        let file = format!("shown-{name}.toml");
        std::fs::write(dir.path().join(&file), &shown.stdout).unwrap();
        let out = run_dyad(dir.path(), &["validate", &file]).ok(&format!("dyad validate (dyad show {name})"));
        assert!(out.stdout.contains(&format!("scenario `{name}`")), "validate {file}:\n{}", out.stdout);
        // The shown text is the built-in itself: running either gives the same runs.
        let (a, b) = (dir.path().join(format!("{name}-builtin")), dir.path().join(format!("{name}-shown")));
        let short = ["-n", "5", "--steps", "40", "--set", "outcome.horizon_window=40"];
        run_ok(dir.path(), &name, &a, &short);
        run_ok(dir.path(), &file, &b, &short);
        assert!(
            read(&a.join("runs.csv")) == read(&b.join("runs.csv")),
            "{name}: shown file runs differently"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// 5. dyad new
// ---------------------------------------------------------------------------------------------

#[test]
fn new_writes_a_valid_scenario() {
    let dir = tmp();
    let out = run_dyad(dir.path(), &["new", "my.toml"]).ok("dyad new my.toml");
    assert!(out.stdout.contains("wrote my.toml"), "{}", out.stdout);
    let text = String::from_utf8(read(&dir.path().join("my.toml"))).unwrap();
    assert!(
        text.lines().filter(|l| l.trim_start().starts_with('#')).count() > 5,
        "keys are explained:\n{text}"
    );
    let out = run_dyad(dir.path(), &["validate", "my.toml"]).ok("dyad validate my.toml");
    assert!(out.stdout.contains("my.toml: ok (scenario `my`"), "{}", out.stdout);
    assert_eq!(names_in(dir.path()), BTreeSet::from(["my.toml".to_string()]), "no temporary files left");
}

#[test]
fn new_from_a_builtin_runs() {
    let dir = tmp();
    run_dyad(dir.path(), &["new", "my.toml", "--from", "anxious-avoidant"]).ok("dyad new --from");
    let out = dir.path().join("out");
    run_ok(dir.path(), "my.toml", &out, &["-n", "10"]);
    let summary = read_json(&out.join("summary.json"));
    assert_eq!(summary["scenario"]["name"], "my");
    assert_eq!(summary["scenario"]["partner"]["a"]["anxiety"], 0.85, "traits come from anxious-avoidant");
    assert_eq!(summary["replicates"], 10);
    assert_eq!(read_csv(&out.join("runs.csv")).1.len(), 10);
}

#[test]
fn new_refuses_to_overwrite_without_force() {
    let dir = tmp();
    let file = dir.path().join("my.toml");
    std::fs::write(&file, "# my own notes\n").unwrap();
    let refused = run_dyad(dir.path(), &["new", "my.toml", "--from", "anxious-avoidant"])
        .expect_code(2, "dyad new over an existing file");
    assert!(refused.stderr.contains("my.toml already exists"), "{}", refused.stderr);
    assert!(refused.stderr.contains("--force"), "the error names the fix:\n{}", refused.stderr);
    assert_eq!(read(&file), b"# my own notes\n", "the existing file is untouched");

    run_dyad(dir.path(), &["new", "my.toml", "--from", "anxious-avoidant", "--force"]).ok("dyad new --force");
    assert!(read(&file) != b"# my own notes\n", "--force overwrites");
    run_dyad(dir.path(), &["validate", "my.toml"]).ok("dyad validate after --force");
}

// ---------------------------------------------------------------------------------------------
// 6. What `dyad run` prints and writes
// ---------------------------------------------------------------------------------------------

#[test]
fn run_writes_the_contracted_files() {
    let (steps, replicates) = (50usize, 20usize);
    let dir = tmp();
    let out = dir.path().join("results");
    let printed = run_ok(
        dir.path(),
        "anxious-avoidant",
        &out,
        &[
            "-n",
            &replicates.to_string(),
            "--steps",
            &steps.to_string(),
            "--set",
            &format!("outcome.horizon_window={steps}"),
            "--seed",
            "3",
        ],
    );

    // stdout: scenario, replicates, outcomes, the cycle and the output folder.
    let stdout = &printed.stdout;
    for want in ["anxious-avoidant", &format!("{replicates} replicates"), "pursue-withdraw"] {
        assert!(stdout.contains(want), "stdout lacks {want:?}:\n{stdout}");
    }
    for outcome in OUTCOMES {
        assert!(stdout.contains(outcome), "stdout lacks outcome {outcome:?}:\n{stdout}");
    }
    assert!(stdout.contains(out.to_str().unwrap()), "stdout does not name the output folder:\n{stdout}");

    // runs.csv: contracted columns first, one row per replicate.
    let (header, runs) = read_csv(&out.join("runs.csv"));
    assert_eq!(&header[..RUNS_COLUMNS.len()], &RUNS_COLUMNS[..], "runs.csv header");
    assert_eq!(runs.len(), replicates);
    let column = |name: &str| header.iter().position(|h| h == name).unwrap();
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for (i, row) in runs.iter().enumerate() {
        assert_eq!(row.len(), header.len(), "row {i} has as many fields as the header");
        assert_eq!(row[column("replicate")], i.to_string(), "replicates are numbered in order");
        let outcome = &row[column("outcome")];
        assert!(OUTCOMES.contains(&outcome), "row {i}: unknown outcome {outcome:?}");
        *counts.entry(outcome.to_string()).or_default() += 1;
    }

    // trajectory.csv: tidy, (steps + 1) x 13 rows.
    let text = String::from_utf8(read(&out.join("trajectory.csv"))).unwrap();
    assert_eq!(text.lines().next(), Some("step,variable,mean,sd,p05,p25,p50,p75,p95"));
    let (_, trajectory) = read_csv(&out.join("trajectory.csv"));
    assert_eq!(trajectory.len(), (steps + 1) * TRAJECTORY_ROWS_PER_STEP);
    let mut per_step: BTreeMap<usize, BTreeSet<String>> = BTreeMap::new();
    for row in &trajectory {
        per_step.entry(row[0].parse().expect("a step number")).or_default().insert(row[1].to_string());
    }
    assert_eq!(per_step.keys().copied().collect::<Vec<_>>(), (0..=steps).collect::<Vec<_>>());
    for (step, variables) in &per_step {
        assert_eq!(variables.len(), TRAJECTORY_ROWS_PER_STEP, "step {step}: {variables:?}");
        for v in TRAJECTORY_VARIABLES {
            assert!(variables.contains(v), "step {step} lacks variable {v}");
        }
    }

    // summary.json: the contracted keys, consistent with runs.csv.
    let summary = read_json(&out.join("summary.json"));
    for key in
        ["scenario", "seed", "dyad_version", "outcomes", "means", "steps", "replicates", "wall_time_seconds"]
    {
        assert!(summary.get(key).is_some(), "summary.json lacks `{key}`: {summary:#}");
    }
    assert_eq!(summary["seed"], 3);
    assert_eq!(summary["steps"], steps);
    assert_eq!(summary["replicates"], replicates);
    assert_eq!(summary["dyad_version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(summary["scenario"]["name"], "anxious-avoidant");
    assert!(summary["wall_time_seconds"].as_f64().is_some_and(|s| s >= 0.0));
    let shares = summary["outcomes"].as_object().expect("`outcomes` is an object");
    assert_eq!(shares.keys().map(String::as_str).collect::<BTreeSet<_>>(), BTreeSet::from(OUTCOMES));
    let total: f64 = shares.values().map(|v| v.as_f64().expect("a share")).sum();
    assert!((total - 1.0).abs() < 1e-9, "outcome shares sum to {total}");
    for (outcome, share) in shares {
        let expected = counts.get(outcome).copied().unwrap_or(0) as f64 / replicates as f64;
        assert!(
            (share.as_f64().unwrap() - expected).abs() < 1e-9,
            "{outcome}: {share} vs runs.csv {expected}"
        );
    }
    let mean_pw: f64 = runs.iter().map(|r| r[column("pursue_withdraw")].parse::<f64>().unwrap()).sum::<f64>()
        / replicates as f64;
    let reported = summary["means"]["pursue_withdraw"].as_f64().expect("means.pursue_withdraw");
    assert!((reported - mean_pw).abs() < 1e-5, "means.pursue_withdraw {reported} vs runs.csv {mean_pw}");
}

// ---------------------------------------------------------------------------------------------
// 7. --set
// ---------------------------------------------------------------------------------------------

#[test]
fn set_changes_the_result_and_is_recorded() {
    let dir = tmp();
    let (base, lowered) = (dir.path().join("base"), dir.path().join("lowered"));
    let common = ["-n", "20", "--steps", "100", "--set", "outcome.horizon_window=100", "--seed", "5"];
    run_ok(dir.path(), "anxious-avoidant", &base, &common);
    run_ok(
        dir.path(),
        "anxious-avoidant",
        &lowered,
        &[&common[..], &["--set", "partner.a.anxiety=0.3"]].concat(),
    );

    assert!(read(&base.join("runs.csv")) != read(&lowered.join("runs.csv")), "--set changed nothing");
    assert_eq!(read_json(&base.join("summary.json"))["scenario"]["partner"]["a"]["anxiety"], 0.85);
    let summary = read_json(&lowered.join("summary.json"));
    assert_eq!(summary["scenario"]["partner"]["a"]["anxiety"], 0.3);
    assert_eq!(summary["scenario"]["partner"]["b"]["anxiety"], 0.15, "the other partner is unchanged");
}

#[test]
fn set_on_a_file_scenario_and_ecr_scale() {
    let dir = tmp();
    let file = fixture("good/ecr.toml");
    let out = dir.path().join("out");
    run_ok(dir.path(), file.to_str().unwrap(), &out, &["-n", "20", "--set", "partner.b.avoidance=0.6"]);
    let partner = &read_json(&out.join("summary.json"))["scenario"]["partner"];
    let a_anxiety = partner["a"]["anxiety"].as_f64().unwrap();
    assert!((a_anxiety - 0.8).abs() < 1e-9, "ECR 5.8 is 0.8 on the unit scale, got {a_anxiety}");
    assert_eq!(partner["b"]["avoidance"], 0.6);
}

// ---------------------------------------------------------------------------------------------
// Interventions and life events: bad input in [[intervention]], [[event]] and --set.

mod timeline_input {
    use assert_cmd::Command;

    const COUPLE: &str =
        "[partner.a]\nanxiety = 0.85\navoidance = 0.15\n[partner.b]\nanxiety = 0.15\navoidance = 0.85\n";

    fn check(extra: &str, set: &[&str], expected: &[&str]) {
        let tmp = tempfile::tempdir().unwrap();
        let file = tmp.path().join("couple.toml");
        std::fs::write(&file, format!("{COUPLE}{extra}")).unwrap();
        let mut cmd = Command::cargo_bin("dyad").unwrap();
        cmd.current_dir(tmp.path()).args(["run", "couple.toml", "-n", "5", "--quiet", "--no-plots"]);
        for s in set {
            cmd.args(["--set", s]);
        }
        let out = cmd.output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
        for e in expected {
            assert!(stderr.contains(e), "expected {e:?} in:\n{stderr}");
        }
    }

    #[test]
    fn unknown_kind_lists_the_kinds_and_suggests() {
        check(
            "[[intervention]]\nkind = \"comunication\"\n",
            &[],
            &[
                "couple.toml:8:8:",
                "unknown variant `comunication`",
                "did you mean `communication`?",
                "therapy",
            ],
        );
    }

    #[test]
    fn end_before_start() {
        check(
            "[[intervention]]\nkind = \"coping\"\nstart = 100\nend = 50\n",
            &[],
            &["couple.toml:10:7:", "intervention.0.end = 50 is before intervention.0.start = 100", "help:"],
        );
    }

    #[test]
    fn misspelt_who() {
        check(
            "[[intervention]]\nkind = \"coping\"\nwho = \"bth\"\n",
            &[],
            &["couple.toml:9:7:", "unknown variant `bth`", "did you mean `both`?"],
        );
    }

    #[test]
    fn therapy_key_on_another_kind() {
        check(
            "[[intervention]]\nkind = \"coping\"\ndistance = \"close\"\n",
            &[],
            &["intervention.0.distance", "applies to kind = \"therapy\" only", "help: remove"],
        );
    }

    #[test]
    fn strength_out_of_range() {
        check(
            "[[intervention]]\nkind = \"coping\"\nstrength = 2\n",
            &[],
            &["couple.toml:9:12:", "intervention.0.strength = 2 is out of range", "0 to 1"],
        );
    }

    #[test]
    fn missing_kind() {
        check(
            "[[intervention]]\nstart = 10\n",
            &[],
            &["intervention.0 has no kind", "communication, boundaries"],
        );
    }

    #[test]
    fn stage_lengths_do_not_match_stages() {
        check(
            "[[intervention]]\nkind = \"therapy\"\nstages = [\"de-escalation\"]\nstage_lengths = [10, 20]\n",
            &[],
            &["1 stages but 2 stage lengths", "one length"],
        );
    }

    #[test]
    fn event_without_start_and_with_a_wrong_key() {
        check("[[event]]\nkind = \"stress\"\n", &[], &["event.0 has no start", "add start"]);
        check(
            "[[event]]\nkind = \"issues\"\nstart = 5\nmagnitude = 0.3\n",
            &[],
            &["event.0.magnitude", "applies to kind = \"stress\""],
        );
    }

    #[test]
    fn set_to_a_missing_intervention() {
        check(
            "",
            &["intervention.0.strength=0.5"],
            &["--set intervention.0.strength=0.5", "0 [[intervention]] entries", "numbered from 0"],
        );
    }

    #[test]
    fn set_a_bad_intervention_value() {
        check(
            "[[intervention]]\nkind = \"coping\"\n",
            &["intervention.0.strength=3"],
            &["--set intervention.0.strength=3", "out of range", "0 to 1"],
        );
        check(
            "[[intervention]]\nkind = \"coping\"\n",
            &["intervention.0.who=c"],
            &["--set intervention.0.who=c", "unknown variant `c`"],
        );
    }
}

#[test]
fn a_key_that_moved_in_0_2_says_where_it_went() {
    // model.v2.issue_rate (the 0.1 preview's) is environment.issue_rate since 0.2.0.
    let tmp = tempfile::tempdir().unwrap();
    let out = dyad(tmp.path())
        .args(["run", "anxious-avoidant", "--set", "model.v2.issue_rate=0.1", "-q"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("became `environment.issue_rate` in dyad 0.2.0"), "{stderr}");
    assert!(!stderr.contains("did you mean"), "no misleading suggestion: {stderr}");
    let file = tmp.path().join("old.toml");
    std::fs::write(
        &file,
        "[partner.a]\nanxiety = 0.5\navoidance = 0.5\n[partner.b]\nanxiety = 0.5\navoidance = 0.5\n\
         [model.v2]\nissue_rate = 0.1\n",
    )
    .unwrap();
    let out = dyad(tmp.path()).arg("validate").arg(&file).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("old.toml:8:1") && stderr.contains("became `environment.issue_rate`"),
        "{stderr}"
    );
}

#[test]
fn a_version_1_scenario_keeps_0_1_defaults() {
    // One year and 0.08 issues a day, unless the file says otherwise: 0.1's results reproduce.
    let sc = dyad::scenario::load_str(
        "[partner.a]\nanxiety = 0.5\navoidance = 0.5\n[partner.b]\nanxiety = 0.5\navoidance = 0.5\n\
         [model]\nversion = 1\n",
        "v1.toml",
        "v1",
        &[],
    )
    .unwrap();
    assert_eq!((sc.steps, sc.environment.issue_rate), (365, 0.08));
    let sc = dyad::scenario::load("anxious-avoidant", &[]).unwrap();
    assert_eq!((sc.model.version, sc.steps, sc.environment.issue_rate), (2, 1095, 0.05));
    let given = dyad::scenario::load(
        "anxious-avoidant",
        &["model.version=1".parse().unwrap(), "environment.issue_rate=0.2".parse().unwrap()],
    )
    .unwrap();
    assert_eq!((given.steps, given.environment.issue_rate), (1095, 0.2), "given values are kept");
}

#[test]
fn columns_and_figures_are_named_after_the_model_version() {
    // Version 2 keeps hopelessness and contempt where version 1 keeps exhaustion and resentment.
    let tmp = tempfile::tempdir().unwrap();
    for (version, tired, bitter) in [("1", "exhaustion", "resentment"), ("2", "hopelessness", "contempt")] {
        let out = tmp.path().join(format!("v{version}"));
        let set = format!("model.version={version}");
        dyad(tmp.path())
            .args(["run", "therapy-eft", "-n", "4", "--steps", "60", "-q", "--set", &set])
            .args(["--set", "outcome.horizon_window=60", "--out"])
            .arg(&out)
            .assert()
            .success();
        let runs = std::fs::read_to_string(out.join("runs.csv")).unwrap();
        let header = runs.lines().next().unwrap();
        for column in [
            format!("final_{tired}_a"),
            format!("average_{tired}_b"),
            format!("intervention_1_therapy_{tired}_a_end"),
        ] {
            assert!(header.split(',').any(|c| c == column), "version {version}: {column} in {header}");
        }
        let other = if version == "1" { "hopelessness" } else { "exhaustion" };
        assert!(!header.contains(other), "version {version}: no {other} column");
        let trajectory = std::fs::read_to_string(out.join("trajectory.csv")).unwrap();
        assert!(
            trajectory.contains(&format!(",{bitter}_b,")),
            "version {version}: trajectory names {bitter}"
        );
        let summary = std::fs::read_to_string(out.join("summary.json")).unwrap();
        assert!(summary.contains(&format!("\"max_{tired}_a\"")), "version {version}: summary means");
        assert!(out.join(format!("{tired}.png")).exists(), "version {version}: {tired}.png");
    }
}

// ---------------------------------------------------------------------------------------------
// Reliability (issue 11): names that escape outputs/, local files that shadow built-ins, runs
// too short for their outcome window, `show FILE`, and the thread bound.
// ---------------------------------------------------------------------------------------------

/// A sweep file: one point of anxious-avoidant, with `head` (e.g. a `name` line) on top.
fn sweep_text(head: &str) -> String {
    format!(
        "{head}base = \"anxious-avoidant\"\nreplicates = 2\n\n[[axis]]\nparam = \"partner.a.anxiety\"\nvalues = [0.5]\n"
    )
}

/// Runs `dyad ARGS` in `cwd` and checks it is refused as bad input with every `want` in stderr.
fn refused(cwd: &Path, args: &[&str], wants: &[&str]) -> Outcome {
    let what = format!("dyad {}", args.join(" "));
    let out = run_dyad(cwd, args).expect_code(2, &what);
    for want in wants {
        assert!(out.stderr.contains(want), "{what}: stderr lacks {want:?}:\n{}", out.stderr);
    }
    out
}

#[test]
fn sweep_names_escape_outputs() {
    let dir = tmp();
    let outside = dir.path().join("outside");
    let outside_name = outside.to_str().unwrap().to_string();
    for name in [outside_name.as_str(), "../../x", "..", "", "."] {
        let work = dir.path().join("work");
        std::fs::create_dir_all(&work).unwrap();
        std::fs::write(work.join("sw.toml"), sweep_text(&format!("name = {name:?}\n"))).unwrap();
        let wants = ["sw.toml:1:8:", "cannot name an output folder", "not empty, no slashes"];
        refused(&work, &["validate", "sw.toml"], &wants);
        refused(&work, &["sweep", "sw.toml", "--quiet", "--yes", "--no-plots"], &wants);
        assert_eq!(names_in(&work), BTreeSet::from(["sw.toml".to_string()]), "name {name:?} wrote files");
        assert_eq!(names_in(dir.path()), BTreeSet::from(["work".to_string()]), "name {name:?} escaped");
        std::fs::remove_dir_all(&work).unwrap();
    }
    assert!(!outside.exists());
}

#[test]
fn sweep_names_escape_outputs_through_the_file_name() {
    // `...toml` has the stem `..`: without a `name`, it would write to outputs/.. itself.
    let dir = tmp();
    std::fs::write(dir.path().join("...toml"), sweep_text("")).unwrap();
    let wants = [
        "...toml: the sweep file has no `name`",
        "\"..\" cannot name an output folder",
        "name = \"my-sweep\"",
    ];
    refused(dir.path(), &["validate", "...toml"], &wants);
    refused(dir.path(), &["sweep", "...toml", "--quiet", "--yes", "--no-plots"], &wants);
    let scenario = dyad::scenario::builtin::text("anxious-avoidant").unwrap();
    let nameless = scenario.replacen("name = \"anxious-avoidant\"\n", "", 1);
    std::fs::write(dir.path().join("...toml"), &nameless).unwrap();
    let wants = ["the scenario file has no `name`", "name = \"my-couple\""];
    refused(dir.path(), &["run", "...toml", "-n", "2", "--quiet", "--no-plots"], &wants);
    assert_eq!(names_in(dir.path()), BTreeSet::from(["...toml".to_string()]), "nothing was written");
    // With a `name`, the same file runs into outputs/<name>/.
    std::fs::write(dir.path().join("...toml"), format!("name = \"dots\"\n{nameless}")).unwrap();
    run_dyad(dir.path(), &["run", "...toml", "-n", "2", "--quiet", "--no-plots"])
        .ok("dyad run ...toml with a name");
    assert!(dir.path().join("outputs/dots/runs.csv").is_file());
}

#[test]
fn local_files_shadow_builtins() {
    let dir = tmp();
    let quick = ["-n", "3", "--quiet", "--no-plots"];
    let run = |cwd: &Path, spec: &str| {
        let out = cwd.join(format!("out-{}", spec.replace(['/', '.'], "_")));
        let args = [&["run", spec, "--out", out.to_str().unwrap()][..], &quick].concat();
        run_dyad(cwd, &args).ok(&format!("dyad {}", args.join(" ")));
        read_json(&out.join("summary.json"))["scenario"]["name"].as_str().unwrap().to_string()
    };
    // A folder of the built-in's name: `--out anxious-avoidant`, or the default outputs/ folder.
    std::fs::create_dir_all(dir.path().join("anxious-avoidant")).unwrap();
    assert_eq!(run(dir.path(), "anxious-avoidant"), "anxious-avoidant");
    run_dyad(dir.path(), &[&["run", "anxious-avoidant"][..], &quick].concat()).ok("dyad run into outputs/");
    let outputs = dir.path().join("outputs");
    assert!(outputs.join("anxious-avoidant").is_dir());
    assert_eq!(run(&outputs, "anxious-avoidant"), "anxious-avoidant", "run from inside outputs/");
    // A file of the built-in's name: the bare name is still the built-in, ./NAME is the file.
    let local = "name = \"local\"\n[partner.a]\nanxiety = 0.1\navoidance = 0.1\n[partner.b]\nanxiety = 0.1\navoidance = 0.1\n";
    std::fs::write(dir.path().join("secure-secure"), local).unwrap();
    assert_eq!(run(dir.path(), "secure-secure"), "secure-secure");
    assert_eq!(run(dir.path(), "./secure-secure"), "local");
    let shown = run_dyad(dir.path(), &["show", "secure-secure"]).ok("dyad show secure-secure").stdout;
    assert!(shown.starts_with("# secure-secure: "), "{shown}");
    let shown = run_dyad(dir.path(), &["show", "./secure-secure"]).ok("dyad show ./secure-secure").stdout;
    assert!(shown.starts_with("# local:") && shown.ends_with(local), "{shown}");
    let told =
        run_dyad(dir.path(), &["explain", "secure-secure", "--steps", "200"]).ok("dyad explain").stdout;
    let told_local =
        run_dyad(dir.path(), &["explain", "./secure-secure", "--steps", "200"]).ok("explain ./").stdout;
    assert!(told != told_local, "explain secure-secure told the local file");
    run_dyad(dir.path(), &["new", "copy.toml", "--from", "secure-secure"]).ok("dyad new --from");
    let copy = run_dyad(dir.path(), &["show", "copy.toml"]).ok("dyad show copy.toml").stdout;
    assert!(copy.contains("anxiety = 0.15"), "new --from copied the built-in secure-secure:\n{copy}");
    let compared = dir.path().join("compared");
    let args = ["compare", "secure-secure", "anxious-avoidant", "-n", "3", "--no-plots", "--out"];
    run_dyad(dir.path(), &[&args[..], &[compared.to_str().unwrap()]].concat()).ok("dyad compare");
    // A bare name that is only a local file says how to reach it.
    std::fs::write(dir.path().join("mine"), local).unwrap();
    for command in
        [&["run", "mine"][..], &["show", "mine"], &["explain", "mine"], &["new", "x.toml", "--from", "mine"]]
    {
        let out = refused(dir.path(), command, &["unknown scenario `mine`", "write `./mine`"]);
        assert!(!out.stderr.contains("it is not a file"), "{}", out.stderr);
    }
}

#[test]
fn show_and_new_from_a_file_that_exists() {
    let dir = tmp();
    let text = run_dyad(dir.path(), &["show", "secure-anxious"]).ok("dyad show").stdout;
    std::fs::write(
        dir.path().join("mine.toml"),
        text.replace("name = \"secure-anxious\"", "name = \"mine\""),
    )
    .unwrap();
    let shown = run_dyad(dir.path(), &["show", "mine.toml"]).ok("dyad show mine.toml").stdout;
    assert!(shown.starts_with("# mine: ") && shown.contains("dyad run mine.toml"), "{shown}");
    run_dyad(dir.path(), &["new", "copy.toml", "--from", "mine.toml"]).ok("dyad new --from mine.toml");
    let copy = run_dyad(dir.path(), &["validate", "copy.toml"]).ok("dyad validate copy.toml").stdout;
    assert!(copy.contains("scenario `copy`"), "{copy}");
    for command in [&["show", "gone.toml"][..], &["new", "x.toml", "--from", "gone.toml"]] {
        let out = refused(dir.path(), command, &["cannot read gone.toml", "No such file"]);
        assert!(!out.stderr.contains("it is not a file"), "{}", out.stderr);
    }
}

#[test]
fn short_runs_labelled_settled() {
    let dir = tmp();
    // Lowering the window is the way to run a short run.
    let out = dir.path().join("short");
    run_ok(
        dir.path(),
        "anxious-avoidant",
        &out,
        &["-n", "3", "--steps", "1", "--set", "outcome.horizon_window=1"],
    );
    let scenario = dyad::scenario::builtin::text("anxious-avoidant").unwrap();
    std::fs::write(dir.path().join("short.toml"), scenario.replace("steps = 1095", "steps = 10")).unwrap();
    refused(
        dir.path(),
        &["validate", "short.toml"],
        &["short.toml:3:9: steps = 10 is shorter than [outcome] horizon_window = 180"],
    );
    // A sweep whose steps and window are each fine, but not together at one point.
    let sweep = "name = \"w\"\nbase = \"anxious-avoidant\"\nreplicates = 2\n\n\
                 [[axis]]\nparam = \"steps\"\nvalues = [400, 200]\n\n\
                 [[axis]]\nparam = \"outcome.horizon_window\"\nvalues = [100, 300]\n";
    std::fs::write(dir.path().join("w.toml"), sweep).unwrap();
    let wants = ["point 4 (steps = 200, outcome.horizon_window = 300)", "steps = 200 is shorter than"];
    refused(dir.path(), &["validate", "w.toml"], &wants);
    refused(dir.path(), &["sweep", "w.toml", "--quiet", "--yes", "--no-plots"], &wants);
    assert!(!dir.path().join("outputs").exists(), "the refused sweep wrote nothing");
    let zipped = sweep.replace("name = \"w\"\n", "name = \"w\"\ndesign = \"zip\"\n");
    std::fs::write(dir.path().join("w.toml"), zipped).unwrap();
    refused(dir.path(), &["validate", "w.toml"], &["point 2 (steps = 200, outcome.horizon_window = 300)"]);
}
