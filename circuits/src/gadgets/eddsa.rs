//! EdDSA-Poseidon over Baby JubJub, compatible with circomlib's `EdDSAPoseidonVerifier` and circomlibjs'
//! `signPoseidon` / `verifyPoseidon`.
//!
//! # Scheme
//! Keys: a secret scalar `a` modulo `l`, public key `A = a·B8`. To sign a field element `M`: pick a
//! deterministic nonce `r` (here `r = blake3(prefix ‖ M) mod l`, RFC 8032-style; any `r` works for the
//! verifier), `R8 = r·B8`, `h = Poseidon(R8.x, R8.y, A.x, A.y, M)` (circomlib's `Poseidon(5)`),
//! `S = r + 8·h·a mod l`. A signature `(R8, S)` is valid iff
//!
//! ```text
//! S < l,   A and R8 on the curve,   8·A ≠ O,   S·B8 = R8 + (8·h)·A
//! ```
//!
//! with `8·h` taken as an integer (`h < p`), exactly as circomlib computes it (`A` doubled three times,
//! then multiplied by the 254 bits of `h`). circomlibjs derives `a` from a private key with blake512 and
//! pruning (`A = (s >> 3)·B8`); signatures it produces verify here unchanged.
//!
//! # Gadget
//! The verifier gadget enforces the same relation: on-curve checks for `A` and `R8`, `8·A ≠ O`, `h`
//! decomposed into its *unique* 254-bit representation (a non-canonical decomposition would multiply by
//! `h + p` instead), `S` as 251 bits with `S < l`, `S·B8` by fixed-base windows and `(8h)·A` by 2-bit
//! windows. About 5,100 constraints (test `eddsa_constraint_count`), against 4,217 for circomlib's
//! `EdDSAPoseidonVerifier`, which uses incomplete Montgomery-form additions; tradeproof keeps complete
//! Edwards formulas throughout so that no exceptional case needs an argument.
use crate::gadgets::babyjubjub::{
    base8, base8_tables, bits_le, is_below_sub_order, to_subgroup_scalar, Point, PointVar,
};
use crate::gadgets::bits::{alloc_bits, enforce_bits_lt_constant, to_bits_le_strict};
use crate::gadgets::poseidon;
use ark_bn254::Fr;
use ark_ff::{BigInteger, PrimeField, Zero};
use ark_r1cs_std::fields::fp::FpVar;
use ark_r1cs_std::prelude::*;
use ark_relations::gr1cs::{ConstraintSystemRef, SynthesisError};
use zeroize::{Zeroize, ZeroizeOnDrop};

/// Number of bits of `S` (`l < 2^251`).
pub const S_BITS: usize = 251;

/// An EdDSA-Poseidon secret key: the scalar `a` and the nonce-derivation prefix. Zeroized on drop.
#[derive(Clone, Zeroize, ZeroizeOnDrop)]
pub struct SecretKey {
    scalar_bytes: [u8; 32],
    prefix: [u8; 32],
}

impl std::fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SecretKey(..)")
    }
}

/// A signature `(R8, S)`, `S` held as an integer in a BN254 scalar-field element.
///
/// JSON (with the `serde` feature): `{"r8": ["<x>", "<y>"], "s": "<decimal>"}`; decoding refuses an
/// `R8` off the curve and an `S` not below the subgroup order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(try_from = "json::SignatureJson", into = "json::SignatureJson")
)]
pub struct Signature {
    /// The commitment point `R8 = r·B8`.
    pub r8: Point,
    /// The response `S` (valid signatures have `S < l`).
    pub s: Fr,
}

impl SecretKey {
    /// Derives a key from 32 bytes of secret seed (use OS entropy in production).
    pub fn from_seed(seed: &[u8; 32]) -> Self {
        let mut out = [0u8; 96];
        let mut xof = blake3::Hasher::new_derive_key("tradeproof 2026 eddsa-poseidon secret key")
            .update(seed)
            .finalize_xof();
        xof.fill(&mut out);
        let a = ark_ed_on_bn254::Fr::from_le_bytes_mod_order(&out[..64]);
        let mut scalar_bytes = [0u8; 32];
        scalar_bytes.copy_from_slice(&a.into_bigint().to_bytes_le());
        let mut prefix = [0u8; 32];
        prefix.copy_from_slice(&out[64..]);
        out.zeroize();
        Self {
            scalar_bytes,
            prefix,
        }
    }

    fn scalar(&self) -> ark_ed_on_bn254::Fr {
        ark_ed_on_bn254::Fr::from_le_bytes_mod_order(&self.scalar_bytes)
    }

    /// The public key `A = a·B8`.
    pub fn public_key(&self) -> Point {
        base8().mul_bigint(&self.scalar().into_bigint())
    }

    /// The Diffie–Hellman point `a·P` with the public point `P` (another party's public key or an
    /// ephemeral key): what the holder of `A = a·B8` shares with whoever knows `e` for `P = e·B8`.
    pub fn shared_point(&self, p: &Point) -> Point {
        p.mul_bigint(&self.scalar().into_bigint())
    }

    /// Signs the field element `msg`.
    pub fn sign(&self, msg: Fr) -> Signature {
        let a = self.scalar();
        let pk = base8().mul_bigint(&a.into_bigint());
        let mut wide = [0u8; 64];
        let mut xof = blake3::Hasher::new_derive_key("tradeproof 2026 eddsa-poseidon nonce")
            .update(&self.prefix)
            .update(&msg.into_bigint().to_bytes_le())
            .finalize_xof();
        xof.fill(&mut wide);
        let r = ark_ed_on_bn254::Fr::from_le_bytes_mod_order(&wide);
        wide.zeroize();
        let r8 = base8().mul_bigint(&r.into_bigint());
        let h = challenge(&r8, &pk, msg);
        let s = r + ark_ed_on_bn254::Fr::from(8u64) * to_subgroup_scalar(h) * a;
        Signature {
            r8,
            s: Fr::from_le_bytes_mod_order(&s.into_bigint().to_bytes_le()),
        }
    }
}

#[cfg(feature = "serde")]
mod json {
    use super::*;

    #[derive(serde::Serialize, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct SignatureJson {
        #[serde(with = "crate::encoding::serde::fr_array")]
        r8: [Fr; 2],
        #[serde(with = "crate::encoding::serde::fr_string")]
        s: Fr,
    }

    impl From<Signature> for SignatureJson {
        fn from(sig: Signature) -> Self {
            SignatureJson {
                r8: [sig.r8.x, sig.r8.y],
                s: sig.s,
            }
        }
    }

    impl TryFrom<SignatureJson> for Signature {
        type Error = String;
        fn try_from(j: SignatureJson) -> Result<Self, String> {
            let r8 = Point {
                x: j.r8[0],
                y: j.r8[1],
            };
            if !r8.is_on_curve() {
                return Err("the signature's R8 is not on Baby JubJub".into());
            }
            if !is_below_sub_order(j.s) {
                return Err("the signature's S is not below the subgroup order".into());
            }
            Ok(Signature { r8, s: j.s })
        }
    }
}

/// `h = Poseidon(R8.x, R8.y, A.x, A.y, M)`.
pub fn challenge(r8: &Point, a: &Point, msg: Fr) -> Fr {
    poseidon::hash(&[r8.x, r8.y, a.x, a.y, msg])
}

/// Native verification (circomlibjs' `verifyPoseidon`, plus the `8·A ≠ O` check circomlib's circuit makes).
pub fn verify(a: &Point, msg: Fr, sig: &Signature) -> bool {
    if !is_below_sub_order(sig.s) || !a.is_on_curve() || !sig.r8.is_on_curve() {
        return false;
    }
    let a8 = a.double().double().double();
    if a8.x.is_zero() {
        return false;
    }
    let h = challenge(&sig.r8, a, msg);
    let left = base8().mul_bits_le(&bits_le(sig.s));
    let right = sig.r8.add(&a8.mul_bits_le(&bits_le(h)));
    left == right
}

/// Whether a response `S` fits the [`S_BITS`] bits the gadget allocates for it (`S < 2^251`). Every
/// valid signature has `S < l < 2^251`; this is the weaker condition below which the gadget's own
/// `S < l` check decides.
pub fn response_fits(s: Fr) -> bool {
    s.into_bigint().num_bits() as usize <= S_BITS
}

/// A signature allocated as witnesses.
#[derive(Clone, Debug)]
pub struct SignatureVar {
    /// `R8`.
    pub r8: PointVar,
    /// The 251 bits of `S`, little-endian.
    pub s_bits: Vec<Boolean<Fr>>,
}

impl SignatureVar {
    /// Allocates a signature (values from `sig` when proving).
    ///
    /// `S` is allocated as [`S_BITS`] bits, so a response of `2^251` or more has no faithful
    /// assignment: it is refused with [`SynthesisError::Unsatisfiable`] instead of being truncated to its
    /// low 251 bits (which could turn an invalid signature into a valid one for a different `S`).
    /// Witness builders refuse such signatures earlier, with a message ([`response_fits`]).
    pub fn new_witness(
        cs: ConstraintSystemRef<Fr>,
        sig: Option<&Signature>,
    ) -> Result<Self, SynthesisError> {
        if sig.is_some_and(|s| !response_fits(s.s)) {
            return Err(SynthesisError::Unsatisfiable);
        }
        let r8 = PointVar::new_witness(cs.clone(), sig.map(|s| s.r8))?;
        let s_bits = alloc_bits(cs, sig.map(|s| s.s.into_bigint()), S_BITS)?;
        Ok(Self { r8, s_bits })
    }
}

/// Enforces that `sig` is a valid EdDSA-Poseidon signature on `msg` under the public key `a`.
pub fn enforce_valid(
    a: &PointVar,
    msg: &FpVar<Fr>,
    sig: &SignatureVar,
) -> Result<(), SynthesisError> {
    sig.r8.enforce_on_curve()?;
    a.enforce_on_curve()?;
    let a8 = a.double()?.double()?.double()?;
    a8.x.enforce_not_equal(&FpVar::Constant(Fr::zero()))?;
    let h = poseidon::hash_var(&[
        sig.r8.x.clone(),
        sig.r8.y.clone(),
        a.x.clone(),
        a.y.clone(),
        msg.clone(),
    ])?;
    let h_bits = to_bits_le_strict(&h)?;
    let right = sig.r8.add(&a8.scalar_mul_le(&h_bits)?)?;
    enforce_bits_lt_constant(&sig.s_bits, &crate::gadgets::babyjubjub::SUB_ORDER)?;
    let left = PointVar::fixed_base_mul_le(base8_tables(), &sig.s_bits)?;
    left.enforce_equal(&right)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_util::{fr, fr_strategy};
    use ark_ff::Field;
    use ark_relations::gr1cs::ConstraintSystem;
    use proptest::prelude::*;

    fn vectors() -> Vec<(Point, Fr, Signature)> {
        let json: serde_json::Value =
            serde_json::from_str(include_str!("../../tests/vectors/circomlib.json")).unwrap();
        json["eddsa"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| {
                let p = |k: &str| Point {
                    x: fr(v[k][0].as_str().unwrap()),
                    y: fr(v[k][1].as_str().unwrap()),
                };
                (
                    p("public_key"),
                    fr(v["message"].as_str().unwrap()),
                    Signature {
                        r8: p("r8"),
                        s: fr(v["s"].as_str().unwrap()),
                    },
                )
            })
            .collect()
    }

    fn gadget_ok(a: &Point, msg: Fr, sig: &Signature) -> bool {
        let cs = ConstraintSystem::<Fr>::new_ref();
        let av = PointVar::new_witness(cs.clone(), Some(*a)).unwrap();
        let m = FpVar::new_witness(cs.clone(), || Ok(msg)).unwrap();
        let Ok(sv) = SignatureVar::new_witness(cs.clone(), Some(sig)) else {
            return false; // S ≥ 2^251 has no assignment
        };
        enforce_valid(&av, &m, &sv).unwrap();
        cs.is_satisfied().unwrap()
    }

    #[test]
    fn circomlib_vectors_verify_natively_and_in_circuit() {
        let vs = vectors();
        assert_eq!(vs.len(), 3);
        for (a, m, sig) in &vs {
            assert!(verify(a, *m, sig));
            assert!(gadget_ok(a, *m, sig));
        }
    }

    #[test]
    fn circomlib_vectors_rejected_when_anything_changes() {
        for (a, m, sig) in vectors() {
            let one = Fr::ONE;
            let mutations: Vec<(Point, Fr, Signature)> = vec![
                (a, m + one, sig),
                (Point { x: a.x + one, ..a }, m, sig),
                (Point { y: a.y + one, ..a }, m, sig),
                (
                    a,
                    m,
                    Signature {
                        r8: Point {
                            x: sig.r8.x + one,
                            ..sig.r8
                        },
                        ..sig
                    },
                ),
                (
                    a,
                    m,
                    Signature {
                        r8: Point {
                            y: sig.r8.y + one,
                            ..sig.r8
                        },
                        ..sig
                    },
                ),
                (
                    a,
                    m,
                    Signature {
                        s: sig.s + one,
                        ..sig
                    },
                ),
                // S + l encodes the same point S·B8, but is not the canonical response.
                (
                    a,
                    m,
                    Signature {
                        s: sig.s
                            + Fr::from_le_bytes_mod_order(
                                &crate::gadgets::babyjubjub::SUB_ORDER.to_bytes_le(),
                            ),
                        ..sig
                    },
                ),
                // The negated public key.
                (a.neg(), m, sig),
            ];
            for (i, (a2, m2, s2)) in mutations.iter().enumerate() {
                assert!(!verify(a2, *m2, s2), "native accepted mutation {i}");
                assert!(!gadget_ok(a2, *m2, s2), "gadget accepted mutation {i}");
            }
        }
    }

    #[test]
    fn response_of_2_251_or_more_is_refused_not_truncated() {
        let (a, m, sig) = vectors()[0];
        let two_251 = Fr::from(2u64).pow([S_BITS as u64]);
        // S + 2^251 truncates to S: the old allocation would have proven a valid signature.
        let wide = Signature {
            s: sig.s + two_251,
            ..sig
        };
        assert!(response_fits(sig.s));
        assert!(!response_fits(wide.s));
        assert!(!verify(&a, m, &wide));
        let cs = ConstraintSystem::<Fr>::new_ref();
        assert!(SignatureVar::new_witness(cs.clone(), Some(&wide)).is_err());
        assert!(SignatureVar::new_witness(cs, Some(&sig)).is_ok());
    }

    #[test]
    fn eddsa_constraint_count() {
        let (a, m, sig) = vectors()[0];
        let cs = ConstraintSystem::<Fr>::new_ref();
        let av = PointVar::new_witness(cs.clone(), Some(a)).unwrap();
        let mv = FpVar::new_witness(cs.clone(), || Ok(m)).unwrap();
        let sv = SignatureVar::new_witness(cs.clone(), Some(&sig)).unwrap();
        enforce_valid(&av, &mv, &sv).unwrap();
        println!(
            "EdDSA-Poseidon verification: {} constraints",
            cs.num_constraints()
        );
        assert!(cs.num_constraints() < 5_500);
    }

    #[test]
    fn small_order_public_key_is_rejected() {
        // (0, −1) has order 2: 8·A = O, and every "signature" with S·B8 = R8 would verify without the check.
        let a = Point {
            x: Fr::zero(),
            y: -Fr::ONE,
        };
        let sk = SecretKey::from_seed(&[9u8; 32]);
        let sig = sk.sign(Fr::from(5u64));
        let forged = Signature {
            r8: base8().mul_bits_le(&bits_le(sig.s)),
            ..sig
        };
        assert!(!verify(&a, Fr::from(5u64), &forged));
        assert!(!gadget_ok(&a, Fr::from(5u64), &forged));
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        #[test]
        fn sign_verify_native_and_gadget_agree(seed in any::<[u8; 32]>(), msg in fr_strategy(), other in fr_strategy()) {
            let sk = SecretKey::from_seed(&seed);
            let pk = sk.public_key();
            let sig = sk.sign(msg);
            prop_assert!(verify(&pk, msg, &sig));
            prop_assert!(gadget_ok(&pk, msg, &sig));
            prop_assume!(other != msg);
            prop_assert!(!verify(&pk, other, &sig));
            prop_assert!(!gadget_ok(&pk, other, &sig));
            let forged = Signature { s: sig.s + Fr::ONE, ..sig };
            prop_assert!(!gadget_ok(&pk, msg, &forged));
        }
    }
}
