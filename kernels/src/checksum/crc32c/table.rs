//! The byte-at-a-time table loop (Sarwate, "Computation of Cyclic Redundancy Checks via Table
//! Look-Up", CACM 1988): the reference.
//!
//! The table is built bit by bit from the polynomial, independently of [`super::poly`]'s
//! multiplication, so the reference shares no code with the constants of the fast variants.

use super::poly::POLY;

/// `TABLE[b]`: the register `b` after eight zero bits, i.e. `b·x^8 mod P` (reflected).
pub static TABLE: [u32; 256] = byte_table();

const fn byte_table() -> [u32; 256] {
    let mut table = [0; 256];
    let mut b = 0;
    while b < 256 {
        let mut register = b as u32;
        let mut bit = 0;
        while bit < 8 {
            register = if register & 1 != 0 {
                (register >> 1) ^ POLY
            } else {
                register >> 1
            };
            bit += 1;
        }
        table[b] = register;
        b += 1;
    }
    table
}

/// The raw register after `data`, starting from `register` (no inversions).
#[inline]
pub fn update_raw(register: u32, data: &[u8]) -> u32 {
    data.iter().fold(register, |r, &b| {
        TABLE[((r ^ u32::from(b)) & 0xFF) as usize] ^ (r >> 8)
    })
}

/// The finished CRC of the data so far (`crc`) followed by `data` (safe form of the reference).
#[inline]
pub fn update(crc: u32, data: &[u8]) -> u32 {
    !update_raw(!crc, data)
}

/// CRC-32C update, one byte at a time.
///
/// # Safety
///
/// None beyond the types: this is safe code with the variant signature.
pub unsafe fn crc32c(crc: u32, data: &[u8]) -> u32 {
    update(crc, data)
}
