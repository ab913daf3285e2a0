//! SSSE3: the wild-copy decoder of [`wild`](super::super::wild) on raw pointers and 16-byte
//! vectors. A match closer than 16 bytes loads the 16 bytes at its start and spreads its period
//! over a vector with one `pshufb` (index `i mod offset`), then copies 16-byte chunks from a
//! multiple of the period at least 16 back (the table `PERIODS`).
//!
//! The common sequence (at most 14 literals, a match of at most 18) runs in a loop of its own
//! while `src` has 17 bytes and `dst` 32 bytes of room; there a short match is copied as 18
//! bytes, loaded before they are stored when it does not overlap its copy (so no load waits on
//! an overlapping store). Every access is checked against the slices' lengths before it is
//! made: a wild copy only where `dst` has room for all it overshoots, the reference's exact
//! copies elsewhere.

use core::arch::x86_64::*;

use super::super::{scalar, DecompressError};

/// Per offset below 16: the `pshufb` indices `i mod offset`, and the smallest multiple of the
/// offset that is at least 16.
static PERIODS: [([u8; 16], usize); 16] = {
    let mut t = [([0; 16], 16); 16];
    let mut offset = 1;
    while offset < 16 {
        let mut i = 0;
        while i < 16 {
            t[offset].0[i] = (i % offset) as u8;
            i += 1;
        }
        t[offset].1 = offset * 16usize.div_ceil(offset);
        offset += 1;
    }
    t
};

/// Decompresses the LZ4 block `src` into the start of `dst`: the bytes written.
///
/// # Safety
///
/// The CPU has SSSE3.
///
/// # Errors
///
/// As the reference.
pub unsafe fn decompress(src: &[u8], dst: &mut [u8]) -> Result<usize, DecompressError> {
    // SAFETY: the caller's promise.
    unsafe { decompress_impl(src, dst) }
}

#[target_feature(enable = "ssse3")]
unsafe fn decompress_impl(src: &[u8], dst: &mut [u8]) -> Result<usize, DecompressError> {
    let (mut ip, mut op) = (0, 0);
    let s = src.as_ptr();
    loop {
        // The common sequence, in a loop of its own: at most 14 literals, with room for the
        // token, a 16-byte literal load and the offset in `src`, and for the literals' 16-byte
        // store and a short match's 18 bytes in `dst`; a longer match is checked on its own.
        while ip + 17 <= src.len() && op + 32 <= dst.len() {
            // SAFETY: ip < src.len().
            let token = unsafe { *s.add(ip) };
            if token >= 0xF0 {
                break;
            }
            let literals = (token >> 4) as usize;
            // SAFETY: SSSE3 (SSE2) is enabled; 16 bytes from ip + 1 are in src, from op in dst;
            // the offset's two bytes end at ip + 1 + literals + 2 <= ip + 17 <= src.len().
            let offset = unsafe {
                _mm_storeu_si128(
                    dst.as_mut_ptr().add(op).cast(),
                    _mm_loadu_si128(s.add(ip + 1).cast()),
                );
                s.add(ip + 1 + literals)
                    .cast::<u16>()
                    .read_unaligned()
                    .to_le()
            } as usize;
            ip += 3 + literals;
            op += literals;
            if offset == 0 || offset > op {
                return Err(DecompressError);
            }
            if token & 0x0F != 0x0F {
                let len = 4 + (token & 0x0F) as usize;
                // SAFETY: SSSE3 is enabled; offset <= op, and op + 18 <= dst.len().
                unsafe { copy_short_match(dst.as_mut_ptr().add(op), offset, len) };
                op += len;
                continue;
            }
            let len = 4 + scalar::length(15, src, &mut ip)?;
            if len > dst.len() - op {
                return Err(DecompressError);
            }
            // SAFETY: SSSE3 is enabled; offset <= op and len <= dst.len() - op, both checked.
            unsafe { copy_match_within(dst, op, offset, len) };
            op += len;
        }
        let token = *src.get(ip).ok_or(DecompressError)?;
        ip += 1;
        let nibble = token >> 4;
        let literals;
        if nibble < 15 && ip + 16 <= src.len() && op + 16 <= dst.len() {
            literals = nibble as usize;
            // SAFETY: SSSE3 (SSE2) is enabled; 16 bytes from ip are in src, from op in dst.
            unsafe {
                _mm_storeu_si128(
                    dst.as_mut_ptr().add(op).cast(),
                    _mm_loadu_si128(s.add(ip).cast()),
                )
            };
        } else {
            literals = scalar::length(nibble, src, &mut ip)?;
            let end = ip.checked_add(literals).ok_or(DecompressError)?;
            if end > src.len() || literals > dst.len() - op {
                return Err(DecompressError);
            }
            if literals <= 64 && end + 16 <= src.len() && op + literals + 16 <= dst.len() {
                // A short run in 16-byte chunks rather than a call of memcpy.
                let mut k = 0;
                while k < literals {
                    // SAFETY: SSSE3 (SSE2) is enabled; the chunk ends below end + 16 <=
                    // src.len() and below op + literals + 16 <= dst.len().
                    unsafe {
                        let chunk = _mm_loadu_si128(s.add(ip + k).cast());
                        _mm_storeu_si128(dst.as_mut_ptr().add(op + k).cast(), chunk);
                    }
                    k += 16;
                }
            } else {
                dst[op..op + literals].copy_from_slice(&src[ip..end]);
            }
        }
        ip += literals;
        op += literals;
        if ip == src.len() {
            return Ok(op);
        }
        let offset = scalar::offset(src, &mut ip)?;
        let len = 4 + scalar::length(token & 15, src, &mut ip)?;
        if offset > op || len > dst.len() - op {
            return Err(DecompressError);
        }
        // SAFETY: SSSE3 is enabled; offset <= op and len <= dst.len() - op, both checked.
        unsafe { copy_match_within(dst, op, offset, len) };
        op += len;
    }
}

/// Copies the match of `len` bytes at `dst[op..]` from `offset` bytes back: wildly where `dst`
/// has room for the overshoot, else a byte at a time.
///
/// # Safety
///
/// SSSE3 is enabled in the caller; `offset <= op` and `len <= dst.len() - op`.
#[inline(always)]
unsafe fn copy_match_within(dst: &mut [u8], op: usize, offset: usize, len: usize) {
    debug_assert!(offset <= op && len <= dst.len() - op);
    if len + 32 <= dst.len() - op {
        // SAFETY: SSSE3 is enabled and offset <= op (the caller's promises); the copy writes
        // below op + len + 16 <= dst.len() (chunks of 16 from op up to past len, the first
        // perhaps a head of 16) and reads only below what it writes.
        unsafe { copy_match(dst.as_mut_ptr().add(op), offset, len) };
    } else {
        for k in op..op + len {
            dst[k] = dst[k - offset];
        }
    }
}

/// Copies a match of `len` (at most 18) bytes to `out` from `offset` bytes back, writing 18.
///
/// A match that does not overlap its copy loads 18 bytes (a vector and two bytes) before
/// storing them, so neither load waits on a store it overlaps (the bytes past `len` are
/// garbage, overwritten later); an overlapping one stores a first vector (a `pshufb` of the
/// period below 16) and copies its last two bytes from it.
///
/// # Safety
///
/// SSSE3 is enabled in the caller; `offset` bytes before `out` and 18 bytes from it lie in one
/// live, writable allocation.
#[inline(always)]
unsafe fn copy_short_match(out: *mut u8, offset: usize, len: usize) {
    // SAFETY: the caller's promises; the loads read from `offset` back, below out + 18, the
    // last of an overlapping match after the first store wrote what it reads of `out`.
    unsafe {
        let from = out.sub(offset);
        if offset >= len {
            let a = _mm_loadu_si128(from.cast());
            let b = from.add(16).cast::<u16>().read_unaligned();
            _mm_storeu_si128(out.cast(), a);
            out.add(16).cast::<u16>().write_unaligned(b);
            return;
        }
        let distance = if offset >= 16 {
            _mm_storeu_si128(out.cast(), _mm_loadu_si128(from.cast()));
            offset
        } else {
            let (indices, distance) = &PERIODS[offset];
            let pattern = _mm_shuffle_epi8(
                _mm_loadu_si128(from.cast()),
                _mm_loadu_si128(indices.as_ptr().cast()),
            );
            _mm_storeu_si128(out.cast(), pattern);
            *distance
        };
        // Bytes 16 and 17, from the pattern just written.
        let tail = out.add(16).sub(distance).cast::<u16>().read_unaligned();
        out.add(16).cast::<u16>().write_unaligned(tail);
    }
}

/// Copies `len` bytes to `out` from `offset` bytes back, wildly: writes up to 16 bytes past
/// `out + len`.
///
/// # Safety
///
/// SSSE3 is enabled in the caller; `offset` bytes before `out` and `len + 16` bytes from it
/// lie in one live, writable allocation.
#[inline(always)]
unsafe fn copy_match(out: *mut u8, offset: usize, len: usize) {
    // SAFETY: the caller's promises; every load starts at or after out - offset and ends before
    // the end of the bytes written so far plus 16, every store below out + len + 16.
    unsafe {
        let (mut k, distance) = if offset >= 16 {
            (0, offset)
        } else {
            let (indices, distance) = &PERIODS[offset];
            let start = _mm_loadu_si128(out.sub(offset).cast());
            let pattern = _mm_shuffle_epi8(start, _mm_loadu_si128(indices.as_ptr().cast()));
            _mm_storeu_si128(out.cast(), pattern);
            (16, *distance)
        };
        while k < len {
            let chunk = _mm_loadu_si128(out.add(k).sub(distance).cast());
            _mm_storeu_si128(out.add(k).cast(), chunk);
            k += 16;
        }
    }
}
