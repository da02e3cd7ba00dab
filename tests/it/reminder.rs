//! `respite remind` against a notification service on a private D-Bus
//! session bus: a real `dbus-daemon --session` and a fake
//! org.freedesktop.Notifications (zbus) that records what it was asked to
//! show and then answers as a person would: by choosing the action, or by
//! closing the notice.

use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};

use respite::journal::Journal;
use zbus::object_server::SignalEmitter;

use crate::support::respite_command;
use zbus::zvariant::OwnedValue;

#[derive(Debug, Clone)]
struct Shown {
    app: String,
    summary: String,
    body: String,
    actions: Vec<String>,
}

struct Fake {
    shown: Arc<Mutex<Vec<Shown>>>,
    choose: bool,
}

#[zbus::interface(name = "org.freedesktop.Notifications")]
impl Fake {
    #[allow(clippy::too_many_arguments)]
    async fn notify(
        &self,
        app_name: String,
        _replaces_id: u32,
        _app_icon: String,
        summary: String,
        body: String,
        actions: Vec<String>,
        _hints: HashMap<String, OwnedValue>,
        _expire_timeout: i32,
        #[zbus(signal_emitter)] emitter: SignalEmitter<'_>,
    ) -> u32 {
        self.shown.lock().unwrap().push(Shown { app: app_name, summary, body, actions });
        let id = 41;
        let sent = if self.choose {
            Self::action_invoked(&emitter, id, "default").await
        } else {
            Self::notification_closed(&emitter, id, 2).await
        };
        sent.unwrap();
        id
    }

    #[zbus(signal)]
    async fn action_invoked(emitter: &SignalEmitter<'_>, id: u32, action_key: &str) -> zbus::Result<()>;

    #[zbus(signal)]
    async fn notification_closed(emitter: &SignalEmitter<'_>, id: u32, reason: u32) -> zbus::Result<()>;
}

/// A private session bus; killed when dropped.
struct Bus {
    daemon: Child,
    address: String,
}

impl Bus {
    fn start() -> Bus {
        let mut daemon = Command::new("dbus-daemon")
            .args(["--session", "--nofork", "--print-address"])
            .stdout(Stdio::piped())
            .spawn()
            .expect("dbus-daemon (Debian package dbus) is needed for this test; scripts/deps installs it");
        let mut address = String::new();
        BufReader::new(daemon.stdout.take().unwrap()).read_line(&mut address).unwrap();
        Bus { daemon, address: address.trim().to_string() }
    }
}

impl Drop for Bus {
    fn drop(&mut self) {
        let _ = self.daemon.kill();
        let _ = self.daemon.wait();
    }
}

fn serve(bus: &Bus, choose: bool) -> (zbus::Connection, Arc<Mutex<Vec<Shown>>>) {
    let shown = Arc::new(Mutex::new(Vec::new()));
    let fake = Fake { shown: shown.clone(), choose };
    let conn = async_io::block_on(async {
        zbus::connection::Builder::address(bus.address.as_str())?
            .name("org.freedesktop.Notifications")?
            .serve_at("/org/freedesktop/Notifications", fake)?
            .build()
            .await
    })
    .unwrap();
    (conn, shown)
}

fn remind(bus: &Bus, journal: &std::path::Path) -> std::process::Output {
    respite_command()
        .args(["remind", "--wait", "1", "--journal", journal.to_str().unwrap()])
        .env("DBUS_SESSION_BUS_ADDRESS", &bus.address)
        // No display: the session the reminder opens cannot show a window
        // here, and says so, which proves it was asked to open.
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .output()
        .unwrap()
}

#[test]
fn choosing_the_reminder_opens_todays_session() {
    let bus = Bus::start();
    let (_conn, shown) = serve(&bus, true);
    let dir = tempfile::tempdir().unwrap();
    let j = dir.path().join("j.sqlite");
    Journal::open(&j).unwrap().journal.set_course_step("builtin:start-here", 2).unwrap();

    let out = remind(&bus, &j);
    let err = String::from_utf8_lossy(&out.stderr);
    let shown = shown.lock().unwrap().clone();
    assert_eq!(shown.len(), 1, "{err}");
    assert_eq!(shown[0].app, "Respite");
    assert_eq!(shown[0].summary, "Time to practise: Release-only relaxation");
    assert!(
        shown[0].body.starts_with("Stage 3 of ") && shown[0].body.contains("Not yet practised today"),
        "{:?}",
        shown[0]
    );
    assert_eq!(shown[0].actions, ["default", "Open today's session"]);
    assert!(err.contains("respite: opening builtin:pmr-release-only"), "{err}");
    // The window was asked to open on that session and, with no display, could not.
    assert!(!out.status.success(), "{err}");
}

#[test]
fn a_closed_reminder_opens_nothing_and_a_done_day_shows_none() {
    let bus = Bus::start();
    let (_conn, shown) = serve(&bus, false);
    let dir = tempfile::tempdir().unwrap();
    let j = dir.path().join("j.sqlite");

    let out = remind(&bus, &j);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(err.contains("reminder shown (Closed)") && !err.contains("opening"), "{err}");
    assert_eq!(shown.lock().unwrap()[0].summary, "A few minutes for relaxation?");

    // Today's practice done (twice, as the first stage suggests): no reminder.
    let journal = Journal::open(&j).unwrap().journal;
    journal.set_course_step("builtin:start-here", 0).unwrap();
    for _ in 0..2 {
        let s = journal.start_session("builtin:pmr-7-groups", "Seven").unwrap();
        journal.progress(s, 900.0, true).unwrap();
    }
    let out = remind(&bus, &j);
    assert!(String::from_utf8_lossy(&out.stderr).contains("today's practice is done"));
    assert_eq!(shown.lock().unwrap().len(), 1, "nothing more was shown");
}

#[test]
fn without_a_notification_service_the_reminder_says_so() {
    let bus = Bus::start();
    let dir = tempfile::tempdir().unwrap();
    let out = remind(&bus, &dir.path().join("j.sqlite"));
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("cannot show the reminder: no desktop notifications here"), "{err}");
}
