//! When to try the sound device again after it failed. Pure: it is told
//! the time and what happened, and answers when the next attempt is due and
//! what to tell the user. A lost stream is retried quickly at first, then
//! less often but never never: a device that comes back later (a restarted
//! sound server, headphones plugged in) is picked up by itself.

use crate::timeline::Micros;

/// Waits between attempts, in order; the last repeats for ever.
const BACKOFF: [Micros; 6] =
    [Micros(100_000), Micros(250_000), Micros(500_000), Micros(1_000_000), Micros(2_000_000), Micros(4_000_000)];
/// How long "reconnecting" may last before the user is told the session is
/// playing without sound.
pub const GIVE_UP_AFTER: Micros = Micros(8_000_000);
/// A connection that failed sooner than this after opening does not reset
/// the backoff, so a device that fails at every open is not hammered.
const STABLE_AFTER: Micros = Micros(5_000_000);

/// What to tell the user about sound that is down.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outlook {
    /// Sound was lost moments ago and is being brought back.
    Reconnecting,
    /// It has not come back (or there never was a device): the session
    /// goes on without sound while attempts continue in the background.
    Gone,
}

/// The retry schedule for one player.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reconnect {
    /// Attempts that have failed since sound was last stable.
    failures: usize,
    /// When sound was lost (or first asked for and not found).
    lost_at: Micros,
    /// When the next attempt is due.
    next_at: Micros,
    /// Whether sound ever played before this loss: a device that was never
    /// there is not "reconnecting".
    was_playing: bool,
}

impl Reconnect {
    /// Sound was asked for at `now` and the first attempt failed.
    pub fn never_opened(now: Micros) -> Reconnect {
        Reconnect {
            failures: BACKOFF.len(),
            lost_at: now,
            next_at: now + BACKOFF[BACKOFF.len() - 1],
            was_playing: false,
        }
    }

    /// A live device failed at `now`, having opened at `opened_at`. The
    /// previous schedule, if any, carries on when the device did not stay.
    pub fn lost(now: Micros, opened_at: Micros, previous: Option<&Reconnect>) -> Reconnect {
        let stable = now.saturating_sub(opened_at) >= STABLE_AFTER;
        let failures = match previous {
            Some(p) if !stable => p.failures,
            _ => 0,
        };
        let lost_at = match previous {
            Some(p) if !stable => p.lost_at,
            _ => now,
        };
        Reconnect { failures, lost_at, next_at: now + delay(failures), was_playing: true }
    }

    /// Whether an attempt should start now.
    pub fn due(&self, now: Micros) -> bool {
        now >= self.next_at
    }

    /// An attempt failed at `now`; schedules the next.
    pub fn failed(&mut self, now: Micros) {
        self.failures += 1;
        self.next_at = now + delay(self.failures);
    }

    /// The user asked to try again: at once, and "reconnecting" again.
    pub fn try_now(&mut self, now: Micros) {
        self.failures = 0;
        self.lost_at = now;
        self.next_at = now;
        self.was_playing = true;
    }

    /// How long until something changes by itself: the next attempt is
    /// due, or "reconnecting" turns into "without sound".
    pub fn next_change(&self, now: Micros) -> Micros {
        let attempt = self.next_at.saturating_sub(now);
        match self.outlook(now) {
            Outlook::Reconnecting => attempt.min((self.lost_at + GIVE_UP_AFTER).saturating_sub(now)),
            Outlook::Gone => attempt,
        }
    }

    pub fn outlook(&self, now: Micros) -> Outlook {
        if self.was_playing && now.saturating_sub(self.lost_at) < GIVE_UP_AFTER {
            Outlook::Reconnecting
        } else {
            Outlook::Gone
        }
    }
}

fn delay(failures: usize) -> Micros {
    BACKOFF[failures.min(BACKOFF.len() - 1)]
}

#[cfg(test)]
mod tests {
    use super::*;

    const S: u64 = 1_000_000;

    #[test]
    fn a_loss_is_retried_quickly_then_less_often() {
        let mut r = Reconnect::lost(Micros(60 * S), Micros(0), None);
        assert!(!r.due(Micros(60 * S)));
        assert!(r.due(Micros(60 * S + 100_000)));
        let mut now = Micros(60 * S + 100_000);
        let mut waits = Vec::new();
        for _ in 0..8 {
            r.failed(now);
            let wait = r.next_at.saturating_sub(now);
            waits.push(wait.0);
            now = r.next_at;
        }
        assert_eq!(waits, [250_000, 500_000, 1_000_000, 2_000_000, 4_000_000, 4_000_000, 4_000_000, 4_000_000]);
    }

    #[test]
    fn reconnecting_lasts_a_few_seconds_then_says_gone_but_keeps_trying() {
        let mut r = Reconnect::lost(Micros(10 * S), Micros(0), None);
        assert_eq!(r.outlook(Micros(10 * S)), Outlook::Reconnecting);
        assert_eq!(r.outlook(Micros(17 * S)), Outlook::Reconnecting);
        assert_eq!(r.outlook(Micros(18 * S)), Outlook::Gone);
        r.failed(Micros(100 * S));
        assert!(r.due(Micros(105 * S)), "attempts go on after giving up");
        r.try_now(Micros(200 * S));
        assert!(r.due(Micros(200 * S)));
        assert_eq!(r.outlook(Micros(200 * S)), Outlook::Reconnecting);
    }

    #[test]
    fn the_next_change_is_the_next_attempt_or_giving_up() {
        let t0 = Micros::from_secs(100);
        let r = Reconnect::lost(t0, Micros::ZERO, None);
        assert_eq!(r.next_change(t0), BACKOFF[0], "the first retry comes first");
        let mut r = r;
        for _ in 0..BACKOFF.len() {
            r.failed(t0 + Micros::from_secs(6));
        }
        let at = t0 + Micros::from_secs(7);
        assert_eq!(
            r.next_change(at),
            Micros::from_secs(1),
            "giving up, 8 s after the loss, comes before the 4 s retry"
        );
        let gone = t0 + Micros::from_secs(9);
        assert_eq!(r.next_change(gone), Micros::from_secs(1), "then only the retry, due at 10 s");
        let r = Reconnect::never_opened(t0);
        assert_eq!(r.next_change(t0), BACKOFF[BACKOFF.len() - 1], "a missing device is probed slowly");
    }

    #[test]
    fn a_device_missing_from_the_start_is_gone_at_once_and_probed_slowly() {
        let r = Reconnect::never_opened(Micros(0));
        assert_eq!(r.outlook(Micros(0)), Outlook::Gone);
        assert!(!r.due(Micros(3 * S)));
        assert!(r.due(Micros(4 * S)));
    }

    #[test]
    fn a_device_that_fails_at_every_open_is_not_hammered() {
        let mut r = Reconnect::lost(Micros(10 * S), Micros(0), None);
        r.failed(Micros(10 * S));
        r.failed(Micros(11 * S));
        // Opened again, failed a second later: the backoff carries on and
        // "reconnecting" keeps counting from the first loss.
        let again = Reconnect::lost(Micros(13 * S), Micros(12 * S), Some(&r));
        assert_eq!(again.failures, 2);
        assert_eq!(again.lost_at, Micros(10 * S));
        // A connection that played for a minute starts afresh.
        let fresh = Reconnect::lost(Micros(80 * S), Micros(20 * S), Some(&r));
        assert_eq!(fresh.failures, 0);
        assert_eq!(fresh.lost_at, Micros(80 * S));
    }
}
