//! Reading a sweep folder back, for `dyad merge` and `dyad plot`: `sweep.json` is checked key by
//! key and gives the points of the sweep again (the same design, axes and seed give the same
//! points); every row of `sweep.csv` is then checked against it: all its columns, its point
//! (this shard's points, in order), its axis values (those of its point), its replicates (the
//! sweep's), its outcome shares (0 to 1, summing to 1) and numbers in every other column.

use super::{Axis, DesignKind, Point, design, runner};
use crate::error::Result;
use crate::metrics::Outcome;
use crate::report::check::{Json, bad_cell, bad_file, bad_row, finite};
use crate::scenario::schema::{self, Kind};
use std::path::Path;

/// What a sweep folder's `sweep.json` says its `sweep.csv` holds.
#[derive(Debug, Clone)]
pub struct Plan {
    /// The manifest, as read.
    pub manifest: Json,
    /// The swept parameters, in column order.
    pub params: Vec<String>,
    /// The points of the whole sweep.
    pub count: usize,
    axes: Vec<Axis>,
    /// How the points were chosen.
    pub design: DesignKind,
    /// The master seed.
    pub seed: u64,
    samples: Option<u32>,
    levels: Option<u32>,
    /// Replicates per point.
    pub replicates: u64,
    /// `(k, n)`: shard `k` of `n` (1 of 1 for a whole or merged sweep).
    pub shard: (u64, u64),
}

/// More points than any sweep.csv a machine can write: a damaged count, not a sweep.
const MAX_POINTS: u64 = 100_000_000;

/// How to get a good `sweep.json` back.
const MANIFEST_HELP: &str = "sweep.json is written by `dyad sweep`; it was damaged or edited: run the sweep again (its `command` is recorded there)";
/// How to get a good `sweep.csv` back.
const CSV_HELP: &str = "sweep.csv is written by `dyad sweep`; it was damaged or edited, or comes from another sweep than its sweep.json: run the sweep again (the command is in sweep.json)";

impl Plan {
    /// Reads and checks `sweep.json` at `path`.
    pub fn read(path: &Path) -> Result<Plan> {
        let json = Json::read(path, MANIFEST_HELP)?;
        json.object("sweep")?;
        json.text("sweep.name")?;
        let design: DesignKind = serde_json::from_value(json.get("sweep.design").clone()).map_err(|_| {
            json.fail(
                "sweep.design",
                "is not one of \"grid\", \"zip\", \"random\", \"latin-hypercube\", \"sobol\", \"morris\"",
            )
        })?;
        let count = json.whole("sweep.points", 1)?;
        let replicates = json.whole("sweep.replicates", 1)?;
        let seed = json.whole("sweep.seed", 0)?;
        let n_axes = json.optional_array("sweep.axes")?;
        if n_axes == 0 {
            return Err(json.fail("sweep.axes", "is missing or empty: a sweep has at least one axis"));
        }
        let axes = (0..n_axes).map(|i| axis(&json, i)).collect::<Result<Vec<_>>>()?;
        // The count the axes make, checked before the points are made (a damaged file could
        // otherwise ask for billions).
        let made = match design {
            DesignKind::Grid => axes.iter().try_fold(1u64, |n, a| n.checked_mul(a.values.len() as u64)),
            DesignKind::Zip => Some(axes[0].values.len() as u64),
            DesignKind::Random | DesignKind::LatinHypercube => Some(count),
            DesignKind::Sobol | DesignKind::Morris => {
                let samples = json.whole("sweep.samples", 1)?;
                let per = axes.len() as u64 + if design == DesignKind::Sobol { 2 } else { 1 };
                samples.checked_mul(per)
            }
        };
        if made != Some(count) || count > MAX_POINTS {
            let made = made.map_or("more than 2^64".to_string(), |m| m.to_string());
            return Err(json
                .fail("sweep.points", format!("= {count}, but the axes of sweep.axes make {made} points")));
        }
        let shard = if json.get("shard").is_null() {
            (1, 1)
        } else {
            let n = json.whole("shard.count", 1)?;
            let k = json.whole("shard.index", 1)?;
            // `--shard` allows at most as many shards as a sweep may have points.
            if n > crate::sweep::design::MAX_POINTS as u64 {
                return Err(json.fail(
                    "shard.count",
                    format!(
                        "= {n} is more shards than a sweep can have ({})",
                        crate::sweep::design::MAX_POINTS
                    ),
                ));
            }
            if k > n {
                return Err(json.fail("shard.index", format!("= {k} is above shard.count = {n}")));
            }
            (k, n)
        };
        let params = axes.iter().map(|a| a.param.clone()).collect();
        let count = count as usize;
        let (samples, levels) = match design {
            DesignKind::Sobol | DesignKind::Morris => (
                Some(json.whole("sweep.samples", 1)? as u32),
                if json.get("sweep.levels").is_null() {
                    None
                } else {
                    Some(json.whole("sweep.levels", 2)? as u32)
                },
            ),
            _ => (u32::try_from(count).ok(), None),
        };
        Ok(Plan { manifest: json, params, count, axes, design, seed, samples, levels, replicates, shard })
    }

    /// How many points this folder's `sweep.csv` holds: those of its shard.
    pub fn expected_rows(&self) -> usize {
        let (k, n) = (self.shard.0 as usize, self.shard.1 as usize);
        if self.count >= k { (self.count - k) / n + 1 } else { 0 }
    }

    /// The points this folder's `sweep.csv` holds, in order: those of its shard.
    pub fn expected_points(&self) -> Vec<usize> {
        let (k, n) = self.shard;
        runner::shard_points(self.count, Some((k as u32, n as u32)))
    }

    /// Every point of the whole sweep, in point order, made again from its design.
    pub fn points(&self) -> Result<Vec<Point>> {
        let points = design::points(self.design, &self.axes, self.samples, self.levels, self.seed)
            .map_err(|(_, message, _)| self.manifest.fail("sweep.axes", message))?;
        if points.len() != self.count {
            let why = format!("= {}, but the axes of sweep.axes make {} points", self.count, points.len());
            return Err(self.manifest.fail("sweep.points", why));
        }
        Ok(points)
    }
}

/// Axis `i` of the manifest: its values, or for random designs its bounds.
fn axis(json: &Json, i: usize) -> Result<Axis> {
    let key = |k: &str| format!("sweep.axes.{i}.{k}");
    let param = json.text(&key("param"))?.to_string();
    let integer = matches!(schema::find(&param).map(|f| f.kind), Some(Kind::Int { .. }));
    if json.get(&key("values")).is_null() {
        let from = json.number(&key("from"), f64::MIN, f64::MAX)?;
        let to = json.number(&key("to"), from, f64::MAX)?;
        return Ok(Axis { param, values: Vec::new(), bounds: Some((from, to)), integer });
    }
    let n = json.optional_array(&key("values"))?;
    let values = (0..n)
        .map(|j| {
            let at = format!("sweep.axes.{i}.values.{j}");
            match json.get(&at) {
                serde_json::Value::String(s) => Ok(toml::Value::String(s.clone())),
                serde_json::Value::Bool(b) => Ok(toml::Value::Boolean(*b)),
                serde_json::Value::Number(v) => Ok(match v.as_i64() {
                    Some(int) => toml::Value::Integer(int),
                    None => toml::Value::Float(v.as_f64().unwrap_or(f64::NAN)),
                }),
                _ => Err(json.fail(&at, "is not a number, a string or true/false")),
            }
        })
        .collect::<Result<Vec<_>>>()?;
    if values.is_empty() {
        return Err(json.fail(&key("values"), "is empty"));
    }
    Ok(Axis { param, values, bounds: None, integer })
}

/// `sweep.csv` read back and checked.
#[derive(Debug, Clone)]
pub struct Table {
    /// The header line, with its line end.
    pub header_line: String,
    /// The column names.
    pub header: Vec<String>,
    /// The rows, in file order (the shard's points in order).
    pub rows: Vec<Row>,
}

/// One checked row of `sweep.csv`.
#[derive(Debug, Clone)]
pub struct Row {
    /// Its point.
    pub point: usize,
    /// The line as written, with its line end.
    pub line: String,
    /// The fields.
    pub fields: Vec<String>,
}

fn fields(line: &str) -> Vec<String> {
    let mut reader =
        csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(line.trim_end().as_bytes());
    reader
        .records()
        .next()
        .and_then(|r| r.ok())
        .map_or_else(Vec::new, |r| r.iter().map(String::from).collect())
}

/// Reads and checks the `sweep.csv` at `path` (its text `text`) against `plan`.
pub fn read(path: &Path, text: &str, plan: &Plan) -> Result<Table> {
    let mut lines = text.split_inclusive('\n');
    let header_line = lines.next().unwrap_or_default().to_string();
    let header = fields(&header_line);
    check_header(path, &header, plan)?;
    let (k, n) = plan.shard;
    // The number of rows first: the points are made only for a file that holds them all.
    let data_lines = text.split_inclusive('\n').count().saturating_sub(1);
    if data_lines < plan.expected_rows() {
        let why = format!(
            "it holds {data_lines} of the {} points of shard {k}/{n}: the last rows are missing",
            plan.expected_rows()
        );
        return Err(bad_file(path, why, CSV_HELP));
    }
    let expected = plan.expected_points();
    let points = plan.points()?;
    let mut rows = Vec::new();
    for (r, line) in lines.enumerate().map(|(i, l)| (i + 1, l)) {
        let fields = fields(line);
        if fields.len() != header.len() {
            let why = format!("it has {} of the {} columns: it was cut short", fields.len(), header.len());
            return Err(bad_row(path, r, why, CSV_HELP));
        }
        if !line.ends_with('\n') {
            return Err(bad_row(path, r, "it has no line end: the file was cut short", CSV_HELP));
        }
        let last = header.len() - 1;
        let point: usize = fields[last].parse().map_err(|_| {
            bad_cell(
                path,
                r,
                last + 1,
                "point",
                format!("`{}` is not a point number", fields[last]),
                CSV_HELP,
            )
        })?;
        let Some(&wanted) = expected.get(r - 1) else {
            return Err(bad_row(
                path,
                r,
                format!("one row too many: shard {k}/{n} of this sweep has {} points", expected.len()),
                CSV_HELP,
            ));
        };
        if point != wanted {
            return Err(bad_cell(
                path,
                r,
                last + 1,
                "point",
                format!(
                    "is {point}, but row {r} of shard {k}/{n} is point {wanted} (points p with p % {n} == {}, in order)",
                    k - 1
                ),
                CSV_HELP,
            ));
        }
        check_cells(path, r, &header, &fields, (point, &points[point]), plan)?;
        rows.push(Row { point, line: line.to_string(), fields });
    }
    if rows.len() < expected.len() {
        return Err(bad_file(
            path,
            format!(
                "it holds {} of the {} points of shard {k}/{n}: the last rows are missing",
                rows.len(),
                expected.len()
            ),
            CSV_HELP,
        ));
    }
    Ok(Table { header_line, header, rows })
}

/// The header: the axes of sweep.json, `replicates`, the outcome shares, ..., `point`.
fn check_header(path: &Path, header: &[String], plan: &Plan) -> Result<()> {
    let mut wanted: Vec<String> = plan.params.clone();
    wanted.push("replicates".into());
    wanted.extend(Outcome::ALL.iter().map(|o| format!("p_{o}")));
    for (c, name) in wanted.iter().enumerate() {
        if header.get(c) != Some(name) {
            let found = header.get(c).map_or("nothing".to_string(), |h| format!("`{h}`"));
            return Err(bad_file(
                path,
                format!(
                    "line 1 (the header), column {}: {found} where sweep.json's sweep.csv has `{name}`",
                    c + 1
                ),
                CSV_HELP,
            ));
        }
    }
    if header.last().map(String::as_str) != Some("point") || header.len() <= wanted.len() {
        return Err(bad_file(path, "line 1 (the header): its last column is not `point`", CSV_HELP));
    }
    Ok(())
}

/// The text a value takes in `sweep.csv` (strings without quotes), as the runner writes it.
fn value_text(v: &toml::Value) -> String {
    match v {
        toml::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn check_cells(
    path: &Path,
    r: usize,
    header: &[String],
    fields: &[String],
    (p, point): (usize, &Point),
    plan: &Plan,
) -> Result<()> {
    let cell = |c: usize, why: String| bad_cell(path, r, c + 1, &header[c], why, CSV_HELP);
    for (c, value) in point.iter().enumerate() {
        let (written, wanted) = (&fields[c], value_text(value));
        let same = *written == wanted || finite(written).zip(finite(&wanted)).is_some_and(|(a, b)| a == b);
        if !same {
            return Err(cell(
                c,
                format!("`{written}` is not the value of point {p} in sweep.json (`{wanted}`)"),
            ));
        }
    }
    let at = plan.params.len();
    if fields[at].parse::<u64>().ok() != Some(plan.replicates) {
        return Err(cell(at, format!("`{}` is not the sweep's {} replicates", fields[at], plan.replicates)));
    }
    let mut total = 0.0;
    let shares = at + 1..=at + Outcome::ALL.len();
    for (c, field) in fields.iter().enumerate().filter(|(c, _)| shares.contains(c)) {
        match finite(field) {
            Some(v) if (0.0..=1.0).contains(&v) => total += v,
            _ => return Err(cell(c, format!("`{field}` is not a share from 0 to 1"))),
        }
    }
    if (total - 1.0).abs() > 1e-4 {
        return Err(bad_row(path, r, format!("its outcome shares sum to {total}, not 1"), CSV_HELP));
    }
    let means = at + 1 + Outcome::ALL.len()..header.len() - 1;
    for (c, field) in fields.iter().enumerate().filter(|(c, _)| means.contains(c)) {
        if !field.is_empty() && finite(field).is_none() {
            return Err(cell(c, format!("`{field}` is not a number")));
        }
    }
    Ok(())
}
