//! What every command uses: options as overrides, printing to standard output, progress bars,
//! drawing an output folder, and words for the terminal and the shell.

use crate::error::{Error, Result};
use crate::output::OutputSet;
use crate::report::folder::Drawing;
use crate::report::plot::Theme;
use crate::scenario::Override;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::{IsTerminal, Write};
use std::path::Path;

/// `--seed`, `--steps`, `--replicates` style options and `--set` values as overrides.
pub fn options(named: &[(&str, Option<String>)], set: &[String]) -> Result<Vec<Override>> {
    let mut overrides: Vec<Override> = named
        .iter()
        .filter_map(|(key, v)| v.as_ref().map(|v| Override::option(&format!("--{key}"), key, v)))
        .collect();
    for s in set {
        overrides.push(s.parse()?);
    }
    Ok(overrides)
}

/// The terminal's width for wrapping text (80 when not a terminal), at most 100.
pub fn terminal_width() -> usize {
    terminal_size::terminal_size().map_or(80, |(w, _)| usize::from(w.0)).clamp(40, 100)
}

/// Writes bytes to standard output.
pub fn stdout_bytes(bytes: &[u8]) -> Result<()> {
    let mut out = std::io::stdout().lock();
    out.write_all(bytes)
        .and_then(|_| out.flush())
        .map_err(|source| Error::Write { path: "standard output".into(), source })
}

/// Writes text to standard output.
pub fn stdout_line(text: &str) -> Result<()> {
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())
        .and_then(|_| out.flush())
        .map_err(|source| Error::Write { path: "standard output".into(), source })
}

/// A progress bar on stderr, hidden with `--quiet` or when stderr is not a terminal.
pub fn progress_bar(len: u64, quiet: bool, what: &str) -> ProgressBar {
    if quiet || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let pb = ProgressBar::with_draw_target(Some(len), ProgressDrawTarget::stderr());
    let template = format!("{{spinner}} [{{bar:32}}] {{pos}}/{{len}} {what}  {{rate}}  ETA {{eta}}");
    if let Ok(style) = ProgressStyle::with_template(&template) {
        // A whole number a second ("18197/s"), not indicatif's "18,197.0979/s".
        let style =
            style.with_key("rate", |state: &indicatif::ProgressState, w: &mut dyn std::fmt::Write| {
                let _ = write!(w, "{:.0}/s", state.per_sec());
            });
        pb.set_style(style.progress_chars("=> "));
    }
    pb
}

/// Draws the figures and report of the output folder `from` into `to` (its staging folder, or
/// the same folder) and records the drawing time in its JSON, written into `to`.
pub fn draw(from: &Path, to: &Path, theme: Theme) -> Result<Drawing> {
    let drawing = crate::report::folder::draw_folder(from, to, &theme)?;
    let json = if from.join("sweep.json").exists() || to.join("sweep.json").exists() {
        "sweep.json"
    } else {
        "summary.json"
    };
    let path = if to.join(json).exists() { to.join(json) } else { from.join(json) };
    let text = std::fs::read_to_string(&path).map_err(|source| Error::Read { path: path.clone(), source })?;
    if let Ok(mut value) = serde_json::from_str::<serde_json::Value>(&text) {
        value["plot_time_seconds"] = serde_json::json!(drawing.seconds);
        let mut files = OutputSet::new(to)?;
        files.write(json, |w| {
            serde_json::to_writer_pretty(&mut *w, &value)
                .map_err(|e| Error::Encode { what: json.into(), message: e.to_string() })?;
            writeln!(w).map_err(|source| Error::Write { path: json.into(), source })
        })?;
        files.commit()?;
    }
    Ok(drawing)
}

/// Quotes a word for a POSIX shell when it holds anything but plain characters.
pub fn shell_word(word: &str) -> String {
    let plain =
        !word.is_empty() && word.chars().all(|c| c.is_ascii_alphanumeric() || "-_./=:,+@%".contains(c));
    if plain { word.to_string() } else { format!("'{}'", word.replace('\'', "'\\''")) }
}

/// Splits text into lines of at most `width` characters, at spaces.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}
