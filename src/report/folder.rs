//! Drawing an output folder: its figures from its CSV and JSON files, then `report.html`, which
//! shows them. Here, not in [`plot`], so that figures do not depend on the page that shows them.

use super::plot::{self, Rendered, Theme};
use super::{data, html};
use crate::error::{Error, Result};
use std::path::Path;

/// What `draw_folder` drew.
#[derive(Debug, Clone)]
pub struct Drawing {
    /// The figures, as written.
    pub figures: Vec<Rendered>,
    /// Seconds spent drawing.
    pub seconds: f64,
}

fn write_report(dir: &Path, html: &str) -> Result<()> {
    let mut files = crate::output::OutputSet::new(dir)?;
    files.write("report.html", |w| {
        w.write_all(html.as_bytes()).map_err(|source| Error::Write { path: "report.html".into(), source })
    })?;
    files.commit().map(|_| ())
}

/// Draws every figure of a run or sweep folder from its CSV and JSON files in `from`, and its
/// `report.html`, into `to` (the folder's staging folder, or `from` itself).
pub fn draw_folder(from: &Path, to: &Path, theme: &Theme) -> Result<Drawing> {
    let started = std::time::Instant::now();
    let figures = if from.join("sweep.json").exists() {
        let data = data::read_sweep(from)?;
        let mut done = Vec::new();
        for f in plot::sweep::figures(&data) {
            let caption = f.caption();
            done.push((plot::render(to, &f, theme)?, caption));
        }
        write_report(to, &html::sweep_page(&data, &done))?;
        done
    } else {
        let data = data::read_run(from)?;
        // Model version 2 keeps hopelessness (slow burnout) where version 1 keeps exhaustion.
        let (tired, tired_caption) = if data.version() >= 2 {
            ("hopelessness", "Hopelessness (slow burnout) over time")
        } else {
            ("exhaustion", "Emotional exhaustion over time")
        };
        let bands = ": median line, with the middle 50% and 90% of runs shaded.";
        let figures = [
            (
                plot::render(
                    to,
                    &plot::run::PartnerBands { data: &data, variable: "trust", label: "trust" },
                    theme,
                )?,
                "Trust in the partner over time: median line, with the middle 50% and 90% of runs shaded.",
            ),
            (
                plot::render(
                    to,
                    &plot::run::PartnerBands { data: &data, variable: tired, label: tired },
                    theme,
                )?,
                &format!("{tired_caption}{bands}"),
            ),
            (
                plot::render(to, &plot::run::Cycle { data: &data }, theme)?,
                "The cycle: closeness (top) and, among the couples still together, the share in which each partner pursues (solid) or withdraws (dashed) on each day (bottom).",
            ),
        ];
        let mut done: Vec<(Rendered, String)> =
            figures.into_iter().map(|(r, c)| (r, c.to_string())).collect();
        if let Some(curve) = plot::survival::read_survival(from)? {
            let figure = plot::survival::Survival { data: &data, curve: &curve };
            done.push((plot::render(to, &figure, theme)?, figure.caption()));
        }
        // The pairing map only means something when the couples differ.
        if !data.summary["population"].is_null()
            && let Some(pairings) = plot::pairings::read_pairings(from)?
        {
            let figure = plot::pairings::Pairings { data: &data, pairings: &pairings };
            done.push((plot::render(to, &figure, theme)?, figure.caption()));
        }
        write_report(to, &html::run_page(&data, &done))?;
        done
    };
    Ok(Drawing {
        figures: figures.into_iter().map(|(r, _)| r).collect(),
        seconds: started.elapsed().as_secs_f64(),
    })
}
