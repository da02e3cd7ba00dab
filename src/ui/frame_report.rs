//! An optional report of where frame time goes, switched on by
//! `RESPITE_REPORT_FRAMES=1`: once a second, on stderr, the frames drawn,
//! frames per second, the whole process's CPU per frame, how much of that
//! the app's own `ui` code (with egui's layout) took, and how many pixels a
//! frame cleared, painted and presented. The rest of the CPU is
//! tessellation, the GL driver (under software GL, rasterising) and
//! presenting. Running totals on each line let `scripts/measure-ui`
//! difference any two lines. While the breathing orb moves, each line also
//! says how far its edge moved between drawn frames (the largest step this
//! second, and over the run how many steps were taken and how many were
//! over 3 points, a point being a pixel of a standard-density screen and
//! two on a HiDPI one at scale 2): the smoothness the frame schedule
//! promises (`orb::motion_interval`, in points), measured on the
//! frames actually drawn, however late a loaded machine drew them.

use std::time::{Duration, Instant};

/// Set this to print a frame report once a second.
pub const ENV: &str = "RESPITE_REPORT_FRAMES";

/// A step of the orb's edge larger than this (in points), between two
/// drawn frames, is counted as a visible jump.
pub const JUMP_PX: f32 = 3.0;

/// Where the orb leaves the radius it drew in this frame, and the side of
/// the square it was drawn in.
fn orb_radius_id() -> egui::Id {
    egui::Id::unique("frame-report-orb-radius")
}

/// Called by the orb with the radius it has just drawn and the side of the
/// square it was drawn in (in points).
pub fn orb_drawn(ctx: &egui::Context, radius: f32, side: f32) {
    ctx.data_mut(|d| d.insert_temp(orb_radius_id(), OrbDrawn { radius, side }));
}

/// What the orb drew in one frame, in points.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
struct OrbDrawn {
    radius: f32,
    side: f32,
}

/// Counts frames and CPU time, and prints a line once a second.
pub struct FrameReport {
    /// Names the process on each line ("respite", "naive-orb").
    who: &'static str,
    started: Instant,
    last: Snapshot,
    total: Snapshot,
    /// The orb in the last frame that drew it.
    orb: Option<OrbDrawn>,
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
    /// Frames in which the orb's edge moved, from the frame before.
    orb_steps: u64,
    /// Of those, steps over `JUMP_PX`.
    orb_jumps: u64,
    /// The largest step so far, in points.
    orb_max_pt: f32,
}

impl FrameReport {
    /// A report when `RESPITE_REPORT_FRAMES` is set, else `None`.
    pub fn from_env(who: &'static str) -> Option<Self> {
        std::env::var_os(ENV).map(|_| Self::new(who))
    }

    pub fn new(who: &'static str) -> Self {
        Self { who, started: Instant::now(), last: Snapshot::default(), total: Snapshot::default(), orb: None }
    }

    /// Adds the pixels the window painted for the last frame.
    pub fn painted(&mut self, pixels: u64) {
        self.total.pixels += pixels;
    }

    /// Records one frame and how long the app's `ui` took, and how far the
    /// orb's edge moved if it was drawn. Prints a line once a second.
    pub fn frame(&mut self, ctx: &egui::Context, ui: Duration) {
        self.total.frames += 1;
        self.total.ui += ui;
        let drawn = ctx.data_mut(|d| d.remove_temp::<OrbDrawn>(orb_radius_id()));
        self.orb(drawn);
        let at = self.started.elapsed();
        if at - self.last.at >= Duration::from_secs(1) {
            self.total.at = at;
            self.total.cpu = process_cpu().unwrap_or_default();
            eprintln!("{}", self.line());
            self.last = self.total;
        }
    }

    /// Counts the orb's step from the last frame that drew it; `None` when
    /// this frame did not draw it (the next one starts afresh). A frame in
    /// which the orb's square changed size (the window was resized, or laid
    /// out for the first time) starts afresh too: the whole orb is rescaled
    /// there on purpose, which is not the breath's motion.
    fn orb(&mut self, drawn: Option<OrbDrawn>) {
        let before = self.orb.filter(|b| drawn.is_some_and(|d| (d.side - b.side).abs() < 0.5));
        if let (Some(OrbDrawn { radius: now, .. }), Some(OrbDrawn { radius: before, .. })) = (drawn, before) {
            let step = (now - before).abs();
            if step > 0.0 {
                self.total.orb_steps += 1;
                if step > JUMP_PX {
                    self.total.orb_jumps += 1;
                    eprintln!(
                        "{}: frame report: the orb's edge jumped {step:.1} pt ({before:.1} -> {now:.1} pt) at t_ms={}",
                        self.who,
                        self.started.elapsed().as_millis()
                    );
                }
                if step > self.total.orb_max_pt {
                    self.total.orb_max_pt = step;
                }
            }
        }
        self.orb = drawn;
    }

    /// One report line: this second's figures, then the running totals.
    fn line(&self) -> String {
        let (t, l) = (&self.total, &self.last);
        let frames = (t.frames - l.frames).max(1) as f64;
        let seconds = (t.at - l.at).as_secs_f64().max(1e-3);
        let per = |d: Duration| d.as_secs_f64() * 1000.0 / frames;
        format!(
            "{}: frame report: {:.1} frames/s, CPU {:.2} ms/frame ({:.1} % of a core; app ui {:.2} ms; \
             {:.0} kpx painted); totals t_ms={} frames={} cpu_ms={} orb_steps={} orb_over_{}pt={} orb_max_pt={:.2}",
            self.who,
            (t.frames - l.frames) as f64 / seconds,
            per(t.cpu.saturating_sub(l.cpu)),
            100.0 * t.cpu.saturating_sub(l.cpu).as_secs_f64() / seconds,
            per(t.ui - l.ui),
            (t.pixels - l.pixels) as f64 / frames / 1000.0,
            t.at.as_millis(),
            t.frames,
            t.cpu.as_millis(),
            t.orb_steps,
            JUMP_PX,
            t.orb_jumps,
            t.orb_max_pt,
        )
    }
}

/// CPU time of all the process's threads so far, those that have ended
/// too (so it never goes back when a thread exits): the process CPU-time
/// clock; `None` where there is none.
#[cfg(unix)]
fn process_cpu() -> Option<Duration> {
    let mut now = libc::timespec { tv_sec: 0, tv_nsec: 0 };
    // SAFETY: `now` is a valid, writable timespec for the call's duration.
    let read = unsafe { libc::clock_gettime(libc::CLOCK_PROCESS_CPUTIME_ID, &mut now) } == 0;
    read.then(|| Duration::new(u64::try_from(now.tv_sec).unwrap_or(0), u32::try_from(now.tv_nsec).unwrap_or(0)))
}

#[cfg(not(unix))]
fn process_cpu() -> Option<Duration> {
    None
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
            ..Snapshot::default()
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
        assert!(
            line.ends_with("totals t_ms=3000 frames=50 cpu_ms=400 orb_steps=0 orb_over_3pt=0 orb_max_pt=0.00"),
            "{line}"
        );
    }

    #[test]
    fn the_orbs_steps_are_counted_between_frames_that_drew_it() {
        let mut report = FrameReport::new("test");
        // Drawn at 100, 102, 102 (no step), then not drawn, then at 150
        // (a new start, not a step), then 155.5 (a jump) and 154, then in
        // a larger square at 170 (rescaled, not a step) and 171.
        let at = |radius: f32, side: f32| Some(OrbDrawn { radius, side });
        for o in [at(100.0, 400.0), at(102.0, 400.0), at(102.0, 400.0), None, at(150.0, 400.0)] {
            report.orb(o);
        }
        for o in [at(155.5, 400.0), at(154.0, 400.0), at(170.0, 480.0), at(171.0, 480.0)] {
            report.orb(o);
        }
        assert_eq!(report.total.orb_steps, 4);
        assert_eq!(report.total.orb_jumps, 1);
        assert!((report.total.orb_max_pt - 5.5).abs() < 1e-6, "{}", report.total.orb_max_pt);
    }

    #[test]
    fn a_frame_takes_the_radius_the_orb_left_once() {
        let ctx = egui::Context::default();
        let mut report = FrameReport::new("test");
        // Each pass at 2 pixels a point (steps stay in points); `radius` is
        // what the orb drew.
        let mut pass = |radius: Option<f32>| {
            let mut raw = egui::RawInput::default();
            raw.viewports.entry(egui::ViewportId::ROOT).or_default().native_pixels_per_point = Some(2.0);
            let mut output = ctx.run_ui(raw, |ui| {
                if let Some(r) = radius {
                    orb_drawn(ui.ctx(), r, 300.0);
                }
                report.frame(ui.ctx(), Duration::ZERO);
            });
            // No renderer here to take the font atlas.
            output.textures_delta.clear();
        };
        pass(Some(50.0));
        pass(Some(51.0));
        // Taken once: a frame without the orb forgets it.
        pass(None);
        pass(Some(60.0));
        assert_eq!(report.total.orb_steps, 1);
        assert!((report.total.orb_max_pt - 1.0).abs() < 1e-6, "{}", report.total.orb_max_pt);
    }

    /// Busy work, a fixed amount whatever the machine's load.
    #[cfg(unix)]
    fn spin() {
        let mut x = 0u64;
        for _ in 0..20_000_000 {
            x = std::hint::black_box(x.wrapping_mul(6364136223846793005).wrapping_add(1));
        }
    }

    /// The calling thread's own CPU time.
    #[cfg(unix)]
    fn thread_cpu() -> Duration {
        let mut now = libc::timespec { tv_sec: 0, tv_nsec: 0 };
        // SAFETY: `now` is a valid, writable timespec for the call's duration.
        assert_eq!(unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut now) }, 0);
        Duration::new(now.tv_sec as u64, now.tv_nsec as u32)
    }

    #[test]
    #[cfg(unix)]
    fn process_cpu_grows_with_work_and_keeps_ended_threads() {
        let before = process_cpu().expect("a process CPU clock");
        // A thread works, then ends: all its time still counts (a sum
        // over the threads alive, as this was once read, loses it).
        let worked = std::thread::spawn(|| {
            spin();
            thread_cpu()
        })
        .join()
        .expect("the worker ends");
        let after_thread = process_cpu().expect("read again");
        assert!(after_thread - before >= worked, "{before:?} -> {after_thread:?}, the thread worked {worked:?}");
        spin();
        let after = process_cpu().expect("read once, readable again");
        assert!(after > after_thread, "{after_thread:?} -> {after:?}");
    }
}
