//! The record layout: a fixed width of [`RECORD_SLOTS`] field elements per document, the document type
//! in slot 0, and the same meaning for the common slots of every document type, so that one circuit per
//! claim kind serves every document type.
//!
//! | slot | name | customs declaration | commercial invoice | certificate of origin | bill of lading |
//! |---:|---|---|---|---|---|
//! | 0 | [`DOC_TYPE`] | 1 | 2 | 3 | 4 |
//! | 1 | [`DOC_NUMBER`] | declaration number | invoice number | certificate serial | B/L number |
//! | 2 | [`EXPORTER`] | exporter | seller (exporter) | exporter | shipper |
//! | 3 | [`IMPORTER`] | importer | buyer | consignee | consignee |
//! | 4 | [`ORIGIN`] | country of origin | country of origin | country of origin | country of loading |
//! | 5 | [`DESTINATION`] | country of destination | country of destination | country of destination | country of discharge |
//! | 6 | [`HS_CODE`] | HS code | HS code | HS code | HS code |
//! | 7 | [`DATE`] | declaration date | invoice date | issue date | shipped-on-board date |
//! | 8 | [`AMOUNT`] | declared customs value | invoice total | goods value | freight charges |
//! | 9 | [`CURRENCY`] | currency of 8 | currency of 8 | currency of 8 | currency of 8 |
//! | 10 | type-specific | [`CERTIFICATE_REF`] | [`INVOICE_DUE_DATE`] | [`NOT_BEFORE`] | [`CARRIER`] |
//! | 11 | type-specific | [`GROSS_MASS`] (g) | [`QUANTITY`] | [`NOT_AFTER`] | [`PORT_OF_LOADING`] |
//! | 12 | type-specific | [`CUSTOMS_OFFICE`] | [`INCOTERM`] | [`ISSUER`] | [`PORT_OF_DISCHARGE`] |
//! | 13 | type-specific | [`PROCEDURE`] | [`ORDER_REF`] | [`INVOICE_REF`] | [`VESSEL_VOYAGE`] |
//!
//! The canonical encoding of each value (amounts in minor units, ISO codes, dates as days since
//! 1970-01-01, HS codes, identifiers) is defined by the root crate's `document` module; the circuits
//! only rely on these facts: document numbers, party identifiers, amounts, dates and serials are integers
//! below 2^64, certificate references ([`certificate_ref`]) below 2^128, and country codes are nonzero
//! integers below 1000.

/// Number of field elements (slots) in every record.
pub const RECORD_SLOTS: usize = 14;

/// Slot 0: the document type code ([`DocType`]).
pub const DOC_TYPE: usize = 0;
/// Slot 1: the document's number (declaration number, invoice number, certificate serial, B/L number).
pub const DOC_NUMBER: usize = 1;
/// Slot 2: the exporting party (exporter, seller, shipper).
pub const EXPORTER: usize = 2;
/// Slot 3: the importing party (importer, buyer, consignee).
pub const IMPORTER: usize = 3;
/// Slot 4: country of origin (ISO 3166-1 numeric); for a bill of lading the country of loading.
pub const ORIGIN: usize = 4;
/// Slot 5: country of destination (ISO 3166-1 numeric).
pub const DESTINATION: usize = 5;
/// Slot 6: HS code.
pub const HS_CODE: usize = 6;
/// Slot 7: the document's primary date (days since 1970-01-01).
pub const DATE: usize = 7;
/// Slot 8: the document's primary amount in minor units of [`CURRENCY`].
pub const AMOUNT: usize = 8;
/// Slot 9: ISO 4217 numeric currency code of [`AMOUNT`].
pub const CURRENCY: usize = 9;

/// Customs declaration, slot 10: the certificate of origin the declaration relies on, named by issuer
/// *and* serial: [`certificate_ref`]`(issuer, serial)` (a serial alone is unique only per issuer).
pub const CERTIFICATE_REF: usize = 10;
/// Customs declaration, slot 11: gross mass in grams.
pub const GROSS_MASS: usize = 11;
/// Customs declaration, slot 12: customs office of export (hashed identifier).
pub const CUSTOMS_OFFICE: usize = 12;
/// Customs declaration, slot 13: customs procedure code.
pub const PROCEDURE: usize = 13;

/// Commercial invoice, slot 10: payment due date.
pub const INVOICE_DUE_DATE: usize = 10;
/// Commercial invoice, slot 11: quantity of goods (units).
pub const QUANTITY: usize = 11;
/// Commercial invoice, slot 12: Incoterms 2020 rule code.
pub const INCOTERM: usize = 12;
/// Commercial invoice, slot 13: buyer's purchase-order reference (hashed identifier).
pub const ORDER_REF: usize = 13;

/// Certificate of origin, slot 10: first day of validity.
pub const NOT_BEFORE: usize = 10;
/// Certificate of origin, slot 11: last day of validity.
pub const NOT_AFTER: usize = 11;
/// Certificate of origin, slot 12: the issuing authority's registry identifier.
pub const ISSUER: usize = 12;
/// Certificate of origin, slot 13: number of the commercial invoice it covers.
pub const INVOICE_REF: usize = 13;

/// Bill of lading, slot 10: the carrier.
pub const CARRIER: usize = 10;
/// Bill of lading, slot 11: port of loading (hashed UN/LOCODE).
pub const PORT_OF_LOADING: usize = 11;
/// Bill of lading, slot 12: port of discharge (hashed UN/LOCODE).
pub const PORT_OF_DISCHARGE: usize = 12;
/// Bill of lading, slot 13: vessel and voyage (hashed identifier).
pub const VESSEL_VOYAGE: usize = 13;

/// A certificate's global reference, `issuer·2^64 + serial` (both 64-bit, so the pair is recovered from
/// the 128-bit integer): what a declaration's [`CERTIFICATE_REF`] slot holds, and the key under which
/// the certificate is revoked.
pub fn certificate_ref(issuer: u64, serial: u64) -> u128 {
    ((issuer as u128) << 64) | serial as u128
}

/// Document type codes stored in slot [`DOC_TYPE`]. JSON (with the `serde` feature):
/// `"customs_declaration"`, `"commercial_invoice"`, `"certificate_of_origin"`, `"bill_of_lading"`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "snake_case")
)]
#[repr(u8)]
pub enum DocType {
    /// Export customs declaration.
    CustomsDeclaration = 1,
    /// Commercial invoice.
    CommercialInvoice = 2,
    /// Certificate of origin.
    CertificateOfOrigin = 3,
    /// Bill of lading.
    BillOfLading = 4,
}

impl DocType {
    /// All document types.
    pub const ALL: [DocType; 4] = [
        DocType::CustomsDeclaration,
        DocType::CommercialInvoice,
        DocType::CertificateOfOrigin,
        DocType::BillOfLading,
    ];

    /// The code stored in slot 0.
    pub fn code(self) -> u64 {
        self as u64
    }

    /// The document type of a code, if any.
    pub fn from_code(code: u64) -> Option<Self> {
        Self::ALL.into_iter().find(|d| d.code() == code)
    }
}
