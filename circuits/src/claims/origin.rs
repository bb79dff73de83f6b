//! # Origin
//!
//! Three forms of the same question — *where do these goods come from?* — without revealing more than
//! the claim needs.
//!
//! ## (a) Origin equals — [`OriginEqualsCircuit`]
//! *The sealed record `D`, a document of type `T`, names country `c` as origin.*
//! `∃ k, w, m : Digest(Seal(k, w, m)) = D ∧ m[0] = T ∧ m[ORIGIN] = c`.
//! Public inputs: `D`, `context`, `T`, `c`.
//!
//! ## (b) Origin in an allow-list — [`OriginInListCircuit`]
//! *The sealed record `D`, a document of type `T`, names as origin a country of the list committed to by
//! `root`* (for instance the partners of a free-trade agreement), without saying which.
//! `∃ k, w, m, path : Digest(Seal(k, w, m)) = D ∧ m[0] = T ∧ m[ORIGIN] ≠ 0 ∧
//! MerkleRoot(m[ORIGIN], path) = root`, in a Poseidon Merkle tree of depth [`ALLOW_LIST_DEPTH`] whose
//! leaves are the country codes (empty leaves are 0, hence the `≠ 0`).
//! Public inputs: `D`, `context`, `T`, `root`.
//!
//! ## (c) Cross-document origin match — [`OriginMatchCircuit`]
//! *The customs declaration `D_A` and the certificate of origin `D_B` name the same country of origin*;
//! the country is never revealed, and the two records may be sealed under different keys.
//! `∃ (k_A, w_A, m_A), (k_B, w_B, m_B) : Digest(Seal(k_A, w_A, m_A)) = D_A ∧ Digest(Seal(k_B, w_B, m_B)) = D_B
//! ∧ m_A[0] = 1 ∧ m_B[0] = 3 ∧ m_A[ORIGIN] = m_B[ORIGIN]`.
//! Public inputs: `D_A`, `D_B`, `context`.
use super::{bind_context, fail, inputs, ClaimCircuit, PredicateFailed};
use crate::gadgets::merkle::{MerklePath, MerklePathVar, MerkleTree};
use crate::layout::{DocType, DOC_TYPE, ORIGIN};
use crate::record::{RecordOpening, RecordVar};
use ark_bn254::Fr;
use ark_ff::Zero;
use ark_r1cs_std::fields::fp::FpVar;
use ark_r1cs_std::prelude::*;
use ark_relations::gr1cs::{ConstraintSynthesizer, ConstraintSystemRef, SynthesisError};

/// Depth of the allow-list tree (256 countries).
pub const ALLOW_LIST_DEPTH: usize = 8;

/// Builds the allow-list tree over country codes (native helper). `None` if a code is 0 or the list is too long.
pub fn allow_list(countries: &[u16]) -> Option<MerkleTree> {
    if countries.contains(&0) {
        return None;
    }
    MerkleTree::new(
        ALLOW_LIST_DEPTH,
        countries.iter().map(|c| Fr::from(*c as u64)).collect(),
    )
}

fn check_type(
    claim: &'static str,
    o: &RecordOpening,
    t: DocType,
    which: &str,
) -> Result<(), PredicateFailed> {
    if o.slot(DOC_TYPE) != Fr::from(t.code()) {
        return Err(fail(claim, format!("{which} is not a {t:?}")));
    }
    Ok(())
}

/// (a) The origin slot equals a public country code.
#[derive(Clone, Debug)]
pub struct OriginEqualsCircuit {
    /// Public inputs `[D, context, T, c]`.
    pub public: [Fr; 4],
    /// The record's opening.
    pub opening: RecordOpening,
}

impl OriginEqualsCircuit {
    /// Checks natively and builds the circuit.
    pub fn new(
        opening: RecordOpening,
        context: Fr,
        doc_type: DocType,
        country: u16,
    ) -> Result<Self, PredicateFailed> {
        check_type(Self::NAME, &opening, doc_type, "the record")?;
        if opening.slot(ORIGIN) != Fr::from(country as u64) {
            return Err(fail(
                Self::NAME,
                format!("the origin is not country {country}"),
            ));
        }
        Ok(Self {
            public: [
                opening.digest(),
                context,
                Fr::from(doc_type.code()),
                Fr::from(country as u64),
            ],
            opening,
        })
    }

    /// Builds the circuit from the given public inputs and witness without any check.
    pub fn from_witness_unchecked(public: [Fr; 4], opening: RecordOpening) -> Self {
        Self { public, opening }
    }

    /// A circuit of the right shape for key generation.
    pub fn blank() -> Self {
        Self::from_witness_unchecked([Fr::zero(); 4], RecordOpening::blank())
    }
}

impl ClaimCircuit for OriginEqualsCircuit {
    const NAME: &'static str = "origin_equals";
    fn public_inputs(&self) -> Vec<Fr> {
        self.public.to_vec()
    }
}

impl ConstraintSynthesizer<Fr> for OriginEqualsCircuit {
    fn generate_constraints(self, cs: ConstraintSystemRef<Fr>) -> Result<(), SynthesisError> {
        let pi = inputs(&cs, &self.public)?;
        bind_context(&pi[1])?;
        let r = RecordVar::open(cs.clone(), &self.opening, &pi[0])?;
        r.slot(DOC_TYPE).enforce_equal(&pi[2])?;
        r.slot(ORIGIN).enforce_equal(&pi[3])
    }
}

/// (b) The origin lies in a public allow-list (Merkle root).
#[derive(Clone, Debug)]
pub struct OriginInListCircuit {
    /// Public inputs `[D, context, T, root]`.
    pub public: [Fr; 4],
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
        check_type(Self::NAME, &opening, doc_type, "the record")?;
        let origin = opening.slot(ORIGIN);
        let pos = list
            .leaves()
            .iter()
            .position(|l| *l == origin && !origin.is_zero())
            .ok_or_else(|| fail(Self::NAME, "the origin is not on the allow-list"))?;
        let path = list
            .path(pos as u64)
            .ok_or_else(|| fail(Self::NAME, "allow-list path unavailable"))?;
        if list.depth() != ALLOW_LIST_DEPTH {
            return Err(fail(
                Self::NAME,
                format!("allow-list depth must be {ALLOW_LIST_DEPTH}"),
            ));
        }
        Ok(Self {
            public: [
                opening.digest(),
                context,
                Fr::from(doc_type.code()),
                list.root(),
            ],
            opening,
            path,
        })
    }

    /// Builds the circuit from the given public inputs and witness without any check.
    pub fn from_witness_unchecked(
        public: [Fr; 4],
        opening: RecordOpening,
        path: MerklePath,
    ) -> Self {
        Self {
            public,
            opening,
            path,
        }
    }

    /// A circuit of the right shape for key generation.
    pub fn blank() -> Self {
        let path = MerklePath {
            index: 0,
            siblings: vec![Fr::zero(); ALLOW_LIST_DEPTH],
        };
        Self::from_witness_unchecked([Fr::zero(); 4], RecordOpening::blank(), path)
    }
}

impl ClaimCircuit for OriginInListCircuit {
    const NAME: &'static str = "origin_in_list";
    fn public_inputs(&self) -> Vec<Fr> {
        self.public.to_vec()
    }
}

impl ConstraintSynthesizer<Fr> for OriginInListCircuit {
    fn generate_constraints(self, cs: ConstraintSystemRef<Fr>) -> Result<(), SynthesisError> {
        let pi = inputs(&cs, &self.public)?;
        bind_context(&pi[1])?;
        let r = RecordVar::open(cs.clone(), &self.opening, &pi[0])?;
        r.slot(DOC_TYPE).enforce_equal(&pi[2])?;
        let origin = r.slot(ORIGIN);
        origin.enforce_not_equal(&FpVar::Constant(Fr::zero()))?;
        let path = MerklePathVar::new_witness(cs.clone(), Some(&self.path), ALLOW_LIST_DEPTH)?;
        path.root(origin)?.enforce_equal(&pi[3])
    }
}

/// (c) A customs declaration and a certificate of origin name the same origin.
#[derive(Clone, Debug)]
pub struct OriginMatchCircuit {
    /// Public inputs `[D_A, D_B, context]`.
    pub public: [Fr; 3],
    /// Opening of the customs declaration.
    pub declaration: RecordOpening,
    /// Opening of the certificate of origin.
    pub certificate: RecordOpening,
}

impl OriginMatchCircuit {
    /// Checks natively and builds the circuit.
    pub fn new(
        declaration: RecordOpening,
        certificate: RecordOpening,
        context: Fr,
    ) -> Result<Self, PredicateFailed> {
        check_type(
            Self::NAME,
            &declaration,
            DocType::CustomsDeclaration,
            "record A",
        )?;
        check_type(
            Self::NAME,
            &certificate,
            DocType::CertificateOfOrigin,
            "record B",
        )?;
        if declaration.slot(ORIGIN) != certificate.slot(ORIGIN) {
            return Err(fail(
                Self::NAME,
                "the declaration's origin differs from the certificate's",
            ));
        }
        Ok(Self {
            public: [declaration.digest(), certificate.digest(), context],
            declaration,
            certificate,
        })
    }

    /// Builds the circuit from the given public inputs and witness without any check.
    pub fn from_witness_unchecked(
        public: [Fr; 3],
        declaration: RecordOpening,
        certificate: RecordOpening,
    ) -> Self {
        Self {
            public,
            declaration,
            certificate,
        }
    }

    /// A circuit of the right shape for key generation.
    pub fn blank() -> Self {
        Self::from_witness_unchecked(
            [Fr::zero(); 3],
            RecordOpening::blank(),
            RecordOpening::blank(),
        )
    }
}

impl ClaimCircuit for OriginMatchCircuit {
    const NAME: &'static str = "origin_match";
    fn public_inputs(&self) -> Vec<Fr> {
        self.public.to_vec()
    }
}

impl ConstraintSynthesizer<Fr> for OriginMatchCircuit {
    fn generate_constraints(self, cs: ConstraintSystemRef<Fr>) -> Result<(), SynthesisError> {
        let pi = inputs(&cs, &self.public)?;
        bind_context(&pi[2])?;
        let a = RecordVar::open(cs.clone(), &self.declaration, &pi[0])?;
        let b = RecordVar::open(cs.clone(), &self.certificate, &pi[1])?;
        a.slot(DOC_TYPE).enforce_equal(&FpVar::Constant(Fr::from(
            DocType::CustomsDeclaration.code(),
        )))?;
        b.slot(DOC_TYPE).enforce_equal(&FpVar::Constant(Fr::from(
            DocType::CertificateOfOrigin.code(),
        )))?;
        a.slot(ORIGIN).enforce_equal(b.slot(ORIGIN))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::claims::testing::*;
    use ark_ff::Field;
    use proptest::prelude::*;
    use rand::SeedableRng;

    fn rng(seed: u64) -> rand_chacha::ChaCha8Rng {
        rand_chacha::ChaCha8Rng::seed_from_u64(seed)
    }

    #[test]
    fn constraint_counts() {
        for (name, n) in [
            ("origin_equals", constraints(OriginEqualsCircuit::blank())),
            ("origin_in_list", constraints(OriginInListCircuit::blank())),
            ("origin_match", constraints(OriginMatchCircuit::blank())),
        ] {
            println!("{name}: {n} constraints");
            assert!(n < 4_000);
        }
    }

    #[test]
    fn allow_list_rejects_zero_and_empty_leaves() {
        assert!(allow_list(&[0, 404]).is_none());
        // A record whose origin slot is 0 cannot use an empty leaf (also 0) of the tree.
        let list = allow_list(&[404, 834]).unwrap();
        let mut r = rng(1);
        let o = seal(&mut r, declaration(1, 42, 0, 20_000, 10, 978, 7));
        let public = [o.digest(), Fr::ONE, Fr::from(1u64), list.root()];
        let empty = list.path(5).unwrap();
        assert!(!satisfied(OriginInListCircuit::from_witness_unchecked(
            public, o, empty
        )));
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(128))]

        #[test]
        fn origin_equals(origin in 1u16..1000, claimed in 1u16..1000, seed in any::<u64>()) {
            let o = seal(&mut rng(seed), declaration(1, 42, origin as u64, 20_000, 10, 978, 7));
            let public = [o.digest(), Fr::from(seed), Fr::from(1u64), Fr::from(claimed as u64)];
            prop_assert_eq!(satisfied(OriginEqualsCircuit::from_witness_unchecked(public, o.clone())), origin == claimed);
            prop_assert_eq!(OriginEqualsCircuit::new(o.clone(), Fr::from(seed), DocType::CustomsDeclaration, claimed).is_ok(), origin == claimed);
            // wrong document type, wrong key, wrong digest
            let mut p2 = public; p2[2] = Fr::from(3u64); p2[3] = Fr::from(origin as u64);
            prop_assert!(!satisfied(OriginEqualsCircuit::from_witness_unchecked(p2, o.clone())));
            let mut p3 = public; p3[3] = Fr::from(origin as u64);
            let mut wrong_key = o.clone(); wrong_key.key += Fr::ONE;
            prop_assert!(!satisfied(OriginEqualsCircuit::from_witness_unchecked(p3, wrong_key)));
            p3[0] += Fr::ONE;
            prop_assert!(!satisfied(OriginEqualsCircuit::from_witness_unchecked(p3, o)));
        }

        #[test]
        fn origin_in_list(list in prop::collection::btree_set(1u16..1000, 1..60), origin in 1u16..1000, seed in any::<u64>()) {
            let countries: Vec<u16> = list.iter().copied().collect();
            let tree = allow_list(&countries).unwrap();
            let o = seal(&mut rng(seed), declaration(1, 42, origin as u64, 20_000, 10, 978, 7));
            let member = list.contains(&origin);
            match OriginInListCircuit::new(o.clone(), Fr::from(seed), DocType::CustomsDeclaration, &tree) {
                Ok(c) => { prop_assert!(member); prop_assert!(satisfied(c)); }
                Err(_) => {
                    prop_assert!(!member);
                    // Try every leaf's path: none proves a country that is not listed.
                    let public = [o.digest(), Fr::from(seed), Fr::from(1u64), tree.root()];
                    for i in 0..countries.len().min(8) {
                        let path = tree.path(i as u64).unwrap();
                        prop_assert!(!satisfied(OriginInListCircuit::from_witness_unchecked(public, o.clone(), path)));
                    }
                }
            }
        }

        #[test]
        fn origin_match(a in 1u16..1000, b in 1u16..1000, seed in any::<u64>()) {
            let mut r = rng(seed);
            let dec = seal(&mut r, declaration(1, 42, a as u64, 20_000, 10, 978, 7));
            let coo = seal(&mut r, certificate(7, 42, b as u64, 19_000, 21_000, 5));
            let public = [dec.digest(), coo.digest(), Fr::from(seed)];
            prop_assert_eq!(satisfied(OriginMatchCircuit::from_witness_unchecked(public, dec.clone(), coo.clone())), a == b);
            prop_assert_eq!(OriginMatchCircuit::new(dec.clone(), coo.clone(), Fr::ONE).is_ok(), a == b);
            // Swapping the two records (wrong document types) never satisfies.
            let swapped = [coo.digest(), dec.digest(), Fr::from(seed)];
            prop_assert!(!satisfied(OriginMatchCircuit::from_witness_unchecked(swapped, coo, dec)));
        }
    }
}
