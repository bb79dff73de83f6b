//! # Aggregate value (SME financing)
//!
//! A small exporter asks a bank for credit against its receivables.
//!
//! **Statement.** *The sealed records `D_1 … D_k` (the nonzero digests among `n` slots) are `k` distinct
//! commercial invoices that all name exporter `E`, are all in currency `cur`, are all dated within
//! `[from, to]`, and whose values add up to at least `threshold`.*
//!
//! ```text
//! ∃ openings o_1 … o_n, with a_i = [D_i ≠ 0] and a_1 ≥ a_2 ≥ … ≥ a_n (active slots first):
//!   ∀ i with a_i = 1:  Digest(Seal(o_i)) = D_i ∧ o_i[DOC_TYPE] = 2 ∧ o_i[EXPORTER] = E
//!                      ∧ o_i[CURRENCY] = cur ∧ from ≤ o_i[DATE] ≤ to
//!   ∀ i > 1 with a_i = 1:  o_{i−1}[DOC_NUMBER] < o_i[DOC_NUMBER]       (distinct invoices)
//!   Σ a_i·o_i[AMOUNT] ≥ threshold                                    (all values 64-bit, no wrap-around)
//! ```
//!
//! **Public inputs**, in order: `context`, `E`, `cur`, `threshold`, `from`, `to`, `D_1 … D_n` ([`Public`],
//! [`input`]).
//!
//! *Distinctness*: invoice numbers must strictly increase, so one invoice cannot be counted twice —
//! not even when it was sealed twice (two ciphertexts, two digests, one invoice number). *What it does
//! not prove*: that the invoices are real, or not financed already. The exporter writes its invoices, so
//! a copy sealed under a new number is a distinct invoice to this circuit. A bank relies on the claim
//! together with two ledger rules of the root crate's `financing` module: every digest acknowledged by
//! its importer (a signature the ledger checks), and every digest financed at most once (the
//! financed-once register). Both are checks on the public digests, outside the circuit. A digest of 0
//! marks an unused slot (no record can have digest 0 without a Poseidon preimage of 0), so one circuit of
//! capacity `n` serves every count up to `n`; the bank sees which digests are claimed and checks that they
//! are on its ledger. *No wrap-around*: every value is a 64-bit integer and the sum of at most 256 of them
//! stays below 2^72, which is the width of the final comparison.
//!
//! The first slot must be in use (a claim about no invoice at all is refused).
//!
//! Cost: 1,986 constraints per slot (1,650 of which re-encrypt the record), so 32 slots fit in a
//! 2^16 evaluation domain.
use super::{
    alloc_inputs, bind_context, check_count, fail, fe, int, read, ClaimCircuit, ClaimError,
    ClaimPublic, PredicateFailed,
};
use crate::codes::{Currency, Date, PartyId};
use crate::gadgets::bits::enforce_range;
use crate::layout::*;
use crate::record::{RecordOpening, RecordVar};
use ark_bn254::Fr;
use ark_ff::{Field, Zero};
use ark_r1cs_std::fields::fp::FpVar;
use ark_r1cs_std::prelude::*;
use ark_relations::gr1cs::{ConstraintSynthesizer, ConstraintSystemRef, SynthesisError};

const NAME: &str = "aggregate_value";

/// Largest supported capacity.
pub const MAX_CAPACITY: usize = 256;

/// Positions of the public inputs.
pub mod input {
    /// Replay context.
    pub const CONTEXT: usize = 0;
    /// The exporter every invoice must name.
    pub const EXPORTER: usize = 1;
    /// ISO 4217 numeric code of every invoice's currency.
    pub const CURRENCY: usize = 2;
    /// The minimum total (minor units).
    pub const THRESHOLD: usize = 3;
    /// First day of the window (days since 1970-01-01).
    pub const FROM: usize = 4;
    /// Last day of the window.
    pub const TO: usize = 5;
    /// The first of the `capacity` invoice digests (0 = unused slot); they run to the end.
    pub const INVOICES: usize = 6;
}

/// The terms of an aggregate-value claim: everything public except the invoices.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AggregateParams {
    /// The applicant: the exporter every invoice must name.
    pub exporter: PartyId,
    /// Currency of every invoice.
    pub currency: Currency,
    /// The total must be at least this (minor units).
    pub threshold: u64,
    /// First day of the window.
    pub from: Date,
    /// Last day of the window.
    pub to: Date,
}

/// The aggregate-value claim: distinct invoices of `exporter`, dated in `[from, to]`, total at least
/// `threshold`.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(deny_unknown_fields)
)]
pub struct Public {
    /// Circuit capacity (number of invoice slots).
    pub capacity: u16,
    /// The invoices (at most `capacity`; unused slots are not listed).
    #[cfg_attr(feature = "serde", serde(with = "crate::encoding::serde::fr_vec"))]
    pub invoices: Vec<Fr>,
    /// The applicant.
    pub exporter: PartyId,
    /// Currency of every invoice.
    pub currency: Currency,
    /// Minimum total (minor units).
    pub threshold: u64,
    /// First day of the window.
    pub from: Date,
    /// Last day of the window.
    pub to: Date,
}

/// Checks a capacity read from untrusted input.
pub fn check_capacity(capacity: u16) -> Result<(), ClaimError> {
    if capacity == 0 || capacity as usize > MAX_CAPACITY {
        return Err(ClaimError::Parameters(format!(
            "aggregate capacity {capacity} outside 1..={MAX_CAPACITY}"
        )));
    }
    Ok(())
}

impl ClaimPublic for Public {
    const NAME: &'static str = NAME;
    const CONTEXT: usize = input::CONTEXT;
    type Shape = u16;

    fn num_inputs(capacity: u16) -> usize {
        input::INVOICES + capacity as usize
    }

    fn check_shape(capacity: u16) -> Result<(), ClaimError> {
        check_capacity(capacity)
    }

    fn shape(&self) -> u16 {
        self.capacity
    }

    fn validate(&self) -> Result<(), ClaimError> {
        check_capacity(self.capacity)?;
        if self.invoices.is_empty() || self.invoices.len() > self.capacity as usize {
            return Err(ClaimError::Parameters(format!(
                "1 to {} invoices expected, got {}",
                self.capacity,
                self.invoices.len()
            )));
        }
        if self.invoices.iter().any(|d| d.is_zero()) {
            return Err(ClaimError::Parameters("an invoice digest is zero".into()));
        }
        if self.from > self.to {
            return Err(ClaimError::Parameters("empty date window".into()));
        }
        Ok(())
    }

    fn records(&self) -> Vec<Fr> {
        self.invoices.clone()
    }

    fn to_inputs(&self, context: Fr) -> Vec<Fr> {
        let mut v = vec![Fr::zero(); Self::num_inputs(self.capacity)];
        v[input::CONTEXT] = context;
        v[input::EXPORTER] = fe(self.exporter.get());
        v[input::CURRENCY] = fe(self.currency.numeric());
        v[input::THRESHOLD] = fe(self.threshold);
        v[input::FROM] = fe(self.from.days());
        v[input::TO] = fe(self.to.days());
        for (slot, d) in v[input::INVOICES..].iter_mut().zip(&self.invoices) {
            *slot = *d;
        }
        v
    }

    fn from_inputs(capacity: u16, x: &[Fr]) -> Result<(Self, Fr), ClaimError> {
        check_capacity(capacity)?;
        check_count::<Self>(capacity, x)?;
        let digests = &x[input::INVOICES..];
        let used = digests.iter().take_while(|d| !d.is_zero()).count();
        if digests[used..].iter().any(|d| !d.is_zero()) {
            return Err(ClaimError::Parameters(
                "invoice digests after an unused slot".into(),
            ));
        }
        let p = Public {
            capacity,
            invoices: digests[..used].to_vec(),
            exporter: read::party(x[input::EXPORTER], "exporter")?,
            currency: read::currency(x[input::CURRENCY])?,
            threshold: read::u64(x[input::THRESHOLD], "threshold")?,
            from: read::date(x[input::FROM], "window start")?,
            to: read::date(x[input::TO], "window end")?,
        };
        p.validate()?;
        Ok((p, x[input::CONTEXT]))
    }
}

/// The aggregate-value circuit of capacity `n = openings.len()`.
#[derive(Clone, Debug)]
pub struct AggregateValueCircuit {
    /// Public inputs, in the order of [`input`]: the terms, then `n` digest slots (0 = unused).
    pub inputs: Vec<Fr>,
    /// The `n` openings (anything for unused slots).
    pub openings: Vec<RecordOpening>,
}

impl AggregateValueCircuit {
    /// Checks natively and builds a circuit of capacity `capacity` over `invoices` (sorted here by
    /// invoice number), or names the first predicate that fails.
    pub fn new(
        capacity: usize,
        mut invoices: Vec<RecordOpening>,
        context: Fr,
        p: AggregateParams,
    ) -> Result<Self, PredicateFailed> {
        if capacity == 0 || capacity > MAX_CAPACITY {
            return Err(fail(
                NAME,
                format!("capacity must be between 1 and {MAX_CAPACITY}"),
            ));
        }
        if invoices.is_empty() || invoices.len() > capacity {
            return Err(fail(
                NAME,
                format!(
                    "between 1 and {capacity} invoices are needed, got {}",
                    invoices.len()
                ),
            ));
        }
        let (from, to) = (p.from.days() as u64, p.to.days() as u64);
        if from > to {
            return Err(fail(NAME, "the date window is empty"));
        }
        let mut total: u128 = 0;
        for (i, o) in invoices.iter().enumerate() {
            let which = format!("invoice {}", i + 1);
            if o.slot(DOC_TYPE) != Fr::from(DocType::CommercialInvoice.code()) {
                return Err(fail(NAME, format!("{which} is not a commercial invoice")));
            }
            if o.slot(EXPORTER) != fe(p.exporter.get()) {
                return Err(fail(NAME, format!("{which} names another exporter")));
            }
            if o.slot(CURRENCY) != fe(p.currency.numeric()) {
                return Err(fail(
                    NAME,
                    format!("{which} is not in currency {}", p.currency.numeric()),
                ));
            }
            let date = int(o.slot(DATE))
                .ok_or_else(|| fail(NAME, format!("{which} has no valid date")))?;
            if date < from || date > to {
                return Err(fail(
                    NAME,
                    format!("{which} is dated day {date}, outside [{from}, {to}]"),
                ));
            }
            int(o.slot(DOC_NUMBER))
                .ok_or_else(|| fail(NAME, format!("{which} has no valid number")))?;
            total += int(o.slot(AMOUNT))
                .ok_or_else(|| fail(NAME, format!("{which} has no valid amount")))?
                as u128;
        }
        invoices.sort_by_key(|o| int(o.slot(DOC_NUMBER)));
        if let Some(w) = invoices
            .windows(2)
            .find(|w| w[0].slot(DOC_NUMBER) == w[1].slot(DOC_NUMBER))
        {
            return Err(fail(
                NAME,
                format!(
                    "invoice number {} is counted twice",
                    int(w[0].slot(DOC_NUMBER)).unwrap_or(0)
                ),
            ));
        }
        if total < p.threshold as u128 {
            return Err(fail(
                NAME,
                format!(
                    "the invoices total {total}, below the threshold {}",
                    p.threshold
                ),
            ));
        }
        let public = Public {
            capacity: capacity as u16,
            invoices: invoices.iter().map(|o| o.digest()).collect(),
            exporter: p.exporter,
            currency: p.currency,
            threshold: p.threshold,
            from: p.from,
            to: p.to,
        };
        invoices.resize(capacity, RecordOpening::blank());
        Ok(Self {
            inputs: public.to_inputs(context),
            openings: invoices,
        })
    }

    /// Builds the circuit from the given public inputs and witness without any check. `inputs` must
    /// hold [`input::INVOICES`] terms and then one digest per opening.
    pub fn from_witness_unchecked(inputs: Vec<Fr>, openings: Vec<RecordOpening>) -> Self {
        Self { inputs, openings }
    }

    /// A circuit of capacity `capacity` for key generation.
    pub fn blank(capacity: usize) -> Self {
        Self::from_witness_unchecked(
            vec![Fr::zero(); input::INVOICES + capacity],
            vec![RecordOpening::blank(); capacity],
        )
    }

    /// The capacity `n`.
    pub fn capacity(&self) -> usize {
        self.openings.len()
    }
}

impl ClaimCircuit for AggregateValueCircuit {
    type Public = Public;

    fn blank_of(capacity: u16) -> Self {
        Self::blank(capacity.max(1) as usize)
    }

    fn shape(&self) -> u16 {
        u16::try_from(self.capacity()).unwrap_or(u16::MAX)
    }

    fn public_inputs(&self) -> &[Fr] {
        &self.inputs
    }
}

impl ConstraintSynthesizer<Fr> for AggregateValueCircuit {
    fn generate_constraints(self, cs: ConstraintSystemRef<Fr>) -> Result<(), SynthesisError> {
        let capacity = self.capacity();
        if capacity == 0 || capacity > MAX_CAPACITY {
            return Err(SynthesisError::Unsatisfiable);
        }
        let pi = alloc_inputs::<Public>(&cs, capacity as u16, &self.inputs)?;
        let (exporter, currency, threshold) = (
            &pi[input::EXPORTER],
            &pi[input::CURRENCY],
            &pi[input::THRESHOLD],
        );
        let (from, to) = (&pi[input::FROM], &pi[input::TO]);
        bind_context(&pi[input::CONTEXT])?;
        enforce_range(threshold, 64)?;
        enforce_range(from, 64)?;
        enforce_range(to, 64)?;
        // At least one invoice: the first slot is in use.
        pi[input::INVOICES].enforce_not_equal(&FpVar::Constant(Fr::zero()))?;
        let invoice_type = FpVar::Constant(Fr::from(DocType::CommercialInvoice.code()));
        let one = FpVar::Constant(Fr::ONE);
        let mut total = FpVar::Constant(Fr::zero());
        let mut previous: Option<(Boolean<Fr>, FpVar<Fr>)> = None;
        for (digest, opening) in pi[input::INVOICES..].iter().zip(&self.openings) {
            let r = RecordVar::alloc(cs.clone(), opening)?;
            let active = !digest.is_zero()?;
            let a = FpVar::from(active.clone());
            r.digest.conditional_enforce_equal(digest, &active)?;
            r.slot(DOC_TYPE)
                .conditional_enforce_equal(&invoice_type, &active)?;
            r.slot(EXPORTER)
                .conditional_enforce_equal(exporter, &active)?;
            r.slot(CURRENCY)
                .conditional_enforce_equal(currency, &active)?;
            let (date, value, number) = (r.slot(DATE), r.slot(AMOUNT), r.slot(DOC_NUMBER));
            enforce_range(value, 64)?;
            enforce_range(number, 64)?;
            // With `from` and `to` below 2^64, `date − from` and `to − date` both below 2^64 imply
            // `from ≤ date ≤ to` as integers (a date outside the window, or one that is not a small
            // integer, makes one difference wrap to a value near p), so the date needs no range check
            // of its own.
            enforce_range(&(&a * (date - from)), 64)?;
            enforce_range(&(&a * (to - date)), 64)?;
            if let Some((prev_active, prev_number)) = &previous {
                // Active slots come first, and their invoice numbers strictly increase.
                a.mul_equals(
                    &(&one - FpVar::from(prev_active.clone())),
                    &FpVar::Constant(Fr::zero()),
                )?;
                enforce_range(&(&a * (number - prev_number - &one)), 64)?;
            }
            total += &a * value;
            previous = Some((active, number.clone()));
        }
        enforce_range(&(total - threshold), 72)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::claims::testing::*;
    use proptest::prelude::*;
    use rand::SeedableRng;

    fn params() -> AggregateParams {
        AggregateParams {
            exporter: PartyId::new(42).unwrap(),
            currency: Currency::from_numeric(978).unwrap(),
            threshold: 1_000_000,
            from: day(20_000),
            to: day(20_365),
        }
    }

    fn invoices(seed: u64, values: &[u64]) -> Vec<RecordOpening> {
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
        values
            .iter()
            .enumerate()
            .map(|(i, v)| {
                seal(
                    &mut rng,
                    invoice(100 + i as u64, 42, 20_010 + i as u64, *v, 978),
                )
            })
            .collect()
    }

    #[test]
    fn constraints_per_slot() {
        let n4 = constraints(AggregateValueCircuit::blank(4));
        let n8 = constraints(AggregateValueCircuit::blank(8));
        println!(
            "aggregate_value: n=4 {n4}, n=8 {n8}, per slot {}",
            (n8 - n4) / 4
        );
        assert!((n8 - n4) / 4 <= 1_986);
        // 32 slots (and the public inputs) fit a 2^16 domain.
        assert!(n4 + 28 * (n8 - n4) / 4 + 39 <= 1 << 16);
    }

    #[test]
    fn honest_claim_with_unused_slots() {
        let inv = invoices(1, &[600_000, 500_000]);
        let c = AggregateValueCircuit::new(4, inv.clone(), Fr::ONE, params()).unwrap();
        assert_eq!(c.inputs[input::INVOICES + 2], Fr::zero());
        let p = params();
        let public = Public {
            capacity: 4,
            invoices: inv.iter().map(|o| o.digest()).collect(),
            exporter: p.exporter,
            currency: p.currency,
            threshold: p.threshold,
            from: p.from,
            to: p.to,
        };
        assert_statement(&c, &public, Fr::ONE);
        // A gap before a used slot, or a capacity out of bounds, is refused on the way back.
        let mut x = c.inputs.clone();
        x.swap(input::INVOICES + 1, input::INVOICES + 2);
        assert!(Public::from_inputs(4, &x).is_err());
        assert!(Public::from_inputs(0, &x[..input::INVOICES]).is_err());
        let mut x = c.inputs.clone();
        x[input::EXPORTER] = Fr::zero(); // party 0 is reserved
        assert!(Public::from_inputs(4, &x).is_err());
        assert!(satisfied(c));
    }

    #[test]
    fn soundness() {
        let inv = invoices(2, &[600_000, 300_000, 200_000]);
        let good = AggregateValueCircuit::new(4, inv.clone(), Fr::ONE, params()).unwrap();
        assert!(satisfied(good.clone()));
        let unsat = |c: AggregateValueCircuit, what: &str| assert!(!satisfied(c), "{what}");

        // Sum below the threshold.
        let mut c = good.clone();
        c.inputs[input::THRESHOLD] = Fr::from(1_100_001u64);
        unsat(c, "below threshold");
        assert!(AggregateValueCircuit::new(
            4,
            inv.clone(),
            Fr::ONE,
            AggregateParams {
                threshold: 1_100_001,
                ..params()
            }
        )
        .is_err());

        // A record counted twice: same invoice in two slots.
        let mut c = good.clone();
        c.inputs[input::INVOICES + 1] = c.inputs[input::INVOICES];
        c.openings[1] = c.openings[0].clone();
        unsat(c, "same record twice");
        // The same invoice sealed twice (different nonces, different digests, same number).
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(99);
        let again = seal(&mut rng, inv[0].plaintext);
        let mut c = good.clone();
        c.inputs[input::INVOICES + 3] = again.digest();
        c.openings[3] = again.clone();
        unsat(c, "same invoice resealed");
        assert!(
            AggregateValueCircuit::new(4, vec![inv[0].clone(), again], Fr::ONE, params())
                .unwrap_err()
                .reason
                .contains("twice")
        );

        // A record outside the date window.
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(5);
        let late = seal(&mut rng, invoice(900, 42, 20_366, 500_000, 978));
        let mut c = good.clone();
        c.inputs[input::INVOICES + 3] = late.digest();
        c.openings[3] = late.clone();
        unsat(c, "outside window");
        assert!(AggregateValueCircuit::new(4, vec![late], Fr::ONE, params()).is_err());

        // A date that is not a small integer ("−5", near the modulus).
        let mut p = invoice(905, 42, 0, 500_000, 978);
        p[DATE] = -Fr::from(5u64);
        let wrapped = seal(&mut rng, p);
        let mut c = good.clone();
        c.inputs[input::INVOICES + 3] = wrapped.digest();
        c.openings[3] = wrapped;
        unsat(c, "date near the modulus");

        // An invoice of another exporter.
        let other = seal(&mut rng, invoice(901, 43, 20_100, 500_000, 978));
        let mut c = good.clone();
        c.inputs[input::INVOICES + 3] = other.digest();
        c.openings[3] = other;
        unsat(c, "other exporter");

        // Another currency, or another document type.
        let usd = seal(&mut rng, invoice(902, 42, 20_100, 500_000, 840));
        let mut c = good.clone();
        c.inputs[input::INVOICES + 3] = usd.digest();
        c.openings[3] = usd;
        unsat(c, "other currency");
        let mut p = invoice(903, 42, 20_100, 500_000, 978);
        p[DOC_TYPE] = Fr::from(1u64);
        let dec = seal(&mut rng, p);
        let mut c = good.clone();
        c.inputs[input::INVOICES + 3] = dec.digest();
        c.openings[3] = dec;
        unsat(c, "not an invoice");

        // Wrap-around of the sum: a value of p − 100_000 ("−100000") or a huge value that wraps the total.
        let mut p = invoice(904, 42, 20_100, 0, 978);
        p[AMOUNT] = -Fr::from(100_000u64);
        let neg = seal(&mut rng, p);
        let mut c = good.clone();
        c.inputs[input::THRESHOLD] = Fr::from(900_000u64);
        c.inputs[input::INVOICES + 3] = neg.digest();
        c.openings[3] = neg;
        unsat(c, "negative value");

        // No invoice at all, with a threshold of 0.
        let mut c = good.clone();
        c.inputs[input::THRESHOLD] = Fr::zero();
        c.inputs[input::INVOICES..]
            .iter_mut()
            .for_each(|d| *d = Fr::zero());
        unsat(c, "no invoice");

        // An active slot after an unused one (would dodge the ordering check).
        let mut c = good.clone();
        c.inputs.swap(input::INVOICES + 2, input::INVOICES + 3);
        c.openings.swap(2, 3);
        unsat(c, "gap before an active slot");

        // Tampered ciphertext: the digest of a record the prover cannot open.
        let mut c = good.clone();
        c.inputs[input::INVOICES] += Fr::ONE;
        unsat(c, "wrong digest");
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(96))]
        #[test]
        fn threshold_boundary(values in prop::collection::vec(0u64..u64::MAX / 8, 1..=4), slack in -2i64..2, seed in any::<u64>()) {
            let total: u128 = values.iter().map(|v| *v as u128).sum();
            let threshold = (total as i128 + slack as i128).clamp(0, u64::MAX as i128) as u64;
            let inv = invoices(seed, &values);
            let params = AggregateParams { threshold, ..params() };
            let mut inputs = vec![Fr::ONE, Fr::from(42u64), Fr::from(978u64), Fr::from(threshold), Fr::from(20_000u64), Fr::from(20_365u64)];
            inputs.extend(inv.iter().map(|o| o.digest()));
            inputs.resize(input::INVOICES + 4, Fr::zero());
            let mut openings = inv.clone();
            openings.resize(4, RecordOpening::blank());
            let c = AggregateValueCircuit::from_witness_unchecked(inputs, openings);
            prop_assert_eq!(satisfied(c), total >= threshold as u128);
            prop_assert_eq!(AggregateValueCircuit::new(4, inv, Fr::ONE, params).is_ok(), total >= threshold as u128);
        }
    }
}
