//! The embedded verifier (`tradeproof-verifier`, the crate ledgers' runtimes take) beside this
//! crate's verifier, on one thread, from bytes. Group `embedded`:
//!
//! - `vk_decode/<kind>`, `vk_decode_uncompressed/<kind>`: decoding a verifying key in the embedded
//!   build, compressed (`V`) and uncompressed (`W`), for every fixed kind and for an aggregate-value
//!   key at capacity 256 (the largest), all checks included (points on the curve
//!   and in the subgroup, unsafe relations, the pinned circuit id or fingerprint). Keys of the fixed
//!   kinds are arkworks keys with random points wrapped by [`VerifyingKey::from_ark`] (decoding does
//!   not depend on the key's origin); the aggregate key is written in the same format by hand, since
//!   this crate would synthesize its circuit (about 95 s) to wrap it.
//! - `core_single`, `core_batch256`: the embedded verifier, natively, on the items the WebAssembly
//!   benchmark (`verifier/wasm/bench.mjs`) uses: the valid items of
//!   `embedded_batch(&[ValueRange, CustomsClearance], 64, 5)` (the vectors `examples/verifier_vectors`
//!   writes), repeated to 256, keys decoded once per request as the WebAssembly API does.
//! - `core_prepare`: the part of every request that is key decoding and preparation.
//! - `scalar_single`, `scalar_batch256`: this crate's verifier on the scalar Miller loop and one
//!   thread (`verify_batch_bytes`), on the same items — the reference the WebAssembly figures are a
//!   ratio to.
//!
//! `cargo bench --bench embedded`, then `node verifier/wasm/bench.mjs` (see its header) back to back.
use tradeproof_support as common;

use ark_bn254::{Bn254, G1Affine, G1Projective, G2Projective};
use ark_ec::CurveGroup;
use ark_ff::{BigInteger, PrimeField};
use ark_serialize::CanonicalSerialize;
use ark_std::UniformRand;
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use rand::SeedableRng;
use tradeproof::prelude::*;
use tradeproof::wire::binary::Encode;
use tradeproof::MillerBackend;
use tradeproof_verifier as core;
use tradeproof_verifier::transcript::{Label, Transcript};

/// An arkworks key with random points and `inputs` public inputs.
fn random_vk(inputs: usize, rng: &mut rand_chacha::ChaCha8Rng) -> ark_groth16::VerifyingKey<Bn254> {
    ark_groth16::VerifyingKey::<Bn254> {
        alpha_g1: G1Projective::rand(rng).into_affine(),
        beta_g2: G2Projective::rand(rng).into_affine(),
        gamma_g2: G2Projective::rand(rng).into_affine(),
        delta_g2: G2Projective::rand(rng).into_affine(),
        gamma_abc_g1: (0..=inputs)
            .map(|_| G1Projective::rand(rng).into_affine())
            .collect::<Vec<G1Affine>>(),
    }
}

/// An aggregate-value key at `capacity` in the binary format, compressed (`V`) and uncompressed
/// (`W`), and its fingerprint. Written by hand in the layout `tradeproof::wire::binary` documents:
/// this crate would synthesize the circuit (about 95 s) to wrap the key.
fn aggregate_key(capacity: u16, rng: &mut rand_chacha::ChaCha8Rng) -> ([Vec<u8>; 2], [u8; 32]) {
    let kind = ClaimKind::AggregateValue { capacity };
    let vk = random_vk(kind.num_inputs(), rng);
    let circuit_id = [7u8; 32];
    let mut ark = Vec::new();
    vk.serialize_compressed(&mut ark).expect("serialize");
    let fq = |out: &mut Vec<u8>, x: &ark_bn254::Fq| {
        out.extend_from_slice(&x.into_bigint().to_bytes_le())
    };
    let forms = [b'V', b'W'].map(|tag| {
        let mut bytes = vec![tag, 1, kind.tag()];
        bytes.extend_from_slice(&capacity.to_le_bytes());
        bytes.extend_from_slice(&circuit_id);
        if tag == b'V' {
            bytes.extend_from_slice(&ark[..32 + 3 * 64]);
        } else {
            fq(&mut bytes, &vk.alpha_g1.x);
            fq(&mut bytes, &vk.alpha_g1.y);
            for p in [&vk.beta_g2, &vk.gamma_g2, &vk.delta_g2] {
                for x in [&p.x.c0, &p.x.c1, &p.y.c0, &p.y.c1] {
                    fq(&mut bytes, x);
                }
            }
        }
        bytes.extend_from_slice(&(vk.gamma_abc_g1.len() as u16).to_le_bytes());
        if tag == b'V' {
            bytes.extend_from_slice(&ark[32 + 3 * 64 + 8..]);
        } else {
            for p in &vk.gamma_abc_g1 {
                fq(&mut bytes, &p.x);
                fq(&mut bytes, &p.y);
            }
        }
        bytes
    });
    let fingerprint = Transcript::new(Label::KeyFingerprint)
        .bytes(&circuit_id)
        .bytes(&ark)
        .finish();
    (forms, fingerprint)
}

fn bench(c: &mut Criterion) {
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(13);
    let mut group = c.benchmark_group("embedded");
    group.sample_size(20);

    for kind in ClaimKind::FIXED {
        let vk = VerifyingKey::from_ark(kind, random_vk(kind.num_inputs(), &mut rng)).expect("key");
        for (form, bytes) in [
            ("", vk.to_bytes()),
            ("_uncompressed", vk.to_bytes_uncompressed()),
        ] {
            let decoded =
                core::VerifyingKey::from_bytes(&bytes).expect("the embedded build decodes it");
            assert_eq!(decoded.fingerprint, vk.fingerprint());
            group.bench_function(
                BenchmarkId::new(format!("vk_decode{form}"), kind.name()),
                |b| b.iter(|| core::VerifyingKey::from_bytes(&bytes).expect("decodes")),
            );
        }
    }
    let ([compressed, uncompressed], fingerprint) = aggregate_key(256, &mut rng);
    for (form, bytes) in [("", compressed), ("_uncompressed", uncompressed)] {
        core::VerifyingKey::from_bytes_pinned(&bytes, &fingerprint)
            .expect("the aggregate key decodes");
        group.bench_function(
            BenchmarkId::new(format!("vk_decode{form}"), "aggregate_value-256"),
            |b| {
                b.iter(|| {
                    core::VerifyingKey::from_bytes_pinned(&bytes, &fingerprint).expect("decodes")
                })
            },
        );
    }

    // The WebAssembly benchmark's items.
    let batch = common::embedded::embedded_batch(
        &[ClaimKind::ValueRange, ClaimKind::CustomsClearance],
        64,
        5,
    )
    .expect("batch");
    let faulty: Vec<usize> = batch.faults.iter().map(|(i, _)| *i).collect();
    let valid: Vec<&(Vec<u8>, Vec<u8>)> = batch
        .items
        .iter()
        .enumerate()
        .filter(|(i, _)| !faulty.contains(i))
        .map(|(_, it)| it)
        .collect();
    let items: Vec<(&[u8], &[u8])> = (0..256)
        .map(|i| {
            let (s, p) = valid[i % valid.len()];
            (s.as_slice(), p.as_slice())
        })
        .collect();
    let key_bytes: Vec<Vec<u8>> = batch.keys.iter().map(|k| k.to_bytes()).collect();
    let native = Verifier::new(batch.keys.clone()).with_backend(MillerBackend::Scalar);
    let one = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .expect("pool");

    // What every request of the WebAssembly API pays before its first item: decoding the two keys and
    // preparing them (e(α, β), the lines of −γ and −δ).
    let prepare = || {
        let keys = key_bytes
            .iter()
            .map(|k| core::VerifyingKey::from_bytes(k))
            .collect::<Result<Vec<_>, _>>()
            .expect("keys");
        core::Verifier::new(keys).expect("verifier")
    };
    group.bench_function("core_prepare", |b| b.iter(prepare));

    for (name, n) in [("single", 1usize), ("batch256", 256)] {
        group.throughput(Throughput::Elements(n as u64));
        group.bench_function(format!("core_{name}"), |b| {
            b.iter(|| {
                let r = prepare().verify_batch_bytes(&items[..n], None, &[]);
                assert!(r.all_valid());
                r
            })
        });
        group.bench_function(format!("scalar_{name}"), |b| {
            b.iter(|| {
                one.install(|| {
                    let r = native.verify_batch_bytes(&items[..n], ContextRule::Any);
                    assert!(r.all_valid());
                    r
                })
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
