//! The JSON API of `dyad serve`, as plain functions from a request body to an answer, so that
//! they are tested without a network: [`run`], [`map`], [`explain`], [`scenarios`] and
//! [`scenario_text`]. docs/SERVE.md is the contract.
//!
//! A request never names a file: a scenario is a built-in name or the TOML text itself, loaded
//! with [`scenario::load_str`]. Every request is bounded in work by [`WORK_CAP`].

use crate::engine::{self, Observer};
use crate::error::{Diagnostic, Error};
use crate::metrics::Outcome;
use crate::metrics::trajectory::VARIABLES;
use crate::model::{DyadState, Strategy};
use crate::scenario::{self, Override, Scenario, builtin};
use rayon::prelude::*;
use serde::Deserialize;
use serde_json::{Map, Value, json};
use std::sync::atomic::{AtomicBool, Ordering};

/// The most couple-days (couples x steps) one request may simulate: about a second of work on
/// one core.
pub const WORK_CAP: u64 = 20_000_000;

/// The most steps of one run the server simulates: ten years. A run keeps about 28 kB of
/// trajectory statistics a step, so this bounds a request's memory (about 100 MB).
pub const MAX_STEPS: u32 = 3650;

/// Couples in the ensemble when a request does not say.
pub const DEFAULT_REPLICATES: u64 = 1000;

/// Couples per cell of the map when a request does not say.
pub const DEFAULT_MAP_REPLICATES: u64 = 64;

/// Points per axis of the map when a request does not say.
pub const DEFAULT_GRID: usize = 11;

/// The four trait paths a map axis can be.
pub const TRAIT_PATHS: [&str; 4] =
    ["partner.a.anxiety", "partner.a.avoidance", "partner.b.anxiety", "partner.b.avoidance"];

/// The variables of a run's answer, by their `trajectory.csv` names.
const SERIES: [&str; 6] = ["closeness", "trust_a", "trust_b", "exhaustion_a", "exhaustion_b", "running"];

/// A request to `/api/run`, `/api/map` or `/api/explain` (docs/SERVE.md).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Request {
    /// A built-in scenario name, or a scenario's TOML text.
    pub scenario: String,
    /// Overrides by dotted path, as `--set PATH=VALUE`.
    #[serde(default)]
    pub set: Map<String, Value>,
    /// Extra `[[intervention]]` entries.
    #[serde(default)]
    pub interventions: Vec<Map<String, Value>>,
    /// Couples in the ensemble (per cell, for the map).
    pub replicates: Option<u64>,
    /// Master seed.
    pub seed: Option<u64>,
    /// The replicate shown or told.
    pub example: Option<u64>,
    /// At most this many points per trajectory series.
    pub points: Option<usize>,
    /// Map: points per axis.
    pub grid: Option<usize>,
    /// Map: the trait path of the horizontal axis.
    pub x: Option<String>,
    /// Map: the trait path of the vertical axis.
    pub y: Option<String>,
}

/// A failed request: the HTTP status and the errors of docs/SERVE.md.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiError {
    /// 400, 404, 413, 500 or 503.
    pub status: u16,
    /// One object per problem: `line`, `column`, `path`, `origin`, `message`, `help`.
    pub errors: Vec<Value>,
}

impl ApiError {
    /// One problem that is not located in a scenario text.
    pub fn new(status: u16, path: Option<&str>, message: impl Into<String>, help: impl Into<String>) -> Self {
        let error = json!({
            "line": null, "column": null, "path": path, "origin": "request",
            "message": message.into(), "help": help.into(),
        });
        ApiError { status, errors: vec![error] }
    }

    /// A 400 for a problem with the request's fields.
    pub fn bad(path: &str, message: impl Into<String>, help: impl Into<String>) -> Self {
        ApiError::new(400, Some(path), message, help)
    }

    /// The JSON body.
    pub fn body(&self) -> Value {
        json!({ "errors": self.errors })
    }
}

/// Parses a request body.
pub fn parse(body: &[u8]) -> Result<Request, ApiError> {
    let request: Request = serde_json::from_slice(body).map_err(|e| {
        let help = if e.is_data() {
            "the fields are scenario, set, interventions, replicates, seed, example, points, grid, x and y (docs/SERVE.md)"
        } else {
            "the body must be a JSON object such as {\"scenario\": \"anxious-avoidant\"}"
        };
        let mut error = ApiError::new(400, None, format!("the request body: {e}"), help);
        error.errors[0]["line"] = json!(e.line());
        error.errors[0]["column"] = json!(e.column());
        error.errors[0]["origin"] = json!("request body");
        error
    })?;
    Ok(request)
}

/// A loaded scenario and what reproduces it from the command line.
pub struct Loaded {
    /// The scenario, overrides applied.
    pub scenario: Scenario,
    /// The built-in it came from, if it was one and no interventions were added.
    builtin: Option<String>,
    /// The overrides, as `--set` words.
    sets: Vec<String>,
}

/// The origin of a pasted scenario in messages.
const PASTED: &str = "pasted scenario";

/// Loads the request's scenario with its overrides, seed and replicates (`replicates` is the
/// default when the request has none and `ensemble` is true). Never reads a file.
pub fn load(req: &Request, replicates: Option<u64>) -> Result<Loaded, ApiError> {
    let name = req.scenario.trim();
    let (text, origin, default_name, builtin_name) = match builtin::text(name) {
        Some(text) => (text.to_string(), format!("built-in scenario `{name}`"), name.to_string(), Some(name)),
        None if req.scenario.contains('\n') || req.scenario.contains('=') => {
            (req.scenario.clone(), PASTED.to_string(), "pasted".to_string(), None)
        }
        None => {
            let help = match builtin::suggest(name) {
                Some(s) => format!("did you mean `{s}`? GET /api/scenarios lists the built-in scenarios"),
                None => {
                    "GET /api/scenarios lists the built-in scenarios; or send a scenario's TOML text".into()
                }
            };
            let message = if name.is_empty() {
                "no scenario: give a built-in scenario name or a scenario's TOML text".to_string()
            } else {
                format!("unknown scenario `{name}`: there is no built-in scenario of that name")
            };
            return Err(ApiError::bad("scenario", message, help));
        }
    };
    let own_lines = text.lines().count();
    let (text, blocks) = with_interventions(text, &req.interventions)?;
    // In the order of `dyad run`: the options, then every --set.
    let mut overrides = Vec::new();
    if let Some(seed) = req.seed {
        overrides.push(Override::option("--seed", "seed", &seed.to_string()));
    }
    if let Some(n) = req.replicates.or(replicates) {
        overrides.push(Override::option("--replicates", "replicates", &n.to_string()));
    }
    let mut sets = Vec::new();
    for (path, value) in &req.set {
        let literal = toml_literal(path, value)?;
        sets.push(format!("{path}={}", plain_value(value, &literal)));
        overrides.push(Override::new(path, literal));
    }
    let scenario = scenario::load_str(&text, &origin, &default_name, &overrides)
        .map_err(|e| invalid(e, own_lines, &blocks))?;
    if scenario.steps > MAX_STEPS {
        return Err(ApiError::bad(
            "steps",
            format!("steps = {} is over the server's cap of {MAX_STEPS} (ten years)", scenario.steps),
            "lower steps; for longer runs use the command line (`dyad run`)",
        ));
    }
    let builtin = builtin_name.filter(|_| req.interventions.is_empty()).map(str::to_string);
    Ok(Loaded { scenario, builtin, sets })
}

/// The scenario text with the request's interventions appended as `[[intervention]]` tables,
/// and the first line of each appended table.
fn with_interventions(
    mut text: String,
    extra: &[Map<String, Value>],
) -> Result<(String, Vec<usize>), ApiError> {
    let mut starts = Vec::new();
    for (k, entry) in extra.iter().enumerate() {
        let table: toml::Table =
            toml::Value::try_from(entry).ok().and_then(|v| v.as_table().cloned()).ok_or_else(|| {
                ApiError::bad(
                    &format!("interventions.{k}"),
                    "an intervention must be an object of scenario-format keys",
                    "e.g. {\"kind\": \"therapy\", \"start\": 180}",
                )
            })?;
        if !text.ends_with('\n') {
            text.push('\n');
        }
        starts.push(text.lines().count() + 2);
        text.push_str("\n[[intervention]]\n");
        text.push_str(&table.to_string());
    }
    Ok((text, starts))
}

/// A JSON value as the TOML literal of `--set PATH=VALUE`.
fn toml_literal(path: &str, value: &Value) -> Result<String, ApiError> {
    let bad = || {
        ApiError::bad(
            &format!("set.{path}"),
            format!("set.{path}: {value} is not a value a scenario key can take"),
            "give a number, a string, true/false or an array",
        )
    };
    match value {
        Value::Null | Value::Object(_) => Err(bad()),
        Value::Number(n) => Ok(n.to_string()),
        Value::Bool(b) => Ok(b.to_string()),
        other => toml::Value::try_from(other).map(|v| v.to_string()).map_err(|_| bad()),
    }
}

/// The value as typed on a command line: strings unquoted when they need no quotes for TOML.
fn plain_value(value: &Value, literal: &str) -> String {
    match value {
        Value::String(s) if toml::from_str::<toml::Table>(&format!("v = {s}")).is_err() => s.clone(),
        _ => literal.to_string(),
    }
}

/// The error body of a loading error, lines of appended interventions named by their entry.
fn invalid(e: Error, own_lines: usize, blocks: &[usize]) -> ApiError {
    let errors = match e {
        Error::Invalid(diagnostics) => diagnostics.iter().map(|d| located(d, own_lines, blocks)).collect(),
        other => vec![json!({
            "line": null, "column": null, "path": null, "origin": "request",
            "message": other.to_string(), "help": "",
        })],
    };
    ApiError { status: 400, errors }
}

fn located(d: &Diagnostic, own_lines: usize, blocks: &[usize]) -> Value {
    let (mut line, mut column) = match d.position {
        Some((l, c)) => (Some(l), Some(c)),
        None => (None, None),
    };
    let mut origin = d.origin.clone();
    if let Some(l) = line.filter(|&l| l > own_lines) {
        let k = blocks.iter().rposition(|&start| start <= l + 1).unwrap_or(0);
        origin = format!("interventions.{k}");
        (line, column) = (None, None);
    }
    json!({
        "line": line,
        "column": column,
        "path": d.path,
        "origin": origin,
        "message": d.message,
        "help": d.help.join("\n"),
    })
}

/// Refuses work over [`WORK_CAP`].
fn check_work(couple_days: u64, what: &str) -> Result<(), ApiError> {
    if couple_days <= WORK_CAP {
        return Ok(());
    }
    Err(ApiError::bad(
        "replicates",
        format!("{what} would simulate {couple_days} couple-days, over the server's cap of {WORK_CAP}"),
        format!(
            "lower replicates or steps so that their product stays within {WORK_CAP}; for bigger runs use the command line (`dyad run`), which has no cap"
        ),
    ))
}

/// `GET /api/scenarios`.
pub fn scenarios() -> Value {
    let list: Vec<Value> = builtin::names()
        .map(|name| {
            let sc = scenario::load(name, &[]).expect("built-in scenarios load");
            json!({ "name": name, "description": sc.description })
        })
        .collect();
    Value::Array(list)
}

/// `GET /api/scenarios/{name}`: the built-in's TOML text.
pub fn scenario_text(name: &str) -> Result<&'static str, ApiError> {
    builtin::text(name).ok_or_else(|| {
        let help = builtin::suggest(name)
            .map_or("GET /api/scenarios lists them".to_string(), |s| format!("did you mean `{s}`?"));
        ApiError::new(404, Some("name"), format!("no built-in scenario is called `{name}`"), help)
    })
}

/// Keeps every state of one run.
struct Tape(Vec<DyadState>);

impl Observer for Tape {
    fn observe(&mut self, _step: u32, state: &DyadState) {
        self.0.push(*state);
    }
}

/// Four decimals: enough for a chart, a third of the bytes.
fn short(v: f64) -> f64 {
    (v * 1e4).round() / 1e4
}

/// The replicate the request shows (`example`, 0 by default), which must be one of the run's.
fn example_replicate(req: &Request, sc: &Scenario) -> Result<u64, ApiError> {
    let example = req.example.unwrap_or(0);
    if example >= u64::from(sc.replicates) {
        return Err(ApiError::bad(
            "example",
            format!("example {example} is not a replicate of this run"),
            format!("replicates are numbered 0 to {}", sc.replicates - 1),
        ));
    }
    Ok(example)
}

/// `POST /api/run`: the ensemble's outcome shares, trajectory bands and survival, and one
/// couple day by day.
pub fn run(req: &Request, _cancelled: &AtomicBool) -> Result<Value, ApiError> {
    let loaded = load(req, Some(DEFAULT_REPLICATES))?;
    let sc = &loaded.scenario;
    check_work(u64::from(sc.replicates) * u64::from(sc.steps), "this run")?;
    let example = example_replicate(req, sc)?;
    let points = req.points.unwrap_or(400);
    if !(10..=2000).contains(&points) {
        return Err(ApiError::bad("points", format!("points {points} is out of range"), "give 10 to 2000"));
    }
    let result = engine::run_scenario(sc, &|_| {});
    let outcomes: Map<String, Value> =
        result.outcome_shares().into_iter().map(|(o, share)| (o.to_string(), json!(share))).collect();

    let stride = (sc.steps as usize + 1).div_ceil(points).max(1);
    let mut days: Vec<usize> = (0..=sc.steps as usize).step_by(stride).collect();
    if days.last() != Some(&(sc.steps as usize)) {
        days.push(sc.steps as usize);
    }
    let mut series = Map::new();
    for name in SERIES {
        let var = VARIABLES.iter().position(|v| *v == name).expect("a trajectory variable");
        let stats: Vec<_> = days.iter().map(|&t| result.trajectory.stats(t, var)).collect();
        let mut s = Map::new();
        s.insert("mean".into(), stats.iter().map(|x| short(x.mean)).collect());
        for (q, label) in ["p05", "p25", "p50", "p75", "p95"].iter().enumerate() {
            s.insert((*label).into(), stats.iter().map(|x| short(x.quantiles[q])).collect());
        }
        series.insert(name.into(), Value::Object(s));
    }

    let curve = result.survival(sc.steps);
    let mut survival_days = vec![0usize];
    survival_days.extend((1..curve.survival.len()).filter(|&t| curve.dissolved[t] > 0));
    if survival_days.last() != Some(&(sc.steps as usize)) {
        survival_days.push(sc.steps as usize);
    }
    let together: Vec<f64> = survival_days.iter().map(|&t| curve.survival[t]).collect();

    let mut tape = Tape(Vec::with_capacity(sc.steps as usize + 1));
    let summary = engine::run_replicate(sc, 0, example, &mut tape);
    let states = &tape.0;
    let strategy = |who: usize| -> String {
        states
            .iter()
            .enumerate()
            .map(|(t, s)| match (t, s.partners[who].strategy) {
                (0, _) => '-',
                (_, Strategy::Secure) => 'S',
                (_, Strategy::Pursue) => 'P',
                (_, Strategy::Withdraw) => 'W',
            })
            .collect()
    };
    let of = |f: &dyn Fn(&DyadState) -> f64| -> Vec<f64> { states.iter().map(|s| short(f(s))).collect() };
    let example_run = json!({
        "replicate": example,
        "outcome": summary.outcome.to_string(),
        "steps_run": summary.steps_run,
        "closeness": of(&|s| s.closeness),
        "trust_a": of(&|s| s.partners[0].trust),
        "trust_b": of(&|s| s.partners[1].trust),
        "exhaustion_a": of(&|s| s.partners[0].exhaustion),
        "exhaustion_b": of(&|s| s.partners[1].exhaustion),
        "strategy_a": strategy(0),
        "strategy_b": strategy(1),
    });

    Ok(json!({
        "scenario": describe(&loaded),
        "outcomes": outcomes,
        "trajectory": { "days": days, "series": series },
        "survival": { "days": survival_days, "together": together },
        "example": example_run,
        "labels": { "exhaustion": if sc.model.version >= 2 { "hopelessness" } else { "exhaustion" } },
        "toml": scenario::template::render(sc),
        "command": command(&loaded),
        "work": { "couple_days": u64::from(sc.replicates) * u64::from(sc.steps), "cap": WORK_CAP },
    }))
}

/// What the page shows of the scenario.
fn describe(loaded: &Loaded) -> Value {
    let sc = &loaded.scenario;
    let partners: Vec<Value> = sc
        .partner
        .both()
        .iter()
        .map(|p| json!({ "name": p.name, "anxiety": p.anxiety, "avoidance": p.avoidance }))
        .collect();
    json!({
        "name": sc.name,
        "description": sc.description,
        "builtin": loaded.builtin.is_some(),
        "steps": sc.steps,
        "replicates": sc.replicates,
        "seed": sc.seed,
        "model_version": sc.model.version,
        "partners": partners,
        "issue_rate": sc.environment.issue_rate,
        "interventions": serde_json::to_value(&sc.intervention).unwrap_or(Value::Null),
        "events": serde_json::to_value(&sc.event).unwrap_or(Value::Null),
        "teaching": serde_json::to_value(&sc.teaching).unwrap_or(Value::Null),
    })
}

/// A command line that reproduces the run: the built-in with its overrides, or the downloaded
/// file.
fn command(loaded: &Loaded) -> String {
    use crate::cli::shell_word;
    let sc = &loaded.scenario;
    let mut words = vec!["dyad".to_string(), "run".to_string()];
    match &loaded.builtin {
        Some(name) => {
            words.push(name.clone());
            words.extend([
                "--seed".into(),
                sc.seed.to_string(),
                "--replicates".into(),
                sc.replicates.to_string(),
            ]);
            for set in &loaded.sets {
                words.push("--set".into());
                words.push(shell_word(set));
            }
        }
        None => words.push(shell_word(&format!("{}.toml", file_stem(&sc.name)))),
    }
    words.join(" ")
}

/// The scenario's name as a file name: letters, digits, `-` and `_`.
pub fn file_stem(name: &str) -> String {
    let stem: String = name
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || c == '-' || c == '_' { c } else { '-' })
        .collect();
    if stem.trim_matches('-').is_empty() { "my-couple".into() } else { stem }
}

/// `POST /api/map`: P(escalated or dissolved) over two traits. Stops early (with an answer
/// nobody reads) once `cancelled` is raised: the client went away.
pub fn map(req: &Request, cancelled: &AtomicBool) -> Result<Value, ApiError> {
    let loaded = load(req, Some(DEFAULT_MAP_REPLICATES))?;
    let sc = &loaded.scenario;
    let grid = req.grid.unwrap_or(DEFAULT_GRID);
    if !(2..=21).contains(&grid) {
        return Err(ApiError::bad(
            "grid",
            format!("grid {grid} is out of range"),
            "give 2 to 21 points per axis",
        ));
    }
    let axis = |field: &str, given: &Option<String>, default: &str| -> Result<usize, ApiError> {
        let path = given.as_deref().unwrap_or(default);
        TRAIT_PATHS.iter().position(|p| *p == path).ok_or_else(|| {
            ApiError::bad(
                field,
                format!("{field} = `{path}` is not a trait"),
                format!("one of {}", TRAIT_PATHS.join(", ")),
            )
        })
    };
    let x = axis("x", &req.x, TRAIT_PATHS[0])?;
    let y = axis("y", &req.y, TRAIT_PATHS[3])?;
    if x == y {
        return Err(ApiError::bad("y", "x and y are the same trait", "choose two different traits"));
    }
    let cells = (grid * grid) as u64;
    let n = u64::from(sc.replicates);
    check_work(cells * n * u64::from(sc.steps), "this map")?;
    let values: Vec<f64> = (0..grid).map(|i| i as f64 / (grid - 1) as f64).collect();
    // Cell (i, j) is sweep point j * grid + i: its replicates' seeds do not depend on the
    // thread that runs it.
    let shares: Vec<f64> = (0..grid * grid)
        .into_par_iter()
        .map(|cell| {
            if cancelled.load(Ordering::Relaxed) {
                return f64::NAN;
            }
            let mut point = sc.clone();
            set_trait(&mut point, x, values[cell % grid]);
            set_trait(&mut point, y, values[cell / grid]);
            let k = (0..n)
                .filter(|&r| {
                    let outcome = engine::run_replicate(&point, cell as u64, r, &mut ()).outcome;
                    matches!(outcome, Outcome::Escalated | Outcome::Dissolved)
                })
                .count();
            k as f64 / n as f64
        })
        .collect();
    if cancelled.load(Ordering::Relaxed) {
        return Err(ApiError::new(503, None, "the request was cancelled", ""));
    }
    let risk: Vec<&[f64]> = shares.chunks(grid).collect();
    let label = |k: usize| {
        let who = &sc.partner.both()[k / 2].name;
        format!("{who}'s {}", if k.is_multiple_of(2) { "anxiety" } else { "avoidance" })
    };
    let traits = sc.fixed_traits();
    let current = |k: usize| traits[k / 2][k % 2];
    Ok(json!({
        "x": { "path": TRAIT_PATHS[x], "label": label(x), "values": values },
        "y": { "path": TRAIT_PATHS[y], "label": label(y), "values": values },
        "risk": risk,
        "current": { "x": current(x), "y": current(y) },
        "replicates": n,
        "seed": sc.seed,
    }))
}

fn set_trait(sc: &mut Scenario, k: usize, v: f64) {
    let p = if k < 2 { &mut sc.partner.a } else { &mut sc.partner.b };
    if k.is_multiple_of(2) {
        p.anxiety = v;
    } else {
        p.avoidance = v;
    }
}

/// `POST /api/explain`: the story of one run.
pub fn explain(req: &Request, _cancelled: &AtomicBool) -> Result<Value, ApiError> {
    let loaded = load(req, Some(DEFAULT_REPLICATES))?;
    let sc = &loaded.scenario;
    // The closing sentence counts the outcome among up to 2000 of the scenario's runs.
    check_work(u64::from(sc.replicates.min(2000)) * u64::from(sc.steps), "this story")?;
    let example = example_replicate(req, sc)?;
    let text = crate::classroom::narrate::explain(sc, example, usize::MAX / 2);
    Ok(json!({ "replicate": example, "text": text.trim_end() }))
}
