//! CSV export of the journal: one row per rating, plus one row for each
//! session without ratings, for a spreadsheet or a therapist. The last
//! column numbers the sessions in the file, so that an import can tell two
//! sessions apart that look alike (same minute, title and rounded length).

use super::store::Entry;

/// The whole journal as CSV text (RFC 4180 quoting), oldest first.
pub fn export_csv(entries: &[Entry]) -> String {
    let mut out = String::from("date,session,source,played_min,completed,step,scale,rating,note,session_no\n");
    for (number, e) in entries.iter().rev().enumerate() {
        let common = [
            e.started_local.clone(),
            e.title.clone(),
            e.source.clone(),
            format!("{:.1}", e.played_s / 60.0),
            if e.completed { "yes".into() } else { "no".into() },
        ];
        let note = e.note.clone().unwrap_or_default();
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
}
