use super::*;
use crate::engine::rng_from_seed;
use rand::RngExt;

fn names(k: usize) -> Vec<String> {
    (0..k).map(|j| format!("x{j}")).collect()
}

/// 2000 uniform points in [0,1]^4; y = 1 inside x0 > 0.6 and x1 < 0.3, each label flipped with
/// probability `noise`.
fn synthetic(noise: f64) -> (Vec<Vec<f64>>, Vec<f64>) {
    synthetic_seeded(noise, 20240611)
}

fn synthetic_seeded(noise: f64, seed: u64) -> (Vec<Vec<f64>>, Vec<f64>) {
    let mut rng = rng_from_seed(seed);
    let mut x = Vec::new();
    let mut y = Vec::new();
    for _ in 0..2000 {
        let row: Vec<f64> = (0..4).map(|_| rng.random::<f64>()).collect();
        let inside = row[0] > 0.6 && row[1] < 0.3;
        let flip = rng.random::<f64>() < noise;
        y.push(if inside != flip { 1.0 } else { 0.0 });
        x.push(row);
    }
    (x, y)
}

fn check_known_box(b: &PrimBox) {
    assert_eq!(b.restricted, 2, "{b:?}");
    assert!(b.limits[0].upper.is_none() && b.limits[1].lower.is_none(), "{b:?}");
    assert!(!b.limits[2].is_restricted() && !b.limits[3].is_restricted(), "{b:?}");
    assert!((b.limits[0].lower.unwrap() - 0.6).abs() <= 0.05, "{b:?}");
    assert!((b.limits[1].upper.unwrap() - 0.3).abs() <= 0.05, "{b:?}");
}

/// The coverage of the true box: with labels flipped everywhere, the flipped ones outside it
/// cannot be covered, so this is the ceiling (about 0.7), and the brief's "coverage > 0.8" is
/// unreachable with label noise; the tests ask for 90% of this ceiling instead.
fn true_box_coverage(x: &[Vec<f64>], y: &[f64]) -> f64 {
    let in_true = |r: &Vec<f64>| r[0] > 0.6 && r[1] < 0.3;
    x.iter().zip(y).filter(|(r, _)| in_true(r)).map(|(_, y)| y).sum::<f64>() / y.iter().sum::<f64>()
}

#[test]
fn finds_the_known_box_with_label_noise() {
    let (x, y) = synthetic(0.05);
    let t = peel(&x, &names(4), &y, None, &PrimConfig::default()).unwrap();
    let i = choose(&t, DEFAULT_MIN_COVERAGE).unwrap();
    let b = &t.boxes[i];
    check_known_box(b);
    assert!(b.density > 0.85, "{b:?}");
    assert!(b.coverage >= 0.9 * true_box_coverage(&x, &y), "{b:?}");
    // Pasting never lowers the density and keeps the box; nothing here to simplify.
    let p = paste(&x, &y, None, b, DEFAULT_ALPHA).unwrap();
    assert!(p.density >= b.density - 1e-12 && p.coverage >= b.coverage);
    check_known_box(&p);
    assert_eq!(&simplify(&x, &y, None, b).unwrap(), b);
}

/// Over 40 data sets, the chosen box sometimes (2 of these 40) carries one spurious extra limit
/// that peeling cut on noise; after `simplify`, every box is the known one.
#[test]
fn simplify_gives_the_known_box_for_every_seed() {
    let mut spurious = 0;
    for seed in 0..40 {
        let (x, y) = synthetic_seeded(0.05, seed);
        let t = peel(&x, &names(4), &y, None, &PrimConfig::default()).unwrap();
        let chosen = &t.boxes[choose(&t, DEFAULT_MIN_COVERAGE).unwrap()];
        spurious += usize::from(chosen.restricted > 2);
        let b = simplify(&x, &y, None, chosen).unwrap();
        check_known_box(&b);
        assert!(b.density > 0.85, "seed {seed}: {b:?}");
        assert!(b.coverage >= 0.9 * true_box_coverage(&x, &y), "seed {seed}: {b:?}");
        assert!(b.coverage * b.density >= chosen.coverage * chosen.density - 1e-12);
    }
    assert!(spurious < 40 / 10, "{spurious} of 40 chosen boxes had a spurious limit");
}

#[test]
fn simplify_drops_a_limit_that_does_not_matter() {
    let (x, y) = grid();
    let t = peel(&x, &names(2), &y, None, &PrimConfig::default()).unwrap();
    let mut b = t.boxes[choose(&t, DEFAULT_MIN_COVERAGE).unwrap()].clone();
    let corner = b.limits.clone();
    b.limits[0].upper = Some(9.0 / 10.0);
    let s = simplify(&x, &y, None, &b).unwrap();
    assert_eq!(s.limits, corner);
    assert_eq!((s.rows, s.restricted), (16, 2));
}

#[test]
fn finds_the_known_box_without_noise() {
    let (x, y) = synthetic(0.0);
    let t = peel(&x, &names(4), &y, None, &PrimConfig::default()).unwrap();
    let b = &t.boxes[choose(&t, DEFAULT_MIN_COVERAGE).unwrap()];
    check_known_box(b);
    assert!(b.density > 0.85 && b.coverage > 0.8, "{b:?}");
}

#[test]
fn trajectory_shrinks_and_respects_min_mass() {
    let (x, y) = synthetic(0.05);
    let cfg = PrimConfig::default();
    let t = peel(&x, &names(4), &y, None, &cfg).unwrap();
    assert!(t.boxes.len() > 10);
    let first = &t.boxes[0];
    assert_eq!((first.rows, first.mass, first.coverage, first.restricted), (2000, 1.0, 1.0, 0));
    for w in t.boxes.windows(2) {
        assert!(w[1].rows < w[0].rows);
        assert!(w[1].mass >= cfg.min_mass);
        // One peel takes at most alpha of the box (continuous data: one value per level).
        assert!(w[0].rows - w[1].rows <= (cfg.alpha * w[0].rows as f64).floor().max(1.0) as usize);
    }
    for b in &t.boxes {
        let rows = x.iter().filter(|r| b.contains(r)).count();
        assert_eq!(rows, b.rows);
        assert!([b.coverage, b.density, b.density_se, b.mass].iter().all(|v| v.is_finite()));
    }
}

#[test]
fn is_deterministic() {
    let (x, y) = synthetic(0.05);
    let a = peel(&x, &names(4), &y, None, &PrimConfig::default()).unwrap();
    let b = peel(&x, &names(4), &y, None, &PrimConfig::default()).unwrap();
    assert_eq!(a, b);
}

/// An 11 x 11 grid on [0, 1]^2 with a share outcome of 0.85 where both factors are >= 0.7 and
/// 0.05 elsewhere.
fn grid() -> (Vec<Vec<f64>>, Vec<f64>) {
    let mut x = Vec::new();
    let mut y = Vec::new();
    for i in 0..=10 {
        for j in 0..=10 {
            x.push(vec![i as f64 / 10.0, j as f64 / 10.0]);
            y.push(if i >= 7 && j >= 7 { 0.85 } else { 0.05 });
        }
    }
    (x, y)
}

#[test]
fn grid_box_is_the_corner() {
    let (x, y) = grid();
    let t = peel(&x, &names(2), &y, None, &PrimConfig::default()).unwrap();
    for w in t.boxes.windows(2) {
        assert!(w[1].rows < w[0].rows, "peeling must progress");
    }
    let b = &t.boxes[choose(&t, DEFAULT_MIN_COVERAGE).unwrap()];
    let corner = Limit { lower: Some(7.0 / 10.0), upper: None };
    assert_eq!(b.limits, vec![corner, corner]);
    assert_eq!(b.rows, 16);
    assert!((b.density - 0.85).abs() < 1e-12);
    assert!((b.coverage - 16.0 * 0.85 / (16.0 * 0.85 + 105.0 * 0.05)).abs() < 1e-12);
    assert!((b.mass - 16.0 / 121.0).abs() < 1e-12);
    assert_eq!(
        describe(b, &["Sam's anxiety", "Alex's avoidance"], "escalation"),
        "escalation in 85% of couples when Sam's anxiety >= 0.70 and Alex's avoidance >= 0.70; \
         this box holds 72% of all escalation (13% of the points)"
    );
}

#[test]
fn pasting_widens_a_too_small_box_to_the_corner() {
    let (x, y) = grid();
    let start = Limit { lower: Some(9.0 / 10.0), upper: None };
    let small = PrimBox {
        limits: vec![start, start],
        coverage: 0.0,
        density: 0.0,
        density_se: 0.0,
        mass: 0.0,
        rows: 0,
        restricted: 2,
    };
    let p = paste(&x, &y, None, &small, DEFAULT_ALPHA).unwrap();
    let corner = Limit { lower: Some(7.0 / 10.0), upper: None };
    assert_eq!(p.limits, vec![corner, corner]);
    assert_eq!((p.rows, p.restricted), (16, 2));
    // A box widened to a factor's smallest value drops that restriction.
    let y_flat = vec![0.5; x.len()];
    let p = paste(&x, &y_flat, None, &small, DEFAULT_ALPHA).unwrap();
    assert_eq!((p.restricted, p.rows, p.mass), (0, 121, 1.0));
}

#[test]
fn all_zero_outcome_gives_no_box() {
    let (x, _) = grid();
    let y = vec![0.0; x.len()];
    let t = peel(&x, &names(2), &y, None, &PrimConfig::default()).unwrap();
    assert_eq!(t.boxes.len(), 1);
    assert_eq!(t.total_outcome, 0.0);
    let b = &t.boxes[0];
    assert_eq!((b.coverage, b.density, b.density_se, b.mass), (0.0, 0.0, 0.0, 1.0));
    assert_eq!(choose(&t, DEFAULT_MIN_COVERAGE), None);
    assert_eq!(choose(&t, 0.0), None);
}

#[test]
fn all_one_outcome_chooses_the_whole_space() {
    let (x, _) = grid();
    let y = vec![1.0; x.len()];
    let t = peel(&x, &names(2), &y, None, &PrimConfig::default()).unwrap();
    assert_eq!(choose(&t, DEFAULT_MIN_COVERAGE), Some(0));
    assert!(t.boxes.iter().all(|b| b.density == 1.0 && b.density_se == 0.0));
    assert_eq!(
        describe(&t.boxes[0], &["a", "b"], "escalation"),
        "escalation in 100% of couples across all points; this box holds 100% of all escalation \
         (100% of the points)"
    );
}

#[test]
fn single_row_and_constant_factor() {
    let t = peel(&[vec![0.3, 2.0]], &names(2), &[1.0], None, &PrimConfig::default()).unwrap();
    assert_eq!(t.boxes.len(), 1);
    assert_eq!(choose(&t, DEFAULT_MIN_COVERAGE), Some(0));
    let t = peel(&[vec![0.3, 2.0]], &names(2), &[0.0], None, &PrimConfig::default()).unwrap();
    assert_eq!(choose(&t, 0.0), None);

    // Factor 1 is constant: it is never restricted; factor 0 carries the signal.
    let x: Vec<Vec<f64>> = (0..100).map(|i| vec![i as f64, 4.0]).collect();
    let y: Vec<f64> = (0..100).map(|i| if i >= 80 { 1.0 } else { 0.0 }).collect();
    let t = peel(&x, &names(2), &y, None, &PrimConfig::default()).unwrap();
    assert!(t.boxes.iter().all(|b| !b.limits[1].is_restricted()));
    let b = &t.boxes[choose(&t, DEFAULT_MIN_COVERAGE).unwrap()];
    assert_eq!(b.limits[0], Limit { lower: Some(80.0), upper: None });
    assert_eq!((b.density, b.coverage), (1.0, 1.0));
}

#[test]
fn weights_count_as_mass() {
    // Doubling every weight changes nothing.
    let (x, y) = grid();
    let cfg = PrimConfig::default();
    let a = peel(&x, &names(2), &y, None, &cfg).unwrap();
    let b = peel(&x, &names(2), &y, Some(&vec![2.0; x.len()]), &cfg).unwrap();
    assert_eq!(a.boxes.len(), b.boxes.len());
    for (p, q) in a.boxes.iter().zip(&b.boxes) {
        assert_eq!(p.limits, q.limits);
        assert!((p.density - q.density).abs() < 1e-12 && (p.mass - q.mass).abs() < 1e-12);
    }
}

#[test]
fn bad_input_is_an_error_not_a_panic() {
    let cfg = PrimConfig::default();
    let x = vec![vec![0.0], vec![1.0]];
    assert!(peel(&[], &names(1), &[], None, &cfg).is_err());
    assert!(peel(&x, &names(1), &[0.0], None, &cfg).is_err());
    assert!(peel(&x, &names(2), &[0.0, 1.0], None, &cfg).is_err());
    assert!(peel(&x, &names(1), &[0.0, 1.5], None, &cfg).is_err());
    assert!(peel(&x, &names(1), &[0.0, f64::NAN], None, &cfg).is_err());
    assert!(peel(&[vec![f64::NAN], vec![1.0]], &names(1), &[0.0, 1.0], None, &cfg).is_err());
    assert!(peel(&x, &names(1), &[0.0, 1.0], Some(&[1.0, -1.0]), &cfg).is_err());
    assert!(peel(&x, &names(1), &[0.0, 1.0], Some(&[0.0, 0.0]), &cfg).is_err());
    assert!(peel(&x, &names(1), &[0.0, 1.0], None, &PrimConfig { alpha: 0.0, min_mass: 0.05 }).is_err());
    let e = peel(&x, &names(1), &[0.0], None, &cfg).unwrap_err().to_string();
    assert_eq!(e, "PRIM: 2 points but 1 outcomes");
}

#[test]
fn describe_a_hand_made_box() {
    let b = PrimBox {
        limits: vec![
            Limit { lower: Some(0.6), upper: None },
            Limit { lower: None, upper: Some(0.3) },
            Limit::default(),
            Limit { lower: Some(0.2), upper: Some(0.5) },
            Limit { lower: Some(3.0), upper: None },
            Limit { lower: Some(0.75), upper: Some(0.75) },
        ],
        coverage: 0.74,
        density: 0.81,
        density_se: 0.02,
        mass: 0.381,
        rows: 123,
        restricted: 5,
    };
    let labels = ["Sam's anxiety", "Alex's avoidance", "stress", "Sam's avoidance", "sessions"];
    assert_eq!(
        describe(&b, &labels, "escalation"),
        "escalation in 81% of couples when Sam's anxiety >= 0.60, Alex's avoidance <= 0.30, \
         Sam's avoidance between 0.20 and 0.50, sessions >= 3 and factor 6 = 0.75; \
         this box holds 74% of all escalation (38% of the points)"
    );
    let tiny = PrimBox { coverage: 0.999, mass: 0.004, density: 0.5, limits: vec![b.limits[0]], ..b };
    assert_eq!(
        describe(&tiny, &["anxiety"], "escalation"),
        "escalation in 50% of couples when anxiety >= 0.60; this box holds >99% of all \
         escalation (<1% of the points)"
    );
}
