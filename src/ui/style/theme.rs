//! Colour themes (light, dark, high contrast) and the type scale. Every
//! theme keeps text at a WCAG contrast of at least 4.5:1 against the
//! surfaces it sits on; a unit test checks each pair.

use egui::{Color32, CornerRadius, FontFamily, FontId, Stroke, TextStyle, Visuals};

pub use crate::app::settings::Theme;

impl Theme {
    /// The colours of this theme.
    pub fn palette(self) -> Palette {
        match self {
            Self::Light => LIGHT,
            Self::Dark => DARK,
            Self::HighContrast => HIGH_CONTRAST,
        }
    }
}

/// The named colours the views paint with.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Palette {
    pub dark: bool,
    /// Window background.
    pub bg: Color32,
    /// Cards and panels.
    pub surface: Color32,
    /// Quiet buttons and tracks.
    pub surface_alt: Color32,
    pub text: Color32,
    /// Secondary text: summaries, hints, clocks.
    pub muted: Color32,
    /// The pacer: orb, progress fill, released muscles.
    pub accent: Color32,
    /// Primary buttons, with `on_accent` text.
    pub accent_strong: Color32,
    pub on_accent: Color32,
    /// Tensed muscles on the body map.
    pub tense: Color32,
    /// Error text.
    pub warn: Color32,
    /// Resting parts of the body map.
    pub idle: Color32,
    /// Keyboard focus ring.
    pub focus: Color32,
}

const LIGHT: Palette = Palette {
    dark: false,
    bg: Color32::from_rgb(0xF4, 0xF1, 0xEC),
    surface: Color32::from_rgb(0xFF, 0xFD, 0xFA),
    surface_alt: Color32::from_rgb(0xE8, 0xE3, 0xDB),
    text: Color32::from_rgb(0x2B, 0x34, 0x40),
    muted: Color32::from_rgb(0x56, 0x60, 0x6B),
    accent: Color32::from_rgb(0x86, 0xB8, 0xB0),
    accent_strong: Color32::from_rgb(0x35, 0x6F, 0x69),
    on_accent: Color32::from_rgb(0xFF, 0xFF, 0xFF),
    tense: Color32::from_rgb(0xE0, 0x96, 0x78),
    warn: Color32::from_rgb(0x9A, 0x3B, 0x2E),
    idle: Color32::from_rgb(0xDD, 0xD6, 0xCB),
    focus: Color32::from_rgb(0x2F, 0x5F, 0x9E),
};

const DARK: Palette = Palette {
    dark: true,
    bg: Color32::from_rgb(0x15, 0x1B, 0x23),
    surface: Color32::from_rgb(0x1E, 0x26, 0x30),
    surface_alt: Color32::from_rgb(0x2C, 0x36, 0x42),
    text: Color32::from_rgb(0xE8, 0xEA, 0xED),
    muted: Color32::from_rgb(0xA9, 0xB3, 0xBE),
    accent: Color32::from_rgb(0x6F, 0xA8, 0xA0),
    accent_strong: Color32::from_rgb(0x8C, 0xC7, 0xBE),
    on_accent: Color32::from_rgb(0x10, 0x21, 0x1F),
    tense: Color32::from_rgb(0xE0, 0x98, 0x7C),
    warn: Color32::from_rgb(0xF2, 0xA3, 0x8F),
    idle: Color32::from_rgb(0x36, 0x41, 0x4E),
    focus: Color32::from_rgb(0x9C, 0xC8, 0xFF),
};

const HIGH_CONTRAST: Palette = Palette {
    dark: true,
    bg: Color32::from_rgb(0x00, 0x00, 0x00),
    surface: Color32::from_rgb(0x0C, 0x0C, 0x0C),
    surface_alt: Color32::from_rgb(0x26, 0x26, 0x26),
    text: Color32::from_rgb(0xFF, 0xFF, 0xFF),
    muted: Color32::from_rgb(0xE6, 0xE6, 0xE6),
    accent: Color32::from_rgb(0xFF, 0xD2, 0x3F),
    accent_strong: Color32::from_rgb(0xFF, 0xD2, 0x3F),
    on_accent: Color32::from_rgb(0x00, 0x00, 0x00),
    tense: Color32::from_rgb(0xFF, 0x8A, 0x65),
    warn: Color32::from_rgb(0xFF, 0xA0, 0x86),
    idle: Color32::from_rgb(0x59, 0x59, 0x59),
    focus: Color32::from_rgb(0x5C, 0xE1, 0xFF),
};

/// What every view needs to know to paint: colours, how big, how still.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Look {
    pub palette: Palette,
    /// Size factor for pacer text and shapes: text size times presenter zoom.
    pub scale: f32,
    pub reduced_motion: bool,
}

impl Look {
    /// A proportional font `points` big at this look's scale.
    pub fn font(&self, points: f32) -> FontId {
        FontId::proportional(points * self.scale)
    }
}

/// Sizes of the named text styles at a text scale of 1.0, in points.
const BODY: f32 = 19.0;

/// Applies a palette and a text scale (1.0 = normal) to the context.
pub fn apply(ctx: &egui::Context, palette: &Palette, scale: f32) {
    let p = palette;
    let mut visuals = if p.dark { Visuals::dark() } else { Visuals::light() };
    visuals.override_text_color = Some(p.text);
    visuals.panel_fill = p.bg;
    visuals.window_fill = p.surface;
    visuals.window_stroke = Stroke::new(1.0, p.surface_alt);
    visuals.window_corner_radius = CornerRadius::same(18);
    visuals.extreme_bg_color = p.surface;
    visuals.faint_bg_color = p.surface;
    visuals.hyperlink_color = p.focus;
    visuals.error_fg_color = p.warn;
    visuals.warn_fg_color = p.warn;
    visuals.selection.bg_fill = p.accent_strong;
    visuals.selection.stroke = Stroke::new(2.0, p.on_accent);
    visuals.slider_trailing_fill = true;
    let w = &mut visuals.widgets;
    for v in [&mut w.noninteractive, &mut w.inactive, &mut w.hovered, &mut w.active, &mut w.open] {
        v.corner_radius = CornerRadius::same(14);
        v.fg_stroke = Stroke::new(1.5, p.text);
        v.expansion = 0.0;
    }
    w.noninteractive.bg_fill = p.surface;
    w.noninteractive.weak_bg_fill = p.surface;
    w.noninteractive.bg_stroke = Stroke::new(1.0, p.surface_alt);
    w.inactive.bg_fill = p.surface_alt;
    w.inactive.weak_bg_fill = p.surface_alt;
    w.inactive.bg_stroke = Stroke::NONE;
    w.hovered.bg_fill = p.idle;
    w.hovered.weak_bg_fill = p.idle;
    w.hovered.bg_stroke = Stroke::new(1.5, p.muted);
    // Keyboard focus and pressed widgets share this look: a clear ring.
    w.active.bg_fill = p.idle;
    w.active.weak_bg_fill = p.idle;
    w.active.bg_stroke = Stroke::new(3.0, p.focus);
    w.open = w.hovered;
    // Both of egui's light/dark style slots get the same look, so the
    // system's theme preference cannot override the user's choice.
    ctx.all_styles_mut(|style| {
        style.visuals = visuals.clone();
        let s = scale.clamp(0.75, 3.0);
        style.text_styles = [
            (TextStyle::Small, FontId::new(15.0 * s, FontFamily::Proportional)),
            (TextStyle::Body, FontId::new(BODY * s, FontFamily::Proportional)),
            (TextStyle::Button, FontId::new(BODY * s, FontFamily::Proportional)),
            (TextStyle::Heading, FontId::new(30.0 * s, FontFamily::Proportional)),
            (TextStyle::Monospace, FontId::new(15.0 * s, FontFamily::Monospace)),
        ]
        .into();
        style.spacing.item_spacing = egui::vec2(12.0, 12.0);
        style.spacing.button_padding = egui::vec2(18.0, 10.0);
        style.spacing.interact_size = egui::vec2(44.0, 36.0);
        style.spacing.slider_width = 220.0;
        style.spacing.icon_width = 22.0;
        style.spacing.icon_width_inner = 12.0;
    });
}

/// WCAG 2 relative luminance of an sRGB colour.
pub fn luminance(c: Color32) -> f64 {
    let channel = |v: u8| {
        let v = f64::from(v) / 255.0;
        if v <= 0.04045 { v / 12.92 } else { ((v + 0.055) / 1.055).powf(2.4) }
    };
    0.2126 * channel(c.r()) + 0.7152 * channel(c.g()) + 0.0722 * channel(c.b())
}

/// WCAG 2 contrast ratio between two colours, from 1.0 to 21.0.
pub fn contrast(a: Color32, b: Color32) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contrast_matches_known_values() {
        assert!((contrast(Color32::BLACK, Color32::WHITE) - 21.0).abs() < 0.01);
        assert!((contrast(Color32::WHITE, Color32::WHITE) - 1.0).abs() < 1e-9);
        // #767676 on white is the classic 4.54:1 grey.
        assert!((contrast(Color32::from_gray(0x76), Color32::WHITE) - 4.54).abs() < 0.01);
    }

    #[test]
    fn every_theme_keeps_text_at_4_5_to_1() {
        for theme in Theme::ALL {
            let p = theme.palette();
            let pairs = [
                ("text on bg", p.text, p.bg),
                ("text on surface", p.text, p.surface),
                ("text on surface_alt", p.text, p.surface_alt),
                ("text on idle (hovered buttons)", p.text, p.idle),
                ("muted on bg", p.muted, p.bg),
                ("muted on surface", p.muted, p.surface),
                ("on_accent on accent_strong", p.on_accent, p.accent_strong),
                ("warn on bg", p.warn, p.bg),
                ("warn on surface", p.warn, p.surface),
            ];
            for (what, fg, bg) in pairs {
                let c = contrast(fg, bg);
                assert!(c >= 4.5, "{}: {what} is {c:.2}:1", theme.label());
            }
        }
    }

    #[test]
    fn focus_ring_and_pacer_stand_out_at_3_to_1() {
        for theme in Theme::ALL {
            let p = theme.palette();
            for (what, fg) in [("focus", p.focus), ("accent_strong", p.accent_strong)] {
                let c = contrast(fg, p.bg);
                assert!(c >= 3.0, "{}: {what} on bg is {c:.2}:1", theme.label());
            }
        }
    }
}
