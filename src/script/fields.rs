//! Which keys each table of a script may hold, their types, ranges,
//! defaults and a line of help. This one list drives the unknown-key check,
//! "did you mean", the parser's ranges and defaults, and the JSON Schema
//! that editors use: each limit and default is written here only.

use super::model::{SessionKind, StepKind};

/// What a key's value must be.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum FieldType {
    Text,
    Integer {
        min: i64,
        max: i64,
    },
    /// Seconds or minutes, integer or float.
    Number {
        min: f64,
        max: f64,
    },
    /// One of a fixed set of names.
    Choice(&'static [&'static str]),
    /// A path to an audio file, relative to the script.
    AudioPath,
    /// A built-in bed name or an audio path.
    Ambient,
    /// "16", "7", "4", or an array of group names.
    Groups,
    TextList,
    /// A nested table, with its own fields.
    Table(&'static [Field]),
    Steps,
    /// An array of tables (`[[name]]`), each with these fields.
    Tables(&'static [Field]),
}

/// The value an optional key takes when it is left out.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum DefaultValue {
    Number(f64),
    Integer(i64),
    Text(&'static str),
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Field {
    pub name: &'static str,
    pub ty: FieldType,
    pub required: bool,
    pub help: &'static str,
    pub default: Option<DefaultValue>,
}

const fn req(name: &'static str, ty: FieldType, help: &'static str) -> Field {
    Field { name, ty, required: true, help, default: None }
}

const fn opt(name: &'static str, ty: FieldType, help: &'static str) -> Field {
    Field { name, ty, required: false, help, default: None }
}

impl Field {
    /// The same field with a default.
    const fn or(mut self, default: DefaultValue) -> Field {
        self.default = Some(default);
        self
    }

    /// The help line with the default spelt out, for the schema.
    pub fn description(&self) -> String {
        match self.default {
            None => self.help.to_string(),
            Some(DefaultValue::Number(x)) => format!("{} Default {x}.", self.help),
            Some(DefaultValue::Integer(n)) => format!("{} Default {n}.", self.help),
            Some(DefaultValue::Text(t)) => format!("{} Default \"{t}\".", self.help),
        }
    }

    /// The allowed range of a number field.
    pub fn range(&self) -> (f64, f64) {
        match self.ty {
            FieldType::Number { min, max } => (min, max),
            FieldType::Integer { min, max } => (min as f64, max as f64),
            _ => (f64::NEG_INFINITY, f64::INFINITY),
        }
    }

    pub fn default_number(&self) -> Option<f64> {
        match self.default? {
            DefaultValue::Number(x) => Some(x),
            DefaultValue::Integer(n) => Some(n as f64),
            DefaultValue::Text(_) => None,
        }
    }

    pub fn default_text(&self) -> Option<&'static str> {
        match self.default? {
            DefaultValue::Text(t) => Some(t),
            _ => None,
        }
    }
}

pub const SESSION_KINDS: &[&str] = &SessionKind::NAMES;
pub const STEP_KINDS: &[&str] = &StepKind::NAMES;
pub const CUE_SOUNDS: &[&str] = &["glide", "bowl", "chime", "click", "none"];
pub const EFFORTS: &[&str] = &["gentle", "firm"];
pub const SCALES: &[&str] = &["pain", "tension", "stress", "mood", "comfort", "distress"];

/// Longest breathing phase, in seconds.
pub const MAX_PHASE_S: f64 = 60.0;
/// Longest single step (a pause, a narration), in seconds: 12 hours.
pub const MAX_STEP_S: f64 = 12.0 * 3600.0;
/// Longest release (and quiet between PMR groups), in seconds.
pub const MAX_RELEASE_S: f64 = 300.0;
/// Longest breathing step given in minutes: 12 hours.
pub const MAX_MINUTES: f64 = 720.0;
/// Most steps a script may have, and most breaths in one step.
pub const MAX_COUNT: i64 = 10_000;

const VOLUME: FieldType = FieldType::Number { min: 0.0, max: 1.0 };
const PHASE: FieldType = FieldType::Number { min: 0.0, max: MAX_PHASE_S };
const STEP_SECONDS: FieldType = FieldType::Number { min: 0.0, max: MAX_STEP_S };

pub const HEADER: &[Field] = &[
    req("format", FieldType::Integer { min: 1, max: 1 }, "Script format version. Always 1 for now."),
    req("title", FieldType::Text, "Session title, shown in the library and the player."),
    req("kind", FieldType::Choice(SESSION_KINDS), "Library grouping: breathing, pmr, imagery, mindfulness or mixed."),
    req("summary", FieldType::Text, "One or two sentences on what the session is."),
    opt("caution", FieldType::Text, "Shown before the session starts: breath holds, injuries, when to stop."),
    opt("language", FieldType::Text, "Language tag of the text, e.g. \"en\". Default \"en\"."),
    opt("author", FieldType::Text, "Who wrote the script."),
    ENDING,
    opt("sound", FieldType::Table(SOUND), "Session-wide sound defaults."),
    req("step", FieldType::Steps, "The steps, in order: [[step]] tables."),
];

pub const ENDING: Field =
    opt("ending", FieldType::Text, "What the end screen says when the session is over, under \"Session complete\".")
        .or(DefaultValue::Text("Take a moment before you get up. Move slowly."));

pub const SOUND: &[Field] = &[
    opt(
        "ambient",
        FieldType::Ambient,
        "pink-noise, brown-noise, ocean, rain, none, or an audio file beside the script (looped).",
    ),
    AMBIENT_VOLUME,
    VOICE_VOLUME,
    CUE_VOLUME,
    CUE,
    PMR_CUE,
    RELEASE_CUE,
];

pub const AMBIENT_VOLUME: Field =
    opt("ambient_volume", VOLUME, "Ambient bed volume, 0.0–1.0.").or(DefaultValue::Number(0.25));
pub const VOICE_VOLUME: Field =
    opt("voice_volume", VOLUME, "Voice clip volume, 0.0–1.0.").or(DefaultValue::Number(1.0));
pub const CUE_VOLUME: Field = opt("cue_volume", VOLUME, "Cue sound volume, 0.0–1.0.").or(DefaultValue::Number(0.6));
pub const CUE: Field =
    opt("cue", FieldType::Choice(CUE_SOUNDS), "Cue for breathing phases.").or(DefaultValue::Text("glide"));
pub const PMR_CUE: Field =
    opt("pmr_cue", FieldType::Choice(CUE_SOUNDS), "Cue for tensing; glide is for breathing only.")
        .or(DefaultValue::Text("chime"));
pub const RELEASE_CUE: Field = opt(
    "release_cue",
    FieldType::Choice(CUE_SOUNDS),
    "Cue for letting go, unlike the tense cue; glide is for breathing only.",
)
.or(DefaultValue::Text("bowl"));

/// Keys every step may have.
pub const STEP_COMMON: &[Field] = &[
    req("kind", FieldType::Choice(STEP_KINDS), "say, pause, breathe, tense, release, pmr or rate."),
    opt("label", FieldType::Text, "Short name for the progress bar."),
    opt(
        "cue",
        FieldType::Choice(CUE_SOUNDS),
        "Cue sound for this step. On say, pause and rate steps it sounds once at the start.",
    ),
];

pub const SAY: &[Field] = &[
    req("text", FieldType::Text, "What is said; always shown as the caption."),
    opt("voice", FieldType::AudioPath, "A recording of the text, relative to the script (wav, ogg, flac, mp3)."),
    opt("seconds", STEP_SECONDS, "How long the step lasts. Default: a calm reading time for the text."),
];

pub const PAUSE: &[Field] = &[
    req("seconds", STEP_SECONDS, "Length of the quiet."),
    opt("text", FieldType::Text, "A quiet caption shown during the pause."),
];

pub const PACE: &[Field] = &[
    opt("inhale", PHASE, "Seconds breathing in."),
    opt("top_up", PHASE, "Seconds of a short second in-breath (cyclic sighing).").or(DefaultValue::Number(0.0)),
    opt("hold_in", PHASE, "Seconds holding after the in-breath.").or(DefaultValue::Number(0.0)),
    opt("exhale", PHASE, "Seconds breathing out."),
    opt("hold_out", PHASE, "Seconds resting after the out-breath.").or(DefaultValue::Number(0.0)),
];

pub const BREATHE: &[Field] = &[
    req("inhale", PHASE, "Seconds breathing in."),
    opt("top_up", PHASE, "Seconds of a short second in-breath straight after the first (cyclic sighing).")
        .or(DefaultValue::Number(0.0)),
    opt("hold_in", PHASE, "Seconds holding after the in-breath.").or(DefaultValue::Number(0.0)),
    req("exhale", PHASE, "Seconds breathing out."),
    opt("hold_out", PHASE, "Seconds resting after the out-breath.").or(DefaultValue::Number(0.0)),
    CYCLES,
    MINUTES,
    opt("to", FieldType::Table(PACE), "A pace to glide to, gradually, across the step."),
    opt("text", FieldType::Text, "A caption shown throughout the step."),
    INHALE_WORD,
    HOLD_WORD,
    EXHALE_WORD,
];

pub const CYCLES: Field =
    opt("cycles", FieldType::Integer { min: 1, max: MAX_COUNT }, "Number of breaths. Give cycles or minutes.");
pub const MINUTES: Field =
    opt("minutes", FieldType::Number { min: 0.0, max: MAX_MINUTES }, "Length in minutes. Give cycles or minutes.");
pub const INHALE_WORD: Field =
    opt("inhale_word", FieldType::Text, "Word shown on the in-breath.").or(DefaultValue::Text("Breathe in"));
pub const HOLD_WORD: Field = opt("hold_word", FieldType::Text, "Word shown on holds.").or(DefaultValue::Text("Hold"));
pub const EXHALE_WORD: Field =
    opt("exhale_word", FieldType::Text, "Word shown on the out-breath.").or(DefaultValue::Text("Breathe out"));

pub const TENSE_RELEASE: &[Field] = &[
    req("group", FieldType::Choice(&[]), "A muscle group name from the catalogue (see the docs)."),
    req(
        "seconds",
        FieldType::Number { min: 0.0, max: MAX_RELEASE_S },
        "How long the phase lasts: tense at most 60, release at most 300.",
    ),
    opt("text", FieldType::Text, "The instruction. Default: the catalogue's wording."),
];

pub const PMR: &[Field] = &[
    req("groups", FieldType::Groups, "\"16\", \"7\", \"4\", or a list of muscle group names."),
    PMR_TENSE,
    PMR_RELEASE,
    PMR_GAP,
    opt("skip", FieldType::TextList, "Groups or body regions to leave out, e.g. [\"lower back\", \"legs\"]."),
    opt(
        "effort",
        FieldType::Choice(EFFORTS),
        "Wording of the tensing: gentle (about half strength) or firm. Default gentle.",
    ),
    PMR_REPEAT,
];

pub const PMR_TENSE: Field = opt(
    "tense",
    FieldType::Number { min: 0.0, max: MAX_PHASE_S },
    "Seconds of tensing per group; 0 means release-only.",
)
.or(DefaultValue::Number(7.0));
pub const PMR_RELEASE: Field =
    opt("release", FieldType::Number { min: 0.0, max: MAX_RELEASE_S }, "Seconds of releasing per group.")
        .or(DefaultValue::Number(30.0));
pub const PMR_GAP: Field =
    opt("gap", FieldType::Number { min: 0.0, max: MAX_RELEASE_S }, "Seconds of quiet between groups.")
        .or(DefaultValue::Number(5.0));
pub const PMR_REPEAT: Field =
    opt("repeat", FieldType::Integer { min: 1, max: 5 }, "Times each group is done in a row.")
        .or(DefaultValue::Integer(1));

pub const RATE: &[Field] = &[
    req("scale", FieldType::Choice(SCALES), "pain, tension, stress, mood, comfort or distress, each 0–10."),
    opt("question", FieldType::Text, "The question asked. Default depends on the scale."),
    RATE_SECONDS,
];

pub const RATE_SECONDS: Field =
    opt("seconds", STEP_SECONDS, "How long the question stays up.").or(DefaultValue::Number(20.0));

/// The kind-specific keys of a step kind.
pub fn step_fields(kind: StepKind) -> &'static [Field] {
    match kind {
        StepKind::Say => SAY,
        StepKind::Pause => PAUSE,
        StepKind::Breathe => BREATHE,
        StepKind::Tense | StepKind::Release => TENSE_RELEASE,
        StepKind::Pmr => PMR,
        StepKind::Rate => RATE,
    }
}
