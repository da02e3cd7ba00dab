//! What the user asks for, in two kinds (as rerun splits `UICommand` from
//! `SystemCommand`). An `Action` has no data: each carries its label and
//! keyboard shortcut, and that one table drives the buttons, the shortcuts
//! and the help overlay. A `Command` is what the app applies: an action, or
//! a request that carries data (start this session, seek there, this
//! volume, these settings). Views push commands; the app applies them in
//! one place per frame.

use egui::{Key, KeyboardShortcut, Modifiers};

use crate::app::SessionSource;
use crate::app::settings::Settings;
use crate::audio::Bus;
use crate::journal::SessionId;
use crate::ui::pages::setup::Adjustments;

/// A user action with a name, and maybe a key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    TogglePlay,
    PreviousStep,
    NextStep,
    Restart,
    TempoDown,
    TempoUp,
    ToggleMute,
    /// A number key during a rating step (the key itself comes as `Command::RateKey`).
    RateDigit,
    /// Leave a rating step once it is answered.
    Continue,
    TogglePresenter,
    ToggleHelp,
    /// Esc: close the help, or leave presenter mode.
    Escape,
    ShowSettings,
    /// Show the practice journal.
    OpenJournal,
    OpenScript,
    /// Reload the open script from disk now.
    Reload,
    /// Start the session prepared on the setup page.
    Begin,
    EndSession,
    ShowLibrary,
    /// Save the journal as CSV, to a file the user picks.
    ExportJournal,
    OpenSessionsFolder,
    /// Hide a notice (which one comes as `Command::DismissNotice`).
    Dismiss,
    /// Try the sound device again now, after it was lost.
    RetrySound,
    /// Go on without answering the rating the session waits for.
    SkipRating,
    /// Save the therapist's report (HTML) to a file the user picks.
    SaveReport,
    /// Studio: record the chosen line (after a count-in), or stop and save.
    RecordOrStop,
    /// Studio: play the chosen line as it will be heard, or stop.
    PlayLine,
    /// Studio: the line above.
    PreviousLine,
    /// Studio: the line below.
    NextLine,
    /// Studio: pick a folder of recordings to match to lines.
    ImportRecordings,
    /// Studio: import the matches shown.
    ConfirmImport,
    CancelImport,
    /// Make my own copy of the built-in session playing.
    CopySession,
    /// Pick a folder of recordings to speak instead of the built-in voice.
    ChooseVoiceFolder,
    /// Studio: pack the script and its recordings into one file to give.
    HandOver,
    /// Studio: open the script's text to change it.
    EditScript,
    /// Studio: save the changed script (only when it loads).
    SaveScript,
    /// Studio: close the editor, forgetting unsaved changes.
    DiscardEdits,
    /// Closing with practice the journal has not taken: try writing it again.
    RecordAgain,
    /// Closing with practice the journal has not taken: stay open.
    KeepOpen,
    /// Closing with practice the journal has not taken: close, losing it.
    CloseAnyway,
}

/// What the app applies.
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    Action(Action),
    /// Start a session from the library: a built-in name or a script file.
    Start(SessionSource),
    /// Show the adjustments page before starting.
    Prepare(SessionSource),
    /// Jump to a fraction (0–1) of the session.
    Seek(f32),
    SetVolume(Bus, f32),
    /// Answer the current rating step.
    Rate(u8),
    /// A number key during a rating step: 0–9, with "1 then 0" giving 10.
    RateKey(u8),
    /// Hide the notice at this place in the list.
    DismissNotice(usize),
    /// The settings page's edited settings.
    ChangeSettings(Box<Settings>),
    /// The setup page's edited adjustments.
    Adjust(Box<Adjustments>),
    /// Start a course (`builtin:NAME` or a path) at its first stage.
    StartCourse(String),
    /// Move to this stage (0-based) of the current course.
    SetStage(usize),
    /// Write a session's note (empty clears it).
    SaveNote(SessionId, String),
    /// Make my own copy of this built-in and open it in the studio.
    CopyBuiltin(&'static str),
    /// Open the studio on a script file.
    OpenStudio(std::path::PathBuf),
    /// Studio: choose this line (0-based).
    SelectLine(usize),
    /// Studio: the script's text as changed in the editor.
    ScriptText(String),
}

impl From<Action> for Command {
    fn from(action: Action) -> Self {
        Command::Action(action)
    }
}

/// A row of the help overlay and the key that triggers it.
#[derive(Debug, Clone, Copy)]
pub struct Binding {
    pub label: &'static str,
    /// What the help overlay prints, e.g. "Space".
    pub keys: &'static str,
    pub shortcut: KeyboardShortcut,
}

const fn key(label: &'static str, keys: &'static str, k: Key) -> Binding {
    Binding { label, keys, shortcut: KeyboardShortcut::new(Modifiers::NONE, k) }
}

const fn ctrl(label: &'static str, keys: &'static str, k: Key) -> Binding {
    Binding { label, keys, shortcut: KeyboardShortcut::new(Modifiers::COMMAND, k) }
}

/// The label of a command with data, for its controls.
pub fn volume_label(bus: Bus) -> &'static str {
    match bus {
        Bus::Voice => "Voice volume",
        Bus::Cues => "Cue volume",
        Bus::Ambient => "Ambient volume",
    }
}

impl Action {
    /// Every action, in help-overlay order. Built from `position`, whose
    /// match the compiler checks is exhaustive, and checked against it at
    /// compile time below: a new action cannot be left out.
    pub const ALL: [Action; Self::COUNT] = {
        let mut all = [Action::TogglePlay; Self::COUNT];
        let mut i = 0;
        while i < Self::COUNT {
            all[i] = Self::at(i);
            i += 1;
        }
        all
    };

    /// How many actions there are: one more than the last position.
    const COUNT: usize = Self::CloseAnyway.position() + 1;

    /// Each action's place in `ALL`. Exhaustive: adding an action means
    /// giving it a place here (the last one sets `COUNT`).
    const fn position(self) -> usize {
        match self {
            Self::TogglePlay => 0,
            Self::PreviousStep => 1,
            Self::NextStep => 2,
            Self::Restart => 3,
            Self::TempoDown => 4,
            Self::TempoUp => 5,
            Self::ToggleMute => 6,
            Self::RateDigit => 7,
            Self::Continue => 8,
            Self::TogglePresenter => 9,
            Self::ToggleHelp => 10,
            Self::Escape => 11,
            Self::ShowSettings => 12,
            Self::OpenJournal => 13,
            Self::OpenScript => 14,
            Self::Reload => 15,
            Self::Begin => 16,
            Self::EndSession => 17,
            Self::ShowLibrary => 18,
            Self::ExportJournal => 19,
            Self::OpenSessionsFolder => 20,
            Self::Dismiss => 21,
            Self::RetrySound => 22,
            Self::SkipRating => 23,
            Self::SaveReport => 24,
            Self::RecordOrStop => 25,
            Self::PlayLine => 26,
            Self::PreviousLine => 27,
            Self::NextLine => 28,
            Self::ImportRecordings => 29,
            Self::ConfirmImport => 30,
            Self::CancelImport => 31,
            Self::CopySession => 32,
            Self::ChooseVoiceFolder => 33,
            Self::HandOver => 34,
            Self::EditScript => 35,
            Self::SaveScript => 36,
            Self::DiscardEdits => 37,
            Self::RecordAgain => 38,
            Self::KeepOpen => 39,
            Self::CloseAnyway => 40,
        }
    }

    /// The action at a place: the inverse of `position`, checked below.
    const fn at(i: usize) -> Action {
        const BY_POSITION: [Action; Action::COUNT] = [
            Action::TogglePlay,
            Action::PreviousStep,
            Action::NextStep,
            Action::Restart,
            Action::TempoDown,
            Action::TempoUp,
            Action::ToggleMute,
            Action::RateDigit,
            Action::Continue,
            Action::TogglePresenter,
            Action::ToggleHelp,
            Action::Escape,
            Action::ShowSettings,
            Action::OpenJournal,
            Action::OpenScript,
            Action::Reload,
            Action::Begin,
            Action::EndSession,
            Action::ShowLibrary,
            Action::ExportJournal,
            Action::OpenSessionsFolder,
            Action::Dismiss,
            Action::RetrySound,
            Action::SkipRating,
            Action::SaveReport,
            Action::RecordOrStop,
            Action::PlayLine,
            Action::PreviousLine,
            Action::NextLine,
            Action::ImportRecordings,
            Action::ConfirmImport,
            Action::CancelImport,
            Action::CopySession,
            Action::ChooseVoiceFolder,
            Action::HandOver,
            Action::EditScript,
            Action::SaveScript,
            Action::DiscardEdits,
            Action::RecordAgain,
            Action::KeepOpen,
            Action::CloseAnyway,
        ];
        BY_POSITION[i]
    }

    /// The action's name, for buttons, tooltips and the help overlay.
    pub fn label(self) -> &'static str {
        match self.binding() {
            Some(b) => b.label,
            None => match self {
                Self::Begin => "Begin",
                Self::EndSession => "End session",
                Self::ShowLibrary => "Library",
                Self::OpenSessionsFolder => "Open sessions folder",
                Self::ExportJournal => "Export CSV…",
                Self::Dismiss => "Dismiss",
                Self::RetrySound => "Try sound again",
                Self::SaveReport => "Report…",
                Self::ImportRecordings => "Import recordings…",
                Self::ConfirmImport => "Import these",
                Self::CancelImport => "Cancel",
                Self::CopySession => "Make my own copy",
                Self::ChooseVoiceFolder => "Choose a voice folder…",
                Self::HandOver => "Hand over as one file…",
                Self::EditScript => "Edit the script…",
                Self::DiscardEdits => "Discard changes",
                Self::RecordAgain => "Try again",
                Self::KeepOpen => "Keep Respite open",
                Self::CloseAnyway => "Close anyway",
                _ => "",
            },
        }
    }

    /// The keyboard shortcut, if the action has one.
    pub fn binding(self) -> Option<Binding> {
        Some(match self {
            Self::TogglePlay => key("Play or pause", "Space", Key::Space),
            Self::PreviousStep => key("Previous step", "Left arrow", Key::ArrowLeft),
            Self::NextStep => key("Next step", "Right arrow", Key::ArrowRight),
            Self::Restart => key("Restart from the beginning", "R", Key::R),
            Self::TempoDown => key("Slower", "−", Key::Minus),
            Self::TempoUp => key("Faster", "+", Key::Plus),
            Self::ToggleMute => key("Mute or unmute", "M", Key::M),
            Self::RateDigit => key("Rate 0 to 10 (1 then 0 gives 10)", "0 – 9", Key::Num0),
            Self::Continue => key("Continue after a rating", "Enter", Key::Enter),
            Self::TogglePresenter => key("Presenter mode (full screen)", "F11", Key::F11),
            Self::ToggleHelp => key("Show or hide this help", "F1 or ?", Key::F1),
            Self::Escape => key("Close help, leave presenter mode", "Esc", Key::Escape),
            Self::ShowSettings => ctrl("Settings", "Ctrl+,", Key::Comma),
            Self::OpenJournal => ctrl("Practice journal", "Ctrl+J", Key::J),
            Self::OpenScript => ctrl("Open a script or package…", "Ctrl+O", Key::O),
            Self::Reload => ctrl("Reload the script from disk", "Ctrl+R", Key::R),
            Self::SkipRating => key("Skip the closing question", "S", Key::S),
            Self::RecordOrStop => key("Studio: record the line, or stop", "R", Key::R),
            Self::PlayLine => key("Studio: play the line, or stop", "P", Key::P),
            Self::PreviousLine => key("Studio: previous line", "Up arrow", Key::ArrowUp),
            Self::NextLine => key("Studio: next line", "Down arrow", Key::ArrowDown),
            Self::SaveScript => ctrl("Studio: save the script", "Ctrl+S", Key::S),
            Self::Begin
            | Self::EndSession
            | Self::ShowLibrary
            | Self::ExportJournal
            | Self::OpenSessionsFolder
            | Self::Dismiss
            | Self::RetrySound
            | Self::SaveReport
            | Self::ImportRecordings
            | Self::ConfirmImport
            | Self::CancelImport
            | Self::CopySession
            | Self::ChooseVoiceFolder
            | Self::HandOver
            | Self::EditScript
            | Self::DiscardEdits
            | Self::RecordAgain
            | Self::KeepOpen
            | Self::CloseAnyway => return None,
        })
    }

    /// Whether the action belongs to the studio page. Its keys work only
    /// there, and there they win over the same key elsewhere (R records
    /// instead of restarting).
    pub fn in_studio(self) -> bool {
        matches!(self, Self::RecordOrStop | Self::PlayLine | Self::PreviousLine | Self::NextLine | Self::SaveScript)
    }

    /// The actions that have a shortcut, in help-overlay order.
    pub fn bound() -> impl Iterator<Item = Action> {
        Self::ALL.into_iter().filter(|a| a.binding().is_some())
    }
}

// `at` and `position` are inverses, so `ALL` holds every action once.
const _: () = {
    let mut i = 0;
    while i < Action::COUNT {
        assert!(Action::at(i).position() == i, "Action::at and Action::position disagree");
        i += 1;
    }
};

impl Command {
    /// Reads this frame's key presses into commands, consuming them. While
    /// a widget has keyboard focus, Space and Enter are left to it, so a
    /// keyboard user can press the focused button. The studio's keys count
    /// only `in_studio`, and there they shadow the same keys elsewhere.
    /// `typing`: a text field has the focus, so a key that types (a
    /// letter, a digit, `?`, `+`…) is left to it; Ctrl shortcuts, Esc and
    /// the function keys still act.
    pub fn from_keys(input: &mut egui::InputState, focused: bool, typing: bool, in_studio: bool) -> Vec<Command> {
        let mut out = Vec::new();
        let studio_keys: Vec<KeyboardShortcut> =
            Action::bound().filter(|a| a.in_studio()).filter_map(|a| a.binding()).map(|b| b.shortcut).collect();
        let wanted = |a: &Action| match (a.in_studio(), in_studio) {
            (true, here) => here,
            (false, false) => true,
            (false, true) => a.binding().is_some_and(|b| !studio_keys.contains(&b.shortcut)),
        };
        // Ctrl shortcuts first, so Ctrl+R is not also taken as R.
        let mut ordered: Vec<Action> = Action::bound().filter(wanted).collect();
        ordered.sort_by_key(|a| a.binding().is_some_and(|b| b.shortcut.modifiers.is_none()));
        for action in ordered {
            let Some(binding) = action.binding() else { continue };
            if typing && types(binding.shortcut) {
                continue;
            }
            if action == Action::RateDigit {
                out.extend(number_keys(input).into_iter().map(Command::RateKey));
                continue;
            }
            if focused && matches!(action, Action::TogglePlay | Action::Continue) {
                continue;
            }
            if input.consume_shortcut(&binding.shortcut) {
                out.push(action.into());
            }
        }
        if typing {
            return out;
        }
        for alias in [Key::Questionmark] {
            if input.consume_key(Modifiers::NONE, alias) {
                out.push(Action::ToggleHelp.into());
            }
        }
        for (alias, action) in [
            (Key::Equals, Action::TempoUp),
            (Key::OpenBracket, Action::TempoDown),
            (Key::CloseBracket, Action::TempoUp),
        ] {
            if input.consume_key(Modifiers::NONE, alias) {
                out.push(action.into());
            }
        }
        out
    }
}

/// Whether a shortcut's key would type into a text field: no Ctrl (or
/// Cmd) and not Esc or a function key.
fn types(shortcut: KeyboardShortcut) -> bool {
    !shortcut.modifiers.command
        && !shortcut.modifiers.ctrl
        && !matches!(shortcut.logical_key, Key::Escape | Key::F1 | Key::F11)
}

fn number_keys(input: &mut egui::InputState) -> Vec<u8> {
    const DIGITS: [Key; 10] =
        [Key::Num0, Key::Num1, Key::Num2, Key::Num3, Key::Num4, Key::Num5, Key::Num6, Key::Num7, Key::Num8, Key::Num9];
    (0u8..).zip(DIGITS).filter(|&(_, k)| input.consume_key(Modifiers::NONE, k)).map(|(n, _)| n).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_bound_action_has_a_label_and_distinct_shortcut() {
        for studio in [false, true] {
            let mut seen = Vec::new();
            for a in Action::bound().filter(|a| a.in_studio() == studio) {
                let b = a.binding().unwrap();
                assert!(!b.label.is_empty() && !b.keys.is_empty(), "{a:?}");
                assert!(!seen.contains(&b.shortcut), "{a:?} reuses {:?}", b.shortcut);
                seen.push(b.shortcut);
            }
        }
        assert_eq!(Action::bound().count(), 22);
    }

    #[test]
    fn r_records_in_the_studio_and_restarts_elsewhere() {
        let press = |in_studio: bool| {
            let mut input = egui::InputState::default();
            input.events.push(egui::Event::Key {
                key: Key::R,
                physical_key: None,
                pressed: true,
                repeat: false,
                modifiers: Modifiers::NONE,
            });
            Command::from_keys(&mut input, false, false, in_studio)
        };
        assert_eq!(press(false), vec![Command::Action(Action::Restart)]);
        assert_eq!(press(true), vec![Command::Action(Action::RecordOrStop)]);
    }

    #[test]
    fn a_text_field_keeps_typing_keys_but_not_ctrl_or_esc() {
        let press = |key: Key, modifiers: Modifiers| {
            let mut input = egui::InputState::default();
            input.events.push(egui::Event::Key { key, physical_key: None, pressed: true, repeat: false, modifiers });
            Command::from_keys(&mut input, true, true, false)
        };
        for key in [Key::R, Key::M, Key::Num7, Key::Plus, Key::Questionmark, Key::Equals, Key::S] {
            assert_eq!(press(key, Modifiers::NONE), vec![], "{key:?} types");
        }
        assert_eq!(press(Key::R, Modifiers::COMMAND), vec![Command::Action(Action::Reload)]);
        assert_eq!(press(Key::Escape, Modifiers::NONE), vec![Command::Action(Action::Escape)]);
        assert_eq!(press(Key::F1, Modifiers::NONE), vec![Command::Action(Action::ToggleHelp)]);
    }

    #[test]
    fn buttons_without_shortcuts_still_have_labels() {
        for a in Action::ALL {
            assert!(!a.label().is_empty(), "{a:?}");
        }
        for bus in [Bus::Voice, Bus::Cues, Bus::Ambient] {
            assert!(!volume_label(bus).is_empty());
        }
    }

    #[test]
    fn all_lists_every_action_once() {
        for (i, a) in Action::ALL.iter().enumerate() {
            assert_eq!(a.position(), i);
        }
    }
}
