//! `dyad animate`: an animated GIF of one replicate, for slides.
//!
//! Every step of the replicate is recorded, then drawn at most [`MAX_SAMPLED`] times (every
//! day for short runs, every second day for a year): the two partners as simple figures whose
//! distance is the couple's closeness, filled with the colour of the strategy each used that
//! day (with an arrow: reaching in when pursuing, pulling away when withdrawing), each
//! partner's trust and exhaustion (under model version 2, hopelessness, with its burnout zone)
//! as gauges, the day counter (with the month in runs longer than a year), the scheduled
//! intervention or life event in force, and a strip of every day so far. The last frame, with
//! how the run ended, is shown as long as [`HOLD`] frames. Frames are encoded by [`encode`]:
//! one palette, and only what changed. The GIF is written under a temporary name in the target
//! folder and renamed into place when complete.

mod encode;
mod look;

use crate::classroom::time;
use crate::engine::{self, Observer};
use crate::error::{Error, Result};
use crate::metrics::{Outcome, RunSummary};
use crate::model::intervention::{EventKind, Target};
use crate::model::{DyadState, Strategy};
use crate::report::plot::{A_COLOUR, B_COLOUR, Drawn, INK, OUTCOME_COLOURS, Theme, register_fonts};
use crate::scenario::Scenario;
use look::{EVENT, GREY, INTERVENTION, TRACK, bold, font, stage_name, strategy_word};
pub use look::{PURSUE_COLOUR, SECURE_COLOUR, WITHDRAW_COLOUR, strategy_colour};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use std::path::Path;

/// What was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Animation {
    /// Frames in the GIF.
    pub frames: u32,
    /// Frame size in pixels.
    pub size: (u32, u32),
}

/// At most this many days are drawn (one frame each); longer runs are sampled evenly.
pub const MAX_SAMPLED: u32 = 200;
/// The last frame (how the run ended) is shown as long as this many frames.
pub const HOLD: u32 = 30;
/// Milliseconds per frame.
pub const MS_PER_FRAME: u32 = 90;

/// Frame size at the standard theme (16:9); the projector theme scales it up to 800 px wide.
const BASE: (f64, f64) = (720.0, 405.0);

/// Keeps every state of a run, from step 0.
struct Recorder(Vec<DyadState>);

impl Observer for Recorder {
    fn observe(&mut self, _step: u32, state: &DyadState) {
        self.0.push(*state);
    }
}

/// The days drawn: every `stride`-th day from 0, and always the last day run.
pub fn sampled_days(steps_run: u32) -> Vec<u32> {
    let stride = steps_run.div_ceil(MAX_SAMPLED).max(1);
    let mut days: Vec<u32> = (0..=steps_run).step_by(stride as usize).collect();
    if days.last() != Some(&steps_run) {
        days.push(steps_run);
    }
    days
}

/// One recorded run and how to draw it.
struct Film<'a> {
    sc: &'a Scenario,
    states: Vec<DyadState>,
    summary: RunSummary,
    /// Days between frames.
    stride: u32,
    /// Pixels per base pixel.
    k: f64,
    size: (u32, u32),
    /// The partners' names as the embedded font can draw them.
    names: [String; 2],
}

impl Film<'_> {
    fn px(&self, v: f64) -> i32 {
        (v * self.k).round() as i32
    }

    fn names(&self) -> [&str; 2] {
        [self.names[0].as_str(), self.names[1].as_str()]
    }

    /// Whether the run is of model version 2.
    fn v2(&self) -> bool {
        self.sc.model.version >= 2
    }

    fn last_day(&self) -> u32 {
        (self.states.len() - 1) as u32
    }

    /// What is scheduled on day `t`: (text, colour).
    fn happenings(&self, t: u32) -> Vec<(String, RGBColor)> {
        let names = self.names();
        let mut out = Vec::new();
        if t == 0 {
            return out;
        }
        for iv in self.sc.intervention.iter().filter(|iv| iv.active(t)) {
            let mut text = format!("intervention: {}", iv.kind.name().replace('_', "-"));
            if let Some(stage) = iv.stage_at(t) {
                text.push_str(&format!(" ({})", stage_name(stage)));
            }
            match iv.who {
                Target::A => text.push_str(&format!(" for {}", names[0])),
                Target::B => text.push_str(&format!(" for {}", names[1])),
                Target::Both => {}
            }
            text.push_str(&format!(", days {}-{}", iv.start, iv.end));
            out.push((text, INTERVENTION));
        }
        for ev in &self.sc.event {
            match ev.kind {
                EventKind::Stress if ev.start <= t && t <= ev.end => out.push((
                    format!(
                        "life event: stress +{:.1}, days {}-{}",
                        ev.magnitude.unwrap_or(0.0),
                        ev.start,
                        ev.end
                    ),
                    EVENT,
                )),
                EventKind::Issues if ev.start <= t && t < ev.start + (3 * self.stride).max(10) => out.push((
                    format!("life event: {} new issues on day {}", ev.count.unwrap_or(0), ev.start),
                    EVENT,
                )),
                _ => {}
            }
        }
        out
    }

    /// The ending: a headline and a sentence.
    fn ending(&self) -> (String, String) {
        if self.v2() {
            return self.ending_v2();
        }
        let names = self.names();
        let last = self.states[self.states.len() - 1];
        let day = self.summary.outcome_step.unwrap_or(self.last_day());
        match self.summary.outcome {
            Outcome::Settled => {
                (format!("Settled after {day} days"), "The cycle calmed down and trust held.".into())
            }
            Outcome::Escalated => {
                let who = self.sc.outcome.damaged(&last).map_or("A partner", |w| names[w.index()]);
                (format!("Escalated on day {day}"), format!("{who}'s trust broke down while exhausted."))
            }
            Outcome::Dissolved => {
                let who = self.summary.who_left.map_or("A partner", |w| names[w.index()]);
                (format!("Dissolved on day {day}"), format!("{who} left the relationship."))
            }
            Outcome::Disengaged => (
                format!("Disengaged after {day} days"),
                "Parallel lives: mostly both withdrawing at the end.".into(),
            ),
            Outcome::Cycling => (
                format!("Still cycling after {day} days"),
                "The pursue-withdraw cycle neither settled nor broke down.".into(),
            ),
        }
    }

    /// Model version 2: the label at the horizon (when the run is long, in years or months), or
    /// the leaving.
    fn ending_v2(&self) -> (String, String) {
        let names = self.names();
        let day = self.last_day();
        let when = if time::long(self.sc.steps) { time::span(day) } else { format!("{day} days") };
        match self.summary.outcome {
            Outcome::Dissolved => {
                let who = self.summary.who_left.map_or("A partner", |w| names[w.index()]);
                (format!("Dissolved on day {day}"), format!("{who} left the relationship after {when}."))
            }
            Outcome::Settled => {
                (format!("Settled after {when}"), "The cycle calmed down and trust held.".into())
            }
            Outcome::Escalated => (
                format!("Escalating after {when}"),
                "Trust falling, contempt or insecure days rising at the end.".into(),
            ),
            Outcome::Disengaged => (
                format!("Disengaged after {when}"),
                "Parallel lives: mostly both withdrawing at the end.".into(),
            ),
            Outcome::Cycling => (
                format!("Still cycling after {when}"),
                "The pursue-withdraw cycle neither settled nor got clearly worse.".into(),
            ),
        }
    }

    fn text<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        s: &str,
        (x, y): (i32, i32),
        font: FontDesc<'static>,
        colour: RGBColor,
        h: HPos,
    ) -> Drawn<DB> {
        area.draw(&Text::new(s.to_string(), (x, y), font.color(&colour).pos(Pos::new(h, VPos::Top))))
    }

    /// Draws day `t`; `end` adds the banner of how the run ended.
    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>, t: u32, end: bool) -> Drawn<DB> {
        let k = self.k;
        let (w, _) = self.size;
        let w = w as i32;
        let state = &self.states[t as usize];
        let names = self.names();
        area.fill(&WHITE)?;

        // Header: scenario and partners, day counter, what is scheduled today.
        let title = format!("{}: {} and {}", self.sc.name, names[0], names[1]);
        self.text(area, &title, (self.px(14.0), self.px(10.0)), bold(19.0 * k), INK, HPos::Left)?;
        let counter = time::frame_label(t, self.sc.steps);
        self.text(area, &counter, (w - self.px(14.0), self.px(8.0)), bold(22.0 * k), INK, HPos::Right)?;
        let mut x = self.px(14.0);
        for (s, colour) in self.happenings(t) {
            let style = bold(15.0 * k);
            self.text(area, &s, (x, self.px(38.0)), style.clone(), colour, HPos::Left)?;
            let (tw, _) = area.estimate_text_size(&s, &style.into_text_style(area))?;
            x += tw as i32 + self.px(24.0);
        }

        // Gauges at the sides: A on the left, B on the right, like the figures.
        for i in 0..2 {
            self.gauges(area, state, t, i)?;
        }

        // The figures: their distance is the closeness.
        let centre = f64::from(w) / 2.0;
        let (near, far) = (74.0 * k, 262.0 * k);
        let gap = near + (1.0 - state.closeness.clamp(0.0, 1.0)) * (far - near);
        let xs = [centre - gap / 2.0, centre + gap / 2.0];
        let left =
            if end && self.summary.outcome == Outcome::Dissolved { self.summary.who_left } else { None };
        for (i, &x) in xs.iter().enumerate() {
            let faded = left.is_some_and(|w| w.index() == i);
            self.figure(area, state, t, i, x, faded, !end)?;
        }
        // Closeness bracket under the figures.
        let y = self.px(266.0);
        let (x0, x1) = (xs[0].round() as i32, xs[1].round() as i32);
        let ink = INK.stroke_width(self.px(2.0).max(1) as u32);
        area.draw(&PathElement::new(vec![(x0, y), (x1, y)], ink))?;
        for x in [x0, x1] {
            area.draw(&PathElement::new(vec![(x, y - self.px(6.0)), (x, y + self.px(6.0))], ink))?;
        }
        let closeness = format!("closeness {:.2}", state.closeness);
        self.text(area, &closeness, (w / 2, y + self.px(6.0)), bold(15.0 * k), INK, HPos::Center)?;
        let pw = self.states[1..=t as usize].iter().filter(|s| s.pursue_withdraw()).count();
        let issues = format!(
            "pursue-withdraw on {pw} of {t} days  ·  unresolved issues {}  ·  stress {:.2}",
            state.issues, state.stress
        );
        self.text(area, &issues, (w / 2, y + self.px(25.0)), font(13.0 * k), GREY, HPos::Center)?;

        self.strip(area, t)?;
        self.legend(area)?;
        if end {
            self.banner(area)?;
        }
        Ok(())
    }

    /// Partner `i`'s name, trust and exhaustion gauges and day counts, at the side.
    fn gauges<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        state: &DyadState,
        t: u32,
        i: usize,
    ) -> Drawn<DB> {
        let k = self.k;
        let (w, _) = self.size;
        let width = self.px(136.0);
        let x0 = if i == 0 { self.px(14.0) } else { w as i32 - self.px(14.0) - width };
        let colour = [A_COLOUR, B_COLOUR][i];
        let p = &state.partners[i];
        self.text(area, self.names()[i], (x0, self.px(66.0)), bold(17.0 * k), colour, HPos::Left)?;
        let damage = &self.sc.outcome;
        // Version 1: the damage zone of trust and exhaustion; version 2: the burnout zone of
        // hopelessness (past the middle of the burnout curve), and no stop on trust.
        let rows = if self.v2() {
            [
                ("trust", p.trust, None),
                ("hopelessness", p.exhaustion, Some((self.sc.model.v2.burnout_at, 1.0))),
            ]
        } else {
            [
                ("trust", p.trust, Some((0.0, damage.damage_trust))),
                ("exhaustion", p.exhaustion, Some((damage.damage_exhaustion, 1.0))),
            ]
        };
        for (r, (label, value, zone)) in rows.into_iter().enumerate() {
            let y = self.px(94.0 + 46.0 * r as f64);
            self.text(area, label, (x0, y), font(14.0 * k), INK, HPos::Left)?;
            self.text(area, &format!("{value:.2}"), (x0 + width, y), bold(14.0 * k), INK, HPos::Right)?;
            let (top, bottom) = (y + self.px(19.0), y + self.px(35.0));
            let at = |v: f64| x0 + (v.clamp(0.0, 1.0) * f64::from(width)).round() as i32;
            area.draw(&Rectangle::new([(x0, top), (x0 + width, bottom)], TRACK.filled()))?;
            // The damage zone (trust this low while this exhausted ends the run), or the burnout
            // zone.
            if let Some(zone) = zone {
                area.draw(&Rectangle::new(
                    [(at(zone.0), top), (at(zone.1), bottom)],
                    PURSUE_COLOUR.mix(0.25).filled(),
                ))?;
            }
            area.draw(&Rectangle::new([(x0, top), (at(value), bottom)], colour.filled()))?;
            if let Some(zone) = zone {
                let edge = if zone.0 > 0.0 { zone.0 } else { zone.1 };
                let mark = darker(PURSUE_COLOUR).stroke_width(self.px(2.0).max(1) as u32);
                area.draw(&PathElement::new(
                    vec![(at(edge), top - self.px(3.0)), (at(edge), bottom + self.px(3.0))],
                    mark,
                ))?;
            }
            area.draw(&Rectangle::new([(x0, top), (x0 + width, bottom)], INK.mix(0.6).stroke_width(1)))?;
        }
        let upto = &self.states[1..=t as usize];
        let pursued = upto.iter().filter(|s| s.partners[i].strategy == Strategy::Pursue).count();
        let withdrew = upto.iter().filter(|s| s.partners[i].strategy == Strategy::Withdraw).count();
        let y = self.px(190.0);
        self.text(area, &format!("pursued on {pursued} days"), (x0, y), font(13.0 * k), GREY, HPos::Left)?;
        let y = self.px(208.0);
        self.text(area, &format!("withdrew on {withdrew} days"), (x0, y), font(13.0 * k), GREY, HPos::Left)?;
        Ok(())
    }

    /// Partner `i` as a head and body at `x`, filled by the day's strategy, outlined in the
    /// partner's colour, with an arrow toward the partner (pursuit) or away (withdrawal).
    #[allow(clippy::too_many_arguments)]
    fn figure<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        state: &DyadState,
        t: u32,
        i: usize,
        x: f64,
        faded: bool,
        arrows: bool,
    ) -> Drawn<DB> {
        let k = self.k;
        let strategy = (t > 0).then_some(state.partners[i].strategy);
        let alpha = if faded { 0.3 } else { 1.0 };
        let fill = strategy.map_or(RGBColor(215, 215, 215), strategy_colour).mix(alpha);
        let outline = [A_COLOUR, B_COLOUR][i].mix(alpha);
        // +1 points toward the partner.
        let toward = if i == 0 { 1.0 } else { -1.0 };
        let lean = match strategy {
            Some(Strategy::Pursue) => 6.0 * k * toward,
            Some(Strategy::Withdraw) => -6.0 * k * toward,
            _ => 0.0,
        };
        // Body: an ellipse, and the head above it leaning toward or away from the partner, each
        // outlined in the partner's colour (an outline shape under a smaller fill).
        let ellipse = |rx: f64, ry: f64| -> Vec<(i32, i32)> {
            (0..48)
                .map(|j| {
                    let a = f64::from(j) / 48.0 * std::f64::consts::TAU;
                    ((x + rx * a.cos()).round() as i32, (170.0 * k + ry * a.sin()).round() as i32)
                })
                .collect()
        };
        let edge = 4.0 * k;
        area.draw(&Polygon::new(ellipse(25.0 * k, 36.0 * k), outline.filled()))?;
        area.draw(&Polygon::new(ellipse(25.0 * k - edge, 36.0 * k - edge), fill.filled()))?;
        let head = ((x + lean).round() as i32, self.px(114.0));
        area.draw(&Circle::new(head, self.px(19.0), outline.filled()))?;
        area.draw(&Circle::new(head, self.px(19.0 - 4.0), fill.filled()))?;
        // Name and the day's strategy under the figure.
        let name_colour = [A_COLOUR, B_COLOUR][i];
        let cx = x.round() as i32;
        self.text(area, self.names()[i], (cx, self.px(211.0)), bold(17.0 * k), name_colour, HPos::Center)?;
        let (word, colour) = match strategy {
            Some(s) => (strategy_word(s), darker(strategy_colour(s))),
            None => ("start", GREY),
        };
        self.text(area, word, (cx, self.px(232.0)), bold(14.0 * k), colour, HPos::Center)?;
        // Arrow above the head: reaching in, or pulling away.
        let direction = match strategy {
            Some(Strategy::Pursue) if arrows => toward,
            Some(Strategy::Withdraw) if arrows => -toward,
            _ => return Ok(()),
        };
        let colour = strategy.map_or(INK, strategy_colour);
        let y = self.px(80.0);
        let start = x + direction * 6.0 * k;
        let tip = x + direction * 32.0 * k;
        let style = colour.stroke_width(self.px(4.0) as u32);
        area.draw(&PathElement::new(vec![(start.round() as i32, y), (tip.round() as i32, y)], style))?;
        let back = tip - direction * 10.0 * k;
        let head = vec![
            (tip.round() as i32 + (direction * 2.0 * k).round() as i32, y),
            (back.round() as i32, y - self.px(7.0)),
            (back.round() as i32, y + self.px(7.0)),
        ];
        area.draw(&Polygon::new(head, colour.filled()))?;
        Ok(())
    }

    /// A strip of every day so far: one row per partner, coloured by strategy, over the whole
    /// horizon.
    fn strip<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>, t: u32) -> Drawn<DB> {
        let k = self.k;
        let (w, _) = self.size;
        let x0 = self.px(92.0);
        let x1 = w as i32 - self.px(14.0);
        let horizon = f64::from(self.sc.steps.max(1));
        let at = |d: f64| x0 + ((d / horizon) * f64::from(x1 - x0)).round() as i32;
        let rows = [self.px(316.0), self.px(336.0)];
        let h = self.px(16.0);
        for (i, &y) in rows.iter().enumerate() {
            let name = self.names()[i];
            let colour = [A_COLOUR, B_COLOUR][i];
            self.text(area, name, (x0 - self.px(8.0), y), bold(13.0 * k), colour, HPos::Right)?;
            area.draw(&Rectangle::new([(x0, y), (x1, y + h)], RGBColor(245, 245, 245).filled()))?;
            for d in 1..=t {
                let s = self.states[d as usize].partners[i].strategy;
                let (a, b) = (at(f64::from(d - 1)), at(f64::from(d)));
                area.draw(&Rectangle::new([(a, y), (b.max(a + 1), y + h)], strategy_colour(s).filled()))?;
            }
        }
        // Scheduled interventions (green) and life events (vermillion) above the strip.
        let spans = self.sc.intervention.iter().map(|iv| (iv.start, iv.end, INTERVENTION));
        let spans = spans.chain(self.sc.event.iter().map(|ev| (ev.start, ev.end, EVENT)));
        for (start, end, colour) in spans {
            let (a, b) = (at(f64::from(start - 1)), at(f64::from(end.min(self.sc.steps))));
            let y = rows[0] - self.px(6.0);
            area.draw(&Rectangle::new([(a, y), (b.max(a + 2), y + self.px(3.0))], colour.filled()))?;
        }
        // Today.
        let x = at(f64::from(t));
        let style = INK.stroke_width(self.px(2.0).max(1) as u32);
        area.draw(&PathElement::new(
            vec![(x, rows[0] - self.px(4.0)), (x, rows[1] + h + self.px(4.0))],
            style,
        ))?;
        let y = rows[1] + h + self.px(3.0);
        self.text(area, "day 1", (x0, y), font(11.0 * k), GREY, HPos::Left)?;
        let steps = self.sc.steps;
        let last = if time::long(steps) {
            format!("day {steps} ({})", time::span(steps))
        } else {
            format!("day {steps}")
        };
        self.text(area, &last, (x1, y), font(11.0 * k), GREY, HPos::Right)?;
        self.text(area, "every day so far", ((x0 + x1) / 2, y), font(11.0 * k), GREY, HPos::Center)?;
        Ok(())
    }

    /// The three strategies and the damage zone.
    fn legend<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> Drawn<DB> {
        let k = self.k;
        let y = self.px(380.0);
        let entries = [
            (SECURE_COLOUR.to_rgba(), "secure"),
            (PURSUE_COLOUR.to_rgba(), "pursues (reaches in)"),
            (WITHDRAW_COLOUR.to_rgba(), "withdraws (pulls away)"),
            (PURSUE_COLOUR.mix(0.25), if self.v2() { "tinted: burnout zone" } else { "tinted: damage zone" }),
        ];
        let mut x = self.px(14.0);
        let style = font(14.0 * k);
        for (colour, label) in entries {
            let s = self.px(14.0);
            area.draw(&Rectangle::new([(x, y), (x + s, y + s)], colour.filled()))?;
            self.text(area, label, (x + s + self.px(6.0), y), style.clone(), INK, HPos::Left)?;
            let (tw, _) = area.estimate_text_size(label, &style.clone().into_text_style(area))?;
            x += s + self.px(6.0) + tw as i32 + self.px(22.0);
        }
        Ok(())
    }

    /// How the run ended, over the top of the stage.
    fn banner<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> Drawn<DB> {
        let k = self.k;
        let (w, _) = self.size;
        let w = w as i32;
        let colour =
            OUTCOME_COLOURS[Outcome::ALL.iter().position(|&o| o == self.summary.outcome).unwrap_or(4)];
        let (head, line) = self.ending();
        let (x0, x1) = (self.px(166.0), w - self.px(166.0));
        let (y0, y1) = (self.px(34.0), self.px(92.0));
        area.draw(&Rectangle::new([(x0, y0), (x1, y1)], WHITE.filled()))?;
        area.draw(&Rectangle::new([(x0, y0), (x1, y1)], colour.stroke_width(self.px(3.0) as u32)))?;
        self.text(area, &head, (w / 2, y0 + self.px(7.0)), bold(20.0 * k), darker(colour), HPos::Center)?;
        self.text(area, &line, (w / 2, y0 + self.px(34.0)), font(14.0 * k), INK, HPos::Center)?;
        Ok(())
    }
}

/// A darker shade of `c`, for text on white.
fn darker(c: RGBColor) -> RGBColor {
    RGBColor((f64::from(c.0) * 0.75) as u8, (f64::from(c.1) * 0.75) as u8, (f64::from(c.2) * 0.75) as u8)
}

fn encode_error(e: impl std::fmt::Display) -> Error {
    Error::Encode { what: "animation".into(), message: e.to_string() }
}

/// Writes an animated GIF of replicate `replicate` of `sc` to `path`.
pub fn animate(sc: &Scenario, replicate: u64, path: &Path, theme: &Theme) -> Result<Animation> {
    register_fonts()?;
    let mut recorder = Recorder(Vec::with_capacity(sc.steps as usize + 1));
    let summary = engine::run_replicate(sc, 0, replicate, &mut recorder);
    // The projector theme gets the same layout, larger, up to 800 px wide.
    let k = theme.text.clamp(1.0, 800.0 / BASE.0);
    let size = ((BASE.0 * k).round() as u32, (BASE.1 * k).round() as u32);
    let days = sampled_days((recorder.0.len() - 1) as u32);
    let stride = days.get(1).copied().unwrap_or(1);
    let names = [&sc.partner.a.name, &sc.partner.b.name].map(|n| crate::report::plot::drawable(n));
    let film = Film { sc, states: recorder.0, summary, stride, k, size, names };

    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let stem = path.file_stem().map_or("animation".into(), |s| s.to_string_lossy().into_owned());
    let io_err = |source| Error::Write { path: path.to_path_buf(), source };
    let tmp = tempfile::Builder::new()
        .prefix(&format!(".{stem}."))
        .suffix(".partial.gif")
        .tempfile_in(dir)
        .map_err(io_err)?;
    // Draws day `t` (with how the run ended, for `end`) into an RGB buffer.
    let (w, h) = (size.0 as usize, size.1 as usize);
    let render = |t: u32, end: bool| -> Result<Vec<u8>> {
        let mut rgb = vec![0u8; w * h * 3];
        {
            let root = BitMapBackend::with_buffer(&mut rgb, size).into_drawing_area();
            film.draw(&root, t, end).map_err(encode_error)?;
            root.present().map_err(encode_error)?;
        }
        Ok(rgb)
    };
    // One palette for the whole film, learned from frames spread over it and the last one.
    let last = *days.last().expect("day 0 is always drawn");
    let mut samples: Vec<Vec<u8>> = Vec::new();
    for i in [0, days.len() / 4, days.len() / 2, 3 * days.len() / 4] {
        samples.push(render(days[i], false)?);
    }
    samples.push(render(last, true)?);
    let mut palette = encode::Palette::learn(&samples.iter().map(Vec::as_slice).collect::<Vec<_>>());
    drop(samples);
    let delay = (MS_PER_FRAME / 10) as u16;
    let file = std::io::BufWriter::new(tmp.as_file());
    let mut gif = encode::Film::new(file, size, &palette).map_err(encode_error)?;
    let mut indices = Vec::with_capacity(w * h);
    for &t in &days {
        palette.map(&render(t, false)?, &mut indices);
        gif.add(std::mem::take(&mut indices), delay).map_err(encode_error)?;
    }
    // How the run ended, held for `HOLD` frames' time.
    palette.map(&render(last, true)?, &mut indices);
    gif.add(indices, delay * HOLD as u16).map_err(encode_error)?;
    let frames = gif.frames;
    let file = gif.finish().map_err(encode_error)?;
    file.into_inner().map_err(|e| io_err(e.into_error()))?.sync_all().map_err(io_err)?;
    let bytes = std::fs::read(tmp.path()).map_err(io_err)?;
    if bytes.len() < 14 || &bytes[..6] != b"GIF89a" || bytes.last() != Some(&0x3B) {
        return Err(encode_error("the GIF was not completely written"));
    }
    tmp.persist(path).map_err(|e| io_err(e.error))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o644));
    }
    Ok(Animation { frames, size })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_year_is_drawn_every_second_day_and_the_last_day_always() {
        let days = sampled_days(365);
        assert_eq!(days.len(), 184);
        assert_eq!(days[..3], [0, 2, 4]);
        assert_eq!(days.last(), Some(&365));
        assert_eq!(sampled_days(60).len(), 61);
        assert!(sampled_days(100_000).len() <= MAX_SAMPLED as usize + 2);
    }
}
