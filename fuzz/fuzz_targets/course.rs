//! libFuzzer entry for the `course` target (see ../targets.rs and scripts/fuzz).
#![no_main]

#[path = "../targets.rs"]
#[allow(dead_code)]
mod targets;

use std::sync::LazyLock;

static DIR: LazyLock<tempfile::TempDir> = LazyLock::new(|| tempfile::tempdir().expect("a temporary folder"));

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    targets::course(data, DIR.path());
});
