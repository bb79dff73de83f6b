//! # Selective disclosure
//!
//! **Statement.** *The sealed record with digest `D` is a document of type `T` whose slots named in the
//! mask hold the given values.* The other slots stay hidden: an owner reveals, say, the HS code and the
//! destination of a declaration to a freight forwarder, but not its value, with proof that they are
//! the sealed record's.
//!
//! ```text
//! ∃ k, w, m :  Digest(Seal(k, w, m)) = D  ∧  m[0] = T
//!              ∧  mask ∈ [1, 2^14),  bit 0 of mask = 0          (slot 0 is the type, already public)
//!              ∧  ∀ i ∈ 1..14 :  bᵢ·(m[i] − vᵢ) = 0  ∧  (1 − bᵢ)·vᵢ = 0        (bᵢ = bit i of mask)
//! ```
//!
//! **Public inputs**, in order: `D`, `context`, `T`, `mask`, `v₁ … v₁₃` ([`Public`], [`input`]).
//!
//! A hidden slot's public value must be 0, so each disclosure has exactly one statement (and one
//! statement id for replay protection). A mask revealing nothing is refused: the claim would only say
//! "this is a `T`", which the value-range and origin claims already cover. Revealing a slot reveals the
//! field element as the record holds it — for a hashed identifier (customs office, ports) that is the
//! hash; the verifier compares it with the hash of the value it expects.
//!
//! Cost: 1,696 constraints — the record opening (1,650), the mask's 14 bits, and two products per slot.
use super::{
    alloc_inputs, bind_context, check_count, check_type, fail, fe, fixed_shape_circuit,
    fixed_shape_public, read, ClaimCircuit, ClaimError, ClaimPublic, PredicateFailed,
};
use crate::gadgets::bits::to_bits_le;
use crate::layout::{DocType, DOC_TYPE, RECORD_SLOTS};
use crate::record::{RecordOpening, RecordVar};
use ark_bn254::Fr;
use ark_ff::{Field, Zero};
use ark_r1cs_std::fields::fp::FpVar;
use ark_r1cs_std::prelude::*;
use ark_relations::gr1cs::{ConstraintSynthesizer, ConstraintSystemRef, SynthesisError};

const NAME: &str = "selective_disclosure";

/// Positions of the public inputs.
pub mod input {
    /// Digest of the sealed record.
    pub const RECORD: usize = 0;
    /// Replay context.
    pub const CONTEXT: usize = 1;
    /// Document type code.
    pub const DOC_TYPE: usize = 2;
    /// The revealed slots, bit `i` for slot `i` (slots 1 to 13).
    pub const MASK: usize = 3;
    /// The value of slot `i` is input `VALUES + i − 1`, for `i` in 1..14 (0 where hidden).
    pub const VALUES: usize = 4;
    /// Number of public inputs.
    pub const COUNT: usize = VALUES + crate::layout::RECORD_SLOTS - 1;
}

/// One revealed slot.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(deny_unknown_fields)
)]
pub struct Revealed {
    /// The slot ([`crate::layout`]), 1 to 13.
    pub slot: usize,
    /// The field element the record holds there.
    #[cfg_attr(feature = "serde", serde(with = "crate::encoding::serde::fr_string"))]
    pub value: Fr,
}

/// The selective-disclosure claim: the `doc_type` record holds `revealed`.
///
/// JSON (with the `serde` feature): `{"record": "…", "doc_type": "customs_declaration", "revealed":
/// [{"slot": 5, "value": "276"}, {"slot": 6, "value": "60311"}]}`, slots in increasing order.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(deny_unknown_fields)
)]
pub struct Public {
    /// Digest of the sealed record.
    #[cfg_attr(feature = "serde", serde(with = "crate::encoding::serde::fr_string"))]
    pub record: Fr,
    /// Its document type.
    pub doc_type: DocType,
    /// The revealed slots and their values, slots increasing, at least one.
    pub revealed: Vec<Revealed>,
}

impl Public {
    /// The mask `Σ 2^slot` of the revealed slots.
    pub fn mask(&self) -> u64 {
        self.revealed.iter().map(|r| 1u64 << r.slot.min(63)).sum()
    }
}

impl ClaimPublic for Public {
    fixed_shape_public!(NAME);

    fn validate(&self) -> Result<(), ClaimError> {
        let bad = |r: String| Err(ClaimError::Parameters(r));
        if self.revealed.is_empty() {
            return bad("a disclosure must reveal at least one slot".into());
        }
        if let Some(r) = self
            .revealed
            .iter()
            .find(|r| r.slot == DOC_TYPE || r.slot >= RECORD_SLOTS)
        {
            return bad(format!(
                "slot {} cannot be revealed (slots 1 to {})",
                r.slot,
                RECORD_SLOTS - 1
            ));
        }
        if self.revealed.windows(2).any(|w| w[0].slot >= w[1].slot) {
            return bad("revealed slots must be listed once each, in increasing order".into());
        }
        Ok(())
    }

    fn records(&self) -> Vec<Fr> {
        vec![self.record]
    }

    fn to_inputs(&self, context: Fr) -> Vec<Fr> {
        let mut v = vec![Fr::zero(); input::COUNT];
        v[input::RECORD] = self.record;
        v[input::CONTEXT] = context;
        v[input::DOC_TYPE] = fe(self.doc_type.code());
        v[input::MASK] = fe(self.mask());
        for r in &self.revealed {
            if (1..RECORD_SLOTS).contains(&r.slot) {
                v[input::VALUES + r.slot - 1] = r.value;
            }
        }
        v
    }

    fn from_inputs(_: (), x: &[Fr]) -> Result<(Self, Fr), ClaimError> {
        check_count::<Self>((), x)?;
        let mask = read::u64(x[input::MASK], "mask")?;
        if mask >> RECORD_SLOTS != 0 || mask & 1 != 0 {
            return Err(ClaimError::Input {
                what: "mask",
                reason: format!("{mask:#x} names a slot outside 1 to {}", RECORD_SLOTS - 1),
            });
        }
        let mut revealed = Vec::new();
        for slot in 1..RECORD_SLOTS {
            let value = x[input::VALUES + slot - 1];
            if mask >> slot & 1 == 1 {
                revealed.push(Revealed { slot, value });
            } else if !value.is_zero() {
                return Err(ClaimError::Input {
                    what: "values",
                    reason: format!("slot {slot} is hidden but its public value is not 0"),
                });
            }
        }
        let p = Public {
            record: x[input::RECORD],
            doc_type: read::doc_type(x[input::DOC_TYPE])?,
            revealed,
        };
        p.validate()?;
        Ok((p, x[input::CONTEXT]))
    }
}

/// Native twin: checks the record against the claim and names the first slot that differs.
pub fn check_disclosure(public: &Public, opening: &RecordOpening) -> Result<(), PredicateFailed> {
    public.validate().map_err(|e| fail(NAME, e.to_string()))?;
    check_type(NAME, opening, public.doc_type, "the record")?;
    if opening.digest() != public.record {
        return Err(fail(
            NAME,
            "the opening is not of the record with this digest",
        ));
    }
    if let Some(r) = public
        .revealed
        .iter()
        .find(|r| opening.slot(r.slot) != r.value)
    {
        return Err(fail(
            NAME,
            format!("slot {} does not hold the revealed value", r.slot),
        ));
    }
    Ok(())
}

/// The selective-disclosure circuit.
#[derive(Clone, Debug)]
pub struct SelectiveDisclosureCircuit {
    /// Public inputs, in the order of [`input`].
    pub inputs: Vec<Fr>,
    /// The record's opening.
    pub opening: RecordOpening,
}

impl SelectiveDisclosureCircuit {
    /// Reveals `slots` of the record (their values read from the opening), checked natively.
    pub fn new(
        opening: RecordOpening,
        context: Fr,
        doc_type: DocType,
        slots: &[usize],
    ) -> Result<Self, PredicateFailed> {
        let mut slots = slots.to_vec();
        slots.sort_unstable();
        let revealed = slots
            .iter()
            .map(|&slot| Revealed {
                slot,
                value: if slot < RECORD_SLOTS {
                    opening.slot(slot)
                } else {
                    Fr::zero()
                },
            })
            .collect();
        let public = Public {
            record: opening.digest(),
            doc_type,
            revealed,
        };
        check_disclosure(&public, &opening)?;
        Ok(Self {
            inputs: public.to_inputs(context),
            opening,
        })
    }

    /// Builds the circuit from exactly the given public inputs and witness, without any check.
    pub fn from_witness_unchecked(inputs: Vec<Fr>, opening: RecordOpening) -> Self {
        Self { inputs, opening }
    }

    /// A circuit of the right shape for key generation.
    pub fn blank() -> Self {
        Self::blank_of(())
    }
}

impl ClaimCircuit for SelectiveDisclosureCircuit {
    fixed_shape_circuit!();

    fn blank_of(_: ()) -> Self {
        Self::from_witness_unchecked(vec![Fr::zero(); input::COUNT], RecordOpening::blank())
    }
}

impl ConstraintSynthesizer<Fr> for SelectiveDisclosureCircuit {
    fn generate_constraints(self, cs: ConstraintSystemRef<Fr>) -> Result<(), SynthesisError> {
        let pi = alloc_inputs::<Public>(&cs, (), &self.inputs)?;
        bind_context(&pi[input::CONTEXT])?;
        let record = RecordVar::open(cs, &self.opening, &pi[input::RECORD])?;
        record.slot(DOC_TYPE).enforce_equal(&pi[input::DOC_TYPE])?;
        // The mask: 14 bits, slot 0 not among them, not empty.
        let mask = &pi[input::MASK];
        let bits = to_bits_le(mask, RECORD_SLOTS)?;
        bits[DOC_TYPE].enforce_equal(&Boolean::FALSE)?;
        mask.enforce_not_equal(&FpVar::Constant(Fr::zero()))?;
        let one = FpVar::Constant(Fr::ONE);
        for slot in 1..RECORD_SLOTS {
            let b = FpVar::from(bits[slot].clone());
            let v = &pi[input::VALUES + slot - 1];
            // Revealed: the record holds v. Hidden: v is 0.
            b.mul_equals(&(record.slot(slot) - v), &FpVar::Constant(Fr::zero()))?;
            (&one - &b).mul_equals(v, &FpVar::Constant(Fr::zero()))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::claims::testing::*;
    use crate::layout::{AMOUNT, DESTINATION, HS_CODE};
    use proptest::prelude::*;
    use rand::SeedableRng;

    fn fixture(seed: u64) -> RecordOpening {
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
        seal(
            &mut rng,
            declaration(7, 42, 404, 20_422, 4_825_000, 978, 5_501),
        )
    }

    fn circuit(o: &RecordOpening, slots: &[usize]) -> SelectiveDisclosureCircuit {
        SelectiveDisclosureCircuit::new(
            o.clone(),
            Fr::from(3u64),
            DocType::CustomsDeclaration,
            slots,
        )
        .unwrap()
    }

    #[test]
    fn constraint_count() {
        let n = constraints(SelectiveDisclosureCircuit::blank());
        println!("selective_disclosure: {n} constraints");
        assert!(n <= 1_800, "{n}");
    }

    #[test]
    fn honest_disclosures_satisfy_and_round_trip() {
        let o = fixture(1);
        let c = circuit(&o, &[DESTINATION, HS_CODE]);
        assert!(satisfied(c.clone()));
        let public = Public {
            record: o.digest(),
            doc_type: DocType::CustomsDeclaration,
            revealed: vec![
                Revealed {
                    slot: DESTINATION,
                    value: fe(276u64),
                },
                Revealed {
                    slot: HS_CODE,
                    value: o.slot(HS_CODE),
                },
            ],
        };
        assert_statement(&c, &public, Fr::from(3u64));
        // Every slot but the type at once.
        let all: Vec<usize> = (1..RECORD_SLOTS).collect();
        assert!(satisfied(circuit(&o, &all)));
    }

    #[test]
    fn changed_values_hidden_slots_and_empty_masks_are_refused() {
        let o = fixture(2);
        let good = circuit(&o, &[DESTINATION, HS_CODE]);
        let check = |f: &dyn Fn(&mut Vec<Fr>)| {
            let mut x = good.inputs.clone();
            f(&mut x);
            assert!(!satisfied(
                SelectiveDisclosureCircuit::from_witness_unchecked(x.clone(), o.clone())
            ));
            x
        };
        // A revealed value changed.
        let x = check(&|x| x[input::VALUES + HS_CODE - 1] += Fr::ONE);
        assert!(Public::from_inputs((), &x).is_ok()); // a well-formed statement, just false
                                                      // A value given for a slot outside the mask (the amount, which stays hidden).
        let x = check(&|x| x[input::VALUES + AMOUNT - 1] = o.slot(AMOUNT));
        assert!(Public::from_inputs((), &x).is_err());
        // A mask that reveals nothing (with all values 0).
        let x = check(&|x| {
            x[input::MASK] = Fr::zero();
            for v in &mut x[input::VALUES..] {
                *v = Fr::zero();
            }
        });
        assert!(Public::from_inputs((), &x).is_err());
        // A mask naming slot 0, or wrapping around the field.
        check(&|x| x[input::MASK] += Fr::ONE);
        check(&|x| x[input::MASK] = -Fr::from(1u64 << DESTINATION));
        // Another record type, another digest.
        check(&|x| x[input::DOC_TYPE] = fe(DocType::CommercialInvoice.code()));
        check(&|x| x[input::RECORD] += Fr::ONE);
        // The prover's side names the problem.
        let e =
            SelectiveDisclosureCircuit::new(o.clone(), Fr::ONE, DocType::CustomsDeclaration, &[])
                .unwrap_err();
        assert!(e.reason.contains("at least one slot"), "{e}");
        let e = SelectiveDisclosureCircuit::new(
            o.clone(),
            Fr::ONE,
            DocType::CustomsDeclaration,
            &[DOC_TYPE],
        )
        .unwrap_err();
        assert!(e.reason.contains("cannot be revealed"), "{e}");
        let e = SelectiveDisclosureCircuit::new(o, Fr::ONE, DocType::CommercialInvoice, &[HS_CODE])
            .unwrap_err();
        assert!(e.reason.contains("not a CommercialInvoice"), "{e}");
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        /// Any mask and any single change to a public value: satisfied exactly when the native twin
        /// and the input reader accept.
        #[test]
        fn circuit_agrees_with_the_native_twin(mask in 1u64..1 << 13, slot in 1usize..RECORD_SLOTS, delta in 0u64..3, seed in any::<u64>()) {
            let o = fixture(seed);
            let slots: Vec<usize> = (1..RECORD_SLOTS).filter(|s| mask >> (s - 1) & 1 == 1).collect();
            let good = circuit(&o, &slots);
            prop_assert!(satisfied(good.clone()));
            let mut x = good.inputs.clone();
            x[input::VALUES + slot - 1] += Fr::from(delta);
            let ok = Public::from_inputs((), &x)
                .map(|(p, _)| check_disclosure(&p, &o).is_ok())
                .unwrap_or(false);
            prop_assert_eq!(ok, delta == 0);
            prop_assert_eq!(satisfied(SelectiveDisclosureCircuit::from_witness_unchecked(x, o)), ok);
        }
    }
}
