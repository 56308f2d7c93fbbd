//! Model version 1 (`[model] version = 1`, the model of dyad 0.1) against the validation table
//! of its brief (docs/MODEL-V1.md, "Validation"): one test per row V1-V11, and the intervention
//! rows I1-I9. Kept so that version 1 stays what it was; the default model is checked in
//! tests/validation.rs. Each uses many replicates, a fixed seed and a tolerance chosen to hold for other
//! seeds too (set `DYAD_VALIDATION_SEED` to try one; the tolerances were checked with several).

use dyad::engine::{self, Observer};
use dyad::metrics::{Outcome, RunSummary};
use dyad::model::{DyadState, Strategy};
use dyad::scenario::Scenario;
use rayon::prelude::*;

fn seed() -> u64 {
    std::env::var("DYAD_VALIDATION_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or(20261122)
}

/// A canonical pairing: traits 0.15 (low) and 0.85 (high).
fn pairing(a: (f64, f64), b: (f64, f64), replicates: u32) -> Scenario {
    let mut sc = version_1(Scenario::default());
    sc.partner.a.anxiety = a.0;
    sc.partner.a.avoidance = a.1;
    sc.partner.b.anxiety = b.0;
    sc.partner.b.avoidance = b.1;
    sc.replicates = replicates;
    sc.seed = seed();
    sc
}

/// A scenario under model version 1 with its defaults (one year, 0.08 issues a day).
fn version_1(mut sc: Scenario) -> Scenario {
    sc.model.version = 1;
    sc.steps = 365;
    sc.environment.issue_rate = dyad::scenario::V1_ISSUE_RATE;
    sc
}

const SECURE: (f64, f64) = (0.15, 0.15);
const ANXIOUS: (f64, f64) = (0.85, 0.15);
const AVOIDANT: (f64, f64) = (0.15, 0.85);
const FEARFUL: (f64, f64) = (0.85, 0.85);

struct Stats {
    runs: Vec<RunSummary>,
}

impl Stats {
    fn of(sc: &Scenario) -> Stats {
        Stats { runs: engine::run_scenario(sc, &|_| {}).runs }
    }
    fn share(&self, f: impl Fn(&RunSummary) -> bool) -> f64 {
        self.runs.iter().filter(|r| f(r)).count() as f64 / self.runs.len() as f64
    }
    fn p(&self, o: Outcome) -> f64 {
        self.share(|r| r.outcome == o)
    }
    fn p_bad(&self) -> f64 {
        self.share(|r| matches!(r.outcome, Outcome::Escalated | Outcome::Dissolved))
    }
    fn mean(&self, f: impl Fn(&RunSummary) -> f64) -> f64 {
        self.runs.iter().map(f).sum::<f64>() / self.runs.len() as f64
    }
    /// Standard error of the mean of a metric.
    fn se(&self, f: impl Fn(&RunSummary) -> f64) -> f64 {
        let m = self.mean(&f);
        let n = self.runs.len() as f64;
        (self.runs.iter().map(|r| (f(r) - m).powi(2)).sum::<f64>() / (n - 1.0) / n).sqrt()
    }
}

/// Standard error of a proportion with `n` trials (at least that of p = 0.05).
fn se(p: f64, n: usize) -> f64 {
    (p.clamp(0.05, 0.95) * (1.0 - p.clamp(0.05, 0.95)) / n as f64).sqrt()
}

#[test]
fn v1_secure_secure_settles() {
    let s = Stats::of(&pairing(SECURE, SECURE, 1000));
    let trust = s.mean(|r| 0.5 * (r.final_trust[0] + r.final_trust[1]));
    let exhaustion = s.mean(|r| 0.5 * (r.final_exhaustion[0] + r.final_exhaustion[1]));
    println!("V1 P(settled) {:.3} trust {trust:.3} exhaustion {exhaustion:.3}", s.p(Outcome::Settled));
    assert!(s.p(Outcome::Settled) >= 0.9);
    assert!(trust >= 0.8);
    assert!(exhaustion <= 0.2);
}

fn canonical(replicates: u32) -> Vec<(&'static str, Stats)> {
    let pairs = [
        ("secure-secure", SECURE, SECURE),
        ("secure-anxious", SECURE, ANXIOUS),
        ("secure-avoidant", SECURE, AVOIDANT),
        ("anxious-anxious", ANXIOUS, ANXIOUS),
        ("avoidant-avoidant", AVOIDANT, AVOIDANT),
        ("anxious-avoidant", ANXIOUS, AVOIDANT),
        ("fearful-fearful", FEARFUL, FEARFUL),
    ];
    pairs.iter().map(|&(name, a, b)| (name, Stats::of(&pairing(a, b, replicates)))).collect()
}

fn get<'a>(all: &'a [(&str, Stats)], name: &str) -> &'a Stats {
    &all.iter().find(|(n, _)| *n == name).unwrap().1
}

#[test]
fn v2_anxious_avoidant_is_the_pursuer_distancer_trap() {
    let all = canonical(2000);
    let aa = get(&all, "anxious-avoidant");
    let pw = |s: &Stats| s.mean(|r| r.pursue_withdraw);
    let pw_se = |s: &Stats| s.se(|r| r.pursue_withdraw);
    for (name, s) in &all {
        println!("V2 {name:<18} pursue-withdraw {:.4} (se {:.4})", pw(s), pw_se(s));
        if *name != "anxious-avoidant" {
            // Highest beyond Monte Carlo error: three standard errors of the difference.
            let margin = 3.0 * (pw_se(aa).powi(2) + pw_se(s).powi(2)).sqrt();
            assert!(pw(aa) > pw(s) + margin, "{name}");
        }
    }
    let share_a = aa.runs.iter().filter_map(|r| r.pursuer_share_a).sum::<f64>()
        / aa.runs.iter().filter(|r| r.pursuer_share_a.is_some()).count() as f64;
    println!("V2 anxious partner's share of pursuit {share_a:.3}, P(settled) {:.3}", aa.p(Outcome::Settled));
    assert!(share_a > 0.75, "the anxious partner pursues");
    assert!(aa.mean(|r| r.pursue[0]) > aa.mean(|r| r.pursue[1]));
    assert!(aa.mean(|r| r.withdraw[1]) > aa.mean(|r| r.withdraw[0]));
    assert!(aa.p(Outcome::Settled) <= 0.1);
}

fn p_bad_along(points: &[Scenario]) -> Vec<(f64, f64)> {
    points
        .iter()
        .map(|sc| {
            let s = Stats::of(sc);
            (s.p_bad(), se(s.p_bad(), s.runs.len()))
        })
        .collect()
}

fn assert_rising(label: &str, values: &[(f64, f64)]) {
    println!("V3 {label}: {:?}", values.iter().map(|v| format!("{:.3}", v.0)).collect::<Vec<_>>());
    for w in values.windows(2) {
        let tolerance = 3.0 * (w[0].1.powi(2) + w[1].1.powi(2)).sqrt();
        assert!(w[1].0 >= w[0].0 - tolerance, "{label}: not rising within Monte Carlo error: {values:?}");
    }
    let (first, last) = (values[0], values[values.len() - 1]);
    assert!(last.0 > first.0 + 3.0 * (first.1.powi(2) + last.1.powi(2)).sqrt(), "{label}: no rise");
}

#[test]
fn v3_risk_rises_with_a_anxiety_and_b_avoidance() {
    let grid = [0.1, 0.3, 0.5, 0.7, 0.9];
    for &b_avoidance in &[0.5, 0.85] {
        let points: Vec<Scenario> =
            grid.iter().map(|&x| pairing((x, 0.15), (0.15, b_avoidance), 600)).collect();
        assert_rising(&format!("A anxiety, B avoidance {b_avoidance}"), &p_bad_along(&points));
    }
    for &a_anxiety in &[0.5, 0.85] {
        let points: Vec<Scenario> =
            grid.iter().map(|&y| pairing((a_anxiety, 0.15), (0.15, y), 600)).collect();
        assert_rising(&format!("B avoidance, A anxiety {a_anxiety}"), &p_bad_along(&points));
    }
}

#[test]
fn v4_avoidant_avoidant_withdraws_together() {
    let all = canonical(1000);
    let vv = get(&all, "avoidant-avoidant");
    let mw = vv.mean(|r| r.mutual_withdrawal);
    let pw = vv.mean(|r| r.pursue_withdraw);
    let mp = vv.mean(|r| r.mutual_pursuit);
    println!("V4 avoidant-avoidant mutual withdrawal {mw:.3} pursue-withdraw {pw:.3} mutual pursuit {mp:.3}");
    assert!(mw > pw && mw > mp, "mutual withdrawal is the dominant insecure pattern");
    let closeness = vv.mean(|r| r.mean_closeness);
    for (name, s) in &all {
        println!("V4 {name:<18} mean closeness {:.3}", s.mean(|r| r.mean_closeness));
        if *name != "avoidant-avoidant" {
            assert!(closeness < s.mean(|r| r.mean_closeness) - 0.02, "{name}");
        }
    }
    assert!(pw < get(&all, "anxious-avoidant").mean(|r| r.pursue_withdraw));
}

#[test]
fn v5_anxious_anxious_pursue_together() {
    let all = canonical(1000);
    let mp = get(&all, "anxious-anxious").mean(|r| r.mutual_pursuit);
    for (name, s) in all.iter().filter(|(n, _)| !n.contains("fearful")) {
        println!("V5 {name:<18} mutual pursuit {:.4}", s.mean(|r| r.mutual_pursuit));
        if *name != "anxious-anxious" {
            assert!(mp > s.mean(|r| r.mutual_pursuit) * 1.5, "{name}");
        }
    }
}

#[test]
fn v6_a_secure_partner_buffers() {
    let all = canonical(1000);
    let settled = |name| get(&all, name).p(Outcome::Settled);
    for name in ["secure-anxious", "secure-avoidant"] {
        println!("V6 {name} P(settled) {:.3}", settled(name));
        assert!(settled(name) > settled("anxious-avoidant") + 0.2, "{name}");
        assert!(settled(name) < settled("secure-secure") - 0.1, "{name}");
    }
}

fn correlation(x: &[f64], y: &[f64]) -> f64 {
    let n = x.len() as f64;
    let (mx, my) = (x.iter().sum::<f64>() / n, y.iter().sum::<f64>() / n);
    let cov: f64 = x.iter().zip(y).map(|(a, b)| (a - mx) * (b - my)).sum();
    let vx: f64 = x.iter().map(|a| (a - mx).powi(2)).sum();
    let vy: f64 = y.iter().map(|b| (b - my).powi(2)).sum();
    cov / (vx * vy).sqrt()
}

#[test]
fn v7_actor_effects_in_random_couples() {
    use rand::{RngExt, SeedableRng};
    let mut rng = rand::rngs::Xoshiro256PlusPlus::seed_from_u64(seed());
    let n = 3000;
    let traits: Vec<[f64; 4]> = (0..n).map(|_| std::array::from_fn(|_| rng.random::<f64>())).collect();
    let runs: Vec<RunSummary> = traits
        .par_iter()
        .enumerate()
        .map(|(k, t)| {
            let sc = pairing((t[0], t[1]), (t[2], t[3]), 1);
            engine::run_replicate(&sc, k as u64, 0, &mut ())
        })
        .collect();
    let col = |i: usize| traits.iter().map(|t| t[i]).collect::<Vec<_>>();
    let (anx_a, avo_a, anx_b, avo_b) = (col(0), col(1), col(2), col(3));
    let closeness: Vec<f64> = runs.iter().map(|r| r.mean_closeness).collect();
    let conflict: Vec<f64> = runs.iter().map(|r| r.conflict).collect();
    let pursue_a: Vec<f64> = runs.iter().map(|r| r.pursue[0]).collect();
    let withdraw_a: Vec<f64> = runs.iter().map(|r| r.withdraw[0]).collect();
    let r = |x: &[f64], y: &[f64]| correlation(x, y);
    println!(
        "V7 closeness: avoidance {:.3} anxiety {:.3}; conflict: anxiety {:.3} avoidance {:.3}",
        r(&avo_a, &closeness),
        r(&anx_a, &closeness),
        r(&anx_a, &conflict),
        r(&avo_a, &conflict)
    );
    assert!(r(&avo_a, &closeness) < r(&anx_a, &closeness) - 0.1);
    assert!(r(&avo_a, &closeness) < -0.2);
    assert!(r(&anx_a, &conflict) > r(&avo_a, &conflict) + 0.1);
    assert!(r(&anx_a, &conflict) > 0.2);
    println!(
        "V7 A pursues: actor {:.3} partner {:.3}; A withdraws: actor {:.3} partner {:.3}",
        r(&anx_a, &pursue_a),
        r(&anx_b, &pursue_a),
        r(&avo_a, &withdraw_a),
        r(&avo_b, &withdraw_a)
    );
    assert!(r(&anx_a, &pursue_a).abs() > r(&anx_b, &pursue_a).abs() + 0.1);
    assert!(r(&avo_a, &withdraw_a).abs() > r(&avo_b, &withdraw_a).abs() + 0.1);
}

#[test]
fn v8_more_stress_more_escalation() {
    for (label, a, b) in [("secure-anxious", SECURE, ANXIOUS), ("anxious-avoidant", ANXIOUS, AVOIDANT)] {
        let rates = [0.02, 0.08, 0.16, 0.32];
        let esc: Vec<(f64, f64, f64)> = rates
            .iter()
            .map(|&rate| {
                let mut sc = pairing(a, b, 800);
                sc.environment.issue_rate = rate;
                let s = Stats::of(&sc);
                let steps = s.mean(|r| r.steps_run as f64);
                (s.p_bad(), se(s.p_bad(), s.runs.len()), steps)
            })
            .collect();
        println!("V8 {label}: P(escalated or dissolved), se, mean steps run {esc:?}");
        for w in esc.windows(2) {
            // Breakdown is more likely, or (once almost certain) comes sooner.
            let error = (w[0].1.powi(2) + w[1].1.powi(2)).sqrt();
            let more_likely = w[1].0 > w[0].0 + 2.0 * error;
            let sooner = w[1].0 >= w[0].0 - 3.0 * error && w[1].2 < w[0].2 * 0.97;
            assert!(more_likely || sooner, "{label}: {esc:?}");
        }
    }
}

/// Counts the pursuer's insecure responses by the exhaustion at the moment of choosing.
struct Burnout {
    previous_exhaustion: f64,
    counts: [[u64; 2]; 4], // bins of exhaustion x (pursue, withdraw)
}

impl Observer for Burnout {
    fn observe(&mut self, step: u32, state: &DyadState) {
        let a = &state.partners[0];
        if step > 0 && a.strategy.is_insecure() {
            let bin = ((self.previous_exhaustion * 4.0) as usize).min(3);
            self.counts[bin][usize::from(a.strategy == Strategy::Withdraw)] += 1;
        }
        self.previous_exhaustion = a.exhaustion;
    }
}

#[test]
fn v9_burned_out_pursuers_withdraw() {
    let sc = pairing(ANXIOUS, AVOIDANT, 2000);
    let totals = (0..sc.replicates as u64)
        .into_par_iter()
        .map(|r| {
            let mut b = Burnout { previous_exhaustion: 0.0, counts: [[0; 2]; 4] };
            engine::run_replicate(&sc, 0, r, &mut b);
            b.counts
        })
        .reduce(
            || [[0; 2]; 4],
            |mut x, y| {
                for (a, b) in x.iter_mut().zip(y) {
                    a[0] += b[0];
                    a[1] += b[1];
                }
                x
            },
        );
    let shares: Vec<f64> =
        totals.iter().filter(|c| c[0] + c[1] >= 200).map(|c| c[1] as f64 / (c[0] + c[1]) as f64).collect();
    println!("V9 counts {totals:?} withdrawal shares {shares:?}");
    assert!(shares.len() >= 3, "enough steps in at least three exhaustion bins");
    for w in shares.windows(2) {
        assert!(w[1] > w[0] + 0.01, "{shares:?}");
    }
}

#[test]
fn v10_stability_paradox() {
    let all = canonical(1000);
    let aa = get(&all, "anxious-avoidant");
    let trust = |s: &Stats| s.mean(|r| 0.5 * (r.final_trust[0] + r.final_trust[1]));
    let dissolved = |s: &Stats| s.p(Outcome::Dissolved);
    for (name, s) in &all {
        println!(
            "V10 {name:<18} trust {:.3} pursue-withdraw {:.3} P(dissolved) {:.3}",
            trust(s),
            s.mean(|r| r.pursue_withdraw),
            dissolved(s)
        );
    }
    for name in ["secure-secure", "secure-anxious", "secure-avoidant", "anxious-anxious", "avoidant-avoidant"]
    {
        let s = get(&all, name);
        assert!(trust(aa) < trust(s), "lower trust than {name}");
        assert!(aa.mean(|r| r.pursue_withdraw) > s.mean(|r| r.pursue_withdraw), "more conflict than {name}");
    }
    for name in ["anxious-anxious", "avoidant-avoidant", "fearful-fearful"] {
        let s = get(&all, name);
        assert!(
            dissolved(aa) <= dissolved(s) + 2.0 * se(dissolved(s), s.runs.len()),
            "not more dissolution than {name}"
        );
    }
}

#[test]
fn v11_positivity_ratio_separates_outcomes() {
    let all = canonical(600);
    let mut settled: Vec<f64> = Vec::new();
    let mut escalated: Vec<f64> = Vec::new();
    for (_, s) in &all {
        for r in &s.runs {
            match r.outcome {
                Outcome::Settled => settled.push(r.positivity_ratio),
                Outcome::Escalated => escalated.push(r.positivity_ratio),
                _ => {}
            }
        }
    }
    let median = |v: &mut Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    let (ms, me) = (median(&mut settled), median(&mut escalated));
    let settled_low = settled.iter().filter(|&&v| v < 5.0).count() as f64 / settled.len() as f64;
    let escalated_high = escalated.iter().filter(|&&v| v > 1.0).count() as f64 / escalated.len() as f64;
    println!(
        "V11 median ratio settled {ms:.2} escalated {me:.2}; settled below 5: {settled_low:.3}, escalated above 1: {escalated_high:.3}"
    );
    assert!(ms >= 5.0 && me <= 1.0);
    assert!(settled_low < 0.1 && escalated_high < 0.1);
}

#[test]
fn builtin_scenarios_match_the_canonical_pairings() {
    let sc = dyad::scenario::load("anxious-avoidant", &[]).unwrap();
    assert_eq!((sc.partner.a.anxiety, sc.partner.a.avoidance), ANXIOUS);
    assert_eq!((sc.partner.b.anxiety, sc.partner.b.avoidance), AVOIDANT);
}

// ---------------------------------------------------------------------------------------------
// Interventions and life events (I1-I9). Each compares the same couples (same seeds, so common
// random numbers) with and without the intervention.

use dyad::model::intervention::{Distance, Event, EventKind, Intervention, Kind, Stage, Target};

fn intervention(kind: Kind, start: u32, who: Target) -> Intervention {
    Intervention {
        kind,
        start,
        end: 365,
        who,
        strength: 1.0,
        stages: Vec::new(),
        stage_lengths: Vec::new(),
        distance: None,
    }
}

fn therapy(start: u32, stages: [Stage; 3], distance: Distance) -> Intervention {
    Intervention {
        kind: Kind::Therapy,
        start,
        end: start + 119,
        who: Target::Both,
        strength: 1.0,
        stages: stages.to_vec(),
        stage_lengths: vec![40, 40, 40],
        distance: Some(distance),
    }
}

const WITHDRAWER_FIRST: [Stage; 3] =
    [Stage::DeEscalation, Stage::WithdrawerReEngagement, Stage::PursuerSoftening];
const PURSUER_FIRST: [Stage; 3] =
    [Stage::DeEscalation, Stage::PursuerSoftening, Stage::WithdrawerReEngagement];

fn with(mut sc: Scenario, ivs: Vec<Intervention>) -> Stats {
    sc.intervention = ivs;
    Stats::of(&sc)
}

fn difference_margin(a: &Stats, b: &Stats, f: impl Fn(&RunSummary) -> f64 + Copy) -> f64 {
    3.0 * (a.se(f).powi(2) + b.se(f).powi(2)).sqrt()
}

#[test]
fn i1_communication_from_day_60_settles_the_pursuer_distancer_couple() {
    let base = pairing(ANXIOUS, AVOIDANT, 1000);
    let none = Stats::of(&base);
    let talk = with(base, vec![intervention(Kind::Communication, 60, Target::Both)]);
    let gain = talk.p(Outcome::Settled) - none.p(Outcome::Settled);
    println!(
        "I1 P(settled) without {:.3}, with communication from day 60 {:.3}",
        none.p(Outcome::Settled),
        talk.p(Outcome::Settled)
    );
    assert!(gain >= 0.4, "gain {gain}");
}

#[test]
fn i2_boundaries_protect_the_pursuer_but_do_not_end_the_cycle() {
    let base = pairing(ANXIOUS, AVOIDANT, 1000);
    let none = Stats::of(&base);
    let bounds = with(base.clone(), vec![intervention(Kind::Boundaries, 1, Target::A)]);
    let talk = with(base, vec![intervention(Kind::Communication, 1, Target::Both)]);
    let exhaustion = |s: &Stats| s.mean(|r| r.average_exhaustion[0]);
    println!(
        "I2 pursuer's mean exhaustion without {:.3}, with boundaries {:.3}; P(settled) without {:.3}, boundaries {:.3}, communication {:.3}",
        exhaustion(&none),
        exhaustion(&bounds),
        none.p(Outcome::Settled),
        bounds.p(Outcome::Settled),
        talk.p(Outcome::Settled)
    );
    assert!(exhaustion(&bounds) < exhaustion(&none) - 0.1, "clearly lower exhaustion");
    let gain = |s: &Stats| s.p(Outcome::Settled) - none.p(Outcome::Settled);
    assert!(gain(&bounds) < gain(&talk) - 0.2, "boundaries alone settle fewer couples than communication");
}

#[test]
fn i3_self_care_lowers_exhaustion_and_i4_coping_lowers_activation() {
    let base = pairing(ANXIOUS, AVOIDANT, 1000);
    let none = Stats::of(&base);
    let care = with(base.clone(), vec![intervention(Kind::SelfCare, 1, Target::A)]);
    let coping = with(base, vec![intervention(Kind::Coping, 1, Target::A)]);
    let exhaustion = |s: &Stats| s.mean(|r| r.average_exhaustion[0]);
    let activated = |s: &Stats| s.mean(|r| r.activated[0]);
    println!(
        "I3 recipient's mean exhaustion without {:.3}, with self-care {:.3}; I4 share of steps activated without {:.3}, with coping {:.3}",
        exhaustion(&none),
        exhaustion(&care),
        activated(&none),
        activated(&coping)
    );
    assert!(exhaustion(&care) < exhaustion(&none) - 0.05);
    assert!(activated(&coping) < activated(&none) - 0.1);
}

#[test]
fn i5_withdrawer_re_engagement_before_pursuer_softening_settles_more() {
    let base = pairing(ANXIOUS, AVOIDANT, 2000);
    let right = with(base.clone(), vec![therapy(30, WITHDRAWER_FIRST, Distance::Adaptive)]);
    let reverse = with(base, vec![therapy(30, PURSUER_FIRST, Distance::Adaptive)]);
    let settled = |r: &RunSummary| f64::from(u8::from(r.outcome == Outcome::Settled));
    println!(
        "I5 P(settled) withdrawer first {:.3}, pursuer first {:.3}",
        right.p(Outcome::Settled),
        reverse.p(Outcome::Settled)
    );
    assert!(
        right.p(Outcome::Settled)
            > reverse.p(Outcome::Settled) + difference_margin(&right, &reverse, settled)
    );
}

#[test]
fn i6_adaptive_therapist_distance_works_best() {
    let settled = |r: &RunSummary| f64::from(u8::from(r.outcome == Outcome::Settled));
    // The pursuer-distancer couple: a close therapist mismatches the avoidant partner, a distant
    // one the anxious partner. Two anxious partners: a distant therapist mismatches both.
    for (label, a, b, mismatched) in [
        ("anxious-avoidant", ANXIOUS, AVOIDANT, vec![Distance::Close, Distance::Distant]),
        ("anxious-anxious", ANXIOUS, ANXIOUS, vec![Distance::Distant]),
    ] {
        let base = pairing(a, b, 1000);
        let adaptive = with(base.clone(), vec![therapy(30, WITHDRAWER_FIRST, Distance::Adaptive)]);
        for d in [Distance::Close, Distance::Distant] {
            let fixed = with(base.clone(), vec![therapy(30, WITHDRAWER_FIRST, d)]);
            println!(
                "I6 {label}: P(settled) adaptive {:.3}, {d:?} {:.3}",
                adaptive.p(Outcome::Settled),
                fixed.p(Outcome::Settled)
            );
            let margin = difference_margin(&adaptive, &fixed, settled);
            assert!(
                adaptive.p(Outcome::Settled) >= fixed.p(Outcome::Settled) - margin,
                "{label}: adaptive at least {d:?}"
            );
            if mismatched.contains(&d) {
                assert!(
                    adaptive.p(Outcome::Settled) > fixed.p(Outcome::Settled) + 0.15,
                    "{label}: clearly more than {d:?}"
                );
            }
        }
    }
}

#[test]
fn i7_therapy_outlasts_itself() {
    // Therapy from day 30 to 149, then more than seven months of follow-up without it.
    let base = pairing(ANXIOUS, AVOIDANT, 1000);
    let none = Stats::of(&base);
    let treated = with(base, vec![therapy(30, WITHDRAWER_FIRST, Distance::Adaptive)]);
    let trust = |r: &RunSummary| 0.5 * (r.final_trust[0] + r.final_trust[1]);
    println!(
        "I7 mean trust at day 365 without therapy {:.3}, after therapy {:.3}",
        none.mean(trust),
        treated.mean(trust)
    );
    assert!(treated.mean(trust) > none.mean(trust) + 0.2);
}

#[test]
fn i8_a_life_event_hurts_insecure_couples_more() {
    let job_loss = vec![
        Event { kind: EventKind::Stress, start: 120, end: 179, magnitude: Some(0.4), count: None },
        Event { kind: EventKind::Issues, start: 120, end: 120, magnitude: None, count: Some(4) },
    ];
    let mut gains = Vec::new();
    for (label, a, b) in [("secure", SECURE, SECURE), ("insecure", (0.45, 0.2), (0.2, 0.45))] {
        let base = pairing(a, b, 1000);
        let calm = Stats::of(&base);
        let mut hit = base.clone();
        hit.event = job_loss.clone();
        let hit = Stats::of(&hit);
        println!(
            "I8 {label}: P(escalated or dissolved) without the event {:.3}, with it {:.3}",
            calm.p_bad(),
            hit.p_bad()
        );
        gains.push(hit.p_bad() - calm.p_bad());
    }
    assert!(gains[0] >= 0.0 && gains[1] > 0.0);
    assert!(gains[1] > gains[0] + 0.1, "more for insecure couples: {gains:?}");
}

#[test]
fn i9_a_full_eft_course_for_distressed_couples_is_reported() {
    // Calibration target, reported rather than asserted tightly: distressed pursuer-distancer
    // couples (traits drawn from the insecure ends, low trust, some exhaustion) with and without
    // a full EFT course from day 15. Meta-analyses report about 70% recovered after EFT.
    use rand::{RngExt, SeedableRng};
    let mut rng = rand::rngs::Xoshiro256PlusPlus::seed_from_u64(seed());
    let couples: Vec<Scenario> = (0..1500)
        .map(|_| {
            let high = |r: &mut rand::rngs::Xoshiro256PlusPlus| 0.6 + 0.35 * r.random::<f64>();
            let low = |r: &mut rand::rngs::Xoshiro256PlusPlus| 0.05 + 0.35 * r.random::<f64>();
            let mut sc = pairing((high(&mut rng), low(&mut rng)), (low(&mut rng), high(&mut rng)), 1);
            for p in [&mut sc.partner.a, &mut sc.partner.b] {
                p.initial_trust = 0.45;
                p.initial_exhaustion = 0.3;
            }
            sc
        })
        .collect();
    let outcome = |treat: bool| -> f64 {
        let settled = couples
            .par_iter()
            .enumerate()
            .map(|(k, sc)| {
                let mut sc = sc.clone();
                if treat {
                    sc.intervention = vec![therapy(15, WITHDRAWER_FIRST, Distance::Adaptive)];
                }
                engine::run_replicate(&sc, k as u64, 0, &mut ()).outcome == Outcome::Settled
            })
            .filter(|&s| s)
            .count();
        settled as f64 / couples.len() as f64
    };
    let (without, with_eft) = (outcome(false), outcome(true));
    println!(
        "I9 distressed couples settled: without therapy {without:.3}, after a full EFT course {with_eft:.3} (target about 0.70 vs at most 0.15)"
    );
    assert!(with_eft > 0.5 && without < 0.25, "far from the calibration target");
}
