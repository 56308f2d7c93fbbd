//! `dyad new`: a scenario file to edit, every key explained in its comments.

use super::common::stdout_line;
use crate::error::{Error, Result};
use crate::output::OutputSet;
use crate::scenario::{self, Scenario, template};
use std::path::Path;

/// Runs `dyad new FILE`.
pub fn command(file: &Path, from: Option<&str>, force: bool) -> Result<()> {
    if file.exists() && !force {
        return Err(Error::BadArgument(format!(
            "{} already exists\n  help: choose another name, or add --force to overwrite it",
            file.display()
        )));
    }
    let stem = file.file_stem().and_then(|s| s.to_str()).filter(|s| scenario::spec::is_folder_name(s));
    let stem = stem.unwrap_or("my-couple").to_string();
    let mut sc = match from {
        Some(spec) => scenario::load(spec, &[])?,
        None => Scenario {
            description: "A couple to explore: edit the traits below and run it.".into(),
            teaching: scenario::Teaching {
                what: "Describe the couple here, for whoever runs this file next.".into(),
                ..Default::default()
            },
            ..Default::default()
        },
    };
    sc.name = stem;
    let text = template::render(&sc);
    let dir = file.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let name = file.file_name().and_then(|n| n.to_str()).unwrap_or("scenario.toml");
    let mut set = OutputSet::new(dir)?;
    set.write(name, |w| {
        w.write_all(text.as_bytes()).map_err(|source| Error::Write { path: file.into(), source })
    })?;
    set.commit()?;
    stdout_line(&format!(
        "wrote {}: every key is explained in its comments.\nNext: edit it, then `dyad validate {0}` and `dyad run {0}`.\n",
        file.display()
    ))
}
