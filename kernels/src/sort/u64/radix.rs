//! `radix`: least-significant-digit radix sort with one counting pass and trivial passes skipped.
//!
//! The method is Knuth's radix sorting (TAOCP vol. 3 §5.2.5; each pass is a distribution
//! counting sort, §5.2 Algorithm D, by one digit, least significant digit first): each pass
//! distributes the keys stably by one digit into a second array, so after the pass on the most
//! significant digit they are sorted. The digits are 8 bits (256 buckets, 8 passes); 11-bit
//! digits (6 passes of 2048 buckets) were measured too and lost on large inputs (1 M keys:
//! 15.8 ms against 10.2 ms), their 2048 write streams thrashing the caches.
//!
//! Refinements, all standard in practical radix sorts (Terdiman, "Radix Sort Revisited", 2000;
//! Herf, "Radix Tricks", 2001):
//! - **One counting pass.** The histograms of all eight digits are counted in a single read of
//!   the input, and turned into bucket starts in one interleaved prefix-sum loop, so every pass
//!   after that is a pure scatter: read a key, write it at its bucket's cursor.
//! - **Trivial passes skipped.** The same read folds the AND and the OR of all keys; a digit
//!   whose bits agree in both is the same in every key, its pass would copy the array
//!   unchanged, so it is skipped. Keys that vary only in a few bytes (small integers, shifted
//!   values) sort in as many passes as bytes vary.
//! - **Ping-pong.** The passes alternate between the input and one scratch buffer of the same
//!   length, left uninitialised (the first pass writes every slot); after an odd number of
//!   passes the result is copied back. With `std` each thread keeps its scratch buffer for the
//!   next call (up to 32 MiB): fresh pages fault on first write, a quarter of the time of a
//!   million-key sort.
//! - **Short inputs** (below [`INSERTION_BELOW`] keys) go to straight insertion: the histograms'
//!   fixed cost (zeroing and prefix sums of 8 × 256 counters) outweighs their gain there.
//!
//! One departure for inputs that outgrow the caches ([`BUCKETED_FROM`] keys and up): eight
//! passes over an array far larger than L2 each stream it through memory, so the first pass is
//! by the *most* significant varying digit instead, cutting the input into 256 buckets of a few
//! thousand keys, and each bucket is then LSD-sorted as above while it sits in L2
//! (`sort_bucketed`). The result is the same; the remaining passes run from cache.

#[cfg(not(feature = "std"))]
use alloc::boxed::Box;
use alloc::vec::Vec;
#[cfg(feature = "std")]
use core::cell::Cell;
use core::mem::MaybeUninit;

use super::small::insertion_sort;

/// Bits per digit.
pub(crate) const BITS: u32 = 8;
/// Buckets per digit.
pub(crate) const BUCKETS: usize = 1 << BITS;
/// Digits per key.
pub(crate) const DIGITS: usize = u64::BITS.div_ceil(BITS) as usize;
/// Inputs shorter than this go to insertion sort (measured crossover, rounded).
pub const INSERTION_BELOW: usize = 128;
/// Inputs from this many keys up are first cut into cache-sized buckets (measured crossover:
/// 2^18 keys and their scratch copy fill 4 MiB, beyond L2).
pub const BUCKETED_FROM: usize = 1 << 18;

/// Sorts `v` ascending.
///
/// # Safety
///
/// None beyond the types: any slice is valid.
pub unsafe fn radix(v: &mut [u64]) {
    sort(v);
}

/// The variant as safe code.
pub fn sort(v: &mut [u64]) {
    if v.len() < INSERTION_BELOW {
        insertion_sort(v);
    } else if v.len() < BUCKETED_FROM {
        sort_lsd(v);
    } else {
        sort_bucketed(v);
    }
}

/// LSD radix sort of the whole input.
fn sort_lsd(v: &mut [u64]) {
    let n = v.len();
    let mut cursors = Histograms::of(v).into_cursors();
    with_scratch(n, |scratch| {
        let (keys, spare) = (v.as_mut_ptr(), scratch.as_mut_ptr().cast::<u64>());
        // SAFETY: `keys` holds the `n` initialised keys `cursors` was made from; `spare` is a
        // separate buffer of `n` slots; `v` is not used again until `lsd` returns.
        let in_spare = unsafe { lsd(keys, spare, n, &mut cursors) };
        if in_spare {
            // SAFETY: `lsd` left all `n` keys, initialised, in `spare`; the two do not overlap.
            unsafe { core::ptr::copy_nonoverlapping(spare, keys, n) };
        }
    });
}

/// One distribution pass by the most significant varying digit, then LSD radix sort inside
/// each bucket.
fn sort_bucketed(v: &mut [u64]) {
    let (and, or) = and_or(v);
    let Some(top) = top_digit(and ^ or) else {
        return; // every key is equal
    };
    let counts = counts(v, top);
    let n = v.len();
    with_scratch(n, |scratch| {
        let mut cursors = starts(&counts);
        let out = scratch.as_mut_ptr().cast();
        // SAFETY: the cursors are the prefix sums of `v`'s counts of digit `top`, so bucket
        // `k`'s slots are its own and all lie in `scratch`'s `n`, a buffer apart from `v`.
        unsafe { scatter(v.as_ptr(), out, n, top, &mut cursors) };
        // SAFETY: the scatter wrote all `n` slots.
        let scratch = unsafe { assume_init(scratch) };
        for (bucket, out) in buckets(scratch, v, &counts) {
            sort_bucket(bucket, out);
        }
    });
}

/// Largest scratch buffer, in keys, a thread keeps for its next sort (32 MiB).
#[cfg(feature = "std")]
const KEEP_SCRATCH_UP_TO: usize = 1 << 22;

/// Runs `f` on an uninitialised buffer of `n` keys.
///
/// With `std`, each thread keeps its buffer (up to [`KEEP_SCRATCH_UP_TO`] keys) for its next
/// sort: a fresh allocation of megabytes comes from the kernel as untouched pages, and the first
/// write to each 4 KiB page faults — measured at a quarter of a million-key sort here. Without
/// `std` every call allocates.
pub(crate) fn with_scratch<R>(n: usize, f: impl FnOnce(&mut [MaybeUninit<u64>]) -> R) -> R {
    #[cfg(feature = "std")]
    {
        std::thread_local! {
            static SCRATCH: Cell<Vec<u64>> = const { Cell::new(Vec::new()) };
        }
        // Taken out while in use, so a nested call (none today) would just allocate its own.
        let mut buffer = SCRATCH.try_with(Cell::take).unwrap_or_default();
        buffer.clear();
        buffer.reserve(n);
        let result = f(&mut buffer.spare_capacity_mut()[..n]);
        if buffer.capacity() <= KEEP_SCRATCH_UP_TO {
            // A thread being torn down keeps nothing: the buffer is then just dropped.
            let _ = SCRATCH.try_with(|s| s.set(buffer));
        }
        result
    }
    #[cfg(not(feature = "std"))]
    {
        f(&mut Box::<[u64]>::new_uninit_slice(n))
    }
}

/// `scratch` as initialised keys.
///
/// # Safety
///
/// Every element of `scratch` has been written.
pub(crate) unsafe fn assume_init(scratch: &mut [MaybeUninit<u64>]) -> &mut [u64] {
    // SAFETY: `MaybeUninit<u64>` has the layout of `u64`, and the caller guarantees every
    // element is initialised; the borrow is carried over.
    unsafe { &mut *(scratch as *mut [MaybeUninit<u64>] as *mut [u64]) }
}

/// The AND and the OR of all keys of `v`: a bit set in one and clear in the other varies.
pub(crate) fn and_or(v: &[u64]) -> (u64, u64) {
    v.iter().fold((!0, 0), |(and, or), &k| (and & k, or | k))
}

/// The most significant digit in which some keys differ, given the bits that vary.
pub(crate) fn top_digit(varying: u64) -> Option<usize> {
    (varying != 0).then(|| (u64::BITS - 1 - varying.leading_zeros()) as usize / BITS as usize)
}

/// The counts of digit `d` alone.
pub(crate) fn counts(v: &[u64], d: usize) -> [usize; BUCKETS] {
    let mut counts = [0; BUCKETS];
    for &key in v {
        counts[digit(key, d)] += 1;
    }
    counts
}

/// The exclusive prefix sums of `counts`: where each bucket starts.
pub(crate) fn starts(counts: &[usize; BUCKETS]) -> [usize; BUCKETS] {
    let mut starts = [0; BUCKETS];
    let mut sum = 0;
    for (s, &c) in starts.iter_mut().zip(counts) {
        *s = sum;
        sum += c;
    }
    starts
}

/// The non-empty buckets of `scratch` (`counts` keys each, in order) paired with the same
/// ranges of `keys`.
pub(crate) fn buckets<'a>(
    scratch: &'a mut [u64],
    keys: &'a mut [u64],
    counts: &[usize; BUCKETS],
) -> Vec<(&'a mut [u64], &'a mut [u64])> {
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
}

/// Sorts the keys of `bucket` into `out` (of the same length), using `bucket` as scratch.
pub(crate) fn sort_bucket(bucket: &mut [u64], out: &mut [u64]) {
    let m = bucket.len();
    if m < INSERTION_BELOW {
        out.copy_from_slice(bucket);
        insertion_sort(out);
        return;
    }
    let mut cursors = Histograms::of(bucket).into_cursors();
    // SAFETY: `bucket` holds the `m` initialised keys `cursors` was made from; `out` is a
    // separate slice of `m` slots; neither is touched by anything else until `lsd` returns.
    let in_out = unsafe { lsd(bucket.as_mut_ptr(), out.as_mut_ptr(), m, &mut cursors) };
    if !in_out {
        out.copy_from_slice(bucket);
    }
}

/// The counts of every digit value, for every digit of the keys, and which bits vary.
struct Histograms {
    /// `counts[d][k]`: how many keys have digit `d` equal to `k`.
    counts: [[usize; BUCKETS]; DIGITS],
    /// Bits set in some keys and clear in others.
    varying: u64,
}

impl Histograms {
    /// The histograms of `v`, in one read.
    fn of(v: &[u64]) -> Histograms {
        let mut counts = [[0; BUCKETS]; DIGITS];
        let (mut and, mut or) = (!0, 0);
        for &key in v {
            for (d, counts) in counts.iter_mut().enumerate() {
                counts[digit(key, d)] += 1;
            }
            and &= key;
            or |= key;
        }
        Histograms {
            counts,
            varying: and ^ or,
        }
    }

    /// The bucket starts of every digit: exclusive prefix sums, all digits in one loop so the
    /// eight running sums are independent chains.
    fn into_cursors(self) -> Cursors {
        let Histograms {
            counts: mut starts,
            varying,
        } = self;
        let mut sums = [0; DIGITS];
        for k in 0..BUCKETS {
            for (digit, sum) in starts.iter_mut().zip(&mut sums) {
                let count = digit[k];
                digit[k] = *sum;
                *sum += count;
            }
        }
        Cursors { starts, varying }
    }
}

/// Every digit's bucket starts, advanced by the passes as they write.
pub(crate) struct Cursors {
    starts: [[usize; BUCKETS]; DIGITS],
    varying: u64,
}

/// Digit `d` of `key` (digit 0 least significant).
#[inline(always)]
pub(crate) fn digit(key: u64, d: usize) -> usize {
    ((key >> (d as u32 * BITS)) as usize) & (BUCKETS - 1)
}

/// Runs the passes of the digits that vary, least significant first, moving the keys back and
/// forth between `a` and `b`; returns whether they ended in `b`.
///
/// # Safety
///
/// `a` holds the `n` initialised keys `cursors` was made from; `b` is valid for reads and writes
/// of `n` keys (it may start uninitialised) and overlaps nothing of `a`; nothing else accesses
/// either while this runs.
unsafe fn lsd(a: *mut u64, b: *mut u64, n: usize, cursors: &mut Cursors) -> bool {
    let (mut src, mut dst) = (a, b);
    for (d, starts) in cursors.starts.iter_mut().enumerate() {
        if digit(cursors.varying, d) == 0 {
            continue; // the same in every key
        }
        // SAFETY: `src` holds the `n` keys (initially `a`, then each pass's output, written in
        // full); `starts` are the bucket starts of this digit of exactly those keys (passes only
        // permute them); `dst` is the other buffer, valid for `n` writes.
        unsafe { scatter(src, dst, n, d, starts) };
        core::mem::swap(&mut src, &mut dst);
    }
    src == b
}

/// One distribution pass: each key of `src`, in order, written at its digit's cursor in `dst`.
///
/// # Safety
///
/// `src` holds `n` initialised keys. For every bucket `k`, with `c` the number of keys of `src`
/// whose digit `d` is `k`, `dst` is valid for writes at `cursors[k]..cursors[k] + c`, and those
/// slots overlap neither `src` nor another bucket's, nor does anything else access them
/// meanwhile. (For a whole array, `cursors` are the prefix sums of the counts.)
#[inline(always)]
pub(crate) unsafe fn scatter(
    src: *const u64,
    dst: *mut u64,
    n: usize,
    d: usize,
    cursors: &mut [usize; BUCKETS],
) {
    for i in 0..n {
        // SAFETY: `i < n` and `src` holds `n` keys.
        let key = unsafe { *src.add(i) };
        let cursor = &mut cursors[digit(key, d)];
        // SAFETY: the cursor of a bucket with `c` keys moves from its start up to `start + c`
        // exclusive, slots the caller gave this bucket alone.
        unsafe { dst.add(*cursor).write(key) };
        *cursor += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn constant_digits_are_skipped() {
        let v: Vec<u64> = (0..100u64).map(|i| (i % 7) << 16 | 0xAB00_0000).collect();
        let varying = Histograms::of(&v).varying;
        let varies: Vec<usize> = (0..DIGITS).filter(|&d| digit(varying, d) != 0).collect();
        assert_eq!(varies, [2]);
        assert_eq!(top_digit(varying), Some(2));
        assert_eq!(top_digit(0), None);
    }

    #[test]
    fn cursors_are_prefix_sums() {
        let v = [0x0201, 0x0101, 0x0102, 0x0300];
        let cursors = Histograms::of(&v).into_cursors();
        assert_eq!(cursors.starts[0][..3], [0, 1, 3]);
        assert_eq!(cursors.starts[1][..4], [0, 0, 2, 3]);
    }
}
