//! Fixed-depth binary Merkle trees hashed with circomlib's `Poseidon(2)`, and the membership gadget.
//!
//! A tree of depth `d` has `2^d` leaves; leaves that were never set hold `0`, for which no preimage is
//! known, so a membership proof can only ever open a leaf that was put there. Node `(l, r)` hashes to
//! `Poseidon(l, r)`. The native builder stores only the populated prefix of every level and uses the
//! hashes of all-zero subtrees for the rest, so a depth-20 tree with a few hundred leaves is cheap.
//!
//! Gadget cost per level: one boolean for the direction bit, one constraint for the conditional swap,
//! and a `Poseidon(2)` (240): **242 constraints per level**.
use crate::gadgets::poseidon;
use ark_bn254::Fr;
use ark_ff::Zero;
use ark_r1cs_std::fields::fp::FpVar;
use ark_r1cs_std::prelude::*;
use ark_relations::gr1cs::{ConstraintSystemRef, SynthesisError};

/// `Poseidon(left, right)`.
pub fn hash_node(left: Fr, right: Fr) -> Fr {
    poseidon::hash(&[left, right])
}

/// Hashes of the all-empty subtrees: `z[0] = 0`, `z[i+1] = H(z[i], z[i])`.
pub fn zero_hashes(depth: usize) -> Vec<Fr> {
    let mut z = vec![Fr::zero()];
    for i in 0..depth {
        let next = hash_node(z[i], z[i]);
        z.push(next);
    }
    z
}

/// A Merkle tree over a populated prefix of leaves.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MerkleTree {
    depth: usize,
    /// `levels[0]` are the leaves, `levels[depth]` holds the root.
    levels: Vec<Vec<Fr>>,
    zeros: Vec<Fr>,
}

/// An authentication path: the leaf position and the sibling at every level, from the leaves up.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MerklePath {
    /// Position of the leaf (`< 2^depth`).
    pub index: u64,
    /// Sibling hashes, leaf level first.
    pub siblings: Vec<Fr>,
}

impl MerkleTree {
    /// Builds a tree of `depth` holding `leaves` at positions `0 .. leaves.len()`.
    /// `None` when more than `2^depth` leaves are given.
    pub fn new(depth: usize, leaves: Vec<Fr>) -> Option<Self> {
        if depth >= 64 || leaves.len() as u128 > 1u128 << depth {
            return None;
        }
        let zeros = zero_hashes(depth);
        let mut levels = vec![leaves];
        for l in 0..depth {
            let below = &levels[l];
            let above: Vec<Fr> = below
                .chunks(2)
                .map(|pair| hash_node(pair[0], pair.get(1).copied().unwrap_or(zeros[l])))
                .collect();
            levels.push(above);
        }
        Some(Self {
            depth,
            levels,
            zeros,
        })
    }

    /// Depth of the tree.
    pub fn depth(&self) -> usize {
        self.depth
    }

    /// The populated leaves.
    pub fn leaves(&self) -> &[Fr] {
        &self.levels[0]
    }

    /// The root.
    pub fn root(&self) -> Fr {
        self.levels[self.depth]
            .first()
            .copied()
            .unwrap_or(self.zeros[self.depth])
    }

    /// The authentication path of leaf `index` (which may be an empty position).
    pub fn path(&self, index: u64) -> Option<MerklePath> {
        if self.depth < 64 && index >= 1u64 << self.depth {
            return None;
        }
        let mut siblings = Vec::with_capacity(self.depth);
        let mut i = index as usize;
        for l in 0..self.depth {
            let sib = self.levels[l].get(i ^ 1).copied().unwrap_or(self.zeros[l]);
            siblings.push(sib);
            i >>= 1;
        }
        Some(MerklePath { index, siblings })
    }
}

impl MerklePath {
    /// The root obtained by hashing `leaf` up this path (native twin of [`MerklePathVar::root`]).
    pub fn root(&self, leaf: Fr) -> Fr {
        let mut cur = leaf;
        for (l, sib) in self.siblings.iter().enumerate() {
            cur = if (self.index >> l) & 1 == 1 {
                hash_node(*sib, cur)
            } else {
                hash_node(cur, *sib)
            };
        }
        cur
    }
}

/// An authentication path allocated as witnesses.
#[derive(Clone, Debug)]
pub struct MerklePathVar {
    /// Direction bits, leaf level first (1: the current node is the right child).
    pub index_bits: Vec<Boolean<Fr>>,
    /// Sibling hashes, leaf level first.
    pub siblings: Vec<FpVar<Fr>>,
}

impl MerklePathVar {
    /// Allocates a path of `depth` levels (values from `path` when proving, none during key generation).
    pub fn new_witness(
        cs: ConstraintSystemRef<Fr>,
        path: Option<&MerklePath>,
        depth: usize,
    ) -> Result<Self, SynthesisError> {
        let mut index_bits = Vec::with_capacity(depth);
        let mut siblings = Vec::with_capacity(depth);
        for l in 0..depth {
            index_bits.push(Boolean::new_witness(cs.clone(), || {
                path.map(|p| (p.index >> l) & 1 == 1)
                    .ok_or(SynthesisError::AssignmentMissing)
            })?);
            siblings.push(FpVar::new_witness(cs.clone(), || {
                path.and_then(|p| p.siblings.get(l).copied())
                    .ok_or(SynthesisError::AssignmentMissing)
            })?);
        }
        Ok(Self {
            index_bits,
            siblings,
        })
    }

    /// The root obtained by hashing `leaf` up the path.
    pub fn root(&self, leaf: &FpVar<Fr>) -> Result<FpVar<Fr>, SynthesisError> {
        let mut cur = leaf.clone();
        for (bit, sib) in self.index_bits.iter().zip(&self.siblings) {
            // left = bit ? sib : cur ; right = cur + sib − left
            let left = bit.select(sib, &cur)?;
            let right = &cur + sib - &left;
            cur = poseidon::hash_var(&[left, right])?;
        }
        Ok(cur)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_util::fr_strategy;
    use ark_relations::gr1cs::ConstraintSystem;
    use proptest::prelude::*;

    fn gadget_root_ok(depth: usize, leaf: Fr, path: &MerklePath, root: Fr) -> bool {
        let cs = ConstraintSystem::<Fr>::new_ref();
        let r = FpVar::new_input(cs.clone(), || Ok(root)).unwrap();
        let l = FpVar::new_witness(cs.clone(), || Ok(leaf)).unwrap();
        let p = MerklePathVar::new_witness(cs.clone(), Some(path), depth).unwrap();
        p.root(&l).unwrap().enforce_equal(&r).unwrap();
        cs.is_satisfied().unwrap()
    }

    #[test]
    fn sparse_builder_matches_full_tree() {
        let leaves: Vec<Fr> = (1..=5u64).map(Fr::from).collect();
        let sparse = MerkleTree::new(3, leaves.clone()).unwrap();
        let mut full = leaves;
        full.resize(8, Fr::zero());
        let mut level = full;
        while level.len() > 1 {
            level = level.chunks(2).map(|p| hash_node(p[0], p[1])).collect();
        }
        assert_eq!(sparse.root(), level[0]);
        assert!(MerkleTree::new(2, vec![Fr::zero(); 5]).is_none());
    }

    #[test]
    fn cost_per_level() {
        let cs = ConstraintSystem::<Fr>::new_ref();
        let tree = MerkleTree::new(8, vec![Fr::from(7u64)]).unwrap();
        let l = FpVar::new_witness(cs.clone(), || Ok(Fr::from(7u64))).unwrap();
        let p = MerklePathVar::new_witness(cs.clone(), tree.path(0).as_ref(), 8).unwrap();
        let _ = p.root(&l).unwrap();
        assert_eq!(cs.num_constraints(), 8 * 242);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        #[test]
        fn membership_native_and_gadget_agree(
            leaves in prop::collection::vec(fr_strategy(), 1..40),
            pick in any::<prop::sample::Index>(),
            bad in fr_strategy()
        ) {
            let depth = 8;
            let tree = MerkleTree::new(depth, leaves.clone()).unwrap();
            let i = pick.index(leaves.len());
            let path = tree.path(i as u64).unwrap();
            prop_assert_eq!(path.root(leaves[i]), tree.root());
            prop_assert!(gadget_root_ok(depth, leaves[i], &path, tree.root()));
            // A leaf that is not at that position, or a tampered sibling, does not reach the root.
            prop_assume!(bad != leaves[i]);
            prop_assert!(!gadget_root_ok(depth, bad, &path, tree.root()));
            let mut forged = path.clone();
            forged.siblings[depth - 1] = bad;
            prop_assume!(bad != path.siblings[depth - 1]);
            prop_assert!(!gadget_root_ok(depth, leaves[i], &forged, tree.root()));
            // Wrong direction bits
            let mut moved = path.clone();
            moved.index ^= 1;
            prop_assume!(leaves[i] != path.siblings[0]);
            prop_assert!(!gadget_root_ok(depth, leaves[i], &moved, tree.root()));
        }
    }
}
