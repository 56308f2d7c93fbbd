//! Which parameters matter: global sensitivity analysis and scenario discovery.
//!
//! - [`estimate`]: the designs (Saltelli, Morris) in the unit cube and the estimators (Sobol
//!   first- and total-order indices, Morris elementary effects) with bootstrap intervals;
//! - [`prim`]: the Patient Rule Induction Method (Friedman & Fisher 1999) for scenario discovery.

pub mod analyse;
pub mod estimate;
mod figure;
pub mod prim;
