//! AVX2 with masked loads (`vpmaskmovq`) in place of every remainder: the AVX2 form of
//! [`super::avx512_masked`], four words per vector.
//!
//! - Up to 8 words (64 bytes): two masked loads, their lane masks from one compare of the word
//!   count against the lane indices, then the horizontal reduction. No scalar tail, no loop.
//! - 9 to 16 words (128 bytes): two full loads, then the rest as above.
//! - Longer: four loads per iteration into two accumulators, then at most two whole pairs of
//!   vectors, then the last 0–7 words with two masked loads.
//!
//! Why masked loads are safe at the end of the buffer: `vpmaskmovq` reads only the elements
//! whose mask bit (the lane's top bit) is set, zeroes the others, and "faults will not occur due
//! to referencing any memory location if the corresponding mask bit for that memory location is
//! 0" (Intel SDM vol. 2, `VPMASKMOV`; the Intel Intrinsics Guide for `_mm256_maskload_epi64`).
//! AMD's manual (APM vol. 4, `VPMASKMOVQ`) leaves faults on masked-out elements "implementation
//! dependent", and on Intel a masked-out element on an unmapped page costs a microcode assist.
//! So the masked pair is used only where its 64 bytes lie on one 4 KiB page, the page of its
//! first word: then nothing it spans can fault on any implementation. Within 64 bytes of a page end (never in the measured loop, whose input sits
//! inside one allocation) the last words are added one at a time instead.

use core::arch::x86_64::*;

use crate::ceiling::read::scalar;

/// Words per vector.
const LANES: usize = 4;

/// The bytes one masked pair spans.
const PAIR_BYTES: usize = 2 * LANES * 8;

/// Page size on every x86_64 OS: the granule of memory protection.
const PAGE: usize = 4096;

/// The wrapping sum of the whole little-endian `u64` words of `data`.
///
/// # Safety
///
/// The CPU supports AVX2.
#[target_feature(enable = "avx2")]
pub unsafe fn read(data: &[u8]) -> u64 {
    let p = data.as_ptr().cast::<u64>();
    let words = data.len() / 8;
    // SAFETY: AVX2 is enabled; each path reads exactly the first `words` words, all inside
    // `data` (full loads cover words 0..8 only when `words > 8`).
    let v = unsafe {
        if words <= 2 * LANES {
            partial(p, words)
        } else if words <= 4 * LANES {
            let full = _mm256_add_epi64(load(p), load(p.add(LANES)));
            _mm256_add_epi64(full, partial(p.add(2 * LANES), words - 2 * LANES))
        } else {
            long(p, words)
        }
    };
    // SAFETY: AVX2 is enabled.
    unsafe { reduce(v) }
}

/// 32 bytes at `p`.
///
/// # Safety
///
/// AVX2; 32 bytes readable at `p`.
#[inline(always)]
unsafe fn load(p: *const u64) -> __m256i {
    // SAFETY: per the caller; the load is unaligned.
    unsafe { _mm256_loadu_si256(p.cast()) }
}

/// The lane-wise sum of the first `words` (at most 8) words at `p`, read with two masked loads
/// when their 64 bytes cannot fault, else one word at a time. Reads nothing else.
///
/// # Safety
///
/// AVX2; `words <= 8`; `8 * words` bytes readable at `p`.
#[inline(always)]
unsafe fn partial(p: *const u64, words: usize) -> __m256i {
    debug_assert!(words <= 2 * LANES);
    if words == 0 {
        // Nothing to read, and no readable byte to vouch for the page under `p`.
        // SAFETY: AVX2 per the caller; registers only.
        return unsafe { _mm256_setzero_si256() };
    }
    // The pair spans `p .. p + 64`: on one page, the page of `p`, which is mapped because the
    // word at `p` is readable.
    if p as usize % PAGE <= PAGE - PAIR_BYTES {
        // SAFETY: AVX2; every byte of the 64 lies on a mapped page (above); lanes outside the
        // masks are not read, so the sum is that of exactly the first `words` words.
        unsafe {
            let n = _mm256_set1_epi64x(words as i64);
            let lo = _mm256_cmpgt_epi64(n, _mm256_setr_epi64x(0, 1, 2, 3));
            let hi = _mm256_cmpgt_epi64(n, _mm256_setr_epi64x(4, 5, 6, 7));
            let a = _mm256_maskload_epi64(p.cast(), lo);
            let b = _mm256_maskload_epi64(p.add(LANES).cast(), hi);
            _mm256_add_epi64(a, b)
        }
    } else {
        // SAFETY: `8 * words` bytes readable at `p` per the caller; AVX2 per the caller.
        unsafe {
            let bytes = core::slice::from_raw_parts(p.cast::<u8>(), 8 * words);
            _mm256_setr_epi64x(scalar::sum(bytes) as i64, 0, 0, 0)
        }
    }
}

/// The lane-wise sum of the first `words` (more than 16) words at `p`.
///
/// # Safety
///
/// AVX2; `8 * words` bytes readable at `p`.
#[inline(always)]
unsafe fn long(p: *const u64, words: usize) -> __m256i {
    // SAFETY: AVX2 per the caller. Every full load at word `j` has `j + 4 <= words` (the loop and
    // the pair test check the words left before loading), and `partial` gets the `words - i < 8`
    // words left at `p + i`: all inside the caller's readable words.
    unsafe {
        let mut a = _mm256_setzero_si256();
        let mut b = a;
        let mut i = 0;
        // Invariant: words `0..i` are summed into `a + b`; `i <= words`.
        while words - i >= 4 * LANES {
            a = _mm256_add_epi64(a, load(p.add(i)));
            b = _mm256_add_epi64(b, load(p.add(i + LANES)));
            a = _mm256_add_epi64(a, load(p.add(i + 2 * LANES)));
            b = _mm256_add_epi64(b, load(p.add(i + 3 * LANES)));
            i += 4 * LANES;
        }
        if words - i >= 2 * LANES {
            a = _mm256_add_epi64(a, load(p.add(i)));
            b = _mm256_add_epi64(b, load(p.add(i + LANES)));
            i += 2 * LANES;
        }
        let last = partial(p.add(i), words - i);
        _mm256_add_epi64(a, _mm256_add_epi64(b, last))
    }
}

/// The wrapping sum of the four lanes of `v`.
///
/// # Safety
///
/// AVX2.
#[inline(always)]
unsafe fn reduce(v: __m256i) -> u64 {
    // SAFETY: AVX2 per the caller; registers only.
    unsafe {
        let x = _mm_add_epi64(_mm256_castsi256_si128(v), _mm256_extracti128_si256::<1>(v));
        let x = _mm_add_epi64(x, _mm_unpackhi_epi64(x, x));
        _mm_cvtsi128_si64(x) as u64
    }
}
