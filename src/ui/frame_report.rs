//! An optional report of where frame time goes, switched on by
//! `RESPITE_REPORT_FRAMES=1`: once a second, on stderr, the frames drawn,
//! frames per second, the whole process's CPU per frame, how much of that
//! the app's own `ui` code (with egui's layout) took, and how many pixels a
//! frame cleared, painted and presented. The rest of the CPU is
//! tessellation, the GL driver (under software GL, rasterising) and
//! presenting. Running totals on each line let `scripts/measure-ui`
//! difference any two lines.

use std::time::{Duration, Instant};

/// Set this to print a frame report once a second.
pub const ENV: &str = "RESPITE_REPORT_FRAMES";

/// Counts frames and CPU time, and prints a line once a second.
pub struct FrameReport {
    /// Names the process on each line ("respite", "naive-orb").
    who: &'static str,
    started: Instant,
    last: Snapshot,
    total: Snapshot,
}

/// Running totals at one moment.
#[derive(Debug, Clone, Copy, Default)]
struct Snapshot {
    at: Duration,
    frames: u64,
    /// CPU time of every thread of the process (GL driver threads too).
    cpu: Duration,
    /// Time spent in the app's own `ui` code.
    ui: Duration,
    /// Pixels cleared, painted and presented.
    pixels: u64,
}

impl FrameReport {
    /// A report when `RESPITE_REPORT_FRAMES` is set, else `None`.
    pub fn from_env(who: &'static str) -> Option<Self> {
        std::env::var_os(ENV).map(|_| Self::new(who))
    }

    pub fn new(who: &'static str) -> Self {
        Self { who, started: Instant::now(), last: Snapshot::default(), total: Snapshot::default() }
    }

    /// Adds the pixels the window painted for the last frame.
    pub fn painted(&mut self, pixels: u64) {
        self.total.pixels += pixels;
    }

    /// Records one frame and how long the app's `ui` took. Prints a line once a second.
    pub fn frame(&mut self, ui: Duration) {
        self.total.frames += 1;
        self.total.ui += ui;
        let at = self.started.elapsed();
        if at - self.last.at >= Duration::from_secs(1) {
            self.total.at = at;
            self.total.cpu = process_cpu().unwrap_or_default();
            eprintln!("{}", self.line());
            self.last = self.total;
        }
    }

    /// One report line: this second's figures, then the running totals.
    fn line(&self) -> String {
        let (t, l) = (&self.total, &self.last);
        let frames = (t.frames - l.frames).max(1) as f64;
        let seconds = (t.at - l.at).as_secs_f64().max(1e-3);
        let per = |d: Duration| d.as_secs_f64() * 1000.0 / frames;
        format!(
            "{}: frame report: {:.1} frames/s, CPU {:.2} ms/frame ({:.1} % of a core; app ui {:.2} ms; \
             {:.0} kpx painted); totals t_ms={} frames={} cpu_ms={}",
            self.who,
            (t.frames - l.frames) as f64 / seconds,
            per(t.cpu.saturating_sub(l.cpu)),
            100.0 * t.cpu.saturating_sub(l.cpu).as_secs_f64() / seconds,
            per(t.ui - l.ui),
            (t.pixels - l.pixels) as f64 / frames / 1000.0,
            t.at.as_millis(),
            t.frames,
            t.cpu.as_millis(),
        )
    }
}

/// CPU time of all the process's threads so far, from Linux's per-thread
/// scheduler statistics (nanoseconds); `None` elsewhere.
fn process_cpu() -> Option<Duration> {
    let mut ns: u64 = 0;
    for task in std::fs::read_dir("/proc/self/task").ok()?.flatten() {
        let stat = std::fs::read_to_string(task.path().join("schedstat")).unwrap_or_default();
        ns += stat.split_whitespace().next().and_then(|n| n.parse::<u64>().ok()).unwrap_or(0);
    }
    Some(Duration::from_nanos(ns))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_divides_this_seconds_work_by_its_frames() {
        let mut report = FrameReport::new("test");
        report.last = Snapshot { at: Duration::from_secs(1), frames: 10, ..Snapshot::default() };
        report.total = Snapshot {
            at: Duration::from_secs(3),
            frames: 50,
            cpu: Duration::from_millis(400),
            ui: Duration::from_millis(40),
            pixels: 4_000_000,
        };
        let line = report.line();
        // 40 frames in 2 s, 400 ms of CPU: 10 ms a frame, 20 % of a core;
        // 4 million pixels: 100 thousand a frame.
        assert!(
            line.starts_with(
                "test: frame report: 20.0 frames/s, CPU 10.00 ms/frame (20.0 % of a core; app ui 1.00 ms; \
                 100 kpx painted)"
            ),
            "{line}"
        );
        assert!(line.ends_with("totals t_ms=3000 frames=50 cpu_ms=400"), "{line}");
    }

    #[test]
    #[cfg(target_os = "linux")]
    fn process_cpu_grows_with_work() {
        let before = process_cpu().expect("Linux has /proc/self/task");
        let mut x = 0u64;
        let start = Instant::now();
        while start.elapsed() < Duration::from_millis(30) {
            x = x.wrapping_mul(6364136223846793005).wrapping_add(1);
        }
        std::hint::black_box(x);
        let after = process_cpu().expect("read once, readable again");
        assert!(after > before, "{before:?} -> {after:?}");
    }
}
