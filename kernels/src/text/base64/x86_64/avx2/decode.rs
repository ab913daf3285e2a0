//! AVX2 decoding, after Muła & Lemire (2018), "vectorized decoding": per 32 characters,
//!
//! 1. **Validate** by nibbles: each byte's low nibble and high nibble index two 16-entry tables
//!    of class bits ([`LO_CLASSES`], [`HI_CLASSES`]); a byte is outside the alphabet exactly when
//!    the two share a bit. The invalid (high, low) pairs are covered by five rectangles: high
//!    nibble 0, 1 or 8..F with any low nibble; high 2 with a low nibble other than B (`+`) and F
//!    (`/`); high 3 with A..F; high 4 or 6 with 0 (`@`, `` ` ``); high 5 or 7 with B..F. One
//!    `vptest` of the two lookups says whether the block is clean.
//! 2. **Translate**: the value is the byte plus an offset that depends only on the high nibble
//!    (`+` −(43−62), digits +4, upper case −65, lower case −71), except that `/` shares its
//!    high nibble with `+`; comparing with `/` and adding the −1 to the nibble sends it to an
//!    entry of its own ([`SHIFTS`]).
//! 3. **Pack**: `pmaddubsw` by (64, 1) joins field pairs into 12-bit words, `pmaddwd` by
//!    (4096, 1) the words into 24-bit dwords; `pshufb` takes each dword's three bytes high to
//!    low, and `vpermd` closes the gap between the lanes: 24 bytes.
//!
//! A block with any byte outside the alphabet (`=` included) is not decoded here: the scalar
//! code takes over from its start, so it alone decides error positions, and the final quantum
//! (which may hold padding) always goes to it. After the 32-character blocks one 16-character
//! block runs on 128-bit registers with the same tables.

use core::arch::x86_64::*;

use super::super::both_lanes;
use crate::text::base64::scalar;

// Class bits of the validation tables.
/// High nibble 0, 1, 8..F: every byte invalid.
const ANY: u8 = 1 << 0;
/// High nibble 2: all but `+` (B) and `/` (F) invalid.
const H2: u8 = 1 << 1;
/// High nibble 3: A..F invalid (digits are 0..9).
const H3: u8 = 1 << 2;
/// High nibble 4 and 6: 0 invalid (`@`, `` ` ``).
const H46: u8 = 1 << 3;
/// High nibble 5 and 7: B..F invalid.
const H57: u8 = 1 << 4;

/// By low nibble: the rectangles whose low-nibble set holds it.
const LO_CLASSES: [u8; 16] = {
    let mut t = [0; 16];
    let mut lo = 0;
    while lo < 16 {
        let mut bits = ANY;
        if lo != 0xB && lo != 0xF {
            bits |= H2;
        }
        if lo >= 0xA {
            bits |= H3;
        }
        if lo == 0 {
            bits |= H46;
        }
        if lo >= 0xB {
            bits |= H57;
        }
        t[lo] = bits;
        lo += 1;
    }
    t
};

/// By high nibble: its rectangle.
const HI_CLASSES: [u8; 16] = {
    let mut t = [ANY; 16];
    t[2] = H2;
    t[3] = H3;
    t[4] = H46;
    t[6] = H46;
    t[5] = H57;
    t[7] = H57;
    t
};

/// Value minus byte, by high nibble (entry 1 is `/`, moved there by the −1 of its compare).
const SHIFTS: [u8; 16] = {
    let mut t = [0u8; 16];
    t[1] = 63u8.wrapping_sub(b'/');
    t[2] = 62u8.wrapping_sub(b'+');
    t[3] = 52u8.wrapping_sub(b'0');
    t[4] = 0u8.wrapping_sub(b'A');
    t[5] = 0u8.wrapping_sub(b'A');
    t[6] = 26u8.wrapping_sub(b'a');
    t[7] = 26u8.wrapping_sub(b'a');
    t
};

/// Per lane: the three bytes of each 24-bit dword, high to low, packed at the front.
const PACK: [u8; 16] = [
    2, 1, 0, 6, 5, 4, 10, 9, 8, 14, 13, 12, 0x80, 0x80, 0x80, 0x80,
];

const LO_TABLE: [u8; 32] = both_lanes(LO_CLASSES);
const HI_TABLE: [u8; 32] = both_lanes(HI_CLASSES);
const SHIFT_TABLE: [u8; 32] = both_lanes(SHIFTS);
const PACK_TABLE: [u8; 32] = both_lanes(PACK);

/// Loads 32 bytes of a table.
///
/// # Safety
///
/// AVX.
#[inline(always)]
unsafe fn table(t: &[u8; 32]) -> __m256i {
    // SAFETY: 32 readable bytes; AVX per the caller.
    unsafe { _mm256_loadu_si256(t.as_ptr().cast()) }
}

/// Loads 16 bytes of a table.
///
/// # Safety
///
/// SSE2.
#[inline(always)]
unsafe fn table16(t: &[u8; 32]) -> __m128i {
    // SAFETY: 16 readable bytes; SSE2 per the caller.
    unsafe { _mm_loadu_si128(t.as_ptr().cast()) }
}

/// The 24 bytes of 32 characters (in the low 24 bytes), or `None` if any is outside the
/// alphabet.
///
/// # Safety
///
/// AVX2.
#[inline(always)]
unsafe fn decode_block(v: __m256i) -> Option<__m256i> {
    // SAFETY: AVX2 per the caller.
    unsafe {
        let nibble = _mm256_set1_epi8(0x0F);
        let hi = _mm256_and_si256(_mm256_srli_epi32::<4>(v), nibble);
        let lo = _mm256_and_si256(v, nibble);
        let lo_classes = _mm256_shuffle_epi8(table(&LO_TABLE), lo);
        let hi_classes = _mm256_shuffle_epi8(table(&HI_TABLE), hi);
        if _mm256_testz_si256(lo_classes, hi_classes) == 0 {
            return None;
        }
        let slash = _mm256_cmpeq_epi8(v, _mm256_set1_epi8(b'/' as i8));
        let shift = _mm256_shuffle_epi8(table(&SHIFT_TABLE), _mm256_add_epi8(hi, slash));
        let values = _mm256_add_epi8(v, shift);
        let words = _mm256_maddubs_epi16(values, _mm256_set1_epi32(0x0140_0140));
        let dwords = _mm256_madd_epi16(words, _mm256_set1_epi32(0x0001_1000));
        let packed = _mm256_shuffle_epi8(dwords, table(&PACK_TABLE));
        Some(_mm256_permutevar8x32_epi32(
            packed,
            _mm256_setr_epi32(0, 1, 2, 4, 5, 6, 3, 7),
        ))
    }
}

/// The 12 bytes of 16 characters (in the low 12 bytes), or `None`; as [`decode_block`].
///
/// # Safety
///
/// AVX2 (for the VEX forms of the SSSE3/SSE4.1 operations).
#[inline(always)]
unsafe fn decode_half(v: __m128i) -> Option<__m128i> {
    // SAFETY: AVX2 per the caller.
    unsafe {
        let nibble = _mm_set1_epi8(0x0F);
        let hi = _mm_and_si128(_mm_srli_epi32::<4>(v), nibble);
        let lo = _mm_and_si128(v, nibble);
        let lo_classes = _mm_shuffle_epi8(table16(&LO_TABLE), lo);
        let hi_classes = _mm_shuffle_epi8(table16(&HI_TABLE), hi);
        if _mm_testz_si128(lo_classes, hi_classes) == 0 {
            return None;
        }
        let slash = _mm_cmpeq_epi8(v, _mm_set1_epi8(b'/' as i8));
        let shift = _mm_shuffle_epi8(table16(&SHIFT_TABLE), _mm_add_epi8(hi, slash));
        let values = _mm_add_epi8(v, shift);
        let words = _mm_maddubs_epi16(values, _mm_set1_epi32(0x0140_0140));
        let dwords = _mm_madd_epi16(words, _mm_set1_epi32(0x0001_1000));
        Some(_mm_shuffle_epi8(dwords, table16(&PACK_TABLE)))
    }
}

/// Decodes `src` into `dst`: the bytes written, or the position of the first invalid byte.
///
/// # Safety
///
/// The CPU supports AVX2; `dst.len() >= decoded_len_max(src.len())`.
#[target_feature(enable = "avx2")]
pub unsafe fn decode(src: &[u8], dst: &mut [u8]) -> Result<usize, usize> {
    let n = src.len();
    // Everything before the final quantum (or before the incomplete end).
    let body = n.saturating_sub(1) / 4 * 4;
    let (sp, dp) = (src.as_ptr(), dst.as_mut_ptr());
    let (mut i, mut o) = (0, 0);
    // Invariant: every quantum before `i` holds four alphabet characters, `o == i / 4 * 3`, and
    // `dst.len() >= o + (n - i) / 4 * 3`: room for 24 bytes per block of 32 still to come.
    while i + 32 <= body {
        // SAFETY: `i + 32 <= n` bytes readable.
        let Some(bytes) = (unsafe { decode_block(_mm256_loadu_si256(sp.add(i).cast())) }) else {
            break;
        };
        // SAFETY: a whole-vector store only where `dst` has 32 bytes at `o`; else 16 + 8 bytes,
        // within the 24 bytes of room the invariant gives.
        unsafe {
            if o + 32 <= dst.len() {
                _mm256_storeu_si256(dp.add(o).cast(), bytes);
            } else {
                _mm_storeu_si128(dp.add(o).cast(), _mm256_castsi256_si128(bytes));
                _mm_storel_epi64(dp.add(o + 16).cast(), _mm256_extracti128_si256::<1>(bytes));
            }
        }
        i += 32;
        o += 24;
    }
    if i + 16 <= body {
        // SAFETY: `i + 16 <= n` bytes readable.
        if let Some(bytes) = unsafe { decode_half(_mm_loadu_si128(sp.add(i).cast())) } {
            // SAFETY: as above, 16 bytes where there is room, else 8 + 4 of the 12 the
            // invariant gives.
            unsafe {
                if o + 16 <= dst.len() {
                    _mm_storeu_si128(dp.add(o).cast(), bytes);
                } else {
                    _mm_storel_epi64(dp.add(o).cast(), bytes);
                    let last = _mm_extract_epi32::<2>(bytes) as u32;
                    dp.add(o + 8).cast::<u32>().write_unaligned(last);
                }
            }
            i += 16;
            o += 12;
        }
    }
    scalar::decode_at(src, dst, i, o)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::base64::scalar::{INVALID, VALUES};

    #[test]
    fn nibble_tables_classify_every_byte() {
        for byte in 0..=255u8 {
            let hit = LO_CLASSES[usize::from(byte & 15)] & HI_CLASSES[usize::from(byte >> 4)];
            assert_eq!(
                hit != 0,
                VALUES[usize::from(byte)] == INVALID,
                "{byte:#04x}"
            );
        }
    }

    #[test]
    fn shifts_translate_every_alphabet_byte() {
        for (value, &byte) in scalar::ALPHABET.iter().enumerate() {
            let index = (byte >> 4) - u8::from(byte == b'/');
            assert_eq!(byte.wrapping_add(SHIFTS[usize::from(index)]), value as u8);
        }
    }
}
