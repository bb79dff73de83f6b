//! The examples, run in a fast mode (small sizes) as part of `cargo test`.
#![allow(dead_code, clippy::duplicate_mod)]

#[path = "../examples/cold_chain.rs"]
mod cold;
#[path = "../examples/customs_clearance.rs"]
mod customs;
#[path = "../examples/disclosure.rs"]
mod disclosure;
#[path = "../examples/ledger_node.rs"]
mod ledger;
#[path = "../examples/sme_financing.rs"]
mod sme;

#[test]
fn customs_clearance_rejects_exactly_the_revoked_and_the_tampered() {
    let out = customs::run(&customs::Options {
        declarations: 6,
        threads: 0,
        verbose: false,
    })
    .unwrap();
    let caught: Vec<usize> = out.rejected.iter().map(|(i, _)| *i).collect();
    assert_eq!(caught, vec![out.revoked_at, out.tampered_at]);
    assert!(
        out.rejected[0].1.contains("revocation"),
        "{}",
        out.rejected[0].1
    );
    assert!(
        out.rejected[1].1.contains("pairing"),
        "{}",
        out.rejected[1].1
    );
    assert_eq!(out.accepted, 4);
}

#[test]
fn sme_financing_finances_once_and_only_acknowledged_invoices() {
    let out = sme::run(&sme::Options {
        invoices: 4,
        capacity: 3,
        threshold: 100_000,
        verbose: false,
    })
    .unwrap();
    assert!(out.double_count_refused, "double count");
    assert!(out.renumbered_refused, "renumbered copy");
    assert!(out.first_batch_financed, "first batch");
    assert!(out.second_bank_refused, "second bank");
    assert!(out.second_batch_financed, "second batch");
}

#[test]
fn ledger_node_appends_valid_and_rejects_the_rest() {
    let out = ledger::run(&ledger::Options {
        blocks: 2,
        per_block: 4,
        verbose: false,
    })
    .unwrap();
    assert!(out.intact);
    assert_eq!(out.appended, 8);
    let reasons: Vec<&str> = out.rejected.iter().map(|(_, _, w)| w.as_str()).collect();
    assert_eq!(reasons.len(), 6, "{reasons:?}");
    assert!(reasons.iter().any(|r| r.contains("pairing")));
    assert!(reasons.iter().any(|r| r.starts_with("malformed")));
    assert!(reasons.iter().any(|r| r.starts_with("replay")));
    assert!(reasons.iter().any(|r| r.contains("context")));
    assert!(reasons.iter().any(|r| r.contains("records are not")));
    // Aggregation: two circuits per block, every aggregate verified by the follower, whose log
    // agrees with the producer's; both tampered copies refused.
    assert_eq!(out.aggregates_verified, 4);
    assert!(out.follower_agrees);
    assert_eq!(
        out.tampered_refusals.len(),
        2,
        "{:?}",
        out.tampered_refusals
    );
    assert!(out.tampered_refusals[1].contains("other statements"));
}

#[test]
fn cold_chain_accepts_the_held_voyage_and_refuses_the_excursion_and_the_gap() {
    let out = cold::run(&cold::Options {
        batches: 3,
        verbose: false,
    })
    .unwrap();
    assert!(out.good_accepted);
    let reasons = out.bad_reasons.join("\n");
    assert!(reasons.contains("9.50 °C"), "{reasons}");
    assert!(reasons.contains("a gap of 2400 s"), "{reasons}");
    let gap = out.gap_refusal.expect("the chain check refuses the hole");
    assert!(gap.contains("do not tile"), "{gap}");
}

#[test]
fn disclosure_grants_reveals_and_escrows() {
    let out = disclosure::run(&disclosure::Options {
        declarations: 3,
        verbose: false,
    })
    .unwrap();
    assert!(out.grant_opened_by_bank_only);
    assert!(out.disclosure_verified);
    assert_eq!(out.escrow_rejected, vec![1]);
    assert!(out.audit_opened);
}
