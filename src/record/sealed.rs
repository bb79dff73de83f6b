//! Sealed records: a document's record encrypted under its record key, as stored on a ledger.
//!
//! The construction (Poseidon duplex-sponge authenticated encryption, after MACI and Dusk) is documented
//! with the cipher in [`tradeproof_circuits::gadgets::cipher`]; this module adds the record format,
//! randomness and errors. A ledger stores the [`SealedRecord`] (or only its [`SealedRecord::digest`],
//! the single field element that proofs take as a public input).
use super::key::RecordKey;
use crate::document::{Document, Record, RECORD_SLOTS};
use crate::error::{Error, Result};
use ark_bn254::Fr;
use rand::{CryptoRng, RngCore};
use serde::{Deserialize, Serialize};
use tradeproof_circuits::gadgets::cipher::{self, Sealed, FORMAT_VERSION};
use tradeproof_circuits::record::RecordOpening;

/// An encrypted record: format version, nonce, ciphertext and authentication tag.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SealedRecord {
    /// Format version (currently 1), bound into the encryption and the digest.
    #[serde(deserialize_with = "known_version")]
    pub version: u8,
    /// 128-bit nonce, fresh for every seal.
    #[serde(with = "crate::encoding::serde::u128_string")]
    pub nonce: u128,
    /// Ciphertext, one element per record slot.
    #[serde(with = "crate::encoding::serde::fr_array")]
    pub ciphertext: [Fr; RECORD_SLOTS],
    /// Authentication tag.
    #[serde(with = "crate::encoding::serde::fr_string")]
    pub tag: Fr,
}

/// JSON readers refuse an unknown format version, as the binary decoder does.
fn known_version<'de, D: serde::Deserializer<'de>>(d: D) -> std::result::Result<u8, D::Error> {
    let v = u8::deserialize(d)?;
    if v != FORMAT_VERSION {
        return Err(serde::de::Error::custom(format!(
            "unknown sealed record version {v}"
        )));
    }
    Ok(v)
}

impl SealedRecord {
    /// Encrypts `record` under `key` with a nonce from OS entropy.
    pub fn seal(key: &RecordKey, record: &Record) -> Self {
        Self::seal_with(key, record, &mut rand::rngs::OsRng)
    }

    /// Validates, encodes and seals a document.
    pub fn seal_document(key: &RecordKey, document: &Document) -> Result<Self> {
        Ok(Self::seal(key, &document.encode()?))
    }

    /// Encrypts `record` under `key` with a nonce from `rng` (OS entropy in production).
    pub fn seal_with<R: RngCore + CryptoRng>(
        key: &RecordKey,
        record: &Record,
        rng: &mut R,
    ) -> Self {
        let mut nb = [0u8; 16];
        rng.fill_bytes(&mut nb);
        let nonce = u128::from_le_bytes(nb);
        let w = cipher::nonce_word(nonce, FORMAT_VERSION);
        let Sealed { ciphertext, tag } = cipher::seal(key.0, w, &record.0);
        SealedRecord {
            version: FORMAT_VERSION,
            nonce,
            ciphertext,
            tag,
        }
    }

    fn sealed(&self) -> Sealed {
        Sealed {
            ciphertext: self.ciphertext,
            tag: self.tag,
        }
    }

    fn nonce_word(&self) -> Fr {
        cipher::nonce_word(self.nonce, self.version)
    }

    /// Decrypts and authenticates. Fails with [`Error::Authentication`] under a wrong key or after any
    /// change to the version, nonce, ciphertext or tag — never returns a garbage plaintext.
    pub fn open(&self, key: &RecordKey) -> Result<Record> {
        if self.version != FORMAT_VERSION {
            return Err(Error::Decode(crate::error::DecodeError::UnknownVersion {
                what: "sealed record",
                version: self.version,
            }));
        }
        cipher::open(key.0, self.nonce_word(), &self.sealed())
            .map(Record)
            .ok_or(Error::Authentication)
    }

    /// Opens the record and returns the private opening a prover uses as witness.
    pub fn opening(&self, key: &RecordKey) -> Result<RecordOpening> {
        let record = self.open(key)?;
        Ok(RecordOpening {
            key: key.0,
            nonce_word: self.nonce_word(),
            plaintext: record.0,
        })
    }

    /// The record digest: circomlib's `Poseidon(16)` of the nonce word, the ciphertext and the tag. This
    /// is what a ledger indexes and what proofs take as a public input.
    pub fn digest(&self) -> Fr {
        cipher::digest(self.nonce_word(), &self.sealed())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::MasterKey;
    use proptest::prelude::*;
    use rand::SeedableRng;

    fn record_strategy() -> impl Strategy<Value = Record> {
        prop::array::uniform14(any::<u64>()).prop_map(|a| Record(a.map(Fr::from)))
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn open_inverts_seal(m in record_strategy(), seed in any::<u64>()) {
            let mut rng = rand_chacha::ChaCha20Rng::seed_from_u64(seed);
            let key = RecordKey::generate_with(&mut rng);
            let s = SealedRecord::seal_with(&key, &m, &mut rng);
            prop_assert_eq!(s.open(&key).unwrap(), m);
            prop_assert_eq!(s.opening(&key).unwrap().digest(), s.digest());
        }

        #[test]
        fn any_single_change_makes_opening_fail(m in record_strategy(), seed in any::<u64>(), which in 0..RECORD_SLOTS + 3, delta in 1u64..) {
            let mut rng = rand_chacha::ChaCha20Rng::seed_from_u64(seed);
            let key = MasterKey::generate_with(&mut rng).record_key(b"r");
            let mut s = SealedRecord::seal_with(&key, &m, &mut rng);
            let before = s.digest();
            match which {
                0 => s.nonce ^= delta as u128,
                1 => s.tag += Fr::from(delta),
                2 => { let other = RecordKey::generate_with(&mut rng); prop_assert!(matches!(s.open(&other), Err(Error::Authentication))); return Ok(()); }
                i => s.ciphertext[i - 3] += Fr::from(delta),
            }
            prop_assert!(matches!(s.open(&key), Err(Error::Authentication)));
            prop_assert_ne!(s.digest(), before);
        }
    }

    #[test]
    fn unknown_version_is_refused() {
        let key = RecordKey::generate();
        let mut s = SealedRecord::seal(&key, &Record([Fr::from(1u64); RECORD_SLOTS]));
        s.version = 2;
        assert!(matches!(s.open(&key), Err(Error::Decode(_))));
    }
}
