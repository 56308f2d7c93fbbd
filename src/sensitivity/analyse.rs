//! `dyad sensitivity`'s analysis of a finished Sobol or Morris sweep folder: reads `sweep.json`
//! and `sweep.csv` back (checked as `dyad merge` checks them), estimates the indices of every
//! output named in the file, and writes
//!
//! - `sensitivity.csv`: `output,factor,method,index,value,ci_low,ci_high`, one row per output,
//!   factor and index (Sobol: `S1`, `ST`; Morris: `mu_star`, `mu`, `sigma`);
//! - `convergence.csv` (Sobol): the same indices from the first 1/8, 1/4, 1/2 and all of the
//!   base sample, `output,factor,index,samples,value,ci_low,ci_high`;
//! - `sensitivity.json`: the design, seed, bootstrap, version and the files' provenance;
//! - `sensitivity-OUTPUT.png`/`.svg`: bars with intervals (Sobol) or mu* against sigma (Morris).
//!
//! Everything is a function of the sweep's rows and seed: the same folder gives the same bytes.

use super::estimate::{self, Bootstrap, FirstOrder, Interval};
use crate::engine::derive_seed;
use crate::error::{Error, Result};
use crate::output::OutputSet;
use crate::report::fixed6;
use crate::report::plot::{self, Theme};
use crate::sweep::DesignKind;
use crate::sweep::table::{self, Plan};
use std::fmt::Write as _;
use std::path::Path;

/// Indices by name (`S1`, `ST`, `mu_star`, ...), each with one interval per factor.
pub type Named = Vec<(&'static str, Vec<Interval>)>;

/// The indices of one output.
#[derive(Debug, Clone)]
pub struct OutputIndices {
    /// The `sweep.csv` column.
    pub output: String,
    /// `(index name, one interval per factor)`, in the order written.
    pub indices: Named,
    /// Sobol: the indices from growing shares of the base sample: `(base points, indices)`.
    pub convergence: Vec<(usize, Named)>,
    /// The variance (Sobol) or range (Morris) of the output over the design, to tell a flat
    /// output from an insensitive one.
    pub spread: f64,
    /// For an outcome share, the level the finite number of couples per point alone gives:
    /// the share of the variance it makes (Sobol, added to every ST) or the mu* of a factor
    /// with no effect (Morris). `None` for means, whose spread within a point is not recorded.
    pub noise: Option<f64>,
}

/// The sampling variance of a share estimated from `n` couples, averaged over the points:
/// the mean of p (1 - p) / (n - 1), an unbiased estimate of p (1 - p) / n at each point.
fn share_noise(y: &[f64], n: f64) -> f64 {
    if n < 2.0 {
        return f64::NAN;
    }
    y.iter().map(|p| p * (1.0 - p) / (n - 1.0)).sum::<f64>() / y.len().max(1) as f64
}

/// A finished analysis.
#[derive(Debug, Clone)]
pub struct Analysis {
    /// `sobol` or `morris`.
    pub method: DesignKind,
    /// The factors (swept parameters), in file order.
    pub factors: Vec<String>,
    /// One entry per output, in file order.
    pub outputs: Vec<OutputIndices>,
    /// Bootstrap resamples.
    pub bootstrap: u32,
    /// Base points (Sobol) or trajectories (Morris).
    pub samples: usize,
    /// Couples per point.
    pub replicates: u64,
    /// Outputs that could not be analysed, and why.
    pub skipped: Vec<(String, String)>,
    /// The `sweep` object of the folder's `sweep.json`: axes, seed, hash, base.
    pub sweep: serde_json::Value,
}

/// The seed of the bootstrap of output `j`: a stream no run or design uses.
fn bootstrap_seed(seed: u64, j: usize) -> u64 {
    derive_seed(seed, u64::MAX - 1, j as u64)
}

/// Reads the sweep folder `dir` and estimates the indices of its outputs.
pub fn analyse(dir: &Path) -> Result<Analysis> {
    let manifest = dir.join("sweep.json");
    let plan = Plan::read(&manifest)?;
    if !plan.design.sensitivity() {
        return Err(Error::BadArgument(format!(
            "{} holds a {} sweep, not a sensitivity design\n  help: `dyad sensitivity` analyses sweeps with method = \"sobol\" or \"morris\"",
            dir.display(),
            plan.design.name()
        )));
    }
    if plan.shard.1 != 1 {
        let (k, n) = plan.shard;
        return Err(Error::BadArgument(format!(
            "{} holds shard {k} of {n}: the indices need every point\n  help: join the shards with `dyad merge DIR... --out DIR`, which analyses the merged sweep",
            dir.display()
        )));
    }
    let csv_path = dir.join("sweep.csv");
    let text = std::fs::read_to_string(&csv_path)
        .map_err(|source| Error::Read { path: csv_path.clone(), source })?;
    let table = table::read(&csv_path, &text, &plan)?;
    let json = &plan.manifest;
    let outputs: Vec<String> = (0..json.optional_array("sweep.analysis.outputs")?)
        .map(|i| json.text(&format!("sweep.analysis.outputs.{i}")).map(str::to_string))
        .collect::<Result<_>>()?;
    if outputs.is_empty() {
        return Err(json.fail("sweep.analysis.outputs", "is missing or empty"));
    }
    let bootstrap = json.whole("sweep.analysis.bootstrap", 1)? as u32;
    let samples = json.whole("sweep.samples", 1)? as usize;
    let k = plan.params.len();
    let seed = plan.seed;
    let mut results = Vec::new();
    let mut skipped = Vec::new();
    'outputs: for (j, output) in outputs.iter().enumerate() {
        let column = table.header.iter().position(|h| h == output).ok_or_else(|| {
            json.fail(
                &format!("sweep.analysis.outputs.{j}"),
                format!("= {output} is not a column of sweep.csv"),
            )
        })?;
        let mut y = Vec::with_capacity(table.rows.len());
        for row in &table.rows {
            let cell = row.fields.get(column).map(String::as_str).unwrap_or_default();
            let Some(v) = crate::report::check::finite(cell) else {
                // A mean over no couple (say, of episode lengths where none had an episode):
                // the other outputs are still analysed.
                skipped.push((
                    output.clone(),
                    format!(
                        "not defined at point {}: no couple there had what it measures; analyse an output defined for every run, such as an outcome share or a final state",
                        row.point
                    ),
                ));
                continue 'outputs;
            };
            y.push(v);
        }
        let noise = output.starts_with("p_").then(|| share_noise(&y, plan.replicates as f64));
        let boot = Bootstrap { resamples: bootstrap as usize, level: 0.95, seed: bootstrap_seed(seed, j) };
        let result = match plan.design {
            DesignKind::Sobol => {
                let all = estimate::sobol_indices(&y, k, FirstOrder::Jansen, &boot);
                let sizes = estimate::convergence_sizes(samples, 4);
                let convergence = estimate::sobol_convergence(&y, k, &sizes, FirstOrder::Jansen, &boot)
                    .into_iter()
                    .map(|part| (part.base_rows, vec![("S1", part.first), ("ST", part.total)]))
                    .collect();
                OutputIndices {
                    output: output.clone(),
                    indices: vec![("S1", all.first), ("ST", all.total)],
                    convergence,
                    spread: all.variance,
                    // Jansen's ST of a factor without effect is noise / V; S1 is unbiased.
                    noise: noise.map(|v| v / all.variance),
                }
            }
            _ => {
                let levels = json.whole("sweep.levels", 2)? as usize;
                let x = estimate::morris(samples, k, levels, derive_seed(seed, u64::MAX, 0));
                let delta = levels as f64 / (2.0 * (levels as f64 - 1.0));
                let m = estimate::morris_indices(&x, &y, &boot);
                let (lo, hi) =
                    y.iter().fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &v| (a.min(v), b.max(v)));
                OutputIndices {
                    output: output.clone(),
                    indices: vec![("mu_star", m.mu_star), ("mu", m.mu_interval), ("sigma", m.sigma_interval)],
                    convergence: Vec::new(),
                    spread: hi - lo,
                    // |difference of two noisy shares| / delta, on average, for no effect.
                    noise: noise.map(|v| (4.0 * v / std::f64::consts::PI).sqrt() / delta),
                }
            }
        };
        results.push(result);
    }
    if results.is_empty() {
        let why: Vec<String> = skipped.iter().map(|(o, w)| format!("{o}: {w}")).collect();
        return Err(Error::BadArgument(format!(
            "no output of {} can be analysed\n  help: {}",
            dir.display(),
            why.join("\n  help: ")
        )));
    }
    Ok(Analysis {
        skipped,
        sweep: plan.manifest.value["sweep"].clone(),
        method: plan.design,
        factors: plan.params.clone(),
        outputs: results,
        bootstrap,
        samples,
        replicates: plan.replicates,
    })
}

/// A number as written in the CSV files ([`fixed6`]), empty when undefined.
fn num(v: f64) -> String {
    if v.is_finite() { fixed6(v) } else { String::new() }
}

impl Analysis {
    /// `sensitivity.csv`.
    pub fn csv(&self) -> String {
        let mut out = String::from("output,factor,method,index,value,ci_low,ci_high\n");
        for o in &self.outputs {
            for (i, factor) in self.factors.iter().enumerate() {
                for (name, values) in &o.indices {
                    let v = &values[i];
                    let _ = writeln!(
                        out,
                        "{},{factor},{},{name},{},{},{}",
                        o.output,
                        self.method.name(),
                        num(v.value),
                        num(v.ci_low),
                        num(v.ci_high)
                    );
                }
            }
        }
        out
    }

    /// `convergence.csv` (Sobol only).
    pub fn convergence_csv(&self) -> Option<String> {
        if self.method != DesignKind::Sobol {
            return None;
        }
        let mut out = String::from("output,factor,index,samples,value,ci_low,ci_high\n");
        for o in &self.outputs {
            for (i, factor) in self.factors.iter().enumerate() {
                for (n, indices) in &o.convergence {
                    for (name, values) in indices {
                        let v = &values[i];
                        let _ = writeln!(
                            out,
                            "{},{factor},{name},{n},{},{},{}",
                            o.output,
                            num(v.value),
                            num(v.ci_low),
                            num(v.ci_high)
                        );
                    }
                }
            }
        }
        Some(out)
    }

    /// The ranking of the factors for each output, for the terminal.
    pub fn summary(&self) -> String {
        let mut out = String::new();
        for (output, why) in &self.skipped {
            let _ = writeln!(out, "{output}: skipped, {why}");
        }
        let key = if self.method == DesignKind::Sobol { "ST" } else { "mu_star" };
        for o in &self.outputs {
            let main = &o.indices.iter().find(|(n, _)| *n == key).expect("the main index").1;
            let mut order: Vec<usize> = (0..self.factors.len()).collect();
            order.sort_by(|&a, &b| main[b].value.total_cmp(&main[a].value).then(a.cmp(&b)));
            let width = self.factors.iter().map(String::len).max().unwrap_or(6).max(6);
            if self.method == DesignKind::Sobol {
                let _ = writeln!(
                    out,
                    "{}: variance {:.4}; factors by total-order index ST (first-order S1), 95% intervals",
                    o.output, o.spread
                );
                if let Some(noise) = o.noise {
                    let _ = writeln!(
                        out,
                        "  (the {} couples per point leave noise of about {:.0}% of the variance: it is in every ST; more replicates lower it)",
                        self.replicates,
                        noise * 100.0
                    );
                }
                let first = &o.indices[0].1;
                for &i in &order {
                    let _ = writeln!(
                        out,
                        "  {:width$}  ST {:>6.3} [{:.3}, {:.3}]   S1 {:>6.3} [{:.3}, {:.3}]",
                        self.factors[i],
                        main[i].value,
                        main[i].ci_low,
                        main[i].ci_high,
                        first[i].value,
                        first[i].ci_low,
                        first[i].ci_high
                    );
                }
            } else {
                let _ = writeln!(
                    out,
                    "{}: range {:.4} over the design; factors by mu* (mean absolute elementary effect), sigma",
                    o.output, o.spread
                );
                if let Some(noise) = o.noise {
                    let _ = writeln!(
                        out,
                        "  (with {} couples per point, a factor without effect would show mu* of about {:.4}: the noise floor)",
                        self.replicates, noise
                    );
                }
                let sigma = &o.indices[2].1;
                for &i in &order {
                    let _ = writeln!(
                        out,
                        "  {:width$}  mu* {:>8.4} [{:.4}, {:.4}]   sigma {:>8.4} [{:.4}, {:.4}]",
                        self.factors[i],
                        main[i].value,
                        main[i].ci_low,
                        main[i].ci_high,
                        sigma[i].value,
                        sigma[i].ci_low,
                        sigma[i].ci_high
                    );
                }
            }
        }
        out
    }

    /// `sensitivity.json`: what was analysed and how.
    pub fn manifest(&self, command: &str) -> serde_json::Value {
        let sweep = &self.sweep;
        let method = match self.method {
            DesignKind::Sobol => serde_json::json!({
                "name": "sobol",
                "design": "Saltelli (2010): A, B and A with column i from B, from a Sobol sequence (Joe & Kuo direction numbers)",
                "estimators": "first order and total order: Jansen (1999), as in Saltelli et al. (2010) table 2; V the variance of the A and B outputs",
                "base_samples": self.samples,
                "points": self.samples * (self.factors.len() + 2),
            }),
            _ => serde_json::json!({
                "name": "morris",
                "design": "Morris (1991) one-at-a-time trajectories on a grid of `levels` values per factor",
                "estimators": "mu, mu* (Campolongo, Cariboni & Saltelli 2007) and sigma of the elementary effects",
                "trajectories": self.samples,
                "points": self.samples * (self.factors.len() + 1),
            }),
        };
        serde_json::json!({
            "dyad_version": env!("CARGO_PKG_VERSION"),
            "method": method,
            "factors": sweep["axes"],
            "outputs": self.outputs.iter().map(|o| o.output.clone()).collect::<Vec<_>>(),
            "skipped": self.skipped.iter().map(|(o, w)| (o.clone(), serde_json::json!(w))).collect::<serde_json::Map<_, _>>(),
            "noise": self.outputs.iter().map(|o| (o.output.clone(), serde_json::json!(o.noise.filter(|v| v.is_finite())))).collect::<serde_json::Map<_, _>>(),
            "noise_meaning": match self.method {
                DesignKind::Sobol => "for an outcome share: the mean binomial sampling variance p(1-p)/(n-1) of a point's share over the output's variance; Jansen's ST of a factor without effect is about this",
                _ => "for an outcome share: the mu* a factor without effect would show, from the binomial sampling variance of a point's share",
            },
            "bootstrap": {
                "resamples": self.bootstrap,
                "intervals": "95% percentile intervals from resampling the base points (Sobol) or trajectories (Morris) with replacement (the same resamples for mu*, mu and sigma)",
                "seed": "derive_seed(seed, 2^64-2, j) for output j",
            },
            "seed": sweep["seed"],
            "replicates": sweep["replicates"],
            "sweep_hash": sweep["hash"],
            "base": sweep["base"],
            "files": {
                "sensitivity.csv": "output,factor,method,index,value,ci_low,ci_high",
                "convergence.csv": if self.method == DesignKind::Sobol { "output,factor,index,samples,value,ci_low,ci_high" } else { "" },
            },
            "command": command,
        })
    }

    /// Writes the CSV and JSON files and the figures into `dir` (a staging folder).
    pub fn write(&self, dir: &Path, command: &str, theme: Option<Theme>) -> Result<Vec<String>> {
        let mut set = OutputSet::new(dir)?;
        let mut files = vec!["sensitivity.csv".to_string()];
        let csv = self.csv();
        set.write("sensitivity.csv", |w| {
            w.write_all(csv.as_bytes())
                .map_err(|source| Error::Write { path: "sensitivity.csv".into(), source })
        })?;
        if let Some(conv) = self.convergence_csv() {
            set.write("convergence.csv", |w| {
                w.write_all(conv.as_bytes())
                    .map_err(|source| Error::Write { path: "convergence.csv".into(), source })
            })?;
            files.push("convergence.csv".into());
        }
        let manifest = self.manifest(command);
        set.write("sensitivity.json", |w| {
            serde_json::to_writer_pretty(&mut *w, &manifest)
                .map_err(|e| Error::Encode { what: "sensitivity.json".into(), message: e.to_string() })?;
            writeln!(w).map_err(|source| Error::Write { path: "sensitivity.json".into(), source })
        })?;
        files.push("sensitivity.json".into());
        set.commit()?;
        if let Some(theme) = theme {
            for o in &self.outputs {
                let figure = super::figure::Indices { analysis: self, output: o };
                let drawn = plot::render(dir, &figure, &theme)?;
                files.push(format!("{}.png", drawn.stem));
            }
        }
        Ok(files)
    }
}
