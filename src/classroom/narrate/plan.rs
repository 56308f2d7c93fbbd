//! The opening and the interventions: who the couple are, what is planned, and what each
//! intervention did.

use super::words::*;
use super::*;

impl Story<'_> {
    pub(super) fn opening(&self) -> String {
        let sc = self.sc;
        let [a, b] = self.names;
        let mut s = Vec::new();
        let span = time::horizon(sc.steps);
        s.push(format!(
            "One possible {span} for {a} and {b} ({}, seed {}), told at its turning points.",
            sc.name, sc.seed
        ));
        let q = &self.states[0].partners;
        let stable = q.map(|p| p.stable);
        let traits = |i: usize| {
            let [anxiety, avoidance] = stable[i];
            format!(
                "{} {} (anxiety {anxiety:.2}) and {} (avoidance {avoidance:.2})",
                self.names[i],
                anxiety_words(anxiety),
                avoidance_words(avoidance),
            )
        };
        if stable[0] == stable[1] {
            s.push(format!("{}; so does {b}.", traits(0)));
        } else {
            s.push(format!("{}; {}.", traits(0), traits(1)));
        }
        if sc.population.is_some() {
            s.push(
                "Their traits were drawn from the scenario's population: every run is a different couple."
                    .into(),
            );
        }
        if self.v2 && sc.model.v2.trait_fluctuation > 0.0 {
            s.push(
                "These are lasting traits: how anxious and how avoidant each feels wanders a little around \
                 them from week to week."
                    .into(),
            );
        }
        let d = q.map(|p| self.desired_closeness(&p));
        let x0 = self.states[0].closeness;
        let wants = if (d[0] - d[1]).abs() < 0.05 {
            format!("where both would like about {:.2}", 0.5 * (d[0] + d[1]))
        } else {
            format!("where {a} would like about {:.2} and {b} about {:.2}", d[0], d[1])
        };
        let t = [q[0].trust, q[1].trust];
        let trust = if (t[0] - t[1]).abs() < 0.005 {
            format!("{} trust in each other ({:.2} each; 1 is full trust)", trust_words(t[0]), t[0])
        } else {
            format!("trust of {:.2} ({a}) and {:.2} ({b}), where 1 is full trust", t[0], t[1])
        };
        s.push(format!(
            "They start at closeness {x0:.2} (0 is distant, 1 very close), {wants}, with {trust}."
        ));
        let mut extra = Vec::new();
        for (name, partner) in self.names.iter().zip(q) {
            if partner.exhaustion >= 0.3 && self.v2 {
                extra.push(format!(
                    "{name} has already lost some hope (hopelessness {:.2})",
                    partner.exhaustion
                ));
            } else if partner.exhaustion >= 0.3 {
                extra.push(format!("{name} is already tired (exhaustion {:.2})", partner.exhaustion));
            }
            if partner.resentment >= 0.1 && self.v2 {
                extra.push(format!("{name} already feels some contempt ({:.2})", partner.resentment));
            }
        }
        if self.states[0].issues > 0 {
            extra.push(match self.states[0].issues {
                1 => "1 issue is unresolved from the start".to_string(),
                n => format!("{n} issues are unresolved from the start"),
            });
        }
        if !extra.is_empty() {
            s.push(format!("{}.", join_and(&extra)));
        }
        if self.v2 {
            s.push(self.context_sentence());
        }
        s.push(self.plans());
        s.join(" ")
    }

    /// What is planned: interventions and life events.
    pub(super) fn plans(&self) -> String {
        let sc = self.sc;
        let mut plans = Vec::new();
        let mut later = Vec::new();
        let mut first_day = Vec::new();
        for (k, iv) in sc.intervention.iter().enumerate() {
            let (who, _) = self.target(iv.who, iv.kind);
            let what = match iv.kind {
                Kind::Therapy => {
                    let days: u32 = iv.stage_lengths.iter().sum();
                    format!("couples therapy ({} stages over {days} days)", iv.stages.len())
                }
                kind => format!("{} for {who}", kind_noun(kind)),
            };
            if iv.start > sc.steps {
                later.push(what);
            } else if iv.start <= 1 {
                let mut told = self.start(k);
                told[0] = format!("From the first day, {}", told[0]);
                first_day.extend(told);
            } else {
                plans.push(format!("{what} from day {}", iv.start));
            }
        }
        for e in &sc.event {
            let what = match e.kind {
                EventKind::Stress if e.end <= sc.steps => {
                    format!("a stressful period of {} days", e.end - e.start + 1)
                }
                EventKind::Stress => "a stressful period".to_string(),
                EventKind::Issues => format!("a burst of {} new problems", e.count.unwrap_or(0)),
            };
            if e.start > sc.steps {
                later.push(what);
            } else if e.kind == EventKind::Issues {
                plans.push(format!("{what} on day {}", e.start));
            } else {
                plans.push(format!("{what} from day {}", e.start));
            }
        }
        if sc.environment.stressor_rate > 0.0 {
            plans.push("outside stress that comes and goes at random".into());
        }
        let come = if later.len() == 1 { "comes" } else { "come" };
        let mut out = match (plans.is_empty(), later.is_empty()) {
            (true, true) if first_day.is_empty() => {
                "No help and no life events are planned: this is the couple on its own.".to_string()
            }
            (true, true) => String::new(),
            (true, false) => format!(
                "Nothing is planned within the {} days told here ({} {come} only later).",
                sc.steps,
                join_and(&later)
            ),
            (false, true) => format!("Planned: {}.", join_and(&plans)),
            (false, false) => format!(
                "Planned: {} ({} {come} only after the {} days told here).",
                join_and(&plans),
                join_and(&later),
                sc.steps
            ),
        };
        for s in first_day {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(&s);
        }
        out
    }

    /// Whom an intervention is for, and whether that is both partners.
    pub(super) fn target(&self, who: Target, kind: Kind) -> (String, bool) {
        let [a, b] = self.names;
        match (who, kind) {
            (_, Kind::Vulnerability | Kind::Therapy) | (Target::Both, _) => (format!("{a} and {b}"), true),
            (Target::A, _) => (a.to_string(), false),
            (Target::B, _) => (b.to_string(), false),
        }
    }

    pub(super) fn start(&self, k: usize) -> Vec<String> {
        let iv = &self.sc.intervention[k];
        let (who, plural) = self.target(iv.who, iv.kind);
        let other = match iv.who {
            Target::A => self.name(1),
            Target::B => self.name(0),
            Target::Both => "each other",
        };
        let they = if plural { "they were".to_string() } else { format!("{who} was") };
        let s = match iv.kind {
            Kind::Communication => format!(
                "{who} started learning open communication: when alarmed, {they} now more likely to respond \
                 openly instead of pursuing or withdrawing, and calm days resolved more issues."
            ),
            Kind::Boundaries => {
                let whose = if plural { "each other's".to_string() } else { format!("{other}'s") };
                format!(
                    "{who} started practising healthy detachment: {whose} pursuit or withdrawal now cost less \
                     energy and hurt less, and distance felt less alarming."
                )
            }
            Kind::SelfCare => format!(
                "{who} started looking after their own needs (sleep, exercise, friends) and recovered from \
                 {} faster.",
                if self.v2 { "hopelessness" } else { "exhaustion" }
            ),
            Kind::Coping => {
                format!("{who} learned to notice their triggers and calm down, so alarm set in less often.")
            }
            Kind::Vulnerability => {
                format!(
                    "{who} started showing small acts of vulnerability: every calm day together built extra trust."
                )
            }
            Kind::Compromise if plural => format!("{who} agreed to meet halfway on how close to be."),
            Kind::Compromise => format!("{who} started meeting {other} halfway on how close to be."),
            Kind::Therapy => {
                let days: u32 = iv.stage_lengths.iter().sum();
                let mut s = format!(
                    "{who} began couples therapy in the emotionally focused style: {} stages over {days} days.",
                    iv.stages.len()
                );
                if let Some(w) = self.weak_alliance(k) {
                    s.push(' ');
                    s.push_str(&w);
                }
                return vec![s, self.stage(k, 0)];
            }
        };
        vec![s]
    }

    /// A sentence on a mismatched therapist distance, if it weakens someone's alliance.
    pub(super) fn weak_alliance(&self, k: usize) -> Option<String> {
        let iv = &self.sc.intervention[k];
        let distance = iv.distance.unwrap_or_default();
        let (style, feels) = match distance {
            Distance::Adaptive => return None,
            Distance::Close => ("close", "intrusive"),
            Distance::Distant => ("distant", "unavailable"),
        };
        let weak: Vec<String> = (0..2)
            .filter(|&i| {
                let q = &self.states[0].partners[i];
                intervention::alliance(self.p, distance, q.anxiety, q.avoidance) < 0.8
            })
            .map(|i| self.name(i).to_string())
            .collect();
        if weak.is_empty() {
            return None;
        }
        let weak = join_and(&weak);
        Some(format!(
            "The therapist kept a {style} distance, which felt {feels} to {weak}, so the therapy reached {weak} \
             less."
        ))
    }

    pub(super) fn stage(&self, k: usize, s: usize) -> String {
        let iv = &self.sc.intervention[k];
        let order = if s == 0 {
            "First"
        } else if s + 1 == iv.stages.len() {
            "Last"
        } else {
            "Next"
        };
        let len = iv.stage_lengths[s];
        let (p, w) = (self.name(self.pursuer), self.name(1 - self.pursuer));
        let what = match iv.stages[s] {
            Stage::DeEscalation => "cycle de-escalation: helping both see the cycle, not each other, as the \
                                    enemy, so that they were less easily alarmed"
                .to_string(),
            Stage::WithdrawerReEngagement => {
                format!("withdrawer re-engagement: helping {w} stay and respond instead of pulling away")
            }
            Stage::PursuerSoftening => format!(
                "pursuer softening: helping {p} reach out calmly instead of protesting, which works only as far \
                 as {w} has become engaged"
            ),
            Stage::Consolidation => {
                "consolidation: practising the new, calmer cycle on old problems, so the change lasts"
                    .to_string()
            }
        };
        format!("{order} stage of therapy ({len} days), {what}.")
    }

    /// Pursue-withdraw days in the two weeks before `start` against `from..=to`, in words.
    pub(super) fn pw_change(&self, start: u32, from: u32, to: u32, since: &str) -> String {
        let (before, n_before) = self.count(start.saturating_sub(EFFECT_WINDOW), start - 1, |d| self.pw(d));
        let (after, n_after) = self.count(from, to, |d| self.pw(d));
        let verb = match (after * n_before).cmp(&(before * n_after)) {
            std::cmp::Ordering::Less => "fell",
            std::cmp::Ordering::Greater => "rose",
            std::cmp::Ordering::Equal => "went",
        };
        format!(
            "pursue-withdraw days {verb} from {before} of the {n_before} days before it to {} of {since} {n_after}",
            none_or(after)
        )
    }

    pub(super) fn effect(&self, k: usize, on: &str) -> String {
        let iv = &self.sc.intervention[k];
        let (s, e) = (iv.start, iv.start + EFFECT_WINDOW - 1);
        let noun = kind_short(iv.kind);
        let when = if on.is_empty() {
            String::new()
        } else {
            format!(" ({})", on.trim_start().trim_start_matches("on "))
        };
        format!(
            "Two weeks into {noun}{when}, {}, and {}.",
            self.pw_change(s, s, e, "its first"),
            self.trust_change(s - 1, e)
        )
    }

    /// How trust changed from `from` to `to`, in words.
    pub(super) fn trust_change(&self, from: u32, to: u32) -> String {
        let t = |d: u32, i: usize| self.states[d as usize].partners[i].trust;
        let change = |i: usize| format!("{} from {:.2} to {:.2}", self.name(i), t(from, i), t(to, i));
        let verb = |i: usize| match t(to, i) - t(from, i) {
            x if x >= 0.02 => "rose",
            x if x <= -0.02 => "fell",
            _ => "held",
        };
        if verb(0) == verb(1) {
            format!("trust {} for both ({}, {})", verb(0), change(0), change(1))
        } else {
            let span = |i: usize| format!("from {:.2} to {:.2}", t(from, i), t(to, i));
            format!(
                "{}'s trust {} ({}) and {}'s {} ({})",
                self.name(0),
                verb(0),
                span(0),
                self.name(1),
                verb(1),
                span(1)
            )
        }
    }

    /// How the partners' insecure traits (those from 0.3 up) moved from `from` to `to` (with
    /// drift, plasticity or therapy), if they did by 0.03 or more; a secure trait is told only if
    /// it grew by 0.05. The stable traits, without their week-to-week fluctuation.
    pub(super) fn trait_change(&self, from: u32, to: u32) -> Option<String> {
        let (mut eased, mut grew) = (Vec::new(), Vec::new());
        for i in 0..2 {
            let (a, b) =
                (self.states[from as usize].partners[i].stable, self.states[to as usize].partners[i].stable);
            for (what, x, y) in [("anxiety", a[0], b[0]), ("avoidance", a[1], b[1])] {
                let told = format!("{}'s {what}", self.name(i));
                if x >= 0.3 && y <= x - 0.03 {
                    eased.push(format!("{told} from {x:.2} to {y:.2}"));
                } else if y >= x + if x >= 0.3 { 0.03 } else { 0.05 } {
                    grew.push(format!("{told} from {x:.2} to {y:.2}"));
                }
            }
        }
        let mut parts = Vec::new();
        if !eased.is_empty() {
            parts.push(format!(
                "{} eased ({})",
                if eased.len() > 1 { "their insecurity" } else { "insecurity" },
                join_and(&eased)
            ));
        }
        if !grew.is_empty() {
            parts.push(format!("insecurity grew ({})", join_and(&grew)));
        }
        (!parts.is_empty()).then(|| parts.join(" but "))
    }

    pub(super) fn end(&self, k: usize, on: &str) -> Vec<String> {
        let iv = &self.sc.intervention[k];
        let noun = capitalise(kind_short(iv.kind));
        let (s, e) = (iv.start, iv.end);
        let mut out = if s >= 2 {
            let last = EFFECT_WINDOW.min(e + 1 - s);
            vec![format!(
                "{noun} ended{on}: over its {} days {}, and {}.",
                e - s + 1,
                self.trust_change(s - 1, e),
                self.pw_change(s, e + 1 - last, e, "its last")
            )]
        } else {
            vec![format!("{noun} ended{on}.")]
        };
        if let Some(moved) = self.trait_change(s.saturating_sub(1), e) {
            out.push(format!("Meanwhile {moved}."));
        }
        out
    }

    /// Model version 2: the couple's context, and what ends a story.
    fn context_sentence(&self) -> String {
        let (who, barriers) = match self.sc.environment.context {
            Context::Married => ("married", "high barriers make leaving rare"),
            Context::Dating => {
                ("dating", "low barriers make leaving easier, less so as time together builds up")
            }
        };
        format!("They are {who}: {barriers}, and only a partner leaving ends the story before its last day.")
    }
}
