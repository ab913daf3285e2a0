//! Carry-less folding over 512-bit registers with AVX-512 VPCLMULQDQ: the method of Gopal et al.
//! ("Fast CRC Computation for Generic Polynomials Using PCLMULQDQ Instruction", Intel 2009)
//! applied to four 128-bit lanes per instruction.
//!
//! A `zmm` register holds four consecutive 16-byte blocks; one `vpclmulqdq` pair multiplies all
//! four lanes by the same broadcast constants, and `vpternlogq` adds both products and the next
//! data in one instruction. The main loop keeps `N` = 4 registers (256 bytes per step): eight
//! independent multiplications per step are enough to cover the multiplier's latency, and the
//! loads are 64-byte aligned once inputs are long enough to pay for a short `crc32` head.
//!
//! Reduction, all distances from compile-time constants ([`poly::fold_table`]):
//! 1. the `N` registers fold onto the last (each by its own distance, in parallel);
//! 2. remaining whole 64-byte chunks fold into it one at a time;
//! 3. its four lanes fold onto the last lane in one multiplication pair, each lane with its own
//!    constants (384, 256, 128 bits; zero for the last), then a horizontal XOR;
//! 4. remaining 16-byte blocks fold one at a time, and the last block and bytes go through the
//!    `crc32` instruction ([`finish_block`]).
//!
//! Paths by length: below 64 bytes one `crc32` chain; below 256 one register; above, four.
//!
//! [`poly::fold_table`]: crate::checksum::crc32c::poly::fold_table

use core::arch::x86_64::*;

use super::{constants, crc_bytes, finish_block, fold, load};
use crate::checksum::crc32c::poly::fold_table;

/// Pairs folding by 128, 256, 384 bits (lanes within a register).
const BY_128: [[u64; 2]; 3] = fold_table(128);
/// Pairs folding by 512, 1024, … 4096 bits (whole registers).
const BY_512: [[u64; 2]; 8] = fold_table(512);

/// Registers in the main loop.
const LANES: usize = 4;
/// From this length the main loop's loads are aligned first.
const ALIGN_FROM: usize = 1024;

/// CRC-32C update by 512-bit folding.
///
/// # Safety
///
/// The CPU supports AVX-512F, VPCLMULQDQ, PCLMULQDQ and SSE4.2.
#[target_feature(enable = "avx512f,vpclmulqdq,pclmulqdq,sse4.2")]
pub unsafe fn crc32c(crc: u32, data: &[u8]) -> u32 {
    let mut r = !crc;
    let mut data = data;
    // SAFETY: the features are enabled; each path's length condition holds.
    unsafe {
        if data.len() >= ALIGN_FROM {
            let head = data.as_ptr().align_offset(64);
            r = crc_bytes(r, &data[..head]);
            data = &data[head..];
        }
        r = if data.len() >= 64 * LANES {
            fold_zmm::<LANES>(r, data)
        } else if data.len() >= 64 {
            fold_zmm::<1>(r, data)
        } else {
            crc_bytes(r, data)
        };
    }
    !r
}

/// Sixty-four bytes from `ptr`.
///
/// # Safety
///
/// AVX-512F; 64 bytes are readable at `ptr`.
#[inline(always)]
unsafe fn load512(ptr: *const u8) -> __m512i {
    // SAFETY: per the caller.
    unsafe { _mm512_loadu_si512(ptr.cast()) }
}

/// A pair of constants broadcast to the four lanes.
///
/// # Safety
///
/// AVX-512F.
#[inline(always)]
unsafe fn broadcast(pair: [u64; 2]) -> __m512i {
    // SAFETY: per the caller.
    unsafe { _mm512_broadcast_i32x4(constants(pair)) }
}

/// Every lane of `z` folded by the constants of its lane in `k`, plus `add`.
///
/// # Safety
///
/// AVX-512F and VPCLMULQDQ.
#[inline(always)]
unsafe fn fold512(z: __m512i, k: __m512i, add: __m512i) -> __m512i {
    // SAFETY: per the caller.
    unsafe {
        _mm512_ternarylogic_epi64::<0x96>(
            _mm512_clmulepi64_epi128::<0x00>(z, k),
            _mm512_clmulepi64_epi128::<0x11>(z, k),
            add,
        )
    }
}

/// The four lanes of `z` folded into one 128-bit block at the position of the last lane.
///
/// # Safety
///
/// AVX-512F and VPCLMULQDQ.
#[inline(always)]
unsafe fn lanes_to_block(z: __m512i) -> __m128i {
    let [k384, k256, k128] = [BY_128[2], BY_128[1], BY_128[0]];
    // SAFETY: per the caller (AVX-512F implies AVX2 and SSE2).
    unsafe {
        // Lane i (qwords 2i, 2i+1) is folded by 128·(3 - i) bits; lane 3 is kept by the mask.
        let k = _mm512_set_epi64(
            0,
            0,
            k128[1] as i64,
            k128[0] as i64,
            k256[1] as i64,
            k256[0] as i64,
            k384[1] as i64,
            k384[0] as i64,
        );
        let sum = fold512(z, k, _mm512_maskz_mov_epi64(0xC0, z));
        let y = _mm256_xor_si256(
            _mm512_castsi512_si256(sum),
            _mm512_extracti64x4_epi64::<1>(sum),
        );
        _mm_xor_si128(_mm256_castsi256_si128(y), _mm256_extracti128_si256::<1>(y))
    }
}

/// The raw register after `data`, folding `N` 512-bit registers at a time.
///
/// # Safety
///
/// The CPU supports AVX-512F, VPCLMULQDQ, PCLMULQDQ and SSE4.2; `1 <= N <= 8`;
/// `data.len() >= 64·N`.
#[inline(always)]
unsafe fn fold_zmm<const N: usize>(register: u32, data: &[u8]) -> u32 {
    debug_assert!(data.len() >= 64 * N);
    let p = data.as_ptr();
    let end = data.len();
    // SAFETY (whole body): the features per the caller; every load reads 64 (16) bytes at an
    // offset `off` with `off + 64 <= end` (`off + 16 <= end`), checked by the loop conditions.
    unsafe {
        let mut acc: [__m512i; N] = core::array::from_fn(|i| load512(p.add(64 * i)));
        let first = _mm512_zextsi128_si512(_mm_cvtsi32_si128(register as i32));
        acc[0] = _mm512_xor_si512(acc[0], first);
        let mut off = 64 * N;
        let step = broadcast(BY_512[N - 1]);
        while end - off >= 64 * N {
            for (i, a) in acc.iter_mut().enumerate() {
                *a = fold512(*a, step, load512(p.add(off + 64 * i)));
            }
            off += 64 * N;
        }
        // Register `i` lies `N - 1 - i` registers before the last one.
        let mut z = acc[N - 1];
        for (i, a) in acc[..N - 1].iter().enumerate() {
            z = fold512(*a, broadcast(BY_512[N - 2 - i]), z);
        }
        let one = broadcast(BY_512[0]);
        while end - off >= 64 {
            z = fold512(z, one, load512(p.add(off)));
            off += 64;
        }
        let mut x = lanes_to_block(z);
        let k128 = constants(BY_128[0]);
        while end - off >= 16 {
            x = _mm_xor_si128(fold(x, k128), load(p.add(off)));
            off += 16;
        }
        crc_bytes(finish_block(x), &data[off..])
    }
}
