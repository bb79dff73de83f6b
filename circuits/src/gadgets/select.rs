//! Selecting one slot of a record by a public index.
//!
//! `select(slots, s)` allocates a one-hot vector `e` (booleans with `Σ eᵢ = 1` and `Σ i·eᵢ = s`) and
//! returns `Σ eᵢ·slotᵢ`. The index is thereby forced to be one of `0 .. slots.len()`: any other value of
//! `s` leaves the constraints unsatisfied. Cost: `2·len + 2` constraints. Native twin: `slots[s]`.
use ark_bn254::Fr;
use ark_ff::{Field, Zero};
use ark_r1cs_std::fields::fp::FpVar;
use ark_r1cs_std::prelude::*;
use ark_relations::gr1cs::SynthesisError;

/// Returns `slots[index]`, enforcing that `index` is a valid position.
pub fn select(slots: &[FpVar<Fr>], index: &FpVar<Fr>) -> Result<FpVar<Fr>, SynthesisError> {
    let cs = index.cs().or(slots
        .iter()
        .fold(ark_relations::gr1cs::ConstraintSystemRef::None, |acc, s| {
            acc.or(s.cs())
        }));
    let idx = index.value().ok();
    let one_hot = (0..slots.len())
        .map(|i| {
            Boolean::new_witness(cs.clone(), || {
                idx.map(|v| v == Fr::from(i as u64))
                    .ok_or(SynthesisError::AssignmentMissing)
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    let as_fp: Vec<FpVar<Fr>> = one_hot.iter().map(|b| FpVar::from(b.clone())).collect();
    let ones = vec![Fr::ONE; slots.len()];
    crate::gadgets::poseidon::linear_combination(&ones, &as_fp, Fr::zero())
        .enforce_equal(&FpVar::Constant(Fr::ONE))?;
    let positions: Vec<Fr> = (0..slots.len()).map(|i| Fr::from(i as u64)).collect();
    crate::gadgets::poseidon::linear_combination(&positions, &as_fp, Fr::zero())
        .enforce_equal(index)?;
    let mut acc = FpVar::Constant(Fr::zero());
    for (e, s) in as_fp.iter().zip(slots) {
        acc += e * s;
    }
    Ok(acc)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_util::fr_strategy;
    use ark_relations::gr1cs::ConstraintSystem;
    use proptest::prelude::*;

    fn run(slots: &[Fr], index: Fr, forged_hot: Option<usize>) -> (bool, Option<Fr>) {
        let cs = ConstraintSystem::<Fr>::new_ref();
        let vars: Vec<_> = slots
            .iter()
            .map(|x| FpVar::new_witness(cs.clone(), || Ok(*x)).unwrap())
            .collect();
        let i = FpVar::new_input(cs.clone(), || Ok(index)).unwrap();
        let out = select(&vars, &i).unwrap();
        if let Some(h) = forged_hot {
            // An adversarial prover claims the slot `h` instead.
            out.enforce_equal(&FpVar::Constant(slots[h])).unwrap();
        }
        (cs.is_satisfied().unwrap(), out.value().ok())
    }

    proptest! {
        #[test]
        fn selects_like_indexing(slots in prop::collection::vec(fr_strategy(), 2..16), i in 0usize..16) {
            let i = i % slots.len();
            let (ok, v) = run(&slots, Fr::from(i as u64), None);
            prop_assert!(ok);
            prop_assert_eq!(v, Some(slots[i]));
        }

        #[test]
        fn out_of_range_index_is_unsatisfied(slots in prop::collection::vec(fr_strategy(), 2..16), extra in 0u64..1000) {
            let (ok, _) = run(&slots, Fr::from(slots.len() as u64 + extra), None);
            prop_assert!(!ok);
            let (ok, _) = run(&slots, -Fr::from(extra + 1), None);
            prop_assert!(!ok);
        }

        #[test]
        fn another_slot_cannot_be_claimed(slots in prop::collection::vec(fr_strategy(), 2..16), i in 0usize..16, j in 0usize..16) {
            let (i, j) = (i % slots.len(), j % slots.len());
            prop_assume!(slots[i] != slots[j]);
            let (ok, _) = run(&slots, Fr::from(i as u64), Some(j));
            prop_assert!(!ok);
        }
    }
}
