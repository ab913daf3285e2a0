//! `par`: parallel MSD radix sort on rayon — one distribution pass by the most significant
//! varying digit, shared by all threads, then the buckets sorted in parallel by [`super::msd`].
//!
//! 1. **Survey**, in parallel: the input is cut into a few chunks per thread; each chunk counts
//!    its keys' values of the top 8-bit digit and folds their AND and OR. If every key falls in
//!    one bucket, the AND and OR say where the top varying bit is, and the chunks count again
//!    by the 8 bits from there (as [`super::msd`] does for one thread).
//! 2. **Distribute**, in parallel: prefix sums over (bucket, chunk) give every chunk its own
//!    cursor in every bucket, so the chunks scatter into the scratch buffer without sharing a
//!    write position — the classic parallel counting sort (Zagha & Blelloch, "Radix sort for
//!    vector multiprocessors", 1991).
//! 3. **Sort each bucket**, buckets in parallel on rayon's work-stealing pool, with
//!    [`super::msd`]'s recursion: a bucket holds about `n / 256` keys, small enough to stay in
//!    cache while its digits are distributed back and forth between its range of the scratch
//!    buffer and the same range of the input, where the result ends.
//!
//! Inputs below [`SERIAL_BELOW`] keys, and every input when rayon's pool has one thread, are
//! sorted by the single-threaded [`super::msd`] on the calling thread: the fork-join cost would
//! exceed the work (with `RAYON_NUM_THREADS=1` the parallel path took 10.5 ms for a million keys
//! against 8.2 for `msd`). Keys concentrated in one bucket (few distinct top
//! digits) leave step 3 with little parallelism; the result is still exact.
//!
//! Until [`super::msd`] existed, step 3 was the LSD radix sort of [`super::radix`] per bucket
//! and the digits were byte-aligned; at a million random keys on two threads the whole sort
//! now takes a little over half the time (4.5–5.7 ms against 7.7–10.9 ms, runs alternated).

use alloc::vec::Vec;

use rayon::prelude::*;

use super::msd::{
    self, digit_bits, for_each_bucket, next_shift, scatter, sort_bucket, splits, starts, survey,
    Digit, MAX_BUCKETS,
};
use super::radix::{assume_init, with_scratch};

/// Inputs shorter than this are sorted on the calling thread. Measured on two cores against
/// `msd` alone: even at 49 152 keys (the fork-join and the second core's cold caches eat the
/// gain), 25 % faster at 65 536, a third at 131 072.
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

/// One chunk's counts of a digit, and the AND and OR of its keys.
struct Part {
    counts: [usize; MAX_BUCKETS],
    and: u64,
    or: u64,
}

/// The variant as safe code.
pub fn sort(v: &mut [u64]) {
    let n = v.len();
    let threads = rayon::current_num_threads();
    if n < SERIAL_BELOW || threads == 1 {
        msd::sort(v);
        return;
    }
    let chunk = n.div_ceil(threads * CHUNKS_PER_THREAD);
    let bits = digit_bits(n);
    let mut digit = Digit::below(u64::BITS, bits);
    let (parts, ends) = loop {
        let parts: Vec<Part> = v
            .par_chunks(chunk)
            .map(|keys| {
                let mut counts = [0; MAX_BUCKETS];
                let (and, or) = survey(keys, digit, None, &mut counts);
                Part { counts, and, or }
            })
            .collect();
        let mut total = [0; MAX_BUCKETS];
        let (mut and, mut or) = (!0, 0);
        for part in &parts {
            for (t, &c) in total.iter_mut().zip(&part.counts[..digit.buckets()]) {
                *t += c;
            }
            (and, or) = (and & part.and, or | part.or);
        }
        if splits(&total[..digit.buckets()], n) {
            break (parts, total);
        }
        let Some(shift) = next_shift(and, or, digit) else {
            return; // every key is equal
        };
        digit = Digit::below(shift, bits);
    };

    with_scratch(n, |scratch| {
        let mut ends = ends;
        let ends = &mut ends[..digit.buckets()];
        distribute(v, scratch, chunk, digit, &parts, ends);
        // SAFETY: `distribute` wrote all `n` slots (the cursors cover `0..n`, each slot once).
        let scratch = unsafe { assume_init(scratch) };
        let mut buckets = Vec::with_capacity(ends.len());
        for_each_bucket(scratch, v, ends, |bucket, out| buckets.push((bucket, out)));
        buckets
            .into_par_iter()
            .for_each(|(bucket, out)| sort_bucket(bucket, out, digit.low));
    });
}

/// Scatters the chunks of `keys` in parallel into `out` by `digit`, given each chunk's counts
/// and their sums, `totals`, which it turns into the buckets' ends.
fn distribute(
    keys: &[u64],
    out: &mut [core::mem::MaybeUninit<u64>],
    chunk: usize,
    digit: Digit,
    parts: &[Part],
    totals: &mut [usize],
) {
    // Chunk c's cursor in bucket k: the bucket's start plus the keys of bucket k in chunks < c.
    starts(totals);
    let mut cursors: Vec<[usize; MAX_BUCKETS]> = Vec::with_capacity(parts.len());
    let mut next = [0; MAX_BUCKETS];
    next[..totals.len()].copy_from_slice(totals);
    for part in parts {
        cursors.push(next);
        for (cursor, &count) in next.iter_mut().zip(&part.counts[..totals.len()]) {
            *cursor += count;
        }
    }
    totals.copy_from_slice(&next[..totals.len()]);
    let out = SharedOut(out.as_mut_ptr().cast());
    keys.par_chunks(chunk)
        .zip(cursors.par_iter_mut())
        .for_each(move |(keys, cursors)| {
            let out = out;
            // SAFETY: `cursors[k]` starts where chunk c's keys of bucket k go in `out` (`n`
            // slots): after the earlier chunks' keys of that bucket, before the later chunks'.
            // The chunks' ranges are disjoint, so no slot is written twice or by two tasks.
            unsafe { scatter(keys.as_ptr(), out.0, keys.len(), digit, cursors) };
        });
}
