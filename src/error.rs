//! The library's error type. Every variant says whether it is the user's input that is wrong
//! (exit code 2) or something else (exit code 1), and input errors carry a [`Diagnostic`] that
//! names the file, line, column and dotted field path, and says how to fix it.

use std::fmt;
use std::path::PathBuf;

/// A result with the library's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong in dyad.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// One or more problems with a scenario file, a sweep file or a `--set` override.
    #[error("{}", DiagnosticList(.0))]
    Invalid(Vec<Diagnostic>),
    /// A bare scenario name (no `.toml`, no path separator) that is not a built-in scenario.
    #[error("unknown scenario `{name}`: there is no built-in scenario of that name{}\n  help: `dyad list` shows the built-in scenarios; a scenario file is given by its path: `my-couple.toml` or `./my-couple`{}", suggestion_text(.suggestion), note_text(.note))]
    UnknownScenario {
        /// What the user typed.
        name: String,
        /// The closest built-in name, if one is close.
        suggestion: Option<String>,
        /// More help, e.g. how to reach a local file of that name.
        note: Option<String>,
    },
    /// A command-line value that is wrong in itself (not part of a file).
    #[error("{0}")]
    BadArgument(String),
    /// An input file that cannot be read.
    #[error("cannot read {}: {source}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// An output that cannot be written.
    #[error("cannot write {}: {source}", path.display())]
    Write {
        /// The file or folder.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// An output file that could not be encoded (CSV or JSON).
    #[error("cannot encode {what}: {message}")]
    Encode {
        /// Which output.
        what: String,
        /// Why.
        message: String,
    },
}

impl Error {
    /// The process exit code for this error: 2 for invalid input, 1 for anything else.
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Invalid(_)
            | Error::UnknownScenario { .. }
            | Error::BadArgument(_)
            | Error::Read { .. } => 2,
            Error::Write { .. } | Error::Encode { .. } => 1,
        }
    }

    /// Wraps one diagnostic.
    pub fn invalid(d: Diagnostic) -> Self {
        Error::Invalid(vec![d])
    }
}

fn note_text(note: &Option<String>) -> String {
    note.as_ref().map(|n| format!("\n  help: {n}")).unwrap_or_default()
}

fn suggestion_text(s: &Option<String>) -> String {
    match s {
        Some(s) => format!("; did you mean `{s}`?"),
        None => String::new(),
    }
}

/// One problem with the input, located as precisely as possible.
#[derive(Debug, Clone, PartialEq)]
pub struct Diagnostic {
    /// Where the input came from: a file path, or `--set PATH=VALUE`.
    pub origin: String,
    /// 1-based line and column, when known.
    pub position: Option<(usize, usize)>,
    /// The dotted field path (`partner.a.anxiety`), when known.
    pub path: Option<String>,
    /// What is wrong.
    pub message: String,
    /// The offending source line, if any, to show under the message.
    pub snippet: Option<String>,
    /// How to fix it: allowed range or values, closest valid name.
    pub help: Vec<String>,
}

impl Diagnostic {
    /// A diagnostic with an origin and a message; fill the rest with the builder methods.
    pub fn new(origin: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic {
            origin: origin.into(),
            position: None,
            path: None,
            message: message.into(),
            snippet: None,
            help: Vec::new(),
        }
    }

    /// Sets the dotted field path.
    pub fn at_path(mut self, path: impl Into<String>) -> Self {
        self.path = Some(path.into());
        self
    }

    /// Adds a line of help.
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help.push(help.into());
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.origin)?;
        if let Some((line, col)) = self.position {
            write!(f, ":{line}:{col}")?;
        }
        write!(f, ": {}", self.message)?;
        if let (Some(snippet), Some((line, col))) = (&self.snippet, self.position) {
            let gutter = line.to_string().len();
            write!(f, "\n{:gutter$} |\n{line} | {snippet}\n{:gutter$} | {:>col$}", "", "", "^")?;
        }
        for h in &self.help {
            write!(f, "\n  help: {h}")?;
        }
        Ok(())
    }
}

struct DiagnosticList<'a>(&'a [Diagnostic]);

impl fmt::Display for DiagnosticList<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.0.iter().enumerate() {
            if i > 0 {
                write!(f, "\nerror: ")?;
            }
            write!(f, "{d}")?;
        }
        if self.0.len() > 1 {
            write!(f, "\n({} problems)", self.0.len())?;
        }
        Ok(())
    }
}
