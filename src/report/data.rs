//! Reading an output folder back for plots and the report page: plots read results, never run
//! the model, and `dyad plot DIR` redraws from exactly these files.

use crate::error::{Error, Result};
use crate::metrics::trajectory::VARIABLES;
use crate::report::check::{Json, bad_cell, bad_file, bad_row, finite};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;

/// Per-step statistics of one variable, from `trajectory.csv`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Series {
    /// Steps.
    pub step: Vec<f64>,
    /// Mean over replicates.
    pub mean: Vec<f64>,
    /// Quantiles 5, 25, 50, 75, 95%.
    pub q: [Vec<f64>; 5],
}

/// What the run figures and report need from a run folder.
#[derive(Debug, Clone)]
pub struct RunData {
    /// `summary.json` as written.
    pub summary: Value,
    /// Variables of `trajectory.csv` by name.
    pub series: BTreeMap<String, Series>,
}

impl RunData {
    /// The model version of the run (1 for folders written before versions were recorded).
    pub fn version(&self) -> u32 {
        self.summary["scenario"]["model"]["version"].as_u64().map_or(1, |v| v as u32)
    }

    /// A series by variable name (empty if absent).
    pub fn get(&self, name: &str) -> &Series {
        static EMPTY: std::sync::OnceLock<Series> = std::sync::OnceLock::new();
        self.series.get(name).unwrap_or_else(|| EMPTY.get_or_init(Series::default))
    }

    /// The partners' names, A then B.
    pub fn names(&self) -> [String; 2] {
        ["a", "b"].map(|k| {
            self.summary["scenario"]["partner"][k]["name"].as_str().unwrap_or(&k.to_uppercase()).to_string()
        })
    }

    /// The scenario name.
    pub fn name(&self) -> String {
        self.summary["scenario"]["name"].as_str().unwrap_or("scenario").to_string()
    }

    /// Outcome shares in file order.
    pub fn outcomes(&self) -> Vec<(String, f64)> {
        crate::metrics::Outcome::ALL
            .iter()
            .map(|o| (o.to_string(), self.summary["outcomes"][o.as_str()].as_f64().unwrap_or(0.0)))
            .collect()
    }

    /// Spans to shade in figures: (first step, last step, label), interventions then events.
    pub fn spans(&self) -> Vec<(f64, f64, String)> {
        let sc = &self.summary["scenario"];
        let mut out = Vec::new();
        for iv in sc["intervention"].as_array().into_iter().flatten() {
            let label = iv["kind"].as_str().unwrap_or("intervention").replace('_', "-");
            out.push((iv["start"].as_f64().unwrap_or(0.0), iv["end"].as_f64().unwrap_or(0.0), label));
        }
        for e in sc["event"].as_array().into_iter().flatten() {
            let label = match e["kind"].as_str() {
                Some("issues") => "issues".to_string(),
                _ => "stress".to_string(),
            };
            out.push((e["start"].as_f64().unwrap_or(0.0), e["end"].as_f64().unwrap_or(0.0), label));
        }
        out
    }

    /// Number of steps.
    pub fn steps(&self) -> f64 {
        self.summary["steps"].as_f64().unwrap_or(365.0)
    }
}

fn not_output(dir: &Path, what: &str) -> Error {
    Error::BadArgument(format!(
        "{} is not a dyad output folder: {what}\n  help: give a folder written by `dyad run` or `dyad sweep`",
        dir.display()
    ))
}

/// How to get a good run folder back.
const RUN_HELP: &str = "it is written by `dyad run`; it was damaged or edited: run the scenario again (the command is recorded in summary.json)";

/// Reads `summary.json` and `trajectory.csv` of a run folder, checking both: every key the
/// figures and report read, shares from 0 to 1, whole numbers where they count, a number in
/// every cell of `trajectory.csv`.
pub fn read_run(dir: &Path) -> Result<RunData> {
    let summary_path = dir.join("summary.json");
    if !summary_path.exists() {
        return Err(not_output(dir, "it has no summary.json"));
    }
    let json = Json::read(&summary_path, RUN_HELP)?;
    let steps = check_summary(&json)?;
    let series = read_trajectory(&dir.join("trajectory.csv"), steps)?;
    Ok(RunData { summary: json.value, series })
}

/// Checks what the figures and the report read from `summary.json`; returns its steps.
fn check_summary(json: &Json) -> Result<u64> {
    let steps = json.whole("steps", 1)?;
    json.whole("replicates", 1)?;
    json.object("scenario")?;
    json.text("scenario.name")?;
    for key in ["a", "b"] {
        json.text(&format!("scenario.partner.{key}.name"))?;
        for t in ["anxiety", "avoidance", "initial_trust", "initial_exhaustion"] {
            let at = format!("scenario.partner.{key}.{t}");
            if !json.get(&at).is_null() {
                json.share(&at)?;
            }
        }
    }
    if !json.get("scenario.model.version").is_null() {
        json.number("scenario.model.version", 1.0, 2.0)?;
        json.whole("scenario.model.version", 1)?;
    }
    for list in ["scenario.intervention", "scenario.event"] {
        for i in 0..json.optional_array(list)? {
            for end in ["start", "end"] {
                let at = format!("{list}.{i}.{end}");
                if !json.get(&at).is_null() {
                    json.whole(&at, 0)?;
                }
            }
        }
    }
    let mut total = 0.0;
    for o in crate::metrics::Outcome::ALL {
        total += json.share(&format!("outcomes.{o}"))?;
    }
    if (total - 1.0).abs() > 1e-6 {
        return Err(json.fail("outcomes", format!("the outcome shares sum to {total}, not 1")));
    }
    let ends = ["dissolved", "ci_low", "ci_high"];
    shares_under(json, "survival.dissolved_by_last_step", &ends)?;
    for i in 0..json.optional_array("survival.dissolved_by_year")? {
        shares_under(json, &format!("survival.dissolved_by_year.{i}"), &ends)?;
    }
    shares_under(json, "reliable_change", &["improved", "recovered", "deteriorated"])?;
    if let Some(means) = json.get("means").as_object() {
        for (name, v) in means {
            if !v.is_null() && v.as_f64().is_none_or(|v| !v.is_finite()) {
                return Err(json.fail(&format!("means.{name}"), "is not a number"));
            }
        }
    }
    if !json.get("population").is_null() {
        json.object("population")?;
    }
    Ok(steps)
}

/// Checks that the keys `keys` of the table at `table` (when present) are shares.
fn shares_under(json: &Json, table: &str, keys: &[&str]) -> Result<()> {
    for key in keys {
        let at = format!("{table}.{key}");
        if !json.get(&at).is_null() {
            json.share(&at)?;
        }
    }
    Ok(())
}

/// The columns of `trajectory.csv`.
const TRAJECTORY_HEADER: [&str; 9] = ["step", "variable", "mean", "sd", "p05", "p25", "p50", "p75", "p95"];

/// How to get a good `trajectory.csv` back.
const TRAJECTORY_HELP: &str = "trajectory.csv is written by `dyad run`; it was damaged or edited: run the scenario again (the command is recorded in summary.json)";

/// Reads and checks `trajectory.csv`: its header, a known variable, a step from 0 to `steps` and
/// a number in every other cell (from 0 to 1, but for `issues`, a count).
fn read_trajectory(path: &Path, steps: u64) -> Result<BTreeMap<String, Series>> {
    let help = TRAJECTORY_HELP;
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_path(path)
        .map_err(|e| not_output(path.parent().unwrap_or(Path::new(".")), &format!("trajectory.csv: {e}")))?;
    let header = reader.headers().map_err(|e| bad_file(path, e, help))?.clone();
    if header.iter().ne(TRAJECTORY_HEADER) {
        let found = header.iter().collect::<Vec<_>>().join(",");
        let why = format!("line 1 (the header) is `{found}`, not `{}`", TRAJECTORY_HEADER.join(","));
        return Err(bad_file(path, why, help));
    }
    let mut series: BTreeMap<String, Series> = BTreeMap::new();
    for (i, record) in reader.records().enumerate() {
        let row = i + 1;
        let r = record.map_err(|e| bad_row(path, row, e, help))?;
        if r.len() != TRAJECTORY_HEADER.len() {
            let why = format!("it has {} of the 9 columns: it was cut short", r.len());
            return Err(bad_row(path, row, why, help));
        }
        let cell = |c: usize, why: String| bad_cell(path, row, c + 1, TRAJECTORY_HEADER[c], why, help);
        let step = r[0].parse::<u64>().ok().filter(|&t| t <= steps);
        let step = step.ok_or_else(|| cell(0, format!("`{}` is not a step from 0 to {steps}", &r[0])))?;
        let name = &r[1];
        let known = VARIABLES.iter().position(|v| *v == crate::metrics::unnamed(name));
        let var = known.ok_or_else(|| cell(1, format!("`{name}` is not a variable of trajectory.csv")))?;
        // `issues` is a count; every other variable is a level or a share from 0 to 1.
        let (max, range) = if var == 1 { (f64::MAX, "0 or more") } else { (1.0, "from 0 to 1") };
        let mut values = [0.0; 7];
        for (k, v) in values.iter_mut().enumerate() {
            *v = finite(&r[k + 2])
                .filter(|v| (0.0..=max).contains(v))
                .ok_or_else(|| cell(k + 2, format!("`{}` is not a number {range}", &r[k + 2])))?;
        }
        let s = series.entry(name.to_string()).or_default();
        s.step.push(step as f64);
        s.mean.push(values[0]);
        for k in 0..5 {
            s.q[k].push(values[2 + k]);
        }
    }
    Ok(series)
}

/// One row of `sweep.csv`.
#[derive(Debug, Clone, PartialEq)]
pub struct SweepRow {
    /// The value of each axis, as written.
    pub coords: Vec<String>,
    /// Every other column by name.
    pub values: BTreeMap<String, f64>,
}

impl SweepRow {
    /// A column's value (NaN when empty or absent).
    pub fn get(&self, column: &str) -> f64 {
        self.values.get(column).copied().unwrap_or(f64::NAN)
    }

    /// P(escalated or dissolved).
    pub fn p_bad(&self) -> f64 {
        self.get("p_escalated") + self.get("p_dissolved")
    }
}

/// What the sweep figures and report need from a sweep folder.
#[derive(Debug, Clone)]
pub struct SweepData {
    /// `sweep.json` as written.
    pub manifest: Value,
    /// The swept parameters, in column order.
    pub params: Vec<String>,
    /// The rows, in point order.
    pub rows: Vec<SweepRow>,
}

/// Reads `sweep.json` and `sweep.csv` of a sweep folder, checking each against the other (see
/// [`crate::sweep::table`]).
pub fn read_sweep(dir: &Path) -> Result<SweepData> {
    let manifest_path = dir.join("sweep.json");
    if !manifest_path.exists() {
        return Err(not_output(dir, "it has no sweep.json"));
    }
    let plan = crate::sweep::table::Plan::read(&manifest_path)?;
    let path = dir.join("sweep.csv");
    let text = std::fs::read_to_string(&path).map_err(|e| not_output(dir, &format!("sweep.csv: {e}")))?;
    let table = crate::sweep::table::read(&path, &text, &plan)?;
    let n = plan.params.len();
    let rows = table
        .rows
        .into_iter()
        .map(|row| SweepRow {
            coords: row.fields[..n].to_vec(),
            values: table.header[n..]
                .iter()
                .zip(&row.fields[n..])
                .map(|(h, v)| (h.clone(), v.parse().unwrap_or(f64::NAN)))
                .collect(),
        })
        .collect();
    Ok(SweepData { manifest: plan.manifest.value, params: plan.params, rows })
}
