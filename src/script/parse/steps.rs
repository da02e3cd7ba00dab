//! Reading `[[step]]` tables: each step kind's keys, with the rules that
//! make a step meaningful (an in- and out-breath, cycles or minutes, known
//! muscle groups and skip words).

use toml::de::DeValue;

use super::values::int_of;
use super::{MAX_STEPS, Table, Value, Walker, reading_time};
use crate::script::diagnostic::{Diagnostic, did_you_mean};
use crate::script::fields;
use crate::script::model::*;
use crate::script::muscles::{self, GroupId};
use crate::time::Micros;

impl Walker<'_> {
    pub(super) fn steps(&mut self, top: &Table<'_, '_>) -> Option<Vec<Step>> {
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

    pub(super) fn step(&mut self, index: usize, value: &Value<'_>) -> Option<Step> {
        let Some(table) = value.get_ref().as_table() else {
            self.type_error(value, "step", "a table: [[step]]");
            return None;
        };
        let mut t = Table { table, span: value.span(), what: format!("step {}", index + 1) };
        let kind = self.choice(&t, "kind", fields::STEP_KINDS).and_then(StepKind::from_name);
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
        t.what = format!("step {} ({})", index + 1, kind.name());
        let specific = fields::step_fields(kind);
        let misspelt = self.check_keys(&t, &[fields::STEP_COMMON, specific]);
        self.check_required(&t, specific, &misspelt);
        let before = self.error_count();
        let label = self.text(&t, "label");
        let cue = self.cue_choice(&t, "cue", kind == StepKind::Breathe);
        let body = match kind {
            StepKind::Say => self.say(&t),
            StepKind::Pause => Some(StepBody::Pause {
                duration: self.seconds(&t, "seconds", fields::MAX_STEP_S, false)?,
                text: self.text(&t, "text"),
            }),
            StepKind::Breathe => self.breathe(&t).map(StepBody::Breathe),
            StepKind::Tense | StepKind::Release => self.tense_release(&t, kind),
            StepKind::Pmr => self.pmr(&t).map(StepBody::Pmr),
            StepKind::Rate => self.rate(&t),
        };
        let line = self.source[..value.span().start.min(self.source.len())].matches('\n').count() + 1;
        (self.error_count() == before).then_some(Step { line, label, cue, body: body? })
    }

    pub(super) fn say(&mut self, t: &Table<'_, '_>) -> Option<StepBody> {
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

    pub(super) fn breathe(&mut self, t: &Table<'_, '_>) -> Option<Breathe> {
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
            (Some(_), None) => BreathAmount::Cycles(self.integer(t, &fields::CYCLES)? as u32),
            (None, Some(_)) => {
                let minutes = self.number_field(t, &fields::MINUTES, false)?;
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
            inhale_word: self.text_or_default(t, &fields::INHALE_WORD),
            hold_word: self.text_or_default(t, &fields::HOLD_WORD),
            exhale_word: self.text_or_default(t, &fields::EXHALE_WORD),
        })
    }

    /// Reads the five phases; in a step, `inhale` and `exhale` must be > 0.
    pub(super) fn pace(&mut self, t: &Table<'_, '_>, is_step: bool) -> Option<Pace> {
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

    pub(super) fn check_breath(&mut self, t: &Table<'_, '_>, pace: &Pace) {
        if pace.inhale == Micros::ZERO || pace.exhale == Micros::ZERO {
            self.error(
                format!("{} needs an in-breath and an out-breath longer than 0 s", t.what),
                t.span.clone(),
                "inhale and exhale must be more than 0",
            );
        }
    }

    pub(super) fn tense_release(&mut self, t: &Table<'_, '_>, kind: StepKind) -> Option<StepBody> {
        let v = t.get("group")?;
        let Some(name) = v.get_ref().as_str() else {
            self.type_error(v, "group", "a muscle group name, as a string");
            return None;
        };
        let group = self.muscle_group(v, name)?;
        let max = if kind == StepKind::Tense { fields::MAX_PHASE_S } else { fields::MAX_RELEASE_S };
        let duration = self.seconds(t, "seconds", max, false)?;
        let text = self.text(t, "text");
        Some(if kind == StepKind::Tense {
            let text = text.unwrap_or_else(|| format!("{}. Hold it, and notice the tension.", group.tense));
            StepBody::Tense { group: group.into(), duration, text }
        } else {
            let text = text.unwrap_or_else(|| format!("And let go. Let your {} go loose and heavy.", group.name));
            StepBody::Release { group: group.into(), duration, text }
        })
    }

    pub(super) fn muscle_group(&mut self, v: &Value<'_>, name: &str) -> Option<&'static muscles::MuscleGroup> {
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

    pub(super) fn pmr(&mut self, t: &Table<'_, '_>) -> Option<Pmr> {
        let v = t.get("groups")?;
        let groups: Vec<GroupId> = match v.get_ref() {
            DeValue::String(s) => match muscles::sequence(s) {
                Some(seq) => seq.iter().map(GroupId::from).collect(),
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
                        Some(name) => out.extend(self.muscle_group(item, name).map(GroupId::from)),
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
        let tense = self.seconds_field(t, &fields::PMR_TENSE, true)?;
        let release = self.seconds_field(t, &fields::PMR_RELEASE, false)?;
        let gap = self.seconds_field(t, &fields::PMR_GAP, true)?;
        let effort = match self.choice(t, "effort", fields::EFFORTS) {
            Some("firm") => Effort::Firm,
            _ => Effort::Gentle,
        };
        let repeat = match t.get(fields::PMR_REPEAT.name) {
            Some(_) => self.integer(t, &fields::PMR_REPEAT)? as u32,
            None => fields::PMR_REPEAT.default_number().unwrap_or(1.0) as u32,
        };
        if !groups.is_empty() && groups.iter().all(|g| skip.iter().any(|w| g.group().matches_skip(w))) {
            self.diags.push(Diagnostic::warning(
                format!("{} skips every one of its groups", t.what),
                t.get("skip").map(|v| v.span()),
                "nothing is left to do",
            ));
        }
        Some(Pmr { groups, tense, release, gap, skip, effort, repeat })
    }

    pub(super) fn skip_list(&mut self, t: &Table<'_, '_>) -> Vec<String> {
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

    pub(super) fn rate(&mut self, t: &Table<'_, '_>) -> Option<StepBody> {
        let scale = RateScale::from_name(self.choice(t, "scale", fields::SCALES)?)?;
        let question = self.text(t, "question").unwrap_or_else(|| scale.default_question().into());
        let duration = self.seconds_field(t, &fields::RATE_SECONDS, false)?;
        Some(StepBody::Rate { scale, question, duration })
    }

    // ---- keys and values ----
}
