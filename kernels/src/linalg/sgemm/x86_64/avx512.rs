//! AVX-512F: 12 × 32 tiles (24 `zmm` accumulators, 2 loads of B̃ and 12 broadcasts of Ã per 24
//! FMAs). Zen 4 executes a 512-bit FMA as two 256-bit halves, so the FMA peak is the AVX2 one;
//! the gain is half the instructions per flop and a taller tile (fewer loads per FMA), which
//! shows on the paths that read A in place. Block sizes measured on Zen 4 as for AVX2: KC = 384,
//! MC = 96; square problems below n = 384 read A and B in place, below 768 pack only B, and pack
//! both from there.

use core::arch::x86_64::__m512;

use super::packed::{self, Blocking};
use crate::linalg::sgemm::GemmArgs;

/// Rows of a tile.
pub(crate) const MR: usize = 12;
/// Vectors in a row of a tile (NR = 32).
pub(crate) const NV: usize = 2;
/// Block sizes.
pub(crate) const BLOCKING: Blocking = Blocking {
    mc: 96,
    kc: 384,
    nc: 4064,
    pack_b_from_m: 384,
    pack_a_from_n: 768,
    unroll: false,
};

/// `C = α·A·B + β·C`.
///
/// # Safety
///
/// The CPU supports AVX-512F (panics when the shapes are inconsistent).
#[target_feature(enable = "avx512f")]
pub unsafe fn sgemm(args: &GemmArgs<'_>, c: &mut [f32]) {
    args.assert_fits(c.len());
    // SAFETY: AVX-512F is enabled; the shapes were checked.
    unsafe { packed::gemm::<__m512, MR, NV>(args, c, BLOCKING) }
}
