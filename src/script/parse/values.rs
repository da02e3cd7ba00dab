//! Reading typed values from a table: unknown and missing keys, text,
//! choices, numbers and durations with their ranges, and audio paths that
//! must stay inside the script's folder.

use std::path::{Component, PathBuf};

use toml::de::DeValue;

use super::{Table, Value, Walker};
use crate::script::diagnostic::{Diagnostic, did_you_mean};
use crate::script::fields::{self, Field, FieldType};
use crate::script::model::CueSound;
use crate::time::Micros;

impl Walker<'_> {
    /// Reports keys not in `allowed`; returns the names suggested for them,
    /// so a misspelt required key is not also reported as missing.
    pub(crate) fn check_keys(&mut self, t: &Table<'_, '_>, allowed: &[&[Field]]) -> Vec<&'static str> {
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

    pub(crate) fn check_required(&mut self, t: &Table<'_, '_>, spec: &[Field], misspelt: &[&str]) {
        for f in spec.iter().filter(|f| f.required) {
            if t.get(f.name).is_none() && !misspelt.contains(&f.name) {
                let span = if t.span.is_empty() { 0..0 } else { t.span.start..t.span.start + 1 };
                self.error(
                    format!("{} is missing `{}`", t.what, f.name),
                    span,
                    format!("add `{}`: {}", f.name, f.help),
                );
            }
        }
    }

    pub(crate) fn type_error(&mut self, v: &Value<'_>, key: &str, expected: &str) {
        let found = v.get_ref().type_str();
        self.error(
            format!("`{key}` should be {expected}, not {}", article(found)),
            v.span(),
            format!("expected {expected}"),
        );
    }

    pub(crate) fn text(&mut self, t: &Table<'_, '_>, key: &str) -> Option<String> {
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

    pub(crate) fn choice(
        &mut self,
        t: &Table<'_, '_>,
        key: &str,
        options: &'static [&'static str],
    ) -> Option<&'static str> {
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
            "cue" | "pmr_cue" | "release_cue" => "cue sound",
            other => other,
        };
        let d =
            self.error(format!("unknown {noun} `{s}`"), v.span(), format!("expected one of {}", options.join(", ")));
        if let Some(m) = did_you_mean(s, options.iter().copied()) {
            d.help = Some(format!("did you mean `{m}`?"));
        }
        None
    }

    pub(crate) fn cue_choice(&mut self, t: &Table<'_, '_>, key: &str, glide_ok: bool) -> Option<CueSound> {
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

    /// A whole number in the field's range.
    pub(super) fn integer(&mut self, t: &Table<'_, '_>, field: &Field) -> Option<i64> {
        let (min, max) = match field.ty {
            FieldType::Integer { min, max } => (min, max),
            _ => (i64::MIN, i64::MAX),
        };
        self.whole_number(t, field.name, min, max)
    }

    /// A whole number in [min, max].
    pub(crate) fn whole_number(&mut self, t: &Table<'_, '_>, key: &str, min: i64, max: i64) -> Option<i64> {
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
    pub(crate) fn number(&mut self, t: &Table<'_, '_>, key: &str, min: f64, max: f64, zero_ok: bool) -> Option<f64> {
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

    /// A number in the field's range; zero is allowed only when `zero_ok`.
    pub(super) fn number_field(&mut self, t: &Table<'_, '_>, field: &Field, zero_ok: bool) -> Option<f64> {
        let (min, max) = field.range();
        self.number(t, field.name, min, max, zero_ok)
    }

    /// Seconds in the field's range, or its default when the key is absent;
    /// `None` only on a bad value.
    pub(super) fn seconds_field(&mut self, t: &Table<'_, '_>, field: &Field, zero_ok: bool) -> Option<Micros> {
        let (_, max) = field.range();
        self.seconds_default(t, field.name, max, zero_ok, field.default_number().unwrap_or(0.0))
    }

    /// The text given, or the field's default.
    pub(super) fn text_or_default(&mut self, t: &Table<'_, '_>, field: &Field) -> String {
        self.text(t, field.name).unwrap_or_else(|| field.default_text().unwrap_or_default().to_string())
    }

    pub(crate) fn seconds(&mut self, t: &Table<'_, '_>, key: &str, max: f64, zero_ok: bool) -> Option<Micros> {
        self.number(t, key, 0.0, max, zero_ok).map(Micros::from_secs_f64)
    }

    /// Seconds when present, else zero; `None` only on a bad value.
    pub(crate) fn seconds_or_zero(&mut self, t: &Table<'_, '_>, key: &str, max: f64, zero_ok: bool) -> Option<Micros> {
        self.seconds_default(t, key, max, zero_ok, 0.0)
    }

    pub(crate) fn seconds_default(
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
    pub(crate) fn audio_path(&mut self, v: &Value<'_>, raw: &str) -> Option<PathBuf> {
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

pub(crate) fn looks_like_audio_path(s: &str) -> bool {
    let lower = s.to_lowercase();
    s.contains('/') || s.contains('\\') || [".wav", ".ogg", ".oga", ".flac", ".mp3"].iter().any(|e| lower.ends_with(e))
}

fn article(type_name: &str) -> String {
    match type_name.chars().next() {
        Some('a' | 'e' | 'i' | 'o' | 'u') => format!("an {type_name}"),
        _ => format!("a {type_name}"),
    }
}

pub(crate) fn int_of(v: &Value<'_>) -> Option<i64> {
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
