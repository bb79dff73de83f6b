//! The replay domain of a proof (the replay model is described in the `statement` module).
use crate::encoding::serde::fr_string;
use ark_bn254::Fr;
use serde::{Deserialize, Serialize};
use tradeproof_circuits::gadgets::poseidon;

/// The replay domain of a proof: a field element that is a public input of every claim.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Context(#[serde(with = "fr_string")] Fr);

impl Context {
    /// `Poseidon(ledger_id, nonce)`: the context for statement `nonce` on ledger (or domain) `ledger_id`.
    pub fn new(ledger_id: u64, nonce: u64) -> Self {
        Context(poseidon::hash(&[Fr::from(ledger_id), Fr::from(nonce)]))
    }

    /// A context given directly as a field element.
    pub fn from_field(x: Fr) -> Self {
        Context(x)
    }

    /// The field element.
    pub fn to_field(&self) -> Fr {
        self.0
    }
}
