//! Figures drawn with plotters, as PNG and SVG, on any machine: the font is embedded
//! (DejaVu Sans, `assets/fonts/`) and registered with plotters' `ab_glyph` backend, so nothing
//! needs fontconfig, freetype or system fonts.
//!
//! Colours are colour-blind safe: partner A is always Okabe-Ito blue and partner B orange, the
//! outcomes have fixed Okabe-Ito colours, and maps use viridis. Figures read results (the CSV
//! and JSON files of an output folder); they never run the model.

mod axes;
pub mod pairings;
pub mod run;
pub mod survival;
pub mod sweep;

use crate::error::{Error, Result};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::{FontStyle, register_font};
use std::path::Path;
use std::sync::OnceLock;

static SANS: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans.ttf");
static SANS_BOLD: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans-Bold.ttf");

/// Text as the embedded font can draw it. DejaVu Sans covers Latin, Greek, Cyrillic and more,
/// but not Chinese, Japanese, Korean or emoji: a character it has no glyph for is transliterated
/// to Latin letters (`deunicode`: "王芳" becomes "Wang Fang"), so a name never turns into empty
/// boxes. Figures only; the report page, the CSV files and the terminal keep the names as
/// written.
pub fn drawable(text: &str) -> String {
    use ab_glyph::Font;
    static FONT: OnceLock<Option<ab_glyph::FontRef<'static>>> = OnceLock::new();
    let Some(font) = FONT.get_or_init(|| ab_glyph::FontRef::try_from_slice(SANS).ok()) else {
        return text.to_string();
    };
    if text.chars().all(|c| c.is_whitespace() || font.glyph_id(c).0 != 0) {
        return text.to_string();
    }
    let mut out = String::new();
    for c in text.chars() {
        if c.is_whitespace() || font.glyph_id(c).0 != 0 {
            out.push(c);
            continue;
        }
        let latin = deunicode::deunicode_char(c).unwrap_or("?").trim();
        // Words of a transliterated script are separated, as in "Wang Fang".
        if !latin.is_empty() {
            if out.chars().last().is_some_and(|p| p.is_alphanumeric()) {
                out.push(' ');
            }
            out.push_str(latin);
        }
    }
    let out = out.trim().to_string();
    if out.is_empty() { "?".into() } else { out }
}

/// Registers the embedded font once per process, under every family name plotters uses.
pub fn register_fonts() -> Result<()> {
    static DONE: OnceLock<std::result::Result<(), String>> = OnceLock::new();
    DONE.get_or_init(|| {
        for family in ["sans-serif", "serif", "monospace"] {
            register_font(family, FontStyle::Normal, SANS)
                .map_err(|_| "embedded font is invalid".to_string())?;
            register_font(family, FontStyle::Bold, SANS_BOLD)
                .map_err(|_| "embedded font is invalid".to_string())?;
        }
        Ok(())
    })
    .clone()
    .map_err(|message| Error::Encode { what: "fonts".into(), message })
}

/// Partner A's colour (Okabe-Ito blue).
pub const A_COLOUR: RGBColor = RGBColor(0, 114, 178);
/// Partner B's colour (Okabe-Ito orange).
pub const B_COLOUR: RGBColor = RGBColor(230, 159, 0);
/// Neutral ink for dyad-level variables.
pub const INK: RGBColor = RGBColor(51, 51, 51);

/// The colour of each outcome, in [`crate::metrics::Outcome::ALL`] order (Okabe-Ito).
pub const OUTCOME_COLOURS: [RGBColor; 5] = [
    RGBColor(0, 158, 115),   // settled: bluish green
    RGBColor(213, 94, 0),    // escalated: vermillion
    RGBColor(204, 121, 167), // dissolved: reddish purple
    RGBColor(86, 180, 233),  // disengaged: sky blue
    RGBColor(153, 153, 153), // cycling: grey
];

/// Sizes of text and lines.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Theme {
    /// Multiplies every text size.
    pub text: f64,
    /// Line width of main series, in pixels.
    pub line: u32,
    /// Figure size in pixels.
    pub size: (u32, u32),
}

impl Theme {
    /// For papers and screens.
    pub const STANDARD: Theme = Theme { text: 1.0, line: 3, size: (1200, 720) };
    /// For projectors: larger text, thicker lines.
    pub const PROJECTOR: Theme = Theme { text: 1.35, line: 5, size: (1280, 800) };

    /// A theme by name: `standard` or `projector`.
    pub fn named(name: &str) -> Option<Theme> {
        match name {
            "standard" => Some(Theme::STANDARD),
            "projector" => Some(Theme::PROJECTOR),
            _ => None,
        }
    }

    /// A font of `px` pixels at this theme's scale.
    pub fn font(&self, px: f64) -> FontDesc<'static> {
        ("sans-serif", px * self.text).into_font()
    }

    /// A bold font of `px` pixels at this theme's scale.
    pub fn bold(&self, px: f64) -> FontDesc<'static> {
        ("sans-serif", px * self.text, FontStyle::Bold).into_font()
    }

    /// A pixel size at this theme's scale.
    pub fn px(&self, px: f64) -> u32 {
        (px * self.text).round() as u32
    }
}

/// The result type of drawing on a backend.
pub type Drawn<DB> = std::result::Result<(), DrawingAreaErrorKind<<DB as DrawingBackend>::ErrorType>>;

/// A figure that can be drawn on any plotters backend.
pub trait Figure {
    /// The file name without extension.
    fn stem(&self) -> String;
    /// Draws the figure on `area`.
    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>, theme: &Theme) -> Drawn<DB>;
}

/// A figure written as `<stem>.png` and `<stem>.svg`; the SVG text is kept for the report page.
#[derive(Debug, Clone)]
pub struct Rendered {
    /// File name without extension.
    pub stem: String,
    /// The SVG document.
    pub svg: String,
}

fn plot_error(stem: &str, e: impl std::fmt::Display) -> Error {
    Error::Encode { what: format!("figure {stem}"), message: e.to_string() }
}

/// Draws `figure` into `dir` as PNG and SVG, each written under a temporary name first.
pub fn render<F: Figure>(dir: &Path, figure: &F, theme: &Theme) -> Result<Rendered> {
    register_fonts()?;
    std::fs::create_dir_all(dir).map_err(|source| Error::Write { path: dir.into(), source })?;
    let stem = figure.stem();
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, theme.size).into_drawing_area();
        figure.draw(&root, theme).map_err(|e| plot_error(&stem, e))?;
        root.present().map_err(|e| plot_error(&stem, e))?;
    }
    let tmp_png = dir.join(format!(".{stem}.partial.png"));
    crate::output::injected_failure(&format!("{stem}.png"))
        .map_err(|source| Error::Write { path: dir.join(format!("{stem}.png")), source })?;
    {
        let root = BitMapBackend::new(&tmp_png, theme.size).into_drawing_area();
        let drawn = figure.draw(&root, theme).and_then(|_| root.present());
        if let Err(e) = drawn {
            let _ = std::fs::remove_file(&tmp_png);
            return Err(plot_error(&stem, e));
        }
    }
    let png = dir.join(format!("{stem}.png"));
    std::fs::rename(&tmp_png, &png).map_err(|source| Error::Write { path: png.clone(), source })?;
    let mut files = crate::output::OutputSet::new(dir)?;
    files.write(&format!("{stem}.svg"), |w| {
        w.write_all(svg.as_bytes())
            .map_err(|source| Error::Write { path: format!("{stem}.svg").into(), source })
    })?;
    files.commit()?;
    Ok(Rendered { stem, svg })
}

/// `settled 12% · escalated 80% · ...` for titles.
pub fn outcome_line(outcomes: &[(String, f64)]) -> String {
    outcomes.iter().map(|(o, s)| format!("{o} {:.0}%", 100.0 * s)).collect::<Vec<_>>().join(" · ")
}

/// A chart with numeric axes, as the run, sweep and comparison figures use.
pub type XyChart<'a, DB> = ChartContext<
    'a,
    DB,
    Cartesian2d<plotters::coord::types::RangedCoordf64, plotters::coord::types::RangedCoordf64>,
>;

/// Draws one stacked horizontal bar of outcome shares (in [`crate::metrics::Outcome::ALL`]
/// order and colours) centred on `y`, with the percentage written inside segments wide enough
/// to hold it.
pub fn outcome_bar<'a, DB: DrawingBackend + 'a>(
    chart: &mut XyChart<'a, DB>,
    theme: &Theme,
    y: f64,
    shares: &[f64; 5],
) -> Drawn<DB> {
    let mut start = 0.0;
    for (k, &share) in shares.iter().enumerate() {
        let end = start + share;
        if share > 0.0 {
            chart.draw_series(std::iter::once(Rectangle::new(
                [(start, y - 0.33), (end, y + 0.33)],
                OUTCOME_COLOURS[k].filled(),
            )))?;
        }
        if share >= 0.07 {
            let ink = if k < 2 { WHITE } else { INK };
            let style = theme.bold(16.0).color(&ink).pos(Pos::new(HPos::Center, VPos::Center));
            chart.draw_series(std::iter::once(Text::new(
                format!("{:.0}%", 100.0 * share),
                ((start + end) / 2.0, y),
                style,
            )))?;
        }
        start = end;
    }
    Ok(())
}

/// Draws a legend in its own panel: one row per entry, a swatch (filled box, or a line when
/// `line` is true) and a label, so it never hides data.
pub fn side_legend<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    theme: &Theme,
    entries: &[(String, RGBAColor, bool)],
) -> Drawn<DB> {
    let row = theme.px(30.0) as i32;
    let top = theme.px(60.0) as i32;
    for (i, (label, colour, line)) in entries.iter().enumerate() {
        let y = top + row * i as i32;
        if *line {
            area.draw(&PathElement::new(vec![(10, y), (40, y)], colour.stroke_width(theme.line.max(3))))?;
        } else {
            area.draw(&Rectangle::new([(10, y - 8), (40, y + 8)], colour.filled()))?;
        }
        area.draw(&Text::new(label.clone(), (50, y - theme.px(9.0) as i32), theme.font(17.0)))?;
    }
    Ok(())
}

/// Draws a legend entry that is not a data series: a filled swatch with a label.
pub fn swatch<'a, DB: DrawingBackend + 'a>(
    colour: RGBAColor,
) -> impl Fn((i32, i32)) -> Rectangle<(i32, i32)> + 'a {
    move |(x, y)| Rectangle::new([(x, y - 7), (x + 22, y + 7)], colour.filled())
}

#[cfg(test)]
mod drawable_tests {
    use super::drawable;

    #[test]
    fn names_the_embedded_font_cannot_draw_are_transliterated() {
        assert_eq!(drawable("Sam"), "Sam");
        assert_eq!(drawable("Zoë and Ана"), "Zoë and Ана");
        assert_eq!(drawable("王芳"), "Wang Fang");
        assert!(drawable("Kai 😀").starts_with("Kai"));
        assert!(!drawable("😀").is_empty());
    }
}
