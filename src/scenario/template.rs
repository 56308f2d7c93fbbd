//! `dyad new`: a scenario file in which every key says what it does, its allowed values and its
//! default, so a student can edit it without the docs. Keys of `[model]` and `[outcome]` that
//! keep their default are written commented out.

use super::Scenario;
use super::population::Distribution;
use super::schema::{FIELDS, Field};
use std::fmt::Write;

/// The commented TOML of `sc`. Reading it back gives `sc` again.
pub fn render(sc: &Scenario) -> String {
    let values = toml::Table::try_from(sc).expect("a scenario serializes to TOML");
    let defaults = toml::Table::try_from(Scenario::default()).expect("a scenario serializes to TOML");
    let mut out = String::new();
    let _ =
        writeln!(out, "# A dyad scenario. Run it with `dyad run FILE`; check it with `dyad validate FILE`.");
    let _ = writeln!(out, "# Every key is optional except partner.a/b anxiety and avoidance.");
    let _ = writeln!(out, "# Full reference: docs/SCENARIO-FORMAT.md. Model equations: docs/MODEL.md.");
    let mut current_table = String::new();
    let timeline_or_population =
        |p: &str| p.starts_with("intervention.") || p.starts_with("event.") || p.starts_with("population.");
    for field in FIELDS.iter().filter(|f| !timeline_or_population(f.path)) {
        let instances: Vec<String> = if field.path.contains('*') {
            vec![field.path.replace('*', "a"), field.path.replace('*', "b")]
        } else {
            vec![field.path.to_string()]
        };
        for path in instances {
            if drawn_trait(sc, &path) {
                continue;
            }
            let (table, key) = path.rsplit_once('.').unwrap_or(("", &path));
            write_field(&mut out, &mut current_table, table, key, &path, field, &values, &defaults);
        }
    }
    let mut text = reorder_partners(out);
    text.push_str(&population_block(sc));
    text.push_str(&timeline_blocks(sc, &values));
    text
}

/// Whether `path` is a partner's trait that the scenario's population draws.
fn drawn_trait(sc: &Scenario, path: &str) -> bool {
    let who = if path.starts_with("partner.a.") { 0 } else { 1 };
    let k = match path.rsplit('.').next() {
        Some("anxiety") => 0,
        Some("avoidance") => 1,
        _ => return false,
    };
    path.starts_with("partner.") && sc.drawn(who, k).is_some()
}

/// The `[population]` table of `sc` (on the 0..1 scale), or a commented example.
fn population_block(sc: &Scenario) -> String {
    let Some(pop) = &sc.population else { return POPULATION_EXAMPLE.to_string() };
    let dist = |d: &Distribution| match *d {
        Distribution::Normal { mean, sd } => format!("{{ mean = {mean:?}, sd = {sd:?} }}"),
        Distribution::Uniform { min, max } => format!("{{ min = {min:?}, max = {max:?} }}"),
    };
    let mut out = String::from(
        "\n# Each couple's traits are drawn from this population (docs/SCENARIO-FORMAT.md, \"Populations\").\n\
         # A trait drawn here must not also be given in [partner.a] or [partner.b].\n[population]\nscale = \"unit\"\n",
    );
    let _ = writeln!(out, "between_r = {:?}", pop.between_r);
    for (key, p) in [("a", &pop.a), ("b", &pop.b)] {
        if p.anxiety.is_none() && p.avoidance.is_none() {
            continue;
        }
        let _ = writeln!(out, "\n[population.{key}]");
        let _ = writeln!(out, "within_r = {:?}", p.within_r);
        for (name, d) in [("anxiety", &p.anxiety), ("avoidance", &p.avoidance)] {
            if let Some(d) = d {
                let _ = writeln!(out, "{name} = {}", dist(d));
            }
        }
    }
    out
}

const POPULATION_EXAMPLE: &str = r#"
# A population (remove the # to use it): each couple's traits are drawn instead of fixed;
# remove anxiety and avoidance from [partner.a] and [partner.b] when you do.
# [population]
# scale = "ecr"                          # or "unit" (0 to 1)
# anxiety = { mean = 3.3, sd = 1.1 }     # normal, clipped to the scale
# avoidance = { mean = 2.8, sd = 1.1 }   # or uniform: { min = 1.5, max = 4.0 }
# within_r = 0.2                         # correlation of a person's anxiety and avoidance
# between_r = 0.0                        # correlation of the partners on the same trait
"#;

/// The `[[intervention]]` and `[[event]]` entries of `sc`, then commented examples.
fn timeline_blocks(sc: &Scenario, values: &toml::Table) -> String {
    let mut out = String::new();
    for key in ["intervention", "event"] {
        for item in values.get(key).and_then(|v| v.as_array()).into_iter().flatten() {
            let _ = writeln!(out, "\n[[{key}]]");
            for (k, v) in item.as_table().into_iter().flatten() {
                let _ = writeln!(out, "{k} = {v}");
            }
        }
    }
    if sc.intervention.is_empty() {
        out.push_str(INTERVENTION_EXAMPLE);
    }
    if sc.event.is_empty() {
        out.push_str(EVENT_EXAMPLE);
    }
    out
}

const INTERVENTION_EXAMPLE: &str = r#"
# Interventions (any number of [[intervention]] entries; remove the # to use one).
# kind: communication, boundaries, self_care, coping, vulnerability, compromise or therapy.
# start: first step (default 1); end (inclusive) or duration (default: to the last step);
# who: "a", "b" or "both" (default both); strength: 0 to 1 (default 1).
# [[intervention]]
# kind = "communication"
# start = 60
# who = "both"
# strength = 1.0
#
# Therapy runs in stages; its length is the sum of stage_lengths:
# [[intervention]]
# kind = "therapy"
# start = 30
# stages = ["de-escalation", "withdrawer-re-engagement", "pursuer-softening"]
# stage_lengths = [40, 40, 40]
# distance = "adaptive"      # or "close" (intrusive to the avoidant) or "distant" (unavailable to the anxious)
"#;

const EVENT_EXAMPLE: &str = r#"
# Life events (any number of [[event]] entries).
# kind = "stress": extra stress `magnitude` (0 to 1, default 0.5) from start for duration steps (default 30).
# kind = "issues": `count` unresolved issues (default 5) arrive at start.
# [[event]]
# kind = "stress"
# start = 120
# duration = 60
# magnitude = 0.6
"#;

#[allow(clippy::too_many_arguments)]
fn write_field(
    out: &mut String,
    current_table: &mut String,
    table: &str,
    key: &str,
    path: &str,
    field: &Field,
    values: &toml::Table,
    defaults: &toml::Table,
) {
    if table != current_table {
        let _ = writeln!(out, "\n[{table}]");
        *current_table = table.to_string();
    }
    let value = lookup(values, path);
    let default = lookup(defaults, path);
    let default_text = match (&default, path) {
        (_, p) if p.ends_with(".anxiety") || p.ends_with(".avoidance") => "required".to_string(),
        (_, "name") | (_, "description") => "none".to_string(),
        (Some(d), _) => format!("default {}", short(d)),
        (None, _) => "default \"unit\"".to_string(),
    };
    let _ = writeln!(
        out,
        "# {} ({}: {}; {})",
        field.doc,
        field.kind.type_name(),
        field.kind.allowed(),
        default_text
    );
    let keep_commented = (table == "model" || table == "outcome") && value == default;
    let prefix = if keep_commented { "# " } else { "" };
    match value {
        Some(v) => {
            let _ = writeln!(out, "{prefix}{key} = {}", render_value(&v));
        }
        None => {
            let _ = writeln!(out, "# {key} = \"ecr\"");
        }
    }
}

fn render_value(v: &toml::Value) -> String {
    match v {
        toml::Value::Array(items) if !items.is_empty() => {
            let lines: Vec<String> = items.iter().map(|i| format!("    {i},")).collect();
            format!("[\n{}\n]", lines.join("\n"))
        }
        other => other.to_string(),
    }
}

fn short(v: &toml::Value) -> String {
    match v {
        toml::Value::Array(a) if a.is_empty() => "empty".into(),
        toml::Value::String(s) if s.is_empty() => "empty".into(),
        other => other.to_string(),
    }
}

fn lookup(table: &toml::Table, path: &str) -> Option<toml::Value> {
    let mut segments = path.split('.').peekable();
    let mut t = table;
    while let Some(seg) = segments.next() {
        let v = t.get(seg)?;
        if segments.peek().is_none() {
            return Some(v.clone());
        }
        t = v.as_table()?;
    }
    None
}

/// FIELDS interleave partner a and b key by key; group each partner's keys under one header.
fn reorder_partners(text: String) -> String {
    let mut sections: Vec<(String, String)> = Vec::new();
    let mut head = String::new();
    let mut current: Option<(String, String)> = None;
    for line in text.lines() {
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            if let Some(sec) = current.take() {
                sections.push(sec);
            }
            current = Some((name.to_string(), String::new()));
        } else if let Some((_, body)) = current.as_mut() {
            body.push_str(line);
            body.push('\n');
        } else {
            head.push_str(line);
            head.push('\n');
        }
    }
    sections.extend(current);
    let mut order: Vec<String> = Vec::new();
    let mut merged: Vec<(String, String)> = Vec::new();
    for (name, body) in sections {
        match merged.iter_mut().find(|(n, _)| *n == name) {
            Some((_, b)) => b.push_str(body.trim_start_matches('\n')),
            None => {
                order.push(name.clone());
                merged.push((name, body));
            }
        }
    }
    let mut out = head;
    for (name, body) in merged {
        let _ = write!(out, "[{name}]\n{}", body.trim_start_matches('\n'));
        if !out.ends_with("\n\n") {
            out.push('\n');
        }
    }
    out.trim_end().to_string() + "\n"
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::{builtin, load_str};

    #[test]
    fn every_builtin_round_trips_through_the_template() {
        for name in builtin::names() {
            let sc = crate::scenario::load(name, &[]).unwrap();
            let text = render(&sc);
            let back =
                load_str(&text, "new.toml", name, &[]).unwrap_or_else(|e| panic!("{name}: {e}\n{text}"));
            assert_eq!(back, sc, "{name}");
        }
    }
}
