//! How the animation looks: the strategy colours (Okabe-Ito, colour-blind safe), the other
//! colours, the fonts and the words on screen.

use crate::model::Strategy;
use crate::model::intervention::Stage;
use plotters::prelude::*;
use plotters::style::FontStyle;

/// Fill of a partner who answered securely (Okabe-Ito bluish green).
pub const SECURE_COLOUR: RGBColor = RGBColor(0, 158, 115);
/// Fill of a pursuing partner (Okabe-Ito vermillion).
pub const PURSUE_COLOUR: RGBColor = RGBColor(213, 94, 0);
/// Fill of a withdrawing partner (Okabe-Ito reddish purple).
pub const WITHDRAW_COLOUR: RGBColor = RGBColor(204, 121, 167);

/// The strategy colour, for a day on which one was chosen.
pub fn strategy_colour(s: Strategy) -> RGBColor {
    match s {
        Strategy::Secure => SECURE_COLOUR,
        Strategy::Pursue => PURSUE_COLOUR,
        Strategy::Withdraw => WITHDRAW_COLOUR,
    }
}

pub(super) fn strategy_word(s: Strategy) -> &'static str {
    match s {
        Strategy::Secure => "secure",
        Strategy::Pursue => "pursues",
        Strategy::Withdraw => "withdraws",
    }
}

pub(super) fn stage_name(s: Stage) -> &'static str {
    match s {
        Stage::DeEscalation => "de-escalation",
        Stage::WithdrawerReEngagement => "withdrawer re-engagement",
        Stage::PursuerSoftening => "pursuer softening",
        Stage::Consolidation => "consolidation",
    }
}

pub(super) fn font(px: f64) -> FontDesc<'static> {
    ("sans-serif", px).into_font()
}

pub(super) fn bold(px: f64) -> FontDesc<'static> {
    ("sans-serif", px, FontStyle::Bold).into_font()
}

pub(super) const GREY: RGBColor = RGBColor(120, 120, 120);
pub(super) const TRACK: RGBColor = RGBColor(232, 232, 232);
pub(super) const INTERVENTION: RGBColor = RGBColor(0, 130, 95);
pub(super) const EVENT: RGBColor = RGBColor(190, 80, 0);
