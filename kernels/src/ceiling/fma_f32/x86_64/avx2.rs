//! AVX2 + FMA: the 192 chains in two groups of twelve `ymm` accumulators (8 lanes each).
//!
//! Zen 4 has two 256-bit FMA pipes with a latency of 4 cycles, so 8 independent `vfmadd` must be
//! in flight to keep both busy; twelve leave slack for the loop's own instructions, and with the
//! two constant vectors they fill 14 of the 16 `ymm` registers. The groups run one after the
//! other: chains are independent, so the order of their steps does not change any result.

use core::arch::x86_64::*;

use super::super::{reduce, A, B, CHAINS, STARTS};

/// Accumulators per group.
const GROUP: usize = 12;
/// Lanes per vector.
const LANES: usize = 8;

/// The op's result after `iterations` steps of every chain.
///
/// # Safety
///
/// The CPU supports AVX2 and FMA.
#[target_feature(enable = "avx2,fma")]
pub unsafe fn fma_f32(iterations: usize) -> f32 {
    const _: () = assert!(CHAINS.is_multiple_of(GROUP * LANES));
    let mut x: [f32; CHAINS] = STARTS;
    for group in x.chunks_exact_mut(GROUP * LANES) {
        let (a, b) = (_mm256_set1_ps(A), _mm256_set1_ps(B));
        let mut acc = [_mm256_setzero_ps(); GROUP];
        for (k, v) in acc.iter_mut().enumerate() {
            // SAFETY: `group` holds GROUP × LANES floats; this reads lanes k·8 .. k·8 + 8.
            *v = unsafe { _mm256_loadu_ps(group.as_ptr().add(k * LANES)) };
        }
        for _ in 0..iterations {
            for v in acc.iter_mut() {
                *v = _mm256_fmadd_ps(*v, a, b);
            }
        }
        for (k, v) in acc.iter().enumerate() {
            // SAFETY: as for the loads, writable.
            unsafe { _mm256_storeu_ps(group.as_mut_ptr().add(k * LANES), *v) };
        }
    }
    reduce(&x)
}
