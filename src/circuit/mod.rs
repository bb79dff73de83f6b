//! Circuit identity and the shape cache: which R1CS a claim kind synthesizes to, and its id.
//!
//! A [`CircuitId`] is the blake3 digest of a circuit's *shape*: its name and the exact R1CS matrices it
//! synthesizes to. Keys, statements and proofs carry it, so a key or proof made for one circuit is
//! refused by another; loading a key compares its id with the circuit compiled into this library and
//! refuses keys for a different circuit (including an older version of the same claim).
//!
//! The ids of the fixed kinds are **pinned** in `tradeproof_verifier::kinds` (the embedded verifier
//! needs them without synthesis), and [`circuit_id`] answers from there: loading a key of a fixed kind
//! synthesizes nothing. The test `pinned_ids_are_the_synthesized_ones` below checks every pinned id
//! against the synthesized shape (and prints the table to paste when a circuit changes); the prover
//! compares each key's id with the synthesized shape as well.
pub(crate) mod id;

pub use id::CircuitId;

use crate::claim::ClaimKind;
use crate::error::{Error, Result};
use crate::transcript::{Label, Transcript};
use ark_bn254::Fr;
use ark_relations::gr1cs::{
    ConstraintSynthesizer, ConstraintSystem, Matrix, OptimizationGoal, SynthesisMode,
    R1CS_PREDICATE_LABEL,
};
use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

/// The R1CS of a circuit, as synthesized for key generation: what the circuit id hashes and what the
/// prover reuses across a batch.
#[derive(Debug)]
pub(crate) struct CircuitShape {
    /// The circuit id.
    pub id: CircuitId,
    /// Number of instance variables (public inputs plus the constant one).
    pub num_instance: usize,
    /// Number of witness variables.
    pub num_witness: usize,
    /// Number of constraints.
    pub num_constraints: usize,
    /// The A, B, C matrices (row-major, `(coefficient, variable)` lists).
    pub matrices: [Matrix<Fr>; 3],
}

/// The shape of `kind`'s circuit, synthesized once per process and cached (every fixed kind, and at
/// most four aggregate-value capacities at a time; a new one evicts another). Synthesis takes from
/// milliseconds (value range) to seconds (an aggregate of capacity 256): decode untrusted verifying
/// keys with [`VerifyingKey::read`], which refuses any kind other than the expected one before
/// synthesizing anything.
pub(crate) fn circuit_shape(kind: ClaimKind) -> Result<Arc<CircuitShape>> {
    static CACHE: OnceLock<Mutex<HashMap<ClaimKind, Arc<CircuitShape>>>> = OnceLock::new();
    kind.validate()?;
    let cache = CACHE.get_or_init(Default::default);
    if let Some(s) = cache
        .lock()
        .map_err(|_| Error::Synthesis("cache poisoned".into()))?
        .get(&kind)
    {
        return Ok(s.clone());
    }
    let shape = Arc::new(synthesize_shape(kind)?);
    let mut map = cache
        .lock()
        .map_err(|_| Error::Synthesis("cache poisoned".into()))?;
    // The fixed kinds are few; aggregate capacities are many (up to 256), so only a few of their
    // shapes are kept: memory stays bounded whatever kinds a process is shown.
    if matches!(kind, ClaimKind::AggregateValue { .. }) {
        let cached: Vec<ClaimKind> = map
            .keys()
            .filter(|k| matches!(k, ClaimKind::AggregateValue { .. }))
            .copied()
            .collect();
        if cached.len() >= MAX_CACHED_AGGREGATE_SHAPES {
            map.remove(&cached[0]);
        }
    }
    map.insert(kind, shape.clone());
    Ok(shape)
}

/// How many aggregate-value circuit shapes [`circuit_shape`] keeps.
const MAX_CACHED_AGGREGATE_SHAPES: usize = 4;

fn synthesize_shape(kind: ClaimKind) -> Result<CircuitShape> {
    let cs = ConstraintSystem::<Fr>::new_ref();
    cs.set_optimization_goal(OptimizationGoal::Constraints);
    cs.set_mode(SynthesisMode::Setup);
    kind.blank_witness()
        .generate_constraints(cs.clone())
        .map_err(|e| Error::Synthesis(e.to_string()))?;
    cs.finalize();
    let mut all = cs
        .to_matrices()
        .map_err(|e| Error::Synthesis(e.to_string()))?;
    let mut m = all
        .remove(R1CS_PREDICATE_LABEL)
        .ok_or_else(|| Error::Synthesis("no R1CS predicate".into()))?;
    if m.len() != 3 {
        return Err(Error::Synthesis(
            "R1CS predicate without three matrices".into(),
        ));
    }
    let c = m.pop().unwrap_or_default();
    let b = m.pop().unwrap_or_default();
    let a = m.pop().unwrap_or_default();
    let (num_instance, num_witness, num_constraints) = (
        cs.num_instance_variables(),
        cs.num_witness_variables(),
        cs.num_constraints(),
    );
    let mut h = Transcript::new(Label::CircuitId);
    h.bytes(kind.name().as_bytes());
    for n in [num_instance, num_witness, num_constraints] {
        h.u64(n as u64);
    }
    for matrix in [&a, &b, &c] {
        for row in matrix {
            h.u64(row.len() as u64);
            for (coeff, var) in row {
                h.fr(coeff).u64(*var as u64);
            }
        }
    }
    Ok(CircuitShape {
        id: CircuitId(h.finish()),
        num_instance,
        num_witness,
        num_constraints,
        matrices: [a, b, c],
    })
}

/// The circuit id of `kind`: pinned for the fixed kinds (microseconds), synthesized for an aggregate
/// capacity (milliseconds to seconds, cached).
pub fn circuit_id(kind: ClaimKind) -> Result<CircuitId> {
    kind.validate()?;
    if let Some(id) = tradeproof_verifier::Kind::new(kind.tag(), kind.parameter())
        .and_then(|k| k.pinned_circuit_id())
    {
        return Ok(CircuitId(id));
    }
    Ok(circuit_shape(kind)?.id)
}

/// Synthesizes `witness` (no matrices) and returns the full assignment `z = [1, inputs, witness]`,
/// refused unless it has `shape`'s numbers of instance and witness variables.
pub(crate) fn assignment(witness: crate::claim::Witness, shape: &CircuitShape) -> Result<Vec<Fr>> {
    let cs = ConstraintSystem::<Fr>::new_ref();
    cs.set_optimization_goal(OptimizationGoal::Constraints);
    cs.set_mode(SynthesisMode::Prove {
        construct_matrices: false,
        generate_lc_assignments: false,
    });
    witness
        .generate_constraints(cs.clone())
        .map_err(|e| Error::Synthesis(e.to_string()))?;
    let cs = cs
        .into_inner()
        .ok_or_else(|| Error::Synthesis("constraint system still shared".into()))?;
    let mut z = cs
        .instance_assignment()
        .map_err(|e| Error::Synthesis(e.to_string()))?
        .to_vec();
    let w = cs
        .witness_assignment()
        .map_err(|e| Error::Synthesis(e.to_string()))?;
    if z.len() != shape.num_instance || w.len() != shape.num_witness {
        return Err(Error::Synthesis(
            "the witness does not have the circuit's shape".into(),
        ));
    }
    z.extend_from_slice(w);
    Ok(z)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every fixed kind's pinned id is its synthesized circuit's; when a circuit changes, the message
    /// is the table to paste into `verifier/src/kinds.rs`.
    #[test]
    fn pinned_ids_are_the_synthesized_ones() {
        let mut table = String::new();
        let mut stale = false;
        for kind in ClaimKind::FIXED {
            let shape = circuit_shape(kind).unwrap();
            table += &format!(
                "    FixedKind {{ tag: {}, name: \"{}\", inputs: {}, context: {}, circuit_id: id(\"{}\") }},\n",
                kind.tag(),
                kind.name(),
                kind.num_inputs(),
                kind.context_index(),
                crate::encoding::to_hex(&shape.id.0)
            );
            stale |= circuit_id(kind).unwrap() != shape.id;
        }
        assert_eq!(
            tradeproof_verifier::kinds::FIXED.len(),
            ClaimKind::FIXED.len(),
            "the pinned table should read:\n{table}"
        );
        assert!(
            !stale,
            "the pinned table is stale; it should read:\n{table}"
        );
    }
}
