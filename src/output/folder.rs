//! An output folder owned by one dyad process, written as a whole.
//!
//! [`OutputFolder::open`] takes an exclusive lock on the folder (an advisory lock on the folder
//! itself, so no lock file is left behind): a second dyad process that wants to write there is
//! refused at once, before any work. Everything a command writes goes first into the staging
//! folder `.dyad-staging` inside it; [`OutputFolder::commit`] then moves the files into place
//! with renames and removes the files of the previous run that this one did not write again,
//! as listed in the manifest `.dyad-files`. Files that are not dyad's are never touched.
//!
//! A commit is a short roll-forward: the staging folder is first marked ready, and a commit
//! that a kill or a crash interrupts is completed by the next dyad command that opens the
//! folder. A run that fails, or is killed, before its commit leaves the folder as it was, and
//! the next command removes its staging folder and temporary files.

use crate::error::{Error, Result};
use std::collections::BTreeSet;
use std::fs::File;
use std::path::{Path, PathBuf};

/// The staging folder, inside the output folder.
pub const STAGING: &str = ".dyad-staging";
/// The manifest: the names of the files dyad wrote in the folder, one per line.
pub const MANIFEST: &str = ".dyad-files";
/// In the staging folder: every staged file is complete, the commit may roll forward.
const READY: &str = ".ready";

/// Whether the staged files replace the previous run's (removing those not written again) or
/// add to them (`dyad plot`, which redraws figures next to the data).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Commit {
    /// The new run's files replace all of the previous run's.
    Replace,
    /// The staged files are added to the previous ones (replacing those of the same name).
    Add,
}

/// An output folder locked by this process, with its staging folder.
#[derive(Debug)]
pub struct OutputFolder {
    dir: PathBuf,
    staging: PathBuf,
    created: bool,
    committed: bool,
    // Held for the life of the value; the lock goes with it.
    _lock: File,
}

impl OutputFolder {
    /// Creates `dir` if needed, locks it and prepares an empty staging folder; completes or
    /// clears what an interrupted earlier run left there.
    pub fn open(dir: &Path) -> Result<Self> {
        let write_err = |source| Error::Write { path: dir.to_path_buf(), source };
        if dir.is_file() {
            return Err(Error::BadArgument(format!(
                "cannot write into {}: it is a file, not a folder\n  help: choose another --out",
                dir.display()
            )));
        }
        let created = !dir.exists();
        std::fs::create_dir_all(dir).map_err(write_err)?;
        let lock = File::open(dir).map_err(write_err)?;
        match lock.try_lock() {
            Ok(()) => {}
            Err(std::fs::TryLockError::WouldBlock) => {
                return Err(Error::BadArgument(format!(
                    "{} is in use: another dyad process is writing there\n  help: wait for it to finish, or choose another --out folder",
                    dir.display()
                )));
            }
            Err(std::fs::TryLockError::Error(source)) => return Err(write_err(source)),
        }
        let staging = dir.join(STAGING);
        recover(dir, &staging)?;
        std::fs::create_dir(&staging).map_err(|source| Error::Write { path: staging.clone(), source })?;
        Ok(OutputFolder { dir: dir.to_path_buf(), staging, created, committed: false, _lock: lock })
    }

    /// The output folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The staging folder: write every output here.
    pub fn staging(&self) -> &Path {
        &self.staging
    }

    /// Moves the staged files into the folder; returns their final paths, sorted by name.
    pub fn commit(mut self, how: Commit) -> Result<Vec<PathBuf>> {
        let staged = file_names(&self.staging)?;
        for name in &staged {
            let target = self.dir.join(name);
            if target.is_dir() {
                return Err(Error::Write {
                    path: target,
                    source: std::io::Error::other("a folder of that name is in the way"),
                });
            }
        }
        let mut ours: BTreeSet<String> = staged.iter().cloned().collect();
        if how == Commit::Add {
            let previous = read_manifest(&self.dir.join(MANIFEST));
            ours.extend(previous.into_iter().filter(|name| self.dir.join(name).is_file()));
        }
        let manifest: String = ours.iter().map(|n| format!("{n}\n")).collect();
        write_synced(&self.staging.join(MANIFEST), manifest.as_bytes())?;
        write_synced(&self.staging.join(READY), b"")?;
        sync_dir(&self.staging);
        // From here on the commit only rolls forward: if it stops, the next command completes it.
        self.committed = true;
        roll_forward(&self.dir, &self.staging)?;
        Ok(staged.iter().map(|n| self.dir.join(n)).collect())
    }
}

impl Drop for OutputFolder {
    fn drop(&mut self) {
        if self.committed {
            return;
        }
        let _ = std::fs::remove_dir_all(&self.staging);
        if self.created {
            // Only removes the folder when nothing is in it.
            let _ = std::fs::remove_dir(&self.dir);
        }
    }
}

/// The names of the plain files in `dir` (not the staging markers), sorted.
fn file_names(dir: &Path) -> Result<Vec<String>> {
    let read_err = |source| Error::Write { path: dir.to_path_buf(), source };
    let mut names = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(read_err)? {
        let entry = entry.map_err(read_err)?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if name != READY && name != MANIFEST && entry.file_type().map_err(read_err)?.is_file() {
            names.push(name);
        }
    }
    names.sort();
    Ok(names)
}

fn read_manifest(path: &Path) -> Vec<String> {
    std::fs::read_to_string(path)
        .map(|text| text.lines().filter(|l| is_plain_name(l)).map(str::to_string).collect())
        .unwrap_or_default()
}

/// A manifest line names a file in the folder itself, never a path elsewhere.
fn is_plain_name(name: &str) -> bool {
    !name.is_empty() && name != "." && name != ".." && !name.contains(['/', '\\'])
}

/// Completes a commit whose staging folder is marked ready: moves the staged files into
/// `dir`, removes the previous run's files that the new manifest does not list, then puts
/// the new manifest in place and removes the staging folder. Every step can be repeated, so
/// an interrupted roll-forward is completed by running it again.
fn roll_forward(dir: &Path, staging: &Path) -> Result<()> {
    let write_err = |path: &Path| {
        let path = path.to_path_buf();
        move |source| Error::Write { path, source }
    };
    let new_manifest = staging.join(MANIFEST);
    if new_manifest.exists() {
        for name in file_names(staging)? {
            let target = dir.join(&name);
            std::fs::rename(staging.join(&name), &target).map_err(write_err(&target))?;
        }
        let keep: BTreeSet<String> = read_manifest(&new_manifest).into_iter().collect();
        for old in read_manifest(&dir.join(MANIFEST)) {
            if !keep.contains(&old) {
                match std::fs::remove_file(dir.join(&old)) {
                    Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                        return Err(write_err(&dir.join(&old))(e));
                    }
                    _ => {}
                }
            }
        }
        std::fs::rename(&new_manifest, dir.join(MANIFEST)).map_err(write_err(&dir.join(MANIFEST)))?;
    }
    sync_dir(dir);
    std::fs::remove_dir_all(staging).map_err(write_err(staging))
}

/// Makes the folder whole after an interrupted run: a ready staging folder is committed, any
/// other is removed, and temporary files of ours (`.NAME.*.tmp`, `.NAME.partial.png`) go.
fn recover(dir: &Path, staging: &Path) -> Result<()> {
    if staging.join(READY).exists() {
        roll_forward(dir, staging)?;
    } else if staging.exists() {
        std::fs::remove_dir_all(staging)
            .map_err(|source| Error::Write { path: staging.to_path_buf(), source })?;
    }
    if let Ok(entries) = std::fs::read_dir(dir) {
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let temporary = name.starts_with('.')
                && (name.ends_with(".tmp")
                    || name.ends_with(".partial.png")
                    || name.ends_with(".partial.gif"));
            if temporary && entry.file_type().is_ok_and(|t| t.is_file()) {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }
    Ok(())
}

fn write_synced(path: &Path, bytes: &[u8]) -> Result<()> {
    use std::io::Write;
    let err = |source| Error::Write { path: path.to_path_buf(), source };
    if let Some(name) = path.file_name().and_then(|n| n.to_str()) {
        super::injected_failure(name).map_err(err)?;
    }
    let mut f = File::create(path).map_err(err)?;
    f.write_all(bytes).map_err(err)?;
    f.sync_all().map_err(err)
}

/// Flushes a folder's entries (the renames) to disk where the platform allows it.
fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }

    fn stage(folder: &OutputFolder, name: &str, text: &str) {
        std::fs::write(folder.staging().join(name), text).unwrap();
    }

    #[test]
    fn a_second_writer_is_refused_while_the_first_holds_the_folder() {
        let dir = tempfile::tempdir().unwrap();
        let first = OutputFolder::open(dir.path()).unwrap();
        let err = OutputFolder::open(dir.path()).unwrap_err();
        assert_eq!(err.exit_code(), 2);
        assert!(err.to_string().contains("another dyad process"), "{err}");
        drop(first);
        OutputFolder::open(dir.path()).expect("free again once the first is done");
    }

    #[test]
    fn a_commit_replaces_our_stale_files_and_keeps_the_users() {
        let dir = tempfile::tempdir().unwrap();
        let f = OutputFolder::open(dir.path()).unwrap();
        stage(&f, "runs.csv", "1");
        stage(&f, "trust.png", "png");
        f.commit(Commit::Replace).unwrap();
        std::fs::write(dir.path().join("notes.txt"), "mine").unwrap();
        let f = OutputFolder::open(dir.path()).unwrap();
        stage(&f, "runs.csv", "2");
        f.commit(Commit::Replace).unwrap();
        assert_eq!(names(dir.path()), [MANIFEST, "notes.txt", "runs.csv"]);
        assert_eq!(std::fs::read_to_string(dir.path().join("runs.csv")).unwrap(), "2");
        // Adding (a redraw) keeps the data.
        let f = OutputFolder::open(dir.path()).unwrap();
        stage(&f, "trust.png", "png2");
        f.commit(Commit::Add).unwrap();
        assert_eq!(names(dir.path()), [MANIFEST, "notes.txt", "runs.csv", "trust.png"]);
        assert_eq!(std::fs::read_to_string(dir.path().join(MANIFEST)).unwrap(), "runs.csv\ntrust.png\n");
    }

    #[test]
    fn a_run_that_fails_before_its_commit_leaves_the_folder_as_it_was() {
        let parent = tempfile::tempdir().unwrap();
        let dir = parent.path().join("out");
        let f = OutputFolder::open(&dir).unwrap();
        stage(&f, "runs.csv", "1");
        drop(f);
        assert!(!dir.exists(), "a folder this run created, and left empty, is removed");
        std::fs::create_dir(&dir).unwrap();
        std::fs::write(dir.join("runs.csv"), "old").unwrap();
        let f = OutputFolder::open(&dir).unwrap();
        stage(&f, "runs.csv", "new");
        drop(f);
        assert_eq!(names(&dir), ["runs.csv"]);
        assert_eq!(std::fs::read_to_string(dir.join("runs.csv")).unwrap(), "old");
    }

    #[test]
    fn a_killed_run_leaves_nothing_that_the_next_run_does_not_clean_up() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("runs.csv"), "old").unwrap();
        // What a kill leaves: a staging folder not yet ready, and temporary files.
        std::fs::create_dir(dir.path().join(STAGING)).unwrap();
        std::fs::write(dir.path().join(STAGING).join("runs.csv"), "half").unwrap();
        std::fs::write(dir.path().join(".runs.csv.a1b2.tmp"), "half").unwrap();
        std::fs::write(dir.path().join(".trust.partial.png"), "half").unwrap();
        let f = OutputFolder::open(dir.path()).unwrap();
        drop(f);
        assert_eq!(names(dir.path()), ["runs.csv"]);
        assert_eq!(std::fs::read_to_string(dir.path().join("runs.csv")).unwrap(), "old");
    }

    #[test]
    fn a_commit_interrupted_after_it_was_ready_is_completed_by_the_next_run() {
        let dir = tempfile::tempdir().unwrap();
        let f = OutputFolder::open(dir.path()).unwrap();
        stage(&f, "runs.csv", "1");
        stage(&f, "trust.png", "1");
        f.commit(Commit::Replace).unwrap();
        // A commit killed after one of its renames: the new runs.csv is in place, the rest staged.
        let staging = dir.path().join(STAGING);
        std::fs::create_dir(&staging).unwrap();
        std::fs::write(staging.join("summary.json"), "2").unwrap();
        std::fs::write(staging.join(MANIFEST), "runs.csv\nsummary.json\n").unwrap();
        std::fs::write(staging.join(READY), "").unwrap();
        std::fs::write(dir.path().join("runs.csv"), "2").unwrap();
        drop(OutputFolder::open(dir.path()).unwrap());
        assert_eq!(names(dir.path()), [MANIFEST, "runs.csv", "summary.json"]);
        assert_eq!(std::fs::read_to_string(dir.path().join("summary.json")).unwrap(), "2");
    }

    #[test]
    fn a_folder_in_the_way_stops_the_commit_before_any_rename() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("runs.csv"), "old").unwrap();
        std::fs::create_dir(dir.path().join("trust.png")).unwrap();
        let f = OutputFolder::open(dir.path()).unwrap();
        stage(&f, "runs.csv", "new");
        stage(&f, "trust.png", "new");
        assert!(f.commit(Commit::Replace).is_err());
        assert_eq!(names(dir.path()), ["runs.csv", "trust.png"]);
        assert_eq!(std::fs::read_to_string(dir.path().join("runs.csv")).unwrap(), "old");
    }

    #[test]
    fn a_manifest_cannot_name_files_outside_the_folder() {
        let parent = tempfile::tempdir().unwrap();
        let dir = parent.path().join("out");
        std::fs::create_dir(&dir).unwrap();
        std::fs::write(parent.path().join("precious.txt"), "keep").unwrap();
        std::fs::write(dir.join(MANIFEST), "../precious.txt\n/etc/passwd\n").unwrap();
        let f = OutputFolder::open(&dir).unwrap();
        stage(&f, "runs.csv", "1");
        f.commit(Commit::Replace).unwrap();
        assert!(parent.path().join("precious.txt").exists());
    }
}
