//! Measuring kernels: the host's ceilings, against which every other op's figure is set.
//!
//! `ceiling.read` reads a buffer as fast as the host can (bytes per second at each size, from
//! L1 to DRAM); `ceiling.fma_f32` runs f32 fused multiply-adds from registers (flops per
//! second); `ceiling.mul_u32` runs 32 × 32 → 64-bit multiplies from registers (multiplies per
//! second, the bound of XXH3). They are registered and tuned like any op.

// The read ceiling first: every other figure is read against it.
crate::declare::domain!(read, fma_f32, mul_u32);
