//! The batched prover.
//!
//! [`Prover`] holds, per circuit, everything that does not depend on the witness: the R1CS matrices
//! (synthesized once, where arkworks' prover rebuilds them for every proof), the evaluation domain, and
//! precomputed window tables over every proving-key query (`msm::FixedBaseMsm`). Each proof then
//! costs a witness-only synthesis (no matrices), one pass over the matrices that both checks
//! satisfaction and feeds the QAP witness map, seven FFTs and five fixed-base MSMs.
//!
//! # Parallelism
//! A batch is proven *across* proofs — each rayon worker proves whole proofs on its own — when there
//! are at least as many items as threads, and *inside* each proof (MSMs split over threads) otherwise.
//! Across-proof parallelism won the measurement (see `BENCHMARKS.md`): it has no synchronisation
//! inside a proof and keeps every core busy through the serial parts (synthesis, witness map), whereas
//! splitting one proof's MSMs leaves cores idle during those parts.
//!
//! # Per-item results
//! Each item gets its own `Result`: an unsatisfiable witness (which the prover detects before doing any
//! group operation) or a witness for a circuit without a key fails alone, the rest of the batch is
//! proven. Progress is reported through a callback after every item, and a shared flag cancels the
//! items not yet started.
//!
//! # Secrets
//! The full assignment, the QAP polynomial and the blinding factors are zeroized after each proof; the
//! [`Witness`] (record keys and plaintexts) is dropped, and its openings zeroize on drop.
pub(crate) mod msm;
mod qap;

use crate::circuit::{circuit_shape, CircuitId, CircuitShape};
use crate::claim::Witness;
use crate::error::{Error, Result};
use crate::keys::ProvingKey;
use crate::statement::{Proof, Statement};
use crate::transcript::{Label, Transcript};
use ark_bn254::{g1, g2, Bn254, Fr, G1Projective, G2Projective};
use ark_ec::CurveGroup;
use ark_ff::UniformRand;
use msm::FixedBaseMsm;
use qap::Qap;
use rand::{CryptoRng, RngCore, SeedableRng};
use rayon::prelude::*;
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use zeroize::Zeroize;

/// Everything the prover reuses for one circuit.
pub(crate) struct PreparedCircuit {
    pub(crate) key: ProvingKey,
    pub(crate) shape: Arc<CircuitShape>,
    qap: Qap,
    a: FixedBaseMsm<g1::Config>,
    b1: FixedBaseMsm<g1::Config>,
    b2: FixedBaseMsm<g2::Config>,
    l: FixedBaseMsm<g1::Config>,
    h: FixedBaseMsm<g1::Config>,
}

impl PreparedCircuit {
    fn new(key: ProvingKey) -> Result<Self> {
        let shape = circuit_shape(key.kind)?;
        if shape.id != key.circuit_id {
            return Err(Error::CircuitMismatch {
                expected: shape.id,
                found: key.circuit_id,
            });
        }
        let qap = Qap::new(&shape)
            .ok_or_else(|| Error::Synthesis("no evaluation domain of that size".into()))?;
        let pk = &key.pk;
        let vars = shape.num_instance + shape.num_witness;
        if pk.a_query.len() != vars
            || pk.b_g1_query.len() != vars
            || pk.b_g2_query.len() != vars
            || pk.l_query.len() != shape.num_witness
            || pk.h_query.len() != key.reduction.h_query_len(qap.size())
        {
            return Err(Error::CircuitMismatch {
                expected: shape.id,
                found: key.circuit_id,
            });
        }
        let ((a, b1), (b2, (l, h))) = rayon::join(
            || {
                rayon::join(
                    || FixedBaseMsm::new(&pk.a_query),
                    || FixedBaseMsm::new(&pk.b_g1_query),
                )
            },
            || {
                rayon::join(
                    || FixedBaseMsm::new(&pk.b_g2_query),
                    || {
                        rayon::join(
                            || FixedBaseMsm::new(&pk.l_query),
                            || FixedBaseMsm::new(&pk.h_query),
                        )
                    },
                )
            },
        );
        Ok(Self {
            key,
            shape,
            qap,
            a,
            b1,
            b2,
            l,
            h,
        })
    }

    fn memory_bytes(&self) -> usize {
        self.a.memory_bytes()
            + self.b1.memory_bytes()
            + self.b2.memory_bytes()
            + self.l.memory_bytes()
            + self.h.memory_bytes()
    }

    /// Synthesizes the witness (no matrices) and returns the full assignment `z = [1, inputs, witness]`.
    fn assignment(&self, witness: Witness) -> Result<Vec<Fr>> {
        crate::circuit::assignment(witness, &self.shape)
    }

    /// One proof; `inner` splits the MSMs over the rayon pool.
    fn prove<R: RngCore + CryptoRng>(
        &self,
        witness: Witness,
        rng: &mut R,
        inner: bool,
    ) -> Result<(Statement, Proof)> {
        let kind = witness.kind();
        let inputs = witness.public_inputs().to_vec();
        let mut z = self.assignment(witness)?;
        let mut h = match self.qap.witness_map(&self.shape, &z, self.key.reduction) {
            Ok(h) => h,
            Err(row) => {
                z.zeroize();
                return Err(Error::Unsatisfied {
                    claim: kind.base_name(),
                    constraint: row,
                });
            }
        };
        let pk = &self.key.pk;
        let mut r = Fr::rand(rng);
        let mut s = Fr::rand(rng);
        let ni = self.shape.num_instance;
        let parts = if inner {
            rayon::current_num_threads()
        } else {
            1
        };
        let msm1 = |t: &FixedBaseMsm<g1::Config>, x: &[Fr]| {
            if parts > 1 {
                t.msm_parallel(x, parts)
            } else {
                t.msm(x)
            }
        };
        let msm2 = |t: &FixedBaseMsm<g2::Config>, x: &[Fr]| {
            if parts > 1 {
                t.msm_parallel(x, parts)
            } else {
                t.msm(x)
            }
        };
        let (sum_a, sum_b1, sum_b2, sum_l, sum_h): (
            G1Projective,
            G1Projective,
            G2Projective,
            G1Projective,
            G1Projective,
        ) = if inner {
            let ((sa, sb1), (sb2, (sl, sh))) = rayon::join(
                || (msm1(&self.a, &z), msm1(&self.b1, &z)),
                || {
                    (
                        msm2(&self.b2, &z),
                        (msm1(&self.l, &z[ni..]), msm1(&self.h, &h)),
                    )
                },
            );
            (sa, sb1, sb2, sl, sh)
        } else {
            (
                msm1(&self.a, &z),
                msm1(&self.b1, &z),
                msm2(&self.b2, &z),
                msm1(&self.l, &z[ni..]),
                msm1(&self.h, &h),
            )
        };
        z.zeroize();
        h.zeroize();
        // A = α + Σ zᵢ·aᵢ + r·δ;  B = β + Σ zᵢ·bᵢ + s·δ;  C = Σ wᵢ·lᵢ + h(τ)t(τ)/δ + s·A + r·B₁ − r·s·δ
        let g_a = sum_a + pk.vk.alpha_g1 + pk.delta_g1 * r;
        let g1_b = sum_b1 + pk.beta_g1 + pk.delta_g1 * s;
        let g2_b = sum_b2 + pk.vk.beta_g2 + pk.vk.delta_g2 * s;
        let g_c = sum_l + sum_h + g_a * s + g1_b * r - pk.delta_g1 * (r * s);
        r.zeroize();
        s.zeroize();
        let proof = Proof {
            circuit_id: self.key.circuit_id,
            a: g_a.into_affine(),
            b: g2_b.into_affine(),
            c: g_c.into_affine(),
        };
        let statement = Statement::from_inputs(self.key.circuit_id, kind, inputs)?;
        Ok((statement, proof))
    }
}

/// Where the provers' blinding randomness comes from.
#[derive(Clone, Copy, Debug, Default)]
pub enum Randomness {
    /// Operating-system entropy (production).
    #[default]
    Os,
    /// A ChaCha20 stream per item derived from a seed: reproducible proofs for **tests and benchmarks
    /// only** (the blinding makes proofs zero-knowledge; a known seed removes that).
    Seeded([u8; 32]),
}

/// How a batch is spread over threads.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Parallelism {
    /// Across proofs when the batch has at least as many items as threads, inside proofs otherwise.
    #[default]
    Auto,
    /// Each thread proves whole proofs.
    AcrossProofs,
    /// Proofs one after another, each split over all threads.
    InsideProofs,
}

/// Progress of a batch.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Progress {
    /// Items finished (proven or failed).
    pub done: usize,
    /// Items that failed so far.
    pub failed: usize,
    /// Items in the batch.
    pub total: usize,
}

/// Options of [`Prover::prove_batch`].
#[derive(Clone, Copy, Default)]
pub struct BatchOptions<'a> {
    /// Called after every item (from the worker that finished it).
    pub progress: Option<&'a (dyn Fn(Progress) + Sync)>,
    /// When set to `true`, items not yet started fail with [`Error::Cancelled`].
    pub cancel: Option<&'a AtomicBool>,
    /// Blinding randomness.
    pub randomness: Randomness,
    /// Thread strategy.
    pub parallelism: Parallelism,
}

/// A proven item: the statement and its proof.
pub type Proven = (Statement, Proof);

/// The batched prover: holds the prepared circuits of the keys it was given.
pub struct Prover {
    circuits: HashMap<CircuitId, Arc<PreparedCircuit>>,
}

impl std::fmt::Debug for Prover {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Prover")
            .field("circuits", &self.circuits.len())
            .finish()
    }
}

impl Prover {
    /// Prepares the given proving keys (synthesizes each circuit once and precomputes its MSM tables).
    pub fn new(keys: impl IntoIterator<Item = ProvingKey>) -> Result<Self> {
        let mut p = Prover {
            circuits: HashMap::new(),
        };
        for k in keys {
            p.add_key(k)?;
        }
        Ok(p)
    }

    /// Adds (or replaces) a proving key.
    pub fn add_key(&mut self, key: ProvingKey) -> Result<()> {
        let id = key.circuit_id;
        self.circuits
            .insert(id, Arc::new(PreparedCircuit::new(key)?));
        Ok(())
    }

    /// Memory held by the precomputed tables, in bytes.
    pub fn table_bytes(&self) -> usize {
        self.circuits.values().map(|c| c.memory_bytes()).sum()
    }

    /// Number of constraints of the circuit `id`, if known.
    pub fn num_constraints(&self, id: &CircuitId) -> Option<usize> {
        self.circuits.get(id).map(|c| c.shape.num_constraints)
    }

    fn prepared(&self, w: &Witness) -> Result<&Arc<PreparedCircuit>> {
        let id = circuit_shape(w.kind())?.id;
        self.circuits.get(&id).ok_or(Error::UnknownCircuit(id))
    }

    /// Proves one claim with blinding from OS entropy.
    pub fn prove(&self, witness: Witness) -> Result<Proven> {
        self.prepared(&witness)?
            .prove(witness, &mut rand::rngs::OsRng, true)
    }

    /// Proves every witness; results come back in input order, one per item.
    pub fn prove_batch(
        &self,
        witnesses: Vec<Witness>,
        options: &BatchOptions<'_>,
    ) -> Vec<Result<Proven>> {
        let total = witnesses.len();
        let done = AtomicUsize::new(0);
        let failed = AtomicUsize::new(0);
        let across = match options.parallelism {
            Parallelism::AcrossProofs => true,
            Parallelism::InsideProofs => false,
            Parallelism::Auto => total >= rayon::current_num_threads(),
        };
        let one = |(i, w): (usize, Witness)| -> Result<Proven> {
            let result = if options.cancel.is_some_and(|c| c.load(Ordering::Relaxed)) {
                Err(Error::Cancelled)
            } else {
                self.prepared(&w).and_then(|c| match options.randomness {
                    Randomness::Os => c.prove(w, &mut rand::rngs::OsRng, !across),
                    Randomness::Seeded(seed) => {
                        let mut h = Transcript::new(Label::SeededProver);
                        h.bytes(&seed).u64(i as u64);
                        let mut rng = rand_chacha::ChaCha20Rng::from_seed(h.finish());
                        c.prove(w, &mut rng, !across)
                    }
                })
            };
            if result.is_err() {
                failed.fetch_add(1, Ordering::Relaxed);
            }
            let d = done.fetch_add(1, Ordering::Relaxed) + 1;
            if let Some(cb) = options.progress {
                cb(Progress {
                    done: d,
                    failed: failed.load(Ordering::Relaxed),
                    total,
                });
            }
            result
        };
        if across {
            witnesses.into_par_iter().enumerate().map(one).collect()
        } else {
            witnesses.into_iter().enumerate().map(one).collect()
        }
    }
}

/// The arkworks pairing engine used throughout.
pub type Engine = Bn254;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::claim::ClaimKind;
    use crate::testing::{fixture, witness};
    use crate::Context;
    use ark_groth16::Groth16;
    use tradeproof_circuits::claims::value_range::{input, ValueRangeCircuit};

    #[test]
    fn proofs_verify_with_plain_arkworks() {
        let f = fixture();
        let (st, pf) = f
            .prover
            .prove(witness(&Context::new(3, 4), 0, 10_000_000))
            .unwrap();
        assert_eq!(pf.circuit_id(), f.pk.circuit_id());
        let pvk = ark_groth16::prepare_verifying_key(f.vk.as_ark());
        assert!(Groth16::<Bn254>::verify_proof(&pvk, &pf.to_ark(), st.inputs()).unwrap());
        assert_eq!(
            f.prover.num_constraints(&f.pk.circuit_id()),
            Some(
                crate::circuit::circuit_shape(ClaimKind::ValueRange)
                    .unwrap()
                    .num_constraints
            )
        );
    }

    #[test]
    fn seeded_randomness_is_reproducible_per_item() {
        let f = fixture();
        let ctx = Context::new(3, 5);
        let options = BatchOptions {
            randomness: Randomness::Seeded([1; 32]),
            ..Default::default()
        };
        let batch = || {
            f.prover
                .prove_batch(
                    vec![witness(&ctx, 0, 10_000_000), witness(&ctx, 0, 10_000_000)],
                    &options,
                )
                .into_iter()
                .map(|r| r.unwrap().1)
                .collect::<Vec<_>>()
        };
        let (a, b) = (batch(), batch());
        assert_eq!(a, b);
        // Two items of one batch get different blinding.
        assert_ne!(a[0], a[1]);
    }

    #[test]
    fn an_unsatisfied_witness_is_caught_before_proving() {
        let f = fixture();
        let good = witness(&Context::new(3, 6), 0, 10_000_000);
        let Witness::ValueRange(c) = good else {
            unreachable!()
        };
        let mut inputs = c.inputs.clone();
        inputs[input::MAX] = Fr::from(10u64); // the value is 4,825,000
        let bad = Witness::ValueRange(ValueRangeCircuit::from_witness_unchecked(inputs, c.opening));
        assert!(matches!(
            f.prover.prove(bad),
            Err(Error::Unsatisfied { .. })
        ));
    }

    /// Keys of the circom form (a snarkjs ceremony's) are proven with the circom reduction: one proof
    /// and a batch verify, under plain arkworks too, and the same key labelled libsnark is refused
    /// (its H query has one point too many), so the reductions cannot be mixed up.
    #[test]
    fn circom_keys_prove_with_the_circom_reduction() {
        let (pk, vk) = crate::testing::circom_fixture();
        assert_eq!(pk.reduction(), crate::keys::Reduction::Circom);
        let prover = Prover::new([pk.clone()]).unwrap();
        let pvk = ark_groth16::prepare_verifying_key(vk.as_ark());
        let ctx = Context::new(3, 8);
        let (st, pf) = prover.prove(witness(&ctx, 0, 10_000_000)).unwrap();
        assert!(Groth16::<Bn254>::verify_proof(&pvk, &pf.to_ark(), st.inputs()).unwrap());
        for item in prover.prove_batch(
            (0..3).map(|_| witness(&ctx, 1, 9_000_000)).collect(),
            &BatchOptions::default(),
        ) {
            let (st, pf) = item.unwrap();
            assert!(Groth16::<Bn254>::verify_proof(&pvk, &pf.to_ark(), st.inputs()).unwrap());
        }
        // Plain arkworks with the reference reduction proves for the same key.
        let mut rng = rand_chacha::ChaCha20Rng::seed_from_u64(3);
        let Witness::ValueRange(c) = witness(&ctx, 0, 10_000_000) else {
            unreachable!()
        };
        let inputs = c.inputs.clone();
        let plain =
            Groth16::<Bn254, crate::keys::CircomReduction>::create_random_proof_with_reduction(
                c,
                pk.as_ark(),
                &mut rng,
            )
            .unwrap();
        assert!(Groth16::<Bn254>::verify_proof(&pvk, &plain, &inputs).unwrap());
        // A libsnark proof under this key does not verify: the reduction matters.
        let Witness::ValueRange(c) = witness(&ctx, 0, 10_000_000) else {
            unreachable!()
        };
        let wrong =
            Groth16::<Bn254>::create_random_proof_with_reduction(c, pk.as_ark(), &mut rng).unwrap();
        assert!(!Groth16::<Bn254>::verify_proof(&pvk, &wrong, &inputs).unwrap());
        let relabelled = ProvingKey::from_ark(
            ClaimKind::ValueRange,
            crate::keys::Reduction::Libsnark,
            (*pk.pk).clone(),
        );
        assert!(relabelled.is_err());
    }

    #[test]
    fn a_witness_without_a_key_is_refused() {
        let prover = Prover::new([]).unwrap();
        assert!(prover
            .prove(witness(&Context::new(3, 7), 0, 10_000_000))
            .is_err());
    }
}
