//! Keys from a snarkjs ceremony, used by tradeproof both ways: the key of a `.zkey` made by
//! `snarkjs groth16 setup` (on tradeproof's `.r1cs`) and a phase-2 ceremony is imported after checking
//! it was set up for the claim's circuit; tradeproof's batched prover proves with it (snarkjs's QAP
//! reduction, a property of the imported key), and the proofs are written for `snarkjs groth16 verify`
//! and the Solidity verifier; a witness is written for `snarkjs groth16 prove`, and the proof snarkjs
//! makes is verified by tradeproof. `ceremony/run.sh` runs the whole ceremony around these steps.
//!
//! ```text
//! cargo run --release --example export_r1cs -- DIR                     # DIR/value_range.r1cs
//! snarkjs groth16 setup DIR/value_range.r1cs pot12.ptau DIR/k0.zkey    # then contributions, a beacon
//! cargo run --release --example ceremony -- prove DIR/final.zkey pot12.ptau DIR/tradeproof  # import, batch-prove, verify, export
//! cargo run --release --example ceremony -- witness DIR                # DIR/witness.wtns, DIR/expected_public.json
//! snarkjs groth16 prove DIR/final.zkey DIR/witness.wtns DIR/proof.json DIR/public.json
//! cargo run --release --example ceremony -- verify DIR/final.zkey pot12.ptau DIR   # import, verify, refuse the wrong ones
//! ```
use tradeproof_support as common;

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use tradeproof::prelude::*;
use tradeproof::wire::{r1cs, snarkjs, zkey};

const USAGE: &str =
    "usage: ceremony prove ZKEY PTAU OUT [--claim value_range|customs_clearance] | \
                     ceremony witness DIR | \
                     ceremony verify ZKEY PTAU DIR [--uncontributed ZKEY0]";

/// Claims in the batch `prove` makes.
const BATCH: usize = 16;

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("ceremony: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        ["prove", zkey, ptau, out] => prove(
            Path::new(zkey),
            Path::new(ptau),
            Path::new(out),
            ClaimKind::ValueRange,
        ),
        ["prove", zkey, ptau, out, "--claim", name] => prove(
            Path::new(zkey),
            Path::new(ptau),
            Path::new(out),
            match *name {
                "value_range" => ClaimKind::ValueRange,
                "customs_clearance" => ClaimKind::CustomsClearance,
                _ => return Err(USAGE.into()),
            },
        ),
        ["witness", dir] => witness(Path::new(dir)),
        ["verify", zkey, ptau, dir] => {
            verify(Path::new(zkey), Path::new(ptau), Path::new(dir), None)
        }
        ["verify", zkey, ptau, dir, "--uncontributed", zero] => verify(
            Path::new(zkey),
            Path::new(ptau),
            Path::new(dir),
            Some(PathBuf::from(zero)),
        ),
        _ => Err(USAGE.into()),
    }
}

/// The value-range claim the demo proves: the first shipment's declared value within the band.
fn demo_witness() -> tradeproof::Result<Witness> {
    common::world(1, 0, &[], 5).value_range_witness(0)
}

/// Imports the whole key (the verifying key checked against the phase-1 file), proves a batch of
/// `kind` claims with tradeproof's batched prover, verifies them as a batch, checks that a
/// tampered proof is singled out, and writes two of the proofs for snarkjs and the EVM
/// (`OUT/p0`, `OUT/p<BATCH-1>`: proof.json, public.json, and tradeproof's verification_key.json).
fn prove(
    zkey_path: &Path,
    ptau_path: &Path,
    out: &Path,
    kind: ClaimKind,
) -> Result<(), Box<dyn std::error::Error>> {
    let bytes = std::fs::read(zkey_path)?;
    let mut ptau = tradeproof::wire::ptau::Ptau::open(ptau_path)?;
    let (vk, _) =
        zkey::import_verifying_key_with_ptau(std::io::Cursor::new(&bytes), &mut ptau, kind)?;
    let started = std::time::Instant::now();
    let (pk, ceremony) = zkey::import_proving_key(&bytes, kind)?;
    if pk.verifying_key() != vk {
        return Err("the proving key's verifying key is not the checked one".into());
    }
    println!(
        "imported the ceremony's {} proving key ({:?} reduction, {} contributions, fingerprint {}) in {:.1?}",
        kind.name(),
        pk.reduction(),
        ceremony.contributions.len(),
        tradeproof::encoding::to_hex(&vk.fingerprint()),
        started.elapsed()
    );
    let world = common::world(BATCH, 0, &[], 5);
    let witnesses = (0..BATCH)
        .map(|i| match kind {
            ClaimKind::CustomsClearance => world.customs_witness(i),
            _ => world.value_range_witness(i),
        })
        .collect::<tradeproof::Result<Vec<_>>>()?;
    let prover = Prover::new([pk])?;
    let started = std::time::Instant::now();
    let proven = prover
        .prove_batch(witnesses, &BatchOptions::default())
        .into_iter()
        .collect::<tradeproof::Result<Vec<_>>>()?;
    println!(
        "tradeproof proved {BATCH} {} claims with the ceremony key in {:.1?}",
        kind.name(),
        started.elapsed()
    );
    let verifier = Verifier::new([vk.clone()]);
    let report = verifier.verify_batch(&proven, ContextRule::Any);
    if !report.all_valid() {
        return Err(format!("the batch did not verify: {:?}", report.invalid).into());
    }
    println!("the batch verifies in tradeproof ({} valid)", report.valid);
    // One proof swapped for another statement's: exactly that item is rejected.
    let mut tampered = proven.clone();
    tampered[3].1 = proven[4].1;
    let report = verifier.verify_batch(&tampered, ContextRule::Any);
    if report.invalid.iter().map(|r| r.index).collect::<Vec<_>>() != [3] {
        return Err(format!("tampered batch: {:?}", report.invalid).into());
    }
    println!("a proof moved to another statement is singled out (item 3)");
    for i in [0, BATCH - 1] {
        let dir = out.join(format!("p{i}"));
        std::fs::create_dir_all(&dir)?;
        let (statement, proof) = &proven[i];
        std::fs::write(dir.join("proof.json"), snarkjs::export_proof(proof))?;
        std::fs::write(dir.join("public.json"), snarkjs::export_public(statement))?;
        std::fs::write(
            dir.join("verification_key.json"),
            snarkjs::export_verifying_key(&vk),
        )?;
    }
    println!("wrote proofs 0 and {} to {}", BATCH - 1, out.display());
    Ok(())
}

fn witness(dir: &Path) -> Result<(), Box<dyn std::error::Error>> {
    std::fs::create_dir_all(dir)?;
    let w = demo_witness()?;
    let public = snarkjs::public_signals(w.public_inputs());
    std::fs::write(dir.join("witness.wtns"), r1cs::export_wtns(w)?)?;
    std::fs::write(
        dir.join("expected_public.json"),
        serde_json::to_string(&public)?,
    )?;
    println!(
        "wrote {}/witness.wtns and expected_public.json",
        dir.display()
    );
    Ok(())
}

fn verify(
    zkey_path: &Path,
    ptau_path: &Path,
    dir: &Path,
    uncontributed: Option<PathBuf>,
) -> Result<(), Box<dyn std::error::Error>> {
    let bytes = std::fs::read(zkey_path)?;
    let mut ptau = tradeproof::wire::ptau::Ptau::open(ptau_path)?;
    let (vk, ceremony) = zkey::import_verifying_key_with_ptau(
        std::io::Cursor::new(&bytes),
        &mut ptau,
        ClaimKind::ValueRange,
    )?;
    println!("IC, α, β and γ recomputed from the phase-1 file and the circuit: they match");
    println!(
        "imported the value-range key: fingerprint {}, {} contributions",
        tradeproof::encoding::to_hex(&vk.fingerprint()[..8]),
        ceremony.contributions.len()
    );
    for (i, c) in ceremony.contributions.iter().enumerate() {
        println!(
            "  {i}: {} {:?} {}…",
            if c.beacon { "beacon" } else { "contribution" },
            c.name.as_deref().unwrap_or(""),
            tradeproof::encoding::to_hex(&c.transcript[..8])
        );
    }
    // snarkjs's proof, verified by tradeproof for the statement tradeproof expects.
    let text = |name: &str| std::fs::read_to_string(dir.join(name));
    let statement = snarkjs::import_statement(
        &text("public.json")?,
        vk.circuit_id(),
        ClaimKind::ValueRange,
    )?;
    let expected = snarkjs::read_public_signals(&text("expected_public.json")?)?;
    if statement.inputs() != expected.as_slice() {
        return Err("snarkjs's public signals are not the claim's public inputs".into());
    }
    let proof = snarkjs::import_proof(&text("proof.json")?, vk.circuit_id())?;
    let verifier = Verifier::new([vk.clone()]);
    verifier.verify(&statement, &proof, &statement.context())?;
    println!("snarkjs's proof with the ceremony key verifies in tradeproof");
    // The same proof for any other statement does not.
    let mut inputs = statement.inputs().to_vec();
    inputs[tradeproof::claims::value_range::input::MAX] += ark_bn254::Fr::from(1u64);
    let other = Statement::from_inputs(vk.circuit_id(), ClaimKind::ValueRange, inputs)?;
    if verifier.verify(&other, &proof, &other.context()).is_ok() {
        return Err("a changed statement verified".into());
    }
    // The key is refused for another claim's circuit, and a key without phase-2 contribution is refused.
    match zkey::import_verifying_key(&bytes, ClaimKind::OriginEquals) {
        Err(e) => println!("refused for origin_equals: {e}"),
        Ok(_) => return Err("a value-range key was accepted for origin_equals".into()),
    }
    // Tampered copies: a changed coefficient (section 4) is refused; a changed IC point (section 3)
    // either fails to decode or gives a key under which the proof fails.
    let coeff = section_offset(&bytes, 4).ok_or("no section 4")? + 4 + 12;
    let mut t = bytes.clone();
    t[coeff] ^= 1;
    match zkey::import_verifying_key(&t, ClaimKind::ValueRange) {
        Err(e) => println!("refused with a coefficient changed: {e}"),
        Ok(_) => return Err("a zkey with a changed coefficient was accepted".into()),
    }
    let ic = section_offset(&bytes, 3).ok_or("no section 3")? + 64;
    let mut t = bytes.clone();
    t[ic] ^= 1;
    match zkey::import_verifying_key(&t, ClaimKind::ValueRange) {
        Err(e) => println!("refused with an IC point changed: {e}"),
        Ok((vk2, _)) => {
            let v2 = Verifier::new([vk2]);
            if v2.verify(&statement, &proof, &statement.context()).is_ok() {
                return Err("a proof verified under a tampered IC".into());
            }
            println!("with an IC point changed, the proof fails");
        }
    }
    // δ₁ or δ₂ changed (section 2): an off-curve point, or one that no longer matches the other δ
    // and the last contribution — refused either way.
    let header = section_offset(&bytes, 2).ok_or("no section 2")?;
    for (what, at) in [
        ("δ₁", header + 84 + 2 * 64 + 2 * 128),
        ("δ₂", header + 84 + 3 * 64 + 2 * 128),
    ] {
        let mut t = bytes.clone();
        t[at] ^= 1;
        match zkey::import_verifying_key(&t, ClaimKind::ValueRange) {
            Err(e) => println!("refused with {what} changed: {e}"),
            Ok(_) => return Err(format!("a zkey with {what} changed was accepted").into()),
        }
    }
    // Two valid IC points swapped: every declared coefficient is still right, so only the
    // recomputation from the phase-1 file catches it.
    let ic0 = section_offset(&bytes, 3).ok_or("no section 3")?;
    let mut t = bytes.clone();
    let (p1, p2) = (ic0 + 64, ic0 + 128);
    let first: Vec<u8> = t[p1..p1 + 64].to_vec();
    t.copy_within(p2..p2 + 64, p1);
    t[p2..p2 + 64].copy_from_slice(&first);
    if zkey::import_verifying_key(&t, ClaimKind::ValueRange).is_err() {
        return Err("the swapped-IC key should pass the declared-coefficient checks".into());
    }
    match zkey::import_verifying_key_with_ptau(
        std::io::Cursor::new(&t),
        &mut ptau,
        ClaimKind::ValueRange,
    ) {
        Err(e) => println!("refused with two IC points swapped: {e}"),
        Ok(_) => return Err("a key with swapped IC points was accepted against the ptau".into()),
    }
    if let Some(zero) = uncontributed {
        let zero_bytes = std::fs::read(&zero)?;
        // δ₁ replaced by a valid point (the uncontributed key's, the generator): refused because it no
        // longer matches δ₂.
        let delta1 = 84 + 2 * 64 + 2 * 128;
        let from = section_offset(&zero_bytes, 2).ok_or("no section 2")? + delta1;
        let mut t = bytes.clone();
        t[header + delta1..header + delta1 + 64].copy_from_slice(&zero_bytes[from..from + 64]);
        match zkey::import_verifying_key(&t, ClaimKind::ValueRange) {
            Err(e) => println!("refused with δ₁ replaced by another valid point: {e}"),
            Ok(_) => return Err("a zkey with δ₁ replaced was accepted".into()),
        }
        match zkey::import_verifying_key(&zero_bytes, ClaimKind::ValueRange) {
            Err(e) => println!("refused the uncontributed key: {e}"),
            Ok(_) => return Err("a key without phase-2 contribution was accepted".into()),
        }
    }
    Ok(())
}

/// The offset of section `id`'s payload in a snarkjs container.
fn section_offset(b: &[u8], id: u32) -> Option<usize> {
    let u32_at = |at: usize| Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?));
    let mut at = 12;
    for _ in 0..u32_at(8)? {
        let size = u64::from_le_bytes(b.get(at + 4..at + 12)?.try_into().ok()?) as usize;
        if u32_at(at)? == id {
            return Some(at + 12);
        }
        at += 12 + size;
    }
    None
}
