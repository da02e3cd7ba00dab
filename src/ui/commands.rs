//! Every user action as one `Command` enum. Each command carries its label
//! and keyboard shortcut; that one table drives the buttons, the shortcuts
//! and the help overlay. Views push commands; the app applies them in one
//! place per frame.

use egui::{Key, KeyboardShortcut, Modifiers};

use crate::audio::Bus;

/// A user action.
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    /// Start a session from the library: a built-in name or a script file.
    Start(SessionSource),
    /// Show the adjustments page before starting.
    Prepare(SessionSource),
    /// Start the session prepared on the setup page.
    Begin,
    TogglePlay,
    PreviousStep,
    NextStep,
    Restart,
    /// Jump to a fraction (0–1) of the session.
    Seek(f32),
    TempoDown,
    TempoUp,
    ToggleMute,
    SetVolume(Bus, f32),
    /// Answer the current rating step.
    Rate(u8),
    /// A number key during a rating step: 0–9, with "1 then 0" giving 10.
    RateKey(u8),
    /// Leave a rating step once it is answered.
    Continue,
    EndSession,
    ShowLibrary,
    ShowSettings,
    /// Show the practice journal.
    OpenJournal,
    /// Save the journal as CSV, to a file the user picks.
    ExportJournal,
    ToggleHelp,
    TogglePresenter,
    /// Esc: close the help, or leave presenter mode.
    Escape,
    OpenScript,
    OpenSessionsFolder,
    /// Reload the open script from disk now.
    Reload,
    /// Try the sound device again now, after it was lost.
    RetrySound,
}

/// Where a session comes from.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum SessionSource {
    Builtin(&'static str),
    File(std::path::PathBuf),
}

impl SessionSource {
    /// The spec `load_any` understands: `builtin:NAME` or a path.
    pub fn spec(&self) -> String {
        match self {
            Self::Builtin(name) => format!("builtin:{name}"),
            Self::File(path) => path.display().to_string(),
        }
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

impl Command {
    /// The command's name, for buttons, tooltips and the help overlay.
    pub fn label(&self) -> &'static str {
        self.binding().map_or_else(|| self.unbound_label(), |b| b.label)
    }

    fn unbound_label(&self) -> &'static str {
        match self {
            Self::Start(_) => "Start",
            Self::Prepare(_) => "Adjust first",
            Self::Begin => "Begin",
            Self::Seek(_) => "Jump to a point in the session",
            Self::SetVolume(Bus::Voice, _) => "Voice volume",
            Self::SetVolume(Bus::Cues, _) => "Cue volume",
            Self::SetVolume(Bus::Ambient, _) => "Ambient volume",
            Self::Rate(_) => "Choose a rating",
            Self::EndSession => "End session",
            Self::ShowLibrary => "Library",
            Self::OpenSessionsFolder => "Open sessions folder",
            Self::ExportJournal => "Export CSV…",
            Self::RetrySound => "Try sound again",
            _ => "",
        }
    }

    /// The keyboard shortcut, if the command has one.
    pub fn binding(&self) -> Option<Binding> {
        Some(match self {
            Self::TogglePlay => key("Play or pause", "Space", Key::Space),
            Self::PreviousStep => key("Previous step", "Left arrow", Key::ArrowLeft),
            Self::NextStep => key("Next step", "Right arrow", Key::ArrowRight),
            Self::Restart => key("Restart from the beginning", "R", Key::R),
            Self::TempoDown => key("Slower", "−", Key::Minus),
            Self::TempoUp => key("Faster", "+", Key::Plus),
            Self::ToggleMute => key("Mute or unmute", "M", Key::M),
            Self::RateKey(_) => key("Rate 0 to 10 (1 then 0 gives 10)", "0 – 9", Key::Num0),
            Self::Continue => key("Continue after a rating", "Enter", Key::Enter),
            Self::TogglePresenter => key("Presenter mode (full screen)", "F11", Key::F11),
            Self::ToggleHelp => key("Show or hide this help", "F1 or ?", Key::F1),
            Self::Escape => key("Close help, leave presenter mode", "Esc", Key::Escape),
            Self::ShowSettings => ctrl("Settings", "Ctrl+,", Key::Comma),
            Self::OpenJournal => ctrl("Practice journal", "Ctrl+J", Key::J),
            Self::OpenScript => ctrl("Open a script file…", "Ctrl+O", Key::O),
            Self::Reload => ctrl("Reload the script from disk", "Ctrl+R", Key::R),
            _ => return None,
        })
    }

    /// The commands that have a shortcut, in help-overlay order.
    pub fn bound() -> [Command; 16] {
        [
            Self::TogglePlay,
            Self::PreviousStep,
            Self::NextStep,
            Self::Restart,
            Self::TempoDown,
            Self::TempoUp,
            Self::ToggleMute,
            Self::RateKey(0),
            Self::Continue,
            Self::TogglePresenter,
            Self::ToggleHelp,
            Self::Escape,
            Self::ShowSettings,
            Self::OpenJournal,
            Self::OpenScript,
            Self::Reload,
        ]
    }

    /// Reads this frame's key presses into commands, consuming them. While
    /// a widget has keyboard focus, Space and Enter are left to it, so a
    /// keyboard user can press the focused button.
    pub fn from_keys(input: &mut egui::InputState, focused: bool) -> Vec<Command> {
        let mut out = Vec::new();
        // Ctrl shortcuts first, so Ctrl+R is not also taken as R.
        let mut ordered = Self::bound().to_vec();
        ordered.sort_by_key(|c| c.binding().is_some_and(|b| b.shortcut.modifiers.is_none()));
        for command in ordered {
            if matches!(command, Self::RateKey(_)) {
                out.extend(number_keys(input).into_iter().map(Self::RateKey));
                continue;
            }
            if focused && matches!(command, Self::TogglePlay | Self::Continue) {
                continue;
            }
            let Some(binding) = command.binding() else { continue };
            if input.consume_shortcut(&binding.shortcut) {
                out.push(command);
            }
        }
        for alias in [Key::Questionmark] {
            if input.consume_key(Modifiers::NONE, alias) {
                out.push(Self::ToggleHelp);
            }
        }
        for (alias, command) in
            [(Key::Equals, Self::TempoUp), (Key::OpenBracket, Self::TempoDown), (Key::CloseBracket, Self::TempoUp)]
        {
            if input.consume_key(Modifiers::NONE, alias) {
                out.push(command);
            }
        }
        out
    }
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
    fn every_bound_command_has_a_label_and_distinct_shortcut() {
        let mut seen = Vec::new();
        for c in Command::bound() {
            let b = c.binding().unwrap();
            assert!(!b.label.is_empty() && !b.keys.is_empty(), "{c:?}");
            assert!(!seen.contains(&b.shortcut), "{c:?} reuses {:?}", b.shortcut);
            seen.push(b.shortcut);
        }
    }

    #[test]
    fn buttons_without_shortcuts_still_have_labels() {
        let unbound = [
            Command::Start(SessionSource::Builtin("x")),
            Command::Prepare(SessionSource::Builtin("x")),
            Command::Begin,
            Command::Seek(0.5),
            Command::SetVolume(Bus::Voice, 1.0),
            Command::Rate(3),
            Command::EndSession,
            Command::ShowLibrary,
            Command::OpenSessionsFolder,
            Command::ExportJournal,
        ];
        for c in unbound {
            assert!(!c.label().is_empty(), "{c:?}");
        }
    }
}
