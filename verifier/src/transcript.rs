//! Domain separation in one place: every blake3 hash tradeproof computes goes through a
//! [`Transcript`] opened under one of the [`Label`]s below, so no two uses can collide and the list of
//! uses is this file. (The prover crate uses the same transcript for circuit ids, statement ids and
//! record keys; the verifier recomputes fingerprints and batch weights with it.)
//!
//! Items are appended as they are (no length prefixes); every caller appends fixed-width items or
//! prefixes variable-length ones with their length itself, which keeps each hash equal to the one
//! tradeproof has always computed (circuit ids, fingerprints and statement ids are stable).
use ark_bn254::Fr;
use ark_ff::{BigInteger, PrimeField};

/// What a hash is for. Each label is a blake3 `derive_key` context string.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Label {
    /// A circuit's id: its name and R1CS matrices.
    CircuitId,
    /// A verifying key's fingerprint: circuit id and compressed key.
    KeyFingerprint,
    /// A statement's id: circuit id and public inputs.
    StatementId,
    /// The random weights of a verification batch: entropy and every key, input and proof.
    BatchWeights,
    /// Prover randomness derived from a caller's seed (tests and benches only).
    SeededProver,
    /// A record key derived from a master key.
    RecordKey,
    /// The Fiat–Shamir transcript of an aggregate proof (SnarkPack): key, statements, SRS, every
    /// commitment and round message.
    Aggregation,
}

impl Label {
    /// Every label.
    pub const ALL: [Label; 7] = [
        Label::CircuitId,
        Label::KeyFingerprint,
        Label::StatementId,
        Label::BatchWeights,
        Label::SeededProver,
        Label::RecordKey,
        Label::Aggregation,
    ];

    fn context(self) -> &'static str {
        match self {
            Label::CircuitId => "tradeproof 2026 circuit id",
            Label::KeyFingerprint => "tradeproof 2026 verifying key fingerprint",
            Label::StatementId => "tradeproof 2026 statement id",
            Label::BatchWeights => "tradeproof 2026 batch verification weights",
            Label::SeededProver => "tradeproof 2026 seeded prover randomness",
            Label::RecordKey => "tradeproof 2026 record key",
            Label::Aggregation => "tradeproof 2026 snarkpack aggregation",
        }
    }
}

/// A blake3 hash under one [`Label`].
#[derive(Clone)]
pub struct Transcript(blake3::Hasher);

impl Transcript {
    /// A transcript for `label`.
    pub fn new(label: Label) -> Self {
        Transcript(blake3::Hasher::new_derive_key(label.context()))
    }

    /// Appends bytes as they are.
    pub fn bytes(&mut self, b: &[u8]) -> &mut Self {
        self.0.update(b);
        self
    }

    /// Appends a `u64`, little-endian.
    pub fn u64(&mut self, x: u64) -> &mut Self {
        self.0.update(&x.to_le_bytes());
        self
    }

    /// Appends a field element's 32 little-endian bytes.
    pub fn fr(&mut self, x: &Fr) -> &mut Self {
        let mut b = [0u8; 32];
        b.copy_from_slice(&x.into_bigint().to_bytes_le());
        self.0.update(&b);
        self
    }

    /// The 32-byte digest.
    pub fn finish(&self) -> [u8; 32] {
        *self.0.finalize().as_bytes()
    }

    /// An output stream of any length.
    pub fn finish_xof(&self) -> blake3::OutputReader {
        self.0.finalize_xof()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::collections::BTreeSet;

    #[test]
    fn labels_are_distinct_and_hashes_separated() {
        let digests: BTreeSet<[u8; 32]> = Label::ALL
            .iter()
            .map(|l| Transcript::new(*l).bytes(b"same input").finish())
            .collect();
        assert_eq!(digests.len(), Label::ALL.len());
        // The transcript is blake3's derive_key, item by item.
        let mut h = blake3::Hasher::new_derive_key("tradeproof 2026 statement id");
        h.update(&7u64.to_le_bytes());
        let mut nine = [0u8; 32];
        nine[0] = 9;
        h.update(&nine);
        let mut t = Transcript::new(Label::StatementId);
        t.u64(7).fr(&Fr::from(9u64));
        assert_eq!(t.finish(), *h.finalize().as_bytes());
    }
}
