//! The reference: the block format read literally, a sequence at a time, every byte of a match
//! copied on its own.

use super::DecompressError;

/// Decompresses the LZ4 block `src` into the start of `dst`: the bytes written.
///
/// # Errors
///
/// [`DecompressError`] when `src` is not a block ([the module](super#validity) says what one
/// is) or its output does not fit `dst`.
pub fn decompress(src: &[u8], dst: &mut [u8]) -> Result<usize, DecompressError> {
    let (mut ip, mut op) = (0, 0);
    loop {
        let token = *src.get(ip).ok_or(DecompressError)?;
        ip += 1;
        let literals = length(token >> 4, src, &mut ip)?;
        let end = ip.checked_add(literals).ok_or(DecompressError)?;
        let from = src.get(ip..end).ok_or(DecompressError)?;
        dst.get_mut(op..op + literals)
            .ok_or(DecompressError)?
            .copy_from_slice(from);
        ip = end;
        op += literals;
        if ip == src.len() {
            return Ok(op);
        }
        let offset = offset(src, &mut ip)?;
        let len = 4 + length(token & 15, src, &mut ip)?;
        if offset > op || len > dst.len() - op {
            return Err(DecompressError);
        }
        for k in op..op + len {
            dst[k] = dst[k - offset];
        }
        op += len;
    }
}

/// A length from its token nibble: the nibble, and when it is 15, the bytes that follow added
/// to it up to the first that is not 255.
#[inline(always)]
pub(crate) fn length(nibble: u8, src: &[u8], ip: &mut usize) -> Result<usize, DecompressError> {
    let mut len = nibble as usize;
    if nibble == 15 {
        loop {
            let byte = *src.get(*ip).ok_or(DecompressError)?;
            *ip += 1;
            len = len.checked_add(byte as usize).ok_or(DecompressError)?;
            if byte != 255 {
                break;
            }
        }
    }
    Ok(len)
}

/// A match's offset: two bytes, little-endian, not zero.
#[inline(always)]
pub(crate) fn offset(src: &[u8], ip: &mut usize) -> Result<usize, DecompressError> {
    let bytes = src.get(*ip..*ip + 2).ok_or(DecompressError)?;
    *ip += 2;
    match u16::from_le_bytes([bytes[0], bytes[1]]) {
        0 => Err(DecompressError),
        offset => Ok(offset as usize),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literals_then_an_overlapping_match() {
        // "abc", then a match of 7 at offset 3, then the last literals "!".
        let block = [0x33, b'a', b'b', b'c', 3, 0, 0x10, b'!'];
        let mut out = [0; 16];
        assert_eq!(decompress(&block, &mut out), Ok(11));
        assert_eq!(&out[..11], b"abcabcabca!");
    }

    #[test]
    fn malformed_blocks_are_errors() {
        let mut out = [0; 64];
        for bad in [
            &[][..],                         // no token
            &[0x10],                         // a literal missing
            &[0x10, b'a', 0],                // half an offset
            &[0x10, b'a', 0, 0],             // offset zero
            &[0x10, b'a', 2, 0, 0x00, b'!'], // offset before the start
            &[0x10, b'a', 1, 0],             // ends after a match
            &[0xF0, 255],                    // a length whose bytes run out
        ] {
            assert_eq!(decompress(bad, &mut out), Err(DecompressError), "{bad:?}");
        }
        // An output that does not fit.
        let block = [0x33, b'a', b'b', b'c', 3, 0, 0x10, b'!'];
        assert_eq!(decompress(&block, &mut out[..10]), Err(DecompressError));
    }
}
