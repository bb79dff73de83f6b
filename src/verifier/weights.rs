//! The random weights of a batch check.
//!
//! Each item `i` of a batch gets a 128-bit weight `ρᵢ = a + b·2⁶⁴` (as two 64-bit halves for the GLV
//! multiplication), drawn from blake3 over fresh OS entropy *and* a transcript of every verifying key,
//! public input and proof in the batch. The entropy makes the weights unpredictable to whoever built
//! the batch (a batch holding an invalid proof passes with probability about `2⁻¹²⁸`); the
//! transcript makes them depend on the batch even if the entropy source were weak.
use super::pairing::Weight;
use super::PreparedKey;
use crate::statement::{Proof, Statement};
use crate::transcript::{Label, Transcript};
use rand::RngCore;

fn limbs(x: &ark_bn254::Fq) -> [u8; 32] {
    let mut out = [0u8; 32];
    for (i, l) in x.0 .0.iter().enumerate() {
        out[8 * i..8 * i + 8].copy_from_slice(&l.to_le_bytes());
    }
    out
}

/// The weights of a batch: blake3 over OS entropy and a transcript of every key, input and proof.
pub(super) fn weights(
    items: &[(Statement, Proof)],
    group: &[(usize, &PreparedKey)],
) -> Vec<Weight> {
    let mut entropy = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut entropy);
    let mut h = Transcript::new(Label::BatchWeights);
    h.bytes(&entropy).u64(group.len() as u64);
    for (i, key) in group {
        let (st, pf) = &items[*i];
        h.bytes(&key.vk.fingerprint).u64(st.inputs.len() as u64);
        for x in &st.inputs {
            h.fr(x);
        }
        for c in [
            &pf.a.x, &pf.a.y, &pf.b.x.c0, &pf.b.x.c1, &pf.b.y.c0, &pf.b.y.c1, &pf.c.x, &pf.c.y,
        ] {
            h.bytes(&limbs(c));
        }
    }
    let mut xof = h.finish_xof();
    group
        .iter()
        .map(|_| {
            let mut b = [0u8; 16];
            xof.fill(&mut b);
            let a = u64::from_le_bytes(b[..8].try_into().unwrap_or([0; 8]));
            let b = u64::from_le_bytes(b[8..].try_into().unwrap_or([0; 8]));
            // ρ = 0 would drop the item from the check.
            Weight {
                a: if a == 0 && b == 0 { 1 } else { a },
                b,
            }
        })
        .collect()
}
