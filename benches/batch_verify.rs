//! Batch verification against a loop of `Groth16::verify_with_processed_vk`, in the same run, on one
//! thread and on all threads. Group `batch_verify`, functions `tradeproof` and `ark_loop`, parameter
//! `t<threads>-<N>`; each iteration verifies the whole batch of customs-clearance proofs. The
//! `ark_loop` baseline on `t` threads splits the proofs across `t` threads. `tradeproof` uses the
//! default Miller-loop backend (eight proofs per AVX-512 IFMA vector where the CPU has it);
//! `tradeproof_scalar` is the same batch check on the scalar loop, for machines without it;
//! `tradeproof_bytes` (for 256 and 1,024 items) takes the batch as encoded statements and proofs, as a
//! ledger receives it, and includes decoding (default backend); `tradeproof_bytes_uncompressed` the
//! same with proofs in the uncompressed form (`Proof::to_bytes_uncompressed`, no square roots);
//! `tradeproof_bytes_scalar` and `tradeproof_bytes_uncompressed_scalar` the same two on the scalar loop.
//!
//! The batch holds 1,024 distinct valid proofs (`tradeproof_support::customs_batch`): 32 proven
//! customs-clearance claims, each re-randomised 32 times.
//!
//! `cargo bench --bench batch_verify`
use tradeproof_support as common;

use ark_bn254::Bn254;
use ark_groth16::Groth16;
use ark_snark::SNARK;
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use rayon::prelude::*;
use std::time::Duration;
use tradeproof::prelude::*;
use tradeproof::MillerBackend;

fn bench(c: &mut Criterion) {
    let (vk, items) = common::customs_batch(1024);
    let verifier = Verifier::new([vk.clone()]);
    let scalar = verifier.clone().with_backend(MillerBackend::Scalar);
    println!(
        "vector Miller loop on this machine: {}",
        verifier.backend().uses_vector_loop()
    );
    let pvk = Groth16::<Bn254>::process_vk(vk.as_ark()).expect("pvk");
    let ark: Vec<(Vec<ark_bn254::Fr>, ark_groth16::Proof<Bn254>)> = items
        .iter()
        .map(|(s, p)| (s.inputs().to_vec(), p.to_ark()))
        .collect();

    let bytes: Vec<(Vec<u8>, Vec<u8>)> = items
        .iter()
        .map(|(s, p)| (s.to_bytes(), p.to_bytes()))
        .collect();
    let byte_items: Vec<(&[u8], &[u8])> = bytes
        .iter()
        .map(|(s, p)| (s.as_slice(), p.as_slice()))
        .collect();
    let raw: Vec<(Vec<u8>, Vec<u8>)> = items
        .iter()
        .map(|(s, p)| (s.to_bytes(), p.to_bytes_uncompressed()))
        .collect();
    let raw_items: Vec<(&[u8], &[u8])> = raw
        .iter()
        .map(|(s, p)| (s.as_slice(), p.as_slice()))
        .collect();

    let mut group = c.benchmark_group("batch_verify");
    group.sample_size(10);
    for threads in [1usize, 2] {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .expect("pool");
        for n in [1usize, 16, 64, 256, 1024] {
            let id = format!("t{threads}-{n}");
            group.throughput(Throughput::Elements(n as u64));
            group.measurement_time(Duration::from_secs(if n >= 256 { 10 } else { 5 }));
            group.bench_function(BenchmarkId::new("tradeproof", &id), |b| {
                b.iter(|| {
                    pool.install(|| {
                        let r = verifier.verify_batch(&items[..n], ContextRule::Any);
                        assert!(r.all_valid());
                        r
                    })
                })
            });
            if n >= 256 {
                for (name, v, bytes) in [
                    ("tradeproof_bytes", &verifier, &byte_items),
                    ("tradeproof_bytes_uncompressed", &verifier, &raw_items),
                    ("tradeproof_bytes_scalar", &scalar, &byte_items),
                    ("tradeproof_bytes_uncompressed_scalar", &scalar, &raw_items),
                ] {
                    group.bench_function(BenchmarkId::new(name, &id), |b| {
                        b.iter(|| {
                            pool.install(|| {
                                let r = v.verify_batch_bytes(&bytes[..n], ContextRule::Any);
                                assert!(r.all_valid());
                                r
                            })
                        })
                    });
                }
            }
            group.bench_function(BenchmarkId::new("tradeproof_scalar", &id), |b| {
                b.iter(|| {
                    pool.install(|| {
                        let r = scalar.verify_batch(&items[..n], ContextRule::Any);
                        assert!(r.all_valid());
                        r
                    })
                })
            });
            group.bench_function(BenchmarkId::new("ark_loop", &id), |b| {
                b.iter(|| {
                    pool.install(|| {
                        let chunk = n.div_ceil(threads);
                        ark[..n].par_chunks(chunk).for_each(|c| {
                            for (x, p) in c {
                                assert!(Groth16::<Bn254>::verify_with_processed_vk(&pvk, x, p)
                                    .expect("verify"));
                            }
                        })
                    })
                })
            });
        }
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
