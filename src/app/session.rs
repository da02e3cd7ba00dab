//! The open session: the player (transport and clock), where the script
//! came from, the ratings given so far, and the hot-reload state. Views
//! read it; only the app's command handler changes it.

use super::source::SessionSource;
use super::watcher::Watcher;
use crate::player::{Now, Player};
use crate::script::{RateScale, Script};
use crate::timeline::Micros;

/// A 0–10 answer to one rating step (the journal keeps it as a `journal::Rating`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Answer {
    pub step: usize,
    pub scale: RateScale,
    pub value: u8,
}

pub struct Session {
    pub source: SessionSource,
    pub player: Player,
    pub ratings: Vec<Answer>,
    /// Errors from the last reload attempt; playback goes on meanwhile.
    pub diagnostics: Vec<String>,
    /// Warnings from loading the script, such as a missing audio file.
    pub file_warnings: Vec<String>,
    /// Set after a successful reload, for a quiet "reloaded" note.
    pub reloaded: bool,
    /// This session's row in the practice journal, when there is one.
    pub journal_id: Option<crate::journal::SessionId>,
    /// The journal already knows the session reached its end.
    pub finish_recorded: bool,
    watcher: Option<Watcher>,
}

impl Session {
    pub fn new(source: SessionSource, player: Player) -> Self {
        Self {
            source,
            player,
            ratings: Vec::new(),
            diagnostics: Vec::new(),
            file_warnings: Vec::new(),
            reloaded: false,
            journal_id: None,
            finish_recorded: false,
            watcher: None,
        }
    }

    /// Starts watching the script file, once, if the session came from
    /// one; `wake` is called after each change (the UI asks for a frame).
    pub fn watch(&mut self, wake: impl Fn() + Send + 'static) {
        if let (SessionSource::File(path), None) = (&self.source, &self.watcher) {
            self.watcher = Some(Watcher::spawn(path.clone(), wake));
        }
    }

    /// Sounds the session plays without: files missing when the script was
    /// loaded, and clips that could not be decoded.
    pub fn sound_warnings(&self) -> Vec<String> {
        self.file_warnings.iter().chain(self.player.warnings()).cloned().collect()
    }

    /// The session now (changes nothing; `Player::update` does, once a frame).
    pub fn now(&self) -> Now {
        self.player.now()
    }

    pub fn script(&self) -> &Script {
        self.player.script()
    }

    /// The rating given for the step playing now, if it is a rating step.
    pub fn current_rating(&self, now: &Now) -> Option<u8> {
        now.kind.scale()?;
        self.ratings.iter().find(|r| r.step == now.step).map(|r| r.value)
    }

    /// Records (or changes) the answer to the rating step playing now, and
    /// returns it; `None` outside a rating step.
    pub fn rate(&mut self, value: u8) -> Option<Answer> {
        let now = self.now();
        let scale = now.kind.scale()?;
        let rating = Answer { step: now.step, scale, value: value.min(10) };
        match self.ratings.iter_mut().find(|r| r.step == now.step) {
            Some(r) => *r = rating,
            None => self.ratings.push(rating),
        }
        Some(rating)
    }

    /// Before/after pairs per scale, for the closing summary: first and
    /// last rating of each scale that was rated at least twice.
    pub fn changes(&self) -> Vec<(RateScale, u8, u8)> {
        let mut out: Vec<(RateScale, u8, u8)> = Vec::new();
        for r in &self.ratings {
            let scale = r.scale;
            match out.iter_mut().find(|(s, ..)| *s == scale) {
                Some(entry) => entry.2 = r.value,
                None => out.push((scale, r.value, r.value)),
            }
        }
        let rated_twice = |s: RateScale| self.ratings.iter().filter(|r| r.scale == s).count() >= 2;
        out.retain(|(s, ..)| rated_twice(*s));
        out
    }

    /// Whether the watched file changed on disk since the last look.
    pub fn file_changed(&self) -> bool {
        self.watcher.as_ref().is_some_and(Watcher::take_change)
    }

    /// Reloads the script from its file, keeping the position where the
    /// step still exists. On errors the old script keeps playing and the
    /// diagnostics are kept for the view.
    pub fn reload(&mut self) {
        let SessionSource::File(_) = &self.source else { return };
        match self.source.load() {
            Ok(loaded) => {
                self.player.set_script(loaded.script);
                self.diagnostics.clear();
                self.file_warnings = loaded.report.warnings().map(|w| w.message.clone()).collect();
                self.reloaded = true;
            }
            Err(report) => {
                self.diagnostics = report.summary();
                self.reloaded = false;
            }
        }
    }

    /// Seconds until the elapsed clock or the countdown next changes.
    pub fn next_tick(now: &Now) -> f32 {
        let frac = |m: Micros| (m.0 % 1_000_000) as f32 / 1e6;
        let elapsed = 1.0 - frac(now.position);
        let countdown = match frac(now.segment_left) {
            0.0 => 1.0,
            f => f,
        };
        elapsed.min(countdown).max(0.001)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::player::{ManualTime, Output};
    use crate::timeline::testing::builtin_script;
    use crate::timeline::{CompileOptions, SegmentKind};

    fn session() -> Session {
        let script = builtin_script("pmr-7-groups");
        let player = Player::new(script, CompileOptions::default(), Output::Manual(ManualTime::new()));
        Session::new(SessionSource::Builtin("pmr-7-groups"), player)
    }

    #[test]
    fn ratings_pair_up_per_scale_for_the_summary() {
        let mut s = session();
        s.ratings = vec![
            Answer { step: 0, scale: RateScale::Tension, value: 7 },
            Answer { step: 1, scale: RateScale::Pain, value: 5 },
            Answer { step: 9, scale: RateScale::Tension, value: 3 },
        ];
        assert_eq!(s.changes(), vec![(RateScale::Tension, 7, 3)], "pain was rated once only");
    }

    #[test]
    fn rating_outside_a_rating_step_is_ignored_and_values_are_capped() {
        let mut s = session();
        assert!(matches!(s.now().kind, SegmentKind::Rate(_)));
        s.rate(12);
        assert_eq!(s.ratings[0].value, 10);
        s.rate(4);
        assert_eq!(s.ratings.len(), 1, "a second answer replaces the first");
        s.player.next_step();
        s.player.next_step();
        assert!(!matches!(s.now().kind, SegmentKind::Rate(_)));
        s.rate(2);
        assert_eq!(s.ratings.len(), 1);
    }

    #[test]
    fn next_tick_is_when_the_clock_or_countdown_changes() {
        let mut now = session().now();
        now.position = Micros(10_250_000);
        now.segment_left = Micros(3_600_000);
        assert!((Session::next_tick(&now) - 0.6).abs() < 1e-4, "countdown 4 → 3 in 0.6 s");
        now.segment_left = Micros(3_900_000);
        assert!((Session::next_tick(&now) - 0.75).abs() < 1e-4, "clock 0:10 → 0:11 in 0.75 s");
    }
}
