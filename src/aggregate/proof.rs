//! The aggregate proof: what the block producer publishes and every node verifies.
use super::gt::Gt;
use crate::circuit::CircuitId;
use ark_bn254::{G1Affine, G2Affine};

/// The messages of one GIPA round (the prover halves the vectors; `L`/`R` are the cross terms).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GipaRound {
    /// `Π e(A_R, B_L)` and `Π e(A_L, B_R)`.
    pub(crate) z_ab: [Gt; 2],
    /// `Σ r_L·C_R` and `Σ r_R·C_L`.
    pub(crate) z_c: [G1Affine; 2],
    /// Pair commitments to `(A_R, B_L)` under `(v_L, w_R)` and to `(A_L, B_R)` under `(v_R, w_L)`.
    pub(crate) t_ab: [[Gt; 2]; 2],
    /// Single commitments to `C_R` under `v_L` and to `C_L` under `v_R`.
    pub(crate) u_c: [[Gt; 2]; 2],
}

/// An aggregate of `count` Groth16 proofs of one circuit (SnarkPack): about 27 KB for 8,192 proofs,
/// checked with a few dozen pairings whatever the count. See the [module](super) for what it proves.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AggregateProof {
    /// The circuit of every aggregated proof.
    pub(crate) circuit_id: CircuitId,
    /// Statements covered (before padding to a power of two).
    pub(crate) count: u32,
    /// The digest of the covered statements' ids, in order ([`super::Coverage::digest`]).
    pub(crate) statements_digest: [u8; 32],
    /// Pair commitment to `(A, B)`.
    pub(crate) com_ab: [Gt; 2],
    /// Single commitment to `C`.
    pub(crate) com_c: [Gt; 2],
    /// `Π e(Aᵢ, Bᵢ)^(rⁱ)`.
    pub(crate) z_ab: Gt,
    /// `Σ rⁱ·Cᵢ`.
    pub(crate) z_c: G1Affine,
    /// One entry per halving, `log₂` of the padded count.
    pub(crate) rounds: Vec<GipaRound>,
    /// The folded `A`, `B`, `C`.
    pub(crate) final_a: G1Affine,
    pub(crate) final_b: G2Affine,
    pub(crate) final_c: G1Affine,
    /// The folded commitment keys `v` (G2) and `w` (G1).
    pub(crate) final_v: [G2Affine; 2],
    pub(crate) final_w: [G1Affine; 2],
    /// KZG openings showing the folded keys are the fold of the SRS keys.
    pub(crate) open_v: [G2Affine; 2],
    pub(crate) open_w: [G1Affine; 2],
}

impl AggregateProof {
    /// The circuit of the aggregated proofs.
    pub fn circuit_id(&self) -> CircuitId {
        self.circuit_id
    }

    /// How many statements the aggregate covers.
    pub fn count(&self) -> usize {
        self.count as usize
    }

    /// The digest of the covered statements' ids in order: a ledger matches it against its block
    /// before verifying ([`super::Coverage::digest`] recomputes it).
    pub fn statements_digest(&self) -> [u8; 32] {
        self.statements_digest
    }

    /// The number of proofs actually folded: `count` padded to a power of two, at least 2.
    pub fn padded_count(&self) -> usize {
        padded(self.count as usize)
    }
}

/// `n` rounded up to a power of two, at least 2 (GIPA halves until one element is left).
pub(crate) fn padded(n: usize) -> usize {
    n.max(2).next_power_of_two()
}

/// Which statements an aggregate covers: their ids in order and a digest of the list. The verifier
/// returns it on success; a ledger records it (e.g. marks every id as accepted) or compares the digest
/// with [`AggregateProof::statements_digest`] before verifying.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Coverage {
    /// The circuit of every statement.
    pub circuit_id: CircuitId,
    /// [`Statement::id`](crate::Statement::id) of each covered statement, in aggregation order.
    #[serde(with = "crate::encoding::serde::hex32_vec")]
    pub ids: Vec<[u8; 32]>,
    /// blake3 (label `Aggregation`) of the count and the ids in order.
    #[serde(with = "crate::encoding::serde::hex32")]
    pub digest: [u8; 32],
}

impl Coverage {
    /// The coverage of `statements` (all of circuit `circuit_id`), in order.
    pub fn of(circuit_id: CircuitId, statements: &[crate::Statement]) -> Self {
        use rayon::prelude::*;
        Self::from_ids(circuit_id, statements.par_iter().map(|s| s.id()).collect())
    }

    /// The coverage of the statements with these ids, in order.
    pub(crate) fn from_ids(circuit_id: CircuitId, ids: Vec<[u8; 32]>) -> Self {
        let mut t = super::transcript::FiatShamir::new();
        t.tag(b"covered statements");
        t.bytes(&circuit_id.0);
        t.u64(ids.len() as u64);
        for id in &ids {
            t.bytes(id);
        }
        let digest = t.digest();
        Coverage {
            circuit_id,
            ids,
            digest,
        }
    }

    /// How many statements are covered.
    pub fn count(&self) -> usize {
        self.ids.len()
    }
}
