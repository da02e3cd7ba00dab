//! Short sounds outside a session, for the studio: a line's clip played
//! back, or the count-in before a take (three soft beeps, one a second,
//! no words). Each plays on a thread of its own that opens the output
//! (the same host order as playback), so the window never waits on the
//! sound device; a failure is kept for the page to show.

use std::num::NonZero;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use rodio::cpal::traits::HostTrait;

use super::voice::{ClipCache, Purpose};
use crate::timeline::narration::ClipRef;

/// What to play.
#[derive(Debug, Clone, PartialEq)]
pub enum Sound {
    Clip(ClipRef),
    /// `n` soft beeps, one a second.
    CountIn(u32),
}

/// A sound playing (or done, or failed).
pub struct Preview {
    stop: Arc<AtomicBool>,
    done: Arc<AtomicBool>,
    error: Arc<Mutex<Option<String>>>,
}

impl Drop for Preview {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

impl Preview {
    /// Starts playing `sound` on a new thread.
    pub fn play(sound: Sound) -> Preview {
        let preview = Preview {
            stop: Arc::new(AtomicBool::new(false)),
            done: Arc::new(AtomicBool::new(false)),
            error: Arc::new(Mutex::new(None)),
        };
        let (stop, done, error) = (preview.stop.clone(), preview.done.clone(), preview.error.clone());
        let spawned = std::thread::Builder::new().name("respite-preview".into()).spawn(move || {
            if let Err(e) = run(&sound, &stop)
                && let Ok(mut slot) = error.lock()
            {
                *slot = Some(e);
            }
            done.store(true, Ordering::Relaxed);
        });
        if let Err(e) = spawned {
            if let Ok(mut slot) = preview.error.lock() {
                *slot = Some(format!("could not start the sound thread ({e})"));
            }
            preview.done.store(true, Ordering::Relaxed);
        }
        preview
    }

    /// Whether the sound has finished (or failed).
    pub fn is_done(&self) -> bool {
        self.done.load(Ordering::Relaxed)
    }

    /// Why the sound could not be played, once it has failed.
    pub fn error(&self) -> Option<String> {
        self.error.lock().ok().and_then(|e| e.clone())
    }
}

fn run(sound: &Sound, stop: &AtomicBool) -> Result<(), String> {
    let sink = open_sink()?;
    let rate = sink.config().sample_rate().get();
    let samples = match sound {
        Sound::Clip(clip) => {
            ClipCache::new().get_ref(clip, rate, Purpose::Voice).map_err(|e| e.to_string())?.samples.clone()
        }
        Sound::CountIn(n) => beeps(*n, rate),
    };
    let secs = samples.len() as f64 / 2.0 / f64::from(rate);
    let rate = NonZero::new(rate).ok_or("the sound device reports no sample rate")?;
    sink.mixer().add(rodio::buffer::SamplesBuffer::new(NonZero::<u16>::MIN.saturating_add(1), rate, samples));
    let mut left = secs + 0.2;
    while left > 0.0 && !stop.load(Ordering::Relaxed) {
        std::thread::sleep(Duration::from_millis(20));
        left -= 0.02;
    }
    Ok(())
}

fn open_sink() -> Result<rodio::MixerDeviceSink, String> {
    let mut reasons = Vec::new();
    for id in super::output::hosts_in_order() {
        let opened = rodio::cpal::host_from_id(id)
            .map_err(|e| e.to_string())
            .and_then(|host| host.default_output_device().ok_or_else(|| "no output device".to_string()))
            .and_then(|device| rodio::DeviceSinkBuilder::from_device(device).map_err(|e| e.to_string()))
            .and_then(|builder| builder.open_sink_or_fallback().map_err(|e| e.to_string()));
        match opened {
            Ok(mut sink) => {
                sink.log_on_drop(false);
                return Ok(sink);
            }
            Err(e) => reasons.push(format!("{}: {e}", id.name())),
        }
    }
    Err(format!("no sound device could be opened ({})", reasons.join("; ")))
}

/// `n` soft 880 Hz beeps of 80 ms, one a second, stereo at `rate`.
pub fn beeps(n: u32, rate: u32) -> Vec<f32> {
    let second = rate as usize;
    let beep = second * 8 / 100;
    (0..second * n as usize)
        .flat_map(|i| {
            let k = i % second;
            let v = if k < beep {
                let t = k as f32 / rate as f32;
                let envelope = (std::f32::consts::PI * k as f32 / beep as f32).sin();
                0.12 * envelope * (std::f32::consts::TAU * 880.0 * t).sin()
            } else {
                0.0
            };
            [v, v]
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_count_in_is_soft_beeps_one_a_second() {
        let rate = 48_000;
        let samples = beeps(3, rate);
        assert_eq!(samples.len(), 3 * 48_000 * 2);
        let peak = samples.iter().fold(0.0f32, |m, x| m.max(x.abs()));
        assert!(peak > 0.05 && peak <= 0.12, "soft: {peak}");
        for beat in 0..3 {
            let start = beat * 48_000 * 2;
            let sounding = samples[start..start + 7_000].iter().any(|x| x.abs() > 0.05);
            let quiet = samples[start + 9_000..start + 96_000].iter().all(|&x| x == 0.0);
            assert!(sounding && quiet, "beat {beat}");
        }
    }
}
