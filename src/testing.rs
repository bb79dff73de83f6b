//! Fixtures of the unit tests: one seeded value-range key pair and a sealed customs declaration, made
//! once per test binary. (Seeded keys are forgeable by anyone who knows the seed: tests only.)
use crate::claim::ClaimKind;
use crate::claim::Witness;
use crate::context::Context;
use crate::document::Document;
use crate::keys::{self, ProvingKey, VerifyingKey};
use crate::prover::Prover;
use crate::record::{MasterKey, RecordKey, SealedRecord};
use rand::SeedableRng;
use std::sync::OnceLock;
use tradeproof_circuits::layout::{DocType, AMOUNT};

pub(crate) struct Fixture {
    pub pk: ProvingKey,
    pub vk: VerifyingKey,
    pub prover: Prover,
    pub key: RecordKey,
    pub sealed: SealedRecord,
}

pub(crate) fn fixture() -> &'static Fixture {
    static F: OnceLock<Fixture> = OnceLock::new();
    F.get_or_init(|| {
        let mut rng = rand_chacha::ChaCha20Rng::seed_from_u64(11);
        let (pk, vk) = keys::setup_with_rng(ClaimKind::ValueRange, &mut rng).unwrap();
        let prover = Prover::new([pk.clone()]).unwrap();
        let key = MasterKey::generate_with(&mut rng).record_key(b"declaration 1");
        let declaration: Document = crate::document::tests::sample_declaration().into();
        let sealed = SealedRecord::seal_document(&key, &declaration).unwrap();
        Fixture {
            pk,
            vk,
            prover,
            key,
            sealed,
        }
    })
}

/// "The declared value (4,825,000 cents) lies in `[min, max]`" under `context`.
pub(crate) fn witness(context: &Context, min: u64, max: u64) -> Witness {
    let f = fixture();
    Witness::value_range(
        f.sealed.opening(&f.key).unwrap(),
        context,
        DocType::CustomsDeclaration,
        AMOUNT,
        min,
        max,
    )
    .unwrap()
}

/// A seeded value-range key pair of the circom form ([`keys::Reduction::Circom`], as a snarkjs ceremony
/// makes them), made once per test binary.
pub(crate) fn circom_fixture() -> &'static (ProvingKey, VerifyingKey) {
    static F: OnceLock<(ProvingKey, VerifyingKey)> = OnceLock::new();
    F.get_or_init(|| {
        let mut rng = rand_chacha::ChaCha20Rng::seed_from_u64(12);
        keys::setup_circom_with_rng(ClaimKind::ValueRange, &mut rng).unwrap()
    })
}
