//! Wrapping a record key to a recipient's public key: the cryptography of grants and of the escrow
//! claim.
//!
//! # Construction
//! An owner wraps the key `k` of the sealed record with digest `D` to the recipient key `P` (a Baby
//! JubJub point of the prime-order subgroup):
//!
//! ```text
//! e ← random scalar mod l,   E = e·B8,   S = e·P                  ephemeral-static Diffie–Hellman
//! K = Poseidon(domain, S.x, S.y, E.x, E.y, P.x, P.y, D)          key derivation (circomlib Poseidon(8))
//! s = P₃([0, K, domain])                                          keystream (width-3 permutation)
//! c = k + s[1]                                                    wrapped key
//! τ = P₃([s[0], c, 0])[1]                                         tag: the duplex absorbs c
//! ```
//!
//! The grant is `(D, P, E, c, τ)`. The recipient, holding `a` with `P = a·B8`, computes `S = a·E`, then
//! `K`, checks `τ` and recovers `k = c − s[1]`. This is the record cipher's duplex
//! ([`crate::gadgets::cipher`]) at width 3 for a one-element message, keyed by `K` instead of a record
//! key; the domain tag (in the KDF and as the keystream's nonce word) and the different width keep it
//! apart from record sealing. `K` binds the shared point, both public keys and the record's digest: a
//! grant moved to another record, or opened with another key, derives another `K` and fails its tag
//! (except with negligible probability), and changing `E`, `c` or `τ` fails it too.
//!
//! A fresh `e` per grant makes `K` fresh, so the keystream never repeats (no nonce is needed). Security
//! rests on the hardness of Diffie–Hellman in Baby JubJub's prime-order subgroup (about 126 bits) and on
//! Poseidon as a random permutation. `P` must be in the prime-order subgroup and not the identity: with
//! a small-order `P`, `S` takes one of eight values whatever `e` is, and anyone could unwrap.
//!
//! # Constraint cost
//! [`unwrap_var`] (given `S`, `E`, `P`, `D`, `c`, `τ`): the KDF and 2 permutations of width 3;
//! constraints: 877 (test `unwrap_constraint_count`).
use crate::gadgets::babyjubjub::Point;
use crate::gadgets::poseidon;
use ark_bn254::Fr;
use ark_ff::{PrimeField, Zero};
use ark_r1cs_std::fields::fp::FpVar;
use ark_r1cs_std::prelude::*;
use ark_relations::gr1cs::SynthesisError;

/// The domain tag of key wrapping: the field element of the bytes `"tradeproof grant v1"`.
pub fn domain() -> Fr {
    Fr::from_le_bytes_mod_order(b"tradeproof grant v1")
}

/// The wrapped key and its tag.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Wrapped {
    /// `c = k + s[1]`.
    pub wrapped: Fr,
    /// `τ`.
    pub tag: Fr,
}

/// `K = Poseidon(domain, S.x, S.y, E.x, E.y, P.x, P.y, D)`.
pub fn derive(shared: &Point, ephemeral: &Point, recipient: &Point, record: Fr) -> Fr {
    poseidon::hash(&[
        domain(),
        shared.x,
        shared.y,
        ephemeral.x,
        ephemeral.y,
        recipient.x,
        recipient.y,
        record,
    ])
}

fn keystream(k: Fr) -> [Fr; 3] {
    let mut s = [Fr::zero(), k, domain()];
    poseidon::permute(&mut s);
    s
}

fn tag_of(capacity: Fr, wrapped: Fr) -> Fr {
    let mut s = [capacity, wrapped, Fr::zero()];
    poseidon::permute(&mut s);
    s[1]
}

/// Wraps `record_key` under the derived key `kek` (native).
pub fn wrap(kek: Fr, record_key: Fr) -> Wrapped {
    let s = keystream(kek);
    let wrapped = record_key + s[1];
    Wrapped {
        wrapped,
        tag: tag_of(s[0], wrapped),
    }
}

/// Unwraps (native): the record key, or `None` when the tag does not match.
pub fn unwrap(kek: Fr, w: &Wrapped) -> Option<Fr> {
    let s = keystream(kek);
    (tag_of(s[0], w.wrapped) == w.tag).then(|| w.wrapped - s[1])
}

/// In-circuit twin of [`derive()`] followed by [`unwrap()`]: enforces that `w` is a valid wrapping under
/// the key derived from the given points and digest, and returns the record key it wraps.
pub fn unwrap_var(
    shared: (&FpVar<Fr>, &FpVar<Fr>),
    ephemeral: (&FpVar<Fr>, &FpVar<Fr>),
    recipient: (&FpVar<Fr>, &FpVar<Fr>),
    record: &FpVar<Fr>,
    wrapped: &FpVar<Fr>,
    tag: &FpVar<Fr>,
) -> Result<FpVar<Fr>, SynthesisError> {
    let kek = poseidon::hash_var(&[
        FpVar::Constant(domain()),
        shared.0.clone(),
        shared.1.clone(),
        ephemeral.0.clone(),
        ephemeral.1.clone(),
        recipient.0.clone(),
        recipient.1.clone(),
        record.clone(),
    ])?;
    let mut s = vec![FpVar::Constant(Fr::zero()), kek, FpVar::Constant(domain())];
    poseidon::permute_var(&mut s)?;
    let mut t = vec![s[0].clone(), wrapped.clone(), FpVar::Constant(Fr::zero())];
    poseidon::permute_var(&mut t)?;
    t[1].enforce_equal(tag)?;
    Ok(wrapped - &s[1])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gadgets::babyjubjub::base8;
    use crate::test_util::fr_strategy;
    use ark_relations::gr1cs::ConstraintSystem;
    use proptest::prelude::*;

    fn points(seed: Fr) -> (Point, Point, Point) {
        let b = base8();
        let p = b.mul_bigint(&(seed + Fr::from(3u64)).into_bigint());
        let e = b.mul_bigint(&(seed + Fr::from(5u64)).into_bigint());
        let s = b.mul_bigint(&(seed * Fr::from(7u64)).into_bigint());
        (s, e, p)
    }

    fn gadget(sh: &Point, e: &Point, p: &Point, d: Fr, w: &Wrapped) -> Option<Fr> {
        let cs = ConstraintSystem::<Fr>::new_ref();
        let v = |x: Fr| FpVar::new_witness(cs.clone(), || Ok(x)).unwrap();
        let k = unwrap_var(
            (&v(sh.x), &v(sh.y)),
            (&v(e.x), &v(e.y)),
            (&v(p.x), &v(p.y)),
            &v(d),
            &v(w.wrapped),
            &v(w.tag),
        )
        .unwrap();
        cs.is_satisfied().unwrap().then(|| k.value().unwrap())
    }

    #[test]
    fn unwrap_constraint_count() {
        let cs = ConstraintSystem::<Fr>::new_ref();
        let v = |x: u64| FpVar::new_witness(cs.clone(), || Ok(Fr::from(x))).unwrap();
        let _key = unwrap_var(
            (&v(1), &v(2)),
            (&v(3), &v(4)),
            (&v(5), &v(6)),
            &v(7),
            &v(8),
            &v(9),
        )
        .unwrap();
        let n = cs.num_constraints();
        println!("key unwrap: {n} constraints");
        assert!(n < 1_200, "{n}");
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        #[test]
        fn native_and_gadget_agree_and_any_change_fails(seed in fr_strategy(), key in fr_strategy(), d in fr_strategy(), which in 0usize..6) {
            let (s, e, p) = points(seed);
            let w = wrap(derive(&s, &e, &p, d), key);
            prop_assert_eq!(unwrap(derive(&s, &e, &p, d), &w), Some(key));
            prop_assert_eq!(gadget(&s, &e, &p, d, &w), Some(key));
            // Another record, another shared point, another ephemeral or recipient key, a changed
            // wrapped key or tag: the tag fails, natively and in the circuit.
            let (mut s2, mut e2, mut p2, mut d2, mut w2) = (s, e, p, d, w);
            match which {
                0 => d2 += Fr::from(1u64),
                1 => s2 = s.double(),
                2 => e2 = e.double(),
                3 => p2 = p.double(),
                4 => w2.wrapped += Fr::from(1u64),
                _ => w2.tag += Fr::from(1u64),
            }
            prop_assert_eq!(unwrap(derive(&s2, &e2, &p2, d2), &w2), None);
            prop_assert_eq!(gadget(&s2, &e2, &p2, d2, &w2), None);
        }
    }
}
