//! AVX2 decoding, after Muła & Lemire (2018), "vectorized decoding": per 32 characters,
//!
//! 1. **Validate** by nibbles: each byte's low nibble and high nibble index two 16-entry tables
//!    of class bits ([`LO_CLASSES`], [`HI_CLASSES`]); a byte is outside the alphabet exactly when
//!    the two share a bit. The invalid (high, low) pairs are covered by five rectangles: high
//!    nibble 0, 1 or 8..F with any low nibble; high 2 with a low nibble other than B (`+`) and F
//!    (`/`); high 3 with A..F; high 4 or 6 with 0 (`@`, `` ` ``); high 5 or 7 with B..F. One
//!    `vptest` of the two lookups says whether the block is clean.
//! 2. **Translate**: the value is the byte plus an offset that depends only on the high nibble
//!    (`+` +19, digits +4, upper case −65, lower case −71), except that `/` (+16) shares its
//!    high nibble with `+`; comparing with `/` and adding the −1 to the nibble sends it to an
//!    entry of its own ([`SHIFTS`]).
//! 3. **Pack**: `pmaddubsw` by (64, 1) joins field pairs into 12-bit words, `pmaddwd` by
//!    (4096, 1) the words into 24-bit dwords; `pshufb` takes each dword's three bytes high to
//!    low, and `vpermd` closes the gap between the lanes: 24 bytes.
//!
//! A block with any byte outside the alphabet (`=` included) is not decoded here: the scalar
//! code takes over from its start, so it alone decides error positions. The final 1..=32
//! characters are read with a dword-masked load (`vpmaskmovd`; a valid ending is whole quanta):
//! when they end in a valid padding, checked in scalar, the padding lanes are cleared before the
//! packing; anything else in them goes to the scalar code.

use core::arch::x86_64::*;

use super::super::both_lanes;
use crate::text::base64::scalar::{self, PAD, VALUES};

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

/// Byte `i` holds `i`: compared with a length, the mask of the bytes before it.
const BYTE_INDEX: [u8; 32] = {
    let mut t = [0; 32];
    let mut i = 0;
    while i < 32 {
        t[i] = i as u8;
        i += 1;
    }
    t
};

/// The high nibbles of `v`, and whether every byte selected by `keep` (all bytes: all ones) is
/// in the alphabet.
///
/// # Safety
///
/// AVX2.
#[inline(always)]
unsafe fn classify(v: __m256i, keep: __m256i) -> (__m256i, bool) {
    // SAFETY: AVX2 per the caller.
    unsafe {
        let nibble = _mm256_set1_epi8(0x0F);
        let hi = _mm256_and_si256(_mm256_srli_epi32::<4>(v), nibble);
        let lo = _mm256_and_si256(v, nibble);
        let lo_classes = _mm256_and_si256(_mm256_shuffle_epi8(table(&LO_TABLE), lo), keep);
        let hi_classes = _mm256_shuffle_epi8(table(&HI_TABLE), hi);
        (hi, _mm256_testz_si256(lo_classes, hi_classes) != 0)
    }
}

/// The 24 bytes (in the low 24 bytes) of 32 alphabet characters, given their high nibbles;
/// bytes cleared by `keep` count as zero fields.
///
/// # Safety
///
/// AVX2.
#[inline(always)]
unsafe fn decode_valid(v: __m256i, hi: __m256i, keep: __m256i) -> __m256i {
    // SAFETY: AVX2 per the caller.
    unsafe {
        let slash = _mm256_cmpeq_epi8(v, _mm256_set1_epi8(b'/' as i8));
        let shift = _mm256_shuffle_epi8(table(&SHIFT_TABLE), _mm256_add_epi8(hi, slash));
        let values = _mm256_and_si256(_mm256_add_epi8(v, shift), keep);
        let words = _mm256_maddubs_epi16(values, _mm256_set1_epi32(0x0140_0140));
        let dwords = _mm256_madd_epi16(words, _mm256_set1_epi32(0x0001_1000));
        let packed = _mm256_shuffle_epi8(dwords, table(&PACK_TABLE));
        _mm256_permutevar8x32_epi32(packed, _mm256_setr_epi32(0, 1, 2, 4, 5, 6, 3, 7))
    }
}

/// The final `1..=32` characters at `i`, padding included: the bytes written, or `None` when
/// they are not a valid ending (a length not a multiple of 4, a byte outside the alphabet,
/// misplaced padding, non-zero trailing bits), which the scalar code then sorts out. A valid
/// ending is a whole number of quanta, so `vpmaskmovd` reads exactly its dwords; the bytes go
/// through a stack buffer, as the 3-byte groups do not fill dwords.
///
/// # Safety
///
/// AVX2; `src.len() - i` in `1..=32`; `dst` has room for `(src.len() - i) / 4 * 3` bytes at
/// `o`.
#[inline(always)]
unsafe fn final_block(src: &[u8], dst: &mut [u8], i: usize, o: usize) -> Option<usize> {
    let n = src.len();
    let rest = n - i;
    if !rest.is_multiple_of(4) {
        return None;
    }
    let pads = match (src[n - 2], src[n - 1]) {
        (PAD, PAD) => 2,
        (_, PAD) => 1,
        _ => 0,
    };
    let spare = match pads {
        1 => VALUES[usize::from(src[n - 2])] & 0x03,
        2 => VALUES[usize::from(src[n - 3])] & 0x0F,
        _ => 0,
    };
    if spare != 0 {
        return None;
    }
    let len = rest / 4 * 3 - pads;
    let mut out = [0u8; 32];
    // SAFETY: AVX2 per the caller; the masked load reads the `rest / 4` dwords of `i..n` only.
    unsafe {
        let dwords = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
        let load = _mm256_cmpgt_epi32(_mm256_set1_epi32((rest / 4) as i32), dwords);
        let v = _mm256_maskload_epi32(src.as_ptr().add(i).cast(), load);
        let keep = _mm256_cmpgt_epi8(_mm256_set1_epi8((rest - pads) as i8), table(&BYTE_INDEX));
        let (hi, valid) = classify(v, keep);
        if !valid {
            return None;
        }
        _mm256_storeu_si256(out.as_mut_ptr().cast(), decode_valid(v, hi, keep));
    }
    dst[o..o + len].copy_from_slice(&out[..len]);
    Some(len)
}

/// Decodes `src` into `dst`: the bytes written, or the position of the first invalid byte.
///
/// # Safety
///
/// The CPU supports AVX2; `dst.len() >= decoded_len_max(src.len())`.
#[target_feature(enable = "avx2")]
pub unsafe fn decode(src: &[u8], dst: &mut [u8]) -> Result<usize, usize> {
    let n = src.len();
    let (sp, dp) = (src.as_ptr(), dst.as_mut_ptr());
    let (mut i, mut o) = (0, 0);
    let all = _mm256_set1_epi8(-1);
    // Invariant: every quantum before `i` holds four alphabet characters, `o == i / 4 * 3`, and
    // `dst.len() >= o + (n - i) / 4 * 3`: room for 24 bytes per block of 32 still to come. The
    // loop leaves the final 1..=32 characters, which may hold padding.
    while i + 32 < n {
        // SAFETY: `i + 32 <= n` bytes readable.
        let v = unsafe { _mm256_loadu_si256(sp.add(i).cast()) };
        // SAFETY: AVX2 is enabled.
        let (hi, valid) = unsafe { classify(v, all) };
        if !valid {
            return scalar::decode_at(src, dst, i, o);
        }
        // SAFETY: AVX2; a whole-vector store only where `dst` has 32 bytes at `o`; else
        // 16 + 8 bytes, within the 24 bytes of room the invariant gives.
        unsafe {
            let bytes = decode_valid(v, hi, all);
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
    if i == n {
        return Ok(o);
    }
    // SAFETY: AVX2; `1 <= n - i <= 32`, room by the invariant.
    match unsafe { final_block(src, dst, i, o) } {
        Some(len) => Ok(o + len),
        None => scalar::decode_at(src, dst, i, o),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::base64::scalar::INVALID;

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
