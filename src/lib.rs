//! Respite: a guided-relaxation player. Scripts compile to one timeline that
//! drives both the pacer on screen and the sound.

pub mod app;
pub mod audio;
pub mod course;
pub mod files;
pub mod journal;
pub mod player;
pub mod script;
pub mod time;
pub mod timeline;
pub mod ui;
