//! Seed corpora for the fuzz targets.
use crate::arbitrary::json_samples_from;
use crate::support::*;

/// Writes the seed corpora of `fuzz/` (`cargo test --test wire -- --ignored write_fuzz_corpus`).
/// Proofs use seeded blinding, so the files are reproducible.
#[cfg(feature = "snarkjs")]
#[test]
#[ignore]
pub fn write_fuzz_corpus() {
    use std::path::Path;
    let f = fixture();
    let (pk, _) = keys::setup_from_seed(ClaimKind::ValueRange, [1; 32]).unwrap();
    let prover = Prover::new([pk]).unwrap();
    let proven: Vec<(Statement, Proof)> = prover
        .prove_batch(
            (0..2)
                .map(|i| f.world.value_range_witness(i).unwrap())
                .collect(),
            &BatchOptions {
                randomness: Randomness::Seeded([3; 32]),
                ..Default::default()
            },
        )
        .into_iter()
        .map(|r| r.unwrap())
        .collect();
    for (s, p) in &proven {
        f.verifier.verify(s, p, &s.context()).unwrap();
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus");
    let write = |target: &str, name: &str, bytes: &[u8]| {
        let dir = root.join(target);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join(name), bytes).unwrap();
    };
    let rec = f.world.shipments[0].declaration.to_bytes();
    let cert = f.world.shipments[1].certificate.to_bytes();
    let (st, pf) = (&proven[0].0, &proven[0].1);
    let (st1, pf1) = (&proven[1].0, &proven[1].1);
    let sub = |i: usize, records: usize| Submission {
        records: (0..records)
            .map(|k| f.world.shipments[(i + k) % 2].declaration)
            .collect(),
        statement: proven[i].0.clone(),
        proof: proven[i].1,
    };
    let agg = Statement::from_inputs(
        st.circuit_id(),
        ClaimKind::AggregateValue { capacity: 2 },
        vec![Fr::from(5u64); 8],
    )
    .unwrap();
    let r = modulus_bytes();
    let o1 = g1_bytes(&G1Affine::zero());
    let o2 = g2_bytes(&G2Affine::zero());
    let not_sub = g2_bytes(&g2_outside_subgroup());
    let off1 = fq_bytes(&g1_x_off_curve());

    write("sealed_record", "valid-declaration", &rec);
    write("sealed_record", "valid-certificate", &cert);
    write(
        "sealed_record",
        "ciphertext-is-modulus",
        &with(&rec, REC_CIPHERTEXT, &r),
    );
    write("sealed_record", "version-2", &with(&rec, 1, &[2]));
    write("sealed_record", "truncated", &rec[..100]);

    write("proof", "valid-0", &pf.to_bytes());
    write("proof", "valid-1", &pf1.to_bytes());
    write(
        "proof",
        "b-not-in-subgroup",
        &with(&pf.to_bytes(), PROOF_B, &not_sub),
    );
    write("proof", "a-identity", &with(&pf.to_bytes(), PROOF_A, &o1));
    write("proof", "b-identity", &with(&pf.to_bytes(), PROOF_B, &o2));
    write(
        "proof",
        "c-off-curve",
        &with(&pf.to_bytes(), PROOF_C, &off1),
    );

    write("statement", "valid-0", &st.to_bytes());
    write("statement", "valid-1", &st1.to_bytes());
    write("statement", "aggregate-2", &agg.to_bytes());
    write(
        "statement",
        "input-is-modulus",
        &with(&st.to_bytes(), ST_INPUTS, &r),
    );
    write(
        "statement",
        "count-65535",
        &with(&st.to_bytes(), ST_COUNT, &[0xff, 0xff]),
    );
    write(
        "statement",
        "kind-unknown",
        &with(&st.to_bytes(), ST_KIND, &[11]),
    );

    let vk = f.vk.to_bytes();
    write("verifying_key", "valid-value-range", &vk);
    write(
        "verifying_key",
        "beta-not-in-subgroup",
        &with(&vk, VK_BETA, &not_sub),
    );
    write("verifying_key", "ic-identity", &with(&vk, VK_IC, &o1));
    write("verifying_key", "ic-count-0", &with(&vk, VK_COUNT, &[0, 0]));
    write("verifying_key", "kind-origin-equals", &with(&vk, 2, &[2]));
    // The uncompressed form (`W`), valid and with γ = δ; the embedded target reads both forms too.
    let vk_u = f.vk.to_bytes_uncompressed();
    write("verifying_key", "valid-value-range-uncompressed", &vk_u);
    let delta = &vk_u[35 + 64 + 2 * 128..35 + 64 + 3 * 128];
    let gamma_is_delta = with(&vk_u, 35 + 64 + 128, delta);
    write(
        "verifying_key",
        "uncompressed-gamma-is-delta",
        &gamma_is_delta,
    );
    let embedded = |bytes: &[u8]| [&[2u8][..], bytes].concat();
    write(
        "embedded",
        "key-valid-value-range-uncompressed",
        &embedded(&vk_u),
    );
    write(
        "embedded",
        "key-uncompressed-gamma-is-delta",
        &embedded(&gamma_is_delta),
    );

    write("submission", "valid-no-record", &sub(0, 0).to_bytes());
    write("submission", "valid-one-record", &sub(0, 1).to_bytes());
    write("submission", "valid-two-records", &sub(1, 2).to_bytes());
    write("submission", "record-count-65535", &[b'U', 1, 0xff, 0xff]);
    write(
        "submission",
        "trailing-byte",
        &[sub(0, 1).to_bytes(), vec![0]].concat(),
    );

    let batch = encode_batch(&[sub(0, 1), sub(1, 0), sub(0, 0)]);
    write("batch", "valid-three", &batch);
    write("batch", "valid-empty", &encode_batch(&[]));
    write("batch", "count-max", &[b'B', 1, 0xff, 0xff, 0xff, 0xff]);
    let mut bad_item = encode_batch(&[sub(0, 0), sub(1, 1)]);
    let n = bad_item.len();
    bad_item[n - 1] ^= 0x01;
    write("batch", "last-item-bad", &bad_item);

    // The verifier target: batches whose items are submissions (or raw statement ‖ proof bytes).
    let mut many: Vec<Submission> = (0..6).map(|i| sub(i % 2, 0)).collect();
    write("verify_batch", "valid-six", &encode_batch(&many));
    write("verify_batch", "valid-two", &encode_batch(&many[..2]));
    many[3].proof = proven[0].1; // proof of item 0 for the statement of item 1
    write("verify_batch", "one-swapped-proof", &encode_batch(&many));
    let mut raw = vec![b'B', 1];
    raw.extend(1u32.to_le_bytes());
    let item = [st.to_bytes(), pf.to_bytes()].concat();
    raw.extend((item.len() as u32).to_le_bytes());
    raw.extend(&item);
    write("verify_batch", "raw-statement-proof", &raw);

    // JSON: the first byte picks the type (see `fuzz/src/lib.rs`).
    let json = |tag: u8, v: Value| [vec![tag], v.to_string().into_bytes()].concat();
    let samples = json_samples_from(&proven);
    write("json", "document", &json(0, samples[5].clone()));
    write("json", "claim", &json(1, samples[6].clone()));
    write("json", "statement", &json(2, samples[1].clone()));
    write("json", "statement-aggregate", &json(2, samples[2].clone()));
    write("json", "proof", &json(3, samples[3].clone()));
    write("json", "submission", &json(4, samples[0].clone()));
    write("json", "sealed-record", &json(5, samples[4].clone()));
    write("json", "context", &json(6, samples[7].clone()));
    write(
        "json",
        "claim-kind",
        &json(7, serde_json::json!({"aggregate_value": {"capacity": 4}})),
    );

    // snarkjs import: the first byte picks the file (see `fuzz/src/lib.rs`); the seeds are the real
    // snarkjs-made vectors of `tests/vectors/snarkjs-mul/` and tradeproof's own export.
    use tradeproof::wire::snarkjs;
    let vectors = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/vectors/snarkjs-mul");
    let read = |name: &str| std::fs::read_to_string(vectors.join(name)).unwrap();
    let (mul_vk, mul_proof) = (read("vk.json"), read("proof.json"));
    let (mul_public, mul_bad) = (read("public.json"), read("public_bad.json"));
    let tagged = |tag: u8, parts: &[&str]| [vec![tag], parts.join("\0").into_bytes()].concat();
    let vk_json = serde_json::to_string(&snarkjs::VerificationKeyJson::from(&f.vk)).unwrap();
    let pf_json = serde_json::to_string(&snarkjs::ProofJson::from(pf)).unwrap();
    let public_json = serde_json::to_string(&snarkjs::public_signals(st.inputs())).unwrap();
    write("snarkjs", "mul-vk", &tagged(0, &[&mul_vk]));
    write("snarkjs", "value-range-vk", &tagged(0, &[&vk_json]));
    write("snarkjs", "mul-proof", &tagged(1, &[&mul_proof]));
    write("snarkjs", "value-range-proof", &tagged(1, &[&pf_json]));
    write("snarkjs", "mul-public", &tagged(2, &[&mul_public]));
    write("snarkjs", "value-range-public", &tagged(2, &[&public_json]));
    write(
        "snarkjs",
        "mul-verify",
        &tagged(3, &[&mul_vk, &mul_proof, &mul_public]),
    );
    write(
        "snarkjs",
        "mul-verify-bad",
        &tagged(3, &[&mul_vk, &mul_proof, &mul_bad]),
    );
    write(
        "snarkjs",
        "value-range-verify",
        &tagged(3, &[&vk_json, &pf_json, &public_json]),
    );
    let other_public = serde_json::to_string(&snarkjs::public_signals(st1.inputs())).unwrap();
    write(
        "snarkjs",
        "value-range-verify-bad",
        &tagged(3, &[&vk_json, &pf_json, &other_public]),
    );
    assert!(snarkjs::verify_json(&vk_json, &pf_json, &public_json).unwrap());
    assert!(!snarkjs::verify_json(&vk_json, &pf_json, &other_public).unwrap());

    // Inputs that crashed the checks before the decoder fixes (found by the proptests above).
    let regression = |target: &str, name: &str, bytes: &[u8]| {
        let dir = root.parent().unwrap().join("regressions").join(target);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join(name), bytes).unwrap();
    };
    // `from_hex` sliced the string in byte pairs: a character across a pair boundary panicked.
    let mut bad = samples[3].clone();
    let a = bad["a"].as_str().unwrap().to_string();
    bad["a"] = Value::String(format!("{}é{}", &a[..1], &a[3..]));
    regression("json", "proof-hex-char-across-pair", &json(3, bad));
    // JSON statements were not checked against their kind: `context()` indexed past the inputs.
    let mut bad = samples[1].clone();
    bad["inputs"] = Value::Array(vec![]);
    regression("json", "statement-without-inputs", &json(2, bad));
    // A submission of more records than the binary format allows decoded from JSON.
    let mut bad = samples[0].clone();
    let small = serde_json::to_value(SealedRecord {
        version: 1,
        nonce: 0,
        ciphertext: [Fr::zero(); 14],
        tag: Fr::zero(),
    })
    .unwrap();
    bad["records"] = Value::Array(vec![small; MAX_RECORDS_PER_SUBMISSION + 1]);
    regression("json", "submission-257-records", &json(4, bad));
    // A sealed record of an unknown version decoded from JSON but not from its own binary encoding.
    let mut bad = samples[4].clone();
    bad["version"] = Value::from(2);
    regression("json", "sealed-record-version-2", &json(5, bad));
}

/// Writes the seed corpus of the `signed_batch` target and its JSON seed in the `json` target
/// (`cargo test --test wire -- --ignored write_signed_batch_corpus`); deterministic.
#[test]
#[ignore]
pub fn write_signed_batch_corpus() {
    use std::path::Path;
    use tradeproof::sensor::*;
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus");
    let write = |target: &str, name: &str, bytes: &[u8]| {
        let dir = root.join(target);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join(name), bytes).unwrap();
    };
    let key = SecretKey::from_seed(&[0x5e; 32]);
    let batch = ReadingBatch {
        device: 71,
        shipment: Fr::from(123_456_789u64),
        sequence: 4,
        readings: (0..3)
            .map(|i| Reading {
                time: 1_796_019_000 + 600 * i,
                value: -150 + 300 * i as i32,
            })
            .collect(),
    }
    .sign(&key);
    let b = batch.to_bytes();
    assert_eq!(SignedBatch::from_bytes(&b).unwrap(), batch);
    // Offsets: tag, version, device (8), shipment (32), sequence (8), count, readings (12 each), R8, S.
    let count_at = 2 + 8 + 32 + 8;
    let r8_at = count_at + 1 + 12 * 3;
    write("signed_batch", "valid-three", &b);
    write(
        "signed_batch",
        "count-0",
        &with(&b[..=count_at], count_at, &[0]),
    );
    write("signed_batch", "count-97", &with(&b, count_at, &[97]));
    write(
        "signed_batch",
        "time-2-pow-40",
        &with(&b, count_at + 1, &(1u64 << 40).to_le_bytes()),
    );
    write("signed_batch", "r8-off-curve", &with(&b, r8_at, &[7]));
    write("signed_batch", "device-0", &with(&b, 2, &[0; 8]));
    write(
        "signed_batch",
        "trailing-byte",
        &[b.clone(), vec![0]].concat(),
    );
    let json = serde_json::to_string(&batch).unwrap();
    write(
        "json",
        "signed-batch",
        &[vec![9], json.into_bytes()].concat(),
    );
}

/// Writes the seed corpus of the `grant` target (`cargo test --test wire -- --ignored
/// write_grant_corpus`); deterministic.
#[test]
#[ignore]
pub fn write_grant_corpus() {
    use rand::SeedableRng;
    use std::path::Path;
    use tradeproof::grant::{Grant, PublicKey, SecretKey};
    use tradeproof::wire::binary::PartyKey;
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus/grant");
    std::fs::create_dir_all(&dir).unwrap();
    let write = |name: &str, bytes: &[u8]| std::fs::write(dir.join(name), bytes).unwrap();
    let f = fixture();
    let s = &f.world.shipments[0];
    let bank = SecretKey::from_seed(&[0x3b; 32]).public_key();
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(5);
    let g = Grant::issue_with(&mut rng, &s.declaration, &s.declaration_key, &bank).unwrap();
    let b = g.to_bytes();
    assert_eq!(Grant::from_bytes(&b).unwrap(), g);
    write("valid-grant", &b);
    write(
        "recipient-identity",
        &with(&b, 34, &PublicKey::IDENTITY.pack()),
    );
    let order_two = PublicKey {
        x: Fr::zero(),
        y: -Fr::from(1u64),
    }
    .pack();
    write("recipient-order-two", &with(&b, 34, &order_two));
    write("record-is-modulus", &with(&b, 2, &modulus_bytes()));
    write("trailing-byte", &[b.clone(), vec![0]].concat());
    write("valid-party-key", &PartyKey(bank).to_bytes());
    write(
        "party-key-identity",
        &PartyKey(PublicKey::IDENTITY).to_bytes(),
    );
}
