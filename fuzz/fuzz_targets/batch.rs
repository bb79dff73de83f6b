//! Fuzz target `batch`: see `tradeproof_fuzz::batch`.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| tradeproof_fuzz::batch(data));
