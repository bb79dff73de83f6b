//! snarkjs `.ptau` files: the powers of tau of a phase-1 ceremony (the public Perpetual Powers of Tau /
//! Hermez files, or one made with `snarkjs powersoftau`), read strictly and lazily.
//!
//! # Format (snarkjs 0.7.6, BN254)
//! A binary container: `"ptau"`, u32 version 1, u32 number of sections, then per section u32 id, u64
//! size and the payload; integers little-endian, sections found by id. Section 1, the header, holds
//! u32 n8 = 32, the base-field modulus `q` (32 bytes, plain), u32 power `k` and u32 ceremony power. Points
//! are affine with coordinates in **Montgomery form** (`x·2^256 mod q`, 32 bytes little-endian; G2 as
//! `x.c0, x.c1, y.c0, y.c1`); all-zero bytes are the point at infinity.
//!
//! | id | section | points |
//! |---|---|---|
//! | 2 | `[τ^i]₁` | `2^(k+1) − 1` G1 |
//! | 3 | `[τ^i]₂` | `2^k` G2 |
//! | 4 | `[α·τ^i]₁` | `2^k` G1 |
//! | 5 | `[β·τ^i]₁` | `2^k` G1 |
//! | 6 | `[β]₂` | 1 G2 |
//! | 7 | contributions | u32 count, then records |
//! | 12–15 | Lagrange bases (after `powersoftau prepare phase2`) | `2^(k+2) − 1`, `2^(k+1) − 1` G2, `2^(k+1) − 1`, `2^(k+1) − 1` |
//!
//! # What the reader checks
//! [`Ptau::read`] checks the container (magic, version, no repeated or overlapping section, nothing after
//! the last one), the header (`n8` = 32, `q` = BN254's, `1 ≤ k ≤ 28`, ceremony power ≥ `k`), and that
//! every section present has exactly the size the header implies; sections 1–7 must be present, 12–15
//! all or none. It reads no point yet: files for large powers are hundreds of megabytes, and a user
//! needs a prefix. The point readers ([`Ptau::tau_g1`], …) decode what is asked for and check each point:
//! coordinates below `q`, on the curve, G2 points in the prime-order subgroup, no identity.
//! [`Ptau::check_powers`] checks, with two pairings per group and a random linear combination, that
//! the points read are successive powers of one `τ` (what `snarkjs powersoftau verify` checks of them,
//! without the contribution chain).
use super::binfile::{self, g1_from, g2_from, u32_at, BinFile, G1_BYTES, G2_BYTES};
use crate::error::{Error, Result};
use ark_bn254::{Fq, G1Affine, G2Affine};
use ark_ec::AffineRepr;
use ark_ff::{BigInteger, PrimeField};
use std::io::{Read, Seek};

/// Largest power a `.ptau` file can have for BN254 (its scalar field's 2-adicity).
pub const MAX_POWER: u32 = 28;

/// The sections of a `.ptau` file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Section {
    Header = 1,
    TauG1 = 2,
    TauG2 = 3,
    AlphaTauG1 = 4,
    BetaTauG1 = 5,
    BetaG2 = 6,
    Contributions = 7,
    LagrangeG1 = 12,
    LagrangeG2 = 13,
    LagrangeAlphaG1 = 14,
    LagrangeBetaG1 = 15,
}

/// A `.ptau` file, its header and section table checked; points are read on demand.
#[derive(Debug)]
pub struct Ptau<R> {
    file: BinFile<R>,
    power: u32,
    ceremony_power: u32,
    contributions: u32,
}

fn invalid(reason: impl Into<String>) -> Error {
    binfile::invalid("ptau file", reason)
}

impl Ptau<std::io::BufReader<std::fs::File>> {
    /// Opens and checks the `.ptau` file at `path` (see [`Ptau::read`]).
    pub fn open(path: impl AsRef<std::path::Path>) -> Result<Self> {
        Self::read(std::io::BufReader::new(std::fs::File::open(path)?))
    }
}

impl<'a> Ptau<std::io::Cursor<&'a [u8]>> {
    /// Checks a `.ptau` file held in memory (see [`Ptau::read`]).
    pub fn from_bytes(bytes: &'a [u8]) -> Result<Self> {
        Self::read(std::io::Cursor::new(bytes))
    }
}

impl<R: Read + Seek> Ptau<R> {
    /// Reads and checks the container, the header and the section sizes; no point is decoded.
    pub fn read(source: R) -> Result<Self> {
        let mut ptau = Ptau {
            file: BinFile::read(source, b"ptau", 1, "ptau file")?,
            power: 0,
            ceremony_power: 0,
            contributions: 0,
        };
        ptau.check_header()?;
        Ok(ptau)
    }

    fn section_bytes(&mut self, s: Section, from: u64, len: u64) -> Result<Vec<u8>> {
        self.file.bytes(s as u32, from, len)
    }

    fn check_header(&mut self) -> Result<()> {
        let n8 = u32_at(&self.section_bytes(Section::Header, 0, 4)?, 0);
        if n8 != 32 {
            return Err(invalid(format!(
                "field size {n8}: the curve is not BN254 (bn128), whose field elements have 32 bytes"
            )));
        }
        if self.file.size(1) != Some(44) {
            return Err(invalid("the header (section 1) is not 44 bytes"));
        }
        let h = self.section_bytes(Section::Header, 0, 44)?;
        if h[4..36] != Fq::MODULUS.to_bytes_le()[..] {
            return Err(invalid("the curve is not BN254 (bn128): another modulus"));
        }
        let (k, ceremony) = (u32_at(&h, 36), u32_at(&h, 40));
        if !(1..=MAX_POWER).contains(&k) {
            return Err(invalid(format!("power {k} (1 to {MAX_POWER})")));
        }
        if ceremony < k {
            return Err(invalid(format!(
                "ceremony power {ceremony} below the power {k}"
            )));
        }
        self.power = k;
        self.ceremony_power = ceremony;
        let n = 1u64 << k;
        let expected = [
            (Section::TauG1, (2 * n - 1) * G1_BYTES),
            (Section::TauG2, n * G2_BYTES),
            (Section::AlphaTauG1, n * G1_BYTES),
            (Section::BetaTauG1, n * G1_BYTES),
            (Section::BetaG2, G2_BYTES),
        ];
        for (s, size) in expected {
            match self.file.size(s as u32) {
                Some(found) if found == size => {}
                Some(found) => {
                    return Err(invalid(format!(
                        "section {} holds {found} bytes, power {k} needs {size}",
                        s as u32
                    )))
                }
                None => return Err(invalid(format!("section {} is missing", s as u32))),
            }
        }
        let c = self.section_bytes(Section::Contributions, 0, 4)?;
        self.contributions = u32_at(&c, 0);
        let lagrange = [
            (Section::LagrangeG1, (4 * n - 1) * G1_BYTES),
            (Section::LagrangeG2, (2 * n - 1) * G2_BYTES),
            (Section::LagrangeAlphaG1, (2 * n - 1) * G1_BYTES),
            (Section::LagrangeBetaG1, (2 * n - 1) * G1_BYTES),
        ];
        let present = lagrange
            .iter()
            .filter(|(s, _)| self.file.size(*s as u32).is_some())
            .count();
        if present != 0 && present != lagrange.len() {
            return Err(invalid("some of the Lagrange sections 12–15 are missing"));
        }
        for (s, size) in lagrange {
            if let Some(found) = self.file.size(s as u32) {
                if found != size {
                    return Err(invalid(format!(
                        "section {} holds {found} bytes, power {k} needs {size}",
                        s as u32
                    )));
                }
            }
        }
        if let Some(id) = self.file.ids().find(|id| !matches!(id, 1..=7 | 12..=15)) {
            return Err(invalid(format!("unknown section {id}")));
        }
        Ok(())
    }

    /// The power `k`: the file supports circuits and aggregations of up to `2^k` (domain size).
    pub fn power(&self) -> u32 {
        self.power
    }

    /// The ceremony's power (at least [`Ptau::power`]; larger for a file truncated from a bigger one).
    pub fn ceremony_power(&self) -> u32 {
        self.ceremony_power
    }

    /// Number of contributions recorded in section 7.
    pub fn contributions(&self) -> u32 {
        self.contributions
    }

    /// Whether `powersoftau prepare phase2` has added the Lagrange sections 12–15.
    pub fn is_prepared(&self) -> bool {
        self.file.size(Section::LagrangeG1 as u32).is_some()
    }

    fn g1s(
        &mut self,
        s: Section,
        first: u64,
        count: usize,
        what: &'static str,
    ) -> Result<Vec<G1Affine>> {
        let len = (count as u64)
            .checked_mul(G1_BYTES)
            .ok_or_else(|| invalid(format!("{count} points")))?;
        let b = self.section_bytes(s, first * G1_BYTES, len)?;
        b.chunks_exact(G1_BYTES as usize)
            .map(|c| g1_from(c, what))
            .collect()
    }

    fn g2s(
        &mut self,
        s: Section,
        first: u64,
        count: usize,
        what: &'static str,
    ) -> Result<Vec<G2Affine>> {
        let len = (count as u64)
            .checked_mul(G2_BYTES)
            .ok_or_else(|| invalid(format!("{count} points")))?;
        let b = self.section_bytes(s, first * G2_BYTES, len)?;
        b.chunks_exact(G2_BYTES as usize)
            .map(|c| g2_from(c, what))
            .collect()
    }

    /// `[τ^i]₁` for `i < count` (`count ≤ 2^(k+1) − 1`).
    pub fn tau_g1(&mut self, count: usize) -> Result<Vec<G1Affine>> {
        self.g1s(Section::TauG1, 0, count, "ptau tau G1")
    }

    /// `[τ^i]₂` for `i < count` (`count ≤ 2^k`).
    pub fn tau_g2(&mut self, count: usize) -> Result<Vec<G2Affine>> {
        self.g2s(Section::TauG2, 0, count, "ptau tau G2")
    }

    /// `[α·τ^i]₁` for `i < count` (`count ≤ 2^k`).
    pub fn alpha_tau_g1(&mut self, count: usize) -> Result<Vec<G1Affine>> {
        self.g1s(Section::AlphaTauG1, 0, count, "ptau alpha tau G1")
    }

    /// `[β·τ^i]₁` for `i < count` (`count ≤ 2^k`).
    pub fn beta_tau_g1(&mut self, count: usize) -> Result<Vec<G1Affine>> {
        self.g1s(Section::BetaTauG1, 0, count, "ptau beta tau G1")
    }

    /// `[β]₂`.
    pub fn beta_g2(&mut self) -> Result<G2Affine> {
        Ok(self.g2s(Section::BetaG2, 0, 1, "ptau beta G2")?[0])
    }

    /// `[L_j(τ)]₁` for the Lagrange basis of the domain of size `2^level` (natural order), from a
    /// prepared file (`level ≤ k + 1`).
    pub fn lagrange_g1(&mut self, level: u32) -> Result<Vec<G1Affine>> {
        if level > self.power + 1 {
            return Err(invalid(format!("level {level} above {}", self.power + 1)));
        }
        self.g1s(
            Section::LagrangeG1,
            (1u64 << level) - 1,
            1 << level,
            "ptau Lagrange tau G1",
        )
    }

    /// `[α·L_j(τ)]₁` for the Lagrange basis of the domain of size `2^level` (`level ≤ k`), from a
    /// prepared file.
    pub fn lagrange_alpha_g1(&mut self, level: u32) -> Result<Vec<G1Affine>> {
        self.lagrange_level(Section::LagrangeAlphaG1, level, "ptau Lagrange alpha G1")
    }

    /// `[β·L_j(τ)]₁` for the Lagrange basis of the domain of size `2^level` (`level ≤ k`), from a
    /// prepared file.
    pub fn lagrange_beta_g1(&mut self, level: u32) -> Result<Vec<G1Affine>> {
        self.lagrange_level(Section::LagrangeBetaG1, level, "ptau Lagrange beta G1")
    }

    fn lagrange_level(
        &mut self,
        s: Section,
        level: u32,
        what: &'static str,
    ) -> Result<Vec<G1Affine>> {
        if level > self.power {
            return Err(invalid(format!("level {level} above {}", self.power)));
        }
        self.g1s(s, (1u64 << level) - 1, 1 << level, what)
    }

    /// Checks that `[τ^i]₁` for `i < g1_count` and `[τ^i]₂` for `i < g2_count` are successive powers of
    /// one `τ` consistent across the groups: with random `ρ`,
    /// `e(Σ ρ^i·[τ^(i+1)]₁, [1]₂) = e(Σ ρ^i·[τ^i]₁, [τ]₂)` and
    /// `e([τ]₁, Σ ρ^i·[τ^i]₂) = e([1]₁, Σ ρ^i·[τ^(i+1)]₂)`, and the first points are the generators.
    pub fn check_powers(&mut self, g1_count: usize, g2_count: usize) -> Result<()> {
        let (g1, g2) = (self.tau_g1(g1_count.max(2))?, self.tau_g2(g2_count.max(2))?);
        if g1[0] != G1Affine::generator() || g2[0] != G2Affine::generator() {
            return Err(invalid("the first powers are not the generators"));
        }
        if !crate::encoding::successive_powers(&g1, &g2) {
            return Err(invalid("the points are not successive powers of one tau"));
        }
        Ok(())
    }

    /// The powers of this file's `τ` that an aggregation SRS for `max_proofs` proofs needs
    /// (`2·max_proofs` in G1, `max_proofs` in G2), for [`crate::aggregate::Srs::from_powers`], which
    /// checks them. A file of power `k` serves up to `2^(k−1)` proofs.
    pub fn aggregation_powers(&mut self, max_proofs: usize) -> Result<crate::aggregate::Powers> {
        let g2_count = (1usize << self.power).min(max_proofs);
        let g1_count = ((1usize << (self.power + 1)) - 1).min(2 * max_proofs);
        Ok(crate::aggregate::Powers {
            g1: self.tau_g1(g1_count)?,
            g2: self.tau_g2(g2_count)?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ark_bn254::G1Projective;
    use ark_ec::CurveGroup;

    fn vector(name: &str) -> Vec<u8> {
        std::fs::read(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/vectors/snarkjs-ptau")
                .join(name),
        )
        .expect("test vector")
    }

    #[test]
    fn snarkjs_files_read_and_their_powers_are_consistent() {
        for (name, prepared, contributions) in
            [("pot3_0000.ptau", false, 0), ("pot3_final.ptau", true, 1)]
        {
            let bytes = vector(name);
            let mut p = Ptau::from_bytes(&bytes).unwrap();
            assert_eq!((p.power(), p.ceremony_power()), (3, 3));
            assert_eq!(p.is_prepared(), prepared, "{name}");
            assert_eq!(p.contributions(), contributions, "{name}");
            p.check_powers(15, 8).unwrap();
            assert_eq!(p.tau_g1(15).unwrap().len(), 15);
            assert!(p.tau_g1(16).is_err());
            assert!(p.tau_g2(9).is_err());
            assert_eq!(p.alpha_tau_g1(8).unwrap().len(), 8);
            assert_eq!(p.beta_tau_g1(8).unwrap().len(), 8);
            let _ = p.beta_g2().unwrap();
            if prepared {
                // Σ_j L_j(τ) = [1]₁ at every level.
                for level in 0..=4 {
                    let l = p.lagrange_g1(level).unwrap();
                    let sum: G1Projective = l.iter().map(|x| x.into_group()).sum();
                    assert_eq!(sum.into_affine(), G1Affine::generator(), "level {level}");
                }
                assert!(p.lagrange_g1(5).is_err());
            }
        }
        // The first file has no contribution: its tau is 1, every power the generator.
        let bytes = vector("pot3_0000.ptau");
        let mut p = Ptau::from_bytes(&bytes).unwrap();
        assert!(p
            .tau_g1(15)
            .unwrap()
            .iter()
            .all(|x| *x == G1Affine::generator()));
    }

    /// Rewrites a little-endian u32 or u64 at `at`.
    fn patch(bytes: &[u8], at: usize, value: &[u8]) -> Vec<u8> {
        let mut b = bytes.to_vec();
        b[at..at + value.len()].copy_from_slice(value);
        b
    }

    #[test]
    fn wrong_curves_sizes_and_containers_are_refused() {
        let good = vector("pot3_final.ptau");
        let err = |b: &[u8]| Ptau::from_bytes(b).unwrap_err().to_string();
        // Another curve (snarkjs bls12381).
        assert!(
            err(&vector("bls_0000.ptau")).contains("not BN254"),
            "{}",
            err(&vector("bls_0000.ptau"))
        );
        // Header: the section table starts at 12; section 1 is first in snarkjs files, payload at 24.
        assert_eq!(u32_at(&good, 12), 1);
        assert!(err(&patch(&good, 24, &16u32.to_le_bytes())).contains("field size 16"));
        assert!(err(&patch(&good, 28, &[0xff])).contains("another modulus"));
        // Power 4 declared for a power-3 file: every section has the wrong size.
        let four = patch(&good, 24 + 36, &4u32.to_le_bytes());
        assert!(err(&four).contains("ceremony power 3 below the power 4"));
        assert!(err(&patch(&four, 24 + 40, &4u32.to_le_bytes())).contains("needs"));
        assert!(err(&patch(&good, 24 + 36, &0u32.to_le_bytes())).contains("power 0"));
        assert!(err(&patch(&good, 24 + 36, &29u32.to_le_bytes())).contains("power 29"));
        assert!(err(&patch(&good, 0, b"zkey")).contains("magic"));
        assert!(err(&patch(&good, 4, &2u32.to_le_bytes())).contains("version"));
        // Truncated, extended.
        assert!(Ptau::from_bytes(&good[..good.len() - 1]).is_err());
        assert!(Ptau::from_bytes(&[good.clone(), vec![0]].concat()).is_err());
        assert!(Ptau::from_bytes(&good[..20]).is_err());
        // A point with a coordinate not below q, and one off the curve, are refused when read.
        let tau_g1 = {
            // The section table: id 1 (header, 44 bytes) first, then id 2.
            assert_eq!(u32_at(&good, 12 + 12 + 44), 2);
            12 + 12 + 44 + 12
        };
        let q = Fq::MODULUS.to_bytes_le();
        let mut p = Ptau::from_bytes_owned(patch(&good, tau_g1 + 64, &q));
        assert!(p.tau_g1(2).is_err());
        let mut off = good.clone();
        off[tau_g1 + 64] ^= 1;
        let mut p = Ptau::from_bytes_owned(off);
        assert!(p.tau_g1(2).is_err());
        assert!(p.tau_g1(1).is_ok());
    }

    impl Ptau<std::io::Cursor<Vec<u8>>> {
        fn from_bytes_owned(bytes: Vec<u8>) -> Self {
            Ptau::read(std::io::Cursor::new(bytes)).unwrap()
        }
    }
}
