//! # Origin equals
//!
//! **Statement.** *The sealed record `D`, a document of type `T`, names country `c` as origin.*
//!
//! ```text
//! ∃ k, w, m :  Digest(Seal(k, w, m)) = D  ∧  m[0] = T  ∧  m[ORIGIN] = c  ∧  1 ≤ c ≤ 999
//! ```
//!
//! **Public inputs**, in order: `D`, `context`, `T`, `c` ([`Public`], [`input`]). The country is an
//! ISO 3166-1 numeric code; reading the inputs back refuses a code that names no country, and the
//! circuit itself refuses 0 (an empty origin slot) and anything that is not a three-digit code, so even
//! raw public inputs that skip the typed reader cannot claim "the origin is empty"
//! ([`crate::gadgets::country`]).
//!
//! The other two forms of the origin question are [`super::origin_in_list`] (the origin is on an
//! allow-list, not saying which) and [`super::origin_match`] (two documents name the same origin, not
//! saying which).
use super::{
    alloc_inputs, bind_context, check_count, check_origin, check_type, fail, fe,
    fixed_shape_circuit, fixed_shape_public, read, ClaimCircuit, ClaimError, ClaimPublic,
    PredicateFailed,
};
use crate::codes::Country;
use crate::gadgets::country::enforce_country_code;
use crate::layout::{DocType, DOC_TYPE, ORIGIN};
use crate::record::{RecordOpening, RecordVar};
use ark_bn254::Fr;
use ark_ff::Zero;
use ark_r1cs_std::prelude::*;
use ark_relations::gr1cs::{ConstraintSynthesizer, ConstraintSystemRef, SynthesisError};

const NAME: &str = "origin_equals";

/// Positions of the public inputs.
pub mod input {
    /// Digest of the sealed record.
    pub const RECORD: usize = 0;
    /// Replay context.
    pub const CONTEXT: usize = 1;
    /// Document type code.
    pub const DOC_TYPE: usize = 2;
    /// ISO 3166-1 numeric code of the country.
    pub const COUNTRY: usize = 3;
    /// Number of public inputs.
    pub const COUNT: usize = 4;
}

/// The origin-equals claim: the origin of the `doc_type` record is `country`.
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
    /// The country of origin.
    pub country: Country,
}

impl ClaimPublic for Public {
    fixed_shape_public!(NAME);

    fn records(&self) -> Vec<Fr> {
        vec![self.record]
    }

    fn to_inputs(&self, context: Fr) -> Vec<Fr> {
        let mut v = vec![Fr::zero(); input::COUNT];
        v[input::RECORD] = self.record;
        v[input::CONTEXT] = context;
        v[input::DOC_TYPE] = fe(self.doc_type.code());
        v[input::COUNTRY] = fe(self.country.numeric());
        v
    }

    fn from_inputs(_: (), x: &[Fr]) -> Result<(Self, Fr), ClaimError> {
        check_count::<Self>((), x)?;
        let p = Public {
            record: x[input::RECORD],
            doc_type: read::doc_type(x[input::DOC_TYPE])?,
            country: read::country(x[input::COUNTRY])?,
        };
        Ok((p, x[input::CONTEXT]))
    }
}

/// The origin-equals circuit.
#[derive(Clone, Debug)]
pub struct OriginEqualsCircuit {
    /// Public inputs, in the order of [`input`].
    pub inputs: Vec<Fr>,
    /// The record's opening.
    pub opening: RecordOpening,
}

impl OriginEqualsCircuit {
    /// Checks natively and builds the circuit.
    pub fn new(
        opening: RecordOpening,
        context: Fr,
        doc_type: DocType,
        country: Country,
    ) -> Result<Self, PredicateFailed> {
        check_type(NAME, &opening, doc_type, "the record")?;
        check_origin(NAME, &opening, "the record")?;
        if opening.slot(ORIGIN) != fe(country.numeric()) {
            return Err(fail(
                NAME,
                format!("the origin is not country {}", country.numeric()),
            ));
        }
        let public = Public {
            record: opening.digest(),
            doc_type,
            country,
        };
        Ok(Self {
            inputs: public.to_inputs(context),
            opening,
        })
    }

    /// Builds the circuit from the given public inputs and witness without any check.
    pub fn from_witness_unchecked(inputs: Vec<Fr>, opening: RecordOpening) -> Self {
        Self { inputs, opening }
    }

    /// A circuit of the right shape for key generation.
    pub fn blank() -> Self {
        Self::blank_of(())
    }
}

impl ClaimCircuit for OriginEqualsCircuit {
    fixed_shape_circuit!();

    fn blank_of(_: ()) -> Self {
        Self::from_witness_unchecked(vec![Fr::zero(); input::COUNT], RecordOpening::blank())
    }
}

impl ConstraintSynthesizer<Fr> for OriginEqualsCircuit {
    fn generate_constraints(self, cs: ConstraintSystemRef<Fr>) -> Result<(), SynthesisError> {
        let pi = alloc_inputs::<Public>(&cs, (), &self.inputs)?;
        bind_context(&pi[input::CONTEXT])?;
        let r = RecordVar::open(cs.clone(), &self.opening, &pi[input::RECORD])?;
        r.slot(DOC_TYPE).enforce_equal(&pi[input::DOC_TYPE])?;
        r.slot(ORIGIN).enforce_equal(&pi[input::COUNTRY])?;
        enforce_country_code(r.slot(ORIGIN))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::claims::testing::*;
    use ark_ff::Field;
    use proptest::prelude::*;

    #[test]
    fn constraint_count() {
        let n = constraints(OriginEqualsCircuit::blank());
        println!("origin_equals: {n} constraints");
        assert!(n < 4_000);
    }

    #[test]
    fn statement_round_trips_and_is_what_the_circuit_allocates() {
        let o = seal(&mut rng(3), declaration(1, 42, 404, 20_000, 10, 978, 7));
        let kenya = Country::from_numeric(404).unwrap();
        let c = OriginEqualsCircuit::new(
            o.clone(),
            Fr::from(5u64),
            DocType::CustomsDeclaration,
            kenya,
        )
        .unwrap();
        let public = Public {
            record: o.digest(),
            doc_type: DocType::CustomsDeclaration,
            country: kenya,
        };
        assert_statement(&c, &public, Fr::from(5u64));
        let mut x = c.inputs.clone();
        x[input::COUNTRY] = Fr::from(999u64); // no such country
        assert!(Public::from_inputs((), &x).is_err());
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(128))]

        #[test]
        fn origin_equals(origin in prop_oneof![Just(0u16), 1u16..1000, 1000u16..1100], claimed in prop_oneof![Just(0u16), 1u16..1000], same in any::<bool>(), seed in any::<u64>()) {
            let claimed = if same { origin } else { claimed };
            let o = seal(&mut rng(seed), declaration(1, 42, origin as u64, 20_000, 10, 978, 7));
            let public = vec![o.digest(), Fr::from(seed), Fr::from(1u64), Fr::from(claimed as u64)];
            // Raw inputs: "the origin is 0" (empty) or a four-digit number is never proven.
            let code = (1..1000).contains(&origin);
            prop_assert_eq!(satisfied(OriginEqualsCircuit::from_witness_unchecked(public.clone(), o.clone())), origin == claimed && code);
            if let Ok(country) = Country::from_numeric(claimed) {
                prop_assert_eq!(OriginEqualsCircuit::new(o.clone(), Fr::from(seed), DocType::CustomsDeclaration, country).is_ok(), origin == claimed);
            }
            // wrong document type, wrong key, wrong digest
            let mut p2 = public.clone(); p2[input::DOC_TYPE] = Fr::from(3u64); p2[input::COUNTRY] = Fr::from(origin as u64);
            prop_assert!(!satisfied(OriginEqualsCircuit::from_witness_unchecked(p2, o.clone())));
            let mut p3 = public; p3[input::COUNTRY] = Fr::from(origin as u64);
            let mut wrong_key = o.clone(); wrong_key.key += Fr::ONE;
            prop_assert!(!satisfied(OriginEqualsCircuit::from_witness_unchecked(p3.clone(), wrong_key)));
            p3[input::RECORD] += Fr::ONE;
            prop_assert!(!satisfied(OriginEqualsCircuit::from_witness_unchecked(p3, o)));
        }
    }
}
