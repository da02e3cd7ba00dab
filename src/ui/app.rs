//! The app: which screen is showing, the open session, the settings, and
//! the one place per frame where commands are applied. It draws into any
//! `egui::Ui`, so tests drive it with egui_kittest and no window.

use std::time::Duration;

use egui::{CentralPanel, Frame, Ui, ViewportCommand};

use crate::app::filter::Filter;
use crate::app::library::{self, Library};
use crate::app::practice::Practice;
use crate::app::session::Session;
use crate::app::settings::{Settings, SettingsFile};
use crate::app::{Notice, Places, SessionSource};
use crate::audio::Bus;
use crate::journal::Timestamp;
use crate::package::{self, Clash, Outcome};
use crate::player::{Now, Output, Player, SoundStatus};
use crate::script::Script;
use crate::timeline::{CompileOptions, Micros};
use crate::ui::commands::{Action, Command};
use crate::ui::pages::journal::{self, JournalPage};
use crate::ui::pages::library::{self as library_page, Page};
use crate::ui::pages::player::{self, Chrome, NoteDraft};
use crate::ui::pages::settings as settings_page;
use crate::ui::pages::setup::{self, Prepared};
use crate::ui::pages::studio as studio_page;
use crate::ui::pages::today::TodayView;
use crate::ui::pages::{closing, help};
use crate::ui::style::theme::{self, Look, Theme};
use crate::ui::sync_probe::SyncProbe;
use crate::ui::widgets::orb;
use crate::ui::widgets::rating;

mod studio_commands;
#[cfg(test)]
mod tests;

/// Which screen fills the window.
#[derive(Debug)]
pub enum Screen {
    Library,
    Setup(Box<Prepared>),
    Player,
    Settings,
    Journal(Box<JournalPage>),
    /// Recording a script's lines.
    Studio(Box<crate::app::studio::Studio>),
}

/// How the app meets the world: where its files live, and how a player
/// gets its sound output (the audio device, or a manual clock in tests).
pub struct Config {
    pub places: Places,
    pub output: Box<dyn Fn() -> Output>,
}

/// Fastest repaint while something moves: 60 frames a second.
const MIN_FRAME: f32 = 1.0 / 60.0;
/// Pace change per press of − or +.
const TEMPO_STEP: f64 = 0.05;
/// Presenter mode scales the pacer up for a projector.
const PRESENTER_ZOOM: f32 = 1.5;

pub struct App {
    config: Config,
    settings: Settings,
    settings_file: SettingsFile,
    /// The settings as last written, to notice changes.
    saved: Settings,
    styled: Option<(Theme, f32)>,
    /// Shown on the library page until dismissed.
    notices: Vec<Notice>,
    screen: Screen,
    library: Library,
    session: Option<Session>,
    practice: Practice,
    /// The course today, for the top of the first screen.
    today: TodayView,
    /// What the library shows: kind, length, words.
    filter: Filter,
    /// The note written on the end screen of the open session.
    end_note: NoteDraft,
    help: bool,
    presenter: bool,
    sound_open: bool,
    focused: bool,
    /// Where the studio records from: the microphone, or a file in tests.
    mic: crate::audio::mic::MicSource,
    /// The input devices, as listed when the settings page was opened.
    microphones: Vec<String>,
    sync_probe: SyncProbe,
    /// The session as this frame drew it, for the next frame's schedule.
    drawn: Option<Now>,
    /// What choosing a voice folder found, for the settings page.
    voice_note: Option<String>,
    /// Asking before closing: how many sessions' practice is not recorded.
    closing: Option<usize>,
    /// The user chose to close whatever is not recorded.
    leaving: bool,
}

impl App {
    pub fn new(config: Config) -> Self {
        let settings_file = SettingsFile::new(config.places.settings_file());
        let loaded = settings_file.load();
        let microphone = loaded.settings.microphone.clone();
        let library = Library::scan(&config.places.sessions_dir(), &loaded.settings.recent);
        let practice = Practice::open(&config.places.journal_file());
        let today = TodayView::new(practice.today());
        Self {
            settings: loaded.settings.clone(),
            saved: loaded.settings,
            notices: loaded.notice.into_iter().collect(),
            settings_file,
            config,
            styled: None,
            screen: Screen::Library,
            library,
            session: None,
            practice,
            today,
            filter: Filter::default(),
            end_note: NoteDraft::default(),
            help: false,
            presenter: false,
            sound_open: false,
            focused: true,
            mic: crate::audio::mic::MicSource::Device(microphone),
            microphones: Vec::new(),
            sync_probe: SyncProbe::from_env(),
            drawn: None,
            voice_note: None,
            closing: None,
            leaving: false,
        }
    }

    pub fn screen(&self) -> &Screen {
        &self.screen
    }

    pub fn session(&self) -> Option<&Session> {
        self.session.as_ref()
    }

    pub fn session_mut(&mut self) -> Option<&mut Session> {
        self.session.as_mut()
    }

    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    pub fn is_presenting(&self) -> bool {
        self.presenter
    }

    /// Records from `source` instead of the microphone (tests, and a
    /// file standing in for a microphone).
    pub fn set_mic_source(&mut self, source: crate::audio::mic::MicSource) {
        self.mic = source;
    }

    pub fn help_open(&self) -> bool {
        self.help
    }

    /// While asking before closing: how many sessions' practice the
    /// journal has not taken.
    pub fn closing(&self) -> Option<usize> {
        self.closing
    }

    /// The user asked to close the window: true to close now. With
    /// practice the journal has not taken (after one more try), it asks
    /// first and says no; the dialog's choice closes it, or not.
    pub fn may_close(&mut self) -> bool {
        if self.leaving {
            return true;
        }
        match self.practice.not_recorded(self.session.as_mut()) {
            0 => true,
            waiting => {
                self.closing = Some(waiting);
                false
            }
        }
    }

    /// Closes the window without asking again.
    fn leave(&mut self, ctx: &egui::Context) {
        self.leaving = true;
        self.closing = None;
        ctx.send_viewport_cmd(ViewportCommand::Close);
    }

    /// Opens a session: straight into playing, or onto the setup page.
    /// A script that fails to load is listed in the library with its error.
    /// A script file speaks with its own recordings, then the built-in voice.
    pub fn open(&mut self, source: SessionSource, play: bool) {
        self.settle_studio();
        let voice = self.settings.narration.then(|| self.session_voice(&source));
        self.open_with(source, &CompileOptions { voice, ..CompileOptions::default() }, play);
    }

    /// The voice `source` speaks with; a damaged voice folder is a notice.
    fn session_voice(&mut self, source: &SessionSource) -> std::sync::Arc<crate::timeline::narration::Voice> {
        let file = match source {
            SessionSource::File(path) => Some(path.as_path()),
            SessionSource::Builtin(_) => None,
        };
        let (voice, warnings) = crate::app::voice::session_voice(file, self.settings.voice_dir.as_deref());
        self.notices.extend(warnings.into_iter().map(Notice::warning));
        voice
    }

    /// Like `open`, with a starting pace, length, skip list and voice.
    /// With narration off in the settings, no voice speaks, whatever asked.
    pub fn open_with(&mut self, source: SessionSource, options: &CompileOptions, play: bool) {
        let silenced;
        let options = if self.settings.narration {
            options
        } else {
            silenced = CompileOptions { voice: None, ..options.clone() };
            &silenced
        };
        match source.load() {
            Ok(loaded) => {
                // A script dropped or opened mid-session replaces it: the
                // old one must not play on unseen behind the setup page.
                self.close_session();
                self.settings.remember(&source.spec());
                if let SessionSource::File(path) = &source {
                    self.library.add_file(path);
                }
                let volumes = self.default_volumes(&loaded.script);
                let mut prepared = Prepared::new(source, loaded.script, volumes, options);
                prepared.warnings = loaded.report.warnings().map(|w| w.message.clone()).collect();
                if play {
                    self.begin(prepared);
                } else {
                    self.screen = Screen::Setup(Box::new(prepared));
                }
            }
            Err(report) => {
                if let SessionSource::File(path) = &source {
                    self.library.invalid.retain(|i| &i.path != path);
                    self.library.invalid.push(library::Invalid { path: path.clone(), errors: report.summary() });
                } else {
                    self.notices.extend(report.summary().into_iter().map(Notice::error));
                }
                self.screen = Screen::Library;
            }
        }
    }

    fn default_volumes(&self, script: &Script) -> [(Bus, f32); 3] {
        let (s, v) = (&script.sound, &self.settings.volumes);
        [
            (Bus::Voice, s.voice_volume * v.voice),
            (Bus::Cues, s.cue_volume * v.cues),
            (Bus::Ambient, s.ambient_volume * v.ambient),
        ]
    }

    fn begin(&mut self, prepared: Prepared) {
        let mut player = Player::new(prepared.script.clone(), prepared.options(), (self.config.output)());
        for (bus, gain) in prepared.adjustments.volumes {
            player.set_volume(bus, gain);
        }
        player.set_audio_delay_ms(self.settings.latency_offset_ms);
        player.play();
        self.close_session();
        let mut session = Session::new(prepared.source, player);
        session.file_warnings = prepared.warnings;
        self.practice.started(&mut session);
        self.end_note = NoteDraft::default();
        self.session = Some(session);
        self.screen = Screen::Player;
    }

    /// The look for this frame.
    fn look(&self) -> Look {
        let zoom = if self.presenter { PRESENTER_ZOOM } else { 1.0 };
        Look {
            palette: self.settings.theme.palette(),
            scale: self.settings.text_size.scale() * zoom,
            reduced_motion: self.settings.reduced_motion,
        }
    }

    /// Draws one frame and applies what the user did.
    pub fn ui(&mut self, ui: &mut Ui) {
        let ctx = ui.ctx().clone();
        let style = (self.settings.theme, self.settings.text_size.scale());
        if self.styled != Some(style) {
            theme::apply(&ctx, &self.settings.theme.palette(), style.1);
            self.styled = Some(style);
        }
        self.drawn = None;
        let focused = ctx.memory(|m| m.focused().is_some());
        let in_studio = matches!(self.screen, Screen::Studio(_));
        let typing = ctx.text_edit_focused();
        let mut commands = ctx.input_mut(|i| Command::from_keys(i, focused, typing, in_studio));
        self.take_dropped_files(&ctx);
        self.notice_focus(&ctx);
        if let Some(session) = self.session.as_mut() {
            let ctx = ctx.clone();
            session.watch(move || ctx.request_repaint());
        }
        if self.session.as_ref().is_some_and(Session::file_changed) {
            commands.push(Command::Action(Action::Reload));
        }

        let look = self.look();
        let dropping = ctx.input(|i| !i.raw.hovered_files.is_empty());
        // No fill: the window is cleared to the background colour already, and
        // a second full-window fill doubles the work of software rendering.
        let frame = Frame::new();
        match &mut self.screen {
            Screen::Library => {
                let page = Page {
                    library: &self.library,
                    sessions_dir: &self.config.places.sessions_dir(),
                    notices: &self.notices,
                    dropping,
                    today: &self.today,
                };
                let filter = &mut self.filter;
                CentralPanel::default()
                    .frame(frame)
                    .show(ui, |ui| library_page::show(ui, &page, filter, &look, &mut commands));
            }
            Screen::Setup(prepared) => {
                CentralPanel::default().frame(frame).show(ui, |ui| setup::show(ui, prepared, &look, &mut commands));
            }
            Screen::Settings => {
                let file = self.settings_file.path.clone();
                CentralPanel::default().frame(frame).show(ui, |ui| {
                    let shown = settings_page::Shown {
                        file: &file,
                        voice_note: self.voice_note.as_deref(),
                        microphones: &self.microphones,
                    };
                    settings_page::show(ui, &self.settings, &shown, &look, &mut commands)
                });
            }
            Screen::Journal(page) => {
                CentralPanel::default().frame(frame).show(ui, |ui| journal::show(ui, page, &look, &mut commands));
            }
            Screen::Studio(studio) => {
                if studio.update(Timestamp::now().0) {
                    ctx.request_repaint_after(Duration::from_millis(50));
                }
                CentralPanel::default().frame(frame).show(ui, |ui| studio_page::show(ui, studio, &look, &mut commands));
            }
            Screen::Player => match &mut self.session {
                Some(session) => {
                    let now = session.update().now;
                    self.sync_probe.drawn(session.player.timeline(), &now);
                    let chrome = Chrome {
                        presenter: self.presenter,
                        sound_open: &mut self.sound_open,
                        note: &mut self.end_note,
                    };
                    player::show(ui, session, &now, &look, chrome, &mut commands);
                    self.drawn = Some(now);
                }
                None => self.screen = Screen::Library,
            },
        }
        if self.help {
            help::show(&ctx, &look, &mut commands);
        }
        if let Some(waiting) = self.closing {
            closing::show(&ctx, waiting, &look, &mut commands);
        }
        for command in commands {
            self.apply(&ctx, command);
        }
        self.record_practice(&ctx);
        if self.presenter && !matches!(self.screen, Screen::Player) {
            self.set_presenter(&ctx, false);
        }
        self.save_settings_when_settled(&ctx);
        self.schedule_repaint(&ctx, ui.max_rect());
    }

    /// Applies one command: the only place that changes the session.
    pub fn apply(&mut self, ctx: &egui::Context, command: Command) {
        let on_player = matches!(self.screen, Screen::Player);
        let Some(command) = self.apply_to_studio(command) else { return };
        match command {
            Command::CopyBuiltin(name) => self.copy_builtin(name),
            Command::Action(Action::CopySession) => {
                if let Some(name) = self.playing_builtin() {
                    self.set_presenter(ctx, false);
                    self.copy_builtin(name);
                }
            }
            Command::OpenStudio(path) => self.open_studio(&path),
            Command::Start(source) => self.open(source, true),
            Command::Prepare(source) => self.open(source, false),
            Command::Action(Action::Begin) => {
                if let Screen::Setup(prepared) = std::mem::replace(&mut self.screen, Screen::Library) {
                    self.begin(*prepared);
                }
            }
            Command::Action(Action::EndSession) => self.end_session(ctx),
            Command::Action(Action::ShowLibrary) if on_player => self.end_session(ctx),
            Command::Action(Action::ShowLibrary) => self.show_library(),
            Command::Action(Action::ShowSettings) if !on_player => {
                self.microphones = crate::audio::mic::input_names();
                self.screen = Screen::Settings;
            }
            Command::Action(Action::OpenJournal) if !on_player => self.open_journal(),
            Command::Action(Action::ExportJournal) => self.export_journal(),
            Command::Action(Action::RecordAgain) => match self.practice.not_recorded(self.session.as_mut()) {
                0 => self.leave(ctx),
                waiting => self.closing = Some(waiting),
            },
            Command::Action(Action::CloseAnyway) => self.leave(ctx),
            Command::Action(Action::KeepOpen | Action::Escape) if self.closing.is_some() => self.closing = None,
            Command::Action(Action::ToggleHelp) => self.help = !self.help,
            Command::Action(Action::TogglePresenter) if on_player => self.set_presenter(ctx, !self.presenter),
            Command::Action(Action::Escape) if self.help => self.help = false,
            Command::Action(Action::Escape) if self.presenter => self.set_presenter(ctx, false),
            Command::Action(Action::Escape)
                if matches!(
                    self.screen,
                    Screen::Setup(_) | Screen::Settings | Screen::Journal(_) | Screen::Studio(_)
                ) =>
            {
                self.show_library()
            }
            Command::Action(Action::OpenScript) => self.pick_script(),
            Command::Action(Action::OpenSessionsFolder) => self.open_sessions_folder(),
            Command::ChangeSettings(settings) => {
                if matches!(self.mic, crate::audio::mic::MicSource::Device(_)) {
                    self.mic = crate::audio::mic::MicSource::Device(settings.microphone.clone());
                }
                self.settings = *settings;
            }
            Command::Adjust(adjustments) => {
                if let Screen::Setup(prepared) = &mut self.screen {
                    prepared.adjust(*adjustments);
                }
            }
            Command::DismissNotice(i) if i < self.notices.len() => {
                self.notices.remove(i);
            }
            Command::StartCourse(course) => {
                self.practice.start_course(&course);
                self.today = TodayView::new(self.practice.today());
            }
            Command::SetStage(stage) => {
                if let Ok(Some(today)) = &self.today.today {
                    let stage = stage.min(today.course.stages.len().saturating_sub(1));
                    self.practice.set_stage(&today.step.course.clone(), stage);
                }
                self.today = TodayView::new(self.practice.today());
            }
            Command::SaveNote(id, text) => self.save_note(id, &text),
            Command::Action(Action::SaveReport) => self.save_report(),
            Command::Action(Action::ChooseVoiceFolder) => self.choose_voice_folder(),
            command if on_player => self.apply_to_session(command),
            _ => {}
        }
    }

    fn apply_to_session(&mut self, command: Command) {
        let Some(session) = self.session.as_mut() else { return };
        if let Command::Seek(_)
        | Command::Action(Action::PreviousStep | Action::NextStep | Action::Restart | Action::TogglePlay) = command
        {
            session.moved(matches!(command, Command::Action(Action::Restart)));
        }
        let player = &mut session.player;
        match command {
            Command::Action(Action::TogglePlay) => player.toggle(),
            Command::Action(Action::PreviousStep) => player.previous_step(),
            Command::Action(Action::NextStep) => player.next_step(),
            Command::Action(Action::Restart) => {
                player.restart();
                player.play();
            }
            Command::Seek(f) => {
                let to = Micros((player.timeline().duration.0 as f64 * f64::from(f.clamp(0.0, 1.0))) as u64);
                player.seek(to);
            }
            Command::Action(Action::TempoDown) => player.set_tempo(player.tempo() - TEMPO_STEP),
            Command::Action(Action::TempoUp) => player.set_tempo(player.tempo() + TEMPO_STEP),
            Command::Action(Action::ToggleMute) => {
                let muted = player.is_muted();
                player.set_muted(!muted);
            }
            Command::SetVolume(bus, gain) => player.set_volume(bus, gain),
            Command::Rate(n) => {
                if let Some(rating) = session.rate(n) {
                    self.practice.rated(session, rating);
                }
            }
            Command::RateKey(digit) => {
                let now = session.now();
                if let Some(rating) = session.rate(rating::after_key(session.current_rating(&now), digit)) {
                    self.practice.rated(session, rating);
                }
            }
            Command::Action(Action::Continue) => {
                let now = session.now();
                if session.current_rating(&now).is_some() {
                    session.go_on_from_rating();
                }
            }
            Command::Action(Action::SkipRating) if session.now().kind.scale().is_some() => {
                session.skipped_last_rating = true;
                session.go_on_from_rating();
            }
            Command::Action(Action::Reload) => session.reload(),
            Command::Action(Action::RetrySound) => session.player.retry_audio(),
            _ => {}
        }
    }

    /// Records how far the open session got, and closes it.
    fn close_session(&mut self) {
        if let Some(session) = self.session.take() {
            self.practice.closed(session);
        }
    }

    fn end_session(&mut self, ctx: &egui::Context) {
        self.close_session();
        self.set_presenter(ctx, false);
        self.show_library();
    }

    fn show_library(&mut self) {
        self.settle_studio();
        self.library = Library::scan(&self.config.places.sessions_dir(), &self.settings.recent);
        self.today = TodayView::new(self.practice.today());
        self.screen = Screen::Library;
    }

    /// Shows the journal as it is now; a journal that cannot be read says why.
    fn open_journal(&mut self) {
        let page = JournalPage::new(self.practice.entries(), self.practice.set_aside.clone(), Timestamp::now())
            .on(self.practice.day());
        self.screen = Screen::Journal(Box::new(page));
    }

    /// Writes a note from the end screen or the journal; the journal page
    /// is read again so the note shows where it belongs. A note the journal
    /// could not take stays in its box, as typed, with why, to save again.
    fn save_note(&mut self, id: crate::journal::SessionId, text: &str) {
        let written = self.practice.set_note(id, text);
        match (&mut self.screen, written) {
            (Screen::Journal(page), Err(problem)) => {
                if let Some(edit) = page.editing.as_mut() {
                    edit.problem = Some(problem);
                }
            }
            (Screen::Journal(page), Ok(())) => {
                let exported = page.exported.take();
                self.open_journal();
                if let Screen::Journal(page) = &mut self.screen {
                    page.exported = exported;
                }
            }
            (Screen::Player, written) => {
                self.end_note.saved = written.is_ok();
                self.end_note.problem = written.err();
            }
            _ => {}
        }
    }

    fn save_report(&mut self) {
        if !matches!(self.screen, Screen::Journal(_)) {
            return;
        }
        let dialog = rfd::FileDialog::new().add_filter("Web page", &["html"]).set_file_name("respite-report.html");
        if let Some(path) = dialog.save_file() {
            let result = self.practice.write_report(&path);
            if let Screen::Journal(page) = &mut self.screen {
                page.exported = Some(result);
            }
        }
    }

    fn export_journal(&mut self) {
        let Screen::Journal(page) = &mut self.screen else { return };
        if let Some(path) = rfd::FileDialog::new().set_file_name("respite-journal.csv").save_file() {
            page.export(&path);
        }
    }

    /// A folder of recordings to speak instead of the built-in voice; it
    /// must be one that `Voice::from_dir` reads, or nothing changes.
    fn choose_voice_folder(&mut self) {
        let dialog = rfd::FileDialog::new().set_title("Choose a folder of recordings (with its manifest.json)");
        if let Some(dir) = dialog.pick_folder() {
            self.use_voice_folder(dir);
        }
    }

    /// Uses `dir` as the voice folder if it is one, and says what it holds.
    pub fn use_voice_folder(&mut self, dir: std::path::PathBuf) {
        match crate::timeline::narration::Voice::from_dir(&dir) {
            Ok(voice) => {
                let n = voice.entries().count();
                self.voice_note = Some(format!(
                    "{n} recording{} in this folder; lines it lacks are spoken by the built-in voice. \
                     It speaks from the next session you open.",
                    if n == 1 { "" } else { "s" }
                ));
                self.settings.voice_dir = Some(dir);
            }
            Err(e) => self.voice_note = Some(format!("Not used: {e}")),
        }
    }

    fn set_presenter(&mut self, ctx: &egui::Context, on: bool) {
        if self.presenter != on {
            self.presenter = on;
            ctx.send_viewport_cmd(ViewportCommand::Fullscreen(on));
        }
    }

    fn pick_script(&mut self) {
        let dir = self.config.places.sessions_dir();
        let dialog = rfd::FileDialog::new()
            .add_filter("Session script or package", &["toml", package::EXTENSION])
            .set_directory(&dir);
        if let Some(path) = dialog.pick_file() {
            self.open_file(path);
        }
    }

    /// Opens a file the user chose or dropped: a script on the setup page;
    /// a package is installed into the sessions folder first (a different
    /// session under its title is kept, and this one added as "Title (2)").
    pub fn open_file(&mut self, path: std::path::PathBuf) {
        if !package::is_package(&path) {
            self.open(SessionSource::File(path), false);
            return;
        }
        match package::install(&path, &self.config.places.sessions_dir(), Clash::KeepBoth) {
            Ok(installed) => {
                let title = &installed.title;
                self.notices.push(Notice::info(match installed.outcome {
                    Outcome::New | Outcome::Replaced => format!("Installed “{title}” into your sessions."),
                    Outcome::AlreadyThere => format!("“{title}” is in your sessions already."),
                    Outcome::Renamed => {
                        format!("Installed as “{title}” into your sessions: a different session has the same title.")
                    }
                }));
                self.open(SessionSource::File(installed.script), false);
            }
            Err(e) => {
                self.notices.push(Notice::error(e.message));
                self.show_library();
            }
        }
    }

    fn open_sessions_folder(&mut self) {
        let dir = self.config.places.sessions_dir();
        if let Err(e) = std::fs::create_dir_all(&dir) {
            self.notices.push(Notice::error(format!("Could not create {}: {e}", dir.display())));
            return;
        }
        let opener = if cfg!(target_os = "macos") {
            "open"
        } else if cfg!(windows) {
            "explorer"
        } else {
            "xdg-open"
        };
        if let Err(e) = std::process::Command::new(opener).arg(&dir).spawn() {
            self.notices.push(Notice::error(format!("Could not open {}: {e}", dir.display())));
        }
    }

    /// A `.toml` dropped on the window opens on the setup page; a
    /// `.respite` package is installed and opens there too.
    fn take_dropped_files(&mut self, ctx: &egui::Context) {
        let dropped: Vec<std::path::PathBuf> =
            ctx.input(|i| i.raw.dropped_files.iter().map(|f| f.path().to_path_buf()).collect());
        for path in dropped {
            if library::is_script(&path) || package::is_package(&path) {
                self.open_file(path);
            } else {
                self.notices.push(Notice::warning(format!(
                    "{} is not a session script (.toml) or package (.respite)",
                    path.display()
                )));
            }
        }
    }

    /// Writes to the journal when a session reaches its end or pauses,
    /// tries again, every few seconds, what closed sessions left unwritten,
    /// and shows any journal problem once.
    fn record_practice(&mut self, ctx: &egui::Context) {
        self.practice.retry_leftovers(false);
        if self.practice.has_leftovers() {
            ctx.request_repaint_after(crate::app::practice::RETRY_EVERY);
        }
        if let Some(session) = self.session.as_mut() {
            let stopped = !session.player.is_playing();
            if stopped && !session.finish_recorded && session.now().finished {
                self.practice.progress(session);
            }
        }
        if let Some(notice) = self.practice.notice.take() {
            self.notices.push(notice);
        }
    }

    /// Coming back to the window rescans the library, so scripts copied
    /// into the sessions folder meanwhile appear.
    fn notice_focus(&mut self, ctx: &egui::Context) {
        let focused = ctx.input(|i| i.focused);
        if focused && !self.focused && matches!(self.screen, Screen::Library) {
            self.show_library();
        }
        self.focused = focused;
    }

    fn save_settings_when_settled(&mut self, ctx: &egui::Context) {
        if self.settings == self.saved || ctx.input(|i| i.pointer.any_down()) {
            return;
        }
        if let Err(e) = self.settings_file.save(&self.settings) {
            self.notices
                .push(Notice::error(format!("Could not save settings to {}: {e}", self.settings_file.path.display())));
        }
        self.saved = self.settings.clone();
        if let Some(session) = self.session.as_mut() {
            session.player.set_audio_delay_ms(self.settings.latency_offset_ms);
        }
    }

    /// Saves the settings and records the open session, e.g. when the
    /// window closes.
    pub fn close(&mut self) {
        self.settle_studio();
        if self.settings != self.saved && self.settings_file.save(&self.settings).is_ok() {
            self.saved = self.settings.clone();
        }
        self.close_session();
    }

    /// Asks for the next frame only while something moves: as often as
    /// the pacer visibly changes (at most 60 a second), else when the next
    /// clock second ticks. Nothing while paused or idle.
    fn schedule_repaint(&mut self, ctx: &egui::Context, area: egui::Rect) {
        let Some(session) = self.session.as_mut() else { return };
        if !session.player.is_playing() {
            // Paused just after the sound was lost: keep reconnecting for
            // the few seconds that "reconnecting" lasts, so the notice is
            // true when the user comes back. Once it says "without sound",
            // a paused window stays idle (no CPU); playing again, or "Try
            // sound again", looks for the device.
            if matches!(session.player.sound_status(), SoundStatus::Reconnecting(_))
                && let Some(wait) = session.player.next_sound_check()
            {
                ctx.request_repaint_after(wait);
            }
            return;
        }
        if !matches!(self.screen, Screen::Player) {
            return;
        }
        let now = session.now();
        if now.finished {
            return;
        }
        // The orb's own size once it has been drawn, else a generous guess
        // (a larger orb moves faster, so frames come sooner).
        let side = orb::drawn_side(ctx).unwrap_or(area.width().min(area.height()));
        let reduced = self.settings.reduced_motion;
        let dt = Session::next_frame_in(self.drawn.as_ref(), &now, |now| {
            let motion = orb::motion_interval(now, side, reduced).unwrap_or(1.0);
            let wait = session.until_wait(now).map_or(f32::MAX, |m| m.as_secs_f64() as f32);
            Session::next_tick(now).min(motion).min(wait)
        });
        if dt <= 0.0 {
            ctx.request_repaint();
        } else {
            ctx.request_repaint_after(Duration::from_secs_f32(dt.max(MIN_FRAME)));
        }
    }
}
