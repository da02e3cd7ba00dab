//! Session scripts: the TOML format, its loading and validation with
//! located diagnostics, the muscle-group catalogue, the JSON Schema for
//! editors, and the built-in library. No audio and no UI here.

pub mod builtin;
mod diagnostic;
pub mod fields;
mod model;
pub mod muscles;
pub(crate) mod parse;
mod schema;
mod source;

pub use diagnostic::{Diagnostic, Report, Severity, did_you_mean};
pub use model::*;
pub use parse::{MAX_STEPS, reading_time};
pub use schema::json_schema;
pub use source::{MAX_FILE_BYTES, Parsed, parse_any, parse_file, parse_str};
