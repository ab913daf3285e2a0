//! AVX-512F: eight 64-byte loads per iteration into four `zmm` accumulators, then single vectors,
//! then the last (fewer than eight) whole words with one masked load, which does not touch the
//! masked-off lanes and so never reads past the end. Inputs shorter than a vector take the scalar
//! loop.

use core::arch::x86_64::*;

use crate::ceiling::read::scalar;

/// Bytes per iteration of the main loop: eight vectors.
const BLOCK: usize = 8 * 64;

/// The wrapping sum of the whole little-endian `u64` words of `data`.
///
/// # Safety
///
/// The CPU supports AVX-512F.
#[target_feature(enable = "avx512f")]
pub unsafe fn read(data: &[u8]) -> u64 {
    if data.len() < 64 {
        // Fewer than eight words: the horizontal reduction would cost more than the adds.
        return scalar::sum(data);
    }
    let whole = data.len() & !7;
    let p = data.as_ptr();
    let mut i = 0;
    let zero = _mm512_setzero_si512();
    let mut acc = [zero; 4];
    // SAFETY: (whole block) every full load of 64 bytes starts at `i` with `i + 64 <= whole`;
    // the masked load reads only the `(whole - i) / 8` words that remain, all inside `data`.
    unsafe {
        while whole - i >= BLOCK {
            for k in 0..8 {
                let v = _mm512_loadu_si512(p.add(i + 64 * k).cast());
                acc[k % 4] = _mm512_add_epi64(acc[k % 4], v);
            }
            i += BLOCK;
        }
        while whole - i >= 64 {
            acc[0] = _mm512_add_epi64(acc[0], _mm512_loadu_si512(p.add(i).cast()));
            i += 64;
        }
        let words = (whole - i) / 8;
        if words > 0 {
            let k: __mmask8 = (1u8 << words) - 1;
            acc[1] = _mm512_add_epi64(acc[1], _mm512_maskz_loadu_epi64(k, p.add(i).cast()));
        }
    }
    let v = _mm512_add_epi64(
        _mm512_add_epi64(acc[0], acc[1]),
        _mm512_add_epi64(acc[2], acc[3]),
    );
    _mm512_reduce_add_epi64(v) as u64
}
