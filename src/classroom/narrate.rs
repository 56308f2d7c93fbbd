//! `dyad explain`: one replicate told as a short story, at its turning points.
//!
//! The run is the replicate that `dyad run` reports (point 0, same seed), recorded step by step.
//! The story is built in three passes:
//!
//! 1. **Find the turning points** in the recorded states: the first pursue-withdraw episode and
//!    what the model says set it off (each partner's closeness gap, the other's strategy the
//!    day before, stress), the longest episode, trust and exhaustion crossing notable levels,
//!    issues piling up or being cleared, interventions starting, changing stage, taking effect
//!    and ending, life events, the pursuer burning out, and the ending.
//! 2. **Group them into paragraphs**: a major event (an intervention, a life event, the first
//!    episode, the pursuer burning out, the ending) opens a paragraph; a minor one (a crossing,
//!    issues, the longest episode, an intervention's effect) joins the paragraph begun within
//!    the last three weeks, up to three events. Each paragraph starts with "Day N:". A long
//!    story drops its least important events first (exhaustion passing 0.5, issues reaching 10
//!    or 20, repeated recoveries).
//! 3. **Word-wrap** to the width.
//!
//! Every cause named is a term of the model (see `docs/MODEL.md`; `docs/MODEL-V1.md` for model
//! version 1): the text says what the partners felt in the model's terms (too far, too close,
//! pressed, turned away, stressed) and nothing the model does not have.

use crate::engine::{self, Observer};
use crate::metrics::{Outcome, RunSummary, Stop};
use crate::model::choice::appraise;
use crate::model::intervention::{self, Distance, EventKind, Kind, Modifiers, Stage, Target};
use crate::model::{DyadState, ModelParams, Strategy};
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

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Var {
    Trust,
    Exhaustion,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum What {
    Start(usize),
    Stage(usize, usize),
    StressStart(usize),
    StressEnd(usize),
    Burst(usize),
    FirstEpisode { start: u32, len: u32 },
    Effect(usize),
    Cross { who: usize, var: Var, level: f64, up: bool, again: bool },
    Issues(u32),
    IssuesCleared,
    Burnout { who: usize },
    Longest { start: u32, len: u32 },
    End(usize),
    Ending,
}

impl What {
    /// Major events open a paragraph of their own.
    fn major(&self) -> bool {
        matches!(
            self,
            What::Start(_)
                | What::Stage(..)
                | What::StressStart(_)
                | What::StressEnd(_)
                | What::Burst(_)
                | What::FirstEpisode { .. }
                | What::End(_)
                | What::Burnout { .. }
                | What::Ending
        )
    }

    /// How much the story needs it: 1 is dropped when the story is long (see [`prune`]).
    fn importance(&self) -> u8 {
        match *self {
            What::Cross { var: Var::Exhaustion, level, again, .. } => {
                u8::from(level > EXHAUSTION_UP[0] && !again) + 1
            }
            What::Cross { up: true, again: true, .. } => 1,
            What::Cross { .. } | What::Longest { .. } | What::IssuesCleared => 2,
            What::Issues(level) => u8::from(level == ISSUE_LEVELS[0]) + 1,
            _ => 0,
        }
    }

    /// Order of events on the same day.
    fn rank(&self) -> u8 {
        match self {
            What::Start(_) | What::Stage(..) => 0,
            What::StressStart(_) | What::StressEnd(_) | What::Burst(_) => 1,
            What::FirstEpisode { .. } => 2,
            What::Effect(_) => 3,
            What::Burnout { .. } => 4,
            What::Longest { .. } => 5,
            What::Cross { .. } => 6,
            What::Issues(_) | What::IssuesCleared => 7,
            What::End(_) => 8,
            What::Ending => 9,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
struct Ev {
    day: u32,
    what: What,
}

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
}

impl<'a> Story<'a> {
    fn new(sc: &'a Scenario, states: &'a [DyadState], summary: &'a RunSummary) -> Self {
        Story {
            sc,
            p: &sc.model,
            states,
            summary,
            names: [sc.partner.a.name.as_str(), sc.partner.b.name.as_str()],
            last: summary.steps_run.min(states.len().saturating_sub(1) as u32),
            pursuer: intervention::pursuer(&states[0]),
        }
    }

    // -----------------------------------------------------------------------------------------
    // Reading the run
    // -----------------------------------------------------------------------------------------

    fn pw(&self, day: u32) -> bool {
        day >= 1 && day <= self.last && self.states[day as usize].pursue_withdraw()
    }

    fn strategy(&self, day: u32, who: usize) -> Strategy {
        self.states[day as usize].partners[who].strategy
    }

    /// Days in `from..=to` (clipped to the run) on which `f` holds, and how many days there are.
    fn count(&self, from: u32, to: u32, f: impl Fn(u32) -> bool) -> (u32, u32) {
        let (from, to) = (from.max(1), to.min(self.last));
        if from > to {
            return (0, 0);
        }
        ((from..=to).filter(|&d| f(d)).count() as u32, to - from + 1)
    }

    /// The pursue-withdraw episodes: (first day, length).
    fn episodes(&self) -> Vec<(u32, u32)> {
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
    fn roles(&self, day: u32) -> (usize, usize) {
        if self.strategy(day, 0) == Strategy::Pursue { (0, 1) } else { (1, 0) }
    }

    /// Desired closeness of both partners on `day`, as the model used it (traits at the start of
    /// the day, moved toward each other by any compromise under way).
    fn desired(&self, day: u32) -> [f64; 2] {
        let before = &self.states[day as usize - 1];
        let d = before.partners.map(|q| q.desired_closeness(self.p));
        let mut m = [Modifiers::NONE; 2];
        for iv in &self.sc.intervention {
            let x = intervention::modifiers_of(self.p, iv, day, before, self.pursuer);
            m = [m[0].combine(x[0]), m[1].combine(x[1])];
        }
        let mean = 0.5 * (d[0] + d[1]);
        [d[0] + m[0].compromise * (mean - d[0]), d[1] + m[1].compromise * (mean - d[1])]
    }

    /// Every turning point, in the order told.
    fn events(&self) -> Vec<Ev> {
        let mut evs = Vec::new();
        let last = self.last;
        // Interventions: start (day 1 is told in the opening), stages, effect, end.
        for (k, iv) in self.sc.intervention.iter().enumerate() {
            if iv.start > last {
                continue;
            }
            if iv.start > 1 {
                evs.push(Ev { day: iv.start, what: What::Start(k) });
            }
            let mut first = iv.start;
            for (s, len) in iv.stage_lengths.iter().enumerate() {
                if s > 0 && first <= last {
                    evs.push(Ev { day: first, what: What::Stage(k, s) });
                }
                first += len;
            }
            if iv.start >= 2 && iv.start + EFFECT_WINDOW - 1 <= last.min(iv.end) {
                evs.push(Ev { day: iv.start + EFFECT_WINDOW - 1, what: What::Effect(k) });
            }
            if iv.end < last && iv.end < self.sc.steps {
                evs.push(Ev { day: iv.end, what: What::End(k) });
            }
        }
        // Life events.
        for (k, e) in self.sc.event.iter().enumerate() {
            if e.start > last {
                continue;
            }
            match e.kind {
                EventKind::Stress if e.magnitude.unwrap_or(0.0) > 0.0 => {
                    evs.push(Ev { day: e.start, what: What::StressStart(k) });
                    if e.end < last {
                        evs.push(Ev { day: e.end + 1, what: What::StressEnd(k) });
                    }
                }
                EventKind::Issues if e.count.unwrap_or(0) > 0 => {
                    evs.push(Ev { day: e.start, what: What::Burst(k) })
                }
                _ => {}
            }
        }
        // Episodes.
        let episodes = self.episodes();
        if let Some(&(start, len)) = episodes.first() {
            evs.push(Ev { day: start, what: What::FirstEpisode { start, len } });
            let longest = episodes.iter().fold((0, 0), |best, &e| if e.1 > best.1 { e } else { best });
            if longest.1 > len {
                evs.push(Ev { day: longest.0, what: What::Longest { start: longest.0, len: longest.1 } });
            }
        }
        self.crossings(&mut evs);
        self.issues(&mut evs);
        if let Some(ev) = self.burnout() {
            evs.push(ev);
        }
        // The last day belongs to the ending when the run stopped early.
        if self.summary.outcome_step.is_some() {
            evs.retain(|e| e.day < last || !matches!(e.what, What::Cross { .. } | What::Issues(_)));
        }
        evs.sort_by_key(|e| (e.day, e.what.rank()));
        prune(&mut evs);
        evs.push(Ev { day: last, what: What::Ending });
        evs
    }

    fn crossings(&self, evs: &mut Vec<Ev>) {
        for who in 0..2 {
            let value = |d: u32, var: Var| {
                let q = &self.states[d as usize].partners[who];
                if var == Var::Trust { q.trust } else { q.exhaustion }
            };
            // Trust falling.
            let t0 = value(0, Var::Trust);
            let mut armed = TRUST_DOWN.map(|l| t0 >= l);
            let mut told = [0u32; 2];
            let mut recover_armed = t0 < TRUST_DOWN[0];
            let mut recovered = 0u32;
            // Exhaustion rising.
            let e0 = value(0, Var::Exhaustion);
            let mut e_armed = EXHAUSTION_UP.map(|l| e0 <= l);
            let mut e_told = [0u32; 2];
            for d in 1..=self.last {
                let (prev, now) = (value(d - 1, Var::Trust), value(d, Var::Trust));
                for (k, &level) in TRUST_DOWN.iter().enumerate() {
                    if armed[k] && prev >= level && now < level {
                        let again = told[k] > 0;
                        evs.push(Ev {
                            day: d,
                            what: What::Cross { who, var: Var::Trust, level, up: false, again },
                        });
                        armed[k] = false;
                        told[k] += 1;
                    }
                }
                if now < TRUST_DOWN[0] && recovered < MAX_REPEATS {
                    recover_armed = true;
                }
                if recover_armed && prev <= TRUST_RECOVERED && now > TRUST_RECOVERED {
                    let again = recovered > 0;
                    let level = TRUST_RECOVERED;
                    evs.push(Ev {
                        day: d,
                        what: What::Cross { who, var: Var::Trust, level, up: true, again },
                    });
                    recover_armed = false;
                    recovered += 1;
                    for k in 0..2 {
                        armed[k] = told[k] < MAX_REPEATS;
                    }
                }
                let (prev, now) = (value(d - 1, Var::Exhaustion), value(d, Var::Exhaustion));
                for (k, &level) in EXHAUSTION_UP.iter().enumerate() {
                    if e_armed[k] && prev <= level && now > level {
                        let again = e_told[k] > 0;
                        let what = What::Cross { who, var: Var::Exhaustion, level, up: true, again };
                        evs.push(Ev { day: d, what });
                        e_armed[k] = false;
                        e_told[k] += 1;
                    }
                }
                if now < EXHAUSTION_RESET {
                    for k in 0..2 {
                        e_armed[k] = e_armed[k] || e_told[k] < MAX_REPEATS && e_told[k] > 0;
                    }
                }
            }
        }
    }

    fn issues(&self, evs: &mut Vec<Ev>) {
        let bursts: Vec<u32> = self
            .sc
            .event
            .iter()
            .filter(|e| e.kind == EventKind::Issues && e.count.unwrap_or(0) > 0)
            .map(|e| e.start)
            .collect();
        let mut next =
            ISSUE_LEVELS.iter().position(|&l| self.states[0].issues < l).unwrap_or(ISSUE_LEVELS.len());
        let mut piled = self.states[0].issues >= ISSUE_LEVELS[0];
        let mut cleared = false;
        for d in 1..=self.last {
            let u = self.states[d as usize].issues;
            let mut reached = None;
            while next < ISSUE_LEVELS.len() && u >= ISSUE_LEVELS[next] {
                reached = Some(ISSUE_LEVELS[next]);
                next += 1;
            }
            if let Some(level) = reached {
                piled = true;
                // A burst says it itself.
                if !bursts.contains(&d) {
                    evs.push(Ev { day: d, what: What::Issues(level) });
                }
            }
            if piled && !cleared && u == 0 {
                evs.push(Ev { day: d, what: What::IssuesCleared });
                cleared = true;
            }
        }
    }

    /// The pursuer (the partner who pursued on most pursue-withdraw days), the first day they
    /// withdrew while worn out, if from then on they withdrew more often than before.
    fn burnout(&self) -> Option<Ev> {
        let (pw_days, _) = self.count(1, self.last, |d| self.pw(d));
        if pw_days == 0 {
            return None;
        }
        let (a_pursued, _) =
            self.count(1, self.last, |d| self.pw(d) && self.strategy(d, 0) == Strategy::Pursue);
        let who = if 2 * a_pursued >= pw_days { 0 } else { 1 };
        let q = &self.states[0].partners[who];
        let prior = self.p.strategy_prior;
        if (q.anxiety + prior) / (q.anxiety + q.avoidance + 2.0 * prior) <= 0.5 {
            // Not a pursuer by disposition (an avoidant or fearful partner): no burned-out pursuer.
            return None;
        }
        let withdrew = |d: u32| self.strategy(d, who) == Strategy::Withdraw;
        (2..=self.last)
            .find(|&d| {
                let tired = self.states[d as usize - 1].partners[who].exhaustion >= BURNOUT_EXHAUSTION;
                if !(tired && withdrew(d)) {
                    return false;
                }
                let (after, n_after) = self.count(d, d + FOLLOW_WINDOW - 1, withdrew);
                let (before, n_before) = self.count(d.saturating_sub(FOLLOW_WINDOW), d - 1, withdrew);
                // Withdrawing clearly more often than before: by at least a tenth of the days.
                n_before > 0
                    && n_after >= 7
                    && f64::from(after) / f64::from(n_after) >= f64::from(before) / f64::from(n_before) + 0.1
            })
            .map(|day| Ev { day, what: What::Burnout { who } })
    }

    // -----------------------------------------------------------------------------------------
    // Telling it
    // -----------------------------------------------------------------------------------------

    fn paragraphs(&self) -> Vec<String> {
        let mut out = vec![self.opening()];
        let mut group: Vec<Ev> = Vec::new();
        for ev in self.events() {
            let new = match group.first() {
                None => false,
                Some(first) => {
                    ev.what == What::Ending
                        || (ev.what.major() && ev.day != first.day)
                        || ev.day > first.day + PARAGRAPH_SPAN
                        || (group.last().is_some_and(|l| l.day != ev.day)
                            && sentences(group.iter().chain([&ev])) > MAX_PARAGRAPH_EVENTS)
                }
            };
            if new {
                out.push(self.paragraph(&group));
                group.clear();
            }
            group.push(ev);
        }
        if !group.is_empty() {
            out.push(self.paragraph(&group));
        }
        out
    }

    fn paragraph(&self, evs: &[Ev]) -> String {
        let day = evs[0].day;
        let mut sentences: Vec<String> = Vec::new();
        let mut done = vec![false; evs.len()];
        for i in 0..evs.len() {
            if done[i] {
                continue;
            }
            done[i] = true;
            match evs[i].what {
                What::Cross { who, var, level, up, again } => {
                    // Both partners crossing the same level are told in one sentence.
                    let mut group = vec![evs[i]];
                    for j in i + 1..evs.len() {
                        if let What::Cross { who: w, var: v, level: l, up: u, again: a } = evs[j].what
                            && (v, u, a) == (var, up, again)
                            && l == level
                            && w != who
                            && group.len() < 2
                            && !done[j]
                        {
                            group.push(evs[j]);
                            done[j] = true;
                        }
                    }
                    sentences.push(self.crossing(&group, day));
                }
                what => sentences.extend(self.sentence(what, evs[i].day, day)),
            }
        }
        let text: Vec<String> =
            sentences.into_iter().filter(|s| !s.is_empty()).map(|s| capitalise(&s)).collect();
        format!("Day {day}: {}", text.join(" "))
    }

    fn name(&self, who: usize) -> &str {
        self.names[who]
    }

    /// " on day N", or "" when the paragraph is about that day.
    fn on(day: u32, para: u32) -> String {
        if day == para { String::new() } else { format!(" on day {day}") }
    }

    fn opening(&self) -> String {
        let sc = self.sc;
        let [a, b] = self.names;
        let mut s = Vec::new();
        let span = match sc.steps {
            365 => "year".to_string(),
            1 => "first day".to_string(),
            n => format!("course of {n} days"),
        };
        s.push(format!(
            "One possible {span} for {a} and {b} ({}, seed {}), told at its turning points.",
            sc.name, sc.seed
        ));
        let q = &self.states[0].partners;
        let traits = |i: usize| {
            format!(
                "{} {} (anxiety {:.2}) and {} (avoidance {:.2})",
                self.names[i],
                anxiety_words(q[i].anxiety),
                q[i].anxiety,
                avoidance_words(q[i].avoidance),
                q[i].avoidance
            )
        };
        if (q[0].anxiety, q[0].avoidance) == (q[1].anxiety, q[1].avoidance) {
            s.push(format!("{}; so does {b}.", traits(0)));
        } else {
            s.push(format!("{}; {}.", traits(0), traits(1)));
        }
        if sc.population.is_some() {
            s.push(
                "Their traits were drawn from the scenario's population: every run is a different couple."
                    .into(),
            );
        }
        let d = q.map(|p| p.desired_closeness(self.p));
        let x0 = self.states[0].closeness;
        let wants = if (d[0] - d[1]).abs() < 0.05 {
            format!("where both would like about {:.2}", 0.5 * (d[0] + d[1]))
        } else {
            format!("where {a} would like about {:.2} and {b} about {:.2}", d[0], d[1])
        };
        let t = [q[0].trust, q[1].trust];
        let trust = if (t[0] - t[1]).abs() < 0.005 {
            format!("{} trust in each other ({:.2} each; 1 is full trust)", trust_words(t[0]), t[0])
        } else {
            format!("trust of {:.2} ({a}) and {:.2} ({b}), where 1 is full trust", t[0], t[1])
        };
        s.push(format!(
            "They start at closeness {x0:.2} (0 is distant, 1 very close), {wants}, with {trust}."
        ));
        let mut extra = Vec::new();
        for (name, partner) in self.names.iter().zip(q) {
            if partner.exhaustion >= 0.3 {
                extra.push(format!("{name} is already tired (exhaustion {:.2})", partner.exhaustion));
            }
        }
        if self.states[0].issues > 0 {
            extra.push(match self.states[0].issues {
                1 => "1 issue is unresolved from the start".to_string(),
                n => format!("{n} issues are unresolved from the start"),
            });
        }
        if !extra.is_empty() {
            s.push(format!("{}.", join_and(&extra)));
        }
        s.push(self.plans());
        s.join(" ")
    }

    /// What is planned: interventions and life events.
    fn plans(&self) -> String {
        let sc = self.sc;
        let mut plans = Vec::new();
        let mut later = Vec::new();
        let mut first_day = Vec::new();
        for (k, iv) in sc.intervention.iter().enumerate() {
            let (who, _) = self.target(iv.who, iv.kind);
            let what = match iv.kind {
                Kind::Therapy => {
                    let days: u32 = iv.stage_lengths.iter().sum();
                    format!("couples therapy ({} stages over {days} days)", iv.stages.len())
                }
                kind => format!("{} for {who}", kind_noun(kind)),
            };
            if iv.start > sc.steps {
                later.push(what);
            } else if iv.start <= 1 {
                let mut told = self.start(k);
                told[0] = format!("From the first day, {}", told[0]);
                first_day.extend(told);
            } else {
                plans.push(format!("{what} from day {}", iv.start));
            }
        }
        for e in &sc.event {
            let what = match e.kind {
                EventKind::Stress if e.end <= sc.steps => {
                    format!("a stressful period of {} days", e.end - e.start + 1)
                }
                EventKind::Stress => "a stressful period".to_string(),
                EventKind::Issues => format!("a burst of {} new problems", e.count.unwrap_or(0)),
            };
            if e.start > sc.steps {
                later.push(what);
            } else if e.kind == EventKind::Issues {
                plans.push(format!("{what} on day {}", e.start));
            } else {
                plans.push(format!("{what} from day {}", e.start));
            }
        }
        if sc.environment.stressor_rate > 0.0 {
            plans.push("outside stress that comes and goes at random".into());
        }
        let come = if later.len() == 1 { "comes" } else { "come" };
        let mut out = match (plans.is_empty(), later.is_empty()) {
            (true, true) if first_day.is_empty() => {
                "No help and no life events are planned: this is the couple on its own.".to_string()
            }
            (true, true) => String::new(),
            (true, false) => format!(
                "Nothing is planned within the {} days told here ({} {come} only later).",
                sc.steps,
                join_and(&later)
            ),
            (false, true) => format!("Planned: {}.", join_and(&plans)),
            (false, false) => format!(
                "Planned: {} ({} {come} only after the {} days told here).",
                join_and(&plans),
                join_and(&later),
                sc.steps
            ),
        };
        for s in first_day {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(&s);
        }
        out
    }

    /// Whom an intervention is for, and whether that is both partners.
    fn target(&self, who: Target, kind: Kind) -> (String, bool) {
        let [a, b] = self.names;
        match (who, kind) {
            (_, Kind::Vulnerability | Kind::Therapy) | (Target::Both, _) => (format!("{a} and {b}"), true),
            (Target::A, _) => (a.to_string(), false),
            (Target::B, _) => (b.to_string(), false),
        }
    }

    fn sentence(&self, what: What, day: u32, para: u32) -> Vec<String> {
        let on = Self::on(day, para);
        match what {
            What::Start(k) => self.start(k),
            What::Stage(k, s) => vec![self.stage(k, s)],
            What::Effect(k) => vec![self.effect(k, &on)],
            What::End(k) => self.end(k, &on),
            What::StressStart(k) => {
                let e = &self.sc.event[k];
                let how_long = if e.end <= self.last {
                    format!("for {} days", e.end - e.start + 1)
                } else {
                    "until the end of the story".into()
                };
                vec![format!(
                    "A hard time began{on}: stress from outside the relationship (an extra {:.2} on the \
                     0-to-1 stress scale) weighed on them {how_long}.",
                    e.magnitude.unwrap_or(0.0)
                )]
            }
            What::StressEnd(k) => {
                let e = &self.sc.event[k];
                let (pw, n) = self.count(e.start, e.end, |d| self.pw(d));
                let cycle = match pw {
                    0 => "there was not a single pursue-withdraw day".to_string(),
                    1 => format!("1 of its {n} days was a pursue-withdraw day"),
                    _ => format!("{pw} of its {n} days were pursue-withdraw days"),
                };
                vec![format!(
                    "The hard time was over{on}: during it {}, and {cycle}.",
                    self.trust_change(e.start.saturating_sub(1), e.end)
                )]
            }
            What::Burst(k) => {
                let what = match self.sc.event[k].count.unwrap_or(0) {
                    1 => "1 new problem landed".to_string(),
                    n => format!("{n} new problems landed at once"),
                };
                vec![format!(
                    "{what}{on}, bringing the unresolved issues to {}.",
                    self.states[day as usize].issues
                )]
            }
            What::FirstEpisode { start, len } => self.first_episode(start, len),
            What::Longest { start, len } => vec![self.longest(start, len)],
            What::Issues(level) => {
                if level == ISSUE_LEVELS[0] {
                    vec![format!(
                        "Unresolved issues piled up to {level}{on}; issues get talked through only on days \
                         when both respond openly."
                    )]
                } else {
                    vec![format!("Unresolved issues reached {level}{on}.")]
                }
            }
            What::IssuesCleared => vec![format!(
                "The last unresolved issue was talked through{on}, on one of the calm days when both responded \
                 openly."
            )],
            What::Burnout { who } => vec![self.burnout_sentence(who, day)],
            What::Ending => self.ending(),
            What::Cross { .. } => Vec::new(),
        }
    }

    fn first_episode(&self, start: u32, len: u32) -> Vec<String> {
        let (p, w) = self.roles(start);
        let (pn, wn) = (self.name(p), self.name(w));
        let mut s = Vec::new();
        if len == 1 {
            s.push(format!(
                "The first pursue-withdraw day: {pn} pursued (pressed for closeness) and {wn} withdrew (pulled away)."
            ));
        } else {
            s.push(format!(
                "The pursue-withdraw cycle started: {pn} pursued (pressed for closeness) and {wn} withdrew (pulled \
                 away), {len} days in a row (days {start} to {}).",
                start + len - 1
            ));
        }
        // Why, in the model's terms, using the state at the start of the day.
        let before = &self.states[start as usize - 1];
        let x = before.closeness;
        let desired = self.desired(start);
        let mut why = Vec::new();
        let feel = |i: usize| {
            let gap = desired[i] - x;
            if gap > 0.03 {
                "felt too far apart"
            } else if gap < -0.03 {
                "felt crowded"
            } else {
                "was at about the closeness wanted"
            }
        };
        if feel(p) == feel(w) && (desired[0] - desired[1]).abs() < 0.02 {
            let f = feel(p)
                .replace("was at about the closeness wanted", "were at about the closeness they wanted");
            why.push(format!("both {f} (closeness was {x:.2}, both would like {:.2})", desired[p]));
        } else {
            let own =
                |i: usize| feel(i).replace("closeness wanted", &format!("closeness {} wanted", self.name(i)));
            why.push(format!(
                "{pn} {} (closeness was {x:.2}, {pn} would like {:.2}) and {wn} {} ({wn} would like {:.2})",
                own(p),
                desired[p],
                own(w),
                desired[w]
            ));
        }
        // The strategies of the day before enter the other partner's threat.
        let same = before.partners[0].strategy == before.partners[1].strategy;
        let who: &[usize] = if same { &[0] } else { &[0, 1] };
        let yesterday: Vec<String> = who
            .iter()
            .filter_map(|&i| match before.partners[i].strategy {
                Strategy::Withdraw if same => Some("both had withdrawn".to_string()),
                Strategy::Pursue if same => Some("both had pressed for closeness".to_string()),
                Strategy::Withdraw => Some(format!("{} had withdrawn", self.name(i))),
                Strategy::Pursue => Some(format!("{} had pressed for closeness", self.name(i))),
                Strategy::Secure => None,
            })
            .collect();
        if !yesterday.is_empty() {
            why.push(format!("the day before, {}", join_and(&yesterday)));
        }
        why.push(self.stress_clause(start));
        s.push(format!("Why: {}.", why.join("; ")));
        // Which way an alarmed partner goes depends on their traits and exhaustion: say so when the
        // day went against the odds.
        let sigma = self.states[start as usize].stress;
        let lean =
            |i: usize| appraise(self.p, &before.partners[i], &before.partners[1 - i], x, sigma).p_pursue;
        if lean(p) < 0.35 {
            s.push(format!("Pursuing was unusual for {pn}: when insecure, {pn} more often withdraws."));
        }
        if lean(w) > 0.65 {
            s.push(format!("Withdrawing was unusual for {wn}: when insecure, {wn} more often pursues."));
        }
        // What followed.
        let from = start + len;
        let (k, n) = self.count(from, from + FOLLOW_WINDOW - 1, |d| self.pw(d));
        if n >= 7 {
            if k == 0 {
                s.push(format!("The cycle did not come back in the {n} days that followed."));
            } else {
                let times = if k == 1 { "once".to_string() } else { format!("on {k} of them") };
                s.push(format!("In the {n} days that followed, it came back {times}."));
            }
        }
        s
    }

    fn stress_clause(&self, day: u32) -> String {
        let sigma = self.states[day as usize].stress;
        let issues = self.states[day as usize - 1].issues;
        let from_issues = (self.p.stress_per_issue * f64::from(issues)).min(1.0);
        let outside = (sigma - from_issues).max(0.0);
        let issue_words = match issues {
            0 => "no unresolved issues".to_string(),
            1 => "1 unresolved issue".to_string(),
            n => format!("{n} unresolved issues"),
        };
        let scheduled =
            self.sc.event.iter().any(|e| e.kind == EventKind::Stress && e.start <= day && day <= e.end);
        if sigma < 0.005 {
            return format!("there was no stress ({issue_words})");
        }
        let from = if scheduled { "the hard time" } else { "outside stress" };
        let source = if outside > 0.005 && issues == 0 {
            format!("all of it from {from}")
        } else if outside > 0.005 {
            format!("{from_issues:.2} from {issue_words} and {outside:.2} from {from}")
        } else {
            format!("from {issue_words}")
        };
        format!("stress was {} ({sigma:.2} of 1, {source})", stress_words(sigma))
    }

    fn longest(&self, start: u32, len: u32) -> String {
        let end = start + len - 1;
        let (p, w) = self.roles(start);
        let same = (start..=end).all(|d| self.roles(d).0 == p);
        let roles = if same {
            format!("{} pursuing and {} withdrawing", self.name(p), self.name(w))
        } else {
            "pursuit and withdrawal, the roles switching back and forth".to_string()
        };
        format!(
            "The longest unbroken stretch of the cycle came on days {start} to {end}: {len} days in a row of {roles}."
        )
    }

    fn crossing(&self, group: &[Ev], para: u32) -> String {
        let What::Cross { var, level, up, again, .. } = group[0].what else { return String::new() };
        let who = |e: &Ev| match e.what {
            What::Cross { who, .. } => who,
            _ => 0,
        };
        let again_word = if again { " again" } else { "" };
        let (noun, verb) = match (var, up) {
            (Var::Trust, false) => ("trust", format!("fell below {level}{again_word}")),
            (Var::Trust, true) => ("trust", format!("recovered above {level}{again_word}")),
            (Var::Exhaustion, _) => ("exhaustion", format!("passed {level}{again_word}")),
        };
        let state = if level >= EXHAUSTION_UP[1] { "close to burning out" } else { "worn out" };
        let mut s = if group.len() == 2 && group[0].day == group[1].day {
            format!("both partners' {noun} {verb}{}", Self::on(group[0].day, para))
        } else if group.len() == 2 {
            format!(
                "{}'s {noun} {verb}{}, and {}'s{}",
                self.name(who(&group[0])),
                Self::on(group[0].day, para),
                self.name(who(&group[1])),
                if group[1].day == para { " too".to_string() } else { Self::on(group[1].day, para) }
            )
        } else {
            format!("{}'s {noun} {verb}{}", self.name(who(&group[0])), Self::on(group[0].day, para))
        };
        if var == Var::Exhaustion {
            let subject = if group.len() == 2 {
                "both were".to_string()
            } else {
                format!("{} was", self.name(who(&group[0])))
            };
            s.push_str(&format!(": {subject} {state}"));
        }
        // Why trust fell: the responsiveness each partner met in the two weeks before.
        if var == Var::Trust && !up && level == TRUST_DOWN[0] && !again {
            let why: Vec<String> = group.iter().filter_map(|e| self.trust_reason(who(e), e.day)).collect();
            if !why.is_empty() {
                s.push_str(&format!(": in the two weeks before, {}", why.join("; ")));
            }
        }
        s.push('.');
        s
    }

    /// What pulled trust down for `who` in the two weeks up to `day`: bids met by withdrawal
    /// (no responsiveness) or being pressed (little responsiveness).
    fn trust_reason(&self, who: usize, day: u32) -> Option<String> {
        let other = 1 - who;
        let from = day.saturating_sub(EFFECT_WINDOW - 1);
        let (turned, _) = self.count(from, day, |d| {
            self.strategy(d, who).is_bid() && self.strategy(d, other) == Strategy::Withdraw
        });
        let (pressed, _) = self.count(from, day, |d| self.strategy(d, other) == Strategy::Pursue);
        let (n, o) = (self.name(who), self.name(other));
        match (turned, pressed) {
            (0, 0) => None,
            _ if turned >= pressed => {
                Some(format!("{o} had turned away from {n}'s bids on {turned} {}", days(turned)))
            }
            _ => Some(format!("{o} had pressed {n} for closeness on {pressed} {}", days(pressed))),
        }
    }

    fn burnout_sentence(&self, who: usize, day: u32) -> String {
        let n = self.name(who);
        let e = self.states[day as usize - 1].partners[who].exhaustion;
        let withdrew = |d: u32| self.strategy(d, who) == Strategy::Withdraw;
        let (after, n_after) = self.count(day, day + FOLLOW_WINDOW - 1, withdrew);
        let (before, n_before) = self.count(day.saturating_sub(FOLLOW_WINDOW), day - 1, withdrew);
        format!(
            "{n}, the pursuer, was burning out: with exhaustion at {e:.2}, pursuit seemed less worth the effort, \
             and {n} began to withdraw too, on {after} of the next {n_after} days against {before} of the \
             {n_before} days before."
        )
    }

    fn start(&self, k: usize) -> Vec<String> {
        let iv = &self.sc.intervention[k];
        let (who, plural) = self.target(iv.who, iv.kind);
        let other = match iv.who {
            Target::A => self.name(1),
            Target::B => self.name(0),
            Target::Both => "each other",
        };
        let they = if plural { "they were".to_string() } else { format!("{who} was") };
        let s = match iv.kind {
            Kind::Communication => format!(
                "{who} started learning open communication: when alarmed, {they} now more likely to respond \
                 openly instead of pursuing or withdrawing, and calm days resolved more issues."
            ),
            Kind::Boundaries => {
                let whose = if plural { "each other's".to_string() } else { format!("{other}'s") };
                format!(
                    "{who} started practising healthy detachment: {whose} pursuit or withdrawal now cost less \
                     energy and hurt less, and distance felt less alarming."
                )
            }
            Kind::SelfCare => format!(
                "{who} started looking after their own needs (sleep, exercise, friends) and recovered from \
                 exhaustion faster."
            ),
            Kind::Coping => {
                format!("{who} learned to notice their triggers and calm down, so alarm set in less often.")
            }
            Kind::Vulnerability => {
                format!(
                    "{who} started showing small acts of vulnerability: every calm day together built extra trust."
                )
            }
            Kind::Compromise if plural => format!("{who} agreed to meet halfway on how close to be."),
            Kind::Compromise => format!("{who} started meeting {other} halfway on how close to be."),
            Kind::Therapy => {
                let days: u32 = iv.stage_lengths.iter().sum();
                let mut s = format!(
                    "{who} began couples therapy in the emotionally focused style: {} stages over {days} days.",
                    iv.stages.len()
                );
                if let Some(w) = self.weak_alliance(k) {
                    s.push(' ');
                    s.push_str(&w);
                }
                return vec![s, self.stage(k, 0)];
            }
        };
        vec![s]
    }

    /// A sentence on a mismatched therapist distance, if it weakens someone's alliance.
    fn weak_alliance(&self, k: usize) -> Option<String> {
        let iv = &self.sc.intervention[k];
        let distance = iv.distance.unwrap_or_default();
        let (style, feels) = match distance {
            Distance::Adaptive => return None,
            Distance::Close => ("close", "intrusive"),
            Distance::Distant => ("distant", "unavailable"),
        };
        let weak: Vec<String> = (0..2)
            .filter(|&i| {
                let q = &self.states[0].partners[i];
                intervention::alliance(self.p, distance, q.anxiety, q.avoidance) < 0.8
            })
            .map(|i| self.name(i).to_string())
            .collect();
        if weak.is_empty() {
            return None;
        }
        let weak = join_and(&weak);
        Some(format!(
            "The therapist kept a {style} distance, which felt {feels} to {weak}, so the therapy reached {weak} \
             less."
        ))
    }

    fn stage(&self, k: usize, s: usize) -> String {
        let iv = &self.sc.intervention[k];
        let order = if s == 0 {
            "First"
        } else if s + 1 == iv.stages.len() {
            "Last"
        } else {
            "Next"
        };
        let len = iv.stage_lengths[s];
        let (p, w) = (self.name(self.pursuer), self.name(1 - self.pursuer));
        let what = match iv.stages[s] {
            Stage::DeEscalation => "cycle de-escalation: helping both see the cycle, not each other, as the \
                                    enemy, so that they were less easily alarmed"
                .to_string(),
            Stage::WithdrawerReEngagement => {
                format!("withdrawer re-engagement: helping {w} stay and respond instead of pulling away")
            }
            Stage::PursuerSoftening => format!(
                "pursuer softening: helping {p} reach out calmly instead of protesting, which works only as far \
                 as {w} has become engaged"
            ),
            Stage::Consolidation => {
                "consolidation: practising the new, calmer cycle on old problems, so the change lasts"
                    .to_string()
            }
        };
        format!("{order} stage of therapy ({len} days), {what}.")
    }

    /// Pursue-withdraw days in the two weeks before `start` against `from..=to`, in words.
    fn pw_change(&self, start: u32, from: u32, to: u32, since: &str) -> String {
        let (before, n_before) = self.count(start.saturating_sub(EFFECT_WINDOW), start - 1, |d| self.pw(d));
        let (after, n_after) = self.count(from, to, |d| self.pw(d));
        let verb = match (after * n_before).cmp(&(before * n_after)) {
            std::cmp::Ordering::Less => "fell",
            std::cmp::Ordering::Greater => "rose",
            std::cmp::Ordering::Equal => "went",
        };
        format!(
            "pursue-withdraw days {verb} from {before} of the {n_before} days before it to {} of {since} {n_after}",
            none_or(after)
        )
    }

    fn effect(&self, k: usize, on: &str) -> String {
        let iv = &self.sc.intervention[k];
        let (s, e) = (iv.start, iv.start + EFFECT_WINDOW - 1);
        let noun = kind_short(iv.kind);
        let when = if on.is_empty() {
            String::new()
        } else {
            format!(" ({})", on.trim_start().trim_start_matches("on "))
        };
        format!(
            "Two weeks into {noun}{when}, {}, and {}.",
            self.pw_change(s, s, e, "its first"),
            self.trust_change(s - 1, e)
        )
    }

    /// How trust changed from `from` to `to`, in words.
    fn trust_change(&self, from: u32, to: u32) -> String {
        let t = |d: u32, i: usize| self.states[d as usize].partners[i].trust;
        let change = |i: usize| format!("{} from {:.2} to {:.2}", self.name(i), t(from, i), t(to, i));
        let verb = |i: usize| match t(to, i) - t(from, i) {
            x if x >= 0.02 => "rose",
            x if x <= -0.02 => "fell",
            _ => "held",
        };
        if verb(0) == verb(1) {
            format!("trust {} for both ({}, {})", verb(0), change(0), change(1))
        } else {
            let span = |i: usize| format!("from {:.2} to {:.2}", t(from, i), t(to, i));
            format!(
                "{}'s trust {} ({}) and {}'s {} ({})",
                self.name(0),
                verb(0),
                span(0),
                self.name(1),
                verb(1),
                span(1)
            )
        }
    }

    /// How the partners' insecure traits (those from 0.3 up) moved from `from` to `to` (with
    /// plasticity), if they did by 0.03 or more; a secure trait is told only if it grew by 0.05.
    fn trait_change(&self, from: u32, to: u32) -> Option<String> {
        let (mut eased, mut grew) = (Vec::new(), Vec::new());
        for i in 0..2 {
            let (a, b) = (&self.states[from as usize].partners[i], &self.states[to as usize].partners[i]);
            for (what, x, y) in [("anxiety", a.anxiety, b.anxiety), ("avoidance", a.avoidance, b.avoidance)] {
                let told = format!("{}'s {what}", self.name(i));
                if x >= 0.3 && y <= x - 0.03 {
                    eased.push(format!("{told} from {x:.2} to {y:.2}"));
                } else if y >= x + if x >= 0.3 { 0.03 } else { 0.05 } {
                    grew.push(format!("{told} from {x:.2} to {y:.2}"));
                }
            }
        }
        let mut parts = Vec::new();
        if !eased.is_empty() {
            parts.push(format!(
                "{} eased ({})",
                if eased.len() > 1 { "their insecurity" } else { "insecurity" },
                join_and(&eased)
            ));
        }
        if !grew.is_empty() {
            parts.push(format!("insecurity grew ({})", join_and(&grew)));
        }
        (!parts.is_empty()).then(|| parts.join(" but "))
    }

    fn end(&self, k: usize, on: &str) -> Vec<String> {
        let iv = &self.sc.intervention[k];
        let noun = capitalise(kind_short(iv.kind));
        let (s, e) = (iv.start, iv.end);
        let mut out = if s >= 2 {
            let last = EFFECT_WINDOW.min(e + 1 - s);
            vec![format!(
                "{noun} ended{on}: over its {} days {}, and {}.",
                e - s + 1,
                self.trust_change(s - 1, e),
                self.pw_change(s, e + 1 - last, e, "its last")
            )]
        } else {
            vec![format!("{noun} ended{on}.")]
        };
        if let Some(moved) = self.trait_change(s.saturating_sub(1), e) {
            out.push(format!("Meanwhile {moved}."));
        }
        out
    }

    fn ending(&self) -> Vec<String> {
        let sm = self.summary;
        let last = self.last;
        let q = &self.states[last as usize].partners;
        let [a, b] = self.names;
        let mut s = Vec::new();
        let stop = sm.outcome_step.and_then(|_| match (sm.outcome, sm.who_left) {
            (Outcome::Dissolved, Some(w)) => Some(Stop::Left(w)),
            (Outcome::Escalated, _) => {
                self.sc.outcome.damaged(&self.states[last as usize]).map(Stop::Damaged)
            }
            _ => None,
        });
        let window = self.sc.outcome.window.min(last).max(1);
        let from = last + 1 - window;
        let (pw, n) = self.count(from, last, |d| self.pw(d));
        let (mw, _) = self.count(from, last, |d| {
            self.strategy(d, 0) == Strategy::Withdraw && self.strategy(d, 1) == Strategy::Withdraw
        });
        let last_days = if n == last { format!("all {n} days") } else { format!("the last {n} days") };
        match (sm.outcome, stop) {
            (Outcome::Escalated, Some(Stop::Damaged(w))) => {
                let i = w.index();
                let n = self.name(i);
                s.push(format!(
                    "The cycle has escalated: {n}'s trust broke down ({:.2}) while {n} was exhausted ({:.2}), \
                     and the story stops here.",
                    q[i].trust, q[i].exhaustion
                ));
            }
            (Outcome::Dissolved, Some(Stop::Left(w))) => {
                let i = w.index();
                let n = self.name(i);
                let committed = self.states[last as usize].partners.map(|p| p.commitment(self.p));
                let less = if committed[i] + 0.05 < committed[1 - i] {
                    format!(", and less committed than {}", self.name(1 - i))
                } else {
                    String::new()
                };
                s.push(format!(
                    "{n} left: the relationship has dissolved. {n} was worn out (exhaustion {:.2}), with little \
                     trust left ({:.2}){less}.",
                    q[i].exhaustion, q[i].trust
                ));
            }
            (Outcome::Settled, _) => {
                let calm = if sm.pursue_withdraw == 0.0 {
                    "there was not a single day on which one pursued while the other withdrew".to_string()
                } else if pw == 0 {
                    format!("none of {last_days} was a pursue-withdraw day")
                } else if pw == 1 {
                    format!("only 1 of {last_days} was a pursue-withdraw day")
                } else {
                    format!("only {pw} of {last_days} were pursue-withdraw days")
                };
                s.push(format!("The couple has settled: {calm}, and both trust each other."));
            }
            (Outcome::Disengaged, _) => s.push(format!(
                "The couple has disengaged into parallel lives: on {mw} of {last_days} both withdrew at once."
            )),
            _ => s.push(format!(
                "The story ends with the couple still cycling: {pw} of {last_days} were pursue-withdraw days, \
                 and the cycle neither settled nor broke."
            )),
        }
        s.push(format!(
            "At the end, trust was {:.2} for {a} and {:.2} for {b}, and exhaustion {:.2} and {:.2}.",
            q[0].trust, q[1].trust, q[0].exhaustion, q[1].exhaustion
        ));
        // Traits that moved (plasticity), unless an intervention's end has told it already.
        if self.sc.intervention.iter().all(|iv| iv.end >= last || iv.end >= self.sc.steps)
            && let Some(moved) = self.trait_change(0, last)
        {
            s.push(format!("Over the whole story, {moved}."));
        }
        s
    }

    /// The closing sentence: how often the scenario's runs end this way.
    fn context(&self, (k, n): (usize, usize)) -> String {
        let how = match self.summary.outcome {
            Outcome::Settled => "settled",
            Outcome::Escalated => "in escalation",
            Outcome::Dissolved => "with a partner leaving",
            Outcome::Disengaged => "in parallel lives",
            Outcome::Cycling => "still cycling",
        };
        let run = if builtin::text(&self.sc.name).is_some() {
            format!("`dyad run {}`", self.sc.name)
        } else {
            "`dyad run` on this scenario".to_string()
        };
        let of = if (n as u32) < self.sc.replicates {
            format!("the first {n} of the {} runs of this scenario", self.sc.replicates)
        } else {
            format!("the {n} runs of this scenario")
        };
        let pct = if n == 0 { 0.0 } else { 100.0 * k as f64 / n as f64 };
        format!(
            "Of {of}, {k} ({pct:.0}%) end {how} like this one; {run} shows every ending, and another seed \
             tells another story."
        )
    }
}

fn anxiety_words(x: f64) -> &'static str {
    match x {
        x if x >= 0.7 => "worries a lot about being left",
        x if x >= 0.5 => "often worries about being left",
        x if x >= 0.3 => "sometimes worries about being left",
        _ => "rarely worries about being left",
    }
}

fn avoidance_words(x: f64) -> &'static str {
    match x {
        x if x >= 0.7 => "feels crowded by closeness and pulls away under stress",
        x if x >= 0.5 => "is uneasy with closeness",
        x if x >= 0.3 => "is a little wary of closeness",
        _ => "is comfortable with closeness",
    }
}

fn trust_words(x: f64) -> &'static str {
    match x {
        x if x >= 0.8 => "high",
        x if x >= 0.6 => "fair",
        x if x >= 0.4 => "shaky",
        _ => "low",
    }
}

fn stress_words(x: f64) -> &'static str {
    match x {
        x if x < 0.1 => "hardly there",
        x if x < 0.3 => "low",
        x if x < 0.6 => "considerable",
        _ => "heavy",
    }
}

/// What an intervention is, as a noun phrase for the plan.
fn kind_noun(kind: Kind) -> &'static str {
    match kind {
        Kind::Communication => "open communication",
        Kind::Boundaries => "healthy detachment",
        Kind::SelfCare => "self-care",
        Kind::Coping => "coping with triggers",
        Kind::Vulnerability => "small acts of vulnerability",
        Kind::Compromise => "meeting halfway on closeness",
        Kind::Therapy => "couples therapy",
    }
}

/// What an intervention is, as a short subject: "communication began".
fn kind_short(kind: Kind) -> &'static str {
    match kind {
        Kind::Communication => "communication",
        Kind::Boundaries => "detachment",
        Kind::SelfCare => "self-care",
        Kind::Coping => "coping",
        Kind::Vulnerability => "vulnerability",
        Kind::Compromise => "the compromise",
        Kind::Therapy => "therapy",
    }
}

/// Drops the least important events (importance 1), latest first, while the story has more than
/// [`STORY_BUDGET`] events (both partners crossing a level within a paragraph's span count once).
fn prune(evs: &mut Vec<Ev>) {
    let units = |evs: &[Ev]| {
        evs.iter()
            .enumerate()
            .filter(|&(k, e)| match e.what {
                What::Cross { who, var, level, up, again } => !evs[..k].iter().any(|f| {
                    f.what == What::Cross { who: 1 - who, var, level, up, again }
                        && e.day <= f.day + PARAGRAPH_SPAN
                }),
                _ => true,
            })
            .count()
    };
    while units(evs) > STORY_BUDGET {
        match evs.iter().rposition(|e| e.what.importance() == 1) {
            Some(k) => {
                evs.remove(k);
            }
            None => break,
        }
    }
}

/// The number of events of a paragraph, both partners' crossing of a level counted once.
fn sentences<'e>(group: impl Iterator<Item = &'e Ev>) -> usize {
    let mut crossings = Vec::new();
    let mut n = 0;
    for e in group {
        match e.what {
            What::Cross { var, level, up, again, .. } => {
                let key = (var, level.to_bits(), up, again);
                if !crossings.contains(&key) {
                    crossings.push(key);
                    n += 1;
                }
            }
            _ => n += 1,
        }
    }
    n
}

/// "days" or "day".
fn days(n: u32) -> &'static str {
    if n == 1 { "day" } else { "days" }
}

/// A count, with 0 as "none".
fn none_or(n: u32) -> String {
    if n == 0 { "none".into() } else { n.to_string() }
}

/// "a", "a and b", "a, b and c".
fn join_and(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// Greedy word wrap of one paragraph to `width` columns (at least 20); a word longer than the
/// width is cut. Ends with a newline.
fn wrap(text: &str, width: usize) -> String {
    let width = width.max(20);
    let mut out = String::new();
    let mut line = String::new();
    let mut len = 0;
    for word in text.split_whitespace() {
        let mut word: Vec<char> = word.chars().collect();
        while word.len() > width {
            if len > 0 {
                out.push_str(&line);
                out.push('\n');
                line.clear();
                len = 0;
            }
            out.extend(word.drain(..width));
            out.push('\n');
        }
        if word.is_empty() {
            continue;
        }
        if len > 0 && len + 1 + word.len() > width {
            out.push_str(&line);
            out.push('\n');
            line.clear();
            len = 0;
        }
        if len > 0 {
            line.push(' ');
            len += 1;
        }
        line.extend(word.iter());
        len += word.len();
    }
    if len > 0 {
        out.push_str(&line);
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrap_keeps_every_word_within_the_width() {
        let text =
            "Day 2: The first pursue-withdraw day: Sam pursued (pressed for closeness) and Alex withdrew.";
        for width in [20, 33, 80] {
            let wrapped = wrap(text, width);
            assert!(wrapped.lines().all(|l| l.chars().count() <= width), "{width}:\n{wrapped}");
            assert_eq!(
                wrapped.split_whitespace().collect::<Vec<_>>(),
                text.split_whitespace().collect::<Vec<_>>()
            );
            assert!(wrapped.ends_with('\n') && !wrapped.contains(" \n"));
        }
        let long = wrap(&"x".repeat(45), 20);
        assert_eq!(long.lines().map(str::len).collect::<Vec<_>>(), [20, 20, 5]);
        assert_eq!(wrap("", 80), "");
    }

    #[test]
    fn lists_read_as_prose() {
        let items = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(join_and(&items(&["a"])), "a");
        assert_eq!(join_and(&items(&["a", "b"])), "a and b");
        assert_eq!(join_and(&items(&["a", "b", "c"])), "a, b and c");
        assert_eq!(capitalise("therapy"), "Therapy");
    }

    #[test]
    fn pruning_drops_minor_events_latest_first_and_keeps_the_essential() {
        let cross = |day, who, level| Ev {
            day,
            what: What::Cross { who, var: Var::Exhaustion, level, up: true, again: false },
        };
        let mut evs: Vec<Ev> = (1..=8).map(|d| Ev { day: d * 40, what: What::Start(0) }).collect();
        evs.push(Ev { day: 10, what: What::FirstEpisode { start: 10, len: 1 } });
        evs.extend([cross(20, 0, 0.5), cross(25, 1, 0.5), cross(300, 0, 0.5)]);
        evs.push(Ev { day: 330, what: What::Issues(10) });
        evs.sort_by_key(|e| e.day);
        prune(&mut evs);
        // 9 essential events and one crossing of both partners (one sentence) make the budget.
        assert_eq!(evs.len(), 11);
        let minor = |e: &Ev| matches!(e.what, What::Cross { .. } | What::Issues(_));
        assert!(
            evs.iter().filter(|e| minor(e)).all(|e| e.day < 300),
            "the latest minor events go first: {evs:?}"
        );
    }

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
