//! Diagnostics for scenario and sweep files: where a path sits in the text (line, column, the
//! line itself), serde's messages in words a student knows, the allowed values of a key, and
//! "did you mean" suggestions from spelling or common synonyms.

use super::schema::{self, Kind};
use crate::error::Diagnostic;
use serde::de::DeserializeOwned;
use toml::de::{DeTable, DeValue};

/// How many key and type problems of one file are reported before giving up.
const MAX_PROBLEMS: usize = 50;

/// Every unknown key and wrong type of `text` read as `T` (a struct that denies unknown keys),
/// and `T` read from what is left. Serde stops at the first problem, so the entry it names is
/// dropped from the document and the rest is read again, until it reads. A TOML syntax error is
/// one problem and gives no `T`. Problems come in the order serde meets them: sort them by
/// position to report them in file order.
pub(crate) fn structure<T: DeserializeOwned>(text: &str, origin: &str) -> (Vec<Diagnostic>, Option<T>) {
    let mut doc = match DeTable::parse(text) {
        Ok(doc) => doc,
        Err(e) => return (vec![toml_diagnostic(&e, text, origin)], None),
    };
    let mut problems: Vec<Diagnostic> = Vec::new();
    while problems.len() < MAX_PROBLEMS {
        let e = match T::deserialize(toml::de::Deserializer::from(doc.clone())) {
            Ok(value) => return (problems, Some(value)),
            Err(e) => e,
        };
        let d = toml_diagnostic(&e, text, origin);
        let seen = problems.contains(&d);
        let dropped = !seen && e.span().is_some_and(|span| drop_entry_at(doc.get_mut(), span.start));
        if !seen {
            problems.push(d);
        }
        if !dropped {
            break;
        }
    }
    (problems, None)
}

/// Drops the innermost entry of `table` whose key or value holds byte `offset`; whether one did.
fn drop_entry_at(table: &mut DeTable<'_>, offset: usize) -> bool {
    for (_, value) in table.iter_mut() {
        let dropped = match value.get_mut() {
            DeValue::Table(inner) => drop_entry_at(inner, offset),
            DeValue::Array(items) => items.iter_mut().any(|item| match item.get_mut() {
                DeValue::Table(inner) => drop_entry_at(inner, offset),
                _ => false,
            }),
            _ => false,
        };
        if dropped {
            return true;
        }
    }
    let hit = table
        .iter()
        .find(|(k, v)| k.span().contains(&offset) || v.span().contains(&offset))
        .map(|(k, _)| k.clone());
    hit.is_some_and(|key| table.remove(&key).is_some())
}

/// A diagnostic pointing at the value of `path` in `text` (or at its table, or nowhere).
/// Numeric segments index arrays: `axis.1.param`.
pub(crate) fn located(text: &str, origin: &str, path: &str) -> Diagnostic {
    let mut d = Diagnostic::new(origin, "").at_path(path);
    if let Some(offset) = value_offset(text, path, false) {
        set_position(&mut d, text, offset);
    }
    d
}

/// A diagnostic pointing at the key of `path` in `text`, as for an unknown key.
pub(crate) fn located_key(text: &str, origin: &str, path: &str) -> Diagnostic {
    let mut d = Diagnostic::new(origin, "").at_path(path);
    if let Some(offset) = value_offset(text, path, true) {
        set_position(&mut d, text, offset);
    }
    d
}

/// Where the value of `path` starts in `text` (its key, for `at_key` or a table).
fn value_offset(text: &str, path: &str, at_key: bool) -> Option<usize> {
    use toml::de::DeValue;
    let doc = toml::de::DeTable::parse(text).ok()?;
    let segments: Vec<&str> = path.split('.').collect();
    let (first, rest) = segments.split_first()?;
    let (key, mut value) = doc.get_ref().iter().find(|(k, _)| k.get_ref().as_ref() == *first)?;
    let mut offset = key.span().start;
    for seg in rest {
        let next = match value.get_ref() {
            DeValue::Table(t) => {
                t.iter().find(|(k, _)| k.get_ref().as_ref() == *seg).map(|(k, v)| (k.span().start, v))
            }
            DeValue::Array(items) => {
                seg.parse::<usize>().ok().and_then(|i| items.get(i)).map(|v| (v.span().start, v))
            }
            _ => None,
        };
        let Some((key_offset, v)) = next else { return Some(offset) };
        offset = key_offset;
        value = v;
    }
    Some(match value.get_ref() {
        _ if at_key => offset,
        DeValue::Table(_) | DeValue::Array(_) => offset,
        _ => value.span().start,
    })
}

pub(crate) fn set_position(d: &mut Diagnostic, text: &str, offset: usize) {
    let offset = offset.min(text.len());
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = text[line_start..offset].chars().count() + 1;
    let line_text = text[line_start..].lines().next().unwrap_or("");
    d.position = Some((line, col));
    d.snippet = Some(line_text.to_string());
}

/// The dotted path of the key on the line at `offset`: the last `[table]` header above it and
/// the key before `=` on that line.
fn path_at(text: &str, offset: usize) -> Option<String> {
    let mut header = String::new();
    let mut line_start = 0;
    let mut entries: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim();
        let is_error_line = offset < line_start + line.len();
        if trimmed.starts_with('[') {
            let mut name = trimmed.trim_start_matches('[').split(']').next().unwrap_or("").trim().to_string();
            if trimmed.starts_with("[[") {
                // The n-th [[name]] entry is name.n (from 0), as in --set and sweeps.
                let n = entries.entry(name.clone()).or_insert(0);
                name = format!("{name}.{n}");
                *n += 1;
            }
            if is_error_line {
                return Some(name);
            }
            header = name;
        } else if is_error_line {
            let key = trimmed.split('=').next()?.trim().trim_matches('"');
            if key.is_empty() || trimmed.starts_with('#') {
                return None;
            }
            return Some(if header.is_empty() { key.to_string() } else { format!("{header}.{key}") });
        }
        line_start += line.len();
    }
    None
}

pub(crate) fn toml_diagnostic(e: &toml::de::Error, text: &str, origin: &str) -> Diagnostic {
    let raw_message = e.message().trim();
    let mut d = Diagnostic::new(origin, friendly(raw_message));
    if let Some(span) = e.span() {
        set_position(&mut d, text, span.start);
        d.path = path_at(text, span.start);
    }
    if let Some(path) = d.path.clone() {
        if !d.message.contains(&path)
            && (raw_message.starts_with("invalid") || raw_message.starts_with("unknown"))
        {
            d.message = format!("{path}: {}", d.message);
        }
        add_allowed(&mut d, &path);
    }
    if add_moved(&mut d) {
        return d;
    }
    add_suggestion(&mut d, raw_message);
    if let Some(bad) = raw_message.strip_prefix("unknown field `").and_then(|r| r.split('`').next()) {
        let homes: Vec<String> = schema::FIELDS
            .iter()
            .filter(|f| f.path.rsplit('.').next() == Some(bad) && f.path.contains('.'))
            .map(|f| f.path.rsplit_once('.').map_or(String::new(), |(t, _)| t.replace('*', "a")))
            .collect();
        if let Some(home) = homes.first() {
            d.help.push(format!("`{bad}` belongs in [{home}]"));
        }
    }
    if raw_message.starts_with("unknown field")
        && d.help.iter().all(|h| !h.starts_with("did you mean") && !h.contains("belongs in"))
    {
        d.help.push(
            "docs/SCENARIO-FORMAT.md lists every key; `dyad new FILE` writes a commented scenario".into(),
        );
    }
    d
}

/// Serde's type names in words a student knows.
pub(crate) fn friendly(message: &str) -> String {
    // A long list of valid keys buries the message: name a few and count the rest.
    let message = match message.split_once(", expected one of ") {
        Some((head, list)) if list.matches('`').count() > 24 => {
            let names: Vec<&str> = list.split('`').skip(1).step_by(2).collect();
            format!("{head}; this table has {} keys, such as `{}`", names.len(), names[..4].join("`, `"))
        }
        _ => message.to_string(),
    };
    message
        .replace("expected f64", "expected a number")
        .replace("expected u32", "expected a whole number (0 or more)")
        .replace("expected u64", "expected a whole number (0 or more)")
        .replace("expected a boolean", "expected true or false")
}

pub(crate) fn add_allowed(d: &mut Diagnostic, path: &str) {
    if let Some(field) = schema::find(path) {
        let what = match field.kind {
            Kind::Float { .. } => "a number from",
            Kind::Int { .. } => "a whole number from",
            Kind::Bool | Kind::Choice(_) => "",
            Kind::Text => "a string,",
            Kind::TextList => "a list of strings,",
            Kind::CountList => "a list of whole numbers,",
            Kind::ChoiceList(_) => "a list,",
        };
        let allowed = format!("{what} {}", field.kind.allowed());
        d.help.push(format!("{path} takes {}: {}", allowed.trim(), field.doc));
    }
}

/// Adds "did you mean" from the candidates serde lists in an unknown-field or -variant message.
pub(crate) fn add_suggestion(d: &mut Diagnostic, message: &str) {
    let rest = message.strip_prefix("unknown field `").or_else(|| message.strip_prefix("unknown variant `"));
    let Some(rest) = rest else { return };
    let bad = rest.split('`').next().unwrap_or("");
    let candidates: Vec<&str> = rest
        .split_once("expected")
        .map(|(_, list)| list)
        .unwrap_or("")
        .split('`')
        .skip(1)
        .step_by(2)
        .collect();
    let synonym = SYNONYMS.iter().find(|(words, key)| words.contains(&bad) && candidates.contains(key));
    if let Some(best) = closest(bad, candidates.iter().copied()).or(synonym.map(|(_, key)| *key)) {
        d.help.push(format!("did you mean `{best}`?"));
    }
}

/// Tells where a key that moved now lives; whether it did.
pub fn add_moved(d: &mut Diagnostic) -> bool {
    let moved = d.path.as_deref().and_then(|path| MOVED.iter().find(|(old, _, _)| *old == path));
    if let Some((old, new, since)) = moved {
        d.help.push(format!("`{old}` became `{new}` in dyad {since}"));
    }
    moved.is_some()
}

/// Keys that moved: `(old path, new path, the release that moved it)`.
const MOVED: &[(&str, &str, &str)] = &[("model.v2.issue_rate", "environment.issue_rate", "0.2.0")];

/// Other names people write for a key, where spelling alone does not find it.
const SYNONYMS: &[(&[&str], &str)] = &[
    (&["std", "stdev", "stddev", "sigma", "standard_deviation"], "sd"),
    (&["mu", "average", "avg"], "mean"),
    (&["lo", "low", "lower", "minimum", "from"], "min"),
    (&["hi", "high", "upper", "maximum", "to"], "max"),
];

/// The candidate closest to `bad`, if it is close enough to be a likely typo.
pub fn closest<'a>(bad: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .map(|c| (strsim::jaro_winkler(bad, c), c))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}
