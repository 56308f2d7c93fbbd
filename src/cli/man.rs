//! `dyad completions` and `dyad man`: shell completions and manual pages.

use super::common::{stdout_bytes, stdout_line};
use crate::error::{Error, Result};
use std::path::Path;

/// Runs `dyad completions SHELL` for the command line `cmd`.
pub fn completions(shell: clap_complete::Shell, mut cmd: clap::Command) -> Result<()> {
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut cmd, "dyad", &mut out);
    stdout_bytes(&out)
}

/// Runs `dyad man`: the page to standard output, or with `dir` every page into a folder.
pub fn man(cmd: clap::Command, dir: Option<&Path>) -> Result<()> {
    let Some(dir) = dir else {
        let mut out = Vec::new();
        clap_mangen::Man::new(cmd)
            .render(&mut out)
            .map_err(|source| Error::Write { path: "standard output".into(), source })?;
        return stdout_bytes(&out);
    };
    std::fs::create_dir_all(dir).map_err(|source| Error::Write { path: dir.into(), source })?;
    clap_mangen::generate_to(cmd, dir).map_err(|source| Error::Write { path: dir.into(), source })?;
    stdout_line(&format!("wrote dyad.1 and a page per command into {}\n", dir.display()))
}
