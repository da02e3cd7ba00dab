//! The open session: the player (transport and clock), where the script
//! came from, the ratings given so far, and the hot-reload state. Views
//! read it; only the app's command handler changes it.

use super::source::SessionSource;
use super::watcher::Watcher;
use crate::player::{Now, Player, Update};
use crate::script::{RateScale, Script};
use crate::timeline::{Micros, SegmentKind};

/// How long before the end of its last rating a session stops to wait for
/// the answer, so the question is still on screen while it waits.
const WAIT_BEFORE_END: Micros = Micros(500_000);
/// A step forward longer than this between two frames is a jump (a seek),
/// not playing on, and does not stop at the last rating.
const LONGEST_FRAME: Micros = Micros(2_000_000);

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
    /// What the journal could not take yet (written at the next chance).
    pub unsaved: super::practice::Unsaved,
    /// The journal already knows the session reached its end.
    pub finish_recorded: bool,
    /// The user chose to skip the last rating, so the session goes on.
    pub skipped_last_rating: bool,
    /// The session stopped by itself to wait for the last rating.
    held: bool,
    /// The playhead at the last update, to tell playing on from a jump.
    last_position: Option<Micros>,
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
            unsaved: Default::default(),
            finish_recorded: false,
            skipped_last_rating: false,
            held: false,
            last_position: None,
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

    /// Once per frame: moves the player on, and stops at the end of the
    /// session's last rating until it is answered or skipped, so a drowsy
    /// listener does not miss the question that closes the session.
    pub fn update(&mut self) -> Update {
        let mut update = self.player.update();
        let position = update.now.position;
        let crossed = |hold: Micros| {
            self.last_position.is_some_and(|last| last < hold && position >= hold && position - last <= LONGEST_FRAME)
        };
        if let Some((_, hold)) = self.last_rating_hold().filter(|(_, hold)| crossed(*hold)) {
            self.player.pause();
            self.player.seek(hold);
            self.held = true;
            update.now = self.player.now();
            update.ended = false;
        }
        self.last_position = Some(update.now.position);
        update
    }

    /// The user moved the playhead or played on: the next update is not
    /// "playing on" from where the last one was, and a wait is over. A
    /// restart asks the last rating again.
    pub fn moved(&mut self, restart: bool) {
        self.last_position = None;
        self.held = false;
        if restart {
            self.skipped_last_rating = false;
        }
    }

    /// The last rating step and where the session waits in it, while it is
    /// unanswered and not skipped.
    fn last_rating_hold(&self) -> Option<(usize, Micros)> {
        if self.skipped_last_rating {
            return None;
        }
        let timeline = self.player.timeline();
        let segment = timeline.segments.iter().rev().find(|s| matches!(s.kind, SegmentKind::Rate(_)))?;
        if self.ratings.iter().any(|r| r.step == segment.step) {
            return None;
        }
        let length = segment.end - segment.start;
        let hold = segment.end - WAIT_BEFORE_END.min(Micros(length.0 / 2));
        Some((segment.step, hold))
    }

    /// True while the session is stopped, waiting for its last rating.
    pub fn waiting_for_last_rating(&self, now: &Now) -> bool {
        !self.player.is_playing()
            && self.last_rating_hold().is_some_and(|(step, hold)| now.step == step && now.position == hold)
    }

    /// Leaves a rating step for the next, playing on if the session had
    /// stopped to wait for it.
    pub fn go_on_from_rating(&mut self) {
        let held = self.held;
        self.player.next_step();
        self.moved(false);
        // At the end there is nothing to play on to (and play would start
        // the session again).
        if held && !self.player.now().finished {
            self.player.play();
        }
    }

    /// When the next update should come to stop at the last rating in
    /// time, if the session is playing towards it.
    pub fn until_wait(&self, now: &Now) -> Option<Micros> {
        let (_, hold) = self.last_rating_hold()?;
        (now.position < hold).then(|| hold - now.position)
    }

    /// The session now (changes nothing; `update` does, once a frame).
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

    /// Every answer per scale in the order of the session's steps, for
    /// the closing summary: each scale that was rated at least twice.
    pub fn changes(&self) -> Vec<(RateScale, Vec<u8>)> {
        let mut answers = self.ratings.clone();
        answers.sort_by_key(|r| r.step);
        let mut out: Vec<(RateScale, Vec<u8>)> = Vec::new();
        for r in answers {
            match out.iter_mut().find(|(s, _)| *s == r.scale) {
                Some((_, values)) => values.push(r.value),
                None => out.push((r.scale, vec![r.value])),
            }
        }
        out.retain(|(_, values)| values.len() >= 2);
        out
    }

    /// One line of the closing summary: "Pain: 7 before, 5 after", or
    /// every answer when a scale was asked more than twice, so that a
    /// middle answer is not hidden ("Comfort: 4, 7, 6, first to last").
    pub fn change_line(scale: RateScale, values: &[u8]) -> String {
        let name = scale.title();
        match values {
            [before, after] => format!("{name}: {before} before, {after} after"),
            _ => {
                let all: Vec<String> = values.iter().map(u8::to_string).collect();
                format!("{name}: {}, first to last", all.join(", "))
            }
        }
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

    /// Seconds until the next frame is due: the soonest `change_in` (the
    /// seconds until what is shown next changes) of the session as the
    /// last frame drew it and as it is now. The frame just made may show
    /// the playhead a moment before a change that the clock, read again
    /// after drawing, is already past; counted from `now` alone, that
    /// change got no frame until the one after it (a one-second hold was
    /// never drawn, and a new phase was drawn 640 ms late). Zero when the
    /// clock is already in a segment the frame did not draw: it is due now.
    pub fn next_frame_in(drawn: Option<&Now>, now: &Now, change_in: impl Fn(&Now) -> f32) -> f32 {
        if drawn.is_some_and(|d| d.segment != now.segment) {
            return 0.0;
        }
        drawn.into_iter().chain([now]).map(change_in).fold(f32::MAX, f32::min)
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

/// A session of a built-in script on a clock the test moves, for tests.
#[cfg(test)]
pub(crate) fn test_session() -> Session {
    use crate::player::{ManualTime, Output};
    let script = crate::timeline::testing::builtin_script("pmr-7-groups");
    let player = Player::new(script, crate::timeline::CompileOptions::default(), Output::Manual(ManualTime::new()));
    Session::new(SessionSource::Builtin("pmr-7-groups"), player)
}

#[cfg(test)]
mod tests {
    use super::test_session as session;
    use super::*;
    use crate::timeline::SegmentKind;

    #[test]
    fn ratings_pair_up_per_scale_for_the_summary() {
        let mut s = session();
        s.ratings = vec![
            Answer { step: 0, scale: RateScale::Tension, value: 7 },
            Answer { step: 1, scale: RateScale::Pain, value: 5 },
            Answer { step: 9, scale: RateScale::Tension, value: 3 },
        ];
        assert_eq!(s.changes(), vec![(RateScale::Tension, vec![7, 3])], "pain was rated once only");
        assert_eq!(Session::change_line(RateScale::Tension, &[7, 3]), "Tension: 7 before, 3 after");
    }

    #[test]
    fn a_scale_asked_often_shows_every_answer_in_step_order() {
        let mut s = session();
        s.ratings = vec![
            Answer { step: 8, scale: RateScale::Comfort, value: 6 },
            Answer { step: 0, scale: RateScale::Comfort, value: 7 },
            Answer { step: 4, scale: RateScale::Comfort, value: 4 },
        ];
        let changes = s.changes();
        assert_eq!(changes, vec![(RateScale::Comfort, vec![7, 4, 6])], "in step order, not answer order");
        assert_eq!(Session::change_line(RateScale::Comfort, &changes[0].1), "Comfort: 7, 4, 6, first to last");
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
    fn a_change_the_clock_passed_while_drawing_still_gets_its_frame() {
        let s = session();
        let mut drawn = s.now();
        drawn.position = Micros(27_999_500);
        drawn.segment_left = Micros(500);
        let mut now = drawn.clone();
        now.position = Micros(28_000_600);
        now.segment_left = Micros(999_400);
        now.segment = drawn.segment.map(|i| i + 1);
        let dt = Session::next_frame_in(Some(&drawn), &now, Session::next_tick);
        assert_eq!(dt, 0.0, "the new segment is due at once");
        let alone = Session::next_frame_in(None, &now, Session::next_tick);
        assert!((alone - 0.9994).abs() < 1e-4, "{alone}");
        // The same segment, the second digit about to change.
        now.segment = drawn.segment;
        let dt = Session::next_frame_in(Some(&drawn), &now, Session::next_tick);
        assert!(dt <= 0.001, "the clock's change is due at once, not in {dt} s");
        // Drawn and read in the same segment: the sooner of the two.
        drawn.position = Micros(27_500_000);
        drawn.segment_left = Micros(500_000);
        now.position = Micros(27_800_000);
        now.segment_left = Micros(200_000);
        assert!((Session::next_frame_in(Some(&drawn), &now, Session::next_tick) - 0.2).abs() < 1e-4);
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
