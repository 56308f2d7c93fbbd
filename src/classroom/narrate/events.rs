//! Finding the turning points of a run: what happened, on which day, and how much the story
//! needs it.

use super::*;
use crate::model::Partner;
use crate::model::v2;

/// A partner's variable whose crossings are told: trust under both model versions, exhaustion
/// under version 1, hopelessness and contempt under version 2.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Var {
    Trust,
    Exhaustion,
    Hopelessness,
    Contempt,
}

impl Var {
    /// The value of this variable for `q` (version 2 keeps hopelessness in the `exhaustion` slot
    /// and contempt in `resentment`).
    fn of(self, q: &Partner) -> f64 {
        match self {
            Var::Trust => q.trust,
            Var::Exhaustion | Var::Hopelessness => q.exhaustion,
            Var::Contempt => q.resentment,
        }
    }

    /// The lowest level told when the variable rises: crossing it matters least.
    fn lowest(self) -> f64 {
        match self {
            Var::Trust => TRUST_DOWN[1],
            Var::Exhaustion => EXHAUSTION_UP[0],
            Var::Hopelessness => HOPELESSNESS_UP,
            Var::Contempt => CONTEMPT_UP[0],
        }
    }
}

/// A rising variable, the levels told when it passes them, and the value below which a level
/// may be told again.
struct Rising {
    var: Var,
    levels: Vec<f64>,
    reset: f64,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum What {
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
    pub(super) fn major(&self) -> bool {
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
    pub(super) fn importance(&self) -> u8 {
        match *self {
            What::Cross {
                var: var @ (Var::Exhaustion | Var::Hopelessness | Var::Contempt),
                level,
                again,
                ..
            } => u8::from(level > var.lowest() && !again) + 1,
            What::Cross { up: true, again: true, .. } => 1,
            What::Cross { .. } | What::Longest { .. } | What::IssuesCleared => 2,
            What::Issues(level) => u8::from(level == ISSUE_LEVELS[0]) + 1,
            _ => 0,
        }
    }

    /// Order of events on the same day.
    pub(super) fn rank(&self) -> u8 {
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
pub(super) struct Ev {
    pub(super) day: u32,
    pub(super) what: What,
}

impl Story<'_> {
    /// Every turning point, in the order told.
    pub(super) fn events(&self) -> Vec<Ev> {
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
        let burnout = if self.v2 { self.burnout_v2() } else { self.burnout() };
        if let Some(ev) = burnout {
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

    /// The rising variables of the model version, with their levels.
    fn rising(&self) -> Vec<Rising> {
        if !self.v2 {
            return vec![Rising {
                var: Var::Exhaustion,
                levels: EXHAUSTION_UP.into(),
                reset: EXHAUSTION_RESET,
            }];
        }
        // Hopelessness: losing hope, then the middle of the burnout curve.
        let at = self.p.v2.burnout_at;
        let mut hope = vec![at];
        if at > HOPELESSNESS_UP + RISE_RESET {
            hope.insert(0, HOPELESSNESS_UP);
        }
        let reset = hope[0] - RISE_RESET;
        vec![
            Rising { var: Var::Hopelessness, levels: hope, reset },
            Rising { var: Var::Contempt, levels: CONTEMPT_UP.into(), reset: CONTEMPT_UP[0] - RISE_RESET },
        ]
    }

    pub(super) fn crossings(&self, evs: &mut Vec<Ev>) {
        let rising = self.rising();
        for who in 0..2 {
            let value = |d: u32, var: Var| var.of(&self.states[d as usize].partners[who]);
            // Trust falling.
            let t0 = value(0, Var::Trust);
            let mut armed = TRUST_DOWN.map(|l| t0 >= l);
            let mut told = [0u32; 2];
            let mut recover_armed = t0 < TRUST_DOWN[0];
            let mut recovered = 0u32;
            // Exhaustion (version 1), hopelessness and contempt (version 2) rising.
            let mut up_armed: Vec<Vec<bool>> =
                rising.iter().map(|r| r.levels.iter().map(|&l| value(0, r.var) <= l).collect()).collect();
            let mut up_told: Vec<Vec<u32>> = rising.iter().map(|r| vec![0; r.levels.len()]).collect();
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
                for (r, (e_armed, e_told)) in rising.iter().zip(up_armed.iter_mut().zip(up_told.iter_mut())) {
                    let (prev, now) = (value(d - 1, r.var), value(d, r.var));
                    for (k, &level) in r.levels.iter().enumerate() {
                        if e_armed[k] && prev <= level && now > level {
                            let again = e_told[k] > 0;
                            let what = What::Cross { who, var: r.var, level, up: true, again };
                            evs.push(Ev { day: d, what });
                            e_armed[k] = false;
                            e_told[k] += 1;
                        }
                    }
                    if now < r.reset {
                        for k in 0..r.levels.len() {
                            e_armed[k] = e_armed[k] || e_told[k] < MAX_REPEATS && e_told[k] > 0;
                        }
                    }
                }
            }
        }
    }

    pub(super) fn issues(&self, evs: &mut Vec<Ev>) {
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
    pub(super) fn burnout(&self) -> Option<Ev> {
        let who = self.main_pursuer()?;
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

    /// The partner who pursued on most pursue-withdraw days (A on a tie), if there were any.
    fn main_pursuer(&self) -> Option<usize> {
        let (pw_days, _) = self.count(1, self.last, |d| self.pw(d));
        if pw_days == 0 {
            return None;
        }
        let (a_pursued, _) =
            self.count(1, self.last, |d| self.pw(d) && self.strategy(d, 0) == Strategy::Pursue);
        Some(if 2 * a_pursued >= pw_days { 0 } else { 1 })
    }

    /// Model version 2: the pursuer (as for version 1, and one by disposition), the first day
    /// they withdrew while past the middle of the burnout curve (hopelessness at the start of
    /// the day at least `burnout_at`), where burnout turns pursuit into withdrawal.
    fn burnout_v2(&self) -> Option<Ev> {
        let who = self.main_pursuer()?;
        let q = &self.states[0].partners[who];
        if v2::lean_to_pursue(q.anxiety, q.avoidance) <= 0.5 {
            return None;
        }
        let at = self.p.v2.burnout_at;
        (2..=self.last)
            .find(|&d| {
                self.states[d as usize - 1].partners[who].exhaustion >= at
                    && self.strategy(d, who) == Strategy::Withdraw
            })
            .map(|day| Ev { day, what: What::Burnout { who } })
    }
}

/// Drops the least important events (importance 1), latest first, while the story has more than
/// [`STORY_BUDGET`] events (both partners crossing a level within a paragraph's span count once).
pub(super) fn prune(evs: &mut Vec<Ev>) {
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
pub(super) fn sentences<'e>(group: impl Iterator<Item = &'e Ev>) -> usize {
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
