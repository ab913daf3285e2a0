//! The reference: one value at a time, straight from the format. Its tails and its checks
//! finish every other variant, so all of them report the same errors.

use super::tables::{value_len, LENGTHS};
use super::{control_len, DecodeError};

/// The code of `v`: its length in bytes, less one (0 is one byte long).
#[inline(always)]
pub(crate) fn code_of(v: u32) -> u8 {
    (((32 - (v | 1).leading_zeros()) as u8).div_ceil(8)) - 1
}

/// Encodes `values` into `dst`: the reference encoder.
///
/// `dst` holds at least [`max_encoded_len`](super::max_encoded_len)`(values.len())` bytes;
/// returns the bytes written.
pub fn encode(values: &[u32], dst: &mut [u8]) -> usize {
    let (control, data) = dst.split_at_mut(control_len(values.len()));
    control.len() + encode_tail(values, 0, control, data, 0)
}

/// Encodes `values[from..]` (`from` a multiple of 4) with control bytes from
/// `control[from / 4]` and data from `data[pos]` on: the data position after the last value.
///
/// Each value's four bytes are written and its length added: `data` has room for four bytes a
/// value (`pos <= 4 · from`, `data.len() >= 4 · values.len()`), and the next value overwrites
/// the bytes past this one's length.
#[inline(never)]
pub(crate) fn encode_tail(
    values: &[u32],
    from: usize,
    control: &mut [u8],
    data: &mut [u8],
    mut pos: usize,
) -> usize {
    for (q, quad) in values[from..].chunks(4).enumerate() {
        let mut c = 0;
        for (i, &v) in quad.iter().enumerate() {
            let code = code_of(v);
            c |= code << (2 * i);
            data[pos..pos + 4].copy_from_slice(&v.to_le_bytes());
            pos += code as usize + 1;
        }
        control[from / 4 + q] = c;
    }
    pos
}

/// Decodes `dst.len()` values from `src`: the reference decoder.
///
/// # Errors
///
/// As the module [defines](super#errors) them.
pub fn decode(src: &[u8], dst: &mut [u32]) -> Result<usize, DecodeError> {
    let control = check_control(src, dst.len())?;
    decode_tail(src, control, dst, 0, control)
}

/// The length of the control bytes of `n` values, after checking what can be checked of them
/// alone: that `src` holds them, and that the codes of the last control byte past the last
/// value are zero. Every variant checks this first.
///
/// # Errors
///
/// [`DecodeError::Truncated`] with the control bytes' length, or [`DecodeError::Padding`].
#[inline(always)]
pub(crate) fn check_control(src: &[u8], n: usize) -> Result<usize, DecodeError> {
    let len = control_len(n);
    if src.len() < len {
        return Err(DecodeError::Truncated { needed: len });
    }
    let used = n % 4;
    if used != 0 && src[len - 1] >> (2 * used) != 0 {
        return Err(DecodeError::Padding);
    }
    Ok(len)
}

/// Decodes values `from..` (`from` a multiple of 4) of `dst`, whose data starts at `src[pos]`:
/// the bytes of the encoding in all. `control` is the control bytes' length, checked by
/// [`check_control`].
///
/// # Errors
///
/// [`DecodeError::Truncated`] when the data ends early, with the length of the whole encoding.
#[inline(never)]
pub(crate) fn decode_tail(
    src: &[u8],
    control: usize,
    dst: &mut [u32],
    from: usize,
    mut pos: usize,
) -> Result<usize, DecodeError> {
    let n = dst.len();
    for i in from..n {
        let len = value_len(src[i / 4], i % 4);
        // Four bytes at once where four are there, the value's own bytes masked in.
        let v = if let Some(&four) = src.get(pos..).and_then(|rest| rest.first_chunk::<4>()) {
            u32::from_le_bytes(four) & (u32::MAX >> (32 - 8 * len))
        } else if let Some(bytes) = src.get(pos..pos + len) {
            let mut le = [0; 4];
            le[..len].copy_from_slice(bytes);
            u32::from_le_bytes(le)
        } else {
            return Err(DecodeError::Truncated {
                needed: encoded_len(src, control, n),
            });
        };
        dst[i] = v;
        pos += len;
    }
    Ok(pos)
}

/// The length of the encoding of `n` values whose `control` bytes start `src` (all present,
/// and the last one's unused codes zero).
pub(crate) fn encoded_len(src: &[u8], control: usize, n: usize) -> usize {
    let data: usize = src[..control]
        .iter()
        .map(|&c| LENGTHS[c as usize] as usize)
        .sum();
    // The last control byte's unused codes are zero: each counted as a one-byte value.
    let unused = (4 - n % 4) % 4;
    control + data - unused
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_lengths_less_one() {
        for (v, code) in [
            (0, 0),
            (1, 0),
            (255, 0),
            (256, 1),
            (65_535, 1),
            (65_536, 2),
            ((1 << 24) - 1, 2),
            (1 << 24, 3),
            (u32::MAX, 3),
        ] {
            assert_eq!(code_of(v), code, "{v}");
        }
    }

    #[test]
    fn the_papers_layout() {
        // Control bytes first, the first value in the low bits; data little-endian.
        let mut dst = [0; super::super::max_encoded_len(5)];
        let n = encode(&[1, 0x0302, 0x06_0504, 0x0A09_0807, 0x0B], &mut dst);
        assert_eq!(
            &dst[..n],
            &[0b11_10_01_00, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]
        );
        let mut back = [0; 5];
        assert_eq!(decode(&dst[..n], &mut back), Ok(n));
        assert_eq!(back, [1, 0x0302, 0x06_0504, 0x0A09_0807, 0x0B]);
    }

    #[test]
    fn errors_say_what_is_missing() {
        let mut back = [0; 5];
        assert_eq!(
            decode(&[0], &mut back),
            Err(DecodeError::Truncated { needed: 2 })
        );
        assert_eq!(
            decode(&[0, 0b100, 1, 2, 3, 4, 5], &mut back),
            Err(DecodeError::Padding)
        );
        assert_eq!(
            decode(&[0xFF, 0, 1, 2, 3], &mut back),
            Err(DecodeError::Truncated { needed: 19 })
        );
    }
}
