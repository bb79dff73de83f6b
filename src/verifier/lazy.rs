//! The Miller accumulator times a sparse line, with the reductions shared across products.
//!
//! The batch verifier's hot loop multiplies the Miller accumulator `f ∈ Fp12` by a normalised line
//! `1 + (c₃ + c₄·v)·w` once per proof and loop step. With arkworks' `Fp6::mul_by_01` that is ten
//! `Fp2` products, each reduced, plus the Karatsuba additions and a multiplication by `v`. Written
//! out coefficient by coefficient, each of the six `Fp2` coefficients of the result is `f`'s
//! coefficient plus two `Fp2` products `x·c + y·e` (the non-residue `ξ = 9 + u` that `v³ = ξ` brings
//! in is applied to the line, `ξ·(x·c) = x·(ξ·c)`, twice per line instead of to `f`).
//!
//! # One reduction per coordinate
//!
//! Each `Fp` coordinate of `x·c + y·e` is computed as a 512-bit integer from Montgomery
//! representatives (`x̃ = x·R mod p`, all `< p`, `R = 2²⁵⁶`) and reduced once (`u² = −1`, Karatsuba
//! for the imaginary part):
//!
//! ```text
//! P₁ = x̃₀c̃₀   P₂ = x̃₁c̃₁   P₃ = (x̃₀ + x̃₁)(c̃₀ + c̃₁)      Q₁, Q₂, Q₃ likewise for y and e
//! re = P₁ + Q₁ + 2p² − P₂ − Q₂                              (exact: 0 ≤ re < 4p²)
//! im = P₃ + Q₃ − P₁ − P₂ − Q₁ − Q₂ = x̃₀c̃₁ + x̃₁c̃₀ + ỹ₀ẽ₁ + ỹ₁ẽ₀      (exact: 0 ≤ im < 4p²)
//! ```
//!
//! Montgomery reduction maps `T < p·R` to `T·R⁻¹ mod p` in `[0, 2p)`, one conditional
//! subtraction from reduced. Here `T < 4p² < p·R` because `p < 2²⁵⁴`; the unreduced sums
//! `x̃₀ + x̃₁ < 2p` fit in four limbs and `P₃ + Q₃ < 8p² < 2⁵¹¹` in eight. The `2p²` added to the real
//! part is `0 mod p` and keeps it non-negative. Per line that is 36 products of 256-bit integers and
//! 12 reductions, against arkworks' `Fp::sum_of_products` (one interleaved reduction per group of
//! three products, 48 products in all) at 24 reductions. The same once-reduced product serves the
//! `Fp2` multiplications of the affine line computation ([`mul_fp2`]: three products and two
//! reductions, against arkworks' four products in two interleaved groups).
use ark_bn254::{Fq, Fq12, Fq2, Fq6Config, FqConfig};
use ark_ff::fields::{Fp6Config, MontConfig};
use ark_ff::BigInt;

type Limbs = [u64; 4];
type Wide = [u64; 8];

const P: Limbs = <FqConfig as MontConfig<4>>::MODULUS.0;
const INV: u64 = <FqConfig as MontConfig<4>>::INV;
const TWO_P_SQUARED: Wide = {
    let sq = mul_wide(&P, &P);
    add_wide(&sq, &sq)
};

/// The 512-bit product of two 256-bit integers.
#[inline(always)]
const fn mul_wide(a: &Limbs, b: &Limbs) -> Wide {
    let mut t = [0u64; 8];
    let mut i = 0;
    while i < 4 {
        let mut carry = 0u64;
        let mut j = 0;
        while j < 4 {
            let v = (a[i] as u128) * (b[j] as u128) + t[i + j] as u128 + carry as u128;
            t[i + j] = v as u64;
            carry = (v >> 64) as u64;
            j += 1;
        }
        t[i + 4] = carry;
        i += 1;
    }
    t
}

/// `a + b`; the callers' bounds keep it below 2⁵¹².
#[inline(always)]
const fn add_wide(a: &Wide, b: &Wide) -> Wide {
    let mut t = [0u64; 8];
    let mut carry = 0u64;
    let mut i = 0;
    while i < 8 {
        let v = a[i] as u128 + b[i] as u128 + carry as u128;
        t[i] = v as u64;
        carry = (v >> 64) as u64;
        i += 1;
    }
    t
}

/// `a − b` modulo 2^(64·N), and whether it borrowed (`b > a`).
#[inline(always)]
fn sub_borrow<const N: usize>(a: &[u64; N], b: &[u64; N]) -> ([u64; N], bool) {
    let mut t = [0u64; N];
    let mut borrow = false;
    for i in 0..N {
        let (d, b1) = a[i].overflowing_sub(b[i]);
        let (d, b2) = d.overflowing_sub(borrow as u64);
        t[i] = d;
        borrow = b1 | b2;
    }
    (t, borrow)
}

/// `a − b`; the callers' bounds keep `b ≤ a`.
#[inline(always)]
fn sub_wide(a: &Wide, b: &Wide) -> Wide {
    sub_borrow(a, b).0
}

/// The field element of Montgomery limbs `v < 2p`: one conditional subtraction of `p`.
#[inline(always)]
pub(crate) fn reduce_once(v: Limbs) -> Fq {
    let (d, borrow) = sub_borrow(&v, &P);
    Fq::new_unchecked(BigInt(if borrow { v } else { d }))
}

/// `a + b` for `a, b < p`, unreduced (below `2p < 2²⁵⁵`).
#[inline(always)]
fn add_limbs(a: &Limbs, b: &Limbs) -> Limbs {
    let mut t = [0u64; 4];
    let mut carry = 0u64;
    for i in 0..4 {
        let v = a[i] as u128 + b[i] as u128 + carry as u128;
        t[i] = v as u64;
        carry = (v >> 64) as u64;
    }
    t
}

/// Montgomery reduction: `t·R⁻¹ mod p` as a field element, for `t < p·R`.
#[inline(always)]
fn redc(mut t: Wide) -> Fq {
    // Each round adds m·p·2^(64i) to clear limb i; the sum stays below t + p·R < 2p·R < 2⁵¹¹.
    let mut top = 0u64;
    for i in 0..4 {
        let m = t[i].wrapping_mul(INV);
        let mut carry = 0u64;
        for j in 0..4 {
            let v = (m as u128) * (P[j] as u128) + t[i + j] as u128 + carry as u128;
            t[i + j] = v as u64;
            carry = (v >> 64) as u64;
        }
        let v = t[i + 4] as u128 + carry as u128 + top as u128;
        t[i + 4] = v as u64;
        top = (v >> 64) as u64;
    }
    // Now t[4..] < 2p (and top = 0).
    reduce_once([t[4], t[5], t[6], t[7]])
}

/// An `Fp2` element's Montgomery limbs and the unreduced sum of its two coordinates.
#[derive(Clone, Copy)]
struct Split {
    re: Limbs,
    im: Limbs,
    sum: Limbs,
}

impl Split {
    #[inline(always)]
    fn of(c: &Fq2) -> Self {
        let (re, im) = (c.c0.0 .0, c.c1.0 .0);
        Split {
            re,
            im,
            sum: add_limbs(&re, &im),
        }
    }
}

/// `base + x·c + y·e`, each coordinate of the products reduced once (see the module notes).
#[inline(always)]
fn term(base: &Fq2, x: &Split, c: &Split, y: &Split, e: &Split) -> Fq2 {
    let p1 = mul_wide(&x.re, &c.re);
    let p2 = mul_wide(&x.im, &c.im);
    let p3 = mul_wide(&x.sum, &c.sum);
    let q1 = mul_wide(&y.re, &e.re);
    let q2 = mul_wide(&y.im, &e.im);
    let q3 = mul_wide(&y.sum, &e.sum);
    let real = add_wide(&p1, &q1);
    let imag = add_wide(&p2, &q2);
    let re = sub_wide(&add_wide(&real, &TWO_P_SQUARED), &imag);
    let im = sub_wide(&sub_wide(&add_wide(&p3, &q3), &real), &imag);
    Fq2::new(base.c0 + redc(re), base.c1 + redc(im))
}

/// `a·b` in `Fp2` with each coordinate reduced once: `a₀b₀ + 2p² − a₁b₁` and, Karatsuba,
/// `(a₀ + a₁)(b₀ + b₁) − a₀b₀ − a₁b₁`, both below `4p²` (module notes).
#[inline(always)]
pub(crate) fn mul_fp2(a: &Fq2, b: &Fq2) -> Fq2 {
    let (a, b) = (Split::of(a), Split::of(b));
    let p1 = mul_wide(&a.re, &b.re);
    let p2 = mul_wide(&a.im, &b.im);
    let p3 = mul_wide(&a.sum, &b.sum);
    let re = sub_wide(&add_wide(&p1, &TWO_P_SQUARED), &p2);
    let im = sub_wide(&sub_wide(&p3, &p1), &p2);
    Fq2::new(redc(re), redc(im))
}

/// `f · (1 + (c₃ + c₄·v)·w)`.
#[inline]
pub(crate) fn mul_by_line(f: &mut Fq12, c3: &Fq2, c4: &Fq2) {
    let l3 = Split::of(c3);
    let l4 = Split::of(c4);
    let m3 = Split::of(&Fq6Config::mul_fp2_by_nonresidue(*c3));
    let m4 = Split::of(&Fq6Config::mul_fp2_by_nonresidue(*c4));
    // f = (a₀ + a₁v + a₂v²) + (d₀ + d₁v + d₂v²)·w and b = c₃ + c₄v, with v³ = ξ and w² = v:
    // the new f.c0 is a + v·(d·b) and the new f.c1 is d + a·b; base + x·c + y·e per coefficient.
    let (a0, a1, a2) = (f.c0.c0, f.c0.c1, f.c0.c2);
    let (d0, d1, d2) = (f.c1.c0, f.c1.c1, f.c1.c2);
    let [sa0, sa1, sa2, sd0, sd1, sd2] = [a0, a1, a2, d0, d1, d2].map(|c| Split::of(&c));
    f.c0.c0 = term(&a0, &sd1, &m4, &sd2, &m3);
    f.c0.c1 = term(&a1, &sd0, &l3, &sd2, &m4);
    f.c0.c2 = term(&a2, &sd0, &l4, &sd1, &l3);
    f.c1.c0 = term(&d0, &sa0, &l3, &sa2, &m4);
    f.c1.c1 = term(&d1, &sa0, &l4, &sa1, &l3);
    f.c1.c2 = term(&d2, &sa1, &l4, &sa2, &l3);
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

        /// A reduced product of two Montgomery representatives is arkworks' product, extremes included.
        #[test]
        fn wide_product_reduces_to_the_field_product(seed in any::<u64>(), k in any::<[u8; 2]>()) {
            let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
            let (a, b) = (element(k[0], &mut rng), element(k[1], &mut rng));
            prop_assert_eq!(redc(mul_wide(&a.0 .0, &b.0 .0)), a * b);
            // The largest sum the line product reduces: four products of p − 1 and the 2p² offset.
            let m = (-Fq::one()).0 .0;
            let big = add_wide(&add_wide(&mul_wide(&m, &m), &mul_wide(&m, &m)), &TWO_P_SQUARED);
            prop_assert_eq!(redc(big), Fq::from(2u64));
        }

        /// The once-reduced `Fp2` product is arkworks' product, extremes included.
        #[test]
        fn fp2_product_matches_arkworks(seed in any::<u64>(), k in any::<[u8; 4]>()) {
            let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
            let a = Fq2::new(element(k[0], &mut rng), element(k[1], &mut rng));
            let b = Fq2::new(element(k[2], &mut rng), element(k[3], &mut rng));
            prop_assert_eq!(mul_fp2(&a, &b), a * b);
        }

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
