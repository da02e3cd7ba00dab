//! `respite journal` on real journal files: listing, CSV export, a missing
//! journal and a damaged one.

use respite::journal::Journal;
use respite::script::RateScale;

use crate::support::respite;

#[test]
fn list_and_export_show_what_was_recorded() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("journal.sqlite");
    {
        let j = Journal::open(&path).unwrap().journal;
        let s = j.start_session("builtin:box-breathing", "Box breathing").unwrap();
        j.rate(s, 0, RateScale::Pain, 7).unwrap();
        j.rate(s, 8, RateScale::Pain, 5).unwrap();
        j.progress(s, 330.0, true).unwrap();
    }
    let p = path.to_str().unwrap();
    let out = respite(&["journal", "list", "--journal", p]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("Box breathing") && text.contains("finished") && text.contains("pain 7 → 5"), "{text}");
    assert!(text.contains("5.5 min"), "{text}");

    let csv = dir.path().join("out.csv");
    let out = respite(&["journal", "export", "--journal", p, "-o", csv.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = std::fs::read_to_string(&csv).unwrap();
    assert_eq!(text.lines().count(), 3, "{text}");
    assert!(text.lines().nth(2).unwrap().contains(",Box breathing,builtin:box-breathing,5.5,yes,9,pain,5,"), "{text}");
}

#[test]
fn a_missing_journal_is_explained() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("none.sqlite");
    let out = respite(&["journal", "export", "--journal", p.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no journal yet"));
    assert!(!p.exists(), "reading must not create a journal");
}

#[test]
fn a_damaged_journal_is_named_and_left_as_it_is_by_reading() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("journal.sqlite");
    std::fs::write(&p, "garbage").unwrap();
    for action in ["list", "export"] {
        let out = respite(&["journal", action, "--journal", p.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(1), "{action}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("cannot read the journal") && err.contains("damaged"), "{action}: {err}");
    }
    // Reading changes nothing: the app sets a damaged journal aside when
    // it next records (tests/it/ui_flows.rs).
    assert_eq!(std::fs::read_to_string(&p).unwrap(), "garbage");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1, "nothing made beside it");
}
