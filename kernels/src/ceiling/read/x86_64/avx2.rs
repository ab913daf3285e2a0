//! AVX2: eight 32-byte loads per iteration into four `ymm` accumulators (`vpaddq`), then single
//! vectors, then the last whole words one at a time. Inputs shorter than a vector take the
//! scalar loop.

use core::arch::x86_64::*;

use crate::ceiling::read::scalar::{self, word_at};

/// Bytes per iteration of the main loop: eight vectors.
const BLOCK: usize = 8 * 32;

/// The wrapping sum of the whole little-endian `u64` words of `data`.
///
/// # Safety
///
/// The CPU supports AVX2.
#[target_feature(enable = "avx2")]
pub unsafe fn read(data: &[u8]) -> u64 {
    if data.len() < 32 {
        // Fewer than four words: the vector set-up and reduction would cost more than they save.
        return scalar::sum(data);
    }
    let whole = data.len() & !7;
    let p = data.as_ptr();
    let mut i = 0;
    let zero = _mm256_setzero_si256();
    let mut acc = [zero; 4];
    // SAFETY: (whole block) every load of 32 bytes starts at `i` with `i + 32 <= whole <= len`.
    unsafe {
        while whole - i >= BLOCK {
            for k in 0..8 {
                let v = _mm256_loadu_si256(p.add(i + 32 * k).cast());
                acc[k % 4] = _mm256_add_epi64(acc[k % 4], v);
            }
            i += BLOCK;
        }
        while whole - i >= 32 {
            acc[0] = _mm256_add_epi64(acc[0], _mm256_loadu_si256(p.add(i).cast()));
            i += 32;
        }
    }
    let v = _mm256_add_epi64(
        _mm256_add_epi64(acc[0], acc[1]),
        _mm256_add_epi64(acc[2], acc[3]),
    );
    let mut lanes = [0u64; 4];
    // SAFETY: `lanes` is 32 writable bytes; the store is unaligned.
    unsafe { _mm256_storeu_si256(lanes.as_mut_ptr().cast(), v) };
    let mut total = lanes.iter().fold(0u64, |t, &l| t.wrapping_add(l));
    for word in data[i..whole].chunks_exact(8) {
        total = total.wrapping_add(word_at(word));
    }
    total
}
