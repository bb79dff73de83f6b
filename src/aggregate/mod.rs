//! Aggregated verification: `n` Groth16 proofs of one circuit checked with a few dozen pairings
//! (SnarkPack: Gailly, Maller, Nitulescu, *SnarkPack: Practical SNARK Aggregation*, eprint 2021/529).
//!
//! # The ledger model
//! The block producer verifies the block's claims with the RLC batch verifier
//! ([`aggregate_block`] does it, and names the invalid ones), aggregates each circuit's valid proofs
//! once ([`aggregate`]) and publishes the statements with one [`AggregateProof`] per circuit. Every
//! other node checks each aggregate against the statements with [`verify_aggregate`], under its
//! [`ContextRule`](crate::ContextRule) as for batches: a hash of the statements, `O(n·k)` field work for the public inputs, then a cost that grows with `log n` only.
//! Small batches are cheaper with the RLC batch verifier (`BENCHMARKS.md` has the crossover), which
//! stays the path for culprit finding.
//!
//! # What an aggregate proves
//! For statements `xᵢ` (public inputs, context included) and proofs `(Aᵢ, Bᵢ, Cᵢ)`, `i < n`, Groth16
//! requires `e(Aᵢ, Bᵢ) = e(α, β)·e(Lᵢ, γ)·e(Cᵢ, δ)` with `Lᵢ = IC₀ + Σⱼ xᵢⱼ·ICⱼ`. With a random `r`
//! (a challenge, after the prover committed to `A`, `B`, `C`) the `n` equations hold, except with
//! probability `n/|Fr|`, iff
//!
//! `Z_AB := Π e(Aᵢ, Bᵢ)^(rⁱ) = e(Σrⁱ·α, β) · e(Σ rⁱ·Lᵢ, γ) · e(Z_C, δ)` with `Z_C := Σ rⁱ·Cᵢ`.
//!
//! The verifier computes the right-hand side's `Σ rⁱ·Lᵢ` itself from the statements; the prover
//! sends `Z_AB` and `Z_C` and proves they are the right inner products of the committed vectors:
//! - **TIPP** for `Z_AB = ⟨A, Bʳ⟩` (`Bʳᵢ = rⁱ·Bᵢ`) against the pair commitment `T` to `(A, B)` —
//!   committing `Bʳ` under the key `w` scaled by `r⁻ⁱ` gives the same `T`, so the commitment is made
//!   before `r` is known;
//! - **MIPP** for `Z_C = ⟨C, (rⁱ)⟩` against the single commitment `U` to `C`.
//!
//! Both run in one GIPA loop (the same challenges, so one folded key `v`): each round halves the
//! vectors, sends the cross terms (`Z_L, Z_R`, `T_L, T_R`, `U_L, U_R`, `Z_C,L, Z_C,R`) and folds with a
//! challenge `x`: `A' = A_L + x·A_R`, `B' = B_L + x⁻¹·B_R`, `C' = C_L + x·C_R`,
//! `v' = v_L + x⁻¹·v_R`, `w' = w_L + x·w_R`, and `T' = T_L^x·T·T_R^(1/x)` (likewise `U`, `Z`). After
//! `log₂ n` rounds one element of each is left, and the verifier checks the folded values against
//! pairings of the final `A*, B*, C*` with the final keys `v*, w*`. It cannot fold the keys itself
//! (that is `O(n)`), so the prover shows with a **KZG opening** at a random point `z` that `v*` is
//! `[f_v(a)]₂` and `w*` is `[aⁿ·f_w(a)]₁` for the polynomials `f_v = Π (1 + x_k⁻¹·X^(m_k))` and
//! `f_w = Π (1 + x_k·r^(−m_k)·X^(m_k))` that the challenges define (`m_k` the half-length of round `k`);
//! the verifier evaluates both in `O(log n)`.
//!
//! All of it is made non-interactive with one Fiat–Shamir transcript (blake3, label
//! `Aggregation`) that absorbs, in order: the verifying key's fingerprint, the SRS points the verifier
//! uses, the digest of the covered statements (each statement's id hashes its circuit and every public
//! input, context included), the count, `T` and `U` → `r`; `Z_AB`, `Z_C`; each round's ten target-group
//! elements and two G1 points → `x_k`; the final points and keys → `z`; the openings → the weights
//! that batch the final checks into **one multi-pairing of eleven Miller loops** compared against one
//! multi-exponentiation of the proof's target-group elements. (Implementations that left public
//! inputs or the first round's messages out of the transcript were forgeable; the tests tamper with
//! each.)
//!
//! # Padding
//! `n` is padded to a power of two (at least 2) by repeating the last statement and its proof. The
//! padded entries prove a statement already in the list with a proof valid for it, so they add no
//! claim; the verifier pads its statement list the same way, and [`Coverage`] lists each statement
//! once.
//!
//! # Sizes
//! Target-group elements travel torus-compressed (192 bytes; the [`gt`] notes explain the decoding
//! checks and why no order-`r` check is needed). An aggregate of `2^l` proofs is
//! `1,575 + 1,984·l` bytes: 27,367 bytes (26.7 KiB) for 8,192 proofs.
//!
//! # SRS
//! See [`srs`]: the production SRS comes from two independent powers-of-tau ceremonies; a seeded one
//! exists for tests and benches and says so in its type.
mod block;
mod commit;
pub mod gt;
mod proof;
mod prover;
pub mod srs;
mod transcript;
mod verifier;

pub use block::{aggregate_block, BlockAggregate, GroupAggregate};
pub use proof::{AggregateProof, Coverage, GipaRound};
pub use prover::aggregate;
pub use srs::{Ceremony, InsecureSeeded, Powers, Srs, SrsKind, VerifierSrs, MAX_SRS_PROOFS};
pub use verifier::verify_aggregate;
#[cfg(test)]
mod tests;
