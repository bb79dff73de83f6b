//! Wire formats: canonical binary ([`binary`]), JSON for people ([`json`]), snarkjs JSON
//! ([`snarkjs`]) and Solidity verifier export ([`solidity`]).
pub mod binary;
pub mod json;

use crate::record::SealedRecord;
use crate::statement::{Proof, Statement};
use serde::{Deserialize, Serialize};

pub use binary::{Decode, Encode};

/// What a ledger receives: the sealed records a claim is about, the statement and its proof.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Submission {
    /// The sealed records (their digests must match the statement's record inputs).
    pub records: Vec<SealedRecord>,
    /// The statement.
    pub statement: Statement,
    /// The proof.
    pub proof: Proof,
}
