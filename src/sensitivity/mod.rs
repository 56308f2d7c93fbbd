//! Which parameters matter: global sensitivity analysis and scenario discovery.
//!
//! - [`design`]: the designs in the unit cube: the Sobol' sequence, Saltelli's design, Morris
//!   trajectories;
//! - [`estimate`]: the estimators (Sobol first- and total-order indices, Morris elementary
//!   effects) with bootstrap intervals;
//! - [`prim`]: the Patient Rule Induction Method (Friedman & Fisher 1999) for scenario discovery.

pub mod analyse;
pub mod design;
pub mod estimate;
mod figure;
pub mod prim;
