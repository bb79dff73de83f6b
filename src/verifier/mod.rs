//! The verifier that ledgers embed: single and batch verification of (statement, proof) pairs.
//!
//! [`Verifier`] is built from a set of verifying keys, is `Send + Sync`, holds no global state and does
//! no I/O. Every check that needs no pairing comes first (known circuit, proof made for that circuit,
//! public-input count, expected context); then the pairing check.
//!
//! # Batch verification
//! A Groth16 proof `(A, B, C)` for public inputs `x` is valid iff
//! `e(A, B) = e(α, β) · e(L(x), γ) · e(C, δ)` with `L(x) = IC₀ + Σ xⱼ·ICⱼ`. For a batch, the verifier
//! draws a weight `ρᵢ` per proof and checks one product of pairings:
//!
//! ```text
//! Π_i e(ρᵢ·Aᵢ, Bᵢ) · Π_k [ e(Σ_{i∈k} ρᵢ·L(xᵢ), −γ_k) · e(Σ_{i∈k} ρᵢ·Cᵢ, −δ_k) · e(Σ_{i∈k} ρᵢ·α_k, −β_k) ] = 1
//! ```
//!
//! where `k` ranges over the circuits present. `Σ ρᵢ·L(xᵢ)` folds into one small MSM over circuit
//! `k`'s IC points with scalars `Σ ρᵢ·xᵢⱼ` computed in the field; `Σ ρᵢ·Cᵢ` is one MSM per circuit; the
//! `α` term is one scalar multiplication per circuit. One multi-Miller loop over `N + 3K` pairs (split
//! across threads) and **one** final exponentiation replace `N` of each.
//!
//! **Soundness.** If some proof is invalid, the product above is a non-trivial linear form in the
//! weights of the invalid proofs; for weights drawn uniformly from a set of size 2^128 it vanishes with
//! probability at most 2^-128 (for fixed other weights, one bad value per invalid proof). The weights are
//! `ρ = a + λ·b` with `a, b` 64-bit and `λ` the GLV eigenvalue of G1 — 2^128 distinct values, so the
//! bound holds, and `ρ·A = a·A + b·φ(A)` costs a 64-bit double-scalar multiplication. They are derived
//! with blake3 from a transcript of the whole batch (every verifying-key fingerprint, public input and
//! proof) **and** 32 bytes of fresh OS entropy, so a prover cannot choose proofs knowing the weights —
//! without weights, two invalid proofs whose errors cancel (`C₁ + D`, `C₂ − D`) would pass.
//!
//! **Miller loop.** Each thread takes a chunk of the proofs. Where the CPU has AVX-512 IFMA (checked
//! at run time; [`MillerBackend::Auto`]), a chunk runs eight proofs per vector register, one per
//! lane, with lazily reduced 52-bit-limb field arithmetic and each G2 line consumed as soon as it is
//! computed; elsewhere, or with [`MillerBackend::Scalar`], it runs on arkworks' field arithmetic. Both
//! give the same `Fp12` value, and the tests compare them exactly. The weighted points `ρᵢ·Aᵢ` take
//! the same path: eight per register on the vector backend (`simd::weighted`), arkworks' arithmetic
//! otherwise, equal point for point.
//!
//! **From bytes.** [`Verifier::verify_batch_bytes`] decodes the batch with every check of the strict
//! decoders and reaches the same verdict and the same error for every item (`decode`). The costly
//! check, `B`'s membership in G2, is made by the batch check for almost nothing: building `B`'s
//! lines ends on `[6x+2]B + ψ(B) − ψ²(B)`, which equals `−ψ³(B)` exactly when `B` is in G2
//! (`pairing`'s module notes, where the test is shown exact for every point of the twist). Items
//! whose `B` is outside G2 are reported malformed with the strict decoder's error; chunks stop short
//! of their Miller loop once one has found such an item, and the others (now known to be in G2) go
//! through the culprit search's sample first, then — if the sample holds no invalid item — one batch
//! check with fresh weights. Malformed items thus add at most one cut-short batch check (chunks
//! after the first find compute their lines only) to the bound below (measured:
//! `verify_under_attack`'s from-bytes table). On the
//! vector backend the square roots of compressed points run eight per register over the whole batch
//! (a point is accepted only if arkworks re-encodes it to the submitted bytes); untrusted points
//! never reach an incomplete formula unguarded: every vector lane is certified by a non-zero final
//! `Z` coordinate or a non-zero denominator, else decided by arkworks' arithmetic.
//!
//! **Culprits.** When the batch check fails, the verifier finds exactly which items are invalid, at a
//! cost bounded by about that of verifying every item singly whatever the number and placement of the
//! invalid items (see *Culprit search* below): it checks a random sample singly, goes on singly if a
//! quarter or more of the sample is invalid, and otherwise batch-checks random groups sized for the
//! estimated number of culprits, bisecting the groups that fail (fresh weights for every check).
//!
//! # Culprit search
//! Costs in units of one single verification `s` (arkworks' `verify_proof`; the search's own single
//! checks share `B`'s line computation across a chunk and cost about `0.85·s`, module `singly`): a
//! batch check of `m` items costs about
//! `b·m + F` with `b ≈ s/10` and `F ≈ s` (the final exponentiation and the per-circuit terms). A
//! batch of `n` items with `k` invalid ones costs:
//! - `k = 0`: one batch check, `b·n + F`.
//! - after the batch check fails, a sample of 16 random items verified singly (each one decided, so
//!   not wasted when many are invalid);
//! - four or more of the 16 invalid (density ≳ 1/4): the other items singly. Total ≤ `(0.85 + b)·n + F`:
//!   about 0.95× verifying every item singly with arkworks, the bound of the search;
//! - otherwise the other items are shuffled (so that no placement chosen by whoever built the batch
//!   lines up with the groups) and cut into groups of `g = √(F·n / (b·k̂))` items, `k̂` the number of
//!   invalid items the sample suggests; each group is batch-checked, and a group that fails is
//!   bisected: when its first half passes, the second half is known to fail and is split without
//!   being checked as a whole. With `k̂` close to `k` this costs about `2·b·n + 2·√(F·b·n·k)` plus
//!   `~k·log₂ g` small checks — far below `n·s` for any `k` the sample lets through.
//!
//! The sample misjudges a density of 1/2 as below 1/4 with probability about 1 %, in which case the
//! search costs about 1.35× singles. Measured figures, for 0 to 512 invalid items among 1,024 placed
//! at random, every other item, or one per group of four: `BENCHMARKS.md` (`verify_under_attack`).
//!
//! **Capping work per submitter.** The verifier sees items, not submitters; a ledger that wants each
//! submitter's invalid items to cost that submitter rather than everyone batches per submitter (one
//! `verify_batch` per submitter's items, or per block with submitters whose earlier items all passed),
//! and drops a submitter whose batch reports invalid items before verifying more of its items. The
//! report's per-item reasons make that policy a few lines of code.
mod decode;
mod lazy;
mod pairing;
mod search;
#[cfg(all(target_arch = "x86_64", feature = "vector-miller"))]
mod simd;
mod singly;
mod weights;

use crate::encoding::g2_in_subgroup;
pub use crate::error::Rejection;
use crate::error::{Error, Result};
use crate::keys::{CircuitId, VerifyingKey};
use crate::statement::{Context, Proof, Statement};
use ark_bn254::{Bn254, Fq12, Fr, G1Affine, G1Projective, G2Affine};
use ark_ec::scalar_mul::glv::GLVConfig;
use ark_ec::{CurveGroup, VariableBaseMSM};
use ark_ff::{One, Zero};
use ark_groth16::{Groth16, PreparedVerifyingKey};
use pairing::{
    g1_prepare, g1_prepare_affine, is_one_after_final_exp, lines, lines_checking_membership,
    miller_loop, weighted_points, G1Pre, Line, LinesOf, Weight,
};
use rayon::prelude::*;
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use weights::weights;

struct PreparedKey {
    vk: VerifyingKey,
    pvk: PreparedVerifyingKey<Bn254>,
    /// Affine lines of −γ, −δ and −β, for the batch check (`None` only for points outside the subgroup,
    /// which key decoding refuses; a batch check with such a key fails and its items are checked singly).
    neg_gamma: Option<Vec<Line>>,
    neg_delta: Option<Vec<Line>>,
    neg_beta: Option<Vec<Line>>,
}

/// Which contexts a verifier accepts.
#[derive(Clone, Copy)]
pub enum ContextRule<'a> {
    /// Any context (the caller checks it itself).
    Any,
    /// Exactly this context for every item.
    Exactly(Context),
    /// `contexts[i]` for item `i`.
    PerItem(&'a [Context]),
    /// A predicate on `(index, context)`.
    Check(&'a (dyn Fn(usize, &Context) -> bool + Sync)),
}

impl ContextRule<'_> {
    pub(crate) fn accepts(&self, i: usize, c: &Context) -> bool {
        match self {
            ContextRule::Any => true,
            ContextRule::Exactly(x) => x == c,
            ContextRule::PerItem(v) => v.get(i) == Some(c),
            ContextRule::Check(f) => f(i, c),
        }
    }
}

/// An item of a batch that was rejected.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rejected {
    /// Position in the batch.
    pub index: usize,
    /// Why.
    pub reason: Rejection,
}

/// The outcome of a batch verification.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BatchReport {
    /// Items in the batch.
    pub total: usize,
    /// Items that verified.
    pub valid: usize,
    /// Items that did not, in increasing index order.
    pub invalid: Vec<Rejected>,
}

impl BatchReport {
    /// The report of a batch of `total` items of which `invalid` (in index order) were rejected.
    fn of(total: usize, invalid: Vec<Rejected>) -> Self {
        BatchReport {
            total,
            valid: total - invalid.len(),
            invalid,
        }
    }

    /// Whether every item verified.
    pub fn all_valid(&self) -> bool {
        self.invalid.is_empty()
    }

    /// Whether item `i` verified.
    pub fn is_valid(&self, i: usize) -> bool {
        i < self.total && !self.invalid.iter().any(|r| r.index == i)
    }
}

/// How the batch check computes its Miller loop.
///
/// Both give the same result (the vector loop equals the scalar one exactly); they differ in speed
/// only. See [`Verifier::with_backend`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum MillerBackend {
    /// Eight proofs at once in AVX-512 IFMA registers when the CPU has them (checked at run time on
    /// x86-64), otherwise the scalar loop.
    #[default]
    Auto,
    /// Always the scalar loop, on arkworks' field arithmetic.
    Scalar,
}

impl MillerBackend {
    /// Whether batches checked with this setting use the vector loop on this machine.
    pub fn uses_vector_loop(self) -> bool {
        #[cfg(all(target_arch = "x86_64", feature = "vector-miller"))]
        {
            self == MillerBackend::Auto && simd::available()
        }
        #[cfg(not(all(target_arch = "x86_64", feature = "vector-miller")))]
        {
            false
        }
    }
}

/// The verifier: prepared verifying keys indexed by circuit id.
#[derive(Clone, Default)]
pub struct Verifier {
    keys: HashMap<CircuitId, Arc<PreparedKey>>,
    backend: MillerBackend,
}

impl std::fmt::Debug for Verifier {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Verifier")
            .field("circuits", &self.keys.len())
            .field("backend", &self.backend)
            .finish()
    }
}

/// Groups of at most this many items are checked one proof at a time during bisection.
const SINGLE_CHECK_GROUP: usize = 4;

/// Most proofs in one Miller-loop chunk of a batch check (a multiple of eight, for the vector loop):
/// bounds the memory of the scalar loop's line tables at about 2.8 MB per thread.
const MAX_CHUNK: usize = 256;

impl Verifier {
    /// A verifier for the given keys.
    pub fn new(keys: impl IntoIterator<Item = VerifyingKey>) -> Self {
        let mut v = Verifier::default();
        for k in keys {
            v.add_key(k);
        }
        v
    }

    /// The same verifier with the given Miller-loop backend for batch checks ([`MillerBackend::Auto`]
    /// unless set).
    ///
    /// ```
    /// use tradeproof::verifier::{MillerBackend, Verifier};
    /// let v = Verifier::new([]).with_backend(MillerBackend::Scalar);
    /// assert_eq!(v.backend(), MillerBackend::Scalar);
    /// assert!(!v.backend().uses_vector_loop());
    /// ```
    pub fn with_backend(mut self, backend: MillerBackend) -> Self {
        self.backend = backend;
        self
    }

    /// The Miller-loop backend of batch checks.
    pub fn backend(&self) -> MillerBackend {
        self.backend
    }

    /// Adds (or replaces) a verifying key.
    pub fn add_key(&mut self, vk: VerifyingKey) {
        let pvk = ark_groth16::prepare_verifying_key(&vk.vk);
        let neg_gamma = lines(&[-vk.vk.gamma_g2]);
        let neg_delta = lines(&[-vk.vk.delta_g2]);
        let neg_beta = lines(&[-vk.vk.beta_g2]);
        self.keys.insert(
            vk.circuit_id,
            Arc::new(PreparedKey {
                vk,
                pvk,
                neg_gamma,
                neg_delta,
                neg_beta,
            }),
        );
    }

    /// The verifying key of circuit `id`, if known.
    pub fn key(&self, id: &CircuitId) -> Option<&VerifyingKey> {
        self.keys.get(id).map(|k| &k.vk)
    }

    fn precheck(
        &self,
        i: usize,
        st: &Statement,
        pf: &Proof,
        rule: &ContextRule<'_>,
    ) -> std::result::Result<&PreparedKey, Rejection> {
        let key = self
            .keys
            .get(&st.circuit_id)
            .ok_or(Rejection::UnknownCircuit(st.circuit_id))?;
        if pf.circuit_id != st.circuit_id {
            return Err(Rejection::WrongCircuit {
                statement: st.circuit_id,
                proof: pf.circuit_id,
            });
        }
        if st.kind != key.vk.kind || st.inputs.len() + 1 != key.vk.vk.gamma_abc_g1.len() {
            return Err(Rejection::BadPublicInput(format!(
                "{} inputs of kind {} for a {} circuit",
                st.inputs.len(),
                st.kind,
                key.vk.kind
            )));
        }
        if !rule.accepts(i, &st.context()) {
            return Err(Rejection::ContextMismatch);
        }
        Ok(key)
    }

    /// Verifies one proof (prepared key, arkworks' pairing check) after the same pre-checks as a batch.
    pub fn verify(&self, statement: &Statement, proof: &Proof, expected: &Context) -> Result<()> {
        let key = self
            .precheck(0, statement, proof, &ContextRule::Exactly(*expected))
            .map_err(|r| match r {
                Rejection::UnknownCircuit(c) => Error::UnknownCircuit(c),
                Rejection::WrongCircuit { statement, proof } => Error::CircuitMismatch {
                    expected: statement,
                    found: proof,
                },
                Rejection::ContextMismatch => Error::ContextMismatch,
                other => Error::Rejected(other),
            })?;
        if single_check(key, statement, proof) {
            Ok(())
        } else {
            Err(Error::InvalidProof)
        }
    }

    /// Verifies a batch of (statement, proof) pairs; mixed circuits are allowed. Returns which items are
    /// valid; an empty batch is valid.
    ///
    /// Any batch size is accepted: the Miller loop runs in chunks of at most 256 proofs, so the memory
    /// the check needs beyond the items is about 200 bytes per item plus 2.8 MB per thread (measured:
    /// 8.2 MiB extra for 65,536 items on two threads, `cargo bench --bench verify_under_attack`). If
    /// the batch check fails, the culprit search costs at most about as much as verifying every item
    /// singly (module documentation, *Culprit search*).
    pub fn verify_batch(&self, items: &[(Statement, Proof)], rule: ContextRule<'_>) -> BatchReport {
        let (invalid, outside) = self.check_items(items, &rule, true);
        debug_assert!(outside.is_empty());
        BatchReport::of(items.len(), invalid)
    }

    /// The rejected items of a batch, in index order, and — when the `B` points are not yet tested
    /// for membership in G2 (`b_tested` false) — the items whose `B` is outside G2, which are not
    /// verified further (the caller reports them as the strict decoder would).
    fn check_items(
        &self,
        items: &[(Statement, Proof)],
        rule: &ContextRule<'_>,
        b_tested: bool,
    ) -> (Vec<Rejected>, Vec<usize>) {
        let mut invalid = Vec::new();
        let mut outside = Vec::new();
        let mut candidates: Vec<(usize, &PreparedKey)> = Vec::with_capacity(items.len());
        for (i, (st, pf)) in items.iter().enumerate() {
            match self.precheck(i, st, pf, rule) {
                Ok(k) => candidates.push((i, k)),
                Err(reason) => invalid.push(Rejected { index: i, reason }),
            }
        }
        if !b_tested {
            // Decoding comes first: a proof whose B is outside G2 is malformed, whatever else.
            let idx: Vec<usize> = invalid.iter().map(|r| r.index).collect();
            let in_g2 = b_in_g2(items, &idx, self.backend, &mut outside);
            let mut verdicts = in_g2.into_iter();
            invalid.retain(|_| verdicts.next() == Some(true));
        }
        let mut failed = Vec::new();
        self.find_invalid(items, &candidates, b_tested, &mut failed, &mut outside);
        invalid.extend(failed.into_iter().map(|index| Rejected {
            index,
            reason: Rejection::PairingCheckFailed,
        }));
        invalid.sort_by_key(|r| r.index);
        outside.sort_unstable();
        (invalid, outside)
    }

    /// Verifies a batch given as encoded statements and proofs (untrusted bytes): items that do not
    /// decode are rejected as malformed, the others are verified together. Proofs may come in either
    /// binary form ([`Proof::from_bytes_any`]); decoding runs in parallel and gives each item the
    /// verdict and error of the strict decoders (with AVX-512 IFMA, square roots run
    /// eight per register; module notes).
    pub fn verify_batch_bytes(
        &self,
        items: &[(&[u8], &[u8])],
        rule: ContextRule<'_>,
    ) -> BatchReport {
        let mut decoded = Vec::with_capacity(items.len());
        let mut positions = Vec::with_capacity(items.len());
        let mut malformed = Vec::new();
        let results = decode::decode_batch(items, self.backend);
        for (i, result) in results.into_iter().enumerate() {
            match result {
                Ok(item) => {
                    decoded.push(item);
                    positions.push(i);
                }
                Err(e) => malformed.push(Rejected {
                    index: i,
                    reason: Rejection::Malformed(e.to_string()),
                }),
            }
        }
        let remap = |j: usize| positions[j];
        let inner_rule = |j: usize, c: &Context| rule.accepts(remap(j), c);
        let (invalid, outside) =
            self.check_items(&decoded, &ContextRule::Check(&inner_rule), false);
        let mut invalid: Vec<Rejected> = invalid
            .into_iter()
            .map(|r| Rejected {
                index: remap(r.index),
                reason: r.reason,
            })
            .chain(malformed)
            .chain(outside.into_iter().map(|j| Rejected {
                index: remap(j),
                reason: Rejection::Malformed(decode::outside_g2().to_string()),
            }))
            .collect();
        invalid.sort_by_key(|r| r.index);
        BatchReport::of(items.len(), invalid)
    }

    /// Finds the invalid items of `group` (indices into `items`): one batch check, and the culprit
    /// search of [`search`] if it fails. Unless `b_tested`, the items whose `B` is outside G2 go to
    /// `outside` instead: the batch check tests membership as it builds the lines (the module notes
    /// of `pairing`), and the others go to the culprit search.
    fn find_invalid(
        &self,
        items: &[(Statement, Proof)],
        group: &[(usize, &PreparedKey)],
        b_tested: bool,
        out: &mut Vec<usize>,
        outside: &mut Vec<usize>,
    ) {
        if group.len() <= SINGLE_CHECK_GROUP {
            let members: Vec<(usize, &PreparedKey)> = match b_tested {
                true => group.to_vec(),
                false => {
                    let idx: Vec<usize> = group.iter().map(|(i, _)| *i).collect();
                    let in_g2 = b_in_g2(items, &idx, self.backend, outside);
                    group
                        .iter()
                        .zip(in_g2)
                        .filter(|(_, m)| *m)
                        .map(|(x, _)| *x)
                        .collect()
                }
            };
            out.extend(singles(items, &members));
            return;
        }
        match batch_check_testing(items, group, self.backend, !b_tested) {
            Outcome::Passed => {}
            Outcome::Failed => out.extend(search::culprits(items, group, self.backend, true)),
            Outcome::NotAllInG2 {
                outside: mut not,
                untested,
            } => {
                // Points whose chunk met a zero denominator (only points outside G2 can) are tested
                // one by one.
                b_in_g2(items, &untested, self.backend, &mut not);
                not.sort_unstable();
                let members: Vec<(usize, &PreparedKey)> = group
                    .iter()
                    .filter(|(i, _)| not.binary_search(i).is_err())
                    .copied()
                    .collect();
                outside.extend(not);
                // Nothing is known of the others yet (the check stopped early); the culprit
                // search's sample comes first, so that a batch full of invalid items does not pay
                // a second batch check (its bound then holds with the malformed items on top).
                match members.len() <= SINGLE_CHECK_GROUP {
                    true => out.extend(singles(items, &members)),
                    false => out.extend(search::culprits(items, &members, self.backend, false)),
                }
            }
        }
    }
}

/// Whether the `B` of each item of `idx` is in G2, by the decoders' test (eight points per register
/// where the vector loop runs), in parallel; the items whose `B` is not are added to `outside`.
fn b_in_g2(
    items: &[(Statement, Proof)],
    idx: &[usize],
    backend: MillerBackend,
    outside: &mut Vec<usize>,
) -> Vec<bool> {
    let bs: Vec<G2Affine> = idx.iter().map(|i| items[*i].1.b).collect();
    let test = |c: &[G2Affine]| -> Vec<bool> {
        #[cfg(all(target_arch = "x86_64", feature = "vector-miller"))]
        if backend.uses_vector_loop() {
            if let Some(v) = simd::g2_in_subgroup_8(c) {
                return v;
            }
        }
        let _ = backend;
        c.iter().map(g2_in_subgroup).collect()
    };
    let in_g2: Vec<bool> = bs.par_chunks(64).flat_map_iter(test).collect();
    outside.extend(
        idx.iter()
            .zip(&in_g2)
            .filter(|(_, m)| !**m)
            .map(|(i, _)| *i),
    );
    in_g2
}

/// The items of `group` that fail a single verification (in parallel).
fn singles(items: &[(Statement, Proof)], group: &[(usize, &PreparedKey)]) -> Vec<usize> {
    singly::failing(items, group)
}

fn single_check(key: &PreparedKey, st: &Statement, pf: &Proof) -> bool {
    Groth16::<Bn254>::verify_proof(&key.pvk, &pf.to_ark(), &st.inputs).unwrap_or(false)
}

/// The randomized batch check over `group` (indices into `items` with their keys, every `B` known to
/// be in G2).
fn batch_check(
    items: &[(Statement, Proof)],
    group: &[(usize, &PreparedKey)],
    backend: MillerBackend,
) -> bool {
    matches!(
        batch_check_testing(items, group, backend, false),
        Outcome::Passed
    )
}

/// What a batch check found.
enum Outcome {
    /// Every item is valid.
    Passed,
    /// Some item is invalid.
    Failed,
    /// (Only when testing `B`s.) Some `B` is outside G2, so the pairing check says nothing; the items
    /// whose `B` is outside G2, and those whose `B` could not be tested (a zero denominator in their
    /// chunk's lines, which only points outside G2 produce).
    NotAllInG2 {
        outside: Vec<usize>,
        untested: Vec<usize>,
    },
}

/// One chunk's part of a batch check: its Miller loop, or the items it found outside G2 or could
/// not test.
enum ChunkResult {
    Loop(Option<Box<Fq12>>),
    Outside(Vec<usize>),
    Untested(Vec<usize>),
}

/// The randomized batch check over `group`; with `test_b`, it also tests every `B` for membership in
/// G2 from the point its line computation ends on (scalar loop; `pairing`'s module notes).
fn batch_check_testing(
    items: &[(Statement, Proof)],
    group: &[(usize, &PreparedKey)],
    backend: MillerBackend,
    test_b: bool,
) -> Outcome {
    let w = weights(items, group);
    let threads = rayon::current_num_threads().max(1);
    let vector = backend.uses_vector_loop();
    // With several threads, two chunks per thread keep every core busy while one of them also
    // computes the per-circuit terms. Each chunk has a fixed cost (63 Fp12 squarings; for the vector
    // loop also one inversion per loop step, about 0.7 ms in all), so the vector loop takes chunks of at
    // least 32 proofs, in multiples of eight.
    //
    // Chunks hold at most `MAX_CHUNK` proofs whatever the batch size: the scalar loop builds a chunk's
    // G2 line table (about 11 KB per proof) before consuming it, so the extra memory of a batch check
    // is bounded by `threads × MAX_CHUNK × 11 KB` for the lines plus about 200 bytes per item.
    let parts = if threads > 1 { 2 * threads } else { 1 };
    let chunk = if vector {
        group.len().div_ceil(parts).max(32).next_multiple_of(8)
    } else {
        group.len().div_ceil(parts).max(8)
    }
    .min(MAX_CHUNK);
    let abandoned = AtomicBool::new(false);
    let (keys_f, proofs_f) = rayon::join(
        || circuit_terms(items, group, &w),
        || {
            group
                .par_chunks(chunk)
                .zip(w.par_chunks(chunk))
                .map(|(g, ws)| {
                    // e(ρᵢ·Aᵢ, Bᵢ) for the proofs of this chunk.
                    let qs: Vec<G2Affine> = g.iter().map(|(i, _)| items[*i].1.b).collect();
                    let ids = || g.iter().map(|(i, _)| *i);
                    let outside_of = |in_g2: &[bool]| {
                        ChunkResult::Outside(
                            ids()
                                .zip(in_g2)
                                .filter(|(_, m)| !**m)
                                .map(|(i, _)| i)
                                .collect(),
                        )
                    };
                    // Testing the `B`s on the scalar loop: lines (and membership) first.
                    let scalar_test = || match lines_checking_membership(&qs) {
                        None => Err(ChunkResult::Untested(ids().collect())),
                        Some((_, in_g2)) if in_g2.contains(&false) => Err(outside_of(&in_g2)),
                        Some((l, _)) => Ok(l),
                    };
                    let mut tested_lines = None;
                    if test_b && !vector {
                        match scalar_test() {
                            Err(found) => {
                                abandoned.store(true, Ordering::Relaxed);
                                return found;
                            }
                            // All in G2, but another chunk found a `B` outside G2, so the check will
                            // be made again without it: no Miller loop.
                            Ok(_) if abandoned.load(Ordering::Relaxed) => {
                                return ChunkResult::Loop(None)
                            }
                            Ok(l) => tested_lines = Some(l),
                        }
                    }
                    let points: Vec<G1Affine> = g.iter().map(|(i, _)| items[*i].1.a).collect();
                    #[cfg(all(target_arch = "x86_64", feature = "vector-miller"))]
                    let a = match vector {
                        true => simd::weighted_points_8(&points, ws),
                        false => None,
                    }
                    .unwrap_or_else(|| weighted_points(&points, ws));
                    #[cfg(not(all(target_arch = "x86_64", feature = "vector-miller")))]
                    let a = weighted_points(&points, ws);
                    let Some(pre) = g1_prepare(&a) else {
                        return ChunkResult::Loop(None);
                    };
                    #[cfg(all(target_arch = "x86_64", feature = "vector-miller"))]
                    if vector && test_b {
                        // The vector loop tests membership as it goes; without a verdict (a zero
                        // denominator), the scalar test decides.
                        let in_g2 = match simd::miller_loop_testing(&pre, &qs) {
                            Some((f, in_g2)) if !in_g2.contains(&false) => {
                                return ChunkResult::Loop(Some(Box::new(f)))
                            }
                            Some((_, in_g2)) => Err(outside_of(&in_g2)),
                            None => scalar_test(),
                        };
                        match in_g2 {
                            Err(found) => {
                                abandoned.store(true, Ordering::Relaxed);
                                return found;
                            }
                            Ok(l) => tested_lines = Some(l),
                        }
                    } else if vector {
                        if let Some(f) = simd::miller_loop(&pre, &qs) {
                            return ChunkResult::Loop(Some(Box::new(f)));
                        }
                    }
                    let Some(l) = tested_lines.or_else(|| lines(&qs)) else {
                        return ChunkResult::Loop(None);
                    };
                    let pairs: Vec<(G1Pre, LinesOf<'_>)> = pre
                        .into_iter()
                        .enumerate()
                        .map(|(j, p)| (p, LinesOf::in_table(&l, j, qs.len())))
                        .collect();
                    ChunkResult::Loop(Some(Box::new(miller_loop(&pairs))))
                })
                .collect::<Vec<ChunkResult>>()
        },
    );
    let (mut outside, mut untested) = (Vec::new(), Vec::new());
    let mut product = Some(Fq12::one());
    for chunk in proofs_f {
        match chunk {
            ChunkResult::Loop(f) => product = product.zip(f).map(|(a, b)| a * *b),
            ChunkResult::Outside(v) => outside.extend(v),
            ChunkResult::Untested(v) => untested.extend(v),
        }
    }
    if !outside.is_empty() || !untested.is_empty() {
        return Outcome::NotAllInG2 { outside, untested };
    }
    // A preparation that met a zero denominator (impossible for checked points) fails the check, so the
    // items are decided one by one by arkworks' verifier instead.
    match (keys_f, product) {
        (Some(k), Some(p)) if is_one_after_final_exp(k * p) => Outcome::Passed,
        _ => Outcome::Failed,
    }
}

/// The Miller loop of the per-circuit terms: `e(Σρ·L(x), −γ)·e(Σρ·C, −δ)·e(Σρ·α, −β)` for each circuit.
fn circuit_terms(
    items: &[(Statement, Proof)],
    group: &[(usize, &PreparedKey)],
    w: &[Weight],
) -> Option<Fq12> {
    let mut by_circuit: HashMap<CircuitId, (&PreparedKey, Vec<usize>)> = HashMap::new();
    for (j, (_, key)) in group.iter().enumerate() {
        by_circuit
            .entry(key.vk.circuit_id)
            .or_insert_with(|| (key, Vec::new()))
            .1
            .push(j);
    }
    let terms: Vec<(&PreparedKey, [G1Affine; 3])> = by_circuit
        .into_values()
        .collect::<Vec<_>>()
        .into_par_iter()
        .map(|(key, js)| {
            let ic = &key.vk.vk.gamma_abc_g1;
            let mut scalars = vec![Fr::zero(); ic.len()];
            let mut c_bases = Vec::with_capacity(2 * js.len());
            let mut c_scalars = Vec::with_capacity(2 * js.len());
            for &j in &js {
                let rho = w[j].scalar();
                let (st, pf) = &items[group[j].0];
                scalars[0] += rho;
                for (s, x) in scalars[1..].iter_mut().zip(&st.inputs) {
                    *s += rho * x;
                }
                c_bases.push(pf.c);
                c_bases.push(<ark_bn254::g1::Config as GLVConfig>::endomorphism_affine(
                    &pf.c,
                ));
                c_scalars.push(w[j].a);
                c_scalars.push(w[j].b);
            }
            let alpha = key.vk.vk.alpha_g1 * scalars[0];
            let l = G1Projective::msm(ic, &scalars).unwrap_or_default();
            let c = G1Projective::msm_u64(&c_bases, &c_scalars);
            let t = G1Projective::normalize_batch(&[l, c, alpha]);
            (key, [t[0], t[1], t[2]])
        })
        .collect();
    let mut pairs: Vec<(G1Pre, LinesOf<'_>)> = Vec::with_capacity(3 * terms.len());
    for (key, [l, c, alpha]) in &terms {
        pairs.push((
            g1_prepare_affine(l)?,
            LinesOf::single(key.neg_gamma.as_ref()?),
        ));
        pairs.push((
            g1_prepare_affine(c)?,
            LinesOf::single(key.neg_delta.as_ref()?),
        ));
        pairs.push((
            g1_prepare_affine(alpha)?,
            LinesOf::single(key.neg_beta.as_ref()?),
        ));
    }
    Some(miller_loop(&pairs))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{fixture, witness};

    fn proven(n: u64) -> Vec<(Statement, Proof)> {
        let f = fixture();
        (0..n)
            .map(|i| {
                f.prover
                    .prove(witness(&Context::new(9, i), 0, 10_000_000))
                    .unwrap()
            })
            .collect()
    }

    #[test]
    fn single_verification_and_its_refusals() {
        let f = fixture();
        let v = Verifier::new([f.vk.clone()]);
        let items = proven(2);
        let (st, pf) = &items[0];
        assert!(v.verify(st, pf, &st.context()).is_ok());
        assert!(matches!(
            v.verify(st, pf, &Context::new(9, 99)),
            Err(Error::ContextMismatch)
        ));
        // Another item's proof for this statement.
        assert!(matches!(
            v.verify(st, &items[1].1, &st.context()),
            Err(Error::InvalidProof)
        ));
        assert!(matches!(
            Verifier::new([]).verify(st, pf, &st.context()),
            Err(Error::UnknownCircuit(_))
        ));
        let mut other = *pf;
        other.circuit_id = CircuitId([3; 32]);
        assert!(matches!(
            v.verify(st, &other, &st.context()),
            Err(Error::CircuitMismatch { .. })
        ));
    }

    #[test]
    fn a_batch_singles_out_its_invalid_items_on_both_backends() {
        let f = fixture();
        let mut items = proven(5);
        items[1].1 = items[2].1;
        items[4].1 = items[0].1;
        for backend in [MillerBackend::Auto, MillerBackend::Scalar] {
            let v = Verifier::new([f.vk.clone()]).with_backend(backend);
            let report = v.verify_batch(&items, ContextRule::Any);
            assert_eq!(report.total, 5);
            assert_eq!(report.valid, 3);
            let bad: Vec<usize> = report.invalid.iter().map(|r| r.index).collect();
            assert_eq!(bad, vec![1, 4]);
            assert!(report
                .invalid
                .iter()
                .all(|r| r.reason == Rejection::PairingCheckFailed));
            assert!(v.verify_batch(&[], ContextRule::Any).all_valid());
        }
    }

    /// The culprit search finds exactly the invalid items whatever their number and placement: none,
    /// one, a few (sample and groups), a third (groups of the smallest size), most (the sample sends
    /// everything to single checks), on both backends.
    #[test]
    fn culprits_are_exact_for_any_number_and_placement() {
        let f = fixture();
        let valid = proven(48);
        let n = valid.len();
        let placements: Vec<Vec<usize>> = vec![
            vec![],
            vec![47],
            vec![0, 1, 2],
            (0..n).step_by(3).collect(),
            (0..n).filter(|i| i % 8 != 5).collect(),
            (0..n).collect(),
        ];
        for backend in [MillerBackend::Auto, MillerBackend::Scalar] {
            let v = Verifier::new([f.vk.clone()]).with_backend(backend);
            for bad in &placements {
                let mut items = valid.clone();
                for &i in bad {
                    // Another item's proof: valid bytes, wrong statement.
                    items[i].1 = valid[(i + 1) % n].1;
                }
                let report = v.verify_batch(&items, ContextRule::Any);
                let found: Vec<usize> = report.invalid.iter().map(|r| r.index).collect();
                assert_eq!(&found, bad, "{backend:?}");
                assert_eq!(report.valid, n - bad.len());
            }
        }
    }

    /// The circuits see the context only as `ctx·ctx` ([`crate::claims::bind_context`]), which `−ctx`
    /// satisfies as well; what binds a proof to `ctx` is Groth16's input term `Σ xᵢ·ICᵢ`, in which
    /// `−ctx` differs from `ctx` by `2·ctx·IC_ctx ≠ 0`. A proof made for `ctx` therefore fails for `−ctx`
    /// (and for `ctx + 1`), singly, in a batch and with plain ark-groth16.
    #[test]
    fn a_proof_for_a_context_fails_for_its_negation() {
        use ark_groth16::Groth16;
        let f = fixture();
        let ctx = Context::new(9, 7);
        let (st, pf) = f.prover.prove(witness(&ctx, 0, 10_000_000)).unwrap();
        let v = Verifier::new([f.vk.clone()]);
        assert!(v.verify(&st, &pf, &ctx).is_ok());
        let claim = st.claim().unwrap();
        let pvk = ark_groth16::prepare_verifying_key(f.vk.as_ark());
        for other in [-ctx.to_field(), ctx.to_field() + ark_bn254::Fr::from(1u64)] {
            let other = Context::from_field(other);
            let forged = Statement::new(st.circuit_id(), &other, &claim).unwrap();
            assert!(matches!(
                v.verify(&forged, &pf, &other),
                Err(Error::InvalidProof)
            ));
            for backend in [MillerBackend::Auto, MillerBackend::Scalar] {
                let report = Verifier::new([f.vk.clone()])
                    .with_backend(backend)
                    .verify_batch(&[(st.clone(), pf), (forged.clone(), pf)], ContextRule::Any);
                let bad: Vec<usize> = report.invalid.iter().map(|r| r.index).collect();
                assert_eq!(bad, vec![1]);
            }
            assert!(!Groth16::<ark_bn254::Bn254>::verify_proof(
                &pvk,
                &pf.to_ark(),
                forged.inputs()
            )
            .unwrap());
        }
        assert!(
            Groth16::<ark_bn254::Bn254>::verify_proof(&pvk, &pf.to_ark(), st.inputs()).unwrap()
        );
    }

    #[test]
    fn verifiers_are_send_and_sync() {
        fn check<T: Send + Sync>() {}
        check::<Verifier>();
        check::<BatchReport>();
    }
}
