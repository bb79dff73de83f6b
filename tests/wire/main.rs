//! Robustness of the decoders of untrusted input: binary and JSON round trips for every object,
//! mutated encodings that are refused or decode to an object that fails verification (never a panic,
//! never an accepted invalid proof), arbitrary bytes and JSON that never panic, and the exact
//! [`DecodeError`] of every malformed field (points off the curve or outside the subgroup, the
//! identity, field elements above the modulus, huge lengths, trailing bytes, versions and tags).
//!
//! `cargo test --test wire -- --ignored write_fuzz_corpus` rewrites the seed corpora of the fuzz
//! targets under `fuzz/corpus/` (see `fuzz/README.md`).
//!
//! One test binary (the fixture is made once), one module per concern.
mod arbitrary;
mod corpus;
mod malformed;
mod mutation;
mod round_trip;
mod support;
