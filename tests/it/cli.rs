//! The real `respite` binary: check, list, timeline and schema, as a user
//! or another tool would call them.

use crate::support::{respite, respite_command, stderr, stdout};

fn builtin_names() -> Vec<String> {
    respite::script::builtin::ALL.iter().map(|b| format!("builtin:{}", b.name)).collect()
}

#[test]
fn check_passes_every_builtin() {
    let names = builtin_names();
    let args: Vec<&str> = std::iter::once("check").chain(names.iter().map(String::as_str)).collect();
    let out = respite(&args);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stderr(&out).matches("ok: builtin:").count(), names.len());
}

#[test]
fn check_fails_with_a_located_message() {
    let out = respite(&["check", "tests/bad/unknown-key.toml"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("unknown key `inhal` in step 1 (breathe)"), "{err}");
    assert!(err.contains("tests/bad/unknown-key.toml:8:1"), "{err}");
    assert!(err.contains("inhal = 4"), "shows the source line: {err}");
    assert!(err.contains("did you mean `inhale`?"), "{err}");
}

#[test]
fn check_reports_every_file_and_fails_if_any_fails() {
    let out = respite(&["check", "builtin:safe-place", "tests/bad/long-phase.toml", "no/such/file.toml"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("ok: builtin:safe-place"), "{err}");
    assert!(err.contains("failed: tests/bad/long-phase.toml"), "{err}");
    assert!(err.contains("cannot read `no/such/file.toml`: no such file"), "{err}");
}

#[test]
fn check_needs_a_file() {
    let out = respite(&["check"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("FILE"), "{}", stderr(&out));
}

#[test]
fn list_prints_name_kind_length_title_per_builtin() {
    let out = respite(&["list"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), respite::script::builtin::ALL.len());
    for b in respite::script::builtin::ALL {
        let line = lines.iter().find(|l| l.split_whitespace().next() == Some(b.name)).expect(b.name);
        let fields: Vec<&str> = line.split_whitespace().collect();
        assert!(respite::script::SessionKind::ALL.iter().any(|k| k.name() == fields[1]), "{line}");
        assert!(fields[2].contains(':'), "length as m:ss in {line}");
        let loaded = respite::timeline::load_any(&format!("builtin:{}", b.name)).unwrap();
        assert!(line.ends_with(&loaded.script.title), "{line}");
    }
    // Grouped by kind: each kind's lines are together.
    let kinds: Vec<&str> = lines.iter().map(|l| l.split_whitespace().nth(1).unwrap()).collect();
    let mut seen = Vec::new();
    for k in &kinds {
        if seen.last() != Some(k) {
            assert!(!seen.contains(k), "kind {k} appears in two groups: {kinds:?}");
            seen.push(k);
        }
    }
}

#[test]
fn timeline_json_has_the_documented_shape() {
    let out = respite(&["timeline", "builtin:resonance-breathing", "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("valid JSON");
    let keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(keys.len(), 4, "{keys:?}");
    assert!(v["title"].is_string());
    let duration = v["duration_s"].as_f64().unwrap();
    let segments = v["segments"].as_array().unwrap();
    assert!(!segments.is_empty());
    for s in segments {
        // Six fields, and a spoken segment adds its line and its length.
        let fields = s.as_object().unwrap().len();
        assert!(fields == 6 || (fields == 8 && s["voice"].is_string() && s["voice_s"].is_f64()), "{s}");
        assert!(s["start_s"].is_f64() && s["end_s"].is_f64() && s["step"].is_u64());
        assert!(s["kind"].is_string() && s["label"].is_string() && s["text"].is_string());
    }
    assert_eq!(segments.last().unwrap()["end_s"].as_f64().unwrap(), duration);
    let cues = v["cues"].as_array().unwrap();
    assert!(!cues.is_empty());
    for c in cues {
        assert_eq!(c.as_object().unwrap().len(), 3, "{c}");
        assert!(c["at_s"].is_f64() && c["sound"].is_string() && c["step"].is_u64());
    }
    let kinds: Vec<&str> = segments.iter().map(|s| s["kind"].as_str().unwrap()).collect();
    assert!(kinds.contains(&"inhale") && kinds.contains(&"exhale") && kinds.contains(&"rate"));
}

#[test]
fn timeline_tempo_and_length_change_the_duration() {
    let duration = |args: &[&str]| {
        let mut all = vec!["timeline", "builtin:resonance-breathing", "--json"];
        all.extend_from_slice(args);
        let out = respite(&all);
        assert!(out.status.success(), "{}", stderr(&out));
        serde_json::from_str::<serde_json::Value>(&stdout(&out)).unwrap()["duration_s"].as_f64().unwrap()
    };
    let normal = duration(&[]);
    let slow = duration(&["--tempo", "0.5"]);
    assert!((slow / normal - 2.0).abs() < 1e-6, "{slow} vs {normal}");
    let twenty = duration(&["--length", "20"]);
    assert!((twenty - 1200.0).abs() <= 10.0, "asked for 20 minutes, got {twenty} s");
}

#[test]
fn timeline_refuses_absurd_options() {
    let out = respite(&["timeline", "builtin:safe-place", "--tempo", "5"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("tempo must be between 0.5 and 2"), "{}", stderr(&out));
    let out = respite(&["timeline", "builtin:safe-place", "--length", "-3"]);
    assert_eq!(out.status.code(), Some(2));
    let out = respite(&["timeline", "builtin:nope"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("there is no built-in session `nope`"), "{}", stderr(&out));
}

#[test]
fn timeline_text_lists_segments() {
    let out = respite(&["timeline", "builtin:pmr-7-groups"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("tense") && text.contains("release"), "{text}");
    assert!(text.contains("Dominant arm"), "{text}");
}

#[test]
fn schema_is_json_schema_and_matches_builtins_keys() {
    let out = respite(&["schema"]);
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("valid JSON");
    assert_eq!(v["$schema"], "http://json-schema.org/draft-07/schema#");
    // Every key the built-ins use is in the schema.
    for b in respite::script::builtin::ALL {
        let doc: toml::Table = toml::from_str(b.text).unwrap();
        for key in doc.keys() {
            assert!(v["properties"].get(key).is_some(), "{}: `{key}` missing from schema", b.name);
        }
    }
}

#[test]
fn every_subcommand_has_help() {
    for sub in ["check", "list", "timeline", "schema"] {
        let out = respite(&[sub, "--help"]);
        assert!(out.status.success(), "{sub}");
        assert!(stdout(&out).contains("Usage: respite"), "{sub}: {}", stdout(&out));
    }
}

#[test]
fn a_closed_pipe_is_not_a_crash() {
    use std::io::Read;
    use std::process::Stdio;
    let mut child = respite_command()
        .args(["timeline", "builtin:resonance-breathing", "--tempo", "0.5"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 16];
    child.stdout.take().unwrap().read_exact(&mut first).unwrap(); // then drop: the pipe closes
    let status = child.wait().unwrap();
    let mut err = String::new();
    child.stderr.take().unwrap().read_to_string(&mut err).unwrap();
    assert!(!err.contains("panicked"), "{err}");
    assert!(status.success(), "{status:?} {err}");
}
