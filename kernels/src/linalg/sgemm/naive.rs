//! The triple loop: each `C[i][j]` as one left-to-right dot product of a row of `A` and a
//! column of `B`, then `α·ab + β·c`. The reference for shape handling.

use super::args::{scale, update};
use super::GemmArgs;

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
    let GemmArgs {
        m,
        n,
        k,
        a,
        lda,
        b,
        ldb,
        ldc,
        ..
    } = *args;
    for i in 0..m {
        let a_row = &a[i * lda..][..k];
        for j in 0..n {
            let mut ab = 0.0f32;
            for (p, &x) in a_row.iter().enumerate() {
                ab += x * b[p * ldb + j];
            }
            update(&mut c[i * ldc + j], ab, args.alpha, args.beta);
        }
    }
}
