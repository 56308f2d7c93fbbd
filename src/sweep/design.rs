//! The points of a sweep, in a documented order that the tests pin.
//!
//! - **grid**: the cartesian product of the axes' values, in row-major order: the **last** axis
//!   varies fastest, as in nested loops written in file order. With axes `x = [1, 2]` and
//!   `y = [a, b, c]` the points are `(1,a) (1,b) (1,c) (2,a) (2,b) (2,c)`.
//! - **zip**: point `i` takes value `i` of every axis; all axes must have the same length.
//! - **random**: `samples` points; each coordinate uniform in `[from, to]` (whole numbers:
//!   uniform over `from..=to`), drawn axis by axis within a point.
//! - **latin-hypercube**: `samples` points; each axis is cut into `samples` equal strata and every
//!   stratum holds exactly one point, at a uniform position within it; the strata are matched
//!   across axes by independent random permutations (McKay, Beckman & Conover 1979).
//!
//! Random designs draw from `derive_seed(seed, u64::MAX, 0)`, so the same sweep file and seed
//! give the same points everywhere.

use super::{Axis, DesignKind, Point};
use crate::engine::{derive_seed, rng_from_seed};
use rand::RngExt;

/// A problem with a design: (dotted path in the sweep file, message, help).
pub type DesignError = (String, String, String);

/// `steps` evenly spaced values from `from` to `to`, rounded to 12 decimals so that the values
/// print as typed (0.1, not 0.10000000000000001); whole numbers for integer keys.
pub fn linspace(from: f64, to: f64, steps: u32, integer: bool) -> Result<Vec<toml::Value>, (String, String)> {
    if steps as usize > MAX_POINTS {
        return Err((
            format!("steps = {steps} is more than a sweep can hold ({MAX_POINTS} points)"),
            "use fewer values; split a larger study into several sweeps".into(),
        ));
    }
    if steps == 0 {
        return Err(("steps = 0 gives no values".into(), "steps is the number of values, at least 1".into()));
    }
    if steps == 1 && from != to {
        return Err((
            "steps = 1 with from != to".into(),
            "use steps >= 2, or from = to for a single value".into(),
        ));
    }
    let values: Vec<f64> = (0..steps)
        .map(|i| if steps == 1 { from } else { from + (to - from) * f64::from(i) / f64::from(steps - 1) })
        .map(|v| (v * 1e12).round() / 1e12)
        .collect();
    if integer {
        let mut ints: Vec<i64> = values.iter().map(|v| v.round() as i64).collect();
        ints.dedup();
        return Ok(ints.into_iter().map(toml::Value::Integer).collect());
    }
    Ok(values.into_iter().map(toml::Value::Float).collect())
}

/// The most points a sweep may have: its points are kept in memory (about 200 bytes each with
/// two axes), and a million runs of even one replicate take hours.
pub const MAX_POINTS: usize = 1_000_000;

/// Every point of a design, in order. `samples` is the number of points of a random design,
/// the base points of a Sobol design and the trajectories of a Morris design; `levels` the
/// grid levels of a Morris design (default [`MORRIS_LEVELS`]).
pub fn points(
    design: DesignKind,
    axes: &[Axis],
    samples: Option<u32>,
    levels: Option<u32>,
    seed: u64,
) -> Result<Vec<Point>, DesignError> {
    match design {
        DesignKind::Sobol | DesignKind::Morris => sensitivity(design, axes, samples, levels, seed),
        DesignKind::Grid => {
            let n = axes.iter().try_fold(1usize, |n, a| n.checked_mul(a.values.len()));
            match n {
                Some(n) if n <= MAX_POINTS => Ok(grid(axes)),
                _ => {
                    let sizes: Vec<String> = axes.iter().map(|a| a.values.len().to_string()).collect();
                    Err((
                        String::new(),
                        format!(
                            "this grid has {} points, more than a sweep can hold ({MAX_POINTS})",
                            sizes.join(" x ")
                        ),
                        "use fewer values per axis, or a random or latin-hypercube design with `samples`"
                            .into(),
                    ))
                }
            }
        }
        DesignKind::Zip => zip(axes),
        DesignKind::Random | DesignKind::LatinHypercube => {
            let n = match samples {
                Some(n) if n as usize > MAX_POINTS => {
                    return Err((
                        "samples".into(),
                        format!("samples = {n} is more than a sweep can hold ({MAX_POINTS} points)"),
                        "use fewer samples; split a larger study into several sweeps".into(),
                    ));
                }
                Some(n) if n > 0 => n as usize,
                Some(_) => {
                    return Err((
                        "samples".into(),
                        "samples = 0 gives no points".into(),
                        "set samples to the number of points, e.g. samples = 200".into(),
                    ));
                }
                None => {
                    return Err((
                        String::new(),
                        "a random or latin-hypercube design needs `samples`".into(),
                        "add e.g. samples = 200 at the top of the sweep file".into(),
                    ));
                }
            };
            Ok(if design == DesignKind::Random {
                random(axes, n, seed)
            } else {
                latin_hypercube(axes, n, seed)
            })
        }
    }
}

/// Levels of a Morris grid when the file gives none (SALib's default).
pub const MORRIS_LEVELS: u32 = 4;

/// The points of a Sobol (Saltelli) or Morris design: the unit-cube rows of
/// [`crate::sensitivity::estimate`] scaled to the axes' ranges.
fn sensitivity(
    design: DesignKind,
    axes: &[Axis],
    samples: Option<u32>,
    levels: Option<u32>,
    seed: u64,
) -> Result<Vec<Point>, DesignError> {
    use crate::sensitivity::estimate;
    let err = |path: &str, message: String, help: &str| Err((path.to_string(), message, help.to_string()));
    let k = axes.len();
    let sobol = design == DesignKind::Sobol;
    let Some(n) = samples else {
        let help = if sobol {
            "add e.g. samples = 256 at the top: the base sample, a power of two"
        } else {
            "add e.g. samples = 20 at the top: the number of trajectories"
        };
        return err("", format!("a {} design needs `samples`", design.name()), help);
    };
    let n = n as usize;
    if sobol && (n < 2 || !n.is_power_of_two()) {
        let lower = if n < 2 { 2 } else { 1 << (usize::BITS - 1 - n.leading_zeros()) };
        return err(
            "samples",
            format!("samples = {n} is not a power of two of at least 2"),
            &format!("a Sobol sequence is balanced at powers of two: use {lower} or {}", (lower * 2).max(4)),
        );
    }
    if !sobol && n < 2 {
        return err(
            "samples",
            format!("samples = {n} trajectories cannot give a spread"),
            "use at least 2 trajectories, typically 10 to 50",
        );
    }
    let levels = levels.unwrap_or(MORRIS_LEVELS);
    if !sobol && (levels < 2 || levels % 2 == 1 || levels > 1000) {
        return err(
            "levels",
            format!("levels = {levels}: a Morris grid needs an even number of levels from 2 to 1000"),
            "use levels = 4 (the usual choice) or 6, 8",
        );
    }
    let total = if sobol { n.checked_mul(k + 2) } else { n.checked_mul(k + 1) };
    if total.is_none_or(|t| t > MAX_POINTS) {
        return err(
            "samples",
            format!("samples = {n} with {k} factors makes more points than a sweep can hold ({MAX_POINTS})"),
            "use a smaller sample",
        );
    }
    if k > estimate::MAX_FACTORS {
        return err(
            "",
            format!("{k} factors: a {} design takes at most {}", design.name(), estimate::MAX_FACTORS),
            "screen the factors with fewer at a time, or fix the ones known not to matter",
        );
    }
    let unit = if sobol {
        estimate::saltelli(n, k)
    } else {
        estimate::morris(n, k, levels as usize, derive_seed(seed, u64::MAX, 0))
    };
    Ok(unit.iter().map(|row| axes.iter().zip(row).map(|(a, &u)| value(a, u)).collect()).collect())
}

fn grid(axes: &[Axis]) -> Vec<Point> {
    let mut points: Vec<Point> = vec![Vec::new()];
    for axis in axes {
        points = points
            .into_iter()
            .flat_map(|p| {
                axis.values.iter().map(move |v| {
                    let mut q = p.clone();
                    q.push(v.clone());
                    q
                })
            })
            .collect();
    }
    points
}

fn zip(axes: &[Axis]) -> Result<Vec<Point>, DesignError> {
    let n = axes[0].values.len();
    if let Some((i, a)) = axes.iter().enumerate().find(|(_, a)| a.values.len() != n) {
        return Err((
            format!("axis.{i}"),
            format!("zip design: axis {} ({}) has {} values but axis 1 ({}) has {n}", i + 1, a.param, a.values.len(), axes[0].param),
            "in a zip design every axis needs the same number of values; use design = \"grid\" for every combination".into(),
        ));
    }
    Ok((0..n).map(|i| axes.iter().map(|a| a.values[i].clone()).collect()).collect())
}

fn value(axis: &Axis, unit: f64) -> toml::Value {
    let (from, to) = axis.bounds.unwrap_or((0.0, 1.0));
    if axis.integer {
        let (lo, hi) = (from.ceil() as i64, to.floor() as i64);
        let span = (hi - lo + 1).max(1) as f64;
        toml::Value::Integer((lo + (unit * span).floor() as i64).min(hi))
    } else {
        toml::Value::Float(((from + (to - from) * unit) * 1e12).round() / 1e12)
    }
}

fn random(axes: &[Axis], n: usize, seed: u64) -> Vec<Point> {
    let mut rng = rng_from_seed(derive_seed(seed, u64::MAX, 0));
    (0..n).map(|_| axes.iter().map(|a| value(a, rng.random::<f64>())).collect()).collect()
}

fn latin_hypercube(axes: &[Axis], n: usize, seed: u64) -> Vec<Point> {
    let mut rng = rng_from_seed(derive_seed(seed, u64::MAX, 0));
    let columns: Vec<Vec<toml::Value>> = axes
        .iter()
        .map(|a| {
            let mut strata: Vec<usize> = (0..n).collect();
            for i in (1..n).rev() {
                strata.swap(i, rng.random_range(0..=i));
            }
            strata.into_iter().map(|s| value(a, (s as f64 + rng.random::<f64>()) / n as f64)).collect()
        })
        .collect();
    (0..n).map(|i| columns.iter().map(|c| c[i].clone()).collect()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn axis(param: &str, values: &[i64]) -> Axis {
        Axis {
            param: param.into(),
            values: values.iter().map(|&v| toml::Value::Integer(v)).collect(),
            bounds: None,
            integer: true,
        }
    }

    fn ints(points: &[Point]) -> Vec<Vec<i64>> {
        points.iter().map(|p| p.iter().map(|v| v.as_integer().unwrap()).collect()).collect()
    }

    #[test]
    fn grid_order_is_row_major_with_the_last_axis_fastest() {
        let p =
            points(DesignKind::Grid, &[axis("x", &[1, 2]), axis("y", &[10, 20, 30])], None, None, 0).unwrap();
        assert_eq!(
            ints(&p),
            vec![vec![1, 10], vec![1, 20], vec![1, 30], vec![2, 10], vec![2, 20], vec![2, 30]]
        );
    }

    #[test]
    fn zip_pairs_values_and_rejects_unequal_lengths() {
        let p = points(DesignKind::Zip, &[axis("x", &[1, 2]), axis("y", &[10, 20])], None, None, 0).unwrap();
        assert_eq!(ints(&p), vec![vec![1, 10], vec![2, 20]]);
        let e = points(DesignKind::Zip, &[axis("x", &[1, 2]), axis("y", &[10])], None, None, 0).unwrap_err();
        assert_eq!(e.0, "axis.1");
    }

    #[test]
    fn linspace_prints_as_typed() {
        let v = linspace(0.0, 1.0, 11, false).unwrap();
        assert_eq!(v[3].to_string(), "0.3");
        assert_eq!(v.len(), 11);
        assert!(linspace(0.0, 1.0, 0, false).is_err());
    }

    #[test]
    fn latin_hypercube_fills_every_stratum_once() {
        let a = Axis { param: "x".into(), values: vec![], bounds: Some((0.0, 1.0)), integer: false };
        let b = Axis { param: "y".into(), values: vec![], bounds: Some((0.0, 10.0)), integer: false };
        let n = 50;
        let p = points(DesignKind::LatinHypercube, &[a, b], Some(n), None, 3).unwrap();
        for (k, scale) in [(0, 1.0), (1, 10.0)] {
            let mut strata: Vec<usize> =
                p.iter().map(|q| (q[k].as_float().unwrap() / scale * n as f64) as usize).collect();
            strata.sort_unstable();
            assert_eq!(strata, (0..n as usize).collect::<Vec<_>>());
        }
        let again = points(DesignKind::LatinHypercube, &p_axes(), Some(n), None, 3).unwrap();
        assert_eq!(again.len(), n as usize);
    }

    fn p_axes() -> Vec<Axis> {
        vec![Axis { param: "x".into(), values: vec![], bounds: Some((0.0, 1.0)), integer: false }]
    }

    #[test]
    fn random_designs_are_reproducible() {
        let a = p_axes();
        assert_eq!(
            points(DesignKind::Random, &a, Some(20), None, 9).unwrap(),
            points(DesignKind::Random, &a, Some(20), None, 9).unwrap()
        );
        assert_ne!(
            points(DesignKind::Random, &a, Some(20), None, 9).unwrap(),
            points(DesignKind::Random, &a, Some(20), None, 10).unwrap()
        );
        assert!(points(DesignKind::Random, &a, Some(0), None, 9).is_err());
    }
}
