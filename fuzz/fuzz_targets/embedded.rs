//! Fuzz target `embedded`: see `tradeproof_fuzz::embedded`.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| tradeproof_fuzz::embedded(data));
