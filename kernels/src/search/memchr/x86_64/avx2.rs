//! AVX2: 32 bytes per vector; 16..32-byte inputs take the SSE2 path, shorter ones go bytewise.

use core::arch::x86_64::{__m128i, __m256i};

use super::generic;
use crate::search::memchr::scalar;

/// First index of `needle`.
///
/// # Safety
///
/// The CPU supports AVX2.
#[target_feature(enable = "avx2")]
pub unsafe fn memchr(needle: u8, haystack: &[u8]) -> Option<usize> {
    match haystack.len() {
        0..16 => scalar::find(needle, haystack),
        // SAFETY: AVX2 implies SSE2; at least one 16-byte vector.
        16..32 => unsafe { generic::find::<__m128i>(needle, haystack) },
        // SAFETY: AVX2 is enabled; at least one 32-byte vector.
        _ => unsafe { generic::find::<__m256i>(needle, haystack) },
    }
}

/// Last index of `needle`.
///
/// # Safety
///
/// The CPU supports AVX2.
#[target_feature(enable = "avx2")]
pub unsafe fn memrchr(needle: u8, haystack: &[u8]) -> Option<usize> {
    match haystack.len() {
        0..16 => scalar::rfind(needle, haystack),
        // SAFETY: AVX2 implies SSE2; at least one 16-byte vector.
        16..32 => unsafe { generic::rfind::<__m128i>(needle, haystack) },
        // SAFETY: AVX2 is enabled; at least one 32-byte vector.
        _ => unsafe { generic::rfind::<__m256i>(needle, haystack) },
    }
}
