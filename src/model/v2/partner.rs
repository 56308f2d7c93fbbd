//! One partner of model version 2: the state, and what follows from the traits alone
//! (desired closeness, the working model, the lean to pursue, burnout).

use super::V2Params;
use crate::model::Strategy;

/// The logistic function; exactly 0 far below its midpoint (below `e^-36`, under one part in
/// 10^15), which spares the exponential on the many days a couple is far from burnout or from
/// leaving.
#[inline]
pub(super) fn sigmoid(z: f64) -> f64 {
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
    /// The state part of anxiety and avoidance (trait fluctuation), included in them.
    pub fluctuation: [f64; 2],
    /// The stable part of anxiety and avoidance (trait fluctuation): each trait is this plus
    /// its state part, within 0..1.
    pub core: [f64; 2],
    /// What the partner's sentiment follows: the recent valence of one's responses when
    /// activated (secure 1, pursuit `sentiment_pursuit`, withdrawal 0).
    pub regard: f64,
    /// Sentiment about the partner: a slow average of the partner's engagement, 0..1.
    pub sentiment: f64,
    pub(super) desired: f64,
    pub(super) working_model: f64,
    pub(super) lean: f64,
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
            sentiment: 0.5,
            regard: 0.5,
            fluctuation: [0.0; 2],
            core: [anxiety, avoidance],
            desired: 0.0,
            working_model: 0.0,
            lean: 0.0,
        };
        p.derive();
        p
    }

    /// Recomputes what follows from the traits, after they moved.
    pub(super) fn derive(&mut self) {
        let (a, v) = (self.anxiety, self.avoidance);
        self.desired = desired_closeness(a, v);
        self.working_model = (1.0 - 0.35 * a) * (1.0 - 0.35 * v);
        self.lean = lean_to_pursue(a, v);
    }

    /// Desired closeness.
    pub fn desired(&self) -> f64 {
        self.desired
    }

    /// Burnout: how far hopelessness has turned pursuit into withdrawal, 0..1.
    pub fn burnout(&self, p: &V2Params) -> f64 {
        burnout(p, self.hopelessness)
    }
}

/// Desired closeness of a partner with these traits: `clamp(0.7 + 0.25 a - 0.5 v, 0.05, 0.98)`.
pub fn desired_closeness(anxiety: f64, avoidance: f64) -> f64 {
    (0.7 + 0.25 * anxiety - 0.5 * avoidance).clamp(0.05, 0.98)
}

/// The lean to pursue rather than withdraw when insecure, before burnout:
/// `(a + .05)^2 / ((a + .05)^2 + (v + .05)^2)`.
pub fn lean_to_pursue(anxiety: f64, avoidance: f64) -> f64 {
    let (x, y) = ((anxiety + 0.05).powi(2), (avoidance + 0.05).powi(2));
    x / (x + y)
}

/// Burnout at this hopelessness: `sigmoid((hopelessness - burnout_at) / burnout_width)`.
pub fn burnout(p: &V2Params, hopelessness: f64) -> f64 {
    sigmoid((hopelessness - p.burnout_at) / p.burnout_width)
}
