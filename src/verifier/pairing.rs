//! A multi-Miller loop split into one chunk per thread, and 128-bit weights in GLV form.
//!
//! arkworks' `multi_miller_loop` squares the accumulator once per chunk of four pairs; with hundreds of
//! pairs that repeats the Fp12 squarings a hundred times. Here the pairs are split into as many chunks
//! as there are threads, so each thread squares once per loop step for all of its pairs, and the partial
//! products are multiplied at the end (the Miller loop of a product of pairings is the product of the
//! Miller loops).
use ark_bn254::{Config as BnCurve, Fq12, Fr, G1Affine, G1Projective};
use ark_ec::bn::{BnConfig, G2Prepared, TwistType};
use ark_ec::scalar_mul::glv::GLVConfig;
use ark_ec::AffineRepr;
use ark_ff::{AdditiveGroup, CyclotomicMultSubgroup, Field, One};
use rayon::prelude::*;

type Prepared = G2Prepared<BnCurve>;

fn ell(f: &mut Fq12, coeffs: &(ark_bn254::Fq2, ark_bn254::Fq2, ark_bn254::Fq2), p: &G1Affine) {
    let (mut c0, mut c1, c2) = *coeffs;
    match <BnCurve as BnConfig>::TWIST_TYPE {
        TwistType::D => {
            c0.mul_assign_by_fp(&p.y);
            c1.mul_assign_by_fp(&p.x);
            f.mul_by_034(&c0, &c1, &c2);
        }
        TwistType::M => {
            let mut c2 = c2;
            c2.mul_assign_by_fp(&p.y);
            c1.mul_assign_by_fp(&p.x);
            f.mul_by_014(&coeffs.0, &c1, &c2);
        }
    }
}

fn miller_chunk(pairs: &[(G1Affine, &Prepared)]) -> Fq12 {
    let ate = <BnCurve as BnConfig>::ATE_LOOP_COUNT;
    let mut iters: Vec<(G1Affine, std::slice::Iter<'_, _>)> = pairs
        .iter()
        .filter(|(p, q)| !p.is_zero() && !q.infinity)
        .map(|(p, q)| (*p, q.ell_coeffs.iter()))
        .collect();
    let mut f = Fq12::one();
    for i in (1..ate.len()).rev() {
        if i != ate.len() - 1 {
            f.square_in_place();
        }
        for (p, it) in iters.iter_mut() {
            if let Some(c) = it.next() {
                ell(&mut f, c, p);
            }
        }
        let bit = ate[i - 1];
        if bit == 1 || bit == -1 {
            for (p, it) in iters.iter_mut() {
                if let Some(c) = it.next() {
                    ell(&mut f, c, p);
                }
            }
        }
    }
    if <BnCurve as BnConfig>::X_IS_NEGATIVE {
        f.cyclotomic_inverse_in_place();
    }
    for _ in 0..2 {
        for (p, it) in iters.iter_mut() {
            if let Some(c) = it.next() {
                ell(&mut f, c, p);
            }
        }
    }
    f
}

/// `Π e(pᵢ, qᵢ)` before the final exponentiation, one chunk per thread.
pub(crate) fn multi_miller_loop(pairs: &[(G1Affine, &Prepared)]) -> Fq12 {
    let threads = rayon::current_num_threads().max(1);
    if threads == 1 || pairs.len() < 8 {
        return miller_chunk(pairs);
    }
    let chunk = pairs.len().div_ceil(threads);
    pairs
        .par_chunks(chunk)
        .map(miller_chunk)
        .reduce(Fq12::one, |a, b| a * b)
}

/// `e(P, Q) … = 1` check after the final exponentiation.
pub(crate) fn is_one_after_final_exp(f: Fq12) -> bool {
    use ark_ec::pairing::{MillerLoopOutput, Pairing};
    ark_bn254::Bn254::final_exponentiation(MillerLoopOutput(f)).is_some_and(|r| r.0.is_one())
}

/// A batch weight `ρ = a + λ·b` with `a, b < 2^64` and `λ` the GLV eigenvalue of G1: there are 2^128 such
/// weights, and `ρ·P = a·P + b·φ(P)` costs a 64-bit double-scalar multiplication.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Weight {
    pub a: u64,
    pub b: u64,
}

impl Weight {
    /// The weight as a scalar.
    pub fn scalar(&self) -> Fr {
        Fr::from(self.a) + <ark_bn254::g1::Config as GLVConfig>::LAMBDA * Fr::from(self.b)
    }

    /// `ρ·P` by Shamir's trick over `(P, φ(P))`: 64 doublings and at most 64 additions.
    pub fn mul(&self, p: &G1Affine) -> G1Projective {
        let phi = <ark_bn254::g1::Config as GLVConfig>::endomorphism_affine(p);
        let both = (p.into_group() + phi).into();
        let table: [Option<G1Affine>; 4] = [None, Some(*p), Some(phi), Some(both)];
        let mut acc = G1Projective::ZERO;
        let top = 64 - (self.a | self.b).leading_zeros();
        for i in (0..top).rev() {
            acc.double_in_place();
            let idx = ((self.a >> i) & 1) | (((self.b >> i) & 1) << 1);
            if let Some(t) = &table[idx as usize] {
                acc += t;
            }
        }
        acc
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ark_ec::pairing::Pairing;
    use ark_ec::CurveGroup;
    use ark_std::UniformRand;
    use rand::{Rng, SeedableRng};

    #[test]
    fn glv_weight_matches_scalar_multiplication() {
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(1);
        for _ in 0..20 {
            let p = G1Projective::rand(&mut rng).into_affine();
            let w = Weight {
                a: rng.gen(),
                b: rng.gen(),
            };
            assert_eq!(w.mul(&p), p * w.scalar());
        }
        let p = G1Projective::rand(&mut rng).into_affine();
        assert_eq!(Weight { a: 0, b: 0 }.mul(&p), G1Projective::ZERO);
        assert_eq!(Weight { a: 1, b: 0 }.mul(&p), p.into_group());
    }

    #[test]
    fn chunked_miller_loop_matches_arkworks() {
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(2);
        let ps: Vec<G1Affine> = (0..13)
            .map(|_| G1Projective::rand(&mut rng).into_affine())
            .collect();
        let qs: Vec<ark_bn254::G2Affine> = (0..13)
            .map(|_| ark_bn254::G2Projective::rand(&mut rng).into_affine())
            .collect();
        let prepared: Vec<Prepared> = qs.iter().map(|q| (*q).into()).collect();
        let pairs: Vec<(G1Affine, &Prepared)> = ps.iter().copied().zip(prepared.iter()).collect();
        let ours = multi_miller_loop(&pairs);
        let theirs = ark_bn254::Bn254::multi_miller_loop(ps.clone(), qs.clone()).0;
        let fe = |f| {
            ark_bn254::Bn254::final_exponentiation(ark_ec::pairing::MillerLoopOutput(f)).unwrap()
        };
        assert_eq!(fe(ours), fe(theirs));
    }
}
