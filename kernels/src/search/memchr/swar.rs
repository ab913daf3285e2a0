//! SIMD within a register: eight bytes per `u64`.
//!
//! A lane of `x = word ^ splat(needle)` is zero exactly where the needle is. The classic
//! `(x - 0x01…) & !x & 0x80…` test lets a borrow mark a lane *above* a true zero, which is harmless
//! when looking for the lowest lane but wrong for the highest, so both directions use the exact
//! form (Hacker's Delight, §6-1): `!(((x & 0x7F…) + 0x7F…) | x) & 0x80…` sets the high bit of
//! precisely the zero lanes, with no carries between lanes.

const LO7: u64 = 0x7F7F_7F7F_7F7F_7F7F;
const HI: u64 = 0x8080_8080_8080_8080;
/// One in every byte lane: `ONES * needle` broadcasts a byte.
pub(crate) const ONES: u64 = 0x0101_0101_0101_0101;

/// High bit set in exactly the lanes of `word` equal to the needle broadcast in `splat` (also
/// `count_byte`'s SWAR test).
#[inline(always)]
pub(crate) fn matches(word: u64, splat: u64) -> u64 {
    let x = word ^ splat;
    !(((x & LO7) + LO7) | x) & HI
}

/// First index of `needle`, a word at a time.
///
/// # Safety
///
/// None beyond the types: this is safe code with the variant signature.
pub unsafe fn memchr(needle: u8, haystack: &[u8]) -> Option<usize> {
    let splat = ONES * u64::from(needle);
    let mut words = haystack.chunks_exact(8);
    for (i, chunk) in (&mut words).enumerate() {
        let m = matches(
            u64::from_le_bytes(chunk.try_into().expect("chunks of exactly 8 bytes")),
            splat,
        );
        if m != 0 {
            return Some(i * 8 + (m.trailing_zeros() / 8) as usize);
        }
    }
    let tail = words.remainder();
    super::scalar::find(needle, tail).map(|j| haystack.len() - tail.len() + j)
}

/// Last index of `needle`, a word at a time from the end.
///
/// # Safety
///
/// None beyond the types: this is safe code with the variant signature.
pub unsafe fn memrchr(needle: u8, haystack: &[u8]) -> Option<usize> {
    let splat = ONES * u64::from(needle);
    let mut words = haystack.rchunks_exact(8);
    for (i, chunk) in (&mut words).enumerate() {
        let m = matches(
            u64::from_le_bytes(chunk.try_into().expect("chunks of exactly 8 bytes")),
            splat,
        );
        if m != 0 {
            let lane = 7 - (m.leading_zeros() / 8) as usize;
            return Some(haystack.len() - (i + 1) * 8 + lane);
        }
    }
    super::scalar::rfind(needle, words.remainder())
}
