//! Wire formats: canonical binary ([`binary`]), JSON for people (serde on every public type, with the
//! adapters of [`crate::encoding`]), snarkjs JSON
//! ([`snarkjs`]) and Solidity verifier export ([`solidity`]).
pub mod binary;
pub mod snarkjs;
pub mod solidity;

use crate::record::SealedRecord;
use crate::statement::{Proof, Statement};
use serde::{Deserialize, Serialize};

pub use binary::{Decode, Encode};

/// What a ledger receives: the sealed records a claim is about, the statement and its proof.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Submission {
    /// The sealed records (their digests must match the statement's record inputs).
    #[serde(deserialize_with = "bounded_records")]
    pub records: Vec<SealedRecord>,
    /// The statement.
    pub statement: Statement,
    /// The proof.
    pub proof: Proof,
}

/// JSON readers refuse more records than the binary format allows
/// ([`binary::MAX_RECORDS_PER_SUBMISSION`]), so that every decoded submission can be encoded.
fn bounded_records<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<SealedRecord>, D::Error> {
    let v = Vec::<SealedRecord>::deserialize(d)?;
    if v.len() > binary::MAX_RECORDS_PER_SUBMISSION {
        return Err(serde::de::Error::custom(format!(
            "{} records, at most {} are allowed",
            v.len(),
            binary::MAX_RECORDS_PER_SUBMISSION
        )));
    }
    Ok(v)
}

impl Submission {
    /// Checks that the sealed records are exactly the ones the statement's claim is about, in order
    /// (their digests equal the claim's record digests). Decoding does not check this; a ledger must.
    pub fn check_records(&self) -> crate::Result<()> {
        let claim = self.statement.claim()?;
        let expected = claim.record_digests();
        if self.records.len() != expected.len()
            || self
                .records
                .iter()
                .zip(&expected)
                .any(|(r, d)| r.digest() != *d)
        {
            return Err(crate::Error::InvalidClaim(
                "the sealed records are not the ones the statement names".into(),
            ));
        }
        Ok(())
    }
}
