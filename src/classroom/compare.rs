//! `dyad compare`: two to four scenarios side by side on shared axes.

use crate::error::{Error, Result};
use crate::report::plot::Theme;
use crate::scenario::Scenario;
use std::path::{Path, PathBuf};

/// What was written.
#[derive(Debug, Clone)]
pub struct Comparison {
    /// The short table printed to the terminal.
    pub table: String,
    /// The files written.
    pub files: Vec<PathBuf>,
}

/// Runs every scenario and writes one comparison figure (PNG and SVG) and a CSV table to `dir`.
pub fn compare(scenarios: &[Scenario], dir: &Path, theme: &Theme) -> Result<Comparison> {
    let _ = (scenarios, theme);
    Err(Error::Write { path: dir.into(), source: std::io::Error::other("not implemented yet") })
}
