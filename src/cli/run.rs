//! `dyad run`: one scenario, many replicates, every output.

use super::common::{draw, progress_bar, shell_word, stdout_line};
use crate::engine;
use crate::error::Result;
use crate::output::{Commit, OutputFolder, OutputSet};
use crate::report::plot::Theme;
use crate::report::{self, json::RunInfo};
use crate::scenario::{self, Override, Scenario};
use std::path::{Path, PathBuf};
use std::time::Instant;

/// Runs `dyad run SCENARIO` with its options.
pub fn command(
    spec: &str,
    out: Option<PathBuf>,
    named: [(&str, Option<String>); 3],
    set: &[String],
    quiet: bool,
    plots: Option<Theme>,
) -> Result<()> {
    let mut overrides = Vec::new();
    for (key, v) in named {
        if let Some(v) = v {
            overrides.push(Override::option(&format!("--{key}"), key, &v));
        }
    }
    for s in set {
        overrides.push(s.parse()?);
    }
    run_command(spec, out, &overrides, quiet, plots)
}

fn run_command(
    spec: &str,
    out: Option<PathBuf>,
    overrides: &[Override],
    quiet: bool,
    plots: Option<Theme>,
) -> Result<()> {
    let sc = scenario::load(spec, overrides)?;
    let out_dir = out.unwrap_or_else(|| Path::new("outputs").join(&sc.name));
    // Taken before any work: a second writer is refused at once.
    let folder = OutputFolder::open(&out_dir)?;
    let memory = engine::memory_estimate(&sc);
    if memory > 5e8 && !quiet {
        eprintln!(
            "note: this run keeps about {:.1} GB in memory ({} steps, {} replicates)",
            memory / 1e9,
            sc.steps,
            sc.replicates
        );
    }
    let pb = progress_bar(u64::from(sc.replicates), quiet, "replicates");
    let started = Instant::now();
    let result = engine::run_scenario(&sc, &|n| pb.inc(n));
    let seconds = started.elapsed().as_secs_f64();
    pb.finish_and_clear();
    let threads = rayon::current_num_threads();
    let info = RunInfo { command: reproduce_command(spec, &sc, overrides), threads, wall_seconds: seconds };
    let mut files = OutputSet::new(folder.staging())?;
    let kinds: Vec<&str> = sc.intervention.iter().map(|iv| iv.kind.name()).collect();
    files.write("runs.csv", |w| report::csv::write_runs(w, &result.runs, &kinds, sc.model.version))?;
    files.write("trajectory.csv", |w| {
        report::csv::write_trajectory(w, &result.trajectory, sc.model.version)
    })?;
    let curve = result.survival(sc.steps);
    files.write("survival.csv", |w| report::csv::write_survival(w, &curve))?;
    files.write("summary.json", |w| report::json::write_summary(w, &sc, &result, &info))?;
    files.commit()?;
    let mut text = report::terminal::summary(&sc, &result, &out_dir, seconds, threads);
    if let Some(theme) = plots {
        let drawing = draw(folder.staging(), folder.staging(), theme)?;
        let stems: Vec<&str> = drawing.figures.iter().map(|f| f.stem.as_str()).collect();
        text.push_str(&format!("  {}.png/.svg   figures\n", stems.join(", ")));
        text.push_str("  report.html      everything on one page: open it in a browser\n");
    }
    folder.commit(Commit::Replace)?;
    stdout_line(&text)
}

fn reproduce_command(spec: &str, sc: &Scenario, overrides: &[Override]) -> String {
    let mut cmd = format!("dyad run {}", shell_word(spec));
    for o in overrides.iter().filter(|o| !matches!(o.path.as_str(), "seed" | "replicates" | "steps")) {
        cmd.push_str(&format!(" --set {}", shell_word(&format!("{}={}", o.path, o.value))));
    }
    cmd.push_str(&format!(" --seed {} --replicates {} --steps {}", sc.seed, sc.replicates, sc.steps));
    cmd
}
