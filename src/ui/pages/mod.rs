//! The app's screens, one module each: what fills the window on that page.

pub mod closing;
pub mod help;
pub mod journal;
pub mod library;
pub mod player;
pub mod settings;
pub mod setup;
pub mod studio;
pub mod today;
