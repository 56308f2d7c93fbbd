//! Reading an output folder back for plots and the report page: plots read results, never run
//! the model, and `dyad plot DIR` redraws from exactly these files.

use crate::error::{Error, Result};
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

fn read_json(path: &Path) -> Result<Value> {
    let text = std::fs::read_to_string(path).map_err(|source| Error::Read { path: path.into(), source })?;
    serde_json::from_str(&text)
        .map_err(|e| Error::BadArgument(format!("{}: not valid JSON: {e}", path.display())))
}

/// Reads `summary.json` and `trajectory.csv` of a run folder.
pub fn read_run(dir: &Path) -> Result<RunData> {
    let summary_path = dir.join("summary.json");
    if !summary_path.exists() {
        return Err(not_output(dir, "it has no summary.json"));
    }
    let summary = read_json(&summary_path)?;
    let path = dir.join("trajectory.csv");
    let mut reader =
        csv::Reader::from_path(&path).map_err(|e| not_output(dir, &format!("trajectory.csv: {e}")))?;
    let mut series: BTreeMap<String, Series> = BTreeMap::new();
    for record in reader.records() {
        let r = record.map_err(|e| not_output(dir, &format!("trajectory.csv: {e}")))?;
        let num = |i: usize| r.get(i).and_then(|s| s.parse::<f64>().ok()).unwrap_or(f64::NAN);
        let s = series.entry(r.get(1).unwrap_or_default().to_string()).or_default();
        s.step.push(num(0));
        s.mean.push(num(2));
        for k in 0..5 {
            s.q[k].push(num(4 + k));
        }
    }
    Ok(RunData { summary, series })
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

/// Reads `sweep.json` and `sweep.csv` of a sweep folder.
pub fn read_sweep(dir: &Path) -> Result<SweepData> {
    let manifest_path = dir.join("sweep.json");
    if !manifest_path.exists() {
        return Err(not_output(dir, "it has no sweep.json"));
    }
    let manifest = read_json(&manifest_path)?;
    let params: Vec<String> = manifest["sweep"]["axes"]
        .as_array()
        .map(|a| a.iter().filter_map(|x| x["param"].as_str().map(str::to_string)).collect())
        .unwrap_or_default();
    let path = dir.join("sweep.csv");
    let mut reader =
        csv::Reader::from_path(&path).map_err(|e| not_output(dir, &format!("sweep.csv: {e}")))?;
    let header: Vec<String> = reader
        .headers()
        .map_err(|e| not_output(dir, &format!("sweep.csv: {e}")))?
        .iter()
        .map(str::to_string)
        .collect();
    let mut rows = Vec::new();
    for record in reader.records() {
        let r = record.map_err(|e| not_output(dir, &format!("sweep.csv: {e}")))?;
        let coords = (0..params.len()).map(|i| r.get(i).unwrap_or_default().to_string()).collect();
        let values = header
            .iter()
            .enumerate()
            .skip(params.len())
            .map(|(i, h)| (h.clone(), r.get(i).and_then(|s| s.parse().ok()).unwrap_or(f64::NAN)))
            .collect();
        rows.push(SweepRow { coords, values });
    }
    Ok(SweepData { manifest, params, rows })
}
