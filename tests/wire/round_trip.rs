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
    fn claim_json_round_trips(c in arb_claim()) {
        // Valid claims round-trip; reading refuses the invalid ones (empty range, slot out of range…).
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
