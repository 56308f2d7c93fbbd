//! Property tests: scenario and sweep texts built from the schema, valid and mutated, never
//! make dyad panic, fail only with its input (2) or output (1) exit codes, and whatever is
//! accepted stays within the documented memory bound (issue 11).
//!
//! Each case builds a TOML text from random entries of the schema (`FIELDS`): values in range,
//! at and beyond the bounds, of the wrong type, or not numbers at all; then sometimes mutates
//! the text itself (deletes, duplicates or inserts characters). Accepted scenarios are run (with
//! at most 2 replicates of at most 60 days, so a case stays fast) to reach the model with the
//! extreme values too.
//!
//! `PROPTEST_CASES=20000 cargo test --release --test hostile_inputs` runs a longer campaign.

use dyad::scenario::schema::{FIELDS, Kind};
use proptest::prelude::*;
use std::panic::{AssertUnwindSafe, catch_unwind};

/// The memory bound that docs/SCENARIO-FORMAT.md states: 1.2 GB of per-step statistics and
/// 0.35 GB of per-replicate rows, plus the program itself.
const MEMORY_BOUND: f64 = 1.6e9;

/// A value for a field: in range, at a bound, beyond it, of another type, or odd text.
fn value(kind: Kind, pick: u8, x: f64) -> String {
    match (kind, if pick < 128 { pick % 3 } else { pick % 8 }) {
        (_, 6) => {
            ["\"\"", "true", "[]", "{}", "nan", "inf", "-inf", "1e400", "\"x\""][(x * 8.99) as usize].into()
        }
        (_, 7) => ["-1", "0", "1", "9223372036854775807", "-9223372036854775808", "1.5", "0.0"]
            [(x * 6.99) as usize]
            .into(),
        (Kind::Float { min, max }, p) => {
            let v = match p {
                0..=2 => min + x * (max - min),
                3 => min,
                4 => max,
                _ => max + 1.0 + x * 1e6,
            };
            format!("{v:?}")
        }
        (Kind::Int { min, max }, p) => {
            let span = (max as f64 - min as f64).min(1e6);
            let v = match p {
                0..=2 => min + (x * span) as i64,
                3 => min,
                4 => max,
                _ => max.saturating_add(1 + (x * 1e9) as i64),
            };
            v.to_string()
        }
        (Kind::Bool, p) => (p % 2 == 0).to_string(),
        (Kind::Text, _) => format!("\"t{}\"", (x * 1e6) as u32),
        (Kind::TextList, _) => "[\"a\", \"b\"]".into(),
        (Kind::CountList, p) => {
            if p < 4 {
                "[40, 40, 40]".into()
            } else {
                "[0, 40]".into()
            }
        }
        (Kind::Choice(values) | Kind::ChoiceList(values), p) => {
            let one = format!("\"{}\"", values[(x * (values.len() as f64 - 1e-9)) as usize]);
            match (matches!(kind, Kind::ChoiceList(_)), p) {
                (_, 5) => "\"no-such-choice\"".into(),
                (true, _) => format!("[{one}]"),
                (false, _) => one,
            }
        }
    }
}

/// A scenario text: two partners, then `entries` (field index, value pick, number) added or
/// replacing keys, then mutated by `edits`.
fn scenario_text(entries: &[(usize, u8, f64)], edits: &[(u8, usize, char)]) -> String {
    type Lines = std::collections::BTreeMap<String, String>;
    let mut top = Lines::new();
    let mut tables: std::collections::BTreeMap<String, Lines> = Default::default();
    for (who, a, v) in [("a", "0.8", "0.2"), ("b", "0.2", "0.8")] {
        let table = tables.entry(format!("partner.{who}")).or_default();
        table.insert("anxiety".into(), format!("anxiety = {a}"));
        table.insert("avoidance".into(), format!("avoidance = {v}"));
    }
    let mut arrays: std::collections::BTreeMap<String, Lines> = Default::default();
    for &(i, pick, x) in entries {
        let field = &FIELDS[i % FIELDS.len()];
        let path = field.path.replace("partner.*", if pick % 2 == 0 { "partner.a" } else { "partner.b" });
        let line = |key: &str| format!("{key} = {}", value(field.kind, pick, x));
        let (lines, key) = if let Some(rest) =
            path.strip_prefix("intervention.*.").or_else(|| path.strip_prefix("event.*."))
        {
            let array = if path.starts_with("intervention") { "intervention" } else { "event" };
            (arrays.entry(array.into()).or_default(), rest.to_string())
        } else if let Some((table, key)) = path.rsplit_once('.') {
            (tables.entry(table.into()).or_default(), key.to_string())
        } else {
            (&mut top, path.clone())
        };
        lines.insert(key.clone(), line(&key));
    }
    let join = |lines: &Lines| lines.values().cloned().collect::<Vec<_>>().join("\n");
    let mut text = join(&top);
    for (table, lines) in &tables {
        text.push_str(&format!("\n[{table}]\n{}", join(lines)));
    }
    for (array, lines) in &arrays {
        text.push_str(&format!("\n[[{array}]]\n{}", join(lines)));
    }
    text.push('\n');
    mutate(text, edits)
}

fn mutate(text: String, edits: &[(u8, usize, char)]) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    for &(op, at, c) in edits {
        if chars.is_empty() {
            break;
        }
        let at = at % chars.len();
        match op % 3 {
            0 => {
                chars.remove(at);
            }
            1 => chars.insert(at, c),
            _ => {
                let ch = chars[at];
                chars.insert(at, ch);
            }
        }
    }
    chars.into_iter().collect()
}

/// Loads (and when valid, briefly runs) a scenario text; panics only if dyad panicked or broke
/// a bound.
fn check_scenario(text: &str) {
    let outcome = catch_unwind(AssertUnwindSafe(|| dyad::scenario::load_str(text, "fuzz.toml", "fuzz", &[])));
    let loaded = outcome.unwrap_or_else(|_| panic!("loading panicked on:\n{text}"));
    match loaded {
        Err(e) => assert!(matches!(e.exit_code(), 1 | 2), "exit code {} for:\n{text}", e.exit_code()),
        Ok(mut sc) => {
            let memory = dyad::engine::memory_estimate(&sc);
            assert!(memory <= MEMORY_BOUND, "{memory} bytes accepted for:\n{text}");
            sc.replicates = sc.replicates.min(2);
            sc.steps = sc.steps.min(60);
            sc.outcome.horizon_window = sc.outcome.horizon_window.min(sc.steps);
            sc.outcome.window = sc.outcome.window.min(sc.steps);
            let ran = catch_unwind(AssertUnwindSafe(|| dyad::engine::run_scenario(&sc, &|_| {})));
            assert!(ran.is_ok(), "running panicked on:\n{text}");
        }
    }
}

/// A sweep text over random numeric keys of the schema.
fn sweep_text(
    base: u8,
    design: u8,
    axes: &[(usize, u8, f64, f64, u32)],
    edits: &[(u8, usize, char)],
) -> String {
    let bases = [
        "anxious-avoidant",
        "community",
        "therapy-eft",
        "secure-secure",
        "anxious-anxious",
        "distressed",
        "job-loss",
        "no-such-base",
    ];
    let designs = ["grid", "zip", "random", "latin-hypercube", "other"];
    let d = if design < 240 { design as usize % 4 } else { design as usize % designs.len() };
    let mut text = format!(
        "name = \"s\"\nbase = \"{}\"\nreplicates = {}\nseed = 1\ndesign = \"{}\"\n",
        bases[base as usize % bases.len()],
        if base.is_multiple_of(13) { [0u64, 20_000_000][base as usize % 2] } else { 1 + u64::from(base % 2) },
        designs[d],
    );
    if d >= 2 || design.is_multiple_of(16) {
        let samples =
            if design.is_multiple_of(11) { [0u64, 5_000_000, 4_000_000_000][design as usize % 3] } else { 3 };
        text.push_str(&format!("samples = {samples}\n"));
    }
    for &(i, form, from, to, steps) in axes {
        // Mostly in order, sometimes not.
        let (from, to) = if from > to && i % 5 != 0 { (to, from) } else { (from, to) };
        let numeric: Vec<_> =
            FIELDS.iter().filter(|f| matches!(f.kind, Kind::Float { .. } | Kind::Int { .. })).collect();
        let field = numeric[i % numeric.len()];
        let param = field.path.replace("partner.*", "partner.a").replace(".*.", ".0.");
        text.push_str(&format!("[[axis]]\nparam = \"{param}\"\n"));
        let shape = match (d >= 2, form % 8) {
            (true, 0) => form % 2,
            (true, _) => 2,
            (false, 0) => 2,
            (false, _) => form % 2,
        };
        match shape {
            0 => text.push_str(&format!("from = {from:?}\nto = {to:?}\nsteps = {steps}\n")),
            1 => text.push_str(&format!("values = [{from:?}, {to:?}]\n")),
            _ => text.push_str(&format!("from = {from:?}\nto = {to:?}\n")),
        }
    }
    mutate(text, edits)
}

fn check_sweep(text: &str) {
    let dir = std::env::temp_dir();
    let outcome = catch_unwind(AssertUnwindSafe(|| dyad::sweep::load_str(text, "fuzz.toml", "fuzz", &dir)));
    let loaded = outcome.unwrap_or_else(|_| panic!("loading the sweep panicked on:\n{text}"));
    match loaded {
        Err(e) => assert!(matches!(e.exit_code(), 1 | 2), "exit code {} for:\n{text}", e.exit_code()),
        Ok(sweep) => {
            assert!(sweep.points.len() <= dyad::sweep::design::MAX_POINTS, "{} points", sweep.points.len());
            let memory = dyad::sweep::runner::memory_estimate(&sweep, sweep.points.len(), 13);
            assert!(memory <= MEMORY_BOUND, "{memory} bytes accepted for:\n{text}");
            // Every point's scenario builds or is refused cleanly (the first few, to stay fast).
            for p in 0..sweep.points.len().min(4) {
                let built = catch_unwind(AssertUnwindSafe(|| sweep.scenario(p)));
                let built = built.unwrap_or_else(|_| panic!("point {p} panicked on:\n{text}"));
                if let Ok(sc) = built {
                    assert!(dyad::engine::memory_estimate(&sc) <= MEMORY_BOUND, "point {p} of:\n{text}");
                }
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn scenario_texts_from_the_schema_never_panic_and_stay_bounded(
        entries in proptest::collection::vec((0usize..10_000, any::<u8>(), 0.0f64..1.0), 0..8),
        edits in prop_oneof![3 => Just(Vec::new()), 1 => proptest::collection::vec((any::<u8>(), any::<usize>(), any::<char>()), 1..3)],
    ) {
        check_scenario(&scenario_text(&entries, &edits));
    }

    #[test]
    fn sweep_texts_from_the_schema_never_panic_and_stay_bounded(
        base in any::<u8>(),
        design in any::<u8>(),
        axes in proptest::collection::vec(
            (0usize..10_000, any::<u8>(), prop_oneof![4 => 0.0f64..1.0, 1 => -2.0f64..3.0],
             prop_oneof![4 => 0.0f64..1.0, 1 => -2.0f64..3.0],
             prop_oneof![20 => 2u32..6, 1 => Just(0u32), 1 => Just(1_000_001u32), 1 => Just(u32::MAX)]),
            1..4,
        ).prop_map(|mut a| { if a[0].1 % 7 == 0 { a.clear(); } a }),
        edits in proptest::collection::vec((any::<u8>(), any::<usize>(), any::<char>()), 0..2)
            .prop_map(|e| if e.len() == 1 { Vec::new() } else { e }),
    ) {
        check_sweep(&sweep_text(base, design, &axes, &edits));
    }
}
