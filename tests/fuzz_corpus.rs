//! Replays the fuzz corpora in `cargo test`: every file of `fuzz/corpus/<target>/` (seed inputs) and
//! `fuzz/regressions/<target>/` (inputs that once crashed a target) goes through the same check as the
//! fuzz target `<target>` (`fuzz/src/lib.rs`, included here), so a fixed crash stays fixed without
//! cargo-fuzz or a nightly toolchain.
// The fuzz targets cover the snarkjs importers too (feature `snarkjs`, default).
#![cfg(feature = "snarkjs")]

#[path = "../fuzz/src/lib.rs"]
mod checks;

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};

fn fuzz_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz")
}

/// The files of `fuzz/<kind>/<target>/`, sorted (none if the directory does not exist).
fn inputs(kind: &str, target: &str) -> Vec<PathBuf> {
    let Ok(dir) = std::fs::read_dir(fuzz_dir().join(kind).join(target)) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = dir
        .map(|e| e.expect("readable directory entry").path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    files
}

/// Runs every corpus and regression input of `target`; fails naming each input that panics.
fn replay(target: &str) {
    let check = checks::target(target).expect("a known target");
    let corpus = inputs("corpus", target);
    assert!(
        !corpus.is_empty(),
        "no seed corpus for fuzz target {target} in fuzz/corpus/{target}/"
    );
    let mut failed = Vec::new();
    for path in corpus.iter().chain(&inputs("regressions", target)) {
        let data = std::fs::read(path).expect("readable input");
        if catch_unwind(AssertUnwindSafe(|| check(&data))).is_err() {
            failed.push(path.display().to_string());
        }
    }
    assert!(failed.is_empty(), "{target} fails on {failed:#?}");
}

/// Every directory of `fuzz/corpus/` and `fuzz/regressions/` belongs to a target this test knows, and
/// every target has a test below.
#[test]
fn every_corpus_directory_is_a_known_target() {
    for kind in ["corpus", "regressions"] {
        let Ok(dir) = std::fs::read_dir(fuzz_dir().join(kind)) else {
            assert_eq!(kind, "regressions", "fuzz/corpus/ is missing");
            continue;
        };
        for entry in dir {
            let entry = entry.expect("readable directory entry");
            if entry.path().is_dir() {
                let name = entry.file_name().to_string_lossy().into_owned();
                assert!(
                    checks::target(&name).is_some(),
                    "fuzz/{kind}/{name}/ is not a target of fuzz/src/lib.rs"
                );
            }
        }
    }
    assert_eq!(
        checks::TARGETS,
        [
            "sealed_record",
            "proof",
            "statement",
            "verifying_key",
            "submission",
            "batch",
            "json",
            "verify_batch",
            "snarkjs",
            "signed_batch",
            "grant",
            "ptau",
            "zkey",
            "embedded",
            "aggregate"
        ],
        "a target was added: add its replay test here"
    );
}

#[test]
fn sealed_record() {
    replay("sealed_record");
}

#[test]
fn proof() {
    replay("proof");
}

#[test]
fn statement() {
    replay("statement");
}

#[test]
fn verifying_key() {
    replay("verifying_key");
}

#[test]
fn submission() {
    replay("submission");
}

#[test]
fn batch() {
    replay("batch");
}

#[test]
fn json() {
    replay("json");
}

/// Generates the seeded value-range key once (a few seconds) and verifies every corpus batch.
#[test]
fn verify_batch() {
    replay("verify_batch");
}

#[test]
fn snarkjs() {
    replay("snarkjs");
}

#[test]
fn signed_batch() {
    replay("signed_batch");
}

#[test]
fn grant() {
    replay("grant");
}

#[test]
fn ptau() {
    replay("ptau");
}

#[test]
fn zkey() {
    replay("zkey");
}

#[test]
fn embedded() {
    replay("embedded");
}

#[test]
fn aggregate() {
    replay("aggregate");
}
