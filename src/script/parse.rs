//! From TOML text to a validated `Script`. The TOML is parsed with spans,
//! then walked by hand so that every problem in the file is reported at
//! once, at its exact place, instead of stopping at the first.

use std::ops::Range;
use std::path::{Component, Path, PathBuf};

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::diagnostic::{Diagnostic, Report, did_you_mean};
use super::fields::{self, Field};
use super::model::*;
use super::muscles;
use crate::timeline::Micros;

/// Most steps a script may have.
pub const MAX_STEPS: usize = 10_000;
/// Longest session, at normal tempo.
pub const MAX_SESSION: Micros = Micros::from_secs(12 * 3600);

type Span = Range<usize>;
type Value<'i> = Spanned<DeValue<'i>>;

/// Parses and validates script text. `base_dir` is where relative audio
/// paths resolve (and are checked for existence); `None` for built-ins.
pub fn parse(report: &mut Report, base_dir: Option<&Path>) -> Option<Script> {
    let source = report.source.clone();
    let (root, errors) = DeTable::parse_recoverable(&source);
    for e in &errors {
        let message = e.message().trim().to_string();
        report.diagnostics.push(Diagnostic::error(
            format!("this is not valid TOML: {message}"),
            e.span(),
            "TOML syntax error here",
        ));
    }
    if !errors.is_empty() {
        return None;
    }
    let mut walker = Walker { diags: Vec::new(), base_dir, source: &source };
    let script = walker.script(root.get_ref(), root.span());
    walker.diags.sort_by_key(|d| d.span.as_ref().map_or(0, |s| s.start));
    report.diagnostics.extend(walker.diags);
    if report.has_errors() { None } else { script }
}

struct Walker<'b> {
    diags: Vec<Diagnostic>,
    base_dir: Option<&'b Path>,
    source: &'b str,
}

/// One table being read, with the name used for it in messages.
struct Table<'t, 'i> {
    table: &'t DeTable<'i>,
    span: Span,
    what: String,
}

impl<'t, 'i> Table<'t, 'i> {
    fn get(&self, key: &str) -> Option<&'t Value<'i>> {
        self.table.get(key)
    }
}

impl Walker<'_> {
    fn error_count(&self) -> usize {
        self.diags.iter().filter(|d| d.severity == super::Severity::Error).count()
    }

    fn error(&mut self, message: impl Into<String>, span: Span, label: impl Into<String>) -> &mut Diagnostic {
        self.diags.push(Diagnostic::error(message, Some(span), label));
        self.diags.last_mut().expect("just pushed")
    }

    fn script(&mut self, root: &DeTable<'_>, span: Span) -> Option<Script> {
        let top = Table { table: root, span: span.start..span.start, what: "the session header".into() };
        let misspelt = self.check_keys(&top, &[fields::HEADER]);
        self.check_required(&top, fields::HEADER, &misspelt);

        if let Some(v) = top.get("format") {
            match int_of(v) {
                Some(1) => {}
                Some(n) => {
                    self.error(
                        format!("unknown script format {n}"),
                        v.span(),
                        "this version of Respite reads format 1",
                    )
                    .help = Some("set `format = 1`, or update Respite".into());
                }
                None => self.type_error(v, "format", "the integer 1"),
            }
        }
        let title = self.text(&top, "title");
        let kind = self.choice(&top, "kind", fields::SESSION_KINDS).map(|k| match k {
            "breathing" => SessionKind::Breathing,
            "pmr" => SessionKind::Pmr,
            "imagery" => SessionKind::Imagery,
            _ => SessionKind::Mixed,
        });
        let summary = self.text(&top, "summary");
        let caution = self.text(&top, "caution");
        let language = self.text(&top, "language").unwrap_or_else(|| "en".into());
        let author = self.text(&top, "author");
        let sound = self.sound(&top);
        let steps = self.steps(&top);

        let script = Script {
            title: title?,
            kind: kind?,
            summary: summary?,
            caution,
            language,
            author,
            sound: sound?,
            steps: steps?,
            base_dir: self.base_dir.map(Path::to_path_buf),
        };
        self.check_length(&script, &top);
        Some(script)
    }

    fn check_length(&mut self, script: &Script, top: &Table<'_, '_>) {
        let length = crate::timeline::compile(script, &Default::default()).duration;
        if length > MAX_SESSION {
            let span = top.get("step").map_or(top.span.clone(), |v| v.span());
            self.error(
                format!("the session lasts {}, longer than the 12-hour limit", length.clock()),
                span,
                "these steps add up to more than 12 hours",
            )
            .help = Some("shorten pauses, or use fewer cycles or minutes".into());
        }
        if length == Micros::ZERO {
            self.diags.push(Diagnostic::warning("the session is empty: its steps add up to no time", None, ""));
        }
    }

    fn sound(&mut self, top: &Table<'_, '_>) -> Option<SoundSettings> {
        let mut sound = SoundSettings::default();
        let Some(value) = top.get("sound") else { return Some(sound) };
        let Some(table) = value.get_ref().as_table() else {
            self.type_error(value, "sound", "a table: [sound]");
            return None;
        };
        let t = Table { table, span: value.span(), what: "[sound]".into() };
        self.check_keys(&t, &[fields::SOUND]);
        let before = self.error_count();
        if let Some(v) = t.get("ambient") {
            sound.ambient = self.ambient(v);
        }
        for (key, slot) in [
            ("ambient_volume", &mut sound.ambient_volume),
            ("voice_volume", &mut sound.voice_volume),
            ("cue_volume", &mut sound.cue_volume),
        ] {
            if let Some(x) = self.number(&t, key, 0.0, 1.0, true) {
                *slot = x as f32;
            }
        }
        if let Some(c) = self.cue_choice(&t, "cue", true) {
            sound.cue = c;
        }
        if let Some(c) = self.cue_choice(&t, "pmr_cue", false) {
            sound.pmr_cue = c;
        }
        (self.error_count() == before).then_some(sound)
    }

    fn ambient(&mut self, v: &Value<'_>) -> Ambient {
        let Some(name) = v.get_ref().as_str() else {
            self.type_error(v, "ambient", "a bed name or an audio file path, as a string");
            return Ambient::None;
        };
        if name == "none" {
            return Ambient::None;
        }
        if let Some(bed) = Bed::from_name(name) {
            return Ambient::Bed(bed);
        }
        if looks_like_audio_path(name) {
            return self.audio_path(v, name).map_or(Ambient::None, Ambient::File);
        }
        let names = Bed::ALL.iter().map(|b| b.name()).chain(["none"]);
        let d = self.error(
            format!("unknown ambient bed `{name}`"),
            v.span(),
            "expected pink-noise, brown-noise, ocean, rain, none, or an audio file",
        );
        if let Some(s) = did_you_mean(name, names) {
            d.help = Some(format!("did you mean `{s}`?"));
        }
        Ambient::None
    }

    fn steps(&mut self, top: &Table<'_, '_>) -> Option<Vec<Step>> {
        let value = top.get("step")?;
        let Some(array) = value.get_ref().as_array() else {
            self.type_error(value, "step", "an array of tables: [[step]]");
            return None;
        };
        if array.len() > MAX_STEPS {
            self.error(
                format!("the script has {} steps; at most {MAX_STEPS} are allowed", array.len()),
                value.span(),
                "too many steps",
            );
            return None;
        }
        if array.is_empty() {
            self.error("the script has no steps", value.span(), "add at least one [[step]]");
            return None;
        }
        let before = self.error_count();
        let steps: Vec<Step> = array.iter().enumerate().filter_map(|(i, v)| self.step(i, v)).collect();
        let after = self.error_count();
        (after == before && steps.len() == array.len()).then_some(steps)
    }

    fn step(&mut self, index: usize, value: &Value<'_>) -> Option<Step> {
        let Some(table) = value.get_ref().as_table() else {
            self.type_error(value, "step", "a table: [[step]]");
            return None;
        };
        let mut t = Table { table, span: value.span(), what: format!("step {}", index + 1) };
        let kind = self.choice(&t, "kind", fields::STEP_KINDS);
        let Some(kind) = kind else {
            if t.get("kind").is_none() {
                self.error(
                    format!("{} has no `kind`", t.what),
                    t.span.clone(),
                    "expected kind = \"say\", \"pause\", \"breathe\", \"tense\", \"release\", \"pmr\" or \"rate\"",
                );
            }
            return None;
        };
        t.what = format!("step {} ({kind})", index + 1);
        let specific = fields::step_fields(kind).expect("kind was checked against STEP_KINDS");
        let misspelt = self.check_keys(&t, &[fields::STEP_COMMON, specific]);
        self.check_required(&t, specific, &misspelt);
        let before = self.error_count();
        let label = self.text(&t, "label");
        let cue = self.cue_choice(&t, "cue", kind == "breathe");
        let body = match kind {
            "say" => self.say(&t),
            "pause" => Some(StepBody::Pause {
                duration: self.seconds(&t, "seconds", fields::MAX_STEP_S, false)?,
                text: self.text(&t, "text"),
            }),
            "breathe" => self.breathe(&t).map(StepBody::Breathe),
            "tense" | "release" => self.tense_release(&t, kind),
            "pmr" => self.pmr(&t).map(StepBody::Pmr),
            "rate" => self.rate(&t),
            _ => unreachable!("kind was checked against STEP_KINDS"),
        };
        let line = self.source[..value.span().start.min(self.source.len())].matches('\n').count() + 1;
        (self.error_count() == before).then_some(Step { line, label, cue, body: body? })
    }

    fn say(&mut self, t: &Table<'_, '_>) -> Option<StepBody> {
        let text = self.text(t, "text")?;
        let voice = t.get("voice").and_then(|v| match v.get_ref().as_str() {
            Some(p) => self.audio_path(v, p),
            None => {
                self.type_error(v, "voice", "a path to an audio file, as a string");
                None
            }
        });
        let duration = match t.get("seconds") {
            Some(_) => self.seconds(t, "seconds", fields::MAX_STEP_S, false)?,
            None => reading_time(&text),
        };
        Some(StepBody::Say { text, voice, duration })
    }

    fn breathe(&mut self, t: &Table<'_, '_>) -> Option<Breathe> {
        let pace = self.pace(t, true)?;
        let to = match t.get("to") {
            None => None,
            Some(v) => {
                let Some(table) = v.get_ref().as_table() else {
                    self.type_error(v, "to", "an inline table such as { inhale = 5, exhale = 7 }");
                    return None;
                };
                let inner = Table { table, span: v.span(), what: format!("`to` in {}", t.what) };
                self.check_keys(&inner, &[fields::PACE]);
                let mut to = self.pace(&inner, false)?;
                // Phases not given in `to` keep the starting pace.
                for (key, slot, start) in [
                    ("inhale", &mut to.inhale, pace.inhale),
                    ("top_up", &mut to.top_up, pace.top_up),
                    ("hold_in", &mut to.hold_in, pace.hold_in),
                    ("exhale", &mut to.exhale, pace.exhale),
                    ("hold_out", &mut to.hold_out, pace.hold_out),
                ] {
                    if inner.get(key).is_none() {
                        *slot = start;
                    }
                }
                self.check_breath(&inner, &to);
                Some(to)
            }
        };
        let amount = match (t.get("cycles"), t.get("minutes")) {
            (Some(_), Some(m)) => {
                self.error(
                    format!("{} gives both `cycles` and `minutes`", t.what),
                    m.span(),
                    "give one or the other",
                )
                .help = Some("remove `minutes` to count breaths, or `cycles` to breathe for a time".into());
                return None;
            }
            (Some(_), None) => BreathAmount::Cycles(self.integer(t, "cycles", 1, 10_000)? as u32),
            (None, Some(_)) => {
                let minutes = self.number(t, "minutes", 0.0, 720.0, false)?;
                BreathAmount::Duration(Micros::from_secs_f64(minutes * 60.0))
            }
            (None, None) => {
                self.error(
                    format!("{} needs `cycles` or `minutes`", t.what),
                    t.span.clone(),
                    "say how long to breathe",
                )
                .help = Some("add e.g. `minutes = 5` or `cycles = 30`".into());
                return None;
            }
        };
        Some(Breathe {
            pace,
            to,
            amount,
            text: self.text(t, "text"),
            inhale_word: self.text(t, "inhale_word").unwrap_or_else(|| "Breathe in".into()),
            hold_word: self.text(t, "hold_word").unwrap_or_else(|| "Hold".into()),
            exhale_word: self.text(t, "exhale_word").unwrap_or_else(|| "Breathe out".into()),
        })
    }

    /// Reads the five phases; in a step, `inhale` and `exhale` must be > 0.
    fn pace(&mut self, t: &Table<'_, '_>, is_step: bool) -> Option<Pace> {
        let max = fields::MAX_PHASE_S;
        let pace = Pace {
            inhale: self.seconds_or_zero(t, "inhale", max, !is_step)?,
            top_up: self.seconds_or_zero(t, "top_up", max, true)?,
            hold_in: self.seconds_or_zero(t, "hold_in", max, true)?,
            exhale: self.seconds_or_zero(t, "exhale", max, !is_step)?,
            hold_out: self.seconds_or_zero(t, "hold_out", max, true)?,
        };
        if is_step && t.get("inhale").is_some() && t.get("exhale").is_some() {
            self.check_breath(t, &pace);
        }
        Some(pace)
    }

    fn check_breath(&mut self, t: &Table<'_, '_>, pace: &Pace) {
        if pace.inhale == Micros::ZERO || pace.exhale == Micros::ZERO {
            self.error(
                format!("{} needs an in-breath and an out-breath longer than 0 s", t.what),
                t.span.clone(),
                "inhale and exhale must be more than 0",
            );
        }
    }

    fn tense_release(&mut self, t: &Table<'_, '_>, kind: &str) -> Option<StepBody> {
        let v = t.get("group")?;
        let Some(name) = v.get_ref().as_str() else {
            self.type_error(v, "group", "a muscle group name, as a string");
            return None;
        };
        let group = self.muscle_group(v, name)?;
        let max = if kind == "tense" { fields::MAX_PHASE_S } else { 300.0 };
        let duration = self.seconds(t, "seconds", max, false)?;
        let text = self.text(t, "text");
        Some(if kind == "tense" {
            let text = text.unwrap_or_else(|| format!("{}. Hold it, and notice the tension.", group.tense));
            StepBody::Tense { group: group.name, duration, text }
        } else {
            let text = text.unwrap_or_else(|| format!("And let go. Let your {} go loose and heavy.", group.name));
            StepBody::Release { group: group.name, duration, text }
        })
    }

    fn muscle_group(&mut self, v: &Value<'_>, name: &str) -> Option<&'static muscles::MuscleGroup> {
        let found = muscles::find(&name.to_lowercase());
        if found.is_none() {
            let d = self.error(
                format!("unknown muscle group `{name}`"),
                v.span(),
                "expected a group from the 16-, 7- or 4-group lists",
            );
            d.help = Some(match did_you_mean(name, muscles::all().map(|g| g.name)) {
                Some(s) => format!("did you mean `{s}`?"),
                None => "see the muscle groups in docs/script-format.md".into(),
            });
        }
        found
    }

    fn pmr(&mut self, t: &Table<'_, '_>) -> Option<Pmr> {
        let v = t.get("groups")?;
        let groups: Vec<&'static str> = match v.get_ref() {
            DeValue::String(s) => match muscles::sequence(s) {
                Some(seq) => seq.iter().map(|g| g.name).collect(),
                None => {
                    self.error(
                        format!("unknown group sequence `{s}`"),
                        v.span(),
                        "expected \"16\", \"7\", \"4\", or a list of group names",
                    );
                    return None;
                }
            },
            DeValue::Integer(_) => {
                let n = int_of(v).unwrap_or(0);
                self.error(format!("`groups = {n}` must be written as a string"), v.span(), "a string or a list")
                    .help = Some(format!("write `groups = \"{n}\"`"));
                return None;
            }
            DeValue::Array(items) => {
                let mut out = Vec::new();
                for item in items.iter() {
                    match item.get_ref().as_str() {
                        Some(name) => out.extend(self.muscle_group(item, name).map(|g| g.name)),
                        None => self.type_error(item, "groups", "a muscle group name, as a string"),
                    }
                }
                if items.is_empty() {
                    self.error("`groups` is an empty list", v.span(), "name at least one muscle group");
                }
                out
            }
            _ => {
                self.type_error(v, "groups", "\"16\", \"7\", \"4\", or a list of group names");
                return None;
            }
        };
        let skip = self.skip_list(t);
        let tense = self.seconds_default(t, "tense", fields::MAX_PHASE_S, true, 7.0)?;
        let release = self.seconds_default(t, "release", 300.0, false, 30.0)?;
        let gap = self.seconds_default(t, "gap", 300.0, true, 5.0)?;
        let effort = match self.choice(t, "effort", fields::EFFORTS) {
            Some("firm") => Effort::Firm,
            _ => Effort::Gentle,
        };
        let repeat = match t.get("repeat") {
            Some(_) => self.integer(t, "repeat", 1, 5)? as u32,
            None => 1,
        };
        if !groups.is_empty()
            && groups.iter().all(|g| muscles::find(g).is_some_and(|g| skip.iter().any(|w| g.matches_skip(w))))
        {
            self.diags.push(Diagnostic::warning(
                format!("{} skips every one of its groups", t.what),
                t.get("skip").map(|v| v.span()),
                "nothing is left to do",
            ));
        }
        Some(Pmr { groups, tense, release, gap, skip, effort, repeat })
    }

    fn skip_list(&mut self, t: &Table<'_, '_>) -> Vec<String> {
        let Some(v) = t.get("skip") else { return Vec::new() };
        let Some(items) = v.get_ref().as_array() else {
            self.type_error(v, "skip", "a list of groups or body regions, e.g. [\"legs\"]");
            return Vec::new();
        };
        let mut out = Vec::new();
        for item in items.iter() {
            let Some(word) = item.get_ref().as_str() else {
                self.type_error(item, "skip", "a group or body region, as a string");
                continue;
            };
            let lower = word.trim().to_lowercase();
            if muscles::skip_words().any(|w| w == lower) {
                out.push(lower);
            } else {
                let d = self.error(
                    format!("`{word}` is not a muscle group or body region"),
                    item.span(),
                    "nothing would be skipped",
                );
                d.help = Some(match did_you_mean(&lower, muscles::skip_words()) {
                    Some(s) => format!("did you mean `{s}`?"),
                    None => "use a group name or a word such as arms, face, neck, back, abdomen or legs".into(),
                });
            }
        }
        out
    }

    fn rate(&mut self, t: &Table<'_, '_>) -> Option<StepBody> {
        let scale = RateScale::from_name(self.choice(t, "scale", fields::SCALES)?)?;
        let question = self.text(t, "question").unwrap_or_else(|| scale.default_question().into());
        let duration = self.seconds_default(t, "seconds", fields::MAX_STEP_S, false, 20.0)?;
        Some(StepBody::Rate { scale, question, duration })
    }

    // ---- keys and values ----

    /// Reports keys not in `allowed`; returns the names suggested for them,
    /// so a misspelt required key is not also reported as missing.
    fn check_keys(&mut self, t: &Table<'_, '_>, allowed: &[&[Field]]) -> Vec<&'static str> {
        let names = || allowed.iter().flat_map(|f| f.iter().map(|f| f.name));
        let mut suggested = Vec::new();
        for key in t.table.keys() {
            let k: &str = key.get_ref();
            if names().any(|n| n == k) {
                continue;
            }
            let list = names().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ");
            let d =
                self.error(format!("unknown key `{k}` in {}", t.what), key.span(), format!("not a key of {}", t.what));
            let suggestion = did_you_mean(k, names());
            d.help = Some(match suggestion {
                Some(s) => format!("did you mean `{s}`?"),
                None => format!("expected one of {list}"),
            });
            suggested.extend(suggestion);
        }
        suggested
    }

    fn check_required(&mut self, t: &Table<'_, '_>, spec: &[Field], misspelt: &[&str]) {
        for f in spec.iter().filter(|f| f.required) {
            if t.get(f.name).is_none() && f.name != "kind" && !misspelt.contains(&f.name) {
                let span = if t.span.is_empty() { 0..0 } else { t.span.start..t.span.start + 1 };
                self.error(
                    format!("{} is missing `{}`", t.what, f.name),
                    span,
                    format!("add `{}`: {}", f.name, f.help),
                );
            }
        }
    }

    fn type_error(&mut self, v: &Value<'_>, key: &str, expected: &str) {
        let found = v.get_ref().type_str();
        self.error(
            format!("`{key}` should be {expected}, not {}", article(found)),
            v.span(),
            format!("expected {expected}"),
        );
    }

    fn text(&mut self, t: &Table<'_, '_>, key: &str) -> Option<String> {
        let v = t.get(key)?;
        match v.get_ref().as_str() {
            Some(s) if s.trim().is_empty() => {
                self.error(format!("`{key}` is empty"), v.span(), "write some text, or leave the key out");
                None
            }
            Some(s) => Some(s.trim().to_string()),
            None => {
                self.type_error(v, key, "text in quotes");
                None
            }
        }
    }

    fn choice(&mut self, t: &Table<'_, '_>, key: &str, options: &'static [&'static str]) -> Option<&'static str> {
        let v = t.get(key)?;
        let Some(s) = v.get_ref().as_str() else {
            self.type_error(v, key, &format!("one of {}, in quotes", options.join(", ")));
            return None;
        };
        if let Some(found) = options.iter().find(|o| **o == s) {
            return Some(found);
        }
        let noun = match key {
            "kind" if t.what.starts_with("step") => "step kind",
            "kind" => "session kind",
            "cue" | "pmr_cue" => "cue sound",
            other => other,
        };
        let d =
            self.error(format!("unknown {noun} `{s}`"), v.span(), format!("expected one of {}", options.join(", ")));
        if let Some(m) = did_you_mean(s, options.iter().copied()) {
            d.help = Some(format!("did you mean `{m}`?"));
        }
        None
    }

    fn cue_choice(&mut self, t: &Table<'_, '_>, key: &str, glide_ok: bool) -> Option<CueSound> {
        let v = t.get(key)?;
        let cue = CueSound::from_name(self.choice(t, key, fields::CUE_SOUNDS)?)?;
        if cue == CueSound::Glide && !glide_ok {
            self.error(
                "`glide` follows the breath, so it only fits breathing",
                v.span(),
                "use bowl, chime, click or none here",
            );
            return None;
        }
        Some(cue)
    }

    fn integer(&mut self, t: &Table<'_, '_>, key: &str, min: i64, max: i64) -> Option<i64> {
        let v = t.get(key)?;
        let Some(n) = int_of(v) else {
            self.type_error(v, key, "a whole number");
            return None;
        };
        if n < min || n > max {
            self.error(format!("`{key} = {n}` is out of range"), v.span(), format!("expected {min} to {max}"));
            return None;
        }
        Some(n)
    }

    /// A number in [min, max]; zero is allowed only when `zero_ok`.
    fn number(&mut self, t: &Table<'_, '_>, key: &str, min: f64, max: f64, zero_ok: bool) -> Option<f64> {
        let v = t.get(key)?;
        let Some(x) = float_of(v) else {
            self.type_error(v, key, "a number");
            return None;
        };
        let problem = if x.is_nan() {
            Some("is not a number (nan)".to_string())
        } else if x.is_infinite() {
            Some("is infinite".to_string())
        } else if x < 0.0 {
            Some("is negative".to_string())
        } else if x == 0.0 && !zero_ok {
            Some("is zero".to_string())
        } else if x > max {
            Some(format!("is {x}, more than the most allowed ({max})"))
        } else if x < min {
            Some(format!("is {x}, less than the least allowed ({min})"))
        } else {
            None
        };
        if let Some(problem) = problem {
            let lower = if zero_ok { format!("{min}") } else { "more than 0".into() };
            self.error(format!("`{key}` {problem}"), v.span(), format!("expected {lower} up to {max}"));
            return None;
        }
        Some(x)
    }

    fn seconds(&mut self, t: &Table<'_, '_>, key: &str, max: f64, zero_ok: bool) -> Option<Micros> {
        self.number(t, key, 0.0, max, zero_ok).map(Micros::from_secs_f64)
    }

    /// Seconds when present, else zero; `None` only on a bad value.
    fn seconds_or_zero(&mut self, t: &Table<'_, '_>, key: &str, max: f64, zero_ok: bool) -> Option<Micros> {
        self.seconds_default(t, key, max, zero_ok, 0.0)
    }

    fn seconds_default(
        &mut self,
        t: &Table<'_, '_>,
        key: &str,
        max: f64,
        zero_ok: bool,
        default: f64,
    ) -> Option<Micros> {
        match t.get(key) {
            None => Some(Micros::from_secs_f64(default)),
            Some(_) => self.seconds(t, key, max, zero_ok),
        }
    }

    /// Checks a relative audio path that must stay inside the script's
    /// folder; warns when the file is missing.
    fn audio_path(&mut self, v: &Value<'_>, raw: &str) -> Option<PathBuf> {
        let path = PathBuf::from(raw);
        let escapes = path.is_absolute()
            || raw.starts_with('/')
            || raw.starts_with('\\')
            || raw.contains(':')
            || path.components().any(|c| !matches!(c, Component::Normal(_) | Component::CurDir));
        if escapes {
            self.error(
                format!("audio path `{raw}` reaches outside the script's folder"),
                v.span(),
                "expected a path relative to the script, without `..`",
            )
            .help = Some(
                "put the audio file in the script's folder (or a folder inside it) and name it relative to the script"
                    .into(),
            );
            return None;
        }
        if let Some(dir) = self.base_dir
            && !dir.join(&path).is_file()
        {
            self.diags.push(
                Diagnostic::warning(
                    format!("audio file `{raw}` was not found"),
                    Some(v.span()),
                    "no such file beside the script",
                )
                .with_help("the session still plays, with captions, but without this sound"),
            );
        }
        Some(path)
    }
}

fn looks_like_audio_path(s: &str) -> bool {
    let lower = s.to_lowercase();
    s.contains('/') || s.contains('\\') || [".wav", ".ogg", ".oga", ".flac", ".mp3"].iter().any(|e| lower.ends_with(e))
}

fn article(type_name: &str) -> String {
    match type_name.chars().next() {
        Some('a' | 'e' | 'i' | 'o' | 'u') => format!("an {type_name}"),
        _ => format!("a {type_name}"),
    }
}

fn int_of(v: &Value<'_>) -> Option<i64> {
    let i = v.get_ref().as_integer()?;
    let digits = i.as_str().replace('_', "");
    let digits = digits.trim_start_matches("0x").trim_start_matches("0o").trim_start_matches("0b");
    i64::from_str_radix(digits, i.radix()).ok()
}

fn float_of(v: &Value<'_>) -> Option<f64> {
    match v.get_ref() {
        DeValue::Float(f) => f.as_str().replace('_', "").parse().ok(),
        DeValue::Integer(_) => int_of(v).map(|i| i as f64),
        _ => None,
    }
}

/// A calm narration pace: about 130 words a minute, plus a breath at the
/// end, rounded up to a whole second.
pub fn reading_time(text: &str) -> Micros {
    let words = text.split_whitespace().count() as f64;
    Micros::from_secs((words / 130.0 * 60.0 + 2.0).ceil().max(3.0) as u64)
}
