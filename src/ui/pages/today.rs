//! The top of the first screen: what matters today. The course's stage and
//! its session with a Start button, whether it was practised today, moving
//! on or back (always the patient's choice), and the rescue sessions for a
//! hard moment, one click away. Before a course is started, an offer of the
//! built-in one.

use egui::{Button, Frame, Label, Margin, RichText, Ui, Vec2};

use crate::app::SessionSource;
use crate::app::library::Library;
use crate::course::{Course, DEFAULT, Today};
use crate::ui::commands::Command;
use crate::ui::style::theme::Look;
use crate::ui::style::tokens::{font, space};

/// What the first screen knows about the course, worked out when the
/// library is shown.
#[derive(Debug, Clone)]
pub struct TodayView {
    /// The patient's place, `None` before a course, or why it cannot be read.
    pub today: Result<Option<Today>, String>,
    /// The built-in course, offered before one is started.
    pub offer: Option<Course>,
}

impl TodayView {
    pub fn new(today: Result<Option<Today>, String>) -> Self {
        let offer = match &today {
            Ok(None) => crate::course::load_any(DEFAULT).ok().map(|l| l.course),
            _ => None,
        };
        Self { today, offer }
    }

    /// The rescue sessions: the course's own, else the built-in course's.
    fn rescue(&self) -> &[String] {
        match (&self.today, &self.offer) {
            (Ok(Some(t)), _) => &t.course.rescue,
            (_, Some(c)) => &c.rescue,
            _ => &[],
        }
    }
}

pub fn show(ui: &mut Ui, view: &TodayView, library: &Library, look: &Look, out: &mut Vec<Command>) {
    let p = &look.palette;
    Frame::new().fill(p.surface).corner_radius(18).inner_margin(Margin::same(22)).show(ui, |ui| {
        ui.set_width(ui.available_width());
        ui.label(RichText::new("Today").font(look.font(font::EMPHASIS)).color(p.muted));
        match &view.today {
            Ok(Some(today)) => course(ui, today, library, look, out),
            Ok(None) => {
                if let Some(c) = &view.offer {
                    offer(ui, c, look, out);
                }
            }
            Err(e) => {
                let text = format!("Your course cannot be shown: {e}");
                ui.add(Label::new(RichText::new(text).color(p.text)).wrap());
            }
        }
        rescue(ui, view.rescue(), library, look, out);
    });
    ui.add_space(space::XS);
}

fn course(ui: &mut Ui, today: &Today, library: &Library, look: &Look, out: &mut Vec<Command>) {
    let p = &look.palette;
    let stage = today.stage();
    ui.add(Label::new(RichText::new(today.heading()).font(look.font(font::HEADING))).wrap());
    ui.add(Label::new(RichText::new(&stage.about).color(p.muted)).wrap());
    ui.add_space(space::XS);
    ui.add(Label::new(RichText::new(today.practice_line()).font(look.font(font::BODY))).wrap());
    ui.add(Label::new(RichText::new(today.suggestion()).color(p.muted)).wrap());
    ui.add_space(space::XS);
    ui.horizontal_wrapped(|ui| {
        let source = SessionSource::from_spec(&stage.session);
        let title = title_of(library, &source, &stage.session);
        let start = Button::new(RichText::new("Start today's session").font(look.font(font::BODY)).color(p.on_accent))
            .fill(p.accent_strong)
            .min_size(Vec2::new(220.0, 52.0));
        let start = ui.add(start).on_hover_text(format!("Start “{title}” now"));
        start.widget_info(|| {
            egui::WidgetInfo::labeled(egui::Role::Button, true, format!("Start today's session: {title}"))
        });
        if start.clicked() {
            out.push(Command::Start(source));
        }
        if !today.is_last() && ui.add(Button::new("Move on to the next stage").min_size(Vec2::new(0.0, 52.0))).clicked()
        {
            out.push(Command::SetStage(today.step.stage + 1));
        }
        if today.step.stage > 0 && ui.add(Button::new("Go back a stage").min_size(Vec2::new(0.0, 52.0))).clicked() {
            out.push(Command::SetStage(today.step.stage - 1));
        }
    });
}

fn offer(ui: &mut Ui, course: &Course, look: &Look, out: &mut Vec<Command>) {
    let p = &look.palette;
    ui.add(Label::new(RichText::new(&course.title).font(look.font(font::HEADING))).wrap());
    ui.add(Label::new(RichText::new(&course.summary).color(p.muted)).wrap());
    ui.add_space(space::XS);
    let start = Button::new(RichText::new("Start the course").font(look.font(font::BODY)).color(p.on_accent))
        .fill(p.accent_strong)
        .min_size(Vec2::new(200.0, 52.0));
    if ui.add(start).on_hover_text("Begin at its first stage; you can always stay longer or go back").clicked() {
        out.push(Command::StartCourse(DEFAULT.to_string()));
    }
}

fn rescue(ui: &mut Ui, sessions: &[String], library: &Library, look: &Look, out: &mut Vec<Command>) {
    if sessions.is_empty() {
        return;
    }
    ui.add_space(space::S);
    ui.label(RichText::new("For a hard moment").color(look.palette.muted));
    ui.horizontal_wrapped(|ui| {
        for spec in sessions {
            let source = SessionSource::from_spec(spec);
            let title = title_of(library, &source, spec);
            let button = ui.add(Button::new(RichText::new(&title)).min_size(Vec2::new(0.0, 44.0)));
            button.widget_info(|| {
                egui::WidgetInfo::labeled(egui::Role::Button, true, format!("For a hard moment: {title}"))
            });
            if button.on_hover_text(format!("Start “{title}” now")).clicked() {
                out.push(Command::Start(source));
            }
        }
    });
}

/// The session's title from the library, or its spec when it is not there.
fn title_of(library: &Library, source: &SessionSource, spec: &str) -> String {
    library
        .builtins
        .iter()
        .chain(&library.mine)
        .find(|e| &e.source == source)
        .map_or_else(|| spec.to_string(), |e| e.title.clone())
}
