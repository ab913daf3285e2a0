//! AVX2 + FMA: eight `ymm` accumulators (64 floats a step).

use core::arch::x86_64::__m256;

/// `Σ aᵢbᵢ`.
///
/// # Safety
///
/// The CPU supports AVX2 and FMA (panics when the lengths differ).
#[target_feature(enable = "avx2,fma")]
pub unsafe fn dot(a: &[f32], b: &[f32]) -> f32 {
    let b = &b[..crate::linalg::dot_f32::same_len(a, b)];
    // SAFETY: AVX2 and FMA are enabled; the lengths are equal.
    unsafe { super::generic::dot::<__m256, 8>(a, b) }
}
