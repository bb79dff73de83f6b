//! Fuzz target `json`: see `tradeproof_fuzz::json`.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| tradeproof_fuzz::json(data));
