//! `summary.json`: the resolved scenario (every default filled in), the seed and seeding
//! scheme, the crate version, the outcome shares, the mean of every `runs.csv` metric, steps,
//! replicates, thread count and wall time. Wall-clock values appear only here, never in CSV.

use crate::engine::ScenarioResult;
use crate::error::{Error, Result};
use crate::metrics::METRICS;
use crate::scenario::Scenario;
use serde_json::{Map, Value, json};
use std::io::Write;

/// How a run was made, for provenance.
#[derive(Debug, Clone)]
pub struct RunInfo {
    /// The command that reproduces the run.
    pub command: String,
    /// Threads used.
    pub threads: usize,
    /// Wall time of the simulation, in seconds.
    pub wall_seconds: f64,
}

/// The seeding scheme, in words.
pub const SEEDING: &str = "replicate r of point p draws from Xoshiro256PlusPlus::seed_from_u64(derive_seed(seed, p, r)), \
derive_seed(m, p, r) = splitmix64(splitmix64(m ^ splitmix64(p)) ^ r); a run is point 0";

/// The summary as a JSON value.
pub fn summary(sc: &Scenario, result: &ScenarioResult, info: &RunInfo) -> Value {
    let outcomes: Map<String, Value> =
        result.outcome_shares().into_iter().map(|(o, share)| (o.to_string(), json!(share))).collect();
    let means: Map<String, Value> = METRICS
        .iter()
        .map(|(name, get)| (name.to_string(), result.mean(*get).map_or(Value::Null, |m| json!(m))))
        .collect();
    json!({
        "dyad_version": env!("CARGO_PKG_VERSION"),
        "scenario": sc,
        "seed": sc.seed,
        "seeding": SEEDING,
        "steps": sc.steps,
        "replicates": sc.replicates,
        "outcomes": outcomes,
        "means": means,
        "command": info.command,
        "threads": info.threads,
        "wall_time_seconds": info.wall_seconds,
    })
}

/// Writes `summary.json`.
pub fn write_summary(
    w: &mut dyn Write,
    sc: &Scenario,
    result: &ScenarioResult,
    info: &RunInfo,
) -> Result<()> {
    let value = summary(sc, result, info);
    serde_json::to_writer_pretty(&mut *w, &value)
        .map_err(|e| Error::Encode { what: "summary.json".into(), message: e.to_string() })?;
    writeln!(w).map_err(|source| Error::Write { path: "summary.json".into(), source })
}
