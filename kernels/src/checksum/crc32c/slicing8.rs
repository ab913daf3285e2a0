//! Slicing-by-8 (Kounavis & Berry, "A Systematic Approach to Building High Performance,
//! Software-based, CRC Generators", ISCC 2005; Intel's "slicing-by-8"): eight bytes per step
//! through eight tables.
//!
//! `TABLES[k][b]` is the register contribution of a byte `b` followed by `k` more bytes, i.e.
//! `b·x^(8(k+1)) mod P`. A step XORs the register into the first four bytes of the next eight,
//! then looks every byte up in the table for its distance from the end of the word; the eight
//! lookups are independent, so they overlap instead of forming an eight-deep chain.

use super::poly::{mul, x_pow};

static TABLES: [[u32; 256]; 8] = tables();

const fn tables() -> [[u32; 256]; 8] {
    let mut tables = [[0; 256]; 8];
    let mut k = 0;
    while k < 8 {
        let factor = x_pow(8 * (k as u64 + 1));
        let mut b = 0;
        while b < 256 {
            tables[k][b] = mul(b as u32, factor);
            b += 1;
        }
        k += 1;
    }
    tables
}

/// The raw register after `data`.
#[inline]
fn update_raw(mut register: u32, data: &[u8]) -> u32 {
    let mut words = data.chunks_exact(8);
    for word in &mut words {
        let v = u64::from_le_bytes(word.try_into().expect("chunks of exactly 8 bytes"))
            ^ u64::from(register);
        let b = v.to_le_bytes();
        register = TABLES[7][b[0] as usize]
            ^ TABLES[6][b[1] as usize]
            ^ TABLES[5][b[2] as usize]
            ^ TABLES[4][b[3] as usize]
            ^ TABLES[3][b[4] as usize]
            ^ TABLES[2][b[5] as usize]
            ^ TABLES[1][b[6] as usize]
            ^ TABLES[0][b[7] as usize];
    }
    super::table::update_raw(register, words.remainder())
}

/// CRC-32C update, eight bytes per step.
///
/// # Safety
///
/// None beyond the types: this is safe code with the variant signature.
pub unsafe fn crc32c(crc: u32, data: &[u8]) -> u32 {
    !update_raw(!crc, data)
}

#[cfg(test)]
mod tests {
    #[test]
    fn first_table_is_the_byte_table() {
        assert_eq!(super::TABLES[0], super::super::table::TABLE);
    }
}
