//! The figures of a sweep, chosen by the shape of the design:
//!
//! - two or more numeric axes on a grid: **heatmaps** over the first two numeric axes of
//!   P(escalated or dissolved), P(settled) and mean final trust (A and B averaged), with a colour
//!   bar; one set of maps per combination of the other axes' values (file names end in
//!   `--param=value`);
//! - one numeric axis (grid or zip): **line plots** of the same three quantities against it,
//!   one line per combination of the other axes, with 95% Wilson intervals for the
//!   probabilities;
//! - random, latin-hypercube, sobol and morris designs: **scatter plots** of the first two axes coloured by
//!   the quantity (one axis: points with Wilson intervals);
//! - no numeric axis (e.g. a sweep over scenarios): **stacked bars** of the five outcome shares.

use super::{Drawn, Figure, OUTCOME_COLOURS, Theme};
use crate::metrics::Outcome;
use crate::report::data::{SweepData, SweepRow};
use plotters::coord::Shift;
use plotters::prelude::*;

/// A quantity drawn from a sweep row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Quantity {
    /// P(escalated or dissolved).
    Risk,
    /// P(settled).
    Settled,
    /// Mean final trust, A and B averaged.
    Trust,
}

impl Quantity {
    /// All quantities, in figure order.
    pub const ALL: [Quantity; 3] = [Quantity::Risk, Quantity::Settled, Quantity::Trust];

    fn key(self) -> &'static str {
        match self {
            Quantity::Risk => "risk",
            Quantity::Settled => "settled",
            Quantity::Trust => "trust",
        }
    }

    /// A label for titles and axes.
    pub fn label(self) -> &'static str {
        match self {
            Quantity::Risk => "P(escalated or dissolved)",
            Quantity::Settled => "P(settled)",
            Quantity::Trust => "mean final trust (A and B averaged)",
        }
    }

    fn value(self, r: &SweepRow) -> f64 {
        match self {
            Quantity::Risk => r.p_bad(),
            Quantity::Settled => r.get("p_settled"),
            Quantity::Trust => 0.5 * (r.get("mean_final_trust_a") + r.get("mean_final_trust_b")),
        }
    }

    fn is_probability(self) -> bool {
        self != Quantity::Trust
    }
}

/// The 95% Wilson score interval of a proportion `p` from `n` trials.
pub fn wilson(p: f64, n: f64) -> (f64, f64) {
    if n <= 0.0 || p.is_nan() {
        return (f64::NAN, f64::NAN);
    }
    let z = 1.959_963_984_540_054_f64;
    let denom = 1.0 + z * z / n;
    let centre = (p + z * z / (2.0 * n)) / denom;
    let half = z * (p * (1.0 - p) / n + z * z / (4.0 * n * n)).sqrt() / denom;
    ((centre - half).max(0.0), (centre + half).min(1.0))
}

/// How a sweep is drawn.
#[derive(Debug, Clone, PartialEq)]
pub enum Layout {
    /// Heatmaps over axes `x` and `y`, faceted by the other axes.
    Maps {
        /// Index of the x axis.
        x: usize,
        /// Index of the y axis.
        y: usize,
    },
    /// Lines against axis `x`, one per combination of the other axes.
    Lines {
        /// Index of the x axis.
        x: usize,
    },
    /// Scatter of axes `x` (and `y`, if any) coloured by the quantity.
    Scatter {
        /// Index of the x axis.
        x: usize,
        /// Index of the y axis.
        y: Option<usize>,
    },
    /// Stacked outcome bars, one per point.
    Bars,
}

/// The colours of the lines of a line chart, one per group (a scenario, say): none of them is
/// an outcome's colour, so green always means settled and vermillion escalated.
pub const GROUP_COLOURS: [RGBColor; 6] = [
    RGBColor(0, 114, 178),   // blue
    RGBColor(230, 159, 0),   // orange
    RGBColor(0, 0, 0),       // black
    RGBColor(110, 110, 110), // dark grey
    RGBColor(160, 120, 40),  // ochre
    RGBColor(90, 60, 140),   // violet
];

/// An axis in words: `partner.a.anxiety` is "Sam's anxiety" (the partner's name from the base
/// scenario), `steps` is "days", any other key its last part with its table:
/// `environment.issue_rate` is "issue rate (environment)".
pub fn axis_name(data: &SweepData, i: usize) -> String {
    let param = data.params[i].as_str();
    let words = |key: &str| key.replace('_', " ");
    if param == "steps" {
        return "days (steps)".into();
    }
    let parts: Vec<&str> = param.split('.').collect();
    match parts.as_slice() {
        ["partner", who @ ("a" | "b"), key] => {
            let name = data.manifest["sweep"]["base_scenario"]["partner"][*who]["name"]
                .as_str()
                .map_or_else(|| format!("partner {}", who.to_uppercase()), super::drawable);
            format!("{name}'s {}", words(key))
        }
        [.., table, key] => format!("{} ({table})", words(key)),
        _ => words(param),
    }
}

/// Whether every value of axis `i` is a whole number (days, counts): ticks then show no decimals.
fn integer_axis(data: &SweepData, i: usize) -> bool {
    data.rows.iter().all(|r| r.coords[i].parse::<i64>().is_ok())
}

/// A tick label: whole numbers without decimals, others with at most three, trailing zeros cut.
pub fn tick_text(v: f64, integer: bool) -> String {
    if integer {
        return format!("{v:.0}");
    }
    let text = format!("{v:.3}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text == "-0" { "0".into() } else { text.to_string() }
}

fn numeric(data: &SweepData, i: usize) -> bool {
    data.params[i] != "scenario" && data.rows.iter().all(|r| r.coords[i].parse::<f64>().is_ok())
}

/// The layout for a sweep's data.
pub fn layout(data: &SweepData) -> Layout {
    let design = data.manifest["sweep"]["design"].as_str().unwrap_or("grid");
    let nums: Vec<usize> = (0..data.params.len()).filter(|&i| numeric(data, i)).collect();
    match (design, nums.as_slice()) {
        (_, []) => Layout::Bars,
        ("random" | "latin-hypercube" | "sobol" | "morris", [x]) => Layout::Scatter { x: *x, y: None },
        ("random" | "latin-hypercube" | "sobol" | "morris", [x, y, ..]) => {
            Layout::Scatter { x: *x, y: Some(*y) }
        }
        ("zip", [x, ..]) | (_, [x]) => Layout::Lines { x: *x },
        (_, [x, y, ..]) => Layout::Maps { x: *x, y: *y },
    }
}

/// The values of the axes that are not drawn, as (axis index, value).
type Facet = Vec<(usize, String)>;

fn facet_key(row: &SweepRow, skip: &[usize]) -> Facet {
    row.coords.iter().enumerate().filter(|(i, _)| !skip.contains(i)).map(|(i, c)| (i, c.clone())).collect()
}

fn slug(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_ascii_alphanumeric() || c == '.' || c == '=' || c == '-' { c } else { '_' })
        .collect()
}

/// The figures of a sweep.
pub fn figures(data: &SweepData) -> Vec<SweepFigure<'_>> {
    let kind = layout(data);
    let mut out = Vec::new();
    match kind {
        Layout::Bars => out.push(SweepFigure { data, kind, quantity: None, facet: Vec::new() }),
        Layout::Maps { x, y } => {
            let mut facets: Vec<Vec<(usize, String)>> = Vec::new();
            for r in &data.rows {
                let key = facet_key(r, &[x, y]);
                if !facets.contains(&key) {
                    facets.push(key);
                }
            }
            for facet in facets {
                for q in Quantity::ALL {
                    out.push(SweepFigure {
                        data,
                        kind: kind.clone(),
                        quantity: Some(q),
                        facet: facet.clone(),
                    });
                }
            }
        }
        _ => {
            for q in Quantity::ALL {
                out.push(SweepFigure { data, kind: kind.clone(), quantity: Some(q), facet: Vec::new() });
            }
        }
    }
    out
}

/// One figure of a sweep.
#[derive(Debug, Clone)]
pub struct SweepFigure<'a> {
    data: &'a SweepData,
    kind: Layout,
    quantity: Option<Quantity>,
    facet: Vec<(usize, String)>,
}

impl SweepFigure<'_> {
    /// A caption for the report page.
    pub fn caption(&self) -> String {
        match (&self.kind, self.quantity) {
            (Layout::Maps { .. }, Some(q)) => {
                format!("{} over the grid; each cell is one point of the sweep.", q.label())
            }
            (Layout::Lines { .. }, Some(q)) if q.is_probability() => {
                format!("{} with 95% Wilson intervals.", q.label())
            }
            (Layout::Lines { .. }, Some(q)) => format!("{}.", q.label()),
            (Layout::Scatter { .. }, Some(q)) => format!("{}; each dot is one sampled point.", q.label()),
            _ => "The share of runs ending in each outcome, per point.".to_string(),
        }
    }

    fn rows(&self) -> impl Iterator<Item = &SweepRow> {
        self.data.rows.iter().filter(|r| self.facet.iter().all(|(i, v)| &r.coords[*i] == v))
    }

    fn title(&self) -> String {
        let name = self.data.manifest["sweep"]["name"].as_str().unwrap_or("sweep");
        let facet: Vec<String> =
            self.facet.iter().map(|(i, v)| format!("{} = {v}", self.data.params[*i])).collect();
        let what = self.quantity.map_or("outcome shares", Quantity::label);
        if facet.is_empty() {
            format!("{name}: {what}")
        } else {
            format!("{name}: {what} ({})", facet.join(", "))
        }
    }
}

impl Figure for SweepFigure<'_> {
    fn stem(&self) -> String {
        let base = match (&self.kind, self.quantity) {
            (Layout::Bars, _) | (_, None) => "outcomes".to_string(),
            (Layout::Maps { .. }, Some(q)) => format!("map-{}", q.key()),
            (Layout::Lines { .. }, Some(q)) => format!("lines-{}", q.key()),
            (Layout::Scatter { .. }, Some(q)) => format!("scatter-{}", q.key()),
        };
        let facet: String =
            self.facet.iter().map(|(i, v)| format!("--{}={v}", self.data.params[*i])).collect();
        slug(&format!("{base}{facet}"))
    }

    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>, theme: &Theme) -> Drawn<DB> {
        area.fill(&WHITE)?;
        // Room above the title: at projector sizes its ascenders touched the edge.
        let area = area.margin(theme.px(10.0), 0, 0, 0).titled(&self.title(), theme.bold(24.0))?;
        match (&self.kind, self.quantity) {
            (Layout::Maps { x, y }, Some(q)) => self.map(&area, theme, *x, *y, q),
            (Layout::Lines { x }, Some(q)) => self.lines(&area, theme, *x, q),
            (Layout::Scatter { x, y }, Some(q)) => self.scatter(&area, theme, *x, *y, q),
            _ => self.bars(&area, theme),
        }
    }
}

fn range_of(values: impl Iterator<Item = f64>) -> (f64, f64) {
    let (lo, hi) = values
        .filter(|v| v.is_finite())
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| (a.min(v), b.max(v)));
    if !lo.is_finite() {
        (0.0, 1.0)
    } else if hi - lo < 1e-9 {
        (lo - 0.5, hi + 0.5)
    } else {
        (lo, hi)
    }
}

fn colour_range(q: Quantity) -> (f64, f64) {
    // Probabilities and trust share the 0..1 scale, so maps of different sweeps compare.
    let _ = q;
    (0.0, 1.0)
}

fn viridis(v: f64, (lo, hi): (f64, f64)) -> RGBColor {
    if v.is_nan() {
        return RGBColor(220, 220, 220);
    }
    ViridisRGB::get_color(((v - lo) / (hi - lo)).clamp(0.0, 1.0))
}

/// Cell edges around sorted values: midpoints between neighbours, half a gap outside.
fn edges(values: &[f64]) -> Vec<(f64, f64)> {
    let gap = |i: usize| {
        if values.len() > 1 {
            values[i.min(values.len() - 2) + 1] - values[i.min(values.len() - 2)]
        } else {
            1.0
        }
    };
    (0..values.len())
        .map(|i| {
            let lo = if i == 0 { values[0] - gap(0) / 2.0 } else { (values[i - 1] + values[i]) / 2.0 };
            let hi = if i + 1 == values.len() {
                values[i] + gap(i) / 2.0
            } else {
                (values[i] + values[i + 1]) / 2.0
            };
            (lo, hi)
        })
        .collect()
}

fn sorted_unique(values: impl Iterator<Item = f64>) -> Vec<f64> {
    let mut v: Vec<f64> = values.collect();
    v.sort_by(f64::total_cmp);
    v.dedup_by(|a, b| (*a - *b).abs() < 1e-12);
    v
}

fn colour_bar<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    theme: &Theme,
    label: &str,
    range: (f64, f64),
) -> Drawn<DB> {
    let mut chart = ChartBuilder::on(area)
        .margin_top(theme.px(40.0))
        .margin_bottom(theme.px(70.0))
        .margin_right(theme.px(10.0))
        .y_label_area_size(theme.px(64.0))
        .build_cartesian_2d(0f64..1f64, range.0..range.1)?;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .disable_y_mesh()
        .disable_x_axis()
        .y_desc(label)
        .y_labels(6)
        .label_style(theme.font(16.0))
        .axis_desc_style(theme.font(18.0))
        .draw()?;
    let n = 100;
    let step = (range.1 - range.0) / n as f64;
    chart.draw_series((0..n).map(|k| {
        let v = range.0 + step * k as f64;
        Rectangle::new([(0.0, v), (1.0, v + step)], viridis(v + step / 2.0, range).filled())
    }))?;
    Ok(())
}

impl SweepFigure<'_> {
    fn map<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        theme: &Theme,
        x: usize,
        y: usize,
        q: Quantity,
    ) -> Drawn<DB> {
        let (main, bar) = area.split_horizontally(area.dim_in_pixel().0 - theme.px(150.0));
        let rows: Vec<&SweepRow> = self.rows().collect();
        let coord = |r: &SweepRow, i: usize| r.coords[i].parse::<f64>().unwrap_or(f64::NAN);
        let xs = sorted_unique(rows.iter().map(|r| coord(r, x)));
        let ys = sorted_unique(rows.iter().map(|r| coord(r, y)));
        let (xe, ye) = (edges(&xs), edges(&ys));
        let range = colour_range(q);
        let mut chart = ChartBuilder::on(&main)
            .margin(theme.px(16.0))
            .x_label_area_size(theme.px(64.0))
            .y_label_area_size(theme.px(84.0))
            .build_cartesian_2d(xe[0].0..xe[xe.len() - 1].1, ye[0].0..ye[ye.len() - 1].1)?;
        let (xi, yi) = (integer_axis(self.data, x), integer_axis(self.data, y));
        chart
            .configure_mesh()
            .disable_mesh()
            .x_desc(axis_name(self.data, x))
            .y_desc(axis_name(self.data, y))
            .x_label_formatter(&|v| tick_text(*v, xi))
            .y_label_formatter(&|v| tick_text(*v, yi))
            .x_labels(8)
            .y_labels(8)
            .label_style(theme.font(18.0))
            .axis_desc_style(theme.font(20.0))
            .draw()?;
        let find = |v: f64, values: &[f64]| values.iter().position(|w| (w - v).abs() < 1e-12);
        chart.draw_series(rows.iter().filter_map(|r| {
            let (i, j) = (find(coord(r, x), &xs)?, find(coord(r, y), &ys)?);
            Some(Rectangle::new(
                [(xe[i].0, ye[j].0), (xe[i].1, ye[j].1)],
                viridis(q.value(r), range).filled(),
            ))
        }))?;
        colour_bar(&bar, theme, q.label(), range)
    }

    fn lines<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        theme: &Theme,
        x: usize,
        q: Quantity,
    ) -> Drawn<DB> {
        let coord = |r: &SweepRow| r.coords[x].parse::<f64>().unwrap_or(f64::NAN);
        let (lo, hi) = range_of(self.rows().map(coord));
        let mut groups: Vec<(Facet, Vec<&SweepRow>)> = Vec::new();
        // In a zip design every axis moves with x: one line through all points.
        let zip = self.data.manifest["sweep"]["design"].as_str() == Some("zip");
        for r in self.rows() {
            let key = if zip { Vec::new() } else { facet_key(r, &[x]) };
            match groups.iter_mut().find(|(k, _)| *k == key) {
                Some((_, rows)) => rows.push(r),
                None => groups.push((key, vec![r])),
            }
        }
        let (plot_area, legend_area) = area.split_horizontally(area.dim_in_pixel().0 - theme.px(300.0));
        let mut legend: Vec<(String, RGBAColor, bool)> = Vec::new();
        let mut chart = ChartBuilder::on(&plot_area)
            .margin(theme.px(16.0))
            .x_label_area_size(theme.px(60.0))
            .y_label_area_size(theme.px(80.0))
            .build_cartesian_2d(lo..hi, 0f64..1f64)?;
        let xi = integer_axis(self.data, x);
        chart
            .configure_mesh()
            .x_desc(axis_name(self.data, x))
            .y_desc(q.label())
            .x_label_formatter(&|v| tick_text(*v, xi))
            .label_style(theme.font(18.0))
            .axis_desc_style(theme.font(20.0))
            .light_line_style(WHITE)
            .bold_line_style(BLACK.mix(0.08))
            .draw()?;
        let palette = GROUP_COLOURS;
        let many = groups.len() > 1;
        for (g, (key, rows)) in groups.iter().enumerate() {
            let colour = palette[g % palette.len()];
            let mut rows = rows.clone();
            rows.sort_by(|a, b| coord(a).total_cmp(&coord(b)));
            if q.is_probability() {
                let mut band: Vec<(f64, f64)> =
                    rows.iter().map(|r| (coord(r), wilson(q.value(r), r.get("replicates")).1)).collect();
                band.extend(rows.iter().rev().map(|r| (coord(r), wilson(q.value(r), r.get("replicates")).0)));
                chart.draw_series(std::iter::once(Polygon::new(band, colour.mix(0.2).filled())))?;
            }
            let label = if many {
                key.iter()
                    .map(|(i, v)| {
                        if self.data.params[*i] == "scenario" {
                            v.clone()
                        } else {
                            format!("{} = {v}", self.data.params[*i])
                        }
                    })
                    .collect::<Vec<_>>()
                    .join(", ")
            } else {
                q.label().to_string()
            };
            chart.draw_series(LineSeries::new(
                rows.iter().map(|r| (coord(r), q.value(r))),
                colour.stroke_width(theme.line),
            ))?;
            legend.push((label, colour.to_rgba(), true));
            chart.draw_series(
                rows.iter().map(|r| Circle::new((coord(r), q.value(r)), theme.px(4.0), colour.filled())),
            )?;
        }
        if q.is_probability() {
            legend.push(("bands: 95% Wilson intervals".into(), BLACK.mix(0.15), false));
        }
        super::side_legend(&legend_area, theme, &legend)?;
        Ok(())
    }

    fn scatter<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        theme: &Theme,
        x: usize,
        y: Option<usize>,
        q: Quantity,
    ) -> Drawn<DB> {
        let Some(y) = y else { return self.lines(area, theme, x, q) };
        let (main, bar) = area.split_horizontally(area.dim_in_pixel().0 - theme.px(150.0));
        let coord = |r: &SweepRow, i: usize| r.coords[i].parse::<f64>().unwrap_or(f64::NAN);
        let (x0, x1) = range_of(self.rows().map(|r| coord(r, x)));
        let (y0, y1) = range_of(self.rows().map(|r| coord(r, y)));
        let range = colour_range(q);
        let mut chart = ChartBuilder::on(&main)
            .margin(theme.px(16.0))
            .x_label_area_size(theme.px(64.0))
            .y_label_area_size(theme.px(84.0))
            .build_cartesian_2d(x0..x1, y0..y1)?;
        let (xi, yi) = (integer_axis(self.data, x), integer_axis(self.data, y));
        chart
            .configure_mesh()
            .x_desc(axis_name(self.data, x))
            .y_desc(axis_name(self.data, y))
            .x_label_formatter(&|v| tick_text(*v, xi))
            .y_label_formatter(&|v| tick_text(*v, yi))
            .label_style(theme.font(18.0))
            .axis_desc_style(theme.font(20.0))
            .light_line_style(WHITE)
            .bold_line_style(BLACK.mix(0.08))
            .draw()?;
        chart.draw_series(self.rows().map(|r| {
            Circle::new((coord(r, x), coord(r, y)), theme.px(6.0), viridis(q.value(r), range).filled())
        }))?;
        colour_bar(&bar, theme, q.label(), range)
    }

    fn bars<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>, theme: &Theme) -> Drawn<DB> {
        let rows: Vec<&SweepRow> = self.rows().collect();
        let n = rows.len().max(1);
        let labels: Vec<String> = rows.iter().map(|r| r.coords.join(", ")).collect();
        let (plot_area, legend_area) = area.split_horizontally(area.dim_in_pixel().0 - theme.px(200.0));
        let mut chart = ChartBuilder::on(&plot_area)
            .margin(theme.px(16.0))
            .x_label_area_size(theme.px(60.0))
            .y_label_area_size(theme.px(220.0))
            .build_cartesian_2d(0f64..1f64, -0.5f64..(n as f64 - 0.5))?;
        chart
            .configure_mesh()
            .disable_y_mesh()
            .light_line_style(WHITE)
            .bold_line_style(BLACK.mix(0.08))
            .x_desc("share of runs")
            .y_labels(n)
            .y_label_formatter(&|v| {
                let i = v.round();
                if (v - i).abs() < 1e-6 && i >= 0.0 {
                    labels.get(n - 1 - i as usize).cloned().unwrap_or_default()
                } else {
                    String::new()
                }
            })
            .label_style(theme.font(17.0))
            .axis_desc_style(theme.font(20.0))
            .draw()?;
        for (i, r) in rows.iter().enumerate() {
            let shares = Outcome::ALL.map(|o| r.get(&format!("p_{o}")));
            super::outcome_bar(&mut chart, theme, (n - 1 - i) as f64, &shares)?;
        }
        let legend: Vec<(String, RGBAColor, bool)> = Outcome::ALL
            .iter()
            .zip(OUTCOME_COLOURS)
            .map(|(o, c)| (o.to_string(), c.to_rgba(), false))
            .collect();
        super::side_legend(&legend_area, theme, &legend)?;
        Ok(())
    }
}

#[cfg(test)]
#[path = "sweep_tests.rs"]
mod tests;
