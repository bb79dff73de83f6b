//! Verification of an aggregate: replay the transcript, fold the round messages, and check every
//! relation with one multi-pairing (eleven Miller loops) against one multi-exponentiation in `G_T`.
use super::commit::{fold_polynomial_at, msm_g1, Prepared};
use super::gt::Gt;
use super::proof::{padded, AggregateProof, Coverage};
use super::prover::{absorb_final, absorb_round, w_factors};
use super::srs::{SrsKind, VerifierSrs};
use super::transcript::FiatShamir;
use crate::error::Rejection;
use crate::error::{Error, Result};
use crate::keys::VerifyingKey;
use crate::statement::Statement;
use crate::verifier::ContextRule;
use ark_bn254::{Bn254, Fq12, Fr, G1Projective, G2Affine, G2Projective};
use ark_ec::pairing::{MillerLoopOutput, Pairing};
use ark_ec::{AffineRepr, CurveGroup, PrimeGroup, VariableBaseMSM};
use ark_ff::{batch_inversion, Field, One, Zero};
use rayon::prelude::*;

fn refuse(why: &'static str) -> Error {
    Error::InvalidAggregate(why)
}

/// Verifies that `proof` aggregates valid proofs of exactly `statements`, in this order, for the
/// circuit of `vk`, under the SRS whose verifier part is `srs`, and that every statement's context is
/// one `rule` accepts (`rule` sees the statement's position). Returns which statements it covers.
/// Statements of another circuit or claim kind than `vk`'s, or with another number of inputs, are
/// refused before any pairing, as [`crate::Verifier::verify_batch`] refuses them.
///
/// Cost: hashing the statements and `O(n·k)` field operations for the public-input term (`k` inputs
/// per statement), then `O(log n)`: eleven Miller loops and one final exponentiation, one
/// multi-exponentiation of `10·log₂ n + 6` target-group elements, and the decoding the caller did.
pub fn verify_aggregate<K: SrsKind>(
    srs: &VerifierSrs<K>,
    vk: &VerifyingKey,
    statements: &[Statement],
    proof: &AggregateProof,
    rule: ContextRule<'_>,
) -> Result<Coverage> {
    let id = vk.circuit_id();
    if proof.circuit_id != id {
        return Err(Error::CircuitMismatch {
            expected: id,
            found: proof.circuit_id,
        });
    }
    if statements.is_empty() || statements.len() != proof.count as usize {
        return Err(refuse("the aggregate covers another number of statements"));
    }
    let k = vk.as_ark().gamma_abc_g1.len() - 1;
    for (i, s) in statements.iter().enumerate() {
        if s.circuit_id() != id {
            return Err(Error::CircuitMismatch {
                expected: id,
                found: s.circuit_id(),
            });
        }
        if s.kind() != vk.kind() || s.inputs().len() != k {
            return Err(Error::Rejected(Rejection::BadPublicInput(format!(
                "statement {i}: {} inputs of kind {} for a {} circuit",
                s.inputs().len(),
                s.kind(),
                vk.kind()
            ))));
        }
        if !rule.accepts(i, &s.context()) {
            return Err(Error::ContextMismatch);
        }
    }
    let n = padded(statements.len());
    if n > srs.max_proofs() {
        return Err(refuse("the aggregate is larger than the SRS supports"));
    }
    if 1usize.checked_shl(proof.rounds.len() as u32) != Some(n) {
        return Err(refuse(
            "the number of rounds does not match the number of proofs",
        ));
    }
    let coverage = Coverage::of(id, statements);
    if coverage.digest != proof.statements_digest {
        return Err(refuse("the aggregate covers other statements"));
    }

    // Replay the transcript.
    let mut fs = FiatShamir::open(vk, srs, &coverage, n);
    fs.tag(b"commitments");
    for x in proof.com_ab.iter().chain(&proof.com_c) {
        fs.gt(x);
    }
    let r = fs.challenge(b"r");
    fs.tag(b"inner products");
    fs.gt(&proof.z_ab);
    fs.g1(&proof.z_c);
    let mut xs = Vec::with_capacity(proof.rounds.len());
    for round in &proof.rounds {
        absorb_round(&mut fs, round);
        xs.push(fs.challenge(b"x"));
    }
    fs.tag(b"final");
    absorb_final(
        &mut fs,
        proof.final_a,
        proof.final_b,
        proof.final_c,
        proof.final_v,
        proof.final_w,
    );
    let z = fs.challenge(b"z");
    fs.tag(b"openings");
    fs.g2(&proof.open_v[0]);
    fs.g2(&proof.open_v[1]);
    fs.g1(&proof.open_w[0]);
    fs.g1(&proof.open_w[1]);
    let rho = fs.challenge(b"batching");
    let rho: Vec<Fr> = super::commit::powers(rho, 11);

    let mut x_inv = xs.clone();
    batch_inversion(&mut x_inv);

    // MIPP: the folded C and r satisfy Σ rⁱ·Cᵢ = r*·C*, where r* = Π (1 + x_k⁻¹·r^(m_k)).
    let r_star = fold_polynomial_at(&x_inv, r);
    let mut zc_bases = vec![proof.z_c];
    let mut zc_scalars = vec![Fr::one()];
    for (round, (x, xi)) in proof.rounds.iter().zip(xs.iter().zip(&x_inv)) {
        zc_bases.extend(round.z_c);
        zc_scalars.extend([*x, *xi]);
    }
    if msm_g1(&zc_bases, &zc_scalars) != (proof.final_c * r_star).into_affine() {
        return Err(refuse("the aggregated C does not fold to the final C"));
    }

    // Public-input term of the Groth16 relation summed with weights rⁱ over the padded list.
    let (sum_r, l_term) = public_input_term(vk, statements, r, n)?;
    let pvk = vk.as_ark();

    // The folded keys' evaluation points.
    let f_v = fold_polynomial_at(&x_inv, z);
    let f_w = z.pow([n as u64]) * fold_polynomial_at(&w_factors(&xs, r), z);

    // Target-group side: Σ_j ρ_j · (value the proof claims for relation j).
    let mut bases: Vec<Gt> = Vec::with_capacity(10 * xs.len() + 6);
    let mut scalars: Vec<Fr> = Vec::with_capacity(10 * xs.len() + 6);
    let mut fold_into = |start: Gt, pick: &dyn Fn(&super::proof::GipaRound) -> [Gt; 2], w: Fr| {
        bases.push(start);
        scalars.push(w);
        for (round, (x, xi)) in proof.rounds.iter().zip(xs.iter().zip(&x_inv)) {
            bases.extend(pick(round));
            scalars.extend([w * x, w * xi]);
        }
    };
    // (1) Z* = e(A*, B*); (2, 3) T* = e(A*, v*)·e(w*, B*); (4, 5) U* = e(C*, v*).
    fold_into(proof.z_ab, &|rd| rd.z_ab, rho[1]);
    fold_into(
        proof.com_ab[0],
        &|rd| [rd.t_ab[0][0], rd.t_ab[1][0]],
        rho[2],
    );
    fold_into(
        proof.com_ab[1],
        &|rd| [rd.t_ab[0][1], rd.t_ab[1][1]],
        rho[3],
    );
    fold_into(proof.com_c[0], &|rd| [rd.u_c[0][0], rd.u_c[1][0]], rho[4]);
    fold_into(proof.com_c[1], &|rd| [rd.u_c[0][1], rd.u_c[1][1]], rho[5]);
    // (10) z_ab = e(Σrⁱ·α, β)·e(Σrⁱ·Lᵢ, γ)·e(z_c, δ).
    bases.push(proof.z_ab);
    scalars.push(rho[10]);
    let claimed = super::gt::msm(&bases, &scalars);

    // Pairing side, grouped by G2 argument. (6–9) are the KZG openings:
    // e([a]₁ − z·g, π_v) = e(g, v* − f_v(z)·h) and e(π_w, [a]₂ − z·h) = e(w* − f_w(z)·g, h).
    let g = G1Projective::generator();
    let h = G2Projective::generator();
    let (a_star, c_star) = (proof.final_a.into_group(), proof.final_c.into_group());
    let (w1, w2) = (proof.final_w[0].into_group(), proof.final_w[1].into_group());
    let g1_args: Vec<G1Projective> = vec![
        a_star * rho[1] + w1 * rho[2] + w2 * rho[3],
        a_star * rho[2] + c_star * rho[4] - g * rho[6],
        a_star * rho[3] + c_star * rho[5] - g * rho[7],
        g * (f_v * (rho[6] + rho[7])) - (w1 - g * f_w) * rho[8] - (w2 - g * f_w) * rho[9],
        (srs.g_a.into_group() - g * z) * rho[6],
        (srs.g_b.into_group() - g * z) * rho[7],
        proof.open_w[0].into_group() * rho[8],
        proof.open_w[1].into_group() * rho[9],
        pvk.alpha_g1.into_group() * (sum_r * rho[10]),
        l_term * rho[10],
        proof.z_c.into_group() * rho[10],
    ];
    let g2_args: Vec<G2Affine> = vec![
        proof.final_b,
        proof.final_v[0],
        proof.final_v[1],
        G2Affine::generator(),
        proof.open_v[0],
        proof.open_v[1],
        (srs.h_a.into_group() - h * z).into_affine(),
        (srs.h_b.into_group() - h * z).into_affine(),
        pvk.beta_g2,
        pvk.gamma_g2,
        pvk.delta_g2,
    ];
    let g1_args = G1Projective::normalize_batch(&g1_args);
    let prepared: Vec<Prepared> = g2_args.par_iter().map(Prepared::from).collect();
    // Two multi-Miller loops (one per core on two cores), each sharing its squarings.
    let half = g1_args.len().div_ceil(2);
    let ml = g1_args
        .par_chunks(half)
        .zip(prepared.par_chunks(half))
        .map(|(p, q)| Bn254::multi_miller_loop(p.iter().copied(), q.iter().cloned()).0)
        .reduce(Fq12::one, |x, y| x * y);
    let computed = Bn254::final_exponentiation(MillerLoopOutput(ml))
        .ok_or_else(|| refuse("a Miller loop output was zero"))?;
    if computed != claimed {
        return Err(refuse("the pairing relations do not hold"));
    }
    Ok(coverage)
}

/// `(Σ rⁱ, Σ rⁱ·Lᵢ)` over the padded list, `Lᵢ = IC₀ + Σ_j xᵢⱼ·IC_j` (the last statement repeated).
fn public_input_term(
    vk: &VerifyingKey,
    statements: &[Statement],
    r: Fr,
    n: usize,
) -> Result<(Fr, G1Projective)> {
    let ic = &vk.as_ark().gamma_abc_g1;
    let k = ic.len() - 1;
    let count = statements.len();
    // Weight of statement i: rⁱ, and the last one also carries the padding r^count … r^(n−1).
    let chunk = 256;
    let (mut sums, weight_sum) = statements
        .par_chunks(chunk)
        .enumerate()
        .map(|(ci, part)| {
            let mut w = r.pow([(ci * chunk) as u64]);
            let mut acc = vec![Fr::zero(); k];
            let mut ws = Fr::zero();
            for s in part {
                for (a, x) in acc.iter_mut().zip(s.inputs()) {
                    *a += w * x;
                }
                ws += w;
                w *= r;
            }
            (acc, ws)
        })
        .reduce(
            || (vec![Fr::zero(); k], Fr::zero()),
            |(mut a, wa), (b, wb)| {
                for (x, y) in a.iter_mut().zip(b) {
                    *x += y;
                }
                (a, wa + wb)
            },
        );
    let mut pad = Fr::zero();
    let mut w = r.pow([count as u64]);
    for _ in count..n {
        pad += w;
        w *= r;
    }
    let last = &statements[count - 1];
    for (a, x) in sums.iter_mut().zip(last.inputs()) {
        *a += pad * x;
    }
    let total = weight_sum + pad;
    let mut scalars = vec![total];
    scalars.extend(sums);
    let l = G1Projective::msm(ic, &scalars).map_err(|_| refuse("public input count"))?;
    Ok((total, l))
}
