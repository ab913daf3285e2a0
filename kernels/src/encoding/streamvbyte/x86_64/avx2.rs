//! AVX2: two quads per step, in the two 128-bit lanes of one register (the SSSE3 steps of
//! [`super::ssse3`], paired).
//!
//! Decoding loads the two quads' data into the lanes (the second at the first's length on),
//! shuffles both by one `vpshufb` and stores eight values. Encoding takes the non-zero-byte
//! mask of eight values at once, packs both quads by one `vpshufb`, and stores the lanes at
//! their data positions. Bounds as in SSSE3: a decoding pair reads at most 32 bytes. A quad
//! left after the pairs, and the quads in the last 32 bytes, take the SSSE3 steps.

use core::arch::x86_64::*;

use super::super::tables::{control_of_mask, DECODE_SHUFFLE, ENCODE_SHUFFLE, LENGTHS};
use super::super::{control_len, scalar, DecodeError};
use super::ssse3;

/// Encodes `values` into `dst`.
///
/// # Safety
///
/// The CPU has AVX2; `dst.len() >= max_encoded_len(values.len())`.
pub unsafe fn encode(values: &[u32], dst: &mut [u8]) -> usize {
    // SAFETY: the caller's promises.
    unsafe { encode_impl(values, dst) }
}

#[target_feature(enable = "avx2")]
unsafe fn encode_impl(values: &[u32], dst: &mut [u8]) -> usize {
    let n = values.len();
    let (control, data) = dst.split_at_mut(control_len(n));
    debug_assert!(data.len() >= 4 * n);
    let pairs = n / 8;
    let mut pos = 0;
    for p in 0..pairs {
        // SAFETY: AVX2 is enabled; the load reads values 8p..8p+8 < n; each store writes 16
        // bytes at a quad's data position, at most 16 q for quad q, and 16 q + 16 <= 4 n.
        unsafe {
            let v = _mm256_loadu_si256(values.as_ptr().add(8 * p).cast());
            let zero = _mm256_cmpeq_epi8(v, _mm256_setzero_si256());
            let nonzero = !(_mm256_movemask_epi8(zero) as u32);
            let c0 = control_of_mask(nonzero & 0xFFFF);
            let c1 = control_of_mask(nonzero >> 16);
            let shuffle = _mm256_loadu2_m128i(
                ENCODE_SHUFFLE[c1 as usize].as_ptr().cast(),
                ENCODE_SHUFFLE[c0 as usize].as_ptr().cast(),
            );
            let packed = _mm256_shuffle_epi8(v, shuffle);
            let out = data.as_mut_ptr().add(pos);
            _mm_storeu_si128(out.cast(), _mm256_castsi256_si128(packed));
            let len0 = LENGTHS[c0 as usize] as usize;
            _mm_storeu_si128(out.add(len0).cast(), _mm256_extracti128_si256::<1>(packed));
            *control.get_unchecked_mut(2 * p) = c0;
            *control.get_unchecked_mut(2 * p + 1) = c1;
            pos += len0 + LENGTHS[c1 as usize] as usize;
        }
    }
    let mut from = 8 * pairs;
    if n - from >= 4 {
        // SAFETY: AVX2 (and so SSSE3) is enabled; values from..from + 4 are in `values`; pos <=
        // 4 from and 4 from + 16 <= 4 n <= data.len(); from / 4 < control.len().
        unsafe {
            let c = ssse3::encode_quad(values.as_ptr().add(from), data.as_mut_ptr().add(pos));
            *control.get_unchecked_mut(from / 4) = c;
            pos += LENGTHS[c as usize] as usize;
        }
        from += 4;
    }
    control.len() + scalar::encode_tail(values, from, control, data, pos)
}

/// Decodes `dst.len()` values from `src`.
///
/// # Safety
///
/// The CPU has AVX2.
///
/// # Errors
///
/// As the module [defines](super::super#errors) them.
pub unsafe fn decode(src: &[u8], dst: &mut [u32]) -> Result<usize, DecodeError> {
    // SAFETY: the caller's promise.
    unsafe { decode_impl(src, dst) }
}

#[target_feature(enable = "avx2")]
unsafe fn decode_impl(src: &[u8], dst: &mut [u32]) -> Result<usize, DecodeError> {
    let control = scalar::check_control(src, dst.len())?;
    let pairs = dst.len() / 8;
    let (mut p, mut pos) = (0, control);
    loop {
        // Each pair reads at most 32 bytes: this many run without a check.
        let steps = ((src.len() - pos) / 32).min(pairs - p);
        if steps == 0 {
            break;
        }
        for _ in 0..steps {
            // SAFETY: AVX2 is enabled; 2p + 1 < 2 pairs <= control <= src.len(); the loads
            // read src[pos..pos + len0 + 16] with len0 <= 16, inside src (`steps` counted so);
            // the store writes dst[8p..8p + 8], two full quads.
            unsafe {
                let c0 = *src.get_unchecked(2 * p) as usize;
                let c1 = *src.get_unchecked(2 * p + 1) as usize;
                let len0 = LENGTHS[c0] as usize;
                let at = src.as_ptr().add(pos);
                let packed = _mm256_loadu2_m128i(at.add(len0).cast(), at.cast());
                let shuffle = _mm256_loadu2_m128i(
                    DECODE_SHUFFLE[c1].as_ptr().cast(),
                    DECODE_SHUFFLE[c0].as_ptr().cast(),
                );
                let v = _mm256_shuffle_epi8(packed, shuffle);
                _mm256_storeu_si256(dst.as_mut_ptr().add(8 * p).cast(), v);
                pos += len0 + LENGTHS[c1] as usize;
            }
            p += 1;
        }
    }
    // SAFETY: AVX2 (and so SSSE3) is enabled; 2p <= dst.len() / 4.
    let (q, pos) = unsafe { ssse3::decode_padded(src, dst, 2 * p, pos) };
    scalar::decode_tail(src, control, dst, 4 * q, pos)
}
