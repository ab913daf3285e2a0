//! The vector algorithm, written once for any [`Vector`].
//!
//! Forward search: one unaligned vector at the start, then aligned vectors from the first
//! boundary past it, four per iteration with their comparisons OR-ed so the loop takes one
//! branch per `4 × BYTES`; the remainder one vector at a time; the last partial vector is loaded
//! unaligned so that it *ends* at the haystack's end, overlapping bytes already known to hold no
//! match. Every load lies inside the haystack, so nothing is read past either end (the page-guard
//! tests check exactly this). Reverse search mirrors it from the end.
//!
//! Haystacks of one to two vectors of 16 or 32 bytes skip the loop, whose trip count and tail
//! test depend on where the haystack starts: one vector at the start and one ending at the end
//! are compared and their masks joined into one 64-bit mask, bit `i` for byte `i`, so the search
//! takes one branch, the same for every alignment. On AMD EPYC Zen 3, glibc's time over AVX2's
//! at 33–64 bytes went from 0.94–0.99 to 1.28–1.50 for `memrchr` and from 1.09–1.10 to
//! 1.34–1.54 for `memchr` (medians of 8 processes of `arsenal compare OP avx2 libc`). The same
//! join over two windows of two vectors was faster at 91 and 128 bytes in some processes and
//! slower in others, so longer haystacks keep the loop.

use crate::simd::Vector;

/// Index of the lowest set lane among four comparisons, given that one of them has one.
#[inline(always)]
unsafe fn first_of_four<V: Vector>(cmps: [V::Cmp; 4]) -> usize {
    let mut base = 0;
    for cmp in cmps {
        // SAFETY: same features as the caller.
        let m = unsafe { V::mask(cmp) };
        if m != 0 {
            return base + m.trailing_zeros() as usize;
        }
        base += V::BYTES;
    }
    unreachable_lane()
}

/// Index of the highest set lane among four comparisons, given that one of them has one.
#[inline(always)]
unsafe fn last_of_four<V: Vector>(cmps: [V::Cmp; 4]) -> usize {
    for (i, cmp) in cmps.into_iter().enumerate().rev() {
        // SAFETY: same features as the caller.
        let m = unsafe { V::mask(cmp) };
        if m != 0 {
            return i * V::BYTES + last_lane(m);
        }
    }
    unreachable_lane()
}

/// The callers only look for a lane after `any_eq4` found one in the four vectors.
#[cold]
fn unreachable_lane() -> usize {
    unreachable!("a lane was set in the combined comparison")
}

/// Index of the highest set bit of a non-zero mask.
#[inline(always)]
fn last_lane(mask: u64) -> usize {
    63 - mask.leading_zeros() as usize
}

/// Loads four consecutive aligned vectors at `ptr`.
#[inline(always)]
unsafe fn load_four<V: Vector>(ptr: *const u8) -> [V; 4] {
    // SAFETY: the caller guarantees 4 × BYTES readable bytes at an aligned `ptr`.
    unsafe {
        [
            V::load_aligned(ptr),
            V::load_aligned(ptr.add(V::BYTES)),
            V::load_aligned(ptr.add(2 * V::BYTES)),
            V::load_aligned(ptr.add(3 * V::BYTES)),
        ]
    }
}

/// The comparisons of four vectors with `splat` (only once one of them is known to match).
#[inline(always)]
unsafe fn compare_four<V: Vector>(v: [V; 4], splat: V) -> [V::Cmp; 4] {
    // SAFETY: same features as the caller.
    unsafe {
        [
            v[0].cmpeq(splat),
            v[1].cmpeq(splat),
            v[2].cmpeq(splat),
            v[3].cmpeq(splat),
        ]
    }
}

/// First index of `needle` in `haystack`.
///
/// # Safety
///
/// The CPU has `V`'s features, and `haystack.len() >= V::BYTES`.
#[inline(always)]
pub unsafe fn find<V: Vector>(needle: u8, haystack: &[u8]) -> Option<usize> {
    debug_assert!(haystack.len() >= V::BYTES);
    let start = haystack.as_ptr();
    let len = haystack.len();
    if V::BYTES <= 32 && len <= 2 * V::BYTES {
        // SAFETY: the caller's promise, and `BYTES <= len <= 2 × BYTES` with `BYTES <= 32`.
        let m = unsafe { window_mask(start, len, V::splat(needle)) };
        return (m != 0).then(|| m.trailing_zeros() as usize);
    }
    // SAFETY: (whole body) every pointer below stays within `start..start + len`; loads of
    // `BYTES` start at most `len - BYTES` past `start`; `V`'s features are the caller's promise.
    unsafe {
        let splat = V::splat(needle);
        let m = V::mask(V::load_unaligned(start).cmpeq(splat));
        if m != 0 {
            return Some(m.trailing_zeros() as usize);
        }
        // Invariant from here on: no match in `0..pos`.
        let mut pos = V::BYTES - (start as usize & (V::BYTES - 1));
        while len - pos >= 4 * V::BYTES {
            let v = load_four::<V>(start.add(pos));
            if V::any_eq4(v, splat) {
                return Some(pos + first_of_four::<V>(compare_four(v, splat)));
            }
            pos += 4 * V::BYTES;
        }
        while len - pos >= V::BYTES {
            let m = V::mask(V::load_aligned(start.add(pos)).cmpeq(splat));
            if m != 0 {
                return Some(pos + m.trailing_zeros() as usize);
            }
            pos += V::BYTES;
        }
        if pos < len {
            let last = len - V::BYTES;
            let m = V::mask(V::load_unaligned(start.add(last)).cmpeq(splat));
            if m != 0 {
                return Some(last + m.trailing_zeros() as usize);
            }
        }
        None
    }
}

/// Last index of `needle` in `haystack`.
///
/// # Safety
///
/// The CPU has `V`'s features, and `haystack.len() >= V::BYTES`.
#[inline(always)]
pub unsafe fn rfind<V: Vector>(needle: u8, haystack: &[u8]) -> Option<usize> {
    debug_assert!(haystack.len() >= V::BYTES);
    let start = haystack.as_ptr();
    let len = haystack.len();
    if V::BYTES <= 32 && len <= 2 * V::BYTES {
        // SAFETY: the caller's promise, and `BYTES <= len <= 2 × BYTES` with `BYTES <= 32`.
        let m = unsafe { window_mask(start, len, V::splat(needle)) };
        return (m != 0).then(|| last_lane(m));
    }
    // SAFETY: (whole body) as in `find`, mirrored: loads start at or after `start` and end at or
    // before `start + len`.
    unsafe {
        let splat = V::splat(needle);
        let last = len - V::BYTES;
        let m = V::mask(V::load_unaligned(start.add(last)).cmpeq(splat));
        if m != 0 {
            return Some(last + last_lane(m));
        }
        // Invariant from here on: no match in `end..len`, and `start + end` is aligned.
        let mut end = len - ((start as usize + len) & (V::BYTES - 1));
        while end >= 4 * V::BYTES {
            let v = load_four::<V>(start.add(end - 4 * V::BYTES));
            if V::any_eq4(v, splat) {
                return Some(end - 4 * V::BYTES + last_of_four::<V>(compare_four(v, splat)));
            }
            end -= 4 * V::BYTES;
        }
        while end >= V::BYTES {
            end -= V::BYTES;
            let m = V::mask(V::load_aligned(start.add(end)).cmpeq(splat));
            if m != 0 {
                return Some(end + last_lane(m));
            }
        }
        if end > 0 {
            let m = V::mask(V::load_unaligned(start).cmpeq(splat));
            if m != 0 {
                return Some(last_lane(m));
            }
        }
        None
    }
}

/// Bit `i` set where `ptr[i]` is `splat`'s byte, for the `len` bytes at `ptr`: one vector at the
/// start and one ending at `len`, which overlap unless `len` is exactly two vectors.
///
/// # Safety
///
/// `V`'s features; `BYTES <= len <= 2 × BYTES` with `BYTES <= 32` (so the mask fits 64 bits);
/// `len` readable bytes at `ptr`.
#[inline(always)]
unsafe fn window_mask<V: Vector>(ptr: *const u8, len: usize, splat: V) -> u64 {
    debug_assert!(V::BYTES <= 32 && (V::BYTES..=2 * V::BYTES).contains(&len));
    // SAFETY: both loads lie inside `ptr..ptr + len`, the second starting `len - BYTES` in.
    unsafe {
        let first = V::mask(V::load_unaligned(ptr).cmpeq(splat));
        let last = V::mask(V::load_unaligned(ptr.add(len - V::BYTES)).cmpeq(splat));
        // Where the vectors overlap, both masks hold the same bits, so OR-ing them is exact.
        first | last << (len - V::BYTES)
    }
}
