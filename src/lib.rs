//! tradeproof (placeholder while the circuits crate is brought up).
pub use tradeproof_circuits as circuits;
