//! The claim circuits. Each module opens with its statement in words and in math, and owns that
//! statement once:
//!
//! - `Public`: the claim's public side with typed, named fields, and the `input` constants naming each
//!   public input's position. [`ClaimPublic::to_inputs`] and [`ClaimPublic::from_inputs`] are the one
//!   definition of the input order, used by the circuit (which allocates exactly `to_inputs` and reads
//!   it through the `input` constants), by the root crate's statements and by every wire format.
//! - the circuit, with three constructors: `new(…)` checks every predicate natively first and says in
//!   words which one fails, so an honest prover never builds an unsatisfiable circuit by accident;
//!   `from_witness_unchecked(inputs, …)` takes public inputs and witness exactly as given, *without any
//!   check*, so tests and auditors can try forged witnesses against the constraints themselves;
//!   `blank(…)` builds a circuit of the right shape for key generation.
//!
//! # Adding a claim kind
//! Write one module here — its statement, `Public` (implementing [`ClaimPublic`]) and circuit
//! (implementing [`ClaimCircuit`]) — and add one line to the registry in the root crate's `claim`
//! module. The registry generates the kind, the public claim, the witness, names, input counts, blank
//! circuits and binary tags from that line.
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
use crate::codes::{CodeError, Country, Currency, Date, PartyId};
use crate::encoding::as_u64;
use crate::layout::{DocType, RECORD_SLOTS};
use ark_bn254::Fr;
use ark_r1cs_std::fields::fp::FpVar;
use ark_r1cs_std::prelude::*;
use ark_relations::gr1cs::{ConstraintSynthesizer, ConstraintSystemRef, SynthesisError};
use std::fmt::Debug;
use std::hash::Hash;

pub mod aggregate_value;
pub mod certificate;
pub mod customs_clearance;
pub mod escrow;
pub mod origin_equals;
pub mod origin_in_list;
pub mod origin_match;
pub mod selective_disclosure;
pub mod sensor_range;
pub mod value_range;

pub use aggregate_value::AggregateValueCircuit;
pub use certificate::{CertificateValidityCircuit, IssuerWitness};
pub use customs_clearance::CustomsClearanceCircuit;
pub use escrow::EscrowCircuit;
pub use origin_equals::OriginEqualsCircuit;
pub use origin_in_list::OriginInListCircuit;
pub use origin_match::OriginMatchCircuit;
pub use selective_disclosure::SelectiveDisclosureCircuit;
pub use sensor_range::SensorRangeCircuit;
pub use value_range::ValueRangeCircuit;

/// A predicate of a claim that the given witness does not satisfy, in words.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{claim} claim not satisfied: {reason}")]
pub struct PredicateFailed {
    /// The claim kind (e.g. `"value_range"`).
    pub claim: &'static str,
    /// What is wrong (e.g. `"slot 8 holds 150, above the maximum 100"`).
    pub reason: String,
}

/// Public inputs or parameters that do not make a claim.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ClaimError {
    /// The circuit takes another number of public inputs.
    #[error("{expected} public inputs expected, {found} given")]
    InputCount {
        /// What the circuit takes.
        expected: usize,
        /// What was given.
        found: usize,
    },
    /// A public input that is not a value of its type (a document type code that does not exist, a
    /// value above 2^64, …).
    #[error("{what}: {reason}")]
    Input {
        /// Which input.
        what: &'static str,
        /// What is wrong with it.
        reason: String,
    },
    /// A public input that is not a valid code (country, currency, date, party).
    #[error(transparent)]
    Code(#[from] CodeError),
    /// Parameters that make no claim: an empty range, a slot that does not exist, a capacity out of
    /// bounds.
    #[error("{0}")]
    Parameters(String),
}

/// The public side of a claim: its parameters, typed and named, and the one definition of the order of
/// its public inputs.
pub trait ClaimPublic: Clone + Debug + PartialEq + Eq + Send + Sync + 'static {
    /// Stable name of the claim kind, e.g. `"value_range"`.
    const NAME: &'static str;
    /// Position of the context among the public inputs.
    const CONTEXT: usize;
    /// What fixes the circuit's shape besides the kind: `()` for fixed-shape claims, the capacity for
    /// the aggregate claim.
    type Shape: Copy + Debug + PartialEq + Eq + Hash + Send + Sync + 'static;

    /// Number of public inputs of the circuit of shape `shape`.
    fn num_inputs(shape: Self::Shape) -> usize;
    /// Checks a shape read from untrusted input (every shape of a fixed-shape claim is fine).
    fn check_shape(shape: Self::Shape) -> Result<(), ClaimError> {
        let _ = shape;
        Ok(())
    }
    /// The shape of the circuit this claim is proven with.
    fn shape(&self) -> Self::Shape;
    /// Checks the parameters (a slot that exists, a range that is not empty, …); claims whose every
    /// typed value is a valid parameter keep this default.
    fn validate(&self) -> Result<(), ClaimError> {
        Ok(())
    }
    /// The digests of the sealed records the claim is about, in order.
    fn records(&self) -> Vec<Fr>;
    /// The public inputs under `context`, in circuit order.
    fn to_inputs(&self, context: Fr) -> Vec<Fr>;
    /// Reads a claim and its context back from public inputs: every input must be a value of its type
    /// and the parameters must pass [`ClaimPublic::validate`].
    fn from_inputs(shape: Self::Shape, inputs: &[Fr]) -> Result<(Self, Fr), ClaimError>;
}

/// Common interface of the claim circuits.
pub trait ClaimCircuit: ConstraintSynthesizer<Fr> + Clone + Send + Sync {
    /// The claim's public side.
    type Public: ClaimPublic;
    /// Stable name of the claim kind, e.g. `"value_range"`.
    const NAME: &'static str = <Self::Public as ClaimPublic>::NAME;

    /// A circuit of shape `shape` for key generation (witness all zero).
    fn blank_of(shape: <Self::Public as ClaimPublic>::Shape) -> Self;
    /// The shape of this circuit.
    fn shape(&self) -> <Self::Public as ClaimPublic>::Shape;
    /// The public inputs, in the circuit's order, exactly as the circuit allocates them.
    fn public_inputs(&self) -> &[Fr];

    /// The public claim and its context, read back from the public inputs.
    fn public(&self) -> Result<(Self::Public, Fr), ClaimError> {
        Self::Public::from_inputs(self.shape(), self.public_inputs())
    }
    /// The context the proof is bound to.
    fn context(&self) -> Fr {
        self.public_inputs()
            .get(<Self::Public as ClaimPublic>::CONTEXT)
            .copied()
            .unwrap_or_default()
    }
}

/// The items of [`ClaimPublic`] that every fixed-shape claim writes alike: its name, the position of
/// its context, no shape, and `input::COUNT` inputs.
macro_rules! fixed_shape_public {
    ($name:expr) => {
        const NAME: &'static str = $name;
        const CONTEXT: usize = input::CONTEXT;
        type Shape = ();

        fn num_inputs(_: ()) -> usize {
            input::COUNT
        }

        fn shape(&self) {}
    };
}

/// The items of [`ClaimCircuit`] that every fixed-shape circuit writes alike: no shape, and the public
/// inputs it holds in its `inputs` field.
macro_rules! fixed_shape_circuit {
    () => {
        type Public = Public;

        fn shape(&self) {}

        fn public_inputs(&self) -> &[Fr] {
            &self.inputs
        }
    };
}

pub(crate) use {fixed_shape_circuit, fixed_shape_public};

pub(crate) fn fail(claim: &'static str, reason: impl Into<String>) -> PredicateFailed {
    PredicateFailed {
        claim,
        reason: reason.into(),
    }
}

/// Makes the context appear in a constraint (`ctx·ctx = ctx²`, one constraint), independently of how the
/// R1CS-to-QAP reduction treats public inputs.
///
/// # Why a square is enough
/// The constraint restricts nothing: every context (and `−ctx` as well as `ctx`) satisfies it. It is not
/// meant to. A context is a *replay domain*, not a fact about the records, and any honest owner may prove
/// the same claim under any context. What must hold is that a proof made for `ctx` cannot be used for
/// another context `ctx'` by someone without the witness. That is Groth16's binding of public inputs:
/// the verifier computes `L = IC₀ + Σ xᵢ·ICᵢ` with `ICᵢ = (β·uᵢ(τ) + α·vᵢ(τ) + wᵢ(τ))/γ`, and checks
/// `e(A, B) = e(α, β)·e(L, γ)·e(C, δ)`. Replacing `ctx` by `ctx'` moves `L` by `(ctx' − ctx)·IC_ctx`,
/// which is a nonzero point as soon as the context variable occurs in some constraint (the square puts
/// it in both `u` and `v`) and `ctx' ≠ ctx` (for `−ctx`: whenever `ctx ≠ 0`). Producing a proof for the
/// moved `L` from one for `L` is exactly what the knowledge soundness and
/// weak simulation-extractability of Groth16 (Groth 2016; Baghery et al. 2020: proofs can only be
/// re-randomized, not re-targeted to another statement) rule out. An input that occurs in *no*
/// constraint has `IC = 0` under some QAP reductions, which is why the square is there.
///
/// Binding the context "linearly" (a constraint `ctx·1 = c'`) would give the same guarantee through the
/// same argument and change nothing about what is satisfiable, so the square stays: one constraint, and
/// no change to existing keys. The root crate's verifier tests show a proof for `ctx` refused for `−ctx`
/// and `ctx + 1`, singly, in a batch and by plain ark-groth16.
pub fn bind_context(context: &FpVar<Fr>) -> Result<(), SynthesisError> {
    context.square().map(|_| ())
}

/// Allocates the public inputs of a circuit of shape `shape` in order; a list of another length is
/// refused (a circuit built unchecked with a wrong count has no assignment).
pub(crate) fn alloc_inputs<P: ClaimPublic>(
    cs: &ConstraintSystemRef<Fr>,
    shape: P::Shape,
    values: &[Fr],
) -> Result<Vec<FpVar<Fr>>, SynthesisError> {
    if values.len() != P::num_inputs(shape) {
        return Err(SynthesisError::Unsatisfiable);
    }
    values
        .iter()
        .map(|v| FpVar::new_input(cs.clone(), || Ok(*v)))
        .collect()
}

/// Native helper: the integer in a field element if below 2^64, for predicate messages.
pub(crate) fn int(x: Fr) -> Option<u64> {
    as_u64(x)
}

/// Checks that `inputs` has the length a circuit of shape `shape` takes.
pub(crate) fn check_count<P: ClaimPublic>(
    shape: P::Shape,
    inputs: &[Fr],
) -> Result<(), ClaimError> {
    let expected = P::num_inputs(shape);
    if inputs.len() != expected {
        return Err(ClaimError::InputCount {
            expected,
            found: inputs.len(),
        });
    }
    Ok(())
}

/// Typed readers of public inputs, each refusing a field element that is not a value of its type.
pub(crate) mod read {
    use super::*;

    fn invalid(what: &'static str, reason: impl Into<String>) -> ClaimError {
        ClaimError::Input {
            what,
            reason: reason.into(),
        }
    }

    pub fn u64(x: Fr, what: &'static str) -> Result<u64, ClaimError> {
        as_u64(x).ok_or_else(|| invalid(what, "not a 64-bit integer"))
    }

    pub fn u16(x: Fr, what: &'static str) -> Result<u16, ClaimError> {
        u16::try_from(self::u64(x, what)?).map_err(|_| invalid(what, "too large"))
    }

    pub fn doc_type(x: Fr) -> Result<DocType, ClaimError> {
        let code = self::u64(x, "document type")?;
        DocType::from_code(code)
            .ok_or_else(|| invalid("document type", format!("unknown code {code}")))
    }

    pub fn slot(x: Fr) -> Result<usize, ClaimError> {
        let s = self::u64(x, "slot")?;
        usize::try_from(s)
            .ok()
            .filter(|s| *s < RECORD_SLOTS)
            .ok_or_else(|| ClaimError::Parameters(format!("slot {s} does not exist")))
    }

    pub fn date(x: Fr, what: &'static str) -> Result<Date, ClaimError> {
        let d = self::u64(x, what)?;
        let d = u32::try_from(d).map_err(|_| CodeError::ImpossibleDate(format!("day {d}")))?;
        Ok(Date::from_days(d)?)
    }

    pub fn country(x: Fr) -> Result<Country, ClaimError> {
        Ok(Country::from_numeric(self::u16(x, "country")?)?)
    }

    pub fn currency(x: Fr) -> Result<Currency, ClaimError> {
        Ok(Currency::from_numeric(self::u16(x, "currency")?)?)
    }

    pub fn party(x: Fr, what: &'static str) -> Result<PartyId, ClaimError> {
        Ok(PartyId::new(self::u64(x, what)?)?)
    }
}

/// Checks natively that `opening` is a document of type `t` (`which` names it in the message).
pub(crate) fn check_type(
    claim: &'static str,
    opening: &crate::record::RecordOpening,
    t: DocType,
    which: &str,
) -> Result<(), PredicateFailed> {
    if opening.slot(crate::layout::DOC_TYPE) != Fr::from(t.code()) {
        return Err(fail(claim, format!("{which} is not a {t:?}")));
    }
    Ok(())
}

/// Native check of a record's origin slot, shared by every origin claim: the slot must hold an assigned
/// ISO 3166-1 country code — not 0 (no origin), not a number that names no country. The circuits
/// enforce the shape of a code ([`crate::gadgets::country`]); this is stricter.
pub(crate) fn check_origin(
    claim: &'static str,
    opening: &crate::record::RecordOpening,
    which: &str,
) -> Result<Country, PredicateFailed> {
    let origin = opening.slot(crate::layout::ORIGIN);
    as_u64(origin)
        .filter(|_| crate::gadgets::country::is_country_code(origin))
        .and_then(|c| Country::from_numeric(c as u16).ok())
        .ok_or_else(|| fail(claim, format!("{which} names no country of origin")))
}

/// Checks the entries of a key registry (issuers, devices) before they are put in a Merkle tree:
/// identifier 0 is reserved (revocation keys of 0 would sit below every entry of an indexed tree), no
/// identifier repeats, every key is a point of the prime-order subgroup other than the identity.
/// `what` names the entries in messages ("issuer", "device").
pub(crate) fn check_registry_entries<'a>(
    what: &str,
    entries: impl Iterator<Item = (u64, &'a crate::gadgets::babyjubjub::Point)> + Clone,
) -> Result<(), ClaimError> {
    let bad = |reason: String| Err(ClaimError::Parameters(reason));
    if entries.clone().any(|(i, _)| i == 0) {
        return bad(format!("{what} identifier 0 is reserved"));
    }
    let mut ids: Vec<u64> = entries.clone().map(|(i, _)| i).collect();
    ids.sort_unstable();
    if let Some(w) = ids.windows(2).find(|w| w[0] == w[1]) {
        return bad(format!("{what} {} is registered twice", w[0]));
    }
    if let Some((i, _)) = entries.clone().find(|(_, k)| !k.is_valid_public_key()) {
        return bad(format!(
            "the key of {what} {i} is not a point of the prime-order subgroup"
        ));
    }
    Ok(())
}

/// The Merkle tree of a registry's leaves, or a message saying how many `what`s fit.
pub(crate) fn registry_tree(
    what: &str,
    depth: usize,
    leaves: Vec<Fr>,
) -> Result<crate::gadgets::merkle::MerkleTree, ClaimError> {
    let n = leaves.len();
    crate::gadgets::merkle::MerkleTree::new(depth, leaves).ok_or_else(|| {
        ClaimError::Parameters(format!(
            "{n} {what}s, at most {} fit the registry",
            1usize << depth
        ))
    })
}

/// The indexed Merkle tree of a revocation list of depth
/// [`REVOCATION_DEPTH`](crate::gadgets::indexed_merkle::REVOCATION_DEPTH), or a message saying how many
/// entries fit.
pub(crate) fn revocation_tree(
    keys: Vec<u128>,
) -> Result<crate::gadgets::indexed_merkle::IndexedMerkleTree, ClaimError> {
    use crate::gadgets::indexed_merkle::{IndexedMerkleTree, REVOCATION_DEPTH};
    let n = keys.len();
    IndexedMerkleTree::new(REVOCATION_DEPTH, keys).ok_or_else(|| {
        ClaimError::Parameters(format!(
            "{n} revocations, at most {} fit the list",
            (1usize << REVOCATION_DEPTH) - 1
        ))
    })
}

/// Field element of a small integer.
pub(crate) fn fe(v: impl Into<u64>) -> Fr {
    Fr::from(v.into())
}

#[cfg(test)]
pub(crate) mod testing {
    //! Fixtures shared by the claim tests: realistic records sealed under random keys.
    use crate::gadgets::cipher;
    use crate::layout::*;
    use crate::record::RecordOpening;
    use ark_bn254::Fr;
    use ark_relations::gr1cs::{ConstraintSynthesizer, ConstraintSystem, SynthesisError};
    use rand::Rng;

    /// The date `days` days after 1970-01-01.
    pub fn day(days: u64) -> crate::codes::Date {
        crate::codes::Date::from_days(days as u32).unwrap()
    }

    /// A seeded test RNG.
    pub fn rng(seed: u64) -> rand_chacha::ChaCha8Rng {
        rand::SeedableRng::seed_from_u64(seed)
    }

    /// Whether the circuit's constraints hold for its witness. A witness that has no assignment at all
    /// (synthesis refuses it as `Unsatisfiable`, e.g. an EdDSA response of 2^251 or more) counts as not
    /// satisfied; any other synthesis error is a bug in the test.
    pub fn satisfied<C: ConstraintSynthesizer<Fr>>(circuit: C) -> bool {
        let cs = ConstraintSystem::<Fr>::new_ref();
        match circuit.generate_constraints(cs.clone()) {
            Ok(()) => cs.is_satisfied().unwrap(),
            Err(SynthesisError::Unsatisfiable) => false,
            Err(e) => panic!("synthesis failed: {e}"),
        }
    }

    /// Checks a claim's one definition of its inputs: `public` round-trips through its inputs, the
    /// circuit allocates exactly `public.to_inputs(context)`, and reads back `public` and `context`.
    pub fn assert_statement<C: super::ClaimCircuit>(circuit: &C, public: &C::Public, context: Fr) {
        use super::ClaimPublic;
        let inputs = public.to_inputs(context);
        assert_eq!(inputs.len(), C::Public::num_inputs(public.shape()));
        assert_eq!(inputs[C::Public::CONTEXT], context);
        assert_eq!(
            C::Public::from_inputs(public.shape(), &inputs).unwrap(),
            (public.clone(), context)
        );
        assert_eq!(circuit.public_inputs(), &inputs[..]);
        assert_eq!(circuit.public().unwrap(), (public.clone(), context));
        assert_eq!(circuit.context(), context);
        assert_eq!(circuit.shape(), public.shape());
        assert_eq!(public.validate(), Ok(()));
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

    /// A customs declaration's plaintext, relying on certificate `cert_serial` of issuer 5 (the test
    /// world's first issuer).
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
        p[CERTIFICATE_REF] = Fr::from(certificate_ref(5, cert_serial));
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
