//! `dyad discover DIR`: scenario discovery with PRIM on a sweep or sensitivity folder. Finds the
//! box of parameter space where an outcome concentrates, says it in words, and writes the
//! peeling trajectory (`discover.csv`), the chosen box (`discover.json`) and a figure of
//! coverage against density (`discover.png`/`.svg`) into the folder.

use super::common::stdout_line;
use crate::error::{Error, Result};
use crate::output::{Commit, OutputFolder, OutputSet};
use crate::report::plot::{self, A_COLOUR, Drawn, Figure, INK, Theme};
use crate::sensitivity::prim::{self, PrimBox, PrimConfig, Trajectory};
use crate::sweep::table::{self, Plan};
use plotters::coord::Shift;
use plotters::prelude::*;
use std::fmt::Write as _;
use std::path::Path;

/// The outcomes `--outcome` accepts: (name, the `sweep.csv` columns summed, words).
const OUTCOMES: [(&str, &[&str], &str); 6] = [
    ("risk", &["p_escalated", "p_dissolved"], "escalation or dissolution"),
    ("escalated", &["p_escalated"], "escalation"),
    ("dissolved", &["p_dissolved"], "dissolution"),
    ("settled", &["p_settled"], "settling"),
    ("disengaged", &["p_disengaged"], "disengagement"),
    ("cycling", &["p_cycling"], "an ongoing cycle"),
];

/// What `dyad discover` was asked.
pub struct Options<'a> {
    /// One of [`OUTCOMES`].
    pub outcome: &'a str,
    /// Count a point when its share is above this, instead of using the share itself.
    pub above: Option<f64>,
    /// The least coverage of the chosen box.
    pub min_coverage: f64,
    /// Share of the box removed per peel.
    pub alpha: f64,
    /// The least mass of a box.
    pub min_mass: f64,
}

fn bad(message: String) -> Error {
    Error::BadArgument(message)
}

/// A readable name for a swept parameter: `Sam's anxiety` for `partner.a.anxiety`.
fn label(param: &str, base: &serde_json::Value) -> String {
    if let Some(rest) = param.strip_prefix("partner.")
        && let Some((who, trait_)) = rest.split_once('.')
        && let Some(name) = base["partner"][who]["name"].as_str()
    {
        return format!("{name}'s {}", trait_.replace('_', " "));
    }
    param.to_string()
}

/// Runs `dyad discover DIR`.
pub fn command(dir: &Path, opts: &Options, theme: Option<Theme>) -> Result<()> {
    let Some(&(name, columns, words)) = OUTCOMES.iter().find(|(n, _, _)| *n == opts.outcome) else {
        let names: Vec<&str> = OUTCOMES.iter().map(|(n, _, _)| *n).collect();
        let hint = crate::scenario::diagnose::closest(opts.outcome, names.iter().copied())
            .map(|n| format!("; did you mean `{n}`?"))
            .unwrap_or_default();
        return Err(bad(format!(
            "--outcome {}: not an outcome\n  help: the allowed values are {}{hint}",
            opts.outcome,
            names.join(", ")
        )));
    };
    if let Some(t) = opts.above
        && !(0.0..1.0).contains(&t)
    {
        return Err(bad(format!(
            "--above {t}: out of range\n  help: a share from 0 to 1 (exclusive), e.g. --above 0.5"
        )));
    }
    if !(opts.min_coverage > 0.0 && opts.min_coverage <= 1.0) {
        return Err(bad(format!(
            "--min-coverage {}: out of range\n  help: a share above 0 and at most 1, e.g. 0.5",
            opts.min_coverage
        )));
    }
    let manifest = dir.join("sweep.json");
    if !manifest.is_file() {
        return Err(bad(format!(
            "{} is not a sweep folder (it has no sweep.json)\n  help: give a folder written by `dyad sweep`, `dyad sensitivity` or `dyad merge`",
            dir.display()
        )));
    }
    let plan = Plan::read(&manifest)?;
    let csv_path = dir.join("sweep.csv");
    let text = std::fs::read_to_string(&csv_path)
        .map_err(|source| Error::Read { path: csv_path.clone(), source })?;
    let data = table::read(&csv_path, &text, &plan)?;
    // The numeric factors; a scenario or true/false axis cannot bound a box.
    let numeric: Vec<usize> = (0..plan.params.len())
        .filter(|&i| data.rows.iter().all(|r| r.fields[i].parse::<f64>().is_ok_and(f64::is_finite)))
        .collect();
    if numeric.is_empty() {
        return Err(bad(format!(
            "{} varies no numeric parameter, so there is no region of parameter space to find\n  help: give a sweep over numbers, e.g. scenarios/sweeps/anxiety-avoidance.toml",
            dir.display()
        )));
    }
    let base = &plan.manifest.get("sweep.base_scenario").clone();
    let factors: Vec<String> = numeric.iter().map(|&i| plan.params[i].clone()).collect();
    let labels: Vec<String> = factors.iter().map(|p| label(p, base)).collect();
    let idx: Vec<usize> =
        columns.iter().map(|c| data.header.iter().position(|h| h == c).expect("checked header")).collect();
    let x: Vec<Vec<f64>> = data
        .rows
        .iter()
        .map(|r| numeric.iter().map(|&i| r.fields[i].parse().unwrap_or(0.0)).collect())
        .collect();
    let share: Vec<f64> = data
        .rows
        .iter()
        .map(|r| idx.iter().map(|&c| r.fields[c].parse::<f64>().unwrap_or(0.0)).sum::<f64>().clamp(0.0, 1.0))
        .collect();
    let y: Vec<f64> = match opts.above {
        Some(t) => share.iter().map(|&s| if s > t { 1.0 } else { 0.0 }).collect(),
        None => share,
    };
    let config = PrimConfig { alpha: opts.alpha, min_mass: opts.min_mass };
    let trajectory = prim::peel(&x, &factors, &y, None, &config)?;
    let chosen = prim::choose(&trajectory, opts.min_coverage);
    let described = match opts.above {
        None => format!("{words} in couples"),
        Some(t) => format!("points where {words} passes {}", prim::percent(t)),
    };
    let (best, sentence) = match chosen {
        None => (
            None,
            format!(
                "no box: {} is {} across the sweep, so there is nowhere it concentrates",
                described,
                if trajectory.total_outcome == 0.0 { "never seen" } else { "too rare or too spread" }
            ),
        ),
        Some(i) => {
            let simple = prim::simplify(&x, &y, None, &trajectory.boxes[i])?;
            let pasted = prim::paste(&x, &y, None, &simple, opts.alpha)?;
            let text = match opts.above {
                None => prim::describe(&pasted, &labels, words),
                Some(t) => format!(
                    "{words} above {} at {} of the points {}; these hold {} of all such points ({} of the points)",
                    prim::percent(t),
                    prim::percent(pasted.density),
                    prim::conditions(&pasted, &labels),
                    prim::percent(pasted.coverage),
                    prim::percent(pasted.mass)
                ),
            };
            (Some((i, pasted)), text)
        }
    };
    let folder = OutputFolder::open(dir)?;
    let mut set = OutputSet::new(folder.staging())?;
    let csv = trajectory_csv(&trajectory);
    set.write("discover.csv", |w| {
        w.write_all(csv.as_bytes()).map_err(|source| Error::Write { path: "discover.csv".into(), source })
    })?;
    let summary = serde_json::json!({
        "dyad_version": env!("CARGO_PKG_VERSION"),
        "method": "PRIM (Friedman & Fisher 1999): peeling by the original objective, then the chosen box simplified and pasted",
        "outcome": name,
        "columns": columns,
        "above": opts.above,
        "alpha": opts.alpha,
        "min_mass": opts.min_mass,
        "min_coverage": opts.min_coverage,
        "choice": "among boxes with coverage >= min_coverage, the largest coverage x density",
        "factors": factors,
        "labels": labels,
        "peeled_box": best.as_ref().map(|(i, _)| i),
        "box": best.as_ref().map(|(_, b)| b),
        "sentence": sentence,
        "sweep_hash": plan.manifest.get("sweep.hash"),
    });
    set.write("discover.json", |w| {
        serde_json::to_writer_pretty(&mut *w, &summary)
            .map_err(|e| Error::Encode { what: "discover.json".into(), message: e.to_string() })?;
        writeln!(w).map_err(|source| Error::Write { path: "discover.json".into(), source })
    })?;
    set.commit()?;
    if let Some(theme) = theme {
        let title = match opts.above {
            None => format!("Where {words} concentrates: PRIM's peeling trajectory"),
            Some(t) => {
                format!("Where {words} passes {} at a point: PRIM's peeling trajectory", prim::percent(t))
            }
        };
        let figure = Peeling { trajectory: &trajectory, chosen: best.as_ref(), title: &title };
        plot::render(folder.staging(), &figure, &theme)?;
    }
    folder.commit(Commit::Add)?;
    let mut out = format!(
        "{sentence}\n\npeeling trajectory ({} boxes; coverage, density, mass, restricted factors):\n",
        trajectory.boxes.len()
    );
    let step = (trajectory.boxes.len() / 8).max(1);
    for (i, b) in trajectory.boxes.iter().enumerate() {
        if i % step == 0 || i + 1 == trajectory.boxes.len() || best.as_ref().is_some_and(|(c, _)| *c == i) {
            let mark = if best.as_ref().is_some_and(|(c, _)| *c == i) { "  <- chosen" } else { "" };
            let _ = writeln!(
                out,
                "  box {i:>3}: coverage {:>5.1}%  density {:>5.1}%  mass {:>5.1}%  {} restricted{mark}",
                b.coverage * 100.0,
                b.density * 100.0,
                b.mass * 100.0,
                b.restricted
            );
        }
    }
    for f in ["discover.csv", "discover.json"].into_iter().chain(theme.map(|_| "discover.png")) {
        let _ = writeln!(out, "  {}", dir.join(f).display());
    }
    stdout_line(&out)
}

/// `discover.csv`: one row per box of the peeling trajectory, with its limits.
fn trajectory_csv(t: &Trajectory) -> String {
    let mut out = String::from("box,coverage,density,mass,points,restricted");
    for f in &t.factors {
        let _ = write!(out, ",{f}.lower,{f}.upper");
    }
    out.push('\n');
    let cell = |v: Option<f64>| v.map(|v| format!("{v}")).unwrap_or_default();
    for (i, b) in t.boxes.iter().enumerate() {
        let _ =
            write!(out, "{i},{:.6},{:.6},{:.6},{},{}", b.coverage, b.density, b.mass, b.rows, b.restricted);
        for l in &b.limits {
            let _ = write!(out, ",{},{}", cell(l.lower), cell(l.upper));
        }
        out.push('\n');
    }
    out
}

/// The peeling trajectory: density against coverage, the chosen box marked.
struct Peeling<'a> {
    trajectory: &'a Trajectory,
    chosen: Option<&'a (usize, PrimBox)>,
    title: &'a str,
}

impl Figure for Peeling<'_> {
    fn stem(&self) -> String {
        "discover".into()
    }

    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>, theme: &Theme) -> Drawn<DB> {
        area.fill(&WHITE)?;
        let mut chart = ChartBuilder::on(area)
            .caption(self.title, theme.font(19.0))
            .margin(theme.px(16.0))
            .x_label_area_size(theme.px(56.0))
            .y_label_area_size(theme.px(80.0))
            .build_cartesian_2d(0.0..1.02, 0.0..1.02)?;
        chart
            .configure_mesh()
            .x_desc("coverage: share of all cases inside the box")
            .y_desc("density: share of the box's cases")
            .x_label_formatter(&|v| format!("{:.0}%", v * 100.0))
            .y_label_formatter(&|v| format!("{:.0}%", v * 100.0))
            .label_style(theme.font(15.0))
            .axis_desc_style(theme.font(15.0))
            .light_line_style(RGBColor(235, 235, 235))
            .draw()?;
        let points: Vec<(f64, f64)> = self.trajectory.boxes.iter().map(|b| (b.coverage, b.density)).collect();
        chart.draw_series(LineSeries::new(points.clone(), A_COLOUR.stroke_width(theme.line)))?;
        chart.draw_series(points.iter().map(|&p| Circle::new(p, theme.px(4.0), A_COLOUR.filled())))?;
        if let Some((i, b)) = self.chosen {
            let peeled = &self.trajectory.boxes[*i];
            chart.draw_series(std::iter::once(Circle::new(
                (peeled.coverage, peeled.density),
                theme.px(10.0),
                INK.stroke_width(3),
            )))?;
            chart.draw_series(std::iter::once(
                EmptyElement::at((peeled.coverage, peeled.density))
                    + Text::new(
                        format!("chosen: {} restricted", b.restricted),
                        (-(theme.px(12.0) as i32), theme.px(14.0) as i32),
                        theme.font(15.0).color(&INK).pos(plotters::style::text_anchor::Pos::new(
                            plotters::style::text_anchor::HPos::Right,
                            plotters::style::text_anchor::VPos::Top,
                        )),
                    ),
            ))?;
        }
        Ok(())
    }
}
