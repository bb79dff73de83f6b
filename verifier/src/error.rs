//! The one error type of the verifier crate: why bytes were refused.
use core::fmt;

/// Why bytes (a key, a statement, a proof, a batch) were refused. Every decoder returns one of these
/// on bad input; none panics.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Error {
    /// The bytes end before the object does.
    UnexpectedEnd(&'static str),
    /// Bytes follow the object.
    TrailingBytes,
    /// Another object's tag.
    WrongTag(&'static str),
    /// A format version this verifier does not know.
    UnknownVersion(&'static str),
    /// A claim-kind tag this verifier does not know, or a shape parameter out of range.
    UnknownKind,
    /// A count that does not fit the claim kind or exceeds a bound.
    BadCount(&'static str),
    /// A field element not below its modulus.
    NonCanonicalField(&'static str),
    /// A point that does not decode, is not on the curve, or is not in the prime-order subgroup.
    BadPoint(&'static str),
    /// The identity where an honest object cannot hold it.
    Identity(&'static str),
    /// A verifying key whose circuit id is not the one pinned for its kind, or (for a kind whose ids
    /// are not pinned) whose fingerprint is not the one the caller pinned.
    UnpinnedKey,
    /// A verifying key with a relation between its points that lets anyone forge proofs.
    UnsafeKey(&'static str),
    /// Two keys for one circuit.
    DuplicateKey,
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::UnexpectedEnd(w) => write!(f, "{w}: unexpected end of input"),
            Error::TrailingBytes => f.write_str("bytes after the object"),
            Error::WrongTag(w) => write!(f, "not a {w}"),
            Error::UnknownVersion(w) => write!(f, "{w}: unknown version"),
            Error::UnknownKind => f.write_str("unknown claim kind"),
            Error::BadCount(w) => write!(f, "{w}: wrong count"),
            Error::NonCanonicalField(w) => write!(f, "{w}: field element not below the modulus"),
            Error::BadPoint(w) => write!(f, "{w}: not a point of the group"),
            Error::Identity(w) => write!(f, "{w}: the identity"),
            Error::UnpinnedKey => {
                f.write_str("verifying key not pinned (circuit id or fingerprint)")
            }
            Error::UnsafeKey(w) => write!(f, "unsafe verifying key: {w}"),
            Error::DuplicateKey => f.write_str("two keys for one circuit"),
        }
    }
}

#[cfg(feature = "std")]
impl std::error::Error for Error {}
