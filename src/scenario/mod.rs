//! Scenarios: what a user writes in a `.toml` file, validated.
//!
//! - [`raw`]: structs that mirror the file one to one (unknown keys are errors);
//! - [`schema`]: every key's type, allowed range and meaning, the source of range checks, of
//!   `dyad new` comments and of `docs/SCENARIO-FORMAT.md`;
//! - [`load`]: file or built-in name -> raw -> `--set` overrides -> validated [`Scenario`],
//!   with errors that name file, line, column, dotted path, allowed range and closest key;
//! - [`builtin`]: the scenarios of `scenarios/`, embedded in the binary;
//! - [`spec`]: what a scenario argument names (a bare name is a built-in, a `.toml` or a path
//!   is a file) and which names can name an output folder.
//!
//! A [`Scenario`] holds traits on the 0..1 scale and every default filled in; nothing
//! downstream re-checks ranges.

pub mod builtin;
pub mod diagnose;
pub mod load;
pub mod population;
pub mod raw;
pub mod schema;
pub mod spec;
pub mod template;
pub mod timeline;

pub use load::{Override, Source, load, load_str, read};

use crate::metrics::OutcomeParams;
use crate::model::ModelParams;
use crate::model::intervention::{Event, Intervention};
use population::Population;
use serde::{Deserialize, Serialize};

/// A validated scenario: one couple, its surroundings, the model constants and the run settings.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Scenario {
    /// Short name, used for the default output folder.
    pub name: String,
    /// One or two sentences on what the scenario shows.
    pub description: String,
    /// Steps per run (one step is one day); 1095 (three years) by default, 365 under model
    /// version 1.
    pub steps: u32,
    /// Number of replicates (independent runs).
    pub replicates: u32,
    /// Master seed.
    pub seed: u64,
    /// Notes for teaching with the scenario.
    pub teaching: Teaching,
    /// The two partners.
    pub partner: Partners,
    /// The couple's surroundings.
    pub environment: Environment,
    /// Model constants.
    pub model: ModelParams,
    /// Outcome thresholds.
    pub outcome: OutcomeParams,
    /// Scheduled interventions.
    pub intervention: Vec<Intervention>,
    /// Scheduled life events.
    pub event: Vec<Event>,
    /// How each replicate's traits are drawn; `None`: every replicate is the couple of
    /// `partner`.
    pub population: Option<Population>,
}

impl Scenario {
    /// The traits of `[partner.a]` and `[partner.b]`, `[[anxiety, avoidance] of A, ... of B]`
    /// (for a drawn trait, its distribution's centre).
    pub fn fixed_traits(&self) -> population::Traits {
        [
            [self.partner.a.anxiety, self.partner.a.avoidance],
            [self.partner.b.anxiety, self.partner.b.avoidance],
        ]
    }

    /// The distribution partner `who` (0 for A, 1 for B) draws trait `k` (0 anxiety, 1
    /// avoidance) from, if it is drawn.
    pub fn drawn(&self, who: usize, k: usize) -> Option<population::Distribution> {
        self.population.as_ref().and_then(|p| p.distributions()[2 * who + k])
    }
}

impl Default for Scenario {
    fn default() -> Self {
        Scenario {
            name: "untitled".into(),
            description: String::new(),
            steps: 1095,
            replicates: 200,
            seed: 1,
            teaching: Teaching::default(),
            partner: Partners {
                a: PartnerSpec { name: "A".into(), ..PartnerSpec::default() },
                b: PartnerSpec { name: "B".into(), ..PartnerSpec::default() },
            },
            environment: Environment::default(),
            model: ModelParams::default(),
            outcome: OutcomeParams::default(),
            intervention: Vec::new(),
            event: Vec::new(),
            population: None,
        }
    }
}

/// Teaching notes, with the headings of model libraries: what it is, things to notice, things
/// to try.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Teaching {
    /// What the scenario is, in a few sentences an educator can read aloud.
    pub what: String,
    /// Things to notice.
    pub notice: Vec<String>,
    /// Things to try.
    #[serde(rename = "try")]
    pub things_to_try: Vec<String>,
}

/// Partners A and B.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Partners {
    /// Partner A.
    pub a: PartnerSpec,
    /// Partner B.
    pub b: PartnerSpec,
}

impl Partners {
    /// The two partners as an array, A first.
    pub fn both(&self) -> [&PartnerSpec; 2] {
        [&self.a, &self.b]
    }
}

/// One partner's traits and initial state (traits on the 0..1 scale).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PartnerSpec {
    /// Name used in summaries, plots and narration.
    pub name: String,
    /// Attachment anxiety, 0..1.
    pub anxiety: f64,
    /// Attachment avoidance, 0..1.
    pub avoidance: f64,
    /// Trust in the partner at the start.
    pub initial_trust: f64,
    /// Exhaustion at the start.
    pub initial_exhaustion: f64,
    /// Resentment at the start.
    pub initial_resentment: f64,
}

impl Default for PartnerSpec {
    fn default() -> Self {
        PartnerSpec {
            name: String::new(),
            anxiety: 0.5,
            avoidance: 0.5,
            initial_trust: 0.6,
            initial_exhaustion: 0.1,
            initial_resentment: 0.0,
        }
    }
}

/// The default rate of new issues under model version 1 (0.1's default, kept so that its
/// scenarios give the same results).
pub const V1_ISSUE_RATE: f64 = 0.08;

/// The default length of a run under model version 1, one year (0.1's default); version 2's is
/// three years.
pub const V1_STEPS: u32 = 365;

/// The `[environment]` table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Environment {
    /// Closeness at the start.
    pub initial_closeness: f64,
    /// Mean new unresolved issues per step. Model version 2's default, 0.05; a scenario of
    /// model version 1 that does not set it gets version 1's, 0.08 ([`V1_ISSUE_RATE`]).
    pub issue_rate: f64,
    /// Unresolved issues at the start.
    pub initial_issues: u32,
    /// Standard deviation of the random day-to-day change in closeness.
    pub noise: f64,
    /// Chance per step that a random stressor starts (0: none).
    pub stressor_rate: f64,
    /// Mean stress of a random stressor (exponentially distributed, capped at 1).
    pub stressor_magnitude: f64,
    /// Steps a random stressor lasts.
    pub stressor_duration: u32,
    /// Married or dating: the baseline hazard of leaving and the barriers (model version 2).
    pub context: crate::model::v2::Context,
}

impl Default for Environment {
    fn default() -> Self {
        Environment {
            initial_closeness: 0.5,
            issue_rate: 0.05,
            initial_issues: 0,
            noise: 0.02,
            stressor_rate: 0.0,
            stressor_magnitude: 0.3,
            stressor_duration: 14,
            context: crate::model::v2::Context::Married,
        }
    }
}

/// The attachment style quadrant of a partner (Bartholomew & Horowitz 1991), split at 0.5.
pub fn style_name(anxiety: f64, avoidance: f64) -> &'static str {
    match (anxiety >= 0.5, avoidance >= 0.5) {
        (false, false) => "secure",
        (true, false) => "anxious-preoccupied",
        (false, true) => "dismissing-avoidant",
        (true, true) => "fearful-avoidant",
    }
}
