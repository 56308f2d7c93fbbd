//! What a scenario argument names.
//!
//! **Scenario arguments.** Every command that takes a scenario (`run`, `show`, `explain`,
//! `animate`, `compare`, `validate`, `new --from`) and a sweep's `base` and `scenario` axis read
//! it the same way: as a **file** when it ends in `.toml` or contains a path separator, and
//! otherwise as the name of a **built-in** scenario (`dyad list`). A file or folder in the
//! current folder never shadows a built-in: `dyad run secure-secure` is always the built-in, and
//! `./secure-secure` reaches a local file of that name.

use super::builtin;
use crate::error::Error;
use std::path::Path;

/// What a scenario argument names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Spec<'a> {
    /// A built-in scenario, by name (which may not exist).
    Builtin(&'a str),
    /// A scenario file, by path.
    File(&'a Path),
}

impl<'a> Spec<'a> {
    /// Reads a scenario argument: a file when it ends in `.toml` or contains a path separator,
    /// else a built-in name.
    pub fn parse(spec: &'a str) -> Self {
        let path_like =
            spec.ends_with(".toml") || spec.contains('/') || spec.contains(std::path::MAIN_SEPARATOR);
        if path_like { Spec::File(Path::new(spec)) } else { Spec::Builtin(spec) }
    }
}

/// The error for a bare name that is not a built-in scenario. `dir` is where a local file of
/// that name would be (the current folder, or a sweep file's folder): when one exists, the help
/// says how to reach it.
pub fn unknown(name: &str, dir: &Path) -> Error {
    let local = dir.join(name);
    let shown = Path::new(".").join(name);
    let note = if name.is_empty() {
        None
    } else if local.is_dir() {
        Some(format!("`{name}` here is a folder, not a scenario file"))
    } else if local.exists() {
        Some(format!(
            "a bare name means a built-in scenario; to use the file `{name}` here, write `{}`",
            shown.display()
        ))
    } else {
        None
    };
    Error::UnknownScenario { name: name.to_string(), suggestion: builtin::suggest(name), note }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bare_names_are_builtins_and_paths_are_files() {
        assert_eq!(Spec::parse("secure-secure"), Spec::Builtin("secure-secure"));
        assert_eq!(Spec::parse("couple"), Spec::Builtin("couple"));
        assert_eq!(Spec::parse(".."), Spec::Builtin(".."));
        assert_eq!(Spec::parse("couple.toml"), Spec::File(Path::new("couple.toml")));
        assert_eq!(Spec::parse("./secure-secure"), Spec::File(Path::new("./secure-secure")));
        assert_eq!(Spec::parse("a/b"), Spec::File(Path::new("a/b")));
    }
}
