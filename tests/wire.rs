//! Robustness of the decoders of untrusted input: binary and JSON round trips for every object,
//! mutated encodings that are refused or decode to an object that fails verification (never a panic,
//! never an accepted invalid proof), arbitrary bytes and JSON that never panic, and the exact
//! [`DecodeError`] of every malformed field (points off the curve or outside the subgroup, the
//! identity, field elements above the modulus, huge lengths, trailing bytes, versions and tags).
//!
//! `cargo test --test wire -- --ignored write_fuzz_corpus` rewrites the seed corpora of the fuzz
//! targets under `fuzz/corpus/` (see `fuzz/README.md`).
use tradeproof_support as common;

use ark_bn254::{Fq, Fq2, Fr, G1Affine, G1Projective, G2Affine, G2Projective};
use ark_ec::{AffineRepr, CurveGroup, PrimeGroup};
use ark_ff::{BigInteger, One, PrimeField, Zero};
use ark_serialize::CanonicalSerialize;
use proptest::prelude::*;
use proptest::sample::Index;
use serde_json::Value;
use std::fmt::Debug;
use std::sync::OnceLock;
use tradeproof::claims::aggregate_value::MAX_CAPACITY;
use tradeproof::prelude::*;
use tradeproof::wire::binary::{
    decode_batch, encode_batch, split_batch, MAX_BATCH, MAX_INPUTS, MAX_RECORDS_PER_SUBMISSION,
};
use tradeproof::{keys, CircuitId, DecodeError, Error, Randomness};
use tradeproof_support::points::g2_outside_subgroup;

// ---------------------------------------------------------------------------------------------
// Fixture: one seeded value-range key and real proofs, made once per test binary.
// ---------------------------------------------------------------------------------------------

struct Fixture {
    vk: VerifyingKey,
    verifier: Verifier,
    world: common::World,
    /// Valid (statement, proof) pairs for shipments 0 and 1 of the world.
    proven: Vec<(Statement, Proof)>,
}

fn fixture() -> &'static Fixture {
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
fn decode_err<T: Decode + Debug>(bytes: &[u8]) -> DecodeError {
    match T::from_bytes(bytes) {
        Err(Error::Decode(e)) => e,
        other => panic!("expected a decode error, got {other:?}"),
    }
}

fn batch_err(bytes: &[u8]) -> DecodeError {
    match split_batch(bytes) {
        Err(Error::Decode(e)) => e,
        other => panic!("expected a decode error, got {other:?}"),
    }
}

/// Decodes `bytes` and checks that the encoding was canonical (re-encoding gives the same bytes).
fn decode_canonical<T: Decode + Encode + Debug>(bytes: &[u8]) -> Option<T> {
    let v = T::from_bytes(bytes).ok()?;
    assert_eq!(
        v.to_bytes(),
        bytes,
        "non-canonical encoding accepted: {v:?}"
    );
    Some(v)
}

fn g1_bytes(p: &G1Affine) -> Vec<u8> {
    let mut v = Vec::new();
    p.serialize_compressed(&mut v).expect("serialize");
    v
}

fn g2_bytes(p: &G2Affine) -> Vec<u8> {
    let mut v = Vec::new();
    p.serialize_compressed(&mut v).expect("serialize");
    v
}

fn modulus_bytes() -> Vec<u8> {
    Fr::MODULUS.to_bytes_le()
}

/// An x-coordinate for which `x³ + 3` has no square root: no G1 point has it.
fn g1_x_off_curve() -> Fq {
    (1u64..)
        .map(Fq::from)
        .find(|x| G1Affine::get_point_from_x_unchecked(*x, true).is_none())
        .expect("half of all x are off the curve")
}

/// An x-coordinate for which `x³ + b/ξ` has no square root in Fq2.
fn g2_x_off_curve() -> Fq2 {
    (1u64..)
        .map(|i| Fq2::new(Fq::from(i), Fq::one()))
        .find(|x| G2Affine::get_point_from_x_unchecked(*x, true).is_none())
        .expect("half of all x are off the curve")
}

fn fq_bytes(x: &Fq) -> Vec<u8> {
    x.into_bigint().to_bytes_le()
}

// Byte offsets in the canonical encodings (see `tradeproof::wire::binary`).
const PROOF_A: usize = 34;
const PROOF_B: usize = 66;
const PROOF_C: usize = 130;
const PROOF_LEN: usize = 162;
const ST_KIND: usize = 34;
const ST_COUNT: usize = 35;
const ST_INPUTS: usize = 37;
const VK_ID: usize = 3;
const VK_ALPHA: usize = 35;
const VK_BETA: usize = 67;
const VK_GAMMA: usize = 131;
const VK_DELTA: usize = 195;
const VK_COUNT: usize = 259;
const VK_IC: usize = 261;
const REC_CIPHERTEXT: usize = 18;
const REC_TAG: usize = 466;
const REC_LEN: usize = 498;

// ---------------------------------------------------------------------------------------------
// Strategies.
// ---------------------------------------------------------------------------------------------

fn arb_fr() -> impl Strategy<Value = Fr> {
    prop_oneof![
        1 => Just(Fr::zero()),
        1 => Just(Fr::one()),
        1 => Just(-Fr::one()),
        2 => any::<u64>().prop_map(Fr::from),
        6 => any::<[u8; 32]>().prop_map(|b| Fr::from_le_bytes_mod_order(&b)),
    ]
}

fn nonzero_scalar(b: [u8; 32]) -> Fr {
    let s = Fr::from_le_bytes_mod_order(&b);
    if s.is_zero() {
        Fr::one()
    } else {
        s
    }
}

fn arb_g1() -> impl Strategy<Value = G1Affine> {
    any::<[u8; 32]>().prop_map(|b| (G1Projective::generator() * nonzero_scalar(b)).into_affine())
}

fn arb_g2() -> impl Strategy<Value = G2Affine> {
    any::<[u8; 32]>().prop_map(|b| (G2Projective::generator() * nonzero_scalar(b)).into_affine())
}

fn arb_circuit_id() -> impl Strategy<Value = CircuitId> {
    any::<[u8; 32]>().prop_map(CircuitId)
}

fn arb_kind() -> impl Strategy<Value = ClaimKind> {
    prop_oneof![
        3 => prop::sample::select(ClaimKind::FIXED.to_vec()),
        1 => (1..=MAX_CAPACITY as u16).prop_map(|capacity| ClaimKind::AggregateValue { capacity }),
    ]
}

fn arb_statement() -> impl Strategy<Value = Statement> {
    (arb_circuit_id(), arb_kind()).prop_flat_map(|(id, kind)| {
        prop::collection::vec(arb_fr(), kind.num_inputs())
            .prop_map(move |inputs| Statement::from_inputs(id, kind, inputs).expect("statement"))
    })
}

fn arb_proof() -> impl Strategy<Value = Proof> {
    (arb_circuit_id(), arb_g1(), arb_g2(), arb_g1()).prop_map(|(id, a, b, c)| {
        Proof::from_ark(id, &ark_groth16::Proof { a, b, c }).expect("valid points")
    })
}

fn arb_record() -> impl Strategy<Value = SealedRecord> {
    (any::<u128>(), prop::array::uniform14(arb_fr()), arb_fr()).prop_map(
        |(nonce, ciphertext, tag)| SealedRecord {
            version: 1,
            nonce,
            ciphertext,
            tag,
        },
    )
}

fn arb_submission() -> impl Strategy<Value = Submission> {
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
fn arb_vk_kind() -> impl Strategy<Value = ClaimKind> {
    prop_oneof![
        4 => prop::sample::select(ClaimKind::FIXED.to_vec()),
        1 => (1..=2u16).prop_map(|capacity| ClaimKind::AggregateValue { capacity }),
    ]
}

fn arb_verifying_key() -> impl Strategy<Value = VerifyingKey> {
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

fn countries() -> &'static [Country] {
    static C: OnceLock<Vec<Country>> = OnceLock::new();
    C.get_or_init(|| {
        (0..1000)
            .filter_map(|n| Country::from_numeric(n).ok())
            .collect()
    })
}

fn currencies() -> &'static [Currency] {
    static C: OnceLock<Vec<Currency>> = OnceLock::new();
    C.get_or_init(|| {
        (0..1000)
            .filter_map(|n| Currency::from_numeric(n).ok())
            .collect()
    })
}

fn arb_country() -> impl Strategy<Value = Country> {
    prop::sample::select(countries())
}

fn arb_currency() -> impl Strategy<Value = Currency> {
    prop::sample::select(currencies())
}

fn arb_date() -> impl Strategy<Value = Date> {
    (0u32..=2_932_896).prop_map(|d| Date::from_days(d).expect("in range"))
}

fn arb_party() -> impl Strategy<Value = PartyId> {
    (1u64..).prop_map(|p| PartyId::new(p).expect("nonzero"))
}

fn arb_hs() -> impl Strategy<Value = HsCode> {
    "[0-9]{6,10}".prop_map(|s| HsCode::parse(&s).expect("HS code"))
}

fn arb_identifier() -> impl Strategy<Value = Identifier> {
    // At most 16 characters of at most 4 bytes: within the 64-byte limit.
    "\\PC{1,16}".prop_map(|s| Identifier::new(s).expect("identifier"))
}

fn arb_amount() -> impl Strategy<Value = Amount> {
    (any::<u64>(), arb_currency()).prop_map(|(v, c)| Amount::new(v, c))
}

fn arb_incoterm() -> impl Strategy<Value = Incoterm> {
    use Incoterm::*;
    prop::sample::select(vec![Exw, Fca, Cpt, Cip, Dap, Dpu, Ddp, Fas, Fob, Cfr, Cif])
}

fn arb_document() -> impl Strategy<Value = Document> {
    let parties = || (arb_party(), arb_party());
    let places = || (arb_country(), arb_country(), arb_hs(), arb_date());
    prop_oneof![
        (
            any::<u64>(),
            parties(),
            places(),
            arb_amount(),
            (any::<u64>(), any::<u64>(), arb_identifier(), any::<u16>())
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
                        certificate_serial: rest.0,
                        gross_mass_grams: rest.1,
                        customs_office: rest.2,
                        procedure: rest.3,
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

fn arb_doc_type() -> impl Strategy<Value = DocType> {
    prop::sample::select(vec![
        DocType::CustomsDeclaration,
        DocType::CommercialInvoice,
        DocType::CertificateOfOrigin,
        DocType::BillOfLading,
    ])
}

fn arb_claim() -> impl Strategy<Value = Claim> {
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
    ]
}

fn arb_context() -> impl Strategy<Value = Context> {
    arb_fr().prop_map(Context::from_field)
}

/// A change to an encoding.
#[derive(Clone, Debug)]
enum Mutation {
    Flip(Index, u8),
    Set(Index, u8),
    Truncate(Index),
    Extend(Vec<u8>),
    Insert(Index, Vec<u8>),
    Remove(Index, u8),
}

fn arb_mutation() -> impl Strategy<Value = Mutation> {
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

fn mutate(bytes: &mut Vec<u8>, m: &Mutation) {
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

fn mutated(bytes: &[u8], ms: &[Mutation]) -> Vec<u8> {
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
fn check_pair(original: &Statement, st: &[u8], pf: &[u8]) {
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

// ---------------------------------------------------------------------------------------------
// Round trips.
// ---------------------------------------------------------------------------------------------

fn binary_round_trip<T: Encode + Decode + PartialEq + Debug>(v: &T) {
    let b = v.to_bytes();
    let back = T::from_bytes(&b).expect("decodes");
    assert_eq!(&back, v);
    assert_eq!(back.to_bytes(), b);
}

fn json_round_trip<T: serde::Serialize + serde::de::DeserializeOwned + PartialEq + Debug>(v: &T) {
    let s = serde_json::to_string(v).expect("serializes");
    let back: T = serde_json::from_str(&s).expect("deserializes");
    assert_eq!(&back, v);
    let pretty = serde_json::to_string_pretty(v).expect("serializes");
    let back: T = serde_json::from_str(&pretty).expect("deserializes");
    assert_eq!(&back, v);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn sealed_record_round_trips(r in arb_record()) {
        binary_round_trip(&r);
        prop_assert_eq!(r.to_bytes().len(), REC_LEN);
        json_round_trip(&r);
    }

    #[test]
    fn proof_round_trips(p in arb_proof()) {
        binary_round_trip(&p);
        prop_assert_eq!(p.to_bytes().len(), PROOF_LEN);
        json_round_trip(&p);
    }

    #[test]
    fn statement_round_trips(s in arb_statement()) {
        binary_round_trip(&s);
        json_round_trip(&s);
    }

    #[test]
    fn submission_round_trips(s in arb_submission()) {
        binary_round_trip(&s);
        json_round_trip(&s);
    }

    #[test]
    fn batch_round_trips(items in prop::collection::vec(arb_submission(), 0..5)) {
        let bytes = encode_batch(&items);
        let decoded: Vec<Submission> = decode_batch(&bytes)
            .expect("framing")
            .into_iter()
            .collect::<Result<_, _>>()
            .expect("items");
        prop_assert_eq!(&decoded, &items);
        let split = split_batch(&bytes).expect("framing");
        prop_assert_eq!(split.len(), items.len());
        for (raw, item) in split.iter().zip(&items) {
            prop_assert_eq!(raw.to_vec(), item.to_bytes());
        }
        prop_assert_eq!(encode_batch(&decoded), bytes);
    }

    #[test]
    fn claim_json_round_trips(c in arb_claim()) {
        // Valid claims round-trip; reading refuses the invalid ones (empty range, slot out of range…).
        if c.validate().is_ok() {
            json_round_trip(&c);
        } else {
            let s = serde_json::to_string(&c).expect("serializes");
            prop_assert!(serde_json::from_str::<Claim>(&s).is_err());
        }
    }

    #[test]
    fn document_json_round_trips(d in arb_document()) {
        // Consistent documents round-trip; reading refuses inconsistent ones (exporter = importer…).
        if d.validate().is_ok() {
            json_round_trip(&d);
        } else {
            let s = serde_json::to_string(&d).expect("serializes");
            prop_assert!(serde_json::from_str::<Document>(&s).is_err());
        }
    }

    #[test]
    fn context_json_round_trips(c in arb_context()) {
        json_round_trip(&c);
    }

    #[test]
    fn claim_kind_json_round_trips(k in arb_kind()) {
        json_round_trip(&k);
    }
}

proptest! {
    // Every case synthesizes nothing new (circuit shapes are cached) but multiplies ~10 points.
    #![proptest_config(ProptestConfig::with_cases(32))]

    #[test]
    fn verifying_key_round_trips(vk in arb_verifying_key()) {
        let b = vk.to_bytes();
        let back = VerifyingKey::from_bytes(&b).expect("decodes");
        prop_assert!(back == vk);
        prop_assert_eq!(back.fingerprint(), vk.fingerprint());
        prop_assert_eq!(back.to_bytes(), b);
    }
}

#[test]
fn real_objects_round_trip() {
    let f = fixture();
    binary_round_trip(&f.vk);
    for (s, p) in &f.proven {
        binary_round_trip(s);
        binary_round_trip(p);
        json_round_trip(s);
        json_round_trip(p);
        f.verifier.verify(s, p, &s.context()).expect("valid proof");
    }
    let shipment = &f.world.shipments[0];
    let sub = Submission {
        records: vec![shipment.declaration],
        statement: f.proven[0].0.clone(),
        proof: f.proven[0].1,
    };
    binary_round_trip(&sub);
    json_round_trip(&sub);
    binary_round_trip(&shipment.certificate);
    json_round_trip(&shipment.certificate);
    // The statement names the record by its digest.
    assert_eq!(sub.statement.inputs()[0], shipment.declaration.digest());
}

// ---------------------------------------------------------------------------------------------
// Mutated encodings.
// ---------------------------------------------------------------------------------------------

proptest! {
    #![proptest_config(ProptestConfig::with_cases(192))]

    /// A changed sealed record is refused or no longer opens (and has another digest).
    #[test]
    fn mutated_sealed_records_never_open(which in 0usize..2, ms in prop::collection::vec(arb_mutation(), 1..4)) {
        let s = &fixture().world.shipments[which];
        let original = s.declaration.to_bytes();
        let bytes = mutated(&original, &ms);
        if let Some(r) = decode_canonical::<SealedRecord>(&bytes) {
            if bytes != original {
                prop_assert_ne!(r, s.declaration);
                prop_assert!(matches!(r.open(&s.declaration_key), Err(Error::Authentication)));
                prop_assert_ne!(r.digest(), s.declaration.digest());
            } else {
                prop_assert_eq!(r, s.declaration);
            }
        }
    }

    /// Changed statements and proofs (either or both) are refused or fail verification, alone and in
    /// a batch, unless they decode to the statement that was proven.
    #[test]
    fn mutated_statements_and_proofs_never_verify(
        which in 0usize..2,
        target in 0u8..3,
        ms in prop::collection::vec(arb_mutation(), 1..4),
    ) {
        let (st, pf) = &fixture().proven[which];
        let (mut sb, mut pb) = (st.to_bytes(), pf.to_bytes());
        match target {
            0 => sb = mutated(&sb, &ms),
            1 => pb = mutated(&pb, &ms),
            _ => {
                let (a, b) = ms.split_at(ms.len() / 2);
                sb = mutated(&sb, a);
                pb = mutated(&pb, b);
            }
        }
        check_pair(st, &sb, &pb);
    }

    /// The proof of one statement never verifies for the other, and swapped halves are refused.
    #[test]
    fn proofs_do_not_transfer(ms in prop::collection::vec(arb_mutation(), 0..3)) {
        let f = fixture();
        let (s0, _) = &f.proven[0];
        let (s1, p1) = &f.proven[1];
        let pb = mutated(&p1.to_bytes(), &ms);
        check_pair(s0, &s0.to_bytes(), &pb);
        prop_assert!(f.verifier.verify(s0, p1, &s0.context()).is_err());
        prop_assert!(f.verifier.verify(s1, p1, &s1.context()).is_ok());
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// A batch large enough for the randomized batch check (not only single checks), with mutated
    /// items at random positions: every verdict matches single verification.
    #[test]
    fn mutated_items_in_a_large_batch_are_singled_out(
        plan in prop::collection::vec((0usize..2, prop::option::weighted(0.4, prop::collection::vec(arb_mutation(), 1..3))), 6..14),
    ) {
        let f = fixture();
        let items: Vec<(Vec<u8>, Vec<u8>, &Statement)> = plan
            .iter()
            .map(|(which, ms)| {
                let (st, pf) = &f.proven[*which];
                let (mut sb, mut pb) = (st.to_bytes(), pf.to_bytes());
                if let Some(ms) = ms {
                    // Even mutations hit the statement, odd ones the proof.
                    for (k, m) in ms.iter().enumerate() {
                        if k % 2 == 0 { mutate(&mut sb, m) } else { mutate(&mut pb, m) }
                    }
                }
                (sb, pb, st)
            })
            .collect();
        let pairs: Vec<(&[u8], &[u8])> = items.iter().map(|(s, p, _)| (&s[..], &p[..])).collect();
        let report = f.verifier.verify_batch_bytes(&pairs, ContextRule::Any);
        prop_assert_eq!(report.total, items.len());
        prop_assert_eq!(report.valid + report.invalid.len(), report.total);
        for (i, (sb, pb, original)) in items.iter().enumerate() {
            let single = match (Statement::from_bytes(sb), Proof::from_bytes(pb)) {
                (Ok(s), Ok(p)) => {
                    let ok = f.verifier.verify(&s, &p, &s.context()).is_ok();
                    if ok {
                        prop_assert_eq!(&s, *original);
                    }
                    ok
                }
                _ => false,
            };
            prop_assert_eq!(report.is_valid(i), single, "item {}", i);
        }
        // Per-item contexts: the original contexts only.
        let contexts: Vec<Context> = items.iter().map(|(_, _, s)| s.context()).collect();
        let strict = f.verifier.verify_batch_bytes(&pairs, ContextRule::PerItem(&contexts));
        for i in 0..items.len() {
            prop_assert!(!strict.is_valid(i) || report.is_valid(i));
        }
    }

    /// Mutated batches of submissions: the framing is refused, or every item that decodes verifies
    /// only for its original statement.
    #[test]
    fn mutated_submission_batches_never_verify(
        picks in prop::collection::vec(0usize..2, 1..4),
        ms in prop::collection::vec(arb_mutation(), 1..5),
    ) {
        let f = fixture();
        let subs: Vec<Submission> = picks
            .iter()
            .map(|&i| Submission {
                records: vec![f.world.shipments[i].declaration],
                statement: f.proven[i].0.clone(),
                proof: f.proven[i].1,
            })
            .collect();
        let bytes = mutated(&encode_batch(&subs), &ms);
        let Ok(items) = decode_batch(&bytes) else { return Ok(()) };
        for item in items.into_iter().flatten() {
            if f.verifier.verify(&item.statement, &item.proof, &item.statement.context()).is_ok() {
                prop_assert!(f.proven.iter().any(|(s, _)| *s == item.statement));
            }
            for r in &item.records {
                let opens = f.world.shipments.iter().any(|s| r.open(&s.declaration_key).is_ok());
                prop_assert!(!opens || f.world.shipments.iter().any(|s| s.declaration == *r));
            }
        }
    }

    /// A verifying key with one change is refused, or is another key under which the proof fails.
    #[test]
    fn mutated_verifying_keys_reject_the_proof(m in arb_mutation()) {
        let f = fixture();
        let original = f.vk.to_bytes();
        let bytes = mutated(&original, std::slice::from_ref(&m));
        if let Some(vk) = decode_canonical::<VerifyingKey>(&bytes) {
            if bytes == original {
                return Ok(());
            }
            prop_assert!(vk != f.vk);
            let v = Verifier::new([vk]);
            for (s, p) in &f.proven {
                prop_assert!(v.verify(s, p, &s.context()).is_err());
            }
        }
    }
}

/// Every strict prefix of an encoding ends early; every extension has trailing bytes.
fn check_truncations_and_extensions<T: Decode + Debug>(bytes: &[u8]) {
    for len in 0..bytes.len() {
        match decode_err::<T>(&bytes[..len]) {
            DecodeError::UnexpectedEnd { at, .. } => assert_eq!(at, len),
            e => panic!("prefix of {len} bytes: {e:?}"),
        }
    }
    for extra in [&[0u8][..], &[1, 2, 3], &bytes[..bytes.len().min(40)]] {
        let mut b = bytes.to_vec();
        b.extend_from_slice(extra);
        assert_eq!(decode_err::<T>(&b), DecodeError::TrailingBytes(extra.len()));
    }
}

#[test]
fn truncation_at_every_length_and_extension() {
    let f = fixture();
    let (st, pf) = &f.proven[0];
    check_truncations_and_extensions::<Statement>(&st.to_bytes());
    check_truncations_and_extensions::<Proof>(&pf.to_bytes());
    check_truncations_and_extensions::<VerifyingKey>(&f.vk.to_bytes());
    check_truncations_and_extensions::<SealedRecord>(&f.world.shipments[0].declaration.to_bytes());
    let sub = Submission {
        records: vec![
            f.world.shipments[0].declaration,
            f.world.shipments[1].declaration,
        ],
        statement: st.clone(),
        proof: *pf,
    };
    check_truncations_and_extensions::<Submission>(&sub.to_bytes());
    let batch = encode_batch(&[sub.clone(), sub]);
    for len in 0..batch.len() {
        assert!(
            matches!(batch_err(&batch[..len]), DecodeError::UnexpectedEnd { .. }),
            "batch prefix of {len} bytes"
        );
    }
    let mut b = batch.clone();
    b.push(0);
    assert_eq!(batch_err(&b), DecodeError::TrailingBytes(1));
    // Truncated proofs and statements in a batch are rejected as malformed, the rest verified.
    let (sb, pb) = (st.to_bytes(), pf.to_bytes());
    for len in (0..pb.len()).step_by(7) {
        let report = f.verifier.verify_batch_bytes(
            &[
                (&sb[..], &pb[..]),
                (&sb[..], &pb[..len]),
                (&sb[..len], &pb[..]),
            ],
            ContextRule::Any,
        );
        assert_eq!(report.valid, 1);
        assert!(report.is_valid(0));
        assert!(report
            .invalid
            .iter()
            .all(|r| matches!(r.reason, tradeproof::Rejection::Malformed(_))));
    }
}

// ---------------------------------------------------------------------------------------------
// Arbitrary bytes and JSON.
// ---------------------------------------------------------------------------------------------

/// Runs every binary decoder on `bytes`: any result but a panic is fine, and what decodes is canonical.
fn decode_everything(bytes: &[u8]) {
    if let Some(r) = decode_canonical::<SealedRecord>(bytes) {
        let _ = r.digest();
    }
    let _ = decode_canonical::<Proof>(bytes);
    if let Some(s) = decode_canonical::<Statement>(bytes) {
        let _ = (s.context(), s.claim(), s.id());
    }
    let _ = decode_canonical::<VerifyingKey>(bytes);
    let _ = decode_canonical::<Submission>(bytes);
    if let Ok(items) = decode_batch(bytes) {
        assert_eq!(
            items.len(),
            split_batch(bytes).map(|v| v.len()).unwrap_or(0)
        );
    }
    let f = fixture();
    let half = bytes.len() / 2;
    let report = f.verifier.verify_batch_bytes(
        &[(&bytes[..half], &bytes[half..]), (bytes, bytes)],
        ContextRule::Any,
    );
    assert_eq!(report.valid, 0);
}

/// Arbitrary bytes, or arbitrary bytes behind a valid tag and version (to get past the header).
fn arb_bytes() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        prop::collection::vec(any::<u8>(), 0..600),
        (
            prop::sample::select(b"RPSVUB".to_vec()),
            prop::collection::vec(any::<u8>(), 0..600)
        )
            .prop_map(|(tag, rest)| {
                let mut v = vec![tag, 1];
                v.extend(rest);
                v
            }),
    ]
}

/// Every JSON decoder on `text`; what decodes re-encodes to JSON that decodes to the same value, and
/// decoded binary objects re-encode to bytes the binary decoder accepts (the two decoders agree).
fn json_everything(text: &str) {
    fn again<T: serde::Serialize + serde::de::DeserializeOwned + PartialEq + Debug>(
        text: &str,
    ) -> Option<T> {
        let v: T = serde_json::from_str(text).ok()?;
        let s = serde_json::to_string(&v).expect("serializes");
        let back: T =
            serde_json::from_str(&s).unwrap_or_else(|e| panic!("{s} does not decode: {e}"));
        assert_eq!(back, v);
        Some(v)
    }
    let _ = again::<Document>(text);
    let _ = again::<Claim>(text);
    let _ = again::<Context>(text);
    let _ = again::<ClaimKind>(text);
    if let Some(s) = again::<Statement>(text) {
        binary_round_trip(&s);
        let _ = (s.context(), s.claim(), s.id());
    }
    if let Some(p) = again::<Proof>(text) {
        binary_round_trip(&p);
    }
    if let Some(r) = again::<SealedRecord>(text) {
        binary_round_trip(&r);
    }
    if let Some(s) = again::<Submission>(text) {
        binary_round_trip(&s);
    }
}

const FIELD_NAMES: &[&str] = &[
    "type",
    "kind",
    "circuit_id",
    "a",
    "b",
    "c",
    "inputs",
    "records",
    "statement",
    "proof",
    "version",
    "nonce",
    "ciphertext",
    "tag",
    "record",
    "doc_type",
    "slot",
    "min",
    "max",
    "country",
    "capacity",
    "invoices",
    "exporter",
    "currency",
    "threshold",
    "from",
    "to",
    "aggregate_value",
    "value_range",
    "number",
    "date",
    "origin",
    "minor_units",
];

fn arb_json_leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        any::<String>().prop_map(Value::String),
        "[0-9]{1,80}".prop_map(Value::String),
        "[0-9a-fA-F]{0,130}".prop_map(Value::String),
        prop::sample::select(FIELD_NAMES).prop_map(|s| Value::String(s.to_string())),
        prop::sample::select(vec![
            "KE",
            "DE",
            "EUR",
            "2026-11-30",
            "060311",
            "customs_declaration"
        ])
        .prop_map(|s| Value::String(s.to_string())),
    ]
}

fn arb_json() -> impl Strategy<Value = Value> {
    let key = prop_oneof![
        3 => prop::sample::select(FIELD_NAMES).prop_map(str::to_string),
        1 => any::<String>(),
    ];
    arb_json_leaf().prop_recursive(4, 48, 8, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..8).prop_map(Value::Array),
            prop::collection::btree_map(key.clone(), inner, 0..8)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// Every JSON pointer of `v`.
fn pointers(v: &Value, at: String, out: &mut Vec<String>) {
    match v {
        Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                pointers(x, format!("{at}/{i}"), out);
            }
        }
        Value::Object(o) => {
            for (k, x) in o {
                pointers(
                    x,
                    format!("{at}/{}", k.replace('~', "~0").replace('/', "~1")),
                    out,
                );
            }
        }
        _ => {}
    }
    out.push(at);
}

/// Valid JSON of every decoded type, from real and generated objects.
fn valid_json_samples() -> Vec<Value> {
    json_samples_from(&fixture().proven)
}

/// Valid JSON of every decoded type, with the statement and proof of `proven[0]`.
fn json_samples_from(proven: &[(Statement, Proof)]) -> Vec<Value> {
    let f = fixture();
    let (st, pf) = &proven[0];
    let sub = Submission {
        records: vec![f.world.shipments[0].declaration],
        statement: st.clone(),
        proof: *pf,
    };
    let doc = Document::from(CustomsDeclaration {
        number: 2_026_000_123,
        exporter: PartyId::new(42).unwrap(),
        importer: PartyId::new(77).unwrap(),
        origin: Country::parse("KE").unwrap(),
        destination: Country::parse("DE").unwrap(),
        hs_code: HsCode::parse("060311").unwrap(),
        date: Date::parse("2026-11-30").unwrap(),
        declared_value: Amount::parse("48250.00", Currency::parse("EUR").unwrap()).unwrap(),
        certificate_serial: 5501,
        gross_mass_grams: 1_250_000,
        customs_office: Identifier::new("KEMBA-EXP-01").unwrap(),
        procedure: 1000,
    });
    let agg = Statement::from_inputs(
        st.circuit_id(),
        ClaimKind::AggregateValue { capacity: 2 },
        vec![Fr::from(3u64); 8],
    )
    .unwrap();
    vec![
        serde_json::to_value(&sub).unwrap(),
        serde_json::to_value(st).unwrap(),
        serde_json::to_value(&agg).unwrap(),
        serde_json::to_value(pf).unwrap(),
        serde_json::to_value(f.world.shipments[1].certificate).unwrap(),
        serde_json::to_value(&doc).unwrap(),
        serde_json::to_value(st.claim().unwrap()).unwrap(),
        serde_json::to_value(st.context()).unwrap(),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in arb_bytes()) {
        decode_everything(&bytes);
    }

    #[test]
    fn arbitrary_strings_never_panic(text in any::<String>()) {
        json_everything(&text);
    }

    #[test]
    fn arbitrary_json_never_panics(v in arb_json()) {
        json_everything(&v.to_string());
    }

    /// Valid JSON after a few edits (a node replaced by arbitrary JSON or by a part of another
    /// valid sample, an array grown or shrunk, a key dropped): refused, or decodes consistently.
    #[test]
    fn mutated_json_never_panics(which in any::<Index>(), edits in prop::collection::vec((any::<Index>(), arb_json_edit()), 1..4)) {
        let samples = json_samples();
        let mut v = samples[which.index(samples.len())].clone();
        for (node, edit) in &edits {
            edit_json(&mut v, node, edit);
        }
        json_everything(&v.to_string());
    }
}

/// The valid JSON samples, and every sub-tree of them (material for splicing).
fn json_samples() -> &'static Vec<Value> {
    static SAMPLES: OnceLock<Vec<Value>> = OnceLock::new();
    SAMPLES.get_or_init(valid_json_samples)
}

fn json_parts() -> &'static Vec<Value> {
    static PARTS: OnceLock<Vec<Value>> = OnceLock::new();
    PARTS.get_or_init(|| {
        let mut out = Vec::new();
        for v in json_samples() {
            let mut ps = Vec::new();
            pointers(v, String::new(), &mut ps);
            out.extend(ps.iter().filter_map(|p| v.pointer(p).cloned()));
        }
        out
    })
}

#[derive(Clone, Debug)]
enum JsonEdit {
    Replace(Value),
    Splice(Index),
    Shrink,
    Grow,
}

fn arb_json_edit() -> impl Strategy<Value = JsonEdit> {
    prop_oneof![
        2 => arb_json().prop_map(JsonEdit::Replace),
        2 => any::<Index>().prop_map(JsonEdit::Splice),
        1 => Just(JsonEdit::Shrink),
        1 => Just(JsonEdit::Grow),
    ]
}

fn edit_json(v: &mut Value, node: &Index, edit: &JsonEdit) {
    let mut ps = Vec::new();
    pointers(v, String::new(), &mut ps);
    let p = &ps[node.index(ps.len())];
    let Some(slot) = v.pointer_mut(p) else {
        unreachable!("{p} is a pointer of the value")
    };
    match (edit, slot) {
        (JsonEdit::Replace(r), slot) => *slot = r.clone(),
        (JsonEdit::Splice(i), slot) => *slot = json_parts()[i.index(json_parts().len())].clone(),
        (JsonEdit::Shrink, Value::Array(a)) => {
            a.pop();
        }
        (JsonEdit::Shrink, Value::Object(o)) => {
            if let Some(k) = o.keys().next().cloned() {
                o.remove(&k);
            }
        }
        (JsonEdit::Grow, Value::Array(a)) => {
            if let Some(x) = a.first().cloned() {
                a.push(x);
            }
        }
        _ => {}
    }
}

#[test]
fn valid_json_samples_decode() {
    let samples = json_samples();
    for v in samples {
        json_everything(&v.to_string());
    }
    assert!(serde_json::from_value::<Submission>(samples[0].clone()).is_ok());
    assert!(serde_json::from_value::<Statement>(samples[1].clone()).is_ok());
    assert!(serde_json::from_value::<Statement>(samples[2].clone()).is_ok());
    assert!(serde_json::from_value::<Proof>(samples[3].clone()).is_ok());
    assert!(serde_json::from_value::<SealedRecord>(samples[4].clone()).is_ok());
    assert!(serde_json::from_value::<Document>(samples[5].clone()).is_ok());
    assert!(serde_json::from_value::<Claim>(samples[6].clone()).is_ok());
    assert!(serde_json::from_value::<Context>(samples[7].clone()).is_ok());
}

// ---------------------------------------------------------------------------------------------
// Targeted malformed fields: each is refused with its specific error.
// ---------------------------------------------------------------------------------------------

fn with(bytes: &[u8], at: usize, patch: &[u8]) -> Vec<u8> {
    let mut b = bytes.to_vec();
    b[at..at + patch.len()].copy_from_slice(patch);
    b
}

#[test]
fn g2_point_outside_the_subgroup_is_refused() {
    let f = fixture();
    let bad = g2_outside_subgroup();
    let enc = g2_bytes(&bad);
    assert_eq!(enc.len(), 64);
    let proof = f.proven[0].1.to_bytes();
    assert_eq!(
        decode_err::<Proof>(&with(&proof, PROOF_B, &enc)),
        DecodeError::NotInSubgroup("proof B")
    );
    let vk = f.vk.to_bytes();
    for (at, what) in [
        (VK_BETA, "vk beta"),
        (VK_GAMMA, "vk gamma"),
        (VK_DELTA, "vk delta"),
    ] {
        assert_eq!(
            decode_err::<VerifyingKey>(&with(&vk, at, &enc)),
            DecodeError::NotInSubgroup(what)
        );
    }
    // (The point check itself is unit-tested in `encoding`.)
    // The negated point is outside too (the sign bit is the only difference in its encoding).
    let neg = g2_bytes(&-bad);
    assert_eq!(
        decode_err::<Proof>(&with(&proof, PROOF_B, &neg)),
        DecodeError::NotInSubgroup("proof B")
    );
    // Through the JSON proof and the arkworks constructor as well.
    let mut j = serde_json::to_value(f.proven[0].1).unwrap();
    j["b"] = Value::String(enc.iter().map(|x| format!("{x:02x}")).collect());
    let e = serde_json::from_value::<Proof>(j).unwrap_err().to_string();
    assert!(e.contains("subgroup"), "{e}");
    let mut ark = f.proven[0].1.to_ark();
    ark.b = bad;
    assert!(matches!(
        Proof::from_ark(f.proven[0].0.circuit_id(), &ark),
        Err(Error::Decode(DecodeError::NotInSubgroup("proof B")))
    ));
}

#[test]
fn points_off_the_curve_are_refused() {
    let f = fixture();
    let proof = f.proven[0].1.to_bytes();
    let vk = f.vk.to_bytes();
    // Compressed encodings only carry x: an x with no y on the curve does not decompress.
    let x1 = fq_bytes(&g1_x_off_curve());
    for (at, what) in [(PROOF_A, "proof A"), (PROOF_C, "proof C")] {
        assert_eq!(
            decode_err::<Proof>(&with(&proof, at, &x1)),
            DecodeError::BadPoint(what)
        );
        // With the sign bit set too.
        let mut neg = x1.clone();
        neg[31] |= 0x80;
        assert_eq!(
            decode_err::<Proof>(&with(&proof, at, &neg)),
            DecodeError::BadPoint(what)
        );
    }
    assert_eq!(
        decode_err::<VerifyingKey>(&with(&vk, VK_ALPHA, &x1)),
        DecodeError::BadPoint("vk alpha")
    );
    assert_eq!(
        decode_err::<VerifyingKey>(&with(&vk, VK_IC + 64, &x1)),
        DecodeError::BadPoint("vk IC point")
    );
    let x2 = g2_x_off_curve();
    let mut x2b = fq_bytes(&x2.c0);
    x2b.extend(fq_bytes(&x2.c1));
    assert_eq!(
        decode_err::<Proof>(&with(&proof, PROOF_B, &x2b)),
        DecodeError::BadPoint("proof B")
    );
    assert_eq!(
        decode_err::<VerifyingKey>(&with(&vk, VK_DELTA, &x2b)),
        DecodeError::BadPoint("vk delta")
    );
    // A coordinate that is not below the base field modulus, and both flags at once.
    let mut big = vec![0xff; 32];
    big[31] = 0x3f;
    assert_eq!(
        decode_err::<Proof>(&with(&proof, PROOF_A, &big)),
        DecodeError::BadPoint("proof A")
    );
    let mut both = proof[PROOF_C..PROOF_C + 32].to_vec();
    both[31] |= 0xc0;
    assert_eq!(
        decode_err::<Proof>(&with(&proof, PROOF_C, &both)),
        DecodeError::BadPoint("proof C")
    );
    let mut big2 = proof[PROOF_B..PROOF_B + 64].to_vec();
    big2[..32].copy_from_slice(&[0xff; 32]);
    assert_eq!(
        decode_err::<Proof>(&with(&proof, PROOF_B, &big2)),
        DecodeError::BadPoint("proof B")
    );
    // In-memory points off the curve (only constructible unchecked) are refused when wrapped (the
    // point checks themselves are unit-tested in `encoding`).
    let off1 = G1Affine::new_unchecked(Fq::one(), Fq::one());
    assert!(!off1.is_on_curve());
    let mut ark = f.proven[0].1.to_ark();
    ark.c = off1;
    assert!(matches!(
        Proof::from_ark(f.proven[0].0.circuit_id(), &ark),
        Err(Error::Decode(DecodeError::NotOnCurve("proof C")))
    ));
}

#[test]
fn the_identity_is_refused_where_forbidden() {
    let f = fixture();
    let o1 = g1_bytes(&G1Affine::zero());
    let o2 = g2_bytes(&G2Affine::zero());
    let proof = f.proven[0].1.to_bytes();
    assert_eq!(
        decode_err::<Proof>(&with(&proof, PROOF_A, &o1)),
        DecodeError::Identity("proof A")
    );
    assert_eq!(
        decode_err::<Proof>(&with(&proof, PROOF_B, &o2)),
        DecodeError::Identity("proof B")
    );
    assert_eq!(
        decode_err::<Proof>(&with(&proof, PROOF_C, &o1)),
        DecodeError::Identity("proof C")
    );
    // The infinity flag with stray x bits is still the identity.
    let mut stray = o1.clone();
    stray[0] = 5;
    assert_eq!(
        decode_err::<Proof>(&with(&proof, PROOF_A, &stray)),
        DecodeError::Identity("proof A")
    );
    let vk = f.vk.to_bytes();
    for (at, p, what) in [
        (VK_ALPHA, &o1, "vk alpha"),
        (VK_BETA, &o2, "vk beta"),
        (VK_GAMMA, &o2, "vk gamma"),
        (VK_DELTA, &o2, "vk delta"),
        (VK_IC, &o1, "vk IC point"),
        (VK_IC + 6 * 32, &o1, "vk IC point"),
    ] {
        assert_eq!(
            decode_err::<VerifyingKey>(&with(&vk, at, p)),
            DecodeError::Identity(what)
        );
    }
    let mut ark = f.proven[0].1.to_ark();
    ark.a = G1Affine::zero();
    assert!(matches!(
        Proof::from_ark(f.proven[0].0.circuit_id(), &ark),
        Err(Error::Decode(DecodeError::Identity("proof A")))
    ));
}

#[test]
fn field_elements_not_below_the_modulus_are_refused() {
    let f = fixture();
    let r = modulus_bytes();
    let mut r_plus_1 = r.clone();
    r_plus_1[0] += 1;
    let st = f.proven[0].0.to_bytes();
    let rec = f.world.shipments[0].declaration.to_bytes();
    for big in [&r, &r_plus_1, &vec![0xff; 32]] {
        for i in 0..6 {
            assert_eq!(
                decode_err::<Statement>(&with(&st, ST_INPUTS + 32 * i, big)),
                DecodeError::NonCanonicalField("public input")
            );
        }
        for i in [0, 7, 13] {
            assert_eq!(
                decode_err::<SealedRecord>(&with(&rec, REC_CIPHERTEXT + 32 * i, big)),
                DecodeError::NonCanonicalField("ciphertext element")
            );
        }
        assert_eq!(
            decode_err::<SealedRecord>(&with(&rec, REC_TAG, big)),
            DecodeError::NonCanonicalField("authentication tag")
        );
    }
    // r − 1 is the largest canonical element.
    let r_minus_1 = (-Fr::one()).into_bigint().to_bytes_le();
    let s = Statement::from_bytes(&with(&st, ST_INPUTS + 32 * 5, &r_minus_1)).unwrap();
    assert_eq!(s.inputs()[5], -Fr::one());
    assert!(f.verifier.verify(&s, &f.proven[0].1, &s.context()).is_err());
    // JSON readers are as strict: r as a decimal string is refused.
    let mut j = serde_json::to_value(&f.proven[0].0).unwrap();
    j["inputs"][4] = Value::String(Fr::MODULUS.to_string());
    assert!(serde_json::from_value::<Statement>(j).is_err());
    let mut j = serde_json::to_value(f.world.shipments[0].declaration).unwrap();
    j["ciphertext"][3] = Value::String(Fr::MODULUS.to_string());
    assert!(serde_json::from_value::<SealedRecord>(j).is_err());
}

#[test]
fn huge_declared_lengths_are_refused_before_allocating() {
    let f = fixture();
    let st = f.proven[0].0.to_bytes();
    for n in [u16::MAX, MAX_INPUTS as u16 + 1] {
        assert_eq!(
            decode_err::<Statement>(&with(&st, ST_COUNT, &n.to_le_bytes())),
            DecodeError::LengthTooLarge {
                what: "public inputs",
                len: n as u64,
                max: MAX_INPUTS as u64
            }
        );
    }
    // A count within the limit but not the kind's.
    assert!(matches!(
        decode_err::<Statement>(&with(&st, ST_COUNT, &7u16.to_le_bytes())),
        DecodeError::Invalid {
            what: "public inputs",
            ..
        }
    ));
    // Submission record count: the bytes stop right after it.
    for k in [u16::MAX, MAX_RECORDS_PER_SUBMISSION as u16 + 1] {
        let mut b = vec![b'U', 1];
        b.extend(k.to_le_bytes());
        assert_eq!(
            decode_err::<Submission>(&b),
            DecodeError::LengthTooLarge {
                what: "records",
                len: k as u64,
                max: MAX_RECORDS_PER_SUBMISSION as u64
            }
        );
    }
    // Within the limit, the records must be there.
    let mut b = vec![b'U', 1];
    b.extend((MAX_RECORDS_PER_SUBMISSION as u16).to_le_bytes());
    assert!(matches!(
        decode_err::<Submission>(&b),
        DecodeError::UnexpectedEnd {
            what: "sealed record",
            ..
        }
    ));
    // Batch count.
    for n in [u32::MAX, MAX_BATCH as u32 + 1] {
        let mut b = vec![b'B', 1];
        b.extend(n.to_le_bytes());
        assert_eq!(
            batch_err(&b),
            DecodeError::LengthTooLarge {
                what: "batch",
                len: n as u64,
                max: MAX_BATCH as u64
            }
        );
        assert!(decode_batch(&b).is_err());
    }
    let mut b = vec![b'B', 1];
    b.extend((MAX_BATCH as u32).to_le_bytes());
    assert!(matches!(
        batch_err(&b),
        DecodeError::UnexpectedEnd {
            what: "item length",
            ..
        }
    ));
    // An item length beyond the input.
    let mut b = vec![b'B', 1];
    b.extend(1u32.to_le_bytes());
    b.extend(u32::MAX.to_le_bytes());
    b.extend([0u8; 16]);
    assert_eq!(
        batch_err(&b),
        DecodeError::UnexpectedEnd {
            what: "batch item",
            at: b.len(),
            needed: u32::MAX as usize - 16
        }
    );
    // IC count of a verifying key that does not fit the kind.
    let vk = f.vk.to_bytes();
    for n in [0u16, 6, 8, u16::MAX] {
        assert!(matches!(
            decode_err::<VerifyingKey>(&with(&vk, VK_COUNT, &n.to_le_bytes())),
            DecodeError::Invalid {
                what: "IC points",
                ..
            }
        ));
    }
    // JSON: too many inputs, or a submission with more records than the binary format allows.
    let mut j = serde_json::to_value(&f.proven[0].0).unwrap();
    j["inputs"] = Value::Array(vec![Value::String("1".into()); MAX_INPUTS + 1]);
    assert!(serde_json::from_value::<Statement>(j).is_err());
    let sub = Submission {
        records: vec![f.world.shipments[0].declaration; MAX_RECORDS_PER_SUBMISSION + 1],
        statement: f.proven[0].0.clone(),
        proof: f.proven[0].1,
    };
    let json = serde_json::to_string(&sub).unwrap();
    assert!(serde_json::from_str::<Submission>(&json).is_err());
    let mut ok = sub.clone();
    ok.records.truncate(MAX_RECORDS_PER_SUBMISSION);
    binary_round_trip(&ok);
    json_round_trip(&ok);
}

#[test]
fn trailing_bytes_are_refused() {
    let f = fixture();
    let sub = Submission {
        records: vec![f.world.shipments[0].declaration],
        statement: f.proven[0].0.clone(),
        proof: f.proven[0].1,
    };
    let check = |mut b: Vec<u8>, decode: &dyn Fn(&[u8]) -> DecodeError| {
        b.extend([0, 0]);
        assert_eq!(decode(&b), DecodeError::TrailingBytes(2));
    };
    check(
        f.world.shipments[0].declaration.to_bytes(),
        &decode_err::<SealedRecord>,
    );
    check(f.proven[0].1.to_bytes(), &decode_err::<Proof>);
    check(f.proven[0].0.to_bytes(), &decode_err::<Statement>);
    check(f.vk.to_bytes(), &decode_err::<VerifyingKey>);
    check(sub.to_bytes(), &decode_err::<Submission>);
    check(encode_batch(std::slice::from_ref(&sub)), &batch_err);
    // Bytes after a submission inside its batch item: the item is malformed, the framing is fine.
    let mut item = sub.to_bytes();
    item.push(9);
    let mut b = vec![b'B', 1];
    b.extend(1u32.to_le_bytes());
    b.extend((item.len() as u32).to_le_bytes());
    b.extend(&item);
    let decoded = decode_batch(&b).unwrap();
    assert!(matches!(
        decoded[0],
        Err(Error::Decode(DecodeError::TrailingBytes(1)))
    ));
}

#[test]
fn unknown_versions_and_wrong_tags_are_refused() {
    let f = fixture();
    let sub = Submission {
        records: vec![],
        statement: f.proven[0].0.clone(),
        proof: f.proven[0].1,
    };
    type Dec = Box<dyn Fn(&[u8]) -> DecodeError>;
    let objects: Vec<(Vec<u8>, &'static str, Dec)> = vec![
        (
            f.world.shipments[0].declaration.to_bytes(),
            "sealed record",
            Box::new(decode_err::<SealedRecord>),
        ),
        (
            f.proven[0].1.to_bytes(),
            "proof",
            Box::new(decode_err::<Proof>),
        ),
        (
            f.proven[0].0.to_bytes(),
            "statement",
            Box::new(decode_err::<Statement>),
        ),
        (
            f.vk.to_bytes(),
            "verifying key",
            Box::new(decode_err::<VerifyingKey>),
        ),
        (
            sub.to_bytes(),
            "submission",
            Box::new(decode_err::<Submission>),
        ),
        (
            encode_batch(std::slice::from_ref(&sub)),
            "batch",
            Box::new(batch_err),
        ),
    ];
    let tags: Vec<u8> = objects.iter().map(|(b, _, _)| b[0]).collect();
    assert_eq!(tags, b"RPSVUB");
    for (bytes, what, decode) in &objects {
        for version in [0u8, 2, 0xff] {
            assert_eq!(
                decode(&with(bytes, 1, &[version])),
                DecodeError::UnknownVersion { what, version }
            );
        }
        for tag in tags
            .iter()
            .copied()
            .filter(|t| *t != bytes[0])
            .chain([0, b'r', 0xff])
        {
            assert_eq!(
                decode(&with(bytes, 0, &[tag])),
                DecodeError::WrongKind {
                    expected: what,
                    found: tag
                }
            );
        }
    }
    // A record with an unknown version inside a submission, a statement inside a proof's place.
    let mut b = vec![b'U', 1, 1, 0];
    b.extend(with(&f.world.shipments[0].declaration.to_bytes(), 1, &[2]));
    b.extend(f.proven[0].0.to_bytes());
    b.extend(f.proven[0].1.to_bytes());
    assert_eq!(
        decode_err::<Submission>(&b),
        DecodeError::UnknownVersion {
            what: "sealed record",
            version: 2
        }
    );
    let mut b = vec![b'U', 1, 0, 0];
    b.extend(f.proven[0].0.to_bytes());
    b.extend(f.proven[0].0.to_bytes());
    assert_eq!(
        decode_err::<Submission>(&b),
        DecodeError::WrongKind {
            expected: "proof",
            found: b'S'
        }
    );
    // JSON: a sealed record of an unknown version is refused as in binary.
    let mut j = serde_json::to_value(f.world.shipments[0].declaration).unwrap();
    j["version"] = Value::from(2);
    assert!(serde_json::from_value::<SealedRecord>(j).is_err());
}

#[test]
fn unknown_claim_kinds_and_capacities_are_refused() {
    let f = fixture();
    let st = f.proven[0].0.to_bytes();
    for k in [0u8, 8, 0xff] {
        assert!(matches!(
            decode_err::<Statement>(&with(&st, ST_KIND, &[k])),
            DecodeError::Invalid {
                what: "claim kind",
                ..
            }
        ));
    }
    // Aggregate kind: capacity 0 and above the maximum are refused, a valid one needs its input count.
    let agg = |capacity: u16, n: u16| {
        let mut b = st[..ST_KIND].to_vec();
        b.push(7);
        b.extend(capacity.to_le_bytes());
        b.extend(n.to_le_bytes());
        for _ in 0..n {
            b.extend([1u8; 31].iter().chain(&[0]));
        }
        b
    };
    for c in [0u16, MAX_CAPACITY as u16 + 1, u16::MAX] {
        assert!(matches!(
            decode_err::<Statement>(&agg(c, 6 + c.min(10))),
            DecodeError::Invalid {
                what: "claim kind",
                ..
            }
        ));
    }
    let s = Statement::from_bytes(&agg(3, 9)).unwrap();
    assert_eq!(s.kind(), ClaimKind::AggregateValue { capacity: 3 });
    assert!(matches!(
        decode_err::<Statement>(&agg(3, 8)),
        DecodeError::Invalid {
            what: "public inputs",
            ..
        }
    ));
    // The circuit id is the value-range one: the verifier refuses the kind before any pairing.
    assert!(matches!(
        f.verifier.verify(&s, &f.proven[0].1, &s.context()),
        Err(Error::Rejected(tradeproof::Rejection::BadPublicInput(_)))
    ));
    let mut other = agg(3, 9);
    other[2] ^= 1;
    let s = Statement::from_bytes(&other).unwrap();
    assert!(matches!(
        f.verifier.verify(&s, &f.proven[0].1, &s.context()),
        Err(Error::UnknownCircuit(_))
    ));
    // A verifying key whose kind or circuit id is not the one compiled in.
    let vk = f.vk.to_bytes();
    let mut id = vk[VK_ID..VK_ID + 32].to_vec();
    id[0] ^= 1;
    assert!(matches!(
        VerifyingKey::from_bytes(&with(&vk, VK_ID, &id)),
        Err(Error::CircuitMismatch { .. })
    ));
    // Origin equals has 4 inputs: the IC count of a value-range key does not fit.
    assert!(matches!(
        decode_err::<VerifyingKey>(&with(&vk, 2, &[2])),
        DecodeError::Invalid {
            what: "IC points",
            ..
        }
    ));
    // JSON statements are checked like binary ones.
    let mut j = serde_json::to_value(&f.proven[0].0).unwrap();
    j["kind"] = serde_json::json!({"aggregate_value": {"capacity": 0}});
    j["inputs"] = Value::Array(vec![Value::String("1".into()); 6]);
    assert!(serde_json::from_value::<Statement>(j).is_err());
    for n in [0, 1, 5, 7] {
        let mut j = serde_json::to_value(&f.proven[0].0).unwrap();
        j["inputs"] = Value::Array(vec![Value::String("1".into()); n]);
        assert!(
            serde_json::from_value::<Statement>(j).is_err(),
            "{n} inputs"
        );
    }
}

#[test]
fn json_hex_is_strict_and_never_panics() {
    let f = fixture();
    let j = serde_json::to_value(f.proven[0].1).unwrap();
    let a = j["a"].as_str().unwrap().to_string();
    // Multi-byte characters where a hex digit pair is expected (a pair boundary inside a character).
    for bad in [
        format!("{}é{}", &a[..1], &a[3..]),
        format!("é{}", &a[2..]),
        format!("{}€{}", &a[..1], &a[4..]),
        format!("+{}", &a[1..]),
        format!("-{}", &a[1..]),
        format!("{} ", &a[..63]),
        "zz".repeat(32),
        a[..62].to_string(),
    ] {
        let mut k = j.clone();
        k["a"] = Value::String(bad.clone());
        assert!(serde_json::from_value::<Proof>(k).is_err(), "{bad:?}");
        let mut k = j.clone();
        k["circuit_id"] = Value::String(bad.clone());
        assert!(serde_json::from_value::<Proof>(k).is_err(), "{bad:?}");
    }
    assert!(tradeproof::encoding::from_hex("aé").is_err());
    assert!(tradeproof::encoding::from_hex("1é1").is_err());
    assert!(tradeproof::encoding::from_hex("+f").is_err());
    assert_eq!(
        tradeproof::encoding::from_hex("00fFA0").unwrap(),
        vec![0, 0xff, 0xa0]
    );
    assert_eq!(
        tradeproof::encoding::from_hex("").unwrap(),
        Vec::<u8>::new()
    );
    // Upper-case hex is accepted and means the same proof.
    let mut k = j.clone();
    k["a"] = Value::String(a.to_uppercase());
    assert_eq!(serde_json::from_value::<Proof>(k).unwrap(), f.proven[0].1);
}

// ---------------------------------------------------------------------------------------------
// Seed corpora for the fuzz targets.
// ---------------------------------------------------------------------------------------------

/// Writes the seed corpora of `fuzz/` (`cargo test --test wire -- --ignored write_fuzz_corpus`).
/// Proofs use seeded blinding, so the files are reproducible.
#[test]
#[ignore]
fn write_fuzz_corpus() {
    use std::path::Path;
    let f = fixture();
    let (pk, _) = keys::setup_from_seed(ClaimKind::ValueRange, [1; 32]).unwrap();
    let prover = Prover::new([pk]).unwrap();
    let proven: Vec<(Statement, Proof)> = prover
        .prove_batch(
            (0..2)
                .map(|i| f.world.value_range_witness(i).unwrap())
                .collect(),
            &BatchOptions {
                randomness: Randomness::Seeded([3; 32]),
                ..Default::default()
            },
        )
        .into_iter()
        .map(|r| r.unwrap())
        .collect();
    for (s, p) in &proven {
        f.verifier.verify(s, p, &s.context()).unwrap();
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus");
    let write = |target: &str, name: &str, bytes: &[u8]| {
        let dir = root.join(target);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join(name), bytes).unwrap();
    };
    let rec = f.world.shipments[0].declaration.to_bytes();
    let cert = f.world.shipments[1].certificate.to_bytes();
    let (st, pf) = (&proven[0].0, &proven[0].1);
    let (st1, pf1) = (&proven[1].0, &proven[1].1);
    let sub = |i: usize, records: usize| Submission {
        records: (0..records)
            .map(|k| f.world.shipments[(i + k) % 2].declaration)
            .collect(),
        statement: proven[i].0.clone(),
        proof: proven[i].1,
    };
    let agg = Statement::from_inputs(
        st.circuit_id(),
        ClaimKind::AggregateValue { capacity: 2 },
        vec![Fr::from(5u64); 8],
    )
    .unwrap();
    let r = modulus_bytes();
    let o1 = g1_bytes(&G1Affine::zero());
    let o2 = g2_bytes(&G2Affine::zero());
    let not_sub = g2_bytes(&g2_outside_subgroup());
    let off1 = fq_bytes(&g1_x_off_curve());

    write("sealed_record", "valid-declaration", &rec);
    write("sealed_record", "valid-certificate", &cert);
    write(
        "sealed_record",
        "ciphertext-is-modulus",
        &with(&rec, REC_CIPHERTEXT, &r),
    );
    write("sealed_record", "version-2", &with(&rec, 1, &[2]));
    write("sealed_record", "truncated", &rec[..100]);

    write("proof", "valid-0", &pf.to_bytes());
    write("proof", "valid-1", &pf1.to_bytes());
    write(
        "proof",
        "b-not-in-subgroup",
        &with(&pf.to_bytes(), PROOF_B, &not_sub),
    );
    write("proof", "a-identity", &with(&pf.to_bytes(), PROOF_A, &o1));
    write("proof", "b-identity", &with(&pf.to_bytes(), PROOF_B, &o2));
    write(
        "proof",
        "c-off-curve",
        &with(&pf.to_bytes(), PROOF_C, &off1),
    );

    write("statement", "valid-0", &st.to_bytes());
    write("statement", "valid-1", &st1.to_bytes());
    write("statement", "aggregate-2", &agg.to_bytes());
    write(
        "statement",
        "input-is-modulus",
        &with(&st.to_bytes(), ST_INPUTS, &r),
    );
    write(
        "statement",
        "count-65535",
        &with(&st.to_bytes(), ST_COUNT, &[0xff, 0xff]),
    );
    write(
        "statement",
        "kind-unknown",
        &with(&st.to_bytes(), ST_KIND, &[9]),
    );

    let vk = f.vk.to_bytes();
    write("verifying_key", "valid-value-range", &vk);
    write(
        "verifying_key",
        "beta-not-in-subgroup",
        &with(&vk, VK_BETA, &not_sub),
    );
    write("verifying_key", "ic-identity", &with(&vk, VK_IC, &o1));
    write("verifying_key", "ic-count-0", &with(&vk, VK_COUNT, &[0, 0]));
    write("verifying_key", "kind-origin-equals", &with(&vk, 2, &[2]));

    write("submission", "valid-no-record", &sub(0, 0).to_bytes());
    write("submission", "valid-one-record", &sub(0, 1).to_bytes());
    write("submission", "valid-two-records", &sub(1, 2).to_bytes());
    write("submission", "record-count-65535", &[b'U', 1, 0xff, 0xff]);
    write(
        "submission",
        "trailing-byte",
        &[sub(0, 1).to_bytes(), vec![0]].concat(),
    );

    let batch = encode_batch(&[sub(0, 1), sub(1, 0), sub(0, 0)]);
    write("batch", "valid-three", &batch);
    write("batch", "valid-empty", &encode_batch(&[]));
    write("batch", "count-max", &[b'B', 1, 0xff, 0xff, 0xff, 0xff]);
    let mut bad_item = encode_batch(&[sub(0, 0), sub(1, 1)]);
    let n = bad_item.len();
    bad_item[n - 1] ^= 0x01;
    write("batch", "last-item-bad", &bad_item);

    // The verifier target: batches whose items are submissions (or raw statement ‖ proof bytes).
    let mut many: Vec<Submission> = (0..6).map(|i| sub(i % 2, 0)).collect();
    write("verify_batch", "valid-six", &encode_batch(&many));
    write("verify_batch", "valid-two", &encode_batch(&many[..2]));
    many[3].proof = proven[0].1; // proof of item 0 for the statement of item 1
    write("verify_batch", "one-swapped-proof", &encode_batch(&many));
    let mut raw = vec![b'B', 1];
    raw.extend(1u32.to_le_bytes());
    let item = [st.to_bytes(), pf.to_bytes()].concat();
    raw.extend((item.len() as u32).to_le_bytes());
    raw.extend(&item);
    write("verify_batch", "raw-statement-proof", &raw);

    // JSON: the first byte picks the type (see `fuzz/src/lib.rs`).
    let json = |tag: u8, v: Value| [vec![tag], v.to_string().into_bytes()].concat();
    let samples = json_samples_from(&proven);
    write("json", "document", &json(0, samples[5].clone()));
    write("json", "claim", &json(1, samples[6].clone()));
    write("json", "statement", &json(2, samples[1].clone()));
    write("json", "statement-aggregate", &json(2, samples[2].clone()));
    write("json", "proof", &json(3, samples[3].clone()));
    write("json", "submission", &json(4, samples[0].clone()));
    write("json", "sealed-record", &json(5, samples[4].clone()));
    write("json", "context", &json(6, samples[7].clone()));
    write(
        "json",
        "claim-kind",
        &json(7, serde_json::json!({"aggregate_value": {"capacity": 4}})),
    );

    // snarkjs import: the first byte picks the file (see `fuzz/src/lib.rs`); the seeds are the real
    // snarkjs-made vectors of `tests/vectors/snarkjs-mul/` and tradeproof's own export.
    use tradeproof::wire::snarkjs;
    let vectors = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/vectors/snarkjs-mul");
    let read = |name: &str| std::fs::read_to_string(vectors.join(name)).unwrap();
    let (mul_vk, mul_proof) = (read("vk.json"), read("proof.json"));
    let (mul_public, mul_bad) = (read("public.json"), read("public_bad.json"));
    let tagged = |tag: u8, parts: &[&str]| [vec![tag], parts.join("\0").into_bytes()].concat();
    let vk_json = serde_json::to_string(&snarkjs::VerificationKeyJson::from(&f.vk)).unwrap();
    let pf_json = serde_json::to_string(&snarkjs::ProofJson::from(pf)).unwrap();
    let public_json = serde_json::to_string(&snarkjs::public_signals(st.inputs())).unwrap();
    write("snarkjs", "mul-vk", &tagged(0, &[&mul_vk]));
    write("snarkjs", "value-range-vk", &tagged(0, &[&vk_json]));
    write("snarkjs", "mul-proof", &tagged(1, &[&mul_proof]));
    write("snarkjs", "value-range-proof", &tagged(1, &[&pf_json]));
    write("snarkjs", "mul-public", &tagged(2, &[&mul_public]));
    write("snarkjs", "value-range-public", &tagged(2, &[&public_json]));
    write(
        "snarkjs",
        "mul-verify",
        &tagged(3, &[&mul_vk, &mul_proof, &mul_public]),
    );
    write(
        "snarkjs",
        "mul-verify-bad",
        &tagged(3, &[&mul_vk, &mul_proof, &mul_bad]),
    );
    write(
        "snarkjs",
        "value-range-verify",
        &tagged(3, &[&vk_json, &pf_json, &public_json]),
    );
    let other_public = serde_json::to_string(&snarkjs::public_signals(st1.inputs())).unwrap();
    write(
        "snarkjs",
        "value-range-verify-bad",
        &tagged(3, &[&vk_json, &pf_json, &other_public]),
    );
    assert!(snarkjs::verify_json(&vk_json, &pf_json, &public_json).unwrap());
    assert!(!snarkjs::verify_json(&vk_json, &pf_json, &other_public).unwrap());

    // Inputs that crashed the checks before the decoder fixes (found by the proptests above).
    let regression = |target: &str, name: &str, bytes: &[u8]| {
        let dir = root.parent().unwrap().join("regressions").join(target);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join(name), bytes).unwrap();
    };
    // `from_hex` sliced the string in byte pairs: a character across a pair boundary panicked.
    let mut bad = samples[3].clone();
    let a = bad["a"].as_str().unwrap().to_string();
    bad["a"] = Value::String(format!("{}é{}", &a[..1], &a[3..]));
    regression("json", "proof-hex-char-across-pair", &json(3, bad));
    // JSON statements were not checked against their kind: `context()` indexed past the inputs.
    let mut bad = samples[1].clone();
    bad["inputs"] = Value::Array(vec![]);
    regression("json", "statement-without-inputs", &json(2, bad));
    // A submission of more records than the binary format allows decoded from JSON.
    let mut bad = samples[0].clone();
    let small = serde_json::to_value(SealedRecord {
        version: 1,
        nonce: 0,
        ciphertext: [Fr::zero(); 14],
        tag: Fr::zero(),
    })
    .unwrap();
    bad["records"] = Value::Array(vec![small; MAX_RECORDS_PER_SUBMISSION + 1]);
    regression("json", "submission-257-records", &json(4, bad));
    // A sealed record of an unknown version decoded from JSON but not from its own binary encoding.
    let mut bad = samples[4].clone();
    bad["version"] = Value::from(2);
    regression("json", "sealed-record-version-2", &json(5, bad));
}
