//! Binary and JSON round trips of every object.
use crate::support::*;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn sealed_record_round_trips(r in arb_record()) {
        binary_round_trip(&r);
        prop_assert_eq!(r.to_bytes().len(), REC_LEN);
        json_round_trip(&r);
    }

    #[test]
    fn proof_round_trips(p in arb_proof()) {
        binary_round_trip(&p);
        prop_assert_eq!(p.to_bytes().len(), PROOF_LEN);
        json_round_trip(&p);
    }

    #[test]
    fn statement_round_trips(s in arb_statement()) {
        binary_round_trip(&s);
        json_round_trip(&s);
    }

    #[test]
    fn submission_round_trips(s in arb_submission()) {
        binary_round_trip(&s);
        json_round_trip(&s);
    }

    #[test]
    fn batch_round_trips(items in prop::collection::vec(arb_submission(), 0..5)) {
        let bytes = encode_batch(&items);
        let decoded: Vec<Submission> = decode_batch(&bytes)
            .expect("framing")
            .into_iter()
            .collect::<Result<_, _>>()
            .expect("items");
        prop_assert_eq!(&decoded, &items);
        let split = split_batch(&bytes).expect("framing");
        prop_assert_eq!(split.len(), items.len());
        for (raw, item) in split.iter().zip(&items) {
            prop_assert_eq!(raw.to_vec(), item.to_bytes());
        }
        prop_assert_eq!(encode_batch(&decoded), bytes);
    }

    #[test]
    fn claim_json_round_trips(c in prop_oneof![arb_claim(), arb_escrow(), arb_disclosure()]) {
        // Valid claims round-trip; reading refuses the invalid ones (empty range, slot out of range,
        // a small-order escrow recipient, a disclosure of slot 0…).
        if c.validate().is_ok() {
            json_round_trip(&c);
        } else {
            let s = serde_json::to_string(&c).expect("serializes");
            prop_assert!(serde_json::from_str::<Claim>(&s).is_err());
        }
    }

    #[test]
    fn document_json_round_trips(d in arb_document()) {
        // Consistent documents round-trip; reading refuses inconsistent ones (exporter = importer…).
        if d.validate().is_ok() {
            json_round_trip(&d);
        } else {
            let s = serde_json::to_string(&d).expect("serializes");
            prop_assert!(serde_json::from_str::<Document>(&s).is_err());
        }
    }

    #[test]
    fn context_json_round_trips(c in arb_context()) {
        json_round_trip(&c);
    }

    #[test]
    fn claim_kind_json_round_trips(k in arb_kind()) {
        json_round_trip(&k);
    }
}

proptest! {
    // Every case synthesizes nothing new (circuit shapes are cached) but multiplies ~10 points.
    #![proptest_config(ProptestConfig::with_cases(32))]

    #[test]
    fn verifying_key_round_trips(vk in arb_verifying_key()) {
        let b = vk.to_bytes();
        let back = VerifyingKey::from_bytes(&b).expect("decodes");
        prop_assert!(back == vk);
        prop_assert_eq!(back.fingerprint(), vk.fingerprint());
        prop_assert_eq!(back.to_bytes(), b);
    }
}

#[test]
pub fn real_objects_round_trip() {
    let f = fixture();
    binary_round_trip(&f.vk);
    for (s, p) in &f.proven {
        binary_round_trip(s);
        binary_round_trip(p);
        json_round_trip(s);
        json_round_trip(p);
        f.verifier.verify(s, p, &s.context()).expect("valid proof");
    }
    let shipment = &f.world.shipments[0];
    let sub = Submission {
        records: vec![shipment.declaration],
        statement: f.proven[0].0.clone(),
        proof: f.proven[0].1,
    };
    binary_round_trip(&sub);
    json_round_trip(&sub);
    binary_round_trip(&shipment.certificate);
    json_round_trip(&shipment.certificate);
    // The statement names the record by its digest.
    assert_eq!(sub.statement.inputs()[0], shipment.declaration.digest());
}

fn arb_signed_batch() -> impl Strategy<Value = tradeproof::sensor::SignedBatch> {
    use tradeproof::sensor::*;
    (
        1u64..,
        arb_fr(),
        any::<u64>(),
        prop::collection::vec((0u64..1 << 40, any::<i32>()), 1..=CAPACITY),
        any::<[u8; 32]>(),
    )
        .prop_map(|(device, shipment, sequence, readings, seed)| {
            ReadingBatch {
                device,
                shipment,
                sequence,
                readings: readings
                    .into_iter()
                    .map(|(time, value)| Reading { time, value })
                    .collect(),
            }
            .sign(&SecretKey::from_seed(&seed))
        })
        .prop_filter("a nonzero shipment", |b| b.batch.shipment != Fr::from(0u64))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn signed_batch_round_trips(b in arb_signed_batch()) {
        binary_round_trip(&b);
        prop_assert_eq!(b.to_bytes().len(), 147 + 12 * b.batch.readings.len());
        json_round_trip(&b);
    }

    #[test]
    fn mutated_signed_batches_never_panic_and_stay_canonical(b in arb_signed_batch(), m in prop::collection::vec(arb_mutation(), 1..4)) {
        let bytes = mutated(&b.to_bytes(), &m);
        if let Ok(d) = tradeproof::sensor::SignedBatch::from_bytes(&bytes) {
            prop_assert_eq!(d.to_bytes(), bytes);
        }
    }
}

#[test]
fn signed_batch_truncations_and_extensions() {
    let b = tradeproof::sensor::ReadingBatch {
        device: 9,
        shipment: Fr::from(3u64),
        sequence: 0,
        readings: vec![tradeproof::sensor::Reading { time: 5, value: -7 }; 4],
    }
    .sign(&tradeproof::sensor::SecretKey::from_seed(&[1; 32]));
    crate::mutation::check_truncations_and_extensions::<tradeproof::sensor::SignedBatch>(
        &b.to_bytes(),
    );
}

fn arb_grant() -> impl Strategy<Value = tradeproof::grant::Grant> {
    (any::<[u8; 32]>(), any::<u64>()).prop_map(|(seed, r)| {
        use rand::SeedableRng;
        let f = fixture();
        let s = &f.world.shipments[(r % 2) as usize];
        let to = tradeproof::grant::SecretKey::from_seed(&seed).public_key();
        let mut rng = rand_chacha::ChaCha20Rng::seed_from_u64(r);
        tradeproof::grant::Grant::issue_with(&mut rng, &s.declaration, &s.declaration_key, &to)
            .expect("grant")
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]

    #[test]
    fn grant_round_trips(g in arb_grant()) {
        binary_round_trip(&g);
        prop_assert_eq!(g.to_bytes().len(), 162);
        json_round_trip(&g);
        let k = tradeproof::wire::binary::PartyKey(*g.recipient());
        binary_round_trip(&k);
    }

    #[test]
    fn mutated_grants_never_panic_and_never_open_for_a_stranger(g in arb_grant(), m in prop::collection::vec(arb_mutation(), 1..4)) {
        let bytes = mutated(&g.to_bytes(), &m);
        if let Ok(d) = tradeproof::grant::Grant::from_bytes(&bytes) {
            prop_assert_eq!(d.to_bytes(), bytes);
            let stranger = tradeproof::grant::SecretKey::from_seed(&[0xfe; 32]);
            prop_assert!(d.open(&stranger).is_err());
        }
    }
}

#[test]
fn grant_truncations_and_extensions() {
    use rand::SeedableRng;
    let f = fixture();
    let s = &f.world.shipments[0];
    let to = tradeproof::grant::SecretKey::from_seed(&[3; 32]).public_key();
    let g = tradeproof::grant::Grant::issue_with(
        &mut rand_chacha::ChaCha20Rng::seed_from_u64(1),
        &s.declaration,
        &s.declaration_key,
        &to,
    )
    .unwrap();
    crate::mutation::check_truncations_and_extensions::<tradeproof::grant::Grant>(&g.to_bytes());
    crate::mutation::check_truncations_and_extensions::<tradeproof::wire::binary::PartyKey>(
        &tradeproof::wire::binary::PartyKey(to).to_bytes(),
    );
}
