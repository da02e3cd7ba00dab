//! Finding the PulseAudio cookie the way the server wrote it.
//!
//! A PulseAudio server refuses a client whose handshake carries no cookie
//! (it hangs up, and cpal reports "failed to fill whole buffer"). libpulse
//! looks for the cookie under `$XDG_CONFIG_HOME/pulse/cookie` when that is
//! set, but cpal's native client only looks under `$HOME`, so on a system
//! with its own `XDG_CONFIG_HOME` Respite would never reach the server and
//! fall back to the ALSA plugin whose streams die (issue 16). At start-up,
//! before any thread exists, Respite points `PULSE_COOKIE` at the cookie
//! libpulse would use whenever cpal's own search would miss it.

use std::path::{Path, PathBuf};

/// The cookie cpal's client should be pointed at, or `None` when its own
/// search (`PULSE_COOKIE`, `~/.config/pulse/cookie`, `~/.pulse-cookie`)
/// already finds one or there is none to find.
fn cookie_to_point_at(var: impl Fn(&str) -> Option<String>, exists: impl Fn(&Path) -> bool) -> Option<PathBuf> {
    if var("PULSE_COOKIE").is_some() {
        return None;
    }
    let home = var("HOME").map(PathBuf::from);
    let cpal_finds =
        home.as_ref().is_some_and(|h| exists(&h.join(".config/pulse/cookie")) || exists(&h.join(".pulse-cookie")));
    if cpal_finds {
        return None;
    }
    let config = var("XDG_CONFIG_HOME").filter(|dir| !dir.is_empty()).map(PathBuf::from)?;
    let cookie = config.join("pulse").join("cookie");
    exists(&cookie).then_some(cookie)
}

/// Sets `PULSE_COOKIE` when cpal's client would otherwise miss the cookie.
/// Call it first thing in `main`, while the process has one thread.
pub fn point_pulse_at_its_cookie() {
    let found = cookie_to_point_at(|name| std::env::var(name).ok(), Path::exists);
    if let Some(cookie) = found {
        // SAFETY: called at the top of `main`, before any other thread is
        // started, so nothing can read the environment concurrently.
        unsafe { std::env::set_var("PULSE_COOKIE", cookie) };
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn lookup(vars: &[(&str, &str)], files: &[&str]) -> Option<PathBuf> {
        let vars: HashMap<String, String> = vars.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        let files: Vec<PathBuf> = files.iter().map(PathBuf::from).collect();
        cookie_to_point_at(|name| vars.get(name).cloned(), |path| files.iter().any(|f| f == path))
    }

    #[test]
    fn points_at_the_xdg_cookie_when_home_has_none() {
        let found = lookup(&[("HOME", "/h"), ("XDG_CONFIG_HOME", "/c")], &["/c/pulse/cookie"]);
        assert_eq!(found, Some(PathBuf::from("/c/pulse/cookie")));
    }

    #[test]
    fn leaves_alone_what_cpal_finds_by_itself() {
        let xdg = [("HOME", "/h"), ("XDG_CONFIG_HOME", "/c")];
        assert_eq!(lookup(&xdg, &["/h/.config/pulse/cookie", "/c/pulse/cookie"]), None);
        assert_eq!(lookup(&xdg, &["/h/.pulse-cookie", "/c/pulse/cookie"]), None);
        let explicit = [("HOME", "/h"), ("XDG_CONFIG_HOME", "/c"), ("PULSE_COOKIE", "/x")];
        assert_eq!(lookup(&explicit, &["/c/pulse/cookie"]), None);
    }

    #[test]
    fn nothing_to_point_at_without_a_cookie() {
        assert_eq!(lookup(&[("HOME", "/h"), ("XDG_CONFIG_HOME", "/c")], &[]), None);
        assert_eq!(lookup(&[("HOME", "/h"), ("XDG_CONFIG_HOME", "")], &["/pulse/cookie"]), None);
        assert_eq!(lookup(&[("HOME", "/h")], &["/h/pulse/cookie"]), None);
    }
}
