//! CSV export of the journal: one row per rating, plus one row for each
//! session without ratings, for a spreadsheet or a therapist. The last
//! column numbers the sessions in the file, so that an import can tell two
//! sessions apart that look alike (same minute, title and rounded length).
//! Text that a spreadsheet would run as a formula (a title from a
//! stranger's script starting with `=`, say) is written with a leading `'`,
//! which the import takes off again.

use super::store::Entry;

/// The whole journal as CSV text (RFC 4180 quoting), oldest first.
pub fn export_csv(entries: &[Entry]) -> String {
    let mut out = String::from("date,session,source,played_min,completed,step,scale,rating,note,session_no\n");
    for (number, e) in entries.iter().rev().enumerate() {
        let common = [
            e.started_local.clone(),
            protect(&e.title),
            protect(&e.source),
            format!("{:.1}", e.played_s / 60.0),
            if e.completed { "yes".into() } else { "no".into() },
        ];
        let note = protect(e.note.as_deref().unwrap_or_default());
        let rows: Vec<[String; 3]> = if e.ratings.is_empty() {
            vec![[String::new(), String::new(), String::new()]]
        } else {
            e.ratings.iter().map(|r| [(r.step + 1).to_string(), r.scale.name().into(), r.value.to_string()]).collect()
        };
        for row in rows {
            let number = (number + 1).to_string();
            let fields: Vec<String> = common.iter().chain(&row).chain([&note, &number]).map(|f| quote(f)).collect();
            out.push_str(&fields.join(","));
            out.push('\n');
        }
    }
    out
}

/// Characters that make a spreadsheet read a cell as a formula (OWASP's
/// list), and the `'` that marks a protected cell, so that one taken off
/// on import is always one put on here.
const FORMULA_START: [char; 7] = ['=', '+', '-', '@', '\t', '\r', '\''];

/// Text as a cell no spreadsheet runs: `'=1+1` for `=1+1`.
fn protect(text: &str) -> String {
    if text.starts_with(FORMULA_START) { format!("'{text}") } else { text.to_string() }
}

/// The text a protected cell stands for (the import's side of `protect`).
pub(super) fn unprotect(cell: &str) -> &str {
    cell.strip_prefix('\'').unwrap_or(cell)
}

fn quote(field: &str) -> String {
    if field.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::journal::Journal;
    use crate::script::RateScale;

    #[test]
    fn one_row_per_rating_with_quoting() {
        let j = Journal::in_memory().unwrap();
        let s = j.start_session("builtin:box", "Box, four by four").unwrap();
        j.rate(s, 0, RateScale::Pain, 6).unwrap();
        j.rate(s, 5, RateScale::Pain, 4).unwrap();
        j.set_note(s, "felt \"lighter\"").unwrap();
        j.start_session("mine.toml", "Mine").unwrap();
        let csv = export_csv(&j.entries().unwrap());
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(lines.len(), 4, "{csv}");
        assert!(
            lines[1].contains(",\"Box, four by four\",builtin:box,0.0,no,1,pain,6,\"felt \"\"lighter\"\"\""),
            "{csv}"
        );
        assert!(lines[2].ends_with(",6,pain,4,\"felt \"\"lighter\"\"\",1"), "{csv}");
        assert!(lines[3].ends_with(",Mine,mine.toml,0.0,no,,,,,2"), "{csv}");
    }

    #[test]
    fn text_a_spreadsheet_would_run_is_protected_and_comes_back() {
        let j = Journal::in_memory().unwrap();
        let s = j.start_session("-x.toml", "=HYPERLINK(\"http://x\")").unwrap();
        j.set_note(s, "@SUM(A1)").unwrap();
        j.start_session("'quoted.toml", "+1 more").unwrap();
        let csv = export_csv(&j.entries().unwrap());
        let lines: Vec<&str> = csv.lines().collect();
        assert!(
            lines[1].starts_with(&format!("{},\"'=HYPERLINK(\"\"http://x\"\")\",'-x.toml,", &lines[1][..16])),
            "{csv}"
        );
        assert!(lines[1].ends_with(",'@SUM(A1),1"), "{csv}");
        assert!(lines[2].contains(",'+1 more,''quoted.toml,"), "{csv}");
        let back = Journal::in_memory().unwrap();
        back.import_csv("j.csv", &csv).unwrap();
        let entries = back.entries().unwrap();
        let titles: Vec<(&str, &str, Option<&str>)> =
            entries.iter().map(|e| (e.title.as_str(), e.source.as_str(), e.note.as_deref())).collect();
        assert_eq!(
            titles,
            [("+1 more", "'quoted.toml", None), ("=HYPERLINK(\"http://x\")", "-x.toml", Some("@SUM(A1)"))]
        );
        assert_eq!(export_csv(&entries), csv);
    }
}
