//! Timing candidates side by side, shared by the benches that compare variants or hashers: on a
//! shared machine a burst of load then lands on one sample of every candidate rather than on all
//! the samples of one.

use std::time::{Duration, Instant};

use arsenal::harness::Rng;

/// Median seconds per call of each of `n` candidates (`call(i)` runs candidate `i` once): each
/// candidate's sample is as many back-to-back calls as fill about `sample` (counted on its first
/// calls), and each of `rounds` rounds takes one sample of every candidate, in an order `rng`
/// shuffles anew.
pub fn median_seconds(
    n: usize,
    rounds: usize,
    sample: Duration,
    rng: &mut Rng,
    mut call: impl FnMut(usize),
) -> Vec<f64> {
    let calls: Vec<u64> = (0..n)
        .map(|i| {
            let start = Instant::now();
            let mut calls = 0;
            while start.elapsed() < sample / 4 {
                call(i);
                calls += 1;
            }
            (calls * 4).max(1)
        })
        .collect();
    let mut samples = vec![Vec::with_capacity(rounds); n];
    let mut order: Vec<usize> = (0..n).collect();
    for _ in 0..rounds {
        for i in (1..order.len()).rev() {
            order.swap(i, rng.below(i + 1));
        }
        for &i in &order {
            let start = Instant::now();
            for _ in 0..calls[i] {
                call(i);
            }
            samples[i].push(start.elapsed().as_secs_f64() / calls[i] as f64);
        }
    }
    samples
        .into_iter()
        .map(|mut s| {
            s.sort_by(f64::total_cmp);
            s[s.len() / 2]
        })
        .collect()
}
