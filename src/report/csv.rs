//! `runs.csv` (one row per replicate) and `trajectory.csv` (tidy: one row per step and
//! variable). Column meanings: `docs/OUTPUTS.md`.

use super::fixed6;
use crate::error::{Error, Result};
use crate::metrics::survival::SurvivalCurve;
use crate::metrics::trajectory::{TrajectoryAggregate, VARIABLES};
use crate::metrics::{COUNT_METRICS, METRICS, RunSummary, named};
use std::io::Write;

fn encode(what: &str) -> impl Fn(csv::Error) -> Error + '_ {
    move |e| Error::Encode { what: what.to_string(), message: e.to_string() }
}

/// The columns of `runs.csv` under model `version` (see [`named`]); `interventions` names the
/// scenario's interventions in order (each adds eight columns
/// `intervention_<k>_<kind>_<trust|exhaustion>_<a|b>_<start|end>`).
pub fn runs_header(interventions: &[&str], version: u32) -> Vec<String> {
    let mut h: Vec<String> = ["replicate", "seed", "outcome", "outcome_step"].map(String::from).to_vec();
    h.extend(METRICS.iter().map(|(name, _)| named(name, version)));
    h.push("who_left".into());
    for (k, kind) in interventions.iter().enumerate() {
        for when in ["start", "end"] {
            for var in ["trust", "exhaustion"] {
                for who in ["a", "b"] {
                    h.push(named(&format!("intervention_{}_{kind}_{var}_{who}_{when}", k + 1), version));
                }
            }
        }
    }
    h
}

/// Writes `runs.csv` of a run of model `version`.
pub fn write_runs(
    w: &mut dyn Write,
    runs: &[RunSummary],
    interventions: &[&str],
    version: u32,
) -> Result<()> {
    let err = encode("runs.csv");
    let mut out = csv::Writer::from_writer(w);
    out.write_record(runs_header(interventions, version)).map_err(&err)?;
    for r in runs {
        let mut row = vec![
            r.replicate.to_string(),
            r.seed.to_string(),
            r.outcome.to_string(),
            r.outcome_step.map(|s| s.to_string()).unwrap_or_default(),
        ];
        row.extend(METRICS.iter().map(|(name, get)| match get(r) {
            Some(v) if COUNT_METRICS.contains(name) => format!("{v:.0}"),
            Some(v) => fixed6(v),
            None => String::new(),
        }));
        row.push(r.who_left.map(|w| w.key().to_string()).unwrap_or_default());
        for e in &r.interventions {
            for pair in [e.trust_start, e.exhaustion_start, e.trust_end, e.exhaustion_end] {
                match pair {
                    Some([a, b]) => row.extend([fixed6(a), fixed6(b)]),
                    None => row.extend([String::new(), String::new()]),
                }
            }
        }
        out.write_record(&row).map_err(&err)?;
    }
    out.flush().map_err(|e| Error::Encode { what: "runs.csv".into(), message: e.to_string() })
}

/// Writes `trajectory.csv` of a run of model `version`.
pub fn write_trajectory(w: &mut dyn Write, agg: &TrajectoryAggregate, version: u32) -> Result<()> {
    let err = encode("trajectory.csv");
    let mut out = csv::Writer::from_writer(w);
    out.write_record(["step", "variable", "mean", "sd", "p05", "p25", "p50", "p75", "p95"]).map_err(&err)?;
    let names: Vec<String> = VARIABLES.iter().map(|name| named(name, version)).collect();
    for t in 0..agg.len() {
        for (v, name) in names.iter().enumerate() {
            let s = agg.stats(t, v);
            let mut row = vec![t.to_string(), name.clone(), fixed6(s.mean), fixed6(s.sd)];
            row.extend(
                s.quantiles.iter().map(
                    |q| {
                        if v == 1 || v >= 8 { format!("{q:.0}") } else { format!("{q:.3}") }
                    },
                ),
            );
            out.write_record(&row).map_err(&err)?;
        }
    }
    out.flush().map_err(|e| Error::Encode { what: "trajectory.csv".into(), message: e.to_string() })
}

/// Writes `survival.csv`: the Kaplan-Meier estimate of staying together, one row per step.
pub fn write_survival(w: &mut dyn Write, curve: &SurvivalCurve) -> Result<()> {
    let err = encode("survival.csv");
    let mut out = csv::Writer::from_writer(w);
    out.write_record(["step", "at_risk", "dissolved", "survival", "ci_low", "ci_high"]).map_err(&err)?;
    for t in 0..curve.survival.len() {
        out.write_record([
            t.to_string(),
            curve.at_risk[t].to_string(),
            curve.dissolved[t].to_string(),
            fixed6(curve.survival[t]),
            fixed6(curve.ci_low[t]),
            fixed6(curve.ci_high[t]),
        ])
        .map_err(&err)?;
    }
    out.flush().map_err(|e| Error::Encode { what: "survival.csv".into(), message: e.to_string() })
}
