//! The cost of dispatch at 16-byte inputs, each pair timed interleaved:
//! - the hard-wired entry (the fixture wires `scalar` below 64 bytes) against a direct call of
//!   that variant: the ratio should be 1.00;
//! - the runtime-dispatch entry against a direct call of the variant it dispatches to: the
//!   difference is the runtime dispatch's cost per call.
//!
//! A shared machine runs in spells of a few hundred milliseconds to seconds in which every call
//! is slower (up to 2× here); timed one after the other for seconds each, as a criterion group
//! does, two figures land in different spells and their ratio moves by more than the 2 % this
//! bench is for. So each pair is timed in alternating batches of a few microseconds, the first of
//! a pair taking turns, and each figure is the median over the pairs of the pair's ratio (or
//! difference), with its distribution-free 95 % interval. `ci/dispatch-cost.sh` runs this in
//! several processes.

use std::hint::black_box;
use std::time::Instant;

use arsenal::search::memchr::{scalar, Memchr};
use arsenal::Op;

/// Calls per timed batch: about 10 µs at 16 bytes, so a pair of batches sits inside one spell.
const CALLS: u32 = 1000;
/// Pairs of batches per figure (with the warm-up, about 0.1 s each).
const PAIRS: usize = 4000;

/// Nanoseconds per call of `f` over one batch.
fn batch(f: &mut impl FnMut()) -> f64 {
    let start = Instant::now();
    for _ in 0..CALLS {
        f();
    }
    start.elapsed().as_nanos() as f64 / f64::from(CALLS)
}

/// Per pair, ns per call of `a` and of `b`, timed back to back, the first of a pair alternating.
fn interleaved(mut a: impl FnMut(), mut b: impl FnMut()) -> Vec<(f64, f64)> {
    for _ in 0..PAIRS / 10 {
        batch(&mut a);
        batch(&mut b);
    }
    (0..PAIRS)
        .map(|i| {
            if i % 2 == 0 {
                let ta = batch(&mut a);
                (ta, batch(&mut b))
            } else {
                let tb = batch(&mut b);
                (batch(&mut a), tb)
            }
        })
        .collect()
}

/// The median of `values` with its distribution-free 95 % interval: the order statistics at
/// ranks `n/2 ∓ 0.98·√n`.
fn median_interval(mut values: Vec<f64>) -> (f64, f64, f64) {
    values.sort_by(f64::total_cmp);
    let n = values.len();
    let half = 0.98 * (n as f64).sqrt();
    let low = ((n as f64 / 2.0 - half).floor() as usize).clamp(1, n);
    let high = ((n as f64 / 2.0 + half).ceil() as usize).clamp(low, n);
    (values[n / 2], values[low - 1], values[high - 1])
}

fn main() {
    let mut hay = [b'.'; 16];
    hay[15] = b'\n';
    assert_eq!(
        arsenal::selected("search.memchr", arsenal::Strategy::Throughput, 16)
            .unwrap()
            .variant,
        "scalar"
    );

    let pairs = interleaved(
        || {
            black_box(arsenal::search::memchr(b'\n', black_box(&hay)));
        },
        // SAFETY: scalar needs no CPU feature.
        || {
            black_box(unsafe { scalar::memchr(b'\n', black_box(&hay)) });
        },
    );
    let (wired, _, _) = median_interval(pairs.iter().map(|p| p.0).collect());
    let (direct, _, _) = median_interval(pairs.iter().map(|p| p.1).collect());
    let (ratio, low, high) = median_interval(pairs.iter().map(|(w, d)| w / d).collect());
    println!(
        "wired {wired:.2} ns, direct scalar {direct:.2} ns: wired / direct {ratio:.3} [{low:.3}, {high:.3}]"
    );

    let choice = Memchr::choose();
    let pairs = interleaved(
        || {
            black_box(arsenal::search::runtime_memchr(b'\n', black_box(&hay)));
        },
        || {
            black_box(choice.call(b'\n', black_box(&hay)));
        },
    );
    let (runtime, _, _) = median_interval(pairs.iter().map(|p| p.0).collect());
    let (direct, _, _) = median_interval(pairs.iter().map(|p| p.1).collect());
    let (extra, low, high) = median_interval(pairs.iter().map(|(r, d)| r - d).collect());
    println!(
        "runtime {runtime:.2} ns, direct {} {direct:.2} ns: runtime extra {extra:+.2} ns [{low:+.2}, {high:+.2}]",
        choice.name()
    );
}
