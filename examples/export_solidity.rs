//! Writes a Solidity verifier contract and the calldata of a proof, from snarkjs-format files:
//!
//! ```text
//! cargo run --release --example export_snarkjs  -- DIR   # verification_key.json, proof.json, public.json
//! cargo run --release --example export_solidity -- DIR   # Verifier.sol, calldata.hex, arguments.json
//! cargo run --release --example export_solidity -- DIR --name MulVerifier   # any snarkjs Groth16 key
//! ```
//!
//! Without `--name`, the files must be a tradeproof customs-clearance key, proof and statement (as
//! `export_snarkjs` writes them): they are imported strictly as tradeproof types and the contract is
//! named after the claim kind, with the circuit id and key fingerprint in its header. With `--name`,
//! any snarkjs Groth16/BN254 key is accepted (e.g. one made by `snarkjs zkey export verificationkey`)
//! and the contract gets that name. Either way the proof must verify before anything is written.
//!
//! Outputs, in `DIR`:
//! - `Verifier.sol`: the contract (`verifyProof(uint256[2] a, uint256[2][2] b, uint256[2] c,
//!   uint256[N] input) returns (bool)`);
//! - `calldata.hex`: the ABI-encoded call, `0x`-prefixed;
//! - `arguments.json`: `[a, b, c, input]` as decimal strings, G2 in EVM order.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use tradeproof::prelude::*;
use tradeproof::wire::{snarkjs, solidity};

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("export_solidity: {e}");
            ExitCode::FAILURE
        }
    }
}

const USAGE: &str = "usage: export_solidity DIR [--name CONTRACT_NAME]";

fn run() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args_os().skip(1);
    let dir = args.next().map(PathBuf::from).ok_or(USAGE)?;
    let name = match (args.next(), args.next()) {
        (None, _) => None,
        (Some(flag), Some(name)) if flag == "--name" => {
            Some(name.into_string().map_err(|_| USAGE)?)
        }
        _ => return Err(USAGE.into()),
    };
    if args.next().is_some() {
        return Err(USAGE.into());
    }
    let read = |file: &str| -> std::io::Result<String> {
        std::fs::read_to_string(dir.join(file)).map_err(|e| {
            std::io::Error::new(e.kind(), format!("{}: {e}", dir.join(file).display()))
        })
    };
    let (vk_json, proof_json, public_json) = (
        read("verification_key.json")?,
        read("proof.json")?,
        read("public.json")?,
    );

    let (contract, calldata, arguments, n) = match name {
        None => {
            // A tradeproof key, proof and statement, imported as such.
            let vk = snarkjs::import_verifying_key(&vk_json, ClaimKind::CustomsClearance)?;
            let proof = snarkjs::import_proof(&proof_json, vk.circuit_id())?;
            let statement = snarkjs::import_statement(&public_json, vk.circuit_id(), vk.kind())?;
            Verifier::new([vk.clone()]).verify(&statement, &proof, &statement.context())?;
            println!(
                "{} proof verifies (circuit {}, key fingerprint {})",
                vk.kind().name(),
                vk.circuit_id(),
                tradeproof::encoding::to_hex(&vk.fingerprint()[..8])
            );
            (
                solidity::verifier_contract(&vk),
                solidity::calldata(&statement, &proof)?,
                solidity::arguments_json(&statement, &proof)?,
                statement.inputs().len(),
            )
        }
        Some(name) => {
            // Any snarkjs Groth16 key.
            let vk = snarkjs::read_verifying_key(&vk_json)?;
            let proof = snarkjs::read_proof(&proof_json)?;
            let public = snarkjs::read_public_signals(&public_json)?;
            if !snarkjs::verify(&vk, &proof, &public)? {
                return Err("the proof does not verify for these public signals".into());
            }
            println!("snarkjs proof verifies ({} public signals)", public.len());
            (
                solidity::ark_verifier_contract(&vk, &name)?,
                solidity::ark_calldata(&proof, &public),
                solidity::ark_arguments_json(&proof, &public),
                public.len(),
            )
        }
    };

    write(&dir, "Verifier.sol", &contract)?;
    write(
        &dir,
        "calldata.hex",
        &format!("0x{}\n", tradeproof::encoding::to_hex(&calldata)),
    )?;
    write(&dir, "arguments.json", &format!("{arguments:#}\n"))?;
    println!(
        "call {} (selector 0x{}), {} bytes of calldata",
        solidity::function_signature(n),
        tradeproof::encoding::to_hex(&solidity::selector(n)),
        calldata.len()
    );
    Ok(())
}

fn write(dir: &Path, name: &str, content: &str) -> std::io::Result<()> {
    let path = dir.join(name);
    std::fs::write(&path, content)?;
    println!("wrote {} ({} bytes)", path.display(), content.len());
    Ok(())
}
