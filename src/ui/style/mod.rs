//! How the app looks: the colour themes and the design tokens (type sizes
//! and spacing), each named once.

pub mod theme;
pub mod tokens;

pub use theme::{Look, Palette};
