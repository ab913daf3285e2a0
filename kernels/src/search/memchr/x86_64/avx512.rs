//! AVX-512 (F + BW): 64 bytes per vector, comparisons in mask registers; inputs shorter than a
//! vector are read with one masked load, which never touches the bytes past the end.

use core::arch::x86_64::*;

use super::generic;
use crate::simd::avx512::load_prefix;

/// First index of `needle`.
///
/// # Safety
///
/// The CPU supports AVX-512F and AVX-512BW.
#[target_feature(enable = "avx512f,avx512bw")]
pub unsafe fn memchr(needle: u8, haystack: &[u8]) -> Option<usize> {
    if haystack.len() < 64 {
        // SAFETY: AVX-512F/BW enabled; `len < 64` bytes readable at the pointer.
        let m = unsafe { short_mask(needle, haystack) };
        return (m != 0).then(|| m.trailing_zeros() as usize);
    }
    // SAFETY: AVX-512F/BW enabled; at least one 64-byte vector.
    unsafe { generic::find::<__m512i>(needle, haystack) }
}

/// Last index of `needle`.
///
/// # Safety
///
/// The CPU supports AVX-512F and AVX-512BW.
#[target_feature(enable = "avx512f,avx512bw")]
pub unsafe fn memrchr(needle: u8, haystack: &[u8]) -> Option<usize> {
    if haystack.len() < 64 {
        // SAFETY: AVX-512F/BW enabled; `len < 64` bytes readable at the pointer.
        let m = unsafe { short_mask(needle, haystack) };
        return (m != 0).then(|| 63 - m.leading_zeros() as usize);
    }
    // SAFETY: AVX-512F/BW enabled; at least one 64-byte vector.
    unsafe { generic::rfind::<__m512i>(needle, haystack) }
}

/// Bit `i` set where `haystack[i] == needle`, for a haystack shorter than a vector.
///
/// # Safety
///
/// AVX-512F and BW; `haystack.len() < 64`.
#[inline(always)]
unsafe fn short_mask(needle: u8, haystack: &[u8]) -> u64 {
    // SAFETY: the caller's features; `load_prefix` reads only `len` bytes. Zeroed lanes past the
    // end compare equal to a zero needle, so the comparison is restricted to the loaded lanes.
    unsafe {
        let len = haystack.len();
        let v = load_prefix(haystack.as_ptr(), len);
        _mm512_mask_cmpeq_epi8_mask((1u64 << len) - 1, v, _mm512_set1_epi8(needle as i8))
    }
}
