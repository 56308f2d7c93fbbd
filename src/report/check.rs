//! Checks on the files that `dyad plot` and `dyad merge` read back. A damaged or hand-edited
//! `summary.json`, `sweep.json` or CSV file is refused (exit code 2) with the file and the key
//! (JSON, with its line when it can be found) or the row and column (CSV), never drawn or merged.

use crate::error::{Error, Result};
use serde_json::Value;
use std::fmt::Display;
use std::path::{Path, PathBuf};

/// A JSON file read back, to check its keys and values one by one.
#[derive(Debug, Clone)]
pub struct Json {
    path: PathBuf,
    text: String,
    /// The parsed document.
    pub value: Value,
    help: String,
}

impl Json {
    /// Reads and parses `path`; `help` says how to get a good file back.
    pub fn read(path: &Path, help: &str) -> Result<Json> {
        let text =
            std::fs::read_to_string(path).map_err(|source| Error::Read { path: path.into(), source })?;
        let value: Value = serde_json::from_str(&text).map_err(|e| {
            Error::BadArgument(format!(
                "{}:{}:{}: not valid JSON: {e}\n  help: {help}",
                path.display(),
                e.line(),
                e.column()
            ))
        })?;
        let json = Json { path: path.into(), text, value, help: help.into() };
        if !json.value.is_object() {
            return Err(json.fail("", "the file is not a JSON object"));
        }
        Ok(json)
    }

    /// The value at a dotted key (`outcomes.escalated`, `axes.0.param`); `Null` when absent.
    pub fn get(&self, key: &str) -> &Value {
        key.split('.').filter(|k| !k.is_empty()).fold(&self.value, |v, k| match k.parse::<usize>() {
            Ok(i) if v.is_array() => &v[i],
            _ => &v[k],
        })
    }

    /// An error about the value at `key`: file, line and column when found, key, `why`, help.
    pub fn fail(&self, key: &str, why: impl Display) -> Error {
        let place = json_position(&self.text, key).map(|(l, c)| format!(":{l}:{c}")).unwrap_or_default();
        let key = if key.is_empty() { String::new() } else { format!(" {key}") };
        Error::BadArgument(format!("{}{place}:{key} {why}\n  help: {}", self.path.display(), self.help))
    }

    /// A number in `min..=max` at `key`.
    pub fn number(&self, key: &str, min: f64, max: f64) -> Result<f64> {
        match self.get(key).as_f64() {
            Some(v) if (min..=max).contains(&v) => Ok(v),
            Some(v) => Err(self.fail(key, format!("= {v} is out of range: it must be from {min} to {max}"))),
            None => Err(self.fail(key, format!("is {}, not a number", kind(self.get(key))))),
        }
    }

    /// A share (0 to 1) at `key`.
    pub fn share(&self, key: &str) -> Result<f64> {
        self.number(key, 0.0, 1.0)
    }

    /// A whole number of at least `min` at `key`.
    pub fn whole(&self, key: &str, min: u64) -> Result<u64> {
        match self.get(key).as_u64() {
            Some(v) if v >= min => Ok(v),
            _ => {
                Err(self
                    .fail(key, format!("is {}, not a whole number of at least {min}", shown(self.get(key)))))
            }
        }
    }

    /// A string at `key`.
    pub fn text(&self, key: &str) -> Result<&str> {
        self.get(key)
            .as_str()
            .ok_or_else(|| self.fail(key, format!("is {}, not a string", kind(self.get(key)))))
    }

    /// Checks that the value at `key` is a JSON object.
    pub fn object(&self, key: &str) -> Result<()> {
        match self.get(key) {
            Value::Object(_) => Ok(()),
            other => Err(self.fail(key, format!("is {}, not an object", kind(other)))),
        }
    }

    /// The length of the array at `key`; 0 when the key is absent or null.
    pub fn optional_array(&self, key: &str) -> Result<usize> {
        match self.get(key) {
            Value::Null => Ok(0),
            Value::Array(items) => Ok(items.len()),
            other => Err(self.fail(key, format!("is {}, not a list", kind(other)))),
        }
    }
}

/// What a JSON value is, in words, for messages.
fn kind(v: &Value) -> String {
    match v {
        Value::Null => "missing".into(),
        Value::Bool(b) => format!("{b}"),
        Value::Number(n) => format!("the number {n}"),
        Value::String(s) => format!("the string {s:?}"),
        Value::Array(_) => "a list".into(),
        Value::Object(_) => "an object".into(),
    }
}

fn shown(v: &Value) -> String {
    match v {
        Value::Number(n) => n.to_string(),
        other => kind(other),
    }
}

/// Line and column of the value of a dotted key in pretty-printed JSON: each key is looked for
/// after its parent, so a key nested under an array is found only in its first element.
fn json_position(text: &str, key: &str) -> Option<(usize, usize)> {
    let mut at = 0;
    let mut found = false;
    for seg in key.split('.').filter(|k| !k.is_empty()) {
        if let Ok(i) = seg.parse::<usize>() {
            if i > 0 {
                break;
            }
            continue;
        }
        let quoted = format!("\"{seg}\"");
        let mut from = at;
        let next = loop {
            let i = from + text[from..].find(&quoted)?;
            let after = text[i + quoted.len()..].trim_start();
            if let Some(value) = after.strip_prefix(':') {
                break text.len() - value.trim_start().len();
            }
            from = i + quoted.len();
        };
        at = next;
        found = true;
    }
    if !found {
        return None;
    }
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    Some((line, col))
}

/// An error about one cell of a CSV file: `row` counts data rows from 1 (the header is line 1,
/// so row `r` is line `r + 1`), `column` counts from 1.
pub fn bad_cell(path: &Path, row: usize, column: usize, name: &str, why: impl Display, help: &str) -> Error {
    Error::BadArgument(format!(
        "{}: row {row} (line {}), column {column} `{name}`: {why}\n  help: {help}",
        path.display(),
        row + 1
    ))
}

/// An error about a whole row of a CSV file (see [`bad_cell`]).
pub fn bad_row(path: &Path, row: usize, why: impl Display, help: &str) -> Error {
    Error::BadArgument(format!("{}: row {row} (line {}): {why}\n  help: {help}", path.display(), row + 1))
}

/// An error about a CSV file as a whole.
pub fn bad_file(path: &Path, why: impl Display, help: &str) -> Error {
    Error::BadArgument(format!("{}: {why}\n  help: {help}", path.display()))
}

/// The number in a CSV cell, if it is one and finite.
pub fn finite(cell: &str) -> Option<f64> {
    cell.trim().parse::<f64>().ok().filter(|v| v.is_finite())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_keys_are_located_after_their_parent() {
        let text = "{\n  \"a\": { \"x\": 1 },\n  \"outcomes\": {\n    \"x\": 7.5\n  }\n}\n";
        assert_eq!(json_position(text, "outcomes.x"), Some((4, 10)));
        assert_eq!(json_position(text, "a.x"), Some((2, 15)));
        assert_eq!(json_position(text, "nope"), None);
    }
}
