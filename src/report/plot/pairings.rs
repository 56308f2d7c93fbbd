//! The pairing map of a population run: P(dissolved) for each pairing of the partners'
//! attachment styles (Bartholomew & Horowitz's four, split at the scale midpoint), with the
//! number of couples and a 95% Wilson interval in each cell. Read from `runs.csv`.

use super::axes::Ticked;
use super::survival::{malformed, pct, read_optional, title_area};
use super::{Drawn, Figure, INK, Theme};
use crate::error::Result;
use crate::report::data::RunData;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use std::path::Path;

pub use crate::metrics::population::STYLES;

/// The index in [`STYLES`] of a partner with these traits (each split at 0.5, as
/// [`crate::metrics::population::style`] does), `None` when a trait is not a number.
pub fn style_index(anxiety: f64, avoidance: f64) -> Option<usize> {
    if anxiety.is_nan() || avoidance.is_nan() {
        return None;
    }
    Some(crate::metrics::population::style(anxiety, avoidance))
}

/// The couples of one pairing of attachment styles.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PairingCell {
    /// Runs (couples) with this pairing.
    pub runs: u64,
    /// Of which ended `dissolved`.
    pub dissolved: u64,
}

impl PairingCell {
    /// The share of these couples that dissolved; `None` without couples.
    pub fn share(&self) -> Option<f64> {
        (self.runs > 0).then(|| self.dissolved as f64 / self.runs as f64)
    }
}

/// Runs and dissolutions by the attachment styles of both partners, from `runs.csv`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PairingData {
    /// Indexed `[style of A][style of B]`, in [`STYLES`] order.
    pub cells: [[PairingCell; 4]; 4],
}

impl PairingData {
    /// All cells added up.
    pub fn total(&self) -> PairingCell {
        self.cells.iter().flatten().fold(PairingCell::default(), |t, c| PairingCell {
            runs: t.runs + c.runs,
            dissolved: t.dissolved + c.dissolved,
        })
    }
}

/// Reads the pairings of `runs.csv` of a run folder, by column name; `Ok(None)` when the folder
/// has no `runs.csv` or it lacks a trait column (`anxiety_a`, `avoidance_a`, `anxiety_b`,
/// `avoidance_b`). Rows whose traits are not numbers are left out.
pub fn read_pairings(dir: &Path) -> Result<Option<PairingData>> {
    let path = dir.join("runs.csv");
    let Some(text) = read_optional(&path)? else { return Ok(None) };
    let mut reader = csv::Reader::from_reader(text.as_slice());
    let header = reader.headers().map_err(|e| malformed(&path, e))?.clone();
    let column = |name: &str| header.iter().position(|h| h == name);
    let traits = ["anxiety_a", "avoidance_a", "anxiety_b", "avoidance_b"].map(column);
    let [Some(anx_a), Some(avo_a), Some(anx_b), Some(avo_b)] = traits else { return Ok(None) };
    let outcome = column("outcome").ok_or_else(|| malformed(&path, "it has no `outcome` column"))?;
    let mut data = PairingData::default();
    for record in reader.records() {
        let r = record.map_err(|e| malformed(&path, e))?;
        let num = |i: usize| r.get(i).and_then(|s| s.trim().parse::<f64>().ok()).unwrap_or(f64::NAN);
        let (Some(a), Some(b)) = (style_index(num(anx_a), num(avo_a)), style_index(num(anx_b), num(avo_b)))
        else {
            continue;
        };
        let cell = &mut data.cells[a][b];
        cell.runs += 1;
        if r.get(outcome).map(str::trim) == Some("dissolved") {
            cell.dissolved += 1;
        }
    }
    Ok(Some(data))
}

/// `Sam (A): attachment style`, or `A: attachment style` when the partner is named by its key.
fn partner_axis(name: &str, key: &str) -> String {
    if name == key { format!("{key}: attachment style") } else { format!("{name} ({key}): attachment style") }
}

/// P(dissolved) for each pairing of the partners' attachment styles: a 4 x 4 heatmap, rows
/// A's style, columns B's style, each cell with its percentage and number of couples.
pub struct Pairings<'a> {
    /// The run.
    pub data: &'a RunData,
    /// Runs and dissolutions by pairing, from `runs.csv`.
    pub pairings: &'a PairingData,
}

/// The background of cells without couples.
const EMPTY_CELL: RGBColor = RGBColor(225, 225, 225);

fn viridis(v: f64, max: f64) -> RGBColor {
    ViridisRGB::get_color((v / max).clamp(0.0, 1.0))
}

/// Dark ink on light colours, white on dark ones.
fn ink_on(c: RGBColor) -> RGBColor {
    let luminance = (0.2126 * c.0 as f64 + 0.7152 * c.1 as f64 + 0.0722 * c.2 as f64) / 255.0;
    if luminance > 0.5 { RGBColor(20, 20, 20) } else { WHITE }
}

impl Pairings<'_> {
    /// The top of the colour scale: the largest share rounded up to 0.05, at least 0.05.
    pub fn scale_max(&self) -> f64 {
        let max = self.pairings.cells.iter().flatten().filter_map(PairingCell::share).fold(0.0, f64::max);
        ((max * 20.0 - 1e-9).ceil() / 20.0).clamp(0.05, 1.0)
    }

    /// The caption line: what is shown, and the overall share dissolved.
    pub fn caption(&self) -> String {
        let total = self.pairings.total();
        let overall =
            total.share().map_or_else(|| "no couples".to_string(), |s| format!("{} overall", pct(s)));
        format!("Share of couples that dissolved, by each partner's attachment style ({overall})")
    }
}

fn colour_bar<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, theme: &Theme, max: f64) -> Drawn<DB> {
    let mut chart = ChartBuilder::on(area)
        .margin_top(theme.px(40.0))
        .margin_bottom(theme.px(70.0))
        .margin_right(theme.px(10.0))
        .y_label_area_size(theme.px(72.0))
        .build_cartesian_2d(0f64..1f64, 0f64..max)?;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .disable_y_mesh()
        .disable_x_axis()
        .y_desc("P(dissolved)")
        .y_labels(6)
        .y_label_formatter(&|v| format!("{:.0}%", 100.0 * v))
        .label_style(theme.font(16.0))
        .axis_desc_style(theme.font(18.0))
        .draw()?;
    let n = 100;
    let step = max / n as f64;
    chart.draw_series((0..n).map(|k| {
        let v = step * k as f64;
        Rectangle::new([(0.0, v), (1.0, v + step)], viridis(v + step / 2.0, max).filled())
    }))?;
    Ok(())
}

impl Figure for Pairings<'_> {
    fn stem(&self) -> String {
        "pairings".into()
    }

    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>, theme: &Theme) -> Drawn<DB> {
        let total = self.pairings.total();
        let area = title_area(area, self.data, total.runs, &self.caption(), theme)?;
        let footer_height = theme.px(34.0);
        let (area, footer) = area.split_vertically(area.dim_in_pixel().1.saturating_sub(footer_height));
        let (main, bar) = area.split_horizontally(area.dim_in_pixel().0.saturating_sub(theme.px(150.0)));
        let max = self.scale_max();
        let [a, b] = self.data.names().map(|n| super::drawable(&n));
        let centres = vec![0.5, 1.5, 2.5, 3.5];
        let mut chart = ChartBuilder::on(&main)
            .margin(theme.px(16.0))
            .x_label_area_size(theme.px(64.0))
            .y_label_area_size(theme.px(150.0))
            .build_cartesian_2d(Ticked::new(0.0..4.0, centres.clone()), Ticked::new(0.0..4.0, centres))?;
        // Rows top to bottom in STYLES order: row i is centred at y = 3.5 - i.
        let name = |v: f64, flip: bool| {
            let k = (v - 0.5).round().clamp(0.0, 3.0) as usize;
            STYLES[if flip { 3 - k } else { k }].to_string()
        };
        chart
            .configure_mesh()
            .disable_mesh()
            .x_desc(partner_axis(&b, "B"))
            .y_desc(partner_axis(&a, "A"))
            .x_label_formatter(&|v| name(*v, false))
            .y_label_formatter(&|v| name(*v, true))
            .label_style(theme.font(18.0))
            .axis_desc_style(theme.font(20.0))
            .draw()?;
        let gap = 0.015;
        for (i, row) in self.pairings.cells.iter().enumerate() {
            for (j, cell) in row.iter().enumerate() {
                let (x0, y0) = (j as f64, 3.0 - i as f64);
                let fill = cell.share().map_or(EMPTY_CELL, |s| viridis(s, max));
                chart.draw_series(std::iter::once(Rectangle::new(
                    [(x0 + gap, y0 + gap), (x0 + 1.0 - gap, y0 + 1.0 - gap)],
                    fill.filled(),
                )))?;
                let ink = ink_on(fill);
                let centre = (x0 + 0.5, y0 + 0.5);
                let at = |text: String, dy: f64, font: FontDesc<'static>| {
                    EmptyElement::at(centre)
                        + Text::new(
                            text,
                            (0, (dy * theme.text).round() as i32),
                            font.color(&ink).pos(Pos::new(HPos::Center, VPos::Center)),
                        )
                };
                let Some(share) = cell.share() else {
                    chart.draw_series(std::iter::once(at("no couples".into(), 0.0, theme.font(17.0))))?;
                    continue;
                };
                let (lo, hi) = super::sweep::wilson(share, cell.runs as f64);
                chart.draw_series([
                    at(pct(share), -22.0, theme.bold(24.0)),
                    at(format!("n = {}", cell.runs), 8.0, theme.font(16.0)),
                    at(format!("95% CI {}–{}", pct(lo), pct(hi)), 30.0, theme.font(14.0)),
                ])?;
            }
        }
        colour_bar(&bar, theme, max)?;
        footer.draw(&Text::new(
            "secure: anxiety and avoidance below 0.5 · preoccupied: anxiety ≥ 0.5 · dismissing: avoidance ≥ 0.5 · fearful: both ≥ 0.5",
            (theme.px(16.0) as i32, (footer_height / 2) as i32),
            theme.font(16.0).color(&INK).pos(Pos::new(HPos::Left, VPos::Center)),
        ))?;
        Ok(())
    }
}
