//! Dense linear algebra in `f32`: the dot product and matrix multiplication.

pub mod dot_f32;
pub mod sgemm;
#[cfg(target_arch = "x86_64")]
mod simd;

use crate::dispatch::runtime_entry;
pub use sgemm::GemmArgs;

/// The dot product `Σ aᵢbᵢ`, within the bound of `linalg.dot_f32`'s contract (a few units of
/// `f32` roundoff times `n`, relative to `Σ|aᵢbᵢ|`; the variants sum in different orders).
///
/// Dispatches through the manifest's plan when the build has one (`ARSENAL_MANIFEST`), else to
/// the best variant this CPU runs, chosen once.
///
/// # Panics
///
/// If `a` and `b` differ in length.
///
/// ```
/// assert_eq!(arsenal::linalg::dot_f32(&[1.0, 2.0, 3.0], &[4.0, 5.0, 6.0]), 32.0);
/// ```
#[inline]
#[track_caller]
pub fn dot_f32(a: &[f32], b: &[f32]) -> f32 {
    dot_f32::same_len(a, b);
    crate::wired::default::linalg::dot_f32(a, b)
}

/// `C = α·A·B + β·C` for row-major `f32` matrices described by `args` ([`GemmArgs`]: `m`,
/// `n`, `k`, `α`, `β`, `A`, `B` and the leading dimensions), within the bound of
/// `linalg.sgemm`'s contract. With `β = 0`, `C` is not read.
///
/// Dispatch as for [`dot_f32()`]; the wiring's size is [`GemmArgs::size`].
///
/// # Panics
///
/// If the shapes are inconsistent: a leading dimension shorter than its rows, or a slice
/// shorter than its dimensions and stride need ([`GemmArgs::check`]).
///
/// ```
/// use arsenal::linalg::{sgemm, GemmArgs};
/// let a = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0]; // 2 × 3
/// let b = [1.0, 0.0, 0.0, 1.0, 1.0, 1.0]; // 3 × 2
/// let mut c = [1.0; 4]; // 2 × 2
/// sgemm(&GemmArgs::new(2, 2, 3, &a, &b).beta(1.0), &mut c);
/// assert_eq!(c, [5.0, 6.0, 11.0, 12.0]);
/// ```
#[inline]
#[track_caller]
pub fn sgemm(args: &GemmArgs<'_>, c: &mut [f32]) {
    args.assert_fits(c.len());
    crate::wired::default::linalg::sgemm(args, c)
}

runtime_entry! {
    /// [`dot_f32()`] by runtime dispatch.
    ///
    /// # Panics
    ///
    /// If `a` and `b` differ in length.
    pub fn runtime_dot_f32(a: &[f32], b: &[f32]) -> f32 => dot_f32::DotF32;
}

runtime_entry! {
    /// [`sgemm()`] by runtime dispatch.
    ///
    /// # Panics
    ///
    /// If the shapes are inconsistent ([`GemmArgs::check`]).
    pub fn runtime_sgemm(args: &GemmArgs<'_>, c: &mut [f32]) -> () => sgemm::Sgemm;
}
