//! Claims: what an owner proves about sealed records.
//!
//! A [`Claim`] is the public side — which records (by digest), and the claim's parameters. A
//! [`Witness`] is a claim together with what only the prover knows (record keys and plaintexts,
//! signatures, Merkle paths); it is what the [`crate::Prover`] takes. Building a witness checks every
//! predicate natively first and reports the failing one in words, so an honest prover never spends a
//! proof on a false claim.
//!
//! Each claim's statement, its public inputs and their order are written once, in its module of
//! [`tradeproof_circuits::claims`]; the [`registry`] below lists the modules and generates from that
//! list [`ClaimKind`], [`Claim`], [`Witness`], their names, input counts, blank circuits and binary
//! tags.
//!
//! | kind | statement |
//! |---|---|
//! | [`ClaimKind::ValueRange`] | slot `s` of the record lies in `[min, max]` (also date windows) |
//! | [`ClaimKind::OriginEquals`] | the origin is `country` |
//! | [`ClaimKind::OriginInList`] | the origin is on an allow-list |
//! | [`ClaimKind::OriginMatch`] | a declaration and a certificate name the same origin |
//! | [`ClaimKind::CertificateValidity`] | signed by a registered issuer, valid on `date`, not revoked |
//! | [`ClaimKind::CustomsClearance`] | value in band, the certificate covers the declaration and is valid on its date |
//! | [`ClaimKind::AggregateValue`] | distinct invoices of one exporter in a window total at least `threshold` |
//! | [`ClaimKind::SensorRange`] | a registered device's signed readings for a shipment stayed in `[min, max]` over a window, with no gap over `max_gap` |
//! | [`ClaimKind::SelectiveDisclosure`] | the slots named in a mask hold public values, the rest stay hidden |
//! | [`ClaimKind::Escrow`] | a published grant wraps, for a public recipient key, the key that opens a record |
//!
//! # Adding a claim kind
//! 1. Write `circuits/src/claims/my_claim.rs`: the statement in words at the top, `pub mod input`
//!    (the position of each public input), `pub struct Public` implementing
//!    [`ClaimPublic`](tradeproof_circuits::claims::ClaimPublic) (`to_inputs`, `from_inputs`,
//!    `validate`), and the circuit implementing
//!    [`ClaimCircuit`](tradeproof_circuits::claims::ClaimCircuit), with its negative tests.
//! 2. Add one line to the list in [`registry`]: `MyClaim = 11 => my_claim::MyClaimCircuit,`.
//!
//! The kind, the JSON and binary forms, statements, keys, the prover and the verifier then take it
//! with no other change; a witness constructor in [`witness`] is a convenience, not a requirement
//! (`Witness::MyClaim(MyClaimCircuit::new(…)?)` works as it is).
mod allow_list;
pub mod registry;
pub mod witness;

pub use allow_list::AllowList;
pub use registry::{Claim, ClaimKind, Witness};

/// A record's digest as it appears in claims.
pub type Digest = ark_bn254::Fr;

#[cfg(test)]
mod tests;
