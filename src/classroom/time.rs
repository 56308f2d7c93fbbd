//! Time in words for the classroom tools: day numbers stay (teachers and tests use them), and
//! runs longer than a year also say the month, since "day 412" alone is hard to place in three
//! years. Durations read in days, weeks, months or years, whichever is natural.

/// Days in a month, on average.
const MONTH: f64 = 365.0 / 12.0;

/// Whether a run of `steps` days is long enough to be told in months and years (over a year).
pub fn long(steps: u32) -> bool {
    steps > 365
}

/// The month (1 = days 1 to 30) that day `day` falls in; day 0 is in month 1.
pub fn month(day: u32) -> u32 {
    ((f64::from(day) / MONTH).ceil() as u32).max(1)
}

/// "Day 412 (month 14)" in a run longer than a year, "Day 412" otherwise: how a paragraph
/// opens.
pub fn day_heading(day: u32, steps: u32) -> String {
    if long(steps) { format!("Day {day} (month {})", month(day)) } else { format!("Day {day}") }
}

/// A duration in natural units: "1 day", "5 days", "3 weeks", "6 months", "3 years",
/// "2.5 years". Under two weeks in days, under eight weeks in weeks, whole years in years,
/// under two years in months, from two years on in years (to the half year).
pub fn span(days: u32) -> String {
    let plural = |n: u32, unit: &str| if n == 1 { format!("1 {unit}") } else { format!("{n} {unit}s") };
    match days {
        0..14 => plural(days, "day"),
        14..56 => plural((f64::from(days) / 7.0).round() as u32, "week"),
        _ if days.is_multiple_of(365) => plural(days / 365, "year"),
        56..730 => plural((f64::from(days) / MONTH).round() as u32, "month"),
        _ => {
            let halves = (f64::from(days) / 182.5).round() as u32;
            if halves.is_multiple_of(2) {
                plural(halves / 2, "year")
            } else {
                format!("{}.5 years", halves / 2)
            }
        }
    }
}

/// The length of a whole run for an opening sentence: "year" (365 days), "first day",
/// "course of 3 years (1095 days)", "course of 500 days (about 16 months)", "course of 60 days".
pub fn horizon(steps: u32) -> String {
    match steps {
        365 => "year".to_string(),
        1 => "first day".to_string(),
        n if long(n) && n.is_multiple_of(365) => format!("course of {} ({n} days)", span(n)),
        n if long(n) => format!("course of {n} days (about {})", span(n)),
        n => format!("course of {n} days"),
    }
}

/// The label of day `t` of a run of `steps` days in a frame: "day 40 of 365", or, in a run
/// longer than a year, "month 14 · day 412" (no longer than the short label with a three-year
/// run's day numbers, so it fits beside the title).
pub fn frame_label(t: u32, steps: u32) -> String {
    if long(steps) { format!("month {} · day {t}", month(t)) } else { format!("day {t} of {steps}") }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_count_from_one_and_three_years_have_thirty_six() {
        assert_eq!([month(0), month(1), month(30), month(31), month(412), month(1095)], [1, 1, 1, 2, 14, 36]);
        assert_eq!(day_heading(412, 1095), "Day 412 (month 14)");
        assert_eq!(day_heading(45, 365), "Day 45");
        assert_eq!(frame_label(412, 1095), "month 14 · day 412");
        assert_eq!(frame_label(40, 365), "day 40 of 365");
    }

    #[test]
    fn spans_read_in_natural_units() {
        let told: Vec<String> = [1, 5, 14, 21, 30, 60, 90, 180, 365, 730, 1095, 900].map(span).into();
        assert_eq!(
            told,
            [
                "1 day",
                "5 days",
                "2 weeks",
                "3 weeks",
                "4 weeks",
                "2 months",
                "3 months",
                "6 months",
                "1 year",
                "2 years",
                "3 years",
                "2.5 years"
            ]
        );
        assert_eq!(horizon(1095), "course of 3 years (1095 days)");
        assert_eq!(horizon(500), "course of 500 days (about 16 months)");
        assert_eq!(horizon(30), "course of 30 days");
    }
}
