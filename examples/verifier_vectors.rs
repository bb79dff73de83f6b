//! Writes the test vectors of the WebAssembly verifier (`verifier/wasm/test.mjs`): keys for the
//! value-range and customs-clearance claims, a batch of 64 real proofs as bytes with faults at known
//! positions (`tradeproof_support::embedded`), and the native verifier's verdict on it.
//!
//! ```text
//! cargo run --release --example verifier_vectors -- OUT.json
//! ```
use tradeproof_support as common;

use std::process::ExitCode;
use tradeproof::encoding::to_hex;
use tradeproof::prelude::*;
use tradeproof::wire::binary::Encode;

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("verifier_vectors: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<(), Box<dyn std::error::Error>> {
    let out = std::env::args()
        .nth(1)
        .ok_or("usage: verifier_vectors OUT.json")?;
    let kinds = [ClaimKind::ValueRange, ClaimKind::CustomsClearance];
    let batch = common::embedded::embedded_batch(&kinds, 64, 5)?;
    let items: Vec<(&[u8], &[u8])> = batch.items.iter().map(|(s, p)| (&s[..], &p[..])).collect();
    let report = Verifier::new(batch.keys.clone()).verify_batch_bytes(&items, ContextRule::Any);
    let json = serde_json::json!({
        "kinds": kinds.iter().map(|k| k.name()).collect::<Vec<_>>(),
        "keys": batch.keys.iter().map(|k| to_hex(&k.to_bytes())).collect::<Vec<_>>(),
        "items": batch.items.iter().map(|(s, p)| [to_hex(s), to_hex(p)]).collect::<Vec<_>>(),
        "faults": batch.faults,
        "expected": {
            "total": report.total,
            "valid": report.valid,
            "invalid": report.invalid.iter().map(|r| r.index).collect::<Vec<_>>(),
        },
    });
    std::fs::write(&out, json.to_string())?;
    println!(
        "wrote {out}: {} items, native verdict {} valid, culprits {:?}",
        report.total,
        report.valid,
        report.invalid.iter().map(|r| r.index).collect::<Vec<_>>()
    );
    Ok(())
}
