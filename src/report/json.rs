//! `summary.json`: the resolved scenario (every default filled in), the seed and seeding
//! scheme, the crate version, the outcome shares, the mean of every `runs.csv` metric, steps,
//! replicates, thread count and wall time. Wall-clock values appear only here, never in CSV.

use crate::engine::ScenarioResult;
use crate::error::{Error, Result};
use crate::metrics::population::{STYLES, TRAITS, pairings, trait_outcome_correlations};
use crate::metrics::survival::SurvivalCurve;
use crate::metrics::{METRICS, Outcome, RunSummary};
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
        .map(|(name, get)| {
            (
                crate::metrics::named(name, sc.model.version),
                result.mean(*get).map_or(Value::Null, |m| json!(m)),
            )
        })
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
        "survival": survival(&result.survival(sc.steps)),
        "population": sc.population.as_ref().map_or(Value::Null, |_| population(&result.runs)),
        "reliable_change": reliable_change(sc, result),
        "command": info.command,
        "threads": info.threads,
        "wall_time_seconds": info.wall_seconds,
    })
}

/// Years at which the share dissolved is reported, when the horizon reaches them.
pub const SURVIVAL_YEARS: [u32; 4] = [1, 2, 3, 5];

/// The `survival` section: the share dissolved by 1, 2, 3 and 5 years (365 steps a year) where
/// the horizon reaches them, the median time to dissolution and its interval.
pub fn survival(curve: &SurvivalCurve) -> Value {
    let by_year: Vec<Value> = SURVIVAL_YEARS
        .iter()
        .filter_map(|&y| {
            curve.dissolved_by(365 * y).map(|(share, lo, hi)| {
                json!({ "years": y, "step": 365 * y, "dissolved": share, "ci_low": lo, "ci_high": hi })
            })
        })
        .collect();
    let (lo, hi) = curve.median_interval();
    let last = curve.steps();
    let (share, lo_last, hi_last) = curve.dissolved_by(last).unwrap_or((0.0, 0.0, 0.0));
    json!({
        "method": "Kaplan-Meier; runs that do not dissolve are censored at their last step; 95% log-log band with Greenwood's variance",
        "dissolved_by_year": by_year,
        "dissolved_by_last_step": { "step": last, "dissolved": share, "ci_low": lo_last, "ci_high": hi_last },
        "median_dissolution_step": curve.median(),
        "median_ci_low": lo,
        "median_ci_high": hi,
    })
}

/// The `population` section: outcome shares by style pairing with counts, and the
/// point-biserial correlation of each trait with each outcome.
pub fn population(runs: &[RunSummary]) -> Value {
    let table = pairings(runs);
    let mut cells = Vec::new();
    for (i, row) in table.iter().enumerate() {
        for (j, cell) in row.iter().enumerate() {
            let shares: Map<String, Value> = Outcome::ALL
                .iter()
                .map(|&o| (o.to_string(), cell.share(o).map_or(Value::Null, |v| json!(v))))
                .collect();
            cells.push(json!({ "a": STYLES[i], "b": STYLES[j], "runs": cell.runs, "outcomes": shares }));
        }
    }
    let correlations = trait_outcome_correlations(runs);
    let mut rows = Vec::new();
    for (t, name) in TRAITS.iter().enumerate() {
        for (k, o) in Outcome::ALL.iter().enumerate() {
            let c = correlations[t][k];
            rows.push(json!({
                "trait": name,
                "outcome": o.to_string(),
                "r": c.map(|c| c.r),
                "ci_low": c.map(|c| c.ci_low),
                "ci_high": c.map(|c| c.ci_high),
                "n": runs.len(),
            }));
        }
    }
    json!({
        "styles": "split at the scale midpoint: secure (anxiety and avoidance low), preoccupied (anxiety high), dismissing (avoidance high), fearful (both high)",
        "pairings": cells,
        "correlations": rows,
    })
}

/// The `reliable_change` section: the share of runs reliably improved, recovered (improved and
/// settled) and deteriorated (or dissolved), with the threshold and the baseline it is read from.
pub fn reliable_change(sc: &Scenario, result: &ScenarioResult) -> Value {
    let share = |f: fn(&RunSummary) -> bool| result.share(f);
    let baseline = if sc.intervention.is_empty() {
        "the start of the run"
    } else {
        "the step before the first intervention"
    };
    json!({
        "measure": "the couple's mean trust",
        "threshold": sc.outcome.reliable_change,
        "baseline": baseline,
        "improved": share(|r| r.improved),
        "recovered": share(RunSummary::recovered),
        "deteriorated": share(|r| r.deteriorated),
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

/// A UTC timestamp such as `2026-11-22T04:05:06Z`.
pub fn utc_timestamp(t: std::time::SystemTime) -> String {
    let secs = t.duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs()) as i64;
    let (days, rem) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z", rem / 3600, rem % 3600 / 60, rem % 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_are_civil_dates() {
        let t = std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_795_000_000);
        assert_eq!(utc_timestamp(t), "2026-11-18T11:06:40Z");
        assert_eq!(utc_timestamp(std::time::UNIX_EPOCH), "1970-01-01T00:00:00Z");
    }
}
