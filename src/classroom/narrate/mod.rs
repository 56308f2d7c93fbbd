//! `dyad explain`: one replicate told as a short story, at its turning points.
//!
//! The run is the replicate that `dyad run` reports (point 0, same seed), recorded step by step.
//! The story is built in three passes:
//!
//! 1. **Find the turning points** in the recorded states ([`events`]): the first
//!    pursue-withdraw episode and what the model says set it off (each partner's closeness gap,
//!    the other's strategy the day before, stress), the longest episode, trust falling and
//!    exhaustion (model version 1) or hopelessness and contempt (version 2) rising past notable
//!    levels, issues piling up or being cleared, interventions starting, changing stage, taking
//!    effect and ending, life events, the pursuer burning out, and the ending ([`ending`]: the
//!    damage stop or the state at the last day under version 1; under version 2 the label read
//!    at the horizon, with what rose or fell, or the leaving of a partner).
//! 2. **Group them into paragraphs** ([`tell`]): a major event (an intervention, a life event,
//!    the first episode, the pursuer burning out, the ending) opens a paragraph; a minor one (a
//!    crossing, issues, the longest episode, an intervention's effect) joins the paragraph
//!    begun within the last three weeks, up to three events. Each paragraph starts with
//!    "Day N:", or "Day N (month M):" in a run longer than a year. A long story drops its least
//!    important events first (the lowest level of exhaustion, hopelessness or contempt, issues
//!    reaching 10 or 20, repeated recoveries).
//! 3. **Word-wrap** to the width ([`words`]).
//!
//! Every cause named is a term of the model of the run (`[model] version`; see the model
//! documents in `docs/`): the text says what the partners felt in the model's terms (too far,
//! too close, pressed, turned away, stressed, losing hope, contempt) and nothing the model does
//! not have. Version 2 keeps hopelessness in the observers' `exhaustion` slot and contempt in
//! `resentment`; the story calls them by their version-2 names.

mod ending;
mod events;
mod plan;
mod tell;
mod words;

use super::time;

use words::wrap;

use crate::engine::{self, Observer};
use crate::metrics::{Outcome, RunSummary, Stop};
use crate::model::choice::appraise;
use crate::model::intervention::{self, Distance, EventKind, Kind, Modifiers, Stage, Target};
use crate::model::v2::Context;
use crate::model::{DyadState, ModelParams, Partner, Strategy, v2};
use crate::scenario::{Scenario, builtin};
use rayon::prelude::*;

/// Narrates replicate `replicate` of `sc`, wrapped to `width` columns.
pub fn explain(sc: &Scenario, replicate: u64, width: usize) -> String {
    let mut recorder = Recorder(Vec::with_capacity(sc.steps as usize + 1));
    let summary = engine::run_replicate(sc, 0, replicate, &mut recorder);
    let share = outcome_share(sc, summary.outcome);
    let story = Story::new(sc, &recorder.0, &summary);
    let mut paragraphs = story.paragraphs();
    if let Some(last) = paragraphs.last_mut() {
        last.push(' ');
        last.push_str(&story.context(share));
    }
    let mut out = String::new();
    for (k, p) in paragraphs.iter().enumerate() {
        if k > 0 {
            out.push('\n');
        }
        out.push_str(&wrap(p, width));
    }
    out
}

/// Runs above this many replicates are not all counted for the closing sentence.
const MAX_CONTEXT_RUNS: u32 = 2000;

/// How many of the scenario's runs (at most [`MAX_CONTEXT_RUNS`]) end with `outcome`, and of how
/// many. The runs are independent, so the count does not depend on the thread count.
fn outcome_share(sc: &Scenario, outcome: Outcome) -> (usize, usize) {
    let n = sc.replicates.min(MAX_CONTEXT_RUNS);
    let k = (0..u64::from(n))
        .into_par_iter()
        .filter(|&r| engine::run_replicate(sc, 0, r, &mut ()).outcome == outcome)
        .count();
    (k, n as usize)
}

/// Keeps every state of the run; index = step.
struct Recorder(Vec<DyadState>);

impl Observer for Recorder {
    fn observe(&mut self, _step: u32, state: &DyadState) {
        self.0.push(*state);
    }
}

/// Days before and after an intervention starts over which its effect is read.
const EFFECT_WINDOW: u32 = 14;
/// Days after a turning point over which "what followed" is counted.
const FOLLOW_WINDOW: u32 = 30;
/// A minor event joins a paragraph begun at most this many days before.
const PARAGRAPH_SPAN: u32 = 21;
/// A paragraph takes no more events (both partners crossing a level count once), except more
/// of the same day.
const MAX_PARAGRAPH_EVENTS: usize = 3;
/// Events told at most, besides the opening and the ending (see [`prune`]).
const STORY_BUDGET: usize = 10;
/// Each crossing is told at most this many times per partner and level.
const MAX_REPEATS: u32 = 2;
/// Trust levels told when trust falls below them.
const TRUST_DOWN: [f64; 2] = [0.5, 0.3];
/// Trust told when it recovers above this after having been below the first of `TRUST_DOWN`.
const TRUST_RECOVERED: f64 = 0.7;
/// Exhaustion levels told when exhaustion rises above them.
const EXHAUSTION_UP: [f64; 2] = [0.5, 0.8];
/// Exhaustion below which the exhaustion levels may be told again.
const EXHAUSTION_RESET: f64 = 0.3;
/// Unresolved issues told when first reached.
const ISSUE_LEVELS: [u32; 3] = [5, 10, 20];
/// Exhaustion (at the start of a day) from which a pursuer who withdraws is burning out.
const BURNOUT_EXHAUSTION: f64 = 0.6;
/// Model version 2: hopelessness told when it rises above this (losing hope), besides the
/// middle of the burnout curve (`burnout_at`).
const HOPELESSNESS_UP: f64 = 0.3;
/// Model version 2: contempt levels told when contempt rises above them.
const CONTEMPT_UP: [f64; 2] = [0.3, 0.5];
/// Model version 2: a rising level may be told again once the value has fallen this far below
/// the lowest level.
const RISE_RESET: f64 = 0.1;
/// Model version 2: days over which slow changes are read (why trust fell, burnout, leaving).
/// Trust, hopelessness and contempt move over months, and insecure days are rare.
const SLOW_WINDOW: u32 = 90;

/// One run and what is needed to tell it.
struct Story<'a> {
    sc: &'a Scenario,
    p: &'a ModelParams,
    states: &'a [DyadState],
    summary: &'a RunSummary,
    names: [&'a str; 2],
    /// The last day run.
    last: u32,
    /// The partner the timeline treats as the pursuer (therapy stages).
    pursuer: usize,
    /// Whether the run is of model version 2.
    v2: bool,
}

impl<'a> Story<'a> {
    pub(super) fn new(sc: &'a Scenario, states: &'a [DyadState], summary: &'a RunSummary) -> Self {
        Story {
            sc,
            p: &sc.model,
            states,
            summary,
            names: [sc.partner.a.name.as_str(), sc.partner.b.name.as_str()],
            last: summary.steps_run.min(states.len().saturating_sub(1) as u32),
            pursuer: intervention::pursuer(&states[0]),
            v2: sc.model.version >= 2,
        }
    }

    // -----------------------------------------------------------------------------------------
    // Reading the run
    // -----------------------------------------------------------------------------------------

    pub(super) fn pw(&self, day: u32) -> bool {
        day >= 1 && day <= self.last && self.states[day as usize].pursue_withdraw()
    }

    pub(super) fn strategy(&self, day: u32, who: usize) -> Strategy {
        self.states[day as usize].partners[who].strategy
    }

    /// Days in `from..=to` (clipped to the run) on which `f` holds, and how many days there are.
    pub(super) fn count(&self, from: u32, to: u32, f: impl Fn(u32) -> bool) -> (u32, u32) {
        let (from, to) = (from.max(1), to.min(self.last));
        if from > to {
            return (0, 0);
        }
        ((from..=to).filter(|&d| f(d)).count() as u32, to - from + 1)
    }

    /// The pursue-withdraw episodes: (first day, length).
    pub(super) fn episodes(&self) -> Vec<(u32, u32)> {
        let mut out: Vec<(u32, u32)> = Vec::new();
        for d in 1..=self.last {
            if self.pw(d) {
                match out.last_mut() {
                    Some((start, len)) if *start + *len == d => *len += 1,
                    _ => out.push((d, 1)),
                }
            }
        }
        out
    }

    /// The pursuer and withdrawer of a pursue-withdraw day.
    pub(super) fn roles(&self, day: u32) -> (usize, usize) {
        if self.strategy(day, 0) == Strategy::Pursue { (0, 1) } else { (1, 0) }
    }

    /// Desired closeness of a partner with the traits of `q`, in the model version of the run.
    pub(super) fn desired_closeness(&self, q: &Partner) -> f64 {
        if self.v2 { v2::desired_closeness(q.anxiety, q.avoidance) } else { q.desired_closeness(self.p) }
    }

    /// Desired closeness of both partners on `day`, as the model used it (traits at the start of
    /// the day, moved toward each other by any compromise under way).
    pub(super) fn desired(&self, day: u32) -> [f64; 2] {
        let before = &self.states[day as usize - 1];
        let d = before.partners.map(|q| self.desired_closeness(&q));
        let mut m = [Modifiers::NONE; 2];
        for iv in &self.sc.intervention {
            let x = intervention::modifiers_of(self.p, iv, day, before, self.pursuer);
            m = [m[0].combine(x[0]), m[1].combine(x[1])];
        }
        let mean = 0.5 * (d[0] + d[1]);
        [d[0] + m[0].compromise * (mean - d[0]), d[1] + m[1].compromise * (mean - d[1])]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_default_scenario_is_told_with_its_default_names() {
        let sc = Scenario { steps: 40, replicates: 3, ..Scenario::default() };
        let text = explain(&sc, 0, 60);
        let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(flat.starts_with("One possible course of 40 days for A and B (untitled, seed 1)"), "{text}");
        assert!(flat.contains("`dyad run` on this scenario"), "not a built-in name: {text}");
        assert!(text.lines().all(|l| l.chars().count() <= 60));
    }
}
