//! Sealing documents: record keys and sealed (encrypted) records.
mod key;
mod sealed;

pub use key::{MasterKey, RecordKey};
pub use sealed::SealedRecord;
pub use tradeproof_circuits::record::RecordOpening;
