//! The built-in session library: every script loads without warnings,
//! compiles, lasts a realistic time, gives its words time to be read aloud,
//! shows up in `respite list`, and keeps the protocol facts it names
//! (see ../shared/CLINICAL.md and docs/library.md).

use std::process::Command;

use respite::script::muscles::GroupId;
use respite::script::{Breathe, Pmr, RateScale, Script, SessionKind, StepBody, StepKind, builtin, muscles};
use respite::timeline::{CompileOptions, Segment, SegmentKind, Timeline, compile, load_str};

/// Every built-in with its realistic length in minutes, (min, max). A new
/// built-in must be added here.
const LENGTHS: &[(&str, f64, f64)] = &[
    ("long-exhale-beginners", 3.0, 6.0),
    ("resonance-breathing", 10.0, 15.0),
    ("coherent-breathing", 10.0, 15.0),
    ("diaphragmatic-breathing", 6.0, 12.0),
    ("cyclic-sighing", 5.0, 9.0),
    ("box-breathing", 4.0, 8.0),
    ("breathing-4-7-8", 2.0, 4.0),
    ("resonance-rate-exploration", 12.0, 20.0),
    ("rescue-flare-breath", 2.0, 3.0),
    ("pmr-16-groups", 20.0, 35.0),
    ("pmr-7-groups", 15.0, 20.0),
    ("pmr-4-groups", 7.0, 12.0),
    ("pmr-release-only", 7.0, 12.0),
    ("pmr-cue-controlled", 4.0, 8.0),
    ("pmr-gentle-pain-aware", 8.0, 14.0),
    ("rescue-flare-soften", 2.0, 3.0),
    ("safe-place", 8.0, 15.0),
    ("beach", 10.0, 20.0),
    ("forest-walk", 10.0, 20.0),
    ("body-scan", 10.0, 20.0),
    ("rescue-flare-place", 2.0, 3.0),
    ("unwind-breath-body-place", 12.0, 25.0),
];

/// Calm narration pace.
const WORDS_PER_MINUTE: f64 = 130.0;
/// A breath after the words, before the next thing starts.
const BREATH_S: f64 = 1.0;

// ---- helpers ----

fn text_of(name: &str) -> &'static str {
    builtin::find(name).unwrap_or_else(|| panic!("no built-in `{name}`")).text
}

/// Loads a built-in, failing on any error or warning, and compiles it.
fn load(name: &str) -> (Script, Timeline) {
    let loaded = match load_str(&format!("builtin:{name}"), text_of(name), None) {
        Ok(l) => l,
        Err(report) => panic!("builtin:{name} does not load:\n{}", report.render()),
    };
    assert!(loaded.report.warnings().next().is_none(), "builtin:{name} has warnings:\n{}", loaded.report.render());
    let timeline = compile(&loaded.script, &CompileOptions::default());
    (loaded.script, timeline)
}

fn secs(s: &Segment) -> f64 {
    s.duration().as_secs_f64()
}

fn minutes(t: &Timeline) -> f64 {
    t.duration.as_secs_f64() / 60.0
}

/// Seconds needed to read `text` aloud at a calm pace, plus a breath.
fn reading_need(text: &str) -> f64 {
    text.split_whitespace().count() as f64 / WORDS_PER_MINUTE * 60.0 + BREATH_S
}

/// Spoken or read segments whose time is shorter than their words need:
/// narration, the release instructions, and rating questions.
fn rushed(t: &Timeline) -> Vec<String> {
    t.segments
        .iter()
        .filter(|s| matches!(s.kind, SegmentKind::Say | SegmentKind::Release(_) | SegmentKind::Rate(_)))
        .filter(|s| secs(s) + 1e-6 < reading_need(&s.text))
        .map(|s| format!("{:.1} s < {:.1} s needed: {}", secs(s), reading_need(&s.text), s.text))
        .collect()
}

fn breathe_steps(script: &Script) -> Vec<&Breathe> {
    script.steps.iter().filter_map(|s| if let StepBody::Breathe(b) = &s.body { Some(b) } else { None }).collect()
}

fn pmr_steps(script: &Script) -> Vec<&Pmr> {
    script.steps.iter().filter_map(|s| if let StepBody::Pmr(p) = &s.body { Some(p) } else { None }).collect()
}

/// Seconds spent in breathing segments.
fn breathing_s(t: &Timeline) -> f64 {
    t.segments.iter().filter(|s| s.kind.is_breath()).map(secs).sum()
}

/// Breaths a minute of a breathing step at its starting pace.
fn rate_per_min(b: &Breathe) -> f64 {
    60.0 / b.pace.cycle().as_secs_f64()
}

/// The segments of one kind (whatever their group or scale).
fn segs(t: &Timeline, kind: SegmentKind) -> Vec<&Segment> {
    t.segments.iter().filter(|s| s.kind.is_like(kind)).collect()
}

/// Stands for "any group" when asking for tense or release segments.
fn any_group() -> GroupId {
    GroupId::find("abdomen").expect("abdomen is in the catalogue")
}

fn labels(script: &Script) -> Vec<&str> {
    script.steps.iter().map(|s| s.label.as_deref().unwrap_or("")).collect()
}

fn assert_between(what: &str, x: f64, lo: f64, hi: f64) {
    assert!((lo - 1e-6..=hi + 1e-6).contains(&x), "{what}: {x:.2} is outside {lo}..={hi}");
}

// ---- every built-in ----

#[test]
fn every_builtin_loads_cleanly_and_compiles_to_contiguous_segments() {
    assert!(builtin::ALL.len() >= 20, "the library has shrunk to {}", builtin::ALL.len());
    for b in builtin::ALL {
        let (script, t) = load(b.name);
        assert!(!script.title.trim().is_empty() && !script.summary.trim().is_empty(), "{}: title and summary", b.name);
        assert!(!t.segments.is_empty(), "{} compiles to nothing", b.name);
        assert_eq!(t.segments[0].start.0, 0, "{}", b.name);
        for w in t.segments.windows(2) {
            assert_eq!(w[0].end, w[1].start, "{}: a gap or overlap at {:?}", b.name, w[0].end);
        }
        assert_eq!(t.segments.last().unwrap().end, t.duration, "{}", b.name);
    }
}

#[test]
fn every_builtin_declares_a_realistic_length_and_keeps_it() {
    for b in builtin::ALL {
        assert!(LENGTHS.iter().any(|l| l.0 == b.name), "add `{}` to LENGTHS in tests/builtins.rs", b.name);
    }
    for (name, lo, hi) in LENGTHS {
        let (_, t) = load(name);
        assert_between(&format!("{name} length in minutes"), minutes(&t), *lo, *hi);
    }
}

#[test]
fn every_say_release_and_rating_gives_its_words_time_at_130_words_a_minute() {
    let mut problems = Vec::new();
    for b in builtin::ALL {
        let (_, t) = load(b.name);
        problems.extend(rushed(&t).into_iter().map(|p| format!("{}: {p}", b.name)));
    }
    assert!(problems.is_empty(), "words that do not fit their time:\n{}", problems.join("\n"));
}

#[test]
fn the_reading_time_check_catches_a_rushed_step() {
    let text = r#"
format = 1
title = "Rushed"
kind = "imagery"
summary = "Too many words for the time."

[[step]]
kind = "say"
text = "Now imagine a gentle staircase of ten steps, and with each step down you feel calmer and calmer and calmer still."
seconds = 5
"#;
    let loaded = load_str("rushed.toml", text, None).expect("loads");
    let t = compile(&loaded.script, &CompileOptions::default());
    assert_eq!(rushed(&t).len(), 1);
}

#[test]
fn every_builtin_opens_with_a_comment_naming_its_protocol_and_source() {
    for b in builtin::ALL {
        let header: Vec<&str> = b.text.lines().take_while(|l| l.starts_with('#')).collect();
        assert!(header.len() >= 4, "{}: the script starts with a comment block", b.name);
        let header = header.join("\n");
        assert!(header.contains("# Protocol:"), "{}: `# Protocol:` line", b.name);
        assert!(header.contains("# Source:"), "{}: `# Source:` line", b.name);
    }
}

#[test]
fn breathing_and_tensing_sessions_carry_a_caution() {
    for b in builtin::ALL {
        let (script, _) = load(b.name);
        let breathes = !breathe_steps(&script).is_empty();
        let tenses = pmr_steps(&script).iter().any(|p| p.tense.0 > 0);
        if breathes || tenses {
            assert!(script.caution.is_some(), "{} needs a caution", b.name);
        }
        if breathes {
            let caution = script.caution.as_deref().unwrap_or("");
            assert!(caution.contains("light-headed"), "{}: the breathing caution names light-headedness", b.name);
        }
        if tenses {
            let caution = script.caution.as_deref().unwrap_or("");
            assert!(caution.contains("never to the point of pain"), "{}: tense without pain", b.name);
            assert!(caution.contains("cramp"), "{}: stop tensing a cramping muscle", b.name);
            assert!(caution.contains("contact lenses"), "{}: contact lenses", b.name);
        }
    }
}

#[test]
fn every_builtin_rates_before_and_after() {
    for b in builtin::ALL {
        let (script, _) = load(b.name);
        let is_rate = |s: &respite::script::Step| matches!(s.body, StepBody::Rate { .. });
        let n = script.steps.len();
        assert!(script.steps[..2].iter().any(is_rate), "{}: a rating at the start", b.name);
        assert!(script.steps[n - 2..].iter().any(is_rate), "{}: a rating at the end", b.name);
    }
}

#[test]
fn respite_list_groups_every_builtin_by_kind() {
    let out = Command::new(env!("CARGO_BIN_EXE_respite")).arg("list").output().expect("respite runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let rows: Vec<(&str, &str)> = stdout
        .lines()
        .filter(|l| !l.trim().is_empty())
        .filter_map(|l| {
            let mut words = l.split_whitespace();
            Some((words.next()?, words.next()?))
        })
        .filter(|(_, kind)| SessionKind::ALL.iter().any(|k| k.name() == *kind))
        .collect();
    for b in builtin::ALL {
        let (script, _) = load(b.name);
        let found: Vec<_> = rows.iter().filter(|r| r.0 == b.name).collect();
        assert_eq!(found.len(), 1, "`{}` is listed once:\n{stdout}", b.name);
        assert_eq!(found[0].1, script.kind.name(), "`{}` is listed under its kind", b.name);
    }
    // Kinds come in blocks, in the library's order.
    let order: Vec<usize> =
        rows.iter().map(|r| SessionKind::ALL.iter().position(|k| k.name() == r.1).unwrap()).collect();
    assert!(order.windows(2).all(|w| w[0] <= w[1]), "not grouped by kind:\n{stdout}");
    for kind in SessionKind::ALL {
        assert!(rows.iter().any(|r| r.1 == kind.name()), "no {} sessions in the list", kind.name());
    }
}

#[test]
fn docs_library_lists_every_builtin_with_its_length() {
    let doc =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/library.md")).expect("docs/library.md");
    for b in builtin::ALL {
        let (_, t) = load(b.name);
        let tag = format!("`builtin:{}`", b.name);
        let line = doc.lines().find(|l| l.contains(&tag)).unwrap_or_else(|| panic!("docs/library.md lacks {tag}"));
        let stated: f64 = line
            .split('|')
            .map(str::trim)
            .find_map(|cell| cell.strip_suffix(" min").and_then(|n| n.parse().ok()))
            .unwrap_or_else(|| panic!("no `N min` length on the line for {tag}: {line}"));
        assert!(
            (stated - minutes(&t)).abs() <= 1.0,
            "{tag}: the docs say {stated} min, it lasts {}",
            t.duration.clock()
        );
    }
}

// ---- progressive muscle relaxation ----

/// Tense and release times of every tensing PMR step (Bernstein &
/// Borkovec: tense 5–7 s, release 30–40 s, a few seconds between groups).
#[test]
fn pmr_sessions_tense_5_to_7_s_and_release_30_to_40_s() {
    for name in ["pmr-16-groups", "pmr-7-groups", "pmr-4-groups", "pmr-gentle-pain-aware", "unwind-breath-body-place"] {
        let (script, t) = load(name);
        assert!(!segs(&t, SegmentKind::Tense(any_group())).is_empty(), "{name} tenses");
        for s in segs(&t, SegmentKind::Tense(any_group())) {
            assert_between(&format!("{name} tense s"), secs(s), 5.0, 7.0);
        }
        for s in segs(&t, SegmentKind::Release(any_group())) {
            assert_between(&format!("{name} release s"), secs(s), 30.0, 40.0);
        }
        for p in pmr_steps(&script) {
            assert_between(&format!("{name} gap s"), p.gap.as_secs_f64(), 2.0, 10.0);
        }
    }
}

fn groups_done(t: &Timeline) -> Vec<&'static str> {
    let mut groups: Vec<&'static str> = Vec::new();
    for s in segs(t, SegmentKind::Release(any_group())) {
        let group = s.kind.group().expect("release segments name their group").name();
        if groups.last() != Some(&group) {
            groups.push(group);
        }
    }
    groups
}

#[test]
fn pmr_sequences_cover_16_7_and_4_groups() {
    for (name, sequence) in
        [("pmr-16-groups", muscles::SIXTEEN), ("pmr-7-groups", muscles::SEVEN), ("pmr-4-groups", muscles::FOUR)]
    {
        let (_, t) = load(name);
        let expected: Vec<_> = sequence.iter().map(|g| g.name).collect();
        assert_eq!(groups_done(&t), expected, "{name}");
    }
}

#[test]
fn the_16_group_first_session_does_each_group_twice_firmly() {
    let (script, t) = load("pmr-16-groups");
    let p = pmr_steps(&script)[0];
    assert_eq!(p.repeat, 2, "first sessions do each group twice");
    assert_eq!(segs(&t, SegmentKind::Tense(any_group())).len(), 32);
    assert!(segs(&t, SegmentKind::Release(any_group())).iter().all(|s| s.text.contains("relax")), "silently say relax");
}

#[test]
fn the_7_group_session_ends_with_about_2_minutes_of_quiet() {
    let (_, t) = load("pmr-7-groups");
    let last_release = t.segments.iter().rposition(|s| matches!(s.kind, SegmentKind::Release(_))).unwrap();
    let quiet: f64 = t.segments[last_release..].iter().filter(|s| s.kind == SegmentKind::Pause).map(secs).sum();
    assert!(quiet >= 110.0, "only {quiet} s of quiet after the last group");
}

#[test]
fn release_only_sessions_never_ask_to_tense() {
    for name in ["pmr-release-only", "rescue-flare-soften", "pmr-cue-controlled"] {
        let (_, t) = load(name);
        assert!(segs(&t, SegmentKind::Tense(any_group())).is_empty(), "{name} tenses");
        assert!(!segs(&t, SegmentKind::Release(any_group())).is_empty(), "{name} releases");
    }
    // Öst: relaxed within 5–7 minutes, from the head down to the feet.
    let (script, t) = load("pmr-release-only");
    let step = script.steps.iter().position(|s| matches!(s.body, StepBody::Pmr(_))).unwrap();
    let span = &t.steps[step];
    assert_between("release-only minutes", (span.end - span.start).as_secs_f64() / 60.0, 5.0, 7.0);
    let groups = groups_done(&t);
    assert_eq!(groups.len(), 16);
    assert_eq!(groups.first(), Some(&"forehead"));
    assert!(groups.last().unwrap().contains("foot"));
}

#[test]
fn cue_controlled_pairs_in_and_relax_with_the_breath_for_2_to_3_minutes() {
    let (script, t) = load("pmr-cue-controlled");
    let breaths = breathe_steps(&script);
    assert!(!breaths.is_empty());
    for b in breaths {
        assert_eq!((b.inhale_word.as_str(), b.exhale_word.as_str()), ("In…", "Relax…"));
    }
    assert_between("cue-controlled breathing minutes", breathing_s(&t) / 60.0, 2.0, 3.0);
}

#[test]
fn the_gentle_variant_uses_half_strength_and_shows_how_to_skip() {
    let name = "pmr-gentle-pain-aware";
    let (script, t) = load(name);
    // Each group is introduced, in the quiet before it, at half strength.
    let intros: Vec<_> = t.segments.iter().filter(|s| s.label.starts_with("Next: ")).collect();
    assert_eq!(intros.len(), groups_done(&t).len());
    assert!(intros.iter().all(|s| s.text.contains("half strength")), "{intros:?}");
    assert!(script.summary.contains("Leave out"), "the summary says how to leave areas out");
    assert!(text_of(name).lines().any(|l| l.trim_start().starts_with('#') && l.contains("skip = [")));
    // The skip list really removes those groups.
    let options = CompileOptions { skip: vec!["lower back".into(), "legs".into()], ..Default::default() };
    let skipped = compile(&script, &options);
    let left = groups_done(&skipped);
    assert_eq!(left, ["dominant arm", "non-dominant arm", "face", "neck"]);
    assert!(skipped.duration < t.duration);
}

// ---- breathing ----

fn single_pace(name: &str) -> (Script, Timeline, (f64, f64, f64, f64, f64)) {
    let (script, t) = load(name);
    let paces: Vec<_> = breathe_steps(&script)
        .iter()
        .map(|b| {
            let p = b.pace;
            assert!(b.to.is_none(), "{name} keeps one pace");
            let s = |m: respite::timeline::Micros| m.as_secs_f64();
            (s(p.inhale), s(p.top_up), s(p.hold_in), s(p.exhale), s(p.hold_out))
        })
        .collect();
    assert!(!paces.is_empty(), "{name} has breathing");
    assert!(paces.windows(2).all(|w| w[0] == w[1]), "{name} keeps one pace");
    (script, t, paces[0])
}

#[test]
fn slow_breathing_sessions_keep_their_ratios() {
    let (_, t, pace) = single_pace("resonance-breathing");
    assert_eq!(pace, (4.0, 0.0, 0.0, 6.0, 0.0), "resonance: 4 in, 6 out");
    assert!(breathing_s(&t) >= 9.5 * 60.0);
    let (_, t, pace) = single_pace("coherent-breathing");
    assert_eq!(pace, (5.0, 0.0, 0.0, 5.0, 0.0), "coherent: 5 in, 5 out");
    assert!(breathing_s(&t) >= 9.5 * 60.0);
    let (_, t, pace) = single_pace("long-exhale-beginners");
    assert_eq!(pace, (4.0, 0.0, 0.0, 6.0, 0.0), "long exhale: 4 in, 6 out");
    assert_between("beginners' breathing minutes", breathing_s(&t) / 60.0, 2.0, 4.0);
    let (_, _, pace) = single_pace("rescue-flare-breath");
    assert_eq!(pace, (4.0, 0.0, 0.0, 6.0, 0.0), "rescue: long exhale");
}

#[test]
fn box_breathing_is_4_4_4_4_with_a_caution_about_holds() {
    let (script, t, pace) = single_pace("box-breathing");
    assert_eq!(pace, (4.0, 0.0, 4.0, 4.0, 4.0));
    let kinds: Vec<_> = t.segments.iter().filter(|s| s.kind.is_breath()).map(|s| s.kind).collect();
    for four in kinds.chunks(4) {
        assert_eq!(four, [SegmentKind::Inhale, SegmentKind::HoldIn, SegmentKind::Exhale, SegmentKind::HoldOut]);
    }
    assert!(t.segments.iter().filter(|s| s.kind.is_breath()).all(|s| secs(s) == 4.0));
    let caution = script.caution.unwrap();
    for word in ["holds the breath", "pregnant", "epilepsy", "pacemaker"] {
        assert!(caution.contains(word), "box caution lacks `{word}`");
    }
}

#[test]
fn breathing_4_7_8_does_at_most_4_cycles_sitting_down() {
    let (script, t, pace) = single_pace("breathing-4-7-8");
    assert_eq!(pace, (4.0, 0.0, 7.0, 8.0, 0.0));
    let cycles = segs(&t, SegmentKind::Inhale).len();
    assert!((1..=4).contains(&cycles), "{cycles} cycles of 4-7-8; at most 4 the first time");
    let caution = script.caution.unwrap();
    assert!(caution.contains("light-headed") && caution.contains("Sit or lie down"), "{caution}");
}

#[test]
fn cyclic_sighing_is_a_double_inhale_and_a_long_exhale_for_5_minutes() {
    let (script, t, (inhale, top_up, hold_in, exhale, hold_out)) = single_pace("cyclic-sighing");
    assert!(top_up > 0.0 && top_up < inhale, "a short second top-up inhale");
    assert_eq!((hold_in, hold_out), (0.0, 0.0));
    let ratio = exhale / (inhale + top_up);
    assert_between("exhale / inhales", ratio, 1.75, 2.5);
    assert_between("sighing minutes", breathing_s(&t) / 60.0, 4.75, 5.25);
    assert!(script.caution.unwrap().contains("fainting"));
}

#[test]
fn diaphragmatic_breathing_places_the_hands_and_breathes_3_and_3() {
    let (script, t, pace) = single_pace("diaphragmatic-breathing");
    assert_eq!(pace, (3.0, 0.0, 0.0, 3.0, 0.0));
    assert_between("belly breathing minutes", breathing_s(&t) / 60.0, 5.0, 10.0);
    let said: String = t.segments.iter().filter(|s| s.kind == SegmentKind::Say).map(|s| s.text.as_str()).collect();
    assert!(said.contains("one hand flat on the upper part of your chest"), "hand on the chest");
    assert!(said.contains("the other hand on your belly"), "hand on the belly");
    assert!(said.contains("chest stays almost still"), "the chest stays still");
    assert!(!script.summary.is_empty());
}

#[test]
fn resonance_exploration_steps_through_five_rates_with_a_comfort_rating_after_each() {
    let (script, t) = load("resonance-rate-exploration");
    let rates: Vec<f64> = breathe_steps(&script).iter().map(|b| rate_per_min(b)).collect();
    let expected = [6.5, 6.0, 5.5, 5.0, 4.5];
    assert_eq!(rates.len(), expected.len(), "{rates:?}");
    for (got, want) in rates.iter().zip(expected) {
        assert!((got - want).abs() <= 0.05, "rate {got:.3} should be {want}");
    }
    for b in breathe_steps(&script) {
        let split = b.pace.inhale.as_secs_f64() / b.pace.cycle().as_secs_f64();
        assert_between("inhale share of the cycle", split, 0.38, 0.42);
    }
    // Each rate lasts about 2 minutes and is followed by a comfort rating
    // before the next rate begins.
    let steps = &script.steps;
    let breathe_at: Vec<usize> =
        steps.iter().enumerate().filter(|(_, s)| matches!(s.body, StepBody::Breathe(_))).map(|(i, _)| i).collect();
    for (n, &i) in breathe_at.iter().enumerate() {
        let span = &t.steps[i];
        assert_between("minutes at one rate", (span.end - span.start).as_secs_f64() / 60.0, 1.9, 2.1);
        let next = breathe_at.get(n + 1).copied().unwrap_or(steps.len());
        let comfort =
            steps[i + 1..next].iter().any(|s| matches!(s.body, StepBody::Rate { scale: RateScale::Comfort, .. }));
        assert!(comfort, "no comfort rating after rate {}", rates[n]);
    }
}

// ---- guided imagery ----

const IMAGERY: &[&str] =
    &["safe-place", "beach", "forest-walk", "body-scan", "rescue-flare-place", "unwind-breath-body-place"];

#[test]
fn imagery_runs_induction_deepening_five_senses_then_return() {
    let order = ["Settle", "Deepen", "Sight", "Sound", "Smell", "Touch", "Taste", "Return"];
    for name in IMAGERY {
        let (script, _) = load(name);
        let labels = labels(&script);
        let at: Vec<usize> = order
            .iter()
            .map(|want| labels.iter().position(|l| l == want).unwrap_or_else(|| panic!("{name}: no `{want}` step")))
            .collect();
        assert!(at.windows(2).all(|w| w[0] < w[1]), "{name}: steps out of order: {labels:?}");
        let ret = &script.steps[at[7]];
        let StepBody::Say { text, .. } = &ret.body else { panic!("{name}: Return is spoken") };
        assert!(text.contains("open your eyes") && text.contains("fingers"), "{name}: reorientation");
    }
}

#[test]
fn imagery_gives_each_sense_a_real_pause_of_10_to_60_s() {
    for name in IMAGERY {
        let (script, t) = load(name);
        for (i, label) in labels(&script).iter().enumerate() {
            if ["Sight", "Sound", "Smell", "Touch", "Taste"].contains(label) {
                let next = &t.steps[i + 1];
                assert_eq!(script.steps[i + 1].body.kind(), StepKind::Pause, "{name}: a pause after {label}");
                assert_between(
                    &format!("{name}: pause after {label}"),
                    (next.end - next.start).as_secs_f64(),
                    10.0,
                    60.0,
                );
            }
        }
        if script.kind == SessionKind::Imagery {
            for s in segs(&t, SegmentKind::Pause) {
                assert_between(&format!("{name}: pause"), secs(s), 10.0, 60.0);
            }
        }
    }
}

#[test]
fn imagery_offers_choices() {
    for name in IMAGERY {
        let (_, t) = load(name);
        let said: String = t.segments.iter().filter(|s| s.kind == SegmentKind::Say).map(|s| s.text.as_str()).collect();
        assert!(said.matches("erhaps").count() + said.matches(" or ").count() >= 3, "{name} offers few choices");
    }
}

// ---- rescue and mixed ----

#[test]
fn there_are_at_least_two_rescue_sessions_of_2_to_3_minutes_rating_pain() {
    let rescues: Vec<_> = builtin::ALL.iter().filter(|b| b.name.starts_with("rescue-")).collect();
    assert!(rescues.len() >= 2, "only {} rescue sessions", rescues.len());
    for b in rescues {
        let (script, t) = load(b.name);
        assert_between(&format!("{} minutes", b.name), minutes(&t), 2.0, 3.0);
        assert!(script.title.starts_with("Rescue"), "{}: title says it is a rescue", b.name);
        let pain = |s: &respite::script::Step| matches!(s.body, StepBody::Rate { scale: RateScale::Pain, .. });
        assert!(pain(&script.steps[0]) && pain(script.steps.last().unwrap()), "{}: pain before and after", b.name);
    }
}

#[test]
fn the_mixed_session_goes_breathing_then_pmr_then_imagery() {
    let mixed: Vec<_> = builtin::ALL.iter().filter(|b| load(b.name).0.kind == SessionKind::Mixed).collect();
    assert!(!mixed.is_empty());
    let (script, _) = load("unwind-breath-body-place");
    assert_eq!(script.kind, SessionKind::Mixed);
    let first = |f: &dyn Fn(&StepBody) -> bool| script.steps.iter().position(|s| f(&s.body)).unwrap();
    let breathe = first(&|b| matches!(b, StepBody::Breathe(_)));
    let pmr = first(&|b| matches!(b, StepBody::Pmr(_)));
    let sight = labels(&script).iter().position(|l| *l == "Sight").unwrap();
    assert!(breathe < pmr && pmr < sight, "breathing {breathe}, PMR {pmr}, imagery {sight}");
}

// ---- sound ----

/// After breathing, muscle work or a quiet pause the listener's eyes are
/// probably closed: a new prompt or question must sound a cue, so they know
/// to look (there is no recorded voice in the built-ins).
#[test]
fn prompts_after_eyes_closed_parts_sound_a_cue() {
    for b in builtin::ALL {
        let (script, t) = load(b.name);
        for (i, pair) in script.steps.windows(2).enumerate() {
            let eyes_closed = matches!(pair[0].body, StepBody::Breathe(_) | StepBody::Pmr(_) | StepBody::Pause { .. });
            let prompt = matches!(pair[1].body, StepBody::Say { .. } | StepBody::Rate { .. });
            if eyes_closed && prompt {
                let start = t.steps[i + 1].start;
                assert!(
                    t.cues.iter().any(|c| c.at == start && c.step == i + 1),
                    "{}: step {} ({:?}) needs a cue",
                    b.name,
                    i + 2,
                    pair[1].label
                );
            }
        }
    }
}

/// The library's own volume choices leave headroom: the full mix of every
/// built-in (cues and ambient bed at the script's volumes) stays below the
/// limiter's knee, so the soft ceiling never has to bend it.
#[test]
fn every_builtin_mix_stays_below_the_limiter() {
    use respite::audio::{ClipCache, RenderOptions, Renderer, Volumes};
    /// Where the renderer's soft limiter starts to act (`audio::mix`).
    const KNEE: f32 = 0.6;
    let options = RenderOptions { sample_rate: 8_000, ..RenderOptions::default() };
    let mut report = Vec::new();
    for b in builtin::ALL {
        let (_, t) = load(b.name);
        let mut r = Renderer::new(&t, None, &options, Volumes::from_settings(&t.sound), &mut ClipCache::new());
        let mut out = vec![0.0; r.frames() as usize * 2];
        r.render(0, &mut out);
        let peak = out.iter().fold(0.0f32, |m, x| m.max(x.abs()));
        report.push(format!("{}: {peak:.3}", b.name));
        assert!(peak < KNEE, "{}: peak {peak:.3} reaches the limiter", b.name);
    }
    eprintln!("{}", report.join("\n"));
}
