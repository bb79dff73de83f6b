//! The verifier tradeproof's ledgers embed: decode tradeproof statements, proofs and verifying keys
//! from bytes, and verify Groth16 proofs (BN254) alone or in batches, with the invalid items found.
//!
//! # Why a separate crate
//! A ledger's runtime (a WebAssembly contract, a `no_std` runtime) needs the verifier without the
//! prover: the `tradeproof` crate carries the claim circuits, arkworks' constraint system and rayon,
//! and computes a key's circuit id by synthesizing the circuit (seconds for the large claims). This
//! crate has none of that — `ark-ff`, `ark-ec`, `ark-bn254`, `ark-serialize` and `blake3`, all without
//! their standard-library features — so that `cargo tree -p tradeproof-verifier` is the whole trust
//! base of an embedded verifier. A separate crate rather than a feature of `tradeproof` because the
//! boundary is then enforced by the compiler: nothing here *can* reach the prover, whatever features a
//! workspace unifies. The circuit ids of the fixed claim kinds are pinned as constants ([`kinds`]) and
//! checked against the synthesized circuits by the prover crate's tests, so a key of a fixed kind
//! loads in about a quarter of a millisecond (every point checked, no synthesis; BENCHMARKS.md).
//!
//! So the builds are crates rather than features: the prover build is `tradeproof`, which always
//! has `std` (OS entropy, rayon threads). The verifier-only build is this crate, which takes its
//! entropy from the caller and runs on one thread.
//!
//! # What it offers
//! - [`Proof`], [`Statement`], [`VerifyingKey`] decoders for the canonical binary forms ([`decode`]),
//!   compressed or uncompressed by tag (an uncompressed key needs no square roots: the form for keys
//!   with many IC points),
//!   with every check of the prover crate's decoders (a key also refused for an unsafe relation
//!   between its points, [`points::unsafe_relation`]); fingerprints equal to the prover crate's.
//! - [`Verifier`]: single verification, batch verification with caller-supplied entropy (none, a block
//!   hash, a VRF output — [`verify`] says what each gives), culprit finding, from decoded items or
//!   from bytes. One thread; `Send + Sync`; no global state.
//!
//! The native `tradeproof::Verifier` is the fast path for servers (threads, the AVX-512 IFMA Miller
//! loop, an adaptive culprit search); both reach the same verdicts on the same bytes.
//!
//! # `no_std`
//! The crate is `#![no_std]` with `alloc`; the default `std` feature only adds
//! `std::error::Error` for [`Error`]. It builds for `wasm32-unknown-unknown` and for the bare-metal
//! `x86_64-unknown-none` (CI builds both).
//!
//! ```
//! use tradeproof_verifier::{Statement, Verifier};
//! // Bytes from nowhere are refused with a typed error, never a panic.
//! assert!(Statement::from_bytes(b"S\x01 not a statement").is_err());
//! let verifier = Verifier::new(Vec::new()).unwrap();
//! let report = verifier.verify_batch_bytes(&[(&b"x"[..], &b"y"[..])], None, b"block hash");
//! assert_eq!((report.total, report.valid), (1, 0));
//! ```
#![no_std]
#![forbid(unsafe_code)]
#![warn(missing_docs)]

extern crate alloc;
#[cfg(feature = "std")]
extern crate std;

pub mod decode;
mod error;
pub mod kinds;
pub mod points;
pub mod transcript;
pub mod verify;

pub use decode::{Proof, Statement, VerifyingKey};
pub use error::Error;
pub use kinds::Kind;
pub use verify::{Rejection, Report, Verifier};
