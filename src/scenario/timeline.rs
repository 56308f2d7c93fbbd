//! Validating `[[intervention]]` and `[[event]]` entries into the scenario's timeline: every
//! problem is located and says how to fix it.

use super::raw::{RawEvent, RawIntervention};
use crate::error::Diagnostic;
use crate::model::intervention::{Event, EventKind, Intervention, Kind, Stage};

/// Default therapy stages and lengths (about four months of weekly sessions in all).
pub const DEFAULT_STAGES: [Stage; 3] =
    [Stage::DeEscalation, Stage::WithdrawerReEngagement, Stage::PursuerSoftening];
/// Default length of each therapy stage, in steps.
pub const DEFAULT_STAGE_LENGTH: u32 = 40;
/// Default length of a stress event, in steps.
pub const DEFAULT_STRESS_DURATION: u32 = 30;

const KINDS: &str = "communication, boundaries, self_care, coping, vulnerability, compromise, therapy";

type Locate<'a> = &'a dyn Fn(&str) -> Diagnostic;

fn problem(locate: Locate, path: &str, message: String, help: &str) -> Diagnostic {
    let mut d = locate(path);
    d.message = message;
    d.help.push(help.to_string());
    d
}

/// The span of an entry from `start` and `end` or `duration`; `None` (with a problem pushed) when
/// they contradict each other.
fn span(
    at: &str,
    start: u32,
    end: Option<u32>,
    duration: Option<u32>,
    default_end: u32,
    problems: &mut Vec<Diagnostic>,
    locate: Locate,
) -> Option<u32> {
    match (end, duration) {
        (Some(_), Some(_)) => {
            problems.push(problem(
                locate,
                &format!("{at}.duration"),
                format!("{at} gives both end and duration"),
                "give one of them",
            ));
            None
        }
        (Some(e), None) if e < start => {
            problems.push(problem(
                locate,
                &format!("{at}.end"),
                format!("{at}.end = {e} is before {at}.start = {start}"),
                "end is the last step, inclusive; it must be at least start (or give duration instead)",
            ));
            None
        }
        (Some(e), None) => Some(e),
        (None, Some(d)) => Some(start + d.max(1) - 1),
        (None, None) => Some(default_end.max(start)),
    }
}

/// Validates the interventions; `steps` is the run length.
pub fn interventions(
    raw: &[RawIntervention],
    steps: u32,
    problems: &mut Vec<Diagnostic>,
    locate: Locate,
) -> Vec<Intervention> {
    let mut out = Vec::new();
    for (i, r) in raw.iter().enumerate() {
        let at = format!("intervention.{i}");
        let Some(kind) = r.kind else {
            problems.push(problem(
                locate,
                &at,
                format!("{at} has no kind"),
                &format!("add kind = \"communication\" (one of {KINDS})"),
            ));
            continue;
        };
        // An entry that starts after the last step is valid but never reached (the run summary
        // says so): shortening a run with --steps must not make a scenario invalid.
        let start = r.start.unwrap_or(1);
        let therapy = kind == Kind::Therapy;
        for (key, given) in [
            ("stages", r.stages.is_some()),
            ("stage_lengths", r.stage_lengths.is_some()),
            ("distance", r.distance.is_some()),
        ] {
            if given && !therapy {
                problems.push(problem(
                    locate,
                    &format!("{at}.{key}"),
                    format!("{at}.{key}: `{key}` applies to kind = \"therapy\" only, not to {}", kind.name()),
                    &format!("remove `{key}`"),
                ));
            }
        }
        let (stages, stage_lengths, end) = if therapy {
            let stages = r.stages.clone().unwrap_or_else(|| DEFAULT_STAGES.to_vec());
            let lengths = r.stage_lengths.clone().unwrap_or_else(|| vec![DEFAULT_STAGE_LENGTH; stages.len()]);
            if stages.is_empty() {
                problems.push(problem(
                    locate,
                    &format!("{at}.stages"),
                    format!("{at}.stages is empty"),
                    "list at least one stage, e.g. stages = [\"de-escalation\"], or remove stages for all three",
                ));
                continue;
            }
            if lengths.len() != stages.len() {
                problems.push(problem(
                    locate,
                    &format!("{at}.stage_lengths"),
                    format!("{at}: {} stages but {} stage lengths", stages.len(), lengths.len()),
                    "give one length (in steps) per stage, in the same order",
                ));
                continue;
            }
            if let Some(pos) = (1..stages.len()).find(|&k| stages[..k].contains(&stages[k])) {
                problems.push(problem(
                    locate,
                    &format!("{at}.stages"),
                    format!("{at}: stage \"{}\" appears twice", stages[pos].name()),
                    "list each stage at most once",
                ));
                continue;
            }
            if lengths.contains(&0) {
                problems.push(problem(
                    locate,
                    &format!("{at}.stage_lengths"),
                    format!("{at}: a stage length is 0"),
                    "every stage lasts at least 1 step",
                ));
                continue;
            }
            let end = start + lengths.iter().sum::<u32>() - 1;
            if r.duration.is_some() || r.end.is_some_and(|e| e != end) {
                problems.push(problem(
                    locate,
                    &format!("{at}.end"),
                    format!("{at}: therapy ends when its stages end (step {end})"),
                    "remove end and duration; change stage_lengths instead",
                ));
                continue;
            }
            (stages, lengths, end)
        } else {
            let Some(end) = span(&at, start, r.end, r.duration, steps, problems, locate) else { continue };
            (Vec::new(), Vec::new(), end)
        };
        out.push(Intervention {
            kind,
            start,
            end,
            who: r.who.unwrap_or_default(),
            strength: r.strength.unwrap_or(1.0),
            stages,
            stage_lengths,
            distance: therapy.then(|| r.distance.unwrap_or_default()),
        });
    }
    out
}

/// Validates the life events.
pub fn events(raw: &[RawEvent], steps: u32, problems: &mut Vec<Diagnostic>, locate: Locate) -> Vec<Event> {
    let mut out = Vec::new();
    for (i, r) in raw.iter().enumerate() {
        let at = format!("event.{i}");
        let Some(kind) = r.kind else {
            problems.push(problem(
                locate,
                &at,
                format!("{at} has no kind"),
                "add kind = \"stress\" (a period of extra stress) or kind = \"issues\" (a burst of issues)",
            ));
            continue;
        };
        let Some(start) = r.start else {
            problems.push(problem(
                locate,
                &at,
                format!("{at} has no start"),
                "add start = STEP, the step the event begins",
            ));
            continue;
        };
        match kind {
            EventKind::Stress => {
                if r.count.is_some() {
                    problems.push(problem(
                        locate,
                        &format!("{at}.count"),
                        format!("{at}.count: `count` applies to kind = \"issues\""),
                        "use magnitude for a stress event",
                    ));
                    continue;
                }
                let duration =
                    r.duration.or(if r.end.is_none() { Some(DEFAULT_STRESS_DURATION) } else { None });
                let Some(end) = span(&at, start, r.end, duration, steps, problems, locate) else { continue };
                out.push(Event {
                    kind,
                    start,
                    end,
                    magnitude: Some(r.magnitude.unwrap_or(0.5)),
                    count: None,
                });
            }
            EventKind::Issues => {
                if let Some(key) = [
                    ("magnitude", r.magnitude.is_some()),
                    ("end", r.end.is_some_and(|e| e != start)),
                    ("duration", r.duration.is_some()),
                ]
                .into_iter()
                .find(|(_, given)| *given)
                .map(|(k, _)| k)
                {
                    problems.push(problem(
                        locate,
                        &format!("{at}.{key}"),
                        format!("{at}.{key}: `{key}` applies to kind = \"stress\""),
                        "an issues event adds `count` issues at `start`",
                    ));
                    continue;
                }
                out.push(Event {
                    kind,
                    start,
                    end: start,
                    magnitude: None,
                    count: Some(r.count.unwrap_or(5)),
                });
            }
        }
    }
    out
}
