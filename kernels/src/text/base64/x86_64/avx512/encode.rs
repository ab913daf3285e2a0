//! AVX-512 VBMI encoding, after Muła & Lemire (2019/2020), per 48 input bytes:
//!
//! 1. `vpermb` spreads every 3-byte group `s0 s1 s2` into the dword `[s1, s0, s2, s1]` — across
//!    the whole register, so no lane trick is needed.
//! 2. `vpmultishiftqb` copies, for each output byte, the 8 bits starting at a chosen bit of its
//!    qword: in the dword the fields `a b c d` start at bits 10, 4, 22 and 16 (42, 36, 54, 48 in
//!    the upper dword of the qword). The two bits above each field are left over.
//! 3. `vpermb` with the 64-character alphabet as the table gives the characters: it reads only
//!    the low six bits of each index, so the leftover bits need no mask.
//!
//! The main loop loads 64 bytes and uses 48; the last 48..64 bytes are read with a masked load,
//! and an input (or tail) under 48 bytes with a masked load of its length whose zero lanes make
//! the zero fill bits of the final group; its `=` padding is blended in-register and the
//! characters written with one masked store.

use core::arch::x86_64::*;

use super::super::low_mask;
use crate::text::base64::encoded_len;
use crate::text::base64::scalar::{ALPHABET, PAD};

/// `vpermb` indices: output dword `g` is `[s1, s0, s2, s1]` of input group `g`.
const SPREAD: [u8; 64] = {
    let mut t = [0; 64];
    let mut g = 0;
    while g < 16 {
        let s = 3 * g as u8;
        t[4 * g] = s + 1;
        t[4 * g + 1] = s;
        t[4 * g + 2] = s + 2;
        t[4 * g + 3] = s + 1;
        g += 1;
    }
    t
};

/// `vpmultishiftqb` bit offsets of the fields `a b c d` in each dword of a qword.
const FIELD_SHIFTS: i64 = i64::from_le_bytes([10, 4, 22, 16, 32 + 10, 32 + 4, 32 + 22, 32 + 16]);

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

/// The 64 characters of the 48 bytes at the start of `v`.
///
/// # Safety
///
/// AVX-512F, BW and VBMI.
#[inline(always)]
unsafe fn encode_block(v: __m512i) -> __m512i {
    // SAFETY: the caller's features.
    unsafe {
        let spread = _mm512_permutexvar_epi8(table(&SPREAD), v);
        let fields = _mm512_multishift_epi64_epi8(_mm512_set1_epi64(FIELD_SHIFTS), spread);
        _mm512_permutexvar_epi8(fields, table(ALPHABET))
    }
}

/// Encodes `src` into `dst`.
///
/// # Safety
///
/// The CPU supports AVX-512F, BW and VBMI; `dst.len() == encoded_len(src.len())`.
#[target_feature(enable = "avx512f,avx512bw,avx512vbmi")]
pub unsafe fn encode(src: &[u8], dst: &mut [u8]) {
    let n = src.len();
    let (sp, dp) = (src.as_ptr(), dst.as_mut_ptr());
    let (mut i, mut o) = (0, 0);
    // Invariant: `o == i / 3 * 4`; a step writes `o..o + 64`, the characters of `i..i + 48`.
    while i + 64 <= n {
        // SAFETY: `i + 64 <= n`; `o + 64 == encoded_len(i + 48) <= dst.len()`.
        unsafe {
            let v = _mm512_loadu_si512(sp.add(i).cast());
            _mm512_storeu_si512(dp.add(o).cast(), encode_block(v));
        }
        i += 48;
        o += 64;
    }
    if n - i >= 48 {
        // SAFETY: the masked load reads `i..i + 48 <= n`; the store as in the loop.
        unsafe {
            let v = _mm512_maskz_loadu_epi8(low_mask(48), sp.add(i).cast());
            _mm512_storeu_si512(dp.add(o).cast(), encode_block(v));
        }
        i += 48;
        o += 64;
    }
    let rest = n - i;
    if rest > 0 {
        let (len, data) = (encoded_len(rest), (4 * rest).div_ceil(3));
        // SAFETY: the load reads `i..n`, the store writes `o..o + len == dst.len()`; lanes past
        // `rest` load as zero, the zero fill of the final group.
        unsafe {
            let v = _mm512_maskz_loadu_epi8(low_mask(rest), sp.add(i).cast());
            let pad = low_mask(len) & !low_mask(data);
            let chars = _mm512_mask_blend_epi8(pad, encode_block(v), _mm512_set1_epi8(PAD as i8));
            _mm512_mask_storeu_epi8(dp.add(o).cast(), low_mask(len), chars);
        }
    }
}
