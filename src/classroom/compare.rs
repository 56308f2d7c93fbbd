//! `dyad compare`: two to four scenarios side by side on shared axes.
//!
//! Each scenario is run in full ([`engine::run_scenario`]); the figure `compare.png` /
//! `compare.svg` shows the median trust and exhaustion of both partners over time (partner A
//! solid, B dashed, one colour per scenario) in two panels with the same axes, and below them
//! the share of runs ending in each outcome as one stacked bar per scenario. `compare.csv` has
//! one row per scenario, and [`Comparison::table`] is the short table printed to the terminal.

use crate::engine::{self, ScenarioResult};
use crate::error::{Error, Result};
use crate::metrics::Outcome;
use crate::metrics::trajectory::VARIABLES;
use crate::report::fixed6;
use crate::report::plot::{Drawn, Figure, INK, OUTCOME_COLOURS, Theme, outcome_bar, render, side_legend};
use crate::scenario::Scenario;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use std::path::{Path, PathBuf};

/// What was written.
#[derive(Debug, Clone)]
pub struct Comparison {
    /// The short table printed to the terminal.
    pub table: String,
    /// The files written.
    pub files: Vec<PathBuf>,
}

/// The colour of each scenario, in command-line order (Okabe-Ito blue, vermillion, black,
/// reddish purple).
pub const SCENARIO_COLOURS: [RGBColor; 4] =
    [RGBColor(0, 114, 178), RGBColor(213, 94, 0), RGBColor(34, 34, 34), RGBColor(204, 121, 167)];

/// The model version whose names the comparison uses: 2 when every scenario runs version 2
/// (hopelessness), else 1 (exhaustion).
fn version_of(entries: &[Entry]) -> u32 {
    if entries.iter().all(|e| e.version >= 2) { 2 } else { 1 }
}

/// The columns of `compare.csv` under model `version` (see [`crate::metrics::named`]).
pub fn csv_header(version: u32) -> Vec<String> {
    let mut h: Vec<String> =
        ["scenario", "partner_a", "partner_b", "steps", "replicates", "seed"].map(String::from).to_vec();
    h.extend(Outcome::ALL.iter().map(|o| format!("p_{o}")));
    h.extend(
        [
            "mean_pursue_withdraw",
            "mean_final_trust_a",
            "mean_final_trust_b",
            "mean_final_exhaustion_a",
            "mean_final_exhaustion_b",
        ]
        .map(|name| crate::metrics::named(name, version)),
    );
    h
}

/// One scenario's results, as the figure and tables need them.
#[derive(Debug, Clone)]
struct Entry {
    /// The scenario name (made unique among the compared ones).
    label: String,
    name: String,
    partners: [String; 2],
    steps: u32,
    replicates: u32,
    seed: u64,
    /// The scenario's model version.
    version: u32,
    /// Median trust of A and B at each step.
    trust: [Vec<f64>; 2],
    /// Median exhaustion of A and B at each step.
    exhaustion: [Vec<f64>; 2],
    /// Outcome shares in [`Outcome::ALL`] order.
    shares: [f64; 5],
    pursue_withdraw: f64,
    final_trust: [f64; 2],
    final_exhaustion: [f64; 2],
}

fn variable(name: &str) -> usize {
    VARIABLES.iter().position(|v| *v == name).unwrap_or(0)
}

impl Entry {
    fn new(sc: &Scenario, label: String, r: &ScenarioResult) -> Entry {
        let median = |var: &str| -> Vec<f64> {
            let v = variable(var);
            (0..r.trajectory.len()).map(|t| r.trajectory.stats(t, v).quantiles[2]).collect()
        };
        let mut shares = [0.0; 5];
        for (k, (_, s)) in r.outcome_shares().into_iter().enumerate() {
            shares[k] = s;
        }
        let mean = |f: fn(&crate::metrics::RunSummary) -> f64| {
            r.runs.iter().map(f).sum::<f64>() / r.runs.len().max(1) as f64
        };
        Entry {
            label,
            name: sc.name.clone(),
            partners: [sc.partner.a.name.clone(), sc.partner.b.name.clone()],
            steps: sc.steps,
            replicates: sc.replicates,
            seed: sc.seed,
            version: sc.model.version,
            trust: [median("trust_a"), median("trust_b")],
            exhaustion: [median("exhaustion_a"), median("exhaustion_b")],
            shares,
            pursue_withdraw: mean(|s| s.pursue_withdraw),
            final_trust: [mean(|s| s.final_trust[0]), mean(|s| s.final_trust[1])],
            final_exhaustion: [mean(|s| s.final_exhaustion[0]), mean(|s| s.final_exhaustion[1])],
        }
    }

    fn csv_row(&self) -> Vec<String> {
        let mut row = vec![
            self.name.clone(),
            self.partners[0].clone(),
            self.partners[1].clone(),
            self.steps.to_string(),
            self.replicates.to_string(),
            self.seed.to_string(),
        ];
        row.extend(self.shares.iter().map(|&s| fixed6(s)));
        row.extend(
            [
                self.pursue_withdraw,
                self.final_trust[0],
                self.final_trust[1],
                self.final_exhaustion[0],
                self.final_exhaustion[1],
            ]
            .map(fixed6),
        );
        row
    }
}

/// Scenario labels: the names, with ` (2)`, ` (3)` ... added to repeated ones.
fn labels(scenarios: &[Scenario]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for (i, sc) in scenarios.iter().enumerate() {
        let before = scenarios[..i].iter().filter(|s| s.name == sc.name).count();
        out.push(if before == 0 { sc.name.clone() } else { format!("{} ({})", sc.name, before + 1) });
    }
    out
}

/// `200 runs each`, or `200, 100 runs`.
fn runs_text(entries: &[Entry]) -> String {
    let first = entries[0].replicates;
    if entries.iter().all(|e| e.replicates == first) {
        format!("{first} runs each")
    } else {
        let list: Vec<String> = entries.iter().map(|e| e.replicates.to_string()).collect();
        format!("{} runs", list.join(", "))
    }
}

fn seeds_text(entries: &[Entry]) -> String {
    let first = entries[0].seed;
    if entries.iter().all(|e| e.seed == first) {
        format!("seed {first}")
    } else {
        let list: Vec<String> = entries.iter().map(|e| e.seed.to_string()).collect();
        format!("seeds {}", list.join(", "))
    }
}

fn pct(v: f64) -> String {
    format!("{:.1}%", 100.0 * v)
}

/// The plain-text table: one row per scenario, aligned columns.
fn table(entries: &[Entry]) -> String {
    let mut header: Vec<String> = vec!["scenario".into()];
    header.extend(Outcome::ALL.iter().map(|o| o.to_string()));
    header.extend(["pursue-withdraw".into(), "final trust A/B".into()]);
    let rows: Vec<Vec<String>> = entries
        .iter()
        .map(|e| {
            let mut row = vec![e.label.clone()];
            row.extend(e.shares.iter().map(|&s| pct(s)));
            row.push(pct(e.pursue_withdraw));
            row.push(format!("{:.2} / {:.2}", e.final_trust[0], e.final_trust[1]));
            row
        })
        .collect();
    let widths: Vec<usize> = (0..header.len())
        .map(|c| rows.iter().map(|r| r[c].chars().count()).chain([header[c].len()]).max().unwrap_or(0))
        .collect();
    let line = |cells: &[String]| -> String {
        let parts: Vec<String> =
            cells
                .iter()
                .enumerate()
                .map(|(c, s)| {
                    if c == 0 { format!("{s:<w$}", w = widths[c]) } else { format!("{s:>w$}", w = widths[c]) }
                })
                .collect();
        parts.join("  ").trim_end().to_string()
    };
    let names: Vec<&str> = entries.iter().map(|e| e.label.as_str()).collect();
    let mut s = format!("{}: {}, {}\n", names.join(" vs "), runs_text(entries), seeds_text(entries));
    s.push_str(&line(&header));
    s.push('\n');
    for r in &rows {
        s.push_str(&line(r));
        s.push('\n');
    }
    s.push_str("(outcomes: share of runs; pursue-withdraw: mean share of days; final trust: mean, A / B)\n");
    s
}

/// The comparison figure.
struct CompareFigure<'a> {
    entries: &'a [Entry],
}

type Chart<'a, DB> = crate::report::plot::XyChart<'a, DB>;

impl CompareFigure<'_> {
    /// One panel of a variable over time: every scenario, A solid and B dashed.
    fn panel<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        theme: &Theme,
        caption: &str,
        label: &str,
        series: impl Fn(&Entry) -> &[Vec<f64>; 2],
    ) -> Drawn<DB> {
        let steps = self.entries.iter().map(|e| e.steps).max().unwrap_or(1).max(1);
        let mut chart: Chart<DB> = ChartBuilder::on(area)
            .caption(caption, theme.font(21.0))
            .margin(theme.px(12.0))
            .x_label_area_size(theme.px(50.0))
            .y_label_area_size(theme.px(64.0))
            .build_cartesian_2d(0f64..f64::from(steps), 0f64..1f64)?;
        chart
            .configure_mesh()
            .x_desc("day (step)")
            .x_label_formatter(&|v| format!("{v:.0}"))
            .x_labels(6)
            .y_desc(label)
            .label_style(theme.font(16.0))
            .axis_desc_style(theme.font(18.0))
            .light_line_style(WHITE)
            .bold_line_style(BLACK.mix(0.08))
            .draw()?;
        for (i, e) in self.entries.iter().enumerate() {
            let colour = SCENARIO_COLOURS[i % SCENARIO_COLOURS.len()];
            let [a, b] = series(e);
            let points = |v: &[f64]| -> Vec<(f64, f64)> {
                v.iter().enumerate().map(|(t, &y)| (t as f64, y)).collect()
            };
            chart.draw_series(LineSeries::new(points(a), colour.stroke_width(theme.line)))?;
            let style = colour.stroke_width(theme.line.saturating_sub(1).max(2));
            chart.draw_series(DashedLineSeries::new(points(b), theme.px(10.0), theme.px(6.0), style))?;
        }
        Ok(())
    }

    /// The scenario legend: name, then partner A (solid) and B (dashed).
    fn legend<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>, theme: &Theme) -> Drawn<DB> {
        let row = theme.px(27.0) as i32;
        let mut y = theme.px(50.0) as i32;
        let x = theme.px(10.0) as i32;
        for (i, e) in self.entries.iter().enumerate() {
            let colour = SCENARIO_COLOURS[i % SCENARIO_COLOURS.len()];
            let top = Pos::new(HPos::Left, VPos::Center);
            let label = crate::report::plot::drawable(&e.label);
            area.draw(&Text::new(label, (x, y), theme.bold(18.0).color(&colour).pos(top)))?;
            for (k, who) in ["A", "B"].into_iter().enumerate() {
                let yy = y + row * (k as i32 + 1);
                let line = vec![(x + 4, yy), (x + 40, yy)];
                if k == 0 {
                    area.draw(&PathElement::new(line, colour.stroke_width(theme.line)))?;
                } else {
                    for s in 0..3 {
                        let x0 = x + 4 + s * 14;
                        area.draw(&PathElement::new(
                            vec![(x0, yy), (x0 + 8, yy)],
                            colour.stroke_width(theme.line.saturating_sub(1).max(2)),
                        ))?;
                    }
                }
                let text = format!("{} ({who}, {})", e.partners[k], if k == 0 { "solid" } else { "dashed" });
                area.draw(&Text::new(text, (x + 50, yy), theme.font(16.0).color(&INK).pos(top)))?;
            }
            y += row * 3 + theme.px(14.0) as i32;
        }
        Ok(())
    }

    /// Outcome shares: one stacked horizontal bar per scenario.
    fn bars<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>, theme: &Theme) -> Drawn<DB> {
        let n = self.entries.len().max(1);
        let mut chart: Chart<DB> = ChartBuilder::on(area)
            .caption(format!("How the runs ended (share of {})", runs_text(self.entries)), theme.font(21.0))
            .margin(theme.px(12.0))
            .x_label_area_size(theme.px(46.0))
            .y_label_area_size(theme.px(200.0))
            .build_cartesian_2d(0f64..1f64, -0.5f64..(n as f64 - 0.5))?;
        chart
            .configure_mesh()
            .disable_y_mesh()
            .y_labels(0)
            .x_labels(6)
            .x_label_formatter(&|v| format!("{:.0}%", 100.0 * v))
            .x_desc("share of runs")
            .light_line_style(WHITE)
            .bold_line_style(BLACK.mix(0.08))
            .label_style(theme.font(16.0))
            .axis_desc_style(theme.font(18.0))
            .draw()?;
        let base = area.get_base_pixel();
        for (i, e) in self.entries.iter().enumerate() {
            let yc = (n - 1 - i) as f64;
            outcome_bar(&mut chart, theme, yc, &e.shares)?;
            // The scenario's name left of its bar, in its colour.
            let (px, py) = chart.backend_coord(&(0.0, yc));
            let colour = SCENARIO_COLOURS[i % SCENARIO_COLOURS.len()];
            let style = theme.bold(18.0).color(&colour).pos(Pos::new(HPos::Right, VPos::Center));
            area.draw(&Text::new(
                crate::report::plot::drawable(&e.label),
                (px - base.0 - theme.px(10.0) as i32, py - base.1),
                style,
            ))?;
        }
        Ok(())
    }
}

impl Figure for CompareFigure<'_> {
    fn stem(&self) -> String {
        "compare".into()
    }

    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>, theme: &Theme) -> Drawn<DB> {
        area.fill(&WHITE)?;
        let names: Vec<String> =
            self.entries.iter().map(|e| crate::report::plot::drawable(&e.label)).collect();
        let area = area.margin(theme.px(8.0), 0, 0, 0);
        let area = area.titled(&names.join(" vs "), theme.bold(28.0))?;
        let version = version_of(self.entries);
        let subtitle = crate::metrics::named(
            &format!(
                "median trust and exhaustion of {} (partner A solid, B dashed; runs that ended keep their last value)",
                runs_text(self.entries)
            ),
            version,
        );
        let area = area.titled(&subtitle, theme.font(17.0))?;
        let (w, h) = area.dim_in_pixel();
        let side = theme.px(270.0).min(w / 3);
        let (top, bottom) = area.split_vertically(h * 60 / 100);
        let (panels, legend) = top.split_horizontally(w - side);
        let (left, right) = panels.split_horizontally((w - side) / 2);
        self.panel(&left, theme, "Trust in the partner", "trust", |e| &e.trust)?;
        let (title, label) = if version >= 2 {
            ("Hopelessness", "hopelessness")
        } else {
            ("Emotional exhaustion", "exhaustion")
        };
        self.panel(&right, theme, title, label, |e| &e.exhaustion)?;
        self.legend(&legend, theme)?;
        let (bars, outcome_legend) = bottom.split_horizontally(w - side);
        self.bars(&bars, theme)?;
        let entries: Vec<(String, RGBAColor, bool)> = Outcome::ALL
            .iter()
            .zip(OUTCOME_COLOURS)
            .map(|(o, c)| (o.to_string(), c.to_rgba(), false))
            .collect();
        side_legend(&outcome_legend, theme, &entries)?;
        Ok(())
    }
}

/// Runs every scenario and writes one comparison figure (PNG and SVG) and a CSV table to `dir`.
pub fn compare(scenarios: &[Scenario], dir: &Path, theme: &Theme) -> Result<Comparison> {
    if !(2..=SCENARIO_COLOURS.len()).contains(&scenarios.len()) {
        return Err(Error::BadArgument(format!(
            "compare needs two to four scenarios, not {}",
            scenarios.len()
        )));
    }
    let labels = labels(scenarios);
    let entries: Vec<Entry> = scenarios
        .iter()
        .zip(labels)
        .map(|(sc, label)| {
            let result = engine::run_scenario(sc, &|_| {});
            Entry::new(sc, label, &result)
        })
        .collect();

    let mut files = crate::output::OutputSet::new(dir)?;
    files.write("compare.csv", |w| {
        let err = |e: csv::Error| Error::Encode { what: "compare.csv".into(), message: e.to_string() };
        let mut out = csv::Writer::from_writer(w);
        out.write_record(csv_header(version_of(&entries))).map_err(err)?;
        for e in &entries {
            out.write_record(e.csv_row()).map_err(err)?;
        }
        out.flush().map_err(|source| Error::Write { path: "compare.csv".into(), source })
    })?;
    // A 4:3 figure: two panels over time above the outcome bars.
    let figure_theme = Theme { size: (theme.size.0, theme.size.0 * 3 / 4), ..*theme };
    let figure = CompareFigure { entries: &entries };
    let rendered = render(dir, &figure, &figure_theme)?;
    let csv = files.commit()?;
    let mut written =
        vec![dir.join(format!("{}.png", rendered.stem)), dir.join(format!("{}.svg", rendered.stem))];
    written.extend(csv);
    Ok(Comparison { table: table(&entries), files: written })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeated_names_get_a_number() {
        let sc = Scenario::default();
        let l = labels(&[sc.clone(), sc.clone(), Scenario { name: "x".into(), ..sc }]);
        assert_eq!(l, ["untitled", "untitled (2)", "x"]);
    }
}
