//! A desktop notification over the session D-Bus
//! (org.freedesktop.Notifications), with one action, and waiting to hear
//! whether it was clicked. Pure Rust (zbus); nothing leaves the computer.

use std::collections::HashMap;
use std::time::Duration;

use futures_lite::StreamExt;
use zbus::zvariant::Value;

const SERVICE: &str = "org.freedesktop.Notifications";
const PATH: &str = "/org/freedesktop/Notifications";

/// What to show.
#[derive(Debug, Clone, PartialEq)]
pub struct Notice {
    pub summary: String,
    pub body: String,
    /// The label of the action that opens today's session.
    pub action: String,
}

/// What became of a notice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The person chose the action.
    Chosen,
    /// It was dismissed or expired.
    Closed,
    /// Nothing was heard within the wait.
    NoAnswer,
}

/// Shows `notice` and waits up to `wait` for it to be chosen or closed.
pub fn show(notice: &Notice, wait: Duration) -> Result<Outcome, String> {
    async_io::block_on(futures_lite::future::or(run(notice), async {
        async_io::Timer::after(wait).await;
        Ok(Outcome::NoAnswer)
    }))
    .map_err(|e: zbus::Error| format!("no desktop notifications here ({e})"))
}

async fn run(notice: &Notice) -> zbus::Result<Outcome> {
    let conn = zbus::Connection::session().await?;
    // Listen before showing, so a quick click is not missed.
    let rule = zbus::MatchRule::builder().msg_type(zbus::message::Type::Signal).interface(SERVICE)?.path(PATH)?.build();
    let mut signals = zbus::MessageStream::for_match_rule(rule, &conn, Some(32)).await?;
    let actions = vec!["default", notice.action.as_str()];
    let hints: HashMap<&str, Value<'_>> = HashMap::from([("desktop-entry", Value::from("respite"))]);
    let reply = conn
        .call_method(
            Some(SERVICE),
            PATH,
            Some(SERVICE),
            "Notify",
            &("Respite", 0u32, "", notice.summary.as_str(), notice.body.as_str(), actions, hints, -1i32),
        )
        .await?;
    let id: u32 = reply.body().deserialize()?;
    while let Some(message) = signals.next().await {
        let message = message?;
        let header = message.header();
        match header.member().map(|m| m.as_str()) {
            Some("ActionInvoked") => {
                let (on, _key): (u32, String) = message.body().deserialize()?;
                if on == id {
                    return Ok(Outcome::Chosen);
                }
            }
            Some("NotificationClosed") => {
                let (on, _reason): (u32, u32) = message.body().deserialize()?;
                if on == id {
                    return Ok(Outcome::Closed);
                }
            }
            _ => {}
        }
    }
    Ok(Outcome::Closed)
}
