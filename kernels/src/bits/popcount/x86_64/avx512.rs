//! AVX-512 VPOPCNTDQ: `vpopcntq` counts each 64-bit lane of a 512-bit vector; four accumulators
//! of eight lanes hide its latency (Intel SDM vol. 2, `VPOPCNTD/VPOPCNTQ`).

use core::arch::x86_64::*;

use crate::bits::popcount::scalar;

/// Bytes in one vector.
const VECTOR: usize = 64;
/// Vectors per iteration, one accumulator each.
const UNROLL: usize = 4;

/// The number of set bits in `data`.
///
/// # Safety
///
/// The CPU supports AVX-512F and AVX-512 VPOPCNTDQ.
#[target_feature(enable = "avx512f,avx512vpopcntdq")]
pub unsafe fn popcount(data: &[u8]) -> u64 {
    let vectors = data.len() / VECTOR;
    let at = data.as_ptr();
    let mut acc = [_mm512_setzero_si512(); UNROLL];
    let mut i = 0;
    while i + UNROLL <= vectors {
        for (k, a) in acc.iter_mut().enumerate() {
            // SAFETY: `i + k < vectors`, so the vector lies inside `data`.
            *a = _mm512_add_epi64(*a, _mm512_popcnt_epi64(unsafe { load(at, i + k) }));
        }
        i += UNROLL;
    }
    while i < vectors {
        // SAFETY: `i < vectors`.
        acc[0] = _mm512_add_epi64(acc[0], _mm512_popcnt_epi64(unsafe { load(at, i) }));
        i += 1;
    }
    let sum = _mm512_add_epi64(
        _mm512_add_epi64(acc[0], acc[1]),
        _mm512_add_epi64(acc[2], acc[3]),
    );
    _mm512_reduce_add_epi64(sum) as u64 + scalar::count(&data[vectors * VECTOR..])
}

/// The `i`-th 64-byte vector at `at`, unaligned.
///
/// # Safety
///
/// The CPU supports AVX-512F; the 64 bytes at `at + 64 i` are readable.
#[inline(always)]
unsafe fn load(at: *const u8, i: usize) -> __m512i {
    // SAFETY: per the contract.
    unsafe { _mm512_loadu_si512(at.add(i * VECTOR).cast()) }
}
