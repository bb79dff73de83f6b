//! A CosmWasm contract that is a trade ledger's claim registry: it holds the verifying keys the
//! consortium pinned, accepts batches of `(statement, proof)` submissions in tradeproof's binary
//! forms, verifies them **inside the contract** with `tradeproof-verifier` (no prover, no circuits,
//! no threads, no OS entropy), records the statements whose proofs verify, refuses replays, and
//! answers whether a statement was accepted.
//!
//! # Why CosmWasm
//! CosmWasm is a WebAssembly smart-contract runtime used by trade-finance and supply-chain chains of
//! the Cosmos ecosystem, its contracts are ordinary Rust crates, and its test harness
//! (`cw-multi-test`, which runs contracts against a simulated chain with real message dispatch,
//! storage and block info) runs in `cargo test` with nothing else installed — so the embedding is
//! tested here end to end. A Substrate pallet was the alternative; its `no_std` runtime would take the
//! same crate, but its framework is far heavier to build and test in CI.
//!
//! # Inside the runtime's constraints
//! - **Determinism.** Every node must reach the same verdict, so the batch weights use no local
//!   randomness: the entropy is the block height, time and chain id ([`block_entropy`]), fixed for
//!   every node and unknown to a submitter when the batch was built; the weights also hash the whole
//!   batch (Fiat–Shamir, see `tradeproof_verifier::verify`).
//! - **No synthesis, no floats, no threads.** Keys decode against the pinned circuit ids (about a
//!   quarter of a millisecond each natively); verification is field and curve arithmetic on one
//!   thread. A contract keeps no memory between calls, so every transaction decodes and prepares the
//!   stored keys again (e(α, β) and the lines of −γ and −δ: about 1.2 ms a key natively, several times
//!   that in WebAssembly).
//! - **Bounded work.** A batch holds at most [`MAX_BATCH`] items; a submitter whose batch contains an
//!   invalid item pays for the culprit search in its own transaction.
//! - **Cost.** Verification runs as WebAssembly arithmetic (CosmWasm has BLS12-381 host functions but
//!   none for BN254), so a real chain charges its Wasm gas for every pairing; the test harness does
//!   not meter gas. Measure it on the target chain before setting `MAX_BATCH`.
use cosmwasm_std::{
    entry_point, to_json_binary, Binary, Deps, DepsMut, Env, MessageInfo, Response, StdResult,
};
use serde::{Deserialize, Serialize};
use tradeproof_verifier::{Rejection, Statement, Verifier, VerifyingKey};

/// Largest number of submissions in one batch.
pub const MAX_BATCH: usize = 256;

const KEYS: &[u8] = b"keys";
const ACCEPTED: &[u8] = b"accepted/";

/// The contract's errors.
#[derive(Debug, thiserror::Error)]
pub enum ContractError {
    /// A verifying key did not decode (or is not pinned).
    #[error("verifying key {index}: {error}")]
    Key {
        /// Its position.
        index: usize,
        /// Why.
        error: tradeproof_verifier::Error,
    },
    /// The keys cannot form a verifier (two for one circuit).
    #[error("keys: {0}")]
    Keys(tradeproof_verifier::Error),
    /// No keys were given.
    #[error("no verifying keys")]
    NoKeys,
    /// The batch is empty or larger than [`MAX_BATCH`].
    #[error("a batch holds 1 to {MAX_BATCH} submissions, this one {0}")]
    BatchSize(usize),
    /// The required context is not a canonical field element.
    #[error("context: {0}")]
    Context(tradeproof_verifier::Error),
    /// Storage holds no keys (not instantiated).
    #[error("the contract holds no keys")]
    NotInstantiated,
    /// A CosmWasm error (serialising the outcome).
    #[error("{0}")]
    Std(#[from] cosmwasm_std::StdError),
}

/// Instantiation: the verifying keys the consortium pinned, in tradeproof's binary form.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct InstantiateMsg {
    /// Verifying keys of fixed claim kinds.
    pub keys: Vec<Binary>,
}

/// Transactions.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[serde(rename_all = "snake_case")]
pub enum ExecuteMsg {
    /// Verify a batch and record the statements whose proofs verify.
    SubmitBatch {
        /// `(statement, proof)` in tradeproof's binary forms.
        items: Vec<(Binary, Binary)>,
        /// The context every statement must carry (32 bytes, a field element), if the ledger binds
        /// its submissions to one.
        context: Option<Binary>,
    },
}

/// Queries.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[serde(rename_all = "snake_case")]
pub enum QueryMsg {
    /// Whether the statement with this id (`tradeproof::Statement::id`) was accepted.
    Accepted {
        /// The 32-byte statement id.
        statement_id: Binary,
    },
    /// The fingerprints of the keys the contract holds.
    Fingerprints {},
}

/// The outcome of a batch, also returned as the transaction's data.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct BatchOutcome {
    /// Submissions in the batch.
    pub total: u32,
    /// Submissions accepted now.
    pub accepted: u32,
    /// `(index, reason)` of every submission refused: a `Rejection::code` of the verifier, or 7 for a
    /// statement accepted before (a replay; a statement twice in one batch is recorded at its first
    /// valid submission and the later ones are replays).
    pub refused: Vec<(u32, u8)>,
}

/// Reason code of a replayed statement.
pub const REPLAY: u8 = 7;

/// The batch weights' entropy: block height, time and chain id — the same on every node, and fixed
/// only when the block is.
pub fn block_entropy(env: &Env) -> Vec<u8> {
    let mut e = Vec::with_capacity(16 + env.block.chain_id.len());
    e.extend_from_slice(&env.block.height.to_le_bytes());
    e.extend_from_slice(&env.block.time.nanos().to_le_bytes());
    e.extend_from_slice(env.block.chain_id.as_bytes());
    e
}

fn frame(keys: &[Binary]) -> Vec<u8> {
    let mut out = Vec::new();
    for k in keys {
        out.extend_from_slice(&(k.len() as u32).to_le_bytes());
        out.extend_from_slice(k);
    }
    out
}

fn load_keys(bytes: &[u8]) -> Result<Vec<VerifyingKey>, ContractError> {
    let mut keys = Vec::new();
    let mut at = 0;
    while at < bytes.len() {
        let len = bytes
            .get(at..at + 4)
            .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize)
            .ok_or(ContractError::NotInstantiated)?;
        let key = bytes
            .get(at + 4..at + 4 + len)
            .ok_or(ContractError::NotInstantiated)?;
        keys.push(
            VerifyingKey::from_bytes(key).map_err(|error| ContractError::Key {
                index: keys.len(),
                error,
            })?,
        );
        at += 4 + len;
    }
    Ok(keys)
}

/// Stores the keys after checking each (decoded, pinned, safe) and that they form a verifier.
#[entry_point]
pub fn instantiate(
    deps: DepsMut,
    _env: Env,
    _info: MessageInfo,
    msg: InstantiateMsg,
) -> Result<Response, ContractError> {
    if msg.keys.is_empty() {
        return Err(ContractError::NoKeys);
    }
    let framed = frame(&msg.keys);
    let keys = load_keys(&framed)?;
    Verifier::new(keys).map_err(ContractError::Keys)?;
    deps.storage.set(KEYS, &framed);
    Ok(Response::new().add_attribute("keys", msg.keys.len().to_string()))
}

/// Verifies a batch and records what verified.
#[entry_point]
pub fn execute(
    deps: DepsMut,
    env: Env,
    _info: MessageInfo,
    msg: ExecuteMsg,
) -> Result<Response, ContractError> {
    let ExecuteMsg::SubmitBatch { items, context } = msg;
    if items.is_empty() || items.len() > MAX_BATCH {
        return Err(ContractError::BatchSize(items.len()));
    }
    let context = match context {
        Some(c) => {
            Some(tradeproof_verifier::decode::field_element(&c).map_err(ContractError::Context)?)
        }
        None => None,
    };
    let stored = deps
        .storage
        .get(KEYS)
        .ok_or(ContractError::NotInstantiated)?;
    let verifier = Verifier::new(load_keys(&stored)?).map_err(ContractError::Keys)?;
    let raw: Vec<(&[u8], &[u8])> = items.iter().map(|(s, p)| (&s[..], &p[..])).collect();
    let report = verifier.verify_batch_bytes(&raw, context.as_ref(), &block_entropy(&env));
    let mut refused: Vec<(u32, u8)> = report
        .invalid
        .iter()
        .map(|(i, r): &(usize, Rejection)| (*i as u32, r.code()))
        .collect();
    let mut accepted = 0u32;
    for (i, (st, _)) in raw.iter().enumerate() {
        if report.invalid.iter().any(|(j, _)| *j == i) {
            continue;
        }
        // It verified, so it decodes.
        let Ok(st) = Statement::from_bytes(st) else {
            continue;
        };
        let key = [ACCEPTED, &st.id()[..]].concat();
        if deps.storage.get(&key).is_some() {
            refused.push((i as u32, REPLAY));
        } else {
            deps.storage.set(&key, &[1]);
            accepted += 1;
        }
    }
    refused.sort_unstable();
    let outcome = BatchOutcome {
        total: report.total as u32,
        accepted,
        refused,
    };
    Ok(Response::new()
        .add_attribute("accepted", outcome.accepted.to_string())
        .add_attribute("refused", outcome.refused.len().to_string())
        .set_data(to_json_binary(&outcome)?))
}

/// Answers queries.
#[entry_point]
pub fn query(deps: Deps, _env: Env, msg: QueryMsg) -> StdResult<Binary> {
    match msg {
        QueryMsg::Accepted { statement_id } => {
            let key = [ACCEPTED, &statement_id[..]].concat();
            to_json_binary(&deps.storage.get(&key).is_some())
        }
        QueryMsg::Fingerprints {} => {
            let stored = deps.storage.get(KEYS).unwrap_or_default();
            let fingerprints: Vec<Binary> = load_keys(&stored)
                .unwrap_or_default()
                .iter()
                .map(|k| Binary::from(k.fingerprint.to_vec()))
                .collect();
            to_json_binary(&fingerprints)
        }
    }
}
