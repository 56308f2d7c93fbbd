//! Staying together over time, and who dissolves with whom:
//!
//! - [`Survival`] (`survival.png`): the Kaplan-Meier estimate of a couple not having dissolved,
//!   from `survival.csv`, drawn as a step function with its 95% log-log confidence band, the
//!   median time to dissolution when it is reached, and a "number at risk" row under the time
//!   axis (as R's survminer and lifelines' `add_at_risk_counts` do);
//! - [`Pairings`] (`pairings.png`): P(dissolved) for each pairing of the partners' attachment
//!   styles, from `runs.csv`, as a 4 x 4 heatmap with the number of couples in each cell.
//!
//! Both are drawn from the files of an output folder; they never run the model.

use super::{Drawn, Figure, INK, Theme, swatch};
use crate::error::{Error, Result};
use crate::report::data::RunData;
use plotters::coord::Shift;
use plotters::coord::ranged1d::{DefaultFormatting, KeyPointHint};
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use std::path::Path;

/// The header of `survival.csv`, exactly.
pub const SURVIVAL_HEADER: [&str; 6] = ["step", "at_risk", "dissolved", "survival", "ci_low", "ci_high"];

/// The Kaplan-Meier estimate of a couple staying together, from `survival.csv`: one entry per
/// step from 0 to the last step, all vectors of the same length.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SurvivalData {
    /// Steps (days), from 0.
    pub step: Vec<f64>,
    /// Couples at risk: not dissolved and still followed at this step.
    pub at_risk: Vec<f64>,
    /// Couples that dissolved at this step.
    pub dissolved: Vec<f64>,
    /// Kaplan-Meier estimate of the share of couples still together.
    pub survival: Vec<f64>,
    /// Lower end of the 95% log-log confidence interval of `survival`.
    pub ci_low: Vec<f64>,
    /// Upper end of the 95% log-log confidence interval of `survival`.
    pub ci_high: Vec<f64>,
}

/// A file's bytes, `None` when it does not exist.
pub(super) fn read_optional(path: &Path) -> Result<Option<Vec<u8>>> {
    match std::fs::read(path) {
        Ok(text) => Ok(Some(text)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(source) => Err(Error::Read { path: path.into(), source }),
    }
}

pub(super) fn malformed(path: &Path, why: impl std::fmt::Display) -> Error {
    Error::BadArgument(format!(
        "{} is malformed: {why}\n  help: it is written by `dyad run`; run the scenario again to rewrite it",
        path.display()
    ))
}

/// Reads `survival.csv` of a run folder; `Ok(None)` when the folder has none.
pub fn read_survival(dir: &Path) -> Result<Option<SurvivalData>> {
    let path = dir.join("survival.csv");
    let Some(text) = read_optional(&path)? else { return Ok(None) };
    let mut reader = csv::Reader::from_reader(text.as_slice());
    let header = reader.headers().map_err(|e| malformed(&path, e))?.clone();
    if header.iter().ne(SURVIVAL_HEADER) {
        return Err(malformed(
            &path,
            format!(
                "its header is `{}`, not `{}`",
                header.iter().collect::<Vec<_>>().join(","),
                SURVIVAL_HEADER.join(",")
            ),
        ));
    }
    let mut data = SurvivalData::default();
    for (i, record) in reader.records().enumerate() {
        let r = record.map_err(|e| malformed(&path, e))?;
        let mut values = [0.0; 6];
        for (k, v) in values.iter_mut().enumerate() {
            let field = r.get(k).unwrap_or_default().trim();
            *v = field.parse().map_err(|_| {
                malformed(&path, format!("line {}: {} `{field}` is not a number", i + 2, SURVIVAL_HEADER[k]))
            })?;
        }
        let [step, at_risk, dissolved, survival, ci_low, ci_high] = values;
        data.step.push(step);
        data.at_risk.push(at_risk);
        data.dissolved.push(dissolved);
        data.survival.push(survival);
        data.ci_low.push(ci_low);
        data.ci_high.push(ci_high);
    }
    Ok(Some(data))
}

/// Fills `area` white and writes the run's title and a second line; returns the area below.
pub(super) fn title_area<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    data: &RunData,
    runs: u64,
    line: &str,
    theme: &Theme,
) -> std::result::Result<DrawingArea<DB, Shift>, DrawingAreaErrorKind<DB::ErrorType>> {
    area.fill(&WHITE)?;
    let [a, b] = data.names();
    let title = format!("{}: {a} and {b}, {runs} runs", data.name());
    // A few pixels above the title, so large fonts are not cut at the top edge.
    let area = area.margin(theme.px(6.0), 0, 0, 0);
    area.titled(&title, theme.bold(26.0))?.titled(line, theme.font(20.0))
}

/// A percentage with one decimal.
pub(super) fn pct(v: f64) -> String {
    format!("{:.1}%", 100.0 * v)
}

/// Ticks of the time axis, 5 to 8 of them when the horizon allows: whole or half years
/// (`years` is true) from 730 steps on, round numbers of days below.
pub(super) fn time_ticks(last: f64) -> (Vec<f64>, bool) {
    if !(last.is_finite() && last > 0.0) {
        return (vec![0.0], false);
    }
    let years = last >= 730.0;
    let (unit, base) = if years { (365.0, [0.5, 1.0, 2.0]) } else { (1.0, [1.0, 2.0, 5.0]) };
    let mut scale = 1.0;
    loop {
        for b in base {
            let interval = b * scale * unit;
            let count = (last / interval + 1e-9).floor() + 1.0;
            if count <= 8.0 || !count.is_finite() {
                let ticks = (0..count.min(8.0) as usize).map(|k| k as f64 * interval).collect();
                return (ticks, years);
            }
        }
        scale *= 10.0;
    }
}

/// A tick label of the time axis.
pub(super) fn time_label(v: f64, years: bool) -> String {
    if !years || v == 0.0 {
        return format!("{v:.0}");
    }
    let y = v / 365.0;
    if (y - y.round()).abs() < 1e-6 { format!("{y:.0} y") } else { format!("{y:.1} y") }
}

/// `day 412`, with years added on long horizons: `day 412 (1.1 y)`.
fn day_text(v: f64, years: bool) -> String {
    if years { format!("day {v:.0} ({:.1} y)", v / 365.0) } else { format!("day {v:.0}") }
}

/// The points of a step function through `(x, y)` (horizontal, then vertical), skipping
/// points that are not finite.
fn stepped(x: &[f64], y: &[f64]) -> Vec<(f64, f64)> {
    let mut out: Vec<(f64, f64)> = Vec::new();
    let mut last: Option<(f64, f64)> = None;
    for (&xi, &yi) in x.iter().zip(y) {
        if !(xi.is_finite() && yi.is_finite()) {
            continue;
        }
        match last {
            None => out.push((xi, yi)),
            Some((_, prev)) if prev != yi => {
                out.push((xi, prev));
                out.push((xi, yi));
            }
            Some(_) => {}
        }
        last = Some((xi, yi));
    }
    if let (Some(&(x_end, _)), Some((xl, yl))) = (out.last(), last)
        && xl > x_end
    {
        out.push((xl, yl));
    }
    out
}

/// The first step at which `values` is at or below 0.5.
fn first_at_half(step: &[f64], values: &[f64]) -> Option<f64> {
    step.iter().zip(values).find(|(s, v)| s.is_finite() && **v <= 0.5).map(|(s, _)| *s)
}

/// The lower end of the y axis: 0, or zoomed in when the whole band stays above 0.5.
fn y_floor(ci_low: &[f64]) -> f64 {
    let min = ci_low.iter().copied().filter(|v| v.is_finite()).fold(f64::INFINITY, f64::min);
    if min.is_finite() && min > 0.5 {
        // A tenth below the band with at least 0.05 to spare: 0.97 -> 0.9, 0.87 -> 0.8.
        (((min.min(1.0) - 0.05) * 10.0 + 1e-9).floor() / 10.0).max(0.0)
    } else {
        0.0
    }
}

/// A numeric axis with ticks exactly at given values (plotters' `with_key_points` cannot be
/// formatted for `f64`).
pub(super) struct Ticked {
    inner: RangedCoordf64,
    ticks: Vec<f64>,
}

impl Ticked {
    pub(super) fn new(range: std::ops::Range<f64>, ticks: Vec<f64>) -> Self {
        Ticked { inner: range.into(), ticks }
    }
}

impl Ranged for Ticked {
    type FormatOption = DefaultFormatting;
    type ValueType = f64;

    fn map(&self, value: &f64, limit: (i32, i32)) -> i32 {
        self.inner.map(value, limit)
    }

    fn key_points<Hint: KeyPointHint>(&self, hint: Hint) -> Vec<f64> {
        // Bold lines and labels at the ticks; no light lines.
        if hint.weight().allow_light_points() { Vec::new() } else { self.ticks.clone() }
    }

    fn range(&self) -> std::ops::Range<f64> {
        self.inner.range()
    }
}

/// The Kaplan-Meier estimate of couples staying together (not dissolved) over time, with its
/// 95% confidence band, the median time to dissolution and the number at risk.
pub struct Survival<'a> {
    /// The run.
    pub data: &'a RunData,
    /// Its `survival.csv`.
    pub curve: &'a SurvivalData,
}

impl Survival<'_> {
    /// The confidence bounds with gaps (NaN) filled by the estimate itself.
    fn bounds(&self) -> (Vec<f64>, Vec<f64>) {
        let c = self.curve;
        let fill = |b: &[f64]| -> Vec<f64> {
            c.survival
                .iter()
                .enumerate()
                .map(|(i, &s)| b.get(i).copied().filter(|v| v.is_finite()).unwrap_or(s))
                .collect()
        };
        (fill(&c.ci_low), fill(&c.ci_high))
    }

    /// The index of the last row with a finite estimate.
    fn last_row(&self) -> Option<usize> {
        let c = self.curve;
        (0..c.survival.len().min(c.step.len()))
            .rev()
            .find(|&i| c.survival[i].is_finite() && c.step[i].is_finite())
    }

    /// The caption line: the share dissolved by the last step, with its 95% CI.
    pub fn caption(&self) -> String {
        let Some(i) = self.last_row() else { return "no survival data in survival.csv".into() };
        let (low, high) = self.bounds();
        let (_, years) = time_ticks(self.curve.step[i]);
        let mut text = format!(
            "dissolved by {}: {} (95% CI {}–{})",
            day_text(self.curve.step[i], years),
            pct(1.0 - self.curve.survival[i]),
            pct(1.0 - high[i]),
            pct(1.0 - low[i]),
        );
        let stopped = self.data.outcomes().iter().find(|(o, _)| o == "escalated").map_or(0.0, |(_, s)| *s);
        if stopped > 0.0 {
            text.push_str(&format!("; {} stopped early as escalated (censored)", pct(stopped)));
        }
        text
    }
}

impl Figure for Survival<'_> {
    fn stem(&self) -> String {
        "survival".into()
    }

    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>, theme: &Theme) -> Drawn<DB> {
        let c = self.curve;
        let runs = self.data.summary["replicates"]
            .as_u64()
            .or_else(|| c.at_risk.first().filter(|v| v.is_finite() && **v >= 0.0).map(|v| *v as u64))
            .unwrap_or(0);
        let area = title_area(area, self.data, runs, &self.caption(), theme)?;
        let (low, high) = self.bounds();
        let last = self.last_row().map_or(self.data.steps(), |i| c.step[i]);
        let x_max = if last.is_finite() && last > 0.0 { last } else { 1.0 };
        let (ticks, years) = time_ticks(x_max);
        let y_lo = y_floor(&low);
        let zoomed = y_lo > 0.0;
        let span = 1.0 - y_lo;
        let y_step = if span <= 0.1 + 1e-9 {
            0.02
        } else if span <= 0.25 + 1e-9 {
            0.05
        } else {
            0.1
        };
        let y_ticks: Vec<f64> =
            (0..=((span / y_step) + 1e-6) as usize).map(|k| y_lo + k as f64 * y_step).collect();

        let (main, strip) = area.split_vertically(area.dim_in_pixel().1.saturating_sub(theme.px(76.0)));
        let x_desc = if years { "time since the start (1 y = 365 days)" } else { "day (step)" };
        let y_desc = if zoomed {
            "share of couples still together (axis zoomed)"
        } else {
            "share of couples still together"
        };
        let mut chart = ChartBuilder::on(&main)
            .caption(
                "Couples still together (Kaplan-Meier estimate), with its 95% confidence band",
                theme.font(19.0),
            )
            .margin(theme.px(14.0))
            .margin_right(theme.px(40.0))
            .margin_bottom(theme.px(4.0))
            .x_label_area_size(theme.px(54.0))
            .y_label_area_size(theme.px(76.0))
            .build_cartesian_2d(
                Ticked::new(0.0..x_max, ticks.clone()),
                Ticked::new(y_lo..1.0 + 0.03 * span, y_ticks),
            )?;
        chart
            .configure_mesh()
            .x_desc(x_desc)
            .y_desc(y_desc)
            .x_label_formatter(&|v| time_label(*v, years))
            .y_label_formatter(&|v| if y_step < 0.1 { format!("{v:.2}") } else { format!("{v:.1}") })
            .label_style(theme.font(17.0))
            .axis_desc_style(theme.font(19.0))
            .bold_line_style(BLACK.mix(0.08))
            .draw()?;

        let band_colour = INK.mix(0.18);
        let mut band = stepped(&c.step, &high);
        band.extend(stepped(&c.step, &low).into_iter().rev());
        if band.len() > 2 {
            chart.draw_series(std::iter::once(Polygon::new(band, band_colour.filled())))?;
        }
        chart
            .draw_series(LineSeries::new(stepped(&c.step, &c.survival), INK.stroke_width(theme.line)))?
            .label("Kaplan-Meier estimate")
            .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 22, y)], INK.stroke_width(4)));
        chart
            .draw_series(std::iter::empty::<Circle<(f64, f64), u32>>())?
            .label("95% confidence band (log-log)")
            .legend(swatch::<DB>(band_colour));

        let median_colour = RGBColor(213, 94, 0);
        if let Some(t) = first_at_half(&c.step, &c.survival) {
            let style = median_colour.stroke_width(2);
            let (dash, gap) = (theme.px(8.0), theme.px(6.0));
            chart
                .draw_series(DashedLineSeries::new(vec![(0.0, 0.5), (t, 0.5), (t, y_lo)], dash, gap, style))?
                .label("median time to dissolution")
                .legend(move |(x, y)| {
                    EmptyElement::at((x, y))
                        + PathElement::new(vec![(0, 0), (8, 0)], style)
                        + PathElement::new(vec![(13, 0), (21, 0)], style)
                });
            let ci = match (first_at_half(&c.step, &low), first_at_half(&c.step, &high)) {
                (Some(a), Some(b)) if a == b => format!(", 95% CI day {a:.0}"),
                (Some(a), Some(b)) => format!(", 95% CI {a:.0}–{b:.0} days"),
                (Some(a), None) => format!(", 95% CI {a:.0}–not reached"),
                _ => String::new(),
            };
            let text = format!("median: {}{ci}", day_text(t, years));
            // Left of the median the curve is above one half, right of it below: a label to
            // the left goes under the line, one to the right above it, clear of the curve.
            let right = t > 0.6 * x_max;
            let (dx, dy, anchor, v) = if right {
                (-(theme.px(8.0) as i32), theme.px(6.0) as i32, HPos::Right, VPos::Top)
            } else {
                (theme.px(8.0) as i32, -(theme.px(6.0) as i32), HPos::Left, VPos::Bottom)
            };
            let font = theme.font(16.0).color(&median_colour).pos(Pos::new(anchor, v));
            chart
                .draw_series(std::iter::once(EmptyElement::at((t, 0.5)) + Text::new(text, (dx, dy), font)))?;
        }

        let ends_high = self.last_row().is_some_and(|i| c.survival[i] > y_lo + 0.5 * span);
        chart
            .configure_series_labels()
            .position(if ends_high {
                SeriesLabelPosition::LowerLeft
            } else {
                SeriesLabelPosition::UpperRight
            })
            .background_style(WHITE.mix(0.9))
            .border_style(BLACK.mix(0.3))
            .label_font(theme.font(17.0))
            .draw()?;

        // Number at risk, under the ticks of the time axis.
        let base = strip.get_base_pixel();
        let plot_left = chart.backend_coord(&(0.0, y_lo)).0 - base.0;
        strip.draw(&Text::new(
            "Number at risk",
            (plot_left, theme.px(6.0) as i32),
            theme.bold(16.0).color(&INK).pos(Pos::new(HPos::Left, VPos::Top)),
        ))?;
        let row_y = theme.px(46.0) as i32;
        for &t in &ticks {
            let x = chart.backend_coord(&(t, y_lo)).0 - base.0;
            let row = c.step.iter().rposition(|&s| s <= t + 1e-9);
            let count = row.and_then(|i| c.at_risk.get(i).copied()).filter(|v| v.is_finite());
            let text = count.map_or_else(|| "–".to_string(), |v| format!("{v:.0}"));
            strip.draw(&Text::new(
                text,
                (x, row_y),
                theme.font(17.0).color(&INK).pos(Pos::new(HPos::Center, VPos::Center)),
            ))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::super::pairings::{PairingCell, PairingData, Pairings, read_pairings, style_index};
    use super::*;
    use crate::report::data::read_run;
    use crate::report::plot::render;
    use std::path::PathBuf;

    fn write(dir: &Path, name: &str, text: &str) {
        std::fs::write(dir.join(name), text).unwrap();
    }

    /// A run folder with `summary.json` and a small `trajectory.csv`.
    fn run_folder(dir: &Path, steps: u32, replicates: u64) -> RunData {
        std::fs::create_dir_all(dir).unwrap();
        let summary = serde_json::json!({
            "scenario": {
                "name": "anxious-avoidant",
                "partner": { "a": { "name": "Alex" }, "b": { "name": "Sam" } }
            },
            "replicates": replicates,
            "steps": steps,
            "outcomes": { "settled": 0.5, "escalated": 0.2, "dissolved": 0.1, "disengaged": 0.1, "cycling": 0.1 }
        });
        write(dir, "summary.json", &summary.to_string());
        write(
            dir,
            "trajectory.csv",
            "step,variable,mean,sd,p05,p25,p50,p75,p95\n\
             0,trust_a,0.5,0.1,0.3,0.4,0.5,0.6,0.7\n\
             1,trust_a,0.5,0.1,0.3,0.4,0.5,0.6,0.7\n",
        );
        read_run(dir).unwrap()
    }

    /// A Kaplan-Meier `survival.csv` of `n` couples over `steps` steps with a constant hazard
    /// that leaves `end` of them together, and `censored` runs ending otherwise per step.
    fn km_csv(n: f64, steps: u32, end: f64, censored: f64) -> String {
        let z = 1.959_963_984_540_054_f64;
        let hazard = -end.ln() / steps as f64;
        let mut out = SURVIVAL_HEADER.join(",") + "\n";
        let (mut at_risk, mut s, mut greenwood) = (n, 1.0f64, 0.0f64);
        let mut expected = 0.0;
        for t in 0..=steps {
            let d = if t == 0 {
                0.0
            } else {
                let before = expected;
                expected += hazard * at_risk;
                (expected.floor() - before.floor()).min(at_risk)
            };
            if d > 0.0 && at_risk > d {
                s *= 1.0 - d / at_risk;
                greenwood += d / (at_risk * (at_risk - d));
            }
            let (low, high) = if s < 1.0 {
                let se = greenwood.sqrt() / s.ln().abs();
                (s.powf((z * se).exp()), s.powf((-z * se).exp()))
            } else {
                (1.0, 1.0)
            };
            out += &format!("{t},{at_risk:.0},{d:.0},{s:.6},{low:.6},{high:.6}\n");
            at_risk -= d + if t > 0 { censored } else { 0.0 };
            at_risk = at_risk.max(0.0);
        }
        out
    }

    fn runs_csv(rows: &[(&str, [f64; 4])]) -> String {
        // Columns in an unusual order, with others around: read by name.
        let mut out = "replicate,seed,anxiety_b,outcome,outcome_step,avoidance_a,final_trust_a,anxiety_a,avoidance_b,who_left\n".to_string();
        for (k, (outcome, [anx_a, avo_a, anx_b, avo_b])) in rows.iter().enumerate() {
            out += &format!("{k},{k},{anx_b},{outcome},,{avo_a},0.5,{anx_a},{avo_b},\n");
        }
        out
    }

    /// Where to keep example figures: `$DYAD_PLOT_EXAMPLES/<name>` when set, else a temporary folder.
    fn example_dir(tmp: &Path, name: &str) -> PathBuf {
        std::env::var_os("DYAD_PLOT_EXAMPLES").map_or_else(|| tmp.join(name), |d| PathBuf::from(d).join(name))
    }

    #[test]
    fn reads_survival_csv() {
        let tmp = tempfile::tempdir().unwrap();
        assert_eq!(read_survival(tmp.path()).unwrap(), None);
        write(
            tmp.path(),
            "survival.csv",
            "step,at_risk,dissolved,survival,ci_low,ci_high\n\
             0,4,0,1.000000,1.000000,1.000000\n\
             1,4,1,0.750000,0.128000,0.961000\n\
             2,3,0,0.750000,NaN,0.961000\n",
        );
        let s = read_survival(tmp.path()).unwrap().unwrap();
        assert_eq!(s.step, vec![0.0, 1.0, 2.0]);
        assert_eq!(s.at_risk, vec![4.0, 4.0, 3.0]);
        assert_eq!(s.dissolved, vec![0.0, 1.0, 0.0]);
        assert_eq!(s.survival, vec![1.0, 0.75, 0.75]);
        assert_eq!(s.ci_high[1], 0.961);
        assert!(s.ci_low[2].is_nan());
    }

    #[test]
    fn malformed_survival_csv_is_an_error_naming_the_file() {
        let tmp = tempfile::tempdir().unwrap();
        for text in [
            "",
            "step,at_risk,survival\n0,4,1\n",
            "step,at_risk,dissolved,survival,ci_low,ci_high\n0,4,0,one,1,1\n",
            "step,at_risk,dissolved,survival,ci_low,ci_high\n0,4,0,1,1\n",
        ] {
            write(tmp.path(), "survival.csv", text);
            match read_survival(tmp.path()) {
                Err(Error::BadArgument(m)) => assert!(m.contains("survival.csv"), "{m}"),
                other => panic!("{text:?} gave {other:?}"),
            }
        }
        std::fs::write(
            tmp.path().join("survival.csv"),
            b"step,at_risk,dissolved,survival,ci_low,ci_high\n0,\xff,0,1,1,1\n",
        )
        .unwrap();
        assert!(
            matches!(read_survival(tmp.path()), Err(Error::BadArgument(m)) if m.contains("survival.csv"))
        );
        write(tmp.path(), "survival.csv", "step,at_risk,dissolved,survival,ci_low,ci_high\n");
        assert_eq!(read_survival(tmp.path()).unwrap(), Some(SurvivalData::default()));
    }

    #[test]
    fn reads_pairings_by_column_name() {
        let tmp = tempfile::tempdir().unwrap();
        assert_eq!(read_pairings(tmp.path()).unwrap(), None);
        let rows = [
            ("settled", [0.2, 0.2, 0.2, 0.2]),        // secure, secure
            ("dissolved", [0.2, 0.2, 0.2, 0.2]),      // secure, secure
            ("dissolved", [0.8, 0.2, 0.3, 0.9]),      // preoccupied, dismissing
            ("escalated", [0.8, 0.2, 0.3, 0.9]),      // preoccupied, dismissing
            ("cycling", [0.5, 0.5, 0.49, 0.1]),       // fearful, secure
            ("dissolved", [f64::NAN, 0.5, 0.1, 0.1]), // left out
        ];
        write(tmp.path(), "runs.csv", &runs_csv(&rows));
        let p = read_pairings(tmp.path()).unwrap().unwrap();
        assert_eq!(p.cells[0][0], PairingCell { runs: 2, dissolved: 1 });
        assert_eq!(p.cells[1][2], PairingCell { runs: 2, dissolved: 1 });
        assert_eq!(p.cells[3][0], PairingCell { runs: 1, dissolved: 0 });
        assert_eq!(p.total(), PairingCell { runs: 5, dissolved: 2 });
        assert_eq!(p.cells[2][2].share(), None);

        write(tmp.path(), "runs.csv", "replicate,outcome,anxiety_a\n0,settled,0.3\n");
        assert_eq!(read_pairings(tmp.path()).unwrap(), None);
        write(tmp.path(), "runs.csv", "");
        assert_eq!(read_pairings(tmp.path()).unwrap(), None);
    }

    #[test]
    fn time_ticks_read_well() {
        let (t, years) = time_ticks(1095.0);
        assert!(years);
        assert_eq!(t.len(), 7);
        assert_eq!(
            t.iter().map(|&v| time_label(v, years)).collect::<Vec<_>>(),
            ["0", "0.5 y", "1 y", "1.5 y", "2 y", "2.5 y", "3 y"]
        );
        assert_eq!(time_ticks(365.0), (vec![0.0, 50.0, 100.0, 150.0, 200.0, 250.0, 300.0, 350.0], false));
        assert_eq!(time_ticks(3650.0).0.len(), 6);
        for last in [1.0, 3.0, 10.0, 200.0, 729.0, 730.0, 2000.0, 1e7, f64::NAN, 0.0, 1e300] {
            let n = time_ticks(last).0.len();
            assert!((1..=8).contains(&n), "{last}: {n}");
        }
    }

    #[test]
    fn y_axis_zooms_only_when_the_band_stays_high() {
        assert_eq!(y_floor(&[1.0, 0.97]), 0.9);
        assert_eq!(y_floor(&[1.0, 0.87]), 0.8);
        assert_eq!(y_floor(&[1.0, 0.5]), 0.0);
        assert_eq!(y_floor(&[f64::NAN]), 0.0);
        assert_eq!(y_floor(&[]), 0.0);
    }

    #[test]
    fn step_function_is_horizontal_then_vertical() {
        let s = stepped(&[0.0, 1.0, 2.0, 3.0], &[1.0, 1.0, 0.8, 0.8]);
        assert_eq!(s, vec![(0.0, 1.0), (2.0, 1.0), (2.0, 0.8), (3.0, 0.8)]);
        assert_eq!(stepped(&[0.0, 1.0], &[f64::NAN, 0.5]), vec![(1.0, 0.5)]);
    }

    #[test]
    fn renders_both_figures() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path();
        let data = run_folder(dir, 4, 4);
        write(
            dir,
            "survival.csv",
            "step,at_risk,dissolved,survival,ci_low,ci_high\n\
             0,4,0,1.000000,1.000000,1.000000\n\
             1,4,1,0.750000,0.128000,0.961000\n\
             2,3,0,0.750000,0.128000,0.961000\n\
             3,3,2,0.250000,0.009000,0.665000\n\
             4,1,0,0.250000,0.009000,0.665000\n",
        );
        write(
            dir,
            "runs.csv",
            &runs_csv(&[("dissolved", [0.2, 0.2, 0.7, 0.7]), ("settled", [0.2, 0.2, 0.7, 0.7])]),
        );
        let curve = read_survival(dir).unwrap().unwrap();
        let pairings = read_pairings(dir).unwrap().unwrap();

        let drawn = render(dir, &Survival { data: &data, curve: &curve }, &Theme::STANDARD).unwrap();
        assert_eq!(drawn.stem, "survival");
        assert!(dir.join("survival.png").exists() && dir.join("survival.svg").exists());
        let svg = std::fs::read_to_string(dir.join("survival.svg")).unwrap();
        assert!(svg.contains("Number at risk") && svg.contains("median: day 3"), "survival.svg");
        assert!(svg.contains("dissolved by day 4: 75.0%") && !svg.contains("axis zoomed"));

        let drawn = render(dir, &Pairings { data: &data, pairings: &pairings }, &Theme::STANDARD).unwrap();
        assert_eq!(drawn.stem, "pairings");
        assert!(dir.join("pairings.png").exists() && dir.join("pairings.svg").exists());
        let svg = std::fs::read_to_string(dir.join("pairings.svg")).unwrap();
        assert!(svg.contains("n = 2") && svg.contains("50.0%") && svg.contains("no couples"));
        assert!(svg.contains("anxious-avoidant: Alex and Sam, 2 runs"));
    }

    #[test]
    fn odd_input_draws_without_panicking() {
        let tmp = tempfile::tempdir().unwrap();
        let data = run_folder(tmp.path(), 10, 0);
        let nan = SurvivalData {
            step: vec![0.0, 1.0, f64::NAN],
            at_risk: vec![f64::NAN; 3],
            dissolved: vec![0.0; 3],
            survival: vec![f64::NAN, 0.9, 0.8],
            ci_low: vec![f64::NAN; 3],
            ci_high: vec![1.0, f64::NAN, 0.9],
        };
        let ragged = SurvivalData {
            step: vec![0.0, 1.0, 2.0],
            at_risk: vec![3.0],
            survival: vec![1.0, 0.4, 0.3, 0.2],
            ..SurvivalData::default()
        };
        for (k, curve) in [SurvivalData::default(), nan, ragged].iter().enumerate() {
            let dir = example_dir(tmp.path(), &format!("odd-{k}"));
            render(&dir, &Survival { data: &data, curve }, &Theme::PROJECTOR).unwrap();
        }
        let empty = PairingData::default();
        let fig = Pairings { data: &data, pairings: &empty };
        assert_eq!(fig.scale_max(), 0.05);
        render(tmp.path(), &fig, &Theme::PROJECTOR).unwrap();
    }

    /// Realistic figures; set `DYAD_PLOT_EXAMPLES` to a folder to keep them and look at them.
    #[test]
    fn renders_realistic_examples() {
        let tmp = tempfile::tempdir().unwrap();
        // Three years, 2000 couples, 10% dissolved, some runs ending otherwise.
        let dir = example_dir(tmp.path(), "three-years");
        let data = run_folder(&dir, 1095, 2000);
        write(&dir, "survival.csv", &km_csv(2000.0, 1095, 0.9, 0.4));
        let curve = read_survival(&dir).unwrap().unwrap();
        render(&dir, &Survival { data: &data, curve: &curve }, &Theme::STANDARD).unwrap();
        let svg = std::fs::read_to_string(dir.join("survival.svg")).unwrap();
        assert!(svg.contains("1 y") && svg.contains("3 y") && svg.contains("axis zoomed"));

        // One year, 2% dissolved: the axis zooms in.
        let dir = example_dir(tmp.path(), "one-year");
        let data = run_folder(&dir, 365, 500);
        write(&dir, "survival.csv", &km_csv(500.0, 365, 0.98, 0.0));
        let curve = read_survival(&dir).unwrap().unwrap();
        render(&dir, &Survival { data: &data, curve: &curve }, &Theme::STANDARD).unwrap();
        let svg = std::fs::read_to_string(dir.join("survival.svg")).unwrap();
        assert!(svg.contains("axis zoomed") && svg.contains("\n350\n"));

        // Most couples dissolve: the median is reached.
        let dir = example_dir(tmp.path(), "median");
        let data = run_folder(&dir, 800, 300);
        write(&dir, "survival.csv", &km_csv(300.0, 800, 0.25, 0.05));
        let curve = read_survival(&dir).unwrap().unwrap();
        render(&dir, &Survival { data: &data, curve: &curve }, &Theme::PROJECTOR).unwrap();
        let svg = std::fs::read_to_string(dir.join("survival.svg")).unwrap();
        assert!(svg.contains("median: day"), "median label");

        // Pairings with a few empty cells.
        let dir = example_dir(tmp.path(), "pairings");
        let data = run_folder(&dir, 1095, 2000);
        let mut state = 12345u64;
        let mut uniform = move || {
            state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            (state >> 11) as f64 / (1u64 << 53) as f64
        };
        let mut rows = Vec::new();
        while rows.len() < 2000 {
            let t = [uniform(), uniform() * 0.9, uniform(), uniform() * 0.7];
            let (a, b) = (style_index(t[0], t[1]).unwrap(), style_index(t[2], t[3]).unwrap());
            if a == 3 && b >= 2 {
                continue;
            }
            let risk = 0.01 + 0.05 * (a + b) as f64 + if (a, b) == (1, 2) { 0.15 } else { 0.0 };
            rows.push((if uniform() < risk { "dissolved" } else { "settled" }, t));
        }
        write(&dir, "runs.csv", &runs_csv(&rows));
        let pairings = read_pairings(&dir).unwrap().unwrap();
        render(&dir, &Pairings { data: &data, pairings: &pairings }, &Theme::STANDARD).unwrap();
        let svg = std::fs::read_to_string(dir.join("pairings.svg")).unwrap();
        assert!(svg.contains("no couples") && svg.contains("n = "));
        render(&dir.join("projector"), &Pairings { data: &data, pairings: &pairings }, &Theme::PROJECTOR)
            .unwrap();
    }
}
