//! Cache-blocked loops in portable code: for a band of `C`'s columns (128 wide, so its rows of
//! `B` — `k × 128` floats — stay in L2 while every row of `A` passes over them) and four rows of
//! `A` at a time, the four rows of `A·B` are accumulated in a row buffer (`acc += a[i][p] ·
//! B[p][..]`, a loop the compiler vectorises with the baseline SIMD and which reuses each row of
//! `B` four times), then `C = α·acc + β·C`. Each element is still one left-to-right sum over `p`.

use super::args::{scale, update};
use super::GemmArgs;

/// Columns of `C` (and `B`) in one band.
const NB: usize = 128;
/// Rows of `A` sharing one pass over the band of `B`.
const RB: usize = 4;

/// `C = α·A·B + β·C`.
///
/// # Safety
///
/// None beyond the types (panics when the shapes are inconsistent, see
/// [`GemmArgs::check`]).
pub unsafe fn sgemm(args: &GemmArgs<'_>, c: &mut [f32]) {
    args.assert_fits(c.len());
    if args.scale_only() {
        return scale(args, c);
    }
    let mut acc = [[0.0f32; NB]; RB];
    for jc in (0..args.n).step_by(NB) {
        let nb = NB.min(args.n - jc);
        let mut i = 0;
        while i + RB <= args.m {
            rows::<RB>(args, c, i, jc, nb, &mut acc);
            i += RB;
        }
        while i < args.m {
            rows::<1>(args, c, i, jc, nb, &mut acc);
            i += 1;
        }
    }
}

/// Rows `i..i + R` of `C`, columns `jc..jc + nb`.
#[inline(always)]
fn rows<const R: usize>(
    args: &GemmArgs<'_>,
    c: &mut [f32],
    i: usize,
    jc: usize,
    nb: usize,
    acc: &mut [[f32; NB]; RB],
) {
    let GemmArgs {
        k,
        a,
        lda,
        b,
        ldb,
        ldc,
        ..
    } = *args;
    for row in acc.iter_mut().take(R) {
        row[..nb].fill(0.0);
    }
    for p in 0..k {
        let b_row = &b[p * ldb + jc..][..nb];
        for (r, row) in acc.iter_mut().take(R).enumerate() {
            let x = a[(i + r) * lda + p];
            for (s, &y) in row[..nb].iter_mut().zip(b_row) {
                *s += x * y;
            }
        }
    }
    for (r, row) in acc.iter().take(R).enumerate() {
        let c_row = &mut c[(i + r) * ldc + jc..][..nb];
        for (cij, &ab) in c_row.iter_mut().zip(&row[..nb]) {
            update(cij, ab, args.alpha, args.beta);
        }
    }
}
