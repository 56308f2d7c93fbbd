//! `dyad explain`, `dyad animate` and `dyad compare`: the classroom commands.

use super::common::{options, stdout_line, terminal_width};
use crate::error::{Error, Result};
use crate::output::{Commit, OutputFolder};
use crate::report::plot::Theme;
use crate::scenario::{self, Scenario};
use std::path::{Path, PathBuf};

/// Runs `dyad explain`: the story of one run.
pub fn explain(sc: &Scenario) -> Result<()> {
    stdout_line(&crate::classroom::narrate::explain(sc, 0, terminal_width()))
}

/// Runs `dyad animate`: one run as a GIF.
pub fn animate(sc: &Scenario, out: Option<PathBuf>, theme: Theme) -> Result<()> {
    let path = out.unwrap_or_else(|| Path::new("outputs").join(&sc.name).join("animation.gif"));
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|source| Error::Write { path: dir.into(), source })?;
    }
    let a = crate::classroom::animate::animate(sc, 0, &path, &theme)?;
    stdout_line(&format!(
        "wrote {} ({} frames, {}x{} px): {} and {} over {} day{}\n",
        path.display(),
        a.frames,
        a.size.0,
        a.size.1,
        sc.partner.a.name,
        sc.partner.b.name,
        sc.steps,
        if sc.steps == 1 { "" } else { "s" }
    ))
}

/// Runs `dyad compare`: scenarios side by side.
pub fn compare(
    scenarios: &[String],
    out: Option<PathBuf>,
    seed: Option<String>,
    replicates: Option<String>,
    theme: Theme,
) -> Result<()> {
    let opts = options(&[("seed", seed), ("replicates", replicates)], &[])?;
    let loaded = scenarios.iter().map(|s| scenario::load(s, &opts)).collect::<Result<Vec<_>>>()?;
    let names: Vec<&str> = loaded.iter().map(|s| s.name.as_str()).collect();
    let dir = out.unwrap_or_else(|| Path::new("outputs").join(format!("compare-{}", names.join("-"))));
    let folder = OutputFolder::open(&dir)?;
    let c = crate::classroom::compare::compare(&loaded, folder.staging(), &theme)?;
    folder.commit(Commit::Replace)?;
    // In the order compare lists them, at their final places.
    let files: Vec<String> = c
        .files
        .iter()
        .filter_map(|f| f.file_name())
        .map(|n| format!("  {}", dir.join(n).display()))
        .collect();
    stdout_line(&format!("{}\nFiles\n{}\n", c.table, files.join("\n")))
}
