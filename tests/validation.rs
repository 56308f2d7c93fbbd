//! Model version 2, the default (`[model] version = 2`), against the targets of the model brief v2
//! (`../shared/design/model-v2.md`, section 4; docs/MODEL.md, "Validation", gives each target's source,
//! band and measured value). Populations of 1000-2000 couples per target; the default seed and
//! others through `DYAD_VALIDATION_SEED`. Every band is the brief's; a target the model does not
//! meet yet is an ignored test that names the best value reached, never a widened band.
//!
//! For calibration, `DYAD_VALIDATION_SET="model.v2.burnout_at=0.55 model.v2.leave_width=0.4"`
//! applies these settings (space-separated `path=value`, as `dyad run --set`) to every scenario
//! the targets run, so a candidate set of constants can be checked against all of them at once.

use dyad::engine::{self, Observer};
use dyad::metrics::{Outcome, RunSummary};
use dyad::model::DyadState;
use dyad::model::Strategy::{Pursue, Secure, Withdraw};
use dyad::model::intervention::{Distance, Intervention, Kind, Stage, Target};
use dyad::scenario::{self, Scenario};
use rayon::prelude::*;

fn seed() -> u64 {
    std::env::var("DYAD_VALIDATION_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or(20261122)
}

/// The calibration settings of `DYAD_VALIDATION_SET`, if any.
fn calibration() -> Vec<scenario::Override> {
    let text = std::env::var("DYAD_VALIDATION_SET").unwrap_or_default();
    text.split_whitespace()
        .map(|kv| {
            let (path, value) = kv.split_once('=').expect("DYAD_VALIDATION_SET takes path=value pairs");
            scenario::Override::new(path, value)
        })
        .collect()
}

const YEAR: u32 = 365;
const SECURE: (f64, f64) = (0.15, 0.15);
const ANXIOUS: (f64, f64) = (0.85, 0.15);
const AVOIDANT: (f64, f64) = (0.15, 0.85);

/// A model-version-2 scenario of one couple.
fn couple(a: (f64, f64), b: (f64, f64), context: &str, steps: u32, replicates: u32) -> Scenario {
    let text = format!(
        "name = \"v2\"\nsteps = {steps}\nreplicates = {replicates}\nseed = {}\n\
         [partner.a]\nanxiety = {}\navoidance = {}\n[partner.b]\nanxiety = {}\navoidance = {}\n\
         [environment]\ncontext = \"{context}\"\n[model]\nversion = 2\n",
        seed(),
        a.0,
        a.1,
        b.0,
        b.1
    );
    scenario::load_str(&text, "v2.toml", "v2", &calibration()).expect("a valid scenario")
}

/// A built-in population scenario under model version 2.
fn population(name: &str, context: &str, steps: u32, replicates: u32, extra: &[(&str, String)]) -> Scenario {
    let mut overrides: Vec<scenario::Override> = vec![
        scenario::Override::new("model.version", 2),
        scenario::Override::new("environment.context", format!("\"{context}\"")),
        scenario::Override::new("steps", steps),
        scenario::Override::new("replicates", replicates),
        scenario::Override::new("seed", seed()),
    ];
    overrides.extend(extra.iter().map(|(p, v)| scenario::Override::new(p, v)));
    overrides.extend(calibration());
    scenario::load(name, &overrides).expect("a valid built-in")
}

struct Runs(Vec<RunSummary>);

impl Runs {
    fn of(sc: &Scenario) -> Runs {
        Runs(engine::run_scenario(sc, &|_| {}).runs)
    }
    fn share(&self, f: impl Fn(&RunSummary) -> bool) -> f64 {
        self.0.iter().filter(|r| f(r)).count() as f64 / self.0.len() as f64
    }
    fn mean(&self, f: impl Fn(&RunSummary) -> f64) -> f64 {
        self.0.iter().map(f).sum::<f64>() / self.0.len() as f64
    }
    /// P(dissolved by step t).
    fn dissolved_by(&self, t: u32) -> f64 {
        self.share(|r| r.outcome == Outcome::Dissolved && r.outcome_step.is_some_and(|s| s <= t))
    }
    fn p(&self, o: Outcome) -> f64 {
        self.share(|r| r.outcome == o)
    }
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    if v.is_empty() { f64::NAN } else { v[v.len() / 2] }
}

fn burnout(sc: &Scenario, hopelessness: f64) -> f64 {
    let p = &sc.model.v2;
    1.0 / (1.0 + (-(hopelessness - p.burnout_at) / p.burnout_width).exp())
}

/// Runs every replicate of `sc` with a fresh observer each and returns the observers.
fn observe<O: Observer + Send>(sc: &Scenario, make: impl Fn() -> O + Sync) -> Vec<(RunSummary, O)> {
    (0..u64::from(sc.replicates))
        .into_par_iter()
        .map(|r| {
            let mut o = make();
            let s = engine::run_replicate(sc, 0, r, &mut o);
            (s, o)
        })
        .collect()
}

// P1: stability, base rates, time scale -------------------------------------------------------

#[test]
fn t1_only_leaving_ends_a_run() {
    for (a, b) in [(ANXIOUS, AVOIDANT), (ANXIOUS, ANXIOUS), (SECURE, SECURE), ((0.85, 0.85), (0.85, 0.85))] {
        let sc = couple(a, b, "married", 3 * YEAR, 500);
        let runs = Runs::of(&sc);
        for r in &runs.0 {
            assert!(
                r.steps_run == sc.steps || r.outcome == Outcome::Dissolved,
                "{a:?} {b:?}: a run stopped at {} as {}",
                r.steps_run,
                r.outcome
            );
        }
    }
}

#[test]
fn t2_anxious_avoidant_dating_couples_last_as_long_as_secure_ones_but_trust_less() {
    let av = Runs::of(&couple(ANXIOUS, AVOIDANT, "dating", 3 * YEAR, 2000));
    let ss = Runs::of(&couple(SECURE, SECURE, "dating", 3 * YEAR, 2000));
    let (p_av, p_ss) = (av.dissolved_by(3 * YEAR), ss.dissolved_by(3 * YEAR));
    eprintln!("T2: P(dissolved, 3 y) {p_av:.3} (band 0.15-0.45)");
    assert!((0.15..=0.45).contains(&p_av), "T2: P(dissolved, 3 y) {p_av:.3} not in 0.15-0.45");
    eprintln!("T2: {p_av:.3} vs secure-secure {p_ss:.3}");
    assert!((p_av - p_ss).abs() <= 0.10, "T2: {p_av:.3} vs secure-secure {p_ss:.3}");
    let trust = |r: &RunSummary| 0.5 * (r.final_trust[0] + r.final_trust[1]);
    let (t_av, t_ss) = (av.mean(trust), ss.mean(trust));
    eprintln!("T2: final trust {t_av:.3} vs secure-secure {t_ss:.3}");
    assert!(t_av <= t_ss - 0.25, "T2: final trust {t_av:.3} vs secure-secure {t_ss:.3}");
}

#[test]
fn t3_community_base_rates() {
    let married = Runs::of(&population("community", "married", 3 * YEAR, 2000, &[]));
    let (y1, y3) = (married.dissolved_by(YEAR), married.dissolved_by(3 * YEAR));
    eprintln!("T3: married, 1 y: {y1:.3}");
    assert!((0.01..=0.04).contains(&y1), "T3: married, 1 y: {y1:.3}");
    eprintln!("T3: married, 3 y: {y3:.3}");
    assert!((0.04..=0.12).contains(&y3), "T3: married, 3 y: {y3:.3}");
    let dating = Runs::of(&population("community", "dating", YEAR, 2000, &[]));
    let d1 = dating.dissolved_by(YEAR);
    eprintln!("T3: dating, 1 y: {d1:.3}");
    assert!((0.15..=0.30).contains(&d1), "T3: dating, 1 y: {d1:.3}");
}

/// Mean trust of both partners at one step.
struct TrustAt(u32, f64);

impl Observer for TrustAt {
    fn observe(&mut self, step: u32, state: &DyadState) {
        if step == self.0 {
            self.1 = 0.5 * (state.partners[0].trust + state.partners[1].trust);
        }
    }
}

#[test]
fn t4_untreated_distressed_couples_stay_stable_for_months() {
    let extra = [
        ("partner.a.initial_exhaustion", "0.3".to_string()),
        ("partner.b.initial_exhaustion", "0.3".to_string()),
    ];
    let sc = population("distressed", "married", YEAR, 2000, &extra);
    let runs = observe(&sc, || TrustAt(180, f64::NAN));
    let all = Runs(runs.iter().map(|(s, _)| s.clone()).collect());
    let (d120, d365) = (all.dissolved_by(120), all.dissolved_by(YEAR));
    eprintln!("T4: dissolved by step 120: {d120:.3}");
    assert!(d120 <= 0.05, "T4: dissolved by step 120: {d120:.3}");
    eprintln!("T4: dissolved by step 365: {d365:.3}");
    assert!(d365 <= 0.10, "T4: dissolved by step 365: {d365:.3}");
    let trust: Vec<f64> = runs.iter().map(|(_, o)| o.1).filter(|t| t.is_finite()).collect();
    let mean = trust.iter().sum::<f64>() / trust.len() as f64;
    eprintln!("T4: mean trust at step 180: {mean:.3} (started at 0.45)");
    assert!(mean >= 0.45 - 0.05, "T4: mean trust at step 180: {mean:.3} (started at 0.45)");
}

/// The pursuer's burnout on the last step seen (the step a partner left, for dissolved runs).
struct LastBurnout<'a>(&'a Scenario, f64);

impl Observer for LastBurnout<'_> {
    fn observe(&mut self, _: u32, state: &DyadState) {
        self.1 = burnout(self.0, state.partners[0].exhaustion);
    }
}

#[test]
fn t5_high_conflict_couples_leave_after_years_and_disengaged_ones_later() {
    let sc = couple(ANXIOUS, AVOIDANT, "married", 10 * YEAR, 1000);
    let runs = observe(&sc, || LastBurnout(&sc, 0.0));
    let left = |burned: bool| -> Vec<f64> {
        runs.iter()
            .filter(|(s, o)| s.outcome == Outcome::Dissolved && (o.1 > 0.5) == burned)
            .map(|(s, _)| f64::from(s.steps_run))
            .collect()
    };
    let (conflict, disengaged) = (left(false), left(true));
    eprintln!("T5: {} and {} dissolutions", conflict.len(), disengaged.len());
    assert!(
        conflict.len() >= 50 && disengaged.len() >= 20,
        "T5: {} and {} dissolutions",
        conflict.len(),
        disengaged.len()
    );
    let (m_conflict, m_disengaged) = (median(conflict), median(disengaged));
    eprintln!("T5: high-conflict couples leave after a median {m_conflict} days");
    assert!(
        m_conflict >= 2.0 * f64::from(YEAR),
        "T5: high-conflict couples leave after a median {m_conflict} days"
    );
    eprintln!("T5: disengaged {m_disengaged} vs high-conflict {m_conflict} days");
    assert!(m_disengaged > m_conflict, "T5: disengaged {m_disengaged} vs high-conflict {m_conflict} days");
}

#[test]
fn t6_conflict_is_rare_in_a_community() {
    let runs = Runs::of(&population("community", "married", YEAR, 2000, &[]));
    let insecure = median(runs.0.iter().map(|r| 1.0 - r.mutual_secure).collect());
    let pursuit = median(runs.0.iter().map(|r| r.conflict).collect());
    eprintln!("T6: median share of days with an insecure response {insecure:.3}");
    assert!(insecure <= 0.10, "T6: median share of days with an insecure response {insecure:.3}");
    eprintln!("T6: median share of days with pursuit {pursuit:.3}");
    assert!(pursuit <= 0.05, "T6: median share of days with pursuit {pursuit:.3}");
}

// P2: effect sizes and signatures ----------------------------------------------------------

fn correlation(x: &[f64], y: &[f64]) -> f64 {
    let n = x.len() as f64;
    let (mx, my) = (x.iter().sum::<f64>() / n, y.iter().sum::<f64>() / n);
    let sxy: f64 = x.iter().zip(y).map(|(a, b)| (a - mx) * (b - my)).sum();
    let sxx: f64 = x.iter().map(|a| (a - mx).powi(2)).sum();
    let syy: f64 = y.iter().map(|b| (b - my).powi(2)).sum();
    sxy / (sxx * syy).sqrt()
}

#[test]
fn t7_attachment_predicts_dissolution_weakly_avoidance_more() {
    let runs = Runs::of(&population("community", "married", 3 * YEAR, 4000, &[]));
    let left: Vec<f64> =
        runs.0.iter().map(|r| f64::from(u8::from(r.outcome == Outcome::Dissolved))).collect();
    let r = |who: usize, k: usize| {
        correlation(&runs.0.iter().map(|s| s.traits[who][k]).collect::<Vec<_>>(), &left)
    };
    let [anx_a, avo_a, anx_b, avo_b] = [r(0, 0), r(0, 1), r(1, 0), r(1, 1)];
    for (name, v) in
        [("anxiety A", anx_a), ("avoidance A", avo_a), ("anxiety B", anx_b), ("avoidance B", avo_b)]
    {
        eprintln!("T7: r({name}, dissolved) = {v:.3}");
        assert!(v.abs() <= 0.15, "T7: r({name}, dissolved) = {v:.3}");
    }
    let (avoidance, anxiety) = (0.5 * (avo_a + avo_b), 0.5 * (anx_a + anx_b));
    eprintln!("T7: r(avoidance) {avoidance:.3} below r(anxiety) {anxiety:.3}");
    assert!(avoidance >= anxiety, "T7: r(avoidance) {avoidance:.3} below r(anxiety) {anxiety:.3}");
}

/// Pattern counts (mutual pursuit, pursue-withdraw, mutual withdrawal) in 90-step windows of
/// the first year.
#[derive(Default)]
struct Windows([[u32; 3]; 4]);

impl Observer for Windows {
    fn observe(&mut self, step: u32, state: &DyadState) {
        if step == 0 || step > 360 {
            return;
        }
        let k = ((step - 1) / 90) as usize;
        match state.strategies() {
            (Pursue, Pursue) => self.0[k][0] += 1,
            (Pursue, Withdraw) | (Withdraw, Pursue) => self.0[k][1] += 1,
            (Withdraw, Withdraw) => self.0[k][2] += 1,
            _ => {}
        }
    }
}

#[test]
fn t8_two_anxious_partners_protest_together() {
    let sc = couple(ANXIOUS, ANXIOUS, "married", YEAR, 2000);
    let runs = observe(&sc, Windows::default);
    let mut total = [[0u32; 3]; 4];
    for (_, w) in &runs {
        for (t, c) in total.iter_mut().zip(&w.0) {
            for (a, b) in t.iter_mut().zip(c) {
                *a += b;
            }
        }
    }
    for (k, [mp, pw, mw]) in total.iter().enumerate() {
        eprintln!("T8: window {k}: mutual pursuit {mp}, pursue-withdraw {pw}, mutual withdrawal {mw}");
        assert!(
            mp >= pw && mp >= mw,
            "T8: window {k}: mutual pursuit {mp}, pursue-withdraw {pw}, mutual withdrawal {mw}"
        );
    }
    let aa = Runs(runs.into_iter().map(|(s, _)| s).collect());
    assert!(
        aa.mean(|r| r.mutual_pursuit) >= aa.mean(|r| r.pursue_withdraw).max(aa.mean(|r| r.mutual_withdrawal))
    );
    let sv = Runs::of(&couple(SECURE, AVOIDANT, "married", YEAR, 2000));
    let (c_aa, c_sv) = (aa.mean(|r| r.mean_closeness), sv.mean(|r| r.mean_closeness));
    eprintln!("T8: closeness {c_aa:.3} vs secure-avoidant {c_sv:.3}");
    assert!(c_aa >= c_sv, "T8: closeness {c_aa:.3} vs secure-avoidant {c_sv:.3}");
    let ss = Runs::of(&couple(SECURE, SECURE, "married", YEAR, 2000));
    let insecure = |r: &RunSummary| 1.0 - r.mutual_secure;
    let (i_aa, i_ss) = (aa.mean(insecure), ss.mean(insecure));
    eprintln!("T8: insecure days {i_aa:.3} vs secure-secure {i_ss:.3}");
    assert!(i_aa >= 2.0 * i_ss, "T8: insecure days {i_aa:.3} vs secure-secure {i_ss:.3}");
    let aa3 = Runs::of(&couple(ANXIOUS, ANXIOUS, "married", 3 * YEAR, 2000));
    let ss3 = Runs::of(&couple(SECURE, SECURE, "married", 3 * YEAR, 2000));
    let (s_aa, s_ss) = (aa3.p(Outcome::Settled), ss3.p(Outcome::Settled));
    eprintln!("T8: settled at 3 y {s_aa:.3} vs secure-secure {s_ss:.3}");
    assert!(s_aa <= s_ss - 0.10, "T8: settled at 3 y {s_aa:.3} vs secure-secure {s_ss:.3}");
}

/// Traits (anxiety, avoidance).
type Traits = (f64, f64);

/// The six pairings of secure, anxious and avoidant partners.
const PAIRINGS: [(Traits, Traits, &str); 6] = [
    (SECURE, SECURE, "secure-secure"),
    (SECURE, ANXIOUS, "secure-anxious"),
    (SECURE, AVOIDANT, "secure-avoidant"),
    (ANXIOUS, ANXIOUS, "anxious-anxious"),
    (ANXIOUS, AVOIDANT, "anxious-avoidant"),
    (AVOIDANT, AVOIDANT, "avoidant-avoidant"),
];

#[test]
fn t9_avoidant_couples_are_distant_but_stable() {
    let year: Vec<Runs> =
        PAIRINGS.iter().map(|&(a, b, _)| Runs::of(&couple(a, b, "married", YEAR, 2000))).collect();
    let vv = &year[5];
    for (k, other) in year.iter().enumerate().take(5) {
        let name = PAIRINGS[k].2;
        let (mw_vv, mw) = (vv.mean(|r| r.mutual_withdrawal), other.mean(|r| r.mutual_withdrawal));
        eprintln!("T9: mutual withdrawal {mw_vv:.4} vs {name} {mw:.4}");
        assert!(mw_vv > mw, "T9: mutual withdrawal {mw_vv:.4} vs {name} {mw:.4}");
        let (c_vv, c) = (vv.mean(|r| r.mean_closeness), other.mean(|r| r.mean_closeness));
        eprintln!("T9: closeness {c_vv:.3} vs {name} {c:.3}");
        assert!(c_vv < c, "T9: closeness {c_vv:.3} vs {name} {c:.3}");
    }
    let sc = couple(AVOIDANT, AVOIDANT, "married", 3 * YEAR, 2000);
    let result = engine::run_scenario(&sc, &|_| {});
    let vv3 = Runs(result.runs);
    let community = Runs::of(&population("community", "married", 3 * YEAR, 2000, &[]));
    let (p_vv, p_c) = (vv3.dissolved_by(3 * YEAR), community.dissolved_by(3 * YEAR));
    eprintln!("T9: P(dissolved, 3 y) {p_vv:.3} vs community {p_c:.3}");
    assert!(p_vv <= 2.0 * p_c, "T9: P(dissolved, 3 y) {p_vv:.3} vs community {p_c:.3}");
    // The stock of stress-giving issues levels off: no growth from year 2 to year 3.
    let issues = dyad::metrics::trajectory::VARIABLES.iter().position(|v| *v == "issues").unwrap();
    let at = |t: usize| result.trajectory.stats(t, issues).mean;
    let (y2, y3) = (at(2 * YEAR as usize), at(3 * YEAR as usize));
    eprintln!("T9: mean issues {y2:.2} at 2 y, {y3:.2} at 3 y");
    assert!(y3 <= 1.1 * y2 + 0.5, "T9: mean issues {y2:.2} at 2 y, {y3:.2} at 3 y");
}

#[test]
fn t10_a_secure_partner_buffers() {
    for horizon in [YEAR, 3 * YEAR] {
        let p: Vec<f64> = PAIRINGS
            .iter()
            .map(|&(a, b, _)| Runs::of(&couple(a, b, "married", horizon, 2000)).dissolved_by(horizon))
            .collect();
        let ss = p[0];
        let si = 0.5 * (p[1] + p[2]);
        let ii = (p[3] + p[4] + p[5]) / 3.0;
        eprintln!(
            "T10 at {horizon} steps: secure-insecure {si:.3}, secure-secure {ss:.3}, insecure-insecure {ii:.3}"
        );
        assert!(
            si - ss <= 0.4 * (ii - ss) + 0.02,
            "T10 at {horizon} steps: secure-insecure {si:.3}, secure-secure {ss:.3}, insecure-insecure {ii:.3}"
        );
    }
}

/// For the anxious-avoidant couple: the pursuer's (A's) insecure responses and withdrawals in
/// year 1 and in years 4-5, and days and leavings while the pursuer is burned out.
#[derive(Default)]
struct Pursuer {
    year1: [u32; 2],
    late: [u32; 2],
    burned_days: u32,
    burned_left: [u32; 2],
    burned: bool,
}

struct PursuerObserver<'a>(&'a Scenario, Pursuer);

impl Observer for PursuerObserver<'_> {
    fn observe(&mut self, step: u32, state: &DyadState) {
        if step == 0 {
            return;
        }
        let s = state.partners[0].strategy;
        let bucket = if step <= YEAR {
            Some(&mut self.1.year1)
        } else if step > 3 * YEAR {
            Some(&mut self.1.late)
        } else {
            None
        };
        if let Some(b) = bucket
            && s != Secure
        {
            b[0] += 1;
            b[1] += u32::from(s == Withdraw);
        }
        self.1.burned = burnout(self.0, state.partners[0].exhaustion) > 0.5;
        self.1.burned_days += u32::from(self.1.burned);
    }
}

#[test]
fn t11_pursuit_lasts_then_the_burned_out_pursuer_leaves() {
    let sc = couple(ANXIOUS, AVOIDANT, "married", 5 * YEAR, 2000);
    let runs = observe(&sc, || PursuerObserver(&sc, Pursuer::default()));
    let mut sum = Pursuer::default();
    for (s, o) in &runs {
        let p = &o.1;
        for k in 0..2 {
            sum.year1[k] += p.year1[k];
            sum.late[k] += p.late[k];
        }
        sum.burned_days += p.burned_days;
        if p.burned
            && let Some(who) = s.who_left
        {
            sum.burned_left[who.index()] += 1;
        }
    }
    let share = |b: [u32; 2]| f64::from(b[1]) / f64::from(b[0].max(1));
    let (y1, late) = (share(sum.year1), share(sum.late));
    eprintln!("T11: the pursuer's withdrawal share of insecure responses in year 1: {y1:.3}");
    assert!(y1 < 0.35, "T11: the pursuer's withdrawal share of insecure responses in year 1: {y1:.3}");
    eprintln!("T11: years 4-5 {late:.3} vs year 1 {y1:.3}");
    assert!(late > y1, "T11: years 4-5 {late:.3} vs year 1 {y1:.3}");
    eprintln!("T11: some pursuers burn out within 5 years");
    assert!(sum.burned_days > 0, "T11: some pursuers burn out within 5 years");
    let [pursuer, withdrawer] = sum.burned_left;
    eprintln!("T11: once burned out, the pursuer left {pursuer} times, the withdrawer {withdrawer}");
    assert!(
        pursuer >= withdrawer,
        "T11: once burned out, the pursuer left {pursuer} times, the withdrawer {withdrawer}"
    );
}

#[test]
fn t12_the_withdrawer_does_most_of_the_withdrawing() {
    let runs = Runs::of(&couple(ANXIOUS, AVOIDANT, "married", 3 * YEAR, 2000));
    let (a, b) = (runs.mean(|r| r.withdraw[0]), runs.mean(|r| r.withdraw[1]));
    let share = b / (a + b);
    eprintln!("T12: the withdrawer's share of all withdrawal {share:.3}");
    assert!(share >= 0.75, "T12: the withdrawer's share of all withdrawal {share:.3}");
}

#[test]
#[ignore = "T13 not met by the defaults: the median activated positive-to-negative ratio of couples who stay is about 1.1-1.3 times that of couples who leave (1.17 at the default seed; needs 1.5): married community dissolution is mostly the trait-blind alternatives hazard. The negativity cascade meets it (t13_is_met_with_the_negativity_cascade_on) but makes anxious-avoidant married couples leave too fast; see docs/MODEL.md, \"The negativity cascade\""]
fn t13_couples_who_stay_are_more_positive_in_conflict() {
    let (stayed, left) = t13_medians(&[]);
    eprintln!("T13: stayed {stayed:.2} vs left {left:.2}");
    assert!(stayed >= 1.5 * left, "T13: stayed {stayed:.2} vs left {left:.2}");
}

/// The medians of `positivity_ratio_activated` for married community couples who stayed 3 years
/// and for those who left, under `extra` settings.
fn t13_medians(extra: &[(&str, String)]) -> (f64, f64) {
    let runs = Runs::of(&population("community", "married", 3 * YEAR, 4000, extra));
    let ratio = |left: bool| {
        median(
            runs.0
                .iter()
                .filter(|r| (r.outcome == Outcome::Dissolved) == left)
                .map(|r| r.positivity_ratio_activated)
                .collect(),
        )
    };
    (ratio(false), ratio(true))
}

/// The optional negativity cascade (docs/MODEL.md): leaving driven by a slow sentiment about the
/// partner's responses in conflict makes couples who leave markedly less positive than those
/// who stay (T13), and keeps the community's base rate in T3's band. It is off by default
/// because it also makes most anxious-avoidant married couples leave within 3 years (about
/// 0.57, against 0.27 without it), which contradicts the cycle that lasts, and with trait
/// fluctuation on it also pushes distressed couples' first-year dissolution over T4's 0.10 on
/// most seeds.
#[test]
fn t13_is_met_with_the_negativity_cascade_on() {
    let cascade = [
        ("model.v2.married_alternatives", "0.002".to_string()),
        ("model.v2.married_negativity", "0.15".to_string()),
    ];
    let (stayed, left) = t13_medians(&cascade);
    eprintln!("T13 with the negativity cascade: stayed {stayed:.2} vs left {left:.2}");
    assert!(stayed >= 1.5 * left, "T13 with the negativity cascade: stayed {stayed:.2} vs left {left:.2}");
    let community = Runs::of(&population("community", "married", 3 * YEAR, 2000, &cascade));
    let p = community.dissolved_by(3 * YEAR);
    eprintln!("T3 with the negativity cascade: married, 3 y: {p:.3}");
    assert!((0.04..=0.12).contains(&p), "T3 with the negativity cascade: married, 3 y: {p:.3}");
}

#[test]
fn t19_the_cycle_is_still_the_story_at_three_years() {
    let y3 = Runs::of(&couple(ANXIOUS, AVOIDANT, "married", 3 * YEAR, 2000));
    let (cycle, disengaged) = (y3.p(Outcome::Cycling) + y3.p(Outcome::Escalated), y3.p(Outcome::Disengaged));
    eprintln!("T19: at 3 y cycling + escalated {cycle:.3} vs disengaged {disengaged:.3}");
    assert!(cycle >= disengaged, "T19: at 3 y cycling + escalated {cycle:.3} vs disengaged {disengaged:.3}");
    let together = |r: &Runs| {
        let labels = [Outcome::Settled, Outcome::Cycling, Outcome::Escalated, Outcome::Disengaged];
        labels.map(|o| r.p(o))
    };
    let most_common = |shares: [f64; 4]| (0..4).max_by(|&i, &j| shares[i].total_cmp(&shares[j])).unwrap();
    assert_ne!(most_common(together(&y3)), 3, "T19: disengaged is not the most common label at 3 y");
    let y8 = Runs::of(&couple(ANXIOUS, AVOIDANT, "married", 8 * YEAR, 2000));
    assert_eq!(
        most_common(together(&y8)),
        3,
        "T19: after about 5 years disengagement leads: {:?}",
        together(&y8)
    );
}

// P3: interventions (those rebuilt for version 2 so far) ----------------------------------

fn with_intervention(sc: &Scenario, kind: &str) -> Scenario {
    let text = format!(
        "name = \"v2\"\nsteps = {}\nreplicates = {}\nseed = {}\n\
         [partner.a]\nanxiety = {}\navoidance = {}\n[partner.b]\nanxiety = {}\navoidance = {}\n\
         [model]\nversion = 2\n[[intervention]]\nkind = \"{kind}\"\nwho = \"a\"\n",
        sc.steps,
        sc.replicates,
        sc.seed,
        sc.partner.a.anxiety,
        sc.partner.a.avoidance,
        sc.partner.b.anxiety,
        sc.partner.b.avoidance
    );
    scenario::load_str(&text, "v2.toml", "v2", &calibration()).expect("a valid scenario")
}

#[test]
fn t17_the_pursuers_self_care_or_boundaries_do_not_drive_the_withdrawer_away() {
    let base = couple(ANXIOUS, AVOIDANT, "married", YEAR, 2000);
    let withdrawer_left = |runs: &Runs| runs.share(|r| r.who_left.is_some_and(|w| w.index() == 1));
    let none = withdrawer_left(&Runs::of(&base));
    for kind in ["boundaries", "self_care"] {
        let with = withdrawer_left(&Runs::of(&with_intervention(&base, kind)));
        eprintln!("T17: {kind}: the withdrawer left {with:.3} vs {none:.3} without");
        assert!(with - none <= 0.10, "T17: {kind}: the withdrawer left {with:.3} vs {none:.3} without");
    }
}

#[test]
fn t18_a_stress_spell_raises_dissolution_modestly() {
    let text = |event: &str| {
        format!(
            "name = \"mild\"\nsteps = 365\nreplicates = 2000\nseed = {}\n[partner.a]\nanxiety = 0.45\navoidance = 0.35\n\
             [partner.b]\nanxiety = 0.35\navoidance = 0.45\n[model]\nversion = 2\n{event}",
            seed()
        )
    };
    let calm = scenario::load_str(&text(""), "mild.toml", "mild", &calibration()).unwrap();
    let spell = "[[event]]\nkind = \"stress\"\nstart = 100\nduration = 60\nmagnitude = 0.4\n";
    let stressed = scenario::load_str(&text(spell), "mild.toml", "mild", &calibration()).unwrap();
    let (p0, p1) = (Runs::of(&calm).dissolved_by(YEAR), Runs::of(&stressed).dissolved_by(YEAR));
    eprintln!("T18: 1-year dissolution {p0:.3} -> {p1:.3} with a 60-day stress spell");
    assert!(p1 - p0 <= 0.10, "T18: 1-year dissolution {p0:.3} -> {p1:.3} with a 60-day stress spell");
}

// T14-T16: couples therapy (emotionally focused) for distressed couples -----------------------

/// The distressed population (initial trust 0.45, hopelessness 0.3) under model version 2,
/// with a full EFT course from day 30 (four stages of 40 days) at `distance`, or none.
fn distressed(steps: u32, therapy: Option<Distance>) -> Scenario {
    let extra = [
        ("partner.a.initial_exhaustion", "0.3".to_string()),
        ("partner.b.initial_exhaustion", "0.3".to_string()),
    ];
    let mut sc = population("distressed", "married", steps, 2000, &extra);
    if let Some(distance) = therapy {
        sc.intervention.push(Intervention {
            kind: Kind::Therapy,
            start: 30,
            end: 30 + 4 * 40 - 1,
            who: Target::Both,
            strength: 1.0,
            stages: vec![
                Stage::DeEscalation,
                Stage::WithdrawerReEngagement,
                Stage::PursuerSoftening,
                Stage::Consolidation,
            ],
            stage_lengths: vec![40; 4],
            distance: Some(distance),
        });
    }
    sc
}

/// The withdrawer's engagement at the start of therapy (the day before day 30) and at its end
/// (day 189); the label at the end of therapy from the days before it.
#[derive(Default)]
struct Course {
    engagement: [f64; 2],
    days: Vec<dyad::metrics::outcome::Day>,
    settled_at_end: bool,
}

struct CourseObserver<'a>(&'a Scenario, Course);

impl Observer for CourseObserver<'_> {
    fn observe(&mut self, step: u32, state: &DyadState) {
        let trust = 0.5 * (state.partners[0].trust + state.partners[1].trust);
        let c = &mut self.1;
        if step > 0 {
            c.days.push(dyad::metrics::outcome::Day {
                strategies: state.strategies(),
                trust,
                contempt: 0.5 * (state.partners[0].resentment + state.partners[1].resentment),
                closeness: state.closeness,
            });
        }
        if step == 29 {
            c.engagement[0] = state.partners[1].engagement;
        }
        if step == 189 {
            c.engagement[1] = state.partners[1].engagement;
            let t = [state.partners[0].trust, state.partners[1].trust];
            c.settled_at_end =
                dyad::metrics::outcome::classify_horizon(&self.0.outcome, &c.days, t) == Outcome::Settled;
        }
    }
}

#[test]
fn t14_a_full_eft_course_helps_most_distressed_couples() {
    for years in [1, 2] {
        let recovered = Runs::of(&distressed(years * YEAR, Some(Distance::Adaptive))).p(Outcome::Settled);
        eprintln!("T14: recovered (settled) at {years} y with therapy: {recovered:.3}");
        assert!((0.65..=0.75).contains(&recovered), "T14: recovered at {years} y: {recovered:.3}");
    }
    let untreated = Runs::of(&distressed(YEAR, None));
    let (recovered, dissolved) = (untreated.p(Outcome::Settled), untreated.dissolved_by(YEAR));
    eprintln!("T14: untreated recovered {recovered:.3}, dissolved {dissolved:.3} in a year");
    assert!(
        recovered <= 0.15 && dissolved <= 0.10,
        "T14: untreated recovered {recovered:.3}, dissolved {dissolved:.3}"
    );
}

#[test]
fn t14_most_but_not_all_treated_couples_improve_reliably() {
    // Reliable change: the couple's mean trust from before therapy to the end, threshold
    // `[outcome] reliable_change` (0.10); a couple that dissolved has not improved.
    let improved = Runs::of(&distressed(YEAR, Some(Distance::Adaptive))).share(|r| r.improved);
    eprintln!("T14: reliably improved at 1 y: {improved:.3}");
    assert!((0.85..=0.92).contains(&improved), "T14: reliably improved {improved:.3}");
}

#[test]
fn t15_gains_last_after_therapy() {
    let sc = distressed(189 + YEAR, Some(Distance::Adaptive));
    let runs = observe(&sc, || CourseObserver(&sc, Course::default()));
    let settled: Vec<_> = runs.iter().filter(|(_, o)| o.1.settled_at_end).collect();
    let relapsed =
        settled.iter().filter(|(s, _)| s.outcome != Outcome::Settled).count() as f64 / settled.len() as f64;
    eprintln!(
        "T15: of {} couples settled at the end of therapy, {relapsed:.3} dissolved or relapsed within a year",
        settled.len()
    );
    assert!(settled.len() >= 300, "T15: {} couples settled at the end of therapy", settled.len());
    assert!(relapsed <= 0.10, "T15: relapsed or dissolved {relapsed:.3}");
}

#[test]
fn t16_the_therapists_distance_matters_modestly() {
    let adaptive = Runs::of(&distressed(YEAR, Some(Distance::Adaptive))).p(Outcome::Settled);
    for distance in [Distance::Close, Distance::Distant] {
        let other = Runs::of(&distressed(YEAR, Some(distance))).p(Outcome::Settled);
        eprintln!("T16: settled with an adaptive therapist {adaptive:.3}, {distance:?} {other:.3}");
        let gap = adaptive - other;
        assert!((0.05..=0.20).contains(&gap), "T16: adaptive {adaptive:.3} vs {distance:?} {other:.3}");
    }
    let sc = distressed(YEAR, Some(Distance::Adaptive));
    let runs = observe(&sc, || CourseObserver(&sc, Course::default()));
    let mean = |k: usize| runs.iter().map(|(_, o)| o.1.engagement[k]).sum::<f64>() / runs.len() as f64;
    eprintln!(
        "T16: the withdrawer's engagement {:.3} at the start of therapy, {:.3} at its end",
        mean(0),
        mean(1)
    );
    assert!(mean(1) > mean(0), "T16: the withdrawer's engagement grows over therapy");
}

#[test]
fn reliable_change_flags_follow_their_definition() {
    let sc = distressed(YEAR, Some(Distance::Adaptive));
    let runs = Runs::of(&sc);
    let threshold = sc.outcome.reliable_change;
    for r in &runs.0 {
        let left = r.outcome == Outcome::Dissolved;
        assert_eq!(r.improved, !left && r.trust_change >= threshold, "{r:?}");
        assert_eq!(r.deteriorated, left || r.trust_change <= -threshold, "{r:?}");
        assert_eq!(r.recovered(), r.improved && r.outcome == Outcome::Settled);
    }
    assert!(runs.share(|r| r.recovered()) > 0.5, "therapy makes most distressed couples recover");
}

/// Earned security (model-v2.md, change 9): attachment is moderately stable, test-retest r about
/// .5-.7 over 1-4 years (Arriaga et al. 2018). Here the traits of the community's partners at
/// the start against those 1-4 years later. Trait fluctuation (docs/MODEL.md, submodel 14), a
/// state part of each trait with sd 0.13 and a 60-day memory around a stable part, gives most of
/// the instability (Fraley et al. 2011); the small drift with experienced responsiveness adds
/// the rest.
#[test]
fn earned_security_traits_are_moderately_stable_over_years() {
    assert_test_retest_between(0.5, 0.7);
}

/// Asserts that the community's partners' traits at the start correlate with those 1, 2, 3 and
/// 4 years later with r in `low..=high`.
fn assert_test_retest_between(low: f64, high: f64) {
    struct Traits(Vec<[f64; 4]>);
    impl Observer for Traits {
        fn observe(&mut self, step: u32, state: &DyadState) {
            // The start (step 0) and the end of every year.
            if step.is_multiple_of(YEAR) {
                let q = &state.partners;
                self.0.push([q[0].anxiety, q[0].avoidance, q[1].anxiety, q[1].avoidance]);
            }
        }
    }
    let sc = population("community", "married", 4 * YEAR, 2000, &[]);
    let obs = observe(&sc, || Traits(Vec::new()));
    for year in 1..=4usize {
        let mut rs = Vec::new();
        for k in 0..4 {
            let pairs: Vec<(f64, f64)> = obs
                .iter()
                .filter(|(_, o)| o.0.len() > year)
                .map(|(_, o)| (o.0[0][k], o.0[year][k]))
                .collect();
            let n = pairs.len() as f64;
            let (mx, my) =
                (pairs.iter().map(|p| p.0).sum::<f64>() / n, pairs.iter().map(|p| p.1).sum::<f64>() / n);
            let cov = pairs.iter().map(|p| (p.0 - mx) * (p.1 - my)).sum::<f64>();
            let vx = pairs.iter().map(|p| (p.0 - mx).powi(2)).sum::<f64>();
            let vy = pairs.iter().map(|p| (p.1 - my).powi(2)).sum::<f64>();
            // A trait that does not move at all has no defined r: count it as fully stable.
            rs.push(if vy == 0.0 { 1.0 } else { cov / (vx * vy).sqrt() });
        }
        eprintln!("test-retest r after {year} y (anxiety A, avoidance A, anxiety B, avoidance B): {rs:.3?}");
        for r in rs {
            assert!((low..=high).contains(&r), "after {year} y: r {r:.3}");
        }
    }
}

/// Who demands depends on whose issue it is (model-v2.md, change 7; Christensen & Heavey 1990:
/// discussing the wife's issue, wife-demand/husband-withdraw was far more common than the
/// reverse; discussing the husband's issue, the two did not differ). A mildly anxious partner A
/// with a mildly avoidant partner B: on A's issues A is nearly always the pursuer of the
/// pursue-withdraw days, on B's issues the roles are about even.
#[test]
fn who_demands_depends_on_whose_issue_it_is() {
    use dyad::model::intervention::StepContext;
    use dyad::model::v2::{Context, CoupleV2, PartnerV2, V2Params};
    let shares = |p: &V2Params| {
        // [on A's issues, on B's issues]: (days A pursued, days B pursued) of pursue-withdraw days.
        let counts: Vec<[[u64; 2]; 2]> = (0..2000u64)
            .into_par_iter()
            .map(|k| {
                let mut rng = dyad::engine::rng_from_seed(seed() ^ k.wrapping_mul(0x9E37_79B9_7F4A_7C15));
                let partners = [PartnerV2::new(0.6, 0.3, 0.6, 0.1), PartnerV2::new(0.3, 0.6, 0.6, 0.1)];
                let mut c = CoupleV2::new(p, Context::Married, partners, 0.5, 0.02, 0.05);
                c.draw_issue_rate(&mut rng);
                let mut n = [[0u64; 2]; 2];
                for _ in 0..YEAR {
                    c.step(&StepContext::QUIET, &mut rng);
                    let s = [c.partners[0].strategy, c.partners[1].strategy];
                    if let Some(d) = c.demander {
                        match s {
                            [Pursue, Withdraw] => n[d][0] += 1,
                            [Withdraw, Pursue] => n[d][1] += 1,
                            _ => {}
                        }
                    }
                }
                n
            })
            .collect();
        let total = counts.iter().fold([[0u64; 2]; 2], |mut t, n| {
            for d in 0..2 {
                for w in 0..2 {
                    t[d][w] += n[d][w];
                }
            }
            t
        });
        let share = |d: usize, who: usize| total[d][who] as f64 / (total[d][0] + total[d][1]).max(1) as f64;
        (share(0, 0), share(1, 1), total)
    };
    let (a_own, b_own, total) = shares(&V2Params::default());
    eprintln!("demander: A pursues on A's issues {a_own:.3}, B on B's issues {b_own:.3} (days {total:?})");
    assert!(a_own >= 2.0 / 3.0, "on A's issues A should demand far more often: {a_own:.3}");
    assert!((0.35..=0.65).contains(&b_own), "on B's issues the roles should be about even: {b_own:.3}");
    // Without the demander's lean B's own issues look like A's: B rarely pursues.
    let (_, blind, _) = shares(&V2Params { demand_lean: 0.0, ..V2Params::default() });
    assert!(blind < 0.2, "with demand_lean 0, B on B's issues {blind:.3}");
}
