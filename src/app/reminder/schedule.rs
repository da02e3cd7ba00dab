//! When the daily reminder comes: a time of day and the days of the week,
//! read from what a person types ("19:30", "mon,wed,fri", "weekdays") and
//! written as a systemd calendar expression.

/// A time of day and the weekdays it applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Schedule {
    pub hour: u8,
    pub minute: u8,
    /// Monday first.
    pub days: [bool; 7],
}

pub const DAY_NAMES: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

impl Schedule {
    /// Every day at `hour:minute`.
    pub fn daily(hour: u8, minute: u8) -> Self {
        Schedule { hour, minute, days: [true; 7] }
    }

    /// Reads "HH:MM" and a day list: "daily", "weekdays", "weekends", or
    /// names such as "mon,wed,fri". Errors say what was expected.
    pub fn parse(time: &str, days: &str) -> Result<Self, String> {
        let (h, m) = time.trim().split_once(':').ok_or_else(|| format!("time {time:?} should look like 19:30"))?;
        let hour: u8 = h.parse().ok().filter(|h| *h < 24).ok_or_else(|| format!("hour {h:?} should be 0 to 23"))?;
        let minute: u8 =
            m.parse().ok().filter(|m| *m < 60).ok_or_else(|| format!("minute {m:?} should be 00 to 59"))?;
        let mut set = [false; 7];
        for word in days.split([',', ' ']).map(str::trim).filter(|w| !w.is_empty()) {
            let lower = word.to_lowercase();
            match lower.as_str() {
                "daily" | "every" | "all" => set = [true; 7],
                "weekdays" => set[..5].iter_mut().for_each(|d| *d = true),
                "weekends" => set[5..].iter_mut().for_each(|d| *d = true),
                _ => {
                    let i = DAY_NAMES.iter().position(|n| lower.starts_with(&n.to_lowercase()) && lower.len() >= 3);
                    let i = i.ok_or_else(|| {
                        format!(
                            "day {word:?} is not one of mon, tue, wed, thu, fri, sat, sun, daily, weekdays, weekends"
                        )
                    })?;
                    set[i] = true;
                }
            }
        }
        if !set.contains(&true) {
            return Err("no days given: name at least one, or `daily`".into());
        }
        Ok(Schedule { hour, minute, days: set })
    }

    /// systemd's `OnCalendar=` value, e.g. "Mon,Wed,Fri *-*-* 19:30:00".
    pub fn on_calendar(&self) -> String {
        let days = if self.days == [true; 7] { String::new() } else { format!("{} ", self.day_list(",")) };
        format!("{days}*-*-* {:02}:{:02}:00", self.hour, self.minute)
    }

    /// "every day at 19:30" or "Mon, Wed, Fri at 07:05".
    pub fn describe(&self) -> String {
        let days = match self.days {
            [true, true, true, true, true, true, true] => "every day".to_string(),
            [true, true, true, true, true, false, false] => "on weekdays".to_string(),
            _ => self.day_list(", "),
        };
        format!("{days} at {:02}:{:02}", self.hour, self.minute)
    }

    fn day_list(&self, sep: &str) -> String {
        DAY_NAMES.iter().zip(self.days).filter(|(_, on)| *on).map(|(n, _)| *n).collect::<Vec<_>>().join(sep)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schedules_read_and_write() {
        let s = Schedule::parse("19:30", "mon, wed,Fri").unwrap();
        assert_eq!(s.on_calendar(), "Mon,Wed,Fri *-*-* 19:30:00");
        assert_eq!(s.describe(), "Mon, Wed, Fri at 19:30");
        let s = Schedule::parse("7:05", "daily").unwrap();
        assert_eq!((s.on_calendar(), s.describe()), ("*-*-* 07:05:00".into(), "every day at 07:05".into()));
        assert_eq!(Schedule::parse("08:00", "weekdays").unwrap().describe(), "on weekdays at 08:00");
        assert_eq!(Schedule::parse("08:00", "weekends").unwrap().on_calendar(), "Sat,Sun *-*-* 08:00:00");
        assert!(Schedule::parse("24:00", "daily").unwrap_err().contains("hour"));
        assert!(Schedule::parse("8", "daily").unwrap_err().contains("19:30"));
        assert!(Schedule::parse("08:60", "daily").unwrap_err().contains("minute"));
        assert!(Schedule::parse("08:00", "someday").unwrap_err().contains("\"someday\""));
        assert!(Schedule::parse("08:00", "").unwrap_err().contains("no days"));
    }
}
