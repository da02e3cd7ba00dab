//! The app's side of the studio: opening it on a script, making a copy of
//! a built-in to record, and applying the studio's commands. A take in
//! progress is stopped and saved before the studio is left, so leaving
//! the page (or closing the window) never loses what was said.

use super::{App, Screen};
use crate::app::studio::{Studio, copy_builtin};
use crate::app::{Notice, SessionSource};
use crate::journal::Timestamp;
use crate::ui::commands::{Action, Command};

impl App {
    /// Opens the studio on a script file; a script with errors is a notice.
    pub fn open_studio(&mut self, path: &std::path::Path) {
        self.settle_studio();
        match Studio::open(path, self.settings.voice_dir.as_deref()) {
            Ok(studio) => {
                self.close_session();
                self.screen = Screen::Studio(Box::new(studio));
            }
            Err(e) => self.notices.push(Notice::error(format!("{} cannot be recorded yet:\n{e}", path.display()))),
        }
    }

    /// "Make my own copy": the copy goes into the sessions folder and opens
    /// in the studio.
    pub(super) fn copy_builtin(&mut self, name: &str) {
        let dir = self.config.places.sessions_dir();
        match copy_builtin(name, &dir, None) {
            Ok(path) => {
                self.library = crate::app::library::Library::scan(&dir, &self.settings.recent);
                self.open_studio(&path);
                if let Screen::Studio(studio) = &mut self.screen {
                    studio.notices.push(Notice::info(format!(
                        "Your copy is saved as {}. Change its words in any text editor; lines you have not recorded \
                         keep the built-in voice while their words are unchanged.",
                        path.display()
                    )));
                }
            }
            Err(e) => self.notices.push(Notice::error(format!("Could not make a copy: {e}"))),
        }
    }

    /// Packs the script open in the studio into `out` (what the save
    /// dialog of "Hand over as one file…" chose); the studio says how it went.
    pub fn hand_over_to(&mut self, out: &std::path::Path) {
        if let Screen::Studio(studio) = &mut self.screen {
            studio.hand_over(out);
        }
    }

    /// The source of the open session, if it is a built-in.
    pub(super) fn playing_builtin(&self) -> Option<&'static str> {
        match self.session.as_ref().map(|s| &s.source) {
            Some(SessionSource::Builtin(name)) => Some(name),
            _ => None,
        }
    }

    /// Stops and saves a take in progress (before the studio is left).
    pub(super) fn settle_studio(&mut self) {
        if let Screen::Studio(studio) = &mut self.screen
            && studio.is_recording()
        {
            studio.record_or_stop(&self.mic, Timestamp::now().0);
        }
    }

    /// Applies a command on the studio page; returns it if it is not one.
    pub(super) fn apply_to_studio(&mut self, command: Command) -> Option<Command> {
        let Screen::Studio(studio) = &mut self.screen else { return Some(command) };
        let now = Timestamp::now().0;
        match command {
            Command::Action(Action::RecordOrStop) => studio.record_or_stop(&self.mic, now),
            Command::Action(Action::PlayLine) => studio.play_or_stop(),
            Command::Action(Action::PreviousLine) => studio.step(-1),
            Command::Action(Action::NextLine) => studio.step(1),
            Command::SelectLine(i) => studio.select(i),
            Command::Action(Action::ImportRecordings) if !studio.is_recording() => {
                if let Some(dir) = rfd::FileDialog::new().set_title("A folder of recordings").pick_folder() {
                    studio.begin_import(&dir);
                }
            }
            Command::Action(Action::HandOver) if !studio.is_recording() => {
                let dialog = rfd::FileDialog::new()
                    .set_title("Save the session as one file for your patient")
                    .add_filter("Respite session package", &[crate::package::EXTENSION])
                    .set_file_name(studio.package_file_name());
                if let Some(out) = dialog.save_file() {
                    self.hand_over_to(&out);
                }
            }
            Command::Action(Action::EditScript) => studio.edit_script(),
            Command::ScriptText(text) => studio.set_script_text(text),
            Command::Action(Action::SaveScript) => studio.save_script(),
            Command::Action(Action::DiscardEdits) => studio.discard_edits(),
            Command::Action(Action::Escape) if studio.editor.is_some() => studio.close_editor(),
            Command::Action(Action::ConfirmImport) => studio.confirm_import(now),
            Command::Action(Action::CancelImport) => studio.cancel_import(),
            Command::Action(Action::Escape) if studio.import.is_some() => studio.cancel_import(),
            command => return Some(command),
        }
        None
    }
}
