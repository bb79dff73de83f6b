//! A mixed batch for the embedded verifier (`tradeproof-verifier`, its WebAssembly build): real
//! proofs of several claim kinds as bytes, with a few invalid and malformed items at known
//! positions, and the keys. The Rust tests and the WebAssembly test in Node use the same batch, and
//! compare the embedded verifier's verdicts with the native one's.
use crate::World;
use ark_bn254::{Bn254, G1Projective};
use ark_ec::{CurveGroup, PrimeGroup};
use ark_groth16::Groth16;
use rand::SeedableRng;
use tradeproof::prelude::*;
use tradeproof::wire::binary::Encode;
use tradeproof::{keys, Randomness};

/// The batch: keys, `(statement, proof)` bytes per item, and what was done to the faulty ones.
pub struct EmbeddedBatch {
    /// One verifying key per kind.
    pub keys: Vec<VerifyingKey>,
    /// The items as bytes.
    pub items: Vec<(Vec<u8>, Vec<u8>)>,
    /// `(index, fault)` of every item made invalid or malformed.
    pub faults: Vec<(usize, &'static str)>,
}

/// `n` items (at least 64) cycling through `kinds` (value range, origin equals or customs
/// clearance), every seventh proof in the uncompressed form, with faults at fixed positions: a
/// changed `A`, a changed public input (the context), a truncated proof, another circuit's proof, a non-canonical
/// input, another circuit's proof relabelled with this circuit's id, and garbage.
pub fn embedded_batch(
    kinds: &[ClaimKind],
    n: usize,
    seed: u64,
) -> tradeproof::Result<EmbeddedBatch> {
    build(kinds, n, seed, false)
}

/// As [`embedded_batch`], but every item proves its own statement (value range and origin equals
/// under the context of its index; customs clearance keeps one statement), as a ledger that
/// records each accepted statement once needs. Proves `n` times instead of once per kind.
pub fn embedded_batch_distinct(
    kinds: &[ClaimKind],
    n: usize,
    seed: u64,
) -> tradeproof::Result<EmbeddedBatch> {
    build(kinds, n, seed, true)
}

fn build(
    kinds: &[ClaimKind],
    n: usize,
    seed: u64,
    distinct: bool,
) -> tradeproof::Result<EmbeddedBatch> {
    assert!(n >= 64 && !kinds.is_empty());
    let world: World = crate::world(4, 0, &[], seed);
    let mut pks = Vec::new();
    let mut vks = Vec::new();
    for (i, &kind) in kinds.iter().enumerate() {
        let (pk, vk) = keys::setup_from_seed(kind, [i as u8 + 40; 32])?;
        pks.push(pk);
        vks.push(vk);
    }
    let prover = Prover::new(pks)?;
    let ke = Country::parse("KE")?;
    let proofs = if distinct { n } else { kinds.len() };
    // The proof item `i` carries, and the kind of proof `j`.
    let src = |i: usize| if distinct { i } else { i % kinds.len() };
    let mut witnesses = Vec::new();
    for j in 0..proofs {
        let nonce = if distinct { 1_000 + j as u64 } else { 7 };
        let s = &world.shipments[0];
        witnesses.push(match kinds[j % kinds.len()] {
            ClaimKind::ValueRange => Witness::value_range(
                s.declaration.opening(&s.declaration_key)?,
                &World::context(nonce),
                DocType::CustomsDeclaration,
                layout::AMOUNT,
                crate::BAND.0,
                crate::BAND.1,
            )?,
            ClaimKind::CustomsClearance => world.customs_witness(0)?,
            _ => Witness::origin_equals(
                s.declaration.opening(&s.declaration_key)?,
                &World::context(nonce),
                DocType::CustomsDeclaration,
                ke,
            )?,
        });
    }
    let options = BatchOptions {
        randomness: Randomness::Seeded([seed as u8; 32]),
        ..Default::default()
    };
    let proven = prover
        .prove_batch(witnesses, &options)
        .into_iter()
        .collect::<tradeproof::Result<Vec<_>>>()?;
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
    let mut items = Vec::with_capacity(n);
    for i in 0..n {
        let k = i % kinds.len();
        let (st, pf) = &proven[src(i)];
        let r = Groth16::<Bn254>::rerandomize_proof(vks[k].as_ark(), &pf.to_ark(), &mut rng);
        let pf = Proof::from_ark(st.circuit_id(), &r)?;
        let bytes = if i % 7 == 3 {
            pf.to_bytes_uncompressed()
        } else {
            pf.to_bytes()
        };
        items.push((st.to_bytes(), bytes));
    }
    let other = |i: usize| &proven[src(i + 1)];
    let mut faults = Vec::new();
    let mut fault = |i: usize, what: &'static str, items: &mut Vec<(Vec<u8>, Vec<u8>)>| {
        let (st, pf) = &proven[src(i)];
        match what {
            "A changed" => {
                let mut ark = pf.to_ark();
                ark.a = (ark.a + G1Projective::generator()).into_affine();
                items[i].1 = Proof::from_ark(st.circuit_id(), &ark)?.to_bytes();
            }
            "input changed" => {
                // The context: any field element is a well-formed context.
                let mut inputs = st.inputs().to_vec();
                inputs[st.kind().context_index()] += ark_bn254::Fr::from(1u64);
                items[i].0 = Statement::from_inputs(st.circuit_id(), st.kind(), inputs)?.to_bytes();
            }
            "proof truncated" => {
                let len = items[i].1.len();
                items[i].1.truncate(len - 1);
            }
            "another circuit's proof" => items[i].1 = other(i).1.to_bytes(),
            "input not canonical" => {
                // The last input's top byte set: above r.
                let len = items[i].0.len();
                items[i].0[len - 1] = 0xff;
            }
            "relabelled proof" => {
                items[i].1 = Proof::from_ark(st.circuit_id(), &other(i).1.to_ark())?.to_bytes();
            }
            _ => items[i].1 = b"not a proof".to_vec(),
        }
        faults.push((i, what));
        Ok::<(), tradeproof::Error>(())
    };
    for (i, what) in [
        (5, "A changed"),
        (17, "input changed"),
        (30, "proof truncated"),
        (41, "another circuit's proof"),
        (52, "input not canonical"),
        (60, "relabelled proof"),
        (n - 1, "garbage"),
    ] {
        fault(i, what, &mut items)?;
    }
    Ok(EmbeddedBatch {
        keys: vks,
        items,
        faults,
    })
}
