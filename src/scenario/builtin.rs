//! The built-in scenarios: the files of `scenarios/`, embedded in the binary so that
//! `dyad run anxious-avoidant` works from anywhere.

macro_rules! builtins {
    ($($name:literal),* $(,)?) => {
        /// `(name, TOML text)` of every built-in scenario, in the order `dyad list` shows them.
        pub static BUILTINS: &[(&str, &str)] = &[
            $(($name, include_str!(concat!("../../scenarios/", $name, ".toml")))),*
        ];
    };
}

builtins!(
    "secure-secure",
    "anxious-avoidant",
    "anxious-anxious",
    "avoidant-avoidant",
    "secure-anxious",
    "secure-avoidant",
    "fearful-fearful",
    "stressful-year",
    "community",
    "distressed",
    "communication",
    "boundaries",
    "self-care",
    "therapy-eft",
    "therapy-distance",
    "job-loss",
    "job-loss-insecure",
);

/// The TOML text of a built-in scenario.
pub fn text(name: &str) -> Option<&'static str> {
    BUILTINS.iter().find(|(n, _)| *n == name).map(|(_, t)| *t)
}

/// The names of the built-in scenarios.
pub fn names() -> impl Iterator<Item = &'static str> {
    BUILTINS.iter().map(|(n, _)| *n)
}

/// The built-in name closest to a misspelt one.
pub fn suggest(name: &str) -> Option<String> {
    super::diagnose::closest(name, names()).map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_builtin_loads() {
        for name in names() {
            let sc = crate::scenario::load(name, &[]).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!(sc.name, name, "the name key of {name}.toml should match its file name");
        }
    }

    #[test]
    fn misspelt_names_get_a_suggestion() {
        assert_eq!(suggest("anxious-avoidnt").as_deref(), Some("anxious-avoidant"));
        assert_eq!(suggest("zzz"), None);
    }
}
