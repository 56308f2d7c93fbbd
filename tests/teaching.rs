//! The classroom surface that needs no simulation: every built-in scenario's teaching notes are
//! present and substantial, `dyad show` prints them readably before the TOML, and shell
//! completions and the manual page are generated.

use assert_cmd::Command;
use dyad::scenario::builtin;

fn dyad() -> Command {
    Command::cargo_bin("dyad").unwrap()
}

#[test]
fn every_builtin_has_teaching_notes_an_educator_can_read_aloud() {
    for name in builtin::names() {
        let sc = dyad::scenario::load(name, &[]).unwrap();
        let t = &sc.teaching;
        assert!(sc.description.len() >= 40, "{name}: description");
        assert!(t.what.split_whitespace().count() >= 40, "{name}: `what` has at least 40 words");
        assert!(t.notice.len() >= 2, "{name}: at least two things to notice");
        assert!(t.things_to_try.len() >= 2, "{name}: at least two things to try");
        for item in t.notice.iter().chain(&t.things_to_try) {
            assert!(item.split_whitespace().count() >= 5, "{name}: `{item}` is too short to teach with");
        }
        for p in [&sc.partner.a, &sc.partner.b] {
            assert!(t.what.contains(&p.name), "{name}: the notes name {}", p.name);
        }
    }
}

#[test]
fn show_prints_the_notes_before_the_toml() {
    let out = dyad().args(["show", "anxious-avoidant"]).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let (notes, toml) = text.split_once("\nname = ").expect("notes, then the TOML");
    for heading in ["# What it is", "# Things to notice", "# Things to try"] {
        assert!(notes.contains(heading), "{heading}");
    }
    assert!(notes.lines().all(|l| l.is_empty() || l.starts_with('#')), "the notes are TOML comments");
    assert!(notes.lines().all(|l| l.chars().count() <= 80), "wrapped for a terminal");
    assert!(toml.contains("[partner.a]"));
}

#[test]
fn completions_are_generated_for_bash_zsh_and_fish() {
    for (shell, marker) in [("bash", "complete -F"), ("zsh", "#compdef dyad"), ("fish", "complete -c dyad")] {
        let out = dyad().args(["completions", shell]).output().unwrap();
        assert!(out.status.success(), "{shell}");
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(text.contains(marker), "{shell}: {marker}");
        for sub in ["run", "sweep", "merge", "explain", "animate", "compare"] {
            assert!(text.contains(sub), "{shell} completes `{sub}`");
        }
    }
}

#[test]
fn the_man_page_describes_the_commands() {
    let out = dyad().arg("man").output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains(".TH dyad 1"));
    assert!(text.contains("pursue"));
    for sub in ["run", "sweep", "explain", "completions"] {
        assert!(text.contains(sub), "man page mentions {sub}");
    }
}

#[test]
fn a_closed_pipe_is_not_an_error() {
    // `dyad man | head -1`: the reader goes away; dyad must exit quietly, without a panic.
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_dyad"))
        .arg("man")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked") && !stderr.contains("Broken pipe"), "{stderr}");
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn new_writes_a_commented_file_that_validates() {
    let tmp = tempfile::tempdir().unwrap();
    dyad().current_dir(tmp.path()).args(["new", "my.toml", "--from", "therapy-eft"]).assert().success();
    let text = std::fs::read_to_string(tmp.path().join("my.toml")).unwrap();
    for key in ["anxiety", "avoidance", "issue_rate", "trust_rate", "[[intervention]]", "stage_lengths"] {
        assert!(text.contains(key), "{key}");
    }
    let commented_keys =
        text.lines().filter(|l| l.starts_with("# ") && l.contains(';') && l.contains("default")).count();
    assert!(commented_keys > 60, "every key explained ({commented_keys})");
    dyad().current_dir(tmp.path()).args(["validate", "my.toml"]).assert().success();
}
