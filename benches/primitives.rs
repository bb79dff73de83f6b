//! Native primitives: the circomlib Poseidon permutation, sealing, opening and the record digest.
//!
//! `cargo bench --bench primitives`
use ark_bn254::Fr;
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use rand::SeedableRng;
use tradeproof::document::{Record, RECORD_SLOTS};
use tradeproof::{RecordKey, SealedRecord};
use tradeproof_circuits::gadgets::poseidon;

fn permutation<const T: usize>(
    group: &mut criterion::BenchmarkGroup<'_, criterion::measurement::WallTime>,
) {
    let mut state: [Fr; T] = core::array::from_fn(|i| Fr::from(i as u64));
    group.bench_function(BenchmarkId::new("permutation", format!("t{T}")), |b| {
        b.iter(|| {
            poseidon::permute(&mut state);
            state[0]
        })
    });
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("poseidon");
    permutation::<3>(&mut group);
    permutation::<5>(&mut group);
    permutation::<15>(&mut group);
    permutation::<17>(&mut group);
    group.finish();

    let mut rng = rand_chacha::ChaCha20Rng::seed_from_u64(1);
    let key = RecordKey::generate_with(&mut rng);
    let record = Record(core::array::from_fn::<_, RECORD_SLOTS, _>(|i| {
        Fr::from(1000 + i as u64)
    }));
    let sealed = SealedRecord::seal_with(&key, &record, &mut rng);
    let mut group = c.benchmark_group("record");
    group.bench_function("seal", |b| {
        b.iter(|| SealedRecord::seal_with(&key, &record, &mut rng))
    });
    group.bench_function("open", |b| b.iter(|| sealed.open(&key).expect("opens")));
    group.bench_function("digest", |b| b.iter(|| sealed.digest()));
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
