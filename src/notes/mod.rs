//! Notes next to the code. There is one so far: the security model. (The design of each claim is at the
//! top of its module in [`crate::claims`]; that of the batch verifier in [`crate::verifier`].)
//!
//! - [`security`]: what each proof establishes, what a ledger learns, Groth16's trusted setup, replay.
pub mod security {
    #![doc = include_str!("security.md")]
}
