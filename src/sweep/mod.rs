//! Parameter sweeps: a base scenario, a design over some of its keys, many replicates per point.
//!
//! - this module: a [`Sweep`] (base scenario, axes, points), its manifest and `--shard`;
//! - `load`: the sweep file, read and checked into a [`Sweep`], every problem reported;
//! - [`resume`]: whether `--resume` continues the sweep in a folder;
//! - [`design`]: grid, zip, random and latin-hypercube designs, in a documented, tested order;
//! - [`runner`]: runs the points in parallel with streaming aggregation and writes `sweep.csv`
//!   in point order as points complete, with shards and resume;
//! - [`merge`]: joins shard folders into the `sweep.csv` the unsharded sweep writes;
//! - [`table`]: reads a sweep folder back, checking `sweep.csv` against `sweep.json`.
//!
//! **Seeding.** Replicate `r` of point `p` draws from `derive_seed(seed, p, r)`
//! ([`crate::engine::derive_seed`]); the random and latin-hypercube designs draw their points from
//! `derive_seed(seed, u64::MAX, 0)`, a stream no point uses.

pub mod design;
mod load;
pub mod merge;
pub mod resume;
pub mod runner;
pub mod table;

pub use load::{load, load_str};

use crate::error::{Diagnostic, Error, Result};
use crate::scenario::spec::{self, Spec};
use crate::scenario::{Override, Scenario, builtin};
use serde::Deserialize;
use std::path::{Path, PathBuf};

/// How the points of a sweep are chosen.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DesignKind {
    /// Every combination of the axes' values (the last axis varies fastest).
    #[default]
    Grid,
    /// The axes' values taken together: point i takes value i of every axis.
    Zip,
    /// `samples` points drawn uniformly between each axis's `from` and `to`.
    Random,
    /// `samples` points, one in each of `samples` equal strata of every axis.
    LatinHypercube,
    /// A Saltelli (2010) design for Sobol indices: `samples` base points (a power of two) from a
    /// Sobol sequence, `samples x (axes + 2)` points in all (`dyad sensitivity`).
    Sobol,
    /// Morris (1991) elementary-effect trajectories: `samples` trajectories of `axes + 1` points
    /// on a grid of `levels` values per axis (`dyad sensitivity`).
    Morris,
}

impl DesignKind {
    /// The name used in sweep files.
    pub fn name(self) -> &'static str {
        match self {
            DesignKind::Grid => "grid",
            DesignKind::Zip => "zip",
            DesignKind::Random => "random",
            DesignKind::LatinHypercube => "latin-hypercube",
            DesignKind::Sobol => "sobol",
            DesignKind::Morris => "morris",
        }
    }

    /// Whether the axes are ranges (`from`, `to`) sampled by the design, not lists of values.
    pub fn sampled(self) -> bool {
        !matches!(self, DesignKind::Grid | DesignKind::Zip)
    }

    /// Whether the design is a sensitivity-analysis design (`dyad sensitivity`).
    pub fn sensitivity(self) -> bool {
        matches!(self, DesignKind::Sobol | DesignKind::Morris)
    }
}

/// What `dyad sensitivity` analyses after the sweep of a Sobol or Morris design.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Analysis {
    /// The `sweep.csv` columns analysed, e.g. `p_escalated` or `mean_trust_a`.
    pub outputs: Vec<String>,
    /// Bootstrap resamples for the intervals.
    pub bootstrap: u32,
}

/// One swept key and the values it takes (for random designs, its bounds).
#[derive(Debug, Clone, PartialEq)]
pub struct Axis {
    /// Dotted scenario path, or `scenario` for an axis over scenarios.
    pub param: String,
    /// The values of a grid or zip axis.
    pub values: Vec<toml::Value>,
    /// Bounds of a random or latin-hypercube axis.
    pub bounds: Option<(f64, f64)>,
    /// Whether the key takes whole numbers.
    pub integer: bool,
}

/// One point of a sweep: a value for every axis.
pub type Point = Vec<toml::Value>;

/// A validated sweep.
#[derive(Debug, Clone)]
pub struct Sweep {
    /// Name; the default output folder is `outputs/<name>/`.
    pub name: String,
    /// What the sweep shows.
    pub description: String,
    /// The sweep file as given.
    pub source: String,
    /// How `base` was given: a built-in name, a path, or `inline`.
    pub base_spec: String,
    /// The base scenario (with the sweep's replicates and seed).
    pub base: Scenario,
    /// Replicates per point.
    pub replicates: u32,
    /// Master seed.
    pub seed: u64,
    /// The design.
    pub design: DesignKind,
    /// The axes, in file order.
    pub axes: Vec<Axis>,
    /// `samples` as given: points of a random design, base points of a Sobol design,
    /// trajectories of a Morris design.
    pub samples: Option<u32>,
    /// Grid levels of a Morris design.
    pub levels: Option<u32>,
    /// The outputs a sensitivity design analyses.
    pub analysis: Option<Analysis>,
    /// Every point, in sweep order.
    pub points: Vec<Point>,
    /// A hash of everything that determines the results (sweep text, base scenario, version).
    pub hash: String,
    base_text: String,
    base_dir: PathBuf,
}

/// FNV-1a, 64 bits: a stable hash for identifying a sweep across machines and shards.
pub fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3))
}

impl Sweep {
    /// The scenario of point `p`: the base (or the axis's scenario) with the point's values.
    pub fn scenario(&self, p: usize) -> Result<Scenario> {
        self.scenario_for(&self.points[p])
    }

    fn scenario_for(&self, point: &Point) -> Result<Scenario> {
        let mut overrides =
            vec![Override::new("replicates", self.replicates), Override::new("seed", self.seed)];
        let mut text = self.base_text.clone();
        let mut origin = self.base_spec.clone();
        for (axis, value) in self.axes.iter().zip(point) {
            if axis.param == "scenario" {
                let spec = value.as_str().unwrap_or_default();
                (text, origin) = read_scenario_text(spec, &self.base_dir)?;
            } else {
                let mut o = Override::new(&axis.param, value);
                o.label = Some(format!("sweep axis {} = {value}", axis.param));
                overrides.push(o);
            }
        }
        let stem = self.base.name.clone();
        crate::scenario::load_str(&text, &origin, &stem, &overrides)
    }
}

/// The text of a scenario given by built-in name or path (relative to `dir`), and its origin;
/// a bare name is a built-in, as on the command line ([`crate::scenario::spec`]).
pub(crate) fn read_scenario_text(spec: &str, dir: &Path) -> Result<(String, String)> {
    match Spec::parse(spec) {
        Spec::Builtin(name) => builtin::text(name)
            .map(|text| (text.to_string(), format!("built-in scenario `{name}`")))
            .ok_or_else(|| spec::unknown(name, dir)),
        Spec::File(rel) => {
            let path = dir.join(rel);
            let text = std::fs::read_to_string(&path)
                .map_err(|source| Error::Read { path: path.clone(), source })?;
            Ok((text, path.display().to_string()))
        }
    }
}

/// Parses a `--shard K/N` argument.
pub fn parse_shard(s: &str) -> Result<(u32, u32)> {
    let bad = || Error::BadArgument(format!("--shard {s}: expected K/N with 1 <= K <= N, e.g. --shard 2/8"));
    let (k, n) = s.split_once('/').ok_or_else(bad)?;
    let (k, n): (u32, u32) = (k.trim().parse().map_err(|_| bad())?, n.trim().parse().map_err(|_| bad())?);
    if n == 0 || k == 0 || k > n {
        return Err(bad());
    }
    if n as usize > design::MAX_POINTS {
        return Err(Error::BadArgument(format!(
            "--shard {s}: at most {} shards, as a sweep has at most that many points",
            design::MAX_POINTS
        )));
    }
    Ok((k, n))
}

/// Diagnostic for a sweep problem that has no place in the file.
pub fn problem(origin: &str, message: impl Into<String>) -> Error {
    Error::invalid(Diagnostic::new(origin, message))
}

/// The provenance manifest `sweep.json`.
#[allow(clippy::too_many_arguments)]
pub fn manifest(
    sweep: &Sweep,
    opts: &runner::RunOptions,
    status: &str,
    started: &str,
    finished: Option<&str>,
    wall_seconds: Option<f64>,
    threads: usize,
    command: &str,
) -> serde_json::Value {
    let axes: Vec<serde_json::Value> = sweep
        .axes
        .iter()
        .map(|a| match a.bounds {
            Some((from, to)) => serde_json::json!({ "param": a.param, "from": from, "to": to }),
            None => serde_json::json!({ "param": a.param, "values": a.values }),
        })
        .collect();
    let (k, n) = opts.shard.unwrap_or((1, 1));
    // The design's size for a sensitivity design, from which its points are made again.
    let mut sizes = serde_json::Map::new();
    if sweep.design.sensitivity() {
        sizes.insert("samples".into(), sweep.samples.into());
        if sweep.design == DesignKind::Morris {
            sizes.insert("levels".into(), sweep.levels.unwrap_or(design::MORRIS_LEVELS).into());
        }
        sizes.insert("analysis".into(), serde_json::json!(sweep.analysis));
    }
    let trajectories: Vec<&str> =
        opts.trajectories.iter().map(|&v| crate::metrics::trajectory::VARIABLES[v]).collect();
    let mut manifest = serde_json::json!({
        "dyad_version": env!("CARGO_PKG_VERSION"),
        "status": status,
        "sweep": {
            "name": sweep.name,
            "description": sweep.description,
            "file": sweep.source,
            "hash": sweep.hash,
            "design": sweep.design,
            "axes": axes,
            "points": sweep.points.len(),
            "replicates": sweep.replicates,
            "seed": sweep.seed,
            "seeding": format!("{}; random and morris designs draw their points from derive_seed(seed, 2^64-1, 0)", crate::report::json::SEEDING),
            "order": "grid: cartesian product, last axis fastest; zip: value i of every axis; sobol: for each base point A, A with each axis from B, B (Saltelli 2010); morris: trajectory by trajectory; rows of sweep.csv in point order",
            "base": sweep.base_spec,
            "base_scenario": sweep.base,
        },
        "shard": { "index": k, "count": n, "rule": "point p belongs to shard k of n when p % n == k - 1" },
        "trajectories": trajectories,
        "started": started,
        "finished": finished,
        "wall_time_seconds": wall_seconds,
        "threads": threads,
        "command": command,
    });
    if let Some(sweep) = manifest["sweep"].as_object_mut() {
        sweep.extend(sizes);
    }
    manifest
}
