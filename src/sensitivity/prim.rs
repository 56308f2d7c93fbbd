//! PRIM scenario discovery: the Patient Rule Induction Method of Friedman & Fisher (1999), as in
//! the EMA Workbench's `prim` module.
//!
//! Given sweep points (one row of factor values each) and an outcome per point in [0, 1] (a 0/1
//! indicator such as "escalation share above 0.5", or a share such as "the share of the point's
//! couples that escalated"), PRIM finds a box of factor limits where the outcome is high:
//!
//! - [`peel`] builds the peeling trajectory: starting from the box holding every point, it
//!   repeatedly cuts a thin slice off one end of one factor, the cut that raises the box's mean
//!   outcome most per unit of mass removed (Friedman & Fisher's original objective), until any
//!   further cut would leave less than `min_mass` of the points;
//! - [`choose`] picks a box from the trajectory: the largest coverage × density;
//! - [`paste`] widens a chosen box again while its density does not drop;
//! - [`simplify`] drops the limits that do not raise coverage × density;
//! - [`describe`] says the box in words a teacher can read.
//!
//! The usual sequence is `peel`, `choose`, `simplify`, `paste`, `describe`.
//!
//! With an outcome share `y` and weights `w` (default 1), a box's **density** is the weighted
//! mean of `y` inside it, its **coverage** the share of the total `Σ w·y` inside it and its
//! **mass** the share of the total weight inside it.
//!
//! Limits are inclusive and lie on data values: a lower limit `v` keeps the points with
//! `x >= v`, and `v` is the smallest kept value at the time of the cut, so on a grid the limit is
//! a grid value and the printed `>= 0.60` is exact (up to the 2 printed decimals).

use crate::error::{Error, Result};
use serde::Serialize;

/// The share of the box's mass cut off by one peel (and added by one paste), by default.
pub const DEFAULT_ALPHA: f64 = 0.05;
/// The smallest mass a peeled box may keep, by default.
pub const DEFAULT_MIN_MASS: f64 = 0.05;
/// The smallest coverage of a box [`choose`] may pick, by default.
pub const DEFAULT_MIN_COVERAGE: f64 = 0.5;

/// How PRIM peels.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct PrimConfig {
    /// The share of the box's mass one peel cuts off (at most this much, but always at least one
    /// value level of the factor), in (0, 1).
    pub alpha: f64,
    /// Peeling stops before the box's mass (share of the total weight inside) falls below this,
    /// in [0, 1].
    pub min_mass: f64,
}

impl Default for PrimConfig {
    fn default() -> Self {
        PrimConfig { alpha: DEFAULT_ALPHA, min_mass: DEFAULT_MIN_MASS }
    }
}

/// The limits of a box on one factor; both `None`: the factor is not restricted.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize)]
pub struct Limit {
    /// The box keeps points with `x >= lower`.
    pub lower: Option<f64>,
    /// The box keeps points with `x <= upper`.
    pub upper: Option<f64>,
}

impl Limit {
    /// Whether the box restricts this factor at all.
    pub fn is_restricted(&self) -> bool {
        self.lower.is_some() || self.upper.is_some()
    }

    /// Whether the value lies within the limits (inclusive).
    pub fn contains(&self, v: f64) -> bool {
        self.lower.is_none_or(|lo| v >= lo) && self.upper.is_none_or(|hi| v <= hi)
    }
}

/// One box of the peeling trajectory (or a pasted box) and how well it captures the outcome.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PrimBox {
    /// The limits, one per factor, in the order of the factors.
    pub limits: Vec<Limit>,
    /// The share of the total outcome `Σ w·y` inside the box; 0 when the total is 0.
    pub coverage: f64,
    /// The weighted mean outcome inside the box; 0 for a box without weight.
    pub density: f64,
    /// The standard error of `density`: the weighted standard deviation of `y` inside the box
    /// over the square root of the effective number of points `(Σw)² / Σw²`.
    pub density_se: f64,
    /// The share of the total weight inside the box.
    pub mass: f64,
    /// The number of points (rows) inside the box.
    pub rows: usize,
    /// The number of restricted factors.
    pub restricted: usize,
}

impl PrimBox {
    /// Whether a point (one row of factor values) lies inside the box.
    pub fn contains(&self, row: &[f64]) -> bool {
        self.limits.iter().zip(row).all(|(l, &v)| l.contains(v))
    }
}

/// The peeling trajectory: the boxes from the whole space (index 0) to the smallest one.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Trajectory {
    /// The factors' names, in the order of the columns.
    pub factors: Vec<String>,
    /// The boxes in peeling order; the first holds every point.
    pub boxes: Vec<PrimBox>,
    /// The total weight of all points.
    pub total_weight: f64,
    /// The total outcome `Σ w·y`; when it is 0 there is nothing to find and the trajectory has
    /// only the first box.
    pub total_outcome: f64,
    /// The settings used.
    pub config: PrimConfig,
}

/// Validated inputs.
struct Data<'a> {
    x: &'a [Vec<f64>],
    y: &'a [f64],
    w: Vec<f64>,
    k: usize,
    total_w: f64,
    total_wy: f64,
}

impl<'a> Data<'a> {
    fn new(x: &'a [Vec<f64>], k: usize, y: &'a [f64], weights: Option<&[f64]>) -> Result<Self> {
        let bad = |m: String| Err(Error::BadArgument(format!("PRIM: {m}")));
        if x.is_empty() {
            return bad("there are no points".into());
        }
        if y.len() != x.len() {
            return bad(format!("{} points but {} outcomes", x.len(), y.len()));
        }
        if let Some((i, r)) = x.iter().enumerate().find(|(_, r)| r.len() != k) {
            return bad(format!("point {i} has {} factor values, expected {k}", r.len()));
        }
        if let Some(i) = x.iter().position(|r| r.iter().any(|v| !v.is_finite())) {
            return bad(format!("point {i} has a factor value that is not a finite number"));
        }
        if let Some(i) = y.iter().position(|v| !(0.0..=1.0).contains(v)) {
            return bad(format!("outcome {i} is {}, not within [0, 1]", y[i]));
        }
        let w = match weights {
            None => vec![1.0; x.len()],
            Some(w) if w.len() != x.len() => {
                return bad(format!("{} points but {} weights", x.len(), w.len()));
            }
            Some(w) => w.to_vec(),
        };
        if let Some(i) = w.iter().position(|v| !v.is_finite() || *v < 0.0) {
            return bad(format!("weight {i} is {}, not a finite number >= 0", w[i]));
        }
        let total_w: f64 = w.iter().sum();
        if total_w <= 0.0 {
            return bad("the weights sum to 0".into());
        }
        let total_wy = w.iter().zip(y).map(|(w, y)| w * y).sum();
        Ok(Data { x, y, w, k, total_w, total_wy })
    }

    /// Weight and weighted outcome of these rows.
    fn sums(&self, rows: &[usize]) -> (f64, f64) {
        rows.iter().fold((0.0, 0.0), |(sw, swy), &i| (sw + self.w[i], swy + self.w[i] * self.y[i]))
    }

    fn make_box(&self, limits: Vec<Limit>, rows: &[usize]) -> PrimBox {
        let (sw, swy) = self.sums(rows);
        let density = if sw > 0.0 { swy / sw } else { 0.0 };
        let density_se = if sw > 0.0 {
            let var = rows.iter().map(|&i| self.w[i] * (self.y[i] - density).powi(2)).sum::<f64>() / sw;
            let sw2: f64 = rows.iter().map(|&i| self.w[i] * self.w[i]).sum();
            (var * sw2 / (sw * sw)).sqrt()
        } else {
            0.0
        };
        let restricted = limits.iter().filter(|l| l.is_restricted()).count();
        PrimBox {
            limits,
            coverage: if self.total_wy > 0.0 { swy / self.total_wy } else { 0.0 },
            density,
            density_se,
            mass: sw / self.total_w,
            rows: rows.len(),
            restricted,
        }
    }

    /// The value levels of factor `j` among `rows`, nearest first from the given end:
    /// `(value, weight of the rows with that value)`.
    fn levels(&self, rows: &[usize], j: usize, lower_end: bool) -> Vec<(f64, f64)> {
        let mut v: Vec<(f64, f64)> = rows.iter().map(|&i| (self.x[i][j], self.w[i])).collect();
        v.sort_by(|a, b| a.0.total_cmp(&b.0));
        if !lower_end {
            v.reverse();
        }
        let mut out: Vec<(f64, f64)> = Vec::new();
        for (x, w) in v {
            match out.last_mut() {
                Some(last) if last.0 == x => last.1 += w,
                _ => out.push((x, w)),
            }
        }
        out
    }
}

/// How many levels (from the front) one slice takes: as many as fit into `budget` weight, but at
/// least one.
fn slice_levels(levels: &[(f64, f64)], budget: f64) -> usize {
    let budget = budget * (1.0 + 1e-12);
    let mut cum = 0.0;
    let mut m = 0;
    for &(_, w) in levels {
        cum += w;
        if cum > budget {
            break;
        }
        m += 1;
    }
    m.max(1)
}

fn check_config(cfg: &PrimConfig) -> Result<()> {
    let alpha_ok = cfg.alpha > 0.0 && cfg.alpha < 1.0;
    if !alpha_ok || !(0.0..=1.0).contains(&cfg.min_mass) {
        return Err(Error::BadArgument(format!(
            "PRIM: alpha must be in (0, 1) and min_mass in [0, 1], got alpha {} and min_mass {}",
            cfg.alpha, cfg.min_mass
        )));
    }
    Ok(())
}

/// One peel: cut factor `j` at its lower (or upper) end, to the new limit, keeping these rows.
struct Cut {
    j: usize,
    lower_end: bool,
    limit: f64,
    keep: Vec<usize>,
}

/// The best cut of the box holding `inside`, by the rule of [`peel`].
fn best_peel(data: &Data, inside: &[usize], cfg: &PrimConfig) -> Option<Cut> {
    let (sw, swy) = data.sums(inside);
    let mean = swy / sw;
    let mut best: Option<(f64, Cut)> = None;
    for (j, lower_end) in (0..data.k).flat_map(|j| [(j, true), (j, false)]) {
        let levels = data.levels(inside, j, lower_end);
        let m = slice_levels(&levels, cfg.alpha * sw);
        if m >= levels.len() {
            continue;
        }
        let limit = levels[m].0;
        let kept = |i: &usize| {
            let v = data.x[*i][j];
            if lower_end { v >= limit } else { v <= limit }
        };
        let keep: Vec<usize> = inside.iter().copied().filter(kept).collect();
        let (sw_new, swy_new) = data.sums(&keep);
        if sw_new <= 0.0 || sw_new < cfg.min_mass * data.total_w {
            continue;
        }
        let removed = (sw - sw_new) / data.total_w;
        let obj = if removed > 0.0 { (swy_new / sw_new - mean) / removed } else { 0.0 };
        if best.as_ref().is_none_or(|b| obj > b.0) {
            best = Some((obj, Cut { j, lower_end, limit, keep }));
        }
    }
    best.map(|b| b.1)
}

/// Builds the peeling trajectory.
///
/// `x` holds one row of factor values per point, `names` one name per factor, `y` the outcome
/// per point in [0, 1] and `weights` an optional weight >= 0 per point (default 1).
///
/// Each step considers, for every factor, cutting the lower and the upper end of the box: the
/// cut removes the lowest (highest) value levels of that factor among the points in the box, as
/// many whole levels as fit into `alpha` of the box's weight but always at least one, so a grid
/// factor with few values loses one value level per cut and peeling always progresses. A cut
/// that would remove every point, or leave a mass below `min_mass`, is not a candidate. The
/// chosen cut maximises Friedman & Fisher's original objective, the rise in the box's mean
/// outcome per unit of mass removed, `(mean_new - mean_old) / (mass_old - mass_new)` (0 when the
/// cut removes only weightless points), even when that rise is negative. Ties go to the lower
/// factor index, then to the lower end. Peeling ends when no candidate remains.
///
/// Errors on empty input, mismatched lengths, non-finite values, outcomes outside [0, 1],
/// negative weights or weights summing to 0, and settings out of range.
pub fn peel(
    x: &[Vec<f64>],
    names: &[String],
    y: &[f64],
    weights: Option<&[f64]>,
    cfg: &PrimConfig,
) -> Result<Trajectory> {
    check_config(cfg)?;
    let data = Data::new(x, names.len(), y, weights)?;
    let mut inside: Vec<usize> = (0..x.len()).collect();
    let mut limits = vec![Limit::default(); data.k];
    let mut boxes = vec![data.make_box(limits.clone(), &inside)];
    while data.total_wy > 0.0
        && let Some(Cut { j, lower_end, limit, keep }) = best_peel(&data, &inside, cfg)
    {
        if lower_end {
            limits[j].lower = Some(limit);
        } else {
            limits[j].upper = Some(limit);
        }
        inside = keep;
        boxes.push(data.make_box(limits.clone(), &inside));
    }
    Ok(Trajectory {
        factors: names.to_vec(),
        boxes,
        total_weight: data.total_w,
        total_outcome: data.total_wy,
        config: *cfg,
    })
}

/// Picks a box from the trajectory; `None` when no box qualifies (the outcome is 0 everywhere).
///
/// The qualifying boxes have `coverage >= min_coverage` and a density above 0; the pick is the
/// one with the largest `coverage × density` (precision × recall for a 0/1 outcome, the square
/// of the Fowlkes–Mallows index), the earliest (largest) on ties. Peeling raises this product
/// while the slices it cuts off have less than about half the box's density, so the pick is the
/// box where the outcome stops being concentrated. It does not depend on the scale of `y`.
///
/// Why not simply the densest box with enough coverage: once peeling is inside a region of
/// uniformly high outcome, each further cut changes the density only by noise, and the densest
/// box is a noise-shaped sub-box (restricting factors that do not matter). [`DEFAULT_MIN_COVERAGE`]
/// is a sensible floor. To pick by another rule, read the trajectory's boxes and take an index.
pub fn choose(trajectory: &Trajectory, min_coverage: f64) -> Option<usize> {
    let mut best: Option<(usize, f64)> = None;
    for (i, b) in trajectory.boxes.iter().enumerate() {
        let score = b.coverage * b.density;
        if b.coverage >= min_coverage && b.density > 0.0 && best.is_none_or(|(_, s)| score > s) {
            best = Some((i, score));
        }
    }
    best.map(|(i, _)| i)
}

/// Widens a box again ("pasting"), as the EMA Workbench does for the chosen box.
///
/// Each step considers, for every restricted limit, moving it outward to take in the nearest
/// value levels of the points just beyond it (those within all other limits): as many whole
/// levels as fit into `alpha` of the box's weight, but at least one. A candidate qualifies when
/// the box's density does not drop (within 1e-12); the step takes the one with the highest
/// density (ties: lower factor index, then lower end). A limit moved to the factor's smallest
/// (largest) value over all points is removed. Pasting ends when no candidate qualifies.
/// Inputs as for [`peel`]; `pbox` must have one limit per factor.
pub fn paste(
    x: &[Vec<f64>],
    y: &[f64],
    weights: Option<&[f64]>,
    pbox: &PrimBox,
    alpha: f64,
) -> Result<PrimBox> {
    check_config(&PrimConfig { alpha, min_mass: 0.0 })?;
    let data = Data::new(x, pbox.limits.len(), y, weights)?;
    let extreme = |j: usize, lower: bool| {
        let it = x.iter().map(|r| r[j]);
        if lower { it.fold(f64::INFINITY, f64::min) } else { it.fold(f64::NEG_INFINITY, f64::max) }
    };
    let mut limits = pbox.limits.clone();
    let rows_in = |limits: &[Limit]| -> Vec<usize> {
        (0..x.len()).filter(|&i| limits.iter().zip(&x[i]).all(|(l, &v)| l.contains(v))).collect()
    };
    let mut current = data.make_box(limits.clone(), &rows_in(&limits));
    loop {
        let mut best: Option<(PrimBox, Vec<Limit>)> = None;
        for j in 0..data.k {
            for lower_end in [true, false] {
                let Some(bound) = (if lower_end { limits[j].lower } else { limits[j].upper }) else {
                    continue;
                };
                let mut relaxed = limits.clone();
                if lower_end {
                    relaxed[j].lower = None;
                } else {
                    relaxed[j].upper = None;
                }
                let beyond: Vec<usize> = rows_in(&relaxed)
                    .into_iter()
                    .filter(|&i| if lower_end { x[i][j] < bound } else { x[i][j] > bound })
                    .collect();
                if beyond.is_empty() {
                    continue;
                }
                let levels = data.levels(&beyond, j, !lower_end);
                let m = slice_levels(&levels, alpha * current.mass * data.total_w);
                let new = levels[m - 1].0;
                let mut cand = limits.clone();
                let gone = new == extreme(j, lower_end);
                if lower_end {
                    cand[j].lower = (!gone).then_some(new);
                } else {
                    cand[j].upper = (!gone).then_some(new);
                }
                let b = data.make_box(cand.clone(), &rows_in(&cand));
                if b.density >= current.density - 1e-12
                    && best.as_ref().is_none_or(|(a, _)| b.density > a.density)
                {
                    best = Some((b, cand));
                }
            }
        }
        let Some((b, cand)) = best else { break };
        current = b;
        limits = cand;
    }
    Ok(current)
}

/// Drops the restrictions that do not pay for themselves, for a shorter description.
///
/// Peeling sometimes cuts a factor that does not matter, when noise made that slice look
/// worse. Each step considers removing each single limit (one end of one restricted factor)
/// and takes the removal that gives the largest `coverage × density`, the score of [`choose`],
/// provided the score does not drop (within 1e-12); ties go to the lower factor index, then the
/// lower end. It ends when every remaining limit lowers the score when removed. Inputs as for
/// [`paste`].
pub fn simplify(x: &[Vec<f64>], y: &[f64], weights: Option<&[f64]>, pbox: &PrimBox) -> Result<PrimBox> {
    let data = Data::new(x, pbox.limits.len(), y, weights)?;
    let boxed = |limits: Vec<Limit>| {
        let rows: Vec<usize> =
            (0..x.len()).filter(|&i| limits.iter().zip(&x[i]).all(|(l, &v)| l.contains(v))).collect();
        data.make_box(limits, &rows)
    };
    let score = |b: &PrimBox| b.coverage * b.density;
    let mut current = boxed(pbox.limits.clone());
    loop {
        let mut best: Option<PrimBox> = None;
        for j in 0..data.k {
            for lower_end in [true, false] {
                let mut limits = current.limits.clone();
                let side = if lower_end { &mut limits[j].lower } else { &mut limits[j].upper };
                if side.take().is_none() {
                    continue;
                }
                let b = boxed(limits);
                if score(&b) >= score(&current) - 1e-12 && best.as_ref().is_none_or(|a| score(&b) > score(a))
                {
                    best = Some(b);
                }
            }
        }
        let Some(b) = best else { break };
        current = b;
    }
    Ok(current)
}

/// A factor limit for reading: integers without decimals, other values with 2 decimals.
fn number(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{:.0}", v + 0.0)
    } else {
        let s = format!("{v:.2}");
        if s == "-0.00" { "0.00".into() } else { s }
    }
}

/// A share as a whole percentage, never rounded to 0% or 100% unless exact ("<1%", ">99%").
pub fn percent(f: f64) -> String {
    let p = (100.0 * f).round();
    if f > 0.0 && p == 0.0 {
        "<1%".into()
    } else if f < 1.0 && p == 100.0 {
        ">99%".into()
    } else {
        format!("{p:.0}%")
    }
}

/// Says a box in words, e.g. `escalation in 81% of couples when Sam's anxiety >= 0.60 and
/// Alex's avoidance <= 0.30; this box holds 74% of all escalation (38% of the points)`.
///
/// The sentence is `{outcome} in {density} of couples when {conditions}; this box holds
/// {coverage} of all {outcome} ({mass} of the points)`, with `across all points` instead of
/// `when …` for a box that restricts nothing. Each restricted factor, in factor order, reads
/// `{label} >= a`, `{label} <= b`, `{label} between a and b` (inclusive) or `{label} = a`;
/// conditions are joined by commas and a final `and`; unrestricted factors are omitted. The
/// limits are the kept data values (see the module documentation), integers printed without
/// decimals and other numbers with 2; percentages are whole (see `<1%`, `>99%`). A factor
/// without a label is called `factor N` (counting from 1).
pub fn describe<S: AsRef<str>>(pbox: &PrimBox, factor_labels: &[S], outcome_phrase: &str) -> String {
    format!(
        "{outcome_phrase} in {} of couples {}; this box holds {} of all {outcome_phrase} ({} of the points)",
        percent(pbox.density),
        conditions(pbox, factor_labels),
        percent(pbox.coverage),
        percent(pbox.mass)
    )
}

/// The box's restrictions in words: `when A >= 0.60, B <= 0.30 and C between 0.20 and 0.50`,
/// or `across all points` for the whole space.
pub fn conditions<S: AsRef<str>>(pbox: &PrimBox, factor_labels: &[S]) -> String {
    let conditions: Vec<String> = pbox
        .limits
        .iter()
        .enumerate()
        .filter(|(_, l)| l.is_restricted())
        .map(|(j, l)| {
            let label =
                factor_labels.get(j).map_or_else(|| format!("factor {}", j + 1), |s| s.as_ref().to_string());
            match (l.lower, l.upper) {
                (Some(a), Some(b)) if a == b => format!("{label} = {}", number(a)),
                (Some(a), Some(b)) => format!("{label} between {} and {}", number(a), number(b)),
                (Some(a), None) => format!("{label} >= {}", number(a)),
                (None, Some(b)) => format!("{label} <= {}", number(b)),
                (None, None) => unreachable!("filtered to restricted factors"),
            }
        })
        .collect();
    match conditions.split_last() {
        None => "across all points".to_string(),
        Some((last, [])) => format!("when {last}"),
        Some((last, rest)) => format!("when {} and {last}", rest.join(", ")),
    }
}

#[cfg(test)]
#[path = "prim_tests.rs"]
mod tests;
