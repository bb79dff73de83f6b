//! Canonical binary encodings: versioned, strictly checked, bounded.
//!
//! Every object starts with a one-byte tag and a one-byte version. Integers are little-endian. Field
//! elements are 32 bytes little-endian and must be below the modulus `r`. Points use arkworks' compressed
//! encoding (G1: 32 bytes, x with the sign and infinity flags in the top bits; G2: 64 bytes, `x.c0 ‖ x.c1`)
//! and are checked on the curve and in the prime-order subgroup (BN254's G2 has a cofactor) — the
//! identity is refused wherever an honest object cannot contain it. Lengths are checked against limits
//! before anything is allocated, and bytes left after the object are an error.
//!
//! | object | layout | size |
//! |---|---|---|
//! | [`SealedRecord`] | `'R'` `v=1` nonce(16) ciphertext(14×32) tag(32) | 498 |
//! | [`Proof`] | `'P'` `v=1` circuit_id(32) A(32) B(64) C(32) | 162 |
//! | [`Statement`] | `'S'` `v=1` circuit_id(32) kind n:u16 inputs(n×32) | 37+32n (+2 for aggregate) |
//! | [`VerifyingKey`] | `'V'` `v=1` kind circuit_id(32) α(32) β(64) γ(64) δ(64) n:u16 IC(n×32) | |
//! | [`VerifyingKey`], uncompressed ([`VerifyingKey::to_bytes_uncompressed`]) | `'W'` `v=1` kind circuit_id(32) α(64) β(128) γ(128) δ(128) n:u16 IC(n×64), affine coordinates | |
//! | [`Submission`] | `'U'` `v=1` k:u16 records(k×498) statement proof | |
//! | batch | `'B'` `v=1` count:u32 then `len:u32 submission` per item | |
//! | [`Grant`] | `'G'` `v=1` record(32) recipient(32) ephemeral(32) wrapped(32) tag(32), points packed as circomlib does | 162 |
//! | party public key ([`PartyKey`]) | `'K'` `v=1` point(32), circomlib packing | 34 |
//! | [`SignedBatch`] (sensor readings) | `'M'` `v=1` device:u64 shipment(32) sequence:u64 n:u8 (time:u64 value:i32)×n R8.x(32) R8.y(32) S(32) | 147+12n |
//!
//! `kind` is one byte, [`ClaimKind::tag`] (1 value range, 2 origin equals, 3 origin in list, 4 origin
//! match, 5 certificate validity, 6 customs clearance, 7 aggregate value, 8 sensor range, 9 selective disclosure, 10 escrow), followed for a sized kind by
//! its parameter as `u16` (the aggregate capacity).
use crate::claim::ClaimKind;
use crate::document::RECORD_SLOTS;
use crate::encoding::{check_g1, check_g2, check_g2_on_curve};
use crate::error::{DecodeError, Result};
use crate::grant::{Grant, PublicKey};
use crate::keys::{CircuitId, VerifyingKey};
use crate::record::SealedRecord;
use crate::sensor::{Reading, ReadingBatch, SignedBatch, CAPACITY};
use crate::statement::{Proof, Statement};
use crate::wire::Submission;
use ark_bn254::{Fq2, Fr, G1Affine, G2Affine};
use ark_ff::{BigInteger, PrimeField, Zero};
use ark_serialize::{CanonicalDeserialize, CanonicalSerialize, Compress, Validate};

/// Largest number of public inputs of any statement (aggregate value at its maximum capacity).
pub const MAX_INPUTS: usize = tradeproof_circuits::claims::aggregate_value::input::INVOICES
    + tradeproof_circuits::claims::aggregate_value::MAX_CAPACITY;
/// Largest encoded verifying key (aggregate value at its maximum capacity).
pub const MAX_VK_BYTES: usize = 2 + 3 + 32 + 32 + 3 * 64 + 2 + (MAX_INPUTS + 1) * 32;
/// Largest number of sealed records in one submission.
pub const MAX_RECORDS_PER_SUBMISSION: usize =
    tradeproof_circuits::claims::aggregate_value::MAX_CAPACITY;
/// Largest number of submissions in one batch.
pub const MAX_BATCH: usize = 1 << 16;

/// Where each field of the fixed-layout encodings starts, derived from the sizes in the table above
/// (header 2 bytes, circuit id 32, field element 32, compressed G1 32, compressed G2 64). Offsets
/// after a claim kind assume a one-byte (fixed-shape) kind.
pub mod offsets {
    const HEADER: usize = 2;
    const ID: usize = 32;
    const FR: usize = 32;
    const G1: usize = 32;
    const G2: usize = 64;

    /// Proof: point A.
    pub const PROOF_A: usize = HEADER + ID;
    /// Proof: point B.
    pub const PROOF_B: usize = PROOF_A + G1;
    /// Proof: point C.
    pub const PROOF_C: usize = PROOF_B + G2;
    /// Proof: total length.
    pub const PROOF_LEN: usize = PROOF_C + G1;
    /// Uncompressed proof ([`Proof::to_bytes_uncompressed`](crate::Proof::to_bytes_uncompressed)):
    /// point A (`x ‖ y`).
    pub const PROOF_U_A: usize = HEADER + ID;
    /// Uncompressed proof: point B (`x.c0 ‖ x.c1 ‖ y.c0 ‖ y.c1`).
    pub const PROOF_U_B: usize = PROOF_U_A + 2 * G1;
    /// Uncompressed proof: point C.
    pub const PROOF_U_C: usize = PROOF_U_B + 2 * G2;
    /// Uncompressed proof: total length.
    pub const PROOF_U_LEN: usize = PROOF_U_C + 2 * G1;
    /// Statement: claim kind.
    pub const ST_KIND: usize = HEADER + ID;
    /// Statement: input count (`u16`).
    pub const ST_COUNT: usize = ST_KIND + 1;
    /// Statement: first public input.
    pub const ST_INPUTS: usize = ST_COUNT + 2;
    /// Verifying key: claim kind.
    pub const VK_KIND: usize = HEADER;
    /// Verifying key: circuit id.
    pub const VK_ID: usize = VK_KIND + 1;
    /// Verifying key: α.
    pub const VK_ALPHA: usize = VK_ID + ID;
    /// Verifying key: β.
    pub const VK_BETA: usize = VK_ALPHA + G1;
    /// Verifying key: γ.
    pub const VK_GAMMA: usize = VK_BETA + G2;
    /// Verifying key: δ.
    pub const VK_DELTA: usize = VK_GAMMA + G2;
    /// Verifying key: IC count (`u16`).
    pub const VK_COUNT: usize = VK_DELTA + G2;
    /// Verifying key: first IC point.
    pub const VK_IC: usize = VK_COUNT + 2;
    /// Sealed record: nonce (16 bytes).
    pub const REC_NONCE: usize = HEADER;
    /// Sealed record: first ciphertext element.
    pub const REC_CIPHERTEXT: usize = REC_NONCE + 16;
    /// Sealed record: authentication tag.
    pub const REC_TAG: usize = REC_CIPHERTEXT + super::RECORD_SLOTS * FR;
    /// Sealed record: total length.
    pub const REC_LEN: usize = REC_TAG + FR;
}

const TAG_RECORD: u8 = b'R';
const TAG_PROOF: u8 = b'P';
const TAG_PROOF_UNCOMPRESSED: u8 = b'Q';
const TAG_STATEMENT: u8 = b'S';
const TAG_VK: u8 = b'V';
const TAG_VK_UNCOMPRESSED: u8 = b'W';
const TAG_SUBMISSION: u8 = b'U';
const TAG_BATCH: u8 = b'B';
const TAG_READINGS: u8 = b'M';
const TAG_GRANT: u8 = b'G';
const TAG_PARTY_KEY: u8 = b'K';
pub(crate) const VERSION: u8 = 1;

/// Encoding into canonical bytes.
pub trait Encode {
    /// Appends the encoding to `out`.
    fn encode_to(&self, out: &mut Vec<u8>);
    /// The encoding.
    fn to_bytes(&self) -> Vec<u8> {
        let mut v = Vec::new();
        self.encode_to(&mut v);
        v
    }
}

/// Strict decoding from untrusted bytes.
pub trait Decode: Sized {
    /// Reads one object from the reader.
    fn decode_from(r: &mut Reader<'_>) -> Result<Self>;
    /// Decodes exactly one object: trailing bytes are an error.
    fn from_bytes(bytes: &[u8]) -> Result<Self> {
        let mut r = Reader::new(bytes);
        let v = Self::decode_from(&mut r)?;
        r.finish()?;
        Ok(v)
    }
}

/// A cursor over untrusted bytes.
pub struct Reader<'a> {
    buf: &'a [u8],
    pos: usize,
    /// G2 points are checked on the curve but not in the subgroup: the caller tests a whole batch
    /// of them at once (see [`Proof::from_bytes_any_deferring_subgroup`]).
    defer_subgroup: bool,
}

impl<'a> Reader<'a> {
    /// Reads from `buf`.
    pub fn new(buf: &'a [u8]) -> Self {
        Self {
            buf,
            pos: 0,
            defer_subgroup: false,
        }
    }

    /// Bytes not read yet.
    pub fn remaining(&self) -> usize {
        self.buf.len() - self.pos
    }

    pub(crate) fn take(&mut self, n: usize, what: &'static str) -> Result<&'a [u8]> {
        if self.remaining() < n {
            return Err(DecodeError::UnexpectedEnd {
                what,
                at: self.buf.len(),
                needed: n - self.remaining(),
            }
            .into());
        }
        let s = &self.buf[self.pos..self.pos + n];
        self.pos += n;
        Ok(s)
    }

    pub(crate) fn u8(&mut self, what: &'static str) -> Result<u8> {
        Ok(self.take(1, what)?[0])
    }

    pub(crate) fn u16(&mut self, what: &'static str) -> Result<u16> {
        let b = self.take(2, what)?;
        Ok(u16::from_le_bytes([b[0], b[1]]))
    }

    pub(crate) fn u32(&mut self, what: &'static str) -> Result<u32> {
        let b = self.take(4, what)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    pub(crate) fn u64(&mut self, what: &'static str) -> Result<u64> {
        let b = self.take(8, what)?;
        Ok(u64::from_le_bytes(b.try_into().unwrap_or([0; 8])))
    }

    pub(crate) fn array32(&mut self, what: &'static str) -> Result<[u8; 32]> {
        let mut a = [0u8; 32];
        a.copy_from_slice(self.take(32, what)?);
        Ok(a)
    }

    pub(crate) fn header(&mut self, tag: u8, what: &'static str) -> Result<()> {
        let t = self.u8(what)?;
        if t != tag {
            return Err(DecodeError::WrongKind {
                expected: what,
                found: t,
            }
            .into());
        }
        let v = self.u8(what)?;
        if v != VERSION {
            return Err(DecodeError::UnknownVersion { what, version: v }.into());
        }
        Ok(())
    }

    /// A canonical field element.
    pub fn fr(&mut self, what: &'static str) -> Result<Fr> {
        self.canonical(what)
    }

    /// A canonical element of a 256-bit prime field (`Fr` or `Fq`): 32 bytes, little-endian, below the
    /// modulus.
    pub(crate) fn canonical<F: PrimeField<BigInt = ark_ff::BigInt<4>>>(
        &mut self,
        what: &'static str,
    ) -> Result<F> {
        let b = self.take(32, what)?;
        let mut limbs = [0u64; 4];
        for (i, l) in limbs.iter_mut().enumerate() {
            *l = u64::from_le_bytes(b[8 * i..8 * i + 8].try_into().unwrap_or([0; 8]));
        }
        F::from_bigint(ark_ff::BigInt(limbs))
            .ok_or_else(|| DecodeError::NonCanonicalField(what).into())
    }

    /// A G1 point, on the curve, not the identity.
    pub fn g1(&mut self, what: &'static str) -> Result<G1Affine> {
        let b = self.take(32, what)?;
        let p = G1Affine::deserialize_with_mode(b, Compress::Yes, Validate::No)
            .map_err(|_| DecodeError::BadPoint(what))?;
        check_g1(&p, what)?;
        Ok(p)
    }

    /// A G2 point, on the curve, in the prime-order subgroup, not the identity.
    pub fn g2(&mut self, what: &'static str) -> Result<G2Affine> {
        let b = self.take(64, what)?;
        let p = G2Affine::deserialize_with_mode(b, Compress::Yes, Validate::No)
            .map_err(|_| DecodeError::BadPoint(what))?;
        self.check_g2(&p, what)?;
        Ok(p)
    }

    /// An uncompressed G1 point `x ‖ y`: on the curve, not the identity (no square root needed).
    pub fn g1_uncompressed(&mut self, what: &'static str) -> Result<G1Affine> {
        let (x, y) = (self.canonical(what)?, self.canonical(what)?);
        let p = G1Affine::new_unchecked(x, y);
        check_g1(&p, what)?;
        Ok(p)
    }

    /// An uncompressed G2 point `x.c0 ‖ x.c1 ‖ y.c0 ‖ y.c1`: on the curve, in the prime-order
    /// subgroup, not the identity.
    pub fn g2_uncompressed(&mut self, what: &'static str) -> Result<G2Affine> {
        let x = Fq2::new(self.canonical(what)?, self.canonical(what)?);
        let y = Fq2::new(self.canonical(what)?, self.canonical(what)?);
        let p = G2Affine::new_unchecked(x, y);
        self.check_g2(&p, what)?;
        Ok(p)
    }

    fn check_g2(&self, p: &G2Affine, what: &'static str) -> Result<()> {
        match self.defer_subgroup {
            false => check_g2(p, what),
            true => check_g2_on_curve(p, what),
        }
    }

    /// Fails if bytes remain.
    pub fn finish(&self) -> Result<()> {
        match self.remaining() {
            0 => Ok(()),
            n => Err(DecodeError::TrailingBytes(n).into()),
        }
    }
}

fn count_u16(n: usize) -> u16 {
    u16::try_from(n).unwrap_or(u16::MAX)
}

fn count_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

fn put_fr(out: &mut Vec<u8>, x: &Fr) {
    put_field(out, x);
}

/// A prime-field element as 32 little-endian bytes.
pub(crate) fn put_field<F: PrimeField>(out: &mut Vec<u8>, x: &F) {
    out.extend_from_slice(&x.into_bigint().to_bytes_le());
}

pub(crate) fn put_point<P: CanonicalSerialize>(out: &mut Vec<u8>, p: &P) {
    // Serialising an in-memory point into a Vec cannot fail.
    let _ = p.serialize_compressed(&mut *out);
}

fn kind_bytes(kind: ClaimKind) -> Vec<u8> {
    let mut v = vec![kind.tag()];
    if let Some(p) = kind.parameter() {
        v.extend_from_slice(&p.to_le_bytes());
    }
    v
}

fn decode_kind(r: &mut Reader<'_>) -> Result<ClaimKind> {
    let t = r.u8("claim kind")?;
    let unknown = || DecodeError::Invalid {
        what: "claim kind",
        reason: format!("unknown tag {t}"),
    };
    let parameter = match ClaimKind::tag_has_parameter(t).ok_or_else(unknown)? {
        true => r.u16("aggregate capacity")?,
        false => 0,
    };
    let k = ClaimKind::from_tag(t, parameter).ok_or_else(unknown)?;
    k.validate().map_err(|e| DecodeError::Invalid {
        what: "claim kind",
        reason: e.to_string(),
    })?;
    Ok(k)
}

/// Writes a claim kind to a stream (key files).
pub(crate) fn write_kind<W: std::io::Write>(w: &mut W, kind: ClaimKind) -> Result<()> {
    w.write_all(&kind_bytes(kind))?;
    Ok(())
}

/// Reads a claim kind from a stream (key files).
pub(crate) fn read_kind<R: std::io::Read>(r: &mut R) -> Result<ClaimKind> {
    let mut t = [0u8; 1];
    r.read_exact(&mut t)
        .map_err(|_| DecodeError::UnexpectedEnd {
            what: "claim kind",
            at: 0,
            needed: 1,
        })?;
    let mut buf = t.to_vec();
    if ClaimKind::tag_has_parameter(t[0]) == Some(true) {
        let mut c = [0u8; 2];
        r.read_exact(&mut c)
            .map_err(|_| DecodeError::UnexpectedEnd {
                what: "aggregate capacity",
                at: 0,
                needed: 2,
            })?;
        buf.extend_from_slice(&c);
    }
    decode_kind(&mut Reader::new(&buf))
}

impl Encode for SealedRecord {
    fn encode_to(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&[TAG_RECORD, self.version]);
        out.extend_from_slice(&self.nonce.to_le_bytes());
        for c in &self.ciphertext {
            put_fr(out, c);
        }
        put_fr(out, &self.tag);
    }
}

impl Decode for SealedRecord {
    fn decode_from(r: &mut Reader<'_>) -> Result<Self> {
        r.header(TAG_RECORD, "sealed record")?;
        let nonce = u128::from_le_bytes(r.take(16, "nonce")?.try_into().unwrap_or([0; 16]));
        let mut ciphertext = [Fr::zero(); RECORD_SLOTS];
        for c in ciphertext.iter_mut() {
            *c = r.fr("ciphertext element")?;
        }
        let tag = r.fr("authentication tag")?;
        Ok(SealedRecord {
            version: VERSION,
            nonce,
            ciphertext,
            tag,
        })
    }
}

/// A party's public key on the wire: a Baby JubJub point of the prime-order subgroup, not the
/// identity, in circomlib's 32-byte packing (tag `'K'`). Decoding refuses points off the curve, of small
/// order or mixed order, the identity and non-canonical packings.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PartyKey(pub PublicKey);

impl Reader<'_> {
    /// A packed Baby JubJub point on the curve (subgroup membership is the caller's check).
    fn baby_jubjub(&mut self, what: &'static str) -> Result<PublicKey> {
        let b = self.array32(what)?;
        PublicKey::unpack(&b).ok_or_else(|| DecodeError::NotOnCurve(what).into())
    }
}

impl Encode for PartyKey {
    fn encode_to(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&[TAG_PARTY_KEY, VERSION]);
        out.extend_from_slice(&self.0.pack());
    }
}

impl Decode for PartyKey {
    fn decode_from(r: &mut Reader<'_>) -> Result<Self> {
        r.header(TAG_PARTY_KEY, "party public key")?;
        let p = r.baby_jubjub("party public key")?;
        if p == PublicKey::IDENTITY {
            return Err(DecodeError::Identity("party public key").into());
        }
        if !p.is_valid_public_key() {
            return Err(DecodeError::NotInSubgroup("party public key").into());
        }
        Ok(PartyKey(p))
    }
}

impl Encode for Grant {
    fn encode_to(&self, out: &mut Vec<u8>) {
        let (record, recipient, ephemeral, wrapped, tag) = self.parts();
        out.extend_from_slice(&[TAG_GRANT, VERSION]);
        put_fr(out, &record);
        out.extend_from_slice(&recipient.pack());
        out.extend_from_slice(&ephemeral.pack());
        put_fr(out, &wrapped);
        put_fr(out, &tag);
    }
}

impl Decode for Grant {
    /// Checks the framing, canonical field elements and packings, the recipient a valid public key and
    /// the ephemeral key a curve point other than the identity ([`Grant::from_parts`]).
    fn decode_from(r: &mut Reader<'_>) -> Result<Self> {
        r.header(TAG_GRANT, "grant")?;
        let record = r.fr("grant record")?;
        let recipient = r.baby_jubjub("grant recipient")?;
        let ephemeral = r.baby_jubjub("grant ephemeral key")?;
        let wrapped = r.fr("grant wrapped key")?;
        let tag = r.fr("grant tag")?;
        Grant::from_parts(record, recipient, ephemeral, wrapped, tag)
    }
}

impl Encode for SignedBatch {
    fn encode_to(&self, out: &mut Vec<u8>) {
        let b = &self.batch;
        out.extend_from_slice(&[TAG_READINGS, VERSION]);
        out.extend_from_slice(&b.device.to_le_bytes());
        put_fr(out, &b.shipment);
        out.extend_from_slice(&b.sequence.to_le_bytes());
        // A batch of more than 255 readings cannot be valid; its count is written saturated, so the
        // encoding of such a value does not decode.
        out.push(u8::try_from(b.readings.len()).unwrap_or(u8::MAX));
        for r in &b.readings {
            out.extend_from_slice(&r.time.to_le_bytes());
            out.extend_from_slice(&r.value.to_le_bytes());
        }
        put_fr(out, &self.signature.r8.x);
        put_fr(out, &self.signature.r8.y);
        put_fr(out, &self.signature.s);
    }
}

impl Decode for SignedBatch {
    /// Checks, besides the framing: 1 to 96 readings (before reading them), times below `2^40`, a
    /// nonzero device and shipment, `R8` on Baby JubJub and `S` below its subgroup order. The signature
    /// itself is checked against the registry by the claim, not here.
    fn decode_from(r: &mut Reader<'_>) -> Result<Self> {
        r.header(TAG_READINGS, "signed reading batch")?;
        let device = r.u64("device")?;
        let shipment = r.fr("shipment")?;
        let sequence = r.u64("sequence number")?;
        let n = r.u8("reading count")?;
        if n == 0 || usize::from(n) > CAPACITY {
            return Err(DecodeError::LengthTooLarge {
                what: "readings (1 to 96)",
                len: n.into(),
                max: CAPACITY as u64,
            }
            .into());
        }
        let readings = (0..n)
            .map(|_| {
                Ok(Reading {
                    time: r.u64("reading time")?,
                    value: r.u32("reading value")? as i32,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        let (x, y) = (r.fr("signature R8.x")?, r.fr("signature R8.y")?);
        let s = r.fr("signature S")?;
        let batch = SignedBatch {
            batch: ReadingBatch {
                device,
                shipment,
                sequence,
                readings,
            },
            signature: crate::sensor::Signature {
                r8: crate::sensor::PublicKey { x, y },
                s,
            },
        };
        batch.check_encoding().map_err(|e| DecodeError::Invalid {
            what: "signed reading batch",
            reason: e.to_string(),
        })?;
        Ok(batch)
    }
}

impl Encode for Proof {
    fn encode_to(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&[TAG_PROOF, VERSION]);
        out.extend_from_slice(&self.circuit_id.0);
        put_point(out, &self.a);
        put_point(out, &self.b);
        put_point(out, &self.c);
    }
}

impl Decode for Proof {
    fn decode_from(r: &mut Reader<'_>) -> Result<Self> {
        r.header(TAG_PROOF, "proof")?;
        let circuit_id = CircuitId(r.array32("circuit id")?);
        let a = r.g1("proof A")?;
        let b = r.g2("proof B")?;
        let c = r.g1("proof C")?;
        Ok(Proof {
            circuit_id,
            a,
            b,
            c,
        })
    }
}

impl Proof {
    /// The uncompressed encoding (290 bytes instead of 162): tag `Q`, version, circuit id, then the
    /// affine coordinates of A, B and C as canonical little-endian base-field elements. Decoding it
    /// needs no square roots (about a third of the decoding time of a compressed proof saved), for
    /// links where bandwidth is cheaper than CPU; every check of the compressed form is kept.
    pub fn to_bytes_uncompressed(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(offsets::PROOF_U_LEN);
        out.extend_from_slice(&[TAG_PROOF_UNCOMPRESSED, VERSION]);
        out.extend_from_slice(&self.circuit_id.0);
        let (a, b, c) = (&self.a, &self.b, &self.c);
        for x in [&a.x, &a.y, &b.x.c0, &b.x.c1, &b.y.c0, &b.y.c1, &c.x, &c.y] {
            put_field(&mut out, x);
        }
        out
    }

    /// Decodes [`to_bytes_uncompressed`](Self::to_bytes_uncompressed)'s form, strictly (canonical
    /// coordinates, points on the curve, B in the subgroup, no identity, no trailing bytes).
    pub fn from_bytes_uncompressed(bytes: &[u8]) -> Result<Self> {
        let mut r = Reader::new(bytes);
        let p = Self::decode_uncompressed_from(&mut r)?;
        r.finish()?;
        Ok(p)
    }

    fn decode_uncompressed_from(r: &mut Reader<'_>) -> Result<Self> {
        r.header(TAG_PROOF_UNCOMPRESSED, "uncompressed proof")?;
        let circuit_id = CircuitId(r.array32("circuit id")?);
        let a = r.g1_uncompressed("proof A")?;
        let b = r.g2_uncompressed("proof B")?;
        let c = r.g1_uncompressed("proof C")?;
        Ok(Proof {
            circuit_id,
            a,
            b,
            c,
        })
    }

    /// Decodes either form, by its tag (`P` compressed, `Q` uncompressed).
    pub fn from_bytes_any(bytes: &[u8]) -> Result<Self> {
        Self::decode_any(Reader::new(bytes))
    }

    /// [`from_bytes_any`](Self::from_bytes_any) with every check but one: `B` is on the curve and not
    /// the identity, but **not yet tested for membership in G2** — the batch decoder runs that test
    /// on the whole batch at once (eight points per vector register) and refuses the proofs whose `B`
    /// fails it with [`from_bytes_any`](Self::from_bytes_any)'s error. Never use the result otherwise.
    pub(crate) fn from_bytes_any_deferring_subgroup(bytes: &[u8]) -> Result<Self> {
        let mut r = Reader::new(bytes);
        r.defer_subgroup = true;
        Self::decode_any(r)
    }

    /// The framing of a compressed proof, if it is one: exactly [`offsets::PROOF_LEN`] bytes, tag `P`,
    /// this version; then the circuit id and the three points' bytes, unread. For the batch decoder,
    /// which decompresses many points at once and accepts a point only if it re-encodes to these
    /// bytes.
    pub(crate) fn compressed_parts(bytes: &[u8]) -> Option<(CircuitId, [&[u8]; 3])> {
        use offsets::{PROOF_A, PROOF_B, PROOF_C, PROOF_LEN};
        if bytes.len() != PROOF_LEN || bytes[0] != TAG_PROOF || bytes[1] != VERSION {
            return None;
        }
        let id: [u8; 32] = bytes[PROOF_A - 32..PROOF_A].try_into().ok()?;
        Some((
            CircuitId(id),
            [
                &bytes[PROOF_A..PROOF_B],
                &bytes[PROOF_B..PROOF_C],
                &bytes[PROOF_C..PROOF_LEN],
            ],
        ))
    }

    fn decode_any(mut r: Reader<'_>) -> Result<Self> {
        let p = match r.buf.first() {
            Some(&TAG_PROOF_UNCOMPRESSED) => Self::decode_uncompressed_from(&mut r)?,
            _ => Self::decode_from(&mut r)?,
        };
        r.finish()?;
        Ok(p)
    }
}

impl Encode for Statement {
    fn encode_to(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&[TAG_STATEMENT, VERSION]);
        out.extend_from_slice(&self.circuit_id.0);
        out.extend_from_slice(&kind_bytes(self.kind));
        // Counts above the format's limits are written saturated: the decoder then refuses the bytes
        // instead of reading a different object.
        out.extend_from_slice(&count_u16(self.inputs.len()).to_le_bytes());
        for x in &self.inputs {
            put_fr(out, x);
        }
    }
}

impl Decode for Statement {
    fn decode_from(r: &mut Reader<'_>) -> Result<Self> {
        r.header(TAG_STATEMENT, "statement")?;
        let circuit_id = CircuitId(r.array32("circuit id")?);
        let kind = decode_kind(r)?;
        let n = r.u16("input count")? as usize;
        if n > MAX_INPUTS {
            return Err(DecodeError::LengthTooLarge {
                what: "public inputs",
                len: n as u64,
                max: MAX_INPUTS as u64,
            }
            .into());
        }
        if n != kind.num_inputs() {
            return Err(DecodeError::Invalid {
                what: "public inputs",
                reason: format!("{n} given, {kind} takes {}", kind.num_inputs()),
            }
            .into());
        }
        let mut inputs = Vec::with_capacity(n);
        for _ in 0..n {
            inputs.push(r.fr("public input")?);
        }
        Statement::from_inputs(circuit_id, kind, inputs)
    }
}

impl Encode for VerifyingKey {
    fn encode_to(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&[TAG_VK, VERSION]);
        out.extend_from_slice(&kind_bytes(self.kind));
        out.extend_from_slice(&self.circuit_id.0);
        put_point(out, &self.vk.alpha_g1);
        put_point(out, &self.vk.beta_g2);
        put_point(out, &self.vk.gamma_g2);
        put_point(out, &self.vk.delta_g2);
        out.extend_from_slice(&count_u16(self.vk.gamma_abc_g1.len()).to_le_bytes());
        for p in &self.vk.gamma_abc_g1 {
            put_point(out, p);
        }
    }
}

impl Decode for VerifyingKey {
    fn decode_from(r: &mut Reader<'_>) -> Result<Self> {
        r.header(TAG_VK, "verifying key")?;
        decode_vk(r, false)
    }
}

impl VerifyingKey {
    /// The uncompressed encoding: tag `W`, version, kind, circuit id, then the affine coordinates of
    /// α, β, γ, δ and the IC points as canonical little-endian base-field elements (64 bytes a G1
    /// point, 128 a G2 point: about twice the size). Decoding it needs no square roots, which is most
    /// of the cost of a key with many IC points (an aggregate-value key at capacity 256 has 258);
    /// every check of the compressed form is kept. `tradeproof_verifier` reads both forms by tag.
    pub fn to_bytes_uncompressed(&self) -> Vec<u8> {
        let mut out = vec![TAG_VK_UNCOMPRESSED, VERSION];
        out.extend_from_slice(&kind_bytes(self.kind));
        out.extend_from_slice(&self.circuit_id.0);
        let vk = &self.vk;
        put_g1_uncompressed(&mut out, &vk.alpha_g1);
        for p in [&vk.beta_g2, &vk.gamma_g2, &vk.delta_g2] {
            for x in [&p.x.c0, &p.x.c1, &p.y.c0, &p.y.c1] {
                put_field(&mut out, x);
            }
        }
        out.extend_from_slice(&count_u16(vk.gamma_abc_g1.len()).to_le_bytes());
        for p in &vk.gamma_abc_g1 {
            put_g1_uncompressed(&mut out, p);
        }
        out
    }

    /// Decodes [`to_bytes_uncompressed`](Self::to_bytes_uncompressed)'s form, strictly (canonical
    /// coordinates, points on the curve and in their subgroups, no identity, no unsafe relation, the
    /// circuit id of this library's circuit, no trailing bytes).
    pub fn from_bytes_uncompressed(bytes: &[u8]) -> Result<Self> {
        let mut r = Reader::new(bytes);
        r.header(TAG_VK_UNCOMPRESSED, "uncompressed verifying key")?;
        let key = decode_vk(&mut r, true)?;
        r.finish()?;
        Ok(key)
    }

    /// Decodes either form, by its tag (`V` compressed, `W` uncompressed).
    pub fn from_bytes_any(bytes: &[u8]) -> Result<Self> {
        match bytes.first() {
            Some(&TAG_VK_UNCOMPRESSED) => Self::from_bytes_uncompressed(bytes),
            _ => Self::from_bytes(bytes),
        }
    }
}

fn put_g1_uncompressed(out: &mut Vec<u8>, p: &G1Affine) {
    put_field(out, &p.x);
    put_field(out, &p.y);
}

/// A verifying key after its header, with compressed or uncompressed points.
fn decode_vk(r: &mut Reader<'_>, uncompressed: bool) -> Result<VerifyingKey> {
    let kind = decode_kind(r)?;
    let circuit_id = CircuitId(r.array32("circuit id")?);
    let g1 = |r: &mut Reader<'_>, what| match uncompressed {
        false => r.g1(what),
        true => r.g1_uncompressed(what),
    };
    let g2 = |r: &mut Reader<'_>, what| match uncompressed {
        false => r.g2(what),
        true => r.g2_uncompressed(what),
    };
    let alpha_g1 = g1(r, "vk alpha")?;
    let beta_g2 = g2(r, "vk beta")?;
    let gamma_g2 = g2(r, "vk gamma")?;
    let delta_g2 = g2(r, "vk delta")?;
    let n = r.u16("IC count")? as usize;
    if n != kind.num_inputs() + 1 {
        return Err(DecodeError::Invalid {
            what: "IC points",
            reason: format!("{n} given, {kind} needs {}", kind.num_inputs() + 1),
        }
        .into());
    }
    let mut ic = Vec::with_capacity(n);
    for _ in 0..n {
        ic.push(g1(r, "vk IC point")?);
    }
    let vk = ark_groth16::VerifyingKey {
        alpha_g1,
        beta_g2,
        gamma_g2,
        delta_g2,
        gamma_abc_g1: ic,
    };
    let key = VerifyingKey::from_ark(kind, vk)?;
    if key.circuit_id != circuit_id {
        return Err(crate::Error::CircuitMismatch {
            expected: key.circuit_id,
            found: circuit_id,
        });
    }
    Ok(key)
}

impl Encode for Submission {
    fn encode_to(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&[TAG_SUBMISSION, VERSION]);
        out.extend_from_slice(&count_u16(self.records.len()).to_le_bytes());
        for rec in &self.records {
            rec.encode_to(out);
        }
        self.statement.encode_to(out);
        self.proof.encode_to(out);
    }
}

impl Decode for Submission {
    fn decode_from(r: &mut Reader<'_>) -> Result<Self> {
        r.header(TAG_SUBMISSION, "submission")?;
        let k = r.u16("record count")? as usize;
        if k > MAX_RECORDS_PER_SUBMISSION {
            return Err(DecodeError::LengthTooLarge {
                what: "records",
                len: k as u64,
                max: MAX_RECORDS_PER_SUBMISSION as u64,
            }
            .into());
        }
        let mut records = Vec::with_capacity(k);
        for _ in 0..k {
            records.push(SealedRecord::decode_from(r)?);
        }
        let statement = Statement::decode_from(r)?;
        let proof = Proof::decode_from(r)?;
        Ok(Submission {
            records,
            statement,
            proof,
        })
    }
}

/// Encodes a batch of submissions: `'B'`, version, count, then each submission prefixed by its length.
pub fn encode_batch(items: &[Submission]) -> Vec<u8> {
    let mut out = vec![TAG_BATCH, VERSION];
    out.extend_from_slice(&count_u32(items.len()).to_le_bytes());
    for s in items {
        let b = s.to_bytes();
        out.extend_from_slice(&count_u32(b.len()).to_le_bytes());
        out.extend_from_slice(&b);
    }
    out
}

/// Splits a batch into its items without decoding them, so that one malformed item does not hide the
/// others. Fails only if the framing itself is broken.
pub fn split_batch(bytes: &[u8]) -> Result<Vec<&[u8]>> {
    let mut r = Reader::new(bytes);
    r.header(TAG_BATCH, "batch")?;
    let n = r.u32("batch size")? as usize;
    if n > MAX_BATCH {
        return Err(DecodeError::LengthTooLarge {
            what: "batch",
            len: n as u64,
            max: MAX_BATCH as u64,
        }
        .into());
    }
    // Each item needs at least its 4-byte length: bound the allocation by what the input can hold.
    let mut items = Vec::with_capacity(n.min(r.remaining() / 4));
    for _ in 0..n {
        let len = r.u32("item length")? as usize;
        items.push(r.take(len, "batch item")?);
    }
    r.finish()?;
    Ok(items)
}

/// Decodes a whole batch, item by item: the outer error is for broken framing, the inner ones per item.
pub fn decode_batch(bytes: &[u8]) -> Result<Vec<Result<Submission>>> {
    Ok(split_batch(bytes)?
        .into_iter()
        .map(Submission::from_bytes)
        .collect())
}

#[cfg(test)]
mod tests {
    use super::offsets::*;
    use super::*;
    use crate::context::Context;
    use crate::testing::{fixture, witness};

    #[test]
    fn fields_sit_at_their_offsets() {
        let f = fixture();
        let (st, pf) = f
            .prover
            .prove(witness(&Context::new(2, 2), 0, 10_000_000))
            .unwrap();
        let p = pf.to_bytes();
        assert_eq!(p.len(), PROOF_LEN);
        let mut a = Vec::new();
        put_point(&mut a, &pf.a);
        assert_eq!(&p[PROOF_A..PROOF_B], &a[..]);
        let mut c = Vec::new();
        put_point(&mut c, &pf.c);
        assert_eq!(&p[PROOF_C..], &c[..]);
        let s = st.to_bytes();
        assert_eq!(s[ST_KIND], ClaimKind::ValueRange.tag());
        assert_eq!(u16::from_le_bytes([s[ST_COUNT], s[ST_COUNT + 1]]), 6);
        assert_eq!(s.len(), ST_INPUTS + 6 * 32);
        let v = f.vk.to_bytes();
        assert_eq!(v[VK_KIND], ClaimKind::ValueRange.tag());
        assert_eq!(&v[VK_ID..VK_ALPHA], &f.vk.circuit_id().0);
        assert_eq!(u16::from_le_bytes([v[VK_COUNT], v[VK_COUNT + 1]]), 7);
        assert_eq!(v.len(), VK_IC + 7 * 32);
        assert!(v.len() <= MAX_VK_BYTES);
        let r = f.sealed.to_bytes();
        assert_eq!(r.len(), REC_LEN);
        let mut tag = Vec::new();
        put_fr(&mut tag, &f.sealed.tag);
        assert_eq!(&r[REC_TAG..], &tag[..]);
    }

    #[test]
    fn every_kind_round_trips_through_its_tag_and_unknown_tags_are_refused() {
        let mut kinds = ClaimKind::FIXED.to_vec();
        kinds.extend([1u16, 32, 256].map(|capacity| ClaimKind::AggregateValue { capacity }));
        for k in kinds {
            let bytes = kind_bytes(k);
            assert_eq!(decode_kind(&mut Reader::new(&bytes)).unwrap(), k);
            assert_eq!(read_kind(&mut &bytes[..]).unwrap(), k);
        }
        for bad in [vec![0], vec![99], vec![7, 0, 0], vec![7, 1, 1], vec![7]] {
            assert!(decode_kind(&mut Reader::new(&bad)).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn the_reader_never_reads_past_its_input() {
        let mut r = Reader::new(&[1, 2, 3]);
        assert!(r.u16("x").is_ok());
        assert!(r.u16("y").is_err());
        assert!(Reader::new(&[0]).finish().is_err());
        assert!(Reader::new(&[]).finish().is_ok());
    }
}
