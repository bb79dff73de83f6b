//! `ρᵢ·Aᵢ` for a batch — the weighted G1 points of the batch check — eight points per register.
//!
//! # Method
//! A weight is `ρ = a + λ·b` (`a, b < 2⁶⁴`, `λ` the GLV eigenvalue, [`Weight`]), so
//! `ρ·A = a·A + b·φ(A)` with `φ(x, y) = (β·x, y)`. Every lane must run the same operations, so the
//! scalars are recoded in the *regular* signed window form: an odd `k < 2⁶⁵` is
//! `Σ_{i<16} dᵢ·16ⁱ + 16¹⁶` with every `dᵢ` odd in `[−15, 15]` — never zero, so each window is one
//! addition in every lane. Even scalars are recoded plus one, and `A` (or `φ(A)`) is subtracted at
//! the end in the lanes that need it. Each lane selects its table entry `|dᵢ|·A` with masked blends
//! and negates `y` where `dᵢ < 0`; `φ` of the table costs one multiplication per entry. In all: 65
//! doublings and 43 additions per point, all in Jacobian coordinates.
//!
//! # Why incomplete formulas are safe here
//! As in [`subgroup`](super::subgroup): a doubling outputs `Z₃ = 2·Y₁·Z₁` and an addition
//! `Z₃ = 2·Z₁·Z₂·H`, zero exactly when an input is at infinity or the inputs are equal or opposite
//! (the cases the formulas get wrong). So a lane whose final `Z` is not zero computed `ρ·A` exactly;
//! a lane with `Z = 0` is recomputed with arkworks' complete arithmetic ([`Weight::mul_with_table`]).
//! For a point of G1 (prime order) a degenerate step needs two partial sums `a' + λ·b'` of the
//! recoded weight to agree up to sign modulo `r`, which random weights essentially never do; the
//! weight zero does, and takes the fallback. Correctness never depends on it: the fallback is exact.
use super::field::*;
use crate::verifier::pairing::{tables, Weight};
use ark_bn254::{G1Affine, G1Projective};
use ark_ec::scalar_mul::glv::GLVConfig;
use ark_ff::Zero;
use std::arch::x86_64::*;

/// A G1 point in Jacobian coordinates, eight lanes.
#[derive(Clone, Copy)]
struct Jac {
    x: VFq,
    y: VFq,
    z: VFq,
}

/// `2P` (`dbl-2009-l`, `a = 0`).
#[inline]
#[target_feature(enable = "avx512f,avx512ifma")]
fn double(p: &Jac) -> Jac {
    let a = mul(&p.x, &p.x);
    let b = mul(&p.y, &p.y);
    let c = mul(&b, &b);
    let xb = add(&p.x, &b);
    let d = sub(&sub(&mul(&xb, &xb), &a), &c);
    let d = add(&d, &d);
    let e = add(&add(&a, &a), &a);
    let x3 = sub(&mul(&e, &e), &add(&d, &d));
    let c2 = add(&c, &c);
    let c4 = add(&c2, &c2);
    let c8 = add(&c4, &c4);
    let y3 = sub(&mul(&e, &sub(&d, &x3)), &c8);
    let yz = mul(&p.y, &p.z);
    Jac {
        x: x3,
        y: y3,
        z: add(&yz, &yz),
    }
}

/// `P + Q` (`add-2007-bl`): `Z₃ = 2·Z₁·Z₂·H`.
#[inline]
#[target_feature(enable = "avx512f,avx512ifma")]
fn add_points(p: &Jac, q: &Jac) -> Jac {
    let z1z1 = mul(&p.z, &p.z);
    let z2z2 = mul(&q.z, &q.z);
    let u1 = mul(&p.x, &z2z2);
    let u2 = mul(&q.x, &z1z1);
    let s1 = mul(&mul(&p.y, &q.z), &z2z2);
    let s2 = mul(&mul(&q.y, &p.z), &z1z1);
    let h = sub(&u2, &u1);
    let h2 = add(&h, &h);
    let i = mul(&h2, &h2);
    let j = mul(&h, &i);
    let r = sub(&s2, &s1);
    let r = add(&r, &r);
    let v = mul(&u1, &i);
    let x3 = sub(&sub(&mul(&r, &r), &j), &add(&v, &v));
    let s1j = mul(&s1, &j);
    let y3 = sub(&mul(&r, &sub(&v, &x3)), &add(&s1j, &s1j));
    let zz = add(&p.z, &q.z);
    let z3 = mul(&sub(&sub(&mul(&zz, &zz), &z1z1), &z2z2), &h);
    Jac {
        x: x3,
        y: y3,
        z: z3,
    }
}

/// Lane-wise `if mask { b } else { a }`.
#[inline]
#[target_feature(enable = "avx512f,avx512ifma")]
fn blend(mask: __mmask8, a: &VFq, b: &VFq) -> VFq {
    VFq(std::array::from_fn(|i| {
        _mm512_mask_blend_epi64(mask, a.0[i], b.0[i])
    }))
}

#[inline]
#[target_feature(enable = "avx512f,avx512ifma")]
fn blend_point(mask: __mmask8, a: &Jac, b: &Jac) -> Jac {
    Jac {
        x: blend(mask, &a.x, &b.x),
        y: blend(mask, &a.y, &b.y),
        z: blend(mask, &a.z, &b.z),
    }
}

/// The lanes' entries `dₗ·P` of a table of `P, 3P, …, 15P`, for odd digits `dₗ`.
#[inline]
#[target_feature(enable = "avx512f,avx512ifma")]
fn select(table: &[Jac; 8], digits: [i8; 8], k: &Consts) -> Jac {
    let mut out = table[0];
    for (j, entry) in table.iter().enumerate().skip(1) {
        let mask = lanes_where(|l| digits[l].unsigned_abs() as usize == 2 * j + 1);
        out = blend_point(mask, &out, entry);
    }
    let negative = lanes_where(|l| digits[l] < 0);
    out.y = blend(negative, &out.y, &neg(&out.y, k));
    out
}

fn lanes_where(f: impl Fn(usize) -> bool) -> __mmask8 {
    (0..8).fold(0u8, |m, l| m | (u8::from(f(l)) << l))
}

/// The regular signed window-4 digits of an odd `k < 2⁶⁵`, least significant first: sixteen odd
/// digits in `[−15, 15]`, then the top digit, which is 1.
fn regular_digits(mut k: u128) -> [i8; 17] {
    let mut d = [0i8; 17];
    for digit in d.iter_mut().take(16) {
        let m = (k & 31) as i128 - 16;
        *digit = m as i8;
        k = ((k as i128 - m) >> 4) as u128;
    }
    d[16] = k as i8;
    d
}

/// `ρᵢ·Aᵢ` for every point (none the identity), exactly as [`Weight::mul_with_table`] computes it.
/// `None` if the CPU lacks AVX-512 IFMA.
pub(crate) fn weighted_points_8(
    points: &[G1Affine],
    weights: &[Weight],
) -> Option<Vec<G1Projective>> {
    if !super::available() || points.len() != weights.len() {
        return None;
    }
    // SAFETY: the CPU supports the features `run` is compiled for.
    Some(unsafe { run(points, weights) })
}

#[target_feature(enable = "avx512f,avx512ifma")]
fn run(points: &[G1Affine], weights: &[Weight]) -> Vec<G1Projective> {
    let k = Consts::new();
    let beta = pack(
        [<ark_bn254::g1::Config as GLVConfig>::ENDO_COEFFS[0]; 8],
        &k,
    );
    let one = k.one;
    let mut out = Vec::with_capacity(points.len());
    for (ps, ws) in points.chunks(8).zip(weights.chunks(8)) {
        let lane = |l: usize| ps.get(l).copied().unwrap_or_else(|| ps[0]);
        let weight = |l: usize| ws.get(l).copied().unwrap_or(ws[0]);
        let p = Jac {
            x: pack(std::array::from_fn(|l| lane(l).x), &k),
            y: pack(std::array::from_fn(|l| lane(l).y), &k),
            z: one,
        };
        // P, 3P, …, 15P and their images under φ.
        let p2 = double(&p);
        let mut table = [p; 8];
        for j in 1..8 {
            table[j] = add_points(&table[j - 1], &p2);
        }
        let phi_table = table.map(|t| Jac {
            x: mul(&t.x, &beta),
            ..t
        });
        let da: [[i8; 17]; 8] =
            std::array::from_fn(|l| regular_digits(u128::from(weight(l).a) | 1));
        let db: [[i8; 17]; 8] =
            std::array::from_fn(|l| regular_digits(u128::from(weight(l).b) | 1));
        let column = |d: &[[i8; 17]; 8], i: usize| std::array::from_fn(|l| d[l][i]);
        let mut acc = add_points(
            &select(&table, column(&da, 16), &k),
            &select(&phi_table, column(&db, 16), &k),
        );
        for i in (0..16).rev() {
            for _ in 0..4 {
                acc = double(&acc);
            }
            acc = add_points(&acc, &select(&table, column(&da, i), &k));
            acc = add_points(&acc, &select(&phi_table, column(&db, i), &k));
        }
        // Even a or b: one A (or φ(A)) too many.
        let minus = |t: &Jac| Jac {
            y: neg(&t.y, &k),
            ..*t
        };
        let even_a = lanes_where(|l| weight(l).a & 1 == 0);
        acc = blend_point(even_a, &acc, &add_points(&acc, &minus(&table[0])));
        let even_b = lanes_where(|l| weight(l).b & 1 == 0);
        acc = blend_point(even_b, &acc, &add_points(&acc, &minus(&phi_table[0])));
        let (x, y, z) = (unpack(&acc.x, &k), unpack(&acc.y, &k), unpack(&acc.z, &k));
        for l in 0..ps.len() {
            out.push(match z[l].is_zero() {
                false => G1Projective::new_unchecked(x[l], y[l], z[l]),
                true => ws[l].mul_with_table(&tables(&ps[l..=l])[0]),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::verifier::pairing::weighted_points;
    use ark_ec::CurveGroup;
    use ark_ff::UniformRand;
    use proptest::prelude::*;
    use rand::{Rng, SeedableRng};

    #[test]
    fn regular_digits_add_up() {
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(3);
        for k in [
            1u128,
            3,
            15,
            17,
            31,
            33,
            u64::MAX as u128,
            (u64::MAX as u128) + 2,
        ]
        .into_iter()
        .chain((0..200).map(|_| u128::from(rng.gen::<u64>()) | 1))
        {
            let d = regular_digits(k);
            assert!(d.iter().all(|d| d % 2 != 0 && d.abs() <= 15), "{k}: {d:?}");
            assert_eq!(d[16], 1);
            let v = d.iter().rev().fold(0i128, |v, d| 16 * v + i128::from(*d));
            assert_eq!(v, k as i128);
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(32))]

        /// Lane by lane, the vector weighting equals the scalar one, for any count and any weights
        /// (zero, one, even, odd, all ones, only `a` or only `b`).
        #[test]
        fn vector_weighting_matches_scalar(seed in any::<u64>(), n in 1usize..20, kinds in any::<[u8; 20]>()) {
            let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
            let points: Vec<G1Affine> = (0..n).map(|_| G1Projective::rand(&mut rng).into_affine()).collect();
            let weights: Vec<Weight> = (0..n)
                .map(|i| {
                    match kinds[i] % 8 {
                        0 => Weight { a: 0, b: 0 },
                        1 => Weight { a: 1, b: 0 },
                        2 => Weight { a: 0, b: rng.gen() },
                        3 => Weight { a: u64::MAX, b: u64::MAX },
                        4 => Weight { a: rng.gen::<u64>() & !1, b: rng.gen::<u64>() & !1 },
                        _ => Weight { a: rng.gen(), b: rng.gen() },
                    }
                })
                .collect();
            let Some(vector) = weighted_points_8(&points, &weights) else {
                return Ok(());
            };
            let scalar = weighted_points(&points, &weights);
            prop_assert_eq!(vector, scalar);
        }
    }
}
