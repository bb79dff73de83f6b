//! # tradeproof
//!
//! Zero-knowledge proofs about **encrypted** trade documents, for ledgers that store each document sealed
//! by its owner: the owner proves claims (*the declared value lies in a band*, *the origin matches the
//! certificate of origin*, *the certificate was signed by a registered issuer, is in date and not
//! revoked*) and any ledger verifies them — in batches — without seeing the plaintext. Groth16 over
//! BN254 (arkworks), circomlib-compatible Poseidon and EdDSA, snarkjs- and Solidity-compatible proofs.
//!
//! # The path of a document
//! ```text
//!  document ──encode──▶ Record ──seal(key)──▶ SealedRecord ──digest──▶ ledger
//!  (document)            (14 field elements)   (record)        (one field element)
//!                                                                   │
//!  Claim + record keys + plaintexts ──▶ Witness ──▶ Prover ──▶ Proof │
//!  (claim)                              (claim)    (prover)   (statement)
//!                                                                   ▼
//!                   Statement = circuit id + context + public inputs ──▶ Verifier (batch) ──▶ BatchReport
//!                   (statement)                                          (verifier)
//! ```
//!
//! - [`document`]: typed customs declarations, commercial invoices, certificates of origin and bills of
//!   lading, validated and encoded into fixed-width [`document::Record`]s.
//! - [`record`]: record keys and [`SealedRecord`]s (Poseidon authenticated encryption) with their digest.
//! - [`claim`]: what can be proven ([`Claim`], public) and with what ([`Witness`], private).
//! - [`circuit`]: circuit ids and the shape cache.
//! - [`keys`]: per-circuit Groth16 setup, key files.
//! - [`encoding`]: field-element encodings, serde adapters and point checks (the leaf module).
//! - [`statement`]: [`Statement`], [`Context`] (replay domain) and [`Proof`].
//! - [`prover`]: the batched [`Prover`].
//! - [`verifier`]: the embeddable [`Verifier`] with batch verification.
//! - [`aggregate`]: SnarkPack aggregation — a block producer folds `n` proofs of one circuit into one
//!   [`aggregate::AggregateProof`] (27 KB for 8,192) that every other node checks with a few dozen
//!   pairings against the statements.
//! - [`wire`]: binary and JSON encodings, snarkjs export/import, Solidity verifier export.
//! - [`sensor`]: devices, their signed batches of readings, and the ledger's check that sensor claims
//!   cover a whole voyage.
//! - [`grant`]: the owner hands one sealed record to one party (its key wrapped to the party's public
//!   key), the path before any proof.
//! - [`financing`]: ledger policy for receivables financing — importers' acknowledgments of invoices
//!   and the financed-once register, on top of the aggregate-value claim.
//! - [`claims`]: one module per claim kind (from the `tradeproof-circuits` crate): its statement in
//!   words, its typed `Public` side, the positions of its public inputs and its circuit.
//! - [`layout`]: which slot of a record holds which field of each document type.
//!
//! # Quick start
//! ```
//! use tradeproof::prelude::*;
//!
//! # fn main() -> tradeproof::Result<()> {
//! // An exporter seals a customs declaration under a key derived from its master key.
//! let master = MasterKey::generate();
//! let declaration: Document = CustomsDeclaration {
//!     number: 2_026_000_123,
//!     exporter: PartyId::new(42)?,
//!     importer: PartyId::new(77)?,
//!     origin: Country::parse("KE")?,
//!     destination: Country::parse("DE")?,
//!     hs_code: HsCode::parse("060311")?,
//!     date: Date::parse("2026-11-30")?,
//!     declared_value: Amount::parse("48250.00", Currency::parse("EUR")?)?,
//!     certificate_issuer: PartyId::new(9)?,
//!     certificate_serial: 5501,
//!     gross_mass_grams: 1_250_000,
//!     customs_office: Identifier::new("KEMBA-EXP-01")?,
//!     procedure: 1000,
//! }
//! .into();
//! let key = master.record_key(b"declaration 2026-000123");
//! let sealed = SealedRecord::seal_document(&key, &declaration)?;
//! // The ledger stores `sealed` and indexes it by `sealed.digest()`.
//!
//! // Keys for the value-range claim (a deployment runs a ceremony instead; see `keys`).
//! let (pk, vk) = tradeproof::keys::setup(ClaimKind::ValueRange)?;
//! let prover = Prover::new([pk])?;
//!
//! // The exporter proves "the declared value is between 10,000 and 100,000 EUR".
//! let context = Context::new(7, 1); // ledger 7, statement nonce 1
//! let witness = Witness::value_range(
//!     sealed.opening(&key)?, &context, DocType::CustomsDeclaration,
//!     layout::AMOUNT, 1_000_000, 10_000_000,
//! )?;
//! let (statement, proof) = prover.prove(witness)?;
//!
//! // The ledger builds the statement it expects and verifies the proof.
//! let expected = Statement::new(vk.circuit_id(), &context, &Claim::ValueRange(tradeproof::claims::value_range::Public {
//!     record: sealed.digest(), doc_type: DocType::CustomsDeclaration,
//!     slot: layout::AMOUNT, min: 1_000_000, max: 10_000_000,
//! }))?;
//! assert_eq!(expected, statement);
//! let verifier = Verifier::new([vk]);
//! verifier.verify(&expected, &proof, &context)?;
//! # Ok(())
//! # }
//! ```
//!
//! # Cargo features
//! All default; `default-features = false` keeps the prover, the verifier and the binary and JSON
//! formats.
//! - `vector-miller`: the AVX-512 IFMA Miller loop of batch verification on x86-64, picked at run time
//!   when the CPU has IFMA. It is the crate's only `unsafe` code: without the feature the crate is
//!   `forbid(unsafe_code)` and every batch runs the scalar loop.
//! - `snarkjs`: snarkjs's JSON (`wire::snarkjs`) and the ceremony's files (`wire::r1cs`, `wire::ptau`,
//!   `wire::zkey`).
//! - `solidity`: the Solidity verifier contract and calldata (`wire::solidity`; adds `sha3`).
//!
//! A ledger that only verifies takes the separate `tradeproof-verifier` crate (`no_std` + `alloc`, no
//! prover in its dependency tree; its `std` feature adds OS entropy) rather than a feature of this one:
//! the boundary is then enforced by the compiler.
#![deny(missing_docs)]
// The AVX-512 IFMA Miller loop (feature `vector-miller`, default) is the crate's only unsafe code;
// without the feature the compiler guarantees there is none.
#![cfg_attr(feature = "vector-miller", deny(unsafe_code))]
#![cfg_attr(not(feature = "vector-miller"), forbid(unsafe_code))]

pub mod aggregate;
pub mod circuit;
pub mod claim;
mod context;
pub mod document;
pub mod encoding;
mod error;
pub mod financing;
pub mod grant;
pub mod keys;
pub mod notes;
pub mod prover;
pub mod record;
pub mod sensor;
pub mod statement;
#[cfg(test)]
mod testing;
mod transcript;
pub mod verifier;
pub mod wire;

use tradeproof_circuits::codes;

pub use tradeproof_circuits::{claims, layout};

pub use circuit::CircuitId;
pub use claim::{AllowList, Claim, ClaimKind, Witness};
pub use context::Context;
pub use error::{DecodeError, Error, FinancingRefusal, GrantRefusal, Result};
pub use keys::{ProvingKey, VerifyingKey};
pub use prover::{BatchOptions, Parallelism, Progress, Prover, Randomness};
pub use record::{MasterKey, RecordKey, SealedRecord};
pub use statement::{Proof, Statement};
pub use verifier::{BatchReport, ContextRule, MillerBackend, Rejected, Rejection, Verifier};

/// Certificate issuers: EdDSA-Poseidon keys and signatures, the registry and the revocation list.
pub mod issuer {
    pub use tradeproof_circuits::claims::certificate::{
        certificate_message, IssuerRegistry, RevocationList,
    };
    pub use tradeproof_circuits::gadgets::babyjubjub::Point as PublicKey;
    pub use tradeproof_circuits::gadgets::eddsa::{verify, SecretKey, Signature};

    use crate::document::Record;

    /// Signs a certificate of origin's record (circomlib `Poseidon(14)` of its slots, EdDSA-Poseidon).
    pub fn sign_certificate(key: &SecretKey, certificate: &Record) -> Signature {
        key.sign(certificate_message(certificate.slots()))
    }
}

/// The types most programs need.
pub mod prelude {
    pub use crate::document::{
        Amount, BillOfLading, CertificateOfOrigin, CommercialInvoice, Country, Currency,
        CustomsDeclaration, Date, DocType, Document, HsCode, Identifier, Incoterm, PartyId, Record,
    };
    pub use crate::issuer::{IssuerRegistry, RevocationList};
    pub use crate::layout;
    pub use crate::wire::{Decode, Encode, Submission};
    pub use crate::{
        AllowList, BatchOptions, BatchReport, Claim, ClaimKind, Context, ContextRule, MasterKey,
        Proof, Prover, RecordKey, SealedRecord, Statement, Verifier, VerifyingKey, Witness,
    };
}

/// The README's code blocks, compiled and run as doc tests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
