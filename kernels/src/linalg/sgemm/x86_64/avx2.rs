//! AVX2 + FMA: 6 × 16 tiles (12 `ymm` accumulators, 2 loads of B̃ and 6 broadcasts of Ã per 12
//! FMAs); KC = 256 puts a B̃ micro-panel (16 KiB) and an Ã micro-panel (6 KiB) in L1.

use core::arch::x86_64::__m256;

use super::packed::{self, Blocking, Block};
use crate::linalg::sgemm::GemmArgs;

/// Rows of a tile.
pub(crate) const MR: usize = 6;
/// Vectors in a row of a tile (NR = 16).
pub(crate) const NV: usize = 2;
/// Block sizes.
pub(crate) const BLOCKING: Blocking = Blocking {
    mc: 144,
    kc: 256,
    nc: 4080,
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

/// Packs B̃ for the parallel variant.
///
/// # Safety
///
/// The CPU supports AVX2 and FMA; the shapes were checked.
#[cfg(feature = "std")]
#[target_feature(enable = "avx2,fma")]
pub(crate) unsafe fn pack_b(args: &GemmArgs<'_>, dst: &mut [f32], block: Block) {
    packed::pack_b::<__m256, NV>(args, dst, block.pc, block.kc, block.jc, block.nc);
}

/// One block of rows for the parallel variant (see [`packed::rows`]).
///
/// # Safety
///
/// As [`packed::rows`], with AVX2 and FMA as the instruction set.
#[cfg(feature = "std")]
#[target_feature(enable = "avx2,fma")]
pub(crate) unsafe fn rows(
    args: &GemmArgs<'_>,
    c: &mut [f32],
    range: core::ops::Range<usize>,
    block: Block,
    b_pack: &[f32],
    a_pack: &mut alloc::vec::Vec<f32>,
) {
    // SAFETY: the caller's guarantees, AVX2 and FMA enabled.
    unsafe {
        packed::rows::<__m256, MR, NV>(args, c, range, block, b_pack, a_pack, BLOCKING.mc)
    }
}
