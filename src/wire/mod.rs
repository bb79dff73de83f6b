//! Wire formats: canonical binary ([`binary`]), JSON for people (serde on every public type, with the
//! adapters of [`crate::encoding`]), and, behind features (both default): snarkjs JSON (`snarkjs`) and
//! the ceremony's files — circuits as circom `.r1cs` (`r1cs`), snarkjs powers of tau (`ptau`) and
//! final `.zkey`s (`zkey`) — under feature `snarkjs`; the Solidity verifier export (`solidity`) under
//! feature `solidity`.
pub mod aggregate;
pub mod binary;
#[cfg(feature = "snarkjs")]
mod binfile;
mod keys;
#[cfg(feature = "snarkjs")]
pub mod ptau;
#[cfg(feature = "snarkjs")]
pub mod r1cs;
#[cfg(feature = "snarkjs")]
pub mod snarkjs;
#[cfg(feature = "solidity")]
pub mod solidity;
#[cfg(feature = "snarkjs")]
pub mod zkey;

use crate::circuit::CircuitId;
use crate::encoding::{from_hex, to_hex};
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

#[derive(Serialize, Deserialize)]
#[serde(remote = "Self", deny_unknown_fields)]
struct ProofHex {
    circuit_id: CircuitId,
    a: String,
    b: String,
    c: String,
}

crate::encoding::object_only!(ProofHex, serialize);

/// JSON of a [`Proof`]: `{"circuit_id": hex, "a": hex, "b": hex, "c": hex}` with the compressed points,
/// read through the strict binary decoder.
impl Serialize for Proof {
    /// JSON: `{"circuit_id": hex, "a": hex, "b": hex, "c": hex}` with the compressed points.
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        use ark_serialize::CanonicalSerialize;
        let hex = |p: &dyn Fn(&mut Vec<u8>)| {
            let mut v = Vec::new();
            p(&mut v);
            to_hex(&v)
        };
        ProofHex {
            circuit_id: self.circuit_id,
            a: hex(&|v| drop(self.a.serialize_compressed(v))),
            b: hex(&|v| drop(self.b.serialize_compressed(v))),
            c: hex(&|v| drop(self.c.serialize_compressed(v))),
        }
        .serialize(s)
    }
}

impl<'de> Deserialize<'de> for Proof {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        use serde::de::Error as _;
        let j = ProofHex::deserialize(d)?;
        let mut bytes = vec![b'P', 1];
        bytes.extend_from_slice(&j.circuit_id.0);
        for (h, len) in [(&j.a, 32), (&j.b, 64), (&j.c, 32)] {
            let b = from_hex(h).map_err(D::Error::custom)?;
            if b.len() != len {
                return Err(D::Error::custom(format!(
                    "point encoding must be {len} bytes"
                )));
            }
            bytes.extend_from_slice(&b);
        }
        Proof::from_bytes(&bytes).map_err(D::Error::custom)
    }
}
