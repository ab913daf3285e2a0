//! Measuring kernels: the host's ceilings, against which every other op's figure is set.
//!
//! `ceiling.read` reads a buffer as fast as the host can (bytes per second at each size, from
//! L1 to DRAM); `ceiling.fma_f32` runs f32 fused multiply-adds from registers (flops per
//! second); `ceiling.mul_u32` runs 32 × 32 → 64-bit multiplies from registers (multiplies per
//! second, the bound of XXH3). They are registered and tuned like any op.

/// The iteration counts the register-only ceilings are verified at: around their loops' and
/// accumulator groups' multiples.
pub(crate) const VERIFY_ITERATIONS: [usize; 18] = [
    0, 1, 2, 3, 4, 5, 7, 8, 9, 12, 15, 16, 17, 31, 100, 1000, 1024, 3001,
];

// The read ceiling first: every other figure is read against it.
crate::declare::domain!(read, fma_f32, mul_u32);
