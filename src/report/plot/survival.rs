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

use super::axes::{Ticked, day_text, time_label, time_ticks};
use super::{Drawn, Figure, INK, Theme, swatch};
use crate::error::{Error, Result};
use crate::report::data::RunData;
use plotters::coord::Shift;
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
            // Steps and counts are 0 or more; the survival and its band are shares (NaN where
            // the band is undefined).
            let max = if k >= 3 { 1.0 } else { f64::MAX };
            let fits = |v: &f64| (0.0..=max).contains(v) || (k >= 3 && v.is_nan());
            *v = field.parse().ok().filter(fits).ok_or_else(|| {
                let what = if k >= 3 { "a share from 0 to 1" } else { "a number, 0 or more" };
                malformed(
                    &path,
                    format!(
                        "row {} (line {}), column {} {} `{field}` is not {what}",
                        i + 1,
                        i + 2,
                        k + 1,
                        SURVIVAL_HEADER[k]
                    ),
                )
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
    let [a, b] = data.names().map(|n| super::drawable(&n));
    let title = format!("{}: {a} and {b}, {runs} runs", super::drawable(&data.name()));
    // A few pixels above the title, so large fonts are not cut at the top edge.
    let area = area.margin(theme.px(6.0), 0, 0, 0);
    area.titled(&title, theme.bold(26.0))?.titled(line, theme.font(20.0))
}

/// A percentage with one decimal.
pub(super) fn pct(v: f64) -> String {
    format!("{:.1}%", 100.0 * v)
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
#[path = "survival_tests.rs"]
mod tests;
