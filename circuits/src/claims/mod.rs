//! The claim circuits. Each module opens with its statement in words and in math, lists its public
//! inputs in order, and offers three constructors:
//!
//! - `new(…)`: checks every predicate natively first and says in words which one fails, so an honest
//!   prover never builds an unsatisfiable circuit by accident;
//! - `from_witness_unchecked(…)`: takes public inputs and witness exactly as given, *without any check*,
//!   so tests and auditors can try forged witnesses against the constraints themselves;
//! - `blank(…)`: a circuit of the right shape for key generation.
//!
//! # Common to every claim
//! - **Public inputs** are the digests of the sealed records the claim speaks about, a **context**
//!   element, and the claim's parameters — nothing else.
//! - **Private witness**: the record openings (keys and plaintexts) and claim-specific data (signatures,
//!   Merkle paths). Every record is decrypted in-circuit and bound to its public digest
//!   ([`crate::record::RecordVar::open`]).
//! - **Context binding**: the context is a public input that appears in a constraint of every circuit
//!   ([`bind_context`]); Groth16 proofs are bound to all their public inputs, so a proof made under one
//!   context fails verification under any other. The replay model (what a verifier checks, and why proof
//!   bytes are not an identifier) is documented in the root crate's `statement` module.
use ark_bn254::Fr;
use ark_r1cs_std::fields::fp::FpVar;
use ark_r1cs_std::prelude::*;
use ark_relations::gr1cs::{ConstraintSynthesizer, SynthesisError};

pub mod aggregate_value;
pub mod certificate;
pub mod customs_clearance;
pub mod origin;
pub mod value_range;

pub use aggregate_value::AggregateValueCircuit;
pub use certificate::{CertificateValidityCircuit, IssuerWitness};
pub use customs_clearance::CustomsClearanceCircuit;
pub use origin::{OriginEqualsCircuit, OriginInListCircuit, OriginMatchCircuit};
pub use value_range::ValueRangeCircuit;

/// A predicate of a claim that the given witness does not satisfy, in words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PredicateFailed {
    /// The claim kind (e.g. `"value_range"`).
    pub claim: &'static str,
    /// What is wrong (e.g. `"slot 8 holds 150, above the maximum 100"`).
    pub reason: String,
}

impl std::fmt::Display for PredicateFailed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} claim not satisfied: {}", self.claim, self.reason)
    }
}

impl std::error::Error for PredicateFailed {}

/// Common interface of the claim circuits.
pub trait ClaimCircuit: ConstraintSynthesizer<Fr> + Clone + Send + Sync {
    /// Stable name of the claim kind, e.g. `"value_range"`.
    const NAME: &'static str;

    /// The public inputs, in the circuit's order.
    fn public_inputs(&self) -> Vec<Fr>;
}

pub(crate) fn fail(claim: &'static str, reason: impl Into<String>) -> PredicateFailed {
    PredicateFailed {
        claim,
        reason: reason.into(),
    }
}

/// Makes the context appear in a constraint (`ctx·ctx = ctx²`, one constraint), independently of how the
/// R1CS-to-QAP reduction treats public inputs.
pub fn bind_context(context: &FpVar<Fr>) -> Result<(), SynthesisError> {
    context.square().map(|_| ())
}

/// Allocates public inputs in order.
pub(crate) fn inputs(
    cs: &ark_relations::gr1cs::ConstraintSystemRef<Fr>,
    values: &[Fr],
) -> Result<Vec<FpVar<Fr>>, SynthesisError> {
    values
        .iter()
        .map(|v| FpVar::new_input(cs.clone(), || Ok(*v)))
        .collect()
}

/// Native helper: the integer in a field element if below 2^64, for predicate messages.
pub(crate) fn int(x: Fr) -> Option<u64> {
    crate::gadgets::bits::as_u64(x)
}

#[cfg(test)]
pub(crate) mod testing {
    //! Fixtures shared by the claim tests: realistic records sealed under random keys.
    use crate::gadgets::cipher;
    use crate::layout::*;
    use crate::record::RecordOpening;
    use ark_bn254::Fr;
    use ark_relations::gr1cs::{ConstraintSynthesizer, ConstraintSystem};
    use rand::Rng;

    /// Whether `circuit`'s constraints are satisfied by its witness.
    pub fn satisfied<C: ConstraintSynthesizer<Fr>>(circuit: C) -> bool {
        let cs = ConstraintSystem::<Fr>::new_ref();
        circuit.generate_constraints(cs.clone()).unwrap();
        cs.is_satisfied().unwrap()
    }

    /// Number of constraints of `circuit`.
    pub fn constraints<C: ConstraintSynthesizer<Fr>>(circuit: C) -> usize {
        let cs = ConstraintSystem::<Fr>::new_ref();
        circuit.generate_constraints(cs.clone()).unwrap();
        cs.finalize();
        cs.num_constraints()
    }

    /// Seals `plaintext` under a fresh random key and nonce.
    pub fn seal<R: Rng>(rng: &mut R, plaintext: [Fr; RECORD_SLOTS]) -> RecordOpening {
        let key = Fr::from(rng.gen::<u128>()) * Fr::from(rng.gen::<u128>());
        RecordOpening {
            key,
            nonce_word: cipher::nonce_word(rng.gen(), cipher::FORMAT_VERSION),
            plaintext,
        }
    }

    /// A customs declaration's plaintext.
    #[allow(clippy::too_many_arguments)]
    pub fn declaration(
        number: u64,
        exporter: u64,
        origin: u64,
        date: u64,
        value: u64,
        currency: u64,
        cert_serial: u64,
    ) -> [Fr; RECORD_SLOTS] {
        let mut p = [Fr::from(0u64); RECORD_SLOTS];
        p[DOC_TYPE] = Fr::from(DocType::CustomsDeclaration.code());
        p[DOC_NUMBER] = Fr::from(number);
        p[EXPORTER] = Fr::from(exporter);
        p[IMPORTER] = Fr::from(900_001u64);
        p[ORIGIN] = Fr::from(origin);
        p[DESTINATION] = Fr::from(276u64);
        p[HS_CODE] = Fr::from(60_000_080_810_u64);
        p[DATE] = Fr::from(date);
        p[AMOUNT] = Fr::from(value);
        p[CURRENCY] = Fr::from(currency);
        p[CERTIFICATE_SERIAL] = Fr::from(cert_serial);
        p[GROSS_MASS] = Fr::from(1_200_000u64);
        p[CUSTOMS_OFFICE] = Fr::from(4242u64);
        p[PROCEDURE] = Fr::from(1000u64);
        p
    }

    /// A certificate of origin's plaintext.
    pub fn certificate(
        serial: u64,
        exporter: u64,
        origin: u64,
        not_before: u64,
        not_after: u64,
        issuer: u64,
    ) -> [Fr; RECORD_SLOTS] {
        let mut p = [Fr::from(0u64); RECORD_SLOTS];
        p[DOC_TYPE] = Fr::from(DocType::CertificateOfOrigin.code());
        p[DOC_NUMBER] = Fr::from(serial);
        p[EXPORTER] = Fr::from(exporter);
        p[IMPORTER] = Fr::from(900_001u64);
        p[ORIGIN] = Fr::from(origin);
        p[DESTINATION] = Fr::from(276u64);
        p[HS_CODE] = Fr::from(60_000_080_810_u64);
        p[DATE] = Fr::from(not_before);
        p[AMOUNT] = Fr::from(0u64);
        p[CURRENCY] = Fr::from(978u64);
        p[NOT_BEFORE] = Fr::from(not_before);
        p[NOT_AFTER] = Fr::from(not_after);
        p[ISSUER] = Fr::from(issuer);
        p[INVOICE_REF] = Fr::from(77u64);
        p
    }

    /// A commercial invoice's plaintext.
    pub fn invoice(
        number: u64,
        exporter: u64,
        date: u64,
        value: u64,
        currency: u64,
    ) -> [Fr; RECORD_SLOTS] {
        let mut p = [Fr::from(0u64); RECORD_SLOTS];
        p[DOC_TYPE] = Fr::from(DocType::CommercialInvoice.code());
        p[DOC_NUMBER] = Fr::from(number);
        p[EXPORTER] = Fr::from(exporter);
        p[IMPORTER] = Fr::from(900_001u64);
        p[ORIGIN] = Fr::from(404u64);
        p[DESTINATION] = Fr::from(276u64);
        p[HS_CODE] = Fr::from(60_000_080_810_u64);
        p[DATE] = Fr::from(date);
        p[AMOUNT] = Fr::from(value);
        p[CURRENCY] = Fr::from(currency);
        p[INVOICE_DUE_DATE] = Fr::from(date + 60);
        p[QUANTITY] = Fr::from(100u64);
        p[INCOTERM] = Fr::from(3u64);
        p
    }
}
