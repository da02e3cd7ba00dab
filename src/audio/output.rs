//! Reaching a sound device. A `Connector` opens an output on a thread of
//! its own and hands back a `Connection`: where the sound goes, its rate
//! and latency, and a way to attach the live source. Opening never blocks
//! the caller for long (a hung sound server cannot freeze the window), and
//! the device stays open exactly as long as the `Connection` lives.
//!
//! On Linux the PulseAudio host (cpal's native client, which also talks to
//! PipeWire's Pulse server) is preferred whenever a server socket exists:
//! the ALSA `pulse` plugin that the ALSA host would go through ends streams
//! with `snd_pcm_avail_delay` I/O errors right after they open
//! (alsa-plugins #65). ALSA is the fallback, and other platforms use their
//! default host (WASAPI, CoreAudio).

use std::any::Any;
use std::fmt;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, Sender, channel};

use rodio::Source;
use rodio::cpal::traits::HostTrait;
use rodio::cpal::{self, BufferSize, HostId};

use super::live::Shared;

/// A source ready to be played: the live renderer, boxed.
pub type BoxedSource = Box<dyn Source<Item = f32> + Send>;

/// Why a device could not be opened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputError(pub String);

impl fmt::Display for OutputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for OutputError {}

/// What an open output is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeviceInfo {
    /// The audio host: "PulseAudio", "ALSA", "WASAPI", …
    pub host: String,
    /// The device's name as the host gives it.
    pub device: String,
    pub sample_rate: u32,
    /// Output latency: from a frame leaving the source to it being heard,
    /// as far as the host's buffering tells, in microseconds.
    pub latency_us: i64,
    /// Better hosts that were tried first and failed, each with its reason.
    pub passed_over: Vec<String>,
}

/// An open output. Dropping it closes the device.
pub struct Connection {
    pub info: DeviceInfo,
    /// Where the device's error callback reports.
    pub shared: Arc<Shared>,
    attach: Box<dyn FnOnce(BoxedSource) + Send>,
    _open: Box<dyn Any + Send>,
}

impl Connection {
    /// A connection from its parts: `attach` starts a source playing on the
    /// device, and the device stays open while `open` lives.
    pub fn new(
        info: DeviceInfo,
        shared: Arc<Shared>,
        attach: Box<dyn FnOnce(BoxedSource) + Send>,
        open: Box<dyn Any + Send>,
    ) -> Connection {
        Connection { info, shared, attach, _open: open }
    }

    /// Splits off the attach function, keeping the device open.
    pub fn take_attach(&mut self) -> Box<dyn FnOnce(BoxedSource) + Send> {
        std::mem::replace(&mut self.attach, Box::new(|_| {}))
    }
}

/// Opens outputs. `connect` returns at once; the answer arrives on the
/// receiver when the attempt is over.
pub trait Connector: Send + Sync {
    fn connect(&self) -> Receiver<Result<Connection, OutputError>>;
}

/// The platform's sound devices, best host first.
#[derive(Debug, Default, Clone, Copy)]
pub struct DeviceConnector;

impl Connector for DeviceConnector {
    fn connect(&self) -> Receiver<Result<Connection, OutputError>> {
        let (tx, rx) = channel();
        let spawned = std::thread::Builder::new().name("respite-audio-device".into()).spawn(move || {
            // The sink (and the stream inside it) lives on this thread; the
            // thread waits until the connection is dropped, then closes it.
            let (close_tx, close_rx) = channel::<()>();
            match open_best(close_tx) {
                Ok((connection, sink)) => {
                    if tx.send(Ok(connection)).is_ok() {
                        let _ = close_rx.recv();
                    }
                    drop(sink);
                }
                Err(e) => {
                    let _ = tx.send(Err(e));
                }
            }
        });
        if let Err(e) = spawned {
            let (tx, rx) = channel();
            let _ = tx.send(Err(OutputError(format!("could not start the audio thread ({e})"))));
            return rx;
        }
        rx
    }
}

/// The hosts to try, best first.
pub(super) fn hosts_in_order() -> Vec<HostId> {
    let available = cpal::available_hosts();
    let mut order: Vec<HostId> = Vec::new();
    #[cfg(target_os = "linux")]
    if pulse_server_present() && available.contains(&HostId::PulseAudio) {
        order.push(HostId::PulseAudio);
    }
    let default = cpal::default_host().id();
    if !order.contains(&default) {
        order.push(default);
    }
    for id in available {
        if !order.contains(&id) {
            order.push(id);
        }
    }
    order
}

/// Whether a PulseAudio (or PipeWire-Pulse) server socket can be found.
#[cfg(target_os = "linux")]
fn pulse_server_present() -> bool {
    if std::env::var_os("PULSE_SERVER").is_some() {
        return true;
    }
    std::env::var_os("XDG_RUNTIME_DIR")
        .map(std::path::PathBuf::from)
        .is_some_and(|dir| dir.join("pulse").join("native").exists())
}

/// Tries each host's default output in turn; the first that opens wins.
/// The error names every host tried.
fn open_best(close: Sender<()>) -> Result<(Connection, rodio::MixerDeviceSink), OutputError> {
    let mut tried = Vec::new();
    for id in hosts_in_order() {
        match open_on(id) {
            Ok((mut info, shared, sink)) => {
                info.passed_over = tried;
                let mixer = sink.mixer().clone();
                let attach: Box<dyn FnOnce(BoxedSource) + Send> = Box::new(move |source| mixer.add(source));
                return Ok((Connection::new(info, shared, attach, Box::new(close)), sink));
            }
            Err(reason) => tried.push(format!("{}: {reason}", id.name())),
        }
    }
    if tried.is_empty() {
        return Err(OutputError("no audio host on this system".into()));
    }
    Err(OutputError(format!("no sound device ({})", tried.join("; "))))
}

fn open_on(id: HostId) -> Result<(DeviceInfo, Arc<Shared>, rodio::MixerDeviceSink), String> {
    let host = cpal::host_from_id(id).map_err(|e| e.to_string())?;
    let device = host.default_output_device().ok_or_else(|| "no default output device".to_string())?;
    let name = rodio::cpal::traits::DeviceTrait::description(&device)
        .map(|d| d.to_string())
        .unwrap_or_else(|_| "default".into());
    let rate =
        rodio::cpal::traits::DeviceTrait::default_output_config(&device).map(|c| c.sample_rate()).unwrap_or(48_000);
    let shared = Arc::new(Shared::default());
    let errors = shared.clone();
    let builder = rodio::DeviceSinkBuilder::from_device(device)
        .map_err(|e| e.to_string())?
        .with_buffer_size(BufferSize::Fixed(period_frames(rate)))
        .with_error_callback(move |e: rodio::CpalError| {
            let lost = matches!(e.kind(), rodio::CpalErrorKind::DeviceNotAvailable);
            errors.report_error(e.to_string(), lost);
        });
    let mut sink = builder.open_sink_or_fallback().map_err(|e| format!("did not open ({e})"))?;
    sink.log_on_drop(false);
    let config = *sink.config();
    let sample_rate = config.sample_rate().get();
    let info = DeviceInfo {
        host: id.name().to_string(),
        device: name,
        sample_rate,
        latency_us: latency_us(config.buffer_size(), sample_rate),
        passed_over: Vec::new(),
    };
    Ok((info, shared, sink))
}

/// Frames per period: the power of two nearest a tenth of a second (4096
/// at 48 kHz, about 85 ms). Respite is not interactive, so it takes the
/// long buffer rodio advises for stable playback: with rodio's 50 ms
/// default (2048 frames) the stream underran once in 28 runs, a 12 ms gap,
/// while two compilers kept both cores of the test machine busy.
fn period_frames(sample_rate: u32) -> u32 {
    let tenth = (sample_rate / 10).max(1);
    let below = 1 << (31 - tenth.leading_zeros());
    if tenth - below < below * 2 - tenth { below } else { below * 2 }
}

/// Output latency for a host's buffering. ALSA (cpal asks for two periods
/// of the requested size) and PulseAudio (cpal asks the server for a
/// two-period target with `adjust_latency`) both hold two periods: when
/// the source is asked for a period, the one before it is still playing.
/// Other hosts are estimated the same way.
fn latency_us(buffer: &BufferSize, sample_rate: u32) -> i64 {
    let period = match buffer {
        BufferSize::Fixed(n) => i64::from(*n),
        BufferSize::Default => i64::from(sample_rate / 20),
    };
    2 * period * 1_000_000 / i64::from(sample_rate.max(1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_period_is_about_a_tenth_of_a_second() {
        assert_eq!(period_frames(48_000), 4096);
        assert_eq!(period_frames(44_100), 4096);
        assert_eq!(period_frames(22_050), 2048);
        assert_eq!(period_frames(96_000), 8192);
        assert_eq!(period_frames(0), 1);
    }

    #[test]
    fn latency_is_two_periods() {
        assert_eq!(latency_us(&BufferSize::Fixed(2048), 48_000), 85_333);
        assert_eq!(latency_us(&BufferSize::Default, 48_000), 100_000);
    }

    #[test]
    fn every_available_host_is_tried_once() {
        let order = hosts_in_order();
        for id in cpal::available_hosts() {
            assert_eq!(order.iter().filter(|h| **h == id).count(), 1, "{id:?} in {order:?}");
        }
    }
}
