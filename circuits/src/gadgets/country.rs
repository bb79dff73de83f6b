//! Country codes: the one check every origin claim makes on a country slot.
//!
//! A country is stored as its ISO 3166-1 numeric code, a three-digit number; `0` marks an empty slot
//! (a record sealed without an origin). Two empty slots are equal, so a claim that compares origins —
//! or matches one against a list whose unused leaves are 0 — must first establish that the slot holds a
//! code at all. The gadget enforces `1 ≤ code ≤ 999` as an integer, which is sound against wrap-around:
//! the code is decomposed into 10 bits (so it is an integer below 1024, not `p − 5`), the bits are
//! compared with the constant 1000, and the code is nonzero.
//!
//! The circuit cannot afford the ISO list itself (249 assigned codes), so it proves the *shape* of a
//! code; the witness builders of the claims go further and refuse unassigned codes by name, and the
//! document layer only ever encodes assigned ones.
//!
//! Cost: 11 (bits) + 8 (`< 1000`) + 2 (nonzero) = 21 constraints.
use crate::encoding::as_u64;
use crate::gadgets::bits::{enforce_bits_lt_constant, to_bits_le};
use ark_bn254::Fr;
use ark_ff::{BigInt, Zero};
use ark_r1cs_std::fields::fp::FpVar;
use ark_r1cs_std::prelude::*;
use ark_relations::gr1cs::SynthesisError;

/// Bits of a country code (`999 < 2^10`).
pub const CODE_BITS: usize = 10;

/// One more than the largest three-digit code.
pub const CODE_LIMIT: u64 = 1000;

/// Native twin of [`enforce_country_code`]: whether `x` is an integer in `1 ..= 999`.
pub fn is_country_code(x: Fr) -> bool {
    as_u64(x).is_some_and(|c| c != 0 && c < CODE_LIMIT)
}

/// Enforces `1 ≤ x ≤ 999` (as an integer).
pub fn enforce_country_code(x: &FpVar<Fr>) -> Result<(), SynthesisError> {
    let bits = to_bits_le(x, CODE_BITS)?;
    enforce_bits_lt_constant(&bits, &BigInt::<1>([CODE_LIMIT]))?;
    x.enforce_not_equal(&FpVar::Constant(Fr::zero()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_util::fr_strategy;
    use ark_relations::gr1cs::ConstraintSystem;
    use proptest::prelude::*;

    fn satisfied(x: Fr) -> bool {
        let cs = ConstraintSystem::<Fr>::new_ref();
        let v = FpVar::new_witness(cs.clone(), || Ok(x)).unwrap();
        enforce_country_code(&v).unwrap();
        cs.is_satisfied().unwrap()
    }

    #[test]
    fn empty_wrapped_and_four_digit_codes_are_refused() {
        for bad in [
            Fr::zero(),
            Fr::from(1000u64),
            Fr::from(1023u64),
            Fr::from(1024u64),
            -Fr::from(404u64),
            -Fr::from(1u64),
        ] {
            assert!(!is_country_code(bad));
            assert!(!satisfied(bad), "{bad}");
        }
        for good in [1u64, 276, 404, 999] {
            assert!(is_country_code(Fr::from(good)));
            assert!(satisfied(Fr::from(good)));
        }
    }

    #[test]
    fn cost() {
        let cs = ConstraintSystem::<Fr>::new_ref();
        let v = FpVar::new_witness(cs.clone(), || Ok(Fr::from(404u64))).unwrap();
        enforce_country_code(&v).unwrap();
        assert!(cs.num_constraints() <= 21, "{}", cs.num_constraints());
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]
        #[test]
        fn native_and_gadget_agree_on_small_values(x in 0u64..1100) {
            prop_assert_eq!(satisfied(Fr::from(x)), is_country_code(Fr::from(x)));
            prop_assert_eq!(is_country_code(Fr::from(x)), (1..1000).contains(&x));
        }

        #[test]
        fn native_and_gadget_agree_on_field_elements(x in fr_strategy()) {
            prop_assert_eq!(satisfied(x), is_country_code(x));
        }
    }
}
