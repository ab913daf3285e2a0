//! Measuring kernels: the host's ceilings, against which every other op's figure is set.
//!
//! `ceiling.read` reads a buffer as fast as the host can (bytes per second at each size, from
//! L1 to DRAM); `ceiling.fma_f32` runs f32 fused multiply-adds from registers (flops per
//! second). They are registered and tuned like any op.

pub mod fma_f32;
pub mod read;

use crate::dispatch::runtime_entry;

/// The wrapping sum of the little-endian `u64` words of `data`; the `data.len() % 8` bytes past
/// the last whole word are ignored. Measures read bandwidth (`ceiling.read`).
///
/// Dispatches through the manifest's plan when the build has one (`ARSENAL_MANIFEST`), else to
/// the best variant this CPU runs, chosen once.
///
/// ```
/// let mut data = Vec::new();
/// for w in [1u64, 2, u64::MAX] {
///     data.extend_from_slice(&w.to_le_bytes());
/// }
/// data.push(0xFF); // a tail byte, ignored
/// assert_eq!(arsenal::ceiling::read_sum(&data), 2);
/// ```
#[inline]
pub fn read_sum(data: &[u8]) -> u64 {
    crate::wired::default::ceiling::read_sum(data)
}

/// Runs `iterations` steps of the 192 independent f32 FMA chains of `ceiling.fma_f32` and
/// returns the sum of their final values: `2 × 192 × iterations` flops (dispatch as for
/// [`read_sum`]). The result is the same on every variant.
///
/// ```
/// let r = arsenal::ceiling::fma_f32(1000);
/// assert!(r.is_finite() && r > 150.0 && r < 250.0);
/// assert_eq!(r.to_bits(), arsenal::ceiling::runtime_fma_f32(1000).to_bits());
/// ```
#[inline]
pub fn fma_f32(iterations: usize) -> f32 {
    crate::wired::default::ceiling::fma_f32(iterations)
}

runtime_entry! {
    /// [`read_sum`] by runtime dispatch.
    pub fn runtime_read_sum(data: &[u8]) -> u64 => read::Read;
}

runtime_entry! {
    /// [`fma_f32()`] by runtime dispatch.
    pub fn runtime_fma_f32(iterations: usize) -> f32 => fma_f32::FmaF32;
}
