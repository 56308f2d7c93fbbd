//! `dyad merge`: join the output folders of the shards of one sweep into the `sweep.csv` the
//! unsharded sweep writes, byte for byte. Refuses shards of different sweeps (their hashes
//! differ), a missing shard, a duplicated shard and an unfinished shard.

use crate::error::{Error, Result};
use crate::output::OutputSet;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

struct Shard {
    dir: PathBuf,
    manifest: Value,
    hash: String,
    k: u64,
    n: u64,
    csv: String,
}

fn bad(message: String) -> Error {
    Error::BadArgument(message)
}

fn read_shard(dir: &Path) -> Result<Shard> {
    let manifest_path = dir.join("sweep.json");
    let text = std::fs::read_to_string(&manifest_path)
        .map_err(|source| Error::Read { path: manifest_path.clone(), source })?;
    let manifest: Value = serde_json::from_str(&text)
        .map_err(|e| bad(format!("{}: not a sweep manifest: {e}", manifest_path.display())))?;
    let hash = manifest["sweep"]["hash"].as_str().unwrap_or_default().to_string();
    let (k, n) =
        (manifest["shard"]["index"].as_u64().unwrap_or(1), manifest["shard"]["count"].as_u64().unwrap_or(1));
    if manifest["status"] != "complete" {
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
    Ok(Shard { dir: dir.to_path_buf(), manifest, hash, k, n, csv })
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
    let missing: Vec<String> =
        (1..=first.n).filter(|k| !by_index.contains_key(k)).map(|k| format!("{k}/{}", first.n)).collect();
    if !missing.is_empty() {
        return Err(bad(format!(
            "missing shard{} {}\n  help: run `dyad sweep FILE --shard K/N` for each, then merge all {} folders",
            if missing.len() > 1 { "s" } else { "" },
            missing.join(", "),
            first.n
        )));
    }
    let header = first.csv.split_inclusive('\n').next().unwrap_or_default().to_string();
    let mut rows: BTreeMap<usize, &str> = BTreeMap::new();
    for s in &shards {
        let mut lines = s.csv.split_inclusive('\n');
        if lines.next() != Some(header.as_str()) {
            return Err(bad(format!(
                "{}: sweep.csv has a different header from {}",
                s.dir.display(),
                first.dir.display()
            )));
        }
        for line in lines {
            let point: usize =
                line.trim_end().rsplit(',').next().and_then(|p| p.parse().ok()).ok_or_else(|| {
                    bad(format!("{}: a row of sweep.csv has no point number", s.dir.display()))
                })?;
            if rows.insert(point, line).is_some() {
                return Err(bad(format!("point {point} appears twice among the shards")));
            }
        }
    }
    let total = first.manifest["sweep"]["points"].as_u64().unwrap_or(0) as usize;
    if rows.len() != total || rows.keys().next_back().is_some_and(|&p| p + 1 != total) {
        return Err(bad(format!("the shards hold {} of the sweep's {total} points", rows.len())));
    }
    let mut manifest = first.manifest.clone();
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
