//! Decoding a batch of submissions for [`Verifier::verify_batch_bytes`](super::Verifier::verify_batch_bytes).
//!
//! [`decode_batch`] gives, item by item, exactly what the strict decoders give —
//! [`Statement::from_bytes`], then [`Proof::from_bytes_any`]: the same proof, or for bytes they
//! refuse, their error — with every check they make but one: the G2 membership of each `B`. The
//! batch check makes that test itself, exactly and almost for free, from the point where each `B`'s
//! Miller-loop lines end (`pairing`'s module notes), and refuses a `B` outside G2 with
//! [`outside_g2`], the strict decoder's error for it. On the scalar backend decoding runs the strict
//! decoders' other checks across the thread pool. With AVX-512 IFMA its costly part runs over the
//! whole batch, eight field elements per vector register:
//!
//! - **Square roots** of compressed points. For each `x`, `y² = x³ + b`; the exponentiations of the
//!   square roots (`a^((p+1)/4)`, since `p ≡ 3 mod 4`; an `Fp2` root takes two of them, on the norm
//!   and on `(a₀ + √norm)/2`, and one inversion shared by the chunk) are the vector part. A root `y`
//!   is accepted only if `y² = x³ + b`, and the point only if **arkworks re-encodes it to exactly the
//!   submitted bytes** — so it is the point arkworks' decoder returns for them, flags and all.
//!   Anything else (a wrong length or tag, the infinity flag, a non-canonical coordinate, no root,
//!   an `Fp2` corner case) goes to the strict decoder, which decides and names the error.
//!
//! A proof that fails any other check is decoded again strictly, so its error is the one the strict
//! decoder reports first. The tests compare the two paths on valid, mutated and hostile bytes.
use super::MillerBackend;
use crate::error::Result;
use crate::statement::{Proof, Statement};
use crate::wire::binary::Decode;
use ark_bn254::{Fq, FqConfig};
use ark_ff::{Field, MontConfig};
use rayon::prelude::*;

/// `(p + 1)/4`: for `p ≡ 3 mod 4`, `a^((p+1)/4)` is a square root of `a` whenever `a` has one.
pub(crate) const SQRT_EXPONENT: [u64; 4] = {
    let p = <FqConfig as MontConfig<4>>::MODULUS.0;
    // p is odd and its low limb is not 2⁶⁴ − 1, so p + 1 does not carry.
    let q = [p[0] + 1, p[1], p[2], p[3]];
    [
        (q[0] >> 2) | (q[1] << 62),
        (q[1] >> 2) | (q[2] << 62),
        (q[2] >> 2) | (q[3] << 62),
        q[3] >> 2,
    ]
};

/// What the strict decoders say of one item.
#[cfg(test)]
fn strict((s, p): &(&[u8], &[u8])) -> Result<(Statement, Proof)> {
    Ok((Statement::from_bytes(s)?, Proof::from_bytes_any(p)?))
}

/// Decodes every item as the strict decoders do (see the module notes) with every check but one:
/// the G2 membership of each `B`, which the batch check tests from its Miller loop (exactly, and
/// almost for free). A proof whose `B` is on the curve but outside G2 is returned as decoded, and
/// the batch check refuses it with [`outside_g2`]'s error, which is the strict decoder's for it.
pub(super) fn decode_batch(
    items: &[(&[u8], &[u8])],
    backend: MillerBackend,
) -> Vec<Result<(Statement, Proof)>> {
    #[cfg(all(target_arch = "x86_64", feature = "vector-miller"))]
    if backend.uses_vector_loop() {
        return batched::decode(items, crate::verifier::simd::pow_8);
    }
    let _ = backend;
    batched::decode(items, pow_window)
}

/// The strict decoder's error for a proof that passes every check but `B`'s membership in G2.
pub(super) fn outside_g2() -> crate::error::Error {
    crate::error::DecodeError::NotInSubgroup("proof B").into()
}

/// Every check of [`Proof::from_bytes_any`] but B's subgroup test; on failure, the strict decoder's
/// error.
fn deferred(p: &[u8]) -> Result<Proof> {
    Proof::from_bytes_any_deferring_subgroup(p).or_else(|e| Proof::from_bytes_any(p).and(Err(e)))
}

/// `xᵢ^e` for every `xᵢ` (`None` if the implementation is not available on this CPU).
type Pow = fn(&[Fq], &[u64; 4]) -> Option<Vec<Fq>>;

/// `xᵢ^e` for every `xᵢ` on arkworks' arithmetic, with a fixed 4-bit window over the exponent's bits
/// (most significant first; about 252 squarings and 63 multiplications for a 254-bit `e`, where
/// arkworks' `pow` takes one multiplication per set bit). The exponent is public.
fn pow_window(xs: &[Fq], e: &[u64; 4]) -> Option<Vec<Fq>> {
    let digits: Vec<usize> = (0..64)
        .rev()
        .map(|i| ((e[i / 16] >> (4 * (i % 16))) & 0xf) as usize)
        .skip_while(|d| *d == 0)
        .collect();
    Some(
        xs.iter()
            .map(|x| {
                let mut table = [Fq::ONE; 16];
                for d in 1..16 {
                    table[d] = table[d - 1] * x;
                }
                let mut acc = Fq::ONE;
                for (i, d) in digits.iter().enumerate() {
                    if i != 0 {
                        for _ in 0..4 {
                            acc.square_in_place();
                        }
                    }
                    if *d != 0 {
                        acc *= table[*d];
                    }
                }
                acc
            })
            .collect(),
    )
}

/// The batch decoder proper: compressed proofs' square roots for a chunk at a time.
mod batched {
    use super::*;
    use crate::encoding::{check_g1, check_g2_on_curve};
    use crate::keys::CircuitId;
    use ark_bn254::{g1, g2, Fq, Fq2, G1Affine, G2Affine};
    use ark_ec::short_weierstrass::SWCurveConfig;
    use ark_ff::{Field, PrimeField, Zero};
    use ark_serialize::CanonicalSerialize;

    /// Items per task: enough for full vector registers and one shared inversion, small enough to
    /// spread over the threads.
    const CHUNK: usize = 64;

    pub(super) fn decode(items: &[(&[u8], &[u8])], pow: Pow) -> Vec<Result<(Statement, Proof)>> {
        items
            .par_chunks(CHUNK)
            .flat_map_iter(|c| decode_chunk(c, pow))
            .collect()
    }

    /// A compressed proof whose framing and coordinates parsed, waiting for its square roots.
    pub(super) struct Pending<'a> {
        at: usize,
        circuit_id: CircuitId,
        bytes: [&'a [u8]; 3],
        xa: Fq,
        xb: Fq2,
        xc: Fq,
    }

    /// A coordinate with arkworks' two flag bits (the top bits of the last byte) cleared, if it is
    /// canonical. The flags are not interpreted: the re-encoding check compares them.
    fn coordinate(b: &[u8], flags: bool) -> Option<Fq> {
        let mut le = [0u8; 32];
        le.copy_from_slice(b.get(..32)?);
        if flags {
            le[31] &= 0x3f;
        }
        let mut limbs = [0u64; 4];
        for (i, l) in limbs.iter_mut().enumerate() {
            *l = u64::from_le_bytes(le[8 * i..8 * i + 8].try_into().ok()?);
        }
        Fq::from_bigint(ark_ff::BigInt(limbs))
    }

    pub(super) fn pending<'a>(at: usize, p: &'a [u8]) -> Option<Pending<'a>> {
        let (circuit_id, bytes) = Proof::compressed_parts(p)?;
        let [a, b, c] = bytes;
        Some(Pending {
            at,
            circuit_id,
            bytes,
            xa: coordinate(a, true)?,
            xb: Fq2::new(coordinate(&b[..32], false)?, coordinate(&b[32..], true)?),
            xc: coordinate(c, true)?,
        })
    }

    /// `(x, y)` or `(x, −y)`, whichever arkworks encodes as `bytes`.
    fn reencoded<P: SWCurveConfig>(
        x: P::BaseField,
        y: P::BaseField,
        bytes: &[u8],
    ) -> Option<ark_ec::short_weierstrass::Affine<P>> {
        let mut buf = [0u8; 64];
        let buf = buf.get_mut(..bytes.len())?;
        [y, -y].into_iter().find_map(|y| {
            let point = ark_ec::short_weierstrass::Affine::<P>::new_unchecked(x, y);
            point.serialize_compressed(&mut buf[..]).ok()?;
            (buf == bytes).then_some(point)
        })
    }

    fn decode_chunk(chunk: &[(&[u8], &[u8])], pow: Pow) -> Vec<Result<(Statement, Proof)>> {
        let statements: Vec<Result<Statement>> = chunk
            .iter()
            .map(|(s, _)| Statement::from_bytes(s))
            .collect();
        let waiting: Vec<Pending<'_>> = chunk
            .iter()
            .enumerate()
            .filter(|(i, _)| statements[*i].is_ok())
            .filter_map(|(i, (_, p))| pending(i, p))
            .collect();
        let mut proofs: Vec<Option<Proof>> = vec![None; chunk.len()];
        for (at, proof) in decompress(&waiting, pow) {
            proofs[at] = Some(proof);
        }
        statements
            .into_iter()
            .zip(proofs)
            .zip(chunk)
            .map(|((st, proof), (_, p))| {
                let st = st?;
                let proof = match proof {
                    Some(proof) => proof,
                    None => deferred(p)?,
                };
                Ok((st, proof))
            })
            .collect()
    }

    /// The proofs of `waiting` whose three points decompress to exactly their bytes (with every
    /// check but B's subgroup test), by position in the chunk; the others are left to the strict
    /// decoder.
    pub(super) fn decompress(waiting: &[Pending<'_>], pow: Pow) -> Vec<(usize, Proof)> {
        let n = waiting.len();
        let g1_rhs = |x: &Fq| x.square() * x + g1::Config::COEFF_B;
        let g2_rhs: Vec<Fq2> = waiting
            .iter()
            .map(|w| w.xb.square() * w.xb + g2::Config::COEFF_B)
            .collect();
        // Round 1: √(x³ + 3) for A and C, √(norm) for B.
        let mut bases: Vec<Fq> = Vec::with_capacity(3 * n);
        bases.extend(waiting.iter().map(|w| g1_rhs(&w.xa)));
        bases.extend(waiting.iter().map(|w| g1_rhs(&w.xc)));
        bases.extend(g2_rhs.iter().map(|r| r.c0.square() + r.c1.square()));
        let Some(roots) = pow(&bases, &SQRT_EXPONENT) else {
            return Vec::new();
        };
        let half = Fq::from(2u64).inverse().unwrap_or_default();
        // Round 2: √δ, δ = (a₀ + √norm)/2 (a square root of a = a₀ + a₁u is x₀ + x₁u with x₀² = δ
        // or, when δ is not a square, x₀² = (a₀ − √norm)/2).
        let deltas: Vec<Fq> = (0..n)
            .map(|j| (g2_rhs[j].c0 + roots[2 * n + j]) * half)
            .collect();
        let Some(ts) = pow(&deltas, &SQRT_EXPONENT) else {
            return Vec::new();
        };
        // With t = δ^((p+1)/4): if t² = δ, x₀ = t and x₁ = a₁/(2t); if t² = −δ (δ not a square; −1
        // is not one either), x₀ = a₁·t/(2δ) and x₁ = δ/t. One inversion per item, of t or t·δ,
        // shared across the chunk (Montgomery's trick); zero leaves the item to the strict decoder.
        let mut inverses: Vec<Fq> = (0..n)
            .map(|j| match ts[j].square() == deltas[j] {
                true => ts[j],
                false => ts[j] * deltas[j],
            })
            .collect();
        ark_ff::batch_inversion(&mut inverses);
        let mut out = Vec::with_capacity(n);
        for (j, w) in waiting.iter().enumerate() {
            let (t, delta, inv, a1) = (ts[j], deltas[j], inverses[j], g2_rhs[j].c1);
            if inv.is_zero() || a1.is_zero() {
                continue;
            }
            let yb = match t.square() == delta {
                true => Fq2::new(t, a1 * half * inv),
                false => Fq2::new(a1 * half * t * t * inv, delta * delta * inv),
            };
            let (ya, yc) = (roots[j], roots[n + j]);
            if ya.square() != g1_rhs(&w.xa)
                || yc.square() != g1_rhs(&w.xc)
                || yb.square() != g2_rhs[j]
            {
                continue;
            }
            let a: Option<G1Affine> = reencoded::<g1::Config>(w.xa, ya, w.bytes[0]);
            let b: Option<G2Affine> = reencoded::<g2::Config>(w.xb, yb, w.bytes[1]);
            let c: Option<G1Affine> = reencoded::<g1::Config>(w.xc, yc, w.bytes[2]);
            let (Some(a), Some(b), Some(c)) = (a, b, c) else {
                continue;
            };
            if check_g1(&a, "proof A").is_err()
                || check_g2_on_curve(&b, "proof B").is_err()
                || check_g1(&c, "proof C").is_err()
            {
                continue;
            }
            out.push((
                w.at,
                Proof {
                    circuit_id: w.circuit_id,
                    a,
                    b,
                    c,
                },
            ));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{fixture, witness};
    use crate::wire::binary::Encode;
    use crate::Context;
    use ark_bn254::{G1Projective, G2Projective};
    use ark_ec::CurveGroup;
    use ark_ff::UniformRand;
    use proptest::prelude::*;
    use rand::{Rng, SeedableRng};

    /// A statement's bytes and `n` proofs of random points (decoding does not verify), compressed
    /// or not.
    fn items(n: usize, seed: u64) -> (Vec<u8>, Vec<Vec<u8>>) {
        let f = fixture();
        static ST: std::sync::OnceLock<(Statement, Proof)> = std::sync::OnceLock::new();
        let (st, pf) = ST.get_or_init(|| {
            f.prover
                .prove(witness(&Context::new(3, 1), 0, 10_000_000))
                .unwrap()
        });
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
        let proofs = (0..n)
            .map(|i| {
                let p = Proof {
                    circuit_id: pf.circuit_id,
                    a: G1Projective::rand(&mut rng).into_affine(),
                    b: G2Projective::rand(&mut rng).into_affine(),
                    c: G1Projective::rand(&mut rng).into_affine(),
                };
                match i % 5 {
                    4 => p.to_bytes_uncompressed(),
                    _ => p.to_bytes(),
                }
            })
            .collect();
        (st.to_bytes(), proofs)
    }

    /// The ways hostile bytes differ from valid ones: a flipped bit anywhere (flags included), a
    /// coordinate at or above the modulus, B outside G2, a cut or an extra byte, a broken statement.
    fn mutate(st: &mut [u8], p: &mut Vec<u8>, how: u8, at: usize, rng: &mut impl Rng) {
        let at_p = at % p.len();
        match how % 7 {
            0 | 1 => p[at_p] ^= 1 << (at % 8),
            2 => {
                // The two flag bits of a compressed coordinate (A, B's second half, C).
                let ends = [65usize, 129, 161];
                if p.len() == 162 {
                    p[ends[at % 3]] |= [0x40, 0x80, 0xc0][at / 3 % 3];
                }
            }
            3 => {
                // A coordinate set to ≥ p (all ones apart from the flag bits).
                let start = 34 + 32 * (at % (p.len().saturating_sub(34) / 32).max(1));
                if start + 32 <= p.len() {
                    p[start..start + 31].fill(0xff);
                    p[start + 31] |= 0x3f;
                }
            }
            4 => {
                let off = g2_outside_encoded();
                if p.len() == 162 {
                    p[66..130].copy_from_slice(&off);
                }
            }
            5 => match rng.gen::<bool>() {
                true => p.truncate(at_p),
                false => p.push(0),
            },
            _ => {
                let i = at % st.len();
                st[i] ^= 0x10;
            }
        }
    }

    /// A compressed G2 point on the curve but outside G2 (arkworks' encoding).
    fn g2_outside_encoded() -> Vec<u8> {
        use ark_serialize::CanonicalSerialize;
        let mut out = Vec::new();
        tradeproof_support::points::g2_outside_subgroup()
            .serialize_compressed(&mut out)
            .unwrap();
        out
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(24))]

        /// On both backends, item by item, the batch decoder says what the strict decoders say:
        /// the same statement and proof, or the same error.
        #[test]
        fn batch_decoding_equals_strict_decoding(
            seed in any::<u64>(),
            n in 1usize..70,
            faults in prop::collection::vec((0usize..70, any::<u8>(), 0usize..200), 0..12),
        ) {
            let (st, proofs) = items(n, seed);
            let mut subs: Vec<(Vec<u8>, Vec<u8>)> = proofs.into_iter().map(|p| (st.clone(), p)).collect();
            let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed ^ 1);
            for (i, how, at) in faults {
                if i < n {
                    let (s, p) = &mut subs[i];
                    if !p.is_empty() {
                        mutate(s, p, how, at, &mut rng);
                    }
                }
            }
            let refs: Vec<(&[u8], &[u8])> = subs.iter().map(|(s, p)| (&s[..], &p[..])).collect();
            for backend in [MillerBackend::Auto, MillerBackend::Scalar] {
                // B's membership is left to the batch check: test it here (the batch check's test
                // is compared with this one in `pairing`'s tests, and end to end in
                // `tests/batch_verify.rs`).
                let got: Vec<_> = decode_batch(&refs, backend).into_iter().map(|r| match r {
                    Ok((_, p)) if !crate::encoding::g2_in_subgroup(&p.b) => Err(outside_g2()),
                    r => r,
                }).collect();
                prop_assert_eq!(got.len(), n);
                for (i, g) in got.iter().enumerate() {
                    match (g, strict(&refs[i])) {
                        (Ok(g), Ok(w)) => prop_assert!(*g == w, "item {}", i),
                        (Err(g), Err(w)) => prop_assert_eq!(g.to_string(), w.to_string(), "item {}", i),
                        (g, w) => prop_assert!(false, "item {}: {:?} against {:?}", i, g.is_ok(), w.is_ok()),
                    }
                }
            }
        }
    }

    /// Valid compressed proofs are decompressed by the batched path (scalar and, where the CPU has
    /// it, vector exponentiation), not handed to the strict decoder; both give the strict decoder's
    /// proofs.
    #[test]
    fn valid_compressed_proofs_take_the_batched_path() {
        let (_, proofs) = items(40, 7);
        let waiting: Vec<_> = proofs
            .iter()
            .enumerate()
            .filter_map(|(i, p)| batched::pending(i, p))
            .collect();
        assert_eq!(waiting.len(), 32);
        let mut pows: Vec<Pow> = vec![pow_window];
        #[cfg(all(target_arch = "x86_64", feature = "vector-miller"))]
        if MillerBackend::Auto.uses_vector_loop() {
            pows.push(crate::verifier::simd::pow_8);
        }
        for pow in pows {
            let got = batched::decompress(&waiting, pow);
            assert_eq!(got.len(), 32);
            for (at, proof) in got {
                assert!(proof == Proof::from_bytes_any(&proofs[at]).unwrap());
            }
        }
    }

    /// The windowed exponentiation agrees with arkworks' `pow`.
    #[test]
    fn windowed_pow_matches_arkworks() {
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(9);
        let xs: Vec<Fq> = (0..20)
            .map(|_| Fq::rand(&mut rng))
            .chain([Fq::from(0u64), Fq::ONE])
            .collect();
        for e in [
            SQRT_EXPONENT,
            [5, 0, 0, 0],
            [0, 0, 0, 1 << 60],
            [u64::MAX; 4],
        ] {
            let got = pow_window(&xs, &e).unwrap();
            for (x, y) in xs.iter().zip(got) {
                assert_eq!(y, x.pow(e));
            }
        }
    }
}
