//! AVX-512 VBMI decoding, after Muła & Lemire (2019/2020), per 64 characters:
//!
//! 1. **Translate and validate**: `vpermi2b` looks every byte up in a 128-entry table (two
//!    registers, indexed by the byte's low seven bits) holding each character's 6-bit value and
//!    0x80 for every other byte. A byte is outside the alphabet when bit 7 is set in its value
//!    or in itself (0x80..0xFF alias the ASCII entries), so one OR and `vpmovb2m` give the mask
//!    of invalid bytes.
//! 2. **Pack**: `vpmaddubsw` by (64, 1) and `vpmaddwd` by (4096, 1) join each four fields into a
//!    24-bit dword; `vpermb` gathers the three bytes of every dword, high to low, into the first
//!    48 bytes.
//!
//! A block with an invalid byte (`=` included) goes to the scalar code from its start, which
//! alone decides error positions. The final 1..=64 characters are read with one masked load:
//! when they end in a valid padding (`=` or `==` after a character whose spare bits are zero,
//! checked in scalar) the padding lanes are zeroed and the bytes written with one masked store;
//! anything else in them goes to the scalar code.

use core::arch::x86_64::*;

use super::super::low_mask;
use crate::text::base64::scalar::{self, PAD, VALUES};

/// `vpermb` indices: output byte `3k + j` is byte `2 − j` of dword `k`.
const COMPACT: [u8; 64] = {
    let mut t = [0; 64];
    let mut k = 0;
    while k < 16 {
        t[3 * k] = (4 * k + 2) as u8;
        t[3 * k + 1] = (4 * k + 1) as u8;
        t[3 * k + 2] = (4 * k) as u8;
        k += 1;
    }
    t
};

/// A 64-byte piece of the value table: bytes `from..from + 64`.
const fn values_from(from: usize) -> [u8; 64] {
    let mut t = [0; 64];
    let mut i = 0;
    while i < 64 {
        t[i] = VALUES[from + i];
        i += 1;
    }
    t
}

const VALUES_LO: [u8; 64] = values_from(0);
const VALUES_HI: [u8; 64] = values_from(64);

/// Loads a 64-byte table.
///
/// # Safety
///
/// AVX-512F.
#[inline(always)]
unsafe fn table(t: &[u8; 64]) -> __m512i {
    // SAFETY: 64 readable bytes; AVX-512F per the caller.
    unsafe { _mm512_loadu_si512(t.as_ptr().cast()) }
}

/// The 6-bit values of the 64 bytes of `v`, and the mask of those outside the alphabet.
///
/// # Safety
///
/// AVX-512F, BW and VBMI.
#[inline(always)]
unsafe fn translate(v: __m512i) -> (__m512i, u64) {
    // SAFETY: the caller's features.
    unsafe {
        let values = _mm512_permutex2var_epi8(table(&VALUES_LO), v, table(&VALUES_HI));
        (values, _mm512_movepi8_mask(_mm512_or_si512(values, v)))
    }
}

/// The 48 bytes (at the front) of 64 valid 6-bit values.
///
/// # Safety
///
/// AVX-512F, BW and VBMI.
#[inline(always)]
unsafe fn pack(values: __m512i) -> __m512i {
    // SAFETY: the caller's features.
    unsafe {
        let words = _mm512_maddubs_epi16(values, _mm512_set1_epi32(0x0140_0140));
        let dwords = _mm512_madd_epi16(words, _mm512_set1_epi32(0x0001_1000));
        _mm512_permutexvar_epi8(table(&COMPACT), dwords)
    }
}

/// The final `1..=64` characters at `i`, in one masked block, padding included: the bytes
/// written there, or `None` when they are not a valid ending (a length not a multiple of 4, a
/// byte outside the alphabet, misplaced padding, non-zero trailing bits), which the scalar code
/// then sorts out.
///
/// # Safety
///
/// AVX-512F, BW and VBMI; `src.len() - i` in `1..=64`; `dst` has room for
/// `(src.len() - i) / 4 * 3` bytes at `o`.
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
    let data = low_mask(rest - pads);
    // SAFETY: the masked load reads `i..n`; the caller's features.
    let (values, invalid) = unsafe {
        translate(_mm512_maskz_loadu_epi8(
            low_mask(rest),
            src.as_ptr().add(i).cast(),
        ))
    };
    if invalid & data != 0 {
        return None;
    }
    // The character before the padding holds bits past the data, which must be zero.
    let spare = match pads {
        1 => VALUES[usize::from(src[n - 2])] & 0x03,
        2 => VALUES[usize::from(src[n - 3])] & 0x0F,
        _ => 0,
    };
    if spare != 0 {
        return None;
    }
    let len = rest / 4 * 3 - pads;
    // SAFETY: writes `o..o + len`, within the caller's room; the padding lanes are zeroed so
    // they add no bits.
    unsafe {
        let bytes = pack(_mm512_maskz_mov_epi8(data, values));
        _mm512_mask_storeu_epi8(dst.as_mut_ptr().add(o).cast(), low_mask(len), bytes);
    }
    Some(len)
}

/// Decodes `src` into `dst`: the bytes written, or the position of the first invalid byte.
///
/// # Safety
///
/// The CPU supports AVX-512F, BW and VBMI; `dst.len() >= decoded_len_max(src.len())`.
#[target_feature(enable = "avx512f,avx512bw,avx512vbmi")]
pub unsafe fn decode(src: &[u8], dst: &mut [u8]) -> Result<usize, usize> {
    let n = src.len();
    let (sp, dp) = (src.as_ptr(), dst.as_mut_ptr());
    let (mut i, mut o) = (0, 0);
    // Invariant: every quantum before `i` holds four alphabet characters, `o == i / 4 * 3`, and
    // `dst.len() >= o + (n - i) / 4 * 3`: room for 48 bytes per block of 64 still to come. The
    // loops leave the final 1..=64 characters, which may hold padding. Two blocks per step
    // while both stores fit whole; a block with an invalid byte stops it, and the one-block loop
    // below meets that block again.
    while i + 128 < n && o + 112 <= dst.len() {
        // SAFETY: `i + 128 <= n` bytes readable.
        let ((values0, invalid0), (values1, invalid1)) = unsafe {
            (
                translate(_mm512_loadu_si512(sp.add(i).cast())),
                translate(_mm512_loadu_si512(sp.add(i + 64).cast())),
            )
        };
        if invalid0 | invalid1 != 0 {
            break;
        }
        // SAFETY: `o + 48 + 64 <= dst.len()`.
        unsafe {
            _mm512_storeu_si512(dp.add(o).cast(), pack(values0));
            _mm512_storeu_si512(dp.add(o + 48).cast(), pack(values1));
        }
        i += 128;
        o += 96;
    }
    while i + 64 < n {
        // SAFETY: `i + 64 <= n` bytes readable.
        let (values, invalid) = unsafe { translate(_mm512_loadu_si512(sp.add(i).cast())) };
        if invalid != 0 {
            return scalar::decode_at(src, dst, i, o);
        }
        // SAFETY: a whole-vector store only where `dst` has 64 bytes at `o`; else a masked
        // store of the 48 bytes of room the invariant gives.
        unsafe {
            let bytes = pack(values);
            if o + 64 <= dst.len() {
                _mm512_storeu_si512(dp.add(o).cast(), bytes);
            } else {
                _mm512_mask_storeu_epi8(dp.add(o).cast(), low_mask(48), bytes);
            }
        }
        i += 64;
        o += 48;
    }
    if i == n {
        return Ok(o);
    }
    // SAFETY: `1 <= n - i <= 64`, room by the invariant; the caller's features.
    match unsafe { final_block(src, dst, i, o) } {
        Some(len) => Ok(o + len),
        None => scalar::decode_at(src, dst, i, o),
    }
}
