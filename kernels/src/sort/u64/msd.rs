//! `msd`: most-significant-digit radix sort, out of place, digits placed at the top varying bit.
//!
//! The method is the MSD radix sort of McIlroy, Bostic & McIlroy, "Engineering Radix Sort"
//! (Computing Systems 6(1), 1993), in its two-array form: count the keys' values of the most
//! significant digit, distribute the keys by it into a second array (a stable counting pass,
//! TAOCP vol. 3 §5.2 Algorithm D), then sort each bucket recursively by the next digit, and
//! hand small buckets to a simple sort. Against the paper:
//! - **Ping-pong instead of copy-back.** Each level distributes from one array into the other
//!   (the input and one scratch buffer of the same length, per-thread and reused as in
//!   [`super::radix`]); a bucket finished on the scratch side is copied home as it is finished.
//!   The paper's American flag sort permutes in place instead; its cycle-following loop is one
//!   long chain of dependent loads and stores, where the two-array distribution's stores are
//!   independent of each other — bought with the scratch buffer the other radix variants
//!   already use. (American flag sort itself was not tried here.)
//! - **Digits at the top varying bit.** Keys are `u64`, not strings: the counting pass also
//!   folds the AND and OR of the keys, and a digit in which every key agrees (all keys in one
//!   bucket) is not distributed; the next digit starts right at the most significant bit that
//!   varies, so keys with constant high bits (small integers, shifted values) lose no passes
//!   and no buckets to them.
//! - **Digit width by bucket size.** Each level takes about `log2(n) - 2` bits (so buckets
//!   average about four to eight keys), capped at [`MAX_BITS`] (9) while the keys sit in cache
//!   and at [`MEMORY_BITS`] (8) for the first pass over inputs larger than the caches, where 256
//!   write streams are what the store path keeps up with. One million random keys take two
//!   passes: 8 bits (≈ 3 900 keys a bucket, 31 KiB), then 9 bits (≈ 7.6 keys a bucket). A
//!   bucket of more than 32 keys takes at least 3 bits, so the recursion is at most 22 levels
//!   deep (4 KiB of counters each) and no key is distributed more than 22 times.
//! - **Small buckets** (≤ [`NETWORK_UP_TO`] keys) go to the branch-free sorting networks of
//!   [`small`]: for a few keys they beat both another radix pass and insertion sort (whose
//!   branches mispredict on random keys: insertion-sorting the buckets of up to 16 keys took a
//!   million-key sort from 8 to 16 ms). A bucket just above that is split once more by a 3- or
//!   4-bit digit rather than insertion-sorted (32 768 keys, 64 a bucket after one 9-bit pass:
//!   205 µs against 294 with insertion sort up to 64 keys).
//! - **Prefetch.** A bucket that fits in cache (≤ [`PREFETCH_UP_TO`] keys) fetches, while its
//!   keys are counted, the lines of the other array it is about to be distributed into: those
//!   lines were last touched a whole pass earlier and sit in memory, and the distribution's
//!   scattered writes would otherwise miss on them one by one (−20 % at a million keys).
//!
//! Tried and left out (measured at a million random keys, one thread): software write-combining
//! buffers for the first, out-of-cache pass (Polychroniou & Ross, SIGMOD 2014), with either
//! non-temporal or ordinary line stores: the pass took 3.8–4.6 ns a key against 2.0 for plain
//! scattered stores; 11-bit digits for that pass (2 048 write streams): about twice as slow.

use core::mem::MaybeUninit;

use super::radix::{assume_init, with_scratch};
use super::small;

/// Buckets of at most this many keys go to the sorting networks of [`small`].
pub const NETWORK_UP_TO: usize = 32;
/// Widest digit, for keys in cache.
pub const MAX_BITS: u32 = 9;
/// Widest digit for a pass over more than [`PREFETCH_UP_TO`] keys.
pub const MEMORY_BITS: u32 = 8;
/// Most buckets of a digit.
pub(crate) const MAX_BUCKETS: usize = 1 << MAX_BITS;
/// Buckets average about `2^SPREAD` keys (digit width `log2(n) - SPREAD`).
const SPREAD: u32 = 2;
/// Buckets of up to this many keys (256 KiB) prefetch their distribution target while counting.
pub const PREFETCH_UP_TO: usize = 1 << 15;

/// Sorts `v` ascending.
///
/// # Safety
///
/// None beyond the types: any slice is valid.
pub unsafe fn msd(v: &mut [u64]) {
    sort(v);
}

/// The variant as safe code.
pub fn sort(v: &mut [u64]) {
    let n = v.len();
    if n <= NETWORK_UP_TO {
        small::sort(v);
        return;
    }
    with_scratch(n, |scratch| sort_with(v, scratch));
}

/// Sorts `v` (more than [`NETWORK_UP_TO`] keys) with `scratch` (as long) as the second array.
fn sort_with(v: &mut [u64], scratch: &mut [MaybeUninit<u64>]) {
    let n = v.len();
    let prefetch = (n <= PREFETCH_UP_TO).then_some(scratch.as_ptr().cast());
    let mut cursors = [0; MAX_BUCKETS];
    let Some(digit) = split(v, u64::BITS, prefetch, &mut cursors) else {
        return; // every key is equal
    };
    let cursors = &mut cursors[..digit.buckets()];
    starts(cursors);
    // SAFETY: the cursors are the prefix sums of `v`'s counts of `digit`, so each bucket's
    // slots are its own and all lie in `scratch`'s `n`, a buffer apart from `v`.
    unsafe { scatter(v.as_ptr(), scratch.as_mut_ptr().cast(), n, digit, cursors) };
    // SAFETY: the scatter wrote all `n` slots.
    let scratch = unsafe { assume_init(scratch) };
    for_each_bucket(scratch, v, cursors, |bucket, home| {
        sort_into(bucket, home, digit.low, Dest::Spare);
    });
}

/// Sorts the keys of `bucket`, all of whose bits from `shift` up are equal, into `out` (of the
/// same length), using `bucket` as scratch.
#[cfg(feature = "std")]
#[inline]
pub(crate) fn sort_bucket(bucket: &mut [u64], out: &mut [u64], shift: u32) {
    sort_into(bucket, out, shift, Dest::Spare);
}

/// Where a sorted bucket must end.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Dest {
    Keys,
    Spare,
}

impl Dest {
    fn other(self) -> Dest {
        match self {
            Dest::Keys => Dest::Spare,
            Dest::Spare => Dest::Keys,
        }
    }
}

/// Sorts `keys` (all of whose bits from `shift` up are equal), leaving the result in `keys` or in
/// `spare` (of the same length) as `dest` says; the other is clobbered.
#[inline(always)]
fn sort_into(keys: &mut [u64], spare: &mut [u64], shift: u32, dest: Dest) {
    if keys.len() > NETWORK_UP_TO {
        split_into(keys, spare, shift, dest);
        return;
    }
    match dest {
        Dest::Keys => small::sort(keys),
        Dest::Spare => {
            spare.copy_from_slice(keys);
            small::sort(spare);
        }
    }
}

/// [`sort_into`] for a bucket too large to finish directly: one distribution pass into `spare`,
/// then each bucket recursively, back the other way. Kept out of line: its counters are large,
/// and the many small buckets that never get here should not pay for its stack frame.
#[inline(never)]
fn split_into(keys: &mut [u64], spare: &mut [u64], shift: u32, dest: Dest) {
    let n = keys.len();
    let prefetch = (n <= PREFETCH_UP_TO).then_some(spare.as_ptr());
    let mut cursors = [0; MAX_BUCKETS];
    let Some(digit) = split(keys, shift, prefetch, &mut cursors) else {
        if dest == Dest::Spare {
            spare.copy_from_slice(keys); // every key is equal
        }
        return;
    };
    let cursors = &mut cursors[..digit.buckets()];
    starts(cursors);
    // SAFETY: the cursors are the prefix sums of `keys`' counts of `digit`, so each bucket's
    // slots are its own and all lie in `spare`'s `n`, a slice apart from `keys`.
    unsafe { scatter(keys.as_ptr(), spare.as_mut_ptr(), n, digit, cursors) };
    for_each_bucket(spare, keys, cursors, |bucket, other| {
        sort_into(bucket, other, digit.low, dest.other());
    });
}

/// A digit: `width` bits of the key from bit `low` up.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Digit {
    /// The lowest bit.
    pub(crate) low: u32,
    mask: u64,
}

impl Digit {
    /// The `bits` bits below bit `shift` (all of them if fewer); `bits` ≤ [`MAX_BITS`].
    pub(crate) fn below(shift: u32, bits: u32) -> Digit {
        let bits = bits.min(shift);
        Digit {
            low: shift - bits,
            mask: (1 << bits) - 1,
        }
    }

    /// The digit's value in `key`.
    #[inline(always)]
    pub(crate) fn of(self, key: u64) -> usize {
        (key >> self.low & self.mask) as usize
    }

    /// How many values it takes.
    pub(crate) fn buckets(self) -> usize {
        self.mask as usize + 1
    }
}

/// Counts into `counts` (as many as `digit` has values, zeroed first) the digit's values over
/// `keys`, and returns the AND and the OR of the keys. With `prefetch`, the lines of as many keys
/// from there are fetched into the cache meanwhile (a hint: the pointer is never dereferenced).
#[inline]
pub(crate) fn survey(
    keys: &[u64],
    digit: Digit,
    prefetch: Option<*const u64>,
    counts: &mut [usize],
) -> (u64, u64) {
    let counts = &mut counts[..digit.buckets()];
    counts.fill(0);
    let (mut and, mut or) = (!0, 0);
    let mut count = |key: u64| {
        counts[digit.of(key)] += 1;
        and &= key;
        or |= key;
    };
    match prefetch {
        Some(target) => {
            for (i, line) in keys.chunks(8).enumerate() {
                prefetch_line(target.wrapping_add(8 * i));
                line.iter().for_each(|&key| count(key));
            }
        }
        None => keys.iter().for_each(|&key| count(key)),
    }
    (and, or)
}

/// The bits below `digit` that vary among keys of the given AND and OR, as the `shift` to look
/// below next, or `None` if none do.
pub(crate) fn next_shift(and: u64, or: u64, digit: Digit) -> Option<u32> {
    let varying = (and ^ or) & ((1 << digit.low) - 1);
    (varying != 0).then(|| u64::BITS - varying.leading_zeros())
}

/// The most significant digit below bit `shift` in which the keys differ, skipping digits they
/// share, with its counts left in `counts`; `None` if all keys are equal. `prefetch` as in
/// [`survey`].
fn split(
    keys: &[u64],
    mut shift: u32,
    prefetch: Option<*const u64>,
    counts: &mut [usize; MAX_BUCKETS],
) -> Option<Digit> {
    let bits = digit_bits(keys.len());
    loop {
        let digit = Digit::below(shift, bits);
        let (and, or) = survey(keys, digit, prefetch, counts);
        if splits(&counts[..digit.buckets()], keys.len()) {
            return Some(digit);
        }
        shift = next_shift(and, or, digit)?;
    }
}

/// Whether `counts` of `n` keys put them in more than one bucket.
pub(crate) fn splits(counts: &[usize], n: usize) -> bool {
    counts.iter().all(|&c| c < n)
}

/// Digit width for `n` keys.
pub(crate) fn digit_bits(n: usize) -> u32 {
    let cap = if n > PREFETCH_UP_TO {
        MEMORY_BITS
    } else {
        MAX_BITS
    };
    n.max(1).ilog2().saturating_sub(SPREAD).clamp(1, cap)
}

/// Turns counts into bucket starts, in place: their exclusive prefix sums.
pub(crate) fn starts(counts: &mut [usize]) {
    let mut sum = 0;
    for c in counts {
        (*c, sum) = (sum, sum + *c);
    }
}

/// Calls `f` on each non-empty bucket of `a` with the same range of `b`; bucket `k` ends at
/// `ends[k]` (and starts where bucket `k - 1` ends, or at 0).
#[inline(always)]
pub(crate) fn for_each_bucket<'a>(
    a: &'a mut [u64],
    b: &'a mut [u64],
    ends: &[usize],
    mut f: impl FnMut(&'a mut [u64], &'a mut [u64]),
) {
    let (mut rest_a, mut rest_b) = (a, b);
    let mut start = 0;
    for &end in ends {
        let count = end - start;
        start = end;
        let (bucket_a, tail_a) = rest_a.split_at_mut(count);
        let (bucket_b, tail_b) = rest_b.split_at_mut(count);
        if count > 0 {
            f(bucket_a, bucket_b);
        }
        (rest_a, rest_b) = (tail_a, tail_b);
    }
}

/// Hints the cache line at `p` in for writing soon. A hint only: any address is fine.
#[inline(always)]
fn prefetch_line(p: *const u64) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: a prefetch has no effect on memory and never faults, whatever the address.
    unsafe {
        use core::arch::x86_64::{_mm_prefetch, _MM_HINT_ET0};
        _mm_prefetch::<_MM_HINT_ET0>(p.cast());
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = p;
}

/// One distribution pass: each key of `src`, in order, written at its digit's cursor in `dst`.
///
/// # Safety
///
/// `src` holds `n` initialised keys. For every bucket `k`, with `c` the number of keys of `src`
/// whose digit is `k`, `dst` is valid for writes at `cursors[k]..cursors[k] + c`, and those
/// slots overlap neither `src` nor another bucket's, nor does anything else access them
/// meanwhile.
#[inline(always)]
pub(crate) unsafe fn scatter(
    src: *const u64,
    dst: *mut u64,
    n: usize,
    digit: Digit,
    cursors: &mut [usize],
) {
    let cursors = &mut cursors[..digit.buckets()];
    for i in 0..n {
        // SAFETY: `i < n` and `src` holds `n` keys.
        let key = unsafe { *src.add(i) };
        let cursor = &mut cursors[digit.of(key)];
        // SAFETY: the cursor of a bucket with `c` keys moves from its start up to `start + c`
        // exclusive, slots the caller gave this bucket alone.
        unsafe { dst.add(*cursor).write(key) };
        *cursor += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec::Vec;

    #[test]
    fn digits_start_at_the_top_varying_bit() {
        // Keys differing only in bits 20..=27: one split, by exactly those bits.
        let v: Vec<u64> = (0..1000u64).map(|i| (i * 37 % 256) << 20 | 0xAB).collect();
        let mut counts = [0; MAX_BUCKETS];
        let digit = split(&v, u64::BITS, None, &mut counts).unwrap();
        assert_eq!(digit_bits(v.len()), 7);
        assert_eq!(digit, Digit::below(28, 7));
        assert_eq!(counts[..digit.buckets()].iter().sum::<usize>(), 1000);
        assert!(split(&[5; 100], u64::BITS, None, &mut counts).is_none());
    }

    #[test]
    fn digit_width_follows_size() {
        assert_eq!(digit_bits(1), 1);
        assert_eq!(digit_bits(100), 4);
        assert_eq!(digit_bits(3900), 9);
        assert_eq!(digit_bits(PREFETCH_UP_TO), MAX_BITS);
        assert_eq!(digit_bits(1 << 20), MEMORY_BITS);
        assert_eq!(Digit::below(3, 8), Digit::below(3, 3));
        assert_eq!(Digit::below(3, 8).buckets(), 8);
    }

    #[test]
    fn starts_are_exclusive_prefix_sums() {
        let mut counts = [3, 0, 2, 1];
        starts(&mut counts);
        assert_eq!(counts, [0, 3, 3, 5]);
    }
}
