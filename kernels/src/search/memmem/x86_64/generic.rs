//! The two-byte filter, written once for any [`Vector`].
//!
//! Muła, "SIMD-friendly algorithms for substring searching" (2016), the generic SIMD algorithm:
//! for a needle `x` of `m ≥ 2` bytes and two positions `i < j` in it, one vector holds the
//! haystack's bytes at `p + i` and another those at `p + j` for `W` consecutive positions `p`;
//! comparing them with `x[i]` and `x[j]` and AND-ing leaves a bit for each position where a
//! match may start. Only those positions are compared in full, eight bytes at a time. Muła
//! compares the first and last bytes; this takes the needle's two rarest ([`rank`]), which on
//! text lets far fewer positions through. [`UNROLL`] vectors of positions are tested per step
//! with one branch, the full comparisons out of line; the last block is loaded so that it ends
//! at the last position a match can start, its bits for positions already scanned shifted out,
//! so no load leaves the haystack.
//!
//! A pair lets through every position of some inputs (a haystack of `z` and the needle
//! `z…zez…z`, whose two rarest bytes are `z`s). When more than [`MISSES_FREE`] candidates, and
//! then one per [`MISS_EVERY`] positions, fail, the search swaps the commoner byte of the pair
//! for the needle byte where the last candidate failed (the `e`), which that haystack did not
//! have there, and goes on from the next position; at most [`REFILTERS`] times.
//!
//! The filter alone is still `O(n·m)` on inputs that defeat every pair. It counts the work its
//! full comparisons do; once that passes [`WORK_FREE`] plus [`WORK_PER_BYTE`] per position
//! scanned, it hands the rest of the haystack to the two-way search ([`two_way`]), so every
//! search is linear. On text and random bytes neither limit is near: a candidate costs one unit
//! plus one per eight bytes that matched.
//!
//! [`rank`]: super::super::rank

use super::super::{rank, two_way, Needle};
use crate::simd::Vector;

/// Blocks of positions the filter's loop tests per step, with one branch.
const UNROLL: usize = 4;

/// False candidates a pair may let through before they are counted per position…
const MISSES_FREE: usize = 16;
/// …and then one per this many positions; past that, the pair changes.
const MISS_EVERY: usize = 16;
/// Times a search may change its pair.
const REFILTERS: usize = 2;

/// Work units the full comparisons may spend before the budget is counted per position.
pub(super) const WORK_FREE: usize = 1024;
/// Work units per position scanned past which the search switches to two-way.
pub(super) const WORK_PER_BYTE: usize = 2;

/// The length of the common prefix of `a` and `b` (`a.len() <= b.len()`), eight bytes a step.
#[inline(always)]
fn common_prefix(a: &[u8], b: &[u8]) -> usize {
    let mut i = 0;
    while i + 8 <= a.len() {
        let word = |s: &[u8]| u64::from_le_bytes(s[i..i + 8].try_into().unwrap_or_default());
        let diff = word(a) ^ word(b);
        if diff != 0 {
            return i + diff.trailing_zeros() as usize / 8;
        }
        i += 8;
    }
    while i < a.len() && a[i] == b[i] {
        i += 1;
    }
    i
}

/// What the full comparisons of a block's candidates found.
enum Scan {
    /// None matched; the search goes on.
    Miss,
    /// The search is over: a match, or the two-way search's answer once the budget is spent.
    Done(Option<usize>),
    /// The pair lets too many positions through: compare the needle's byte `byte` instead of
    /// the commoner of the pair, from the position `from` on.
    Refilter { from: usize, byte: usize },
}

/// How a search spends its full comparisons.
struct Budget {
    /// Work units spent: one per candidate and one per eight bytes that matched.
    work: usize,
    /// Candidates that did not match since the pair was chosen, and where it was chosen.
    misses: usize,
    since: usize,
    /// Pairs chosen after the first.
    refilters: usize,
}

/// The full comparisons of the candidates in `mask` (bit `k`: the position `base + k`), charged
/// to `budget`. Out of line, so the filter's loop keeps its few values in registers.
#[inline(never)]
fn scan(
    needle: &Needle<'_>,
    haystack: &[u8],
    mut mask: u64,
    base: usize,
    budget: &mut Budget,
) -> Scan {
    let x = needle.bytes();
    while mask != 0 {
        let pos = base + mask.trailing_zeros() as usize;
        let matched = common_prefix(x, &haystack[pos..]);
        if matched == x.len() {
            return Scan::Done(Some(pos));
        }
        budget.work += 1 + matched / 8;
        if budget.work > WORK_FREE + WORK_PER_BYTE * pos {
            return Scan::Done(two_way_from(needle, haystack, pos + 1));
        }
        budget.misses += 1;
        if budget.refilters < REFILTERS
            && budget.misses > MISSES_FREE + (pos - budget.since) / MISS_EVERY
        {
            // `matched` is where this window and the needle differ: a byte the pair does not
            // compare (both its bytes matched), which this haystack did not have here.
            return Scan::Refilter {
                from: pos + 1,
                byte: matched,
            };
        }
        mask &= mask - 1;
    }
    Scan::Miss
}

/// The two-way search of `haystack[from..]`, as an index into `haystack`.
#[cold]
fn two_way_from(needle: &Needle<'_>, haystack: &[u8], from: usize) -> Option<usize> {
    two_way::find(needle.bytes(), needle.factorization(), &haystack[from..]).map(|i| from + i)
}

/// First index of `needle` in a haystack with fewer than a vector's positions: each position's
/// first and last byte, then the middle (at most `15·m` byte comparisons, so linear).
pub(super) fn short(needle: &[u8], haystack: &[u8]) -> Option<usize> {
    let m = needle.len();
    let positions = (haystack.len() + 1).checked_sub(m)?;
    let (first, last) = (needle[0], needle[m - 1]);
    (0..positions).find(|&pos| {
        haystack[pos] == first
            && haystack[pos + m - 1] == last
            && haystack[pos + 1..pos + m - 1] == needle[1..m - 1]
    })
}

/// First index of `needle` in `haystack`.
///
/// # Safety
///
/// The CPU has `V`'s instruction set; the needle has at least 2 bytes and the haystack at least
/// `V::BYTES` positions a match can start at (`haystack.len() + 1 - m >= V::BYTES`).
#[inline(always)]
pub(super) unsafe fn find<V: Vector>(needle: &Needle<'_>, haystack: &[u8]) -> Option<usize> {
    let x = needle.bytes();
    let positions = haystack.len() + 1 - x.len();
    debug_assert!(x.len() >= 2 && positions >= V::BYTES);
    let mut budget = Budget {
        work: 0,
        misses: 0,
        since: 0,
        refilters: 0,
    };
    let (mut pair, mut at) = (needle.pair(), 0);
    loop {
        // SAFETY: the caller's instruction set and haystack; `at <= positions`.
        match unsafe { filter::<V>(needle, haystack, pair, at, &mut budget) } {
            Scan::Done(found) => return found,
            Scan::Miss => return None,
            Scan::Refilter { from, byte } => {
                // Keep the rarer of the pair (the needle's rarest byte, on the first change).
                let keep = if rank::commonness(x[pair.0]) <= rank::commonness(x[pair.1]) {
                    pair.0
                } else {
                    pair.1
                };
                pair = (keep.min(byte), keep.max(byte));
                budget.misses = 0;
                budget.since = from;
                budget.refilters += 1;
                at = from;
            }
        }
    }
}

/// The filter on the pair of needle positions `(i, j)` from position `at` on: `Miss` when no
/// position from there matches.
///
/// # Safety
///
/// As for [`find`]; `i < j < m`, `at <= positions`.
#[inline(always)]
unsafe fn filter<V: Vector>(
    needle: &Needle<'_>,
    haystack: &[u8],
    (i, j): (usize, usize),
    mut at: usize,
    budget: &mut Budget,
) -> Scan {
    let x = needle.bytes();
    let positions = haystack.len() + 1 - x.len();
    debug_assert!(i < j && j < x.len() && at <= positions);
    let ptr = haystack.as_ptr();
    // SAFETY: the caller's instruction set.
    let (bi, bj) = unsafe { (V::splat(x[i]), V::splat(x[j])) };
    // The candidates among the `W` positions from `at`.
    let candidates = |at: usize| {
        debug_assert!(at + V::BYTES <= positions);
        // SAFETY: the loads cover `at + i..at + i + W` and `at + j..at + j + W`, which end at
        // most at `positions - 1 + j + 1 <= positions + m - 1 = haystack.len()`; the caller's
        // instruction set.
        unsafe {
            let a = V::load_unaligned(ptr.add(at + i)).cmpeq(bi);
            let b = V::load_unaligned(ptr.add(at + j)).cmpeq(bj);
            V::and(a, b)
        }
    };
    loop {
        // The hot loop: UNROLL blocks a step until one has a candidate, with no call inside.
        let mut hit = None;
        while at + UNROLL * V::BYTES <= positions {
            let c: [V::Cmp; UNROLL] = core::array::from_fn(|k| candidates(at + k * V::BYTES));
            // SAFETY: the caller's instruction set.
            let any = c[1..].iter().fold(c[0], |a, &b| unsafe { V::or(a, b) });
            // SAFETY: as above.
            if unsafe { V::mask(any) } != 0 {
                // SAFETY: as above.
                hit = Some(c.map(|c| unsafe { V::mask(c) }));
                break;
            }
            at += UNROLL * V::BYTES;
        }
        let Some(masks) = hit else { break };
        for (k, mask) in masks.into_iter().enumerate() {
            if mask != 0 {
                match scan(needle, haystack, mask, at + k * V::BYTES, budget) {
                    Scan::Miss => {}
                    end => return end,
                }
            }
        }
        at += UNROLL * V::BYTES;
    }
    while at < positions {
        // SAFETY: the caller's instruction set.
        let mask = unsafe {
            if at + V::BYTES <= positions {
                V::mask(candidates(at))
            } else {
                // The last block ends at the last position; drop the bits of those already seen.
                let tail = positions - V::BYTES;
                V::mask(candidates(tail)) >> (at - tail)
            }
        };
        if mask != 0 {
            match scan(needle, haystack, mask, at, budget) {
                Scan::Miss => {}
                end => return end,
            }
        }
        at += V::BYTES;
    }
    Scan::Miss
}
