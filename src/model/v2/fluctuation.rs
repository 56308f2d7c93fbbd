//! Trait fluctuation (sd `trait_fluctuation`, 0.13 by default; 0 turns it off): each trait is a
//! stable part plus a state part that takes an autoregressive step once a week (docs/MODEL.md,
//! submodel 14).

use super::{CoupleV2, PartnerV2, V2Params};
use rand::{Rng, RngExt};
use rand_distr::StandardNormal;

impl CoupleV2<'_> {
    /// Draws the state part of each partner's traits at the start (see
    /// [`V2Params::trait_fluctuation`]); call it once, before the first day. Draws nothing
    /// while trait fluctuation is off.
    pub fn draw_fluctuation<R: Rng + ?Sized>(&mut self, rng: &mut R) {
        let sd = self.params.trait_fluctuation;
        if sd > 0.0 {
            for q in &mut self.partners {
                let start: [f64; 2] =
                    [sd * rng.sample::<f64, _>(StandardNormal), sd * rng.sample::<f64, _>(StandardNormal)];
                q.fluctuate(start);
            }
        }
    }

    /// Moves the state part of the traits one week on: an autoregressive step that keeps its
    /// standard deviation at `trait_fluctuation`.
    pub(super) fn fluctuate<R: Rng + ?Sized>(&mut self, rng: &mut R) {
        let [rho, fresh] = self.weekly;
        for q in &mut self.partners {
            let [a, v] = q.fluctuation;
            let next = [
                rho * a + fresh * rng.sample::<f64, _>(StandardNormal),
                rho * v + fresh * rng.sample::<f64, _>(StandardNormal),
            ];
            q.fluctuate(next);
        }
    }
}

impl PartnerV2 {
    /// Sets the state part of the traits to `next`: each trait becomes its stable part plus
    /// `next`, within 0..1, and what follows from the traits is recomputed. Whatever else moved
    /// a trait since the last call (therapy, drift) moved its stable part.
    pub(super) fn fluctuate(&mut self, next: [f64; 2]) {
        self.core = self.stable();
        self.anxiety = shown(self.core[0], next[0]);
        self.avoidance = shown(self.core[1], next[1]);
        self.fluctuation = next;
        self.derive();
    }

    /// The stable part of `[anxiety, avoidance]`, with whatever moved the traits since the last
    /// week (therapy, drift): the trait less its state part (equal to the trait while trait
    /// fluctuation is off).
    #[inline]
    pub fn stable(&self) -> [f64; 2] {
        let [a, v] = self.fluctuation;
        if a == 0.0 && v == 0.0 {
            return [self.anxiety, self.avoidance];
        }
        [
            self.core[0] + (self.anxiety - shown(self.core[0], a)),
            self.core[1] + (self.avoidance - shown(self.core[1], v)),
        ]
    }
}

/// The weekly autoregressive step of the state part, `[rho, fresh]`: it keeps `rho` of last
/// week's value and adds `fresh` times a standard Normal variate, so that its standard deviation
/// stays at `trait_fluctuation`.
pub(super) fn weekly_step(p: &V2Params) -> [f64; 2] {
    let rho = (-7.0 / p.fluctuation_days).exp();
    [rho, p.trait_fluctuation * (1.0 - rho * rho).sqrt()]
}

/// A trait: its stable part plus its state part, within 0..1.
#[inline]
fn shown(core: f64, state: f64) -> f64 {
    (core + state).clamp(0.0, 1.0)
}
