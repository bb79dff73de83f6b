//! The R1CS-to-QAP witness map over the circuit's cached matrices, with the satisfaction check folded
//! into the first step (the prover evaluates `A·z`, `B·z`, `C·z` anyway).
//!
//! This is libsnark's reduction, as in `ark_groth16::LibsnarkReduction`: rows `0..m` are the
//! constraints, rows `m..m+ℓ` bind the instance variables (`A = zᵢ`), and
//! `h = (A(x)·B(x) − C(x)) / Z(x)` is computed on the coset `g·H` of the evaluation domain `H`
//! (3 inverse FFTs, 3 coset FFTs, 1 inverse coset FFT).
use crate::circuit::CircuitShape;
use ark_bn254::Fr;
use ark_ff::{FftField, Field, One, Zero};
use ark_poly::{EvaluationDomain, Radix2EvaluationDomain};

/// The evaluation domain of a circuit and its coset, built once per circuit.
pub(crate) struct Qap {
    domain: Radix2EvaluationDomain<Fr>,
    coset: Radix2EvaluationDomain<Fr>,
    vanishing_on_coset_inv: Fr,
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
        Some(Self {
            domain,
            coset,
            vanishing_on_coset_inv,
        })
    }

    /// Domain size.
    pub(crate) fn size(&self) -> usize {
        self.domain.size()
    }

    /// The coefficients of `h` for the full assignment `z`, or the index of the first unsatisfied
    /// constraint.
    pub(crate) fn witness_map(&self, shape: &CircuitShape, z: &[Fr]) -> Result<Vec<Fr>, usize> {
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
        for v in [&mut a, &mut b, &mut c] {
            self.domain.ifft_in_place(v);
            self.coset.fft_in_place(v);
        }
        for ((ai, bi), ci) in a.iter_mut().zip(&b).zip(&c) {
            *ai = (*ai * bi - ci) * self.vanishing_on_coset_inv;
        }
        self.coset.ifft_in_place(&mut a);
        Ok(a)
    }
}
