//! snarkjs JSON interoperability: export tradeproof keys, proofs and statements in the formats of
//! snarkjs (Groth16 over BN254, which snarkjs calls `bn128`), and import and verify snarkjs-made ones.
//!
//! # Formats
//! Every number is a **canonical decimal string**: digits only, no sign, no leading zero (except
//! `"0"`), below the modulus of its field — BN254's base field `q` for coordinates, its scalar field
//! `r` for public signals. (snarkjs also reads `0x` hex; this module writes decimal and reads only
//! canonical decimal, so one value has one encoding.)
//!
//! | value | JSON |
//! |---|---|
//! | G1 point | `["x", "y", "1"]` (affine; snarkjs writes the identity as `["0", "1", "0"]`) |
//! | G2 point | `[["x.c0", "x.c1"], ["y.c0", "y.c1"], ["1", "0"]]`, an Fq2 element `c0 + c1·u` with **c0 first** (the EVM order is the reverse, see [`super::solidity`]) |
//! | GT element | `[[[c0.c0.c0, c0.c0.c1], [c0.c1.c0, …], [c0.c2.c0, …]], [[c1.c0.c0, …], …, …]]`: the Fq12 tower `((Fq2)³)²` written outermost coefficient first, each Fq2 c0 first (arkworks' `c0`/`c1`/`c2` order, which reproduces snarkjs's own `vk_alphabeta_12`) |
//!
//! `verification_key.json`:
//! ```json
//! {"protocol": "groth16", "curve": "bn128", "nPublic": N,
//!  "vk_alpha_1": G1, "vk_beta_2": G2, "vk_gamma_2": G2, "vk_delta_2": G2,
//!  "vk_alphabeta_12": GT, "IC": [G1, … N+1 points]}
//! ```
//! `vk_alphabeta_12` is the pairing `e(α, β)`; snarkjs's verifier and Solidity template do not read it,
//! but it is written, and checked when present on import.
//!
//! `proof.json`: `{"pi_a": G1, "pi_b": G2, "pi_c": G1, "protocol": "groth16", "curve": "bn128"}`.
//!
//! `public.json`: an array of the `N` public signals as decimal strings, in circuit order;
//! `public[i]` pairs with `IC[i + 1]`. For a tradeproof [`Statement`] these are its
//! [`Statement::inputs`], context included.
//!
//! # Strict import
//! Reading untrusted snarkjs JSON ([`read_verifying_key`], [`read_proof`], [`read_public_signals`] and
//! the `import_*` wrappers) checks, before any pairing:
//! - the text is at most [`MAX_JSON_BYTES`] long and the key has at most [`MAX_PUBLIC_SIGNALS`]
//!   public signals; array lengths are bounded *while* parsing, nothing is allocated from a declared
//!   count (`nPublic` is only compared);
//! - `protocol` is `"groth16"`, `curve` is `"bn128"`, and `nPublic + 1` equals the number of `IC` points;
//! - every number is canonical decimal below its modulus;
//! - every point has `z = "1"` (G1) or `z = ["1", "0"]` (G2): other projective representatives are
//!   refused, and so is the snarkjs encoding of the identity (as well as `x = y = 0`, the identity of
//!   arkworks and the EVM), because the identity is not legal anywhere in an honest key or proof
//!   ([`DecodeError::Identity`]);
//! - every point is on its curve, and G2 points are in the prime-order subgroup (BN254's G2 has a
//!   cofactor; snarkjs itself does not check this);
//! - `vk_alphabeta_12`, when present, equals `e(vk_alpha_1, vk_beta_2)`;
//! - **unknown fields are rejected**, in keys and proofs alike ([`DecodeError::Json`]): a misspelt or
//!   foreign field is an error rather than silently ignored. Duplicate fields are rejected too.
//!
//! At verification ([`verify`]) the number of public signals must equal `nPublic`.
//!
//! # Example
//! ```no_run
//! # fn main() -> tradeproof::Result<()> {
//! use tradeproof::wire::snarkjs;
//! let vk = std::fs::read_to_string("verification_key.json")?;
//! let proof = std::fs::read_to_string("proof.json")?;
//! let public = std::fs::read_to_string("public.json")?;
//! let ok = snarkjs::verify_json(&vk, &proof, &public)?;
//! println!("proof {}", if ok { "verifies" } else { "does not verify" });
//! # Ok(())
//! # }
//! ```
use crate::claim::ClaimKind;
use crate::encoding::{check_g1, check_g2};
use crate::encoding::{fr_to_string, parse_fr};
use crate::error::{DecodeError, Error, Result};
use crate::keys::{CircuitId, VerifyingKey};
use crate::statement::{Proof, Statement};
use ark_bn254::{Bn254, Fq, Fq12, Fq2, Fq6, Fr, G1Affine, G2Affine};
use ark_ec::pairing::Pairing;
use ark_ec::AffineRepr;
use ark_ff::{BigInt, PrimeField};
use ark_groth16::Groth16;
use serde::de::{Error as _, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize};
use std::fmt;
use std::marker::PhantomData;

/// The `protocol` value of snarkjs Groth16 keys and proofs.
pub const PROTOCOL: &str = "groth16";
/// The `curve` value snarkjs uses for BN254.
pub const CURVE: &str = "bn128";
/// Largest number of public signals accepted on import (a key then has `MAX_PUBLIC_SIGNALS + 1` IC
/// points).
pub const MAX_PUBLIC_SIGNALS: usize = 4096;
/// Largest snarkjs JSON text accepted on import, in bytes (a pretty-printed key with
/// [`MAX_PUBLIC_SIGNALS`] signals is about 1 MB).
pub const MAX_JSON_BYTES: usize = 8 << 20;

/// A G1 point as snarkjs writes it: `["x", "y", "z"]`.
pub type G1Json = [String; 3];
/// A G2 point as snarkjs writes it: `[["x.c0", "x.c1"], ["y.c0", "y.c1"], ["z.c0", "z.c1"]]`.
pub type G2Json = [[String; 2]; 3];
/// An Fq12 element as snarkjs writes it (2 × 3 × 2 decimal strings, see the module docs).
pub type GtJson = [[[String; 2]; 3]; 2];

/// snarkjs's `verification_key.json`, field for field. Values are kept as the strings of the JSON:
/// [`VerificationKeyJson::to_ark`] validates them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(remote = "Self", deny_unknown_fields)]
pub struct VerificationKeyJson {
    /// Always `"groth16"`.
    pub protocol: String,
    /// Always `"bn128"`.
    pub curve: String,
    /// Number of public signals.
    #[serde(rename = "nPublic")]
    pub n_public: u64,
    /// α in G1.
    pub vk_alpha_1: G1Json,
    /// β in G2.
    pub vk_beta_2: G2Json,
    /// γ in G2.
    pub vk_gamma_2: G2Json,
    /// δ in G2.
    pub vk_delta_2: G2Json,
    /// `e(α, β)`; optional on import (checked when present), always written on export.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vk_alphabeta_12: Option<GtJson>,
    /// The `nPublic + 1` input commitments (arkworks' `gamma_abc_g1`).
    #[serde(rename = "IC", deserialize_with = "bounded_ic")]
    pub ic: Vec<G1Json>,
}

crate::encoding::object_only!(VerificationKeyJson, serialize);

/// snarkjs's `proof.json`, field for field. [`ProofJson::to_ark`] validates it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(remote = "Self", deny_unknown_fields)]
pub struct ProofJson {
    /// A in G1.
    pub pi_a: G1Json,
    /// B in G2.
    pub pi_b: G2Json,
    /// C in G1.
    pub pi_c: G1Json,
    /// Always `"groth16"`.
    pub protocol: String,
    /// Always `"bn128"`.
    pub curve: String,
}

crate::encoding::object_only!(ProofJson, serialize);

// ---------------------------------------------------------------------------------------------------
// Export
// ---------------------------------------------------------------------------------------------------

fn fq_string(x: &Fq) -> String {
    x.into_bigint().to_string()
}

fn fq2_json(x: &Fq2) -> [String; 2] {
    [fq_string(&x.c0), fq_string(&x.c1)]
}

fn g1_json(p: &G1Affine) -> G1Json {
    match p.xy() {
        Some((x, y)) => [fq_string(&x), fq_string(&y), "1".into()],
        None => ["0".into(), "1".into(), "0".into()],
    }
}

fn g2_json(p: &G2Affine) -> G2Json {
    match p.xy() {
        Some((x, y)) => [fq2_json(&x), fq2_json(&y), ["1".into(), "0".into()]],
        None => [
            ["0".into(), "0".into()],
            ["1".into(), "0".into()],
            ["0".into(), "0".into()],
        ],
    }
}

fn fq6_json(x: &Fq6) -> [[String; 2]; 3] {
    [fq2_json(&x.c0), fq2_json(&x.c1), fq2_json(&x.c2)]
}

/// The snarkjs encoding of an Fq12 element (`vk_alphabeta_12`'s layout).
pub fn gt_json(x: &Fq12) -> GtJson {
    [fq6_json(&x.c0), fq6_json(&x.c1)]
}

/// Serialising strings, integers and arrays of them cannot fail.
fn pretty<T: Serialize>(v: &T) -> String {
    serde_json::to_string_pretty(v).unwrap_or_default()
}

impl VerificationKeyJson {
    /// The snarkjs form of an arkworks key, `vk_alphabeta_12` included (one pairing).
    pub fn from_ark(vk: &ark_groth16::VerifyingKey<Bn254>) -> Self {
        let alphabeta = Bn254::pairing(vk.alpha_g1, vk.beta_g2).0;
        VerificationKeyJson {
            protocol: PROTOCOL.into(),
            curve: CURVE.into(),
            n_public: vk.gamma_abc_g1.len().saturating_sub(1) as u64,
            vk_alpha_1: g1_json(&vk.alpha_g1),
            vk_beta_2: g2_json(&vk.beta_g2),
            vk_gamma_2: g2_json(&vk.gamma_g2),
            vk_delta_2: g2_json(&vk.delta_g2),
            vk_alphabeta_12: Some(gt_json(&alphabeta)),
            ic: vk.gamma_abc_g1.iter().map(g1_json).collect(),
        }
    }

    /// Parses `verification_key.json` text (syntax, field names and array shapes only; see
    /// [`VerificationKeyJson::to_ark`] for the values).
    pub fn parse(json: &str) -> Result<Self> {
        parse_bounded(json)
    }

    /// Validates the key strictly (see the module docs) and converts it to arkworks.
    pub fn to_ark(&self) -> Result<ark_groth16::VerifyingKey<Bn254>> {
        check_header(&self.protocol, &self.curve, "verifying key")?;
        if self.n_public > MAX_PUBLIC_SIGNALS as u64 {
            return Err(DecodeError::LengthTooLarge {
                what: "nPublic",
                len: self.n_public,
                max: MAX_PUBLIC_SIGNALS as u64,
            }
            .into());
        }
        if self.ic.len() as u64 != self.n_public + 1 {
            return Err(DecodeError::Invalid {
                what: "IC",
                reason: format!(
                    "{} points given, nPublic = {} needs {}",
                    self.ic.len(),
                    self.n_public,
                    self.n_public + 1
                ),
            }
            .into());
        }
        let alpha_g1 = g1_from_json(&self.vk_alpha_1, "vk_alpha_1")?;
        let beta_g2 = g2_from_json(&self.vk_beta_2, "vk_beta_2")?;
        let gamma_g2 = g2_from_json(&self.vk_gamma_2, "vk_gamma_2")?;
        let delta_g2 = g2_from_json(&self.vk_delta_2, "vk_delta_2")?;
        let mut gamma_abc_g1 = Vec::with_capacity(self.ic.len());
        for p in &self.ic {
            gamma_abc_g1.push(g1_from_json(p, "IC point")?);
        }
        if let Some(ab) = &self.vk_alphabeta_12 {
            let given = gt_from_json(ab, "vk_alphabeta_12")?;
            if given != Bn254::pairing(alpha_g1, beta_g2).0 {
                return Err(DecodeError::Invalid {
                    what: "vk_alphabeta_12",
                    reason: "is not e(vk_alpha_1, vk_beta_2)".into(),
                }
                .into());
            }
        }
        Ok(ark_groth16::VerifyingKey {
            alpha_g1,
            beta_g2,
            gamma_g2,
            delta_g2,
            gamma_abc_g1,
        })
    }
}

impl From<&VerifyingKey> for VerificationKeyJson {
    fn from(vk: &VerifyingKey) -> Self {
        Self::from_ark(vk.as_ark())
    }
}

impl ProofJson {
    /// The snarkjs form of an arkworks proof.
    pub fn from_ark(p: &ark_groth16::Proof<Bn254>) -> Self {
        ProofJson {
            pi_a: g1_json(&p.a),
            pi_b: g2_json(&p.b),
            pi_c: g1_json(&p.c),
            protocol: PROTOCOL.into(),
            curve: CURVE.into(),
        }
    }

    /// Parses `proof.json` text (syntax, field names and array shapes only).
    pub fn parse(json: &str) -> Result<Self> {
        parse_bounded(json)
    }

    /// Validates the proof strictly (see the module docs) and converts it to arkworks.
    pub fn to_ark(&self) -> Result<ark_groth16::Proof<Bn254>> {
        check_header(&self.protocol, &self.curve, "proof")?;
        Ok(ark_groth16::Proof {
            a: g1_from_json(&self.pi_a, "pi_a")?,
            b: g2_from_json(&self.pi_b, "pi_b")?,
            c: g1_from_json(&self.pi_c, "pi_c")?,
        })
    }
}

impl From<&Proof> for ProofJson {
    fn from(p: &Proof) -> Self {
        Self::from_ark(&p.to_ark())
    }
}

/// Public signals as decimal strings (the content of `public.json`).
pub fn public_signals(inputs: &[Fr]) -> Vec<String> {
    inputs.iter().map(fr_to_string).collect()
}

/// `verification_key.json` for a tradeproof key (pretty-printed).
pub fn export_verifying_key(vk: &VerifyingKey) -> String {
    pretty(&VerificationKeyJson::from(vk))
}

/// `proof.json` for a tradeproof proof (pretty-printed).
pub fn export_proof(proof: &Proof) -> String {
    pretty(&ProofJson::from(proof))
}

/// `public.json` for a statement: its public inputs in circuit order, context included.
pub fn export_public(statement: &Statement) -> String {
    pretty(&public_signals(statement.inputs()))
}

// ---------------------------------------------------------------------------------------------------
// Import
// ---------------------------------------------------------------------------------------------------

/// Reads and strictly validates `verification_key.json` (see the module docs).
pub fn read_verifying_key(json: &str) -> Result<ark_groth16::VerifyingKey<Bn254>> {
    VerificationKeyJson::parse(json)?.to_ark()
}

/// Reads and strictly validates `proof.json`.
pub fn read_proof(json: &str) -> Result<ark_groth16::Proof<Bn254>> {
    ProofJson::parse(json)?.to_ark()
}

/// Reads `public.json`: at most [`MAX_PUBLIC_SIGNALS`] canonical decimal strings below `r`.
pub fn read_public_signals(json: &str) -> Result<Vec<Fr>> {
    let signals: Bounded<String, MAX_PUBLIC_SIGNALS> = parse_bounded(json)?;
    signals
        .0
        .iter()
        .map(|s| fr_from_decimal(s, "public signal"))
        .collect()
}

/// Imports a snarkjs key as a tradeproof key for `kind`: the key must have `kind`'s number of public
/// inputs. (That the key was made for tradeproof's circuit of that kind cannot be checked from the
/// key: pin it by its [`VerifyingKey::fingerprint`].)
pub fn import_verifying_key(json: &str, kind: ClaimKind) -> Result<VerifyingKey> {
    let vk = read_verifying_key(json)?;
    VerifyingKey::from_ark(kind, vk)
}

/// Imports a snarkjs proof as a tradeproof proof for the circuit `circuit_id`.
pub fn import_proof(json: &str, circuit_id: CircuitId) -> Result<Proof> {
    Proof::from_ark(circuit_id, &read_proof(json)?)
}

/// Imports `public.json` as the statement of a `kind` claim for the circuit `circuit_id` (the number of
/// signals must be `kind`'s number of public inputs).
pub fn import_statement(json: &str, circuit_id: CircuitId, kind: ClaimKind) -> Result<Statement> {
    Statement::from_inputs(circuit_id, kind, read_public_signals(json)?)
}

/// Verifies a Groth16 proof with arkworks (`prepare_verifying_key` + `verify_proof`): `Ok(true)` if it
/// verifies, `Ok(false)` if it does not, an error if the number of public signals is not the key's
/// `nPublic`.
pub fn verify(
    vk: &ark_groth16::VerifyingKey<Bn254>,
    proof: &ark_groth16::Proof<Bn254>,
    public: &[Fr],
) -> Result<bool> {
    let expected = vk.gamma_abc_g1.len().saturating_sub(1);
    if vk.gamma_abc_g1.is_empty() || public.len() != expected {
        return Err(Error::PublicInputCount {
            expected,
            found: public.len(),
        });
    }
    let pvk = ark_groth16::prepare_verifying_key(vk);
    Groth16::<Bn254>::verify_proof(&pvk, proof, public).map_err(|e| {
        Error::Decode(DecodeError::Invalid {
            what: "verifying key",
            reason: e.to_string(),
        })
    })
}

/// Reads a snarkjs (`verification_key.json`, `proof.json`, `public.json`) triple strictly and
/// verifies it: `Ok(false)` for a well-formed proof that does not verify, an error for malformed input.
pub fn verify_json(vk_json: &str, proof_json: &str, public_json: &str) -> Result<bool> {
    let vk = read_verifying_key(vk_json)?;
    let proof = read_proof(proof_json)?;
    let public = read_public_signals(public_json)?;
    verify(&vk, &proof, &public)
}

/// Parses a canonical decimal element of BN254's base field `q`: digits only, no leading zero (except
/// `"0"`), below `q` (the coordinate counterpart of [`crate::encoding::parse_fr`]).
pub fn parse_fq(s: &str) -> std::result::Result<Fq, DecodeError> {
    let limbs = decimal_limbs(s, "base field element")?;
    Fq::from_bigint(limbs).ok_or(DecodeError::NonCanonicalField("base field element"))
}

/// A short, printable excerpt of untrusted text for error messages.
fn excerpt(s: &str) -> String {
    let mut e: String = s.chars().take(24).collect();
    if e.len() < s.len() {
        e.push('…');
    }
    format!("{e:?}")
}

/// Canonical decimal syntax and a value below 2^256; `what` names the value in errors.
fn decimal_limbs(s: &str, what: &'static str) -> std::result::Result<BigInt<4>, DecodeError> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) || (s.len() > 1 && s.starts_with('0'))
    {
        return Err(DecodeError::Invalid {
            what,
            reason: format!("{} is not a canonical decimal integer", excerpt(s)),
        });
    }
    // Any 79-digit number is above 2^256 > q; this also bounds the loop below.
    if s.len() > 78 {
        return Err(DecodeError::NonCanonicalField(what));
    }
    let mut limbs = [0u64; 4];
    for b in s.bytes() {
        let mut carry = u128::from(b - b'0');
        for l in limbs.iter_mut() {
            let v = u128::from(*l) * 10 + carry;
            *l = v as u64;
            carry = v >> 64;
        }
        if carry != 0 {
            return Err(DecodeError::NonCanonicalField(what));
        }
    }
    Ok(BigInt(limbs))
}

fn fq_from_decimal(s: &str, what: &'static str) -> Result<Fq> {
    let limbs = decimal_limbs(s, what)?;
    Ok(Fq::from_bigint(limbs).ok_or(DecodeError::NonCanonicalField(what))?)
}

fn fr_from_decimal(s: &str, what: &'static str) -> Result<Fr> {
    // Classify the error: syntax (`Invalid`) or a value not below r (`NonCanonicalField`).
    let _ = decimal_limbs(s, what)?;
    Ok(parse_fr(s).map_err(|_| DecodeError::NonCanonicalField(what))?)
}

fn fq2_from_json(c: &[String; 2], what: &'static str) -> Result<Fq2> {
    Ok(Fq2::new(
        fq_from_decimal(&c[0], what)?,
        fq_from_decimal(&c[1], what)?,
    ))
}

fn check_header(protocol: &str, curve: &str, what: &'static str) -> Result<()> {
    if protocol != PROTOCOL {
        return Err(DecodeError::Invalid {
            what,
            reason: format!("protocol {} is not \"{PROTOCOL}\"", excerpt(protocol)),
        }
        .into());
    }
    if curve != CURVE {
        return Err(DecodeError::Invalid {
            what,
            reason: format!("curve {} is not \"{CURVE}\"", excerpt(curve)),
        }
        .into());
    }
    Ok(())
}

/// A G1 point with `z = "1"`, on the curve, not the identity.
fn g1_from_json(p: &G1Json, what: &'static str) -> Result<G1Affine> {
    if p[2] != "1" {
        if p[0] == "0" && p[1] == "1" && p[2] == "0" {
            return Err(DecodeError::Identity(what).into());
        }
        return Err(DecodeError::Invalid {
            what,
            reason: format!("z coordinate must be \"1\", found {}", excerpt(&p[2])),
        }
        .into());
    }
    let point =
        G1Affine::new_unchecked(fq_from_decimal(&p[0], what)?, fq_from_decimal(&p[1], what)?);
    check_g1(&point, what)?;
    Ok(point)
}

/// A G2 point with `z = ["1", "0"]`, on the curve, in the prime-order subgroup, not the identity.
fn g2_from_json(p: &G2Json, what: &'static str) -> Result<G2Affine> {
    if p[2][0] != "1" || p[2][1] != "0" {
        let zero = |c: &[String; 2]| c[0] == "0" && c[1] == "0";
        if zero(&p[0]) && p[1][0] == "1" && p[1][1] == "0" && zero(&p[2]) {
            return Err(DecodeError::Identity(what).into());
        }
        return Err(DecodeError::Invalid {
            what,
            reason: format!(
                "z coordinate must be [\"1\", \"0\"], found [{}, {}]",
                excerpt(&p[2][0]),
                excerpt(&p[2][1])
            ),
        }
        .into());
    }
    let point = G2Affine::new_unchecked(fq2_from_json(&p[0], what)?, fq2_from_json(&p[1], what)?);
    check_g2(&point, what)?;
    Ok(point)
}

/// An Fq12 element in snarkjs's layout.
fn gt_from_json(x: &GtJson, what: &'static str) -> Result<Fq12> {
    let fq6 = |c: &[[String; 2]; 3]| -> Result<Fq6> {
        Ok(Fq6::new(
            fq2_from_json(&c[0], what)?,
            fq2_from_json(&c[1], what)?,
            fq2_from_json(&c[2], what)?,
        ))
    };
    Ok(Fq12::new(fq6(&x[0])?, fq6(&x[1])?))
}

/// Parses JSON text after checking its size against [`MAX_JSON_BYTES`].
fn parse_bounded<T: for<'de> Deserialize<'de>>(json: &str) -> Result<T> {
    if json.len() > MAX_JSON_BYTES {
        return Err(DecodeError::LengthTooLarge {
            what: "snarkjs JSON text",
            len: json.len() as u64,
            max: MAX_JSON_BYTES as u64,
        }
        .into());
    }
    serde_json::from_str(json).map_err(|e| DecodeError::Json(e.to_string()).into())
}

/// A JSON array of at most `MAX` elements, refused as soon as element `MAX + 1` is read.
struct Bounded<T, const MAX: usize>(Vec<T>);

impl<'de, T: Deserialize<'de>, const MAX: usize> Deserialize<'de> for Bounded<T, MAX> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        struct V<T, const MAX: usize>(PhantomData<T>);
        impl<'de, T: Deserialize<'de>, const MAX: usize> Visitor<'de> for V<T, MAX> {
            type Value = Bounded<T, MAX>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "an array of at most {MAX} elements")
            }
            fn visit_seq<A: SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> std::result::Result<Self::Value, A::Error> {
                let mut v = Vec::new();
                while let Some(x) = seq.next_element()? {
                    if v.len() == MAX {
                        return Err(A::Error::invalid_length(MAX + 1, &self));
                    }
                    v.push(x);
                }
                Ok(Bounded(v))
            }
        }
        d.deserialize_seq(V(PhantomData))
    }
}

fn bounded_ic<'de, D: Deserializer<'de>>(d: D) -> std::result::Result<Vec<G1Json>, D::Error> {
    Ok(Bounded::<G1Json, { MAX_PUBLIC_SIGNALS + 1 }>::deserialize(d)?.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_decimal_base_field() {
        let q = "21888242871839275222246405745257275088696311157297823662689037894645226208583";
        let q_minus_1 =
            "21888242871839275222246405745257275088696311157297823662689037894645226208582";
        assert_eq!(parse_fq("0").unwrap(), Fq::from(0u64));
        assert_eq!(parse_fq("12345").unwrap(), Fq::from(12345u64));
        assert_eq!(parse_fq(q_minus_1).unwrap(), -Fq::from(1u64));
        assert_eq!(
            parse_fq(q),
            Err(DecodeError::NonCanonicalField("base field element"))
        );
        // 2^256 overflows the limbs.
        let two_256 =
            "115792089237316195423570985008687907853269984665640564039457584007913129639936";
        assert!(parse_fq(two_256).is_err());
        for bad in ["", "01", "-1", "+1", "1e3", " 1", "1 ", "0x10", "１"] {
            assert!(
                matches!(parse_fq(bad), Err(DecodeError::Invalid { .. })),
                "{bad:?}"
            );
        }
        assert_eq!(
            parse_fq(&"9".repeat(79)),
            Err(DecodeError::NonCanonicalField("base field element"))
        );
    }

    #[test]
    fn identity_round_trips_as_snarkjs_infinity_and_is_refused() {
        assert_eq!(g1_json(&G1Affine::zero()), ["0", "1", "0"]);
        assert!(matches!(
            g1_from_json(&g1_json(&G1Affine::zero()), "p"),
            Err(Error::Decode(DecodeError::Identity("p")))
        ));
        assert!(matches!(
            g2_from_json(&g2_json(&G2Affine::zero()), "p"),
            Err(Error::Decode(DecodeError::Identity("p")))
        ));
        let g = G1Affine::generator();
        assert_eq!(g1_from_json(&g1_json(&g), "g").unwrap(), g);
        let h = G2Affine::generator();
        assert_eq!(g2_from_json(&g2_json(&h), "h").unwrap(), h);
    }
}
