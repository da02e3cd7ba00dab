//! The live path with no device: a `Player` over a `LiveSource` that the
//! test pulls from as a sound card would, with a manual clock. The playhead
//! follows the frames handed out, and pause, resume and seek neither lose
//! nor repeat a frame.

use crate::support::builtin_script;
use respite::audio::live::LiveSource;
use respite::audio::{ClipCache, RenderOptions, Renderer, Volumes};
use respite::player::{AnyTime, ManualTime, Player, SoundStatus, player_with_source};
use respite::timeline::{CompileOptions, Micros};

const RATE: u32 = 8_000;
/// A 10 ms transport fade at 8 kHz.
const FADE: u64 = 80;

fn setup() -> (Player, LiveSource<AnyTime>, Vec<f32>) {
    let script = builtin_script("resonance-breathing");
    let (player, source) = player_with_source(script, CompileOptions::default(), RATE, ManualTime::new());
    let t = player.timeline().clone();
    let options = RenderOptions { sample_rate: RATE, ..RenderOptions::default() };
    let mut r = Renderer::new(&t, None, &options, Volumes::from_settings(&t.sound), &mut ClipCache::new());
    let mut reference = vec![0.0; r.frames() as usize * 2];
    r.render(0, &mut reference);
    (player, source, reference)
}

/// Pulls `n` frames as a device would; returns (timeline frame, sample
/// pair) for each frame that moved the clock.
fn pull(source: &mut LiveSource<AnyTime>, n: usize) -> Vec<(u64, [f32; 2])> {
    let mut moved = Vec::new();
    for _ in 0..n {
        let before = source.frame();
        let l = source.next().expect("a live source never ends");
        let r = source.next().expect("a live source never ends");
        if source.frame() != before {
            // One frame handed out (after a jump, the target's).
            moved.push((source.frame() - 1, [l, r]));
        }
    }
    moved
}

fn position_frame(player: &Player) -> u64 {
    player.position().to_frame(RATE)
}

#[test]
fn paused_source_is_silent_and_still() {
    let (player, mut source, _) = setup();
    assert!(pull(&mut source, 1000).is_empty());
    assert_eq!(source.frame(), 0);
    assert_eq!(player.position(), Micros::ZERO);
    assert!(!player.is_playing());
}

#[test]
fn playhead_follows_the_frames_handed_out() {
    let (mut player, mut source, _) = setup();
    player.play();
    for n in [1usize, 63, 64, 65, 1000, 4321] {
        pull(&mut source, n);
        assert_eq!(position_frame(&player), source.frame(), "after pulling {n} more");
    }
}

#[test]
fn pause_and_resume_lose_and_repeat_no_frame() {
    let (mut player, mut source, reference) = setup();
    player.play();
    let mut moved = pull(&mut source, 5000);
    player.pause();
    moved.extend(pull(&mut source, 2000));
    let paused_at = source.frame();
    // Commands take effect at the next 64-frame sub-block; the fade-out
    // then plays on for 10 ms, and the clock stops.
    let fade_start = paused_at - FADE;
    assert!((5000..5064).contains(&fade_start), "pause took effect at {fade_start}");
    assert_eq!(position_frame(&player), paused_at);
    player.play();
    let resumed = pull(&mut source, 5000);
    assert_eq!(resumed.first().map(|m| m.0), Some(paused_at), "resumes where it paused");
    assert!(resumed.len() > 5000 - 64, "within a sub-block");
    moved.extend(resumed);

    for (i, (frame, _)) in moved.iter().enumerate() {
        assert_eq!(*frame, i as u64, "frames are contiguous");
    }
    // Away from the fades, every sample is the offline render's.
    assert_eq!(moved.len() as u64, source.frame());
    let fades = [0..FADE, fade_start..paused_at, paused_at..paused_at + FADE];
    for (frame, [l, r]) in &moved {
        let f = *frame as usize;
        if fades.iter().any(|range| range.contains(frame)) {
            assert!(l.abs() <= reference[f * 2].abs() + 1e-7, "fades only make it quieter");
        } else {
            assert_eq!([*l, *r], [reference[f * 2], reference[f * 2 + 1]], "frame {frame}");
        }
    }
}

#[test]
fn seek_lands_on_the_exact_frame() {
    let (mut player, mut source, reference) = setup();
    player.play();
    pull(&mut source, 3000);
    let target = Micros::from_secs(200);
    player.seek(target);
    assert_eq!(player.position(), target, "the playhead jumps at once");
    let moved = pull(&mut source, 4000);
    let start = target.to_frame(RATE);
    // Before the jump, contiguous frames fading out; then the target on.
    let jump = moved.iter().position(|(f, _)| *f == start).expect("reaches the target");
    assert!(moved[..jump].windows(2).all(|w| w[1].0 == w[0].0 + 1));
    assert!(jump as u64 <= FADE + 64, "the jump comes within a sub-block and a fade");
    let after = &moved[jump..];
    assert_eq!(after.first().map(|m| m.0), Some(start));
    for (i, (frame, [l, _])) in after.iter().enumerate() {
        assert_eq!(*frame, start + i as u64);
        if i as u64 >= FADE {
            assert_eq!(*l, reference[*frame as usize * 2]);
        }
    }
    assert_eq!(position_frame(&player), source.frame());
}

#[test]
fn the_session_ends_and_stays_ended() {
    let (mut player, mut source, _) = setup();
    let end = player.timeline().duration;
    player.seek(end.saturating_sub(Micros::SECOND));
    player.play();
    pull(&mut source, 3 * RATE as usize);
    assert_eq!(player.position(), end);
    let now = player.update().now;
    assert!(now.finished);
    assert!(!player.is_playing());
}

#[test]
fn tempo_change_keeps_the_place_and_the_frames_follow() {
    let (mut player, mut source, _) = setup();
    player.play();
    pull(&mut source, 1000);
    let step = player.now().step;
    player.set_tempo(1.5);
    assert_eq!(player.tempo(), 1.5);
    pull(&mut source, 2000);
    assert_eq!(player.now().step, step);
    assert_eq!(position_frame(&player), source.frame());
}

#[test]
fn a_stalled_device_falls_back_to_the_wall_clock_and_keeps_going() {
    let script = builtin_script("resonance-breathing");
    let time = ManualTime::new();
    let (mut player, mut source) = player_with_source(script, CompileOptions::default(), RATE, time.clone());
    player.play();
    pull(&mut source, 8000);
    assert_eq!(player.sound_status(), &SoundStatus::Sound);
    let at = player.position();
    // The device stops asking for audio; a second and a half goes by.
    time.advance(Micros(1_500_000));
    let update = player.update();
    assert!(update.lost_sound);
    let now = update.now;
    assert!(matches!(player.sound_status(), SoundStatus::NoSound(_)), "{:?}", player.sound_status());
    assert!(player.sound_status().notice().expect("a notice").contains("without sound"));
    assert_eq!(now.position, at, "takes over from where the sound stopped");
    assert!(player.is_playing());
    time.advance(Micros::SECOND);
    assert_eq!(player.position(), at + Micros::SECOND);
}

#[test]
fn frames_pass_through_rodios_mixer_unchanged() {
    use std::num::NonZero;
    let (mut player, source, reference) = setup();
    let (mixer, mut device) = rodio::mixer::mixer(NonZero::new(2).expect("2"), NonZero::new(RATE).expect("rate"));
    mixer.add(source);
    player.play();
    // Pull as the device callback would: interleaved stereo samples.
    let pulled: Vec<f32> = (&mut device).take(2 * 8000).collect();
    // Rodio starts a newly added source on its next sample; after the fade
    // in, every sample is the offline render's.
    let start = pulled.iter().position(|&x| x != 0.0).expect("sound") / 2;
    let got = &pulled[(start + FADE as usize) * 2..];
    let want = &reference[(FADE as usize + 1) * 2..(FADE as usize + 1) * 2 + got.len()];
    assert_eq!(got.len(), want.len());
    assert!(got == want, "samples changed on the way through rodio");
    assert_eq!(position_frame(&player), 8000 - start as u64 + 1);
}
