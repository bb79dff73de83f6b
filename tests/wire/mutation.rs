//! Mutated encodings: refused, or decoded to an object that fails verification; never a panic.
use crate::support::*;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(192))]

    /// A changed sealed record is refused or no longer opens (and has another digest).
    #[test]
    fn mutated_sealed_records_never_open(which in 0usize..2, ms in prop::collection::vec(arb_mutation(), 1..4)) {
        let s = &fixture().world.shipments[which];
        let original = s.declaration.to_bytes();
        let bytes = mutated(&original, &ms);
        if let Some(r) = decode_canonical::<SealedRecord>(&bytes) {
            if bytes != original {
                prop_assert_ne!(r, s.declaration);
                prop_assert!(matches!(r.open(&s.declaration_key), Err(Error::Authentication)));
                prop_assert_ne!(r.digest(), s.declaration.digest());
            } else {
                prop_assert_eq!(r, s.declaration);
            }
        }
    }

    /// Changed statements and proofs (either or both) are refused or fail verification, alone and in
    /// a batch, unless they decode to the statement that was proven.
    #[test]
    fn mutated_statements_and_proofs_never_verify(
        which in 0usize..2,
        target in 0u8..3,
        ms in prop::collection::vec(arb_mutation(), 1..4),
    ) {
        let (st, pf) = &fixture().proven[which];
        let (mut sb, mut pb) = (st.to_bytes(), pf.to_bytes());
        match target {
            0 => sb = mutated(&sb, &ms),
            1 => pb = mutated(&pb, &ms),
            _ => {
                let (a, b) = ms.split_at(ms.len() / 2);
                sb = mutated(&sb, a);
                pb = mutated(&pb, b);
            }
        }
        check_pair(st, &sb, &pb);
    }

    /// The proof of one statement never verifies for the other, and swapped halves are refused.
    #[test]
    fn proofs_do_not_transfer(ms in prop::collection::vec(arb_mutation(), 0..3)) {
        let f = fixture();
        let (s0, _) = &f.proven[0];
        let (s1, p1) = &f.proven[1];
        let pb = mutated(&p1.to_bytes(), &ms);
        check_pair(s0, &s0.to_bytes(), &pb);
        prop_assert!(f.verifier.verify(s0, p1, &s0.context()).is_err());
        prop_assert!(f.verifier.verify(s1, p1, &s1.context()).is_ok());
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// A batch large enough for the randomized batch check (not only single checks), with mutated
    /// items at random positions: every verdict matches single verification.
    #[test]
    fn mutated_items_in_a_large_batch_are_singled_out(
        plan in prop::collection::vec((0usize..2, prop::option::weighted(0.4, prop::collection::vec(arb_mutation(), 1..3))), 6..14),
    ) {
        let f = fixture();
        let items: Vec<(Vec<u8>, Vec<u8>, &Statement)> = plan
            .iter()
            .map(|(which, ms)| {
                let (st, pf) = &f.proven[*which];
                let (mut sb, mut pb) = (st.to_bytes(), pf.to_bytes());
                if let Some(ms) = ms {
                    // Even mutations hit the statement, odd ones the proof.
                    for (k, m) in ms.iter().enumerate() {
                        if k % 2 == 0 { mutate(&mut sb, m) } else { mutate(&mut pb, m) }
                    }
                }
                (sb, pb, st)
            })
            .collect();
        let pairs: Vec<(&[u8], &[u8])> = items.iter().map(|(s, p, _)| (&s[..], &p[..])).collect();
        let report = f.verifier.verify_batch_bytes(&pairs, ContextRule::Any);
        prop_assert_eq!(report.total, items.len());
        prop_assert_eq!(report.valid + report.invalid.len(), report.total);
        for (i, (sb, pb, original)) in items.iter().enumerate() {
            let single = match (Statement::from_bytes(sb), Proof::from_bytes(pb)) {
                (Ok(s), Ok(p)) => {
                    let ok = f.verifier.verify(&s, &p, &s.context()).is_ok();
                    if ok {
                        prop_assert_eq!(&s, *original);
                    }
                    ok
                }
                _ => false,
            };
            prop_assert_eq!(report.is_valid(i), single, "item {}", i);
        }
        // Per-item contexts: the original contexts only.
        let contexts: Vec<Context> = items.iter().map(|(_, _, s)| s.context()).collect();
        let strict = f.verifier.verify_batch_bytes(&pairs, ContextRule::PerItem(&contexts));
        for i in 0..items.len() {
            prop_assert!(!strict.is_valid(i) || report.is_valid(i));
        }
    }

    /// Mutated batches of submissions: the framing is refused, or every item that decodes verifies
    /// only for its original statement.
    #[test]
    fn mutated_submission_batches_never_verify(
        picks in prop::collection::vec(0usize..2, 1..4),
        ms in prop::collection::vec(arb_mutation(), 1..5),
    ) {
        let f = fixture();
        let subs: Vec<Submission> = picks
            .iter()
            .map(|&i| Submission {
                records: vec![f.world.shipments[i].declaration],
                statement: f.proven[i].0.clone(),
                proof: f.proven[i].1,
            })
            .collect();
        let bytes = mutated(&encode_batch(&subs), &ms);
        let Ok(items) = decode_batch(&bytes) else { return Ok(()) };
        for item in items.into_iter().flatten() {
            if f.verifier.verify(&item.statement, &item.proof, &item.statement.context()).is_ok() {
                prop_assert!(f.proven.iter().any(|(s, _)| *s == item.statement));
            }
            for r in &item.records {
                let opens = f.world.shipments.iter().any(|s| r.open(&s.declaration_key).is_ok());
                prop_assert!(!opens || f.world.shipments.iter().any(|s| s.declaration == *r));
            }
        }
    }

    /// A verifying key with one change is refused, or is another key under which the proof fails.
    #[test]
    fn mutated_verifying_keys_reject_the_proof(m in arb_mutation()) {
        let f = fixture();
        let original = f.vk.to_bytes();
        let bytes = mutated(&original, std::slice::from_ref(&m));
        if let Some(vk) = decode_canonical::<VerifyingKey>(&bytes) {
            if bytes == original {
                return Ok(());
            }
            prop_assert!(vk != f.vk);
            let v = Verifier::new([vk]);
            for (s, p) in &f.proven {
                prop_assert!(v.verify(s, p, &s.context()).is_err());
            }
        }
    }
}

/// Every strict prefix of an encoding ends early; every extension has trailing bytes.
pub fn check_truncations_and_extensions<T: Decode + Debug>(bytes: &[u8]) {
    for len in 0..bytes.len() {
        match decode_err::<T>(&bytes[..len]) {
            DecodeError::UnexpectedEnd { at, .. } => assert_eq!(at, len),
            e => panic!("prefix of {len} bytes: {e:?}"),
        }
    }
    for extra in [&[0u8][..], &[1, 2, 3], &bytes[..bytes.len().min(40)]] {
        let mut b = bytes.to_vec();
        b.extend_from_slice(extra);
        assert_eq!(decode_err::<T>(&b), DecodeError::TrailingBytes(extra.len()));
    }
}

#[test]
pub fn truncation_at_every_length_and_extension() {
    let f = fixture();
    let (st, pf) = &f.proven[0];
    check_truncations_and_extensions::<Statement>(&st.to_bytes());
    check_truncations_and_extensions::<Proof>(&pf.to_bytes());
    check_truncations_and_extensions::<VerifyingKey>(&f.vk.to_bytes());
    check_truncations_and_extensions::<SealedRecord>(&f.world.shipments[0].declaration.to_bytes());
    let sub = Submission {
        records: vec![
            f.world.shipments[0].declaration,
            f.world.shipments[1].declaration,
        ],
        statement: st.clone(),
        proof: *pf,
    };
    check_truncations_and_extensions::<Submission>(&sub.to_bytes());
    let batch = encode_batch(&[sub.clone(), sub]);
    for len in 0..batch.len() {
        assert!(
            matches!(batch_err(&batch[..len]), DecodeError::UnexpectedEnd { .. }),
            "batch prefix of {len} bytes"
        );
    }
    let mut b = batch.clone();
    b.push(0);
    assert_eq!(batch_err(&b), DecodeError::TrailingBytes(1));
    // Truncated proofs and statements in a batch are rejected as malformed, the rest verified.
    let (sb, pb) = (st.to_bytes(), pf.to_bytes());
    for len in (0..pb.len()).step_by(7) {
        let report = f.verifier.verify_batch_bytes(
            &[
                (&sb[..], &pb[..]),
                (&sb[..], &pb[..len]),
                (&sb[..len], &pb[..]),
            ],
            ContextRule::Any,
        );
        assert_eq!(report.valid, 1);
        assert!(report.is_valid(0));
        assert!(report
            .invalid
            .iter()
            .all(|r| matches!(r.reason, tradeproof::Rejection::Malformed(_))));
    }
}
