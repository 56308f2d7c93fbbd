//! `dyad explain`: the story of one run, checked against the run itself.
//!
//! Every fact the story tells is recomputed here from the run with an observer of our own
//! (the first pursue-withdraw day, trust, hopelessness and contempt crossings, burnout, issues
//! piling up, the effect of an intervention, the ending, its day and what the label saw), on
//! replicate 0 of point 0: the run `dyad run` reports first. Model version 2 is the default;
//! the tests of version 1's story pin `model.version=1`. The binary is run through `assert_cmd` (stdout is not a terminal, so the text
//! is wrapped to 80 columns) and compared with the library.

use assert_cmd::Command;
use dyad::classroom::narrate::explain;
use dyad::engine::{Observer, run_replicate};
use dyad::metrics::{Outcome, RunSummary};
use dyad::model::{DyadState, Strategy};
use dyad::scenario::{self, Override, Scenario};

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

/// `dyad explain ARGS...`: stdout, checked to succeed.
fn cli(args: &[&str]) -> String {
    let out =
        Command::cargo_bin("dyad").unwrap().arg("explain").args(args).assert().success().get_output().clone();
    String::from_utf8(out.stdout).unwrap()
}

/// A scenario as the CLI loads it, with `--seed`, `--steps` or `--set` style overrides.
fn load(name: &str, options: &[(&str, &str)]) -> Scenario {
    let overrides: Vec<Override> = options
        .iter()
        .map(|&(key, value)| match key {
            "seed" | "steps" => Override::option(&format!("--{key}"), key, value),
            path => Override::new(path, value),
        })
        .collect();
    scenario::load(name, &overrides).unwrap()
}

/// Every state of replicate 0 (index = day) and its summary.
struct Trace {
    states: Vec<DyadState>,
    summary: RunSummary,
}

struct Recorder(Vec<DyadState>);

impl Observer for Recorder {
    fn observe(&mut self, _: u32, state: &DyadState) {
        self.0.push(*state);
    }
}

impl Trace {
    fn of(sc: &Scenario) -> Trace {
        let mut r = Recorder(Vec::new());
        let summary = run_replicate(sc, 0, 0, &mut r);
        Trace { states: r.0, summary }
    }

    fn last(&self) -> u32 {
        self.summary.steps_run
    }

    fn pw(&self, day: u32) -> bool {
        day >= 1 && self.states[day as usize].pursue_withdraw()
    }

    fn first_pw(&self) -> Option<u32> {
        (1..=self.last()).find(|&d| self.pw(d))
    }

    /// The first day on which `f(day before, day)` holds.
    fn first(&self, f: impl Fn(&DyadState, &DyadState) -> bool) -> Option<u32> {
        (1..=self.last()).find(|&d| f(&self.states[d as usize - 1], &self.states[d as usize]))
    }
}

/// Every day number the text mentions: "Day 12", "day 12", "days 35 to 38".
fn days_mentioned(text: &str) -> Vec<u32> {
    let words: Vec<&str> = text.split_whitespace().collect();
    let number = |w: &str| w.trim_end_matches(|c: char| !c.is_ascii_digit()).parse::<u32>().ok();
    let mut out = Vec::new();
    for (k, w) in words.iter().enumerate() {
        let w = w.trim_start_matches('(').to_lowercase();
        if (w == "day" || w == "days")
            && let Some(n) = words.get(k + 1).and_then(|x| number(x))
        {
            out.push(n);
            if words.get(k + 2) == Some(&"to")
                && let Some(m) = words.get(k + 3).and_then(|x| number(x))
            {
                out.push(m);
            }
        }
    }
    out
}

/// The text as one line, for phrases that the wrap may have broken.
fn flat(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The paragraphs of the story.
fn paragraphs(text: &str) -> Vec<String> {
    text.split("\n\n").map(flat).filter(|p| !p.is_empty()).collect()
}

/// The day a paragraph opens with: "Day N:" or, in a run longer than a year, "Day N (month M):"
/// with the right month (days 1 to 30 are month 1, and 3 years have 36 months).
fn day_of_paragraph(p: &str) -> Option<u32> {
    let rest = p.strip_prefix("Day ")?;
    let head = rest.split(':').next()?;
    match head.split_once(" (month ") {
        None => head.parse().ok(),
        Some((day, month)) => {
            let day: u32 = day.parse().ok()?;
            let month: u32 = month.strip_suffix(')')?.parse().ok()?;
            let expected = ((f64::from(day) / (365.0 / 12.0)).ceil() as u32).max(1);
            assert_eq!(month, expected, "day {day} is in month {expected}: {p}");
            Some(day)
        }
    }
}

/// The paragraph that begins "Day N:" (or "Day N (month M):"), if any.
fn paragraph_of_day(text: &str, day: u32) -> Option<String> {
    paragraphs(text).into_iter().find(|p| day_of_paragraph(p) == Some(day))
}

/// The first day on which partner `i`'s value `f` rises above `level` (from at or below it).
fn first_above(trace: &Trace, i: usize, level: f64, f: fn(&dyad::model::Partner) -> f64) -> Option<u32> {
    trace.first(|a, b| f(&a.partners[i]) <= level && f(&b.partners[i]) > level)
}

/// Whether `name`'s crossing (`what`, e.g. "hopelessness passed 0.3") is told on `day`: as
/// "Sam's ... on day N", in the paragraph of that day, or as the second partner of a sentence
/// on the same crossing ("Sam's trust fell below 0.5 on day 8, and Alex's on day 11").
fn crossing_told(raw: &str, name: &str, what: &str, day: u32) -> bool {
    let text = flat(raw);
    let second = format!("and {name}'s on day {day}");
    let in_sentence = text.match_indices(&second).any(|(k, _)| {
        let start = text[..k].rfind(". ").map_or(0, |s| s + 2);
        text[start..k].contains(&format!("'s {what}"))
    });
    in_sentence
        || text.contains(&format!("{name}'s {what} on day {day}"))
        || paragraph_of_day(raw, day).is_some_and(|p| {
            p.contains(&format!("{name}'s {what}")) || p.contains(&format!("both partners' {what}"))
        })
}

/// Whether the story names `day`, as a paragraph's day or inside one.
fn names_day(text: &str, day: u32) -> bool {
    days_mentioned(text).contains(&day)
}

/// Every built-in scenario, as `dyad list` shows them.
fn builtins() -> Vec<&'static str> {
    dyad::scenario::builtin::names().collect()
}

// ---------------------------------------------------------------------------------------------
// Determinism and form
// ---------------------------------------------------------------------------------------------

#[test]
fn same_seed_gives_the_same_story_and_the_binary_tells_the_library_run() {
    let first = cli(&["anxious-avoidant"]);
    let second = cli(&["anxious-avoidant", "--seed", "42"]);
    assert_eq!(first, second, "seed 42 is the scenario's own seed");
    let library = explain(&load("anxious-avoidant", &[]), 0, 80);
    assert_eq!(first, library);
}

#[test]
fn a_different_seed_gives_a_different_story() {
    let a = cli(&["anxious-avoidant", "--seed", "1"]);
    let b = cli(&["anxious-avoidant", "--seed", "2"]);
    assert_ne!(a, b);
    assert!(a.contains("seed 1") && b.contains("seed 2"));
}

#[test]
fn lines_fit_the_width() {
    for name in builtins() {
        let text = cli(&[name]);
        for line in text.lines() {
            assert!(line.chars().count() <= 80, "{name}: {} columns: {line}", line.chars().count());
        }
    }
    for width in [40, 57, 100] {
        let text = explain(&load("therapy-eft", &[]), 0, width);
        assert!(text.lines().all(|l| l.chars().count() <= width), "width {width}:\n{text}");
        assert_eq!(flat(&text), flat(&explain(&load("therapy-eft", &[]), 0, 80)), "only the wrap changes");
    }
}

#[test]
fn paragraphs_start_with_their_day_in_order_and_speak_plainly() {
    for name in builtins() {
        let sc = load(name, &[]);
        let trace = Trace::of(&sc);
        let text = cli(&[name]);
        let paras = paragraphs(&text);
        assert!(paras.len() >= 2, "{name}: an opening and an ending at least");
        let mut previous = 0;
        for p in &paras[1..] {
            let day = day_of_paragraph(p).unwrap_or_else(|| panic!("{name}: paragraph without its day: {p}"));
            // Three-year runs also give the month; runs of a year or less do not.
            assert_eq!(p.contains("(month "), sc.steps > 365, "{name}: {p}");
            assert!(day >= previous && day <= trace.last(), "{name}: day {day} after {previous}");
            previous = day;
        }
        assert_eq!(
            day_of_paragraph(paras.last().unwrap()),
            Some(trace.last()),
            "{name}: ends on the last day"
        );
        // No variable names, no "replicate", numbers rounded to two decimals.
        for word in ["replicate", "_", "pursue_withdraw", "NaN"] {
            assert!(!text.contains(word), "{name}: `{word}` in\n{text}");
        }
        let flat = flat(&text);
        let bytes = flat.as_bytes();
        for (k, _) in flat.match_indices('.') {
            let decimals = bytes[k + 1..].iter().take_while(|b| b.is_ascii_digit()).count();
            assert!(
                decimals <= 2,
                "{name}: unrounded number near {}",
                &flat[k.saturating_sub(8)..(k + 5).min(flat.len())]
            );
        }
        assert!(!text.contains("  "), "{name}: double space");
        // The partners' names, from the scenario.
        assert!(text.contains(&sc.partner.a.name) && text.contains(&sc.partner.b.name), "{name}");
    }
}

#[test]
fn roughly_a_short_story() {
    for name in ["anxious-avoidant", "secure-secure", "communication", "job-loss-insecure"] {
        let text = flat(&cli(&[name]));
        let sentences = text.matches(". ").count() + 1;
        assert!((5..=26).contains(&sentences), "{name}: {sentences} sentences");
    }
}

#[test]
fn unknown_scenario_exits_with_2() {
    let out = Command::cargo_bin("dyad").unwrap().args(["explain", "anxious-avoidnt"]).assert().code(2);
    let stderr = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert!(stderr.contains("anxious-avoidant"), "suggests the closest name: {stderr}");
    assert!(out.get_output().stdout.is_empty());
}

// ---------------------------------------------------------------------------------------------
// The anxious-avoidant story, fact by fact
// ---------------------------------------------------------------------------------------------

/// Checks the paragraph of the first pursue-withdraw day: who pursued and who withdrew, and
/// the cause from the state at the start of that day (closeness, what each would like with
/// `desired`, how each felt). Returns the day and its paragraph for the version's own checks.
fn first_episode_is_told(
    text: &str,
    trace: &Trace,
    desired: impl Fn(&dyad::model::Partner) -> f64,
) -> (u32, String) {
    let day = trace.first_pw().expect("the anxious-avoidant couple cycles");
    let para = paragraph_of_day(text, day).expect("a paragraph for the first pursue-withdraw day");
    let (pursuer, withdrawer) = if trace.states[day as usize].partners[0].strategy == Strategy::Pursue {
        ("Sam", "Alex")
    } else {
        ("Alex", "Sam")
    };
    assert!(para.contains("first pursue-withdraw day") || para.contains("cycle started"), "{para}");
    assert!(
        para.contains(&format!("{pursuer} pursued")) && para.contains(&format!("{withdrawer} withdrew")),
        "{para}"
    );
    let before = &trace.states[day as usize - 1];
    let x = before.closeness;
    assert!(para.contains(&format!("closeness was {x:.2}")), "{para}");
    for (i, name) in ["Sam", "Alex"].into_iter().enumerate() {
        let desired = desired(&before.partners[i]);
        assert!(para.contains(&format!("{name} would like {desired:.2}")), "{para}");
        let feeling = if desired > x + 0.03 {
            "too far apart"
        } else if desired < x - 0.03 {
            "crowded"
        } else {
            "about"
        };
        assert!(para.contains(&format!("{name} felt {feeling}")) || feeling == "about", "{name}: {para}");
    }
    (day, para.to_string())
}

/// Model version 1 over its default year.
const V1: &[(&str, &str)] = &[("model.version", "1"), ("steps", "365")];

#[test]
fn anxious_avoidant_names_the_couple_the_first_episode_and_its_cause() {
    let sc = load("anxious-avoidant", &[]);
    let trace = Trace::of(&sc);
    let text = cli(&["anxious-avoidant"]);
    let opening = &paragraphs(&text)[0];
    assert!(opening.starts_with("One possible course of 3 years (1095 days) for Sam and Alex"), "{opening}");
    assert!(opening.contains("Sam worries a lot about being left (anxiety 0.85)"), "{opening}");
    assert!(opening.contains("Alex") && opening.contains("avoidance 0.85"), "{opening}");
    assert!(opening.contains("trust") && opening.contains("0.60"), "{opening}");
    assert!(opening.contains("They are married"), "the context of model version 2: {opening}");
    assert!(opening.contains("No help and no life events are planned"), "{opening}");

    let (day, para) = first_episode_is_told(&text, &trace, |q| {
        // Version 2's desired closeness.
        dyad::model::v2::desired_closeness(q.anxiety, q.avoidance)
    });
    let before = &trace.states[day as usize - 1];
    for (i, name) in ["Sam", "Alex"].into_iter().enumerate() {
        let q = &before.partners[i];
        match q.strategy {
            Strategy::Pursue if day > 1 => {
                assert!(para.contains(&format!("{name} had pressed for closeness")), "{para}")
            }
            Strategy::Withdraw if day > 1 => {
                assert!(para.contains(&format!("{name} had withdrawn")), "{para}")
            }
            _ => {}
        }
    }
    // Stress: its value, or that there was none, with the issues behind it.
    let stress = trace.states[day as usize].stress;
    let issues = before.issues;
    if stress < 0.005 {
        assert!(para.contains("there was no stress"), "stress {stress}: {para}");
    } else {
        assert!(para.contains(&format!("({stress:.2} of 1")), "stress {stress:.2}: {para}");
    }
    let issue_words =
        if issues == 0 { "no unresolved issues".to_string() } else { format!("{issues} unresolved issue") };
    assert!(para.contains(&issue_words), "{issue_words}: {para}");
}

#[test]
fn anxious_avoidant_tells_falling_trust_hopelessness_contempt_issues_and_the_ending() {
    let sc = load("anxious-avoidant", &[]);
    let trace = Trace::of(&sc);
    let raw = cli(&["anxious-avoidant"]);
    let text = flat(&raw);
    // Version 2's words: no exhaustion, no resentment.
    assert!(!text.contains("exhaustion") && !text.contains("resentment"), "{text}");
    let trust = |q: &dyad::model::Partner| q.trust;
    let hope = |q: &dyad::model::Partner| q.exhaustion;
    let contempt = |q: &dyad::model::Partner| q.resentment;
    for (i, name) in ["Sam", "Alex"].into_iter().enumerate() {
        // Trust falling below 0.5, on the right day, and only if it did.
        let fell = trace.first(|a, b| a.partners[i].trust >= 0.5 && b.partners[i].trust < 0.5);
        match fell {
            Some(day) => {
                assert!(crossing_told(&raw, name, "trust fell below 0.5", day), "{name} day {day}:\n{text}")
            }
            None => assert!(!text.contains(&format!("{name}'s trust fell below 0.5")), "{text}"),
        }
        assert!(trust(&trace.states[0].partners[i]) >= 0.5);
        // Hopelessness passing 0.3 (losing hope) and contempt passing 0.3, on the right days.
        for (what, f) in
            [("hopelessness passed 0.3", hope as fn(&_) -> f64), ("contempt passed 0.3", contempt)]
        {
            match first_above(&trace, i, 0.3, f) {
                Some(day) => {
                    assert!(crossing_told(&raw, name, what, day), "{name}'s {what} on day {day}:\n{text}")
                }
                None => assert!(!text.contains(&format!("{name}'s {what}")), "{text}"),
            }
        }
    }
    // Seed 42's first run: Sam loses hope and both come to feel contempt.
    assert!(text.contains("Sam's hopelessness passed 0.3: Sam was losing hope"), "{text}");
    assert!(text.contains("contempt passed 0.3"), "{text}");
    // Issues piling up to 5: told on the right day if they did.
    match trace.first(|a, b| a.issues < 5 && b.issues >= 5) {
        Some(day) => assert!(text.contains("piled up to 5") && names_day(&text, day), "day {day}"),
        None => assert!(!text.contains("piled up"), "{text}"),
    }

    // How it ended: seed 42's first run is escalating at three years, nobody having left.
    let s = &trace.summary;
    assert_eq!((s.outcome, s.steps_run, s.outcome_step), (Outcome::Escalated, 1095, None));
    let ending = paragraph_of_day(&raw, 1095).unwrap();
    assert!(
        ending.starts_with("Day 1095 (month 36): The cycle is escalating: over the last 6 months (180 days)"),
        "{ending}"
    );
    // The halves of the horizon window the label compared: days 916-1005 and 1006-1095.
    let mean_trust = |days: std::ops::RangeInclusive<usize>| {
        let n = days.clone().count() as f64;
        days.map(|d| trace.states[d].partners.iter().map(|q| q.trust).sum::<f64>() / 2.0).sum::<f64>() / n
    };
    let (first, second) = (mean_trust(916..=1005), mean_trust(1006..=1095));
    assert!(
        ending.contains(&format!("their average trust fell from {first:.2} to {second:.2}")),
        "{first:.2} to {second:.2}: {ending}"
    );
    assert!(ending.contains("Nobody has left, but things are getting worse."), "{ending}");
    let q = &trace.states[1095].partners;
    assert!(ending.contains(&format!(
        "trust was {:.2} for Sam and {:.2} for Alex, hopelessness {:.2} and {:.2}, and contempt {:.2} and {:.2}",
        s.final_trust[0], s.final_trust[1], s.final_exhaustion[0], s.final_exhaustion[1], q[0].resentment, q[1].resentment
    )), "{ending}");
    assert!(
        ending.contains("`dyad run anxious-avoidant`") && ending.contains("Of the 200 runs of this scenario"),
        "{ending}"
    );
    assert!(ending.contains("end escalating like this one"), "{ending}");
}

/// The first of seeds 1.. of `name` (with `options`, 20 replicates) whose first run `f` accepts.
fn find_run(name: &str, options: &[(&str, &str)], f: impl Fn(&Trace) -> bool) -> (Scenario, Trace) {
    (1..60u64)
        .map(|seed| {
            let seed = seed.to_string();
            let mut all = vec![("seed", seed.as_str())];
            all.extend_from_slice(options);
            let mut sc = load(name, &all);
            sc.replicates = 20;
            let trace = Trace::of(&sc);
            (sc, trace)
        })
        .find(|(_, t)| f(t))
        .unwrap_or_else(|| panic!("no seed of {name} gives such a run"))
}

#[test]
fn a_burned_out_pursuer_is_told_on_the_day_hopelessness_passes_the_middle_of_the_burnout_curve() {
    // Five years: burnout comes late under version 2.
    let at = dyad::model::v2::V2Params::default().burnout_at;
    let (sc, trace) = find_run("anxious-avoidant", &[("steps", "1825")], |t| {
        first_above(t, 0, at, |q| q.exhaustion).is_some()
    });
    assert_eq!(sc.model.v2.burnout_at, at);
    let raw = explain(&sc, 0, 80);
    let text = flat(&raw);
    let day = first_above(&trace, 0, at, |q| q.exhaustion).unwrap();
    assert!(crossing_told(&raw, "Sam", &format!("hopelessness passed {at}"), day), "day {day}:\n{text}");
    assert!(text.contains("at the middle of the burnout curve, where pursuit begins to give way"), "{text}");
    // The burned-out pursuer: the first day Sam withdrew after a day ending past burnout_at.
    let burnout = (2..=trace.last())
        .find(|&d| {
            trace.states[d as usize - 1].partners[0].exhaustion >= at
                && trace.states[d as usize].partners[0].strategy == Strategy::Withdraw
        })
        .expect("past the middle of the burnout curve, Sam withdraws some day");
    let para = paragraph_of_day(&raw, burnout).expect("a paragraph for the burned-out pursuer");
    let h = trace.states[burnout as usize - 1].partners[0].exhaustion;
    assert!(
        para.contains(&format!("Sam, the pursuer, was burning out: with hopelessness at {h:.2}")),
        "{para}"
    );
    let after = (burnout..(burnout + 90).min(trace.last() + 1))
        .filter(|&d| trace.states[d as usize].partners[0].strategy == Strategy::Withdraw)
        .count();
    assert!(para.contains(&format!("and withdrew on {after};")), "{para}");
}

#[test]
fn an_escalating_couple_is_told_what_rose_or_fell_over_the_last_months() {
    let (sc, trace) = find_run("anxious-avoidant", &[], |t| t.summary.outcome == Outcome::Escalated);
    let raw = explain(&sc, 0, 80);
    let ending = paragraph_of_day(&raw, 1095).expect("the ending on the last day");
    assert!(ending.contains("The cycle is escalating: over the last 6 months (180 days)"), "{ending}");
    assert!(ending.contains("end escalating like this one"), "the closing share agrees: {ending}");
    // The halves of the last 180 days, recomputed: days 916..=1005 against 1006..=1095.
    let half = |from: u32, to: u32| {
        let n = f64::from(to - from + 1);
        let days = || (from..=to).map(|d| &trace.states[d as usize]);
        let mean = |f: &dyn Fn(&DyadState) -> f64| days().map(f).sum::<f64>() / n;
        let insecure =
            days().filter(|s| s.partners.iter().any(|q| q.strategy != Strategy::Secure)).count() as f64 / n;
        let trust = mean(&|s| 0.5 * (s.partners[0].trust + s.partners[1].trust));
        let contempt = mean(&|s| 0.5 * (s.partners[0].resentment + s.partners[1].resentment));
        (trust, contempt, insecure)
    };
    let (t1, c1, i1) = half(916, 1005);
    let (t2, c2, i2) = half(1006, 1095);
    let mut told = 0;
    let says = |s: &str| ending.contains(s);
    if t1 - t2 > 0.03 {
        assert!(says(&format!("their average trust fell from {t1:.2} to {t2:.2}")), "{ending}");
        told += 1;
    }
    if c2 - c1 > 0.03 {
        assert!(says(&format!("their average contempt rose from {c1:.2} to {c2:.2}")), "{ending}");
        told += 1;
    }
    if i2 - i1 > 0.05 {
        let (a, b) = (100.0 * i1, 100.0 * i2);
        assert!(says(&format!("rose from {a:.0}% to {b:.0}%")), "{ending}");
        told += 1;
    }
    assert!(told >= 1, "an escalating run has something that got worse: {ending}");
    assert!(says("(the first 3 months against the last 3 months)"), "{ending}");
}

#[test]
fn a_partner_leaving_is_told_with_the_state_that_pushed_them_out() {
    let (sc, trace) = find_run("anxious-avoidant", &[], |t| t.summary.outcome == Outcome::Dissolved);
    let raw = explain(&sc, 0, 80);
    let last = trace.last();
    assert!(last < 1095 && trace.summary.outcome_step == Some(last), "leaving ends a run early");
    let i = trace.summary.who_left.unwrap().index();
    let name = ["Sam", "Alex"][i];
    let ending = paragraph_of_day(&raw, last).expect("the ending on the day a partner left");
    assert!(ending.contains(&format!("{name} left after")) && ending.contains("dissolved"), "{ending}");
    let q = &trace.states[last as usize].partners[i];
    assert!(
        ending.contains(&format!(
            "When {name} left, {name}'s contempt was {:.2} and trust {:.2}",
            q.resentment, q.trust
        )),
        "{ending}"
    );
    let from = last.saturating_sub(119).max(1);
    let insecure = (from..=last)
        .filter(|&d| trace.states[d as usize].partners.iter().any(|p| p.strategy != Strategy::Secure))
        .count();
    assert!(
        ending.contains(&format!("{insecure} of {} days had an insecure response", last - from + 1)),
        "{ending}"
    );
    assert!(ending.contains("end with a partner leaving like this one"), "{ending}");
}

#[test]
fn leaving_under_the_negativity_cascade_names_it() {
    let cascade = [("model.v2.married_negativity", "0.15"), ("model.v2.married_alternatives", "0.002")];
    let (sc, trace) = find_run("anxious-avoidant", &cascade, |t| t.summary.outcome == Outcome::Dissolved);
    let ending = paragraph_of_day(&explain(&sc, 0, 80), trace.last()).expect("the ending");
    assert!(ending.contains("With the negativity cascade on"), "{ending}");
    // Off (the default), the story does not mention it.
    let (sc, trace) = find_run("anxious-avoidant", &[], |t| t.summary.outcome == Outcome::Dissolved);
    let ending = paragraph_of_day(&explain(&sc, 0, 80), trace.last()).expect("the ending");
    assert!(!ending.contains("negativity cascade"), "{ending}");
}

#[test]
fn v1_anxious_avoidant_names_the_couple_the_first_episode_and_its_cause() {
    let sc = load("anxious-avoidant", V1);
    let trace = Trace::of(&sc);
    let text = cli(&["anxious-avoidant", "--set", "model.version=1", "--steps", "365"]);
    let opening = &paragraphs(&text)[0];
    assert!(opening.contains("Sam worries a lot about being left (anxiety 0.85)"), "{opening}");
    assert!(opening.contains("Alex") && opening.contains("avoidance 0.85"), "{opening}");
    assert!(opening.contains("trust") && opening.contains("0.60"), "{opening}");
    assert!(opening.contains("No help and no life events are planned"), "{opening}");

    let model = sc.model.clone();
    let (day, para) = first_episode_is_told(&text, &trace, |q| q.desired_closeness(&model));
    let before = &trace.states[day as usize - 1];
    for (i, name) in ["Sam", "Alex"].into_iter().enumerate() {
        match before.partners[i].strategy {
            Strategy::Pursue => {
                assert!(para.contains(&format!("{name} had pressed for closeness")), "{para}")
            }
            Strategy::Withdraw => assert!(para.contains(&format!("{name} had withdrawn")), "{para}"),
            Strategy::Secure => {}
        }
    }
    let stress = trace.states[day as usize].stress;
    assert!(para.contains(&format!("({stress:.2} of 1")), "stress {stress:.2}: {para}");
    let issues = before.issues;
    assert!(para.contains(&format!("{issues} unresolved issue")), "{para}");
}

#[test]
fn v1_anxious_avoidant_tells_crossings_burnout_issues_and_the_ending() {
    let sc = load("anxious-avoidant", V1);
    let trace = Trace::of(&sc);
    let raw = cli(&["anxious-avoidant", "--set", "model.version=1", "--steps", "365"]);
    let text = flat(&raw);

    // Trust falling below 0.5, for each partner, on the right day.
    for (i, name) in ["Sam", "Alex"].into_iter().enumerate() {
        let day = trace.first(|a, b| a.partners[i].trust >= 0.5 && b.partners[i].trust < 0.5).unwrap();
        let told = text.contains(&format!("{name}'s trust fell below 0.5 on day {day}"))
            || text.contains(&format!("and {name}'s on day {day}"))
            || paragraph_of_day(&raw, day)
                .is_some_and(|p| p.contains(&format!("{name}'s trust fell below 0.5")));
        assert!(told, "{name}'s trust below 0.5 on day {day}:\n{text}");
    }
    // Exhaustion passing 0.8.
    let day = trace.first(|a, b| a.partners[0].exhaustion <= 0.8 && b.partners[0].exhaustion > 0.8).unwrap();
    assert!(names_day(&text, day) && text.contains("Sam's exhaustion passed 0.8"), "day {day}");
    // Issues piling up to 5.
    let day = trace.first(|a, b| a.issues < 5 && b.issues >= 5).unwrap();
    assert!(text.contains("piled up to 5") && names_day(&text, day), "issues reach 5 on day {day}");

    // The burned-out pursuer: Sam withdrew on a day that began with high exhaustion.
    let at = text.find("Sam, the pursuer, was burning out").expect("burnout told");
    let day: u32 = text[..at].rsplit("Day ").next().unwrap().split(':').next().unwrap().parse().unwrap();
    assert_eq!(trace.states[day as usize].partners[0].strategy, Strategy::Withdraw);
    let e = trace.states[day as usize - 1].partners[0].exhaustion;
    assert!(e >= 0.6 && text.contains(&format!("exhaustion at {e:.2}")), "{e}");

    // How it ended: the outcome, the day, whose trust broke down, the final values.
    let s = &trace.summary;
    assert_eq!(s.outcome, Outcome::Escalated, "seed 42's first run escalates");
    let step = s.outcome_step.unwrap();
    let ending = paragraph_of_day(&raw, step).unwrap();
    assert!(ending.contains("escalated"), "{ending}");
    let who = if sc.outcome.damaged(&trace.states[step as usize]).unwrap() == dyad::model::Who::A {
        "Sam"
    } else {
        "Alex"
    };
    let i = usize::from(who == "Alex");
    assert!(ending.contains(&format!("{who}'s trust broke down ({:.2})", s.final_trust[i])), "{ending}");
    assert!(ending.contains(&format!(
        "trust was {:.2} for Sam and {:.2} for Alex, and exhaustion {:.2} and {:.2}",
        s.final_trust[0], s.final_trust[1], s.final_exhaustion[0], s.final_exhaustion[1]
    )));
    assert!(
        ending.contains("`dyad run anxious-avoidant`") && ending.contains("Of the 200 runs of this scenario"),
        "{ending}"
    );
}

#[test]
fn the_closing_share_is_the_share_of_runs_with_that_outcome() {
    let mut sc = load("anxious-avoidant", &[]);
    sc.replicates = 40;
    let outcomes: Vec<Outcome> = (0..40).map(|r| run_replicate(&sc, 0, r, &mut ()).outcome).collect();
    let k = outcomes.iter().filter(|&&o| o == outcomes[0]).count();
    let text = flat(&explain(&sc, 0, 80));
    assert!(text.contains(&format!("Of the 40 runs of this scenario, {k} (")), "{k}: {text}");
}

// ---------------------------------------------------------------------------------------------
// Interventions and life events
// ---------------------------------------------------------------------------------------------

#[test]
fn communication_starts_on_day_60_and_its_effect_is_measured() {
    let sc = load("communication", &[]);
    let trace = Trace::of(&sc);
    assert!(trace.last() >= 73, "the first run reaches two weeks of communication");
    let text = cli(&["communication"]);
    assert!(paragraphs(&text)[0].contains("open communication for Sam and Alex from day 60"));
    let para = paragraph_of_day(&text, 60).expect("a paragraph for day 60");
    assert!(para.contains("started learning open communication"), "{para}");
    // Two weeks in: pursue-withdraw days of days 46..=59 against 60..=73, and trust on day 59 and 73.
    let before = (46..=59).filter(|&d| trace.pw(d)).count();
    let after = (60..=73).filter(|&d| trace.pw(d)).count();
    let after = if after == 0 { "none".to_string() } else { after.to_string() };
    let flat = flat(&text);
    assert!(
        flat.contains(&format!("from {before} of the 14 days before it to {after} of its first 14")),
        "{flat}"
    );
    let t = |d: usize, i: usize| trace.states[d].partners[i].trust;
    assert!(flat.contains(&format!("Sam from {:.2} to {:.2}", t(59, 0), t(73, 0))), "{flat}");
}

#[test]
fn communication_for_one_partner_is_told_for_that_partner() {
    let text = flat(&cli(&["communication", "--set", "intervention.0.who=a"]));
    assert!(
        text.contains("Day 60 (month 2): Sam started learning open communication: when alarmed, Sam was"),
        "{text}"
    );
}

#[test]
fn therapy_eft_tells_each_stage_as_it_begins() {
    let sc = load("therapy-eft", &[]);
    let trace = Trace::of(&sc);
    let text = cli(&["therapy-eft"]);
    let iv = &sc.intervention[0];
    let mut start = iv.start;
    let names = ["cycle de-escalation", "withdrawer re-engagement", "pursuer softening"];
    assert!(trace.last() >= 110, "seed 42's first run reaches the last stage");
    for (k, len) in iv.stage_lengths.iter().enumerate() {
        let para = paragraph_of_day(&text, start).unwrap_or_else(|| panic!("no paragraph for day {start}"));
        assert!(para.contains(names[k]) && para.contains(&format!("({len} days)")), "{para}");
        start += len;
    }
    assert!(paragraph_of_day(&text, 30).unwrap().contains("began couples therapy"));
    assert!(paragraph_of_day(&text, 70).unwrap().contains("helping Alex stay and respond"));
    assert!(paragraph_of_day(&text, 110).unwrap().contains("helping Sam reach out calmly"));
    if trace.last() > iv.end {
        let para = paragraph_of_day(&text, iv.end).expect("the end of therapy");
        assert!(para.contains("Therapy ended"), "{para}");
    }
}

#[test]
fn a_close_therapist_is_told_to_feel_intrusive_to_the_avoidant_partner() {
    let text = flat(&cli(&["therapy-distance", "--set", "intervention.0.distance=close"]));
    assert!(text.contains("close distance, which felt intrusive to Alex"), "{text}");
}

#[test]
fn job_loss_tells_the_life_event() {
    for name in ["job-loss", "job-loss-insecure"] {
        let sc = load(name, &[]);
        let trace = Trace::of(&sc);
        let text = cli(&[name]);
        assert!(paragraphs(&text)[0].contains("a stressful period of 60 days from day 120"), "{name}");
        assert!(trace.last() >= 120, "{name}: the first run reaches the event");
        let para = paragraph_of_day(&text, 120).expect("a paragraph for day 120");
        assert!(para.contains("A hard time began") && para.contains("extra 0.40"), "{para}");
        let issues = trace.states[120].issues;
        assert!(
            para.contains(&format!(
                "4 new problems landed at once, bringing the unresolved issues to {issues}"
            ))
        );
        if trace.last() > 180 {
            assert!(
                paragraph_of_day(&text, 180).is_some_and(|p| p.contains("The hard time was over")),
                "{name}"
            );
        }
    }
}

#[test]
fn an_intervention_from_the_first_day_is_described_in_the_opening() {
    let text = cli(&["self-care"]);
    let opening = &paragraphs(&text)[0];
    assert!(opening.contains("From the first day, Sam started looking after their own needs"), "{opening}");
}

// ---------------------------------------------------------------------------------------------
// Secure couples, the horizon
// ---------------------------------------------------------------------------------------------

#[test]
fn secure_secure_settles_and_tells_the_episode_only_if_there_is_one() {
    let sc = load("secure-secure", &[]);
    let trace = Trace::of(&sc);
    let text = cli(&["secure-secure"]);
    assert_eq!(trace.summary.outcome, Outcome::Settled);
    assert!(flat(&text).contains("The couple has settled"), "{text}");
    match trace.first_pw() {
        Some(day) => assert!(
            paragraph_of_day(&text, day).is_some_and(|p| p.contains("first pursue-withdraw")),
            "{text}"
        ),
        None => assert!(!text.contains("first pursue-withdraw"), "{text}"),
    }
    // A seed whose first run has no pursue-withdraw day at all: nothing is invented.
    let calm = (1..200)
        .map(|seed| load("secure-secure", &[("seed", &seed.to_string())]))
        .find(|sc| Trace::of(sc).first_pw().is_none())
        .expect("some secure couple never cycles");
    let text = flat(&explain(&calm, 0, 80));
    assert!(!text.contains("first pursue-withdraw") && !text.contains("pursued (pressed"), "{text}");
    assert!(!text.contains("longest") && !text.contains("burning out"), "{text}");
    assert!(
        text.contains("The couple has settled: there was not a single day on which one pursued"),
        "{text}"
    );
}

#[test]
fn steps_limit_the_horizon() {
    for name in ["anxious-avoidant", "communication", "therapy-eft", "job-loss-insecure", "stressful-year"] {
        let text = cli(&[name, "--steps", "30", "--set", "outcome.horizon_window=30"]);
        let days = days_mentioned(&text);
        assert!(!days.is_empty(), "{name}");
        assert!(days.iter().all(|&d| d <= 30), "{name}: {days:?}\n{text}");
        assert!(text.starts_with("One possible course of 30 days"), "{name}");
        let trace = Trace::of(&load(name, &[("steps", "30"), ("outcome.horizon_window", "30")]));
        assert!(paragraph_of_day(&text, trace.last()).is_some(), "{name}: the ending on its last day");
    }
    let text = flat(&cli(&["communication", "--steps", "30", "--set", "outcome.horizon_window=30"]));
    assert!(text.contains("open communication for Sam and Alex comes only later"), "{text}");
    assert!(!text.contains("started learning"), "{text}");
}

#[test]
fn every_builtin_with_many_seeds_tells_a_story_ending_on_its_last_day() {
    for name in builtins() {
        for version in ["2", "1"] {
            for seed in [3u64, 11] {
                for steps in [1u32, 20, 365] {
                    // A run is at least as long as the window its outcome is read from.
                    let options = [
                        ("seed", seed.to_string()),
                        ("steps", steps.to_string()),
                        ("model.version", version.into()),
                        ("outcome.horizon_window", steps.min(180).to_string()),
                        ("outcome.window", steps.min(60).to_string()),
                    ];
                    let options: Vec<(&str, &str)> = options.iter().map(|(k, v)| (*k, v.as_str())).collect();
                    let sc = load(name, &options);
                    let trace = Trace::of(&sc);
                    let text = explain(&sc, 0, 80);
                    let days = days_mentioned(&text);
                    let what = format!("{name} v{version} seed {seed} steps {steps}");
                    assert!(days.iter().all(|&d| d <= steps), "{what}: {days:?}");
                    // The last paragraph: the first pursue-withdraw day may have its own on the
                    // same day.
                    let ending = paragraphs(&text).pop().unwrap_or_else(|| panic!("{what}"));
                    assert_eq!(day_of_paragraph(&ending), Some(trace.last()), "{what}: {ending}");
                    // The ending and the closing share name the same outcome.
                    let (word, share) = match (trace.summary.outcome, version) {
                        (Outcome::Settled, _) => ("settled", "end settled"),
                        (Outcome::Escalated, "2") => ("The cycle is escalating", "end escalating"),
                        (Outcome::Escalated, _) => ("escalated", "end in escalation"),
                        (Outcome::Dissolved, _) => ("dissolved", "end with a partner leaving"),
                        (Outcome::Disengaged, _) => ("parallel lives", "end in parallel lives"),
                        (Outcome::Cycling, _) => ("still cycling", "end still cycling"),
                    };
                    assert!(ending.contains(word) && ending.contains(share), "{what}: {ending}");
                    // Each version speaks its own words.
                    let own = if version == "2" { "hopelessness" } else { "exhaustion" };
                    let other = if version == "2" { "exhaustion" } else { "hopelessness" };
                    assert!(ending.contains(own) && !text.contains(other), "{what}: {text}");
                    if let Some(day) = trace.first_pw() {
                        assert!(names_day(&text, day), "{what}: first pursue-withdraw day {day}");
                    }
                }
            }
        }
    }
}
