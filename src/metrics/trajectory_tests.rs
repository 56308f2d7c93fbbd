//! Tests of the trajectory aggregate: bins, fixed point, grouping and early stops.

use super::*;

#[test]
fn bins_are_those_of_round_and_clamp() {
    let old = |v: f64| ((v * 1000.0).round().clamp(0.0, 1000.0)) as usize;
    // 0.0625, 0.1875, 0.3125 are exact halves of a bin (62.5, 187.5, 312.5): ties go up.
    let mut values = vec![0.0, -0.0, 1.0, -0.3, 1.7, f64::NAN, f64::INFINITY, -f64::INFINITY, 0.0005, 0.0015];
    values.extend([0.6005, 0.9995, 0.49999999999, 0.0625, 0.1875, 0.3125, 0.9375, 1e-300]);
    values.extend((0..=200_000).map(|i| f64::from(i) / 200_000.0));
    values.extend((0..=2000).map(|i| (f64::from(i) + 0.5) / 1000.0));
    values.extend((0..=2000).map(|i| (f64::from(i) + 0.5) / 1000.0 + 1e-17));
    for v in values {
        assert_eq!(usize::from(bin(v)), old(v), "{v}");
    }
}

#[test]
fn fixed_point_is_the_value_to_the_last_place() {
    for v in [0.0, 1.0, 0.6, 0.123456789, 1e-300, 1.999, 0.5 + 1e-16] {
        let back = fixed(v) as f64 / SCALE;
        assert!((back - v).abs() <= 0.5 / SCALE, "{v}: {back}");
        assert_eq!(i128::from(mantissa(v)), fixed(v));
    }
    assert_eq!(fixed(-0.25), -(1i128 << 49));
    assert_eq!(fixed(3.0), 3i128 << 51);
    assert_eq!(fixed(f64::NAN), 0);
}

/// A state with every variable set from `x`, which has `issues` issues.
fn state(x: f64, issues: u32, pursue: bool) -> DyadState {
    let partner = crate::model::Partner {
        anxiety: 0.5,
        avoidance: 0.5,
        stable: [0.5, 0.5],
        trust: x,
        exhaustion: 1.0 - x,
        resentment: x * x,
        strategy: if pursue { Strategy::Pursue } else { Strategy::Withdraw },
        activated: true,
        engagement: 0.5,
    };
    DyadState { closeness: x, issues, stress: 0.0, partners: [partner, partner] }
}

/// Runs `runs` (each a list of values, one per step, stopping early when short) through
/// recorders in groups of `group`, added in the order of `order`.
fn aggregate(runs: &[Vec<f64>], steps: u32, group: usize, reverse: bool) -> TrajectoryAggregate {
    let acc = TrajectoryAccumulator::new(steps);
    let mut chunks: Vec<&[Vec<f64>]> = runs.chunks(group).collect();
    if reverse {
        chunks.reverse();
    }
    for chunk in chunks {
        let mut rec = TrajectoryRecorder::new(steps, 2);
        for run in chunk {
            for (t, &x) in run.iter().enumerate() {
                rec.observe(t as u32, &state(x, (x * 7.0) as u32, t % 3 == 0));
            }
            let t = run.len() - 1;
            rec.end(t as u32, &state(run[t], (run[t] * 7.0) as u32, t % 3 == 0));
            rec.end_run();
        }
        acc.add_group(&mut rec);
        acc.add_recorder(rec);
    }
    acc.finish()
}

#[test]
fn the_aggregate_does_not_depend_on_grouping_or_order_and_holds_stopped_runs() {
    let steps = 6u32;
    let runs: Vec<Vec<f64>> = (0..23)
        .map(|r| {
            let len = if r % 4 == 0 { 3 } else { steps as usize + 1 };
            (0..len).map(|t| ((r * 37 + t * 11) % 100) as f64 / 99.0).collect()
        })
        .collect();
    let a = aggregate(&runs, steps, 5, false);
    let b = aggregate(&runs, steps, 2, true);
    let c = aggregate(&runs, steps, 23, false);
    for t in 0..=steps as usize {
        for (var, name) in VARIABLES.iter().enumerate() {
            assert_eq!(a.stats(t, var), b.stats(t, var), "step {t}, {name}");
            assert_eq!(a.stats(t, var), c.stats(t, var), "step {t}, {name}");
        }
    }
    // At the last step, the stopped runs hold their third value and are not running.
    let last = steps as usize;
    let held: Vec<f64> = runs.iter().map(|r| *r.last().expect("a value")).collect();
    let mean = held.iter().sum::<f64>() / held.len() as f64;
    assert!((a.stats(last, 0).mean - mean).abs() < 1e-15);
    let running = runs.iter().filter(|r| r.len() > last).count() as f64 / runs.len() as f64;
    assert!((a.stats(last, 12).mean - running).abs() < 1e-15);
    let sd = (held.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (held.len() - 1) as f64).sqrt();
    assert!((a.stats(last, 0).sd - sd).abs() < 1e-9, "{} vs {sd}", a.stats(last, 0).sd);
}

#[test]
fn nearest_rank_picks_the_right_bin() {
    let counts = [2, 0, 3, 5];
    assert_eq!(nearest_rank(&counts, 1), 0);
    assert_eq!(nearest_rank(&counts, 2), 0);
    assert_eq!(nearest_rank(&counts, 3), 2);
    assert_eq!(nearest_rank(&counts, 10), 3);
}
