//! Fuzz target `proof`: see `tradeproof_fuzz::proof`.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| tradeproof_fuzz::proof(data));
