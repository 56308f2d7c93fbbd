//! Reporters: each output format is a module with functions that write to any `impl Write`.
//! Reporters read results; they never run the model.
//!
//! - [`csv`]: `runs.csv` and `trajectory.csv`;
//! - [`json`](crate::report::json): `summary.json`;
//! - [`terminal`]: the summary printed after a run;
//! - [`data`]: reading an output folder back;
//! - [`check`]: checks on the files read back, naming the file, key, row and column;
//! - [`plot`]: figures (PNG and SVG);
//! - [`html`]: the self-contained `report.html`;
//! - [`folder`]: drawing an output folder's figures and page.

pub mod check;
pub mod csv;
pub mod data;
pub mod folder;
pub mod html;
pub mod json;
pub mod plot;
pub mod terminal;

/// A number with six decimals, without a negative zero: the format of every CSV metric.
pub fn fixed6(v: f64) -> String {
    let v = if v == 0.0 { 0.0 } else { v };
    format!("{v:.6}")
}
