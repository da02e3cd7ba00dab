//! The transport on the manual clock (no sound): play, pause, step
//! navigation, tempo and reload keep the place; and asking for a device
//! where there is none gives a silent session with a notice, not a crash.

use respite::audio::Bus;
use respite::player::{ManualTime, Output, Player, SoundStatus};
use respite::timeline::{CompileOptions, Micros};

use crate::support::builtin_script;

fn player(name: &str) -> (Player, ManualTime) {
    let script = builtin_script(name);
    let time = ManualTime::new();
    (Player::new(script, CompileOptions::default(), Output::Manual(time.clone())), time)
}

#[test]
fn manual_clock_drives_the_playhead() {
    let (mut p, time) = player("resonance-breathing");
    assert_eq!(p.sound_status(), &SoundStatus::Off);
    time.advance(Micros::SECOND);
    assert_eq!(p.position(), Micros::ZERO, "paused until played");
    p.play();
    time.advance(Micros(5_000_000));
    assert_eq!(p.position(), Micros(5_000_000));
    p.pause();
    time.advance(Micros(5_000_000));
    assert_eq!(p.position(), Micros(5_000_000));
    p.toggle();
    assert!(p.is_playing());
}

#[test]
fn next_and_previous_step_follow_the_timeline() {
    let (mut p, time) = player("resonance-breathing");
    let steps: Vec<Micros> = p.timeline().steps.iter().filter(|s| s.end > s.start).map(|s| s.start).collect();
    p.next_step();
    assert_eq!(p.position(), steps[1]);
    p.next_step();
    assert_eq!(p.position(), steps[2]);
    // Within 2 s of a step's start, "previous" goes to the step before.
    p.previous_step();
    assert_eq!(p.position(), steps[1]);
    // Later in a step, it goes back to the step's own start.
    p.play();
    time.advance(Micros(5_000_000));
    p.previous_step();
    assert_eq!(p.position(), steps[1]);
    p.restart();
    assert_eq!(p.position(), Micros::ZERO);
    assert!(p.is_playing());
}

#[test]
fn playing_at_the_end_starts_again() {
    let (mut p, time) = player("resonance-breathing");
    let end = p.timeline().duration;
    p.seek(end + Micros::SECOND);
    assert_eq!(p.position(), end);
    assert!(p.now().finished);
    p.play();
    time.advance(Micros::SECOND);
    assert_eq!(p.position(), Micros::SECOND);
}

#[test]
fn tempo_and_reload_keep_the_place() {
    let (mut p, _) = player("resonance-breathing");
    let seg = p.timeline().segments.iter().position(|s| s.kind.is_breath()).expect("breaths") + 3;
    let s = &p.timeline().segments[seg];
    p.seek(s.start + Micros(s.duration().0 / 2));
    p.set_tempo(0.5);
    assert_eq!(p.tempo(), 0.5);
    assert_eq!(p.now().segment, Some(seg));
    p.set_tempo(9.0);
    assert_eq!(p.tempo(), 2.0, "clamped to the tempo range");
    assert_eq!(p.now().segment, Some(seg));
    let script = p.script().clone();
    p.set_script(script);
    assert_eq!(p.now().segment, Some(seg));
}

#[test]
fn volumes_clamp_and_mute() {
    let (mut p, _) = player("pmr-7-groups");
    p.set_volume(Bus::Ambient, 4.0);
    assert_eq!(p.volume(Bus::Ambient), 1.0);
    p.set_muted(true);
    assert!(p.is_muted());
}

#[test]
fn no_device_means_a_silent_session_with_a_notice() {
    let script = builtin_script("box-breathing");
    let mut p = Player::new(script, CompileOptions::default(), Output::Device);
    match p.sound_status() {
        SoundStatus::Sound => {} // a machine with sound
        SoundStatus::NoSound(_) => {
            assert!(p.sound_status().notice().expect("a notice").starts_with("Playing without sound"));
            p.retry_audio();
        }
        SoundStatus::Off => panic!("sound was asked for"),
        SoundStatus::Reconnecting(_) => panic!("nothing was lost yet"),
    }
    p.play();
    assert!(p.is_playing());
    let _ = p.update();
}
