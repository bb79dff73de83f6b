//! Fuzz target `statement`: see `tradeproof_fuzz::statement`.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| tradeproof_fuzz::statement(data));
