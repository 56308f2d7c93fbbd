//! Leaving, the only end of a run (docs/MODEL.md, submodel 13).

use super::partner::sigmoid;
use super::{Context, CoupleV2, V2Params};
use crate::model::Who;
use rand::{Rng, RngExt};

/// The largest hazard of leaving per year of a couple in `context`, before `inv(t)`: each
/// sigmoid and burnout taken as 1 and the commitment `v - a (1 - b)` as 1 in size (traits and
/// burnout lie in 0..1, so it lies in -1..1), for each of the two partners. It does not depend
/// on the traits, which trait drift and fluctuation move every day or week.
pub(super) fn leaving_ceiling(p: &V2Params, context: Context) -> f64 {
    let (alternatives, dissatisfaction) = p.leaving_hazards(context);
    2.0 * (alternatives.abs() * (1.0 + p.alternatives_commitment.abs())
        + dissatisfaction.abs() * (1.0 + p.burnout_hazard.abs())
        + p.negativity(context).abs())
}

impl CoupleV2<'_> {
    /// The hazard of leaving: only this ends a run.
    pub(super) fn leaving<R: Rng + ?Sized>(&mut self, rng: &mut R) -> Option<Who> {
        let p = self.params;
        let t = f64::from(self.day);
        let (alt, dis) = p.leaving_hazards(self.context);
        let inv = match self.context {
            Context::Married => 1.0,
            Context::Dating => 1.0 / (1.0 + t / 365.0),
        };
        let neg = self.negativity;
        // One uniform number decides for both: A leaves below A's hazard, B in the next interval.
        let u: f64 = rng.random();
        // Most days `u` lies above any hazard the partners could have (about 0.1% a day in all,
        // married): then no one leaves, and the sigmoids need not be computed. The ceiling (see
        // `leaving_ceiling`) bounds every partial sum below; the margin covers rounding.
        if u >= inv * self.ceiling / 365.0 * (1.0 + 1e-9) {
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
