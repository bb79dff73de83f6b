//! Conditional interval checks: "if `active`, then `lo ≤ x ≤ hi`", for series whose length is hidden.
//!
//! A claim over a variable number of items (up to a fixed capacity) allocates every slot and switches
//! the checks of the unused ones off. The gadget computes
//!
//! ```text
//! r = active·(x − lo),   s = active·(hi − x),   r ∈ [0, 2^n),   s ∈ [0, 2^n)
//! ```
//!
//! two products and two `n`-bit decompositions: `2n + 4` constraints.
//!
//! # Why it is sound without a range check on `x`
//! When `active = 0`, `r = s = 0` and nothing is checked. When `active = 1`, `r + s = hi − lo` in the
//! field. If `lo ≤ hi` are integers with `hi − lo < 2^n` (the caller bounds them, e.g. by range checks on
//! public inputs), `r + s < 2^(n+1)` is then an integer equation `r + s = hi − lo`, so `r` is an integer
//! in `[0, hi − lo]` and `x = lo + r` is an integer in `[lo, hi]`; conversely every such `x` gives
//! `r, s ≤ hi − lo < 2^n`. (A wider interval would make the check stricter than the interval.) If `lo > hi`, `hi − lo` is
//! `p − (lo − hi)` in the field, above `2^(n+1)`, and no `r, s` fit: the check fails. `x` itself needs
//! no decomposition — the two differences pin it. The native twin [`within_if`] states the exact
//! condition under which the constraints are satisfiable, for any field elements.
use crate::gadgets::bits::enforce_range;
use ark_bn254::Fr;
use ark_ff::{BigInteger, PrimeField};
use ark_r1cs_std::fields::fp::FpVar;
use ark_r1cs_std::prelude::*;
use ark_relations::gr1cs::SynthesisError;

/// Whether the field element `x` is an integer below `2^n`.
fn fits(x: Fr, n: usize) -> bool {
    x.into_bigint().num_bits() as usize <= n
}

/// Native twin of [`enforce_within_if`]: true when `active` is false, or when `x − lo` and `hi − x`
/// (in the field) are both integers below `2^n` — for integers `lo ≤ hi` with `hi − lo < 2^n`,
/// exactly `lo ≤ x ≤ hi`.
pub fn within_if(active: bool, x: Fr, lo: Fr, hi: Fr, n: usize) -> bool {
    !active || (fits(x - lo, n) && fits(hi - x, n))
}

/// Enforces "if `active` then `lo ≤ x ≤ hi`" with `n`-bit differences (`n ≤ 252`); see the module docs
/// for what the caller must bound. `2n + 4` constraints.
pub fn enforce_within_if(
    active: &Boolean<Fr>,
    x: &FpVar<Fr>,
    lo: &FpVar<Fr>,
    hi: &FpVar<Fr>,
    n: usize,
) -> Result<(), SynthesisError> {
    assert!(n <= 252, "interval checks are sound for n ≤ 252 only");
    let a = FpVar::from(active.clone());
    enforce_range(&(&a * (x - lo)), n)?;
    enforce_range(&(&a * (hi - x)), n)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_util::fr_strategy;
    use ark_relations::gr1cs::ConstraintSystem;
    use proptest::prelude::*;

    fn gadget(active: bool, x: Fr, lo: Fr, hi: Fr, n: usize) -> bool {
        let cs = ConstraintSystem::<Fr>::new_ref();
        let w = |v: Fr| FpVar::new_witness(cs.clone(), || Ok(v)).unwrap();
        let a = Boolean::new_witness(cs.clone(), || Ok(active)).unwrap();
        enforce_within_if(&a, &w(x), &w(lo), &w(hi), n).unwrap();
        cs.is_satisfied().unwrap()
    }

    #[test]
    fn cost_is_two_decompositions_and_two_products() {
        let cs = ConstraintSystem::<Fr>::new_ref();
        let w = |v: u64| FpVar::new_witness(cs.clone(), || Ok(Fr::from(v))).unwrap();
        let a = Boolean::new_witness(cs.clone(), || Ok(true)).unwrap();
        let before = cs.num_constraints();
        enforce_within_if(&a, &w(5), &w(1), &w(9), 32).unwrap();
        assert_eq!(cs.num_constraints() - before, 2 * 32 + 4);
    }

    #[test]
    fn edges_wrap_around_and_inactive_slots() {
        let f = |v: i64| {
            if v < 0 {
                -Fr::from(v.unsigned_abs())
            } else {
                Fr::from(v as u64)
            }
        };
        for (active, x, lo, hi, expect) in [
            (true, 10, 10, 20, true),
            (true, 20, 10, 20, true),
            (true, 9, 10, 20, false),
            (true, 21, 10, 20, false),
            (true, -1, 0, 20, false), // p − 1: "−1" is no small positive integer
            (true, 15, 20, 10, false), // empty interval
            (false, -1, 0, 20, true), // switched off
            (false, 99, 20, 10, true),
        ] {
            let (x, lo, hi) = (f(x), f(lo), f(hi));
            assert_eq!(within_if(active, x, lo, hi, 8), expect);
            assert_eq!(gadget(active, x, lo, hi, 8), expect);
        }
        // A value 2^n above the interval: x − lo fits n + 1 bits but not n.
        let (lo, hi) = (Fr::from(0u64), Fr::from(200u64));
        assert!(!gadget(true, Fr::from(256u64), lo, hi, 8));
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn gadget_and_twin_agree_on_integers(active in any::<bool>(), x in 0u64..1024, a in 0u64..1024, b in 0u64..1024) {
            let (lo, hi) = (Fr::from(a), Fr::from(b));
            let native = within_if(active, Fr::from(x), lo, hi, 10);
            prop_assert_eq!(native, !active || (a <= x && x <= b));
            prop_assert_eq!(gadget(active, Fr::from(x), lo, hi, 10), native);
        }

        #[test]
        fn gadget_and_twin_agree_on_field_elements(active in any::<bool>(), x in fr_strategy(), lo in fr_strategy(), hi in fr_strategy()) {
            prop_assert_eq!(gadget(active, x, lo, hi, 16), within_if(active, x, lo, hi, 16));
        }
    }
}
