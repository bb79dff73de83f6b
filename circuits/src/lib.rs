//! # tradeproof-circuits
//!
//! *What* tradeproof proves: field elements and constraints only, no I/O, no key management.
//!
//! - [`encoding`]: the leaf — field elements as decimal strings and hex, integers inside field
//!   elements, serde adapters.
//! - [`codes`]: typed values (countries, currencies, dates, amounts, parties, HS codes, identifiers)
//!   with their canonical encodings.
//! - [`gadgets`]: the building blocks, each beside its native twin — circomlib-compatible
//!   [`gadgets::poseidon`], the sealed-record [`gadgets::cipher`], [`gadgets::bits`] (bounded integers and
//!   comparisons), [`gadgets::merkle`] trees, [`gadgets::indexed_merkle`] non-membership,
//!   [`gadgets::babyjubjub`] and [`gadgets::eddsa`] (EdDSA-Poseidon, circomlib-compatible).
//! - [`layout`]: the fixed record width and which slot holds which field of each document type.
//! - [`record`]: a sealed record as a witness, decrypted in-circuit and bound to its public digest.
//! - [`claims`]: one module per claim kind, each opening with its statement and owning its public
//!   inputs ([`claims::ClaimPublic`]) and its circuit ([`claims::ClaimCircuit`]).
//!
//! Features: `serde` derives strict serde for the public types (claims, codes, document types).
#![deny(missing_docs)]
#![forbid(unsafe_code)]

pub mod claims;
pub mod codes;
pub mod encoding;
pub mod gadgets;
pub mod layout;
pub mod record;

pub use ark_bn254::Fr;

#[cfg(test)]
pub(crate) mod test_util;
