//! The axes the figures share: a numeric axis with ticks exactly where asked ([`Ticked`]), and
//! the time axis, in round numbers of days or, from two years on, in whole and half years.

use plotters::coord::ranged1d::{DefaultFormatting, KeyPointHint, Ranged};
use plotters::coord::types::RangedCoordf64;

/// Ticks of the time axis, 5 to 8 of them when the horizon allows: whole or half years
/// (`years` is true) from 730 steps on, round numbers of days below.
pub(super) fn time_ticks(last: f64) -> (Vec<f64>, bool) {
    if !(last.is_finite() && last > 0.0) {
        return (vec![0.0], false);
    }
    let years = last >= 730.0;
    let (unit, base) = if years { (365.0, [0.5, 1.0, 2.0]) } else { (1.0, [1.0, 2.0, 5.0]) };
    let mut scale = 1.0;
    loop {
        for b in base {
            let interval = b * scale * unit;
            let count = (last / interval + 1e-9).floor() + 1.0;
            if count <= 8.0 || !count.is_finite() {
                let ticks = (0..count.min(8.0) as usize).map(|k| k as f64 * interval).collect();
                return (ticks, years);
            }
        }
        scale *= 10.0;
    }
}

/// A tick label of the time axis.
pub(super) fn time_label(v: f64, years: bool) -> String {
    if !years || v == 0.0 {
        return format!("{v:.0}");
    }
    let y = v / 365.0;
    if (y - y.round()).abs() < 1e-6 { format!("{y:.0} y") } else { format!("{y:.1} y") }
}

/// `day 412`, with years added on long horizons: `day 412 (1.1 y)`.
pub(super) fn day_text(v: f64, years: bool) -> String {
    if years { format!("day {v:.0} ({:.1} y)", v / 365.0) } else { format!("day {v:.0}") }
}

/// A numeric axis with ticks exactly at given values (plotters' `with_key_points` cannot be
/// formatted for `f64`).
pub(super) struct Ticked {
    inner: RangedCoordf64,
    ticks: Vec<f64>,
}

impl Ticked {
    pub(super) fn new(range: std::ops::Range<f64>, ticks: Vec<f64>) -> Self {
        Ticked { inner: range.into(), ticks }
    }
}

impl Ranged for Ticked {
    type FormatOption = DefaultFormatting;
    type ValueType = f64;

    fn map(&self, value: &f64, limit: (i32, i32)) -> i32 {
        self.inner.map(value, limit)
    }

    fn key_points<Hint: KeyPointHint>(&self, hint: Hint) -> Vec<f64> {
        // Bold lines and labels at the ticks; no light lines.
        if hint.weight().allow_light_points() { Vec::new() } else { self.ticks.clone() }
    }

    fn range(&self) -> std::ops::Range<f64> {
        self.inner.range()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn time_ticks_read_well() {
        let (t, years) = time_ticks(1095.0);
        assert!(years);
        assert_eq!(t.len(), 7);
        assert_eq!(
            t.iter().map(|&v| time_label(v, years)).collect::<Vec<_>>(),
            ["0", "0.5 y", "1 y", "1.5 y", "2 y", "2.5 y", "3 y"]
        );
        assert_eq!(time_ticks(365.0), (vec![0.0, 50.0, 100.0, 150.0, 200.0, 250.0, 300.0, 350.0], false));
        assert_eq!(time_ticks(3650.0).0.len(), 6);
        for last in [1.0, 3.0, 10.0, 200.0, 729.0, 730.0, 2000.0, 1e7, f64::NAN, 0.0, 1e300] {
            let n = time_ticks(last).0.len();
            assert!((1..=8).contains(&n), "{last}: {n}");
        }
    }
}
