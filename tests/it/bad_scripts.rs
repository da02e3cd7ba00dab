//! A corpus of broken scripts (tests/bad/), each with the exact errors it
//! must produce and where, plus generated ones too large or odd to keep as
//! files. Loading must never panic and never accept them.

use std::path::Path;

use respite::script::Report;
use respite::timeline::{load_file, load_str};

/// (line, column, message) of each error, in file order.
type Expected = &'static [(usize, usize, &'static str)];

const CORPUS: &[(&str, Expected)] = &[
    ("absolute-path", &[(9, 9, "audio path `/etc/passwd` reaches outside the script's folder")]),
    ("cycles-and-minutes", &[(11, 11, "step 1 (breathe) gives both `cycles` and `minutes`")]),
    ("empty-steps", &[(5, 8, "the script has no steps")]),
    ("escaping-path", &[(9, 9, "audio path `voice/../../secret.wav` reaches outside the script's folder")]),
    ("glide-in-pmr", &[(9, 7, "`glide` follows the breath, so it only fits breathing")]),
    ("groups-as-number", &[(8, 10, "`groups = 7` must be written as a string")]),
    ("infinite-duration", &[(9, 11, "`seconds` is infinite")]),
    ("long-phase", &[(9, 10, "`exhale` is 75, more than the most allowed (60)")]),
    ("missing-kind", &[(6, 1, "step 1 has no `kind`")]),
    // Once found by the fuzzer: a header without `kind` failed with no error at all.
    ("missing-session-kind", &[(1, 1, "the session header is missing `kind`")]),
    ("missing-title", &[(1, 1, "the session header is missing `title`")]),
    ("misspelt-cue", &[(7, 7, "unknown cue sound `chimes`")]),
    ("misspelt-step-kind", &[(7, 8, "unknown step kind `brethe`")]),
    ("nan-duration", &[(8, 11, "`seconds` is not a number (nan)")]),
    ("negative-duration", &[(8, 10, "`inhale` is negative")]),
    ("no-amount", &[(6, 1, "step 1 (breathe) needs `cycles` or `minutes`")]),
    (
        "several-errors",
        &[
            (7, 11, "unknown ambient bed `rian`"),
            (11, 1, "unknown key `txt` in step 1 (say)"),
            (15, 11, "`seconds` is negative"),
            (19, 9, "unknown scale `pian`"),
        ],
    ),
    ("syntax-error", &[(7, 12, "this is not valid TOML: invalid basic string, expected `\"`")]),
    ("too-long", &[(6, 1, "the session lasts 12:13:20, longer than the 12-hour limit")]),
    ("unknown-format", &[(1, 10, "unknown script format 2")]),
    ("unknown-key", &[(8, 1, "unknown key `inhal` in step 1 (breathe)")]),
    ("unknown-muscle", &[(8, 9, "unknown muscle group `abdomn`")]),
    ("unknown-skip", &[(9, 9, "`legz` is not a muscle group or body region")]),
    ("wrong-type", &[(10, 10, "`cycles` should be a whole number, not a string")]),
    ("zero-exhale", &[(9, 10, "`exhale` is zero")]),
];

/// Help lines that must accompany some errors ("did you mean").
const HELP: &[(&str, &str)] = &[
    ("misspelt-cue", "did you mean `chime`?"),
    ("misspelt-step-kind", "did you mean `breathe`?"),
    ("unknown-key", "did you mean `inhale`?"),
    ("unknown-muscle", "did you mean `abdomen`?"),
    ("unknown-skip", "did you mean `leg`?"),
    ("groups-as-number", "write `groups = \"7\"`"),
    ("unknown-format", "set `format = 1`, or update Respite"),
];

fn errors(report: &Report) -> Vec<(usize, usize, String)> {
    report
        .errors()
        .map(|d| {
            let (line, col) = report.location(d).unwrap_or((0, 0));
            (line, col, d.message.clone())
        })
        .collect()
}

fn load_bad(name: &str) -> Report {
    let path = Path::new("tests/bad").join(format!("{name}.toml"));
    match load_file(&path) {
        Ok(_) => panic!("{name} loaded, but it is broken"),
        Err(report) => report,
    }
}

#[test]
fn every_bad_script_gives_its_exact_errors_and_places() {
    for (name, expected) in CORPUS {
        let report = load_bad(name);
        let expected: Vec<_> = expected.iter().map(|(l, c, m)| (*l, *c, m.to_string())).collect();
        assert_eq!(errors(&report), expected, "{name}");
        let rendered = report.render();
        assert!(rendered.contains(&format!("tests/bad/{name}.toml:{}:{}", expected[0].0, expected[0].1)), "{rendered}");
    }
}

#[test]
fn the_corpus_is_all_tested() {
    let files = std::fs::read_dir("tests/bad").unwrap().count();
    assert_eq!(files, CORPUS.len(), "every file in tests/bad needs an entry in CORPUS");
}

#[test]
fn suggestions_name_the_nearest_valid_name() {
    for (name, help) in HELP {
        let report = load_bad(name);
        let helps: Vec<_> = report.errors().filter_map(|d| d.help.clone()).collect();
        assert!(helps.iter().any(|h| h == help), "{name}: {helps:?}");
        assert!(report.render().contains(help));
    }
}

#[test]
fn rendering_shows_the_offending_line() {
    let report = load_bad("long-phase");
    let rendered = report.render();
    assert!(rendered.contains("exhale = 75"), "{rendered}");
    assert!(rendered.contains("expected more than 0 up to 60"), "{rendered}");
}

const HEADER: &str = "format = 1\ntitle = \"T\"\nkind = \"mixed\"\nsummary = \"S.\"\n";

#[test]
fn too_many_steps_is_refused() {
    let text = format!("{HEADER}{}", "[[step]]\nkind = \"pause\"\nseconds = 1\n".repeat(10_001));
    let report = load_str("many.toml", &text, None).unwrap_err();
    assert_eq!(errors(&report), [(5, 1, "the script has 10001 steps; at most 10000 are allowed".into())]);
    // Exactly at the limit is fine.
    let text = format!("{HEADER}{}", "[[step]]\nkind = \"pause\"\nseconds = 1\n".repeat(10_000));
    assert!(load_str("limit.toml", &text, None).is_ok());
}

#[test]
fn huge_numbers_are_refused_not_overflowed() {
    for value in ["1e300", "9223372036854775807", "4.3e4"] {
        let text = format!("{HEADER}[[step]]\nkind = \"breathe\"\ninhale = {value}\nexhale = 4\ncycles = 2\n");
        let report = load_str("huge.toml", &text, None).unwrap_err();
        let errs = errors(&report);
        assert_eq!(errs.len(), 1, "{value}: {errs:?}");
        assert!(errs[0].2.starts_with("`inhale` is "), "{value}: {errs:?}");
    }
}

#[test]
fn oversized_and_non_utf8_files_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big.toml");
    std::fs::write(&big, format!("{HEADER}# {}\n", "x".repeat(1024 * 1024))).unwrap();
    let report = load_file(&big).unwrap_err();
    let msg = &report.errors().next().unwrap().message;
    assert!(msg.ends_with("is 1024 KiB; scripts are limited to 1 MiB"), "{msg}");

    let latin1 = dir.path().join("latin1.toml");
    let mut bytes = HEADER.as_bytes().to_vec();
    bytes.extend_from_slice(b"author = \"Jos\xe9\"\n");
    std::fs::write(&latin1, bytes).unwrap();
    let report = load_file(&latin1).unwrap_err();
    let msg = &report.errors().next().unwrap().message;
    assert!(msg.contains("is not UTF-8 text (bad byte at offset"), "{msg}");

    let report = load_file(dir.path()).unwrap_err();
    assert!(report.errors().next().unwrap().message.contains("is a folder"));
}

#[test]
fn a_missing_audio_file_is_only_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.toml");
    std::fs::write(
        &path,
        format!("{HEADER}[sound]\nambient = \"beds/sea.ogg\"\n[[step]]\nkind = \"say\"\ntext = \"Hi.\"\nvoice = \"v/hi.ogg\"\n"),
    )
    .unwrap();
    let loaded = load_file(&path).expect("a missing clip does not stop the session");
    let warnings: Vec<_> = loaded.report.warnings().map(|d| d.message.clone()).collect();
    assert_eq!(warnings, ["audio file `beds/sea.ogg` was not found", "audio file `v/hi.ogg` was not found"]);
    // Once the file exists, the warning goes.
    std::fs::create_dir(dir.path().join("v")).unwrap();
    std::fs::write(dir.path().join("v/hi.ogg"), b"").unwrap();
    let loaded = load_file(&path).unwrap();
    assert_eq!(loaded.report.warnings().count(), 1);
}

#[test]
fn garbage_never_panics() {
    for text in ["", "[[step]]", "step = 3", "format = \"one\"", "[sound]\ncue = 3", "\u{feff}format = 1", "a = [1, {"]
    {
        let _ = load_str("g.toml", text, None);
    }
}
