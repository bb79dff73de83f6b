//! The embedded verifier (`tradeproof-verifier`, the crate ledgers' runtimes take) beside this
//! crate's verifier, on one thread, from bytes. Group `embedded`:
//!
//! - `vk_decode/<kind>`: decoding a verifying key in the embedded build, for every fixed kind and for
//!   an aggregate-value key at capacity 256 (the largest), all checks included (points on the curve
//!   and in the subgroup, unsafe relations, the pinned circuit id or fingerprint). Keys of the fixed
//!   kinds are arkworks keys with random points wrapped by [`VerifyingKey::from_ark`] (decoding does
//!   not depend on the key's origin); the aggregate key is written in the same format by hand, since
//!   this crate would synthesize its circuit (about 95 s) to wrap it.
//! - `core_single`, `core_batch256`: the embedded verifier, natively, on the items the WebAssembly
//!   benchmark (`verifier/wasm/bench.mjs`) uses: the valid items of
//!   `embedded_batch(&[ValueRange, CustomsClearance], 64, 5)` (the vectors `examples/verifier_vectors`
//!   writes), repeated to 256, keys decoded once per request as the WebAssembly API does.
//! - `scalar_single`, `scalar_batch256`: this crate's verifier on the scalar Miller loop and one
//!   thread (`verify_batch_bytes`), on the same items — the reference the WebAssembly figures are a
//!   ratio to.
//!
//! `cargo bench --bench embedded`, then `node verifier/wasm/bench.mjs` (see its header) back to back.
use tradeproof_support as common;

use ark_bn254::{Bn254, G1Affine, G1Projective, G2Projective};
use ark_ec::CurveGroup;
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

/// An aggregate-value key at `capacity` in the binary format, and its fingerprint.
fn aggregate_key(capacity: u16, rng: &mut rand_chacha::ChaCha8Rng) -> (Vec<u8>, [u8; 32]) {
    let kind = ClaimKind::AggregateValue { capacity };
    let vk = random_vk(kind.num_inputs(), rng);
    let circuit_id = [7u8; 32];
    let mut ark = Vec::new();
    vk.serialize_compressed(&mut ark).expect("serialize");
    // Same layout as every key: tag, version, kind (tag, capacity), circuit id, α, β, γ, δ, IC.
    let header = VerifyingKey::from_ark(ClaimKind::ValueRange, random_vk(4, rng))
        .expect("key")
        .to_bytes();
    let mut bytes = header[..2].to_vec();
    bytes.push(kind.tag());
    bytes.extend_from_slice(&capacity.to_le_bytes());
    bytes.extend_from_slice(&circuit_id);
    bytes.extend_from_slice(&ark[..32 + 3 * 64]);
    bytes.extend_from_slice(&(vk.gamma_abc_g1.len() as u16).to_le_bytes());
    bytes.extend_from_slice(&ark[32 + 3 * 64 + 8..]);
    let fingerprint = Transcript::new(Label::KeyFingerprint)
        .bytes(&circuit_id)
        .bytes(&ark)
        .finish();
    (bytes, fingerprint)
}

fn bench(c: &mut Criterion) {
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(13);
    let mut group = c.benchmark_group("embedded");
    group.sample_size(20);

    for kind in ClaimKind::FIXED {
        let vk = VerifyingKey::from_ark(kind, random_vk(kind.num_inputs(), &mut rng)).expect("key");
        let bytes = vk.to_bytes();
        core::VerifyingKey::from_bytes(&bytes).expect("the embedded build decodes it");
        group.bench_function(BenchmarkId::new("vk_decode", kind.name()), |b| {
            b.iter(|| core::VerifyingKey::from_bytes(&bytes).expect("decodes"))
        });
    }
    let (bytes, fingerprint) = aggregate_key(256, &mut rng);
    core::VerifyingKey::from_bytes_pinned(&bytes, &fingerprint).expect("the aggregate key decodes");
    group.bench_function(BenchmarkId::new("vk_decode", "aggregate_value-256"), |b| {
        b.iter(|| core::VerifyingKey::from_bytes_pinned(&bytes, &fingerprint).expect("decodes"))
    });

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

    for (name, n) in [("single", 1usize), ("batch256", 256)] {
        group.throughput(Throughput::Elements(n as u64));
        group.bench_function(format!("core_{name}"), |b| {
            b.iter(|| {
                let keys = key_bytes
                    .iter()
                    .map(|k| core::VerifyingKey::from_bytes(k))
                    .collect::<Result<Vec<_>, _>>()
                    .expect("keys");
                let v = core::Verifier::new(keys).expect("verifier");
                let r = v.verify_batch_bytes(&items[..n], None, &[]);
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
