//! Fuzz target `aggregate`: see `tradeproof_fuzz::aggregate`. The verifying key and the seeded
//! aggregation SRS are made once, before the first input.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(
    init: {
        tradeproof_fuzz::verifier();
        tradeproof_fuzz::aggregation_srs();
    },
    |data: &[u8]| tradeproof_fuzz::aggregate(data)
);
