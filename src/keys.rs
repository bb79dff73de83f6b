//! Keys: per-circuit Groth16 setup, circuit ids, verifying-key fingerprints, saving and loading.
//!
//! # What Groth16's setup means for trust
//! Groth16 needs a setup per circuit. The setup samples secret field elements (α, β, γ, δ and the
//! evaluation point τ, the "toxic waste") and publishes group elements derived from them. **Whoever
//! knows the toxic waste can forge proofs of false claims for that circuit** — a declaration outside
//! its band would "clear customs". Proofs stay zero-knowledge regardless: a bad setup cannot reveal
//! the documents.
//!
//! What a deployment must do: run the setup as a multi-party ceremony (a Powers-of-Tau phase shared
//! with other circuits, then a circuit-specific phase, e.g. with snarkjs' `zkey contribute` over the
//! R1CS exported from the circuits), where the key is sound if *any one* participant destroyed their
//! share; publish the transcript; and pin the resulting verifying keys by their [`VerifyingKey::fingerprint`]
//! in the ledger's configuration. [`setup`] (one party, OS entropy, waste dropped from memory at once)
//! is fine for development, for a single trusted operator (e.g. a customs authority verifying its own
//! claims), and for tests; [`setup_with_rng`] with a seeded generator is **only** for tests and
//! examples — its keys are forgeable by anyone who knows the seed.
//!
//! Circuit ids and the shape cache are in [`crate::circuit`].
pub use crate::circuit::{circuit_id, CircuitId};
use crate::claim::ClaimKind;
use crate::error::{Error, Result};
use crate::transcript::{Label, Transcript};
use ark_bn254::Bn254;
use ark_groth16::Groth16;
use ark_serialize::CanonicalSerialize;
use rand::{CryptoRng, RngCore};
use std::sync::Arc;

/// A Groth16 proving key tagged with its circuit.
#[derive(Clone)]
pub struct ProvingKey {
    pub(crate) kind: ClaimKind,
    pub(crate) circuit_id: CircuitId,
    pub(crate) pk: Arc<ark_groth16::ProvingKey<Bn254>>,
}

impl std::fmt::Debug for ProvingKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "ProvingKey({}, {})", self.kind, self.circuit_id)
    }
}

/// A Groth16 verifying key tagged with its circuit, with its fingerprint.
#[derive(Clone, PartialEq)]
pub struct VerifyingKey {
    pub(crate) kind: ClaimKind,
    pub(crate) circuit_id: CircuitId,
    pub(crate) vk: ark_groth16::VerifyingKey<Bn254>,
    pub(crate) fingerprint: [u8; 32],
}

impl std::fmt::Debug for VerifyingKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "VerifyingKey({}, {}, fingerprint {})",
            self.kind,
            self.circuit_id,
            hex(&self.fingerprint[..8])
        )
    }
}

pub(crate) fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

fn fingerprint(circuit_id: &CircuitId, vk: &ark_groth16::VerifyingKey<Bn254>) -> [u8; 32] {
    let mut bytes = Vec::new();
    // Serialising an in-memory key cannot fail.
    let _ = vk.serialize_compressed(&mut bytes);
    Transcript::new(Label::KeyFingerprint)
        .bytes(&circuit_id.0)
        .bytes(&bytes)
        .finish()
}

impl VerifyingKey {
    /// Wraps an arkworks verifying key for `kind`: checks the number of public inputs and every point
    /// (on the curve, in the prime-order subgroup, not the identity).
    ///
    /// Keys are configuration: a ledger loads the keys it trusts (and pins their fingerprints). Wrapping
    /// or decoding a key synthesizes its circuit once per process to compute the circuit id, which
    /// for a large aggregate-value capacity takes seconds; the cheap checks (input count, points) come
    /// first.
    pub fn from_ark(kind: ClaimKind, vk: ark_groth16::VerifyingKey<Bn254>) -> Result<Self> {
        kind.validate()?;
        if vk.gamma_abc_g1.len() != kind.num_inputs() + 1 {
            return Err(Error::PublicInputCount {
                expected: kind.num_inputs(),
                found: vk.gamma_abc_g1.len().saturating_sub(1),
            });
        }
        crate::encoding::check_vk_points(&vk)?;
        let circuit_id = circuit_id(kind)?;
        let fingerprint = fingerprint(&circuit_id, &vk);
        Ok(Self {
            kind,
            circuit_id,
            vk,
            fingerprint,
        })
    }

    /// The claim kind.
    pub fn kind(&self) -> ClaimKind {
        self.kind
    }

    /// The circuit id.
    pub fn circuit_id(&self) -> CircuitId {
        self.circuit_id
    }

    /// blake3 fingerprint of the circuit id and the key: what a ledger pins in its configuration.
    pub fn fingerprint(&self) -> [u8; 32] {
        self.fingerprint
    }

    /// The arkworks key.
    pub fn as_ark(&self) -> &ark_groth16::VerifyingKey<Bn254> {
        &self.vk
    }
}

impl ProvingKey {
    /// The claim kind.
    pub fn kind(&self) -> ClaimKind {
        self.kind
    }

    /// The circuit id.
    pub fn circuit_id(&self) -> CircuitId {
        self.circuit_id
    }

    /// The matching verifying key.
    pub fn verifying_key(&self) -> VerifyingKey {
        let vk = self.pk.vk.clone();
        VerifyingKey {
            kind: self.kind,
            circuit_id: self.circuit_id,
            fingerprint: fingerprint(&self.circuit_id, &vk),
            vk,
        }
    }

    /// The arkworks key.
    pub fn as_ark(&self) -> &ark_groth16::ProvingKey<Bn254> {
        &self.pk
    }
}

/// Generates the keys of `kind`'s circuit from OS entropy (see the module docs on what this means for
/// trust).
pub fn setup(kind: ClaimKind) -> Result<(ProvingKey, VerifyingKey)> {
    setup_with_rng(kind, &mut rand::rngs::OsRng)
}

/// Generates keys from `rng`. With a seeded generator the keys are forgeable by anyone who knows the
/// seed: **tests and examples only**.
pub fn setup_with_rng<R: RngCore + CryptoRng>(
    kind: ClaimKind,
    rng: &mut R,
) -> Result<(ProvingKey, VerifyingKey)> {
    let circuit_id = circuit_id(kind)?;
    let pk = Groth16::<Bn254>::generate_random_parameters_with_reduction(kind.blank_witness(), rng)
        .map_err(|e| Error::Synthesis(e.to_string()))?;
    let pk = ProvingKey {
        kind,
        circuit_id,
        pk: Arc::new(pk),
    };
    let vk = pk.verifying_key();
    Ok((pk, vk))
}

/// Keys from a 32-byte seed (**tests and examples only**).
pub fn setup_from_seed(kind: ClaimKind, seed: [u8; 32]) -> Result<(ProvingKey, VerifyingKey)> {
    use rand::SeedableRng;
    setup_with_rng(kind, &mut rand_chacha::ChaCha20Rng::from_seed(seed))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::fixture;
    use rand::SeedableRng;

    #[test]
    fn keys_carry_their_circuit_and_a_stable_fingerprint() {
        let f = fixture();
        assert_eq!(f.pk.kind(), ClaimKind::ValueRange);
        assert_eq!(f.vk.kind(), ClaimKind::ValueRange);
        assert_eq!(
            f.pk.circuit_id(),
            circuit_id(ClaimKind::ValueRange).unwrap()
        );
        assert_eq!(f.pk.verifying_key(), f.vk);
        assert_eq!(f.vk.fingerprint(), f.pk.verifying_key().fingerprint());
        // Another setup of the same circuit: same id, another key, another fingerprint.
        let mut rng = rand_chacha::ChaCha20Rng::seed_from_u64(12);
        let (_, other) = setup_with_rng(ClaimKind::ValueRange, &mut rng).unwrap();
        assert_eq!(other.circuit_id(), f.vk.circuit_id());
        assert_ne!(other.fingerprint(), f.vk.fingerprint());
    }

    #[test]
    fn an_arkworks_key_must_fit_the_kind() {
        let f = fixture();
        let ark = f.vk.as_ark().clone();
        assert!(VerifyingKey::from_ark(ClaimKind::ValueRange, ark.clone()).is_ok());
        // Six inputs are not origin-match's three.
        assert!(matches!(
            VerifyingKey::from_ark(ClaimKind::OriginMatch, ark.clone()),
            Err(Error::PublicInputCount { .. })
        ));
        let mut off = ark;
        off.alpha_g1 = ark_bn254::G1Affine::new_unchecked(1u64.into(), 1u64.into());
        assert!(VerifyingKey::from_ark(ClaimKind::ValueRange, off).is_err());
    }
}
