//! The reference: each block's mask built a byte at a time.

use super::{BLOCK, SPAN};

/// From `from` on, the first block holding a match and the masks of up to [`SPAN`] blocks from
/// there: the block's start and how many masks were written.
///
/// # Safety
///
/// None beyond the types: this is safe code with the variant signature.
pub unsafe fn next_blocks(
    needle: u8,
    haystack: &[u8],
    from: usize,
    masks: &mut [u64; SPAN],
) -> Option<(usize, usize)> {
    next(needle, haystack, from, masks)
}

/// [`next_blocks`] as a safe function, for the other variants' short inputs.
#[inline]
pub fn next(
    needle: u8,
    haystack: &[u8],
    from: usize,
    masks: &mut [u64; SPAN],
) -> Option<(usize, usize)> {
    let block = |at: usize| mask(needle, &haystack[at..haystack.len().min(at + BLOCK)]);
    let mut start = from;
    while start < haystack.len() {
        let first = block(start);
        if first != 0 {
            masks[0] = first;
            let mut k = 1;
            while k < SPAN && start + k * BLOCK < haystack.len() {
                masks[k] = block(start + k * BLOCK);
                k += 1;
            }
            return Some((start, k));
        }
        start += BLOCK;
    }
    None
}

/// Bit `i` set where `block[i] == needle` (`block` has at most 64 bytes).
#[inline]
pub fn mask(needle: u8, block: &[u8]) -> u64 {
    block
        .iter()
        .enumerate()
        .fold(0, |m, (i, &b)| m | (u64::from(b == needle) << i))
}

/// Backwards from `to`: the first block (the 64 bytes before its end, fewer at the haystack's
/// start) holding a match, and the masks of up to [`SPAN`] blocks from there down: the block's
/// end and how many masks were written. Bit `i` of a block ending at `e` is byte `e - 64 + i`.
///
/// # Safety
///
/// None beyond the types: this is safe code with the variant signature.
pub unsafe fn prev_blocks(
    needle: u8,
    haystack: &[u8],
    to: usize,
    masks: &mut [u64; SPAN],
) -> Option<(usize, usize)> {
    prev(needle, haystack, to, masks)
}

/// [`prev_blocks`] as a safe function, for the other variants' short inputs.
#[inline]
pub fn prev(
    needle: u8,
    haystack: &[u8],
    to: usize,
    masks: &mut [u64; SPAN],
) -> Option<(usize, usize)> {
    // Bytes before `end`, at most 64, at the top of the mask.
    let block = |end: usize| {
        let start = end.saturating_sub(BLOCK);
        mask(needle, &haystack[start..end]) << (BLOCK - (end - start))
    };
    let mut end = to.min(haystack.len());
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
