//! The plain-text summary printed after `dyad run`: what ran, the outcome shares with a small
//! bar each, the key metrics in the partners' names, and where the files went.

use crate::engine::ScenarioResult;
use crate::metrics::RunSummary;
use crate::scenario::{Scenario, style_name};
use std::fmt::Write;
use std::path::Path;

const BAR_WIDTH: usize = 24;

/// A horizontal bar of `share` (0..1) in eighths of a character.
pub fn bar(share: f64) -> String {
    const PARTS: [char; 8] = ['▏', '▎', '▍', '▌', '▋', '▊', '▉', '█'];
    let eighths = (share.clamp(0.0, 1.0) * (BAR_WIDTH * 8) as f64).round() as usize;
    let mut s = "█".repeat(eighths / 8);
    if !eighths.is_multiple_of(8) {
        s.push(PARTS[eighths % 8 - 1]);
    }
    s
}

fn pct(v: f64) -> String {
    format!("{:.1}%", 100.0 * v)
}

/// The summary text.
pub fn summary(
    sc: &Scenario,
    result: &ScenarioResult,
    out_dir: &Path,
    seconds: f64,
    threads: usize,
) -> String {
    let mut s = String::new();
    let [a, b] = sc.partner.both();
    let _ = writeln!(s, "{}: {}", sc.name, sc.description);
    for p in [a, b] {
        let _ = writeln!(
            s,
            "  {:<10} anxiety {:.2}  avoidance {:.2}  ({})",
            p.name,
            p.anxiety,
            p.avoidance,
            style_name(p.anxiety, p.avoidance)
        );
    }
    let _ = writeln!(
        s,
        "  {} replicates x {} steps, seed {}, {:.2} s on {} thread{}",
        sc.replicates,
        sc.steps,
        sc.seed,
        seconds,
        threads,
        if threads == 1 { "" } else { "s" }
    );
    for iv in &sc.intervention {
        let who = match iv.who {
            crate::model::intervention::Target::A => a.name.clone(),
            crate::model::intervention::Target::B => b.name.clone(),
            crate::model::intervention::Target::Both => "both".into(),
        };
        let who =
            if iv.kind == crate::model::intervention::Kind::Therapy { "the couple".to_string() } else { who };
        let when = if iv.start > sc.steps {
            format!("from day {} (after the last step: no effect)", iv.start)
        } else {
            format!("days {} to {}", iv.start, iv.end.min(sc.steps))
        };
        let _ = writeln!(
            s,
            "  intervention: {} for {who}, {when}, strength {}",
            iv.kind.name().replace('_', "-"),
            iv.strength
        );
    }
    for e in &sc.event {
        let what = match e.kind {
            crate::model::intervention::EventKind::Stress => {
                format!("extra stress {} on days {} to {}", e.magnitude.unwrap_or(0.0), e.start, e.end)
            }
            crate::model::intervention::EventKind::Issues => {
                format!("{} new issues on day {}", e.count.unwrap_or(0), e.start)
            }
        };
        let unreached = if e.start > sc.steps { " (after the last step: no effect)" } else { "" };
        let _ = writeln!(s, "  life event: {what}{unreached}");
    }
    let _ = writeln!(s, "\nOutcomes");
    for (outcome, share) in result.outcome_shares() {
        let _ = writeln!(s, "  {:<11} {:<w$} {:>6}", outcome.as_str(), bar(share), pct(share), w = BAR_WIDTH);
    }
    let mean = |f: fn(&RunSummary) -> Option<f64>| result.mean(f).unwrap_or(0.0);
    let _ = writeln!(s, "\nKey metrics (mean over replicates)");
    let _ = writeln!(
        s,
        "  pursue-withdraw steps  {:>6}   in {:.1} episodes of {:.1} steps on average",
        pct(mean(|r| Some(r.pursue_withdraw))),
        mean(|r| Some(r.episodes as f64)),
        mean(|r| (r.episodes > 0).then_some(r.mean_episode_length)),
    );
    match result.mean(|r| r.pursuer_share_a) {
        Some(share_a) => {
            let _ = writeln!(
                s,
                "  who pursued            {} {} and {} {} of pursue-withdraw steps",
                a.name,
                pct(share_a),
                b.name,
                pct(1.0 - share_a)
            );
        }
        None => {
            let _ = writeln!(s, "  who pursued            no pursue-withdraw steps at all");
        }
    }
    let pair = |label: &str, fa: fn(&RunSummary) -> Option<f64>, fb: fn(&RunSummary) -> Option<f64>| {
        format!("  {label:<22} {} {:.2}   {} {:.2}\n", a.name, mean(fa), b.name, mean(fb))
    };
    s.push_str(&pair("final trust", |r| Some(r.final_trust[0]), |r| Some(r.final_trust[1])));
    s.push_str(&pair("final exhaustion", |r| Some(r.final_exhaustion[0]), |r| Some(r.final_exhaustion[1])));
    let _ = writeln!(
        s,
        "  positivity ratio       {:.1} : 1 (secure to insecure responses)",
        mean(|r| Some(r.positivity_ratio))
    );
    let _ = writeln!(s, "\nFiles in {}", out_dir.display());
    let _ = writeln!(s, "  runs.csv         one row per replicate ({})", result.runs.len());
    let _ = writeln!(s, "  trajectory.csv   mean, sd and quantiles of 13 variables per step");
    let _ = writeln!(s, "  summary.json     resolved scenario, seed, version, outcome shares, means");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_scale_with_share() {
        assert_eq!(bar(0.0), "");
        assert_eq!(bar(1.0).chars().count(), BAR_WIDTH);
        assert_eq!(bar(0.5).chars().count(), BAR_WIDTH / 2);
    }
}
