//! Notes next to the code: the security model, and how production keys are made. (The design of each claim is at the
//! top of its module in [`crate::claims`]; that of the batch verifier in [`crate::verifier`].)
//!
//! - [`security`]: what each proof establishes, what a ledger learns, Groth16's trusted setup, replay.
//! - [`ceremony`]: production keys from a multi-party snarkjs ceremony (`ceremony/run.sh`), and using
//!   them to verify and to prove.
pub mod security {
    #![doc = include_str!("security.md")]
}

pub mod ceremony {
    #![doc = include_str!("ceremony.md")]
}
