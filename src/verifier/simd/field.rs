//! The vector field: eight elements of BN254's `Fp` (and of `Fp2`, `Fp6`, `Fp12`) per register,
//! one per lane, with AVX-512 IFMA multiply-accumulate.
//!
//! # Representation
//! An element of `Fp` (BN254's base field, `p < 2²⁵⁴`) is five 52-bit limbs in Montgomery form with
//! `R = 2²⁶⁰`, kept in `[0, 2p]` with every limb below `2⁵²` (the multiplier reads only 52 bits).
//! [`sop`] sums up to 15 products before one Montgomery reduction: each product of values `≤ 2p` is
//! at most `4p²`, the reduction returns `(T + m·p)/R < 15·4p²/R + p < 2p` because `p/R < 2⁻⁶`.
//! Additions and subtractions normalise carries and subtract `2p` when the result exceeds it.
use ark_bn254::{Fq, Fq2, FqConfig};
use ark_ff::{Field, MontConfig, One, PrimeField};
use std::arch::x86_64::*;

pub(super) type V = __m512i;

pub(super) const MASK: u64 = (1 << 52) - 1;

/// The 52-bit limbs of a 256-bit integer.
pub(super) const fn split(x: [u64; 4]) -> [u64; 5] {
    [
        x[0] & MASK,
        ((x[0] >> 52) | (x[1] << 12)) & MASK,
        ((x[1] >> 40) | (x[2] << 24)) & MASK,
        ((x[2] >> 28) | (x[3] << 36)) & MASK,
        x[3] >> 16,
    ]
}

/// The 64-bit limbs of a value below `2²⁵⁶` given in 52-bit limbs.
pub(super) const fn join(x: [u64; 5]) -> [u64; 4] {
    [
        x[0] | (x[1] << 52),
        (x[1] >> 12) | (x[2] << 40),
        (x[2] >> 24) | (x[3] << 28),
        (x[3] >> 36) | (x[4] << 16),
    ]
}

pub(super) const MODULUS: [u64; 4] = <FqConfig as MontConfig<4>>::MODULUS.0;
pub(super) const P52: [u64; 5] = split(MODULUS);
pub(super) const P2_52: [u64; 5] = {
    let m = MODULUS;
    // 2p < 2²⁵⁵: shift left by one across limbs.
    split([
        m[0] << 1,
        (m[1] << 1) | (m[0] >> 63),
        (m[2] << 1) | (m[1] >> 63),
        (m[3] << 1) | (m[2] >> 63),
    ])
};
/// `−p⁻¹ mod 2⁵²` (arkworks' `INV` is `−p⁻¹ mod 2⁶⁴`).
pub(super) const INV52: u64 = <FqConfig as MontConfig<4>>::INV & MASK;

/// Eight elements of `Fp`, lane by lane.
#[derive(Clone, Copy)]
pub(super) struct VFq(pub(super) [V; 5]);

#[derive(Clone, Copy)]
pub(super) struct VFq2 {
    pub(super) c0: VFq,
    pub(super) c1: VFq,
}

#[derive(Clone, Copy)]
pub(super) struct VFq6(pub(super) [VFq2; 3]);

#[derive(Clone, Copy)]
pub(super) struct VFq12 {
    pub(super) c0: VFq6,
    pub(super) c1: VFq6,
}

/// Constants in the vector Montgomery form, built once per call.
pub(super) struct Consts {
    pub(super) zero: VFq,
    pub(super) one: VFq,
    pub(super) nine: VFq,
    pub(super) minus_one: VFq,
    /// `2²⁶⁴ mod p` as a plain integer: Montgomery-multiplying arkworks' `x·2²⁵⁶` by it gives `x·2²⁶⁰`.
    pub(super) to_vector: VFq,
    /// `2²⁵⁶ mod p` as a plain integer: the way back.
    pub(super) to_scalar: VFq,
}

pub(super) fn plain(x: Fq) -> [u64; 4] {
    x.into_bigint().0
}

#[inline]
#[target_feature(enable = "avx512f,avx512ifma")]
pub(super) fn splat(x: u64) -> V {
    _mm512_set1_epi64(x as i64)
}

#[inline]
#[target_feature(enable = "avx512f,avx512ifma")]
pub(super) fn splat_limbs(x: [u64; 5]) -> VFq {
    VFq([
        splat(x[0]),
        splat(x[1]),
        splat(x[2]),
        splat(x[3]),
        splat(x[4]),
    ])
}

#[inline]
#[target_feature(enable = "avx512f,avx512ifma")]
pub(super) fn lanes(x: [[u64; 8]; 5]) -> VFq {
    // SAFETY: `[u64; 8]` and `__m512i` have the same size and any bit pattern is valid for both.
    VFq(x.map(|l| unsafe { std::mem::transmute::<[u64; 8], V>(l) }))
}

#[inline]
#[target_feature(enable = "avx512f,avx512ifma")]
pub(super) fn unlanes(x: &VFq) -> [[u64; 8]; 5] {
    // SAFETY: as in `lanes`.
    x.0.map(|v| unsafe { std::mem::transmute::<V, [u64; 8]>(v) })
}

impl Consts {
    #[target_feature(enable = "avx512f,avx512ifma")]
    pub(super) fn new() -> Self {
        let two = Fq::from(2u64);
        let r = two.pow([260u64]);
        let mont = |x: Fq| splat_limbs(split(plain(x * r)));
        Consts {
            zero: splat_limbs([0; 5]),
            one: mont(Fq::one()),
            nine: mont(Fq::from(9u64)),
            minus_one: mont(-Fq::one()),
            to_vector: splat_limbs(split(plain(two.pow([264u64])))),
            to_scalar: splat_limbs(split(plain(two.pow([256u64])))),
        }
    }
}

/// `Σ aᵢ·bᵢ·2⁻²⁶⁰ mod p`, lane-wise, for `M ≤ 15` products of values `≤ 2p`; result in `[0, 2p)`.
#[inline]
#[target_feature(enable = "avx512f,avx512ifma")]
pub(super) fn sop<const M: usize>(a: [&VFq; M], b: [&VFq; M]) -> VFq {
    const { assert!(M >= 1 && M <= 15) };
    let z = _mm512_setzero_si512();
    let mut t = [z; 10];
    for m in 0..M {
        for i in 0..5 {
            for j in 0..5 {
                t[i + j] = _mm512_madd52lo_epu64(t[i + j], a[m].0[i], b[m].0[j]);
                t[i + j + 1] = _mm512_madd52hi_epu64(t[i + j + 1], a[m].0[i], b[m].0[j]);
            }
        }
    }
    let inv = splat(INV52);
    let p = splat_limbs(P52);
    for i in 0..5 {
        let m = _mm512_madd52lo_epu64(z, t[i], inv);
        for j in 0..5 {
            t[i + j] = _mm512_madd52lo_epu64(t[i + j], m, p.0[j]);
            t[i + j + 1] = _mm512_madd52hi_epu64(t[i + j + 1], m, p.0[j]);
        }
        t[i + 1] = _mm512_add_epi64(t[i + 1], _mm512_srli_epi64::<52>(t[i]));
    }
    let mask = splat(MASK);
    for k in 5..9 {
        t[k + 1] = _mm512_add_epi64(t[k + 1], _mm512_srli_epi64::<52>(t[k]));
        t[k] = _mm512_and_si512(t[k], mask);
    }
    VFq([t[5], t[6], t[7], t[8], t[9]])
}

/// Carries of signed limbs moved up; the top limb keeps the sign.
#[inline]
#[target_feature(enable = "avx512f,avx512ifma")]
pub(super) fn normalise(mut c: [V; 5]) -> [V; 5] {
    let mask = splat(MASK);
    for k in 0..4 {
        c[k + 1] = _mm512_add_epi64(c[k + 1], _mm512_srai_epi64::<52>(c[k]));
        c[k] = _mm512_and_si512(c[k], mask);
    }
    c
}

/// `c − 2p` where that is non-negative, else `c`; `c` normalised and at most `4p`.
#[inline]
#[target_feature(enable = "avx512f,avx512ifma")]
pub(super) fn reduce_once(c: [V; 5]) -> VFq {
    let q = splat_limbs(P2_52);
    let mut d = c;
    for k in 0..5 {
        d[k] = _mm512_sub_epi64(c[k], q.0[k]);
    }
    let d = normalise(d);
    let negative = _mm512_cmplt_epi64_mask(d[4], _mm512_setzero_si512());
    let mut out = d;
    for k in 0..5 {
        out[k] = _mm512_mask_blend_epi64(negative, d[k], c[k]);
    }
    VFq(out)
}

#[inline]
#[target_feature(enable = "avx512f,avx512ifma")]
pub(super) fn add(a: &VFq, b: &VFq) -> VFq {
    let c = std::array::from_fn(|k| _mm512_add_epi64(a.0[k], b.0[k]));
    reduce_once(normalise(c))
}

#[inline]
#[target_feature(enable = "avx512f,avx512ifma")]
pub(super) fn sub(a: &VFq, b: &VFq) -> VFq {
    let q = splat_limbs(P2_52);
    let c = std::array::from_fn(|k| _mm512_sub_epi64(_mm512_add_epi64(a.0[k], q.0[k]), b.0[k]));
    reduce_once(normalise(c))
}

#[inline]
#[target_feature(enable = "avx512f,avx512ifma")]
pub(super) fn neg(a: &VFq, k: &Consts) -> VFq {
    sub(&k.zero, a)
}

#[inline]
#[target_feature(enable = "avx512f,avx512ifma")]
pub(super) fn mul(a: &VFq, b: &VFq) -> VFq {
    sop([a], [b])
}

impl VFq2 {
    #[inline]
    #[target_feature(enable = "avx512f,avx512ifma")]
    pub(super) fn add(&self, o: &Self) -> Self {
        VFq2 {
            c0: add(&self.c0, &o.c0),
            c1: add(&self.c1, &o.c1),
        }
    }

    #[inline]
    #[target_feature(enable = "avx512f,avx512ifma")]
    pub(super) fn sub(&self, o: &Self) -> Self {
        VFq2 {
            c0: sub(&self.c0, &o.c0),
            c1: sub(&self.c1, &o.c1),
        }
    }

    #[inline]
    #[target_feature(enable = "avx512f,avx512ifma")]
    pub(super) fn neg(&self, k: &Consts) -> Self {
        VFq2 {
            c0: neg(&self.c0, k),
            c1: neg(&self.c1, k),
        }
    }

    #[inline]
    #[target_feature(enable = "avx512f,avx512ifma")]
    pub(super) fn double(&self) -> Self {
        self.add(self)
    }

    /// `x·y` with `u² = −1`.
    #[inline]
    #[target_feature(enable = "avx512f,avx512ifma")]
    pub(super) fn mul(&self, y: &Self, k: &Consts) -> Self {
        let yn = neg(&y.c1, k);
        VFq2 {
            c0: sop([&self.c0, &self.c1], [&y.c0, &yn]),
            c1: sop([&self.c0, &self.c1], [&y.c1, &y.c0]),
        }
    }

    #[inline]
    #[target_feature(enable = "avx512f,avx512ifma")]
    pub(super) fn square(&self) -> Self {
        let s = add(&self.c0, &self.c1);
        let d = sub(&self.c0, &self.c1);
        let t = add(&self.c0, &self.c0);
        VFq2 {
            c0: mul(&s, &d),
            c1: mul(&t, &self.c1),
        }
    }

    #[inline]
    #[target_feature(enable = "avx512f,avx512ifma")]
    pub(super) fn mul_by_fp(&self, s: &VFq) -> Self {
        VFq2 {
            c0: mul(&self.c0, s),
            c1: mul(&self.c1, s),
        }
    }

    /// `ξ·x` with `ξ = 9 + u`.
    #[inline]
    #[target_feature(enable = "avx512f,avx512ifma")]
    pub(super) fn mul_by_xi(&self, k: &Consts) -> Self {
        VFq2 {
            c0: sop([&self.c0, &self.c1], [&k.nine, &k.minus_one]),
            c1: sop([&self.c0, &self.c1], [&k.one, &k.nine]),
        }
    }
}

/// The parts of a line factor `c` that a product `x·c` reads: `(re, −im, im)`.
pub(super) struct Factor {
    pub(super) re: VFq,
    pub(super) neg_im: VFq,
    pub(super) im: VFq,
}

impl Factor {
    #[inline]
    #[target_feature(enable = "avx512f,avx512ifma")]
    pub(super) fn new(c: &VFq2, k: &Consts) -> Self {
        Factor {
            re: c.c0,
            neg_im: neg(&c.c1, k),
            im: c.c1,
        }
    }
}

/// `base + x·c + y·e` in `Fp2`, each coordinate one reduction.
#[inline]
#[target_feature(enable = "avx512f,avx512ifma")]
pub(super) fn term(base: &VFq2, x: &VFq2, c: &Factor, y: &VFq2, e: &Factor) -> VFq2 {
    let re = sop(
        [&x.c0, &x.c1, &y.c0, &y.c1],
        [&c.re, &c.neg_im, &e.re, &e.neg_im],
    );
    let im = sop([&x.c0, &x.c1, &y.c0, &y.c1], [&c.im, &c.re, &e.im, &e.re]);
    VFq2 {
        c0: add(&base.c0, &re),
        c1: add(&base.c1, &im),
    }
}

/// `a·b` in `Fp6 = Fp2[v]/(v³ − ξ)`, schoolbook, each coordinate one reduction of six products.
#[inline]
#[target_feature(enable = "avx512f,avx512ifma")]
pub(super) fn mul6(a: &VFq6, b: &VFq6, k: &Consts) -> VFq6 {
    let xb1 = b.0[1].mul_by_xi(k);
    let xb2 = b.0[2].mul_by_xi(k);
    let f = |c: &VFq2| Factor::new(c, k);
    let (b0, b1, b2, x1, x2) = (f(&b.0[0]), f(&b.0[1]), f(&b.0[2]), f(&xb1), f(&xb2));
    let [a0, a1, a2] = &a.0;
    // Σ aᵢ·cᵢ over three pairs.
    let dot = |p: [(&VFq2, &Factor); 3]| VFq2 {
        c0: sop(
            [
                &p[0].0.c0, &p[0].0.c1, &p[1].0.c0, &p[1].0.c1, &p[2].0.c0, &p[2].0.c1,
            ],
            [
                &p[0].1.re,
                &p[0].1.neg_im,
                &p[1].1.re,
                &p[1].1.neg_im,
                &p[2].1.re,
                &p[2].1.neg_im,
            ],
        ),
        c1: sop(
            [
                &p[0].0.c0, &p[0].0.c1, &p[1].0.c0, &p[1].0.c1, &p[2].0.c0, &p[2].0.c1,
            ],
            [
                &p[0].1.im, &p[0].1.re, &p[1].1.im, &p[1].1.re, &p[2].1.im, &p[2].1.re,
            ],
        ),
    };
    VFq6([
        dot([(a0, &b0), (a1, &x2), (a2, &x1)]),
        dot([(a0, &b1), (a1, &b0), (a2, &x2)]),
        dot([(a0, &b2), (a1, &b1), (a2, &b0)]),
    ])
}

impl VFq6 {
    #[inline]
    #[target_feature(enable = "avx512f,avx512ifma")]
    pub(super) fn add(&self, o: &Self) -> Self {
        VFq6([
            self.0[0].add(&o.0[0]),
            self.0[1].add(&o.0[1]),
            self.0[2].add(&o.0[2]),
        ])
    }

    #[inline]
    #[target_feature(enable = "avx512f,avx512ifma")]
    pub(super) fn sub(&self, o: &Self) -> Self {
        VFq6([
            self.0[0].sub(&o.0[0]),
            self.0[1].sub(&o.0[1]),
            self.0[2].sub(&o.0[2]),
        ])
    }

    /// `v·x`.
    #[inline]
    #[target_feature(enable = "avx512f,avx512ifma")]
    pub(super) fn mul_by_v(&self, k: &Consts) -> Self {
        VFq6([self.0[2].mul_by_xi(k), self.0[0], self.0[1]])
    }
}

impl VFq12 {
    /// `(a + b·w)² = (a + b)(a + v·b) − ab − v·ab + 2ab·w`.
    #[inline]
    #[target_feature(enable = "avx512f,avx512ifma")]
    pub(super) fn square(&self, k: &Consts) -> Self {
        let (a, b) = (&self.c0, &self.c1);
        let ab = mul6(a, b, k);
        let s = mul6(&a.add(b), &a.add(&b.mul_by_v(k)), k);
        VFq12 {
            c0: s.sub(&ab).sub(&ab.mul_by_v(k)),
            c1: ab.add(&ab),
        }
    }

    /// The conjugate `a − b·w` (the inverse on the cyclotomic subgroup).
    #[inline]
    #[target_feature(enable = "avx512f,avx512ifma")]
    pub(super) fn conjugate(&self, k: &Consts) -> Self {
        VFq12 {
            c0: self.c0,
            c1: VFq6([
                self.c1.0[0].neg(k),
                self.c1.0[1].neg(k),
                self.c1.0[2].neg(k),
            ]),
        }
    }

    /// `f · (1 + (c₃ + c₄·v)·w)` with `c₃ = λ·(−x/y)` and `c₄ = μ·(1/y)` (see `lazy.rs` for the
    /// coefficient formulas).
    #[inline]
    #[target_feature(enable = "avx512f,avx512ifma")]
    pub(super) fn mul_by_line(&mut self, lambda: &VFq2, mu: &VFq2, p: &(VFq, VFq), k: &Consts) {
        let c3 = lambda.mul_by_fp(&p.0);
        let c4 = mu.mul_by_fp(&p.1);
        let e3 = c3.mul_by_xi(k);
        let e4 = c4.mul_by_xi(k);
        let (l3, l4, m3, m4) = (
            Factor::new(&c3, k),
            Factor::new(&c4, k),
            Factor::new(&e3, k),
            Factor::new(&e4, k),
        );
        let [a0, a1, a2] = self.c0.0;
        let [d0, d1, d2] = self.c1.0;
        self.c0 = VFq6([
            term(&a0, &d1, &m4, &d2, &m3),
            term(&a1, &d0, &l3, &d2, &m4),
            term(&a2, &d0, &l4, &d1, &l3),
        ]);
        self.c1 = VFq6([
            term(&d0, &a0, &l3, &a2, &m4),
            term(&d1, &a0, &l4, &a1, &l3),
            term(&d2, &a1, &l4, &a2, &l3),
        ]);
    }
}

/// Eight scalars into the vector form.
#[inline]
#[target_feature(enable = "avx512f,avx512ifma")]
pub(super) fn pack(xs: [Fq; 8], k: &Consts) -> VFq {
    let mut l = [[0u64; 8]; 5];
    for (lane, x) in xs.iter().enumerate() {
        // arkworks stores x·2²⁵⁶ mod p.
        let s = split(x.0 .0);
        for (limb, v) in s.iter().enumerate() {
            l[limb][lane] = *v;
        }
    }
    mul(&lanes(l), &k.to_vector)
}

/// The eight lanes back as arkworks' elements.
#[inline]
#[target_feature(enable = "avx512f,avx512ifma")]
pub(super) fn unpack(x: &VFq, k: &Consts) -> [Fq; 8] {
    // Below 2p; one more conditional subtraction of p makes it canonical.
    let l = unlanes(&mul(x, &k.to_scalar));
    std::array::from_fn(|lane| {
        crate::verifier::lazy::reduce_once(join([
            l[0][lane], l[1][lane], l[2][lane], l[3][lane], l[4][lane],
        ]))
    })
}

#[inline]
#[target_feature(enable = "avx512f,avx512ifma")]
pub(super) fn pack2(xs: [Fq2; 8], k: &Consts) -> VFq2 {
    VFq2 {
        c0: pack(xs.map(|x| x.c0), k),
        c1: pack(xs.map(|x| x.c1), k),
    }
}

#[inline]
#[target_feature(enable = "avx512f,avx512ifma")]
pub(super) fn unpack2(x: &VFq2, k: &Consts) -> [Fq2; 8] {
    let (a, b) = (unpack(&x.c0, k), unpack(&x.c1, k));
    std::array::from_fn(|l| Fq2::new(a[l], b[l]))
}
