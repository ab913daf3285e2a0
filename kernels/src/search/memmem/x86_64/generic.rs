//! The two-byte filter, written once for any [`Vector`].
//!
//! Muła, "SIMD-friendly algorithms for substring searching" (2016), the generic SIMD algorithm:
//! for a needle `x` of `m ≥ 2` bytes and two positions `i < j` in it, one vector holds the
//! haystack's bytes at `p + i` and another those at `p + j` for `W` consecutive positions `p`;
//! comparing them with `x[i]` and `x[j]` and AND-ing leaves a bit for each position where a
//! match may start. Only those positions are compared in full, eight bytes at a time. Muła
//! compares the first and last bytes; this takes the needle's two rarest ([`rank`]), which on
//! text lets far fewer positions through. Two vectors of positions are tested per step with
//! one branch; the last block is loaded so that it ends at the last position a match can start,
//! its bits for positions already scanned shifted out, so no load leaves the haystack.
//!
//! The filter alone is `O(n·m)` on inputs where almost every position passes it (a haystack of
//! `a` and the needle `aa…aba…a`). It counts the work its full comparisons did; once that passes
//! [`WORK_FREE`] plus [`WORK_PER_BYTE`] per position scanned, it hands the rest of the haystack
//! to the two-way search ([`two_way`]), so every search is linear. On text and random bytes the
//! budget is never near: a candidate costs one unit plus one per eight bytes that matched.
//!
//! [`rank`]: super::super::rank

use super::super::{two_way, Needle};
use crate::simd::Vector;

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

/// The full comparisons of the candidates in `mask` (bit `k`: the position `base + k`), charged
/// to `work`. `Some` when the search is over: a match, or the two-way search's answer once the
/// budget is spent; `None` when no candidate matched.
#[inline(always)]
fn scan(
    needle: &Needle<'_>,
    haystack: &[u8],
    mut mask: u64,
    base: usize,
    work: &mut usize,
) -> Option<Option<usize>> {
    let x = needle.bytes();
    while mask != 0 {
        let pos = base + mask.trailing_zeros() as usize;
        let matched = common_prefix(x, &haystack[pos..]);
        if matched == x.len() {
            return Some(Some(pos));
        }
        *work += 1 + matched / 8;
        if *work > WORK_FREE + WORK_PER_BYTE * pos {
            return Some(two_way_from(needle, haystack, pos + 1));
        }
        mask &= mask - 1;
    }
    None
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
    let (i, j) = needle.pair();
    let positions = haystack.len() + 1 - x.len();
    debug_assert!(x.len() >= 2 && i < j && j < x.len() && positions >= V::BYTES);
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
    let mut work = 0;
    let mut at = 0;
    while at + 2 * V::BYTES <= positions {
        let (c0, c1) = (candidates(at), candidates(at + V::BYTES));
        // SAFETY: the caller's instruction set.
        if unsafe { V::mask(V::or(c0, c1)) } != 0 {
            for (k, c) in [c0, c1].into_iter().enumerate() {
                // SAFETY: as above.
                let mask = unsafe { V::mask(c) };
                if let Some(found) = scan(needle, haystack, mask, at + k * V::BYTES, &mut work) {
                    return found;
                }
            }
        }
        at += 2 * V::BYTES;
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
        if let Some(found) = scan(needle, haystack, mask, at, &mut work) {
            return found;
        }
        at += V::BYTES;
    }
    None
}
