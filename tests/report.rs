//! The reporter: every figure is drawn as PNG and SVG with the expected size and text,
//! `dyad plot` redraws identical files from the CSV files, and report.html is complete and
//! self-contained.

use assert_cmd::Command;
use std::path::{Path, PathBuf};

fn dyad(dir: &Path) -> Command {
    let mut c = Command::cargo_bin("dyad").unwrap();
    c.current_dir(dir).arg("--quiet");
    c
}

/// Width and height from a PNG's IHDR chunk.
fn png_size(path: &Path) -> (u32, u32) {
    let bytes = std::fs::read(path).unwrap();
    assert_eq!(&bytes[1..4], b"PNG", "{} is a PNG", path.display());
    let be = |i: usize| u32::from_be_bytes(bytes[i..i + 4].try_into().unwrap());
    (be(16), be(20))
}

fn run_folder(tmp: &Path, extra: &[&str]) -> PathBuf {
    let out = tmp.join("aa");
    dyad(tmp).args(["run", "anxious-avoidant", "-n", "60", "--out"]).arg(&out).args(extra).assert().success();
    out
}

#[test]
fn run_draws_each_figure_as_png_and_svg() {
    let tmp = tempfile::tempdir().unwrap();
    let out = run_folder(tmp.path(), &[]);
    for stem in ["trust", "hopelessness", "cycle"] {
        assert_eq!(png_size(&out.join(format!("{stem}.png"))), (1200, 720), "{stem}");
        assert!(
            std::fs::metadata(out.join(format!("{stem}.png"))).unwrap().len() > 10_000,
            "{stem} has content"
        );
        let svg = std::fs::read_to_string(out.join(format!("{stem}.svg"))).unwrap();
        assert!(svg.starts_with("<svg") && svg.contains("</svg>"));
        assert!(svg.contains("time (years; one step is a day)"), "{stem}: x axis title of a three-year run");
        assert!(
            svg.contains("anxious-avoidant: Sam and Alex"),
            "{stem}: title names the scenario and partners"
        );
        assert!(svg.contains("escalated"), "{stem}: title gives the outcome shares");
    }
    let trust = std::fs::read_to_string(out.join("trust.svg")).unwrap();
    assert!(
        trust.contains("Sam (A), median") && trust.contains("Alex (B), median"),
        "legend names the partners"
    );
    let cycle = std::fs::read_to_string(out.join("cycle.svg")).unwrap();
    for label in ["Sam pursues", "Alex withdraws (dashed)", "closeness", "runs still going"] {
        assert!(cycle.contains(label), "cycle legend: {label}");
    }
    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("summary.json")).unwrap()).unwrap();
    assert!(summary["plot_time_seconds"].as_f64().unwrap() > 0.0);
}

#[test]
fn projector_theme_is_larger() {
    let tmp = tempfile::tempdir().unwrap();
    let out = run_folder(tmp.path(), &["--theme", "projector"]);
    assert_eq!(png_size(&out.join("trust.png")), (1280, 800));
}

#[test]
fn no_plots_skips_drawing() {
    let tmp = tempfile::tempdir().unwrap();
    let out = run_folder(tmp.path(), &["--no-plots"]);
    assert!(out.join("runs.csv").exists());
    assert!(!out.join("trust.png").exists() && !out.join("report.html").exists());
}

#[test]
fn plot_redraws_identical_files_from_the_csv_files() {
    let tmp = tempfile::tempdir().unwrap();
    let out = run_folder(tmp.path(), &[]);
    let names = [
        "trust.png",
        "trust.svg",
        "hopelessness.png",
        "hopelessness.svg",
        "cycle.png",
        "cycle.svg",
        "report.html",
    ];
    let before: Vec<Vec<u8>> = names.iter().map(|n| std::fs::read(out.join(n)).unwrap()).collect();
    for n in names {
        std::fs::remove_file(out.join(n)).unwrap();
    }
    dyad(tmp.path()).arg("plot").arg(&out).assert().success();
    for (n, b) in names.iter().zip(before) {
        assert_eq!(std::fs::read(out.join(n)).unwrap(), b, "{n} differs after dyad plot");
    }
}

#[test]
fn report_has_every_section_and_no_external_reference() {
    let tmp = tempfile::tempdir().unwrap();
    let out = run_folder(tmp.path(), &[]);
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    for section in [
        "Teaching notes",
        "What it is",
        "Things to notice",
        "Things to try",
        "The couple",
        "Interventions",
        "Outcomes",
        "Figures",
        "Key metrics",
        "How to reproduce",
    ] {
        assert!(html.contains(&format!(">{section}<")), "section {section}");
    }
    assert!(html.contains("Sam") && html.contains("Alex") && html.contains("0.85"), "partner traits");
    assert!(
        html.contains("dyad run anxious-avoidant") && html.contains("--seed 42"),
        "the command to reproduce"
    );
    assert_eq!(
        html.matches("<svg").count(),
        4,
        "the four figures inline (trust, hopelessness, cycle, survival)"
    );
    assert!(html.contains(">Time to dissolution<"), "the survival section");
    for external in ["<script", "<link", "src=\"http", "href=\"http", "url(", "@import"] {
        assert!(!html.contains(external), "no external reference: {external}");
    }
}

#[test]
fn sweep_maps_have_colour_bars_and_axis_titles() {
    let tmp = tempfile::tempdir().unwrap();
    let sweep = tmp.path().join("map.toml");
    std::fs::write(
        &sweep,
        "name = \"map\"\nbase = \"anxious-avoidant\"\nreplicates = 20\n[[axis]]\nparam = \"partner.a.anxiety\"\nfrom = 0.0\nto = 1.0\nsteps = 5\n[[axis]]\nparam = \"partner.b.avoidance\"\nfrom = 0.0\nto = 1.0\nsteps = 4\n",
    )
    .unwrap();
    let out = tmp.path().join("out");
    dyad(tmp.path()).arg("sweep").arg(&sweep).arg("--out").arg(&out).assert().success();
    for q in ["risk", "settled", "trust"] {
        assert_eq!(png_size(&out.join(format!("map-{q}.png"))), (1200, 720));
        let svg = std::fs::read_to_string(out.join(format!("map-{q}.svg"))).unwrap();
        // The axes in words, with the partners' names (Sam and Alex in anxious-avoidant).
        assert!(svg.contains("Sam&apos;s anxiety") || svg.contains("Sam's anxiety"), "axis titles: {q}");
        assert!(
            svg.contains("Alex&apos;s avoidance") || svg.contains("Alex's avoidance"),
            "axis titles: {q}"
        );
    }
    let risk = std::fs::read_to_string(out.join("map-risk.svg")).unwrap();
    assert!(risk.contains("P(escalated or dissolved)"), "colour bar label");
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert_eq!(html.matches("<svg").count(), 3);
    assert!(!html.contains("<script"));
}

#[test]
fn one_axis_sweeps_draw_lines_and_scenario_sweeps_draw_bars() {
    let tmp = tempfile::tempdir().unwrap();
    let lines = tmp.path().join("lines.toml");
    std::fs::write(&lines, "base = \"secure-anxious\"\nreplicates = 20\n[[axis]]\nparam = \"environment.issue_rate\"\nvalues = [0.0, 0.1, 0.2]\n").unwrap();
    dyad(tmp.path()).arg("sweep").arg(&lines).args(["--out", "l"]).assert().success();
    let svg = std::fs::read_to_string(tmp.path().join("l/lines-risk.svg")).unwrap();
    assert!(svg.contains("issue rate (environment)") && svg.contains("95% Wilson"));
    let bars = tmp.path().join("bars.toml");
    std::fs::write(&bars, "base = \"secure-secure\"\nreplicates = 20\n[[axis]]\nparam = \"scenario\"\nvalues = [\"secure-secure\", \"anxious-avoidant\"]\n").unwrap();
    dyad(tmp.path()).arg("sweep").arg(&bars).args(["--out", "b"]).assert().success();
    let svg = std::fs::read_to_string(tmp.path().join("b/outcomes.svg")).unwrap();
    for o in ["settled", "escalated", "dissolved", "disengaged", "cycling", "anxious-avoidant"] {
        assert!(svg.contains(o), "{o}");
    }
}

#[test]
fn plot_refuses_a_folder_that_is_not_an_output() {
    let tmp = tempfile::tempdir().unwrap();
    dyad(tmp.path())
        .arg("plot")
        .arg(tmp.path())
        .assert()
        .code(2)
        .stderr(predicates::str::contains("not a dyad output folder"));
}

/// Runs `dyad plot DIR` after `damage` changed a copy of a good run folder; asserts exit code 2,
/// each of `wants` in stderr, and that nothing was drawn.
fn plot_refuses(good: &Path, name: &str, damage: impl Fn(&Path), wants: &[&str]) {
    let dir = good.parent().unwrap().join(name);
    std::fs::create_dir(&dir).unwrap();
    for f in ["summary.json", "trajectory.csv", "runs.csv", "survival.csv"] {
        std::fs::copy(good.join(f), dir.join(f)).unwrap();
    }
    damage(&dir);
    let out = dyad(good.parent().unwrap()).arg("plot").arg(&dir).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{name}: {stderr}");
    assert!(stderr.starts_with("error: ") && !stderr.contains("panicked"), "{name}: {stderr}");
    for want in wants {
        assert!(stderr.contains(want), "{name}: `{want}` missing from:\n{stderr}");
    }
    assert!(!dir.join("trust.png").exists() && !dir.join("report.html").exists(), "{name}: drew anyway");
}

/// Sets the value at a JSON pointer of `summary.json` in `dir`.
fn edit_summary(dir: &Path, pointer: &str, value: serde_json::Value) {
    let path = dir.join("summary.json");
    let mut json: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    *json.pointer_mut(pointer).unwrap_or_else(|| panic!("no {pointer}")) = value;
    std::fs::write(&path, serde_json::to_string_pretty(&json).unwrap()).unwrap();
}

/// Replaces line `line` (1 = the header) of `trajectory.csv` in `dir` by `f(line)`.
fn edit_trajectory(dir: &Path, line: usize, f: impl Fn(&str) -> String) {
    let path = dir.join("trajectory.csv");
    let text = std::fs::read_to_string(&path).unwrap();
    let lines: Vec<String> =
        text.lines().enumerate().map(|(i, l)| if i + 1 == line { f(l) } else { l.to_string() }).collect();
    std::fs::write(&path, lines.join("\n") + "\n").unwrap();
}

#[test]
fn plot_refuses_a_damaged_summary_json_or_trajectory_csv() {
    let tmp = tempfile::tempdir().unwrap();
    let good = tmp.path().join("good");
    dyad(tmp.path())
        .args([
            "run",
            "anxious-avoidant",
            "-n",
            "20",
            "--steps",
            "60",
            "--set",
            "outcome.horizon_window=60",
            "--no-plots",
            "--out",
        ])
        .arg(&good)
        .assert()
        .success();
    let set_cell = |column: usize, value: &'static str| {
        move |l: &str| {
            let mut cells: Vec<&str> = l.split(',').collect();
            cells[column] = value;
            cells.join(",")
        }
    };
    plot_refuses(
        &good,
        "empty",
        |d| std::fs::write(d.join("summary.json"), "{}").unwrap(),
        &["summary.json", "steps"],
    );
    plot_refuses(
        &good,
        "share",
        |d| edit_summary(d, "/outcomes/escalated", 7.5.into()),
        &["summary.json:", "outcomes.escalated = 7.5 is out of range", "from 0 to 1", "help: "],
    );
    plot_refuses(
        &good,
        "sum",
        |d| {
            edit_summary(d, "/outcomes/escalated", 0.9.into());
            edit_summary(d, "/outcomes/settled", 0.9.into());
        },
        &["outcomes", "sum to"],
    );
    plot_refuses(
        &good,
        "no-scenario",
        |d| edit_summary(d, "/scenario", serde_json::Value::Null),
        &["scenario"],
    );
    plot_refuses(
        &good,
        "text-in-mean",
        |d| edit_trajectory(d, 4, set_cell(2, "abc")),
        &["trajectory.csv: row 3 (line 4), column 3 `mean`", "`abc` is not a number"],
    );
    plot_refuses(
        &good,
        "trust-above-one",
        |d| edit_trajectory(d, 4, set_cell(4, "1.5")),
        &["trajectory.csv: row 3 (line 4), column 5 `p05`", "from 0 to 1"],
    );
    plot_refuses(
        &good,
        "cut-short",
        |d| edit_trajectory(d, 7, |l| l[..l.len() / 3].to_string()),
        &["trajectory.csv: row 6 (line 7)", "cut short"],
    );
    plot_refuses(
        &good,
        "step-beyond-the-end",
        |d| edit_trajectory(d, 2, set_cell(0, "61")),
        &["row 1 (line 2), column 1 `step`", "from 0 to 60"],
    );
    plot_refuses(
        &good,
        "unknown-variable",
        |d| edit_trajectory(d, 2, set_cell(1, "closenes")),
        &["column 2 `variable`", "closenes"],
    );
}
