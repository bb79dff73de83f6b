//! Fuzz target `grant`: see `tradeproof_fuzz::grant`.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| tradeproof_fuzz::grant(data));
