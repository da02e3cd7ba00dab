//! Design tokens: every type size and every gap the pages use, named once
//! (as rerun's design tokens do), so a page says "a heading, then a large
//! gap" and the rhythm of the app is set here.

/// Type sizes in points at a text scale of 1.0 (`Look::font` scales them).
pub mod font {
    /// Small print: the breath count, "what comes next".
    pub const HINT: f32 = 18.0;
    /// The "paused" badge.
    pub const BADGE: f32 = 20.0;
    /// The line under a page title, summaries on the setup page.
    pub const LEAD: f32 = 21.0;
    /// Body text and buttons.
    pub const BODY: f32 = 22.0;
    /// A caption beside the pacer.
    pub const CAPTION: f32 = 23.0;
    /// Card titles, rating numbers, the main button.
    pub const EMPHASIS: f32 = 24.0;
    /// The breathing word when motion is reduced.
    pub const WORD: f32 = 28.0;
    /// Overlay headings and the muscle group's name.
    pub const HEADING: f32 = 30.0;
    /// A rating question, a caption on its own.
    pub const QUESTION: f32 = 32.0;
    /// The session's title on the setup page.
    pub const TITLE_S: f32 = 36.0;
    /// The settings page title.
    pub const TITLE_M: f32 = 38.0;
    /// The pacer's words ("Breathe in", "TENSE", the countdown).
    pub const DISPLAY: f32 = 40.0;
    /// The library and journal titles.
    pub const TITLE_L: f32 = 44.0;
    /// The countdown inside the orb.
    pub const COUNT: f32 = 64.0;
    /// The countdown when motion is reduced.
    pub const COUNT_L: f32 = 72.0;
}

/// Vertical and horizontal gaps, in points, on one scale.
pub mod space {
    pub const XXS: f32 = 4.0;
    pub const XS: f32 = 8.0;
    pub const S: f32 = 12.0;
    pub const M: f32 = 16.0;
    pub const L: f32 = 24.0;
    pub const XL: f32 = 32.0;
    pub const XXL: f32 = 48.0;
}
