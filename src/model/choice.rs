//! Strategy choice: the three appraisals of Mikulincer & Shaver's (2003) model of the attachment
//! system in adulthood, for partner `i` with partner `j`, using the state at the start of the step.
//!
//! 1. **Threat appraisal.** With `gap = x*_i - x` and stress `sigma`:
//!
//!    ```text
//!    threat    = sigma + k_dist max(0, gap) + k_wd [s_j = D] + k_intr max(0, -gap) + k_pur [s_j = H]
//!    P(active) = clamp(threat (1 + hypervigilance anxiety), 0, 1)
//!    ```
//!
//!    Not activated: **secure** engagement.
//! 2. **Availability appraisal.** Activated: the partner is appraised available with
//!
//!    ```text
//!    P(secure | active) = T_i (1 - d_anx anxiety) (1 - d_avo avoidance) (1 - R_i)
//!    ```
//!
//! 3. **Viability of proximity seeking.** Not available: pursue (hyperactivate) with
//!
//!    ```text
//!    P(H | insecure) = (anxiety + prior) / (anxiety + avoidance + 2 prior) (1 - burnout E_i)
//!    ```
//!
//!    otherwise withdraw (deactivate). Exhaustion makes pursuit less viable: burned-out pursuers
//!    withdraw (Johnson 2004, the pursue-withdraw cycle in emotionally focused therapy).

use super::intervention::Modifiers;
use super::{ModelParams, Partner, Strategy};
use rand::{Rng, RngExt};

/// What a partner's appraisals gave on one step; kept for narration and tests.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Appraisal {
    /// Threat felt (before the hypervigilance factor).
    pub threat: f64,
    /// Probability that the attachment system is activated.
    pub p_active: f64,
    /// Probability of a secure strategy once activated.
    pub p_secure: f64,
    /// Probability of pursuit once insecure.
    pub p_pursue: f64,
}

/// The appraisal probabilities of partner `me` facing `other`, at closeness `x` and stress `sigma`.
pub fn appraise(p: &ModelParams, me: &Partner, other: &Partner, x: f64, sigma: f64) -> Appraisal {
    appraise_with_desire(p, me, me.desired_closeness(p), other, x, sigma, &Modifiers::NONE)
}

/// [`appraise`] with the desired closeness of `me` already computed.
#[inline]
pub fn appraise_with_desire(
    p: &ModelParams,
    me: &Partner,
    desired: f64,
    other: &Partner,
    x: f64,
    sigma: f64,
    m: &Modifiers,
) -> Appraisal {
    let gap = desired - x;
    let partner_withdrew = if other.strategy == Strategy::Withdraw { 1.0 } else { 0.0 };
    let partner_pursued = if other.strategy == Strategy::Pursue { 1.0 } else { 0.0 };
    let threat = sigma
        + (1.0 - m.threat_relief)
            * (p.threat_distance * gap.max(0.0) + p.threat_withdrawal * partner_withdrew)
        + p.threat_intrusion * (-gap).max(0.0)
        + p.threat_pursuit * partner_pursued;
    let p_active = (threat * (1.0 + p.hypervigilance * me.anxiety)).clamp(0.0, 1.0) * (1.0 - m.coping);
    let p_secure = me.trust
        * (1.0 - p.secure_anxiety_discount * me.anxiety)
        * (1.0 - p.secure_avoidance_discount * me.avoidance)
        * (1.0 - me.resentment);
    let p_secure = p_secure + (1.0 - p_secure.clamp(0.0, 1.0)) * m.secure;
    let lean_pursue = (me.anxiety + p.strategy_prior) / (me.anxiety + me.avoidance + 2.0 * p.strategy_prior);
    let p_pursue = lean_pursue * (1.0 - p.burnout_viability * me.exhaustion);
    Appraisal { threat, p_active, p_secure: p_secure.clamp(0.0, 1.0), p_pursue: p_pursue.clamp(0.0, 1.0) }
}

/// Draws a strategy from an appraisal, and whether the attachment system was activated. Uses
/// one uniform draw per appraisal that is reached, so a partner who is not activated consumes
/// one draw.
#[inline]
pub fn choose<R: Rng + ?Sized>(a: &Appraisal, rng: &mut R) -> (Strategy, bool) {
    if !bernoulli(rng, a.p_active) {
        (Strategy::Secure, false)
    } else if bernoulli(rng, a.p_secure) {
        (Strategy::Secure, true)
    } else if bernoulli(rng, a.p_pursue) {
        (Strategy::Pursue, true)
    } else {
        (Strategy::Withdraw, true)
    }
}

/// `true` with probability `p`, from one uniform draw in [0, 1).
#[inline]
pub fn bernoulli<R: Rng + ?Sized>(rng: &mut R, p: f64) -> bool {
    rng.random::<f64>() < p
}

#[cfg(test)]
mod tests {
    use super::*;

    fn partner(anxiety: f64, avoidance: f64) -> Partner {
        Partner {
            anxiety,
            avoidance,
            stable: [anxiety, avoidance],
            trust: 0.6,
            exhaustion: 0.0,
            resentment: 0.0,
            strategy: Strategy::Secure,
            activated: false,
            engagement: 0.5,
        }
    }

    #[test]
    fn threat_rises_with_distance_and_partner_withdrawal() {
        let p = ModelParams::default();
        let me = partner(0.85, 0.15);
        let mut other = partner(0.15, 0.85);
        let near = appraise(&p, &me, &other, 0.9, 0.0);
        let far = appraise(&p, &me, &other, 0.3, 0.0);
        assert!(far.threat > near.threat);
        other.strategy = Strategy::Withdraw;
        let far_withdrawn = appraise(&p, &me, &other, 0.3, 0.0);
        assert!((far_withdrawn.threat - far.threat - p.threat_withdrawal).abs() < 1e-12);
    }

    #[test]
    fn anxious_lean_pursue_avoidant_lean_withdraw() {
        let p = ModelParams::default();
        let anxious = appraise(&p, &partner(0.85, 0.15), &partner(0.5, 0.5), 0.5, 0.2);
        let avoidant = appraise(&p, &partner(0.15, 0.85), &partner(0.5, 0.5), 0.5, 0.2);
        assert!(anxious.p_pursue > 0.8);
        assert!(avoidant.p_pursue < 0.2);
    }

    #[test]
    fn exhaustion_makes_pursuit_less_viable() {
        let p = ModelParams::default();
        let mut me = partner(0.85, 0.15);
        let fresh = appraise(&p, &me, &partner(0.5, 0.5), 0.5, 0.0).p_pursue;
        me.exhaustion = 0.9;
        let tired = appraise(&p, &me, &partner(0.5, 0.5), 0.5, 0.0).p_pursue;
        assert!(tired < fresh * 0.5);
    }

    #[test]
    fn probabilities_stay_in_unit_interval() {
        let p = ModelParams::default();
        for &(anx, avo) in &[(0.0, 0.0), (1.0, 1.0), (1.0, 0.0), (0.0, 1.0)] {
            for &x in &[0.0, 0.5, 1.0] {
                let a = appraise(&p, &partner(anx, avo), &partner(avo, anx), x, 1.0);
                for v in [a.p_active, a.p_secure, a.p_pursue] {
                    assert!((0.0..=1.0).contains(&v), "{a:?}");
                }
            }
        }
    }
}
