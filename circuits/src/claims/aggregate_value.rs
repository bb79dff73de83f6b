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
//! **Public inputs**, in order: `context`, `E`, `cur`, `threshold`, `from`, `to`, `D_1 … D_n`.
//!
//! *Distinctness*: invoice numbers must strictly increase, so one invoice cannot be counted twice —
//! not even when it was sealed twice (two ciphertexts, two digests, one invoice number). A digest of 0
//! marks an unused slot (no record can have digest 0 without a Poseidon preimage of 0), so one circuit of
//! capacity `n` serves every count up to `n`; the bank sees which digests are claimed and checks that they
//! are on its ledger. *No wrap-around*: every value is a 64-bit integer and the sum of at most 256 of them
//! stays below 2^72, which is the width of the final comparison.
//!
//! The first slot must be in use (a claim about no invoice at all is refused).
//!
//! Cost: 1,986 constraints per slot (1,650 of which re-encrypt the record), so 32 slots fit in a
//! 2^16 evaluation domain.
use super::{bind_context, fail, inputs, int, ClaimCircuit, PredicateFailed};
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

/// Public parameters of the aggregate-value claim.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AggregateParams {
    /// Replay context.
    pub context: Fr,
    /// The applicant: the exporter every invoice must name.
    pub exporter: u64,
    /// ISO 4217 numeric currency of every invoice.
    pub currency: u16,
    /// The total must be at least this (minor units).
    pub threshold: u64,
    /// First day of the window (days since 1970-01-01).
    pub from: u64,
    /// Last day of the window.
    pub to: u64,
}

/// The aggregate-value circuit of capacity `n = digests.len()`.
#[derive(Clone, Debug)]
pub struct AggregateValueCircuit {
    /// `[context, E, cur, threshold, from, to]`.
    pub params: [Fr; 6],
    /// The `n` digest slots (0 = unused).
    pub digests: Vec<Fr>,
    /// The `n` openings (anything for unused slots).
    pub openings: Vec<RecordOpening>,
}

impl AggregateValueCircuit {
    /// Checks natively and builds a circuit of capacity `capacity` over `invoices` (sorted here by
    /// invoice number), or names the first predicate that fails.
    pub fn new(
        capacity: usize,
        mut invoices: Vec<RecordOpening>,
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
        if p.from > p.to {
            return Err(fail(NAME, "the date window is empty"));
        }
        let mut total: u128 = 0;
        for (i, o) in invoices.iter().enumerate() {
            let which = format!("invoice {}", i + 1);
            if o.slot(DOC_TYPE) != Fr::from(DocType::CommercialInvoice.code()) {
                return Err(fail(NAME, format!("{which} is not a commercial invoice")));
            }
            if o.slot(EXPORTER) != Fr::from(p.exporter) {
                return Err(fail(NAME, format!("{which} names another exporter")));
            }
            if o.slot(CURRENCY) != Fr::from(p.currency as u64) {
                return Err(fail(
                    NAME,
                    format!("{which} is not in currency {}", p.currency),
                ));
            }
            let date = int(o.slot(DATE))
                .ok_or_else(|| fail(NAME, format!("{which} has no valid date")))?;
            if date < p.from || date > p.to {
                return Err(fail(
                    NAME,
                    format!(
                        "{which} is dated day {date}, outside [{}, {}]",
                        p.from, p.to
                    ),
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
        let mut digests: Vec<Fr> = invoices.iter().map(|o| o.digest()).collect();
        digests.resize(capacity, Fr::zero());
        invoices.resize(capacity, RecordOpening::blank());
        Ok(Self {
            params: [
                p.context,
                Fr::from(p.exporter),
                Fr::from(p.currency as u64),
                Fr::from(p.threshold),
                Fr::from(p.from),
                Fr::from(p.to),
            ],
            digests,
            openings: invoices,
        })
    }

    /// Builds the circuit from the given public inputs and witness without any check.
    /// `digests` and `openings` must have the same length (the capacity).
    pub fn from_witness_unchecked(
        params: [Fr; 6],
        digests: Vec<Fr>,
        openings: Vec<RecordOpening>,
    ) -> Self {
        Self {
            params,
            digests,
            openings,
        }
    }

    /// A circuit of capacity `capacity` for key generation.
    pub fn blank(capacity: usize) -> Self {
        Self::from_witness_unchecked(
            [Fr::zero(); 6],
            vec![Fr::zero(); capacity],
            vec![RecordOpening::blank(); capacity],
        )
    }

    /// The capacity `n`.
    pub fn capacity(&self) -> usize {
        self.digests.len()
    }
}

impl ClaimCircuit for AggregateValueCircuit {
    const NAME: &'static str = NAME;
    fn public_inputs(&self) -> Vec<Fr> {
        let mut v = self.params.to_vec();
        v.extend_from_slice(&self.digests);
        v
    }
}

impl ConstraintSynthesizer<Fr> for AggregateValueCircuit {
    fn generate_constraints(self, cs: ConstraintSystemRef<Fr>) -> Result<(), SynthesisError> {
        if self.digests.len() != self.openings.len()
            || self.digests.is_empty()
            || self.digests.len() > MAX_CAPACITY
        {
            return Err(SynthesisError::Unsatisfiable);
        }
        let pi = inputs(&cs, &self.public_inputs())?;
        let (context, exporter, currency, threshold, from, to) =
            (&pi[0], &pi[1], &pi[2], &pi[3], &pi[4], &pi[5]);
        bind_context(context)?;
        enforce_range(threshold, 64)?;
        enforce_range(from, 64)?;
        enforce_range(to, 64)?;
        // At least one invoice: the first slot is in use.
        pi[6].enforce_not_equal(&FpVar::Constant(Fr::zero()))?;
        let invoice_type = FpVar::Constant(Fr::from(DocType::CommercialInvoice.code()));
        let one = FpVar::Constant(Fr::ONE);
        let mut total = FpVar::Constant(Fr::zero());
        let mut previous: Option<(Boolean<Fr>, FpVar<Fr>)> = None;
        for (digest, opening) in pi[6..].iter().zip(&self.openings) {
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

    const P: AggregateParams = AggregateParams {
        context: Fr::ONE,
        exporter: 42,
        currency: 978,
        threshold: 1_000_000,
        from: 20_000,
        to: 20_365,
    };

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
        let c = AggregateValueCircuit::new(4, invoices(1, &[600_000, 500_000]), P).unwrap();
        assert_eq!(c.digests[2], Fr::zero());
        assert!(satisfied(c));
    }

    #[test]
    fn soundness() {
        let inv = invoices(2, &[600_000, 300_000, 200_000]);
        let good = AggregateValueCircuit::new(4, inv.clone(), P).unwrap();
        assert!(satisfied(good.clone()));
        let unsat = |c: AggregateValueCircuit, what: &str| assert!(!satisfied(c), "{what}");

        // Sum below the threshold.
        let mut c = good.clone();
        c.params[3] = Fr::from(1_100_001u64);
        unsat(c, "below threshold");
        assert!(AggregateValueCircuit::new(
            4,
            inv.clone(),
            AggregateParams {
                threshold: 1_100_001,
                ..P
            }
        )
        .is_err());

        // A record counted twice: same invoice in two slots.
        let mut c = good.clone();
        c.digests[1] = c.digests[0];
        c.openings[1] = c.openings[0].clone();
        unsat(c, "same record twice");
        // The same invoice sealed twice (different nonces, different digests, same number).
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(99);
        let again = seal(&mut rng, inv[0].plaintext);
        let mut c = good.clone();
        c.digests[3] = again.digest();
        c.openings[3] = again.clone();
        unsat(c, "same invoice resealed");
        assert!(
            AggregateValueCircuit::new(4, vec![inv[0].clone(), again], P)
                .unwrap_err()
                .reason
                .contains("twice")
        );

        // A record outside the date window.
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(5);
        let late = seal(&mut rng, invoice(900, 42, 20_366, 500_000, 978));
        let mut c = good.clone();
        c.digests[3] = late.digest();
        c.openings[3] = late.clone();
        unsat(c, "outside window");
        assert!(AggregateValueCircuit::new(4, vec![late], P).is_err());

        // A date that is not a small integer ("−5", near the modulus).
        let mut p = invoice(905, 42, 0, 500_000, 978);
        p[DATE] = -Fr::from(5u64);
        let wrapped = seal(&mut rng, p);
        let mut c = good.clone();
        c.digests[3] = wrapped.digest();
        c.openings[3] = wrapped;
        unsat(c, "date near the modulus");

        // An invoice of another exporter.
        let other = seal(&mut rng, invoice(901, 43, 20_100, 500_000, 978));
        let mut c = good.clone();
        c.digests[3] = other.digest();
        c.openings[3] = other;
        unsat(c, "other exporter");

        // Another currency, or another document type.
        let usd = seal(&mut rng, invoice(902, 42, 20_100, 500_000, 840));
        let mut c = good.clone();
        c.digests[3] = usd.digest();
        c.openings[3] = usd;
        unsat(c, "other currency");
        let mut p = invoice(903, 42, 20_100, 500_000, 978);
        p[DOC_TYPE] = Fr::from(1u64);
        let dec = seal(&mut rng, p);
        let mut c = good.clone();
        c.digests[3] = dec.digest();
        c.openings[3] = dec;
        unsat(c, "not an invoice");

        // Wrap-around of the sum: a value of p − 100_000 ("−100000") or a huge value that wraps the total.
        let mut p = invoice(904, 42, 20_100, 0, 978);
        p[AMOUNT] = -Fr::from(100_000u64);
        let neg = seal(&mut rng, p);
        let mut c = good.clone();
        c.params[3] = Fr::from(900_000u64);
        c.digests[3] = neg.digest();
        c.openings[3] = neg;
        unsat(c, "negative value");

        // No invoice at all, with a threshold of 0.
        let mut c = good.clone();
        c.params[3] = Fr::zero();
        c.digests.iter_mut().for_each(|d| *d = Fr::zero());
        unsat(c, "no invoice");

        // An active slot after an unused one (would dodge the ordering check).
        let mut c = good.clone();
        c.digests.swap(2, 3);
        c.openings.swap(2, 3);
        unsat(c, "gap before an active slot");

        // Tampered ciphertext: the digest of a record the prover cannot open.
        let mut c = good.clone();
        c.digests[0] += Fr::ONE;
        unsat(c, "wrong digest");
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(96))]
        #[test]
        fn threshold_boundary(values in prop::collection::vec(0u64..u64::MAX / 8, 1..=4), slack in -2i64..2, seed in any::<u64>()) {
            let total: u128 = values.iter().map(|v| *v as u128).sum();
            let threshold = (total as i128 + slack as i128).clamp(0, u64::MAX as i128) as u64;
            let inv = invoices(seed, &values);
            let params = AggregateParams { threshold, ..P };
            let mut digests: Vec<Fr> = inv.iter().map(|o| o.digest()).collect();
            let mut openings = inv.clone();
            digests.resize(4, Fr::zero());
            openings.resize(4, RecordOpening::blank());
            let c = AggregateValueCircuit::from_witness_unchecked(
                [params.context, Fr::from(42u64), Fr::from(978u64), Fr::from(threshold), Fr::from(P.from), Fr::from(P.to)],
                digests, openings);
            prop_assert_eq!(satisfied(c), total >= threshold as u128);
            prop_assert_eq!(AggregateValueCircuit::new(4, inv, params).is_ok(), total >= threshold as u128);
        }
    }
}
