//! Fuzz target `verify_batch`: see `tradeproof_fuzz::verify_batch`. The verifying key is generated
//! once, before the first input.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(
    init: {
        tradeproof_fuzz::verifier();
    },
    |data: &[u8]| tradeproof_fuzz::verify_batch(data)
);
