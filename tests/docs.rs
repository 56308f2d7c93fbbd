//! The reference documents stay in step with the code: every scenario key is in
//! `docs/SCENARIO-FORMAT.md` (with its type, allowed range and default), every output column,
//! trajectory variable and outcome is in `docs/OUTPUTS.md`, and every constant is in the model
//! documents with its default value: `[model.v2]`, the `[model]` keys version 2 shares,
//! `[outcome]` and `[environment]` in `docs/MODEL.md` (model version 2), and every `[model]` key,
//! `[outcome]` and `[environment]` in `docs/MODEL-V1.md` (model version 1).

use dyad::metrics::trajectory::VARIABLES;
use dyad::metrics::{METRICS, Outcome, OutcomeParams};
use dyad::model::ModelParams;
use dyad::scenario::schema::{FIELDS, Kind};
use dyad::scenario::{Environment, Scenario};
use std::path::Path;

fn read(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs").join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// The lines under the first heading that contains `marker`, up to the next heading of the same
/// or a higher level.
fn section<'a>(doc: &'a str, marker: &str) -> Vec<&'a str> {
    let level = |line: &str| line.chars().take_while(|&c| c == '#').count();
    let lines: Vec<&str> = doc.lines().collect();
    let start = lines
        .iter()
        .position(|l| l.starts_with('#') && l.contains(marker))
        .unwrap_or_else(|| panic!("no heading containing {marker:?}"));
    let own = level(lines[start]);
    lines[start + 1..].iter().take_while(|l| !(l.starts_with('#') && level(l) <= own)).copied().collect()
}

/// The cells of the table row for `key` (a row starting with "| `key` |"), trimmed, without the
/// empty cells before the first and after the last `|`.
fn row<'a>(lines: &[&'a str], key: &str) -> Option<Vec<&'a str>> {
    let start = format!("| `{key}` |");
    let line = lines.iter().find(|l| l.starts_with(&start))?;
    let cells: Vec<&str> = line.split('|').map(str::trim).collect();
    Some(cells[1..cells.len() - 1].to_vec())
}

/// The keys of all table rows in `lines` ("| `key` | ...").
fn row_keys(lines: &[&str]) -> Vec<String> {
    lines
        .iter()
        .filter_map(|l| l.strip_prefix("| `"))
        .filter_map(|rest| rest.split_once("` |"))
        .map(|(key, _)| key.to_string())
        .collect()
}

/// Whether a documented default (`0.70`, `1.0`, `true`, maybe in backticks) equals `value`.
fn same_value(cell: &str, value: &toml::Value) -> bool {
    let cell = cell.trim_matches('`');
    match value {
        toml::Value::Float(v) => cell.parse::<f64>().is_ok_and(|c| c == *v),
        toml::Value::Integer(v) => cell.parse::<f64>().is_ok_and(|c| c == *v as f64),
        toml::Value::Boolean(v) => cell == v.to_string(),
        other => cell == other.to_string(),
    }
}

fn lookup<'a>(table: &'a toml::Table, path: &str) -> Option<&'a toml::Value> {
    let mut segments = path.split('.').map(|s| if s == "*" { "a" } else { s });
    let mut value = table.get(segments.next()?)?;
    for seg in segments {
        value = value.as_table()?.get(seg)?;
    }
    Some(value)
}

/// The heading marker of the section of SCENARIO-FORMAT.md that documents keys of `table`.
fn scenario_section_marker(table: &str) -> String {
    match table {
        "" => "Top-level keys".to_string(),
        "partner.*" => "[partner.a]".to_string(),
        "population.*" => "`[population.a]`".to_string(),
        "intervention.*" => "`[[intervention]]`".to_string(),
        "event.*" => "`[[event]]`".to_string(),
        t => format!("`[{t}]`"),
    }
}

/// The values the code fills in for `[[intervention]]` and `[[event]]` entries that give only
/// what is required, one entry of each kind that has kind-specific keys, merged per table under
/// the key `a` (so that `lookup` finds `intervention.*.strength`). A stress event's `duration` is
/// its span. `Scenario::default()` has no entries, so their defaults come from here.
fn entry_defaults() -> toml::Table {
    let text = "[partner.a]\nanxiety = 0.5\navoidance = 0.5\n[partner.b]\nanxiety = 0.5\navoidance = 0.5\n\
        [[intervention]]\nkind = \"communication\"\n[[intervention]]\nkind = \"therapy\"\n\
        [[event]]\nkind = \"stress\"\nstart = 1\n[[event]]\nkind = \"issues\"\nstart = 1\n";
    let sc = dyad::scenario::load_str(text, "entries", "entries", &[]).expect("minimal entries are valid");
    let all = toml::Table::try_from(sc).expect("a scenario serializes to TOML");
    let mut out = toml::Table::new();
    // A population's defaults: the correlations it fills in when none are given.
    let text = "[partner.a]\n[partner.b]\n[population]\nanxiety = { mean = 0.4, sd = 0.1 }\n\
        avoidance = { mean = 0.4, sd = 0.1 }\n";
    let sc = dyad::scenario::load_str(text, "population", "population", &[])
        .expect("a minimal population is valid");
    let pop = sc.population.expect("a population");
    let mut population = toml::Table::new();
    population.insert("within_r".into(), pop.a.within_r.into());
    population.insert("between_r".into(), pop.between_r.into());
    population.insert(
        "a".into(),
        toml::Value::Table(toml::Table::from_iter([("within_r".to_string(), pop.a.within_r.into())])),
    );
    out.insert("population".into(), population.into());
    for table in ["intervention", "event"] {
        let mut merged = toml::Table::new();
        for entry in all[table].as_array().expect("entries").iter().filter_map(toml::Value::as_table) {
            if entry.get("kind").and_then(toml::Value::as_str) == Some("stress") {
                let span = |k: &str| entry[k].as_integer().expect("start and end are whole numbers");
                merged.insert("duration".into(), toml::Value::Integer(span("end") - span("start") + 1));
            }
            for (k, v) in entry {
                merged.entry(k.clone()).or_insert_with(|| v.clone());
            }
        }
        out.insert(
            table.into(),
            toml::Value::Table(toml::Table::from_iter([("a".to_string(), merged.into())])),
        );
    }
    out
}

/// The table a key is documented in, and its name there: a population's distribution keys are
/// written `anxiety.mean` in the `[population]` (or `[population.a]`) table.
fn split_key(path: &str) -> (&str, &str) {
    if let Some(rest) = path.strip_prefix("population.*.") {
        ("population.*", rest)
    } else if let Some(rest) = path.strip_prefix("population.") {
        ("population", rest)
    } else {
        path.rsplit_once('.').unwrap_or(("", path))
    }
}

#[test]
fn scenario_format_documents_every_key_with_type_range_and_default() {
    let doc = read("SCENARIO-FORMAT.md");
    let defaults = toml::Table::try_from(Scenario::default()).expect("a scenario serializes to TOML");
    let entries = entry_defaults();
    let mut tables: Vec<&str> = Vec::new();
    for field in FIELDS {
        let (table, key) = split_key(field.path);
        if !tables.contains(&table) {
            tables.push(table);
        }
        let lines = section(&doc, &scenario_section_marker(table));
        let cells = row(&lines, key)
            .unwrap_or_else(|| panic!("SCENARIO-FORMAT.md: no row for `{key}` in the {table:?} table"));
        assert_eq!(cells.len(), 5, "{}: columns key, type, default, allowed, meaning", field.path);
        assert_eq!(cells[1], field.kind.type_name(), "{}: type", field.path);
        assert!(
            cells[3].contains(&field.kind.allowed()),
            "{}: allowed range {}",
            field.path,
            field.kind.allowed()
        );
        let required = field.doc.ends_with("(required)");
        let numeric = matches!(field.kind, Kind::Float { .. } | Kind::Int { .. } | Kind::Bool);
        let entry = field.path.starts_with("intervention.")
            || field.path.starts_with("event.")
            || field.path.starts_with("population.");
        if required {
            assert_eq!(cells[2], "required", "{}", field.path);
        } else if entry {
            // Some defaults of an entry depend on the run or the kind ("the last step of the
            // run"); a default written as a number must be the one the code fills in.
            assert!(!cells[2].is_empty(), "{}: no default", field.path);
            if cells[2].trim_matches('`').parse::<f64>().is_ok() {
                let default = lookup(&entries, field.path)
                    .unwrap_or_else(|| panic!("{}: the code fills in no default", field.path));
                assert!(
                    same_value(cells[2], default),
                    "{}: documented default {} is not {default}",
                    field.path,
                    cells[2]
                );
            }
        } else if numeric {
            let default = lookup(&defaults, field.path).expect("every numeric key has a default");
            assert!(
                same_value(cells[2], default),
                "{}: documented default {} is not {default}",
                field.path,
                cells[2]
            );
        }
    }
    for table in tables {
        let lines = section(&doc, &scenario_section_marker(table));
        for key in row_keys(&lines) {
            let path = if table.is_empty() { key.clone() } else { format!("{table}.{key}") };
            assert!(
                FIELDS.iter().any(|f| f.path == path),
                "SCENARIO-FORMAT.md documents `{path}`, not a key"
            );
        }
    }
}

#[test]
fn outputs_document_every_column_variable_and_outcome() {
    let doc = read("OUTPUTS.md");
    let mentions = |name: &str| doc.contains(&format!("`{name}`"));
    for (name, _) in METRICS {
        assert!(mentions(name), "OUTPUTS.md does not mention the metric `{name}`");
    }
    for name in VARIABLES {
        assert!(mentions(name), "OUTPUTS.md does not mention the trajectory variable `{name}`");
    }
    for outcome in Outcome::ALL {
        assert!(mentions(outcome.as_str()), "OUTPUTS.md does not mention the outcome `{outcome}`");
    }
    for version in [1, 2] {
        for column in dyad::report::csv::runs_header(&[], version) {
            assert!(
                mentions(&column),
                "OUTPUTS.md does not mention the runs.csv column `{column}` (version {version})"
            );
        }
    }
    let header = dyad::report::csv::runs_header(&[], 2).join(",");
    assert!(
        doc.lines().any(|l| l == header),
        "OUTPUTS.md does not show the exact runs.csv header of the default model"
    );
}

/// Checks that the table under the heading `marker` of the model document `name` (MODEL.md or
/// MODEL-V1.md) has exactly the keys of `defaults`, each with its default value in the second
/// column.
fn assert_documented_defaults(name: &str, marker: &str, defaults: &toml::Table) {
    let doc = read(name);
    let lines = section(&doc, marker);
    for (key, value) in defaults {
        let cells = row(&lines, key).unwrap_or_else(|| panic!("{name} {marker}: no row for `{key}`"));
        assert!(same_value(cells[1], value), "{name} {marker}: `{key}` default {} is not {value}", cells[1]);
    }
    for key in row_keys(&lines) {
        assert!(defaults.contains_key(&key), "{name} {marker}: `{key}` is not a key of the table");
    }
}

/// The `[model]` keys that model version 2 uses: the intervention constants it shares with
/// version 1 (`src/model/intervention.rs`). MODEL.md lists exactly these.
const SHARED_WITH_V2: [&str; 11] = [
    "communication_secure",
    "communication_resolve",
    "boundaries_cost",
    "boundaries_threat",
    "self_care_recovery",
    "coping_activation",
    "vulnerability_trust",
    "compromise_rate",
    "therapy_secure",
    "therapy_coping",
    "therapy_resentment_relief",
];

#[test]
fn model_documents_every_constant_with_its_default() {
    // MODEL.md documents model version 2, MODEL-V1.md version 1.
    let mut model = toml::Table::try_from(ModelParams::default()).expect("model params serialize");
    assert!(model.len() >= 40, "expected every [model] constant, got {}", model.len());
    let Some(toml::Value::Table(v2)) = model.remove("v2") else { panic!("[model] has a v2 table") };
    assert_documented_defaults("MODEL.md", "`[model.v2]`", &v2);
    let shared: toml::Table = SHARED_WITH_V2
        .iter()
        .map(|&k| (k.to_string(), model.get(k).unwrap_or_else(|| panic!("no [model] key `{k}`")).clone()))
        .collect();
    assert_documented_defaults("MODEL.md", "`[model]`", &shared);
    assert_documented_defaults("MODEL-V1.md", "`[model]`", &model);
    let outcome = toml::Table::try_from(OutcomeParams::default()).expect("outcome params serialize");
    let environment = toml::Table::try_from(Environment::default()).expect("environment serializes");
    for name in ["MODEL.md", "MODEL-V1.md"] {
        assert_documented_defaults(name, "`[outcome]`", &outcome);
        assert_documented_defaults(name, "`[environment]`", &environment);
    }
}
