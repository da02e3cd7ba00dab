//! Puts the commit Respite was built from into `respite --version`, as
//! `RESPITE_COMMIT`. A build outside git (a source tarball, a distribution's
//! builder) can set `RESPITE_COMMIT` itself; with neither, the version says
//! the commit is unknown instead of failing the build.
//!
//! Also embeds the built-in narration: lists `assets/narration/clips/*.ogg`
//! as `include_bytes!` entries, so the binary carries its voice and needs
//! no files beside it.

use std::fmt::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

fn main() {
    println!("cargo:rerun-if-env-changed=RESPITE_COMMIT");
    let commit = match std::env::var("RESPITE_COMMIT") {
        Ok(c) if !c.trim().is_empty() => c.trim().to_string(),
        _ => git_commit().unwrap_or_else(|| "unknown".to_string()),
    };
    println!("cargo:rustc-env=RESPITE_COMMIT={commit}");
    embed_narration();
}

/// Writes `$OUT_DIR/narration_clips.rs`: `CLIPS`, (file stem, bytes) of
/// every built-in narration clip.
fn embed_narration() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/narration/clips");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut clips: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "ogg"))
                .collect()
        })
        .unwrap_or_default();
    clips.sort();
    let mut code = String::from("pub static CLIPS: &[(&str, &[u8])] = &[\n");
    for path in &clips {
        let Some(id) = path.file_stem().and_then(|s| s.to_str()) else { continue };
        let _ = writeln!(code, "    ({id:?}, include_bytes!({:?})),", path.display().to_string());
    }
    code.push_str("];\n");
    let out = Path::new(&std::env::var("OUT_DIR").unwrap_or_default()).join("narration_clips.rs");
    if let Err(e) = std::fs::write(&out, code) {
        println!("cargo:warning=cannot write {}: {e}", out.display());
        std::process::exit(1);
    }
}

/// The short hash of HEAD, and asks cargo to run this again when HEAD moves.
fn git_commit() -> Option<String> {
    let hash = git(&["rev-parse", "--short=12", "HEAD"])?;
    // HEAD names the branch; the branch's file (or packed-refs) holds the
    // commit. Watch whichever exist: watching a missing file would rerun
    // this script on every build.
    let mut watched = vec![git(&["rev-parse", "--git-path", "HEAD"])?];
    if let Some(branch) = git(&["symbolic-ref", "-q", "HEAD"]) {
        watched.extend(git(&["rev-parse", "--git-path", branch.as_str()]));
    }
    watched.extend(git(&["rev-parse", "--git-path", "packed-refs"]));
    for path in watched.into_iter().map(PathBuf::from).filter(|p| p.exists()) {
        println!("cargo:rerun-if-changed={}", path.display());
    }
    Some(hash)
}

fn git(args: &[&str]) -> Option<String> {
    let out = Command::new("git").args(args).output().ok()?;
    let text = String::from_utf8(out.stdout).ok()?;
    (out.status.success() && !text.trim().is_empty()).then(|| text.trim().to_string())
}
