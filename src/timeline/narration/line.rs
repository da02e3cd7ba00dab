//! Which words a listener with closed eyes hears on each segment, and the
//! stable id of each spoken line. The id names the clip a voice supplies
//! (a generated voice, or a therapist's recordings of the same lines); it
//! ends in a hash of the exact text, so a clip made for older wording can
//! never be mistaken for the current one.

use super::voice::Voice;
use crate::script::Script;
use crate::timeline::{CompileOptions, Micros, Segment, SegmentKind, Speech, compile};

/// The quiet after a spoken line before the next cue or line: a segment
/// with speech is never shorter than its clip plus this.
pub const BREATH: Micros = Micros(600_000);

/// Breathing phase words are spoken over the first few breaths of each
/// breathing step, to teach the rhythm; after that the cue sound carries it.
pub const SPOKEN_BREATHS: u32 = 3;

/// The words spoken as `segment` starts, if any: narration, quiet captions,
/// rating questions, each PMR instruction (the "Next" quiet says which
/// group comes and how to tense it), and the phase words of the first
/// breaths.
pub fn spoken_text(segment: &Segment) -> Option<String> {
    let text = segment.text.trim();
    let words = match segment.kind {
        SegmentKind::Say
        | SegmentKind::Pause
        | SegmentKind::Rate(_)
        | SegmentKind::Tense(_)
        | SegmentKind::Release(_) => text.to_string(),
        SegmentKind::GetReady => match segment.label.strip_prefix("Next: ") {
            Some(group) if !text.is_empty() => format!("Next: {group}. {text}"),
            _ => text.to_string(),
        },
        SegmentKind::Inhale | SegmentKind::HoldIn | SegmentKind::Exhale | SegmentKind::HoldOut => {
            if segment.cycle.is_some_and(|c| c <= SPOKEN_BREATHS) {
                segment.label.trim().to_string()
            } else {
                String::new()
            }
        }
    };
    (!words.is_empty()).then_some(words)
}

/// Gives `segment` the line `voice` has for its words. A breathing phase
/// keeps its length and is spoken only if the words fit; any other segment
/// grows to hold its clip and a breath, so speech is never cut off or run
/// into the next cue, at any tempo.
pub fn attach(segment: &mut Segment, voice: &Voice) {
    if segment.voice.is_some() {
        return;
    }
    let Some(text) = spoken_text(segment) else { return };
    let Some(entry) = voice.find(&text) else { return };
    let needed = entry.length + BREATH;
    if segment.duration() < needed {
        if segment.kind.is_breath() {
            return;
        }
        segment.end = segment.start + needed;
    }
    segment.speech = Some(Speech { id: line_id(&text), length: entry.length, clip: entry.clip.clone() });
}

/// A readable, stable id for a line: its first words as a slug, then a
/// hash of the whole text. `"Make a fist with your…"` → `make-a-fist-with-your-0c9e2f41`.
pub fn line_id(text: &str) -> String {
    let mut slug = String::new();
    for word in text.split_whitespace().take(5) {
        let word: String = word.chars().filter(char::is_ascii_alphanumeric).collect::<String>().to_ascii_lowercase();
        if word.is_empty() || slug.len() + word.len() > 32 {
            continue;
        }
        slug.push_str(&word);
        slug.push('-');
    }
    format!("{slug}{}", &text_hash(text)[..8])
}

/// FNV-1a (64 bit) of the exact text, in hex: what a clip was made from.
pub fn text_hash(text: &str) -> String {
    let hash = text.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3));
    format!("{hash:016x}")
}

/// Every line a script speaks, once each, in order of first use. Tempo,
/// length and skips change when lines are said, never their words, so the
/// script's plain timeline has them all.
pub fn script_lines(script: &Script) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for segment in &compile(script, &CompileOptions::default()).segments {
        if let Some(text) = spoken_text(segment)
            && !lines.contains(&text)
        {
            lines.push(text);
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_readable_and_change_with_the_text() {
        let a = line_id("Make a fist with your dominant hand.");
        assert!(a.starts_with("make-a-fist-with-your-"), "{a}");
        assert_ne!(a, line_id("Make a fist with your dominant hand!"));
        assert_eq!(a, line_id("Make a fist with your dominant hand."), "stable");
        assert!(line_id("In…").starts_with("in-"), "{}", line_id("In…"));
        assert!(line_id("…").len() == 8, "a text without letters is its hash alone");
    }

    #[test]
    fn text_hash_is_fnv1a() {
        // Published FNV-1a 64 test vectors.
        assert_eq!(text_hash(""), "cbf29ce484222325");
        assert_eq!(text_hash("a"), "af63dc4c8601ec8c");
    }
}
