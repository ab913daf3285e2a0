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
        return;
    }
    let hist = Histograms::of(v);
    sort_counted(v, &hist, 0..DIGITS);
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

/// The counts of every digit value, for every digit of the keys.
#[derive(Clone)]
pub(crate) struct Histograms(pub(crate) [[usize; BUCKETS]; DIGITS]);

impl Histograms {
    /// No keys counted.
    pub(crate) const fn zero() -> Histograms {
        Histograms([[0; BUCKETS]; DIGITS])
    }

    /// The histograms of `v`, in one read.
    pub(crate) fn of(v: &[u64]) -> Histograms {
        let mut hist = Histograms::zero();
        for &key in v {
            for (d, counts) in hist.0.iter_mut().enumerate() {
                counts[digit(key, d)] += 1;
            }
        }
        hist
    }

    /// Adds another part's counts to these.
    pub(crate) fn add(&mut self, other: &Histograms) {
        for (mine, theirs) in self.0.iter_mut().zip(&other.0) {
            for (m, t) in mine.iter_mut().zip(theirs) {
                *m += t;
            }
        }
    }

    /// Whether digit `d` is the same in all `n` keys counted (so its pass would change nothing).
    pub(crate) fn is_trivial(&self, d: usize, n: usize) -> bool {
        self.0[d].iter().any(|&c| c == n)
    }

    /// The exclusive prefix sums of digit `d`'s counts: where each bucket starts.
    pub(crate) fn starts(&self, d: usize) -> [usize; BUCKETS] {
        let mut starts = [0; BUCKETS];
        let mut sum = 0;
        for (s, &c) in starts.iter_mut().zip(&self.0[d]) {
            *s = sum;
            sum += c;
        }
        starts
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
        if hist.is_trivial(d, n) {
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
        let trivial: alloc::vec::Vec<usize> =
            (0..DIGITS).filter(|&d| hist.is_trivial(d, v.len())).collect();
        assert_eq!(trivial, [0, 1, 3, 4, 5, 6, 7]);
    }
}
