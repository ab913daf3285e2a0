//! AVX-512 (F, BW): a block is one 64-byte vector compared into a mask register; the last
//! partial block is one masked load, which never touches the bytes it masks out.

use core::arch::x86_64::{
    __m512i, _mm512_cmpeq_epi8_mask, _mm512_loadu_si512, _mm512_mask_cmpeq_epi8_mask,
    _mm512_maskz_loadu_epi8, _mm512_set1_epi8,
};

use crate::search::memchr_iter::{BLOCK, SPAN};

/// From `from` on, the first block holding a match and the masks of up to [`SPAN`] blocks from
/// there: the block's start and how many masks were written.
///
/// # Safety
///
/// The CPU supports AVX-512F and AVX-512BW.
#[target_feature(enable = "avx512f,avx512bw")]
pub unsafe fn next_blocks(
    needle: u8,
    haystack: &[u8],
    from: usize,
    masks: &mut [u64; SPAN],
) -> Option<(usize, usize)> {
    let n = haystack.len();
    let p = haystack.as_ptr();
    let splat = _mm512_set1_epi8(needle as i8);
    // The mask of the block at `at < n`, whole or the last partial one.
    let block = |at: usize| {
        if at + BLOCK <= n {
            // SAFETY: `at + 64 <= n`.
            let v = unsafe { _mm512_loadu_si512(p.add(at).cast::<__m512i>()) };
            _mm512_cmpeq_epi8_mask(v, splat)
        } else {
            let live = u64::MAX >> (BLOCK - (n - at));
            // SAFETY: the masked load reads only the `n - at` bytes left, all inside `haystack`.
            let v = unsafe { _mm512_maskz_loadu_epi8(live, p.add(at).cast()) };
            _mm512_mask_cmpeq_epi8_mask(live, v, splat)
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
/// from there down (see [`crate::search::memchr_iter::scalar::prev_blocks`]).
///
/// # Safety
///
/// The CPU supports AVX-512F and AVX-512BW.
#[target_feature(enable = "avx512f,avx512bw")]
pub unsafe fn prev_blocks(
    needle: u8,
    haystack: &[u8],
    to: usize,
    masks: &mut [u64; SPAN],
) -> Option<(usize, usize)> {
    let n = haystack.len();
    let p = haystack.as_ptr();
    let splat = _mm512_set1_epi8(needle as i8);
    // The mask of the block ending at `end > 0`, whole or the first partial one.
    let block = |end: usize| {
        if end >= BLOCK {
            // SAFETY: `end <= n`, so the 64 bytes before it are inside `haystack`.
            let v = unsafe { _mm512_loadu_si512(p.add(end - BLOCK).cast::<__m512i>()) };
            _mm512_cmpeq_epi8_mask(v, splat)
        } else {
            let live = u64::MAX >> (BLOCK - end);
            // SAFETY: the masked load reads only the haystack's first `end` bytes.
            let v = unsafe { _mm512_maskz_loadu_epi8(live, p.cast()) };
            _mm512_mask_cmpeq_epi8_mask(live, v, splat) << (BLOCK - end)
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
