//! [`Vector`] for 256-bit AVX2 registers.

use core::arch::x86_64::*;

use super::Vector;

// SAFETY: every method is AVX2 only; callers guarantee AVX2 and readable, aligned memory per the
// trait's contract.
unsafe impl Vector for __m256i {
    const BYTES: usize = 32;
    type Cmp = __m256i;

    #[inline(always)]
    unsafe fn splat(byte: u8) -> Self {
        // SAFETY: AVX per the trait contract.
        unsafe { _mm256_set1_epi8(byte as i8) }
    }

    #[inline(always)]
    unsafe fn load_unaligned(ptr: *const u8) -> Self {
        // SAFETY: 32 readable bytes at `ptr` per the trait contract.
        unsafe { _mm256_loadu_si256(ptr.cast()) }
    }

    #[inline(always)]
    unsafe fn load_aligned(ptr: *const u8) -> Self {
        // SAFETY: 32 readable bytes at a 32-aligned `ptr` per the trait contract.
        unsafe { _mm256_load_si256(ptr.cast()) }
    }

    #[inline(always)]
    unsafe fn cmpeq(self, other: Self) -> Self::Cmp {
        // SAFETY: AVX2 per the trait contract.
        unsafe { _mm256_cmpeq_epi8(self, other) }
    }

    #[inline(always)]
    unsafe fn or(a: Self::Cmp, b: Self::Cmp) -> Self::Cmp {
        // SAFETY: AVX2 per the trait contract.
        unsafe { _mm256_or_si256(a, b) }
    }

    #[inline(always)]
    unsafe fn and(a: Self::Cmp, b: Self::Cmp) -> Self::Cmp {
        // SAFETY: AVX2 per the trait contract.
        unsafe { _mm256_and_si256(a, b) }
    }

    #[inline(always)]
    unsafe fn mask(cmp: Self::Cmp) -> u64 {
        // SAFETY: AVX2 per the trait contract.
        unsafe { _mm256_movemask_epi8(cmp) as u32 as u64 }
    }
}
