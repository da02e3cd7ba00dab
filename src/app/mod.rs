//! The app's services, below both front ends (the window in `ui` and the
//! commands in `cli`): where files live, the settings file, the session
//! library, the open session with its ratings, the practice journal as the
//! app uses it, and the file watcher. Nothing here draws.

pub mod filter;
pub mod library;
pub mod notice;
pub mod places;
pub mod practice;
pub mod reminder;
pub mod report;
pub mod session;
pub mod settings;
pub mod source;
pub mod studio;
pub mod voice;
pub mod watcher;

pub use notice::{Notice, Severity};
pub use places::Places;
pub use source::SessionSource;
