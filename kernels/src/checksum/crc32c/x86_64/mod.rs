//! The x86_64 variants: the `crc32` instruction in three interleaved streams recombined by tables
//! (`sse42`), and carry-less multiplication over 128-bit (`pclmul`) and 512-bit (`vpclmul`)
//! registers, which both fold long inputs beside `crc32` streams (`mixed`). The folding finishes
//! with the `crc32` instruction, which reduces a folded block exactly (see `finish_block`).
//!
//! The helpers here are `#[inline(always)]` and only called from the gated bodies, where they
//! inline under the caller's target features.

mod mixed;
pub mod pclmul;
pub mod sse42;
pub mod vpclmul;

use core::arch::x86_64::*;

/// The raw register after `data`, one dependent chain of `crc32` instructions: eight bytes per
/// instruction, then four, two and one.
///
/// # Safety
///
/// The CPU supports SSE4.2.
#[inline(always)]
unsafe fn crc_bytes(register: u32, data: &[u8]) -> u32 {
    let mut words = data.chunks_exact(8);
    let mut r = u64::from(register);
    for word in &mut words {
        // SAFETY: SSE4.2 per the caller.
        r = unsafe { _mm_crc32_u64(r, u64::from_le_bytes(word.try_into().expect("8 bytes"))) };
    }
    // SAFETY: SSE4.2 per the caller.
    unsafe { crc_tail(r as u32, words.remainder()) }
}

/// The raw register after fewer than eight bytes: at most one instruction each for four, two and
/// one byte.
///
/// # Safety
///
/// The CPU supports SSE4.2.
#[inline(always)]
unsafe fn crc_tail(mut r: u32, mut tail: &[u8]) -> u32 {
    debug_assert!(tail.len() < 8);
    if let Some((word, rest)) = tail.split_first_chunk::<4>() {
        // SAFETY: SSE4.2 per the caller.
        r = unsafe { _mm_crc32_u32(r, u32::from_le_bytes(*word)) };
        tail = rest;
    }
    if let Some((half, rest)) = tail.split_first_chunk::<2>() {
        // SAFETY: SSE4.2 per the caller.
        r = unsafe { _mm_crc32_u16(r, u16::from_le_bytes(*half)) };
        tail = rest;
    }
    if let Some(&byte) = tail.first() {
        // SAFETY: SSE4.2 per the caller.
        r = unsafe { _mm_crc32_u8(r, byte) };
    }
    r
}

/// The raw register of a folded 128-bit block that ends the data folded so far.
///
/// The block `X` stands for everything before it modulo `P`, so the register is `X·x^32 mod P`:
/// exactly what the `crc32` instruction computes for the block's sixteen bytes from a zero
/// register. This replaces the Barrett reduction of the Intel paper.
///
/// # Safety
///
/// The CPU supports SSE4.2.
#[inline(always)]
unsafe fn finish_block(block: __m128i) -> u32 {
    // SAFETY: SSE4.2 (and so SSE4.1 and SSE2) per the caller.
    unsafe {
        let lo = _mm_cvtsi128_si64(block) as u64;
        let hi = _mm_extract_epi64::<1>(block) as u64;
        _mm_crc32_u64(_mm_crc32_u64(0, lo), hi) as u32
    }
}

/// A pair from [`fold_constants`](super::poly::fold_constants) as a register: low qword first.
///
/// # Safety
///
/// The CPU supports SSE2.
#[inline(always)]
unsafe fn constants(pair: [u64; 2]) -> __m128i {
    // SAFETY: SSE2 per the caller.
    unsafe { _mm_set_epi64x(pair[1] as i64, pair[0] as i64) }
}

/// `block` folded forward by the distance of `k` (see
/// [`fold_constants`](super::poly::fold_constants)): both qwords multiplied by their constants,
/// the products added.
///
/// # Safety
///
/// The CPU supports PCLMULQDQ.
#[inline(always)]
unsafe fn fold(block: __m128i, k: __m128i) -> __m128i {
    // SAFETY: PCLMULQDQ (and SSE2) per the caller.
    unsafe {
        _mm_xor_si128(
            _mm_clmulepi64_si128::<0x00>(block, k),
            _mm_clmulepi64_si128::<0x11>(block, k),
        )
    }
}

/// Sixteen bytes from `ptr`.
///
/// # Safety
///
/// Sixteen bytes are readable at `ptr`.
#[inline(always)]
unsafe fn load(ptr: *const u8) -> __m128i {
    // SAFETY: readable per the caller; SSE2 is baseline on x86_64.
    unsafe { _mm_loadu_si128(ptr.cast()) }
}

/// `a·b·x^33 mod P`: the carry-less product of two registers has at most 63 bits and, read as a
/// message qword (bit `m` ↔ `x^(63-m)`), stands for `a·b·x`; the `crc32` instruction from a zero
/// register multiplies it by `x^32` and reduces it.
///
/// # Safety
///
/// The CPU supports PCLMULQDQ and SSE4.2.
#[inline(always)]
unsafe fn mul_x33(a: u32, b: u32) -> u32 {
    // SAFETY: PCLMULQDQ and SSE4.2 per the caller.
    unsafe {
        let product =
            _mm_clmulepi64_si128::<0x00>(_mm_cvtsi32_si128(a as i32), _mm_cvtsi32_si128(b as i32));
        _mm_crc32_u64(0, _mm_cvtsi128_si64(product) as u64) as u32
    }
}

#[cfg(all(test, feature = "std"))]
mod tests {
    use super::*;
    use crate::checksum::crc32c::poly::{mul, x_pow};
    use crate::harness::Rng;

    fn has_clmul() -> bool {
        std::is_x86_feature_detected!("pclmulqdq") && std::is_x86_feature_detected!("sse4.2")
    }

    /// # Safety
    ///
    /// PCLMULQDQ and SSE4.2.
    #[target_feature(enable = "pclmulqdq,sse4.2")]
    unsafe fn mul_x33_impl(a: u32, b: u32) -> u32 {
        // SAFETY: the features are enabled.
        unsafe { mul_x33(a, b) }
    }

    #[test]
    fn mul_x33_multiplies() {
        if !has_clmul() {
            return;
        }
        let mut rng = Rng::new(6);
        for _ in 0..1000 {
            let (a, b) = (rng.next_u64() as u32, rng.next_u64() as u32);
            // SAFETY: the features were detected above.
            let got = unsafe { mul_x33_impl(a, b) };
            assert_eq!(got, mul(mul(a, b), x_pow(33)));
        }
    }
}
