//! The constants of model version 2 (`[model.v2]`) and the relationship's context, with their
//! defaults: the one place that holds them. docs/MODEL.md (the `[model.v2]` table) gives each
//! one's source or calibration note.

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
    /// 1: always); the other partner's lean falls by the same share. Calibrated so that who
    /// demands follows whose issue it is (Christensen & Heavey 1990).
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
    /// Sentiment (the optional negativity cascade, off while `married_negativity` and
    /// `dating_negativity` are 0): days of one's slow average of the partner's regard, the
    /// recent valence of the partner's responses when activated (`S += (g_j - S) / this`, every
    /// day). The balance of positive to negative exchanges in conflict settles, over months,
    /// into how one sees the partner (Gottman 1994's cascade; sentiment override, Weiss 1980).
    pub sentiment_days: f64,
    /// Sentiment: how positive a partner's pursuit reads, against 1 for a secure response and 0
    /// for withdrawal (turning against rather than away).
    pub sentiment_pursuit: f64,
    /// Sentiment at the start of a run.
    pub sentiment_start: f64,
    /// Married: hazard of leaving per year from negative sentiment, at its highest (0: the
    /// cascade is off, the default; see docs/MODEL.md, "The negativity cascade").
    pub married_negativity: f64,
    /// Dating: the same (0: off).
    pub dating_negativity: f64,
    /// Leaving: sentiment at which the negativity hazard is half its highest.
    pub negativity_threshold: f64,
    /// Leaving: width of the sigmoid of sentiment.
    pub negativity_width: f64,
    /// Couples differ in how many issues life brings them: each couple's issue rate is
    /// `environment.issue_rate` times a Gamma draw with mean 1 and this coefficient of variation (0: all
    /// alike).
    pub issue_rate_cv: f64,
    /// Therapy: the daily pull of each partner's anxiety and avoidance toward security while a
    /// therapy stage is on, x strength x alliance (`trait -= this x trait`; earned security in
    /// therapy; calibrated with `therapy_response_cv` and `therapy_nonresponse` to T14, and
    /// strong enough that the gains outlast trait fluctuation, T15).
    pub therapy_security: f64,
    /// Therapy: trust regained, while a therapy stage is on, on a day one's bid is met securely,
    /// x strength x alliance (`T += this (1 - T)`; repair of attachment injuries).
    pub therapy_trust: f64,
    /// Therapy: how much a mismatched therapist distance weakens the alliance under version 2
    /// (`alliance = 1 - this x avoidance` for a close therapist, `x anxiety` for a distant one);
    /// bounded so that distance matters modestly (T16; alliance-outcome r about .26-.30):
    /// 0.5 keeps the gap between an adaptive and a mismatched therapist at 0.07-0.09.
    pub therapy_mismatch: f64,
    /// Therapy: the share of version 1's in-session boosts (`secure` and `coping` of each
    /// stage) that therapy gives under version 2; they end with therapy, so the lasting change
    /// comes from `therapy_security` and `therapy_trust` (T15: gains last).
    pub therapy_boost: f64,
    /// Therapy: couples differ in how well therapy takes (the couple's alliance with the
    /// therapist, its readiness): every therapy effect is multiplied by the couple's own factor,
    /// a Gamma draw with mean 1 and this coefficient of variation (0: all alike), drawn once at
    /// the start of a run that schedules therapy. Calibrated with `therapy_security` to T14
    /// and T15: couples for whom therapy takes strongly settle for good, so recovery stays near
    /// 0.70 while fewer settled couples relapse.
    pub therapy_response_cv: f64,
    /// Therapy: the share of couples for whom therapy does not take at all (no working alliance
    /// forms, or they stop coming): their factor is 0, drawn once at the start of a run that
    /// schedules therapy. Calibrated to T14: about 10-15% of couples in EFT trials do not
    /// improve reliably (Johnson et al. 1999).
    pub therapy_nonresponse: f64,
    /// Trait drift per activated day, per unit of (reference - responsiveness): earned security
    /// with a responsive partner, or its reverse with a rejecting one. Small: the traits' year
    /// to year instability comes mostly from `trait_fluctuation`; 0.001 moves the traits by at most
    /// 0.0006 on an activated day (0.22 in a year of rejection every day).
    pub drift_rate: f64,
    /// Responsiveness at which the traits do not drift.
    pub drift_reference: f64,
    /// Trait fluctuation (0: off): the standard deviation, on the 0..1 scale, of a state part
    /// of each partner's anxiety and avoidance that wanders around the stable part, so that a
    /// trait measured twice years apart correlates moderately (Fraley et al. 2011; test-retest r
    /// about .5-.7 over 1-4 years, Arriaga et al. 2018).
    pub trait_fluctuation: f64,
    /// Trait fluctuation: the days over which the state part forgets itself (its correlation
    /// falls by `e` over this time; it moves once a week).
    pub fluctuation_days: f64,
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
            demand_lean: 0.45,
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
            sentiment_days: 365.0,
            sentiment_pursuit: 0.05,
            sentiment_start: 0.5,
            married_negativity: 0.0,
            dating_negativity: 0.0,
            negativity_threshold: 0.365,
            negativity_width: 0.04,
            issue_rate_cv: 1.5,
            therapy_security: 0.0055,
            therapy_trust: 0.025,
            therapy_mismatch: 0.5,
            therapy_boost: 0.5,
            therapy_response_cv: 0.55,
            therapy_nonresponse: 0.12,
            drift_rate: 0.001,
            drift_reference: 0.6,
            trait_fluctuation: 0.13,
            fluctuation_days: 60.0,
        }
    }
}

impl V2Params {
    /// The hazards of leaving per year in this context at their highest: from alternatives and
    /// from dissatisfaction.
    pub fn leaving_hazards(&self, context: Context) -> (f64, f64) {
        match context {
            Context::Married => (self.married_alternatives, self.married_dissatisfaction),
            Context::Dating => (self.dating_alternatives, self.dating_dissatisfaction),
        }
    }

    /// The hazard of leaving per year from negative sentiment in this context (0: the
    /// negativity cascade is off).
    pub fn negativity(&self, context: Context) -> f64 {
        match context {
            Context::Married => self.married_negativity,
            Context::Dating => self.dating_negativity,
        }
    }
}
