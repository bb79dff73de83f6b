//! The leaf every other module builds on: field-element encodings (decimal strings, hex, the integer
//! inside a field element, serde adapters — all from [`tradeproof_circuits::encoding`]) and the checks
//! every decoded curve point goes through.
pub use tradeproof_circuits::encoding::*;

use crate::error::{DecodeError, Result};
use ark_bn254::{G1Affine, G2Affine};
use ark_ec::AffineRepr;

/// Checks a G1 point: on the curve (the group has cofactor 1), not the identity.
pub(crate) fn check_g1(p: &G1Affine, what: &'static str) -> Result<()> {
    if p.is_zero() {
        return Err(DecodeError::Identity(what).into());
    }
    if !p.is_on_curve() {
        return Err(DecodeError::NotOnCurve(what).into());
    }
    Ok(())
}

/// Checks a G2 point: on the curve, in the prime-order subgroup, not the identity.
pub(crate) fn check_g2(p: &G2Affine, what: &'static str) -> Result<()> {
    check_g2_on_curve(p, what)?;
    if !g2_in_subgroup(p) {
        return Err(DecodeError::NotInSubgroup(what).into());
    }
    Ok(())
}

/// [`check_g2`] but for the subgroup test: on the curve, not the identity.
pub(crate) fn check_g2_on_curve(p: &G2Affine, what: &'static str) -> Result<()> {
    if p.is_zero() {
        return Err(DecodeError::Identity(what).into());
    }
    if !p.is_on_curve() {
        return Err(DecodeError::NotOnCurve(what).into());
    }
    Ok(())
}

pub(crate) use tradeproof_verifier::points::{g2_in_subgroup, psi};

/// `1, x, x², …` (`n` terms).
pub(crate) fn powers(x: ark_bn254::Fr, n: usize) -> Vec<ark_bn254::Fr> {
    let mut v = Vec::with_capacity(n);
    let mut p = ark_bn254::Fr::from(1u64);
    for _ in 0..n {
        v.push(p);
        p *= x;
    }
    v
}

/// Whether `g1[i] = [τⁱ]₁` and `g2[i] = [τⁱ]₂` for one `τ`, with `[1]₁`, `[1]₂` the generators: with a
/// random `ρ` (from the OS), `e(Σ ρⁱ·g1[i+1], [1]₂) = e(Σ ρⁱ·g1[i], g2[1])` and
/// `e(g1[1], Σ ρⁱ·g2[i]) = e([1]₁, Σ ρⁱ·g2[i+1])` (a false list passes with probability at most
/// `len/r`). Points are assumed checked (on the curve, in the subgroup).
pub(crate) fn successive_powers(g1: &[G1Affine], g2: &[G2Affine]) -> bool {
    use ark_bn254::{Bn254, Fr, G1Projective, G2Projective};
    use ark_ec::pairing::Pairing;
    use ark_ec::{CurveGroup, VariableBaseMSM};
    use ark_ff::UniformRand;
    if g1.len() < 2 || g2.len() < 2 {
        return false;
    }
    if g1[0] != G1Affine::generator() || g2[0] != G2Affine::generator() {
        return false;
    }
    let rho = Fr::rand(&mut rand::rngs::OsRng);
    let w1 = powers(rho, g1.len() - 1);
    let (Ok(hi), Ok(lo)) = (
        G1Projective::msm(&g1[1..], &w1),
        G1Projective::msm(&g1[..g1.len() - 1], &w1),
    ) else {
        return false;
    };
    let ok1 = Bn254::pairing(hi.into_affine(), g2[0]) == Bn254::pairing(lo.into_affine(), g2[1]);
    let w2 = powers(rho, g2.len() - 1);
    let (Ok(hi2), Ok(lo2)) = (
        G2Projective::msm(&g2[1..], &w2),
        G2Projective::msm(&g2[..g2.len() - 1], &w2),
    ) else {
        return false;
    };
    let ok2 = Bn254::pairing(g1[1], lo2.into_affine()) == Bn254::pairing(g1[0], hi2.into_affine());
    ok1 && ok2
}

/// Checks every point of a verifying key (IC points may not be the identity either: an honest setup
/// makes them uniformly random), then the relations between them that make a key unsafe
/// ([`check_vk_relations`]).
pub(crate) fn check_vk_points(vk: &ark_groth16::VerifyingKey<ark_bn254::Bn254>) -> Result<()> {
    check_g1(&vk.alpha_g1, "vk alpha")?;
    check_g2(&vk.beta_g2, "vk beta")?;
    check_g2(&vk.gamma_g2, "vk gamma")?;
    check_g2(&vk.delta_g2, "vk delta")?;
    for p in &vk.gamma_abc_g1 {
        check_g1(p, "vk IC point")?;
    }
    check_vk_relations(vk)
}

/// Refuses verifying keys whose points stand in a relation that lets anyone forge proofs: the
/// relations, and the forgery each admits, are listed at [`tradeproof_verifier::points::unsafe_relation`],
/// which the embedded verifier applies too.
pub(crate) fn check_vk_relations(vk: &ark_groth16::VerifyingKey<ark_bn254::Bn254>) -> Result<()> {
    match tradeproof_verifier::points::unsafe_relation(
        &vk.beta_g2,
        &vk.gamma_g2,
        &vk.delta_g2,
        &vk.gamma_abc_g1,
    ) {
        Some(why) => Err(DecodeError::UnsafeKey(why).into()),
        None => Ok(()),
    }
}

/// Implements `Deserialize` for a struct whose derived impl is `#[serde(remote = "Self")]`, taking
/// only a map: serde's derived impls of structs also accept a sequence of the fields in order, which a
/// strict JSON reader must refuse (`["…", "…"]` is not an object). With `serialize`, also implements
/// `Serialize` through the derived (inherent) impl.
macro_rules! object_only {
    ($t:ty, serialize) => {
        impl serde::Serialize for $t {
            fn serialize<S: serde::Serializer>(
                &self,
                s: S,
            ) -> std::result::Result<S::Ok, S::Error> {
                <$t>::serialize(self, s)
            }
        }
        $crate::encoding::object_only!($t);
    };
    ($t:ty) => {
        impl<'de> serde::Deserialize<'de> for $t {
            fn deserialize<D: serde::Deserializer<'de>>(
                d: D,
            ) -> std::result::Result<Self, D::Error> {
                struct V;
                impl<'de> serde::de::Visitor<'de> for V {
                    type Value = $t;
                    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        f.write_str("a JSON object")
                    }
                    fn visit_map<A: serde::de::MapAccess<'de>>(
                        self,
                        map: A,
                    ) -> std::result::Result<$t, A::Error> {
                        <$t>::deserialize(serde::de::value::MapAccessDeserializer::new(map))
                    }
                }
                d.deserialize_map(V)
            }
        }
    };
}
pub(crate) use object_only;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Error;
    use ark_bn254::{Fq, Fq2};
    use ark_ec::CurveGroup;
    use ark_ff::One;
    use tradeproof_support::points::{
        g2_of_small_order, g2_outside_subgroup, G2_COFACTOR_SMALL_PRIMES,
    };

    #[test]
    fn point_checks_refuse_off_curve_outside_subgroup_and_identity() {
        let off1 = G1Affine::new_unchecked(Fq::one(), Fq::one());
        let off2 = G2Affine::new_unchecked(Fq2::one(), Fq2::one());
        assert!(!off1.is_on_curve() && !off2.is_on_curve());
        assert!(matches!(
            check_g1(&off1, "p"),
            Err(Error::Decode(DecodeError::NotOnCurve("p")))
        ));
        assert!(matches!(
            check_g2(&off2, "q"),
            Err(Error::Decode(DecodeError::NotOnCurve("q")))
        ));
        assert!(matches!(
            check_g2(&g2_outside_subgroup(), "p"),
            Err(Error::Decode(DecodeError::NotInSubgroup("p")))
        ));
        assert!(matches!(
            check_g1(&G1Affine::zero(), "p"),
            Err(Error::Decode(DecodeError::Identity("p")))
        ));
        assert!(check_g1(&G1Affine::generator(), "p").is_ok());
        assert!(check_g2(&G2Affine::generator(), "p").is_ok());
    }

    /// The fast test agrees with `[r]P = 0` (arkworks' test, itself checked against it) on subgroup
    /// points, on random points of the curve (almost all outside G2), and on subgroup points plus a
    /// point of each small order dividing the cofactor — the components a batched or probabilistic
    /// test would miss with probability 1/ℓ.
    #[test]
    fn fast_g2_subgroup_test_is_exact() {
        use ark_bn254::{Fr, G2Projective};
        use ark_ff::{PrimeField, UniformRand, Zero};
        use rand::SeedableRng;
        let mut rng = rand_chacha::ChaCha20Rng::seed_from_u64(5);
        let slow = |p: &G2Affine| p.mul_bigint(Fr::MODULUS).is_zero();
        for _ in 0..32 {
            let p = G2Projective::rand(&mut rng).into_affine();
            assert!(g2_in_subgroup(&p) && slow(&p));
        }
        let mut outside = 0;
        while outside < 32 {
            let x = Fq2::rand(&mut rng);
            let Some(p) = G2Affine::get_point_from_x_unchecked(x, bool::rand(&mut rng)) else {
                continue;
            };
            assert!(p.is_on_curve());
            assert_eq!(g2_in_subgroup(&p), slow(&p));
            assert_eq!(
                g2_in_subgroup(&p),
                p.is_in_correct_subgroup_assuming_on_curve()
            );
            outside += usize::from(!slow(&p));
        }
        // Subgroup points plus a point of each small order dividing the cofactor, and those points alone.
        let p = G2Projective::rand(&mut rng).into_affine();
        for l in G2_COFACTOR_SMALL_PRIMES {
            let t = g2_of_small_order(l);
            let bad = (t + p).into_affine();
            assert!(bad.is_on_curve());
            assert!(!slow(&bad));
            assert!(
                !g2_in_subgroup(&bad),
                "a component of order {l} slipped through"
            );
            assert!(!g2_in_subgroup(&t));
        }
        assert!(g2_in_subgroup(&G2Affine::zero()));
    }
}
