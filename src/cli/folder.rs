//! `dyad merge` and `dyad plot`: commands on output folders already written.

use super::common::{draw, stdout_line};
use crate::error::{Error, Result};
use crate::output::{Commit, OutputFolder};
use crate::report::plot::Theme;
use std::path::{Path, PathBuf};

/// Runs `dyad merge DIR... --out OUT`.
pub fn merge(dirs: &[PathBuf], out: &Path, plots: Option<crate::report::plot::Theme>) -> Result<()> {
    let folder = OutputFolder::open(out)?;
    crate::sweep::merge::merge(dirs, folder.staging())?;
    // A merged sensitivity design is analysed as the unsharded run would be.
    let plan = crate::sweep::table::Plan::read(&folder.staging().join("sweep.json"))?;
    let analysis = if plan.design.sensitivity() {
        let command = format!(
            "dyad merge {} --out {}",
            dirs.iter().map(|d| d.display().to_string()).collect::<Vec<_>>().join(" "),
            out.display()
        );
        Some(super::sweep::analyse_into(folder.staging(), out, &command, plots)?)
    } else {
        None
    };
    let files = folder.commit(Commit::Replace)?;
    let list: Vec<String> = files.iter().map(|f| format!("  {}", f.display())).collect();
    stdout_line(&format!(
        "merged {} shards into {}\n{}\n{}",
        dirs.len(),
        out.display(),
        list.join("\n"),
        analysis.unwrap_or_default()
    ))
}

/// Runs `dyad plot DIR`: redraws the figures and page next to the data.
pub fn plot(dir: &Path, theme: Theme) -> Result<()> {
    if !dir.is_dir() {
        return Err(Error::BadArgument(format!(
            "{} is not an output folder of dyad\n  help: give the folder a `dyad run` or `dyad sweep` wrote",
            dir.display()
        )));
    }
    let folder = OutputFolder::open(dir)?;
    let drawing = draw(dir, folder.staging(), theme)?;
    // A sensitivity folder: its analysis again (the same bytes) with the figures in this theme.
    let mut redrawn = drawing.figures.len();
    let previous = dir.join("sensitivity.json");
    if previous.is_file() {
        let previous = crate::report::check::Json::read(
            &previous,
            "sensitivity.json is written by `dyad sensitivity`; run it again",
        )?;
        let analysis = crate::sensitivity::analyse::analyse(dir)?;
        let command = previous.value["command"].as_str().unwrap_or_default();
        analysis.write(folder.staging(), command, Some(theme))?;
        redrawn += analysis.outputs.len();
    }
    folder.commit(Commit::Add)?;
    stdout_line(&format!(
        "redrew {redrawn} figure{} and report.html in {}\n",
        if redrawn == 1 { "" } else { "s" },
        dir.display()
    ))
}
