//! The keys only a sensitivity file has (docs/SENSITIVITY.md): `method`, `levels`, `outputs` and
//! `bootstrap`, checked where [`super::load_str`] reads a sweep file.

use super::{Here, RawSweep};
use crate::error::Diagnostic;
use crate::scenario::diagnose::{closest, located};
use crate::sweep::{Analysis, DesignKind, Sweep};

/// Bootstrap resamples when a sensitivity file gives none (SALib's default).
pub const BOOTSTRAP: u32 = 1000;

/// Problems with the keys of a sensitivity analysis: `method` and `design` together, a `method`
/// that is no sensitivity design, and `levels`, `outputs` or `bootstrap` in a plain sweep.
pub(super) fn sensitivity_keys(
    raw: &RawSweep,
    design: DesignKind,
    text: &str,
    origin: &str,
) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    let mut at = |path: &str, message: String, help: &str| {
        let mut d = located(text, origin, path);
        d.message = message;
        d.help.push(help.to_string());
        problems.push(d);
    };
    if raw.method.is_some() && raw.design.is_some() {
        at(
            "method",
            "give `method` or `design`, not both".into(),
            "a sensitivity file says method = \"sobol\" or \"morris\"",
        );
    } else if let Some(m) = raw.method.filter(|m| !m.sensitivity()) {
        at(
            "method",
            format!("method = \"{}\" is not a sensitivity method", m.name()),
            "the allowed values are \"sobol\" and \"morris\"; for a plain sweep use `dyad sweep` with design = ...",
        );
    }
    if !raw.axis.is_empty() && !raw.factor.is_empty() {
        at(
            "factor",
            "the file has both [[axis]] and [[factor]] tables".into(),
            "use one name for them: [[factor]] in a sensitivity file",
        );
    }
    if !design.sensitivity() {
        for key in ["levels", "outputs", "bootstrap"] {
            let given = match key {
                "levels" => raw.levels.is_some(),
                "outputs" => raw.outputs.is_some(),
                _ => raw.bootstrap.is_some(),
            };
            if given {
                at(
                    key,
                    format!("`{key}` applies to sensitivity methods, not to design = \"{}\"", design.name()),
                    "set method = \"sobol\" or \"morris\" (dyad sensitivity), or remove it",
                );
            }
        }
    } else if raw.levels.is_some() && design == DesignKind::Sobol {
        at("levels", "`levels` applies to the morris method, not to sobol".into(), "remove it");
    }
    problems
}

/// The outputs a sensitivity design analyses, each a `sweep.csv` column (an outcome may be
/// named without its `p_`), and its bootstrap resamples; or where they are wrong.
pub(super) fn analysis(
    sweep: &Sweep,
    raw: &RawSweep,
    here: &Here,
) -> std::result::Result<Analysis, Vec<Diagnostic>> {
    let columns = crate::sweep::runner::output_columns(sweep);
    let known: Vec<&str> = columns.iter().map(String::as_str).collect();
    let given = raw.outputs.clone().unwrap_or_else(|| vec!["p_escalated".into(), "p_dissolved".into()]);
    let mut problems = Vec::new();
    let mut outputs = Vec::new();
    if given.is_empty() {
        problems.push(here(
            "outputs",
            "outputs is empty".into(),
            "name at least one, e.g. outputs = [\"escalated\", \"mean_trust_a\"]",
        ));
    }
    for (j, name) in given.iter().enumerate() {
        let column = if known.contains(&name.as_str()) { name.clone() } else { format!("p_{name}") };
        if !known.contains(&column.as_str()) {
            let help = match closest(name, known.iter().copied()) {
                Some(s) => format!(
                    "did you mean `{s}`? The outputs are the columns of sweep.csv: {}",
                    known.join(", ")
                ),
                None => format!("the outputs are the columns of sweep.csv: {}", known.join(", ")),
            };
            problems.push(here(
                &format!("outputs.{j}"),
                format!("outputs: `{name}` is not an output of a run"),
                &help,
            ));
        } else if outputs.contains(&column) {
            problems.push(here(
                &format!("outputs.{j}"),
                format!("outputs: `{name}` is named twice"),
                "name each output once",
            ));
        } else {
            outputs.push(column);
        }
    }
    let bootstrap = raw.bootstrap.unwrap_or(BOOTSTRAP);
    if !(100..=100_000).contains(&bootstrap) {
        problems.push(here(
            "bootstrap",
            format!("bootstrap = {bootstrap} is out of range"),
            "the allowed range is 100 to 100000 resamples; 1000 is usual",
        ));
    }
    if problems.is_empty() { Ok(Analysis { outputs, bootstrap }) } else { Err(problems) }
}
