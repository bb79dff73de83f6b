//! Claims: what an owner proves about sealed records.
//!
//! A [`Claim`] is the public side — which records (by digest), and the claim's parameters. A
//! [`Witness`] is a claim together with what only the prover knows (record keys and plaintexts,
//! signatures, Merkle paths); it is what the [`crate::Prover`] takes. Building a witness checks every
//! predicate natively first and reports the failing one in words, so an honest prover never spends a
//! proof on a false claim.
//!
//! | kind | public inputs (in order) | statement |
//! |---|---|---|
//! | [`ClaimKind::ValueRange`] | record, context, doc type, slot, min, max | slot `s` of the record lies in `[min, max]` (also date windows) |
//! | [`ClaimKind::OriginEquals`] | record, context, doc type, country | the origin is `country` |
//! | [`ClaimKind::OriginInList`] | record, context, doc type, list root | the origin is on an allow-list |
//! | [`ClaimKind::OriginMatch`] | declaration, certificate, context | both name the same origin |
//! | [`ClaimKind::CertificateValidity`] | certificate, context, date, registry root, revocation root | signed by a registered issuer, valid on `date`, not revoked |
//! | [`ClaimKind::CustomsClearance`] | declaration, certificate, context, min, max, currency, registry root, revocation root | value in band, origins and exporters match, certificate valid on the declaration date |
//! | [`ClaimKind::AggregateValue`] | context, exporter, currency, threshold, from, to, n invoice digests | distinct invoices of one exporter in a window total at least `threshold` |
use crate::document::{Country, Currency, Date, DocType, PartyId, RECORD_SLOTS};
use crate::error::{DecodeError, Error, Result};
use crate::record::RecordOpening;
use crate::statement::Context;
use ark_bn254::Fr;
use ark_ff::{BigInteger, PrimeField, Zero};
use ark_relations::gr1cs::{ConstraintSynthesizer, ConstraintSystemRef, SynthesisError};
use serde::{Deserialize, Serialize};
use tradeproof_circuits::claims::aggregate_value::{AggregateParams, MAX_CAPACITY};
use tradeproof_circuits::claims::certificate::{IssuerRegistry, IssuerWitness, RevocationList};
use tradeproof_circuits::claims::customs_clearance::ValueBand;
use tradeproof_circuits::claims::{self as c, ClaimCircuit};
use tradeproof_circuits::gadgets::eddsa::Signature;
use tradeproof_circuits::gadgets::merkle::MerkleTree;

/// The kinds of claims, one circuit each (the aggregate-value circuit also depends on its capacity).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClaimKind {
    /// Value (or date) range on one slot of one record.
    ValueRange,
    /// Origin equals a public country.
    OriginEquals,
    /// Origin in a public allow-list.
    OriginInList,
    /// Declaration and certificate name the same origin.
    OriginMatch,
    /// Certificate of origin signed, registered, in date, not revoked.
    CertificateValidity,
    /// The customs-clearance bundle.
    CustomsClearance,
    /// Total value of up to `capacity` invoices.
    AggregateValue {
        /// Number of invoice slots of the circuit.
        capacity: u16,
    },
}

impl ClaimKind {
    /// Every fixed-shape kind (the aggregate-value kind needs a capacity).
    pub const FIXED: [ClaimKind; 6] = [
        ClaimKind::ValueRange,
        ClaimKind::OriginEquals,
        ClaimKind::OriginInList,
        ClaimKind::OriginMatch,
        ClaimKind::CertificateValidity,
        ClaimKind::CustomsClearance,
    ];

    /// Stable name (`"customs_clearance"`); the aggregate kind reads `"aggregate_value-32"`.
    pub fn name(&self) -> String {
        match self {
            ClaimKind::AggregateValue { capacity } => format!("aggregate_value-{capacity}"),
            k => k.base_name().to_string(),
        }
    }

    /// The circuit's name without parameters.
    pub fn base_name(&self) -> &'static str {
        match self {
            ClaimKind::ValueRange => c::ValueRangeCircuit::NAME,
            ClaimKind::OriginEquals => c::OriginEqualsCircuit::NAME,
            ClaimKind::OriginInList => c::OriginInListCircuit::NAME,
            ClaimKind::OriginMatch => c::OriginMatchCircuit::NAME,
            ClaimKind::CertificateValidity => c::CertificateValidityCircuit::NAME,
            ClaimKind::CustomsClearance => c::CustomsClearanceCircuit::NAME,
            ClaimKind::AggregateValue { .. } => c::AggregateValueCircuit::NAME,
        }
    }

    /// Number of public inputs.
    pub fn num_inputs(&self) -> usize {
        match self {
            ClaimKind::ValueRange => 6,
            ClaimKind::OriginEquals | ClaimKind::OriginInList => 4,
            ClaimKind::OriginMatch => 3,
            ClaimKind::CertificateValidity => 5,
            ClaimKind::CustomsClearance => 8,
            ClaimKind::AggregateValue { capacity } => 6 + *capacity as usize,
        }
    }

    /// Position of the context among the public inputs.
    pub fn context_index(&self) -> usize {
        match self {
            ClaimKind::OriginMatch | ClaimKind::CustomsClearance => 2,
            ClaimKind::AggregateValue { .. } => 0,
            _ => 1,
        }
    }

    /// Checks a kind read from untrusted bytes.
    pub fn validate(&self) -> Result<()> {
        if let ClaimKind::AggregateValue { capacity } = self {
            if *capacity == 0 || *capacity as usize > MAX_CAPACITY {
                return Err(Error::InvalidClaim(format!(
                    "aggregate capacity {capacity} outside 1..={MAX_CAPACITY}"
                )));
            }
        }
        Ok(())
    }

    /// A circuit of this kind's shape, for key generation.
    pub fn blank_witness(&self) -> Witness {
        match self {
            ClaimKind::ValueRange => Witness::ValueRange(c::ValueRangeCircuit::blank()),
            ClaimKind::OriginEquals => Witness::OriginEquals(c::OriginEqualsCircuit::blank()),
            ClaimKind::OriginInList => Witness::OriginInList(c::OriginInListCircuit::blank()),
            ClaimKind::OriginMatch => Witness::OriginMatch(c::OriginMatchCircuit::blank()),
            ClaimKind::CertificateValidity => {
                Witness::CertificateValidity(c::CertificateValidityCircuit::blank())
            }
            ClaimKind::CustomsClearance => {
                Witness::CustomsClearance(c::CustomsClearanceCircuit::blank())
            }
            ClaimKind::AggregateValue { capacity } => Witness::AggregateValue(
                c::AggregateValueCircuit::blank((*capacity).max(1) as usize),
            ),
        }
    }
}

impl std::fmt::Display for ClaimKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.name())
    }
}

/// A record's digest as it appears in claims.
pub type Digest = Fr;

/// The public side of a claim: the records it is about (digests) and its parameters.
///
/// JSON: `{"kind": "value_range", …}`; reading checks the parameters ([`Claim::validate`]).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(
    remote = "Self",
    tag = "kind",
    rename_all = "snake_case",
    deny_unknown_fields
)]
pub enum Claim {
    /// Slot `slot` of the `doc_type` record lies in `[min, max]`.
    ValueRange {
        /// The record.
        #[serde(with = "crate::wire::json::fr_string")]
        record: Digest,
        /// Its document type.
        doc_type: DocTypeCode,
        /// The slot.
        slot: u8,
        /// Lower bound.
        min: u64,
        /// Upper bound.
        max: u64,
    },
    /// The origin of the `doc_type` record is `country`.
    OriginEquals {
        /// The record.
        #[serde(with = "crate::wire::json::fr_string")]
        record: Digest,
        /// Its document type.
        doc_type: DocTypeCode,
        /// The country.
        country: Country,
    },
    /// The origin of the `doc_type` record is on the allow-list with root `list_root`.
    OriginInList {
        /// The record.
        #[serde(with = "crate::wire::json::fr_string")]
        record: Digest,
        /// Its document type.
        doc_type: DocTypeCode,
        /// Root of the allow-list.
        #[serde(with = "crate::wire::json::fr_string")]
        list_root: Fr,
    },
    /// The declaration and the certificate name the same origin.
    OriginMatch {
        /// The customs declaration.
        #[serde(with = "crate::wire::json::fr_string")]
        declaration: Digest,
        /// The certificate of origin.
        #[serde(with = "crate::wire::json::fr_string")]
        certificate: Digest,
    },
    /// The certificate is signed by a registered issuer, valid on `date` and not revoked.
    CertificateValidity {
        /// The certificate of origin.
        #[serde(with = "crate::wire::json::fr_string")]
        certificate: Digest,
        /// The day on which it must be valid.
        date: Date,
        /// Issuer registry root.
        #[serde(with = "crate::wire::json::fr_string")]
        registry_root: Fr,
        /// Revocation root.
        #[serde(with = "crate::wire::json::fr_string")]
        revocation_root: Fr,
    },
    /// Customs clearance of a declaration backed by a certificate of origin.
    CustomsClearance {
        /// The customs declaration.
        #[serde(with = "crate::wire::json::fr_string")]
        declaration: Digest,
        /// The certificate of origin.
        #[serde(with = "crate::wire::json::fr_string")]
        certificate: Digest,
        /// Lowest acceptable declared value (minor units).
        min: u64,
        /// Highest acceptable declared value (minor units).
        max: u64,
        /// Currency of the band.
        currency: Currency,
        /// Issuer registry root.
        #[serde(with = "crate::wire::json::fr_string")]
        registry_root: Fr,
        /// Revocation root.
        #[serde(with = "crate::wire::json::fr_string")]
        revocation_root: Fr,
    },
    /// Distinct invoices of `exporter`, dated in `[from, to]`, total at least `threshold`.
    AggregateValue {
        /// Circuit capacity.
        capacity: u16,
        /// The invoices (at most `capacity`; unused slots are not listed).
        #[serde(with = "crate::wire::json::fr_vec")]
        invoices: Vec<Digest>,
        /// The applicant.
        exporter: PartyId,
        /// Currency of every invoice.
        currency: Currency,
        /// Minimum total (minor units).
        threshold: u64,
        /// First day of the window.
        from: Date,
        /// Last day of the window.
        to: Date,
    },
}

impl Serialize for Claim {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        Claim::serialize(self, s)
    }
}

impl<'de> Deserialize<'de> for Claim {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        let c = Claim::deserialize(d)?;
        c.validate().map_err(serde::de::Error::custom)?;
        Ok(c)
    }
}

/// A document type as carried in claims (JSON: `"customs_declaration"`, …).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DocTypeCode {
    /// See [`DocType::CustomsDeclaration`].
    CustomsDeclaration,
    /// See [`DocType::CommercialInvoice`].
    CommercialInvoice,
    /// See [`DocType::CertificateOfOrigin`].
    CertificateOfOrigin,
    /// See [`DocType::BillOfLading`].
    BillOfLading,
}

impl From<DocType> for DocTypeCode {
    fn from(d: DocType) -> Self {
        match d {
            DocType::CustomsDeclaration => DocTypeCode::CustomsDeclaration,
            DocType::CommercialInvoice => DocTypeCode::CommercialInvoice,
            DocType::CertificateOfOrigin => DocTypeCode::CertificateOfOrigin,
            DocType::BillOfLading => DocTypeCode::BillOfLading,
        }
    }
}

impl From<DocTypeCode> for DocType {
    fn from(d: DocTypeCode) -> Self {
        match d {
            DocTypeCode::CustomsDeclaration => DocType::CustomsDeclaration,
            DocTypeCode::CommercialInvoice => DocType::CommercialInvoice,
            DocTypeCode::CertificateOfOrigin => DocType::CertificateOfOrigin,
            DocTypeCode::BillOfLading => DocType::BillOfLading,
        }
    }
}

fn u64_input(x: Fr, what: &'static str) -> Result<u64> {
    let b = x.into_bigint();
    let l = b.as_ref();
    if l[1..].iter().any(|v| *v != 0) {
        return Err(DecodeError::Invalid {
            what,
            reason: "not a 64-bit integer".into(),
        }
        .into());
    }
    Ok(l[0])
}

fn u16_input(x: Fr, what: &'static str) -> Result<u16> {
    u16::try_from(u64_input(x, what)?).map_err(|_| {
        DecodeError::Invalid {
            what,
            reason: "too large".into(),
        }
        .into()
    })
}

fn date_input(x: Fr, what: &'static str) -> Result<Date> {
    let d = u64_input(x, what)?;
    Date::from_days(u32::try_from(d).map_err(|_| Error::ImpossibleDate(format!("day {d}")))?)
}

fn doc_type_input(x: Fr) -> Result<DocTypeCode> {
    let code = u64_input(x, "document type")?;
    DocType::from_code(code).map(Into::into).ok_or_else(|| {
        DecodeError::Invalid {
            what: "document type",
            reason: format!("unknown code {code}"),
        }
        .into()
    })
}

impl Claim {
    /// The claim's kind (its circuit).
    pub fn kind(&self) -> ClaimKind {
        match self {
            Claim::ValueRange { .. } => ClaimKind::ValueRange,
            Claim::OriginEquals { .. } => ClaimKind::OriginEquals,
            Claim::OriginInList { .. } => ClaimKind::OriginInList,
            Claim::OriginMatch { .. } => ClaimKind::OriginMatch,
            Claim::CertificateValidity { .. } => ClaimKind::CertificateValidity,
            Claim::CustomsClearance { .. } => ClaimKind::CustomsClearance,
            Claim::AggregateValue { capacity, .. } => ClaimKind::AggregateValue {
                capacity: *capacity,
            },
        }
    }

    /// The digests of the sealed records the claim is about, in order.
    pub fn record_digests(&self) -> Vec<Digest> {
        match self {
            Claim::ValueRange { record, .. }
            | Claim::OriginEquals { record, .. }
            | Claim::OriginInList { record, .. } => vec![*record],
            Claim::OriginMatch {
                declaration,
                certificate,
            }
            | Claim::CustomsClearance {
                declaration,
                certificate,
                ..
            } => {
                vec![*declaration, *certificate]
            }
            Claim::CertificateValidity { certificate, .. } => vec![*certificate],
            Claim::AggregateValue { invoices, .. } => invoices.clone(),
        }
    }

    /// A date-window claim: the date in `slot` of the record lies in `[not_before, not_after]` (the
    /// value-range circuit on a date slot).
    pub fn date_window(
        record: Digest,
        doc_type: DocType,
        slot: usize,
        not_before: Date,
        not_after: Date,
    ) -> Result<Claim> {
        let c = Claim::ValueRange {
            record,
            doc_type: doc_type.into(),
            slot: u8::try_from(slot)
                .map_err(|_| Error::InvalidClaim(format!("slot {slot} does not exist")))?,
            min: not_before.days() as u64,
            max: not_after.days() as u64,
        };
        c.validate()?;
        Ok(c)
    }

    /// Checks the parameters (slot exists, range not empty, capacity respected, no zero digest).
    pub fn validate(&self) -> Result<()> {
        match self {
            Claim::ValueRange { slot, min, max, .. } => {
                if *slot as usize >= RECORD_SLOTS {
                    return Err(Error::InvalidClaim(format!("slot {slot} does not exist")));
                }
                if min > max {
                    return Err(Error::InvalidClaim(format!("empty range [{min}, {max}]")));
                }
            }
            Claim::CustomsClearance { min, max, .. } if min > max => {
                return Err(Error::InvalidClaim(format!(
                    "empty value band [{min}, {max}]"
                )));
            }
            Claim::AggregateValue {
                capacity,
                invoices,
                from,
                to,
                ..
            } => {
                self.kind().validate()?;
                if invoices.is_empty() || invoices.len() > *capacity as usize {
                    return Err(Error::InvalidClaim(format!(
                        "1 to {capacity} invoices expected, got {}",
                        invoices.len()
                    )));
                }
                if invoices.iter().any(|d| d.is_zero()) {
                    return Err(Error::InvalidClaim("an invoice digest is zero".into()));
                }
                if from > to {
                    return Err(Error::InvalidClaim("empty date window".into()));
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// The public inputs of this claim under `context`, in circuit order.
    pub fn public_inputs(&self, context: &Context) -> Result<Vec<Fr>> {
        self.validate()?;
        let x = context.to_field();
        let t = |d: &DocTypeCode| Fr::from(DocType::from(*d).code());
        let n = |v: u64| Fr::from(v);
        Ok(match self {
            Claim::ValueRange {
                record,
                doc_type,
                slot,
                min,
                max,
            } => vec![*record, x, t(doc_type), n(*slot as u64), n(*min), n(*max)],
            Claim::OriginEquals {
                record,
                doc_type,
                country,
            } => vec![*record, x, t(doc_type), n(country.numeric() as u64)],
            Claim::OriginInList {
                record,
                doc_type,
                list_root,
            } => vec![*record, x, t(doc_type), *list_root],
            Claim::OriginMatch {
                declaration,
                certificate,
            } => vec![*declaration, *certificate, x],
            Claim::CertificateValidity {
                certificate,
                date,
                registry_root,
                revocation_root,
            } => {
                vec![
                    *certificate,
                    x,
                    n(date.days() as u64),
                    *registry_root,
                    *revocation_root,
                ]
            }
            Claim::CustomsClearance {
                declaration,
                certificate,
                min,
                max,
                currency,
                registry_root,
                revocation_root,
            } => vec![
                *declaration,
                *certificate,
                x,
                n(*min),
                n(*max),
                n(currency.numeric() as u64),
                *registry_root,
                *revocation_root,
            ],
            Claim::AggregateValue {
                capacity,
                invoices,
                exporter,
                currency,
                threshold,
                from,
                to,
            } => {
                let mut v = vec![
                    x,
                    n(exporter.get()),
                    n(currency.numeric() as u64),
                    n(*threshold),
                    n(from.days() as u64),
                    n(to.days() as u64),
                ];
                v.extend_from_slice(invoices);
                v.resize(6 + *capacity as usize, Fr::zero());
                v
            }
        })
    }

    /// Reads a claim and its context back from public inputs (as found in a decoded statement).
    /// Fails if a parameter is not of its type (a document type code that does not exist, a country
    /// that is not in ISO 3166, a value above 2^64, …).
    pub fn from_public_inputs(kind: ClaimKind, inputs: &[Fr]) -> Result<(Claim, Context)> {
        kind.validate()?;
        if inputs.len() != kind.num_inputs() {
            return Err(Error::PublicInputCount {
                expected: kind.num_inputs(),
                found: inputs.len(),
            });
        }
        let ctx = Context::from_field(inputs[kind.context_index()]);
        let claim = match kind {
            ClaimKind::ValueRange => Claim::ValueRange {
                record: inputs[0],
                doc_type: doc_type_input(inputs[2])?,
                slot: u8::try_from(u64_input(inputs[3], "slot")?)
                    .map_err(|_| Error::InvalidClaim("slot too large".into()))?,
                min: u64_input(inputs[4], "minimum")?,
                max: u64_input(inputs[5], "maximum")?,
            },
            ClaimKind::OriginEquals => Claim::OriginEquals {
                record: inputs[0],
                doc_type: doc_type_input(inputs[2])?,
                country: Country::from_numeric(u16_input(inputs[3], "country")?)?,
            },
            ClaimKind::OriginInList => Claim::OriginInList {
                record: inputs[0],
                doc_type: doc_type_input(inputs[2])?,
                list_root: inputs[3],
            },
            ClaimKind::OriginMatch => Claim::OriginMatch {
                declaration: inputs[0],
                certificate: inputs[1],
            },
            ClaimKind::CertificateValidity => Claim::CertificateValidity {
                certificate: inputs[0],
                date: date_input(inputs[2], "date")?,
                registry_root: inputs[3],
                revocation_root: inputs[4],
            },
            ClaimKind::CustomsClearance => Claim::CustomsClearance {
                declaration: inputs[0],
                certificate: inputs[1],
                min: u64_input(inputs[3], "minimum")?,
                max: u64_input(inputs[4], "maximum")?,
                currency: Currency::from_numeric(u16_input(inputs[5], "currency")?)?,
                registry_root: inputs[6],
                revocation_root: inputs[7],
            },
            ClaimKind::AggregateValue { capacity } => {
                let digests = &inputs[6..];
                let used = digests.iter().take_while(|d| !d.is_zero()).count();
                if digests[used..].iter().any(|d| !d.is_zero()) {
                    return Err(Error::InvalidClaim(
                        "invoice digests after an unused slot".into(),
                    ));
                }
                Claim::AggregateValue {
                    capacity,
                    invoices: digests[..used].to_vec(),
                    exporter: PartyId::new(u64_input(inputs[1], "exporter")?)?,
                    currency: Currency::from_numeric(u16_input(inputs[2], "currency")?)?,
                    threshold: u64_input(inputs[3], "threshold")?,
                    from: date_input(inputs[4], "window start")?,
                    to: date_input(inputs[5], "window end")?,
                }
            }
        };
        claim.validate()?;
        Ok((claim, ctx))
    }
}

/// A claim with its private witness: what the prover takes. One variant per circuit.
#[derive(Clone, Debug)]
#[allow(clippy::large_enum_variant)]
pub enum Witness {
    /// See [`c::ValueRangeCircuit`].
    ValueRange(c::ValueRangeCircuit),
    /// See [`c::OriginEqualsCircuit`].
    OriginEquals(c::OriginEqualsCircuit),
    /// See [`c::OriginInListCircuit`].
    OriginInList(c::OriginInListCircuit),
    /// See [`c::OriginMatchCircuit`].
    OriginMatch(c::OriginMatchCircuit),
    /// See [`c::CertificateValidityCircuit`].
    CertificateValidity(c::CertificateValidityCircuit),
    /// See [`c::CustomsClearanceCircuit`].
    CustomsClearance(c::CustomsClearanceCircuit),
    /// See [`c::AggregateValueCircuit`].
    AggregateValue(c::AggregateValueCircuit),
}

macro_rules! each {
    ($self:expr, $c:ident => $e:expr) => {
        match $self {
            Witness::ValueRange($c) => $e,
            Witness::OriginEquals($c) => $e,
            Witness::OriginInList($c) => $e,
            Witness::OriginMatch($c) => $e,
            Witness::CertificateValidity($c) => $e,
            Witness::CustomsClearance($c) => $e,
            Witness::AggregateValue($c) => $e,
        }
    };
}

impl Witness {
    /// The kind of the claim.
    pub fn kind(&self) -> ClaimKind {
        match self {
            Witness::ValueRange(_) => ClaimKind::ValueRange,
            Witness::OriginEquals(_) => ClaimKind::OriginEquals,
            Witness::OriginInList(_) => ClaimKind::OriginInList,
            Witness::OriginMatch(_) => ClaimKind::OriginMatch,
            Witness::CertificateValidity(_) => ClaimKind::CertificateValidity,
            Witness::CustomsClearance(_) => ClaimKind::CustomsClearance,
            Witness::AggregateValue(c) => ClaimKind::AggregateValue {
                capacity: c.capacity() as u16,
            },
        }
    }

    /// The public inputs, in circuit order.
    pub fn public_inputs(&self) -> Vec<Fr> {
        each!(self, c => c.public_inputs())
    }

    /// The public claim (decoded from the public inputs).
    pub fn claim(&self) -> Result<Claim> {
        Claim::from_public_inputs(self.kind(), &self.public_inputs()).map(|(c, _)| c)
    }

    /// The context the proof will be bound to.
    pub fn context(&self) -> Context {
        Context::from_field(self.public_inputs()[self.kind().context_index()])
    }

    /// Value (or date) range on a slot of a record.
    pub fn value_range(
        opening: RecordOpening,
        context: &Context,
        doc_type: DocType,
        slot: usize,
        min: u64,
        max: u64,
    ) -> Result<Self> {
        Ok(Witness::ValueRange(c::ValueRangeCircuit::new(
            opening,
            context.to_field(),
            doc_type,
            slot,
            min,
            max,
        )?))
    }

    /// Date window on a date slot of a record.
    pub fn date_window(
        opening: RecordOpening,
        context: &Context,
        doc_type: DocType,
        slot: usize,
        not_before: Date,
        not_after: Date,
    ) -> Result<Self> {
        Self::value_range(
            opening,
            context,
            doc_type,
            slot,
            not_before.days() as u64,
            not_after.days() as u64,
        )
    }

    /// The origin of a record equals `country`.
    pub fn origin_equals(
        opening: RecordOpening,
        context: &Context,
        doc_type: DocType,
        country: Country,
    ) -> Result<Self> {
        Ok(Witness::OriginEquals(c::OriginEqualsCircuit::new(
            opening,
            context.to_field(),
            doc_type,
            country.numeric(),
        )?))
    }

    /// The origin of a record is on `list`.
    pub fn origin_in_list(
        opening: RecordOpening,
        context: &Context,
        doc_type: DocType,
        list: &AllowList,
    ) -> Result<Self> {
        Ok(Witness::OriginInList(c::OriginInListCircuit::new(
            opening,
            context.to_field(),
            doc_type,
            &list.tree,
        )?))
    }

    /// A declaration and a certificate of origin name the same origin.
    pub fn origin_match(
        declaration: RecordOpening,
        certificate: RecordOpening,
        context: &Context,
    ) -> Result<Self> {
        Ok(Witness::OriginMatch(c::OriginMatchCircuit::new(
            declaration,
            certificate,
            context.to_field(),
        )?))
    }

    /// A certificate of origin is valid on `date`.
    pub fn certificate_validity(
        certificate: RecordOpening,
        signature: Signature,
        context: &Context,
        date: Date,
        registry: &IssuerRegistry,
        revocations: &RevocationList,
    ) -> Result<Self> {
        let iw = issuer_witness(
            c::CertificateValidityCircuit::NAME,
            &certificate,
            signature,
            registry,
            revocations,
        )?;
        Ok(Witness::CertificateValidity(
            c::CertificateValidityCircuit::new(
                certificate,
                iw,
                context.to_field(),
                date.days() as u64,
                registry.root(),
                revocations.root(),
            )?,
        ))
    }

    /// Customs clearance of `declaration` backed by `certificate`.
    #[allow(clippy::too_many_arguments)]
    pub fn customs_clearance(
        declaration: RecordOpening,
        certificate: RecordOpening,
        signature: Signature,
        context: &Context,
        band: (u64, u64, Currency),
        registry: &IssuerRegistry,
        revocations: &RevocationList,
    ) -> Result<Self> {
        let iw = issuer_witness(
            c::CustomsClearanceCircuit::NAME,
            &certificate,
            signature,
            registry,
            revocations,
        )?;
        let band = ValueBand {
            min: band.0,
            max: band.1,
            currency: band.2.numeric(),
        };
        Ok(Witness::CustomsClearance(c::CustomsClearanceCircuit::new(
            declaration,
            certificate,
            iw,
            context.to_field(),
            band,
            registry.root(),
            revocations.root(),
        )?))
    }

    /// Distinct invoices of `exporter` dated in `[from, to]` total at least `threshold`.
    #[allow(clippy::too_many_arguments)]
    pub fn aggregate_value(
        capacity: u16,
        invoices: Vec<RecordOpening>,
        context: &Context,
        exporter: PartyId,
        currency: Currency,
        threshold: u64,
        from: Date,
        to: Date,
    ) -> Result<Self> {
        let p = AggregateParams {
            context: context.to_field(),
            exporter: exporter.get(),
            currency: currency.numeric(),
            threshold,
            from: from.days() as u64,
            to: to.days() as u64,
        };
        Ok(Witness::AggregateValue(c::AggregateValueCircuit::new(
            capacity as usize,
            invoices,
            p,
        )?))
    }
}

/// Collects the issuer witness, naming the reason when it cannot (unregistered issuer, revoked
/// certificate, malformed certificate).
fn issuer_witness(
    claim: &'static str,
    certificate: &RecordOpening,
    signature: Signature,
    registry: &IssuerRegistry,
    revocations: &RevocationList,
) -> Result<IssuerWitness> {
    use tradeproof_circuits::layout::{DOC_NUMBER, ISSUER};
    let fail = |reason: String| Error::Predicate(c::PredicateFailed { claim, reason });
    let as_u64 = |x: Fr| -> Option<u64> {
        let b = x.into_bigint();
        b.as_ref()[1..]
            .iter()
            .all(|l| *l == 0)
            .then_some(b.as_ref()[0])
    };
    let issuer = as_u64(certificate.slot(ISSUER))
        .ok_or_else(|| fail("the certificate names no valid issuer".into()))?;
    let serial = as_u64(certificate.slot(DOC_NUMBER))
        .ok_or_else(|| fail("the certificate has no valid serial".into()))?;
    if registry.key_of(issuer).is_none() {
        return Err(fail(format!(
            "issuer {issuer} is not in the issuer registry"
        )));
    }
    if revocations.is_revoked(issuer, serial) {
        return Err(fail(format!(
            "certificate {serial} of issuer {issuer} is revoked"
        )));
    }
    IssuerWitness::collect(certificate, signature, registry, revocations)
        .ok_or_else(|| fail("the issuer witness cannot be assembled".into()))
}

impl ConstraintSynthesizer<Fr> for Witness {
    fn generate_constraints(
        self,
        cs: ConstraintSystemRef<Fr>,
    ) -> std::result::Result<(), SynthesisError> {
        each!(self, c => c.generate_constraints(cs))
    }
}

/// An allow-list of countries (e.g. the partners of a free-trade agreement), committed as a Merkle root.
#[derive(Clone, Debug)]
pub struct AllowList {
    countries: Vec<Country>,
    tree: MerkleTree,
}

impl AllowList {
    /// Builds the list (at most 256 countries, no repeats).
    pub fn new(countries: &[Country]) -> Result<Self> {
        let mut sorted = countries.to_vec();
        sorted.sort();
        sorted.dedup();
        if sorted.len() != countries.len() {
            return Err(Error::InvalidClaim(
                "a country appears twice in the allow-list".into(),
            ));
        }
        let codes: Vec<u16> = countries.iter().map(|c| c.numeric()).collect();
        let tree = c::origin::allow_list(&codes).ok_or_else(|| {
            Error::InvalidClaim("allow-list too long (at most 256 countries)".into())
        })?;
        Ok(Self {
            countries: countries.to_vec(),
            tree,
        })
    }

    /// The public root.
    pub fn root(&self) -> Fr {
        self.tree.root()
    }

    /// The countries.
    pub fn countries(&self) -> &[Country] {
        &self.countries
    }
}

/// Little-endian bytes of a field element (used for transcripts).
pub(crate) fn fr_bytes(x: &Fr) -> Vec<u8> {
    x.into_bigint().to_bytes_le()
}
