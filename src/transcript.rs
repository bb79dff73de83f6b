//! Domain separation in one place: every blake3 hash the crate computes goes through a
//! `Transcript` opened under one of the labels of `tradeproof_verifier::transcript`, which the
//! verifier crate shares (fingerprints and batch weights are computed on both sides of the boundary).
pub(crate) use tradeproof_verifier::transcript::{Label, Transcript};
