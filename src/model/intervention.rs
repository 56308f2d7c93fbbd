//! Interventions and life events on a scenario's timeline, and how they change a step.
//!
//! Each active intervention gives its target partners **modifiers** (all 0 when nothing is
//! scheduled, and then the step is exactly the plain model). A modifier `m` in 0..1 acts as:
//!
//! | modifier | effect on partner `i` |
//! |---|---|
//! | `secure` | `P(secure | active) -> p + (1 - p) m` |
//! | `coping` | `P(active) -> P(active) (1 - m)` |
//! | `threat_relief` | the distance and withdrawal terms of the threat are multiplied by `1 - m` |
//! | `detachment` | exhaustion cost and resentment gain caused by the partner's strategy `x (1 - m)` |
//! | `recovery` | recovery rate `x (1 + m)` (additive across interventions) |
//! | `trust_bonus` | on a mutually secure step `T += m (1 - T)` |
//! | `compromise` | desired closeness moves toward the couple's mean by the fraction `m` |
//! | `resolve` | `P(resolve) -> p + (1 - p) m` (the larger of the two partners') |
//! | `resentment_relief` | `R -= m` each step (additive) |
//! | `plasticity` | extra trait drift rate, two-way as in plasticity (additive; see `docs/MODEL-V1.md`) |
//!
//! This table is model version 1's; model version 2 uses the same modifiers with its own
//! equations (`docs/MODEL.md`, submodel 16).
//!
//! Overlapping interventions combine like independent chances: `m = 1 - (1 - m1)(1 - m2)`, so a
//! modifier never exceeds 1; `recovery`, `resentment_relief` and `plasticity` add up.
//!
//! How each kind sets the modifiers, with strength `s` (constants in `[model]`):
//!
//! - `communication`: `secure = communication_secure s`, `resolve = communication_resolve s`;
//! - `boundaries`: `detachment = boundaries_cost s`, `threat_relief = boundaries_threat s anxiety`;
//! - `self_care`: `recovery = self_care_recovery s`;
//! - `coping`: `coping = coping_activation s`;
//! - `vulnerability`: `trust_bonus = vulnerability_trust s` for both partners;
//! - `compromise`: `compromise = compromise_rate s`;
//! - `therapy` (emotionally focused, in stages; alliance `a_i` from the therapist's distance):
//!   de-escalation gives both `coping = therapy_coping s a_i`, `secure = therapy_secure s a_i / 4`;
//!   withdrawer re-engagement gives the withdrawer `secure = therapy_secure s a_w`,
//!   `coping = therapy_coping s a_w / 2`; pursuer softening gives the pursuer
//!   `secure = therapy_secure s a_p e_w` and `coping = therapy_coping s a_p e_w`, where `e_w` is
//!   the withdrawer's engagement (the recent share of secure responses when activated), so softening takes
//!   hold only with an engaged partner (Johnson 2004). Every stage eases resentment
//!   (`resentment_relief = therapy_resentment_relief s a_i`), and from the start of therapy to
//!   the end of the run both partners' traits drift toward security
//!   (`plasticity = therapy_plasticity_rate s a_i`, earned security).
//!   Alliance: adaptive distance `a = 1`; a close therapist `a_i = 1 - therapy_mismatch
//!   avoidance_i` (intrusive to the avoidant); a distant one `a_i = 1 - therapy_mismatch
//!   anxiety_i` (unavailable to the anxious).

use super::{DyadState, ModelParams};
use serde::{Deserialize, Serialize};

/// The kinds of intervention.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// Open communication, active listening, a safe space.
    Communication,
    /// Healthy detachment ("detaching with love").
    Boundaries,
    /// Faster recovery from exhaustion.
    #[serde(alias = "self-care")]
    SelfCare,
    /// Identifying triggers, mindfulness.
    Coping,
    /// Small acts of vulnerability.
    Vulnerability,
    /// Meeting halfway on closeness.
    Compromise,
    /// Couples therapy in the emotionally focused style.
    Therapy,
}

impl Kind {
    /// The name used in files.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Communication => "communication",
            Kind::Boundaries => "boundaries",
            Kind::SelfCare => "self_care",
            Kind::Coping => "coping",
            Kind::Vulnerability => "vulnerability",
            Kind::Compromise => "compromise",
            Kind::Therapy => "therapy",
        }
    }
}

/// Whom an intervention is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Target {
    /// Partner A.
    A,
    /// Partner B.
    B,
    /// Both partners.
    #[default]
    Both,
}

impl Target {
    /// Whether partner `i` (0 = A) is targeted.
    pub fn includes(self, i: usize) -> bool {
        matches!((self, i), (Target::Both, _) | (Target::A, 0) | (Target::B, 1))
    }

    /// The name used in files.
    pub fn name(self) -> &'static str {
        match self {
            Target::A => "a",
            Target::B => "b",
            Target::Both => "both",
        }
    }
}

/// A stage of emotionally focused couples therapy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Stage {
    /// Cycle de-escalation: the couple sees the cycle as the common enemy.
    DeEscalation,
    /// Withdrawer re-engagement.
    WithdrawerReEngagement,
    /// Pursuer softening.
    PursuerSoftening,
    /// Consolidation: new solutions to old problems, the new cycle practised (Johnson 2004).
    Consolidation,
}

impl Stage {
    /// The name used in files.
    pub fn name(self) -> &'static str {
        match self {
            Stage::DeEscalation => "de-escalation",
            Stage::WithdrawerReEngagement => "withdrawer-re-engagement",
            Stage::PursuerSoftening => "pursuer-softening",
            Stage::Consolidation => "consolidation",
        }
    }
}

/// The therapist's distance (Therapeutic Distance Scale).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Distance {
    /// Adjusted to each client.
    #[default]
    Adaptive,
    /// Close: felt as intrusive by avoidant clients.
    Close,
    /// Distant: felt as unavailable by anxious clients.
    Distant,
}

/// One scheduled intervention (validated).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Intervention {
    /// What it is.
    pub kind: Kind,
    /// First step (1-based).
    pub start: u32,
    /// Last step, inclusive.
    pub end: u32,
    /// Whom it is for.
    pub who: Target,
    /// Strength, 0..1.
    pub strength: f64,
    /// Therapy: the stages in order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub stages: Vec<Stage>,
    /// Therapy: the length of each stage in steps.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub stage_lengths: Vec<u32>,
    /// Therapy: the therapist's distance.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub distance: Option<Distance>,
}

impl Intervention {
    /// Whether it is active at step `t`.
    pub fn active(&self, t: u32) -> bool {
        self.start <= t && t <= self.end
    }

    /// The therapy stage at step `t`, if any.
    pub fn stage_at(&self, t: u32) -> Option<Stage> {
        if !self.active(t) {
            return None;
        }
        let mut first = self.start;
        for (stage, len) in self.stages.iter().zip(&self.stage_lengths) {
            if t < first + len {
                return Some(*stage);
            }
            first += len;
        }
        None
    }
}

/// The kinds of life event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    /// Extra stress for a period (a job loss, an illness, a move).
    Stress,
    /// A burst of new unresolved issues at one step.
    Issues,
}

/// One scheduled life event (validated).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Event {
    /// What it is.
    pub kind: EventKind,
    /// First step (1-based).
    pub start: u32,
    /// Last step, inclusive (equal to `start` for an issue burst).
    pub end: u32,
    /// Stress added while active (stress events).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub magnitude: Option<f64>,
    /// Issues added at `start` (issue bursts).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub count: Option<u32>,
}

/// The modifiers of one partner on one step (see the module docs).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Modifiers {
    /// Raises `P(secure | active)`.
    pub secure: f64,
    /// Lowers `P(active)`.
    pub coping: f64,
    /// Lowers the distance and withdrawal threat.
    pub threat_relief: f64,
    /// Lowers the costs caused by the partner's strategy.
    pub detachment: f64,
    /// Raises recovery (additive).
    pub recovery: f64,
    /// Trust gain on mutually secure steps.
    pub trust_bonus: f64,
    /// Moves desired closeness toward the couple's mean.
    pub compromise: f64,
    /// Raises the chance of resolving an issue.
    pub resolve: f64,
    /// Resentment eased per step (additive).
    pub resentment_relief: f64,
    /// Extra trait drift rate (additive), toward security under responsiveness.
    pub plasticity: f64,
    /// Model version 2: the daily pull of anxiety and avoidance toward security during therapy
    /// (`trait -= security x trait`; additive).
    pub security: f64,
}

fn either(a: f64, b: f64) -> f64 {
    1.0 - (1.0 - a) * (1.0 - b)
}

impl Modifiers {
    /// No change.
    pub const NONE: Modifiers = Modifiers {
        secure: 0.0,
        coping: 0.0,
        threat_relief: 0.0,
        detachment: 0.0,
        recovery: 0.0,
        trust_bonus: 0.0,
        compromise: 0.0,
        resolve: 0.0,
        resentment_relief: 0.0,
        plasticity: 0.0,
        security: 0.0,
    };

    /// Therapy's modifiers for a couple with whom it takes `g` times as well as on average;
    /// the chances stay chances (at most 1).
    fn scale_therapy(&mut self, g: f64) {
        for chance in [&mut self.secure, &mut self.coping, &mut self.trust_bonus, &mut self.resolve] {
            *chance = (*chance * g).min(1.0);
        }
        self.resentment_relief *= g;
        self.plasticity *= g;
        self.security = (self.security * g).min(1.0);
    }

    /// Combines two sets of modifiers (overlapping interventions).
    pub fn combine(self, o: Modifiers) -> Modifiers {
        Modifiers {
            secure: either(self.secure, o.secure),
            coping: either(self.coping, o.coping),
            threat_relief: either(self.threat_relief, o.threat_relief),
            detachment: either(self.detachment, o.detachment),
            recovery: self.recovery + o.recovery,
            trust_bonus: either(self.trust_bonus, o.trust_bonus),
            compromise: either(self.compromise, o.compromise),
            resolve: either(self.resolve, o.resolve),
            resentment_relief: self.resentment_relief + o.resentment_relief,
            plasticity: self.plasticity + o.plasticity,
            security: self.security + o.security,
        }
    }
}

/// Everything the timeline changes on one step.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct StepContext {
    /// Modifiers of A and B.
    pub partners: [Modifiers; 2],
    /// Stress added by life events.
    pub stress: f64,
    /// Issues added by life events.
    pub issues: u32,
}

impl StepContext {
    /// A step with nothing scheduled.
    pub const QUIET: StepContext = StepContext { partners: [Modifiers::NONE; 2], stress: 0.0, issues: 0 };
}

/// The alliance of partner `i` with a therapist at `distance`.
pub fn alliance(p: &ModelParams, distance: Distance, anxiety: f64, avoidance: f64) -> f64 {
    let mismatch = if p.version >= 2 { p.v2.therapy_mismatch } else { p.therapy_mismatch };
    match distance {
        Distance::Adaptive => 1.0,
        Distance::Close => (1.0 - mismatch * avoidance).max(0.0),
        Distance::Distant => (1.0 - mismatch * anxiety).max(0.0),
    }
}

/// The partner who pursues in the couple's cycle: the one whose anxiety most exceeds their
/// avoidance (A on a tie).
pub fn pursuer(state: &DyadState) -> usize {
    let lean = |i: usize| state.partners[i].anxiety - state.partners[i].avoidance;
    usize::from(lean(1) > lean(0))
}

/// The modifiers an intervention gives at step `t`, for a couple in `state` whose pursuer is
/// `pursuer`.
pub fn modifiers_of(
    p: &ModelParams,
    iv: &Intervention,
    t: u32,
    state: &DyadState,
    pursuer: usize,
) -> [Modifiers; 2] {
    let mut out = [Modifiers::NONE; 2];
    let s = iv.strength;
    if iv.kind == Kind::Therapy {
        if t < iv.start {
            return out;
        }
        let distance = iv.distance.unwrap_or_default();
        let withdrawer = 1 - pursuer;
        let stage = iv.stage_at(t);
        for (i, m) in out.iter_mut().enumerate() {
            let q = &state.partners[i];
            let a = alliance(p, distance, q.anxiety, q.avoidance);
            m.plasticity = p.therapy_plasticity_rate * s * a;
            let Some(stage) = stage else { continue };
            m.resentment_relief = p.therapy_resentment_relief * s * a;
            if p.version >= 2 {
                m.security = p.v2.therapy_security * s * a;
                m.trust_bonus = p.v2.therapy_trust * s * a;
            }
            match stage {
                Stage::DeEscalation => {
                    m.coping = p.therapy_coping * s * a;
                    m.secure = 0.25 * p.therapy_secure * s * a;
                }
                Stage::WithdrawerReEngagement if i == withdrawer => {
                    m.secure = p.therapy_secure * s * a;
                    m.coping = 0.5 * p.therapy_coping * s * a;
                }
                Stage::PursuerSoftening if i == pursuer => {
                    let engaged = state.partners[withdrawer].engagement;
                    m.secure = p.therapy_secure * s * a * engaged;
                    m.coping = p.therapy_coping * s * a * engaged;
                }
                Stage::Consolidation => {
                    m.secure = 0.5 * p.therapy_secure * s * a;
                    m.coping = 0.5 * p.therapy_coping * s * a;
                    m.resolve = p.communication_resolve * s * a;
                }
                _ => {}
            }
            if p.version >= 2 {
                // Version 2 leans on lasting change (security, trust) more than on in-session
                // boosts, which end with therapy.
                m.secure *= p.v2.therapy_boost;
                m.coping *= p.v2.therapy_boost;
            }
        }
        return out;
    }
    if !iv.active(t) {
        return out;
    }
    for (i, m) in out.iter_mut().enumerate() {
        if iv.kind == Kind::Vulnerability {
            // Shown vulnerability deepens both partners' trust on mutually secure steps.
            m.trust_bonus = p.vulnerability_trust * s;
            continue;
        }
        if !iv.who.includes(i) {
            continue;
        }
        match iv.kind {
            Kind::Communication => {
                m.secure = p.communication_secure * s;
                m.resolve = p.communication_resolve * s;
            }
            Kind::Boundaries => {
                m.detachment = p.boundaries_cost * s;
                m.threat_relief = p.boundaries_threat * s * state.partners[i].anxiety;
            }
            Kind::SelfCare => m.recovery = p.self_care_recovery * s,
            Kind::Coping => m.coping = p.coping_activation * s,
            Kind::Compromise => m.compromise = p.compromise_rate * s,
            Kind::Vulnerability | Kind::Therapy => {}
        }
    }
    out
}

/// The timeline of one run: scheduled interventions and events, and random stressors drawn as
/// the run goes (only when `stressor_rate > 0`, so quiet scenarios draw no extra numbers).
#[derive(Debug, Clone)]
pub struct Timeline<'a> {
    params: &'a ModelParams,
    interventions: &'a [Intervention],
    events: &'a [Event],
    stressors: Option<RandomStressors>,
    active: Vec<(u32, f64)>,
    pursuer: usize,
    /// How well therapy takes with this couple (model version 2), 1 on average.
    response: f64,
}

/// The random stressor process of `[environment]`.
#[derive(Debug, Clone, Copy)]
pub struct RandomStressors {
    /// Chance per step that a stressor starts.
    pub rate: f64,
    /// Mean magnitude (exponential), capped at 1.
    pub magnitude: f64,
    /// Steps a stressor lasts.
    pub duration: u32,
}

impl<'a> Timeline<'a> {
    /// The timeline of a couple that starts in `initial`.
    pub fn new(
        params: &'a ModelParams,
        interventions: &'a [Intervention],
        events: &'a [Event],
        stressors: Option<RandomStressors>,
        initial: &DyadState,
    ) -> Self {
        let stressors = stressors.filter(|s| s.rate > 0.0);
        Timeline {
            params,
            interventions,
            events,
            stressors,
            active: Vec::new(),
            pursuer: pursuer(initial),
            response: 1.0,
        }
    }

    /// Draws how well therapy takes with this couple (model version 2,
    /// `therapy_response_cv`), only when therapy is scheduled and couples differ, so other runs
    /// draw no extra number. Call it once, before the first step.
    pub fn draw_therapy_response<R: rand::Rng + ?Sized>(&mut self, rng: &mut R) {
        use rand::RngExt;
        use rand_distr::Distribution;
        let v2 = &self.params.v2;
        let therapy = self.interventions.iter().any(|iv| iv.kind == Kind::Therapy);
        if self.params.version < 2 || !therapy {
            return;
        }
        if v2.therapy_nonresponse > 0.0 && rng.random::<f64>() < v2.therapy_nonresponse {
            self.response = 0.0;
            return;
        }
        let cv = v2.therapy_response_cv;
        if cv > 0.0 {
            let shape = 1.0 / (cv * cv);
            if let Ok(g) = rand_distr::Gamma::new(shape, 1.0 / shape) {
                self.response = g.sample(rng);
            }
        }
    }

    /// Whether nothing is scheduled: the plain model runs.
    pub fn is_quiet(&self) -> bool {
        self.interventions.is_empty() && self.events.is_empty() && self.stressors.is_none()
    }

    /// What the timeline changes at step `t` for a couple in `state`.
    pub fn context<R: rand::Rng + ?Sized>(&mut self, t: u32, state: &DyadState, rng: &mut R) -> StepContext {
        use rand::RngExt;
        use rand_distr::Distribution;
        let mut ctx = StepContext::QUIET;
        for iv in self.interventions {
            let mut m = modifiers_of(self.params, iv, t, state, self.pursuer);
            if iv.kind == Kind::Therapy && self.response != 1.0 {
                for m in &mut m {
                    m.scale_therapy(self.response);
                }
            }
            ctx.partners = [ctx.partners[0].combine(m[0]), ctx.partners[1].combine(m[1])];
        }
        for e in self.events.iter().filter(|e| e.start <= t && t <= e.end) {
            match e.kind {
                EventKind::Stress => ctx.stress += e.magnitude.unwrap_or(0.0),
                EventKind::Issues if e.start == t => ctx.issues += e.count.unwrap_or(0),
                EventKind::Issues => {}
            }
        }
        if let Some(s) = self.stressors {
            self.active.retain(|&(end, _)| end >= t);
            if rng.random::<f64>() < s.rate {
                let magnitude = match rand_distr::Exp::new(1.0 / s.magnitude.max(1e-9)) {
                    Ok(exp) => exp.sample(rng).min(1.0),
                    Err(_) => 0.0,
                };
                self.active.push((t + s.duration.max(1) - 1, magnitude));
            }
            ctx.stress += self.active.iter().map(|&(_, m)| m).sum::<f64>();
        }
        ctx
    }
}

#[cfg(test)]
#[path = "intervention_tests.rs"]
mod tests;
