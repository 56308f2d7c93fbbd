//! Writing outputs safely. A command locks its output folder and writes everything into the
//! folder's staging folder ([`OutputFolder`]), which is committed as a whole at the end; within
//! it, every file is written to a temporary name and renamed into place only when all of a set
//! are complete ([`OutputSet`]). If anything fails before the commit, the temporary files are
//! removed and the output folder is as it was.

mod folder;

pub use folder::{Commit, MANIFEST, OutputFolder, STAGING};

use crate::error::{Error, Result};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use tempfile::NamedTempFile;

/// A set of files being written into one folder.
#[derive(Debug)]
pub struct OutputSet {
    dir: PathBuf,
    pending: Vec<(NamedTempFile, PathBuf)>,
}

impl OutputSet {
    /// Starts writing into `dir`, creating it if needed.
    pub fn new(dir: &Path) -> Result<Self> {
        std::fs::create_dir_all(dir).map_err(|source| Error::Write { path: dir.to_path_buf(), source })?;
        Ok(OutputSet { dir: dir.to_path_buf(), pending: Vec::new() })
    }

    /// The folder written into.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Writes file `name` with `write`, to a temporary name for now.
    pub fn write(&mut self, name: &str, write: impl FnOnce(&mut dyn Write) -> Result<()>) -> Result<()> {
        let target = self.dir.join(name);
        let io_err = |source| Error::Write { path: target.clone(), source };
        injected_failure(name).map_err(io_err)?;
        let tmp = tempfile::Builder::new()
            .prefix(&format!(".{name}."))
            .suffix(".tmp")
            .tempfile_in(&self.dir)
            .map_err(io_err)?;
        {
            let mut w = BufWriter::new(tmp.as_file());
            write(&mut w)?;
            w.flush().map_err(io_err)?;
        }
        tmp.as_file().sync_all().map_err(io_err)?;
        self.pending.push((tmp, target));
        Ok(())
    }

    /// Renames every file into place; returns the final paths. Checks first that no target is
    /// in the way (a folder of the same name), so the renames do not stop halfway.
    pub fn commit(self) -> Result<Vec<PathBuf>> {
        for (_, target) in &self.pending {
            if target.is_dir() {
                return Err(Error::Write {
                    path: target.clone(),
                    source: std::io::Error::other("a folder of that name is in the way"),
                });
            }
        }
        let mut written = Vec::with_capacity(self.pending.len());
        for (tmp, target) in self.pending {
            tmp.persist(&target).map_err(|e| Error::Write { path: target.clone(), source: e.error })?;
            readable_by_all(&target);
            written.push(target);
        }
        Ok(written)
    }
}

/// The environment variable of the fault-injection tests: `DYAD_TEST_FAIL_WRITE=NAME` makes
/// the write of every output file named NAME fail as on a full disk. Not for users.
pub const FAIL_WRITE_VAR: &str = "DYAD_TEST_FAIL_WRITE";

/// Fails as a full disk would when the fault-injection tests ask for a failure at `name`.
pub fn injected_failure(name: &str) -> std::io::Result<()> {
    match std::env::var_os(FAIL_WRITE_VAR) {
        Some(v) if v == name => {
            Err(std::io::Error::new(std::io::ErrorKind::StorageFull, "no space left on device (injected)"))
        }
        _ => Ok(()),
    }
}

/// Temporary files are created owner-only; outputs are ordinary files (rw-r--r--).
fn readable_by_all(path: &Path) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o644));
    }
    #[cfg(not(unix))]
    let _ = path;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failed_write_leaves_the_folder_as_it_was() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.csv"), "old").unwrap();
        let mut set = OutputSet::new(dir.path()).unwrap();
        set.write("a.csv", |w| w.write_all(b"new").map_err(|e| Error::Write { path: "a".into(), source: e }))
            .unwrap();
        let failed =
            set.write("b.csv", |_| Err(Error::Encode { what: "b".into(), message: "simulated".into() }));
        assert!(failed.is_err());
        drop(set);
        assert_eq!(std::fs::read_to_string(dir.path().join("a.csv")).unwrap(), "old");
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(names.len(), 1, "temporary files are removed: {names:?}");
    }

    #[test]
    fn a_folder_in_the_way_stops_before_any_rename() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.csv"), "old").unwrap();
        std::fs::create_dir(dir.path().join("b.csv")).unwrap();
        let mut set = OutputSet::new(dir.path()).unwrap();
        for name in ["a.csv", "b.csv"] {
            set.write(name, |w| {
                w.write_all(b"new").map_err(|e| Error::Write { path: name.into(), source: e })
            })
            .unwrap();
        }
        assert!(set.commit().is_err());
        assert_eq!(std::fs::read_to_string(dir.path().join("a.csv")).unwrap(), "old");
    }
}
