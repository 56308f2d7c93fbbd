//! Leaving, the only end of a run (docs/MODEL.md, submodel 13).

use super::partner::sigmoid;
use super::{Context, CoupleV2};
use crate::model::Who;
use rand::{Rng, RngExt};

impl CoupleV2<'_> {
    /// The hazard of leaving: only this ends a run.
    pub(super) fn leaving<R: Rng + ?Sized>(&mut self, rng: &mut R) -> Option<Who> {
        let p = self.params;
        let t = f64::from(self.day);
        let (alt, dis, inv) = match self.context {
            Context::Married => (p.married_alternatives, p.married_dissatisfaction, 1.0),
            Context::Dating => (p.dating_alternatives, p.dating_dissatisfaction, 1.0 / (1.0 + t / 365.0)),
        };
        let neg = self.negativity;
        // One uniform number decides for both: A leaves below A's hazard, B in the next interval.
        let u: f64 = rng.random();
        // Most days `u` lies above any hazard the partners could have (about 0.1% a day in all,
        // married): then no one leaves, and the sigmoids need not be computed. The ceiling takes
        // every sigmoid as 1, so it bounds every partial sum below; the margin covers rounding.
        // It depends on the traits only, so it is computed again only when they moved.
        let [a, b] = &self.partners;
        let traits = [a.anxiety, a.avoidance, b.anxiety, b.avoidance];
        if traits != self.ceiling.0 {
            let ceiling: f64 = self
                .partners
                .iter()
                .map(|q| {
                    alt.abs()
                        * (1.0 + p.alternatives_commitment.abs() * (q.avoidance.abs() + q.anxiety.abs()))
                        + dis.abs() * (1.0 + p.burnout_hazard.abs())
                        + neg.abs()
                })
                .sum();
            self.ceiling = (traits, ceiling);
        }
        if u >= inv * self.ceiling.1 / 365.0 * (1.0 + 1e-9) {
            return None;
        }
        let mut below = 0.0;
        for (i, q) in self.partners.iter().enumerate() {
            let b = q.burnout(p);
            let push = p.leave_dissatisfaction * (1.0 - q.satisfaction)
                + p.leave_contempt * q.contempt
                + p.leave_burnout * b
                + p.leave_avoidance * q.avoidance
                - p.leave_anxiety * q.anxiety * (1.0 - b);
            let commitment = q.avoidance - q.anxiety * (1.0 - b);
            let alternatives = alt * (1.0 + p.alternatives_commitment * commitment).max(0.0);
            let dissatisfied =
                dis * sigmoid((push - p.leave_threshold) / p.leave_width) * (1.0 + p.burnout_hazard * b);
            let negative = if neg == 0.0 { 0.0 } else { neg * q.negativity(p) };
            below += inv * (alternatives + dissatisfied + negative) / 365.0;
            if u < below {
                return Some(Who::from_index(i));
            }
        }
        None
    }
}
