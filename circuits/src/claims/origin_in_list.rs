//! # Origin in an allow-list
//!
//! **Statement.** *The sealed record `D`, a document of type `T`, names as origin a country of the list
//! committed to by `root`* (for instance the partners of a free-trade agreement), without saying which.
//!
//! ```text
//! ∃ k, w, m, path :  Digest(Seal(k, w, m)) = D  ∧  m[0] = T  ∧  1 ≤ m[ORIGIN] ≤ 999
//!                    ∧  MerkleRoot(m[ORIGIN], path) = root
//! ```
//!
//! in a Poseidon Merkle tree of depth [`ALLOW_LIST_DEPTH`] whose leaves are the country codes (empty
//! leaves are 0, hence the `≥ 1`: an empty origin slot must not "be on the list" through an unused
//! leaf; [`crate::gadgets::country`]).
//!
//! **Public inputs**, in order: `D`, `context`, `T`, `root` ([`Public`], [`input`]).
use super::{
    alloc_inputs, bind_context, check_count, check_origin, check_type, fail, fe,
    fixed_shape_circuit, fixed_shape_public, read, ClaimCircuit, ClaimError, ClaimPublic,
    PredicateFailed,
};
use crate::gadgets::country::{enforce_country_code, CODE_LIMIT};
use crate::gadgets::merkle::{MerklePath, MerklePathVar, MerkleTree};
use crate::layout::{DocType, DOC_TYPE, ORIGIN};
use crate::record::{RecordOpening, RecordVar};
use ark_bn254::Fr;
use ark_ff::Zero;
use ark_r1cs_std::prelude::*;
use ark_relations::gr1cs::{ConstraintSynthesizer, ConstraintSystemRef, SynthesisError};

const NAME: &str = "origin_in_list";

/// Depth of the allow-list tree (256 countries).
pub const ALLOW_LIST_DEPTH: usize = 8;

/// Builds the allow-list tree over country codes (native helper). `None` if a code is 0 or above 999
/// (a leaf no record can prove), or the list is too long.
pub fn allow_list(countries: &[u16]) -> Option<MerkleTree> {
    if countries.iter().any(|c| *c == 0 || *c as u64 >= CODE_LIMIT) {
        return None;
    }
    MerkleTree::new(
        ALLOW_LIST_DEPTH,
        countries.iter().map(|c| Fr::from(*c as u64)).collect(),
    )
}

/// Positions of the public inputs.
pub mod input {
    /// Digest of the sealed record.
    pub const RECORD: usize = 0;
    /// Replay context.
    pub const CONTEXT: usize = 1;
    /// Document type code.
    pub const DOC_TYPE: usize = 2;
    /// Root of the allow-list.
    pub const LIST_ROOT: usize = 3;
    /// Number of public inputs.
    pub const COUNT: usize = 4;
}

/// The origin-in-list claim: the origin of the `doc_type` record is on the allow-list with root
/// `list_root`.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(deny_unknown_fields)
)]
pub struct Public {
    /// Digest of the sealed record.
    #[cfg_attr(feature = "serde", serde(with = "crate::encoding::serde::fr_string"))]
    pub record: Fr,
    /// Its document type.
    pub doc_type: DocType,
    /// Root of the allow-list.
    #[cfg_attr(feature = "serde", serde(with = "crate::encoding::serde::fr_string"))]
    pub list_root: Fr,
}

impl ClaimPublic for Public {
    fixed_shape_public!(NAME);

    fn records(&self) -> Vec<Fr> {
        vec![self.record]
    }

    fn to_inputs(&self, context: Fr) -> Vec<Fr> {
        let mut v = vec![Fr::zero(); input::COUNT];
        v[input::RECORD] = self.record;
        v[input::CONTEXT] = context;
        v[input::DOC_TYPE] = fe(self.doc_type.code());
        v[input::LIST_ROOT] = self.list_root;
        v
    }

    fn from_inputs(_: (), x: &[Fr]) -> Result<(Self, Fr), ClaimError> {
        check_count::<Self>((), x)?;
        let p = Public {
            record: x[input::RECORD],
            doc_type: read::doc_type(x[input::DOC_TYPE])?,
            list_root: x[input::LIST_ROOT],
        };
        Ok((p, x[input::CONTEXT]))
    }
}

/// The origin-in-list circuit.
#[derive(Clone, Debug)]
pub struct OriginInListCircuit {
    /// Public inputs, in the order of [`input`].
    pub inputs: Vec<Fr>,
    /// The record's opening.
    pub opening: RecordOpening,
    /// Path of the origin's leaf in the allow-list.
    pub path: MerklePath,
}

impl OriginInListCircuit {
    /// Checks natively and builds the circuit; finds the origin's position in `list`.
    pub fn new(
        opening: RecordOpening,
        context: Fr,
        doc_type: DocType,
        list: &MerkleTree,
    ) -> Result<Self, PredicateFailed> {
        check_type(NAME, &opening, doc_type, "the record")?;
        check_origin(NAME, &opening, "the record")?;
        let origin = opening.slot(ORIGIN);
        let pos = list
            .leaves()
            .iter()
            .position(|l| *l == origin && !origin.is_zero())
            .ok_or_else(|| fail(NAME, "the origin is not on the allow-list"))?;
        let path = list
            .path(pos as u64)
            .ok_or_else(|| fail(NAME, "allow-list path unavailable"))?;
        if list.depth() != ALLOW_LIST_DEPTH {
            return Err(fail(
                NAME,
                format!("allow-list depth must be {ALLOW_LIST_DEPTH}"),
            ));
        }
        let public = Public {
            record: opening.digest(),
            doc_type,
            list_root: list.root(),
        };
        Ok(Self {
            inputs: public.to_inputs(context),
            opening,
            path,
        })
    }

    /// Builds the circuit from the given public inputs and witness without any check.
    pub fn from_witness_unchecked(
        inputs: Vec<Fr>,
        opening: RecordOpening,
        path: MerklePath,
    ) -> Self {
        Self {
            inputs,
            opening,
            path,
        }
    }

    /// A circuit of the right shape for key generation.
    pub fn blank() -> Self {
        Self::blank_of(())
    }
}

impl ClaimCircuit for OriginInListCircuit {
    fixed_shape_circuit!();

    fn blank_of(_: ()) -> Self {
        let path = MerklePath {
            index: 0,
            siblings: vec![Fr::zero(); ALLOW_LIST_DEPTH],
        };
        Self::from_witness_unchecked(vec![Fr::zero(); input::COUNT], RecordOpening::blank(), path)
    }
}

impl ConstraintSynthesizer<Fr> for OriginInListCircuit {
    fn generate_constraints(self, cs: ConstraintSystemRef<Fr>) -> Result<(), SynthesisError> {
        let pi = alloc_inputs::<Public>(&cs, (), &self.inputs)?;
        bind_context(&pi[input::CONTEXT])?;
        let r = RecordVar::open(cs.clone(), &self.opening, &pi[input::RECORD])?;
        r.slot(DOC_TYPE).enforce_equal(&pi[input::DOC_TYPE])?;
        let origin = r.slot(ORIGIN);
        enforce_country_code(origin)?;
        let path = MerklePathVar::new_witness(cs.clone(), Some(&self.path), ALLOW_LIST_DEPTH)?;
        path.root(origin)?.enforce_equal(&pi[input::LIST_ROOT])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::claims::testing::*;
    use ark_ff::Field;
    use proptest::prelude::*;

    #[test]
    fn constraint_count() {
        let n = constraints(OriginInListCircuit::blank());
        println!("origin_in_list: {n} constraints");
        assert!(n < 4_000);
    }

    #[test]
    fn statement_round_trips_and_is_what_the_circuit_allocates() {
        let list = allow_list(&[404, 834]).unwrap();
        let o = seal(&mut rng(2), declaration(1, 42, 834, 20_000, 10, 978, 7));
        let c = OriginInListCircuit::new(
            o.clone(),
            Fr::from(3u64),
            DocType::CustomsDeclaration,
            &list,
        )
        .unwrap();
        let public = Public {
            record: o.digest(),
            doc_type: DocType::CustomsDeclaration,
            list_root: list.root(),
        };
        assert_statement(&c, &public, Fr::from(3u64));
    }

    #[test]
    fn allow_list_rejects_zero_and_empty_leaves() {
        assert!(allow_list(&[0, 404]).is_none());
        assert!(allow_list(&[404, 1000]).is_none());
        // A record whose origin slot is 0 cannot use an empty leaf (also 0) of the tree.
        let list = allow_list(&[404, 834]).unwrap();
        let o = seal(&mut rng(1), declaration(1, 42, 0, 20_000, 10, 978, 7));
        let public = vec![o.digest(), Fr::ONE, Fr::from(1u64), list.root()];
        let empty = list.path(5).unwrap();
        assert!(!satisfied(OriginInListCircuit::from_witness_unchecked(
            public, o, empty
        )));
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(128))]

        #[test]
        fn origin_in_list(list in prop::collection::btree_set(1u16..1000, 1..60), origin in 1u16..1000, seed in any::<u64>()) {
            let countries: Vec<u16> = list.iter().copied().collect();
            let tree = allow_list(&countries).unwrap();
            let o = seal(&mut rng(seed), declaration(1, 42, origin as u64, 20_000, 10, 978, 7));
            let member = list.contains(&origin);
            let assigned = crate::codes::Country::from_numeric(origin).is_ok();
            match OriginInListCircuit::new(o.clone(), Fr::from(seed), DocType::CustomsDeclaration, &tree) {
                Ok(c) => { prop_assert!(member && assigned); prop_assert!(satisfied(c)); }
                Err(_) if member => prop_assert!(!assigned),
                Err(_) => {
                    // Try every leaf's path: none proves a country that is not listed.
                    let public = vec![o.digest(), Fr::from(seed), Fr::from(1u64), tree.root()];
                    for i in 0..countries.len().min(8) {
                        let path = tree.path(i as u64).unwrap();
                        prop_assert!(!satisfied(OriginInListCircuit::from_witness_unchecked(public.clone(), o.clone(), path)));
                    }
                }
            }
        }
    }
}
