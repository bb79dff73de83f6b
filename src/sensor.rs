//! Sensor readings: devices, their signed batches of readings, and what a ledger checks across the
//! batches of a voyage.
//!
//! A device (thermometer, hygrometer, scale) holds an EdDSA-Poseidon key, circomlib-compatible like a
//! certificate issuer's, and is listed with its kind in the public [`DeviceRegistry`]; revoked devices
//! are in [`DeviceRevocations`]. It signs batches of up to [`CAPACITY`] readings for one shipment —
//! named by the digest of the shipment's sealed bill of lading — with a sequence number
//! ([`ReadingBatch::sign`]). The shipper keeps the readings; the ledger gets a sensor-range claim
//! ([`crate::claims::sensor_range`], its statement and soundness argument) proving that they held a band
//! over a window with no gap longer than a maximum. Wire forms: binary (the `wire::binary` table, tag
//! `'M'`) and JSON, both strict.
//!
//! # A voyage longer than one batch
//! Each batch gets its own claim; the claims' windows tile the voyage (`from` of one is `to` of the
//! previous), and every claim's last reading is at its `to`, so no gap across a boundary is longer than
//! `max_gap` either. [`check_voyage`] is the ledger's check of such a chain.
//!
//! ```
//! use tradeproof::sensor::*;
//! # use ark_bn254::Fr;
//! let key = SecretKey::from_seed(&[3; 32]);
//! let registry = DeviceRegistry::new(vec![(71, DeviceKind::Thermometer, key.public_key())])?;
//! let batch = ReadingBatch {
//!     device: 71,
//!     shipment: Fr::from(12345u64), // the digest of the sealed bill of lading
//!     sequence: 0,
//!     readings: vec![Reading { time: 1_796_019_000, value: 425 }], // 4.25 °C
//! }
//! .sign(&key);
//! assert!(batch.verify(&registry.entry(71).unwrap().1));
//! # Ok::<(), tradeproof::claims::ClaimError>(())
//! ```
pub use tradeproof_circuits::claims::sensor_range::{
    batch_domain, format_hundredths, violations, DeviceKind, DeviceRegistry, DeviceRevocations,
    Public as SensorClaim, Reading, ReadingBatch, SignedBatch, CAPACITY, REGISTRY_DEPTH,
};
pub use tradeproof_circuits::gadgets::babyjubjub::Point as PublicKey;
pub use tradeproof_circuits::gadgets::eddsa::{SecretKey, Signature};

use crate::error::{Error, Result};

/// Checks that verified sensor-range claims, in order, cover a voyage from `loading` to `arrival`
/// (seconds) as one chain: the same shipment, device kind, registry and revocation roots, band and
/// maximum gap throughout; the first window opens at or before `loading`; each window opens where the
/// previous one closed; the last closes at or after `arrival`. The proofs must have been verified
/// already; this is the ledger's policy on top of them.
pub fn check_voyage(claims: &[SensorClaim], loading: u64, arrival: u64) -> Result<()> {
    let bad = |reason: String| Err(Error::InvalidClaim(reason));
    let Some(first) = claims.first() else {
        return bad("no sensor claims for the voyage".into());
    };
    if first.from > loading {
        return bad(format!(
            "the record starts at {}, after loading at {loading}",
            first.from
        ));
    }
    for (i, pair) in claims.windows(2).enumerate() {
        let (a, b) = (&pair[0], &pair[1]);
        let same = a.shipment == b.shipment
            && a.device_kind == b.device_kind
            && a.registry_root == b.registry_root
            && a.revocation_root == b.revocation_root
            && (a.min, a.max, a.max_gap) == (b.min, b.max, b.max_gap);
        if !same {
            return bad(format!(
                "claim {} is about another shipment, device kind, registry or band than claim {i}",
                i + 1
            ));
        }
        if b.from != a.to {
            return bad(format!(
                "claim {} opens at {}, claim {i} closed at {}: the windows do not tile",
                i + 1,
                b.from,
                a.to
            ));
        }
    }
    let last = &claims[claims.len() - 1];
    if last.to < arrival {
        return bad(format!(
            "the record ends at {}, before arrival at {arrival}",
            last.to
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use ark_bn254::Fr;

    fn claim(from: u64, to: u64) -> SensorClaim {
        SensorClaim {
            shipment: Fr::from(5u64),
            device_kind: DeviceKind::Thermometer,
            registry_root: Fr::from(6u64),
            revocation_root: Fr::from(7u64),
            min: 100,
            max: 800,
            from,
            to,
            max_gap: 1_800,
            min_count: 1,
        }
    }

    #[test]
    fn voyages_must_tile_from_loading_to_arrival() {
        let chain = [claim(100, 5_000), claim(5_000, 9_000), claim(9_000, 12_000)];
        assert!(check_voyage(&chain, 100, 12_000).is_ok());
        assert!(check_voyage(&chain, 150, 11_000).is_ok());
        let e = |c: &[SensorClaim], l, a| check_voyage(c, l, a).unwrap_err().to_string();
        assert!(e(&chain, 99, 12_000).contains("after loading"));
        assert!(e(&chain, 100, 12_001).contains("before arrival"));
        assert!(e(&[], 0, 1).contains("no sensor claims"));
        let gap = [claim(100, 5_000), claim(5_001, 12_000)];
        assert!(e(&gap, 100, 12_000).contains("do not tile"));
        let mut other = chain.clone();
        other[1].max = 900;
        assert!(e(&other, 100, 12_000).contains("another shipment"));
        let mut other = chain.clone();
        other[2].shipment = Fr::from(8u64);
        assert!(e(&other, 100, 12_000).contains("another shipment"));
    }
}
