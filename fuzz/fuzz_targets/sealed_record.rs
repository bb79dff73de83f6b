//! Fuzz target `sealed_record`: see `tradeproof_fuzz::sealed_record`.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| tradeproof_fuzz::sealed_record(data));
