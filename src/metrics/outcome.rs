//! The five outcomes of a run and the thresholds that decide them (the `[outcome]` table).
//!
//! | outcome | rule (defaults) |
//! |---|---|
//! | `dissolved` | a partner left (the run stops) |
//! | `escalated` | a partner's trust <= `damage_trust` (0.2) while exhaustion >= `damage_exhaustion` (0.85) (the run stops) |
//! | `settled` | last `window` steps: pursue-withdraw share <= `settled_max_pursue_withdraw` (0.10) and both final trusts >= `settled_min_trust` (0.5) |
//! | `disengaged` | last `window` steps: mutual-withdrawal share >= `disengaged_min_mutual_withdrawal` (0.5) |
//! | `cycling` | none of the above: a persistent unresolved cycle |
//!
//! `settled` is tested before `disengaged`, and both only for runs that reached their last step.

use crate::model::{DyadState, Who};
use serde::{Deserialize, Serialize};
use std::fmt;

/// The `[outcome]` table: thresholds of the outcome classification and of the damage stop.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct OutcomeParams {
    /// Length in steps of the first and last windows (for settled, disengaged, escalation index).
    pub window: u32,
    /// Highest pursue-withdraw share in the last window for `settled`.
    pub settled_max_pursue_withdraw: f64,
    /// Lowest final trust of both partners for `settled`.
    pub settled_min_trust: f64,
    /// Lowest mutual-withdrawal share in the last window for `disengaged`.
    pub disengaged_min_mutual_withdrawal: f64,
    /// Damage: trust at or below this ...
    pub damage_trust: f64,
    /// ... while exhaustion is at or above this stops the run as `escalated`.
    pub damage_exhaustion: f64,
    /// Model version 2: days at the end of a run from which its label is read.
    pub horizon_window: u32,
    /// Model version 2, settled: highest share of days with an insecure response.
    pub settled_max_insecure_days: f64,
    /// Model version 2, disengaged: highest mean closeness.
    pub disengaged_max_closeness: f64,
    /// Model version 2, disengaged: lowest share of insecure responses that are withdrawals.
    pub disengaged_min_withdrawal: f64,
    /// Model version 2, escalated: a fall in trust or a rise in contempt larger than this
    /// between the halves of the window.
    pub escalating_min_change: f64,
    /// Model version 2, escalated: a rise in the share of insecure days larger than this.
    pub escalating_min_insecure_rise: f64,
    /// Reliable change: a change in the couple's mean trust, from before the first intervention
    /// (or the start) to the end, at least this large counts as improved (or, downward, as
    /// deteriorated).
    pub reliable_change: f64,
}

impl Default for OutcomeParams {
    fn default() -> Self {
        OutcomeParams {
            window: 60,
            settled_max_pursue_withdraw: 0.10,
            settled_min_trust: 0.5,
            disengaged_min_mutual_withdrawal: 0.5,
            damage_trust: 0.2,
            damage_exhaustion: 0.85,
            horizon_window: 180,
            settled_max_insecure_days: 0.10,
            disengaged_max_closeness: 0.4,
            disengaged_min_withdrawal: 0.7,
            escalating_min_change: 0.03,
            escalating_min_insecure_rise: 0.05,
            reliable_change: 0.10,
        }
    }
}

impl OutcomeParams {
    /// The partner (A first) whose trust and exhaustion crossed the damage threshold, if any.
    pub fn damaged(&self, state: &DyadState) -> Option<Who> {
        state
            .partners
            .iter()
            .position(|p| p.trust <= self.damage_trust && p.exhaustion >= self.damage_exhaustion)
            .map(Who::from_index)
    }
}

/// How a run ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// The cycle calmed down and trust held.
    Settled,
    /// The cycle intensified until damage.
    Escalated,
    /// A partner left.
    Dissolved,
    /// Parallel lives: mostly mutual withdrawal.
    Disengaged,
    /// A persistent unresolved cycle.
    Cycling,
}

impl Outcome {
    /// Every outcome, in the order of the output columns.
    pub const ALL: [Outcome; 5] =
        [Outcome::Settled, Outcome::Escalated, Outcome::Dissolved, Outcome::Disengaged, Outcome::Cycling];

    /// The name used in files: `settled`, `escalated`, ...
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Settled => "settled",
            Outcome::Escalated => "escalated",
            Outcome::Dissolved => "dissolved",
            Outcome::Disengaged => "disengaged",
            Outcome::Cycling => "cycling",
        }
    }

    /// Parses a name used in files.
    pub fn parse(s: &str) -> Option<Outcome> {
        Outcome::ALL.into_iter().find(|o| o.as_str() == s)
    }
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Shares of the last window that decide `settled` and `disengaged`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LastWindow {
    /// Share of pursue-withdraw steps.
    pub pursue_withdraw: f64,
    /// Share of mutual-withdrawal steps.
    pub mutual_withdrawal: f64,
}

/// Classifies a run that reached its last step.
pub fn classify_end(p: &OutcomeParams, last: LastWindow, final_trust: [f64; 2]) -> Outcome {
    if last.pursue_withdraw <= p.settled_max_pursue_withdraw
        && final_trust.iter().all(|&t| t >= p.settled_min_trust)
    {
        Outcome::Settled
    } else if last.mutual_withdrawal >= p.disengaged_min_mutual_withdrawal {
        Outcome::Disengaged
    } else {
        Outcome::Cycling
    }
}

/// One day of a model-version-2 run as its label needs it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Day {
    /// The partners' strategies.
    pub strategies: (crate::model::Strategy, crate::model::Strategy),
    /// Mean trust of the two partners.
    pub trust: f64,
    /// Mean contempt of the two partners.
    pub contempt: f64,
    /// Closeness.
    pub closeness: f64,
}

impl Day {
    /// The day of `state`, as the run's recorder keeps it.
    pub fn of(state: &DyadState) -> Day {
        let [a, b] = &state.partners;
        Day {
            strategies: state.strategies(),
            trust: 0.5 * (a.trust + b.trust),
            contempt: 0.5 * (a.resentment + b.resentment),
            closeness: state.closeness,
        }
    }
}

/// Means over a stretch of days: what the `settled` and `escalated` labels compare.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Stretch {
    /// Share of days with an insecure response.
    pub insecure: f64,
    /// Mean trust (of the two partners' mean).
    pub trust: f64,
    /// Mean contempt (of the two partners' mean).
    pub contempt: f64,
}

impl Stretch {
    /// The means over `days` (zeros for no days).
    pub fn of(days: &[Day]) -> Stretch {
        use crate::model::Strategy::Secure;
        let n = days.len().max(1) as f64;
        let insecure = days.iter().filter(|d| d.strategies.0 != Secure || d.strategies.1 != Secure).count();
        Stretch {
            insecure: insecure as f64 / n,
            trust: days.iter().map(|d| d.trust).sum::<f64>() / n,
            contempt: days.iter().map(|d| d.contempt).sum::<f64>() / n,
        }
    }
}

/// The days from which a model-version-2 label is read: the last `horizon_window` of `days`
/// (at least one, when there are any).
pub fn horizon_tail<'d>(p: &OutcomeParams, days: &'d [Day]) -> &'d [Day] {
    let w = days.len().min(p.horizon_window as usize).max(1);
    &days[days.len().saturating_sub(w)..]
}

/// The two halves of the horizon window (see [`horizon_tail`]) that the `escalated` label
/// compares: the first and the second.
pub fn horizon_halves(p: &OutcomeParams, days: &[Day]) -> [Stretch; 2] {
    let tail = horizon_tail(p, days);
    let half = tail.len() / 2;
    [Stretch::of(&tail[..half]), Stretch::of(&tail[half..])]
}

/// Labels a model-version-2 run that reached its horizon, from its last `horizon_window` days,
/// in order: disengaged (mean closeness below `disengaged_max_closeness`, withdrawal at least
/// `disengaged_min_withdrawal` of the insecure responses, and mutual withdrawal at least as
/// common as pursue-withdraw); settled (insecure days at most `settled_max_insecure_days` and
/// both final trusts at least `settled_min_trust`); escalated (in a window of two days or more,
/// between the window's halves,
/// trust fell or contempt rose by more than `escalating_min_change`, or the share of insecure
/// days rose by more than `escalating_min_insecure_rise`); cycling otherwise.
pub fn classify_horizon(p: &OutcomeParams, days: &[Day], final_trust: [f64; 2]) -> Outcome {
    use crate::model::Strategy::{Pursue, Secure, Withdraw};
    let tail = horizon_tail(p, days);
    let n = tail.len() as f64;
    let closeness = tail.iter().map(|d| d.closeness).sum::<f64>() / n;
    let (mut withdrawals, mut responses, mut mutual, mut pursue_withdraw) = (0u32, 0u32, 0u32, 0u32);
    for d in tail {
        for s in [d.strategies.0, d.strategies.1] {
            responses += u32::from(s != Secure);
            withdrawals += u32::from(s == Withdraw);
        }
        mutual += u32::from(d.strategies == (Withdraw, Withdraw));
        pursue_withdraw += u32::from(matches!(d.strategies, (Pursue, Withdraw) | (Withdraw, Pursue)));
    }
    if closeness < p.disengaged_max_closeness
        && responses > 0
        && f64::from(withdrawals) / f64::from(responses) >= p.disengaged_min_withdrawal
        && mutual >= pursue_withdraw
    {
        return Outcome::Disengaged;
    }
    if Stretch::of(tail).insecure <= p.settled_max_insecure_days
        && final_trust.iter().all(|&t| t >= p.settled_min_trust)
    {
        return Outcome::Settled;
    }
    // A trend needs two halves: a one-day window has none.
    let [first, second] = horizon_halves(p, days);
    if tail.len() >= 2
        && (first.trust - second.trust > p.escalating_min_change
            || second.contempt - first.contempt > p.escalating_min_change
            || second.insecure - first.insecure > p.escalating_min_insecure_rise)
    {
        return Outcome::Escalated;
    }
    Outcome::Cycling
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settled_needs_both_calm_and_trust() {
        let p = OutcomeParams::default();
        let calm = LastWindow { pursue_withdraw: 0.05, mutual_withdrawal: 0.0 };
        assert_eq!(classify_end(&p, calm, [0.8, 0.7]), Outcome::Settled);
        assert_eq!(classify_end(&p, calm, [0.8, 0.3]), Outcome::Cycling);
        let cold = LastWindow { pursue_withdraw: 0.05, mutual_withdrawal: 0.6 };
        assert_eq!(classify_end(&p, cold, [0.4, 0.4]), Outcome::Disengaged);
    }

    #[test]
    fn one_day_shows_no_trend() {
        use crate::model::Strategy::{Pursue, Secure, Withdraw};
        let p = OutcomeParams::default();
        let day = |strategies| Day { strategies, trust: 0.4, contempt: 0.0, closeness: 0.5 };
        // An insecure day after a calm one is a rise when both are in the window.
        let two = [day((Secure, Secure)), day((Pursue, Withdraw))];
        assert_eq!(classify_horizon(&p, &two, [0.4, 0.4]), Outcome::Escalated);
        // A window of one day has no halves to compare.
        assert_eq!(classify_horizon(&p, &two[1..], [0.4, 0.4]), Outcome::Cycling);
    }

    #[test]
    fn names_round_trip() {
        for o in Outcome::ALL {
            assert_eq!(Outcome::parse(o.as_str()), Some(o));
        }
    }
}
