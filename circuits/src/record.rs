//! A sealed record as a circuit witness: the circuit re-encrypts the private plaintext under the private
//! key and nonce word, recomputes the ledger digest and enforces that it equals the public digest. Every
//! claim about a record goes through [`RecordVar::open`], so a proof speaks about exactly the ciphertext
//! that sits on the ledger (see [`crate::gadgets::cipher`] for the construction and why the tag check
//! makes the opening unique). Cost: 1,650 constraints per record.
use crate::gadgets::cipher;
use crate::layout::RECORD_SLOTS;
use ark_bn254::Fr;
use ark_ff::Zero;
use ark_r1cs_std::fields::fp::FpVar;
use ark_r1cs_std::prelude::*;
use ark_relations::gr1cs::{ConstraintSystemRef, SynthesisError};
use zeroize::{Zeroize, ZeroizeOnDrop};

/// The private opening of a sealed record: record key, nonce word and plaintext slots. Zeroized on drop.
#[derive(Clone, PartialEq, Eq, Zeroize, ZeroizeOnDrop)]
pub struct RecordOpening {
    /// The record key.
    pub key: Fr,
    /// The nonce word `w` (nonce, length and version; see [`cipher::nonce_word`]).
    pub nonce_word: Fr,
    /// The plaintext record.
    pub plaintext: [Fr; RECORD_SLOTS],
}

impl std::fmt::Debug for RecordOpening {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("RecordOpening(..)")
    }
}

impl RecordOpening {
    /// An all-zero opening, for key generation (its values are never read then).
    pub fn blank() -> Self {
        Self {
            key: Fr::zero(),
            nonce_word: Fr::zero(),
            plaintext: [Fr::zero(); RECORD_SLOTS],
        }
    }

    /// The digest of the sealed record this opening produces (native twin of [`RecordVar::open`]).
    pub fn digest(&self) -> Fr {
        cipher::digest(
            self.nonce_word,
            &cipher::seal(self.key, self.nonce_word, &self.plaintext),
        )
    }

    /// The value of slot `i`.
    pub fn slot(&self, i: usize) -> Fr {
        self.plaintext[i]
    }
}

/// The plaintext slots of a record opened inside a circuit.
#[derive(Clone, Debug)]
pub struct RecordVar {
    /// Plaintext slots (witnesses).
    pub slots: Vec<FpVar<Fr>>,
    /// The digest recomputed in-circuit.
    pub digest: FpVar<Fr>,
    /// The record key (a witness), for claims that bind it (the escrow claim).
    pub key: FpVar<Fr>,
}

impl RecordVar {
    /// Allocates `opening`, re-encrypts it and returns the recomputed digest without binding it (for
    /// claims that gate the binding, e.g. optional records).
    pub fn alloc(
        cs: ConstraintSystemRef<Fr>,
        opening: &RecordOpening,
    ) -> Result<Self, SynthesisError> {
        let key = FpVar::new_witness(cs.clone(), || Ok(opening.key))?;
        let w = FpVar::new_witness(cs.clone(), || Ok(opening.nonce_word))?;
        let slots = opening
            .plaintext
            .iter()
            .map(|m| FpVar::new_witness(cs.clone(), || Ok(*m)))
            .collect::<Result<Vec<_>, _>>()?;
        let (ct, tag) = cipher::seal_var(&key, &w, &slots)?;
        let digest = cipher::digest_var(&w, &ct, &tag)?;
        Ok(Self { slots, digest, key })
    }

    /// Allocates `opening` and enforces that it opens the sealed record whose digest is `public_digest`.
    pub fn open(
        cs: ConstraintSystemRef<Fr>,
        opening: &RecordOpening,
        public_digest: &FpVar<Fr>,
    ) -> Result<Self, SynthesisError> {
        let r = Self::alloc(cs, opening)?;
        r.digest.enforce_equal(public_digest)?;
        Ok(r)
    }

    /// Slot `i`.
    pub fn slot(&self, i: usize) -> &FpVar<Fr> {
        &self.slots[i]
    }
}
