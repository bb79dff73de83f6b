//! Witness constructors: a claim's natural parameters (typed values, a [`Context`], the issuer
//! registry) in, a checked [`Witness`] out. Each forwards to its circuit's `new`, which checks every
//! predicate natively and names the one that fails.
use super::{AllowList, Claim, Digest, Witness};
use crate::codes::{Country, Currency, Date, PartyId};
use crate::context::Context;
use crate::error::Result;
use crate::record::RecordOpening;
use tradeproof_circuits::claims::aggregate_value::AggregateParams;
use tradeproof_circuits::claims::certificate::{IssuerRegistry, IssuerWitness, RevocationList};
use tradeproof_circuits::claims::customs_clearance::ValueBand;
use tradeproof_circuits::claims::sensor_range::{
    DeviceRegistry, DeviceRevocations, DeviceWitness, SignedBatch,
};
use tradeproof_circuits::claims::{self as c, ClaimCircuit, PredicateFailed};
use tradeproof_circuits::gadgets::eddsa::Signature;
use tradeproof_circuits::layout::DocType;

impl Claim {
    /// A date-window claim: the date in `slot` of the record lies in `[not_before, not_after]` (the
    /// value-range circuit on a date slot).
    pub fn date_window(
        record: Digest,
        doc_type: DocType,
        slot: usize,
        not_before: Date,
        not_after: Date,
    ) -> Result<Claim> {
        let c = Claim::ValueRange(c::value_range::Public {
            record,
            doc_type,
            slot,
            min: not_before.days() as u64,
            max: not_after.days() as u64,
        });
        c.validate()?;
        Ok(c)
    }
}

/// The issuer witness of `certificate`, its failure named under the claim `claim`.
fn issuer_witness(
    claim: &'static str,
    certificate: &RecordOpening,
    signature: Signature,
    registry: &IssuerRegistry,
    revocations: &RevocationList,
) -> Result<IssuerWitness> {
    IssuerWitness::collect(certificate, signature, registry, revocations)
        .map_err(|e| PredicateFailed { claim, ..e }.into())
}

impl Witness {
    /// Value (or date) range on a slot of a record.
    pub fn value_range(
        opening: RecordOpening,
        context: &Context,
        doc_type: DocType,
        slot: usize,
        min: u64,
        max: u64,
    ) -> Result<Self> {
        Ok(Witness::ValueRange(c::ValueRangeCircuit::new(
            opening,
            context.to_field(),
            doc_type,
            slot,
            min,
            max,
        )?))
    }

    /// Date window on a date slot of a record.
    pub fn date_window(
        opening: RecordOpening,
        context: &Context,
        doc_type: DocType,
        slot: usize,
        not_before: Date,
        not_after: Date,
    ) -> Result<Self> {
        Self::value_range(
            opening,
            context,
            doc_type,
            slot,
            not_before.days() as u64,
            not_after.days() as u64,
        )
    }

    /// The origin of a record equals `country`.
    pub fn origin_equals(
        opening: RecordOpening,
        context: &Context,
        doc_type: DocType,
        country: Country,
    ) -> Result<Self> {
        Ok(Witness::OriginEquals(c::OriginEqualsCircuit::new(
            opening,
            context.to_field(),
            doc_type,
            country,
        )?))
    }

    /// The origin of a record is on `list`.
    pub fn origin_in_list(
        opening: RecordOpening,
        context: &Context,
        doc_type: DocType,
        list: &AllowList,
    ) -> Result<Self> {
        Ok(Witness::OriginInList(c::OriginInListCircuit::new(
            opening,
            context.to_field(),
            doc_type,
            list.tree(),
        )?))
    }

    /// A declaration and a certificate of origin name the same origin.
    pub fn origin_match(
        declaration: RecordOpening,
        certificate: RecordOpening,
        context: &Context,
    ) -> Result<Self> {
        Ok(Witness::OriginMatch(c::OriginMatchCircuit::new(
            declaration,
            certificate,
            context.to_field(),
        )?))
    }

    /// A certificate of origin is valid on `date`.
    pub fn certificate_validity(
        certificate: RecordOpening,
        signature: Signature,
        context: &Context,
        date: Date,
        registry: &IssuerRegistry,
        revocations: &RevocationList,
    ) -> Result<Self> {
        let iw = issuer_witness(
            c::CertificateValidityCircuit::NAME,
            &certificate,
            signature,
            registry,
            revocations,
        )?;
        Ok(Witness::CertificateValidity(
            c::CertificateValidityCircuit::new(
                certificate,
                iw,
                context.to_field(),
                date,
                registry.root(),
                revocations.root(),
            )?,
        ))
    }

    /// Customs clearance of `declaration` backed by `certificate`.
    #[allow(clippy::too_many_arguments)]
    pub fn customs_clearance(
        declaration: RecordOpening,
        certificate: RecordOpening,
        signature: Signature,
        context: &Context,
        band: (u64, u64, Currency),
        registry: &IssuerRegistry,
        revocations: &RevocationList,
    ) -> Result<Self> {
        let iw = issuer_witness(
            c::CustomsClearanceCircuit::NAME,
            &certificate,
            signature,
            registry,
            revocations,
        )?;
        let band = ValueBand {
            min: band.0,
            max: band.1,
            currency: band.2,
        };
        Ok(Witness::CustomsClearance(c::CustomsClearanceCircuit::new(
            declaration,
            certificate,
            iw,
            context.to_field(),
            band,
            registry.root(),
            revocations.root(),
        )?))
    }

    /// Distinct invoices of `exporter` dated in `[from, to]` total at least `threshold`.
    #[allow(clippy::too_many_arguments)]
    pub fn aggregate_value(
        capacity: u16,
        invoices: Vec<RecordOpening>,
        context: &Context,
        exporter: PartyId,
        currency: Currency,
        threshold: u64,
        from: Date,
        to: Date,
    ) -> Result<Self> {
        let terms = AggregateParams {
            exporter,
            currency,
            threshold,
            from,
            to,
        };
        Ok(Witness::AggregateValue(c::AggregateValueCircuit::new(
            capacity as usize,
            invoices,
            context.to_field(),
            terms,
        )?))
    }

    /// A device's signed batch of readings for the shipment of `bill_of_lading` makes the sensor-range
    /// claim `claim` (its shipment, roots, band, window, maximum gap and minimum count). The device's
    /// registry entry and non-revocation are looked up in `registry` and `revocations`, whose roots
    /// must be the claim's.
    pub fn sensor_range(
        bill_of_lading: RecordOpening,
        batch: SignedBatch,
        context: &Context,
        registry: &DeviceRegistry,
        revocations: &DeviceRevocations,
        claim: &c::sensor_range::Public,
    ) -> Result<Self> {
        let device = DeviceWitness::collect(&batch.batch, registry, revocations)?;
        Ok(Witness::SensorRange(c::SensorRangeCircuit::new(
            bill_of_lading,
            batch,
            device,
            context.to_field(),
            claim,
        )?))
    }

    /// Reveals `slots` of a record (their values as the record holds them), the rest hidden.
    pub fn selective_disclosure(
        opening: RecordOpening,
        context: &Context,
        doc_type: DocType,
        slots: &[usize],
    ) -> Result<Self> {
        Ok(Witness::SelectiveDisclosure(
            c::SelectiveDisclosureCircuit::new(opening, context.to_field(), doc_type, slots)?,
        ))
    }

    /// The escrow claim for a grant issued with [`crate::grant::Grant::issue_escrowed`]: it wraps, for
    /// its recipient, the key that opens `opening`'s record.
    pub fn escrow(
        opening: RecordOpening,
        context: &Context,
        grant: &crate::grant::Grant,
        ephemeral: c::escrow::EphemeralSecret,
    ) -> Result<Self> {
        let (record, recipient, eph, wrapped, tag) = grant.parts();
        let public = c::escrow::Public {
            record,
            recipient: [recipient.x, recipient.y],
            ephemeral: [eph.x, eph.y],
            wrapped,
            tag,
        };
        Ok(Witness::Escrow(c::EscrowCircuit::new(
            opening,
            ephemeral,
            context.to_field(),
            &public,
        )?))
    }
}
