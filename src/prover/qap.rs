//! The R1CS-to-QAP witness map over the circuit's cached matrices, with the satisfaction check folded
//! into the first step (the prover evaluates `A·z`, `B·z`, `C·z` anyway), for either reduction a key
//! can be made for ([`Reduction`], where the math is).
//!
//! Rows `0..m` are the constraints, rows `m..m+ℓ` bind the instance variables (`A = zᵢ`).
//! - **libsnark** (`ark_groth16::LibsnarkReduction`): `h = (A(x)·B(x) − C(x)) / Z(x)` is computed on
//!   the coset `g·H` of the evaluation domain `H` and brought back to coefficients (3 inverse FFTs,
//!   3 coset FFTs, 1 inverse coset FFT).
//! - **circom** (snarkjs): `P = A(x)·B(x) − C(x)` evaluated on the odd points `ω₂ₙ·H` of the doubled
//!   domain, undivided, is the answer (3 inverse FFTs, 3 coset FFTs): one FFT fewer.
use crate::circuit::CircuitShape;
use crate::keys::Reduction;
use ark_bn254::Fr;
use ark_ff::{FftField, Field, One, Zero};
use ark_poly::{EvaluationDomain, Radix2EvaluationDomain};

/// The evaluation domain of a circuit and its cosets, built once per circuit.
pub(crate) struct Qap {
    domain: Radix2EvaluationDomain<Fr>,
    /// `g·H` with `g` the field's multiplicative generator (libsnark).
    coset: Radix2EvaluationDomain<Fr>,
    vanishing_on_coset_inv: Fr,
    /// `ω₂ₙ·H`, the odd points of the doubled domain (circom).
    odd: Radix2EvaluationDomain<Fr>,
}

fn dot(row: &[(Fr, usize)], z: &[Fr]) -> Fr {
    let mut acc = Fr::zero();
    for (c, i) in row {
        if c.is_one() {
            acc += z[*i];
        } else {
            acc += *c * z[*i];
        }
    }
    acc
}

impl Qap {
    pub(crate) fn new(shape: &CircuitShape) -> Option<Self> {
        let domain = Radix2EvaluationDomain::<Fr>::new(shape.num_constraints + shape.num_instance)?;
        let coset = domain.get_coset(Fr::GENERATOR)?;
        let vanishing_on_coset_inv = domain
            .evaluate_vanishing_polynomial(Fr::GENERATOR)
            .inverse()?;
        let odd =
            domain.get_coset(Radix2EvaluationDomain::<Fr>::new(2 * domain.size())?.group_gen())?;
        Some(Self {
            domain,
            coset,
            vanishing_on_coset_inv,
            odd,
        })
    }

    /// Domain size.
    pub(crate) fn size(&self) -> usize {
        self.domain.size()
    }

    /// The scalars of the H-query MSM for the full assignment `z` under `reduction`, or the index of
    /// the first unsatisfied constraint.
    pub(crate) fn witness_map(
        &self,
        shape: &CircuitShape,
        z: &[Fr],
        reduction: Reduction,
    ) -> Result<Vec<Fr>, usize> {
        let n = self.domain.size();
        let m = shape.num_constraints;
        let [am, bm, cm] = &shape.matrices;
        let mut a = vec![Fr::zero(); n];
        let mut b = vec![Fr::zero(); n];
        let mut c = vec![Fr::zero(); n];
        for i in 0..m {
            a[i] = dot(&am[i], z);
            b[i] = dot(&bm[i], z);
            c[i] = dot(&cm[i], z);
            if a[i] * b[i] != c[i] {
                return Err(i);
            }
        }
        a[m..m + shape.num_instance].copy_from_slice(&z[..shape.num_instance]);
        let coset = match reduction {
            Reduction::Libsnark => &self.coset,
            Reduction::Circom => &self.odd,
        };
        for v in [&mut a, &mut b, &mut c] {
            self.domain.ifft_in_place(v);
            coset.fft_in_place(v);
        }
        match reduction {
            Reduction::Libsnark => {
                for ((ai, bi), ci) in a.iter_mut().zip(&b).zip(&c) {
                    *ai = (*ai * bi - ci) * self.vanishing_on_coset_inv;
                }
                self.coset.ifft_in_place(&mut a);
                a.truncate(n - 1); // h has degree at most n − 2
            }
            Reduction::Circom => {
                for ((ai, bi), ci) in a.iter_mut().zip(&b).zip(&c) {
                    *ai = *ai * bi - ci;
                }
            }
        }
        Ok(a)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::circuit::circuit_shape;
    use crate::claim::ClaimKind;
    use crate::keys::CircomReduction;
    use ark_groth16::r1cs_to_qap::{LibsnarkReduction, R1CSToQAP};

    /// Both witness maps equal arkworks' (ours for libsnark, the reference `CircomReduction` for
    /// circom) on a real assignment.
    #[test]
    fn witness_maps_agree_with_the_reference_reductions() {
        let shape = circuit_shape(ClaimKind::ValueRange).unwrap();
        let w = crate::testing::witness(&crate::context::Context::new(3, 4), 1, 10_000_000);
        let z = crate::circuit::assignment(w, &shape).unwrap();
        let qap = Qap::new(&shape).unwrap();
        let m = shape.matrices.to_vec();
        let (ni, nc) = (shape.num_instance, shape.num_constraints);
        let lib = LibsnarkReduction::witness_map_from_matrices::<Fr, Radix2EvaluationDomain<Fr>>(
            &m, ni, nc, &z,
        )
        .unwrap();
        let ours = qap.witness_map(&shape, &z, Reduction::Libsnark).unwrap();
        assert_eq!(ours[..], lib[..ours.len()]);
        assert!(lib[ours.len()..].iter().all(Zero::is_zero));
        let circom = CircomReduction::witness_map_from_matrices::<Fr, Radix2EvaluationDomain<Fr>>(
            &m, ni, nc, &z,
        )
        .unwrap();
        assert_eq!(
            qap.witness_map(&shape, &z, Reduction::Circom).unwrap(),
            circom
        );
        // A wrong assignment is caught before any FFT, in both.
        let mut bad = z.clone();
        bad[ni + 3] += Fr::one();
        for r in [Reduction::Libsnark, Reduction::Circom] {
            assert!(qap.witness_map(&shape, &bad, r).is_err());
        }
    }
}
