//! Bounded integers: bit decomposition, range checks and comparisons, sound against field wrap-around.
//!
//! A field element has no order; "`a ≤ b`" only means something for integers. Every comparison here
//! first pins its operands to `[0, 2^n)` (by decomposing them into `n` boolean variables, or because the
//! caller already did) and then checks that the difference `b − a` *also* lies in `[0, 2^n)`. With
//! `n ≤ 252` this is sound: if `a > b` as integers, `b − a` is `p − (a − b)` in the field, a number above
//! `p − 2^n ≥ 2^n`, which has no `n`-bit decomposition. A value such as `p − 5` is likewise rejected by its
//! own range check. The native twins are plain integer comparisons.
//!
//! Costs: [`to_bits_le`] with `n` bits is `n + 1` constraints; [`enforce_leq`] and [`enforce_lt`] cost
//! `n + 1`; [`enforce_bits_lt_constant`] costs at most one constraint per bit (fewer below the constant's
//! lowest set bit); [`to_bits_le_strict`] is 254 + 1 + 253 constraints.
use ark_bn254::Fr;
use ark_ff::{AdditiveGroup, BigInteger, Field, PrimeField, Zero};
use ark_r1cs_std::fields::fp::FpVar;
use ark_r1cs_std::prelude::*;
use ark_relations::gr1cs::SynthesisError;

/// Number of bits of a BN254 scalar-field element.
pub const FIELD_BITS: usize = 254;

/// Decomposes `x` into `n` little-endian boolean variables and enforces `Σ 2^i·bᵢ = x`.
///
/// The constraints are unsatisfiable unless `x < 2^n` as an integer (`n ≤ 253`). When `x` has no value
/// (key generation), the bits are allocated without values.
pub fn to_bits_le(x: &FpVar<Fr>, n: usize) -> Result<Vec<Boolean<Fr>>, SynthesisError> {
    assert!(n < FIELD_BITS, "range checks need n < 254");
    if let FpVar::Constant(c) = x {
        let bits = c.into_bigint().to_bits_le();
        if bits[n..].iter().any(|b| *b) {
            return Err(SynthesisError::Unsatisfiable);
        }
        return Ok(bits[..n].iter().map(|b| Boolean::constant(*b)).collect());
    }
    let cs = x.cs();
    let value_bits = x.value().ok().map(|v| v.into_bigint().to_bits_le());
    let bits = (0..n)
        .map(|i| {
            Boolean::new_witness(cs.clone(), || {
                value_bits
                    .as_ref()
                    .map(|b| b[i])
                    .ok_or(SynthesisError::AssignmentMissing)
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    pack_le(&bits).enforce_equal(x)?;
    Ok(bits)
}

/// `Σ 2^i·bᵢ` as a linear combination.
pub fn pack_le(bits: &[Boolean<Fr>]) -> FpVar<Fr> {
    let mut coeff = Fr::ONE;
    let mut coeffs = Vec::with_capacity(bits.len());
    for _ in bits {
        coeffs.push(coeff);
        coeff.double_in_place();
    }
    let vars: Vec<FpVar<Fr>> = bits.iter().map(|b| FpVar::from(b.clone())).collect();
    crate::gadgets::poseidon::linear_combination(&coeffs, &vars, Fr::zero())
}

/// Enforces `0 ≤ x < 2^n`.
pub fn enforce_range(x: &FpVar<Fr>, n: usize) -> Result<(), SynthesisError> {
    to_bits_le(x, n).map(|_| ())
}

/// Enforces `a ≤ b`, given that the caller has already constrained `a, b < 2^n`, `n ≤ 252`.
pub fn enforce_leq(a: &FpVar<Fr>, b: &FpVar<Fr>, n: usize) -> Result<(), SynthesisError> {
    assert!(n <= 252, "comparisons are sound for n ≤ 252 only");
    enforce_range(&(b - a), n)
}

/// Enforces `a < b`, given that the caller has already constrained `a, b < 2^n`, `n ≤ 252`.
pub fn enforce_lt(a: &FpVar<Fr>, b: &FpVar<Fr>, n: usize) -> Result<(), SynthesisError> {
    assert!(n <= 252, "comparisons are sound for n ≤ 252 only");
    enforce_range(&(b - a - FpVar::Constant(Fr::ONE)), n)
}

/// Enforces that the little-endian bits `bits` encode an integer strictly below `c`.
///
/// `c` must be nonzero and below `2^bits.len()`; any other constant is refused with
/// [`SynthesisError::Unsatisfiable`] rather than silently bounding nothing (with `c ≥ 2^len` every value
/// of `bits` would pass, so a caller that passed too few bits would get no check at all).
///
/// Scans from the most significant bit keeping `eq` = "all higher bits equal those of `c`" and
/// `lt` = "already below `c`": at a 1-bit of `c`, `lt += eq·(1 − b)` and `eq ← eq·b`; at a 0-bit,
/// `eq ← eq·(1 − b)`. Below the lowest 1-bit of `c` nothing can make the value smaller, so the scan
/// stops there. One constraint per scanned bit plus one for `lt = 1`.
pub fn enforce_bits_lt_constant<B: BigInteger>(
    bits: &[Boolean<Fr>],
    c: &B,
) -> Result<(), SynthesisError> {
    let c_bits = c.to_bits_le();
    if c_bits.iter().skip(bits.len()).any(|b| *b) {
        // c ≥ 2^len: the check would constrain nothing, which no caller means to ask for.
        return Err(SynthesisError::Unsatisfiable);
    }
    let lowest = match c_bits.iter().position(|b| *b) {
        Some(i) => i,
        None => return Err(SynthesisError::Unsatisfiable), // nothing is below 0
    };
    let one = FpVar::Constant(Fr::ONE);
    let mut eq = one.clone();
    let mut lt = FpVar::Constant(Fr::zero());
    for i in (lowest..bits.len()).rev() {
        let b = FpVar::from(bits[i].clone());
        let ci = c_bits.get(i).copied().unwrap_or(false);
        if ci {
            let eq_next = &eq * &b;
            lt += &eq - &eq_next;
            eq = eq_next;
        } else {
            eq = &eq * (&one - &b);
        }
    }
    lt.enforce_equal(&one)
}

/// Decomposes `x` into its unique 254-bit little-endian representation (value `< p`).
pub fn to_bits_le_strict(x: &FpVar<Fr>) -> Result<Vec<Boolean<Fr>>, SynthesisError> {
    if let FpVar::Constant(c) = x {
        return Ok(c
            .into_bigint()
            .to_bits_le()
            .into_iter()
            .take(FIELD_BITS)
            .map(Boolean::constant)
            .collect());
    }
    let cs = x.cs();
    let value_bits = x.value().ok().map(|v| v.into_bigint().to_bits_le());
    let bits = (0..FIELD_BITS)
        .map(|i| {
            Boolean::new_witness(cs.clone(), || {
                value_bits
                    .as_ref()
                    .map(|b| b[i])
                    .ok_or(SynthesisError::AssignmentMissing)
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    pack_le(&bits).enforce_equal(x)?;
    enforce_bits_lt_constant(&bits, &Fr::MODULUS)?;
    Ok(bits)
}

/// Allocates `n` boolean witnesses holding the little-endian bits of `value` (an integer given as a
/// big integer), without any packing constraint.
pub fn alloc_bits<B: BigInteger>(
    cs: ark_relations::gr1cs::ConstraintSystemRef<Fr>,
    value: Option<B>,
    n: usize,
) -> Result<Vec<Boolean<Fr>>, SynthesisError> {
    let value_bits = value.map(|v| v.to_bits_le());
    (0..n)
        .map(|i| {
            Boolean::new_witness(cs.clone(), || {
                value_bits
                    .as_ref()
                    .map(|b| b.get(i).copied().unwrap_or(false))
                    .ok_or(SynthesisError::AssignmentMissing)
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_util::fr_strategy;
    use ark_ff::BigInt;
    use ark_relations::gr1cs::ConstraintSystem;
    use proptest::prelude::*;

    fn leq_satisfied(a: Fr, b: Fr, n: usize) -> bool {
        let cs = ConstraintSystem::<Fr>::new_ref();
        let av = FpVar::new_witness(cs.clone(), || Ok(a)).unwrap();
        let bv = FpVar::new_witness(cs.clone(), || Ok(b)).unwrap();
        enforce_range(&av, n).unwrap();
        enforce_range(&bv, n).unwrap();
        enforce_leq(&av, &bv, n).unwrap();
        cs.is_satisfied().unwrap()
    }

    fn range_satisfied(x: Fr, n: usize) -> bool {
        let cs = ConstraintSystem::<Fr>::new_ref();
        let xv = FpVar::new_witness(cs.clone(), || Ok(x)).unwrap();
        enforce_range(&xv, n).unwrap();
        cs.is_satisfied().unwrap()
    }

    fn lt_const_satisfied(x: u128, c: u128) -> bool {
        let cs = ConstraintSystem::<Fr>::new_ref();
        let xv = FpVar::new_witness(cs.clone(), || Ok(Fr::from(x))).unwrap();
        let bits = to_bits_le(&xv, 128).unwrap();
        let cb = BigInt::<2>([c as u64, (c >> 64) as u64]);
        enforce_bits_lt_constant(&bits, &cb).unwrap();
        cs.is_satisfied().unwrap()
    }

    #[test]
    fn wrap_around_values_are_out_of_range() {
        let p_minus_5 = -Fr::from(5u64);
        assert!(!range_satisfied(p_minus_5, 64));
        assert!(!range_satisfied(Fr::from(u64::MAX) + Fr::ONE, 64));
        assert!(range_satisfied(Fr::from(u64::MAX), 64));
        // b − a wraps when a > b: 5 ≤ 3 must fail even though 3 − 5 is a field element.
        assert!(!leq_satisfied(Fr::from(5u64), Fr::from(3u64), 64));
        assert!(leq_satisfied(Fr::from(3u64), Fr::from(3u64), 64));
        assert!(leq_satisfied(Fr::from(0u64), Fr::from(u64::MAX), 64));
    }

    #[test]
    fn strict_bits_reject_non_canonical() {
        // The packing of p + 1 equals 1 in the field: it must not be accepted as a decomposition of 1.
        let cs = ConstraintSystem::<Fr>::new_ref();
        let mut p_plus_1 = Fr::MODULUS;
        p_plus_1.add_with_carry(&BigInt::from(1u64));
        let bits = alloc_bits(cs.clone(), Some(p_plus_1), FIELD_BITS).unwrap();
        pack_le(&bits)
            .enforce_equal(&FpVar::new_witness(cs.clone(), || Ok(Fr::ONE)).unwrap())
            .unwrap();
        assert!(cs.is_satisfied().unwrap(), "packing alone wraps around");
        enforce_bits_lt_constant(&bits, &Fr::MODULUS).unwrap();
        assert!(
            !cs.is_satisfied().unwrap(),
            "the strict check rejects p + 1"
        );
    }

    #[test]
    fn lt_constant_refuses_a_constant_that_bounds_nothing() {
        let cs = ConstraintSystem::<Fr>::new_ref();
        let x = FpVar::new_witness(cs.clone(), || Ok(Fr::from(200u64))).unwrap();
        let bits = to_bits_le(&x, 8).unwrap();
        // 256 = 2^8 and anything above it would accept every 8-bit value: refused, not a no-op.
        for c in [256u64, 257, 1 << 40] {
            assert!(enforce_bits_lt_constant(&bits, &BigInt::<1>([c])).is_err());
        }
        // 0 bounds everything out.
        assert!(enforce_bits_lt_constant(&bits, &BigInt::<1>([0])).is_err());
        // 255 is the largest accepted constant and does constrain: 200 < 255 holds, 255 < 255 would not.
        let before = cs.num_constraints();
        enforce_bits_lt_constant(&bits, &BigInt::<1>([255])).unwrap();
        assert!(cs.num_constraints() > before);
        assert!(cs.is_satisfied().unwrap());
        assert!(!lt_const_satisfied(255, 255));
    }

    #[test]
    fn strict_bits_cost() {
        let cs = ConstraintSystem::<Fr>::new_ref();
        let x = FpVar::new_witness(cs.clone(), || Ok(-Fr::ONE)).unwrap();
        let bits = to_bits_le_strict(&x).unwrap();
        assert_eq!(bits.len(), FIELD_BITS);
        assert!(cs.is_satisfied().unwrap());
        println!("strict decomposition: {} constraints", cs.num_constraints());
        assert!(cs.num_constraints() <= 254 + 1 + 254 + 1);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        #[test]
        fn leq_agrees_with_integers(a in any::<u64>(), b in any::<u64>()) {
            prop_assert_eq!(leq_satisfied(Fr::from(a), Fr::from(b), 64), a <= b);
        }

        #[test]
        fn range_agrees_with_integers(x in fr_strategy(), n in 1usize..200) {
            let fits = x.into_bigint().num_bits() as usize <= n;
            prop_assert_eq!(range_satisfied(x, n), fits);
        }

        #[test]
        fn lt_constant_agrees_with_integers(x in any::<u128>(), c in 1u128..) {
            prop_assert_eq!(lt_const_satisfied(x, c), x < c);
        }

        #[test]
        fn lt_constant_near_boundary(c in 1u128..u128::MAX / 2, d in -3i64..3) {
            let x = (c as i128 + d as i128).max(0) as u128;
            prop_assert_eq!(lt_const_satisfied(x, c), x < c);
        }

        #[test]
        fn strict_bits_agree_with_native(x in fr_strategy()) {
            let cs = ConstraintSystem::<Fr>::new_ref();
            let xv = FpVar::new_witness(cs.clone(), || Ok(x)).unwrap();
            let bits = to_bits_le_strict(&xv).unwrap();
            let native = x.into_bigint().to_bits_le();
            for (b, n) in bits.iter().zip(native) {
                prop_assert_eq!(b.value().unwrap(), n);
            }
            prop_assert!(cs.is_satisfied().unwrap());
        }
    }
}
