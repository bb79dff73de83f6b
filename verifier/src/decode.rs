//! The binary forms the verifier reads — the same bytes as the prover crate's `wire::binary` — read
//! strictly: tag and version first, lengths bounded before anything is allocated, field elements below
//! their modulus, points on the curve and in the prime-order subgroup and never the identity, nothing
//! after the object.
//!
//! | object | layout | size |
//! |---|---|---|
//! | [`Proof`] | `'P'` `v=1` circuit_id(32) A(32) B(64) C(32), arkworks' compressed points | 162 |
//! | [`Proof`] (uncompressed) | `'Q'` `v=1` circuit_id(32) A(64) B(128) C(64), affine coordinates | 290 |
//! | [`Statement`] | `'S'` `v=1` circuit_id(32) kind n:u16 inputs(n×32) | 37+32n (+2 for aggregate) |
//! | [`VerifyingKey`] | `'V'` `v=1` kind circuit_id(32) α(32) β(64) γ(64) δ(64) n:u16 IC(n×32) | |
//!
//! `kind` is one tag byte, followed for the sized kind by its parameter as `u16`.
use crate::error::Error;
use crate::kinds::{Kind, MAX_INPUTS};
use crate::points::{g1_ok, g2_ok};
use crate::transcript::{Label, Transcript};
use alloc::vec::Vec;
use ark_bn254::{Fq, Fq2, Fr, G1Affine, G2Affine};
use ark_ff::PrimeField;
use ark_serialize::{CanonicalDeserialize, CanonicalSerialize, Compress, Validate};

const VERSION: u8 = 1;

/// A Groth16 proof for one circuit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Proof {
    /// The circuit the proof is for.
    pub circuit_id: [u8; 32],
    /// `A` (G1).
    pub a: G1Affine,
    /// `B` (G2).
    pub b: G2Affine,
    /// `C` (G1).
    pub c: G1Affine,
}

/// What a proof claims: a circuit, a claim kind and the public inputs (the context among them).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Statement {
    /// The circuit.
    pub circuit_id: [u8; 32],
    /// The claim kind.
    pub kind: Kind,
    /// The public inputs in circuit order.
    pub inputs: Vec<Fr>,
}

/// A Groth16 verifying key for one circuit, with its fingerprint.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VerifyingKey {
    /// The claim kind.
    pub kind: Kind,
    /// The circuit.
    pub circuit_id: [u8; 32],
    /// `α` (G1).
    pub alpha_g1: G1Affine,
    /// `β` (G2).
    pub beta_g2: G2Affine,
    /// `γ` (G2).
    pub gamma_g2: G2Affine,
    /// `δ` (G2).
    pub delta_g2: G2Affine,
    /// `IC₀ … ICₙ` (G1), one per public input after the constant.
    pub ic: Vec<G1Affine>,
    /// blake3 fingerprint of the circuit id and the key, the value a ledger pins (equal to the prover
    /// crate's `VerifyingKey::fingerprint`).
    pub fingerprint: [u8; 32],
}

/// A strict reader over untrusted bytes.
struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn new(bytes: &'a [u8]) -> Self {
        Reader { bytes, at: 0 }
    }

    fn take(&mut self, n: usize, what: &'static str) -> Result<&'a [u8], Error> {
        let end = self.at.checked_add(n).ok_or(Error::UnexpectedEnd(what))?;
        let s = self
            .bytes
            .get(self.at..end)
            .ok_or(Error::UnexpectedEnd(what))?;
        self.at = end;
        Ok(s)
    }

    fn u8(&mut self, what: &'static str) -> Result<u8, Error> {
        Ok(self.take(1, what)?[0])
    }

    fn u16(&mut self, what: &'static str) -> Result<u16, Error> {
        let b = self.take(2, what)?;
        Ok(u16::from_le_bytes([b[0], b[1]]))
    }

    fn array32(&mut self, what: &'static str) -> Result<[u8; 32], Error> {
        let mut out = [0u8; 32];
        out.copy_from_slice(self.take(32, what)?);
        Ok(out)
    }

    fn header(&mut self, tag: u8, what: &'static str) -> Result<(), Error> {
        if self.u8(what)? != tag {
            return Err(Error::WrongTag(what));
        }
        if self.u8(what)? != VERSION {
            return Err(Error::UnknownVersion(what));
        }
        Ok(())
    }

    fn canonical<F: PrimeField<BigInt = ark_ff::BigInt<4>>>(
        &mut self,
        what: &'static str,
    ) -> Result<F, Error> {
        let b = self.take(32, what)?;
        let mut limbs = [0u64; 4];
        for (i, l) in limbs.iter_mut().enumerate() {
            let mut w = [0u8; 8];
            w.copy_from_slice(&b[8 * i..8 * i + 8]);
            *l = u64::from_le_bytes(w);
        }
        F::from_bigint(ark_ff::BigInt(limbs)).ok_or(Error::NonCanonicalField(what))
    }

    fn g1(&mut self, what: &'static str) -> Result<G1Affine, Error> {
        let b = self.take(32, what)?;
        let p = G1Affine::deserialize_with_mode(b, Compress::Yes, Validate::No)
            .map_err(|_| Error::BadPoint(what))?;
        check_g1(&p, what)
    }

    fn g2(&mut self, what: &'static str) -> Result<G2Affine, Error> {
        let b = self.take(64, what)?;
        let p = G2Affine::deserialize_with_mode(b, Compress::Yes, Validate::No)
            .map_err(|_| Error::BadPoint(what))?;
        check_g2(&p, what)
    }

    fn g1_uncompressed(&mut self, what: &'static str) -> Result<G1Affine, Error> {
        let (x, y): (Fq, Fq) = (self.canonical(what)?, self.canonical(what)?);
        check_g1(&G1Affine::new_unchecked(x, y), what)
    }

    fn g2_uncompressed(&mut self, what: &'static str) -> Result<G2Affine, Error> {
        let x = Fq2::new(self.canonical(what)?, self.canonical(what)?);
        let y = Fq2::new(self.canonical(what)?, self.canonical(what)?);
        check_g2(&G2Affine::new_unchecked(x, y), what)
    }

    fn kind(&mut self) -> Result<Kind, Error> {
        let tag = self.u8("claim kind")?;
        let parameter = match Kind::tag_has_parameter(tag).ok_or(Error::UnknownKind)? {
            true => Some(self.u16("aggregate capacity")?),
            false => None,
        };
        Kind::new(tag, parameter).ok_or(Error::UnknownKind)
    }

    fn finish(&self) -> Result<(), Error> {
        if self.at != self.bytes.len() {
            return Err(Error::TrailingBytes);
        }
        Ok(())
    }
}

fn check_g1(p: &G1Affine, what: &'static str) -> Result<G1Affine, Error> {
    use ark_ec::AffineRepr;
    if p.is_zero() {
        return Err(Error::Identity(what));
    }
    if !g1_ok(p) {
        return Err(Error::BadPoint(what));
    }
    Ok(*p)
}

fn check_g2(p: &G2Affine, what: &'static str) -> Result<G2Affine, Error> {
    use ark_ec::AffineRepr;
    if p.is_zero() {
        return Err(Error::Identity(what));
    }
    if !g2_ok(p) {
        return Err(Error::BadPoint(what));
    }
    Ok(*p)
}

/// A canonical field element from exactly 32 little-endian bytes (a context, a public input).
pub fn field_element(bytes: &[u8]) -> Result<Fr, Error> {
    let mut r = Reader::new(bytes);
    let x = r.canonical("field element")?;
    r.finish()?;
    Ok(x)
}

impl Proof {
    /// Decodes either form, by its tag (`P` compressed, `Q` uncompressed).
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, Error> {
        let mut r = Reader::new(bytes);
        let compressed = bytes.first() != Some(&b'Q');
        r.header(if compressed { b'P' } else { b'Q' }, "proof")?;
        let circuit_id = r.array32("circuit id")?;
        let (a, b, c) = if compressed {
            (r.g1("proof A")?, r.g2("proof B")?, r.g1("proof C")?)
        } else {
            (
                r.g1_uncompressed("proof A")?,
                r.g2_uncompressed("proof B")?,
                r.g1_uncompressed("proof C")?,
            )
        };
        r.finish()?;
        Ok(Proof {
            circuit_id,
            a,
            b,
            c,
        })
    }
}

impl Statement {
    /// Decodes a statement: a known kind, exactly its number of inputs, each canonical.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, Error> {
        let mut r = Reader::new(bytes);
        r.header(b'S', "statement")?;
        let circuit_id = r.array32("circuit id")?;
        let kind = r.kind()?;
        let n = r.u16("input count")? as usize;
        if n > MAX_INPUTS || n != kind.num_inputs() {
            return Err(Error::BadCount("public inputs"));
        }
        let mut inputs = Vec::with_capacity(n);
        for _ in 0..n {
            inputs.push(r.canonical("public input")?);
        }
        r.finish()?;
        Ok(Statement {
            circuit_id,
            kind,
            inputs,
        })
    }

    /// The context (one of the public inputs).
    pub fn context(&self) -> Fr {
        self.inputs
            .get(self.kind.context_index())
            .copied()
            .unwrap_or_default()
    }

    /// The statement's id, as the prover crate computes it (blake3 of the circuit id and the inputs):
    /// what a ledger records to refuse a statement twice.
    pub fn id(&self) -> [u8; 32] {
        let mut t = Transcript::new(Label::StatementId);
        t.bytes(&self.circuit_id);
        for x in &self.inputs {
            t.fr(x);
        }
        t.finish()
    }
}

impl VerifyingKey {
    /// Decodes a key of a fixed kind, in either form (`V` compressed, `W` uncompressed): every point
    /// checked, no unsafe relation between them, and the circuit id equal to the one pinned for the
    /// kind. No circuit is synthesized: about a quarter of a millisecond.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, Error> {
        let key = Self::decode(bytes)?;
        if key.kind.pinned_circuit_id() != Some(key.circuit_id) {
            return Err(Error::UnpinnedKey);
        }
        Ok(key)
    }

    /// Decodes a key of any kind, accepted only if its fingerprint is `fingerprint` — the way to load
    /// an aggregate-value key (whose circuit ids are not pinned in this crate), and a stricter way to
    /// load any key.
    pub fn from_bytes_pinned(bytes: &[u8], fingerprint: &[u8; 32]) -> Result<Self, Error> {
        let key = Self::decode(bytes)?;
        if key.fingerprint != *fingerprint {
            return Err(Error::UnpinnedKey);
        }
        if let Some(id) = key.kind.pinned_circuit_id() {
            if id != key.circuit_id {
                return Err(Error::UnpinnedKey);
            }
        }
        Ok(key)
    }

    /// Either form, by its tag: `V` compressed points, `W` uncompressed (affine coordinates; no square
    /// roots, so a key with many IC points loads several times faster).
    fn decode(bytes: &[u8]) -> Result<Self, Error> {
        let mut r = Reader::new(bytes);
        let compressed = bytes.first() != Some(&b'W');
        r.header(if compressed { b'V' } else { b'W' }, "verifying key")?;
        let kind = r.kind()?;
        let circuit_id = r.array32("circuit id")?;
        let g1 = |r: &mut Reader<'_>, what| match compressed {
            true => r.g1(what),
            false => r.g1_uncompressed(what),
        };
        let g2 = |r: &mut Reader<'_>, what| match compressed {
            true => r.g2(what),
            false => r.g2_uncompressed(what),
        };
        let alpha_g1 = g1(&mut r, "vk alpha")?;
        let beta_g2 = g2(&mut r, "vk beta")?;
        let gamma_g2 = g2(&mut r, "vk gamma")?;
        let delta_g2 = g2(&mut r, "vk delta")?;
        let n = r.u16("IC count")? as usize;
        if n != kind.num_inputs() + 1 {
            return Err(Error::BadCount("IC points"));
        }
        let mut ic = Vec::with_capacity(n);
        for _ in 0..n {
            ic.push(g1(&mut r, "vk IC point")?);
        }
        r.finish()?;
        if let Some(why) = crate::points::unsafe_relation(&beta_g2, &gamma_g2, &delta_g2, &ic) {
            return Err(Error::UnsafeKey(why));
        }
        let fingerprint = fingerprint(&circuit_id, &alpha_g1, &[beta_g2, gamma_g2, delta_g2], &ic);
        Ok(VerifyingKey {
            kind,
            circuit_id,
            alpha_g1,
            beta_g2,
            gamma_g2,
            delta_g2,
            ic,
            fingerprint,
        })
    }
}

/// blake3 (label `KeyFingerprint`) of the circuit id and the key in arkworks' compressed form (α, β,
/// γ, δ, then the IC points with a u64 count), as the prover crate computes it.
fn fingerprint(
    circuit_id: &[u8; 32],
    alpha: &G1Affine,
    g2: &[G2Affine; 3],
    ic: &[G1Affine],
) -> [u8; 32] {
    let mut bytes = Vec::with_capacity(32 + 3 * 64 + 8 + 32 * ic.len());
    // Serialising in-memory points into a Vec cannot fail.
    let _ = alpha.serialize_compressed(&mut bytes);
    for p in g2 {
        let _ = p.serialize_compressed(&mut bytes);
    }
    bytes.extend_from_slice(&(ic.len() as u64).to_le_bytes());
    for p in ic {
        let _ = p.serialize_compressed(&mut bytes);
    }
    Transcript::new(Label::KeyFingerprint)
        .bytes(circuit_id)
        .bytes(&bytes)
        .finish()
}
