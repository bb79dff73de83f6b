//! Single-proof proving time per claim circuit: tradeproof (one proof, MSMs split over all threads)
//! against `ark_groth16::Groth16::prove`, in the same run. Group `prove`, functions `tradeproof` and
//! `ark`, parameter the circuit name.
//!
//! `cargo bench --bench prove`
use tradeproof_support as common;

use ark_bn254::Bn254;
use ark_groth16::Groth16;
use ark_snark::SNARK;
use criterion::{criterion_group, criterion_main, BatchSize, BenchmarkId, Criterion};
use std::time::Duration;
use tradeproof::keys;
use tradeproof::prelude::*;

fn bench(c: &mut Criterion) {
    let w = common::world(2, 8, &[], 11);
    let s = &w.shipments[0];
    let dec = || s.declaration.opening(&s.declaration_key).expect("opens");
    let coo = || s.certificate.opening(&s.certificate_key).expect("opens");
    let ctx = common::World::context(1);
    let ke = Country::parse("KE").expect("KE");
    let list = AllowList::new(&["KE", "UG", "TZ"].map(|c| Country::parse(c).expect("country")))
        .expect("list");
    let invoices: Vec<_> = w
        .invoices
        .iter()
        .map(|(s, k, _)| s.opening(k).expect("opens"))
        .collect();
    let from = Date::from_days(w.today.days() - 365).expect("date");
    let exporter = PartyId::new(common::EXPORTER).expect("party");
    let mut cases: Vec<(&str, ClaimKind, Witness)> = vec![
        (
            "value_range",
            ClaimKind::ValueRange,
            w.value_range_witness(0).expect("w"),
        ),
        (
            "origin_equals",
            ClaimKind::OriginEquals,
            Witness::origin_equals(dec(), &ctx, DocType::CustomsDeclaration, ke).expect("w"),
        ),
        (
            "origin_in_list",
            ClaimKind::OriginInList,
            Witness::origin_in_list(dec(), &ctx, DocType::CustomsDeclaration, &list).expect("w"),
        ),
        (
            "origin_match",
            ClaimKind::OriginMatch,
            Witness::origin_match(dec(), coo(), &ctx).expect("w"),
        ),
        (
            "certificate_validity",
            ClaimKind::CertificateValidity,
            Witness::certificate_validity(
                coo(),
                s.signature,
                &ctx,
                w.today,
                &w.registry,
                &w.revocations,
            )
            .expect("w"),
        ),
        (
            "customs_clearance",
            ClaimKind::CustomsClearance,
            w.customs_witness(0).expect("w"),
        ),
        (
            "aggregate_value-8",
            ClaimKind::AggregateValue { capacity: 8 },
            Witness::aggregate_value(8, invoices, &ctx, exporter, w.eur, 1, from, w.today)
                .expect("w"),
        ),
    ];
    let cold = common::cold_chain::cold_chain(4);
    cases.push((
        "sensor_range",
        ClaimKind::SensorRange,
        common::cold_chain::voyage_witnesses(&cold, 1, &ctx)
            .pop()
            .expect("w"),
    ));
    cases.push((
        "selective_disclosure",
        ClaimKind::SelectiveDisclosure,
        Witness::selective_disclosure(
            dec(),
            &ctx,
            DocType::CustomsDeclaration,
            &[layout::DESTINATION, layout::HS_CODE],
        )
        .expect("w"),
    ));
    let customs = tradeproof::grant::SecretKey::from_seed(&[0xC5; 32]).public_key();
    let (grant, e) =
        tradeproof::grant::Grant::issue_escrowed(&s.declaration, &s.declaration_key, &customs)
            .expect("grant");
    cases.push((
        "escrow",
        ClaimKind::Escrow,
        Witness::escrow(dec(), &ctx, &grant, e).expect("w"),
    ));
    let mut group = c.benchmark_group("prove");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(15));
    for (name, kind, witness) in cases {
        let (pk, _) = keys::setup_from_seed(kind, [4; 32]).expect("setup");
        let prover = Prover::new([pk.clone()]).expect("prover");
        group.bench_function(BenchmarkId::new("tradeproof", name), |b| {
            b.iter_batched(
                || witness.clone(),
                |x| prover.prove(x).expect("prove"),
                BatchSize::PerIteration,
            )
        });
        group.bench_function(BenchmarkId::new("ark", name), |b| {
            let mut rng = rand::thread_rng();
            b.iter_batched(
                || witness.clone(),
                |x| Groth16::<Bn254>::prove(pk.as_ark(), x, &mut rng).expect("prove"),
                BatchSize::PerIteration,
            )
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
