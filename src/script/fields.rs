//! Which keys each table of a script may hold, their types and a line of
//! help. This one list drives the unknown-key check, "did you mean", and
//! the JSON Schema that editors use.

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

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Field {
    pub name: &'static str,
    pub ty: FieldType,
    pub required: bool,
    pub help: &'static str,
}

const fn req(name: &'static str, ty: FieldType, help: &'static str) -> Field {
    Field { name, ty, required: true, help }
}

const fn opt(name: &'static str, ty: FieldType, help: &'static str) -> Field {
    Field { name, ty, required: false, help }
}

pub const SESSION_KINDS: &[&str] = &["breathing", "pmr", "imagery", "mixed"];
pub const STEP_KINDS: &[&str] = &["say", "pause", "breathe", "tense", "release", "pmr", "rate"];
pub const CUE_SOUNDS: &[&str] = &["glide", "bowl", "chime", "click", "none"];
pub const EFFORTS: &[&str] = &["gentle", "firm"];
pub const SCALES: &[&str] = &["pain", "tension", "stress", "mood", "comfort"];

/// Longest breathing phase, in seconds.
pub const MAX_PHASE_S: f64 = 60.0;
/// Longest single step (a pause, a narration), in seconds: 12 hours.
pub const MAX_STEP_S: f64 = 12.0 * 3600.0;

const VOLUME: FieldType = FieldType::Number { min: 0.0, max: 1.0 };
const PHASE: FieldType = FieldType::Number { min: 0.0, max: MAX_PHASE_S };
const STEP_SECONDS: FieldType = FieldType::Number { min: 0.0, max: MAX_STEP_S };

pub const HEADER: &[Field] = &[
    req("format", FieldType::Integer { min: 1, max: 1 }, "Script format version. Always 1 for now."),
    req("title", FieldType::Text, "Session title, shown in the library and the player."),
    req("kind", FieldType::Choice(SESSION_KINDS), "Library grouping: breathing, pmr, imagery or mixed."),
    req("summary", FieldType::Text, "One or two sentences on what the session is."),
    opt("caution", FieldType::Text, "Shown before the session starts: breath holds, injuries, when to stop."),
    opt("language", FieldType::Text, "Language tag of the text, e.g. \"en\". Default \"en\"."),
    opt("author", FieldType::Text, "Who wrote the script."),
    opt("sound", FieldType::Table(SOUND), "Session-wide sound defaults."),
    req("step", FieldType::Steps, "The steps, in order: [[step]] tables."),
];

pub const SOUND: &[Field] = &[
    opt(
        "ambient",
        FieldType::Ambient,
        "pink-noise, brown-noise, ocean, rain, none, or an audio file beside the script (looped).",
    ),
    opt("ambient_volume", VOLUME, "Ambient bed volume, 0.0–1.0. Default 0.25."),
    opt("voice_volume", VOLUME, "Voice clip volume, 0.0–1.0. Default 1.0."),
    opt("cue_volume", VOLUME, "Cue sound volume, 0.0–1.0. Default 0.6."),
    opt("cue", FieldType::Choice(CUE_SOUNDS), "Cue for breathing phases. Default glide."),
    opt(
        "pmr_cue",
        FieldType::Choice(CUE_SOUNDS),
        "Cue for tense and release. Default chime. Glide is for breathing only.",
    ),
];

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
    opt("top_up", PHASE, "Seconds of a short second in-breath (cyclic sighing). Default 0."),
    opt("hold_in", PHASE, "Seconds holding after the in-breath. Default 0."),
    opt("exhale", PHASE, "Seconds breathing out."),
    opt("hold_out", PHASE, "Seconds resting after the out-breath. Default 0."),
];

pub const BREATHE: &[Field] = &[
    req("inhale", PHASE, "Seconds breathing in."),
    opt("top_up", PHASE, "Seconds of a short second in-breath straight after the first (cyclic sighing). Default 0."),
    opt("hold_in", PHASE, "Seconds holding after the in-breath. Default 0."),
    req("exhale", PHASE, "Seconds breathing out."),
    opt("hold_out", PHASE, "Seconds resting after the out-breath. Default 0."),
    opt("cycles", FieldType::Integer { min: 1, max: 10_000 }, "Number of breaths. Give cycles or minutes."),
    opt("minutes", FieldType::Number { min: 0.0, max: 720.0 }, "Length in minutes. Give cycles or minutes."),
    opt("to", FieldType::Table(PACE), "A pace to glide to, gradually, across the step."),
    opt("text", FieldType::Text, "A caption shown throughout the step."),
    opt("inhale_word", FieldType::Text, "Word shown on the in-breath. Default \"Breathe in\"."),
    opt("hold_word", FieldType::Text, "Word shown on holds. Default \"Hold\"."),
    opt("exhale_word", FieldType::Text, "Word shown on the out-breath. Default \"Breathe out\"."),
];

pub const TENSE_RELEASE: &[Field] = &[
    req("group", FieldType::Choice(&[]), "A muscle group name from the catalogue (see the docs)."),
    req(
        "seconds",
        FieldType::Number { min: 0.0, max: 300.0 },
        "How long the phase lasts: tense at most 60, release at most 300.",
    ),
    opt("text", FieldType::Text, "The instruction. Default: the catalogue's wording."),
];

pub const PMR: &[Field] = &[
    req("groups", FieldType::Groups, "\"16\", \"7\", \"4\", or a list of muscle group names."),
    opt(
        "tense",
        FieldType::Number { min: 0.0, max: MAX_PHASE_S },
        "Seconds of tensing per group. Default 7. 0 means release-only.",
    ),
    opt("release", FieldType::Number { min: 0.0, max: 300.0 }, "Seconds of releasing per group. Default 30."),
    opt("gap", FieldType::Number { min: 0.0, max: 300.0 }, "Seconds of quiet between groups. Default 5."),
    opt("skip", FieldType::TextList, "Groups or body regions to leave out, e.g. [\"lower back\", \"legs\"]."),
    opt(
        "effort",
        FieldType::Choice(EFFORTS),
        "Wording of the tensing: gentle (about half strength) or firm. Default gentle.",
    ),
    opt("repeat", FieldType::Integer { min: 1, max: 5 }, "Times each group is done in a row. Default 1."),
];

pub const RATE: &[Field] = &[
    req("scale", FieldType::Choice(SCALES), "pain, tension, stress, mood or comfort, each 0–10."),
    opt("question", FieldType::Text, "The question asked. Default depends on the scale."),
    opt("seconds", STEP_SECONDS, "How long the question stays up. Default 20."),
];

/// The kind-specific keys of a step kind.
pub fn step_fields(kind: &str) -> Option<&'static [Field]> {
    Some(match kind {
        "say" => SAY,
        "pause" => PAUSE,
        "breathe" => BREATHE,
        "tense" | "release" => TENSE_RELEASE,
        "pmr" => PMR,
        "rate" => RATE,
        _ => return None,
    })
}
