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
