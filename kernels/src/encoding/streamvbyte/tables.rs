//! The tables every variant shares, computed at compile time from the format: a control byte's
//! data length, and the byte shuffles that move a quad's data between its packed and its
//! unpacked (four little-endian `u32`) form.

// The shuffles serve the x86_64 variants; other targets build (and test) them unused.
#![cfg_attr(not(target_arch = "x86_64"), allow(dead_code))]

/// The length in bytes of value `i` (0..4) of a quad whose control byte is `control`.
pub(crate) const fn value_len(control: u8, i: usize) -> usize {
    ((control >> (2 * i)) & 3) as usize + 1
}

/// The data bytes of a quad, by control byte: 4 to 16.
pub(crate) static LENGTHS: [u8; 256] = {
    let mut t = [0; 256];
    let mut c = 0;
    while c < 256 {
        let mut i = 0;
        while i < 4 {
            t[c] += value_len(c as u8, i) as u8;
            i += 1;
        }
        c += 1;
    }
    t
};

/// A `pshufb` index that writes zero.
const ZERO: u8 = 0x80;

/// Decoding shuffles, by control byte: lane `4i + k` of the result takes byte `k` of value `i`
/// from the packed data (its offset is the lengths of the values before it), or zero past the
/// value's length.
pub(crate) static DECODE_SHUFFLE: [[u8; 16]; 256] = {
    let mut t = [[ZERO; 16]; 256];
    let mut c = 0;
    while c < 256 {
        let mut from = 0;
        let mut i = 0;
        while i < 4 {
            let len = value_len(c as u8, i);
            let mut k = 0;
            while k < len {
                t[c][4 * i + k] = (from + k) as u8;
                k += 1;
            }
            from += len;
            i += 1;
        }
        c += 1;
    }
    t
};

/// Encoding shuffles, by control byte: the inverse of [`DECODE_SHUFFLE`], packing the low
/// bytes of four `u32` lanes; lanes past the quad's length write zero.
pub(crate) static ENCODE_SHUFFLE: [[u8; 16]; 256] = {
    let mut t = [[ZERO; 16]; 256];
    let mut c = 0;
    while c < 256 {
        let mut to = 0;
        let mut i = 0;
        while i < 4 {
            let len = value_len(c as u8, i);
            let mut k = 0;
            while k < len {
                t[c][to + k] = (4 * i + k) as u8;
                k += 1;
            }
            to += len;
            i += 1;
        }
        c += 1;
    }
    t
};

/// The control bits of two values from their non-zero-byte masks: for each 8-bit index (the
/// masks of two `u32` lanes, four bits each, bit `k` set when byte `k` is not zero), the two
/// 2-bit codes, each the index of the value's highest non-zero byte (0 for zero).
pub(crate) static CODE_PAIRS: [u8; 256] = {
    const fn code(nibble: usize) -> u8 {
        match nibble {
            0..=1 => 0,
            2..=3 => 1,
            4..=7 => 2,
            _ => 3,
        }
    }
    let mut t = [0; 256];
    let mut m = 0;
    while m < 256 {
        t[m] = code(m & 15) | code(m >> 4) << 2;
        m += 1;
    }
    t
};

/// The control byte of a quad from the non-zero-byte mask of its 16 bytes (bit `b` set when
/// byte `b` of the four little-endian lanes is not zero).
#[inline(always)]
pub(crate) fn control_of_mask(mask: u32) -> u8 {
    CODE_PAIRS[(mask & 0xFF) as usize] | CODE_PAIRS[((mask >> 8) & 0xFF) as usize] << 4
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lengths_sum_the_codes() {
        assert_eq!(LENGTHS[0], 4);
        assert_eq!(LENGTHS[0xFF], 16);
        assert_eq!(LENGTHS[0b11_10_01_00], 10);
    }

    #[test]
    fn encode_and_decode_shuffles_are_inverse() {
        for c in 0..256 {
            let len = LENGTHS[c] as usize;
            for (to, &from) in ENCODE_SHUFFLE[c][..len].iter().enumerate() {
                assert_eq!(DECODE_SHUFFLE[c][from as usize], to as u8, "control {c:#x}");
            }
            assert!(ENCODE_SHUFFLE[c][len..].iter().all(|&b| b == ZERO));
        }
    }

    #[test]
    fn control_of_mask_is_the_highest_non_zero_byte() {
        // Lanes: 0 (no byte), 0x1_00 (byte 1), 0 with byte 0 set, 0xFF_00_00_00 (byte 3).
        let mask = (0b0010 << 4) | (0b0001 << 8) | (0b1000 << 12);
        assert_eq!(control_of_mask(mask), 0b11_00_01_00);
    }
}
