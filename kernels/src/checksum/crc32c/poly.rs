//! Arithmetic modulo the Castagnoli polynomial, from which every constant table of the variants is
//! computed at compile time.
//!
//! A `u32` holds a polynomial of degree < 32 in the *reflected* order of a CRC-32C register: bit
//! `31 - i` is the coefficient of `x^i`, so bit 0 is the highest power. Multiplying by `x` is a
//! right shift, and a coefficient shifted out past `x^31` is reduced by adding
//! `P(x) - x^32`, which in this order is [`POLY`].
//!
//! The raw CRC register (before the final inversion) after a message `M` of `n` bytes, started
//! from the register `s`, is `(s·x^(8n) + M(x))·x^32 mod P`. Two consequences the fast variants
//! rest on: appending `n` zero bytes multiplies the register by `x^(8n)` (see [`shift_table`]),
//! and a register fed with `B` from zero is added to the shifted register of the preceding data
//! (the recombination of the Intel iSCSI paper; see [`fold_constants`] for the folding form).

/// `P(x) = x^32 + x^28 + x^27 + … + 1` (Castagnoli), without `x^32`, reflected.
pub const POLY: u32 = 0x82F6_3B78;

/// The polynomial `1` (`x^0`, the top bit in reflected order).
pub const ONE: u32 = 1 << 31;

/// `a·x mod P`.
pub const fn times_x(a: u32) -> u32 {
    if a & 1 != 0 {
        (a >> 1) ^ POLY
    } else {
        a >> 1
    }
}

/// `a·b mod P`: shift-and-add over the coefficients of `a`, lowest power first.
pub const fn mul(a: u32, b: u32) -> u32 {
    let mut product = 0;
    // Invariant: `power == b·x^i mod P`.
    let mut power = b;
    let mut i = 0;
    while i < 32 {
        if a & (ONE >> i) != 0 {
            product ^= power;
        }
        power = times_x(power);
        i += 1;
    }
    product
}

/// `x^n mod P`, by square-and-multiply.
pub const fn x_pow(mut n: u64) -> u32 {
    let mut result = ONE;
    // Invariant: `square == x^(2^k)` for the bit `k` of the original `n` now at bit 0.
    let mut square = ONE >> 1;
    while n != 0 {
        if n & 1 != 0 {
            result = mul(result, square);
        }
        square = mul(square, square);
        n >>= 1;
    }
    result
}

/// Byte-wise tables multiplying a register by `x^(8·bytes)`: the effect of appending `bytes` zero
/// bytes. Entry `[k][b]` is the product for the register `b << 8k`; by linearity a register is
/// shifted by XOR-ing the entries of its four bytes ([`shift`]).
pub const fn shift_table(bytes: usize) -> [[u32; 256]; 4] {
    let factor = x_pow(8 * bytes as u64);
    let mut table = [[0; 256]; 4];
    let mut k = 0;
    while k < 4 {
        let mut b = 0;
        while b < 256 {
            table[k][b] = mul((b as u32) << (8 * k), factor);
            b += 1;
        }
        k += 1;
    }
    table
}

/// `register·x^(8·bytes) mod P` with the tables of [`shift_table(bytes)`](shift_table).
#[inline(always)]
pub fn shift(table: &[[u32; 256]; 4], register: u32) -> u32 {
    let [b0, b1, b2, b3] = register.to_le_bytes();
    table[0][b0 as usize] ^ table[1][b1 as usize] ^ table[2][b2 as usize] ^ table[3][b3 as usize]
}

/// The two 64-bit multipliers that fold a 128-bit block forward by `bits` (≥ 64) bits with
/// carry-less multiplication (Gopal et al., "Fast CRC Computation for Generic Polynomials Using
/// PCLMULQDQ Instruction", Intel 2009, §"bit-reflected data"), as `[low qword, high qword]`.
///
/// In a reflected 128-bit block the low qword `L` holds the higher powers: the block is
/// `L·x^64 + H`. A carry-less product of a qword (bit `i` ↔ `x^(63-i)`) with a constant in the low
/// 32 bits of a qword (bit `j` ↔ `x^(31-j)`, the register order) lands in the block with bit
/// `i + j` ↔ `x^(127-i-j)`: it is the polynomial product times `x^33`. Folding must produce
/// `L·x^(64+bits) + H·x^bits` modulo `P`, hence the multipliers `x^(bits+31)` for `L` and
/// `x^(bits-33)` for `H`. Each product has at most 95 bits and never spills out of the block.
pub const fn fold_constants(bits: u32) -> [u64; 2] {
    assert!(bits >= 64, "folds span at least a qword");
    [
        x_pow(bits as u64 + 31) as u64,
        x_pow(bits as u64 - 33) as u64,
    ]
}

/// `M` pairs of [`fold_constants`]: entry `i` folds by `step·(i + 1)` bits. Folding variants
/// index it with distances known at compile time, so the table itself never reaches the binary.
pub const fn fold_table<const M: usize>(step: u32) -> [[u64; 2]; M] {
    let mut table = [[0; 2]; M];
    let mut i = 0;
    while i < M {
        table[i] = fold_constants(step * (i as u32 + 1));
        i += 1;
    }
    table
}

/// For three streams of `8·(w + 1)` bytes each (`w` in `0..M`): `[x^(8L - 33), x^(16L - 33)]`,
/// the multipliers that shift the second and the first stream's register past the streams after
/// it (with the `x^33` of a carry-less product reduced by `crc32`).
pub const fn stream_constants<const M: usize>() -> [[u32; 2]; M] {
    let mut table = [[0; 2]; M];
    let mut w = 0;
    while w < M {
        let bits = 64 * (w as u64 + 1);
        table[w] = [x_pow(bits - 33), x_pow(2 * bits - 33)];
        w += 1;
    }
    table
}

/// For three streams of `bytes·(s + 1)` bytes each (`s` in `0..M`): `[x^(b - 33), x^(2b - 33),
/// x^(3b - 33)]` with `b` the stream length in bits, the multipliers that shift registers past one,
/// two or three streams (with the `x^33` of a carry-less product reduced by `crc32`).
pub const fn step_constants<const M: usize>(bytes: usize) -> [[u32; 3]; M] {
    let mut table = [[0; 3]; M];
    let mut s = 0;
    while s < M {
        let bits = 8 * (bytes * (s + 1)) as u64;
        table[s] = [x_pow(bits - 33), x_pow(2 * bits - 33), x_pow(3 * bits - 33)];
        s += 1;
    }
    table
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checksum::crc32c::table;
    use crate::harness::Rng;

    /// `x^n` by `n` single multiplications by `x`: independent of `mul` and `x_pow`.
    fn x_pow_slow(n: u64) -> u32 {
        (0..n).fold(ONE, |a, _| times_x(a))
    }

    #[test]
    fn x_pow_agrees_with_repeated_times_x() {
        for n in (0..300).chain([479, 543, 1055, 1503, 2079, 4127, 8192 * 8]) {
            assert_eq!(x_pow(n), x_pow_slow(n), "x^{n}");
        }
    }

    #[test]
    fn mul_is_commutative_and_distributive() {
        let mut rng = Rng::new(3);
        for _ in 0..1000 {
            let (a, b, c) = (
                rng.next_u64() as u32,
                rng.next_u64() as u32,
                rng.next_u64() as u32,
            );
            assert_eq!(mul(a, b), mul(b, a));
            assert_eq!(mul(a, b ^ c), mul(a, b) ^ mul(a, c));
            assert_eq!(mul(a, ONE), a);
        }
    }

    #[test]
    fn shift_table_appends_zero_bytes() {
        let t = shift_table(100);
        let zeros = [0u8; 100];
        let mut rng = Rng::new(4);
        for _ in 0..100 {
            let r = rng.next_u64() as u32;
            assert_eq!(shift(&t, r), table::update_raw(r, &zeros));
        }
    }

    /// Carry-less 64×64 → 128-bit product, bit by bit.
    fn clmul(a: u64, b: u64) -> u128 {
        (0..64)
            .filter(|i| b >> i & 1 != 0)
            .fold(0, |acc, i| acc ^ (u128::from(a) << i))
    }

    /// Folding a block forward by `bits` gives a block whose CRC is that of the original followed
    /// by `bits / 8` zero bytes: the constants are right, independently of any SIMD code.
    #[test]
    fn fold_constants_fold() {
        let mut rng = Rng::new(5);
        for bits in [128u32, 256, 384, 512, 1024, 1536, 2048, 4096] {
            let [k_lo, k_hi] = fold_constants(bits);
            for _ in 0..50 {
                let block = rng.bytes(16);
                let lo = u64::from_le_bytes(block[..8].try_into().unwrap());
                let hi = u64::from_le_bytes(block[8..].try_into().unwrap());
                let folded = (clmul(lo, k_lo) ^ clmul(hi, k_hi)).to_le_bytes();
                let mut padded = block.clone();
                padded.resize(16 + bits as usize / 8, 0);
                assert_eq!(
                    table::update_raw(0, &folded),
                    table::update_raw(0, &padded),
                    "fold by {bits}"
                );
            }
        }
    }
}
