//! # Certificate validity
//!
//! **Statement.** *The sealed record `D` is a certificate of origin whose contents were signed by an
//! issuer registered under `registry_root`, whose registry identifier is the certificate's issuer field,
//! which is valid on `date`, and whose serial is not revoked under `revocation_root`.*
//!
//! ```text
//! ∃ k, w, m, A, σ, π_reg, π_rev :
//!     Digest(Seal(k, w, m)) = D  ∧  m[DOC_TYPE] = 3
//!   ∧ EdDSA-Poseidon.Verify(A, Poseidon14(m), σ)                     signed by A (circomlib-compatible)
//!   ∧ MerkleRoot(Poseidon3(m[ISSUER], A.x, A.y), π_reg) = registry_root   A is m[ISSUER]'s registered key
//!   ∧ m[NOT_BEFORE] ≤ date ≤ m[NOT_AFTER]                            (64-bit integers)
//!   ∧ m[ISSUER]·2^64 + m[DOC_NUMBER] ∉ RevokedSet(revocation_root)    via π_rev, an indexed-tree leaf
//! ```
//!
//! **Public inputs**, in order: `D`, `context`, `date`, `registry_root`, `revocation_root`.
//!
//! The issuer signs circomlib's `Poseidon(14)` of the certificate's 14 plaintext slots, so the signed
//! message is reproducible by any circomlib tooling. The registry is a Poseidon Merkle tree of depth
//! [`REGISTRY_DEPTH`] with leaves `Poseidon(id, A.x, A.y)`; the revocation set is an indexed Merkle tree
//! of depth [`REVOCATION_DEPTH`] over keys `issuer·2^64 + serial` (see
//! [`crate::gadgets::indexed_merkle`]). The same checks, with the declaration's date in place of the
//! public date, are part of the customs-clearance claim ([`enforce_certificate`]).
use super::{bind_context, fail, inputs, int, ClaimCircuit, PredicateFailed};
use crate::gadgets::babyjubjub::{Point, PointVar};
use crate::gadgets::bits::{enforce_leq, enforce_range};
use crate::gadgets::eddsa::{self, Signature, SignatureVar};
use crate::gadgets::indexed_merkle::{
    IndexedMerkleTree, NonMembershipVar, NonMembershipWitness, REVOCATION_DEPTH,
};
use crate::gadgets::merkle::{MerklePath, MerklePathVar, MerkleTree};
use crate::gadgets::poseidon;
use crate::layout::{DocType, DOC_NUMBER, DOC_TYPE, ISSUER, NOT_AFTER, NOT_BEFORE, RECORD_SLOTS};
use crate::record::{RecordOpening, RecordVar};
use ark_bn254::Fr;
use ark_ff::{Field, Zero};
use ark_r1cs_std::fields::fp::FpVar;
use ark_r1cs_std::prelude::*;
use ark_relations::gr1cs::{ConstraintSynthesizer, ConstraintSystemRef, SynthesisError};

/// Depth of the issuer registry (1,024 issuers).
pub const REGISTRY_DEPTH: usize = 10;

const NAME: &str = "certificate_validity";

/// The message an issuer signs for a certificate: circomlib's `Poseidon(14)` of its plaintext slots.
pub fn certificate_message(plaintext: &[Fr; RECORD_SLOTS]) -> Fr {
    poseidon::hash(plaintext)
}

/// The registry leaf of an issuer: `Poseidon(id, A.x, A.y)`.
pub fn registry_leaf(issuer_id: u64, key: &Point) -> Fr {
    poseidon::hash(&[Fr::from(issuer_id), key.x, key.y])
}

/// The revocation key of a certificate: `issuer·2^64 + serial`.
pub fn revocation_key(issuer_id: u64, serial: u64) -> u128 {
    ((issuer_id as u128) << 64) | serial as u128
}

/// The registry of certificate issuers: identifiers and EdDSA-Poseidon public keys in a Merkle tree.
#[derive(Clone, Debug)]
pub struct IssuerRegistry {
    issuers: Vec<(u64, Point)>,
    tree: MerkleTree,
}

impl IssuerRegistry {
    /// Builds the registry. `None` if an identifier is 0 or repeats, a key is not a point of the prime-order
    /// subgroup (or is the identity), or there are more than `2^REGISTRY_DEPTH` issuers.
    pub fn new(issuers: Vec<(u64, Point)>) -> Option<Self> {
        // Identifier 0 is reserved: revocation keys `issuer·2^64 + serial` of issuer 0 would sit below
        // every revocation entry, so its certificates could never be revoked.
        if issuers.iter().any(|(i, _)| *i == 0) {
            return None;
        }
        let mut ids: Vec<u64> = issuers.iter().map(|(i, _)| *i).collect();
        ids.sort_unstable();
        ids.dedup();
        if ids.len() != issuers.len() {
            return None;
        }
        if issuers
            .iter()
            .any(|(_, k)| !k.is_on_curve() || !k.is_in_prime_subgroup() || *k == Point::IDENTITY)
        {
            return None;
        }
        let leaves = issuers.iter().map(|(i, k)| registry_leaf(*i, k)).collect();
        let tree = MerkleTree::new(REGISTRY_DEPTH, leaves)?;
        Some(Self { issuers, tree })
    }

    /// The public root.
    pub fn root(&self) -> Fr {
        self.tree.root()
    }

    /// The registered issuers.
    pub fn issuers(&self) -> &[(u64, Point)] {
        &self.issuers
    }

    /// The key registered for `issuer_id`.
    pub fn key_of(&self, issuer_id: u64) -> Option<Point> {
        self.issuers
            .iter()
            .find(|(i, _)| *i == issuer_id)
            .map(|(_, k)| *k)
    }

    /// The membership path of `issuer_id`'s leaf.
    pub fn path(&self, issuer_id: u64) -> Option<MerklePath> {
        let pos = self.issuers.iter().position(|(i, _)| *i == issuer_id)?;
        self.tree.path(pos as u64)
    }
}

/// The set of revoked certificates, as an indexed Merkle tree of depth [`REVOCATION_DEPTH`].
#[derive(Clone, Debug)]
pub struct RevocationList {
    tree: IndexedMerkleTree,
}

impl RevocationList {
    /// Builds the list from `(issuer, serial)` pairs. `None` if an issuer identifier is 0 or there are
    /// more than `2^20 − 1` entries.
    pub fn new(revoked: impl IntoIterator<Item = (u64, u64)>) -> Option<Self> {
        let keys: Vec<u128> = revoked
            .into_iter()
            .map(|(i, s)| {
                if i == 0 {
                    None
                } else {
                    Some(revocation_key(i, s))
                }
            })
            .collect::<Option<_>>()?;
        Some(Self {
            tree: IndexedMerkleTree::new(REVOCATION_DEPTH, keys)?,
        })
    }

    /// The public root.
    pub fn root(&self) -> Fr {
        self.tree.root()
    }

    /// Whether a certificate is revoked.
    pub fn is_revoked(&self, issuer_id: u64, serial: u64) -> bool {
        self.tree.contains(revocation_key(issuer_id, serial))
    }

    /// The non-revocation witness of a certificate, `None` if it is revoked.
    pub fn witness(&self, issuer_id: u64, serial: u64) -> Option<NonMembershipWitness> {
        self.tree.non_membership(revocation_key(issuer_id, serial))
    }

    /// Number of revoked certificates.
    pub fn len(&self) -> usize {
        self.tree.values().len()
    }

    /// Whether nothing is revoked.
    pub fn is_empty(&self) -> bool {
        self.tree.values().is_empty()
    }
}

/// What a prover knows about a certificate's issuer: key, signature, registry path and non-revocation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IssuerWitness {
    /// The issuer's public key.
    pub issuer_key: Point,
    /// The issuer's signature on [`certificate_message`].
    pub signature: Signature,
    /// Path of the issuer's leaf in the registry.
    pub registry_path: MerklePath,
    /// Non-membership of the certificate in the revocation set.
    pub non_revocation: NonMembershipWitness,
}

impl IssuerWitness {
    /// Collects the witness for `certificate` from the registry and the revocation list. `None` if the
    /// issuer is not registered or the certificate is revoked (use [`check_certificate`] for a reason).
    pub fn collect(
        certificate: &RecordOpening,
        signature: Signature,
        registry: &IssuerRegistry,
        revocations: &RevocationList,
    ) -> Option<Self> {
        let issuer = int(certificate.slot(ISSUER))?;
        let serial = int(certificate.slot(DOC_NUMBER))?;
        Some(Self {
            issuer_key: registry.key_of(issuer)?,
            signature,
            registry_path: registry.path(issuer)?,
            non_revocation: revocations.witness(issuer, serial)?,
        })
    }

    /// A witness of the right shape for key generation.
    pub fn blank() -> Self {
        Self {
            issuer_key: Point::IDENTITY,
            signature: Signature {
                r8: Point::IDENTITY,
                s: Fr::zero(),
            },
            registry_path: MerklePath {
                index: 0,
                siblings: vec![Fr::zero(); REGISTRY_DEPTH],
            },
            non_revocation: NonMembershipWitness {
                low_value: 0,
                next_value: 0,
                path: MerklePath {
                    index: 0,
                    siblings: vec![Fr::zero(); REVOCATION_DEPTH],
                },
            },
        }
    }
}

/// Native twin of [`enforce_certificate`]: checks every predicate and names the first that fails.
pub fn check_certificate(
    claim: &'static str,
    coo: &RecordOpening,
    w: &IssuerWitness,
    date: u64,
    registry_root: Fr,
    revocation_root: Fr,
) -> Result<(), PredicateFailed> {
    if coo.slot(DOC_TYPE) != Fr::from(DocType::CertificateOfOrigin.code()) {
        return Err(fail(claim, "the record is not a certificate of origin"));
    }
    if !eddsa::verify(
        &w.issuer_key,
        certificate_message(&coo.plaintext),
        &w.signature,
    ) {
        return Err(fail(
            claim,
            "the issuer's signature on the certificate is not valid",
        ));
    }
    let issuer = int(coo.slot(ISSUER)).filter(|i| *i != 0).ok_or_else(|| {
        fail(
            claim,
            "the issuer identifier is not a nonzero 64-bit integer",
        )
    })?;
    if w.registry_path.root(registry_leaf(issuer, &w.issuer_key)) != registry_root {
        return Err(fail(
            claim,
            format!("issuer {issuer} with this key is not in the issuer registry"),
        ));
    }
    let nb = int(coo.slot(NOT_BEFORE)).ok_or_else(|| fail(claim, "not-before is not a date"))?;
    let na = int(coo.slot(NOT_AFTER)).ok_or_else(|| fail(claim, "not-after is not a date"))?;
    if date < nb {
        return Err(fail(
            claim,
            format!("the certificate is not yet valid on day {date} (valid from day {nb})"),
        ));
    }
    if date > na {
        return Err(fail(
            claim,
            format!("the certificate has expired on day {date} (valid until day {na})"),
        ));
    }
    let serial = int(coo.slot(DOC_NUMBER))
        .ok_or_else(|| fail(claim, "the serial is not a 64-bit integer"))?;
    if !w
        .non_revocation
        .verify(revocation_key(issuer, serial), revocation_root)
    {
        return Err(fail(claim, format!("certificate {serial} of issuer {issuer} is revoked (or the non-revocation witness is stale)")));
    }
    Ok(())
}

/// Enforces that the opened record `coo` is a certificate of origin signed by a registered issuer, valid
/// on `date` (a variable the caller has range-checked to 64 bits) and not revoked.
pub fn enforce_certificate(
    cs: ConstraintSystemRef<Fr>,
    coo: &RecordVar,
    w: &IssuerWitness,
    date: &FpVar<Fr>,
    registry_root: &FpVar<Fr>,
    revocation_root: &FpVar<Fr>,
) -> Result<(), SynthesisError> {
    coo.slot(DOC_TYPE).enforce_equal(&FpVar::Constant(Fr::from(
        DocType::CertificateOfOrigin.code(),
    )))?;
    // Signed by A.
    let msg = poseidon::hash_var(&coo.slots)?;
    let key = PointVar::new_witness(cs.clone(), Some(w.issuer_key))?;
    let sig = SignatureVar::new_witness(cs.clone(), Some(&w.signature))?;
    eddsa::enforce_valid(&key, &msg, &sig)?;
    // A is the registered key of the certificate's issuer.
    let issuer = coo.slot(ISSUER);
    let leaf = poseidon::hash_var(&[issuer.clone(), key.x.clone(), key.y.clone()])?;
    MerklePathVar::new_witness(cs.clone(), Some(&w.registry_path), REGISTRY_DEPTH)?
        .root(&leaf)?
        .enforce_equal(registry_root)?;
    // Valid on `date`.
    let (nb, na) = (coo.slot(NOT_BEFORE), coo.slot(NOT_AFTER));
    enforce_range(nb, 64)?;
    enforce_range(na, 64)?;
    enforce_leq(nb, date, 64)?;
    enforce_leq(date, na, 64)?;
    // Not revoked: key = issuer·2^64 + serial, both 64-bit, so the key is a 128-bit integer.
    let serial = coo.slot(DOC_NUMBER);
    enforce_range(issuer, 64)?;
    issuer.enforce_not_equal(&FpVar::Constant(Fr::zero()))?;
    enforce_range(serial, 64)?;
    let two64 = Fr::from(2u64).pow([64]);
    let rev_key = issuer * two64 + serial;
    NonMembershipVar::new_witness(cs, Some(&w.non_revocation), REVOCATION_DEPTH)?
        .enforce_not_member(&rev_key, revocation_root)
}

/// Public inputs of the certificate-validity claim.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CertificatePublic {
    /// Digest of the sealed certificate.
    pub digest: Fr,
    /// Replay context.
    pub context: Fr,
    /// The day on which the certificate must be valid.
    pub date: Fr,
    /// Root of the issuer registry.
    pub registry_root: Fr,
    /// Root of the revocation set.
    pub revocation_root: Fr,
}

/// The certificate-validity circuit.
#[derive(Clone, Debug)]
pub struct CertificateValidityCircuit {
    /// Public inputs.
    pub public: CertificatePublic,
    /// Opening of the sealed certificate.
    pub certificate: RecordOpening,
    /// Issuer key, signature, registry path, non-revocation.
    pub issuer: IssuerWitness,
}

impl CertificateValidityCircuit {
    /// Checks natively and builds the circuit.
    pub fn new(
        certificate: RecordOpening,
        issuer: IssuerWitness,
        context: Fr,
        date: u64,
        registry_root: Fr,
        revocation_root: Fr,
    ) -> Result<Self, PredicateFailed> {
        check_certificate(
            NAME,
            &certificate,
            &issuer,
            date,
            registry_root,
            revocation_root,
        )?;
        Ok(Self {
            public: CertificatePublic {
                digest: certificate.digest(),
                context,
                date: Fr::from(date),
                registry_root,
                revocation_root,
            },
            certificate,
            issuer,
        })
    }

    /// Builds the circuit from the given public inputs and witness without any check.
    pub fn from_witness_unchecked(
        public: CertificatePublic,
        certificate: RecordOpening,
        issuer: IssuerWitness,
    ) -> Self {
        Self {
            public,
            certificate,
            issuer,
        }
    }

    /// A circuit of the right shape for key generation.
    pub fn blank() -> Self {
        let z = Fr::zero();
        Self::from_witness_unchecked(
            CertificatePublic {
                digest: z,
                context: z,
                date: z,
                registry_root: z,
                revocation_root: z,
            },
            RecordOpening::blank(),
            IssuerWitness::blank(),
        )
    }
}

impl ClaimCircuit for CertificateValidityCircuit {
    const NAME: &'static str = NAME;
    fn public_inputs(&self) -> Vec<Fr> {
        let p = &self.public;
        vec![
            p.digest,
            p.context,
            p.date,
            p.registry_root,
            p.revocation_root,
        ]
    }
}

impl ConstraintSynthesizer<Fr> for CertificateValidityCircuit {
    fn generate_constraints(self, cs: ConstraintSystemRef<Fr>) -> Result<(), SynthesisError> {
        let pi = inputs(&cs, &self.public_inputs())?;
        bind_context(&pi[1])?;
        let coo = RecordVar::open(cs.clone(), &self.certificate, &pi[0])?;
        enforce_range(&pi[2], 64)?;
        enforce_certificate(cs, &coo, &self.issuer, &pi[2], &pi[3], &pi[4])
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::claims::testing::*;
    use crate::gadgets::eddsa::SecretKey;
    use proptest::prelude::*;
    use rand::SeedableRng;

    /// A registry of three issuers (ids 5, 6, 7), a revocation list, and a certificate signed by issuer 5.
    pub struct World {
        pub keys: Vec<SecretKey>,
        pub registry: IssuerRegistry,
        pub revocations: RevocationList,
    }

    pub fn world() -> World {
        let keys: Vec<SecretKey> = (0..3u8)
            .map(|i| SecretKey::from_seed(&[i + 1; 32]))
            .collect();
        let registry = IssuerRegistry::new(
            keys.iter()
                .enumerate()
                .map(|(i, k)| (5 + i as u64, k.public_key()))
                .collect(),
        )
        .unwrap();
        let revocations = RevocationList::new([(5, 13), (5, 99), (6, 7)]).unwrap();
        World {
            keys,
            registry,
            revocations,
        }
    }

    pub fn signed_certificate(
        w: &World,
        seed: u64,
        serial: u64,
        issuer_index: usize,
        nb: u64,
        na: u64,
    ) -> (RecordOpening, Signature) {
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
        let coo = seal(
            &mut rng,
            certificate(serial, 42, 404, nb, na, 5 + issuer_index as u64),
        );
        let sig = w.keys[issuer_index].sign(certificate_message(&coo.plaintext));
        (coo, sig)
    }

    #[test]
    fn constraint_count() {
        let n = constraints(CertificateValidityCircuit::blank());
        println!("certificate_validity: {n} constraints");
        assert!(n < 16_000);
    }

    #[test]
    fn registry_rejects_bad_keys_and_duplicate_ids() {
        let k = SecretKey::from_seed(&[1; 32]).public_key();
        assert!(IssuerRegistry::new(vec![(1, k), (1, k)]).is_none());
        assert!(IssuerRegistry::new(vec![(1, Point::IDENTITY)]).is_none());
        assert!(IssuerRegistry::new(vec![(
            1,
            Point {
                x: k.x,
                y: k.y + Fr::ONE
            }
        )])
        .is_none());
        assert!(RevocationList::new([(0, 1)]).is_none());
        assert!(IssuerRegistry::new(vec![(0, k)]).is_none());
    }

    #[test]
    fn each_failure_is_named_and_unsatisfied() {
        let w = world();
        let (rr, vr) = (w.registry.root(), w.revocations.root());
        let (coo, sig) = signed_certificate(&w, 1, 12, 0, 20_000, 20_365);
        let iw = IssuerWitness::collect(&coo, sig, &w.registry, &w.revocations).unwrap();
        let good =
            CertificateValidityCircuit::new(coo.clone(), iw.clone(), Fr::ONE, 20_100, rr, vr)
                .unwrap();
        assert!(satisfied(good.clone()));

        let check =
            |public: CertificatePublic, coo: RecordOpening, iw: IssuerWitness, expect: &str| {
                let date = int(public.date).unwrap();
                let e = check_certificate(
                    NAME,
                    &coo,
                    &iw,
                    date,
                    public.registry_root,
                    public.revocation_root,
                )
                .unwrap_err();
                assert!(e.reason.contains(expect), "{e} (expected {expect})");
                assert!(
                    !satisfied(CertificateValidityCircuit::from_witness_unchecked(
                        public, coo, iw
                    )),
                    "{expect}"
                );
            };
        // expired / not yet valid
        let mut p = good.public;
        p.date = Fr::from(20_366u64);
        check(p, coo.clone(), iw.clone(), "expired");
        let mut p = good.public;
        p.date = Fr::from(19_999u64);
        check(p, coo.clone(), iw.clone(), "not yet valid");
        // forged signature: S changed, or signed by another registered issuer's key
        let mut bad = iw.clone();
        bad.signature.s += Fr::ONE;
        check(good.public, coo.clone(), bad, "signature");
        let mut bad = iw.clone();
        bad.signature = w.keys[1].sign(certificate_message(&coo.plaintext));
        check(good.public, coo.clone(), bad, "signature");
        // signed by a key outside the registry (with that key claimed)
        let outsider = SecretKey::from_seed(&[77; 32]);
        let mut bad = iw.clone();
        bad.issuer_key = outsider.public_key();
        bad.signature = outsider.sign(certificate_message(&coo.plaintext));
        check(good.public, coo.clone(), bad, "not in the issuer registry");
        // a registered key but under another issuer's identifier (issuer 6's key for a certificate naming 5)
        let mut bad = iw.clone();
        bad.issuer_key = w.keys[1].public_key();
        bad.signature = w.keys[1].sign(certificate_message(&coo.plaintext));
        bad.registry_path = w.registry.path(6).unwrap();
        check(good.public, coo.clone(), bad, "not in the issuer registry");
        // revoked serial (5, 13): try the neighbouring leaves' witnesses
        let (rcoo, rsig) = signed_certificate(&w, 2, 13, 0, 20_000, 20_365);
        assert!(IssuerWitness::collect(&rcoo, rsig, &w.registry, &w.revocations).is_none());
        let mut p = good.public;
        p.digest = rcoo.digest();
        for neighbour in [12u64, 14] {
            let mut bad = iw.clone();
            bad.signature = rsig;
            bad.non_revocation = w.revocations.witness(5, neighbour).unwrap();
            check(p, rcoo.clone(), bad, "revoked");
        }
        // wrong registry root or revocation root
        let mut p = good.public;
        p.registry_root += Fr::ONE;
        check(p, coo.clone(), iw.clone(), "registry");
        let mut p = good.public;
        p.revocation_root += Fr::ONE;
        check(p, coo.clone(), iw.clone(), "revoked");
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(96))]
        #[test]
        fn validity_window(date in 19_000u64..21_000, nb in 19_500u64..20_500, len in 0u64..400, serial in 1u64..40, seed in any::<u64>()) {
            let w = world();
            let (coo, sig) = signed_certificate(&w, seed, serial, 0, nb, nb + len);
            let revoked = w.revocations.is_revoked(5, serial);
            let public = CertificatePublic {
                digest: coo.digest(), context: Fr::from(seed), date: Fr::from(date),
                registry_root: w.registry.root(), revocation_root: w.revocations.root(),
            };
            let iw = match IssuerWitness::collect(&coo, sig, &w.registry, &w.revocations) {
                Some(iw) => iw,
                None => { prop_assert!(revoked); return Ok(()); }
            };
            let valid = nb <= date && date <= nb + len;
            prop_assert_eq!(satisfied(CertificateValidityCircuit::from_witness_unchecked(public, coo.clone(), iw.clone())), valid);
            prop_assert_eq!(check_certificate(NAME, &coo, &iw, date, public.registry_root, public.revocation_root).is_ok(), valid);
        }
    }
}
