//! Key files: the proving-key format (`"TPPK"`, version 2, kind, circuit id, the reduction byte —
//! 0 libsnark, 1 circom — and the arkworks key compressed; version 1 files, without the reduction
//! byte, are libsnark keys and still read) and the verifying-key file, which is the canonical binary encoding
//! ([`super::binary`]). Reading checks every point and that the key belongs to the expected circuit
//! as compiled into this library.
use super::binary::{read_kind, write_kind, Decode, Encode, MAX_VK_BYTES};
use crate::circuit::{circuit_id, CircuitId};
use crate::claim::ClaimKind;
use crate::error::{DecodeError, Error, Result};
use crate::keys::{ProvingKey, Reduction, VerifyingKey};
use ark_bn254::Bn254;
use ark_serialize::{CanonicalDeserialize, CanonicalSerialize, Compress, Validate};
use std::io::{Read, Write};

impl ProvingKey {
    /// Writes the key: `"TPPK"`, version 2, kind, circuit id, the reduction (one byte: 0 libsnark,
    /// 1 circom), then the arkworks key in compressed form.
    pub fn write<W: Write>(&self, mut w: W) -> Result<()> {
        w.write_all(PK_MAGIC)?;
        w.write_all(&[KEY_FORMAT_VERSION])?;
        write_kind(&mut w, self.kind)?;
        w.write_all(&self.circuit_id.0)?;
        w.write_all(&[match self.reduction {
            Reduction::Libsnark => 0,
            Reduction::Circom => 1,
        }])?;
        self.pk
            .serialize_compressed(&mut w)
            .map_err(|e| Error::Io(std::io::Error::other(e.to_string())))
    }

    /// Reads a key written by [`ProvingKey::write`], validating every point (on curve, in subgroup) and
    /// checking that it belongs to `expected`'s circuit as compiled into this library.
    pub fn read<R: Read>(mut r: R, expected: ClaimKind) -> Result<Self> {
        let (version, kind, id) = read_header(&mut r, PK_MAGIC)?;
        check_circuit(kind, id, expected)?;
        let reduction = if version == 1 {
            Reduction::Libsnark
        } else {
            let mut b = [0u8; 1];
            r.read_exact(&mut b)
                .map_err(|_| DecodeError::UnexpectedEnd {
                    what: "key reduction",
                    at: 0,
                    needed: 1,
                })?;
            match b[0] {
                0 => Reduction::Libsnark,
                1 => Reduction::Circom,
                _ => {
                    return Err(DecodeError::Invalid {
                        what: "proving key",
                        reason: format!("unknown reduction {}", b[0]),
                    }
                    .into())
                }
            }
        };
        let pk = ark_groth16::ProvingKey::<Bn254>::deserialize_with_mode(
            &mut r,
            Compress::Yes,
            Validate::Yes,
        )
        .map_err(|e| DecodeError::Invalid {
            what: "proving key",
            reason: e.to_string(),
        })?;
        ensure_consumed(&mut r)?;
        ProvingKey::from_ark(kind, reduction, pk)
    }
}

impl VerifyingKey {
    /// Writes the key in its canonical binary encoding (see [`super::binary`]).
    pub fn write<W: Write>(&self, mut w: W) -> Result<()> {
        w.write_all(&self.to_bytes())?;
        Ok(())
    }

    /// Reads a key written by [`VerifyingKey::write`] (at most [`MAX_VK_BYTES`] bytes), validating its
    /// points and checking that it belongs to `expected`'s circuit as compiled into this library.
    pub fn read<R: Read>(r: R, expected: ClaimKind) -> Result<Self> {
        let mut bytes = Vec::new();
        r.take(MAX_VK_BYTES as u64 + 1).read_to_end(&mut bytes)?;
        if bytes.len() > MAX_VK_BYTES {
            return Err(DecodeError::LengthTooLarge {
                what: "verifying key",
                len: bytes.len() as u64,
                max: MAX_VK_BYTES as u64,
            }
            .into());
        }
        // Refuse another kind before decoding: decoding computes the circuit id of the key's kind.
        if bytes.len() >= 3 {
            let mut rest: &[u8] = &bytes[2..];
            let kind = read_kind(&mut rest)?;
            if kind != expected {
                let found = rest
                    .get(..32)
                    .and_then(|b| <[u8; 32]>::try_from(b).ok())
                    .map_or(CircuitId([0; 32]), CircuitId);
                return Err(Error::CircuitMismatch {
                    expected: circuit_id(expected)?,
                    found,
                });
            }
        }
        let key = VerifyingKey::from_bytes(&bytes)?;
        check_circuit(key.kind, key.circuit_id, expected)?;
        Ok(key)
    }
}

const PK_MAGIC: &[u8; 4] = b"TPPK";
const KEY_FORMAT_VERSION: u8 = 2;

fn read_header<R: Read>(r: &mut R, magic: &[u8; 4]) -> Result<(u8, ClaimKind, CircuitId)> {
    let mut m = [0u8; 5];
    r.read_exact(&mut m)
        .map_err(|_| DecodeError::UnexpectedEnd {
            what: "key header",
            at: 0,
            needed: 5,
        })?;
    if &m[..4] != magic {
        return Err(DecodeError::WrongKind {
            expected: "key",
            found: m[0],
        }
        .into());
    }
    if m[4] != 1 && m[4] != KEY_FORMAT_VERSION {
        return Err(DecodeError::UnknownVersion {
            what: "key",
            version: m[4],
        }
        .into());
    }
    let kind = read_kind(r)?;
    let mut id = [0u8; 32];
    r.read_exact(&mut id)
        .map_err(|_| DecodeError::UnexpectedEnd {
            what: "circuit id",
            at: 0,
            needed: 32,
        })?;
    Ok((m[4], kind, CircuitId(id)))
}

fn check_circuit(kind: ClaimKind, id: CircuitId, expected: ClaimKind) -> Result<()> {
    let expected_id = circuit_id(expected)?;
    if kind != expected || id != expected_id {
        return Err(Error::CircuitMismatch {
            expected: expected_id,
            found: id,
        });
    }
    Ok(())
}

fn ensure_consumed<R: Read>(r: &mut R) -> Result<()> {
    let mut extra = [0u8; 1];
    match r.read(&mut extra) {
        Ok(0) => Ok(()),
        Ok(_) => Err(DecodeError::TrailingBytes(1).into()),
        Err(e) => Err(e.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::fixture;

    #[test]
    fn key_files_round_trip_and_refuse_another_circuit_or_trailing_bytes() {
        let f = fixture();
        let mut vk = Vec::new();
        f.vk.write(&mut vk).unwrap();
        assert_eq!(
            VerifyingKey::read(&vk[..], ClaimKind::ValueRange).unwrap(),
            f.vk
        );
        assert!(matches!(
            VerifyingKey::read(&vk[..], ClaimKind::OriginMatch),
            Err(Error::CircuitMismatch { .. })
        ));
        let mut pk = Vec::new();
        f.pk.write(&mut pk).unwrap();
        let back = ProvingKey::read(&pk[..], ClaimKind::ValueRange).unwrap();
        assert_eq!(back.verifying_key(), f.vk);
        assert!(ProvingKey::read(&pk[..], ClaimKind::OriginEquals).is_err());
        pk.push(0);
        assert!(matches!(
            ProvingKey::read(&pk[..], ClaimKind::ValueRange),
            Err(Error::Decode(DecodeError::TrailingBytes(1)))
        ));
        assert!(ProvingKey::read(&pk[..4], ClaimKind::ValueRange).is_err());
    }

    #[test]
    fn the_reduction_travels_with_the_proving_key() {
        use crate::testing::circom_fixture;
        let (circom, vk) = circom_fixture();
        let mut bytes = Vec::new();
        circom.write(&mut bytes).unwrap();
        let back = ProvingKey::read(&bytes[..], ClaimKind::ValueRange).unwrap();
        assert_eq!(back.reduction(), Reduction::Circom);
        assert_eq!(back.verifying_key(), *vk);
        // The reduction byte follows "TPPK", the version, the kind (one byte for value range) and the
        // circuit id.
        let at = 4 + 1 + 1 + 32;
        assert_eq!(bytes[at], 1);
        let mut unknown = bytes.clone();
        unknown[at] = 7;
        let e = ProvingKey::read(&unknown[..], ClaimKind::ValueRange).unwrap_err();
        assert!(e.to_string().contains("unknown reduction 7"), "{e}");
        // Declared libsnark, the circom key's H query is one point too long for the circuit.
        let mut relabelled = bytes.clone();
        relabelled[at] = 0;
        assert!(ProvingKey::read(&relabelled[..], ClaimKind::ValueRange).is_err());
        // A version-1 file (no reduction byte) is a libsnark key.
        let f = fixture();
        let mut v2 = Vec::new();
        f.pk.write(&mut v2).unwrap();
        let mut v1 = v2.clone();
        v1[4] = 1;
        v1.remove(at);
        let old = ProvingKey::read(&v1[..], ClaimKind::ValueRange).unwrap();
        assert_eq!(old.reduction(), Reduction::Libsnark);
        assert_eq!(old.verifying_key(), f.vk);
    }
}
