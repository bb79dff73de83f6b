//! Fuzz target `signed_batch`: see `tradeproof_fuzz::signed_batch`.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| tradeproof_fuzz::signed_batch(data));
