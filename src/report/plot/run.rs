//! The figures of a run: trust and exhaustion of both partners over time (median with 25-75%
//! and 5-95% bands over replicates), and the cycle itself (closeness above, the share of runs in
//! which each partner pursues or withdraws below).

use super::{A_COLOUR, B_COLOUR, Drawn, Figure, INK, Theme, drawable, outcome_line, swatch};
use crate::report::data::{RunData, Series};
use plotters::coord::Shift;
use plotters::prelude::*;

/// A variable of both partners over time with quantile bands: `trust` or `exhaustion`.
pub struct PartnerBands<'a> {
    /// The run.
    pub data: &'a RunData,
    /// Variable prefix: `trust` or `exhaustion`.
    pub variable: &'static str,
    /// Axis label.
    pub label: &'static str,
}

fn title_area<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    data: &RunData,
    theme: &Theme,
) -> std::result::Result<DrawingArea<DB, Shift>, DrawingAreaErrorKind<DB::ErrorType>> {
    area.fill(&WHITE)?;
    let replicates = data.summary["replicates"].as_u64().unwrap_or(0);
    let [a, b] = data.names().map(|n| drawable(&n));
    let title = format!("{}: {a} and {b}, {replicates} runs", drawable(&data.name()));
    area.titled(&title, theme.bold(26.0))?.titled(&outcome_line(&data.outcomes()), theme.font(20.0))
}

fn band<DB: DrawingBackend>(
    chart: &mut TimeChart<'_, DB>,
    s: &Series,
    lo: usize,
    hi: usize,
    colour: RGBAColor,
) -> Drawn<DB> {
    let mut points: Vec<(f64, f64)> = s.step.iter().copied().zip(s.q[hi].iter().copied()).collect();
    points.extend(s.step.iter().copied().zip(s.q[lo].iter().copied()).rev());
    chart.draw_series(std::iter::once(Polygon::new(points, colour.filled())))?;
    Ok(())
}

/// Shades the spans of interventions (green) and life events (red) behind the data, labelled.
fn shade<DB: DrawingBackend>(chart: &mut TimeChart<'_, DB>, data: &RunData, theme: &Theme) -> Drawn<DB> {
    for (k, (start, end, label)) in data.spans().into_iter().enumerate() {
        let event = matches!(label.as_str(), "stress" | "issues");
        let colour = if event { RGBColor(213, 94, 0) } else { RGBColor(0, 158, 115) };
        let top = 0.99 - 0.06 * (k % 3) as f64;
        chart.draw_series(std::iter::once(Rectangle::new(
            [(start - 0.5, 0.0), (end + 0.5, 1.0)],
            colour.mix(0.10).filled(),
        )))?;
        chart.draw_series(std::iter::once(Text::new(
            label,
            (start + 1.0, top),
            theme.font(15.0).color(&colour.mix(0.9)),
        )))?;
    }
    Ok(())
}

type TimeChart<'a, DB> = plotters::chart::ChartContext<
    'a,
    DB,
    plotters::coord::cartesian::Cartesian2d<super::axes::Ticked, plotters::coord::types::RangedCoordf64>,
>;

/// A chart of 0..1 over the days of the run, with its caption, mesh and axis titles.
fn time_chart<'a, DB: DrawingBackend>(
    area: &'a DrawingArea<DB, Shift>,
    theme: &Theme,
    data: &RunData,
    caption: &str,
    x_desc: Option<&str>,
    y_desc: &str,
) -> std::result::Result<TimeChart<'a, DB>, DrawingAreaErrorKind<DB::ErrorType>> {
    // Runs of two years or more read better in years (ticks at whole or half years) than in
    // day numbers.
    let (ticks, years) = super::axes::time_ticks(data.steps());
    let mut chart = ChartBuilder::on(area)
        .caption(caption, theme.font(19.0))
        .margin(theme.px(14.0))
        .x_label_area_size(theme.px(if x_desc.is_some() { 54.0 } else { 30.0 }))
        .y_label_area_size(theme.px(72.0))
        .build_cartesian_2d(super::axes::Ticked::new(0f64..data.steps(), ticks), 0f64..1f64)?;
    chart
        .configure_mesh()
        .x_desc(match x_desc {
            Some(_) if years => "time (years; one step is a day)",
            Some(d) => d,
            None => "",
        })
        .x_label_formatter(&|v| super::axes::time_label(*v, years))
        .y_desc(y_desc)
        .label_style(theme.font(17.0))
        .axis_desc_style(theme.font(19.0))
        .light_line_style(WHITE)
        .bold_line_style(BLACK.mix(0.08))
        .draw()?;
    shade(&mut chart, data, theme)?;
    Ok(chart)
}

/// The corner (or side) of a chart whose legend would cover the fewest points of `lines`, in
/// data coordinates over `x` and `y` 0..1. The legend box is taken as the right or left 40% of
/// the width and 45% of the height, at the top, middle or bottom; ties go to the first of
/// upper right, lower right, upper left, lower left, middle right, middle left.
fn free_corner(lines: &[Vec<(f64, f64)>], x: (f64, f64)) -> SeriesLabelPosition {
    use SeriesLabelPosition as P;
    let span = (x.1 - x.0).max(1e-9);
    let boxes = [
        (P::UpperRight, true, 0.55, 1.0),
        (P::LowerRight, true, 0.0, 0.45),
        (P::UpperLeft, false, 0.55, 1.0),
        (P::LowerLeft, false, 0.0, 0.45),
        (P::MiddleRight, true, 0.275, 0.725),
        (P::MiddleLeft, false, 0.275, 0.725),
    ];
    let covered = |right: bool, lo: f64, hi: f64| {
        lines
            .iter()
            .flatten()
            .filter(|(t, v)| {
                let fx = (t - x.0) / span;
                let in_x = if right { fx >= 0.6 } else { fx <= 0.4 };
                in_x && (lo..=hi).contains(v)
            })
            .count()
    };
    let mut best = (usize::MAX, P::UpperRight);
    for (position, right, lo, hi) in boxes {
        let n = covered(right, lo, hi);
        if n < best.0 {
            best = (n, position);
        }
    }
    best.1
}

/// The series legend of a time chart.
fn legend<'a, DB: DrawingBackend + 'a>(
    chart: &mut TimeChart<'a, DB>,
    theme: &Theme,
    position: SeriesLabelPosition,
) -> Drawn<DB> {
    chart
        .configure_series_labels()
        .position(position)
        .background_style(WHITE.mix(0.9))
        .border_style(BLACK.mix(0.3))
        .label_font(theme.font(17.0))
        .draw()?;
    Ok(())
}

impl Figure for PartnerBands<'_> {
    fn stem(&self) -> String {
        self.variable.to_string()
    }

    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>, theme: &Theme) -> Drawn<DB> {
        let area = title_area(area, self.data, theme)?;
        let caption =
            format!("{} of each partner over time (runs that ended keep their last value)", self.label);
        let mut chart = time_chart(&area, theme, self.data, &caption, Some("day (step)"), self.label)?;
        let names = self.data.names().map(|n| drawable(&n));
        for (i, (key, colour)) in [("a", A_COLOUR), ("b", B_COLOUR)].into_iter().enumerate() {
            let s = self.data.get(&format!("{}_{key}", self.variable));
            band(&mut chart, s, 0, 4, colour.mix(0.12))?;
            band(&mut chart, s, 1, 3, colour.mix(0.25))?;
            let median = s.step.iter().copied().zip(s.q[2].iter().copied());
            chart
                .draw_series(LineSeries::new(median, colour.stroke_width(theme.line)))?
                .label(format!("{} ({}), median", names[i], key.to_uppercase()))
                .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 22, y)], colour.stroke_width(4)));
        }
        chart
            .draw_series(std::iter::empty::<Circle<(f64, f64), u32>>())?
            .label("shaded: middle 50% and 90% of runs")
            .legend(swatch::<DB>(INK.mix(0.2)));
        // Put the legend where the medians are not.
        let medians: Vec<Vec<(f64, f64)>> = ["a", "b"]
            .iter()
            .map(|k| {
                let s = self.data.get(&format!("{}_{k}", self.variable));
                s.step.iter().copied().zip(s.q[2].iter().copied()).collect()
            })
            .collect();
        legend(&mut chart, theme, free_corner(&medians, (0.0, self.data.steps())))
    }
}

/// The cycle: closeness over time above; the share of runs in which each partner pursues or
/// withdraws below, so the pursue-withdraw alternation is visible.
pub struct Cycle<'a> {
    /// The run.
    pub data: &'a RunData,
}

impl Figure for Cycle<'_> {
    fn stem(&self) -> String {
        "cycle".into()
    }

    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>, theme: &Theme) -> Drawn<DB> {
        let area = title_area(area, self.data, theme)?;
        let (top, bottom) = area.split_vertically(area.dim_in_pixel().1 * 45 / 100);
        let mut chart = time_chart(&top, theme, self.data, "Closeness of the couple", None, "closeness")?;
        let c = self.data.get("closeness");
        band(&mut chart, c, 1, 3, INK.mix(0.2))?;
        let median: Vec<(f64, f64)> = c.step.iter().copied().zip(c.q[2].iter().copied()).collect();
        let corner = free_corner(std::slice::from_ref(&median), (0.0, self.data.steps()));
        chart
            .draw_series(LineSeries::new(median, INK.stroke_width(theme.line)))?
            .label("median, with the middle 50% of runs")
            .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 22, y)], INK.stroke_width(4)));
        legend(&mut chart, theme, corner)?;

        // Shares among the couples still together, so that couples who ended (a partner left,
        // or under version 1 an escalation stop) do not look like calm ones.
        let caption = "Among couples still together: share in which each partner pursues or withdraws";
        let mut chart =
            time_chart(&bottom, theme, self.data, caption, Some("day (step)"), "share of couples")?;
        let names = self.data.names().map(|n| drawable(&n));
        let running = self.data.get("running");
        // Too few couples left make a share noise: draw it while 20 couples or 5% of the runs
        // (whichever is fewer) remain.
        let runs = self.data.summary["replicates"].as_f64().unwrap_or(1.0).max(1.0);
        let enough = (20.0 / runs).clamp(1e-9, 0.05);
        let among = |s: &Series| -> Vec<(f64, f64)> {
            s.step
                .iter()
                .zip(&s.mean)
                .zip(&running.mean)
                .take_while(|(_, r)| **r >= enough)
                .map(|((t, v), r)| (*t, (v / r).min(1.0)))
                .collect()
        };
        let mut drawn: Vec<Vec<(f64, f64)>> = Vec::new();
        for (i, (key, colour)) in [("a", A_COLOUR), ("b", B_COLOUR)].into_iter().enumerate() {
            let points = among(self.data.get(&format!("pursue_{key}")));
            drawn.push(points.clone());
            chart
                .draw_series(LineSeries::new(points, colour.stroke_width(theme.line)))?
                .label(format!("{} pursues", names[i]))
                .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 22, y)], colour.stroke_width(4)));
            let points = among(self.data.get(&format!("withdraw_{key}")));
            drawn.push(points.clone());
            let style = colour.stroke_width(theme.line.saturating_sub(1).max(1));
            chart
                .draw_series(DashedLineSeries::new(points, theme.px(10.0), theme.px(6.0), style))?
                .label(format!("{} withdraws (dashed)", names[i]))
                .legend(move |(x, y)| {
                    PathElement::new(
                        vec![(x, y), (x + 8, y), (x + 8, y), (x + 14, y)],
                        colour.stroke_width(2),
                    )
                });
        }
        let points: Vec<(f64, f64)> =
            running.step.iter().copied().zip(running.mean.iter().copied()).collect();
        drawn.push(points.clone());
        chart
            .draw_series(LineSeries::new(points, INK.mix(0.5).stroke_width(2)))?
            .label("share of all runs still going")
            .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 22, y)], INK.mix(0.5).stroke_width(2)));
        legend(&mut chart, theme, free_corner(&drawn, (0.0, self.data.steps())))?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_legend_goes_where_the_lines_are_not() {
        let flat = |v: f64| (0..=60).map(|t| (f64::from(t), v)).collect::<Vec<_>>();
        // A short run: everyone still together (1.0) and shares near 0.2: the middle is free.
        let short = [flat(1.0), flat(0.2), flat(0.02)];
        assert!(matches!(free_corner(&short, (0.0, 60.0)), SeriesLabelPosition::MiddleRight));
        // Trust ending high: the legend goes below.
        assert!(matches!(free_corner(&[flat(0.8)], (0.0, 60.0)), SeriesLabelPosition::LowerRight));
        assert!(matches!(free_corner(&[flat(0.2)], (0.0, 60.0)), SeriesLabelPosition::UpperRight));
    }
}
