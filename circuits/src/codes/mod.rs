//! Typed field values: countries, currencies, amounts, dates, HS codes, parties and textual identifiers,
//! each with its canonical encoding into one field element.
//!
//! They live here, below the claims, so that a claim's public statement ([`crate::claims`]) can name
//! its parameters by type (a [`Country`], a [`Date`]) rather than as bare field elements; the root
//! crate's documents are built from the same types. With the `serde` feature each type reads and writes
//! its human form (`"KE"`, `"EUR"`, `"2026-11-30"`), strictly.
mod iso;

use crate::gadgets::poseidon;
use ark_bn254::Fr;
use ark_ff::{Field, PrimeField};
use iso::{COUNTRIES, CURRENCIES};
use std::fmt;

/// A value that is not a valid instance of its type.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CodeError {
    /// A country code that is not in ISO 3166-1.
    #[error("unknown country code {0:?} (expected ISO 3166-1 alpha-2, alpha-3 or numeric)")]
    UnknownCountry(String),
    /// A currency code that is not in ISO 4217.
    #[error("unknown currency code {0:?} (expected ISO 4217 alpha or numeric)")]
    UnknownCurrency(String),
    /// An HS code that is not 6 to 10 digits.
    #[error("malformed HS code {0:?} (expected 6 to 10 digits)")]
    MalformedHsCode(String),
    /// An amount that does not fit in 64 bits of minor units, or is malformed.
    #[error("amount {amount:?} is not a valid {currency} amount: {reason}")]
    InvalidAmount {
        /// The amount as given.
        amount: String,
        /// Its currency.
        currency: String,
        /// What is wrong (overflow, too many decimals, not a number).
        reason: &'static str,
    },
    /// A date that does not exist or is outside the supported range.
    #[error("impossible date {0:?}")]
    ImpossibleDate(String),
    /// A textual identifier longer than the maximum.
    #[error("identifier {field} is {len} bytes long, at most {max} are allowed")]
    IdentifierTooLong {
        /// Which field.
        field: &'static str,
        /// Its length in bytes.
        len: usize,
        /// The maximum.
        max: usize,
    },
    /// A value its type reserves (party identifier 0, an empty identifier).
    #[error("invalid value: {0}")]
    Reserved(String),
}

type Result<T> = std::result::Result<T, CodeError>;

/// A country, ISO 3166-1. Encoded as its **numeric** code (e.g. Kenya = 404). JSON: alpha-2 (`"KE"`);
/// alpha-3 and numeric strings are accepted when reading.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(try_from = "String", into = "String"))]
pub struct Country(u16);

impl Country {
    /// The country with ISO 3166-1 numeric code `code`.
    pub fn from_numeric(code: u16) -> Result<Self> {
        COUNTRIES
            .binary_search_by_key(&code, |c| c.0)
            .map(|_| Country(code))
            .map_err(|_| CodeError::UnknownCountry(code.to_string()))
    }

    /// Parses an alpha-2 (`"KE"`), alpha-3 (`"KEN"`) or numeric (`"404"`) code.
    pub fn parse(code: &str) -> Result<Self> {
        if code.len() == 3 && code.bytes().all(|b| b.is_ascii_digit()) {
            let n: u16 = code
                .parse()
                .map_err(|_| CodeError::UnknownCountry(code.to_string()))?;
            return Self::from_numeric(n);
        }
        let up = code.to_ascii_uppercase();
        COUNTRIES
            .iter()
            .find(|c| c.1 == up || c.2 == up)
            .map(|c| Country(c.0))
            .ok_or_else(|| CodeError::UnknownCountry(code.to_string()))
    }

    /// ISO 3166-1 numeric code (the canonical encoding).
    pub fn numeric(self) -> u16 {
        self.0
    }

    fn entry(self) -> &'static (u16, &'static str, &'static str, &'static str) {
        // Invariant: a Country is only built from a code in the table.
        let i = COUNTRIES
            .binary_search_by_key(&self.0, |c| c.0)
            .unwrap_or(0);
        &COUNTRIES[i]
    }

    /// Alpha-2 code.
    pub fn alpha2(self) -> &'static str {
        self.entry().1
    }

    /// English short name.
    pub fn name(self) -> &'static str {
        self.entry().3
    }
}

impl TryFrom<String> for Country {
    type Error = CodeError;
    fn try_from(s: String) -> Result<Self> {
        Country::parse(&s)
    }
}

impl From<Country> for String {
    fn from(c: Country) -> String {
        c.alpha2().to_string()
    }
}

impl fmt::Display for Country {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.alpha2())
    }
}

/// A currency, ISO 4217. Encoded as its **numeric** code (euro = 978). JSON: alpha code (`"EUR"`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(try_from = "String", into = "String"))]
pub struct Currency(u16);

impl Currency {
    /// The currency with ISO 4217 numeric code `code`.
    pub fn from_numeric(code: u16) -> Result<Self> {
        CURRENCIES
            .binary_search_by_key(&code, |c| c.0)
            .map(|_| Currency(code))
            .map_err(|_| CodeError::UnknownCurrency(code.to_string()))
    }

    /// Parses an alpha (`"EUR"`) or numeric (`"978"`) code.
    pub fn parse(code: &str) -> Result<Self> {
        if code.len() == 3 && code.bytes().all(|b| b.is_ascii_digit()) {
            let n: u16 = code
                .parse()
                .map_err(|_| CodeError::UnknownCurrency(code.to_string()))?;
            return Self::from_numeric(n);
        }
        let up = code.to_ascii_uppercase();
        CURRENCIES
            .iter()
            .find(|c| c.1 == up)
            .map(|c| Currency(c.0))
            .ok_or_else(|| CodeError::UnknownCurrency(code.to_string()))
    }

    fn entry(self) -> &'static (u16, &'static str, u8, &'static str) {
        let i = CURRENCIES
            .binary_search_by_key(&self.0, |c| c.0)
            .unwrap_or(0);
        &CURRENCIES[i]
    }

    /// ISO 4217 numeric code (the canonical encoding).
    pub fn numeric(self) -> u16 {
        self.0
    }

    /// Alpha code.
    pub fn code(self) -> &'static str {
        self.entry().1
    }

    /// Number of decimals of the minor unit (2 for EUR, 0 for JPY, 3 for KWD).
    pub fn minor_units(self) -> u8 {
        self.entry().2
    }
}

impl TryFrom<String> for Currency {
    type Error = CodeError;
    fn try_from(s: String) -> Result<Self> {
        Currency::parse(&s)
    }
}

impl From<Currency> for String {
    fn from(c: Currency) -> String {
        c.code().to_string()
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// A money amount: an integer number of **minor units** (cents) below 2^64, and a currency.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Amount {
    /// Value in minor units of `currency`.
    pub minor_units: u64,
    /// Currency.
    pub currency: Currency,
}

impl Amount {
    /// An amount of `minor_units` of `currency`.
    pub fn new(minor_units: u64, currency: Currency) -> Self {
        Self {
            minor_units,
            currency,
        }
    }

    /// Parses a decimal amount such as `"1234.56"` in `currency`'s minor units. Fails on more decimals
    /// than the currency has, on a value that does not fit in 64 bits of minor units, and on anything
    /// that is not a plain non-negative decimal.
    pub fn parse(text: &str, currency: Currency) -> Result<Self> {
        let bad = |reason| CodeError::InvalidAmount {
            amount: text.to_string(),
            currency: currency.code().to_string(),
            reason,
        };
        let (int_part, frac_part) = match text.split_once('.') {
            Some((i, f)) => (i, f),
            None => (text, ""),
        };
        let digits_ok = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        if int_part.is_empty() || !digits_ok(int_part) || !digits_ok(frac_part) {
            return Err(bad("not a non-negative decimal number"));
        }
        let decimals = currency.minor_units() as usize;
        if frac_part.len() > decimals {
            return Err(bad("more decimals than the currency's minor unit"));
        }
        let mut value: u64 = 0;
        let padded = format!("{int_part}{frac_part:0<decimals$}");
        for b in padded.bytes() {
            value = value
                .checked_mul(10)
                .and_then(|v| v.checked_add((b - b'0') as u64))
                .ok_or_else(|| bad("overflow: the value does not fit in 64 bits of minor units"))?;
        }
        Ok(Self::new(value, currency))
    }
}

impl fmt::Display for Amount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = self.currency.minor_units() as u32;
        if d == 0 {
            return write!(f, "{} {}", self.minor_units, self.currency);
        }
        let scale = 10u64.pow(d);
        write!(
            f,
            "{}.{:0width$} {}",
            self.minor_units / scale,
            self.minor_units % scale,
            self.currency,
            width = d as usize
        )
    }
}

/// A calendar date, encoded as the number of **days since 1970-01-01**. JSON: `"YYYY-MM-DD"`.
/// Years 1970 to 9999 are supported.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(try_from = "String", into = "String"))]
pub struct Date(u32);

impl Date {
    /// The date `year-month-day`, if it exists.
    pub fn from_ymd(year: u32, month: u32, day: u32) -> Result<Self> {
        let leap =
            (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400);
        let month_len = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => 0,
        };
        if !(1970..=9999).contains(&year) || day == 0 || day > month_len {
            return Err(CodeError::ImpossibleDate(format!(
                "{year:04}-{month:02}-{day:02}"
            )));
        }
        // Days from civil (H. Hinnant's algorithm).
        let y = if month <= 2 { year - 1 } else { year } as i64;
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = month as i64;
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + day as i64 - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        Ok(Date((era * 146_097 + doe - 719_468) as u32))
    }

    /// The date `days` days after 1970-01-01 (up to 9999-12-31).
    pub fn from_days(days: u32) -> Result<Self> {
        if days > 2_932_896 {
            return Err(CodeError::ImpossibleDate(format!("day {days}")));
        }
        Ok(Date(days))
    }

    /// Parses `"YYYY-MM-DD"`.
    pub fn parse(s: &str) -> Result<Self> {
        let bad = || CodeError::ImpossibleDate(s.to_string());
        let b = s.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return Err(bad());
        }
        let num = |r: std::ops::Range<usize>| -> Result<u32> {
            let part = &s[r];
            if !part.bytes().all(|c| c.is_ascii_digit()) {
                return Err(bad());
            }
            part.parse().map_err(|_| bad())
        };
        Self::from_ymd(num(0..4)?, num(5..7)?, num(8..10)?).map_err(|_| bad())
    }

    /// Days since 1970-01-01 (the canonical encoding).
    pub fn days(self) -> u32 {
        self.0
    }

    /// `(year, month, day)`.
    pub fn ymd(self) -> (u32, u32, u32) {
        let z = self.0 as i64 + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let d = doy - (153 * mp + 2) / 5 + 1;
        let m = if mp < 10 { mp + 3 } else { mp - 9 };
        let y = yoe + era * 400 + if m <= 2 { 1 } else { 0 };
        (y as u32, m as u32, d as u32)
    }

    /// The date `n` days later (saturating at 9999-12-31).
    pub fn plus_days(self, n: u32) -> Self {
        Date(self.0.saturating_add(n).min(2_932_896))
    }
}

impl TryFrom<String> for Date {
    type Error = CodeError;
    fn try_from(s: String) -> Result<Self> {
        Date::parse(&s)
    }
}

impl From<Date> for String {
    fn from(d: Date) -> String {
        d.to_string()
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, m, d) = self.ymd();
        write!(f, "{y:04}-{m:02}-{d:02}")
    }
}

/// A Harmonized System code of 6 to 10 digits (leading zeros matter: `"080810"` is apples).
/// Encoded as `digits + len·10^10`, which keeps both the digits and their count. JSON: the digit string.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(try_from = "String", into = "String"))]
pub struct HsCode(String);

impl HsCode {
    /// Parses 6 to 10 ASCII digits.
    pub fn parse(s: &str) -> Result<Self> {
        if !(6..=10).contains(&s.len()) || !s.bytes().all(|b| b.is_ascii_digit()) {
            return Err(CodeError::MalformedHsCode(s.to_string()));
        }
        Ok(HsCode(s.to_string()))
    }

    /// The digits.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The canonical integer `digits + len·10^10`.
    pub fn encode(&self) -> u64 {
        let digits: u64 = self.0.parse().unwrap_or(0);
        digits + self.0.len() as u64 * 10_000_000_000
    }
}

impl TryFrom<String> for HsCode {
    type Error = CodeError;
    fn try_from(s: String) -> Result<Self> {
        HsCode::parse(&s)
    }
}

impl From<HsCode> for String {
    fn from(h: HsCode) -> String {
        h.0
    }
}

/// A registered party (exporter, importer, carrier, issuing authority): an integer identifier below
/// 2^64, nonzero, assigned by the trade network's party registry. Encoded as the integer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(try_from = "u64", into = "u64"))]
pub struct PartyId(u64);

impl PartyId {
    /// A party identifier; 0 is reserved.
    pub fn new(id: u64) -> Result<Self> {
        if id == 0 {
            return Err(CodeError::Reserved("party identifier 0 is reserved".into()));
        }
        Ok(PartyId(id))
    }

    /// The integer.
    pub fn get(self) -> u64 {
        self.0
    }
}

impl TryFrom<u64> for PartyId {
    type Error = CodeError;
    fn try_from(v: u64) -> Result<Self> {
        PartyId::new(v)
    }
}

impl From<PartyId> for u64 {
    fn from(p: PartyId) -> u64 {
        p.0
    }
}

impl fmt::Display for PartyId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#{}", self.0)
    }
}

/// Maximum length in bytes of a textual identifier.
pub const MAX_IDENTIFIER_BYTES: usize = 64;

/// A textual identifier (UN/LOCODE, vessel and voyage, order reference): 1 to 64 bytes of UTF-8,
/// encoded as a hash (see [`Identifier::encode`]), since only equality matters for claims.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(try_from = "String", into = "String"))]
pub struct Identifier(String);

impl Identifier {
    /// A textual identifier of 1 to 64 bytes.
    pub fn new(s: impl Into<String>) -> Result<Self> {
        let s = s.into();
        if s.len() > MAX_IDENTIFIER_BYTES {
            return Err(CodeError::IdentifierTooLong {
                field: "identifier",
                len: s.len(),
                max: MAX_IDENTIFIER_BYTES,
            });
        }
        if s.is_empty() {
            return Err(CodeError::Reserved("empty identifier".into()));
        }
        Ok(Identifier(s))
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// `Poseidon(2^64 + len, c₀, c₁, c₂)` where `cᵢ` are the bytes in 31-byte little-endian chunks
    /// (zero-padded); the first input, at least 2^64, separates it from integer-valued slots.
    pub fn encode(&self) -> Fr {
        let bytes = self.0.as_bytes();
        let mut inputs = [Fr::from(0u64); 4];
        inputs[0] = Fr::from(2u64).pow([64]) + Fr::from(bytes.len() as u64);
        for (i, chunk) in bytes.chunks(31).enumerate() {
            inputs[1 + i] = Fr::from_le_bytes_mod_order(chunk);
        }
        poseidon::hash(&inputs)
    }
}

impl TryFrom<String> for Identifier {
    type Error = CodeError;
    fn try_from(s: String) -> Result<Self> {
        Identifier::new(s)
    }
}

impl From<Identifier> for String {
    fn from(i: Identifier) -> String {
        i.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn countries_and_currencies() {
        assert_eq!(Country::parse("KE").unwrap().numeric(), 404);
        assert_eq!(Country::parse("deu").unwrap().numeric(), 276);
        assert_eq!(Country::parse("840").unwrap().alpha2(), "US");
        assert!(matches!(
            Country::parse("XX"),
            Err(CodeError::UnknownCountry(_))
        ));
        assert!(Country::from_numeric(999).is_err());
        assert!(Country::parse("+40").is_err());
        assert!(Currency::parse("+97").is_err());
        assert!(Country::parse("").is_err());
        assert_eq!(Currency::parse("EUR").unwrap().numeric(), 978);
        assert_eq!(Currency::parse("JPY").unwrap().minor_units(), 0);
        assert!(matches!(
            Currency::parse("EURO"),
            Err(CodeError::UnknownCurrency(_))
        ));
    }

    #[test]
    fn amounts() {
        let eur = Currency::parse("EUR").unwrap();
        assert_eq!(Amount::parse("1234.5", eur).unwrap().minor_units, 123_450);
        assert_eq!(Amount::parse("0.01", eur).unwrap().minor_units, 1);
        assert!(Amount::parse("1.234", eur).is_err());
        assert!(Amount::parse("-1", eur).is_err());
        assert!(Amount::parse("1e5", eur).is_err());
        let e = Amount::parse("184467440737095516.16", eur).unwrap_err();
        assert!(e.to_string().contains("overflow"), "{e}");
        assert_eq!(
            Amount::parse("184467440737095516.15", eur)
                .unwrap()
                .minor_units,
            u64::MAX
        );
        assert_eq!(Amount::new(123_450, eur).to_string(), "1234.50 EUR");
    }

    #[test]
    fn dates() {
        assert_eq!(Date::parse("1970-01-01").unwrap().days(), 0);
        assert_eq!(Date::parse("2026-11-30").unwrap().days(), 20_787);
        assert!(Date::parse("2025-02-29").is_err());
        assert!(Date::parse("2024-02-29").is_ok());
        assert!(Date::parse("2025-13-01").is_err());
        assert!(Date::parse("1969-12-31").is_err());
        assert!(Date::parse("2025-1-01").is_err());
        assert!(Date::parse("+025-01-01").is_err());
        assert!(Date::from_days(2_932_897).is_err());
    }

    #[test]
    fn hs_codes_and_identifiers() {
        assert_eq!(HsCode::parse("080810").unwrap().encode(), 60_000_080_810);
        assert_ne!(
            HsCode::parse("080810").unwrap().encode(),
            HsCode::parse("0808100000").unwrap().encode()
        );
        for bad in ["08081", "08081000001", "0808a0", ""] {
            assert!(matches!(
                HsCode::parse(bad),
                Err(CodeError::MalformedHsCode(_))
            ));
        }
        assert!(matches!(
            Identifier::new("x".repeat(65)),
            Err(CodeError::IdentifierTooLong { len: 65, .. })
        ));
        assert_ne!(
            Identifier::new("KEMBA").unwrap().encode(),
            Identifier::new("DEHAM").unwrap().encode()
        );
        assert!(PartyId::new(0).is_err());
    }

    proptest! {
        #[test]
        fn date_round_trip(days in 0u32..2_932_897) {
            let d = Date::from_days(days).unwrap();
            let (y, m, dd) = d.ymd();
            prop_assert_eq!(Date::from_ymd(y, m, dd).unwrap(), d);
            prop_assert_eq!(Date::parse(&d.to_string()).unwrap(), d);
        }

        #[test]
        fn identifier_encoding_is_injective_on_samples(a in "[a-zA-Z0-9 /-]{1,64}", b in "[a-zA-Z0-9 /-]{1,64}") {
            prop_assume!(a != b);
            prop_assert_ne!(Identifier::new(a).unwrap().encode(), Identifier::new(b).unwrap().encode());
        }
    }
}
