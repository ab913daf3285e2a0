//! [`Vector`] for 512-bit AVX-512 registers: comparisons land in mask registers.

use core::arch::x86_64::*;

use super::Vector;

// SAFETY: every method needs AVX-512F and BW only; callers guarantee both and readable, aligned
// memory per the trait's contract.
unsafe impl Vector for __m512i {
    const BYTES: usize = 64;
    type Cmp = __mmask64;

    #[inline(always)]
    unsafe fn splat(byte: u8) -> Self {
        // SAFETY: AVX-512F per the trait contract.
        unsafe { _mm512_set1_epi8(byte as i8) }
    }

    #[inline(always)]
    unsafe fn load_unaligned(ptr: *const u8) -> Self {
        // SAFETY: 64 readable bytes at `ptr` per the trait contract.
        unsafe { _mm512_loadu_si512(ptr.cast()) }
    }

    #[inline(always)]
    unsafe fn load_aligned(ptr: *const u8) -> Self {
        // SAFETY: 64 readable bytes at a 64-aligned `ptr` per the trait contract.
        unsafe { _mm512_load_si512(ptr.cast()) }
    }

    #[inline(always)]
    unsafe fn cmpeq(self, other: Self) -> Self::Cmp {
        // SAFETY: AVX-512BW per the trait contract.
        unsafe { _mm512_cmpeq_epi8_mask(self, other) }
    }

    #[inline(always)]
    unsafe fn or(a: Self::Cmp, b: Self::Cmp) -> Self::Cmp {
        a | b
    }

    #[inline(always)]
    unsafe fn and(a: Self::Cmp, b: Self::Cmp) -> Self::Cmp {
        a & b
    }

    #[inline(always)]
    unsafe fn mask(cmp: Self::Cmp) -> u64 {
        cmp
    }

    /// A lane equals the needle where its XOR with the needle is zero, so the byte-wise minimum
    /// of the four XORs has a zero lane exactly when one of the 256 bytes matches: seven vector
    /// operations and one mask test, where four compares into mask registers and three `kor`s
    /// cost more on Zen 4 (mask-producing compares have half the throughput there).
    #[inline(always)]
    unsafe fn any_eq4(v: [Self; 4], splat: Self) -> bool {
        // SAFETY: AVX-512F/BW per the trait contract.
        unsafe {
            let x = [
                _mm512_xor_si512(v[0], splat),
                _mm512_xor_si512(v[1], splat),
                _mm512_xor_si512(v[2], splat),
                _mm512_xor_si512(v[3], splat),
            ];
            let m = _mm512_min_epu8(_mm512_min_epu8(x[0], x[1]), _mm512_min_epu8(x[2], x[3]));
            _mm512_testn_epi8_mask(m, m) != 0
        }
    }
}

/// Loads the first `len` (< 64) bytes at `ptr` into the low lanes, zeroing the rest. Masked-out
/// lanes are not accessed, so this never faults past `ptr + len`.
///
/// # Safety
///
/// AVX-512F and BW; `len < 64`; `len` bytes readable at `ptr`.
#[inline(always)]
pub(crate) unsafe fn load_prefix(ptr: *const u8, len: usize) -> __m512i {
    debug_assert!(len < 64);
    let k: __mmask64 = (1u64 << len) - 1;
    // SAFETY: lanes outside `k` are neither read nor faulted on; the rest are readable.
    unsafe { _mm512_maskz_loadu_epi8(k, ptr.cast()) }
}
