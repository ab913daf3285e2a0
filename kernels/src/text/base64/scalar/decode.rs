//! Scalar decoding (RFC 4648 §4 read strictly, as §3.3 and §3.5 allow): four characters give
//! three bytes; the final quantum may end in `=` or `==`, and then the bits its last character
//! carries beyond the data must be zero. Everything else is an error, reported at the position
//! [`crate::text::base64`] defines.

use super::{INVALID, PAD, VALUES};

/// Set in a [`PLACED`] entry of a byte outside the alphabet (above the 24 data bits).
const BAD: u32 = 1 << 31;

/// Each byte's 6-bit value already at its place in the 24-bit group, per place in the quantum
/// (bits 18, 12, 6, 0), or [`BAD`]: one OR of four lookups decodes and checks a quantum (4 KiB).
static PLACED: [[u32; 256]; 4] = {
    let mut t = [[0; 256]; 4];
    let mut place = 0;
    while place < 4 {
        let mut byte = 0;
        while byte < 256 {
            let v = VALUES[byte];
            t[place][byte] = if v == INVALID {
                BAD
            } else {
                (v as u32) << (18 - 6 * place)
            };
            byte += 1;
        }
        place += 1;
    }
    t
};

/// Decodes `src` into `dst`: the bytes written, or the position of the first invalid byte.
///
/// # Safety
///
/// `dst.len() >= decoded_len_max(src.len())`, the precondition of every decoding variant (this
/// one is safe code: it needs only [`decoded_len`]`(src)`, and panics with less, as
/// [`decode_at`] says).
///
/// [`decoded_len`]: crate::text::base64::decoded_len
pub unsafe fn decode(src: &[u8], dst: &mut [u8]) -> Result<usize, usize> {
    decode_at(src, dst, 0, 0)
}

/// Decodes `src[i..]` into `dst[o..]`: the SIMD variants' tail. `i` is a multiple of 4, every
/// quantum before it consists of four alphabet characters (so none ends the encoding), and
/// `o == i / 4 * 3`. Returns the total bytes written (`o` included) or the error position in
/// `src`.
///
/// # Panics
///
/// Never when `dst.len() >= `[`decoded_len`]`(src)` (it writes three bytes per quantum, four
/// where `dst` has room, and exactly the data of a padded final quantum). With less, it panics
/// when it reaches data that does not fit, unless it finds an error first.
///
/// [`decoded_len`]: crate::text::base64::decoded_len
#[inline]
pub fn decode_at(src: &[u8], dst: &mut [u8], mut i: usize, mut o: usize) -> Result<usize, usize> {
    while let Some(&[a, b, c, d]) = src.get(i..i + 4) {
        let bits = PLACED[0][usize::from(a)]
            | PLACED[1][usize::from(b)]
            | PLACED[2][usize::from(c)]
            | PLACED[3][usize::from(d)];
        if bits & BAD != 0 {
            return last_quantum(src, dst, i, o);
        }
        let bytes = (bits << 8).to_be_bytes();
        // Four bytes where `dst` has room (the fourth is overwritten next, or lies past the
        // data, where `dst` is unspecified), else the three.
        match dst.get_mut(o..o + 4) {
            Some(out) => out.copy_from_slice(&bytes),
            None => dst[o..o + 3].copy_from_slice(&bytes[..3]),
        }
        i += 4;
        o += 3;
    }
    if i < src.len() {
        return last_quantum(src, dst, i, o);
    }
    Ok(o)
}

/// The quantum at `i`, which holds a byte outside the alphabet or is cut short by the end of
/// the input: the bytes of a valid padded final quantum, or the error position.
///
/// Scanning its bytes in order: a byte that is neither in the alphabet nor `=` is the error; so
/// is `=` in the first or second place. `=` in the third place must have a second character
/// whose low four bits are zero (else the error is that character), a `=` after it (else the
/// error is the byte there, or the input's length when it ends there) and nothing after the
/// quantum (else the error is the byte that follows it). `=` in the fourth place likewise needs
/// the third character's low two bits zero and nothing after. An input that ends inside a
/// quantum whose bytes are all valid so far is an error at its length.
fn last_quantum(src: &[u8], dst: &mut [u8], i: usize, o: usize) -> Result<usize, usize> {
    let n = src.len();
    let mut v = [0u8; 4];
    for k in 0..4 {
        let at = i + k;
        let Some(&byte) = src.get(at) else {
            return Err(n);
        };
        v[k] = VALUES[usize::from(byte)];
        if v[k] & INVALID == 0 {
            continue;
        }
        if byte != PAD || k < 2 {
            return Err(at);
        }
        // `=` in place k (2 or 3): the quantum carries k - 1 bytes; the character before the
        // first `=` holds bits past them, which must be zero.
        let (carrier, spare) = if k == 2 { (1, 0x0F) } else { (2, 0x03) };
        if v[carrier] & spare != 0 {
            return Err(i + carrier);
        }
        if k == 2 {
            match src.get(i + 3) {
                None => return Err(n),
                Some(&PAD) => {}
                Some(_) => return Err(i + 3),
            }
        }
        if n != i + 4 {
            return Err(i + 4);
        }
        let bits = u32::from(v[0]) << 18 | u32::from(v[1]) << 12 | u32::from(v[2]) << 6;
        let len = k - 1;
        dst[o..o + len].copy_from_slice(&bits.to_be_bytes()[1..1 + len]);
        return Ok(o + len);
    }
    unreachable_quantum()
}

/// `last_quantum` is only called on a quantum that is incomplete or holds a byte outside the
/// alphabet, so its loop always returns.
#[cold]
fn unreachable_quantum() -> ! {
    unreachable!("last_quantum is called on an incomplete or invalid quantum")
}
