//! The structured reference string of aggregation: powers of two secrets `a` and `b`.
//!
//! For aggregating up to `N` proofs (a power of two) the prover needs `[aⁱ]₁, [bⁱ]₁` for `i < 2N` and
//! `[aⁱ]₂, [bⁱ]₂` for `i < N`; the verifier needs only `[a]₁, [b]₁, [a]₂, [b]₂` (and the generators).
//! Anyone who knows `a` or `b` can open the commitments to anything and forge aggregates, so in
//! production the two sequences are the `τ` powers of **two independent powers-of-tau ceremonies**
//! (e.g. two snarkjs `.ptau` files: see `wire::ptau::Ptau::aggregation_powers`). A `.ptau` of power
//! `k` holds `2^(k+1) − 1` G1 and `2^k` G2 powers, enough for `N = 2^(k−1)` proofs.
//!
//! The type says where an SRS came from: [`Srs<Ceremony>`](Srs) is built only from checked powers of
//! two distinct secrets; [`Srs<InsecureSeeded>`](Srs) is derived from a seed (its secrets are known
//! to whoever knows the seed) and exists for tests and benches. A ledger that must never accept the
//! latter names `VerifierSrs<Ceremony>` in its types.
use crate::error::{DecodeError, Error, Result};
use ark_bn254::{Fr, G1Affine, G1Projective, G2Affine, G2Projective};
use ark_ec::scalar_mul::ScalarMul;
use ark_ec::{AffineRepr, PrimeGroup};
use ark_ff::UniformRand;
use rand::SeedableRng;
use std::marker::PhantomData;

mod sealed {
    pub trait Sealed {}
    impl Sealed for super::Ceremony {}
    impl Sealed for super::InsecureSeeded {}
}

/// Where an SRS came from (a type-level marker).
pub trait SrsKind:
    sealed::Sealed + Clone + Copy + std::fmt::Debug + PartialEq + Eq + Send + Sync + 'static
{
    /// Whether the secrets may be known to someone (seeded).
    const INSECURE: bool;
    /// One byte in the binary encoding.
    const TAG: u8;
}

/// Powers of two independent ceremonies, checked: the production SRS.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Ceremony;

/// Powers of secrets derived from a seed: **for tests and benches only**.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct InsecureSeeded;

impl SrsKind for Ceremony {
    const INSECURE: bool = false;
    const TAG: u8 = 1;
}

impl SrsKind for InsecureSeeded {
    const INSECURE: bool = true;
    const TAG: u8 = 2;
}

/// The powers of one secret `τ` as a ceremony publishes them: `g1[i] = [τⁱ]₁`, `g2[i] = [τⁱ]₂`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Powers {
    /// `[τⁱ]₁`, `i = 0, 1, …`
    pub g1: Vec<G1Affine>,
    /// `[τⁱ]₂`, `i = 0, 1, …`
    pub g2: Vec<G2Affine>,
}

/// The prover's SRS for up to [`Srs::max_proofs`] proofs.
#[derive(Clone, PartialEq, Eq)]
pub struct Srs<K: SrsKind = Ceremony> {
    /// `[aⁱ]₁`, `[bⁱ]₁` for `i < 2N`.
    pub(crate) g_a: Vec<G1Affine>,
    pub(crate) g_b: Vec<G1Affine>,
    /// `[aⁱ]₂`, `[bⁱ]₂` for `i < N`.
    pub(crate) h_a: Vec<G2Affine>,
    pub(crate) h_b: Vec<G2Affine>,
    pub(crate) kind: PhantomData<K>,
}

impl<K: SrsKind> std::fmt::Debug for Srs<K> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Srs")
            .field("kind", &std::any::type_name::<K>())
            .field("max_proofs", &self.max_proofs())
            .finish()
    }
}

/// What the verifier of an aggregate needs from the SRS: `[a]₁, [b]₁, [a]₂, [b]₂` (and the largest
/// aggregate the SRS supports). A few hundred bytes, independent of `N`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct VerifierSrs<K: SrsKind = Ceremony> {
    pub(crate) g_a: G1Affine,
    pub(crate) g_b: G1Affine,
    pub(crate) h_a: G2Affine,
    pub(crate) h_b: G2Affine,
    pub(crate) max_proofs: u32,
    pub(crate) kind: PhantomData<K>,
}

fn invalid(reason: &str) -> Error {
    DecodeError::Invalid {
        what: "aggregation SRS",
        reason: reason.to_string(),
    }
    .into()
}

/// The largest aggregate any SRS here supports (`2^16` proofs; a `.ptau` of power 17).
pub const MAX_SRS_PROOFS: usize = 1 << 16;

/// An SRS size must be a power of two in `2..=MAX_SRS_PROOFS` (constructors and decoders).
pub(crate) fn check_size(max_proofs: usize) -> Result<()> {
    if !max_proofs.is_power_of_two() || !(2..=MAX_SRS_PROOFS).contains(&max_proofs) {
        return Err(invalid(
            "the number of proofs must be a power of two in 2..=65536",
        ));
    }
    Ok(())
}

impl Srs<Ceremony> {
    /// The SRS for up to `max_proofs` proofs (a power of two, at least 2) from the powers of two
    /// ceremonies. Checks that each list holds enough powers (`2N` in G1, `N` in G2), that each is a
    /// sequence of successive powers of one secret consistent across the groups (random linear
    /// combinations and four pairings per list), and that neither secret is `0` or `1` and the two
    /// differ. Independence of the ceremonies is the caller's to establish (different transcripts,
    /// different contributors).
    pub fn from_powers(a: &Powers, b: &Powers, max_proofs: usize) -> Result<Self> {
        let (g_a, g_b, h_a, h_b) = checked(a, b, max_proofs)?;
        Ok(Srs {
            g_a,
            g_b,
            h_a,
            h_b,
            kind: PhantomData,
        })
    }
}

type Lists = (Vec<G1Affine>, Vec<G1Affine>, Vec<G2Affine>, Vec<G2Affine>);

/// The checks of [`Srs::from_powers`]; returns `([aⁱ]₁, [bⁱ]₁, [aⁱ]₂, [bⁱ]₂)` cut to size.
pub(crate) fn checked(a: &Powers, b: &Powers, max_proofs: usize) -> Result<Lists> {
    check_size(max_proofs)?;
    let take = |p: &Powers| -> Result<(Vec<G1Affine>, Vec<G2Affine>)> {
        if p.g1.len() < 2 * max_proofs || p.g2.len() < max_proofs {
            return Err(invalid("too few powers for this many proofs"));
        }
        let (g1, g2) = (&p.g1[..2 * max_proofs], &p.g2[..max_proofs]);
        for q in g1 {
            crate::encoding::check_g1(q, "SRS G1 power")?;
        }
        for q in g2 {
            crate::encoding::check_g2(q, "SRS G2 power")?;
        }
        if !crate::encoding::successive_powers(g1, g2) {
            return Err(invalid(
                "the points are not successive powers of one secret",
            ));
        }
        if g1[1] == G1Affine::generator() {
            return Err(invalid("a secret is 1"));
        }
        Ok((g1.to_vec(), g2.to_vec()))
    };
    let (g_a, h_a) = take(a)?;
    let (g_b, h_b) = take(b)?;
    if g_a[1] == g_b[1] {
        return Err(invalid("the two secrets are equal"));
    }
    Ok((g_a, g_b, h_a, h_b))
}

impl Srs<InsecureSeeded> {
    /// An SRS whose secrets are derived from `seed`: anyone who knows the seed can forge aggregates.
    /// **For tests and benches only.**
    pub fn insecure_from_seed(max_proofs: usize, seed: [u8; 32]) -> Result<Self> {
        check_size(max_proofs)?;
        let mut rng = rand_chacha::ChaCha20Rng::from_seed(seed);
        let (a, b) = (Fr::rand(&mut rng), Fr::rand(&mut rng));
        let (pa, pb) = (
            crate::encoding::powers(a, 2 * max_proofs),
            crate::encoding::powers(b, 2 * max_proofs),
        );
        let (g, h) = (G1Projective::generator(), G2Projective::generator());
        Ok(Srs {
            g_a: g.batch_mul(&pa),
            g_b: g.batch_mul(&pb),
            h_a: h.batch_mul(&pa[..max_proofs]),
            h_b: h.batch_mul(&pb[..max_proofs]),
            kind: PhantomData,
        })
    }
}

impl<K: SrsKind> Srs<K> {
    /// The largest number of proofs this SRS aggregates (a power of two).
    pub fn max_proofs(&self) -> usize {
        self.h_a.len()
    }

    /// What verifiers need.
    pub fn verifier_srs(&self) -> VerifierSrs<K> {
        VerifierSrs {
            g_a: self.g_a[1],
            g_b: self.g_b[1],
            h_a: self.h_a[1],
            h_b: self.h_b[1],
            max_proofs: self.max_proofs() as u32,
            kind: PhantomData,
        }
    }
}

impl<K: SrsKind> VerifierSrs<K> {
    /// The largest number of proofs an aggregate under this SRS can cover.
    pub fn max_proofs(&self) -> usize {
        self.max_proofs as usize
    }

    /// Whether the secrets may be known (a seeded SRS).
    pub fn is_insecure(&self) -> bool {
        K::INSECURE
    }
}
