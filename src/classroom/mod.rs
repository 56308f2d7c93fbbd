//! Classroom tools: a plain-language narration of one run (`dyad explain`), an animated GIF of
//! one run for slides (`dyad animate`) and scenarios side by side (`dyad compare`).

pub mod animate;
pub mod compare;
pub mod narrate;
pub mod time;
