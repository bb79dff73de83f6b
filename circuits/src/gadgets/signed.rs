//! Signed fixed-width integers in a prime field, for sensor values that go below zero.
//!
//! # Encoding
//! A signed value `v ∈ [−2^31, 2^31)` (an `i32`) is the field element `v mod p`: `−150` is `p − 150`.
//! That is how it appears in public inputs, so a Solidity or snarkjs user writes the natural number.
//! Comparisons need an order, which the field does not have, so circuits compare **offset** values
//! `u = v + 2^31 ∈ [0, 2^32)`: the map is monotone, so `min ≤ v ≤ max ⇔ u(min) ≤ u(v) ≤ u(max)`.
//!
//! [`enforce_signed`] turns a field element into its offset and range-checks the offset to 32 bits
//! (33 constraints). That is what rejects a negative value passed off as a large positive one, and the
//! reverse: the field element `2^31` (one above `i32::MAX`) has offset `2^32`, which does not fit;
//! `p − 2^31 − 1` (one below `i32::MIN`) has offset `p − 1`, which does not fit either; any other
//! element of the field is far outside both.
//!
//! Readers of sensors use a fixed point on top: the value is an integer number of hundredths of the
//! unit of the device's kind (see the sensor claim), so `−1.50 °C` is `−150`.
use crate::gadgets::bits::enforce_range;
use ark_bn254::Fr;
use ark_ff::{BigInteger, PrimeField};
use ark_r1cs_std::fields::fp::FpVar;
use ark_relations::gr1cs::SynthesisError;

/// Width of a signed value, in bits.
pub const BITS: usize = 32;

/// The offset `2^31` between a signed value and its unsigned code.
pub const OFFSET: u64 = 1 << 31;

/// The field element of a signed value (`v mod p`).
pub fn to_field(v: i32) -> Fr {
    if v < 0 {
        -Fr::from(v.unsigned_abs())
    } else {
        Fr::from(v as u32)
    }
}

/// The offset code `v + 2^31` of a signed value.
pub fn offset(v: i32) -> u32 {
    (v as i64 + OFFSET as i64) as u32
}

/// The signed value of an offset code.
pub fn from_offset(u: u32) -> i32 {
    (u as i64 - OFFSET as i64) as i32
}

/// Native twin of [`enforce_signed`]: the signed value a field element stands for, if it is one.
pub fn from_field(x: Fr) -> Option<i32> {
    let u = (x + Fr::from(OFFSET)).into_bigint();
    if u.num_bits() as usize > BITS {
        return None;
    }
    Some(from_offset(u.as_ref()[0] as u32))
}

/// Enforces that `x` is a signed 32-bit value and returns its offset code `x + 2^31` (an integer below
/// `2^32`). 33 constraints.
pub fn enforce_signed(x: &FpVar<Fr>) -> Result<FpVar<Fr>, SynthesisError> {
    let u = x + FpVar::Constant(Fr::from(OFFSET));
    enforce_range(&u, BITS)?;
    Ok(u)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_util::fr_strategy;
    use ark_r1cs_std::prelude::*;
    use ark_relations::gr1cs::ConstraintSystem;
    use proptest::prelude::*;

    fn gadget(x: Fr) -> Option<Fr> {
        let cs = ConstraintSystem::<Fr>::new_ref();
        let v = FpVar::new_witness(cs.clone(), || Ok(x)).unwrap();
        let u = enforce_signed(&v).unwrap();
        cs.is_satisfied().unwrap().then(|| u.value().unwrap())
    }

    #[test]
    fn edges_and_values_passed_off_as_others() {
        for v in [i32::MIN, -150, -1, 0, 1, 825, i32::MAX] {
            assert_eq!(from_field(to_field(v)), Some(v));
            assert_eq!(from_offset(offset(v)), v);
            assert_eq!(gadget(to_field(v)), Some(Fr::from(offset(v))));
        }
        // One above i32::MAX, one below i32::MIN, and the "large positive" p − 1 read as unsigned.
        let two31 = Fr::from(OFFSET);
        for bad in [
            two31,
            -two31 - Fr::from(1u64),
            Fr::from(u32::MAX as u64),
            Fr::from(1u64 << 40),
        ] {
            assert_eq!(from_field(bad), None);
            assert_eq!(gadget(bad), None);
        }
        // Offsets are monotone: −1.50 < 0.00 < 8.00.
        assert!(offset(-150) < offset(0) && offset(0) < offset(800));
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn gadget_and_twin_agree_on_every_i32(v in any::<i32>()) {
            prop_assert_eq!(from_field(to_field(v)), Some(v));
            prop_assert_eq!(gadget(to_field(v)), Some(Fr::from(offset(v))));
        }

        #[test]
        fn gadget_and_twin_agree_on_field_elements(x in fr_strategy()) {
            prop_assert_eq!(gadget(x), from_field(x).map(|v| Fr::from(offset(v))));
        }

        #[test]
        fn offsets_preserve_order(a in any::<i32>(), b in any::<i32>()) {
            prop_assert_eq!(a <= b, offset(a) <= offset(b));
        }
    }
}
