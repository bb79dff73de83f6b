//! # Receivables financing for a small exporter
//!
//! A small exporter asks banks for credit against its receivables. Its commercial invoices sit sealed on
//! the trade ledger, and each importer has acknowledged the invoices it really owes (a signature on the
//! invoice's digest, recorded on the ledger). The exporter proves to a bank that the invoices it points
//! to are distinct, all name it as the seller, are all in euros, were all issued in the last twelve
//! months, and add up to at least the bank's threshold — without showing a single invoice. The bank
//! verifies the proof, then applies the ledger's policy (`tradeproof::financing`): every invoice
//! acknowledged by its importer, none financed before; financing marks them in the ledger's
//! financed-once register.
//!
//! The run shows five outcomes: one invoice counted twice (refused before any proof), a renumbered copy
//! of a real invoice (proven, verified, refused: nobody acknowledged it), an honest first batch
//! (financed), the same invoices offered to a second bank (refused: already financed), and an honest
//! second batch to that bank (financed).
//!
//! ```text
//! cargo run --release --example sme_financing -- [--invoices 24] [--capacity 16] [--threshold-eur 100000]
//! ```
use tradeproof_support as common;

use std::time::Instant;
use tradeproof::financing::{
    verify_claim, Acknowledgment, Acknowledgments, FinancedOnce, PartyDirectory,
};
use tradeproof::keys;
use tradeproof::prelude::*;
use tradeproof::FinancingRefusal;

/// Demo options.
pub struct Options {
    /// Invoices on the ledger, split into two batches (each at most `capacity − 1`, at most 36 in all).
    pub invoices: usize,
    /// Slots of the aggregate circuit.
    pub capacity: u16,
    /// The banks' threshold in euro cents.
    pub threshold: u64,
    /// Print the narrative.
    pub verbose: bool,
}

fn parse_args() -> Options {
    let mut o = Options {
        invoices: 24,
        capacity: 16,
        threshold: 10_000_000,
        verbose: true,
    };
    let args: Vec<String> = std::env::args().skip(1).collect();
    let usage = || -> ! {
        eprintln!("usage: sme_financing [--invoices N] [--capacity C] [--threshold-eur E]");
        std::process::exit(2)
    };
    let mut i = 0;
    while i < args.len() {
        let v: u64 = args
            .get(i + 1)
            .and_then(|v| v.parse().ok())
            .unwrap_or_else(|| usage());
        match args[i].as_str() {
            "--invoices" => o.invoices = v as usize,
            "--capacity" => o.capacity = v.clamp(2, 256) as u16,
            "--threshold-eur" => o.threshold = v.saturating_mul(100),
            _ => usage(),
        }
        i += 2;
    }
    // Each batch leaves a slot free for the dishonest attempts; the world dates invoice i 10·i days
    // back, so at most 36 fit the twelve-month window.
    o.invoices = o.invoices.clamp(2, (2 * (o.capacity as usize - 1)).min(36));
    o
}

fn main() -> tradeproof::Result<()> {
    let o = parse_args();
    let out = run(&o)?;
    if !out.as_expected() {
        eprintln!("an outcome differs from the expected one");
        std::process::exit(1);
    }
    Ok(())
}

/// What happened to each request.
pub struct Outcomes {
    /// One invoice counted twice: refused by the witness builder, no proof made.
    pub double_count_refused: bool,
    /// The claim with a renumbered copy verified, and was refused for lack of acknowledgment.
    pub renumbered_refused: bool,
    /// The honest first batch was financed by bank A.
    pub first_batch_financed: bool,
    /// The same invoices, offered to bank B, were refused as already financed.
    pub second_bank_refused: bool,
    /// The honest second batch was financed by bank B.
    pub second_batch_financed: bool,
}

impl Outcomes {
    /// Whether every request ended as it should.
    pub fn as_expected(&self) -> bool {
        self.double_count_refused
            && self.renumbered_refused
            && self.first_batch_financed
            && self.second_bank_refused
            && self.second_batch_financed
    }
}

const BANK_A: u64 = 500;
const BANK_B: u64 = 501;

/// Runs the demo.
pub fn run(o: &Options) -> tradeproof::Result<Outcomes> {
    let say = |s: String| {
        if o.verbose {
            println!("{s}");
        }
    };
    let world = common::world(0, o.invoices, &[], 77);
    let exporter = PartyId::new(common::EXPORTER)?;
    let total: u64 = world.invoices.iter().map(|(_, _, v)| v).sum();
    say(format!(
        "exporter {exporter} has {} sealed invoices on the ledger (total {}, known only to the exporter)",
        o.invoices,
        Amount::new(total, world.eur)
    ));

    // The ledger: the importers' keys, their acknowledgments, the financed-once register.
    let importers: Vec<u64> = (0..3).map(common::buyer_of).collect();
    let parties = PartyDirectory::new(
        importers
            .iter()
            .map(|id| Ok((PartyId::new(*id)?, common::importer_key(*id).public_key())))
            .collect::<tradeproof::Result<_>>()?,
    )?;
    let mut acknowledgments = Acknowledgments::default();
    for (i, (sealed, _, _)) in world.invoices.iter().enumerate() {
        let buyer = common::buyer_of(i);
        let ack = Acknowledgment::sign(
            &common::importer_key(buyer),
            sealed.digest(),
            PartyId::new(buyer)?,
            exporter,
        )?;
        acknowledgments.record(ack, &parties)?;
    }
    let mut register = FinancedOnce::default();
    say(format!(
        "importers {importers:?} acknowledged the {} invoices on the ledger",
        acknowledgments.len()
    ));

    let to = world.today;
    let from = Date::from_days(to.days() - 365)?;
    let kind = ClaimKind::AggregateValue {
        capacity: o.capacity,
    };
    let t = Instant::now();
    let (pk, vk) = keys::setup_from_seed(kind, [7; 32])?;
    let prover = Prover::new([pk])?;
    let verifier = Verifier::new([vk.clone()]);
    say(format!(
        "aggregate-value circuit for {} invoices: {} constraints (keys ready in {:.1} s)",
        o.capacity,
        prover.num_constraints(&vk.circuit_id()).unwrap_or(0),
        t.elapsed().as_secs_f64()
    ));
    say(format!(
        "banks ask: invoices dated {from} to {to}, in EUR, totalling at least {}",
        Amount::new(o.threshold, world.eur)
    ));

    let openings: Vec<_> = world
        .invoices
        .iter()
        .map(|(s, k, _)| s.opening(k))
        .collect::<tradeproof::Result<_>>()?;
    let half = o.invoices / 2;
    let (first, second) = openings.split_at(half);
    let witness = |openings: Vec<_>, context: &Context| {
        Witness::aggregate_value(
            o.capacity,
            openings,
            context,
            exporter,
            world.eur,
            o.threshold,
            from,
            to,
        )
    };
    // The bank's side: verify, check the terms it asked for, apply the ledger's policy.
    let request = |bank: u64,
                   nonce: u64,
                   openings: Vec<_>,
                   register: &mut FinancedOnce|
     -> tradeproof::Result<Result<(), FinancingRefusal>> {
        let context = Context::new(common::LEDGER, nonce);
        let (statement, proof) = prover.prove(witness(openings, &context)?)?;
        let verified = verify_claim(&verifier, &statement, &proof, &context)?;
        let c = verified.claim();
        let as_requested = c.exporter == exporter
            && c.currency == world.eur
            && c.threshold == o.threshold
            && (c.from, c.to) == (from, to);
        if !as_requested {
            return Err(tradeproof::Error::InvalidClaim(
                "not the claim the bank asked for".into(),
            ));
        }
        match register.finance(&verified, &acknowledgments, PartyId::new(bank)?) {
            Ok(f) => {
                say(format!(
                    "bank #{bank}: proof valid, {} invoices acknowledged and unfinanced: credit line APPROVED",
                    f.invoices.len()
                ));
                Ok(Ok(()))
            }
            Err(tradeproof::Error::Financing(r)) => {
                say(format!("bank #{bank}: proof valid, but DECLINED: {r}"));
                Ok(Err(r))
            }
            Err(e) => Err(e),
        }
    };

    // 1. One invoice counted twice (sealed again under a new nonce, so the digests differ): the
    //    invoice numbers repeat, and the witness builder refuses before any proof is made.
    let (s0, k0, _) = &world.invoices[0];
    let resealed = SealedRecord::seal(k0, &s0.open(k0)?);
    let mut twice = first.to_vec();
    twice.push(resealed.opening(k0)?);
    let double_count_refused = match witness(twice, &Context::new(common::LEDGER, 1)) {
        Err(e) => {
            say(format!(
                "exporter, counting an invoice twice: refused ({e})"
            ));
            true
        }
        Ok(_) => false,
    };

    // 2. A renumbered copy of a real invoice: distinct numbers, so the proof is valid; but no
    //    importer acknowledged the copy's digest.
    let mut copy = s0.open(k0)?;
    copy.0[layout::DOC_NUMBER] = ark_bn254::Fr::from(990_001u64);
    let copy = SealedRecord::seal(k0, &copy);
    let mut padded = first.to_vec();
    padded.push(copy.opening(k0)?);
    let renumbered_refused = matches!(
        request(BANK_A, 2, padded, &mut register)?,
        Err(FinancingRefusal::NotAcknowledged { invoice }) if invoice == copy.digest()
    );

    // 3. The honest first batch, to bank A.
    let first_batch_financed = request(BANK_A, 3, first.to_vec(), &mut register)?.is_ok();

    // 4. The same invoices, offered to bank B under its own context: a fresh, valid proof — refused.
    let second_bank_refused = matches!(
        request(BANK_B, 4, first.to_vec(), &mut register)?,
        Err(FinancingRefusal::AlreadyFinanced { bank: BANK_A, .. })
    );

    // 5. The honest second batch, to bank B.
    let second_batch_financed = request(BANK_B, 5, second.to_vec(), &mut register)?.is_ok();
    say(format!(
        "ledger: {} invoices in the financed-once register",
        register.len()
    ));
    Ok(Outcomes {
        double_count_refused,
        renumbered_refused,
        first_batch_financed,
        second_bank_refused,
        second_batch_financed,
    })
}
