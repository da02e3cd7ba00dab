//! From TOML text to a validated `Script`. The TOML is parsed with spans,
//! then walked by hand so that every problem in the file is reported at
//! once, at its exact place, instead of stopping at the first. This file
//! reads the header and `[sound]`; `steps` reads steps, `values` typed keys.

mod steps;
mod values;

use std::ops::Range;
use std::path::Path;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::diagnostic::{Diagnostic, Report, did_you_mean};
use super::fields;
use super::model::*;
use crate::time::Micros;
use values::{int_of, looks_like_audio_path};

/// Most steps a script may have.
pub const MAX_STEPS: usize = fields::MAX_COUNT as usize;

type Span = Range<usize>;
pub(crate) type Value<'i> = Spanned<DeValue<'i>>;

/// Parses and validates script text. `base_dir` is where relative audio
/// paths resolve (and are checked for existence); `None` for built-ins.
pub fn parse(report: &mut Report, base_dir: Option<&Path>) -> Option<Script> {
    let source = report.source.clone();
    let root = parse_toml(report, &source)?;
    let mut walker = Walker::new(&source, base_dir);
    let script = walker.script(root.get_ref(), root.span());
    walker.finish(report);
    if report.has_errors() { None } else { script }
}

/// Parses TOML with spans; reports every syntax error and returns `None`
/// when there was one. Shared with other files in the same style (courses).
pub(crate) fn parse_toml<'i>(report: &mut Report, source: &'i str) -> Option<Spanned<DeTable<'i>>> {
    let (root, errors) = DeTable::parse_recoverable(source);
    for e in &errors {
        let message = e.message().trim().to_string();
        report.diagnostics.push(Diagnostic::error(
            format!("this is not valid TOML: {message}"),
            e.span(),
            "TOML syntax error here",
        ));
    }
    errors.is_empty().then_some(root)
}

/// Walks a parsed file, collecting diagnostics.
pub(crate) struct Walker<'b> {
    diags: Vec<Diagnostic>,
    base_dir: Option<&'b Path>,
    source: &'b str,
}

/// One table being read, with the name used for it in messages.
pub(crate) struct Table<'t, 'i> {
    pub(crate) table: &'t DeTable<'i>,
    pub(crate) span: Span,
    pub(crate) what: String,
}

impl<'t, 'i> Table<'t, 'i> {
    pub(crate) fn get(&self, key: &str) -> Option<&'t Value<'i>> {
        self.table.get(key)
    }
}

impl<'b> Walker<'b> {
    /// `base_dir` is where relative paths resolve, `None` for built-ins.
    pub(crate) fn new(source: &'b str, base_dir: Option<&'b Path>) -> Self {
        Walker { diags: Vec::new(), base_dir, source }
    }

    /// Hands the diagnostics to the report, in file order.
    pub(crate) fn finish(mut self, report: &mut Report) {
        self.diags.sort_by_key(|d| d.span.as_ref().map_or(0, |s| s.start));
        report.diagnostics.extend(self.diags);
    }

    pub(crate) fn warn(&mut self, d: Diagnostic) {
        self.diags.push(d);
    }
}

impl Walker<'_> {
    pub(crate) fn error_count(&self) -> usize {
        self.diags.iter().filter(|d| d.severity == super::Severity::Error).count()
    }

    pub(crate) fn error(
        &mut self,
        message: impl Into<String>,
        span: Span,
        label: impl Into<String>,
    ) -> &mut Diagnostic {
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
        // `choice` accepts only the names, so every one is found.
        let kind = self.choice(&top, "kind", fields::SESSION_KINDS).and_then(SessionKind::from_name);
        let summary = self.text(&top, "summary");
        let caution = self.text(&top, "caution");
        let language = self.text(&top, "language").unwrap_or_else(|| "en".into());
        let author = self.text(&top, "author");
        let ending = self.text_or_default(&top, &fields::ENDING);
        let sound = self.sound(&top);
        let steps = self.steps(&top);

        let script = Script {
            title: title?,
            kind: kind?,
            summary: summary?,
            caution,
            language,
            author,
            ending,
            sound: sound?,
            steps: steps?,
            base_dir: self.base_dir.map(Path::to_path_buf),
        };
        Some(script)
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
        if let Some(c) = self.cue_choice(&t, "release_cue", false) {
            sound.release_cue = c;
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
}

/// A calm narration pace: about 130 words a minute, plus a breath at the
/// end, rounded up to a whole second.
pub fn reading_time(text: &str) -> Micros {
    let words = text.split_whitespace().count() as f64;
    Micros::from_secs((words / 130.0 * 60.0 + 2.0).ceil().max(3.0) as u64)
}
