//! `respite-package.json`: what a package says it holds. Every file but
//! the manifest itself is listed with its size and SHA-256, so a package
//! damaged on the way, or changed after it was made, is refused whole.

use std::io::{self, Read};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The package format this Respite writes and reads.
pub const FORMAT: u32 = 1;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    /// Package format; a newer one is refused with a hint to update.
    pub format: u32,
    /// The session's title, for messages before the script is read.
    pub title: String,
    /// The Respite that made it, e.g. "respite 0.1.0".
    pub made_by: String,
    /// The script, at the top of the package.
    pub script: String,
    pub files: Vec<FileEntry>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileEntry {
    /// Relative, `/`-separated (see `names::check_path`).
    pub path: String,
    pub size: u64,
    /// Lower-case hex.
    pub sha256: String,
}

/// The format field alone, read first so that a newer package is
/// refused for its version, not for a field this Respite does not know.
#[derive(Deserialize)]
struct Version {
    format: u32,
}

impl Manifest {
    /// Reads a manifest; the error says what is wrong with it.
    pub fn parse(text: &str) -> Result<Manifest, String> {
        let version: Version = serde_json::from_str(text)
            .map_err(|e| format!("its manifest ({}) cannot be read: {e}", super::names::MANIFEST))?;
        if version.format > FORMAT {
            return Err(format!(
                "it was made by a newer Respite (package format {}; this Respite reads format {FORMAT}): update Respite to open it",
                version.format
            ));
        }
        if version.format != FORMAT {
            return Err(format!("its package format {} is not one Respite knows", version.format));
        }
        serde_json::from_str(text).map_err(|e| format!("its manifest ({}) cannot be read: {e}", super::names::MANIFEST))
    }

    pub fn to_json(&self) -> String {
        // Strings and numbers only: serialising cannot fail.
        serde_json::to_string_pretty(self).unwrap_or_default() + "\n"
    }
}

/// Copies `from` to `to` (at most `limit` bytes plus one, so a longer
/// stream is noticed without reading it all), returning how many bytes
/// came and their SHA-256 in hex.
pub fn copy_hashed(from: &mut impl Read, to: &mut impl io::Write, limit: u64) -> io::Result<(u64, String)> {
    let mut hasher = Sha256::new();
    let mut limited = from.take(limit.saturating_add(1));
    let mut buf = vec![0u8; 64 * 1024];
    let mut total = 0u64;
    loop {
        let n = match limited.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        hasher.update(&buf[..n]);
        to.write_all(&buf[..n])?;
        total += n as u64;
    }
    Ok((total, hex(&hasher.finalize())))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Manifest {
        Manifest {
            format: FORMAT,
            title: "Calm".into(),
            made_by: "respite 0.1.0".into(),
            script: "calm.toml".into(),
            files: vec![FileEntry { path: "calm.toml".into(), size: 3, sha256: "00".into() }],
        }
    }

    #[test]
    fn round_trips_and_refuses_other_formats_by_their_version() {
        assert_eq!(Manifest::parse(&sample().to_json()).unwrap(), sample());
        let newer = sample().to_json().replace("\"format\": 1", "\"format\": 2");
        assert!(Manifest::parse(&newer).unwrap_err().contains("newer Respite (package format 2"));
        let zero = sample().to_json().replace("\"format\": 1", "\"format\": 0");
        assert!(Manifest::parse(&zero).unwrap_err().contains("format 0 is not one Respite knows"));
        // A newer format is named even when its fields are unknown here.
        let strange = r#"{"format": 7, "payload": []}"#;
        assert!(Manifest::parse(strange).unwrap_err().contains("format 7"));
        assert!(Manifest::parse("{").unwrap_err().contains("cannot be read"));
    }

    #[test]
    fn hashes_what_it_copies_and_stops_just_past_the_limit() {
        let mut out = Vec::new();
        let (n, sha) = copy_hashed(&mut &b"abc"[..], &mut out, 10).unwrap();
        assert_eq!((n, out.as_slice()), (3, &b"abc"[..]));
        assert_eq!(sha, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        let mut endless = std::io::repeat(7);
        let mut out = Vec::new();
        let (n, _) = copy_hashed(&mut endless, &mut out, 1000).unwrap();
        assert_eq!(n, 1001, "reads one byte past the limit, no more");
    }
}
