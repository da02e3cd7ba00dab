//! Render speed of a 20-minute session with an ambient bed, as a multiple
//! of real time (target: at least 1000× on one core). Run with
//! `cargo bench --bench render`; `scripts/bench-render` adds references.

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use respite::audio::{ClipCache, RenderOptions, Renderer, Volumes};
use respite::script::{Ambient, Bed};
use respite::timeline::{CompileOptions, Micros, Timeline, compile, load_any};

const RATE: u32 = 48_000;

/// Resonance breathing (glide cues) stretched to `minutes`, over `bed`.
fn session(bed: Option<Bed>, minutes: u64) -> Timeline {
    let script = load_any("builtin:resonance-breathing").expect("built-in loads").script;
    let options = CompileOptions { target_length: Some(Micros::from_secs(minutes * 60)), ..CompileOptions::default() };
    let mut t = compile(&script, &options);
    t.sound.ambient = bed.map_or(Ambient::None, Ambient::Bed);
    t
}

/// Renders the whole timeline into a reused buffer, like `respite render`.
fn render_all(t: &Timeline) -> f32 {
    let options = RenderOptions { sample_rate: RATE, ..RenderOptions::default() };
    let mut r = Renderer::new(t, None, &options, Volumes::from_settings(&t.sound), &mut ClipCache::new());
    let mut buf = vec![0.0f32; 65_536 * 2];
    let mut at = 0;
    let mut sum = 0.0;
    while at < r.frames() {
        r.render(at, &mut buf);
        sum += buf[0];
        at += 65_536;
    }
    sum
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("render-20min");
    group.sample_size(10).measurement_time(Duration::from_secs(20));
    let beds = [
        ("brown-noise", Some(Bed::BrownNoise)),
        ("pink-noise", Some(Bed::PinkNoise)),
        ("ocean", Some(Bed::Ocean)),
        ("rain", Some(Bed::Rain)),
        ("cues-only", None),
    ];
    // Honour a name filter (`cargo bench --bench render -- ocean`) for the
    // one-pass figure too.
    let filter = std::env::args().skip(1).find(|a| !a.starts_with("--")).unwrap_or_default();
    // Under `cargo test` (no `--bench`), criterion runs each bench once to
    // see that it works: a short session is enough for that.
    let benching = std::env::args().any(|a| a == "--bench");
    let minutes = if benching { 20 } else { 1 };
    for (name, bed) in beds {
        if !format!("render-20min/{name}").contains(&filter) {
            continue;
        }
        let t = session(bed, minutes);
        let frames = t.duration.to_frame(RATE);
        group.throughput(Throughput::Elements(frames));
        if benching {
            // One timed pass first, to print the figure the target is about.
            let start = Instant::now();
            black_box(render_all(&t));
            let speed = t.duration.as_secs_f64() / start.elapsed().as_secs_f64();
            eprintln!("render-20min/{name}: {speed:.0}x real time (one pass)");
        }
        group.bench_function(name, |b| b.iter(|| black_box(render_all(&t))));
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
