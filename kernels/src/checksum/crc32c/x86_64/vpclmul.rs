//! Carry-less folding over 512-bit registers with AVX-512 VPCLMULQDQ: the method of Gopal et al.
//! ("Fast CRC Computation for Generic Polynomials Using PCLMULQDQ Instruction", Intel 2009)
//! applied to four 128-bit lanes per instruction, beside three `crc32` streams for long inputs.
//!
//! A `zmm` register holds four consecutive 16-byte blocks; one `vpclmulqdq` pair multiplies all
//! four lanes by the same broadcast constants, and `vpternlogq` adds both products and the next
//! data in one instruction. `Zmm<4>` folds 256 bytes per step: eight independent
//! multiplications cover the multiplier's latency.
//!
//! Reduction, all distances from compile-time constants
//! (`poly::fold_table`):
//! 1. the registers fold onto the last (each by its own distance, in parallel);
//! 2. remaining whole 64-byte chunks fold into it one at a time;
//! 3. its four lanes fold onto the last lane in one multiplication pair, each lane with its own
//!    constants (384, 256, 128 bits; zero for the last), then a horizontal XOR;
//! 4. remaining 16-byte blocks fold one at a time, and the last block and bytes go through the
//!    `crc32` instruction (`finish_block`).
//!
//! Paths by length. Below `CHAIN_BELOW` one `crc32` chain: the fewest instructions, and
//! back-to-back calls overlap. Then folding, from one register up. From `HYBRID_FROM` the
//! folding runs beside three `crc32` streams (`hybrid`): on Zen 4 the
//! multiplier takes one `vpclmulqdq` per two cycles whatever the width (16 bytes per cycle with
//! 512-bit registers) and the `crc32` unit adds up to 8 more. Long inputs are first brought to a
//! 64-byte boundary so no load splits a cache line.

use core::arch::x86_64::*;

use super::mixed::{hybrid, Fold};
use super::{constants, crc_bytes, finish_block, fold, load};
use crate::checksum::crc32c::poly::fold_table;

/// Pairs folding by 128, 256, 384 bits (lanes within a register).
const BY_128: [[u64; 2]; 3] = fold_table(128);
/// Pairs folding by 512, 1024, … 4096 bits (whole registers).
const BY_512: [[u64; 2]; 8] = fold_table(512);

/// Below this length one `crc32` chain: fewest instructions, and back-to-back calls overlap.
const CHAIN_BELOW: usize = 128;
/// From this length, folding beside three `crc32` streams.
const HYBRID_FROM: usize = 5 << 10;

/// CRC-32C update by 512-bit folding and `crc32`.
///
/// # Safety
///
/// The CPU supports AVX-512F, VPCLMULQDQ, PCLMULQDQ and SSE4.2.
#[target_feature(enable = "avx512f,vpclmulqdq,pclmulqdq,sse4.2")]
pub unsafe fn crc32c(crc: u32, data: &[u8]) -> u32 {
    // SAFETY: the features are enabled; each path's length condition holds: `fold_all` gets at
    // least 64 bytes, `hybrid` at least one step (376 bytes).
    unsafe {
        if data.len() < CHAIN_BELOW {
            !crc_bytes(!crc, data)
        } else if data.len() < HYBRID_FROM {
            !fold_all(!crc, data)
        } else {
            long(crc, data)
        }
    }
}

/// The path for long inputs, kept out of line so short inputs do not pay for its registers.
///
/// # Safety
///
/// The CPU supports AVX-512F, VPCLMULQDQ, PCLMULQDQ and SSE4.2; `data.len() >= HYBRID_FROM`.
#[target_feature(enable = "avx512f,vpclmulqdq,pclmulqdq,sse4.2")]
#[inline(never)]
unsafe fn long(crc: u32, data: &[u8]) -> u32 {
    // SAFETY: the features are enabled; at least one hybrid step (376 bytes) after the head.
    unsafe {
        let head = data.as_ptr().align_offset(64);
        let r = crc_bytes(!crc, &data[..head]);
        !hybrid::<Zmm<4>>(r, &data[head..])
    }
}

/// The raw register after `data` (at least 64 bytes) by folding: four registers while 256 bytes
/// remain, then one, then 16-byte blocks, then the last bytes with `crc32`.
///
/// # Safety
///
/// AVX-512F, VPCLMULQDQ, PCLMULQDQ and SSE4.2; `data.len() >= 64`.
#[inline(always)]
unsafe fn fold_all(register: u32, data: &[u8]) -> u32 {
    debug_assert!(data.len() >= 64);
    let p = data.as_ptr();
    let end = data.len();
    // SAFETY: the features per the caller; every load reads 64 (16) bytes at an offset `off`
    // with `off + 64 <= end` (`off + 16 <= end`), checked by the conditions before it.
    unsafe {
        let head = _mm_cvtsi32_si128(register as i32);
        let (mut z, mut off) = if end >= 256 {
            let mut acc = Zmm::<4>::start(p, head);
            let steps = end / 256;
            for i in 1..steps {
                acc.step(p.add(256 * i));
            }
            (acc.collapse(), 256 * steps)
        } else {
            let acc = Zmm::<1>::start(p, head);
            (acc.collapse(), 64)
        };
        let by_512 = broadcast(BY_512[0]);
        while end - off >= 64 {
            z = fold512(z, by_512, load512(p.add(off)));
            off += 64;
        }
        let mut x = lanes_to_block(z);
        let by_128 = constants(BY_128[0]);
        while end - off >= 16 {
            x = _mm_xor_si128(fold(x, by_128), load(p.add(off)));
            off += 16;
        }
        crc_bytes(finish_block(x), &data[off..])
    }
}

/// `N` (1 to 8) 512-bit registers folded together.
pub(super) struct Zmm<const N: usize>([__m512i; N]);

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

// SAFETY: every method executes AVX-512F, VPCLMULQDQ and SSE2 only and reads `64·N` bytes at its
// pointer.
unsafe impl<const N: usize> Fold for Zmm<N> {
    const BYTES: usize = 64 * N;

    #[inline(always)]
    unsafe fn start(ptr: *const u8, head: __m128i) -> Zmm<N> {
        // SAFETY: `64·N` readable bytes per the trait contract.
        let mut acc: [__m512i; N] = core::array::from_fn(|i| unsafe { load512(ptr.add(64 * i)) });
        // SAFETY: AVX-512F.
        acc[0] = unsafe { _mm512_xor_si512(acc[0], _mm512_zextsi128_si512(head)) };
        Zmm(acc)
    }

    #[inline(always)]
    unsafe fn step(&mut self, ptr: *const u8) {
        // SAFETY: AVX-512F and VPCLMULQDQ per the trait contract; `64·N` readable bytes.
        unsafe {
            let k = broadcast(BY_512[N - 1]);
            for (i, a) in self.0.iter_mut().enumerate() {
                *a = fold512(*a, k, load512(ptr.add(64 * i)));
            }
        }
    }

    #[inline(always)]
    unsafe fn finish(self) -> __m128i {
        // SAFETY: AVX-512F and VPCLMULQDQ per the trait contract.
        unsafe { lanes_to_block(self.collapse()) }
    }
}

impl<const N: usize> Zmm<N> {
    /// The registers folded onto the last one, each by its own distance.
    ///
    /// # Safety
    ///
    /// AVX-512F and VPCLMULQDQ.
    #[inline(always)]
    unsafe fn collapse(self) -> __m512i {
        let acc = self.0;
        // Register `i` lies `N - 1 - i` registers before the last one.
        let mut z = acc[N - 1];
        for (i, a) in acc[..N - 1].iter().enumerate() {
            // SAFETY: per the caller.
            z = unsafe { fold512(*a, broadcast(BY_512[N - 2 - i]), z) };
        }
        z
    }
}
