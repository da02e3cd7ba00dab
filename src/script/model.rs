//! The validated, typed form of a session script. Everything here has been
//! checked by the loader: durations are finite and in range, names are known,
//! and audio paths stay inside the script's folder.

use std::path::PathBuf;

use super::fields::{self, Field};
use super::muscles::GroupId;
use crate::time::Micros;

/// A whole session script, ready to compile into a timeline.
#[derive(Debug, Clone, PartialEq)]
pub struct Script {
    pub title: String,
    pub kind: SessionKind,
    pub summary: String,
    pub caution: Option<String>,
    pub language: String,
    pub author: Option<String>,
    /// What the end screen says under "Session complete".
    pub ending: String,
    pub sound: SoundSettings,
    pub steps: Vec<Step>,
    /// Folder that relative audio paths resolve against; `None` for built-ins.
    pub base_dir: Option<PathBuf>,
}

/// Library grouping of a session.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SessionKind {
    Breathing,
    Pmr,
    Imagery,
    Mindfulness,
    Mixed,
}

impl SessionKind {
    pub const ALL: [SessionKind; 5] = [Self::Breathing, Self::Pmr, Self::Imagery, Self::Mindfulness, Self::Mixed];

    /// The names, as scripts write them (built from `name`, so never out of step).
    pub const NAMES: [&'static str; 5] = {
        let mut names = [""; 5];
        let mut i = 0;
        while i < names.len() {
            names[i] = Self::ALL[i].name();
            i += 1;
        }
        names
    };

    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.name() == name)
    }

    pub const fn name(self) -> &'static str {
        match self {
            Self::Breathing => "breathing",
            Self::Pmr => "pmr",
            Self::Imagery => "imagery",
            Self::Mindfulness => "mindfulness",
            Self::Mixed => "mixed",
        }
    }

    /// A heading for people, e.g. in the library view.
    pub fn heading(self) -> &'static str {
        match self {
            Self::Breathing => "Breathing",
            Self::Pmr => "Muscle relaxation",
            Self::Imagery => "Guided imagery",
            Self::Mindfulness => "Mindfulness and grounding",
            Self::Mixed => "Mixed sessions",
        }
    }
}

/// Session-wide sound defaults from the `[sound]` table.
#[derive(Debug, Clone, PartialEq)]
pub struct SoundSettings {
    pub ambient: Ambient,
    /// Linear gains, 0.0–1.0.
    pub ambient_volume: f32,
    pub voice_volume: f32,
    pub cue_volume: f32,
    /// Cue for breathing phases.
    pub cue: CueSound,
    /// Cue for tense phases (and for release too when set on a step).
    pub pmr_cue: CueSound,
    /// Cue for release phases: a different sound from the tense cue, so a
    /// listener with closed eyes can tell "tense" from "let go".
    pub release_cue: CueSound,
}

impl Default for SoundSettings {
    /// The defaults written in `fields` (and so in the schema and the docs).
    fn default() -> Self {
        let volume = |f: &Field| f.default_number().unwrap_or(1.0) as f32;
        let cue = |f: &Field, fallback| f.default_text().and_then(CueSound::from_name).unwrap_or(fallback);
        Self {
            ambient: Ambient::None,
            ambient_volume: volume(&fields::AMBIENT_VOLUME),
            voice_volume: volume(&fields::VOICE_VOLUME),
            cue_volume: volume(&fields::CUE_VOLUME),
            cue: cue(&fields::CUE, CueSound::Glide),
            pmr_cue: cue(&fields::PMR_CUE, CueSound::Chime),
            release_cue: cue(&fields::RELEASE_CUE, CueSound::Bowl),
        }
    }
}

/// The ambient bed under a session.
#[derive(Debug, Clone, PartialEq)]
pub enum Ambient {
    None,
    Bed(Bed),
    /// An audio file, relative to the script's folder, looped.
    File(PathBuf),
}

/// Synthesized ambient beds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Bed {
    PinkNoise,
    BrownNoise,
    Ocean,
    Rain,
}

impl Bed {
    pub const ALL: [Bed; 4] = [Self::PinkNoise, Self::BrownNoise, Self::Ocean, Self::Rain];

    pub fn name(self) -> &'static str {
        match self {
            Self::PinkNoise => "pink-noise",
            Self::BrownNoise => "brown-noise",
            Self::Ocean => "ocean",
            Self::Rain => "rain",
        }
    }

    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|b| b.name() == name)
    }
}

/// Synthesized cue sounds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CueSound {
    /// A soft tone that rises across an inhale and falls across an exhale.
    Glide,
    Bowl,
    Chime,
    Click,
    None,
}

impl CueSound {
    pub const ALL: [CueSound; 5] = [Self::Glide, Self::Bowl, Self::Chime, Self::Click, Self::None];

    pub fn name(self) -> &'static str {
        match self {
            Self::Glide => "glide",
            Self::Bowl => "bowl",
            Self::Chime => "chime",
            Self::Click => "click",
            Self::None => "none",
        }
    }

    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.name() == name)
    }
}

/// One `[[step]]` of a script.
#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    /// 1-based line of the `[[step]]` header, for messages.
    pub line: usize,
    /// Optional short name shown on the progress bar.
    pub label: Option<String>,
    /// Overrides the session's cue sound for this step. For `say`, `pause`
    /// and `rate` steps, a cue here sounds once at the step's start.
    pub cue: Option<CueSound>,
    pub body: StepBody,
}

#[derive(Debug, Clone, PartialEq)]
pub enum StepBody {
    Say {
        text: String,
        /// Relative to the script's folder.
        voice: Option<PathBuf>,
        duration: Micros,
    },
    Pause {
        duration: Micros,
        /// A quiet caption shown during the pause.
        text: Option<String>,
    },
    Breathe(Breathe),
    Tense {
        group: GroupId,
        duration: Micros,
        text: String,
    },
    Release {
        group: GroupId,
        duration: Micros,
        text: String,
    },
    Pmr(Pmr),
    Rate {
        scale: RateScale,
        question: String,
        duration: Micros,
    },
}

/// The kinds of step, as `kind = "…"` names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StepKind {
    Say,
    Pause,
    Breathe,
    Tense,
    Release,
    Pmr,
    Rate,
}

impl StepKind {
    /// Every kind, in the order the docs and the schema list them.
    pub const ALL: [StepKind; 7] =
        [Self::Say, Self::Pause, Self::Breathe, Self::Tense, Self::Release, Self::Pmr, Self::Rate];

    /// The names, as scripts write them (built from `name`, so never out of step).
    pub const NAMES: [&'static str; 7] = {
        let mut names = [""; 7];
        let mut i = 0;
        while i < names.len() {
            names[i] = Self::ALL[i].name();
            i += 1;
        }
        names
    };

    pub const fn name(self) -> &'static str {
        match self {
            Self::Say => "say",
            Self::Pause => "pause",
            Self::Breathe => "breathe",
            Self::Tense => "tense",
            Self::Release => "release",
            Self::Pmr => "pmr",
            Self::Rate => "rate",
        }
    }

    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.name() == name)
    }
}

impl StepBody {
    pub fn kind(&self) -> StepKind {
        match self {
            Self::Say { .. } => StepKind::Say,
            Self::Pause { .. } => StepKind::Pause,
            Self::Breathe(_) => StepKind::Breathe,
            Self::Tense { .. } => StepKind::Tense,
            Self::Release { .. } => StepKind::Release,
            Self::Pmr(_) => StepKind::Pmr,
            Self::Rate { .. } => StepKind::Rate,
        }
    }
}

/// Phase lengths of one breath.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Pace {
    pub inhale: Micros,
    /// A short second in-breath straight after the first (cyclic sighing).
    pub top_up: Micros,
    pub hold_in: Micros,
    pub exhale: Micros,
    pub hold_out: Micros,
}

impl Pace {
    pub fn cycle(&self) -> Micros {
        self.inhale + self.top_up + self.hold_in + self.exhale + self.hold_out
    }
}

/// How long a breathing step lasts.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum BreathAmount {
    Cycles(u32),
    Duration(Micros),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Breathe {
    pub pace: Pace,
    /// Glide gradually from `pace` to this pace across the step.
    pub to: Option<Pace>,
    pub amount: BreathAmount,
    /// Caption shown throughout, e.g. "Breathe gently through your nose."
    pub text: Option<String>,
    pub inhale_word: String,
    pub hold_word: String,
    pub exhale_word: String,
}

/// How hard to tense: changes the wording only.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effort {
    Gentle,
    Firm,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Pmr {
    /// Muscle-group names from the catalogue, in order.
    pub groups: Vec<GroupId>,
    /// Zero means release-only: no tensing.
    pub tense: Micros,
    pub release: Micros,
    /// Quiet between groups.
    pub gap: Micros,
    /// Words naming groups or body regions to leave out.
    pub skip: Vec<String>,
    pub effort: Effort,
    /// How many times each group is done in a row.
    pub repeat: u32,
}

/// What a rating step asks about; all are 0–10.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RateScale {
    Pain,
    Tension,
    Stress,
    Mood,
    Comfort,
    Distress,
}

impl RateScale {
    pub const ALL: [RateScale; 6] =
        [Self::Pain, Self::Tension, Self::Stress, Self::Mood, Self::Comfort, Self::Distress];

    pub fn name(self) -> &'static str {
        match self {
            Self::Pain => "pain",
            Self::Tension => "tension",
            Self::Stress => "stress",
            Self::Mood => "mood",
            Self::Comfort => "comfort",
            Self::Distress => "distress",
        }
    }

    /// The name as a heading or at the start of a sentence: "Pain".
    pub fn title(self) -> &'static str {
        match self {
            Self::Pain => "Pain",
            Self::Tension => "Tension",
            Self::Stress => "Stress",
            Self::Mood => "Mood",
            Self::Comfort => "Comfort",
            Self::Distress => "Distress",
        }
    }

    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.name() == name)
    }

    /// The question asked when the script gives none.
    pub fn default_question(self) -> &'static str {
        match self {
            Self::Pain => "How strong is your pain right now?",
            Self::Tension => "How tense does your body feel right now?",
            Self::Stress => "How stressed do you feel right now?",
            Self::Mood => "How is your mood right now?",
            Self::Comfort => "How comfortable was that pace?",
            Self::Distress => "How much distress do you feel right now?",
        }
    }

    /// Words for the two ends of the 0–10 scale.
    pub fn anchors(self) -> (&'static str, &'static str) {
        match self {
            Self::Pain => ("no pain", "worst pain imaginable"),
            Self::Tension => ("fully relaxed", "extremely tense"),
            Self::Stress => ("calm", "extremely stressed"),
            Self::Mood => ("very low", "very good"),
            Self::Comfort => ("uncomfortable", "very comfortable"),
            Self::Distress => ("no distress", "the most distress imaginable"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_scale_title_is_its_name_capitalised() {
        for scale in RateScale::ALL {
            let (first, rest) = scale.name().split_at(1);
            assert_eq!(scale.title(), format!("{}{rest}", first.to_uppercase()), "{scale:?}");
        }
    }
}
