//! Targeted malformed fields: each is refused with its specific error.
use crate::support::*;

#[test]
pub fn g2_point_outside_the_subgroup_is_refused() {
    let f = fixture();
    let bad = g2_outside_subgroup();
    let enc = g2_bytes(&bad);
    assert_eq!(enc.len(), 64);
    let proof = f.proven[0].1.to_bytes();
    assert_eq!(
        decode_err::<Proof>(&with(&proof, PROOF_B, &enc)),
        DecodeError::NotInSubgroup("proof B")
    );
    let vk = f.vk.to_bytes();
    for (at, what) in [
        (VK_BETA, "vk beta"),
        (VK_GAMMA, "vk gamma"),
        (VK_DELTA, "vk delta"),
    ] {
        assert_eq!(
            decode_err::<VerifyingKey>(&with(&vk, at, &enc)),
            DecodeError::NotInSubgroup(what)
        );
    }
    // (The point check itself is unit-tested in `encoding`.)
    // The negated point is outside too (the sign bit is the only difference in its encoding).
    let neg = g2_bytes(&-bad);
    assert_eq!(
        decode_err::<Proof>(&with(&proof, PROOF_B, &neg)),
        DecodeError::NotInSubgroup("proof B")
    );
    // Through the JSON proof and the arkworks constructor as well.
    let mut j = serde_json::to_value(f.proven[0].1).unwrap();
    j["b"] = Value::String(enc.iter().map(|x| format!("{x:02x}")).collect());
    let e = serde_json::from_value::<Proof>(j).unwrap_err().to_string();
    assert!(e.contains("subgroup"), "{e}");
    let mut ark = f.proven[0].1.to_ark();
    ark.b = bad;
    assert!(matches!(
        Proof::from_ark(f.proven[0].0.circuit_id(), &ark),
        Err(Error::Decode(DecodeError::NotInSubgroup("proof B")))
    ));
}

#[test]
pub fn points_off_the_curve_are_refused() {
    let f = fixture();
    let proof = f.proven[0].1.to_bytes();
    let vk = f.vk.to_bytes();
    // Compressed encodings only carry x: an x with no y on the curve does not decompress.
    let x1 = fq_bytes(&g1_x_off_curve());
    for (at, what) in [(PROOF_A, "proof A"), (PROOF_C, "proof C")] {
        assert_eq!(
            decode_err::<Proof>(&with(&proof, at, &x1)),
            DecodeError::BadPoint(what)
        );
        // With the sign bit set too.
        let mut neg = x1.clone();
        neg[31] |= 0x80;
        assert_eq!(
            decode_err::<Proof>(&with(&proof, at, &neg)),
            DecodeError::BadPoint(what)
        );
    }
    assert_eq!(
        decode_err::<VerifyingKey>(&with(&vk, VK_ALPHA, &x1)),
        DecodeError::BadPoint("vk alpha")
    );
    assert_eq!(
        decode_err::<VerifyingKey>(&with(&vk, VK_IC + 64, &x1)),
        DecodeError::BadPoint("vk IC point")
    );
    let x2 = g2_x_off_curve();
    let mut x2b = fq_bytes(&x2.c0);
    x2b.extend(fq_bytes(&x2.c1));
    assert_eq!(
        decode_err::<Proof>(&with(&proof, PROOF_B, &x2b)),
        DecodeError::BadPoint("proof B")
    );
    assert_eq!(
        decode_err::<VerifyingKey>(&with(&vk, VK_DELTA, &x2b)),
        DecodeError::BadPoint("vk delta")
    );
    // A coordinate that is not below the base field modulus, and both flags at once.
    let mut big = vec![0xff; 32];
    big[31] = 0x3f;
    assert_eq!(
        decode_err::<Proof>(&with(&proof, PROOF_A, &big)),
        DecodeError::BadPoint("proof A")
    );
    let mut both = proof[PROOF_C..PROOF_C + 32].to_vec();
    both[31] |= 0xc0;
    assert_eq!(
        decode_err::<Proof>(&with(&proof, PROOF_C, &both)),
        DecodeError::BadPoint("proof C")
    );
    let mut big2 = proof[PROOF_B..PROOF_B + 64].to_vec();
    big2[..32].copy_from_slice(&[0xff; 32]);
    assert_eq!(
        decode_err::<Proof>(&with(&proof, PROOF_B, &big2)),
        DecodeError::BadPoint("proof B")
    );
    // In-memory points off the curve (only constructible unchecked) are refused when wrapped (the
    // point checks themselves are unit-tested in `encoding`).
    let off1 = G1Affine::new_unchecked(Fq::one(), Fq::one());
    assert!(!off1.is_on_curve());
    let mut ark = f.proven[0].1.to_ark();
    ark.c = off1;
    assert!(matches!(
        Proof::from_ark(f.proven[0].0.circuit_id(), &ark),
        Err(Error::Decode(DecodeError::NotOnCurve("proof C")))
    ));
}

#[test]
pub fn the_identity_is_refused_where_forbidden() {
    let f = fixture();
    let o1 = g1_bytes(&G1Affine::zero());
    let o2 = g2_bytes(&G2Affine::zero());
    let proof = f.proven[0].1.to_bytes();
    assert_eq!(
        decode_err::<Proof>(&with(&proof, PROOF_A, &o1)),
        DecodeError::Identity("proof A")
    );
    assert_eq!(
        decode_err::<Proof>(&with(&proof, PROOF_B, &o2)),
        DecodeError::Identity("proof B")
    );
    assert_eq!(
        decode_err::<Proof>(&with(&proof, PROOF_C, &o1)),
        DecodeError::Identity("proof C")
    );
    // The infinity flag with stray x bits is still the identity.
    let mut stray = o1.clone();
    stray[0] = 5;
    assert_eq!(
        decode_err::<Proof>(&with(&proof, PROOF_A, &stray)),
        DecodeError::Identity("proof A")
    );
    let vk = f.vk.to_bytes();
    for (at, p, what) in [
        (VK_ALPHA, &o1, "vk alpha"),
        (VK_BETA, &o2, "vk beta"),
        (VK_GAMMA, &o2, "vk gamma"),
        (VK_DELTA, &o2, "vk delta"),
        (VK_IC, &o1, "vk IC point"),
        (VK_IC + 6 * 32, &o1, "vk IC point"),
    ] {
        assert_eq!(
            decode_err::<VerifyingKey>(&with(&vk, at, p)),
            DecodeError::Identity(what)
        );
    }
    let mut ark = f.proven[0].1.to_ark();
    ark.a = G1Affine::zero();
    assert!(matches!(
        Proof::from_ark(f.proven[0].0.circuit_id(), &ark),
        Err(Error::Decode(DecodeError::Identity("proof A")))
    ));
}

#[test]
pub fn field_elements_not_below_the_modulus_are_refused() {
    let f = fixture();
    let r = modulus_bytes();
    let mut r_plus_1 = r.clone();
    r_plus_1[0] += 1;
    let st = f.proven[0].0.to_bytes();
    let rec = f.world.shipments[0].declaration.to_bytes();
    for big in [&r, &r_plus_1, &vec![0xff; 32]] {
        for i in 0..6 {
            assert_eq!(
                decode_err::<Statement>(&with(&st, ST_INPUTS + 32 * i, big)),
                DecodeError::NonCanonicalField("public input")
            );
        }
        for i in [0, 7, 13] {
            assert_eq!(
                decode_err::<SealedRecord>(&with(&rec, REC_CIPHERTEXT + 32 * i, big)),
                DecodeError::NonCanonicalField("ciphertext element")
            );
        }
        assert_eq!(
            decode_err::<SealedRecord>(&with(&rec, REC_TAG, big)),
            DecodeError::NonCanonicalField("authentication tag")
        );
    }
    // r − 1 is the largest canonical element.
    let r_minus_1 = (-Fr::one()).into_bigint().to_bytes_le();
    let s = Statement::from_bytes(&with(&st, ST_INPUTS + 32 * 5, &r_minus_1)).unwrap();
    assert_eq!(s.inputs()[5], -Fr::one());
    assert!(f.verifier.verify(&s, &f.proven[0].1, &s.context()).is_err());
    // JSON readers are as strict: r as a decimal string is refused.
    let mut j = serde_json::to_value(&f.proven[0].0).unwrap();
    j["inputs"][4] = Value::String(Fr::MODULUS.to_string());
    assert!(serde_json::from_value::<Statement>(j).is_err());
    let mut j = serde_json::to_value(f.world.shipments[0].declaration).unwrap();
    j["ciphertext"][3] = Value::String(Fr::MODULUS.to_string());
    assert!(serde_json::from_value::<SealedRecord>(j).is_err());
}

#[test]
pub fn huge_declared_lengths_are_refused_before_allocating() {
    let f = fixture();
    let st = f.proven[0].0.to_bytes();
    for n in [u16::MAX, MAX_INPUTS as u16 + 1] {
        assert_eq!(
            decode_err::<Statement>(&with(&st, ST_COUNT, &n.to_le_bytes())),
            DecodeError::LengthTooLarge {
                what: "public inputs",
                len: n as u64,
                max: MAX_INPUTS as u64
            }
        );
    }
    // A count within the limit but not the kind's.
    assert!(matches!(
        decode_err::<Statement>(&with(&st, ST_COUNT, &7u16.to_le_bytes())),
        DecodeError::Invalid {
            what: "public inputs",
            ..
        }
    ));
    // Submission record count: the bytes stop right after it.
    for k in [u16::MAX, MAX_RECORDS_PER_SUBMISSION as u16 + 1] {
        let mut b = vec![b'U', 1];
        b.extend(k.to_le_bytes());
        assert_eq!(
            decode_err::<Submission>(&b),
            DecodeError::LengthTooLarge {
                what: "records",
                len: k as u64,
                max: MAX_RECORDS_PER_SUBMISSION as u64
            }
        );
    }
    // Within the limit, the records must be there.
    let mut b = vec![b'U', 1];
    b.extend((MAX_RECORDS_PER_SUBMISSION as u16).to_le_bytes());
    assert!(matches!(
        decode_err::<Submission>(&b),
        DecodeError::UnexpectedEnd {
            what: "sealed record",
            ..
        }
    ));
    // Batch count.
    for n in [u32::MAX, MAX_BATCH as u32 + 1] {
        let mut b = vec![b'B', 1];
        b.extend(n.to_le_bytes());
        assert_eq!(
            batch_err(&b),
            DecodeError::LengthTooLarge {
                what: "batch",
                len: n as u64,
                max: MAX_BATCH as u64
            }
        );
        assert!(decode_batch(&b).is_err());
    }
    let mut b = vec![b'B', 1];
    b.extend((MAX_BATCH as u32).to_le_bytes());
    assert!(matches!(
        batch_err(&b),
        DecodeError::UnexpectedEnd {
            what: "item length",
            ..
        }
    ));
    // An item length beyond the input.
    let mut b = vec![b'B', 1];
    b.extend(1u32.to_le_bytes());
    b.extend(u32::MAX.to_le_bytes());
    b.extend([0u8; 16]);
    assert_eq!(
        batch_err(&b),
        DecodeError::UnexpectedEnd {
            what: "batch item",
            at: b.len(),
            needed: u32::MAX as usize - 16
        }
    );
    // IC count of a verifying key that does not fit the kind.
    let vk = f.vk.to_bytes();
    for n in [0u16, 6, 8, u16::MAX] {
        assert!(matches!(
            decode_err::<VerifyingKey>(&with(&vk, VK_COUNT, &n.to_le_bytes())),
            DecodeError::Invalid {
                what: "IC points",
                ..
            }
        ));
    }
    // JSON: too many inputs, or a submission with more records than the binary format allows.
    let mut j = serde_json::to_value(&f.proven[0].0).unwrap();
    j["inputs"] = Value::Array(vec![Value::String("1".into()); MAX_INPUTS + 1]);
    assert!(serde_json::from_value::<Statement>(j).is_err());
    let sub = Submission {
        records: vec![f.world.shipments[0].declaration; MAX_RECORDS_PER_SUBMISSION + 1],
        statement: f.proven[0].0.clone(),
        proof: f.proven[0].1,
    };
    let json = serde_json::to_string(&sub).unwrap();
    assert!(serde_json::from_str::<Submission>(&json).is_err());
    let mut ok = sub.clone();
    ok.records.truncate(MAX_RECORDS_PER_SUBMISSION);
    binary_round_trip(&ok);
    json_round_trip(&ok);
}

#[test]
pub fn trailing_bytes_are_refused() {
    let f = fixture();
    let sub = Submission {
        records: vec![f.world.shipments[0].declaration],
        statement: f.proven[0].0.clone(),
        proof: f.proven[0].1,
    };
    let check = |mut b: Vec<u8>, decode: &dyn Fn(&[u8]) -> DecodeError| {
        b.extend([0, 0]);
        assert_eq!(decode(&b), DecodeError::TrailingBytes(2));
    };
    check(
        f.world.shipments[0].declaration.to_bytes(),
        &decode_err::<SealedRecord>,
    );
    check(f.proven[0].1.to_bytes(), &decode_err::<Proof>);
    check(f.proven[0].0.to_bytes(), &decode_err::<Statement>);
    check(f.vk.to_bytes(), &decode_err::<VerifyingKey>);
    check(sub.to_bytes(), &decode_err::<Submission>);
    check(encode_batch(std::slice::from_ref(&sub)), &batch_err);
    // Bytes after a submission inside its batch item: the item is malformed, the framing is fine.
    let mut item = sub.to_bytes();
    item.push(9);
    let mut b = vec![b'B', 1];
    b.extend(1u32.to_le_bytes());
    b.extend((item.len() as u32).to_le_bytes());
    b.extend(&item);
    let decoded = decode_batch(&b).unwrap();
    assert!(matches!(
        decoded[0],
        Err(Error::Decode(DecodeError::TrailingBytes(1)))
    ));
}

#[test]
pub fn unknown_versions_and_wrong_tags_are_refused() {
    let f = fixture();
    let sub = Submission {
        records: vec![],
        statement: f.proven[0].0.clone(),
        proof: f.proven[0].1,
    };
    type Dec = Box<dyn Fn(&[u8]) -> DecodeError>;
    let objects: Vec<(Vec<u8>, &'static str, Dec)> = vec![
        (
            f.world.shipments[0].declaration.to_bytes(),
            "sealed record",
            Box::new(decode_err::<SealedRecord>),
        ),
        (
            f.proven[0].1.to_bytes(),
            "proof",
            Box::new(decode_err::<Proof>),
        ),
        (
            f.proven[0].0.to_bytes(),
            "statement",
            Box::new(decode_err::<Statement>),
        ),
        (
            f.vk.to_bytes(),
            "verifying key",
            Box::new(decode_err::<VerifyingKey>),
        ),
        (
            sub.to_bytes(),
            "submission",
            Box::new(decode_err::<Submission>),
        ),
        (
            encode_batch(std::slice::from_ref(&sub)),
            "batch",
            Box::new(batch_err),
        ),
    ];
    let tags: Vec<u8> = objects.iter().map(|(b, _, _)| b[0]).collect();
    assert_eq!(tags, b"RPSVUB");
    for (bytes, what, decode) in &objects {
        for version in [0u8, 2, 0xff] {
            assert_eq!(
                decode(&with(bytes, 1, &[version])),
                DecodeError::UnknownVersion { what, version }
            );
        }
        for tag in tags
            .iter()
            .copied()
            .filter(|t| *t != bytes[0])
            .chain([0, b'r', 0xff])
        {
            assert_eq!(
                decode(&with(bytes, 0, &[tag])),
                DecodeError::WrongKind {
                    expected: what,
                    found: tag
                }
            );
        }
    }
    // A record with an unknown version inside a submission, a statement inside a proof's place.
    let mut b = vec![b'U', 1, 1, 0];
    b.extend(with(&f.world.shipments[0].declaration.to_bytes(), 1, &[2]));
    b.extend(f.proven[0].0.to_bytes());
    b.extend(f.proven[0].1.to_bytes());
    assert_eq!(
        decode_err::<Submission>(&b),
        DecodeError::UnknownVersion {
            what: "sealed record",
            version: 2
        }
    );
    let mut b = vec![b'U', 1, 0, 0];
    b.extend(f.proven[0].0.to_bytes());
    b.extend(f.proven[0].0.to_bytes());
    assert_eq!(
        decode_err::<Submission>(&b),
        DecodeError::WrongKind {
            expected: "proof",
            found: b'S'
        }
    );
    // JSON: a sealed record of an unknown version is refused as in binary.
    let mut j = serde_json::to_value(f.world.shipments[0].declaration).unwrap();
    j["version"] = Value::from(2);
    assert!(serde_json::from_value::<SealedRecord>(j).is_err());
}

#[test]
pub fn unknown_claim_kinds_and_capacities_are_refused() {
    let f = fixture();
    let st = f.proven[0].0.to_bytes();
    for k in [0u8, 11, 0xff] {
        assert!(matches!(
            decode_err::<Statement>(&with(&st, ST_KIND, &[k])),
            DecodeError::Invalid {
                what: "claim kind",
                ..
            }
        ));
    }
    // Aggregate kind: capacity 0 and above the maximum are refused, a valid one needs its input count.
    let agg = |capacity: u16, n: u16| {
        let mut b = st[..ST_KIND].to_vec();
        b.push(7);
        b.extend(capacity.to_le_bytes());
        b.extend(n.to_le_bytes());
        for _ in 0..n {
            b.extend([1u8; 31].iter().chain(&[0]));
        }
        b
    };
    for c in [0u16, MAX_CAPACITY as u16 + 1, u16::MAX] {
        assert!(matches!(
            decode_err::<Statement>(&agg(c, 6 + c.min(10))),
            DecodeError::Invalid {
                what: "claim kind",
                ..
            }
        ));
    }
    let s = Statement::from_bytes(&agg(3, 9)).unwrap();
    assert_eq!(s.kind(), ClaimKind::AggregateValue { capacity: 3 });
    assert!(matches!(
        decode_err::<Statement>(&agg(3, 8)),
        DecodeError::Invalid {
            what: "public inputs",
            ..
        }
    ));
    // The circuit id is the value-range one: the verifier refuses the kind before any pairing.
    assert!(matches!(
        f.verifier.verify(&s, &f.proven[0].1, &s.context()),
        Err(Error::Rejected(tradeproof::Rejection::BadPublicInput(_)))
    ));
    let mut other = agg(3, 9);
    other[2] ^= 1;
    let s = Statement::from_bytes(&other).unwrap();
    assert!(matches!(
        f.verifier.verify(&s, &f.proven[0].1, &s.context()),
        Err(Error::UnknownCircuit(_))
    ));
    // A verifying key whose kind or circuit id is not the one compiled in.
    let vk = f.vk.to_bytes();
    let mut id = vk[VK_ID..VK_ID + 32].to_vec();
    id[0] ^= 1;
    assert!(matches!(
        VerifyingKey::from_bytes(&with(&vk, VK_ID, &id)),
        Err(Error::CircuitMismatch { .. })
    ));
    // Origin equals has 4 inputs: the IC count of a value-range key does not fit.
    assert!(matches!(
        decode_err::<VerifyingKey>(&with(&vk, 2, &[2])),
        DecodeError::Invalid {
            what: "IC points",
            ..
        }
    ));
    // JSON statements are checked like binary ones.
    let mut j = serde_json::to_value(&f.proven[0].0).unwrap();
    j["kind"] = serde_json::json!({"aggregate_value": {"capacity": 0}});
    j["inputs"] = Value::Array(vec![Value::String("1".into()); 6]);
    assert!(serde_json::from_value::<Statement>(j).is_err());
    for n in [0, 1, 5, 7] {
        let mut j = serde_json::to_value(&f.proven[0].0).unwrap();
        j["inputs"] = Value::Array(vec![Value::String("1".into()); n]);
        assert!(
            serde_json::from_value::<Statement>(j).is_err(),
            "{n} inputs"
        );
    }
}

#[test]
pub fn json_hex_is_strict_and_never_panics() {
    let f = fixture();
    let j = serde_json::to_value(f.proven[0].1).unwrap();
    let a = j["a"].as_str().unwrap().to_string();
    // Multi-byte characters where a hex digit pair is expected (a pair boundary inside a character).
    for bad in [
        format!("{}é{}", &a[..1], &a[3..]),
        format!("é{}", &a[2..]),
        format!("{}€{}", &a[..1], &a[4..]),
        format!("+{}", &a[1..]),
        format!("-{}", &a[1..]),
        format!("{} ", &a[..63]),
        "zz".repeat(32),
        a[..62].to_string(),
    ] {
        let mut k = j.clone();
        k["a"] = Value::String(bad.clone());
        assert!(serde_json::from_value::<Proof>(k).is_err(), "{bad:?}");
        let mut k = j.clone();
        k["circuit_id"] = Value::String(bad.clone());
        assert!(serde_json::from_value::<Proof>(k).is_err(), "{bad:?}");
    }
    assert!(tradeproof::encoding::from_hex("aé").is_err());
    assert!(tradeproof::encoding::from_hex("1é1").is_err());
    assert!(tradeproof::encoding::from_hex("+f").is_err());
    assert_eq!(
        tradeproof::encoding::from_hex("00fFA0").unwrap(),
        vec![0, 0xff, 0xa0]
    );
    assert_eq!(
        tradeproof::encoding::from_hex("").unwrap(),
        Vec::<u8>::new()
    );
    // Upper-case hex is accepted and means the same proof.
    let mut k = j.clone();
    k["a"] = Value::String(a.to_uppercase());
    assert_eq!(serde_json::from_value::<Proof>(k).unwrap(), f.proven[0].1);
}

#[test]
pub fn uncompressed_proofs_keep_every_check() {
    let f = fixture();
    let proof = f.proven[0].1;
    let raw = proof.to_bytes_uncompressed();
    assert_eq!(raw.len(), PROOF_U_LEN);
    assert_eq!(Proof::from_bytes_uncompressed(&raw).unwrap(), proof);
    assert_eq!(Proof::from_bytes_any(&raw).unwrap(), proof);
    assert_eq!(Proof::from_bytes_any(&proof.to_bytes()).unwrap(), proof);
    // The two forms are not interchangeable under the strict decoders.
    assert!(Proof::from_bytes(&raw).is_err());
    assert!(Proof::from_bytes_uncompressed(&proof.to_bytes()).is_err());
    let err = |bytes: &[u8]| match Proof::from_bytes_uncompressed(bytes) {
        Err(Error::Decode(e)) => e,
        other => panic!("expected a decode error, got {other:?}"),
    };
    // B outside the subgroup, and its negation.
    let bad = g2_outside_subgroup();
    for q in [bad, -bad] {
        let coords: Vec<u8> = [q.x.c0, q.x.c1, q.y.c0, q.y.c1]
            .iter()
            .flat_map(fq_bytes)
            .collect();
        assert_eq!(
            err(&with(&raw, PROOF_U_B, &coords)),
            DecodeError::NotInSubgroup("proof B")
        );
    }
    // A off the curve (y changed), C = (0, 0) (arkworks' affine form of the identity), a coordinate
    // equal to the modulus.
    let mut y = fq_bytes(&(proof.to_ark().a.y + Fq::one()));
    y.truncate(32);
    assert_eq!(
        err(&with(&raw, PROOF_U_A + 32, &y)),
        DecodeError::NotOnCurve("proof A")
    );
    assert_eq!(
        err(&with(&raw, PROOF_U_C, &[0u8; 64])),
        DecodeError::Identity("proof C")
    );
    let p: Vec<u8> = Fq::MODULUS.to_bytes_le();
    assert_eq!(
        err(&with(&raw, PROOF_U_A, &p)),
        DecodeError::NonCanonicalField("proof A")
    );
    // Truncated and trailing bytes.
    assert!(Proof::from_bytes_uncompressed(&raw[..raw.len() - 1]).is_err());
    let mut long = raw.clone();
    long.push(0);
    assert_eq!(err(&long), DecodeError::TrailingBytes(1));
}

#[test]
pub fn uncompressed_keys_keep_every_check() {
    let vk = &fixture().vk;
    let raw = vk.to_bytes_uncompressed();
    // 'W', version, kind (value range: one byte), circuit id, then α, β, γ, δ, the count and the IC.
    let (alpha, beta, gamma) = (35, 99, 227);
    let delta = gamma + 128;
    let ic = delta + 128 + 2;
    assert_eq!(
        raw.len(),
        ic + 64 * (ClaimKind::ValueRange.num_inputs() + 1)
    );
    assert_eq!(&VerifyingKey::from_bytes_uncompressed(&raw).unwrap(), vk);
    assert_eq!(&VerifyingKey::from_bytes_any(&raw).unwrap(), vk);
    assert_eq!(&VerifyingKey::from_bytes_any(&vk.to_bytes()).unwrap(), vk);
    // The embedded verifier reads it by its tag, to the same fingerprint.
    let core = tradeproof_verifier::VerifyingKey::from_bytes(&raw).unwrap();
    assert_eq!(core.fingerprint, vk.fingerprint());
    // The two forms are not interchangeable under the strict decoders.
    assert!(VerifyingKey::from_bytes(&raw).is_err());
    assert!(VerifyingKey::from_bytes_uncompressed(&vk.to_bytes()).is_err());
    let err = |bytes: &[u8]| {
        let core = tradeproof_verifier::VerifyingKey::from_bytes(bytes);
        assert!(core.is_err(), "the embedded verifier accepts it");
        match VerifyingKey::from_bytes_uncompressed(bytes) {
            Err(Error::Decode(e)) => e,
            other => panic!("expected a decode error, got {other:?}"),
        }
    };
    let g2 = |q: &ark_bn254::G2Affine| -> Vec<u8> {
        [q.x.c0, q.x.c1, q.y.c0, q.y.c1]
            .iter()
            .flat_map(fq_bytes)
            .collect()
    };
    // β outside the subgroup; α = (0, 0), the identity; an IC point off the curve; a coordinate
    // equal to the modulus.
    assert_eq!(
        err(&with(&raw, beta, &g2(&g2_outside_subgroup()))),
        DecodeError::NotInSubgroup("vk beta")
    );
    assert_eq!(
        err(&with(&raw, alpha, &[0u8; 64])),
        DecodeError::Identity("vk alpha")
    );
    let mut y = fq_bytes(&(vk.as_ark().gamma_abc_g1[0].y + Fq::one()));
    y.truncate(32);
    assert_eq!(
        err(&with(&raw, ic + 32, &y)),
        DecodeError::NotOnCurve("vk IC point")
    );
    let p: Vec<u8> = Fq::MODULUS.to_bytes_le();
    assert_eq!(
        err(&with(&raw, alpha, &p)),
        DecodeError::NonCanonicalField("vk alpha")
    );
    // γ = δ, the key under which every statement has a proof.
    let same = with(&raw, gamma, &g2(&vk.as_ark().delta_g2));
    assert!(matches!(err(&same), DecodeError::UnsafeKey(_)));
    // Truncated and trailing bytes.
    assert!(VerifyingKey::from_bytes_uncompressed(&raw[..raw.len() - 1]).is_err());
    let mut long = raw.clone();
    long.push(0);
    assert_eq!(err(&long), DecodeError::TrailingBytes(1));
}
