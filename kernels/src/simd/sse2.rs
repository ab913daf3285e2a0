//! [`Vector`] for 128-bit SSE2 registers.

use core::arch::x86_64::*;

use super::Vector;

// SAFETY: every method is SSE2 only; callers guarantee SSE2 and readable, aligned memory per the
// trait's contract.
unsafe impl Vector for __m128i {
    const BYTES: usize = 16;
    type Cmp = __m128i;

    #[inline(always)]
    unsafe fn splat(byte: u8) -> Self {
        // SAFETY: SSE2 per the trait contract.
        unsafe { _mm_set1_epi8(byte as i8) }
    }

    #[inline(always)]
    unsafe fn load_unaligned(ptr: *const u8) -> Self {
        // SAFETY: 16 readable bytes at `ptr` per the trait contract.
        unsafe { _mm_loadu_si128(ptr.cast()) }
    }

    #[inline(always)]
    unsafe fn load_aligned(ptr: *const u8) -> Self {
        // SAFETY: 16 readable bytes at a 16-aligned `ptr` per the trait contract.
        unsafe { _mm_load_si128(ptr.cast()) }
    }

    #[inline(always)]
    unsafe fn cmpeq(self, other: Self) -> Self::Cmp {
        // SAFETY: SSE2 per the trait contract.
        unsafe { _mm_cmpeq_epi8(self, other) }
    }

    #[inline(always)]
    unsafe fn or(a: Self::Cmp, b: Self::Cmp) -> Self::Cmp {
        // SAFETY: SSE2 per the trait contract.
        unsafe { _mm_or_si128(a, b) }
    }

    #[inline(always)]
    unsafe fn and(a: Self::Cmp, b: Self::Cmp) -> Self::Cmp {
        // SAFETY: SSE2 per the trait contract.
        unsafe { _mm_and_si128(a, b) }
    }

    #[inline(always)]
    unsafe fn mask(cmp: Self::Cmp) -> u64 {
        // SAFETY: SSE2 per the trait contract.
        unsafe { _mm_movemask_epi8(cmp) as u32 as u64 }
    }
}
