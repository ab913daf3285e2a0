//! `par`: parallel radix sort on rayon — one most-significant-digit pass, then least-significant
//! -digit passes inside each bucket, buckets in parallel.
//!
//! Plain LSD radix sort streams the whole array through memory once per digit; in parallel each
//! of those passes would need a barrier and a global prefix sum. Here only the first pass is
//! global, the same MSD-then-LSD split [`super::radix`] makes for large inputs (TAOCP vol. 3
//! §5.2.5 discusses both digit orders):
//!
//! 1. **Survey**, in parallel: the input is cut into a few chunks per thread; the AND and the
//!    OR of all keys tell which bits vary and so the most significant varying digit, `top`;
//!    then each chunk counts its keys' values of that digit.
//! 2. **Distribute** by `top`, in parallel: prefix sums over (bucket, chunk) give every chunk
//!    its own cursor in every bucket, so the chunks scatter into the scratch buffer without
//!    sharing a write position — the classic parallel counting sort (Zagha & Blelloch, "Radix
//!    sort for vector multiprocessors", 1991).
//! 3. **Sort each bucket**, buckets in parallel on rayon's work-stealing pool: a bucket holds
//!    about `n / 256` keys, small enough to stay in cache for its LSD passes (one counting read,
//!    constant digits skipped, as in [`super::radix`]), which ping-pong between the bucket's
//!    range of the scratch buffer and the same range of the input, where the result ends.
//!
//! Inputs below [`SERIAL_BELOW`] keys are sorted by the single-threaded [`super::radix`]: the
//! fork-join cost would exceed the work. Keys concentrated in one bucket (few distinct top
//! digits) leave step 3 with little parallelism; the result is still exact.

use alloc::vec::Vec;

use rayon::prelude::*;

use super::radix::{
    self, and_or, assume_init, buckets, counts, scatter, sort_bucket, starts, top_digit,
    with_scratch, BUCKETS,
};

/// Inputs shorter than this are sorted on the calling thread. Measured on two cores: at 2^16
/// keys the 256 buckets hold 256 keys each and their fixed cost (8 × 256 counters each) eats
/// the second core's gain; from 2^17 on the split pays.
pub const SERIAL_BELOW: usize = 1 << 17;

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
    let (and, or) = v
        .par_chunks(chunk)
        .map(and_or)
        .reduce(|| (!0, 0), |(a1, o1), (a2, o2)| (a1 & a2, o1 | o2));
    let Some(top) = top_digit(and ^ or) else {
        return; // every key is equal
    };
    let parts: Vec<[usize; BUCKETS]> = v.par_chunks(chunk).map(|c| counts(c, top)).collect();
    let mut total = [0; BUCKETS];
    for part in &parts {
        for (t, &c) in total.iter_mut().zip(part) {
            *t += c;
        }
    }

    with_scratch(n, |scratch| {
        distribute(v, scratch, chunk, top, &parts, &total);
        // SAFETY: `distribute` wrote all `n` slots (the cursors cover `0..n`, each slot once).
        let scratch = unsafe { assume_init(scratch) };
        buckets(scratch, v, &total)
            .into_par_iter()
            .for_each(|(bucket, out)| sort_bucket(bucket, out));
    });
}

/// Scatters the chunks of `keys` in parallel into `out` by digit `top`, given each chunk's
/// counts of that digit and their sum.
fn distribute(
    keys: &[u64],
    out: &mut [core::mem::MaybeUninit<u64>],
    chunk: usize,
    top: usize,
    parts: &[[usize; BUCKETS]],
    total: &[usize; BUCKETS],
) {
    // Chunk c's cursor in bucket k: the bucket's start plus the keys of bucket k in chunks < c.
    let mut cursors: Vec<[usize; BUCKETS]> = Vec::with_capacity(parts.len());
    let mut next = starts(total);
    for part in parts {
        cursors.push(next);
        for (cursor, &count) in next.iter_mut().zip(part) {
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
