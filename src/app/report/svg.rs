//! The report's two kinds of plot as inline SVG, so the report is one file
//! that prints crisply: ratings before and after each session, and minutes
//! practised a week. Each has a text alternative; shapes, not only colour,
//! tell before from after.

use std::fmt::Write;

use crate::journal::figures::{BeforeAfter, Day};

const W: f64 = 320.0;
const H: f64 = 150.0;
const LEFT: f64 = 28.0;
const RIGHT: f64 = 8.0;
const TOP: f64 = 10.0;
const BOTTOM: f64 = 22.0;

/// Before (open circle) and after (filled) ratings, 0–10, over `from..=to`,
/// joined per session by a line.
pub fn ratings(points: &[BeforeAfter], from: Day, to: Day, alt: &str) -> String {
    let span = f64::from((to.0 - from.0).max(1)) + 1.0;
    let x = |p: &BeforeAfter| LEFT + (f64::from(p.day.0 - from.0) + p.hour / 24.0) / span * (W - LEFT - RIGHT);
    let y = |v: u8| TOP + (10.0 - f64::from(v)) / 10.0 * (H - TOP - BOTTOM);
    let mut s = open(alt);
    for v in [0u8, 5, 10] {
        let _ = write!(
            s,
            r##"<line x1="{LEFT}" x2="{}" y1="{y:.1}" y2="{y:.1}" class="grid"/><text x="{}" y="{:.1}" class="tick" text-anchor="end">{v}</text>"##,
            W - RIGHT,
            LEFT - 4.0,
            y(v) + 3.5,
            y = y(v)
        );
    }
    day_ticks(&mut s, from, to, |d| LEFT + f64::from(d.0 - from.0) / span * (W - LEFT - RIGHT));
    for p in points {
        let (px, yb, ya) = (x(p), y(p.before), y(p.after));
        let _ = write!(
            s,
            r##"<line x1="{px:.1}" x2="{px:.1}" y1="{yb:.1}" y2="{ya:.1}" class="pair"/><circle cx="{px:.1}" cy="{yb:.1}" r="3" class="before"/><circle cx="{px:.1}" cy="{ya:.1}" r="3" class="after"/>"##
        );
    }
    s.push_str("</svg>");
    s
}

/// Minutes a week as bars labelled with their value.
pub fn weekly_minutes(weeks: &[(Day, f64)], alt: &str) -> String {
    let most = weeks.iter().map(|w| w.1).fold(0.0, f64::max).max(10.0);
    let slot = (W - LEFT - RIGHT) / weeks.len().max(1) as f64;
    let y = |m: f64| TOP + 10.0 + (1.0 - m / most) * (H - TOP - 10.0 - BOTTOM);
    let mut s = open(alt);
    let _ = write!(s, r##"<line x1="{LEFT}" x2="{}" y1="{b:.1}" y2="{b:.1}" class="axis"/>"##, W - RIGHT, b = y(0.0));
    for (i, (week, minutes)) in weeks.iter().enumerate() {
        let x0 = LEFT + i as f64 * slot + slot * 0.15;
        let top = y(*minutes);
        let _ = write!(
            s,
            r##"<rect x="{x0:.1}" y="{top:.1}" width="{:.1}" height="{:.1}" class="bar"/><text x="{:.1}" y="{:.1}" class="value" text-anchor="middle">{:.0}</text><text x="{:.1}" y="{:.1}" class="tick" text-anchor="middle">{}</text>"##,
            slot * 0.7,
            y(0.0) - top,
            x0 + slot * 0.35,
            top - 3.0,
            minutes,
            x0 + slot * 0.35,
            H - 6.0,
            week.short()
        );
    }
    s.push_str("</svg>");
    s
}

fn open(alt: &str) -> String {
    format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {W} {H}" role="img" aria-label="{a}"><title>{a}</title>"##,
        a = super::escape(alt)
    )
}

/// Date labels under a time axis: about five, on whole days.
fn day_ticks(s: &mut String, from: Day, to: Day, x: impl Fn(Day) -> f64) {
    let step = ((to.0 - from.0) / 4).max(1);
    let mut d = from;
    while d <= to {
        let at = x(d).clamp(LEFT + 14.0, W - RIGHT - 14.0);
        let _ = write!(
            s,
            r##"<text x="{at:.1}" y="{:.1}" class="tick" text-anchor="middle">{}</text>"##,
            H - 6.0,
            d.short()
        );
        d = d.plus(step);
    }
}
