//! Which keys each table of a course file may hold, in the same form as
//! the script format's table: it drives the unknown-key check and "did you
//! mean", and documents every key.

use crate::script::fields::{Field, FieldType};

const fn req(name: &'static str, ty: FieldType, help: &'static str) -> Field {
    Field { name, ty, required: true, help, default: None }
}

const fn opt(name: &'static str, ty: FieldType, help: &'static str) -> Field {
    Field { name, ty, required: false, help, default: None }
}

/// Most stages a course may have.
pub const MAX_STAGES: usize = 50;

pub const HEADER: &[Field] = &[
    req("format", FieldType::Integer { min: 1, max: 1 }, "Course format version. Always 1 for now."),
    req("title", FieldType::Text, "The course's name, shown on the first screen."),
    req("summary", FieldType::Text, "One or two sentences on what the course is."),
    opt("author", FieldType::Text, "Who wrote the course."),
    opt(
        "rescue",
        FieldType::TextList,
        "Short sessions for a hard moment, offered on the first screen. Default: the built-in rescue sessions.",
    ),
    req("stage", FieldType::Tables(STAGE), "The stages, in order: [[stage]] tables."),
];

pub const STAGE: &[Field] = &[
    req("title", FieldType::Text, "The stage's name, e.g. \"Release-only relaxation\"."),
    req("about", FieldType::Text, "What the stage is for and how to practise it."),
    req("session", FieldType::Text, "The session to practise: builtin:NAME, or a script's path beside the course."),
    opt("also", FieldType::TextList, "Other sessions that count as practice for this stage."),
    opt("per_day", FieldType::Integer { min: 1, max: 20 }, "How many times a day to practise. Default 1."),
    req("move_on", FieldType::Table(MOVE_ON), "When to suggest the next stage: [stage.move_on]."),
];

pub const MOVE_ON: &[Field] = &[
    req(
        "days",
        FieldType::Integer { min: 1, max: 365 },
        "Days with practice at this stage before the next is suggested.",
    ),
    opt(
        "scale",
        FieldType::Choice(crate::script::fields::SCALES),
        "A rating after practice that shows the stage comes easily: pain, tension, stress, mood or comfort.",
    ),
    opt(
        "at_most",
        FieldType::Integer { min: 0, max: 10 },
        "The rating after practice is at most this (pain, tension, stress).",
    ),
    opt(
        "at_least",
        FieldType::Integer { min: 0, max: 10 },
        "The rating after practice is at least this (mood, comfort).",
    ),
    opt(
        "sessions",
        FieldType::Integer { min: 1, max: 20 },
        "How many of the latest sessions must meet the rating. Default 3.",
    ),
];
