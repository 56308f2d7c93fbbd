//! The scenario file as written: structs that mirror the TOML one to one. Every struct denies
//! unknown keys, so a typo is an error, never silently ignored. Missing keys take the defaults
//! of [`super::Scenario`], filled in by [`super::load`].

use super::{Environment, Teaching};
use crate::metrics::OutcomeParams;
use crate::model::ModelParams;
use crate::model::intervention::{Distance, EventKind, Kind, Stage, Target};
use serde::{Deserialize, Serialize};

/// A scenario file.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RawScenario {
    /// `name`
    pub name: Option<String>,
    /// `description`
    pub description: Option<String>,
    /// `steps`
    pub steps: Option<u32>,
    /// `replicates`
    pub replicates: Option<u32>,
    /// `seed`
    pub seed: Option<u64>,
    /// `[teaching]`
    pub teaching: Teaching,
    /// `[partner.a]` and `[partner.b]`
    pub partner: RawPartners,
    /// `[environment]`
    pub environment: Environment,
    /// `[model]`
    pub model: ModelParams,
    /// `[outcome]`
    pub outcome: OutcomeParams,
    /// `[[intervention]]` entries
    pub intervention: Vec<RawIntervention>,
    /// `[[event]]` entries
    pub event: Vec<RawEvent>,
    /// `[population]`
    pub population: Option<RawPopulation>,
}

/// The `[population]` table: how each replicate's traits are drawn.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RawPopulation {
    /// `scale`: `unit` (default) or `ecr`
    pub scale: Option<Scale>,
    /// `anxiety`: a distribution
    pub anxiety: Option<RawDistribution>,
    /// `avoidance`: a distribution
    pub avoidance: Option<RawDistribution>,
    /// `within_r`
    pub within_r: Option<f64>,
    /// `between_r`
    pub between_r: Option<f64>,
    /// `[population.a]`
    pub a: Option<RawPopulationPartner>,
    /// `[population.b]`
    pub b: Option<RawPopulationPartner>,
}

/// A `[population.a]` or `[population.b]` table: one partner's overrides.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RawPopulationPartner {
    /// `scale`
    pub scale: Option<Scale>,
    /// `anxiety`
    pub anxiety: Option<RawDistribution>,
    /// `avoidance`
    pub avoidance: Option<RawDistribution>,
    /// `within_r`
    pub within_r: Option<f64>,
}

/// A distribution: `{ mean, sd }` (normal, clipped to the scale) or `{ min, max }` (uniform).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RawDistribution {
    /// `mean` (normal)
    pub mean: Option<f64>,
    /// `sd` (normal)
    pub sd: Option<f64>,
    /// `min` (uniform)
    pub min: Option<f64>,
    /// `max` (uniform)
    pub max: Option<f64>,
}

/// An `[[intervention]]` entry.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RawIntervention {
    /// `kind` (required)
    pub kind: Option<Kind>,
    /// `start`: first step (default 1)
    pub start: Option<u32>,
    /// `end`: last step, inclusive
    pub end: Option<u32>,
    /// `duration`: number of steps (instead of `end`)
    pub duration: Option<u32>,
    /// `who`: a, b or both (default both)
    pub who: Option<Target>,
    /// `strength`: 0..1 (default 1)
    pub strength: Option<f64>,
    /// therapy: `stages`
    pub stages: Option<Vec<Stage>>,
    /// therapy: `stage_lengths`
    pub stage_lengths: Option<Vec<u32>>,
    /// therapy: `distance`
    pub distance: Option<Distance>,
}

/// An `[[event]]` entry.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RawEvent {
    /// `kind` (required): stress or issues
    pub kind: Option<EventKind>,
    /// `start` (required)
    pub start: Option<u32>,
    /// `end` (stress)
    pub end: Option<u32>,
    /// `duration` (stress)
    pub duration: Option<u32>,
    /// `magnitude` (stress)
    pub magnitude: Option<f64>,
    /// `count` (issues)
    pub count: Option<u32>,
}

/// The `[partner]` table: exactly `a` and `b`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RawPartners {
    /// `[partner.a]`
    pub a: Option<RawPartner>,
    /// `[partner.b]`
    pub b: Option<RawPartner>,
}

/// The scale the traits are written on.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Scale {
    /// 0..1, the model's own scale.
    #[default]
    Unit,
    /// 1..7, the scale of the ECR and ECR-R questionnaires; mapped by `(x - 1) / 6`.
    Ecr,
}

/// A `[partner.a]` or `[partner.b]` table.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RawPartner {
    /// `name`
    pub name: Option<String>,
    /// `scale`: `unit` (0..1, default) or `ecr` (1..7)
    pub scale: Scale,
    /// `anxiety` (required)
    pub anxiety: Option<f64>,
    /// `avoidance` (required)
    pub avoidance: Option<f64>,
    /// `initial_trust`
    pub initial_trust: Option<f64>,
    /// `initial_exhaustion`
    pub initial_exhaustion: Option<f64>,
    /// `initial_resentment`
    pub initial_resentment: Option<f64>,
}
