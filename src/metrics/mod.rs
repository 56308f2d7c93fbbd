//! Per-run metrics and outcomes (model brief, section 4), and the streaming aggregation of
//! trajectories over replicates.
//!
//! A [`MetricsRecorder`] observes one run step by step and turns it into a [`RunSummary`]:
//!
//! - shares of steps that were pursue-withdraw (one H, the other D), mutual pursuit (H, H),
//!   mutual withdrawal (D, D) and mutual security (S, S), of all steps run;
//! - pursue-withdraw **episodes**: maximal runs of consecutive pursue-withdraw steps, their
//!   number and mean length;
//! - the **role split**: the share of pursue-withdraw steps on which A was the pursuer;
//! - the **positivity ratio** (Gottman 1994): secure responses over insecure ones, counted over
//!   both partners, with at least one insecure response in the denominator;
//! - the **escalation index**: mean conflict intensity (share of the two partners using an
//!   insecure strategy) in the last window minus that in the first window, with windows of
//!   `min(window, steps run / 2)` steps; positive means escalating;
//! - final and extreme trust, exhaustion and closeness, and the outcome ([`outcome`]).

pub mod outcome;
pub mod population;
pub mod survival;
pub mod trajectory;

pub use outcome::{Outcome, OutcomeParams};

use crate::model::Observer;
use crate::model::{DyadState, Strategy, Who};
use outcome::{Day, LastWindow, classify_end, classify_horizon};

/// Why a run stopped before its last step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stop {
    /// The partner left.
    Left(Who),
    /// The partner's trust and exhaustion crossed the damage threshold.
    Damaged(Who),
}

/// The metrics of one run (one row of `runs.csv`).
#[derive(Debug, Clone, PartialEq)]
pub struct RunSummary {
    /// Replicate index, from 0.
    pub replicate: u64,
    /// The seed of this replicate's random number generator.
    pub seed: u64,
    /// How the run ended.
    pub outcome: Outcome,
    /// The step at which the run stopped, for `escalated` and `dissolved`.
    pub outcome_step: Option<u32>,
    /// Steps actually run.
    pub steps_run: u32,
    /// Who left, for `dissolved`.
    pub who_left: Option<Who>,
    /// Share of pursue-withdraw steps.
    pub pursue_withdraw: f64,
    /// Share of mutual-pursuit steps.
    pub mutual_pursuit: f64,
    /// Share of mutual-withdrawal steps.
    pub mutual_withdrawal: f64,
    /// Share of mutually secure steps.
    pub mutual_secure: f64,
    /// Share of steps on which at least one partner pursued (conflict).
    pub conflict: f64,
    /// Share of steps on which A pursued, and B.
    pub pursue: [f64; 2],
    /// Share of steps on which A withdrew, and B.
    pub withdraw: [f64; 2],
    /// Number of pursue-withdraw episodes.
    pub episodes: u32,
    /// Mean length of the episodes in steps (0 without episodes).
    pub mean_episode_length: f64,
    /// Share of pursue-withdraw steps on which A pursued; `None` without such steps.
    pub pursuer_share_a: Option<f64>,
    /// Secure responses over insecure ones (both partners).
    pub positivity_ratio: f64,
    /// Secure responses over insecure ones, counting only the steps on which the responding
    /// partner's attachment system was activated (Gottman's ratio during conflict).
    pub positivity_ratio_activated: f64,
    /// Conflict intensity of the last window minus that of the first.
    pub escalation_index: f64,
    /// Trust at the end.
    pub final_trust: [f64; 2],
    /// Lowest trust.
    pub min_trust: [f64; 2],
    /// Exhaustion at the end.
    pub final_exhaustion: [f64; 2],
    /// Highest exhaustion.
    pub max_exhaustion: [f64; 2],
    /// Closeness at the end.
    pub final_closeness: f64,
    /// Mean closeness over the steps run.
    pub mean_closeness: f64,
    /// Unresolved issues at the end.
    pub final_issues: u32,
    /// Mean exhaustion of A and of B over the steps run.
    pub average_exhaustion: [f64; 2],
    /// Share of steps on which A's (and B's) attachment system was activated.
    pub activated: [f64; 2],
    /// Trust and exhaustion at the start and end of each scheduled intervention.
    pub interventions: Vec<InterventionEffect>,
    /// Change in the couple's mean trust from before the first intervention (or from the
    /// start, without interventions) to the end.
    pub trust_change: f64,
    /// Reliably improved: `trust_change >= reliable_change`, and nobody left.
    pub improved: bool,
    /// Reliably deteriorated: `trust_change <= -reliable_change`, or a partner left.
    pub deteriorated: bool,
    /// The couple's stable traits, `[[anxiety, avoidance] of A, ... of B]` (0..1): drawn from the
    /// scenario's population, or fixed. Trait fluctuation wanders around them from the first
    /// day (docs/MODEL.md, submodel 14).
    pub traits: [[f64; 2]; 2],
}

/// Trust and exhaustion of both partners just before an intervention starts and at its last
/// step (`None` when the run ended before that step).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct InterventionEffect {
    /// Trust of A and B on the step before the intervention started.
    pub trust_start: Option<[f64; 2]>,
    /// Exhaustion of A and B on the step before the intervention started.
    pub exhaustion_start: Option<[f64; 2]>,
    /// Trust of A and B at the intervention's last step.
    pub trust_end: Option<[f64; 2]>,
    /// Exhaustion of A and B at the intervention's last step.
    pub exhaustion_end: Option<[f64; 2]>,
}

/// A column or variable name as written for model `version`: version 2 keeps hopelessness
/// where version 1 keeps exhaustion, and contempt where it keeps resentment, in the same slots
/// of the state (`final_exhaustion_a` is `final_hopelessness_a` under version 2).
pub fn named(name: &str, version: u32) -> String {
    if version >= 2 {
        name.replace("exhaustion", "hopelessness").replace("resentment", "contempt")
    } else {
        name.to_string()
    }
}

/// The name of version 1 for a name of either version (the inverse of [`named`]).
pub fn unnamed(name: &str) -> String {
    name.replace("hopelessness", "exhaustion").replace("contempt", "resentment")
}

/// A numeric metric of [`RunSummary`]: its column name and how to read it.
pub type Metric = (&'static str, fn(&RunSummary) -> Option<f64>);

/// Metrics that are counts, written without decimals.
pub const COUNT_METRICS: [&str; 6] =
    ["episodes", "final_issues", "steps_run", "improved", "recovered", "deteriorated"];

/// The numeric metrics of `runs.csv`, in column order; `summary.json` and sweeps average them.
pub const METRICS: &[Metric] = &[
    ("pursue_withdraw", |r| Some(r.pursue_withdraw)),
    ("mutual_pursuit", |r| Some(r.mutual_pursuit)),
    ("mutual_withdrawal", |r| Some(r.mutual_withdrawal)),
    ("mutual_secure", |r| Some(r.mutual_secure)),
    ("episodes", |r| Some(r.episodes as f64)),
    ("mean_episode_length", |r| Some(r.mean_episode_length)),
    ("pursuer_share_a", |r| r.pursuer_share_a),
    ("positivity_ratio", |r| Some(r.positivity_ratio)),
    ("escalation_index", |r| Some(r.escalation_index)),
    ("final_trust_a", |r| Some(r.final_trust[0])),
    ("final_trust_b", |r| Some(r.final_trust[1])),
    ("min_trust_a", |r| Some(r.min_trust[0])),
    ("min_trust_b", |r| Some(r.min_trust[1])),
    ("final_exhaustion_a", |r| Some(r.final_exhaustion[0])),
    ("final_exhaustion_b", |r| Some(r.final_exhaustion[1])),
    ("max_exhaustion_a", |r| Some(r.max_exhaustion[0])),
    ("max_exhaustion_b", |r| Some(r.max_exhaustion[1])),
    ("final_closeness", |r| Some(r.final_closeness)),
    ("mean_closeness", |r| Some(r.mean_closeness)),
    ("final_issues", |r| Some(r.final_issues as f64)),
    ("steps_run", |r| Some(r.steps_run as f64)),
    ("conflict", |r| Some(r.conflict)),
    ("pursue_a", |r| Some(r.pursue[0])),
    ("pursue_b", |r| Some(r.pursue[1])),
    ("withdraw_a", |r| Some(r.withdraw[0])),
    ("withdraw_b", |r| Some(r.withdraw[1])),
    ("average_exhaustion_a", |r| Some(r.average_exhaustion[0])),
    ("average_exhaustion_b", |r| Some(r.average_exhaustion[1])),
    ("activated_a", |r| Some(r.activated[0])),
    ("activated_b", |r| Some(r.activated[1])),
    ("anxiety_a", |r| Some(r.traits[0][0])),
    ("avoidance_a", |r| Some(r.traits[0][1])),
    ("anxiety_b", |r| Some(r.traits[1][0])),
    ("avoidance_b", |r| Some(r.traits[1][1])),
    ("positivity_ratio_activated", |r| Some(r.positivity_ratio_activated)),
    ("trust_change", |r| Some(r.trust_change)),
    ("improved", |r| Some(f64::from(u8::from(r.improved)))),
    ("recovered", |r| Some(f64::from(u8::from(r.recovered())))),
    ("deteriorated", |r| Some(f64::from(u8::from(r.deteriorated)))),
];

impl RunSummary {
    /// Recovered: reliably improved and settled at the end (Jacobson & Truax 1991).
    pub fn recovered(&self) -> bool {
        self.improved && self.outcome == Outcome::Settled
    }
}

/// Counts of step patterns over a run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Totals {
    pursue_withdraw: u32,
    mutual_pursuit: u32,
    mutual_withdrawal: u32,
    mutual_secure: u32,
    conflict: u32,
    pursue: [u32; 2],
    withdraw: [u32; 2],
    secure_responses: u32,
    a_pursues_in_pw: u32,
    episodes: u32,
}

/// Steps counted by their pair of strategies (one increment a step), from which
/// [`Counts::totals`] derives every count of [`Totals`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Counts {
    /// Steps with A's strategy `a` and B's `b`, at `3 a + b` in `Strategy`'s order.
    pairs: [u32; 9],
    episodes: u32,
}

impl Counts {
    #[inline]
    fn add(&mut self, (a, b): (Strategy, Strategy), previous_pw: bool) -> bool {
        use Strategy::*;
        self.pairs[3 * a as usize + b as usize] += 1;
        let pw = matches!((a, b), (Pursue, Withdraw) | (Withdraw, Pursue));
        self.episodes += u32::from(pw && !previous_pw);
        pw
    }

    fn totals(&self) -> Totals {
        use Strategy::*;
        const ALL: [Strategy; 3] = [Secure, Pursue, Withdraw];
        let n = |a: Strategy, b: Strategy| self.pairs[3 * a as usize + b as usize];
        let mut t = Totals {
            pursue_withdraw: n(Pursue, Withdraw) + n(Withdraw, Pursue),
            mutual_pursuit: n(Pursue, Pursue),
            mutual_withdrawal: n(Withdraw, Withdraw),
            mutual_secure: n(Secure, Secure),
            a_pursues_in_pw: n(Pursue, Withdraw),
            episodes: self.episodes,
            ..Totals::default()
        };
        for a in ALL {
            for b in ALL {
                let k = n(a, b);
                t.conflict += if a == Pursue || b == Pursue { k } else { 0 };
                for (i, s) in [a, b].into_iter().enumerate() {
                    t.pursue[i] += if s == Pursue { k } else { 0 };
                    t.withdraw[i] += if s == Withdraw { k } else { 0 };
                    t.secure_responses += if s == Secure { k } else { 0 };
                }
            }
        }
        t
    }
}

/// Observes one run and summarises it. Counts are updated as the run goes; the strategies of
/// every step (two bytes a step) are kept for the first and last windows.
#[derive(Debug, Clone)]
pub struct MetricsRecorder {
    pairs: Vec<(Strategy, Strategy)>,
    counts: Counts,
    previous_pw: bool,
    min_trust: [f64; 2],
    max_exhaustion: [f64; 2],
    closeness_sum: f64,
    exhaustion_sum: [f64; 2],
    activated: [u32; 2],
    spans: Vec<(u32, u32)>,
    effects: Vec<InterventionEffect>,
    traits: [[f64; 2]; 2],
    initial_trust: f64,
    version: u32,
    days: Vec<Day>,
    activated_responses: [u32; 2],
    last: Option<DyadState>,
}

impl MetricsRecorder {
    /// A recorder for a run of up to `steps` steps.
    pub fn new(steps: u32) -> Self {
        MetricsRecorder {
            pairs: Vec::with_capacity(steps as usize),
            counts: Counts::default(),
            previous_pw: false,
            min_trust: [f64::INFINITY; 2],
            max_exhaustion: [f64::NEG_INFINITY; 2],
            closeness_sum: 0.0,
            exhaustion_sum: [0.0; 2],
            activated: [0; 2],
            spans: Vec::new(),
            effects: Vec::new(),
            traits: [[0.0; 2]; 2],
            initial_trust: 0.0,
            version: 1,
            days: Vec::new(),
            activated_responses: [0; 2],
            last: None,
        }
    }

    /// Also records trust and exhaustion around these intervention spans (start, end).
    pub fn with_interventions(mut self, spans: Vec<(u32, u32)>) -> Self {
        self.effects = vec![InterventionEffect::default(); spans.len()];
        self.spans = spans;
        self
    }

    /// Labels the run as model version `version` does (2: read at the horizon from its last
    /// days; see [`classify_horizon`]).
    pub fn with_version(mut self, version: u32) -> Self {
        self.version = version;
        if version >= 2 {
            self.days.reserve(self.pairs.capacity());
        }
        self
    }

    /// Records the couple's stable traits, `[[anxiety, avoidance] of A, ... of B]`: drawn from
    /// the scenario's population, or fixed. Trait fluctuation, drift and therapy move the traits
    /// during the run; the summary keeps these.
    pub fn with_traits(mut self, traits: [[f64; 2]; 2]) -> Self {
        self.traits = traits;
        self
    }

    /// Summarises the run observed so far.
    pub fn finish(
        &self,
        params: &OutcomeParams,
        replicate: u64,
        seed: u64,
        stop: Option<(u32, Stop)>,
    ) -> RunSummary {
        let last = self.last.expect("a run ends with its last state");
        let c = &self.counts.totals();
        let n = self.pairs.len().max(1) as f64;
        let share = |count: u32| f64::from(count) / n;
        let final_trust = [last.partners[0].trust, last.partners[1].trust];
        let outcome = match stop {
            Some((_, Stop::Left(_))) => Outcome::Dissolved,
            Some((_, Stop::Damaged(_))) => Outcome::Escalated,
            None if self.version >= 2 => classify_horizon(params, &self.days, final_trust),
            None => classify_end(params, self.last_window(params.window), final_trust),
        };
        let insecure = 2 * self.pairs.len() as u32 - c.secure_responses;
        // The baseline of reliable change: before the earliest intervention, else the start.
        let earliest = (0..self.spans.len()).min_by_key(|&k| self.spans[k].0);
        let baseline = earliest
            .and_then(|k| self.effects[k].trust_start)
            .map_or(self.initial_trust, |[a, b]| 0.5 * (a + b));
        let trust_change = 0.5 * (final_trust[0] + final_trust[1]) - baseline;
        let left = matches!(stop, Some((_, Stop::Left(_))));
        RunSummary {
            replicate,
            seed,
            outcome,
            outcome_step: stop.map(|(t, _)| t),
            steps_run: self.pairs.len() as u32,
            who_left: match stop {
                Some((_, Stop::Left(w))) => Some(w),
                _ => None,
            },
            pursue_withdraw: share(c.pursue_withdraw),
            mutual_pursuit: share(c.mutual_pursuit),
            mutual_withdrawal: share(c.mutual_withdrawal),
            mutual_secure: share(c.mutual_secure),
            conflict: share(c.conflict),
            pursue: c.pursue.map(share),
            withdraw: c.withdraw.map(share),
            episodes: c.episodes,
            mean_episode_length: if c.episodes == 0 {
                0.0
            } else {
                f64::from(c.pursue_withdraw) / f64::from(c.episodes)
            },
            pursuer_share_a: (c.pursue_withdraw > 0)
                .then(|| f64::from(c.a_pursues_in_pw) / f64::from(c.pursue_withdraw)),
            positivity_ratio: f64::from(c.secure_responses) / f64::from(insecure.max(1)),
            positivity_ratio_activated: f64::from(self.activated_responses[0])
                / f64::from(self.activated_responses[1].max(1)),
            escalation_index: self.escalation_index(params.window),
            final_trust,
            min_trust: self.min_trust,
            final_exhaustion: [last.partners[0].exhaustion, last.partners[1].exhaustion],
            max_exhaustion: self.max_exhaustion,
            final_closeness: last.closeness,
            mean_closeness: self.closeness_sum / n,
            final_issues: last.issues,
            average_exhaustion: self.exhaustion_sum.map(|e| e / n),
            activated: self.activated.map(|a| f64::from(a) / n),
            interventions: self.effects.clone(),
            trust_change,
            improved: !left && trust_change >= params.reliable_change,
            deteriorated: left || trust_change <= -params.reliable_change,
            traits: self.traits,
        }
    }

    fn intensity(pair: &(Strategy, Strategy)) -> f64 {
        0.5 * (f64::from(u8::from(pair.0.is_insecure())) + f64::from(u8::from(pair.1.is_insecure())))
    }

    fn escalation_index(&self, window: u32) -> f64 {
        let w = (window as usize).min(self.pairs.len() / 2);
        if w == 0 {
            return 0.0;
        }
        let mean = |s: &[(Strategy, Strategy)]| s.iter().map(Self::intensity).sum::<f64>() / w as f64;
        mean(&self.pairs[self.pairs.len() - w..]) - mean(&self.pairs[..w])
    }

    fn last_window(&self, window: u32) -> LastWindow {
        let w = (window as usize).min(self.pairs.len()).max(1);
        let mut tail = Counts::default();
        let mut previous = false;
        for &pair in &self.pairs[self.pairs.len().saturating_sub(w)..] {
            previous = tail.add(pair, previous);
        }
        LastWindow {
            pursue_withdraw: f64::from(tail.totals().pursue_withdraw) / w as f64,
            mutual_withdrawal: f64::from(tail.totals().mutual_withdrawal) / w as f64,
        }
    }
}

impl Observer for MetricsRecorder {
    fn observe(&mut self, step: u32, state: &DyadState) {
        for i in 0..2 {
            self.min_trust[i] = self.min_trust[i].min(state.partners[i].trust);
            self.max_exhaustion[i] = self.max_exhaustion[i].max(state.partners[i].exhaustion);
        }
        if step == 0 {
            self.initial_trust = 0.5 * (state.partners[0].trust + state.partners[1].trust);
        }
        if step > 0 {
            let pair = state.strategies();
            self.previous_pw = self.counts.add(pair, self.previous_pw);
            self.pairs.push(pair);
            self.closeness_sum += state.closeness;
            for i in 0..2 {
                let q = &state.partners[i];
                self.exhaustion_sum[i] += q.exhaustion;
                self.activated[i] += u32::from(q.activated);
                if q.activated {
                    self.activated_responses[usize::from(q.strategy.is_insecure())] += 1;
                }
            }
            if self.version >= 2 {
                self.days.push(Day::of(state));
            }
        }
        for (k, &(start, end)) in self.spans.iter().enumerate() {
            let trust = [state.partners[0].trust, state.partners[1].trust];
            let exhaustion = [state.partners[0].exhaustion, state.partners[1].exhaustion];
            if step + 1 == start {
                self.effects[k].trust_start = Some(trust);
                self.effects[k].exhaustion_start = Some(exhaustion);
            }
            if step == end {
                self.effects[k].trust_end = Some(trust);
                self.effects[k].exhaustion_end = Some(exhaustion);
            }
        }
    }

    fn end(&mut self, _step: u32, state: &DyadState) {
        self.last = Some(*state);
    }
}
