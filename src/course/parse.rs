//! From course TOML to a `Course`, with the script walker: every problem in
//! the file at once, each at its place, with a "did you mean" for keys,
//! scales and built-in session names.

use std::path::{Component, Path, PathBuf};

use super::fields::{self, MAX_STAGES};
use super::{Bound, Course, MoveOn, RatingGoal, Stage};
use crate::script::parse::{Table, Value, Walker, parse_toml};
use crate::script::{Diagnostic, RateScale, Report, builtin, did_you_mean};

/// A course that loaded, with any warnings (a session file not found, …).
#[derive(Debug, Clone)]
pub struct LoadedCourse {
    pub course: Course,
    pub report: Report,
}

/// Largest course file accepted.
const MAX_FILE_BYTES: u64 = 256 * 1024;

/// The built-in rescue sessions, the default `rescue` list.
const RESCUE: &[&str] = &["builtin:rescue-flare-breath", "builtin:rescue-flare-soften", "builtin:rescue-flare-place"];

/// Loads `builtin:NAME` or a course file.
pub fn load_any(spec: &str) -> Result<LoadedCourse, Report> {
    match spec.strip_prefix("builtin:") {
        Some(name) => super::builtin::load(name),
        None => load_file(Path::new(spec)),
    }
}

/// Loads a course file; session paths in it resolve beside it.
pub fn load_file(path: &Path) -> Result<LoadedCourse, Report> {
    let name = path.display().to_string();
    let fail = |message: String| {
        let mut r = Report::new(&name, "");
        r.diagnostics.push(Diagnostic::error(message, None, "").with_help("name a course file (.toml)"));
        r
    };
    let meta = std::fs::metadata(path).map_err(|e| fail(format!("cannot read `{name}`: {e}")))?;
    if meta.is_dir() {
        return Err(fail(format!("`{name}` is a folder, not a course file")));
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(fail(format!("`{name}` is {} KiB; course files are limited to 256 KiB", meta.len() / 1024)));
    }
    let text = std::fs::read(path).map_err(|e| fail(format!("cannot read `{name}`: {e}")))?;
    let text = String::from_utf8(text).map_err(|e| {
        fail(format!("`{name}` is not UTF-8 text (bad byte at offset {})", e.utf8_error().valid_up_to()))
    })?;
    let dir = path.parent().map(|d| if d.as_os_str().is_empty() { Path::new(".") } else { d });
    load_str(&name, &text, dir)
}

/// Loads course text. `base_dir` is where session paths resolve (and are
/// checked), or `None` for built-ins.
pub fn load_str(name: &str, text: &str, base_dir: Option<&Path>) -> Result<LoadedCourse, Report> {
    let mut report = Report::new(name, text);
    let source = report.source.clone();
    let Some(root) = parse_toml(&mut report, &source) else { return Err(report) };
    let mut walker = Walker::new(&source, base_dir);
    let course = walker.course(root.get_ref(), root.span().start, base_dir);
    walker.finish(&mut report);
    match course {
        Some(course) if !report.has_errors() => Ok(LoadedCourse { course, report }),
        _ => Err(report),
    }
}

impl Walker<'_> {
    fn course(&mut self, root: &toml::de::DeTable<'_>, start: usize, base: Option<&Path>) -> Option<Course> {
        let top = Table { table: root, span: start..start, what: "the course header".into() };
        let misspelt = self.check_keys(&top, &[fields::HEADER]);
        self.check_required(&top, fields::HEADER, &misspelt);
        self.whole_number(&top, "format", 1, 1);
        let title = self.text(&top, "title");
        let summary = self.text(&top, "summary");
        let author = self.text(&top, "author");
        let rescue = match top.get("rescue") {
            Some(v) => self.sessions(v, "rescue", base),
            None => Some(RESCUE.iter().map(|s| s.to_string()).collect()),
        };
        let stages = self.stages(&top, base);
        Some(Course { title: title?, summary: summary?, author, rescue: rescue?, stages: stages? })
    }

    fn stages(&mut self, top: &Table<'_, '_>, base: Option<&Path>) -> Option<Vec<Stage>> {
        let value = top.get("stage")?;
        let Some(array) = value.get_ref().as_array() else {
            self.type_error(value, "stage", "an array of tables: [[stage]]");
            return None;
        };
        if array.is_empty() || array.len() > MAX_STAGES {
            self.error(
                format!("the course has {} stages; it needs 1 to {MAX_STAGES}", array.len()),
                value.span(),
                "expected [[stage]] tables",
            );
            return None;
        }
        let before = self.error_count();
        let stages: Vec<Stage> = array.iter().enumerate().filter_map(|(i, v)| self.stage(i, v, base)).collect();
        (self.error_count() == before && stages.len() == array.len()).then_some(stages)
    }

    fn stage(&mut self, index: usize, value: &Value<'_>, base: Option<&Path>) -> Option<Stage> {
        let Some(table) = value.get_ref().as_table() else {
            self.type_error(value, "stage", "a table: [[stage]]");
            return None;
        };
        let t = Table { table, span: value.span(), what: format!("stage {}", index + 1) };
        let misspelt = self.check_keys(&t, &[fields::STAGE]);
        self.check_required(&t, fields::STAGE, &misspelt);
        let title = self.text(&t, "title");
        let about = self.text(&t, "about");
        let session = t.get("session").and_then(|v| match v.get_ref().as_str() {
            Some(s) => self.session(v, s, base),
            None => {
                self.type_error(v, "session", "builtin:NAME or a script's path, in quotes");
                None
            }
        });
        let also = match t.get("also") {
            Some(v) => self.sessions(v, "also", base),
            None => Some(Vec::new()),
        };
        let per_day = match t.get("per_day") {
            Some(_) => self.whole_number(&t, "per_day", 1, 20).map(|n| n as u32),
            None => Some(1),
        };
        let move_on = self.move_on(&t);
        Some(Stage {
            title: title?,
            about: about?,
            session: session?,
            also: also?,
            per_day: per_day?,
            move_on: move_on?,
        })
    }

    fn move_on(&mut self, stage: &Table<'_, '_>) -> Option<MoveOn> {
        let value = stage.get("move_on")?;
        let Some(table) = value.get_ref().as_table() else {
            self.type_error(value, "move_on", "a table: [stage.move_on]");
            return None;
        };
        let t = Table { table, span: value.span(), what: format!("`move_on` in {}", stage.what) };
        let misspelt = self.check_keys(&t, &[fields::MOVE_ON]);
        self.check_required(&t, fields::MOVE_ON, &misspelt);
        let before = self.error_count();
        let days = self.whole_number(&t, "days", 1, 365);
        let scale = self.choice(&t, "scale", crate::script::fields::SCALES).and_then(RateScale::from_name);
        let at_most = self.whole_number(&t, "at_most", 0, 10);
        let at_least = self.whole_number(&t, "at_least", 0, 10);
        let sessions = match t.get("sessions") {
            Some(_) => self.whole_number(&t, "sessions", 1, 20),
            None => Some(3),
        };
        if self.error_count() != before {
            return None;
        }
        let bound = match (at_most, at_least) {
            (Some(v), None) => Some((Bound::AtMost, v)),
            (None, Some(v)) => Some((Bound::AtLeast, v)),
            (None, None) => None,
            (Some(_), Some(_)) => {
                let span = t.get("at_least").map_or(t.span.clone(), |v| v.span());
                self.error(format!("{} has both `at_most` and `at_least`", t.what), span, "give one of them").help =
                    Some("at_most suits pain, tension and stress; at_least suits mood and comfort".into());
                return None;
            }
        };
        let rating = match (scale, bound) {
            (Some(scale), Some((bound, value))) => {
                Some(RatingGoal { scale, bound, value: value as u8, sessions: sessions.unwrap_or(3) as u32 })
            }
            (None, None) => None,
            (Some(_), None) => {
                let span = t.get("scale").map_or(t.span.clone(), |v| v.span());
                self.error(format!("{} names a `scale` but no goal", t.what), span, "add `at_most` or `at_least`")
                    .help = Some("e.g. `at_most = 3`: the rating after practice is 3 or less".into());
                return None;
            }
            (None, Some(_)) => {
                let key = if at_most.is_some() { "at_most" } else { "at_least" };
                let span = t.get(key).map_or(t.span.clone(), |v| v.span());
                self.error(format!("{} has `{key}` but no `scale`", t.what), span, "which rating is this?").help =
                    Some("add e.g. `scale = \"tension\"`".into());
                return None;
            }
        };
        Some(MoveOn { days: days? as u32, rating })
    }

    /// A list of session names.
    fn sessions(&mut self, v: &Value<'_>, key: &str, base: Option<&Path>) -> Option<Vec<String>> {
        let Some(items) = v.get_ref().as_array() else {
            self.type_error(v, key, "a list of sessions, e.g. [\"builtin:rescue-flare-breath\"]");
            return None;
        };
        let before = self.error_count();
        let mut out = Vec::new();
        for item in items {
            match item.get_ref().as_str() {
                Some(s) => out.extend(self.session(item, s, base)),
                None => self.type_error(item, key, "builtin:NAME or a script's path, in quotes"),
            }
        }
        (self.error_count() == before).then_some(out)
    }

    /// `builtin:NAME` (which must exist) or a path beside the course.
    fn session(&mut self, v: &Value<'_>, raw: &str, base: Option<&Path>) -> Option<String> {
        if let Some(name) = raw.strip_prefix("builtin:") {
            if builtin::find(name).is_some() {
                return Some(raw.to_string());
            }
            let d = self.error(format!("there is no built-in session `{name}`"), v.span(), "not a built-in session");
            d.help = Some(match did_you_mean(name, builtin::ALL.iter().map(|b| b.name)) {
                Some(s) => format!("did you mean `builtin:{s}`? `respite list` shows them all"),
                None => "`respite list` shows the built-in sessions".into(),
            });
            return None;
        }
        let path = PathBuf::from(raw);
        let escapes = raw.trim().is_empty()
            || path.is_absolute()
            || raw.starts_with(['/', '\\'])
            || raw.contains(':')
            || path.components().any(|c| !matches!(c, Component::Normal(_) | Component::CurDir));
        if escapes {
            self.error(
                format!("session `{raw}` is neither builtin:NAME nor a path beside the course"),
                v.span(),
                "expected builtin:NAME, or a script path relative to the course, without `..`",
            )
            .help = Some("keep a course's own scripts in its folder, so they travel together".into());
            return None;
        }
        let Some(dir) = base else { return Some(raw.to_string()) };
        let full = dir.join(&path);
        if !full.is_file() {
            self.warn(
                Diagnostic::warning(
                    format!("session file `{raw}` was not found"),
                    Some(v.span()),
                    "no such file beside the course",
                )
                .with_help("this stage cannot be played until the file is there"),
            );
        }
        Some(full.display().to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"format = 1
title = "Mine"
summary = "A short course."

[[stage]]
title = "Release only"
about = "Let go, area by area."
session = "builtin:pmr-release-only"
also = ["builtin:pmr-4-groups"]
per_day = 2
[stage.move_on]
days = 7
scale = "tension"
at_most = 3

[[stage]]
title = "Cue"
about = "In, relax."
session = "builtin:pmr-cue-controlled"
move_on = { days = 5 }
"#;

    #[test]
    fn a_good_course_loads_with_defaults() {
        let loaded = load_str("mine.toml", GOOD, None).unwrap();
        let c = loaded.course;
        assert_eq!(c.stages.len(), 2);
        assert_eq!(c.rescue.len(), 3);
        let goal = c.stages[0].move_on.rating.unwrap();
        assert_eq!((goal.scale, goal.bound, goal.value, goal.sessions), (RateScale::Tension, Bound::AtMost, 3, 3));
        assert_eq!(c.stages[0].sessions().collect::<Vec<_>>(), ["builtin:pmr-release-only", "builtin:pmr-4-groups"]);
        assert_eq!((c.stages[1].per_day, c.stages[1].move_on.days, c.stages[1].move_on.rating), (1, 5, None));
        assert!(loaded.report.diagnostics.is_empty());
    }

    /// Every error in `text`, as (line, column, message).
    fn errors(text: &str) -> Vec<(usize, usize, String)> {
        let report = load_str("c.toml", text, None).unwrap_err();
        report
            .errors()
            .map(|d| {
                let (l, c) = report.location(d).unwrap_or((0, 0));
                (l, c, d.message.clone())
            })
            .collect()
    }

    #[test]
    fn mistakes_are_located_and_all_reported() {
        let text = GOOD
            .replace("per_day = 2", "per_dya = 2")
            .replace("builtin:pmr-cue-controlled", "builtin:pmr-cue-controled")
            .replace("scale = \"tension\"", "scale = \"tenson\"");
        let e = errors(&text);
        assert_eq!(
            e,
            [
                (10, 1, "unknown key `per_dya` in stage 1".to_string()),
                (13, 9, "unknown scale `tenson`".to_string()),
                (19, 11, "there is no built-in session `pmr-cue-controled`".to_string()),
            ]
        );
        let report = load_str("c.toml", &text, None).unwrap_err();
        let rendered = report.render();
        assert!(rendered.contains("did you mean `per_day`?"), "{rendered}");
        assert!(rendered.contains("did you mean `tension`?"), "{rendered}");
        assert!(rendered.contains("did you mean `builtin:pmr-cue-controlled`?"), "{rendered}");
        assert!(rendered.contains("c.toml:19:11"), "{rendered}");
    }

    #[test]
    fn goals_need_a_scale_and_one_bound() {
        let both = GOOD.replace("at_most = 3", "at_most = 3\nat_least = 5");
        assert_eq!(errors(&both)[0].2, "`move_on` in stage 1 has both `at_most` and `at_least`");
        let no_bound = GOOD.replace("at_most = 3", "");
        assert_eq!(errors(&no_bound)[0].2, "`move_on` in stage 1 names a `scale` but no goal");
        let no_scale = GOOD.replace("scale = \"tension\"", "");
        assert_eq!(errors(&no_scale)[0].2, "`move_on` in stage 1 has `at_most` but no `scale`");
        let missing = GOOD.replace("move_on = { days = 5 }", "");
        assert_eq!(errors(&missing)[0].2, "stage 2 is missing `move_on`");
        let zero = GOOD.replace("days = 7", "days = 0");
        assert_eq!(errors(&zero)[0].2, "`days = 0` is out of range");
    }

    #[test]
    fn session_paths_stay_beside_the_course_and_missing_ones_warn() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("mine.toml"), "x").unwrap();
        let text = GOOD.replace("builtin:pmr-release-only", "mine.toml").replace("builtin:pmr-4-groups", "gone.toml");
        let loaded = load_str("c.toml", &text, Some(dir.path())).unwrap();
        assert_eq!(loaded.course.stages[0].session, dir.path().join("mine.toml").display().to_string());
        let warnings: Vec<_> = loaded.report.warnings().map(|d| d.message.clone()).collect();
        assert_eq!(warnings, ["session file `gone.toml` was not found"]);
        let outside = GOOD.replace("builtin:pmr-release-only", "../other/x.toml");
        assert!(errors(&outside)[0].2.contains("neither builtin:NAME nor a path beside the course"));
    }

    #[test]
    fn bad_toml_and_a_wrong_format_are_reported() {
        assert!(errors("title = \n")[0].2.starts_with("this is not valid TOML"));
        let e = errors(&GOOD.replace("format = 1", "format = 2"));
        assert_eq!(e[0], (1, 10, "`format = 2` is out of range".to_string()));
        let e = errors("format = 1\n");
        assert!(e.iter().any(|(_, _, m)| m == "the course header is missing `stage`"), "{e:?}");
    }
}
