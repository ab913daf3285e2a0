//! AVX-512F: the 192 chains as twelve `zmm` accumulators (16 lanes each).
//!
//! Zen 4 runs a 512-bit FMA on both 256-bit pipes at once (one per cycle, latency 4), so four in
//! flight reach its peak, the same flops per cycle as AVX2; a core with two 512-bit FMA units
//! (latency 4) needs eight. Twelve cover both with slack.

use core::arch::x86_64::*;

use super::super::{reduce, A, B, CHAINS, STARTS};

/// Accumulators.
const GROUP: usize = 12;
/// Lanes per vector.
const LANES: usize = 16;

/// The op's result after `iterations` steps of every chain.
///
/// # Safety
///
/// The CPU supports AVX-512F.
#[target_feature(enable = "avx512f")]
pub unsafe fn fma_f32(iterations: usize) -> f32 {
    const _: () = assert!(GROUP * LANES == CHAINS);
    let mut x: [f32; CHAINS] = STARTS;
    let (a, b) = (_mm512_set1_ps(A), _mm512_set1_ps(B));
    let mut acc = [_mm512_setzero_ps(); GROUP];
    for (k, v) in acc.iter_mut().enumerate() {
        // SAFETY: `x` holds GROUP × LANES floats; this reads lanes k·16 .. k·16 + 16.
        *v = unsafe { _mm512_loadu_ps(x.as_ptr().add(k * LANES)) };
    }
    for _ in 0..iterations {
        for v in acc.iter_mut() {
            *v = _mm512_fmadd_ps(*v, a, b);
        }
    }
    for (k, v) in acc.iter().enumerate() {
        // SAFETY: as for the loads, writable.
        unsafe { _mm512_storeu_ps(x.as_mut_ptr().add(k * LANES), *v) };
    }
    reduce(&x)
}
