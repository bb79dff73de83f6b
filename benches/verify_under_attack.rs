//! The batch verifier under attack: batches of 1,024 customs-clearance proofs of which 0, 1, 8, 64 or
//! 512 are invalid (a random `C`: garbage that decodes and costs the attacker nothing), placed at
//! random, as every other item from the start, or spread evenly (one per block of `1024/k` items: one
//! per group of four or sparser). For each case the
//! verifier's time is set against verifying all 1,024 items singly with ark-groth16
//! (`Groth16::verify_with_processed_vk` in a loop), on a pool of **one** thread, so that wall time is
//! CPU time. The machines are shared and their speed drifts by 10–20 % over minutes, so each case's
//! baseline is measured anew, its repetitions alternating with the case's (best of each); a single
//! baseline taken at the start moved the ratios by as much. Every run also checks that the culprits
//! are exactly the invalid items.
//!
//! `cargo bench --bench verify_under_attack` (a report, not a criterion bench: one case takes seconds;
//! `-- --quick` runs two repetitions instead of three).
use tradeproof_support as common;

use ark_bn254::{Bn254, G1Projective};
use ark_ec::{CurveGroup, PrimeGroup};
use ark_groth16::Groth16;
use ark_snark::SNARK;
use ark_std::UniformRand;
use rand::seq::SliceRandom;
use rand::SeedableRng;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;
use tradeproof::prelude::*;
use tradeproof::{MillerBackend, Rejection};

const N: usize = 1024;

fn main() {
    let quick = std::env::args().any(|a| a == "--quick");
    let reps = if quick { 2 } else { 3 };
    let (vk, valid) = common::customs_batch(N);
    let mut rng = rand_chacha::ChaCha20Rng::seed_from_u64(3);
    let pvk = Groth16::<Bn254>::process_vk(vk.as_ark()).expect("pvk");
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .expect("pool");
    let singles = |items: &[(Statement, Proof)]| {
        items
            .iter()
            .filter(|(s, p)| {
                !Groth16::<Bn254>::verify_with_processed_vk(&pvk, s.inputs(), &p.to_ark())
                    .expect("verify")
            })
            .count()
    };
    // The case's best time and the best time of the singles, their repetitions alternating.
    let paired = |f: &(dyn Fn() + Sync)| {
        let (mut best, mut base) = (f64::INFINITY, f64::INFINITY);
        for _ in 0..reps {
            let t = Instant::now();
            pool.install(f);
            best = best.min(t.elapsed().as_secs_f64());
            let t = Instant::now();
            pool.install(|| assert_eq!(singles(&valid), 0));
            base = base.min(t.elapsed().as_secs_f64());
        }
        (best, base)
    };
    println!("one thread; {N} items; each case against ark-groth16 singly, measured alternately");
    println!();
    println!(
        "| backend | invalid | placement | time (s) | singly (s) | × singles | culprits exact |"
    );
    println!("|---|---:|---|---:|---:|---:|---|");
    let mut worst: f64 = 0.0;
    let mut baselines: Vec<f64> = Vec::new();
    for backend in [MillerBackend::Auto, MillerBackend::Scalar] {
        let verifier = Verifier::new([vk.clone()]).with_backend(backend);
        let label = if backend.uses_vector_loop() {
            "vector"
        } else {
            "scalar"
        };
        if backend == MillerBackend::Auto && !backend.uses_vector_loop() {
            println!("| auto = scalar on this CPU (no AVX-512 IFMA) | | | | | |");
            continue;
        }
        for k in [0usize, 1, 8, 64, 512] {
            for placement in ["random", "every other", "spread"] {
                if k == 0 && placement != "random" {
                    continue;
                }
                let bad: Vec<usize> = match placement {
                    "random" => {
                        let mut all: Vec<usize> = (0..N).collect();
                        all.shuffle(&mut rng);
                        let mut b = all[..k].to_vec();
                        b.sort_unstable();
                        b
                    }
                    "every other" => (0..k).map(|i| 2 * i).collect(),
                    // One at the end of each block of N/k items (one per group of four and
                    // sparser, or every odd item for 512).
                    _ => (0..k).map(|i| (i + 1) * (N / k) - 1).collect(),
                };
                let mut items = valid.clone();
                for &i in &bad {
                    let c =
                        (G1Projective::generator() * ark_bn254::Fr::rand(&mut rng)).into_affine();
                    let mut p = items[i].1.to_ark();
                    p.c = c;
                    items[i].1 = Proof::from_ark(vk.circuit_id(), &p).expect("a decodable proof");
                }
                let exact = AtomicBool::new(true);
                let (t, baseline) = paired(&|| {
                    let r = verifier.verify_batch(&items, ContextRule::Any);
                    let found: Vec<usize> = r.invalid.iter().map(|x| x.index).collect();
                    if found != bad {
                        exact.store(false, Ordering::Relaxed);
                    }
                });
                let exact = exact.load(Ordering::Relaxed);
                worst = worst.max(t / baseline);
                baselines.push(baseline);
                println!(
                    "| {label} | {k} | {placement} | {t:.3} | {baseline:.3} | {:.2} | {} |",
                    t / baseline,
                    if exact { "yes" } else { "NO" }
                );
                assert!(exact, "culprits differ from the invalid items");
            }
        }
    }
    // From bytes, with `B`s outside G2 among the items (a point of the twist outside G2, or a valid
    // `B` plus a point of small order), alone or with every other item invalid: the scalar backend
    // finds them in its batch check rather than while decoding, so this is where they could cost more.
    println!();
    println!("From bytes (compressed), `B` outside G2 in some items:");
    println!();
    println!(
        "| backend | B outside G2 | invalid C | time (s) | singly (s) | × singles | reasons exact |"
    );
    println!("|---|---:|---:|---:|---:|---:|---|");
    let off_g2 = |i: usize, b: ark_bn254::G2Affine| -> ark_bn254::G2Affine {
        use common::points::{g2_of_small_order, g2_outside_subgroup, G2_COFACTOR_SMALL_PRIMES};
        match i % 2 {
            0 => g2_outside_subgroup(),
            _ => (b + g2_of_small_order(G2_COFACTOR_SMALL_PRIMES[i % 3])).into_affine(),
        }
    };
    for backend in [MillerBackend::Auto, MillerBackend::Scalar] {
        if backend == MillerBackend::Auto && !backend.uses_vector_loop() {
            continue;
        }
        let verifier = Verifier::new([vk.clone()]).with_backend(backend);
        let label = if backend.uses_vector_loop() {
            "vector"
        } else {
            "scalar"
        };
        for (outside, invalid) in [(0usize, 0usize), (1, 0), (64, 0), (1, 512), (64, 448)] {
            let mut order: Vec<usize> = (0..N).collect();
            order.shuffle(&mut rng);
            let mut malformed = order[..outside].to_vec();
            malformed.sort_unstable();
            // Invalid C on every other item not already malformed.
            let bad_c: Vec<usize> = (0..N)
                .step_by(2)
                .filter(|i| malformed.binary_search(i).is_err())
                .take(invalid)
                .collect();
            let encoded: Vec<(Vec<u8>, Vec<u8>)> = valid
                .iter()
                .enumerate()
                .map(|(i, (st, pf))| {
                    let mut p = pf.to_ark();
                    if bad_c.contains(&i) {
                        p.c = (G1Projective::generator() * ark_bn254::Fr::rand(&mut rng))
                            .into_affine();
                    }
                    let mut bytes = Proof::from_ark(vk.circuit_id(), &p)
                        .expect("a decodable proof")
                        .to_bytes();
                    if malformed.binary_search(&i).is_ok() {
                        use ark_serialize::CanonicalSerialize;
                        let mut enc = Vec::new();
                        off_g2(i, p.b)
                            .serialize_compressed(&mut enc)
                            .expect("encode");
                        bytes[66..130].copy_from_slice(&enc);
                    }
                    (st.to_bytes(), bytes)
                })
                .collect();
            let refs: Vec<(&[u8], &[u8])> = encoded
                .iter()
                .map(|(s, p)| (s.as_slice(), p.as_slice()))
                .collect();
            let exact = AtomicBool::new(true);
            let (t, baseline) = paired(&|| {
                let r = verifier.verify_batch_bytes(&refs, ContextRule::Any);
                let got_malformed: Vec<usize> = r
                    .invalid
                    .iter()
                    .filter(|x| matches!(x.reason, Rejection::Malformed(_)))
                    .map(|x| x.index)
                    .collect();
                let got_failed: Vec<usize> = r
                    .invalid
                    .iter()
                    .filter(|x| x.reason == Rejection::PairingCheckFailed)
                    .map(|x| x.index)
                    .collect();
                if got_malformed != malformed
                    || got_failed != bad_c
                    || r.invalid.len() != outside + bad_c.len()
                {
                    exact.store(false, Ordering::Relaxed);
                }
            });
            let exact = exact.load(Ordering::Relaxed);
            worst = worst.max(t / baseline);
            baselines.push(baseline);
            println!(
                "| {label} | {outside} | {} | {t:.3} | {baseline:.3} | {:.2} | {} |",
                bad_c.len(),
                t / baseline,
                if exact { "yes" } else { "NO" }
            );
            assert!(exact, "rejections differ from the faults");
        }
    }
    println!();
    println!("worst case: {worst:.2}× verifying every item singly");
    let (lo, hi) = baselines.iter().fold((f64::INFINITY, 0f64), |(lo, hi), b| {
        (lo.min(*b), hi.max(*b))
    });
    println!("singly: {lo:.3}–{hi:.3} s across the cases (the machine's drift)");

    // Peak memory of one 65,536-item batch on all threads: the items (1,024 proofs repeated), then the
    // verifier's extra peak above them: the largest VmRSS (from /proc/self/status, sampled every
    // millisecond by a watcher thread) minus VmRSS before the call.
    let big: Vec<(Statement, Proof)> = valid.iter().cycle().take(64 * N).cloned().collect();
    println!();
    println!("| backend | items | extra peak memory (MiB) | time (s) |");
    println!("|---|---:|---:|---:|");
    for backend in [MillerBackend::Auto, MillerBackend::Scalar] {
        if backend == MillerBackend::Auto && !backend.uses_vector_loop() {
            continue;
        }
        let verifier = Verifier::new([vk.clone()]).with_backend(backend);
        let before = status_kib("VmRSS:");
        let done = AtomicBool::new(false);
        let (secs, peak) = std::thread::scope(|s| {
            let watcher = s.spawn(|| {
                let mut peak = 0;
                while !done.load(Ordering::Relaxed) {
                    peak = peak.max(status_kib("VmRSS:"));
                    std::thread::sleep(std::time::Duration::from_millis(1));
                }
                peak
            });
            let t = Instant::now();
            assert!(verifier.verify_batch(&big, ContextRule::Any).all_valid());
            let secs = t.elapsed().as_secs_f64();
            done.store(true, Ordering::Relaxed);
            (secs, watcher.join().unwrap_or(0))
        });
        println!(
            "| {} | {} | {:.1} | {secs:.2} |",
            if backend.uses_vector_loop() {
                "vector"
            } else {
                "scalar"
            },
            big.len(),
            peak.saturating_sub(before) as f64 / 1024.0
        );
    }
}

/// A field of /proc/self/status in KiB (0 where there is no /proc).
fn status_kib(field: &str) -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with(field))
                .and_then(|l| l.split_whitespace().nth(1).and_then(|v| v.parse().ok()))
        })
        .unwrap_or(0)
}
