//! The one error type of tradeproof.
use crate::circuit::id::CircuitId;

/// Everything that can go wrong, with what was wrong and where.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    // ----- documents -----
    /// A value that is not valid for its type (country, currency, HS code, amount, date, party,
    /// identifier).
    #[error(transparent)]
    Code(#[from] tradeproof_circuits::codes::CodeError),
    /// A document whose fields are inconsistent (e.g. a validity window that ends before it starts).
    #[error("invalid document: {0}")]
    InvalidDocument(String),

    // ----- records -----
    /// Opening a sealed record failed: wrong key, or the nonce, ciphertext or tag was changed.
    #[error("the sealed record does not open under this key (wrong key or tampered record)")]
    Authentication,

    // ----- claims and proving -----
    /// The witness does not satisfy a predicate of the claim (said in words).
    #[error(transparent)]
    Predicate(#[from] tradeproof_circuits::claims::PredicateFailed),
    /// The witness does not satisfy the circuit's constraints (caught before proving).
    #[error(
        "{claim} witness does not satisfy the constraints (first failing constraint #{constraint})"
    )]
    Unsatisfied {
        /// The claim kind.
        claim: &'static str,
        /// Index of the first unsatisfied constraint.
        constraint: usize,
    },
    /// Constraint synthesis failed.
    #[error("constraint synthesis failed: {0}")]
    Synthesis(String),
    /// A witness or key was used with a circuit it was not made for.
    #[error("circuit mismatch: expected {expected}, found {found}")]
    CircuitMismatch {
        /// The circuit the key or statement belongs to.
        expected: CircuitId,
        /// The circuit of the object presented.
        found: CircuitId,
    },
    /// No key is known for this circuit.
    #[error("unknown circuit {0}")]
    UnknownCircuit(CircuitId),
    /// The batch was cancelled before this item was proven.
    #[error("cancelled before this item was proven")]
    Cancelled,

    // ----- verification -----
    /// The proof does not verify for the statement.
    #[error("the proof does not verify for this statement")]
    InvalidProof,
    /// Proofs could not be aggregated (nothing to aggregate, more than the SRS supports).
    #[error("cannot aggregate: {0}")]
    Aggregation(String),
    /// An aggregate proof does not verify for the statements given (which check failed).
    #[error("the aggregate proof does not verify: {0}")]
    InvalidAggregate(&'static str),
    /// The statement's context is not the one the verifier expects.
    #[error("the statement's context is not the expected one")]
    ContextMismatch,
    /// A statement with the wrong number of public inputs for its circuit.
    #[error("{found} public inputs given, the circuit has {expected}")]
    PublicInputCount {
        /// Inputs the circuit takes.
        expected: usize,
        /// Inputs given.
        found: usize,
    },
    /// The verifier refused the statement before any pairing for a reason with no variant of its own
    /// above (e.g. public inputs of another kind than its circuit's).
    #[error("rejected: {0}")]
    Rejected(Rejection),
    /// A claim parameter that cannot be expressed (e.g. an empty range).
    #[error("invalid claim: {0}")]
    InvalidClaim(String),

    // ----- ledger policy -----
    /// A receivables-financing step was refused (acknowledgments, the financed-once register).
    #[error("financing refused: {0}")]
    Financing(#[from] FinancingRefusal),
    /// A grant was not issued or did not open.
    #[error("grant refused: {0}")]
    Grant(#[from] GrantRefusal),

    // ----- bytes -----
    /// Untrusted bytes or JSON that do not decode.
    #[error("decoding failed: {0}")]
    Decode(#[from] DecodeError),
    /// An I/O error while saving or loading.
    #[error("i/o error: {0}")]
    Io(#[from] std::io::Error),
}

/// Why the verifier refused a statement and proof (a batch item, or [`Error::Rejected`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Rejection {
    /// The item's bytes did not decode.
    Malformed(String),
    /// No verifying key is known for the statement's circuit.
    UnknownCircuit(CircuitId),
    /// The proof was made for another circuit than the statement's.
    WrongCircuit {
        /// The statement's circuit.
        statement: CircuitId,
        /// The proof's circuit.
        proof: CircuitId,
    },
    /// A public input is not acceptable (wrong count or kind for the circuit).
    BadPublicInput(String),
    /// The context is not the expected one.
    ContextMismatch,
    /// The pairing check failed: the proof does not prove this statement.
    PairingCheckFailed,
}

impl std::fmt::Display for Rejection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Rejection::Malformed(e) => write!(f, "malformed: {e}"),
            Rejection::UnknownCircuit(c) => write!(f, "unknown circuit {c}"),
            Rejection::WrongCircuit { statement, proof } => {
                write!(f, "proof for circuit {proof}, statement for {statement}")
            }
            Rejection::BadPublicInput(e) => write!(f, "bad public input: {e}"),
            Rejection::ContextMismatch => f.write_str("unexpected context"),
            Rejection::PairingCheckFailed => f.write_str("failed pairing check"),
        }
    }
}

/// Why a grant (the `grant` module) was not issued or did not open.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum GrantRefusal {
    /// The recipient key is off the curve, outside the prime-order subgroup, or the identity.
    #[error("the recipient key is not a point of the prime-order subgroup")]
    InvalidRecipient,
    /// The owner's key does not open the record it would grant.
    #[error("the record key does not open the record")]
    KeyDoesNotOpen,
    /// The grant is addressed to another key.
    #[error("the grant is addressed to another key")]
    NotRecipient,
    /// The grant is for another record than the one given.
    #[error("the grant is for another record")]
    OtherRecord,
    /// The grant's tag does not verify: a field was changed (or it was moved to another record).
    #[error("the grant does not authenticate")]
    Unauthentic,
}

/// Why the ledger refused an acknowledgment or a financing ([`Error::Financing`]; the rules are in
/// the `financing` module).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum FinancingRefusal {
    /// The party is not in the ledger's party directory.
    #[error("party {0} is not registered")]
    UnknownParty(u64),
    /// A party listed twice in a directory.
    #[error("party {0} is listed twice")]
    PartyListedTwice(u64),
    /// A party key that is not a point of the prime-order subgroup, or is the identity.
    #[error("the key of party {0} is not a point of the prime-order subgroup")]
    BadPartyKey(u64),
    /// The signature is not the named importer's.
    #[error("the acknowledgment is not signed by importer {0}")]
    BadSignature(u64),
    /// An importer acknowledging an invoice to itself.
    #[error("party {0} cannot acknowledge its own invoice")]
    SelfAcknowledged(u64),
    /// The digest 0, which no sealed record has.
    #[error("the invoice digest is zero")]
    ZeroInvoice,
    /// The digest already carries an acknowledgment by another importer or for another exporter.
    #[error("invoice {invoice} is already acknowledged differently")]
    AcknowledgedDifferently {
        /// The invoice digest.
        invoice: ark_bn254::Fr,
    },
    /// The proof verified but is not an aggregate-value claim.
    #[error("not an aggregate-value claim")]
    NotAggregateClaim,
    /// No importer acknowledged this invoice (e.g. a renumbered copy of a real one).
    #[error("invoice {invoice} is not acknowledged by any importer")]
    NotAcknowledged {
        /// The invoice digest.
        invoice: ark_bn254::Fr,
    },
    /// The invoice was acknowledged as owed to another exporter than the claim's.
    #[error("invoice {invoice} is acknowledged for exporter {acknowledged_for}")]
    OtherExporter {
        /// The invoice digest.
        invoice: ark_bn254::Fr,
        /// The exporter in the acknowledgment.
        acknowledged_for: u64,
    },
    /// The invoice already backs a financing.
    #[error("invoice {invoice} is already financed by bank {bank}")]
    AlreadyFinanced {
        /// The invoice digest.
        invoice: ark_bn254::Fr,
        /// The bank that financed it.
        bank: u64,
    },
}

/// Why untrusted bytes were rejected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DecodeError {
    /// The input ended early.
    #[error("input ends at byte {at}, {needed} more bytes needed for {what}")]
    UnexpectedEnd {
        /// What was being read.
        what: &'static str,
        /// Offset where the input ended.
        at: usize,
        /// Bytes missing.
        needed: usize,
    },
    /// Bytes left after a complete object.
    #[error("{0} trailing bytes after the object")]
    TrailingBytes(usize),
    /// The object tag is not the expected kind.
    #[error("expected a {expected} object, found tag {found:#04x}")]
    WrongKind {
        /// The kind expected.
        expected: &'static str,
        /// The tag found.
        found: u8,
    },
    /// An unknown format version.
    #[error("unknown {what} version {version}")]
    UnknownVersion {
        /// The object.
        what: &'static str,
        /// The version found.
        version: u8,
    },
    /// A field element that is not below the modulus (non-canonical).
    #[error("{0} is not a canonical field element (must be below the modulus)")]
    NonCanonicalField(&'static str),
    /// A point that is not on the curve.
    #[error("{0} is not on the curve")]
    NotOnCurve(&'static str),
    /// A point outside the prime-order subgroup.
    #[error("{0} is not in the prime-order subgroup")]
    NotInSubgroup(&'static str),
    /// The identity where it cannot occur in an honest object.
    #[error("{0} is the point at infinity, which is not allowed here")]
    Identity(&'static str),
    /// A verifying key whose points stand in a relation that lets anyone forge proofs (e.g. `γ = δ`).
    #[error("unsafe verifying key: {0}")]
    UnsafeKey(&'static str),
    /// A malformed point encoding (bad flags, no square root).
    #[error("{0} is not a valid point encoding")]
    BadPoint(&'static str),
    /// A declared length above the limit (checked before allocating).
    #[error("{what} declares length {len}, the maximum is {max}")]
    LengthTooLarge {
        /// Which list.
        what: &'static str,
        /// Declared length.
        len: u64,
        /// Maximum.
        max: u64,
    },
    /// A value out of its allowed range (an unknown enum tag, a bad count).
    #[error("invalid {what}: {reason}")]
    Invalid {
        /// Which field.
        what: &'static str,
        /// Why.
        reason: String,
    },
    /// JSON that does not parse or does not match the schema.
    #[error("invalid JSON: {0}")]
    Json(String),
}

/// `Result` with [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl From<tradeproof_circuits::claims::ClaimError> for Error {
    /// Wrong input counts, inputs that are not values of their type, invalid codes and parameters that
    /// make no claim, each to its variant.
    fn from(e: tradeproof_circuits::claims::ClaimError) -> Self {
        use tradeproof_circuits::claims::ClaimError as C;
        match e {
            C::InputCount { expected, found } => Error::PublicInputCount { expected, found },
            C::Input { what, reason } => DecodeError::Invalid { what, reason }.into(),
            C::Code(e) => Error::Code(e),
            C::Parameters(reason) => Error::InvalidClaim(reason),
            other => Error::InvalidClaim(other.to_string()),
        }
    }
}
