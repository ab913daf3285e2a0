//! Measuring kernels: the host's ceilings, against which every other op's figure is set.
//!
//! `ceiling.read` reads a buffer as fast as the host can (bytes per second at each size, from
//! L1 to DRAM); `ceiling.fma_f32` runs f32 fused multiply-adds from registers (flops per
//! second). They are registered and tuned like any op.

// The read ceiling first: every other figure is read against it.
crate::declare::domain!(read, fma_f32);
