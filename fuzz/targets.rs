//! The fuzz targets: what a stranger's file does to Respite, checked
//! beyond "no panic". Shared, through `#[path]`, by the libFuzzer binaries
//! in fuzz/fuzz_targets/ (the long runs, scripts/fuzz) and by the seeded
//! mutation run and regression replay in tests/fuzz_short.rs, so both
//! exercise exactly the same code. Plain Rust, no fuzzing crate needed.

use std::path::Path;

use respite::app::settings::{MAX_RECENT, Settings, SettingsFile};
use respite::course::Today;
use respite::journal::{CourseStep, Entry, Journal, Rating, SessionId, Timestamp, export_csv};
use respite::player::Now;
use respite::script::{RateScale, Report, StepKind, fields, muscles};
use respite::timeline::narration::Voice;
use respite::timeline::{CompileOptions, Micros, Timeline, compile, load_str, to_json};

/// What the export should write for `text`: protected with a `'` where a
/// spreadsheet would read a formula (or where it starts with `'` itself).
fn cell(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r', '\'']) { format!("'{text}") } else { text.to_string() }
}

/// A course file's bytes (a therapist's, or a stranger's): loaded and
/// checked like a script; when it loads, it has stages, and the first
/// screen's view of every stage (heading, practice line, suggestion) can be
/// made, at a stage past its end too. Returns whether it loaded.
pub fn course(data: &[u8], base_dir: &Path) -> bool {
    let Ok(text) = std::str::from_utf8(data) else { return false };
    let loaded = match respite::course::load_str("fuzz-course.toml", text, Some(base_dir)) {
        Ok(loaded) => loaded,
        Err(report) => {
            assert!(report.has_errors(), "a failed course load says why");
            check_report(&report);
            return false;
        }
    };
    check_report(&loaded.report);
    let stages = loaded.course.stages.len();
    assert!(stages >= 1, "a course that loads has a stage");
    for stage in 0..=stages {
        let step =
            CourseStep { course: "fuzz-course.toml".into(), stage, since: Timestamp(0), since_local: String::new() };
        let today = Today::at(loaded.course.clone(), step, &[], "2026-11-30");
        assert!(today.heading().starts_with("Stage "), "heading {:?}", today.heading());
        assert!(!today.practice_line().is_empty() && !today.suggestion().is_empty());
    }
    true
}

/// CSV text to import into a journal (a file from another machine, or a
/// stranger's): either every problem is named, one per line, and nothing
/// is written; or it is imported, and importing it again adds nothing,
/// and what was added exports and imports back into a fresh journal as
/// the same sessions. Returns whether it was imported.
pub fn csv_import(data: &[u8]) -> bool {
    let Ok(text) = std::str::from_utf8(data) else { return false };
    let journal = Journal::in_memory().expect("an in-memory journal");
    let summary = match journal.import_csv("fuzz.csv", text) {
        Ok(summary) => summary,
        Err(problems) => {
            assert!(!problems.is_empty(), "a refused import says why");
            for p in &problems {
                assert!(p.starts_with("fuzz.csv"), "a problem names the file: {p}");
            }
            assert!(journal.entries().expect("entries").is_empty(), "a refused import writes nothing");
            return false;
        }
    };
    let entries = journal.entries().expect("entries");
    assert_eq!(entries.len(), summary.added, "every session added is there");
    let again = journal.import_csv("fuzz.csv", text).expect("the same file imports again");
    assert_eq!((again.added, again.already_there), (0, summary.added + summary.already_there), "nothing added twice");
    let exported = export_csv(&entries);
    let fresh = Journal::in_memory().expect("an in-memory journal");
    let back = fresh.import_csv("export.csv", &exported).expect("an export imports");
    assert_eq!(back.added, entries.len(), "the export holds every session");
    assert_eq!(export_csv(&fresh.entries().expect("entries")), exported, "export, import, export is stable");
    true
}

/// A script file's bytes: loaded, checked, and when it loads, compiled
/// with a few option sets (the defaults, the extremes, and one derived from
/// the input) and probed. Returns whether it loaded.
pub fn script(data: &[u8], base_dir: &Path) -> bool {
    let Ok(text) = std::str::from_utf8(data) else {
        return false;
    };
    let seed = data.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, b| (h ^ u64::from(*b)).wrapping_mul(0x100_0000_01b3));
    let mut options = vec![
        CompileOptions::default(),
        CompileOptions { tempo: 0.5, target_length: Some(Micros::from_secs(720 * 60)), skip: vec![], voice: None },
        CompileOptions {
            tempo: 2.0,
            target_length: Some(Micros(1)),
            skip: vec!["legs".into(), "face".into()],
            voice: Some(Voice::builtin()),
        },
    ];
    options.push(options_from(&mut Bytes::new(&seed.to_le_bytes())));
    load_and_check(text, base_dir, &options)
}

/// A script generated from the bytes: known and unknown keys, step kinds,
/// muscle names and skip words with values of every type, so most inputs
/// get past the TOML parser into validation and the compiler. The first
/// bytes choose the compile options. Returns whether it loaded.
pub fn script_structured(data: &[u8], base_dir: &Path) -> bool {
    let mut b = Bytes::new(data);
    let options = options_from(&mut b);
    let text = generate_script(&mut b);
    load_and_check(&text, base_dir, &[options])
}

/// A settings file's bytes: loading never fails (a damaged file is set
/// aside), what loads is within range, and saving it reads back the same.
/// Returns whether the file was read (not set aside).
pub fn settings(data: &[u8], dir: &Path) -> bool {
    let path = dir.join("settings.toml");
    let file = SettingsFile::new(path.clone());
    std::fs::write(&path, data).expect("write the settings input");
    let loaded = file.load();
    let s = &loaded.settings;
    match &loaded.notice {
        Some(notice) => {
            assert_eq!(*s, Settings::default(), "a damaged file gives the defaults");
            assert!(!path.exists(), "a damaged file is moved aside: {}", notice.text);
            let aside = dir.join("settings.toml.damaged");
            assert_eq!(std::fs::read(&aside).expect("the damaged file is kept"), data, "kept byte for byte");
            std::fs::remove_file(aside).expect("clean up");
            false
        }
        None => {
            assert!((-300..=300).contains(&s.latency_offset_ms));
            for v in [s.volumes.voice, s.volumes.cues, s.volumes.ambient] {
                assert!((0.0..=1.0).contains(&v), "volume {v} out of range");
            }
            assert!(s.recent.len() <= MAX_RECENT);
            file.save(s).expect("save settings");
            let again = file.load();
            assert_eq!(again.notice, None, "saved settings read back");
            assert_eq!(again.settings, *s, "saved settings read back the same");
            true
        }
    }
}

/// Journal entries built from the bytes (titles, sources and notes a
/// stranger's script or the user typed): the CSV export has one header,
/// and every field reads back exactly through an RFC 4180 reader.
pub fn csv_export(data: &[u8]) {
    let mut b = Bytes::new(data);
    let mut entries = Vec::new();
    while !b.is_empty() && entries.len() < 8 {
        let ratings = (0..b.byte() % 4)
            .map(|i| Rating {
                at: Timestamp(0),
                step: usize::from(b.byte()) + i as usize,
                scale: RateScale::ALL[usize::from(b.byte()) % RateScale::ALL.len()],
                value: b.byte() % 11,
            })
            .collect();
        entries.push(Entry {
            id: SessionId(entries.len() as i64),
            started: Timestamp(0),
            started_local: b.text(20),
            source: b.text(40),
            title: b.text(40),
            played_s: b.float(),
            completed: b.byte().is_multiple_of(2),
            ratings,
            note: (b.byte().is_multiple_of(2)).then(|| b.text(60)),
        });
    }
    let csv = export_csv(&entries);
    let rows = read_csv(&csv);
    assert_eq!(rows[0][0], "date", "one header row");
    let expected: usize = entries.iter().map(|e| e.ratings.len().max(1)).sum();
    assert_eq!(rows.len(), expected + 1, "one row per rating or rating-less session:\n{csv}");
    let mut row = rows.iter().skip(1);
    for e in entries.iter().rev() {
        for _ in 0..e.ratings.len().max(1) {
            let r = row.next().expect("a row");
            assert_eq!(r.len(), 10, "ten fields in {r:?}");
            let note = e.note.clone().unwrap_or_default();
            assert_eq!(
                (&r[0], &r[1], &r[2], &r[8]),
                (&e.started_local, &cell(&e.title), &cell(&e.source), &cell(&note))
            );
            for text in [&r[1], &r[2], &r[8]] {
                assert!(!text.starts_with(['=', '+', '-', '@', '\t', '\r']), "a spreadsheet would run {text:?}");
            }
        }
    }
}

fn load_and_check(text: &str, base_dir: &Path, options: &[CompileOptions]) -> bool {
    let loaded = match load_str("fuzz.toml", text, Some(base_dir)) {
        Ok(loaded) => loaded,
        Err(report) => {
            assert!(report.has_errors(), "a failed load says why");
            check_report(&report);
            return false;
        }
    };
    check_report(&loaded.report);
    for o in options {
        let t = compile(&loaded.script, o);
        check_timeline(&t, loaded.script.steps.len());
        assert_eq!(t, compile(&loaded.script, o), "compiling is deterministic");
    }
    true
}

fn check_report(report: &Report) {
    let rendered = report.render();
    for d in &report.diagnostics {
        assert!(!d.message.is_empty(), "every diagnostic says something");
        if let Some(span) = &d.span {
            assert!(span.start <= span.end && span.end <= report.source.len(), "span {span:?} inside the file");
            assert!(report.location(d).is_some(), "a span has a line and column");
        }
    }
    assert!(report.diagnostics.is_empty() || !rendered.is_empty());
    let _ = report.summary();
}

/// The timeline's promises to every reader (the same ones
/// tests/timeline_props.rs checks on generated `Script`s).
fn check_timeline(t: &Timeline, steps: usize) {
    let mut at = Micros::ZERO;
    for s in &t.segments {
        assert_eq!(s.start, at, "gap or overlap before {s:?}");
        assert!(s.end > s.start, "empty segment {s:?}");
        at = s.end;
    }
    assert_eq!(at, t.duration, "segments cover the session");
    assert_eq!(t.steps.len(), steps, "one span per step");
    for w in t.cues.windows(2) {
        assert!(w[0].at <= w[1].at, "cues sorted");
    }
    for c in &t.cues {
        let seg = &t.segments[c.segment];
        assert_eq!((c.at, c.step), (seg.start, seg.step), "a cue starts its segment");
    }
    let json: serde_json::Value = serde_json::from_str(&to_json(t)).expect("timeline JSON parses");
    assert_eq!(json["segments"].as_array().map(Vec::len), Some(t.segments.len()));
    for p in [Micros::ZERO, Micros(t.duration.0 / 3), t.duration, Micros(u64::MAX)] {
        let now = Now::at(t, p);
        assert!((0.0..=1.0).contains(&now.progress), "progress {} at {p:?}", now.progress);
        let _ = (t.step_at(p), t.next_step_start(p));
        let _ = t.previous_step_start(p, Micros::SECOND);
    }
    let _ = t.section_starts();
}

fn options_from(b: &mut Bytes) -> CompileOptions {
    let tempo = match b.byte() {
        0 => f64::NAN,
        1 => f64::INFINITY,
        2 => -1.0,
        3 => 0.0,
        4 => 1e300,
        n => 0.4 + f64::from(n) / 255.0 * 1.8,
    };
    let target_length = match b.byte() {
        0..=99 => None,
        100 => Some(Micros::ZERO),
        101 => Some(Micros(1)),
        102 => Some(Micros::from_secs(720 * 60)),
        103 => Some(Micros(u64::MAX / 2)),
        n => Some(Micros::from_secs(u64::from(n) * 20)),
    };
    let words: Vec<&str> = muscles::skip_words().collect();
    let skip = (0..b.byte() % 4).map(|_| b.pick(&words).to_string()).collect();
    // The built-in voice lengthens every spoken segment to fit its clip.
    let voice = b.byte().is_multiple_of(2).then(Voice::builtin);
    CompileOptions { tempo, target_length, skip, voice }
}

/// Half the generated scripts are meant to be valid (every required key,
/// values in range, no audio files that cannot exist), so they get through
/// validation into the compiler; the other half bend every rule.
fn generate_script(b: &mut Bytes) -> String {
    let clean = b.byte().is_multiple_of(2);
    let mut out = String::new();
    for field in fields::HEADER {
        let written = if clean {
            field.required || b.byte().is_multiple_of(4)
        } else {
            !b.byte().is_multiple_of(8) || field.required && !b.byte().is_multiple_of(4)
        };
        if written && field.name != "step" {
            write_field(&mut out, b, field, clean);
        }
    }
    let steps = if clean { 1 + b.byte() % 8 } else { b.byte() % 12 };
    for _ in 0..steps {
        out.push_str("[[step]]\n");
        let kind =
            if !clean && b.byte().is_multiple_of(16) { b.text(8) } else { b.pick(fields::STEP_KINDS).to_string() };
        out.push_str(&format!("kind = {}\n", quote(&kind)));
        let own = StepKind::from_name(&kind).map_or(&[][..], fields::step_fields);
        for field in fields::STEP_COMMON.iter().chain(own) {
            let written = match (clean, field.name) {
                (_, "kind") => false,
                // One way to say how long a breathing step lasts.
                (true, "cycles") => true,
                (true, "minutes") => false,
                (true, _) => field.required || b.byte().is_multiple_of(4),
                (false, _) => b.byte().is_multiple_of(3),
            };
            if written {
                write_field(&mut out, b, field, clean);
            }
        }
    }
    out
}

fn write_field(out: &mut String, b: &mut Bytes, field: &fields::Field, clean: bool) {
    // An audio file a valid script names must exist beside it.
    if clean && matches!(field.ty, fields::FieldType::AudioPath) {
        return;
    }
    let key = if clean { field.name.to_string() } else { key(b, field.name) };
    out.push_str(&format!("{key} = {}\n", value(b, field, clean)));
}

/// The key as written, or now and then misspelt or unknown.
fn key(b: &mut Bytes, name: &str) -> String {
    match b.byte() % 32 {
        0 => format!("{name}x"),
        1 => name.chars().rev().collect(),
        2 => quote(name),
        _ => name.to_string(),
    }
}

fn value(b: &mut Bytes, field: &fields::Field, clean: bool) -> String {
    use fields::FieldType::*;
    if !clean && b.byte().is_multiple_of(8) {
        return wild_value(b);
    }
    match field.ty {
        Text if clean => quote(b.pick(&["Breathe", "Let the shoulders soften", "Notice the floor", "é ☀"])),
        Text | AudioPath => quote(&b.text(24)),
        // Valid values stay small, so the session stays under 12 hours.
        Integer { min, max } if clean => (min + i64::from(b.byte()) % (max.min(min + 10) - min + 1)).to_string(),
        Integer { min, max } => {
            let v = match b.byte() % 4 {
                0 => min,
                1 => max,
                _ => min + i64::from(b.byte()) % (max - min + 1).max(1),
            };
            v.to_string()
        }
        Number { min, max } if clean => {
            let top = max.min(min + 30.0);
            format!("{:?}", min + (top - min) * (f64::from(b.byte()) + 1.0) / 256.0)
        }
        Number { min, max } => {
            let v = match b.byte() % 5 {
                0 => min,
                1 => max,
                2 => max * 1.0001,
                _ => min + (max - min) * f64::from(b.byte()) / 255.0,
            };
            format!("{v:?}")
        }
        // `group` lists no names of its own: they are the muscle catalogue's.
        Choice([]) => {
            let names: Vec<&str> = muscles::all().map(|g| g.name).collect();
            quote(b.pick(&names))
        }
        // `glide` follows the breath and fits breathing steps only.
        Choice(names) if clean => {
            let fitting: Vec<&str> = names.iter().copied().filter(|n| *n != "glide").collect();
            quote(b.pick(&fitting))
        }
        Choice(names) => quote(b.pick(names)),
        Ambient if clean => quote(b.pick(&["rain", "ocean", "pink-noise", "brown-noise", "none"])),
        Ambient => {
            quote(b.pick(&["rain", "ocean", "pink-noise", "brown-noise", "none", "stream", "missing.ogg", "../x.wav"]))
        }
        Groups if clean => quote(b.pick(&["16", "7", "4"])),
        Groups => {
            if b.byte().is_multiple_of(2) {
                quote(b.pick(&["16", "7", "4", "5"]))
            } else {
                let names: Vec<&str> = muscles::all().map(|g| g.name).collect();
                let n = b.byte() % 6;
                let list: Vec<String> = (0..n).map(|_| quote(b.pick(&names))).collect();
                format!("[{}]", list.join(", "))
            }
        }
        TextList => {
            let words: Vec<&str> = muscles::skip_words().collect();
            let n = b.byte() % 4;
            let list: Vec<String> = (0..n).map(|_| quote(b.pick(&words))).collect();
            format!("[{}]", list.join(", "))
        }
        Table(inner) => {
            let mut parts = Vec::new();
            for f in inner {
                if b.byte().is_multiple_of(2) && !(clean && matches!(f.ty, AudioPath)) {
                    parts.push(format!("{} = {}", f.name, value(b, f, clean)));
                }
            }
            format!("{{ {} }}", parts.join(", "))
        }
        // Arrays of tables (course files) and steps come out empty here.
        Steps | Tables(_) => "[]".into(),
    }
}

fn wild_value(b: &mut Bytes) -> String {
    match b.byte() % 12 {
        0 => "nan".into(),
        1 => "inf".into(),
        2 => "-inf".into(),
        3 => "-1".into(),
        4 => "0".into(),
        5 => "9223372036854775807".into(),
        6 => "1e308".into(),
        7 => "true".into(),
        8 => "[]".into(),
        9 => "{}".into(),
        10 => "1979-05-27T07:32:00Z".into(),
        _ => quote(&b.text(40)),
    }
}

/// A TOML basic string.
fn quote(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// RFC 4180 records: quoted fields may hold commas, quotes and newlines.
fn read_csv(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let (mut row, mut field) = (Vec::new(), String::new());
    let mut chars = text.chars().peekable();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') if field.is_empty() => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut field)),
            (false, '\n') => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (false, c) => field.push(c),
        }
    }
    assert!(!quoted && field.is_empty() && row.is_empty(), "the CSV ends with a complete row");
    rows
}

/// Reads choices from the fuzz input; past its end every read is zero.
pub struct Bytes<'a> {
    data: &'a [u8],
}

impl<'a> Bytes<'a> {
    pub fn new(data: &'a [u8]) -> Self {
        Bytes { data }
    }

    fn is_empty(&self) -> bool {
        self.data.is_empty()
    }

    fn byte(&mut self) -> u8 {
        match self.data.split_first() {
            Some((b, rest)) => {
                self.data = rest;
                *b
            }
            None => 0,
        }
    }

    fn pick<'s>(&mut self, from: &[&'s str]) -> &'s str {
        from[usize::from(self.byte()) % from.len()]
    }

    fn float(&mut self) -> f64 {
        let mut raw = [0u8; 8];
        raw.iter_mut().for_each(|r| *r = self.byte());
        f64::from_le_bytes(raw)
    }

    /// Up to `max` characters of any kind, UTF-8 decoded leniently.
    fn text(&mut self, max: usize) -> String {
        let n = (usize::from(self.byte()) % (max + 1)).min(self.data.len());
        let (head, rest) = self.data.split_at(n);
        self.data = rest;
        String::from_utf8_lossy(head).into_owned()
    }
}

/// A package's bytes, opened as a stranger's package is: refused with a
/// message that names the package, or unpacked with exactly the files its
/// manifest lists, each of its listed size, and nothing else.
pub fn package(data: &[u8], dir: &Path) -> bool {
    let file = dir.join("fuzz.respite");
    std::fs::write(&file, data).expect("the fuzz folder is writable");
    let into = dir.join("unpacked");
    let _ = std::fs::remove_dir_all(&into);
    std::fs::create_dir(&into).expect("the fuzz folder is writable");
    match respite::package::unpack(&file, &into) {
        Ok(unpacked) => {
            let mut listed: Vec<String> = unpacked.manifest.files.iter().map(|f| f.path.clone()).collect();
            listed.sort();
            assert_eq!(files_under(&into, &into), listed, "exactly the listed files are unpacked");
            for f in &unpacked.manifest.files {
                assert_eq!(std::fs::metadata(into.join(&f.path)).map(|m| m.len()).ok(), Some(f.size), "{}", f.path);
            }
            assert!(!unpacked.title.is_empty());
            true
        }
        Err(e) => {
            let why = e.message.strip_prefix("cannot open fuzz.respite: ").expect("a refusal names the package");
            assert!(!why.trim().is_empty(), "a refusal says why");
            false
        }
    }
}

/// A package generated from the bytes: a script with an ambient bed and
/// maybe a voice folder, then now and then a hostile change (a path that
/// escapes, a link, a stray program, a manifest that lies about a size,
/// a checksum or its format, a file left out or added), so most inputs
/// reach every check and about half are meant to be accepted.
pub fn package_structured(data: &[u8], dir: &Path) -> bool {
    package(&generate_package(&mut Bytes::new(data)), dir)
}

fn generate_package(b: &mut Bytes) -> Vec<u8> {
    use sha2::{Digest, Sha256};
    use std::io::Write;
    use zip::write::SimpleFileOptions;

    let wav: &[u8] = b"RIFF\x2c\0\0\0WAVEfmt \x10\0\0\0\x01\0\x01\0\x22\x56\0\0\x44\xac\0\0\x02\0\x10\0data\x08\0\0\0\0\0\0\0\0\0\0\0";
    let script = "format = 1\ntitle = \"Fuzz\"\nkind = \"imagery\"\nsummary = \"s\"\n[sound]\nambient = \"bed.wav\"\n\
                  [[step]]\nkind = \"say\"\ntext = \"Hello.\"\n";
    let mut entries: Vec<(String, Vec<u8>)> = vec![("s.toml".into(), script.into()), ("bed.wav".into(), wav.to_vec())];
    if b.byte().is_multiple_of(2) {
        let id = respite::timeline::narration::line_id("Hello.");
        let hash = respite::timeline::narration::text_hash("Hello.");
        let manifest =
            format!(r#"{{"format": 1, "lines": {{"{id}": {{"file": "a.wav", "secs": 0.5, "text_hash": "{hash}"}}}}}}"#);
        entries.push(("s.voice/manifest.json".into(), manifest.into_bytes()));
        entries.push(("s.voice/a.wav".into(), wav.to_vec()));
    }
    let hostile = !b.byte().is_multiple_of(2);
    let names = [
        "../x.wav",
        "/abs.wav",
        "a\\b.wav",
        "x.exe",
        "ok.ogg",
        "s.voice/manifest.json",
        "BED.wav",
        "bed.wav",
        "c:/x.wav",
        "sub/dir/clip.flac",
        "s.toml",
        "t.toml",
        ".hidden.wav",
        "nul.wav",
        "a//b.wav",
        "é.mp3",
    ];
    let mut links = Vec::new();
    if hostile {
        for _ in 0..1 + b.byte() % 3 {
            let name = b.pick(&names).to_string();
            let data = match b.byte() % 4 {
                0 => wav.to_vec(),
                1 => b"\x7fELF".to_vec(),
                _ => b.text(32).into_bytes(),
            };
            if b.byte().is_multiple_of(5) {
                links.push(name);
            } else if b.byte().is_multiple_of(3) {
                let at = usize::from(b.byte()) % entries.len();
                entries[at] = (name, data);
            } else {
                entries.push((name, data));
            }
        }
    }
    let mut files: Vec<serde_json::Value> = entries
        .iter()
        .map(|(name, data)| {
            let sha: String = Sha256::digest(data).iter().map(|x| format!("{x:02x}")).collect();
            serde_json::json!({"path": name, "size": data.len(), "sha256": sha})
        })
        .collect();
    let mut manifest = serde_json::json!({"format": 1, "title": "Fuzz", "made_by": "fuzz", "script": "s.toml"});
    if hostile {
        let at = usize::from(b.byte()) % files.len();
        match b.byte() % 8 {
            0 => files[at]["size"] = (u64::from(b.byte()) << (b.byte() % 40)).into(),
            1 => files[at]["sha256"] = "00".into(),
            2 => manifest["format"] = u64::from(b.byte() % 3).into(),
            3 => manifest["script"] = b.pick(&names).into(),
            4 => {
                files.remove(at);
            }
            5 => files.push(files[at].clone()),
            6 => files[at]["path"] = b.pick(&names).into(),
            _ => {}
        }
    }
    manifest["files"] = files.into();
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let method =
        if b.byte().is_multiple_of(2) { zip::CompressionMethod::Stored } else { zip::CompressionMethod::Deflated };
    let options = SimpleFileOptions::default().compression_method(method);
    let mut written = std::collections::HashSet::new();
    for (name, data) in &entries {
        // The writer itself refuses a name twice.
        if written.insert(name.clone()) && w.start_file(name.as_str(), options).is_ok() {
            w.write_all(data).expect("writing to memory");
        }
    }
    for name in links {
        if written.insert(name.clone()) {
            let _ = w.add_symlink(name.as_str(), "/etc/passwd", options);
        }
    }
    if !(hostile && b.byte().is_multiple_of(7)) && w.start_file("respite-package.json", options).is_ok() {
        w.write_all(manifest.to_string().as_bytes()).expect("writing to memory");
    }
    w.finish().map(std::io::Cursor::into_inner).unwrap_or_default()
}

fn files_under(root: &Path, dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).expect("the folder unpacked into") {
        let p = e.expect("a folder entry").path();
        if p.is_dir() {
            out.extend(files_under(root, &p));
        } else {
            out.push(p.strip_prefix(root).expect("inside").to_string_lossy().replace('\\', "/"));
        }
    }
    out.sort();
    out
}
