//! Arbitrary bytes and JSON never panic.
use crate::support::*;

/// Runs every binary decoder on `bytes`: any result but a panic is fine, and what decodes is canonical.
pub fn decode_everything(bytes: &[u8]) {
    if let Some(r) = decode_canonical::<SealedRecord>(bytes) {
        let _ = r.digest();
    }
    let _ = decode_canonical::<Proof>(bytes);
    if let Some(s) = decode_canonical::<Statement>(bytes) {
        let _ = (s.context(), s.claim(), s.id());
    }
    let _ = decode_canonical::<VerifyingKey>(bytes);
    let _ = decode_canonical::<Submission>(bytes);
    if let Ok(items) = decode_batch(bytes) {
        assert_eq!(
            items.len(),
            split_batch(bytes).map(|v| v.len()).unwrap_or(0)
        );
    }
    let f = fixture();
    let half = bytes.len() / 2;
    let report = f.verifier.verify_batch_bytes(
        &[(&bytes[..half], &bytes[half..]), (bytes, bytes)],
        ContextRule::Any,
    );
    assert_eq!(report.valid, 0);
}

/// Arbitrary bytes, or arbitrary bytes behind a valid tag and version (to get past the header).
pub fn arb_bytes() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        prop::collection::vec(any::<u8>(), 0..600),
        (
            prop::sample::select(b"RPSVUB".to_vec()),
            prop::collection::vec(any::<u8>(), 0..600)
        )
            .prop_map(|(tag, rest)| {
                let mut v = vec![tag, 1];
                v.extend(rest);
                v
            }),
    ]
}

/// Every JSON decoder on `text`; what decodes re-encodes to JSON that decodes to the same value, and
/// decoded binary objects re-encode to bytes the binary decoder accepts (the two decoders agree).
pub fn json_everything(text: &str) {
    fn again<T: serde::Serialize + serde::de::DeserializeOwned + PartialEq + Debug>(
        text: &str,
    ) -> Option<T> {
        let v: T = serde_json::from_str(text).ok()?;
        let s = serde_json::to_string(&v).expect("serializes");
        let back: T =
            serde_json::from_str(&s).unwrap_or_else(|e| panic!("{s} does not decode: {e}"));
        assert_eq!(back, v);
        Some(v)
    }
    let _ = again::<Document>(text);
    let _ = again::<Claim>(text);
    let _ = again::<Context>(text);
    let _ = again::<ClaimKind>(text);
    if let Some(s) = again::<Statement>(text) {
        binary_round_trip(&s);
        let _ = (s.context(), s.claim(), s.id());
    }
    if let Some(p) = again::<Proof>(text) {
        binary_round_trip(&p);
    }
    if let Some(r) = again::<SealedRecord>(text) {
        binary_round_trip(&r);
    }
    if let Some(s) = again::<Submission>(text) {
        binary_round_trip(&s);
    }
}

pub const FIELD_NAMES: &[&str] = &[
    "type",
    "kind",
    "circuit_id",
    "a",
    "b",
    "c",
    "inputs",
    "records",
    "statement",
    "proof",
    "version",
    "nonce",
    "ciphertext",
    "tag",
    "record",
    "doc_type",
    "slot",
    "min",
    "max",
    "country",
    "capacity",
    "invoices",
    "exporter",
    "currency",
    "threshold",
    "from",
    "to",
    "aggregate_value",
    "value_range",
    "number",
    "date",
    "origin",
    "minor_units",
    "sensor_range",
    "shipment",
    "kind",
    "max_gap",
    "min_count",
    "thermometer",
];

pub fn arb_json_leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        any::<String>().prop_map(Value::String),
        "[0-9]{1,80}".prop_map(Value::String),
        "[0-9a-fA-F]{0,130}".prop_map(Value::String),
        prop::sample::select(FIELD_NAMES).prop_map(|s| Value::String(s.to_string())),
        prop::sample::select(vec![
            "KE",
            "DE",
            "EUR",
            "2026-11-30",
            "060311",
            "customs_declaration"
        ])
        .prop_map(|s| Value::String(s.to_string())),
    ]
}

pub fn arb_json() -> impl Strategy<Value = Value> {
    let key = prop_oneof![
        3 => prop::sample::select(FIELD_NAMES).prop_map(str::to_string),
        1 => any::<String>(),
    ];
    arb_json_leaf().prop_recursive(4, 48, 8, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..8).prop_map(Value::Array),
            prop::collection::btree_map(key.clone(), inner, 0..8)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// Every JSON pointer of `v`.
pub fn pointers(v: &Value, at: String, out: &mut Vec<String>) {
    match v {
        Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                pointers(x, format!("{at}/{i}"), out);
            }
        }
        Value::Object(o) => {
            for (k, x) in o {
                pointers(
                    x,
                    format!("{at}/{}", k.replace('~', "~0").replace('/', "~1")),
                    out,
                );
            }
        }
        _ => {}
    }
    out.push(at);
}

/// Valid JSON of every decoded type, from real and generated objects.
pub fn valid_json_samples() -> Vec<Value> {
    json_samples_from(&fixture().proven)
}

/// Valid JSON of every decoded type, with the statement and proof of `proven[0]`.
pub fn json_samples_from(proven: &[(Statement, Proof)]) -> Vec<Value> {
    let f = fixture();
    let (st, pf) = &proven[0];
    let sub = Submission {
        records: vec![f.world.shipments[0].declaration],
        statement: st.clone(),
        proof: *pf,
    };
    let doc = Document::from(CustomsDeclaration {
        number: 2_026_000_123,
        exporter: PartyId::new(42).unwrap(),
        importer: PartyId::new(77).unwrap(),
        origin: Country::parse("KE").unwrap(),
        destination: Country::parse("DE").unwrap(),
        hs_code: HsCode::parse("060311").unwrap(),
        date: Date::parse("2026-11-30").unwrap(),
        declared_value: Amount::parse("48250.00", Currency::parse("EUR").unwrap()).unwrap(),
        certificate_issuer: PartyId::new(9).unwrap(),
        certificate_serial: 5501,
        gross_mass_grams: 1_250_000,
        customs_office: Identifier::new("KEMBA-EXP-01").unwrap(),
        procedure: 1000,
    });
    let agg = Statement::from_inputs(
        st.circuit_id(),
        ClaimKind::AggregateValue { capacity: 2 },
        vec![Fr::from(3u64); 8],
    )
    .unwrap();
    vec![
        serde_json::to_value(&sub).unwrap(),
        serde_json::to_value(st).unwrap(),
        serde_json::to_value(&agg).unwrap(),
        serde_json::to_value(pf).unwrap(),
        serde_json::to_value(f.world.shipments[1].certificate).unwrap(),
        serde_json::to_value(&doc).unwrap(),
        serde_json::to_value(st.claim().unwrap()).unwrap(),
        serde_json::to_value(st.context()).unwrap(),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in arb_bytes()) {
        decode_everything(&bytes);
    }

    #[test]
    fn arbitrary_strings_never_panic(text in any::<String>()) {
        json_everything(&text);
    }

    #[test]
    fn arbitrary_json_never_panics(v in arb_json()) {
        json_everything(&v.to_string());
    }

    /// Valid JSON after a few edits (a node replaced by arbitrary JSON or by a part of another
    /// valid sample, an array grown or shrunk, a key dropped): refused, or decodes consistently.
    #[test]
    fn mutated_json_never_panics(which in any::<Index>(), edits in prop::collection::vec((any::<Index>(), arb_json_edit()), 1..4)) {
        let samples = json_samples();
        let mut v = samples[which.index(samples.len())].clone();
        for (node, edit) in &edits {
            edit_json(&mut v, node, edit);
        }
        json_everything(&v.to_string());
    }
}

/// The valid JSON samples, and every sub-tree of them (material for splicing).
pub fn json_samples() -> &'static Vec<Value> {
    static SAMPLES: OnceLock<Vec<Value>> = OnceLock::new();
    SAMPLES.get_or_init(valid_json_samples)
}

pub fn json_parts() -> &'static Vec<Value> {
    static PARTS: OnceLock<Vec<Value>> = OnceLock::new();
    PARTS.get_or_init(|| {
        let mut out = Vec::new();
        for v in json_samples() {
            let mut ps = Vec::new();
            pointers(v, String::new(), &mut ps);
            out.extend(ps.iter().filter_map(|p| v.pointer(p).cloned()));
        }
        out
    })
}

#[derive(Clone, Debug)]
pub enum JsonEdit {
    Replace(Value),
    Splice(Index),
    Shrink,
    Grow,
}

pub fn arb_json_edit() -> impl Strategy<Value = JsonEdit> {
    prop_oneof![
        2 => arb_json().prop_map(JsonEdit::Replace),
        2 => any::<Index>().prop_map(JsonEdit::Splice),
        1 => Just(JsonEdit::Shrink),
        1 => Just(JsonEdit::Grow),
    ]
}

pub fn edit_json(v: &mut Value, node: &Index, edit: &JsonEdit) {
    let mut ps = Vec::new();
    pointers(v, String::new(), &mut ps);
    let p = &ps[node.index(ps.len())];
    let Some(slot) = v.pointer_mut(p) else {
        unreachable!("{p} is a pointer of the value")
    };
    match (edit, slot) {
        (JsonEdit::Replace(r), slot) => *slot = r.clone(),
        (JsonEdit::Splice(i), slot) => *slot = json_parts()[i.index(json_parts().len())].clone(),
        (JsonEdit::Shrink, Value::Array(a)) => {
            a.pop();
        }
        (JsonEdit::Shrink, Value::Object(o)) => {
            if let Some(k) = o.keys().next().cloned() {
                o.remove(&k);
            }
        }
        (JsonEdit::Grow, Value::Array(a)) => {
            if let Some(x) = a.first().cloned() {
                a.push(x);
            }
        }
        _ => {}
    }
}

#[test]
pub fn valid_json_samples_decode() {
    let samples = json_samples();
    for v in samples {
        json_everything(&v.to_string());
    }
    assert!(serde_json::from_value::<Submission>(samples[0].clone()).is_ok());
    assert!(serde_json::from_value::<Statement>(samples[1].clone()).is_ok());
    assert!(serde_json::from_value::<Statement>(samples[2].clone()).is_ok());
    assert!(serde_json::from_value::<Proof>(samples[3].clone()).is_ok());
    assert!(serde_json::from_value::<SealedRecord>(samples[4].clone()).is_ok());
    assert!(serde_json::from_value::<Document>(samples[5].clone()).is_ok());
    assert!(serde_json::from_value::<Claim>(samples[6].clone()).is_ok());
    assert!(serde_json::from_value::<Context>(samples[7].clone()).is_ok());
}
