//! Integer microseconds: the one unit of time on the timeline.

use std::ops::{Add, AddAssign, Sub};

/// A time or duration in whole microseconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Micros(pub u64);

impl Micros {
    pub const ZERO: Micros = Micros(0);
    pub const SECOND: Micros = Micros(1_000_000);

    /// Rounds to the nearest microsecond; negative and NaN become zero.
    pub fn from_secs_f64(secs: f64) -> Self {
        if secs.is_nan() || secs <= 0.0 { Micros(0) } else { Micros((secs * 1e6).round().min(u64::MAX as f64) as u64) }
    }

    pub const fn from_secs(secs: u64) -> Self {
        Micros(secs * 1_000_000)
    }

    pub fn as_secs_f64(self) -> f64 {
        self.0 as f64 / 1e6
    }

    /// The audio frame at this instant, rounded to the nearest frame.
    pub fn to_frame(self, sample_rate: u32) -> u64 {
        ((self.0 as u128 * sample_rate as u128 + 500_000) / 1_000_000) as u64
    }

    /// The instant of an audio frame, rounded to the nearest microsecond.
    pub fn from_frame(frame: u64, sample_rate: u32) -> Self {
        let sr = sample_rate as u128;
        Micros(((frame as u128 * 1_000_000 + sr / 2) / sr) as u64)
    }

    pub fn saturating_sub(self, other: Micros) -> Micros {
        Micros(self.0.saturating_sub(other.0))
    }

    /// Multiplies by a positive factor, rounding to the nearest microsecond.
    pub fn scale(self, factor: f64) -> Micros {
        Micros::from_secs_f64(self.as_secs_f64() * factor)
    }

    /// "m:ss" (or "h:mm:ss" from an hour), for clocks and listings.
    pub fn clock(self) -> String {
        let total = self.0 / 1_000_000;
        let (h, m, s) = (total / 3600, total / 60 % 60, total % 60);
        if h > 0 { format!("{h}:{m:02}:{s:02}") } else { format!("{m}:{s:02}") }
    }
}

impl Add for Micros {
    type Output = Micros;
    fn add(self, rhs: Micros) -> Micros {
        Micros(self.0 + rhs.0)
    }
}

impl AddAssign for Micros {
    fn add_assign(&mut self, rhs: Micros) {
        self.0 += rhs.0;
    }
}

impl Sub for Micros {
    type Output = Micros;
    fn sub(self, rhs: Micros) -> Micros {
        Micros(self.0 - rhs.0)
    }
}

impl std::iter::Sum for Micros {
    fn sum<I: Iterator<Item = Micros>>(iter: I) -> Micros {
        Micros(iter.map(|m| m.0).sum())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frames_round_trip_at_common_rates() {
        for sr in [22_050, 44_100, 48_000, 96_000] {
            for us in [0u64, 1, 999_999, 4_000_000, 43_200_000_000] {
                let f = Micros(us).to_frame(sr);
                let back = Micros::from_frame(f, sr);
                let err = back.0.abs_diff(us);
                assert!(err * sr as u64 <= 1_000_000, "sr {sr} us {us} err {err}");
            }
        }
    }

    #[test]
    fn clock_formats_minutes_and_hours() {
        assert_eq!(Micros::from_secs(75).clock(), "1:15");
        assert_eq!(Micros::from_secs(3600 + 61).clock(), "1:01:01");
    }

    #[test]
    fn from_secs_rejects_nan_and_negative() {
        assert_eq!(Micros::from_secs_f64(f64::NAN), Micros::ZERO);
        assert_eq!(Micros::from_secs_f64(-3.0), Micros::ZERO);
        assert_eq!(Micros::from_secs_f64(1.5), Micros(1_500_000));
    }
}
