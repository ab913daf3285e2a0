//! AVX2: a block is two 32-byte vectors, compared and turned into one 64-bit mask by
//! `vpmovmskb`. The last partial block of a haystack of at least 64 bytes is the haystack's last
//! 64 bytes, its mask shifted down to the block's start; a haystack under 64 bytes goes bytewise.

use core::arch::x86_64::{
    __m256i, _mm256_cmpeq_epi8, _mm256_loadu_si256, _mm256_movemask_epi8, _mm256_set1_epi8,
};

use crate::search::memchr_iter::{scalar, BLOCK, SPAN};

/// From `from` on, the first block holding a match and the masks of up to [`SPAN`] blocks from
/// there: the block's start and how many masks were written.
///
/// # Safety
///
/// The CPU supports AVX2.
#[target_feature(enable = "avx2")]
pub unsafe fn next_blocks(
    needle: u8,
    haystack: &[u8],
    from: usize,
    masks: &mut [u64; SPAN],
) -> Option<(usize, usize)> {
    let n = haystack.len();
    if n < BLOCK {
        return scalar::next(needle, haystack, from, masks);
    }
    let p = haystack.as_ptr();
    let splat = _mm256_set1_epi8(needle as i8);
    // The mask of the block at `at`, whole or the last partial one.
    let block = |at: usize| {
        if at + BLOCK <= n {
            // SAFETY: `at + 64 <= n`.
            unsafe { mask_at(p, at, splat) }
        } else {
            // SAFETY: `64 <= n`; the block's `n - at` bytes are the top of the last 64.
            unsafe { mask_at(p, n - BLOCK, splat) >> (at - (n - BLOCK)) }
        }
    };
    let mut start = from;
    while start < n {
        let first = block(start);
        if first != 0 {
            masks[0] = first;
            let mut k = 1;
            while k < SPAN && start + k * BLOCK < n {
                masks[k] = block(start + k * BLOCK);
                k += 1;
            }
            return Some((start, k));
        }
        start += BLOCK;
    }
    None
}

/// Backwards from `to`: the first block holding a match and the masks of up to [`SPAN`] blocks
/// from there down (see [`scalar::prev_blocks`]).
///
/// # Safety
///
/// The CPU supports AVX2.
#[target_feature(enable = "avx2")]
pub unsafe fn prev_blocks(
    needle: u8,
    haystack: &[u8],
    to: usize,
    masks: &mut [u64; SPAN],
) -> Option<(usize, usize)> {
    let n = haystack.len();
    if n < BLOCK {
        return scalar::prev(needle, haystack, to, masks);
    }
    let p = haystack.as_ptr();
    let splat = _mm256_set1_epi8(needle as i8);
    // The mask of the block ending at `end > 0`, whole or the first partial one.
    let block = |end: usize| {
        if end >= BLOCK {
            // SAFETY: `end <= n`, so the 64 bytes before it are inside `haystack`.
            unsafe { mask_at(p, end - BLOCK, splat) }
        } else {
            // SAFETY: `64 <= n`; the block's `end` bytes are the bottom of the first 64.
            unsafe { mask_at(p, 0, splat) << (BLOCK - end) }
        }
    };
    let mut end = to.min(n);
    while end > 0 {
        let first = block(end);
        if first != 0 {
            masks[0] = first;
            let mut k = 1;
            while k < SPAN && end > k * BLOCK {
                masks[k] = block(end - k * BLOCK);
                k += 1;
            }
            return Some((end, k));
        }
        end = end.saturating_sub(BLOCK);
    }
    None
}

/// Bit `i` set where byte `at + i` equals the needle broadcast in `splat`, for `i < 64`.
///
/// # Safety
///
/// The 64 bytes at `p + at` are readable, and the CPU supports AVX2.
#[inline(always)]
unsafe fn mask_at(p: *const u8, at: usize, splat: __m256i) -> u64 {
    // SAFETY: the caller's promise.
    unsafe {
        let lo = _mm256_loadu_si256(p.add(at).cast::<__m256i>());
        let hi = _mm256_loadu_si256(p.add(at + 32).cast::<__m256i>());
        let lo = _mm256_movemask_epi8(_mm256_cmpeq_epi8(lo, splat)) as u32;
        let hi = _mm256_movemask_epi8(_mm256_cmpeq_epi8(hi, splat)) as u32;
        u64::from(lo) | (u64::from(hi) << 32)
    }
}
