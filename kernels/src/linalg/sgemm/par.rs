//! `par`: the packed AVX2 algorithm on every thread of rayon's pool, with the rows of `C` split
//! in one band per thread (the `ic` loop of Smith, van de Geijn et al., "Anatomy of
//! High-Performance Many-Threaded Matrix Multiplication", IPDPS 2014, taken to its outermost
//! level): each band is a whole single-threaded problem, `C[band] = α·A[band]·B + β·C[band]`,
//! packing its own Ã and B̃ into its worker's buffers. Threads write disjoint rows, share nothing
//! mutable and meet once, at the end.
//!
//! The paper shares one packed B̃ between the threads instead, packing it once per rank-KC
//! update; that costs a barrier per update (two per KC block: pack, then multiply), and on this
//! host's two cores those barriers cost more than the copy they save. Criterion medians at
//! n = 1024, each beside the AVX2 variant on one thread in the same run: shared B̃ 18.7 ms against
//! 27.0 ms (1.45×), bands packing their own 14.4 ms against 22.7 ms (1.58×). Packing B̃ twice
//! adds `k·n` copies to each band's `(m / threads)·n·k` multiply-adds. Problems below 160³
//! multiply-adds, or with fewer than two tile rows per thread, run on the calling thread.

use rayon::prelude::*;

use super::args::scale;
use super::x86_64::avx2::{self, MR};
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
    let GemmArgs {
        m, n, k, lda, ldc, ..
    } = *args;
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
    c.par_chunks_mut(band * ldc)
        .enumerate()
        .for_each(|(t, rows)| {
            let start = t * band;
            if start >= m {
                return; // `c` longer than the m rows of C
            }
            // Rows start.. of A and C: `rows` begins at C's row `start` and holds the band (a
            // full band is band·ldc ≥ (band − 1)·ldc + n long; the last one ends at c's end,
            // which the check above put at or after (m − 1)·ldc + n).
            let band_args = GemmArgs {
                m: band.min(m - start),
                a: &args.a[start * lda..],
                ..*args
            };
            // SAFETY: the caller guarantees AVX2 and FMA.
            unsafe { avx2::sgemm(&band_args, rows) };
        });
}
