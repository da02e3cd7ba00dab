//! Handing a session over from the studio: the script and its recordings
//! packed into one `.respite` file for the patient (the same `package::pack`
//! as `respite pack`), and a notice that says where it went, what is in it
//! and which lines will not be in the therapist's voice.

use std::path::Path;

use super::Speaker;
use super::session::Studio;
use crate::app::Notice;
use crate::package::{self, PackOptions};

impl Studio {
    /// The package's file name to offer: the script's, as `.respite`.
    pub fn package_file_name(&self) -> String {
        let stem = self.script_path.file_stem().map_or_else(|| "session".into(), |s| s.to_string_lossy());
        format!("{stem}.{}", package::EXTENSION)
    }

    /// Packs the script and its own voice into `out` (given the package
    /// extension if it has none), and says how that went.
    pub fn hand_over(&mut self, out: &Path) {
        let out = if package::is_package(out) { out.to_path_buf() } else { out.with_extension(package::EXTENSION) };
        match package::pack(&self.script_path, &out, PackOptions::default(), |_| {}) {
            Ok(packed) => {
                let own = self.lines.iter().filter(|l| matches!(l.speaker, Speaker::Own(_))).count();
                let rest = match self.lines.len() - own {
                    0 => "Every line is in your voice.".to_string(),
                    n => format!(
                        "{n} of {} lines are not recorded: they speak in Respite's built-in voice where it has \
                         them, and show as captions only otherwise.",
                        self.lines.len()
                    ),
                };
                self.notices.push(Notice::info(format!(
                    "Packed “{}” into {} ({} files, {:.1} MiB). Give your patient this one file: opening it in \
                     Respite adds the session to their sessions. {rest}",
                    packed.title,
                    out.display(),
                    packed.files.len(),
                    packed.bytes() as f64 / f64::from(1 << 20),
                )));
            }
            Err(e) => self.notices.push(Notice::error(format!("Could not hand it over: {e}"))),
        }
    }
}
