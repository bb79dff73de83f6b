//! Binary encodings of aggregation objects, in the style of [`super::binary`]: tag, version,
//! little-endian integers, compressed points checked on the curve and in the subgroup (no identity),
//! target-group elements torus-compressed ([`crate::aggregate::gt`]), counts bounded before
//! allocation, trailing bytes refused.
//!
//! | object | layout | size |
//! |---|---|---|
//! | [`AggregateProof`] | `'A'` `v=1` circuit_id(32) count:u32 digest(32) T(2×192) U(2×192) Z_AB(192) Z_C(32) l:u8, l × [Z_L Z_R(2×192) Z_C,L Z_C,R(2×32) T_L(2×192) T_R(2×192) U_L(2×192) U_R(2×192)], A*(32) B*(64) C*(32) v*(2×64) w*(2×32) π_v(2×64) π_w(2×32) | 1,575 + 1,984·l |
//! | [`VerifierSrs`] | `'Z'` `v=1` kind(1: ceremony, 2: seeded) N:u32 `[a]₁`(32) `[b]₁`(32) `[a]₂`(64) `[b]₂`(64) | 199 |
//! | [`Srs`] | `'X'` `v=1` kind N:u32 `[aⁱ]₁` (2N×32) `[bⁱ]₁` (2N×32) `[aⁱ]₂` (N×64) `[bⁱ]₂` (N×64) | 7 + 256·N |
//!
//! `l` must be `log₂` of the count padded to a power of two (at least 2), so the count fixes the
//! length; the count is at most [`MAX_SRS_PROOFS`]. The kind byte of an SRS must match the type it is
//! decoded into: bytes of a seeded SRS never decode as `Srs<Ceremony>`.
use super::binary::{put_field, put_point, Decode, Encode, Reader, VERSION};
use crate::aggregate::gt::{self, Gt};
use crate::aggregate::{
    AggregateProof, GipaRound, Powers, Srs, SrsKind, VerifierSrs, MAX_SRS_PROOFS,
};
use crate::circuit::CircuitId;
use crate::error::{DecodeError, Result};
use ark_bn254::{Bn254, Fq, Fq2, Fq6, G1Affine, G2Affine};
use ark_ec::pairing::Pairing;
use ark_ec::AffineRepr;
use rayon::prelude::*;
use std::marker::PhantomData;

const TAG_AGGREGATE: u8 = b'A';
const TAG_VERIFIER_SRS: u8 = b'Z';
const TAG_SRS: u8 = b'X';

fn put_gt(out: &mut Vec<u8>, x: &Gt) {
    let c = gt::compress(x);
    for f in [&c.c0, &c.c1, &c.c2] {
        put_field(out, &f.c0);
        put_field(out, &f.c1);
    }
}

impl Reader<'_> {
    /// The torus coordinate of a target-group element (decompressed later, all at once).
    fn gt_coordinate(&mut self, what: &'static str) -> Result<Fq6> {
        let mut f2 = || -> Result<Fq2> {
            Ok(Fq2::new(
                self.canonical::<Fq>(what)?,
                self.canonical::<Fq>(what)?,
            ))
        };
        Ok(Fq6::new(f2()?, f2()?, f2()?))
    }

    fn gt_coordinates(&mut self, count: usize, out: &mut Vec<Fq6>) -> Result<()> {
        for _ in 0..count {
            out.push(self.gt_coordinate("aggregate target-group element")?);
        }
        Ok(())
    }

    fn g1_2(&mut self, what: &'static str) -> Result<[G1Affine; 2]> {
        Ok([self.g1(what)?, self.g1(what)?])
    }

    fn g2_2(&mut self, what: &'static str) -> Result<[G2Affine; 2]> {
        Ok([self.g2(what)?, self.g2(what)?])
    }
}

fn invalid(what: &'static str, reason: &str) -> crate::Error {
    DecodeError::Invalid {
        what,
        reason: reason.to_string(),
    }
    .into()
}

impl Encode for AggregateProof {
    fn encode_to(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&[TAG_AGGREGATE, VERSION]);
        out.extend_from_slice(&self.circuit_id.0);
        out.extend_from_slice(&self.count.to_le_bytes());
        out.extend_from_slice(&self.statements_digest);
        for x in self.com_ab.iter().chain(&self.com_c) {
            put_gt(out, x);
        }
        put_gt(out, &self.z_ab);
        put_point(out, &self.z_c);
        out.push(self.rounds.len() as u8);
        for r in &self.rounds {
            r.z_ab.iter().for_each(|x| put_gt(out, x));
            r.z_c.iter().for_each(|p| put_point(out, p));
            r.t_ab
                .iter()
                .chain(&r.u_c)
                .flatten()
                .for_each(|x| put_gt(out, x));
        }
        put_point(out, &self.final_a);
        put_point(out, &self.final_b);
        put_point(out, &self.final_c);
        self.final_v.iter().for_each(|p| put_point(out, p));
        self.final_w.iter().for_each(|p| put_point(out, p));
        self.open_v.iter().for_each(|p| put_point(out, p));
        self.open_w.iter().for_each(|p| put_point(out, p));
    }
}

impl Decode for AggregateProof {
    fn decode_from(r: &mut Reader<'_>) -> Result<Self> {
        r.header(TAG_AGGREGATE, "aggregate proof")?;
        let circuit_id = CircuitId(r.array32("circuit id")?);
        let count = r.u32("aggregate count")?;
        if count == 0 || count as usize > MAX_SRS_PROOFS {
            return Err(DecodeError::LengthTooLarge {
                what: "aggregate count",
                len: u64::from(count),
                max: MAX_SRS_PROOFS as u64,
            }
            .into());
        }
        let statements_digest = r.array32("statements digest")?;
        // Target-group coordinates are read in order and decompressed together, in parallel (the
        // inversion and the subgroup check are most of the decoding time).
        let mut coords = Vec::new();
        r.gt_coordinates(5, &mut coords)?;
        let z_c = r.g1("Z_C")?;
        let l = r.u8("round count")?;
        let padded = (count as usize).max(2).next_power_of_two();
        if 1usize << l.min(31) != padded {
            return Err(invalid(
                "round count",
                "must be log2 of the padded statement count",
            ));
        }
        let mut round_c = Vec::with_capacity(l as usize);
        for _ in 0..l {
            r.gt_coordinates(2, &mut coords)?;
            round_c.push(r.g1_2("round Z_C")?);
            r.gt_coordinates(8, &mut coords)?;
        }
        let final_a = r.g1("final A")?;
        let final_b = r.g2("final B")?;
        let final_c = r.g1("final C")?;
        let final_v = r.g2_2("final key v")?;
        let final_w = r.g1_2("final key w")?;
        let open_v = r.g2_2("opening of v")?;
        let open_w = r.g1_2("opening of w")?;
        let gts: Vec<Gt> = coords
            .par_iter()
            .map(|c| gt::decompress(c, "aggregate target-group element"))
            .collect::<Result<_>>()?;
        let g = |i: usize| gts[i];
        let rounds = round_c
            .into_iter()
            .enumerate()
            .map(|(k, z_c)| {
                let b = 5 + 10 * k;
                GipaRound {
                    z_ab: [g(b), g(b + 1)],
                    z_c,
                    t_ab: [[g(b + 2), g(b + 3)], [g(b + 4), g(b + 5)]],
                    u_c: [[g(b + 6), g(b + 7)], [g(b + 8), g(b + 9)]],
                }
            })
            .collect();
        Ok(AggregateProof {
            circuit_id,
            count,
            statements_digest,
            com_ab: [g(0), g(1)],
            com_c: [g(2), g(3)],
            z_ab: g(4),
            z_c,
            rounds,
            final_a,
            final_b,
            final_c,
            final_v,
            final_w,
            open_v,
            open_w,
        })
    }
}

fn check_max(r: &mut Reader<'_>) -> Result<usize> {
    let n = r.u32("SRS size")? as usize;
    crate::aggregate::srs::check_size(n)?;
    Ok(n)
}

fn check_kind<K: SrsKind>(r: &mut Reader<'_>) -> Result<()> {
    let k = r.u8("SRS kind")?;
    if k != K::TAG {
        return Err(invalid("SRS kind", "not the kind of SRS expected"));
    }
    Ok(())
}

impl<K: SrsKind> Encode for VerifierSrs<K> {
    fn encode_to(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&[TAG_VERIFIER_SRS, VERSION, K::TAG]);
        out.extend_from_slice(&self.max_proofs.to_le_bytes());
        put_point(out, &self.g_a);
        put_point(out, &self.g_b);
        put_point(out, &self.h_a);
        put_point(out, &self.h_b);
    }
}

impl<K: SrsKind> Decode for VerifierSrs<K> {
    /// Also checks `e([a]₁, [1]₂) = e([1]₁, [a]₂)` (and for `b`), and that the secrets differ and are
    /// not 1.
    fn decode_from(r: &mut Reader<'_>) -> Result<Self> {
        r.header(TAG_VERIFIER_SRS, "aggregation verifier SRS")?;
        check_kind::<K>(r)?;
        let max_proofs = check_max(r)? as u32;
        let (g_a, g_b) = (r.g1("SRS [a]1")?, r.g1("SRS [b]1")?);
        let (h_a, h_b) = (r.g2("SRS [a]2")?, r.g2("SRS [b]2")?);
        let (g, h) = (G1Affine::generator(), G2Affine::generator());
        if g_a == g || g_b == g || g_a == g_b {
            return Err(invalid("aggregation verifier SRS", "degenerate secrets"));
        }
        if Bn254::pairing(g_a, h) != Bn254::pairing(g, h_a)
            || Bn254::pairing(g_b, h) != Bn254::pairing(g, h_b)
        {
            return Err(invalid(
                "aggregation verifier SRS",
                "the G1 and G2 powers disagree",
            ));
        }
        Ok(VerifierSrs {
            g_a,
            g_b,
            h_a,
            h_b,
            max_proofs,
            kind: PhantomData,
        })
    }
}

impl<K: SrsKind> Encode for Srs<K> {
    fn encode_to(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&[TAG_SRS, VERSION, K::TAG]);
        out.extend_from_slice(&(self.max_proofs() as u32).to_le_bytes());
        self.g_a.iter().for_each(|p| put_point(out, p));
        self.g_b.iter().for_each(|p| put_point(out, p));
        self.h_a.iter().for_each(|p| put_point(out, p));
        self.h_b.iter().for_each(|p| put_point(out, p));
    }
}

impl<K: SrsKind> Decode for Srs<K> {
    /// Checks every point and, with [`Srs::from_powers`]'s checks, that the lists are powers of two
    /// distinct secrets.
    fn decode_from(r: &mut Reader<'_>) -> Result<Self> {
        r.header(TAG_SRS, "aggregation SRS")?;
        check_kind::<K>(r)?;
        let n = check_max(r)?;
        let need = 2 * n * 32 * 2 + n * 64 * 2;
        if r.remaining() < need {
            return Err(DecodeError::UnexpectedEnd {
                what: "aggregation SRS",
                at: r.remaining(),
                needed: need - r.remaining(),
            }
            .into());
        }
        let mut g1s =
            |count: usize, what| (0..count).map(|_| r.g1(what)).collect::<Result<Vec<_>>>();
        let g_a = g1s(2 * n, "SRS [a^i]1")?;
        let g_b = g1s(2 * n, "SRS [b^i]1")?;
        let mut g2s =
            |count: usize, what| (0..count).map(|_| r.g2(what)).collect::<Result<Vec<_>>>();
        let h_a = g2s(n, "SRS [a^i]2")?;
        let h_b = g2s(n, "SRS [b^i]2")?;
        let checked = crate::aggregate::srs::checked(
            &Powers { g1: g_a, g2: h_a },
            &Powers { g1: g_b, g2: h_b },
            n,
        )?;
        Ok(Srs {
            g_a: checked.0,
            g_b: checked.1,
            h_a: checked.2,
            h_b: checked.3,
            kind: PhantomData,
        })
    }
}

/// JSON of the aggregation objects: the hex string of the binary encoding, read back through the
/// strict binary decoder (the objects are dense arrays of group elements; hex keeps them one string).
fn to_json_string<T: Encode, S: serde::Serializer>(
    x: &T,
    s: S,
) -> std::result::Result<S::Ok, S::Error> {
    s.serialize_str(&crate::encoding::to_hex(&x.to_bytes()))
}

fn from_json_string<'de, T: Decode, D: serde::Deserializer<'de>>(
    d: D,
) -> std::result::Result<T, D::Error> {
    use serde::de::Error as _;
    use serde::Deserialize as _;
    let s = String::deserialize(d)?;
    let b = crate::encoding::from_hex(&s).map_err(D::Error::custom)?;
    T::from_bytes(&b).map_err(D::Error::custom)
}

impl serde::Serialize for AggregateProof {
    /// JSON: the hex string of the binary encoding.
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        to_json_string(self, s)
    }
}

impl<'de> serde::Deserialize<'de> for AggregateProof {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        from_json_string(d)
    }
}

impl<K: SrsKind> serde::Serialize for VerifierSrs<K> {
    /// JSON: the hex string of the binary encoding.
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        to_json_string(self, s)
    }
}

impl<'de, K: SrsKind> serde::Deserialize<'de> for VerifierSrs<K> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        from_json_string(d)
    }
}

impl<K: SrsKind> serde::Serialize for Srs<K> {
    /// JSON: the hex string of the binary encoding.
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        to_json_string(self, s)
    }
}

impl<'de, K: SrsKind> serde::Deserialize<'de> for Srs<K> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        from_json_string(d)
    }
}
