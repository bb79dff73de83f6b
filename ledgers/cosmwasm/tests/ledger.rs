//! The contract on a simulated chain (`cw-multi-test`): a consortium instantiates it with its pinned
//! keys, a submitter sends a batch of real proofs with invalid and malformed items among them, the
//! contract accepts exactly the valid ones (the same culprits as tradeproof's native verifier),
//! refuses replays and a context it was not given, and refuses keys that are not pinned.
use cosmwasm_std::{from_json, Addr, Binary};
use cw_multi_test::{App, ContractWrapper, Executor};
use tradeproof::prelude::*;
use tradeproof::wire::binary::Encode;
use tradeproof_cosmwasm::{
    execute, instantiate, query, BatchOutcome, ExecuteMsg, InstantiateMsg, QueryMsg, REPLAY,
};
use tradeproof_support::embedded::{embedded_batch_distinct, EmbeddedBatch};

fn chain(keys: Vec<Binary>) -> (App, Addr, Addr, Result<Addr, String>) {
    let mut app = App::default();
    let code = app.store_code(Box::new(ContractWrapper::new(execute, instantiate, query)));
    let consortium = app.api().addr_make("consortium");
    let submitter = app.api().addr_make("exporter");
    let addr = app
        .instantiate_contract(
            code,
            consortium.clone(),
            &InstantiateMsg { keys },
            &[],
            "trade claims",
            None,
        )
        .map_err(|e| format!("{e:#}"));
    (app, consortium, submitter, addr)
}

fn items(b: &EmbeddedBatch) -> Vec<(Binary, Binary)> {
    b.items
        .iter()
        .map(|(s, p)| (Binary::from(s.clone()), Binary::from(p.clone())))
        .collect()
}

fn submit(app: &mut App, who: &Addr, addr: &Addr, msg: &ExecuteMsg) -> BatchOutcome {
    let res = app
        .execute_contract(who.clone(), addr.clone(), msg, &[])
        .expect("the batch transaction");
    from_json(res.data.expect("outcome")).expect("outcome JSON")
}

#[test]
fn the_contract_accepts_exactly_the_valid_claims_and_refuses_replays() {
    let b =
        embedded_batch_distinct(&[ClaimKind::ValueRange, ClaimKind::OriginEquals], 64, 31).unwrap();
    let keys: Vec<Binary> = b.keys.iter().map(|k| k.to_bytes().into()).collect();
    let (mut app, _, submitter, addr) = chain(keys);
    let addr = addr.unwrap();

    // The keys the contract holds are the ones pinned.
    let fingerprints: Vec<Binary> = app
        .wrap()
        .query_wasm_smart(addr.clone(), &QueryMsg::Fingerprints {})
        .unwrap();
    let pinned: Vec<Binary> = b
        .keys
        .iter()
        .map(|k| k.fingerprint().to_vec().into())
        .collect();
    assert_eq!(fingerprints, pinned);

    let batch = ExecuteMsg::SubmitBatch {
        items: items(&b),
        context: None,
    };
    let outcome = submit(&mut app, &submitter, &addr, &batch);
    let culprits: Vec<u32> = outcome.refused.iter().map(|(i, _)| *i).collect();
    let expected: Vec<u32> = b.faults.iter().map(|(i, _)| *i as u32).collect();
    assert_eq!(culprits, expected, "{:?}", outcome.refused);
    assert_eq!(outcome.accepted as usize, 64 - b.faults.len());
    // The same culprits as the native verifier.
    let raw: Vec<(&[u8], &[u8])> = b.items.iter().map(|(s, p)| (&s[..], &p[..])).collect();
    let native = Verifier::new(b.keys.clone()).verify_batch_bytes(&raw, ContextRule::Any);
    assert_eq!(
        native
            .invalid
            .iter()
            .map(|r| r.index as u32)
            .collect::<Vec<_>>(),
        culprits
    );
    // The tampered proof (item 5, A changed) is refused as an invalid proof.
    assert!(outcome.refused.contains(&(5, 6)));

    // Accepted statements are on record; a refused one is not.
    let accepted = |app: &App, i: usize| -> bool {
        let id = Statement::from_bytes(&b.items[i].0).unwrap().id();
        app.wrap()
            .query_wasm_smart(
                addr.clone(),
                &QueryMsg::Accepted {
                    statement_id: id.to_vec().into(),
                },
            )
            .unwrap()
    };
    assert!(accepted(&app, 0) && accepted(&app, 6));
    assert!(
        !accepted(&app, 17),
        "item 17's statement was changed, its proof refused"
    );

    // A replay of valid submissions is refused, in a later block too.
    app.update_block(|block| block.height += 1);
    let replay = ExecuteMsg::SubmitBatch {
        items: items(&b)[..4].to_vec(),
        context: None,
    };
    let again = submit(&mut app, &submitter, &addr, &replay);
    assert_eq!(again.accepted, 0);
    assert_eq!(
        again.refused,
        (0..4).map(|i| (i, REPLAY)).collect::<Vec<_>>()
    );

    // A required context nobody's statement carries: every item refused (code 5).
    let wrong = ExecuteMsg::SubmitBatch {
        items: items(&b)[6..9].to_vec(),
        context: Some(vec![0u8; 32].into()),
    };
    let out = submit(&mut app, &submitter, &addr, &wrong);
    assert_eq!(out.refused, vec![(0, 5), (1, 5), (2, 5)]);

    // An empty batch and a non-canonical context are errors of the transaction.
    for msg in [
        ExecuteMsg::SubmitBatch {
            items: vec![],
            context: None,
        },
        ExecuteMsg::SubmitBatch {
            items: items(&b)[..1].to_vec(),
            context: Some(vec![0xff; 32].into()),
        },
    ] {
        assert!(app
            .execute_contract(submitter.clone(), addr.clone(), &msg, &[])
            .is_err());
    }
}

#[test]
fn keys_that_are_not_pinned_or_safe_are_refused_at_instantiation() {
    let b =
        embedded_batch_distinct(&[ClaimKind::ValueRange, ClaimKind::OriginEquals], 64, 32).unwrap();
    let good = b.keys[0].to_bytes();
    // A changed circuit id: not the pinned one.
    let mut relabelled = good.clone();
    relabelled[3] ^= 1;
    // α moved off the curve.
    let mut broken = good.clone();
    broken[40] ^= 0xff;
    for (what, keys) in [
        ("no keys", vec![]),
        ("relabelled", vec![relabelled.into()]),
        ("broken", vec![broken.into()]),
        ("twice", vec![good.clone().into(), good.clone().into()]),
    ] {
        let (_, _, _, addr) = chain(keys);
        assert!(addr.is_err(), "{what} was accepted");
    }
}
