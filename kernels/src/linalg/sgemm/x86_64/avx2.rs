//! AVX2 + FMA: 6 × 16 tiles (12 `ymm` accumulators, 2 loads of B̃ and 6 broadcasts of Ã per 12
//! FMAs). Block sizes measured on Zen 4 (n = 512 and 1024, against MC ∈ {72, 96, 144, 288} and
//! KC ∈ {128, 256, 384, 512}): KC = 384 (a B̃ micro-panel is 24 KiB, most of L1, with the Ã
//! micro-panel streaming from L2), MC = 96 (Ã 144 KiB in L2). Square problems below n = 200 read
//! A and B in place, up to 511 pack only B, and pack both from 512 on.

use core::arch::x86_64::__m256;

use super::packed::{self, Blocking};
use crate::linalg::sgemm::GemmArgs;

/// Rows of a tile.
pub(crate) const MR: usize = 6;
/// Vectors in a row of a tile (NR = 16).
pub(crate) const NV: usize = 2;
/// Block sizes.
pub(crate) const BLOCKING: Blocking = Blocking {
    mc: 96,
    kc: 384,
    nc: 4080,
    pack_b_from_m: 200,
    pack_a_from_n: 512,
    unroll: true,
};

/// `C = α·A·B + β·C`.
///
/// # Safety
///
/// The CPU supports AVX2 and FMA (panics when the shapes are inconsistent).
#[target_feature(enable = "avx2,fma")]
pub unsafe fn sgemm(args: &GemmArgs<'_>, c: &mut [f32]) {
    args.assert_fits(c.len());
    // SAFETY: AVX2 and FMA are enabled; the shapes were checked.
    unsafe { packed::gemm::<__m256, MR, NV>(args, c, BLOCKING) }
}
