//! One character at a time, by the ranges of the Unicode Standard's Table 3-7 ("Well-Formed UTF-8
//! Byte Sequences", §3.9 D92), with a 16-byte ASCII fast path.
//!
//! Table 3-7 restated: a well-formed sequence is one of
//!
//! | lead       | second byte | third  | fourth | code points          |
//! |------------|-------------|--------|--------|----------------------|
//! | `00..7F`   |             |        |        | U+0000..U+007F       |
//! | `C2..DF`   | `80..BF`    |        |        | U+0080..U+07FF       |
//! | `E0`       | `A0..BF`    | `80..BF` |      | U+0800..U+0FFF       |
//! | `E1..EC`   | `80..BF`    | `80..BF` |      | U+1000..U+CFFF       |
//! | `ED`       | `80..9F`    | `80..BF` |      | U+D000..U+D7FF       |
//! | `EE..EF`   | `80..BF`    | `80..BF` |      | U+E000..U+FFFF       |
//! | `F0`       | `90..BF`    | `80..BF` | `80..BF` | U+10000..U+3FFFF |
//! | `F1..F3`   | `80..BF`    | `80..BF` | `80..BF` | U+40000..U+FFFFF |
//! | `F4`       | `80..8F`    | `80..BF` | `80..BF` | U+100000..U+10FFFF |
//!
//! Only the second byte's range depends on the lead (that is where overlong forms, surrogates and
//! code points above U+10FFFF are excluded); every later byte is a plain continuation `80..BF`. A
//! lead outside these rows (`80..C1`, `F5..FF`) is never valid. The error position is the start
//! of the sequence that fails, which is exactly `Utf8Error::valid_up_to` of the standard library:
//! everything before it is whole characters.

/// Bit 7 of every byte of a word: set where a byte is not ASCII.
const HIGH_BITS: u64 = 0x8080_8080_8080_8080;

/// `Ok` if `bytes` is well-formed UTF-8, else `Err(valid_up_to)`.
///
/// # Safety
///
/// None beyond the types: this is safe code with the variant signature.
pub unsafe fn utf8_validate(bytes: &[u8]) -> Result<(), usize> {
    validate(bytes)
}

/// The scalar check as a safe function: the reference of the SIMD variants' error location.
#[inline]
pub fn validate(bytes: &[u8]) -> Result<(), usize> {
    let len = bytes.len();
    let mut i = 0;
    while i < len {
        let lead = bytes[i];
        if lead < 0x80 {
            i = skip_ascii(bytes, i + 1);
            continue;
        }
        // The second byte's range and the sequence's width, per the table's rows.
        let (lo, hi, width) = match lead {
            0xC2..=0xDF => (0x80, 0xBF, 2),
            0xE0 => (0xA0, 0xBF, 3),
            0xE1..=0xEC | 0xEE..=0xEF => (0x80, 0xBF, 3),
            0xED => (0x80, 0x9F, 3),
            0xF0 => (0x90, 0xBF, 4),
            0xF1..=0xF3 => (0x80, 0xBF, 4),
            0xF4 => (0x80, 0x8F, 4),
            _ => return Err(i),
        };
        let Some(seq) = bytes.get(i..i + width) else {
            return Err(i);
        };
        if !(lo..=hi).contains(&seq[1]) || !seq[2..].iter().all(|&b| is_continuation(b)) {
            return Err(i);
        }
        i += width;
    }
    Ok(())
}

/// Whether `b` is a continuation byte `10xx_xxxx`.
#[inline(always)]
pub fn is_continuation(b: u8) -> bool {
    (b as i8) < -64
}

/// The index of the first non-ASCII byte at or after `i` (or the length): 16 bytes at a time
/// while they are all ASCII, then straight to the first high bit of the word that has one.
#[inline(always)]
fn skip_ascii(bytes: &[u8], mut i: usize) -> usize {
    while let Some(chunk) = bytes.get(i..i + 16) {
        let (a, b) = chunk.split_at(8);
        let a = u64::from_le_bytes(a.try_into().expect("8 bytes")) & HIGH_BITS;
        let b = u64::from_le_bytes(b.try_into().expect("8 bytes")) & HIGH_BITS;
        if a | b != 0 {
            let in_chunk = if a != 0 {
                a.trailing_zeros() / 8
            } else {
                8 + b.trailing_zeros() / 8
            };
            return i + in_chunk as usize;
        }
        i += 16;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    fn std_result(bytes: &[u8]) -> Result<(), usize> {
        core::str::from_utf8(bytes)
            .map(|_| ())
            .map_err(|e| e.valid_up_to())
    }

    /// Every sequence of up to three bytes, and four-byte ones over the bytes where the table's
    /// rows change, agree with the standard library.
    #[test]
    fn short_sequences_agree_with_std() {
        let edges = [
            0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0,
            0xE1, 0xEC, 0xED, 0xEE, 0xEF, 0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xFF,
        ];
        for a in 0..=255u8 {
            for b in 0..=255u8 {
                assert_eq!(validate(&[a, b]), std_result(&[a, b]), "{a:02x} {b:02x}");
                for c in edges {
                    let s = [a, b, c];
                    assert_eq!(validate(&s), std_result(&s), "{s:02x?}");
                    for d in edges {
                        let s = [a, b, c, d];
                        assert_eq!(validate(&s), std_result(&s), "{s:02x?}");
                    }
                }
            }
        }
    }
}
