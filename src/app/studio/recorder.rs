//! One take at a time, from a microphone capture (`audio::mic`, on its own
//! thread) to the samples to save. The count-in is counted in the input's
//! own samples (three seconds of them are let pass before the take
//! starts), so it is exact whatever the frame rate, and the same with a
//! file standing in for the microphone. Also the live level and whether
//! the take reached full scale (a clip warning).
//!
//! If the input fails mid-take (a device unplugged), the samples already
//! taken are handed back as a partial take: the page keeps them in
//! `takes/` and asks for the line again, so nothing spoken is lost.

use crate::audio::mic::{Capture, MicEvent, MicSource};

/// Seconds counted in before the take starts.
pub const COUNT_IN_SECS: u32 = 3;
/// A sample at or over this is shown as clipping.
const CLIP: f32 = 0.99;
/// How fast the meter falls, per second, in dB.
const METER_FALL_DB: f32 = 30.0;
/// A take stops by itself at this length: longer voice clips are refused
/// when a session is played (`audio::voice`).
pub const MAX_TAKE_SECS: usize = 5 * 60;

/// Where a take stands.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Phase {
    Idle,
    /// Waiting for the input to open.
    Opening,
    /// Counting in: the number to show (3, 2, 1).
    CountIn(u32),
    Recording,
}

/// What happened to a take, when it ends by itself.
#[derive(Debug, Clone, PartialEq)]
pub enum Ended {
    /// The input ran out (a file standing in for the microphone): the take
    /// is complete.
    Complete(Take),
    /// The input failed; `partial` holds what was recorded before, if any.
    Failed { message: String, partial: Option<Take> },
}

/// Samples of one take.
#[derive(Debug, Clone, PartialEq)]
pub struct Take {
    pub samples: Vec<f32>,
    pub rate: u32,
    pub clipped: bool,
}

impl Take {
    pub fn secs(&self) -> f64 {
        self.samples.len() as f64 / f64::from(self.rate.max(1))
    }
}

/// The recorder.
pub struct Recorder {
    capture: Option<Capture>,
    rate: u32,
    /// Samples heard since the input opened, count-in included.
    heard: usize,
    take: Vec<f32>,
    clipped: bool,
    /// Peak level in dBFS, falling.
    level_db: f32,
    phase: Phase,
    pub device: Option<String>,
}

impl Default for Recorder {
    fn default() -> Self {
        Recorder {
            capture: None,
            rate: 0,
            heard: 0,
            take: Vec::new(),
            clipped: false,
            level_db: -90.0,
            phase: Phase::Idle,
            device: None,
        }
    }
}

impl Recorder {
    pub fn phase(&self) -> Phase {
        self.phase
    }

    /// The input level in dBFS (peak, falling at 30 dB a second).
    pub fn level_db(&self) -> f32 {
        self.level_db
    }

    /// Whether this take has reached full scale.
    pub fn clipped(&self) -> bool {
        self.clipped
    }

    /// Seconds recorded so far (after the count-in).
    pub fn secs(&self) -> f64 {
        if self.rate == 0 { 0.0 } else { self.take.len() as f64 / f64::from(self.rate) }
    }

    /// Starts a take from `source` (a count-in first).
    pub fn start(&mut self, source: &MicSource) {
        *self = Recorder { capture: Some(source.start()), phase: Phase::Opening, ..Recorder::default() };
    }

    /// Stops the take and hands it over (`None` if nothing was recorded
    /// after the count-in).
    pub fn stop(&mut self) -> Option<Take> {
        self.poll_events();
        let take = self.finish();
        *self = Recorder::default();
        take
    }

    /// Reads what the input sent since the last call. Returns how the
    /// take ended, if it ended by itself.
    pub fn poll(&mut self) -> Option<Ended> {
        let ended = self.poll_events();
        if ended.is_some() {
            let device = self.device.take();
            *self = Recorder { device, ..Recorder::default() };
        }
        ended
    }

    fn poll_events(&mut self) -> Option<Ended> {
        let events: Vec<MicEvent> = match &self.capture {
            Some(capture) => capture.events.try_iter().collect(),
            None => return None,
        };
        for event in events {
            match event {
                MicEvent::Opened { rate, name } => {
                    self.rate = rate;
                    self.device = Some(name);
                    self.phase = Phase::CountIn(COUNT_IN_SECS);
                }
                MicEvent::Samples(samples) => {
                    self.hear(&samples);
                    if self.take.len() >= MAX_TAKE_SECS * self.rate as usize {
                        self.take.truncate(MAX_TAKE_SECS * self.rate as usize);
                        return self.finish().map(Ended::Complete);
                    }
                }
                MicEvent::Ended => {
                    return Some(match self.finish() {
                        Some(take) => Ended::Complete(take),
                        None => {
                            Ended::Failed { message: "the input ended before the count-in did".into(), partial: None }
                        }
                    });
                }
                MicEvent::Failed(message) => return Some(Ended::Failed { message, partial: self.finish() }),
            }
        }
        None
    }

    fn hear(&mut self, samples: &[f32]) {
        if self.rate == 0 || samples.is_empty() {
            return;
        }
        let count_in = COUNT_IN_SECS as usize * self.rate as usize;
        let skip = count_in.saturating_sub(self.heard).min(samples.len());
        self.heard += samples.len();
        self.take.extend_from_slice(&samples[skip..]);
        self.phase = if self.heard >= count_in {
            Phase::Recording
        } else {
            Phase::CountIn(COUNT_IN_SECS - (self.heard / self.rate as usize) as u32)
        };
        let peak = samples.iter().fold(0.0f32, |m, x| m.max(x.abs()));
        self.clipped |= samples[skip..].iter().any(|x| x.abs() >= CLIP);
        let fallen = self.level_db - METER_FALL_DB * samples.len() as f32 / self.rate as f32;
        self.level_db = fallen.max(20.0 * peak.max(1e-5).log10());
    }

    fn finish(&mut self) -> Option<Take> {
        self.capture = None;
        (!self.take.is_empty()).then(|| Take {
            samples: std::mem::take(&mut self.take),
            rate: self.rate,
            clipped: self.clipped,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wav(dir: &std::path::Path, samples: &[f32], rate: u32) -> std::path::PathBuf {
        let path = dir.join("take.wav");
        let spec = hound::WavSpec {
            channels: 1,
            sample_rate: rate,
            bits_per_sample: 32,
            sample_format: hound::SampleFormat::Float,
        };
        let mut writer = hound::WavWriter::create(&path, spec).unwrap();
        samples.iter().for_each(|&s| writer.write_sample(s).unwrap());
        writer.finalize().unwrap();
        path
    }

    fn run_to_end(recorder: &mut Recorder) -> Ended {
        loop {
            if let Some(ended) = recorder.poll() {
                return ended;
            }
            std::thread::sleep(std::time::Duration::from_millis(2));
        }
    }

    #[test]
    fn the_count_in_is_left_out_of_the_take() {
        let dir = tempfile::tempdir().unwrap();
        let rate = 8_000;
        let mut samples = vec![0.25; 3 * rate as usize];
        samples.extend(vec![0.5; rate as usize / 2]);
        let mut recorder = Recorder::default();
        recorder.start(&MicSource::File { path: wav(dir.path(), &samples, rate), real_time: false });
        assert_eq!(recorder.phase(), Phase::Opening);
        let Ended::Complete(take) = run_to_end(&mut recorder) else { panic!("complete") };
        assert_eq!(take.samples, vec![0.5; rate as usize / 2]);
        assert!(!take.clipped);
        assert_eq!(recorder.phase(), Phase::Idle);
    }

    #[test]
    fn the_meter_follows_the_input_and_full_scale_is_flagged() {
        let mut recorder = Recorder { rate: 1_000, phase: Phase::CountIn(3), ..Recorder::default() };
        recorder.hear(&vec![0.1; 1_000]);
        assert_eq!(recorder.phase(), Phase::CountIn(2));
        assert!((recorder.level_db() + 20.0).abs() < 0.01, "{}", recorder.level_db());
        recorder.hear(&vec![0.0; 2_500]);
        assert_eq!(recorder.phase(), Phase::Recording);
        assert!(recorder.level_db() < -60.0, "falls: {}", recorder.level_db());
        assert!(!recorder.clipped(), "full scale in the count-in does not count");
        recorder.hear(&[1.0]);
        assert!(recorder.clipped());
        assert!((recorder.secs() - 0.501).abs() < 1e-9, "{}", recorder.secs());
    }

    #[test]
    fn a_take_stops_by_itself_at_the_longest_a_clip_may_be() {
        let mut recorder = Recorder { rate: 100, phase: Phase::Recording, heard: 300, ..Recorder::default() };
        let (tx, rx) = std::sync::mpsc::channel();
        recorder.capture = Some(Capture::from_channel(rx));
        tx.send(MicEvent::Samples(vec![0.1; MAX_TAKE_SECS * 100 - 10])).unwrap();
        assert_eq!(recorder.poll(), None);
        tx.send(MicEvent::Samples(vec![0.1; 50])).unwrap();
        let Some(Ended::Complete(take)) = recorder.poll() else { panic!("complete") };
        assert_eq!(take.samples.len(), MAX_TAKE_SECS * 100);
    }

    #[test]
    fn a_failing_input_hands_back_what_was_recorded() {
        let mut recorder = Recorder { rate: 1_000, phase: Phase::Recording, heard: 3_000, ..Recorder::default() };
        let (tx, rx) = std::sync::mpsc::channel();
        recorder.capture = Some(Capture::from_channel(rx));
        tx.send(MicEvent::Samples(vec![0.3; 700])).unwrap();
        tx.send(MicEvent::Failed("the microphone stopped working".into())).unwrap();
        let Some(Ended::Failed { message, partial: Some(take) }) = recorder.poll() else { panic!("failed") };
        assert_eq!(message, "the microphone stopped working");
        assert_eq!(take.samples.len(), 700);
        assert_eq!(recorder.phase(), Phase::Idle);
    }
}
