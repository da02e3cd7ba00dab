//! The suite's short fuzz run and the regression replay. Every input that
//! ever found a bug (tests/fuzz/regressions/TARGET/) is replayed, then each
//! target gets a seeded mutation run from the built-in sessions and the bad
//! corpus: no panic, no input over the time limit, no input allocating more
//! than the memory limit. The long run is scripts/fuzz (this harness with
//! RESPITE_FUZZ_INPUTS=1000000; RESPITE_FUZZ_SEED picks another sequence).

#[path = "../fuzz/targets.rs"]
mod targets;

use std::alloc::{GlobalAlloc, Layout, System};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Counts live heap bytes and the peak since the last reset, so one
/// input's memory use can be bounded.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let live = LIVE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
        PEAK.fetch_max(live, Ordering::Relaxed);
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if new_size > layout.size() {
            let live = LIVE.fetch_add(new_size - layout.size(), Ordering::Relaxed) + new_size - layout.size();
            PEAK.fetch_max(live, Ordering::Relaxed);
        } else {
            LIVE.fetch_sub(layout.size() - new_size, Ordering::Relaxed);
        }
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOC: Counting = Counting;

/// One input may take this long (the slowest seen is under 50 ms in a
/// debug build; this only catches hangs).
const TIME_LIMIT: Duration = Duration::from_secs(10);
/// And allocate this much more than was live before it.
const MEMORY_LIMIT: usize = 256 << 20;

/// Runs one input; says whether it was accepted (loaded, read).
type Target = fn(&[u8], &Path) -> bool;

/// The targets run one at a time, so the allocation counters belong to
/// the input being run.
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

fn inputs_per_target() -> usize {
    std::env::var("RESPITE_FUZZ_INPUTS").ok().and_then(|n| n.parse().ok()).unwrap_or(4_000)
}

#[test]
fn script_files() {
    run("script", targets::script, &seeds(&["assets/sessions", "tests/bad"]), 5);
}

#[test]
fn generated_scripts() {
    run("script_structured", targets::script_structured, &seeds(&["assets/sessions", "tests/bad"]), 20);
}

#[test]
fn settings_files() {
    let mut seeds = seeds(&[]);
    seeds.push(b"theme = \"dark\"\nreduced_motion = true\ntext_size = \"larger\"\nlatency_offset_ms = -40\nrecent = [\"builtin:box\"]\n[volumes]\nvoice = 0.5\ncues = 1.0\nambient = 0.0\n".to_vec());
    seeds.push(b"latency_offset_ms = 9000\n[volumes]\nvoice = nan\n".to_vec());
    run("settings", targets::settings, &seeds, 5);
}

#[test]
fn csv_export() {
    run(
        "csv_export",
        |data, _| {
            targets::csv_export(data);
            true
        },
        &[b"\x03\x01\x02\x05ab,c\"d\ne".to_vec()],
        100,
    );
}

#[test]
fn course_files() {
    let mut seeds = seeds(&["assets/courses"]);
    seeds.push(b"format = 1\ntitle = \"T\"\nsummary = \"S\"\n[[stage]]\ntitle = \"One\"\nabout = \"A\"\nsession = \"builtin:box-breathing\"\n[stage.move_on]\ndays = 2\nscale = \"tension\"\nat_most = 3\nsessions = 2\n".to_vec());
    run("course", targets::course, &seeds, 5);
}

#[test]
fn csv_imports() {
    run("csv_import", |data, _| targets::csv_import(data), &[csv_seed()], 2);
}

/// An export of a small journal with ratings, notes and quotes, as the
/// import's seed.
fn csv_seed() -> Vec<u8> {
    let journal = respite::journal::Journal::in_memory().unwrap();
    for (title, note) in [("Box breathing", "calm, \"mostly\""), ("Body scan", "slept,\nwoke later"), ("PMR", "")] {
        let id = journal.start_session("builtin:box", title).unwrap();
        journal.rate(id, 0, respite::script::RateScale::ALL[0], 6).unwrap();
        journal.rate(id, 5, respite::script::RateScale::ALL[0], 3).unwrap();
        journal.progress(id, 312.5, true).unwrap();
        journal.set_note(id, note).unwrap();
    }
    respite::journal::export_csv(&journal.entries().unwrap()).into_bytes()
}

/// Files under each folder (relative to the crate).
fn seeds(folders: &[&str]) -> Vec<Vec<u8>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut out = Vec::new();
    for folder in folders {
        let mut paths: Vec<PathBuf> =
            std::fs::read_dir(root.join(folder)).unwrap().map(|e| e.unwrap().path()).collect();
        paths.sort();
        out.extend(paths.iter().map(|p| std::fs::read(p).unwrap()));
    }
    out
}

/// Replays the target's regression corpus, then mutates its seeds (and
/// that corpus) for `inputs_per_target()` inputs. Fails listing every input
/// that panicked or went over a limit, each saved under target/fuzz-found/.
/// At least `min_accepted` percent of the inputs must be accepted, so a
/// mutator or generator that only ever makes garbage fails too.
fn run(name: &str, target: Target, seeds: &[Vec<u8>], min_accepted: usize) {
    let _turn = ONE_AT_A_TIME.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let regressions = root.join("tests/fuzz/regressions").join(name);
    let mut corpus: Vec<Vec<u8>> = seeds.to_vec();
    if let Ok(dir) = std::fs::read_dir(&regressions) {
        corpus.extend(dir.map(|e| std::fs::read(e.unwrap().path()).unwrap()));
    }
    if corpus.is_empty() {
        corpus.push(Vec::new());
    }
    // In memory when there is /dev/shm: the settings target saves (and
    // syncs) a file per input.
    let dir = tempfile::tempdir_in("/dev/shm").or_else(|_| tempfile::tempdir()).unwrap();
    let watchdog = Watchdog::start(name);
    let seed: u64 = std::env::var("RESPITE_FUZZ_SEED").ok().and_then(|n| n.parse().ok()).unwrap_or(0);
    let mut rng =
        Rng((0x9e37_79b9_7f4a_7c15 ^ name.len() as u64).wrapping_add(seed.wrapping_mul(0x2545_f491_4f6c_dd1d)));
    let mut failures = Vec::new();
    let total = corpus.len() + inputs_per_target();
    let mut slowest = Duration::ZERO;
    let (mut heaviest, mut accepted) = (0, 0);
    for i in 0..total {
        let input = match corpus.get(i) {
            Some(seed) => seed.clone(),
            None => mutate(&mut rng, &corpus),
        };
        let before = LIVE.load(Ordering::Relaxed);
        PEAK.store(before, Ordering::Relaxed);
        let started = Instant::now();
        watchdog.arm(&input);
        let outcome = std::panic::catch_unwind(|| target(&input, dir.path()));
        watchdog.disarm();
        let took = started.elapsed();
        let used = PEAK.load(Ordering::Relaxed).saturating_sub(before);
        slowest = slowest.max(took);
        heaviest = heaviest.max(used);
        accepted += usize::from(outcome.as_ref().is_ok_and(|ok| *ok));
        let problem = match outcome {
            Err(_) => Some("panicked"),
            Ok(_) if took > TIME_LIMIT => Some("went over the time limit"),
            Ok(_) if used > MEMORY_LIMIT => Some("went over the memory limit"),
            Ok(_) => None,
        };
        if let Some(problem) = problem {
            failures.push(format!("{problem}: {}", save_found(name, &input).display()));
        }
        if (i + 1) % 100_000 == 0 {
            eprintln!("fuzz {name}: {} inputs, {} failures so far", i + 1, failures.len());
        }
    }
    eprintln!(
        "fuzz {name}: {total} inputs, {accepted} accepted, slowest {:.1} ms, most memory {} KiB",
        slowest.as_secs_f64() * 1e3,
        heaviest / 1024
    );
    assert!(failures.is_empty(), "{} input(s) found a bug:\n{}", failures.len(), failures.join("\n"));
    assert!(accepted * 100 >= total * min_accepted, "only {accepted} of {total} inputs were accepted");
}

fn save_found(name: &str, input: &[u8]) -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/fuzz-found").join(name);
    std::fs::create_dir_all(&dir).unwrap();
    let hash = input.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, b| (h ^ u64::from(*b)).wrapping_mul(0x100_0000_01b3));
    let path = dir.join(format!("{hash:016x}"));
    std::fs::write(&path, input).unwrap();
    path
}

/// The input being run and when it started, if one is.
type Running = Arc<Mutex<Option<(Instant, Vec<u8>)>>>;

/// Aborts the test binary (after saving the input) when one input runs
/// far past the time limit, which a caught panic could not report.
struct Watchdog {
    current: Running,
    stop: Arc<AtomicBool>,
}

impl Watchdog {
    fn start(name: &str) -> Watchdog {
        let current: Running = Arc::default();
        let stop = Arc::new(AtomicBool::new(false));
        let (c, s, name) = (current.clone(), stop.clone(), name.to_string());
        std::thread::spawn(move || {
            while !s.load(Ordering::Relaxed) {
                std::thread::sleep(Duration::from_millis(200));
                if let Some((started, input)) = &*c.lock().unwrap()
                    && started.elapsed() > TIME_LIMIT * 3
                {
                    eprintln!("fuzz {name}: an input hangs; saved as {}", save_found(&name, input).display());
                    std::process::abort();
                }
            }
        });
        Watchdog { current, stop }
    }

    fn arm(&self, input: &[u8]) {
        *self.current.lock().unwrap() = Some((Instant::now(), input.to_vec()));
    }

    fn disarm(&self) {
        *self.current.lock().unwrap() = None;
    }
}

impl Drop for Watchdog {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

/// xorshift64*: fast, seeded, so a run is repeatable.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Words that matter to the script and settings formats, for insertion.
const DICTIONARY: &[&str] = &[
    "[[step]]\n",
    "[sound]\n",
    "kind = ",
    "\"breathe\"",
    "\"pmr\"",
    "\"rate\"",
    "\"say\"",
    "\"pause\"",
    "inhale = ",
    "exhale = ",
    "hold_in = ",
    "top_up = ",
    "cycles = ",
    "minutes = ",
    "seconds = ",
    "groups = ",
    "skip = ",
    "repeat = ",
    "tense = ",
    "release = ",
    "to = { inhale = 6, exhale = 8 }",
    "voice = ",
    "\"../x.wav\"",
    "ambient = ",
    "nan",
    "inf",
    "-inf",
    "-0",
    "0",
    "1e308",
    "9223372036854775807",
    "-9223372036854775808",
    "0.0000001",
    "[]",
    "{}",
    "\"\"",
    "\"\"\"",
    "'''",
    "\n",
    "=",
    ",",
    "#",
    "\\u0000",
    "é",
    "\u{202e}",
    "latency_offset_ms = ",
    "[volumes]\n",
    "recent = ",
    "theme = ",
    "\"high-contrast\"",
];

fn mutate(rng: &mut Rng, corpus: &[Vec<u8>]) -> Vec<u8> {
    let mut data = corpus[rng.below(corpus.len())].clone();
    for _ in 0..1 + rng.below(4) {
        let at = rng.below(data.len() + 1);
        match rng.below(8) {
            0 if !data.is_empty() => {
                let i = rng.below(data.len());
                data[i] ^= 1 << rng.below(8);
            }
            1 if !data.is_empty() => {
                let i = rng.below(data.len());
                data[i] = [0, 0x7f, 0xff, b'"', b'\n', b'[', b'9', b'.'][rng.below(8)];
            }
            2 if !data.is_empty() => {
                let len = rng.below(64.min(data.len() - at.min(data.len())) + 1);
                data.drain(at.min(data.len())..(at + len).min(data.len()));
            }
            3 | 4 => {
                let word = DICTIONARY[rng.below(DICTIONARY.len())];
                data.splice(at..at, word.bytes());
            }
            5 if !data.is_empty() => {
                let from = rng.below(data.len());
                let len = rng.below(128.min(data.len() - from) + 1);
                let chunk = data[from..from + len].to_vec();
                data.splice(at..at, chunk);
            }
            6 => {
                let other = &corpus[rng.below(corpus.len())];
                let from = rng.below(other.len() + 1);
                data.truncate(at);
                data.extend_from_slice(&other[from..]);
            }
            _ => {
                let digits = format!("{}", rng.next() as i64 >> rng.below(63));
                data.splice(at..at, digits.bytes());
            }
        }
    }
    data.truncate(256 * 1024);
    data
}
