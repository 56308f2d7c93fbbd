//! `report.html`: one self-contained page per output folder (inline SVG, inline CSS, no
//! scripts, no network) that reads well on a projector and prints well.

use super::data::{RunData, SweepData};
use super::plot::Rendered;
use crate::metrics::Outcome;
use serde_json::Value;
use std::fmt::Write;

/// Escapes text for HTML.
pub fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

const STYLE: &str = r#"
:root { --ink: #222; --muted: #555; --rule: #ccc; --a: #0072b2; --b: #e69f00; }
* { box-sizing: border-box; }
body { font-family: "DejaVu Sans", "Helvetica Neue", Arial, sans-serif; color: var(--ink); margin: 0 auto;
       max-width: 1100px; padding: 1.5rem 2rem 3rem; font-size: 19px; line-height: 1.5; background: #fff; }
h1 { font-size: 2.1rem; margin: 0 0 .3rem; } h2 { font-size: 1.5rem; border-bottom: 2px solid var(--rule);
       padding-bottom: .2rem; margin-top: 2.2rem; } h3 { font-size: 1.15rem; margin: 1.2rem 0 .3rem; }
.lead { font-size: 1.2rem; color: var(--muted); margin-top: 0; }
table { border-collapse: collapse; width: 100%; margin: .6rem 0; font-size: .95rem; }
th, td { text-align: left; padding: .35rem .6rem; border-bottom: 1px solid var(--rule); vertical-align: top; }
th { background: #f3f3f3; } td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.bar { height: 1rem; min-width: 2px; display: inline-block; vertical-align: middle; }
figure { margin: 1.4rem 0; page-break-inside: avoid; break-inside: avoid; }
figure svg { width: 100%; height: auto; display: block; border: 1px solid #eee; }
figcaption { color: var(--muted); font-size: .95rem; margin-top: .3rem; }
pre { background: #f6f6f6; padding: .7rem 1rem; overflow-x: auto; font-size: .9rem; white-space: pre-wrap; }
.swatch-a { color: var(--a); font-weight: bold; } .swatch-b { color: #b07800; font-weight: bold; }
footer { margin-top: 3rem; color: var(--muted); font-size: .85rem; }
@media print { body { font-size: 11pt; max-width: none; padding: 0; } h2 { page-break-after: avoid; }
  section { page-break-inside: auto; } }
"#;

fn page(title: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n{body}<footer>Made by dyad {}. Figures and numbers come from the CSV and JSON files in this folder.</footer>\n</body>\n</html>\n",
        escape(title),
        env!("CARGO_PKG_VERSION")
    )
}

fn figures_section(figures: &[(Rendered, String)]) -> String {
    let mut s = String::from("<section>\n<h2>Figures</h2>\n");
    for (f, caption) in figures {
        let svg = f.svg.split_once("<svg").map(|(_, rest)| format!("<svg{rest}")).unwrap_or_default();
        let _ = writeln!(
            s,
            "<figure id=\"{}\">\n{svg}\n<figcaption>{} (files: {0}.png, {0}.svg)</figcaption>\n</figure>",
            escape(&f.stem),
            escape(caption)
        );
    }
    s.push_str("</section>\n");
    s
}

fn list(items: &Value) -> String {
    let items: Vec<String> = items
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .map(|i| format!("<li>{}</li>", escape(i)))
        .collect();
    if items.is_empty() { "<p>None given.</p>".into() } else { format!("<ul>{}</ul>", items.join("")) }
}

/// Plain-language meaning of each outcome.
pub fn outcome_meaning(o: Outcome) -> &'static str {
    match o {
        Outcome::Settled => "the cycle calmed down and both partners kept trusting",
        Outcome::Escalated => "the cycle intensified until a partner's trust broke down while exhausted",
        Outcome::Dissolved => "a partner left",
        Outcome::Disengaged => "parallel lives: mostly mutual withdrawal at the end",
        Outcome::Cycling => "an unresolved cycle that neither settled nor broke down",
    }
}

const KEY_METRICS: [(&str, &str); 12] = [
    ("pursue_withdraw", "share of days on which one partner pursued and the other withdrew"),
    ("mutual_pursuit", "share of days on which both pursued"),
    ("mutual_withdrawal", "share of days on which both withdrew"),
    ("mutual_secure", "share of days on which both were secure"),
    ("episodes", "number of pursue-withdraw episodes (runs of consecutive such days)"),
    ("pursuer_share_a", "share of pursue-withdraw days on which A was the pursuer"),
    ("positivity_ratio", "secure responses per insecure response (Gottman's ratio)"),
    ("escalation_index", "conflict in the last window minus the first; positive = escalating"),
    ("final_trust_a", "A's trust at the end"),
    ("final_trust_b", "B's trust at the end"),
    ("final_exhaustion_a", "A's exhaustion at the end"),
    ("final_exhaustion_b", "B's exhaustion at the end"),
];

/// The report page of a run folder.
pub fn run_page(data: &RunData, figures: &[(Rendered, String)]) -> String {
    let s = &data.summary;
    let sc = &s["scenario"];
    let version = data.version();
    let named = |text: &str| crate::metrics::named(text, version);
    let mut body = format!(
        "<header>\n<h1>{}</h1>\n<p class=\"lead\">{}</p>\n</header>\n",
        escape(&data.name()),
        escape(sc["description"].as_str().unwrap_or(""))
    );
    let t = &sc["teaching"];
    let _ = write!(
        body,
        "<section>\n<h2>Teaching notes</h2>\n<h3>What it is</h3>\n<p>{}</p>\n<h3>Things to notice</h3>\n{}\n<h3>Things to try</h3>\n{}\n</section>\n",
        escape(
            t["what"].as_str().filter(|w| !w.is_empty()).unwrap_or("No notes are given for this scenario.")
        ),
        list(&t["notice"]),
        list(&t["try"])
    );
    body.push_str(&named("<section>\n<h2>The couple</h2>\n<table>\n<tr><th>partner</th><th>name</th><th>anxiety</th><th>avoidance</th><th>attachment style</th><th>initial trust</th><th>initial exhaustion</th></tr>\n"));
    for (key, class) in [("a", "swatch-a"), ("b", "swatch-b")] {
        let p = &sc["partner"][key];
        let f = |k: &str| p[k].as_f64().unwrap_or(f64::NAN);
        let drawn = |t: &str| distribution_text(&sc["population"][key][t]);
        let (anxiety, avoidance) = (drawn("anxiety"), drawn("avoidance"));
        let style = if anxiety.is_some() || avoidance.is_some() {
            "varies by couple".to_string()
        } else {
            crate::scenario::style_name(f("anxiety"), f("avoidance")).to_string()
        };
        let _ = writeln!(
            body,
            "<tr><td class=\"{class}\">{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td>{}</td><td class=\"num\">{:.2}</td><td class=\"num\">{:.2}</td></tr>",
            key.to_uppercase(),
            escape(p["name"].as_str().unwrap_or("")),
            anxiety.unwrap_or_else(|| format!("{:.2}", f("anxiety"))),
            avoidance.unwrap_or_else(|| format!("{:.2}", f("avoidance"))),
            style,
            f("initial_trust"),
            f("initial_exhaustion")
        );
    }
    let env = &sc["environment"];
    let _ = write!(
        body,
        "</table>\n<p>Environment: {} new unresolved issues per day on average, starting closeness {}, day-to-day noise {}.</p>\n</section>\n",
        env["issue_rate"], env["initial_closeness"], env["noise"]
    );
    body.push_str(&interventions_section(sc));
    body.push_str("<section>\n<h2>Outcomes</h2>\n<table>\n<tr><th>outcome</th><th>share of runs</th><th></th><th>meaning</th></tr>\n");
    for (k, o) in Outcome::ALL.iter().enumerate() {
        let share = s["outcomes"][o.as_str()].as_f64().unwrap_or(0.0);
        let c = super::plot::OUTCOME_COLOURS[k];
        let _ = writeln!(
            body,
            "<tr><td>{o}</td><td class=\"num\">{:.1}%</td><td style=\"width:35%\"><span class=\"bar\" style=\"width:{:.1}%;background:rgb({},{},{})\"></span></td><td>{}</td></tr>",
            100.0 * share,
            100.0 * share,
            c.0,
            c.1,
            c.2,
            outcome_meaning(*o)
        );
    }
    body.push_str("</table>\n</section>\n");
    body.push_str(&survival_section(&s["survival"], s["outcomes"]["escalated"].as_f64().unwrap_or(0.0)));
    body.push_str(&population_section(&s["population"]));
    body.push_str(&figures_section(figures));
    body.push_str("<section>\n<h2>Key metrics</h2>\n<p>Means over all runs.</p>\n<table>\n<tr><th>metric</th><th>mean</th><th>meaning</th></tr>\n");
    for (name, meaning) in KEY_METRICS {
        let (name, meaning) = (named(name), named(meaning));
        let v = s["means"][&name].as_f64().map_or("n/a".to_string(), |v| format!("{v:.3}"));
        let _ = writeln!(
            body,
            "<tr><td><code>{name}</code></td><td class=\"num\">{v}</td><td>{meaning}</td></tr>"
        );
    }
    let _ = write!(
        body,
        "</table>\n</section>\n<section>\n<h2>How to reproduce</h2>\n<pre>{}</pre>\n<p>Seed {}, {} runs of {} days, dyad {}. The same command and seed give the same CSV files, byte for byte, on any machine and with any number of threads.</p>\n</section>\n",
        escape(s["command"].as_str().unwrap_or("")),
        s["seed"],
        s["replicates"],
        s["steps"],
        escape(s["dyad_version"].as_str().unwrap_or(""))
    );
    page(&format!("dyad: {}", data.name()), &body)
}

/// A drawn trait's distribution in words (from `summary.json`), `None` for a fixed trait.
fn distribution_text(d: &Value) -> Option<String> {
    let num = |k: &str| d[k].as_f64().unwrap_or(f64::NAN);
    match d["distribution"].as_str()? {
        "normal" => Some(format!("drawn: normal, mean {:.2}, sd {:.2}", num("mean"), num("sd"))),
        "uniform" => Some(format!("drawn: uniform, {:.2} to {:.2}", num("min"), num("max"))),
        other => Some(format!("drawn ({})", escape(other))),
    }
}

fn pct(v: &Value) -> String {
    v.as_f64().map_or("n/a".into(), |v| format!("{:.1}%", 100.0 * v))
}

/// Time to dissolution: the share dissolved by each year reached, and the median.
fn survival_section(sv: &Value, escalated: f64) -> String {
    if sv.is_null() {
        return String::new();
    }
    let mut s = String::from(
        "<section>\n<h2>Time to dissolution</h2>\n<p>Kaplan-Meier estimate: runs in which nobody left count until their last day (censored). The interval is 95% (log-log, Greenwood). Per-day values: <code>survival.csv</code>.</p>\n<table>\n<tr><th>by</th><th>dissolved</th><th>95% interval</th></tr>\n",
    );
    let mut rows: Vec<&Value> = sv["dissolved_by_year"].as_array().into_iter().flatten().collect();
    let last = &sv["dissolved_by_last_step"];
    if rows.last().is_none_or(|r| r["step"] != last["step"]) {
        rows.push(last);
    }
    for r in rows {
        let label = match r["years"].as_u64() {
            Some(1) => "1 year".to_string(),
            Some(y) => format!("{y} years"),
            None => format!("day {}", r["step"]),
        };
        let _ = writeln!(
            s,
            "<tr><td>{label}</td><td class=\"num\">{}</td><td class=\"num\">{} to {}</td></tr>",
            pct(&r["dissolved"]),
            pct(&r["ci_low"]),
            pct(&r["ci_high"])
        );
    }
    let median = match sv["median_dissolution_step"].as_u64() {
        Some(m) => format!("day {m}"),
        None => "not reached: more than half of the couples were still together at the end".into(),
    };
    let _ = write!(s, "</table>\n<p>Median time to dissolution: {median}.</p>\n");
    if escalated > 0.0 {
        let _ = writeln!(
            s,
            "<p>Caution: {:.1}% of the runs stopped early as escalated. They count as still together until they stopped (censored), and Kaplan-Meier assumes that such couples would have left no more often than the others, which is unlikely: read the curve together with the outcome shares above.</p>",
            100.0 * escalated
        );
    }
    s.push_str("</section>\n");
    s
}

/// For a population: outcomes by style pairing, and how strongly each trait goes with each
/// outcome.
fn population_section(pop: &Value) -> String {
    if pop.is_null() {
        return String::new();
    }
    let mut s = String::from(
        "<section>\n<h2>The population</h2>\n<p>Each run is a different couple, its traits drawn from the scenario's population. Each partner's style is read from the traits, split at the middle of the scale (secure: both low; preoccupied: anxiety high; dismissing: avoidance high; fearful: both high). The figure <a href=\"#pairings\">pairings</a> maps the share dissolved.</p>\n",
    );
    // Outcomes by style pairing, largest pairings first.
    let mut cells: Vec<&Value> = pop["pairings"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|c| c["runs"].as_u64().unwrap_or(0) > 0)
        .collect();
    cells.sort_by_key(|c| std::cmp::Reverse(c["runs"].as_u64().unwrap_or(0)));
    s.push_str("<h3>Outcomes by style pairing</h3>\n<table>\n<tr><th>A's style</th><th>B's style</th><th>couples</th>");
    for o in Outcome::ALL {
        let _ = write!(s, "<th>{o}</th>");
    }
    s.push_str("</tr>\n");
    for c in cells {
        let _ = write!(
            s,
            "<tr><td>{}</td><td>{}</td><td class=\"num\">{}</td>",
            escape(c["a"].as_str().unwrap_or("")),
            escape(c["b"].as_str().unwrap_or("")),
            c["runs"]
        );
        for o in Outcome::ALL {
            let _ = write!(s, "<td class=\"num\">{}</td>", pct(&c["outcomes"][o.as_str()]));
        }
        s.push_str("</tr>\n");
    }
    s.push_str(
        "</table>\n<h3>Traits and outcomes</h3>\n<p>The correlation (point-biserial r, with its 95% interval) of each partner's traits with each outcome.</p>\n<table>\n<tr><th>trait</th>",
    );
    for o in Outcome::ALL {
        let _ = write!(s, "<th>{o}</th>");
    }
    s.push_str("</tr>\n");
    let rows: Vec<&Value> = pop["correlations"].as_array().into_iter().flatten().collect();
    for name in crate::metrics::population::TRAITS {
        let _ = write!(s, "<tr><td><code>{name}</code></td>");
        for o in Outcome::ALL {
            let cell = rows.iter().find(|r| r["trait"] == name && r["outcome"] == o.as_str());
            let text = match cell
                .and_then(|c| Some((c["r"].as_f64()?, c["ci_low"].as_f64()?, c["ci_high"].as_f64()?)))
            {
                Some((r, lo, hi)) => format!("{r:+.2} <small>({lo:+.2} to {hi:+.2})</small>"),
                None => "n/a".into(),
            };
            let _ = write!(s, "<td class=\"num\">{text}</td>");
        }
        s.push_str("</tr>\n");
    }
    s.push_str("</table>\n</section>\n");
    s
}

fn interventions_section(sc: &Value) -> String {
    let items = sc["intervention"].as_array().cloned().unwrap_or_default();
    let events = events_table(sc);
    if items.is_empty() {
        return format!(
            "<section>\n<h2>Interventions</h2>\n<p>None: this scenario schedules no interventions.</p>\n{events}</section>\n"
        );
    }
    let mut s = String::from(
        "<section>\n<h2>Interventions</h2>\n<table>\n<tr><th>kind</th><th>for</th><th>from day</th><th>to day</th><th>strength</th></tr>\n",
    );
    for i in items {
        let _ = writeln!(
            s,
            "<tr><td>{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
            escape(i["kind"].as_str().unwrap_or("")),
            escape(i["who"].as_str().unwrap_or("")),
            i["start"],
            i["end"],
            i["strength"]
        );
    }
    s.push_str("</table>\n");
    s.push_str(&events);
    s.push_str("</section>\n");
    s
}

fn events_table(sc: &Value) -> String {
    let events = sc["event"].as_array().cloned().unwrap_or_default();
    if events.is_empty() {
        return String::new();
    }
    let mut s = String::from(
        "<h3>Life events</h3>\n<table>\n<tr><th>event</th><th>from day</th><th>to day</th><th>what</th></tr>\n",
    );
    for e in events {
        let what = match e["kind"].as_str() {
            Some("issues") => format!("{} new unresolved issues", e["count"]),
            _ => format!("extra stress {}", e["magnitude"]),
        };
        let _ = writeln!(
            s,
            "<tr><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td>{}</td></tr>",
            escape(e["kind"].as_str().unwrap_or("")),
            e["start"],
            e["end"],
            escape(&what)
        );
    }
    s.push_str("</table>\n");
    s
}

/// The report page of a sweep folder.
pub fn sweep_page(data: &SweepData, figures: &[(Rendered, String)]) -> String {
    let m = &data.manifest;
    let sw = &m["sweep"];
    let name = sw["name"].as_str().unwrap_or("sweep");
    let mut body = format!(
        "<header>\n<h1>{}</h1>\n<p class=\"lead\">{}</p>\n</header>\n<section>\n<h2>Design</h2>\n<p>{} design over {} points, {} runs each, base scenario <code>{}</code>.</p>\n<table>\n<tr><th>swept parameter</th><th>values</th></tr>\n",
        escape(name),
        escape(sw["description"].as_str().unwrap_or("")),
        escape(sw["design"].as_str().unwrap_or("grid")),
        sw["points"],
        sw["replicates"],
        escape(sw["base"].as_str().unwrap_or(""))
    );
    for a in sw["axes"].as_array().into_iter().flatten() {
        let values = match a.get("values") {
            Some(v) => v
                .as_array()
                .map(|v| {
                    v.iter()
                        .map(|x| x.to_string().trim_matches('"').to_string())
                        .collect::<Vec<_>>()
                        .join(", ")
                })
                .unwrap_or_default(),
            None => format!("from {} to {}", a["from"], a["to"]),
        };
        let _ = writeln!(
            body,
            "<tr><td><code>{}</code></td><td>{}</td></tr>",
            escape(a["param"].as_str().unwrap_or("")),
            escape(&values)
        );
    }
    body.push_str("</table>\n</section>\n");
    body.push_str(&figures_section(figures));
    let _ = write!(
        body,
        "<section>\n<h2>How to reproduce</h2>\n<pre>{}</pre>\n<p>Seed {}, sweep hash {}, dyad {}. Replicate r of point p uses the seed derived from (seed, p, r), so the sweep gives the same sweep.csv whatever the thread count or shard split.</p>\n</section>\n",
        escape(m["command"].as_str().unwrap_or("")),
        sw["seed"],
        escape(sw["hash"].as_str().unwrap_or("")),
        escape(m["dyad_version"].as_str().unwrap_or(""))
    );
    page(&format!("dyad sweep: {name}"), &body)
}
