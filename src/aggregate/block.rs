//! A block of mixed claims: the producer verifies everything with the RLC batch verifier, then
//! aggregates the valid proofs circuit by circuit.
use super::proof::AggregateProof;
use super::prover::aggregate;
use super::srs::{Srs, SrsKind};
use crate::circuit::CircuitId;
use crate::error::{Error, Result};
use crate::statement::{Proof, Statement};
use crate::verifier::{BatchReport, ContextRule, Verifier};

/// The aggregate of one circuit's valid claims in a block (JSON: the proof as the hex of its binary
/// encoding).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GroupAggregate {
    /// The circuit.
    pub circuit_id: CircuitId,
    /// Positions in the block of the statements covered, in aggregation order.
    pub positions: Vec<usize>,
    /// The aggregate proof.
    pub proof: AggregateProof,
}

/// What a block producer publishes besides the statements: one aggregate per circuit, and the report
/// of the batch check that decided which items were aggregated.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BlockAggregate {
    /// One aggregate per circuit present among the valid items, in order of first appearance.
    pub groups: Vec<GroupAggregate>,
    /// The RLC batch verification of every item (invalid items are named with a reason and left out
    /// of every aggregate).
    pub report: BatchReport,
}

/// Verifies `items` with `verifier` (RLC batch verification under `rule`, with culprit search), then
/// aggregates the valid proofs of each circuit separately — an aggregate covers proofs of one
/// verifying key. A group larger than the SRS supports is an error (split the block).
pub fn aggregate_block<K: SrsKind>(
    verifier: &Verifier,
    srs: &Srs<K>,
    items: &[(Statement, Proof)],
    rule: ContextRule<'_>,
) -> Result<BlockAggregate> {
    let report = verifier.verify_batch(items, rule);
    let mut order: Vec<CircuitId> = Vec::new();
    let mut members: Vec<Vec<usize>> = Vec::new();
    for (i, (st, _)) in items.iter().enumerate() {
        if !report.is_valid(i) {
            continue;
        }
        match order.iter().position(|c| *c == st.circuit_id()) {
            Some(g) => members[g].push(i),
            None => {
                order.push(st.circuit_id());
                members.push(vec![i]);
            }
        }
    }
    let mut groups = Vec::with_capacity(order.len());
    for (circuit_id, positions) in order.into_iter().zip(members) {
        let vk = verifier
            .key(&circuit_id)
            .ok_or(Error::UnknownCircuit(circuit_id))?;
        let group: Vec<(Statement, Proof)> = positions.iter().map(|&i| items[i].clone()).collect();
        let proof = aggregate(srs, vk, &group)?;
        groups.push(GroupAggregate {
            circuit_id,
            positions,
            proof,
        });
    }
    Ok(BlockAggregate { groups, report })
}
