//! Target-group elements on the wire: torus compression to half size, and the membership check that
//! makes the verifier's arithmetic on decoded elements a group homomorphism.
//!
//! # Compression
//! `Fq12 = Fq6[w]/(w² − v)`. A pairing value `x = g + h·w` has norm one (`x^(q⁶+1) = 1`, since
//! `x^(q⁶)` is the conjugate `g − h·w` and equals `x⁻¹`), so it lies on the algebraic torus `T₂(Fq6)`,
//! whose elements other than `±1` are `(c + w)/(c − w)` for exactly one `c ∈ Fq6`: `c = (1 + g)/h`.
//! The wire carries `c` (six `Fq` elements, 192 bytes instead of 384); decompression is
//! `g = (c² + v)/(c² − v)`, `h = 2c/(c² − v)` (`c² − v` is never zero: `v` is not a square in `Fq6`).
//! `c = 0` stands for `1` (it would otherwise be `−1`, which no pairing value is).
//!
//! # What a decoded element is
//! Every `c` decodes to a norm-one element; decoding then checks `x^(q⁴) · x = x^(q²)` (two Frobenius
//! maps and a multiplication), i.e. `x` has order dividing `Φ₁₂(q) = q⁴ − q² + 1`: `x` is in the
//! cyclotomic subgroup `G_Φ12`, where the cyclotomic squaring of arkworks is a correct squaring. It does
//! **not** check the order-`r` subgroup `G_T` (a 254-bit exponentiation per element, about a hundred per
//! aggregate). Soundness does not need it: `G_Φ12 = G_T × H` with `gcd(r, |H|) = 1`, every verifier
//! check is an equation between products and powers of decoded elements and pairings, so it also holds
//! after projecting every element onto `G_T`; a prover who sends elements with an `H` part therefore
//! also holds a transcript of `G_T` elements that passes, with challenges that are random-oracle outputs
//! of its messages — what the soundness argument of the protocol covers (the `H` parts only change
//! which string is hashed, as grinding would).
use crate::error::{DecodeError, Result};
use ark_bn254::{Bn254, Fq12, Fq6};
use ark_ec::pairing::PairingOutput;
use ark_ff::{AdditiveGroup, Field, One, Zero};

/// A target-group element (a pairing value), written additively as arkworks does: `+` multiplies in
/// `Fq12`, scalar multiplication exponentiates.
pub type Gt = PairingOutput<Bn254>;

/// Bytes of a compressed target-group element.
pub const GT_BYTES: usize = 192;

fn nonresidue() -> Fq6 {
    // v, the generator of Fq6 over Fq2: w² = v.
    Fq6::new(Default::default(), One::one(), Default::default())
}

/// The torus coordinate `c` of a norm-one element (`1` ↦ `0`).
pub(crate) fn compress(x: &Gt) -> Fq6 {
    let (g, h) = (x.0.c0, x.0.c1);
    match h.inverse() {
        Some(h_inv) => (Fq6::one() + g) * h_inv,
        // h = 0: x = ±1; only 1 is a pairing value.
        None => Fq6::zero(),
    }
}

/// The element with torus coordinate `c`, checked to be in the cyclotomic subgroup.
pub(crate) fn decompress(c: &Fq6, what: &'static str) -> Result<Gt> {
    if c.is_zero() {
        return Ok(Gt::zero());
    }
    let v = nonresidue();
    let c2 = c.square();
    let den = (c2 - v).inverse().ok_or(DecodeError::BadPoint(what))?;
    let g = (c2 + v) * den;
    let h = c.double() * den;
    let x = Fq12::new(g, h);
    let (mut x2, mut x4) = (x, x);
    x2.frobenius_map_in_place(2);
    x4.frobenius_map_in_place(4);
    if x4 * x != x2 {
        return Err(DecodeError::Invalid {
            what,
            reason: "not in the cyclotomic subgroup of Fq12".into(),
        }
        .into());
    }
    Ok(PairingOutput(x))
}

/// `Σ sᵢ·xᵢ` in `G_T` (that is `Π xᵢ^sᵢ`) by interleaved signed windows (Straus, `w = 5`): the
/// bases are split across the rayon pool, and each part runs one sequence of up to 255 cyclotomic
/// squarings shared by its bases, with a table of 8 odd powers per base (inverses are conjugates,
/// taken on use) and about `254/6` multiplications per base. For the hundred-odd bases of an aggregate this is about half the work of Pippenger.
/// Every base must be in the cyclotomic subgroup (decoding checks it; pairing values are).
pub(crate) fn msm(bases: &[Gt], scalars: &[ark_bn254::Fr]) -> Gt {
    use ark_ff::{BigInteger, CyclotomicMultSubgroup, PrimeField};
    use rayon::prelude::*;
    const W: usize = 5;
    const TABLE: usize = 1 << (W - 2);
    let n = bases.len().min(scalars.len());
    let parts = rayon::current_num_threads().max(1);
    let chunk = n.div_ceil(parts).max(1);
    bases[..n]
        .par_chunks(chunk)
        .zip(scalars[..n].par_chunks(chunk))
        .map(|(bases, scalars)| {
            let tables: Vec<[Fq12; TABLE]> = bases
                .iter()
                .map(|x| {
                    let x2 = x.0.cyclotomic_square();
                    let mut pos = [x.0; TABLE];
                    for i in 1..TABLE {
                        pos[i] = pos[i - 1] * x2;
                    }
                    pos
                })
                .collect();
            let digits: Vec<Vec<i64>> = scalars
                .iter()
                .map(|s| s.into_bigint().find_wnaf(W).unwrap_or_default())
                .collect();
            let len = digits.iter().map(Vec::len).max().unwrap_or(0);
            let mut acc = Fq12::one();
            for i in (0..len).rev() {
                acc.cyclotomic_square_in_place();
                for (table, d) in tables.iter().zip(&digits) {
                    match d.get(i) {
                        Some(&d) if d > 0 => acc *= table[(d as usize) / 2],
                        Some(&d) if d < 0 => {
                            // x⁻¹ is the conjugate in the cyclotomic subgroup.
                            let mut t = table[((-d) as usize) / 2];
                            t.conjugate_in_place();
                            acc *= t;
                        }
                        _ => {}
                    }
                }
            }
            PairingOutput(acc)
        })
        .reduce(Gt::zero, |a, b| a + b)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ark_bn254::{G1Affine, G2Affine};
    use ark_ec::pairing::Pairing;
    use ark_ec::{AffineRepr, CurveGroup};
    use ark_ff::UniformRand;
    use proptest::prelude::*;
    use rand::SeedableRng;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(16))]
        #[test]
        fn pairing_values_round_trip(seed in any::<u64>()) {
            let mut rng = rand_chacha::ChaCha20Rng::seed_from_u64(seed);
            let a = (G1Affine::generator() * ark_bn254::Fr::rand(&mut rng)).into_affine();
            let b = (G2Affine::generator() * ark_bn254::Fr::rand(&mut rng)).into_affine();
            let x = Bn254::pairing(a, b);
            let back = decompress(&compress(&x), "x").unwrap();
            prop_assert_eq!(back, x);
        }

        #[test]
        fn random_coordinates_decode_only_into_the_cyclotomic_subgroup(seed in any::<u64>()) {
            // Most c ∈ Fq6 give torus elements outside G_Φ12 (its index in T₂ is q² + 1): refused.
            let mut rng = rand_chacha::ChaCha20Rng::seed_from_u64(seed);
            let c = Fq6::rand(&mut rng);
            prop_assert!(decompress(&c, "x").is_err());
        }
    }

    #[test]
    fn msm_matches_the_naive_sum() {
        use ark_ec::VariableBaseMSM;
        let mut rng = rand_chacha::ChaCha20Rng::seed_from_u64(5);
        for n in [0usize, 1, 2, 7, 40] {
            let bases: Vec<Gt> = (0..n)
                .map(|_| {
                    Bn254::pairing(
                        G1Affine::generator() * ark_bn254::Fr::rand(&mut rng),
                        G2Affine::generator(),
                    )
                })
                .collect();
            let scalars: Vec<ark_bn254::Fr> =
                (0..n).map(|_| ark_bn254::Fr::rand(&mut rng)).collect();
            let mut scalars = scalars;
            if n > 2 {
                scalars[1] = -ark_bn254::Fr::from(1u64);
                scalars[2] = ark_bn254::Fr::from(0u64);
            }
            assert_eq!(msm(&bases, &scalars), Gt::msm(&bases, &scalars).unwrap());
        }
    }

    #[test]
    fn one_is_zero_coordinate() {
        assert_eq!(compress(&Gt::zero()), Fq6::zero());
        assert_eq!(decompress(&Fq6::zero(), "x").unwrap(), Gt::zero());
    }
}
