//! Record keys: random generation from OS entropy, derivation of one key per record from an owner's
//! master key, zeroization on drop.
//!
//! # Keys and nonces
//! An owner holds one [`MasterKey`] (32 random bytes). The key of a record is derived from it and the
//! record's identifier with blake3 in key-derivation mode:
//! `k = blake3_derive_key("tradeproof 2026 record key", master ‖ id)` read as 64 bytes and reduced
//! modulo the BN254 scalar field. Distinct identifiers give independent keys, so the owner can hand one
//! record's key to an auditor without exposing the others.
//!
//! A nonce must never repeat under one key. Each [`crate::SealedRecord`] draws a fresh 128-bit nonce from
//! OS entropy; with one key per record and few re-seals per record (amendments), the chance of a repeat
//! after `q` seals under one key is about `q²/2^129` — negligible for any realistic `q`. Callers who seal
//! millions of versions under one record key should derive a new record identifier per version instead.
use crate::transcript::{Label, Transcript};
use ark_bn254::Fr;
use ark_ff::PrimeField;
use rand::{CryptoRng, RngCore};
use zeroize::{Zeroize, ZeroizeOnDrop};

/// An owner's master key. Zeroized on drop; `Debug` does not print it.
#[derive(Clone, Zeroize, ZeroizeOnDrop)]
pub struct MasterKey([u8; 32]);

impl std::fmt::Debug for MasterKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("MasterKey(..)")
    }
}

impl MasterKey {
    /// A fresh master key from the operating system's entropy.
    pub fn generate() -> Self {
        Self::generate_with(&mut rand::rngs::OsRng)
    }

    /// A fresh master key from `rng` (use OS entropy in production; seeded generators only in tests).
    pub fn generate_with<R: RngCore + CryptoRng>(rng: &mut R) -> Self {
        let mut b = [0u8; 32];
        rng.fill_bytes(&mut b);
        MasterKey(b)
    }

    /// Wraps existing key material (e.g. loaded from the owner's key store).
    pub fn from_bytes(bytes: [u8; 32]) -> Self {
        MasterKey(bytes)
    }

    /// The key of the record identified by `record_id` (any bytes: a document number, a UUID…).
    pub fn record_key(&self, record_id: &[u8]) -> RecordKey {
        let mut xof = Transcript::new(Label::RecordKey)
            .bytes(&self.0)
            .u64(record_id.len() as u64)
            .bytes(record_id)
            .finish_xof();
        let mut wide = [0u8; 64];
        xof.fill(&mut wide);
        let k = Fr::from_le_bytes_mod_order(&wide);
        wide.zeroize();
        RecordKey(k)
    }
}

/// The key of one record: a field element. Zeroized on drop; `Debug` does not print it.
#[derive(Clone, PartialEq, Eq, Zeroize, ZeroizeOnDrop)]
pub struct RecordKey(pub(crate) Fr);

impl std::fmt::Debug for RecordKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("RecordKey(..)")
    }
}

impl RecordKey {
    /// A random record key from OS entropy (for records not tied to a master key).
    pub fn generate() -> Self {
        Self::generate_with(&mut rand::rngs::OsRng)
    }

    /// A random record key from `rng`.
    pub fn generate_with<R: RngCore + CryptoRng>(rng: &mut R) -> Self {
        let mut wide = [0u8; 64];
        rng.fill_bytes(&mut wide);
        let k = Fr::from_le_bytes_mod_order(&wide);
        wide.zeroize();
        RecordKey(k)
    }

    /// The key as a field element (for building witnesses).
    pub fn to_field(&self) -> Fr {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn derivation_is_deterministic_and_separates_records() {
        let m = MasterKey::from_bytes([7; 32]);
        assert_eq!(m.record_key(b"inv-1"), m.record_key(b"inv-1"));
        assert_ne!(m.record_key(b"inv-1"), m.record_key(b"inv-2"));
        assert_ne!(
            m.record_key(b"inv-1"),
            MasterKey::from_bytes([8; 32]).record_key(b"inv-1")
        );
        assert_eq!(format!("{:?}", m.record_key(b"x")), "RecordKey(..)");
    }
}
