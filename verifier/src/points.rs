//! The checks every decoded point goes through, and the verifying-key relations that make a key
//! unsafe. The prover crate uses the same functions.
use ark_bn254::{Config as BnCurve, G1Affine, G2Affine, G2Projective};
use ark_ec::bn::BnConfig;
use ark_ec::AffineRepr;
use ark_ff::{AdditiveGroup, Field};

/// A G1 point is acceptable: on the curve (the group has cofactor 1) and not the identity.
pub fn g1_ok(p: &G1Affine) -> bool {
    !p.is_zero() && p.is_on_curve()
}

/// A G2 point is acceptable: on the curve, in the prime-order subgroup ([`g2_in_subgroup`]) and not
/// the identity.
pub fn g2_ok(p: &G2Affine) -> bool {
    !p.is_zero() && p.is_on_curve() && g2_in_subgroup(p)
}

/// `ψ(Q)`, the untwist-Frobenius-twist endomorphism of BN254's G2 (Galbraith–Scott): the Frobenius map
/// on the coordinates, multiplied by the twist constants. On G2 it acts as multiplication by `p`.
pub fn psi(q: &G2Affine) -> G2Affine {
    let mut s = *q;
    s.x.frobenius_map_in_place(1);
    s.x *= &<BnCurve as BnConfig>::TWIST_MUL_BY_Q_X;
    s.y.frobenius_map_in_place(1);
    s.y *= &<BnCurve as BnConfig>::TWIST_MUL_BY_Q_Y;
    s
}

/// Whether a point of the twist curve lies in the prime-order subgroup G2, by the test of Dai, Lin,
/// Zhao and Zhou (eprint 2022/348, §5.1): for BN254's seed `x` (with `x ≢ 4 mod 13` and
/// `x ≢ 92 mod 97`, which hold), a point `P` on the curve is in G2 **iff**
///
/// ```text
/// [x + 1]P + ψ([x]P) + ψ²([x]P) = ψ³([2x]P)
/// ```
///
/// One 63-bit scalar multiplication, where arkworks' test (`ψ(P) = [6x²]P`, El Housni–Guillevic–
/// Piellard) needs a 126-bit one. It is an exact test for every point on the curve, including those
/// with a component of small order (BN254's G2 cofactor has the factors 10,069, 5,864,401 and
/// 1,875,725,156,269), so no randomness is involved; the prover crate's tests compare it with
/// `[r]P = 0` on subgroup points, random curve points and points with small-order components added.
pub fn g2_in_subgroup(p: &G2Affine) -> bool {
    if p.is_zero() {
        return true;
    }
    // Jacobian coordinates throughout, so no inversion: `ψ` acts on them coordinate-wise.
    let xp = times_seed(p);
    let psi_xp = psi_jacobian(&xp);
    let lhs = xp + p + psi_xp + psi_jacobian(&psi_xp);
    let rhs = psi_jacobian(&psi_jacobian(&psi_jacobian(&xp.double())));
    lhs == rhs
}

/// The non-adjacent form of BN254's seed `x`, most significant digit first: 63 digits, 24 of them
/// non-zero (against 28 set bits), so `[x]P` costs 62 doublings and 23 mixed additions of `±P`.
pub const SEED_NAF: [i8; 63] = naf(<BnCurve as BnConfig>::X[0]);

const fn naf(mut k: u64) -> [i8; 63] {
    let mut out = [0i8; 63];
    let mut i = 0;
    while k != 0 {
        // `k` is below 2^63, so its form has at most 64 digits, and the top one is at index 62 here
        // (`x` has 63 bits and its form the same length, which the test below pins).
        if k & 1 == 1 {
            let d: i8 = if k & 3 == 1 { 1 } else { -1 };
            out[62 - i] = d;
            k = if d == 1 { k - 1 } else { k + 1 };
        }
        k >>= 1;
        i += 1;
    }
    out
}

/// `[x]P` for the seed `x`, in Jacobian coordinates: signed double-and-add over [`SEED_NAF`], adding
/// the affine `±P` (arkworks' mixed addition, which handles the doubling and identity cases).
fn times_seed(p: &G2Affine) -> G2Projective {
    let neg = -*p;
    let mut acc = G2Projective::from(*p);
    for d in &SEED_NAF[1..] {
        acc.double_in_place();
        match d {
            1 => acc += p,
            -1 => acc += &neg,
            _ => {}
        }
    }
    acc
}

/// [`psi`] on Jacobian coordinates: `(X, Y, Z) ↦ (X^p·c_x, Y^p·c_y, Z^p)`, since the Frobenius map is
/// a field automorphism and `x = X/Z²`, `y = Y/Z³`.
fn psi_jacobian(q: &G2Projective) -> G2Projective {
    let mut s = *q;
    s.x.frobenius_map_in_place(1);
    s.x *= &<BnCurve as BnConfig>::TWIST_MUL_BY_Q_X;
    s.y.frobenius_map_in_place(1);
    s.y *= &<BnCurve as BnConfig>::TWIST_MUL_BY_Q_Y;
    s.z.frobenius_map_in_place(1);
    s
}

/// The relation between a verifying key's points that lets anyone forge proofs, if there is one. The
/// check `e(A, B) = e(α, β)·e(L, γ)·e(C, δ)`, `L = IC₀ + Σ xⱼ·ICⱼ`, is sound only while nobody knows a
/// relation between its G2 points or between its input points; these are the relations a broken or
/// skipped setup produces, each with the proof it admits for **any** statement `x`:
///
/// | relation | forged proof `(A, B, C)` |
/// |---|---|
/// | `γ = δ` (snarkjs phase 2 with no contribution: both the G2 generator) | `(α, β, −L)` |
/// | `γ = −δ` | `(α, β, L)` |
/// | `β = γ` / `β = −γ` | `(α + L, β, 0)` / `(α − L, β, 0)` |
/// | `β = δ` / `β = −δ` | `(L, γ, −α)` / `(L, γ, α)` |
/// | `ICᵢ = ICⱼ` / `ICᵢ = −ICⱼ`, `1 ≤ i < j` | any valid proof for `x` also proves `x` with `(xᵢ + t, xⱼ − t)` / `(xᵢ + t, xⱼ + t)` |
///
/// (`IC₀` is not compared: its input is the constant 1, which cannot be traded.) A relation that is not
/// an equality — `δ = 5·γ`, `IC₃ = IC₁ + IC₂` — is just as fatal when someone knows it, but cannot be
/// detected from the points alone; that is what a verifiable multi-party setup is for.
pub fn unsafe_relation(
    beta: &G2Affine,
    gamma: &G2Affine,
    delta: &G2Affine,
    ic: &[G1Affine],
) -> Option<&'static str> {
    let same = |p: &G2Affine, q: &G2Affine| p == q || *p == -*q;
    if same(gamma, delta) {
        return Some("γ = ±δ: every statement has a proof");
    }
    if same(beta, gamma) {
        return Some("β = ±γ: every statement has a proof");
    }
    if same(beta, delta) {
        return Some("β = ±δ: every statement has a proof");
    }
    // IC points up to sign, sorted by their x coordinate, so equal or opposite points are adjacent.
    let mut xs: alloc::vec::Vec<_> = ic.iter().skip(1).map(|p| p.x).collect();
    xs.sort_unstable();
    if xs.windows(2).any(|w| w[0] == w[1]) {
        return Some("two input points are equal or opposite: inputs can be traded");
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The digits are a non-adjacent form of the seed: they sum back to `x`, the top one is set and
    /// no two non-zero digits are adjacent.
    #[test]
    fn seed_naf_is_the_seed() {
        let mut v: i128 = 0;
        for d in SEED_NAF {
            v = 2 * v + i128::from(d);
        }
        assert_eq!(v, i128::from(<BnCurve as BnConfig>::X[0]));
        assert_eq!(SEED_NAF[0], 1);
        assert!(SEED_NAF.windows(2).all(|w| w[0] == 0 || w[1] == 0));
        assert_eq!(SEED_NAF.iter().filter(|d| **d != 0).count(), 24);
    }
}
