//! Reading a sweep file into a [`Sweep`]: its keys, its base scenario, its axes and every value
//! of them checked against the scenario's validation, with every problem reported at once, in
//! file order, at its place in the file.

use super::{Axis, DesignKind, Point, Sweep, design, fnv1a, read_scenario_text};
use crate::error::{Diagnostic, Error, Result};
use crate::scenario::diagnose::{closest, located, located_key, structure};
use crate::scenario::schema::{self, Kind};
use crate::scenario::{Scenario, spec};
use serde::Deserialize;
use std::path::Path;

/// The sweep file as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSweep {
    name: Option<String>,
    description: Option<String>,
    base: Option<toml::Value>,
    replicates: Option<u32>,
    seed: Option<u64>,
    design: Option<DesignKind>,
    /// `dyad sensitivity` files say `method` (sobol or morris) where sweeps say `design`.
    method: Option<DesignKind>,
    samples: Option<u32>,
    levels: Option<u32>,
    outputs: Option<Vec<String>>,
    bootstrap: Option<u32>,
    #[serde(default)]
    axis: Vec<RawAxis>,
    /// `dyad sensitivity` files say `[[factor]]` where sweeps say `[[axis]]`.
    #[serde(default)]
    factor: Vec<RawAxis>,
}

#[path = "load_sensitivity.rs"]
mod sensitivity;
use sensitivity::{analysis, sensitivity_keys};

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAxis {
    param: String,
    values: Option<Vec<toml::Value>>,
    from: Option<f64>,
    to: Option<f64>,
    steps: Option<u32>,
}

/// Loads and validates a sweep file.
pub fn load(path: &Path) -> Result<Sweep> {
    let text =
        std::fs::read_to_string(path).map_err(|source| Error::Read { path: path.to_path_buf(), source })?;
    let origin = path.display().to_string();
    let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("sweep");
    let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
    load_str(&text, &origin, stem, &dir)
}

/// Loads and validates a sweep from its text; `dir` resolves relative scenario paths.
///
/// Every problem of the file is reported at once, in file order: unknown keys and wrong types
/// (in the sweep and in an inline `[base]`), then, for the axes without such problems, unknown
/// or unsweepable parameters and values that do not make a valid scenario.
pub fn load_str(text: &str, origin: &str, default_name: &str, dir: &Path) -> Result<Sweep> {
    let (mut problems, raw) = structure::<RawSweep>(text, origin);
    let Some(mut raw) = raw else { return Err(in_file_order(problems)) };
    let design = raw.method.or(raw.design).unwrap_or_default();
    // `[[factor]]` and `[[axis]]` are the same tables: a file uses one name for them.
    let table = if raw.factor.is_empty() { "axis" } else { "factor" };
    // Keys already reported: checks that would only repeat them are skipped.
    let flagged: Vec<String> = problems.iter().filter_map(|d| d.path.clone()).collect();
    let is_flagged = |key: &str| flagged.iter().any(|p| p == key || p.starts_with(&format!("{key}.")));
    let here = |path: &str, message: String, help: &str| {
        let mut d = located(text, origin, path);
        d.message = message;
        if !help.is_empty() {
            d.help.push(help.to_string());
        }
        d
    };
    problems.extend(sensitivity_keys(&raw, design, text, origin));
    if table == "factor" {
        raw.axis = std::mem::take(&mut raw.factor);
    }
    if let Some(d) =
        spec::name_problem(raw.name.as_deref(), default_name, "sweep file", || located(text, origin, "name"))
    {
        problems.push(d);
    }
    let base = match load_base(&raw, text, origin, dir, &here) {
        Ok(base) => Some(base),
        Err(found) => {
            problems.extend(found);
            None
        }
    };
    let mut replicates = raw.replicates.or(base.as_ref().map(|(b, _, _)| b.replicates));
    // The scenario's own rule for `replicates`, checked here once rather than again with every
    // axis value (each point's scenario gets the sweep's replicates).
    let rule = crate::scenario::schema::find("replicates").expect("replicates is a scenario key");
    if let Some(n) = replicates.filter(|&n| !rule.admits(i64::from(n))) {
        let mut d = here(
            "replicates",
            format!("replicates = {n} is out of range"),
            &format!("the allowed range is {}", rule.kind.allowed()),
        );
        d.help.extend(rule.limit_reason());
        problems.push(d);
        replicates = None;
    }
    if raw.axis.is_empty() && !is_flagged(table) {
        problems.push(here(
            "",
            format!("the {} has no [[{table}]]", if design.sensitivity() { "analysis" } else { "sweep" }),
            &if design.sampled() {
                format!("add one, e.g.\n      [[{table}]]\n      param = \"partner.a.anxiety\"\n      from = 0.0\n      to = 1.0")
            } else {
                "add one, e.g.\n      [[axis]]\n      param = \"partner.a.anxiety\"\n      from = 0.0\n      to = 1.0\n      steps = 11".into()
            },
        ));
    }
    // The axes without problems, and where each is in the file.
    let (mut axes, mut axis_at): (Vec<Axis>, Vec<usize>) = (Vec::new(), Vec::new());
    for (i, a) in raw.axis.iter().enumerate() {
        if is_flagged(&format!("{table}.{i}")) {
            continue;
        }
        if let Some(j) = raw.axis[..i].iter().position(|b| b.param == a.param) {
            problems.push(here(
                &format!("{table}.{i}.param"),
                format!("{table} {} varies {} again ({table} {} already does)", i + 1, a.param, j + 1),
                &format!("give each parameter one {table}"),
            ));
            continue;
        }
        let Some((base, _, _)) = &base else { continue };
        match check_axis(table, i, a, design, base, &here) {
            Ok(axis) => {
                axes.push(axis);
                axis_at.push(i);
            }
            Err(Error::Invalid(found)) => problems.extend(found),
            Err(other) => return Err(other),
        }
    }
    if raw.samples.is_some() && !design.sampled() && !is_flagged("design") {
        problems.push(here(
            "samples",
            format!(
                "`samples` applies to random, latin-hypercube, sobol and morris designs, not to design = \"{}\"",
                design.name()
            ),
            "remove `samples`, or set design = \"random\" or \"latin-hypercube\"",
        ));
    }
    let (Some((base, base_text, base_spec)), Some(replicates)) = (base, replicates) else {
        return Err(in_file_order(problems));
    };
    let seed = raw.seed.unwrap_or(base.seed);
    let mut sweep = Sweep {
        name: raw.name.clone().unwrap_or_else(|| default_name.to_string()),
        description: raw.description.clone().unwrap_or_default(),
        source: origin.to_string(),
        base_spec,
        base,
        replicates,
        seed,
        design,
        axes,
        samples: raw.samples,
        levels: raw.levels,
        analysis: None,
        points: Vec::new(),
        hash: String::new(),
        base_text,
        base_dir: dir.to_path_buf(),
    };
    let listed: Vec<bool> = axis_at.iter().map(|&i| raw.axis[i].values.is_some()).collect();
    problems.extend(check_values(&sweep, table, &axis_at, &listed, &here));
    if design.sensitivity() {
        match analysis(&sweep, &raw, &here) {
            Ok(a) => sweep.analysis = Some(a),
            Err(found) => problems.extend(found),
        }
    }
    if !problems.is_empty() {
        return Err(in_file_order(problems));
    }
    sweep.points = design::points(design, &sweep.axes, raw.samples, raw.levels, seed)
        .map_err(|(path, message, help)| Error::invalid(here(&path, message, &help)))?;
    check_outcome_windows(&sweep, table, text, origin)?;
    let resolved = toml::to_string(&sweep.base).unwrap_or_default();
    let mut identity = format!("{text}\u{0}{resolved}\u{0}{}", env!("CARGO_PKG_VERSION"));
    for axis in sweep.axes.iter().filter(|a| a.param == "scenario") {
        for v in &axis.values {
            if let Ok((t, _)) = read_scenario_text(v.as_str().unwrap_or_default(), dir) {
                identity.push('\u{0}');
                identity.push_str(&t);
            }
        }
    }
    sweep.hash = format!("{:016x}", fnv1a(identity.as_bytes()));
    Ok(sweep)
}

/// Problems sorted by their place in the file; those with no place last.
fn in_file_order(mut problems: Vec<Diagnostic>) -> Error {
    problems.sort_by_key(|d| (d.position.is_none(), d.position.unwrap_or((0, 0))));
    Error::Invalid(problems)
}

/// The base scenario, its text and how it was given; or its problems. Problems of an inline
/// `[base]` point into the sweep file (`base.partner.a.anxiety`); those of a scenario file into
/// that file.
fn load_base(
    raw: &RawSweep,
    text: &str,
    origin: &str,
    dir: &Path,
    here: &Here,
) -> Result<(Scenario, String, String), Vec<Diagnostic>> {
    let (base_text, base_spec, base_origin) = match &raw.base {
        None => {
            return Err(vec![here(
                "",
                "the sweep has no `base` scenario".into(),
                "add `base = \"anxious-avoidant\"` (a built-in name or a .toml path), or a [base] table",
            )]);
        }
        Some(toml::Value::String(spec)) => match read_scenario_text(spec, dir) {
            Ok((t, file)) => (t, spec.clone(), file),
            Err(e) => return Err(vec![here("base", format!("base = \"{spec}\": {e}"), "")]),
        },
        Some(toml::Value::Table(t)) => {
            (toml::to_string(t).unwrap_or_default(), "inline [base]".to_string(), String::new())
        }
        Some(other) => {
            return Err(vec![here(
                "base",
                format!("base = {other} is neither a scenario name nor a table"),
                "write base = \"anxious-avoidant\" or a [base] table",
            )]);
        }
    };
    // The base's name names no folder; a path such as "../couple.toml" gives it its file name.
    let name = match Path::new(&base_spec).file_stem().and_then(|s| s.to_str()) {
        _ if spec::is_folder_name(&base_spec) => base_spec.as_str(),
        Some(stem) if spec::is_folder_name(stem) => stem,
        _ => "base",
    };
    let found = match crate::scenario::load_str(&base_text, &base_origin, name, &[]) {
        Ok(base) => return Ok((base, base_text, base_spec)),
        Err(Error::Invalid(found)) => found,
        Err(other) => vec![here("base", other.to_string(), "")],
    };
    if !base_origin.is_empty() {
        return Err(found);
    }
    // An inline [base] was read from its own text: place each problem in the sweep file.
    Err(found
        .into_iter()
        .map(|d| {
            let at = d.path.as_deref().map_or_else(|| "base".to_string(), |p| format!("base.{p}"));
            let place = if d.message.contains("unknown field") { located_key } else { located };
            let message = match &d.path {
                Some(p) if d.message.starts_with(p.as_str()) => format!("base.{}", d.message),
                _ => d.message,
            };
            Diagnostic { message, help: d.help, ..place(text, origin, &at) }
        })
        .collect())
}

/// Every concrete scenario path that can be swept, given the base scenario's interventions and
/// events: numbers, whole numbers, true/false and choices (such as a therapist's distance).
fn sweepable_paths(base: &Scenario) -> Vec<String> {
    let mut paths = vec!["scenario".to_string()];
    for f in schema::FIELDS {
        let sweepable =
            matches!(f.kind, Kind::Float { .. } | Kind::Int { .. } | Kind::Bool | Kind::Choice(_))
                && !matches!(f.path, "seed" | "replicates" | "intervention.*.kind" | "event.*.kind");
        if !sweepable {
            continue;
        }
        let count = if f.path.starts_with("intervention.") {
            base.intervention.len()
        } else if f.path.starts_with("event.") {
            base.event.len()
        } else {
            0
        };
        if f.path.starts_with("partner.") || f.path.starts_with("population.*") {
            paths.push(f.path.replace('*', "a"));
            paths.push(f.path.replace('*', "b"));
        } else if f.path.contains('*') {
            paths.extend((0..count).map(|i| f.path.replace('*', &i.to_string())));
        } else {
            paths.push(f.path.to_string());
        }
    }
    paths
}

type Here<'a> = dyn Fn(&str, String, &str) -> Diagnostic + 'a;

fn check_axis(
    table: &str,
    i: usize,
    a: &RawAxis,
    design: DesignKind,
    base: &Scenario,
    here: &Here,
) -> Result<Axis> {
    let here = |path: &str, message: String, help: &str| Error::invalid(here(path, message, help));
    let at = |key: &str| format!("{table}.{i}.{key}");
    let paths = sweepable_paths(base);
    if !paths.contains(&a.param) {
        let mut help = match closest(&a.param, paths.iter().map(String::as_str)) {
            Some(s) => format!("did you mean `{s}`?"),
            None => {
                "docs/SCENARIO-FORMAT.md lists the keys; numeric, integer and true/false keys can be swept"
                    .into()
            }
        };
        if matches!(a.param.as_str(), "seed" | "replicates") {
            help = "set `seed` and `replicates` at the top of the sweep file; they are not swept".into();
        }
        return Err(here(
            &at("param"),
            format!("{table} {}: param = \"{}\" is not a key that can be swept", i + 1, a.param),
            &help,
        ));
    }
    let field = schema::find(&a.param);
    let integer = matches!(field.map(|f| f.kind), Some(Kind::Int { .. }));
    let random = design.sampled();
    if let (Some(from), Some(to)) = (a.from, a.to)
        && from > to
    {
        return Err(here(
            &at("from"),
            format!("{table} {}: from = {from} is greater than to = {to}", i + 1),
            "swap them: from is the lower end",
        ));
    }
    if random {
        if a.param == "scenario" || matches!(field.map(|f| f.kind), Some(Kind::Bool | Kind::Choice(_))) {
            return Err(here(
                &at("param"),
                format!("{table} {}: {} cannot be sampled by a {} design", i + 1, a.param, design.name()),
                "use design = \"grid\" or \"zip\" for scenario, true/false and choice axes (values = [...])",
            ));
        }
        let (Some(from), Some(to)) = (a.from, a.to) else {
            return Err(here(
                &at("param"),
                format!("{table} {}: a {} design needs `from` and `to`", i + 1, design.name()),
                "add e.g. from = 0.0 and to = 1.0",
            ));
        };
        if a.values.is_some() || a.steps.is_some() {
            return Err(here(
                &at("param"),
                format!("{table} {}: `values` and `steps` do not apply to a {} design", i + 1, design.name()),
                "give `from` and `to` only; `samples` at the top sets the size of the design",
            ));
        }
        return Ok(Axis { param: a.param.clone(), values: Vec::new(), bounds: Some((from, to)), integer });
    }
    let values = match (&a.values, a.from, a.to, a.steps) {
        (Some(v), None, None, None) => v.clone(),
        (None, Some(from), Some(to), Some(steps)) => design::linspace(from, to, steps, integer)
            .map_err(|(m, h)| here(&at("steps"), format!("axis {}: {m}", i + 1), &h))?,
        (Some(_), _, _, _) => {
            return Err(here(
                &at("values"),
                format!("axis {}: give either `values` or `from`/`to`/`steps`, not both", i + 1),
                "remove one of them",
            ));
        }
        _ => {
            return Err(here(
                &at("param"),
                format!("axis {}: needs `values = [...]` or all of `from`, `to` and `steps`", i + 1),
                "e.g. from = 0.0, to = 1.0, steps = 11 gives 0.0, 0.1, ..., 1.0",
            ));
        }
    };
    if values.is_empty() {
        return Err(here(
            &at("values"),
            format!("axis {}: values is empty", i + 1),
            "give at least one value",
        ));
    }
    Ok(Axis { param: a.param.clone(), values, bounds: None, integer })
}

/// Checks every value of every axis against the scenario's validation, one value at a time,
/// the other axes at their first value; returns a problem for each value that fails. Axis `k`
/// of `sweep` is axis `at[k]` of the file; `listed[k]` tells whether the file lists its values:
/// then a problem points at the value, else at the bound or the axis.
fn check_values(sweep: &Sweep, table: &str, at: &[usize], listed: &[bool], here: &Here) -> Vec<Diagnostic> {
    let first: Point = sweep
        .axes
        .iter()
        .map(|axis| match axis.bounds {
            Some((from, _)) if axis.integer => toml::Value::Integer(from.ceil() as i64),
            Some((from, _)) => toml::Value::Float(from),
            None => axis.values.first().cloned().unwrap_or(toml::Value::Float(0.0)),
        })
        .collect();
    let mut problems = Vec::new();
    // When two or more axes decide the outcome window, a value checked with the first values of
    // the other axes may form a pair that no point has (a zip design pairs them otherwise):
    // `check_outcome_windows` checks those axes on the points themselves.
    let deciding = sweep.axes.iter().filter(|a| WINDOW_AXES.contains(&a.param.as_str())).count();
    for (k, axis) in sweep.axes.iter().enumerate() {
        let i = at[k];
        if deciding >= 2 && WINDOW_AXES.contains(&axis.param.as_str()) {
            continue;
        }
        let samples: Vec<(String, toml::Value)> = match axis.bounds {
            Some((from, to)) => vec![
                (format!("{table}.{i}.from"), toml::Value::Float(from)),
                (format!("{table}.{i}.to"), toml::Value::Float(to)),
            ],
            None if listed[k] => axis
                .values
                .iter()
                .enumerate()
                .map(|(j, v)| (format!("{table}.{i}.values.{j}"), v.clone()))
                .collect(),
            None => axis.values.iter().map(|v| (format!("{table}.{i}"), v.clone())).collect(),
        };
        // Values made from `from`, `to` and `steps` share one place: name the first bad one.
        let one_place = axis.bounds.is_none() && !listed[k];
        let before = problems.len();
        for (at, value) in samples {
            if one_place && problems.len() > before {
                break;
            }
            if axis.integer && value.as_float().is_some_and(|f| f.fract() != 0.0) {
                problems.push(here(
                    &at,
                    format!("{table} {} ({}): {value} is not a whole number", i + 1, axis.param),
                    &format!(
                        "{} takes whole numbers, e.g. {}",
                        axis.param,
                        value.as_float().unwrap_or(0.0).round()
                    ),
                ));
                continue;
            }
            let mut point = first.clone();
            point[k] = if axis.integer {
                toml::Value::Integer(
                    value.as_float().map_or_else(|| value.as_integer().unwrap_or(0), |f| f as i64),
                )
            } else {
                value.clone()
            };
            if let Err(e) = sweep.scenario_for(&point) {
                problems.push(here(
                    &at,
                    format!(
                        "{table} {} ({}): the value {value} does not make a valid scenario",
                        i + 1,
                        axis.param
                    ),
                    &e.to_string().replace('\n', "\n  "),
                ));
            }
        }
    }
    problems
}

/// The axes that decide whether a point's run is as long as the window its outcome is read from
/// (see `check_outcome_window` in `scenario::load`).
const WINDOW_AXES: [&str; 5] =
    ["steps", "outcome.horizon_window", "outcome.window", "model.version", "scenario"];

/// Checks that every point's run is as long as its outcome window: [`check_values`] varies one
/// axis at a time, but `steps = 200` and `horizon_window = 300` can each be fine and not
/// together. One point is loaded for each distinct combination of the deciding axes' values.
fn check_outcome_windows(sweep: &Sweep, table: &str, text: &str, origin: &str) -> Result<()> {
    let deciding: Vec<usize> =
        (0..sweep.axes.len()).filter(|&i| WINDOW_AXES.contains(&sweep.axes[i].param.as_str())).collect();
    let Some(&first) = deciding.first() else { return Ok(()) };
    let mut seen = std::collections::HashSet::new();
    for (p, point) in sweep.points.iter().enumerate() {
        let values: Vec<String> = deciding.iter().map(|&i| point[i].to_string()).collect();
        if !seen.insert(values.clone()) {
            continue;
        }
        if let Err(e) = sweep.scenario_for(point) {
            let axes: Vec<String> = deciding
                .iter()
                .zip(&values)
                .map(|(&i, v)| format!("{} = {v}", sweep.axes[i].param))
                .collect();
            let mut d = located(text, origin, &format!("{table}.{first}"));
            d.message = format!("point {} ({}) does not make a valid scenario", p + 1, axes.join(", "));
            d.help.push(e.to_string().replace('\n', "\n  "));
            return Err(Error::invalid(d));
        }
    }
    Ok(())
}
