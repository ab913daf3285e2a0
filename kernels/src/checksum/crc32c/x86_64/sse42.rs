//! The SSE4.2 `crc32` instruction in three independent streams (Gopal et al., "Fast CRC
//! Computation for iSCSI Polynomial Using CRC32 Instruction", Intel 2011), recombined by lookup
//! tables.
//!
//! One `crc32` has a latency of three cycles but a throughput of one per cycle, so a single chain
//! uses a third of the unit. Each block of `3·L` bytes is split into three streams of `L` bytes
//! whose registers advance together from zero. Appending `L` bytes multiplies a register by
//! `x^(8L)`, so with `shift` that multiplication (four table lookups, `poly::shift`) the running
//! register after the block is `shift(shift(shift(r) ^ a) ^ b) ^ c`. This variant requires SSE4.2
//! only, so the paper's lookup-table recombination is used, not its PCLMULQDQ one.
//!
//! Unlike the paper, the running register does not seed the first stream: every stream starts
//! from zero, so the recombination (three dependent shifts, about thirty cycles) runs beside the
//! next block's `crc32` chains instead of delaying them. Long blocks (`L = 1024`) hide it
//! completely; short blocks (`L = 64`) take the rest, their 24 `crc32` about as long as the
//! recombination; what is left (less than a short block) runs in one chain. Two tables of 4 KiB.

use core::arch::x86_64::*;

use super::crc_bytes;
use crate::checksum::crc32c::poly::{self, shift_table};

/// Bytes per stream in long blocks: the recombination is hidden behind the `crc32` chains.
const LONG: usize = 1024;
/// Bytes per stream in short blocks, for what is left: recombination and chains take about as
/// long.
const SHORT: usize = 64;

static LONG_SHIFT: [[u32; 256]; 4] = shift_table(LONG);
static SHORT_SHIFT: [[u32; 256]; 4] = shift_table(SHORT);

/// CRC-32C update with the `crc32` instruction.
///
/// # Safety
///
/// The CPU supports SSE4.2.
#[target_feature(enable = "sse4.2")]
pub unsafe fn crc32c(crc: u32, data: &[u8]) -> u32 {
    let mut rest = data;
    // SAFETY: SSE4.2 is enabled.
    unsafe {
        let mut r = blocks::<LONG>(!crc, &mut rest, &LONG_SHIFT);
        r = blocks::<SHORT>(r, &mut rest, &SHORT_SHIFT);
        !crc_bytes(r, rest)
    }
}

/// Consumes whole blocks of `3·L` bytes from the front of `data`; `shift` multiplies by
/// `x^(8L)`.
///
/// # Safety
///
/// The CPU supports SSE4.2; `L` is a multiple of 8.
#[inline(always)]
unsafe fn blocks<const L: usize>(mut r: u32, data: &mut &[u8], shift: &[[u32; 256]; 4]) -> u32 {
    let mut blocks = data.chunks_exact(3 * L);
    for block in &mut blocks {
        let p = block.as_ptr();
        let (mut a, mut b, mut c) = (0, 0, 0);
        for i in (0..L).step_by(8) {
            // SAFETY: `i + 2L + 8 <= 3L` bytes of `block` are readable; SSE4.2 per the caller.
            unsafe {
                a = _mm_crc32_u64(a, p.add(i).cast::<u64>().read_unaligned());
                b = _mm_crc32_u64(b, p.add(L + i).cast::<u64>().read_unaligned());
                c = _mm_crc32_u64(c, p.add(2 * L + i).cast::<u64>().read_unaligned());
            }
        }
        r = poly::shift(shift, r) ^ a as u32;
        r = poly::shift(shift, r) ^ b as u32;
        r = poly::shift(shift, r) ^ c as u32;
    }
    *data = blocks.remainder();
    r
}
