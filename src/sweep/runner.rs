//! Running a sweep: rayon over (point, chunk of replicates), streaming aggregation, and
//! `sweep.csv` rows appended in point order as points complete.
//!
//! Work is cut into fixed chunks of [`CHUNK`] replicates of one point. Batches of chunks run in
//! parallel and are collected in order (the reorder buffer); each chunk sums its replicates in
//! replicate order and a point sums its chunks in chunk order, so the bytes written never depend
//! on the thread count, the shard split or the machine load. Memory holds one batch of chunk
//! summaries and the points still open: it grows with the number of points in a batch, never
//! with replicates or steps (unless `--trajectories` asks for per-step means).
//!
//! While running, rows go to `sweep.partial.csv`; a killed sweep keeps every finished point
//! there, and `--resume` continues it. When all points are done the file is renamed to
//! `sweep.csv`.

use super::{Point, Sweep};
use crate::engine::{Observer, run_replicate};
use crate::error::{Error, Result};
use crate::metrics::survival::Endings;
use crate::metrics::trajectory::{StepRecord, VARIABLES};
use crate::metrics::{COUNT_METRICS, METRICS, Outcome, RunSummary};
use crate::model::DyadState;
use crate::report::fixed6;
use crate::scenario::Scenario;
use rayon::prelude::*;
use std::fs::{File, OpenOptions};
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};

/// Replicates per chunk of work.
pub const CHUNK: u32 = 32;
/// Chunks per batch: run in parallel, then merged in order.
pub const BATCH: usize = 128;
/// The file rows are appended to while the sweep runs.
pub const PARTIAL: &str = "sweep.partial.csv";
/// The manifest of a sweep still running (or stopped before its end): `sweep.json` with status
/// `running`, kept apart so that the previous complete `sweep.json` stays until the commit.
pub const PARTIAL_MANIFEST: &str = "sweep.partial.json";
/// The per-point trajectories written so far (`--trajectories`).
pub const TRAJECTORIES_PARTIAL: &str = "trajectories.partial.csv";

/// Options of one sweep run.
#[derive(Debug, Clone, Default)]
pub struct RunOptions {
    /// `(k, n)`: run only the points `p` with `p % n == k - 1`.
    pub shard: Option<(u32, u32)>,
    /// Continue a partial `sweep.partial.csv` in the output folder.
    pub resume: bool,
    /// Indices into [`VARIABLES`] whose per-step means are written to `trajectories.csv`.
    pub trajectories: Vec<usize>,
}

/// The points of a shard, in sweep order.
pub fn shard_points(total: usize, shard: Option<(u32, u32)>) -> Vec<usize> {
    match shard {
        None => (0..total).collect(),
        Some((k, n)) => (0..total).filter(|p| p % n as usize == (k - 1) as usize).collect(),
    }
}

/// Everything summed over some replicates of one point.
#[derive(Debug, Clone)]
pub struct PointSums {
    n: u64,
    outcomes: [u64; 5],
    sums: Vec<f64>,
    defined: Vec<u64>,
    trajectory: Vec<f64>,
    endings: Endings,
}

impl PointSums {
    fn new(trajectory_len: usize, steps: u32) -> Self {
        PointSums {
            endings: Endings::new(steps),
            n: 0,
            outcomes: [0; 5],
            sums: vec![0.0; METRICS.len()],
            defined: vec![0; METRICS.len()],
            trajectory: vec![0.0; trajectory_len],
        }
    }

    fn add_run(&mut self, r: &RunSummary) {
        self.n += 1;
        let o = Outcome::ALL.iter().position(|&o| o == r.outcome).unwrap_or(4);
        self.outcomes[o] += 1;
        self.endings.add(r.steps_run, r.outcome == Outcome::Dissolved);
        for (k, (_, get)) in METRICS.iter().enumerate() {
            if let Some(v) = get(r) {
                self.sums[k] += v;
                self.defined[k] += 1;
            }
        }
    }

    fn merge(&mut self, other: &PointSums) {
        self.n += other.n;
        self.endings.merge(&other.endings);
        for (a, b) in self.outcomes.iter_mut().zip(other.outcomes) {
            *a += b;
        }
        for (a, b) in self.sums.iter_mut().zip(&other.sums) {
            *a += b;
        }
        for (a, b) in self.defined.iter_mut().zip(&other.defined) {
            *a += b;
        }
        for (a, b) in self.trajectory.iter_mut().zip(&other.trajectory) {
            *a += b;
        }
    }

    /// The share of replicates with each outcome, in [`Outcome::ALL`] order.
    pub fn shares(&self) -> [f64; 5] {
        self.outcomes.map(|c| c as f64 / self.n.max(1) as f64)
    }
}

/// Sums chosen variables per step over one run, holding the final state after an early stop.
struct TrajectorySums<'a> {
    vars: &'a [usize],
    sums: &'a mut [f64],
    last: Option<StepRecord>,
    steps_seen: usize,
}

impl Observer for TrajectorySums<'_> {
    fn observe(&mut self, step: u32, state: &DyadState) {
        let record = StepRecord::from_state(state, step > 0);
        self.add(step as usize, &record);
        self.last = Some(record);
        self.steps_seen = step as usize + 1;
    }
}

impl TrajectorySums<'_> {
    fn add(&mut self, t: usize, record: &StepRecord) {
        let k = self.vars.len();
        for (j, &var) in self.vars.iter().enumerate() {
            self.sums[t * k + j] += record.value(var);
        }
    }

    fn finish(mut self, steps: u32) {
        if let Some(last) = self.last {
            for t in self.steps_seen..=steps as usize {
                self.add(t, &last.stopped());
            }
        }
    }
}

fn run_chunk(sc: &Scenario, point: usize, chunk: u32, vars: &[usize]) -> PointSums {
    let len = if vars.is_empty() { 0 } else { (sc.steps as usize + 1) * vars.len() };
    let mut sums = PointSums::new(len, sc.steps);
    let first = chunk * CHUNK;
    let last = (first + CHUNK).min(sc.replicates);
    for r in first..last {
        let summary = if vars.is_empty() {
            run_replicate(sc, point as u64, u64::from(r), &mut ())
        } else {
            let mut obs = TrajectorySums { vars, sums: &mut sums.trajectory, last: None, steps_seen: 0 };
            let summary = run_replicate(sc, point as u64, u64::from(r), &mut obs);
            obs.finish(sc.steps);
            summary
        };
        sums.add_run(&summary);
    }
    sums
}

/// The columns of `sweep.csv` that hold a point's results defined for every run: the outcome
/// shares and the mean of every metric (what `dyad sensitivity` may analyse).
pub fn output_columns(sweep: &Sweep) -> Vec<String> {
    let mut h: Vec<String> = Outcome::ALL.iter().map(|o| format!("p_{o}")).collect();
    // Named after the base scenario's model version (a sweep over `model.version` too).
    h.extend(
        METRICS
            .iter()
            .map(|(name, _)| crate::metrics::named(&format!("mean_{name}"), sweep.base.model.version)),
    );
    h
}

/// The columns of `sweep.csv`.
pub fn header(sweep: &Sweep) -> Vec<String> {
    let mut h: Vec<String> = sweep.axes.iter().map(|a| a.param.clone()).collect();
    h.push("replicates".into());
    h.extend(output_columns(sweep));
    h.push("median_dissolution_step".into());
    h.push("point".into());
    h
}

fn value_text(v: &toml::Value) -> String {
    match v {
        toml::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn csv_line(fields: &[String]) -> Result<Vec<u8>> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(fields).map_err(|e| Error::Encode { what: "sweep.csv".into(), message: e.to_string() })?;
    w.into_inner().map_err(|e| Error::Encode { what: "sweep.csv".into(), message: e.to_string() })
}

/// One `sweep.csv` row.
pub fn row(point: &Point, p: usize, sums: &PointSums) -> Vec<String> {
    let mut fields: Vec<String> = point.iter().map(value_text).collect();
    fields.push(sums.n.to_string());
    fields.extend(sums.shares().iter().map(|&s| fixed6(s)));
    for (k, (name, _)) in METRICS.iter().enumerate() {
        fields.push(match sums.defined[k] {
            0 => String::new(),
            d => {
                let mean = sums.sums[k] / d as f64;
                if COUNT_METRICS.contains(name) { format!("{mean:.3}") } else { fixed6(mean) }
            }
        });
    }
    fields.push(sums.endings.curve().median().map(|t| t.to_string()).unwrap_or_default());
    fields.push(p.to_string());
    fields
}

/// What a finished sweep run did.
#[derive(Debug, Clone)]
pub struct Report {
    /// Points run now (not counting points resumed from a partial file).
    pub points_run: usize,
    /// Points taken from a partial file.
    pub points_resumed: usize,
    /// The files written.
    pub files: Vec<PathBuf>,
}

/// Reads the finished rows of a partial file for resuming: returns how many of `points` it
/// holds, after checking that they are those points in order, and truncates any torn last line.
fn resume_from(path: &Path, header_line: &[u8], points: &[usize]) -> Result<usize> {
    let file = File::open(path).map_err(|source| Error::Read { path: path.into(), source })?;
    let mut reader = BufReader::new(file);
    let mut kept = 0u64;
    let mut line = Vec::new();
    let mut rows = 0usize;
    let mismatch = |why: String| {
        Error::BadArgument(format!(
            "cannot resume from {}: {why}\n  help: run the sweep again without --resume to start over",
            path.display()
        ))
    };
    loop {
        line.clear();
        let n = reader
            .read_until(b'\n', &mut line)
            .map_err(|source| Error::Read { path: path.into(), source })?;
        if n == 0 || !line.ends_with(b"\n") {
            break;
        }
        if kept == 0 {
            if line != header_line {
                return Err(mismatch("its header is not this sweep's".into()));
            }
        } else {
            let text = String::from_utf8_lossy(&line);
            let point: Option<usize> = text.trim_end().rsplit(',').next().and_then(|s| s.parse().ok());
            if point != points.get(rows).copied() {
                let expected =
                    points.get(rows).map_or("none (more rows than points)".into(), usize::to_string);
                return Err(mismatch(format!("row {} is not point {expected} of this sweep", rows + 1)));
            }
            rows += 1;
        }
        kept += n as u64;
    }
    let file = OpenOptions::new()
        .write(true)
        .open(path)
        .map_err(|source| Error::Write { path: path.into(), source })?;
    file.set_len(kept).map_err(|source| Error::Write { path: path.into(), source })?;
    Ok(rows)
}

struct Appender {
    path: PathBuf,
    file: File,
}

/// Refuses to write through a symbolic link: a link named like a partial file could make a
/// sweep append to, or truncate, a file anywhere.
fn refuse_link(path: &Path) -> Result<()> {
    match std::fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => Err(Error::BadArgument(format!(
            "{} is a symbolic link: dyad does not write through links\n  help: remove the link, or choose another --out folder",
            path.display()
        ))),
        _ => Ok(()),
    }
}

impl Appender {
    fn open(path: PathBuf, fresh_header: Option<&[u8]>) -> Result<Self> {
        refuse_link(&path)?;
        let file = match fresh_header {
            Some(_) => File::create(&path),
            None => OpenOptions::new().append(true).open(&path),
        }
        .map_err(|source| Error::Write { path: path.clone(), source })?;
        let mut a = Appender { path, file };
        if let Some(h) = fresh_header {
            a.append(h)?;
        }
        Ok(a)
    }

    fn append(&mut self, bytes: &[u8]) -> Result<()> {
        self.file
            .write_all(bytes)
            .and_then(|_| self.file.flush())
            .map_err(|source| Error::Write { path: self.path.clone(), source })
    }
}

/// Runs the sweep (or one shard of it) into `out_dir`; `progress` is told of finished runs.
pub fn run(
    sweep: &Sweep,
    out_dir: &Path,
    opts: &RunOptions,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<Report> {
    run_into(sweep, out_dir, out_dir, opts, progress)
}

/// Runs the sweep as [`run`] does, keeping the partial files in `out_dir` and putting the
/// finished `sweep.csv` (and `trajectories.csv`) into `done_dir`, the output folder's staging
/// folder, to be committed with the rest of the outputs. The partial files stay until the
/// caller has committed (see [`remove_partial_files`]).
pub fn run_into(
    sweep: &Sweep,
    out_dir: &Path,
    done_dir: &Path,
    opts: &RunOptions,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<Report> {
    std::fs::create_dir_all(out_dir).map_err(|source| Error::Write { path: out_dir.into(), source })?;
    let points = shard_points(sweep.points.len(), opts.shard);
    let header_line = csv_line(&header(sweep))?;
    let partial = out_dir.join(PARTIAL);
    refuse_link(&partial)?;
    refuse_link(&out_dir.join(TRAJECTORIES_PARTIAL))?;
    let resumed =
        if opts.resume && partial.exists() { resume_from(&partial, &header_line, &points)? } else { 0 };
    let mut csv = Appender::open(partial.clone(), (resumed == 0).then_some(header_line.as_slice()))?;
    let vars = &opts.trajectories;
    let traj_path = out_dir.join(TRAJECTORIES_PARTIAL);
    let mut traj = if vars.is_empty() {
        // A stale partial trajectories file from an earlier run would mislead: remove it.
        let _ = std::fs::remove_file(&traj_path);
        None
    } else if resumed == 0 {
        Some(Appender::open(traj_path, Some(b"point,step,variable,mean\n".as_slice()))?)
    } else {
        // Keep only the trajectory rows of the points kept in sweep.partial.csv, and make
        // sure every one of them is there.
        let expected = |p: usize| sweep.scenario(p).map_or(0, |sc| (sc.steps as usize + 1) * vars.len());
        let kept = truncate_trajectories(&traj_path, &points[..resumed], &expected)?;
        if kept != resumed {
            return Err(Error::BadArgument(format!(
                "cannot resume with --trajectories: {} holds trajectories for {kept} of the {resumed} finished points\n  help: resume without --trajectories, or run the sweep again without --resume",
                traj_path.display()
            )));
        }
        Some(Appender::open(traj_path, None)?)
    };
    progress(u64::from(sweep.replicates) * resumed as u64);
    let chunks_per_point = sweep.replicates.div_ceil(CHUNK);
    let work: Vec<(usize, u32)> =
        points[resumed..].iter().flat_map(|&p| (0..chunks_per_point).map(move |c| (p, c))).collect();
    let mut open: Option<(usize, u32, PointSums, Scenario)> = None;
    for batch in work.chunks(BATCH) {
        let mut points_in_batch: Vec<usize> = batch.iter().map(|&(p, _)| p).collect();
        points_in_batch.dedup();
        // Building a point's scenario parses and validates TOML: do it in parallel too.
        let scenarios: Vec<(usize, Scenario)> = points_in_batch
            .par_iter()
            .map(|&p| sweep.scenario(p).map(|sc| (p, sc)))
            .collect::<Result<_>>()?;
        let find = |p: usize| &scenarios.iter().find(|(q, _)| *q == p).expect("built above").1;
        let results: Vec<PointSums> = batch
            .par_iter()
            .map(|&(p, c)| {
                let sums = run_chunk(find(p), p, c, vars);
                progress(sums.n);
                sums
            })
            .collect();
        for (&(p, _), sums) in batch.iter().zip(&results) {
            let entry = match open.take() {
                Some((q, count, mut acc, sc)) if q == p => {
                    acc.merge(sums);
                    (q, count + 1, acc, sc)
                }
                _ => (p, 1, sums.clone(), find(p).clone()),
            };
            if entry.1 == chunks_per_point {
                let (p, _, acc, sc) = entry;
                // Trajectories first: a kill between the two writes then leaves an extra
                // trajectory point, which resume drops, never a missing one.
                if let Some(t) = traj.as_mut() {
                    t.append(&trajectory_rows(p, &acc, vars, sc.steps, sweep.base.model.version))?;
                }
                csv.append(&csv_line(&row(&sweep.points[p], p, &acc))?)?;
            } else {
                open = Some(entry);
            }
        }
    }
    drop(csv);
    let mut files = vec![finish(&partial, &done_dir.join("sweep.csv"))?];
    if traj.take().is_some() {
        files.push(finish(&out_dir.join(TRAJECTORIES_PARTIAL), &done_dir.join("trajectories.csv"))?);
    }
    Ok(Report { points_run: points.len() - resumed, points_resumed: resumed, files })
}

/// Removes a sweep's resume state from `out_dir` once its outputs are committed.
pub fn remove_partial_files(out_dir: &Path) {
    for name in [PARTIAL, TRAJECTORIES_PARTIAL, PARTIAL_MANIFEST] {
        let _ = std::fs::remove_file(out_dir.join(name));
    }
}

fn finish(partial: &Path, done: &Path) -> Result<PathBuf> {
    if let Some(name) = done.file_name().and_then(|n| n.to_str()) {
        crate::output::injected_failure(name).map_err(|source| Error::Write { path: done.into(), source })?;
    }
    if done.is_dir() {
        return Err(Error::Write {
            path: done.into(),
            source: std::io::Error::other("a folder of that name is in the way"),
        });
    }
    let result = if partial.parent() == done.parent() {
        std::fs::rename(partial, done)
    } else {
        // Into the staging folder: the partial file stays, so that a sweep whose commit fails
        // can still be resumed; the caller removes it after the commit.
        std::fs::hard_link(partial, done).or_else(|_| std::fs::copy(partial, done).map(|_| ()))
    };
    result.map_err(|source| Error::Write { path: done.into(), source })?;
    Ok(done.to_path_buf())
}

fn trajectory_rows(p: usize, sums: &PointSums, vars: &[usize], steps: u32, version: u32) -> Vec<u8> {
    let mut out = Vec::new();
    let n = sums.n.max(1) as f64;
    for t in 0..=steps as usize {
        for (j, &var) in vars.iter().enumerate() {
            let mean = sums.trajectory[t * vars.len() + j] / n;
            let _ =
                writeln!(out, "{p},{t},{},{}", crate::metrics::named(VARIABLES[var], version), fixed6(mean));
        }
    }
    out
}

/// Truncates a partial trajectories file to whole rows of `kept_points`; returns how many of
/// those points it holds in full (`expected(p)` rows each; 0 if the file is missing).
fn truncate_trajectories(
    path: &Path,
    kept_points: &[usize],
    expected: &dyn Fn(usize) -> usize,
) -> Result<usize> {
    let Ok(text) = std::fs::read_to_string(path) else { return Ok(0) };
    let mut keep = 0;
    let mut rows: std::collections::BTreeMap<usize, usize> = std::collections::BTreeMap::new();
    for (i, line) in text.split_inclusive('\n').enumerate() {
        if !line.ends_with('\n') {
            break;
        }
        if i > 0 {
            match line.split(',').next().and_then(|s| s.parse::<usize>().ok()) {
                Some(p) if kept_points.contains(&p) => *rows.entry(p).or_default() += 1,
                _ => break,
            }
        }
        keep += line.len();
    }
    let file = OpenOptions::new()
        .write(true)
        .open(path)
        .map_err(|source| Error::Write { path: path.into(), source })?;
    file.set_len(keep as u64).map_err(|source| Error::Write { path: path.into(), source })?;
    Ok(rows.iter().filter(|&(&p, &n)| n == expected(p)).count())
}

/// Parses `--trajectories closeness,trust_a` into variable indices; a variable may be named as
/// under either model version (`hopelessness_a` or `exhaustion_a`).
pub fn parse_variables(list: &str) -> Result<Vec<usize>> {
    list.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|name| {
            VARIABLES.iter().position(|v| *v == crate::metrics::unnamed(name)).ok_or_else(|| {
                // The default model's names first, then version 1's.
                let v2: Vec<String> = VARIABLES.iter().map(|v| crate::metrics::named(v, 2)).collect();
                let both = v2.iter().map(String::as_str).chain(VARIABLES.iter().copied());
                let suggestion = crate::scenario::diagnose::closest(name, both)
                    .map(|s| format!("; did you mean `{s}`?"))
                    .unwrap_or_default();
                Error::BadArgument(format!(
                    "--trajectories: unknown variable `{name}`{suggestion}\n  help: the variables are {} \
                     (model version 1 calls hopelessness exhaustion and contempt resentment; either name works)",
                    v2.join(", ")
                ))
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shards_partition_the_points() {
        let all: Vec<usize> = (1..=3).flat_map(|k| shard_points(10, Some((k, 3)))).collect();
        let mut sorted = all.clone();
        sorted.sort_unstable();
        assert_eq!(sorted, (0..10).collect::<Vec<_>>());
        assert_eq!(shard_points(10, Some((2, 3))), vec![1, 4, 7]);
    }
}

/// A cost estimate from a short pilot.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Estimate {
    /// Seconds per replicate on one thread.
    pub seconds_per_run: f64,
    /// Mean steps per replicate (runs may stop early).
    pub steps_per_run: f64,
    /// Bytes per `sweep.csv` row.
    pub bytes_per_row: usize,
}

/// The most memory a sweep of `points` points needs, in bytes: its points, and a batch of
/// chunks in flight, each with its per-step trajectory sums (`--trajectories`) of the longest
/// run. Flat in replicates.
pub fn memory_estimate(sweep: &Sweep, points: usize, vars: usize) -> f64 {
    let longest = sweep
        .axes
        .iter()
        .filter(|a| a.param == "steps")
        .flat_map(|a| a.values.iter().filter_map(|v| v.as_integer()))
        .max()
        .map_or(f64::from(sweep.base.steps), |s| s as f64);
    let base = 16e6 + 400.0 * sweep.points.len() as f64 + 200.0 * points as f64;
    base + BATCH as f64 * (longest + 1.0) * vars as f64 * 8.0
}

/// Times up to 8 replicates at up to 8 points spread over `points` (about 64 runs at most).
pub fn pilot(sweep: &Sweep, points: &[usize]) -> Result<Estimate> {
    let n = points.len().min(8);
    let picks: Vec<usize> = (0..n).map(|i| points[i * points.len() / n]).collect();
    let started = std::time::Instant::now();
    let (mut runs, mut steps, mut bytes) = (0u64, 0u64, 0usize);
    for &p in &picks {
        let mut sc = sweep.scenario(p)?;
        sc.replicates = sc.replicates.min(8);
        let mut sums = PointSums::new(0, sc.steps);
        for r in 0..sc.replicates {
            let s = run_replicate(&sc, p as u64, u64::from(r), &mut ());
            steps += u64::from(s.steps_run);
            sums.add_run(&s);
            runs += 1;
        }
        bytes = bytes.max(csv_line(&row(&sweep.points[p], p, &sums))?.len());
    }
    let runs_f = runs.max(1) as f64;
    Ok(Estimate {
        seconds_per_run: started.elapsed().as_secs_f64() / runs_f,
        steps_per_run: steps as f64 / runs_f,
        bytes_per_row: bytes,
    })
}
