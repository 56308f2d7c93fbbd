//! The attachment dyad model: two partners, their traits and state, and one step of their
//! interaction.
//!
//! - [`params`]: every constant, with its default ([`ModelParams`]);
//! - [`choice`]: the three appraisals that pick a strategy (Mikulincer & Shaver 2003);
//! - [`dyad`]: one step of the interaction and its consequences.
//!
//! State ranges: closeness, trust, exhaustion and resentment in 0..1; issues a count; anxiety
//! and avoidance in 0..1 (the ECR 1..7 scale is converted when a scenario is read).

pub mod choice;
pub mod dyad;
pub mod intervention;
pub mod params;
pub mod v2;

pub use dyad::{Dyad, StepEnd};
pub use params::ModelParams;

use serde::Serialize;

/// The strategy a partner uses on one step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Strategy {
    /// Secure engagement: a constructive bid or responsive listening.
    Secure,
    /// Hyperactivating strategy: pursue (protest, demand, seek reassurance).
    Pursue,
    /// Deactivating strategy: withdraw (distance, stonewall).
    Withdraw,
}

impl Strategy {
    /// One letter, as in the model brief: S, H or D.
    pub fn letter(self) -> char {
        match self {
            Strategy::Secure => 'S',
            Strategy::Pursue => 'H',
            Strategy::Withdraw => 'D',
        }
    }

    /// Whether this is an insecure (secondary) strategy.
    pub fn is_insecure(self) -> bool {
        self != Strategy::Secure
    }

    /// Whether this strategy is a bid for connection (secure or pursuit).
    pub fn is_bid(self) -> bool {
        self != Strategy::Withdraw
    }
}

/// Which partner.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Who {
    /// Partner A.
    A,
    /// Partner B.
    B,
}

impl Who {
    /// 0 for A, 1 for B.
    pub fn index(self) -> usize {
        match self {
            Who::A => 0,
            Who::B => 1,
        }
    }

    /// The partner at index 0 (A) or 1 (B).
    pub fn from_index(i: usize) -> Who {
        if i == 0 { Who::A } else { Who::B }
    }

    /// `a` or `b`.
    pub fn key(self) -> &'static str {
        match self {
            Who::A => "a",
            Who::B => "b",
        }
    }
}

/// The state of one partner.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Partner {
    /// Attachment anxiety, 0..1.
    pub anxiety: f64,
    /// Attachment avoidance, 0..1.
    pub avoidance: f64,
    /// The stable part of `[anxiety, avoidance]`: the traits without their week-to-week
    /// fluctuation (model version 2's `trait_fluctuation`); equal to them otherwise. Drift,
    /// plasticity and therapy move it.
    pub stable: [f64; 2],
    /// Trust in the partner's availability, 0..1.
    pub trust: f64,
    /// Emotional exhaustion, 0..1.
    pub exhaustion: f64,
    /// Resentment or contempt, 0..1.
    pub resentment: f64,
    /// The strategy chosen on the last step (secure before the first step).
    pub strategy: Strategy,
    /// Whether the attachment system was activated on the last step.
    pub activated: bool,
    /// Engagement: a moving average, over the steps on which this partner was activated, of
    /// responding securely (rate `engagement_rate`), 0..1.
    pub engagement: f64,
}

impl Partner {
    /// Desired closeness `x* = clamp(base + a anxiety - b avoidance, min, max)`.
    pub fn desired_closeness(&self, p: &ModelParams) -> f64 {
        (p.desire_base + p.desire_anxiety * self.anxiety - p.desire_avoidance * self.avoidance)
            .clamp(p.desire_min, p.desire_max)
    }

    /// Commitment `c = clamp(base + a anxiety - b avoidance, 0, 1)`.
    pub fn commitment(&self, p: &ModelParams) -> f64 {
        (p.commitment_base + p.commitment_anxiety * self.anxiety - p.commitment_avoidance * self.avoidance)
            .clamp(0.0, 1.0)
    }
}

/// The state of the couple at the end of a step.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DyadState {
    /// Emotional proximity of the pair, 0..1.
    pub closeness: f64,
    /// Unresolved issues.
    pub issues: u32,
    /// Stress felt on the last step (0..1).
    pub stress: f64,
    /// Partners A and B.
    pub partners: [Partner; 2],
}

impl DyadState {
    /// Whether the step was a pursue-withdraw step (one partner pursued, the other withdrew).
    pub fn pursue_withdraw(&self) -> bool {
        matches!(
            (self.partners[0].strategy, self.partners[1].strategy),
            (Strategy::Pursue, Strategy::Withdraw) | (Strategy::Withdraw, Strategy::Pursue)
        )
    }

    /// The pair of strategies of the last step.
    pub fn strategies(&self) -> (Strategy, Strategy) {
        (self.partners[0].strategy, self.partners[1].strategy)
    }
}

/// Something that watches a run step by step.
pub trait Observer {
    /// Called with the state after each step; step 0 is the initial state.
    fn observe(&mut self, step: u32, state: &DyadState);

    /// Called once when the run ends, with its last step and state (the ones last observed).
    fn end(&mut self, _step: u32, _state: &DyadState) {}
}

impl Observer for () {
    fn observe(&mut self, _: u32, _: &DyadState) {}
}

impl<A: Observer, B: Observer> Observer for (A, B) {
    fn observe(&mut self, step: u32, state: &DyadState) {
        self.0.observe(step, state);
        self.1.observe(step, state);
    }

    fn end(&mut self, step: u32, state: &DyadState) {
        self.0.end(step, state);
        self.1.end(step, state);
    }
}

impl<O: Observer + ?Sized> Observer for &mut O {
    fn observe(&mut self, step: u32, state: &DyadState) {
        (**self).observe(step, state);
    }

    fn end(&mut self, step: u32, state: &DyadState) {
        (**self).end(step, state);
    }
}
