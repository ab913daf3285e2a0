//! `radix`: least-significant-digit radix sort with one counting pass and trivial passes skipped.
//!
//! The method is Knuth's radix sorting (TAOCP vol. 3 §5.2.5, "distribution counting" per digit,
//! least significant digit first): each pass distributes the keys by one digit into a second
//! array, stably, so after the pass on the most significant digit they are sorted. The digits
//! are 8 bits (256 buckets, 8 passes); 11-bit digits (6 passes of 2048 buckets) were measured and
//! were slower here: their counters and write streams no longer fit the L1 cache.
//!
//! Two refinements, both standard in practical radix sorts (e.g. Pierre Terdiman's "Radix Sort
//! Revisited", 2000; Herf, "Radix Tricks", 2001):
//! - **One counting pass.** The histograms of all eight digits are counted in a single read of
//!   the input, so every pass after that is a pure scatter: read key, write it at its bucket's
//!   cursor.
//! - **Trivial passes skipped.** A digit whose histogram has a single bucket holding every key
//!   is the same in all keys; its pass would copy the array unchanged, so it is skipped. Inputs
//!   whose keys vary only in a few bytes (small integers, shifted values) sort in fewer passes.
//!
//! The passes ping-pong between the input and one scratch buffer of the same length (left
//! uninitialised: the first pass writes every slot); if an odd number of passes ran, the result
//! is copied back. Below [`INSERTION_BELOW`] keys the fixed cost of the histograms outweighs
//! their gain and straight insertion sorts instead.

use alloc::boxed::Box;
use core::ops::Range;

use super::small::insertion_sort;

/// Bits per digit.
pub(crate) const BITS: u32 = 8;
/// Buckets per digit.
pub(crate) const BUCKETS: usize = 1 << BITS;
/// Digits per key.
pub(crate) const DIGITS: usize = u64::BITS.div_ceil(BITS) as usize;
/// Inputs shorter than this go to insertion sort (measured crossover, rounded).
pub(crate) const INSERTION_BELOW: usize = 64;

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

/// Inputs from this many keys up are first cut into cache-sized buckets.
pub const BUCKETED_FROM: usize = 1 << 18;

/// Plain LSD radix sort.
pub fn sort_lsd(v: &mut [u64]) {
    let hist = Histograms::of(v);
    sort_counted(v, &hist, 0..DIGITS);
}

/// The AND and the OR of all keys of `v`: the bits set in one and clear in the other vary.
pub(crate) fn and_or(v: &[u64]) -> (u64, u64) {
    v.iter().fold((!0, 0), |(and, or), &k| (and & k, or | k))
}

/// The most significant digit in which some keys differ, if any do.
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

/// One MSD pass, then LSD in each bucket.
pub fn sort_bucketed(v: &mut [u64]) {
    let (and, or) = and_or(v);
    let Some(top) = top_digit(and ^ or) else {
        return;
    };
    let counts = counts(v, top);
    let n = v.len();
    let mut scratch = Box::<[u64]>::new_uninit_slice(n);
    let mut cursors = starts(&counts);
    // SAFETY: the cursors are the prefix sums of `v`'s counts of digit `top`; `scratch` holds
    // `n` slots and is a separate allocation.
    unsafe { scatter(v.as_ptr(), scratch.as_mut_ptr().cast(), n, top, &mut cursors) };
    // SAFETY: the scatter wrote all `n` slots.
    let mut scratch = unsafe { scratch.assume_init() };
    for (bucket, out) in buckets(&mut scratch, v, &counts) {
        sort_bucket(bucket, out, top);
    }
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

/// The non-empty buckets of `scratch` (`counts` keys each) paired with the same ranges of
/// `keys`.
pub(crate) fn buckets<'a>(
    scratch: &'a mut [u64],
    keys: &'a mut [u64],
    counts: &[usize; BUCKETS],
) -> alloc::vec::Vec<(&'a mut [u64], &'a mut [u64])> {
    let mut buckets = alloc::vec::Vec::with_capacity(BUCKETS);
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

/// Sorts `bucket` (all of whose keys agree from digit `top` up) into `out`, using `bucket` as
/// scratch.
pub(crate) fn sort_bucket(bucket: &mut [u64], out: &mut [u64], top: usize) {
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

/// Sorts `v` by the digits in `digits` (the others being equal in every key), given its
/// histograms.
pub(crate) fn sort_counted(v: &mut [u64], hist: &Histograms, digits: Range<usize>) {
    let n = v.len();
    let mut scratch = Box::<[u64]>::new_uninit_slice(n);
    let (keys, spare) = (v.as_mut_ptr(), scratch.as_mut_ptr().cast::<u64>());
    // SAFETY: `keys` holds the `n` initialised keys `hist` counted; `spare` is a separate
    // allocation of `n` slots; `v` is not used again until `lsd` returns.
    let in_spare = unsafe { lsd(keys, spare, n, hist, digits) };
    if in_spare {
        // SAFETY: `lsd` left all `n` keys, initialised, in `spare`; the two do not overlap.
        unsafe { core::ptr::copy_nonoverlapping(spare, keys, n) };
    }
}

/// The counts of every digit value, for every digit of the keys, and which bits vary.
#[derive(Clone)]
pub(crate) struct Histograms {
    /// `counts[d][k]`: how many keys have digit `d` equal to `k`.
    pub(crate) counts: [[usize; BUCKETS]; DIGITS],
    /// The AND and the OR of all keys: a bit set in one and clear in the other varies.
    and: u64,
    or: u64,
}

impl Histograms {
    /// No keys counted.
    pub(crate) const fn zero() -> Histograms {
        Histograms {
            counts: [[0; BUCKETS]; DIGITS],
            and: !0,
            or: 0,
        }
    }

    /// The histograms of `v`, in one read.
    pub(crate) fn of(v: &[u64]) -> Histograms {
        let mut hist = Histograms::zero();
        let (mut and, mut or) = (!0, 0);
        for &key in v {
            for (d, counts) in hist.counts.iter_mut().enumerate() {
                counts[digit(key, d)] += 1;
            }
            and &= key;
            or |= key;
        }
        (hist.and, hist.or) = (and, or);
        hist
    }

    /// Whether digit `d` is the same in all keys counted (so its pass would change nothing).
    pub(crate) fn is_trivial(&self, d: usize) -> bool {
        digit(self.and ^ self.or, d) == 0
    }

    /// The exclusive prefix sums of digit `d`'s counts: where each bucket starts.
    pub(crate) fn starts(&self, d: usize) -> [usize; BUCKETS] {
        starts(&self.counts[d])
    }
}

/// Digit `d` of `key` (digit 0 least significant).
#[inline(always)]
pub(crate) fn digit(key: u64, d: usize) -> usize {
    ((key >> (d as u32 * BITS)) as usize) & (BUCKETS - 1)
}

/// Runs the passes of the non-trivial digits in `digits`, least significant first, moving the
/// keys back and forth between `a` and `b`; returns whether they ended in `b`.
///
/// # Safety
///
/// `a` holds `n` initialised keys whose histograms are `hist`; `b` is valid for reads and writes
/// of `n` keys (it may start uninitialised) and overlaps nothing of `a`; nothing else accesses
/// either while this runs.
pub(crate) unsafe fn lsd(
    a: *mut u64,
    b: *mut u64,
    n: usize,
    hist: &Histograms,
    digits: Range<usize>,
) -> bool {
    let (mut src, mut dst) = (a, b);
    for d in digits {
        if hist.is_trivial(d) {
            continue;
        }
        let mut cursors = hist.starts(d);
        // SAFETY: `src` holds the `n` keys (initially `a`, then each pass's output, written in
        // full); `cursors` are the bucket starts of this digit of exactly those keys (passes only
        // permute them); `dst` is the other buffer, valid for `n` writes.
        unsafe { scatter(src, dst, n, d, &mut cursors) };
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
        let bucket = &mut cursors[digit(key, d)];
        // SAFETY: the cursor of a bucket with `c` keys moves from `cursors[k]` up to
        // `cursors[k] + c` exclusive, slots the caller gave this bucket alone.
        unsafe { dst.add(*bucket).write(key) };
        *bucket += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn constant_digits_are_skipped() {
        let v: alloc::vec::Vec<u64> = (0..100u64).map(|i| (i % 7) << 16 | 0xAB00_0000).collect();
        let hist = Histograms::of(&v);
        let trivial: alloc::vec::Vec<usize> = (0..DIGITS).filter(|&d| hist.is_trivial(d)).collect();
        assert_eq!(trivial, [0, 1, 3, 4, 5, 6, 7]);
    }
}
