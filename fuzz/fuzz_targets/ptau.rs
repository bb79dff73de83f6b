//! Fuzz target `ptau`: see `tradeproof_fuzz::ptau`.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| tradeproof_fuzz::ptau(data));
