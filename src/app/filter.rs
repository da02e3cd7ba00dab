//! Finding a session in a library of thirty or more: by kind, by length
//! and by words in the title or summary. Plain data the library page edits;
//! nothing here draws.

use super::library::LibraryEntry;
use crate::script::SessionKind;

/// A length band, as the library offers it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Length {
    #[default]
    Any,
    /// Up to 10 minutes.
    Short,
    /// More than 10, up to 20 minutes.
    Medium,
    /// More than 20 minutes.
    Long,
}

impl Length {
    pub const ALL: [Length; 4] = [Self::Any, Self::Short, Self::Medium, Self::Long];

    pub fn label(self) -> &'static str {
        match self {
            Self::Any => "Any length",
            Self::Short => "Up to 10 min",
            Self::Medium => "10 to 20 min",
            Self::Long => "Over 20 min",
        }
    }

    fn holds(self, minutes: f64) -> bool {
        match self {
            Self::Any => true,
            Self::Short => minutes <= 10.0,
            Self::Medium => minutes > 10.0 && minutes <= 20.0,
            Self::Long => minutes > 20.0,
        }
    }
}

/// What the library shows: every session when the filter is empty.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    pub kind: Option<SessionKind>,
    pub length: Length,
    /// Words that must each appear in the title or summary (any case).
    pub words: String,
}

impl Filter {
    pub fn is_empty(&self) -> bool {
        self.kind.is_none() && self.length == Length::Any && self.words.trim().is_empty()
    }

    pub fn matches(&self, entry: &LibraryEntry) -> bool {
        let text = format!("{} {}", entry.title, entry.summary).to_lowercase();
        self.kind.is_none_or(|k| k == entry.kind)
            && self.length.holds(entry.length.as_secs_f64() / 60.0)
            && self.words.split_whitespace().all(|w| text.contains(&w.to_lowercase()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::library::Library;

    fn library() -> Library {
        Library::scan(std::path::Path::new("/nonexistent"), &[])
    }

    #[test]
    fn an_empty_filter_shows_everything() {
        let lib = library();
        let f = Filter::default();
        assert!(f.is_empty());
        assert_eq!(lib.builtins.iter().filter(|e| f.matches(e)).count(), lib.builtins.len());
    }

    #[test]
    fn kind_length_and_words_each_narrow_the_list() {
        let lib = library();
        let count = |f: &Filter| lib.builtins.iter().filter(|e| f.matches(e)).count();
        let pmr = Filter { kind: Some(SessionKind::Pmr), ..Filter::default() };
        assert!(lib.builtins.iter().filter(|e| pmr.matches(e)).all(|e| e.kind == SessionKind::Pmr));
        assert!(count(&pmr) > 0 && count(&pmr) < lib.builtins.len());

        for length in [Length::Short, Length::Medium, Length::Long] {
            let f = Filter { length, ..Filter::default() };
            for e in lib.builtins.iter().filter(|e| f.matches(e)) {
                let m = e.length.as_secs_f64() / 60.0;
                assert!(length.holds(m) && !Length::ALL.iter().any(|&o| o != length && o != Length::Any && o.holds(m)));
            }
        }
        let banded: usize = [Length::Short, Length::Medium, Length::Long]
            .iter()
            .map(|&length| count(&Filter { length, ..Filter::default() }))
            .sum();
        assert_eq!(banded, lib.builtins.len(), "every session is in exactly one band");

        let words = Filter { words: "  BEACH ".into(), ..Filter::default() };
        assert!(count(&words) >= 1);
        assert!(
            lib.builtins
                .iter()
                .filter(|e| words.matches(e))
                .all(|e| { format!("{} {}", e.title, e.summary).to_lowercase().contains("beach") })
        );
        let nothing = Filter { words: "beach zzzq".into(), ..Filter::default() };
        assert_eq!(count(&nothing), 0, "every word must match");
    }
}
