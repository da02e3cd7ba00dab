//! Handing a session over (issue 11): `respite pack`, then the package
//! installed into a fresh data folder, rendered and timed straight from
//! the package and from where it was installed: the same timeline, the
//! same samples, the same files byte for byte.

use std::path::{Path, PathBuf};
use std::process::Output;

use crate::support::package::{OWN_LINE, files_under, therapist_session};
use crate::support::{respite_command, stderr, stdout};

/// `respite ARGS` with its data folder under `home`.
fn respite_in(home: &Path, args: &[&str]) -> Output {
    respite_command()
        .env("XDG_DATA_HOME", home.join("data"))
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("HOME", home)
        .args(args)
        .output()
        .unwrap()
}

fn ok(o: Output) -> Output {
    assert!(o.status.success(), "failed:\n{}{}", stdout(&o), stderr(&o));
    o
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// The therapist's session, made in `made` and packed there as
/// `calm.respite`: the script and the package.
fn packed_session(made: &Path) -> (PathBuf, PathBuf) {
    let script = therapist_session(made);
    let package = made.join("calm.respite");
    ok(respite_in(made, &["pack", s(&script), "-o", s(&package)]));
    (script, package)
}

#[test]
fn a_packed_session_installs_and_plays_exactly_as_it_was_made() {
    let made = tempfile::tempdir().unwrap();
    let script = therapist_session(made.path());
    let package = made.path().join("calm.respite");
    let packed = ok(respite_in(made.path(), &["pack", s(&script), "-o", s(&package)]));
    assert!(stderr(&packed).contains("packed “Calm at home”"), "{}", stderr(&packed));

    // A fresh machine: the patient's data folder.
    let patient = tempfile::tempdir().unwrap();
    let installed = ok(respite_in(patient.path(), &["install", s(&package)]));
    let folder = patient.path().join("data/respite/sessions/Calm at home");
    assert!(stderr(&installed).contains(&folder.display().to_string()), "{}", stderr(&installed));
    let files = files_under(&folder);
    let expected = [
        "calm.toml",
        "calm.voice/manifest.json",
        &format!("calm.voice/{}.wav", respite::timeline::narration::line_id(OWN_LINE)),
        "sounds/stream.wav",
        "voice/own.wav",
    ];
    let mut expected: Vec<String> = expected.iter().map(|e| e.to_string()).collect();
    expected.sort();
    assert_eq!(files, expected, "takes are left out unless asked for");
    for f in &files {
        assert_eq!(std::fs::read(folder.join(f)).unwrap(), std::fs::read(made.path().join(f)).unwrap(), "{f}");
    }

    // The same timeline, with the own voice speaking, from all three places.
    let installed_script = folder.join("calm.toml");
    let timeline = |home: &Path, spec: &Path| stdout(&ok(respite_in(home, &["timeline", s(spec), "--json"])));
    let before = timeline(made.path(), &script);
    assert!(before.contains(&respite::timeline::narration::line_id(OWN_LINE)), "the own voice speaks:\n{before}");
    assert!(before.contains("./voice/own.wav"));
    assert_eq!(timeline(patient.path(), &installed_script), before);
    assert_eq!(timeline(patient.path(), &package), before);

    // The same render, sample for sample (FLAC is lossless and deterministic).
    let render = |home: &Path, spec: &Path, out: &str| {
        let out = home.join(out);
        ok(respite_in(home, &["render", s(spec), "-o", s(&out)]));
        std::fs::read(out).unwrap()
    };
    let original = render(made.path(), &script, "before.flac");
    assert!(original.len() > 10_000);
    assert_eq!(render(patient.path(), &installed_script, "installed.flac"), original);
    assert_eq!(render(patient.path(), &package, "package.flac"), original);

    // `check` reads a package whole.
    let checked = ok(respite_in(patient.path(), &["check", s(&package)]));
    assert!(stderr(&checked).contains("ok: "), "{}", stderr(&checked));
}

#[test]
fn the_same_package_again_changes_nothing_and_a_different_one_is_never_written_over() {
    let made = tempfile::tempdir().unwrap();
    let (script, package) = packed_session(made.path());
    let patient = tempfile::tempdir().unwrap();
    ok(respite_in(patient.path(), &["install", s(&package)]));
    let sessions = patient.path().join("data/respite/sessions");
    let again = ok(respite_in(patient.path(), &["install", s(&package)]));
    assert!(stderr(&again).contains("installed already"), "{}", stderr(&again));

    // The therapist changes the session and sends it again.
    std::fs::write(&script, std::fs::read_to_string(&script).unwrap().replace("cycles = 2", "cycles = 3")).unwrap();
    ok(respite_in(made.path(), &["pack", s(&script), "-o", s(&package)]));
    let refused = respite_in(patient.path(), &["install", s(&package)]);
    assert!(!refused.status.success());
    let message = stderr(&refused);
    assert!(message.contains("a different session called “Calm at home” is already in your sessions"), "{message}");
    assert!(message.contains("--replace or --keep-both"), "{message}");
    let old = std::fs::read_to_string(sessions.join("Calm at home/calm.toml")).unwrap();
    assert!(old.contains("cycles = 2"), "the installed one is untouched");

    let both = ok(respite_in(patient.path(), &["install", s(&package), "--keep-both"]));
    assert!(stderr(&both).contains("installed as “Calm at home (2)”"), "{}", stderr(&both));
    let second = std::fs::read_to_string(sessions.join("Calm at home (2)/calm.toml")).unwrap();
    assert_eq!(second, std::fs::read_to_string(&script).unwrap().replace("\"Calm at home\"", "\"Calm at home (2)\""));
    assert!(second.contains("# Made for one patient"), "comments kept");
    let again = ok(respite_in(patient.path(), &["install", s(&package), "--keep-both"]));
    assert!(stderr(&again).contains("“Calm at home (2)” is installed already"), "no third copy: {}", stderr(&again));

    ok(respite_in(patient.path(), &["install", s(&package), "--replace"]));
    let replaced = std::fs::read_to_string(sessions.join("Calm at home/calm.toml")).unwrap();
    assert_eq!(replaced, std::fs::read_to_string(&script).unwrap());
    let mut left: Vec<String> =
        std::fs::read_dir(&sessions).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    left.sort();
    assert_eq!(left, ["Calm at home", "Calm at home (2)"], "nothing half-installed or set aside is left");
}

#[test]
fn takes_go_in_only_when_asked_and_a_missing_file_stops_the_packing() {
    let made = tempfile::tempdir().unwrap();
    let script = therapist_session(made.path());
    let package = made.path().join("calm.respite");
    let packed = ok(respite_in(made.path(), &["pack", s(&script), "-o", s(&package), "--with-takes"]));
    assert!(stderr(&packed).contains("left out calm.voice/takes/notes.txt"), "{}", stderr(&packed));
    let opened = respite::package::open(&package).unwrap();
    let names: Vec<&str> = opened.unpacked.manifest.files.iter().map(|f| f.path.as_str()).collect();
    assert!(names.contains(&"calm.voice/takes/take-1.wav"), "{names:?}");

    std::fs::remove_file(made.path().join("sounds/stream.wav")).unwrap();
    let refused = respite_in(made.path(), &["pack", s(&script), "-o", s(&made.path().join("again.respite"))]);
    assert!(!refused.status.success());
    assert!(stderr(&refused).contains("the ambient sound `sounds/stream.wav` is missing"), "{}", stderr(&refused));
    assert!(!made.path().join("again.respite").exists(), "no package is left behind");

    let wrong = respite_in(made.path(), &["pack", s(&script), "-o", "calm.zip"]);
    assert!(stderr(&wrong).contains("must end in .respite"), "{}", stderr(&wrong));
}

#[test]
fn a_script_of_the_patients_own_with_the_same_title_is_a_clash_too() {
    let made = tempfile::tempdir().unwrap();
    let (_, package) = packed_session(made.path());
    let patient = tempfile::tempdir().unwrap();
    let sessions = patient.path().join("data/respite/sessions");
    std::fs::create_dir_all(&sessions).unwrap();
    let own = sessions.join("mine.toml");
    let own_text = "format = 1\ntitle = \"Calm at home\"\nkind = \"breathing\"\nsummary = \"Mine.\"\n\
                    [[step]]\nkind = \"pause\"\nseconds = 5\n";
    std::fs::write(&own, own_text).unwrap();

    let refused = respite_in(patient.path(), &["install", s(&package)]);
    assert!(!refused.status.success());
    let message = stderr(&refused);
    assert!(message.contains("a different session called “Calm at home” is already in your sessions"), "{message}");
    assert!(message.contains("mine.toml"), "names the script: {message}");
    assert!(message.contains("“Calm at home (2)”"), "{message}");

    let replace = respite_in(patient.path(), &["install", s(&package), "--replace"]);
    assert!(!replace.status.success(), "a loose script is never replaced");
    assert!(stderr(&replace).contains("is not replaced"), "{}", stderr(&replace));
    assert_eq!(std::fs::read_to_string(&own).unwrap(), own_text);

    let both = ok(respite_in(patient.path(), &["install", s(&package), "--keep-both"]));
    assert!(stderr(&both).contains("installed as “Calm at home (2)”"), "{}", stderr(&both));
    let again = ok(respite_in(patient.path(), &["install", s(&package), "--keep-both"]));
    assert!(stderr(&again).contains("“Calm at home (2)” is installed already"), "no third copy: {}", stderr(&again));
    let mut left: Vec<String> =
        std::fs::read_dir(&sessions).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    left.sort();
    assert_eq!(left, ["Calm at home (2)", "mine.toml"]);
    assert_eq!(std::fs::read_to_string(&own).unwrap(), own_text, "the patient's script is untouched");
}
