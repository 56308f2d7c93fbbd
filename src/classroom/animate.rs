//! `dyad animate`: an animated GIF of one replicate.

use crate::error::{Error, Result};
use crate::report::plot::Theme;
use crate::scenario::Scenario;
use std::path::Path;

/// What was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Animation {
    /// Frames in the GIF.
    pub frames: u32,
    /// Frame size in pixels.
    pub size: (u32, u32),
}

/// Writes an animated GIF of replicate `replicate` of `sc` to `path`.
pub fn animate(sc: &Scenario, replicate: u64, path: &Path, theme: &Theme) -> Result<Animation> {
    let _ = (sc, replicate, theme);
    Err(Error::Write { path: path.into(), source: std::io::Error::other("not implemented yet") })
}
