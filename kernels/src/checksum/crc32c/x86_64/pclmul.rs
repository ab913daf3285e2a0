//! Carry-less-multiplication folding over 128-bit registers (Gopal et al., "Fast CRC Computation
//! for Generic Polynomials Using PCLMULQDQ Instruction", Intel 2009), for the reflected
//! Castagnoli polynomial.
//!
//! `N` registers hold the first `16·N` bytes (the running register XOR-ed into the first four);
//! each step folds every register forward by `128·N` bits onto the next `16·N` bytes: two
//! `pclmulqdq` and two XORs per register, all `N` chains independent, so the multiplier's
//! latency is hidden. The registers are then folded onto the last one (each by its own distance,
//! in parallel), the remaining whole 16-byte blocks are folded one at a time, and the final block
//! and the last bytes go through the `crc32` instruction ([`finish_block`]) instead of the
//! paper's Barrett reduction. The constants are computed at compile time by
//! [`poly::fold_constants`](crate::checksum::crc32c::poly::fold_constants), not copied from the
//! paper (whose tables are for other polynomials).
//!
//! Paths by length: below 64 bytes one `crc32` chain (no setup); then four registers; from
//! 256 bytes eight, which keep two multipliers busy.

use core::arch::x86_64::*;

use super::{constants, crc_bytes, finish_block, fold, load};
use crate::checksum::crc32c::poly::fold_table;

/// Pairs folding by 128, 256, … 1024 bits.
const BY_128: [[u64; 2]; 8] = fold_table(128);

/// CRC-32C update by 128-bit folding.
///
/// # Safety
///
/// The CPU supports PCLMULQDQ and SSE4.2.
#[target_feature(enable = "pclmulqdq,sse4.2")]
pub unsafe fn crc32c(crc: u32, data: &[u8]) -> u32 {
    // SAFETY: PCLMULQDQ and SSE4.2 are enabled; each path's length condition holds.
    let r = unsafe {
        if data.len() >= 256 {
            fold_lanes::<8>(!crc, data)
        } else if data.len() >= 64 {
            fold_lanes::<4>(!crc, data)
        } else {
            crc_bytes(!crc, data)
        }
    };
    !r
}

/// The raw register after `data`, folding `N` registers at a time.
///
/// # Safety
///
/// The CPU supports PCLMULQDQ and SSE4.2; `1 <= N <= 8`; `data.len() >= 16·N`.
#[inline(always)]
unsafe fn fold_lanes<const N: usize>(register: u32, data: &[u8]) -> u32 {
    debug_assert!(data.len() >= 16 * N);
    let p = data.as_ptr();
    let end = data.len();
    // SAFETY (whole body): the features per the caller; every load reads 16 bytes at an offset
    // `off` with `off + 16 <= end`, checked by the loop conditions.
    unsafe {
        let mut acc: [__m128i; N] = core::array::from_fn(|i| load(p.add(16 * i)));
        acc[0] = _mm_xor_si128(acc[0], _mm_cvtsi32_si128(register as i32));
        let mut off = 16 * N;
        let step = constants(BY_128[N - 1]);
        while end - off >= 16 * N {
            for (i, a) in acc.iter_mut().enumerate() {
                *a = _mm_xor_si128(fold(*a, step), load(p.add(off + 16 * i)));
            }
            off += 16 * N;
        }
        // Register `i` lies `N - 1 - i` blocks before the last one.
        let mut x = acc[N - 1];
        for (i, a) in acc[..N - 1].iter().enumerate() {
            x = _mm_xor_si128(x, fold(*a, constants(BY_128[N - 2 - i])));
        }
        let one = constants(BY_128[0]);
        while end - off >= 16 {
            x = _mm_xor_si128(fold(x, one), load(p.add(off)));
            off += 16;
        }
        crc_bytes(finish_block(x), &data[off..])
    }
}
