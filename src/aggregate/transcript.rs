//! The Fiat–Shamir transcript of an aggregate proof: one running blake3 hash (label
//! [`Label::Aggregation`]) that absorbs every item in protocol order, and challenges squeezed from it
//! and absorbed back, so each challenge depends on everything before it.
use super::gt::Gt;
use crate::transcript::{Label, Transcript};
use ark_bn254::{Fr, G1Affine, G2Affine};
use ark_ff::{PrimeField, Zero};
use ark_serialize::CanonicalSerialize;

/// The prover's and the verifier's transcript (they absorb the same items in the same order).
pub(crate) struct FiatShamir(Transcript);

impl FiatShamir {
    pub(crate) fn new() -> Self {
        FiatShamir(Transcript::new(Label::Aggregation))
    }

    /// A domain tag (fixed ASCII) before each group of items.
    pub(crate) fn tag(&mut self, t: &'static [u8]) {
        self.0.u64(t.len() as u64).bytes(t);
    }

    pub(crate) fn bytes(&mut self, b: &[u8]) {
        self.0.bytes(b);
    }

    pub(crate) fn u64(&mut self, x: u64) {
        self.0.u64(x);
    }

    fn ser<T: CanonicalSerialize>(&mut self, x: &T) {
        // Uncompressed canonical serialization: unique per value, fixed width per type.
        let mut b = Vec::with_capacity(x.uncompressed_size());
        // Serializing into a Vec cannot fail.
        if x.serialize_uncompressed(&mut b).is_ok() {
            self.0.bytes(&b);
        }
    }

    pub(crate) fn g1(&mut self, p: &G1Affine) {
        self.ser(p);
    }

    pub(crate) fn g2(&mut self, p: &G2Affine) {
        self.ser(p);
    }

    pub(crate) fn gt(&mut self, x: &Gt) {
        self.ser(&x.0);
    }

    /// The hash so far (for digests that are not challenges).
    pub(crate) fn digest(&self) -> [u8; 32] {
        self.0.finish()
    }

    /// A non-zero challenge: 64 bytes of the hash so far, reduced mod `r`, then absorbed.
    pub(crate) fn challenge(&mut self, t: &'static [u8]) -> Fr {
        self.tag(t);
        loop {
            let mut wide = [0u8; 64];
            self.0.finish_xof().fill(&mut wide);
            let c = Fr::from_le_bytes_mod_order(&wide);
            self.0.fr(&c);
            if !c.is_zero() {
                return c;
            }
        }
    }
}

impl FiatShamir {
    /// The transcript of an aggregate, opened with everything fixed before the first commitment:
    /// the verifying key (its fingerprint covers circuit id, α, β, γ, δ and every IC point), the SRS
    /// points the verifier uses, the covered statements (the digest of their ids, each id a hash of
    /// circuit id and every public input, context included) and the padded count.
    pub(crate) fn open<K: super::SrsKind>(
        vk: &crate::VerifyingKey,
        srs: &super::VerifierSrs<K>,
        coverage: &super::Coverage,
        padded: usize,
    ) -> Self {
        let mut t = FiatShamir::new();
        t.tag(b"tradeproof snarkpack v1");
        t.bytes(&vk.fingerprint());
        t.tag(b"srs");
        t.u64(u64::from(K::TAG));
        t.g1(&srs.g_a);
        t.g1(&srs.g_b);
        t.g2(&srs.h_a);
        t.g2(&srs.h_b);
        t.tag(b"statements");
        t.bytes(&coverage.digest);
        t.u64(coverage.count() as u64);
        t.u64(padded as u64);
        t
    }
}
