//! # Receivables financing for a small exporter
//!
//! A small exporter asks its bank for a credit line against its receivables. Its commercial invoices
//! sit sealed on the trade ledger. It proves to the bank that the invoices it points to are distinct,
//! all name it as the seller, are all in euros, were all issued in the last twelve months, and add up
//! to at least the bank's threshold — without showing a single invoice. The bank verifies the proof,
//! checks that the digests are on the ledger, and decides.
//!
//! ```text
//! cargo run --release --example sme_financing -- [--invoices 24] [--capacity 32] [--threshold-eur 250000]
//! ```
use tradeproof_support as common;

use std::time::Instant;
use tradeproof::keys;
use tradeproof::prelude::*;

/// Demo options.
pub struct Options {
    /// Invoices the exporter proves about (at most `capacity`).
    pub invoices: usize,
    /// Slots of the aggregate circuit.
    pub capacity: u16,
    /// The bank's threshold in euro cents.
    pub threshold: u64,
    /// Print the narrative.
    pub verbose: bool,
}

fn parse_args() -> Options {
    let mut o = Options {
        invoices: 24,
        capacity: 32,
        threshold: 25_000_000,
        verbose: true,
    };
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut i = 0;
    while i < args.len() {
        let v: u64 = args
            .get(i + 1)
            .and_then(|v| v.parse().ok())
            .unwrap_or_else(|| {
                eprintln!("usage: sme_financing [--invoices N] [--capacity C] [--threshold-eur E]");
                std::process::exit(2)
            });
        match args[i].as_str() {
            "--invoices" => o.invoices = v as usize,
            "--capacity" => o.capacity = v.clamp(1, 256) as u16,
            "--threshold-eur" => o.threshold = v.saturating_mul(100),
            _ => {
                eprintln!("usage: sme_financing [--invoices N] [--capacity C] [--threshold-eur E]");
                std::process::exit(2)
            }
        }
        i += 2;
    }
    o.invoices = o.invoices.clamp(1, o.capacity as usize);
    o
}

fn main() -> tradeproof::Result<()> {
    let o = parse_args();
    let decision = run(&o)?;
    if !decision.approved {
        std::process::exit(1);
    }
    Ok(())
}

/// The bank's decision.
pub struct Decision {
    /// Whether the credit line was approved.
    pub approved: bool,
    /// Whether the dishonest attempt was refused before a proof could be made.
    pub double_count_refused: bool,
}

/// Runs the demo.
pub fn run(o: &Options) -> tradeproof::Result<Decision> {
    let say = |s: String| {
        if o.verbose {
            println!("{s}");
        }
    };
    let world = common::world(0, o.invoices, &[], 77);
    let total: u64 = world.invoices.iter().map(|(_, _, v)| v).sum();
    say(format!(
        "exporter #{} has {} sealed invoices on the ledger (total {}, known only to the exporter)",
        common::EXPORTER,
        o.invoices,
        Amount::new(total, world.eur)
    ));

    // The bank's request: last twelve months, euros, at least the threshold.
    let to = world.today;
    let from = Date::from_days(to.days() - 365)?;
    let exporter = PartyId::new(common::EXPORTER)?;
    let context = Context::new(common::LEDGER, 0xBA4C);
    say(format!(
        "bank: prove invoices dated {from} to {to} totalling at least {}",
        Amount::new(o.threshold, world.eur)
    ));

    let t = Instant::now();
    let kind = ClaimKind::AggregateValue {
        capacity: o.capacity,
    };
    let (pk, vk) = keys::setup_from_seed(kind, [7; 32])?;
    let prover = Prover::new([pk])?;
    say(format!(
        "aggregate-value circuit for {} invoices: {} constraints (keys ready in {:.1} s)",
        o.capacity,
        prover.num_constraints(&vk.circuit_id()).unwrap_or(0),
        t.elapsed().as_secs_f64()
    ));

    // A dishonest attempt first: counting one invoice twice (sealed again under a new nonce, so the
    // digests differ). The witness is refused before any proof is made.
    let (s0, k0, _) = &world.invoices[0];
    let again = SealedRecord::seal(k0, &s0.open(k0)?);
    let mut openings: Vec<_> = world
        .invoices
        .iter()
        .map(|(s, k, _)| s.opening(k))
        .collect::<tradeproof::Result<_>>()?;
    let mut padded = openings.clone();
    padded.truncate(o.capacity as usize - 1);
    padded.push(again.opening(k0)?);
    let double_count_refused = match Witness::aggregate_value(
        o.capacity,
        padded,
        &context,
        exporter,
        world.eur,
        o.threshold,
        from,
        to,
    ) {
        Err(e) => {
            say(format!("dishonest attempt refused: {e}"));
            true
        }
        Ok(_) => false,
    };

    // The honest proof.
    openings.truncate(o.capacity as usize);
    let witness = Witness::aggregate_value(
        o.capacity,
        openings,
        &context,
        exporter,
        world.eur,
        o.threshold,
        from,
        to,
    )?;
    let t = Instant::now();
    let (statement, proof) = prover.prove(witness)?;
    say(format!(
        "exporter: proof made in {:.2} s ({} bytes)",
        t.elapsed().as_secs_f64(),
        proof.to_bytes().len()
    ));

    // The bank: the claim it asked for, the digests on the ledger, the proof.
    let t = Instant::now();
    let claim = statement.claim()?;
    let Claim::AggregateValue(tradeproof::claims::aggregate_value::Public {
        invoices,
        exporter: who,
        currency,
        threshold,
        from: f,
        to: tt,
        ..
    }) = &claim
    else {
        return Err(tradeproof::Error::InvalidClaim(
            "not an aggregate-value claim".into(),
        ));
    };
    let on_ledger = invoices
        .iter()
        .all(|d| world.invoices.iter().any(|(s, _, _)| s.digest() == *d));
    let as_requested = *who == exporter
        && *currency == world.eur
        && *threshold == o.threshold
        && *f == from
        && *tt == to;
    let verified = Verifier::new([vk])
        .verify(&statement, &proof, &context)
        .is_ok();
    let approved = on_ledger && as_requested && verified;
    say(format!(
        "bank: {} invoices on the ledger: {on_ledger}; claim as requested: {as_requested}; proof valid: {verified} ({:.1} ms)",
        invoices.len(),
        t.elapsed().as_secs_f64() * 1e3
    ));
    say(format!(
        "bank: credit line {}",
        if approved { "APPROVED" } else { "DECLINED" }
    ));
    Ok(Decision {
        approved,
        double_count_refused,
    })
}
