//! Telling the turning points: paragraphs, and a sentence for each event.

use super::events::{Ev, Var, What, sentences};
use super::words::*;
use super::*;

impl Story<'_> {
    pub(super) fn paragraphs(&self) -> Vec<String> {
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

    pub(super) fn paragraph(&self, evs: &[Ev]) -> String {
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
        format!("{}: {}", time::day_heading(day, self.sc.steps), text.join(" "))
    }

    pub(super) fn name(&self, who: usize) -> &str {
        self.names[who]
    }

    /// " on day N", or "" when the paragraph is about that day.
    pub(super) fn on(day: u32, para: u32) -> String {
        if day == para { String::new() } else { format!(" on day {day}") }
    }

    pub(super) fn sentence(&self, what: What, day: u32, para: u32) -> Vec<String> {
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
            What::Issues(level) if self.v2 => {
                if level == ISSUE_LEVELS[0] {
                    vec![format!(
                        "Unresolved issues piled up to {level}{on}; most issues are perpetual, and one stops \
                         weighing on a couple only once they accept it, which trust and openness make likelier."
                    )]
                } else {
                    vec![format!("Unresolved issues reached {level}{on}.")]
                }
            }
            What::IssuesCleared if self.v2 => {
                vec![format!(
                    "The last unresolved issue was solved or accepted{on}, and stress from issues was gone."
                )]
            }
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

    pub(super) fn first_episode(&self, start: u32, len: u32) -> Vec<String> {
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
        let lean = |i: usize| {
            let q = &before.partners[i];
            if self.v2 {
                v2::lean_to_pursue(q.anxiety, q.avoidance) * (1.0 - v2::burnout(&self.p.v2, q.exhaustion))
            } else {
                appraise(self.p, q, &before.partners[1 - i], x, sigma).p_pursue
            }
        };
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

    pub(super) fn stress_clause(&self, day: u32) -> String {
        let sigma = self.states[day as usize].stress;
        let issues = self.states[day as usize - 1].issues;
        let from_issues = if self.v2 {
            let p = &self.p.v2;
            p.stress_max * (1.0 - (-f64::from(issues) / p.stress_scale).exp())
        } else {
            (self.p.stress_per_issue * f64::from(issues)).min(1.0)
        };
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

    pub(super) fn longest(&self, start: u32, len: u32) -> String {
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

    pub(super) fn crossing(&self, group: &[Ev], para: u32) -> String {
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
            (Var::Hopelessness, _) => ("hopelessness", format!("passed {level}{again_word}")),
            (Var::Contempt, _) => ("contempt", format!("passed {level}{again_word}")),
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
        let subject = if group.len() == 2 {
            "both were".to_string()
        } else {
            format!("{} was", self.name(who(&group[0])))
        };
        match var {
            Var::Exhaustion => s.push_str(&format!(": {subject} {state}")),
            Var::Hopelessness if level >= self.p.v2.burnout_at => s.push_str(&format!(
                ": {subject} at the middle of the burnout curve, where pursuit begins to give way to withdrawal"
            )),
            Var::Hopelessness => s.push_str(&format!(": {subject} losing hope that reaching out would help")),
            Var::Contempt => {
                let whom = if group.len() == 2 { "each other".to_string() } else { self.name(1 - who(&group[0])).to_string() };
                let how = if level > CONTEMPT_UP[0] { "looking down on" } else { "beginning to look down on" };
                s.push_str(&format!(
                    ": {subject} {how} {whom}, which makes an open response less likely and leaving more likely"
                ));
            }
            Var::Trust => {}
        }
        // Why trust fell: the responsiveness each partner met in the two weeks before.
        if var == Var::Trust && !up && level == TRUST_DOWN[0] && !again {
            let why: Vec<String> = group.iter().filter_map(|e| self.trust_reason(who(e), e.day)).collect();
            if !why.is_empty() {
                let window = if self.v2 { time::span(SLOW_WINDOW) } else { "two weeks".to_string() };
                s.push_str(&format!(": in the {window} before, {}", why.join("; ")));
            }
        }
        s.push('.');
        s
    }

    /// What pulled trust down for `who` in the two weeks up to `day`: bids met by withdrawal
    /// (no responsiveness) or being pressed (little responsiveness).
    pub(super) fn trust_reason(&self, who: usize, day: u32) -> Option<String> {
        let other = 1 - who;
        let window = if self.v2 { SLOW_WINDOW } else { EFFECT_WINDOW };
        let from = day.saturating_sub(window - 1);
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

    pub(super) fn burnout_sentence(&self, who: usize, day: u32) -> String {
        if self.v2 {
            return self.burnout_sentence_v2(who, day);
        }
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

    /// Model version 2: the pursuer past the middle of the burnout curve, and how often they
    /// pursued and withdrew in the months before and after.
    fn burnout_sentence_v2(&self, who: usize, day: u32) -> String {
        let n = self.name(who);
        let h = self.states[day as usize - 1].partners[who].exhaustion;
        let did = |from: u32, to: u32, s: Strategy| self.count(from, to, |d| self.strategy(d, who) == s).0;
        let (from, to) = (day.saturating_sub(SLOW_WINDOW), day - 1);
        let (before_p, before_w) = (did(from, to, Strategy::Pursue), did(from, to, Strategy::Withdraw));
        let (_, n_after) = self.count(day, day + SLOW_WINDOW - 1, |_| true);
        let end = day + n_after - 1;
        let (after_p, after_w) = (did(day, end, Strategy::Pursue), did(day, end, Strategy::Withdraw));
        format!(
            "{n}, the pursuer, was burning out: with hopelessness at {h:.2}, pursuit seemed less worth the \
             effort, and {n} withdrew instead. In the {} from this day {n} pursued on {} and withdrew on {}; in \
             the {} before, on {before_p} and {before_w}.",
            time::span(n_after),
            count_days(after_p),
            after_w,
            time::span(day - from.max(1)),
        )
    }
}
