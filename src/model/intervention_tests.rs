//! Tests of interventions, therapy's stages and alliance, and the timeline of a run.

use super::*;

#[test]
fn overlapping_modifiers_never_exceed_one() {
    let m = Modifiers { secure: 0.7, ..Modifiers::NONE };
    let c = m.combine(m).combine(m);
    assert!(c.secure < 1.0 && c.secure > 0.97);
}

/// Therapy from `start` in these stages of `length` days each, for both partners.
fn therapy(start: u32, stages: [Stage; 3], length: u32) -> Intervention {
    Intervention {
        kind: Kind::Therapy,
        start,
        end: start + 3 * length - 1,
        who: Target::Both,
        strength: 1.0,
        stages: stages.to_vec(),
        stage_lengths: vec![length; 3],
        distance: None,
    }
}

#[test]
fn therapy_stages_follow_their_order_and_lengths() {
    let iv = therapy(10, [Stage::DeEscalation, Stage::PursuerSoftening, Stage::WithdrawerReEngagement], 10);
    assert_eq!(iv.stage_at(9), None);
    assert_eq!(iv.stage_at(10), Some(Stage::DeEscalation));
    assert_eq!(iv.stage_at(20), Some(Stage::PursuerSoftening));
    assert_eq!(iv.stage_at(39), Some(Stage::WithdrawerReEngagement));
    assert_eq!(iv.stage_at(40), None);
}

#[test]
fn therapy_takes_differently_with_each_couple_only_when_asked() {
    use rand::SeedableRng;
    let therapy =
        therapy(1, [Stage::DeEscalation, Stage::WithdrawerReEngagement, Stage::PursuerSoftening], 40);
    let state = crate::engine::initial_state(&crate::scenario::Scenario::default());
    let mut p = ModelParams::default();
    let draws = |p: &ModelParams, ivs: &[Intervention]| -> (f64, u64) {
        let mut rng = rand::rngs::Xoshiro256PlusPlus::seed_from_u64(4);
        let mut t = Timeline::new(p, ivs, &[], None, &state);
        t.draw_therapy_response(&mut rng);
        let secure = t.context(10, &state, &mut rng).partners[0].secure;
        (secure, rand::Rng::next_u64(&mut rng))
    };
    // Every couple alike: no number drawn.
    p.v2.therapy_nonresponse = 0.0;
    p.v2.therapy_response_cv = 0.0;
    let (alike, next) = draws(&p, std::slice::from_ref(&therapy));
    let (_, untouched) = draws(&p, &[]);
    assert_eq!(next, untouched, "no extra draw when couples are alike");
    p.v2.therapy_response_cv = 0.8;
    let (differs, _) = draws(&p, std::slice::from_ref(&therapy));
    assert!(alike > 0.0 && differs != alike, "{alike} vs {differs}");
    assert!(differs <= 1.0);
    // A run without therapy draws nothing, whatever the settings.
    p.v2.therapy_nonresponse = 0.5;
    let (_, without) = draws(&p, &[]);
    assert_eq!(without, untouched);
}

#[test]
fn therapy_that_does_not_take_changes_nothing() {
    use rand::SeedableRng;
    let therapy = therapy(1, [Stage::DeEscalation, Stage::Consolidation, Stage::PursuerSoftening], 40);
    let state = crate::engine::initial_state(&crate::scenario::Scenario::default());
    let mut p = ModelParams::default();
    p.v2.therapy_nonresponse = 1.0;
    let mut rng = rand::rngs::Xoshiro256PlusPlus::seed_from_u64(4);
    let mut t = Timeline::new(&p, std::slice::from_ref(&therapy), &[], None, &state);
    t.draw_therapy_response(&mut rng);
    for day in [0, 10, 25, 39] {
        assert_eq!(t.context(day, &state, &mut rng), StepContext::QUIET, "day {day}");
    }
    p.v2.therapy_nonresponse = 0.0;
    let mut t = Timeline::new(&p, std::slice::from_ref(&therapy), &[], None, &state);
    t.draw_therapy_response(&mut rng);
    assert_ne!(t.context(10, &state, &mut rng), StepContext::QUIET, "therapy that takes acts");
}

#[test]
fn a_mismatched_therapist_distance_weakens_the_alliance() {
    let p = ModelParams::default();
    assert!(alliance(&p, Distance::Close, 0.15, 0.85) < alliance(&p, Distance::Distant, 0.15, 0.85));
    assert!(alliance(&p, Distance::Distant, 0.85, 0.15) < alliance(&p, Distance::Close, 0.85, 0.15));
    assert_eq!(alliance(&p, Distance::Adaptive, 0.85, 0.85), 1.0);
}
