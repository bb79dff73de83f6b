//! Items verified one by one, as the culprit search needs them, on the batch check's arithmetic.
//!
//! Each item's Groth16 equation is checked on its own — no weights, nothing shared between items but
//! the work of computing lines:
//!
//! ```text
//! e(A, B) · e(L(x), −γ) · e(C, −δ) = e(α, β)        L(x) = IC₀ + Σ xⱼ·ICⱼ₊₁
//! ```
//!
//! one Miller loop of three pairs and one final exponentiation per item, compared with the key's
//! `e(α, β)`. What is shared is the computation of `B`'s affine lines: a chunk of items walks its `B`s
//! through the loop together, with one inversion per step for the whole chunk, exactly as the batch
//! check does; the lines of `−γ` and `−δ` are the key's. Against arkworks' `verify_proof` (projective
//! lines for `B`, a loop with three coefficients per line) this saves about a sixth of the time per
//! item on one thread (1.08–1.37 ms against 1.31–1.67 ms for six public inputs, of which about
//! 0.42 ms is the final exponentiation and 0.23 ms the inputs' multi-scalar multiplication, both
//! arkworks' and the same on either path). That is what the culprit search spends when many items
//! of a batch are invalid (`BENCHMARKS.md`, `verify_under_attack`).
//!
//! Items the shared path cannot take — `B` the identity, a key without lines, a public input count
//! that does not fit the key, a zero denominator in the chunk's lines (only points outside G2 can
//! produce one) — are decided by arkworks' verifier, so every item gets the verdict
//! `Groth16::verify_proof` would give it.
use super::pairing::{g1_prepare, lines, miller_loop, Line, LinesOf};
use super::{single_check, PreparedKey};
use crate::statement::{Proof, Statement};
use ark_bn254::{Bn254, G1Projective};
use ark_ec::pairing::{MillerLoopOutput, Pairing};
use ark_ec::AffineRepr;
use ark_groth16::Groth16;
use rayon::prelude::*;

/// The most items that share one chunk of lines.
const CHUNK: usize = 32;

/// The items of `group` (indices into `items` with their keys) that fail a single verification, in
/// parallel, in the order of `group`.
pub(super) fn failing(items: &[(Statement, Proof)], group: &[(usize, &PreparedKey)]) -> Vec<usize> {
    // Chunks small enough that every thread gets one, large enough to share the inversions.
    let size = group
        .len()
        .div_ceil(rayon::current_num_threads())
        .clamp(1, CHUNK);
    group
        .par_chunks(size)
        .flat_map_iter(|chunk| failing_in_chunk(items, chunk))
        .collect()
}

/// [`failing`] for one chunk, on one thread.
fn failing_in_chunk(items: &[(Statement, Proof)], chunk: &[(usize, &PreparedKey)]) -> Vec<usize> {
    let mut verdicts: Vec<Option<bool>> = vec![None; chunk.len()];
    // The items the shared path takes, with L(x) and the key's lines of −γ and −δ.
    let mut shared: Vec<(usize, G1Projective, &[Line], &[Line])> = Vec::with_capacity(chunk.len());
    for (j, (i, key)) in chunk.iter().enumerate() {
        let (st, pf) = &items[*i];
        let (Some(gamma), Some(delta)) = (&key.neg_gamma, &key.neg_delta) else {
            continue;
        };
        if pf.b.is_zero() {
            continue;
        }
        if let Ok(l) = Groth16::<Bn254>::prepare_inputs(&key.pvk, &st.inputs) {
            shared.push((j, l, gamma, delta));
        }
    }
    let bs: Vec<_> = shared
        .iter()
        .map(|(j, ..)| items[chunk[*j].0].1.b)
        .collect();
    let points: Vec<G1Projective> = shared
        .iter()
        .flat_map(|(j, l, ..)| {
            let pf = &items[chunk[*j].0].1;
            [pf.a.into_group(), *l, pf.c.into_group()]
        })
        .collect();
    if let (Some(b_lines), Some(pre)) = (lines(&bs), g1_prepare(&points)) {
        let n = shared.len();
        for (s, (j, _, gamma, delta)) in shared.iter().enumerate() {
            let key = chunk[*j].1;
            let f = miller_loop(&[
                (pre[3 * s], LinesOf::in_table(&b_lines, s, n)),
                (pre[3 * s + 1], LinesOf::single(gamma)),
                (pre[3 * s + 2], LinesOf::single(delta)),
            ]);
            verdicts[*j] = Some(
                Bn254::final_exponentiation(MillerLoopOutput(f))
                    .is_some_and(|r| r.0 == key.pvk.alpha_g1_beta_g2),
            );
        }
    }
    chunk
        .iter()
        .zip(verdicts)
        .filter(|((i, key), verdict)| {
            !verdict.unwrap_or_else(|| single_check(key, &items[*i].0, &items[*i].1))
        })
        .map(|((i, _), _)| *i)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{fixture, witness};
    use crate::Context;
    use ark_bn254::{G1Affine, G2Affine};
    use ark_ec::{CurveGroup, PrimeGroup};

    /// The shared path gives arkworks' verdict on valid items and on each way an item can be wrong or
    /// degenerate, mixed in one chunk and across chunks.
    #[test]
    fn verdicts_match_arkworks() {
        let f = fixture();
        let v = crate::Verifier::new([f.vk.clone()]);
        let key: &PreparedKey = v.keys.values().next().expect("one key");
        let mut items: Vec<(Statement, Proof)> = (0..40u64)
            .map(|i| {
                f.prover
                    .prove(witness(&Context::new(3, i), 0, 10_000_000))
                    .expect("prove")
            })
            .collect();
        let g1 = G1Projective::generator();
        items[1].1.c = (items[1].1.c.into_group() + g1).into_affine();
        items[2].1.a = G1Affine::zero();
        items[3].1.b = G2Affine::zero();
        items[4].1.c = G1Affine::zero();
        items[5].0.inputs[0] += ark_bn254::Fr::from(1u64);
        items[6].0.inputs.pop();
        let a7 = items[7].1.a;
        items[7].1.a = items[9].1.a;
        items[8].1.b = items[10].1.b;
        items[39].1.a = (a7.into_group() + g1).into_affine();
        let group: Vec<(usize, &PreparedKey)> = (0..items.len()).map(|i| (i, key)).collect();
        let expected: Vec<usize> = (0..items.len())
            .filter(|&i| !single_check(key, &items[i].0, &items[i].1))
            .collect();
        assert_eq!(expected, vec![1, 2, 3, 4, 5, 6, 7, 8, 39]);
        assert_eq!(failing(&items, &group), expected);
        for chunk in [1, 5, 32] {
            let got: Vec<usize> = group
                .chunks(chunk)
                .flat_map(|c| failing_in_chunk(&items, c))
                .collect();
            assert_eq!(got, expected, "chunks of {chunk}");
        }
    }
}
