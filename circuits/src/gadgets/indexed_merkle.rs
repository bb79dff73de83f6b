//! Non-membership in a sorted set: an *indexed Merkle tree* (as in Aztec's nullifier tree), used for
//! certificate revocation.
//!
//! # Construction
//! The set `{v₁ < v₂ < … < v_k}` of positive integers below 2^128 is stored as a linked list in sorted
//! order: leaf `i` is `Poseidon(vᵢ, vᵢ₊₁)`, with a sentinel leaf `Poseidon(0, v₁)` at position 0 and
//! `v_{k+1} = 0` meaning "no successor". Leaves sit in a [`MerkleTree`] of
//! fixed depth ([`REVOCATION_DEPTH`] = 20, about a million revocations); empty positions hold 0, which
//! is not the hash of any known pair.
//!
//! `x` is **not** in the set iff some leaf `(v, next)` of the tree has `v < x` and (`x < next` or
//! `next = 0`). The gadget checks exactly this: the leaf hash, its path to the public root and the two
//! comparisons. Soundness rests on the tree being built by this module's builder (or an equivalent one):
//! the revocation authority publishes the root, and its values are 128-bit integers in sorted links, so
//! no leaf spans an interval containing a member. The comparisons are on 128-bit integers: the gadget
//! range-checks the leaf's two values itself (so a root from other tooling cannot smuggle in a value
//! that wraps around), and `x` must be range-checked to 128 bits by the caller.
//!
//! Gadget cost at depth 20: 240 (leaf) + 20·242 (path) + 2·129 (value ranges) + 129 (`v < x`) + 132
//! (`x < next ∨ next = 0`) = 5,600.
use crate::gadgets::bits::{enforce_lt, enforce_range};
use crate::gadgets::merkle::{hash_node, MerklePath, MerklePathVar, MerkleTree};
use crate::gadgets::poseidon;
use ark_bn254::Fr;
use ark_r1cs_std::fields::fp::FpVar;
use ark_r1cs_std::prelude::*;
use ark_relations::gr1cs::{ConstraintSystemRef, SynthesisError};

/// Depth of the revocation tree.
pub const REVOCATION_DEPTH: usize = 20;

/// Bit width of the values stored in the tree.
pub const VALUE_BITS: usize = 128;

/// A sorted set of 128-bit values with non-membership proofs.
#[derive(Clone, Debug)]
pub struct IndexedMerkleTree {
    values: Vec<u128>,
    tree: MerkleTree,
}

/// Witness that a value is not in the set: the "low" leaf that brackets it, and its path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NonMembershipWitness {
    /// Largest member below the value (0 for the sentinel).
    pub low_value: u128,
    /// The next member after `low_value` (0 if none).
    pub next_value: u128,
    /// Path of the low leaf.
    pub path: MerklePath,
}

fn leaf(v: u128, next: u128) -> Fr {
    hash_node(Fr::from(v), Fr::from(next))
}

impl IndexedMerkleTree {
    /// Builds the tree of `depth` over `values` (deduplicated). `None` if a value is 0 or the set does
    /// not fit (`values + 1 > 2^depth`).
    pub fn new(depth: usize, values: impl IntoIterator<Item = u128>) -> Option<Self> {
        let mut values: Vec<u128> = values.into_iter().collect();
        values.sort_unstable();
        values.dedup();
        if values.first() == Some(&0) {
            return None;
        }
        let mut leaves = Vec::with_capacity(values.len() + 1);
        let mut prev = 0u128;
        for v in &values {
            leaves.push(leaf(prev, *v));
            prev = *v;
        }
        leaves.push(leaf(prev, 0));
        let tree = MerkleTree::new(depth, leaves)?;
        Some(Self { values, tree })
    }

    /// The root a verifier checks against.
    pub fn root(&self) -> Fr {
        self.tree.root()
    }

    /// Depth of the tree.
    pub fn depth(&self) -> usize {
        self.tree.depth()
    }

    /// Whether `x` is a member.
    pub fn contains(&self, x: u128) -> bool {
        self.values.binary_search(&x).is_ok()
    }

    /// The members in increasing order.
    pub fn values(&self) -> &[u128] {
        &self.values
    }

    /// A non-membership witness for `x`; `None` if `x` is a member or `x = 0`.
    pub fn non_membership(&self, x: u128) -> Option<NonMembershipWitness> {
        if x == 0 {
            return None;
        }
        match self.values.binary_search(&x) {
            Ok(_) => None,
            Err(pos) => {
                // leaf `pos` links values[pos-1] (or the sentinel 0) to values[pos] (or 0).
                let low_value = if pos == 0 { 0 } else { self.values[pos - 1] };
                let next_value = self.values.get(pos).copied().unwrap_or(0);
                let path = self.tree.path(pos as u64)?;
                Some(NonMembershipWitness {
                    low_value,
                    next_value,
                    path,
                })
            }
        }
    }
}

impl NonMembershipWitness {
    /// Native twin of the gadget: does this witness show `x ∉ set(root)`?
    pub fn verify(&self, x: u128, root: Fr) -> bool {
        self.path.root(leaf(self.low_value, self.next_value)) == root
            && self.low_value < x
            && (self.next_value == 0 || x < self.next_value)
    }
}

/// The non-membership witness allocated in a circuit.
#[derive(Clone, Debug)]
pub struct NonMembershipVar {
    low_value: FpVar<Fr>,
    next_value: FpVar<Fr>,
    path: MerklePathVar,
}

impl NonMembershipVar {
    /// Allocates the witness (values from `w` when proving).
    pub fn new_witness(
        cs: ConstraintSystemRef<Fr>,
        w: Option<&NonMembershipWitness>,
        depth: usize,
    ) -> Result<Self, SynthesisError> {
        let low_value = FpVar::new_witness(cs.clone(), || {
            w.map(|w| Fr::from(w.low_value))
                .ok_or(SynthesisError::AssignmentMissing)
        })?;
        let next_value = FpVar::new_witness(cs.clone(), || {
            w.map(|w| Fr::from(w.next_value))
                .ok_or(SynthesisError::AssignmentMissing)
        })?;
        let path = MerklePathVar::new_witness(cs, w.map(|w| &w.path), depth)?;
        Ok(Self {
            low_value,
            next_value,
            path,
        })
    }

    /// Enforces `x ∉ set(root)`; `x` must already be constrained to [`VALUE_BITS`] bits.
    pub fn enforce_not_member(
        &self,
        x: &FpVar<Fr>,
        root: &FpVar<Fr>,
    ) -> Result<(), SynthesisError> {
        let leaf = poseidon::hash_var(&[self.low_value.clone(), self.next_value.clone()])?;
        self.path.root(&leaf)?.enforce_equal(root)?;
        // The builder only stores 128-bit values; checking it here keeps the comparisons sound for
        // roots made by any other tool too.
        enforce_range(&self.low_value, VALUE_BITS)?;
        enforce_range(&self.next_value, VALUE_BITS)?;
        enforce_lt(&self.low_value, x, VALUE_BITS)?;
        // x < next unless next = 0: range-check (1 − [next = 0])·(next − x − 1).
        let next_is_zero = self.next_value.is_zero()?;
        let gap = &self.next_value - x - FpVar::Constant(ark_ff::Field::ONE);
        let gated = FpVar::from(!next_is_zero) * gap;
        enforce_range(&gated, VALUE_BITS)
    }
}

/// Allocates nothing; convenience for tests: is `x` provably absent with witness `w` under `root`?
#[cfg(test)]
fn gadget_ok(x: u128, w: &NonMembershipWitness, root: Fr, depth: usize) -> bool {
    use ark_relations::gr1cs::ConstraintSystem;
    let cs = ConstraintSystem::<Fr>::new_ref();
    let r = FpVar::new_input(cs.clone(), || Ok(root)).unwrap();
    let xv = FpVar::new_witness(cs.clone(), || Ok(Fr::from(x))).unwrap();
    enforce_range(&xv, VALUE_BITS).unwrap();
    let nm = NonMembershipVar::new_witness(cs.clone(), Some(w), depth).unwrap();
    nm.enforce_not_member(&xv, &r).unwrap();
    cs.is_satisfied().unwrap()
}

#[cfg(test)]
mod tests {
    use super::*;
    use ark_ff::Zero;
    use proptest::prelude::*;

    #[test]
    fn empty_positions_cannot_serve_as_low_leaf() {
        let t = IndexedMerkleTree::new(8, [5u128, 9]).unwrap();
        // Position 7 is empty (leaf value 0): a forged "(0, 0)" low leaf there does not hash to 0.
        let forged = NonMembershipWitness {
            low_value: 0,
            next_value: 0,
            path: t.tree.path(7).unwrap(),
        };
        assert!(!forged.verify(9, t.root()));
        assert!(!gadget_ok(9, &forged, t.root(), 8));
        assert!(t.non_membership(9).is_none());
        assert!(t.non_membership(0).is_none());
        assert!(IndexedMerkleTree::new(8, [0u128]).is_none());
    }

    /// The gadget trusts the root's leaves to be sorted links; the builder is what makes them so. What
    /// it is given in any order, with repeats, builds the same tree as the sorted set; what it cannot
    /// represent (the sentinel value 0, more values than leaves) is refused rather than truncated.
    #[test]
    fn builder_sorts_dedups_and_refuses_what_would_break_the_links() {
        let sorted = IndexedMerkleTree::new(4, [3u128, 5, 9]).unwrap();
        let messy = IndexedMerkleTree::new(4, [9u128, 3, 5, 3, 9, 9]).unwrap();
        assert_eq!(messy.root(), sorted.root());
        assert_eq!(messy.values(), &[3, 5, 9]);
        for member in [3u128, 5, 9] {
            assert!(messy.non_membership(member).is_none());
        }
        assert!(IndexedMerkleTree::new(4, [0u128, 5]).is_none());
        // Depth 2: four leaves, one of them the sentinel, so three values fit and four do not.
        assert!(IndexedMerkleTree::new(2, [1u128, 2, 3]).is_some());
        assert!(IndexedMerkleTree::new(2, [1u128, 2, 3, 4]).is_none());
        // A hand-made tree whose leaf spans a member ((3, 9) while 5 is revoked) is what the builder
        // never produces: under such a root, 5 would "prove" non-membership.
        let spanning = MerkleTree::new(4, vec![leaf(0, 3), leaf(3, 9), leaf(9, 0)]).unwrap();
        let w = NonMembershipWitness {
            low_value: 3,
            next_value: 9,
            path: spanning.path(1).unwrap(),
        };
        assert!(w.verify(5, spanning.root()));
        assert_ne!(spanning.root(), sorted.root());
    }

    #[test]
    fn boundaries() {
        let t = IndexedMerkleTree::new(8, [5u128, 9, u128::MAX]).unwrap();
        for x in [1u128, 4, 6, 8, 10, u128::MAX - 1] {
            let w = t.non_membership(x).unwrap();
            assert!(w.verify(x, t.root()), "{x}");
            assert!(gadget_ok(x, &w, t.root(), 8), "{x}");
        }
        // A member cannot be bracketed by any leaf, including its neighbours' leaves.
        for member in [5u128, 9, u128::MAX] {
            for around in [member - 1, member + 1.min(u128::MAX - member)] {
                if let Some(w) = t.non_membership(around) {
                    assert!(!gadget_ok(member, &w, t.root(), 8), "{member} via {around}");
                }
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        #[test]
        fn non_membership_agrees_with_set(
            members in prop::collection::btree_set(1u128..1000, 0..30),
            x in 1u128..1000,
        ) {
            let t = IndexedMerkleTree::new(REVOCATION_DEPTH, members.iter().copied()).unwrap();
            match t.non_membership(x) {
                Some(w) => {
                    prop_assert!(!members.contains(&x));
                    prop_assert!(w.verify(x, t.root()));
                    prop_assert!(gadget_ok(x, &w, t.root(), REVOCATION_DEPTH));
                }
                None => {
                    prop_assert!(members.contains(&x));
                    // Every leaf's witness fails for a member: try them all.
                    for probe in 1u128..1000 {
                        if let Some(w) = t.non_membership(probe) {
                            prop_assert!(!w.verify(x, t.root()));
                        }
                    }
                    // And the gadget rejects the neighbouring leaf's witness.
                    if let Some(w) = t.non_membership(x + 1).or_else(|| t.non_membership(x - 1)) {
                        prop_assert!(!gadget_ok(x, &w, t.root(), REVOCATION_DEPTH));
                    }
                }
            }
        }
    }

    #[test]
    fn zero_root_of_empty_set_still_has_sentinel() {
        let t = IndexedMerkleTree::new(4, std::iter::empty()).unwrap();
        assert_ne!(t.root(), Fr::zero());
        let w = t.non_membership(42).unwrap();
        assert!(w.verify(42, t.root()));
    }
}

#[cfg(test)]
mod cost {
    use super::*;
    use ark_relations::gr1cs::ConstraintSystem;

    /// Constraint count of non-membership at the revocation depth (and at depth 40, to compare with
    /// iden3's sparse-Merkle non-revocation at depth 40: 11,763).
    #[test]
    fn non_membership_constraint_count() {
        for depth in [REVOCATION_DEPTH, 40] {
            let t = IndexedMerkleTree::new(depth, [5u128, 9]).unwrap();
            let w = t.non_membership(7).unwrap();
            let cs = ConstraintSystem::<Fr>::new_ref();
            let r = FpVar::new_input(cs.clone(), || Ok(t.root())).unwrap();
            let x = FpVar::new_witness(cs.clone(), || Ok(Fr::from(7u64))).unwrap();
            let nm = NonMembershipVar::new_witness(cs.clone(), Some(&w), depth).unwrap();
            nm.enforce_not_member(&x, &r).unwrap();
            assert!(cs.is_satisfied().unwrap());
            println!(
                "non-membership at depth {depth}: {} constraints",
                cs.num_constraints()
            );
            assert!(cs.num_constraints() < 300 * depth + 900);
        }
    }
}
