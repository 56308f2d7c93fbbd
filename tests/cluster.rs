//! docs/CLUSTER.md's recipes, run as written: the Slurm job files and commands that
//! `scripts/slurm-check` reads from the doc (checked here to be the doc's marked blocks, so the
//! doc cannot drift from what is tested), the Slurm check itself when Slurm is installed (or
//! `DYAD_SLURM_CHECK=1`), and the `xargs -P` (and, when installed, GNU parallel) recipe on a
//! small sweep, merged and compared byte for byte with an unsharded run.

use std::path::{Path, PathBuf};
use std::process::Command;

const DYAD: &str = env!("CARGO_BIN_EXE_dyad");

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn doc() -> String {
    std::fs::read_to_string(root().join("docs/CLUSTER.md")).expect("read docs/CLUSTER.md")
}

/// The fenced block after the line `<!-- {kind}: {name} -->`, without its fences, each line
/// followed by a newline; None when the marker or its block is missing.
fn marked_block(doc: &str, kind: &str, name: &str) -> Option<String> {
    let marker = format!("<!-- {kind}: {name} -->");
    let mut lines = doc.lines().skip_while(|l| *l != marker).skip(1);
    lines.by_ref().find(|l| l.starts_with("```"))?;
    let mut block = String::new();
    for line in lines {
        if line.starts_with("```") {
            return Some(block);
        }
        block.push_str(line);
        block.push('\n');
    }
    None
}

fn on_path(program: &str) -> Option<PathBuf> {
    std::env::var_os("PATH")?.to_str()?.split(':').map(|d| Path::new(d).join(program)).find(|p| p.is_file())
}

fn is_root() -> bool {
    Command::new("id").arg("-u").output().is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

#[test]
fn slurm_recipe_blocks_are_what_slurm_check_reads() {
    let doc = doc();
    for name in ["sweep.sbatch", "merge.sbatch", "submit", "rerun"] {
        let block = marked_block(&doc, "slurm-recipe", name)
            .unwrap_or_else(|| panic!("docs/CLUSTER.md has no block after <!-- slurm-recipe: {name} -->"));
        assert!(!block.trim().is_empty(), "the {name} block is empty");
        let out = Command::new("bash")
            .arg(root().join("scripts/slurm-check"))
            .args(["--extract", name])
            .output()
            .expect("run scripts/slurm-check --extract");
        assert!(
            out.status.success(),
            "slurm-check --extract {name}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(String::from_utf8_lossy(&out.stdout), block, "slurm-check reads another {name} block");
    }

    // The lines slurm-check edits, as a user would, are there once each and agree.
    let sweep = marked_block(&doc, "slurm-recipe", "sweep.sbatch").unwrap();
    let one = |prefix: &str| {
        let found: Vec<&str> = sweep.lines().filter(|l| l.starts_with(prefix)).collect();
        assert_eq!(found.len(), 1, "sweep.sbatch needs exactly one line starting with {prefix:?}");
        found[0].to_string()
    };
    let array = one("#SBATCH --array=1-");
    let n = one("N=");
    assert_eq!(
        array.trim_start_matches("#SBATCH --array=1-"),
        n.trim_start_matches("N="),
        "--array and N differ"
    );
    one("#SBATCH --cpus-per-task=");
    one("DYAD=");
    one("SWEEP=");
    assert!(sweep.contains("\"$DYAD\" sweep \"$SWEEP\""), "sweep.sbatch must run \"$DYAD\" sweep \"$SWEEP\"");
    assert!(sweep.contains("\"$@\""), "sweep.sbatch must pass extra arguments on to dyad");
    let merge = marked_block(&doc, "slurm-recipe", "merge.sbatch").unwrap();
    assert!(merge.lines().any(|l| l.starts_with("DYAD=")), "merge.sbatch needs a DYAD= line");
    assert!(merge.contains("--kill-on-invalid-dep=yes"));
    let submit = marked_block(&doc, "slurm-recipe", "submit").unwrap();
    assert!(submit.contains("--dependency=afterok:"));
    let rerun = marked_block(&doc, "slurm-recipe", "rerun").unwrap();
    assert!(rerun.contains("--resume") && rerun.contains("--dependency=afterok:"));
}

#[test]
fn slurm_check_runs_when_slurm_is_installed() {
    let forced = std::env::var("DYAD_SLURM_CHECK").is_ok_and(|v| v == "1");
    if !forced {
        if on_path("sbatch").is_none() {
            eprintln!(
                "skipped: no sbatch on PATH (set DYAD_SLURM_CHECK=1 to run scripts/slurm-check anyway)"
            );
            return;
        }
        if !is_root() {
            eprintln!("skipped: scripts/slurm-check runs as root (set DYAD_SLURM_CHECK=1 to run it anyway)");
            return;
        }
    }
    let out = Command::new("bash")
        .arg(root().join("scripts/slurm-check"))
        .env("DYAD_BIN", DYAD)
        .output()
        .expect("run scripts/slurm-check");
    let stdout = String::from_utf8_lossy(&out.stdout);
    eprintln!("{stdout}{}", String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success(), "scripts/slurm-check failed");
    assert!(stdout.contains("slurm-check: PASS"));
}

/// A project folder as in the doc, whose `sweeps/anxiety-avoidance.toml` is a small sweep
/// (6 x 6 points, 20 replicates, 365 steps), with `dyad` on the PATH; returns the folder and
/// the PATH to run the recipe with.
fn small_project(dir: &Path) -> (PathBuf, String) {
    let project = dir.join("project");
    std::fs::create_dir_all(project.join("sweeps")).unwrap();
    let couple = std::fs::read_to_string(root().join("scenarios/anxious-avoidant.toml")).unwrap();
    assert!(couple.contains("\nsteps = 1095\n"));
    std::fs::write(project.join("sweeps/couple.toml"), couple.replace("\nsteps = 1095\n", "\nsteps = 365\n"))
        .unwrap();
    std::fs::write(
        project.join("sweeps/anxiety-avoidance.toml"),
        "name = \"anxiety-avoidance\"\nbase = \"couple.toml\"\nreplicates = 20\nseed = 2026\n\n\
         [[axis]]\nparam = \"partner.a.anxiety\"\nfrom = 0.0\nto = 1.0\nsteps = 6\n\n\
         [[axis]]\nparam = \"partner.b.avoidance\"\nfrom = 0.0\nto = 1.0\nsteps = 6\n",
    )
    .unwrap();
    let bin = dir.join("bin");
    std::fs::create_dir_all(&bin).unwrap();
    std::os::unix::fs::symlink(DYAD, bin.join("dyad")).unwrap();
    let path = format!("{}:{}", bin.display(), std::env::var("PATH").unwrap_or_default());
    (project, path)
}

/// Runs `block` with bash in `project`, then compares results/merged/sweep.csv with an
/// unsharded run of the same sweep file.
fn run_recipe_and_compare(project: &Path, path: &str, block: &str) {
    let out = Command::new("bash")
        .args(["-euo", "pipefail", "-c", block])
        .current_dir(project)
        .env("PATH", path)
        .output()
        .expect("run the recipe with bash");
    assert!(
        out.status.success(),
        "the recipe failed:\n{block}\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("merged 8 shards into results/merged"));
    let status = Command::new(DYAD)
        .args([
            "sweep",
            "sweeps/anxiety-avoidance.toml",
            "--out",
            "unsharded",
            "--quiet",
            "--yes",
            "--no-plots",
        ])
        .current_dir(project)
        .output()
        .unwrap();
    assert!(status.status.success(), "{}", String::from_utf8_lossy(&status.stderr));
    let merged = std::fs::read(project.join("results/merged/sweep.csv")).unwrap();
    let unsharded = std::fs::read(project.join("unsharded/sweep.csv")).unwrap();
    assert_eq!(merged.len(), unsharded.len());
    assert!(merged == unsharded, "merged sweep.csv differs from the unsharded run");
}

#[test]
fn xargs_recipe_merges_to_the_unsharded_sweep() {
    let block = marked_block(&doc(), "parallel-recipe", "xargs")
        .expect("docs/CLUSTER.md has no block after <!-- parallel-recipe: xargs -->");
    assert!(block.contains("xargs -P") && block.contains("dyad merge"), "the xargs block:\n{block}");
    let dir = tempfile::tempdir().unwrap();
    let (project, path) = small_project(dir.path());
    run_recipe_and_compare(&project, &path, &block);
}

#[test]
fn gnu_parallel_recipe_merges_to_the_unsharded_sweep() {
    let block = marked_block(&doc(), "parallel-recipe", "parallel")
        .expect("docs/CLUSTER.md has no block after <!-- parallel-recipe: parallel -->");
    assert!(block.contains("parallel -j") && block.contains("dyad merge"), "the parallel block:\n{block}");
    let gnu = on_path("parallel").is_some_and(|p| {
        Command::new(p)
            .arg("--version")
            .output()
            .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).contains("GNU parallel"))
    });
    if !gnu {
        eprintln!("skipped: GNU parallel is not installed (the xargs recipe is run instead)");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let (project, path) = small_project(dir.path());
    run_recipe_and_compare(&project, &path, &block);
}
