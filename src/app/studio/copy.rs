//! "Make my own copy" of a built-in session: its script text as shipped,
//! comments and layout included (the protocol notes are worth keeping),
//! with only the title changed (`toml_edit` keeps everything else byte for
//! byte), saved in the user's sessions folder under a name no other file
//! has. The copy has no voice folder of its own yet, so it speaks with the
//! built-in voice wherever its words are unchanged (see `app::voice`).

use std::path::{Path, PathBuf};

use crate::files::write_new_atomic;
use crate::script::builtin;

/// How many numbered names are tried before giving up.
const MAX_TRIES: u32 = 100;

/// Copies built-in `name` into `sessions_dir` as `title` (by default "TITLE
/// (my copy)"; "(my copy 2)", … when that name is taken). Returns the new
/// file. Never overwrites a file.
pub fn copy_builtin(name: &str, sessions_dir: &Path, title: Option<&str>) -> Result<PathBuf, String> {
    let b = builtin::find(name).ok_or_else(|| format!("there is no built-in session `{name}` (`respite list`)"))?;
    let mut doc: toml_edit::DocumentMut =
        b.text.parse().map_err(|e| format!("builtin:{name} cannot be edited: {e}"))?;
    let original = doc.get("title").and_then(|t| t.as_str()).unwrap_or(name).to_string();
    let wanted = title.map(str::trim).filter(|t| !t.is_empty());
    std::fs::create_dir_all(sessions_dir)
        .map_err(|e| format!("cannot make the folder {}: {e}", sessions_dir.display()))?;
    for n in 1..=MAX_TRIES {
        let title = match (wanted, n) {
            (Some(t), 1) => t.to_string(),
            (Some(t), n) => format!("{t} {n}"),
            (None, 1) => format!("{original} (my copy)"),
            (None, n) => format!("{original} (my copy {n})"),
        };
        let path = sessions_dir.join(format!("{}.toml", slug(&title)));
        if path.exists() || path.with_extension("voice").exists() {
            continue;
        }
        set_title(&mut doc, &title);
        let text = format!("# Your copy of the built-in session \"{original}\" (builtin:{name}).\n{doc}");
        match write_new_atomic(&path, text.as_bytes()) {
            Ok(()) => return Ok(path),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(format!("cannot write {}: {e}", path.display())),
        }
    }
    Err(format!("{} already holds {MAX_TRIES} copies of this session", sessions_dir.display()))
}

/// Sets the top-level `title`, keeping the comment and spacing around it.
fn set_title(doc: &mut toml_edit::DocumentMut, title: &str) {
    match doc.get_mut("title").and_then(toml_edit::Item::as_value_mut) {
        Some(value) => {
            let decor = value.decor().clone();
            *value = title.into();
            *value.decor_mut() = decor;
        }
        None => doc["title"] = toml_edit::value(title),
    }
}

/// A file name from a title: lowercase letters and digits, words joined by
/// `-`; "session" if nothing is left.
fn slug(title: &str) -> String {
    let words: Vec<String> =
        title.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_lowercase).collect();
    let slug = words.join("-");
    if slug.is_empty() { "session".into() } else { slug.chars().take(60).collect() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_copy_keeps_every_comment_and_changes_only_the_title() {
        let dir = tempfile::tempdir().unwrap();
        let path = copy_builtin("safe-place", dir.path(), None).unwrap();
        assert_eq!(path, dir.path().join("a-calm-place-my-copy.toml"));
        let copy = std::fs::read_to_string(&path).unwrap();
        let original = builtin::find("safe-place").unwrap().text;
        let changed: Vec<(&str, &str)> = original.lines().zip(copy.lines().skip(1)).filter(|(a, b)| a != b).collect();
        assert_eq!(changed, vec![("title = \"A calm place\"", "title = \"A calm place (my copy)\"")]);
        assert_eq!(copy.lines().count(), original.lines().count() + 1);
        assert!(copy.starts_with("# Your copy of the built-in session"), "{copy}");
        let parsed = crate::script::parse_file(&path).unwrap();
        assert_eq!(parsed.script.title, "A calm place (my copy)");
    }

    #[test]
    fn copies_never_overwrite_and_get_new_names() {
        let dir = tempfile::tempdir().unwrap();
        let taken = dir.path().join("a-calm-place-my-copy.toml");
        std::fs::write(&taken, "mine").unwrap();
        let second = copy_builtin("safe-place", dir.path(), None).unwrap();
        assert_eq!(second, dir.path().join("a-calm-place-my-copy-2.toml"));
        assert_eq!(std::fs::read_to_string(&taken).unwrap(), "mine");
        let named = copy_builtin("safe-place", dir.path(), Some("For Sam")).unwrap();
        assert_eq!(named, dir.path().join("for-sam.toml"));
        let again = copy_builtin("safe-place", dir.path(), Some("For Sam")).unwrap();
        assert_eq!(again, dir.path().join("for-sam-2.toml"));
        assert_eq!(crate::script::parse_file(&again).unwrap().script.title, "For Sam 2");
    }

    #[test]
    fn an_unknown_builtin_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let err = copy_builtin("nope", dir.path(), None).unwrap_err();
        assert!(err.contains("`nope`"), "{err}");
    }

    #[test]
    fn the_copy_speaks_with_the_builtin_voice() {
        let dir = tempfile::tempdir().unwrap();
        let path = copy_builtin("pmr-4-groups", dir.path(), None).unwrap();
        let script = crate::script::parse_file(&path).unwrap().script;
        let (voice, _) = crate::app::voice::session_voice(Some(&path), None);
        let lines = super::super::studio_lines(&script, &voice, &crate::app::voice::own_voice_dir(&path));
        assert!(!lines.is_empty());
        assert!(lines.iter().all(|l| matches!(l.speaker, super::super::Speaker::Builtin(_))), "{lines:?}");
    }
}
