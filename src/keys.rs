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
use crate::circuit::circuit_shape;
pub use crate::circuit::{circuit_id, CircuitId};
use crate::claim::ClaimKind;
use crate::error::{DecodeError, Error, Result};
use crate::transcript::{Label, Transcript};
use ark_bn254::Bn254;
use ark_groth16::Groth16;
use ark_serialize::{CanonicalDeserialize, CanonicalSerialize, Compress, Validate};
use rand::{CryptoRng, RngCore};
use std::io::{Read, Write};
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

    /// Writes the key: `"TPPK"`, version 1, kind, circuit id, then the arkworks key in compressed form.
    pub fn write<W: Write>(&self, mut w: W) -> Result<()> {
        w.write_all(PK_MAGIC)?;
        w.write_all(&[KEY_FORMAT_VERSION])?;
        crate::wire::binary::write_kind(&mut w, self.kind)?;
        w.write_all(&self.circuit_id.0)?;
        self.pk
            .serialize_compressed(&mut w)
            .map_err(|e| Error::Io(std::io::Error::other(e.to_string())))
    }

    /// Reads a key written by [`ProvingKey::write`], validating every point (on curve, in subgroup) and
    /// checking that it belongs to `expected`'s circuit as compiled into this library.
    pub fn read<R: Read>(mut r: R, expected: ClaimKind) -> Result<Self> {
        let (kind, id) = read_header(&mut r, PK_MAGIC)?;
        check_circuit(kind, id, expected)?;
        let pk = ark_groth16::ProvingKey::<Bn254>::deserialize_with_mode(
            &mut r,
            Compress::Yes,
            Validate::Yes,
        )
        .map_err(|e| DecodeError::Invalid {
            what: "proving key",
            reason: e.to_string(),
        })?;
        let shape = circuit_shape(kind)?;
        let vars = shape.num_instance + shape.num_witness;
        if pk.a_query.len() != vars
            || pk.b_g1_query.len() != vars
            || pk.b_g2_query.len() != vars
            || pk.l_query.len() != shape.num_witness
            || pk.vk.gamma_abc_g1.len() != shape.num_instance
        {
            return Err(DecodeError::Invalid {
                what: "proving key",
                reason: "query sizes do not match the circuit".into(),
            }
            .into());
        }
        ensure_consumed(&mut r)?;
        Ok(Self {
            kind,
            circuit_id: id,
            pk: Arc::new(pk),
        })
    }
}

impl VerifyingKey {
    /// Writes the key in its canonical binary encoding (see [`crate::wire::binary`]).
    pub fn write<W: Write>(&self, mut w: W) -> Result<()> {
        use crate::wire::binary::Encode;
        w.write_all(&self.to_bytes())?;
        Ok(())
    }

    /// Reads a key written by [`VerifyingKey::write`] (at most [`MAX_VK_BYTES`] bytes), validating its
    /// points and checking that it belongs to `expected`'s circuit as compiled into this library.
    pub fn read<R: Read>(r: R, expected: ClaimKind) -> Result<Self> {
        use crate::wire::binary::Decode;
        let mut bytes = Vec::new();
        r.take(MAX_VK_BYTES as u64 + 1).read_to_end(&mut bytes)?;
        if bytes.len() > MAX_VK_BYTES {
            return Err(DecodeError::LengthTooLarge {
                what: "verifying key",
                len: bytes.len() as u64,
                max: MAX_VK_BYTES as u64,
            }
            .into());
        }
        // Refuse another kind before decoding: decoding computes the circuit id of the key's kind.
        if bytes.len() >= 3 {
            let mut rest: &[u8] = &bytes[2..];
            let kind = crate::wire::binary::read_kind(&mut rest)?;
            if kind != expected {
                let found = rest
                    .get(..32)
                    .and_then(|b| <[u8; 32]>::try_from(b).ok())
                    .map_or(CircuitId([0; 32]), CircuitId);
                return Err(Error::CircuitMismatch {
                    expected: circuit_id(expected)?,
                    found,
                });
            }
        }
        let key = VerifyingKey::from_bytes(&bytes)?;
        check_circuit(key.kind, key.circuit_id, expected)?;
        Ok(key)
    }
}

/// Largest encoded verifying key (aggregate value at its maximum capacity).
pub const MAX_VK_BYTES: usize =
    2 + 3 + 32 + 32 + 3 * 64 + 2 + (crate::wire::binary::MAX_INPUTS + 1) * 32;

const PK_MAGIC: &[u8; 4] = b"TPPK";
const KEY_FORMAT_VERSION: u8 = 1;

fn read_header<R: Read>(r: &mut R, magic: &[u8; 4]) -> Result<(ClaimKind, CircuitId)> {
    let mut m = [0u8; 5];
    r.read_exact(&mut m)
        .map_err(|_| DecodeError::UnexpectedEnd {
            what: "key header",
            at: 0,
            needed: 5,
        })?;
    if &m[..4] != magic {
        return Err(DecodeError::WrongKind {
            expected: "key",
            found: m[0],
        }
        .into());
    }
    if m[4] != KEY_FORMAT_VERSION {
        return Err(DecodeError::UnknownVersion {
            what: "key",
            version: m[4],
        }
        .into());
    }
    let kind = crate::wire::binary::read_kind(r)?;
    let mut id = [0u8; 32];
    r.read_exact(&mut id)
        .map_err(|_| DecodeError::UnexpectedEnd {
            what: "circuit id",
            at: 0,
            needed: 32,
        })?;
    Ok((kind, CircuitId(id)))
}

fn check_circuit(kind: ClaimKind, id: CircuitId, expected: ClaimKind) -> Result<()> {
    let expected_id = circuit_id(expected)?;
    if kind != expected || id != expected_id {
        return Err(Error::CircuitMismatch {
            expected: expected_id,
            found: id,
        });
    }
    Ok(())
}

fn ensure_consumed<R: Read>(r: &mut R) -> Result<()> {
    let mut extra = [0u8; 1];
    match r.read(&mut extra) {
        Ok(0) => Ok(()),
        Ok(_) => Err(DecodeError::TrailingBytes(1).into()),
        Err(e) => Err(e.into()),
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
