//! What every part of the wire tests shares: the fixture, byte helpers, offsets and strategies.
#![allow(unused_imports)]
pub use tradeproof_support as common;

pub use ark_bn254::{Fq, Fq2, Fr, G1Affine, G1Projective, G2Affine, G2Projective};
pub use ark_ec::{AffineRepr, CurveGroup, PrimeGroup};
pub use ark_ff::{BigInteger, One, PrimeField, Zero};
pub use ark_serialize::CanonicalSerialize;
pub use proptest::prelude::*;
pub use proptest::sample::Index;
pub use serde_json::Value;
pub use std::fmt::Debug;
pub use std::sync::OnceLock;
pub use tradeproof::claims::aggregate_value::MAX_CAPACITY;
pub use tradeproof::prelude::*;
pub use tradeproof::wire::binary::{
    decode_batch, encode_batch, split_batch, MAX_BATCH, MAX_INPUTS, MAX_RECORDS_PER_SUBMISSION,
};
pub use tradeproof::{keys, CircuitId, DecodeError, Error, Randomness};
pub use tradeproof_support::points::g2_outside_subgroup;

// ---------------------------------------------------------------------------------------------
// Fixture: one seeded value-range key and real proofs, made once per test binary.
// ---------------------------------------------------------------------------------------------

pub struct Fixture {
    pub vk: VerifyingKey,
    pub verifier: Verifier,
    pub world: common::World,
    /// Valid (statement, proof) pairs for shipments 0 and 1 of the world.
    pub proven: Vec<(Statement, Proof)>,
}

pub fn fixture() -> &'static Fixture {
    static F: OnceLock<Fixture> = OnceLock::new();
    F.get_or_init(|| {
        let (pk, vk) = keys::setup_from_seed(ClaimKind::ValueRange, [1; 32]).expect("setup");
        let world = common::world(2, 0, &[], 1);
        let prover = Prover::new([pk]).expect("prover");
        let proven = (0..2)
            .map(|i| {
                prover
                    .prove(world.value_range_witness(i).expect("witness"))
                    .expect("proof")
            })
            .collect();
        Fixture {
            verifier: Verifier::new([vk.clone()]),
            vk,
            world,
            proven,
        }
    })
}

/// The decode error of bytes that must not decode.
pub fn decode_err<T: Decode + Debug>(bytes: &[u8]) -> DecodeError {
    match T::from_bytes(bytes) {
        Err(Error::Decode(e)) => e,
        other => panic!("expected a decode error, got {other:?}"),
    }
}

pub fn batch_err(bytes: &[u8]) -> DecodeError {
    match split_batch(bytes) {
        Err(Error::Decode(e)) => e,
        other => panic!("expected a decode error, got {other:?}"),
    }
}

/// Decodes `bytes` and checks that the encoding was canonical (re-encoding gives the same bytes).
pub fn decode_canonical<T: Decode + Encode + Debug>(bytes: &[u8]) -> Option<T> {
    let v = T::from_bytes(bytes).ok()?;
    assert_eq!(
        v.to_bytes(),
        bytes,
        "non-canonical encoding accepted: {v:?}"
    );
    Some(v)
}

pub fn g1_bytes(p: &G1Affine) -> Vec<u8> {
    let mut v = Vec::new();
    p.serialize_compressed(&mut v).expect("serialize");
    v
}

pub fn g2_bytes(p: &G2Affine) -> Vec<u8> {
    let mut v = Vec::new();
    p.serialize_compressed(&mut v).expect("serialize");
    v
}

pub fn modulus_bytes() -> Vec<u8> {
    Fr::MODULUS.to_bytes_le()
}

/// An x-coordinate for which `x³ + 3` has no square root: no G1 point has it.
pub fn g1_x_off_curve() -> Fq {
    (1u64..)
        .map(Fq::from)
        .find(|x| G1Affine::get_point_from_x_unchecked(*x, true).is_none())
        .expect("half of all x are off the curve")
}

/// An x-coordinate for which `x³ + b/ξ` has no square root in Fq2.
pub fn g2_x_off_curve() -> Fq2 {
    (1u64..)
        .map(|i| Fq2::new(Fq::from(i), Fq::one()))
        .find(|x| G2Affine::get_point_from_x_unchecked(*x, true).is_none())
        .expect("half of all x are off the curve")
}

pub fn fq_bytes(x: &Fq) -> Vec<u8> {
    x.into_bigint().to_bytes_le()
}

// Byte offsets in the canonical encodings: the format's own constants.
pub use tradeproof::wire::binary::offsets::*;

// ---------------------------------------------------------------------------------------------
// Strategies.
// ---------------------------------------------------------------------------------------------

pub fn arb_fr() -> impl Strategy<Value = Fr> {
    prop_oneof![
        1 => Just(Fr::zero()),
        1 => Just(Fr::one()),
        1 => Just(-Fr::one()),
        2 => any::<u64>().prop_map(Fr::from),
        6 => any::<[u8; 32]>().prop_map(|b| Fr::from_le_bytes_mod_order(&b)),
    ]
}

pub fn nonzero_scalar(b: [u8; 32]) -> Fr {
    let s = Fr::from_le_bytes_mod_order(&b);
    if s.is_zero() {
        Fr::one()
    } else {
        s
    }
}

pub fn arb_g1() -> impl Strategy<Value = G1Affine> {
    any::<[u8; 32]>().prop_map(|b| (G1Projective::generator() * nonzero_scalar(b)).into_affine())
}

pub fn arb_g2() -> impl Strategy<Value = G2Affine> {
    any::<[u8; 32]>().prop_map(|b| (G2Projective::generator() * nonzero_scalar(b)).into_affine())
}

pub fn arb_circuit_id() -> impl Strategy<Value = CircuitId> {
    any::<[u8; 32]>().prop_map(CircuitId)
}

pub fn arb_kind() -> impl Strategy<Value = ClaimKind> {
    prop_oneof![
        3 => prop::sample::select(ClaimKind::FIXED.to_vec()),
        1 => (1..=MAX_CAPACITY as u16).prop_map(|capacity| ClaimKind::AggregateValue { capacity }),
    ]
}

pub fn arb_statement() -> impl Strategy<Value = Statement> {
    (arb_circuit_id(), arb_kind()).prop_flat_map(|(id, kind)| {
        prop::collection::vec(arb_fr(), kind.num_inputs())
            .prop_map(move |inputs| Statement::from_inputs(id, kind, inputs).expect("statement"))
    })
}

pub fn arb_proof() -> impl Strategy<Value = Proof> {
    (arb_circuit_id(), arb_g1(), arb_g2(), arb_g1()).prop_map(|(id, a, b, c)| {
        Proof::from_ark(id, &ark_groth16::Proof { a, b, c }).expect("valid points")
    })
}

pub fn arb_record() -> impl Strategy<Value = SealedRecord> {
    (any::<u128>(), prop::array::uniform14(arb_fr()), arb_fr()).prop_map(
        |(nonce, ciphertext, tag)| SealedRecord {
            version: 1,
            nonce,
            ciphertext,
            tag,
        },
    )
}

pub fn arb_submission() -> impl Strategy<Value = Submission> {
    (
        prop::collection::vec(arb_record(), 0..4),
        arb_statement(),
        arb_proof(),
    )
        .prop_map(|(records, statement, proof)| Submission {
            records,
            statement,
            proof,
        })
}

/// Kinds whose circuits are cheap enough to synthesize for a verifying key's circuit id.
pub fn arb_vk_kind() -> impl Strategy<Value = ClaimKind> {
    prop_oneof![
        4 => prop::sample::select(ClaimKind::FIXED.to_vec()),
        1 => (1..=2u16).prop_map(|capacity| ClaimKind::AggregateValue { capacity }),
    ]
}

pub fn arb_verifying_key() -> impl Strategy<Value = VerifyingKey> {
    arb_vk_kind().prop_flat_map(|kind| {
        (
            arb_g1(),
            arb_g2(),
            arb_g2(),
            arb_g2(),
            prop::collection::vec(arb_g1(), kind.num_inputs() + 1),
        )
            .prop_map(
                move |(alpha_g1, beta_g2, gamma_g2, delta_g2, gamma_abc_g1)| {
                    let vk = ark_groth16::VerifyingKey {
                        alpha_g1,
                        beta_g2,
                        gamma_g2,
                        delta_g2,
                        gamma_abc_g1,
                    };
                    VerifyingKey::from_ark(kind, vk).expect("verifying key")
                },
            )
    })
}

pub fn countries() -> &'static [Country] {
    static C: OnceLock<Vec<Country>> = OnceLock::new();
    C.get_or_init(|| {
        (0..1000)
            .filter_map(|n| Country::from_numeric(n).ok())
            .collect()
    })
}

pub fn currencies() -> &'static [Currency] {
    static C: OnceLock<Vec<Currency>> = OnceLock::new();
    C.get_or_init(|| {
        (0..1000)
            .filter_map(|n| Currency::from_numeric(n).ok())
            .collect()
    })
}

pub fn arb_country() -> impl Strategy<Value = Country> {
    prop::sample::select(countries())
}

pub fn arb_currency() -> impl Strategy<Value = Currency> {
    prop::sample::select(currencies())
}

pub fn arb_date() -> impl Strategy<Value = Date> {
    (0u32..=2_932_896).prop_map(|d| Date::from_days(d).expect("in range"))
}

pub fn arb_party() -> impl Strategy<Value = PartyId> {
    (1u64..).prop_map(|p| PartyId::new(p).expect("nonzero"))
}

pub fn arb_hs() -> impl Strategy<Value = HsCode> {
    "[0-9]{6,10}".prop_map(|s| HsCode::parse(&s).expect("HS code"))
}

pub fn arb_identifier() -> impl Strategy<Value = Identifier> {
    // At most 16 characters of at most 4 bytes: within the 64-byte limit.
    "\\PC{1,16}".prop_map(|s| Identifier::new(s).expect("identifier"))
}

pub fn arb_amount() -> impl Strategy<Value = Amount> {
    (any::<u64>(), arb_currency()).prop_map(|(v, c)| Amount::new(v, c))
}

pub fn arb_incoterm() -> impl Strategy<Value = Incoterm> {
    use Incoterm::*;
    prop::sample::select(vec![Exw, Fca, Cpt, Cip, Dap, Dpu, Ddp, Fas, Fob, Cfr, Cif])
}

pub fn arb_document() -> impl Strategy<Value = Document> {
    let parties = || (arb_party(), arb_party());
    let places = || (arb_country(), arb_country(), arb_hs(), arb_date());
    prop_oneof![
        (
            any::<u64>(),
            parties(),
            places(),
            arb_amount(),
            (
                arb_party(),
                any::<u64>(),
                any::<u64>(),
                arb_identifier(),
                any::<u16>()
            )
        )
            .prop_map(
                |(number, (exporter, importer), (origin, destination, hs_code, date), v, rest)| {
                    Document::from(CustomsDeclaration {
                        number,
                        exporter,
                        importer,
                        origin,
                        destination,
                        hs_code,
                        date,
                        declared_value: v,
                        certificate_issuer: rest.0,
                        certificate_serial: rest.1,
                        gross_mass_grams: rest.2,
                        customs_office: rest.3,
                        procedure: rest.4,
                    })
                }
            ),
        (
            any::<u64>(),
            parties(),
            places(),
            arb_amount(),
            (arb_date(), any::<u64>(), arb_incoterm(), arb_identifier())
        )
            .prop_map(
                |(number, (seller, buyer), (origin, destination, hs_code, date), total, rest)| {
                    Document::from(CommercialInvoice {
                        number,
                        seller,
                        buyer,
                        origin,
                        destination,
                        hs_code,
                        date,
                        total,
                        due_date: rest.0,
                        quantity: rest.1,
                        incoterm: rest.2,
                        order_ref: rest.3,
                    })
                }
            ),
        (
            any::<u64>(),
            parties(),
            places(),
            arb_amount(),
            (arb_date(), arb_date(), arb_party(), any::<u64>())
        )
            .prop_map(
                |(
                    serial,
                    (exporter, consignee),
                    (origin, destination, hs_code, issue_date),
                    v,
                    rest,
                )| {
                    Document::from(CertificateOfOrigin {
                        serial,
                        exporter,
                        consignee,
                        origin,
                        destination,
                        hs_code,
                        issue_date,
                        goods_value: v,
                        not_before: rest.0,
                        not_after: rest.1,
                        issuer: rest.2,
                        invoice_number: rest.3,
                    })
                }
            ),
        (
            any::<u64>(),
            parties(),
            places(),
            arb_amount(),
            (
                arb_party(),
                arb_identifier(),
                arb_identifier(),
                arb_identifier()
            )
        )
            .prop_map(
                |(
                    number,
                    (shipper, consignee),
                    (from, to, hs_code, shipped_on_board),
                    freight,
                    rest,
                )| {
                    Document::from(BillOfLading {
                        number,
                        shipper,
                        consignee,
                        country_of_loading: from,
                        country_of_discharge: to,
                        hs_code,
                        shipped_on_board,
                        freight,
                        carrier: rest.0,
                        port_of_loading: rest.1,
                        port_of_discharge: rest.2,
                        vessel_voyage: rest.3,
                    })
                }
            ),
    ]
}

pub fn arb_doc_type() -> impl Strategy<Value = DocType> {
    prop::sample::select(vec![
        DocType::CustomsDeclaration,
        DocType::CommercialInvoice,
        DocType::CertificateOfOrigin,
        DocType::BillOfLading,
    ])
}

pub fn arb_claim() -> impl Strategy<Value = Claim> {
    prop_oneof![
        (
            arb_fr(),
            arb_doc_type(),
            any::<u8>(),
            any::<u64>(),
            any::<u64>()
        )
            .prop_map(|(record, doc_type, slot, min, max)| Claim::ValueRange(
                tradeproof::claims::value_range::Public {
                    record,
                    doc_type,
                    slot: slot.into(),
                    min,
                    max
                }
            )),
        (arb_fr(), arb_doc_type(), arb_country()).prop_map(|(record, doc_type, country)| {
            Claim::OriginEquals(tradeproof::claims::origin_equals::Public {
                record,
                doc_type,
                country,
            })
        }),
        (arb_fr(), arb_doc_type(), arb_fr()).prop_map(|(record, doc_type, list_root)| {
            Claim::OriginInList(tradeproof::claims::origin_in_list::Public {
                record,
                doc_type,
                list_root,
            })
        }),
        (arb_fr(), arb_fr()).prop_map(|(declaration, certificate)| Claim::OriginMatch(
            tradeproof::claims::origin_match::Public {
                declaration,
                certificate
            }
        )),
        (arb_fr(), arb_date(), arb_fr(), arb_fr()).prop_map(
            |(certificate, date, registry_root, revocation_root)| Claim::CertificateValidity(
                tradeproof::claims::certificate::Public {
                    certificate,
                    date,
                    registry_root,
                    revocation_root
                }
            )
        ),
        (
            (arb_fr(), arb_fr()),
            any::<u64>(),
            any::<u64>(),
            arb_currency(),
            (arb_fr(), arb_fr())
        )
            .prop_map(|((declaration, certificate), min, max, currency, roots)| {
                Claim::CustomsClearance(tradeproof::claims::customs_clearance::Public {
                    declaration,
                    certificate,
                    min,
                    max,
                    currency,
                    registry_root: roots.0,
                    revocation_root: roots.1,
                })
            }),
        (
            1..=MAX_CAPACITY as u16,
            prop::collection::vec(arb_fr(), 0..8),
            arb_party(),
            arb_currency(),
            any::<u64>(),
            (arb_date(), arb_date())
        )
            .prop_map(
                |(capacity, invoices, exporter, currency, threshold, (from, to))| {
                    Claim::AggregateValue(tradeproof::claims::aggregate_value::Public {
                        capacity,
                        invoices,
                        exporter,
                        currency,
                        threshold,
                        from,
                        to,
                    })
                }
            ),
        (
            (arb_fr(), arb_fr(), arb_fr()),
            prop::sample::select(tradeproof::sensor::DeviceKind::ALL.to_vec()),
            (any::<i32>(), any::<i32>()),
            (0u64..1 << 40, 0u64..1 << 40),
            // Mostly valid parameters (a gap of 0 and a count of 0 or above 96 are not).
            (
                prop_oneof![9 => 1u32.., 1 => Just(0u32)],
                prop_oneof![9 => 1u8..=96, 1 => any::<u8>()]
            ),
        )
            .prop_map(
                |(
                    (shipment, registry_root, revocation_root),
                    device_kind,
                    (a, b),
                    (s, t),
                    (max_gap, min_count),
                )| {
                    let (min, max) = (a.min(b), a.max(b));
                    let (from, to) = (s.min(t), s.max(t));
                    Claim::SensorRange(tradeproof::sensor::SensorClaim {
                        shipment,
                        device_kind,
                        registry_root,
                        revocation_root,
                        min,
                        max,
                        from,
                        to,
                        max_gap,
                        min_count,
                    })
                }
            ),
    ]
}

pub fn arb_disclosure() -> impl Strategy<Value = Claim> {
    (
        arb_fr(),
        arb_doc_type(),
        prop::collection::vec((0usize..16, arb_fr()), 0..6),
    )
        .prop_map(|(record, doc_type, revealed)| {
            // Mostly valid: slots sorted and deduplicated (0, 14 and 15 are not revealable).
            let mut revealed: Vec<tradeproof::claims::selective_disclosure::Revealed> = revealed
                .into_iter()
                .map(
                    |(slot, value)| tradeproof::claims::selective_disclosure::Revealed {
                        slot,
                        value,
                    },
                )
                .collect();
            revealed.sort_by_key(|r| r.slot);
            revealed.dedup_by_key(|r| r.slot);
            Claim::SelectiveDisclosure(tradeproof::claims::selective_disclosure::Public {
                record,
                doc_type,
                revealed,
            })
        })
}

pub fn arb_escrow() -> impl Strategy<Value = Claim> {
    use tradeproof::claims::escrow::{wrap_for, EphemeralSecret};
    (arb_fr(), arb_fr(), any::<[u8; 32]>(), 1u64.., any::<bool>()).prop_map(
        |(record, key, seed, e, small_order)| {
            let to = if small_order {
                // The point of order two: not a key the statement accepts.
                tradeproof::grant::PublicKey {
                    x: Fr::zero(),
                    y: -Fr::one(),
                }
            } else {
                tradeproof::grant::SecretKey::from_seed(&seed).public_key()
            };
            Claim::Escrow(wrap_for(record, key, &to, &EphemeralSecret(Fr::from(e))))
        },
    )
}

pub fn arb_context() -> impl Strategy<Value = Context> {
    arb_fr().prop_map(Context::from_field)
}

/// A change to an encoding.
#[derive(Clone, Debug)]
pub enum Mutation {
    Flip(Index, u8),
    Set(Index, u8),
    Truncate(Index),
    Extend(Vec<u8>),
    Insert(Index, Vec<u8>),
    Remove(Index, u8),
}

pub fn arb_mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        4 => (any::<Index>(), 0u8..8).prop_map(|(i, b)| Mutation::Flip(i, b)),
        2 => (any::<Index>(), any::<u8>()).prop_map(|(i, b)| Mutation::Set(i, b)),
        1 => any::<Index>().prop_map(Mutation::Truncate),
        1 => prop::collection::vec(any::<u8>(), 1..40).prop_map(Mutation::Extend),
        1 => (any::<Index>(), prop::collection::vec(any::<u8>(), 1..8))
            .prop_map(|(i, b)| Mutation::Insert(i, b)),
        1 => (any::<Index>(), 1u8..8).prop_map(|(i, n)| Mutation::Remove(i, n)),
    ]
}

pub fn mutate(bytes: &mut Vec<u8>, m: &Mutation) {
    let len = bytes.len();
    match m {
        Mutation::Extend(b) => bytes.extend_from_slice(b),
        Mutation::Insert(i, b) => {
            let at = i.index(len + 1);
            bytes.splice(at..at, b.iter().copied());
        }
        _ if len == 0 => {}
        Mutation::Flip(i, bit) => bytes[i.index(len)] ^= 1 << bit,
        Mutation::Set(i, b) => bytes[i.index(len)] = *b,
        Mutation::Truncate(i) => bytes.truncate(i.index(len)),
        Mutation::Remove(i, n) => {
            let at = i.index(len);
            bytes.drain(at..(at + *n as usize).min(len));
        }
    }
}

pub fn mutated(bytes: &[u8], ms: &[Mutation]) -> Vec<u8> {
    let mut b = bytes.to_vec();
    for m in ms {
        mutate(&mut b, m);
    }
    b
}

/// The central soundness check on a (possibly mutated) encoded statement and proof: it is refused, or
/// it decodes canonically and then verifies only if it is the statement that was really proven (Groth16
/// proofs are malleable — `(−A, −B, C)` proves the same statement — but no change makes a proof of one
/// statement verify for another).
pub fn check_pair(original: &Statement, st: &[u8], pf: &[u8]) {
    let f = fixture();
    let decoded = decode_canonical::<Statement>(st).zip(decode_canonical::<Proof>(pf));
    let single = match &decoded {
        Some((s, p)) => {
            // The caller's expected context is the original one; the most permissive check takes the
            // statement's own context.
            let own = f.verifier.verify(s, p, &s.context()).is_ok();
            let expected = f.verifier.verify(s, p, &original.context()).is_ok();
            assert!(!expected || own);
            if own {
                assert_eq!(s, original, "a proof verified for a changed statement");
            }
            own
        }
        None => false,
    };
    let (ost, opf) = f
        .proven
        .iter()
        .find(|(s, _)| s == original)
        .map(|(s, p)| (s.to_bytes(), p.to_bytes()))
        .expect("original statement");
    let report = f
        .verifier
        .verify_batch_bytes(&[(&ost[..], &opf[..]), (st, pf)], ContextRule::Any);
    assert_eq!(report.total, 2);
    assert!(
        report.is_valid(0),
        "the valid item was rejected: {report:?}"
    );
    assert_eq!(
        report.is_valid(1),
        single,
        "batch and single verdicts differ"
    );
}

pub fn binary_round_trip<T: Encode + Decode + PartialEq + Debug>(v: &T) {
    let b = v.to_bytes();
    let back = T::from_bytes(&b).expect("decodes");
    assert_eq!(&back, v);
    assert_eq!(back.to_bytes(), b);
}

pub fn json_round_trip<T: serde::Serialize + serde::de::DeserializeOwned + PartialEq + Debug>(
    v: &T,
) {
    let s = serde_json::to_string(v).expect("serializes");
    let back: T = serde_json::from_str(&s).expect("deserializes");
    assert_eq!(&back, v);
    let pretty = serde_json::to_string_pretty(v).expect("serializes");
    let back: T = serde_json::from_str(&pretty).expect("deserializes");
    assert_eq!(&back, v);
}

pub fn with(bytes: &[u8], at: usize, patch: &[u8]) -> Vec<u8> {
    let mut b = bytes.to_vec();
    b[at..at + patch.len()].copy_from_slice(patch);
    b
}
