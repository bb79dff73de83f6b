//! Fuzz target `snarkjs`: see `tradeproof_fuzz::snarkjs`.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| tradeproof_fuzz::snarkjs(data));
