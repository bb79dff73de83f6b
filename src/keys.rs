//! Keys: per-circuit Groth16 setup, circuit ids, verifying-key fingerprints, saving and loading.
//!
//! # What Groth16's setup means for trust
//! Groth16 needs a setup per circuit. The setup samples secret field elements (α, β, γ, δ and the
//! evaluation point τ, the "toxic waste") and publishes group elements derived from them. **Whoever
//! knows the toxic waste can forge proofs of false claims for that circuit** — a declaration outside
//! its band would "clear customs". Proofs stay zero-knowledge regardless: a bad setup cannot reveal
//! the documents.
//!
//! What a deployment must do: run the setup as a multi-party ceremony (a Powers-of-Tau phase shared
//! with other circuits, then a circuit-specific phase, e.g. with snarkjs' `zkey contribute` over the
//! R1CS exported from the circuits), where the key is sound if *any one* participant destroyed their
//! share; publish the transcript; and pin the resulting verifying keys by their [`VerifyingKey::fingerprint`]
//! in the ledger's configuration. [`setup`] (one party, OS entropy, waste dropped from memory at once)
//! is fine for development, for a single trusted operator (e.g. a customs authority verifying its own
//! claims), and for tests; [`setup_with_rng`] with a seeded generator is **only** for tests and
//! examples — its keys are forgeable by anyone who knows the seed.
//!
//! Circuit ids and the shape cache are in [`crate::circuit`].
pub use crate::circuit::{circuit_id, CircuitId};
use crate::claim::ClaimKind;
use crate::error::{Error, Result};
use crate::transcript::{Label, Transcript};
use ark_bn254::Bn254;
use ark_ff::PrimeField;
use ark_groth16::r1cs_to_qap::{evaluate_constraint, LibsnarkReduction, R1CSToQAP};
use ark_groth16::Groth16;
use ark_poly::EvaluationDomain;
use ark_relations::gr1cs::{ConstraintSystemRef, Matrix, SynthesisError};
use ark_serialize::CanonicalSerialize;
use rand::{CryptoRng, RngCore};
use std::sync::Arc;

/// A Groth16 proving key tagged with its circuit and the QAP reduction its H query was made for.
#[derive(Clone)]
pub struct ProvingKey {
    pub(crate) kind: ClaimKind,
    pub(crate) circuit_id: CircuitId,
    pub(crate) reduction: Reduction,
    pub(crate) pk: Arc<ark_groth16::ProvingKey<Bn254>>,
}

impl std::fmt::Debug for ProvingKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "ProvingKey({}, {}, {:?} reduction)",
            self.kind, self.circuit_id, self.reduction
        )
    }
}

/// The R1CS-to-QAP reduction a proving key's H query was made for: a property of the key, which the
/// prover follows.
///
/// Both reductions add one row `A = zᵢ` per instance variable (the constant one and the public
/// inputs) to the `m` constraints and interpolate `A·z`, `B·z`, `C·z` over the domain `H` of size
/// `n ≥ m + ℓ`; `P = A·B − C` then vanishes on `H`, so `P = h·Z` with `Z(x) = xⁿ − 1`. They differ in
/// how the prover hands `h(τ)Z(τ)/δ` to the key:
///
/// | | H query (`n − 1` or `n` points) | the prover's scalars |
/// |---|---|---|
/// | [`Reduction::Libsnark`] (arkworks' default, [`setup`]) | `τⁱ·Z(τ)/δ`, `i < n − 1` | the coefficients of `h`, from `P` on a coset `g·H` divided by `Z(g·x)` |
/// | [`Reduction::Circom`] (snarkjs, a ceremony's `.zkey`) | `L⁽²ⁿ⁾₂ᵢ₊₁(τ)/δ`, `i < n` | `P(ω₂ₙ²ⁱ⁺¹)`: `P` on the odd points of the `2n` domain, undivided |
///
/// The circom form works because `P` vanishes on the even points `ω₂ₙ²ⁱ` (they are `H`) and has
/// degree below `2n`, so `P(τ) = Σᵢ P(ω₂ₙ²ⁱ⁺¹)·L⁽²ⁿ⁾₂ᵢ₊₁(τ)` — the division by `Z` (constant `−2` on
/// the odd points) is folded into the key. A proof made with the wrong reduction for its key does
/// not verify; the prover never mixes them because the reduction travels with the key.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Reduction {
    /// libsnark's reduction, arkworks' `LibsnarkReduction`: keys from [`setup`].
    Libsnark,
    /// snarkjs's reduction: keys from a snarkjs ceremony (a `.zkey` imported by the wire module) or [`setup_circom_with_rng`].
    Circom,
}

impl Reduction {
    /// The number of H-query points for an evaluation domain of `domain` elements.
    pub fn h_query_len(self, domain: usize) -> usize {
        match self {
            Reduction::Libsnark => domain - 1,
            Reduction::Circom => domain,
        }
    }
}

/// snarkjs's reduction for arkworks' generic Groth16 ([`ark_groth16::r1cs_to_qap::R1CSToQAP`]), so that
/// plain `ark_groth16::Groth16::<Bn254, CircomReduction>` can make and use keys of the [`Reduction::Circom`]
/// form: the reference the batched prover is checked and benchmarked against, and the generator of
/// [`setup_circom_with_rng`]. See [`Reduction`] for the math.
#[derive(Clone, Copy, Debug, Default)]
pub struct CircomReduction;

impl R1CSToQAP for CircomReduction {
    #[allow(clippy::type_complexity)]
    fn instance_map_with_evaluation<F: PrimeField, D: EvaluationDomain<F>>(
        cs: ConstraintSystemRef<F>,
        t: &F,
    ) -> std::result::Result<(Vec<F>, Vec<F>, Vec<F>, F, usize, usize), SynthesisError> {
        // The QAP polynomials themselves are the same in both reductions.
        LibsnarkReduction::instance_map_with_evaluation::<F, D>(cs, t)
    }

    fn witness_map_from_matrices<F: PrimeField, D: EvaluationDomain<F>>(
        matrices: &[Matrix<F>],
        num_inputs: usize,
        num_constraints: usize,
        full_assignment: &[F],
    ) -> std::result::Result<Vec<F>, SynthesisError> {
        let domain =
            D::new(num_constraints + num_inputs).ok_or(SynthesisError::PolynomialDegreeTooLarge)?;
        let n = domain.size();
        let odd = D::new(2 * n)
            .ok_or(SynthesisError::PolynomialDegreeTooLarge)?
            .group_gen();
        let coset = domain
            .get_coset(odd)
            .ok_or(SynthesisError::PolynomialDegreeTooLarge)?;
        let eval = |m: &Matrix<F>| {
            let mut v = vec![F::zero(); n];
            for (i, row) in m.iter().enumerate().take(num_constraints) {
                v[i] = evaluate_constraint(row, full_assignment);
            }
            v
        };
        let mut a = eval(&matrices[0]);
        a[num_constraints..num_constraints + num_inputs]
            .copy_from_slice(&full_assignment[..num_inputs]);
        let mut b = eval(&matrices[1]);
        let mut c = eval(&matrices[2]);
        for v in [&mut a, &mut b, &mut c] {
            domain.ifft_in_place(v);
            coset.fft_in_place(v);
        }
        Ok(a.iter()
            .zip(&b)
            .zip(&c)
            .map(|((a, b), c)| *a * b - c)
            .collect())
    }

    fn h_query_scalars<F: PrimeField, D: EvaluationDomain<F>>(
        max_power: usize,
        t: F,
        _zt: F,
        delta_inverse: F,
    ) -> std::result::Result<Vec<F>, SynthesisError> {
        // arkworks passes n − 1.
        let n = max_power + 1;
        let double = D::new(2 * n).ok_or(SynthesisError::PolynomialDegreeTooLarge)?;
        let lagrange = double.evaluate_all_lagrange_coefficients(t);
        Ok(lagrange
            .into_iter()
            .skip(1)
            .step_by(2)
            .map(|l| l * delta_inverse)
            .collect())
    }
}

/// A Groth16 verifying key tagged with its circuit, with its fingerprint.
#[derive(Clone, PartialEq)]
pub struct VerifyingKey {
    pub(crate) kind: ClaimKind,
    pub(crate) circuit_id: CircuitId,
    pub(crate) vk: ark_groth16::VerifyingKey<Bn254>,
    pub(crate) fingerprint: [u8; 32],
}

impl std::fmt::Debug for VerifyingKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "VerifyingKey({}, {}, fingerprint {})",
            self.kind,
            self.circuit_id,
            hex(&self.fingerprint[..8])
        )
    }
}

pub(crate) fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

fn fingerprint(circuit_id: &CircuitId, vk: &ark_groth16::VerifyingKey<Bn254>) -> [u8; 32] {
    let mut bytes = Vec::new();
    // Serialising an in-memory key cannot fail.
    let _ = vk.serialize_compressed(&mut bytes);
    Transcript::new(Label::KeyFingerprint)
        .bytes(&circuit_id.0)
        .bytes(&bytes)
        .finish()
}

impl VerifyingKey {
    /// Wraps an arkworks verifying key for `kind`: checks the number of public inputs and every point
    /// (on the curve, in the prime-order subgroup, not the identity).
    ///
    /// Keys are configuration: a ledger loads the keys it trusts (and pins their fingerprints). The
    /// circuit ids of the fixed kinds are pinned constants, so wrapping or decoding their keys
    /// synthesizes nothing; an aggregate-value key synthesizes its circuit once per process to compute
    /// the id, which for a large capacity takes seconds, so the cheap checks (input count, points)
    /// come first.
    pub fn from_ark(kind: ClaimKind, vk: ark_groth16::VerifyingKey<Bn254>) -> Result<Self> {
        kind.validate()?;
        if vk.gamma_abc_g1.len() != kind.num_inputs() + 1 {
            return Err(Error::PublicInputCount {
                expected: kind.num_inputs(),
                found: vk.gamma_abc_g1.len().saturating_sub(1),
            });
        }
        crate::encoding::check_vk_points(&vk)?;
        let circuit_id = circuit_id(kind)?;
        let fingerprint = fingerprint(&circuit_id, &vk);
        Ok(Self {
            kind,
            circuit_id,
            vk,
            fingerprint,
        })
    }

    /// The claim kind.
    pub fn kind(&self) -> ClaimKind {
        self.kind
    }

    /// The circuit id.
    pub fn circuit_id(&self) -> CircuitId {
        self.circuit_id
    }

    /// blake3 fingerprint of the circuit id and the key: what a ledger pins in its configuration.
    pub fn fingerprint(&self) -> [u8; 32] {
        self.fingerprint
    }

    /// The arkworks key.
    pub fn as_ark(&self) -> &ark_groth16::VerifyingKey<Bn254> {
        &self.vk
    }
}

impl ProvingKey {
    /// The claim kind.
    pub fn kind(&self) -> ClaimKind {
        self.kind
    }

    /// The circuit id.
    pub fn circuit_id(&self) -> CircuitId {
        self.circuit_id
    }

    /// The QAP reduction the key's H query was made for (the prover follows it).
    pub fn reduction(&self) -> Reduction {
        self.reduction
    }

    /// Wraps an arkworks proving key made for `kind`'s circuit with `reduction`: checks every query's
    /// length against the circuit (the points are the caller's; a wrong key only makes proofs that do
    /// not verify).
    pub fn from_ark(
        kind: ClaimKind,
        reduction: Reduction,
        pk: ark_groth16::ProvingKey<Bn254>,
    ) -> Result<Self> {
        kind.validate()?;
        let shape = crate::circuit::circuit_shape(kind)?;
        let vars = shape.num_instance + shape.num_witness;
        let domain = (shape.num_constraints + shape.num_instance).next_power_of_two();
        let fits = pk.a_query.len() == vars
            && pk.b_g1_query.len() == vars
            && pk.b_g2_query.len() == vars
            && pk.l_query.len() == shape.num_witness
            && pk.h_query.len() == reduction.h_query_len(domain)
            && pk.vk.gamma_abc_g1.len() == shape.num_instance;
        if !fits {
            return Err(crate::error::DecodeError::Invalid {
                what: "proving key",
                reason: format!(
                    "query sizes do not match the {kind} circuit with the {reduction:?} reduction"
                ),
            }
            .into());
        }
        Ok(Self {
            kind,
            circuit_id: shape.id,
            reduction,
            pk: Arc::new(pk),
        })
    }

    /// The matching verifying key.
    pub fn verifying_key(&self) -> VerifyingKey {
        let vk = self.pk.vk.clone();
        VerifyingKey {
            kind: self.kind,
            circuit_id: self.circuit_id,
            fingerprint: fingerprint(&self.circuit_id, &vk),
            vk,
        }
    }

    /// The arkworks key.
    pub fn as_ark(&self) -> &ark_groth16::ProvingKey<Bn254> {
        &self.pk
    }
}

/// Generates the keys of `kind`'s circuit from OS entropy (see the module docs on what this means for
/// trust).
pub fn setup(kind: ClaimKind) -> Result<(ProvingKey, VerifyingKey)> {
    setup_with_rng(kind, &mut rand::rngs::OsRng)
}

/// Generates keys from `rng`. With a seeded generator the keys are forgeable by anyone who knows the
/// seed: **tests and examples only**.
pub fn setup_with_rng<R: RngCore + CryptoRng>(
    kind: ClaimKind,
    rng: &mut R,
) -> Result<(ProvingKey, VerifyingKey)> {
    let circuit_id = circuit_id(kind)?;
    let pk = Groth16::<Bn254>::generate_random_parameters_with_reduction(kind.blank_witness(), rng)
        .map_err(|e| Error::Synthesis(e.to_string()))?;
    let pk = ProvingKey {
        kind,
        circuit_id,
        reduction: Reduction::Libsnark,
        pk: Arc::new(pk),
    };
    let vk = pk.verifying_key();
    Ok((pk, vk))
}

/// Single-party keys of the [`Reduction::Circom`] form, the form a snarkjs ceremony produces
/// (**tests and examples only**, like [`setup_with_rng`]): they let the circom path of the prover be
/// tested without a ceremony. Production keys of this form come from a ceremony's `.zkey`, imported by the wire module.
pub fn setup_circom_with_rng<R: RngCore + CryptoRng>(
    kind: ClaimKind,
    rng: &mut R,
) -> Result<(ProvingKey, VerifyingKey)> {
    let circuit_id = circuit_id(kind)?;
    let pk = Groth16::<Bn254, CircomReduction>::generate_random_parameters_with_reduction(
        kind.blank_witness(),
        rng,
    )
    .map_err(|e| Error::Synthesis(e.to_string()))?;
    let pk = ProvingKey {
        kind,
        circuit_id,
        reduction: Reduction::Circom,
        pk: Arc::new(pk),
    };
    let vk = pk.verifying_key();
    Ok((pk, vk))
}

/// Keys from a 32-byte seed (**tests and examples only**).
pub fn setup_from_seed(kind: ClaimKind, seed: [u8; 32]) -> Result<(ProvingKey, VerifyingKey)> {
    use rand::SeedableRng;
    setup_with_rng(kind, &mut rand_chacha::ChaCha20Rng::from_seed(seed))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::fixture;
    use rand::SeedableRng;

    #[test]
    fn keys_carry_their_circuit_and_a_stable_fingerprint() {
        let f = fixture();
        assert_eq!(f.pk.kind(), ClaimKind::ValueRange);
        assert_eq!(f.vk.kind(), ClaimKind::ValueRange);
        assert_eq!(
            f.pk.circuit_id(),
            circuit_id(ClaimKind::ValueRange).unwrap()
        );
        assert_eq!(f.pk.verifying_key(), f.vk);
        assert_eq!(f.vk.fingerprint(), f.pk.verifying_key().fingerprint());
        // Another setup of the same circuit: same id, another key, another fingerprint.
        let mut rng = rand_chacha::ChaCha20Rng::seed_from_u64(12);
        let (_, other) = setup_with_rng(ClaimKind::ValueRange, &mut rng).unwrap();
        assert_eq!(other.circuit_id(), f.vk.circuit_id());
        assert_ne!(other.fingerprint(), f.vk.fingerprint());
    }

    #[test]
    fn an_arkworks_key_must_fit_the_kind() {
        let f = fixture();
        let ark = f.vk.as_ark().clone();
        assert!(VerifyingKey::from_ark(ClaimKind::ValueRange, ark.clone()).is_ok());
        // Six inputs are not origin-match's three.
        assert!(matches!(
            VerifyingKey::from_ark(ClaimKind::OriginMatch, ark.clone()),
            Err(Error::PublicInputCount { .. })
        ));
        let mut off = ark;
        off.alpha_g1 = ark_bn254::G1Affine::new_unchecked(1u64.into(), 1u64.into());
        assert!(VerifyingKey::from_ark(ClaimKind::ValueRange, off).is_err());
    }

    /// Every degenerate relation refused by the key checks, each with the forged proof it would admit:
    /// plain ark-groth16 accepts the forgery under the degenerate key, and the key is refused by
    /// `from_ark`, the binary decoder and the snarkjs JSON importer.
    #[test]
    fn degenerate_keys_are_refused_on_every_route() {
        use ark_bn254::{Fr, G1Affine, G1Projective, G2Affine};
        use ark_ec::{AffineRepr, CurveGroup, VariableBaseMSM};
        use ark_groth16::Groth16;
        let f = fixture();
        let honest = f.vk.as_ark().clone();
        // An arbitrary statement nobody proved: any six inputs.
        let x: Vec<Fr> = (0..6u64).map(|i| Fr::from(1_000 + i)).collect();
        let l_of = |vk: &ark_groth16::VerifyingKey<Bn254>| -> G1Affine {
            (vk.gamma_abc_g1[0] + G1Projective::msm(&vk.gamma_abc_g1[1..], &x).unwrap())
                .into_affine()
        };
        let proof = |a: G1Affine, b: G2Affine, c: G1Affine| ark_groth16::Proof::<Bn254> { a, b, c };
        let mut cases: Vec<(
            &str,
            ark_groth16::VerifyingKey<Bn254>,
            ark_groth16::Proof<Bn254>,
        )> = Vec::new();
        for sign in [1i8, -1] {
            let flip = |p: G2Affine| if sign > 0 { p } else { -p };
            let mut k = honest.clone();
            k.delta_g2 = flip(k.gamma_g2);
            let l = l_of(&k);
            let c = if sign > 0 { -l } else { l };
            cases.push(("γ = ±δ", k.clone(), proof(k.alpha_g1, k.beta_g2, c)));
            let mut k = honest.clone();
            k.beta_g2 = flip(k.gamma_g2);
            let l = l_of(&k);
            let a = if sign > 0 {
                k.alpha_g1 + l
            } else {
                k.alpha_g1 - l
            };
            cases.push((
                "β = ±γ",
                k.clone(),
                proof(a.into_affine(), k.beta_g2, G1Affine::zero()),
            ));
            let mut k = honest.clone();
            k.beta_g2 = flip(k.delta_g2);
            let c = if sign > 0 { -k.alpha_g1 } else { k.alpha_g1 };
            cases.push(("β = ±δ", k.clone(), proof(l_of(&k), k.gamma_g2, c)));
        }
        for (what, k, forged) in &cases {
            let pvk = ark_groth16::prepare_verifying_key(k);
            assert!(
                Groth16::<Bn254>::verify_proof(&pvk, forged, &x).unwrap(),
                "{what}: the forgery does not even verify"
            );
            assert_refused(what, k);
        }
        // Two equal (or opposite) input points: one proof, two statements. A key with known discrete
        // logarithms (so that the test can make a valid proof, as a simulator would) and IC₆ = ±IC₅:
        // the proof for x also verifies for x with (x₅ + 1, x₆ ∓ 1).
        let (g1, g2) = (G1Affine::generator(), G2Affine::generator());
        let s = |i: u64| Fr::from(7_919 * i + 13);
        for sign in [1i64, -1] {
            let mut ic: Vec<Fr> = (0..7).map(s).collect();
            ic[6] = ic[5] * Fr::from(sign);
            let (a, b, g, d) = (s(101), s(102), s(103), s(104));
            let k = ark_groth16::VerifyingKey::<Bn254> {
                alpha_g1: (g1 * a).into_affine(),
                beta_g2: (g2 * b).into_affine(),
                gamma_g2: (g2 * g).into_affine(),
                delta_g2: (g2 * d).into_affine(),
                gamma_abc_g1: ic.iter().map(|e| (g1 * e).into_affine()).collect(),
            };
            let l = ic[0] + x.iter().zip(&ic[1..]).map(|(xi, e)| *xi * e).sum::<Fr>();
            let (r, t) = (s(201), s(202));
            let c = (r * t - a * b - g * l) / d;
            let valid = proof(
                (g1 * r).into_affine(),
                (g2 * t).into_affine(),
                (g1 * c).into_affine(),
            );
            let pvk = ark_groth16::prepare_verifying_key(&k);
            assert!(Groth16::<Bn254>::verify_proof(&pvk, &valid, &x).unwrap());
            let mut traded = x.clone();
            traded[4] += Fr::from(1u64);
            traded[5] -= Fr::from(sign);
            assert!(
                Groth16::<Bn254>::verify_proof(&pvk, &valid, &traded).unwrap(),
                "the proof does not carry over"
            );
            assert_refused("ICᵢ = ±ICⱼ", &k);
        }
    }

    fn assert_refused(what: &str, k: &ark_groth16::VerifyingKey<Bn254>) {
        use crate::wire::binary::{Decode, Encode};
        assert!(
            matches!(
                VerifyingKey::from_ark(ClaimKind::ValueRange, k.clone()),
                Err(Error::Decode(crate::error::DecodeError::UnsafeKey(_)))
            ),
            "{what}: accepted by from_ark"
        );
        let unchecked = VerifyingKey {
            vk: k.clone(),
            ..fixture().vk.clone()
        };
        let e = VerifyingKey::from_bytes(&unchecked.to_bytes()).unwrap_err();
        assert!(
            e.to_string().contains("unsafe verifying key"),
            "{what}: binary decoder says {e}"
        );
        #[cfg(feature = "snarkjs")]
        {
            let json = crate::wire::snarkjs::export_verifying_key(&unchecked);
            let e = crate::wire::snarkjs::import_verifying_key(&json, ClaimKind::ValueRange)
                .unwrap_err();
            assert!(
                e.to_string().contains("unsafe verifying key"),
                "{what}: snarkjs importer says {e}"
            );
        }
    }
}
