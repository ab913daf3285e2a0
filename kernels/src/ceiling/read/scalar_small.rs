//! Short inputs without a loop, in portable code: up to eight whole words (64 bytes) are summed
//! by straight-line code behind at most three predicted branches on the length. Longer inputs
//! take the reference loop ([`scalar::sum`]), which is what this variant measures there.
//!
//! - 8 words, one whole 64-byte line: the eight words, no mask (the optimiser pairs them into
//!   four 16-byte loads and a short reduction on SSE2). This is the first test, as the
//!   single-vector tier of a byte scan (one 64-byte compare at exactly 64 bytes) is the
//!   cheapest call a bytes op makes, and the ceiling has to be no dearer there.
//! - 4 to 7 words: the first four words plus the last four, the last four each ANDed with a
//!   keep-mask that clears the words already counted among the first four (a window of
//!   `KEEP` picked by the word count). Eight word loads, four ANDs and seven adds whatever the
//!   count, with no branch on it: the overlap idea of short `memcpy` (two possibly overlapping
//!   blocks, one from each end), made exact for a sum by masking the overlap out.
//! - 2 or 3 words: the first two, plus the third when there is one.
//! - 0 or 1 word: that word or nothing.
//!
//! A bytes op's small-size figure is set against the best `ceiling.read` variant at that size,
//! so at 16–64 B the ceiling must cost little more per call than its loads and adds; the looped
//! reference spends more than that on its set-up and its remainder pass, a jump table on the
//! word count (one indirect jump) measured slower than these branches on Sapphire Rapids, and
//! the 4–7-word form costs a measurable tenth of a nanosecond more than the whole line.

use crate::ceiling::read::scalar;

/// Inputs of at most this many whole words take the straight-line sums.
const MAX_WORDS: usize = 8;

/// Keep-masks for the last four words: for `n` words (4 ≤ n ≤ 8, used for n < 8) the window `KEEP[n - 4..n]`
/// has lane `j` (word `n - 4 + j`) all ones exactly when `n - 4 + j >= 4`, i.e. when that word
/// is not one of the first four. (A `const`, so that it is addressed directly, not through the
/// global offset table as a `static` can be.)
const KEEP: [u64; MAX_WORDS] = [0, 0, 0, 0, !0, !0, !0, !0];

/// The wrapping sum of the whole little-endian `u64` words of `data`.
///
/// # Safety
///
/// None beyond the types: this is safe code with the variant signature.
pub unsafe fn read(data: &[u8]) -> u64 {
    sum(data)
}

/// The wrapping sum of the whole little-endian `u64` words of `data` (safe form).
#[inline(always)]
pub fn sum(data: &[u8]) -> u64 {
    let n = data.len() / 8;
    let p = data.as_ptr();
    let word = |at: *const u8, i: usize| {
        // SAFETY: every call below reads word `i` of `at`, where `at` is `p` or `p + 8 * (n - 4)`
        // and `i < n` resp. `i < 4` (`n >= 4`): a whole word inside `data` (`n = data.len() / 8`).
        // The read is unaligned.
        u64::from_le_bytes(unsafe { at.add(8 * i).cast::<[u8; 8]>().read_unaligned() })
    };
    if n >= MAX_WORDS {
        if n > MAX_WORDS {
            return longer(data);
        }
        // A whole 64-byte line: eight loads and no mask.
        return (0..MAX_WORDS).fold(0u64, |t, i| t.wrapping_add(word(p, i)));
    }
    if n >= 4 {
        let head = word(p, 0)
            .wrapping_add(word(p, 1))
            .wrapping_add(word(p, 2))
            .wrapping_add(word(p, 3));
        // The last four words, as one block (so the optimiser loads them as two vectors).
        // SAFETY: `n >= 4`, so the offset `8 * (n - 4)` stays inside `data`.
        let last = unsafe { p.add(8 * (n - 4)) };
        let keep = &KEEP[n - 4..n];
        let tail = (word(last, 0) & keep[0])
            .wrapping_add(word(last, 1) & keep[1])
            .wrapping_add(word(last, 2) & keep[2])
            .wrapping_add(word(last, 3) & keep[3]);
        return head.wrapping_add(tail);
    }
    if n >= 2 {
        let third = if n == 3 { word(p, 2) } else { 0 };
        return word(p, 0).wrapping_add(word(p, 1)).wrapping_add(third);
    }
    if n == 1 {
        word(p, 0)
    } else {
        0
    }
}

/// Past 64 bytes: the reference loop, out of line and marked cold so that the optimiser lays
/// the short paths out as the fall-through (a taken branch is a measurable share of a 64-byte
/// call).
#[cold]
#[inline(never)]
fn longer(data: &[u8]) -> u64 {
    scalar::sum(data)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_short_length_matches_the_reference() {
        let bytes: [u8; 80] = core::array::from_fn(|i| (i as u8).wrapping_mul(37) ^ 0xA5);
        for len in 0..=bytes.len() {
            assert_eq!(sum(&bytes[..len]), scalar::sum(&bytes[..len]), "len {len}");
        }
    }

    #[test]
    fn keep_masks_clear_exactly_the_first_four_words() {
        for n in 4..=MAX_WORDS {
            for (j, &k) in KEEP[n - 4..n].iter().enumerate() {
                assert_eq!(k == !0, n - 4 + j >= 4, "n {n}, lane {j}");
            }
        }
    }
}
