//! AVX2: 32 positions per step; 16..32 positions take SSE2 vectors, fewer go position by
//! position, and a one-byte needle is `search.memchr`'s AVX2 variant.

use core::arch::x86_64::{__m128i, __m256i};

use super::generic;
use crate::search::memchr::x86_64::avx2 as memchr;
use crate::search::memmem::Needle;

/// First index of `needle` in `haystack`.
///
/// # Safety
///
/// The CPU supports AVX2.
#[target_feature(enable = "avx2")]
pub unsafe fn memmem(needle: &Needle<'_>, haystack: &[u8]) -> Option<usize> {
    let x = needle.bytes();
    match x.len() {
        0 => return Some(0),
        // SAFETY: AVX2, as the caller guarantees.
        1 => return unsafe { memchr::memchr(x[0], haystack) },
        _ => {}
    }
    match (haystack.len() + 1).saturating_sub(x.len()) {
        0..16 => generic::short(x, haystack),
        // SAFETY: AVX2 implies SSE2; at least 16 positions and a needle of two bytes or more.
        16..32 => unsafe { generic::find::<__m128i>(needle, haystack) },
        // SAFETY: AVX2; at least 32 positions and a needle of two bytes or more.
        _ => unsafe { generic::find::<__m256i>(needle, haystack) },
    }
}
