//! # Sensor range held
//!
//! **Statement.** *A registered, unrevoked device of kind `K` signed a batch of readings for the
//! shipment whose sealed bill of lading has digest `B`. The batch holds at least `min_count` readings;
//! every value lies in `[min, max]`; and the readings cover the window `(from, to]` with no gap longer
//! than `max_gap` seconds: the first comes 1 to `max_gap` seconds after `from`, each next one 1 to
//! `max_gap` seconds after the one before, and the last is taken at `to`.*
//!
//! ```text
//! ∃ k, w, m, id, A, σ, π_reg, π_rev, seq, n, (t_i, v_i)_{i<n} :
//!     Digest(Seal(k, w, m)) = B  ∧  m[DOC_TYPE] = 4                          the prover holds the B/L
//!   ∧ C = Commit(id, B, seq, n, t_0‖v_0, …, t_{n−1}‖v_{n−1}, 0, …, 0)        the batch, padded to 96
//!   ∧ EdDSA-Poseidon.Verify(A, C, σ)                                        signed by the device key A
//!   ∧ MerkleRoot(Poseidon4(id, K, A.x, A.y), π_reg) = registry_root         A is device id's key, kind K
//!   ∧ id ∉ RevokedSet(revocation_root)                                      via π_rev
//!   ∧ min_count ≤ n ≤ 96
//!   ∧ ∀ i < n : min ≤ v_i ≤ max                                             signed 32-bit values
//!   ∧ 1 ≤ t_0 − from ≤ max_gap  ∧  ∀ 0 < i < n : 1 ≤ t_i − t_{i−1} ≤ max_gap  ∧  t_{n−1} = to
//! ```
//!
//! **Public inputs**, in order: `B`, `context`, `K`, `registry_root`, `revocation_root`, `min`, `max`,
//! `from`, `to`, `max_gap`, `min_count` ([`Public`], [`input`]). The device, its key, the sequence
//! number, the number of readings and the readings stay private.
//!
//! # Data
//! - **Devices** hold an EdDSA-Poseidon key (circomlib-compatible, like certificate issuers) and are
//!   listed with their [`DeviceKind`] in a [`DeviceRegistry`], a Poseidon Merkle tree of depth
//!   [`REGISTRY_DEPTH`] over leaves `Poseidon(id, kind, A.x, A.y)`; revoked devices are in a
//!   [`DeviceRevocations`] indexed Merkle tree. Binding the kind in the leaf is what stops a hygrometer's
//!   percentages from passing as temperatures.
//! - **Readings** ([`Reading`]) are a time in seconds since 1970-01-01 UTC (below `2^40`) and a signed
//!   value in hundredths of the kind's unit ([`DeviceKind::unit`]): `−1.50 °C` is `−150`. Each is
//!   packed into one field element, the word `t·2^32 + (v + 2^31)` ([`Reading::word`];
//!   [`crate::gadgets::signed`] defines the offset code).
//! - **Batches** ([`ReadingBatch`]) hold 1 to [`CAPACITY`] readings of one device for one shipment,
//!   with the device's sequence number. The device signs one commitment per batch
//!   ([`ReadingBatch::commitment`]): circomlib `Poseidon(16)` chained over `[domain, id, B, seq, n,
//!   words…]` with the words padded by zeros to 96, so a claim checks one signature per batch, not per
//!   reading. The count `n` is signed: dropping a reading from the tail, or adding one, changes the
//!   commitment.
//!
//! # Why the circuit is sound
//! - Slot `i` is *active* iff `i < n`: flags `a_0 = 1`, `a_i ∈ {0,1}`, `a_i ≤ a_{i−1}`, `Σ a_i = n`.
//!   Inactive slots are switched off with [`crate::gadgets::interval`]; their words stay in the
//!   commitment, so they are whatever the device signed (zeros).
//! - For an active slot the circuit splits the signed word into `t_i` and `u_i = v_i + 2^31` and checks
//!   `u(min) ≤ u_i ≤ u(max)` and `1 ≤ t_i − t_{i−1} ≤ max_gap` (with `t_{−1} = from`). The bounds are
//!   range-checked (`min`, `max` signed 32-bit, `from` and `to` below `2^40`, `max_gap` below `2^32`), so
//!   `u_i < 2^32` and, by induction along the chain, `t_i < 2^41`: the split of the word is the unique
//!   one, i.e. the device's own time and value.
//! - The last reading is selected by `a_i − a_{i+1}` (one-hot, since the flags are a prefix of ones) and
//!   equated to `to`.
//!
//! # Chaining batches
//! A voyage longer than 96 readings is proven with one claim per batch, with windows that **tile** the
//! voyage: batch `k + 1`'s `from` is batch `k`'s `to`. Since each claim's last reading is at its `to`
//! and each claim's first reading comes 1 to `max_gap` seconds after its `from`, the readings of
//! consecutive batches are strictly increasing and no gap — inside a batch or across a boundary — is
//! longer than `max_gap`. A verifier of a voyage from loading at `L` to arrival at `R` therefore checks:
//! every claim verifies with the same `B`, `K`, roots, bounds and `max_gap`; the first `from` is at most
//! `L`; each `from` equals the previous `to`; the last `to` is at least `R` (the record reaches arrival).
//! Sequence numbers are signed but not public: the tiling already fixes the order, and keeping the
//! device and its numbering private keeps batches of different shipments unlinkable. The price of the
//! tiling is that each claim shows when its batch's last reading was taken.
//!
//! Cost: 34,169 constraints for 96 readings (budget 45,000): 177 per reading — two 32-bit interval
//! checks (value, gap), the activity flag, the last-reading selector and the reading's share of the
//! chained commitment hash — and 17,153 for the rest: the signature (4,899), the registry path (depth
//! 16), non-revocation (5,600) and the bill of lading's opening (1,650). Test
//! `constraint_count_within_budget` prints the figures.
use super::{
    alloc_inputs, bind_context, check_count, check_registry_entries, check_type, fail, fe,
    fixed_shape_circuit, fixed_shape_public, read, registry_tree, revocation_tree, ClaimCircuit,
    ClaimError, ClaimPublic, PredicateFailed,
};
use crate::gadgets::babyjubjub::{Point, PointVar};
use crate::gadgets::bits::{enforce_leq, enforce_range};
use crate::gadgets::eddsa::{self, Signature, SignatureVar};
use crate::gadgets::indexed_merkle::{
    IndexedMerkleTree, NonMembershipVar, NonMembershipWitness, REVOCATION_DEPTH,
};
use crate::gadgets::interval::enforce_within_if;
use crate::gadgets::merkle::{MerklePath, MerklePathVar, MerkleTree};
use crate::gadgets::{poseidon, signed};
use crate::layout::{DocType, DOC_TYPE};
use crate::record::{RecordOpening, RecordVar};
use ark_bn254::Fr;
use ark_ff::{Field, PrimeField, Zero};
use ark_r1cs_std::fields::fp::FpVar;
use ark_r1cs_std::prelude::*;
use ark_relations::gr1cs::{ConstraintSynthesizer, ConstraintSystemRef, SynthesisError};

const NAME: &str = "sensor_range";

/// Most readings in one signed batch.
pub const CAPACITY: usize = 96;
/// Depth of the device registry (65,536 devices).
pub const REGISTRY_DEPTH: usize = 16;
/// Times are seconds since 1970-01-01 UTC below `2^40` (the year 36812).
pub const TIME_BITS: usize = 40;
/// `max_gap` is below `2^32` seconds.
pub const GAP_BITS: usize = 32;
/// Bits of `min_count` (at most [`CAPACITY`]).
const COUNT_BITS: usize = 7;
/// Elements absorbed per chained `Poseidon(16)` call after the first.
const CHAIN_RATE: usize = poseidon::MAX_INPUTS - 1;

/// What a device measures, and the unit of its values (hundredths of it). Binary and public-input
/// code: `1`, `2`, `3`; JSON `"thermometer"`, `"hygrometer"`, `"scale"`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "snake_case")
)]
#[repr(u8)]
pub enum DeviceKind {
    /// Temperature, hundredths of a degree Celsius.
    Thermometer = 1,
    /// Relative humidity, hundredths of a percent.
    Hygrometer = 2,
    /// Mass, hundredths of a kilogram.
    Scale = 3,
}

impl DeviceKind {
    /// Every kind.
    pub const ALL: [DeviceKind; 3] = [
        DeviceKind::Thermometer,
        DeviceKind::Hygrometer,
        DeviceKind::Scale,
    ];

    /// The code in registry leaves and public inputs.
    pub fn code(self) -> u8 {
        self as u8
    }

    /// The kind of a code.
    pub fn from_code(code: u64) -> Option<Self> {
        Self::ALL.into_iter().find(|k| u64::from(k.code()) == code)
    }

    /// The unit whose hundredths the values count.
    pub fn unit(self) -> &'static str {
        match self {
            DeviceKind::Thermometer => "°C",
            DeviceKind::Hygrometer => "%RH",
            DeviceKind::Scale => "kg",
        }
    }
}

/// A value in hundredths of its unit, written as a decimal (`-150` as `"-1.50"`).
pub fn format_hundredths(v: i32) -> String {
    let sign = if v < 0 { "-" } else { "" };
    let a = v.unsigned_abs();
    format!("{sign}{}.{:02}", a / 100, a % 100)
}

/// One reading: when and what.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(deny_unknown_fields)
)]
pub struct Reading {
    /// Seconds since 1970-01-01 UTC, below `2^40`.
    pub time: u64,
    /// Hundredths of the device kind's unit.
    pub value: i32,
}

impl Reading {
    /// The field element a batch commits to: `time·2^32 + (value + 2^31)`.
    pub fn word(&self) -> Fr {
        Fr::from(self.time) * Fr::from(1u64 << 32) + Fr::from(signed::offset(self.value))
    }
}

/// The domain tag of batch commitments: the field element of the bytes `"tradeproof sensor batch v1"`
/// (little-endian), so a device's signature on a batch is never a signature on anything else.
pub fn batch_domain() -> Fr {
    Fr::from_le_bytes_mod_order(b"tradeproof sensor batch v1")
}

/// Chains circomlib `Poseidon(16)` over `elements`: the first call takes 16 elements, each next call
/// the previous hash and the next 15 (zero-padded). Native twin of [`chain_hash_var`].
fn chain_hash(elements: &[Fr]) -> Fr {
    let (first, rest) = elements.split_at(poseidon::MAX_INPUTS.min(elements.len()));
    let mut block = [Fr::zero(); poseidon::MAX_INPUTS];
    block[..first.len()].copy_from_slice(first);
    let mut h = poseidon::hash(&block);
    for chunk in rest.chunks(CHAIN_RATE) {
        let mut block = [Fr::zero(); poseidon::MAX_INPUTS];
        block[0] = h;
        block[1..=chunk.len()].copy_from_slice(chunk);
        h = poseidon::hash(&block);
    }
    h
}

fn chain_hash_var(elements: &[FpVar<Fr>]) -> Result<FpVar<Fr>, SynthesisError> {
    let zero = FpVar::Constant(Fr::zero());
    let pad = |v: &[FpVar<Fr>]| {
        let mut b = v.to_vec();
        b.resize(poseidon::MAX_INPUTS, zero.clone());
        b
    };
    let (first, rest) = elements.split_at(poseidon::MAX_INPUTS.min(elements.len()));
    let mut h = poseidon::hash_var(&pad(first))?;
    for chunk in rest.chunks(CHAIN_RATE) {
        let mut b = vec![h];
        b.extend_from_slice(chunk);
        h = poseidon::hash_var(&pad(&b))?;
    }
    Ok(h)
}

/// The header elements of a batch commitment.
fn header(device: Fr, shipment: Fr, sequence: Fr, count: Fr) -> [Fr; 5] {
    [batch_domain(), device, shipment, sequence, count]
}

/// A batch of readings of one device for one shipment, as the device signs it.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(deny_unknown_fields)
)]
pub struct ReadingBatch {
    /// The device's registry identifier (nonzero).
    pub device: u64,
    /// Digest of the sealed bill of lading of the shipment.
    #[cfg_attr(feature = "serde", serde(with = "crate::encoding::serde::fr_string"))]
    pub shipment: Fr,
    /// The device's sequence number of this batch.
    pub sequence: u64,
    /// 1 to [`CAPACITY`] readings, in the order taken.
    pub readings: Vec<Reading>,
}

impl ReadingBatch {
    /// Checks the shape: a nonzero device, a nonzero shipment digest, 1 to [`CAPACITY`] readings, times
    /// below `2^40`. (Whether the readings make a claim is the claim's business, not the batch's: a
    /// device signs what it measured.)
    pub fn validate(&self) -> Result<(), ClaimError> {
        let bad = |r: String| Err(ClaimError::Parameters(r));
        if self.device == 0 {
            return bad("device identifier 0 is reserved".into());
        }
        if self.shipment.is_zero() {
            return bad("the batch names no shipment (digest 0)".into());
        }
        if self.readings.is_empty() || self.readings.len() > CAPACITY {
            return bad(format!(
                "{} readings in a batch, 1 to {CAPACITY} allowed",
                self.readings.len()
            ));
        }
        if let Some(r) = self.readings.iter().find(|r| r.time >> TIME_BITS != 0) {
            return bad(format!("reading time {} is not below 2^40", r.time));
        }
        Ok(())
    }

    /// The words of the readings, padded with zeros to [`CAPACITY`].
    fn words(&self) -> Vec<Fr> {
        let mut w: Vec<Fr> = self.readings.iter().map(Reading::word).collect();
        w.resize(CAPACITY.max(w.len()), Fr::zero());
        w
    }

    /// What the device signs: circomlib `Poseidon(16)` chained over `[batch_domain(), device,
    /// shipment, sequence, n, word_0, …, word_95]` (words zero-padded; see [`Reading::word`]).
    pub fn commitment(&self) -> Fr {
        let mut e = header(
            fe(self.device),
            self.shipment,
            fe(self.sequence),
            fe(self.readings.len() as u64),
        )
        .to_vec();
        e.extend(self.words());
        chain_hash(&e)
    }

    /// Signs the batch with the device's key.
    pub fn sign(self, key: &eddsa::SecretKey) -> SignedBatch {
        let signature = key.sign(self.commitment());
        SignedBatch {
            batch: self,
            signature,
        }
    }
}

/// A batch with the device's signature on its [`ReadingBatch::commitment`].
///
/// JSON (with the `serde` feature): the batch's fields and `"signature": {"r8": ["<x>", "<y>"], "s":
/// "<decimal>"}`; decoding checks the batch's shape, that `R8` is on the curve and `S` below the
/// subgroup order.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(try_from = "json::SignedBatchJson", into = "json::SignedBatchJson")
)]
pub struct SignedBatch {
    /// The batch.
    pub batch: ReadingBatch,
    /// The device's signature.
    pub signature: Signature,
}

impl SignedBatch {
    /// Whether `key` signed this batch.
    pub fn verify(&self, key: &Point) -> bool {
        eddsa::verify(key, self.batch.commitment(), &self.signature)
    }

    /// Checks what a decoder must: the batch's shape, `R8` on the curve, `S` below the subgroup order.
    pub fn check_encoding(&self) -> Result<(), ClaimError> {
        self.batch.validate()?;
        if !self.signature.r8.is_on_curve() {
            return Err(ClaimError::Parameters(
                "the signature's R8 is not on Baby JubJub".into(),
            ));
        }
        if !crate::gadgets::babyjubjub::is_below_sub_order(self.signature.s) {
            return Err(ClaimError::Parameters(
                "the signature's S is not below the subgroup order".into(),
            ));
        }
        Ok(())
    }
}

#[cfg(feature = "serde")]
mod json {
    use super::*;

    #[derive(serde::Serialize, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct SignedBatchJson {
        device: u64,
        #[serde(with = "crate::encoding::serde::fr_string")]
        shipment: Fr,
        sequence: u64,
        readings: Vec<Reading>,
        signature: Signature,
    }

    impl From<SignedBatch> for SignedBatchJson {
        fn from(b: SignedBatch) -> Self {
            SignedBatchJson {
                device: b.batch.device,
                shipment: b.batch.shipment,
                sequence: b.batch.sequence,
                readings: b.batch.readings,
                signature: b.signature,
            }
        }
    }

    impl TryFrom<SignedBatchJson> for SignedBatch {
        type Error = ClaimError;
        fn try_from(j: SignedBatchJson) -> Result<Self, ClaimError> {
            if j.readings.len() > CAPACITY {
                return Err(ClaimError::Parameters(format!(
                    "more than {CAPACITY} readings"
                )));
            }
            let b = SignedBatch {
                batch: ReadingBatch {
                    device: j.device,
                    shipment: j.shipment,
                    sequence: j.sequence,
                    readings: j.readings,
                },
                signature: j.signature,
            };
            b.check_encoding()?;
            Ok(b)
        }
    }
}

/// The registry leaf of a device: `Poseidon(id, kind, A.x, A.y)`.
pub fn device_leaf(id: u64, kind: DeviceKind, key: &Point) -> Fr {
    poseidon::hash(&[fe(id), fe(kind.code()), key.x, key.y])
}

/// The registry of devices: identifiers, kinds and EdDSA-Poseidon public keys in a Merkle tree.
#[derive(Clone, Debug)]
pub struct DeviceRegistry {
    devices: Vec<(u64, DeviceKind, Point)>,
    tree: MerkleTree,
}

impl DeviceRegistry {
    /// Builds the registry, or says why not: an identifier is 0 or repeats, a key is not a point of the
    /// prime-order subgroup (or is the identity), or there are more than `2^REGISTRY_DEPTH` devices.
    pub fn new(devices: Vec<(u64, DeviceKind, Point)>) -> Result<Self, ClaimError> {
        check_registry_entries("device", devices.iter().map(|(i, _, k)| (*i, k)))?;
        let leaves = devices
            .iter()
            .map(|(i, kind, k)| device_leaf(*i, *kind, k))
            .collect();
        let tree = registry_tree("device", REGISTRY_DEPTH, leaves)?;
        Ok(Self { devices, tree })
    }

    /// The public root.
    pub fn root(&self) -> Fr {
        self.tree.root()
    }

    /// The registered devices.
    pub fn devices(&self) -> &[(u64, DeviceKind, Point)] {
        &self.devices
    }

    /// The kind and key registered for `id`.
    pub fn entry(&self, id: u64) -> Option<(DeviceKind, Point)> {
        self.devices
            .iter()
            .find(|(i, _, _)| *i == id)
            .map(|(_, kind, k)| (*kind, *k))
    }

    /// The membership path of `id`'s leaf.
    pub fn path(&self, id: u64) -> Option<MerklePath> {
        let pos = self.devices.iter().position(|(i, _, _)| *i == id)?;
        self.tree.path(pos as u64)
    }
}

/// The set of revoked devices, an indexed Merkle tree of depth [`REVOCATION_DEPTH`].
#[derive(Clone, Debug)]
pub struct DeviceRevocations {
    tree: IndexedMerkleTree,
}

impl DeviceRevocations {
    /// Builds the set, or says why not: identifier 0, or more than `2^20 − 1` devices.
    pub fn new(revoked: impl IntoIterator<Item = u64>) -> Result<Self, ClaimError> {
        let ids: Vec<u128> = revoked.into_iter().map(u128::from).collect();
        if ids.contains(&0) {
            return Err(ClaimError::Parameters(
                "device identifier 0 is reserved".into(),
            ));
        }
        Ok(Self {
            tree: revocation_tree(ids)?,
        })
    }

    /// The public root.
    pub fn root(&self) -> Fr {
        self.tree.root()
    }

    /// Whether device `id` is revoked.
    pub fn is_revoked(&self, id: u64) -> bool {
        self.tree.contains(id.into())
    }

    /// The non-revocation witness of device `id`, `None` if it is revoked.
    pub fn witness(&self, id: u64) -> Option<NonMembershipWitness> {
        self.tree.non_membership(id.into())
    }
}

/// What a prover knows about the device: its key, its registry path and its non-revocation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeviceWitness {
    /// The device's public key.
    pub key: Point,
    /// Path of the device's leaf in the registry.
    pub registry_path: MerklePath,
    /// Non-membership of the device in the revocation set.
    pub non_revocation: NonMembershipWitness,
}

impl DeviceWitness {
    /// Collects the witness of the device that made `batch`, or names why it cannot: the device is not
    /// registered, or it is revoked.
    pub fn collect(
        batch: &ReadingBatch,
        registry: &DeviceRegistry,
        revocations: &DeviceRevocations,
    ) -> Result<Self, PredicateFailed> {
        let id = batch.device;
        let (Some((_, key)), Some(registry_path)) = (registry.entry(id), registry.path(id)) else {
            return Err(fail(NAME, format!("device {id} is not registered")));
        };
        let non_revocation = revocations
            .witness(id)
            .ok_or_else(|| fail(NAME, format!("device {id} is revoked")))?;
        Ok(Self {
            key,
            registry_path,
            non_revocation,
        })
    }

    /// A witness of the right shape for key generation.
    pub fn blank() -> Self {
        Self {
            key: Point::IDENTITY,
            registry_path: MerklePath {
                index: 0,
                siblings: vec![Fr::zero(); REGISTRY_DEPTH],
            },
            non_revocation: NonMembershipWitness {
                low_value: 0,
                next_value: 0,
                path: MerklePath {
                    index: 0,
                    siblings: vec![Fr::zero(); REVOCATION_DEPTH],
                },
            },
        }
    }
}

/// Positions of the public inputs.
pub mod input {
    /// Digest of the sealed bill of lading.
    pub const SHIPMENT: usize = 0;
    /// Replay context.
    pub const CONTEXT: usize = 1;
    /// Device kind code.
    pub const KIND: usize = 2;
    /// Root of the device registry.
    pub const REGISTRY_ROOT: usize = 3;
    /// Root of the device revocation set.
    pub const REVOCATION_ROOT: usize = 4;
    /// Lowest allowed value (signed, `v mod p`).
    pub const MIN: usize = 5;
    /// Highest allowed value (signed, `v mod p`).
    pub const MAX: usize = 6;
    /// Start of the window (exclusive), seconds.
    pub const FROM: usize = 7;
    /// End of the window, seconds: the time of the last reading.
    pub const TO: usize = 8;
    /// Longest allowed gap, seconds.
    pub const MAX_GAP: usize = 9;
    /// Fewest readings.
    pub const MIN_COUNT: usize = 10;
    /// Number of public inputs.
    pub const COUNT: usize = 11;
}

/// The sensor-range claim.
///
/// JSON (with the `serde` feature): `{"shipment": "…", "device_kind": "thermometer", "registry_root": "…",
/// "revocation_root": "…", "min": 100, "max": 800, "from": 1796000000, "to": 1796300000, "max_gap":
/// 1800, "min_count": 24}`, values in hundredths of the kind's unit.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(deny_unknown_fields)
)]
pub struct Public {
    /// Digest of the sealed bill of lading.
    #[cfg_attr(feature = "serde", serde(with = "crate::encoding::serde::fr_string"))]
    pub shipment: Fr,
    /// The kind of device.
    pub device_kind: DeviceKind,
    /// Root of the device registry.
    #[cfg_attr(feature = "serde", serde(with = "crate::encoding::serde::fr_string"))]
    pub registry_root: Fr,
    /// Root of the device revocation set.
    #[cfg_attr(feature = "serde", serde(with = "crate::encoding::serde::fr_string"))]
    pub revocation_root: Fr,
    /// Lowest allowed value, hundredths of the kind's unit.
    pub min: i32,
    /// Highest allowed value, hundredths of the kind's unit.
    pub max: i32,
    /// Start of the window (exclusive), seconds since 1970-01-01 UTC.
    pub from: u64,
    /// End of the window, the time of the batch's last reading.
    pub to: u64,
    /// Longest allowed gap between readings (and from `from` to the first), seconds.
    pub max_gap: u32,
    /// Fewest readings, 1 to [`CAPACITY`].
    pub min_count: u8,
}

impl ClaimPublic for Public {
    fixed_shape_public!(NAME);

    fn validate(&self) -> Result<(), ClaimError> {
        let bad = |r: String| Err(ClaimError::Parameters(r));
        if self.min > self.max {
            return bad(format!("empty value range [{}, {}]", self.min, self.max));
        }
        if self.to >> TIME_BITS != 0 {
            return bad(format!("window end {} is not below 2^40", self.to));
        }
        if self.from >= self.to {
            return bad(format!("empty window ({}, {}]", self.from, self.to));
        }
        if self.max_gap == 0 {
            return bad("a maximum gap of 0 seconds allows no reading".into());
        }
        if self.min_count == 0 || usize::from(self.min_count) > CAPACITY {
            return bad(format!(
                "minimum count {} is not 1 to {CAPACITY}",
                self.min_count
            ));
        }
        Ok(())
    }

    fn records(&self) -> Vec<Fr> {
        vec![self.shipment]
    }

    fn to_inputs(&self, context: Fr) -> Vec<Fr> {
        let mut v = vec![Fr::zero(); input::COUNT];
        v[input::SHIPMENT] = self.shipment;
        v[input::CONTEXT] = context;
        v[input::KIND] = fe(self.device_kind.code());
        v[input::REGISTRY_ROOT] = self.registry_root;
        v[input::REVOCATION_ROOT] = self.revocation_root;
        v[input::MIN] = signed::to_field(self.min);
        v[input::MAX] = signed::to_field(self.max);
        v[input::FROM] = fe(self.from);
        v[input::TO] = fe(self.to);
        v[input::MAX_GAP] = fe(self.max_gap);
        v[input::MIN_COUNT] = fe(self.min_count);
        v
    }

    fn from_inputs(_: (), x: &[Fr]) -> Result<(Self, Fr), ClaimError> {
        check_count::<Self>((), x)?;
        let invalid = |what: &'static str, reason: &str| ClaimError::Input {
            what,
            reason: reason.into(),
        };
        let kind = read::u64(x[input::KIND], "device kind")?;
        let signed_value = |i: usize, what| {
            signed::from_field(x[i]).ok_or_else(|| invalid(what, "not a signed 32-bit value"))
        };
        let p = Public {
            shipment: x[input::SHIPMENT],
            device_kind: DeviceKind::from_code(kind)
                .ok_or_else(|| invalid("device kind", "unknown code"))?,
            registry_root: x[input::REGISTRY_ROOT],
            revocation_root: x[input::REVOCATION_ROOT],
            min: signed_value(input::MIN, "minimum")?,
            max: signed_value(input::MAX, "maximum")?,
            from: read::u64(x[input::FROM], "window start")?,
            to: read::u64(x[input::TO], "window end")?,
            max_gap: u32::try_from(read::u64(x[input::MAX_GAP], "maximum gap")?)
                .map_err(|_| invalid("maximum gap", "not below 2^32"))?,
            min_count: u8::try_from(read::u64(x[input::MIN_COUNT], "minimum count")?)
                .map_err(|_| invalid("minimum count", "too large"))?,
        };
        p.validate()?;
        Ok((p, x[input::CONTEXT]))
    }
}

/// Every way `readings` fail the claim `public`, in words (empty if they make it). Native twin of the
/// readings part of the circuit; [`SensorRangeCircuit::new`] reports these.
pub fn violations(public: &Public, readings: &[Reading]) -> Vec<String> {
    let mut out = Vec::new();
    let unit = public.device_kind.unit();
    if readings.len() < usize::from(public.min_count) {
        out.push(format!(
            "{} readings, at least {} required",
            readings.len(),
            public.min_count
        ));
    }
    if readings.len() > CAPACITY {
        out.push(format!(
            "{} readings, at most {CAPACITY} in one batch",
            readings.len()
        ));
    }
    for (i, r) in readings.iter().enumerate() {
        if r.value < public.min || r.value > public.max {
            out.push(format!(
                "reading {i} at {} is {} {unit}, outside [{}, {}] {unit}",
                r.time,
                format_hundredths(r.value),
                format_hundredths(public.min),
                format_hundredths(public.max)
            ));
        }
        let (prev, what) = match i {
            0 => (public.from, "the window start".to_string()),
            _ => (readings[i - 1].time, format!("reading {}", i - 1)),
        };
        if r.time <= prev {
            out.push(format!(
                "reading {i} at {} is not after {what} at {prev}",
                r.time
            ));
        } else if r.time - prev > u64::from(public.max_gap) {
            out.push(format!(
                "a gap of {} s before reading {i} at {} (after {what}), longer than {} s",
                r.time - prev,
                r.time,
                public.max_gap
            ));
        }
    }
    match readings.last() {
        Some(last) if last.time != public.to => out.push(format!(
            "the last reading is at {}, not at the window end {}",
            last.time, public.to
        )),
        _ => {}
    }
    out
}

/// Native twin of the circuit: names the first predicate that fails.
pub fn check_sensor_range(
    public: &Public,
    bill_of_lading: &RecordOpening,
    signed: &SignedBatch,
    device: &DeviceWitness,
) -> Result<(), PredicateFailed> {
    public.validate().map_err(|e| fail(NAME, e.to_string()))?;
    check_type(NAME, bill_of_lading, DocType::BillOfLading, "the record")?;
    let batch = &signed.batch;
    batch.validate().map_err(|e| fail(NAME, e.to_string()))?;
    if bill_of_lading.digest() != public.shipment || batch.shipment != public.shipment {
        return Err(fail(
            NAME,
            "the batch was signed for another shipment than the bill of lading",
        ));
    }
    if !eddsa::response_fits(signed.signature.s) || !signed.verify(&device.key) {
        return Err(fail(
            NAME,
            "the device's signature on the batch is not valid",
        ));
    }
    let leaf = device_leaf(batch.device, public.device_kind, &device.key);
    if device.registry_path.root(leaf) != public.registry_root {
        return Err(fail(
            NAME,
            format!(
                "device {} with this key is not registered as a {:?}",
                batch.device, public.device_kind
            ),
        ));
    }
    if !device
        .non_revocation
        .verify(batch.device.into(), public.revocation_root)
    {
        return Err(fail(
            NAME,
            format!(
                "device {} is revoked (or the witness is stale)",
                batch.device
            ),
        ));
    }
    let v = violations(public, &batch.readings);
    if !v.is_empty() {
        return Err(fail(NAME, v.join("; ")));
    }
    Ok(())
}

/// The sensor-range circuit.
#[derive(Clone, Debug)]
pub struct SensorRangeCircuit {
    /// Public inputs, in the order of [`input`].
    pub inputs: Vec<Fr>,
    /// Opening of the sealed bill of lading.
    pub bill_of_lading: RecordOpening,
    /// The signed batch.
    pub batch: SignedBatch,
    /// Device key, registry path and non-revocation.
    pub device: DeviceWitness,
}

impl SensorRangeCircuit {
    /// Checks every predicate natively and builds the circuit, or says which fail.
    pub fn new(
        bill_of_lading: RecordOpening,
        batch: SignedBatch,
        device: DeviceWitness,
        context: Fr,
        public: &Public,
    ) -> Result<Self, PredicateFailed> {
        check_sensor_range(public, &bill_of_lading, &batch, &device)?;
        Ok(Self {
            inputs: public.to_inputs(context),
            bill_of_lading,
            batch,
            device,
        })
    }

    /// Builds the circuit from the given public inputs and witness without any check.
    pub fn from_witness_unchecked(
        inputs: Vec<Fr>,
        bill_of_lading: RecordOpening,
        batch: SignedBatch,
        device: DeviceWitness,
    ) -> Self {
        Self {
            inputs,
            bill_of_lading,
            batch,
            device,
        }
    }

    /// A circuit of the right shape for key generation.
    pub fn blank() -> Self {
        Self::blank_of(())
    }

    /// The constraints, for a batch capacity of `capacity` readings (the claim uses [`CAPACITY`];
    /// other capacities measure the cost per reading).
    fn synthesize(
        self,
        cs: ConstraintSystemRef<Fr>,
        capacity: usize,
    ) -> Result<(), SynthesisError> {
        let pi = alloc_inputs::<Public>(&cs, (), &self.inputs)?;
        bind_context(&pi[input::CONTEXT])?;
        let batch = &self.batch.batch;
        if batch.readings.len() > capacity {
            return Err(SynthesisError::Unsatisfiable);
        }
        // The bill of lading.
        let bl = RecordVar::open(cs.clone(), &self.bill_of_lading, &pi[input::SHIPMENT])?;
        bl.slot(DOC_TYPE)
            .enforce_equal(&FpVar::Constant(fe(DocType::BillOfLading.code())))?;
        // Public bounds: signed values, 40-bit times, 32-bit gap, 7-bit count.
        let umin = signed::enforce_signed(&pi[input::MIN])?;
        let umax = signed::enforce_signed(&pi[input::MAX])?;
        let (from, to, gap) = (&pi[input::FROM], &pi[input::TO], &pi[input::MAX_GAP]);
        enforce_range(from, TIME_BITS)?;
        enforce_range(to, TIME_BITS)?;
        enforce_range(gap, GAP_BITS)?;
        enforce_range(&pi[input::MIN_COUNT], COUNT_BITS)?;
        // The readings: activity flags, time and offset value of each slot.
        let n = batch.readings.len();
        let witness = |v: Fr| FpVar::new_witness(cs.clone(), || Ok(v));
        let mut active = vec![Boolean::constant(true)];
        for i in 1..capacity {
            let a = Boolean::new_witness(cs.clone(), || Ok(i < n))?;
            // a_i ≤ a_{i−1}: a_i·(1 − a_{i−1}) = 0.
            FpVar::from(a.clone()).mul_equals(
                &(FpVar::Constant(Fr::ONE) - FpVar::from(active[i - 1].clone())),
                &FpVar::Constant(Fr::zero()),
            )?;
            active.push(a);
        }
        let count = active.iter().fold(FpVar::Constant(Fr::zero()), |acc, a| {
            acc + FpVar::from(a.clone())
        });
        let mut times = Vec::with_capacity(capacity);
        let mut words = Vec::with_capacity(capacity);
        for (i, a) in active.iter().enumerate() {
            let r = batch.readings.get(i).copied();
            let t = witness(fe(r.map_or(0, |r| r.time)))?;
            let u = witness(fe(r.map_or(0, |r| signed::offset(r.value))))?;
            // The value is within [min, max].
            enforce_within_if(a, &u, &umin, &umax, signed::BITS)?;
            // 1 ≤ t_i − t_{i−1} ≤ max_gap, with t_{−1} = from.
            let prev = times.last().unwrap_or(from);
            let one = FpVar::Constant(Fr::ONE);
            enforce_within_if(a, &(&t - prev), &one, gap, GAP_BITS)?;
            words.push(&t * Fr::from(1u64 << 32) + &u);
            times.push(t);
        }
        // The last reading is at `to`: Σ (a_i − a_{i+1})·t_i = to.
        let mut last = FpVar::Constant(Fr::zero());
        for (i, (a, t)) in active.iter().zip(&times).enumerate() {
            let next = active
                .get(i + 1)
                .map_or(FpVar::Constant(Fr::zero()), |a| FpVar::from(a.clone()));
            last += (FpVar::from(a.clone()) - next) * t;
        }
        last.enforce_equal(to)?;
        // At least min_count readings (count ≤ capacity < 2^7).
        enforce_leq(&pi[input::MIN_COUNT], &count, COUNT_BITS)?;
        // The device signed the batch.
        let id = witness(fe(batch.device))?;
        let sequence = witness(fe(batch.sequence))?;
        let mut elements: Vec<FpVar<Fr>> = vec![
            FpVar::Constant(batch_domain()),
            id.clone(),
            pi[input::SHIPMENT].clone(),
            sequence,
            count,
        ];
        elements.extend(words);
        let commitment = chain_hash_var(&elements)?;
        let key = PointVar::new_witness(cs.clone(), Some(self.device.key))?;
        let sig = SignatureVar::new_witness(cs.clone(), Some(&self.batch.signature))?;
        eddsa::enforce_valid(&key, &commitment, &sig)?;
        // The key is the registered key of a device of kind K.
        let leaf = poseidon::hash_var(&[
            id.clone(),
            pi[input::KIND].clone(),
            key.x.clone(),
            key.y.clone(),
        ])?;
        MerklePathVar::new_witness(cs.clone(), Some(&self.device.registry_path), REGISTRY_DEPTH)?
            .root(&leaf)?
            .enforce_equal(&pi[input::REGISTRY_ROOT])?;
        // The device is not revoked (its id is a nonzero 64-bit integer).
        enforce_range(&id, 64)?;
        id.enforce_not_equal(&FpVar::Constant(Fr::zero()))?;
        NonMembershipVar::new_witness(cs, Some(&self.device.non_revocation), REVOCATION_DEPTH)?
            .enforce_not_member(&id, &pi[input::REVOCATION_ROOT])
    }
}

impl ClaimCircuit for SensorRangeCircuit {
    fixed_shape_circuit!();

    fn blank_of(_: ()) -> Self {
        Self::from_witness_unchecked(
            vec![Fr::zero(); input::COUNT],
            RecordOpening::blank(),
            SignedBatch {
                batch: ReadingBatch {
                    device: 0,
                    shipment: Fr::zero(),
                    sequence: 0,
                    readings: Vec::new(),
                },
                signature: Signature {
                    r8: Point::IDENTITY,
                    s: Fr::zero(),
                },
            },
            DeviceWitness::blank(),
        )
    }
}

impl ConstraintSynthesizer<Fr> for SensorRangeCircuit {
    fn generate_constraints(self, cs: ConstraintSystemRef<Fr>) -> Result<(), SynthesisError> {
        self.synthesize(cs, CAPACITY)
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::claims::testing::*;
    use crate::gadgets::eddsa::SecretKey;
    use crate::layout::*;
    use ark_relations::gr1cs::ConstraintSystem;
    use proptest::prelude::*;
    use rand::SeedableRng;

    /// Loading time of the test shipment (2026-11-30 06:00 UTC).
    const LOADING: u64 = 1_796_018_400;

    /// Devices 11 (thermometer), 12 (hygrometer), 13 (thermometer, revoked); a sealed bill of lading.
    pub struct World {
        pub keys: Vec<SecretKey>,
        pub registry: DeviceRegistry,
        pub revocations: DeviceRevocations,
        pub bill_of_lading: RecordOpening,
    }

    pub fn world() -> World {
        let keys: Vec<SecretKey> = (0..3u8)
            .map(|i| SecretKey::from_seed(&[0x40 + i; 32]))
            .collect();
        let kinds = [
            DeviceKind::Thermometer,
            DeviceKind::Hygrometer,
            DeviceKind::Thermometer,
        ];
        let registry = DeviceRegistry::new(
            (0..3)
                .map(|i| (11 + i as u64, kinds[i], keys[i].public_key()))
                .collect(),
        )
        .unwrap();
        let revocations = DeviceRevocations::new([13, 40]).unwrap();
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(17);
        World {
            keys,
            registry,
            revocations,
            bill_of_lading: seal(&mut rng, bill_of_lading(5_501)),
        }
    }

    pub fn bill_of_lading(number: u64) -> [Fr; RECORD_SLOTS] {
        let mut p = [Fr::zero(); RECORD_SLOTS];
        p[DOC_TYPE] = fe(DocType::BillOfLading.code());
        p[DOC_NUMBER] = fe(number);
        p[EXPORTER] = fe(42u64);
        p[IMPORTER] = fe(900_001u64);
        p[ORIGIN] = fe(404u64);
        p[DESTINATION] = fe(276u64);
        p[HS_CODE] = fe(60_311u64);
        p[DATE] = fe(20_422u64);
        p[CARRIER] = fe(7_001u64);
        p
    }

    /// `n` readings every 600 s from 600 s after loading, between 2.00 and 7.00 °C.
    pub fn readings(n: usize) -> Vec<Reading> {
        (0..n)
            .map(|i| Reading {
                time: LOADING + 600 * (i as u64 + 1),
                value: 200 + (i as i32 * 37) % 500,
            })
            .collect()
    }

    /// The claim "1.00–8.00 °C, gaps ≤ 30 min, ≥ `min_count` readings" for `readings`.
    pub fn public_for(w: &World, readings: &[Reading], min_count: u8) -> Public {
        Public {
            shipment: w.bill_of_lading.digest(),
            device_kind: DeviceKind::Thermometer,
            registry_root: w.registry.root(),
            revocation_root: w.revocations.root(),
            min: 100,
            max: 800,
            from: LOADING,
            to: readings.last().map_or(LOADING + 1, |r| r.time),
            max_gap: 1_800,
            min_count,
        }
    }

    /// A batch of device `index` (0: device 11) for the world's shipment, signed.
    pub fn signed(w: &World, index: usize, readings: Vec<Reading>) -> SignedBatch {
        ReadingBatch {
            device: 11 + index as u64,
            shipment: w.bill_of_lading.digest(),
            sequence: 3,
            readings,
        }
        .sign(&w.keys[index])
    }

    fn circuit(w: &World, public: &Public, batch: SignedBatch) -> SensorRangeCircuit {
        let device = DeviceWitness::collect(&batch.batch, &w.registry, &w.revocations)
            .unwrap_or_else(|_| DeviceWitness::blank());
        SensorRangeCircuit::from_witness_unchecked(
            public.to_inputs(Fr::from(9u64)),
            w.bill_of_lading.clone(),
            batch,
            device,
        )
    }

    /// The native twin's verdict and the circuit's agree, and are `expect`.
    fn assert_verdict(w: &World, public: &Public, batch: SignedBatch, expect: Option<&str>) {
        let c = circuit(w, public, batch);
        let native = check_sensor_range(public, &c.bill_of_lading, &c.batch, &c.device);
        match expect {
            None => assert_eq!(native, Ok(())),
            Some(e) => {
                let reason = native.expect_err(e).reason;
                assert!(reason.contains(e), "{reason} (expected {e})");
            }
        }
        assert_eq!(satisfied(c), expect.is_none(), "{expect:?}");
    }

    fn constraints_at(capacity: usize) -> usize {
        let cs = ConstraintSystem::<Fr>::new_ref();
        SensorRangeCircuit::blank()
            .synthesize(cs.clone(), capacity)
            .unwrap();
        cs.finalize();
        cs.num_constraints()
    }

    #[test]
    fn constraint_count_within_budget() {
        let n = constraints(SensorRangeCircuit::blank());
        let half = constraints_at(CAPACITY / 2);
        let per_reading = (n - half) as f64 / (CAPACITY / 2) as f64;
        println!(
            "sensor_range: {n} constraints; {per_reading:.1} per reading; {} without readings",
            n as f64 - per_reading * CAPACITY as f64
        );
        assert_eq!(n, constraints_at(CAPACITY));
        assert!(n <= 45_000, "{n}");
    }

    #[test]
    fn honest_batches_satisfy_and_the_statement_round_trips() {
        let w = world();
        for n in [1, 2, 50, CAPACITY] {
            let r = readings(n);
            let public = public_for(&w, &r, n as u8);
            let batch = signed(&w, 0, r);
            let device = DeviceWitness::collect(&batch.batch, &w.registry, &w.revocations).unwrap();
            let c = SensorRangeCircuit::new(
                w.bill_of_lading.clone(),
                batch,
                device,
                Fr::from(9u64),
                &public,
            )
            .unwrap();
            assert_statement(&c, &public, Fr::from(9u64));
            assert!(satisfied(c), "{n} readings");
        }
        // Readings exactly on the bounds and gaps of exactly max_gap (also from the window start).
        let mut r = readings(4);
        r[0] = Reading {
            time: LOADING + 1_800,
            value: 100,
        };
        r[1] = Reading {
            time: LOADING + 3_600,
            value: 800,
        };
        r[2] = Reading {
            time: LOADING + 3_601,
            value: 799,
        };
        r[3] = Reading {
            time: LOADING + 5_401,
            value: 101,
        };
        assert_verdict(&w, &public_for(&w, &r, 4), signed(&w, 0, r.clone()), None);
        // Below zero: a freezer claim of −25.00 to −18.00 °C.
        let cold: Vec<Reading> = r
            .iter()
            .map(|x| Reading {
                value: -2_000 - x.value % 300,
                ..*x
            })
            .collect();
        let public = Public {
            min: -2_500,
            max: -1_800,
            ..public_for(&w, &cold, 4)
        };
        assert_verdict(&w, &public, signed(&w, 0, cold), None);
    }

    #[test]
    fn every_forgery_is_named_and_unsatisfied() {
        let w = world();
        let r = readings(12);
        let public = public_for(&w, &r, 10);
        let with = |f: &dyn Fn(&mut Vec<Reading>)| {
            let mut r = r.clone();
            f(&mut r);
            r
        };
        // A value just outside each bound (signed by the device: a real excursion).
        let hot = with(&|r| r[5].value = 801);
        assert_verdict(
            &w,
            &public,
            signed(&w, 0, hot),
            Some("outside [1.00, 8.00]"),
        );
        let cold = with(&|r| r[5].value = 99);
        assert_verdict(&w, &public, signed(&w, 0, cold), Some("outside"));
        // A negative value, −20.00 °C, whose field element p − 2000 is "large": it is below the band.
        let negative = with(&|r| r[2].value = -2_000);
        assert_verdict(&w, &public, signed(&w, 0, negative), Some("-20.00 °C"));
        // A timestamp going backwards (two readings swapped), or repeated.
        let swapped = with(&|r| r.swap(3, 4));
        assert_verdict(
            &w,
            &public,
            signed(&w, 0, swapped),
            Some("is not after reading"),
        );
        let repeated = with(&|r| r[4].time = r[3].time);
        assert_verdict(
            &w,
            &public,
            signed(&w, 0, repeated),
            Some("is not after reading"),
        );
        // A gap one second too long, inside the batch and from the window start.
        let gap = with(&|r| {
            for x in r.iter_mut().skip(6) {
                x.time += 1_201;
            }
        });
        let p = public_for(&w, &gap, 10);
        assert_verdict(&w, &p, signed(&w, 0, gap), Some("a gap of 1801 s"));
        let late = with(&|r| {
            for x in r.iter_mut() {
                x.time += 1_201;
            }
        });
        let p = public_for(&w, &late, 10);
        assert_verdict(
            &w,
            &p,
            signed(&w, 0, late),
            Some("(after the window start)"),
        );
        // The first reading at the window start itself is not inside (from, to].
        let p = Public {
            from: r[0].time,
            ..public.clone()
        };
        assert_verdict(
            &w,
            &p,
            signed(&w, 0, r.clone()),
            Some("is not after the window start"),
        );
        // The last reading is not at `to`.
        let p = Public {
            to: public.to + 1,
            ..public.clone()
        };
        assert_verdict(
            &w,
            &p,
            signed(&w, 0, r.clone()),
            Some("not at the window end"),
        );
        // Too few readings.
        let p = Public {
            min_count: 13,
            ..public.clone()
        };
        assert_verdict(
            &w,
            &p,
            signed(&w, 0, r.clone()),
            Some("12 readings, at least 13"),
        );
        // Readings inserted or removed after signing: the signature no longer covers the batch.
        let mut b = signed(&w, 0, r.clone());
        b.batch.readings.pop();
        let p = public_for(&w, &b.batch.readings, 10);
        assert_verdict(&w, &p, b, Some("signature"));
        let mut b = signed(&w, 0, r.clone());
        b.batch.readings.insert(
            3,
            Reading {
                time: r[2].time + 1,
                value: 400,
            },
        );
        assert_verdict(&w, &public, b, Some("signature"));
        let mut b = signed(&w, 0, r.clone());
        b.batch.readings[7].value = 500;
        assert_verdict(&w, &public, b, Some("signature"));
        // A forged signature.
        let mut b = signed(&w, 0, r.clone());
        b.signature.s += Fr::ONE;
        assert_verdict(&w, &public, b, Some("signature"));
        // A batch signed for another shipment.
        let mut b = signed(&w, 0, r.clone());
        b.batch.shipment += Fr::ONE;
        b = b.batch.sign(&w.keys[0]);
        assert_verdict(&w, &public, b, Some("another shipment"));
        // An unregistered device (its own valid signature), and a registered one of another kind.
        let outsider = SecretKey::from_seed(&[0x77; 32]);
        let b = ReadingBatch {
            device: 11,
            ..signed(&w, 0, r.clone()).batch
        }
        .sign(&outsider);
        let mut c = circuit(&w, &public, b.clone());
        c.device.key = outsider.public_key();
        assert!(!satisfied(c.clone()));
        let e = check_sensor_range(&public, &c.bill_of_lading, &c.batch, &c.device).unwrap_err();
        assert!(e.reason.contains("not registered"), "{e}");
        let hygrometer = signed(&w, 1, r.clone());
        assert_verdict(
            &w,
            &public,
            hygrometer,
            Some("not registered as a Thermometer"),
        );
        // A revoked device: no witness; its neighbours' witnesses do not pass.
        let revoked = signed(&w, 2, r.clone());
        let e = DeviceWitness::collect(&revoked.batch, &w.registry, &w.revocations).unwrap_err();
        assert!(e.reason.contains("revoked"), "{e}");
        for neighbour in [12, 14] {
            let mut device = DeviceWitness::collect(
                &signed(&w, 0, r.clone()).batch,
                &w.registry,
                &w.revocations,
            )
            .unwrap();
            device.key = w.keys[2].public_key();
            device.registry_path = w.registry.path(13).unwrap();
            device.non_revocation = w.revocations.witness(neighbour).unwrap();
            let e = check_sensor_range(&public, &w.bill_of_lading, &revoked, &device).unwrap_err();
            assert!(e.reason.contains("revoked"), "{e}");
            assert!(!satisfied(SensorRangeCircuit::from_witness_unchecked(
                public.to_inputs(Fr::ONE),
                w.bill_of_lading.clone(),
                revoked.clone(),
                device
            )));
        }
        // Not a bill of lading.
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(5);
        let declaration = seal(&mut rng, declaration(1, 42, 404, 20_000, 10, 978, 7));
        let b = ReadingBatch {
            shipment: declaration.digest(),
            ..signed(&w, 0, r.clone()).batch
        }
        .sign(&w.keys[0]);
        let p = Public {
            shipment: declaration.digest(),
            ..public.clone()
        };
        let device = DeviceWitness::collect(&b.batch, &w.registry, &w.revocations).unwrap();
        let e = check_sensor_range(&p, &declaration, &b, &device).unwrap_err();
        assert!(e.reason.contains("BillOfLading"), "{e}");
        assert!(!satisfied(SensorRangeCircuit::from_witness_unchecked(
            p.to_inputs(Fr::ONE),
            declaration,
            b,
            device
        )));
    }

    #[test]
    fn public_inputs_outside_their_types_are_unsatisfied() {
        let w = world();
        let r = readings(8);
        let public = public_for(&w, &r, 8);
        let good = circuit(&w, &public, signed(&w, 0, r.clone()));
        assert!(satisfied(good.clone()));
        let two31 = Fr::from(signed::OFFSET);
        for (i, bad) in [
            (input::MAX, two31),                // one above i32::MAX as the maximum
            (input::MAX, Fr::from(1u64 << 40)), // a "large positive" maximum that admits all
            (input::MIN, -two31 - Fr::ONE),     // one below i32::MIN as the minimum
            (input::FROM, -Fr::from(5u64)),     // a window start "before 0"
            (input::TO, Fr::from(1u64 << 40) + fe(r[7].time)),
            (input::MAX_GAP, Fr::from(1u64 << 32)), // a gap that does not fit 32 bits
            (input::MIN_COUNT, -Fr::ONE),           // a minimum count that wraps
        ] {
            let mut c = good.clone();
            c.inputs[i] = bad;
            assert!(!satisfied(c), "input {i}");
            let mut x = good.inputs.clone();
            x[i] = bad;
            assert!(Public::from_inputs((), &x).is_err(), "input {i}");
        }
        // A reading that overflows its word is refused by the batch's shape check.
        let mut b = signed(&w, 0, r);
        b.batch.readings[0].time = 1 << 40;
        assert!(b.batch.validate().is_err());
        // More readings than the circuit holds: no assignment.
        let many = readings(CAPACITY + 1);
        let mut c = circuit(&w, &public_for(&w, &many, 8), signed(&w, 0, many));
        c.batch.batch.readings.truncate(CAPACITY + 1);
        assert!(!satisfied(c));
    }

    #[test]
    fn registry_and_revocations_refuse_what_would_break_them() {
        let k = SecretKey::from_seed(&[1; 32]).public_key();
        let t = DeviceKind::Thermometer;
        assert!(DeviceRegistry::new(vec![(0, t, k)]).is_err());
        assert!(DeviceRegistry::new(vec![(1, t, k), (1, DeviceKind::Scale, k)]).is_err());
        assert!(DeviceRegistry::new(vec![(1, t, Point::IDENTITY)]).is_err());
        let order_two = Point {
            x: Fr::zero(),
            y: -Fr::ONE,
        };
        assert!(DeviceRegistry::new(vec![(1, t, k.add(&order_two))]).is_err());
        assert!(DeviceRevocations::new([0]).is_err());
        let r = DeviceRevocations::new([9, 3, 9]).unwrap();
        assert!(r.is_revoked(3) && r.is_revoked(9) && !r.is_revoked(4));
        for kind in DeviceKind::ALL {
            assert_eq!(DeviceKind::from_code(kind.code().into()), Some(kind));
        }
        assert_eq!(DeviceKind::from_code(0), None);
        assert_eq!(format_hundredths(-150), "-1.50");
        assert_eq!(format_hundredths(805), "8.05");
        assert_eq!(format_hundredths(-5), "-0.05");
    }

    #[cfg(feature = "serde")]
    #[test]
    fn signed_batch_json_round_trips_and_refuses_bad_encodings() {
        let w = world();
        let b = signed(&w, 0, readings(3));
        let json = serde_json::to_string(&b).unwrap();
        assert_eq!(serde_json::from_str::<SignedBatch>(&json).unwrap(), b);
        let v: serde_json::Value = serde_json::from_str(&json).unwrap();
        let edit = |f: &dyn Fn(&mut serde_json::Value)| {
            let mut v = v.clone();
            f(&mut v);
            serde_json::from_value::<SignedBatch>(v)
        };
        assert!(edit(&|v| v["signature"]["r8"][0] = "1".into()).is_err());
        assert!(edit(&|v| v["device"] = 0.into()).is_err());
        assert!(edit(&|v| v["readings"] = serde_json::json!([])).is_err());
        assert!(edit(&|v| v["readings"][0]["time"] = (1u64 << 40).into()).is_err());
        assert!(edit(&|v| v["extra"] = 1.into()).is_err());
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(32))]

        /// Random series around the edges of every predicate: the circuit is satisfied exactly when the
        /// native twin finds no violation.
        #[test]
        fn circuit_agrees_with_the_native_twin(
            steps in proptest::collection::vec((
                prop_oneof![12 => 1u64..=1_800, 1 => 1_799u64..=1_802],
                prop_oneof![12 => 100i32..=800, 1 => 97i32..=803],
            ), 1..24),
            shuffle in prop_oneof![6 => Just(None), 1 => any::<(prop::sample::Index, prop::sample::Index)>().prop_map(Some)],
            to_delta in prop_oneof![6 => Just(0u64), 1 => 1u64..3],
            min_count in prop_oneof![6 => Just(1u8), 1 => 1u8..26],
        ) {
            let w = world();
            let mut t = LOADING;
            let mut r: Vec<Reading> = steps.iter().map(|&(d, v)| { t += d; Reading { time: t, value: v } }).collect();
            if let Some((a, b)) = shuffle {
                let (a, b) = (a.index(r.len()), b.index(r.len()));
                r.swap(a, b);
            }
            let last = r.last().unwrap().time;
            let public = Public { to: last + to_delta, ..public_for(&w, &r, min_count) };
            let c = circuit(&w, &public, signed(&w, 0, r.clone()));
            let ok = violations(&public, &r).is_empty();
            prop_assert_eq!(check_sensor_range(&public, &c.bill_of_lading, &c.batch, &c.device).is_ok(), ok);
            prop_assert_eq!(satisfied(c), ok);
        }
    }
}
