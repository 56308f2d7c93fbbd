//! `dyad validate`: check scenario and sweep files, report every problem, change nothing.

use super::common::stdout_line;
use crate::error::{Error, Result};
use crate::scenario;
use std::path::{Path, PathBuf};

/// Runs `dyad validate FILE...`.
pub fn command(files: &[PathBuf]) -> Result<()> {
    let mut failed = Vec::new();
    for file in files {
        let spec = file.to_string_lossy();
        let is_file = matches!(scenario::spec::Spec::parse(&spec), scenario::spec::Spec::File(_));
        let checked = if is_file && is_sweep_file(file) {
            crate::sweep::load(file).map(|s| {
                let kind = if s.design.sensitivity() { "sensitivity analysis" } else { "sweep" };
                format!("{kind} `{}`, {} points x {} replicates", s.name, s.points.len(), s.replicates)
            })
        } else {
            scenario::load(&spec, &[]).map(|sc| {
                format!("scenario `{}`, {} replicates x {} steps", sc.name, sc.replicates, sc.steps)
            })
        };
        match checked {
            Ok(what) => stdout_line(&format!("{}: ok ({what})\n", file.display()))?,
            Err(e) => {
                eprintln!("error: {e}");
                failed.push(file.display().to_string());
            }
        }
    }
    if failed.is_empty() {
        Ok(())
    } else {
        Err(Error::BadArgument(format!(
            "{} of {} files are not valid: {}",
            failed.len(),
            files.len(),
            failed.join(", ")
        )))
    }
}

/// Whether a file is a sweep or sensitivity file: it has a `base` scenario, `[[axis]]` or
/// `[[factor]]` tables.
fn is_sweep_file(file: &Path) -> bool {
    let Ok(text) = std::fs::read_to_string(file) else { return false };
    match toml::from_str::<toml::Table>(&text) {
        Ok(t) => t.contains_key("base") || t.contains_key("axis") || t.contains_key("factor"),
        Err(_) => text
            .lines()
            .any(|l| matches!(l.trim_start(), s if s.starts_with("[[axis]]") || s.starts_with("[[factor]]"))),
    }
}
