//! Every checkable claim of the built-in scenarios' teaching notes, tied to a measured condition.
//!
//! Each row of [`CLAIMS`] names a scenario, a fragment of its notes (`what`, `notice` or `try`)
//! and a check on that scenario's own output: the built-in at its own seed and replicates, and
//! the few variants a note compares it with ([`VARIANTS`]). The fragment must appear in the
//! notes, so editing a note makes this table fail until the row is revisited. The bands follow
//! the words: "about half" is 0.35-0.65, "few" at most 0.15, "most" above 0.5, "roughly one in
//! five" 0.10-0.30. Qualitative statements that cannot be measured have no row.
//!
//! `DYAD_TEACHING_SEED=N` runs every scenario at seed N instead of its own: the notes are meant
//! to hold on any seed (they were checked on 42, 1, 2 and 3).

use dyad::engine::{self, ScenarioResult};
use dyad::metrics::trajectory::VARIABLES;
use dyad::metrics::{Outcome, RunSummary};
use dyad::model::Who;
use dyad::scenario::{self, Override, builtin};
use rayon::prelude::*;
use std::collections::HashMap;

const YEAR: u32 = 365;

/// A built-in scenario with `--set` overrides.
type Variant = (&'static str, &'static [(&'static str, &'static str)]);

/// The variants that notes compare a scenario with, run besides the plain built-ins.
const VARIANTS: &[Variant] = &[
    ("therapy-distance", &[("intervention.0.distance", "close")]),
    ("therapy-distance", &[("intervention.0.distance", "distant")]),
    ("job-loss-insecure", &[("event.0.magnitude", "0"), ("event.1.count", "1")]),
];

/// The measured output of one scenario run.
struct M(ScenarioResult);

impl M {
    fn runs(&self) -> &[RunSummary] {
        &self.0.runs
    }
    fn share(&self, f: impl Fn(&RunSummary) -> bool) -> f64 {
        self.0.share(f)
    }
    fn p(&self, o: Outcome) -> f64 {
        self.share(|r| r.outcome == o)
    }
    fn settled(&self) -> f64 {
        self.p(Outcome::Settled)
    }
    fn dissolved(&self) -> f64 {
        self.p(Outcome::Dissolved)
    }
    fn cycling(&self) -> f64 {
        self.p(Outcome::Cycling)
    }
    /// P(a partner left by day `t`).
    fn dissolved_by(&self, t: u32) -> f64 {
        self.share(|r| r.outcome == Outcome::Dissolved && r.outcome_step.is_some_and(|s| s <= t))
    }
    fn left(&self, who: Who) -> f64 {
        self.share(|r| r.who_left == Some(who))
    }
    fn mean(&self, f: impl Fn(&RunSummary) -> f64) -> f64 {
        self.runs().iter().map(f).sum::<f64>() / self.runs().len() as f64
    }
    /// Mean over the runs that have a value.
    fn mean_some(&self, f: impl Fn(&RunSummary) -> Option<f64>) -> f64 {
        let v: Vec<f64> = self.runs().iter().filter_map(f).collect();
        v.iter().sum::<f64>() / v.len() as f64
    }
    /// The mean over replicates of trajectory variable `var`, averaged over days `from..=to`.
    fn traj(&self, var: &str, from: usize, to: usize) -> f64 {
        let k = VARIABLES.iter().position(|v| *v == var).expect("a trajectory variable");
        (from..=to).map(|t| self.0.trajectory.stats(t, k).mean).sum::<f64>() / (to - from + 1) as f64
    }
    /// The mean of trajectory variable `var` on the last day.
    fn end(&self, var: &str) -> f64 {
        let last = self.0.trajectory.len() - 1;
        self.traj(var, last, last)
    }
    fn trust(&self, i: usize) -> f64 {
        self.mean(|r| r.final_trust[i])
    }
    fn hopelessness(&self, i: usize) -> f64 {
        self.mean(|r| r.final_exhaustion[i])
    }
}

/// The result of one check: whether it holds, and what was measured.
struct Check(bool, String);

fn band(what: &str, x: f64, lo: f64, hi: f64) -> Check {
    Check((lo..=hi).contains(&x), format!("{what} = {x:.3} (band {lo}-{hi})"))
}

fn below(what: &str, x: f64, than: f64) -> Check {
    Check(x < than, format!("{what} = {x:.3} < {than:.3}"))
}

fn above(what: &str, x: f64, than: f64) -> Check {
    Check(x > than, format!("{what} = {x:.3} > {than:.3}"))
}

fn all(checks: Vec<Check>) -> Check {
    let ok = checks.iter().all(|c| c.0);
    Check(
        ok,
        checks
            .iter()
            .map(|c| format!("[{}] {}", if c.0 { "ok" } else { "FAIL" }, c.1))
            .collect::<Vec<_>>()
            .join("; "),
    )
}

/// Pearson's r of a trait with dissolving.
fn r_with_dissolved(runs: &[RunSummary], x: impl Fn(&RunSummary) -> f64) -> f64 {
    let n = runs.len() as f64;
    let y = |r: &RunSummary| f64::from(u8::from(r.outcome == Outcome::Dissolved));
    let (mx, my) = (runs.iter().map(&x).sum::<f64>() / n, runs.iter().map(y).sum::<f64>() / n);
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for r in runs {
        let (dx, dy) = (x(r) - mx, y(r) - my);
        sxy += dx * dy;
        sxx += dx * dx;
        syy += dy * dy;
    }
    sxy / (sxx * syy).sqrt()
}

/// All measured scenarios: every built-in, and the [`VARIANTS`].
struct Lab(HashMap<String, M>);

impl Lab {
    fn of(&self, name: &str) -> &M {
        self.with(name, &[])
    }
    fn with(&self, name: &str, set: &[(&str, &str)]) -> &M {
        self.0.get(&key(name, set)).unwrap_or_else(|| panic!("{} is not among the VARIANTS", key(name, set)))
    }
}

fn key(name: &str, set: &[(&str, &str)]) -> String {
    set.iter().fold(name.to_string(), |k, (p, v)| format!("{k} --set {p}={v}"))
}

fn measure() -> Lab {
    let plain: Vec<Variant> = builtin::names().map(|n| (n, &[][..])).collect();
    let seed = std::env::var("DYAD_TEACHING_SEED").ok().map(|s| s.parse::<u64>().expect("a seed"));
    let measured = plain
        .iter()
        .chain(VARIANTS)
        .par_bridge()
        .map(|&(name, set)| {
            let mut overrides: Vec<Override> = set.iter().map(|(p, v)| Override::new(p, v)).collect();
            overrides.extend(seed.map(|s| Override::new("seed", s)));
            let sc = scenario::load(name, &overrides).expect("a valid built-in");
            (key(name, set), M(engine::run_scenario(&sc, &|_| {})))
        })
        .collect();
    Lab(measured)
}

/// One claim: the scenario, a fragment of its notes, and the check of what it says.
type Claim = (&'static str, &'static str, fn(&Lab) -> Check);

const AA: &str = "anxious-avoidant";

#[rustfmt::skip]
const CLAIMS: &[Claim] = &[
    // secure-secure
    ("secure-secure", "Nearly every couple settles", |l| band("settled", l.of("secure-secure").settled(), 0.85, 1.0)),
    ("secure-secure", "trust climbs from 0.6 towards 0.9", |l| {
        let m = l.of("secure-secure");
        all(vec![above("final trust A", m.trust(0), 0.8), above("final trust B", m.trust(1), 0.8)])
    }),
    ("secure-secure", "hopelessness stays low", |l| below("final hopelessness A", l.of("secure-secure").hopelessness(0), 0.12)),
    ("secure-secure", "pursuit and withdrawal happen on a few days a year", |l| below("share of days A pursued", l.of("secure-secure").mean(|r| r.pursue[0]), 0.02)),
    ("secure-secure", "none are cycling or escalating", |l| {
        let m = l.of("secure-secure");
        below("cycling + escalated", m.cycling() + m.p(Outcome::Escalated), 0.02)
    }),
    ("secure-secure", "roughly one in fifteen over three years", |l| band("dissolved", l.of("secure-secure").dissolved(), 0.04, 0.1)),
    // anxious-anxious
    ("anxious-anxious", "it is more frequent than pursue-withdraw or mutual withdrawal", |l| {
        let m = l.of("anxious-anxious");
        let mp = m.mean(|r| r.mutual_pursuit);
        all(vec![above("mutual pursuit vs pursue-withdraw", mp, m.mean(|r| r.pursue_withdraw)), above("mutual pursuit vs mutual withdrawal", mp, m.mean(|r| r.mutual_withdrawal))])
    }),
    ("anxious-anxious", "higher even than for two secure partners", |l| above("mean closeness", l.of("anxious-anxious").mean(|r| r.mean_closeness), l.of("secure-secure").mean(|r| r.mean_closeness))),
    ("anxious-anxious", "about two couples in three settle, clearly fewer than secure-secure", |l| {
        let m = l.of("anxious-anxious");
        all(vec![band("settled", m.settled(), 0.55, 0.8), below("settled vs secure-secure - 0.1", m.settled(), l.of("secure-secure").settled() - 0.1)])
    }),
    ("anxious-anxious", "most of the rest keep cycling", |l| {
        let m = l.of("anxious-anxious");
        above("cycling, of those not settled", m.cycling() / (1.0 - m.settled()), 0.5)
    }),
    ("anxious-anxious", "Hopelessness stays low and few couples part", |l| {
        let m = l.of("anxious-anxious");
        all(vec![below("final hopelessness A", m.hopelessness(0), 0.15), below("final hopelessness B", m.hopelessness(1), 0.15), band("dissolved", m.dissolved(), 0.0, 0.15)])
    }),
    // anxious-avoidant
    (AA, "Sam is almost always the pursuer", |l| above("pursuer_share_a", l.of(AA).mean_some(|r| r.pursuer_share_a), 0.95)),
    (AA, "after one year nearly all couples are still together", |l| below("dissolved by 1 year", l.of(AA).dissolved_by(YEAR), 0.10)),
    (AA, "Sam's trust falls over months and years, not days", |l| {
        let m = l.of(AA);
        all(vec![above("Sam's mean trust at 3 months", m.traj("trust_a", 90, 90), 0.5), below("Sam's final trust", m.trust(0), 0.45)])
    }),
    (AA, "climbs faster than Alex's", |l| above("Sam's minus Alex's final hopelessness", l.of(AA).hopelessness(0) - l.of(AA).hopelessness(1), 0.1)),
    (AA, "Contempt builds in both partners", |l| {
        let m = l.of(AA);
        all(vec![above("Sam's contempt at 3 years", m.end("resentment_a"), 0.2), above("Alex's contempt at 3 years", m.end("resentment_b"), 0.2)])
    }),
    (AA, "almost no couple has settled", |l| below("settled", l.of(AA).settled(), 0.03)),
    (AA, "about a third are still cycling", |l| band("cycling", l.of(AA).cycling(), 0.22, 0.45)),
    (AA, "about four in ten are escalating", |l| band("escalated", l.of(AA).p(Outcome::Escalated), 0.3, 0.55)),
    (AA, "about one in four has split up, most of them in the second and third years", |l| {
        let m = l.of(AA);
        all(vec![band("dissolved", m.dissolved(), 0.15, 0.35), below("dissolved in year 1, of all dissolved", m.dissolved_by(YEAR) / m.dissolved(), 0.5)])
    }),
    (AA, "Sam is not yet burned out at three years, so few couples have drifted", |l| {
        let m = l.of(AA);
        all(vec![below("Sam's final hopelessness (burnout_at 0.5)", m.hopelessness(0), 0.5), below("disengaged", m.p(Outcome::Disengaged), 0.05)])
    }),
    // avoidant-avoidant
    ("avoidant-avoidant", "Mutual withdrawal is their insecure pattern; pursuit is rare", |l| {
        let m = l.of("avoidant-avoidant");
        let mw = m.mean(|r| r.mutual_withdrawal);
        all(vec![above("mutual withdrawal vs 5 x pursue-withdraw", mw, 5.0 * m.mean(|r| r.pursue_withdraw)), below("days A pursued", m.mean(|r| r.pursue[0]), 0.01)])
    }),
    ("avoidant-avoidant", "Closeness stays low, about a quarter of the scale, far below secure-secure and anxious-avoidant", |l| {
        let c = |n: &str| l.of(n).mean(|r| r.mean_closeness);
        all(vec![band("mean closeness", c("avoidant-avoidant"), 0.15, 0.35), below("vs secure-secure - 0.2", c("avoidant-avoidant"), c("secure-secure") - 0.2), below("vs anxious-avoidant - 0.1", c("avoidant-avoidant"), c(AA) - 0.1)])
    }),
    ("avoidant-avoidant", "about nine couples in ten end disengaged", |l| band("disengaged", l.of("avoidant-avoidant").p(Outcome::Disengaged), 0.8, 0.97)),
    ("avoidant-avoidant", "trust stays high, hopelessness low, and few couples part", |l| {
        let m = l.of("avoidant-avoidant");
        all(vec![above("final trust A", m.trust(0), 0.75), below("final hopelessness A", m.hopelessness(0), 0.15), band("dissolved", m.dissolved(), 0.0, 0.15)])
    }),
    ("avoidant-avoidant", "More issues stay unresolved than in secure-secure", |l| {
        let issues = |n: &str| l.of(n).mean(|r| f64::from(r.final_issues));
        above("final issues vs 2 x secure-secure", issues("avoidant-avoidant"), 2.0 * issues("secure-secure"))
    }),
    ("avoidant-avoidant", "the pile levels off", |l| {
        let m = l.of("avoidant-avoidant");
        below("issues: rise in year 3", m.traj("issues", 1095, 1095) - m.traj("issues", 730, 730), 2.0)
    }),
    // fearful-fearful
    ("fearful-fearful", "each is the pursuer on about half of the pursue-withdraw days", |l| {
        let m = l.of("fearful-fearful");
        all(vec![band("pursuer_share_a", m.mean_some(|r| r.pursuer_share_a), 0.35, 0.65), above("days Rae pursued", m.mean(|r| r.pursue[0]), 0.05), above("days Rae withdrew", m.mean(|r| r.withdraw[0]), 0.05)])
    }),
    ("fearful-fearful", "from 0.6 to around 0.4 over three years, and contempt builds in both alike", |l| {
        let m = l.of("fearful-fearful");
        all(vec![band("final trust A", m.trust(0), 0.3, 0.5), band("final trust B", m.trust(1), 0.3, 0.5), above("contempt A at 3 years", m.end("resentment_a"), 0.15), above("contempt B at 3 years", m.end("resentment_b"), 0.15)])
    }),
    ("fearful-fearful", "lower even than for two avoidant partners", |l| below("final closeness vs avoidant-avoidant", l.of("fearful-fearful").mean(|r| r.final_closeness), l.of("avoidant-avoidant").mean(|r| r.final_closeness))),
    ("fearful-fearful", "a few settle, and escalating, disengaged, cycling and dissolved couples each make up roughly a fifth to a quarter", |l| {
        let m = l.of("fearful-fearful");
        let mut checks = vec![band("settled", m.settled(), 0.0, 0.15)];
        for o in [Outcome::Escalated, Outcome::Disengaged, Outcome::Cycling, Outcome::Dissolved] {
            checks.push(band(o.as_str(), m.p(o), 0.12, 0.38));
        }
        all(checks)
    }),
    // secure-anxious
    ("secure-anxious", "About nine couples in ten settle: nearly as many as secure-secure, and far more than anxious-avoidant", |l| {
        let s = l.of("secure-anxious").settled();
        all(vec![band("settled", s, 0.8, 0.97), above("vs secure-secure - 0.1", s, l.of("secure-secure").settled() - 0.1), above("vs anxious-avoidant + 0.5", s, l.of(AA).settled() + 0.5)])
    }),
    ("secure-anxious", "Sam still does most of the pursuing", |l| above("pursuer_share_a", l.of("secure-anxious").mean_some(|r| r.pursuer_share_a), 0.8)),
    ("secure-anxious", "pursue-withdraw days stay rare", |l| below("pursue-withdraw days", l.of("secure-anxious").mean(|r| r.pursue_withdraw), 0.02)),
    ("secure-anxious", "from 0.6 to well above 0.8, where with Alex it falls", |l| {
        all(vec![above("Sam's final trust", l.of("secure-anxious").trust(0), 0.8), below("Sam's final trust with Alex", l.of(AA).trust(0), 0.6)])
    }),
    ("secure-anxious", "Closeness settles higher than for two secure partners", |l| above("mean closeness vs secure-secure", l.of("secure-anxious").mean(|r| r.mean_closeness), l.of("secure-secure").mean(|r| r.mean_closeness))),
    // secure-avoidant
    ("secure-avoidant", "About three couples in four settle: fewer than secure-secure, far more than anxious-avoidant", |l| {
        let s = l.of("secure-avoidant").settled();
        all(vec![band("settled", s, 0.6, 0.85), below("vs secure-secure", s, l.of("secure-secure").settled()), above("vs anxious-avoidant + 0.4", s, l.of(AA).settled() + 0.4)])
    }),
    ("secure-avoidant", "(about 0.44 against 0.66)", |l| {
        let c = |n: &str| l.of(n).mean(|r| r.mean_closeness);
        all(vec![band("mean closeness", c("secure-avoidant"), 0.38, 0.5), band("secure-secure's", c("secure-secure"), 0.6, 0.72)])
    }),
    ("secure-avoidant", "Alex withdraws now and then, and Dana rarely pursues in return", |l| {
        let m = l.of("secure-avoidant");
        all(vec![below("days Dana pursued", m.mean(|r| r.pursue[0]), 0.03), above("days Alex withdrew vs 2 x Dana's pursuit", m.mean(|r| r.withdraw[1]), 2.0 * m.mean(|r| r.pursue[0]))])
    }),
    ("secure-avoidant", "Roughly one couple in ten drifts into parallel lives", |l| band("disengaged", l.of("secure-avoidant").p(Outcome::Disengaged), 0.04, 0.18)),
    // communication
    ("communication", "The first two months look like anxious-avoidant: on about one day in four", |l| {
        let (c, aa) = (l.of("communication").traj("pursue_a", 1, 59), l.of(AA).traj("pursue_a", 1, 59));
        all(vec![band("Sam pursues, days 1-59", c, 0.15, 0.35), below("difference from anxious-avoidant", (c - aa).abs(), 0.03)])
    }),
    ("communication", "pursuit drops to about a third of what it was", |l| {
        let m = l.of("communication");
        band("Sam's pursuit, months 4-12 over months 1-2", m.traj("pursue_a", 120, 365) / m.traj("pursue_a", 1, 59), 0.2, 0.5)
    }),
    ("communication", "trust recovers over the following years instead of falling", |l| {
        let m = l.of("communication");
        all(vec![above("Sam's trust, 3 years vs day 60", m.end("trust_a"), m.traj("trust_a", 60, 60) + 0.05), above("Sam's final trust vs anxious-avoidant + 0.2", m.trust(0), l.of(AA).trust(0) + 0.2)])
    }),
    ("communication", "(roughly one in ten instead of one in four)", |l| {
        let d = l.of("communication").dissolved();
        all(vec![band("dissolved", d, 0.03, 0.18), below("vs anxious-avoidant - 0.05", d, l.of(AA).dissolved() - 0.05)])
    }),
    ("communication", "Sam's hopelessness stays low", |l| below("Sam's final hopelessness", l.of("communication").hopelessness(0), 0.2)),
    ("communication", "only about one couple in five counts as settled: Sam still pursues on about one day in ten", |l| {
        let m = l.of("communication");
        all(vec![band("settled", m.settled(), 0.12, 0.3), band("Sam pursues, year 3", m.traj("pursue_a", 731, 1095), 0.05, 0.15)])
    }),
    ("communication", "so most are cycling in a milder form", |l| above("cycling", l.of("communication").cycling(), 0.5)),
    // boundaries
    ("boundaries", "Sam's hopelessness stays near where it started instead of climbing", |l| {
        all(vec![below("Sam's final hopelessness", l.of("boundaries").hopelessness(0), 0.15), below("vs anxious-avoidant - 0.15", l.of("boundaries").hopelessness(0), l.of(AA).hopelessness(0) - 0.15)])
    }),
    ("boundaries", "pursue-withdraw days fall from about one in four to a few in a hundred", |l| {
        all(vec![band("anxious-avoidant's pursue-withdraw days", l.of(AA).mean(|r| r.pursue_withdraw), 0.15, 0.35), band("with boundaries", l.of("boundaries").mean(|r| r.pursue_withdraw), 0.01, 0.07)])
    }),
    ("boundaries", "fewer couples part than in anxious-avoidant, and both partners end with more trust", |l| {
        let (b, aa) = (l.of("boundaries"), l.of(AA));
        all(vec![below("dissolved vs anxious-avoidant", b.dissolved(), aa.dissolved()), above("Sam's trust", b.trust(0), aa.trust(0)), above("Alex's trust", b.trust(1), aa.trust(1)), below("Alex left vs anxious-avoidant", b.left(Who::B), aa.left(Who::B))])
    }),
    ("boundaries", "settling stays rare, about half or more keep a quieter cycle, and roughly one couple in five", |l| {
        let m = l.of("boundaries");
        all(vec![band("settled", m.settled(), 0.0, 0.05), band("cycling", m.cycling(), 0.4, 0.75), band("disengaged", m.p(Outcome::Disengaged), 0.1, 0.3)])
    }),
    ("boundaries", "brings the partners closer instead of further apart", |l| above("mean closeness, communication vs boundaries", l.of("communication").mean(|r| r.mean_closeness), l.of("boundaries").mean(|r| r.mean_closeness))),
    // self-care
    ("self-care", "is clearly lower than in anxious-avoidant: it barely rises", |l| {
        all(vec![below("Sam's final hopelessness", l.of("self-care").hopelessness(0), 0.2), below("vs anxious-avoidant - 0.15", l.of("self-care").hopelessness(0), l.of(AA).hopelessness(0) - 0.15)])
    }),
    ("self-care", "as many pursue-withdraw days, Sam's trust falls as far, no couple settles, and about one in four parts", |l| {
        let (s, aa) = (l.of("self-care"), l.of(AA));
        all(vec![
            below("pursue-withdraw days, difference", (s.mean(|r| r.pursue_withdraw) - aa.mean(|r| r.pursue_withdraw)).abs(), 0.05),
            below("Sam's final trust, difference", (s.trust(0) - aa.trust(0)).abs(), 0.08),
            below("settled", s.settled(), 0.03),
            band("dissolved", s.dissolved(), 0.15, 0.35),
        ])
    }),
    ("self-care", "Alex leaves about as often as without it", |l| below("Alex left, difference", (l.of("self-care").left(Who::B) - l.of(AA).left(Who::B)).abs(), 0.07)),
    ("self-care", "Sam is not burned out at three years even without self-care", |l| below("Sam's final hopelessness in anxious-avoidant (burnout_at 0.5)", l.of(AA).hopelessness(0), 0.5)),
    // stressful-year
    ("stressful-year", "about four in ten instead of about two in three", |l| {
        let s = l.of("stressful-year").settled();
        all(vec![band("settled", s, 0.3, 0.5), below("vs anxious-anxious - 0.1", s, l.of("anxious-anxious").settled() - 0.1)])
    }),
    ("stressful-year", "more couples keep protesting (cycling), and about as few part", |l| {
        let (s, aa) = (l.of("stressful-year"), l.of("anxious-anxious"));
        all(vec![above("cycling vs anxious-anxious + 0.08", s.cycling(), aa.cycling() + 0.08), below("dissolved, difference", (s.dissolved() - aa.dissolved()).abs(), 0.05)])
    }),
    ("stressful-year", "many more stay open or gridlocked than in ordinary years", |l| {
        let issues = |n: &str| l.of(n).mean(|r| f64::from(r.final_issues));
        above("final issues vs 2 x anxious-anxious", issues("stressful-year"), 2.0 * issues("anxious-anxious"))
    }),
    // community
    ("community", "about 1.5% of these married couples part in a year", |l| band("dissolved by 1 year", l.of("community").dissolved_by(YEAR), 0.005, 0.03)),
    ("community", "More than eight couples in ten settle", |l| above("settled", l.of("community").settled(), 0.8)),
    ("community", "roughly one in twenty within three years", |l| band("dissolved", l.of("community").dissolved(), 0.03, 0.08)),
    ("community", "The survival curve falls slowly and steadily", |l| {
        let m = l.of("community");
        let years = [m.dissolved_by(YEAR), m.dissolved_by(2 * YEAR) - m.dissolved_by(YEAR), m.dissolved() - m.dissolved_by(2 * YEAR)];
        all(years.iter().enumerate().map(|(i, &p)| band(&format!("dissolved in year {}", i + 1), p, 0.005, 0.035)).collect())
    }),
    ("community", "each trait's correlation with dissolving is close to zero", |l| {
        let runs = l.of("community").runs();
        all((0..2).flat_map(|i| (0..2).map(move |k| (i, k))).map(|(i, k)| {
            let r = r_with_dissolved(runs, |s| s.traits[i][k]);
            band(&format!("r(trait {k} of partner {i}, dissolved)"), r.abs(), 0.0, 0.15)
        }).collect())
    }),
    ("community", "someone pursues or withdraws on only a few days in a hundred", |l| {
        let mut insecure: Vec<f64> = l.of("community").runs().iter().map(|r| 1.0 - r.mutual_secure).collect();
        insecure.sort_by(f64::total_cmp);
        band("median share of days not mutually secure", insecure[insecure.len() / 2], 0.0, 0.10)
    }),
    // distressed
    ("distressed", "Few couples part in the first months, and only about one in thirty within the first year", |l| {
        let m = l.of("distressed");
        all(vec![below("dissolved by day 120", m.dissolved_by(120), 0.05), band("dissolved by 1 year", m.dissolved_by(YEAR), 0.01, 0.07)])
    }),
    ("distressed", "about half are still cycling, about a quarter are escalating, and about one in six has split up", |l| {
        let m = l.of("distressed");
        all(vec![below("settled", m.settled(), 0.05), band("cycling", m.cycling(), 0.35, 0.65), band("escalated", m.p(Outcome::Escalated), 0.15, 0.35), band("dissolved", m.dissolved(), 0.1, 0.25)])
    }),
    ("distressed", "Sam's hopelessness climbs over the years while Alex's trust slowly recovers", |l| {
        let m = l.of("distressed");
        all(vec![above("Sam's minus Alex's final hopelessness", m.hopelessness(0) - m.hopelessness(1), 0.05), above("Sam's final hopelessness vs start", m.hopelessness(0), m.traj("exhaustion_a", 0, 0) + 0.1), above("Alex's final trust vs start", m.trust(1), m.traj("trust_b", 0, 0) + 0.1)])
    }),
    // therapy-eft
    ("therapy-eft", "Pursue-withdraw days fall by more than half during therapy and stay low after it ends", |l| {
        let m = l.of("therapy-eft");
        let before = m.traj("pursue_a", 1, 29);
        all(vec![below("Sam's pursuit, last month of therapy / first month", m.traj("pursue_a", 120, 149) / before, 0.5), below("year 3 / first month", m.traj("pursue_a", 731, 1095) / before, 0.5)])
    }),
    ("therapy-eft", "trust recovers during therapy and keeps rising slowly afterwards", |l| {
        let m = l.of("therapy-eft");
        let t = |d| (m.traj("trust_a", d, d) + m.traj("trust_b", d, d)) / 2.0;
        all(vec![above("trust at the end of therapy vs its start", t(149), t(29) + 0.05), above("trust at 3 years vs the end of therapy", t(1095), t(149))])
    }),
    ("therapy-eft", "About six in ten of these couples settle, against none without therapy, and few part", |l| {
        let m = l.of("therapy-eft");
        all(vec![band("settled", m.settled(), 0.5, 0.72), below("settled without therapy", l.of(AA).settled(), 0.03), band("dissolved", m.dissolved(), 0.0, 0.15)])
    }),
    ("therapy-eft", "The rest still cycle, a few of them escalating again, but more mildly than without therapy", |l| {
        let m = l.of("therapy-eft");
        let (cycling, escalated) = (m.cycling(), m.p(Outcome::Escalated));
        all(vec![above("cycling or escalating, of those not settled", (cycling + escalated) / (1.0 - m.settled()), 0.6), above("cycling vs escalated", cycling, escalated), below("pursue-withdraw days vs anxious-avoidant / 2", m.mean(|r| r.pursue_withdraw), l.of(AA).mean(|r| r.pursue_withdraw) / 2.0)])
    }),
    // therapy-distance
    ("therapy-distance", "both partners form a good alliance, and about six in ten of the couples settle", |l| band("settled", l.of("therapy-distance").settled(), 0.5, 0.72)),
    ("therapy-distance", "either way fewer couples settle, about one in two instead of six in ten", |l| {
        let adaptive = l.of("therapy-distance").settled();
        let mut checks = vec![];
        for d in ["close", "distant"] {
            let s = l.with("therapy-distance", &[("intervention.0.distance", d)]).settled();
            checks.push(band(&format!("settled, {d}"), s, 0.38, 0.58));
            checks.push(above(&format!("adaptive minus {d}"), adaptive - s, 0.03));
        }
        all(checks)
    }),
    ("therapy-distance", "with any distance most couples settle or keep a milder cycle, and few part", |l| {
        let mut checks = vec![];
        for d in ["adaptive", "close", "distant"] {
            let m = if d == "adaptive" { l.of("therapy-distance") } else { l.with("therapy-distance", &[("intervention.0.distance", d)]) };
            checks.push(above(&format!("settled or cycling, {d}"), m.settled() + m.cycling(), 0.6));
            checks.push(band(&format!("dissolved, {d}"), m.dissolved(), 0.0, 0.15));
        }
        all(checks)
    }),
    // job-loss
    ("job-loss", "pursuit and withdrawal rise to several times their usual level during it, then fall back", |l| {
        let m = l.of("job-loss");
        let (before, during, after) = (m.traj("pursue_a", 60, 119), m.traj("pursue_a", 120, 179), m.traj("pursue_a", 240, 365));
        let w = (m.traj("withdraw_b", 60, 119), m.traj("withdraw_b", 120, 179));
        all(vec![above("pursuit during / before", during / before, 2.0), above("withdrawal during / before", w.1 / w.0, 2.0), below("pursuit after / during", after / during, 0.6)])
    }),
    ("job-loss", "about as many settle as in secure-secure without the job loss, and few part", |l| {
        let m = l.of("job-loss");
        all(vec![below("settled, difference from secure-secure", (m.settled() - l.of("secure-secure").settled()).abs(), 0.05), band("dissolved", m.dissolved(), 0.0, 0.15)])
    }),
    // job-loss-insecure
    ("job-loss-insecure", "Jess pursues on only a few days in a hundred", |l| below("Jess pursues, days 60-119", l.of("job-loss-insecure").traj("pursue_a", 60, 119), 0.06)),
    ("job-loss-insecure", "Jess's pursuit and Ari's withdrawal roughly double, a larger rise than in job-loss, and contempt starts to build", |l| {
        let (m, secure) = (l.of("job-loss-insecure"), l.of("job-loss"));
        let rise = |m: &M, v| m.traj(v, 120, 179) - m.traj(v, 60, 119);
        all(vec![
            band("Jess's pursuit, during / before", m.traj("pursue_a", 120, 179) / m.traj("pursue_a", 60, 119), 1.5, 3.0),
            band("Ari's withdrawal, during / before", m.traj("withdraw_b", 120, 179) / m.traj("withdraw_b", 60, 119), 1.5, 3.0),
            above("rise in A's pursuit vs job-loss", rise(m, "pursue_a"), rise(secure, "pursue_a")),
            above("Jess's contempt, day 240 vs day 119", m.traj("resentment_a", 240, 240), 2.0 * m.traj("resentment_a", 119, 119)),
        ])
    }),
    ("job-loss-insecure", "slightly fewer settle than in job-loss, and no more part", |l| {
        let (m, secure) = (l.of("job-loss-insecure"), l.of("job-loss"));
        all(vec![band("settled: job-loss minus job-loss-insecure", secure.settled() - m.settled(), 0.02, 0.15), above("settled", m.settled(), 0.75), below("dissolved, difference", (m.dissolved() - secure.dissolved()).abs(), 0.05)])
    }),
    ("job-loss-insecure", "without the job loss this couple ends about the same", |l| {
        let (m, calm) = (l.of("job-loss-insecure"), l.with("job-loss-insecure", &[("event.0.magnitude", "0"), ("event.1.count", "1")]));
        all(vec![below("settled, difference", (m.settled() - calm.settled()).abs(), 0.08), below("dissolved, difference", (m.dissolved() - calm.dissolved()).abs(), 0.05)])
    }),
];

fn notes_of(name: &str) -> String {
    let sc = dyad::scenario::load(name, &[]).expect("a built-in");
    let t = &sc.teaching;
    [t.what.clone(), t.notice.join("\n"), t.things_to_try.join("\n")].join("\n")
}

#[test]
fn every_claim_is_in_its_notes_and_holds_on_the_scenarios_own_output() {
    let lab = measure();
    let mut failures = vec![];
    for (name, fragment, check) in CLAIMS {
        if !notes_of(name).contains(fragment) {
            failures.push(format!("{name}: the notes no longer say `{fragment}`: revisit this row"));
            continue;
        }
        let Check(ok, measured) = check(&lab);
        if !ok {
            failures.push(format!("{name}: `{fragment}` does not hold: {measured}"));
        }
    }
    assert!(failures.is_empty(), "{} of {} claims:\n{}", failures.len(), CLAIMS.len(), failures.join("\n"));
}

#[test]
fn every_builtin_has_claims_and_every_variant_is_used() {
    for name in builtin::names() {
        assert!(CLAIMS.iter().any(|c| c.0 == name), "{name}: no claim of its notes is checked");
    }
    for (name, _) in VARIANTS {
        assert!(builtin::names().any(|n| n == *name), "{name}: not a built-in");
    }
}
