//! The desktop app, built on egui and grouped by feature: `pages` (library,
//! setup, player, journal, settings, help), the `widgets` they are built
//! from (the breathing orb, the PMR body map, ratings, progress, transport,
//! icons…), and `style` (themes and the design tokens). Views read state
//! and emit `Command`s; `App` applies them. The services below the UI
//! (settings, library, journal, the open session) are in `crate::app`.

mod app;
pub mod commands;
pub mod frame_report;
pub mod pages;
pub mod style;
mod sync_probe;
mod widgets;

pub use app::{App, Config, Screen};
