//! AVX-512 (F + DQ): the eight accumulators in one `zmm` register, the block's sixteen secret
//! vectors in sixteen more, so a stripe costs one load and five vector operations (`vpxorq`,
//! `vpsrlq`, `vpmuludq`, two `vpaddq`); the scramble multiplies with DQ's `vpmullq`, and the
//! loop prefetches into L1 two blocks ahead and into L2 six (past L2's size the input streams
//! from L3, and this loop is fast enough for the hardware prefetcher to fall behind).

use core::arch::x86_64::*;

use crate::hash::xxh3_64::scalar::{self, Lanes, PRIME32_1};

/// XXH3-64 of `data` with `seed`.
///
/// # Safety
///
/// The CPU supports AVX-512F and DQ.
#[target_feature(enable = "avx512f,avx512dq")]
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
/// The CPU supports AVX-512F and DQ; `data.len() > 240`.
#[target_feature(enable = "avx512f,avx512dq")]
#[inline(never)]
unsafe fn long(data: &[u8], seed: u64) -> u64 {
    // SAFETY: AVX-512F and DQ are enabled here and the input is longer than 240 bytes.
    unsafe { scalar::hash_long::<Avx512>(data, seed) }
}

/// Eight 64-bit lanes in one AVX-512 register.
#[derive(Clone, Copy)]
struct Avx512(__m512i);

// SAFETY: every method needs AVX-512F, and `scramble` DQ, which the callers guarantee; `load` reads 64 bytes.
unsafe impl Lanes for Avx512 {
    #[inline(always)]
    unsafe fn init() -> Self {
        let init: [u64; 8] = scalar::INIT_ACC;
        // SAFETY: `init` is 64 readable bytes.
        unsafe { Self::load(init.as_ptr().cast()) }
    }

    #[inline(always)]
    unsafe fn zero() -> Self {
        // SAFETY: AVX-512F per the trait contract.
        Avx512(unsafe { _mm512_setzero_si512() })
    }

    #[inline(always)]
    unsafe fn load(ptr: *const u8) -> Self {
        // SAFETY: 64 readable bytes at `ptr`; AVX-512F per the trait contract.
        Avx512(unsafe { _mm512_loadu_si512(ptr.cast()) })
    }

    #[inline(always)]
    unsafe fn accumulate(acc: &mut Self, sum: &mut Self, data: Self, secret: Self) {
        // SAFETY: AVX-512F per the trait contract.
        unsafe {
            let v = _mm512_xor_si512(data.0, secret.0);
            let product = _mm512_mul_epu32(v, _mm512_srli_epi64::<32>(v));
            acc.0 = _mm512_add_epi64(acc.0, product);
            sum.0 = _mm512_add_epi64(sum.0, data.0);
        }
    }

    #[inline(always)]
    unsafe fn fold(acc: Self, sum: Self) -> Self {
        // SAFETY: AVX-512F per the trait contract. 0x4E swaps the 64-bit halves of each
        // 128-bit lane.
        Avx512(unsafe { _mm512_add_epi64(acc.0, _mm512_shuffle_epi32::<0x4E>(sum.0)) })
    }

    #[inline(always)]
    unsafe fn scramble(acc: Self, secret: Self) -> Self {
        // SAFETY: AVX-512F per the trait contract.
        unsafe {
            let prime = _mm512_set1_epi64(PRIME32_1 as i64);
            let a = acc.0;
            // 0x96 = a ^ b ^ c.
            let a = _mm512_ternarylogic_epi64::<0x96>(a, _mm512_srli_epi64::<47>(a), secret.0);
            Avx512(_mm512_mullo_epi64(a, prime))
        }
    }

    #[inline(always)]
    fn prefetch(stripe: *const u8) {
        // SAFETY: a prefetch never faults, whatever the address.
        unsafe {
            _mm_prefetch::<_MM_HINT_T0>(stripe.wrapping_add(scalar::PREFETCH_L1).cast());
            _mm_prefetch::<_MM_HINT_T1>(stripe.wrapping_add(scalar::PREFETCH_L2).cast());
        }
    }

    #[inline(always)]
    unsafe fn to_array(self) -> [u64; 8] {
        let mut out = [0u64; 8];
        // SAFETY: 64 writable bytes; AVX-512F per the trait contract.
        unsafe { _mm512_storeu_si512(out.as_mut_ptr().cast(), self.0) };
        out
    }
}
