//! The Miller accumulator times a sparse line, with the reductions shared across products.
//!
//! The batch verifier's hot loop multiplies the Miller accumulator `f ∈ Fp12` by a normalised line
//! `1 + (c₃ + c₄·v)·w` once per proof and loop step. With arkworks' `Fp6::mul_by_01` that is ten
//! `Fp2` products, each reduced, plus the Karatsuba additions and a multiplication by `v`. Written
//! out coefficient by coefficient, each of the six `Fp2` coefficients of the result is `f`'s
//! coefficient plus two `Fp2` products, and each `Fp` coordinate of those is a sum of four `Fp`
//! products of reduced values (`u² = −1`):
//!
//! ```text
//! re(x·c + y·e) = x₀c₀ + x₁(−c₁) + y₀e₀ + y₁(−e₁)      im(x·c + y·e) = x₀c₁ + x₁c₀ + y₀e₁ + y₁e₀
//! ```
//!
//! which arkworks' `Fp::sum_of_products` evaluates with one Montgomery reduction per group of up to
//! three products (two per sum of four, for BN254's two spare bits) instead of one per product. The non-residue `ξ = 9 + u` that `v³ = ξ` brings in is
//! applied to the line (`ξ·(x·c) = x·(ξ·c)`), twice per line instead of to `f`.
use ark_bn254::{Fq, Fq12, Fq2, Fq6Config};
use ark_ff::fields::Fp6Config;
use ark_ff::Field;

/// `f · (1 + (c₃ + c₄·v)·w)`.
#[inline]
pub(crate) fn mul_by_line(f: &mut Fq12, c3: &Fq2, c4: &Fq2) {
    let e3 = Fq6Config::mul_fp2_by_nonresidue(*c3);
    let e4 = Fq6Config::mul_fp2_by_nonresidue(*c4);
    // Each line factor as (re, −im, im).
    let split = |c: &Fq2| (c.c0, -c.c1, c.c1);
    let l3 = split(c3);
    let l4 = split(c4);
    let m3 = split(&e3);
    let m4 = split(&e4);
    let term =
        |base: &Fq2, x: &Fq2, (cr, cn, ci): (Fq, Fq, Fq), y: &Fq2, (er, en, ei): (Fq, Fq, Fq)| {
            let re = Fq::sum_of_products(&[x.c0, x.c1, y.c0, y.c1], &[cr, cn, er, en]);
            let im = Fq::sum_of_products(&[x.c0, x.c1, y.c0, y.c1], &[ci, cr, ei, er]);
            Fq2::new(base.c0 + re, base.c1 + im)
        };
    // f = (a₀ + a₁v + a₂v²) + (d₀ + d₁v + d₂v²)·w and b = c₃ + c₄v, with v³ = ξ and w² = v:
    // the new f.c0 is a + v·(d·b) and the new f.c1 is d + a·b; base + x·c + y·e per coefficient.
    let (a0, a1, a2) = (f.c0.c0, f.c0.c1, f.c0.c2);
    let (d0, d1, d2) = (f.c1.c0, f.c1.c1, f.c1.c2);
    f.c0.c0 = term(&a0, &d1, m4, &d2, m3);
    f.c0.c1 = term(&a1, &d0, l3, &d2, m4);
    f.c0.c2 = term(&a2, &d0, l4, &d1, l3);
    f.c1.c0 = term(&d0, &a0, l3, &a2, m4);
    f.c1.c1 = term(&d1, &a0, l4, &a1, l3);
    f.c1.c2 = term(&d2, &a1, l4, &a2, l3);
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use ark_bn254::Fq6;
    use ark_ff::{UniformRand, Zero};
    use ark_std::One;
    use proptest::prelude::*;
    use rand::SeedableRng;

    /// Field elements with the extremes (0, 1, −1, −2) mixed in, by selector `i`.
    pub(in crate::verifier) fn element(i: u8, rng: &mut rand_chacha::ChaCha8Rng) -> Fq {
        match i % 7 {
            0 => Fq::zero(),
            1 => Fq::one(),
            2 => -Fq::one(),
            3 => -Fq::from(2u64),
            _ => Fq::rand(rng),
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        /// The fused line product agrees with arkworks' `Fp12` multiplication by the line.
        #[test]
        fn mul_by_line_matches_arkworks(seed in any::<u64>(), k in any::<[u8; 4]>(), extreme_f in any::<bool>()) {
            let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
            let c3 = Fq2::new(element(k[0], &mut rng), element(k[1], &mut rng));
            let c4 = Fq2::new(element(k[2], &mut rng), element(k[3], &mut rng));
            let f0 = if extreme_f {
                let m = -Fq2::one();
                Fq12::new(Fq6::new(m, m, m), Fq6::new(m, m, m))
            } else {
                Fq12::rand(&mut rng)
            };
            let mut ours = f0;
            mul_by_line(&mut ours, &c3, &c4);
            let line = Fq12::new(
                Fq6::new(Fq2::one(), Fq2::zero(), Fq2::zero()),
                Fq6::new(c3, c4, Fq2::zero()),
            );
            prop_assert_eq!(ours, f0 * line);
        }
    }
}
