//! Fuzz target `verifying_key`: see `tradeproof_fuzz::verifying_key`.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| tradeproof_fuzz::verifying_key(data));
