//! AVX-512F: the 96 chains as twelve `zmm` accumulators (8 lanes each).
//!
//! Twelve multiplies in flight cover latency × throughput of the vector multiplier (3 × 2 on
//! Zen 3/4, 5 × 2 on Intel cores); with the constant they take 13 of the 16 (32) registers.
//! Groups run one after the other: chains are independent, so the order of their steps does
//! not change any result.

use core::arch::x86_64::*;

use super::super::{reduce, CHAINS, K, STARTS};

/// Accumulators per group.
const GROUP: usize = 12;
/// 64-bit lanes per vector.
const LANES: usize = 8;

/// The op's result after `iterations` steps of every chain.
///
/// # Safety
///
/// The CPU supports AVX-512F.
#[target_feature(enable = "avx512f")]
pub unsafe fn mul_u32(iterations: usize) -> u64 {
    const _: () = assert!(CHAINS == GROUP * LANES);
    let mut x: [u64; CHAINS] = STARTS;
    let k = _mm512_set1_epi64(K as i64);
    for group in x.chunks_exact_mut(GROUP * LANES) {
        let mut acc = [k; GROUP];
        for (i, v) in acc.iter_mut().enumerate() {
            // SAFETY: `group` holds GROUP × LANES u64; this reads lanes i·LANES .. (i + 1)·LANES.
            *v = unsafe { _mm512_loadu_si512(group.as_ptr().add(i * LANES).cast()) };
        }
        for _ in 0..iterations {
            for v in acc.iter_mut() {
                *v = _mm512_mul_epu32(*v, k);
            }
        }
        for (i, v) in acc.iter().enumerate() {
            // SAFETY: as for the loads, writable.
            unsafe { _mm512_storeu_si512(group.as_mut_ptr().add(i * LANES).cast(), *v) };
        }
    }
    reduce(&x)
}
