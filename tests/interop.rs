//! snarkjs and Solidity interop: the snarkjs-made `mul.circom` vectors verify through tradeproof, our
//! exports re-import and still verify, malformed snarkjs JSON is refused with a typed error (never a
//! panic), and the Solidity calldata encodes what the contract expects.
//!
//! The EVM and `snarkjs groth16 verify` checks need Node: `.ci/interop/run.sh`.
#![cfg(all(feature = "snarkjs", feature = "solidity"))]
use tradeproof_support as common;

use ark_bn254::{Bn254, Fq, Fq2, Fr, G1Affine, G2Affine};
use ark_ec::pairing::Pairing;
use ark_ec::AffineRepr;
use ark_ff::{BigInteger, One, PrimeField};
use proptest::prelude::*;
use serde_json::{json, Value};
use std::sync::OnceLock;
use tradeproof::prelude::*;
use tradeproof::wire::snarkjs::{self, ProofJson, VerificationKeyJson};
use tradeproof::wire::solidity;
use tradeproof::{keys, DecodeError, Error};

const VK: &str = include_str!("vectors/snarkjs-mul/vk.json");
const PROOF: &str = include_str!("vectors/snarkjs-mul/proof.json");
const PUBLIC: &str = include_str!("vectors/snarkjs-mul/public.json");
const PUBLIC_BAD: &str = include_str!("vectors/snarkjs-mul/public_bad.json");

/// BN254's base field modulus q and scalar field modulus r, in decimal.
const Q: &str = "21888242871839275222246405745257275088696311157297823662689037894645226208583";
const R: &str = "21888242871839275222246405745257275088548364400416034343698204186575808495617";

// ----- the snarkjs vectors -----

#[test]
fn snarkjs_mul_vectors_verify_and_public_bad_fails() {
    assert!(snarkjs::verify_json(VK, PROOF, PUBLIC).unwrap());
    assert!(!snarkjs::verify_json(VK, PROOF, PUBLIC_BAD).unwrap());
    let public = snarkjs::read_public_signals(PUBLIC).unwrap();
    assert_eq!(public, vec![Fr::from(33u64)]);
    assert_eq!(
        snarkjs::read_public_signals(PUBLIC_BAD).unwrap(),
        vec![Fr::from(34u64)]
    );
}

#[test]
fn alphabeta_coefficient_order_matches_snarkjs() {
    // Recompute e(vk_alpha_1, vk_beta_2) from the vector's own points and compare it with the
    // vector's vk_alphabeta_12, coefficient for coefficient.
    let raw: Value = serde_json::from_str(VK).unwrap();
    let vk = snarkjs::read_verifying_key(VK).unwrap();
    let ab = Bn254::pairing(vk.alpha_g1, vk.beta_g2).0;
    let ours = serde_json::to_value(snarkjs::gt_json(&ab)).unwrap();
    assert_eq!(ours, raw["vk_alphabeta_12"]);
    // A swapped order would not match (the check above is not vacuous).
    let mut swapped = ours.clone();
    swapped[0] = ours[1].clone();
    swapped[1] = ours[0].clone();
    assert_ne!(swapped, raw["vk_alphabeta_12"]);
}

#[test]
fn export_of_the_snarkjs_key_and_proof_reproduces_the_files() {
    // Parsing then exporting snarkjs's own files gives them back, field for field (G2 c0 first,
    // nPublic, IC, vk_alphabeta_12 included).
    let vk = snarkjs::read_verifying_key(VK).unwrap();
    assert_eq!(
        VerificationKeyJson::from_ark(&vk),
        VerificationKeyJson::parse(VK).unwrap()
    );
    let proof = snarkjs::read_proof(PROOF).unwrap();
    assert_eq!(
        ProofJson::from_ark(&proof),
        ProofJson::parse(PROOF).unwrap()
    );
    let exported: Value = serde_json::to_value(VerificationKeyJson::from_ark(&vk)).unwrap();
    assert_eq!(exported, serde_json::from_str::<Value>(VK).unwrap());
}

#[test]
fn key_without_alphabeta_is_accepted() {
    let mut v: Value = serde_json::from_str(VK).unwrap();
    v.as_object_mut().unwrap().remove("vk_alphabeta_12");
    let vk = snarkjs::read_verifying_key(&v.to_string()).unwrap();
    assert_eq!(vk, snarkjs::read_verifying_key(VK).unwrap());
}

// ----- tradeproof → snarkjs JSON → tradeproof -----

struct Fixture {
    vk: VerifyingKey,
    statement: Statement,
    proof: Proof,
}

/// A value-range proof (the smallest claim circuit) with seeded keys: tests only.
fn fixture() -> &'static Fixture {
    static F: OnceLock<Fixture> = OnceLock::new();
    F.get_or_init(|| {
        let w = common::world(1, 0, &[], 9);
        let (pk, vk) = keys::setup_from_seed(ClaimKind::ValueRange, [21; 32]).unwrap();
        let (statement, proof) = Prover::new([pk])
            .unwrap()
            .prove(w.value_range_witness(0).unwrap())
            .unwrap();
        Fixture {
            vk,
            statement,
            proof,
        }
    })
}

#[test]
fn tradeproof_export_reimports_and_verifies() {
    let f = fixture();
    let vk_json = snarkjs::export_verifying_key(&f.vk);
    let proof_json = snarkjs::export_proof(&f.proof);
    let public_json = snarkjs::export_public(&f.statement);

    // The exported files are what snarkjs expects.
    let v: Value = serde_json::from_str(&vk_json).unwrap();
    assert_eq!(v["protocol"], "groth16");
    assert_eq!(v["curve"], "bn128");
    assert_eq!(v["nPublic"], ClaimKind::ValueRange.num_inputs());
    assert_eq!(
        v["IC"].as_array().unwrap().len(),
        ClaimKind::ValueRange.num_inputs() + 1
    );
    let beta = f.vk.as_ark().beta_g2.xy().unwrap();
    assert_eq!(v["vk_beta_2"][0][0], beta.0.c0.into_bigint().to_string());
    assert_eq!(v["vk_beta_2"][0][1], beta.0.c1.into_bigint().to_string());
    assert_eq!(v["vk_beta_2"][2], json!(["1", "0"]));
    let p: Value = serde_json::from_str(&proof_json).unwrap();
    assert_eq!(p["pi_a"][2], "1");
    let public: Value = serde_json::from_str(&public_json).unwrap();
    assert_eq!(public.as_array().unwrap().len(), f.statement.inputs().len());

    // Generic snarkjs verification with arkworks.
    assert!(snarkjs::verify_json(&vk_json, &proof_json, &public_json).unwrap());

    // Typed re-import gives back the same objects, and tradeproof's verifier accepts them.
    let vk = snarkjs::import_verifying_key(&vk_json, ClaimKind::ValueRange).unwrap();
    assert_eq!(vk, f.vk);
    assert_eq!(vk.fingerprint(), f.vk.fingerprint());
    let proof = snarkjs::import_proof(&proof_json, vk.circuit_id()).unwrap();
    assert_eq!(proof, f.proof);
    let statement =
        snarkjs::import_statement(&public_json, vk.circuit_id(), ClaimKind::ValueRange).unwrap();
    assert_eq!(statement, f.statement);
    Verifier::new([vk])
        .verify(&statement, &proof, &statement.context())
        .unwrap();

    // The key does not fit another kind's input count.
    assert!(matches!(
        snarkjs::import_verifying_key(&vk_json, ClaimKind::CustomsClearance),
        Err(Error::PublicInputCount { .. })
    ));
}

#[test]
fn exported_proof_fails_with_any_public_input_changed() {
    let f = fixture();
    let vk_json = snarkjs::export_verifying_key(&f.vk);
    let proof_json = snarkjs::export_proof(&f.proof);
    for i in 0..f.statement.inputs().len() {
        let mut inputs = f.statement.inputs().to_vec();
        inputs[i] += Fr::one();
        let public_json = serde_json::to_string(&snarkjs::public_signals(&inputs)).unwrap();
        assert!(
            !snarkjs::verify_json(&vk_json, &proof_json, &public_json).unwrap(),
            "input {i} changed and the proof still verified"
        );
    }
}

// ----- strict import: every malformed input is an error -----

fn vk_with(f: impl FnOnce(&mut Value)) -> Result<ark_groth16::VerifyingKey<Bn254>, Error> {
    let mut v: Value = serde_json::from_str(VK).unwrap();
    f(&mut v);
    snarkjs::read_verifying_key(&v.to_string())
}

fn proof_with(f: impl FnOnce(&mut Value)) -> Result<ark_groth16::Proof<Bn254>, Error> {
    let mut v: Value = serde_json::from_str(PROOF).unwrap();
    f(&mut v);
    snarkjs::read_proof(&v.to_string())
}

fn decode_err<T: std::fmt::Debug>(r: Result<T, Error>) -> DecodeError {
    match r {
        Err(Error::Decode(e)) => e,
        other => panic!("expected a decode error, got {other:?}"),
    }
}

fn add_one_decimal(s: &Value) -> Value {
    let x = snarkjs::parse_fq(s.as_str().unwrap()).unwrap() + Fq::one();
    Value::String(x.into_bigint().to_string())
}

/// A point on the G2 curve outside the prime-order subgroup, in snarkjs JSON.
fn g2_outside_subgroup() -> Value {
    for i in 1u64.. {
        let x = Fq2::new(Fq::from(i), Fq::from(0u64));
        if let Some(p) = G2Affine::get_point_from_x_unchecked(x, true) {
            if !p.is_in_correct_subgroup_assuming_on_curve() {
                let (x, y) = p.xy().unwrap();
                return json!([
                    [
                        x.c0.into_bigint().to_string(),
                        x.c1.into_bigint().to_string()
                    ],
                    [
                        y.c0.into_bigint().to_string(),
                        y.c1.into_bigint().to_string()
                    ],
                    ["1", "0"]
                ]);
            }
        }
    }
    unreachable!()
}

#[test]
fn bad_decimals_are_rejected() {
    for bad in [
        json!("01"),
        json!("-1"),
        json!("+1"),
        json!("0x11"),
        json!("1.5"),
        json!("1e3"),
        json!(""),
        json!(" 1"),
        json!(12),
        json!(null),
    ] {
        let b = bad.clone();
        assert!(
            vk_with(|v| v["vk_alpha_1"][0] = b).is_err(),
            "vk_alpha_1.x = {bad}"
        );
        let b = bad.clone();
        assert!(
            proof_with(|v| v["pi_b"][1][1] = b).is_err(),
            "pi_b.y.c1 = {bad}"
        );
        let public = Value::Array(vec![bad.clone()]).to_string();
        assert!(
            snarkjs::read_public_signals(&public).is_err(),
            "public {bad}"
        );
    }
    assert!(matches!(
        decode_err(vk_with(|v| v["vk_alpha_1"][0] = json!("0123"))),
        DecodeError::Invalid { .. }
    ));
    // An over-long decimal does not slow anything down or echo itself whole.
    let long = "7".repeat(100_000);
    let e = decode_err(proof_with(|v| v["pi_a"][0] = json!(long)));
    assert!(e.to_string().len() < 200, "{e}");
}

#[test]
fn values_not_below_the_modulus_are_rejected() {
    // A coordinate equal to q, and q plus the original value (same residue, non-canonical).
    assert_eq!(
        decode_err(vk_with(|v| v["vk_alpha_1"][1] = json!(Q))),
        DecodeError::NonCanonicalField("vk_alpha_1")
    );
    let x: Fq = snarkjs::parse_fq(
        serde_json::from_str::<Value>(PROOF).unwrap()["pi_a"][0]
            .as_str()
            .unwrap(),
    )
    .unwrap();
    let mut big = x.into_bigint();
    big.add_with_carry(&Fq::MODULUS);
    assert!(matches!(
        decode_err(proof_with(|v| v["pi_a"][0] = json!(big.to_string()))),
        DecodeError::NonCanonicalField("pi_a")
    ));
    assert!(matches!(
        decode_err(proof_with(|v| v["pi_b"][0][1] = json!(Q))),
        DecodeError::NonCanonicalField("pi_b")
    ));
    // Public signals must be below r (r itself, and r + 33 standing for 33).
    assert!(matches!(
        snarkjs::read_public_signals(&json!([R]).to_string()),
        Err(Error::Decode(DecodeError::NonCanonicalField(
            "public signal"
        )))
    ));
    let r_plus_33 = {
        let mut b = Fr::MODULUS;
        b.add_with_carry(&Fr::from(33u64).into_bigint());
        b.to_string()
    };
    assert!(snarkjs::read_public_signals(&json!([r_plus_33]).to_string()).is_err());
    // Values in [r, q) are fine as coordinates: only q bounds them.
    assert!(snarkjs::parse_fq(R).is_ok());
}

#[test]
fn points_off_the_curve_or_outside_the_subgroup_are_rejected() {
    assert_eq!(
        decode_err(vk_with(
            |v| v["vk_alpha_1"][1] = add_one_decimal(&v["vk_alpha_1"][1])
        )),
        DecodeError::NotOnCurve("vk_alpha_1")
    );
    assert_eq!(
        decode_err(vk_with(|v| v["IC"][1][0] = add_one_decimal(&v["IC"][1][0]))),
        DecodeError::NotOnCurve("IC point")
    );
    assert_eq!(
        decode_err(vk_with(
            |v| v["vk_delta_2"][0][1] = add_one_decimal(&v["vk_delta_2"][0][1])
        )),
        DecodeError::NotOnCurve("vk_delta_2")
    );
    assert_eq!(
        decode_err(proof_with(|v| v["pi_c"][0] = add_one_decimal(&v["pi_c"][0]))),
        DecodeError::NotOnCurve("pi_c")
    );
    assert_eq!(
        decode_err(proof_with(
            |v| v["pi_b"][1][0] = add_one_decimal(&v["pi_b"][1][0])
        )),
        DecodeError::NotOnCurve("pi_b")
    );
    // On the curve, wrong subgroup: the cofactor of G2 matters for keys and proofs alike.
    let outside = g2_outside_subgroup();
    let o = outside.clone();
    assert_eq!(
        decode_err(proof_with(|v| v["pi_b"] = o)),
        DecodeError::NotInSubgroup("pi_b")
    );
    let o = outside.clone();
    assert_eq!(
        decode_err(vk_with(|v| v["vk_gamma_2"] = o)),
        DecodeError::NotInSubgroup("vk_gamma_2")
    );
    // (0, 0) is how arkworks and the EVM write the identity: refused as such.
    assert_eq!(
        decode_err(proof_with(|v| v["pi_a"] = json!(["0", "0", "1"]))),
        DecodeError::Identity("pi_a")
    );
    assert_eq!(
        decode_err(proof_with(
            |v| v["pi_b"] = json!([["0", "0"], ["0", "0"], ["1", "0"]])
        )),
        DecodeError::Identity("pi_b")
    );
}

#[test]
fn z_must_be_one_and_infinity_is_refused() {
    for z in ["0", "2", "01", ""] {
        assert!(
            vk_with(|v| v["vk_alpha_1"][2] = json!(z)).is_err(),
            "z = {z:?}"
        );
        assert!(
            proof_with(|v| v["pi_c"][2] = json!(z)).is_err(),
            "z = {z:?}"
        );
    }
    for z in [
        json!(["1", "1"]),
        json!(["0", "0"]),
        json!(["0", "1"]),
        json!(["2", "0"]),
    ] {
        let zz = z.clone();
        assert!(proof_with(|v| v["pi_b"][2] = zz).is_err(), "z = {z}");
        let zz = z.clone();
        assert!(vk_with(|v| v["vk_beta_2"][2] = zz).is_err(), "z = {z}");
    }
    // The snarkjs infinity encodings are recognised and refused everywhere in keys and proofs.
    let g1_inf = json!(["0", "1", "0"]);
    let g2_inf = json!([["0", "0"], ["1", "0"], ["0", "0"]]);
    let i = g1_inf.clone();
    assert_eq!(
        decode_err(proof_with(|v| v["pi_a"] = i)),
        DecodeError::Identity("pi_a")
    );
    let i = g2_inf.clone();
    assert_eq!(
        decode_err(proof_with(|v| v["pi_b"] = i)),
        DecodeError::Identity("pi_b")
    );
    let i = g1_inf.clone();
    assert_eq!(
        decode_err(vk_with(|v| v["IC"][0] = i)),
        DecodeError::Identity("IC point")
    );
    let i = g2_inf.clone();
    assert_eq!(
        decode_err(vk_with(|v| v["vk_beta_2"] = i)),
        DecodeError::Identity("vk_beta_2")
    );
}

#[test]
fn wrong_lengths_are_rejected() {
    // IC and nPublic disagree.
    assert!(matches!(
        decode_err(vk_with(|v| v["nPublic"] = json!(2))),
        DecodeError::Invalid { what: "IC", .. }
    ));
    let extra = serde_json::from_str::<Value>(VK).unwrap()["IC"][1].clone();
    assert!(vk_with(|v| v["IC"].as_array_mut().unwrap().push(extra)).is_err());
    assert!(vk_with(|v| v["IC"] = json!([])).is_err());
    assert!(vk_with(|v| v["nPublic"] = json!(-1)).is_err());
    assert!(vk_with(|v| v["nPublic"] = json!(1.0)).is_err());
    assert!(vk_with(|v| v["nPublic"] = json!("1")).is_err());
    // A declared nPublic is bounded before anything is sized from it.
    assert!(matches!(
        decode_err(vk_with(|v| v["nPublic"] = json!(u64::MAX))),
        DecodeError::LengthTooLarge {
            what: "nPublic",
            ..
        }
    ));
    // Points with the wrong number of coordinates.
    assert!(vk_with(|v| {
        v["vk_alpha_1"].as_array_mut().unwrap().pop();
    })
    .is_err());
    assert!(proof_with(|v| v["pi_a"].as_array_mut().unwrap().push(json!("1"))).is_err());
    assert!(proof_with(|v| v["pi_b"][0].as_array_mut().unwrap().push(json!("0"))).is_err());
    assert!(proof_with(|v| v["pi_b"].as_array_mut().unwrap().truncate(2)).is_err());
    assert!(vk_with(|v| v["vk_alphabeta_12"][1].as_array_mut().unwrap().truncate(2)).is_err());
    // Too many IC points or public signals are refused while parsing.
    let ic = serde_json::from_str::<Value>(VK).unwrap()["IC"][1].clone();
    assert!(matches!(
        decode_err(vk_with(
            |v| v["IC"] = Value::Array(vec![ic; snarkjs::MAX_PUBLIC_SIGNALS + 2])
        )),
        DecodeError::Json(_)
    ));
    let many = Value::Array(vec![json!("1"); snarkjs::MAX_PUBLIC_SIGNALS + 1]).to_string();
    assert!(matches!(
        decode_err(snarkjs::read_public_signals(&many)),
        DecodeError::Json(_)
    ));
    // Text longer than the limit is refused before parsing.
    let huge = format!("[{}\"1\"]", " ".repeat(snarkjs::MAX_JSON_BYTES));
    assert!(matches!(
        decode_err(snarkjs::read_public_signals(&huge)),
        DecodeError::LengthTooLarge { .. }
    ));
    // public.json must have nPublic signals.
    let vk = snarkjs::read_verifying_key(VK).unwrap();
    let proof = snarkjs::read_proof(PROOF).unwrap();
    for public in [vec![], vec![Fr::from(33u64), Fr::from(1u64)]] {
        assert!(matches!(
            snarkjs::verify(&vk, &proof, &public),
            Err(Error::PublicInputCount { expected: 1, .. })
        ));
    }
    assert!(snarkjs::verify_json(VK, PROOF, "[]").is_err());
    assert!(snarkjs::verify_json(VK, PROOF, r#"["33", "1"]"#).is_err());
    assert!(snarkjs::read_public_signals(r#"{"0": "33"}"#).is_err());
}

#[test]
fn headers_and_fields_are_checked() {
    assert!(vk_with(|v| v["protocol"] = json!("plonk")).is_err());
    assert!(vk_with(|v| v["curve"] = json!("bls12381")).is_err());
    assert!(proof_with(|v| v["protocol"] = json!("fflonk")).is_err());
    assert!(proof_with(|v| v["curve"] = json!("BN128")).is_err());
    assert!(vk_with(|v| drop(v.as_object_mut().unwrap().remove("protocol"))).is_err());
    assert!(proof_with(|v| drop(v.as_object_mut().unwrap().remove("curve"))).is_err());
    assert!(vk_with(|v| drop(v.as_object_mut().unwrap().remove("IC"))).is_err());
    // Unknown fields are rejected consistently.
    assert!(matches!(
        decode_err(vk_with(|v| v["comment"] = json!("hi"))),
        DecodeError::Json(_)
    ));
    assert!(matches!(
        decode_err(proof_with(|v| v["publicSignals"] = json!(["33"]))),
        DecodeError::Json(_)
    ));
    // Duplicate fields.
    let dup = PROOF.replacen("\"protocol\"", "\"curve\": \"bn128\",\n \"protocol\"", 1);
    assert!(snarkjs::read_proof(&dup).is_err());
    // A wrong vk_alphabeta_12 (here: e(alpha, beta)^2 would be the product; just perturb one value).
    assert!(matches!(
        decode_err(vk_with(
            |v| v["vk_alphabeta_12"][0][0][0] = add_one_decimal(&v["vk_alphabeta_12"][0][0][0])
        )),
        DecodeError::Invalid {
            what: "vk_alphabeta_12",
            ..
        }
    ));
    // Not JSON at all.
    for junk in ["", "{", "null", "[]", "\u{feff}{}", "{\"pi_a\": }"] {
        assert!(snarkjs::read_proof(junk).is_err(), "{junk:?}");
        assert!(snarkjs::read_verifying_key(junk).is_err(), "{junk:?}");
    }
}

#[test]
fn a_valid_point_in_the_wrong_place_does_not_verify() {
    // Well-formed but wrong proofs are Ok(false), not errors: negate A.
    let vk = snarkjs::read_verifying_key(VK).unwrap();
    let mut proof = snarkjs::read_proof(PROOF).unwrap();
    proof.a = -proof.a;
    assert!(!snarkjs::verify(&vk, &proof, &[Fr::from(33u64)]).unwrap());
    let g = G1Affine::generator();
    proof.a = g;
    assert!(!snarkjs::verify(&vk, &proof, &[Fr::from(33u64)]).unwrap());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// Arbitrary byte edits of the vectors never panic: they parse or they are refused.
    #[test]
    fn mutated_json_never_panics(pos in 0usize..4096, byte in any::<u8>(), which in 0u8..3) {
        let text = match which { 0 => VK, 1 => PROOF, _ => PUBLIC };
        let mut bytes = text.as_bytes().to_vec();
        let i = pos % bytes.len();
        bytes[i] = byte;
        if let Ok(s) = std::str::from_utf8(&bytes) {
            let _ = snarkjs::verify_json(
                if which == 0 { s } else { VK },
                if which == 1 { s } else { PROOF },
                if which == 2 { s } else { PUBLIC },
            );
        }
    }
}

// ----- Solidity -----

#[test]
fn solidity_contract_embeds_the_key_in_evm_order() {
    let f = fixture();
    let sol = solidity::verifier_contract(&f.vk);
    assert!(sol.contains("contract ValueRangeVerifier {"));
    let n = ClaimKind::ValueRange.num_inputs();
    assert!(sol.contains(&format!("uint256 public constant NUM_INPUTS = {n};")));
    assert!(sol.contains(&format!("uint256[{n}] calldata input")));
    assert!(sol.contains(&tradeproof::encoding::to_hex(&f.vk.fingerprint())));
    let vk = f.vk.as_ark();
    // -beta's x is beta's x; its y is negated.
    let (bx, by) = vk.beta_g2.xy().unwrap();
    let dec = |x: &Fq| x.into_bigint().to_string();
    let has = |name: &str, x: &Fq| sol.contains(&format!("{name} =\n        {};", dec(x)));
    assert!(has("NEG_BETA_X1", &bx.c1));
    assert!(has("NEG_BETA_X0", &bx.c0));
    assert!(has("NEG_BETA_Y1", &(-by).c1));
    assert!(has("NEG_BETA_Y0", &(-by).c0));
    for (i, p) in vk.gamma_abc_g1.iter().enumerate() {
        let (x, y) = p.xy().unwrap();
        assert!(
            has(&format!("IC{i}_X"), &x) && has(&format!("IC{i}_Y"), &y),
            "IC{i}"
        );
    }
    assert!(!sol.contains(&format!("IC{}_X", n + 1)));
    // One mulAccumulate line per input.
    assert_eq!(sol.matches("!mulAccumulate(l, IC").count(), n);
}

#[test]
fn solidity_calldata_and_arguments_agree() {
    let f = fixture();
    let data = solidity::calldata(&f.statement, &f.proof).unwrap();
    let n = f.statement.inputs().len();
    assert_eq!(data.len(), 4 + 32 * (8 + n));
    assert_eq!(data[..4], solidity::selector(n));
    let args = solidity::arguments_json(&f.statement, &f.proof).unwrap();
    // Flatten the JSON arguments and compare each word with the calldata.
    let mut words = Vec::new();
    fn flatten(v: &Value, out: &mut Vec<String>) {
        match v {
            Value::Array(a) => a.iter().for_each(|x| flatten(x, out)),
            Value::String(s) => out.push(s.clone()),
            other => panic!("unexpected {other}"),
        }
    }
    flatten(&args, &mut words);
    assert_eq!(words.len(), 8 + n);
    for (i, w) in words.iter().enumerate() {
        let x = snarkjs::parse_fq(w).unwrap().into_bigint().to_bytes_be();
        assert_eq!(data[4 + 32 * i..4 + 32 * (i + 1)], x[..], "word {i}");
    }
    // G2 in EVM order: b = [[x.c1, x.c0], [y.c1, y.c0]].
    let (bx, by) = f.proof.to_ark().b.xy().unwrap();
    assert_eq!(args[1][0][0], bx.c1.into_bigint().to_string());
    assert_eq!(args[1][0][1], bx.c0.into_bigint().to_string());
    assert_eq!(args[1][1][0], by.c1.into_bigint().to_string());
    assert_eq!(
        args[3],
        json!(snarkjs::public_signals(f.statement.inputs()))
    );
    let hex = solidity::calldata_hex(&f.statement, &f.proof).unwrap();
    assert_eq!(hex, format!("0x{}", tradeproof::encoding::to_hex(&data)));
    // A proof for another circuit is refused.
    let other = Statement::from_inputs(
        tradeproof::keys::circuit_id(ClaimKind::OriginMatch).unwrap(),
        ClaimKind::OriginMatch,
        vec![Fr::from(1u64); 3],
    )
    .unwrap();
    assert!(matches!(
        solidity::calldata(&other, &f.proof),
        Err(Error::CircuitMismatch { .. })
    ));
}

#[test]
fn solidity_contract_for_a_snarkjs_key() {
    let vk = snarkjs::read_verifying_key(VK).unwrap();
    let sol = solidity::ark_verifier_contract(&vk, "MulVerifier").unwrap();
    assert!(sol.contains("contract MulVerifier {"));
    assert!(sol.contains("uint256[1] calldata input"));
    let proof = snarkjs::read_proof(PROOF).unwrap();
    let data = solidity::ark_calldata(&proof, &[Fr::from(33u64)]);
    assert_eq!(data.len(), 4 + 32 * 9);
    assert_eq!(data[data.len() - 1], 33);
}

#[test]
fn snarkjs_json_arrays_are_not_objects() {
    // serde's derived readers take a sequence of the fields in order; snarkjs objects must be objects.
    fn as_array(json: &str) -> String {
        let v: Value = serde_json::from_str(json).unwrap();
        Value::Array(v.as_object().unwrap().values().cloned().collect()).to_string()
    }
    assert!(serde_json::from_str::<ProofJson>(PROOF).is_ok());
    assert!(serde_json::from_str::<ProofJson>(&as_array(PROOF)).is_err());
    assert!(serde_json::from_str::<VerificationKeyJson>(VK).is_ok());
    assert!(serde_json::from_str::<VerificationKeyJson>(&as_array(VK)).is_err());
}
