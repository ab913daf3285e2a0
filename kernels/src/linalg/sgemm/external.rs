//! Other implementations, through their public APIs: the `matrixmultiply` and `gemm` crates.

use super::GemmArgs;

/// `matrixmultiply::sgemm` with row-major strides (column stride 1), single-threaded (the
/// crate's `threading` feature is off).
///
/// # Safety
///
/// None beyond the types (panics when the shapes are inconsistent).
pub unsafe fn crate_matrixmultiply(args: &GemmArgs<'_>, c: &mut [f32]) {
    args.assert_fits(c.len());
    let GemmArgs {
        m,
        n,
        k,
        alpha,
        a,
        lda,
        b,
        ldb,
        beta,
        ldc,
    } = *args;
    if m == 0 || n == 0 {
        return;
    }
    // SAFETY: the shapes were checked: every element the dimensions and strides address lies
    // inside `a`, `b` and `c`; C's strides (ldc ≥ n, 1) do not alias.
    unsafe {
        matrixmultiply::sgemm(
            m,
            k,
            n,
            alpha,
            a.as_ptr(),
            lda as isize,
            1,
            b.as_ptr(),
            ldb as isize,
            1,
            beta,
            c.as_mut_ptr(),
            ldc as isize,
            1,
        )
    }
}

/// `gemm::gemm` with `Parallelism::None`. The crate computes `dst = α'·dst + β'·lhs·rhs`, so our
/// `α` is its `beta`, our `β` its `alpha`, and `read_dst` is off when `β = 0`.
///
/// # Safety
///
/// None beyond the types (panics when the shapes are inconsistent).
pub unsafe fn crate_gemm(args: &GemmArgs<'_>, c: &mut [f32]) {
    args.assert_fits(c.len());
    let GemmArgs {
        m,
        n,
        k,
        alpha,
        a,
        lda,
        b,
        ldb,
        beta,
        ldc,
    } = *args;
    if m == 0 || n == 0 {
        return;
    }
    // SAFETY: the shapes were checked: every element the dimensions and strides address lies
    // inside `a`, `b` and `c`; `dst`'s strides (1, ldc ≥ n) do not alias.
    unsafe {
        gemm::gemm(
            m,
            n,
            k,
            c.as_mut_ptr(),
            1,
            ldc as isize,
            beta != 0.0,
            a.as_ptr(),
            1,
            lda as isize,
            b.as_ptr(),
            1,
            ldb as isize,
            beta,
            alpha,
            false,
            false,
            false,
            gemm::Parallelism::None,
        )
    }
}
