//! Respite: a guided-relaxation player. Scripts compile to one timeline that
//! drives both the pacer on screen and the sound.

pub mod audio;
pub mod course;
pub mod journal;
pub mod player;
pub mod reminder;
pub mod report;
pub mod script;
pub mod timeline;
pub mod ui;
