//! The `respite timeline --json` shape, stable for other tools:
//! `{"title", "duration_s", "segments": [{"start_s", "end_s", "step",
//! "kind", "label", "text"}], "cues": [{"at_s", "sound", "step"}]}`.
//! A segment with narration adds `"voice"` (the line id, or the script's
//! own clip) and `"voice_s"` (its length, when known).

use serde::Serialize;

use super::Timeline;

#[derive(Serialize)]
struct JsonTimeline<'a> {
    title: &'a str,
    duration_s: f64,
    segments: Vec<JsonSegment<'a>>,
    cues: Vec<JsonCue>,
}

#[derive(Serialize)]
struct JsonSegment<'a> {
    start_s: f64,
    end_s: f64,
    step: usize,
    kind: &'static str,
    label: &'a str,
    text: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    voice: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    voice_s: Option<f64>,
}

#[derive(Serialize)]
struct JsonCue {
    at_s: f64,
    sound: &'static str,
    step: usize,
}

/// Renders the timeline as pretty-printed JSON.
pub fn to_json(timeline: &Timeline) -> String {
    let doc = JsonTimeline {
        title: &timeline.title,
        duration_s: timeline.duration.as_secs_f64(),
        segments: timeline
            .segments
            .iter()
            .map(|s| JsonSegment {
                start_s: s.start.as_secs_f64(),
                end_s: s.end.as_secs_f64(),
                step: s.step,
                kind: s.kind.name(),
                label: &s.label,
                text: &s.text,
                voice: match (&s.voice, &s.speech) {
                    (Some(path), _) => Some(path.display().to_string()),
                    (None, Some(speech)) => Some(speech.id.clone()),
                    (None, None) => None,
                },
                voice_s: s.speech.as_ref().filter(|_| s.voice.is_none()).map(|v| v.length.as_secs_f64()),
            })
            .collect(),
        cues: timeline
            .cues
            .iter()
            .map(|c| JsonCue { at_s: c.at.as_secs_f64(), sound: c.sound.name(), step: c.step })
            .collect(),
    };
    serde_json::to_string_pretty(&doc).expect("timeline JSON has only plain fields")
}
