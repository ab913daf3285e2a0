//! AVX2: 32 bytes per vector, 128 per iteration.
//!
//! Each vector's comparison gives −1 in its matching bytes; the four of an iteration are added
//! (−4..0 per byte) and subtracted from 32 byte counters, one dependency per iteration. After 63
//! iterations (at most 252 per counter) `vpsadbw` against zero sums the counters into four
//! 64-bit totals. A tail under 32 bytes is the last 32 bytes of the input, compared, with the
//! bytes already counted shifted out of the match mask; 16–31-byte inputs use two overlapping
//! 16-byte vectors the same way, and shorter ones the scalar loop.

use core::arch::x86_64::{
    __m256i, _mm256_add_epi64, _mm256_add_epi8, _mm256_castsi256_si128, _mm256_cmpeq_epi8,
    _mm256_extracti128_si256, _mm256_loadu_si256, _mm256_movemask_epi8, _mm256_sad_epu8,
    _mm256_set1_epi8, _mm256_setzero_si256, _mm256_sub_epi8, _mm_add_epi64, _mm_cmpeq_epi8,
    _mm_cvtsi128_si64, _mm_loadu_si128, _mm_movemask_epi8, _mm_set1_epi8, _mm_unpackhi_epi64,
};

use crate::search::count_byte::scalar;

/// Iterations of four vectors before the byte counters are summed: each gains at most 4.
const FLUSH: usize = 63;

/// How many bytes of `haystack` equal `needle`.
///
/// # Safety
///
/// The CPU supports AVX2 and POPCNT.
#[target_feature(enable = "avx2,popcnt")]
pub unsafe fn count_byte(needle: u8, haystack: &[u8]) -> usize {
    let n = haystack.len();
    let p = haystack.as_ptr();
    if n < 16 {
        return scalar::count(needle, haystack);
    }
    if n < 32 {
        let splat = _mm_set1_epi8(needle as i8);
        // SAFETY: 16 <= n: both 16-byte loads are inside `haystack`.
        let (first, last) = unsafe {
            (
                _mm_loadu_si128(p.cast()),
                _mm_loadu_si128(p.add(n - 16).cast()),
            )
        };
        let first = _mm_movemask_epi8(_mm_cmpeq_epi8(first, splat)) as u32;
        let last = _mm_movemask_epi8(_mm_cmpeq_epi8(last, splat)) as u32;
        // The last vector's top `n - 16` bytes are the ones the first did not cover.
        return (first.count_ones() + (last >> (32 - n)).count_ones()) as usize;
    }
    let splat = _mm256_set1_epi8(needle as i8);
    let zero = _mm256_setzero_si256();
    let mut totals = zero;
    let mut i = 0;
    while i + 128 <= n {
        let end = n.min(i + FLUSH * 128);
        let mut counters = zero;
        while i + 128 <= end {
            // SAFETY: `i + 128 <= n`.
            let [a, b, c, d] = unsafe { [i, i + 32, i + 64, i + 96].map(|at| load(p, at)) };
            let (a, b) = (_mm256_cmpeq_epi8(a, splat), _mm256_cmpeq_epi8(b, splat));
            let (c, d) = (_mm256_cmpeq_epi8(c, splat), _mm256_cmpeq_epi8(d, splat));
            let minus = _mm256_add_epi8(_mm256_add_epi8(a, b), _mm256_add_epi8(c, d));
            counters = _mm256_sub_epi8(counters, minus);
            i += 128;
        }
        totals = _mm256_add_epi64(totals, _mm256_sad_epu8(counters, zero));
    }
    let mut counters = zero;
    while i + 32 <= n {
        // SAFETY: `i + 32 <= n`.
        let v = unsafe { load(p, i) };
        counters = _mm256_sub_epi8(counters, _mm256_cmpeq_epi8(v, splat));
        i += 32;
    }
    totals = _mm256_add_epi64(totals, _mm256_sad_epu8(counters, zero));
    let halves = _mm_add_epi64(
        _mm256_castsi256_si128(totals),
        _mm256_extracti128_si256::<1>(totals),
    );
    let mut count =
        _mm_cvtsi128_si64(_mm_add_epi64(halves, _mm_unpackhi_epi64(halves, halves))) as usize;
    if i < n {
        // The last 32 bytes; the top `n - i` of them are not counted yet.
        // SAFETY: `32 <= n`: the last 32 bytes are inside `haystack`.
        let last = unsafe { load(p, n - 32) };
        let m = _mm256_movemask_epi8(_mm256_cmpeq_epi8(last, splat)) as u32;
        count += (m >> (32 - (n - i))).count_ones() as usize;
    }
    count
}

/// The 32 bytes at `p + at`.
///
/// # Safety
///
/// They are readable, and the CPU supports AVX.
#[inline(always)]
unsafe fn load(p: *const u8, at: usize) -> __m256i {
    // SAFETY: the caller's promise.
    unsafe { _mm256_loadu_si256(p.add(at).cast::<__m256i>()) }
}
