//! # Customs clearance
//!
//! The port's customs office checks an export without seeing the documents.
//!
//! **Statement.** *The sealed customs declaration `D_dec` declares a value between `min` and `max` in
//! currency `cur`; it relies on the sealed certificate of origin `D_coo`, which covers the same goods
//! (HS code) shipped by the same exporter to the same consignee and destination, names the same
//! origin (a country, not an empty slot), is the certificate the declaration names (issuer *and*
//! serial), was signed by that issuer, registered under `registry_root`, is valid on the declaration's
//! date, and is not revoked under `revocation_root`.*
//!
//! ```text
//! ∃ dec, coo (openings), A, σ, π_reg, π_rev :
//!     Digest(Seal(dec)) = D_dec ∧ Digest(Seal(coo)) = D_coo
//!   ∧ dec[DOC_TYPE] = 1
//!   ∧ min ≤ dec[AMOUNT] ≤ max  (64-bit integers)  ∧  dec[CURRENCY] = cur
//!   ∧ dec[ORIGIN] = coo[ORIGIN] ∧ 1 ≤ dec[ORIGIN] ≤ 999 ∧ dec[EXPORTER] = coo[EXPORTER]
//!   ∧ dec[CERTIFICATE_REF] = coo[ISSUER]·2^64 + coo[DOC_NUMBER]
//!   ∧ dec[IMPORTER] = coo[IMPORTER] ∧ dec[DESTINATION] = coo[DESTINATION] ∧ dec[HS_CODE] = coo[HS_CODE]
//!   ∧ CertificateValid(coo, A, σ, π_reg, π_rev, on = dec[DATE], registry_root, revocation_root)
//! ```
//!
//! where `CertificateValid` is the certificate-validity statement of [`super::certificate`], which also
//! range-checks `coo[ISSUER]` (nonzero) and `coo[DOC_NUMBER]` to 64 bits, so the reference names exactly
//! one (issuer, serial) pair. Serials are unique only per issuer: binding the issuer means that a
//! certificate from another registered issuer that happens to carry the same serial and matching fields
//! is not "the certificate the declaration relies on".
//!
//! **Public inputs**, in order: `D_dec`, `D_coo`, `context`, `min`, `max`, `cur`, `registry_root`,
//! `revocation_root` ([`Public`], [`input`]).
use super::certificate::{check_certificate, enforce_certificate, IssuerWitness};
use super::{
    alloc_inputs, bind_context, check_count, check_origin, fail, fe, fixed_shape_circuit,
    fixed_shape_public, int, read, ClaimCircuit, ClaimError, ClaimPublic, PredicateFailed,
};
use crate::codes::Currency;
use crate::gadgets::bits::{enforce_leq, enforce_range};
use crate::gadgets::country::enforce_country_code;
use crate::layout::*;
use crate::record::{RecordOpening, RecordVar};
use ark_bn254::Fr;
use ark_ff::Zero;
use ark_r1cs_std::fields::fp::FpVar;
use ark_r1cs_std::prelude::*;
use ark_relations::gr1cs::{ConstraintSynthesizer, ConstraintSystemRef, SynthesisError};

const NAME: &str = "customs_clearance";

/// Positions of the public inputs.
pub mod input {
    /// Digest of the sealed customs declaration.
    pub const DECLARATION: usize = 0;
    /// Digest of the sealed certificate of origin.
    pub const CERTIFICATE: usize = 1;
    /// Replay context.
    pub const CONTEXT: usize = 2;
    /// Lowest acceptable declared value (minor units).
    pub const MIN: usize = 3;
    /// Highest acceptable declared value (minor units).
    pub const MAX: usize = 4;
    /// ISO 4217 numeric code of the band's currency.
    pub const CURRENCY: usize = 5;
    /// Root of the issuer registry.
    pub const REGISTRY_ROOT: usize = 6;
    /// Root of the revocation set.
    pub const REVOCATION_ROOT: usize = 7;
    /// Number of public inputs.
    pub const COUNT: usize = 8;
}

/// The customs-clearance claim: a declaration backed by a certificate of origin.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(deny_unknown_fields)
)]
pub struct Public {
    /// Digest of the sealed customs declaration.
    #[cfg_attr(feature = "serde", serde(with = "crate::encoding::serde::fr_string"))]
    pub declaration: Fr,
    /// Digest of the sealed certificate of origin.
    #[cfg_attr(feature = "serde", serde(with = "crate::encoding::serde::fr_string"))]
    pub certificate: Fr,
    /// Lowest acceptable declared value (minor units).
    pub min: u64,
    /// Highest acceptable declared value (minor units).
    pub max: u64,
    /// Currency of the band.
    pub currency: Currency,
    /// Root of the issuer registry.
    #[cfg_attr(feature = "serde", serde(with = "crate::encoding::serde::fr_string"))]
    pub registry_root: Fr,
    /// Root of the revocation set.
    #[cfg_attr(feature = "serde", serde(with = "crate::encoding::serde::fr_string"))]
    pub revocation_root: Fr,
}

impl ClaimPublic for Public {
    fixed_shape_public!(NAME);

    fn validate(&self) -> Result<(), ClaimError> {
        if self.min > self.max {
            return Err(ClaimError::Parameters(format!(
                "empty value band [{}, {}]",
                self.min, self.max
            )));
        }
        Ok(())
    }

    fn records(&self) -> Vec<Fr> {
        vec![self.declaration, self.certificate]
    }

    fn to_inputs(&self, context: Fr) -> Vec<Fr> {
        let mut v = vec![Fr::zero(); input::COUNT];
        v[input::DECLARATION] = self.declaration;
        v[input::CERTIFICATE] = self.certificate;
        v[input::CONTEXT] = context;
        v[input::MIN] = fe(self.min);
        v[input::MAX] = fe(self.max);
        v[input::CURRENCY] = fe(self.currency.numeric());
        v[input::REGISTRY_ROOT] = self.registry_root;
        v[input::REVOCATION_ROOT] = self.revocation_root;
        v
    }

    fn from_inputs(_: (), x: &[Fr]) -> Result<(Self, Fr), ClaimError> {
        check_count::<Self>((), x)?;
        let p = Public {
            declaration: x[input::DECLARATION],
            certificate: x[input::CERTIFICATE],
            min: read::u64(x[input::MIN], "minimum")?,
            max: read::u64(x[input::MAX], "maximum")?,
            currency: read::currency(x[input::CURRENCY])?,
            registry_root: x[input::REGISTRY_ROOT],
            revocation_root: x[input::REVOCATION_ROOT],
        };
        p.validate()?;
        Ok((p, x[input::CONTEXT]))
    }
}

/// The customs-clearance circuit.
#[derive(Clone, Debug)]
pub struct CustomsClearanceCircuit {
    /// Public inputs, in the order of [`input`].
    pub inputs: Vec<Fr>,
    /// Opening of the sealed declaration.
    pub declaration: RecordOpening,
    /// Opening of the sealed certificate of origin.
    pub certificate: RecordOpening,
    /// Issuer key, signature, registry path and non-revocation witness of the certificate.
    pub issuer: IssuerWitness,
}

/// The value band of a customs-clearance claim.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ValueBand {
    /// Lowest acceptable value (minor units).
    pub min: u64,
    /// Highest acceptable value (minor units).
    pub max: u64,
    /// Currency of the band.
    pub currency: Currency,
}

impl CustomsClearanceCircuit {
    /// Checks every predicate natively and builds the circuit, or names the first that fails.
    pub fn new(
        declaration: RecordOpening,
        certificate: RecordOpening,
        issuer: IssuerWitness,
        context: Fr,
        band: ValueBand,
        registry_root: Fr,
        revocation_root: Fr,
    ) -> Result<Self, PredicateFailed> {
        let d = &declaration;
        if d.slot(DOC_TYPE) != Fr::from(DocType::CustomsDeclaration.code()) {
            return Err(fail(NAME, "the first record is not a customs declaration"));
        }
        let value = int(d.slot(AMOUNT))
            .ok_or_else(|| fail(NAME, "the declared value is not a 64-bit integer"))?;
        if value < band.min || value > band.max {
            return Err(fail(
                NAME,
                format!(
                    "declared value {value} outside the band [{}, {}]",
                    band.min, band.max
                ),
            ));
        }
        if d.slot(CURRENCY) != fe(band.currency.numeric()) {
            return Err(fail(
                NAME,
                format!("the declaration is not in currency {}", band.currency),
            ));
        }
        check_origin(NAME, d, "the declaration")?;
        if d.slot(ORIGIN) != certificate.slot(ORIGIN) {
            return Err(fail(
                NAME,
                "the declaration's origin differs from the certificate's",
            ));
        }
        if d.slot(EXPORTER) != certificate.slot(EXPORTER) {
            return Err(fail(
                NAME,
                "the declaration's exporter differs from the certificate's",
            ));
        }
        let reference = match (
            int(certificate.slot(ISSUER)),
            int(certificate.slot(DOC_NUMBER)),
        ) {
            (Some(issuer), Some(serial)) if issuer != 0 => certificate_ref(issuer, serial),
            _ => {
                return Err(fail(
                    NAME,
                    "the certificate names no valid issuer and serial",
                ))
            }
        };
        if d.slot(CERTIFICATE_REF) != Fr::from(reference) {
            return Err(fail(
                NAME,
                "the declaration does not name this certificate (issuer and serial)",
            ));
        }
        for (slot, what) in [
            (IMPORTER, "consignee"),
            (DESTINATION, "destination"),
            (HS_CODE, "HS code"),
        ] {
            if d.slot(slot) != certificate.slot(slot) {
                return Err(fail(
                    NAME,
                    format!("the declaration's {what} differs from the certificate's"),
                ));
            }
        }
        let date =
            int(d.slot(DATE)).ok_or_else(|| fail(NAME, "the declaration date is not a date"))?;
        check_certificate(
            NAME,
            &certificate,
            &issuer,
            date,
            registry_root,
            revocation_root,
        )?;
        let public = Public {
            declaration: d.digest(),
            certificate: certificate.digest(),
            min: band.min,
            max: band.max,
            currency: band.currency,
            registry_root,
            revocation_root,
        };
        Ok(Self {
            inputs: public.to_inputs(context),
            declaration,
            certificate,
            issuer,
        })
    }

    /// Builds the circuit from the given public inputs and witness without any check.
    pub fn from_witness_unchecked(
        inputs: Vec<Fr>,
        declaration: RecordOpening,
        certificate: RecordOpening,
        issuer: IssuerWitness,
    ) -> Self {
        Self {
            inputs,
            declaration,
            certificate,
            issuer,
        }
    }

    /// A circuit of the right shape for key generation.
    pub fn blank() -> Self {
        Self::blank_of(())
    }
}

impl ClaimCircuit for CustomsClearanceCircuit {
    fixed_shape_circuit!();

    fn blank_of(_: ()) -> Self {
        Self::from_witness_unchecked(
            vec![Fr::zero(); input::COUNT],
            RecordOpening::blank(),
            RecordOpening::blank(),
            IssuerWitness::blank(),
        )
    }
}

impl ConstraintSynthesizer<Fr> for CustomsClearanceCircuit {
    fn generate_constraints(self, cs: ConstraintSystemRef<Fr>) -> Result<(), SynthesisError> {
        let pi = alloc_inputs::<Public>(&cs, (), &self.inputs)?;
        let (min, max, currency) = (&pi[input::MIN], &pi[input::MAX], &pi[input::CURRENCY]);
        let (registry_root, revocation_root) =
            (&pi[input::REGISTRY_ROOT], &pi[input::REVOCATION_ROOT]);
        bind_context(&pi[input::CONTEXT])?;
        let dec = RecordVar::open(cs.clone(), &self.declaration, &pi[input::DECLARATION])?;
        let coo = RecordVar::open(cs.clone(), &self.certificate, &pi[input::CERTIFICATE])?;
        dec.slot(DOC_TYPE).enforce_equal(&FpVar::Constant(Fr::from(
            DocType::CustomsDeclaration.code(),
        )))?;
        // Declared value within the band, in the band's currency.
        let value = dec.slot(AMOUNT);
        enforce_range(value, 64)?;
        enforce_range(min, 64)?;
        enforce_range(max, 64)?;
        enforce_leq(min, value, 64)?;
        enforce_leq(value, max, 64)?;
        dec.slot(CURRENCY).enforce_equal(currency)?;
        // The two documents belong together, and name a country of origin.
        dec.slot(ORIGIN).enforce_equal(coo.slot(ORIGIN))?;
        enforce_country_code(dec.slot(ORIGIN))?;
        dec.slot(EXPORTER).enforce_equal(coo.slot(EXPORTER))?;
        // The certificate covers these goods, to this consignee and destination.
        for slot in [IMPORTER, DESTINATION, HS_CODE] {
            dec.slot(slot).enforce_equal(coo.slot(slot))?;
        }
        // The certificate is valid on the declaration date.
        let date = dec.slot(DATE);
        enforce_range(date, 64)?;
        let reference =
            enforce_certificate(cs, &coo, &self.issuer, date, registry_root, revocation_root)?;
        // It is the certificate the declaration names: this issuer, this serial.
        dec.slot(CERTIFICATE_REF).enforce_equal(&reference)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::claims::certificate::certificate_message;
    use crate::claims::certificate::tests::{signed_certificate, world};
    use crate::claims::testing::*;
    use ark_ff::Field;
    use proptest::prelude::*;
    use rand::SeedableRng;

    fn band() -> ValueBand {
        ValueBand {
            min: 1_000,
            max: 5_000_000,
            currency: Currency::from_numeric(978).unwrap(),
        }
    }

    fn public(dec: &RecordOpening, coo: &RecordOpening) -> Public {
        let w = world();
        Public {
            declaration: dec.digest(),
            certificate: coo.digest(),
            min: band().min,
            max: band().max,
            currency: band().currency,
            registry_root: w.registry.root(),
            revocation_root: w.revocations.root(),
        }
    }

    fn fixture(
        seed: u64,
        value: u64,
        dec_origin: u64,
        dec_exporter: u64,
        date: u64,
    ) -> CustomsClearanceCircuit {
        let w = world();
        let (coo, sig) = signed_certificate(&w, seed, 12, 0, 20_000, 20_365);
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed ^ 0xdec);
        let dec = seal(
            &mut rng,
            declaration(1001, dec_exporter, dec_origin, date, value, 978, 12),
        );
        let iw = IssuerWitness::collect(&coo, sig, &w.registry, &w.revocations).unwrap();
        let public = public(&dec, &coo).to_inputs(Fr::from(seed));
        CustomsClearanceCircuit::from_witness_unchecked(public, dec, coo, iw)
    }

    #[test]
    fn constraint_count_within_target() {
        let n = constraints(CustomsClearanceCircuit::blank());
        println!("customs_clearance: {n} constraints");
        assert!(n <= 25_000);
    }

    #[test]
    fn genuine_clearance_is_satisfied_and_checked() {
        let c = fixture(1, 250_000, 404, 42, 20_100);
        let w = world();
        let again = CustomsClearanceCircuit::new(
            c.declaration.clone(),
            c.certificate.clone(),
            c.issuer.clone(),
            c.inputs[input::CONTEXT],
            band(),
            w.registry.root(),
            w.revocations.root(),
        )
        .unwrap();
        assert_eq!(again.inputs, c.inputs);
        assert_statement(
            &again,
            &public(&c.declaration, &c.certificate),
            Fr::from(1u64),
        );
        let mut x = c.inputs.clone();
        x[input::CURRENCY] = Fr::from(1u64); // no such currency
        assert!(Public::from_inputs((), &x).is_err());
        let mut x = c.inputs.clone();
        x[input::MIN] = x[input::MAX] + Fr::from(1u64); // empty band
        assert!(Public::from_inputs((), &x).is_err());
        assert!(satisfied(c));
    }

    #[test]
    fn revoked_certificate_is_unsatisfied() {
        let w = world();
        let (coo, sig) = signed_certificate(&w, 9, 13, 0, 20_000, 20_365); // (5, 13) is revoked
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(9);
        let dec = seal(
            &mut rng,
            declaration(1001, 42, 404, 20_100, 250_000, 978, 13),
        );
        let mut iw = IssuerWitness::collect(
            &fixture(9, 1, 404, 42, 20_100).certificate,
            sig,
            &w.registry,
            &w.revocations,
        )
        .unwrap();
        iw.non_revocation = w.revocations.witness(5, 12).unwrap();
        let public = public(&dec, &coo).to_inputs(Fr::from(9u64));
        let e = CustomsClearanceCircuit::new(
            dec.clone(),
            coo.clone(),
            iw.clone(),
            Fr::ONE,
            band(),
            w.registry.root(),
            w.revocations.root(),
        )
        .unwrap_err();
        assert!(e.reason.contains("revoked"), "{e}");
        assert!(!satisfied(CustomsClearanceCircuit::from_witness_unchecked(
            public, dec, coo, iw
        )));
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(96))]
        #[test]
        fn every_wrong_witness_is_unsatisfied(which in 0..16usize, seed in any::<u64>()) {
            let good = fixture(seed, 250_000, 404, 42, 20_100);
            prop_assert!(satisfied(good.clone()));
            let bad = match which {
                0 => fixture(seed, 999, 404, 42, 20_100),             // value below the band
                1 => fixture(seed, 5_000_001, 404, 42, 20_100),       // value above the band
                2 => { let mut c = fixture(seed, 250_000, 404, 42, 20_100); // value "−1" wraps around
                       c.declaration.plaintext[AMOUNT] = -Fr::ONE; c.inputs[input::DECLARATION] = c.declaration.digest(); c }
                3 => fixture(seed, 250_000, 834, 42, 20_100),         // different origins
                4 => fixture(seed, 250_000, 404, 43, 20_100),         // another exporter
                5 => fixture(seed, 250_000, 404, 42, 20_366),         // certificate expired on that date
                6 => fixture(seed, 250_000, 404, 42, 19_999),         // not yet valid
                7 => { let mut c = good.clone(); c.issuer.signature.s += Fr::ONE; c } // forged signature
                8 => { let mut c = good.clone(); c.certificate.plaintext[ORIGIN] = Fr::from(834u64); // tampered certificate, re-sealed
                       c.declaration.plaintext[ORIGIN] = Fr::from(834u64);
                       c.inputs[input::CERTIFICATE] = c.certificate.digest(); c.inputs[input::DECLARATION] = c.declaration.digest(); c }
                9 => { let mut c = good.clone(); c.inputs[input::CURRENCY] = Fr::from(840u64); c } // other currency
                10 => { let mut c = good.clone(); c.declaration.key += Fr::ONE; c }        // wrong record key
                14 => empty_origins(seed),                                      // both origins empty, certificate re-signed
                15 => other_issuer_same_serial(seed),                           // another issuer's certificate 12
                // The certificate covers other goods, another consignee or another destination.
                w => { let mut c = good.clone();
                       let slot = [HS_CODE, IMPORTER, DESTINATION][w - 11];
                       c.declaration.plaintext[slot] += Fr::ONE; c.inputs[input::DECLARATION] = c.declaration.digest(); c }
            };
            prop_assert!(!satisfied(bad));
        }
    }

    /// The genuine fixture with the origin slot of both records emptied (0) and the certificate signed
    /// again by its issuer, so that only the origin rule can fail.
    fn empty_origins(seed: u64) -> CustomsClearanceCircuit {
        let w = world();
        let mut c = fixture(seed, 250_000, 404, 42, 20_100);
        c.declaration.plaintext[ORIGIN] = Fr::zero();
        c.certificate.plaintext[ORIGIN] = Fr::zero();
        c.issuer.signature = w.keys[0].sign(certificate_message(&c.certificate.plaintext));
        c.inputs[input::DECLARATION] = c.declaration.digest();
        c.inputs[input::CERTIFICATE] = c.certificate.digest();
        c
    }

    /// The declaration names certificate 12 of issuer 5; this is certificate 12 of issuer 6 — registered,
    /// in date, not revoked, matching every field.
    fn other_issuer_same_serial(seed: u64) -> CustomsClearanceCircuit {
        let w = world();
        let c = fixture(seed, 250_000, 404, 42, 20_100);
        let (coo, sig) = signed_certificate(&w, seed, 12, 1, 20_000, 20_365);
        let iw = IssuerWitness::collect(&coo, sig, &w.registry, &w.revocations).unwrap();
        let public = public(&c.declaration, &coo).to_inputs(Fr::from(seed));
        CustomsClearanceCircuit::from_witness_unchecked(public, c.declaration, coo, iw)
    }

    /// The native checks of `CustomsClearanceCircuit::new` on the witness of `c`, with `declaration`
    /// in place of its own, under the test world's band and roots.
    fn rebuilt(
        c: &CustomsClearanceCircuit,
        declaration: RecordOpening,
    ) -> Result<CustomsClearanceCircuit, PredicateFailed> {
        let w = world();
        CustomsClearanceCircuit::new(
            declaration,
            c.certificate.clone(),
            c.issuer.clone(),
            Fr::ONE,
            band(),
            w.registry.root(),
            w.revocations.root(),
        )
    }

    #[test]
    fn the_certificate_is_named_by_issuer_and_serial() {
        let c = other_issuer_same_serial(4);
        let e = rebuilt(&c, c.declaration.clone()).unwrap_err();
        assert!(e.reason.contains("issuer and serial"), "{e}");
        assert!(!satisfied(c.clone()));
        // The same certificate is fine for a declaration that names issuer 6.
        let mut d = c.declaration.clone();
        d.plaintext[CERTIFICATE_REF] = Fr::from(certificate_ref(6, 12));
        assert!(satisfied(rebuilt(&c, d).unwrap()));
    }

    #[test]
    fn empty_origins_do_not_match() {
        let c = empty_origins(2);
        let e = rebuilt(&c, c.declaration.clone()).unwrap_err();
        assert!(e.reason.contains("no country of origin"), "{e}");
        assert!(!satisfied(c));
    }

    #[test]
    fn certificate_message_is_poseidon14() {
        let c = fixture(3, 250_000, 404, 42, 20_100);
        assert_eq!(
            certificate_message(&c.certificate.plaintext),
            crate::gadgets::poseidon::hash(&c.certificate.plaintext)
        );
    }
}
