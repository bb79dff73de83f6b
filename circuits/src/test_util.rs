//! Helpers shared by the unit tests of this crate.
use ark_bn254::Fr;
use ark_ff::{BigInteger, PrimeField};
use proptest::prelude::*;
use std::str::FromStr;

/// Parses a decimal string into a field element.
pub fn fr(s: &str) -> Fr {
    Fr::from_str(s).unwrap_or_else(|_| panic!("bad field element {s}"))
}

/// Uniformly random field elements (from 32 random bytes, reduced).
pub fn fr_strategy() -> impl Strategy<Value = Fr> {
    any::<[u8; 32]>().prop_map(|b| Fr::from_le_bytes_mod_order(&b))
}

/// The integer value of a field element as u128 (panics when larger).
#[allow(dead_code)]
pub fn to_u128(x: Fr) -> u128 {
    let b = x.into_bigint().to_bytes_le();
    assert!(b[16..].iter().all(|&v| v == 0));
    u128::from_le_bytes(b[..16].try_into().unwrap())
}
