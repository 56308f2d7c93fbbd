//! Model version 2, the default model: the cycle that lasts (`../shared/design/model-v2.md`, docs/MODEL.md).
//!
//! One step is one day. Partner `i` with partner `j`; traits `a` (anxiety) and `v` (avoidance)
//! in 0..1; defaults in [`V2Params`]. Derived once: desired closeness
//! `x* = clamp(0.7 + 0.25 a - 0.5 v, 0.05, 0.98)`, working-model factor
//! `wm = (1 - 0.35 a)(1 - 0.35 v)`, lean to pursue `(a + .05)^2 / ((a + .05)^2 + (v + .05)^2)`.
//!
//! 1. **Stress** saturates: `sigma = stress_max (1 - exp(-(G + O) / stress_scale)) + life events`
//!    from gridlocked `G` and open `O` issues (accepted ones give none).
//! 2. **Flooding** (fast): `F <- flooding_decay F + flooding_gain v [j pursued yesterday]`.
//! 3. **Activation**, with threats scaled by the trait they threaten:
//!    `P = base + stress_activation sigma (1 + a) + a (distance gap+ + withdrawal [j withdrew]) +
//!    v (intrusion gap- + pursuit [j pursued]) + criticism a (1 - v) [j pursued]`; an issue
//!    episode activates both with probability `episode sigma`, and the partner who wants the
//!    change (drawn per episode) leans to pursue.
//! 4. **Choice** when activated: withdraw with probability `F` (stonewalling); else secure with
//!    `T wm (1 - C)`; else pursue with `lean (1 - b)`, `b = sigmoid((Hp - burnout_at) /
//!    burnout_width)`; else withdraw. A calm partner facing an insecure move may be activated
//!    the same day, or mirror a withdrawal.
//! 5. **Closeness** `x += closeness_rate sum(push) + N(0, noise)`.
//! 6. **Trust** on activated days `T += trust_rate w (r - T)`; calm days `T += calm_trust (1 - T)`.
//! 7. **Hopelessness** (slow burnout), **contempt**, **satisfaction** (a 120-day average).
//! 8. **Issues**: Poisson arrivals, mostly perpetual (gridlocked), accepted with secure exchanges.
//! 9. **Leaving** (the only end of a run): `U = 4 (1 - Sat) + 3 C + 2 b + 0.6 v - a (1 - b)`,
//!    daily hazard `inv(t) [h_alt + h_dis sigmoid((U - 1.8) / 0.3) + h_neg sigmoid((0.365 - S) /
//!    0.04)] / 365`, the last term the negativity cascade: `S`, a slow (365-day) average of the
//!    partner's regard, the recent valence of their responses when activated (off by default).
//! 10. **Trait fluctuation and drift** (earned security): each trait is a stable part plus a
//!     state part (sd 0.13) that takes an autoregressive step once a week; the stable part
//!     drifts slowly with the responsiveness met on activated days.

use super::choice::bernoulli;
use super::intervention::{Modifiers, StepContext};
use super::{DyadState, Partner, Strategy, Who};
use rand::{Rng, RngExt};
use rand_distr::{Distribution, Normal};

mod fluctuation;
mod leaving;
pub mod params;
mod partner;
mod sentiment;

pub use params::{Context, V2Params};
pub use partner::{PartnerV2, burnout, desired_closeness, lean_to_pursue};

/// A couple in model version 2.
#[derive(Debug, Clone)]
pub struct CoupleV2<'p> {
    params: &'p V2Params,
    context: Context,
    noise: Normal<f64>,
    /// The partners.
    pub partners: [PartnerV2; 2],
    /// Closeness, 0..1.
    pub closeness: f64,
    /// Open (solvable, not yet solved) issues.
    pub open: u32,
    /// Gridlocked perpetual issues.
    pub gridlocked: u32,
    /// Accepted perpetual issues.
    pub accepted: u32,
    /// Stress of the last day.
    pub stress: f64,
    /// Days lived.
    pub day: u32,
    /// This couple's rate of new issues.
    pub issue_rate: f64,
    /// `exp(-issue_rate)`, the chance of a day without new issues.
    no_issue: f64,
    /// Stress from issues for the last count of stress-giving issues, `(count, stress)`.
    stress_cache: (u32, f64),
    /// The partner who wanted the change in the last day's issue episode (0 for A, 1 for B),
    /// if there was one.
    pub demander: Option<usize>,
    /// This context's hazard of leaving from negative sentiment per year; sentiment is tracked
    /// only when it is not 0 (it acts on nothing else).
    negativity: f64,
    /// The largest hazard of leaving per year (before `inv(t)`), whatever the traits: see
    /// [`leaving::leaving_ceiling`].
    ceiling: f64,
    /// Trait fluctuation's weekly step, `[rho, fresh]`: see [`fluctuation::weekly_step`].
    weekly: [f64; 2],
}

impl<'p> CoupleV2<'p> {
    /// A couple at closeness `closeness` with these partners, meeting `issue_rate` new issues a
    /// day on average.
    pub fn new(
        params: &'p V2Params,
        context: Context,
        partners: [PartnerV2; 2],
        closeness: f64,
        noise: f64,
        issue_rate: f64,
    ) -> Self {
        let mut partners = partners;
        for q in &mut partners {
            q.sentiment = params.sentiment_start;
        }
        let negativity = params.negativity(context);
        let ceiling = leaving::leaving_ceiling(params, context);
        CoupleV2 {
            params,
            context,
            noise: Normal::new(0.0, noise.max(0.0)).expect("a finite noise"),
            partners,
            closeness,
            open: 0,
            gridlocked: 0,
            accepted: 0,
            stress: 0.0,
            day: 0,
            issue_rate,
            no_issue: (-issue_rate).exp(),
            stress_cache: (0, 0.0),
            demander: None,
            negativity,
            ceiling,
            weekly: fluctuation::weekly_step(params),
        }
    }

    /// Draws this couple's own issue rate around the common one (see
    /// [`V2Params::issue_rate_cv`]); call it once, before the first day.
    pub fn draw_issue_rate<R: Rng + ?Sized>(&mut self, rng: &mut R) {
        let cv = self.params.issue_rate_cv;
        if cv > 0.0 {
            let shape = 1.0 / (cv * cv);
            if let Ok(g) = rand_distr::Gamma::new(shape, 1.0 / shape) {
                self.issue_rate *= g.sample(rng);
                self.no_issue = (-self.issue_rate).exp();
            }
        }
    }

    /// Lives one day under the interventions and events of `ctx`; returns who left, if anyone
    /// did.
    pub fn step<R: Rng + ?Sized>(&mut self, ctx: &StepContext, rng: &mut R) -> Option<Who> {
        let p = self.params;
        let m = &ctx.partners;
        self.day += 1;
        let count = self.gridlocked + self.open;
        if count != self.stress_cache.0 {
            self.stress_cache = (count, p.stress_max * (1.0 - (-f64::from(count) / p.stress_scale).exp()));
        }
        let from_issues = self.stress_cache.1;
        let sigma = (from_issues + ctx.stress).min(1.0);
        let yesterday = [self.partners[0].strategy, self.partners[1].strategy];
        let x = self.closeness;
        let desired = self.desired(m);
        // Flooding and activation.
        let mut active = [false; 2];
        for i in 0..2 {
            let j = 1 - i;
            let q = &mut self.partners[i];
            let pursued = yesterday[j] == Strategy::Pursue;
            q.flooding = (p.flooding_decay * q.flooding
                + if pursued { p.flooding_gain * q.avoidance } else { 0.0 })
            .min(1.0);
            let gap = desired[i] - x;
            let (a, v) = (q.anxiety, q.avoidance);
            let withdrew = if yesterday[j] == Strategy::Withdraw { p.threat_withdrawal } else { 0.0 };
            let prob = p.activation_base
                + p.stress_activation * sigma * (1.0 + a)
                + a * (p.threat_distance * gap.max(0.0) + withdrew) * (1.0 - m[i].threat_relief)
                + v * (p.threat_intrusion * (-gap).max(0.0) + if pursued { p.threat_pursuit } else { 0.0 })
                + if pursued { p.threat_criticism * a * (1.0 - v) } else { 0.0 };
            active[i] = bernoulli(rng, (prob * (1.0 - m[i].coping)).min(1.0));
        }
        let mut demander = None;
        if bernoulli(rng, p.episode * sigma) {
            active = [true, true];
            demander = Some(usize::from(rng.random::<bool>()));
        }
        self.demander = demander;
        let mut s = [Strategy::Secure; 2];
        for i in 0..2 {
            if active[i] {
                s[i] = self.choose(i, demander, &m[i], rng);
            }
        }
        // Same day: a calm partner meets the other's insecure move.
        let first = s;
        for i in 0..2 {
            let j = 1 - i;
            if active[i] || first[j] == Strategy::Secure {
                continue;
            }
            let q = self.partners[i];
            let react = match first[j] {
                Strategy::Pursue => {
                    p.react_pursued_avoidance * q.avoidance + p.react_pursued_anxiety * q.anxiety
                }
                _ => p.react_withdrawn_anxiety * q.anxiety,
            };
            if bernoulli(rng, (react * (1.0 - m[i].coping)).min(1.0)) {
                active[i] = true;
                s[i] = self.choose(i, demander, &m[i], rng);
            } else if first[j] == Strategy::Withdraw && bernoulli(rng, q.avoidance * (1.0 - q.anxiety)) {
                s[i] = Strategy::Withdraw;
            }
        }
        // Closeness.
        let mean_desired = 0.5 * (desired[0] + desired[1]);
        // The push of each strategy, indexed in `Strategy`'s order.
        let pushes = [mean_desired - x, p.push_pursue, -p.push_withdraw];
        let push = |st: Strategy| pushes[st as usize];
        self.closeness =
            (x + p.closeness_rate * (push(s[0]) + push(s[1])) + self.noise.sample(rng)).clamp(0.0, 1.0);
        // Partners.
        let exchange = active == [true, true] && s == [Strategy::Secure, Strategy::Secure];
        for i in 0..2 {
            self.update_partner(i, s, active[i], exchange, sigma, desired[i], &m[i]);
        }
        if self.negativity != 0.0 {
            self.follow_sentiment(s, active);
        }
        // Issues: arrivals, solutions, acceptance.
        let arrived = super::dyad::poisson_small(rng, self.issue_rate, self.no_issue) + ctx.issues;
        for _ in 0..arrived {
            if bernoulli(rng, p.perpetual_share) {
                self.gridlocked += 1;
            } else {
                self.open += 1;
            }
        }
        // Without open or gridlocked issues there is nothing to solve or accept, and no draw.
        if self.open + self.gridlocked > 0 {
            let boost = m[0].resolve.max(m[1].resolve);
            let capacity = 0.5
                * self
                    .partners
                    .iter()
                    .map(|q| q.trust * (1.0 - q.contempt) * (1.0 - q.avoidance) * (1.0 - 0.5 * q.anxiety))
                    .sum::<f64>();
            let capacity = capacity + (1.0 - capacity) * boost;
            let resolved = binomial(rng, self.open, p.resolve_base + p.resolve_rate * capacity);
            self.open -= resolved;
            let accepted = binomial(rng, self.gridlocked, p.accept_base + p.accept_rate * capacity);
            self.gridlocked -= accepted;
            self.accepted += accepted;
        }
        self.stress = sigma;
        if p.trait_fluctuation > 0.0 && self.day.is_multiple_of(7) {
            self.fluctuate(rng);
        }
        self.leaving(rng)
    }

    /// Trust, engagement, hopelessness, contempt and satisfaction of partner `i` after the
    /// day's strategies `s`. Both sides of a choice are computed where they are cheap, so the
    /// compiler may select rather than branch on the (random) strategies; every quantity keeps
    /// the operations and their order of the equations, so results are unchanged to the bit.
    #[allow(clippy::too_many_arguments)]
    #[inline]
    fn update_partner(
        &mut self,
        i: usize,
        s: [Strategy; 2],
        active: bool,
        exchange: bool,
        sigma: f64,
        desired: f64,
        m: &Modifiers,
    ) {
        let p = self.params;
        let (mine, theirs) = (s[i], s[1 - i]);
        let closeness = self.closeness;
        let q = &mut self.partners[i];
        q.strategy = mine;
        q.activated = active;
        let pursued = theirs == Strategy::Pursue;
        let withdrawn = theirs == Strategy::Withdraw;
        // Responsiveness felt, by the partner's strategy (indexed in `Strategy`'s order).
        let r = [
            1.0,
            (p.pursued_response - p.pursued_avoidance * q.avoidance - p.pursued_anxiety * q.anxiety).max(0.0),
            if mine.is_bid() { 0.0 } else { p.mutual_withdrawal_response },
        ][theirs as usize];
        let w = if r < q.trust {
            1.0 + p.negativity_bias * q.anxiety
        } else {
            1.0 - p.good_news_discount * q.avoidance
        };
        let learned = (q.trust + p.trust_rate * w * (r - q.trust)).clamp(0.0, 1.0);
        let calm = q.trust + p.calm_trust * (1.0 - q.trust);
        q.trust = if active { learned } else { calm };
        let secure = if mine == Strategy::Secure { 1.0 } else { 0.0 };
        let e = q.engagement + p.engagement_rate * (secure - q.engagement);
        let e = if e < 1e-12 { 0.0 } else { e };
        q.engagement = if active { e } else { q.engagement };
        // Vulnerability and therapy's consolidation: trust deepens when a bid is met securely.
        if m.trust_bonus != 0.0 && active && theirs == Strategy::Secure {
            q.trust += m.trust_bonus * (1.0 - q.trust);
        }
        // Self-care (recovery m) divides the gain by 1 + 2m and multiplies the recovery by it.
        // Without self-care `care` is 1, and dividing by 1 changes nothing: skip the division.
        let care = 1.0 + 2.0 * m.recovery;
        let by_care = |x: f64| if m.recovery == 0.0 { x } else { x / care };
        let unanswered = mine == Strategy::Pursue && withdrawn;
        let hp = q.hopelessness;
        // Adding 0.0 for a term that does not apply leaves the sum as it was (hp >= 0).
        let dh = -p.hopelessness_recovery * care * hp
            + if unanswered { by_care(p.hopelessness_gain * (1.0 - hp) * (1.0 - m.detachment)) } else { 0.0 }
            + if pursued { by_care(p.hopelessness_pursued * q.avoidance * (1.0 - hp)) } else { 0.0 }
            - if exchange { p.hopelessness_repair * hp } else { 0.0 };
        q.hopelessness = (hp + dh).clamp(0.0, 1.0);
        let bid_refused = mine.is_bid() && withdrawn;
        let hurt = (f64::from(u8::from(bid_refused)) + if pursued { q.avoidance } else { 0.0 })
            * (1.0 - m.detachment);
        let c = q.contempt;
        let dc = p.contempt_gain * hurt * (1.0 - c)
            - p.contempt_decay * c
            - m.resentment_relief
            - if exchange { p.contempt_repair * c } else { 0.0 };
        q.contempt = (c + dc).clamp(0.0, 1.0);
        let gap = desired - closeness;
        let quality = if active { r } else { 1.0 }
            - 0.5 * (q.anxiety * gap.max(0.0) + q.avoidance * (-gap).max(0.0))
            - 0.1 * sigma;
        q.satisfaction += (quality - q.satisfaction) / p.satisfaction_days;
        if p.drift_rate > 0.0 && active {
            let d = p.drift_rate * (p.drift_reference - r);
            q.anxiety = (q.anxiety + d).clamp(0.0, 1.0);
            q.avoidance = (q.avoidance + d).clamp(0.0, 1.0);
            q.derive();
        }
        if m.security > 0.0 {
            q.anxiety -= m.security.min(1.0) * q.anxiety;
            q.avoidance -= m.security.min(1.0) * q.avoidance;
            q.derive();
        }
    }

    /// Desired closeness of both partners, after any compromise.
    fn desired(&self, m: &[Modifiers; 2]) -> [f64; 2] {
        let [da, db] = [self.partners[0].desired, self.partners[1].desired];
        let mean = 0.5 * (da + db);
        [da + m[0].compromise * (mean - da), db + m[1].compromise * (mean - db)]
    }

    fn choose<R: Rng + ?Sized>(
        &self,
        i: usize,
        demander: Option<usize>,
        m: &Modifiers,
        rng: &mut R,
    ) -> Strategy {
        let p = self.params;
        let q = &self.partners[i];
        if bernoulli(rng, q.flooding * (1.0 - m.coping)) {
            return Strategy::Withdraw;
        }
        let secure = q.trust * q.working_model * (1.0 - q.contempt);
        if bernoulli(rng, secure + (1.0 - secure) * m.secure) {
            return Strategy::Secure;
        }
        let mut lean = q.lean;
        if let Some(d) = demander {
            lean = if d == i { lean + p.demand_lean * (1.0 - lean) } else { lean * (1.0 - p.demand_lean) };
        }
        // Boundaries: the pursuer no longer chases.
        let lean = lean * (1.0 - m.detachment);
        // Pursue with probability `lean (1 - b)`. Burnout only lowers it, so a draw at or above
        // `lean` means withdrawal without computing `b` (and its exponential).
        let u: f64 = rng.random();
        if u < lean && u < lean * (1.0 - q.burnout(p)) { Strategy::Pursue } else { Strategy::Withdraw }
    }

    /// The couple as the observers of a run see it: hopelessness in the `exhaustion` slot,
    /// contempt in `resentment`, and open plus gridlocked issues. Inlined: the run loop calls it
    /// every day, and a call returns the state through a copy (`memmove`).
    #[inline]
    pub fn state(&self) -> DyadState {
        let partner = |q: &PartnerV2| Partner {
            anxiety: q.anxiety,
            avoidance: q.avoidance,
            stable: q.stable(),
            trust: q.trust,
            exhaustion: q.hopelessness,
            resentment: q.contempt,
            strategy: q.strategy,
            activated: q.activated,
            engagement: q.engagement,
        };
        DyadState {
            closeness: self.closeness,
            issues: self.open + self.gridlocked,
            stress: self.stress,
            partners: [partner(&self.partners[0]), partner(&self.partners[1])],
        }
    }
}

/// A binomial draw by inversion from one uniform number: exact, and about `n p` steps, which
/// is small for the daily chances of solving or accepting an issue.
fn binomial<R: Rng + ?Sized>(rng: &mut R, n: u32, p: f64) -> u32 {
    if p <= 0.0 || n == 0 {
        return 0;
    }
    if p >= 1.0 {
        return n;
    }
    let u: f64 = rng.random();
    // No event is the usual answer: `(1 - p)^n >= 1 - n p`, so below that (less a margin far
    // above rounding) the answer is 0 without the power.
    if u < 1.0 - f64::from(n) * p - 1e-12 {
        return 0;
    }
    let ratio = p / (1.0 - p);
    let mut term = (1.0 - p).powi(n as i32);
    let (mut k, mut cumulative) = (0u32, term);
    while u >= cumulative && k < n {
        term *= ratio * f64::from(n - k) / f64::from(k + 1);
        k += 1;
        cumulative += term;
    }
    k
}

#[cfg(test)]
mod tests;
