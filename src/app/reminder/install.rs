//! Installing the reminder on Linux as a systemd user timer that runs
//! `respite remind`, and removing it again. Only files Respite wrote (they
//! carry its mark) are ever replaced or deleted; what was done is returned
//! so the app and the command line can say it.

use std::path::{Path, PathBuf};
use std::process::Command;

use super::Schedule;

/// The unit name, without `.service` or `.timer`.
pub const UNIT: &str = "respite-reminder";

/// The first line of every file Respite writes here.
const MARK: &str = "# Written by Respite for its daily practice reminder; `respite remind --off` removes it.";

/// The folder systemd reads user units from: `~/.config/systemd/user`.
pub fn unit_dir() -> Option<PathBuf> {
    directories::BaseDirs::new().map(|b| b.config_dir().join("systemd").join("user"))
}

/// Runs `systemctl --user ARGS`, or says why it could not.
pub fn systemctl(args: &[&str]) -> Result<(), String> {
    let out = Command::new("systemctl")
        .arg("--user")
        .args(args)
        .output()
        .map_err(|e| format!("systemctl could not be run: {e}"))?;
    if out.status.success() {
        Ok(())
    } else {
        Err(format!("`systemctl --user {}` failed: {}", args.join(" "), String::from_utf8_lossy(&out.stderr).trim()))
    }
}

/// What an install or removal did.
#[derive(Debug)]
pub struct Done {
    /// Files written or removed.
    pub files: Vec<PathBuf>,
    /// Whether systemd took the change, or why not.
    pub systemd: Result<(), String>,
}

pub fn service_text(exe: &Path) -> String {
    format!(
        "{MARK}\n[Unit]\nDescription=Respite: a reminder to practise relaxation\n\n\
         [Service]\nType=exec\nExecStart={} remind\n",
        quote(&exe.display().to_string())
    )
}

pub fn timer_text(schedule: &Schedule) -> String {
    format!(
        "{MARK}\n# {}\n[Unit]\nDescription=Respite: practice reminder, {}\n\n\
         [Timer]\nOnCalendar={}\nPersistent=false\n\n[Install]\nWantedBy=timers.target\n",
        schedule_line(schedule),
        schedule.describe(),
        schedule.on_calendar()
    )
}

/// Writes the service and timer into `dir` and asks systemd (through
/// `run`) to start the timer.
pub fn install(
    dir: &Path,
    exe: &Path,
    schedule: &Schedule,
    run: impl Fn(&[&str]) -> Result<(), String>,
) -> Result<Done, String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("cannot create `{}`: {e}", dir.display()))?;
    let files = [
        (dir.join(format!("{UNIT}.service")), service_text(exe)),
        (dir.join(format!("{UNIT}.timer")), timer_text(schedule)),
    ];
    for (path, _) in &files {
        refuse_foreign(path)?;
    }
    for (path, text) in &files {
        crate::files::write_bytes_atomic(path, text.as_bytes())
            .map_err(|e| format!("cannot write `{}`: {e}", path.display()))?;
    }
    let timer = format!("{UNIT}.timer");
    let systemd = run(&["daemon-reload"]).and_then(|()| run(&["enable", "--now", &timer]));
    Ok(Done { files: files.into_iter().map(|(p, _)| p).collect(), systemd })
}

/// Stops the timer and removes the two files, if Respite wrote them.
pub fn remove(dir: &Path, run: impl Fn(&[&str]) -> Result<(), String>) -> Result<Done, String> {
    let paths = [dir.join(format!("{UNIT}.timer")), dir.join(format!("{UNIT}.service"))];
    for path in &paths {
        refuse_foreign(path)?;
    }
    let present: Vec<PathBuf> = paths.into_iter().filter(|p| p.exists()).collect();
    let systemd = if present.is_empty() { Ok(()) } else { run(&["disable", "--now", &format!("{UNIT}.timer")]) };
    for path in &present {
        std::fs::remove_file(path).map_err(|e| format!("cannot remove `{}`: {e}", path.display()))?;
    }
    let systemd = systemd.and_then(|()| if present.is_empty() { Ok(()) } else { run(&["daemon-reload"]) });
    Ok(Done { files: present, systemd })
}

/// The schedule of the installed reminder, if there is one.
pub fn installed(dir: &Path) -> Option<Schedule> {
    let text = std::fs::read_to_string(dir.join(format!("{UNIT}.timer"))).ok()?;
    if !text.starts_with(MARK) {
        return None;
    }
    let line = text.lines().nth(1)?.strip_prefix("# at ")?;
    let (time, days) = line.split_once(" on ")?;
    Schedule::parse(time, days).ok()
}

/// "at 19:30 on mon,wed": the line `installed` reads back.
fn schedule_line(s: &Schedule) -> String {
    let days: Vec<String> =
        super::schedule::DAY_NAMES.iter().zip(s.days).filter(|(_, on)| *on).map(|(n, _)| n.to_lowercase()).collect();
    format!("at {:02}:{:02} on {}", s.hour, s.minute, days.join(","))
}

fn refuse_foreign(path: &Path) -> Result<(), String> {
    match std::fs::read_to_string(path) {
        Ok(text) if !text.starts_with(MARK) => Err(format!(
            "`{}` exists and was not written by Respite; it was left alone (remove or rename it first)",
            path.display()
        )),
        _ => Ok(()),
    }
}

/// A path quoted for systemd's ExecStart.
fn quote(path: &str) -> String {
    format!("\"{}\"", path.replace('\\', "\\\\").replace('"', "\\\""))
}

#[cfg(test)]
mod tests {
    use std::cell::RefCell;

    use super::*;

    #[test]
    fn install_writes_two_units_and_remove_takes_them_away() {
        let dir = tempfile::tempdir().unwrap();
        let calls = RefCell::new(Vec::new());
        let run = |args: &[&str]| {
            calls.borrow_mut().push(args.join(" "));
            Ok::<(), String>(())
        };
        let schedule = Schedule::parse("19:30", "mon,wed,fri").unwrap();
        let done = install(dir.path(), Path::new("/opt/my apps/respite"), &schedule, run).unwrap();
        assert_eq!(done.files.len(), 2);
        assert!(done.systemd.is_ok());
        let service = std::fs::read_to_string(dir.path().join("respite-reminder.service")).unwrap();
        assert!(service.contains("ExecStart=\"/opt/my apps/respite\" remind\n"), "{service}");
        let timer = std::fs::read_to_string(dir.path().join("respite-reminder.timer")).unwrap();
        assert!(timer.contains("OnCalendar=Mon,Wed,Fri *-*-* 19:30:00\n"), "{timer}");
        assert!(timer.contains("WantedBy=timers.target"));
        assert_eq!(installed(dir.path()), Some(schedule));
        assert_eq!(*calls.borrow(), ["daemon-reload", "enable --now respite-reminder.timer"]);

        calls.borrow_mut().clear();
        let done = remove(dir.path(), run).unwrap();
        assert_eq!(done.files.len(), 2);
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0, "nothing left behind");
        assert_eq!(installed(dir.path()), None);
        assert_eq!(*calls.borrow(), ["disable --now respite-reminder.timer", "daemon-reload"]);
        // Removing again is fine and touches nothing.
        calls.borrow_mut().clear();
        assert!(remove(dir.path(), run).unwrap().files.is_empty());
        assert!(calls.borrow().is_empty());
    }

    #[test]
    fn files_respite_did_not_write_are_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("respite-reminder.timer"), "[Timer]\nmine\n").unwrap();
        let ok = |_: &[&str]| Ok::<(), String>(());
        let e = install(dir.path(), Path::new("/usr/bin/respite"), &Schedule::daily(8, 0), ok).unwrap_err();
        assert!(e.contains("was not written by Respite"), "{e}");
        assert!(remove(dir.path(), ok).is_err());
        assert_eq!(std::fs::read_to_string(dir.path().join("respite-reminder.timer")).unwrap(), "[Timer]\nmine\n");
        assert!(!dir.path().join("respite-reminder.service").exists());
    }

    #[test]
    fn a_systemd_failure_is_reported_with_the_files_kept() {
        let dir = tempfile::tempdir().unwrap();
        let fail = |_: &[&str]| Err::<(), String>("no user session".to_string());
        let done = install(dir.path(), Path::new("/usr/bin/respite"), &Schedule::daily(8, 0), fail).unwrap();
        assert_eq!(done.systemd, Err("no user session".to_string()));
        assert!(dir.path().join("respite-reminder.timer").exists());
    }
}
