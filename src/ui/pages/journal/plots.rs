//! The journal's plots (egui_plot): each scale's ratings before and after
//! every session over the last weeks, and minutes practised per week. Each
//! plot has its figures beside it as text, for a screen reader and for
//! anyone who prefers words; the text states what was recorded, never what
//! caused it.

use egui::{Label, RichText, Ui};
use egui_plot::{Bar, BarChart, GridInput, GridMark, Line, MarkerShape, Plot, PlotPoints, Points};

use crate::journal::Entry;
use crate::journal::figures::{Day, averages, before_after, minutes_per_week};
use crate::script::RateScale;
use crate::ui::style::theme::Look;
use crate::ui::style::tokens::{font, space};

/// How many weeks the plots cover, up to today.
pub const WEEKS: i32 = 12;

const PLOT_WIDTH: f32 = 420.0;
const PLOT_HEIGHT: f32 = 170.0;

/// One plot's figures, worked out from the entries.
#[derive(Debug, Clone, PartialEq)]
pub struct Figures {
    /// First and last day plotted.
    pub from: Day,
    pub to: Day,
    /// Each scale with ratings in the range.
    pub scales: Vec<ScalePlot>,
    /// Monday of each week and the minutes practised in it.
    pub weeks: Vec<(Day, f64)>,
}

/// One scale's plot.
#[derive(Debug, Clone, PartialEq)]
pub struct ScalePlot {
    pub scale: RateScale,
    /// (days since `from`, before, after) per session, oldest first.
    pub points: Vec<(f64, u8, u8)>,
    /// The averages in words.
    pub sentence: String,
}

impl Figures {
    pub fn new(entries: &[Entry], to: Day) -> Self {
        let from = to.plus(1 - WEEKS * 7);
        let scales = RateScale::ALL
            .into_iter()
            .filter_map(|scale| {
                let points = before_after(entries, scale, from, to);
                let sentence = averages(&points)?.sentence(scale);
                let xs =
                    points.iter().map(|p| (f64::from(p.day.0 - from.0) + p.hour / 24.0, p.before, p.after)).collect();
                Some(ScalePlot { scale, points: xs, sentence })
            })
            .collect();
        Self { from, to, scales, weeks: minutes_per_week(entries, from, to) }
    }

    /// "Week of 2 Nov: 91 min; week of 9 Nov: 0 min; …" (the weeks with practice and the last one).
    pub fn minutes_text(&self) -> String {
        let total: f64 = self.weeks.iter().map(|(_, m)| m).sum();
        let weeks: Vec<String> = self
            .weeks
            .iter()
            .filter(|(_, m)| *m >= 0.5)
            .map(|(w, m)| format!("week of {}: {m:.0} min", w.short()))
            .collect();
        if weeks.is_empty() {
            return format!("No minutes of practice recorded in the last {WEEKS} weeks.");
        }
        format!("Minutes practised per week, last {WEEKS} weeks ({total:.0} in all): {}.", weeks.join("; "))
    }
}

pub fn show(ui: &mut Ui, figures: &Figures, look: &Look) {
    for plot in &figures.scales {
        let title = format!("{}: before (open circles) and after (filled)", plot.scale.title());
        ui.add_space(space::S);
        ui.label(RichText::new(&title).font(look.font(font::EMPHASIS)));
        beside(ui, &plot.sentence, look, |ui| rating_plot(ui, plot, figures, look));
    }
    ui.add_space(space::S);
    ui.label(RichText::new("Minutes per week").font(look.font(font::EMPHASIS)));
    beside(ui, &figures.minutes_text(), look, |ui| minutes_plot(ui, figures, look));
}

/// A plot with its text to the right (below when the column is narrow).
fn beside(ui: &mut Ui, text: &str, look: &Look, plot: impl FnOnce(&mut Ui)) {
    let label = |ui: &mut Ui| {
        ui.add(Label::new(RichText::new(text).color(look.palette.text)).wrap());
    };
    if ui.available_width() >= PLOT_WIDTH + 240.0 {
        ui.horizontal_top(|ui| {
            plot(ui);
            ui.add_space(space::M);
            ui.vertical(label);
        });
    } else {
        plot(ui);
        label(ui);
    }
}

fn rating_plot(ui: &mut Ui, plot: &ScalePlot, figures: &Figures, look: &Look) {
    let (p, points) = (&look.palette, &plot.points);
    let before: Vec<[f64; 2]> = points.iter().map(|&(x, b, _)| [x, f64::from(b)]).collect();
    let after: Vec<[f64; 2]> = points.iter().map(|&(x, _, a)| [x, f64::from(a)]).collect();
    let from = figures.from;
    let span = f64::from(figures.to.0 - from.0 + 1);
    base(format!("plot-{}", plot.scale.name()), from)
        .include_y(0.0)
        .include_y(10.0)
        .include_x(0.0)
        .include_x(span)
        .show(ui, |plot| {
            for &(x, b, a) in points {
                let stem = vec![[x, f64::from(b)], [x, f64::from(a)]];
                plot.line(Line::new("", PlotPoints::from(stem)).color(p.muted).width(1.0));
            }
            plot.points(
                Points::new("Before", PlotPoints::from(before))
                    .shape(MarkerShape::Circle)
                    .filled(false)
                    .radius(4.0)
                    .color(p.accent_strong),
            );
            plot.points(
                Points::new("After", PlotPoints::from(after))
                    .shape(MarkerShape::Circle)
                    .filled(true)
                    .radius(4.0)
                    .color(p.accent_strong),
            );
        });
}

fn minutes_plot(ui: &mut Ui, figures: &Figures, look: &Look) {
    let from = figures.from;
    let bars: Vec<Bar> = figures
        .weeks
        .iter()
        .map(|(w, m)| Bar::new(f64::from(w.0 - from.0) + 3.5, *m).width(5.0).name(format!("Week of {}", w.short())))
        .collect();
    base("plot-minutes".into(), from).include_y(0.0).show(ui, |plot| {
        plot.bar_chart(BarChart::new("Minutes", bars).color(look.palette.accent));
    });
}

/// A small, still plot: no dragging or zooming, dates on the x axis.
fn base<'a>(id: String, from: Day) -> Plot<'a> {
    Plot::new(id)
        .width(PLOT_WIDTH)
        .height(PLOT_HEIGHT)
        .allow_drag(false)
        .allow_zoom(false)
        .allow_scroll(false)
        .allow_boxed_zoom(false)
        .allow_double_click_reset(false)
        .show_x(false)
        .x_grid_spacer(weeks)
        .x_axis_formatter(move |mark, _range| day_label(from, mark.value))
}

/// The date under a grid line at `x`: the day that starts there (day `n`
/// of the plot spans `n` to `n + 1`, its sessions at their hour).
fn day_label(from: Day, x: f64) -> String {
    if x >= 0.0 { from.plus(x.floor() as i32).short() } else { String::new() }
}

/// A line each week, and a stronger, labelled one every four weeks, counted
/// back from the start of the plot's last day, so the last line is dated
/// with the last day.
fn weeks(input: GridInput) -> Vec<GridMark> {
    let (lo, hi) = input.bounds;
    let last = f64::from(WEEKS * 7 - 1);
    (0..WEEKS)
        .map(|w| last - f64::from(w * 7))
        .filter(|x| (lo..=hi).contains(x))
        .map(|value| {
            let monthly = ((last - value) / 7.0).round() as i32 % 4 == 0;
            GridMark { value, step_size: if monthly { 28.0 } else { 7.0 } }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::journal::Journal;

    #[test]
    fn figures_follow_the_entries_and_leave_out_old_ones() {
        let j = Journal::in_memory().unwrap();
        let s = j.start_session("builtin:box-breathing", "Box").unwrap();
        j.rate(s, 0, RateScale::Pain, 6).unwrap();
        j.rate(s, 5, RateScale::Pain, 4).unwrap();
        j.progress(s, 600.0, true).unwrap();
        let entries = j.entries().unwrap();
        let today = entries[0].day().unwrap();

        let f = Figures::new(&entries, today);
        assert_eq!(f.scales.len(), 1);
        let ScalePlot { scale, points, sentence } = &f.scales[0];
        assert_eq!(*scale, RateScale::Pain);
        assert_eq!(points.len(), 1);
        assert_eq!((points[0].1, points[0].2), (6, 4));
        assert!(points[0].0 >= f64::from(WEEKS * 7 - 1) && points[0].0 < f64::from(WEEKS * 7));
        assert!(sentence.contains("2.0 lower than before"), "{sentence}");
        assert_eq!(f.weeks.iter().map(|(_, m)| m).sum::<f64>(), 10.0);
        assert!(f.minutes_text().contains("(10 in all)"), "{}", f.minutes_text());

        // The last grid line is dated with the last day, where today's
        // session is drawn, and lines come a week apart from there.
        let marks = weeks(GridInput { bounds: (-1.0, f64::from(WEEKS * 7) + 1.0), base_step_size: 1.0 });
        let last = marks.iter().map(|m| m.value).fold(f64::MIN, f64::max);
        assert_eq!(day_label(f.from, last), today.short());
        assert!(points[0].0 >= last && points[0].0 < last + 1.0);
        assert_eq!(day_label(f.from, last - 7.0), today.plus(-7).short());
        assert_eq!(marks.len(), WEEKS as usize, "{marks:?}");

        // Seen from half a year later, the session is outside the plots.
        let later = Figures::new(&entries, today.plus(180));
        assert!(later.scales.is_empty());
        assert!(later.minutes_text().starts_with("No minutes"), "{}", later.minutes_text());
    }
}
