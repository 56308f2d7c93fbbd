//! Model version 2 (preview): the cycle that lasts (`../shared/design/model-v2.md`).
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
//!    daily hazard `inv(t) [h_alt + h_dis sigmoid((U - 1.8) / 0.3)] / 365`.

use super::choice::bernoulli;
use super::intervention::{Modifiers, StepContext};
use super::{DyadState, Partner, Strategy, Who};
use rand::{Rng, RngExt};
use rand_distr::{Distribution, Normal};
use serde::{Deserialize, Serialize};

/// The relationship's context: sets the baseline hazard of leaving and the barriers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Context {
    /// Married: high barriers, low baseline hazard.
    #[default]
    Married,
    /// Dating: alternatives matter; investments grow with time together.
    Dating,
}

/// The constants of model version 2.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct V2Params {
    /// Highest stress from issues.
    pub stress_max: f64,
    /// Issues at which stress reaches 63% of its highest.
    pub stress_scale: f64,
    /// Daily activation with no threat.
    pub activation_base: f64,
    /// Activation per unit of stress (x (1 + anxiety)).
    pub stress_activation: f64,
    /// Threat of distance below the desired closeness (x anxiety).
    pub threat_distance: f64,
    /// Threat of the partner's withdrawal yesterday (x anxiety).
    pub threat_withdrawal: f64,
    /// Threat of closeness above the desired (x avoidance).
    pub threat_intrusion: f64,
    /// Threat of the partner's pursuit yesterday (x avoidance).
    pub threat_pursuit: f64,
    /// Criticism: the partner's pursuit yesterday activates an anxious, non-avoidant partner
    /// (x anxiety x (1 - avoidance)).
    pub threat_criticism: f64,
    /// Chance per unit of stress that an issue episode activates both partners.
    pub episode: f64,
    /// How much the partner who wants the change in an episode leans to pursue (0: not at all,
    /// 1: always).
    pub demand_lean: f64,
    /// Flooding kept from yesterday.
    pub flooding_decay: f64,
    /// Flooding added by being pursued (x avoidance).
    pub flooding_gain: f64,
    /// Hopelessness at the middle of the burnout curve.
    pub burnout_at: f64,
    /// Width of the burnout curve.
    pub burnout_width: f64,
    /// Same day: chance that being pursued activates a calm partner, per unit of avoidance.
    pub react_pursued_avoidance: f64,
    /// Same day: the same, per unit of anxiety.
    pub react_pursued_anxiety: f64,
    /// Same day: chance that the partner's withdrawal activates a calm partner, per unit of
    /// anxiety.
    pub react_withdrawn_anxiety: f64,
    /// Closeness moved per unit of push.
    pub closeness_rate: f64,
    /// Push of pursuit.
    pub push_pursue: f64,
    /// Push of withdrawal (applied negatively).
    pub push_withdraw: f64,
    /// Trust learning rate on activated days.
    pub trust_rate: f64,
    /// Trust regained on a calm day (x (1 - T)).
    pub calm_trust: f64,
    /// Responsiveness felt from a pursuing partner.
    pub pursued_response: f64,
    /// How much own avoidance lowers it.
    pub pursued_avoidance: f64,
    /// How much own anxiety lowers it.
    pub pursued_anxiety: f64,
    /// Responsiveness felt when both withdrew.
    pub mutual_withdrawal_response: f64,
    /// Bad news weighs 1 + this x anxiety.
    pub negativity_bias: f64,
    /// Good news weighs 1 - this x avoidance.
    pub good_news_discount: f64,
    /// Hopelessness gained when one's pursuit meets withdrawal.
    pub hopelessness_gain: f64,
    /// Hopelessness gained by being pursued (x avoidance).
    pub hopelessness_pursued: f64,
    /// Hopelessness lost per day.
    pub hopelessness_recovery: f64,
    /// Hopelessness lost on a day both were activated and secure.
    pub hopelessness_repair: f64,
    /// Contempt gained per unit of hurt.
    pub contempt_gain: f64,
    /// Contempt lost per day.
    pub contempt_decay: f64,
    /// Contempt lost on a day both were activated and secure.
    pub contempt_repair: f64,
    /// Days of the satisfaction average.
    pub satisfaction_days: f64,
    /// New issues per day.
    pub issue_rate: f64,
    /// Share of new issues that are perpetual (gridlocked until accepted).
    pub perpetual_share: f64,
    /// Chance per day that an open issue is resolved or fades with no capacity (time heals).
    pub resolve_base: f64,
    /// Chance per day that an open issue is resolved, x capacity.
    pub resolve_rate: f64,
    /// Chance per day that a gridlocked issue becomes accepted, with no capacity.
    pub accept_base: f64,
    /// The same, per unit of capacity.
    pub accept_rate: f64,
    /// Married: baseline (alternatives) hazard of leaving per year.
    pub married_alternatives: f64,
    /// Married: dissatisfaction hazard of leaving per year.
    pub married_dissatisfaction: f64,
    /// Dating: baseline (alternatives) hazard per year.
    pub dating_alternatives: f64,
    /// Dating: dissatisfaction hazard per year.
    pub dating_dissatisfaction: f64,
    /// How attachment shifts the alternatives hazard: `x max(0, 1 + this (avoidance - anxiety
    /// (1 - b)))`: avoidant partners are less committed and more attentive to alternatives,
    /// anxious ones hold on until burnout (Rusbult's investment model; Le et al. 2010).
    pub alternatives_commitment: f64,
    /// Leaving: weight of dissatisfaction `(1 - Sat)` in the push to leave `U`.
    pub leave_dissatisfaction: f64,
    /// Leaving: weight of contempt in `U`.
    pub leave_contempt: f64,
    /// Leaving: weight of burnout in `U` (hopelessness raises the hazard of the one who has it).
    pub leave_burnout: f64,
    /// Leaving: weight of avoidance in `U`.
    pub leave_avoidance: f64,
    /// Leaving: how much anxiety holds a partner back, until burnout (`- this x anxiety (1 - b)`).
    pub leave_anxiety: f64,
    /// Leaving: hopelessness multiplies the dissatisfaction hazard by `1 + this x burnout`
    /// (the burned-out pursuer is often the one who leaves).
    pub burnout_hazard: f64,
    /// Leaving: `U` at which the dissatisfaction hazard is half its highest.
    pub leave_threshold: f64,
    /// Leaving: width of the sigmoid of `U`.
    pub leave_width: f64,
    /// Rate of the engagement average (recent share of secure responses when activated).
    pub engagement_rate: f64,
    /// Couples differ in how many issues life brings them: each couple's issue rate is
    /// `issue_rate` times a Gamma draw with mean 1 and this coefficient of variation (0: all
    /// alike).
    pub issue_rate_cv: f64,
    /// Therapy: the daily pull of each partner's anxiety and avoidance toward security while a
    /// therapy stage is on, x strength x alliance (`trait -= this x trait`; earned security in
    /// therapy, calibrated to T14).
    pub therapy_security: f64,
    /// Therapy: trust regained, while a therapy stage is on, on a day one's bid is met securely,
    /// x strength x alliance (`T += this (1 - T)`; repair of attachment injuries).
    pub therapy_trust: f64,
    /// Therapy: how much a mismatched therapist distance weakens the alliance under version 2
    /// (`alliance = 1 - this x avoidance` for a close therapist, `x anxiety` for a distant one);
    /// bounded so that distance matters modestly (T16; alliance-outcome r about .26-.30).
    pub therapy_mismatch: f64,
    /// Therapy: the share of version 1's in-session boosts (`secure` and `coping` of each
    /// stage) that therapy gives under version 2; they end with therapy, so the lasting change
    /// comes from `therapy_security` and `therapy_trust` (T15: gains last).
    pub therapy_boost: f64,
    /// Trait drift per activated day, per unit of (reference - responsiveness) (earned security).
    pub drift_rate: f64,
    /// Responsiveness at which the traits do not drift.
    pub drift_reference: f64,
}

impl Default for V2Params {
    fn default() -> Self {
        V2Params {
            stress_max: 0.6,
            stress_scale: 4.0,
            activation_base: 0.004,
            stress_activation: 0.02,
            threat_distance: 0.8,
            threat_withdrawal: 0.3,
            threat_intrusion: 0.8,
            threat_pursuit: 0.3,
            threat_criticism: 0.7,
            episode: 0.10,
            demand_lean: 0.0,
            flooding_decay: 0.5,
            flooding_gain: 1.3,
            burnout_at: 0.5,
            burnout_width: 0.06,
            react_pursued_avoidance: 0.8,
            react_pursued_anxiety: 0.4,
            react_withdrawn_anxiety: 0.8,
            closeness_rate: 0.02,
            push_pursue: 1.0,
            push_withdraw: 1.2,
            trust_rate: 0.004,
            calm_trust: 0.0012,
            pursued_response: 0.7,
            pursued_avoidance: 0.5,
            pursued_anxiety: 0.4,
            mutual_withdrawal_response: 0.4,
            negativity_bias: 1.0,
            good_news_discount: 0.5,
            hopelessness_gain: 0.0021,
            hopelessness_pursued: 0.00075,
            hopelessness_recovery: 0.0003,
            hopelessness_repair: 0.01,
            contempt_gain: 0.004,
            contempt_decay: 0.002,
            contempt_repair: 0.02,
            satisfaction_days: 120.0,
            issue_rate: 0.05,
            perpetual_share: 0.69,
            resolve_base: 0.002,
            resolve_rate: 0.03,
            accept_base: 0.002,
            accept_rate: 0.02,
            married_alternatives: 0.008,
            married_dissatisfaction: 0.06,
            dating_alternatives: 0.14,
            dating_dissatisfaction: 0.06,
            alternatives_commitment: 0.5,
            leave_dissatisfaction: 4.0,
            leave_contempt: 3.0,
            leave_burnout: 2.0,
            leave_avoidance: 0.6,
            leave_anxiety: 1.0,
            burnout_hazard: 3.0,
            leave_threshold: 1.8,
            leave_width: 0.3,
            engagement_rate: 0.1,
            issue_rate_cv: 1.5,
            therapy_security: 0.0028,
            therapy_trust: 0.025,
            therapy_mismatch: 0.3,
            therapy_boost: 0.5,
            drift_rate: 0.0,
            drift_reference: 0.6,
        }
    }
}

/// The logistic function; exactly 0 far below its midpoint (below `e^-36`, under one part in
/// 10^15), which spares the exponential on the many days a couple is far from burnout or from
/// leaving.
#[inline]
fn sigmoid(z: f64) -> f64 {
    if z < -36.0 { 0.0 } else { 1.0 / (1.0 + (-z).exp()) }
}

/// One partner's state in model version 2.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PartnerV2 {
    /// Attachment anxiety, 0..1.
    pub anxiety: f64,
    /// Attachment avoidance, 0..1.
    pub avoidance: f64,
    /// Trust in the partner, 0..1.
    pub trust: f64,
    /// Hopelessness (slow burnout), 0..1.
    pub hopelessness: f64,
    /// Contempt, 0..1.
    pub contempt: f64,
    /// Flooding (fast arousal), 0..1.
    pub flooding: f64,
    /// Satisfaction, a slow average, 0..1.
    pub satisfaction: f64,
    /// Today's strategy (secure when calm).
    pub strategy: Strategy,
    /// Whether the attachment system was activated today.
    pub activated: bool,
    /// Engagement: recent share of secure responses when activated.
    pub engagement: f64,
    desired: f64,
    working_model: f64,
    lean: f64,
}

impl PartnerV2 {
    /// A partner with these traits and initial trust and hopelessness.
    pub fn new(anxiety: f64, avoidance: f64, trust: f64, hopelessness: f64) -> Self {
        let mut p = PartnerV2 {
            anxiety,
            avoidance,
            trust,
            hopelessness,
            contempt: 0.0,
            flooding: 0.0,
            satisfaction: 0.85,
            strategy: Strategy::Secure,
            activated: false,
            engagement: 0.5,
            desired: 0.0,
            working_model: 0.0,
            lean: 0.0,
        };
        p.derive();
        p
    }

    fn derive(&mut self) {
        let (a, v) = (self.anxiety, self.avoidance);
        self.desired = (0.7 + 0.25 * a - 0.5 * v).clamp(0.05, 0.98);
        self.working_model = (1.0 - 0.35 * a) * (1.0 - 0.35 * v);
        let (x, y) = ((a + 0.05).powi(2), (v + 0.05).powi(2));
        self.lean = x / (x + y);
    }

    /// Desired closeness.
    pub fn desired(&self) -> f64 {
        self.desired
    }

    /// Burnout: how far hopelessness has turned pursuit into withdrawal, 0..1.
    pub fn burnout(&self, p: &V2Params) -> f64 {
        sigmoid((self.hopelessness - p.burnout_at) / p.burnout_width)
    }
}

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
}

impl<'p> CoupleV2<'p> {
    /// A couple at closeness `closeness` with these partners.
    pub fn new(
        params: &'p V2Params,
        context: Context,
        partners: [PartnerV2; 2],
        closeness: f64,
        noise: f64,
    ) -> Self {
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
            issue_rate: params.issue_rate,
            no_issue: (-params.issue_rate).exp(),
            stress_cache: (0, 0.0),
        }
    }

    /// Draws this couple's own issue rate (see [`V2Params::issue_rate_cv`]).
    pub fn draw_issue_rate<R: Rng + ?Sized>(&mut self, rng: &mut R) {
        let cv = self.params.issue_rate_cv;
        if cv > 0.0 {
            let shape = 1.0 / (cv * cv);
            if let Ok(g) = rand_distr::Gamma::new(shape, 1.0 / shape) {
                self.issue_rate = self.params.issue_rate * g.sample(rng);
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
        let push = |st: Strategy| match st {
            Strategy::Secure => mean_desired - x,
            Strategy::Pursue => p.push_pursue,
            Strategy::Withdraw => -p.push_withdraw,
        };
        self.closeness =
            (x + p.closeness_rate * (push(s[0]) + push(s[1])) + self.noise.sample(rng)).clamp(0.0, 1.0);
        // Partners.
        let exchange = active == [true, true] && s == [Strategy::Secure, Strategy::Secure];
        for i in 0..2 {
            self.update_partner(i, s, active[i], exchange, sigma, desired[i], &m[i]);
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
        self.stress = sigma;
        self.leaving(rng)
    }

    #[allow(clippy::too_many_arguments)]
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
        let r = match theirs {
            Strategy::Secure => 1.0,
            Strategy::Pursue => {
                (p.pursued_response - p.pursued_avoidance * q.avoidance - p.pursued_anxiety * q.anxiety)
                    .max(0.0)
            }
            Strategy::Withdraw if mine.is_bid() => 0.0,
            Strategy::Withdraw => p.mutual_withdrawal_response,
        };
        if active {
            let w = if r < q.trust {
                1.0 + p.negativity_bias * q.anxiety
            } else {
                1.0 - p.good_news_discount * q.avoidance
            };
            q.trust = (q.trust + p.trust_rate * w * (r - q.trust)).clamp(0.0, 1.0);
            let secure = if mine == Strategy::Secure { 1.0 } else { 0.0 };
            let e = q.engagement + p.engagement_rate * (secure - q.engagement);
            q.engagement = if e < 1e-12 { 0.0 } else { e };
        } else {
            q.trust += p.calm_trust * (1.0 - q.trust);
        }
        // Vulnerability and therapy's consolidation: trust deepens when a bid is met securely.
        if active && theirs == Strategy::Secure {
            q.trust += m.trust_bonus * (1.0 - q.trust);
        }
        // Self-care (recovery m) divides the gain by 1 + 2m and multiplies the recovery by it.
        let care = 1.0 + 2.0 * m.recovery;
        let unanswered = mine == Strategy::Pursue && theirs == Strategy::Withdraw;
        let pursued = theirs == Strategy::Pursue;
        let hp = q.hopelessness;
        let mut dh = -p.hopelessness_recovery * care * hp;
        if unanswered {
            dh += p.hopelessness_gain * (1.0 - hp) * (1.0 - m.detachment) / care;
        }
        if pursued {
            dh += p.hopelessness_pursued * q.avoidance * (1.0 - hp) / care;
        }
        if exchange {
            dh -= p.hopelessness_repair * hp;
        }
        q.hopelessness = (hp + dh).clamp(0.0, 1.0);
        let bid_refused = mine.is_bid() && theirs == Strategy::Withdraw;
        let hurt = (f64::from(u8::from(bid_refused)) + if pursued { q.avoidance } else { 0.0 })
            * (1.0 - m.detachment);
        let c = q.contempt;
        let mut dc = p.contempt_gain * hurt * (1.0 - c) - p.contempt_decay * c - m.resentment_relief;
        if exchange {
            dc -= p.contempt_repair * c;
        }
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

    /// The hazard of leaving: only this ends a run.
    fn leaving<R: Rng + ?Sized>(&self, rng: &mut R) -> Option<Who> {
        let p = self.params;
        let t = f64::from(self.day);
        let (alt, dis, inv) = match self.context {
            Context::Married => (p.married_alternatives, p.married_dissatisfaction, 1.0),
            Context::Dating => (p.dating_alternatives, p.dating_dissatisfaction, 1.0 / (1.0 + t / 365.0)),
        };
        // One uniform number decides for both: A leaves below A's hazard, B in the next interval.
        let u: f64 = rng.random();
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
            below += inv * (alternatives + dissatisfied) / 365.0;
            if u < below {
                return Some(Who::from_index(i));
            }
        }
        None
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
        if bernoulli(rng, lean * (1.0 - q.burnout(p))) { Strategy::Pursue } else { Strategy::Withdraw }
    }

    /// The couple as the observers of a run see it: hopelessness in the `exhaustion` slot,
    /// contempt in `resentment`, and open plus gridlocked issues.
    pub fn state(&self) -> DyadState {
        let partner = |q: &PartnerV2| Partner {
            anxiety: q.anxiety,
            avoidance: q.avoidance,
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
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand::rngs::Xoshiro256PlusPlus;

    fn couple(p: &V2Params, a: (f64, f64), b: (f64, f64)) -> CoupleV2<'_> {
        let partners = [PartnerV2::new(a.0, a.1, 0.6, 0.1), PartnerV2::new(b.0, b.1, 0.6, 0.1)];
        CoupleV2::new(p, Context::Married, partners, 0.5, 0.02)
    }

    #[test]
    fn binomial_inversion_has_the_right_mean() {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(9);
        for (n, p) in [(10u32, 0.03), (40, 0.2), (5, 0.9)] {
            let draws = 100_000;
            let sum: u64 = (0..draws).map(|_| u64::from(binomial(&mut rng, n, p))).sum();
            let mean = sum as f64 / draws as f64;
            let se = (f64::from(n) * p * (1.0 - p) / draws as f64).sqrt();
            assert!((mean - f64::from(n) * p).abs() < 5.0 * se, "{n} {p}: {mean}");
        }
    }

    #[test]
    fn burnout_is_half_at_its_midpoint() {
        let p = V2Params::default();
        let mut q = PartnerV2::new(0.8, 0.2, 0.6, p.burnout_at);
        assert!((q.burnout(&p) - 0.5).abs() < 1e-12);
        q.hopelessness = 0.0;
        assert!(q.burnout(&p) < 0.001, "no burnout early: pursuit lasts");
    }

    #[test]
    fn twenty_years_keep_every_variable_in_range_and_the_issue_stock_bounded() {
        let p = V2Params { issue_rate_cv: 0.0, ..V2Params::default() };
        for (a, b) in [((0.85, 0.15), (0.15, 0.85)), ((0.15, 0.85), (0.15, 0.85)), ((0.9, 0.9), (0.9, 0.9))] {
            let mut c = couple(&p, a, b);
            let mut rng = Xoshiro256PlusPlus::seed_from_u64(3);
            let mut most = 0;
            for _ in 0..20 * 365 {
                c.step(&StepContext::QUIET, &mut rng);
                assert!((0.0..=1.0).contains(&c.closeness) && (0.0..=1.0).contains(&c.stress));
                for q in &c.partners {
                    for v in [q.trust, q.hopelessness, q.contempt, q.flooding, q.anxiety, q.avoidance] {
                        assert!((0.0..=1.0).contains(&v), "{a:?} {b:?}: {v}");
                    }
                    assert!(q.satisfaction.is_finite() && q.satisfaction <= 1.0);
                }
                most = most.max(c.open + c.gridlocked);
            }
            // With no capacity at all, issues settle near rate x share / base rate.
            let ceiling = p.issue_rate
                * (p.perpetual_share / p.accept_base + (1.0 - p.perpetual_share) / p.resolve_base);
            assert!(f64::from(most) < 3.0 * ceiling + 10.0, "{a:?} {b:?}: {most} issues");
        }
    }

    #[test]
    fn the_same_seed_gives_the_same_couple() {
        let p = V2Params::default();
        let run = || {
            let mut c = couple(&p, (0.85, 0.15), (0.15, 0.85));
            let mut rng = Xoshiro256PlusPlus::seed_from_u64(11);
            c.draw_issue_rate(&mut rng);
            for _ in 0..500 {
                c.step(&StepContext::QUIET, &mut rng);
            }
            (c.state(), c.gridlocked, c.accepted)
        };
        assert_eq!(run(), run());
    }

    #[test]
    fn a_burned_out_pursuer_withdraws_and_an_anxious_one_protests() {
        let p = V2Params::default();
        let c = couple(&p, (0.85, 0.15), (0.15, 0.85));
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(5);
        let share = |c: &CoupleV2, rng: &mut Xoshiro256PlusPlus| {
            let n = 20_000;
            (0..n).filter(|_| c.choose(0, None, &Modifiers::NONE, rng) == Strategy::Pursue).count() as f64
                / n as f64
        };
        let fresh = share(&c, &mut rng);
        let mut burned = c.clone();
        burned.partners[0].hopelessness = 0.9;
        let tired = share(&burned, &mut rng);
        assert!(fresh > 0.2 && tired < 0.01, "pursuit {fresh:.3} fresh, {tired:.3} burned out");
    }
}
