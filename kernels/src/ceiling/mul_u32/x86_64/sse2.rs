//! SSE2: the 96 chains in four groups of twelve `xmm` accumulators (2 lanes each).
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
const LANES: usize = 2;

/// The op's result after `iterations` steps of every chain.
///
/// # Safety
///
/// The CPU supports SSE2.
#[target_feature(enable = "sse2")]
pub unsafe fn mul_u32(iterations: usize) -> u64 {
    const _: () = assert!(CHAINS == 4 * GROUP * LANES);
    let mut x: [u64; CHAINS] = STARTS;
    let k = _mm_set1_epi64x(K as i64);
    for group in x.chunks_exact_mut(GROUP * LANES) {
        let mut acc = [k; GROUP];
        for (i, v) in acc.iter_mut().enumerate() {
            // SAFETY: `group` holds GROUP × LANES u64; this reads lanes i·LANES .. (i + 1)·LANES.
            *v = unsafe { _mm_loadu_si128(group.as_ptr().add(i * LANES).cast()) };
        }
        for _ in 0..iterations {
            for v in acc.iter_mut() {
                *v = _mm_mul_epu32(*v, k);
            }
        }
        for (i, v) in acc.iter().enumerate() {
            // SAFETY: as for the loads, writable.
            unsafe { _mm_storeu_si128(group.as_mut_ptr().add(i * LANES).cast(), *v) };
        }
    }
    reduce(&x)
}
