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
//! **Public inputs**, in order: `D`, `context`, `date`, `registry_root`, `revocation_root` ([`Public`],
//! [`input`]).
//!
//! The issuer signs circomlib's `Poseidon(14)` of the certificate's 14 plaintext slots, so the signed
//! message is reproducible by any circomlib tooling. The registry is a Poseidon Merkle tree of depth
//! [`REGISTRY_DEPTH`] with leaves `Poseidon(id, A.x, A.y)`; the revocation set is an indexed Merkle tree
//! of depth [`REVOCATION_DEPTH`] over keys `issuer·2^64 + serial` (see
//! [`crate::gadgets::indexed_merkle`]). The same checks, with the declaration's date in place of the
//! public date, are part of the customs-clearance claim ([`enforce_certificate`]).
use super::{
    alloc_inputs, bind_context, check_count, check_registry_entries, fail, fe, fixed_shape_circuit,
    fixed_shape_public, int, read, registry_tree, revocation_tree, ClaimCircuit, ClaimError,
    ClaimPublic, PredicateFailed,
};
use crate::codes::Date;
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

/// The revocation key of a certificate: its global reference `issuer·2^64 + serial`
/// ([`crate::layout::certificate_ref`]).
pub fn revocation_key(issuer_id: u64, serial: u64) -> u128 {
    crate::layout::certificate_ref(issuer_id, serial)
}

/// The registry of certificate issuers: identifiers and EdDSA-Poseidon public keys in a Merkle tree.
#[derive(Clone, Debug)]
pub struct IssuerRegistry {
    issuers: Vec<(u64, Point)>,
    tree: MerkleTree,
}

impl IssuerRegistry {
    /// Builds the registry, or says why not: an identifier is 0 or repeats, a key is not a point of the
    /// prime-order subgroup (or is the identity), or there are more than `2^REGISTRY_DEPTH` issuers.
    pub fn new(issuers: Vec<(u64, Point)>) -> Result<Self, ClaimError> {
        check_registry_entries("issuer", issuers.iter().map(|(i, k)| (*i, k)))?;
        let leaves = issuers.iter().map(|(i, k)| registry_leaf(*i, k)).collect();
        let tree = registry_tree("issuer", REGISTRY_DEPTH, leaves)?;
        Ok(Self { issuers, tree })
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
    /// Builds the list from `(issuer, serial)` pairs, or says why not: an issuer identifier is 0, or
    /// there are more than `2^20 − 1` entries.
    pub fn new(revoked: impl IntoIterator<Item = (u64, u64)>) -> Result<Self, ClaimError> {
        let keys: Vec<u128> = revoked
            .into_iter()
            .map(|(i, s)| {
                if i == 0 {
                    Err(ClaimError::Parameters(
                        "issuer identifier 0 is reserved".into(),
                    ))
                } else {
                    Ok(revocation_key(i, s))
                }
            })
            .collect::<Result<_, _>>()?;
        Ok(Self {
            tree: revocation_tree(keys)?,
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
    /// Collects the witness for `certificate` from the registry and the revocation list, or names why
    /// it cannot: the certificate names no valid issuer or serial, the issuer is not registered, or the
    /// certificate is revoked, or the signature's response `S` is `2^251` or more (it would not fit the
    /// circuit's 251 bits; see [`eddsa::response_fits`]). The signature itself is checked by
    /// [`check_certificate`].
    pub fn collect(
        certificate: &RecordOpening,
        signature: Signature,
        registry: &IssuerRegistry,
        revocations: &RevocationList,
    ) -> Result<Self, PredicateFailed> {
        if !eddsa::response_fits(signature.s) {
            return Err(fail(
                NAME,
                "the signature's response S is 2^251 or more, so it is not a valid signature",
            ));
        }
        let issuer = int(certificate.slot(ISSUER))
            .ok_or_else(|| fail(NAME, "the certificate names no valid issuer"))?;
        let serial = int(certificate.slot(DOC_NUMBER))
            .ok_or_else(|| fail(NAME, "the certificate has no valid serial"))?;
        let (Some(issuer_key), Some(registry_path)) =
            (registry.key_of(issuer), registry.path(issuer))
        else {
            return Err(fail(
                NAME,
                format!("issuer {issuer} is not in the issuer registry"),
            ));
        };
        let non_revocation = revocations.witness(issuer, serial).ok_or_else(|| {
            fail(
                NAME,
                format!("certificate {serial} of issuer {issuer} is revoked"),
            )
        })?;
        Ok(Self {
            issuer_key,
            signature,
            registry_path,
            non_revocation,
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
/// on `date` (a variable the caller has range-checked to 64 bits) and not revoked. Returns the
/// certificate's global reference `issuer·2^64 + serial` (issuer nonzero, both range-checked to 64 bits,
/// so the reference determines the pair), for a declaration to name.
pub fn enforce_certificate(
    cs: ConstraintSystemRef<Fr>,
    coo: &RecordVar,
    w: &IssuerWitness,
    date: &FpVar<Fr>,
    registry_root: &FpVar<Fr>,
    revocation_root: &FpVar<Fr>,
) -> Result<FpVar<Fr>, SynthesisError> {
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
        .enforce_not_member(&rev_key, revocation_root)?;
    Ok(rev_key)
}

/// Positions of the public inputs.
pub mod input {
    /// Digest of the sealed certificate.
    pub const CERTIFICATE: usize = 0;
    /// Replay context.
    pub const CONTEXT: usize = 1;
    /// The day on which the certificate must be valid.
    pub const DATE: usize = 2;
    /// Root of the issuer registry.
    pub const REGISTRY_ROOT: usize = 3;
    /// Root of the revocation set.
    pub const REVOCATION_ROOT: usize = 4;
    /// Number of public inputs.
    pub const COUNT: usize = 5;
}

/// The certificate-validity claim: the certificate is signed by a registered issuer, valid on `date`
/// and not revoked.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(deny_unknown_fields)
)]
pub struct Public {
    /// Digest of the sealed certificate of origin.
    #[cfg_attr(feature = "serde", serde(with = "crate::encoding::serde::fr_string"))]
    pub certificate: Fr,
    /// The day on which it must be valid.
    pub date: Date,
    /// Root of the issuer registry.
    #[cfg_attr(feature = "serde", serde(with = "crate::encoding::serde::fr_string"))]
    pub registry_root: Fr,
    /// Root of the revocation set.
    #[cfg_attr(feature = "serde", serde(with = "crate::encoding::serde::fr_string"))]
    pub revocation_root: Fr,
}

impl ClaimPublic for Public {
    fixed_shape_public!(NAME);

    fn records(&self) -> Vec<Fr> {
        vec![self.certificate]
    }

    fn to_inputs(&self, context: Fr) -> Vec<Fr> {
        let mut v = vec![Fr::zero(); input::COUNT];
        v[input::CERTIFICATE] = self.certificate;
        v[input::CONTEXT] = context;
        v[input::DATE] = fe(self.date.days());
        v[input::REGISTRY_ROOT] = self.registry_root;
        v[input::REVOCATION_ROOT] = self.revocation_root;
        v
    }

    fn from_inputs(_: (), x: &[Fr]) -> Result<(Self, Fr), ClaimError> {
        check_count::<Self>((), x)?;
        let p = Public {
            certificate: x[input::CERTIFICATE],
            date: read::date(x[input::DATE], "date")?,
            registry_root: x[input::REGISTRY_ROOT],
            revocation_root: x[input::REVOCATION_ROOT],
        };
        Ok((p, x[input::CONTEXT]))
    }
}

/// The certificate-validity circuit.
#[derive(Clone, Debug)]
pub struct CertificateValidityCircuit {
    /// Public inputs, in the order of [`input`].
    pub inputs: Vec<Fr>,
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
        date: Date,
        registry_root: Fr,
        revocation_root: Fr,
    ) -> Result<Self, PredicateFailed> {
        check_certificate(
            NAME,
            &certificate,
            &issuer,
            date.days() as u64,
            registry_root,
            revocation_root,
        )?;
        let public = Public {
            certificate: certificate.digest(),
            date,
            registry_root,
            revocation_root,
        };
        Ok(Self {
            inputs: public.to_inputs(context),
            certificate,
            issuer,
        })
    }

    /// Builds the circuit from the given public inputs and witness without any check.
    pub fn from_witness_unchecked(
        inputs: Vec<Fr>,
        certificate: RecordOpening,
        issuer: IssuerWitness,
    ) -> Self {
        Self {
            inputs,
            certificate,
            issuer,
        }
    }

    /// A circuit of the right shape for key generation.
    pub fn blank() -> Self {
        Self::blank_of(())
    }
}

impl ClaimCircuit for CertificateValidityCircuit {
    fixed_shape_circuit!();

    fn blank_of(_: ()) -> Self {
        Self::from_witness_unchecked(
            vec![Fr::zero(); input::COUNT],
            RecordOpening::blank(),
            IssuerWitness::blank(),
        )
    }
}

impl ConstraintSynthesizer<Fr> for CertificateValidityCircuit {
    fn generate_constraints(self, cs: ConstraintSystemRef<Fr>) -> Result<(), SynthesisError> {
        let pi = alloc_inputs::<Public>(&cs, (), &self.inputs)?;
        bind_context(&pi[input::CONTEXT])?;
        let coo = RecordVar::open(cs.clone(), &self.certificate, &pi[input::CERTIFICATE])?;
        let date = &pi[input::DATE];
        enforce_range(date, 64)?;
        enforce_certificate(
            cs,
            &coo,
            &self.issuer,
            date,
            &pi[input::REGISTRY_ROOT],
            &pi[input::REVOCATION_ROOT],
        )
        .map(|_| ())
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
        assert!(IssuerRegistry::new(vec![(1, k), (1, k)]).is_err());
        assert!(IssuerRegistry::new(vec![(1, Point::IDENTITY)]).is_err());
        assert!(IssuerRegistry::new(vec![(
            1,
            Point {
                x: k.x,
                y: k.y + Fr::ONE
            }
        )])
        .is_err());
        assert!(RevocationList::new([(0, 1)]).is_err());
        let e = IssuerRegistry::new(vec![(0, k)]).unwrap_err();
        assert!(e.to_string().contains("reserved"), "{e}");
        let e = IssuerRegistry::new(vec![(1, k), (1, k)]).unwrap_err();
        assert!(e.to_string().contains("twice"), "{e}");
        // On the curve but outside the prime-order subgroup: the point of order 2, and a key plus it.
        let order_two = Point {
            x: Fr::zero(),
            y: -Fr::ONE,
        };
        assert!(order_two.is_on_curve() && k.add(&order_two).is_on_curve());
        for bad in [order_two, k.add(&order_two)] {
            let e = IssuerRegistry::new(vec![(1, k), (2, bad)]).unwrap_err();
            assert!(e.to_string().contains("subgroup"), "{e}");
        }
        // One more issuer than the registry holds.
        let too_many: Vec<(u64, Point)> =
            (1..=(1u64 << REGISTRY_DEPTH) + 1).map(|i| (i, k)).collect();
        let e = IssuerRegistry::new(too_many).unwrap_err();
        assert!(e.to_string().contains("at most"), "{e}");
        // The revocation list: repeats and order do not matter, issuer 0 is refused.
        let a = RevocationList::new([(5, 13), (6, 7), (5, 13), (5, 2)]).unwrap();
        let b = RevocationList::new([(5, 2), (5, 13), (6, 7)]).unwrap();
        assert_eq!(a.root(), b.root());
        assert_eq!(a.len(), 3);
    }

    #[test]
    fn each_failure_is_named_and_unsatisfied() {
        let w = world();
        let (rr, vr) = (w.registry.root(), w.revocations.root());
        let (coo, sig) = signed_certificate(&w, 1, 12, 0, 20_000, 20_365);
        let iw = IssuerWitness::collect(&coo, sig, &w.registry, &w.revocations).unwrap();
        let good =
            CertificateValidityCircuit::new(coo.clone(), iw.clone(), Fr::ONE, day(20_100), rr, vr)
                .unwrap();
        assert!(satisfied(good.clone()));
        assert_statement(
            &good,
            &Public {
                certificate: coo.digest(),
                date: day(20_100),
                registry_root: rr,
                revocation_root: vr,
            },
            Fr::ONE,
        );

        let check = |public: Vec<Fr>, coo: RecordOpening, iw: IssuerWitness, expect: &str| {
            let date = int(public[input::DATE]).unwrap();
            let e = check_certificate(
                NAME,
                &coo,
                &iw,
                date,
                public[input::REGISTRY_ROOT],
                public[input::REVOCATION_ROOT],
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
        let mut p = good.inputs.clone();
        p[input::DATE] = Fr::from(20_366u64);
        check(p, coo.clone(), iw.clone(), "expired");
        let mut p = good.inputs.clone();
        p[input::DATE] = Fr::from(19_999u64);
        check(p, coo.clone(), iw.clone(), "not yet valid");
        // forged signature: S changed, or signed by another registered issuer's key
        let mut bad = iw.clone();
        bad.signature.s += Fr::ONE;
        check(good.inputs.clone(), coo.clone(), bad, "signature");
        let mut bad = iw.clone();
        bad.signature = w.keys[1].sign(certificate_message(&coo.plaintext));
        check(good.inputs.clone(), coo.clone(), bad, "signature");
        // S + 2^251: the same low 251 bits as the valid S, refused rather than truncated
        let mut wide = sig;
        wide.s += Fr::from(2u64).pow([eddsa::S_BITS as u64]);
        let e = IssuerWitness::collect(&coo, wide, &w.registry, &w.revocations).unwrap_err();
        assert!(e.reason.contains("2^251"), "{e}");
        let mut bad = iw.clone();
        bad.signature = wide;
        check(good.inputs.clone(), coo.clone(), bad, "signature");
        // signed by a key outside the registry (with that key claimed)
        let outsider = SecretKey::from_seed(&[77; 32]);
        let mut bad = iw.clone();
        bad.issuer_key = outsider.public_key();
        bad.signature = outsider.sign(certificate_message(&coo.plaintext));
        check(
            good.inputs.clone(),
            coo.clone(),
            bad,
            "not in the issuer registry",
        );
        // a registered key but under another issuer's identifier (issuer 6's key for a certificate naming 5)
        let mut bad = iw.clone();
        bad.issuer_key = w.keys[1].public_key();
        bad.signature = w.keys[1].sign(certificate_message(&coo.plaintext));
        bad.registry_path = w.registry.path(6).unwrap();
        check(
            good.inputs.clone(),
            coo.clone(),
            bad,
            "not in the issuer registry",
        );
        // revoked serial (5, 13): try the neighbouring leaves' witnesses
        let (rcoo, rsig) = signed_certificate(&w, 2, 13, 0, 20_000, 20_365);
        let e = IssuerWitness::collect(&rcoo, rsig, &w.registry, &w.revocations).unwrap_err();
        assert!(e.reason.contains("revoked"), "{e}");
        let mut p = good.inputs.clone();
        p[input::CERTIFICATE] = rcoo.digest();
        for neighbour in [12u64, 14] {
            let mut bad = iw.clone();
            bad.signature = rsig;
            bad.non_revocation = w.revocations.witness(5, neighbour).unwrap();
            check(p.clone(), rcoo.clone(), bad, "revoked");
        }
        // wrong registry root or revocation root
        let mut p = good.inputs.clone();
        p[input::REGISTRY_ROOT] += Fr::ONE;
        check(p, coo.clone(), iw.clone(), "registry");
        let mut p = good.inputs.clone();
        p[input::REVOCATION_ROOT] += Fr::ONE;
        check(p, coo.clone(), iw.clone(), "revoked");
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(96))]
        #[test]
        fn validity_window(date in 19_000u64..21_000, nb in 19_500u64..20_500, len in 0u64..400, serial in 1u64..40, seed in any::<u64>()) {
            let w = world();
            let (coo, sig) = signed_certificate(&w, seed, serial, 0, nb, nb + len);
            let revoked = w.revocations.is_revoked(5, serial);
            let public = Public {
                certificate: coo.digest(), date: day(date),
                registry_root: w.registry.root(), revocation_root: w.revocations.root(),
            };
            let iw = match IssuerWitness::collect(&coo, sig, &w.registry, &w.revocations) {
                Ok(iw) => iw,
                Err(_) => { prop_assert!(revoked); return Ok(()); }
            };
            let valid = nb <= date && date <= nb + len;
            prop_assert_eq!(satisfied(CertificateValidityCircuit::from_witness_unchecked(public.to_inputs(Fr::from(seed)), coo.clone(), iw.clone())), valid);
            prop_assert_eq!(check_certificate(NAME, &coo, &iw, date, public.registry_root, public.revocation_root).is_ok(), valid);
        }
    }
}
