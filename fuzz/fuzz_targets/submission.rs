//! Fuzz target `submission`: see `tradeproof_fuzz::submission`.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| tradeproof_fuzz::submission(data));
