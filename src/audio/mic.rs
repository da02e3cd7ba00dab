//! Microphone input for the studio, on a thread of its own (never the UI
//! thread): the device is opened there (the same host order as playback:
//! native PulseAudio first on Linux), its samples are mixed to mono and
//! sent over a channel as they arrive. A WAV file can stand in for the
//! microphone (tests, and the end-to-end script's fallback): it goes
//! through the same thread, channel and events, so whatever reads a
//! capture cannot tell them apart.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

use rodio::cpal::traits::{DeviceTrait, HostTrait, StreamTrait};
use rodio::cpal::{self, SampleFormat, SizedSample};

/// What the capture thread reports.
#[derive(Debug, Clone, PartialEq)]
pub enum MicEvent {
    /// The input is open: its rate and a name for people.
    Opened { rate: u32, name: String },
    /// Mono samples, in order.
    Samples(Vec<f32>),
    /// The input could not be opened, or stopped working; the message
    /// says which and what to try.
    Failed(String),
    /// A file standing in for the microphone has been played to its end.
    Ended,
}

/// Where a take comes from.
#[derive(Debug, Clone, PartialEq)]
pub enum MicSource {
    /// An input device: the one of this name, or the system's default.
    Device(Option<String>),
    /// A WAV file as if it were a microphone; in real time or as fast as
    /// it can be read.
    File { path: PathBuf, real_time: bool },
}

/// A running capture; dropping it stops the thread and closes the device.
pub struct Capture {
    pub events: Receiver<MicEvent>,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl Drop for Capture {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Capture {
    /// A capture fed by hand, for tests of what reads one.
    pub fn from_channel(events: Receiver<MicEvent>) -> Capture {
        Capture { events, stop: Arc::new(AtomicBool::new(false)), thread: None }
    }
}

impl MicSource {
    /// Starts capturing on a new thread.
    pub fn start(&self) -> Capture {
        let (tx, events) = channel();
        let stop = Arc::new(AtomicBool::new(false));
        let source = self.clone();
        let flag = stop.clone();
        let spawned = std::thread::Builder::new().name("respite-mic".into()).spawn(move || match source {
            MicSource::Device(name) => run_device(&tx, &flag, name.as_deref()),
            MicSource::File { path, real_time } => run_file(&path, real_time, &tx, &flag),
        });
        let thread = match spawned {
            Ok(thread) => Some(thread),
            Err(e) => {
                let (tx, rx) = channel();
                let _ = tx.send(MicEvent::Failed(format!("could not start the recording thread ({e})")));
                return Capture { events: rx, stop, thread: None };
            }
        };
        Capture { events, stop, thread }
    }
}

/// Samples per message from a file: 20 ms at 48 kHz.
const FILE_CHUNK: usize = 960;

fn run_file(path: &std::path::Path, real_time: bool, tx: &Sender<MicEvent>, stop: &AtomicBool) {
    let (samples, rate) = match super::take::decode_mono(path) {
        Ok(decoded) => decoded,
        Err(e) => {
            let _ = tx.send(MicEvent::Failed(e));
            return;
        }
    };
    let _ = tx.send(MicEvent::Opened { rate, name: path.display().to_string() });
    for chunk in samples.chunks(FILE_CHUNK) {
        if stop.load(Ordering::Relaxed) || tx.send(MicEvent::Samples(chunk.to_vec())).is_err() {
            return;
        }
        if real_time {
            std::thread::sleep(Duration::from_secs_f64(chunk.len() as f64 / f64::from(rate)));
        }
    }
    let _ = tx.send(MicEvent::Ended);
}

/// The names of the input devices, for choosing one: those of the first
/// audio system that has any (the order playback uses).
pub fn input_names() -> Vec<String> {
    for id in super::output::hosts_in_order() {
        let Ok(host) = cpal::host_from_id(id) else { continue };
        let Ok(devices) = host.input_devices() else { continue };
        let mut names: Vec<String> = devices.filter_map(|d| d.description().ok().map(|n| n.to_string())).collect();
        names.dedup();
        if !names.is_empty() {
            return names;
        }
    }
    Vec::new()
}

fn run_device(tx: &Sender<MicEvent>, stop: &AtomicBool, chosen: Option<&str>) {
    let mut reasons = Vec::new();
    for id in super::output::hosts_in_order() {
        match open_on(id, tx.clone(), chosen) {
            Ok(stream) => {
                while !stop.load(Ordering::Relaxed) {
                    std::thread::sleep(Duration::from_millis(20));
                }
                drop(stream);
                return;
            }
            Err(e) => reasons.push(format!("{}: {e}", id.name())),
        }
    }
    let _ = tx.send(MicEvent::Failed(format!(
        "no microphone could be opened ({}). Plug one in, check that it is not muted and that Respite may use it \
         (system privacy settings), then try again",
        if reasons.is_empty() { "no audio system found".to_string() } else { reasons.join("; ") }
    )));
}

/// Opens the input of host `id` named `chosen` (or its default) and starts
/// it; samples go to `tx`.
fn open_on(id: cpal::HostId, tx: Sender<MicEvent>, chosen: Option<&str>) -> Result<cpal::Stream, String> {
    let host = cpal::host_from_id(id).map_err(|e| e.to_string())?;
    let device = match chosen {
        None => host.default_input_device().ok_or("no input device")?,
        Some(name) => host
            .input_devices()
            .map_err(|e| e.to_string())?
            .find(|d| d.description().is_ok_and(|n| n.to_string() == name))
            .ok_or_else(|| format!("the microphone “{name}” chosen in the settings is not connected"))?,
    };
    let name = device.description().map(|d| d.to_string()).unwrap_or_else(|_| "microphone".into());
    let supported = device.default_input_config().map_err(|e| e.to_string())?;
    let channels = usize::from(supported.channels()).max(1);
    let rate = supported.sample_rate();
    let config = supported.config();
    let failed = Arc::new(Mutex::new(tx.clone()));
    let on_error = move |e: cpal::Error| {
        if let Ok(tx) = failed.lock() {
            let _ = tx.send(MicEvent::Failed(format!("the microphone stopped working ({e})")));
        }
    };
    let stream = match supported.sample_format() {
        SampleFormat::F32 => build::<f32>(&device, config, channels, tx.clone(), on_error),
        SampleFormat::I16 => build::<i16>(&device, config, channels, tx.clone(), on_error),
        SampleFormat::I32 => build::<i32>(&device, config, channels, tx.clone(), on_error),
        SampleFormat::U16 => build::<u16>(&device, config, channels, tx.clone(), on_error),
        other => return Err(format!("the input's sample format {other} is not supported")),
    }?;
    stream.play().map_err(|e| e.to_string())?;
    let _ = tx.send(MicEvent::Opened { rate, name });
    Ok(stream)
}

fn build<T: SizedSample + Send + 'static>(
    device: &cpal::Device,
    config: cpal::StreamConfig,
    channels: usize,
    tx: Sender<MicEvent>,
    on_error: impl FnMut(cpal::Error) + Send + 'static,
) -> Result<cpal::Stream, String>
where
    f32: cpal::FromSample<T>,
{
    let data = move |data: &[T], _: &cpal::InputCallbackInfo| {
        let mono: Vec<f32> = data
            .chunks_exact(channels)
            .map(|frame| frame.iter().map(|&s| s.to_sample::<f32>()).sum::<f32>() / channels as f32)
            .collect();
        let _ = tx.send(MicEvent::Samples(mono));
    };
    device.build_input_stream(config, data, on_error, Some(Duration::from_secs(2))).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_chosen_microphone_that_is_not_there_says_so_by_name() {
        let capture = MicSource::Device(Some("Nonexistent USB microphone".into())).start();
        let first = capture.events.recv_timeout(Duration::from_secs(30)).unwrap();
        let MicEvent::Failed(message) = first else { panic!("opened something else: {first:?}") };
        assert!(message.contains("no microphone could be opened"), "{message}");
        // ALSA is always there to ask on Linux, so it names the one chosen.
        if cfg!(target_os = "linux") {
            assert!(
                message.contains("“Nonexistent USB microphone” chosen in the settings is not connected"),
                "{message}"
            );
        }
        assert!(!input_names().contains(&"Nonexistent USB microphone".to_string()));
    }

    #[test]
    fn a_file_stands_in_for_the_microphone_sample_for_sample() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("take.wav");
        let spec = hound::WavSpec {
            channels: 1,
            sample_rate: 16_000,
            bits_per_sample: 16,
            sample_format: hound::SampleFormat::Int,
        };
        let mut writer = hound::WavWriter::create(&path, spec).unwrap();
        let written: Vec<i16> = (0..5000).map(|i| ((i * 37) % 2000 - 1000) as i16).collect();
        written.iter().for_each(|&s| writer.write_sample(s).unwrap());
        writer.finalize().unwrap();
        let capture = MicSource::File { path, real_time: false }.start();
        let mut got = Vec::new();
        let mut events = capture.events.iter();
        assert!(matches!(events.next(), Some(MicEvent::Opened { rate: 16_000, .. })));
        for event in events {
            match event {
                MicEvent::Samples(s) => got.extend(s),
                MicEvent::Ended => break,
                other => panic!("{other:?}"),
            }
        }
        let want: Vec<f32> = written.iter().map(|&s| f32::from(s) / 32768.0).collect();
        assert_eq!(got, want);
    }

    #[test]
    fn a_missing_file_fails_with_its_name() {
        let capture = MicSource::File { path: "/nonexistent/take.wav".into(), real_time: false }.start();
        match capture.events.recv().unwrap() {
            MicEvent::Failed(message) => assert!(message.contains("/nonexistent/take.wav"), "{message}"),
            other => panic!("{other:?}"),
        }
    }
}
