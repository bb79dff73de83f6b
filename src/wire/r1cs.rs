//! circom's `.r1cs` format (binary version 1): every claim circuit written out for snarkjs, so a
//! consortium can run `snarkjs groth16 setup` and a phase-2 ceremony on exactly the constraints
//! tradeproof proves.
//!
//! # Layout
//! `"r1cs"`, u32 version 1, u32 three sections; integers little-endian.
//! - Section 1, header (64 bytes): u32 n8 = 32, the prime `r` (32 bytes), u32 nWires, u32 nPubOut = 0,
//!   u32 nPubIn = the claim's public inputs, u32 nPrvIn = 0, u64 nLabels = nWires, u32 nConstraints.
//! - Section 2, constraints: for each, the linear combinations A, B, C, each as u32 count and count ×
//!   (u32 wire, 32-byte canonical little-endian coefficient), wires ascending, no zero coefficient, each
//!   wire once.
//! - Section 3, wire → label map: nWires × u64, the identity.
//!
//! Wires are arkworks' variables in their order — wire 0 the constant one, then the public inputs in
//! the claim's order ([`crate::claims`], each module's `input`), then the witnesses — which is circom's
//! layout: `snarkjs r1cs info` reports tradeproof's counts, and a `public.json` is the statement's
//! inputs. tradeproof's circuits have no circom signal names, so every non-public wire is declared
//! internal (nPrvIn = 0); `groth16 setup` only uses nWires, the public count, nConstraints and the
//! constraints.
use crate::circuit::circuit_shape;
use crate::claim::{ClaimKind, Witness};
use crate::error::Result;
use ark_bn254::Fr;
use ark_ff::{BigInteger, PrimeField, Zero};
use std::collections::BTreeMap;

/// The circuit of `kind` as a circom `.r1cs` file.
pub fn export_r1cs(kind: ClaimKind) -> Result<Vec<u8>> {
    let shape = circuit_shape(kind)?;
    let n_wires = shape.num_instance + shape.num_witness;
    let mut header = Vec::with_capacity(64);
    header.extend(32u32.to_le_bytes());
    header.extend(Fr::MODULUS.to_bytes_le());
    header.extend((n_wires as u32).to_le_bytes());
    header.extend(0u32.to_le_bytes()); // outputs
    header.extend(((shape.num_instance - 1) as u32).to_le_bytes()); // public inputs
    header.extend(0u32.to_le_bytes()); // private inputs
    header.extend((n_wires as u64).to_le_bytes()); // labels
    header.extend((shape.num_constraints as u32).to_le_bytes());

    let mut constraints = Vec::new();
    let [a, b, c] = &shape.matrices;
    for row in 0..shape.num_constraints {
        for m in [a, b, c] {
            let lc = m.get(row).map(|r| canonical(r)).unwrap_or_default();
            constraints.extend((lc.len() as u32).to_le_bytes());
            for (wire, coeff) in lc {
                constraints.extend((wire as u32).to_le_bytes());
                constraints.extend(coeff.into_bigint().to_bytes_le());
            }
        }
    }

    let mut labels = Vec::with_capacity(8 * n_wires);
    for w in 0..n_wires as u64 {
        labels.extend(w.to_le_bytes());
    }

    let mut out = Vec::with_capacity(12 + 3 * 12 + header.len() + constraints.len() + labels.len());
    out.extend(b"r1cs");
    out.extend(1u32.to_le_bytes());
    out.extend(3u32.to_le_bytes());
    for (id, payload) in [(1u32, &header), (2, &constraints), (3, &labels)] {
        out.extend(id.to_le_bytes());
        out.extend((payload.len() as u64).to_le_bytes());
        out.extend(payload.iter());
    }
    Ok(out)
}

/// A witness as a snarkjs `.wtns` file (version 2): section 1 u32 n8 = 32, the prime `r`, u32 number
/// of wires; section 2 every wire's value (canonical, 32 bytes little-endian) in wire order — the
/// constant one, the public inputs, then the witnesses. With the `.r1cs` of [`export_r1cs`] and a
/// ceremony's `.zkey`, `snarkjs groth16 prove` proves the claim.
pub fn export_wtns(witness: Witness) -> Result<Vec<u8>> {
    let shape = circuit_shape(witness.kind())?;
    let z = crate::circuit::assignment(witness, &shape)?;
    let mut header = Vec::with_capacity(40);
    header.extend(32u32.to_le_bytes());
    header.extend(Fr::MODULUS.to_bytes_le());
    header.extend((z.len() as u32).to_le_bytes());
    let mut values = Vec::with_capacity(32 * z.len());
    for v in &z {
        values.extend(v.into_bigint().to_bytes_le());
    }
    let mut out = Vec::with_capacity(12 + 24 + header.len() + values.len());
    out.extend(b"wtns");
    out.extend(2u32.to_le_bytes());
    out.extend(2u32.to_le_bytes());
    for (id, payload) in [(1u32, &header), (2, &values)] {
        out.extend(id.to_le_bytes());
        out.extend((payload.len() as u64).to_le_bytes());
        out.extend(payload.iter());
    }
    Ok(out)
}

/// A row of `(coefficient, variable)` as circom writes a linear combination: each wire once (repeats
/// summed), ascending, no zero coefficient.
pub(crate) fn canonical(row: &[(Fr, usize)]) -> Vec<(usize, Fr)> {
    let mut m: BTreeMap<usize, Fr> = BTreeMap::new();
    for (coeff, var) in row {
        *m.entry(*var).or_insert_with(Fr::zero) += coeff;
    }
    m.into_iter().filter(|(_, c)| !c.is_zero()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn u32_at(b: &[u8], at: usize) -> u32 {
        u32::from_le_bytes(b[at..at + 4].try_into().unwrap())
    }

    /// Reads the file back (an independent reader of the layout) and checks it against the circuit's
    /// matrices: counts, every coefficient, the label map.
    #[test]
    fn value_range_r1cs_reads_back_to_the_circuit() {
        let kind = ClaimKind::ValueRange;
        let bytes = export_r1cs(kind).unwrap();
        let shape = circuit_shape(kind).unwrap();
        assert_eq!(&bytes[..4], b"r1cs");
        assert_eq!((u32_at(&bytes, 4), u32_at(&bytes, 8)), (1, 3));
        // Section 1 at 12: id, size, payload.
        assert_eq!((u32_at(&bytes, 12), u32_at(&bytes, 16)), (1, 64));
        let h = &bytes[24..88];
        let n_wires = shape.num_instance + shape.num_witness;
        assert_eq!(u32_at(h, 0), 32);
        assert_eq!(&h[4..36], &Fr::MODULUS.to_bytes_le()[..]);
        assert_eq!(u32_at(h, 36) as usize, n_wires);
        assert_eq!(u32_at(h, 44) as usize, kind.num_inputs());
        assert_eq!(u32_at(h, 60) as usize, shape.num_constraints);
        // Section 2: parse every constraint and compare with the matrices.
        assert_eq!(u32_at(&bytes, 88), 2);
        let size = u64::from_le_bytes(bytes[92..100].try_into().unwrap()) as usize;
        let mut at = 100;
        let end = at + size;
        for row in 0..shape.num_constraints {
            for m in &shape.matrices {
                let n = u32_at(&bytes, at) as usize;
                at += 4;
                let mut lc = Vec::new();
                for _ in 0..n {
                    let wire = u32_at(&bytes, at) as usize;
                    let coeff = Fr::from_le_bytes_mod_order(&bytes[at + 4..at + 36]);
                    assert_eq!(
                        Fr::from_le_bytes_mod_order(&bytes[at + 4..at + 36])
                            .into_bigint()
                            .to_bytes_le(),
                        bytes[at + 4..at + 36].to_vec(),
                        "canonical"
                    );
                    lc.push((wire, coeff));
                    at += 36;
                }
                assert_eq!(lc, canonical(&m[row]), "row {row}");
                assert!(lc.windows(2).all(|w| w[0].0 < w[1].0));
            }
        }
        assert_eq!(at, end);
        // Section 3: the identity map, and nothing after it.
        assert_eq!(u32_at(&bytes, end), 3);
        let labels = &bytes[end + 12..];
        assert_eq!(labels.len(), 8 * n_wires);
        for (i, l) in labels.chunks(8).enumerate() {
            assert_eq!(u64::from_le_bytes(l.try_into().unwrap()), i as u64);
        }
    }

    #[test]
    fn repeated_wires_are_summed_and_zeros_dropped() {
        let one = Fr::from(1u64);
        let row = [
            (one, 5),
            (one, 2),
            (Fr::from(2u64), 5),
            (-one, 2),
            (Fr::from(0u64), 9),
        ];
        assert_eq!(canonical(&row), vec![(5, Fr::from(3u64))]);
    }
}
