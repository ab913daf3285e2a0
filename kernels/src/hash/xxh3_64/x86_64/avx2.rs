//! AVX2: the eight accumulators in two `ymm` registers; `vpmuludq` multiplies the 32-bit halves.

use core::arch::x86_64::*;

use crate::hash::xxh3_64::scalar::{self, Lanes, PRIME32_1};

/// XXH3-64 of `data` with `seed`.
///
/// # Safety
///
/// The CPU supports AVX2.
#[target_feature(enable = "avx2")]
pub unsafe fn xxh3_64(data: &[u8], seed: u64) -> u64 {
    if data.len() <= scalar::MID_MAX {
        return scalar::hash_upto_240(data, seed);
    }
    // SAFETY: the same features are enabled here.
    unsafe { long(data, seed) }
}

/// The long-input path, kept out of line so short inputs skip its stack frame.
///
/// # Safety
///
/// The CPU supports AVX2; `data.len() > 240`.
#[target_feature(enable = "avx2")]
#[inline(never)]
unsafe fn long(data: &[u8], seed: u64) -> u64 {
    // SAFETY: AVX2 is enabled here and the input is longer than 240 bytes.
    unsafe { scalar::hash_long::<Avx2>(data, seed) }
}

/// Eight 64-bit lanes in two AVX2 registers.
#[derive(Clone, Copy)]
struct Avx2([__m256i; 2]);

// SAFETY: every method needs AVX2 only, which the callers guarantee; `load` reads 64 bytes.
// Loops instead of closures: a closure would not inherit the caller's target features.
unsafe impl Lanes for Avx2 {
    #[inline(always)]
    unsafe fn init() -> Self {
        let init: [u64; 8] = scalar::INIT_ACC;
        // SAFETY: `init` is 64 readable bytes.
        unsafe { Self::load(init.as_ptr().cast()) }
    }

    #[inline(always)]
    unsafe fn zero() -> Self {
        // SAFETY: AVX2 per the trait contract.
        Avx2([unsafe { _mm256_setzero_si256() }; 2])
    }

    #[inline(always)]
    unsafe fn load(ptr: *const u8) -> Self {
        // SAFETY: 64 readable bytes at `ptr`; AVX2 per the trait contract.
        unsafe {
            Avx2([
                _mm256_loadu_si256(ptr.cast()),
                _mm256_loadu_si256(ptr.add(32).cast()),
            ])
        }
    }

    #[inline(always)]
    unsafe fn accumulate(acc: &mut Self, sum: &mut Self, data: Self, secret: Self) {
        for i in 0..2 {
            // SAFETY: AVX2 per the trait contract.
            unsafe {
                let v = _mm256_xor_si256(data.0[i], secret.0[i]);
                let product = _mm256_mul_epu32(v, _mm256_srli_epi64::<32>(v));
                acc.0[i] = _mm256_add_epi64(acc.0[i], product);
                sum.0[i] = _mm256_add_epi64(sum.0[i], data.0[i]);
            }
        }
    }

    #[inline(always)]
    unsafe fn fold(mut acc: Self, sum: Self) -> Self {
        for i in 0..2 {
            // SAFETY: AVX2 per the trait contract. 0x4E swaps the 64-bit halves of each 128-bit lane.
            acc.0[i] =
                unsafe { _mm256_add_epi64(acc.0[i], _mm256_shuffle_epi32::<0x4E>(sum.0[i])) };
        }
        acc
    }

    #[inline(always)]
    unsafe fn scramble(mut acc: Self, secret: Self) -> Self {
        for i in 0..2 {
            // SAFETY: AVX2 per the trait contract.
            unsafe {
                let prime = _mm256_set1_epi64x(PRIME32_1 as i64);
                let a = acc.0[i];
                let a =
                    _mm256_xor_si256(_mm256_xor_si256(a, _mm256_srli_epi64::<47>(a)), secret.0[i]);
                // A 64 × 32-bit product from two 32 × 32-bit ones: lo·p + (hi·p << 32).
                let lo = _mm256_mul_epu32(a, prime);
                let hi = _mm256_mul_epu32(_mm256_srli_epi64::<32>(a), prime);
                acc.0[i] = _mm256_add_epi64(lo, _mm256_slli_epi64::<32>(hi));
            }
        }
        acc
    }

    #[inline(always)]
    fn prefetch(stripe: *const u8) {
        // SAFETY: a prefetch never faults, whatever the address.
        unsafe { _mm_prefetch::<_MM_HINT_T0>(stripe.wrapping_add(scalar::PREFETCH_L1).cast()) }
    }

    #[inline(always)]
    unsafe fn to_array(self) -> [u64; 8] {
        let mut out = [0u64; 8];
        for i in 0..2 {
            // SAFETY: 32 writable bytes at lanes `4i..4i + 4` of `out`; AVX2 per the trait contract.
            unsafe { _mm256_storeu_si256(out.as_mut_ptr().add(4 * i).cast(), self.0[i]) };
        }
        out
    }
}
