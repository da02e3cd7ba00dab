//! The user's persisted preferences: theme, reduced motion, text size,
//! audio latency offset, default volumes and recent sessions. Stored as
//! TOML in the platform config folder; a damaged file is kept aside as a
//! backup and the defaults are used, never a crash or a silent loss.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use super::notice::Notice;
use crate::files::write_bytes_atomic;

/// How many recent sessions the library remembers.
pub const MAX_RECENT: usize = 8;

/// Allowed audio latency offsets, in milliseconds.
pub const LATENCY_RANGE: std::ops::RangeInclusive<i32> = -300..=300;

/// The user's choice of colours; `ui::style` holds each one's palette.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Theme {
    #[default]
    Light,
    Dark,
    HighContrast,
}

impl Theme {
    pub const ALL: [Theme; 3] = [Self::Light, Self::Dark, Self::HighContrast];

    pub fn label(self) -> &'static str {
        match self {
            Self::Light => "Light",
            Self::Dark => "Dark",
            Self::HighContrast => "High contrast",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum TextSize {
    #[default]
    Normal,
    Large,
    Larger,
}

impl TextSize {
    pub const ALL: [TextSize; 3] = [Self::Normal, Self::Large, Self::Larger];

    pub fn label(self) -> &'static str {
        match self {
            Self::Normal => "Normal",
            Self::Large => "Large",
            Self::Larger => "Larger",
        }
    }

    pub fn scale(self) -> f32 {
        match self {
            Self::Normal => 1.0,
            Self::Large => 1.2,
            Self::Larger => 1.45,
        }
    }
}

/// Linear gains, 0.0–1.0, applied on top of each script's own mix.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct DefaultVolumes {
    pub voice: f32,
    pub cues: f32,
    pub ambient: f32,
}

impl Default for DefaultVolumes {
    fn default() -> Self {
        Self { voice: 1.0, cues: 0.8, ambient: 0.7 }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    pub theme: Theme,
    /// The pacer becomes a filling bar and a number, with no scaling motion.
    pub reduced_motion: bool,
    pub text_size: TextSize,
    /// Added to the audio playhead: positive if the picture runs early.
    pub latency_offset_ms: i32,
    pub volumes: DefaultVolumes,
    /// Sessions are spoken by the built-in voice; off leaves captions only.
    pub narration: bool,
    /// A folder of recordings (a clinic's or a therapist's, in the layout
    /// of `assets/narration/`) that speaks instead of the built-in voice;
    /// lines it lacks fall back to the built-in voice.
    pub voice_dir: Option<PathBuf>,
    /// The microphone the studio records from, by its name; none is the
    /// system's default input.
    pub microphone: Option<String>,
    /// Sessions played, most recent first: `builtin:NAME` or a file path.
    pub recent: Vec<String>,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            theme: Theme::Light,
            reduced_motion: false,
            text_size: TextSize::Normal,
            latency_offset_ms: 0,
            volumes: DefaultVolumes::default(),
            narration: true,
            voice_dir: None,
            microphone: None,
            recent: Vec::new(),
        }
    }
}

impl Settings {
    /// Pulls every value into its allowed range.
    fn sanitized(mut self) -> Self {
        self.latency_offset_ms = self.latency_offset_ms.clamp(*LATENCY_RANGE.start(), *LATENCY_RANGE.end());
        for v in [&mut self.volumes.voice, &mut self.volumes.cues, &mut self.volumes.ambient] {
            *v = if v.is_finite() { v.clamp(0.0, 1.0) } else { 1.0 };
        }
        self.recent.truncate(MAX_RECENT);
        self
    }

    /// Puts a session (`builtin:NAME` or a path) at the top of the recent list.
    pub fn remember(&mut self, spec: &str) {
        self.recent.retain(|p| p != spec);
        self.recent.insert(0, spec.to_string());
        self.recent.truncate(MAX_RECENT);
    }
}

/// Where the settings live, and what happened when they were read.
#[derive(Debug, Clone)]
pub struct SettingsFile {
    pub path: PathBuf,
}

/// The result of reading the settings file.
#[derive(Debug, Clone, PartialEq)]
pub struct LoadedSettings {
    pub settings: Settings,
    /// Something the user should know, e.g. that a damaged file was set aside.
    pub notice: Option<Notice>,
}

impl SettingsFile {
    pub fn new(path: PathBuf) -> Self {
        Self { path }
    }

    /// Reads the settings. A missing file gives the defaults; a damaged
    /// one is renamed to `*.damaged` and also gives the defaults.
    pub fn load(&self) -> LoadedSettings {
        let text = match std::fs::read_to_string(&self.path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return LoadedSettings { settings: Settings::default(), notice: None };
            }
            Err(e) => return self.set_aside(&e.to_string()),
        };
        match toml::from_str::<Settings>(&text) {
            Ok(s) => LoadedSettings { settings: s.sanitized(), notice: None },
            Err(e) => self.set_aside(e.message()),
        }
    }

    fn set_aside(&self, reason: &str) -> LoadedSettings {
        let backup = self.backup_path();
        let kept = match std::fs::rename(&self.path, &backup) {
            Ok(()) => format!("it was kept as {}", backup.display()),
            Err(e) => format!("it could not be kept aside ({e}), so it was left in place"),
        };
        LoadedSettings {
            settings: Settings::default(),
            notice: Some(Notice::warning(format!(
                "Your settings could not be read ({reason}); {kept}. Using the defaults."
            ))),
        }
    }

    /// `settings.toml.damaged`, or `.damaged-2`, … if that exists already.
    fn backup_path(&self) -> PathBuf {
        let base = self.path.as_os_str().to_owned();
        (1..)
            .map(|n| {
                let mut p = base.clone();
                p.push(if n == 1 { ".damaged".to_string() } else { format!(".damaged-{n}") });
                PathBuf::from(p)
            })
            .find(|p| !p.exists())
            .unwrap_or_else(|| self.path.with_extension("damaged"))
    }

    /// Writes the settings atomically, so a crash mid-write never leaves
    /// a half-written file behind.
    pub fn save(&self, settings: &Settings) -> std::io::Result<()> {
        if let Some(dir) = self.path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let text = toml::to_string_pretty(settings).map_err(std::io::Error::other)?;
        write_bytes_atomic(&self.path, text.as_bytes())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_through_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let file = SettingsFile::new(dir.path().join("settings.toml"));
        assert_eq!(file.load().settings, Settings::default());
        let mut s = Settings {
            theme: Theme::HighContrast,
            reduced_motion: true,
            latency_offset_ms: -40,
            ..Settings::default()
        };
        s.remember("/tmp/a.toml");
        file.save(&s).unwrap();
        assert_eq!(file.load(), LoadedSettings { settings: s, notice: None });
    }

    #[test]
    fn a_damaged_file_is_kept_aside_and_defaults_are_used() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("settings.toml");
        std::fs::write(&path, "theme = [unclosed").unwrap();
        let loaded = SettingsFile::new(path.clone()).load();
        assert_eq!(loaded.settings, Settings::default());
        assert!(loaded.notice.unwrap().text.contains("settings.toml.damaged"));
        assert_eq!(std::fs::read_to_string(dir.path().join("settings.toml.damaged")).unwrap(), "theme = [unclosed");
        assert!(!path.exists());
        // A second damaged file does not overwrite the first backup.
        std::fs::write(&path, "theme = 7").unwrap();
        SettingsFile::new(path).load();
        assert!(dir.path().join("settings.toml.damaged-2").exists());
    }

    #[test]
    fn out_of_range_values_are_pulled_in_and_unknown_keys_ignored() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("settings.toml");
        std::fs::write(&path, "latency_offset_ms = 9000\nfuture_option = 1\n[volumes]\nvoice = 3.0\n").unwrap();
        let s = SettingsFile::new(path).load().settings;
        assert_eq!(s.latency_offset_ms, 300);
        assert_eq!(s.volumes.voice, 1.0);
        assert_eq!(s.volumes.cues, DefaultVolumes::default().cues);
    }

    #[test]
    fn recent_list_is_deduplicated_and_bounded() {
        let mut s = Settings::default();
        for i in 0..12 {
            s.remember(&format!("/s/{i}.toml"));
        }
        s.remember("builtin:safe-place");
        assert_eq!(s.recent.len(), MAX_RECENT);
        assert_eq!(s.recent[0], "builtin:safe-place");
        s.remember("/s/11.toml");
        assert_eq!(s.recent[..2], ["/s/11.toml", "builtin:safe-place"]);
        assert_eq!(s.recent.iter().filter(|p| p.ends_with("11.toml")).count(), 1);
    }
}
