//! The checks behind tradeproof's fuzz targets: one function per target, taking untrusted bytes. Each
//! runs decoders on the input and asserts what must hold for *every* input — any result but a panic is
//! acceptable from a decoder, and what it accepts must be canonical (re-encoding gives the same bytes)
//! and consistent across formats. A panic here, inside tradeproof or in an assertion, is a bug.
//!
//! The main crate's `tests/fuzz_corpus.rs` includes this file and replays `fuzz/corpus/*/` and
//! `fuzz/regressions/*/` through the same functions in `cargo test`: keep it free of anything but
//! `std`, `tradeproof`, `tradeproof_verifier`, `tradeproof_verifier_wasm`, `serde` and `serde_json`
//! (dependencies and dev-dependencies of the main crate).
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::fmt::Debug;
use std::sync::OnceLock;
use tradeproof::prelude::*;
use tradeproof::wire::binary::{decode_batch, encode_batch, split_batch};

/// Every target, by the name of its directory under `fuzz/corpus/` and `fuzz/regressions/`.
pub const TARGETS: &[&str] = &[
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
    "aggregate",
];

/// The check of the target `name`.
pub fn target(name: &str) -> Option<fn(&[u8])> {
    Some(match name {
        "sealed_record" => sealed_record,
        "proof" => proof,
        "statement" => statement,
        "verifying_key" => verifying_key,
        "submission" => submission,
        "batch" => batch,
        "json" => json,
        "verify_batch" => verify_batch,
        "snarkjs" => snarkjs,
        "signed_batch" => signed_batch,
        "grant" => grant,
        "ptau" => ptau,
        "zkey" => zkey,
        "embedded" => embedded,
        "aggregate" => aggregate,
        _ => return None,
    })
}

/// Decodes `data`; if it decodes, its encoding must be `data` itself (one encoding per object).
fn canonical<T: Decode + Encode + Debug>(data: &[u8]) -> Option<T> {
    let v = T::from_bytes(data).ok()?;
    assert_eq!(
        v.to_bytes(),
        data,
        "decoding accepted a non-canonical encoding of {v:?}"
    );
    Some(v)
}

/// JSON out and back in gives the same value.
fn json_round_trip<T: Serialize + DeserializeOwned + PartialEq + Debug>(v: &T) {
    let s = serde_json::to_string(v).expect("serializing to JSON cannot fail");
    let back: T =
        serde_json::from_str(&s).unwrap_or_else(|e| panic!("{s} does not decode again: {e}"));
    assert_eq!(&back, v, "JSON round trip changed the value");
}

/// Binary out and back in gives the same value.
fn binary_round_trip<T: Encode + Decode + PartialEq + Debug>(v: &T) {
    let b = v.to_bytes();
    let back = T::from_bytes(&b).unwrap_or_else(|e| panic!("{v:?} does not decode again: {e}"));
    assert_eq!(&back, v, "binary round trip changed the value");
}

fn use_statement(s: &Statement) {
    // What a ledger calls on a decoded statement must not panic.
    let _ = (s.context(), s.claim(), s.id(), s.inputs().len());
}

/// `SealedRecord::from_bytes`.
pub fn sealed_record(data: &[u8]) {
    if let Some(r) = canonical::<SealedRecord>(data) {
        let _ = r.digest();
        json_round_trip(&r);
    }
}

/// `Proof::from_bytes`.
pub fn proof(data: &[u8]) {
    if let Some(p) = canonical::<Proof>(data) {
        let _ = p.to_ark();
        json_round_trip(&p);
    }
    // The uncompressed form: what it accepts re-encodes to the same bytes, and to the same proof as
    // the compressed form.
    if let Ok(p) = Proof::from_bytes_uncompressed(data) {
        assert_eq!(
            p.to_bytes_uncompressed(),
            data,
            "non-canonical uncompressed proof"
        );
        assert_eq!(Proof::from_bytes(&p.to_bytes()).ok(), Some(p));
        assert_eq!(Proof::from_bytes_any(data).ok(), Some(p));
    }
}

/// `Statement::from_bytes`.
pub fn statement(data: &[u8]) {
    if let Some(s) = canonical::<Statement>(data) {
        use_statement(&s);
        json_round_trip(&s);
    }
}

/// `VerifyingKey::from_bytes`, and the uncompressed form.
pub fn verifying_key(data: &[u8]) {
    if let Some(vk) = canonical::<VerifyingKey>(data) {
        let _ = (vk.fingerprint(), vk.circuit_id(), vk.kind());
    }
    // The uncompressed form: what it accepts re-encodes to the same bytes, and to the same key as the
    // compressed form.
    if let Ok(vk) = VerifyingKey::from_bytes_uncompressed(data) {
        assert_eq!(
            vk.to_bytes_uncompressed(),
            data,
            "non-canonical uncompressed key"
        );
        assert_eq!(
            VerifyingKey::from_bytes(&vk.to_bytes()).ok(),
            Some(vk.clone())
        );
        assert_eq!(VerifyingKey::from_bytes_any(data).ok(), Some(vk));
    }
}

/// `Submission::from_bytes`.
pub fn submission(data: &[u8]) {
    if let Some(s) = canonical::<Submission>(data) {
        use_statement(&s.statement);
        for r in &s.records {
            let _ = r.digest();
        }
        json_round_trip(&s);
    }
}

/// `decode_batch` / `split_batch`: the framing and every item.
pub fn batch(data: &[u8]) {
    let split = split_batch(data);
    let decoded = decode_batch(data);
    assert_eq!(split.is_ok(), decoded.is_ok(), "framing verdicts differ");
    let (Ok(split), Ok(decoded)) = (split, decoded) else {
        return;
    };
    assert_eq!(split.len(), decoded.len());
    let mut all = Vec::with_capacity(decoded.len());
    for (raw, item) in split.iter().zip(decoded) {
        match item {
            Ok(s) => {
                assert_eq!(s.to_bytes(), *raw, "non-canonical batch item accepted");
                all.push(s);
            }
            Err(_) => assert!(Submission::from_bytes(raw).is_err()),
        }
    }
    if all.len() == split.len() {
        assert_eq!(encode_batch(&all), data, "non-canonical batch accepted");
    }
}

/// What a ledger or prover calls on a decoded batch must not panic.
fn use_signed_batch(b: &tradeproof::sensor::SignedBatch) {
    let _ = (b.batch.commitment(), b.verify(&b.signature.r8));
    let claim = tradeproof::sensor::SensorClaim {
        shipment: b.batch.shipment,
        device_kind: tradeproof::sensor::DeviceKind::Thermometer,
        registry_root: b.batch.shipment,
        revocation_root: b.batch.shipment,
        min: i32::MIN,
        max: i32::MAX,
        from: 0,
        to: b.batch.readings.last().map_or(1, |r| r.time.max(1)),
        max_gap: u32::MAX,
        min_count: 1,
    };
    let _ = tradeproof::sensor::violations(&claim, &b.batch.readings);
}

/// `sensor::SignedBatch::from_bytes`: a device's signed batch of readings.
pub fn signed_batch(data: &[u8]) {
    if let Some(b) = canonical::<tradeproof::sensor::SignedBatch>(data) {
        use_signed_batch(&b);
        json_round_trip(&b);
    }
}

/// `Grant::from_bytes` and `PartyKey::from_bytes`: what decodes is canonical and survives JSON (for
/// grants); opening a decoded grant with a key it is not addressed to is refused, never a panic.
pub fn grant(data: &[u8]) {
    use tradeproof::grant::{Grant, SecretKey};
    use tradeproof::wire::binary::PartyKey;
    if let Some(g) = canonical::<Grant>(data) {
        json_round_trip(&g);
        assert!(g.recipient().is_valid_public_key());
        let stranger = SecretKey::from_seed(&[0xfe; 32]);
        if stranger.public_key() != *g.recipient() {
            assert!(
                g.open(&stranger).is_err(),
                "a grant opened for a key it is not addressed to"
            );
        }
    }
    if let Some(k) = canonical::<PartyKey>(data) {
        assert!(k.0.is_valid_public_key());
    }
}

/// `wire::ptau::Ptau::from_bytes` (snarkjs powers of tau) and its point readers: any result but a
/// panic; what a reader returns has exactly the length asked for.
pub fn ptau(data: &[u8]) {
    use tradeproof::wire::ptau::Ptau;
    let Ok(mut p) = Ptau::from_bytes(data) else {
        return;
    };
    let n = 1usize << p.power().min(4);
    if let Ok(v) = p.tau_g1(2 * n - 1) {
        assert_eq!(v.len(), 2 * n - 1);
    }
    if let Ok(v) = p.tau_g2(n) {
        assert_eq!(v.len(), n);
    }
    let _ = (p.alpha_tau_g1(n), p.beta_tau_g1(n), p.beta_g2());
    if p.is_prepared() {
        for level in 0..=p.power().min(4) + 1 {
            if let Ok(v) = p.lagrange_g1(level) {
                assert_eq!(v.len(), 1 << level);
            }
        }
    }
    let _ = p.check_powers(2 * n - 1, n);
}

/// `wire::zkey::import_verifying_key` and `import_proving_key` for the value-range claim: any result
/// but a panic; an accepted key has the claim's input count and at least one contribution, and an
/// accepted proving key is of the circom form with that verifying key.
pub fn zkey(data: &[u8]) {
    let vk = tradeproof::wire::zkey::import_verifying_key(data, ClaimKind::ValueRange);
    if let Ok((vk, ceremony)) = &vk {
        assert_eq!(vk.kind(), ClaimKind::ValueRange);
        assert!(!ceremony.contributions.is_empty());
    }
    if let Ok((pk, _)) = tradeproof::wire::zkey::import_proving_key(data, ClaimKind::ValueRange) {
        assert_eq!(pk.reduction(), tradeproof::keys::Reduction::Circom);
        assert_eq!(Some(pk.verifying_key()), vk.ok().map(|(vk, _)| vk));
    }
}

/// JSON decoders; the first byte picks the type, the rest is the JSON text.
///
/// | byte mod 8 | type |
/// |---|---|
/// | 0 | `Document` | 1 | `Claim` | 2 | `Statement` | 3 | `Proof` |
/// | 4 | `Submission` | 5 | `SealedRecord` | 6 | `Context` | 7 | `ClaimKind` |
/// | 8 | `Acknowledgment` | 9 | `sensor::SignedBatch` | | | | |
///
/// What decodes re-encodes to JSON that decodes to the same value; statements, proofs, records and
/// submissions also survive the binary encoding (the two decoders accept the same objects).
pub fn json(data: &[u8]) {
    let Some((&which, text)) = data.split_first() else {
        return;
    };
    fn decode<T: Serialize + DeserializeOwned + PartialEq + Debug>(text: &[u8]) -> Option<T> {
        let v: T = serde_json::from_slice(text).ok()?;
        json_round_trip(&v);
        Some(v)
    }
    match which % 10 {
        0 => {
            if let Some(d) = decode::<Document>(text) {
                let _ = d.encode();
            }
        }
        1 => {
            if let Some(c) = decode::<Claim>(text) {
                if c.validate().is_ok() {
                    let inputs = c
                        .public_inputs(&Context::new(1, 2))
                        .expect("a valid claim has public inputs");
                    assert_eq!(inputs.len(), c.kind().num_inputs());
                    let (back, context) = Claim::from_public_inputs(c.kind(), &inputs)
                        .expect("the public inputs of a valid claim decode");
                    assert_eq!(back, c, "claim changed through its public inputs");
                    assert_eq!(context, Context::new(1, 2));
                }
            }
        }
        2 => {
            if let Some(s) = decode::<Statement>(text) {
                use_statement(&s);
                binary_round_trip(&s);
            }
        }
        3 => {
            if let Some(p) = decode::<Proof>(text) {
                binary_round_trip(&p);
            }
        }
        4 => {
            if let Some(s) = decode::<Submission>(text) {
                use_statement(&s.statement);
                binary_round_trip(&s);
            }
        }
        5 => {
            if let Some(r) = decode::<SealedRecord>(text) {
                let _ = r.digest();
                binary_round_trip(&r);
            }
        }
        6 => {
            let _ = decode::<Context>(text);
        }
        8 => {
            if let Some(a) = decode::<tradeproof::financing::Acknowledgment>(text) {
                let _ = a.verify(&tradeproof::financing::PartyDirectory::default());
            }
        }
        9 => {
            if let Some(b) = decode::<tradeproof::sensor::SignedBatch>(text) {
                binary_round_trip(&b);
                use_signed_batch(&b);
            }
        }
        _ => {
            if let Some(k) = decode::<ClaimKind>(text) {
                let _ = (k.validate(), k.name());
            }
        }
    }
}

/// The verifier of the `verify_batch` target: the value-range key from seed `[1; 32]` (the one the
/// seed corpus was proven with). Key generation is slow: done once per process.
pub fn verifier() -> &'static Verifier {
    static V: OnceLock<Verifier> = OnceLock::new();
    V.get_or_init(|| {
        let (_, vk) = tradeproof::keys::setup_from_seed(ClaimKind::ValueRange, [1; 32])
            .expect("value-range setup");
        Verifier::new([vk])
    })
}

/// Size of an encoded proof: a batch item that is not a submission is split into `statement ‖ proof`
/// with the proof in its last bytes.
const PROOF_BYTES: usize = 162;

/// Batch verification of arbitrary bytes: the input is framed with `split_batch`; an item that decodes
/// as a submission gives its statement and proof, any other item is cut into statement and proof bytes.
/// `Verifier::verify_batch_bytes` must account for every item, its verdict on each item must be the
/// verdict of single verification, and a malformed item's reason the strict decoders' error.
pub fn verify_batch(data: &[u8]) {
    let Ok(items) = split_batch(data) else {
        return;
    };
    let pairs: Vec<(Vec<u8>, Vec<u8>)> = items
        .iter()
        .map(|item| match Submission::from_bytes(item) {
            Ok(s) => (s.statement.to_bytes(), s.proof.to_bytes()),
            Err(_) => {
                let cut = item.len().saturating_sub(PROOF_BYTES);
                (item[..cut].to_vec(), item[cut..].to_vec())
            }
        })
        .collect();
    let refs: Vec<(&[u8], &[u8])> = pairs.iter().map(|(s, p)| (&s[..], &p[..])).collect();
    let v = verifier();
    let report = v.verify_batch_bytes(&refs, ContextRule::Any);
    assert_eq!(report.total, refs.len());
    assert_eq!(report.valid + report.invalid.len(), report.total);
    assert!(
        report.invalid.windows(2).all(|w| w[0].index < w[1].index),
        "rejections not in increasing index order: {report:?}"
    );
    assert!(report.invalid.iter().all(|r| r.index < report.total));
    for (i, (s, p)) in refs.iter().enumerate() {
        let single = match (Statement::from_bytes(s), Proof::from_bytes(p)) {
            (Ok(st), Ok(pf)) => v.verify(&st, &pf, &st.context()).is_ok(),
            _ => false,
        };
        assert_eq!(
            report.is_valid(i),
            single,
            "item {i}: batch and single verification disagree"
        );
        // A malformed item carries the strict decoders' error (the batch decoder defers and
        // vectorises some checks, but must report what they report).
        let strict = Statement::from_bytes(s)
            .err()
            .or_else(|| Proof::from_bytes_any(p).err())
            .map(|e| e.to_string());
        let reported = report
            .invalid
            .iter()
            .find(|r| r.index == i)
            .and_then(|r| match &r.reason {
                tradeproof::Rejection::Malformed(m) => Some(m.clone()),
                _ => None,
            });
        assert_eq!(reported, strict, "item {i}: malformed reasons disagree");
    }
}

/// snarkjs JSON import (`tradeproof::wire::snarkjs`); the first byte picks what the rest (UTF-8) is:
///
/// | byte mod 4 | text | checks |
/// |---|---|---|
/// | 0 | `verification_key.json` | an accepted key exports to JSON that reads back to it; with 6 public signals it imports as a value-range key that survives the binary encoding |
/// | 1 | `proof.json` | an accepted proof exports and reads back to it, imports, survives the binary encoding |
/// | 2 | `public.json` | accepted signals export and read back to them |
/// | 3 | `vk NUL proof NUL public` | `verify_json`; for a value-range-sized key, tradeproof's verifier agrees, single and batched |
pub fn snarkjs(data: &[u8]) {
    use tradeproof::wire::snarkjs::{self as s, ProofJson, VerificationKeyJson};
    let Some((&which, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let value_range = ClaimKind::ValueRange;
    match which % 4 {
        0 => {
            let Ok(vk) = s::read_verifying_key(text) else {
                return;
            };
            let out = serde_json::to_string(&VerificationKeyJson::from_ark(&vk)).expect("JSON");
            let back = s::read_verifying_key(&out).expect("an exported key reads back");
            assert_eq!(back, vk, "snarkjs key changed through export and import");
            if vk.gamma_abc_g1.len() == value_range.num_inputs() + 1 {
                let k = s::import_verifying_key(text, value_range)
                    .expect("a valid key with the kind's input count imports");
                binary_round_trip(&k);
            }
        }
        1 => {
            let Ok(p) = s::read_proof(text) else {
                return;
            };
            let out = serde_json::to_string(&ProofJson::from_ark(&p)).expect("JSON");
            assert_eq!(s::read_proof(&out).expect("reads back"), p);
            let id = tradeproof::CircuitId([7; 32]);
            let imported = s::import_proof(text, id).expect("a valid proof imports");
            assert_eq!(imported.to_ark(), p);
            binary_round_trip(&imported);
        }
        2 => {
            let Ok(v) = s::read_public_signals(text) else {
                return;
            };
            let out = serde_json::to_string(&s::public_signals(&v)).expect("JSON");
            assert_eq!(s::read_public_signals(&out).expect("reads back"), v);
        }
        _ => {
            let mut parts = text.splitn(3, '\0');
            let (Some(vk), Some(proof), Some(public)) = (parts.next(), parts.next(), parts.next())
            else {
                return;
            };
            let Ok(ok) = s::verify_json(vk, proof, public) else {
                return;
            };
            let vk = s::read_verifying_key(vk).expect("verified, so it reads");
            let proof = s::read_proof(proof).expect("verified, so it reads");
            let public = s::read_public_signals(public).expect("verified, so it reads");
            if public.len() != value_range.num_inputs() {
                return;
            }
            // Differential: the embeddable verifier (arkworks single check, and the batch check's own
            // pairing code for more than four items) gives the verdict of snarkjs-style verification.
            let key = VerifyingKey::from_ark(value_range, vk).expect("valid key");
            let id = key.circuit_id();
            let st = Statement::from_inputs(id, value_range, public).expect("6 inputs");
            let pf = Proof::from_ark(id, &proof).expect("valid proof");
            let v = Verifier::new([key]);
            assert_eq!(
                v.verify(&st, &pf, &st.context()).is_ok(),
                ok,
                "single verdict"
            );
            let report = v.verify_batch(&vec![(st, pf); 5], ContextRule::Any);
            assert_eq!(
                report.valid,
                if ok { 5 } else { 0 },
                "batch verdict: {report:?}"
            );
        }
    }
}

/// The embedded verifier (`tradeproof-verifier`) and its WebAssembly request handler. The first byte
/// picks: 0 statement, 1 proof, 2 verifying key — decoded by both crates, which must agree (what
/// tradeproof accepts the embedded decoder accepts, with the same statement id, proof points and key
/// fingerprint); anything else — the rest is a WebAssembly request, whose response must be well formed
/// (status 0 with consistent counts, or 1 with a message).
pub fn embedded(data: &[u8]) {
    use tradeproof_verifier as core;
    let Some((&which, rest)) = data.split_first() else {
        return;
    };
    match which {
        0 => {
            let e = core::Statement::from_bytes(rest);
            if let Ok(n) = Statement::from_bytes(rest) {
                let e = e.expect("tradeproof accepts a statement the embedded verifier refuses");
                assert_eq!(e.id(), n.id());
                assert_eq!(&e.inputs[..], n.inputs());
            }
        }
        1 => {
            let e = core::Proof::from_bytes(rest);
            let n = Proof::from_bytes_any(rest);
            assert_eq!(e.is_ok(), n.is_ok(), "the proof decoders disagree");
            if let (Ok(e), Ok(n)) = (e, n) {
                assert_eq!(e.circuit_id, n.circuit_id().0);
                let ark = n.to_ark();
                assert_eq!((e.a, e.b, e.c), (ark.a, ark.b, ark.c));
            }
        }
        2 => {
            // Only fixed kinds (the main decoder synthesizes a sized kind's circuit).
            if rest.get(2).is_some_and(|t| *t == 7) {
                return;
            }
            if let Ok(e) = core::VerifyingKey::from_bytes(rest) {
                let n = VerifyingKey::from_bytes_any(rest)
                    .expect("the embedded verifier accepts a key tradeproof refuses");
                assert_eq!(e.fingerprint, n.fingerprint());
            }
        }
        _ => {
            let out = tradeproof_verifier_wasm::handle(rest);
            match out.first() {
                Some(0) => {
                    assert!(out.len() >= 13);
                    let word = |at: usize| {
                        u32::from_le_bytes([out[at], out[at + 1], out[at + 2], out[at + 3]])
                            as usize
                    };
                    let (total, valid, k) = (word(1), word(5), word(9));
                    assert_eq!(valid + k, total);
                    assert_eq!(out.len(), 13 + 5 * k);
                }
                Some(1) => assert!(std::str::from_utf8(&out[1..]).is_ok()),
                _ => panic!("a response without status"),
            }
        }
    }
}

/// The aggregation SRS of the `aggregate` target: seeded from `[5; 32]` for two proofs (the seed
/// corpus was aggregated under it, with proofs of [`verifier`]'s key).
pub fn aggregation_srs(
) -> &'static tradeproof::aggregate::VerifierSrs<tradeproof::aggregate::InsecureSeeded> {
    static S: OnceLock<tradeproof::aggregate::VerifierSrs<tradeproof::aggregate::InsecureSeeded>> =
        OnceLock::new();
    S.get_or_init(|| {
        tradeproof::aggregate::Srs::insecure_from_seed(2, [5; 32])
            .expect("seeded SRS")
            .verifier_srs()
    })
}

/// Aggregate proofs, their verification, and the aggregation SRS encodings; the first byte picks
/// what the rest is:
///
/// | byte mod 3 | rest | checks |
/// |---|---|---|
/// | 0 | `len:u32 ‖ aggregate proof (len bytes) ‖ batch of statements` (`'B'` framing, each item a statement) | an accepted aggregate is canonical; verifying it against the statements under [`verifier`]'s key and [`aggregation_srs`] never panics, gives the same verdict twice, and on success covers exactly those statements |
/// | 1 | verifier SRS | accepted bytes are canonical, and decode as exactly one of the two kinds |
/// | 2 | SRS (seeded kind) | accepted bytes are canonical |
pub fn aggregate(data: &[u8]) {
    use tradeproof::aggregate::{
        verify_aggregate, AggregateProof, Ceremony, InsecureSeeded, Srs, VerifierSrs,
    };
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    match pick % 3 {
        0 => {
            let Some((len, rest)) = rest.split_first_chunk::<4>() else {
                return;
            };
            let len = (u32::from_le_bytes(*len) as usize).min(rest.len());
            let (agg, statements) = rest.split_at(len);
            let Some(agg) = canonical::<AggregateProof>(agg) else {
                return;
            };
            let Ok(items) = split_batch(statements) else {
                return;
            };
            let Ok(statements) = items
                .iter()
                .map(|b| Statement::from_bytes(b))
                .collect::<tradeproof::Result<Vec<_>>>()
            else {
                return;
            };
            let Some(vk) = verifier().key(&agg.circuit_id()) else {
                return;
            };
            let rule = ContextRule::Any;
            let first = verify_aggregate(aggregation_srs(), vk, &statements, &agg, rule);
            let second = verify_aggregate(aggregation_srs(), vk, &statements, &agg, rule);
            assert_eq!(
                first.is_ok(),
                second.is_ok(),
                "verification is not deterministic"
            );
            if let Ok(covered) = first {
                assert_eq!(covered.ids.len(), statements.len());
                assert!(covered
                    .ids
                    .iter()
                    .zip(&statements)
                    .all(|(id, s)| *id == s.id()));
            }
        }
        1 => {
            let c = canonical::<VerifierSrs<Ceremony>>(rest).is_some();
            let s = canonical::<VerifierSrs<InsecureSeeded>>(rest).is_some();
            assert!(!(c && s), "bytes decode as both kinds of SRS");
        }
        _ => {
            let _ = canonical::<Srs<InsecureSeeded>>(rest);
        }
    }
}
