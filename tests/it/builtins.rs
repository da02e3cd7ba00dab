//! The built-in session library: every script loads without warnings,
//! compiles, lasts a realistic time, gives its words time to be read aloud,
//! shows up in `respite list`, and keeps the protocol facts it names
//! (see ../shared/CLINICAL.md and docs/library.md).

use std::process::Command;

use respite::script::muscles::GroupId;
use respite::script::{Breathe, Effort, Pmr, RateScale, Script, SessionKind, StepBody, StepKind, builtin, muscles};
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
    ("rescue-flare-breath", 2.0, 3.5),
    ("pmr-16-groups", 20.0, 35.0),
    ("pmr-7-groups", 15.0, 20.0),
    ("pmr-4-groups", 7.0, 12.0),
    ("pmr-release-only", 7.0, 12.0),
    ("pmr-cue-controlled", 4.0, 8.0),
    ("pmr-differential", 5.0, 10.0),
    ("pmr-rapid", 3.0, 7.0),
    ("pmr-application", 5.0, 10.0),
    ("pmr-gentle-pain-aware", 8.0, 16.0),
    ("rescue-flare-soften", 2.0, 3.5),
    ("safe-place", 8.0, 15.0),
    ("beach", 10.0, 20.0),
    ("forest-walk", 10.0, 20.0),
    ("body-scan", 10.0, 20.0),
    ("autogenic", 8.0, 15.0),
    ("rescue-flare-place", 2.0, 3.5),
    ("mindful-breath", 8.0, 15.0),
    ("mindful-body-scan", 10.0, 20.0),
    ("grounding", 3.0, 7.0),
    ("unwind-breath-body-place", 12.0, 25.0),
    ("pacing-break", 2.0, 3.0),
    ("sleep-wind-down", 10.0, 20.0),
];

/// The one built-in that ends by fading out, with no count-up and no
/// rating at the end, so it can be fallen asleep to.
const SLEEP: &str = "sleep-wind-down";

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

/// What a listener must take in during a segment: its text, and for the
/// quiet before a PMR group also its "Next: <group>" heading, which a
/// voice would say too.
fn words_to_take_in(s: &Segment) -> String {
    if s.kind == SegmentKind::GetReady { format!("{} {}", s.label, s.text) } else { s.text.clone() }
}

/// Segments that carry text read or heard once (narration, quiet
/// captions, the "Next" quiet, tense and release instructions, rating
/// questions), paired with the spare seconds each has beyond its reading
/// time. Breathing captions are left out: they stay up for the whole
/// breathing step, not for one phase.
fn reading_margins(t: &Timeline) -> Vec<(f64, &Segment)> {
    t.segments
        .iter()
        .filter(|s| {
            matches!(
                s.kind,
                SegmentKind::Say
                    | SegmentKind::Pause
                    | SegmentKind::GetReady
                    | SegmentKind::Tense(_)
                    | SegmentKind::Release(_)
                    | SegmentKind::Rate(_)
            )
        })
        .filter(|s| !words_to_take_in(s).trim().is_empty())
        .map(|s| (secs(s) - reading_need(&words_to_take_in(s)), s))
        .collect()
}

/// Text-bearing segments whose time is shorter than their words need.
fn rushed(t: &Timeline) -> Vec<String> {
    reading_margins(t)
        .into_iter()
        .filter(|(margin, _)| *margin < -1e-6)
        .map(|(_, s)| {
            let words = words_to_take_in(s);
            format!("{} {:.1} s < {:.1} s needed: {words}", s.kind.name(), secs(s), reading_need(&words))
        })
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
fn every_text_bearing_segment_gives_its_words_time_at_130_words_a_minute() {
    let mut problems = Vec::new();
    let mut worst: Option<(f64, String)> = None;
    let mut kinds_checked = std::collections::BTreeSet::new();
    for b in builtin::ALL {
        let (_, t) = load(b.name);
        problems.extend(rushed(&t).into_iter().map(|p| format!("{}: {p}", b.name)));
        for (margin, s) in reading_margins(&t) {
            kinds_checked.insert(s.kind.name());
            if worst.as_ref().is_none_or(|w| margin < w.0) {
                worst = Some((margin, format!("{} {} \"{}\"", b.name, s.kind.name(), words_to_take_in(s))));
            }
        }
    }
    assert!(problems.is_empty(), "words that do not fit their time:\n{}", problems.join("\n"));
    assert_eq!(kinds_checked.len(), 5, "say, pause, tense, release and rate are all checked: {kinds_checked:?}");
    if let Some((margin, what)) = worst {
        eprintln!("worst reading margin: {margin:.2} s, {what}");
    }
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

    // A "Next" quiet of 3 s cannot hold a group's instruction, nor a
    // 2 s tense its caption; a long quiet caption needs its time too.
    let text = r#"
format = 1
title = "Rushed PMR"
kind = "pmr"
summary = "Quiets too short to read."

[[step]]
kind = "pmr"
groups = ["dominant hand and forearm"]
tense = 2
release = 30
gap = 3

[[step]]
kind = "pause"
seconds = 3
text = "Rest here, and notice how your whole body feels now that the muscle work is over."
"#;
    let loaded = load_str("rushed-pmr.toml", text, None).expect("loads");
    let t = compile(&loaded.script, &CompileOptions::default());
    let rushed = rushed(&t);
    for kind in ["pause Next", "tense", "pause Rest here"] {
        let (k, start) = kind.split_once(' ').unwrap_or((kind, ""));
        assert!(rushed.iter().any(|r| r.starts_with(k) && r.contains(start)), "`{kind}` is not caught: {rushed:#?}");
    }
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
            for word in ["jaw pain", "headaches", "abdominal surgery", "hernia", "sciatica"] {
                assert!(caution.contains(word), "{}: the tensing caution names `{word}`", b.name);
            }
        }
    }
}

/// Breath holds are not for lung disease or panic disorder either, and
/// every breathing step says, while it runs, what to do if it goes wrong.
#[test]
fn breath_holds_name_lung_disease_and_panic_and_every_breathing_step_says_stop_if_dizzy() {
    for b in builtin::ALL {
        let (script, _) = load(b.name);
        let holds = breathe_steps(&script).iter().any(|b| b.pace.hold_in.0 > 0 || b.pace.hold_out.0 > 0);
        if holds {
            let caution = script.caution.as_deref().unwrap_or("");
            for word in ["COPD", "asthma", "panic disorder", "pregnant", "epilepsy", "heart rhythm", "pacemaker"] {
                assert!(caution.contains(word), "{}: the breath-hold caution names `{word}`", b.name);
            }
        }
        for step in breathe_steps(&script) {
            let text = step.text.as_deref().unwrap_or("");
            assert!(
                text.contains("If you feel dizzy or anxious, breathe normally; the sound will wait."),
                "{}: the breathing caption says what to do if dizzy or anxious: {text:?}",
                b.name
            );
        }
    }
}

/// Imagery and attention to the body can bring distress, intrusive
/// memories or feeling unreal: the caution gives grounding steps.
#[test]
fn imagery_body_and_mindfulness_cautions_give_grounding_steps() {
    for b in builtin::ALL {
        let (script, _) = load(b.name);
        let inward = matches!(script.kind, SessionKind::Imagery | SessionKind::Mindfulness)
            || b.name == "pmr-release-only"
            || labels(&script).contains(&"Sight");
        if !inward {
            continue;
        }
        let caution = script.caution.as_deref().unwrap_or("");
        if b.name == "grounding" {
            assert!(caution.contains("emergency") && caution.contains("crisis line"), "{caution}");
            continue;
        }
        for words in ["distressed", "unreal", "open your eyes", "name a few things you can see", "feet into the floor"]
        {
            assert!(caution.contains(words), "{}: the caution says `{words}`", b.name);
        }
    }
}

/// Offer, do not promise, a feeling (CLINICAL.md, "Offer, do not
/// promise"): the phrases the first review found must not come back.
#[test]
fn no_text_promises_a_feeling() {
    const PROMISES: &[&str] = &[
        "you will feel",
        "notice how steady you feel",
        "notice the warmth or heaviness that comes",
        "notice your chest and shoulders drop",
        "the muscles soften.",
        "they grow warm and heavy",
        "notice how it feels as they let go",
        "you are safe here",
        "feel yourself grow calmer",
        "let the pain go",
        "go loose and heavy",
    ];
    for b in builtin::ALL {
        let (script, t) = load(b.name);
        let texts = t
            .segments
            .iter()
            .map(|s| s.text.as_str())
            .chain([script.summary.as_str(), script.caution.as_deref().unwrap_or("")]);
        for text in texts {
            let lower = text.to_lowercase();
            for p in PROMISES {
                assert!(!lower.contains(p), "{}: promises a feeling (`{p}`): {text}", b.name);
            }
        }
    }
}

/// Two ratings asked one after the other run the same way (higher is
/// worse, or higher is better), so a listener does not have to flip.
#[test]
fn ratings_asked_in_a_row_run_the_same_way() {
    let better_when_higher = |s: RateScale| matches!(s, RateScale::Mood | RateScale::Comfort);
    for b in builtin::ALL {
        let (script, _) = load(b.name);
        for pair in script.steps.windows(2) {
            if let (StepBody::Rate { scale: a, .. }, StepBody::Rate { scale: z, .. }) = (&pair[0].body, &pair[1].body) {
                assert_eq!(
                    better_when_higher(*a),
                    better_when_higher(*z),
                    "{}: {} then {} run opposite ways",
                    b.name,
                    a.name(),
                    z.name()
                );
            }
        }
    }
}

#[test]
fn every_builtin_rates_before_and_after_except_the_sleep_wind_down() {
    for b in builtin::ALL {
        let (script, _) = load(b.name);
        let is_rate = |s: &respite::script::Step| matches!(s.body, StepBody::Rate { .. });
        let n = script.steps.len();
        assert!(script.steps[..2].iter().any(is_rate), "{}: a rating at the start", b.name);
        if b.name != SLEEP {
            assert!(script.steps[n - 2..].iter().any(is_rate), "{}: a rating at the end", b.name);
        }
    }
}

/// The sleep wind-down ends by fading out: no rating after the start, no
/// count-up, nothing that asks the listener to open their eyes or get up,
/// and a long quiet at the end while the sound fades.
#[test]
fn the_sleep_wind_down_asks_nothing_at_the_end_and_fades_out() {
    let (script, t) = load(SLEEP);
    let ratings = script.steps.iter().filter(|s| matches!(s.body, StepBody::Rate { .. })).count();
    assert_eq!(ratings, 1, "one rating, before the practice");
    assert!(matches!(script.steps[0].body, StepBody::Rate { .. }));
    // The end screen's line too, not only what is said during the session.
    for text in t.segments.iter().map(|s| &s.text).chain([&script.ending]) {
        let lower = text.to_lowercase();
        for wake in ["open your eyes", "get up", "sit up", "count from one", "count up", "fingers and toes"] {
            assert!(!lower.contains(wake), "asks the listener to wake: {text}");
        }
    }
    let last = t.segments.last().unwrap();
    assert_eq!(last.kind, SegmentKind::Pause);
    assert!(secs(last) >= 120.0, "ends with a long quiet, not {} s", secs(last));
    assert!(!matches!(script.sound.ambient, respite::script::Ambient::None), "a bed that fades out at the end");
    assert!(segs(&t, SegmentKind::Tense(any_group())).is_empty(), "no tensing at bedtime");
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
            // Long enough to hear or read the next group's instruction.
            assert_between(&format!("{name} gap s"), p.gap.as_secs_f64(), 10.0, 15.0);
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
fn the_16_group_session_does_each_group_twice_gently() {
    let (script, t) = load("pmr-16-groups");
    let p = pmr_steps(&script)[0];
    assert_eq!(p.repeat, 2, "first sessions do each group twice");
    assert_eq!(p.effort, Effort::Gentle);
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

/// Gentle effort (about half strength) is the default for chronic pain:
/// no built-in tenses firmly.
#[test]
fn every_tensing_builtin_is_gentle() {
    for b in builtin::ALL {
        let (script, t) = load(b.name);
        for p in pmr_steps(&script) {
            assert_eq!(p.effort, Effort::Gentle, "{}", b.name);
        }
        for s in t.segments.iter().filter(|s| s.label.starts_with("Next: ")) {
            assert!(s.text.contains("half strength") && !s.text.contains("firmly"), "{}: {}", b.name, s.text);
        }
    }
}

/// With closed eyes the listener must tell "tense" from "let go" by ear:
/// the two cues are different sounds.
#[test]
fn tense_and_release_cues_differ() {
    for b in builtin::ALL {
        let (_, t) = load(b.name);
        let cue_of = |kind: SegmentKind| -> Vec<_> {
            t.cues.iter().filter(|c| t.segments[c.segment].kind.is_like(kind)).map(|c| c.sound).collect()
        };
        let (tense, release) = (cue_of(SegmentKind::Tense(any_group())), cue_of(SegmentKind::Release(any_group())));
        assert_eq!(tense.len(), segs(&t, SegmentKind::Tense(any_group())).len(), "{}: every tense has a cue", b.name);
        for t in &tense {
            assert!(!release.contains(t), "{}: `{}` both tenses and releases", b.name, t.name());
        }
    }
}

// ---- applied relaxation past cue-control (Öst) ----

/// Index of the first step with this label.
fn step_at(script: &Script, name: &str, label: &str) -> usize {
    labels(script).iter().position(|l| *l == label).unwrap_or_else(|| panic!("{name}: no `{label}` step"))
}

/// Where each labelled step is, checking that they come in this order.
fn steps_in_order(script: &Script, name: &str, order: &[&str]) -> Vec<usize> {
    let at: Vec<usize> = order.iter().map(|l| step_at(script, name, l)).collect();
    assert!(at.windows(2).all(|w| w[0] < w[1]), "{name}: {order:?} in this order, found at {at:?}");
    at
}

/// All the text a session shows or says.
fn all_text(t: &Timeline) -> String {
    t.segments.iter().map(|s| format!("{} ", s.text)).collect()
}

/// Every "in… relax" breathing step: the cue word on the out-breath.
fn relax_cued(name: &str, script: &Script) {
    let breaths = breathe_steps(script);
    assert!(!breaths.is_empty(), "{name} breathes with the cue word");
    for b in breaths {
        assert_eq!((b.inhale_word.as_str(), b.exhale_word.as_str()), ("In…", "Relax…"), "{name}");
    }
}

#[test]
fn differential_relaxation_goes_sitting_then_standing_then_moving_without_tensing() {
    let name = "pmr-differential";
    let (script, t) = load(name);
    let at: Vec<usize> = ["Sitting", "Standing", "Moving"].iter().map(|l| step_at(&script, name, l)).collect();
    assert!(at.windows(2).all(|w| w[0] < w[1]), "{name}: sitting, standing, moving: {at:?}");
    // Each stage has its own "in… relax" breaths.
    let breathe_at: Vec<usize> = script
        .steps
        .iter()
        .enumerate()
        .filter(|(_, s)| matches!(s.body, StepBody::Breathe(_)))
        .map(|(i, _)| i)
        .collect();
    for (stage, next) in [(at[0], at[1]), (at[1], at[2]), (at[2], script.steps.len())] {
        assert!(breathe_at.iter().any(|i| (stage..next).contains(i)), "{name}: cue-word breaths in each stage");
    }
    relax_cued(name, &script);
    assert!(segs(&t, SegmentKind::Tense(any_group())).is_empty(), "{name}: no tensing");
    let said = all_text(&t);
    assert!(said.contains("only the tension") || said.contains("only the muscles"), "{name}: only what is needed");
    // Standing is offered, never required.
    assert!(said.contains("If standing is not for you today"), "{name}: a seated alternative");
    assert!(script.caution.as_deref().unwrap_or("").contains("safely"), "{name}: stand only if safe");
}

#[test]
fn rapid_relaxation_takes_20_to_30_s_with_the_cue_word_15_to_20_times_a_day() {
    let name = "pmr-rapid";
    let (script, t) = load(name);
    relax_cued(name, &script);
    let rounds: Vec<usize> = script
        .steps
        .iter()
        .enumerate()
        .filter(|(_, s)| matches!(s.body, StepBody::Breathe(_)))
        .map(|(i, _)| i)
        .collect();
    assert!(rounds.len() >= 3, "{name}: practised several times");
    for i in rounds {
        let span = &t.steps[i];
        assert_between(&format!("{name}: one rapid relaxation, s"), (span.end - span.start).as_secs_f64(), 20.0, 30.0);
    }
    assert!(all_text(&t).contains("15 to 20 times a day"), "{name}: how often");
    assert!(segs(&t, SegmentKind::Tense(any_group())).is_empty(), "{name}: no tensing");
}

#[test]
fn application_catches_early_signs_in_a_pictured_situation_then_plans_a_real_one() {
    let name = "pmr-application";
    let (script, t) = load(name);
    let order = ["Early signs", "Picture it", "Catch it early", "Apply: in… relax", "Carry on", "Plan"];
    let at = steps_in_order(&script, name, &order);
    let apply = &t.steps[at[3]];
    assert_eq!(script.steps[at[3]].body.kind(), StepKind::Breathe);
    assert_between("a rapid relaxation, s", (apply.end - apply.start).as_secs_f64(), 20.0, 30.0);
    relax_cued(name, &script);
    let StepBody::Say { text, .. } = &script.steps[at[1]].body else { panic!("{name}: Picture it is spoken") };
    assert!(text.contains("mild"), "{name}: a mild situation first");
    let StepBody::Say { text, .. } = &script.steps[at[5]].body else { panic!("{name}: Plan is spoken") };
    assert!(text.contains("real moment"), "{name}: a real situation to use it in");
}

/// Öst's stages, in the library in their order of teaching.
#[test]
fn applied_relaxation_stages_appear_in_order() {
    let stages =
        ["pmr-16-groups", "pmr-release-only", "pmr-cue-controlled", "pmr-differential", "pmr-rapid", "pmr-application"];
    let at: Vec<usize> = stages
        .iter()
        .map(|n| builtin::ALL.iter().position(|b| b.name == *n).unwrap_or_else(|| panic!("no `{n}`")))
        .collect();
    assert!(at.windows(2).all(|w| w[0] < w[1]), "stages out of order: {at:?}");
}

// ---- pacing, sleep, mindfulness, grounding, autogenic ----

#[test]
fn the_pacing_break_stops_before_pain_rises_changes_position_and_plans_the_next_stretch() {
    let name = "pacing-break";
    let (script, t) = load(name);
    assert_between("pacing break minutes", minutes(&t), 2.0, 3.0);
    let order = ["Stop", "Change position", "Soften", "Plan"];
    let at = steps_in_order(&script, name, &order);
    assert_eq!(at[0], 1, "{name}: stopping comes first, straight after the rating");
    let text = |i: usize| match &script.steps[i].body {
        StepBody::Say { text, .. } => text.clone(),
        _ => panic!("{name}: step {i} is spoken"),
    };
    assert!(text(at[0]).contains("before the pain rises"), "{name}: stop before the pain rises");
    assert!(text(at[3]).contains("timer"), "{name}: the next break is planned by time");
}

/// Mindfulness notices without changing: no paced breathing, no tensing,
/// and most of the time is quiet.
#[test]
fn mindfulness_sessions_notice_without_changing_and_are_mostly_quiet() {
    for name in ["mindful-breath", "mindful-body-scan"] {
        let (script, t) = load(name);
        assert_eq!(script.kind, SessionKind::Mindfulness);
        assert!(breathe_steps(&script).is_empty() && pmr_steps(&script).is_empty(), "{name}: nothing paced");
        let said = all_text(&t);
        assert!(said.contains("no need to change"), "{name}: no need to change anything");
        let quiet: f64 = segs(&t, SegmentKind::Pause).iter().map(|s| secs(s)).sum();
        assert!(quiet / t.duration.as_secs_f64() >= 0.5, "{name}: only {quiet:.0} s of quiet");
    }
    let (_, t) = load("mindful-breath");
    assert!(all_text(&t).contains("wander"), "the wandering mind is expected");
}

#[test]
fn the_mindful_body_scan_goes_feet_to_head_with_pain_guidance_first_and_no_relaxing() {
    let name = "mindful-body-scan";
    let (script, t) = load(name);
    let order =
        ["Feet", "Legs", "Hips and lower back", "Belly and chest", "Hands and arms", "Shoulders and neck", "Head"];
    let at = steps_in_order(&script, name, &order);
    let pain = step_at(&script, name, "If there is pain");
    assert!(pain < at[0], "{name}: the pain guidance comes before the scan");
    for &i in &at {
        let span = &t.steps[i];
        let text = t.segments.iter().find(|s| s.start == span.start).map(|s| s.text.to_lowercase()).unwrap_or_default();
        for change in ["relax", "soften", "let go", "release"] {
            assert!(!text.contains(change), "{name}: `{change}` asks for a change: {text}");
        }
        let next = &t.steps[i + 1];
        assert_eq!(script.steps[i + 1].body.kind(), StepKind::Pause, "{name}: time to notice");
        assert!((next.end - next.start).as_secs_f64() >= 30.0, "{name}: a real pause");
    }
}

/// The warm-light session is imagery, and says so in its title; its pain
/// guidance comes before the light reaches the head and neck.
#[test]
fn the_warm_light_session_is_titled_as_imagery_with_pain_guidance_first() {
    let name = "body-scan";
    let (script, t) = load(name);
    assert!(!script.title.to_lowercase().contains("body scan"), "{}", script.title);
    let first_pain = t.segments.iter().position(|s| s.text.contains("area of pain")).expect("pain guidance");
    let neck = t.segments.iter().position(|s| s.text.contains("down your neck")).expect("the neck");
    assert!(first_pain < neck, "{name}: pain guidance before the head and neck");
    assert!(script.caution.as_deref().unwrap_or("").contains("CRPS"), "{name}: warmth and CRPS");
}

#[test]
fn grounding_keeps_eyes_open_feet_on_the_floor_then_5_4_3_2_1_and_rates_distress() {
    let name = "grounding";
    let (script, t) = load(name);
    let order =
        ["Eyes open", "Feet", "Five you see", "Four you feel", "Three you hear", "Two you smell", "One you taste"];
    let at = steps_in_order(&script, name, &order);
    for (i, (&step, n)) in at[2..].iter().zip(["five", "four", "three", "two", "one"]).enumerate() {
        let StepBody::Say { text, .. } = &script.steps[step].body else { panic!("{name}: spoken") };
        assert!(text.to_lowercase().starts_with(&format!("name {n} ")), "{name}: sense {i}: {text}");
        assert_eq!(script.steps[step + 1].body.kind(), StepKind::Pause, "{name}: time to look, feel, listen");
    }
    let said = all_text(&t).to_lowercase();
    assert!(said.contains("feet flat on the floor"), "{name}: feet on the floor");
    assert!(!said.contains("close your eyes") && !said.contains("eyes close"), "{name}: eyes stay open");
    let scales: Vec<_> = script
        .steps
        .iter()
        .filter_map(|s| if let StepBody::Rate { scale, .. } = s.body { Some(scale) } else { None })
        .collect();
    assert_eq!(scales, [RateScale::Distress, RateScale::Distress], "{name}: distress before and after");
}

#[test]
fn autogenic_goes_heaviness_then_warmth_offers_comfortable_for_crps_and_ends_with_the_taking_back() {
    let name = "autogenic";
    let (script, t) = load(name);
    let heavy = step_at(&script, name, "Heaviness: arm");
    let warm = step_at(&script, name, "Warmth: arms");
    assert!(heavy < warm, "{name}: heaviness before warmth");
    let warmth: Vec<&Segment> = segs(&t, SegmentKind::Say).into_iter().filter(|s| s.text.contains(" warm")).collect();
    assert!(!warmth.is_empty());
    for s in warmth {
        assert!(s.text.contains("comfortable"), "{name}: warmth offers `comfortable` instead: {}", s.text);
    }
    assert!(script.caution.as_deref().unwrap_or("").contains("CRPS"), "{name}: care with warmth for CRPS");
    let back = step_at(&script, name, "Taking back");
    let StepBody::Say { text, .. } = &script.steps[back].body else { panic!("{name}: spoken") };
    assert!(text.contains("fists") && text.contains("fuller breath") && text.contains("open your eyes"), "{text}");
    let last_formula = labels(&script).iter().rposition(|l| l.starts_with("Warmth") || l.starts_with("Heaviness"));
    assert!(last_formula.is_some_and(|f| f < back), "{name}: the taking back ends the practice");
    let said = all_text(&t).to_lowercase();
    assert!(!said.contains("heart") && !said.contains("solar plexus"), "{name}: the introductory form only");
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
    let (_, _, pace) = single_pace("rescue-flare-breath");
    assert_eq!(pace, (4.0, 0.0, 0.0, 6.0, 0.0), "rescue: long exhale");
}

/// Beginners start near an everyday pace (3 in, 4 out) and slow
/// gradually to the long exhale (4 in, 6 out), over about 3 minutes.
#[test]
fn long_exhale_beginners_start_at_3_and_4_and_slow_to_4_and_6() {
    let (script, t) = load("long-exhale-beginners");
    let steps = breathe_steps(&script);
    assert_eq!(steps.len(), 1);
    let b = steps[0];
    let s = |m: respite::timeline::Micros| m.as_secs_f64();
    assert_eq!((s(b.pace.inhale), s(b.pace.exhale)), (3.0, 4.0), "starts at 3 in, 4 out");
    let to = b.to.expect("slows gradually");
    assert_eq!((s(to.inhale), s(to.exhale)), (4.0, 6.0), "ends at 4 in, 6 out");
    let inhales = segs(&t, SegmentKind::Inhale);
    let exhales = segs(&t, SegmentKind::Exhale);
    assert_eq!((secs(inhales[0]), secs(exhales[0])), (3.0, 4.0));
    assert_eq!((secs(inhales[inhales.len() - 1]), secs(exhales[exhales.len() - 1])), (4.0, 6.0));
    assert!(exhales.windows(2).all(|w| secs(w[1]) >= secs(w[0])), "the pace only slows");
    assert_between("beginners' breathing minutes", breathing_s(&t) / 60.0, 2.5, 4.0);
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
    // Without a heart-rate sensor, comfort cannot find a resonance rate:
    // the title does not claim it, and the summary says so.
    assert!(!script.title.to_lowercase().contains("resonance"), "{}", script.title);
    assert!(script.summary.contains("heart-rate sensor"), "{}", script.summary);
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

/// The labelled parts an imagery session goes through, in order. The
/// rescue form keeps three senses, so each has a real pause.
fn imagery_order(name: &str) -> &'static [&'static str] {
    if name == "rescue-flare-place" {
        &["Settle", "Deepen", "Your place", "Sight", "Sound", "Touch", "Return"]
    } else {
        &["Settle", "Deepen", "Sight", "Sound", "Smell", "Touch", "Taste", "Return"]
    }
}

#[test]
fn imagery_runs_induction_deepening_senses_then_return() {
    for name in IMAGERY {
        let order = imagery_order(name);
        let (script, _) = load(name);
        let labels = labels(&script);
        let at: Vec<usize> = order
            .iter()
            .map(|want| labels.iter().position(|l| l == want).unwrap_or_else(|| panic!("{name}: no `{want}` step")))
            .collect();
        assert!(at.windows(2).all(|w| w[0] < w[1]), "{name}: steps out of order: {labels:?}");
        let ret = &script.steps[at[order.len() - 1]];
        let StepBody::Say { text, .. } = &ret.body else { panic!("{name}: Return is spoken") };
        assert!(text.contains("open your eyes") && text.contains("fingers"), "{name}: reorientation");
    }
}

#[test]
fn imagery_gives_each_sense_a_real_pause_of_10_to_60_s() {
    for name in IMAGERY {
        let (script, t) = load(name);
        // The rescue form is short, so its three senses get 20–30 s each,
        // and the place itself gets a pause to come to mind.
        let (lo, hi) = if *name == "rescue-flare-place" { (20.0, 30.0) } else { (10.0, 60.0) };
        for (i, label) in labels(&script).iter().enumerate() {
            if ["Sight", "Sound", "Smell", "Touch", "Taste", "Your place"].contains(label) {
                let next = &t.steps[i + 1];
                assert_eq!(script.steps[i + 1].body.kind(), StepKind::Pause, "{name}: a pause after {label}");
                let (lo, hi) = if *label == "Your place" { (10.0, 60.0) } else { (lo, hi) };
                assert_between(&format!("{name}: pause after {label}"), (next.end - next.start).as_secs_f64(), lo, hi);
            }
        }
        if script.kind == SessionKind::Imagery {
            for s in segs(&t, SegmentKind::Pause) {
                assert_between(&format!("{name}: pause"), secs(s), 10.0, 60.0);
            }
        }
    }
}

/// Deepening does not assume easy walking: no staircase or steps to walk
/// down, but a slope, a lift, floating, or a count alone.
#[test]
fn imagery_deepens_without_stairs() {
    for name in IMAGERY {
        let (_, t) = load(name);
        for s in &t.segments {
            let text = s.text.to_lowercase();
            for stairs in ["stair", "step down", "easy step", "steps down"] {
                assert!(!text.contains(stairs), "{name}: `{stairs}` in {}", s.text);
            }
        }
    }
}

/// A calm place is offered, not promised to be safe, and there is an
/// alternative when no place feels safe.
#[test]
fn the_calm_place_offers_safety_rather_than_stating_it() {
    for name in ["safe-place", "unwind-breath-body-place"] {
        let (script, t) = load(name);
        let said: String = t.segments.iter().map(|s| format!("{} ", s.text)).collect();
        assert!(said.contains("If no place feels safe, choose one that is simply calm"), "{name}");
        assert!(!said.contains("You are safe"), "{name}");
        if name == "safe-place" {
            assert_eq!(script.title, "A calm place");
            assert!(said.contains("Notice what helps you feel safe here"));
        }
    }
}

/// A deepening count is taken one number per out-breath: each number is
/// its own step of about 4 s, never a whole count in one caption.
#[test]
fn deepening_counts_take_one_number_per_breath() {
    const NUMBERS: &[&str] = &["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"];
    let is_number = |sentence: &str| NUMBERS.contains(&sentence.trim().to_lowercase().as_str());
    let mut counted = 0;
    for b in builtin::ALL {
        let (_, t) = load(b.name);
        for s in segs(&t, SegmentKind::Say) {
            let sentences: Vec<&str> = s.text.split('.').collect();
            let numbers = sentences.iter().filter(|x| is_number(x)).count();
            assert!(numbers <= 1, "{}: a count in one caption: {}", b.name, s.text);
            if is_number(sentences[0]) {
                counted += 1;
                assert_between(&format!("{}: count step `{}`", b.name, s.text), secs(s), 3.5, 6.0);
            }
        }
    }
    assert!(counted >= 5 * 4 + 10, "the imagery counts are stepped ({counted} number steps)");
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

/// Rescue sessions are short, rate distress as well as pain before and
/// after (so "no change in pain" is not read as failure), and name the
/// red flags that need urgent help.
#[test]
fn rescue_sessions_are_about_3_minutes_rate_pain_and_distress_and_name_red_flags() {
    let rescues: Vec<_> = builtin::ALL.iter().filter(|b| b.name.starts_with("rescue-")).collect();
    assert!(rescues.len() >= 3, "only {} rescue sessions", rescues.len());
    for b in rescues {
        let (script, t) = load(b.name);
        assert_between(&format!("{} minutes", b.name), minutes(&t), 2.0, 3.5);
        assert!(script.title.starts_with("Rescue"), "{}: title says it is a rescue", b.name);
        let scale =
            |s: &respite::script::Step| if let StepBody::Rate { scale, .. } = s.body { Some(scale) } else { None };
        let n = script.steps.len();
        for scales in [&script.steps[..2], &script.steps[n - 2..]] {
            let scales: Vec<_> = scales.iter().filter_map(scale).collect();
            assert_eq!(scales, [RateScale::Pain, RateScale::Distress], "{}: pain and distress", b.name);
        }
        let caution = script.caution.as_deref().unwrap_or("");
        for flag in
            ["urgent help", "chest pain", "new weakness or numbness", "loss of bladder or bowel control", "fever"]
        {
            assert!(caution.contains(flag), "{}: red flag `{flag}`", b.name);
        }
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

/// A struck cue rings on after it starts (the bowl for about 12 s): it
/// must fade before the next cue, or the next one is lost in it.
#[test]
fn no_cue_rings_over_the_next() {
    use respite::audio::ring_secs;
    let mut problems = Vec::new();
    for b in builtin::ALL {
        let (_, t) = load(b.name);
        for pair in t.cues.windows(2) {
            let (a, z) = (&pair[0], &pair[1]);
            let ring = ring_secs(a.sound, secs(&t.segments[a.segment]));
            let apart = (z.at - a.at).as_secs_f64();
            if apart + 1e-6 < ring {
                problems.push(format!(
                    "{}: {} at {} rings {ring:.1} s, over {} {apart:.1} s later",
                    b.name,
                    a.sound.name(),
                    a.at.clock(),
                    z.sound.name()
                ));
            }
        }
    }
    assert!(problems.is_empty(), "cues ringing over the next:\n{}", problems.join("\n"));
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
