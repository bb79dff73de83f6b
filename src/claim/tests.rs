//! The registry's generated code: every kind round-trips through its inputs, JSON and binary tag.
use super::*;
use crate::codes::{Country, Currency, Date, PartyId};
use crate::context::Context;
use crate::Error;
use ark_bn254::Fr;
use tradeproof_circuits::claims::{self as c};
use tradeproof_circuits::layout::{DocType, AMOUNT};

fn d(n: u64) -> Fr {
    Fr::from(1_000_003u64) * Fr::from(n)
}

/// One claim of every kind.
fn every_kind() -> Vec<Claim> {
    let eur = Currency::parse("EUR").unwrap();
    vec![
        Claim::ValueRange(c::value_range::Public {
            record: d(1),
            doc_type: DocType::CustomsDeclaration,
            slot: AMOUNT,
            min: 10,
            max: 20,
        }),
        Claim::OriginEquals(c::origin_equals::Public {
            record: d(2),
            doc_type: DocType::CertificateOfOrigin,
            country: Country::parse("KE").unwrap(),
        }),
        Claim::OriginInList(c::origin_in_list::Public {
            record: d(3),
            doc_type: DocType::CommercialInvoice,
            list_root: d(4),
        }),
        Claim::OriginMatch(c::origin_match::Public {
            declaration: d(5),
            certificate: d(6),
        }),
        Claim::CertificateValidity(c::certificate::Public {
            certificate: d(7),
            date: Date::parse("2026-11-30").unwrap(),
            registry_root: d(8),
            revocation_root: d(9),
        }),
        Claim::CustomsClearance(c::customs_clearance::Public {
            declaration: d(10),
            certificate: d(11),
            min: 0,
            max: u64::MAX,
            currency: eur,
            registry_root: d(12),
            revocation_root: d(13),
        }),
        Claim::SensorRange(c::sensor_range::Public {
            shipment: d(16),
            device_kind: c::sensor_range::DeviceKind::Thermometer,
            registry_root: d(17),
            revocation_root: d(18),
            min: -2_500,
            max: -1_800,
            from: 1_796_018_400,
            to: 1_796_076_000,
            max_gap: 1_800,
            min_count: 90,
        }),
        Claim::SelectiveDisclosure(c::selective_disclosure::Public {
            record: d(19),
            doc_type: DocType::CustomsDeclaration,
            revealed: vec![
                c::selective_disclosure::Revealed {
                    slot: 5,
                    value: Fr::from(276u64),
                },
                c::selective_disclosure::Revealed {
                    slot: 6,
                    value: d(20),
                },
            ],
        }),
        Claim::Escrow({
            let to =
                tradeproof_circuits::gadgets::eddsa::SecretKey::from_seed(&[4; 32]).public_key();
            c::escrow::wrap_for(
                d(21),
                d(22),
                &to,
                &c::escrow::EphemeralSecret(Fr::from(77u64)),
            )
        }),
        Claim::AggregateValue(c::aggregate_value::Public {
            capacity: 4,
            invoices: vec![d(14), d(15)],
            exporter: PartyId::new(42).unwrap(),
            currency: eur,
            threshold: 1_000,
            from: Date::parse("2026-01-01").unwrap(),
            to: Date::parse("2026-12-31").unwrap(),
        }),
    ]
}

#[test]
fn every_kind_is_listed_once() {
    let claims = every_kind();
    let kinds: Vec<ClaimKind> = claims.iter().map(Claim::kind).collect();
    assert_eq!(&kinds[..ClaimKind::FIXED.len()], &ClaimKind::FIXED[..]);
    let mut tags: Vec<u8> = kinds.iter().map(ClaimKind::tag).collect();
    tags.sort_unstable();
    tags.dedup();
    assert_eq!(tags.len(), kinds.len());
    let mut names: Vec<&str> = kinds.iter().map(ClaimKind::base_name).collect();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), kinds.len());
}

#[test]
fn claims_round_trip_through_their_inputs() {
    let ctx = Context::new(7, 1);
    for claim in every_kind() {
        let kind = claim.kind();
        let inputs = claim.public_inputs(&ctx).unwrap();
        assert_eq!(inputs.len(), kind.num_inputs(), "{kind}");
        assert_eq!(inputs[kind.context_index()], ctx.to_field(), "{kind}");
        let (back, back_ctx) = Claim::from_public_inputs(kind, &inputs).unwrap();
        assert_eq!(back, claim);
        assert_eq!(back_ctx, ctx);
        assert_eq!(back.record_digests(), claim.record_digests());
        // One input too many or too few is refused with the count.
        let mut more = inputs.clone();
        more.push(Fr::from(0u64));
        assert!(matches!(
            Claim::from_public_inputs(kind, &more),
            Err(Error::PublicInputCount { .. })
        ));
        assert!(Claim::from_public_inputs(kind, &inputs[1..]).is_err());
        // The blank circuit of the kind takes the same number of inputs.
        let blank = kind.blank_witness();
        assert_eq!(blank.kind(), kind);
        assert_eq!(blank.public_inputs().len(), kind.num_inputs());
    }
}

#[test]
fn claims_round_trip_through_json_strictly() {
    for claim in every_kind() {
        let json = serde_json::to_string(&claim).unwrap();
        assert!(json.contains(&format!("\"kind\":\"{}\"", claim.kind().base_name())));
        let back: Claim = serde_json::from_str(&json).unwrap();
        assert_eq!(back, claim);
        // An unknown field is refused.
        let extra = json.replacen('{', "{\"extra\":1,", 1);
        assert!(serde_json::from_str::<Claim>(&extra).is_err(), "{extra}");
    }
    // Parameters are checked on read: an empty range.
    let bad = r#"{"kind":"value_range","record":"1","doc_type":"customs_declaration","slot":8,"min":5,"max":4}"#;
    assert!(serde_json::from_str::<Claim>(bad).is_err());
    let ok = r#"{"kind":"value_range","record":"1","doc_type":"customs_declaration","slot":8,"min":4,"max":5}"#;
    assert!(serde_json::from_str::<Claim>(ok).is_ok());
}

#[test]
fn kinds_round_trip_through_tags() {
    for claim in every_kind() {
        let k = claim.kind();
        let has = ClaimKind::tag_has_parameter(k.tag()).unwrap();
        assert_eq!(has, k.parameter().is_some());
        assert_eq!(
            ClaimKind::from_tag(k.tag(), k.parameter().unwrap_or(0)),
            Some(k)
        );
        let json = serde_json::to_string(&k).unwrap();
        assert_eq!(serde_json::from_str::<ClaimKind>(&json).unwrap(), k);
    }
    assert_eq!(ClaimKind::tag_has_parameter(0), None);
    assert_eq!(ClaimKind::from_tag(200, 0), None);
    assert!(ClaimKind::AggregateValue { capacity: 0 }
        .validate()
        .is_err());
    assert!(ClaimKind::AggregateValue { capacity: 257 }
        .validate()
        .is_err());
    assert_eq!(
        ClaimKind::AggregateValue { capacity: 32 }.name(),
        "aggregate_value-32"
    );
}

#[test]
fn json_arrays_are_not_objects() {
    // serde's derived readers take a sequence of the fields in order; a claim must be an object.
    let claim = &every_kind()[3];
    let json = serde_json::to_value(claim).unwrap();
    let fields: Vec<serde_json::Value> = json.as_object().unwrap().values().cloned().collect();
    let array = serde_json::Value::Array(fields).to_string();
    assert!(serde_json::from_str::<Claim>(&array).is_err(), "{array}");
}
