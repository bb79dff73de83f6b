//! The batched prover: batch results equal single results, bad witnesses fail alone and by name,
//! progress and cancellation, and keys round-trip and refuse other circuits.
use tradeproof_support as common;

use ark_bn254::{Bn254, Fr};
use ark_groth16::Groth16;
use ark_snark::SNARK;
use proptest::prelude::*;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::OnceLock;
use tradeproof::claims::value_range::{input, ValueRangeCircuit};
use tradeproof::prelude::*;
use tradeproof::{keys, Error, Parallelism, ProvingKey, Randomness};

struct Fixture {
    world: common::World,
    pk: ProvingKey,
    vk: VerifyingKey,
    prover: Prover,
}

fn fixture() -> &'static Fixture {
    static F: OnceLock<Fixture> = OnceLock::new();
    F.get_or_init(|| {
        let world = common::world(24, 0, &[], 5);
        let (pk, vk) = keys::setup_from_seed(ClaimKind::ValueRange, [8; 32]).unwrap();
        let prover = Prover::new([pk.clone()]).unwrap();
        Fixture {
            world,
            pk,
            vk,
            prover,
        }
    })
}

/// A witness whose value lies outside the band it claims (built without the prover-side checks).
fn bad_witness(i: usize) -> Witness {
    let f = fixture();
    let s = &f.world.shipments[i];
    let opening = s.declaration.opening(&s.declaration_key).unwrap();
    let mut public = vec![Fr::from(0u64); input::COUNT];
    public[input::RECORD] = opening.digest();
    public[input::CONTEXT] = common::World::context(i as u64).to_field();
    public[input::DOC_TYPE] = Fr::from(1u64);
    public[input::SLOT] = Fr::from(layout::AMOUNT as u64);
    public[input::MIN] = Fr::from(0u64);
    public[input::MAX] = Fr::from(1u64);
    Witness::ValueRange(ValueRangeCircuit::from_witness_unchecked(public, opening))
}

fn seeded(seed: u8, parallelism: Parallelism) -> BatchOptions<'static> {
    BatchOptions {
        randomness: Randomness::Seeded([seed; 32]),
        parallelism,
        ..Default::default()
    }
}

#[test]
fn batch_equals_single_item_by_item() {
    let f = fixture();
    let n = 6;
    let witnesses: Vec<Witness> = (0..n)
        .map(|i| f.world.value_range_witness(i).unwrap())
        .collect();
    let pvk = Groth16::<Bn254>::process_vk(f.vk.as_ark()).unwrap();
    let across = f
        .prover
        .prove_batch(witnesses.clone(), &seeded(3, Parallelism::AcrossProofs));
    let inside = f
        .prover
        .prove_batch(witnesses.clone(), &seeded(3, Parallelism::InsideProofs));
    for (i, w) in witnesses.into_iter().enumerate() {
        let (s1, p1) = across[i].as_ref().unwrap();
        let (s2, p2) = inside[i].as_ref().unwrap();
        // Same seed, same item: the same blinding, hence the same proof, whatever the parallelism.
        assert_eq!((s1, p1), (s2, p2));
        let (single_statement, single_proof) = f.prover.prove(w.clone()).unwrap();
        assert_eq!(&single_statement, s1);
        assert_ne!(
            &single_proof, p1,
            "fresh OS randomness gives another proof of the same statement"
        );
        // Plain ark-groth16 verifies every batch proof, and so does a proof made by arkworks itself.
        assert!(
            Groth16::<Bn254>::verify_with_processed_vk(&pvk, s1.inputs(), &p1.to_ark()).unwrap()
        );
        let ark = Groth16::<Bn254>::prove(f.pk.as_ark(), w, &mut rand::thread_rng()).unwrap();
        assert!(Groth16::<Bn254>::verify_with_processed_vk(&pvk, s1.inputs(), &ark).unwrap());
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(8))]
    #[test]
    fn bad_witnesses_fail_alone(bad in prop::collection::btree_set(0usize..12, 0..5), across in any::<bool>()) {
        let f = fixture();
        let witnesses: Vec<Witness> = (0..12)
            .map(|i| if bad.contains(&i) { bad_witness(i) } else { f.world.value_range_witness(i).unwrap() })
            .collect();
        let p = if across { Parallelism::AcrossProofs } else { Parallelism::InsideProofs };
        let results = f.prover.prove_batch(witnesses, &seeded(4, p));
        let verifier = Verifier::new([f.vk.clone()]);
        for (i, r) in results.iter().enumerate() {
            if bad.contains(&i) {
                let e = r.as_ref().unwrap_err();
                prop_assert!(matches!(e, Error::Unsatisfied { claim: "value_range", .. }), "{}", e);
            } else {
                let (s, pf) = r.as_ref().unwrap();
                prop_assert!(verifier.verify(s, pf, &common::World::context(i as u64)).is_ok());
            }
        }
    }
}

#[test]
fn prover_side_checks_name_the_failing_predicate() {
    let f = fixture();
    let s = &f.world.shipments[0];
    let e = Witness::value_range(
        s.declaration.opening(&s.declaration_key).unwrap(),
        &common::World::context(0),
        DocType::CustomsDeclaration,
        layout::AMOUNT,
        0,
        1,
    )
    .unwrap_err();
    assert!(e.to_string().contains("above the maximum 1"), "{e}");
}

#[test]
fn progress_is_reported_and_cancellation_stops_the_rest() {
    let f = fixture();
    let witnesses: Vec<Witness> = (0..8)
        .map(|i| f.world.value_range_witness(i).unwrap())
        .collect();
    let calls = AtomicUsize::new(0);
    let last_done = AtomicUsize::new(0);
    let progress = |p: tradeproof::Progress| {
        calls.fetch_add(1, Ordering::Relaxed);
        last_done.fetch_max(p.done, Ordering::Relaxed);
        assert_eq!(p.total, 8);
    };
    let out = f.prover.prove_batch(
        witnesses.clone(),
        &BatchOptions {
            progress: Some(&progress),
            ..seeded(5, Parallelism::Auto)
        },
    );
    assert!(out.iter().all(|r| r.is_ok()));
    assert_eq!(calls.load(Ordering::Relaxed), 8);
    assert_eq!(last_done.load(Ordering::Relaxed), 8);

    // Cancel after the second item: later items are not proven.
    let cancel = AtomicBool::new(false);
    let stop = |p: tradeproof::Progress| {
        if p.done >= 2 {
            cancel.store(true, Ordering::Relaxed);
        }
    };
    let opts = BatchOptions {
        progress: Some(&stop),
        cancel: Some(&cancel),
        ..seeded(6, Parallelism::InsideProofs)
    };
    let out = f.prover.prove_batch(witnesses, &opts);
    assert!(out[..2].iter().all(|r| r.is_ok()));
    assert!(out[2..].iter().all(|r| matches!(r, Err(Error::Cancelled))));
}

#[test]
fn witness_without_key_fails_alone() {
    let f = fixture();
    let s = &f.world.shipments[0];
    let other = Witness::origin_equals(
        s.declaration.opening(&s.declaration_key).unwrap(),
        &common::World::context(0),
        DocType::CustomsDeclaration,
        Country::parse("KE").unwrap(),
    )
    .unwrap();
    let out = f.prover.prove_batch(
        vec![f.world.value_range_witness(1).unwrap(), other],
        &seeded(7, Parallelism::Auto),
    );
    assert!(out[0].is_ok());
    assert!(matches!(out[1], Err(Error::UnknownCircuit(_))));
}

#[test]
fn keys_round_trip_and_refuse_other_circuits() {
    let f = fixture();
    let mut pk_bytes = Vec::new();
    f.pk.write(&mut pk_bytes).unwrap();
    let pk = ProvingKey::read(pk_bytes.as_slice(), ClaimKind::ValueRange).unwrap();
    assert_eq!(pk.circuit_id(), f.pk.circuit_id());
    let mut vk_bytes = Vec::new();
    f.vk.write(&mut vk_bytes).unwrap();
    let vk = VerifyingKey::read(vk_bytes.as_slice(), ClaimKind::ValueRange).unwrap();
    assert_eq!(vk, f.vk);
    assert_eq!(vk.fingerprint(), f.vk.fingerprint());
    // The loaded proving key proves, the loaded verifying key verifies.
    let (s, p) = Prover::new([pk])
        .unwrap()
        .prove(f.world.value_range_witness(2).unwrap())
        .unwrap();
    Verifier::new([vk])
        .verify(&s, &p, &common::World::context(2))
        .unwrap();
    // A key for circuit X is refused as a key for circuit Y.
    assert!(matches!(
        ProvingKey::read(pk_bytes.as_slice(), ClaimKind::OriginEquals),
        Err(Error::CircuitMismatch { .. })
    ));
    assert!(matches!(
        VerifyingKey::read(vk_bytes.as_slice(), ClaimKind::CustomsClearance),
        Err(Error::CircuitMismatch { .. })
    ));
    // Truncated or extended key files are refused.
    assert!(ProvingKey::read(&pk_bytes[..pk_bytes.len() - 1], ClaimKind::ValueRange).is_err());
    let mut longer = vk_bytes.clone();
    longer.push(0);
    assert!(VerifyingKey::read(longer.as_slice(), ClaimKind::ValueRange).is_err());
    // A flipped bit in a point is refused (not on the curve / not in the subgroup / bad encoding).
    let mut flipped = vk_bytes.clone();
    let at = flipped.len() - 10;
    flipped[at] ^= 1;
    assert!(VerifyingKey::read(flipped.as_slice(), ClaimKind::ValueRange).is_err());
}

#[test]
fn verifier_and_prover_are_send_and_sync() {
    fn check<T: Send + Sync>() {}
    check::<Verifier>();
    check::<Prover>();
    check::<VerifyingKey>();
    check::<ProvingKey>();
}
