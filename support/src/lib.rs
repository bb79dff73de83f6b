//! Synthetic trade data shared by the examples, tests and benchmarks: an issuer registry, a revocation
//! list, and an exporter's customs declarations with their certificates of origin and invoices.
//! Everything is derived from a seed so runs are reproducible (seeded randomness is for demos only).
//! [`points`] holds curve points that strict decoders must refuse.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha20Rng;
use tradeproof::issuer::{sign_certificate, IssuerRegistry, RevocationList, SecretKey, Signature};
use tradeproof::prelude::*;

/// Registry number of the certificate authority that signs the world's certificates.
pub const AUTHORITY: u64 = 5;
/// The ledger id used for contexts.
pub const LEDGER: u64 = 254;
/// The exporter's party number.
pub const EXPORTER: u64 = 1042;
/// Value band of the customs policy: 1,000.00 to 250,000.00 EUR.
pub const BAND: (u64, u64) = (100_000, 25_000_000);

/// A declaration and its certificate, sealed, with what the exporter keeps.
pub struct Shipment {
    pub declaration: SealedRecord,
    pub declaration_key: RecordKey,
    pub certificate: SealedRecord,
    pub certificate_key: RecordKey,
    pub signature: Signature,
    pub serial: u64,
}

pub struct World {
    pub registry: IssuerRegistry,
    pub revocations: RevocationList,
    pub shipments: Vec<Shipment>,
    pub invoices: Vec<(SealedRecord, RecordKey, u64)>,
    pub eur: Currency,
    pub today: Date,
}

pub fn eur() -> Currency {
    Currency::parse("EUR").expect("EUR is ISO 4217")
}

/// The buyer (importer) of the world's invoice `i`: one of three importers, 2077 to 2079.
pub fn buyer_of(i: usize) -> u64 {
    2077 + (i as u64 % 3)
}

/// The acknowledgment key of importer `id` (seeded: demos only).
pub fn importer_key(id: u64) -> SecretKey {
    let mut seed = [0x1A; 32];
    seed[..8].copy_from_slice(&id.to_le_bytes());
    SecretKey::from_seed(&seed)
}

fn party(id: u64) -> PartyId {
    PartyId::new(id).expect("nonzero party")
}

/// `n` shipments dated `today`, certificates signed by [`AUTHORITY`]; the serials in `revoked` are
/// put on the revocation list (after signing, as a revocation would be).
pub fn world(n: usize, invoices: usize, revoked: &[usize], seed: u64) -> World {
    let mut rng = ChaCha20Rng::seed_from_u64(seed);
    let authorities: Vec<SecretKey> = (0..3u8)
        .map(|i| SecretKey::from_seed(&[i + 11; 32]))
        .collect();
    let registry = IssuerRegistry::new(
        authorities
            .iter()
            .enumerate()
            .map(|(i, k)| (AUTHORITY + i as u64, k.public_key()))
            .collect(),
    )
    .expect("valid registry");
    let master = MasterKey::generate_with(&mut rng);
    let today = Date::parse("2026-11-30").expect("date");
    let eur = eur();
    let kenya = Country::parse("KE").expect("KE");
    let germany = Country::parse("DE").expect("DE");
    let hs = HsCode::parse("060311").expect("HS code");
    let mut shipments = Vec::with_capacity(n);
    for i in 0..n {
        let serial = 70_000 + i as u64;
        let certificate: Document = CertificateOfOrigin {
            serial,
            exporter: party(EXPORTER),
            consignee: party(2077),
            origin: kenya,
            destination: germany,
            hs_code: hs.clone(),
            issue_date: today.plus_days(0),
            goods_value: Amount::new(0, eur),
            not_before: Date::from_days(today.days() - 20).expect("date"),
            not_after: today.plus_days(345),
            issuer: party(AUTHORITY),
            invoice_number: 9_000 + i as u64,
        }
        .into();
        let value = rng.gen_range(BAND.0..=BAND.1);
        let declaration: Document = CustomsDeclaration {
            number: 2_026_000_000 + i as u64,
            exporter: party(EXPORTER),
            importer: party(2077),
            origin: kenya,
            destination: germany,
            hs_code: hs.clone(),
            date: today,
            declared_value: Amount::new(value, eur),
            certificate_issuer: party(AUTHORITY),
            certificate_serial: serial,
            gross_mass_grams: rng.gen_range(10_000..5_000_000),
            customs_office: Identifier::new("KEMBA-EXP-01").expect("identifier"),
            procedure: 1000,
        }
        .into();
        let certificate_record = certificate.encode().expect("valid certificate");
        let signature = sign_certificate(&authorities[0], &certificate_record);
        let declaration_key = master.record_key(format!("declaration {i}").as_bytes());
        let certificate_key = master.record_key(format!("certificate {i}").as_bytes());
        shipments.push(Shipment {
            declaration: SealedRecord::seal_with(
                &declaration_key,
                &declaration.encode().expect("valid"),
                &mut rng,
            ),
            declaration_key,
            certificate: SealedRecord::seal_with(&certificate_key, &certificate_record, &mut rng),
            certificate_key,
            signature,
            serial,
        });
    }
    let revocations = revocation_list(revoked.iter().map(|i| 70_000 + *i as u64));
    let invoices = (0..invoices)
        .map(|i| {
            let value = rng.gen_range(500_000..5_000_000u64);
            let invoice: Document = CommercialInvoice {
                number: 9_000 + i as u64,
                seller: party(EXPORTER),
                buyer: party(buyer_of(i)),
                origin: kenya,
                destination: germany,
                hs_code: hs.clone(),
                date: Date::from_days(today.days() - 10 * i as u32).expect("date"),
                total: Amount::new(value, eur),
                due_date: today.plus_days(30),
                quantity: 1_000,
                incoterm: Incoterm::Fob,
                order_ref: Identifier::new(format!("PO-{i}")).expect("identifier"),
            }
            .into();
            let key = master.record_key(format!("invoice {i}").as_bytes());
            (
                SealedRecord::seal_with(&key, &invoice.encode().expect("valid"), &mut rng),
                key,
                value,
            )
        })
        .collect();
    World {
        registry,
        revocations,
        shipments,
        invoices,
        eur,
        today,
    }
}

/// The batch the verification benches use: customs-clearance keys from seed `[6; 32]` and `n`
/// distinct valid proofs — 32 proven claims, each re-randomised (`Groth16::rerandomize_proof` gives
/// fresh proof points for the same statement; the verification work is that of distinct statements).
pub fn customs_batch(n: usize) -> (VerifyingKey, Vec<(Statement, Proof)>) {
    let world = world(32, 0, &[], 9);
    let (pk, vk) =
        tradeproof::keys::setup_from_seed(ClaimKind::CustomsClearance, [6; 32]).expect("setup");
    let prover = Prover::new([pk]).expect("prover");
    let witnesses: Vec<Witness> = (0..32)
        .map(|i| world.customs_witness(i).expect("witness"))
        .collect();
    let proven: Vec<(Statement, Proof)> = prover
        .prove_batch(
            witnesses,
            &BatchOptions {
                randomness: tradeproof::Randomness::Seeded([2; 32]),
                ..Default::default()
            },
        )
        .into_iter()
        .map(|r| r.expect("proof"))
        .collect();
    let mut rng = ChaCha20Rng::seed_from_u64(1);
    let items = (0..n)
        .map(|i| {
            let (s, p) = &proven[i % proven.len()];
            let r = ark_groth16::Groth16::<ark_bn254::Bn254>::rerandomize_proof(
                vk.as_ark(),
                &p.to_ark(),
                &mut rng,
            );
            (
                s.clone(),
                Proof::from_ark(vk.circuit_id(), &r).expect("valid proof"),
            )
        })
        .collect();
    (vk, items)
}

/// The authority's revocation list with the given serials revoked, plus two unrelated entries.
pub fn revocation_list(serials: impl IntoIterator<Item = u64>) -> RevocationList {
    RevocationList::new(
        serials
            .into_iter()
            .map(|s| (AUTHORITY, s))
            .chain([(AUTHORITY + 1, 3), (AUTHORITY, 12)]),
    )
    .expect("valid revocation list")
}

impl World {
    /// The context of statement `nonce` on the demo ledger.
    pub fn context(nonce: u64) -> Context {
        Context::new(LEDGER, nonce)
    }

    /// The customs-clearance witness of shipment `i` (fails if its certificate is revoked).
    pub fn customs_witness(&self, i: usize) -> tradeproof::Result<Witness> {
        self.customs_witness_against(i, &self.revocations)
    }

    /// The customs-clearance witness of shipment `i` against a given revocation list.
    pub fn customs_witness_against(
        &self,
        i: usize,
        revocations: &RevocationList,
    ) -> tradeproof::Result<Witness> {
        let s = &self.shipments[i];
        Witness::customs_clearance(
            s.declaration.opening(&s.declaration_key)?,
            s.certificate.opening(&s.certificate_key)?,
            s.signature,
            &Self::context(i as u64),
            (BAND.0, BAND.1, self.eur),
            &self.registry,
            revocations,
        )
    }

    /// The customs-clearance claim of shipment `i` as the port states it.
    pub fn customs_claim(&self, i: usize) -> Claim {
        let s = &self.shipments[i];
        Claim::CustomsClearance(tradeproof::claims::customs_clearance::Public {
            declaration: s.declaration.digest(),
            certificate: s.certificate.digest(),
            min: BAND.0,
            max: BAND.1,
            currency: self.eur,
            registry_root: self.registry.root(),
            revocation_root: self.revocations.root(),
        })
    }

    /// A value-range witness on shipment `i`'s declared value.
    pub fn value_range_witness(&self, i: usize) -> tradeproof::Result<Witness> {
        let s = &self.shipments[i];
        Witness::value_range(
            s.declaration.opening(&s.declaration_key)?,
            &Self::context(i as u64),
            DocType::CustomsDeclaration,
            layout::AMOUNT,
            BAND.0,
            BAND.1,
        )
    }
}

/// Curve points that strict decoders must refuse.
pub mod points {
    use ark_bn254::{Fq, Fq2, G2Affine};
    use ark_ff::PrimeField;

    /// A point on the twist `y² = x³ + b/ξ` (found by hashing x-coordinates until one is on the curve)
    /// that is not in G2, the prime-order subgroup.
    pub fn g2_outside_subgroup() -> G2Affine {
        for i in 0u64.. {
            let h = blake3::hash(&i.to_le_bytes());
            let x = Fq2::new(
                Fq::from_le_bytes_mod_order(&h.as_bytes()[..16]),
                Fq::from_le_bytes_mod_order(&h.as_bytes()[16..]),
            );
            if let Some(p) = G2Affine::get_point_from_x_unchecked(x, true) {
                assert!(p.is_on_curve());
                if !p.is_in_correct_subgroup_assuming_on_curve() {
                    return p;
                }
            }
        }
        unreachable!()
    }

    /// The small prime factors of G2's cofactor (the last factor has 177 bits). A point with a
    /// component of one of these orders is what a batched or probabilistic membership test misses
    /// with probability `1/ℓ`, and what drives incomplete addition formulas into their degenerate
    /// cases.
    pub const G2_COFACTOR_SMALL_PRIMES: [u64; 3] = [10_069, 5_864_401, 1_875_725_156_269];

    /// A point of order exactly `l` on the twist, for `l` in [`G2_COFACTOR_SMALL_PRIMES`]: `[r·h/l]R`
    /// for the first hashed curve point `R` with a component of that order.
    pub fn g2_of_small_order(l: u64) -> G2Affine {
        use ark_bn254::{g2, Fr};
        use ark_ec::{AffineRepr, CurveConfig, CurveGroup};
        use ark_ff::Zero;
        assert!(
            G2_COFACTOR_SMALL_PRIMES.contains(&l),
            "{l} is not a small factor of the cofactor"
        );
        // h / l, exactly (l divides h).
        let h = g2::Config::COFACTOR;
        let mut quotient = vec![0u64; h.len()];
        let mut rem: u128 = 0;
        for i in (0..h.len()).rev() {
            let cur = (rem << 64) | h[i] as u128;
            quotient[i] = (cur / l as u128) as u64;
            rem = cur % l as u128;
        }
        assert_eq!(rem, 0);
        for i in 0u64.. {
            let h = blake3::hash(&[b"small order".as_slice(), &i.to_le_bytes()].concat());
            let x = Fq2::new(
                Fq::from_le_bytes_mod_order(&h.as_bytes()[..16]),
                Fq::from_le_bytes_mod_order(&h.as_bytes()[16..]),
            );
            let Some(p) = G2Affine::get_point_from_x_unchecked(x, true) else {
                continue;
            };
            let t = p
                .mul_bigint(Fr::MODULUS)
                .into_affine()
                .mul_bigint(&quotient);
            if !t.is_zero() {
                let t = t.into_affine();
                assert!(t.mul_bigint([l]).is_zero());
                return t;
            }
        }
        unreachable!()
    }
}

/// A reefer container's cold chain: the customs demo's Kenya → Germany cut flowers, a bill of lading
/// sealed by the exporter, and a device registry with the container's thermometer.
pub mod cold_chain {
    use super::*;
    use tradeproof::sensor::*;

    /// The container's thermometer.
    pub const THERMOMETER: u64 = 7_001;
    /// A hygrometer in the same container.
    pub const HYGROMETER: u64 = 7_002;
    /// A thermometer that was revoked (found miscalibrated).
    pub const REVOKED: u64 = 7_003;
    /// Loading at Mombasa: 2026-11-30 06:00 UTC, seconds since 1970.
    pub const LOADING: u64 = 1_796_018_400;
    /// The claim's band: 1.00 to 8.00 °C.
    pub const BAND: (i32, i32) = (100, 800);
    /// Longest gap the buyer accepts: 30 minutes.
    pub const MAX_GAP: u32 = 1_800;
    /// One reading every 10 minutes.
    pub const INTERVAL: u64 = 600;

    pub struct ColdChain {
        pub registry: DeviceRegistry,
        pub revocations: DeviceRevocations,
        pub keys: Vec<(u64, SecretKey)>,
        pub bill_of_lading: SealedRecord,
        pub bill_of_lading_key: RecordKey,
    }

    impl ColdChain {
        /// The signing key of device `id` (seeded: demos only).
        pub fn key(&self, id: u64) -> &SecretKey {
            &self
                .keys
                .iter()
                .find(|(i, _)| *i == id)
                .expect("a known device")
                .1
        }

        /// `readings` signed by device `id` for this shipment as batch `sequence`.
        pub fn batch(&self, id: u64, sequence: u64, readings: Vec<Reading>) -> SignedBatch {
            ReadingBatch {
                device: id,
                shipment: self.bill_of_lading.digest(),
                sequence,
                readings,
            }
            .sign(self.key(id))
        }

        /// The claim "1.00–8.00 °C over `(from, to]`, gaps ≤ 30 min, at least `min_count` readings".
        pub fn claim(&self, from: u64, to: u64, min_count: u8) -> SensorClaim {
            SensorClaim {
                shipment: self.bill_of_lading.digest(),
                device_kind: DeviceKind::Thermometer,
                registry_root: self.registry.root(),
                revocation_root: self.revocations.root(),
                min: BAND.0,
                max: BAND.1,
                from,
                to,
                max_gap: MAX_GAP,
                min_count,
            }
        }

        /// The witness of `claim` for `batch`, under `context`.
        pub fn witness(
            &self,
            batch: SignedBatch,
            claim: &SensorClaim,
            context: &Context,
        ) -> tradeproof::Result<Witness> {
            Witness::sensor_range(
                self.bill_of_lading.opening(&self.bill_of_lading_key)?,
                batch,
                context,
                &self.registry,
                &self.revocations,
                claim,
            )
        }
    }

    /// A simulated reefer thermometer: `n` readings every [`INTERVAL`] seconds after `start`,
    /// wandering between about 2 and 6 °C.
    pub fn temperatures(start: u64, n: usize, seed: u64) -> Vec<Reading> {
        let mut rng = ChaCha20Rng::seed_from_u64(seed);
        let mut v: i32 = 400;
        (0..n)
            .map(|i| {
                v = (v + rng.gen_range(-25..=25)).clamp(200, 600);
                Reading {
                    time: start + INTERVAL * (i as u64 + 1),
                    value: v,
                }
            })
            .collect()
    }

    /// A voyage of `batches` batches of 96 readings, one every [`INTERVAL`] seconds from [`LOADING`]
    /// (16 hours per batch).
    pub fn voyage(batches: usize, seed: u64) -> Vec<Vec<Reading>> {
        let mut start = LOADING;
        (0..batches)
            .map(|b| {
                let r = temperatures(start, CAPACITY, seed + b as u64);
                start = r.last().map_or(start, |x| x.time);
                r
            })
            .collect()
    }

    /// The claims whose windows tile a voyage: each from the previous batch's last reading
    /// ([`LOADING`] for the first) to its own last reading, at least `min_count` readings each.
    pub fn tiling_claims(
        cc: &ColdChain,
        batches: &[Vec<Reading>],
        min_count: u8,
    ) -> Vec<SensorClaim> {
        let mut from = LOADING;
        batches
            .iter()
            .map(|b| {
                let to = b.last().map_or(from + 1, |x| x.time);
                let c = cc.claim(from, to, min_count);
                from = to;
                c
            })
            .collect()
    }

    /// The thermometer's witnesses for a voyage of `batches` batches, under `context`.
    pub fn voyage_witnesses(cc: &ColdChain, batches: usize, context: &Context) -> Vec<Witness> {
        let readings = voyage(batches, 10);
        let claims = tiling_claims(cc, &readings, 90);
        readings
            .into_iter()
            .zip(&claims)
            .enumerate()
            .map(|(i, (r, c))| {
                cc.witness(cc.batch(THERMOMETER, i as u64, r), c, context)
                    .expect("a held voyage makes the claim")
            })
            .collect()
    }

    pub fn cold_chain(seed: u64) -> ColdChain {
        let mut rng = ChaCha20Rng::seed_from_u64(seed);
        let keys: Vec<(u64, SecretKey)> = [THERMOMETER, HYGROMETER, REVOKED]
            .iter()
            .map(|&id| {
                let mut s = [0xC0; 32];
                s[..8].copy_from_slice(&id.to_le_bytes());
                (id, SecretKey::from_seed(&s))
            })
            .collect();
        let kinds = [
            DeviceKind::Thermometer,
            DeviceKind::Hygrometer,
            DeviceKind::Thermometer,
        ];
        let registry = DeviceRegistry::new(
            keys.iter()
                .zip(kinds)
                .map(|((id, k), kind)| (*id, kind, k.public_key()))
                .collect(),
        )
        .expect("valid device registry");
        let revocations = DeviceRevocations::new([REVOKED]).expect("valid revocations");
        let bl: Document = BillOfLading {
            number: 4_411_027,
            shipper: party(EXPORTER),
            consignee: party(2077),
            country_of_loading: Country::parse("KE").expect("KE"),
            country_of_discharge: Country::parse("DE").expect("DE"),
            hs_code: HsCode::parse("060311").expect("HS code"),
            shipped_on_board: Date::parse("2026-11-30").expect("date"),
            freight: Amount::new(310_000, eur()),
            carrier: party(8_100),
            port_of_loading: Identifier::new("KEMBA").expect("identifier"),
            port_of_discharge: Identifier::new("DEHAM").expect("identifier"),
            vessel_voyage: Identifier::new("MSC-AURORA-0612N").expect("identifier"),
        }
        .into();
        let master = MasterKey::generate_with(&mut rng);
        let bill_of_lading_key = master.record_key(b"bill of lading 4411027");
        let bill_of_lading = SealedRecord::seal_with(
            &bill_of_lading_key,
            &bl.encode().expect("valid bill of lading"),
            &mut rng,
        );
        ColdChain {
            registry,
            revocations,
            keys,
            bill_of_lading,
            bill_of_lading_key,
        }
    }
}

/// The examples' command line: no argument, or `FLAG N` with `N` in `range`; anything else prints
/// `usage` and exits with status 2.
pub fn count_argument(
    flag: &str,
    range: std::ops::RangeInclusive<usize>,
    usage: &str,
) -> Option<usize> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.as_slice() {
        [] => None,
        [f, n] if f == flag => match n.parse::<usize>() {
            Ok(n) if range.contains(&n) => Some(n),
            _ => exit_usage(usage),
        },
        _ => exit_usage(usage),
    }
}

fn exit_usage(usage: &str) -> ! {
    eprintln!("{usage}");
    std::process::exit(2)
}
pub mod embedded;
