//! The list of claim kinds, and what it generates.
//!
//! Each line of the `claims!` list at the bottom of this file names a kind, its binary tag and its
//! circuit; the circuit's module in [`tradeproof_circuits::claims`] owns the statement. Kinds whose circuit has a shape parameter (the
//! aggregate claim's capacity) are listed under `sized`, with the parameter's name.
use crate::context::Context;
use crate::error::Result;
use ark_bn254::Fr;
use ark_relations::gr1cs::{ConstraintSynthesizer, ConstraintSystemRef, SynthesisError};
use serde::{Deserialize, Serialize};
use tradeproof_circuits::claims::{self as c, ClaimCircuit, ClaimPublic};

/// The public side of a claim of the circuit `C`.
type PublicOf<C> = <C as ClaimCircuit>::Public;
/// The shape parameter of the circuit `C`.
type ShapeOf<C> = <PublicOf<C> as ClaimPublic>::Shape;

/// The number of identifiers given.
macro_rules! count {
    () => { 0 };
    ($x:ident $($rest:ident)*) => { 1 + count!($($rest)*) };
}

/// Generates [`ClaimKind`], [`Claim`] and [`Witness`] from the list of claim modules.
macro_rules! claims {
    (
        fixed {
            $( $(#[$fdoc:meta])* $fixed:ident = $ftag:literal => $fmod:ident :: $fcircuit:ident, )*
        }
        sized {
            $( $(#[$sdoc:meta])* $sized:ident { $param:ident } = $stag:literal => $smod:ident :: $scircuit:ident, )*
        }
    ) => {
        /// The kinds of claims, one circuit each (a sized kind's circuit also depends on its parameter).
        ///
        /// JSON: `"value_range"`, …, `{"aggregate_value": {"capacity": 32}}`.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum ClaimKind {
            $( $(#[$fdoc])* $fixed, )*
            $( $(#[$sdoc])* $sized {
                /// The circuit's shape parameter.
                $param: u16
            }, )*
        }

        impl ClaimKind {
            /// Every fixed-shape kind.
            pub const FIXED: [ClaimKind; count!($($fixed)*)] = [$(ClaimKind::$fixed),*];

            /// The circuit's name without parameters.
            pub fn base_name(&self) -> &'static str {
                match self {
                    $( ClaimKind::$fixed => c::$fmod::$fcircuit::NAME, )*
                    $( ClaimKind::$sized { .. } => c::$smod::$scircuit::NAME, )*
                }
            }

            /// Stable name (`"customs_clearance"`); a sized kind reads `"aggregate_value-32"`.
            pub fn name(&self) -> String {
                match self {
                    $( ClaimKind::$sized { $param } => format!("{}-{}", self.base_name(), $param), )*
                    _ => self.base_name().to_string(),
                }
            }

            /// Number of public inputs.
            pub fn num_inputs(&self) -> usize {
                match self {
                    $( ClaimKind::$fixed => PublicOf::<c::$fmod::$fcircuit>::num_inputs(()), )*
                    $( ClaimKind::$sized { $param } => PublicOf::<c::$smod::$scircuit>::num_inputs(*$param), )*
                }
            }

            /// Position of the context among the public inputs.
            pub fn context_index(&self) -> usize {
                match self {
                    $( ClaimKind::$fixed => PublicOf::<c::$fmod::$fcircuit>::CONTEXT, )*
                    $( ClaimKind::$sized { .. } => PublicOf::<c::$smod::$scircuit>::CONTEXT, )*
                }
            }

            /// Checks a kind read from untrusted bytes (a sized kind's parameter in range).
            pub fn validate(&self) -> Result<()> {
                match self {
                    $( ClaimKind::$sized { $param } => {
                        PublicOf::<c::$smod::$scircuit>::check_shape(*$param)?
                    } )*
                    _ => {}
                }
                Ok(())
            }

            /// A circuit of this kind's shape, for key generation.
            pub fn blank_witness(&self) -> Witness {
                match self {
                    $( ClaimKind::$fixed => Witness::$fixed(c::$fmod::$fcircuit::blank_of(())), )*
                    $( ClaimKind::$sized { $param } => Witness::$sized(c::$smod::$scircuit::blank_of(*$param)), )*
                }
            }

            /// The kind's one-byte binary tag.
            pub fn tag(&self) -> u8 {
                match self {
                    $( ClaimKind::$fixed => $ftag, )*
                    $( ClaimKind::$sized { .. } => $stag, )*
                }
            }

            /// The shape parameter a sized kind carries after its tag in binary forms.
            pub fn parameter(&self) -> Option<u16> {
                match self {
                    $( ClaimKind::$sized { $param } => Some(*$param), )*
                    _ => None,
                }
            }

            /// Whether the kind with binary tag `tag` carries a parameter; `None` for an unknown tag.
            pub fn tag_has_parameter(tag: u8) -> Option<bool> {
                match tag {
                    $( $ftag => Some(false), )*
                    $( $stag => Some(true), )*
                    _ => None,
                }
            }

            /// The kind of a binary tag and its parameter (ignored for fixed kinds); `None` for an unknown
            /// tag. The kind is not validated.
            pub fn from_tag(tag: u8, parameter: u16) -> Option<ClaimKind> {
                match tag {
                    $( $ftag => Some(ClaimKind::$fixed), )*
                    $( $stag => Some(ClaimKind::$sized { $param: parameter }), )*
                    _ => {
                        let _ = parameter;
                        None
                    }
                }
            }
        }

        /// The public side of a claim: the records it is about (digests) and its parameters, as defined
        /// by the claim's module in [`tradeproof_circuits::claims`].
        ///
        /// JSON: `{"kind": "value_range", …the fields of its `Public`…}`; reading checks the parameters
        /// ([`Claim::validate`]).
        #[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
        #[serde(remote = "Self", tag = "kind", rename_all = "snake_case")]
        pub enum Claim {
            $( $(#[$fdoc])* $fixed(PublicOf<c::$fmod::$fcircuit>), )*
            $( $(#[$sdoc])* $sized(PublicOf<c::$smod::$scircuit>), )*
        }

        impl Claim {
            /// The claim's kind (its circuit).
            pub fn kind(&self) -> ClaimKind {
                match self {
                    $( Claim::$fixed(_) => ClaimKind::$fixed, )*
                    $( Claim::$sized(p) => ClaimKind::$sized { $param: p.shape() }, )*
                }
            }

            /// The digests of the sealed records the claim is about, in order.
            pub fn record_digests(&self) -> Vec<Fr> {
                match self {
                    $( Claim::$fixed(p) => p.records(), )*
                    $( Claim::$sized(p) => p.records(), )*
                }
            }

            /// Checks the parameters (slot exists, range not empty, capacity respected, no zero digest).
            pub fn validate(&self) -> Result<()> {
                match self {
                    $( Claim::$fixed(p) => p.validate()?, )*
                    $( Claim::$sized(p) => p.validate()?, )*
                }
                Ok(())
            }

            /// The public inputs of this claim under `context`, in circuit order.
            pub fn public_inputs(&self, context: &Context) -> Result<Vec<Fr>> {
                self.validate()?;
                let x = context.to_field();
                Ok(match self {
                    $( Claim::$fixed(p) => p.to_inputs(x), )*
                    $( Claim::$sized(p) => p.to_inputs(x), )*
                })
            }

            /// Reads a claim and its context back from public inputs (as found in a decoded statement).
            /// Fails if a parameter is not of its type (a document type code that does not exist, a
            /// country that is not in ISO 3166, a value above 2^64, …).
            pub fn from_public_inputs(kind: ClaimKind, inputs: &[Fr]) -> Result<(Claim, Context)> {
                kind.validate()?;
                let (claim, x) = match kind {
                    $( ClaimKind::$fixed => {
                        let (p, x) = PublicOf::<c::$fmod::$fcircuit>::from_inputs((), inputs)?;
                        (Claim::$fixed(p), x)
                    } )*
                    $( ClaimKind::$sized { $param } => {
                        let (p, x) = PublicOf::<c::$smod::$scircuit>::from_inputs($param, inputs)?;
                        (Claim::$sized(p), x)
                    } )*
                };
                Ok((claim, Context::from_field(x)))
            }
        }

        /// A claim with its private witness: what the prover takes. One variant per circuit.
        #[derive(Clone, Debug)]
        #[allow(clippy::large_enum_variant)]
        pub enum Witness {
            $( $(#[$fdoc])* $fixed(c::$fmod::$fcircuit), )*
            $( $(#[$sdoc])* $sized(c::$smod::$scircuit), )*
        }

        macro_rules! each_witness {
            ($self:expr, $w:ident => $e:expr) => {
                match $self {
                    $( Witness::$fixed($w) => $e, )*
                    $( Witness::$sized($w) => $e, )*
                }
            };
        }

        impl Witness {
            /// The kind of the claim.
            pub fn kind(&self) -> ClaimKind {
                match self {
                    $( Witness::$fixed(_) => ClaimKind::$fixed, )*
                    $( Witness::$sized(w) => ClaimKind::$sized { $param: w.shape() }, )*
                }
            }
        }

        // A sized kind's parameter is carried as a `u16` (JSON, binary tags): its shape must be one.
        $( const _: ShapeOf<c::$smod::$scircuit> = 0u16; )*
    };
}

claims! {
    fixed {
        /// Value (or date) range on one slot of one record ([`c::value_range`]).
        ValueRange = 1 => value_range::ValueRangeCircuit,
        /// Origin equals a public country ([`c::origin_equals`]).
        OriginEquals = 2 => origin_equals::OriginEqualsCircuit,
        /// Origin in a public allow-list ([`c::origin_in_list`]).
        OriginInList = 3 => origin_in_list::OriginInListCircuit,
        /// Declaration and certificate name the same origin ([`c::origin_match`]).
        OriginMatch = 4 => origin_match::OriginMatchCircuit,
        /// Certificate of origin signed, registered, in date, not revoked ([`c::certificate`]).
        CertificateValidity = 5 => certificate::CertificateValidityCircuit,
        /// The customs-clearance bundle ([`c::customs_clearance`]).
        CustomsClearance = 6 => customs_clearance::CustomsClearanceCircuit,
        /// A registered device's signed readings held a band over a window ([`c::sensor_range`]).
        SensorRange = 8 => sensor_range::SensorRangeCircuit,
        /// Some slots of a record hold public values, the rest hidden ([`c::selective_disclosure`]).
        SelectiveDisclosure = 9 => selective_disclosure::SelectiveDisclosureCircuit,
        /// A published grant wraps, for a public recipient, the key of a sealed record ([`c::escrow`]).
        Escrow = 10 => escrow::EscrowCircuit,
    }
    sized {
        /// Total value of up to `capacity` invoices ([`c::aggregate_value`]).
        AggregateValue { capacity } = 7 => aggregate_value::AggregateValueCircuit,
    }
}

impl std::fmt::Display for ClaimKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.name())
    }
}

impl Serialize for Claim {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        Claim::serialize(self, s)
    }
}

impl<'de> Deserialize<'de> for Claim {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        let c = Claim::deserialize(d)?;
        c.validate().map_err(serde::de::Error::custom)?;
        Ok(c)
    }
}

impl Witness {
    /// The public inputs, in circuit order.
    pub fn public_inputs(&self) -> &[Fr] {
        each_witness!(self, w => w.public_inputs())
    }

    /// The public claim (read back from the public inputs).
    pub fn claim(&self) -> Result<Claim> {
        Claim::from_public_inputs(self.kind(), self.public_inputs()).map(|(c, _)| c)
    }

    /// The context the proof will be bound to.
    pub fn context(&self) -> Context {
        Context::from_field(each_witness!(self, w => w.context()))
    }
}

impl ConstraintSynthesizer<Fr> for Witness {
    fn generate_constraints(
        self,
        cs: ConstraintSystemRef<Fr>,
    ) -> std::result::Result<(), SynthesisError> {
        each_witness!(self, w => w.generate_constraints(cs))
    }
}
