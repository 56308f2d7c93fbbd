//! Every key of a scenario file: its type, allowed range and meaning. Range checks, the
//! comments of `dyad new` and `docs/SCENARIO-FORMAT.md` all come from this one table, and a test
//! checks that it lists exactly the keys of [`super::Scenario`]. Defaults are not repeated here:
//! they come from `impl Default` of the scenario types.

/// The type and allowed values of a key.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Kind {
    /// A number in `min..=max`.
    Float {
        /// Lowest allowed value.
        min: f64,
        /// Highest allowed value.
        max: f64,
    },
    /// A whole number in `min..=max`.
    Int {
        /// Lowest allowed value.
        min: i64,
        /// Highest allowed value.
        max: i64,
    },
    /// `true` or `false`.
    Bool,
    /// A string.
    Text,
    /// A list of strings.
    TextList,
    /// A list of whole numbers, each at least 1.
    CountList,
    /// A list of some of a few strings.
    ChoiceList(&'static [&'static str]),
    /// One of a few strings.
    Choice(&'static [&'static str]),
}

impl Kind {
    /// The type as the docs name it.
    pub fn type_name(&self) -> &'static str {
        match self {
            Kind::Float { .. } => "number",
            Kind::Int { .. } => "integer",
            Kind::Bool => "boolean",
            Kind::Text => "string",
            Kind::TextList => "list of strings",
            Kind::CountList => "list of whole numbers",
            Kind::ChoiceList(_) => "list of choices",
            Kind::Choice(_) => "choice",
        }
    }

    /// The allowed values in words, e.g. `0 to 1`.
    pub fn allowed(&self) -> String {
        match self {
            Kind::Float { min, max } => format!("{} to {}", num(*min), num(*max)),
            Kind::Int { min, max } => format!("{min} to {max}"),
            Kind::Bool => "true or false".into(),
            Kind::Text | Kind::TextList => "any text".into(),
            Kind::CountList => "each at least 1".into(),
            Kind::ChoiceList(values) => format!(
                "each one of {}",
                values.iter().map(|v| format!("\"{v}\"")).collect::<Vec<_>>().join(", ")
            ),
            Kind::Choice(values) => {
                values.iter().map(|v| format!("\"{v}\"")).collect::<Vec<_>>().join(" or ")
            }
        }
    }
}

fn num(v: f64) -> String {
    if v == f64::MAX { "any".into() } else { format!("{v}") }
}

/// One key of the scenario format.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Field {
    /// Dotted path; `partner.*` stands for `partner.a` and `partner.b`.
    pub path: &'static str,
    /// Type and allowed values.
    pub kind: Kind,
    /// What it means.
    pub doc: &'static str,
}

const UNIT: Kind = Kind::Float { min: 0.0, max: 1.0 };
const WEIGHT: Kind = Kind::Float { min: 0.0, max: 10.0 };
const SD: Kind = Kind::Float { min: 0.0, max: 1.0 };
const CORRELATION: Kind = Kind::Float { min: -1.0, max: 1.0 };

const fn f(path: &'static str, kind: Kind, doc: &'static str) -> Field {
    Field { path, kind, doc }
}

/// Every key of the scenario format, in the order of a scenario file.
pub static FIELDS: &[Field] = &[
    f("name", Kind::Text, "short name; the default output folder is outputs/<name>/"),
    f("description", Kind::Text, "one or two sentences on what the scenario shows"),
    f("steps", Kind::Int { min: 1, max: 1_000_000 }, "steps per run; one step is about one day"),
    f("replicates", Kind::Int { min: 1, max: 10_000_000 }, "independent runs of the couple"),
    f("seed", Kind::Int { min: 0, max: i64::MAX }, "master seed: same seed, same results"),
    f("teaching.what", Kind::Text, "what the scenario is, to read aloud in class"),
    f("teaching.notice", Kind::TextList, "things to notice"),
    f("teaching.try", Kind::TextList, "things to try"),
    f("partner.*.name", Kind::Text, "the partner's name in summaries, plots and narration"),
    f(
        "partner.*.scale",
        Kind::Choice(&["unit", "ecr"]),
        "scale of anxiety and avoidance: \"unit\" (0 to 1) or \"ecr\" (1 to 7, as ECR/ECR-R scores)",
    ),
    f(
        "partner.*.anxiety",
        UNIT,
        "attachment anxiety: worry about the partner's availability, fear of abandonment (required)",
    ),
    f(
        "partner.*.avoidance",
        UNIT,
        "attachment avoidance: discomfort with closeness and dependence (required)",
    ),
    f("partner.*.initial_trust", UNIT, "trust in the partner's availability at the start"),
    f("partner.*.initial_exhaustion", UNIT, "emotional exhaustion at the start"),
    f("partner.*.initial_resentment", UNIT, "resentment at the start"),
    f(
        "population.scale",
        Kind::Choice(&["unit", "ecr"]),
        "scale of the population's trait values: \"unit\" (0 to 1) or \"ecr\" (1 to 7); default \"unit\"",
    ),
    f(
        "population.anxiety.mean",
        UNIT,
        "anxiety drawn from a normal distribution: its mean (clipped to the scale)",
    ),
    f("population.anxiety.sd", SD, "anxiety drawn from a normal distribution: its standard deviation"),
    f("population.anxiety.min", UNIT, "anxiety drawn from a uniform distribution: its lowest value"),
    f("population.anxiety.max", UNIT, "anxiety drawn from a uniform distribution: its highest value"),
    f(
        "population.avoidance.mean",
        UNIT,
        "avoidance drawn from a normal distribution: its mean (clipped to the scale)",
    ),
    f("population.avoidance.sd", SD, "avoidance drawn from a normal distribution: its standard deviation"),
    f("population.avoidance.min", UNIT, "avoidance drawn from a uniform distribution: its lowest value"),
    f("population.avoidance.max", UNIT, "avoidance drawn from a uniform distribution: its highest value"),
    f("population.within_r", CORRELATION, "correlation of a person's anxiety and avoidance (default 0)"),
    f(
        "population.between_r",
        CORRELATION,
        "correlation of the partners' scores on the same trait (default 0)",
    ),
    f(
        "population.*.scale",
        Kind::Choice(&["unit", "ecr"]),
        "this partner's scale (default: population.scale)",
    ),
    f("population.*.anxiety.mean", UNIT, "this partner's anxiety: normal mean"),
    f("population.*.anxiety.sd", SD, "this partner's anxiety: normal standard deviation"),
    f("population.*.anxiety.min", UNIT, "this partner's anxiety: uniform lowest value"),
    f("population.*.anxiety.max", UNIT, "this partner's anxiety: uniform highest value"),
    f("population.*.avoidance.mean", UNIT, "this partner's avoidance: normal mean"),
    f("population.*.avoidance.sd", SD, "this partner's avoidance: normal standard deviation"),
    f("population.*.avoidance.min", UNIT, "this partner's avoidance: uniform lowest value"),
    f("population.*.avoidance.max", UNIT, "this partner's avoidance: uniform highest value"),
    f("population.*.within_r", CORRELATION, "correlation of this partner's anxiety and avoidance"),
    f("environment.initial_closeness", UNIT, "emotional closeness of the pair at the start"),
    f(
        "environment.issue_rate",
        Kind::Float { min: 0.0, max: 5.0 },
        "mean new unresolved issues per step (Poisson)",
    ),
    f("environment.initial_issues", Kind::Int { min: 0, max: 1000 }, "unresolved issues at the start"),
    f(
        "environment.noise",
        Kind::Float { min: 0.0, max: 0.5 },
        "standard deviation of the random day-to-day change in closeness",
    ),
    f("environment.stressor_rate", UNIT, "chance per step that a random stressor starts (0: none)"),
    f(
        "environment.stressor_magnitude",
        UNIT,
        "mean extra stress of a random stressor (exponentially distributed, capped at 1)",
    ),
    f("environment.stressor_duration", Kind::Int { min: 1, max: 100_000 }, "steps a random stressor lasts"),
    f(
        "environment.context",
        Kind::Choice(&["married", "dating"]),
        "married or dating: the baseline hazard of leaving and the barriers (model version 2 only)",
    ),
    f("model.desire_base", UNIT, "desired closeness with no anxiety and no avoidance"),
    f("model.desire_anxiety", UNIT, "how much anxiety raises desired closeness"),
    f("model.desire_avoidance", UNIT, "how much avoidance lowers desired closeness"),
    f("model.desire_min", UNIT, "lowest desired closeness"),
    f("model.desire_max", UNIT, "highest desired closeness"),
    f("model.stress_per_issue", UNIT, "stress per unresolved issue: stress = min(1, this x issues)"),
    f("model.threat_distance", WEIGHT, "threat per unit of closeness below the desired closeness"),
    f("model.threat_withdrawal", WEIGHT, "threat when the partner withdrew on the last step"),
    f("model.threat_intrusion", WEIGHT, "threat per unit of closeness above the desired closeness"),
    f("model.threat_pursuit", WEIGHT, "threat when the partner pursued on the last step"),
    f("model.hypervigilance", WEIGHT, "activation = threat x (1 + this x anxiety)"),
    f(
        "model.secure_anxiety_discount",
        UNIT,
        "how much anxiety lowers the appraisal that the partner is available",
    ),
    f(
        "model.secure_avoidance_discount",
        UNIT,
        "how much avoidance lowers the appraisal that the partner is available",
    ),
    f(
        "model.strategy_prior",
        Kind::Float { min: 0.001, max: 10.0 },
        "pseudo-count in P(pursue) = (anxiety + prior) / (anxiety + avoidance + 2 prior)",
    ),
    f(
        "model.burnout_viability",
        UNIT,
        "how much exhaustion makes pursuit less viable (burned-out pursuers withdraw)",
    ),
    f("model.closeness_rate", UNIT, "how fast the partners' pushes move closeness"),
    f("model.push_pursue", WEIGHT, "push on closeness of pursuit"),
    f("model.push_withdraw", WEIGHT, "push away of withdrawal (applied as a negative push)"),
    f("model.trust_rate", UNIT, "learning rate of trust toward the responsiveness experienced"),
    f(
        "model.pursued_response",
        UNIT,
        "responsiveness felt from a pursuing partner, before the avoidance discount",
    ),
    f(
        "model.pursued_avoidance",
        UNIT,
        "how much own avoidance lowers the responsiveness felt from a pursuer",
    ),
    f("model.mutual_withdrawal_response", UNIT, "responsiveness felt when both withdrew"),
    f("model.negativity_bias", WEIGHT, "bad news weighs 1 + this x anxiety"),
    f("model.good_news_discount", UNIT, "good news weighs 1 - this x avoidance"),
    f("model.recovery", UNIT, "fraction of exhaustion recovered per step"),
    f("model.cost_secure_pursued", UNIT, "exhaustion cost of reassuring a pursuing partner"),
    f("model.cost_secure_withdrawn", UNIT, "exhaustion cost of a secure bid met by withdrawal"),
    f("model.cost_pursue_pursued", UNIT, "exhaustion cost of mutual protest"),
    f("model.cost_pursue_withdrawn", UNIT, "exhaustion cost of pursuing a withdrawing partner"),
    f(
        "model.cost_withdraw_pursued",
        UNIT,
        "exhaustion cost of withdrawing from a pursuer (feeling overwhelmed)",
    ),
    f("model.cost_withdraw_withdrawn", UNIT, "exhaustion cost of mutual withdrawal"),
    f("model.stress_exhaustion", UNIT, "exhaustion added per unit of stress"),
    f("model.resentment_gain", UNIT, "resentment added when a bid meets withdrawal or one is pursued"),
    f("model.resentment_relief", UNIT, "resentment removed on a mutually secure step"),
    f("model.resolve_probability", UNIT, "probability that a mutually secure step resolves one issue"),
    f("model.dissolution", Kind::Bool, "whether a partner may leave"),
    f("model.dissolution_hazard", UNIT, "scale of the per-step hazard of leaving"),
    f("model.dissolution_exhaustion", UNIT, "exhaustion above which leaving becomes possible"),
    f("model.commitment_base", UNIT, "commitment with no anxiety and no avoidance"),
    f("model.commitment_anxiety", UNIT, "how much anxiety (fear of abandonment) raises commitment"),
    f("model.commitment_avoidance", UNIT, "how much avoidance lowers commitment"),
    f(
        "model.plasticity",
        Kind::Bool,
        "whether anxiety and avoidance drift with experience (earned security)",
    ),
    f(
        "model.plasticity_rate",
        Kind::Float { min: 0.0, max: 0.1 },
        "trait drift per step and unit of (reference - responsiveness)",
    ),
    f("model.plasticity_reference", UNIT, "responsiveness at which the traits do not drift"),
    f("model.engagement_rate", UNIT, "rate of the engagement average (recent share of secure responses)"),
    f("model.communication_secure", UNIT, "communication: raises P(secure | activated) by this x strength"),
    f(
        "model.communication_resolve",
        UNIT,
        "communication: raises the chance of resolving an issue by this x strength",
    ),
    f(
        "model.boundaries_cost",
        UNIT,
        "boundaries: lowers costs caused by the partner's strategy by this x strength",
    ),
    f(
        "model.boundaries_threat",
        UNIT,
        "boundaries: lowers an anxious partner's distance and withdrawal threat by this x strength x anxiety",
    ),
    f("model.self_care_recovery", WEIGHT, "self-care: raises recovery by this x strength (1 doubles it)"),
    f("model.coping_activation", UNIT, "coping: lowers the chance of activation by this x strength"),
    f("model.vulnerability_trust", UNIT, "vulnerability: trust gain on mutually secure steps, x strength"),
    f(
        "model.compromise_rate",
        UNIT,
        "compromise: fraction of the way to the couple's mean desired closeness, x strength",
    ),
    f(
        "model.therapy_secure",
        UNIT,
        "therapy: raises P(secure | activated) of the stage's target, x strength x alliance",
    ),
    f(
        "model.therapy_coping",
        UNIT,
        "therapy: lowers activation of the stage's target, x strength x alliance",
    ),
    f(
        "model.therapy_resentment_relief",
        Kind::Float { min: 0.0, max: 0.1 },
        "therapy: resentment eased per step, x strength x alliance",
    ),
    f(
        "model.therapy_plasticity_rate",
        Kind::Float { min: 0.0, max: 0.1 },
        "therapy: extra trait drift rate from the start of therapy on (toward security when responded to, away when not)",
    ),
    f(
        "model.therapy_mismatch",
        UNIT,
        "therapy: how much a mismatched therapist distance weakens the alliance",
    ),
    f(
        "model.version",
        Kind::Int { min: 1, max: 2 },
        "which model runs: 1 (docs/MODEL.md) or 2, the preview of model version 2 (docs/MODEL-V2.md)",
    ),
    f("model.v2.stress_max", UNIT, "v2: highest stress from issues"),
    f(
        "model.v2.stress_scale",
        Kind::Float { min: 0.1, max: 100.0 },
        "v2: issues at which stress reaches 63% of its highest",
    ),
    f("model.v2.activation_base", UNIT, "v2: daily activation with no threat"),
    f("model.v2.stress_activation", UNIT, "v2: activation per unit of stress (x (1 + anxiety))"),
    f("model.v2.threat_distance", WEIGHT, "v2: threat of distance below the desired closeness (x anxiety)"),
    f("model.v2.threat_withdrawal", WEIGHT, "v2: threat of the partner's withdrawal yesterday (x anxiety)"),
    f("model.v2.threat_intrusion", WEIGHT, "v2: threat of closeness above the desired (x avoidance)"),
    f("model.v2.threat_pursuit", WEIGHT, "v2: threat of the partner's pursuit yesterday (x avoidance)"),
    f(
        "model.v2.threat_criticism",
        WEIGHT,
        "v2: criticism: the partner's pursuit yesterday activates an anxious, non-avoidant partner (x anxiety x (1 - avoidance))",
    ),
    f(
        "model.v2.episode",
        UNIT,
        "v2: chance per unit of stress that an issue episode activates both partners",
    ),
    f(
        "model.v2.demand_lean",
        UNIT,
        "v2: how much the partner who wants the change in an episode leans to pursue (0: not at all, 1: always)",
    ),
    f("model.v2.flooding_decay", UNIT, "v2: flooding kept from yesterday"),
    f("model.v2.flooding_gain", WEIGHT, "v2: flooding added by being pursued (x avoidance)"),
    f("model.v2.burnout_at", UNIT, "v2: hopelessness at the middle of the burnout curve"),
    f("model.v2.burnout_width", Kind::Float { min: 0.001, max: 1.0 }, "v2: width of the burnout curve"),
    f(
        "model.v2.react_pursued_avoidance",
        UNIT,
        "v2: same day: chance that being pursued activates a calm partner, per unit of avoidance",
    ),
    f("model.v2.react_pursued_anxiety", UNIT, "v2: same day: the same, per unit of anxiety"),
    f(
        "model.v2.react_withdrawn_anxiety",
        UNIT,
        "v2: same day: chance that the partner's withdrawal activates a calm partner, per unit of anxiety",
    ),
    f("model.v2.closeness_rate", UNIT, "v2: closeness moved per unit of push"),
    f("model.v2.push_pursue", WEIGHT, "v2: push of pursuit"),
    f("model.v2.push_withdraw", WEIGHT, "v2: push of withdrawal (applied negatively)"),
    f("model.v2.trust_rate", UNIT, "v2: trust learning rate on activated days"),
    f("model.v2.calm_trust", UNIT, "v2: trust regained on a calm day (x (1 - T))"),
    f("model.v2.pursued_response", UNIT, "v2: responsiveness felt from a pursuing partner"),
    f("model.v2.pursued_avoidance", UNIT, "v2: how much own avoidance lowers it"),
    f("model.v2.pursued_anxiety", UNIT, "v2: how much own anxiety lowers it"),
    f("model.v2.mutual_withdrawal_response", UNIT, "v2: responsiveness felt when both withdrew"),
    f("model.v2.negativity_bias", WEIGHT, "v2: bad news weighs 1 + this x anxiety"),
    f("model.v2.good_news_discount", UNIT, "v2: good news weighs 1 - this x avoidance"),
    f("model.v2.hopelessness_gain", UNIT, "v2: hopelessness gained when one's pursuit meets withdrawal"),
    f("model.v2.hopelessness_pursued", UNIT, "v2: hopelessness gained by being pursued (x avoidance)"),
    f("model.v2.hopelessness_recovery", UNIT, "v2: hopelessness lost per day"),
    f("model.v2.hopelessness_repair", UNIT, "v2: hopelessness lost on a day both were activated and secure"),
    f("model.v2.contempt_gain", UNIT, "v2: contempt gained per unit of hurt"),
    f("model.v2.contempt_decay", UNIT, "v2: contempt lost per day"),
    f("model.v2.contempt_repair", UNIT, "v2: contempt lost on a day both were activated and secure"),
    f(
        "model.v2.satisfaction_days",
        Kind::Float { min: 1.0, max: 10000.0 },
        "v2: days of the satisfaction average",
    ),
    f("model.v2.issue_rate", Kind::Float { min: 0.0, max: 5.0 }, "v2: new issues per day"),
    f(
        "model.v2.perpetual_share",
        UNIT,
        "v2: share of new issues that are perpetual (gridlocked until accepted)",
    ),
    f(
        "model.v2.resolve_base",
        UNIT,
        "v2: chance per day that an open issue is resolved or fades with no capacity (time heals)",
    ),
    f("model.v2.resolve_rate", UNIT, "v2: chance per day that an open issue is resolved, x capacity"),
    f(
        "model.v2.accept_base",
        UNIT,
        "v2: chance per day that a gridlocked issue becomes accepted, with no capacity",
    ),
    f("model.v2.accept_rate", UNIT, "v2: the same, per unit of capacity"),
    f(
        "model.v2.married_alternatives",
        WEIGHT,
        "v2: married: baseline (alternatives) hazard of leaving per year",
    ),
    f("model.v2.married_dissatisfaction", WEIGHT, "v2: married: dissatisfaction hazard of leaving per year"),
    f("model.v2.dating_alternatives", WEIGHT, "v2: dating: baseline (alternatives) hazard per year"),
    f("model.v2.dating_dissatisfaction", WEIGHT, "v2: dating: dissatisfaction hazard per year"),
    f(
        "model.v2.alternatives_commitment",
        WEIGHT,
        "v2: how attachment shifts the alternatives hazard: `x max(0, 1 + this (avoidance - anxiety (1 - b)))`: avoidant partners are less committed and more attentive to alternatives, anxious ones hold on until burnout (Rusbult's investment model; Le et al. 2010)",
    ),
    f(
        "model.v2.leave_dissatisfaction",
        WEIGHT,
        "v2: leaving: weight of dissatisfaction `(1 - Sat)` in the push to leave `U`",
    ),
    f("model.v2.leave_contempt", WEIGHT, "v2: leaving: weight of contempt in `U`"),
    f(
        "model.v2.leave_burnout",
        WEIGHT,
        "v2: leaving: weight of burnout in `U` (hopelessness raises the hazard of the one who has it)",
    ),
    f("model.v2.leave_avoidance", WEIGHT, "v2: leaving: weight of avoidance in `U`"),
    f(
        "model.v2.leave_anxiety",
        WEIGHT,
        "v2: leaving: how much anxiety holds a partner back, until burnout (`- this x anxiety (1 - b)`)",
    ),
    f(
        "model.v2.burnout_hazard",
        WEIGHT,
        "v2: leaving: hopelessness multiplies the dissatisfaction hazard by `1 + this x burnout` (the burned-out pursuer is often the one who leaves)",
    ),
    f(
        "model.v2.leave_threshold",
        WEIGHT,
        "v2: leaving: `U` at which the dissatisfaction hazard is half its highest",
    ),
    f(
        "model.v2.leave_width",
        Kind::Float { min: 0.001, max: 10.0 },
        "v2: leaving: width of the sigmoid of `U`",
    ),
    f(
        "model.v2.engagement_rate",
        UNIT,
        "v2: rate of the engagement average (recent share of secure responses when activated)",
    ),
    f(
        "model.v2.issue_rate_cv",
        WEIGHT,
        "v2: couples differ in how many issues life brings them: each couple's issue rate is `issue_rate` times a Gamma draw with mean 1 and this coefficient of variation (0: all alike)",
    ),
    f(
        "model.v2.therapy_security",
        Kind::Float { min: 0.0, max: 0.1 },
        "v2: therapy: the daily pull of each partner's anxiety and avoidance toward security while a stage is on, x strength x alliance",
    ),
    f(
        "model.v2.therapy_trust",
        UNIT,
        "v2: therapy: trust regained while a stage is on, on a day one's bid is met securely, x strength x alliance",
    ),
    f(
        "model.v2.therapy_mismatch",
        UNIT,
        "v2: therapy: how much a mismatched therapist distance weakens the alliance (x avoidance for a close therapist, x anxiety for a distant one)",
    ),
    f(
        "model.v2.therapy_boost",
        UNIT,
        "v2: therapy: the share of version 1's in-session secure and coping boosts that therapy gives (they end with therapy)",
    ),
    f(
        "model.v2.drift_rate",
        Kind::Float { min: 0.0, max: 0.1 },
        "v2: trait drift per activated day, per unit of (reference - responsiveness) (earned security)",
    ),
    f("model.v2.drift_reference", UNIT, "v2: responsiveness at which the traits do not drift"),
    f(
        "outcome.window",
        Kind::Int { min: 1, max: 1_000_000 },
        "length in steps of the first and last windows",
    ),
    f(
        "outcome.settled_max_pursue_withdraw",
        UNIT,
        "settled: highest pursue-withdraw share in the last window",
    ),
    f("outcome.settled_min_trust", UNIT, "settled: lowest final trust of both partners"),
    f(
        "outcome.disengaged_min_mutual_withdrawal",
        UNIT,
        "disengaged: lowest mutual-withdrawal share in the last window",
    ),
    f("outcome.damage_trust", UNIT, "escalated: trust at or below this ..."),
    f("outcome.damage_exhaustion", UNIT, "... while exhaustion is at or above this stops the run"),
    f(
        "outcome.horizon_window",
        Kind::Int { min: 1, max: 1_000_000 },
        "model version 2: days at the end of a run from which its label is read",
    ),
    f(
        "outcome.settled_max_insecure_days",
        UNIT,
        "model version 2, settled: highest share of days with an insecure response",
    ),
    f("outcome.disengaged_max_closeness", UNIT, "model version 2, disengaged: highest mean closeness"),
    f(
        "outcome.disengaged_min_withdrawal",
        UNIT,
        "model version 2, disengaged: lowest share of insecure responses that are withdrawals",
    ),
    f(
        "outcome.escalating_min_change",
        UNIT,
        "model version 2, escalated: a fall in trust or rise in contempt larger than this between the window's halves",
    ),
    f(
        "outcome.escalating_min_insecure_rise",
        UNIT,
        "model version 2, escalated: a rise in the share of insecure days larger than this",
    ),
    f(
        "outcome.reliable_change",
        UNIT,
        "reliable change: a change in the couple's mean trust (before the first intervention, or the start, to the end) at least this large counts as improved or deteriorated",
    ),
    f(
        "intervention.*.kind",
        Kind::Choice(&[
            "communication",
            "boundaries",
            "self_care",
            "coping",
            "vulnerability",
            "compromise",
            "therapy",
        ]),
        "what the intervention is (required)",
    ),
    f(
        "intervention.*.start",
        Kind::Int { min: 1, max: 1_000_000 },
        "first step of the intervention (default 1)",
    ),
    f(
        "intervention.*.end",
        Kind::Int { min: 1, max: 1_000_000 },
        "last step, inclusive (default: the last step of the run); or give duration",
    ),
    f("intervention.*.duration", Kind::Int { min: 1, max: 1_000_000 }, "number of steps (instead of end)"),
    f("intervention.*.who", Kind::Choice(&["a", "b", "both"]), "whom it is for (default both)"),
    f("intervention.*.strength", UNIT, "how strong it is (default 1)"),
    f(
        "intervention.*.stages",
        Kind::ChoiceList(&[
            "de-escalation",
            "withdrawer-re-engagement",
            "pursuer-softening",
            "consolidation",
        ]),
        "therapy: the stages in order (default de-escalation, withdrawer-re-engagement, pursuer-softening)",
    ),
    f("intervention.*.stage_lengths", Kind::CountList, "therapy: steps of each stage (default 40 each)"),
    f(
        "intervention.*.distance",
        Kind::Choice(&["adaptive", "close", "distant"]),
        "therapy: the therapist's distance (default adaptive)",
    ),
    f(
        "event.*.kind",
        Kind::Choice(&["stress", "issues"]),
        "a period of extra stress, or a burst of issues (required)",
    ),
    f("event.*.start", Kind::Int { min: 1, max: 1_000_000 }, "the step it begins (required)"),
    f("event.*.end", Kind::Int { min: 1, max: 1_000_000 }, "stress: last step, inclusive (or give duration)"),
    f("event.*.duration", Kind::Int { min: 1, max: 1_000_000 }, "stress: number of steps (default 30)"),
    f("event.*.magnitude", UNIT, "stress: stress added while it lasts (default 0.5)"),
    f(
        "event.*.count",
        Kind::Int { min: 1, max: 1000 },
        "issues: unresolved issues added at start (default 5)",
    ),
];

/// The key at a dotted path (`partner.a.anxiety` matches `partner.*.anxiety`).
pub fn find(path: &str) -> Option<&'static Field> {
    FIELDS.iter().find(|field| matches(field.path, path))
}

fn matches(pattern: &str, path: &str) -> bool {
    let partners = pattern.starts_with("partner.") || pattern.starts_with("population.*");
    let (mut p, mut q) = (pattern.split('.'), path.split('.'));
    loop {
        match (p.next(), q.next()) {
            (None, None) => return true,
            (Some("*"), Some(seg)) if partners && (seg == "a" || seg == "b") => {}
            (Some("*"), Some(seg))
                if !partners && !seg.is_empty() && seg.bytes().all(|b| b.is_ascii_digit()) => {}
            (Some(a), Some(b)) if a == b => {}
            _ => return false,
        }
    }
}

/// The keys allowed directly under a table path (for suggestions), e.g. `partner.a`.
pub fn keys_under(table: &str) -> Vec<&'static str> {
    let prefix_len = if table.is_empty() { 0 } else { table.split('.').count() };
    let mut keys: Vec<&'static str> = FIELDS
        .iter()
        .filter(|field| {
            let segs: Vec<&str> = field.path.split('.').collect();
            segs.len() > prefix_len && (table.is_empty() || matches(&segs[..prefix_len].join("."), table))
        })
        .flat_map(|field| match field.path.split('.').nth(prefix_len).unwrap_or("") {
            "*" => vec!["a", "b"],
            key => vec![key],
        })
        .collect();
    let mut seen = std::collections::HashSet::new();
    keys.retain(|k| seen.insert(*k));
    keys
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partner_paths_match_both_partners() {
        assert_eq!(find("partner.a.anxiety").unwrap().path, "partner.*.anxiety");
        assert_eq!(find("partner.b.anxiety").unwrap().path, "partner.*.anxiety");
        assert!(find("partner.c.anxiety").is_none());
        assert!(find("model.nope").is_none());
    }

    #[test]
    fn every_model_constant_has_a_schema_entry() {
        let model = toml::Table::try_from(crate::model::ModelParams::default()).unwrap();
        for (key, value) in &model {
            match value {
                toml::Value::Table(inner) => {
                    for k in inner.keys() {
                        assert!(find(&format!("model.{key}.{k}")).is_some(), "model.{key}.{k}");
                    }
                }
                _ => assert!(find(&format!("model.{key}")).is_some(), "model.{key}"),
            }
        }
        let outcome = toml::Table::try_from(crate::metrics::OutcomeParams::default()).unwrap();
        for key in outcome.keys() {
            assert!(find(&format!("outcome.{key}")).is_some(), "outcome.{key}");
        }
    }

    #[test]
    fn keys_under_tables() {
        assert!(keys_under("partner.a").contains(&"anxiety"));
        assert!(keys_under("").contains(&"model"));
        assert!(keys_under("environment").contains(&"issue_rate"));
    }
}
