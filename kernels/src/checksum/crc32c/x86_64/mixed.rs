//! The `crc32` instruction in three streams recombined by carry-less multiplication (the PCLMULQDQ
//! recombination of Intel's "Fast CRC Computation for iSCSI Polynomial Using CRC32 Instruction"),
//! alone for mid-sized inputs (`streams3`) and running beside carry-less folding for long ones
//! (`hybrid`).
//!
//! On the machines this was tuned on (AMD Zen 4) one carry-less multiplier accepts an instruction
//! every second cycle whatever the register width, and one `crc32` unit one per cycle. Folding
//! costs one 64×64 product per eight bytes, so it peaks at 4 (128-bit) or 16 (512-bit) bytes per
//! cycle; three `crc32` streams add 8 bytes per cycle on their own unit. The hybrid loop splits
//! the input in two regions, a folded prefix and three streams over the suffix, sized in the ratio
//! of the two units' rates, and advances both in every step so the out-of-order core overlaps
//! them. The stream registers are recombined by multiplications whose constants come from a table
//! indexed by the number of steps, which is why long inputs run in blocks of at most
//! `MAX_STEPS` steps.

use core::arch::x86_64::*;

use super::{crc_bytes, finish_block, mul_x33};
use crate::checksum::crc32c::poly::{step_constants, stream_constants};

/// A carry-less folding engine over a fixed number of bytes per step.
///
/// # Safety
///
/// Implementors execute instructions of their instruction set: callers must have verified the CPU
/// has it. `start` and `step` read `BYTES` bytes at the pointer, which must be readable.
pub(super) unsafe trait Fold: Sized {
    /// Bytes per step; a multiple of 16.
    const BYTES: usize;

    /// The first `BYTES` bytes at `ptr`, with `head` XOR-ed into the first 16: the register in
    /// the low 32 bits, or the data before, folded forward onto this block.
    unsafe fn start(ptr: *const u8, head: __m128i) -> Self;

    /// Folds the state forward onto the next `BYTES` bytes at `ptr`.
    unsafe fn step(&mut self, ptr: *const u8);

    /// The whole state folded into one 128-bit block, at the position of the last 16 bytes read.
    unsafe fn finish(self) -> __m128i;
}

/// Words per stream covered by [`STREAMS`].
const STREAM_WORDS: usize = 128;

/// Multipliers for three streams of up to [`STREAM_WORDS`] words each.
static STREAMS: [[u32; 2]; STREAM_WORDS] = stream_constants();

/// [`streams3`] handles inputs shorter than this.
pub(super) const STREAMS3_MAX: usize = 24 * (STREAM_WORDS + 1);

/// The raw register after `data` (shorter than [`STREAMS3_MAX`]) in three streams of equal whole
/// words, recombined with two multiplications; the `len mod 24` bytes left over go first, on
/// the first stream's chain, while the other two streams start.
///
/// # Safety
///
/// The CPU supports PCLMULQDQ and SSE4.2.
#[inline(always)]
pub(super) unsafe fn streams3(register: u32, data: &[u8]) -> u32 {
    debug_assert!(data.len() < STREAMS3_MAX);
    let words = data.len() / 24;
    if words == 0 {
        // SAFETY: SSE4.2 per the caller.
        return unsafe { crc_bytes(register, data) };
    }
    let (head, body) = data.split_at(data.len() - 24 * words);
    let len = 8 * words;
    let p = body.as_ptr();
    // SAFETY: the features per the caller; word `i < words` of stream `s < 3` is the 8 bytes at
    // `s·len + 8i < 3·len = body.len()`.
    unsafe {
        let mut a = u64::from(crc_bytes(register, head));
        let (mut b, mut c) = (0, 0);
        for i in (0..len).step_by(8) {
            a = _mm_crc32_u64(a, p.add(i).cast::<u64>().read_unaligned());
            b = _mm_crc32_u64(b, p.add(len + i).cast::<u64>().read_unaligned());
            c = _mm_crc32_u64(c, p.add(2 * len + i).cast::<u64>().read_unaligned());
        }
        let [by_one, by_two] = STREAMS[words - 1];
        mul_x33(a as u32, by_two) ^ mul_x33(b as u32, by_one) ^ c as u32
    }
}

/// Bytes per stream per hybrid step: 15 `crc32`, against the 8 multiplications (16 cycles) of a
/// step of `vpclmul::Zmm<4>` or the 4 of `pclmul::Xmm<2>` (whose 128-bit multiplications and
/// `crc32` share less well; the ratio is the one that measured fastest).
const STREAM_STEP: usize = 40;
/// Steps per hybrid block, so the multipliers recombining the streams come from a table.
const MAX_STEPS: usize = 256;

/// Multipliers past one, two and three streams of `STREAM_STEP·(s + 1)` bytes.
static STEPS: [[u32; 3]; MAX_STEPS] = step_constants(STREAM_STEP);

/// The raw register after `data` (at least one step: `F::BYTES + 120` bytes), folded with `F`
/// beside three `crc32` streams, in blocks of at most [`MAX_STEPS`] steps.
///
/// # Safety
///
/// `F`'s instruction set, PCLMULQDQ and SSE4.2; `data.len() >= F::BYTES + 3·STREAM_STEP`.
#[inline(always)]
pub(super) unsafe fn hybrid<F: Fold>(mut register: u32, mut data: &[u8]) -> u32 {
    let step = F::BYTES + 3 * STREAM_STEP;
    debug_assert!(data.len() >= step);
    while data.len() / step > MAX_STEPS {
        let (block, rest) = data.split_at(MAX_STEPS * step);
        // SAFETY: the features per the caller; the block holds `MAX_STEPS` whole steps.
        register = unsafe { hybrid_block::<F>(register, block, MAX_STEPS) };
        data = rest;
    }
    // SAFETY: the features per the caller; the loop leaves at least one step (it takes a block
    // only from more than `MAX_STEPS` steps) and at most `MAX_STEPS`.
    unsafe { hybrid_block::<F>(register, data, data.len() / step) }
}

/// One hybrid block: `steps` stream steps over the last `3·STREAM_STEP·steps` bytes, while `F`
/// folds the bytes before them (as many whole steps as fit, the rest in [`streams3`]).
///
/// # Safety
///
/// As [`hybrid`]; `1 <= steps <= MAX_STEPS` and `data.len() >= steps·(F::BYTES + 3·STREAM_STEP)`.
#[inline(always)]
unsafe fn hybrid_block<F: Fold>(register: u32, data: &[u8], steps: usize) -> u32 {
    let streamed = STREAM_STEP * steps;
    let folded = data.len() - 3 * streamed;
    let fold_steps = folded / F::BYTES;
    debug_assert!((1..=MAX_STEPS).contains(&steps) && fold_steps >= steps);
    let p = data.as_ptr();
    // SAFETY: the features per the caller. Fold step `i < fold_steps` reads bytes below
    // `(i + 1)·BYTES <= folded`; stream step `i < steps` reads bytes below
    // `folded + s·streamed + (i + 1)·STREAM_STEP <= data.len()` for `s < 3`; the folded bytes
    // left over are fewer than `F::BYTES + 3·STREAM_STEP`, within the limit of `streams3`.
    unsafe {
        let q = p.add(folded);
        let mut state = F::start(p, _mm_cvtsi32_si128(register as i32));
        let mut regs = [0u64; 3];
        stream_step(&mut regs, q, streamed);
        for i in 1..steps {
            state.step(p.add(i * F::BYTES));
            stream_step(&mut regs, q.add(i * STREAM_STEP), streamed);
        }
        for i in steps..fold_steps {
            state.step(p.add(i * F::BYTES));
        }
        // The streams' part is ready before the folded part is finished.
        let [by_one, by_two, by_three] = STEPS[steps - 1];
        let streams = mul_x33(regs[0] as u32, by_two) ^ mul_x33(regs[1] as u32, by_one);
        let streams = streams ^ regs[2] as u32;
        let rest = &data[fold_steps * F::BYTES..folded];
        let folded = streams3(finish_block(state.finish()), rest);
        mul_x33(folded, by_three) ^ streams
    }
}

/// `STREAM_STEP` bytes on each of the three streams, which start `stride` bytes apart from `p`.
///
/// # Safety
///
/// SSE4.2; the bytes `p + s·stride .. + STREAM_STEP` are readable for `s < 3`.
#[inline(always)]
unsafe fn stream_step(regs: &mut [u64; 3], p: *const u8, stride: usize) {
    for j in (0..STREAM_STEP).step_by(8) {
        for (s, r) in regs.iter_mut().enumerate() {
            // SAFETY: per the caller, `j + 8 <= STREAM_STEP`.
            *r = unsafe { _mm_crc32_u64(*r, p.add(s * stride + j).cast::<u64>().read_unaligned()) };
        }
    }
}
