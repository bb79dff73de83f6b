//! Aggregation: commit, fold with GIPA (TIPP and MIPP in one loop), open the folded keys.
use super::commit::{
    divide_by_linear, fold, fold_polynomial, msm_g1, msm_g2, pair, powers, prepare, product, scale,
    single,
};
use super::proof::{padded, AggregateProof, Coverage, GipaRound};
use super::srs::{Srs, SrsKind};
use super::transcript::FiatShamir;
use crate::error::{Error, Result};
use crate::keys::VerifyingKey;
use crate::statement::{Proof, Statement};
use ark_bn254::{Fr, G1Affine, G1Projective, G2Affine, G2Projective};
use ark_ff::{batch_inversion, Field};
use rayon::prelude::*;

/// Aggregates the proofs of `items` (statements and proofs of the circuit of `vk`, in the order the
/// ledger wants them covered) into one [`AggregateProof`].
///
/// The proofs are **not** verified here: an invalid proof makes the aggregate fail verification, so
/// a block producer checks them first (see [`super::aggregate_block`], which runs the RLC batch
/// verifier and aggregates only valid proofs). `items.len()` is padded to a power of two (at least 2)
/// by repeating the last statement and proof: the padded entries prove a statement that is already in
/// the list, with a proof that is valid for it, so padding adds no claim (the verifier pads the same
/// way, and [`Coverage`] lists each statement once).
///
/// Cost: about `21·n` Miller loops and `10·log₂ n + 5` final exponentiations, `4n` G2 and `6n` G1
/// scalar multiplications, and MSMs of size `2n` (G1) and `n` (G2) for the openings, in parallel on
/// the rayon pool: 3.7 ms per proof on two cores at 8,192 (`BENCHMARKS.md`).
pub fn aggregate<K: SrsKind>(
    srs: &Srs<K>,
    vk: &VerifyingKey,
    items: &[(Statement, Proof)],
) -> Result<AggregateProof> {
    let id = vk.circuit_id();
    if items.is_empty() {
        return Err(Error::Aggregation("nothing to aggregate".into()));
    }
    let n = padded(items.len());
    if n > srs.max_proofs() {
        return Err(Error::Aggregation(format!(
            "{} proofs pad to {n}, the SRS supports {}",
            items.len(),
            srs.max_proofs()
        )));
    }
    for (s, p) in items {
        if s.circuit_id() != id {
            return Err(Error::CircuitMismatch {
                expected: id,
                found: s.circuit_id(),
            });
        }
        if p.circuit_id() != id {
            return Err(Error::CircuitMismatch {
                expected: id,
                found: p.circuit_id(),
            });
        }
        if s.kind() != vk.kind() {
            return Err(Error::Aggregation(format!(
                "a statement of kind {} for a {} circuit",
                s.kind(),
                vk.kind()
            )));
        }
    }
    let coverage = Coverage::from_ids(id, items.par_iter().map(|(s, _)| s.id()).collect());
    let last = items.len() - 1;
    let proof_at = |i: usize| &items[i.min(last)].1;
    let a: Vec<G1Affine> = (0..n).map(|i| proof_at(i).a).collect();
    let b: Vec<G2Affine> = (0..n).map(|i| proof_at(i).b).collect();
    let c: Vec<G1Affine> = (0..n).map(|i| proof_at(i).c).collect();

    let mut fs = FiatShamir::open(vk, &srs.verifier_srs(), &coverage, n);

    // Commitments under the keys for n: v = ([aⁱ]₂, [bⁱ]₂), w = ([aⁿ⁺ⁱ]₁, [bⁿ⁺ⁱ]₁), i < n.
    let (v1, v2) = (&srs.h_a[..n], &srs.h_b[..n]);
    let (w1, w2) = (&srs.g_a[n..2 * n], &srs.g_b[n..2 * n]);
    let (pv1, pv2, pb) = (prepare(v1), prepare(v2), prepare(&b));
    let com_ab = pair(&a, &pb, [&pv1, &pv2], [w1, w2])?;
    let com_c = single(&c, [&pv1, &pv2])?;
    fs.tag(b"commitments");
    for x in com_ab.iter().chain(&com_c) {
        fs.gt(x);
    }
    let r = fs.challenge(b"r");

    // Random linear combination: B scaled by rⁱ and w by r⁻ⁱ leave the pair commitment unchanged.
    let r_pow = powers(r, n);
    let mut r_inv = r_pow.clone();
    batch_inversion(&mut r_inv);
    let b_r = scale::<G2Projective>(&b, &r_pow);
    let (w1_r, w2_r) = (
        scale::<G1Projective>(w1, &r_inv),
        scale::<G1Projective>(w2, &r_inv),
    );
    let pb_r = prepare(&b_r);
    let z_ab = product(&[(&a, &pb_r)])?;
    let z_c = msm_g1(&c, &r_pow);
    fs.tag(b"inner products");
    fs.gt(&z_ab);
    fs.g1(&z_c);

    // GIPA: halve until one element is left.
    let (mut a, mut b, mut c, mut rr) = (a, b_r, c, r_pow);
    let (mut v1, mut v2) = (v1.to_vec(), v2.to_vec());
    let (mut w1, mut w2) = (w1_r, w2_r);
    let mut rounds = Vec::new();
    let mut xs = Vec::new();
    // The first round's G2 vectors (Bʳ and the unfolded keys) are prepared already.
    let mut first = Some((pb_r, pv1, pv2));
    while a.len() > 1 {
        let m = a.len() / 2;
        let (pb, pv1, pv2) = first
            .take()
            .unwrap_or_else(|| (prepare(&b), prepare(&v1), prepare(&v2)));
        let (a_l, a_r) = a.split_at(m);
        let (c_l, c_r) = c.split_at(m);
        let (b_l, b_r) = pb.split_at(m);
        let (v1_l, v1_r) = pv1.split_at(m);
        let (v2_l, v2_r) = pv2.split_at(m);
        let (w1_l, w1_r) = w1.split_at(m);
        let (w2_l, w2_r) = w2.split_at(m);
        let (r_l, r_r) = rr.split_at(m);
        let round = GipaRound {
            z_ab: [product(&[(a_r, b_l)])?, product(&[(a_l, b_r)])?],
            z_c: [msm_g1(c_r, r_l), msm_g1(c_l, r_r)],
            t_ab: [
                pair(a_r, b_l, [v1_l, v2_l], [w1_r, w2_r])?,
                pair(a_l, b_r, [v1_r, v2_r], [w1_l, w2_l])?,
            ],
            u_c: [single(c_r, [v1_l, v2_l])?, single(c_l, [v1_r, v2_r])?],
        };
        absorb_round(&mut fs, &round);
        let x = fs.challenge(b"x");
        let x_inv = x
            .inverse()
            .ok_or_else(|| Error::Aggregation("zero challenge".into()))?;
        a = fold::<G1Projective>(&a, x);
        b = fold::<G2Projective>(&b, x_inv);
        c = fold::<G1Projective>(&c, x);
        rr = rr[..m]
            .iter()
            .zip(&rr[m..])
            .map(|(l, r)| *l + *r * x_inv)
            .collect();
        v1 = fold::<G2Projective>(&v1, x_inv);
        v2 = fold::<G2Projective>(&v2, x_inv);
        w1 = fold::<G1Projective>(&w1, x);
        w2 = fold::<G1Projective>(&w2, x);
        rounds.push(round);
        xs.push(x);
    }
    let (final_a, final_b, final_c) = (a[0], b[0], c[0]);
    let (final_v, final_w) = ([v1[0], v2[0]], [w1[0], w2[0]]);
    fs.tag(b"final");
    absorb_final(&mut fs, final_a, final_b, final_c, final_v, final_w);
    let z = fs.challenge(b"z");

    // KZG openings of the folded keys: v₁ = [f_v(a)]₂ with f_v = Π (1 + x_k⁻¹·X^(m_k)), and
    // w₁ = [Xⁿ·f_w(a)]₁ with f_w = Π (1 + x_k·r^(−m_k)·X^(m_k)) (m_k the half-length of round k).
    let mut x_inv = xs.clone();
    batch_inversion(&mut x_inv);
    let f_v = fold_polynomial(&x_inv);
    let q_v = divide_by_linear(&f_v, z);
    let y_w = w_factors(&xs, r);
    let mut f_w = vec![Fr::from(0u64); n];
    f_w.extend(fold_polynomial(&y_w));
    let q_w = divide_by_linear(&f_w, z);
    let open_v = [
        msm_g2(&srs.h_a[..n - 1], &q_v),
        msm_g2(&srs.h_b[..n - 1], &q_v),
    ];
    let open_w = [
        msm_g1(&srs.g_a[..2 * n - 1], &q_w),
        msm_g1(&srs.g_b[..2 * n - 1], &q_w),
    ];
    Ok(AggregateProof {
        circuit_id: id,
        count: u32::try_from(items.len()).map_err(|_| Error::Aggregation("too many".into()))?,
        statements_digest: coverage.digest,
        com_ab,
        com_c,
        z_ab,
        z_c,
        rounds,
        final_a,
        final_b,
        final_c,
        final_v,
        final_w,
        open_v,
        open_w,
    })
}

/// The factors `x_k·r^(−m_k)` of the `w` fold polynomial, `m_k = 2^(l−1−k)`.
pub(crate) fn w_factors(xs: &[Fr], r: Fr) -> Vec<Fr> {
    let l = xs.len();
    let r_inv = r.inverse().unwrap_or_default();
    xs.iter()
        .enumerate()
        .map(|(k, x)| *x * r_inv.pow([1u64 << (l - 1 - k)]))
        .collect()
}

pub(crate) fn absorb_round(fs: &mut FiatShamir, round: &GipaRound) {
    fs.tag(b"round");
    for x in &round.z_ab {
        fs.gt(x);
    }
    for p in &round.z_c {
        fs.g1(p);
    }
    for x in round.t_ab.iter().chain(&round.u_c).flatten() {
        fs.gt(x);
    }
}

pub(crate) fn absorb_final(
    fs: &mut FiatShamir,
    a: G1Affine,
    b: G2Affine,
    c: G1Affine,
    v: [G2Affine; 2],
    w: [G1Affine; 2],
) {
    fs.g1(&a);
    fs.g2(&b);
    fs.g1(&c);
    fs.g2(&v[0]);
    fs.g2(&v[1]);
    fs.g1(&w[0]);
    fs.g1(&w[1]);
}
