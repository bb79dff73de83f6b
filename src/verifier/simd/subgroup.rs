//! The G2 membership test of [`tradeproof_verifier::points::g2_in_subgroup`] on eight points at once,
//! one per lane, for the `B`s the batch check's Miller loop gives no verdict on (items refused before
//! the pairing check, groups small enough to be checked singly, chunks with a zero denominator).
//!
//! # The test
//! For BN254's seed `x`, a point `P` of the twist curve is in G2 iff
//! `[x + 1]P + ψ([x]P) + ψ²([x]P) = ψ³([2x]P)` (Dai, Lin, Zhao and Zhou, eprint 2022/348) — an exact
//! test, not a probabilistic one: each lane tests its own point, nothing is combined across lanes, so
//! the small factors of G2's cofactor (10,069, …) play no role.
//!
//! # Why incomplete formulas are safe here
//! The lanes run the same straight-line sequence of Jacobian operations: a signed double-and-add for
//! `[x]P` (doublings `dbl-2009-l`, mixed additions `madd-2007-bl` of `±P`), general additions
//! (`add-2007-bl`) for the left side, one doubling for the right side, and `ψ` coordinate-wise. The
//! addition formulas are wrong when their inputs are equal, opposite or at infinity — which an
//! attacker's point with a small-order component can arrange — but each of them outputs
//! `Z₃ = 2·Z₁·H` (mixed) or `Z₃ = 2·Z₁·Z₂·H` (general), with `H = 0` exactly in the equal and opposite
//! cases, and a doubling outputs `Z₃ = 2·Y₁·Z₁`; `ψ` maps `Z` to `Z^p`. So a zero input `Z` or a
//! degenerate addition anywhere makes the final `Z` of that side zero, and conversely **a non-zero final
//! `Z` on both sides certifies that every operation of the lane had finite, distinct inputs** and
//! computed what it should. The comparison is made only for such lanes; a lane with a zero `Z` is
//! re-tested with the scalar test (arkworks' complete arithmetic). Points of G2 never take that path:
//! every intermediate multiple `[k]P` has `0 < k < 2⁶⁴ < r`, so it is neither the identity nor `±P`.
use super::field::*;
use ark_bn254::{Config as BnCurve, Fq2, G2Affine};
use ark_ec::bn::BnConfig;
use ark_ec::AffineRepr;
use ark_ff::Zero;
use tradeproof_verifier::points::{g2_in_subgroup, SEED_NAF};

/// A point in Jacobian coordinates, eight lanes.
#[derive(Clone, Copy)]
struct Jac {
    x: VFq2,
    y: VFq2,
    z: VFq2,
}

/// `ψ`'s constants (the twist's Frobenius coefficients), lane-splatted.
struct Curve {
    psi_x: VFq2,
    psi_y: VFq2,
}

/// `(x, y)` conjugated: the `p`-power Frobenius map of `Fp2`.
#[inline]
#[target_feature(enable = "avx512f,avx512ifma")]
fn frobenius(a: &VFq2, k: &Consts) -> VFq2 {
    VFq2 {
        c0: a.c0,
        c1: neg(&a.c1, k),
    }
}

/// `ψ(X, Y, Z) = (X^p·c_x, Y^p·c_y, Z^p)`.
#[inline]
#[target_feature(enable = "avx512f,avx512ifma")]
fn psi(p: &Jac, c: &Curve, k: &Consts) -> Jac {
    Jac {
        x: frobenius(&p.x, k).mul(&c.psi_x, k),
        y: frobenius(&p.y, k).mul(&c.psi_y, k),
        z: frobenius(&p.z, k),
    }
}

/// `2P` (`dbl-2009-l`, `a = 0`): `Z₃ = 2·Y₁·Z₁`.
#[inline]
#[target_feature(enable = "avx512f,avx512ifma")]
fn double(p: &Jac, k: &Consts) -> Jac {
    let a = p.x.square();
    let b = p.y.square();
    let c = b.square();
    let d = p.x.add(&b).square().sub(&a).sub(&c).double();
    let e = a.double().add(&a);
    let f = e.square();
    let x3 = f.sub(&d.double());
    let c8 = c.double().double().double();
    let y3 = e.mul(&d.sub(&x3), k).sub(&c8);
    let z3 = p.y.mul(&p.z, k).double();
    Jac {
        x: x3,
        y: y3,
        z: z3,
    }
}

/// `P + (x₂, y₂)` for an affine addend (`madd-2007-bl`): `Z₃ = 2·Z₁·H`, `H = x₂·Z₁² − X₁`.
#[inline]
#[target_feature(enable = "avx512f,avx512ifma")]
fn add_affine(p: &Jac, q: &(VFq2, VFq2), k: &Consts) -> Jac {
    let z1z1 = p.z.square();
    let u2 = q.0.mul(&z1z1, k);
    let s2 = q.1.mul(&p.z, k).mul(&z1z1, k);
    let h = u2.sub(&p.x);
    let hh = h.square();
    let i = hh.double().double();
    let j = h.mul(&i, k);
    let r = s2.sub(&p.y).double();
    let v = p.x.mul(&i, k);
    let z3 = p.z.add(&h).square().sub(&z1z1).sub(&hh);
    sum(&r, &j, &v, &p.y, z3, k)
}

/// The common end of both additions: `X₃ = r² − J − 2V`, `Y₃ = r·(V − X₃) − 2·S₁·J`.
#[inline]
#[target_feature(enable = "avx512f,avx512ifma")]
fn sum(r: &VFq2, j: &VFq2, v: &VFq2, s1: &VFq2, z3: VFq2, k: &Consts) -> Jac {
    let x3 = r.square().sub(j).sub(&v.double());
    let y3 = r.mul(&v.sub(&x3), k).sub(&s1.mul(j, k).double());
    Jac {
        x: x3,
        y: y3,
        z: z3,
    }
}

/// `P + Q` (`add-2007-bl`): `Z₃ = 2·Z₁·Z₂·H`, `H = X₂·Z₁² − X₁·Z₂²`.
#[inline]
#[target_feature(enable = "avx512f,avx512ifma")]
fn add(p: &Jac, q: &Jac, k: &Consts) -> Jac {
    let z1z1 = p.z.square();
    let z2z2 = q.z.square();
    let u1 = p.x.mul(&z2z2, k);
    let u2 = q.x.mul(&z1z1, k);
    let s1 = p.y.mul(&q.z, k).mul(&z2z2, k);
    let s2 = q.y.mul(&p.z, k).mul(&z1z1, k);
    let h = u2.sub(&u1);
    let i = h.double().square();
    let j = h.mul(&i, k);
    let r = s2.sub(&s1).double();
    let v = u1.mul(&i, k);
    let z3 = p.z.add(&q.z).square().sub(&z1z1).sub(&z2z2).mul(&h, k);
    sum(&r, &j, &v, &s1, z3, k)
}

/// The verdict of one lane.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Lane {
    In,
    Out,
    /// Some operation met a degenerate case: the scalar test decides.
    Undecided,
}

/// The test on eight affine points (none the identity).
#[target_feature(enable = "avx512f,avx512ifma")]
fn test8(points: &[G2Affine; 8], c: &Curve, k: &Consts) -> [Lane; 8] {
    let p = (pack2(points.map(|q| q.x), k), pack2(points.map(|q| q.y), k));
    let neg_p = (p.0, p.1.neg(k));
    let one = VFq2 {
        c0: k.one,
        c1: k.zero,
    };
    // [x]P by the signed digits of the seed, most significant (a 1) first.
    let mut xp = Jac {
        x: p.0,
        y: p.1,
        z: one,
    };
    for d in &SEED_NAF[1..] {
        xp = double(&xp, k);
        match d {
            1 => xp = add_affine(&xp, &p, k),
            -1 => xp = add_affine(&xp, &neg_p, k),
            _ => {}
        }
    }
    let psi_xp = psi(&xp, c, k);
    let lhs = add(
        &add(&add_affine(&xp, &p, k), &psi_xp, k),
        &psi(&psi_xp, c, k),
        k,
    );
    let rhs = psi(&psi(&psi(&double(&xp, k), c, k), c, k), c, k);
    // Projective equality: X_l·Z_r² = X_r·Z_l² and Y_l·Z_r³ = Y_r·Z_l³.
    let (zl2, zr2) = (lhs.z.square(), rhs.z.square());
    let dx = lhs.x.mul(&zr2, k).sub(&rhs.x.mul(&zl2, k));
    let dy = lhs
        .y
        .mul(&zr2.mul(&rhs.z, k), k)
        .sub(&rhs.y.mul(&zl2.mul(&lhs.z, k), k));
    let (zl, zr) = (unpack2(&lhs.z, k), unpack2(&rhs.z, k));
    let (dx, dy) = (unpack2(&dx, k), unpack2(&dy, k));
    std::array::from_fn(|l| {
        if zl[l].is_zero() || zr[l].is_zero() {
            Lane::Undecided
        } else if dx[l].is_zero() && dy[l].is_zero() {
            Lane::In
        } else {
            Lane::Out
        }
    })
}

/// Whether each point (on the curve) is in G2, exactly as [`g2_in_subgroup`] says, eight points per
/// vector register. `None` if the CPU lacks AVX-512 IFMA.
pub(crate) fn g2_in_subgroup_8(points: &[G2Affine]) -> Option<Vec<bool>> {
    if !super::available() {
        return None;
    }
    // SAFETY: the CPU supports the features `run` is compiled for.
    Some(unsafe { run(points) })
}

#[target_feature(enable = "avx512f,avx512ifma")]
fn run(points: &[G2Affine]) -> Vec<bool> {
    let k = Consts::new();
    let splat2 = |x: Fq2| pack2([x; 8], &k);
    let c = Curve {
        psi_x: splat2(<BnCurve as BnConfig>::TWIST_MUL_BY_Q_X),
        psi_y: splat2(<BnCurve as BnConfig>::TWIST_MUL_BY_Q_Y),
    };
    // Padding lanes and the identity (which the formulas cannot represent) carry the generator; the
    // identity's verdict is the scalar test's.
    let filler = G2Affine::generator();
    let mut out = Vec::with_capacity(points.len());
    for chunk in points.chunks(8) {
        let lanes: [G2Affine; 8] = std::array::from_fn(|l| match chunk.get(l) {
            Some(q) if !q.is_zero() => *q,
            _ => filler,
        });
        let verdict = test8(&lanes, &c, &k);
        for (l, q) in chunk.iter().enumerate() {
            out.push(match verdict[l] {
                _ if q.is_zero() => g2_in_subgroup(q),
                Lane::In => true,
                Lane::Out => false,
                Lane::Undecided => g2_in_subgroup(q),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use ark_bn254::G2Projective;
    use ark_ec::CurveGroup;
    use ark_ff::UniformRand;
    use proptest::prelude::*;
    use rand::{Rng, SeedableRng};
    use tradeproof_support::points::{g2_of_small_order, G2_COFACTOR_SMALL_PRIMES};

    /// A point of one of the kinds a decoder meets: in G2, a random curve point (outside G2 with
    /// overwhelming probability), a G2 point plus a small-order component, a small-order point alone,
    /// the identity.
    fn point(kind: u8, rng: &mut impl Rng) -> G2Affine {
        let g2 = |rng: &mut _| G2Projective::rand(rng).into_affine();
        let small = |rng: &mut dyn rand::RngCore| {
            g2_of_small_order(G2_COFACTOR_SMALL_PRIMES[rng.gen_range(0..3)])
        };
        match kind % 6 {
            0 | 1 => g2(rng),
            2 => loop {
                let x = Fq2::rand(rng);
                if let Some(p) = G2Affine::get_point_from_x_unchecked(x, rng.gen()) {
                    break p;
                }
            },
            3 => (g2(rng) + small(rng)).into_affine(),
            4 => small(rng),
            _ => G2Affine::zero(),
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]

        /// Lane by lane, the vector test says what the scalar test says, for any count and mix.
        #[test]
        fn vector_membership_matches_scalar(seed in any::<u64>(), kinds in prop::collection::vec(any::<u8>(), 1..30)) {
            let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
            let points: Vec<G2Affine> = kinds.iter().map(|k| point(*k, &mut rng)).collect();
            let Some(vector) = g2_in_subgroup_8(&points) else {
                eprintln!("this CPU has no AVX-512 IFMA: the vector test is not used here");
                return Ok(());
            };
            let scalar: Vec<bool> = points.iter().map(g2_in_subgroup).collect();
            prop_assert_eq!(vector, scalar);
        }
    }

    /// The certificate the lanes rely on: a degenerate addition (equal or opposite inputs, an input at
    /// infinity) outputs `Z = 0`, and a point at infinity stays there through doublings, additions and
    /// `ψ`.
    #[test]
    fn degenerate_operations_zero_the_z_coordinate() {
        if !super::super::available() {
            return;
        }
        // SAFETY: the CPU has the features.
        let zs = unsafe { degenerate_zs() };
        for (what, z) in zs {
            assert!(z.iter().all(|z| z.is_zero()), "{what}: Z is not zero");
        }
    }

    #[target_feature(enable = "avx512f,avx512ifma")]
    fn degenerate_zs() -> Vec<(&'static str, [Fq2; 8])> {
        let k = Consts::new();
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(9);
        let pts: [G2Affine; 8] =
            std::array::from_fn(|_| G2Projective::rand(&mut rng).into_affine());
        let c = Curve {
            psi_x: pack2([<BnCurve as BnConfig>::TWIST_MUL_BY_Q_X; 8], &k),
            psi_y: pack2([<BnCurve as BnConfig>::TWIST_MUL_BY_Q_Y; 8], &k),
        };
        let p = (pack2(pts.map(|q| q.x), &k), pack2(pts.map(|q| q.y), &k));
        let neg_p = (p.0, p.1.neg(&k));
        let one = VFq2 {
            c0: k.one,
            c1: k.zero,
        };
        let zero = VFq2 {
            c0: k.zero,
            c1: k.zero,
        };
        // P in Jacobian form with Z = 3, and a point at infinity (Z = 0).
        let three = one.double().add(&one);
        let jp = Jac {
            x: p.0.mul(&three.square(), &k),
            y: p.1.mul(&three.square().mul(&three, &k), &k),
            z: three,
        };
        let inf = Jac {
            x: one,
            y: one,
            z: zero,
        };
        let z = |j: &Jac| unpack2(&j.z, &k);
        vec![
            ("P + P (mixed)", z(&add_affine(&jp, &p, &k))),
            ("P + (−P) (mixed)", z(&add_affine(&jp, &neg_p, &k))),
            ("∞ + P (mixed)", z(&add_affine(&inf, &p, &k))),
            ("P + P", z(&add(&jp, &jp, &k))),
            ("P + ∞", z(&add(&jp, &inf, &k))),
            ("∞ + P", z(&add(&inf, &jp, &k))),
            ("2∞", z(&double(&inf, &k))),
            ("ψ(∞)", z(&psi(&inf, &c, &k))),
        ]
    }
}
