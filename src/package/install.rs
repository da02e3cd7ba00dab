//! Installing a package into the user's sessions folder. Each package
//! gets a folder of its own there, named after its title, holding its
//! script and its sound files as they were packed, so two packages never
//! share or overwrite a file. It is unpacked into a hidden temporary
//! folder beside the destination and renamed into place in one step, so a
//! refusal or a failure leaves nothing half-installed. Opening the same
//! package again opens what is there; a different session under the same
//! title is never overwritten unasked (see `Clash`).

use std::path::{Path, PathBuf};

use toml::de::DeTable;

use super::open::{Unpacked, unpack};
use super::temp::TempFolder;
use super::{PackageError, manifest::copy_hashed};

/// What to do when a different session is installed under the same title.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Clash {
    /// Refuse, saying what is there and how to replace it or keep both.
    Refuse,
    /// Install this one as "Title (2)" (then 3, …) beside it.
    KeepBoth,
    /// Replace the installed one (its folder is removed only once the new
    /// one is in place).
    Replace,
}

/// What installing did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Installed, under its own title.
    New,
    /// The very same files were installed already; nothing was written.
    AlreadyThere,
    /// Installed beside a different session of the same title, as this title.
    Renamed,
    /// Replaced a different session of the same title.
    Replaced,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Installed {
    /// The installed script, to open.
    pub script: PathBuf,
    pub title: String,
    pub outcome: Outcome,
}

/// Installs `package` into `sessions_dir` (made if missing).
pub fn install(package: &Path, sessions_dir: &Path, clash: Clash) -> Result<Installed, PackageError> {
    let shown = package.file_name().map_or_else(|| package.display().to_string(), |n| n.to_string_lossy().into());
    let fail = |why: String| PackageError::new(format!("cannot install {shown}: {why}"));
    std::fs::create_dir_all(sessions_dir)
        .map_err(|e| fail(format!("cannot make the sessions folder {}: {e}", sessions_dir.display())))?;
    let temp = TempFolder::new_in(sessions_dir, "installing")
        .map_err(|e| fail(format!("cannot write in {}: {e}", sessions_dir.display())))?;
    let unpacked = unpack(package, temp.path())?;
    let original =
        std::fs::read_to_string(unpacked.script.as_path()).map_err(|e| fail(format!("cannot read its script: {e}")))?;
    let folder = folder_name(&unpacked);
    let dest = sessions_dir.join(&folder);
    let script_in = |dir: &Path| dir.join(&unpacked.manifest.script);
    // A script of the user's own, loose in the sessions folder, may have
    // the title too: the library would show two sessions of one name.
    let loose = loose_titles(sessions_dir);
    let loose_clash = loose.iter().find(|(title, _)| *title == unpacked.title).map(|(_, path)| path);
    if !dest.exists() && loose_clash.is_none() {
        temp.rename_to(&dest).map_err(|e| fail(format!("cannot move it into {}: {e}", dest.display())))?;
        return Ok(Installed { script: script_in(&dest), title: unpacked.title, outcome: Outcome::New });
    }
    if dest.exists() && same_files(&unpacked, &dest, None) {
        return Ok(Installed { script: script_in(&dest), title: unpacked.title, outcome: Outcome::AlreadyThere });
    }
    let taken = |title: &str, folder: &str| sessions_dir.join(folder).exists() || loose.iter().any(|(t, _)| t == title);
    // Kept beside a different one before, as "Title (N)": that one opens.
    let kept = renamed_titles(&unpacked.title).take_while(|(t, f)| taken(t, f));
    for (title, folder) in kept.filter(|_| clash != Clash::Replace) {
        let dir = sessions_dir.join(folder);
        if retitled(&original, &title).is_some_and(|text| same_files(&unpacked, &dir, Some(&text))) {
            return Ok(Installed { script: script_in(&dir), title, outcome: Outcome::AlreadyThere });
        }
    }
    match clash {
        Clash::Refuse => Err(PackageError {
            title_taken: true,
            ..fail(format!(
                "a different session called “{}” is already in your sessions ({}); replace it, or keep both \
             (this one then becomes “{}”)",
                unpacked.title,
                loose_clash.unwrap_or(&dest).display(),
                free_title(&unpacked.title, taken).0
            ))
        }),
        // Replacing deletes only an installed package's folder, never a
        // script the user keeps loose in the folder.
        Clash::Replace if !dest.exists() => Err(PackageError {
            title_taken: true,
            ..fail(format!(
                "your own script {} is called “{}” too; it is not replaced: keep both, or change its title",
                loose_clash.unwrap_or(&dest).display(),
                unpacked.title
            ))
        }),
        Clash::KeepBoth => {
            let (title, folder) = free_title(&unpacked.title, taken);
            let text = retitled(&original, &title).ok_or_else(|| fail("its script has no title to change".into()))?;
            crate::files::write_bytes_atomic(&script_in(temp.path()), text.as_bytes())
                .map_err(|e| fail(format!("cannot retitle its script: {e}")))?;
            let dest = sessions_dir.join(folder);
            temp.rename_to(&dest).map_err(|e| fail(format!("cannot move it into {}: {e}", dest.display())))?;
            Ok(Installed { script: script_in(&dest), title, outcome: Outcome::Renamed })
        }
        Clash::Replace => {
            let old = TempFolder::new_in(sessions_dir, "replaced")
                .map_err(|e| fail(format!("cannot write in {}: {e}", sessions_dir.display())))?;
            let aside = old.path().join("old");
            std::fs::rename(&dest, &aside).map_err(|e| fail(format!("cannot move {} aside: {e}", dest.display())))?;
            if let Err(e) = temp.rename_to(&dest) {
                // Put the old one back; `old` then removes an empty folder.
                let _ = std::fs::rename(&aside, &dest);
                return Err(fail(format!("cannot move it into {}: {e}", dest.display())));
            }
            drop(old);
            Ok(Installed { script: script_in(&dest), title: unpacked.title, outcome: Outcome::Replaced })
        }
    }
}

/// The folders in `sessions_dir` that hold an installed package (or any
/// session in a folder of its own): every visible sub-folder except a
/// script's own voice folder (`NAME.voice`).
pub fn installed_folders(sessions_dir: &Path) -> Vec<PathBuf> {
    let Ok(read) = std::fs::read_dir(sessions_dir) else { return Vec::new() };
    let mut dirs: Vec<PathBuf> = read
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| !n.starts_with('.') && !n.to_lowercase().ends_with(".voice"))
        })
        .collect();
    dirs.sort();
    dirs
}

/// Whether `dir` already holds exactly the files of this package (with
/// `script` as its script's text, when it was retitled).
fn same_files(unpacked: &Unpacked, dir: &Path, script: Option<&str>) -> bool {
    unpacked.manifest.files.iter().all(|f| match script {
        Some(text) if f.path == unpacked.manifest.script => {
            std::fs::read_to_string(dir.join(&f.path)).is_ok_and(|there| there == text)
        }
        _ => std::fs::File::open(dir.join(&f.path))
            .and_then(|mut file| copy_hashed(&mut file, &mut std::io::sink(), f.size))
            .is_ok_and(|(size, sha)| size == f.size && sha == f.sha256),
    })
}

/// The folder for a session: its title, made safe as a file name on
/// every system (at most 60 characters), or the script's name.
fn folder_name(unpacked: &Unpacked) -> String {
    safe_name(&unpacked.title).unwrap_or_else(|| {
        let stem = unpacked.manifest.script.trim_end_matches(".toml");
        safe_name(stem).unwrap_or_else(|| "session".into())
    })
}

fn safe_name(title: &str) -> Option<String> {
    let kept: String =
        title.chars().map(|c| if c.is_alphanumeric() || " -_,()'&!+".contains(c) { c } else { ' ' }).collect();
    let words: Vec<&str> = kept.split_whitespace().collect();
    let mut name = String::new();
    for w in words {
        if name.chars().count() + w.chars().count() + 1 > 60 {
            break;
        }
        if !name.is_empty() {
            name.push(' ');
        }
        name.push_str(w);
    }
    (!name.is_empty() && super::names::check_path(&name).is_ok()).then_some(name)
}

/// "Title (2)", "Title (3)", … with their folders.
fn renamed_titles(title: &str) -> impl Iterator<Item = (String, String)> {
    let base = safe_name(title).unwrap_or_else(|| "session".into());
    (2u32..).map(move |n| (format!("{title} ({n})"), format!("{base} ({n})")))
}

/// The first "Title (N)" not `taken` (by a folder or a loose script),
/// and its folder.
fn free_title(title: &str, taken: impl Fn(&str, &str) -> bool) -> (String, String) {
    renamed_titles(title)
        .find(|(title, folder)| !taken(title, folder))
        .unwrap_or_else(|| (title.to_string(), "session".into()))
}

/// The titles of the scripts directly in `sessions_dir` (not in a
/// package's folder), with their paths. A file too large to be a script,
/// or one that does not parse, has none.
fn loose_titles(sessions_dir: &Path) -> Vec<(String, PathBuf)> {
    const LARGEST_SCRIPT: u64 = 1 << 20;
    let Ok(read) = std::fs::read_dir(sessions_dir) else { return Vec::new() };
    read.filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e.eq_ignore_ascii_case("toml")))
        .filter(|p| std::fs::metadata(p).is_ok_and(|m| m.is_file() && m.len() <= LARGEST_SCRIPT))
        .filter_map(|p| {
            let text = std::fs::read_to_string(&p).ok()?;
            let root = DeTable::parse(&text).ok()?;
            let title = root.get_ref().get("title")?.get_ref().as_str()?.to_string();
            Some((title, p))
        })
        .collect()
}

/// The script with a new title, changing only the title's value: every
/// other byte, comments and layout included, stays as it was.
fn retitled(text: &str, title: &str) -> Option<String> {
    let root = DeTable::parse(text).ok()?;
    let span = root.get_ref().get("title")?.span();
    let quoted = serde_json::to_string(title).ok()?;
    let new = format!("{}{quoted}{}", &text[..span.start], &text[span.end..]);
    DeTable::parse(&new).is_ok().then_some(new)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folder_names_are_safe_everywhere() {
        assert_eq!(safe_name("Two minutes: slow/breathing?").as_deref(), Some("Two minutes slow breathing"));
        assert_eq!(safe_name("..").as_deref(), None);
        assert_eq!(safe_name("CON").as_deref(), None);
        assert_eq!(safe_name("é ☀ Calm").as_deref(), Some("é Calm"));
        assert!(safe_name(&"word ".repeat(40)).unwrap().chars().count() <= 60);
    }

    #[test]
    fn retitling_changes_only_the_title() {
        let text = "# mine\nformat = 1\ntitle   =   'Calm'  # keep\nkind = \"breathing\"\n";
        let new = retitled(text, "Calm \"quiet\" (2)").unwrap();
        assert_eq!(new, text.replace("'Calm'", "\"Calm \\\"quiet\\\" (2)\""));
        let parsed: toml::Table = new.parse().unwrap();
        assert_eq!(parsed["title"].as_str(), Some("Calm \"quiet\" (2)"));
    }
}
