//! Grants: the owner hands one sealed record to one party — the network's first path, before any
//! proof.
//!
//! A party is a Baby JubJub key pair (EdDSA-Poseidon keys, circomlib-compatible, the same kind as
//! certificate issuers and devices): a [`SecretKey`] and its public key ([`PublicKey`], a point of
//! the prime-order subgroup; 32 bytes on the wire in circomlib's packing, tag `'K'`). A [`Grant`] wraps
//! the key of one sealed record to one recipient's public key — ephemeral-static Diffie–Hellman, a
//! Poseidon key derivation binding both public keys and the record's digest, and a width-3 Poseidon
//! duplex (the construction and its argument are in [`tradeproof_circuits::gadgets::keywrap`]). The
//! owner issues it, the ledger stores it beside the record, and the recipient opens the record with its
//! secret key; nobody else learns anything from it.
//!
//! # What a grant can and cannot do
//! - It opens **one record** for **one key**: the record's digest is bound in, so it cannot be moved to
//!   another record, and only the holder of the recipient's secret key can unwrap it. Any change to a
//!   grant's fields makes it fail to open ([`GrantRefusal::Unauthentic`]).
//! - It cannot be revoked once read: the recipient has the record key. To withdraw access to future
//!   versions, the owner re-seals under a new record key (a new digest) and grants that to whom it
//!   chooses; the old digest keeps opening for those who already hold its grant.
//! - It shows the ledger who may read which record (the recipient's key and the digest are public).
//!   Where that link must stay hidden, the owner proves claims instead (selective disclosure, or any
//!   claim kind).
//!
//! ```
//! use tradeproof::grant::{Grant, SecretKey};
//! use tradeproof::prelude::*;
//! # fn main() -> tradeproof::Result<()> {
//! # let invoice: Document = tradeproof::document::CommercialInvoice {
//! #     number: 9001, seller: PartyId::new(42)?, buyer: PartyId::new(77)?,
//! #     origin: Country::parse("KE")?, destination: Country::parse("DE")?,
//! #     hs_code: HsCode::parse("060311")?, date: Date::parse("2026-11-30")?,
//! #     total: Amount::parse("1200.00", Currency::parse("EUR")?)?, due_date: Date::parse("2027-01-29")?,
//! #     quantity: 100, incoterm: Incoterm::Fob, order_ref: Identifier::new("PO-1")?,
//! # }.into();
//! let key = RecordKey::generate();
//! let sealed = SealedRecord::seal_document(&key, &invoice)?;
//! let bank = SecretKey::from_seed(&[9; 32]); // the bank's key pair (OS entropy in production)
//! let grant = Grant::issue(&sealed, &key, &bank.public_key())?;
//! assert_eq!(grant.open_record(&sealed, &bank)?, invoice.encode()?);
//! # Ok(())
//! # }
//! ```
pub use tradeproof_circuits::gadgets::babyjubjub::Point as PublicKey;
pub use tradeproof_circuits::gadgets::eddsa::SecretKey;

use crate::document::Record;
use crate::error::{Error, GrantRefusal, Result};
use crate::record::{RecordKey, SealedRecord};
use ark_bn254::Fr;
use ark_ff::{BigInteger, PrimeField, Zero};
use rand::{CryptoRng, RngCore};
use serde::{Deserialize, Serialize};
use tradeproof_circuits::claims::escrow::wrap_for;
pub use tradeproof_circuits::claims::escrow::EphemeralSecret;
use tradeproof_circuits::gadgets::babyjubjub::to_subgroup_scalar;
use tradeproof_circuits::gadgets::keywrap::{self, Wrapped};
use zeroize::Zeroize;

/// The record key of one sealed record, wrapped to one recipient.
///
/// JSON: `{"record": "<digest>", "recipient": "<64 hex>", "ephemeral": "<64 hex>", "wrapped":
/// "<decimal>", "tag": "<decimal>"}`, points in circomlib's packing; decoding checks both points (on
/// the curve; the recipient in the prime-order subgroup, not the identity).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "GrantJson", into = "GrantJson")]
pub struct Grant {
    record: Fr,
    recipient: PublicKey,
    ephemeral: PublicKey,
    wrapped: Wrapped,
}

impl Grant {
    /// Issues a grant of `sealed` (whose key is `key`) to `recipient`, with OS entropy.
    pub fn issue(sealed: &SealedRecord, key: &RecordKey, recipient: &PublicKey) -> Result<Self> {
        Self::issue_with(&mut rand::rngs::OsRng, sealed, key, recipient)
    }

    /// [`Grant::issue`] with the ephemeral scalar drawn from `rng` (OS entropy in production; seeded
    /// generators only in tests).
    pub fn issue_with<R: RngCore + CryptoRng>(
        rng: &mut R,
        sealed: &SealedRecord,
        key: &RecordKey,
        recipient: &PublicKey,
    ) -> Result<Self> {
        Self::issue_escrowed_with(rng, sealed, key, recipient).map(|(g, _)| g)
    }

    /// Issues a grant and keeps its ephemeral scalar, which the owner needs to prove the escrow claim
    /// ([`crate::Witness::escrow`]: the grant opens the record for its recipient). Discard the secret
    /// once the proof is made; it is zeroized on drop.
    pub fn issue_escrowed(
        sealed: &SealedRecord,
        key: &RecordKey,
        recipient: &PublicKey,
    ) -> Result<(Self, EphemeralSecret)> {
        Self::issue_escrowed_with(&mut rand::rngs::OsRng, sealed, key, recipient)
    }

    /// [`Grant::issue_escrowed`] with the ephemeral scalar drawn from `rng`.
    pub fn issue_escrowed_with<R: RngCore + CryptoRng>(
        rng: &mut R,
        sealed: &SealedRecord,
        key: &RecordKey,
        recipient: &PublicKey,
    ) -> Result<(Self, EphemeralSecret)> {
        if !recipient.is_valid_public_key() {
            return Err(GrantRefusal::InvalidRecipient.into());
        }
        if sealed.open(key).is_err() {
            return Err(GrantRefusal::KeyDoesNotOpen.into());
        }
        let mut wide = [0u8; 64];
        let e = loop {
            rng.fill_bytes(&mut wide);
            let e = to_subgroup_scalar(Fr::from_le_bytes_mod_order(&wide));
            if !e.is_zero() {
                break EphemeralSecret(Fr::from_le_bytes_mod_order(&e.into_bigint().to_bytes_le()));
            }
        };
        wide.zeroize();
        let p = wrap_for(sealed.digest(), key.to_field(), recipient, &e);
        let grant = Grant {
            record: p.record,
            recipient: *recipient,
            ephemeral: PublicKey {
                x: p.ephemeral[0],
                y: p.ephemeral[1],
            },
            wrapped: Wrapped {
                wrapped: p.wrapped,
                tag: p.tag,
            },
        };
        Ok((grant, e))
    }

    /// The digest of the granted record.
    pub fn record(&self) -> Fr {
        self.record
    }

    /// The recipient's public key.
    pub fn recipient(&self) -> &PublicKey {
        &self.recipient
    }

    /// The record key, for the holder of the recipient's secret key.
    pub fn open(&self, secret: &SecretKey) -> Result<RecordKey> {
        if secret.public_key() != self.recipient {
            return Err(GrantRefusal::NotRecipient.into());
        }
        let shared = secret.shared_point(&self.ephemeral);
        let kek = keywrap::derive(&shared, &self.ephemeral, &self.recipient, self.record);
        keywrap::unwrap(kek, &self.wrapped)
            .map(RecordKey)
            .ok_or_else(|| GrantRefusal::Unauthentic.into())
    }

    /// Opens `sealed` with the granted key: refused if the grant is for another record.
    pub fn open_record(&self, sealed: &SealedRecord, secret: &SecretKey) -> Result<Record> {
        if sealed.digest() != self.record {
            return Err(GrantRefusal::OtherRecord.into());
        }
        sealed.open(&self.open(secret)?)
    }

    /// The parts of the grant, in wire order: record, recipient, ephemeral key, wrapped key, tag.
    pub fn parts(&self) -> (Fr, PublicKey, PublicKey, Fr, Fr) {
        (
            self.record,
            self.recipient,
            self.ephemeral,
            self.wrapped.wrapped,
            self.wrapped.tag,
        )
    }

    /// A grant from its parts, checking what a decoder must: the recipient and the ephemeral key points
    /// of the prime-order subgroup other than the identity. (Whether it opens is for its recipient to find
    /// out.)
    pub fn from_parts(
        record: Fr,
        recipient: PublicKey,
        ephemeral: PublicKey,
        wrapped: Fr,
        tag: Fr,
    ) -> Result<Self> {
        if !recipient.is_valid_public_key() {
            return Err(GrantRefusal::InvalidRecipient.into());
        }
        // A small-order component in E would let a sender probe the recipient's scalar modulo 8
        // (whether a grant opens tells which of eight shared points the recipient computed).
        if !ephemeral.is_valid_public_key() {
            return Err(Error::Decode(crate::error::DecodeError::Invalid {
                what: "grant ephemeral key",
                reason: "not a point of the prime-order subgroup other than the identity".into(),
            }));
        }
        Ok(Grant {
            record,
            recipient,
            ephemeral,
            wrapped: Wrapped { wrapped, tag },
        })
    }
}

/// The JSON form of a [`Grant`].
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct GrantJson {
    #[serde(with = "crate::encoding::serde::fr_string")]
    record: Fr,
    #[serde(with = "crate::encoding::serde::hex32")]
    recipient: [u8; 32],
    #[serde(with = "crate::encoding::serde::hex32")]
    ephemeral: [u8; 32],
    #[serde(with = "crate::encoding::serde::fr_string")]
    wrapped: Fr,
    #[serde(with = "crate::encoding::serde::fr_string")]
    tag: Fr,
}

impl From<Grant> for GrantJson {
    fn from(g: Grant) -> Self {
        GrantJson {
            record: g.record,
            recipient: g.recipient.pack(),
            ephemeral: g.ephemeral.pack(),
            wrapped: g.wrapped.wrapped,
            tag: g.wrapped.tag,
        }
    }
}

impl TryFrom<GrantJson> for Grant {
    type Error = Error;
    fn try_from(j: GrantJson) -> Result<Self> {
        let point = |b: &[u8; 32], what| {
            PublicKey::unpack(b).ok_or(Error::Decode(crate::error::DecodeError::NotOnCurve(what)))
        };
        Grant::from_parts(
            j.record,
            point(&j.recipient, "grant recipient")?,
            point(&j.ephemeral, "grant ephemeral key")?,
            j.wrapped,
            j.tag,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Record;
    use rand::SeedableRng;

    fn sealed(seed: u64) -> (SealedRecord, RecordKey) {
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
        let key = RecordKey::generate_with(&mut rng);
        let record = Record(
            (0..14u64)
                .map(|i| Fr::from(i * seed + 1))
                .collect::<Vec<_>>()
                .try_into()
                .unwrap(),
        );
        (SealedRecord::seal_with(&key, &record, &mut rng), key)
    }

    #[test]
    fn a_grant_opens_for_its_recipient_only_and_for_its_record_only() {
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(1);
        let (rec, key) = sealed(3);
        let (other, _) = sealed(4);
        let bank = SecretKey::from_seed(&[1; 32]);
        let thief = SecretKey::from_seed(&[2; 32]);
        let g = Grant::issue_with(&mut rng, &rec, &key, &bank.public_key()).unwrap();
        assert_eq!(g.open(&bank).unwrap(), key);
        assert_eq!(g.open_record(&rec, &bank).unwrap(), rec.open(&key).unwrap());
        fn refusal<T: std::fmt::Debug>(r: Result<T>) -> GrantRefusal {
            match r {
                Err(Error::Grant(g)) => g,
                other => panic!("{other:?}"),
            }
        }
        assert_eq!(refusal(g.open(&thief)), GrantRefusal::NotRecipient);
        assert_eq!(
            refusal(g.open_record(&other, &bank)),
            GrantRefusal::OtherRecord
        );
        // The thief re-addresses the grant to itself: the tag no longer verifies.
        let (d, _, e, c, t) = g.parts();
        let moved = Grant::from_parts(d, thief.public_key(), e, c, t).unwrap();
        assert_eq!(refusal(moved.open(&thief)), GrantRefusal::Unauthentic);
        // Moved to another record, or any field altered: refused.
        let (d, p, e, c, t) = g.parts();
        let b8 = tradeproof_circuits::gadgets::babyjubjub::base8();
        for altered in [
            Grant::from_parts(other.digest(), p, e, c, t),
            Grant::from_parts(d, p, e.add(&b8), c, t),
            Grant::from_parts(d, p, e, c + Fr::from(1u64), t),
            Grant::from_parts(d, p, e, c, t + Fr::from(1u64)),
            Grant::from_parts(d + Fr::from(1u64), p, e, c, t),
        ] {
            assert_eq!(
                refusal(altered.unwrap().open(&bank)),
                GrantRefusal::Unauthentic
            );
        }
        // A key that does not open the record is not granted.
        let (_, wrong) = sealed(5);
        assert_eq!(
            refusal(Grant::issue_with(
                &mut rng,
                &rec,
                &wrong,
                &bank.public_key()
            )),
            GrantRefusal::KeyDoesNotOpen
        );
    }

    #[test]
    fn grants_to_bad_keys_are_refused() {
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(2);
        let (rec, key) = sealed(3);
        let k = SecretKey::from_seed(&[1; 32]).public_key();
        let order_two = PublicKey {
            x: Fr::zero(),
            y: -Fr::from(1u64),
        };
        let off_curve = PublicKey {
            x: k.x,
            y: k.y + Fr::from(1u64),
        };
        for bad in [PublicKey::IDENTITY, order_two, k.add(&order_two), off_curve] {
            assert!(matches!(
                Grant::issue_with(&mut rng, &rec, &key, &bad),
                Err(Error::Grant(GrantRefusal::InvalidRecipient))
            ));
            let g = Grant::issue_with(&mut rng, &rec, &key, &k).unwrap();
            let (d, p, e, c, t) = g.parts();
            assert!(Grant::from_parts(d, bad, e, c, t).is_err());
            // An ephemeral key with a small-order component would let a sender probe the recipient's
            // scalar modulo 8: refused like the recipient.
            assert!(Grant::from_parts(d, p, e.add(&order_two), c, t).is_err());
        }
    }

    #[test]
    fn json_round_trips_and_refuses_bad_points() {
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(3);
        let (rec, key) = sealed(3);
        let bank = SecretKey::from_seed(&[1; 32]);
        let g = Grant::issue_with(&mut rng, &rec, &key, &bank.public_key()).unwrap();
        let json = serde_json::to_string(&g).unwrap();
        assert_eq!(serde_json::from_str::<Grant>(&json).unwrap(), g);
        let mut v: serde_json::Value = serde_json::from_str(&json).unwrap();
        v["recipient"] =
            serde_json::Value::String(crate::encoding::to_hex(&PublicKey::IDENTITY.pack()));
        assert!(serde_json::from_value::<Grant>(v).is_err());
        let mut v: serde_json::Value = serde_json::from_str(&json).unwrap();
        v["extra"] = 1.into();
        assert!(serde_json::from_value::<Grant>(v).is_err());
    }
}
