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
//! **Public inputs**, in order: `D`, `context`, `T`, `s`, `min`, `max` ([`Public`], [`input`]).
//!
//! Soundness against wrap-around: `v` is decomposed into 64 bits, so a slot holding `p − 5` (which is
//! "−5") fails; the bounds are decomposed too, and both differences must fit in 64 bits, which a
//! negative difference (`p − δ`) cannot. `s` is forced to name one of the 14 slots by a one-hot selector.
//!
//! Cost: 2,008 constraints, 1,650 of which open the record; the rest select the slot and check the
//! five 64-bit ranges (`v`, `min`, `max` and the two differences).
use super::{
    alloc_inputs, bind_context, check_count, fail, fe, fixed_shape_circuit, fixed_shape_public,
    int, read, ClaimCircuit, ClaimError, ClaimPublic, PredicateFailed,
};
use crate::gadgets::bits::{enforce_leq, enforce_range};
use crate::gadgets::select::select;
use crate::layout::{DocType, DOC_TYPE, RECORD_SLOTS};
use crate::record::{RecordOpening, RecordVar};
use ark_bn254::Fr;
use ark_r1cs_std::prelude::*;
use ark_relations::gr1cs::{ConstraintSynthesizer, ConstraintSystemRef, SynthesisError};

const NAME: &str = "value_range";

/// Positions of the public inputs.
pub mod input {
    /// Digest of the sealed record.
    pub const RECORD: usize = 0;
    /// Replay context.
    pub const CONTEXT: usize = 1;
    /// Document type code.
    pub const DOC_TYPE: usize = 2;
    /// Slot index.
    pub const SLOT: usize = 3;
    /// Lower bound (inclusive).
    pub const MIN: usize = 4;
    /// Upper bound (inclusive).
    pub const MAX: usize = 5;
    /// Number of public inputs.
    pub const COUNT: usize = 6;
}

/// The value-range claim: slot `slot` of the `doc_type` record lies in `[min, max]`.
///
/// JSON (with the `serde` feature): `{"record": "…", "doc_type": "customs_declaration", "slot": 8,
/// "min": 0, "max": 100}`.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(deny_unknown_fields)
)]
pub struct Public {
    /// Digest of the sealed record.
    #[cfg_attr(feature = "serde", serde(with = "crate::encoding::serde::fr_string"))]
    pub record: Fr,
    /// Its document type.
    pub doc_type: DocType,
    /// The slot ([`crate::layout`]).
    pub slot: usize,
    /// Lower bound (inclusive).
    pub min: u64,
    /// Upper bound (inclusive).
    pub max: u64,
}

impl ClaimPublic for Public {
    fixed_shape_public!(NAME);

    fn validate(&self) -> Result<(), ClaimError> {
        if self.slot >= RECORD_SLOTS {
            return Err(ClaimError::Parameters(format!(
                "slot {} does not exist",
                self.slot
            )));
        }
        if self.min > self.max {
            return Err(ClaimError::Parameters(format!(
                "empty range [{}, {}]",
                self.min, self.max
            )));
        }
        Ok(())
    }

    fn records(&self) -> Vec<Fr> {
        vec![self.record]
    }

    fn to_inputs(&self, context: Fr) -> Vec<Fr> {
        let mut v = vec![Fr::from(0u64); input::COUNT];
        v[input::RECORD] = self.record;
        v[input::CONTEXT] = context;
        v[input::DOC_TYPE] = fe(self.doc_type.code());
        v[input::SLOT] = fe(self.slot as u64);
        v[input::MIN] = fe(self.min);
        v[input::MAX] = fe(self.max);
        v
    }

    fn from_inputs(_: (), x: &[Fr]) -> Result<(Self, Fr), ClaimError> {
        check_count::<Self>((), x)?;
        let p = Public {
            record: x[input::RECORD],
            doc_type: read::doc_type(x[input::DOC_TYPE])?,
            slot: read::slot(x[input::SLOT])?,
            min: read::u64(x[input::MIN], "minimum")?,
            max: read::u64(x[input::MAX], "maximum")?,
        };
        p.validate()?;
        Ok((p, x[input::CONTEXT]))
    }
}

/// The value-range circuit.
#[derive(Clone, Debug)]
pub struct ValueRangeCircuit {
    /// Public inputs, in the order of [`input`].
    pub inputs: Vec<Fr>,
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
        let public = Public {
            record: opening.digest(),
            doc_type,
            slot,
            min,
            max,
        };
        public.validate().map_err(|e| fail(NAME, e.to_string()))?;
        if opening.slot(DOC_TYPE) != fe(doc_type.code()) {
            return Err(fail(NAME, format!("the record is not a {doc_type:?}")));
        }
        match int(opening.slot(slot)) {
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
        Ok(Self {
            inputs: public.to_inputs(context),
            opening,
        })
    }

    /// Builds the circuit from exactly the given public inputs and witness, without any check.
    pub fn from_witness_unchecked(inputs: Vec<Fr>, opening: RecordOpening) -> Self {
        Self { inputs, opening }
    }

    /// A circuit of the right shape for key generation.
    pub fn blank() -> Self {
        Self::blank_of(())
    }
}

impl ClaimCircuit for ValueRangeCircuit {
    fixed_shape_circuit!();

    fn blank_of(_: ()) -> Self {
        Self::from_witness_unchecked(vec![Fr::from(0u64); input::COUNT], RecordOpening::blank())
    }
}

impl ConstraintSynthesizer<Fr> for ValueRangeCircuit {
    fn generate_constraints(self, cs: ConstraintSystemRef<Fr>) -> Result<(), SynthesisError> {
        let pi = alloc_inputs::<Public>(&cs, (), &self.inputs)?;
        let (min, max) = (&pi[input::MIN], &pi[input::MAX]);
        bind_context(&pi[input::CONTEXT])?;
        let record = RecordVar::open(cs.clone(), &self.opening, &pi[input::RECORD])?;
        record.slot(DOC_TYPE).enforce_equal(&pi[input::DOC_TYPE])?;
        let v = select(&record.slots, &pi[input::SLOT])?;
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
        let public = Public {
            record: o.digest(),
            doc_type: DocType::CustomsDeclaration,
            slot: AMOUNT,
            min: 0,
            max: 100,
        }
        .to_inputs(Fr::ONE);
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
        .inputs;
        assert!(satisfied(ValueRangeCircuit::from_witness_unchecked(
            public.clone(),
            o.clone()
        )));
        public[input::MIN] = -Fr::from(10u64);
        assert!(!satisfied(ValueRangeCircuit::from_witness_unchecked(
            public.clone(),
            o.clone()
        )));
        // max = 2^64 + 10: the difference fits but max itself does not.
        public[input::MIN] = Fr::from(0u64);
        public[input::MAX] = Fr::from(u64::MAX) + Fr::from(11u64);
        assert!(!satisfied(ValueRangeCircuit::from_witness_unchecked(
            public, o
        )));
    }

    #[test]
    fn statement_round_trips_and_is_what_the_circuit_allocates() {
        let o = fixture(50, 9);
        let c = ValueRangeCircuit::new(
            o.clone(),
            Fr::from(7u64),
            DocType::CustomsDeclaration,
            AMOUNT,
            10,
            100,
        )
        .unwrap();
        let public = Public {
            record: o.digest(),
            doc_type: DocType::CustomsDeclaration,
            slot: AMOUNT,
            min: 10,
            max: 100,
        };
        assert_statement(&c, &public, Fr::from(7u64));
        // Inputs that are not values of their types are refused on the way back.
        let mut x = c.inputs.clone();
        x[input::SLOT] = Fr::from(RECORD_SLOTS as u64);
        assert!(Public::from_inputs((), &x).is_err());
        let mut x = c.inputs.clone();
        x[input::MIN] = -Fr::from(1u64);
        assert!(Public::from_inputs((), &x).is_err());
        let mut x = c.inputs.clone();
        x[input::DOC_TYPE] = Fr::from(9u64);
        assert!(Public::from_inputs((), &x).is_err());
        assert!(Public::from_inputs((), &x[1..]).is_err());
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(128))]

        #[test]
        fn satisfied_iff_in_range(value in any::<u64>(), a in any::<u64>(), b in any::<u64>(), seed in any::<u64>()) {
            let (min, max) = (a.min(b), a.max(b));
            let o = fixture(value, seed);
            let public = Public {
                record: o.digest(), doc_type: DocType::CustomsDeclaration, slot: AMOUNT, min, max,
            }.to_inputs(Fr::from(seed));
            let inside = min <= value && value <= max;
            prop_assert_eq!(satisfied(ValueRangeCircuit::from_witness_unchecked(public, o.clone())), inside);
            prop_assert_eq!(ValueRangeCircuit::new(o, Fr::from(seed), DocType::CustomsDeclaration, AMOUNT, min, max).is_ok(), inside);
        }

        #[test]
        fn date_window(date in 0u64..40_000, nb in 0u64..40_000, len in 0u64..5_000, seed in any::<u64>()) {
            let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
            let o = seal(&mut rng, declaration(1, 42, 404, date, 10, 978, 7));
            let public = Public {
                record: o.digest(), doc_type: DocType::CustomsDeclaration, slot: DATE, min: nb, max: nb + len,
            }.to_inputs(Fr::ONE);
            prop_assert_eq!(satisfied(ValueRangeCircuit::from_witness_unchecked(public, o)), nb <= date && date <= nb + len);
        }

        #[test]
        fn forged_witnesses_are_unsatisfied(which in 0..6usize, delta in 1u64.., seed in any::<u64>()) {
            let o = fixture(50, seed);
            let good = ValueRangeCircuit::new(o.clone(), Fr::from(7u64), DocType::CustomsDeclaration, AMOUNT, 10, 100).unwrap();
            prop_assert!(satisfied(good.clone()));
            let d = Fr::from(delta);
            let mut public = good.inputs.clone();
            let mut opening = o.clone();
            match which {
                0 => opening.key += d,                 // wrong record key
                1 => opening.plaintext[AMOUNT] = Fr::from(60u64), // plaintext other than the sealed one
                2 => public[input::RECORD] += d,       // wrong digest
                3 => public[input::DOC_TYPE] += d,     // wrong document type
                4 => public[input::SLOT] = Fr::from(RECORD_SLOTS as u64 + delta % 1000), // slot that does not exist
                _ => opening.nonce_word += d,          // tampered nonce
            }
            prop_assert!(!satisfied(ValueRangeCircuit::from_witness_unchecked(public, opening)));
        }
    }
}
