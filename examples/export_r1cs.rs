//! Writes a claim circuit as a circom `.r1cs` file, for `snarkjs r1cs info` and `snarkjs groth16 setup`
//! (the start of a multi-party ceremony), and the matrices as `snarkjs r1cs export json` prints them, so
//! a script can compare the two:
//!
//! ```text
//! cargo run --release --example export_r1cs -- OUT_DIR [--claim value_range]
//! snarkjs r1cs info OUT_DIR/value_range.r1cs
//! ```
//!
//! Writes `OUT_DIR/<claim>.r1cs` and `OUT_DIR/<claim>.expected.json`.
use std::process::ExitCode;
use tradeproof::prelude::*;
use tradeproof::wire::r1cs::export_r1cs;

const USAGE: &str = "usage: export_r1cs OUT_DIR [--claim KIND]   (KIND: a fixed claim kind's name)";

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("export_r1cs: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let out = std::path::PathBuf::from(args.next().ok_or(USAGE)?);
    let kind = match (args.next(), args.next()) {
        (None, _) => ClaimKind::ValueRange,
        (Some(flag), Some(name)) if flag == "--claim" => ClaimKind::FIXED
            .into_iter()
            .find(|k| k.name() == name)
            .ok_or(USAGE)?,
        _ => return Err(USAGE.into()),
    };
    std::fs::create_dir_all(&out)?;
    let bytes = export_r1cs(kind)?;
    let path = out.join(format!("{}.r1cs", kind.name()));
    std::fs::write(&path, &bytes)?;
    println!("wrote {} ({} bytes)", path.display(), bytes.len());
    // The same constraints read back from the file, as snarkjs's JSON export lays them out.
    let json = expected_json(&bytes)?;
    let path = out.join(format!("{}.expected.json", kind.name()));
    std::fs::write(&path, json.to_string())?;
    println!(
        "wrote {} ({} wires, {} public inputs, {} constraints)",
        path.display(),
        json["nVars"],
        json["nPubInputs"],
        json["nConstraints"]
    );
    // snarkjs's domain: constraints plus one row per public input and the constant one.
    let rows =
        json["nConstraints"].as_u64().unwrap_or(0) + json["nPubInputs"].as_u64().unwrap_or(0) + 1;
    println!("ptau power: {}", rows.next_power_of_two().trailing_zeros());
    Ok(())
}

/// Parses the `.r1cs` bytes into `{nVars, nPubInputs, nConstraints, constraints: [[A, B, C], …]}` with
/// each linear combination `{"wire": "decimal coefficient"}`.
fn expected_json(b: &[u8]) -> Result<serde_json::Value, Box<dyn std::error::Error>> {
    let u32_at = |at: usize| -> Result<u32, Box<dyn std::error::Error>> {
        Ok(u32::from_le_bytes(
            b.get(at..at + 4).ok_or("short")?.try_into()?,
        ))
    };
    let h = 24;
    let (n_vars, n_pub, n_constraints) = (u32_at(h + 36)?, u32_at(h + 44)?, u32_at(h + 60)?);
    let mut at = 100;
    let mut constraints = Vec::new();
    for _ in 0..n_constraints {
        let mut lcs = Vec::new();
        for _ in 0..3 {
            let n = u32_at(at)?;
            at += 4;
            let mut lc = serde_json::Map::new();
            for _ in 0..n {
                let wire = u32_at(at)?;
                let coeff =
                    ark_bn254::Fr::from_le_bytes_mod_order(b.get(at + 4..at + 36).ok_or("short")?);
                lc.insert(wire.to_string(), coeff.to_string().into());
                at += 36;
            }
            lcs.push(serde_json::Value::Object(lc));
        }
        constraints.push(serde_json::Value::Array(lcs));
    }
    Ok(serde_json::json!({
        "nVars": n_vars,
        "nPubInputs": n_pub,
        "nConstraints": n_constraints,
        "constraints": constraints,
    }))
}

use ark_ff::PrimeField;
