//! The batch Miller loop on eight proofs at once, with AVX-512 IFMA (52-bit multiply-accumulate).
//!
//! # Why
//! Per proof, the batch check costs one G2 line computation and one sparse `Fp12` product per Miller
//! loop step, and every proof goes through the same sequence of field operations. A 512-bit vector
//! register holds one 52-bit limb of eight field elements, so eight proofs advance together, one per
//! lane: lane `l` of vector `v` is proof `8v + l` of the chunk (counting only pairs whose G1 point is
//! not the identity), and lane `l` of the accumulator collects the lines of proofs `l, 8 + l, …`. The eight lane accumulators are multiplied
//! together at the end; since squaring distributes over products, the result equals the scalar
//! [`miller_loop`](super::pairing::miller_loop) of the same pairs exactly.
//!
//! Lines are computed step by step and consumed at once (no line table): the state per proof is the
//! running point `T`, and one field inversion per step is shared by all proofs of the chunk
//! (Montgomery's trick, lane-wise over the chunk's vectors, then across the eight lanes in scalar).
//!
//! Used only when the CPU reports `avx512f` and `avx512ifma` at run time; otherwise (and if an
//! inversion meets zero, which subgroup points other than the identity never cause; decoding rejects
//! an identity `B`) the caller uses the scalar loop. For `B`s not yet tested for membership in G2,
//! [`miller_loop_testing`] also returns each one's verdict, read off the point its `T` ends on
//! (exact, since no denominator was zero; `pairing`'s module notes).
//!
//! The vector field itself (limbs, Montgomery products, `Fp2`/`Fp6`/`Fp12`) is [`field`]; this module
//! drives the Miller loop over it. Together they are the crate's only `unsafe` code.
#![allow(unsafe_code)]
mod field;
mod pow;
mod subgroup;
mod weighted;

pub(crate) use pow::pow_8;
pub(crate) use subgroup::g2_in_subgroup_8;
pub(crate) use weighted::weighted_points_8;

use super::pairing::frobenius_twist;
use ark_bn254::{Config as BnCurve, Fq, Fq12, Fq2, G2Affine};
use ark_ec::bn::BnConfig;
use ark_ff::{Field, One, Zero};
use field::*;

/// Replaces every `den[v]` by its inverse, lane-wise (Montgomery's trick), with one scalar inversion
/// for all lanes.
/// `None` if some lane's product is zero.
#[inline]
#[target_feature(enable = "avx512f,avx512ifma")]
fn invert_all(den: &mut [VFq2], scratch: &mut Vec<VFq2>, k: &Consts) -> Option<()> {
    scratch.clear();
    let mut acc = VFq2 {
        c0: k.one,
        c1: k.zero,
    };
    for d in den.iter() {
        scratch.push(acc);
        acc = acc.mul(d, k);
    }
    // The eight lane products, inverted together with one scalar inversion.
    let mut inv = unpack2(&acc, k);
    if inv.iter().any(|x| x.is_zero()) {
        return None;
    }
    let mut prefix = [Fq2::one(); 8];
    for l in 1..8 {
        prefix[l] = prefix[l - 1] * inv[l - 1];
    }
    let mut all = (prefix[7] * inv[7]).inverse()?;
    for l in (0..8).rev() {
        let x = inv[l];
        inv[l] = all * prefix[l];
        all *= x;
    }
    let mut inv = pack2(inv, k);
    for (d, s) in den.iter_mut().zip(scratch.iter()).rev() {
        let di = inv.mul(s, k);
        inv = inv.mul(d, k);
        *d = di;
    }
    Some(())
}

/// `T ← T + Q` for every proof, multiplying each line into `f`.
#[inline]
#[target_feature(enable = "avx512f,avx512ifma")]
fn add_step(
    t: &mut [(VFq2, VFq2)],
    f: &mut VFq12,
    q: &[(VFq2, VFq2)],
    den: &mut [VFq2],
    scratch: &mut Vec<VFq2>,
    p: &[(VFq, VFq)],
    k: &Consts,
) -> Option<()> {
    for (i, d) in den.iter_mut().enumerate() {
        *d = t[i].0.sub(&q[i].0);
    }
    invert_all(den, scratch, k)?;
    for i in 0..t.len() {
        let (xq, yq) = q[i];
        let (x, y) = t[i];
        let lambda = y.sub(&yq).mul(&den[i], k);
        let x3 = lambda.square().sub(&x).sub(&xq);
        let mu = lambda.mul(&x, k).sub(&y);
        let y3 = mu.sub(&lambda.mul(&x3, k));
        f.mul_by_line(&lambda, &mu, &p[i], k);
        t[i] = (x3, y3);
    }
    Some(())
}

/// Whether this CPU runs the vector loop.
pub(crate) fn available() -> bool {
    std::arch::is_x86_feature_detected!("avx512f")
        && std::arch::is_x86_feature_detected!("avx512ifma")
}

/// `Π e(pᵢ, qᵢ)` before the final exponentiation, for G1 points given as `(x/y, 1/y)` (`None`: the
/// identity, skipped) and G2 points that are not the identity. `None` if the CPU lacks AVX-512 IFMA
/// or an inversion met zero; the caller then uses the scalar loop.
pub(crate) fn miller_loop(ps: &[Option<(Fq, Fq)>], qs: &[G2Affine]) -> Option<Fq12> {
    if !available() || ps.len() != qs.len() {
        return None;
    }
    // SAFETY: the CPU supports the features `miller_loop_ifma` is compiled for.
    unsafe { miller_loop_ifma(ps, qs, false) }.map(|(f, _)| f)
}

/// [`miller_loop`], and whether each `qs[i]` is in G2, read off the point its lines end on (exact;
/// `pairing`'s module notes, *G2 membership from the Miller loop*). `None` — no verdict — if the
/// CPU lacks AVX-512 IFMA, a denominator is zero (which only points outside G2 produce) or some `P`
/// is the identity.
pub(crate) fn miller_loop_testing(
    ps: &[Option<(Fq, Fq)>],
    qs: &[G2Affine],
) -> Option<(Fq12, Vec<bool>)> {
    if !available() || ps.len() != qs.len() || ps.iter().any(Option::is_none) {
        return None;
    }
    // SAFETY: the CPU supports the features `miller_loop_ifma` is compiled for.
    let (f, ends) = unsafe { miller_loop_ifma(ps, qs, true) }?;
    let in_g2 = ends
        .iter()
        .zip(qs)
        .map(|(t, q)| crate::verifier::pairing::ends_in_g2(t, q))
        .collect();
    Some((f, in_g2))
}

/// The Miller loop, and with `ends` the point each live pair's `T` ended on (affine), in order.
#[allow(clippy::type_complexity)]
#[target_feature(enable = "avx512f,avx512ifma")]
fn miller_loop_ifma(
    ps: &[Option<(Fq, Fq)>],
    qs: &[G2Affine],
    ends: bool,
) -> Option<(Fq12, Vec<(Fq2, Fq2)>)> {
    let k = Consts::new();
    let live: Vec<((Fq, Fq), G2Affine)> = ps
        .iter()
        .zip(qs)
        .filter_map(|(p, q)| p.map(|p| (p, *q)))
        .collect();
    if live.is_empty() {
        return Some((Fq12::one(), Vec::new()));
    }
    // Padding lanes: P with x/y = 1/y = 0 makes every line 1; Q is any valid point.
    let filler = (
        (Fq::zero(), Fq::zero()),
        <ark_bn254::g2::Config as ark_ec::short_weierstrass::SWCurveConfig>::GENERATOR,
    );
    let groups: Vec<[((Fq, Fq), G2Affine); 8]> = live
        .chunks(8)
        .map(|c| std::array::from_fn(|l| c.get(l).copied().unwrap_or(filler)))
        .collect();
    let p: Vec<(VFq, VFq)> = groups
        .iter()
        .map(|g| (pack(g.map(|e| -e.0 .0), &k), pack(g.map(|e| e.0 .1), &k)))
        .collect();
    let point = |q: [G2Affine; 8]| (pack2(q.map(|q| q.x), &k), pack2(q.map(|q| q.y), &k));
    let q: Vec<(VFq2, VFq2)> = groups.iter().map(|g| point(g.map(|e| e.1))).collect();
    let q1: Vec<(VFq2, VFq2)> = groups
        .iter()
        .map(|g| point(g.map(|e| frobenius_twist(&e.1))))
        .collect();
    let q2: Vec<(VFq2, VFq2)> = groups
        .iter()
        .map(|g| {
            point(g.map(|e| {
                let mut s = frobenius_twist(&frobenius_twist(&e.1));
                s.y = -s.y;
                s
            }))
        })
        .collect();
    // −Q, for the negative digits of the loop count.
    let neg_q: Vec<(VFq2, VFq2)> = q.iter().map(|(x, y)| (*x, y.neg(&k))).collect();
    let n = groups.len();
    let mut t = q.clone();
    let zero = VFq2 {
        c0: k.zero,
        c1: k.zero,
    };
    let one = VFq2 {
        c0: k.one,
        c1: k.zero,
    };
    let mut den = vec![zero; n];
    let mut scratch = Vec::with_capacity(n);
    let mut f = VFq12 {
        c0: VFq6([one, zero, zero]),
        c1: VFq6([zero; 3]),
    };

    let ate = <BnCurve as BnConfig>::ATE_LOOP_COUNT;
    for (step, bit) in ate.iter().rev().skip(1).enumerate() {
        if step != 0 {
            f = f.square(&k);
        }
        for (i, d) in den.iter_mut().enumerate() {
            *d = t[i].1.double();
        }
        invert_all(&mut den, &mut scratch, &k)?;
        for i in 0..n {
            let (x, y) = t[i];
            let xx = x.square();
            let lambda = xx.double().add(&xx).mul(&den[i], &k);
            let x3 = lambda.square().sub(&x.double());
            let mu = lambda.mul(&x, &k).sub(&y);
            let y3 = mu.sub(&lambda.mul(&x3, &k));
            f.mul_by_line(&lambda, &mu, &p[i], &k);
            t[i] = (x3, y3);
        }
        if *bit != 0 {
            let addend = if *bit < 0 { &neg_q } else { &q };
            add_step(&mut t, &mut f, addend, &mut den, &mut scratch, &p, &k)?;
        }
    }
    if <BnCurve as BnConfig>::X_IS_NEGATIVE {
        f = f.conjugate(&k);
        for e in t.iter_mut() {
            e.1 = e.1.neg(&k);
        }
    }
    add_step(&mut t, &mut f, &q1, &mut den, &mut scratch, &p, &k)?;
    add_step(&mut t, &mut f, &q2, &mut den, &mut scratch, &p, &k)?;
    let ends: Vec<(Fq2, Fq2)> = match ends {
        false => Vec::new(),
        true => t
            .iter()
            .flat_map(|(x, y)| {
                let (x, y) = (unpack2(x, &k), unpack2(y, &k));
                (0..8).map(move |l| (x[l], y[l]))
            })
            .take(live.len())
            .collect(),
    };

    // The eight lane accumulators, multiplied together.
    let c = |x: &VFq2| unpack2(x, &k);
    let (a0, a1, a2) = (c(&f.c0.0[0]), c(&f.c0.0[1]), c(&f.c0.0[2]));
    let (b0, b1, b2) = (c(&f.c1.0[0]), c(&f.c1.0[1]), c(&f.c1.0[2]));
    let mut out = Fq12::one();
    for l in 0..8 {
        out *= Fq12::new(
            ark_bn254::Fq6::new(a0[l], a1[l], a2[l]),
            ark_bn254::Fq6::new(b0[l], b1[l], b2[l]),
        );
    }
    Some((out, ends))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::verifier::lazy::tests::element;
    use crate::verifier::pairing::{self, LinesOf};
    use ark_bn254::{G1Projective, G2Projective};
    use ark_ec::CurveGroup;
    use ark_ff::UniformRand;
    use proptest::prelude::*;
    use rand::SeedableRng;

    fn skip() -> bool {
        if !available() {
            eprintln!("this CPU has no AVX-512 IFMA: the vector loop is not used here");
            return true;
        }
        false
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(128))]

        /// Vector `Fp` arithmetic agrees with arkworks' lane by lane, extremes included.
        #[test]
        fn vector_field_matches_arkworks(seed in any::<u64>(), kinds in any::<[u8; 16]>()) {
            if skip() { return Ok(()); }
            let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
            let a: [Fq; 8] = std::array::from_fn(|l| element(kinds[l], &mut rng));
            let b: [Fq; 8] = std::array::from_fn(|l| element(kinds[8 + l], &mut rng));
            let a2: [Fq2; 8] = std::array::from_fn(|l| Fq2::new(a[l], b[(l + 3) % 8]));
            let b2: [Fq2; 8] = std::array::from_fn(|l| Fq2::new(b[l], a[(l + 5) % 8]));
            // SAFETY: `skip` returned false, so the CPU has the features.
            let (sum, diff, prod, sq, prod2, xi, neg) = unsafe { vector_ops(a, b, a2, b2) };
            for l in 0..8 {
                prop_assert_eq!(sum[l], a[l] + b[l]);
                prop_assert_eq!(diff[l], a[l] - b[l]);
                prop_assert_eq!(prod[l], a[l] * b[l]);
                prop_assert_eq!(sq[l], a2[l].square());
                prop_assert_eq!(prod2[l], a2[l] * b2[l]);
                prop_assert_eq!(xi[l], a2[l] * Fq2::new(Fq::from(9u64), Fq::one()));
                prop_assert_eq!(neg[l], -a[l]);
            }
        }

        /// The vector Miller loop equals the scalar one exactly, for any number of pairs, with
        /// identity G1 points mixed in.
        #[test]
        fn vector_miller_loop_matches_scalar(seed in any::<u64>(), n in 1usize..21, holes in any::<u32>()) {
            if skip() { return Ok(()); }
            let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
            let ps: Vec<G1Projective> = (0..n)
                .map(|i| if holes >> i & 1 == 1 && i % 3 == 0 { G1Projective::zero() } else { G1Projective::rand(&mut rng) })
                .collect();
            let qs: Vec<G2Affine> = (0..n).map(|_| G2Projective::rand(&mut rng).into_affine()).collect();
            let pre = pairing::g1_prepare(&ps).unwrap();
            let lines = pairing::lines(&qs).unwrap();
            let pairs: Vec<_> = pre.iter().enumerate().map(|(i, p)| (*p, LinesOf::in_table(&lines, i, n))).collect();
            let scalar = pairing::miller_loop(&pairs);
            let vector = miller_loop(&pre, &qs).expect("vector loop");
            prop_assert_eq!(vector, scalar);
        }

        /// The vector loop's membership verdicts equal `[r]Q = 0` on G2 points, random points of
        /// the twist and G2 points plus a point of small order; where it gives none (a zero
        /// denominator), the scalar test gives none either. Its value equals the scalar loop's.
        #[test]
        fn vector_membership_matches_the_subgroup_test(seed in any::<u64>(), n in 1usize..21, kinds in any::<u32>()) {
            use ark_ec::AffineRepr;
            use ark_ff::PrimeField;
            use tradeproof_support::points::{g2_of_small_order, G2_COFACTOR_SMALL_PRIMES};
            if skip() { return Ok(()); }
            let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
            let ps: Vec<G1Projective> = (0..n).map(|_| G1Projective::rand(&mut rng)).collect();
            let qs: Vec<G2Affine> = (0..n)
                .map(|i| {
                    let g = G2Projective::rand(&mut rng);
                    match kinds >> (2 * (i % 16)) & 3 {
                        0 | 1 => g.into_affine(),
                        2 => loop {
                            let x = Fq2::rand(&mut rng);
                            if let Some(p) = G2Affine::get_point_from_x_unchecked(x, i % 2 == 0) {
                                break p;
                            }
                        },
                        _ => (g + g2_of_small_order(G2_COFACTOR_SMALL_PRIMES[i % 3])).into_affine(),
                    }
                })
                .collect();
            let pre = pairing::g1_prepare(&ps).unwrap();
            match (miller_loop_testing(&pre, &qs), pairing::lines_checking_membership(&qs)) {
                (Some((f, in_g2)), Some((lines, scalar_in_g2))) => {
                    prop_assert_eq!(&in_g2, &scalar_in_g2);
                    for (q, m) in qs.iter().zip(&in_g2) {
                        prop_assert_eq!(*m, q.mul_bigint(ark_bn254::Fr::MODULUS).is_zero());
                    }
                    let pairs: Vec<_> = pre.iter().enumerate().map(|(i, p)| (*p, LinesOf::in_table(&lines, i, n))).collect();
                    prop_assert_eq!(f, pairing::miller_loop(&pairs));
                }
                (None, None) => {}
                (v, s) => prop_assert!(false, "vector {:?}, scalar {:?}", v.is_some(), s.is_some()),
            }
        }
    }

    #[target_feature(enable = "avx512f,avx512ifma")]
    #[allow(clippy::type_complexity)]
    fn vector_ops(
        a: [Fq; 8],
        b: [Fq; 8],
        a2: [Fq2; 8],
        b2: [Fq2; 8],
    ) -> (
        [Fq; 8],
        [Fq; 8],
        [Fq; 8],
        [Fq2; 8],
        [Fq2; 8],
        [Fq2; 8],
        [Fq; 8],
    ) {
        let k = Consts::new();
        let (va, vb) = (pack(a, &k), pack(b, &k));
        let (va2, vb2) = (pack2(a2, &k), pack2(b2, &k));
        (
            unpack(&add(&va, &vb), &k),
            unpack(&sub(&va, &vb), &k),
            unpack(&mul(&va, &vb), &k),
            unpack2(&va2.square(), &k),
            unpack2(&va2.mul(&vb2, &k), &k),
            unpack2(&va2.mul_by_xi(&k), &k),
            unpack(&neg(&va, &k), &k),
        )
    }

    #[test]
    fn limbs_round_trip() {
        let m = MODULUS;
        assert_eq!(join(split(m)), m);
        assert_eq!(join(P2_52), {
            let mut x = [0u64; 4];
            let mut carry = 0;
            for j in 0..4 {
                x[j] = (m[j] << 1) | carry;
                carry = m[j] >> 63;
            }
            x
        });
    }
}
