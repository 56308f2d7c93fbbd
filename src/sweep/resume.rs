//! Checking that `--resume` continues the very sweep in the output folder: the same sweep (its
//! hash), the same `--shard` and the same `--trajectories`, and whether it already finished.
//! The partial file itself is read back by the runner.

use super::Sweep;
use super::runner::{PARTIAL, PARTIAL_MANIFEST, RunOptions, parse_variables};
use crate::error::{Error, Result};
use crate::metrics::trajectory::VARIABLES;
use std::path::Path;

/// What a `--resume` finds in the output folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResumeState {
    /// A partial file of this sweep (or no partial file: start afresh).
    Continue,
    /// The folder already holds this sweep, complete.
    AlreadyComplete,
}

/// Checks, before anything is written, that `--resume` continues this very sweep with the same
/// options: the same sweep (file content, seed, replicates, base scenario, dyad version: its
/// hash), the same `--shard` and the same `--trajectories`. Anything else would mix the rows of
/// two different runs in one file. A sweep that has not finished has its manifest in
/// `sweep.partial.json`.
pub fn check_resume(sweep: &Sweep, out_dir: &Path, opts: &RunOptions) -> Result<ResumeState> {
    let running = out_dir.join(PARTIAL_MANIFEST);
    let manifest_path = if running.exists() { running } else { out_dir.join("sweep.json") };
    let partial = out_dir.join(PARTIAL);
    let Ok(text) = std::fs::read_to_string(&manifest_path) else {
        if partial.exists() {
            return Err(Error::BadArgument(format!(
                "cannot resume in {}: it has {PARTIAL} but no sweep.json to tell which sweep it belongs to\n  help: run the sweep again without --resume",
                out_dir.display()
            )));
        }
        return Ok(ResumeState::Continue);
    };
    let refuse = |why: String, help: String| {
        Error::BadArgument(format!("cannot resume in {}: {why}\n  help: {help}", out_dir.display()))
    };
    let start_over = "or run without --resume to start over there";
    let manifest: serde_json::Value = serde_json::from_str(&text).map_err(|e| {
        refuse(
            format!(
                "{} is not valid JSON ({e}), so it cannot tell which run it belongs to",
                manifest_path.display()
            ),
            format!("choose another --out folder, {start_over}"),
        )
    })?;
    let hash = manifest["sweep"]["hash"].as_str().unwrap_or("none");
    if hash != sweep.hash {
        let file = manifest["sweep"]["file"].as_str().unwrap_or("?");
        return Err(refuse(
            format!(
                "it holds a different sweep: {} (sweep hash recorded {hash}, given {})",
                sweep_differences(sweep, &manifest).join("; "),
                sweep.hash
            ),
            format!(
                "resume with the sweep file it was started with ({file}) unchanged, or choose another --out folder, {start_over}"
            ),
        ));
    }
    let (k, n) = opts.shard.unwrap_or((1, 1));
    let theirs =
        (manifest["shard"]["index"].as_u64().unwrap_or(1), manifest["shard"]["count"].as_u64().unwrap_or(1));
    if theirs != (u64::from(k), u64::from(n)) {
        return Err(refuse(
            format!("--shard differs: recorded {}/{}, given {k}/{n}", theirs.0, theirs.1),
            match theirs {
                (1, 1) => format!("resume it without --shard, or choose another --out folder, {start_over}"),
                (k, n) => {
                    format!("resume it with --shard {k}/{n}, or choose another --out folder, {start_over}")
                }
            },
        ));
    }
    let recorded = recorded_trajectories(&manifest);
    let given: Vec<String> = opts.trajectories.iter().map(|&v| VARIABLES[v].to_string()).collect();
    if recorded != given {
        let list = |names: &[String]| if names.is_empty() { "none".to_string() } else { names.join(",") };
        let resume_with = if recorded.is_empty() {
            "resume it without --trajectories".to_string()
        } else {
            format!("resume it with --trajectories {}", recorded.join(","))
        };
        return Err(refuse(
            format!("--trajectories differs: recorded {}, given {}", list(&recorded), list(&given)),
            format!("{resume_with}, or choose another --out folder, {start_over}"),
        ));
    }
    if !partial.exists() && manifest["status"] == "complete" && out_dir.join("sweep.csv").exists() {
        return Ok(ResumeState::AlreadyComplete);
    }
    Ok(ResumeState::Continue)
}

/// What differs between the sweep recorded in a manifest and `sweep`, in words: `seed
/// recorded 11, given 12`; the sweep file's content when nothing recorded differs.
fn sweep_differences(sweep: &Sweep, manifest: &serde_json::Value) -> Vec<String> {
    let ours = super::manifest(sweep, &RunOptions::default(), "", "", None, None, 0, "");
    let mut found = Vec::new();
    if manifest["dyad_version"] != ours["dyad_version"] {
        found.push(format!(
            "dyad version recorded {}, given {}",
            manifest["dyad_version"], ours["dyad_version"]
        ));
    }
    for key in ["seed", "replicates", "design", "points", "axes", "base"] {
        let (theirs, mine) = (&manifest["sweep"][key], &ours["sweep"][key]);
        if theirs != mine {
            found.push(format!("{key} recorded {theirs}, given {mine}"));
        }
    }
    if manifest["sweep"]["base_scenario"] != ours["sweep"]["base_scenario"] {
        found.push("the base scenario's values differ".into());
    }
    if found.is_empty() {
        found.push("the sweep file's content differs".into());
    }
    found
}

/// The `--trajectories` variables a manifest records (by their [`VARIABLES`] names): its
/// `trajectories` list, or for a manifest written before that list, its command line.
fn recorded_trajectories(manifest: &serde_json::Value) -> Vec<String> {
    let names: Vec<String> = match manifest["trajectories"].as_array() {
        Some(list) => list.iter().map(|v| v.as_str().unwrap_or_default().to_string()).collect(),
        None => {
            let command = manifest["command"].as_str().unwrap_or_default();
            let mut words = command.split_whitespace().skip_while(|w| *w != "--trajectories").skip(1);
            words.next().map(|list| list.split(',').map(str::to_string).collect()).unwrap_or_default()
        }
    };
    names
        .into_iter()
        .map(|name| {
            parse_variables(&name)
                .ok()
                .and_then(|v| v.first().map(|&i| VARIABLES[i].to_string()))
                .unwrap_or(name)
        })
        .collect()
}
