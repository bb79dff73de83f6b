//! Pairing products, the commitments built from them, and the vector arithmetic of GIPA.
//!
//! With keys `v = ([aⁱ]₂, [bⁱ]₂)` and `w = ([aⁿ⁺ⁱ]₁, [bⁿ⁺ⁱ]₁)`, `i < n`:
//! - the **pair commitment** to `A ∈ G1ⁿ, B ∈ G2ⁿ` is
//!   `(Π e(Aᵢ, v₁ᵢ)·e(w₁ᵢ, Bᵢ), Π e(Aᵢ, v₂ᵢ)·e(w₂ᵢ, Bᵢ))`;
//! - the **single commitment** to `C ∈ G1ⁿ` is `(Π e(Cᵢ, v₁ᵢ), Π e(Cᵢ, v₂ᵢ))`.
//!
//! Both are binding under the assumptions of SnarkPack (ASDBP/ADHP in the generic group model) as long
//! as nobody knows `a` or `b`; `v` and `w` use disjoint ranges of exponents (`0..n` and `n..2n`) so the
//! two halves of the pair commitment cannot cancel.
use super::gt::Gt;
use crate::error::{Error, Result};
use ark_bn254::{Bn254, Fq12, Fr, G1Affine, G1Projective, G2Affine, G2Projective};
use ark_ec::bn::G2Prepared;
use ark_ec::pairing::{MillerLoopOutput, Pairing};
use ark_ec::{AffineRepr, CurveGroup, VariableBaseMSM};
use ark_ff::{Field, One};
use rayon::prelude::*;

/// A G2 point prepared for Miller loops (its line coefficients).
pub(crate) type Prepared = G2Prepared<ark_bn254::Config>;

/// Line coefficients of every point, in parallel.
pub(crate) fn prepare(points: &[G2Affine]) -> Vec<Prepared> {
    points.par_iter().map(Prepared::from).collect()
}

/// `Π e(pᵢ, qᵢ)` over the concatenation of the given pairs of slices (equal lengths each).
pub(crate) fn product(pairs: &[(&[G1Affine], &[Prepared])]) -> Result<Gt> {
    let ml = pairs
        .par_iter()
        .flat_map(|(p, q)| p.par_chunks(64).zip(q.par_chunks(64)))
        .map(|(p, q)| Bn254::multi_miller_loop(p.iter().copied(), q.iter().cloned()).0)
        .reduce(Fq12::one, |x, y| x * y);
    Bn254::final_exponentiation(MillerLoopOutput(ml))
        .ok_or_else(|| Error::Aggregation("a Miller loop output was zero".into()))
}

/// The pair commitment to `(a, b)` under `(v₁, w₁)` and `(v₂, w₂)`.
pub(crate) fn pair(
    a: &[G1Affine],
    b: &[Prepared],
    v: [&[Prepared]; 2],
    w: [&[G1Affine]; 2],
) -> Result<[Gt; 2]> {
    let (t1, t2) = rayon::join(
        || product(&[(a, v[0]), (w[0], b)]),
        || product(&[(a, v[1]), (w[1], b)]),
    );
    Ok([t1?, t2?])
}

/// The single commitment to `c` under `v₁` and `v₂`.
pub(crate) fn single(c: &[G1Affine], v: [&[Prepared]; 2]) -> Result<[Gt; 2]> {
    let (u1, u2) = rayon::join(|| product(&[(c, v[0])]), || product(&[(c, v[1])]));
    Ok([u1?, u2?])
}

/// `Σ sᵢ·pᵢ` in G1.
pub(crate) fn msm_g1(points: &[G1Affine], scalars: &[Fr]) -> G1Affine {
    G1Projective::msm_unchecked(points, scalars).into_affine()
}

/// `Σ sᵢ·pᵢ` in G2.
pub(crate) fn msm_g2(points: &[G2Affine], scalars: &[Fr]) -> G2Affine {
    G2Projective::msm_unchecked(points, scalars).into_affine()
}

/// `pᵢ·sᵢ` for every `i`.
pub(crate) fn scale<G: CurveGroup<ScalarField = Fr>>(
    points: &[G::Affine],
    s: &[Fr],
) -> Vec<G::Affine>
where
    G::Affine: AffineRepr<Group = G>,
{
    let p: Vec<G> = points.par_iter().zip(s).map(|(p, s)| *p * s).collect();
    G::normalize_batch(&p)
}

/// GIPA's fold of a vector: `left + x·right` (halving its length).
pub(crate) fn fold<G: CurveGroup<ScalarField = Fr>>(v: &[G::Affine], x: Fr) -> Vec<G::Affine>
where
    G::Affine: AffineRepr<Group = G>,
{
    let (l, r) = v.split_at(v.len() / 2);
    let p: Vec<G> = l.par_iter().zip(r).map(|(l, r)| *r * x + l).collect();
    G::normalize_batch(&p)
}

pub(crate) use crate::encoding::powers;

/// The coefficients of `Π_k (1 + y_k·X^(2^(l−1−k)))` for `k < l` (`2^l` of them): the polynomial
/// whose value at the secret is the exponent of a GIPA-folded commitment key.
pub(crate) fn fold_polynomial(y: &[Fr]) -> Vec<Fr> {
    let mut coeffs = vec![Fr::one()];
    for yk in y.iter().rev() {
        let upper: Vec<Fr> = coeffs.iter().map(|c| *c * yk).collect();
        coeffs.extend(upper);
    }
    coeffs
}

/// The value of [`fold_polynomial`] at `z`, in `O(l)`.
pub(crate) fn fold_polynomial_at(y: &[Fr], z: Fr) -> Fr {
    let mut acc = Fr::one();
    let mut zp = z; // z^(2^j) for the factor with exponent 2^j
    for yk in y.iter().rev() {
        acc *= Fr::one() + *yk * zp;
        zp.square_in_place();
    }
    acc
}

/// The quotient `(f(X) − f(z)) / (X − z)` of a polynomial given by its coefficients.
pub(crate) fn divide_by_linear(coeffs: &[Fr], z: Fr) -> Vec<Fr> {
    let d = coeffs.len().saturating_sub(1);
    let mut q = vec![Fr::from(0u64); d];
    let mut acc = Fr::from(0u64);
    for i in (1..=d).rev() {
        acc = coeffs[i] + z * acc;
        q[i - 1] = acc;
    }
    q
}

#[cfg(test)]
mod tests {
    use super::*;
    use ark_ff::{UniformRand, Zero};
    use proptest::prelude::*;
    use rand::SeedableRng;

    fn eval(c: &[Fr], z: Fr) -> Fr {
        c.iter().rev().fold(Fr::zero(), |acc, c| acc * z + c)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(32))]
        #[test]
        fn fold_polynomial_matches_its_evaluation_and_division(seed in any::<u64>(), l in 0usize..7) {
            let mut rng = rand_chacha::ChaCha20Rng::seed_from_u64(seed);
            let y: Vec<Fr> = (0..l).map(|_| Fr::rand(&mut rng)).collect();
            let (z, t) = (Fr::rand(&mut rng), Fr::rand(&mut rng));
            let f = fold_polynomial(&y);
            prop_assert_eq!(f.len(), 1 << l);
            prop_assert_eq!(eval(&f, z), fold_polynomial_at(&y, z));
            let q = divide_by_linear(&f, z);
            prop_assert_eq!(eval(&q, t) * (t - z), eval(&f, t) - eval(&f, z));
        }

        #[test]
        fn folded_keys_are_the_fold_polynomial_at_the_secret(seed in any::<u64>(), l in 1usize..5) {
            // Folding [aⁱ]₂ with right halves scaled by y_k gives [f(a)]₂.
            let mut rng = rand_chacha::ChaCha20Rng::seed_from_u64(seed);
            let a = Fr::rand(&mut rng);
            let y: Vec<Fr> = (0..l).map(|_| Fr::rand(&mut rng)).collect();
            let mut key: Vec<Fr> = powers(a, 1 << l);
            for yk in &y {
                let (lo, hi) = key.split_at(key.len() / 2);
                key = lo.iter().zip(hi).map(|(l, h)| *l + *h * yk).collect();
            }
            prop_assert_eq!(key[0], fold_polynomial_at(&y, a));
            prop_assert!(!a.inverse().unwrap().is_zero());
        }
    }
}
