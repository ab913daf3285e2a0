//! SSE2: 16 bytes per vector; inputs shorter than a vector go byte by byte.

use core::arch::x86_64::__m128i;

use super::generic;
use crate::search::memchr::scalar;

/// First index of `needle`.
///
/// # Safety
///
/// The CPU supports SSE2.
#[target_feature(enable = "sse2")]
pub unsafe fn memchr(needle: u8, haystack: &[u8]) -> Option<usize> {
    if haystack.len() < 16 {
        return scalar::find(needle, haystack);
    }
    // SAFETY: SSE2 is enabled here and the haystack holds at least one vector.
    unsafe { generic::find::<__m128i>(needle, haystack) }
}

/// Last index of `needle`.
///
/// # Safety
///
/// The CPU supports SSE2.
#[target_feature(enable = "sse2")]
pub unsafe fn memrchr(needle: u8, haystack: &[u8]) -> Option<usize> {
    if haystack.len() < 16 {
        return scalar::rfind(needle, haystack);
    }
    // SAFETY: SSE2 is enabled here and the haystack holds at least one vector.
    unsafe { generic::rfind::<__m128i>(needle, haystack) }
}
