//! `par`: the packed AVX2 algorithm with its `ic` loop spread over rayon's pool, the
//! parallelisation Smith, van de Geijn et al. recommend for BLIS on multicore CPUs ("Anatomy of
//! High-Performance Many-Threaded Matrix Multiplication", IPDPS 2014): B̃ is packed once per
//! rank-KC update and shared; the rows of `C` are split in one band per thread, and each band
//! packs its own Ã, so threads write disjoint rows and share nothing mutable. Problems below
//! 160³ multiply-adds, or with fewer than two tile rows per thread, run on the calling thread.

use rayon::prelude::*;

use super::args::scale;
use super::x86_64::avx2::{self, BLOCKING, MR, NV};
use super::x86_64::packed::{Block, PackBuf};
use super::GemmArgs;

/// Multiply-adds below which one thread does it all.
const SERIAL_BELOW: usize = 160 * 160 * 160;

/// `C = α·A·B + β·C` on every thread of rayon's pool.
///
/// # Safety
///
/// The CPU supports AVX2 and FMA (panics when the shapes are inconsistent).
pub unsafe fn sgemm(args: &GemmArgs<'_>, c: &mut [f32]) {
    args.assert_fits(c.len());
    let GemmArgs { m, n, k, ldc, .. } = *args;
    if m == 0 || n == 0 {
        return;
    }
    if args.scale_only() {
        return scale(args, c);
    }
    let threads = rayon::current_num_threads();
    let band = m.div_ceil(threads).next_multiple_of(MR);
    if threads == 1 || m.saturating_mul(n).saturating_mul(k) < SERIAL_BELOW || band >= m {
        // SAFETY: the caller guarantees AVX2 and FMA.
        return unsafe { avx2::sgemm(args, c) };
    }
    let nr = NV * 8;
    let kc_max = BLOCKING.kc.min(k);
    let nc_max = BLOCKING.nc.min(n.next_multiple_of(nr));
    let mut b_buf = PackBuf::default();
    let b_pack = b_buf.get(kc_max * nc_max);
    for jc in (0..n).step_by(BLOCKING.nc) {
        let nc = BLOCKING.nc.min(n - jc);
        for pc in (0..k).step_by(BLOCKING.kc) {
            let kc = BLOCKING.kc.min(k - pc);
            let beta = if pc == 0 { args.beta } else { 1.0 };
            let block = Block {
                pc,
                kc,
                jc,
                nc,
                beta,
            };
            // SAFETY: the caller guarantees AVX2 and FMA; the shapes were checked.
            unsafe { avx2::pack_b(args, b_pack, block) };
            let b_pack = &*b_pack;
            c.par_chunks_mut(band * ldc).enumerate().for_each_init(
                PackBuf::default,
                |a_pack, (t, rows)| {
                    let start = t * band;
                    if start < m {
                        let range = start..(start + band).min(m);
                        // SAFETY: the caller guarantees AVX2 and FMA; `rows` starts at row
                        // `start` and holds its band (the last row ends by (m − 1)·ldc + n ≤
                        // c.len(), and before the next band's first row).
                        unsafe { avx2::rows(args, rows, range, block, b_pack, a_pack) };
                    }
                },
            );
        }
    }
}
