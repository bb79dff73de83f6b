//! The binary container shared by snarkjs's `.ptau`, `.zkey` (and `.r1cs`, `.wtns`) files, read
//! strictly: a 4-byte magic, u32 version, u32 number of sections, then per section u32 id, u64 size and
//! the payload (integers little-endian). Sections are found by id; no id may repeat, no section may run
//! past the end, and nothing may follow the last one. Points in `.ptau` and `.zkey` have their
//! coordinates in Montgomery form (`x·2^256 mod q`); the readers here refuse a representation not below
//! `q`, points off the curve, G2 points outside the prime-order subgroup and the identity.
use crate::encoding::{check_g1, check_g2};
use crate::error::{DecodeError, Error, Result};
use ark_bn254::{Fq, Fq2, G1Affine, G2Affine};
use ark_ff::{BigInt, PrimeField};
use std::collections::BTreeMap;
use std::io::{Read, Seek, SeekFrom};

/// Bytes of a G1 point (x, y).
pub(crate) const G1_BYTES: u64 = 64;
/// Bytes of a G2 point (x.c0, x.c1, y.c0, y.c1).
pub(crate) const G2_BYTES: u64 = 128;

/// A container whose section table has been checked; payloads are read on demand.
#[derive(Debug)]
pub(crate) struct BinFile<R> {
    source: R,
    what: &'static str,
    /// Section id → (offset, size).
    sections: BTreeMap<u32, (u64, u64)>,
}

/// An error about the file `what`.
pub(crate) fn invalid(what: &'static str, reason: impl Into<String>) -> Error {
    DecodeError::Invalid {
        what,
        reason: reason.into(),
    }
    .into()
}

fn read_exact<R: Read>(r: &mut R, buf: &mut [u8], what: &'static str) -> Result<()> {
    r.read_exact(buf).map_err(|e| match e.kind() {
        std::io::ErrorKind::UnexpectedEof => DecodeError::UnexpectedEnd {
            what,
            at: 0,
            needed: buf.len(),
        }
        .into(),
        _ => Error::Io(e),
    })
}

/// The little-endian u32 at `at` (the caller has checked the length).
pub(crate) fn u32_at(b: &[u8], at: usize) -> u32 {
    let mut w = [0u8; 4];
    w.copy_from_slice(&b[at..at + 4]);
    u32::from_le_bytes(w)
}

/// The four little-endian limbs of 32 bytes.
pub(crate) fn limbs(b: &[u8]) -> BigInt<4> {
    let mut l = [0u64; 4];
    for (i, x) in l.iter_mut().enumerate() {
        let mut w = [0u8; 8];
        w.copy_from_slice(&b[8 * i..8 * i + 8]);
        *x = u64::from_le_bytes(w);
    }
    BigInt(l)
}

/// A Montgomery-form base-field element, refused unless below `q`.
fn fq_montgomery(b: &[u8], what: &'static str) -> Result<Fq> {
    let big = limbs(b);
    if big >= Fq::MODULUS {
        return Err(DecodeError::NonCanonicalField(what).into());
    }
    Ok(Fq::new_unchecked(big))
}

/// A G1 point in Montgomery form: on the curve, not the identity.
pub(crate) fn g1_from(b: &[u8], what: &'static str) -> Result<G1Affine> {
    if b.iter().all(|x| *x == 0) {
        return Err(DecodeError::Identity(what).into());
    }
    let p = G1Affine::new_unchecked(
        fq_montgomery(&b[..32], what)?,
        fq_montgomery(&b[32..64], what)?,
    );
    check_g1(&p, what)?;
    Ok(p)
}

/// A G2 point in Montgomery form: on the curve, in the prime-order subgroup, not the identity.
pub(crate) fn g2_from(b: &[u8], what: &'static str) -> Result<G2Affine> {
    if b.iter().all(|x| *x == 0) {
        return Err(DecodeError::Identity(what).into());
    }
    let x = Fq2::new(
        fq_montgomery(&b[..32], what)?,
        fq_montgomery(&b[32..64], what)?,
    );
    let y = Fq2::new(
        fq_montgomery(&b[64..96], what)?,
        fq_montgomery(&b[96..128], what)?,
    );
    let p = G2Affine::new_unchecked(x, y);
    check_g2(&p, what)?;
    Ok(p)
}

/// A run of G1 points of a proving-key query (the identity allowed: snarkjs writes it as zeros), each
/// checked on the curve; parsed in parallel.
pub(crate) fn g1_query(b: &[u8], what: &'static str) -> Result<Vec<G1Affine>> {
    use rayon::prelude::*;
    b.par_chunks_exact(G1_BYTES as usize)
        .map(|c| {
            if c.iter().all(|x| *x == 0) {
                Ok(G1Affine::identity())
            } else {
                g1_from(c, what)
            }
        })
        .collect()
}

/// [`g1_query`] for G2 points, each also checked in the prime-order subgroup.
pub(crate) fn g2_query(b: &[u8], what: &'static str) -> Result<Vec<G2Affine>> {
    use rayon::prelude::*;
    b.par_chunks_exact(G2_BYTES as usize)
        .map(|c| {
            if c.iter().all(|x| *x == 0) {
                Ok(G2Affine::identity())
            } else {
                g2_from(c, what)
            }
        })
        .collect()
}

impl<R: Read + Seek> BinFile<R> {
    /// Reads and checks the container of a `what` file with `magic` and `version`.
    pub(crate) fn read(
        mut source: R,
        magic: &[u8; 4],
        version: u32,
        what: &'static str,
    ) -> Result<Self> {
        let len = source.seek(SeekFrom::End(0))?;
        source.seek(SeekFrom::Start(0))?;
        let mut head = [0u8; 12];
        read_exact(&mut source, &mut head, what)?;
        if &head[..4] != magic {
            return Err(invalid(what, "wrong file type (magic)"));
        }
        if u32_at(&head, 4) != version {
            return Err(invalid(
                what,
                format!("unknown version {}", u32_at(&head, 4)),
            ));
        }
        let count = u32_at(&head, 8);
        if count > 64 {
            return Err(invalid(what, format!("{count} sections")));
        }
        let mut sections = BTreeMap::new();
        let mut at = 12u64;
        for _ in 0..count {
            let mut s = [0u8; 12];
            read_exact(&mut source, &mut s, what)?;
            let id = u32_at(&s, 0);
            let mut w = [0u8; 8];
            w.copy_from_slice(&s[4..]);
            let size = u64::from_le_bytes(w);
            let start = at + 12;
            let end = start
                .checked_add(size)
                .filter(|e| *e <= len)
                .ok_or_else(|| {
                    invalid(what, format!("section {id} runs past the end of the file"))
                })?;
            if sections.insert(id, (start, size)).is_some() {
                return Err(invalid(what, format!("section {id} appears twice")));
            }
            source.seek(SeekFrom::Start(end))?;
            at = end;
        }
        if at != len {
            return Err(DecodeError::TrailingBytes((len - at) as usize).into());
        }
        Ok(BinFile {
            source,
            what,
            sections,
        })
    }

    /// The size of section `id`, if present.
    pub(crate) fn size(&self, id: u32) -> Option<u64> {
        self.sections.get(&id).map(|s| s.1)
    }

    /// The section ids present.
    pub(crate) fn ids(&self) -> impl Iterator<Item = u32> + '_ {
        self.sections.keys().copied()
    }

    /// `len` bytes of section `id` from offset `from`.
    pub(crate) fn bytes(&mut self, id: u32, from: u64, len: u64) -> Result<Vec<u8>> {
        let (start, size) = *self
            .sections
            .get(&id)
            .ok_or_else(|| invalid(self.what, format!("section {id} is missing")))?;
        if from.checked_add(len).is_none_or(|e| e > size) {
            return Err(invalid(
                self.what,
                format!("{len} bytes at {from} asked of section {id} of {size}"),
            ));
        }
        let mut buf = vec![0u8; len as usize];
        self.source.seek(SeekFrom::Start(start + from))?;
        read_exact(&mut self.source, &mut buf, self.what)?;
        Ok(buf)
    }

    /// The whole of section `id`, refused above `max` bytes (checked before allocating).
    pub(crate) fn section(&mut self, id: u32, max: u64) -> Result<Vec<u8>> {
        let size = self
            .size(id)
            .ok_or_else(|| invalid(self.what, format!("section {id} is missing")))?;
        if size > max {
            return Err(DecodeError::LengthTooLarge {
                what: self.what,
                len: size,
                max,
            }
            .into());
        }
        self.bytes(id, 0, size)
    }
}
