//! Tests of the sweep figures: intervals, colours, axis names and ticks.

use super::*;

#[test]
fn line_colours_are_never_an_outcomes_colour() {
    for c in GROUP_COLOURS {
        assert!(!OUTCOME_COLOURS.contains(&c), "{c:?}");
    }
}

#[test]
fn heatmap_axes_show_names_and_whole_days() {
    let data = SweepData {
        manifest: serde_json::json!({"sweep": {"base_scenario": {"partner": {"a": {"name": "Sam"}, "b": {}}}}}),
        params: vec![
            "partner.a.anxiety".into(),
            "partner.b.avoidance".into(),
            "environment.issue_rate".into(),
            "steps".into(),
        ],
        rows: vec![SweepRow {
            coords: vec!["0.5".into(), "0.5".into(), "0.05".into(), "730".into()],
            values: Default::default(),
        }],
    };
    let names: Vec<String> = (0..4).map(|i| axis_name(&data, i)).collect();
    assert_eq!(names, ["Sam's anxiety", "partner B's avoidance", "issue rate (environment)", "days (steps)"]);
    assert!(integer_axis(&data, 3) && !integer_axis(&data, 0));
    assert_eq!(tick_text(50.0, true), "50");
    assert_eq!(tick_text(0.25, false), "0.25");
    assert_eq!(tick_text(1.0, false), "1");
    assert_eq!(tick_text(-0.0001, false), "0");
}

#[test]
fn wilson_interval_contains_p_and_shrinks_with_n() {
    let (lo, hi) = wilson(0.3, 100.0);
    assert!(lo < 0.3 && 0.3 < hi);
    let (lo2, hi2) = wilson(0.3, 1000.0);
    assert!(hi2 - lo2 < hi - lo);
    assert!(wilson(0.0, 50.0).0 < 1e-12);
}

#[test]
fn edges_surround_values() {
    let e = edges(&[0.0, 0.5, 1.0]);
    assert_eq!(e, vec![(-0.25, 0.25), (0.25, 0.75), (0.75, 1.25)]);
}
