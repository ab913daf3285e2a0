//! AVX-512F: eight `zmm` accumulators (128 floats a step), the tail by one masked load.

use core::arch::x86_64::__m512;

/// `Σ aᵢbᵢ`.
///
/// # Safety
///
/// The CPU supports AVX-512F (panics when the lengths differ).
#[target_feature(enable = "avx512f")]
pub unsafe fn dot(a: &[f32], b: &[f32]) -> f32 {
    let b = &b[..crate::linalg::dot_f32::same_len(a, b)];
    // SAFETY: AVX-512F is enabled; the lengths are equal.
    unsafe { super::generic::dot::<__m512, 8>(a, b) }
}
