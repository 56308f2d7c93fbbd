//! Tests of loading a scenario: diagnostics, overrides, names and outcome windows.

use super::*;

const OK: &str = "name = \"t\"\n[partner.a]\nanxiety = 0.8\navoidance = 0.2\n[partner.b]\nanxiety = 0.2\navoidance = 0.8\n";

fn diags(text: &str, overrides: &[&str]) -> Vec<Diagnostic> {
    let o: Vec<Override> = overrides.iter().map(|s| s.parse().unwrap()).collect();
    match load_str(text, "t.toml", "t", &o) {
        Err(Error::Invalid(d)) => d,
        other => panic!("expected invalid, got {other:?}"),
    }
}

#[test]
fn a_minimal_file_gets_defaults() {
    let sc = load_str(OK, "t.toml", "t", &[]).unwrap();
    assert_eq!(sc.steps, 1095, "three years under the default model");
    assert_eq!(sc.partner.a.name, "A");
    assert_eq!(sc.partner.b.avoidance, 0.8);
}

#[test]
fn out_of_range_trait_is_located() {
    let text = OK.replace("anxiety = 0.8", "anxiety = 1.4");
    let d = &diags(&text, &[])[0];
    assert_eq!(d.position, Some((3, 11)));
    assert_eq!(d.path.as_deref(), Some("partner.a.anxiety"));
    assert!(d.message.contains("out of range"));
    assert!(d.help[0].contains("0 to 1"));
}

#[test]
fn ecr_scale_is_converted_and_checked() {
    let text = OK
        .replace("[partner.a]\n", "[partner.a]\nscale = \"ecr\"\n")
        .replace("anxiety = 0.8", "anxiety = 5.8")
        .replace("avoidance = 0.2", "avoidance = 2.2");
    let sc = load_str(&text, "t.toml", "t", &[]).unwrap();
    assert!((sc.partner.a.anxiety - 0.8).abs() < 1e-12);
    assert!((sc.partner.a.avoidance - 0.2).abs() < 1e-12);
    let bad = text.replace("anxiety = 5.8", "anxiety = 7.5");
    assert!(diags(&bad, &[])[0].help[0].contains("1 to 7"));
}

#[test]
fn typo_suggests_the_key() {
    let text = OK.replace("avoidance = 0.2", "avoidence = 0.2");
    let d = &diags(&text, &[])[0];
    assert_eq!(d.position.unwrap().0, 4);
    assert!(d.help.iter().any(|h| h.contains("did you mean `avoidance`")), "{d:?}");
}

#[test]
fn overrides_are_validated_like_the_file() {
    let sc = load_str(OK, "t.toml", "t", &["partner.a.anxiety=0.3".parse().unwrap()]).unwrap();
    assert_eq!(sc.partner.a.anxiety, 0.3);
    let d = &diags(OK, &["partner.a.anxiety=3"])[0];
    assert!(d.origin.starts_with("--set"));
    let d = &diags(OK, &["partner.a.anxeity=0.3"])[0];
    assert!(d.help.iter().any(|h| h.contains("did you mean `anxiety`")), "{d:?}");
    let sc = load_str(OK, "t.toml", "t", &["partner.a.name=Sam Lee".parse().unwrap()]).unwrap();
    assert_eq!(sc.partner.a.name, "Sam Lee");
}

#[test]
fn missing_partner_is_reported() {
    let text = "[partner.a]\nanxiety = 0.8\navoidance = 0.2\n";
    let d = &diags(text, &[])[0];
    assert!(d.message.contains("[partner.b]"));
}

#[test]
fn short_runs_labelled_settled_are_refused() {
    let d = &diags(OK, &["steps=1"])[0];
    assert!(d.message.contains("steps = 1 is shorter than [outcome] horizon_window = 180"), "{d:?}");
    assert!(d.message.contains("read from the last 180 days"), "{d:?}");
    assert!(d.help[0].contains("use at least 180 steps, or lower outcome.horizon_window"), "{d:?}");
    assert!(d.origin.starts_with("--set steps=1"));
    let lowered = ["steps=30", "outcome.horizon_window=30"].map(|o| o.parse().unwrap());
    assert_eq!(load_str(OK, "t.toml", "t", &lowered).unwrap().steps, 30, "as long as the window is fine");
    // Model version 1 reads its label from the last `window` (60) steps.
    let v1 = format!("steps = 59\n{OK}[model]\nversion = 1\n");
    let d = &diags(&v1, &[])[0];
    assert!(d.message.contains("steps = 59 is shorter than [outcome] window = 60"), "{d:?}");
    assert_eq!(d.position, Some((1, 9)));
    assert!(load_str(&v1.replace("59", "60"), "t.toml", "t", &[]).is_ok());
    // A window longer than the default run is located at the window.
    let d = &diags(&format!("{OK}[outcome]\nhorizon_window = 2000\n"), &[])[0];
    assert_eq!(d.path.as_deref(), Some("outcome.horizon_window"));
    // A steps value out of range is reported once.
    assert_eq!(diags(OK, &["steps=0"]).len(), 1);
}

#[test]
fn a_file_name_that_cannot_name_a_folder_needs_a_name() {
    let nameless = OK.replace("name = \"t\"\n", "");
    let d = &diags_named(&nameless, "..")[0];
    assert!(d.message.contains("has no `name`") && d.message.contains("\"..\""), "{d:?}");
    assert!(load_str(OK, "...toml", "..", &[]).is_ok(), "a valid `name` wins over the file name");
    for bad in ["", "/abs/path", "../../x", ".."] {
        let text = OK.replace("name = \"t\"", &format!("name = {bad:?}"));
        let d = &diags(&text, &[])[0];
        assert_eq!(d.position, Some((1, 8)), "{bad:?}: {d:?}");
        assert!(d.message.contains("cannot name an output folder"), "{bad:?}: {d:?}");
    }
}

fn diags_named(text: &str, default_name: &str) -> Vec<Diagnostic> {
    match load_str(text, "x.toml", default_name, &[]) {
        Err(Error::Invalid(d)) => d,
        other => panic!("expected invalid, got {other:?}"),
    }
}

#[test]
fn validate_reports_unknown_keys_type_and_range_errors_at_once_in_file_order() {
    let text = "name = \"t\"\nstepz = 10\n[partner.a]\nanxeity = 0.8\navoidance = 0.2\n\
                [partner.b]\nanxiety = 1.4\navoidance = \"high\"\ninitial_trust = 2\n\
                [model]\nnot_a_key = true\n";
    let d = diags(text, &[]);
    let at: Vec<(usize, usize)> = d.iter().map(|d| d.position.unwrap()).collect();
    assert_eq!(at, vec![(2, 1), (4, 1), (7, 11), (8, 13), (9, 17), (11, 1)], "{d:#?}");
    let paths: Vec<&str> = d.iter().map(|d| d.path.as_deref().unwrap()).collect();
    assert_eq!(
        paths,
        [
            "stepz",
            "partner.a.anxeity",
            "partner.b.anxiety",
            "partner.b.avoidance",
            "partner.b.initial_trust",
            "model.not_a_key"
        ]
    );
    let help = |i: usize| d[i].help.join("\n");
    assert!(help(0).contains("did you mean `steps`?"), "{}", help(0));
    assert!(help(1).contains("did you mean `anxiety`?"), "{}", help(1));
    assert!(d[2].message.contains("out of range") && help(2).contains("0 to 1"), "{:?}", d[2]);
    assert!(d[3].message.contains("expected a number") && help(3).contains("0 to 1"), "{:?}", d[3]);
    assert!(d[4].message.contains("out of range"), "{:?}", d[4]);
    assert!(d[5].message.contains("unknown field `not_a_key`"), "{:?}", d[5]);
}

#[test]
fn a_value_with_a_type_and_a_range_problem_is_reported_once() {
    let d = diags(&format!("steps = -5\n{OK}"), &[]);
    assert_eq!(d.len(), 1, "{d:#?}");
    assert!(d[0].help.iter().any(|h| h.contains("from 1 to 36500")), "{d:#?}");
}

#[test]
fn all_range_problems_are_reported_at_once() {
    let text = OK.replace("anxiety = 0.8", "anxiety = 1.4").replace("avoidance = 0.8", "avoidance = -1");
    assert_eq!(diags(&text, &[]).len(), 2);
}
