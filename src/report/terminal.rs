//! The plain-text summary printed after `dyad run`: what ran, the outcome shares with a small
//! bar each, the key metrics in the partners' names, and where the files went.

use crate::engine::ScenarioResult;
use crate::metrics::population::{STYLES, TRAITS, pairings, trait_outcome_correlations};
use crate::metrics::survival::SurvivalCurve;
use crate::metrics::{Outcome, RunSummary};
use crate::report::json::SURVIVAL_YEARS;
use crate::scenario::population::Distribution;
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
    for (i, p) in [a, b].into_iter().enumerate() {
        match (sc.drawn(i, 0), sc.drawn(i, 1)) {
            (None, None) => {
                let _ = writeln!(
                    s,
                    "  {:<10} anxiety {:.2}  avoidance {:.2}  ({})",
                    p.name,
                    p.anxiety,
                    p.avoidance,
                    style_name(p.anxiety, p.avoidance)
                );
            }
            (anx, avo) => {
                let show = |d: Option<Distribution>, fixed: f64| match d {
                    Some(d) => format!("drawn {}", d.describe()),
                    None => format!("{fixed:.2}"),
                };
                let _ = writeln!(
                    s,
                    "  {:<10} anxiety {}  avoidance {}",
                    p.name,
                    show(anx, p.anxiety),
                    show(avo, p.avoidance)
                );
            }
        }
    }
    if let Some(pop) = &sc.population {
        let _ = writeln!(
            s,
            "  each replicate is a new couple (0..1 scale; within-person r {} and {}, between partners r {})",
            pop.a.within_r, pop.b.within_r, pop.between_r
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
    let tired = crate::metrics::named("final exhaustion", sc.model.version);
    s.push_str(&pair(&tired, |r| Some(r.final_exhaustion[0]), |r| Some(r.final_exhaustion[1])));
    let _ = writeln!(
        s,
        "  positivity ratio       {:.1} : 1 (secure to insecure responses)",
        mean(|r| Some(r.positivity_ratio))
    );
    if !sc.intervention.is_empty() {
        let share = |f: fn(&RunSummary) -> bool| result.share(f);
        let _ = writeln!(
            s,
            "  reliable change        improved {}, recovered {}, deteriorated {} (mean trust +-{} from before the first intervention)",
            pct(share(|r| r.improved)),
            pct(share(RunSummary::recovered)),
            pct(share(|r| r.deteriorated)),
            sc.outcome.reliable_change
        );
    }
    s.push_str(&survival_lines(&result.survival(sc.steps)));
    if sc.population.is_some() {
        s.push_str(&population_lines(result));
    }
    let _ = writeln!(s, "\nFiles in {}", out_dir.display());
    let _ = writeln!(s, "  runs.csv         one row per replicate ({})", result.runs.len());
    let _ = writeln!(s, "  trajectory.csv   mean, sd and quantiles of 13 variables per step");
    let _ = writeln!(s, "  survival.csv     time to dissolution: Kaplan-Meier estimate per step");
    let _ = writeln!(s, "  summary.json     resolved scenario, seed, version, outcome shares, means");
    s
}

/// Time to dissolution in a few lines: the share dissolved by each year the run reaches (or
/// by the last step) and the median when it is reached.
fn survival_lines(curve: &SurvivalCurve) -> String {
    let mut s = String::from("\nTime to dissolution (Kaplan-Meier, 95% interval)\n");
    let mut marks: Vec<(String, u32)> =
        SURVIVAL_YEARS.iter().filter(|&&y| 365 * y <= curve.steps()).map(|&y| (years(y), 365 * y)).collect();
    if marks.is_empty() || marks.last().is_some_and(|(_, t)| *t != curve.steps()) {
        marks.push((format!("day {}", curve.steps()), curve.steps()));
    }
    for (label, t) in marks {
        if let Some((share, lo, hi)) = curve.dissolved_by(t) {
            let _ = writeln!(s, "  dissolved by {label:<9} {:>6}   ({} to {})", pct(share), pct(lo), pct(hi));
        }
    }
    match curve.median() {
        Some(m) => {
            let _ = writeln!(s, "  median time to dissolution: day {m}");
        }
        None => {
            let _ = writeln!(s, "  median time to dissolution: not reached (over half are still together)");
        }
    }
    s
}

fn years(y: u32) -> String {
    if y == 1 { "1 year".into() } else { format!("{y} years") }
}

/// The population's headline numbers: P(dissolved) by style pairing (the largest cells) and
/// the trait correlations with dissolution.
fn population_lines(result: &ScenarioResult) -> String {
    let mut s = String::from("\nBy style pairing (A x B): runs, dissolved\n");
    let table = pairings(&result.runs);
    let mut cells: Vec<(usize, usize)> = (0..4).flat_map(|i| (0..4).map(move |j| (i, j))).collect();
    cells.sort_by_key(|&(i, j)| std::cmp::Reverse(table[i][j].runs));
    for &(i, j) in cells.iter().filter(|&&(i, j)| table[i][j].runs > 0).take(6) {
        let cell = table[i][j];
        let dissolved = cell.share(Outcome::Dissolved).unwrap_or(0.0);
        let pairing = format!("{} x {}", STYLES[i], STYLES[j]);
        let _ = writeln!(s, "  {pairing:<26} {:>6}   {:>6}", cell.runs, pct(dissolved));
    }
    let shown = cells.iter().filter(|&&(i, j)| table[i][j].runs > 0).count();
    if shown > 6 {
        let _ = writeln!(s, "  ... {} more pairings in summary.json and report.html", shown - 6);
    }
    let k = Outcome::ALL.iter().position(|&o| o == Outcome::Dissolved).unwrap_or(2);
    let correlations = trait_outcome_correlations(&result.runs);
    let rs: Vec<String> = TRAITS
        .iter()
        .zip(&correlations)
        .map(|(name, row)| match row[k] {
            Some(c) => format!("{name} {:+.2}", c.r),
            None => format!("{name} -"),
        })
        .collect();
    let _ = writeln!(s, "  r with dissolving: {}", rs.join(", "));
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
