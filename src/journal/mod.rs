//! The practice journal: sessions practised and the 0–10 ratings given in
//! them, kept in SQLite in the platform data folder and exported as CSV.
//! Every answer is written the moment it is given; a damaged journal file is
//! set aside (never deleted) and a fresh one started.

mod csv;
mod store;
mod time;

pub use csv::export_csv;
pub use store::{Entry, Journal, JournalError, Opened, Rating, SessionId};
pub use time::Timestamp;
