//! Words: traits, trust and stress in plain language, lists, and the word wrap.

use crate::model::intervention::Kind;

pub(super) fn anxiety_words(x: f64) -> &'static str {
    match x {
        x if x >= 0.7 => "worries a lot about being left",
        x if x >= 0.5 => "often worries about being left",
        x if x >= 0.3 => "sometimes worries about being left",
        _ => "rarely worries about being left",
    }
}

pub(super) fn avoidance_words(x: f64) -> &'static str {
    match x {
        x if x >= 0.7 => "feels crowded by closeness and pulls away under stress",
        x if x >= 0.5 => "is uneasy with closeness",
        x if x >= 0.3 => "is a little wary of closeness",
        _ => "is comfortable with closeness",
    }
}

pub(super) fn trust_words(x: f64) -> &'static str {
    match x {
        x if x >= 0.8 => "high",
        x if x >= 0.6 => "fair",
        x if x >= 0.4 => "shaky",
        _ => "low",
    }
}

pub(super) fn stress_words(x: f64) -> &'static str {
    match x {
        x if x < 0.1 => "hardly there",
        x if x < 0.3 => "low",
        x if x < 0.6 => "considerable",
        _ => "heavy",
    }
}

/// What an intervention is, as a noun phrase for the plan.
pub(super) fn kind_noun(kind: Kind) -> &'static str {
    match kind {
        Kind::Communication => "open communication",
        Kind::Boundaries => "healthy detachment",
        Kind::SelfCare => "self-care",
        Kind::Coping => "coping with triggers",
        Kind::Vulnerability => "small acts of vulnerability",
        Kind::Compromise => "meeting halfway on closeness",
        Kind::Therapy => "couples therapy",
    }
}

/// What an intervention is, as a short subject: "communication began".
pub(super) fn kind_short(kind: Kind) -> &'static str {
    match kind {
        Kind::Communication => "communication",
        Kind::Boundaries => "detachment",
        Kind::SelfCare => "self-care",
        Kind::Coping => "coping",
        Kind::Vulnerability => "vulnerability",
        Kind::Compromise => "the compromise",
        Kind::Therapy => "therapy",
    }
}

/// "days" or "day".
pub(super) fn days(n: u32) -> &'static str {
    if n == 1 { "day" } else { "days" }
}

/// "1 day", "5 days", "no days".
pub(super) fn count_days(n: u32) -> String {
    match n {
        0 => "no days".to_string(),
        n => format!("{n} {}", days(n)),
    }
}

/// A count, with 0 as "none".
pub(super) fn none_or(n: u32) -> String {
    if n == 0 { "none".into() } else { n.to_string() }
}

/// "a", "a and b", "a, b and c".
pub(super) fn join_and(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

pub(super) fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// Greedy word wrap of one paragraph to `width` columns (at least 20); a word longer than the
/// width is cut. Ends with a newline.
pub(super) fn wrap(text: &str, width: usize) -> String {
    let width = width.max(20);
    let mut out = String::new();
    let mut line = String::new();
    let mut len = 0;
    for word in text.split_whitespace() {
        let mut word: Vec<char> = word.chars().collect();
        while word.len() > width {
            if len > 0 {
                out.push_str(&line);
                out.push('\n');
                line.clear();
                len = 0;
            }
            out.extend(word.drain(..width));
            out.push('\n');
        }
        if word.is_empty() {
            continue;
        }
        if len > 0 && len + 1 + word.len() > width {
            out.push_str(&line);
            out.push('\n');
            line.clear();
            len = 0;
        }
        if len > 0 {
            line.push(' ');
            len += 1;
        }
        line.extend(word.iter());
        len += word.len();
    }
    if len > 0 {
        out.push_str(&line);
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrap_keeps_every_word_within_the_width() {
        let text =
            "Day 2: The first pursue-withdraw day: Sam pursued (pressed for closeness) and Alex withdrew.";
        for width in [20, 33, 80] {
            let wrapped = wrap(text, width);
            assert!(wrapped.lines().all(|l| l.chars().count() <= width), "{width}:\n{wrapped}");
            assert_eq!(
                wrapped.split_whitespace().collect::<Vec<_>>(),
                text.split_whitespace().collect::<Vec<_>>()
            );
            assert!(wrapped.ends_with('\n') && !wrapped.contains(" \n"));
        }
        let long = wrap(&"x".repeat(45), 20);
        assert_eq!(long.lines().map(str::len).collect::<Vec<_>>(), [20, 20, 5]);
        assert_eq!(wrap("", 80), "");
    }

    #[test]
    fn lists_read_as_prose() {
        let items = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(join_and(&items(&["a"])), "a");
        assert_eq!(join_and(&items(&["a", "b"])), "a and b");
        assert_eq!(join_and(&items(&["a", "b", "c"])), "a, b and c");
        assert_eq!(capitalise("therapy"), "Therapy");
    }
}
