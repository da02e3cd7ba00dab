//! Watching the open script file for the therapist's editing loop. A small
//! thread checks the file's modification time once a second and wakes the
//! UI only when it changed, so an idle app stays idle.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, SystemTime};

/// How often the file is looked at.
const POLL: Duration = Duration::from_secs(1);

pub struct Watcher {
    changed: Receiver<()>,
    stop: Arc<AtomicBool>,
}

fn modified(path: &Path) -> Option<SystemTime> {
    std::fs::metadata(path).and_then(|m| m.modified()).ok()
}

impl Watcher {
    /// Starts watching `path`; `wake` is called after each change.
    pub fn spawn(path: PathBuf, wake: impl Fn() + Send + 'static) -> Self {
        let (tx, changed) = channel();
        let stop = Arc::new(AtomicBool::new(false));
        let stopped = stop.clone();
        let mut last = modified(&path);
        let spawned = std::thread::Builder::new().name("respite-reload".into()).spawn(move || {
            while !stopped.load(Ordering::Relaxed) {
                std::thread::sleep(POLL);
                let now = modified(&path);
                if now != last && now.is_some() {
                    last = now;
                    if tx.send(()).is_err() {
                        break;
                    }
                    wake();
                }
            }
        });
        if spawned.is_err() {
            stop.store(true, Ordering::Relaxed);
        }
        Self { changed, stop }
    }

    /// Whether the file changed since the last call.
    pub fn take_change(&self) -> bool {
        self.changed.try_iter().count() > 0
    }
}

impl Drop for Watcher {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}
