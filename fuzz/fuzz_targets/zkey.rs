//! Fuzz target `zkey`: see `tradeproof_fuzz::zkey`.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| tradeproof_fuzz::zkey(data));
