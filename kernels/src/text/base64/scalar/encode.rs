//! Scalar encoding (RFC 4648 §4): each group of three bytes, read as a 24-bit big-endian number,
//! gives four characters of six bits each; a final group of one or two bytes is filled with zero
//! bits to two or three characters and padded with `=` to four.

use super::{ALPHABET, PAD};

/// Encodes `src` into `dst`.
///
/// # Safety
///
/// `dst.len() == encoded_len(src.len())` (safe code: a shorter `dst` panics, a longer one keeps
/// its extra bytes).
pub unsafe fn encode(src: &[u8], dst: &mut [u8]) {
    encode_at(src, dst, 0, 0);
}

/// The character of the low six bits of `n`.
#[inline(always)]
fn sym(n: u32) -> u8 {
    ALPHABET[(n & 0x3F) as usize]
}

/// The two characters of every 12-bit value: half a group per lookup (8 KiB).
static PAIRS: [[u8; 2]; 4096] = {
    let mut t = [[0; 2]; 4096];
    let mut v = 0;
    while v < 4096 {
        t[v] = [ALPHABET[v >> 6], ALPHABET[v & 0x3F]];
        v += 1;
    }
    t
};

/// Encodes `src[i..]` into `dst[o..]`: the SIMD variants' tail. `i` is a multiple of 3 and
/// `o == i / 3 * 4`, so the output continues the encoding of `src[..i]`.
///
/// # Panics
///
/// If `dst[o..]` is shorter than the encoding of `src[i..]` ([`encoded_len`]`(src.len() - i)`
/// bytes), or `i > src.len()`, `o > dst.len()`. Nothing is written then.
///
/// [`encoded_len`]: crate::text::base64::encoded_len
#[inline]
pub fn encode_at(src: &[u8], dst: &mut [u8], i: usize, o: usize) {
    let (src, dst) = (&src[i..], &mut dst[o..]);
    let need = crate::text::base64::encoded_len(src.len());
    assert!(
        dst.len() >= need,
        "base64 encode_at: {} bytes of dst left, the encoding needs {need}",
        dst.len()
    );
    let groups = src.chunks_exact(3);
    let rest = groups.remainder();
    let mut quanta = dst.chunks_exact_mut(4);
    for (g, q) in groups.zip(&mut quanta) {
        let n = u32::from(g[0]) << 16 | u32::from(g[1]) << 8 | u32::from(g[2]);
        let ([a, b], [c, d]) = (PAIRS[(n >> 12) as usize], PAIRS[(n & 0xFFF) as usize]);
        q.copy_from_slice(&[a, b, c, d]);
    }
    if rest.is_empty() {
        return;
    }
    let last = quanta.next().expect("dst holds the final padded quantum");
    let n = u32::from(rest[0]) << 16 | rest.get(1).map_or(0, |&b| u32::from(b) << 8);
    let third = if rest.len() == 2 { sym(n >> 6) } else { PAD };
    last.copy_from_slice(&[sym(n >> 18), sym(n >> 12), third, PAD]);
}
