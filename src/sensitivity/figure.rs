//! The figure of one output's indices, `sensitivity-OUTPUT.png`/`.svg`:
//!
//! - Sobol: for each factor, ordered by total-order index, a bar for the first-order index S1
//!   (the share of the output's variance the factor explains alone) and one for the total-order
//!   index ST (alone and in interactions), each with its 95% interval;
//! - Morris: each factor at (mu*, sigma) with its mu* interval; the dashed line sigma = mu*
//!   separates mostly linear, additive effects (below) from non-linear or interacting ones
//!   (above), as Morris (1991) and Garcia Sanchez et al. (2014) read it.

use super::analyse::{Analysis, OutputIndices};
use crate::report::plot::{A_COLOUR, B_COLOUR, Drawn, Figure, INK, Theme};
use crate::sweep::DesignKind;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// One output's indices as a figure.
pub struct Indices<'a> {
    /// The whole analysis (method, factors).
    pub analysis: &'a Analysis,
    /// The output drawn.
    pub output: &'a OutputIndices,
}

/// How many factors a Morris figure names, the most important first.
const LABELLED: usize = 6;

fn index<'a>(o: &'a OutputIndices, name: &str) -> &'a [super::estimate::Interval] {
    &o.indices.iter().find(|(n, _)| *n == name).expect("the index is estimated").1
}

impl Figure for Indices<'_> {
    fn stem(&self) -> String {
        format!("sensitivity-{}", self.output.output)
    }

    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>, theme: &Theme) -> Drawn<DB> {
        area.fill(&WHITE)?;
        match self.analysis.method {
            DesignKind::Sobol => self.sobol(area, theme),
            _ => self.morris(area, theme),
        }
    }
}

impl Indices<'_> {
    fn sobol<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>, theme: &Theme) -> Drawn<DB> {
        let (first, total) = (index(self.output, "S1"), index(self.output, "ST"));
        let k = self.analysis.factors.len();
        let mut order: Vec<usize> = (0..k).collect();
        order.sort_by(|&a, &b| total[b].value.total_cmp(&total[a].value).then(a.cmp(&b)));
        let finite = |v: f64| if v.is_finite() { v } else { 0.0 };
        let hi =
            first.iter().chain(total).map(|v| finite(v.ci_high).max(finite(v.value))).fold(0.0, f64::max);
        let lo = first.iter().chain(total).map(|v| finite(v.ci_low).min(finite(v.value))).fold(0.0, f64::min);
        let x_max = (hi.max(0.1) * 1.08).min(1.2).max(hi);
        let x_min = lo.min(0.0) * 1.08;
        let label_w = (area.dim_in_pixel().0 as f64 * 0.3) as u32;
        let (labels, plot_area) = area.split_horizontally(label_w);
        let title = format!(
            "What drives {}: Sobol indices ({} base points)",
            self.output.output, self.analysis.samples
        );
        let mut chart = ChartBuilder::on(&plot_area)
            .caption(title, theme.font(19.0))
            .margin(theme.px(12.0))
            .x_label_area_size(theme.px(56.0))
            .build_cartesian_2d(x_min..x_max, 0.0..k as f64)?;
        chart
            .configure_mesh()
            .disable_y_mesh()
            .disable_y_axis()
            .x_desc("share of the output's variance (S1: the factor alone; ST: with its interactions)")
            .label_style(theme.font(15.0))
            .axis_desc_style(theme.font(15.0))
            .light_line_style(RGBColor(235, 235, 235))
            .draw()?;
        let bar = 0.34;
        for (row, &i) in order.iter().enumerate() {
            let y = (k - 1 - row) as f64;
            for (slot, values, colour) in [(0, first, A_COLOUR), (1, total, B_COLOUR)] {
                let v = &values[i];
                // S1 above ST, as the legend lists them.
                let y0 = y + 0.14 + (1 - slot) as f64 * bar;
                let y1 = y0 + bar * 0.9;
                let value = finite(v.value);
                chart.draw_series(std::iter::once(Rectangle::new(
                    [(0.0_f64.min(value), y0), (0.0_f64.max(value), y1)],
                    colour.filled(),
                )))?;
                if v.ci_low.is_finite() && v.ci_high.is_finite() {
                    let ym = (y0 + y1) / 2.0;
                    chart.draw_series(std::iter::once(PathElement::new(
                        vec![(v.ci_low, ym), (v.ci_high, ym)],
                        INK.stroke_width(2),
                    )))?;
                    for end in [v.ci_low, v.ci_high] {
                        chart.draw_series(std::iter::once(PathElement::new(
                            vec![(end, y0 + 0.05), (end, y1 - 0.05)],
                            INK.stroke_width(2),
                        )))?;
                    }
                }
            }
            let (_, py) = chart.backend_coord(&(0.0, y + 0.5));
            let base = labels.get_base_pixel();
            labels.draw(&Text::new(
                self.analysis.factors[i].clone(),
                (label_w as i32 - theme.px(8.0) as i32, py - base.1),
                theme.font(15.0).color(&INK).pos(Pos::new(HPos::Right, VPos::Center)),
            ))?;
        }
        if let Some(noise) = self.output.noise.filter(|v| v.is_finite() && *v > 0.0 && *v < x_max) {
            chart.draw_series(DashedLineSeries::new(
                vec![(noise, 0.0), (noise, k as f64)],
                6,
                4,
                RGBColor(120, 120, 120).stroke_width(2),
            ))?;
            chart.draw_series(std::iter::once(Text::new(
                "replicate noise",
                (noise, k as f64 - 0.02),
                theme.font(13.0).color(&RGBColor(90, 90, 90)).pos(Pos::new(HPos::Left, VPos::Top)),
            )))?;
        }
        // The legend, bottom right inside the plot, beside the least important factor's bars.
        let (px, py) = chart.backend_coord(&(x_max, 0.0));
        let base = plot_area.get_base_pixel();
        for (j, (text, colour)) in
            [("S1 (first order)", A_COLOUR), ("ST (total order)", B_COLOUR)].iter().enumerate()
        {
            let y = py - base.1 - theme.px(58.0) as i32 + j as i32 * theme.px(24.0) as i32;
            let x = px - base.0 - theme.px(190.0) as i32;
            plot_area.draw(&Rectangle::new(
                [(x, y), (x + theme.px(18.0) as i32, y + theme.px(14.0) as i32)],
                colour.filled(),
            ))?;
            plot_area.draw(&Text::new(
                text.to_string(),
                (x + theme.px(26.0) as i32, y + theme.px(7.0) as i32),
                theme.font(15.0).color(&INK).pos(Pos::new(HPos::Left, VPos::Center)),
            ))?;
        }
        Ok(())
    }

    fn morris<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>, theme: &Theme) -> Drawn<DB> {
        let (mu_star, sigma) = (index(self.output, "mu_star"), index(self.output, "sigma"));
        let finite = |v: f64| if v.is_finite() { v } else { 0.0 };
        let x_hi = mu_star.iter().map(|v| finite(v.ci_high).max(finite(v.value))).fold(0.0, f64::max);
        let y_hi = sigma.iter().map(|v| finite(v.value)).fold(0.0, f64::max);
        let top = x_hi.max(y_hi).max(1e-9) * 1.15;
        let title = format!(
            "What drives {}: Morris elementary effects ({} trajectories)",
            self.output.output, self.analysis.samples
        );
        let mut chart = ChartBuilder::on(area)
            .caption(title, theme.font(19.0))
            .margin(theme.px(16.0))
            .x_label_area_size(theme.px(56.0))
            .y_label_area_size(theme.px(80.0))
            .build_cartesian_2d(0.0..top, 0.0..top)?;
        chart
            .configure_mesh()
            .x_desc("mu*: mean absolute effect of moving the factor (its importance)")
            .y_desc("sigma: spread of its effects")
            .label_style(theme.font(15.0))
            .axis_desc_style(theme.font(15.0))
            .light_line_style(RGBColor(235, 235, 235))
            .draw()?;
        chart.draw_series(DashedLineSeries::new(
            vec![(0.0, 0.0), (top, top)],
            6,
            4,
            RGBColor(150, 150, 150).stroke_width(2),
        ))?;
        chart.draw_series(std::iter::once(Text::new(
            "above the diagonal sigma = mu*: non-linear or interacting",
            (top * 0.03, top * 0.97),
            theme.font(14.0).color(&RGBColor(110, 110, 110)).pos(Pos::new(HPos::Left, VPos::Top)),
        )))?;
        // Names for the most important factors only: a crowd of labels near the noise reads as
        // nothing. The rest are in sensitivity.csv.
        let mut order: Vec<usize> = (0..self.analysis.factors.len()).collect();
        order.sort_by(|&a, &b| mu_star[b].value.total_cmp(&mu_star[a].value).then(a.cmp(&b)));
        let named: Vec<usize> = order.into_iter().take(LABELLED).collect();
        if let Some(noise) = self.output.noise.filter(|v| v.is_finite() && *v > 0.0 && *v < top) {
            chart.draw_series(DashedLineSeries::new(
                vec![(noise, 0.0), (noise, top)],
                6,
                4,
                RGBColor(120, 120, 120).stroke_width(2),
            ))?;
            chart.draw_series(std::iter::once(Text::new(
                "noise floor",
                (noise, top * 0.9),
                theme.font(13.0).color(&RGBColor(90, 90, 90)).pos(Pos::new(HPos::Left, VPos::Top)),
            )))?;
        }
        for i in 0..self.analysis.factors.len() {
            let (m, s) = (finite(mu_star[i].value), finite(sigma[i].value));
            if mu_star[i].ci_low.is_finite() && mu_star[i].ci_high.is_finite() {
                chart.draw_series(std::iter::once(PathElement::new(
                    vec![(mu_star[i].ci_low, s), (mu_star[i].ci_high, s)],
                    A_COLOUR.stroke_width(2),
                )))?;
            }
            chart.draw_series(std::iter::once(Circle::new((m, s), theme.px(6.0), A_COLOUR.filled())))?;
        }
        // Labels, the most important first, each moved down until it overlaps no label before it.
        let line = theme.px(18.0) as i32;
        let mut placed: Vec<(i32, i32, i32, i32)> = Vec::new();
        for &i in &named {
            let (m, s) = (finite(mu_star[i].value), finite(sigma[i].value));
            let name = &self.analysis.factors[i];
            let (px, py) = chart.backend_coord(&(m, s));
            let width = (name.chars().count() as f64 * 7.6 * theme.text) as i32;
            let right = m > top * 0.7;
            let x0 = if right { px - theme.px(10.0) as i32 - width } else { px + theme.px(10.0) as i32 };
            let mut y = py - theme.px(12.0) as i32;
            while placed
                .iter()
                .any(|&(a, b, c, d)| x0 < c && a < x0 + width && y - line / 2 < d && b < y + line / 2)
            {
                y += line;
            }
            placed.push((x0, y - line / 2, x0 + width, y + line / 2));
            let base = area.get_base_pixel();
            area.draw(&Text::new(
                name.clone(),
                (x0 - base.0, y - base.1),
                theme.font(14.0).color(&INK).pos(Pos::new(HPos::Left, VPos::Center)),
            ))?;
        }
        Ok(())
    }
}
