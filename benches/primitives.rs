//! Native primitives: the circomlib Poseidon permutation, sealing, opening and the record digest;
//! issuing and opening a grant (group `grant`).
//!
//! `cargo bench --bench primitives`
use ark_bn254::Fr;
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use rand::SeedableRng;
use tradeproof::document::{Record, RECORD_SLOTS};
use tradeproof::grant::{Grant, SecretKey};
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

    // A grant of the record to a bank: issue (two scalar multiplications, a check that the key opens
    // the record) and open (one scalar multiplication, the unwrap) or open the record through it.
    let bank = SecretKey::from_seed(&[5; 32]);
    let bank_key = bank.public_key();
    let grant = Grant::issue_with(&mut rng, &sealed, &key, &bank_key).expect("grant");
    let mut group = c.benchmark_group("grant");
    group.bench_function("issue", |b| {
        b.iter(|| Grant::issue_with(&mut rng, &sealed, &key, &bank_key).expect("grant"))
    });
    group.bench_function("open", |b| b.iter(|| grant.open(&bank).expect("opens")));
    group.bench_function("open_record", |b| {
        b.iter(|| grant.open_record(&sealed, &bank).expect("opens"))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
