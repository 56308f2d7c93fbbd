//! `dyad explain`: one replicate told as a short story, at its turning points.

use crate::scenario::Scenario;

/// Narrates replicate `replicate` of `sc`, wrapped to `width` columns.
pub fn explain(sc: &Scenario, replicate: u64, width: usize) -> String {
    let _ = (sc, replicate, width);
    String::new()
}
