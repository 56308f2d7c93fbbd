//! Reading a scenario: file or built-in name -> [`RawScenario`] -> `--set` overrides ->
//! validated [`Scenario`].
//!
//! Every problem becomes a [`Diagnostic`] naming the origin (file or `--set`), line and column,
//! dotted path and allowed values, with the closest valid key when a name is misspelt. Unknown
//! keys, wrong types and values out of range are all reported at once, in file order; a TOML
//! syntax error stops at the first.

use super::diagnose::{add_allowed, add_moved, add_suggestion, friendly, located, toml_diagnostic};
use super::population::Population;
use super::raw::{RawPartner, RawScenario, Scale};
use super::schema::{self, Kind};
use super::spec::Spec;
use super::{PartnerSpec, Partners, Scenario, builtin};
use crate::error::{Diagnostic, Error, Result};
use std::path::Path;
use std::str::FromStr;

/// A `--set PATH=VALUE` override.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Override {
    /// Dotted path, e.g. `partner.a.anxiety`.
    pub path: String,
    /// The value as typed; TOML syntax, or plain text for strings.
    pub value: String,
    /// How the user typed it, when not as `--set` (e.g. `--steps -5`).
    pub label: Option<String>,
}

impl FromStr for Override {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self> {
        let bad = |why: &str| {
            Error::BadArgument(format!(
                "--set {s}: {why}\n  help: write --set PATH=VALUE, e.g. --set partner.a.anxiety=0.7"
            ))
        };
        let (path, value) = s.split_once('=').ok_or_else(|| bad("missing `=`"))?;
        let path = path.trim();
        let valid_segment = |seg: &str| {
            !seg.is_empty() && seg.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        };
        if !path.split('.').all(valid_segment) {
            return Err(bad("the path must be dotted keys such as partner.a.anxiety"));
        }
        Ok(Override { path: path.to_string(), value: value.trim().to_string(), label: None })
    }
}

impl Override {
    /// An override that sets `path` to `value`.
    pub fn new(path: &str, value: impl ToString) -> Self {
        Override { path: path.into(), value: value.to_string(), label: None }
    }

    /// An override typed as a command-line option, e.g. `--steps 100` for `steps`.
    pub fn option(option: &str, path: &str, value: &str) -> Self {
        Override { path: path.into(), value: value.into(), label: Some(format!("{option} {value}")) }
    }

    fn origin(&self) -> String {
        self.label.clone().unwrap_or_else(|| format!("--set {}={}", self.path, self.value))
    }

    /// The override as a one-line TOML document; text that is not TOML becomes a string.
    /// Whole numbers beyond TOML's range stay numbers, so the range check reports them.
    fn as_toml(&self) -> String {
        if self.value.parse::<i128>().is_ok_and(|v| v > i128::from(i64::MAX)) {
            return format!("{} = {}", self.path, f64::MAX);
        }
        let literal = format!("{} = {}", self.path, self.value);
        if toml::from_str::<toml::Table>(&literal).is_ok() {
            literal
        } else {
            let quoted = toml::Value::String(self.value.clone()).to_string();
            format!("{} = {}", self.path, quoted)
        }
    }
}

/// Loads a scenario from a scenario argument, applying overrides: a file when it ends in
/// `.toml` or contains a path separator, else a built-in name (see [`super::spec`]).
pub fn load(spec: &str, overrides: &[Override]) -> Result<Scenario> {
    let source = read(spec)?;
    load_str(&source.text, &source.origin, &source.default_name, overrides)
}

/// A scenario's TOML text, read from a file or a built-in, before validation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    /// The TOML text.
    pub text: String,
    /// How messages name it: the path, or "built-in scenario `NAME`".
    pub origin: String,
    /// The name it takes when it has no `name` key: the file name without `.toml`, or the
    /// built-in's name.
    pub default_name: String,
}

/// Reads the scenario a scenario argument names (see [`super::spec`]), without validating it.
pub fn read(spec: &str) -> Result<Source> {
    match Spec::parse(spec) {
        Spec::File(path) => {
            let text = std::fs::read_to_string(path).map_err(|e| unreadable(spec, &e))?;
            let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or_default();
            Ok(Source { text, origin: spec.to_string(), default_name: stem.to_string() })
        }
        Spec::Builtin(name) => match builtin::text(name) {
            Some(text) => Ok(Source {
                text: text.to_string(),
                origin: format!("built-in scenario `{name}`"),
                default_name: name.to_string(),
            }),
            None => Err(super::spec::unknown(name, Path::new(""))),
        },
    }
}

fn unreadable(spec: &str, e: &std::io::Error) -> Error {
    let mut d = Diagnostic::new(format!("cannot read {spec}"), e.to_string());
    let stem = Path::new(spec).file_stem().and_then(|s| s.to_str()).unwrap_or("");
    if Path::new(spec).is_dir() {
        d.help.push("this is a folder; give a scenario file (.toml) or a built-in scenario name".into());
    } else if builtin::text(stem).is_some() {
        d.help.push(format!("to run the built-in scenario, write its name without .toml: `{stem}`"));
    } else {
        d.help.push(
            "check the path; `dyad list` shows the built-in scenarios, `dyad new FILE` writes a new one"
                .into(),
        );
    }
    Error::invalid(d)
}

/// Loads a scenario from TOML text. `origin` names it in messages; `default_name` is used when
/// the file has no `name`.
pub fn load_str(text: &str, origin: &str, default_name: &str, overrides: &[Override]) -> Result<Scenario> {
    let (problems, _) = super::diagnose::structure::<RawScenario>(text, origin);
    if !problems.is_empty() {
        return Err(Error::Invalid(with_range_problems(problems, text, origin)));
    }
    let mut table: toml::Table =
        toml::from_str(text).map_err(|e| Error::invalid(toml_diagnostic(&e, text, origin)))?;
    for o in overrides {
        apply_override(&mut table, o)?;
    }
    let raw: RawScenario = table
        .clone()
        .try_into()
        .map_err(|e: toml::de::Error| Error::invalid(Diagnostic::new(origin, e.message().to_string())))?;
    let locate = |path: &str| -> Diagnostic {
        let from_override = |o: &&Override| o.path == path || o.path.starts_with(&format!("{path}."));
        match overrides.iter().rev().find(from_override) {
            Some(o) => Diagnostic::new(o.origin(), "").at_path(path),
            None => located(text, origin, path),
        }
    };
    let mut problems = Vec::new();
    check_ranges(&table, &table, "", &mut problems, &locate);
    let fixed = [&raw.partner.a, &raw.partner.b]
        .map(|p| p.as_ref().map_or([false; 2], |p| [p.anxiety.is_some(), p.avoidance.is_some()]));
    let population =
        raw.population.as_ref().and_then(|p| super::population::build(p, fixed, &mut problems, &locate));
    let partner = build_partners(&raw, population.as_ref(), &mut problems, &locate);
    check_consistency(&raw, default_name, &mut problems, &locate);
    let version_1 = raw.model.version == 1;
    let steps = raw.steps.unwrap_or(if version_1 { super::V1_STEPS } else { Scenario::default().steps });
    check_outcome_window(&table, steps, &raw, &mut problems, &locate);
    let intervention = super::timeline::interventions(&raw.intervention, steps, &mut problems, &locate);
    let event = super::timeline::events(&raw.event, steps, &mut problems, &locate);
    // Report problems in the order of the file (then those of --set), not of the key names.
    problems.sort_by_key(|d| (d.position.is_none(), d.position.unwrap_or((0, 0))));
    // A shared `[population]` distribution is checked for each partner: say it once.
    problems.dedup_by(|a, b| a.message == b.message && a.position == b.position && a.origin == b.origin);
    if !problems.is_empty() {
        return Err(Error::Invalid(problems));
    }
    let partner = partner.expect("partners are present when there are no problems");
    let defaults = Scenario::default();
    let mut environment = raw.environment;
    let rate_given = table.get("environment").and_then(|e| e.get("issue_rate")).is_some();
    if version_1 && !rate_given {
        environment.issue_rate = super::V1_ISSUE_RATE;
    }
    Ok(Scenario {
        name: raw.name.unwrap_or_else(|| default_name.to_string()),
        description: raw.description.unwrap_or_default(),
        steps,
        replicates: raw.replicates.unwrap_or(defaults.replicates),
        seed: raw.seed.unwrap_or(defaults.seed),
        teaching: raw.teaching,
        partner,
        environment,
        model: raw.model,
        outcome: raw.outcome,
        intervention,
        event,
        population,
    })
}

/// The key and type problems of a file, with its range problems, in file order. A value with
/// both (`steps = -5`) is reported once, as the key and type problem.
fn with_range_problems(mut problems: Vec<Diagnostic>, text: &str, origin: &str) -> Vec<Diagnostic> {
    if let Ok(table) = toml::from_str::<toml::Table>(text) {
        let mut ranges = Vec::new();
        check_ranges(&table, &table, "", &mut ranges, &|path| located(text, origin, path));
        ranges.retain(|r| problems.iter().all(|p| p.path != r.path));
        problems.extend(ranges);
    }
    problems.sort_by_key(|d| (d.position.is_none(), d.position.unwrap_or((0, 0))));
    problems
}

fn apply_override(table: &mut toml::Table, o: &Override) -> Result<()> {
    let keys = schema::keys_under(&o.path);
    if schema::find(&o.path).is_none() && !keys.is_empty() {
        let d = Diagnostic::new(o.origin(), format!("{} is a table, not a value", o.path))
            .at_path(&o.path)
            .help(format!(
                "set one of its keys, e.g. --set {}.{}=...; its keys are {}",
                o.path,
                keys[keys.len().min(2) - 1],
                keys.join(", ")
            ));
        return Err(Error::invalid(d));
    }
    if o.path.split('.').any(|seg| seg.bytes().all(|b| b.is_ascii_digit())) {
        return apply_indexed_override(table, o);
    }
    let doc = o.as_toml();
    if let Err(e) = toml::from_str::<RawScenario>(&doc) {
        let mut d = Diagnostic::new(o.origin(), friendly(e.message().trim())).at_path(&o.path);
        if !add_moved(&mut d) {
            add_suggestion(&mut d, e.message());
        }
        add_allowed(&mut d, &o.path);
        return Err(Error::invalid(d));
    }
    let parsed: toml::Table = toml::from_str(&doc).expect("checked above");
    let segments: Vec<&str> = o.path.split('.').collect();
    let mut value = &parsed[segments[0]];
    for seg in &segments[1..] {
        value = &value[*seg];
    }
    let mut target = table;
    for seg in &segments[..segments.len() - 1] {
        let entry = target.entry(seg.to_string()).or_insert_with(|| toml::Value::Table(toml::Table::new()));
        target = entry
            .as_table_mut()
            .ok_or_else(|| Error::invalid(Diagnostic::new(o.origin(), format!("`{seg}` is not a table"))))?;
    }
    target.insert(segments[segments.len() - 1].to_string(), value.clone());
    Ok(())
}

/// An override into an array of tables, such as `intervention.0.strength` (0 is the first).
fn apply_indexed_override(table: &mut toml::Table, o: &Override) -> Result<()> {
    let fail = |message: String, help: String| {
        Error::invalid(Diagnostic::new(o.origin(), message).at_path(&o.path).help(help))
    };
    let value: toml::Value = {
        let doc = o.as_toml().replacen(&o.path, "v", 1);
        let t: toml::Table = toml::from_str(&doc)
            .map_err(|e| fail(e.message().trim().to_string(), "write --set PATH=VALUE".into()))?;
        t["v"].clone()
    };
    let segments: Vec<&str> = o.path.split('.').collect();
    let [array_key, index, rest @ ..] = segments.as_slice() else {
        return Err(fail(
            format!("{} is not a key of a scenario", o.path),
            "e.g. --set intervention.0.strength=0.5".into(),
        ));
    };
    let count = table.get(*array_key).and_then(|v| v.as_array()).map_or(0, Vec::len);
    let i: usize = index.parse().unwrap_or(usize::MAX);
    let item = table
        .get_mut(*array_key)
        .and_then(|v| v.as_array_mut())
        .and_then(|a| a.get_mut(i))
        .and_then(|v| v.as_table_mut())
        .ok_or_else(|| {
            fail(
                format!(
                    "the scenario has {count} [[{array_key}]] entries, so {array_key}.{index} does not exist"
                ),
                format!("entries are numbered from 0: {array_key}.0 is the first"),
            )
        })?;
    let Some((last, parents)) = rest.split_last() else {
        return Err(fail(
            format!("{array_key}.{index} is a table, not a value"),
            format!("set one of its keys, e.g. --set {array_key}.{index}.strength=0.5"),
        ));
    };
    let mut target = item;
    for seg in parents {
        target = target
            .entry(seg.to_string())
            .or_insert_with(|| toml::Value::Table(toml::Table::new()))
            .as_table_mut()
            .ok_or_else(|| fail(format!("`{seg}` is not a table"), String::new()))?;
    }
    target.insert(last.to_string(), value);
    if let Err(e) = table.clone().try_into::<RawScenario>() {
        let mut d = Diagnostic::new(o.origin(), friendly(e.message().trim())).at_path(&o.path);
        add_suggestion(&mut d, e.message());
        add_allowed(&mut d, &o.path);
        return Err(Error::invalid(d));
    }
    Ok(())
}

/// Whether a population trait value at `path` (`population[.a|.b].<trait>.<key>`) is on the
/// ECR scale: its partner table's `scale`, or else the population's.
fn population_ecr(root: &toml::Table, path: &str) -> bool {
    let pop = root.get("population").and_then(|p| p.as_table());
    fn scale_of(t: Option<&toml::Table>) -> Option<&str> {
        t.and_then(|t| t.get("scale")).and_then(|s| s.as_str())
    }
    let own = path.split('.').nth(1).filter(|k| *k == "a" || *k == "b");
    let own_table = own.and_then(|k| pop.and_then(|p| p.get(k)).and_then(|t| t.as_table()));
    scale_of(own_table).or(scale_of(pop)) == Some("ecr")
}

fn check_ranges(
    root: &toml::Table,
    table: &toml::Table,
    prefix: &str,
    problems: &mut Vec<Diagnostic>,
    locate: &dyn Fn(&str) -> Diagnostic,
) {
    for (key, value) in table {
        let path = if prefix.is_empty() { key.clone() } else { format!("{prefix}.{key}") };
        if let toml::Value::Table(inner) = value {
            check_ranges(root, inner, &path, problems, locate);
            continue;
        }
        if let toml::Value::Array(items) = value {
            for (i, item) in items.iter().enumerate() {
                if let toml::Value::Table(inner) = item {
                    check_ranges(root, inner, &format!("{path}.{i}"), problems, locate);
                }
            }
        }
        let Some(field) = schema::find(&path) else { continue };
        let mut kind = field.kind;
        let population_trait =
            path.starts_with("population.") && (path.contains(".anxiety.") || path.contains(".avoidance."));
        let is_trait = population_trait || path.ends_with(".anxiety") || path.ends_with(".avoidance");
        let ecr = if population_trait {
            population_ecr(root, &path)
        } else {
            is_trait && table.get("scale").and_then(|s| s.as_str()) == Some("ecr")
        };
        if ecr {
            kind = if path.ends_with(".sd") {
                Kind::Float { min: 0.0, max: 6.0 }
            } else {
                Kind::Float { min: 1.0, max: 7.0 }
            };
        }
        let in_range = match (kind, value) {
            (Kind::Float { min, max }, toml::Value::Float(v)) => v.is_finite() && (min..=max).contains(v),
            (Kind::Float { min, max }, toml::Value::Integer(v)) => (min..=max).contains(&(*v as f64)),
            (Kind::Int { min, max }, toml::Value::Integer(v)) => (min..=max).contains(v),
            _ => true,
        };
        if in_range {
            continue;
        }
        let mut d = locate(&path);
        d.message = format!("{path} = {value} is out of range");
        let allowed = kind.allowed();
        d.help.push(match (is_trait, ecr) {
            (true, true) => format!("the allowed range is {allowed} on the ECR scale (`scale = \"ecr\"`)"),
            (true, false) if path.ends_with(".sd") => {
                format!("the allowed range is {allowed} (or 0 to 6 with `scale = \"ecr\"`)")
            }
            (true, false) => format!("the allowed range is {allowed} (or 1 to 7 with `scale = \"ecr\"`)"),
            _ => format!("the allowed range is {allowed}"),
        });
        // Limits set by memory say why.
        if let Some(why) = schema::FIELDS.iter().find(|f| f.path == path).and_then(|f| f.limit_reason()) {
            d.help.push(why);
        }
        if is_trait
            && !ecr
            && value
                .as_float()
                .or(value.as_integer().map(|i| i as f64))
                .is_some_and(|v| (1.0..=7.0).contains(&v))
        {
            let table_path = if population_trait {
                let mut segments: Vec<&str> = path.split('.').collect();
                segments.truncate(segments.len() - 2);
                segments.join(".")
            } else {
                path[..path.rfind('.').unwrap_or(0)].to_string()
            };
            d.help.push(format!(
                "if this is an ECR questionnaire score, add `scale = \"ecr\"` to [{table_path}]"
            ));
        }
        problems.push(d);
    }
}

fn build_partners(
    raw: &RawScenario,
    population: Option<&Population>,
    problems: &mut Vec<Diagnostic>,
    locate: &dyn Fn(&str) -> Diagnostic,
) -> Option<Partners> {
    let mut build = |key: &str, p: &Option<RawPartner>| -> Option<PartnerSpec> {
        let table = format!("partner.{key}");
        let Some(p) = p else {
            let mut d = locate("partner");
            d.position = None;
            d.snippet = None;
            d.message = format!("the scenario has no [{table}] table; a couple needs partners a and b");
            if raw.population.is_some() {
                d.help.push(format!(
                    "add:\n      [{table}]\n      name = \"...\"\n  (its traits come from [population] unless you give them here)"
                ));
            } else {
                d.help.push(format!(
                    "add:\n      [{table}]\n      name = \"...\"\n      anxiety = 0.5\n      avoidance = 0.5"
                ));
            }
            problems.push(d);
            return None;
        };
        let convert = |v: f64| if p.scale == Scale::Ecr { (v - 1.0) / 6.0 } else { v };
        let index = usize::from(key == "b");
        let drawn = |k: usize| population.and_then(|pop| pop.distributions()[2 * index + k]);
        let declared = |name: &str| {
            raw.population.as_ref().is_some_and(|pop| {
                let own = if key == "a" { &pop.a } else { &pop.b };
                let own = own.as_ref().is_some_and(|o| match name {
                    "anxiety" => o.anxiety.is_some(),
                    _ => o.avoidance.is_some(),
                });
                own || match name {
                    "anxiety" => pop.anxiety.is_some(),
                    _ => pop.avoidance.is_some(),
                }
            })
        };
        let mut required = |name: &str, k: usize, v: Option<f64>| -> f64 {
            if let Some(v) = v {
                return convert(v);
            }
            if let Some(d) = drawn(k) {
                return d.centre();
            }
            if !declared(name) {
                let mut d = locate(&table);
                d.message = format!("{table}.{name} is missing; every partner needs anxiety and avoidance");
                d.help.push(format!(
                    "add `{name} = 0.5` to [{table}] (0 to 1, or 1 to 7 with `scale = \"ecr\"`)"
                ));
                d.help.push(format!(
                    "or draw it for each couple from a population: [population] {name} = {{ mean = 0.4, sd = 0.15 }}"
                ));
                problems.push(d);
            }
            0.0
        };
        let anxiety = required("anxiety", 0, p.anxiety);
        let avoidance = required("avoidance", 1, p.avoidance);
        let d = PartnerSpec::default();
        Some(PartnerSpec {
            name: p.name.clone().unwrap_or_else(|| key.to_uppercase()),
            anxiety,
            avoidance,
            initial_trust: p.initial_trust.unwrap_or(d.initial_trust),
            initial_exhaustion: p.initial_exhaustion.unwrap_or(d.initial_exhaustion),
            initial_resentment: p.initial_resentment.unwrap_or(d.initial_resentment),
        })
    };
    let a = build("a", &raw.partner.a);
    let b = build("b", &raw.partner.b);
    Some(Partners { a: a?, b: b? })
}

fn check_consistency(
    raw: &RawScenario,
    default_name: &str,
    problems: &mut Vec<Diagnostic>,
    locate: &dyn Fn(&str) -> Diagnostic,
) {
    let name =
        super::spec::name_problem(raw.name.as_deref(), default_name, "scenario file", || locate("name"));
    problems.extend(name);
    if raw.model.desire_min > raw.model.desire_max {
        let mut d = locate("model.desire_min");
        d.message = format!(
            "model.desire_min = {} is above model.desire_max = {}",
            raw.model.desire_min, raw.model.desire_max
        );
        d.help.push("desire_min must not exceed desire_max".into());
        problems.push(d);
    }
}

/// A run shorter than the window its outcome is read from would get a label it cannot
/// support (a one-day run "settled"): refuse it. Model version 2 reads the label at the horizon
/// from the last `horizon_window` days; version 1 reads a run that reaches its last step from
/// its last `window` steps.
fn check_outcome_window(
    table: &toml::Table,
    steps: u32,
    raw: &RawScenario,
    problems: &mut Vec<Diagnostic>,
    locate: &dyn Fn(&str) -> Diagnostic,
) {
    let (key, window, read) = if raw.model.version == 1 {
        (
            "window",
            raw.outcome.window,
            "the outcome of a run that reaches its last step is read from its last",
        )
    } else {
        ("horizon_window", raw.outcome.horizon_window, "the outcome at the horizon is read from the last")
    };
    let window_path = format!("outcome.{key}");
    // A steps or window value out of range is reported once, by the range check.
    let reported =
        problems.iter().any(|d| matches!(d.path.as_deref(), Some(p) if p == "steps" || p == window_path));
    if steps >= window || reported {
        return;
    }
    let unit = if raw.model.version == 1 { "steps" } else { "days" };
    let mut d = locate(if table.contains_key("steps") { "steps" } else { &window_path });
    d.message = format!("steps = {steps} is shorter than [outcome] {key} = {window}: {read} {window} {unit}");
    d.help.push(format!("use at least {window} steps, or lower {window_path}"));
    problems.push(d);
}

#[cfg(test)]
#[path = "load_tests.rs"]
mod tests;
