//! Aggregation: valid aggregates verify for every size; any invalid proof, any tampered statement,
//! order, round message or SRS makes verification fail.
use super::*;
use crate::context::Context;
use crate::error::Error;
use crate::statement::{Proof, Statement};
use crate::testing::{fixture, witness};
use crate::verifier::ContextRule::{self, Any};
use crate::wire::{Decode, Encode};
use ark_bn254::{Bn254, Fr, G1Affine, G2Affine};
use ark_ec::pairing::Pairing;
use ark_ec::{AffineRepr, CurveGroup};
use proptest::prelude::*;
use rand::SeedableRng;
use std::sync::OnceLock;

/// Eight proven value-range statements (contexts with nonces 0–7).
fn pool() -> &'static Vec<(Statement, Proof)> {
    static P: OnceLock<Vec<(Statement, Proof)>> = OnceLock::new();
    P.get_or_init(|| {
        let f = fixture();
        (0..8)
            .map(|i| {
                let w = witness(&Context::new(5, i), 1_000_000, 10_000_000);
                f.prover.prove(w).unwrap()
            })
            .collect()
    })
}

/// `n` items: the pool cycled, each proof re-randomised (distinct proof points).
fn items(n: usize, seed: u64) -> Vec<(Statement, Proof)> {
    let vk = &fixture().vk;
    let mut rng = rand_chacha::ChaCha20Rng::seed_from_u64(seed);
    (0..n)
        .map(|i| {
            let (s, p) = &pool()[i % pool().len()];
            let r = ark_groth16::Groth16::<Bn254>::rerandomize_proof(
                vk.as_ark(),
                &p.to_ark(),
                &mut rng,
            );
            (s.clone(), Proof::from_ark(vk.circuit_id(), &r).unwrap())
        })
        .collect()
}

fn srs() -> &'static Srs<InsecureSeeded> {
    static S: OnceLock<Srs<InsecureSeeded>> = OnceLock::new();
    S.get_or_init(|| Srs::insecure_from_seed(64, [3; 32]).unwrap())
}

fn statements(items: &[(Statement, Proof)]) -> Vec<Statement> {
    items.iter().map(|(s, _)| s.clone()).collect()
}

fn verify(items_or_statements: &[Statement], proof: &AggregateProof) -> crate::Result<Coverage> {
    verify_aggregate(
        &srs().verifier_srs(),
        &fixture().vk,
        items_or_statements,
        proof,
        Any,
    )
}

/// The eight-item aggregate verified under another verifier SRS or key.
fn verify_under(
    srs: &VerifierSrs<InsecureSeeded>,
    vk: &crate::VerifyingKey,
) -> crate::Result<Coverage> {
    let (it, agg) = eight();
    verify_aggregate(srs, vk, &statements(it), agg, Any)
}

fn refused(r: crate::Result<Coverage>) -> bool {
    matches!(r, Err(Error::InvalidAggregate(_)))
}

fn bump_gt(x: &mut gt::Gt) {
    *x += Bn254::pairing(G1Affine::generator(), G2Affine::generator());
}

fn bump_g1(p: &mut G1Affine) {
    *p = (*p + G1Affine::generator()).into_affine();
}

fn bump_g2(p: &mut G2Affine) {
    *p = (*p + G2Affine::generator()).into_affine();
}

/// An aggregate of 8 items, made once.
fn eight() -> &'static (Vec<(Statement, Proof)>, AggregateProof) {
    static E: OnceLock<(Vec<(Statement, Proof)>, AggregateProof)> = OnceLock::new();
    E.get_or_init(|| {
        let it = items(8, 1);
        let agg = aggregate(srs(), &fixture().vk, &it).unwrap();
        (it, agg)
    })
}

#[test]
fn valid_aggregates_verify_for_every_size() {
    for n in [1, 2, 3, 8, 64] {
        let it = items(n, n as u64);
        let agg = aggregate(srs(), &fixture().vk, &it).unwrap();
        assert_eq!(agg.count(), n);
        assert_eq!(
            agg.rounds.len(),
            agg.padded_count().trailing_zeros() as usize
        );
        let st = statements(&it);
        let covered = verify(&st, &agg).unwrap();
        assert_eq!(covered.ids, st.iter().map(|s| s.id()).collect::<Vec<_>>());
        assert_eq!(covered.digest, agg.statements_digest());
        // The encoding round-trips and has the documented size.
        let bytes = agg.to_bytes();
        assert_eq!(bytes.len(), 1575 + 1984 * agg.rounds.len());
        assert_eq!(AggregateProof::from_bytes(&bytes).unwrap(), agg);
    }
}

#[test]
fn one_invalid_proof_anywhere_fails() {
    let (it, _) = eight();
    for pos in [0, 3, 7] {
        let mutations: [&dyn Fn(&mut Proof); 3] =
            [&|p| bump_g1(&mut p.a), &|p| bump_g2(&mut p.b), &|p| {
                bump_g1(&mut p.c)
            }];
        for m in mutations {
            let mut bad = it.clone();
            m(&mut bad[pos].1);
            let agg = aggregate(srs(), &fixture().vk, &bad).unwrap();
            assert!(refused(verify(&statements(&bad), &agg)), "position {pos}");
        }
        // A valid proof of another statement, presented for this one.
        let mut bad = it.clone();
        bad[pos].1 = it[(pos + 1) % 8].1;
        let agg = aggregate(srs(), &fixture().vk, &bad).unwrap();
        assert!(refused(verify(&statements(&bad), &agg)));
    }
    // A proof of another circuit is refused before aggregating, and a statement of another circuit
    // before verifying.
    let mut other = it.clone();
    other[2].1.circuit_id = crate::CircuitId([9; 32]);
    assert!(matches!(
        aggregate(srs(), &fixture().vk, &other),
        Err(Error::CircuitMismatch { .. })
    ));
    let mut st = statements(it);
    st[2].circuit_id = crate::CircuitId([9; 32]);
    assert!(matches!(
        verify(&st, &eight().1),
        Err(Error::CircuitMismatch { .. })
    ));
}

#[test]
fn a_proof_under_another_key_of_the_same_circuit_fails() {
    // Same circuit id, different setup: the aggregate does not verify under the first key.
    let mut rng = rand_chacha::ChaCha20Rng::seed_from_u64(77);
    let (pk2, _) = crate::keys::setup_with_rng(crate::ClaimKind::ValueRange, &mut rng).unwrap();
    let prover2 = crate::Prover::new([pk2]).unwrap();
    let (s, p) = prover2
        .prove(witness(&Context::new(5, 99), 1_000_000, 10_000_000))
        .unwrap();
    let mut it = eight().0.clone();
    it[5] = (s, p);
    let agg = aggregate(srs(), &fixture().vk, &it).unwrap();
    assert!(refused(verify(&statements(&it), &agg)));
}

/// Tampered statements are refused twice over: the digest no longer matches, and a prover who also
/// rewrites the digest is caught by the transcript and the public-input term.
fn refused_with_and_without_digest(st: &[Statement]) {
    let (_, agg) = eight();
    assert!(refused(verify(st, agg)));
    let mut forged = agg.clone();
    forged.statements_digest = Coverage::of(agg.circuit_id, st).digest;
    assert!(refused(verify(st, &forged)));
}

#[test]
fn tampered_public_input_context_or_order_fails() {
    let (it, agg) = eight();
    let st = statements(it);
    assert!(verify(&st, agg).is_ok());
    let k = st[0].inputs.len();
    for pos in [0, 4, 7] {
        for j in 0..k {
            let mut t = st.clone();
            t[pos].inputs[j] += Fr::from(1u64);
            refused_with_and_without_digest(&t);
        }
        // The context specifically: another ledger.
        let mut t = st.clone();
        let ci = t[pos].kind.context_index();
        t[pos].inputs[ci] = Context::new(6, pos as u64).to_field();
        refused_with_and_without_digest(&t);
    }
    let mut swapped = st.clone();
    swapped.swap(1, 6);
    refused_with_and_without_digest(&swapped);
    // A different list of statements of the same length.
    let other = statements(&items(16, 5)[8..]);
    let other: Vec<Statement> = other.into_iter().rev().collect();
    refused_with_and_without_digest(&other);
    // A context the node does not accept, and a statement of another claim kind.
    let other_ledger = Context::new(6, 0);
    assert!(matches!(
        verify_aggregate(
            &srs().verifier_srs(),
            &fixture().vk,
            &st,
            agg,
            ContextRule::Exactly(other_ledger)
        ),
        Err(Error::ContextMismatch)
    ));
    let contexts: Vec<Context> = st.iter().map(|s| s.context()).collect();
    assert!(verify_aggregate(
        &srs().verifier_srs(),
        &fixture().vk,
        &st,
        agg,
        ContextRule::PerItem(&contexts)
    )
    .is_ok());
    let mut kind = st.clone();
    kind[3].kind = crate::ClaimKind::OriginEquals;
    assert!(matches!(
        verify(&kind, agg),
        Err(Error::Rejected(crate::Rejection::BadPublicInput(_)))
    ));
    // Fewer or more statements.
    assert!(refused(verify(&st[..7], agg)));
    let mut more = st.clone();
    more.push(st[0].clone());
    assert!(refused(verify(&more, agg)));
}

type Tamper = Box<dyn Fn(&mut AggregateProof)>;

#[test]
fn every_tampered_message_fails() {
    let (it, agg) = eight();
    let st = statements(it);
    let mut cases: Vec<Tamper> = vec![
        Box::new(|a| bump_gt(&mut a.com_ab[0])),
        Box::new(|a| bump_gt(&mut a.com_ab[1])),
        Box::new(|a| bump_gt(&mut a.com_c[0])),
        Box::new(|a| bump_gt(&mut a.com_c[1])),
        Box::new(|a| bump_gt(&mut a.z_ab)),
        Box::new(|a| bump_g1(&mut a.z_c)),
        Box::new(|a| bump_g1(&mut a.final_a)),
        Box::new(|a| bump_g2(&mut a.final_b)),
        Box::new(|a| bump_g1(&mut a.final_c)),
        Box::new(|a| bump_g2(&mut a.final_v[0])),
        Box::new(|a| bump_g2(&mut a.final_v[1])),
        Box::new(|a| bump_g1(&mut a.final_w[0])),
        Box::new(|a| bump_g1(&mut a.final_w[1])),
        Box::new(|a| bump_g2(&mut a.open_v[0])),
        Box::new(|a| bump_g2(&mut a.open_v[1])),
        Box::new(|a| bump_g1(&mut a.open_w[0])),
        Box::new(|a| bump_g1(&mut a.open_w[1])),
    ];
    for r in 0..agg.rounds.len() {
        for s in 0..2 {
            cases.push(Box::new(move |a| bump_gt(&mut a.rounds[r].z_ab[s])));
            cases.push(Box::new(move |a| bump_g1(&mut a.rounds[r].z_c[s])));
            for t in 0..2 {
                cases.push(Box::new(move |a| bump_gt(&mut a.rounds[r].t_ab[s][t])));
                cases.push(Box::new(move |a| bump_gt(&mut a.rounds[r].u_c[s][t])));
            }
        }
    }
    assert_eq!(cases.len(), 17 + 12 * agg.rounds.len());
    for (i, tamper) in cases.iter().enumerate() {
        let mut t = agg.clone();
        tamper(&mut t);
        assert!(refused(verify(&st, &t)), "case {i}");
    }
    // Swapping the two messages of a pair, or two rounds, is a tamper too.
    let mut swapped = agg.clone();
    swapped.rounds[0].z_ab.swap(0, 1);
    assert!(refused(verify(&st, &swapped)));
    let mut rounds_swapped = agg.clone();
    rounds_swapped.rounds.swap(0, 1);
    assert!(refused(verify(&st, &rounds_swapped)));
}

#[test]
fn another_srs_or_key_fails() {
    let other = Srs::insecure_from_seed(8, [4; 32]).unwrap().verifier_srs();
    let vk = &fixture().vk;
    assert!(verify_under(&srs().verifier_srs(), vk).is_ok());
    assert!(refused(verify_under(&other, vk)));
    // One point of the SRS changed (the others kept).
    let mut one = srs().verifier_srs();
    one.g_b = other.g_b;
    assert!(refused(verify_under(&one, vk)));
    let mut one = srs().verifier_srs();
    one.h_a = other.h_a;
    assert!(refused(verify_under(&one, vk)));
    // An SRS too small for the aggregate.
    let small = Srs::insecure_from_seed(4, [3; 32]).unwrap().verifier_srs();
    assert!(refused(verify_under(&small, vk)));
    // The same circuit under another verifying key.
    let mut rng = rand_chacha::ChaCha20Rng::seed_from_u64(78);
    let (_, vk2) = crate::keys::setup_with_rng(crate::ClaimKind::ValueRange, &mut rng).unwrap();
    assert!(refused(verify_under(&srs().verifier_srs(), &vk2)));
}

#[test]
fn aggregating_more_than_the_srs_supports_is_an_error() {
    let small = Srs::insecure_from_seed(2, [3; 32]).unwrap();
    let it = items(3, 9);
    assert!(matches!(
        aggregate(&small, &fixture().vk, &it),
        Err(Error::Aggregation(_))
    ));
    assert!(matches!(
        aggregate(&small, &fixture().vk, &[]),
        Err(Error::Aggregation(_))
    ));
}

#[test]
fn block_aggregation_leaves_out_invalid_items() {
    let mut it = items(6, 21);
    bump_g1(&mut it[2].1.c);
    let verifier = crate::Verifier::new([fixture().vk.clone()]);
    let block = aggregate_block(&verifier, srs(), &it, crate::ContextRule::Any).unwrap();
    assert_eq!(block.report.invalid.len(), 1);
    assert_eq!(block.report.invalid[0].index, 2);
    assert_eq!(block.groups.len(), 1);
    let g = &block.groups[0];
    assert_eq!(g.positions, vec![0, 1, 3, 4, 5]);
    let st: Vec<Statement> = g.positions.iter().map(|&i| it[i].0.clone()).collect();
    assert!(verify(&st, &g.proof).is_ok());
}

#[test]
fn strict_decoding() {
    let (_, agg) = eight();
    let bytes = agg.to_bytes();
    // Truncated anywhere, or with a trailing byte.
    for cut in [0, 1, 2, 40, 500, bytes.len() - 1] {
        assert!(AggregateProof::from_bytes(&bytes[..cut]).is_err());
    }
    let mut long = bytes.clone();
    long.push(0);
    assert!(AggregateProof::from_bytes(&long).is_err());
    // A round count that does not match the count.
    let mut wrong = bytes.clone();
    let at = 2 + 32 + 4 + 32 + 5 * 192 + 32;
    wrong[at] += 1;
    assert!(AggregateProof::from_bytes(&wrong).is_err());
    // A count of zero or above the maximum.
    let mut zero = bytes.clone();
    zero[34..38].copy_from_slice(&0u32.to_le_bytes());
    assert!(AggregateProof::from_bytes(&zero).is_err());
    // A target-group coordinate above the modulus, and a coordinate outside the cyclotomic subgroup.
    let mut big = bytes.clone();
    big[70..102].copy_from_slice(&[0xff; 32]);
    assert!(AggregateProof::from_bytes(&big).is_err());
    let mut off = bytes.clone();
    off[70] ^= 1;
    assert!(AggregateProof::from_bytes(&off).is_err());
    // JSON round trip.
    let json = serde_json::to_string(agg).unwrap();
    assert_eq!(serde_json::from_str::<AggregateProof>(&json).unwrap(), *agg);
}

#[test]
fn srs_encodings_keep_their_kind() {
    let s = Srs::insecure_from_seed(2, [3; 32]).unwrap();
    let v = s.verifier_srs();
    assert!(v.is_insecure());
    let vb = v.to_bytes();
    assert_eq!(vb.len(), 199);
    assert_eq!(VerifierSrs::<InsecureSeeded>::from_bytes(&vb).unwrap(), v);
    assert!(VerifierSrs::<Ceremony>::from_bytes(&vb).is_err());
    let sb = s.to_bytes();
    assert_eq!(sb.len(), 7 + 256 * 2);
    assert_eq!(Srs::<InsecureSeeded>::from_bytes(&sb).unwrap(), s);
    assert!(Srs::<Ceremony>::from_bytes(&sb).is_err());
    // A verifier SRS whose G1 and G2 points disagree.
    let other = Srs::insecure_from_seed(2, [4; 32]).unwrap().verifier_srs();
    let mut mixed = v;
    mixed.h_a = other.h_a;
    assert!(VerifierSrs::<InsecureSeeded>::from_bytes(&mixed.to_bytes()).is_err());
}

#[test]
fn srs_from_powers_refuses_degenerate_secrets() {
    let s = Srs::insecure_from_seed(4, [3; 32]).unwrap();
    let a = Powers {
        g1: s.g_a.clone(),
        g2: s.h_a.clone(),
    };
    let b = Powers {
        g1: s.g_b.clone(),
        g2: s.h_b.clone(),
    };
    let srs = Srs::from_powers(&a, &b, 4).unwrap();
    assert!(!srs.verifier_srs().is_insecure());
    assert!(Srs::from_powers(&a, &a, 4).is_err(), "equal secrets");
    let one = Powers {
        g1: vec![G1Affine::generator(); 8],
        g2: vec![G2Affine::generator(); 4],
    };
    assert!(Srs::from_powers(&one, &b, 4).is_err(), "secret 1");
    let mut broken = a.clone();
    broken.g1[5] = broken.g1[6];
    assert!(Srs::from_powers(&broken, &b, 4).is_err(), "not powers");
    assert!(Srs::from_powers(&a, &b, 8).is_err(), "too few powers");
    assert!(Srs::from_powers(&a, &b, 3).is_err(), "not a power of two");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(6))]
    #[test]
    fn aggregates_verify_across_sizes_and_fail_when_tampered(n in 1usize..=20, seed in any::<u64>(), which in any::<usize>()) {
        let it = items(n, seed);
        let mut agg = aggregate(srs(), &fixture().vk, &it).unwrap();
        let st = statements(&it);
        prop_assert!(verify(&st, &agg).is_ok());
        let r = which % agg.rounds.len();
        bump_gt(&mut agg.rounds[r].t_ab[which % 2][(which / 2) % 2]);
        prop_assert!(refused(verify(&st, &agg)));
    }
}

/// The production path: an `Srs<Ceremony>` from two snarkjs ceremonies of power 3 (up to 4 proofs):
/// `pot3_final.ptau` and `pot3b_0001.ptau` (made with `snarkjs powersoftau new bn128 3` and one
/// `contribute`, snarkjs 0.7.6). The fresh file of a ceremony (`pot3_0000.ptau`, τ = 1) is refused.
#[cfg(feature = "snarkjs")]
#[test]
fn ceremony_srs_from_two_ptau_files() {
    use crate::wire::ptau::Ptau;
    let read = |name: &str| {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/vectors/snarkjs-ptau")
            .join(name);
        Ptau::from_bytes(&std::fs::read(path).unwrap())
            .unwrap()
            .aggregation_powers(4)
            .unwrap()
    };
    let (a, b) = (read("pot3_final.ptau"), read("pot3b_0001.ptau"));
    let srs: Srs<Ceremony> = Srs::from_powers(&a, &b, 4).unwrap();
    assert_eq!(srs.max_proofs(), 4);
    assert!(
        Srs::from_powers(&a, &b, 8).is_err(),
        "power 3 serves 4 proofs"
    );
    assert!(Srs::from_powers(&read("pot3_0000.ptau"), &b, 4).is_err());
    assert!(Srs::from_powers(&a, &a, 4).is_err());
    let it = items(3, 31);
    let agg = aggregate(&srs, &fixture().vk, &it).unwrap();
    let vsrs = srs.verifier_srs();
    assert!(!vsrs.is_insecure());
    assert!(verify_aggregate(&vsrs, &fixture().vk, &statements(&it), &agg, Any).is_ok());
    // The verifier SRS survives its encoding as the ceremony kind only.
    let bytes = vsrs.to_bytes();
    assert_eq!(VerifierSrs::<Ceremony>::from_bytes(&bytes).unwrap(), vsrs);
    assert!(VerifierSrs::<InsecureSeeded>::from_bytes(&bytes).is_err());
}
