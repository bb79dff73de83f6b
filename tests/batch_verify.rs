//! The batch verifier: valid batches pass, every kind of invalid item is named exactly, errors that
//! cancel without weights are caught, and batch verdicts equal single verdicts.
use tradeproof_support as common;

use ark_bn254::{Bn254, Fr, G1Projective, G2Projective};
use ark_ec::{CurveGroup, PrimeGroup};
use ark_ff::One;
use ark_groth16::Groth16;
use proptest::prelude::*;
use rand::SeedableRng;
use std::sync::OnceLock;
use tradeproof::prelude::*;
use tradeproof::{keys, MillerBackend, Randomness, Rejection};

struct Pool {
    verifier: Verifier,
    /// Value-range proofs (contexts 0..).
    vr: Vec<(Statement, Proof)>,
    /// Origin-equals proofs: another circuit.
    oe: Vec<(Statement, Proof)>,
}

fn pool() -> &'static Pool {
    static P: OnceLock<Pool> = OnceLock::new();
    P.get_or_init(|| {
        let w = common::world(6, 0, &[], 3);
        let (pk1, vk1) = keys::setup_from_seed(ClaimKind::ValueRange, [1; 32]).unwrap();
        let (pk2, vk2) = keys::setup_from_seed(ClaimKind::OriginEquals, [2; 32]).unwrap();
        let prover = Prover::new([pk1, pk2]).unwrap();
        let ke = Country::parse("KE").unwrap();
        let mut wits: Vec<Witness> = (0..6).map(|i| w.value_range_witness(i).unwrap()).collect();
        for i in 0..3 {
            let s = &w.shipments[i];
            wits.push(
                Witness::origin_equals(
                    s.declaration.opening(&s.declaration_key).unwrap(),
                    &common::World::context(100 + i as u64),
                    DocType::CustomsDeclaration,
                    ke,
                )
                .unwrap(),
            );
        }
        let opts = BatchOptions {
            randomness: Randomness::Seeded([9; 32]),
            ..Default::default()
        };
        let mut all: Vec<(Statement, Proof)> = prover
            .prove_batch(wits, &opts)
            .into_iter()
            .map(|r| r.unwrap())
            .collect();
        let oe = all.split_off(6);
        Pool {
            verifier: Verifier::new([vk1, vk2]),
            vr: all,
            oe,
        }
    })
}

/// The pool's verifier with each Miller-loop backend (the vector one is used where the CPU has
/// AVX-512 IFMA, so on such machines both paths are tested).
fn verifiers() -> [Verifier; 2] {
    let v = &pool().verifier;
    [
        v.clone().with_backend(MillerBackend::Auto),
        v.clone().with_backend(MillerBackend::Scalar),
    ]
}

/// `n` valid items (re-randomised copies of the pool's proofs, so every proof is distinct).
fn valid_items(n: usize, seed: u64) -> Vec<(Statement, Proof)> {
    let p = pool();
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
    (0..n)
        .map(|i| {
            let (s, pf) = if i % 3 == 2 {
                &p.oe[i % p.oe.len()]
            } else {
                &p.vr[i % p.vr.len()]
            };
            let vk = p.verifier.key(&s.circuit_id()).unwrap();
            let r = Groth16::<Bn254>::rerandomize_proof(vk.as_ark(), &pf.to_ark(), &mut rng);
            (s.clone(), Proof::from_ark(s.circuit_id(), &r).unwrap())
        })
        .collect()
}

#[derive(Clone, Copy, Debug)]
enum Fault {
    A,
    B,
    C,
    Input,
    OtherCircuitsProof,
    ForgedCircuitId,
    OtherContext,
}

fn corrupt(item: &mut (Statement, Proof), fault: Fault) -> Rejection {
    let p = pool();
    let (st, pf) = item;
    let mut ark = pf.to_ark();
    match fault {
        Fault::A => ark.a = (ark.a + G1Projective::generator()).into_affine(),
        Fault::B => ark.b = (ark.b + G2Projective::generator()).into_affine(),
        Fault::C => ark.c = (ark.c + G1Projective::generator()).into_affine(),
        Fault::Input => {
            let mut inputs = st.inputs().to_vec();
            let last = inputs.len() - 1;
            inputs[last] += Fr::one();
            *st = Statement::from_inputs(st.circuit_id(), st.kind(), inputs).unwrap();
            return Rejection::PairingCheckFailed;
        }
        Fault::OtherCircuitsProof => {
            let other = if st.kind() == ClaimKind::ValueRange {
                &p.oe[0].1
            } else {
                &p.vr[0].1
            };
            *pf = *other;
            return Rejection::WrongCircuit {
                statement: st.circuit_id(),
                proof: other.circuit_id(),
            };
        }
        Fault::ForgedCircuitId => {
            let other = if st.kind() == ClaimKind::ValueRange {
                &p.oe[0].1
            } else {
                &p.vr[0].1
            };
            *pf = Proof::from_ark(st.circuit_id(), &other.to_ark()).unwrap();
            return Rejection::PairingCheckFailed;
        }
        Fault::OtherContext => {
            // A genuine proof, but the verifier expects another context for this position.
            return Rejection::ContextMismatch;
        }
    }
    *pf = Proof::from_ark(pf.circuit_id(), &ark).unwrap();
    Rejection::PairingCheckFailed
}

fn contexts(items: &[(Statement, Proof)]) -> Vec<Context> {
    items.iter().map(|(s, _)| s.context()).collect()
}

#[test]
fn valid_batches_pass_and_empty_batch_is_fine() {
    let p = pool();
    for v in verifiers() {
        for n in [1, 2, 5, 9, 40] {
            let items = valid_items(n, n as u64);
            let ctx = contexts(&items);
            let r = v.verify_batch(&items, ContextRule::PerItem(&ctx));
            assert!(r.all_valid(), "{n}, {:?}: {r:?}", v.backend());
            assert_eq!(r.valid, n);
        }
    }
    let r = p.verifier.verify_batch(&[], ContextRule::Any);
    assert_eq!(
        r,
        BatchReport {
            total: 0,
            valid: 0,
            invalid: vec![]
        }
    );
}

#[test]
fn each_fault_is_named_at_its_position() {
    let p = pool();
    let faults = [
        Fault::A,
        Fault::B,
        Fault::C,
        Fault::Input,
        Fault::OtherCircuitsProof,
        Fault::ForgedCircuitId,
        Fault::OtherContext,
    ];
    for (k, fault) in faults.iter().enumerate() {
        let mut items = valid_items(23, 100 + k as u64);
        let pos = (7 * k + 3) % items.len();
        let mut ctx = contexts(&items);
        let reason = corrupt(&mut items[pos], *fault);
        if let Fault::OtherContext = fault {
            ctx[pos] = common::World::context(424_242);
        }
        let r = p.verifier.verify_batch(&items, ContextRule::PerItem(&ctx));
        assert_eq!(r.invalid.len(), 1, "{fault:?}: {r:?}");
        assert_eq!(r.invalid[0].index, pos, "{fault:?}");
        assert_eq!(r.invalid[0].reason, reason, "{fault:?}");
        assert_eq!(r.valid, items.len() - 1);
    }
}

#[test]
fn several_invalid_items_are_all_named() {
    let mut items = valid_items(50, 7);
    let bad = [0usize, 9, 10, 33, 49];
    for (j, i) in bad.iter().enumerate() {
        corrupt(
            &mut items[*i],
            [Fault::A, Fault::C, Fault::B, Fault::Input, Fault::C][j],
        );
    }
    for v in verifiers() {
        let r = v.verify_batch(&items, ContextRule::Any);
        assert_eq!(
            r.invalid.iter().map(|x| x.index).collect::<Vec<_>>(),
            bad.to_vec(),
            "{:?}",
            v.backend()
        );
    }
}

#[test]
fn cancelling_errors_are_caught() {
    // Two proofs of the same circuit: C₁ + D and C₂ − D. Summed without weights, Σ Cᵢ is unchanged and
    // a naive batch check passes; with random weights it fails, and both items are named.
    let mut items = valid_items(10, 11);
    let (i, j) = (0, 4);
    assert_eq!(items[i].0.circuit_id(), items[j].0.circuit_id());
    let d = G1Projective::generator() * Fr::from(123_456_789u64);
    for (k, sign) in [(i, 1i8), (j, -1)] {
        let mut ark = items[k].1.to_ark();
        ark.c = if sign > 0 {
            (ark.c + d).into_affine()
        } else {
            (ark.c - d).into_affine()
        };
        items[k].1 = Proof::from_ark(items[k].0.circuit_id(), &ark).unwrap();
    }
    // The unweighted sum of the C points is unchanged.
    let orig = valid_items(10, 11);
    let sum = |v: &[(Statement, Proof)]| {
        v.iter()
            .map(|(_, p)| p.to_ark().c)
            .fold(G1Projective::default(), |a, c| a + c)
    };
    assert_eq!(sum(&items), sum(&orig));
    for v in verifiers() {
        let r = v.verify_batch(&items, ContextRule::Any);
        assert_eq!(
            r.invalid.iter().map(|x| x.index).collect::<Vec<_>>(),
            vec![i, j],
            "{:?}",
            v.backend()
        );
    }
}

#[test]
fn bytes_api_names_malformed_items() {
    let p = pool();
    let items = valid_items(6, 13);
    let mut encoded: Vec<(Vec<u8>, Vec<u8>)> = items
        .iter()
        .map(|(s, pf)| (s.to_bytes(), pf.to_bytes()))
        .collect();
    encoded[1].1.truncate(100);
    encoded[4].0.push(0);
    let refs: Vec<(&[u8], &[u8])> = encoded
        .iter()
        .map(|(a, b)| (a.as_slice(), b.as_slice()))
        .collect();
    let r = p.verifier.verify_batch_bytes(&refs, ContextRule::Any);
    assert_eq!(
        r.invalid.iter().map(|x| x.index).collect::<Vec<_>>(),
        vec![1, 4]
    );
    assert!(matches!(r.invalid[0].reason, Rejection::Malformed(_)));
}

/// From bytes, B's subgroup test runs over the whole batch after the other checks (eight points per
/// register on the vector backend). The verdicts and the errors are still the strict decoder's: B
/// outside G2 (with a small-order component, of small order alone, a random curve point), in either
/// proof form, alone or with another fault after it in the bytes, among valid items.
#[test]
fn bytes_api_reports_the_strict_decoders_errors() {
    use common::points::{g2_of_small_order, g2_outside_subgroup, G2_COFACTOR_SMALL_PRIMES};
    let items = valid_items(40, 21);
    let mut encoded: Vec<(Vec<u8>, Vec<u8>)> = Vec::new();
    // B written over the encoded proof: at byte 66 (64 bytes, compressed) or byte 98 (four
    // coordinates, uncompressed).
    let with_b = |bytes: &mut Vec<u8>, b: ark_bn254::G2Affine| {
        use ark_ff::{BigInteger, PrimeField};
        use ark_serialize::CanonicalSerialize;
        let mut enc = Vec::new();
        match bytes[0] {
            b'Q' => {
                for x in [b.x.c0, b.x.c1, b.y.c0, b.y.c1] {
                    enc.extend(x.into_bigint().to_bytes_le());
                }
                bytes[98..226].copy_from_slice(&enc);
            }
            _ => {
                b.serialize_compressed(&mut enc).unwrap();
                bytes[66..130].copy_from_slice(&enc);
            }
        }
    };
    for (i, (s, pf)) in items.iter().enumerate() {
        let small = g2_of_small_order(G2_COFACTOR_SMALL_PRIMES[i % 3]);
        let mut bytes = match i % 4 {
            3 => pf.to_bytes_uncompressed(),
            _ => pf.to_bytes(),
        };
        match i % 8 {
            1 => with_b(&mut bytes, (pf.to_ark().b + small).into_affine()),
            3 => with_b(&mut bytes, small),
            5 => with_b(&mut bytes, g2_outside_subgroup()),
            _ => {}
        }
        // A second fault after B: C's bytes, or a trailing byte.
        if i % 16 == 1 || i % 16 == 6 {
            let at = bytes.len() - 1;
            bytes[at] ^= 0x5a;
        }
        if i % 16 == 5 {
            bytes.push(0);
        }
        encoded.push((s.to_bytes(), bytes));
    }
    let refs: Vec<(&[u8], &[u8])> = encoded
        .iter()
        .map(|(a, b)| (a.as_slice(), b.as_slice()))
        .collect();
    let expected: Vec<Option<String>> = encoded
        .iter()
        .map(|(_, pb)| Proof::from_bytes_any(pb).err().map(|e| e.to_string()))
        .collect();
    let count = |what: &str| {
        expected
            .iter()
            .filter(|e| e.as_deref().is_some_and(|e| e.contains(what)))
            .count()
    };
    assert!(count("prime-order subgroup") >= 10 && count("") >= 15);
    for v in verifiers() {
        let r = v.verify_batch_bytes(&refs, ContextRule::Any);
        for (i, want) in expected.iter().enumerate() {
            let got = r.invalid.iter().find(|x| x.index == i).map(|x| &x.reason);
            match (want, got) {
                (None, None) => {}
                (Some(w), Some(Rejection::Malformed(g))) => assert_eq!(w, g, "item {i}"),
                _ => panic!(
                    "item {i}: expected {want:?}, got {got:?} ({:?})",
                    v.backend()
                ),
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(12))]
    #[test]
    fn batch_verdicts_equal_single_verdicts(
        n in 1usize..24,
        faults in prop::collection::vec((0usize..24, 0usize..4), 0..5),
        seed in any::<u64>()
    ) {
        let p = pool();
        let mut items = valid_items(n, seed);
        for (pos, f) in faults {
            if pos < n {
                corrupt(&mut items[pos], [Fault::A, Fault::B, Fault::C, Fault::Input][f]);
            }
        }
        let [auto, scalar] = verifiers();
        let r = auto.verify_batch(&items, ContextRule::Any);
        for (i, (s, pf)) in items.iter().enumerate() {
            let single = p.verifier.verify(s, pf, &s.context()).is_ok();
            prop_assert_eq!(r.is_valid(i), single, "item {}", i);
        }
        prop_assert_eq!(scalar.verify_batch(&items, ContextRule::Any), r);
    }
}
