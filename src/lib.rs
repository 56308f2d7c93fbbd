//! # dyad
//!
//! Simulate how couples' attachment styles drive the pursue-withdraw cycle.
//!
//! Two partner agents, each with an attachment **anxiety** and **avoidance** trait, choose each
//! step between a secure, a hyperactivating (pursue) and a deactivating (withdraw) strategy,
//! following Mikulincer & Shaver's (2003) model of the attachment system in adulthood. Their
//! choices move closeness, trust, exhaustion, resentment and a stock of unresolved issues.
//!
//! The crate is a library first: the `dyad` binary is a thin command line over it.
//!
//! ```
//! use dyad::{engine, scenario};
//!
//! // Load a built-in scenario, shorten it, and run it with a fixed seed.
//! let mut sc = scenario::load("anxious-avoidant", &[]).unwrap();
//! sc.replicates = 20;
//! let result = engine::run_scenario(&sc, &|_| {});
//! assert_eq!(result.runs.len(), 20);
//! let shares = result.outcome_shares();
//! assert!((shares.iter().map(|(_, s)| s).sum::<f64>() - 1.0).abs() < 1e-9);
//! ```
#![warn(missing_docs)]

pub mod classroom;
pub mod cli;
pub mod engine;
pub mod error;
pub mod metrics;
pub mod model;
pub mod output;
pub mod report;
pub mod scenario;
pub mod sensitivity;
pub mod serve;
pub mod sweep;

pub use error::{Error, Result};
