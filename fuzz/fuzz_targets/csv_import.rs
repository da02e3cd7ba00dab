//! libFuzzer entry for the `csv_import` target (see ../targets.rs and scripts/fuzz).
#![no_main]

#[path = "../targets.rs"]
#[allow(dead_code)]
mod targets;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    targets::csv_import(data);
});
