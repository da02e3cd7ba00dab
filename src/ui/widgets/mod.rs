//! The pieces the pages are built from: the pacer (breathing orb, PMR body
//! map, rating buttons), the progress bar and transport, icons, choice
//! rows, and the page column.

pub mod before_after;
pub mod body_map;
pub mod centred;
pub mod choice;
pub mod icons;
pub mod orb;
pub mod pacer;
pub mod page;
pub mod progress;
pub mod rating;
pub mod transport;
