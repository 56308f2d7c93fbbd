//! Values that are accepted must run within a documented memory bound; larger ones are refused
//! with exit code 2 before any work (issue 11, item 4).

use assert_cmd::Command;

fn dyad(dir: &std::path::Path, args: &[&str]) -> std::process::Output {
    Command::cargo_bin("dyad").unwrap().current_dir(dir).args(args).output().unwrap()
}

fn refused(out: &std::process::Output) -> String {
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.starts_with("error: ") && !stderr.contains("panicked"), "{stderr}");
    stderr
}

#[test]
fn a_million_steps_are_refused_before_any_work_and_say_why() {
    let tmp = tempfile::tempdir().unwrap();
    let e =
        refused(&dyad(tmp.path(), &["run", "anxious-avoidant", "--steps", "1000000", "-q", "--out", "o"]));
    assert!(e.contains("1 to 36500") && e.contains("memory"), "{e}");
    assert!(!tmp.path().join("o").exists(), "nothing was written");
    std::fs::write(tmp.path().join("long.toml"), "name = \"long\"\nsteps = 100000\n").unwrap();
    let e = refused(&dyad(tmp.path(), &["validate", "long.toml"]));
    assert!(e.contains("long.toml:2") && e.contains("steps"), "{e}");
}

#[test]
fn ten_million_replicates_are_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let e = refused(&dyad(tmp.path(), &["run", "anxious-avoidant", "-n", "10000000", "-q", "--out", "o"]));
    assert!(e.contains("1 to 1000000"), "{e}");
    // In a sweep file the error points at the sweep's own `replicates`, once, not at every axis.
    let sweep = "name = \"s\"\nbase = \"anxious-avoidant\"\nreplicates = 2000000\nseed = 1\n[[axis]]\n\
                 param = \"partner.a.anxiety\"\nvalues = [0.2, 0.8]\n";
    std::fs::write(tmp.path().join("s.toml"), sweep).unwrap();
    let e = refused(&dyad(tmp.path(), &["sweep", "s.toml", "-q", "--out", "o"]));
    assert!(e.starts_with("error: s.toml:3:14: replicates = 2000000 is out of range"), "{e}");
    assert!(e.contains("1 to 1000000") && !e.contains("axis 1"), "{e}");
    assert!(!tmp.path().join("o").exists(), "nothing was written");
}

#[test]
fn a_very_large_sweep_grid_is_refused_by_validate_without_building_it() {
    let tmp = tempfile::tempdir().unwrap();
    let axis = |p: &str| format!("[[axis]]\nparam = \"{p}\"\nfrom = 0.0\nto = 1.0\nsteps = 4000000000\n");
    let text = format!(
        "name = \"huge\"\nbase = \"anxious-avoidant\"\nreplicates = 1\nseed = 1\n{}{}{}",
        axis("partner.a.anxiety"),
        axis("partner.b.avoidance"),
        axis("partner.a.avoidance")
    );
    std::fs::write(tmp.path().join("huge.toml"), text).unwrap();
    let e = refused(&dyad(tmp.path(), &["validate", "huge.toml"]));
    assert!(e.contains("more than a sweep can hold"), "{e}");
    let grid = "name = \"grid\"\nbase = \"anxious-avoidant\"\nreplicates = 1\nseed = 1\n[[axis]]\nparam = \"partner.a.anxiety\"\nfrom = 0.0\nto = 1.0\nsteps = 2000\n[[axis]]\nparam = \"partner.b.avoidance\"\nfrom = 0.0\nto = 1.0\nsteps = 2000\n";
    std::fs::write(tmp.path().join("grid.toml"), grid).unwrap();
    let e = refused(&dyad(tmp.path(), &["validate", "grid.toml"]));
    assert!(e.contains("2000 x 2000 points"), "{e}");
    let sampled = "name = \"s\"\nbase = \"anxious-avoidant\"\nreplicates = 1\nseed = 1\ndesign = \"random\"\nsamples = 4000000000\n[[axis]]\nparam = \"partner.a.anxiety\"\nfrom = 0.0\nto = 1.0\n";
    std::fs::write(tmp.path().join("s.toml"), sampled).unwrap();
    refused(&dyad(tmp.path(), &["validate", "s.toml"]));
}

#[test]
fn a_shard_count_beyond_any_sweep_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let sweep = "name = \"s\"\nbase = \"anxious-avoidant\"\nreplicates = 2\nseed = 1\n[[axis]]\nparam = \"steps\"\nvalues = [200]\n";
    std::fs::write(tmp.path().join("s.toml"), sweep).unwrap();
    let e = refused(&dyad(tmp.path(), &["sweep", "s.toml", "--shard", "1/4294967295", "-q", "--yes"]));
    assert!(e.contains("at most 1000000 shards"), "{e}");
}

#[test]
fn the_sweep_plan_states_its_memory() {
    let tmp = tempfile::tempdir().unwrap();
    let sweep = "name = \"s\"\nbase = \"anxious-avoidant\"\nreplicates = 2\nseed = 1\n[[axis]]\nparam = \"steps\"\nvalues = [200, 400]\n";
    std::fs::write(tmp.path().join("s.toml"), sweep).unwrap();
    let out = dyad(tmp.path(), &["sweep", "s.toml", "-q", "--yes", "--no-plots", "--out", "o"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success() && stdout.contains("memory about"), "{stdout}");
}

#[test]
fn a_zip_of_steps_and_horizon_windows_is_checked_on_its_own_pairs() {
    let tmp = tempfile::tempdir().unwrap();
    let sweep = |design: &str| {
        format!(
            "name = \"w\"\nbase = \"anxious-avoidant\"\nreplicates = 2\nseed = 1\ndesign = \"{design}\"\n\
             [[axis]]\nparam = \"steps\"\nvalues = [400, 200]\n\
             [[axis]]\nparam = \"outcome.horizon_window\"\nvalues = [300, 100]\n"
        )
    };
    std::fs::write(tmp.path().join("zip.toml"), sweep("zip")).unwrap();
    let out = dyad(tmp.path(), &["validate", "zip.toml"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    // The grid has the pair (200, 300): a run shorter than its window.
    std::fs::write(tmp.path().join("grid.toml"), sweep("grid")).unwrap();
    let e = refused(&dyad(tmp.path(), &["validate", "grid.toml"]));
    assert!(e.contains("steps = 200") && e.contains("horizon_window = 300"), "{e}");
}

#[test]
fn merge_of_a_folder_claiming_billions_of_shards_is_refused_without_counting_them() {
    let tmp = tempfile::tempdir().unwrap();
    let sweep = "name = \"s\"\nbase = \"anxious-avoidant\"\nreplicates = 2\nseed = 1\n[[axis]]\nparam = \"steps\"\nvalues = [200, 300]\n";
    std::fs::write(tmp.path().join("s.toml"), sweep).unwrap();
    let out = dyad(tmp.path(), &["sweep", "s.toml", "--shard", "1/2", "--out", "a", "-q", "--yes"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let manifest = tmp.path().join("a/sweep.json");
    let text = std::fs::read_to_string(&manifest).unwrap();
    for (count, expect) in
        [("4294967295", "more shards than a sweep can have"), ("1000000", "and 999989 more")]
    {
        let edited = text.replace("\"count\": 2", &format!("\"count\": {count}"));
        assert_ne!(edited, text, "the manifest records the shard count");
        std::fs::write(&manifest, edited).unwrap();
        let e = refused(&dyad(tmp.path(), &["merge", "a", "--out", "m"]));
        assert!(e.contains(expect), "{e}");
    }
}
