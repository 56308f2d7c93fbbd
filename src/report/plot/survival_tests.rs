//! Tests of the survival and pairings figures: reading their files, drawing them from odd and
//! realistic folders.

use super::super::pairings::{PairingCell, PairingData, Pairings, read_pairings, style_index};
use super::*;
use crate::report::data::read_run;
use crate::report::plot::render;
use std::path::PathBuf;

fn write(dir: &Path, name: &str, text: &str) {
    std::fs::write(dir.join(name), text).unwrap();
}

/// A run folder with `summary.json` and a small `trajectory.csv`.
fn run_folder(dir: &Path, steps: u32, replicates: u64) -> RunData {
    std::fs::create_dir_all(dir).unwrap();
    let summary = serde_json::json!({
        "scenario": {
            "name": "anxious-avoidant",
            "partner": { "a": { "name": "Alex" }, "b": { "name": "Sam" } }
        },
        "replicates": replicates,
        "steps": steps,
        "outcomes": { "settled": 0.5, "escalated": 0.2, "dissolved": 0.1, "disengaged": 0.1, "cycling": 0.1 }
    });
    write(dir, "summary.json", &summary.to_string());
    write(
        dir,
        "trajectory.csv",
        "step,variable,mean,sd,p05,p25,p50,p75,p95\n\
         0,trust_a,0.5,0.1,0.3,0.4,0.5,0.6,0.7\n\
         1,trust_a,0.5,0.1,0.3,0.4,0.5,0.6,0.7\n",
    );
    read_run(dir).unwrap()
}

/// A Kaplan-Meier `survival.csv` of `n` couples over `steps` steps with a constant hazard
/// that leaves `end` of them together, and `censored` runs ending otherwise per step.
fn km_csv(n: f64, steps: u32, end: f64, censored: f64) -> String {
    let z = 1.959_963_984_540_054_f64;
    let hazard = -end.ln() / steps as f64;
    let mut out = SURVIVAL_HEADER.join(",") + "\n";
    let (mut at_risk, mut s, mut greenwood) = (n, 1.0f64, 0.0f64);
    let mut expected = 0.0;
    for t in 0..=steps {
        let d = if t == 0 {
            0.0
        } else {
            let before = expected;
            expected += hazard * at_risk;
            (expected.floor() - before.floor()).min(at_risk)
        };
        if d > 0.0 && at_risk > d {
            s *= 1.0 - d / at_risk;
            greenwood += d / (at_risk * (at_risk - d));
        }
        let (low, high) = if s < 1.0 {
            let se = greenwood.sqrt() / s.ln().abs();
            (s.powf((z * se).exp()), s.powf((-z * se).exp()))
        } else {
            (1.0, 1.0)
        };
        out += &format!("{t},{at_risk:.0},{d:.0},{s:.6},{low:.6},{high:.6}\n");
        at_risk -= d + if t > 0 { censored } else { 0.0 };
        at_risk = at_risk.max(0.0);
    }
    out
}

fn runs_csv(rows: &[(&str, [f64; 4])]) -> String {
    // Columns in an unusual order, with others around: read by name.
    let mut out = "replicate,seed,anxiety_b,outcome,outcome_step,avoidance_a,final_trust_a,anxiety_a,avoidance_b,who_left\n".to_string();
    for (k, (outcome, [anx_a, avo_a, anx_b, avo_b])) in rows.iter().enumerate() {
        out += &format!("{k},{k},{anx_b},{outcome},,{avo_a},0.5,{anx_a},{avo_b},\n");
    }
    out
}

/// Where to keep example figures: `$DYAD_PLOT_EXAMPLES/<name>` when set, else a temporary folder.
fn example_dir(tmp: &Path, name: &str) -> PathBuf {
    std::env::var_os("DYAD_PLOT_EXAMPLES").map_or_else(|| tmp.join(name), |d| PathBuf::from(d).join(name))
}

#[test]
fn reads_survival_csv() {
    let tmp = tempfile::tempdir().unwrap();
    assert_eq!(read_survival(tmp.path()).unwrap(), None);
    write(
        tmp.path(),
        "survival.csv",
        "step,at_risk,dissolved,survival,ci_low,ci_high\n\
         0,4,0,1.000000,1.000000,1.000000\n\
         1,4,1,0.750000,0.128000,0.961000\n\
         2,3,0,0.750000,NaN,0.961000\n",
    );
    let s = read_survival(tmp.path()).unwrap().unwrap();
    assert_eq!(s.step, vec![0.0, 1.0, 2.0]);
    assert_eq!(s.at_risk, vec![4.0, 4.0, 3.0]);
    assert_eq!(s.dissolved, vec![0.0, 1.0, 0.0]);
    assert_eq!(s.survival, vec![1.0, 0.75, 0.75]);
    assert_eq!(s.ci_high[1], 0.961);
    assert!(s.ci_low[2].is_nan());
}

#[test]
fn malformed_survival_csv_is_an_error_naming_the_file() {
    let tmp = tempfile::tempdir().unwrap();
    for text in [
        "",
        "step,at_risk,survival\n0,4,1\n",
        "step,at_risk,dissolved,survival,ci_low,ci_high\n0,4,0,one,1,1\n",
        "step,at_risk,dissolved,survival,ci_low,ci_high\n0,4,0,1,1\n",
        "step,at_risk,dissolved,survival,ci_low,ci_high\n0,4,0,7.5,1,1\n",
        "step,at_risk,dissolved,survival,ci_low,ci_high\n0,-4,0,1,1,1\n",
    ] {
        write(tmp.path(), "survival.csv", text);
        match read_survival(tmp.path()) {
            Err(Error::BadArgument(m)) => assert!(m.contains("survival.csv"), "{m}"),
            other => panic!("{text:?} gave {other:?}"),
        }
    }
    std::fs::write(
        tmp.path().join("survival.csv"),
        b"step,at_risk,dissolved,survival,ci_low,ci_high\n0,\xff,0,1,1,1\n",
    )
    .unwrap();
    assert!(matches!(read_survival(tmp.path()), Err(Error::BadArgument(m)) if m.contains("survival.csv")));
    write(tmp.path(), "survival.csv", "step,at_risk,dissolved,survival,ci_low,ci_high\n");
    assert_eq!(read_survival(tmp.path()).unwrap(), Some(SurvivalData::default()));
}

#[test]
fn reads_pairings_by_column_name() {
    let tmp = tempfile::tempdir().unwrap();
    assert_eq!(read_pairings(tmp.path()).unwrap(), None);
    let rows = [
        ("settled", [0.2, 0.2, 0.2, 0.2]),        // secure, secure
        ("dissolved", [0.2, 0.2, 0.2, 0.2]),      // secure, secure
        ("dissolved", [0.8, 0.2, 0.3, 0.9]),      // preoccupied, dismissing
        ("escalated", [0.8, 0.2, 0.3, 0.9]),      // preoccupied, dismissing
        ("cycling", [0.5, 0.5, 0.49, 0.1]),       // fearful, secure
        ("dissolved", [f64::NAN, 0.5, 0.1, 0.1]), // left out
    ];
    write(tmp.path(), "runs.csv", &runs_csv(&rows));
    let p = read_pairings(tmp.path()).unwrap().unwrap();
    assert_eq!(p.cells[0][0], PairingCell { runs: 2, dissolved: 1 });
    assert_eq!(p.cells[1][2], PairingCell { runs: 2, dissolved: 1 });
    assert_eq!(p.cells[3][0], PairingCell { runs: 1, dissolved: 0 });
    assert_eq!(p.total(), PairingCell { runs: 5, dissolved: 2 });
    assert_eq!(p.cells[2][2].share(), None);

    write(tmp.path(), "runs.csv", "replicate,outcome,anxiety_a\n0,settled,0.3\n");
    assert_eq!(read_pairings(tmp.path()).unwrap(), None);
    write(tmp.path(), "runs.csv", "");
    assert_eq!(read_pairings(tmp.path()).unwrap(), None);
}

#[test]
fn y_axis_zooms_only_when_the_band_stays_high() {
    assert_eq!(y_floor(&[1.0, 0.97]), 0.9);
    assert_eq!(y_floor(&[1.0, 0.87]), 0.8);
    assert_eq!(y_floor(&[1.0, 0.5]), 0.0);
    assert_eq!(y_floor(&[f64::NAN]), 0.0);
    assert_eq!(y_floor(&[]), 0.0);
}

#[test]
fn step_function_is_horizontal_then_vertical() {
    let s = stepped(&[0.0, 1.0, 2.0, 3.0], &[1.0, 1.0, 0.8, 0.8]);
    assert_eq!(s, vec![(0.0, 1.0), (2.0, 1.0), (2.0, 0.8), (3.0, 0.8)]);
    assert_eq!(stepped(&[0.0, 1.0], &[f64::NAN, 0.5]), vec![(1.0, 0.5)]);
}

#[test]
fn renders_both_figures() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let data = run_folder(dir, 4, 4);
    write(
        dir,
        "survival.csv",
        "step,at_risk,dissolved,survival,ci_low,ci_high\n\
         0,4,0,1.000000,1.000000,1.000000\n\
         1,4,1,0.750000,0.128000,0.961000\n\
         2,3,0,0.750000,0.128000,0.961000\n\
         3,3,2,0.250000,0.009000,0.665000\n\
         4,1,0,0.250000,0.009000,0.665000\n",
    );
    write(
        dir,
        "runs.csv",
        &runs_csv(&[("dissolved", [0.2, 0.2, 0.7, 0.7]), ("settled", [0.2, 0.2, 0.7, 0.7])]),
    );
    let curve = read_survival(dir).unwrap().unwrap();
    let pairings = read_pairings(dir).unwrap().unwrap();

    let drawn = render(dir, &Survival { data: &data, curve: &curve }, &Theme::STANDARD).unwrap();
    assert_eq!(drawn.stem, "survival");
    assert!(dir.join("survival.png").exists() && dir.join("survival.svg").exists());
    let svg = std::fs::read_to_string(dir.join("survival.svg")).unwrap();
    assert!(svg.contains("Number at risk") && svg.contains("median: day 3"), "survival.svg");
    assert!(svg.contains("dissolved by day 4: 75.0%") && !svg.contains("axis zoomed"));

    let drawn = render(dir, &Pairings { data: &data, pairings: &pairings }, &Theme::STANDARD).unwrap();
    assert_eq!(drawn.stem, "pairings");
    assert!(dir.join("pairings.png").exists() && dir.join("pairings.svg").exists());
    let svg = std::fs::read_to_string(dir.join("pairings.svg")).unwrap();
    assert!(svg.contains("n = 2") && svg.contains("50.0%") && svg.contains("no couples"));
    assert!(svg.contains("anxious-avoidant: Alex and Sam, 2 runs"));
}

#[test]
fn odd_input_draws_without_panicking() {
    let tmp = tempfile::tempdir().unwrap();
    let mut data = run_folder(tmp.path(), 10, 1);
    // No runs at all: `read_run` refuses such a summary.json, but the figures must not panic.
    data.summary["replicates"] = 0.into();
    let nan = SurvivalData {
        step: vec![0.0, 1.0, f64::NAN],
        at_risk: vec![f64::NAN; 3],
        dissolved: vec![0.0; 3],
        survival: vec![f64::NAN, 0.9, 0.8],
        ci_low: vec![f64::NAN; 3],
        ci_high: vec![1.0, f64::NAN, 0.9],
    };
    let ragged = SurvivalData {
        step: vec![0.0, 1.0, 2.0],
        at_risk: vec![3.0],
        survival: vec![1.0, 0.4, 0.3, 0.2],
        ..SurvivalData::default()
    };
    for (k, curve) in [SurvivalData::default(), nan, ragged].iter().enumerate() {
        let dir = example_dir(tmp.path(), &format!("odd-{k}"));
        render(&dir, &Survival { data: &data, curve }, &Theme::PROJECTOR).unwrap();
    }
    let empty = PairingData::default();
    let fig = Pairings { data: &data, pairings: &empty };
    assert_eq!(fig.scale_max(), 0.05);
    render(tmp.path(), &fig, &Theme::PROJECTOR).unwrap();
}

/// Realistic figures; set `DYAD_PLOT_EXAMPLES` to a folder to keep them and look at them.
#[test]
fn renders_realistic_examples() {
    let tmp = tempfile::tempdir().unwrap();
    // Three years, 2000 couples, 10% dissolved, some runs ending otherwise.
    let dir = example_dir(tmp.path(), "three-years");
    let data = run_folder(&dir, 1095, 2000);
    write(&dir, "survival.csv", &km_csv(2000.0, 1095, 0.9, 0.4));
    let curve = read_survival(&dir).unwrap().unwrap();
    render(&dir, &Survival { data: &data, curve: &curve }, &Theme::STANDARD).unwrap();
    let svg = std::fs::read_to_string(dir.join("survival.svg")).unwrap();
    assert!(svg.contains("1 y") && svg.contains("3 y") && svg.contains("axis zoomed"));

    // One year, 2% dissolved: the axis zooms in.
    let dir = example_dir(tmp.path(), "one-year");
    let data = run_folder(&dir, 365, 500);
    write(&dir, "survival.csv", &km_csv(500.0, 365, 0.98, 0.0));
    let curve = read_survival(&dir).unwrap().unwrap();
    render(&dir, &Survival { data: &data, curve: &curve }, &Theme::STANDARD).unwrap();
    let svg = std::fs::read_to_string(dir.join("survival.svg")).unwrap();
    assert!(svg.contains("axis zoomed") && svg.contains("\n350\n"));

    // Most couples dissolve: the median is reached.
    let dir = example_dir(tmp.path(), "median");
    let data = run_folder(&dir, 800, 300);
    write(&dir, "survival.csv", &km_csv(300.0, 800, 0.25, 0.05));
    let curve = read_survival(&dir).unwrap().unwrap();
    render(&dir, &Survival { data: &data, curve: &curve }, &Theme::PROJECTOR).unwrap();
    let svg = std::fs::read_to_string(dir.join("survival.svg")).unwrap();
    assert!(svg.contains("median: day"), "median label");

    // Pairings with a few empty cells.
    let dir = example_dir(tmp.path(), "pairings");
    let data = run_folder(&dir, 1095, 2000);
    let mut state = 12345u64;
    let mut uniform = move || {
        state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (state >> 11) as f64 / (1u64 << 53) as f64
    };
    let mut rows = Vec::new();
    while rows.len() < 2000 {
        let t = [uniform(), uniform() * 0.9, uniform(), uniform() * 0.7];
        let (a, b) = (style_index(t[0], t[1]).unwrap(), style_index(t[2], t[3]).unwrap());
        if a == 3 && b >= 2 {
            continue;
        }
        let risk = 0.01 + 0.05 * (a + b) as f64 + if (a, b) == (1, 2) { 0.15 } else { 0.0 };
        rows.push((if uniform() < risk { "dissolved" } else { "settled" }, t));
    }
    write(&dir, "runs.csv", &runs_csv(&rows));
    let pairings = read_pairings(&dir).unwrap().unwrap();
    render(&dir, &Pairings { data: &data, pairings: &pairings }, &Theme::STANDARD).unwrap();
    let svg = std::fs::read_to_string(dir.join("pairings.svg")).unwrap();
    assert!(svg.contains("no couples") && svg.contains("n = "));
    render(&dir.join("projector"), &Pairings { data: &data, pairings: &pairings }, &Theme::PROJECTOR)
        .unwrap();
}
