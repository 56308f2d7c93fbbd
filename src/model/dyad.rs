//! One step of the couple's interaction: appraise -> choose -> interact -> update.
//!
//! All updates use the state at the start of the step; A and B move simultaneously. With `s_i`
//! the strategy of partner `i` and `j` the other partner (defaults in `[model]`):
//!
//! - **Closeness:** `x += rate (push_A + push_B) + Normal(0, noise)`, clamped to 0..1, with
//!   `push(S) = mean(x*_A, x*_B) - x`, `push(H) = +push_pursue`, `push(D) = -push_withdraw`.
//! - **Trust:** responsiveness experienced `r_i`: partner S -> 1; partner H ->
//!   `pursued_response - pursued_avoidance avoidance_i`; partner D -> 0 if `i` made a bid (S or
//!   H), `mutual_withdrawal_response` if `i` also withdrew. `T_i += trust_rate w (r_i - T_i)` with
//!   `w = 1 + negativity_bias anxiety_i` for bad news (`r_i < T_i`) and
//!   `w = 1 - good_news_discount avoidance_i` for good news.
//! - **Exhaustion:** `E_i = E_i (1 - recovery) + cost(s_i, s_j) + stress_exhaustion sigma`,
//!   clamped to 0..1, with the cost table of `docs/MODEL-V1.md`.
//! - **Resentment:** `+resentment_gain` when `i`'s bid met withdrawal or `i` was pursued;
//!   `-resentment_relief` on a step where both were secure; clamped to 0..1.
//! - **Issues:** `U += Poisson(issue_rate)`; a mutually secure step resolves one issue with
//!   probability `resolve_probability`.
//! - **Dissolution:** partner `i` leaves with hazard
//!   `dissolution_hazard max(0, E_i - dissolution_exhaustion) (1 - T_i) (1 - c_i)`.
//! - **Plasticity** (off by default): `anxiety_i` and `avoidance_i` each move by
//!   `plasticity_rate (plasticity_reference - r_i)`, clamped to 0..1 (earned security under
//!   sustained responsiveness, insecurity under rejection or intrusion).

use super::choice::{appraise_with_desire, bernoulli, choose};
use super::intervention::{Modifiers, StepContext};
use super::{DyadState, ModelParams, Partner, Strategy, Who};
use rand::{Rng, RngExt};
use rand_distr::{Distribution, Normal};

/// The environment a couple lives in, as the step needs it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Surroundings {
    /// Mean new issues per step (Poisson rate).
    pub issue_rate: f64,
    /// Standard deviation of the closeness noise per step.
    pub noise: f64,
}

/// How a step ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepEnd {
    /// The couple goes on.
    Continue,
    /// A partner left.
    Left(Who),
}

/// A couple: the model constants, its surroundings and its current state.
#[derive(Debug, Clone)]
pub struct Dyad<'p> {
    params: &'p ModelParams,
    noise: Normal<f64>,
    no_issue_probability: f64,
    issue_rate: f64,
    /// Desired closeness and commitment of each partner; they depend only on the traits, so
    /// they are recomputed only when plasticity moves the traits.
    derived: [Derived; 2],
    /// The state at the end of the last step.
    pub state: DyadState,
}

#[derive(Debug, Clone, Copy, PartialEq)]
struct Derived {
    desired: f64,
    commitment: f64,
}

fn derive(p: &ModelParams, partners: &[Partner; 2]) -> [Derived; 2] {
    partners.map(|q| Derived { desired: q.desired_closeness(p), commitment: q.commitment(p) })
}

impl<'p> Dyad<'p> {
    /// A couple in `state`, living in `surroundings`, following `params`.
    ///
    /// # Panics
    /// Never for a validated scenario: a negative or non-finite noise is rejected when the
    /// scenario is read.
    pub fn new(params: &'p ModelParams, surroundings: Surroundings, state: DyadState) -> Self {
        let noise = Normal::new(0.0, surroundings.noise.max(0.0))
            .expect("noise is validated to be finite and non-negative");
        Dyad {
            params,
            noise,
            no_issue_probability: (-surroundings.issue_rate).exp(),
            issue_rate: surroundings.issue_rate,
            derived: derive(params, &state.partners),
            state,
        }
    }

    /// Stress felt on the coming step: `min(1, stress_per_issue U + extra)`, where `extra` is
    /// the stress of life events and random stressors.
    pub fn stress(&self, extra: f64) -> f64 {
        (self.params.stress_per_issue * self.state.issues as f64 + extra).min(1.0)
    }

    /// Runs one step with nothing scheduled and tells whether a partner left.
    pub fn step<R: Rng + ?Sized>(&mut self, rng: &mut R) -> StepEnd {
        self.step_in(&StepContext::QUIET, rng)
    }

    /// Runs one step under the interventions and life events of `ctx`.
    pub fn step_in<R: Rng + ?Sized>(&mut self, ctx: &StepContext, rng: &mut R) -> StepEnd {
        let sigma = self.stress(ctx.stress);
        let desired = self.desired(&ctx.partners);
        let strategies = self.choose_strategies(sigma, desired, &ctx.partners, rng);
        let before = self.state;
        self.move_closeness(&before, strategies, desired, rng);
        for i in 0..2 {
            self.update_partner(i, &before, strategies, sigma, &ctx.partners[i]);
        }
        self.update_issues(strategies, ctx, rng);
        self.state.stress = sigma;
        if self.params.plasticity || ctx.partners.iter().any(|m| m.plasticity > 0.0) {
            self.derived = derive(self.params, &self.state.partners);
        }
        self.check_dissolution(rng)
    }

    /// Desired closeness of both partners, after any compromise.
    #[inline(always)]
    fn desired(&self, mods: &[Modifiers; 2]) -> [f64; 2] {
        let [da, db] = [self.derived[0].desired, self.derived[1].desired];
        if mods[0].compromise == 0.0 && mods[1].compromise == 0.0 {
            return [da, db];
        }
        let mean = 0.5 * (da + db);
        [da + mods[0].compromise * (mean - da), db + mods[1].compromise * (mean - db)]
    }

    #[inline(always)]
    fn choose_strategies<R: Rng + ?Sized>(
        &mut self,
        sigma: f64,
        desired: [f64; 2],
        mods: &[Modifiers; 2],
        rng: &mut R,
    ) -> [Strategy; 2] {
        let s = &self.state;
        let [a, b] = &s.partners;
        let appraisal_a = appraise_with_desire(self.params, a, desired[0], b, s.closeness, sigma, &mods[0]);
        let appraisal_b = appraise_with_desire(self.params, b, desired[1], a, s.closeness, sigma, &mods[1]);
        let (sa, active_a) = choose(&appraisal_a, rng);
        let (sb, active_b) = choose(&appraisal_b, rng);
        self.state.partners[0].activated = active_a;
        self.state.partners[1].activated = active_b;
        [sa, sb]
    }

    #[inline(always)]
    fn move_closeness<R: Rng + ?Sized>(
        &mut self,
        before: &DyadState,
        strategies: [Strategy; 2],
        desired: [f64; 2],
        rng: &mut R,
    ) {
        let p = self.params;
        let x = before.closeness;
        let compromise = 0.5 * (desired[0] + desired[1]) - x;
        let push = |s: Strategy| match s {
            Strategy::Secure => compromise,
            Strategy::Pursue => p.push_pursue,
            Strategy::Withdraw => -p.push_withdraw,
        };
        let drift = p.closeness_rate * (push(strategies[0]) + push(strategies[1]));
        self.state.closeness = (x + drift + self.noise.sample(rng)).clamp(0.0, 1.0);
    }

    #[inline(always)]
    fn update_partner(&mut self, i: usize, before: &DyadState, s: [Strategy; 2], sigma: f64, m: &Modifiers) {
        let p = self.params;
        let (mine, theirs) = (s[i], s[1 - i]);
        let old = before.partners[i];
        let r = responsiveness(p, &old, mine, theirs);
        let both_secure = mine == Strategy::Secure && theirs == Strategy::Secure;
        let me = &mut self.state.partners[i];
        me.strategy = mine;
        me.trust = update_trust(p, &old, r);
        if both_secure {
            me.trust += m.trust_bonus * (1.0 - me.trust);
        }
        let recovery = (p.recovery * (1.0 + m.recovery)).min(1.0);
        me.exhaustion = (old.exhaustion * (1.0 - recovery)
            + exhaustion_cost(p, mine, theirs) * (1.0 - m.detachment)
            + p.stress_exhaustion * sigma)
            .clamp(0.0, 1.0);
        let hurt = (mine.is_bid() && theirs == Strategy::Withdraw) || theirs == Strategy::Pursue;
        let delta = if hurt {
            p.resentment_gain * (1.0 - m.detachment)
        } else if both_secure {
            -p.resentment_relief
        } else {
            0.0
        };
        me.resentment = (old.resentment + delta - m.resentment_relief).clamp(0.0, 1.0);
        if me.activated {
            // Engagement: how often this partner stays engaged (responds securely) when activated.
            let secure = if mine == Strategy::Secure { 1.0 } else { 0.0 };
            let e = old.engagement + p.engagement_rate * (secure - old.engagement);
            // Flush to zero: a long unresponsive run would otherwise creep through subnormal
            // numbers, which are many times slower to compute with.
            me.engagement = if e < 1e-12 { 0.0 } else { e };
        }
        let rate = if p.plasticity { p.plasticity_rate } else { 0.0 } + m.plasticity;
        if rate > 0.0 {
            let drift = rate * (p.plasticity_reference - r);
            me.anxiety = (old.anxiety + drift).clamp(0.0, 1.0);
            me.avoidance = (old.avoidance + drift).clamp(0.0, 1.0);
            me.stable = [me.anxiety, me.avoidance];
        }
    }

    #[inline(always)]
    fn update_issues<R: Rng + ?Sized>(&mut self, s: [Strategy; 2], ctx: &StepContext, rng: &mut R) {
        let arrived = poisson_small(rng, self.issue_rate, self.no_issue_probability);
        let mut issues = self.state.issues.saturating_add(arrived).saturating_add(ctx.issues);
        let boost = ctx.partners[0].resolve.max(ctx.partners[1].resolve);
        let resolve = self.params.resolve_probability + (1.0 - self.params.resolve_probability) * boost;
        if s == [Strategy::Secure, Strategy::Secure] && issues > 0 && bernoulli(rng, resolve) {
            issues -= 1;
        }
        self.state.issues = issues;
    }

    #[inline(always)]
    fn check_dissolution<R: Rng + ?Sized>(&self, rng: &mut R) -> StepEnd {
        if !self.params.dissolution {
            return StepEnd::Continue;
        }
        for (i, partner) in self.state.partners.iter().enumerate() {
            let hazard = hazard_with_commitment(self.params, partner, self.derived[i].commitment);
            // Draw only when leaving is possible, so calm runs use fewer random numbers.
            if hazard > 0.0 && bernoulli(rng, hazard) {
                return StepEnd::Left(Who::from_index(i));
            }
        }
        StepEnd::Continue
    }
}

/// Responsiveness partner `me` experienced, given both strategies.
pub fn responsiveness(p: &ModelParams, me: &Partner, mine: Strategy, theirs: Strategy) -> f64 {
    match theirs {
        Strategy::Secure => 1.0,
        Strategy::Pursue => (p.pursued_response - p.pursued_avoidance * me.avoidance).max(0.0),
        Strategy::Withdraw if mine.is_bid() => 0.0,
        Strategy::Withdraw => p.mutual_withdrawal_response,
    }
}

/// Trust after experiencing responsiveness `r`, with negativity bias and discounting.
pub fn update_trust(p: &ModelParams, me: &Partner, r: f64) -> f64 {
    let weight = if r < me.trust {
        1.0 + p.negativity_bias * me.anxiety
    } else {
        1.0 - p.good_news_discount * me.avoidance
    };
    (me.trust + p.trust_rate * weight * (r - me.trust)).clamp(0.0, 1.0)
}

/// Exhaustion cost of using `mine` while the partner uses `theirs`.
pub fn exhaustion_cost(p: &ModelParams, mine: Strategy, theirs: Strategy) -> f64 {
    use Strategy::*;
    match (mine, theirs) {
        (_, Secure) => 0.0,
        (Secure, Pursue) => p.cost_secure_pursued,
        (Secure, Withdraw) => p.cost_secure_withdrawn,
        (Pursue, Pursue) => p.cost_pursue_pursued,
        (Pursue, Withdraw) => p.cost_pursue_withdrawn,
        (Withdraw, Pursue) => p.cost_withdraw_pursued,
        (Withdraw, Withdraw) => p.cost_withdraw_withdrawn,
    }
}

/// Per-step probability that `partner` leaves.
pub fn dissolution_hazard(p: &ModelParams, partner: &Partner) -> f64 {
    hazard_with_commitment(p, partner, partner.commitment(p))
}

#[inline]
fn hazard_with_commitment(p: &ModelParams, partner: &Partner, commitment: f64) -> f64 {
    p.dissolution_hazard
        * (partner.exhaustion - p.dissolution_exhaustion).max(0.0)
        * (1.0 - partner.trust)
        * (1.0 - commitment)
}

/// A Poisson draw for a small rate by inversion from one uniform number; `p0 = exp(-rate)`.
/// Exact for any rate; it takes about `rate` iterations, which is cheap for issue rates.
pub fn poisson_small<R: Rng + ?Sized>(rng: &mut R, rate: f64, p0: f64) -> u32 {
    let u: f64 = rng.random();
    let (mut k, mut term, mut cumulative) = (0u32, p0, p0);
    while u >= cumulative && k < 10_000 {
        k += 1;
        term *= rate / k as f64;
        cumulative += term;
        if term == 0.0 {
            break;
        }
    }
    k
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand::rngs::Xoshiro256PlusPlus;

    fn partner(anxiety: f64, avoidance: f64) -> Partner {
        Partner {
            anxiety,
            avoidance,
            stable: [anxiety, avoidance],
            trust: 0.6,
            exhaustion: 0.1,
            resentment: 0.0,
            strategy: Strategy::Secure,
            activated: false,
            engagement: 0.5,
        }
    }

    #[test]
    fn poisson_inversion_has_the_right_mean() {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(7);
        for rate in [0.08_f64, 0.5, 3.0] {
            let n = 200_000;
            let sum: u64 = (0..n).map(|_| poisson_small(&mut rng, rate, (-rate).exp()) as u64).sum();
            let mean = sum as f64 / n as f64;
            assert!((mean - rate).abs() < 4.0 * (rate / n as f64).sqrt() + 1e-3, "{rate}: {mean}");
        }
    }

    #[test]
    fn withdrawal_hurts_a_bid_more_than_mutual_withdrawal() {
        let p = ModelParams::default();
        let me = partner(0.5, 0.5);
        let bid = responsiveness(&p, &me, Strategy::Pursue, Strategy::Withdraw);
        let mutual = responsiveness(&p, &me, Strategy::Withdraw, Strategy::Withdraw);
        assert_eq!(bid, 0.0);
        assert_eq!(mutual, p.mutual_withdrawal_response);
    }

    #[test]
    fn negativity_bias_makes_bad_news_weigh_more_for_the_anxious() {
        let p = ModelParams::default();
        let anxious = partner(0.9, 0.1);
        let calm = partner(0.1, 0.1);
        let drop_anxious = anxious.trust - update_trust(&p, &anxious, 0.0);
        let drop_calm = calm.trust - update_trust(&p, &calm, 0.0);
        assert!(drop_anxious > drop_calm);
    }

    #[test]
    fn commitment_keeps_anxious_partners_in() {
        let p = ModelParams::default();
        let mut anxious = partner(0.85, 0.15);
        let mut avoidant = partner(0.15, 0.85);
        for q in [&mut anxious, &mut avoidant] {
            q.exhaustion = 0.9;
            q.trust = 0.2;
        }
        assert!(dissolution_hazard(&p, &avoidant) > dissolution_hazard(&p, &anxious));
    }

    #[test]
    fn a_step_keeps_every_state_variable_in_range() {
        let p = ModelParams::default();
        let state = DyadState {
            closeness: 0.5,
            issues: 3,
            stress: 0.0,
            partners: [partner(0.85, 0.15), partner(0.15, 0.85)],
        };
        let env = Surroundings { issue_rate: 0.3, noise: 0.05 };
        let mut dyad = Dyad::new(&p, env, state);
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(1);
        for _ in 0..2000 {
            if dyad.step(&mut rng) != StepEnd::Continue {
                break;
            }
            let s = dyad.state;
            assert!((0.0..=1.0).contains(&s.closeness));
            for q in s.partners {
                for v in [q.trust, q.exhaustion, q.resentment, q.anxiety, q.avoidance] {
                    assert!((0.0..=1.0).contains(&v));
                }
            }
        }
    }
}
