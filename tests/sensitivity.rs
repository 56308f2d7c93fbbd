//! `dyad sensitivity`, `dyad merge` of its shards and `dyad discover`, end to end through the
//! binary: the files written, byte-identity across thread counts and for merged shards, the
//! shipped example files, and located errors for bad sensitivity files.
//!
//! The estimators themselves are checked against functions with known indices (Ishigami, the
//! Sobol G function) and against SALib in the library's unit tests (`src/sensitivity/`).

use assert_cmd::Command;
use serde_json::Value;
use std::path::{Path, PathBuf};
use tempfile::TempDir;

struct Sandbox {
    dir: TempDir,
}

impl Sandbox {
    fn new() -> Self {
        Sandbox { dir: tempfile::tempdir().expect("create a temporary folder") }
    }

    fn join(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn write(&self, name: &str, text: &str) {
        std::fs::write(self.join(name), text).expect("write a test file");
    }

    fn dyad(&self, args: &[&str]) -> Command {
        let mut cmd = Command::cargo_bin("dyad").expect("the dyad binary");
        cmd.current_dir(self.dir.path()).arg("--quiet").args(args);
        cmd
    }

    fn ok(&self, args: &[&str]) -> String {
        let out = self.dyad(args).output().expect("run dyad");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "dyad {args:?} failed ({:?}):\n{stderr}", out.status.code());
        String::from_utf8(out.stdout).expect("utf-8 stdout")
    }

    fn fails(&self, args: &[&str]) -> String {
        let out = self.dyad(args).output().expect("run dyad");
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        assert_eq!(out.status.code(), Some(2), "dyad {args:?} should exit with 2; stderr:\n{stderr}");
        assert!(!stderr.contains("panicked"), "dyad {args:?} panicked:\n{stderr}");
        stderr
    }

    fn read(&self, path: &str) -> String {
        std::fs::read_to_string(self.join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
    }
}

/// Three factors, 16 base points: 80 points of 8 couples over about a year.
fn sobol_file() -> String {
    r#"
name = "small-sobol"
base = "anxious-avoidant"
replicates = 8
seed = 7
method = "sobol"
samples = 16
outputs = ["escalated", "mean_final_trust_a"]
bootstrap = 200

[[factor]]
param = "partner.a.anxiety"
from = 0.2
to = 0.9

[[factor]]
param = "partner.b.avoidance"
from = 0.2
to = 0.9

[[factor]]
param = "steps"
from = 300
to = 365
"#
    .to_string()
}

fn rows(csv: &str) -> Vec<Vec<String>> {
    csv.lines().skip(1).map(|l| l.split(',').map(str::to_string).collect()).collect()
}

#[test]
fn a_sobol_analysis_writes_its_indices_the_same_for_any_thread_count_and_for_merged_shards() {
    let sb = Sandbox::new();
    sb.write("s.toml", &sobol_file());
    let printed = sb.ok(&["--threads", "1", "sensitivity", "s.toml", "--out", "one"]);
    assert!(printed.contains("p_escalated"), "{printed}");
    assert!(printed.contains("ST"), "{printed}");
    let csv = sb.read("one/sensitivity.csv");
    assert_eq!(csv.lines().next(), Some("output,factor,method,index,value,ci_low,ci_high"));
    let r = rows(&csv);
    assert_eq!(r.len(), 2 * 3 * 2, "two outputs x three factors x (S1, ST)");
    for row in &r {
        assert_eq!(row[2], "sobol");
        assert!(row[3] == "S1" || row[3] == "ST", "{row:?}");
        let (v, lo, hi): (f64, f64, f64) =
            (row[4].parse().unwrap(), row[5].parse().unwrap(), row[6].parse().unwrap());
        assert!(v.is_finite() && lo <= hi, "an estimate and its interval: {row:?}");
    }
    // Partner A's anxiety and B's avoidance move escalation more than three weeks more or less.
    let st = |factor: &str| -> f64 {
        r.iter().find(|x| x[0] == "p_escalated" && x[1] == factor && x[3] == "ST").unwrap()[4]
            .parse()
            .unwrap()
    };
    assert!(st("partner.a.anxiety").max(st("partner.b.avoidance")) > st("steps"), "{csv}");
    let conv = sb.read("one/convergence.csv");
    assert_eq!(conv.lines().next(), Some("output,factor,index,samples,value,ci_low,ci_high"));
    assert!(conv.contains(",16,") && conv.contains(",2,"), "{conv}");
    let manifest: Value = serde_json::from_str(&sb.read("one/sensitivity.json")).unwrap();
    assert_eq!(manifest["method"]["name"], "sobol");
    assert_eq!(manifest["method"]["points"], 80);
    for f in
        ["sensitivity-p_escalated.png", "sensitivity-p_escalated.svg", "sensitivity-mean_final_trust_a.png"]
    {
        assert!(sb.join("one").join(f).is_file(), "{f}");
    }

    sb.ok(&["--threads", "2", "sensitivity", "s.toml", "--out", "two"]);
    for f in ["sweep.csv", "sensitivity.csv", "convergence.csv"] {
        assert_eq!(sb.read(&format!("one/{f}")), sb.read(&format!("two/{f}")), "{f} with 2 threads");
    }

    sb.ok(&["sensitivity", "s.toml", "--shard", "1/2", "--out", "k1"]);
    sb.ok(&["sensitivity", "s.toml", "--shard", "2/2", "--out", "k2"]);
    assert!(!sb.join("k1").join("sensitivity.csv").exists(), "a shard alone is not analysed");
    let merged = sb.ok(&["merge", "k2", "k1", "--out", "merged"]);
    assert!(merged.contains("p_escalated"), "merge analyses the merged design: {merged}");
    for f in ["sweep.csv", "sensitivity.csv", "convergence.csv"] {
        assert_eq!(sb.read(&format!("one/{f}")), sb.read(&format!("merged/{f}")), "{f} of merged shards");
    }
}

#[test]
fn a_morris_screening_writes_mu_star_mu_and_sigma() {
    let sb = Sandbox::new();
    let text = sobol_file()
        .replace("method = \"sobol\"", "method = \"morris\"\nlevels = 4")
        .replace("samples = 16", "samples = 6");
    sb.write("m.toml", &text);
    sb.ok(&["sensitivity", "m.toml", "--out", "m"]);
    let r = rows(&sb.read("m/sensitivity.csv"));
    assert_eq!(r.len(), 2 * 3 * 3, "two outputs x three factors x (mu_star, mu, sigma)");
    for row in &r {
        assert_eq!(row[2], "morris");
        let v: f64 = row[4].parse().unwrap();
        if row[3] != "mu" {
            assert!(v >= 0.0, "mu* and sigma are not negative: {row:?}");
        }
    }
    let manifest: Value = serde_json::from_str(&sb.read("m/sensitivity.json")).unwrap();
    assert_eq!(manifest["method"]["points"], 6 * 4);
    assert!(!sb.join("m").join("convergence.csv").exists());

    // `dyad plot` redraws the sensitivity figures in another theme; the numbers stay.
    let before = sb.read("m/sensitivity.csv");
    let width = |f: &str| {
        let png = std::fs::read(sb.join("m").join(f)).unwrap();
        u32::from_be_bytes([png[16], png[17], png[18], png[19]])
    };
    assert_eq!(width("sensitivity-p_escalated.png"), 1200);
    sb.ok(&["plot", "m", "--theme", "projector"]);
    assert_eq!(width("sensitivity-p_escalated.png"), 1280, "redrawn for the projector");
    assert_eq!(sb.read("m/sensitivity.csv"), before);
}

#[test]
fn bad_sensitivity_files_are_located_and_explained() {
    let sb = Sandbox::new();
    let cases: [(&str, &str, &[&str]); 6] = [
        ("samples = 16", "samples = 20", &["samples = 20 is not a power of two", "use 16 or 32"]),
        (
            "\"escalated\", ",
            "\"escalatd\", ",
            &["`escalatd` is not an output", "did you mean `p_escalated`?"],
        ),
        ("method = \"sobol\"", "method = \"grid\"", &["method = \"grid\" is not a sensitivity method"]),
        ("bootstrap = 200", "bootstrap = 5", &["bootstrap = 5 is out of range", "100 to 100000"]),
        (
            "param = \"steps\"",
            "param = \"partner.a.anxeity\"",
            &["is not a key that can be swept", "did you mean `partner.a.anxiety`?"],
        ),
        ("method = \"sobol\"", "method = \"morris\"\nlevels = 3", &["levels = 3", "even number"]),
    ];
    for (from, to, wanted) in cases {
        let text = sobol_file().replace(from, to);
        assert_ne!(text, sobol_file(), "{from} is in the file");
        sb.write("bad.toml", &text);
        let err = sb.fails(&["sensitivity", "bad.toml", "--out", "bad"]);
        assert!(err.contains("bad.toml:"), "the file is named: {err}");
        for w in wanted {
            assert!(err.contains(w), "{to}: wanted {w:?} in\n{err}");
        }
        assert!(!sb.join("bad").exists(), "nothing is written for a bad file");
    }
    // A plain sweep file is not an analysis.
    sb.write("grid.toml", "base = \"anxious-avoidant\"\nreplicates = 2\n[[axis]]\nparam = \"partner.a.anxiety\"\nvalues = [0.1, 0.2]\n");
    let err = sb.fails(&["sensitivity", "grid.toml"]);
    assert!(
        err.contains("not a sensitivity analysis") && err.contains("method = \\\"sobol\\\"")
            || err.contains("method = \"sobol\""),
        "{err}"
    );
}

#[test]
fn the_shipped_sensitivity_files_are_valid() {
    let sb = Sandbox::new();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/sweeps");
    for name in ["constants-sobol.toml", "constants-morris.toml"] {
        let path = root.join(name);
        sb.ok(&["validate", path.to_str().unwrap()]);
    }
}

#[test]
fn discover_finds_where_the_cycle_escalates_and_says_it_in_words() {
    let sb = Sandbox::new();
    sb.write(
        "map.toml",
        r#"
base = "anxious-avoidant"
replicates = 24
seed = 3
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
"#,
    );
    sb.ok(&["sweep", "map.toml", "--out", "map"]);
    let said = sb.ok(&["discover", "map"]);
    let first = said.lines().next().unwrap();
    assert!(first.starts_with("escalation or dissolution in "), "{said}");
    assert!(first.contains("of couples when Sam's anxiety >= "), "{said}");
    assert!(first.contains("Alex's avoidance >= "), "{said}");
    assert!(first.contains("this box holds "), "{said}");
    let csv = sb.read("map/discover.csv");
    assert!(csv.starts_with(
        "box,coverage,density,mass,points,restricted,partner.a.anxiety.lower,partner.a.anxiety.upper,partner.b.avoidance.lower,partner.b.avoidance.upper\n"
    ));
    let json: Value = serde_json::from_str(&sb.read("map/discover.json")).unwrap();
    assert_eq!(json["outcome"], "risk");
    assert!(
        json["box"]["density"].as_f64().unwrap() > json_density_of_all(&csv),
        "the box is denser than the sweep"
    );
    assert!(sb.join("map/discover.png").is_file());
    // The sweep's own files are untouched.
    assert!(sb.join("map/sweep.csv").is_file());

    let above = sb.ok(&["discover", "map", "--outcome", "escalated", "--above", "0.3"]);
    assert!(above.starts_with("escalation above 30% at ") || above.starts_with("no box"), "{above}");
    let err = sb.fails(&["discover", "map", "--outcome", "escalatd"]);
    assert!(err.contains("did you mean `escalated`?"), "{err}");
    let err = sb.fails(&["discover", "nowhere"]);
    assert!(err.contains("not a sweep folder"), "{err}");
}

/// The density of the first box of the peeling trajectory: the whole sweep.
fn json_density_of_all(csv: &str) -> f64 {
    csv.lines().nth(1).unwrap().split(',').nth(2).unwrap().parse().unwrap()
}
