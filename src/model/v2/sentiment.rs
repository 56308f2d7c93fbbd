//! The negativity cascade (off by default): each partner's regard, the recent valence of their
//! responses when activated, and each partner's slow sentiment about the other, which follows
//! the other's regard and drives a hazard of leaving (docs/MODEL.md, submodel 13).

use super::partner::sigmoid;
use super::{CoupleV2, PartnerV2, V2Params};
use crate::model::Strategy;

impl CoupleV2<'_> {
    /// After the day's strategies `s`: the regard of each activated partner moves toward the
    /// valence of their response (secure 1, pursuit `sentiment_pursuit`, withdrawal 0), then each
    /// partner's sentiment moves toward the other's regard. Draws no random numbers.
    pub(super) fn follow_sentiment(&mut self, s: [Strategy; 2], active: [bool; 2]) {
        let p = self.params;
        for (q, (&mine, &on)) in self.partners.iter_mut().zip(s.iter().zip(&active)) {
            if on {
                let valence = [1.0, p.sentiment_pursuit, 0.0][mine as usize];
                q.regard += p.engagement_rate * (valence - q.regard);
            }
        }
        let regard = [self.partners[0].regard, self.partners[1].regard];
        for (i, q) in self.partners.iter_mut().enumerate() {
            q.sentiment += (regard[1 - i] - q.sentiment) / p.sentiment_days;
        }
    }
}

impl PartnerV2 {
    /// How far negative sentiment has pushed this partner toward leaving, 0..1: the share of the
    /// context's negativity hazard that applies.
    pub(super) fn negativity(&self, p: &V2Params) -> f64 {
        sigmoid((p.negativity_threshold - self.sentiment) / p.negativity_width)
    }
}
