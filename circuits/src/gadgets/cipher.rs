//! The record cipher: Poseidon duplex-sponge authenticated encryption of one record, and the record digest.
//!
//! # Construction
//! The construction follows the Poseidon encryption of Khovratovich (*Encryption with Poseidon*, 2019) as
//! used by MACI (`poseidonEncrypt` in maci-crypto, `@zk-kit/poseidon-cipher`) and Dusk's `PoseidonCipher`:
//! a duplex sponge whose capacity is one field element, keyed by a secret field element and a nonce.
//! tradeproof uses one permutation wide enough for a whole record, so a record costs two permutations.
//!
//! Let `ℓ` = [`RECORD_SLOTS`] = 14, `P` the circomlib Poseidon permutation of width `t = ℓ + 1 = 15`
//! (circomlib's `Poseidon(14)` constants), `k` the record key and `n < 2^128` the nonce. The *nonce word*
//! binds the nonce, the plaintext length and the format version `v`:
//!
//! ```text
//! w  = n + 2^128·ℓ + 2^192·v
//! s  = P([0, k, w, 0, …, 0])             keystream: s[1..=ℓ]
//! cᵢ = mᵢ + s[i+1]                         for i in 0..ℓ
//! τ  = P([s[0], c₀, …, c_{ℓ−1}])[1]        authentication tag (the duplex absorbs the ciphertext)
//! D  = Poseidon16(w, c₀, …, c_{ℓ−1}, τ)    the record digest (circomlib's Poseidon(16))
//! ```
//!
//! Opening recomputes `s` from `(k, w)`, subtracts it, recomputes `τ` and compares it with the stored tag:
//! any change to the nonce, the ciphertext or the tag, and any other key, gives a different `τ` except with
//! negligible probability, so opening fails instead of returning garbage. Because `τ` depends on the
//! capacity element `s[0]`, which depends on `k`, the scheme is also *key-committing*: a ciphertext and tag
//! cannot be opened under two keys to two plaintexts without a Poseidon collision. The circuits rely on
//! this — they check `τ`, so a prover cannot pick another key that decrypts the ledger's ciphertext to
//! something convenient.
//!
//! The digest `D` is what a ledger stores and what proofs take as a public input; anyone can recompute it
//! from the public sealed record `(n, v, c, τ)`. It is circomlib's `Poseidon(16)` of public values, so a
//! circom circuit or a Solidity contract can reproduce it.
//!
//! Security: the capacity is one element of a 254-bit field, which gives about 127 bits of generic security,
//! the level of MACI's and Dusk's instances. A nonce must never repeat under one key (the keystream would
//! repeat); the root crate derives one key per record and draws nonces from OS entropy.
//!
//! # Constraint cost
//! In-circuit the ciphertext is a linear combination of the state (free). The keystream permutation costs
//! 501 constraints (its first round only has two variable S-box inputs), the tag permutation 540 and the
//! digest 609: **1,650 constraints per sealed record** (test `record_constraint_count`).
use crate::gadgets::poseidon;
use crate::layout::RECORD_SLOTS;
use ark_bn254::Fr;
use ark_ff::{Field, Zero};
use ark_r1cs_std::fields::fp::FpVar;
use ark_relations::gr1cs::SynthesisError;

/// Width of the cipher's permutation (`RECORD_SLOTS + 1`).
pub const CIPHER_WIDTH: usize = RECORD_SLOTS + 1;

/// The current sealed-record format version, bound into the nonce word.
pub const FORMAT_VERSION: u8 = 1;

/// The nonce word `w = n + 2^128·ℓ + 2^192·v` for nonce `n`, plaintext length `ℓ` and version `v`.
pub fn nonce_word(nonce: u128, version: u8) -> Fr {
    let two128 = Fr::from(2u64).pow([128]);
    let two192 = Fr::from(2u64).pow([192]);
    Fr::from(nonce) + two128 * Fr::from(RECORD_SLOTS as u64) + two192 * Fr::from(version as u64)
}

/// Ciphertext and tag of one sealed record (the public part, together with the nonce word).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Sealed {
    /// Ciphertext, one element per record slot.
    pub ciphertext: [Fr; RECORD_SLOTS],
    /// Authentication tag.
    pub tag: Fr,
}

fn keystream_state(key: Fr, nonce_word: Fr) -> [Fr; CIPHER_WIDTH] {
    let mut s = [Fr::zero(); CIPHER_WIDTH];
    s[1] = key;
    s[2] = nonce_word;
    poseidon::permute(&mut s);
    s
}

fn tag_of(capacity: Fr, ciphertext: &[Fr; RECORD_SLOTS]) -> Fr {
    let mut s = [Fr::zero(); CIPHER_WIDTH];
    s[0] = capacity;
    s[1..].copy_from_slice(ciphertext);
    poseidon::permute(&mut s);
    s[1]
}

/// Encrypts `plaintext` under `key` with nonce word `nonce_word` (native).
pub fn seal(key: Fr, nonce_word: Fr, plaintext: &[Fr; RECORD_SLOTS]) -> Sealed {
    let s = keystream_state(key, nonce_word);
    let mut ciphertext = [Fr::zero(); RECORD_SLOTS];
    for (i, c) in ciphertext.iter_mut().enumerate() {
        *c = plaintext[i] + s[i + 1];
    }
    let tag = tag_of(s[0], &ciphertext);
    Sealed { ciphertext, tag }
}

/// Decrypts and authenticates (native). `None` when the tag does not match: wrong key, or a changed nonce
/// word, ciphertext or tag.
pub fn open(key: Fr, nonce_word: Fr, sealed: &Sealed) -> Option<[Fr; RECORD_SLOTS]> {
    let s = keystream_state(key, nonce_word);
    if tag_of(s[0], &sealed.ciphertext) != sealed.tag {
        return None;
    }
    let mut plaintext = [Fr::zero(); RECORD_SLOTS];
    for (i, m) in plaintext.iter_mut().enumerate() {
        *m = sealed.ciphertext[i] - s[i + 1];
    }
    Some(plaintext)
}

/// The record digest `Poseidon16(w, c₀, …, c₁₃, τ)` (native).
pub fn digest(nonce_word: Fr, sealed: &Sealed) -> Fr {
    let mut inputs = [Fr::zero(); RECORD_SLOTS + 2];
    inputs[0] = nonce_word;
    inputs[1..=RECORD_SLOTS].copy_from_slice(&sealed.ciphertext);
    inputs[RECORD_SLOTS + 1] = sealed.tag;
    poseidon::hash(&inputs)
}

/// In-circuit sealing: given the key, nonce word and plaintext variables, returns the ciphertext (linear
/// combinations) and the tag.
pub fn seal_var(
    key: &FpVar<Fr>,
    nonce_word: &FpVar<Fr>,
    plaintext: &[FpVar<Fr>],
) -> Result<(Vec<FpVar<Fr>>, FpVar<Fr>), SynthesisError> {
    if plaintext.len() != RECORD_SLOTS {
        return Err(SynthesisError::Unsatisfiable);
    }
    let mut s: Vec<FpVar<Fr>> = vec![FpVar::Constant(Fr::zero()); CIPHER_WIDTH];
    s[1] = key.clone();
    s[2] = nonce_word.clone();
    poseidon::permute_var(&mut s)?;
    let ciphertext: Vec<FpVar<Fr>> = plaintext
        .iter()
        .zip(&s[1..])
        .map(|(m, k)| {
            poseidon::linear_combination(&[Fr::ONE, Fr::ONE], &[m.clone(), k.clone()], Fr::zero())
        })
        .collect();
    let mut t = Vec::with_capacity(CIPHER_WIDTH);
    t.push(s[0].clone());
    t.extend(ciphertext.iter().cloned());
    poseidon::permute_var(&mut t)?;
    Ok((ciphertext, t.swap_remove(1)))
}

/// In-circuit digest `Poseidon16(w, c, τ)`.
pub fn digest_var(
    nonce_word: &FpVar<Fr>,
    ciphertext: &[FpVar<Fr>],
    tag: &FpVar<Fr>,
) -> Result<FpVar<Fr>, SynthesisError> {
    let mut inputs = Vec::with_capacity(RECORD_SLOTS + 2);
    inputs.push(nonce_word.clone());
    inputs.extend_from_slice(ciphertext);
    inputs.push(tag.clone());
    poseidon::hash_var(&inputs)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_util::fr_strategy;
    use ark_r1cs_std::prelude::*;
    use ark_relations::gr1cs::ConstraintSystem;
    use proptest::prelude::*;

    fn plaintext_strategy() -> impl Strategy<Value = [Fr; RECORD_SLOTS]> {
        prop::array::uniform14(fr_strategy())
    }

    /// Builds the decryption gadget for `(key, w, m)` and enforces the digest equals `public_digest`.
    fn gadget_satisfied(key: Fr, w: Fr, m: &[Fr; RECORD_SLOTS], public_digest: Fr) -> bool {
        let cs = ConstraintSystem::<Fr>::new_ref();
        let d = FpVar::new_input(cs.clone(), || Ok(public_digest)).unwrap();
        let k = FpVar::new_witness(cs.clone(), || Ok(key)).unwrap();
        let wv = FpVar::new_witness(cs.clone(), || Ok(w)).unwrap();
        let mv: Vec<_> = m
            .iter()
            .map(|x| FpVar::new_witness(cs.clone(), || Ok(*x)).unwrap())
            .collect();
        let (c, t) = seal_var(&k, &wv, &mv).unwrap();
        digest_var(&wv, &c, &t).unwrap().enforce_equal(&d).unwrap();
        cs.is_satisfied().unwrap()
    }

    #[test]
    fn record_constraint_count() {
        let cs = ConstraintSystem::<Fr>::new_ref();
        let k = FpVar::new_witness(cs.clone(), || Ok(Fr::from(1u64))).unwrap();
        let w = FpVar::new_witness(cs.clone(), || Ok(Fr::from(2u64))).unwrap();
        let m: Vec<_> = (0..RECORD_SLOTS)
            .map(|i| FpVar::new_witness(cs.clone(), || Ok(Fr::from(i as u64))).unwrap())
            .collect();
        let (c, t) = seal_var(&k, &w, &m).unwrap();
        let after_cipher = cs.num_constraints();
        let _ = digest_var(&w, &c, &t).unwrap();
        println!(
            "record cipher: {after_cipher} constraints, with digest: {}",
            cs.num_constraints()
        );
        assert_eq!(after_cipher, 501 + 540);
        assert_eq!(cs.num_constraints(), 501 + 540 + 609);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        #[test]
        fn open_inverts_seal(key in fr_strategy(), nonce in any::<u128>(), m in plaintext_strategy()) {
            let w = nonce_word(nonce, FORMAT_VERSION);
            let sealed = seal(key, w, &m);
            prop_assert_eq!(open(key, w, &sealed), Some(m));
        }

        #[test]
        fn any_change_makes_open_fail(
            key in fr_strategy(), nonce in any::<u128>(), m in plaintext_strategy(),
            which in 0..RECORD_SLOTS + 3, delta in fr_strategy(), other_key in fr_strategy()
        ) {
            prop_assume!(!delta.is_zero() && other_key != key);
            let mut w = nonce_word(nonce, FORMAT_VERSION);
            let mut sealed = seal(key, w, &m);
            let mut k = key;
            match which {
                0 => w += delta,
                1 => sealed.tag += delta,
                2 => k = other_key,
                i => sealed.ciphertext[i - 3] += delta,
            }
            prop_assert_eq!(open(k, w, &sealed), None);
        }

        #[test]
        fn gadget_agrees_with_native(key in fr_strategy(), nonce in any::<u128>(), m in plaintext_strategy()) {
            let w = nonce_word(nonce, FORMAT_VERSION);
            let sealed = seal(key, w, &m);
            let cs = ConstraintSystem::<Fr>::new_ref();
            let k = FpVar::new_witness(cs.clone(), || Ok(key)).unwrap();
            let wv = FpVar::new_witness(cs.clone(), || Ok(w)).unwrap();
            let mv: Vec<_> = m.iter().map(|x| FpVar::new_witness(cs.clone(), || Ok(*x)).unwrap()).collect();
            let (c, t) = seal_var(&k, &wv, &mv).unwrap();
            for (cv, cn) in c.iter().zip(&sealed.ciphertext) {
                prop_assert_eq!(cv.value().unwrap(), *cn);
            }
            prop_assert_eq!(t.value().unwrap(), sealed.tag);
            prop_assert_eq!(digest_var(&wv, &c, &t).unwrap().value().unwrap(), digest(w, &sealed));
            prop_assert!(cs.is_satisfied().unwrap());
        }

        #[test]
        fn gadget_accepts_genuine_and_rejects_forgeries(
            key in fr_strategy(), nonce in any::<u128>(), m in plaintext_strategy(),
            which in 0..5usize, slot in 0..RECORD_SLOTS, delta in fr_strategy()
        ) {
            prop_assume!(!delta.is_zero());
            let w = nonce_word(nonce, FORMAT_VERSION);
            let d = digest(w, &seal(key, w, &m));
            prop_assert!(gadget_satisfied(key, w, &m, d));
            let mut m2 = m;
            let ok = match which {
                // wrong key
                0 => gadget_satisfied(key + delta, w, &m, d),
                // a plaintext other than the one sealed (equivalently: a tampered ciphertext)
                1 => { m2[slot] += delta; gadget_satisfied(key, w, &m2, d) }
                // wrong public digest
                2 => gadget_satisfied(key, w, &m, d + delta),
                // wrong nonce
                3 => gadget_satisfied(key, w + delta, &m, d),
                // the ledger's ciphertext was tampered with: its digest no longer matches any opening
                _ => {
                    let mut sealed = seal(key, w, &m);
                    sealed.ciphertext[slot] += delta;
                    gadget_satisfied(key, w, &m, digest(w, &sealed))
                }
            };
            prop_assert!(!ok);
        }
    }
}
