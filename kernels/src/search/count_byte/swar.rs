//! SIMD within a register: eight bytes per `u64`.
//!
//! A lane of `x = word ^ splat(needle)` is zero exactly where the needle is, and
//! `!(((x & 0x7F…) + 0x7F…) | x) & 0x80…` sets the high bit of precisely those lanes with no carry
//! between lanes (Hacker's Delight, §6-1; memchr's SWAR variant's test, shared). Shifted down to
//! the low bit, the matches of up to 255 words add up in the eight byte lanes of one `u64` without
//! overflowing a lane; a multiplication by `0x0101…` then sums the lanes into the top byte (§5-1's
//! horizontal add).

use crate::search::memchr::swar::ONES;

/// Words added into the byte lanes before they are summed: a lane gains at most one per word.
const FLUSH: usize = 255;

/// 1 in exactly the lanes of `word` equal to the needle broadcast in `splat`, 0 elsewhere.
#[inline(always)]
fn matches(word: u64, splat: u64) -> u64 {
    crate::search::memchr::swar::matches(word, splat) >> 7
}

/// The sum of the eight byte lanes of `lanes` (each at most 255, so the sum fits in 11 bits).
#[inline(always)]
fn sum_lanes(lanes: u64) -> usize {
    // Pairs, then quads, then all eight, in 16-bit lanes that cannot overflow.
    let pairs = (lanes & 0x00FF_00FF_00FF_00FF) + ((lanes >> 8) & 0x00FF_00FF_00FF_00FF);
    (pairs.wrapping_mul(0x0001_0001_0001_0001) >> 48) as usize
}

/// How many bytes of `haystack` equal `needle`, a word at a time.
///
/// # Safety
///
/// None beyond the types: this is safe code with the variant signature.
pub unsafe fn count_byte(needle: u8, haystack: &[u8]) -> usize {
    let splat = ONES * u64::from(needle);
    let mut words = haystack.chunks_exact(8);
    let mut total = 0;
    loop {
        let mut lanes = 0u64;
        let mut n = 0;
        for chunk in (&mut words).take(FLUSH) {
            let word = u64::from_le_bytes(chunk.try_into().expect("chunks of exactly 8 bytes"));
            lanes += matches(word, splat);
            n += 1;
        }
        total += sum_lanes(lanes);
        if n < FLUSH {
            break;
        }
    }
    total + super::scalar::count(needle, words.remainder())
}
