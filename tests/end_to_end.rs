//! End-to-end: setup, batched proving, single and batch verification, for every claim kind, and
//! rejection of every changed public input.
use tradeproof_support as common;

use ark_bn254::{Bn254, Fr};
use ark_ff::One;
use ark_groth16::Groth16;
use ark_snark::SNARK;
use common::{world, World};
use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};
use tradeproof::prelude::*;
use tradeproof::{keys, ProvingKey};

/// Keys are generated once per test binary.
fn keys_for(kind: ClaimKind) -> (ProvingKey, VerifyingKey) {
    static KEYS: OnceLock<Mutex<HashMap<ClaimKind, (ProvingKey, VerifyingKey)>>> = OnceLock::new();
    let map = KEYS.get_or_init(Default::default);
    if let Some(k) = map.lock().unwrap().get(&kind) {
        return k.clone();
    }
    let mut seed = [7u8; 32];
    seed[..kind.name().len().min(32)]
        .copy_from_slice(&kind.name().as_bytes()[..kind.name().len().min(32)]);
    let k = keys::setup_from_seed(kind, seed).unwrap();
    map.lock().unwrap().insert(kind, k.clone());
    k
}

fn the_world() -> &'static World {
    static W: OnceLock<World> = OnceLock::new();
    W.get_or_init(|| world(6, 6, &[3], 42))
}

fn seeded() -> BatchOptions<'static> {
    BatchOptions {
        randomness: tradeproof::Randomness::Seeded([1; 32]),
        ..Default::default()
    }
}

/// Proves `w`, checks the statement against the claim the verifier expects, verifies with tradeproof
/// and with plain ark-groth16, and checks that changing any public input breaks verification.
fn round_trip(kind: ClaimKind, w: Witness, expected_claim: &Claim) {
    let (pk, vk) = keys_for(kind);
    let prover = Prover::new([pk]).unwrap();
    let context = w.context();
    let (statement, proof) = prover
        .prove_batch(vec![w], &seeded())
        .pop()
        .unwrap()
        .unwrap();
    let expected = Statement::new(vk.circuit_id(), &context, expected_claim).unwrap();
    assert_eq!(statement, expected);
    assert_eq!(statement.claim().unwrap(), *expected_claim);
    let verifier = Verifier::new([vk.clone()]);
    verifier.verify(&statement, &proof, &context).unwrap();
    // Plain arkworks agrees.
    let pvk = Groth16::<Bn254>::process_vk(vk.as_ark()).unwrap();
    assert!(
        Groth16::<Bn254>::verify_with_processed_vk(&pvk, statement.inputs(), &proof.to_ark())
            .unwrap()
    );
    // Any single changed public input is rejected (including the context).
    for i in 0..statement.inputs().len() {
        let mut inputs = statement.inputs().to_vec();
        inputs[i] += Fr::one();
        assert!(
            !Groth16::<Bn254>::verify_with_processed_vk(&pvk, &inputs, &proof.to_ark()).unwrap(),
            "{kind}: input {i} changed and still verified"
        );
        let changed = Statement::from_inputs(vk.circuit_id(), kind, inputs).unwrap();
        let other_context = changed.context();
        assert!(
            verifier.verify(&changed, &proof, &other_context).is_err(),
            "{kind}: input {i}"
        );
    }
    // A proof for another context does not verify under the expected one.
    assert!(matches!(
        verifier.verify(&statement, &proof, &World::context(999_999)),
        Err(tradeproof::Error::ContextMismatch)
    ));
}

#[test]
fn value_range_and_date_window() {
    let w = the_world();
    let s = &w.shipments[0];
    let claim = Claim::ValueRange(tradeproof::claims::value_range::Public {
        record: s.declaration.digest(),
        doc_type: DocType::CustomsDeclaration,
        slot: layout::AMOUNT,
        min: common::BAND.0,
        max: common::BAND.1,
    });
    round_trip(
        ClaimKind::ValueRange,
        w.value_range_witness(0).unwrap(),
        &claim,
    );
    let from = Date::parse("2026-11-01").unwrap();
    let to = Date::parse("2026-12-31").unwrap();
    let dw = Witness::date_window(
        s.declaration.opening(&s.declaration_key).unwrap(),
        &World::context(77),
        DocType::CustomsDeclaration,
        layout::DATE,
        from,
        to,
    )
    .unwrap();
    let claim = Claim::date_window(
        s.declaration.digest(),
        DocType::CustomsDeclaration,
        layout::DATE,
        from,
        to,
    )
    .unwrap();
    round_trip(ClaimKind::ValueRange, dw, &claim);
}

#[test]
fn origin_claims() {
    let w = the_world();
    let s = &w.shipments[1];
    let ke = Country::parse("KE").unwrap();
    let dec = || s.declaration.opening(&s.declaration_key).unwrap();
    let coo = || s.certificate.opening(&s.certificate_key).unwrap();
    let ctx = World::context(11);
    round_trip(
        ClaimKind::OriginEquals,
        Witness::origin_equals(dec(), &ctx, DocType::CustomsDeclaration, ke).unwrap(),
        &Claim::OriginEquals(tradeproof::claims::origin_equals::Public {
            record: s.declaration.digest(),
            doc_type: DocType::CustomsDeclaration,
            country: ke,
        }),
    );
    let list = AllowList::new(
        &["UG", "TZ", "KE", "RW", "BI", "SS", "CD", "SO"].map(|c| Country::parse(c).unwrap()),
    )
    .unwrap();
    round_trip(
        ClaimKind::OriginInList,
        Witness::origin_in_list(dec(), &ctx, DocType::CustomsDeclaration, &list).unwrap(),
        &Claim::OriginInList(tradeproof::claims::origin_in_list::Public {
            record: s.declaration.digest(),
            doc_type: DocType::CustomsDeclaration,
            list_root: list.root(),
        }),
    );
    round_trip(
        ClaimKind::OriginMatch,
        Witness::origin_match(dec(), coo(), &ctx).unwrap(),
        &Claim::OriginMatch(tradeproof::claims::origin_match::Public {
            declaration: s.declaration.digest(),
            certificate: s.certificate.digest(),
        }),
    );
}

#[test]
fn certificate_validity() {
    let w = the_world();
    let s = &w.shipments[2];
    let ctx = World::context(12);
    let wit = Witness::certificate_validity(
        s.certificate.opening(&s.certificate_key).unwrap(),
        s.signature,
        &ctx,
        w.today,
        &w.registry,
        &w.revocations,
    )
    .unwrap();
    let claim = Claim::CertificateValidity(tradeproof::claims::certificate::Public {
        certificate: s.certificate.digest(),
        date: w.today,
        registry_root: w.registry.root(),
        revocation_root: w.revocations.root(),
    });
    round_trip(ClaimKind::CertificateValidity, wit, &claim);
    // The revoked certificate cannot even be turned into a witness.
    let r = &w.shipments[3];
    let e = Witness::certificate_validity(
        r.certificate.opening(&r.certificate_key).unwrap(),
        r.signature,
        &ctx,
        w.today,
        &w.registry,
        &w.revocations,
    )
    .unwrap_err();
    assert!(e.to_string().contains("revoked"), "{e}");
}

#[test]
fn customs_clearance() {
    let w = the_world();
    round_trip(
        ClaimKind::CustomsClearance,
        w.customs_witness(4).unwrap(),
        &w.customs_claim(4),
    );
}

#[test]
fn aggregate_value() {
    let w = the_world();
    let capacity = 4;
    let kind = ClaimKind::AggregateValue { capacity };
    let invoices: Vec<_> = w.invoices[..3]
        .iter()
        .map(|(s, k, _)| s.opening(k).unwrap())
        .collect();
    let total: u64 = w.invoices[..3].iter().map(|(_, _, v)| v).sum();
    let from = Date::parse("2025-12-01").unwrap();
    let exporter = PartyId::new(common::EXPORTER).unwrap();
    let ctx = World::context(13);
    let wit = Witness::aggregate_value(
        capacity, invoices, &ctx, exporter, w.eur, total, from, w.today,
    )
    .unwrap();
    let mut digests: Vec<_> = w.invoices[..3].iter().map(|(s, _, _)| s.digest()).collect();
    // The witness sorts invoices by number; the fixture numbers them in order already.
    digests.truncate(3);
    let claim = Claim::AggregateValue(tradeproof::claims::aggregate_value::Public {
        capacity,
        invoices: digests,
        exporter,
        currency: w.eur,
        threshold: total,
        from,
        to: w.today,
    });
    round_trip(kind, wit, &claim);
}
