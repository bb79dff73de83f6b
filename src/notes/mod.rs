//! Notes: the security model and the design decisions, next to the code.
//!
//! - [`security`]: what each proof establishes, what a ledger learns, Groth16's trusted setup, replay.
pub mod security {
    #![doc = include_str!("security.md")]
}
