//! # Embedding the verifier in a ledger node
//!
//! The pattern for chain developers: a node receives submissions (sealed records, statement, proof) as
//! untrusted bytes, decodes them strictly, applies its policy (its own contexts, fresh nonces, no replay,
//! records matching the statement), verifies everything that survives in one batch per block, and
//! appends the valid submissions to an append-only log. Invalid submissions are rejected with a reason;
//! nothing already appended is ever touched.
//!
//! **Aggregation.** The node that produced the block then aggregates the block's accepted proofs, one
//! SnarkPack aggregate per circuit ([`tradeproof::aggregate`]), and publishes the statements, their
//! records and the aggregates — not the individual proofs. Every other node (a [`Follower`]) decodes
//! each aggregate strictly, verifies it against the statements it covers (a few dozen pairings, however
//! many proofs), applies the same policy and appends the same entries: its log's hash chain ends where
//! the producer's does. A tampered aggregate is refused and nothing of that block is appended. The
//! demo uses a seeded SRS (`Srs<InsecureSeeded>`, demos and tests only); a deployment builds an
//! `Srs<Ceremony>` from two powers-of-tau files (`Ptau::aggregation_powers`, `Srs::from_powers`).
//! With the demo's small blocks the follower's aggregate check costs more than batch-verifying the
//! proofs would (an aggregate costs about 14–30 ms whatever its size); aggregation pays from about
//! 500 proofs per circuit and block (`BENCHMARKS.md`, `aggregate`).
//!
//! ```text
//! cargo run --release --example ledger_node -- [--blocks 3] [--per-block 24]
//! ```
use tradeproof_support as common;

use std::collections::{HashMap, HashSet};
use std::time::Instant;
use tradeproof::aggregate::{
    aggregate, verify_aggregate, AggregateProof, Srs, SrsKind, VerifierSrs,
};
use tradeproof::keys;
use tradeproof::prelude::*;
use tradeproof::{CircuitId, Error};

/// One appended entry: the statement, the digests of its records, and a hash chaining it to the log.
pub struct Entry {
    /// The claim's statement id.
    pub statement_id: [u8; 32],
    /// The sealed records' digests.
    pub records: Vec<ark_bn254::Fr>,
    /// blake3(previous hash ‖ statement id ‖ record digests).
    pub chain: [u8; 32],
}

/// A minimal ledger node.
pub struct LedgerNode {
    ledger_id: u64,
    verifier: Verifier,
    issued: HashSet<u64>,
    next_nonce: u64,
    seen: HashSet<[u8; 32]>,
    /// The append-only log.
    pub log: Vec<Entry>,
    /// Sealed records by digest (what the ledger stores).
    pub records: HashMap<[u8; 32], SealedRecord>,
    /// The submissions appended by the last block, in log order (what [`LedgerNode::publish`]
    /// aggregates).
    last_block: Vec<Submission>,
}

/// What the producer publishes for a block: the appended statements with their records, in log
/// order, and one aggregate per circuit (the positions it covers, its bytes).
pub struct PublishedBlock {
    /// Statements and sealed records, in log order.
    pub entries: Vec<(Statement, Vec<SealedRecord>)>,
    /// `(positions in entries, aggregate proof bytes)`, one per circuit.
    pub aggregates: Vec<(Vec<usize>, Vec<u8>)>,
}

/// The next link of the log's hash chain: blake3(previous ‖ statement id ‖ record digests).
fn chain_next(prev: &[u8; 32], id: &[u8; 32], digests: &[ark_bn254::Fr]) -> [u8; 32] {
    let mut h = blake3::Hasher::new();
    h.update(prev).update(id);
    for d in digests {
        h.update(&fr_key(d));
    }
    *h.finalize().as_bytes()
}

/// What happened to a block.
pub struct BlockReport {
    /// Submissions appended.
    pub appended: usize,
    /// Rejected positions with reasons.
    pub rejected: Vec<(usize, String)>,
}

fn fr_key(x: &ark_bn254::Fr) -> [u8; 32] {
    let mut k = [0u8; 32];
    k.copy_from_slice(&tradeproof::encoding::fr_le_bytes(x));
    k
}

impl LedgerNode {
    /// A node for `ledger_id` accepting proofs for the given verifying keys.
    pub fn new(ledger_id: u64, keys: Vec<VerifyingKey>) -> Self {
        LedgerNode {
            ledger_id,
            verifier: Verifier::new(keys),
            issued: HashSet::new(),
            next_nonce: 1,
            seen: HashSet::new(),
            log: Vec::new(),
            records: HashMap::new(),
            last_block: Vec::new(),
        }
    }

    /// Issues a statement nonce: the prover binds its proof to `Context::new(ledger_id, nonce)`.
    pub fn issue_nonce(&mut self) -> u64 {
        let n = self.next_nonce;
        self.next_nonce += 1;
        self.issued.insert(n);
        n
    }

    fn expected_context(&self, c: &Context) -> Option<u64> {
        // The node only knows the contexts it issued; a real node would keep a map from context to nonce.
        self.issued
            .iter()
            .copied()
            .find(|n| Context::new(self.ledger_id, *n) == *c)
    }

    /// Processes one block of submissions.
    pub fn process_block(&mut self, blobs: &[Vec<u8>]) -> BlockReport {
        let mut rejected = Vec::new();
        let mut admitted: Vec<(usize, Submission, u64)> = Vec::new();
        let mut ids_in_block = HashSet::new();
        for (i, bytes) in blobs.iter().enumerate() {
            match self.admit(bytes, &mut ids_in_block) {
                Ok((sub, nonce)) => admitted.push((i, sub, nonce)),
                Err(why) => rejected.push((i, why)),
            }
        }
        let items: Vec<(Statement, Proof)> = admitted
            .iter()
            .map(|(_, s, _)| (s.statement.clone(), s.proof))
            .collect();
        // Contexts were checked in `admit`; the verifier re-checks them against the issued nonces.
        let contexts: Vec<Context> = admitted
            .iter()
            .map(|(_, _, n)| Context::new(self.ledger_id, *n))
            .collect();
        let report = self
            .verifier
            .verify_batch(&items, ContextRule::PerItem(&contexts));
        let mut appended = 0;
        self.last_block.clear();
        for (j, (i, sub, nonce)) in admitted.into_iter().enumerate() {
            if !report.is_valid(j) {
                let why = report
                    .invalid
                    .iter()
                    .find(|r| r.index == j)
                    .map(|r| r.reason.to_string())
                    .unwrap_or_default();
                rejected.push((i, why));
                continue;
            }
            self.issued.remove(&nonce);
            let id = sub.statement.id();
            self.seen.insert(id);
            let digests: Vec<_> = sub.records.iter().map(|r| r.digest()).collect();
            let prev = self.log.last().map(|e| e.chain).unwrap_or([0; 32]);
            for r in &sub.records {
                self.records.insert(fr_key(&r.digest()), *r);
            }
            self.log.push(Entry {
                statement_id: id,
                chain: chain_next(&prev, &id, &digests),
                records: digests,
            });
            self.last_block.push(sub);
            appended += 1;
        }
        rejected.sort_by_key(|r| r.0);
        BlockReport { appended, rejected }
    }

    fn admit(
        &self,
        bytes: &[u8],
        ids_in_block: &mut HashSet<[u8; 32]>,
    ) -> Result<(Submission, u64), String> {
        let sub = Submission::from_bytes(bytes).map_err(|e| format!("malformed: {e}"))?;
        sub.check_records().map_err(|e| e.to_string())?;
        let id = sub.statement.id();
        if self.seen.contains(&id) || ids_in_block.contains(&id) {
            return Err("replay: this statement was already accepted".into());
        }
        let nonce = self
            .expected_context(&sub.statement.context())
            .ok_or("context not issued by this ledger (or already used)")?;
        ids_in_block.insert(id);
        Ok((sub, nonce))
    }

    /// Recomputes the hash chain of the log.
    pub fn log_is_intact(&self) -> bool {
        chain_is_intact(&self.log)
    }

    /// Aggregates the last block's proofs, one aggregate per circuit, and returns what the producer
    /// publishes. (The proofs were verified by `process_block`; aggregating only valid proofs is what
    /// makes the aggregate verify.)
    pub fn publish<K: SrsKind>(&self, srs: &Srs<K>) -> tradeproof::Result<PublishedBlock> {
        let mut groups: Vec<(CircuitId, Vec<usize>)> = Vec::new();
        for (i, sub) in self.last_block.iter().enumerate() {
            let id = sub.statement.circuit_id();
            match groups.iter_mut().find(|(c, _)| *c == id) {
                Some((_, v)) => v.push(i),
                None => groups.push((id, vec![i])),
            }
        }
        let mut aggregates = Vec::with_capacity(groups.len());
        for (id, positions) in groups {
            let vk = self.verifier.key(&id).ok_or(Error::UnknownCircuit(id))?;
            let items: Vec<(Statement, Proof)> = positions
                .iter()
                .map(|&i| {
                    (
                        self.last_block[i].statement.clone(),
                        self.last_block[i].proof,
                    )
                })
                .collect();
            aggregates.push((positions, aggregate(srs, vk, &items)?.to_bytes()));
        }
        Ok(PublishedBlock {
            entries: self
                .last_block
                .iter()
                .map(|s| (s.statement.clone(), s.records.clone()))
                .collect(),
            aggregates,
        })
    }
}

fn chain_is_intact(log: &[Entry]) -> bool {
    let mut prev = [0u8; 32];
    log.iter().all(|e| {
        let ok = chain_next(&prev, &e.statement_id, &e.records) == e.chain;
        prev = e.chain;
        ok
    })
}

/// A node that did not produce the block: it verifies the published aggregates instead of the
/// proofs, with the same policy (contexts the ledger issued, no replay, records matching the
/// statements), and appends the same entries.
pub struct Follower<K: SrsKind> {
    keys: HashMap<CircuitId, VerifyingKey>,
    srs: VerifierSrs<K>,
    /// Contexts the ledger issued and not used yet (ledger state every node replicates).
    pub contexts: HashSet<Context>,
    seen: HashSet<[u8; 32]>,
    /// The append-only log.
    pub log: Vec<Entry>,
}

impl<K: SrsKind> Follower<K> {
    /// A follower accepting the given keys, verifying aggregates under `srs`.
    pub fn new(keys: Vec<VerifyingKey>, srs: VerifierSrs<K>) -> Self {
        Follower {
            keys: keys.into_iter().map(|k| (k.circuit_id(), k)).collect(),
            srs,
            contexts: HashSet::new(),
            seen: HashSet::new(),
            log: Vec::new(),
        }
    }

    /// Verifies a published block and appends its entries; on any failure nothing is appended.
    pub fn apply(&mut self, block: &PublishedBlock) -> Result<(), String> {
        let n = block.entries.len();
        let mut covered = vec![false; n];
        for (positions, bytes) in &block.aggregates {
            let agg = AggregateProof::from_bytes(bytes).map_err(|e| format!("aggregate: {e}"))?;
            let vk = self
                .keys
                .get(&agg.circuit_id())
                .ok_or("aggregate for an unknown circuit")?;
            let mut statements = Vec::with_capacity(positions.len());
            for &i in positions {
                if i >= n || std::mem::replace(&mut covered[i], true) {
                    return Err("aggregate positions do not partition the block".into());
                }
                statements.push(block.entries[i].0.clone());
            }
            // The contexts must be ones the ledger issued (checked again below, with "not used twice").
            let issued = |_: usize, c: &Context| self.contexts.contains(c);
            verify_aggregate(
                &self.srs,
                vk,
                &statements,
                &agg,
                ContextRule::Check(&issued),
            )
            .map_err(|e| e.to_string())?;
        }
        if covered.iter().any(|c| !c) {
            return Err("an entry is covered by no aggregate".into());
        }
        let mut contexts = self.contexts.clone();
        let mut ids = HashSet::new();
        for (statement, records) in &block.entries {
            let id = statement.id();
            if self.seen.contains(&id) || !ids.insert(id) {
                return Err("replay: this statement was already accepted".into());
            }
            if !contexts.remove(&statement.context()) {
                return Err("context not issued by this ledger (or already used)".into());
            }
            let expected = statement
                .claim()
                .map_err(|e| e.to_string())?
                .record_digests();
            let digests: Vec<_> = records.iter().map(|r| r.digest()).collect();
            if digests != expected {
                return Err("the sealed records are not the ones the statement names".into());
            }
        }
        // Everything checked: append.
        for (statement, records) in &block.entries {
            let id = statement.id();
            let digests: Vec<_> = records.iter().map(|r| r.digest()).collect();
            let prev = self.log.last().map(|e| e.chain).unwrap_or([0; 32]);
            self.log.push(Entry {
                statement_id: id,
                chain: chain_next(&prev, &id, &digests),
                records: digests,
            });
            self.seen.insert(id);
        }
        self.contexts = contexts;
        Ok(())
    }
}

/// Demo options.
pub struct Options {
    /// Blocks to process.
    pub blocks: usize,
    /// Valid submissions per block.
    pub per_block: usize,
    /// Print the narrative.
    pub verbose: bool,
}

/// What the demo saw.
pub struct Outcome {
    /// Entries in the log at the end.
    pub appended: usize,
    /// Rejections (block, position, reason).
    pub rejected: Vec<(usize, usize, String)>,
    /// Whether the log's hash chain is intact.
    pub intact: bool,
    /// Aggregates the follower verified.
    pub aggregates_verified: usize,
    /// Whether the follower's log ends in the producer's chain hash, entry for entry.
    pub follower_agrees: bool,
    /// Why the follower refused the tampered copies of a published block (a flipped byte in an
    /// aggregate, two statements swapped).
    pub tampered_refusals: Vec<String>,
}

fn parse_args() -> Options {
    let mut o = Options {
        blocks: 3,
        per_block: 24,
        verbose: true,
    };
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut i = 0;
    while i < args.len() {
        let v: usize = args
            .get(i + 1)
            .and_then(|v| v.parse().ok())
            .unwrap_or_else(|| {
                eprintln!("usage: ledger_node [--blocks B] [--per-block N]");
                std::process::exit(2)
            });
        match args[i].as_str() {
            "--blocks" => o.blocks = v.max(2),
            "--per-block" => o.per_block = v.max(2),
            _ => {
                eprintln!("usage: ledger_node [--blocks B] [--per-block N]");
                std::process::exit(2)
            }
        }
        i += 2;
    }
    o
}

fn main() -> tradeproof::Result<()> {
    let o = parse_args();
    let out = run(&o)?;
    if !out.intact || !out.follower_agrees {
        std::process::exit(1);
    }
    Ok(())
}

/// Runs the demo: `blocks` blocks of `per_block` valid submissions, the second block also carrying
/// garbage, a replay, a foreign context, a corrupted proof and a record that does not match.
pub fn run(o: &Options) -> tradeproof::Result<Outcome> {
    let say = |s: String| {
        if o.verbose {
            println!("{s}");
        }
    };
    let per = o.per_block;
    let world = common::world(o.blocks * per, 0, &[], 5);
    let (pk1, vk1) = keys::setup_from_seed(ClaimKind::ValueRange, [31; 32])?;
    let (pk2, vk2) = keys::setup_from_seed(ClaimKind::OriginEquals, [32; 32])?;
    let prover = Prover::new([pk1, pk2])?;
    let mut node = LedgerNode::new(common::LEDGER, vec![vk1.clone(), vk2.clone()]);
    // Seeded SRS: demos and tests only (a deployment loads Srs<Ceremony> from two .ptau files).
    let srs = Srs::insecure_from_seed(per.max(2).next_power_of_two(), [33; 32])?;
    let mut follower = Follower::new(vec![vk1, vk2], srs.verifier_srs());
    let mut aggregates_verified = 0;
    let mut tampered_refusals = Vec::new();
    say(format!(
        "ledger node {} accepts value-range and origin claims; a follower node verifies the \
         producer's aggregates",
        common::LEDGER
    ));
    let ke = Country::parse("KE")?;
    let mut rejected_all = Vec::new();
    let mut replay_source: Option<Vec<u8>> = None;
    for b in 0..o.blocks {
        // Exporters ask the node for nonces, prove, and submit.
        let mut witnesses = Vec::with_capacity(per);
        let mut records = Vec::with_capacity(per);
        for k in 0..per {
            let i = b * per + k;
            let s = &world.shipments[i];
            let ctx = Context::new(common::LEDGER, node.issue_nonce());
            follower.contexts.insert(ctx);
            let opening = s.declaration.opening(&s.declaration_key)?;
            let w = if k % 2 == 0 {
                Witness::value_range(
                    opening,
                    &ctx,
                    DocType::CustomsDeclaration,
                    layout::AMOUNT,
                    common::BAND.0,
                    common::BAND.1,
                )?
            } else {
                Witness::origin_equals(opening, &ctx, DocType::CustomsDeclaration, ke)?
            };
            witnesses.push(w);
            records.push(s.declaration);
        }
        let proven = prover.prove_batch(witnesses, &BatchOptions::default());
        let mut blobs = Vec::with_capacity(per + 5);
        for (r, rec) in proven.into_iter().zip(records) {
            let (statement, proof) = r?;
            blobs.push(
                Submission {
                    records: vec![rec],
                    statement,
                    proof,
                }
                .to_bytes(),
            );
        }
        if b == 0 {
            replay_source = Some(blobs[0].clone());
        }
        if b == 1 {
            // Garbage, a replay of block 0's first submission, a foreign ledger's context, a flipped
            // bit in a proof, and a submission whose record is not the one proven.
            blobs.push(b"not a submission".to_vec());
            if let Some(r) = &replay_source {
                blobs.push(r.clone());
            }
            let s = &world.shipments[0];
            let ctx = Context::new(common::LEDGER + 1, 1);
            let w = Witness::origin_equals(
                s.declaration.opening(&s.declaration_key)?,
                &ctx,
                DocType::CustomsDeclaration,
                ke,
            )?;
            let (statement, proof) = prover.prove(w)?;
            blobs.push(
                Submission {
                    records: vec![s.declaration],
                    statement,
                    proof,
                }
                .to_bytes(),
            );
            let mut flipped = blobs[1].clone();
            let at = flipped.len() - 40; // inside proof C
            flipped[at] ^= 0x04;
            blobs.push(flipped);
            let mut swapped = Submission::from_bytes(&blobs[2])?;
            swapped.records = vec![world.shipments[1].declaration];
            blobs.push(swapped.to_bytes());
            // A genuine proof presented for a statement it does not prove (a wider band).
            let mut widened = Submission::from_bytes(&blobs[0])?;
            let mut inputs = widened.statement.inputs().to_vec();
            let last = inputs.len() - 1;
            inputs[last] += ark_bn254::Fr::from(1u64);
            widened.statement = Statement::from_inputs(
                widened.statement.circuit_id(),
                widened.statement.kind(),
                inputs,
            )?;
            blobs.push(widened.to_bytes());
        }
        let t = Instant::now();
        let report = node.process_block(&blobs);
        say(format!(
            "block {b}: {} submissions, {} appended, {} rejected, {:.1} ms",
            blobs.len(),
            report.appended,
            report.rejected.len(),
            t.elapsed().as_secs_f64() * 1e3
        ));
        for (i, why) in &report.rejected {
            say(format!("  rejected #{i}: {why}"));
        }
        rejected_all.extend(report.rejected.into_iter().map(|(i, w)| (b, i, w)));

        // The producer aggregates the block's proofs; the follower verifies the aggregates.
        let t = Instant::now();
        let published = node.publish(&srs)?;
        let aggregated_in = t.elapsed();
        let bytes: usize = published.aggregates.iter().map(|(_, a)| a.len()).sum();
        if b == 0 {
            // Tampered copies first: a flipped byte in an aggregate, two statements swapped.
            let mut flipped = published.aggregates.clone();
            let mid = flipped[0].1.len() / 2;
            flipped[0].1[mid] ^= 0x01;
            let mut swapped = published.entries.clone();
            let (i, j) = (published.aggregates[0].0[0], published.aggregates[0].0[1]);
            swapped.swap(i, j);
            for (what, copy) in [
                (
                    "flipped byte",
                    PublishedBlock {
                        entries: published.entries.clone(),
                        aggregates: flipped,
                    },
                ),
                (
                    "swapped statements",
                    PublishedBlock {
                        entries: swapped,
                        aggregates: published.aggregates.clone(),
                    },
                ),
            ] {
                if let Err(why) = follower.apply(&copy) {
                    say(format!(
                        "  follower refuses a tampered block ({what}): {why}"
                    ));
                    tampered_refusals.push(why);
                }
            }
        }
        let t = Instant::now();
        match follower.apply(&published) {
            Ok(()) => {
                aggregates_verified += published.aggregates.len();
                say(format!(
                    "  producer aggregated {} proofs into {} aggregates ({bytes} bytes) in {:.1} ms; \
                     follower verified them in {:.1} ms",
                    published.entries.len(),
                    published.aggregates.len(),
                    aggregated_in.as_secs_f64() * 1e3,
                    t.elapsed().as_secs_f64() * 1e3
                ));
            }
            Err(why) => say(format!("  follower refuses the block: {why}")),
        }
    }
    let intact = node.log_is_intact();
    let follower_agrees = chain_is_intact(&follower.log)
        && follower.log.len() == node.log.len()
        && follower.log.last().map(|e| e.chain) == node.log.last().map(|e| e.chain);
    say(format!(
        "log: {} entries, hash chain intact: {intact}, {} sealed records stored; follower log \
         agrees: {follower_agrees}",
        node.log.len(),
        node.records.len()
    ));
    Ok(Outcome {
        appended: node.log.len(),
        rejected: rejected_all,
        intact,
        aggregates_verified,
        follower_agrees,
        tampered_refusals,
    })
}
