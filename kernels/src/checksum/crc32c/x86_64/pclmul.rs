//! Carry-less multiplication over 128-bit registers: folding (Gopal et al., "Fast CRC Computation
//! for Generic Polynomials Using PCLMULQDQ Instruction", Intel 2009) for the reflected Castagnoli
//! polynomial, and the recombination of `crc32` streams (Intel's iSCSI paper).
//!
//! Folding (`Xmm`): `N` registers hold the first `16·N` bytes (the running register XOR-ed into
//! the first four); each step folds every register forward by `128·N` bits onto the next `16·N`
//! bytes, two `pclmulqdq` and two XORs per register, the `N` chains independent. The registers
//! are then folded onto the last one, each by its own distance, in parallel. The final block goes
//! through the `crc32` instruction (`finish_block`) instead of the paper's
//! Barrett reduction. The constants are computed at compile time by
//! `poly::fold_constants`, not taken from the
//! paper (whose tables are for other polynomials).
//!
//! Paths by length. Folding alone peaks at half the speed of three `crc32` streams where the
//! multiplier takes one `pclmulqdq` per two cycles (Zen 4), so inputs below `CHAIN_BELOW` run in
//! one `crc32` chain (the fewest instructions: back-to-back calls overlap), inputs below
//! `HYBRID_FROM` in three streams recombined with two multiplications
//! (`streams3`), and longer ones fold two registers (32 bytes per step)
//! beside three streams of 40 bytes per step (`hybrid`), the ratio that
//! measured fastest.

use core::arch::x86_64::*;

use super::mixed::{hybrid, streams3, Fold};
use super::{constants, crc_bytes, fold, load};
use crate::checksum::crc32c::poly::fold_table;

/// Pairs folding by 128, 256, … 1024 bits.
const BY_128: [[u64; 2]; 8] = fold_table(128);

/// Below this length one `crc32` chain: fewest instructions, and back-to-back calls overlap.
const CHAIN_BELOW: usize = 128;
/// From this length the folding runs beside the streams.
const HYBRID_FROM: usize = 2048;

/// CRC-32C update with carry-less multiplication and `crc32`.
///
/// # Safety
///
/// The CPU supports PCLMULQDQ and SSE4.2.
#[target_feature(enable = "pclmulqdq,sse4.2")]
pub unsafe fn crc32c(crc: u32, data: &[u8]) -> u32 {
    // SAFETY: PCLMULQDQ and SSE4.2 are enabled; `streams3` gets less than `HYBRID_FROM`, within
    // its limit, and `long` at least `HYBRID_FROM`.
    unsafe {
        if data.len() < CHAIN_BELOW {
            !crc_bytes(!crc, data)
        } else if data.len() < HYBRID_FROM {
            !streams3(!crc, data)
        } else {
            long(crc, data)
        }
    }
}

/// The path for long inputs, kept out of line so short inputs do not pay for its registers.
///
/// # Safety
///
/// The CPU supports PCLMULQDQ and SSE4.2; `data.len() >= HYBRID_FROM`.
#[target_feature(enable = "pclmulqdq,sse4.2")]
#[inline(never)]
unsafe fn long(crc: u32, data: &[u8]) -> u32 {
    // SAFETY: the features are enabled; after a head of at most 63 bytes at least one hybrid
    // step (152 bytes) is left.
    unsafe {
        let head = data.as_ptr().align_offset(64);
        let r = crc_bytes(!crc, &data[..head]);
        !hybrid::<Xmm<2>>(r, &data[head..])
    }
}

/// `N` (1 to 8) 128-bit registers folded together.
pub(super) struct Xmm<const N: usize>([__m128i; N]);

// SAFETY: every method executes PCLMULQDQ and SSE2 only and reads `16·N` bytes at its pointer.
unsafe impl<const N: usize> Fold for Xmm<N> {
    const BYTES: usize = 16 * N;

    #[inline(always)]
    unsafe fn start(ptr: *const u8, head: __m128i) -> Xmm<N> {
        // SAFETY: `16·N` readable bytes per the trait contract.
        let mut acc: [__m128i; N] = core::array::from_fn(|i| unsafe { load(ptr.add(16 * i)) });
        // SAFETY: SSE2.
        acc[0] = unsafe { _mm_xor_si128(acc[0], head) };
        Xmm(acc)
    }

    #[inline(always)]
    unsafe fn step(&mut self, ptr: *const u8) {
        // SAFETY: PCLMULQDQ per the trait contract; `16·N` readable bytes.
        unsafe {
            let k = constants(BY_128[N - 1]);
            for (i, a) in self.0.iter_mut().enumerate() {
                *a = _mm_xor_si128(fold(*a, k), load(ptr.add(16 * i)));
            }
        }
    }

    #[inline(always)]
    unsafe fn finish(self) -> __m128i {
        let acc = self.0;
        // Register `i` lies `N - 1 - i` blocks before the last one.
        let mut x = acc[N - 1];
        for (i, a) in acc[..N - 1].iter().enumerate() {
            // SAFETY: PCLMULQDQ per the trait contract.
            x = unsafe { _mm_xor_si128(x, fold(*a, constants(BY_128[N - 2 - i]))) };
        }
        x
    }
}
