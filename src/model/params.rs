//! The constants of the model: every one is a named field of the scenario's `[model]` table, and
//! this file is the one place that holds their defaults. See `docs/MODEL-V1.md` ("Submodels")
//! for the equation each constant enters under model version 1, and `docs/MODEL.md` (submodel
//! 16) for the intervention constants that model version 2 shares.

use serde::{Deserialize, Serialize};

/// The `[model]` table: every constant of the attachment dyad model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ModelParams {
    /// Desired closeness of a partner with no anxiety and no avoidance.
    pub desire_base: f64,
    /// How much anxiety raises desired closeness.
    pub desire_anxiety: f64,
    /// How much avoidance lowers desired closeness.
    pub desire_avoidance: f64,
    /// Lowest desired closeness.
    pub desire_min: f64,
    /// Highest desired closeness.
    pub desire_max: f64,
    /// Stress added by each unresolved issue (stress = min(1, this x issues)).
    pub stress_per_issue: f64,
    /// Threat from being further apart than desired, per unit of closeness gap.
    pub threat_distance: f64,
    /// Threat from the partner's withdrawal on the previous step.
    pub threat_withdrawal: f64,
    /// Threat from being closer than desired (intrusion), per unit of closeness gap.
    pub threat_intrusion: f64,
    /// Threat from the partner's pursuit on the previous step.
    pub threat_pursuit: f64,
    /// Hypervigilance: activation probability is threat x (1 + this x anxiety).
    pub hypervigilance: f64,
    /// How much anxiety discounts the appraisal that the partner is available.
    pub secure_anxiety_discount: f64,
    /// How much avoidance discounts the appraisal that the partner is available.
    pub secure_avoidance_discount: f64,
    /// Pseudo-count added to anxiety and avoidance when choosing between pursuit and withdrawal.
    pub strategy_prior: f64,
    /// How much exhaustion makes pursuit less viable (burned-out pursuers withdraw).
    pub burnout_viability: f64,
    /// How fast the partners' pushes move closeness.
    pub closeness_rate: f64,
    /// Push on closeness of a pursuing partner.
    pub push_pursue: f64,
    /// Push on closeness of a withdrawing partner (applied as a negative push).
    pub push_withdraw: f64,
    /// Learning rate of trust toward the responsiveness experienced.
    pub trust_rate: f64,
    /// Responsiveness felt from a pursuing partner, before the avoidance discount.
    pub pursued_response: f64,
    /// How much one's own avoidance lowers the responsiveness felt from a pursuing partner.
    pub pursued_avoidance: f64,
    /// Responsiveness felt when both partners withdrew (no bid was refused).
    pub mutual_withdrawal_response: f64,
    /// Negativity bias: bad news weighs 1 + this x anxiety.
    pub negativity_bias: f64,
    /// Discounting: good news weighs 1 - this x avoidance.
    pub good_news_discount: f64,
    /// Fraction of exhaustion recovered per step.
    pub recovery: f64,
    /// Exhaustion cost of a secure response to a pursuing partner (giving reassurance).
    pub cost_secure_pursued: f64,
    /// Exhaustion cost of a secure bid met by withdrawal (an unreturned bid).
    pub cost_secure_withdrawn: f64,
    /// Exhaustion cost of pursuit met by pursuit (mutual protest).
    pub cost_pursue_pursued: f64,
    /// Exhaustion cost of pursuing a withdrawing partner.
    pub cost_pursue_withdrawn: f64,
    /// Exhaustion cost of withdrawing from a pursuing partner (feeling overwhelmed).
    pub cost_withdraw_pursued: f64,
    /// Exhaustion cost of mutual withdrawal.
    pub cost_withdraw_withdrawn: f64,
    /// Exhaustion added per unit of stress.
    pub stress_exhaustion: f64,
    /// Resentment added when one's bid meets withdrawal or one is pursued.
    pub resentment_gain: f64,
    /// Resentment removed on a step where both partners are secure.
    pub resentment_relief: f64,
    /// Probability that a mutually secure step resolves one unresolved issue.
    pub resolve_probability: f64,
    /// Whether a partner may leave (dissolution hazard).
    pub dissolution: bool,
    /// Scale of the dissolution hazard.
    pub dissolution_hazard: f64,
    /// Exhaustion above which a partner starts considering leaving.
    pub dissolution_exhaustion: f64,
    /// Commitment of a partner with no anxiety and no avoidance.
    pub commitment_base: f64,
    /// How much anxiety (fear of abandonment) raises commitment.
    pub commitment_anxiety: f64,
    /// How much avoidance lowers commitment.
    pub commitment_avoidance: f64,
    /// Whether anxiety and avoidance drift with experience (earned security).
    pub plasticity: bool,
    /// Drift of each trait per step and unit of (reference - responsiveness experienced).
    pub plasticity_rate: f64,
    /// Responsiveness at which the traits do not drift.
    pub plasticity_reference: f64,
    /// Rate of the engagement average (recent share of secure responses).
    pub engagement_rate: f64,
    /// Communication: raises P(secure | active) by this x strength (of what is missing to 1).
    pub communication_secure: f64,
    /// Communication: raises the chance of resolving an issue on a secure step.
    pub communication_resolve: f64,
    /// Boundaries: lowers the costs caused by the partner's strategy by this x strength.
    pub boundaries_cost: f64,
    /// Boundaries: lowers an anxious partner's distance and withdrawal threat, x strength x anxiety.
    pub boundaries_threat: f64,
    /// Self-care: raises the recovery rate by this x strength (1 doubles it).
    pub self_care_recovery: f64,
    /// Coping: lowers the activation probability by this x strength.
    pub coping_activation: f64,
    /// Vulnerability: trust gain toward 1 on mutually secure steps, x strength.
    pub vulnerability_trust: f64,
    /// Compromise: fraction of the way to the couple's mean desired closeness, x strength.
    pub compromise_rate: f64,
    /// Therapy: raises P(secure | active) in the stage's target, x strength x alliance.
    pub therapy_secure: f64,
    /// Therapy: lowers activation in the stage's target, x strength x alliance.
    pub therapy_coping: f64,
    /// Therapy: resentment eased per step during therapy, x strength x alliance.
    pub therapy_resentment_relief: f64,
    /// Therapy: extra trait drift rate from the start of therapy on (the two-way drift of
    /// plasticity: toward security when responded to, earned security; away from it when not).
    pub therapy_plasticity_rate: f64,
    /// Therapy: how much a mismatched therapist distance weakens the alliance.
    pub therapy_mismatch: f64,
    /// Which model runs: 1 (model version 1, docs/MODEL-V1.md) or 2 (model version 2,
    /// docs/MODEL.md), whose constants are the `[model.v2]` table.
    pub version: u32,
    /// The constants of model version 2 (`[model.v2]`), used when `version = 2`.
    pub v2: super::v2::V2Params,
}

impl Default for ModelParams {
    fn default() -> Self {
        ModelParams {
            desire_base: 0.70,
            desire_anxiety: 0.25,
            desire_avoidance: 0.50,
            desire_min: 0.05,
            desire_max: 0.98,
            stress_per_issue: 0.08,
            threat_distance: 1.0,
            threat_withdrawal: 0.5,
            threat_intrusion: 1.0,
            threat_pursuit: 0.5,
            hypervigilance: 1.0,
            secure_anxiety_discount: 0.6,
            secure_avoidance_discount: 0.6,
            strategy_prior: 0.05,
            burnout_viability: 0.7,
            closeness_rate: 0.02,
            push_pursue: 1.0,
            push_withdraw: 1.2,
            trust_rate: 0.05,
            pursued_response: 0.7,
            pursued_avoidance: 0.5,
            mutual_withdrawal_response: 0.4,
            negativity_bias: 1.0,
            good_news_discount: 0.5,
            recovery: 0.03,
            cost_secure_pursued: 0.015,
            cost_secure_withdrawn: 0.020,
            cost_pursue_pursued: 0.050,
            cost_pursue_withdrawn: 0.050,
            cost_withdraw_pursued: 0.040,
            cost_withdraw_withdrawn: 0.002,
            stress_exhaustion: 0.01,
            resentment_gain: 0.03,
            resentment_relief: 0.02,
            resolve_probability: 0.5,
            dissolution: true,
            dissolution_hazard: 0.02,
            dissolution_exhaustion: 0.5,
            commitment_base: 0.5,
            commitment_anxiety: 0.4,
            commitment_avoidance: 0.4,
            plasticity: false,
            plasticity_rate: 0.001,
            plasticity_reference: 0.6,
            engagement_rate: 0.1,
            communication_secure: 0.5,
            communication_resolve: 0.5,
            boundaries_cost: 0.6,
            boundaries_threat: 0.5,
            self_care_recovery: 1.0,
            coping_activation: 0.5,
            vulnerability_trust: 0.03,
            compromise_rate: 1.0,
            therapy_secure: 0.7,
            therapy_coping: 0.4,
            therapy_resentment_relief: 0.01,
            therapy_plasticity_rate: 0.006,
            therapy_mismatch: 0.6,
            version: 1,
            v2: super::v2::V2Params::default(),
        }
    }
}
