//! Aggregated verification (SnarkPack) against the RLC batch verifier on the same proofs, in the same
//! run, on two threads. Group `aggregate`, functions:
//! - `aggregate_prove`: the block producer aggregates `n` proofs (decoded) into one aggregate;
//! - `aggregate_verify`: a node decodes the aggregate's bytes and verifies it against the `n`
//!   statements (decoded) — everything a node does per aggregate;
//! - `rlc_verify`: the existing batch verifier (`Verifier::verify_batch`, default Miller backend) on
//!   the same `n` decoded statements and proofs;
//! - `rlc_verify_scalar`: the same on the scalar Miller loop (`MillerBackend::Scalar`, what every CPU
//!   without AVX-512 IFMA runs; aggregate verification does not use the vector loop);
//!
//! parameter `n<N>` for N = 64, 256, 1,024, 4,096, 8,192. The proofs are customs-clearance proofs
//! (`tradeproof_support::customs_batch`: 32 proven claims, each re-randomised); the SRS is seeded
//! (`Srs::insecure_from_seed`, benches only — the cost is that of a ceremony SRS of the same size).
//! The bench prints each aggregate's size in bytes.
//!
//! `cargo bench --bench aggregate`
use tradeproof_support as common;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use std::time::Duration;
use tradeproof::aggregate::{aggregate, verify_aggregate, AggregateProof, Srs};
use tradeproof::prelude::*;
use tradeproof::wire::Decode;
use tradeproof::MillerBackend;

const SIZES: [usize; 5] = [64, 256, 1024, 4096, 8192];

fn bench(c: &mut Criterion) {
    let max = *SIZES.iter().max().expect("sizes");
    let (vk, items) = common::customs_batch(max);
    let srs = Srs::insecure_from_seed(max, [8; 32]).expect("srs");
    let vsrs = srs.verifier_srs();
    let verifier = Verifier::new([vk.clone()]);
    let scalar = verifier.clone().with_backend(MillerBackend::Scalar);
    println!(
        "threads: {}, vector Miller loop: {}",
        rayon::current_num_threads(),
        verifier.backend().uses_vector_loop()
    );
    let mut group = c.benchmark_group("aggregate");
    group.sample_size(10);
    for n in SIZES {
        let id = format!("n{n}");
        let batch = &items[..n];
        let statements: Vec<Statement> = batch.iter().map(|(s, _)| s.clone()).collect();
        let agg = aggregate(&srs, &vk, batch).expect("aggregate");
        let bytes = tradeproof::wire::Encode::to_bytes(&agg);
        println!("aggregate/n{n}: {} bytes", bytes.len());
        group.throughput(Throughput::Elements(n as u64));
        group.measurement_time(Duration::from_secs(if n >= 4096 { 60 } else { 20 }));
        group.bench_function(BenchmarkId::new("aggregate_prove", &id), |b| {
            b.iter(|| aggregate(&srs, &vk, batch).expect("aggregate"))
        });
        group.measurement_time(Duration::from_secs(10));
        group.bench_function(BenchmarkId::new("aggregate_verify", &id), |b| {
            b.iter(|| {
                let a = AggregateProof::from_bytes(&bytes).expect("decode");
                verify_aggregate(&vsrs, &vk, &statements, &a, ContextRule::Any).expect("verify")
            })
        });
        for (name, v) in [("rlc_verify", &verifier), ("rlc_verify_scalar", &scalar)] {
            group.bench_function(BenchmarkId::new(name, &id), |b| {
                b.iter(|| {
                    let r = v.verify_batch(batch, ContextRule::Any);
                    assert!(r.all_valid());
                    r
                })
            });
        }
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
