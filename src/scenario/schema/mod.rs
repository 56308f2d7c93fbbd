//! Every key of a scenario file: its type, allowed range and meaning. Range checks, the
//! comments of `dyad new` and `docs/SCENARIO-FORMAT.md` all come from this one table, and a test
//! checks that it lists exactly the keys of [`super::Scenario`]. Defaults are not repeated here:
//! they come from `impl Default` of the scenario types.

/// The type and allowed values of a key.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Kind {
    /// A number in `min..=max`.
    Float {
        /// Lowest allowed value.
        min: f64,
        /// Highest allowed value.
        max: f64,
    },
    /// A whole number in `min..=max`.
    Int {
        /// Lowest allowed value.
        min: i64,
        /// Highest allowed value.
        max: i64,
    },
    /// `true` or `false`.
    Bool,
    /// A string.
    Text,
    /// A list of strings.
    TextList,
    /// A list of whole numbers, each at least 1.
    CountList,
    /// A list of some of a few strings.
    ChoiceList(&'static [&'static str]),
    /// One of a few strings.
    Choice(&'static [&'static str]),
}

impl Kind {
    /// The type as the docs name it.
    pub fn type_name(&self) -> &'static str {
        match self {
            Kind::Float { .. } => "number",
            Kind::Int { .. } => "integer",
            Kind::Bool => "boolean",
            Kind::Text => "string",
            Kind::TextList => "list of strings",
            Kind::CountList => "list of whole numbers",
            Kind::ChoiceList(_) => "list of choices",
            Kind::Choice(_) => "choice",
        }
    }

    /// The allowed values in words, e.g. `0 to 1`.
    pub fn allowed(&self) -> String {
        match self {
            Kind::Float { min, max } => format!("{} to {}", num(*min), num(*max)),
            Kind::Int { min, max } => format!("{min} to {max}"),
            Kind::Bool => "true or false".into(),
            Kind::Text | Kind::TextList => "any text".into(),
            Kind::CountList => "each at least 1".into(),
            Kind::ChoiceList(values) => format!(
                "each one of {}",
                values.iter().map(|v| format!("\"{v}\"")).collect::<Vec<_>>().join(", ")
            ),
            Kind::Choice(values) => {
                values.iter().map(|v| format!("\"{v}\"")).collect::<Vec<_>>().join(" or ")
            }
        }
    }
}

fn num(v: f64) -> String {
    if v == f64::MAX { "any".into() } else { format!("{v}") }
}

/// One key of the scenario format.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Field {
    /// Dotted path; `partner.*` stands for `partner.a` and `partner.b`.
    pub path: &'static str,
    /// Type and allowed values.
    pub kind: Kind,
    /// What it means.
    pub doc: &'static str,
}

mod fields;

pub use fields::FIELDS;

impl Field {
    /// Why the key's range stops where it does, when a limit is set by memory: the part of its
    /// doc after "; at most ", e.g. "at most a million, as a run keeps a row ...".
    pub fn limit_reason(&self) -> Option<String> {
        self.doc.split_once("; at most ").map(|(_, why)| format!("at most {why}"))
    }

    /// Whether a whole number is in the key's range (always, for a key that is not an integer).
    pub fn admits(&self, value: i64) -> bool {
        match self.kind {
            Kind::Int { min, max } => (min..=max).contains(&value),
            _ => true,
        }
    }
}

/// The key at a dotted path (`partner.a.anxiety` matches `partner.*.anxiety`).
pub fn find(path: &str) -> Option<&'static Field> {
    FIELDS.iter().find(|field| matches(field.path, path))
}

fn matches(pattern: &str, path: &str) -> bool {
    let partners = pattern.starts_with("partner.") || pattern.starts_with("population.*");
    let (mut p, mut q) = (pattern.split('.'), path.split('.'));
    loop {
        match (p.next(), q.next()) {
            (None, None) => return true,
            (Some("*"), Some(seg)) if partners && (seg == "a" || seg == "b") => {}
            (Some("*"), Some(seg))
                if !partners && !seg.is_empty() && seg.bytes().all(|b| b.is_ascii_digit()) => {}
            (Some(a), Some(b)) if a == b => {}
            _ => return false,
        }
    }
}

/// The keys allowed directly under a table path (for suggestions), e.g. `partner.a`.
pub fn keys_under(table: &str) -> Vec<&'static str> {
    let prefix_len = if table.is_empty() { 0 } else { table.split('.').count() };
    let mut keys: Vec<&'static str> = FIELDS
        .iter()
        .filter(|field| {
            let segs: Vec<&str> = field.path.split('.').collect();
            segs.len() > prefix_len && (table.is_empty() || matches(&segs[..prefix_len].join("."), table))
        })
        .flat_map(|field| match field.path.split('.').nth(prefix_len).unwrap_or("") {
            "*" => vec!["a", "b"],
            key => vec![key],
        })
        .collect();
    let mut seen = std::collections::HashSet::new();
    keys.retain(|k| seen.insert(*k));
    keys
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partner_paths_match_both_partners() {
        assert_eq!(find("partner.a.anxiety").unwrap().path, "partner.*.anxiety");
        assert_eq!(find("partner.b.anxiety").unwrap().path, "partner.*.anxiety");
        assert!(find("partner.c.anxiety").is_none());
        assert!(find("model.nope").is_none());
    }

    #[test]
    fn every_model_constant_has_a_schema_entry() {
        let model = toml::Table::try_from(crate::model::ModelParams::default()).unwrap();
        for (key, value) in &model {
            match value {
                toml::Value::Table(inner) => {
                    for k in inner.keys() {
                        assert!(find(&format!("model.{key}.{k}")).is_some(), "model.{key}.{k}");
                    }
                }
                _ => assert!(find(&format!("model.{key}")).is_some(), "model.{key}"),
            }
        }
        let outcome = toml::Table::try_from(crate::metrics::OutcomeParams::default()).unwrap();
        for key in outcome.keys() {
            assert!(find(&format!("outcome.{key}")).is_some(), "outcome.{key}");
        }
    }

    #[test]
    fn keys_under_tables() {
        assert!(keys_under("partner.a").contains(&"anxiety"));
        assert!(keys_under("").contains(&"model"));
        assert!(keys_under("environment").contains(&"issue_rate"));
    }
}
