//! How the story ends, and how often the scenario's runs end that way.
//!
//! Model version 1 stops a run on damage (trust broken while exhausted) or a partner leaving,
//! and labels the others from the last `window` days. Model version 2 stops only when a partner
//! leaves; the others are labelled at the horizon from the last `horizon_window` days
//! ([`classify_horizon`](crate::metrics::outcome::classify_horizon)), and the story says what
//! the label saw: for an escalating couple, the halves of that window it compared.

use super::words::*;
use super::*;
use crate::metrics::outcome::{Day, Stretch, horizon_halves, horizon_tail};
use crate::model::Who;

impl Story<'_> {
    pub(super) fn ending(&self) -> Vec<String> {
        if self.v2 {
            return self.ending_v2();
        }
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
    pub(super) fn context(&self, (k, n): (usize, usize)) -> String {
        let how = match self.summary.outcome {
            Outcome::Settled => "settled",
            Outcome::Escalated if self.v2 => "escalating",
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

    /// Model version 2: the label at the horizon, or the leaving, then the final state.
    fn ending_v2(&self) -> Vec<String> {
        let last = self.last;
        let q = &self.states[last as usize].partners;
        let [a, b] = self.names;
        let days: Vec<Day> = self.states[1..=last as usize].iter().map(Day::of).collect();
        let op = &self.sc.outcome;
        let tail = horizon_tail(op, &days);
        let n = tail.len() as u32;
        let over = if n >= last {
            format!("over all {}", count_days(n))
        } else {
            format!("over the last {} ({} days)", time::span(n), n)
        };
        let is_pw = |d: &&Day| {
            matches!(
                d.strategies,
                (Strategy::Pursue, Strategy::Withdraw) | (Strategy::Withdraw, Strategy::Pursue)
            )
        };
        let pw = tail.iter().filter(is_pw).count();
        let insecure = Stretch::of(tail).insecure;
        let k = (insecure * f64::from(n)).round() as u32;
        let mut s = Vec::new();
        match (self.summary.outcome, self.summary.who_left) {
            (Outcome::Dissolved, Some(w)) => s.extend(self.left_v2(w)),
            (Outcome::Settled, _) => {
                let calm = match k {
                    0 => format!("not one of the {n} days had an insecure response (pursuit or withdrawal)"),
                    1 => format!("only 1 of the {n} days had an insecure response (pursuit or withdrawal)"),
                    k => format!("only {k} of the {n} days had an insecure response (pursuit or withdrawal)"),
                };
                let never = if self.summary.pursue_withdraw == 0.0 {
                    "there was not a single day on which one pursued while the other withdrew; "
                } else {
                    ""
                };
                s.push(format!("The couple has settled: {never}{over}, {calm}, and both trust each other."));
            }
            (Outcome::Escalated, _) => s.push(self.escalating(&days, &over)),
            (Outcome::Disengaged, _) => {
                let mutual =
                    tail.iter().filter(|d| d.strategies == (Strategy::Withdraw, Strategy::Withdraw)).count();
                let x = tail.iter().map(|d| d.closeness).sum::<f64>() / f64::from(n.max(1));
                s.push(format!(
                    "The couple has disengaged into parallel lives: {over}, closeness averaged {x:.2}, and both \
                     withdrew at once on {mutual} days, against {pw} pursue-withdraw days. The cycle has burned \
                     out rather than settled."
                ));
            }
            _ => {
                let low: Vec<String> = (0..2)
                    .filter(|&i| q[i].trust < op.settled_min_trust)
                    .map(|i| format!("{}'s trust ({:.2})", self.name(i), q[i].trust))
                    .collect();
                let why = if insecure > op.settled_max_insecure_days || low.is_empty() {
                    "too many to call it settled".to_string()
                } else {
                    let are = if low.len() > 1 { "are" } else { "is" };
                    format!("and {} {are} too low to call it settled", join_and(&low))
                };
                s.push(format!(
                    "The story ends with the couple still cycling: {over}, {pw} of the {n} days were pursue-withdraw \
                     days and {k} had an insecure response (pursuit or withdrawal), {why}; yet the cycle did not \
                     clearly get worse."
                ));
            }
        }
        s.push(format!(
            "At the end, trust was {:.2} for {a} and {:.2} for {b}, hopelessness {:.2} and {:.2}, and contempt \
             {:.2} and {:.2}.",
            q[0].trust, q[1].trust, q[0].exhaustion, q[1].exhaustion, q[0].resentment, q[1].resentment
        ));
        if self.sc.intervention.iter().all(|iv| iv.end >= last || iv.end >= self.sc.steps)
            && let Some(moved) = self.trait_change(0, last)
        {
            s.push(format!("Over the whole story, {moved}."));
        }
        s
    }

    /// What the `escalated` label saw: the halves of the horizon window, and what rose or fell
    /// between them by more than its thresholds.
    fn escalating(&self, days: &[Day], over: &str) -> String {
        let op = &self.sc.outcome;
        let [first, second] = horizon_halves(op, days);
        let mut what = Vec::new();
        if first.trust - second.trust > op.escalating_min_change {
            what.push(format!("their average trust fell from {:.2} to {:.2}", first.trust, second.trust));
        }
        if second.contempt - first.contempt > op.escalating_min_change {
            what.push(format!(
                "their average contempt rose from {:.2} to {:.2}",
                first.contempt, second.contempt
            ));
        }
        if second.insecure - first.insecure > op.escalating_min_insecure_rise {
            what.push(format!(
                "days with an insecure response (pursuit or withdrawal) rose from {:.0}% to {:.0}%",
                100.0 * first.insecure,
                100.0 * second.insecure
            ));
        }
        let n = horizon_tail(op, days).len() as u32;
        let half = n / 2;
        format!(
            "The cycle is escalating: {over}, {} (the first {} against the last {}). Nobody has left, but \
             things are getting worse.",
            join_and(&what),
            time::span(half),
            time::span(n - half)
        )
    }

    /// Model version 2: who left, after how long, and the state that pushes a partner out in the
    /// model (satisfaction worn down by hard days, contempt, burnout, low commitment).
    fn left_v2(&self, w: Who) -> Vec<String> {
        let i = w.index();
        let n = self.name(i);
        let last = self.last;
        let q = &self.states[last as usize].partners[i];
        let p = &self.p.v2;
        let b = v2::burnout(p, q.exhaustion);
        let cascade = if p.negativity(self.sc.environment.context) > 0.0 {
            " With the negativity cascade on, the risk also grows as one's sentiment about the partner sours \
             over months of negative responses in conflict."
        } else {
            ""
        };
        let mut s = vec![format!(
            "{n} left after {}: the relationship has dissolved. In the model a partner may leave on any day, with \
             a risk that grows as satisfaction wears down and contempt and burnout build.{cascade}",
            time::span(last)
        )];
        let window = last.min(p.satisfaction_days as u32).max(1);
        let from = last + 1 - window;
        let (insecure, k) = self.count(from, last, |d| {
            self.states[d as usize].partners.iter().any(|x| x.strategy != Strategy::Secure)
        });
        let x = (from..=last).map(|d| self.states[d as usize].closeness).sum::<f64>() / f64::from(window);
        let wanted = self.desired_closeness(q);
        let burnt = if b >= 0.5 {
            format!("burned out, hopelessness {:.2}", q.exhaustion)
        } else if q.exhaustion >= HOPELESSNESS_UP {
            format!("losing hope, hopelessness {:.2}, not yet burned out", q.exhaustion)
        } else {
            format!("far from burnout, hopelessness {:.2}", q.exhaustion)
        };
        s.push(format!(
            "When {n} left, {n}'s contempt was {:.2} and trust {:.2} ({burnt}); in the last {}, {insecure} of {k} \
             days had an insecure response, and closeness averaged {x:.2} where {n} would like {wanted:.2}.",
            q.resentment,
            q.trust,
            time::span(k)
        ));
        if q.avoidance >= 0.5 {
            s.push(format!(
                "{n}'s avoidance ({:.2}) made {n} less committed and more open to alternatives.",
                q.avoidance
            ));
        } else if q.anxiety >= 0.5 && b >= 0.5 {
            s.push(format!(
                "Burnout had undone the hold of {n}'s anxiety ({:.2}), which keeps a partner in.",
                q.anxiety
            ));
        } else if q.anxiety >= 0.5 {
            s.push(format!("{n}'s anxiety ({:.2}) held {n} in, but not enough.", q.anxiety));
        }
        s
    }
}
