//! # A cold chain proven without publishing the readings
//!
//! A reefer container carries the customs demo's cut flowers from Kenya to Germany. Its thermometer, a
//! registered device with its own EdDSA-Poseidon key, takes a reading every ten minutes and signs them
//! in batches of up to 96 for the shipment — named by the digest of the exporter's sealed bill of
//! lading. The buyer and the insurer want to know that the flowers stayed between 1 °C and 8 °C from
//! loading to arrival, with no gap in the record longer than 30 minutes; the exporter will not publish
//! the series. The exporter proves one sensor-range claim per batch, the windows of the claims tiling
//! the voyage; the ledger batch-verifies the proofs and checks that they cover the voyage as a chain
//! (`tradeproof::sensor::check_voyage`).
//!
//! Two voyages: the first held 1–8 °C throughout and is accepted; on the second the reefer lost power
//! for 40 minutes and the cargo warmed to 9.5 °C — the exporter's prover refuses to make the claim and
//! says why, and leaving the bad batch out does not help: the remaining claims no longer cover the
//! voyage.
//!
//! ```text
//! cargo run --release --example cold_chain -- [--batches 3]
//! ```
use tradeproof_support as common;

use common::cold_chain::*;
use std::time::Instant;
use tradeproof::keys;
use tradeproof::prelude::*;
use tradeproof::sensor::{check_voyage, format_hundredths, violations, CAPACITY};

/// Demo options.
pub struct Options {
    /// Batches of 96 readings per voyage (16 hours each), at least 3 so one sits in the middle.
    pub batches: usize,
    /// Print the narrative.
    pub verbose: bool,
}

/// What happened.
pub struct Outcome {
    /// The good voyage: every batch proven, the batch verified, the chain covers the voyage.
    pub good_accepted: bool,
    /// The bad voyage: the reasons the prover gave for the bad batch (empty if it proved).
    pub bad_reasons: Vec<String>,
    /// The bad voyage without its bad batch: what `check_voyage` said (`None` if it passed).
    pub gap_refusal: Option<String>,
}

fn parse_args() -> Options {
    Options {
        batches: common::count_argument("--batches", 3..=12, "usage: cold_chain [--batches 3..12]")
            .unwrap_or(3),
        verbose: true,
    }
}

fn main() -> tradeproof::Result<()> {
    let out = run(&parse_args())?;
    if !out.good_accepted || out.bad_reasons.is_empty() || out.gap_refusal.is_none() {
        eprintln!("an outcome differs from the expected one");
        std::process::exit(1);
    }
    Ok(())
}

fn clock(t: u64) -> String {
    let s = t - LOADING;
    format!("loading + {}h{:02}", s / 3600, s % 3600 / 60)
}

/// Runs the demo.
pub fn run(o: &Options) -> tradeproof::Result<Outcome> {
    let say = |s: String| {
        if o.verbose {
            println!("{s}");
        }
    };
    let cc = cold_chain(2026);
    let context = Context::new(common::LEDGER, 4_411_027);
    say(format!(
        "bill of lading 4411027 (Mombasa → Hamburg, cut flowers) sealed on the ledger as {}…",
        &cc.bill_of_lading.digest().to_string()[..16]
    ));
    say(format!(
        "device registry: {} devices (thermometer {THERMOMETER}, hygrometer {HYGROMETER}, \
         thermometer {REVOKED} revoked); the ledger knows only the roots",
        cc.registry.devices().len()
    ));

    let t = Instant::now();
    let (pk, vk) = keys::setup_from_seed(ClaimKind::SensorRange, [17; 32])?;
    let prover = Prover::new([pk])?;
    let verifier = Verifier::new([vk.clone()]);
    say(format!(
        "sensor-range circuit: {} constraints for {CAPACITY} readings (demo keys in {:.1} s)",
        prover.num_constraints(&vk.circuit_id()).unwrap_or(0),
        t.elapsed().as_secs_f64()
    ));
    say(format!(
        "the buyer asks: {}–{} °C, no gap over {} min, at least 90 readings per batch",
        format_hundredths(BAND.0),
        format_hundredths(BAND.1),
        MAX_GAP / 60
    ));

    // Voyage 1: the reefer held its temperature.
    say(String::new());
    say("voyage 1".into());
    let good = voyage(o.batches, 10);
    let good_claims = tiling_claims(&cc, &good, 90);
    let arrival = good_claims[good_claims.len() - 1].to;
    let witnesses = good
        .iter()
        .zip(&good_claims)
        .enumerate()
        .map(|(i, (r, c))| cc.witness(cc.batch(THERMOMETER, i as u64, r.clone()), c, &context))
        .collect::<tradeproof::Result<Vec<_>>>()?;
    for (r, c) in good.iter().zip(&good_claims) {
        let (lo, hi) = r.iter().fold((i32::MAX, i32::MIN), |(lo, hi), x| {
            (lo.min(x.value), hi.max(x.value))
        });
        say(format!(
            "  exporter sees batch ({} → {}]: {} readings, {}–{} °C",
            clock(c.from),
            clock(c.to),
            r.len(),
            format_hundredths(lo),
            format_hundredths(hi)
        ));
    }
    let t = Instant::now();
    let proven = prover
        .prove_batch(witnesses, &BatchOptions::default())
        .into_iter()
        .collect::<tradeproof::Result<Vec<_>>>()?;
    say(format!(
        "  {} claims proven in {:.2} s",
        proven.len(),
        t.elapsed().as_secs_f64()
    ));
    // The ledger: states what it expects, verifies in one batch, checks the chain.
    let expected = good_claims
        .iter()
        .map(|c| Statement::new(vk.circuit_id(), &context, &Claim::SensorRange(c.clone())))
        .collect::<tradeproof::Result<Vec<_>>>()?;
    let report = verifier.verify_batch(&proven, ContextRule::Exactly(context));
    let same = proven.iter().zip(&expected).all(|((s, _), e)| s == e);
    let chain = check_voyage(&good_claims, LOADING, arrival);
    say(
        "  ledger sees per batch: shipment digest, kind, roots, band, window, max gap, min count, and \
         162 bytes of proof — no reading, no device id"
            .into(),
    );
    say(format!(
        "  ledger: {}/{} proofs valid, statements as expected: {same}, chain covers loading → arrival: {}",
        report.valid,
        report.total,
        chain.as_ref().map_or_else(|e| e.to_string(), |_| "yes".into())
    ));
    let good_accepted = report.all_valid() && same && chain.is_ok();

    // Voyage 2: a 40-minute power cut in the middle batch, and the cargo warmed to 9.5 °C.
    say(String::new());
    say("voyage 2".into());
    let mut bad = voyage(o.batches, 20);
    let middle = o.batches / 2;
    {
        let b = &mut bad[middle];
        for r in b.iter_mut().skip(40) {
            r.time += 40 * 60 - INTERVAL; // the reading after 40 silent minutes
        }
        for (k, r) in b.iter_mut().skip(40).take(6).enumerate() {
            r.value = 950 - 60 * k as i32;
        }
    }
    // Later batches start after the shifted one.
    for b in bad.iter_mut().skip(middle + 1) {
        for r in b.iter_mut() {
            r.time += 40 * 60 - INTERVAL;
        }
    }
    let bad_claims = tiling_claims(&cc, &bad, 90);
    let arrival = bad_claims[bad_claims.len() - 1].to;
    let attempt = cc.witness(
        cc.batch(THERMOMETER, middle as u64, bad[middle].clone()),
        &bad_claims[middle],
        &context,
    );
    let bad_reasons = match attempt {
        Ok(_) => Vec::new(),
        Err(_) => violations(&bad_claims[middle], &bad[middle]),
    };
    say(format!(
        "  batch {middle}: the exporter's prover refuses the claim ({} reasons):",
        bad_reasons.len()
    ));
    for r in &bad_reasons {
        say(format!("    - {r}"));
    }
    // Leaving the bad batch out: the others still prove, but the chain has a hole.
    let mut kept = bad_claims.clone();
    kept.remove(middle);
    let gap_refusal = check_voyage(&kept, LOADING, arrival)
        .err()
        .map(|e| e.to_string());
    say(format!(
        "  without batch {middle}, the ledger's chain check: {}",
        gap_refusal.as_deref().unwrap_or("passed (unexpected)")
    ));
    Ok(Outcome {
        good_accepted,
        bad_reasons,
        gap_refusal,
    })
}
