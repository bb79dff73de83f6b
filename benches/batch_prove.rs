//! Batched proving against a plain loop of `ark_groth16::Groth16::prove`, on the same witnesses and in
//! the same run. Group `batch_prove`, functions `tradeproof` and `ark_loop`, parameter `<circuit>-<N>`;
//! each iteration proves the whole batch. The circuits' constraint counts go to
//! `target/criterion/batch_prove/constraints.json`, for the constraints/second column of
//! `benches/report.py`.
//!
//! Group `batch_prove_circom` does the same for keys of the circom form (a snarkjs ceremony's), against
//! a plain loop of `Groth16::<Bn254, CircomReduction>`.
//!
//! `cargo bench --bench batch_prove`
use tradeproof_support as common;

use common::cold_chain;

use ark_bn254::Bn254;
use ark_groth16::Groth16;
use ark_snark::SNARK;
use criterion::{criterion_group, criterion_main, BatchSize, BenchmarkId, Criterion, Throughput};
use std::time::Duration;
use tradeproof::prelude::*;
use tradeproof::{keys, Parallelism, Randomness};

fn bench(c: &mut Criterion) {
    let world = common::world(64, 0, &[], 7);
    let cold = cold_chain::cold_chain(7);
    let mut group = c.benchmark_group("batch_prove");
    group.sample_size(10);
    let mut constraints = serde_json::Map::new();
    for (name, kind, sizes) in [
        ("value_range", ClaimKind::ValueRange, &[1usize, 16, 64][..]),
        (
            "customs_clearance",
            ClaimKind::CustomsClearance,
            &[1usize, 16][..],
        ),
        ("sensor_range", ClaimKind::SensorRange, &[1usize, 16][..]),
    ] {
        let (pk, _vk) = keys::setup_from_seed(kind, [5; 32]).expect("setup");
        let prover = Prover::new([pk.clone()]).expect("prover");
        let id = keys::circuit_id(kind).expect("circuit id");
        let count = prover.num_constraints(&id).expect("known circuit");
        constraints.insert(name.into(), count.into());
        let witnesses_of = |n: usize| match kind {
            ClaimKind::ValueRange => (0..n)
                .map(|i| world.value_range_witness(i).expect("witness"))
                .collect(),
            ClaimKind::SensorRange => {
                cold_chain::voyage_witnesses(&cold, n, &common::World::context(1))
            }
            _ => (0..n)
                .map(|i| world.customs_witness(i).expect("witness"))
                .collect::<Vec<Witness>>(),
        };
        for &n in sizes {
            let witnesses: Vec<Witness> = witnesses_of(n);
            let id = format!("{name}-{n}");
            group.throughput(Throughput::Elements(n as u64));
            group.measurement_time(Duration::from_secs(if kind != ClaimKind::ValueRange {
                60
            } else {
                20
            }));
            group.bench_function(BenchmarkId::new("tradeproof", &id), |b| {
                b.iter_batched(
                    || witnesses.clone(),
                    |ws| {
                        let out = prover.prove_batch(
                            ws,
                            &BatchOptions {
                                randomness: Randomness::Os,
                                ..Default::default()
                            },
                        );
                        assert!(out.iter().all(|r| r.is_ok()));
                        out
                    },
                    BatchSize::PerIteration,
                )
            });
            group.bench_function(BenchmarkId::new("ark_loop", &id), |b| {
                let mut rng = rand::thread_rng();
                b.iter_batched(
                    || witnesses.clone(),
                    |ws| {
                        ws.into_iter()
                            .map(|w| {
                                Groth16::<Bn254>::prove(pk.as_ark(), w, &mut rng).expect("prove")
                            })
                            .collect::<Vec<_>>()
                    },
                    BatchSize::PerIteration,
                )
            });
        }
    }
    group.finish();
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/criterion/batch_prove");
    std::fs::create_dir_all(&dir).expect("criterion directory");
    std::fs::write(
        dir.join("constraints.json"),
        serde_json::Value::Object(constraints).to_string(),
    )
    .expect("write constraint counts");

    // Keys of the circom form (what a snarkjs ceremony's `.zkey` imports to): the batched prover with
    // snarkjs's reduction against a plain loop of `Groth16::<Bn254, CircomReduction>`, same key.
    let mut group = c.benchmark_group("batch_prove_circom");
    group.sample_size(10);
    for (name, kind) in [
        ("value_range", ClaimKind::ValueRange),
        ("customs_clearance", ClaimKind::CustomsClearance),
    ] {
        let mut rng = <rand_chacha::ChaCha20Rng as rand::SeedableRng>::from_seed([6; 32]);
        let (pk, _vk) = keys::setup_circom_with_rng(kind, &mut rng).expect("setup");
        let prover = Prover::new([pk.clone()]).expect("prover");
        let witnesses: Vec<Witness> = (0..16)
            .map(|i| match kind {
                ClaimKind::ValueRange => world.value_range_witness(i).expect("witness"),
                _ => world.customs_witness(i).expect("witness"),
            })
            .collect();
        let id = format!("{name}-16");
        group.throughput(Throughput::Elements(16));
        group.measurement_time(Duration::from_secs(if kind == ClaimKind::ValueRange {
            20
        } else {
            60
        }));
        group.bench_function(BenchmarkId::new("tradeproof", &id), |b| {
            b.iter_batched(
                || witnesses.clone(),
                |ws| {
                    let out = prover.prove_batch(ws, &BatchOptions::default());
                    assert!(out.iter().all(|r| r.is_ok()));
                    out
                },
                BatchSize::PerIteration,
            )
        });
        group.bench_function(BenchmarkId::new("ark_loop", &id), |b| {
            let mut rng = rand::thread_rng();
            b.iter_batched(
                || witnesses.clone(),
                |ws| {
                    ws.into_iter()
                        .map(|w| {
                            Groth16::<Bn254, keys::CircomReduction>::create_random_proof_with_reduction(
                                w,
                                pk.as_ark(),
                                &mut rng,
                            )
                            .expect("prove")
                        })
                        .collect::<Vec<_>>()
                },
                BatchSize::PerIteration,
            )
        });
    }
    group.finish();

    // Parallelism across proofs against parallelism inside each proof, same prover, same witnesses.
    let mut group = c.benchmark_group("batch_prove_parallelism");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(30));
    for (name, kind) in [
        ("value_range", ClaimKind::ValueRange),
        ("customs_clearance", ClaimKind::CustomsClearance),
    ] {
        let (pk, _vk) = keys::setup_from_seed(kind, [5; 32]).expect("setup");
        let prover = Prover::new([pk]).expect("prover");
        let witnesses: Vec<Witness> = (0..16)
            .map(|i| match kind {
                ClaimKind::ValueRange => world.value_range_witness(i).expect("witness"),
                _ => world.customs_witness(i).expect("witness"),
            })
            .collect();
        for (function, parallelism) in [
            ("across", Parallelism::AcrossProofs),
            ("inside", Parallelism::InsideProofs),
        ] {
            group.throughput(Throughput::Elements(16));
            group.bench_function(BenchmarkId::new(function, format!("{name}-16")), |b| {
                b.iter_batched(
                    || witnesses.clone(),
                    |ws| {
                        prover.prove_batch(
                            ws,
                            &BatchOptions {
                                parallelism,
                                ..Default::default()
                            },
                        )
                    },
                    BatchSize::PerIteration,
                )
            });
        }
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
