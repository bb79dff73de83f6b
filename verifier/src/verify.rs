//! Single and batch verification, and culprit finding, on one thread.
//!
//! # The batch check
//! A Groth16 proof `(A, B, C)` for inputs `x` verifies when `e(A, B) = e(α, β)·e(L, γ)·e(C, δ)` with
//! `L = IC₀ + Σⱼ xⱼ·ICⱼ`. For a batch, each item `i` gets a 128-bit weight `ρᵢ` and the verifier
//! checks one product, per key `k` over its items:
//!
//! ```text
//! Πᵢ e(ρᵢ·Aᵢ, Bᵢ) · Πₖ e(−Σρᵢ·Lᵢ, γₖ)·e(−Σρᵢ·Cᵢ, δₖ) = Πₖ e(αₖ, βₖ)^(Σρᵢ)
//! ```
//!
//! — one Miller loop per proof plus two per key, one final exponentiation, and `Σρᵢ·Lᵢ` computed as
//! `(Σρᵢ)·IC₀ + Σⱼ (Σᵢ ρᵢ·xᵢⱼ)·ICⱼ` (one multi-scalar multiplication per key, not one per item). If
//! every item is valid the check passes; if some are not, it passes only if the weighted errors
//! cancel. With exactly one invalid item the error is `eᵢ^ρᵢ ≠ 1` (GT has prime order `r` and
//! `0 < ρᵢ < 2¹²⁸ < r`), so a batch with one bad proof always fails; with several, with probability
//! about `2⁻¹²⁸` over the weights.
//!
//! # Where the weights come from (no OS entropy here)
//! `ρᵢ` is read from blake3 (label `BatchWeights`) over the caller's `entropy` and a transcript of
//! every key fingerprint, public input and proof in the batch, in order:
//! - **No entropy (`&[]`)**: the weights are a deterministic function of the batch — what a consensus
//!   engine needs, since every node must reach the same verdict. This is Fiat–Shamir: to make a batch
//!   with invalid proofs pass, whoever builds it must find contents whose hash gives weights under
//!   which the errors cancel, about `2¹²⁸` hash evaluations (blake3 modelled as a random oracle).
//! - **A block hash or a VRF output** fixed after the batch's contents were: the weights are
//!   unpredictable to the submitters as well, which removes the grinding attack altogether while
//!   staying deterministic across nodes.
//! - **Local randomness** (a node that only filters its mempool): unpredictable to everyone; verdicts
//!   are the same with overwhelming probability, but not bit-for-bit reproducible.
//!
//! # Culprits
//! When the batch check fails, [`Verifier::verify_batch`] bisects: a group that fails is halved, and
//! when the left half passes the right half is known to fail and is halved without a check of its
//! own; groups of two or fewer are verified singly. The weights are drawn once per batch (a subset of
//! independent weights is still independent). With `k` invalid items among `n` this costs about
//! `2k·log₂(n/k)` group checks; a ledger that batches per submitter and drops a submitter whose batch
//! reports invalid items bounds what an attacker can make it spend. (The prover crate's native
//! verifier adds an adaptive search whose worst case stays near verifying every item singly.)
use crate::decode::{Proof, Statement, VerifyingKey};
use crate::error::Error;
use crate::transcript::{Label, Transcript};
use alloc::vec::Vec;
use ark_bn254::{Bn254, Fq, Fr, G1Affine, G1Projective};
use ark_ec::pairing::{Pairing, PairingOutput};
use ark_ec::{AffineRepr, CurveGroup, VariableBaseMSM};
use ark_ff::{BigInteger, PrimeField, Zero};

/// Why an item of a batch was rejected.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rejection {
    /// Its bytes did not decode.
    Malformed(Error),
    /// No key for the statement's circuit.
    UnknownCircuit,
    /// The proof is for another circuit than the statement.
    WrongCircuit,
    /// The statement's kind or input count is not its key's.
    KindMismatch,
    /// The statement's context is not the one the caller requires.
    WrongContext,
    /// The proof does not verify.
    InvalidProof,
}

impl Rejection {
    /// A stable one-byte code (the WebAssembly API reports it): 1 malformed, 2 unknown circuit,
    /// 3 wrong circuit, 4 kind mismatch, 5 wrong context, 6 invalid proof.
    pub fn code(&self) -> u8 {
        match self {
            Rejection::Malformed(_) => 1,
            Rejection::UnknownCircuit => 2,
            Rejection::WrongCircuit => 3,
            Rejection::KindMismatch => 4,
            Rejection::WrongContext => 5,
            Rejection::InvalidProof => 6,
        }
    }
}

/// The outcome of a batch.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Report {
    /// Items in the batch.
    pub total: usize,
    /// Items that verified.
    pub valid: usize,
    /// Items that did not, in increasing index order, with the reason.
    pub invalid: Vec<(usize, Rejection)>,
}

impl Report {
    /// Whether every item verified.
    pub fn all_valid(&self) -> bool {
        self.invalid.is_empty()
    }
}

/// A key with what verification reuses: `e(α, β)` and the negated `γ`, `δ` prepared for the Miller
/// loop.
#[derive(Clone, Debug)]
struct PreparedKey {
    vk: VerifyingKey,
    alpha_beta: PairingOutput<Bn254>,
    gamma: <Bn254 as Pairing>::G2Prepared,
    delta: <Bn254 as Pairing>::G2Prepared,
}

/// The verifier: the keys a ledger trusts. `Send + Sync`, no global state, no threads, no entropy of
/// its own.
#[derive(Clone, Debug, Default)]
pub struct Verifier {
    keys: Vec<PreparedKey>,
}

/// One item's inputs to the batch equation.
struct Item<'a> {
    key: usize,
    st: &'a Statement,
    pf: &'a Proof,
}

impl Verifier {
    /// A verifier for `keys`; two keys for one circuit are refused.
    pub fn new(keys: Vec<VerifyingKey>) -> Result<Self, Error> {
        let mut out = Verifier::default();
        for vk in keys {
            if out.keys.iter().any(|k| k.vk.circuit_id == vk.circuit_id) {
                return Err(Error::DuplicateKey);
            }
            let alpha_beta = Bn254::pairing(vk.alpha_g1, vk.beta_g2);
            let gamma = (-vk.gamma_g2).into();
            let delta = (-vk.delta_g2).into();
            out.keys.push(PreparedKey {
                vk,
                alpha_beta,
                gamma,
                delta,
            });
        }
        Ok(out)
    }

    /// The keys, in the order given.
    pub fn keys(&self) -> impl Iterator<Item = &VerifyingKey> {
        self.keys.iter().map(|k| &k.vk)
    }

    fn check(&self, st: &Statement, pf: &Proof, context: Option<&Fr>) -> Result<usize, Rejection> {
        let k = self
            .keys
            .iter()
            .position(|k| k.vk.circuit_id == st.circuit_id)
            .ok_or(Rejection::UnknownCircuit)?;
        if pf.circuit_id != st.circuit_id {
            return Err(Rejection::WrongCircuit);
        }
        let vk = &self.keys[k].vk;
        if st.kind != vk.kind || st.inputs.len() + 1 != vk.ic.len() {
            return Err(Rejection::KindMismatch);
        }
        if let Some(c) = context {
            if st.context() != *c {
                return Err(Rejection::WrongContext);
            }
        }
        Ok(k)
    }

    /// Verifies one proof (and, if given, that the statement's context is `context`).
    pub fn verify(
        &self,
        st: &Statement,
        pf: &Proof,
        context: Option<&Fr>,
    ) -> Result<(), Rejection> {
        let key = self.check(st, pf, context)?;
        let item = Item { key, st, pf };
        let weights = [Fr::from(1u64)];
        if self.holds(&[item], &weights) {
            Ok(())
        } else {
            Err(Rejection::InvalidProof)
        }
    }

    /// Verifies a batch of decoded items with weights from `entropy` and the batch (see the module docs
    /// on what to pass), and finds the invalid ones.
    pub fn verify_batch(
        &self,
        items: &[(Statement, Proof)],
        context: Option<&Fr>,
        entropy: &[u8],
    ) -> Report {
        let mut report = Report {
            total: items.len(),
            ..Report::default()
        };
        let mut checked = Vec::with_capacity(items.len());
        let mut positions = Vec::with_capacity(items.len());
        for (i, (st, pf)) in items.iter().enumerate() {
            match self.check(st, pf, context) {
                Ok(key) => {
                    checked.push(Item { key, st, pf });
                    positions.push(i);
                }
                Err(r) => report.invalid.push((i, r)),
            }
        }
        let weights = self.weights(&checked, entropy);
        let mut bad = Vec::new();
        let all: Vec<usize> = (0..checked.len()).collect();
        self.culprits(&checked, &weights, &all, false, &mut bad);
        report.invalid.extend(
            bad.into_iter()
                .map(|j| (positions[j], Rejection::InvalidProof)),
        );
        report.invalid.sort_unstable_by_key(|(i, _)| *i);
        report.valid = report.total - report.invalid.len();
        report
    }

    /// [`Verifier::verify_batch`] from bytes: `(statement, proof)` per item, each decoded strictly; an
    /// item that does not decode is rejected alone.
    pub fn verify_batch_bytes(
        &self,
        items: &[(&[u8], &[u8])],
        context: Option<&Fr>,
        entropy: &[u8],
    ) -> Report {
        let mut decoded = Vec::with_capacity(items.len());
        let mut positions = Vec::with_capacity(items.len());
        let mut malformed = Vec::new();
        for (i, (st, pf)) in items.iter().enumerate() {
            match Statement::from_bytes(st).and_then(|s| Ok((s, Proof::from_bytes(pf)?))) {
                Ok(item) => {
                    decoded.push(item);
                    positions.push(i);
                }
                Err(e) => malformed.push((i, Rejection::Malformed(e))),
            }
        }
        let inner = self.verify_batch(&decoded, context, entropy);
        let mut invalid = malformed;
        invalid.extend(inner.invalid.into_iter().map(|(j, r)| (positions[j], r)));
        invalid.sort_unstable_by_key(|(i, _)| *i);
        Report {
            total: items.len(),
            valid: items.len() - invalid.len(),
            invalid,
        }
    }

    /// Bisection over `group` (indices into `items`); `known_bad` skips the group's own check.
    fn culprits(
        &self,
        items: &[Item<'_>],
        weights: &[Fr],
        group: &[usize],
        known_bad: bool,
        out: &mut Vec<usize>,
    ) {
        if group.is_empty() {
            return;
        }
        if group.len() <= 2 {
            for &i in group {
                if !self.holds(&[self.item(items, i)], &[Fr::from(1u64)]) {
                    out.push(i);
                }
            }
            return;
        }
        if !known_bad && self.group_holds(items, weights, group) {
            return;
        }
        let (left, right) = group.split_at(group.len() / 2);
        if self.group_holds(items, weights, left) {
            self.culprits(items, weights, right, true, out);
        } else {
            self.culprits(items, weights, left, true, out);
            self.culprits(items, weights, right, false, out);
        }
    }

    fn item<'a>(&self, items: &[Item<'a>], i: usize) -> Item<'a> {
        Item {
            key: items[i].key,
            st: items[i].st,
            pf: items[i].pf,
        }
    }

    fn group_holds(&self, items: &[Item<'_>], weights: &[Fr], group: &[usize]) -> bool {
        let sub: Vec<Item<'_>> = group.iter().map(|&i| self.item(items, i)).collect();
        let w: Vec<Fr> = group.iter().map(|&i| weights[i]).collect();
        self.holds(&sub, &w)
    }

    /// The batch equation for `items` with `weights`.
    fn holds(&self, items: &[Item<'_>], weights: &[Fr]) -> bool {
        if items.is_empty() {
            return true;
        }
        let mut g1: Vec<G1Affine> = Vec::with_capacity(items.len() + 2 * self.keys.len());
        let mut g2: Vec<<Bn254 as Pairing>::G2Prepared> =
            Vec::with_capacity(items.len() + 2 * self.keys.len());
        let a: Vec<G1Projective> = items
            .iter()
            .zip(weights)
            .map(|(it, w)| it.pf.a.mul_bigint(w.into_bigint()))
            .collect();
        g1.extend(G1Projective::normalize_batch(&a));
        g2.extend(items.iter().map(|it| it.pf.b.into()));
        let mut target = PairingOutput::<Bn254>::zero();
        for (k, key) in self.keys.iter().enumerate() {
            let mine: Vec<(&Item<'_>, &Fr)> = items
                .iter()
                .zip(weights)
                .filter(|(it, _)| it.key == k)
                .collect();
            if mine.is_empty() {
                continue;
            }
            let ic = &key.vk.ic;
            let mut scalars = alloc::vec![Fr::zero(); ic.len()];
            let mut c = G1Projective::zero();
            for (it, w) in &mine {
                scalars[0] += **w;
                for (s, x) in scalars[1..].iter_mut().zip(&it.st.inputs) {
                    *s += **w * x;
                }
                c += it.pf.c.mul_bigint(w.into_bigint());
            }
            let l = G1Projective::msm(ic, &scalars).unwrap_or_default();
            target += key.alpha_beta * scalars[0];
            g1.push(l.into_affine());
            g2.push(key.gamma.clone());
            g1.push(c.into_affine());
            g2.push(key.delta.clone());
        }
        let ml = Bn254::multi_miller_loop(g1, g2);
        match Bn254::final_exponentiation(ml) {
            Some(lhs) => lhs == target,
            None => false,
        }
    }

    /// blake3 (`BatchWeights`) over the entropy, then per item its key's fingerprint, inputs and proof.
    fn weights(&self, items: &[Item<'_>], entropy: &[u8]) -> Vec<Fr> {
        let mut h = Transcript::new(Label::BatchWeights);
        h.u64(entropy.len() as u64)
            .bytes(entropy)
            .u64(items.len() as u64);
        for it in items {
            h.bytes(&self.keys[it.key].vk.fingerprint)
                .u64(it.st.inputs.len() as u64);
            for x in &it.st.inputs {
                h.fr(x);
            }
            let p = it.pf;
            let coords: [&Fq; 8] = [
                &p.a.x, &p.a.y, &p.b.x.c0, &p.b.x.c1, &p.b.y.c0, &p.b.y.c1, &p.c.x, &p.c.y,
            ];
            for c in coords {
                h.bytes(&c.into_bigint().to_bytes_le());
            }
        }
        let mut xof = h.finish_xof();
        items
            .iter()
            .map(|_| {
                let mut b = [0u8; 16];
                xof.fill(&mut b);
                // 128 bits, never zero (ρ = 0 would drop the item from the check).
                let w = Fr::from(u128::from_le_bytes(b));
                if w.is_zero() {
                    Fr::from(1u64)
                } else {
                    w
                }
            })
            .collect()
    }
}
