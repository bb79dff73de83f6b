//! Encodings of field elements, the leaf every other module builds on: canonical decimal strings
//! (snarkjs's form), hex, the integer inside a field element, and — with the `serde` feature — the
//! serde adapters the public types use. Every reader is strict: it rejects non-digits, leading zeros,
//! signs, whitespace, and values not below the modulus.
use ark_bn254::Fr;
use ark_ff::{BigInteger, PrimeField};

/// Parses a canonical decimal field element: digits only, no leading zero (except `"0"`), below `r`.
pub fn parse_fr(s: &str) -> Result<Fr, String> {
    if s.is_empty()
        || s.len() > 78
        || !s.bytes().all(|b| b.is_ascii_digit())
        || (s.len() > 1 && s.starts_with('0'))
    {
        return Err(format!(
            "{:?} is not a canonical decimal field element",
            truncate(s)
        ));
    }
    // Accumulate in five little-endian u64 limbs: four hold the value, a nonzero fifth (or a carry out
    // of it) means the number does not fit in 256 bits.
    let mut limbs = [0u64; 5];
    for b in s.bytes() {
        let mut carry = (b - b'0') as u128;
        for l in limbs.iter_mut() {
            let v = (*l as u128) * 10 + carry;
            *l = v as u64;
            carry = v >> 64;
        }
        if carry != 0 || limbs[4] != 0 {
            return Err(format!("{:?} is not below the field modulus", truncate(s)));
        }
    }
    let big = ark_ff::BigInt::<4>([limbs[0], limbs[1], limbs[2], limbs[3]]);
    Fr::from_bigint(big).ok_or_else(|| format!("{:?} is not below the field modulus", truncate(s)))
}

/// Parses a canonical decimal integer (digits only, no leading zero except `"0"`) into a `u128`.
pub fn parse_u128(s: &str) -> Result<u128, String> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) || (s.len() > 1 && s.starts_with('0'))
    {
        return Err(format!(
            "{:?} is not a canonical decimal integer",
            truncate(s)
        ));
    }
    s.parse()
        .map_err(|_| format!("{:?} does not fit in 128 bits", truncate(s)))
}

/// At most 80 characters of untrusted text, for error messages.
pub fn truncate(s: &str) -> String {
    let mut t: String = s.chars().take(80).collect();
    if t.len() < s.len() {
        t.push('…');
    }
    t
}

/// The canonical decimal string of a field element.
pub fn fr_to_string(x: &Fr) -> String {
    x.into_bigint().to_string()
}

/// The 32 little-endian bytes of a field element's canonical integer.
pub fn fr_le_bytes(x: &Fr) -> Vec<u8> {
    x.into_bigint().to_bytes_le()
}

/// The integer in a field element if it is below 2^64.
pub fn as_u64(x: Fr) -> Option<u64> {
    let big = x.into_bigint();
    let limbs = big.as_ref();
    limbs[1..].iter().all(|l| *l == 0).then_some(limbs[0])
}

/// Hex encoding of bytes (lowercase).
pub fn to_hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

/// Strict hex decoding: hex digits only (either case; no sign, no whitespace, even length).
pub fn from_hex(s: &str) -> Result<Vec<u8>, String> {
    // Work on bytes: slicing the `str` in pairs panics when a multi-byte character straddles a pair,
    // and `u8::from_str_radix` would accept a leading `+`.
    fn digit(c: u8) -> Option<u8> {
        match c {
            b'0'..=b'9' => Some(c - b'0'),
            b'a'..=b'f' => Some(c - b'a' + 10),
            b'A'..=b'F' => Some(c - b'A' + 10),
            _ => None,
        }
    }
    let b = s.as_bytes();
    if !b.len().is_multiple_of(2) {
        return Err("odd-length hex string".into());
    }
    b.chunks_exact(2)
        .enumerate()
        .map(|(i, p)| match (digit(p[0]), digit(p[1])) {
            (Some(h), Some(l)) => Ok(h << 4 | l),
            _ => Err(format!("invalid hex at {}", 2 * i)),
        })
        .collect()
}

/// Most field elements a JSON list of them may hold ([`serde::fr_vec`]); above every claim's input
/// count.
pub const MAX_FR_LIST: usize = 1024;

/// serde adapters (`#[serde(with = "…")]`) for field elements, 128-bit integers and byte strings.
#[cfg(feature = "serde")]
pub mod serde {
    use super::*;
    use ::serde::de::Error as _;
    use ::serde::{Deserialize, Deserializer, Serializer};

    /// `Fr` as a decimal string.
    pub mod fr_string {
        use super::*;
        /// Serialize.
        pub fn serialize<S: Serializer>(x: &Fr, s: S) -> Result<S::Ok, S::Error> {
            s.serialize_str(&fr_to_string(x))
        }
        /// Deserialize (strict).
        pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Fr, D::Error> {
            let s = String::deserialize(d)?;
            parse_fr(&s).map_err(D::Error::custom)
        }
    }

    /// `[Fr; N]` as an array of exactly `N` decimal strings.
    pub mod fr_array {
        use super::*;
        /// Serialize.
        pub fn serialize<S: Serializer, const N: usize>(
            x: &[Fr; N],
            s: S,
        ) -> Result<S::Ok, S::Error> {
            s.collect_seq(x.iter().map(fr_to_string))
        }
        /// Deserialize (strict, exactly `N` elements).
        pub fn deserialize<'de, D: Deserializer<'de>, const N: usize>(
            d: D,
        ) -> Result<[Fr; N], D::Error> {
            let v = super::fr_vec::deserialize(d)?;
            let n = v.len();
            v.try_into()
                .map_err(|_| D::Error::custom(format!("expected {N} elements, got {n}")))
        }
    }

    /// `Vec<Fr>` as an array of decimal strings (at most [`MAX_FR_LIST`]).
    pub mod fr_vec {
        use super::*;
        /// Serialize.
        pub fn serialize<S: Serializer>(x: &[Fr], s: S) -> Result<S::Ok, S::Error> {
            s.collect_seq(x.iter().map(fr_to_string))
        }
        /// Deserialize (strict).
        pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Fr>, D::Error> {
            let v: Vec<String> = Vec::deserialize(d)?;
            if v.len() > MAX_FR_LIST {
                return Err(D::Error::custom("too many field elements"));
            }
            v.iter()
                .map(|s| parse_fr(s).map_err(D::Error::custom))
                .collect()
        }
    }

    /// `u128` as a decimal string.
    pub mod u128_string {
        use super::*;
        /// Serialize.
        pub fn serialize<S: Serializer>(x: &u128, s: S) -> Result<S::Ok, S::Error> {
            s.serialize_str(&x.to_string())
        }
        /// Deserialize (digits only).
        pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<u128, D::Error> {
            let s = String::deserialize(d)?;
            parse_u128(&s).map_err(D::Error::custom)
        }
    }

    /// `[u8; 32]` as hex.
    pub mod hex32 {
        use super::*;
        /// Serialize.
        pub fn serialize<S: Serializer>(x: &[u8; 32], s: S) -> Result<S::Ok, S::Error> {
            s.serialize_str(&to_hex(x))
        }
        /// Deserialize (exactly 32 bytes).
        pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<[u8; 32], D::Error> {
            let s = String::deserialize(d)?;
            let v = from_hex(&s).map_err(D::Error::custom)?;
            v.try_into()
                .map_err(|_| D::Error::custom("expected 32 bytes"))
        }
    }

    /// `Vec<[u8; 32]>` as a list of hex strings.
    pub mod hex32_vec {
        use super::*;
        /// Serialize.
        pub fn serialize<S: Serializer>(x: &[[u8; 32]], s: S) -> Result<S::Ok, S::Error> {
            s.collect_seq(x.iter().map(|b| to_hex(b)))
        }
        /// Deserialize (each exactly 32 bytes).
        pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<[u8; 32]>, D::Error> {
            Vec::<String>::deserialize(d)?
                .iter()
                .map(|s| {
                    from_hex(s)
                        .map_err(D::Error::custom)?
                        .try_into()
                        .map_err(|_| D::Error::custom("expected 32 bytes"))
                })
                .collect()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ark_ff::Field;

    #[test]
    fn strict_decimal_field_elements() {
        assert_eq!(parse_fr("0").unwrap(), Fr::from(0u64));
        assert_eq!(parse_fr("12345").unwrap(), Fr::from(12345u64));
        let r_minus_1 = fr_to_string(&-Fr::ONE);
        assert_eq!(parse_fr(&r_minus_1).unwrap(), -Fr::ONE);
        let r = "21888242871839275222246405745257275088548364400416034343698204186575808495617";
        assert!(parse_fr(r).is_err());
        for bad in ["", "01", "-1", "1e3", " 1", "0x10", &"9".repeat(79)] {
            assert!(parse_fr(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn strict_integers_and_hex() {
        assert_eq!(parse_u128("0"), Ok(0));
        assert_eq!(parse_u128(&u128::MAX.to_string()), Ok(u128::MAX));
        for bad in [
            "",
            "01",
            "+1",
            "-1",
            " 1",
            "340282366920938463463374607431768211456",
        ] {
            assert!(parse_u128(bad).is_err(), "{bad:?}");
        }
        assert_eq!(from_hex("00fF").unwrap(), vec![0, 255]);
        for bad in ["0", "+1", "zz", "é1"] {
            assert!(from_hex(bad).is_err(), "{bad:?}");
        }
        assert_eq!(to_hex(&[1, 171]), "01ab");
        assert_eq!(as_u64(Fr::from(u64::MAX)), Some(u64::MAX));
        assert_eq!(as_u64(Fr::from(u64::MAX) + Fr::ONE), None);
        assert_eq!(as_u64(-Fr::ONE), None);
    }
}
