//! The embedded verifier (`tradeproof-verifier`) against this crate: its pinned circuit ids are the
//! synthesized circuits' ids, its kind table is the registry's, its decoders accept what this crate
//! encodes with the same fingerprints, and its verdicts on a mixed batch with invalid and malformed
//! items are the native verifier's, item for item.
use tradeproof_support as common;

use std::sync::OnceLock;
use tradeproof::prelude::*;
use tradeproof::wire::binary::Encode;
use tradeproof_verifier as core;

fn batch() -> &'static common::embedded::EmbeddedBatch {
    static B: OnceLock<common::embedded::EmbeddedBatch> = OnceLock::new();
    B.get_or_init(|| {
        common::embedded::embedded_batch(&[ClaimKind::ValueRange, ClaimKind::OriginEquals], 64, 21)
            .unwrap()
    })
}

/// Every fixed kind's pinned id, input count, context position and name equal this crate's (the unit
/// test `circuit::tests::pinned_ids_are_the_synthesized_ones` checks the ids against synthesis); on a
/// mismatch the message is the table to paste into `verifier/src/kinds.rs`.
#[test]
fn the_kind_table_matches_the_registry() {
    let mut table = String::new();
    let mut ok = true;
    for kind in ClaimKind::FIXED {
        let id = tradeproof::keys::circuit_id(kind).unwrap();
        let hex = tradeproof::encoding::to_hex(&id.0);
        table += &format!(
            "    FixedKind {{ tag: {}, name: \"{}\", inputs: {}, context: {}, circuit_id: id(\"{hex}\") }},\n",
            kind.tag(),
            kind.name(),
            kind.num_inputs(),
            kind.context_index()
        );
        let k = core::Kind::new(kind.tag(), None);
        ok &= k.and_then(|k| k.fixed()).is_some_and(|f| {
            f.circuit_id == id.0
                && f.inputs == kind.num_inputs()
                && f.context == kind.context_index()
                && f.name == kind.name()
        });
    }
    assert_eq!(
        core::kinds::FIXED.len(),
        ClaimKind::FIXED.len(),
        "\n{table}"
    );
    assert!(ok, "the pinned table is stale; it should read:\n{table}");
    // The sized kind: inputs and the capacity range.
    for capacity in [1u16, 2, 17, 256] {
        let kind = ClaimKind::AggregateValue { capacity };
        let k = core::Kind::new(kind.tag(), kind.parameter()).unwrap();
        assert_eq!(k.num_inputs(), kind.num_inputs());
        assert_eq!(k.context_index(), kind.context_index());
    }
    assert!(core::Kind::new(7, Some(0)).is_none() && core::Kind::new(7, Some(257)).is_none());
    assert_eq!(
        core::kinds::MAX_INPUTS,
        tradeproof::wire::binary::MAX_INPUTS
    );
}

#[test]
fn keys_statements_and_proofs_decode_alike() {
    let b = batch();
    for vk in &b.keys {
        let bytes = vk.to_bytes();
        let k = core::VerifyingKey::from_bytes(&bytes).unwrap();
        assert_eq!(k.fingerprint, vk.fingerprint());
        assert_eq!(k.circuit_id, vk.circuit_id().0);
        assert_eq!(
            core::VerifyingKey::from_bytes_pinned(&bytes, &vk.fingerprint()).unwrap(),
            k
        );
        assert_eq!(
            core::VerifyingKey::from_bytes_pinned(&bytes, &[0; 32]),
            Err(core::Error::UnpinnedKey)
        );
        // Trailing bytes and truncation are refused, never a panic.
        let mut long = bytes.clone();
        long.push(0);
        assert_eq!(
            core::VerifyingKey::from_bytes(&long),
            Err(core::Error::TrailingBytes)
        );
        for cut in 0..bytes.len() {
            assert!(core::VerifyingKey::from_bytes(&bytes[..cut]).is_err());
        }
    }
    for (st, pf) in &b.items {
        let native = (Statement::from_bytes(st), Proof::from_bytes_any(pf));
        let embedded = (core::Statement::from_bytes(st), core::Proof::from_bytes(pf));
        assert_eq!(native.0.is_ok(), embedded.0.is_ok());
        assert_eq!(native.1.is_ok(), embedded.1.is_ok());
        if let (Ok(n), Ok(e)) = (&native.0, &embedded.0) {
            assert_eq!(n.id(), e.id());
            assert_eq!(n.inputs(), &e.inputs[..]);
            assert_eq!(n.context().to_field(), e.context());
        }
    }
}

/// A fixed kind's key whose circuit id is not the pinned one is refused (the way a key for a changed
/// circuit, or one relabelled, is caught without synthesis).
#[test]
fn a_key_for_another_circuit_id_is_refused() {
    let b = batch();
    let mut bytes = b.keys[0].to_bytes();
    // Relabel the key's circuit id: a fixed kind with an id that is not the pinned one.
    bytes[3] ^= 1;
    assert_eq!(
        core::VerifyingKey::from_bytes(&bytes),
        Err(core::Error::UnpinnedKey)
    );
}

#[test]
fn batch_verdicts_equal_the_native_verifier_item_for_item() {
    let b = batch();
    let native = Verifier::new(b.keys.clone());
    let embedded = core::Verifier::new(
        b.keys
            .iter()
            .map(|k| core::VerifyingKey::from_bytes(&k.to_bytes()).unwrap())
            .collect(),
    )
    .unwrap();
    let items: Vec<(&[u8], &[u8])> = b.items.iter().map(|(s, p)| (&s[..], &p[..])).collect();
    let n = native.verify_batch_bytes(&items, ContextRule::Any);
    let expected: Vec<usize> = b.faults.iter().map(|(i, _)| *i).collect();
    assert_eq!(
        n.invalid.iter().map(|r| r.index).collect::<Vec<_>>(),
        expected
    );
    for entropy in [&b""[..], b"block 1234 hash"] {
        let e = embedded.verify_batch_bytes(&items, None, entropy);
        assert_eq!(
            e.invalid.iter().map(|(i, _)| *i).collect::<Vec<_>>(),
            expected,
            "{:?}",
            e.invalid
        );
        assert_eq!((e.total, e.valid), (n.total, n.valid));
    }
    // Single verification agrees with the batch, and a context rule is applied.
    for (i, (st, pf)) in items.iter().enumerate().take(12) {
        let (Ok(st), Ok(pf)) = (core::Statement::from_bytes(st), core::Proof::from_bytes(pf))
        else {
            continue;
        };
        let single = embedded.verify(&st, &pf, None);
        assert_eq!(
            single.is_ok(),
            !expected.contains(&i),
            "item {i}: {single:?}"
        );
        let wrong = st.context() + ark_bn254::Fr::from(1u64);
        if single.is_ok() {
            assert_eq!(
                embedded.verify(&st, &pf, Some(&wrong)),
                Err(core::Rejection::WrongContext)
            );
        }
    }
}
