//! Embeds the built-in narration: lists `assets/narration/clips/*.ogg` as
//! `include_bytes!` entries, so the binary carries its voice and needs no
//! files beside it.

use std::fmt::Write;
use std::path::Path;

fn main() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/narration/clips");
    println!("cargo::rerun-if-changed={}", dir.display());
    let mut clips: Vec<_> = std::fs::read_dir(&dir)
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
        println!("cargo::error=cannot write {}: {e}", out.display());
    }
}
