//! Load, validate and compile every built-in session.

use criterion::{Criterion, criterion_group, criterion_main};
use respite::script::builtin;
use respite::timeline::{CompileOptions, compile, load_str};

fn builtins(c: &mut Criterion) {
    let mut group = c.benchmark_group("builtin");
    for b in builtin::ALL {
        let name = format!("builtin:{}", b.name);
        group.bench_function(format!("{}/load+validate", b.name), |bench| {
            bench.iter(|| load_str(&name, std::hint::black_box(b.text), None).expect("built-ins load"))
        });
        let script = load_str(&name, b.text, None).expect("built-ins load").script;
        group.bench_function(format!("{}/compile", b.name), |bench| {
            bench.iter(|| compile(std::hint::black_box(&script), &CompileOptions::default()))
        });
    }
    group.bench_function("all/load+validate+compile", |bench| {
        bench.iter(|| {
            for b in builtin::ALL {
                let loaded = load_str(b.name, b.text, None).expect("built-ins load");
                std::hint::black_box(compile(&loaded.script, &CompileOptions::default()));
            }
        })
    });
    group.finish();
}

criterion_group!(benches, builtins);
criterion_main!(benches);
