//! The desktop app's views, built on egui: library, setup, player (with
//! the breathing orb, PMR body map, captions and ratings), the practice
//! journal, settings and help. Views read state and emit `Command`s; `App` applies them.

mod app;
mod before_after;
mod body_map;
mod breathing;
mod centred;
mod choice;
pub mod commands;
pub mod frame_report;
mod help;
mod icons;
pub mod journal_page;
mod journal_view;
pub mod library;
mod library_view;
mod pacer;
mod page;
pub mod places;
mod player_view;
mod practice;
mod progress;
mod rating;
mod reload;
pub mod session;
pub mod settings;
mod settings_view;
pub mod setup;
pub mod theme;
mod transport;

pub use app::{App, Config, Screen};
