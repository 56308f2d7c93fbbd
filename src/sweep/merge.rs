//! `dyad merge`: join the output folders of the shards of one sweep into the `sweep.csv` the
//! unsharded sweep writes, byte for byte. Refuses shards of different sweeps (their hashes
//! differ), a missing shard, a duplicated shard and an unfinished shard, and any shard whose
//! `sweep.json` or `sweep.csv` is damaged (see [`table`]): rows cut short, text where numbers
//! belong, shares outside 0..1, axis values that are not their point's.

use super::table::{self, Plan};
use crate::error::{Error, Result};
use crate::output::OutputSet;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

struct Shard {
    dir: PathBuf,
    plan: Plan,
    hash: String,
    k: u64,
    n: u64,
    csv: String,
}

fn bad(message: String) -> Error {
    Error::BadArgument(message)
}

fn read_shard(dir: &Path) -> Result<Shard> {
    // A shard still running, or stopped before its end, has its manifest in sweep.partial.json.
    let running = dir.join(super::runner::PARTIAL_MANIFEST);
    let manifest_path = if running.exists() { running } else { dir.join("sweep.json") };
    if !manifest_path.is_file() {
        return Err(Error::Read {
            path: manifest_path,
            source: std::io::Error::new(std::io::ErrorKind::NotFound, "no such file: not a sweep folder"),
        });
    }
    let plan = Plan::read(&manifest_path)?;
    let hash = plan.manifest.text("sweep.hash")?.to_string();
    let (k, n) = plan.shard;
    if plan.manifest.get("status") != "complete" {
        return Err(bad(format!(
            "{} holds an unfinished shard {k}/{n}\n  help: finish it with `dyad sweep FILE --shard {k}/{n} --resume --out {}`",
            dir.display(),
            dir.display()
        )));
    }
    let csv = std::fs::read_to_string(dir.join("sweep.csv")).map_err(|e| {
        bad(format!(
            "{} holds shard {k}/{n} but its sweep.csv cannot be read ({e})\n  help: run that shard again: `dyad sweep FILE --shard {k}/{n} --out {}`",
            dir.display(),
            dir.display()
        ))
    })?;
    Ok(Shard { dir: dir.to_path_buf(), plan, hash, k, n, csv })
}

/// Merges shard folders into `out`; returns the files written.
pub fn merge(dirs: &[PathBuf], out: &Path) -> Result<Vec<PathBuf>> {
    let shards = dirs.iter().map(|d| read_shard(d)).collect::<Result<Vec<_>>>()?;
    let first = shards.first().ok_or_else(|| bad("merge needs at least one shard folder".into()))?;
    for s in &shards[1..] {
        if s.hash != first.hash {
            return Err(bad(format!(
                "{} and {} hold different sweeps (hash {} vs {}: a different sweep file, base scenario or dyad version)\n  help: merge only the shards of one sweep",
                first.dir.display(),
                s.dir.display(),
                first.hash,
                s.hash
            )));
        }
        if s.n != first.n {
            return Err(bad(format!(
                "{} is shard {}/{} but {} is shard {}/{}: the shard counts differ",
                s.dir.display(),
                s.k,
                s.n,
                first.dir.display(),
                first.k,
                first.n
            )));
        }
    }
    let mut by_index: BTreeMap<u64, &Shard> = BTreeMap::new();
    for s in &shards {
        if let Some(other) = by_index.insert(s.k, s) {
            return Err(bad(format!(
                "shard {}/{} is given twice: {} and {}",
                s.k,
                s.n,
                other.dir.display(),
                s.dir.display()
            )));
        }
    }
    let absent = first.n as usize - by_index.len();
    if absent > 0 {
        // Name the first few: a shard count can be large.
        let missing: Vec<String> = (1..=first.n)
            .filter(|k| !by_index.contains_key(k))
            .take(10)
            .map(|k| format!("{k}/{}", first.n))
            .collect();
        let more = if absent > missing.len() {
            format!(" and {} more", absent - missing.len())
        } else {
            String::new()
        };
        return Err(bad(format!(
            "missing shard{} {}{more}\n  help: run `dyad sweep FILE --shard K/N` for each, then merge all {} folders",
            if absent > 1 { "s" } else { "" },
            missing.join(", "),
            first.n
        )));
    }
    // Every row of every shard is checked against its sweep.json: complete, of this shard, in
    // order, with its point's axis values and numbers where numbers belong.
    let tables = shards
        .iter()
        .map(|s| table::read(&s.dir.join("sweep.csv"), &s.csv, &s.plan))
        .collect::<Result<Vec<_>>>()?;
    let header = tables[0].header_line.clone();
    let mut rows: BTreeMap<usize, &str> = BTreeMap::new();
    for (s, t) in shards.iter().zip(&tables) {
        if t.header_line != header {
            return Err(bad(format!(
                "{}: sweep.csv has a different header from {}",
                s.dir.display(),
                first.dir.display()
            )));
        }
        for row in &t.rows {
            if rows.insert(row.point, &row.line).is_some() {
                return Err(bad(format!("point {} appears twice among the shards", row.point)));
            }
        }
    }
    let total = first.plan.count;
    if rows.len() != total || rows.keys().next_back().is_some_and(|&p| p + 1 != total) {
        return Err(bad(format!("the shards hold {} of the sweep's {total} points", rows.len())));
    }
    let mut manifest = first.plan.manifest.value.clone();
    manifest["shard"] = serde_json::json!({ "index": 1, "count": 1 });
    // The merge writes no trajectories.csv.
    manifest["trajectories"] = serde_json::json!([]);
    manifest["merged_from"] =
        Value::Array(shards.iter().map(|s| Value::String(s.dir.display().to_string())).collect());
    let mut files = OutputSet::new(out)?;
    files.write("sweep.csv", |w| {
        let mut text = header.clone();
        rows.values().for_each(|r| text.push_str(r));
        w.write_all(text.as_bytes()).map_err(|source| Error::Write { path: "sweep.csv".into(), source })
    })?;
    files.write("sweep.json", |w| {
        serde_json::to_writer_pretty(&mut *w, &manifest)
            .map_err(|e| Error::Encode { what: "sweep.json".into(), message: e.to_string() })?;
        writeln!(w).map_err(|source| Error::Write { path: "sweep.json".into(), source })
    })?;
    files.commit()
}
