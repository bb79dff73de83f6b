//! # Value range
//!
//! **Statement.** *The sealed record with digest `D` is a document of type `T` whose slot `s` holds an
//! integer `v` with `min ≤ v ≤ max`.* With `s` a date slot this is a **date window**
//! (`not_before ≤ date ≤ not_after`).
//!
//! ```text
//! ∃ k, w, m :  Digest(Seal(k, w, m)) = D  ∧  m[0] = T  ∧  v = m[s]
//!              ∧  v, min, max ∈ [0, 2^64)  ∧  v − min ∈ [0, 2^64)  ∧  max − v ∈ [0, 2^64)
//! ```
//!
//! **Public inputs**, in order: `D`, `context`, `T`, `s`, `min`, `max`.
//!
//! Soundness against wrap-around: `v` is decomposed into 64 bits, so a slot holding `p − 5` (which is
//! "−5") fails; the bounds are decomposed too, and both differences must fit in 64 bits, which a
//! negative difference (`p − δ`) cannot. `s` is forced to name one of the 14 slots by a one-hot selector.
//!
//! Cost: 1,650 (record) + 30 (selector) + 4·65 (ranges and differences) + a few equalities ≈ 1,950
//! constraints.
use super::{bind_context, fail, inputs, int, ClaimCircuit, PredicateFailed};
use crate::gadgets::bits::{enforce_leq, enforce_range};
use crate::gadgets::select::select;
use crate::layout::{DocType, DOC_TYPE, RECORD_SLOTS};
use crate::record::{RecordOpening, RecordVar};
use ark_bn254::Fr;
use ark_r1cs_std::prelude::*;
use ark_relations::gr1cs::{ConstraintSynthesizer, ConstraintSystemRef, SynthesisError};

const NAME: &str = "value_range";

/// Public inputs of the value-range claim.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ValueRangePublic {
    /// Digest of the sealed record.
    pub digest: Fr,
    /// Replay context.
    pub context: Fr,
    /// Document type code.
    pub doc_type: Fr,
    /// Slot index.
    pub slot: Fr,
    /// Lower bound (inclusive).
    pub min: Fr,
    /// Upper bound (inclusive).
    pub max: Fr,
}

/// The value-range circuit.
#[derive(Clone, Debug)]
pub struct ValueRangeCircuit {
    /// Public inputs.
    pub public: ValueRangePublic,
    /// The record's opening.
    pub opening: RecordOpening,
}

impl ValueRangeCircuit {
    /// Checks the claim natively and builds the circuit, or says which predicate fails.
    pub fn new(
        opening: RecordOpening,
        context: Fr,
        doc_type: DocType,
        slot: usize,
        min: u64,
        max: u64,
    ) -> Result<Self, PredicateFailed> {
        if slot >= RECORD_SLOTS {
            return Err(fail(
                NAME,
                format!("slot {slot} does not exist (records have {RECORD_SLOTS})"),
            ));
        }
        if min > max {
            return Err(fail(
                NAME,
                format!("empty range: minimum {min} above maximum {max}"),
            ));
        }
        if opening.slot(DOC_TYPE) != Fr::from(doc_type.code()) {
            return Err(fail(NAME, format!("the record is not a {doc_type:?}")));
        }
        let v = opening.slot(slot);
        match int(v) {
            None => {
                return Err(fail(
                    NAME,
                    format!("slot {slot} does not hold an integer below 2^64"),
                ))
            }
            Some(v) if v < min => {
                return Err(fail(
                    NAME,
                    format!("slot {slot} holds {v}, below the minimum {min}"),
                ))
            }
            Some(v) if v > max => {
                return Err(fail(
                    NAME,
                    format!("slot {slot} holds {v}, above the maximum {max}"),
                ))
            }
            Some(_) => {}
        }
        let public = ValueRangePublic {
            digest: opening.digest(),
            context,
            doc_type: Fr::from(doc_type.code()),
            slot: Fr::from(slot as u64),
            min: Fr::from(min),
            max: Fr::from(max),
        };
        Ok(Self { public, opening })
    }

    /// Builds the circuit from exactly the given public inputs and witness, without any check.
    pub fn from_witness_unchecked(public: ValueRangePublic, opening: RecordOpening) -> Self {
        Self { public, opening }
    }

    /// A circuit of the right shape for key generation.
    pub fn blank() -> Self {
        Self {
            public: ValueRangePublic {
                digest: Fr::from(0u64),
                context: Fr::from(0u64),
                doc_type: Fr::from(0u64),
                slot: Fr::from(0u64),
                min: Fr::from(0u64),
                max: Fr::from(0u64),
            },
            opening: RecordOpening::blank(),
        }
    }
}

impl ClaimCircuit for ValueRangeCircuit {
    const NAME: &'static str = NAME;

    fn public_inputs(&self) -> Vec<Fr> {
        let p = &self.public;
        vec![p.digest, p.context, p.doc_type, p.slot, p.min, p.max]
    }
}

impl ConstraintSynthesizer<Fr> for ValueRangeCircuit {
    fn generate_constraints(self, cs: ConstraintSystemRef<Fr>) -> Result<(), SynthesisError> {
        let pi = inputs(&cs, &self.public_inputs())?;
        let (digest, context, doc_type, slot, min, max) =
            (&pi[0], &pi[1], &pi[2], &pi[3], &pi[4], &pi[5]);
        bind_context(context)?;
        let record = RecordVar::open(cs.clone(), &self.opening, digest)?;
        record.slot(DOC_TYPE).enforce_equal(doc_type)?;
        let v = select(&record.slots, slot)?;
        enforce_range(&v, 64)?;
        enforce_range(min, 64)?;
        enforce_range(max, 64)?;
        enforce_leq(min, &v, 64)?;
        enforce_leq(&v, max, 64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::claims::testing::*;
    use crate::layout::{AMOUNT, DATE};
    use ark_ff::Field;
    use proptest::prelude::*;
    use rand::SeedableRng;

    fn fixture(value: u64, seed: u64) -> RecordOpening {
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
        seal(&mut rng, declaration(1, 42, 404, 20_000, value, 978, 7))
    }

    #[test]
    fn constraint_count_within_target() {
        let n = constraints(ValueRangeCircuit::blank());
        println!("value_range: {n} constraints");
        assert!(n <= 3_000);
    }

    #[test]
    fn prover_side_checks_name_the_failing_predicate() {
        let o = fixture(150, 1);
        let e = ValueRangeCircuit::new(
            o.clone(),
            Fr::ONE,
            DocType::CustomsDeclaration,
            AMOUNT,
            0,
            100,
        )
        .unwrap_err();
        assert!(e.reason.contains("above the maximum 100"), "{e}");
        let e = ValueRangeCircuit::new(
            o.clone(),
            Fr::ONE,
            DocType::CommercialInvoice,
            AMOUNT,
            0,
            200,
        )
        .unwrap_err();
        assert!(e.reason.contains("not a CommercialInvoice"), "{e}");
        assert!(
            ValueRangeCircuit::new(o, Fr::ONE, DocType::CustomsDeclaration, AMOUNT, 150, 150)
                .is_ok()
        );
    }

    #[test]
    fn wrap_around_values_and_bounds_are_rejected() {
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(3);
        // The slot holds p − 5: "−5", which a careless check would find below any max.
        let mut p = declaration(1, 42, 404, 20_000, 0, 978, 7);
        p[AMOUNT] = -Fr::from(5u64);
        let o = seal(&mut rng, p);
        let public = ValueRangePublic {
            digest: o.digest(),
            context: Fr::ONE,
            doc_type: Fr::from(1u64),
            slot: Fr::from(AMOUNT as u64),
            min: Fr::from(0u64),
            max: Fr::from(100u64),
        };
        assert!(!satisfied(ValueRangeCircuit::from_witness_unchecked(
            public, o
        )));
        // Bounds that wrap: min = p − 10 ("−10"), max = 100, value 50.
        let o = fixture(50, 4);
        let mut public = ValueRangeCircuit::new(
            o.clone(),
            Fr::ONE,
            DocType::CustomsDeclaration,
            AMOUNT,
            0,
            100,
        )
        .unwrap()
        .public;
        assert!(satisfied(ValueRangeCircuit::from_witness_unchecked(
            public,
            o.clone()
        )));
        public.min = -Fr::from(10u64);
        assert!(!satisfied(ValueRangeCircuit::from_witness_unchecked(
            public,
            o.clone()
        )));
        // max = 2^64 + 10: the difference fits but max itself does not.
        public.min = Fr::from(0u64);
        public.max = Fr::from(u64::MAX) + Fr::from(11u64);
        assert!(!satisfied(ValueRangeCircuit::from_witness_unchecked(
            public, o
        )));
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(128))]

        #[test]
        fn satisfied_iff_in_range(value in any::<u64>(), a in any::<u64>(), b in any::<u64>(), seed in any::<u64>()) {
            let (min, max) = (a.min(b), a.max(b));
            let o = fixture(value, seed);
            let public = ValueRangePublic {
                digest: o.digest(), context: Fr::from(seed), doc_type: Fr::from(1u64), slot: Fr::from(AMOUNT as u64),
                min: Fr::from(min), max: Fr::from(max),
            };
            let inside = min <= value && value <= max;
            prop_assert_eq!(satisfied(ValueRangeCircuit::from_witness_unchecked(public, o.clone())), inside);
            prop_assert_eq!(ValueRangeCircuit::new(o, Fr::from(seed), DocType::CustomsDeclaration, AMOUNT, min, max).is_ok(), inside);
        }

        #[test]
        fn date_window(date in 0u64..40_000, nb in 0u64..40_000, len in 0u64..5_000, seed in any::<u64>()) {
            let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
            let o = seal(&mut rng, declaration(1, 42, 404, date, 10, 978, 7));
            let public = ValueRangePublic {
                digest: o.digest(), context: Fr::ONE, doc_type: Fr::from(1u64), slot: Fr::from(DATE as u64),
                min: Fr::from(nb), max: Fr::from(nb + len),
            };
            prop_assert_eq!(satisfied(ValueRangeCircuit::from_witness_unchecked(public, o)), nb <= date && date <= nb + len);
        }

        #[test]
        fn forged_witnesses_are_unsatisfied(which in 0..6usize, delta in 1u64.., seed in any::<u64>()) {
            let o = fixture(50, seed);
            let good = ValueRangeCircuit::new(o.clone(), Fr::from(7u64), DocType::CustomsDeclaration, AMOUNT, 10, 100).unwrap();
            prop_assert!(satisfied(good.clone()));
            let d = Fr::from(delta);
            let mut public = good.public;
            let mut opening = o.clone();
            match which {
                0 => opening.key += d,                 // wrong record key
                1 => opening.plaintext[AMOUNT] = Fr::from(60u64), // plaintext other than the sealed one
                2 => public.digest += d,               // wrong digest
                3 => public.doc_type += d,             // wrong document type
                4 => public.slot = Fr::from(RECORD_SLOTS as u64 + delta % 1000), // slot that does not exist
                _ => opening.nonce_word += d,          // tampered nonce
            }
            prop_assert!(!satisfied(ValueRangeCircuit::from_witness_unchecked(public, opening)));
        }
    }
}
