//! Poseidon over BN254's scalar field, compatible with circomlib's `Poseidon(n)`.
//!
//! # Construction
//! For `n` inputs the permutation has width `t = n + 1`, the S-box `x ↦ x⁵`, 8 full rounds (4 before and 4
//! after the partial rounds) and circomlib's number of partial rounds for that width
//! ([`PARTIAL_ROUNDS`]). Round constants and the MDS matrix come from the Grain LFSR of the Poseidon paper
//! (`ark_crypto_primitives::sponge::poseidon::find_poseidon_ark_and_mds` with 254-bit prime, rate `t − 1`,
//! 8 full rounds, no skipped matrices), which reproduces circomlib's `poseidon_constants.js`. A round is
//! *add round constants → S-box (all elements in full rounds, element 0 in partial rounds) → multiply by
//! the MDS matrix* with `new[i] = Σ_j M[i][j]·s[j]`.
//!
//! The hash of `[x₁, …, xₙ]` permutes `[0, x₁, …, xₙ]` and outputs element 0 of the result, exactly as
//! circomlib's `Poseidon(n)` template and circomlibjs' `poseidon` do, so a digest computed here can be
//! recomputed in a circom circuit or a Solidity contract that uses circomlib's Poseidon.
//!
//! # Constraint cost
//! Each S-box costs three constraints (`x²`, `x⁴`, `x⁵`); linear layers are free. A permutation of width
//! `t` with `R_P` partial rounds therefore costs `3·(8·t + R_P)` constraints, less three for every S-box
//! whose input is a constant (the zero capacity element in the first round of the hash). For two inputs:
//! `3·(8·3 + 57) − 3 = 240` constraints, against 243 for circomlib's `Poseidon(2)` (which does not
//! skip the constant S-box). The measured counts per width are printed by the test
//! `constraint_counts_per_width` and listed in the README.
use ark_bn254::Fr;
use ark_crypto_primitives::sponge::poseidon::find_poseidon_ark_and_mds;
use ark_ff::{Field, Zero};
use ark_r1cs_std::fields::fp::{AllocatedFp, FpVar};
use ark_r1cs_std::prelude::*;
use ark_relations::gr1cs::SynthesisError;
use std::sync::OnceLock;

/// Largest number of inputs supported (circomlib defines `Poseidon(n)` for `n ≤ 16`).
pub const MAX_INPUTS: usize = 16;

/// Number of full rounds for every width.
pub const FULL_ROUNDS: usize = 8;

/// circomlib's partial-round counts, indexed by `t − 2` for widths `t = 2 ..= 17`.
pub const PARTIAL_ROUNDS: [usize; MAX_INPUTS] = [
    56, 57, 56, 60, 60, 63, 64, 63, 60, 66, 60, 65, 70, 60, 64, 68,
];

/// Round constants and MDS matrix for one width.
#[derive(Debug)]
pub struct PoseidonParams {
    /// State width `t` (inputs + 1).
    pub width: usize,
    /// Number of partial rounds.
    pub partial_rounds: usize,
    /// Round constants, `rounds × t`.
    pub ark: Vec<Vec<Fr>>,
    /// MDS matrix, `t × t`, applied as `new[i] = Σ_j mds[i][j]·s[j]`.
    pub mds: Vec<Vec<Fr>>,
    /// The partial rounds in sparse form, for the native permutation (see [`SparseRounds`]).
    sparse: SparseRounds,
}

/// The partial rounds rewritten with sparse matrices, for the native permutation (Poseidon paper,
/// appendix B; circomlib's `poseidon_constants_opt` does the same).
///
/// During the partial rounds only element 0 goes through the S-box, so a pending linear map of the form
/// `P = diag(1, P̂)` commutes with it. Keep the true state as `x = P·y`. A round
/// `x ← M·S₀(x + c)` becomes `y ← A''·S₀(y + P⁻¹c)` with `M·P = diag(1, Â)·A''`, where
/// `A'' = [[a₀₀, a₀ᵀ], [Â⁻¹a₁, I]]` is sparse (2t − 1 multiplications instead of t²) and the new pending
/// map is `diag(1, Â)`; after the last partial round the pending map is applied once. Every square
/// submatrix of an MDS matrix is invertible, so `Â` always is.
#[derive(Debug)]
struct SparseRounds {
    rounds: Vec<SparseRound>,
    /// The pending `P̂` after the last partial round, `(t − 1) × (t − 1)`.
    last: Vec<Vec<Fr>>,
}

/// One partial round in sparse form.
#[derive(Debug)]
struct SparseRound {
    /// The transformed constant `P⁻¹c`.
    constant: Vec<Fr>,
    /// `a₀₀`.
    a00: Fr,
    /// `a₀` (t − 1 entries).
    first_row: Vec<Fr>,
    /// `Â⁻¹a₁` (t − 1 entries).
    first_column: Vec<Fr>,
}

fn mat_vec(m: &[Vec<Fr>], v: &[Fr]) -> Vec<Fr> {
    m.iter()
        .map(|row| {
            row.iter()
                .zip(v)
                .fold(Fr::zero(), |acc, (a, b)| acc + *a * b)
        })
        .collect()
}

/// Inverse of a square matrix by Gauss–Jordan elimination (`None` if singular).
fn invert(m: &[Vec<Fr>]) -> Option<Vec<Vec<Fr>>> {
    let n = m.len();
    let mut a: Vec<Vec<Fr>> = m.to_vec();
    let mut inv: Vec<Vec<Fr>> = (0..n)
        .map(|i| {
            (0..n)
                .map(|j| if i == j { Fr::ONE } else { Fr::zero() })
                .collect()
        })
        .collect();
    for col in 0..n {
        let pivot = (col..n).find(|&r| !a[r][col].is_zero())?;
        a.swap(col, pivot);
        inv.swap(col, pivot);
        let p_inv = a[col][col].inverse()?;
        for j in 0..n {
            a[col][j] *= p_inv;
            inv[col][j] *= p_inv;
        }
        for r in 0..n {
            if r != col && !a[r][col].is_zero() {
                let f = a[r][col];
                for j in 0..n {
                    let (x, y) = (a[col][j], inv[col][j]);
                    a[r][j] -= f * x;
                    inv[r][j] -= f * y;
                }
            }
        }
    }
    Some(inv)
}

impl SparseRounds {
    fn new(width: usize, partial_rounds: usize, ark: &[Vec<Fr>], mds: &[Vec<Fr>]) -> Self {
        let n = width - 1;
        let identity: Vec<Vec<Fr>> = (0..n)
            .map(|i| {
                (0..n)
                    .map(|j| if i == j { Fr::ONE } else { Fr::zero() })
                    .collect()
            })
            .collect();
        let (mut p_hat, mut p_hat_inv) = (identity.clone(), identity);
        let mut rounds = Vec::with_capacity(partial_rounds);
        for constants in &ark[FULL_ROUNDS / 2..FULL_ROUNDS / 2 + partial_rounds] {
            // P⁻¹c with P = diag(1, P̂).
            let mut c = vec![constants[0]];
            c.extend(mat_vec(&p_hat_inv, &constants[1..]));
            // A = M·diag(1, P̂).
            let a: Vec<Vec<Fr>> = (0..width)
                .map(|i| {
                    let mut row = vec![mds[i][0]];
                    row.extend((0..n).map(|j| {
                        (0..n).fold(Fr::zero(), |acc, k| acc + mds[i][1 + k] * p_hat[k][j])
                    }));
                    row
                })
                .collect();
            let a_hat: Vec<Vec<Fr>> = a[1..].iter().map(|row| row[1..].to_vec()).collect();
            // Every square submatrix of an MDS matrix is invertible, and so is Â = M̂·P̂.
            let a_hat_inv = invert(&a_hat).expect("Poseidon MDS submatrices are invertible");
            let a1: Vec<Fr> = a[1..].iter().map(|row| row[0]).collect();
            let w = mat_vec(&a_hat_inv, &a1);
            rounds.push(SparseRound {
                constant: c,
                a00: a[0][0],
                first_row: a[0][1..].to_vec(),
                first_column: w,
            });
            p_hat = a_hat;
            p_hat_inv = a_hat_inv;
        }
        SparseRounds {
            rounds,
            last: p_hat,
        }
    }
}

impl PoseidonParams {
    /// Total number of rounds.
    pub fn rounds(&self) -> usize {
        FULL_ROUNDS + self.partial_rounds
    }

    fn is_full_round(&self, r: usize) -> bool {
        r < FULL_ROUNDS / 2 || r >= FULL_ROUNDS / 2 + self.partial_rounds
    }
}

/// The parameters for state width `width` (`2 ..= 17`), generated once and cached; `None` for any other
/// width.
pub fn params(width: usize) -> Option<&'static PoseidonParams> {
    static CACHE: [OnceLock<PoseidonParams>; MAX_INPUTS] = [const { OnceLock::new() }; MAX_INPUTS];
    if !(2..=MAX_INPUTS + 1).contains(&width) {
        return None;
    }
    Some(CACHE[width - 2].get_or_init(|| {
        let partial_rounds = PARTIAL_ROUNDS[width - 2];
        let (ark, mds) = find_poseidon_ark_and_mds::<Fr>(
            254,
            width - 1,
            FULL_ROUNDS as u64,
            partial_rounds as u64,
            0,
        );
        let sparse = SparseRounds::new(width, partial_rounds, &ark, &mds);
        PoseidonParams {
            width,
            partial_rounds,
            ark,
            mds,
            sparse,
        }
    }))
}

#[inline]
fn pow5(x: Fr) -> Fr {
    let x2 = x.square();
    x2.square() * x
}

/// Applies the Poseidon permutation of width `T` (`2 ≤ T ≤ 17`; any other width does not compile) in
/// place (native). For a width known only at run time, [`permute_slice`].
pub fn permute<const T: usize>(state: &mut [Fr; T]) {
    const { assert!(T >= 2 && T <= MAX_INPUTS + 1, "Poseidon widths are 2 to 17") };
    if permute_slice(state).is_none() {
        unreachable!("the width was checked at compile time");
    }
}

/// Applies the Poseidon permutation of width `state.len()` in place (native); `None`, leaving `state`
/// untouched, unless `2 ≤ state.len() ≤ 17`. The partial rounds use sparse matrices (Poseidon paper,
/// appendix B); [`permute_reference`] is the textbook form it must equal.
pub fn permute_slice(state: &mut [Fr]) -> Option<()> {
    let p = params(state.len())?;
    let t = p.width;
    let mut next = vec![Fr::zero(); t];
    let full = |state: &mut [Fr], next: &mut [Fr], r: usize| {
        for (s, c) in state.iter_mut().zip(&p.ark[r]) {
            *s = pow5(*s + c);
        }
        for (i, out) in next.iter_mut().enumerate() {
            *out = state
                .iter()
                .zip(&p.mds[i])
                .fold(Fr::zero(), |acc, (s, m)| acc + *s * m);
        }
        state.copy_from_slice(next);
    };
    for r in 0..FULL_ROUNDS / 2 {
        full(state, &mut next, r);
    }
    for round in &p.sparse.rounds {
        for (s, ci) in state.iter_mut().zip(&round.constant) {
            *s += ci;
        }
        let z0 = pow5(state[0]);
        state[0] = round
            .first_row
            .iter()
            .zip(&state[1..])
            .fold(round.a00 * z0, |acc, (a, s)| acc + *a * s);
        for (s, wi) in state[1..].iter_mut().zip(&round.first_column) {
            *s += *wi * z0;
        }
    }
    let rest = mat_vec(&p.sparse.last, &state[1..]);
    state[1..].copy_from_slice(&rest);
    for r in FULL_ROUNDS / 2 + p.partial_rounds..p.rounds() {
        full(state, &mut next, r);
    }
    Some(())
}

/// The textbook permutation (add constants, S-boxes, dense MDS in every round): the reference the
/// optimized [`permute_slice`] is tested against; `None` for a width outside `2 ..= 17`.
pub fn permute_reference(state: &mut [Fr]) -> Option<()> {
    let p = params(state.len())?;
    let mut next = vec![Fr::zero(); p.width];
    for r in 0..p.rounds() {
        for (s, c) in state.iter_mut().zip(&p.ark[r]) {
            *s += c;
        }
        if p.is_full_round(r) {
            for s in state.iter_mut() {
                *s = pow5(*s);
            }
        } else {
            state[0] = pow5(state[0]);
        }
        for (i, out) in next.iter_mut().enumerate() {
            *out = state
                .iter()
                .zip(&p.mds[i])
                .fold(Fr::zero(), |acc, (s, m)| acc + *s * m);
        }
        state.copy_from_slice(&next);
    }
    Some(())
}

/// circomlib's `Poseidon(N)` of `inputs` (native), `1 ≤ N ≤ 16`: a width outside that range does not
/// compile. For a width known only at run time, [`hash_slice`].
pub fn hash<const N: usize>(inputs: &[Fr; N]) -> Fr {
    const { assert!(N >= 1 && N <= MAX_INPUTS, "Poseidon takes 1 to 16 inputs") };
    match hash_slice(inputs) {
        Some(h) => h,
        None => unreachable!("the width was checked at compile time"),
    }
}

/// circomlib's `Poseidon(n)` of `inputs` (native); `None` unless `1 ≤ n ≤ 16`, as [`hash_var`] refuses
/// the same widths.
pub fn hash_slice(inputs: &[Fr]) -> Option<Fr> {
    if inputs.is_empty() || inputs.len() > MAX_INPUTS {
        return None;
    }
    let mut state = Vec::with_capacity(inputs.len() + 1);
    state.push(Fr::zero());
    state.extend_from_slice(inputs);
    permute_slice(&mut state)?;
    Some(state[0])
}

/// `Σ coeffs[i]·vars[i] + constant` as a single linear combination (no constraints).
pub fn linear_combination(coeffs: &[Fr], vars: &[FpVar<Fr>], constant: Fr) -> FpVar<Fr> {
    let mut acc_const = constant;
    let mut lc_coeffs = Vec::with_capacity(vars.len());
    let mut lc_vars: Vec<AllocatedFp<Fr>> = Vec::with_capacity(vars.len());
    for (c, v) in coeffs.iter().zip(vars) {
        match v {
            FpVar::Constant(k) => acc_const += *c * k,
            FpVar::Var(a) => {
                if !c.is_zero() {
                    lc_coeffs.push(*c);
                    lc_vars.push(a.clone());
                }
            }
        }
    }
    match AllocatedFp::linear_combination(lc_coeffs.iter(), &lc_vars) {
        None => FpVar::Constant(acc_const),
        Some(lc) => FpVar::Var(lc) + FpVar::Constant(acc_const),
    }
}

fn pow5_var(x: &FpVar<Fr>) -> Result<FpVar<Fr>, SynthesisError> {
    if let FpVar::Constant(c) = x {
        return Ok(FpVar::Constant(pow5(*c)));
    }
    let x2 = x.square()?;
    let x4 = x2.square()?;
    Ok(x4 * x)
}

/// Applies the Poseidon permutation of width `state.len()` in place (R1CS gadget); a width outside
/// `2 ..= 17` is refused with [`SynthesisError::Unsatisfiable`], as [`permute_slice`] refuses it natively.
///
/// Constant state elements stay constant until they meet a variable, so S-boxes on constants cost nothing.
pub fn permute_var(state: &mut [FpVar<Fr>]) -> Result<(), SynthesisError> {
    let p = params(state.len()).ok_or(SynthesisError::Unsatisfiable)?;
    // Round constants of round r are folded into the linear layer of round r − 1 (and added up front
    // for round 0), so every state element is one linear combination.
    for (s, c) in state.iter_mut().zip(&p.ark[0]) {
        *s = linear_combination(&[Fr::ONE], std::slice::from_ref(s), *c);
    }
    for r in 0..p.rounds() {
        if p.is_full_round(r) {
            for s in state.iter_mut() {
                *s = pow5_var(s)?;
            }
        } else {
            state[0] = pow5_var(&state[0])?;
        }
        let next_ark = p.ark.get(r + 1);
        let new: Vec<FpVar<Fr>> = (0..p.width)
            .map(|i| {
                let c = next_ark.map_or(Fr::zero(), |a| a[i]);
                linear_combination(&p.mds[i], state, c)
            })
            .collect();
        state.clone_from_slice(&new);
    }
    Ok(())
}

/// circomlib's `Poseidon(n)` of `inputs` (R1CS gadget), `1 ≤ n ≤ 16`.
pub fn hash_var(inputs: &[FpVar<Fr>]) -> Result<FpVar<Fr>, SynthesisError> {
    if inputs.is_empty() || inputs.len() > MAX_INPUTS {
        return Err(SynthesisError::Unsatisfiable);
    }
    let mut state = Vec::with_capacity(inputs.len() + 1);
    state.push(FpVar::Constant(Fr::zero()));
    state.extend_from_slice(inputs);
    permute_var(&mut state)?;
    Ok(state.swap_remove(0))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_util::{fr, fr_strategy};
    use ark_relations::gr1cs::ConstraintSystem;
    use proptest::prelude::*;

    fn vectors() -> Vec<(Vec<Fr>, Fr)> {
        let json: serde_json::Value =
            serde_json::from_str(include_str!("../../tests/vectors/circomlib.json")).unwrap();
        json["poseidon"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| {
                let inputs = v["inputs"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|x| fr(x.as_str().unwrap()))
                    .collect();
                (inputs, fr(v["output"].as_str().unwrap()))
            })
            .collect()
    }

    #[test]
    fn bad_widths_are_refused_natively_and_in_circuit() {
        let cs = ConstraintSystem::<Fr>::new_ref();
        let x = FpVar::new_witness(cs, || Ok(Fr::from(1u64))).unwrap();
        for n in [0, MAX_INPUTS + 1] {
            assert_eq!(hash_slice(&vec![Fr::from(1u64); n]), None);
            assert!(hash_var(&vec![x.clone(); n]).is_err());
        }
        // The permutation itself: widths 0, 1 and 18 are refused natively (state untouched) and in
        // circuit, never a panic.
        for t in [0, 1, MAX_INPUTS + 2] {
            let mut state = vec![Fr::from(7u64); t];
            assert_eq!(permute_slice(&mut state), None);
            assert_eq!(permute_reference(&mut state), None);
            assert!(state.iter().all(|s| *s == Fr::from(7u64)));
            assert!(params(t).is_none());
            assert!(permute_var(&mut vec![x.clone(); t]).is_err());
        }
        let mut fixed = [Fr::from(1u64), Fr::from(2u64), Fr::from(3u64)];
        let mut sliced = fixed.to_vec();
        permute(&mut fixed);
        permute_slice(&mut sliced).unwrap();
        assert_eq!(fixed.to_vec(), sliced);
        assert_eq!(
            hash_slice(&[Fr::from(1u64), Fr::from(2u64)]),
            Some(hash(&[Fr::from(1u64), Fr::from(2u64)]))
        );
    }

    #[test]
    fn circomlib_known_answers_native() {
        let vs = vectors();
        assert!(vs.len() >= 5);
        for (inputs, out) in vs {
            assert_eq!(
                hash_slice(&inputs),
                Some(out),
                "Poseidon({}) mismatch",
                inputs.len()
            );
        }
    }

    #[test]
    fn circomlib_known_answers_gadget() {
        for (inputs, out) in vectors() {
            let cs = ConstraintSystem::<Fr>::new_ref();
            let vars: Vec<_> = inputs
                .iter()
                .map(|x| FpVar::new_witness(cs.clone(), || Ok(*x)).unwrap())
                .collect();
            let h = hash_var(&vars).unwrap();
            assert_eq!(h.value().unwrap(), out);
            assert!(cs.is_satisfied().unwrap());
        }
    }

    #[test]
    fn wrong_output_is_unsatisfied() {
        let cs = ConstraintSystem::<Fr>::new_ref();
        let a = FpVar::new_witness(cs.clone(), || Ok(Fr::from(1u64))).unwrap();
        let b = FpVar::new_witness(cs.clone(), || Ok(Fr::from(2u64))).unwrap();
        let h = hash_var(&[a, b]).unwrap();
        let claimed = FpVar::new_input(cs.clone(), || Ok(Fr::from(12345u64))).unwrap();
        h.enforce_equal(&claimed).unwrap();
        assert!(!cs.is_satisfied().unwrap());
    }

    /// Prints and checks the constraint count of the hash for every width.
    #[test]
    fn constraint_counts_per_width() {
        for n in 1..=MAX_INPUTS {
            let cs = ConstraintSystem::<Fr>::new_ref();
            let vars: Vec<_> = (0..n)
                .map(|i| FpVar::new_witness(cs.clone(), || Ok(Fr::from(i as u64))).unwrap())
                .collect();
            let _ = hash_var(&vars).unwrap();
            let t = n + 1;
            let expected = 3 * (FULL_ROUNDS * t + PARTIAL_ROUNDS[t - 2]) - 3;
            assert_eq!(cs.num_constraints(), expected, "Poseidon({n})");
            println!("Poseidon({n}): {} constraints", cs.num_constraints());
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]
        #[test]
        fn native_and_gadget_agree(
            inputs in prop::collection::vec(fr_strategy(), 1..=MAX_INPUTS)
        ) {
            let cs = ConstraintSystem::<Fr>::new_ref();
            let vars: Vec<_> = inputs
                .iter()
                .map(|x| FpVar::new_witness(cs.clone(), || Ok(*x)).unwrap())
                .collect();
            let h = hash_var(&vars).unwrap();
            prop_assert_eq!(Some(h.value().unwrap()), hash_slice(&inputs));
            prop_assert!(cs.is_satisfied().unwrap());
        }

        #[test]
        fn sparse_permutation_equals_reference(
            state in prop::collection::vec(fr_strategy(), 2..=MAX_INPUTS + 1)
        ) {
            let mut fast = state.clone();
            permute_slice(&mut fast).unwrap();
            let mut slow = state;
            permute_reference(&mut slow).unwrap();
            prop_assert_eq!(fast, slow);
        }

        #[test]
        fn permutation_native_and_gadget_agree(
            state in prop::collection::vec(fr_strategy(), 2..=MAX_INPUTS + 1)
        ) {
            let cs = ConstraintSystem::<Fr>::new_ref();
            let mut vars: Vec<_> = state
                .iter()
                .map(|x| FpVar::new_witness(cs.clone(), || Ok(*x)).unwrap())
                .collect();
            permute_var(&mut vars).unwrap();
            let mut native = state.clone();
            permute_slice(&mut native).unwrap();
            for (v, n) in vars.iter().zip(&native) {
                prop_assert_eq!(v.value().unwrap(), *n);
            }
            prop_assert!(cs.is_satisfied().unwrap());
        }
    }
}
