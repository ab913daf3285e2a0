//! `par`: parallel radix sort on rayon — one most-significant-digit pass, then least-significant
//! -digit passes inside each bucket, buckets in parallel.
//!
//! Plain LSD radix sort ([`super::radix`]) streams the whole array through memory once per
//! digit; in parallel each of those passes would need a barrier and a global prefix sum. Here
//! only the first pass is global (the MSD/LSD hybrid; TAOCP vol. 3 §5.2.5 discusses both digit
//! orders):
//!
//! 1. **Count**, in parallel: the input is cut into a few chunks per thread and each chunk's
//!    histograms of every digit are counted in one read; summed, they tell which digits are
//!    trivial (the same in every key) and which is the most significant digit that is not.
//! 2. **Distribute** by that digit, in parallel: prefix sums over (bucket, chunk) give every
//!    chunk its own cursor in every bucket, so the chunks scatter into the scratch buffer
//!    without sharing a write position — the classic parallel counting sort (Zagha & Blelloch,
//!    "Radix sort for vector multiprocessors", 1991).
//! 3. **Sort each bucket**, buckets in parallel on rayon's work-stealing pool: a bucket holds
//!    about `n / 256` keys, small enough to stay in cache for its remaining LSD passes
//!    ([`super::radix::lsd`], trivial digits skipped), which ping-pong between the bucket's
//!    range of the scratch buffer and the same range of the input, where the result ends.
//!
//! Inputs below [`SERIAL_BELOW`] keys are sorted by the single-threaded [`super::radix`]: the
//! fork-join cost would exceed the work.

use alloc::boxed::Box;
use alloc::vec::Vec;

use rayon::prelude::*;

use super::radix::{self, digit, lsd, scatter, Histograms, BUCKETS, DIGITS, INSERTION_BELOW};
use super::small::insertion_sort;

/// Inputs shorter than this are sorted on the calling thread (measured crossover, rounded).
pub const SERIAL_BELOW: usize = 1 << 16;

/// Chunks per thread in the counting and distribution passes, for load balance.
const CHUNKS_PER_THREAD: usize = 4;

/// Sorts `v` ascending, spreading the work over rayon's global pool.
///
/// # Safety
///
/// None beyond the types: any slice is valid.
pub unsafe fn par(v: &mut [u64]) {
    sort(v);
}

/// A raw pointer the distribution tasks share: each writes only its own slots.
#[derive(Clone, Copy)]
struct SharedOut(*mut u64);
// SAFETY: the tasks holding a copy write disjoint slots (see `distribute`), never read.
unsafe impl Send for SharedOut {}
// SAFETY: as above.
unsafe impl Sync for SharedOut {}

/// The variant as safe code.
pub fn sort(v: &mut [u64]) {
    let n = v.len();
    if n < SERIAL_BELOW {
        radix::sort(v);
        return;
    }
    let chunk = n.div_ceil(rayon::current_num_threads() * CHUNKS_PER_THREAD);
    let parts: Vec<Histograms> = v.par_chunks(chunk).map(Histograms::of).collect();
    let mut total = Histograms::zero();
    for part in &parts {
        total.add(part);
    }
    let Some(top) = (0..DIGITS).rev().find(|&d| !total.is_trivial(d, n)) else {
        return; // every key is equal
    };

    let mut scratch = Box::<[u64]>::new_uninit_slice(n);
    distribute(v, &mut scratch, chunk, top, &parts, &total);
    // SAFETY: `distribute` wrote all `n` slots (the cursors cover `0..n`, each slot once).
    let mut scratch = unsafe { scratch.assume_init() };
    sort_buckets(&mut scratch, v, &total.0[top], top);
}

/// Scatters the chunks of `keys` in parallel into `out` by digit `top`.
fn distribute(
    keys: &[u64],
    out: &mut [core::mem::MaybeUninit<u64>],
    chunk: usize,
    top: usize,
    parts: &[Histograms],
    total: &Histograms,
) {
    // Chunk c's cursor in bucket k: the bucket's start plus the keys of bucket k in chunks < c.
    let mut cursors: Vec<[usize; BUCKETS]> = Vec::with_capacity(parts.len());
    let mut next = total.starts(top);
    for part in parts {
        cursors.push(next);
        for (cursor, &count) in next.iter_mut().zip(&part.0[top]) {
            *cursor += count;
        }
    }
    let out = SharedOut(out.as_mut_ptr().cast());
    keys.par_chunks(chunk)
        .zip(cursors.par_iter_mut())
        .for_each(move |(keys, cursors)| {
            let out = out;
            // SAFETY: `cursors[k]` starts where chunk c's keys of bucket k go in `out` (`n`
            // slots): after the earlier chunks' keys of that bucket, before the later chunks'.
            // The chunks' ranges are disjoint, so no slot is written twice or by two tasks.
            unsafe { scatter(keys.as_ptr(), out.0, keys.len(), top, cursors) };
        });
}

/// Sorts every bucket of `scratch` (split by digit `top`, `counts` keys each) by its digits
/// below `top`, in parallel, leaving the result in the same range of `keys`.
fn sort_buckets(scratch: &mut [u64], keys: &mut [u64], counts: &[usize; BUCKETS], top: usize) {
    let mut buckets = Vec::with_capacity(BUCKETS);
    let (mut rest_in, mut rest_out) = (scratch, keys);
    for &count in counts {
        let (bucket_in, tail_in) = rest_in.split_at_mut(count);
        let (bucket_out, tail_out) = rest_out.split_at_mut(count);
        if count > 0 {
            buckets.push((bucket_in, bucket_out));
        }
        (rest_in, rest_out) = (tail_in, tail_out);
    }
    buckets
        .into_par_iter()
        .for_each(|(bucket, out)| sort_bucket(bucket, out, top));
}

/// Sorts `bucket` (all of whose keys agree from digit `top` up) into `out`, using `bucket` as
/// scratch.
fn sort_bucket(bucket: &mut [u64], out: &mut [u64], top: usize) {
    let m = bucket.len();
    debug_assert!(m == 0 || digit(bucket[0], top) == digit(bucket[m - 1], top));
    if m < INSERTION_BELOW {
        out.copy_from_slice(bucket);
        insertion_sort(out);
        return;
    }
    let hist = Histograms::of(bucket);
    // SAFETY: `bucket` holds `m` initialised keys counted by `hist`; `out` is a separate slice
    // of `m` slots; neither is touched by anything else until `lsd` returns.
    let in_out = unsafe { lsd(bucket.as_mut_ptr(), out.as_mut_ptr(), m, &hist, 0..top) };
    if !in_out {
        out.copy_from_slice(bucket);
    }
}
