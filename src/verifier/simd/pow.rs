//! `x^e` for many elements of `Fp` and one public exponent, eight elements per vector register: the
//! square roots of point decompression (`e = (p + 1)/4`) for a batch of proofs.
use super::field::*;
use ark_bn254::Fq;

/// `xᵢ^e` for every `xᵢ`, with a fixed 4-bit window over the exponent's bits (most significant
/// first): about 252 squarings and 63 multiplications for a 254-bit `e`. The exponent is public, so
/// the sequence of operations depends on it alone. `None` if the CPU lacks AVX-512 IFMA.
pub(crate) fn pow_8(xs: &[Fq], e: &[u64; 4]) -> Option<Vec<Fq>> {
    if !super::available() {
        return None;
    }
    // SAFETY: the CPU supports the features `run` is compiled for.
    Some(unsafe { run(xs, e) })
}

#[target_feature(enable = "avx512f,avx512ifma")]
fn run(xs: &[Fq], e: &[u64; 4]) -> Vec<Fq> {
    let k = Consts::new();
    // The exponent's 4-bit digits, most significant first, leading zero digits dropped.
    let digits: Vec<usize> = (0..64)
        .rev()
        .map(|i| ((e[i / 16] >> (4 * (i % 16))) & 0xf) as usize)
        .skip_while(|d| *d == 0)
        .collect();
    let mut out = Vec::with_capacity(xs.len());
    for chunk in xs.chunks(8) {
        let x = pack(
            std::array::from_fn(|l| chunk.get(l).copied().unwrap_or_default()),
            &k,
        );
        // x⁰ … x¹⁵.
        let mut table = [k.one; 16];
        table[1] = x;
        for d in 2..16 {
            table[d] = mul(&table[d - 1], &x);
        }
        let mut acc = k.one;
        for (i, d) in digits.iter().enumerate() {
            if i != 0 {
                for _ in 0..4 {
                    acc = mul(&acc, &acc);
                }
            }
            if *d != 0 {
                acc = mul(&acc, &table[*d]);
            }
        }
        out.extend_from_slice(&unpack(&acc, &k)[..chunk.len()]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use ark_ff::{Field, PrimeField, UniformRand};
    use proptest::prelude::*;
    use rand::SeedableRng;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(32))]

        /// Lane by lane, the vector power equals arkworks' `pow`, for any count, any exponent
        /// (small, the square-root exponent, the modulus minus two), and zero, one and `p − 1` among
        /// the bases.
        #[test]
        fn vector_power_matches_arkworks(seed in any::<u64>(), n in 1usize..20, small in any::<u64>(), which in 0u8..3) {
            let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
            let mut xs: Vec<Fq> = (0..n).map(|_| Fq::rand(&mut rng)).collect();
            for (i, special) in [Fq::from(0u64), Fq::from(1u64), -Fq::from(1u64)].into_iter().enumerate() {
                if i < n && seed % 3 == i as u64 {
                    xs[i] = special;
                }
            }
            let m = Fq::MODULUS.0;
            let e = match which {
                0 => [small, 0, 0, 0],
                1 => crate::verifier::decode::SQRT_EXPONENT,
                _ => [m[0] - 2, m[1], m[2], m[3]],
            };
            let Some(got) = pow_8(&xs, &e) else {
                return Ok(());
            };
            let want: Vec<Fq> = xs.iter().map(|x| x.pow(e)).collect();
            prop_assert_eq!(got, want);
        }
    }
}
