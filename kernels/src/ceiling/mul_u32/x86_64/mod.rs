//! The x86_64 variants: every chain is one 64-bit lane of a vector accumulator, stepped by
//! `PMULUDQ`, which multiplies the low 32 bits of each lane.
//!
//! The three differ only in the vector width, so one macro writes them: the chains in groups of
//! twelve accumulators, one group after the other. Twelve multiplies in flight cover latency ×
//! throughput of the vector multiplier (3 × 2 on Zen 3/4, 5 × 2 on Intel cores); with the
//! constant they take 13 of the 16 (32) registers. Chains are independent, so the order of their
//! steps does not change any result.

/// Writes `mod $name` with `mul_u32` over `$vector` registers of `$lanes` 64-bit lanes.
macro_rules! variant {
    (
        $(#[$doc:meta])* mod $name:ident: $vector:ty, $lanes:literal lanes, features $features:literal
        ($feature_doc:literal), $set1:ident, $mul:ident, $load:ident, $store:ident
    ) => {
        $(#[$doc])*
        pub mod $name {
            use core::arch::x86_64::*;

            use super::super::{reduce, CHAINS, K, STARTS};

            /// Accumulators per group.
            const GROUP: usize = 12;
            /// 64-bit lanes per vector.
            const LANES: usize = $lanes;

            /// The op's result after `iterations` steps of every chain.
            ///
            /// # Safety
            ///
            #[doc = concat!("The CPU supports ", $feature_doc, ".")]
            #[target_feature(enable = $features)]
            pub unsafe fn mul_u32(iterations: usize) -> u64 {
                const _: () = assert!(CHAINS % (GROUP * LANES) == 0);
                let mut x: [u64; CHAINS] = STARTS;
                let k = $set1(K as _);
                for group in x.chunks_exact_mut(GROUP * LANES) {
                    let mut acc = [k; GROUP];
                    for (i, v) in acc.iter_mut().enumerate() {
                        // SAFETY: `group` holds GROUP × LANES u64; this reads lanes
                        // i·LANES .. (i + 1)·LANES.
                        *v = unsafe { $load(group.as_ptr().add(i * LANES).cast()) };
                    }
                    for _ in 0..iterations {
                        for v in acc.iter_mut() {
                            *v = $mul(*v, k);
                        }
                    }
                    for (i, v) in acc.iter().enumerate() {
                        // SAFETY: as for the loads, writable.
                        unsafe { $store(group.as_mut_ptr().add(i * LANES).cast(), *v) };
                    }
                }
                reduce(&x)
            }
        }
    };
}

variant! {
    /// SSE2: the 96 chains in four groups of twelve `xmm` accumulators (2 lanes each).
    mod sse2: __m128i, 2 lanes, features "sse2" ("SSE2"),
    _mm_set1_epi64x, _mm_mul_epu32, _mm_loadu_si128, _mm_storeu_si128
}

variant! {
    /// AVX2: the 96 chains in two groups of twelve `ymm` accumulators (4 lanes each).
    mod avx2: __m256i, 4 lanes, features "avx2" ("AVX2"),
    _mm256_set1_epi64x, _mm256_mul_epu32, _mm256_loadu_si256, _mm256_storeu_si256
}

variant! {
    /// AVX-512F: the 96 chains as twelve `zmm` accumulators (8 lanes each).
    mod avx512: __m512i, 8 lanes, features "avx512f" ("AVX-512F"),
    _mm512_set1_epi64, _mm512_mul_epu32, _mm512_loadu_si512, _mm512_storeu_si512
}
