//! # Customs clearance at a port — the main demo
//!
//! An exporter ships a day's worth of consignments. For each one it seals a customs declaration and the
//! certificate of origin a registered certificate authority signed for it, and posts the sealed records
//! to the port's trade ledger. It then proves, in one batch, that each declaration clears customs: the
//! declared value lies in the customs office's band, the certificate names the same exporter and origin,
//! was signed by a registered authority, is valid on the declaration date and is not revoked. The port's
//! ledger node verifies the whole batch at once, rejects what does not hold up, and appends the rest —
//! without ever seeing a declaration.
//!
//! Two things go wrong on purpose: the authority revoked one certificate overnight, and the exporter
//! still submits the proof it made yesterday against the old revocation list; and one sealed
//! declaration is altered in transit. The ledger must catch exactly those two.
//!
//! ```text
//! cargo run --release --example customs_clearance -- [--declarations 200] [--threads 2]
//! ```
use tradeproof_support as common;

use std::io::Write;
use std::sync::Mutex;
use std::time::Instant;
use tradeproof::prelude::*;
use tradeproof::{keys, Progress};

/// Demo options.
pub struct Options {
    /// Number of consignments.
    pub declarations: usize,
    /// Worker threads (0: all cores).
    pub threads: usize,
    /// Print the progress bar and the table.
    pub verbose: bool,
}

/// What the demo measured.
pub struct Outcome {
    /// Items the ledger accepted.
    pub accepted: usize,
    /// Positions the ledger rejected, with reasons.
    pub rejected: Vec<(usize, String)>,
    /// Position of the stale (revoked) submission.
    pub revoked_at: usize,
    /// Position of the tampered submission.
    pub tampered_at: usize,
}

fn parse_args() -> Options {
    let mut o = Options {
        declarations: 200,
        threads: 0,
        verbose: true,
    };
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut i = 0;
    while i < args.len() {
        let value = |i: usize| -> usize {
            args.get(i + 1)
                .and_then(|v| v.parse().ok())
                .unwrap_or_else(|| {
                    eprintln!("{} needs a number", args[i]);
                    std::process::exit(2)
                })
        };
        match args[i].as_str() {
            "--declarations" | "-n" => {
                o.declarations = value(i).max(2);
                i += 1;
            }
            "--threads" | "-t" => {
                o.threads = value(i);
                i += 1;
            }
            "--help" | "-h" => {
                println!("usage: customs_clearance [--declarations N] [--threads T]");
                std::process::exit(0)
            }
            other => {
                eprintln!("unknown argument {other}");
                std::process::exit(2)
            }
        }
        i += 1;
    }
    o
}

fn main() -> tradeproof::Result<()> {
    let options = parse_args();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(options.threads)
        .build()
        .map_err(|e| tradeproof::Error::Synthesis(e.to_string()))?;
    let outcome = pool.install(|| run(&options))?;
    let caught: Vec<usize> = outcome.rejected.iter().map(|(i, _)| *i).collect();
    if caught != [outcome.revoked_at, outcome.tampered_at] {
        eprintln!(
            "expected exactly the revoked and the tampered items to be rejected, got {caught:?}"
        );
        std::process::exit(1);
    }
    Ok(())
}

/// Runs the demo.
pub fn run(o: &Options) -> tradeproof::Result<Outcome> {
    let say = |s: String| {
        if o.verbose {
            println!("{s}");
        }
    };
    let n = o.declarations;
    let revoked_at = n / 3;
    let tampered_at = (2 * n) / 3;

    // 1. The trade network: a registry of certificate authorities, a revocation list, and an exporter
    //    with n sealed declarations and certificates of origin (synthetic data, see the tradeproof-support crate in support/).
    let t = Instant::now();
    let world = common::world(n, 0, &[], 2026);
    say(format!(
        "exporter #{} sealed {n} customs declarations and {n} certificates of origin ({:.1} s)",
        common::EXPORTER,
        t.elapsed().as_secs_f64()
    ));

    // 2. Keys for the customs-clearance circuit. A real network runs a setup ceremony and pins the
    //    verifying key's fingerprint; a seeded setup is for demos only.
    let t = Instant::now();
    let (pk, vk) = keys::setup_from_seed(ClaimKind::CustomsClearance, [26; 32])?;
    let prover = Prover::new([pk])?;
    let constraints = prover.num_constraints(&vk.circuit_id()).unwrap_or(0);
    say(format!(
        "customs-clearance circuit: {constraints} constraints, keys ready in {:.1} s (fingerprint {})",
        t.elapsed().as_secs_f64(),
        tradeproof::encoding::to_hex(&vk.fingerprint()[..8])
    ));

    // 3. Yesterday the exporter proved consignment `revoked_at` against yesterday's revocation list
    //    (`world.revocations`). Overnight the authority revoked that certificate.
    let stale = prover.prove(world.customs_witness_against(revoked_at, &world.revocations)?)?;
    let today = common::revocation_list([world.shipments[revoked_at].serial]);
    say(format!(
        "the authority revoked certificate {} overnight; revocation root now {}",
        world.shipments[revoked_at].serial,
        short(&today.root())
    ));

    // 4. Today's batch: every other consignment is proven against today's roots, in one batch.
    let witnesses: Vec<Witness> = (0..n)
        .filter(|i| *i != revoked_at)
        .map(|i| world.customs_witness_against(i, &today))
        .collect::<tradeproof::Result<_>>()?;
    let bar = Mutex::new(0usize);
    let progress = |p: Progress| {
        if !o.verbose {
            return;
        }
        let mut last = bar.lock().unwrap_or_else(|e| e.into_inner());
        let width = 40;
        let filled = p.done * width / p.total.max(1);
        if filled != *last || p.done == p.total {
            *last = filled;
            print!(
                "\rproving  [{}{}] {}/{}",
                "#".repeat(filled),
                ".".repeat(width - filled),
                p.done,
                p.total
            );
            let _ = std::io::stdout().flush();
        }
    };
    let t = Instant::now();
    let results = prover.prove_batch(
        witnesses,
        &BatchOptions {
            progress: Some(&progress),
            ..Default::default()
        },
    );
    let prove_time = t.elapsed();
    if o.verbose {
        println!();
    }
    let mut proofs: Vec<(Statement, Proof)> =
        results.into_iter().collect::<tradeproof::Result<_>>()?;
    proofs.insert(revoked_at, stale);

    // 5. Submissions as the ledger receives them: sealed records, statement, proof — as bytes. One
    //    sealed declaration is altered in transit, and the statement changed to match it.
    let mut wire: Vec<Vec<u8>> = Vec::with_capacity(n);
    for (i, (statement, proof)) in proofs.iter().enumerate() {
        let s = &world.shipments[i];
        let mut sub = Submission {
            records: vec![s.declaration, s.certificate],
            statement: statement.clone(),
            proof: *proof,
        };
        if i == tampered_at {
            sub.records[0].ciphertext[layout::AMOUNT] += ark_bn254::Fr::from(1u64);
            let mut inputs = sub.statement.inputs().to_vec();
            inputs[0] = sub.records[0].digest();
            sub.statement =
                Statement::from_inputs(statement.circuit_id(), statement.kind(), inputs)?;
        }
        wire.push(sub.to_bytes());
    }

    // 6. The port's ledger node: strict decoding, policy checks, one batch verification.
    let t = Instant::now();
    let node = Port {
        verifier: Verifier::new([vk.clone()]),
        registry_root: world.registry.root(),
        revocation_root: today.root(),
        band: common::BAND,
        currency: world.eur,
    };
    let (accepted, rejected) = node.process(&wire);
    let verify_time = t.elapsed();

    if o.verbose {
        println!(
            "ledger: {} appended, {} rejected",
            accepted.len(),
            rejected.len()
        );
        for (i, why) in &rejected {
            println!("  rejected #{i}: {why}");
        }
        let proof_bytes = proofs[0].1.to_bytes().len();
        let record_bytes = world.shipments[0].declaration.to_bytes().len();
        let rows = [
            ("items", format!("{n}")),
            ("constraints per claim", format!("{constraints}")),
            (
                "prove (batch)",
                format!(
                    "{:.2} s, {:.1} claims/s",
                    prove_time.as_secs_f64(),
                    (n - 1) as f64 / prove_time.as_secs_f64()
                ),
            ),
            (
                "verify (ledger, batch)",
                format!(
                    "{:.1} ms, {:.0} claims/s",
                    verify_time.as_secs_f64() * 1e3,
                    n as f64 / verify_time.as_secs_f64()
                ),
            ),
            ("proof size", format!("{proof_bytes} bytes")),
            ("sealed record size", format!("{record_bytes} bytes")),
            ("threads", format!("{}", rayon::current_num_threads())),
        ];
        println!();
        for (k, v) in rows {
            println!("{k:<24} {v}");
        }
    }
    Ok(Outcome {
        accepted: accepted.len(),
        rejected,
        revoked_at,
        tampered_at,
    })
}

fn short(x: &ark_bn254::Fr) -> String {
    let s = tradeproof::encoding::fr_to_string(x);
    format!("{}…", &s[..s.len().min(10)])
}

/// The port's ledger node (see examples/ledger_node.rs for the general pattern).
struct Port {
    verifier: Verifier,
    registry_root: ark_bn254::Fr,
    revocation_root: ark_bn254::Fr,
    band: (u64, u64),
    currency: Currency,
}

impl Port {
    /// Decodes and checks every submission, verifies the survivors in one batch, and returns the
    /// positions accepted and the positions rejected with a reason.
    fn process(&self, wire: &[Vec<u8>]) -> (Vec<usize>, Vec<(usize, String)>) {
        let mut rejected = Vec::new();
        let mut candidates = Vec::new();
        let mut positions = Vec::new();
        for (i, bytes) in wire.iter().enumerate() {
            match self.admit(i, bytes) {
                Ok(sub) => {
                    positions.push(i);
                    candidates.push((sub.statement, sub.proof));
                }
                Err(why) => rejected.push((i, why)),
            }
        }
        let expected: Vec<Context> = positions
            .iter()
            .map(|i| common::World::context(*i as u64))
            .collect();
        let report = self
            .verifier
            .verify_batch(&candidates, ContextRule::PerItem(&expected));
        for r in &report.invalid {
            rejected.push((positions[r.index], r.reason.to_string()));
        }
        rejected.sort();
        let accepted = positions
            .iter()
            .enumerate()
            .filter(|(j, _)| report.is_valid(*j))
            .map(|(_, i)| *i)
            .collect();
        (accepted, rejected)
    }

    /// Strict decoding and policy: the records are the ones the statement names, and the claim uses
    /// the customs band and today's roots.
    fn admit(&self, _i: usize, bytes: &[u8]) -> Result<Submission, String> {
        let sub = Submission::from_bytes(bytes).map_err(|e| e.to_string())?;
        let claim = sub.statement.claim().map_err(|e| e.to_string())?;
        sub.check_records().map_err(|e| e.to_string())?;
        let Claim::CustomsClearance(tradeproof::claims::customs_clearance::Public {
            min,
            max,
            currency,
            registry_root,
            revocation_root,
            ..
        }) = claim
        else {
            return Err("not a customs-clearance claim".into());
        };
        if (min, max, currency) != (self.band.0, self.band.1, self.currency) {
            return Err("not the customs office's value band".into());
        }
        if registry_root != self.registry_root {
            return Err("unknown issuer registry".into());
        }
        if revocation_root != self.revocation_root {
            return Err(
                "stale revocation list: the certificate may have been revoked since".into(),
            );
        }
        Ok(sub)
    }
}
