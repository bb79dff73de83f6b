//! Solidity verifier export: a self-contained contract that verifies Groth16 proofs for one verifying
//! key with the EVM's BN254 precompiles, and the calldata to call it.
//!
//! # The contract
//! [`verifier_contract`] renders tradeproof's own template (Solidity `^0.8.13`, no imports, no storage):
//! ```solidity
//! contract CustomsClearanceVerifier {
//!     uint256 public constant NUM_INPUTS = 8;
//!     function verifyProof(
//!         uint256[2] calldata a,        // A = [x, y]
//!         uint256[2][2] calldata b,     // B = [[x.c1, x.c0], [y.c1, y.c0]]  (EVM order: imaginary part first)
//!         uint256[2] calldata c,        // C = [x, y]
//!         uint256[8] calldata input     // public inputs in circuit order, each below r
//!     ) external view returns (bool);
//! }
//! ```
//! The key is embedded as constants: α, the IC points, and **−β, −γ, −δ** (negated when the contract is
//! generated). The contract computes `L = IC[0] + Σ input[i]·IC[i+1]` with ecMul (`0x07`) and ecAdd
//! (`0x06`), then makes one ecPairing (`0x08`) call over four pairs:
//! `e(A, B) · e(α, −β) · e(L, −γ) · e(C, −δ) = 1`, which is the Groth16 equation
//! `e(A, B) = e(α, β) · e(L, γ) · e(C, δ)`. Because the negations live in the key, the proof is passed to
//! the precompile untouched, and the precompile validates it: coordinates below `q`, points on their
//! curves, G2 in the prime-order subgroup (EIP-197); any refusal makes `verifyProof` return `false`.
//! Each public input is checked below the scalar field order `r` (otherwise `input` and `input + r`
//! would both verify); an input that is not returns `false`. The function does not revert on bad
//! proofs or inputs.
//!
//! **`false` does not always mean "invalid"**: the precompile calls forward `gas()`, and a precompile
//! that runs out of gas fails like one that refuses its input, so a call given too little gas returns
//! `false` for a *valid* proof (or runs out of gas itself). A calling contract must therefore give
//! `verifyProof` enough gas (the figure below with a margin) and must not record a `false` as proof of
//! invalidity — e.g. not slash a submitter or burn a nullifier on it — unless it checked that enough gas
//! was forwarded (`gasleft()` before the call).
//!
//! The gas is dominated by the precompiles (EIP-1108 prices): 4 pairs cost 45,000 + 4 × 34,000, and each
//! public input one ecMul (6,000) and one ecAdd (150); measured in an EVM as the execution gas of a
//! first call to a freshly deployed contract (cold storage and account access included, the 21,000 base
//! cost and calldata of a transaction *not* included), a customs-clearance verifier (8 inputs) uses
//! about 243,000 gas, and a transaction carrying that call about 271,000 (its intrinsic cost, 21,000
//! plus the calldata, adds about 28,000; `.ci/interop/run.sh` prints both). The code grows with the number of inputs
//! (straight-line code per input, about 80 bytes each with the optimizer on): 2.2 KB for 8 inputs and
//! 23 KB for 262, tradeproof's largest statement (aggregate value at capacity 256), just under the
//! 24 KiB limit of EIP-170. Keys with more inputs (e.g. from other snarkjs circuits) may not deploy.
//!
//! # Calling it
//! [`calldata`] gives the ABI-encoded call (4-byte selector of
//! `verifyProof(uint256[2],uint256[2][2],uint256[2],uint256[N])`, then the static arrays as 32-byte
//! big-endian words, `2 + 4 + 2 + N` words in all); [`arguments_json`] gives the four arguments as
//! nested arrays of decimal strings, ready for a script (`verifier.verifyProof(...args)` with ethers).
use crate::encoding::fr_to_string;
use crate::error::{DecodeError, Error, Result};
use crate::keys::{hex, VerifyingKey};
use crate::statement::{Proof, Statement};
use ark_bn254::{Bn254, Fq, Fq2, Fr, G1Affine, G2Affine};
use ark_ec::AffineRepr;
use ark_ff::{BigInteger, PrimeField};
use sha3::{Digest, Keccak256};
use std::fmt::Write as _;

/// The Solidity version range the generated contract declares.
pub const PRAGMA: &str = "^0.8.13";

fn fq_dec(x: &Fq) -> String {
    x.into_bigint().to_string()
}

/// G1 as EVM words `[x, y]`; the identity is `[0, 0]`.
fn g1_words(p: &G1Affine) -> [Fq; 2] {
    p.xy().map_or([Fq::from(0u64); 2], |(x, y)| [x, y])
}

/// G2 as EVM words `[x.c1, x.c0, y.c1, y.c0]`; the identity is all zeros.
fn g2_words(p: &G2Affine) -> [Fq; 4] {
    p.xy().map_or([Fq::from(0u64); 4], |(x, y): (Fq2, Fq2)| {
        [x.c1, x.c0, y.c1, y.c0]
    })
}

/// The default contract name for a claim kind: `customs_clearance` → `CustomsClearanceVerifier`,
/// `aggregate_value-32` → `AggregateValue32Verifier`.
pub fn contract_name(vk: &VerifyingKey) -> String {
    let mut name = String::new();
    for part in vk.kind().name().split(|c: char| !c.is_ascii_alphanumeric()) {
        let mut chars = part.chars();
        if let Some(first) = chars.next() {
            name.push(first.to_ascii_uppercase());
            name.extend(chars);
        }
    }
    name.push_str("Verifier");
    name
}

/// The verifier contract of a tradeproof key, named by [`contract_name`], its header naming the claim
/// kind, circuit id and key fingerprint.
pub fn verifier_contract(vk: &VerifyingKey) -> String {
    let about = format!(
        "Claim kind: {}\n// Circuit id: {}\n// Verifying key fingerprint (blake3): {}",
        vk.kind().name(),
        hex(&vk.circuit_id().0),
        hex(&vk.fingerprint())
    );
    render(vk.as_ark(), &contract_name(vk), &about)
}

/// The verifier contract of any BN254 Groth16 key (e.g. one imported from snarkjs), named `name`.
/// Fails if `name` is not a plain Solidity identifier (ASCII letters, digits and `_`, not starting with
/// a digit, at most 64 bytes) or if the key has no public input (Solidity has no zero-length arrays).
pub fn ark_verifier_contract(vk: &ark_groth16::VerifyingKey<Bn254>, name: &str) -> Result<String> {
    let valid_name = !name.is_empty()
        && name.len() <= 64
        && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
        && !name.as_bytes()[0].is_ascii_digit();
    if !valid_name {
        return Err(DecodeError::Invalid {
            what: "Solidity contract name",
            reason: format!("{name:?} is not a plain identifier of at most 64 bytes"),
        }
        .into());
    }
    if vk.gamma_abc_g1.len() < 2 {
        return Err(Error::PublicInputCount {
            expected: 1,
            found: vk.gamma_abc_g1.len().saturating_sub(1),
        });
    }
    Ok(render(vk, name, "Key imported from outside tradeproof"))
}

/// Renders the template. `vk` has at least one public input.
fn render(vk: &ark_groth16::VerifyingKey<Bn254>, name: &str, about: &str) -> String {
    let n = vk.gamma_abc_g1.len().saturating_sub(1);
    let mut s = String::with_capacity(4096 + 400 * n);
    // Writing into a String cannot fail: the `fmt::Result`s below are ignored on purpose.
    let _ = write!(
        s,
        r#"// SPDX-License-Identifier: MIT OR Apache-2.0
// Generated by tradeproof {version} from a Groth16 verifying key over BN254.
// Do not edit: regenerate it from the key instead.
// {about}
pragma solidity {PRAGMA};

/// @title {name}
/// @notice Verifies Groth16 proofs (BN254) for one verifying key, embedded below as constants.
/// @dev Checks e(A, B) * e(alpha, -beta) * e(L, -gamma) * e(C, -delta) == 1 with one call to the
///      ecPairing precompile (0x08), where L = IC[0] + sum(input[i] * IC[i + 1]) is computed with
///      ecMul (0x07) and ecAdd (0x06). beta, gamma and delta are stored negated, so the proof goes to
///      the precompile as given and the precompile validates its points (coordinates below q, on the
///      curve, G2 in the prime-order subgroup). G2 values are in EVM order: imaginary part first.
contract {name} {{
    /// @notice Number of public inputs of the circuit.
    uint256 public constant NUM_INPUTS = {n};

    /// @dev Order r of BN254's scalar field: every public input must be below it.
    uint256 internal constant R =
        21888242871839275222246405745257275088548364400416034343698204186575808495617;

"#,
        version = env!("CARGO_PKG_VERSION"),
    );

    let _ = writeln!(s, "    // alpha (G1)");
    let [ax, ay] = g1_words(&vk.alpha_g1);
    constant(&mut s, "ALPHA_X", &ax);
    constant(&mut s, "ALPHA_Y", &ay);
    for (label, p) in [
        ("BETA", &vk.beta_g2),
        ("GAMMA", &vk.gamma_g2),
        ("DELTA", &vk.delta_g2),
    ] {
        let _ = writeln!(
            s,
            "\n    // -{} (G2): x = X0 + X1*u, y = Y0 + Y1*u",
            label.to_lowercase()
        );
        let [x1, x0, y1, y0] = g2_words(&-*p);
        constant(&mut s, &format!("NEG_{label}_X1"), &x1);
        constant(&mut s, &format!("NEG_{label}_X0"), &x0);
        constant(&mut s, &format!("NEG_{label}_Y1"), &y1);
        constant(&mut s, &format!("NEG_{label}_Y0"), &y0);
    }
    let _ = writeln!(
        s,
        "\n    // IC[0..{n}] (G1): IC[0] is the constant term, IC[i + 1] pairs with input[i]"
    );
    for (i, p) in vk.gamma_abc_g1.iter().enumerate() {
        let [x, y] = g1_words(p);
        constant(&mut s, &format!("IC{i}_X"), &x);
        constant(&mut s, &format!("IC{i}_Y"), &y);
    }

    let _ = write!(
        s,
        r#"
    /// @notice Verifies a proof for the given public inputs.
    /// @param a Proof point A (G1): [x, y].
    /// @param b Proof point B (G2): [[x.c1, x.c0], [y.c1, y.c0]].
    /// @param c Proof point C (G1): [x, y].
    /// @param input The public inputs, in circuit order.
    /// @return True if the proof verifies; false if it does not, if an input is not below R, or if a
    ///         proof point is not a valid curve point.
    function verifyProof(
        uint256[2] calldata a,
        uint256[2][2] calldata b,
        uint256[2] calldata c,
        uint256[{n}] calldata input
    ) external view returns (bool) {{
        // L = IC[0] + sum(input[i] * IC[i + 1]), refusing inputs that are not field elements.
        uint256[2] memory l = [IC0_X, IC0_Y];
"#
    );
    for i in 0..n {
        let _ = writeln!(
            s,
            "        if (input[{i}] >= R || !mulAccumulate(l, IC{j}_X, IC{j}_Y, input[{i}])) return false;",
            j = i + 1
        );
    }
    let _ = write!(
        s,
        r#"        return pairingCheck(a, b, c, l);
    }}

    /// @dev acc <- acc + s * (px, py), using ecMul (0x07) then ecAdd (0x06). Returns false if a
    ///      precompile call fails. Uses the memory above the free memory pointer as scratch space.
    function mulAccumulate(uint256[2] memory acc, uint256 px, uint256 py, uint256 s)
        private
        view
        returns (bool ok)
    {{
        assembly ("memory-safe") {{
            let m := mload(0x40)
            // ecMul input [px, py, s]; the product s * P is written to m[0x40..0x80).
            mstore(m, px)
            mstore(add(m, 0x20), py)
            mstore(add(m, 0x40), s)
            ok := staticcall(gas(), 0x07, m, 0x60, add(m, 0x40), 0x40)
            // ecAdd input [acc, s * P]; the sum is written back into acc.
            mstore(m, mload(acc))
            mstore(add(m, 0x20), mload(add(acc, 0x20)))
            ok := and(ok, staticcall(gas(), 0x06, m, 0x80, acc, 0x40))
        }}
    }}

    /// @dev The pairing-product check e(A, B) * e(alpha, -beta) * e(L, -gamma) * e(C, -delta) == 1.
    ///      Returns false if the product is not one or if the precompile refuses a point.
    function pairingCheck(
        uint256[2] calldata a,
        uint256[2][2] calldata b,
        uint256[2] calldata c,
        uint256[2] memory l
    ) private view returns (bool) {{
        uint256[24] memory w;
        // (A, B), as given by the prover.
        w[0] = a[0];
        w[1] = a[1];
        w[2] = b[0][0];
        w[3] = b[0][1];
        w[4] = b[1][0];
        w[5] = b[1][1];
        // (alpha, -beta)
        w[6] = ALPHA_X;
        w[7] = ALPHA_Y;
        w[8] = NEG_BETA_X1;
        w[9] = NEG_BETA_X0;
        w[10] = NEG_BETA_Y1;
        w[11] = NEG_BETA_Y0;
        // (L, -gamma)
        w[12] = l[0];
        w[13] = l[1];
        w[14] = NEG_GAMMA_X1;
        w[15] = NEG_GAMMA_X0;
        w[16] = NEG_GAMMA_Y1;
        w[17] = NEG_GAMMA_Y0;
        // (C, -delta)
        w[18] = c[0];
        w[19] = c[1];
        w[20] = NEG_DELTA_X1;
        w[21] = NEG_DELTA_X0;
        w[22] = NEG_DELTA_Y1;
        w[23] = NEG_DELTA_Y0;

        bool ok;
        uint256 product;
        assembly ("memory-safe") {{
            // 24 words in, one word out (1 if the product is one); the output reuses w[0].
            ok := staticcall(gas(), 0x08, w, 0x300, w, 0x20)
            product := mload(w)
        }}
        return ok && product == 1;
    }}
}}
"#
    );
    s
}

fn constant(s: &mut String, name: &str, x: &Fq) {
    let _ = writeln!(
        s,
        "    uint256 internal constant {name} =\n        {};",
        fq_dec(x)
    );
}

/// `verifyProof(uint256[2],uint256[2][2],uint256[2],uint256[N])`: the canonical signature whose
/// keccak-256 gives the selector.
pub fn function_signature(num_inputs: usize) -> String {
    format!("verifyProof(uint256[2],uint256[2][2],uint256[2],uint256[{num_inputs}])")
}

/// The 4-byte function selector of `verifyProof` for `num_inputs` public inputs.
pub fn selector(num_inputs: usize) -> [u8; 4] {
    let digest = Keccak256::digest(function_signature(num_inputs).as_bytes());
    [digest[0], digest[1], digest[2], digest[3]]
}

fn word(out: &mut Vec<u8>, bytes_be: Vec<u8>) {
    // Both fields are below 2^256: big-endian encodings are at most 32 bytes.
    out.resize(out.len() + 32usize.saturating_sub(bytes_be.len()), 0);
    out.extend_from_slice(&bytes_be);
}

/// The ABI-encoded call `verifyProof(a, b, c, input)` (selector and `8 + N` words) for an arkworks proof
/// and its public inputs.
pub fn ark_calldata(proof: &ark_groth16::Proof<Bn254>, inputs: &[Fr]) -> Vec<u8> {
    let mut out = Vec::with_capacity(4 + 32 * (8 + inputs.len()));
    out.extend_from_slice(&selector(inputs.len()));
    let [ax, ay] = g1_words(&proof.a);
    let [cx, cy] = g1_words(&proof.c);
    for x in [ax, ay]
        .iter()
        .chain(g2_words(&proof.b).iter())
        .chain([cx, cy].iter())
    {
        word(&mut out, x.into_bigint().to_bytes_be());
    }
    for x in inputs {
        word(&mut out, x.into_bigint().to_bytes_be());
    }
    out
}

fn same_circuit(statement: &Statement, proof: &Proof) -> Result<()> {
    if statement.circuit_id() != proof.circuit_id() {
        return Err(Error::CircuitMismatch {
            expected: statement.circuit_id(),
            found: proof.circuit_id(),
        });
    }
    Ok(())
}

/// The ABI-encoded call `verifyProof(a, b, c, input)` proving `statement` with `proof` (fails if they
/// are for different circuits).
pub fn calldata(statement: &Statement, proof: &Proof) -> Result<Vec<u8>> {
    same_circuit(statement, proof)?;
    Ok(ark_calldata(&proof.to_ark(), statement.inputs()))
}

/// [`calldata`] as a `0x`-prefixed hex string (e.g. for `cast call` or `eth_call`).
pub fn calldata_hex(statement: &Statement, proof: &Proof) -> Result<String> {
    Ok(format!(
        "0x{}",
        crate::encoding::to_hex(&calldata(statement, proof)?)
    ))
}

/// The arguments of `verifyProof` as JSON `[a, b, c, input]`, every number a decimal string, G2 in EVM
/// order, for an arkworks proof and its public inputs.
pub fn ark_arguments_json(proof: &ark_groth16::Proof<Bn254>, inputs: &[Fr]) -> serde_json::Value {
    let [ax, ay] = g1_words(&proof.a);
    let [bx1, bx0, by1, by0] = g2_words(&proof.b);
    let [cx, cy] = g1_words(&proof.c);
    serde_json::json!([
        [fq_dec(&ax), fq_dec(&ay)],
        [[fq_dec(&bx1), fq_dec(&bx0)], [fq_dec(&by1), fq_dec(&by0)]],
        [fq_dec(&cx), fq_dec(&cy)],
        inputs.iter().map(fr_to_string).collect::<Vec<_>>(),
    ])
}

/// The arguments of `verifyProof` for `statement` and `proof` as JSON `[a, b, c, input]` of decimal
/// strings (fails if they are for different circuits).
pub fn arguments_json(statement: &Statement, proof: &Proof) -> Result<serde_json::Value> {
    same_circuit(statement, proof)?;
    Ok(ark_arguments_json(&proof.to_ark(), statement.inputs()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn selector_is_keccak_of_the_signature() {
        // keccak256("") and a well-known selector check the hash and the truncation.
        assert_eq!(
            hex(&Keccak256::digest(b"")),
            "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470"
        );
        assert_eq!(
            hex(&Keccak256::digest(b"transfer(address,uint256)")[..4]),
            "a9059cbb"
        );
        assert_eq!(
            function_signature(1),
            "verifyProof(uint256[2],uint256[2][2],uint256[2],uint256[1])"
        );
        assert_ne!(selector(1), selector(2));
    }

    #[test]
    fn calldata_layout() {
        let proof = ark_groth16::Proof::<Bn254> {
            a: G1Affine::generator(),
            b: G2Affine::generator(),
            c: -G1Affine::generator(),
        };
        let data = ark_calldata(&proof, &[Fr::from(7u64), -Fr::from(1u64)]);
        assert_eq!(data.len(), 4 + 32 * 10);
        assert_eq!(data[..4], selector(2));
        // A = (1, 2).
        assert_eq!(data[4 + 31], 1);
        assert_eq!(data[4 + 63], 2);
        assert!(data[4..4 + 31].iter().all(|b| *b == 0));
        // B.x.c1 comes first.
        let bx1 = G2Affine::generator().x().map(|x| x.c1).unwrap_or_default();
        assert_eq!(data[4 + 64..4 + 96], bx1.into_bigint().to_bytes_be());
        // Inputs last, big-endian.
        assert_eq!(data[4 + 8 * 32 + 31], 7);
        assert_eq!(
            data[4 + 9 * 32..],
            (-Fr::from(1u64)).into_bigint().to_bytes_be()
        );
    }

    #[test]
    fn contract_names_are_checked() {
        let vk = ark_groth16::VerifyingKey::<Bn254> {
            alpha_g1: G1Affine::generator(),
            beta_g2: G2Affine::generator(),
            gamma_g2: G2Affine::generator(),
            delta_g2: G2Affine::generator(),
            gamma_abc_g1: vec![G1Affine::generator(); 2],
        };
        assert!(ark_verifier_contract(&vk, "MulVerifier").is_ok());
        for bad in [
            "",
            "1Verifier",
            "My Verifier",
            "V;contract",
            &"V".repeat(65),
        ] {
            assert!(ark_verifier_contract(&vk, bad).is_err(), "{bad:?}");
        }
        let no_inputs = ark_groth16::VerifyingKey::<Bn254> {
            gamma_abc_g1: vec![G1Affine::generator()],
            ..vk
        };
        assert!(ark_verifier_contract(&no_inputs, "V").is_err());
    }
}
