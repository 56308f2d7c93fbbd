//! `dyad sweep`: plan, estimate, confirm, run with progress, and record provenance.

use super::common::{draw, progress_bar, stdout_line};
use crate::error::{Error, Result};
use crate::output::{Commit, OutputFolder, OutputSet};
use crate::report::json::utc_timestamp;
use crate::sweep::{self, Sweep, runner};
use std::io::{BufRead, IsTerminal};
use std::path::{Path, PathBuf};
use std::time::{Instant, SystemTime};

/// Estimated run time above which an interactive user is asked to confirm (without `--yes`).
pub const CONFIRM_ABOVE_SECONDS: f64 = 600.0;

fn human_seconds(s: f64) -> String {
    match s {
        s if s < 1.0 => format!("{:.0} ms", s * 1000.0),
        s if s < 120.0 => format!("{s:.1} s"),
        s if s < 7200.0 => format!("{:.1} min", s / 60.0),
        s => format!("{:.1} h", s / 3600.0),
    }
}

fn human_bytes(b: f64) -> String {
    match b {
        b if b < 1e3 => format!("{b:.0} B"),
        b if b < 1e6 => format!("{:.0} kB", b / 1e3),
        b if b < 1e9 => format!("{:.1} MB", b / 1e6),
        b => format!("{:.1} GB", b / 1e9),
    }
}

fn write_manifest(out: &Path, name: &str, value: &serde_json::Value) -> Result<()> {
    let mut set = OutputSet::new(out)?;
    set.write(name, |w| {
        serde_json::to_writer_pretty(&mut *w, value)
            .map_err(|e| Error::Encode { what: name.into(), message: e.to_string() })?;
        writeln!(w).map_err(|source| Error::Write { path: name.into(), source })
    })?;
    set.commit().map(|_| ())
}

fn command_line(verb: &str, path: &Path, out: &Path, opts: &runner::RunOptions) -> String {
    let mut cmd = format!("dyad {verb} {} --out {}", path.display(), out.display());
    if let Some((k, n)) = opts.shard {
        cmd.push_str(&format!(" --shard {k}/{n}"));
    }
    if !opts.trajectories.is_empty() {
        let names: Vec<&str> =
            opts.trajectories.iter().map(|&v| crate::metrics::trajectory::VARIABLES[v]).collect();
        cmd.push_str(&format!(" --trajectories {}", names.join(",")));
    }
    cmd
}

fn confirm(estimate: f64) -> Result<bool> {
    eprint!("This sweep is estimated to take {}. Start it? [y/N] ", human_seconds(estimate));
    let mut answer = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut answer)
        .map_err(|source| Error::Read { path: "standard input".into(), source })?;
    Ok(matches!(answer.trim(), "y" | "Y" | "yes"))
}

/// Runs `dyad sweep FILE` with its options as typed.
#[allow(clippy::too_many_arguments)]
pub fn command(
    path: &Path,
    out: Option<PathBuf>,
    shard: Option<&str>,
    resume: bool,
    trajectories: Option<&str>,
    yes: bool,
    quiet: bool,
    plots: Option<crate::report::plot::Theme>,
) -> Result<()> {
    let shard = shard.map(crate::sweep::parse_shard).transpose()?;
    let trajectories = trajectories.map(runner::parse_variables).transpose()?.unwrap_or_default();
    let opts = runner::RunOptions { shard, resume, trajectories };
    sweep_command("sweep", path, out, &opts, yes, quiet, plots)
}

/// Runs `dyad sensitivity FILE`: the sweep of its Sobol or Morris design, then (unsharded) the
/// analysis of its outputs.
pub fn sensitivity(
    path: &Path,
    out: Option<PathBuf>,
    shard: Option<&str>,
    resume: bool,
    yes: bool,
    quiet: bool,
    plots: Option<crate::report::plot::Theme>,
) -> Result<()> {
    let shard = shard.map(crate::sweep::parse_shard).transpose()?;
    let opts = runner::RunOptions { shard, resume, trajectories: Vec::new() };
    sweep_command("sensitivity", path, out, &opts, yes, quiet, plots)
}

/// Analyses the finished sensitivity sweep in `staging` and writes its files there: the text
/// to print.
pub fn analyse_into(
    staging: &Path,
    out: &Path,
    command: &str,
    plots: Option<crate::report::plot::Theme>,
) -> Result<String> {
    let analysis = crate::sensitivity::analyse::analyse(staging)?;
    let files = analysis.write(staging, command, plots)?;
    let mut text = analysis.summary();
    for f in files {
        text.push_str(&format!("  {}\n", out.join(f).display()));
    }
    Ok(text)
}

/// Runs `dyad sweep` with parsed options.
pub fn sweep_command(
    verb: &str,
    path: &Path,
    out: Option<PathBuf>,
    opts: &runner::RunOptions,
    yes: bool,
    quiet: bool,
    plots: Option<crate::report::plot::Theme>,
) -> Result<()> {
    let sweep = sweep::load(path)?;
    if verb == "sensitivity" && !sweep.design.sensitivity() {
        return Err(Error::BadArgument(format!(
            "{} is a {} sweep, not a sensitivity analysis\n  help: set method = \"sobol\" or \"morris\" in the file (docs/SENSITIVITY.md), or run it with `dyad sweep`",
            path.display(),
            sweep.design.name()
        )));
    }
    let out = out.unwrap_or_else(|| match opts.shard {
        Some((k, n)) => Path::new("outputs").join(format!("{}-shard-{k}-of-{n}", sweep.name)),
        None => Path::new("outputs").join(&sweep.name),
    });
    // Taken before any work: a second writer is refused at once.
    let folder = OutputFolder::open(&out)?;
    if opts.resume
        && sweep::resume::check_resume(&sweep, &out, opts)? == sweep::resume::ResumeState::AlreadyComplete
    {
        return stdout_line(&format!(
            "{} already holds this sweep, complete: nothing to resume\n",
            out.display()
        ));
    }
    let points = runner::shard_points(sweep.points.len(), opts.shard);
    let threads = rayon::current_num_threads();
    let est = runner::pilot(&sweep, &points)?;
    let runs = points.len() as f64 * f64::from(sweep.replicates);
    let seconds = est.seconds_per_run * runs / threads as f64;
    stdout_line(&plan(&sweep, opts, points.len(), runs, est, seconds, threads))?;
    if seconds > CONFIRM_ABOVE_SECONDS && !yes && std::io::stdin().is_terminal() && !confirm(seconds)? {
        return stdout_line("not started\n");
    }
    let started_at = utc_timestamp(SystemTime::now());
    let command = command_line(verb, path, &out, opts);
    let running = sweep::manifest(&sweep, opts, "running", &started_at, None, None, threads, &command);
    // The previous run's sweep.json stays until the commit; this one says what is running.
    write_manifest(&out, runner::PARTIAL_MANIFEST, &running)?;
    let pb = progress_bar(runs as u64, quiet, "runs");
    let clock = Instant::now();
    let report = runner::run_into(&sweep, &out, folder.staging(), opts, &|n| pb.inc(n))?;
    pb.finish_and_clear();
    let wall = clock.elapsed().as_secs_f64();
    let finished = utc_timestamp(SystemTime::now());
    let done = sweep::manifest(
        &sweep,
        opts,
        "complete",
        &started_at,
        Some(&finished),
        Some(wall),
        threads,
        &command,
    );
    write_manifest(folder.staging(), "sweep.json", &done)?;
    let steps = est.steps_per_run * f64::from(sweep.replicates) * report.points_run as f64;
    let mut text = format!(
        "done in {} ({:.1} M dyad-steps/s){}\n",
        human_seconds(wall),
        steps / wall.max(1e-9) / 1e6,
        if report.points_resumed > 0 {
            format!(", {} points resumed from the partial file", report.points_resumed)
        } else {
            String::new()
        }
    );
    for f in report.files.iter().filter_map(|f| f.file_name()).chain([std::ffi::OsStr::new("sweep.json")]) {
        text.push_str(&format!("  {}\n", out.join(f).display()));
    }
    if sweep.design.sensitivity() && opts.shard.is_none() {
        text.push_str(&analyse_into(folder.staging(), &out, &command, plots)?);
    }
    if let Some(theme) = plots.filter(|_| opts.shard.is_none()) {
        let drawing = draw(folder.staging(), folder.staging(), theme)?;
        let n = drawing.figures.len();
        text.push_str(&format!(
            "  {n} figure{} (PNG and SVG) and report.html\n",
            if n == 1 { "" } else { "s" }
        ));
    }
    folder.commit(Commit::Replace)?;
    // Only now is the resume state no longer needed.
    runner::remove_partial_files(&out);
    stdout_line(&text)
}

fn plan(
    sweep: &Sweep,
    opts: &runner::RunOptions,
    points: usize,
    runs: f64,
    est: runner::Estimate,
    seconds: f64,
    threads: usize,
) -> String {
    let axes: Vec<String> = sweep
        .axes
        .iter()
        .map(|a| match a.bounds {
            Some((from, to)) => format!("{} in [{from}, {to}]", a.param),
            None if a.values.len() == 1 => format!("{} (1 value)", a.param),
            None => format!("{} ({} values)", a.param, a.values.len()),
        })
        .collect();
    let shard = opts.shard.map(|(k, n)| format!(", shard {k}/{n}")).unwrap_or_default();
    format!(
        "sweep {}: {} design over {}\n  {points} points{shard} x {} replicates = {:.0} runs (about {:.1} M dyad-steps), seed {}\n  estimated {} on {threads} thread{}, memory about {}, sweep.csv about {}\n",
        sweep.name,
        sweep.design.name(),
        axes.join(" x "),
        sweep.replicates,
        runs,
        runs * est.steps_per_run / 1e6,
        sweep.seed,
        human_seconds(seconds),
        if threads == 1 { "" } else { "s" },
        human_bytes(runner::memory_estimate(sweep, points, opts.trajectories.len())),
        human_bytes(est.bytes_per_row as f64 * points as f64),
    )
}
