//! Proves a customs-clearance claim (or, with `--claim sensor_range`, a sensor-range claim over a
//! reefer thermometer's batch of readings; `--claim selective_disclosure`, a declaration's destination
//! and HS code revealed; `--claim escrow`, a grant of a declaration to the customs authority) and writes it in snarkjs's formats, so that snarkjs (or any
//! tool that reads them) can verify a tradeproof proof:
//!
//! ```text
//! cargo run --release --example export_snarkjs -- OUT_DIR [--claim sensor_range]
//! snarkjs groth16 verify OUT_DIR/verification_key.json OUT_DIR/public.json OUT_DIR/proof.json
//! ```
//!
//! Writes `verification_key.json`, `proof.json` and `public.json` (the statement's public inputs; for
//! customs clearance the eight of declaration and certificate digests, context, band, currency,
//! registry and revocation roots).
//!
//! **The keys are generated from a fixed seed: anyone who knows the seed can forge proofs with them.
//! They are for this demo only**; a deployment uses keys from a ceremony (see `tradeproof::keys`).
use tradeproof_support as common;

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;
use tradeproof::prelude::*;
use tradeproof::wire::snarkjs;

/// Seed of the demo keys (public, hence forgeable keys: demo only).
const KEY_SEED: [u8; 32] = *b"tradeproof snarkjs export demo!!";
/// Seed of the synthetic trade data.
const WORLD_SEED: u64 = 2026;

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("export_snarkjs: {e}");
            ExitCode::FAILURE
        }
    }
}

const USAGE: &str =
    "usage: export_snarkjs OUT_DIR [--claim customs_clearance|sensor_range|selective_disclosure|escrow]";

fn run() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args_os().skip(1);
    let out = args.next().map(PathBuf::from).ok_or(USAGE)?;
    let kind = match (args.next(), args.next()) {
        (None, _) => ClaimKind::CustomsClearance,
        (Some(flag), Some(name)) if flag == "--claim" => match name.to_str() {
            Some("customs_clearance") => ClaimKind::CustomsClearance,
            Some("sensor_range") => ClaimKind::SensorRange,
            Some("selective_disclosure") => ClaimKind::SelectiveDisclosure,
            Some("escrow") => ClaimKind::Escrow,
            _ => return Err(USAGE.into()),
        },
        _ => return Err(USAGE.into()),
    };
    std::fs::create_dir_all(&out)?;

    let started = Instant::now();
    let (pk, vk) = tradeproof::keys::setup_from_seed(kind, KEY_SEED)?;
    println!(
        "keys for {} (seeded, demo only) in {:.1?}",
        vk.kind().name(),
        started.elapsed()
    );

    let context = common::World::context(0);
    let (witness, claim) = if kind == ClaimKind::SensorRange {
        // One batch of a reefer thermometer's readings for a sealed bill of lading.
        let cold = common::cold_chain::cold_chain(WORLD_SEED);
        let readings = common::cold_chain::voyage(1, WORLD_SEED);
        let claim = common::cold_chain::tiling_claims(&cold, &readings, 90).remove(0);
        let batch = cold.batch(
            common::cold_chain::THERMOMETER,
            0,
            readings.into_iter().next().ok_or("no readings")?,
        );
        (
            cold.witness(batch, &claim, &context)?,
            Claim::SensorRange(claim),
        )
    } else {
        // One exporter shipment: declaration, signed certificate of origin, nothing revoked.
        let world = common::world(1, 0, &[], WORLD_SEED);
        let s = &world.shipments[0];
        let opening = || s.declaration.opening(&s.declaration_key);
        match kind {
            ClaimKind::SelectiveDisclosure => {
                // The declaration's destination and HS code, the rest hidden.
                let w = Witness::selective_disclosure(
                    opening()?,
                    &context,
                    DocType::CustomsDeclaration,
                    &[layout::DESTINATION, layout::HS_CODE],
                )?;
                let claim = w.claim()?;
                (w, claim)
            }
            ClaimKind::Escrow => {
                // A grant of the declaration to the customs authority's key.
                let customs = tradeproof::grant::SecretKey::from_seed(&[0xC5; 32]).public_key();
                let (grant, e) = tradeproof::grant::Grant::issue_escrowed(
                    &s.declaration,
                    &s.declaration_key,
                    &customs,
                )?;
                let w = Witness::escrow(opening()?, &context, &grant, e)?;
                let claim = w.claim()?;
                (w, claim)
            }
            _ => (world.customs_witness(0)?, world.customs_claim(0)),
        }
    };
    let started = Instant::now();
    let (statement, proof) = Prover::new([pk])?.prove(witness)?;
    println!("proved {} in {:.1?}", kind.name(), started.elapsed());

    // The verifier builds the statement it expects and checks the proof before anything is exported.
    let expected = Statement::new(vk.circuit_id(), &context, &claim)?;
    if expected != statement {
        return Err("the prover's statement is not the claim the verifier expects".into());
    }
    Verifier::new([vk.clone()]).verify(&expected, &proof, &context)?;

    write(
        &out,
        "verification_key.json",
        &snarkjs::export_verifying_key(&vk),
    )?;
    write(&out, "proof.json", &snarkjs::export_proof(&proof))?;
    write(&out, "public.json", &snarkjs::export_public(&statement))?;

    // Read back strictly and verify the exported files as snarkjs would.
    let text = |name: &str| std::fs::read_to_string(out.join(name));
    if !snarkjs::verify_json(
        &text("verification_key.json")?,
        &text("proof.json")?,
        &text("public.json")?,
    )? {
        return Err("the exported proof does not verify after re-import".into());
    }
    println!(
        "circuit {} · key fingerprint {} · {} public inputs",
        vk.circuit_id(),
        tradeproof::encoding::to_hex(&vk.fingerprint()[..8]),
        statement.inputs().len()
    );
    println!(
        "check with: snarkjs groth16 verify {0}/verification_key.json {0}/public.json {0}/proof.json",
        out.display()
    );
    Ok(())
}

fn write(dir: &Path, name: &str, json: &str) -> std::io::Result<()> {
    let path = dir.join(name);
    std::fs::write(&path, format!("{json}\n"))?;
    println!("wrote {} ({} bytes)", path.display(), json.len() + 1);
    Ok(())
}
