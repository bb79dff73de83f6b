//! The pairing machinery of the batch verifier: affine line functions prepared in batches, a
//! multi-Miller loop split into one chunk per thread, and 128-bit weights in GLV form.
//!
//! # Lines in affine form
//! For a G2 point `T` on the twist and a slope `λ`, the line through `ψ(T)` evaluated at
//! `P = (x, y) ∈ G1` is, for BN254's D-type twist, `y − λx·w + (λx_T − y_T)·v·w`. Dividing by `y`
//! (an `Fp` factor, erased by the final exponentiation) leaves `1 + (c₃ + c₄·v)·w` with
//! `c₃ = −λ·(x/y)` and `c₄ = (λx_T − y_T)·(1/y)`, a sparse element whose product with the Miller
//! accumulator is computed coefficient by coefficient (`lazy.rs`). A line is stored as `(λ, λx_T − y_T)`.
//!
//! The slopes need one `Fp2` inversion per point and loop step; [`lines`] computes them for all the
//! `B` points of a chunk at once, sharing one inversion per step (Montgomery's trick), which makes
//! preparing a `B` point cheaper than arkworks' projective `G2Prepared`. The G1 side needs `x/y` and
//! `1/y`, obtained for all points of a chunk with one inversion from Jacobian coordinates
//! ([`g1_prepare`]), without normalising first.
//!
//! # G2 membership from the Miller loop
//! Computing the lines of `Q` walks `T` through `[6x+2]Q`, then adds `ψ(Q)` and `−ψ²(Q)`: the loop
//! ends on `T = [6x+2]Q + ψ(Q) − ψ²(Q)`, exactly, since its affine formulas are exact whenever no
//! denominator is zero and a zero denominator stops it. [`lines_checking_membership`] tests
//! `T = −ψ³(Q)`, that is `φ(Q) = O` for the endomorphism `φ = [6x+2] + ψ − ψ² + ψ³`, and that is an
//! **exact** test for G2 on every point of the twist:
//! - on G2, `ψ` acts as `[p]` and `6x+2 + p − p² + p³ ≡ 0 (mod r)` (the relation that makes this
//!   pairing an optimal ate pairing), so `φ` is zero there;
//! - the twist has `r·h` points, `h = 2p − r = 10,069 · 5,864,401 · 1,875,725,156,269 · ℓ` with `ℓ`
//!   a 178-bit prime: four distinct primes, none of them `r`, so each part of prime order `q` is
//!   cyclic and `φ`, an endomorphism defined over `Fp2`, acts on it as multiplication by a constant —
//!   zero or one-to-one. It is not zero: writing `φ = c₀ + c₁ψ` (by `ψ² = tψ − p`, `t = 6x² + 1`), its
//!   degree `c₀² + c₀c₁t + c₁²p` has no factor in common with `h`, and the tests check
//!   `φ(P_q) ≠ O` on a point of each order `q` (and the factorisation, `ℓ` by Miller–Rabin).
//!
//! So the subgroup test that costs a 63-bit scalar multiplication per point when decoding costs
//! three `ψ` maps and a comparison when done here ([`ends_in_g2`]), and the batch check does it for
//! proofs decoded from bytes, on this loop and on the vector one alike.
//! Points outside G2 may also reach a zero denominator (a point of order 10,069 comes back to `±Q`);
//! the whole chunk is then left untested and its points are tested one by one.
//!
//! This module is the scalar loop. On CPUs with AVX-512 IFMA the batch check runs the same loop on
//! eight proofs at once instead (`simd.rs`), and the tests check that both give the same value.
//!
//! # Chunks
//! arkworks' `multi_miller_loop` squares the accumulator once per chunk of four pairs; here each thread
//! takes one chunk of all the pairs, squares once per step for all of them, and the partial products
//! are multiplied at the end.
use super::lazy::mul_fp2;
use ark_bn254::{Config as BnCurve, Fq, Fq12, Fq2, Fr, G1Affine, G1Projective, G2Affine};
use ark_ec::bn::BnConfig;
use ark_ec::scalar_mul::glv::GLVConfig;
use ark_ec::{AffineRepr, CurveGroup};
use ark_ff::{AdditiveGroup, CyclotomicMultSubgroup, Field, One, Zero};

/// A line function: slope `λ` and `λ·x_T − y_T`.
pub(crate) type Line = (Fq2, Fq2);

/// A G1 point prepared for line evaluation: `(x/y, 1/y)`, or `None` for the identity.
pub(crate) type G1Pre = Option<(Fq, Fq)>;

/// Number of lines per G2 point.
pub(crate) fn lines_per_point() -> usize {
    let ate = <BnCurve as BnConfig>::ATE_LOOP_COUNT;
    (ate.len() - 1) + ate[..ate.len() - 1].iter().filter(|d| **d != 0).count() + 2
}

/// Inverts every element of `v` in place with one field inversion (Montgomery's trick). `None`, with `v`
/// unspecified, if an element is zero: for every caller a zero means a point outside what it was promised
/// (a doubling of a point with `y = 0`, an addition of `T = ±Q`), and the caller refuses the whole
/// computation instead of carrying on with a wrong value.
/// `mul` is the field's product (the once-reduced one for `Fp2`).
#[must_use]
fn invert_all<F: Field>(v: &mut [F], scratch: &mut Vec<F>, mul: fn(&F, &F) -> F) -> Option<()> {
    scratch.clear();
    let mut acc = F::one();
    for x in v.iter() {
        if x.is_zero() {
            return None;
        }
        scratch.push(acc);
        acc = mul(&acc, x);
    }
    let mut inv = acc.inverse()?;
    for i in (0..v.len()).rev() {
        let xi = mul(&inv, &scratch[i]);
        inv = mul(&inv, &v[i]);
        v[i] = xi;
    }
    Some(())
}

pub(crate) use crate::encoding::psi as frobenius_twist;

/// The affine lines of every point of `qs` (none may be the identity), laid out step-major — line `s`
/// of point `i` is `out[s·n + i]` — so that computing them and consuming them in the Miller loop both
/// walk memory in order.
///
/// `None` if a denominator is zero, which points of the prime-order subgroup never produce (a doubling
/// needs `y ≠ 0`, an addition `T ≠ ±Q`): the caller treats the check as failed rather than use a wrong
/// line, as the vector loop does.
pub(crate) fn lines(qs: &[G2Affine]) -> Option<Vec<Line>> {
    lines_and_ends(qs).map(|(lines, _)| lines)
}

/// [`lines`], and for each point whether it is in G2, read off the point the loop ends on — the
/// subgroup test for free (module notes, *G2 membership from the Miller loop*). Meant for points that
/// are on the curve and not the identity but not yet tested for membership; `None` as for [`lines`]
/// (which points outside G2 can reach: the caller then tests them another way).
pub(crate) fn lines_checking_membership(qs: &[G2Affine]) -> Option<(Vec<Line>, Vec<bool>)> {
    let (lines, ends) = lines_and_ends(qs)?;
    let members = ends.iter().zip(qs).map(|(t, q)| ends_in_g2(t, q)).collect();
    Some((lines, members))
}

/// Whether `Q` is in G2, given the point `T` (affine) its line computation ended on, computed
/// exactly (no denominator was zero): `T = [6x+2]Q + ψ(Q) − ψ²(Q)`, and `Q` is in G2 iff
/// `T + ψ³(Q) = O`, i.e. `T = ψ(−ψ²(Q))` (module notes).
pub(crate) fn ends_in_g2(t: &(Fq2, Fq2), q: &G2Affine) -> bool {
    let mut q2 = frobenius_twist(&frobenius_twist(q));
    q2.y = -q2.y;
    let target = frobenius_twist(&q2);
    *t == (target.x, target.y)
}

/// The lines, and the point `[6x+2]Q + ψ(Q) − ψ²(Q)` the loop ends on for each `Q`.
#[allow(clippy::type_complexity)]
fn lines_and_ends(qs: &[G2Affine]) -> Option<(Vec<Line>, Vec<(Fq2, Fq2)>)> {
    let n = qs.len();
    let per = lines_per_point();
    let mut out = vec![(Fq2::ZERO, Fq2::ZERO); n * per];
    let mut t: Vec<(Fq2, Fq2)> = qs.iter().map(|q| (q.x, q.y)).collect();
    let mut den = vec![Fq2::ZERO; n];
    let mut scratch = Vec::with_capacity(n);
    let mut step = 0;
    let add_step = |t: &mut Vec<(Fq2, Fq2)>,
                    den: &mut Vec<Fq2>,
                    scratch: &mut Vec<Fq2>,
                    out: &mut Vec<Line>,
                    step: usize,
                    q: &dyn Fn(usize) -> (Fq2, Fq2)|
     -> bool {
        for i in 0..n {
            den[i] = t[i].0 - q(i).0;
        }
        if invert_all(den, scratch, mul_fp2).is_none() {
            return false;
        }
        for i in 0..n {
            let (xq, yq) = q(i);
            let (x, y) = t[i];
            let lambda = mul_fp2(&(y - yq), &den[i]);
            let x3 = lambda.square() - x - xq;
            let y3 = mul_fp2(&lambda, &(x - x3)) - y;
            out[step * n + i] = (lambda, mul_fp2(&lambda, &x) - y);
            t[i] = (x3, y3);
        }
        true
    };
    for bit in <BnCurve as BnConfig>::ATE_LOOP_COUNT.iter().rev().skip(1) {
        for i in 0..n {
            den[i] = t[i].1.double();
        }
        invert_all(&mut den, &mut scratch, mul_fp2)?;
        for i in 0..n {
            let (x, y) = t[i];
            let xx = x.square();
            let lambda = mul_fp2(&(xx.double() + xx), &den[i]);
            let x3 = lambda.square() - x.double();
            let y3 = mul_fp2(&lambda, &(x - x3)) - y;
            out[step * n + i] = (lambda, mul_fp2(&lambda, &x) - y);
            t[i] = (x3, y3);
        }
        step += 1;
        if *bit != 0 {
            let neg = *bit < 0;
            if !add_step(&mut t, &mut den, &mut scratch, &mut out, step, &|i| {
                (qs[i].x, if neg { -qs[i].y } else { qs[i].y })
            }) {
                return None;
            }
            step += 1;
        }
    }
    if <BnCurve as BnConfig>::X_IS_NEGATIVE {
        t.iter_mut().for_each(|p| p.1 = -p.1);
    }
    let q1: Vec<G2Affine> = qs.iter().map(frobenius_twist).collect();
    let q2: Vec<G2Affine> = q1
        .iter()
        .map(|q| {
            let mut s = frobenius_twist(q);
            s.y = -s.y;
            s
        })
        .collect();
    let done = add_step(&mut t, &mut den, &mut scratch, &mut out, step, &|i| {
        (q1[i].x, q1[i].y)
    }) && add_step(&mut t, &mut den, &mut scratch, &mut out, step + 1, &|i| {
        (q2[i].x, q2[i].y)
    });
    done.then_some((out, t))
}

/// `(x/y, 1/y)` for Jacobian points, with one inversion for all; the identity gives `None` (its pairing
/// is 1). `None` for the whole slice if a point other than the identity has `y = 0`, which no point of
/// BN254's G1 (prime order, so no point of order 2) has.
pub(crate) fn g1_prepare(points: &[G1Projective]) -> Option<Vec<G1Pre>> {
    // One inversion for the y coordinates of all points but the identities (whose pairing is 1).
    let mut ys: Vec<Fq> = points
        .iter()
        .filter(|p| !p.z.is_zero())
        .map(|p| p.y)
        .collect();
    let mut scratch = Vec::with_capacity(ys.len());
    invert_all(&mut ys, &mut scratch, |a, b| *a * b)?;
    let mut yinv = ys.into_iter();
    points
        .iter()
        .map(|p| {
            if p.z.is_zero() {
                return Some(None);
            }
            let yinv = yinv.next()?;
            // x = X/Z², y = Y/Z³ ⇒ x/y = X·Z/Y, 1/y = Z³/Y.
            let z2 = p.z.square();
            Some(Some((p.x * p.z * yinv, z2 * p.z * yinv)))
        })
        .collect()
}

/// `(x/y, 1/y)` of an affine point (`Some(None)` for the identity); `None` if `y = 0`, as for
/// [`g1_prepare`].
pub(crate) fn g1_prepare_affine(p: &G1Affine) -> Option<G1Pre> {
    if p.is_zero() {
        return Some(None);
    }
    let yinv = p.y.inverse()?;
    Some(Some((p.x * yinv, yinv)))
}

#[inline]
fn ell(f: &mut Fq12, line: &Line, p: &(Fq, Fq)) {
    let mut c3 = -line.0;
    c3.mul_assign_by_fp(&p.0);
    let mut c4 = line.1;
    c4.mul_assign_by_fp(&p.1);
    super::lazy::mul_by_line(f, &c3, &c4);
}

/// Where the lines of one G2 point are: line `s` is `data[offset + s·stride]`.
#[derive(Clone, Copy)]
pub(crate) struct LinesOf<'a> {
    pub data: &'a [Line],
    pub offset: usize,
    pub stride: usize,
}

impl<'a> LinesOf<'a> {
    /// The lines of point `i` in a step-major table of `n` points (as [`lines`] returns).
    pub fn in_table(data: &'a [Line], i: usize, n: usize) -> Self {
        LinesOf {
            data,
            offset: i,
            stride: n,
        }
    }

    /// The lines of a single point, stored in order.
    pub fn single(data: &'a [Line]) -> Self {
        LinesOf {
            data,
            offset: 0,
            stride: 1,
        }
    }
}

/// `Π e(pᵢ, qᵢ)` before the final exponentiation, for pairs given as prepared G1 points and the lines
/// of their G2 points.
pub(crate) fn miller_loop(pairs: &[(G1Pre, LinesOf<'_>)]) -> Fq12 {
    let ate = <BnCurve as BnConfig>::ATE_LOOP_COUNT;
    let live: Vec<(&(Fq, Fq), LinesOf<'_>)> = pairs
        .iter()
        .filter_map(|(p, l)| p.as_ref().map(|p| (p, *l)))
        .collect();
    fn line<'b>(l: &LinesOf<'b>, step: usize) -> &'b Line {
        &l.data[l.offset + step * l.stride]
    }
    let mut f = Fq12::one();
    let mut step = 0;
    for i in (1..ate.len()).rev() {
        if i != ate.len() - 1 {
            f.square_in_place();
        }
        for (p, l) in &live {
            ell(&mut f, line(l, step), p);
        }
        step += 1;
        if ate[i - 1] != 0 {
            for (p, l) in &live {
                ell(&mut f, line(l, step), p);
            }
            step += 1;
        }
    }
    if <BnCurve as BnConfig>::X_IS_NEGATIVE {
        f.cyclotomic_inverse_in_place();
    }
    for _ in 0..2 {
        for (p, l) in &live {
            ell(&mut f, line(l, step), p);
        }
        step += 1;
    }
    f
}

/// Whether the final exponentiation of `f` is one.
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

    /// `ρ·P = a·P + b·φ(P)`, interleaving the width-3 NAFs of `a` and `b` over the table
    /// `{P, 3P, φ(P), φ(3P)}` (affine, given by the caller): 64 doublings and about 32 mixed additions.
    pub fn mul_with_table(&self, t: &[G1Affine; 4]) -> G1Projective {
        let na = wnaf3(self.a);
        let nb = wnaf3(self.b);
        let mut acc = G1Projective::ZERO;
        for i in (0..na.len().max(nb.len())).rev() {
            acc.double_in_place();
            for (digits, base) in [(&na, 0usize), (&nb, 2usize)] {
                if let Some(&d) = digits.get(i) {
                    if d != 0 {
                        let p = &t[base + (d.unsigned_abs() as usize >> 1)];
                        if d > 0 {
                            acc += p;
                        } else {
                            acc -= p;
                        }
                    }
                }
            }
        }
        acc
    }

    /// `ρ·P` (convenience for single points; batches use [`weighted_points`]).
    #[cfg(test)]
    pub fn mul(&self, p: &G1Affine) -> G1Projective {
        self.mul_with_table(&tables(std::slice::from_ref(p))[0])
    }
}

/// Width-3 NAF of a 64-bit integer: digits in `{0, ±1, ±3}`, least significant first.
fn wnaf3(mut k: u64) -> Vec<i8> {
    let mut k128 = k as u128;
    let mut out = Vec::with_capacity(66);
    while k128 != 0 {
        if k128 & 1 == 1 {
            let m = (k128 & 7) as i8;
            let d = if m >= 4 { m - 8 } else { m };
            out.push(d);
            if d < 0 {
                k128 += (-d) as u128;
            } else {
                k128 -= d as u128;
            }
        } else {
            out.push(0);
        }
        k128 >>= 1;
    }
    k = 0;
    let _ = k;
    out
}

/// The tables `{P, 3P, φ(P), φ(3P)}` of many points, normalised together (one inversion).
pub(crate) fn tables(points: &[G1Affine]) -> Vec<[G1Affine; 4]> {
    let threes: Vec<G1Projective> = points.iter().map(|p| p.into_group().double() + p).collect();
    let threes = G1Projective::normalize_batch(&threes);
    points
        .iter()
        .zip(threes)
        .map(|(p, p3)| {
            let phi = <ark_bn254::g1::Config as GLVConfig>::endomorphism_affine;
            [*p, p3, phi(p), phi(&p3)]
        })
        .collect()
}

/// `ρᵢ·Pᵢ` for a batch.
pub(crate) fn weighted_points(points: &[G1Affine], weights: &[Weight]) -> Vec<G1Projective> {
    tables(points)
        .iter()
        .zip(weights)
        .map(|(t, w)| w.mul_with_table(t))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use ark_bn254::G2Projective;
    use ark_ec::pairing::Pairing;
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
    fn affine_miller_loop_matches_arkworks() {
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(2);
        let ps: Vec<G1Projective> = (0..13).map(|_| G1Projective::rand(&mut rng)).collect();
        let qs: Vec<G2Affine> = (0..13)
            .map(|_| G2Projective::rand(&mut rng).into_affine())
            .collect();
        let l = lines(&qs).unwrap();
        let pre = g1_prepare(&ps).unwrap();
        let pairs: Vec<(G1Pre, LinesOf<'_>)> = pre
            .iter()
            .enumerate()
            .map(|(i, p)| (*p, LinesOf::in_table(&l, i, qs.len())))
            .collect();
        let ours = miller_loop(&pairs);
        let aff: Vec<G1Affine> = ps.iter().map(|p| p.into_affine()).collect();
        let theirs = ark_bn254::Bn254::multi_miller_loop(aff.clone(), qs.clone()).0;
        let fe = |f| {
            ark_bn254::Bn254::final_exponentiation(ark_ec::pairing::MillerLoopOutput(f)).unwrap()
        };
        assert_eq!(fe(ours), fe(theirs));
        // A pairing product that is one: e(P, Q)·e(−P, Q) = 1, with P given in affine form.
        let p = aff[0];
        let q0 = lines(&qs[..1]).unwrap();
        assert_eq!(q0.len(), lines_per_point());
        let pairs = vec![
            (g1_prepare_affine(&p).unwrap(), LinesOf::single(&q0)),
            (g1_prepare_affine(&-p).unwrap(), LinesOf::single(&q0)),
        ];
        assert!(is_one_after_final_exp(miller_loop(&pairs)));
        // Identity points are skipped.
        let pairs = vec![(
            g1_prepare_affine(&G1Affine::zero()).unwrap(),
            LinesOf::single(&q0),
        )];
        assert!(is_one_after_final_exp(miller_loop(&pairs)));
    }

    /// `φ(P) = [6x+2]P + ψ(P) − ψ²(P) + ψ³(P)`, the endomorphism whose kernel the loop's end point
    /// tests, by the group law.
    fn phi(p: &G2Affine) -> G2Projective {
        let six_x_plus_2 = 6 * u128::from(<BnCurve as BnConfig>::X[0]) + 2;
        let psi = |q: &G2Projective| frobenius_twist(&q.into_affine()).into_group();
        let p1 = psi(&p.into_group());
        let p2 = psi(&p1);
        let p3 = psi(&p2);
        p.mul_bigint([six_x_plus_2 as u64, (six_x_plus_2 >> 64) as u64]) + p1 - p2 + p3
    }

    /// The membership test read off the loop's end point is exact (module notes): the twist's group
    /// of points has order `r·h`, `h = 2p − r` the product of four distinct primes, and `φ` is not
    /// zero on a point of each of those orders — so, each such part being cyclic of prime order, `φ`
    /// is one-to-one on it and its kernel is exactly G2. Then the test agrees with `[r]P = 0`.
    #[test]
    fn membership_from_the_loop_is_exact() {
        use ark_bn254::g2;
        use ark_ec::CurveConfig;
        use ark_ff::{BigInteger, PrimeField};
        use num_bigint::BigUint;
        use tradeproof_support::points::{g2_of_small_order, G2_COFACTOR_SMALL_PRIMES};
        let big = |b: &[u8]| BigUint::from_bytes_le(b);
        let (p, r) = (
            big(&Fq::MODULUS.to_bytes_le()),
            big(&Fr::MODULUS.to_bytes_le()),
        );
        let h = BigUint::from(2u8) * &p - &r;
        let limbs: Vec<u8> = g2::Config::COFACTOR
            .iter()
            .flat_map(|l| l.to_le_bytes())
            .collect();
        assert_eq!(big(&limbs), h, "#E'(Fp2) = r·(2p − r)");
        let small: BigUint = G2_COFACTOR_SMALL_PRIMES
            .iter()
            .map(|q| BigUint::from(*q))
            .product();
        assert_eq!(&h % &small, BigUint::ZERO);
        let large = &h / &small;
        assert_eq!(large.bits(), 178);
        // Miller–Rabin with the first 13 primes as bases (deterministic far beyond 178 bits in
        // practice; a composite passes each base with probability ≤ 1/4).
        let is_prime = |n: &BigUint| {
            let one = BigUint::from(1u8);
            let m = n - &one;
            let k = m.trailing_zeros().unwrap();
            let d = &m >> k;
            [2u8, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41]
                .iter()
                .all(|a| {
                    let mut y = BigUint::from(*a).modpow(&d, n);
                    if y == one || y == m {
                        return true;
                    }
                    (1..k).any(|_| {
                        y = &y * &y % n;
                        y == m
                    })
                })
        };
        assert!(is_prime(&large));
        assert!(G2_COFACTOR_SMALL_PRIMES
            .iter()
            .all(|q| is_prime(&BigUint::from(*q))));
        // The module notes' argument: φ = c₀ + c₁ψ (by ψ² = tψ − p), and its degree
        // c₀² + c₀c₁t + c₁²p (the size of its kernel over the closure) shares no factor with h.
        use num_bigint::BigInt;
        let (pi, ti) = (
            BigInt::from(p.clone()),
            BigInt::from(p.clone() + 1u8) - BigInt::from(r.clone()),
        );
        let x = BigInt::from(<BnCurve as BnConfig>::X[0]);
        assert_eq!(ti, BigInt::from(6u8) * &x * &x + 1, "t = 6x² + 1");
        let c0 = BigInt::from(6u8) * &x + 2 + &pi - &ti * &pi;
        let c1 = BigInt::from(1u8) - &ti + &ti * &ti - &pi;
        let degree: BigInt = &c0 * &c0 + &c0 * &c1 * &ti + &c1 * &c1 * &pi;
        let degree = degree.magnitude().clone();
        let gcd = |mut a: BigUint, mut b: BigUint| {
            while b != BigUint::ZERO {
                (a, b) = (b.clone(), a % b);
            }
            a
        };
        assert_eq!(gcd(degree.clone(), h.clone()), BigUint::from(1u8));
        assert_eq!(&degree % &r, BigUint::ZERO, "φ is zero on G2");
        // φ is not zero on a point of each prime order dividing h.
        for q in G2_COFACTOR_SMALL_PRIMES {
            assert!(!phi(&g2_of_small_order(q)).is_zero(), "order {q}");
        }
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(3);
        let on_curve = |rng: &mut rand_chacha::ChaCha8Rng| loop {
            if let Some(p) = G2Affine::get_point_from_x_unchecked(Fq2::rand(rng), rng.gen()) {
                return p;
            }
        };
        let u64s = |n: &BigUint| n.to_u64_digits();
        let t = on_curve(&mut rng)
            .mul_bigint(Fr::MODULUS)
            .into_affine()
            .mul_bigint(u64s(&small))
            .into_affine();
        assert!(!t.is_zero() && t.mul_bigint(u64s(&large)).is_zero());
        assert!(!phi(&t).is_zero(), "order of the large factor");
        // φ is zero on G2.
        let g = G2Projective::rand(&mut rng).into_affine();
        assert!(phi(&g).is_zero());

        // The test, on a batch mixing G2 points, random curve points (almost all outside G2) and G2
        // points plus a component of each small order.
        let mut qs = Vec::new();
        for i in 0..24 {
            qs.push(match i % 3 {
                0 => G2Projective::rand(&mut rng).into_affine(),
                1 => on_curve(&mut rng),
                _ => (G2Projective::rand(&mut rng)
                    + g2_of_small_order(G2_COFACTOR_SMALL_PRIMES[i % 9 / 3]))
                .into_affine(),
            });
        }
        let (l, in_g2) = lines_checking_membership(&qs).unwrap();
        assert_eq!(l, lines(&qs).unwrap());
        for (q, m) in qs.iter().zip(&in_g2) {
            assert_eq!(*m, q.mul_bigint(Fr::MODULUS).is_zero());
        }
        assert_eq!(in_g2.iter().filter(|m| **m).count(), 8);
        // A point of small order alone meets a zero denominator (its multiples come back to ±Q) or
        // is found outside; never inside.
        for q in G2_COFACTOR_SMALL_PRIMES {
            let t = g2_of_small_order(q);
            if let Some((_, m)) = lines_checking_membership(&[g, t]) {
                assert_eq!(m, vec![true, false]);
            }
        }
    }

    /// Inputs that valid points never produce make the preparation fail instead of returning a wrong
    /// line or treating a point as the identity.
    #[test]
    fn degenerate_inputs_fail_instead_of_inverting_zero_to_zero() {
        let mut scratch = Vec::new();
        let mut v = vec![Fq::from(3u64), Fq::ZERO, Fq::from(5u64)];
        let mul = |a: &Fq, b: &Fq| *a * b;
        assert!(invert_all(&mut v, &mut scratch, mul).is_none());
        let mut v = vec![Fq::from(3u64), Fq::from(5u64)];
        assert!(invert_all(&mut v, &mut scratch, mul).is_some());
        assert_eq!(v[0] * Fq::from(3u64), Fq::ONE);
        // A G2 "point" with y = 0 (not on the curve: a doubling denominator of zero) has no lines.
        let flat = G2Affine::new_unchecked(Fq2::ONE, Fq2::ZERO);
        assert!(lines(&[flat]).is_none());
        // A G1 "point" with y = 0, affine or Jacobian, is refused rather than taken for the identity.
        let flat1 = G1Affine::new_unchecked(Fq::ONE, Fq::ZERO);
        assert!(g1_prepare_affine(&flat1).is_none());
        let jac = G1Projective::new_unchecked(Fq::ONE, Fq::ZERO, Fq::ONE);
        assert!(g1_prepare(&[jac]).is_none());
        assert_eq!(g1_prepare(&[G1Projective::zero()]), Some(vec![None]));
    }
}
