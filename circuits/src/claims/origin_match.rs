//! # Cross-document origin match
//!
//! **Statement.** *The customs declaration `D_A` and the certificate of origin `D_B` name the same
//! country of origin*; the country is never revealed, and the two records may be sealed under
//! different keys.
//!
//! ```text
//! ∃ (k_A, w_A, m_A), (k_B, w_B, m_B) :  Digest(Seal(k_A, w_A, m_A)) = D_A  ∧  Digest(Seal(k_B, w_B, m_B)) = D_B
//!                                       ∧  m_A[0] = 1  ∧  m_B[0] = 3  ∧  m_A[ORIGIN] = m_B[ORIGIN]
//!                                       ∧  1 ≤ m_A[ORIGIN] ≤ 999
//! ```
//!
//! The last line is what makes "the same origin" mean a country: two records sealed with an empty
//! origin slot (0) would otherwise match ([`crate::gadgets::country`]).
//!
//! **Public inputs**, in order: `D_A`, `D_B`, `context` ([`Public`], [`input`]).
use super::{
    alloc_inputs, bind_context, check_count, check_origin, check_type, fail, fixed_shape_circuit,
    fixed_shape_public, ClaimCircuit, ClaimError, ClaimPublic, PredicateFailed,
};
use crate::gadgets::country::enforce_country_code;
use crate::layout::{DocType, DOC_TYPE, ORIGIN};
use crate::record::{RecordOpening, RecordVar};
use ark_bn254::Fr;
use ark_ff::Zero;
use ark_r1cs_std::fields::fp::FpVar;
use ark_r1cs_std::prelude::*;
use ark_relations::gr1cs::{ConstraintSynthesizer, ConstraintSystemRef, SynthesisError};

const NAME: &str = "origin_match";

/// Positions of the public inputs.
pub mod input {
    /// Digest of the sealed customs declaration.
    pub const DECLARATION: usize = 0;
    /// Digest of the sealed certificate of origin.
    pub const CERTIFICATE: usize = 1;
    /// Replay context.
    pub const CONTEXT: usize = 2;
    /// Number of public inputs.
    pub const COUNT: usize = 3;
}

/// The origin-match claim: the declaration and the certificate name the same origin.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(deny_unknown_fields)
)]
pub struct Public {
    /// Digest of the sealed customs declaration.
    #[cfg_attr(feature = "serde", serde(with = "crate::encoding::serde::fr_string"))]
    pub declaration: Fr,
    /// Digest of the sealed certificate of origin.
    #[cfg_attr(feature = "serde", serde(with = "crate::encoding::serde::fr_string"))]
    pub certificate: Fr,
}

impl ClaimPublic for Public {
    fixed_shape_public!(NAME);

    fn records(&self) -> Vec<Fr> {
        vec![self.declaration, self.certificate]
    }

    fn to_inputs(&self, context: Fr) -> Vec<Fr> {
        let mut v = vec![Fr::zero(); input::COUNT];
        v[input::DECLARATION] = self.declaration;
        v[input::CERTIFICATE] = self.certificate;
        v[input::CONTEXT] = context;
        v
    }

    fn from_inputs(_: (), x: &[Fr]) -> Result<(Self, Fr), ClaimError> {
        check_count::<Self>((), x)?;
        let p = Public {
            declaration: x[input::DECLARATION],
            certificate: x[input::CERTIFICATE],
        };
        Ok((p, x[input::CONTEXT]))
    }
}

/// The origin-match circuit.
#[derive(Clone, Debug)]
pub struct OriginMatchCircuit {
    /// Public inputs, in the order of [`input`].
    pub inputs: Vec<Fr>,
    /// Opening of the customs declaration.
    pub declaration: RecordOpening,
    /// Opening of the certificate of origin.
    pub certificate: RecordOpening,
}

impl OriginMatchCircuit {
    /// Checks natively and builds the circuit.
    pub fn new(
        declaration: RecordOpening,
        certificate: RecordOpening,
        context: Fr,
    ) -> Result<Self, PredicateFailed> {
        check_type(NAME, &declaration, DocType::CustomsDeclaration, "record A")?;
        check_type(NAME, &certificate, DocType::CertificateOfOrigin, "record B")?;
        check_origin(NAME, &declaration, "the declaration")?;
        check_origin(NAME, &certificate, "the certificate")?;
        if declaration.slot(ORIGIN) != certificate.slot(ORIGIN) {
            return Err(fail(
                NAME,
                "the declaration's origin differs from the certificate's",
            ));
        }
        let public = Public {
            declaration: declaration.digest(),
            certificate: certificate.digest(),
        };
        Ok(Self {
            inputs: public.to_inputs(context),
            declaration,
            certificate,
        })
    }

    /// Builds the circuit from the given public inputs and witness without any check.
    pub fn from_witness_unchecked(
        inputs: Vec<Fr>,
        declaration: RecordOpening,
        certificate: RecordOpening,
    ) -> Self {
        Self {
            inputs,
            declaration,
            certificate,
        }
    }

    /// A circuit of the right shape for key generation.
    pub fn blank() -> Self {
        Self::blank_of(())
    }
}

impl ClaimCircuit for OriginMatchCircuit {
    fixed_shape_circuit!();

    fn blank_of(_: ()) -> Self {
        Self::from_witness_unchecked(
            vec![Fr::zero(); input::COUNT],
            RecordOpening::blank(),
            RecordOpening::blank(),
        )
    }
}

impl ConstraintSynthesizer<Fr> for OriginMatchCircuit {
    fn generate_constraints(self, cs: ConstraintSystemRef<Fr>) -> Result<(), SynthesisError> {
        let pi = alloc_inputs::<Public>(&cs, (), &self.inputs)?;
        bind_context(&pi[input::CONTEXT])?;
        let a = RecordVar::open(cs.clone(), &self.declaration, &pi[input::DECLARATION])?;
        let b = RecordVar::open(cs.clone(), &self.certificate, &pi[input::CERTIFICATE])?;
        a.slot(DOC_TYPE).enforce_equal(&FpVar::Constant(Fr::from(
            DocType::CustomsDeclaration.code(),
        )))?;
        b.slot(DOC_TYPE).enforce_equal(&FpVar::Constant(Fr::from(
            DocType::CertificateOfOrigin.code(),
        )))?;
        // The same origin, and a country at all (two empty slots are equal too).
        a.slot(ORIGIN).enforce_equal(b.slot(ORIGIN))?;
        enforce_country_code(a.slot(ORIGIN))
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
        let n = constraints(OriginMatchCircuit::blank());
        println!("origin_match: {n} constraints");
        assert!(n < 4_000);
    }

    #[test]
    fn statement_round_trips_and_is_what_the_circuit_allocates() {
        let mut r = rng(4);
        let dec = seal(&mut r, declaration(1, 42, 404, 20_000, 10, 978, 7));
        let coo = seal(&mut r, certificate(7, 42, 404, 19_000, 21_000, 5));
        let c = OriginMatchCircuit::new(dec.clone(), coo.clone(), Fr::from(8u64)).unwrap();
        let public = Public {
            declaration: dec.digest(),
            certificate: coo.digest(),
        };
        assert_statement(&c, &public, Fr::from(8u64));
    }

    #[test]
    fn empty_or_wrapped_origins_do_not_match() {
        let mut r = rng(5);
        for origin in [Fr::zero(), -Fr::from(404u64), Fr::from(1404u64)] {
            let mut d = declaration(1, 42, 0, 20_000, 10, 978, 7);
            d[ORIGIN] = origin;
            let mut c = certificate(7, 42, 0, 19_000, 21_000, 5);
            c[ORIGIN] = origin;
            let (dec, coo) = (seal(&mut r, d), seal(&mut r, c));
            let e = OriginMatchCircuit::new(dec.clone(), coo.clone(), Fr::ONE).unwrap_err();
            assert!(e.reason.contains("no country of origin"), "{e}");
            let public = vec![dec.digest(), coo.digest(), Fr::ONE];
            assert!(
                !satisfied(OriginMatchCircuit::from_witness_unchecked(public, dec, coo)),
                "origin {origin} matched"
            );
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(128))]

        #[test]
        fn origin_match(a in prop_oneof![Just(0u64), 1u64..1000, 1000u64..1100], b in prop_oneof![Just(0u64), 1u64..1000], same in any::<bool>(), seed in any::<u64>()) {
            let b = if same { a } else { b };
            let mut r = rng(seed);
            let dec = seal(&mut r, declaration(1, 42, a, 20_000, 10, 978, 7));
            let coo = seal(&mut r, certificate(7, 42, b, 19_000, 21_000, 5));
            let public = vec![dec.digest(), coo.digest(), Fr::from(seed)];
            let shape = (1..1000).contains(&a);
            prop_assert_eq!(satisfied(OriginMatchCircuit::from_witness_unchecked(public, dec.clone(), coo.clone())), a == b && shape);
            let assigned = crate::codes::Country::from_numeric(a as u16).is_ok() && shape;
            prop_assert_eq!(OriginMatchCircuit::new(dec.clone(), coo.clone(), Fr::ONE).is_ok(), a == b && assigned);
            // Swapping the two records (wrong document types) never satisfies.
            let swapped = vec![coo.digest(), dec.digest(), Fr::from(seed)];
            prop_assert!(!satisfied(OriginMatchCircuit::from_witness_unchecked(swapped, coo, dec)));
        }
    }
}
