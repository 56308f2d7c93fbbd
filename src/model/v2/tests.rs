//! Unit tests of model version 2.

use super::*;
use rand::SeedableRng;
use rand::rngs::Xoshiro256PlusPlus;

const ISSUE_RATE: f64 = 0.05;

fn couple(p: &V2Params, a: (f64, f64), b: (f64, f64)) -> CoupleV2<'_> {
    let partners = [PartnerV2::new(a.0, a.1, 0.6, 0.1), PartnerV2::new(b.0, b.1, 0.6, 0.1)];
    CoupleV2::new(p, Context::Married, partners, 0.5, 0.02, ISSUE_RATE)
}

#[test]
fn binomial_inversion_has_the_right_mean() {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(9);
    for (n, p) in [(10u32, 0.03), (40, 0.2), (5, 0.9)] {
        let draws = 100_000;
        let sum: u64 = (0..draws).map(|_| u64::from(binomial(&mut rng, n, p))).sum();
        let mean = sum as f64 / draws as f64;
        let se = (f64::from(n) * p * (1.0 - p) / draws as f64).sqrt();
        assert!((mean - f64::from(n) * p).abs() < 5.0 * se, "{n} {p}: {mean}");
    }
}

#[test]
fn burnout_is_half_at_its_midpoint() {
    let p = V2Params::default();
    let mut q = PartnerV2::new(0.8, 0.2, 0.6, p.burnout_at);
    assert!((q.burnout(&p) - 0.5).abs() < 1e-12);
    q.hopelessness = 0.0;
    assert!(q.burnout(&p) < 0.001, "no burnout early: pursuit lasts");
}

#[test]
fn twenty_years_keep_every_variable_in_range_and_the_issue_stock_bounded() {
    let p = V2Params { issue_rate_cv: 0.0, ..V2Params::default() };
    for (a, b) in [((0.85, 0.15), (0.15, 0.85)), ((0.15, 0.85), (0.15, 0.85)), ((0.9, 0.9), (0.9, 0.9))] {
        let mut c = couple(&p, a, b);
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(3);
        let mut most = 0;
        for _ in 0..20 * 365 {
            c.step(&StepContext::QUIET, &mut rng);
            assert!((0.0..=1.0).contains(&c.closeness) && (0.0..=1.0).contains(&c.stress));
            for q in &c.partners {
                for v in [q.trust, q.hopelessness, q.contempt, q.flooding, q.anxiety, q.avoidance] {
                    assert!((0.0..=1.0).contains(&v), "{a:?} {b:?}: {v}");
                }
                assert!(q.satisfaction.is_finite() && q.satisfaction <= 1.0);
            }
            most = most.max(c.open + c.gridlocked);
        }
        // With no capacity at all, issues settle near rate x share / base rate.
        let ceiling =
            ISSUE_RATE * (p.perpetual_share / p.accept_base + (1.0 - p.perpetual_share) / p.resolve_base);
        assert!(f64::from(most) < 3.0 * ceiling + 10.0, "{a:?} {b:?}: {most} issues");
    }
}

#[test]
fn the_same_seed_gives_the_same_couple() {
    let p = V2Params::default();
    let run = || {
        let mut c = couple(&p, (0.85, 0.15), (0.15, 0.85));
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(11);
        c.draw_issue_rate(&mut rng);
        for _ in 0..500 {
            c.step(&StepContext::QUIET, &mut rng);
        }
        (c.state(), c.gridlocked, c.accepted)
    };
    assert_eq!(run(), run());
}

#[test]
fn trait_fluctuation_wanders_around_the_stable_part_and_keeps_other_changes() {
    let p = V2Params { trait_fluctuation: 0.1, fluctuation_days: 30.0, ..V2Params::default() };
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(17);
    let (mut sum, mut squares, mut n) = (0.0, 0.0, 0.0);
    let mut c = couple(&p, (0.5, 0.5), (0.5, 0.5));
    c.draw_fluctuation(&mut rng);
    for _ in 0..2000 {
        c.fluctuate(&mut rng);
        for q in &c.partners {
            // Away from the bounds the trait is exactly its stable part plus its state part.
            assert!(
                (q.anxiety - (q.core[0] + q.fluctuation[0])).abs() < 1e-12
                    || !(0.0..1.0).contains(&q.anxiety)
            );
            sum += q.anxiety;
            squares += q.anxiety * q.anxiety;
            n += 1.0;
        }
    }
    let (mean, sd) = (sum / n, (squares / n - (sum / n).powi(2)).sqrt());
    assert!((mean - 0.5).abs() < 0.02 && (sd - 0.1).abs() < 0.015, "mean {mean:.3}, sd {sd:.3}");
    // A change from elsewhere (therapy, drift) moves the stable part and is kept.
    let before = c.partners[0].core[0];
    c.partners[0].anxiety -= 0.2;
    assert!((c.partners[0].stable()[0] - (before - 0.2)).abs() < 1e-9, "{:?}", c.partners[0].stable());
    c.fluctuate(&mut rng);
    assert!((c.partners[0].core[0] - (before - 0.2)).abs() < 1e-9, "{}", c.partners[0].core[0]);
    // Off, nothing is drawn.
    let off = V2Params { trait_fluctuation: 0.0, ..V2Params::default() };
    let mut quiet = couple(&off, (0.5, 0.5), (0.5, 0.5));
    let (mut a, b) = (Xoshiro256PlusPlus::seed_from_u64(3), Xoshiro256PlusPlus::seed_from_u64(3));
    quiet.draw_fluctuation(&mut a);
    assert_eq!(a, b, "no draw while trait fluctuation is off");
}

#[test]
fn sentiment_is_tracked_only_when_the_negativity_cascade_is_on() {
    let off = V2Params::default();
    let on = V2Params { married_negativity: 0.15, ..V2Params::default() };
    fn run(p: &V2Params) -> [PartnerV2; 2] {
        let mut c = couple(p, (0.85, 0.15), (0.15, 0.85));
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(7);
        for _ in 0..365 {
            c.step(&StepContext::QUIET, &mut rng);
        }
        c.partners
    }
    let quiet = run(&off);
    for q in &quiet {
        assert_eq!((q.sentiment, q.regard), (off.sentiment_start, 0.5), "untouched while off");
    }
    // On, an anxious-avoidant couple's sentiment about each other falls within a year:
    // pursuit and withdrawal both read as negative.
    let tracked = run(&on);
    for q in &tracked {
        assert!(q.sentiment < on.sentiment_start - 0.05, "sentiment {:.3}", q.sentiment);
        assert!((0.0..=1.0).contains(&q.sentiment) && (0.0..=1.0).contains(&q.regard));
    }
}

#[test]
fn negative_sentiment_raises_the_hazard_of_leaving() {
    // Days until someone leaves, over many couples, at a given sentiment held fixed.
    let p = V2Params { married_negativity: 2.0, sentiment_days: 1e9, ..V2Params::default() };
    let mean_days = |sentiment: f64| {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(13);
        let mut total = 0u64;
        for _ in 0..200 {
            let mut c = couple(&p, (0.2, 0.2), (0.2, 0.2));
            for q in &mut c.partners {
                q.sentiment = sentiment;
            }
            let mut day = 0u64;
            while day < 3650 && c.leaving(&mut rng).is_none() {
                day += 1;
                c.day += 1;
            }
            total += day;
        }
        total as f64 / 200.0
    };
    let (warm, cold) = (mean_days(0.6), mean_days(0.1));
    assert!(cold < 0.5 * warm, "mean days to leaving: {cold:.0} cold vs {warm:.0} warm");
}

#[test]
fn a_burned_out_pursuer_withdraws_and_an_anxious_one_protests() {
    let p = V2Params::default();
    let c = couple(&p, (0.85, 0.15), (0.15, 0.85));
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(5);
    let share = |c: &CoupleV2, rng: &mut Xoshiro256PlusPlus| {
        let n = 20_000;
        (0..n).filter(|_| c.choose(0, None, &Modifiers::NONE, rng) == Strategy::Pursue).count() as f64
            / n as f64
    };
    let fresh = share(&c, &mut rng);
    let mut burned = c.clone();
    burned.partners[0].hopelessness = 0.9;
    let tired = share(&burned, &mut rng);
    assert!(fresh > 0.2 && tired < 0.01, "pursuit {fresh:.3} fresh, {tired:.3} burned out");
}
