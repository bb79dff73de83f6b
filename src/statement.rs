//! Statements, contexts and proofs: what a verifier checks.
//!
//! # Replay model
//! A [`Statement`] is *circuit id + context + public inputs*. The **context** is a field element bound
//! into every proof as a public input (typically `Context::new(ledger_id, nonce)`: the ledger or domain
//! the proof is meant for, and a statement nonce such as the submission's sequence number or a
//! challenge the verifier issued). A proof made under one context does not verify under any other.
//!
//! What a verifier must check, beyond the proof:
//! 1. **The context is one it expects**: its own ledger id, with a nonce it issued or that is fresh by
//!    its rules (e.g. within the current block window). [`crate::Verifier`] checks the context against
//!    the caller's [`crate::ContextRule`] before any pairing.
//! 2. **Freshness / uniqueness of the statement**: a ledger that must not accept the same claim twice
//!    keys its "seen" set by the [`Statement::id`] (a hash of circuit id and public inputs, context
//!    included) — **not** by the proof bytes. Groth16 proofs are re-randomisable: anyone can turn a
//!    valid proof `(A, B, C)` into a different valid proof of the same statement
//!    (`A' = A/r, B' = rB + rsδ, C' = C + sA`), so two different proof byte strings can prove one
//!    statement, and the proof bytes are not an identifier.
//! 3. **The claim is the one its policy requires** (digests on its ledger, bands and roots it accepts):
//!    [`Statement::claim`] decodes the public inputs back into a typed [`Claim`].
use crate::circuit::id::CircuitId;
use crate::claim::{Claim, ClaimKind};
pub use crate::context::Context;
use crate::error::Result;
use crate::transcript::{Label, Transcript};
use ark_bn254::{Fr, G1Affine, G2Affine};
use serde::{Deserialize, Serialize};

/// What a verifier checks: a circuit, a context and the public inputs of a claim.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "StatementJson")]
pub struct Statement {
    /// The circuit (and hence verifying key) the statement is for.
    pub(crate) circuit_id: CircuitId,
    /// The claim kind of that circuit.
    pub(crate) kind: ClaimKind,
    /// Public inputs in circuit order (the context among them).
    #[serde(with = "crate::encoding::serde::fr_vec")]
    pub(crate) inputs: Vec<Fr>,
}

/// The JSON form of a [`Statement`] before its checks: decoding goes through
/// [`Statement::from_inputs`] as the binary decoder does, so a statement read from JSON has a valid
/// kind and exactly that kind's number of inputs ([`Statement::context`] relies on it).
#[derive(Deserialize)]
#[serde(remote = "Self", deny_unknown_fields)]
struct StatementJson {
    circuit_id: CircuitId,
    kind: ClaimKind,
    #[serde(deserialize_with = "crate::encoding::serde::fr_vec::deserialize")]
    inputs: Vec<Fr>,
}

crate::encoding::object_only!(StatementJson);

impl TryFrom<StatementJson> for Statement {
    type Error = crate::Error;
    fn try_from(j: StatementJson) -> Result<Self> {
        Statement::from_inputs(j.circuit_id, j.kind, j.inputs)
    }
}

impl Statement {
    /// The statement that `claim` holds under `context`, for the circuit `circuit_id`.
    pub fn new(circuit_id: CircuitId, context: &Context, claim: &Claim) -> Result<Self> {
        Ok(Statement {
            circuit_id,
            kind: claim.kind(),
            inputs: claim.public_inputs(context)?,
        })
    }

    /// A statement from raw public inputs (e.g. decoded from bytes); the count is checked against the kind.
    pub fn from_inputs(circuit_id: CircuitId, kind: ClaimKind, inputs: Vec<Fr>) -> Result<Self> {
        kind.validate()?;
        if inputs.len() != kind.num_inputs() {
            return Err(crate::Error::PublicInputCount {
                expected: kind.num_inputs(),
                found: inputs.len(),
            });
        }
        Ok(Statement {
            circuit_id,
            kind,
            inputs,
        })
    }

    /// The circuit (and hence verifying key) the statement is for.
    pub fn circuit_id(&self) -> CircuitId {
        self.circuit_id
    }

    /// The claim kind of that circuit.
    pub fn kind(&self) -> ClaimKind {
        self.kind
    }

    /// The public inputs, in circuit order.
    pub fn inputs(&self) -> &[Fr] {
        &self.inputs
    }

    /// The context the statement is bound to.
    pub fn context(&self) -> Context {
        Context::from_field(self.inputs[self.kind.context_index()])
    }

    /// The typed claim.
    pub fn claim(&self) -> Result<Claim> {
        Claim::from_public_inputs(self.kind, &self.inputs).map(|(c, _)| c)
    }

    /// A 32-byte identifier of the statement (circuit id and every public input, context included):
    /// what a ledger uses to refuse a statement it has already accepted.
    pub fn id(&self) -> [u8; 32] {
        let mut h = Transcript::new(Label::StatementId);
        h.bytes(&self.circuit_id.0);
        for x in &self.inputs {
            h.fr(x);
        }
        h.finish()
    }
}

/// A Groth16 proof bound to the circuit it was made for. Its points are on their curves and in the
/// prime-order subgroups: a `Proof` only comes from the prover or from strict decoding.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Proof {
    pub(crate) circuit_id: CircuitId,
    pub(crate) a: G1Affine,
    pub(crate) b: G2Affine,
    pub(crate) c: G1Affine,
}

impl Proof {
    /// The circuit the proof was made for.
    pub fn circuit_id(&self) -> CircuitId {
        self.circuit_id
    }

    /// The underlying arkworks proof (for interoperability, e.g. `Groth16::verify_with_processed_vk`).
    pub fn to_ark(&self) -> ark_groth16::Proof<ark_bn254::Bn254> {
        ark_groth16::Proof {
            a: self.a,
            b: self.b,
            c: self.c,
        }
    }

    /// Wraps an arkworks proof after checking its points (on curve, in subgroup, not the identity).
    pub fn from_ark(
        circuit_id: CircuitId,
        p: &ark_groth16::Proof<ark_bn254::Bn254>,
    ) -> Result<Self> {
        crate::encoding::check_g1(&p.a, "proof A")?;
        crate::encoding::check_g2(&p.b, "proof B")?;
        crate::encoding::check_g1(&p.c, "proof C")?;
        Ok(Proof {
            circuit_id,
            a: p.a,
            b: p.b,
            c: p.c,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{fixture, witness};
    use crate::Error;

    #[test]
    fn the_ledger_rebuilds_the_provers_statement() {
        let f = fixture();
        let ctx = Context::new(7, 1);
        let (st, _) = f.prover.prove(witness(&ctx, 0, 10_000_000)).unwrap();
        let claim = st.claim().unwrap();
        assert_eq!(claim.record_digests(), vec![f.sealed.digest()]);
        assert_eq!(Statement::new(f.vk.circuit_id(), &ctx, &claim).unwrap(), st);
        assert_eq!(st.context(), ctx);
        assert_eq!(st.kind(), ClaimKind::ValueRange);
        assert_eq!(st.circuit_id(), f.vk.circuit_id());
        assert_eq!(st.inputs().len(), ClaimKind::ValueRange.num_inputs());
    }

    #[test]
    fn the_input_count_is_the_kinds() {
        let f = fixture();
        let st = Statement::new(
            f.vk.circuit_id(),
            &Context::new(1, 1),
            &witness(&Context::new(1, 1), 0, 10_000_000).claim().unwrap(),
        )
        .unwrap();
        let mut more = st.inputs().to_vec();
        more.push(Fr::from(1u64));
        assert!(matches!(
            Statement::from_inputs(st.circuit_id(), st.kind(), more),
            Err(Error::PublicInputCount {
                expected: 6,
                found: 7
            })
        ));
        assert!(Statement::from_inputs(
            st.circuit_id(),
            ClaimKind::AggregateValue { capacity: 0 },
            vec![]
        )
        .is_err());
    }

    #[test]
    fn the_id_covers_every_input_and_the_circuit() {
        let f = fixture();
        let claim = witness(&Context::new(1, 1), 0, 10_000_000).claim().unwrap();
        let st = Statement::new(f.vk.circuit_id(), &Context::new(1, 1), &claim).unwrap();
        for i in 0..st.inputs().len() {
            let mut x = st.inputs().to_vec();
            x[i] += Fr::from(1u64);
            let other = Statement::from_inputs(st.circuit_id(), st.kind(), x).unwrap();
            assert_ne!(other.id(), st.id(), "input {i}");
        }
        let other_circuit =
            Statement::from_inputs(CircuitId([9; 32]), st.kind(), st.inputs().to_vec()).unwrap();
        assert_ne!(other_circuit.id(), st.id());
    }

    #[test]
    fn json_is_an_object_with_a_valid_count() {
        let f = fixture();
        let claim = witness(&Context::new(1, 1), 0, 10_000_000).claim().unwrap();
        let st = Statement::new(f.vk.circuit_id(), &Context::new(1, 1), &claim).unwrap();
        let json = serde_json::to_value(&st).unwrap();
        assert_eq!(
            serde_json::from_value::<Statement>(json.clone()).unwrap(),
            st
        );
        let fields: Vec<serde_json::Value> = json.as_object().unwrap().values().cloned().collect();
        let array = serde_json::Value::Array(fields).to_string();
        assert!(
            serde_json::from_str::<Statement>(&array).is_err(),
            "{array}"
        );
        let mut short = json.clone();
        short["inputs"].as_array_mut().unwrap().pop();
        assert!(serde_json::from_value::<Statement>(short).is_err());
        let mut extra = json;
        extra["extra"] = serde_json::Value::Null;
        assert!(serde_json::from_value::<Statement>(extra).is_err());
    }
}
