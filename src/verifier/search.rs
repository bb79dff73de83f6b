//! The culprit search after a failed batch check (the cost model is in the module documentation of
//! [`crate::verifier`], *Culprit search*).
use super::{batch_check, singles, MillerBackend, PreparedKey, SINGLE_CHECK_GROUP};
use crate::statement::{Proof, Statement};
use rand::seq::SliceRandom;
use rayon::prelude::*;

/// Items verified singly before choosing a strategy.
pub(super) const SAMPLE: usize = 16;

/// A batch check's fixed cost (final exponentiation, per-circuit terms), in per-item batch costs.
const FIXED_ITEMS: usize = 10;

type Group<'a> = [(usize, &'a PreparedKey)];

/// The invalid items of `group`: a batch whose batch check failed when `known_bad` (so at least one
/// item is invalid), or one about which nothing is known yet (a batch check cut short because some
/// items turned out malformed) — then, if the sample finds no invalid item, one batch check of the
/// rest decides before any search.
pub(super) fn culprits(
    items: &[(Statement, Proof)],
    group: &Group<'_>,
    backend: MillerBackend,
    known_bad: bool,
) -> Vec<usize> {
    let n = group.len();
    if n <= SINGLE_CHECK_GROUP.max(SAMPLE) {
        return singles(items, group);
    }
    // A random order: no placement of invalid items chosen by whoever built the batch lines up with
    // the sample or the groups.
    let mut order: Vec<(usize, &PreparedKey)> = group.to_vec();
    order.shuffle(&mut rand::rngs::OsRng);
    let (sample, rest) = order.split_at(SAMPLE);
    let mut bad = singles(items, sample);
    if 4 * bad.len() >= SAMPLE {
        // A quarter or more invalid: no batch check can win any more.
        bad.extend(singles(items, rest));
        return bad;
    }
    if !known_bad && bad.is_empty() {
        return match batch_check(items, rest, backend) {
            true => bad,
            false => culprits(items, rest, backend, true),
        };
    }
    // The invalid items the sample suggests among the rest, at least one (the batch failed).
    let k = ((bad.len() + 1) * rest.len()).div_ceil(SAMPLE + 1).max(1);
    let g = group_size(rest.len(), k);
    let found: Vec<Vec<usize>> = rest
        .par_chunks(g)
        .map(|chunk| check_then_bisect(items, chunk, backend, false))
        .collect();
    bad.extend(found.into_iter().flatten());
    bad
}

/// The group size that balances the fixed cost of `n / g` checks against bisecting `k` failing
/// groups: `g = √(F·n / k)`, at least [`SINGLE_CHECK_GROUP`] + 1.
fn group_size(n: usize, k: usize) -> usize {
    let g = ((FIXED_ITEMS * n / k) as f64).sqrt() as usize;
    g.clamp(SINGLE_CHECK_GROUP + 1, n.max(SINGLE_CHECK_GROUP + 1))
}

/// The invalid items of `group`; `known_bad` when a check already showed it holds one. Small groups are
/// checked singly; a failing group is split in two, and when the first half passes the second is
/// known to fail, so it is split without a check of its own.
fn check_then_bisect(
    items: &[(Statement, Proof)],
    group: &Group<'_>,
    backend: MillerBackend,
    known_bad: bool,
) -> Vec<usize> {
    if group.len() <= SINGLE_CHECK_GROUP {
        return singles(items, group);
    }
    if !known_bad && batch_check(items, group, backend) {
        return Vec::new();
    }
    let (left, right) = group.split_at(group.len() / 2);
    let mut bad = check_then_bisect(items, left, backend, false);
    // The left half passed: every invalid item of the group is on the right.
    let right_known_bad = bad.is_empty();
    bad.extend(check_then_bisect(items, right, backend, right_known_bad));
    bad
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn group_sizes_follow_the_estimate() {
        // Few culprits: large groups; many: the smallest groups worth a batch check.
        assert_eq!(group_size(1008, 1), 100);
        assert_eq!(group_size(1008, 60), 12);
        assert_eq!(group_size(1008, 500), SINGLE_CHECK_GROUP + 1);
        assert_eq!(group_size(3, 1), SINGLE_CHECK_GROUP + 1);
    }
}
