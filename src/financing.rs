//! # Receivables financing a bank can rely on
//!
//! The aggregate-value claim ([`crate::claims::aggregate_value`]) proves that sealed invoices of one
//! exporter add up to at least a threshold. Two frauds are outside what any proof about the invoices
//! themselves can rule out, and this module closes them with ledger objects:
//!
//! - **Invented or renumbered invoices.** The circuit counts each invoice *number* once, but the exporter
//!   writes the invoices: it can seal a copy of an invoice under a new number and count it twice. Only
//!   the debtor can say which invoices are real. So the importer **acknowledges** each real invoice on
//!   the ledger: an [`Acknowledgment`] is its EdDSA-Poseidon signature over
//!   `Poseidon(ACK_DOMAIN, digest, importer, exporter)` ([`acknowledgment_message`]), checked against the
//!   importer's key in the ledger's [`PartyDirectory`] when the ledger records it ([`Acknowledgments`]).
//!   A renumbered copy has a digest nobody acknowledged.
//! - **Double financing.** The same acknowledged invoices offered to a second bank, or twice to the same
//!   bank. The ledger keeps a **financed-once register** ([`FinancedOnce`]): financing an aggregate claim
//!   marks every digest in it, atomically, and a claim with any marked digest is refused — by every bank
//!   that uses the ledger, since the register is ledger state, not a bank's private book.
//!
//! A bank's policy is then, in order: verify the proof ([`verify_claim`], which also checks it is an
//! aggregate-value claim under the expected context), check that the claim's terms are what it asked for,
//! and [`FinancedOnce::finance`]: every digest acknowledged *for this exporter*, none financed before;
//! all marked at once or none.
//!
//! ## Why this is ledger policy and not circuit
//! - *The digests are already public to the bank*: the aggregate claim lists them (a bank must see that
//!   they are on the ledger at all). An acknowledgment check on a public digest is an ordinary signature
//!   verification on the ledger, microseconds natively; in-circuit it would be an EdDSA check per slot
//!   (about 5,100 constraints, against the 1,986 a slot costs today), so 32 invoices would take about
//!   four times the constraints and the proving time.
//! - *A nullifier would buy privacy only together with hidden digests.* The register could store
//!   `Poseidon(record key, "financing")` computed in-circuit, so the ledger would not learn *which*
//!   invoices were financed. But as long as the claim lists its digests, the bank (and anyone it shows
//!   the claim to) learns them anyway. Hiding them needs a membership proof of each digest in a root of
//!   acknowledged digests (a depth-20 Merkle path, about 4,840 constraints per slot) plus the nullifier:
//!   a different claim, roughly 3.5× the cost per invoice. It is the right design when the register's
//!   observers must not link financing to invoices; this module is the design for a ledger whose
//!   participants already see which records exist and who acknowledged them.
//! - *The circuit keeps what only it can check*: the contents (exporter, currency, dates, values), and
//!   that one invoice number is not counted twice within a claim.
//!
//! ## What an acknowledgment does and does not say
//! It says: "importer `I` received the sealed record with this digest as an invoice from exporter `E`
//! and recognises it" — the importer opened the record (the owner granted it access) before signing.
//! It does not reveal the amount or anything else in the record, and the ledger does not check that the
//! sealed record's buyer field is `I` (it cannot read it): the acknowledgment is the importer's word,
//! and a bank relies on the registered importer, as it would on an acknowledged paper invoice. The
//! exporter cannot acknowledge its own invoices, and one digest has one acknowledgment. What the ledger
//! learns: which importer acknowledged which digest for which exporter, and which digests were financed
//! (not by how much).
//!
//! ```
//! use tradeproof::financing::{Acknowledgment, Acknowledgments, PartyDirectory};
//! use tradeproof::issuer::SecretKey;
//! use tradeproof::prelude::*;
//!
//! # fn main() -> tradeproof::Result<()> {
//! let importer_key = SecretKey::from_seed(&[7; 32]);
//! let (importer, exporter) = (PartyId::new(2077)?, PartyId::new(1042)?);
//! let parties = PartyDirectory::new(vec![(importer, importer_key.public_key())])?;
//! let invoice = ark_bn254::Fr::from(123_456u64); // the digest of a sealed invoice on the ledger
//! let ack = Acknowledgment::sign(&importer_key, invoice, importer, exporter)?;
//! let mut book = Acknowledgments::default();
//! book.record(ack, &parties)?;
//! assert_eq!(book.get(&invoice).map(|a| a.exporter()), Some(exporter));
//! # Ok(())
//! # }
//! ```
use crate::claims::aggregate_value;
use crate::codes::PartyId;
use crate::context::Context;
use crate::error::{Error, FinancingRefusal, Result};
use crate::issuer::{PublicKey, SecretKey, Signature};
use crate::statement::{Proof, Statement};
use crate::verifier::Verifier;
use crate::Claim;
use ark_bn254::Fr;
use ark_ff::{PrimeField, Zero};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use tradeproof_circuits::gadgets::{eddsa, poseidon};

/// Domain tag of acknowledgment messages: the field element of the bytes
/// `"tradeproof acknowledgment v1"` (little-endian), so that an acknowledgment signature is never a
/// valid signature of a certificate or any other message the same key might sign.
pub fn ack_domain() -> Fr {
    Fr::from_le_bytes_mod_order(b"tradeproof acknowledgment v1")
}

/// The message an importer signs to acknowledge invoice `invoice` (a sealed record's digest) of
/// `exporter`: `Poseidon(ack_domain(), invoice, importer, exporter)`.
pub fn acknowledgment_message(invoice: Fr, importer: PartyId, exporter: PartyId) -> Fr {
    poseidon::hash(&[
        ack_domain(),
        invoice,
        Fr::from(importer.get()),
        Fr::from(exporter.get()),
    ])
}

/// The ledger's directory of party keys: which EdDSA-Poseidon public key speaks for which party number.
#[derive(Clone, Debug, Default)]
pub struct PartyDirectory {
    keys: BTreeMap<PartyId, PublicKey>,
}

impl PartyDirectory {
    /// Builds the directory, refusing a party listed twice and a key that is not a point of the
    /// prime-order subgroup (or is the identity), as the issuer registry does.
    pub fn new(parties: Vec<(PartyId, PublicKey)>) -> Result<Self> {
        let mut keys = BTreeMap::new();
        for (party, key) in parties {
            if !key.is_valid_public_key() {
                return Err(FinancingRefusal::BadPartyKey(party.get()).into());
            }
            if keys.insert(party, key).is_some() {
                return Err(FinancingRefusal::PartyListedTwice(party.get()).into());
            }
        }
        Ok(Self { keys })
    }

    /// The key of `party`.
    pub fn key_of(&self, party: PartyId) -> Option<&PublicKey> {
        self.keys.get(&party)
    }
}

/// An importer's signed acknowledgment that the sealed record `invoice` is a real invoice it owes to
/// `exporter` (see the [module documentation](self) for what it does and does not say).
///
/// JSON: `{"invoice": "<decimal>", "importer": 2077, "exporter": 1042, "signature": {"r8": ["<x>",
/// "<y>"], "s": "<decimal>"}}`; a signature whose `R8` is not on the curve or whose `S` is not below
/// the subgroup order is refused on decoding.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "AckJson", into = "AckJson")]
pub struct Acknowledgment {
    invoice: Fr,
    importer: PartyId,
    exporter: PartyId,
    signature: Signature,
}

impl Acknowledgment {
    /// The importer signs an acknowledgment of `invoice` (a sealed invoice's digest) from `exporter`.
    /// Refused: a zero digest (no record has it), or an importer acknowledging its own invoice.
    pub fn sign(
        key: &SecretKey,
        invoice: Fr,
        importer: PartyId,
        exporter: PartyId,
    ) -> Result<Self> {
        if invoice.is_zero() {
            return Err(FinancingRefusal::ZeroInvoice.into());
        }
        if importer == exporter {
            return Err(FinancingRefusal::SelfAcknowledged(importer.get()).into());
        }
        let signature = key.sign(acknowledgment_message(invoice, importer, exporter));
        Ok(Self {
            invoice,
            importer,
            exporter,
            signature,
        })
    }

    /// The acknowledged invoice's digest.
    pub fn invoice(&self) -> Fr {
        self.invoice
    }

    /// The importer (debtor) who acknowledged it.
    pub fn importer(&self) -> PartyId {
        self.importer
    }

    /// The exporter the invoice is owed to.
    pub fn exporter(&self) -> PartyId {
        self.exporter
    }

    /// The importer's signature.
    pub fn signature(&self) -> &Signature {
        &self.signature
    }

    /// Checks the acknowledgment against the importer's key in `parties`: registered importer, valid
    /// signature, nonzero digest, importer and exporter distinct.
    pub fn verify(&self, parties: &PartyDirectory) -> Result<()> {
        if self.invoice.is_zero() {
            return Err(FinancingRefusal::ZeroInvoice.into());
        }
        if self.importer == self.exporter {
            return Err(FinancingRefusal::SelfAcknowledged(self.importer.get()).into());
        }
        let key = parties
            .key_of(self.importer)
            .ok_or(FinancingRefusal::UnknownParty(self.importer.get()))?;
        let msg = acknowledgment_message(self.invoice, self.importer, self.exporter);
        if !eddsa::verify(key, msg, &self.signature) {
            return Err(FinancingRefusal::BadSignature(self.importer.get()).into());
        }
        Ok(())
    }
}

/// The JSON form of an [`Acknowledgment`] (decoding checks the signature's encoding).
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct AckJson {
    #[serde(with = "crate::encoding::serde::fr_string")]
    invoice: Fr,
    importer: PartyId,
    exporter: PartyId,
    /// Decoding checks `R8` on the curve and `S` below the subgroup order.
    signature: Signature,
}

impl From<Acknowledgment> for AckJson {
    fn from(a: Acknowledgment) -> Self {
        AckJson {
            invoice: a.invoice,
            importer: a.importer,
            exporter: a.exporter,
            signature: a.signature,
        }
    }
}

impl TryFrom<AckJson> for Acknowledgment {
    type Error = Error;
    fn try_from(j: AckJson) -> Result<Self> {
        if j.invoice.is_zero() {
            return Err(FinancingRefusal::ZeroInvoice.into());
        }
        Ok(Acknowledgment {
            invoice: j.invoice,
            importer: j.importer,
            exporter: j.exporter,
            signature: j.signature,
        })
    }
}

/// The ledger's book of acknowledged invoices: one acknowledgment per digest, each checked when it is
/// recorded.
#[derive(Clone, Debug, Default)]
pub struct Acknowledgments {
    by_invoice: BTreeMap<Fr, Acknowledgment>,
}

impl Acknowledgments {
    /// Records an acknowledgment after [`Acknowledgment::verify`]. Recording the same acknowledgment
    /// again is a no-op; a different acknowledgment of an already acknowledged digest (another importer
    /// or exporter) is refused.
    pub fn record(&mut self, ack: Acknowledgment, parties: &PartyDirectory) -> Result<()> {
        ack.verify(parties)?;
        match self.by_invoice.get(&ack.invoice) {
            Some(existing) if *existing == ack => Ok(()),
            Some(existing)
                if existing.importer == ack.importer && existing.exporter == ack.exporter =>
            {
                Ok(()) // the same statement signed again (a fresh nonce): keep the first
            }
            Some(_) => Err(FinancingRefusal::AcknowledgedDifferently {
                invoice: ack.invoice,
            }
            .into()),
            None => {
                self.by_invoice.insert(ack.invoice, ack);
                Ok(())
            }
        }
    }

    /// The acknowledgment of `invoice`, if any.
    pub fn get(&self, invoice: &Fr) -> Option<&Acknowledgment> {
        self.by_invoice.get(invoice)
    }

    /// Number of acknowledged invoices.
    pub fn len(&self) -> usize {
        self.by_invoice.len()
    }

    /// Whether nothing is acknowledged.
    pub fn is_empty(&self) -> bool {
        self.by_invoice.is_empty()
    }
}

/// An aggregate-value claim whose proof has verified under the expected context: the only input
/// [`FinancedOnce`] accepts, so that nothing is marked financed on an unverified claim.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VerifiedClaim {
    claim: aggregate_value::Public,
    context: Context,
}

impl VerifiedClaim {
    /// The verified claim's terms and invoices.
    pub fn claim(&self) -> &aggregate_value::Public {
        &self.claim
    }

    /// The context it was verified under.
    pub fn context(&self) -> Context {
        self.context
    }
}

/// Verifies `proof` for `statement` under `expected` and returns its aggregate-value claim; any other
/// claim kind is refused.
pub fn verify_claim(
    verifier: &Verifier,
    statement: &Statement,
    proof: &Proof,
    expected: &Context,
) -> Result<VerifiedClaim> {
    verifier.verify(statement, proof, expected)?;
    match statement.claim()? {
        Claim::AggregateValue(claim) => Ok(VerifiedClaim {
            claim,
            context: *expected,
        }),
        _ => Err(FinancingRefusal::NotAggregateClaim.into()),
    }
}

/// One financing recorded in the register.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Financing {
    /// The financing bank.
    pub bank: PartyId,
    /// The exporter financed.
    pub exporter: PartyId,
    /// The context of the aggregate claim (identifies the request).
    pub context: Context,
    /// The invoice digests financed.
    #[serde(with = "crate::encoding::serde::fr_vec")]
    pub invoices: Vec<Fr>,
}

/// The ledger's financed-once register: every invoice digest that backs a financing, and by whom.
#[derive(Clone, Debug, Default)]
pub struct FinancedOnce {
    financed: BTreeMap<Fr, PartyId>,
}

impl FinancedOnce {
    /// Checks, without marking anything, that `claim` may be financed: every invoice is acknowledged for
    /// the claim's exporter, and none is financed yet. The first failing invoice is named.
    pub fn check(&self, claim: &VerifiedClaim, acknowledgments: &Acknowledgments) -> Result<()> {
        let c = &claim.claim;
        for invoice in &c.invoices {
            let ack = acknowledgments
                .get(invoice)
                .ok_or(FinancingRefusal::NotAcknowledged { invoice: *invoice })?;
            if ack.exporter != c.exporter {
                return Err(FinancingRefusal::OtherExporter {
                    invoice: *invoice,
                    acknowledged_for: ack.exporter.get(),
                }
                .into());
            }
            if let Some(bank) = self.financed.get(invoice) {
                return Err(FinancingRefusal::AlreadyFinanced {
                    invoice: *invoice,
                    bank: bank.get(),
                }
                .into());
            }
        }
        Ok(())
    }

    /// [`check`](Self::check)s and then marks every invoice of `claim` as financed by `bank`, all at
    /// once: on any refusal nothing is marked.
    pub fn finance(
        &mut self,
        claim: &VerifiedClaim,
        acknowledgments: &Acknowledgments,
        bank: PartyId,
    ) -> Result<Financing> {
        self.check(claim, acknowledgments)?;
        let c = &claim.claim;
        for invoice in &c.invoices {
            self.financed.insert(*invoice, bank);
        }
        Ok(Financing {
            bank,
            exporter: c.exporter,
            context: claim.context,
            invoices: c.invoices.clone(),
        })
    }

    /// The bank that financed `invoice`, if any.
    pub fn financed_by(&self, invoice: &Fr) -> Option<PartyId> {
        self.financed.get(invoice).copied()
    }

    /// Number of financed invoices.
    pub fn len(&self) -> usize {
        self.financed.len()
    }

    /// Whether nothing is financed.
    pub fn is_empty(&self) -> bool {
        self.financed.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codes::{Currency, Date};
    use ark_ff::BigInteger;

    fn party(n: u64) -> PartyId {
        PartyId::new(n).unwrap()
    }

    fn keys() -> (SecretKey, SecretKey, PartyDirectory) {
        let (a, b) = (
            SecretKey::from_seed(&[1; 32]),
            SecretKey::from_seed(&[2; 32]),
        );
        let dir = PartyDirectory::new(vec![
            (party(2077), a.public_key()),
            (party(3000), b.public_key()),
        ])
        .unwrap();
        (a, b, dir)
    }

    fn verified(invoices: &[u64], exporter: u64) -> VerifiedClaim {
        VerifiedClaim {
            claim: aggregate_value::Public {
                capacity: 4,
                invoices: invoices.iter().map(|i| Fr::from(*i)).collect(),
                exporter: party(exporter),
                currency: Currency::from_numeric(978).unwrap(),
                threshold: 1,
                from: Date::from_days(1).unwrap(),
                to: Date::from_days(2).unwrap(),
            },
            context: Context::new(1, 2),
        }
    }

    fn refusal(e: Error) -> FinancingRefusal {
        match e {
            Error::Financing(r) => r,
            other => panic!("not a financing refusal: {other}"),
        }
    }

    #[test]
    fn acknowledgments_are_checked_when_recorded() {
        let (a, b, dir) = keys();
        let mut book = Acknowledgments::default();
        let ack = Acknowledgment::sign(&a, Fr::from(11u64), party(2077), party(1042)).unwrap();
        book.record(ack.clone(), &dir).unwrap();
        book.record(ack.clone(), &dir).unwrap(); // idempotent
        assert_eq!(book.len(), 1);
        // Signed by another party's key, for an unknown importer, for another exporter than signed.
        let forged = Acknowledgment::sign(&b, Fr::from(12u64), party(2077), party(1042)).unwrap();
        assert!(matches!(
            refusal(book.record(forged, &dir).unwrap_err()),
            FinancingRefusal::BadSignature(2077)
        ));
        let unknown = Acknowledgment::sign(&a, Fr::from(12u64), party(9), party(1042)).unwrap();
        assert!(matches!(
            refusal(book.record(unknown, &dir).unwrap_err()),
            FinancingRefusal::UnknownParty(9)
        ));
        let mut moved = ack.clone();
        moved.exporter = party(1043);
        assert!(matches!(
            refusal(book.record(moved, &dir).unwrap_err()),
            FinancingRefusal::BadSignature(_)
        ));
        // Another importer acknowledging an acknowledged digest, an exporter acknowledging itself, zero.
        let other = Acknowledgment::sign(&b, Fr::from(11u64), party(3000), party(1042)).unwrap();
        assert!(matches!(
            refusal(book.record(other, &dir).unwrap_err()),
            FinancingRefusal::AcknowledgedDifferently { .. }
        ));
        assert!(Acknowledgment::sign(&a, Fr::from(13u64), party(2077), party(2077)).is_err());
        assert!(Acknowledgment::sign(&a, Fr::zero(), party(2077), party(1042)).is_err());
        assert_eq!(book.len(), 1);
    }

    #[test]
    fn financing_is_once_and_all_or_nothing() {
        let (a, _, dir) = keys();
        let mut book = Acknowledgments::default();
        for i in [11u64, 12, 13] {
            book.record(
                Acknowledgment::sign(&a, Fr::from(i), party(2077), party(1042)).unwrap(),
                &dir,
            )
            .unwrap();
        }
        let mut register = FinancedOnce::default();
        // A digest nobody acknowledged (a renumbered copy): refused, and nothing marked.
        let e = register
            .finance(&verified(&[11, 99], 1042), &book, party(500))
            .unwrap_err();
        assert_eq!(
            refusal(e),
            FinancingRefusal::NotAcknowledged {
                invoice: Fr::from(99u64)
            }
        );
        assert!(register.is_empty());
        // Acknowledged for another exporter.
        let e = register
            .finance(&verified(&[11], 1043), &book, party(500))
            .unwrap_err();
        assert!(matches!(refusal(e), FinancingRefusal::OtherExporter { .. }));
        // Financed once, then refused to a second bank and to the same bank, even in part.
        let f = register
            .finance(&verified(&[11, 12], 1042), &book, party(500))
            .unwrap();
        assert_eq!(f.invoices.len(), 2);
        for (invoices, bank) in [(&[11u64, 12][..], 501), (&[12, 13][..], 500)] {
            let e = register
                .finance(&verified(invoices, 1042), &book, party(bank))
                .unwrap_err();
            assert!(matches!(
                refusal(e),
                FinancingRefusal::AlreadyFinanced { bank: 500, .. }
            ));
        }
        assert_eq!(register.financed_by(&Fr::from(13u64)), None);
        register
            .finance(&verified(&[13], 1042), &book, party(501))
            .unwrap();
        assert_eq!(register.len(), 3);
    }

    #[test]
    fn party_directory_refuses_bad_keys_and_repeats() {
        let k = SecretKey::from_seed(&[3; 32]).public_key();
        assert!(PartyDirectory::new(vec![(party(1), k), (party(1), k)]).is_err());
        assert!(PartyDirectory::new(vec![(
            party(1),
            tradeproof_circuits::gadgets::babyjubjub::Point::IDENTITY
        )])
        .is_err());
        // A point of order 8 · (a subgroup point): on the curve, outside the prime-order subgroup.
        let small = tradeproof_circuits::gadgets::babyjubjub::Point {
            x: Fr::zero(),
            y: -Fr::from(1u64),
        };
        assert!(small.is_on_curve());
        assert!(PartyDirectory::new(vec![(party(1), small)]).is_err());
    }

    #[test]
    fn acknowledgment_json_round_trips_and_refuses_bad_signatures() {
        let (a, _, dir) = keys();
        let ack = Acknowledgment::sign(&a, Fr::from(11u64), party(2077), party(1042)).unwrap();
        let json = serde_json::to_string(&ack).unwrap();
        let back: Acknowledgment = serde_json::from_str(&json).unwrap();
        assert_eq!(back, ack);
        back.verify(&dir).unwrap();
        let mut v: serde_json::Value = serde_json::from_str(&json).unwrap();
        v["signature"]["r8"][0] = serde_json::Value::String("1".into());
        assert!(serde_json::from_value::<Acknowledgment>(v).is_err());
        let mut v: serde_json::Value = serde_json::from_str(&json).unwrap();
        let l = crate::encoding::fr_to_string(&Fr::from_le_bytes_mod_order(
            &tradeproof_circuits::gadgets::babyjubjub::SUB_ORDER.to_bytes_le(),
        ));
        v["signature"]["s"] = serde_json::Value::String(l);
        assert!(serde_json::from_value::<Acknowledgment>(v).is_err());
        let mut v: serde_json::Value = serde_json::from_str(&json).unwrap();
        v["extra"] = serde_json::Value::Null;
        assert!(serde_json::from_value::<Acknowledgment>(v).is_err());
        let mut v: serde_json::Value = serde_json::from_str(&json).unwrap();
        v["invoice"] = serde_json::Value::String("0".into());
        assert!(serde_json::from_value::<Acknowledgment>(v).is_err());
    }
}
