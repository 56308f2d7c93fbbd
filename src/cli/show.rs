//! `dyad list` and `dyad show`: the built-in scenarios, and one scenario's teaching notes.

use super::common::{shell_word, stdout_line, wrap};
use crate::error::Result;
use crate::scenario::{self, builtin};

/// Runs `dyad list`.
pub fn list() -> Result<()> {
    let mut text = String::new();
    for name in builtin::names() {
        let sc = crate::scenario::load(name, &[])?;
        text.push_str(&format!("{name:<18} {}\n", sc.description));
    }
    text.push_str("\nRun one with `dyad run NAME`; read its teaching notes with `dyad show NAME`.\n");
    stdout_line(&text)
}

/// Runs `dyad show SCENARIO`.
pub fn show(spec: &str) -> Result<()> {
    let source = scenario::read(spec)?;
    let sc = scenario::load_str(&source.text, &source.origin, &source.default_name, &[])?;
    let mut out = String::new();
    for (i, line) in wrap(&format!("{}: {}", sc.name, sc.description), 76).into_iter().enumerate() {
        out.push_str(&format!("#{}{line}\n", if i == 0 { " " } else { "   " }));
    }
    out.push_str("#\n");
    out.push_str("# What it is\n");
    for line in wrap(&sc.teaching.what, 76) {
        out.push_str(&format!("#   {line}\n"));
    }
    for (heading, items) in
        [("Things to notice", &sc.teaching.notice), ("Things to try", &sc.teaching.things_to_try)]
    {
        out.push_str(&format!("#\n# {heading}\n"));
        for item in items {
            for (i, line) in wrap(item, 74).into_iter().enumerate() {
                out.push_str(&format!("#   {} {line}\n", if i == 0 { "-" } else { " " }));
            }
        }
    }
    let name = shell_word(spec);
    out.push_str(&format!(
        "#\n# Run it:  dyad run {name}\n# Copy it: dyad new my-couple.toml --from {name}\n\n"
    ));
    out.push_str(&source.text);
    stdout_line(&out)
}
