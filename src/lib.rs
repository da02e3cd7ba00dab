//! Respite: a guided-relaxation player. Scripts compile to one timeline that
//! drives both the pacer on screen and the sound.

pub mod audio;
pub mod journal;
pub mod narration;
pub mod player;
pub mod script;
pub mod timeline;
pub mod ui;
