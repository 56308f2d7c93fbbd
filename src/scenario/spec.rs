//! What a scenario argument names, and which names can name an output folder.
//!
//! **Scenario arguments.** Every command that takes a scenario (`run`, `show`, `explain`,
//! `animate`, `compare`, `validate`, `new --from`) and a sweep's `base` and `scenario` axis read
//! it the same way: as a **file** when it ends in `.toml` or contains a path separator, and
//! otherwise as the name of a **built-in** scenario (`dyad list`). A file or folder in the
//! current folder never shadows a built-in: `dyad run secure-secure` is always the built-in, and
//! `./secure-secure` reaches a local file of that name.
//!
//! **Output-folder names.** A scenario's or a sweep's `name` (or, when it has none, its file
//! name without `.toml`) names its default output folder `outputs/<name>/`, so it must stay
//! inside `outputs/`: not empty, no slashes, not starting with a dot (which also rules out `.`
//! and `..`).

use super::builtin;
use crate::error::{Diagnostic, Error};
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

/// What an output-folder name must be, for messages.
pub const FOLDER_NAME_RULE: &str = "not empty, no slashes, not starting with a dot";

/// Whether `name` can name a folder inside `outputs/` (see the module documentation).
pub fn is_folder_name(name: &str) -> bool {
    !(name.trim().is_empty() || name.contains(['/', '\\']) || name.starts_with('.'))
}

/// The problem, if any, with the name of a scenario or sweep: its `name` key when `given`, else
/// `default`, the name taken from its file name. `at_name` locates the `name` key; `file`
/// describes the file ("scenario file", "sweep file") in the message.
pub(crate) fn name_problem(
    given: Option<&str>,
    default: &str,
    file: &str,
    at_name: impl Fn() -> Diagnostic,
) -> Option<Diagnostic> {
    match given {
        Some(name) if !is_folder_name(name) => {
            let mut d = at_name();
            d.message = format!("name = {name:?} cannot name an output folder");
            d.help.push(format!("use a short name such as \"{}\": {FOLDER_NAME_RULE}", example(file)));
            Some(d)
        }
        None if !is_folder_name(default) => {
            let mut d = at_name();
            d.position = None;
            d.snippet = None;
            d.path = None;
            d.message = format!(
                "the {file} has no `name`, and its file name cannot give one: {default:?} cannot name an output folder"
            );
            d.help.push(format!(
                "add a line such as `name = \"{}\"` at the top of the file ({FOLDER_NAME_RULE}), or rename the file",
                example(file)
            ));
            Some(d)
        }
        _ => None,
    }
}

/// A good name for the kind of file `file` describes.
fn example(file: &str) -> &'static str {
    if file.starts_with("sweep") { "my-sweep" } else { "my-couple" }
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

    #[test]
    fn folder_names_stay_inside_outputs() {
        for bad in ["", " ", ".", "..", "...", ".hidden", "/abs/path", "../../x", "a/b", "a\\b"] {
            assert!(!is_folder_name(bad), "{bad:?} should be refused");
        }
        for good in ["my-couple", "anxious-avoidant", "inline [base]", "a.b", "x.."] {
            assert!(is_folder_name(good), "{good:?} should be accepted");
        }
    }

    #[test]
    fn a_bad_default_name_asks_for_a_name() {
        let at = || Diagnostic::new("...toml", "");
        let d = name_problem(None, "..", "scenario file", at).expect("a problem");
        assert!(d.message.contains("has no `name`") && d.help[0].contains("name = "), "{d:?}");
        assert!(name_problem(Some("ok"), "..", "scenario file", at).is_none());
        assert!(name_problem(None, "ok", "scenario file", at).is_none());
        assert!(name_problem(Some("../x"), "ok", "scenario file", at).is_some());
    }
}
