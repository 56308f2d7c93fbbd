//! How the story ends, and how often the scenario's runs end that way.

use super::*;

impl Story<'_> {
    pub(super) fn ending(&self) -> Vec<String> {
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
