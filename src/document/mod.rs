//! The trade data standard: typed documents, their validation, and their canonical encoding into a
//! fixed-width [`Record`] of field elements.
//!
//! # Canonical encoding
//! Every document becomes [`RECORD_SLOTS`] = 14 field elements; slot 0 holds the document type, and
//! the common slots mean the same for every type (see [`tradeproof_circuits::layout`] for the full table),
//! so one circuit per claim kind serves every document type.
//!
//! | value | encoding |
//! |---|---|
//! | amount | `u64` minor units of its currency; the currency separately as ISO 4217 numeric |
//! | country | ISO 3166-1 numeric (`404` = Kenya) |
//! | HS code (6–10 digits) | `digits + len·10^10` |
//! | date | days since 1970-01-01 |
//! | party (exporter, issuer, …) | its `u64` registry number, nonzero |
//! | document number, certificate serial | `u64` |
//! | certificate reference (declaration) | `issuer·2^64 + serial`: a serial is unique only per issuer |
//! | text identifier (UN/LOCODE, vessel, order ref.; ≤ 64 bytes) | `Poseidon(2^64 + len, 31-byte chunks…)` |
//! | Incoterms 2020 rule | `1..=11` in the order EXW, FCA, CPT, CIP, DAP, DPU, DDP, FAS, FOB, CFR, CIF |
//!
//! # Slots per document type
//! | slot | [`CustomsDeclaration`] | [`CommercialInvoice`] | [`CertificateOfOrigin`] | [`BillOfLading`] |
//! |---:|---|---|---|---|
//! | 0 | 1 | 2 | 3 | 4 |
//! | 1 | `number` | `number` | `serial` | `number` |
//! | 2 | `exporter` | `seller` | `exporter` | `shipper` |
//! | 3 | `importer` | `buyer` | `consignee` | `consignee` |
//! | 4 | `origin` | `origin` | `origin` | `country_of_loading` |
//! | 5 | `destination` | `destination` | `destination` | `country_of_discharge` |
//! | 6 | `hs_code` | `hs_code` | `hs_code` | `hs_code` |
//! | 7 | `date` | `date` | `issue_date` | `shipped_on_board` |
//! | 8, 9 | `declared_value` | `total` | `goods_value` | `freight` |
//! | 10 | `certificate_issuer·2^64 + certificate_serial` | `due_date` | `not_before` | `carrier` |
//! | 11 | `gross_mass_grams` | `quantity` | `not_after` | `port_of_loading` |
//! | 12 | `customs_office` | `incoterm` | `issuer` | `port_of_discharge` |
//! | 13 | `procedure` | `order_ref` | `invoice_number` | `vessel_voyage` |
pub use crate::codes::{
    Amount, Country, Currency, Date, HsCode, Identifier, PartyId, MAX_IDENTIFIER_BYTES,
};
pub use tradeproof_circuits::layout::{DocType, RECORD_SLOTS};

use crate::error::{Error, Result};
use ark_bn254::Fr;
use ark_ff::{BigInteger, PrimeField};
use serde::{Deserialize, Serialize};
use tradeproof_circuits::layout as slot;

/// One encoded document: [`RECORD_SLOTS`] field elements. It is plaintext, so it is not `Copy` and
/// is zeroized when dropped.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Record(#[serde(with = "crate::encoding::serde::fr_array")] pub [Fr; RECORD_SLOTS]);

impl std::fmt::Debug for Record {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Record(type {:?}, ..)", self.doc_type())
    }
}

impl zeroize::Zeroize for Record {
    fn zeroize(&mut self) {
        self.0.zeroize();
    }
}

impl Drop for Record {
    fn drop(&mut self) {
        zeroize::Zeroize::zeroize(self);
    }
}

impl zeroize::ZeroizeOnDrop for Record {}

impl Record {
    /// The document type in slot 0, if it is a known one.
    pub fn doc_type(&self) -> Option<DocType> {
        self.u64_slot(slot::DOC_TYPE).and_then(DocType::from_code)
    }

    /// Slot `i`.
    pub fn slot(&self, i: usize) -> Fr {
        self.0[i]
    }

    /// Slot `i` as an integer, if it is below 2^64.
    pub fn u64_slot(&self, i: usize) -> Option<u64> {
        let b = self.0[i].into_bigint();
        let limbs = b.as_ref();
        limbs[1..].iter().all(|l| *l == 0).then_some(limbs[0])
    }

    /// The slots.
    pub fn slots(&self) -> &[Fr; RECORD_SLOTS] {
        &self.0
    }

    /// Little-endian bytes of slot `i` (for display and hashing).
    pub fn slot_bytes(&self, i: usize) -> Vec<u8> {
        self.0[i].into_bigint().to_bytes_le()
    }
}

/// Incoterms 2020 rules.
#[allow(missing_docs)]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Incoterm {
    Exw = 1,
    Fca,
    Cpt,
    Cip,
    Dap,
    Dpu,
    Ddp,
    Fas,
    Fob,
    Cfr,
    Cif,
}

/// An export customs declaration.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CustomsDeclaration {
    /// Declaration number.
    pub number: u64,
    /// Exporter.
    pub exporter: PartyId,
    /// Importer.
    pub importer: PartyId,
    /// Country of origin of the goods.
    pub origin: Country,
    /// Country of destination.
    pub destination: Country,
    /// HS code of the goods.
    pub hs_code: HsCode,
    /// Date of the declaration.
    pub date: Date,
    /// Declared customs value.
    pub declared_value: Amount,
    /// Registry number of the issuer of the certificate of origin the declaration relies on.
    pub certificate_issuer: PartyId,
    /// Serial of that certificate (serials are unique per issuer, so the issuer is part of the
    /// reference).
    pub certificate_serial: u64,
    /// Gross mass in grams.
    pub gross_mass_grams: u64,
    /// Customs office of export.
    pub customs_office: Identifier,
    /// Customs procedure code (e.g. 1000 for a definitive export).
    pub procedure: u16,
}

/// A commercial invoice.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CommercialInvoice {
    /// Invoice number.
    pub number: u64,
    /// Seller (the exporter).
    pub seller: PartyId,
    /// Buyer.
    pub buyer: PartyId,
    /// Country of origin of the goods.
    pub origin: Country,
    /// Country of destination.
    pub destination: Country,
    /// HS code.
    pub hs_code: HsCode,
    /// Invoice date.
    pub date: Date,
    /// Invoice total.
    pub total: Amount,
    /// Payment due date (not before the invoice date).
    pub due_date: Date,
    /// Quantity of goods in units.
    pub quantity: u64,
    /// Incoterms rule.
    pub incoterm: Incoterm,
    /// Buyer's purchase-order reference.
    pub order_ref: Identifier,
}

/// A certificate of origin, issued by a registered authority.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CertificateOfOrigin {
    /// Certificate serial number (unique per issuer).
    pub serial: u64,
    /// Exporter.
    pub exporter: PartyId,
    /// Consignee.
    pub consignee: PartyId,
    /// Country of origin certified.
    pub origin: Country,
    /// Country of destination.
    pub destination: Country,
    /// HS code of the goods.
    pub hs_code: HsCode,
    /// Issue date.
    pub issue_date: Date,
    /// Value of the goods covered.
    pub goods_value: Amount,
    /// First day of validity.
    pub not_before: Date,
    /// Last day of validity.
    pub not_after: Date,
    /// The issuing authority's registry number.
    pub issuer: PartyId,
    /// Number of the commercial invoice covered.
    pub invoice_number: u64,
}

/// A bill of lading.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BillOfLading {
    /// B/L number.
    pub number: u64,
    /// Shipper.
    pub shipper: PartyId,
    /// Consignee.
    pub consignee: PartyId,
    /// Country of the port of loading.
    pub country_of_loading: Country,
    /// Country of the port of discharge.
    pub country_of_discharge: Country,
    /// HS code of the goods.
    pub hs_code: HsCode,
    /// Shipped-on-board date.
    pub shipped_on_board: Date,
    /// Freight charges.
    pub freight: Amount,
    /// Carrier.
    pub carrier: PartyId,
    /// Port of loading (UN/LOCODE).
    pub port_of_loading: Identifier,
    /// Port of discharge (UN/LOCODE).
    pub port_of_discharge: Identifier,
    /// Vessel and voyage.
    pub vessel_voyage: Identifier,
}

/// Any trade document. JSON: `{"type": "customs_declaration", …fields}`; reading checks the fields'
/// types (codes, dates, lengths) and the document's consistency ([`Document::validate`]).
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(remote = "Self", tag = "type", rename_all = "snake_case")]
pub enum Document {
    /// See [`CustomsDeclaration`].
    CustomsDeclaration(CustomsDeclaration),
    /// See [`CommercialInvoice`].
    CommercialInvoice(CommercialInvoice),
    /// See [`CertificateOfOrigin`].
    CertificateOfOrigin(CertificateOfOrigin),
    /// See [`BillOfLading`].
    BillOfLading(BillOfLading),
}

impl Serialize for Document {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        Document::serialize(self, s)
    }
}

impl<'de> Deserialize<'de> for Document {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        let doc = Document::deserialize(d)?;
        doc.validate().map_err(serde::de::Error::custom)?;
        Ok(doc)
    }
}

struct Slots([Fr; RECORD_SLOTS]);

impl Slots {
    fn new(t: DocType) -> Self {
        let mut s = [Fr::from(0u64); RECORD_SLOTS];
        s[slot::DOC_TYPE] = Fr::from(t.code());
        Slots(s)
    }
    fn int(&mut self, i: usize, v: u64) -> &mut Self {
        self.0[i] = Fr::from(v);
        self
    }
    fn fr(&mut self, i: usize, v: Fr) -> &mut Self {
        self.0[i] = v;
        self
    }
    fn amount(&mut self, a: Amount) -> &mut Self {
        self.int(slot::AMOUNT, a.minor_units)
            .int(slot::CURRENCY, a.currency.numeric() as u64)
    }
}

fn check(cond: bool, msg: &str) -> Result<()> {
    if cond {
        Ok(())
    } else {
        Err(Error::InvalidDocument(msg.to_string()))
    }
}

impl Document {
    /// The document type.
    pub fn doc_type(&self) -> DocType {
        match self {
            Document::CustomsDeclaration(_) => DocType::CustomsDeclaration,
            Document::CommercialInvoice(_) => DocType::CommercialInvoice,
            Document::CertificateOfOrigin(_) => DocType::CertificateOfOrigin,
            Document::BillOfLading(_) => DocType::BillOfLading,
        }
    }

    /// Checks the rules that the field types alone do not capture.
    pub fn validate(&self) -> Result<()> {
        match self {
            Document::CustomsDeclaration(d) => check(
                d.exporter != d.importer,
                "exporter and importer are the same party",
            ),
            Document::CommercialInvoice(d) => {
                check(d.due_date >= d.date, "payment due before the invoice date")
            }
            Document::CertificateOfOrigin(d) => {
                check(
                    d.not_before <= d.not_after,
                    "validity ends before it starts",
                )?;
                check(
                    d.issue_date <= d.not_after,
                    "issued after its validity ended",
                )
            }
            Document::BillOfLading(_) => Ok(()),
        }
    }

    /// Validates and encodes the document into its canonical record.
    pub fn encode(&self) -> Result<Record> {
        self.validate()?;
        let mut s = Slots::new(self.doc_type());
        match self {
            Document::CustomsDeclaration(d) => {
                s.int(slot::DOC_NUMBER, d.number)
                    .int(slot::EXPORTER, d.exporter.get())
                    .int(slot::IMPORTER, d.importer.get())
                    .int(slot::ORIGIN, d.origin.numeric() as u64)
                    .int(slot::DESTINATION, d.destination.numeric() as u64)
                    .int(slot::HS_CODE, d.hs_code.encode())
                    .int(slot::DATE, d.date.days() as u64)
                    .amount(d.declared_value)
                    .fr(
                        slot::CERTIFICATE_REF,
                        Fr::from(slot::certificate_ref(
                            d.certificate_issuer.get(),
                            d.certificate_serial,
                        )),
                    )
                    .int(slot::GROSS_MASS, d.gross_mass_grams)
                    .fr(slot::CUSTOMS_OFFICE, d.customs_office.encode())
                    .int(slot::PROCEDURE, d.procedure as u64);
            }
            Document::CommercialInvoice(d) => {
                s.int(slot::DOC_NUMBER, d.number)
                    .int(slot::EXPORTER, d.seller.get())
                    .int(slot::IMPORTER, d.buyer.get())
                    .int(slot::ORIGIN, d.origin.numeric() as u64)
                    .int(slot::DESTINATION, d.destination.numeric() as u64)
                    .int(slot::HS_CODE, d.hs_code.encode())
                    .int(slot::DATE, d.date.days() as u64)
                    .amount(d.total)
                    .int(slot::INVOICE_DUE_DATE, d.due_date.days() as u64)
                    .int(slot::QUANTITY, d.quantity)
                    .int(slot::INCOTERM, d.incoterm as u64)
                    .fr(slot::ORDER_REF, d.order_ref.encode());
            }
            Document::CertificateOfOrigin(d) => {
                s.int(slot::DOC_NUMBER, d.serial)
                    .int(slot::EXPORTER, d.exporter.get())
                    .int(slot::IMPORTER, d.consignee.get())
                    .int(slot::ORIGIN, d.origin.numeric() as u64)
                    .int(slot::DESTINATION, d.destination.numeric() as u64)
                    .int(slot::HS_CODE, d.hs_code.encode())
                    .int(slot::DATE, d.issue_date.days() as u64)
                    .amount(d.goods_value)
                    .int(slot::NOT_BEFORE, d.not_before.days() as u64)
                    .int(slot::NOT_AFTER, d.not_after.days() as u64)
                    .int(slot::ISSUER, d.issuer.get())
                    .int(slot::INVOICE_REF, d.invoice_number);
            }
            Document::BillOfLading(d) => {
                s.int(slot::DOC_NUMBER, d.number)
                    .int(slot::EXPORTER, d.shipper.get())
                    .int(slot::IMPORTER, d.consignee.get())
                    .int(slot::ORIGIN, d.country_of_loading.numeric() as u64)
                    .int(slot::DESTINATION, d.country_of_discharge.numeric() as u64)
                    .int(slot::HS_CODE, d.hs_code.encode())
                    .int(slot::DATE, d.shipped_on_board.days() as u64)
                    .amount(d.freight)
                    .int(slot::CARRIER, d.carrier.get())
                    .fr(slot::PORT_OF_LOADING, d.port_of_loading.encode())
                    .fr(slot::PORT_OF_DISCHARGE, d.port_of_discharge.encode())
                    .fr(slot::VESSEL_VOYAGE, d.vessel_voyage.encode());
            }
        }
        Ok(Record(s.0))
    }
}

macro_rules! into_document {
    ($($t:ident),*) => {$(
        impl From<$t> for Document {
            fn from(d: $t) -> Document { Document::$t(d) }
        }
    )*};
}
into_document!(
    CustomsDeclaration,
    CommercialInvoice,
    CertificateOfOrigin,
    BillOfLading
);

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub fn sample_declaration() -> CustomsDeclaration {
        CustomsDeclaration {
            number: 2_026_000_123,
            exporter: PartyId::new(42).unwrap(),
            importer: PartyId::new(77).unwrap(),
            origin: Country::parse("KE").unwrap(),
            destination: Country::parse("DE").unwrap(),
            hs_code: HsCode::parse("060311").unwrap(),
            date: Date::parse("2026-11-30").unwrap(),
            declared_value: Amount::parse("48250.00", Currency::parse("EUR").unwrap()).unwrap(),
            certificate_issuer: PartyId::new(9).unwrap(),
            certificate_serial: 5501,
            gross_mass_grams: 1_250_000,
            customs_office: Identifier::new("KEMBA-EXP-01").unwrap(),
            procedure: 1000,
        }
    }

    #[test]
    fn declaration_encoding_follows_the_layout() {
        let r = Document::from(sample_declaration()).encode().unwrap();
        assert_eq!(r.doc_type(), Some(DocType::CustomsDeclaration));
        assert_eq!(r.u64_slot(slot::ORIGIN), Some(404));
        assert_eq!(r.u64_slot(slot::AMOUNT), Some(4_825_000));
        assert_eq!(r.u64_slot(slot::CURRENCY), Some(978));
        assert_eq!(r.u64_slot(slot::DATE), Some(20_787));
        assert_eq!(r.u64_slot(slot::HS_CODE), Some(60_000_060_311));
        assert!(r.u64_slot(slot::CUSTOMS_OFFICE).is_none());
    }

    #[test]
    fn json_round_trip_and_strictness() {
        let d = Document::from(sample_declaration());
        let json = serde_json::to_string_pretty(&d).unwrap();
        assert!(json.contains("\"origin\": \"KE\""));
        assert!(json.contains("\"date\": \"2026-11-30\""));
        let back: Document = serde_json::from_str(&json).unwrap();
        assert_eq!(back, d);
        for (from, to) in [
            ("\"KE\"", "\"XX\""),
            ("\"2026-11-30\"", "\"2026-02-30\""),
            ("\"060311\"", "\"0603\""),
            ("\"EUR\"", "\"EUX\""),
            ("\"exporter\": 42", "\"exporter\": 0"),
        ] {
            let bad = json.replacen(from, to, 1);
            assert!(
                serde_json::from_str::<Document>(&bad).is_err(),
                "{to} accepted"
            );
        }
        let same = json.replacen("\"importer\": 77", "\"importer\": 42", 1);
        assert!(
            serde_json::from_str::<Document>(&same).is_err(),
            "exporter = importer accepted"
        );
        let extra = json.replacen("{", "{\"unexpected\": 1,", 1);
        assert!(serde_json::from_str::<Document>(&extra).is_err());
    }

    #[test]
    fn inconsistent_documents_are_rejected() {
        let mut d = sample_declaration();
        d.importer = d.exporter;
        assert!(Document::from(d).encode().is_err());
    }
}
