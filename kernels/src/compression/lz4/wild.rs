//! Safe scalar with wild copies: where both slices have 16 bytes of room, a short literal run
//! is copied as 16 bytes and a match in 16-byte chunks, each rounded up past its end (the next
//! sequence overwrites the excess), the classic LZ4 decoder's speed trick written with slice
//! copies the compiler turns into 16-byte moves. Matches closer than 16 bytes first replicate
//! their pattern byte by byte up to a multiple of its period of at least 16, then copy chunks at
//! that distance. Near either end, the reference's exact copies.

use super::{scalar, DecompressError};

/// Decompresses the LZ4 block `src` into the start of `dst`: the bytes written.
///
/// # Errors
///
/// As the reference.
pub fn decompress(src: &[u8], dst: &mut [u8]) -> Result<usize, DecompressError> {
    let (mut ip, mut op) = (0, 0);
    loop {
        let token = *src.get(ip).ok_or(DecompressError)?;
        ip += 1;
        let nibble = token >> 4;
        let literals;
        if nibble < 15 && ip + 16 <= src.len() && op + 16 <= dst.len() {
            literals = nibble as usize;
            dst[op..op + 16].copy_from_slice(&src[ip..ip + 16]);
        } else {
            literals = scalar::length(nibble, src, &mut ip)?;
            let end = ip.checked_add(literals).ok_or(DecompressError)?;
            let from = src.get(ip..end).ok_or(DecompressError)?;
            dst.get_mut(op..op + literals)
                .ok_or(DecompressError)?
                .copy_from_slice(from);
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
        copy_match(dst, op, offset, len);
        op += len;
    }
}

/// Copies `len` bytes to `dst[op..]` from `offset` bytes back (`offset <= op`,
/// `op + len <= dst.len()`), wildly where there is room.
#[inline(always)]
fn copy_match(dst: &mut [u8], op: usize, offset: usize, len: usize) {
    if len + 16 > dst.len() - op {
        for k in op..op + len {
            dst[k] = dst[k - offset];
        }
        return;
    }
    // The distance the chunks copy from: the offset, or for a closer match a multiple of it of
    // at least 16, the first bytes written one at a time until the pattern spans it.
    let (mut k, distance) = if offset >= 16 {
        (0, offset)
    } else {
        let distance = offset * 16usize.div_ceil(offset);
        let head = (distance - offset).min(len);
        for k in op..op + head {
            dst[k] = dst[k - offset];
        }
        (head, distance)
    };
    while k < len {
        let from = op + k - distance;
        dst.copy_within(from..from + 16, op + k);
        k += 16;
    }
}
