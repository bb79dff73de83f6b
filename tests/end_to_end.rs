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

/// A reefer's thermometer readings: one full batch of 96, round-tripped like every kind; then a voyage
/// of two chained batches proven together and batch-verified with a tampered third item; the proofs
/// exported to snarkjs's JSON and to the Solidity verifier's calldata.
#[test]
fn sensor_range() {
    use common::cold_chain::*;
    let cc = cold_chain(3);
    let ctx = World::context(31);
    let readings = temperatures(LOADING, tradeproof::sensor::CAPACITY, 1);
    let to = readings.last().unwrap().time;
    let claim = cc.claim(LOADING, to, 90);
    let wit = cc
        .witness(cc.batch(THERMOMETER, 0, readings), &claim, &ctx)
        .unwrap();
    round_trip(ClaimKind::SensorRange, wit, &Claim::SensorRange(claim));

    // A voyage of two batches whose windows tile (LOADING, end].
    let first = temperatures(LOADING, 40, 2);
    let mid = first.last().unwrap().time;
    let second = temperatures(mid, 30, 3);
    let end = second.last().unwrap().time;
    let claims = [cc.claim(LOADING, mid, 40), cc.claim(mid, end, 30)];
    let witnesses = vec![
        cc.witness(cc.batch(THERMOMETER, 1, first.clone()), &claims[0], &ctx)
            .unwrap(),
        cc.witness(cc.batch(THERMOMETER, 2, second), &claims[1], &ctx)
            .unwrap(),
    ];
    let (pk, vk) = keys_for(ClaimKind::SensorRange);
    let prover = Prover::new([pk]).unwrap();
    let mut items: Vec<(Statement, Proof)> = prover
        .prove_batch(witnesses, &seeded())
        .into_iter()
        .map(|r| r.unwrap())
        .collect();
    // A third item: the first proof presented for a window it does not cover.
    let mut stretched = items[0].0.inputs().to_vec();
    stretched[tradeproof::claims::sensor_range::input::TO] = Fr::from(end);
    items.push((
        Statement::from_inputs(vk.circuit_id(), ClaimKind::SensorRange, stretched).unwrap(),
        items[0].1,
    ));
    let verifier = Verifier::new([vk.clone()]);
    let report = verifier.verify_batch(&items, ContextRule::Exactly(ctx));
    let invalid: Vec<usize> = report.invalid.iter().map(|r| r.index).collect();
    assert_eq!(invalid, vec![2]);
    let verified: Vec<tradeproof::sensor::SensorClaim> = items[..2]
        .iter()
        .map(|(s, _)| match s.claim().unwrap() {
            Claim::SensorRange(c) => c,
            other => panic!("{other:?}"),
        })
        .collect();
    tradeproof::sensor::check_voyage(&verified, LOADING, end).unwrap();
    assert!(tradeproof::sensor::check_voyage(&verified, LOADING, end + 1).is_err());

    // The excursion and the gap of a bad voyage are refused before any proof, with their reasons.
    let mut bad = first;
    bad[10].value = 950;
    for r in bad.iter_mut().skip(20) {
        r.time += 1_800;
    }
    let last = bad.last().unwrap().time;
    let e = cc
        .witness(
            cc.batch(THERMOMETER, 1, bad),
            &cc.claim(LOADING, last, 40),
            &ctx,
        )
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("9.50 °C") && e.contains("a gap of 2400 s"),
        "{e}"
    );
    // A revoked thermometer's batch cannot be turned into a witness.
    let r = temperatures(LOADING, 5, 4);
    let to = r.last().unwrap().time;
    let e = cc
        .witness(cc.batch(REVOKED, 0, r), &cc.claim(LOADING, to, 5), &ctx)
        .unwrap_err();
    assert!(e.to_string().contains("revoked"), "{e}");

    // snarkjs JSON and Solidity calldata, like every kind.
    let (st, pf) = &items[1];
    #[cfg(feature = "snarkjs")]
    snarkjs_export_verifies(ClaimKind::SensorRange, st, pf);
    #[cfg(feature = "solidity")]
    solidity_calldata(&vk, st, pf);
}

/// The Solidity verifier takes the kind's number of inputs and the calldata starts with its selector.
#[cfg(feature = "solidity")]
fn solidity_calldata(vk: &VerifyingKey, st: &Statement, pf: &Proof) {
    use tradeproof::wire::solidity;
    let n = st.kind().num_inputs();
    let contract = solidity::verifier_contract(vk);
    assert!(contract.contains(&format!("uint256[{n}] calldata input")));
    let calldata = solidity::calldata(st, pf).unwrap();
    assert_eq!(calldata[..4], solidity::selector(n));
}

/// Exports a proof to snarkjs's JSON and checks it verifies there (as snarkjs would) and reads back,
/// the key too.
#[cfg(feature = "snarkjs")]
fn snarkjs_export_verifies(kind: ClaimKind, st: &Statement, pf: &Proof) {
    use tradeproof::wire::snarkjs;
    let (_, vk) = keys_for(kind);
    let (vk_json, pf_json, public_json) = (
        snarkjs::export_verifying_key(&vk),
        snarkjs::export_proof(pf),
        snarkjs::export_public(st),
    );
    assert!(snarkjs::verify_json(&vk_json, &pf_json, &public_json).unwrap());
    let imported = snarkjs::import_verifying_key(&vk_json, kind).unwrap();
    assert_eq!(imported.fingerprint(), vk.fingerprint());
    assert_eq!(
        &snarkjs::import_statement(&public_json, vk.circuit_id(), kind).unwrap(),
        st
    );
}

#[test]
fn selective_disclosure() {
    let w = the_world();
    let s = &w.shipments[1];
    let ctx = World::context(41);
    let opening = s.declaration.opening(&s.declaration_key).unwrap();
    let claim = Claim::SelectiveDisclosure(tradeproof::claims::selective_disclosure::Public {
        record: s.declaration.digest(),
        doc_type: DocType::CustomsDeclaration,
        revealed: [layout::DESTINATION, layout::HS_CODE]
            .map(|slot| tradeproof::claims::selective_disclosure::Revealed {
                slot,
                value: opening.slot(slot),
            })
            .to_vec(),
    });
    let wit = Witness::selective_disclosure(
        opening,
        &ctx,
        DocType::CustomsDeclaration,
        &[layout::HS_CODE, layout::DESTINATION],
    )
    .unwrap();
    round_trip(ClaimKind::SelectiveDisclosure, wit.clone(), &claim);
    let (pk, _) = keys_for(ClaimKind::SelectiveDisclosure);
    let (st, pf) = Prover::new([pk]).unwrap().prove(wit).unwrap();
    #[cfg(feature = "snarkjs")]
    snarkjs_export_verifies(ClaimKind::SelectiveDisclosure, &st, &pf);
}

#[test]
fn escrow() {
    use rand::SeedableRng;
    use tradeproof::grant::{Grant, SecretKey};
    let w = the_world();
    let ctx = World::context(51);
    let customs = SecretKey::from_seed(&[0xC5; 32]);
    let mut rng = rand_chacha::ChaCha20Rng::seed_from_u64(8);
    let s = &w.shipments[2];
    let (grant, e) = Grant::issue_escrowed_with(
        &mut rng,
        &s.declaration,
        &s.declaration_key,
        &customs.public_key(),
    )
    .unwrap();
    let (record, to, eph, wrapped, tag) = grant.parts();
    let claim = Claim::Escrow(tradeproof::claims::escrow::Public {
        record,
        recipient: [to.x, to.y],
        ephemeral: [eph.x, eph.y],
        wrapped,
        tag,
    });
    let opening = s.declaration.opening(&s.declaration_key).unwrap();
    let wit = Witness::escrow(opening.clone(), &ctx, &grant, e.clone()).unwrap();
    round_trip(ClaimKind::Escrow, wit.clone(), &claim);
    let (pk, _) = keys_for(ClaimKind::Escrow);
    let (st, pf) = Prover::new([pk]).unwrap().prove(wit).unwrap();
    #[cfg(feature = "snarkjs")]
    snarkjs_export_verifies(ClaimKind::Escrow, &st, &pf);
    // The authority opens the record from the grant.
    assert_eq!(
        grant.open_record(&s.declaration, &customs).unwrap(),
        s.declaration.open(&s.declaration_key).unwrap()
    );
    // A valid escrow proof for a grant to another key does not verify as a grant to customs.
    let other = SecretKey::from_seed(&[0xAD; 32]).public_key();
    let (g2, e2) =
        Grant::issue_escrowed_with(&mut rng, &s.declaration, &s.declaration_key, &other).unwrap();
    let (pk, vk) = keys_for(ClaimKind::Escrow);
    let (st2, pf2) = Prover::new([pk])
        .unwrap()
        .prove(Witness::escrow(opening, &ctx, &g2, e2).unwrap())
        .unwrap();
    let verifier = Verifier::new([vk.clone()]);
    verifier.verify(&st2, &pf2, &ctx).unwrap();
    let (_, _, eph2, wrapped2, tag2) = g2.parts();
    let as_customs = Statement::new(
        vk.circuit_id(),
        &ctx,
        &Claim::Escrow(tradeproof::claims::escrow::Public {
            record,
            recipient: [to.x, to.y],
            ephemeral: [eph2.x, eph2.y],
            wrapped: wrapped2,
            tag: tag2,
        }),
    )
    .unwrap();
    assert!(verifier.verify(&as_customs, &pf2, &ctx).is_err());
    // The wrong ephemeral secret gives no witness.
    let (g3, _) =
        Grant::issue_escrowed_with(&mut rng, &s.declaration, &s.declaration_key, &to).unwrap();
    let e = Witness::escrow(
        s.declaration.opening(&s.declaration_key).unwrap(),
        &ctx,
        &g3,
        e,
    )
    .unwrap_err();
    assert!(e.to_string().contains("not e·B8"), "{e}");
}
