//! Multi-scalar multiplication over fixed bases, for the proving key's queries.
//!
//! # Method
//! Σ sᵢ·Pᵢ by the bucket method with three changes over arkworks' default:
//!
//! 1. **Signed digits.** Each scalar is first replaced by `−(r − s)` when that is shorter (so small
//!    negative values such as `−1` cost as little as small positive ones), then cut into windows of
//!    `c` bits with digits in `[−2^{c−1}, 2^{c−1})`: only `2^{c−1}` buckets per window, negation is free.
//!    Zero digits cost nothing, so 0/1 and small witness values (bits, dates, amounts) cost one or a
//!    few additions.
//! 2. **Precomputed window tables.** The bases are fixed for a circuit, so the prover stores
//!    `2^{c·w}·Pᵢ` for every window `w` once ([`FixedBaseMsm::new`]). An MSM then becomes a *single*
//!    bucket pass over `W·n` (point, digit) pairs with one bucket reduction and no doublings, instead
//!    of `W` passes with `W` reductions. This trades memory (`W` copies of the bases) for time.
//! 3. **Batch-affine bucket additions.** Buckets are kept in affine coordinates and additions are
//!    done in batches of independent buckets sharing one field inversion (Montgomery's trick):
//!    an addition costs about 5M + 1S instead of 8M + 2S for arkworks' XYZZ buckets.
//!
//! The bucket reduction `Σ k·B_k` uses the usual running sums in Jacobian coordinates.
use ark_ec::models::short_weierstrass::{Affine, Projective, SWCurveConfig};
use ark_ec::{AffineRepr, CurveGroup};
use ark_ff::{AdditiveGroup, BigInteger, Field, PrimeField, Zero};
use ark_std::One;

type Big<P> = <<P as ark_ec::CurveConfig>::ScalarField as PrimeField>::BigInt;

/// A point in affine coordinates with an explicit infinity flag.
struct Pt<P: SWCurveConfig> {
    x: P::BaseField,
    y: P::BaseField,
    inf: bool,
}

impl<P: SWCurveConfig> Clone for Pt<P> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<P: SWCurveConfig> Copy for Pt<P> {}

impl<P: SWCurveConfig> Pt<P> {
    const INF: Self = Pt {
        x: P::BaseField::ZERO,
        y: P::BaseField::ZERO,
        inf: true,
    };

    fn from_affine(a: &Affine<P>) -> Self {
        match a.xy() {
            Some((x, y)) => Pt { x, y, inf: false },
            None => Self::INF,
        }
    }
}

/// Largest batch of the affine accumulator (independent bucket additions sharing one inversion).
const BATCH: usize = 512;

/// Accumulates points into buckets with batched affine additions.
///
/// A point whose bucket already has an addition pending in the current batch is added to that
/// bucket's *overflow* accumulator (Jacobian, mixed addition) instead of waiting: the work stays
/// linear even when many points fall into one bucket.
struct Accumulator<P: SWCurveConfig> {
    buckets: Vec<Pt<P>>,
    overflow: Vec<Projective<P>>,
    stamp: Vec<u32>,
    epoch: u32,
    batch_size: usize,
    batch: Vec<(u32, Pt<P>)>,
    denom: Vec<P::BaseField>,
    prefix: Vec<P::BaseField>,
}

impl<P: SWCurveConfig> Accumulator<P> {
    fn new(num_buckets: usize) -> Self {
        let batch_size = (num_buckets / 4).clamp(1, BATCH);
        Self {
            buckets: vec![Pt::INF; num_buckets],
            overflow: vec![Projective::zero(); num_buckets],
            stamp: vec![0; num_buckets],
            epoch: 1,
            batch_size,
            batch: Vec::with_capacity(batch_size),
            denom: Vec::with_capacity(batch_size),
            prefix: Vec::with_capacity(batch_size),
        }
    }

    #[cfg(test)]
    fn reset(&mut self) {
        self.buckets.iter_mut().for_each(|b| *b = Pt::INF);
        self.overflow
            .iter_mut()
            .for_each(|b| *b = Projective::zero());
        self.stamp.iter_mut().for_each(|s| *s = 0);
        self.epoch = 1;
    }

    #[inline]
    fn push(&mut self, bucket: u32, p: Pt<P>) {
        let b = bucket as usize;
        if self.stamp[b] == self.epoch {
            self.overflow[b] += Affine::<P>::new_unchecked(p.x, p.y);
            return;
        }
        if self.buckets[b].inf {
            self.buckets[b] = p;
            return;
        }
        self.stamp[b] = self.epoch;
        self.batch.push((bucket, p));
        if self.batch.len() == self.batch_size {
            self.flush();
        }
    }

    /// Performs the pending additions and opens a new batch.
    fn flush(&mut self) {
        self.add_batch();
        self.epoch = self.epoch.wrapping_add(1);
        if self.epoch == 0 {
            self.stamp.iter_mut().for_each(|s| *s = 0);
            self.epoch = 1;
        }
    }

    fn finish(&mut self) {
        self.flush();
    }

    fn add_batch(&mut self) {
        if self.batch.is_empty() {
            return;
        }
        self.denom.clear();
        for (b, p) in &self.batch {
            let q = &self.buckets[*b as usize];
            let d = if q.x != p.x {
                p.x - q.x
            } else if q.y == p.y && !p.y.is_zero() {
                p.y.double()
            } else {
                P::BaseField::ONE // p = −q: the result is the identity, no inversion needed
            };
            self.denom.push(d);
        }
        // Montgomery's trick: one inversion for the whole batch.
        self.prefix.clear();
        let mut acc = P::BaseField::ONE;
        for d in &self.denom {
            self.prefix.push(acc);
            acc *= d;
        }
        let mut inv = acc.inverse().unwrap_or(P::BaseField::ZERO);
        for i in (0..self.denom.len()).rev() {
            let d_inv = inv * self.prefix[i];
            inv *= self.denom[i];
            self.denom[i] = d_inv;
        }
        for (i, (b, p)) in self.batch.drain(..).enumerate() {
            let q = &mut self.buckets[b as usize];
            let lambda = if q.x != p.x {
                (p.y - q.y) * self.denom[i]
            } else if q.y == p.y && !p.y.is_zero() {
                let xx = q.x.square();
                (xx.double() + xx + P::COEFF_A) * self.denom[i]
            } else {
                *q = Pt::INF;
                continue;
            };
            let x3 = lambda.square() - q.x - p.x;
            let y3 = lambda * (q.x - x3) - q.y;
            *q = Pt {
                x: x3,
                y: y3,
                inf: false,
            };
        }
    }

    /// `Σ_k (k+1)·bucket[k]`.
    fn reduce(&self) -> Projective<P> {
        let mut running = Projective::<P>::zero();
        let mut total = Projective::<P>::zero();
        for (b, o) in self.buckets.iter().zip(&self.overflow).rev() {
            if !b.inf {
                running += Affine::<P>::new_unchecked(b.x, b.y);
            }
            if !o.is_zero() {
                running += o;
            }
            total += &running;
        }
        total
    }
}

/// Signed-digit recoding of `s` into `windows` digits of `c` bits: `s = Σ dᵢ·2^{c·i}` with
/// `dᵢ ∈ [−2^{c−1}, 2^{c−1})`. The caller guarantees `s < 2^{c·windows − 1}`.
fn signed_digits<B: BigInteger>(s: &B, c: usize, windows: usize, out: &mut [i32]) {
    let limbs = s.as_ref();
    let mask = (1u64 << c) - 1;
    let mut carry = 0i64;
    for (w, o) in out.iter_mut().enumerate().take(windows) {
        let bit = w * c;
        let (limb, shift) = (bit / 64, bit % 64);
        let mut v = if limb < limbs.len() {
            limbs[limb] >> shift
        } else {
            0
        };
        if shift + c > 64 && limb + 1 < limbs.len() {
            v |= limbs[limb + 1] << (64 - shift);
        }
        let d = (v & mask) as i64 + carry;
        if d >= 1 << (c - 1) {
            *o = (d - (1 << c)) as i32;
            carry = 1;
        } else {
            *o = d as i32;
            carry = 0;
        }
    }
}

/// Replaces `s` by `r − s` when that is shorter; returns whether it did (the point must then be negated).
fn shorten<P: SWCurveConfig>(s: &Big<P>) -> (Big<P>, bool) {
    let m = P::ScalarField::MODULUS;
    let mut neg = m;
    neg.sub_with_borrow(s);
    if neg.num_bits() < s.num_bits() {
        (neg, true)
    } else {
        (*s, false)
    }
}

/// An MSM engine over fixed bases with precomputed window tables.
pub struct FixedBaseMsm<P: SWCurveConfig> {
    n: usize,
    c: usize,
    windows: usize,
    /// `table[w·n + i] = 2^{c·w}·Pᵢ`.
    table: Vec<Pt<P>>,
}

impl<P: SWCurveConfig> FixedBaseMsm<P> {
    /// Window width used for `n` bases (chosen to balance `W·n` additions against `2^{c−1}` buckets).
    pub fn window_for(n: usize) -> usize {
        match n {
            0..=64 => 6,
            65..=512 => 8,
            513..=2_048 => 10,
            2_049..=8_192 => 12,
            8_193..=32_768 => 14,
            _ => 15,
        }
    }

    /// Precomputes the window tables of `bases` (parallel over bases).
    pub fn new(bases: &[Affine<P>]) -> Self {
        use rayon::prelude::*;
        let n = bases.len();
        let c = Self::window_for(n);
        // Scalars are shortened to at most 253 bits; one more window absorbs the final carry.
        let bits = P::ScalarField::MODULUS_BIT_SIZE as usize;
        let windows = bits.div_ceil(c) + 1;
        let columns: Vec<Vec<Affine<P>>> = bases
            .par_chunks(256.max(n / (4 * rayon::current_num_threads().max(1)) + 1))
            .map(|chunk| {
                let mut proj: Vec<Projective<P>> = chunk.iter().map(|b| b.into_group()).collect();
                let mut out = Vec::with_capacity(windows * chunk.len());
                for _ in 0..windows {
                    out.extend(Projective::normalize_batch(&proj));
                    for p in proj.iter_mut() {
                        for _ in 0..c {
                            p.double_in_place();
                        }
                    }
                }
                out
            })
            .collect();
        // Re-layout to window-major order.
        let mut table = vec![Pt::INF; windows * n];
        let mut start = 0;
        for col in &columns {
            let len = col.len() / windows;
            for w in 0..windows {
                for j in 0..len {
                    table[w * n + start + j] = Pt::from_affine(&col[w * len + j]);
                }
            }
            start += len;
        }
        Self {
            n,
            c,
            windows,
            table,
        }
    }

    /// Bytes held by the tables.
    pub fn memory_bytes(&self) -> usize {
        self.table.len() * std::mem::size_of::<Pt<P>>()
    }

    /// `Σ scalars[i]·bases[i]` (extra scalars beyond the bases are ignored), on the calling thread.
    pub fn msm(&self, scalars: &[P::ScalarField]) -> Projective<P> {
        self.msm_range(scalars, 0, self.n.min(scalars.len()))
    }

    /// The same MSM split into `parts` slices of the bases processed in parallel.
    pub fn msm_parallel(&self, scalars: &[P::ScalarField], parts: usize) -> Projective<P> {
        use rayon::prelude::*;
        let n = self.n.min(scalars.len());
        let parts = parts.max(1).min(n.max(1));
        let step = n.div_ceil(parts).max(1);
        (0..parts)
            .into_par_iter()
            .map(|k| self.msm_range(scalars, (k * step).min(n), ((k + 1) * step).min(n)))
            .reduce(Projective::zero, |a, b| a + b)
    }

    fn msm_range(&self, scalars: &[P::ScalarField], from: usize, to: usize) -> Projective<P> {
        if from >= to {
            return Projective::zero();
        }
        let mut acc = Accumulator::<P>::new(1 << (self.c - 1));
        let mut digits = vec![0i32; self.windows];
        let mut ones = Projective::<P>::zero();
        for (i, &s) in scalars.iter().enumerate().take(to).skip(from) {
            if s.is_zero() {
                continue;
            }
            if s.is_one() {
                let p = &self.table[i];
                if !p.inf {
                    ones += Affine::<P>::new_unchecked(p.x, p.y);
                }
                continue;
            }
            let (big, neg) = shorten::<P>(&s.into_bigint());
            signed_digits(&big, self.c, self.windows, &mut digits);
            for (w, d) in digits.iter().enumerate() {
                if *d == 0 {
                    continue;
                }
                let mut p = self.table[w * self.n + i];
                if p.inf {
                    continue;
                }
                if (*d < 0) != neg {
                    p.y = -p.y;
                }
                acc.push(d.unsigned_abs() - 1, p);
            }
        }
        acc.finish();
        acc.reduce() + ones
    }
}

/// `Σ scalars[i]·bases[i]` without precomputation (signed-digit bucket method with batch-affine
/// buckets, one pass per window), on the calling thread: the accumulator's own check against
/// arkworks' MSM in the tests, without the precomputed tables.
#[cfg(test)]
pub fn msm<P: SWCurveConfig>(bases: &[Affine<P>], scalars: &[P::ScalarField]) -> Projective<P> {
    let n = bases.len().min(scalars.len());
    if n == 0 {
        return Projective::zero();
    }
    let c = match n {
        0..=32 => 4,
        33..=256 => 6,
        257..=4_096 => 8,
        _ => 10,
    };
    let windows = (P::ScalarField::MODULUS_BIT_SIZE as usize).div_ceil(c) + 1;
    let mut digits = vec![0i32; n * windows];
    let mut negs = vec![false; n];
    for i in 0..n {
        let (big, neg) = shorten::<P>(&scalars[i].into_bigint());
        negs[i] = neg;
        signed_digits(
            &big,
            c,
            windows,
            &mut digits[i * windows..(i + 1) * windows],
        );
    }
    let mut acc = Accumulator::<P>::new(1 << (c - 1));
    let mut result = Projective::<P>::zero();
    for w in (0..windows).rev() {
        for _ in 0..c {
            result.double_in_place();
        }
        acc.reset();
        for i in 0..n {
            let d = digits[i * windows + w];
            if d == 0 {
                continue;
            }
            let mut p = Pt::from_affine(&bases[i]);
            if p.inf {
                continue;
            }
            if (d < 0) != negs[i] {
                p.y = -p.y;
            }
            acc.push(d.unsigned_abs() - 1, p);
        }
        acc.finish();
        result += acc.reduce();
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;
    use ark_bn254::{Fr, G1Affine, G1Projective, G2Affine, G2Projective};
    use ark_ec::VariableBaseMSM;
    use ark_std::UniformRand;
    use rand::{Rng, SeedableRng};

    fn scalars(rng: &mut impl Rng, n: usize) -> Vec<Fr> {
        (0..n)
            .map(|i| match i % 7 {
                0 => Fr::zero(),
                1 => Fr::one(),
                2 => -Fr::one(),
                3 => Fr::from(rng.gen::<u32>()),
                4 => -Fr::from(rng.gen::<u16>()),
                _ => Fr::rand(rng),
            })
            .collect()
    }

    #[test]
    fn signed_digits_reconstruct() {
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(1);
        for c in [4usize, 6, 10, 14, 15] {
            let w = 253usize.div_ceil(c) + 1;
            for _ in 0..50 {
                let s = Fr::rand(&mut rng);
                let (big, neg) = shorten::<ark_bn254::g1::Config>(&s.into_bigint());
                let mut d = vec![0i32; w];
                signed_digits(&big, c, w, &mut d);
                let mut acc = Fr::zero();
                for (i, x) in d.iter().enumerate() {
                    assert!(*x >= -(1 << (c - 1)) && *x < (1 << (c - 1)));
                    let t =
                        Fr::from(x.unsigned_abs() as u64) * Fr::from(2u64).pow([(c * i) as u64]);
                    acc += if *x < 0 { -t } else { t };
                }
                assert_eq!(if neg { -acc } else { acc }, s, "c={c}");
            }
        }
    }

    fn check<P: SWCurveConfig>(n: usize, seed: u64)
    where
        Projective<P>: VariableBaseMSM<MulBase = Affine<P>, ScalarField = P::ScalarField>,
        P::ScalarField: UniformRand,
    {
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
        let mut bases: Vec<Affine<P>> = (0..n)
            .map(|_| Projective::<P>::rand(&mut rng).into_affine())
            .collect();
        // Edge cases: identity bases, repeated and opposite bases.
        if n > 8 {
            bases[3] = Affine::<P>::zero();
            bases[5] = bases[4];
            bases[7] = -bases[6];
        }
        let s: Vec<P::ScalarField> = (0..n)
            .map(|i| match i % 5 {
                0 => P::ScalarField::zero(),
                1 => P::ScalarField::one(),
                2 => -P::ScalarField::one(),
                _ => P::ScalarField::rand(&mut rng),
            })
            .collect();
        let expected = <Projective<P> as VariableBaseMSM>::msm(&bases, &s).unwrap();
        assert_eq!(msm(&bases, &s), expected, "plain n={n}");
        let f = FixedBaseMsm::new(&bases);
        assert_eq!(f.msm(&s), expected, "fixed n={n}");
        assert_eq!(f.msm_parallel(&s, 3), expected, "fixed parallel n={n}");
        // Many equal scalars hit the same buckets (deferred additions, doublings in buckets).
        let same = vec![s[n - 1]; n];
        let expected = <Projective<P> as VariableBaseMSM>::msm(&bases, &same).unwrap();
        assert_eq!(f.msm(&same), expected, "equal scalars n={n}");
    }

    #[test]
    fn agrees_with_arkworks_g1() {
        for (n, seed) in [(1, 1), (9, 2), (100, 3), (1500, 4), (5000, 5)] {
            check::<ark_bn254::g1::Config>(n, seed);
        }
        let _ = (G1Affine::zero(), G1Projective::zero());
    }

    #[test]
    fn agrees_with_arkworks_g2() {
        for (n, seed) in [(1, 6), (40, 7), (700, 8)] {
            check::<ark_bn254::g2::Config>(n, seed);
        }
        let _ = (G2Affine::zero(), G2Projective::zero());
    }

    #[test]
    fn same_point_accumulates_by_doubling() {
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(9);
        let p = G1Projective::rand(&mut rng).into_affine();
        let bases = vec![p; 600];
        let s = scalars(&mut rng, 600);
        let expected = G1Projective::msm(&bases, &s).unwrap();
        assert_eq!(FixedBaseMsm::new(&bases).msm(&s), expected);
        assert_eq!(msm(&bases, &s), expected);
    }
}
