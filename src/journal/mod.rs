//! The practice journal: sessions practised and the 0–10 ratings given in
//! them, kept in SQLite in the platform data folder, exported as CSV and imported
//! back from it.
//! Every answer is written the moment it is given; a damaged journal file is
//! set aside (never deleted) and a fresh one started.

mod course;
mod csv;
pub mod figures;
mod import;
mod store;
mod time;

pub use course::CourseStep;
pub use csv::export_csv;
pub use import::ImportSummary;
pub use store::{Entry, Journal, JournalError, Opened, Rating, SessionId};
pub use time::Timestamp;
