//! SSSE3: one quad per step, its data moved by one `pshufb` (Lemire, Kurz & Rupp 2018, §3).
//!
//! Decoding loads 16 data bytes, shuffles them by the control byte's `DECODE_SHUFFLE` and
//! stores four values. Encoding finds each lane's length from the mask of its non-zero bytes
//! (`pcmpeqb`, `pmovmskb` and two lookups of `tables::CODE_PAIRS`;
//! the paper derives it with saturating arithmetic instead) and packs the quad by
//! `ENCODE_SHUFFLE` into one 16-byte store.
//!
//! Every 16-byte access stays in its slice: a decoding step loads at most 16 bytes, so it runs
//! unchecked for `(bytes left) / 16` steps at a time; the quads whose data lies in the last
//! bytes are decoded from a zero-padded copy of them, and the scalar code takes the rest (a
//! partial quad, or input cut short). An encoding step stores 16 bytes at a quad's data position, at most `16 q` bytes in, with room
//! for `4 n` data bytes.

use core::arch::x86_64::*;

use super::super::tables::{control_of_mask, DECODE_SHUFFLE, ENCODE_SHUFFLE, LENGTHS};
use super::super::{control_len, scalar, DecodeError};

/// Encodes `values` into `dst`.
///
/// # Safety
///
/// The CPU has SSSE3; `dst.len() >= max_encoded_len(values.len())`.
pub unsafe fn encode(values: &[u32], dst: &mut [u8]) -> usize {
    // SAFETY: the caller's promises.
    unsafe { encode_impl(values, dst) }
}

#[target_feature(enable = "ssse3")]
unsafe fn encode_impl(values: &[u32], dst: &mut [u8]) -> usize {
    let n = values.len();
    let (control, data) = dst.split_at_mut(control_len(n));
    debug_assert!(data.len() >= 4 * n);
    let quads = n / 4;
    let mut pos = 0;
    for q in 0..quads {
        // SAFETY: SSSE3 is enabled; values 4q..4q+4 are inside `values`; pos <= 16 q and
        // 16 q + 16 <= 4 n <= data.len(); q < quads <= control.len().
        unsafe {
            let c = encode_quad(values.as_ptr().add(4 * q), data.as_mut_ptr().add(pos));
            *control.get_unchecked_mut(q) = c;
            pos += LENGTHS[c as usize] as usize;
        }
    }
    control.len() + scalar::encode_tail(values, 4 * quads, control, data, pos)
}

/// Packs the four values at `values` into the 16 bytes at `out`: their control byte.
///
/// # Safety
///
/// SSSE3 is enabled in the caller; 16 bytes are readable at `values` and writable at `out`.
#[inline(always)]
pub(super) unsafe fn encode_quad(values: *const u32, out: *mut u8) -> u8 {
    // SAFETY: the caller's promises.
    unsafe {
        let v = _mm_loadu_si128(values.cast());
        let zero = _mm_cmpeq_epi8(v, _mm_setzero_si128());
        let c = control_of_mask(!(_mm_movemask_epi8(zero) as u32) & 0xFFFF);
        let shuffle = _mm_loadu_si128(ENCODE_SHUFFLE[c as usize].as_ptr().cast());
        _mm_storeu_si128(out.cast(), _mm_shuffle_epi8(v, shuffle));
        c
    }
}

/// Decodes `dst.len()` values from `src`.
///
/// # Safety
///
/// The CPU has SSSE3.
///
/// # Errors
///
/// As the module [defines](super::super#errors) them.
pub unsafe fn decode(src: &[u8], dst: &mut [u32]) -> Result<usize, DecodeError> {
    // SAFETY: the caller's promise.
    unsafe { decode_impl(src, dst) }
}

#[target_feature(enable = "ssse3")]
unsafe fn decode_impl(src: &[u8], dst: &mut [u32]) -> Result<usize, DecodeError> {
    let control = scalar::check_control(src, dst.len())?;
    let quads = dst.len() / 4;
    let (mut q, mut pos) = (0, control);
    loop {
        // Each step reads at most 16 bytes: this many run without a check.
        let steps = ((src.len() - pos) / 16).min(quads - q);
        if steps == 0 {
            break;
        }
        for _ in 0..steps {
            // SAFETY: SSSE3 is enabled; q < quads <= control <= src.len(); the load reads
            // src[pos..pos + 16] inside src (at most 16 bytes a step, `steps` counted so);
            // the store writes dst[4q..4q + 4], a full quad.
            unsafe {
                let c = *src.get_unchecked(q) as usize;
                decode_quad(src.as_ptr().add(pos), c, dst.as_mut_ptr().add(4 * q));
                pos += LENGTHS[c] as usize;
            }
            q += 1;
        }
    }
    // SAFETY: SSSE3 is enabled; q <= quads.
    let (q, pos) = unsafe { decode_padded(src, dst, q, pos) };
    scalar::decode_tail(src, control, dst, 4 * q, pos)
}

/// Unpacks the quad of control byte `c` from the 16 bytes at `packed` into four values at `out`.
///
/// # Safety
///
/// SSSE3 is enabled in the caller; 16 bytes are readable at `packed` and writable at `out`.
#[inline(always)]
pub(super) unsafe fn decode_quad(packed: *const u8, c: usize, out: *mut u32) {
    // SAFETY: the caller's promises.
    unsafe {
        let data = _mm_loadu_si128(packed.cast());
        let shuffle = _mm_loadu_si128(DECODE_SHUFFLE[c].as_ptr().cast());
        _mm_storeu_si128(out.cast(), _mm_shuffle_epi8(data, shuffle));
    }
}

/// The longest data the padded tail takes: the rest after a pair of quads could not be loaded.
const PADDED: usize = 32;

/// Decodes the full quads from `q` on whose data lies within the next [`PADDED`] bytes from
/// `pos`, from a zero-padded copy of those bytes: the quad and the position it stopped at. The
/// vector loops stop where a load would pass the end of `src`; this takes the quads after,
/// whose data is there but too short for a 16-byte load, and leaves the rest (the last partial
/// quad, or one cut short) to the scalar tail.
///
/// # Safety
///
/// SSSE3 is enabled in the caller; `q <= dst.len() / 4`, the control bytes of every full quad
/// are in `src`, and `pos <= src.len()`.
#[inline(always)]
pub(super) unsafe fn decode_padded(
    src: &[u8],
    dst: &mut [u32],
    mut q: usize,
    pos: usize,
) -> (usize, usize) {
    let quads = dst.len() / 4;
    if q == quads {
        return (q, pos);
    }
    let rest = &src[pos..];
    let take = rest.len().min(PADDED);
    let mut padded = [0u8; PADDED + 16];
    padded[..take].copy_from_slice(&rest[..take]);
    let mut at = 0;
    while q < quads {
        // SAFETY: q < quads: its control byte is in `src` (the caller's promise).
        let c = unsafe { *src.get_unchecked(q) } as usize;
        let len = LENGTHS[c] as usize;
        if at + len > take {
            break;
        }
        // SAFETY: SSSE3 is enabled; at < take <= PADDED, so 16 bytes from `at` are in `padded`;
        // dst[4q..4q + 4] is a full quad.
        unsafe { decode_quad(padded.as_ptr().add(at), c, dst.as_mut_ptr().add(4 * q)) };
        at += len;
        q += 1;
    }
    (q, pos + at)
}
