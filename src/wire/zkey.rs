//! snarkjs Groth16 `.zkey` files: the verifying key of a multi-party ceremony, imported after checking
//! that the ceremony was run on tradeproof's circuit for the claim.
//!
//! # Format (snarkjs 0.7.6, BN254)
//! The `.ptau` container with magic `"zkey"`. Section 1: u32 protocol (1 = Groth16). Section 2: u32 n8q,
//! `q`, u32 n8r, `r`, u32 nVars, u32 nPublic, u32 domainSize, then `α₁, β₁, β₂, γ₂, δ₁, δ₂` (Montgomery
//! coordinates). Section 3: the `nPublic + 1` IC points. Section 4: the A and B coefficients the key was
//! made from — u32 count, then count × (u32 matrix, u32 constraint, u32 wire, 32-byte `c·R²`), the
//! constraints' A terms then B terms in order, then one extra A entry per public wire (`A[m+s][s] = 1`).
//! Sections 5–9: the proving key — `nVars` A points, `nVars` B₁ points, `nVars` B₂ points, the C
//! points of the `nVars − nPublic − 1` private wires, and `domainSize` H points (G1 except B₂; the
//! identity written as zeros). Section 10: the phase-2 contributions.
//!
//! # Proving with the key
//! [`import_proving_key`] returns a [`ProvingKey`] of the [`Reduction::Circom`] form, whose H query
//! only works with snarkjs's witness map (`P = A·B − C` on the odd points of the doubled domain,
//! undivided — see [`Reduction`]); the batched prover follows the key's reduction, so its proofs
//! verify in tradeproof, in `snarkjs groth16 verify` and in the Solidity verifier alike.
//!
//! # What the importer checks
//! [`import_verifying_key`] refuses a file that is not a BN254 Groth16 key, whose counts are not those
//! of the claim's circuit (wires, public inputs, domain size), or whose coefficient section differs in
//! any entry from the circuit's A and B matrices (the error names the first difference). It refuses a
//! key with **no phase-2 contribution** (and `γ = δ` in any case: anyone could forge proofs), a `δ₁`
//! that does not match `δ₂` or the last contribution's `deltaAfter`, and every degenerate key the
//! binary decoder refuses. It returns the key with the ceremony's record ([`Ceremony`]): the circuit
//! hash snarkjs computed and each contribution's transcript hash, for the consortium to compare with the
//! published ceremony log.
//!
//! Those checks catch a key made for another circuit **by mistake**; they do not bind the key's points
//! to the circuit, because the coefficient section is data the file declares. A coordinator who wanted
//! to could ship the right coefficients next to IC points of another circuit. Two checks close that:
//! - [`import_verifying_key_with_ptau`] recomputes every IC point, `α₁`, `β₂` and `γ₂` from the
//!   phase-1 `.ptau` and the claim's circuit (`IC_s = Σ_j β·A_js·L_j(τ) + α·B_js·L_j(τ) + C_js·L_j(τ)`,
//!   with the extra row per public input) and refuses any difference — the points are then those of
//!   tradeproof's circuit over that phase 1, whoever made the file;
//! - `snarkjs zkey verify` (against tradeproof's `.r1cs` and the `.ptau`) checks the contribution
//!   chain's proofs of knowledge, which is what makes `δ` safe if one contributor was honest. The import
//!   does not repeat it.
//!
use super::binfile::{self, g1_from, g2_from, limbs, u32_at, BinFile, G1_BYTES, G2_BYTES};
use super::ptau::Ptau;
use super::r1cs::canonical;
use crate::circuit::circuit_shape;
use crate::claim::ClaimKind;
use crate::error::{Error, Result};
use crate::keys::{ProvingKey, Reduction, VerifyingKey};
use ark_bn254::{Bn254, Fq, Fr, G1Affine, G1Projective, G2Affine};
use ark_ec::pairing::Pairing;
use ark_ec::{AffineRepr, CurveGroup};
use ark_ff::{BigInteger, PrimeField, Zero};
use std::io::{Read, Seek};

const WHAT: &str = "zkey file";

fn invalid(reason: impl Into<String>) -> Error {
    binfile::invalid(WHAT, reason)
}

/// A phase-2 contribution as the `.zkey` records it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Contribution {
    /// `true` for a random beacon, `false` for a participant's contribution.
    pub beacon: bool,
    /// The contribution's transcript hash (blake2b-512), as `snarkjs zkey verify` prints it.
    pub transcript: [u8; 64],
    /// The contributor's name, if one was given.
    pub name: Option<String>,
}

/// What a ceremony's `.zkey` says about itself.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ceremony {
    /// snarkjs's hash of the circuit and phase-1 powers the key was set up from (csHash).
    pub circuit_hash: [u8; 64],
    /// The phase-2 contributions, in order.
    pub contributions: Vec<Contribution>,
}

/// A `.zkey` in memory: [`import_verifying_key_from`] over a byte slice.
pub fn import_verifying_key(bytes: &[u8], kind: ClaimKind) -> Result<(VerifyingKey, Ceremony)> {
    import_verifying_key_from(std::io::Cursor::new(bytes), kind)
}

/// Imports the verifying key of a ceremony's `.zkey` for the claim `kind` (see the module docs for
/// every check).
pub fn import_verifying_key_from<R: Read + Seek>(
    source: R,
    kind: ClaimKind,
) -> Result<(VerifyingKey, Ceremony)> {
    let mut f = BinFile::read(source, b"zkey", 1, WHAT)?;
    let (vk, ceremony, _) = read_verifying_key(&mut f, kind)?;
    Ok((vk, ceremony))
}

/// A `.zkey` in memory: [`import_proving_key_from`] over a byte slice.
pub fn import_proving_key(bytes: &[u8], kind: ClaimKind) -> Result<(ProvingKey, Ceremony)> {
    import_proving_key_from(std::io::Cursor::new(bytes), kind)
}

/// Imports the whole key of a ceremony's `.zkey` for the claim `kind`: every check of
/// [`import_verifying_key_from`], then the proving-key sections 5–9 (A, B₁, B₂, the private wires'
/// C, and H), each of exactly the circuit's length, every point on the curve (G2 points in the
/// prime-order subgroup; the identity is allowed, snarkjs writes it for a wire a matrix never uses).
///
/// The key is of the [`Reduction::Circom`] form: its H query holds `L⁽²ⁿ⁾₂ᵢ₊₁(τ)/δ` for the
/// `n` odd points of the doubled domain, and the batched prover follows that reduction for it. The
/// proving-key points are not checked against the verifying key (that would take the toxic waste); a
/// wrong proving key only makes proofs that do not verify — prove one and verify it after loading.
pub fn import_proving_key_from<R: Read + Seek>(
    source: R,
    kind: ClaimKind,
) -> Result<(ProvingKey, Ceremony)> {
    let mut f = BinFile::read(source, b"zkey", 1, WHAT)?;
    let (vk, ceremony, header) = read_verifying_key(&mut f, kind)?;
    let vars = header.n_vars as u64;
    let private = vars - header.n_public as u64 - 1;
    let mut section = |id: u32, count: u64, point: u64, what: &str| -> Result<Vec<u8>> {
        let size = count * point;
        match f.size(id) {
            Some(s) if s == size => f.bytes(id, 0, size),
            Some(s) => Err(invalid(format!(
                "the {what} section ({id}) holds {s} bytes, the {kind} circuit needs {size}"
            ))),
            None => Err(invalid(format!("the {what} section ({id}) is missing"))),
        }
    };
    let a = binfile::g1_query(&section(5, vars, G1_BYTES, "A")?, "zkey A")?;
    let b_g1 = binfile::g1_query(&section(6, vars, G1_BYTES, "B1")?, "zkey B1")?;
    let b_g2 = binfile::g2_query(&section(7, vars, G2_BYTES, "B2")?, "zkey B2")?;
    let l = binfile::g1_query(&section(8, private, G1_BYTES, "C")?, "zkey C")?;
    let h = binfile::g1_query(&section(9, header.domain as u64, G1_BYTES, "H")?, "zkey H")?;
    let pk = ark_groth16::ProvingKey::<Bn254> {
        vk: vk.as_ark().clone(),
        beta_g1: header.beta_g1,
        delta_g1: header.delta_g1,
        a_query: a,
        b_g1_query: b_g1,
        b_g2_query: b_g2,
        h_query: h,
        l_query: l,
    };
    Ok((ProvingKey::from_ark(kind, Reduction::Circom, pk)?, ceremony))
}

/// What the Groth16 header says beyond the verifying key.
struct Header {
    n_vars: u32,
    n_public: u32,
    domain: u32,
    beta_g1: G1Affine,
    delta_g1: G1Affine,
}

/// Sections 1–4 and 10: the verifying key, after every check of the module docs.
fn read_verifying_key<R: Read + Seek>(
    f: &mut BinFile<R>,
    kind: ClaimKind,
) -> Result<(VerifyingKey, Ceremony, Header)> {
    if f.size(1) != Some(4) || u32_at(&f.bytes(1, 0, 4)?, 0) != 1 {
        return Err(invalid("not a Groth16 key (protocol)"));
    }
    if f.size(2) != Some(660) {
        return Err(invalid("the Groth16 header (section 2) is not 660 bytes"));
    }
    let h = f.bytes(2, 0, 660)?;
    if u32_at(&h, 0) != 32 || h[4..36] != Fq::MODULUS.to_bytes_le()[..] {
        return Err(invalid("the curve is not BN254 (base field)"));
    }
    if u32_at(&h, 36) != 32 || h[40..72] != Fr::MODULUS.to_bytes_le()[..] {
        return Err(invalid("the curve is not BN254 (scalar field)"));
    }
    let (n_vars, n_public, domain) = (u32_at(&h, 72), u32_at(&h, 76), u32_at(&h, 80));
    let shape = circuit_shape(kind)?;
    let expected_domain = (shape.num_constraints + shape.num_instance).next_power_of_two();
    let counts = [
        (
            "wires",
            n_vars as usize,
            shape.num_instance + shape.num_witness,
        ),
        ("public inputs", n_public as usize, shape.num_instance - 1),
        ("domain size", domain as usize, expected_domain),
    ];
    for (what, found, expected) in counts {
        if found != expected {
            return Err(invalid(format!(
                "{found} {what}, the {kind} circuit has {expected}: the key was set up for another circuit"
            )));
        }
    }
    let mut at = 84usize;
    let mut g1 = |what| {
        let p = g1_from(&h[at..at + G1_BYTES as usize], what);
        at += G1_BYTES as usize;
        p
    };
    let alpha = g1("zkey alpha")?;
    let beta_g1 = g1("zkey beta G1")?;
    let mut at = 84 + 2 * G1_BYTES as usize;
    let mut g2 = |what| {
        let p = g2_from(&h[at..at + G2_BYTES as usize], what);
        at += G2_BYTES as usize;
        p
    };
    let beta = g2("zkey beta G2")?;
    let gamma = g2("zkey gamma")?;
    let delta_g1 = g1_from(&h[at..at + G1_BYTES as usize], "zkey delta G1")?;
    let delta = g2_from(
        &h[at + G1_BYTES as usize..at + (G1_BYTES + G2_BYTES) as usize],
        "zkey delta G2",
    )?;
    if Bn254::pairing(delta_g1, G2Affine::generator())
        != Bn254::pairing(G1Affine::generator(), delta)
    {
        return Err(invalid("δ₁ and δ₂ are not the same secret"));
    }

    // IC.
    let ic_bytes = (n_public as u64 + 1) * G1_BYTES;
    if f.size(3) != Some(ic_bytes) {
        return Err(invalid(
            "the IC section (3) does not hold nPublic + 1 points",
        ));
    }
    let ic = f
        .bytes(3, 0, ic_bytes)?
        .chunks_exact(G1_BYTES as usize)
        .map(|c| g1_from(c, "zkey IC"))
        .collect::<Result<Vec<_>>>()?;

    check_coefficients(f, kind, &shape)?;
    let (ceremony, last_delta) = read_ceremony(f)?;
    match last_delta {
        None => {
            return Err(invalid(
                "no phase-2 contribution: γ = δ, so anyone could forge proofs with this key",
            ))
        }
        Some(d) if d != delta_g1 => {
            return Err(invalid("δ₁ is not the last contribution's deltaAfter"))
        }
        Some(_) => {}
    }
    let vk = ark_groth16::VerifyingKey {
        alpha_g1: alpha,
        beta_g2: beta,
        gamma_g2: gamma,
        delta_g2: delta,
        gamma_abc_g1: ic,
    };
    let header = Header {
        n_vars,
        n_public,
        domain,
        beta_g1,
        delta_g1,
    };
    Ok((VerifyingKey::from_ark(kind, vk)?, ceremony, header))
}

/// [`import_verifying_key`], then recomputes `α₁`, `β₂`, `γ₂` and every IC point from the prepared
/// phase-1 file `ptau` and the claim's circuit, and refuses any difference: the key's points are then
/// those of tradeproof's circuit over that phase 1 (see the module docs for what is left to
/// `snarkjs zkey verify`).
pub fn import_verifying_key_with_ptau<R: Read + Seek, P: Read + Seek>(
    zkey: R,
    ptau: &mut Ptau<P>,
    kind: ClaimKind,
) -> Result<(VerifyingKey, Ceremony)> {
    let (vk, ceremony) = import_verifying_key_from(zkey, kind)?;
    let ark = vk.as_ark();
    let shape = circuit_shape(kind)?;
    let n = (shape.num_constraints + shape.num_instance).next_power_of_two();
    let level = n.trailing_zeros();
    if ark.alpha_g1 != ptau.alpha_tau_g1(1)?[0] || ark.beta_g2 != ptau.beta_g2()? {
        return Err(invalid("α or β is not the phase-1 file's"));
    }
    if ark.gamma_g2 != G2Affine::generator() {
        return Err(invalid("γ is not the generator, as snarkjs sets it"));
    }
    let (l, al, bl) = (
        ptau.lagrange_g1(level)?,
        ptau.lagrange_alpha_g1(level)?,
        ptau.lagrange_beta_g1(level)?,
    );
    let inputs = shape.num_instance;
    let mut ic = vec![G1Projective::zero(); inputs];
    let [a, b, c] = &shape.matrices;
    for (j, ((ra, rb), rc)) in a.iter().zip(b).zip(c).enumerate() {
        for (coeff, var) in ra {
            if *var < inputs {
                ic[*var] += bl[j] * coeff;
            }
        }
        for (coeff, var) in rb {
            if *var < inputs {
                ic[*var] += al[j] * coeff;
            }
        }
        for (coeff, var) in rc {
            if *var < inputs {
                ic[*var] += l[j] * coeff;
            }
        }
    }
    for (s, p) in ic.iter_mut().enumerate() {
        *p += bl[shape.num_constraints + s]; // the extra row A[m+s][s] = 1
    }
    let ic = G1Projective::normalize_batch(&ic);
    if let Some(s) = (0..inputs).find(|s| ic[*s] != ark.gamma_abc_g1[*s]) {
        return Err(invalid(format!(
            "IC point {s} is not the {kind} circuit's over this phase 1: the key's points were made for \
             another circuit"
        )));
    }
    Ok((vk, ceremony))
}

/// Compares section 4 with the circuit's A and B matrices, entry by entry.
fn check_coefficients<R: Read + Seek>(
    f: &mut BinFile<R>,
    kind: ClaimKind,
    shape: &crate::circuit::CircuitShape,
) -> Result<()> {
    let mut expected: Vec<(u32, u32, u32, Fr)> = Vec::new();
    let [a, b, _] = &shape.matrices;
    for row in 0..shape.num_constraints {
        for (m, matrix) in [(0u32, a), (1, b)] {
            let lc = matrix.get(row).map(|r| canonical(r)).unwrap_or_default();
            for (wire, coeff) in lc {
                expected.push((m, row as u32, wire as u32, coeff));
            }
        }
    }
    for s in 0..shape.num_instance {
        expected.push((
            0,
            (shape.num_constraints + s) as u32,
            s as u32,
            Fr::from(1u64),
        ));
    }
    let size = 4 + 44 * expected.len() as u64;
    match f.size(4) {
        Some(found) if found == size => {}
        Some(found) => {
            return Err(invalid(format!(
                "the coefficient section holds {} entries, the {kind} circuit has {}: the key was \
                 set up for another circuit",
                found.saturating_sub(4) / 44,
                expected.len()
            )))
        }
        None => return Err(invalid("the coefficient section (4) is missing")),
    }
    let bytes = f.bytes(4, 0, size)?;
    if u32_at(&bytes, 0) as usize != expected.len() {
        return Err(invalid(
            "the coefficient count does not match the section size",
        ));
    }
    for (i, (e, chunk)) in expected.iter().zip(bytes[4..].chunks_exact(44)).enumerate() {
        let (m, c, w) = (u32_at(chunk, 0), u32_at(chunk, 4), u32_at(chunk, 8));
        let stored = limbs(&chunk[12..44]);
        if stored >= Fr::MODULUS {
            return Err(invalid(format!("coefficient {i} is not below r")));
        }
        // c·R² stored: two Montgomery reductions give c.
        let coeff = Fr::new_unchecked(Fr::new_unchecked(stored).into_bigint());
        if (m, c, w, coeff) != *e {
            return Err(invalid(format!(
                "coefficient {i} (matrix {m}, constraint {c}, wire {w}) differs from the {kind} \
                 circuit's (matrix {}, constraint {}, wire {}): the key was set up for another circuit",
                e.0, e.1, e.2
            )));
        }
    }
    Ok(())
}

/// Section 10: the circuit hash and the contribution records, and the last contribution's `deltaAfter`.
fn read_ceremony<R: Read + Seek>(f: &mut BinFile<R>) -> Result<(Ceremony, Option<G1Affine>)> {
    let b = f.section(10, 1 << 20)?;
    let take = |at: &mut usize, n: usize| -> Result<&[u8]> {
        let s = b
            .get(*at..at.saturating_add(n))
            .ok_or_else(|| invalid("the contributions section (10) ends early"))?;
        *at += n;
        Ok(s)
    };
    let mut at = 0;
    let mut circuit_hash = [0u8; 64];
    circuit_hash.copy_from_slice(take(&mut at, 64)?);
    let n = u32_at(take(&mut at, 4)?, 0);
    let mut contributions = Vec::new();
    let mut last_delta = None;
    for _ in 0..n {
        // deltaAfter, then g1_s, g1_sx (G1), g2_spx (G2): the contribution's proof of knowledge.
        last_delta = Some(g1_from(
            take(&mut at, G1_BYTES as usize)?,
            "zkey deltaAfter",
        )?);
        take(&mut at, (2 * G1_BYTES + G2_BYTES) as usize)?;
        let mut transcript = [0u8; 64];
        transcript.copy_from_slice(take(&mut at, 64)?);
        let kind = u32_at(take(&mut at, 4)?, 0);
        let params_len = u32_at(take(&mut at, 4)?, 0) as usize;
        let params = take(&mut at, params_len)?;
        let mut name = None;
        let mut p = 0;
        while p < params.len() {
            match params[p] {
                1 => {
                    let len = *params
                        .get(p + 1)
                        .ok_or_else(|| invalid("a contribution's name ends early"))?
                        as usize;
                    let s = params
                        .get(p + 2..p + 2 + len)
                        .ok_or_else(|| invalid("a contribution's name ends early"))?;
                    name = Some(String::from_utf8_lossy(s).into_owned());
                    p += 2 + len;
                }
                2 => p += 2,
                3 => {
                    let len = *params
                        .get(p + 1)
                        .ok_or_else(|| invalid("a beacon hash ends early"))?
                        as usize;
                    p += 2 + len;
                }
                t => return Err(invalid(format!("unknown contribution parameter {t}"))),
            }
        }
        if kind > 1 {
            return Err(invalid(format!("unknown contribution type {kind}")));
        }
        contributions.push(Contribution {
            beacon: kind == 1,
            transcript,
            name,
        });
    }
    if at != b.len() {
        return Err(invalid("bytes after the last contribution"));
    }
    Ok((
        Ceremony {
            circuit_hash,
            contributions,
        },
        last_delta,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A container with the given sections.
    fn container(sections: &[(u32, Vec<u8>)]) -> Vec<u8> {
        let mut out = b"zkey".to_vec();
        out.extend(1u32.to_le_bytes());
        out.extend((sections.len() as u32).to_le_bytes());
        for (id, payload) in sections {
            out.extend(id.to_le_bytes());
            out.extend((payload.len() as u64).to_le_bytes());
            out.extend(payload);
        }
        out
    }

    fn err(b: &[u8]) -> String {
        import_verifying_key(b, ClaimKind::ValueRange)
            .unwrap_err()
            .to_string()
    }

    /// A Groth16 header for BN254 with the given counts and all points zero.
    fn header(n_vars: u32, n_public: u32, domain: u32) -> Vec<u8> {
        let mut h = 32u32.to_le_bytes().to_vec();
        h.extend(Fq::MODULUS.to_bytes_le());
        h.extend(32u32.to_le_bytes());
        h.extend(Fr::MODULUS.to_bytes_le());
        for n in [n_vars, n_public, domain] {
            h.extend(n.to_le_bytes());
        }
        h.resize(660, 0);
        h
    }

    #[test]
    fn files_that_are_not_bn254_groth16_keys_of_the_circuit_are_refused() {
        assert!(err(b"ptau\x01\0\0\0\0\0\0\0").contains("magic"));
        let plonk = container(&[(1, 2u32.to_le_bytes().to_vec())]);
        assert!(err(&plonk).contains("protocol"));
        let groth = |h: Vec<u8>| container(&[(1, 1u32.to_le_bytes().to_vec()), (2, h)]);
        assert!(err(&groth(vec![0; 100])).contains("660"));
        let mut h = header(1, 1, 1);
        h[4] ^= 1;
        assert!(err(&groth(h)).contains("base field"));
        let shape = circuit_shape(ClaimKind::ValueRange).unwrap();
        let wires = (shape.num_instance + shape.num_witness) as u32;
        let public = (shape.num_instance - 1) as u32;
        let domain = (shape.num_constraints + shape.num_instance).next_power_of_two() as u32;
        assert!(err(&groth(header(wires + 1, public, domain))).contains("wires"));
        assert!(err(&groth(header(wires, public + 1, domain))).contains("public inputs"));
        assert!(err(&groth(header(wires, public, domain * 2))).contains("domain size"));
        // The right counts, but the points are all zero: the identity is refused.
        assert!(err(&groth(header(wires, public, domain))).contains("infinity"));
        // Truncated and extended containers.
        let c = groth(header(wires, public, domain));
        assert!(import_verifying_key(&c[..c.len() - 1], ClaimKind::ValueRange).is_err());
        assert!(
            import_verifying_key(&[c.clone(), vec![0]].concat(), ClaimKind::ValueRange).is_err()
        );
    }
}
