//! AVX-512: 64 positions per step, candidates in mask registers; 32..64 positions take AVX2
//! vectors, 16..32 SSE2, fewer go position by position, and a one-byte needle is
//! `search.memchr`'s AVX-512 variant.

use core::arch::x86_64::{__m128i, __m256i, __m512i};

use super::generic;
use crate::search::memchr::x86_64::avx512 as memchr;
use crate::search::memmem::Needle;

/// First index of `needle` in `haystack`.
///
/// # Safety
///
/// The CPU supports AVX-512F and AVX-512BW.
#[target_feature(enable = "avx512f,avx512bw")]
pub unsafe fn memmem(needle: &Needle<'_>, haystack: &[u8]) -> Option<usize> {
    let x = needle.bytes();
    match x.len() {
        0 => return Some(0),
        // SAFETY: AVX-512F and BW, as the caller guarantees.
        1 => return unsafe { memchr::memchr(x[0], haystack) },
        _ => {}
    }
    match (haystack.len() + 1).saturating_sub(x.len()) {
        0..16 => generic::short(x, haystack),
        // SAFETY: AVX-512F implies SSE2; 16 positions or more and a needle of two or more bytes.
        16..32 => unsafe { generic::find::<__m128i>(needle, haystack) },
        // SAFETY: AVX-512F implies AVX2; 32 positions or more, a needle of two or more bytes.
        32..64 => unsafe { generic::find::<__m256i>(needle, haystack) },
        // SAFETY: AVX-512F and BW; 64 positions or more, a needle of two or more bytes.
        _ => unsafe { generic::find::<__m512i>(needle, haystack) },
    }
}
