//! The operands of one call, the checks of their consistency, and the `β·C` update every
//! variant shares.

use core::fmt;

/// The operands of `C = α·A·B + β·C` except `C` itself: dimensions, scalars, `A` and `B`, and
/// the leading dimensions (row strides, in elements) of all three. Matrices are row-major:
/// `A[i][p] = a[i·lda + p]` (`m × k`), `B[p][j] = b[p·ldb + j]` (`k × n`), `C[i][j] =
/// c[i·ldc + j]` (`m × n`).
///
/// Semantics follow BLAS `sgemm`: when `β = 0`, `C` is not read (NaN or infinity in it are
/// overwritten); when `α = 0` or `k = 0`, `A` and `B` are not read and `C = β·C`.
///
/// ```
/// use arsenal::linalg::sgemm::GemmArgs;
/// let (a, b) = ([1.0, 2.0, 3.0, 4.0], [5.0, 6.0, 7.0, 8.0]);
/// let args = GemmArgs::new(2, 2, 2, &a, &b).alpha(2.0);
/// assert_eq!(args.ldc, 2);
/// ```
#[derive(Clone, Copy)]
pub struct GemmArgs<'a> {
    /// Rows of `A` and `C`.
    pub m: usize,
    /// Columns of `B` and `C`.
    pub n: usize,
    /// Columns of `A`, rows of `B`.
    pub k: usize,
    /// Scale of `A·B`.
    pub alpha: f32,
    /// `A`, row-major with row stride `lda`.
    pub a: &'a [f32],
    /// Row stride of `A` (≥ `k`).
    pub lda: usize,
    /// `B`, row-major with row stride `ldb`.
    pub b: &'a [f32],
    /// Row stride of `B` (≥ `n`).
    pub ldb: usize,
    /// Scale of the old `C`.
    pub beta: f32,
    /// Row stride of `C` (≥ `n`).
    pub ldc: usize,
}

impl fmt::Debug for GemmArgs<'_> {
    /// The dimensions, scalars, strides and slice lengths (not the elements).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("GemmArgs")
            .field("m", &self.m)
            .field("n", &self.n)
            .field("k", &self.k)
            .field("alpha", &self.alpha)
            .field("a.len()", &self.a.len())
            .field("lda", &self.lda)
            .field("b.len()", &self.b.len())
            .field("ldb", &self.ldb)
            .field("beta", &self.beta)
            .field("ldc", &self.ldc)
            .finish()
    }
}

impl<'a> GemmArgs<'a> {
    /// `C = A·B` for densely stored matrices: `α = 1`, `β = 0`, `lda = k`, `ldb = ldc = n`.
    pub fn new(m: usize, n: usize, k: usize, a: &'a [f32], b: &'a [f32]) -> GemmArgs<'a> {
        GemmArgs {
            m,
            n,
            k,
            alpha: 1.0,
            a,
            lda: k,
            b,
            ldb: n,
            beta: 0.0,
            ldc: n,
        }
    }

    /// With `α = alpha`.
    pub fn alpha(self, alpha: f32) -> Self {
        GemmArgs { alpha, ..self }
    }

    /// With `β = beta`.
    pub fn beta(self, beta: f32) -> Self {
        GemmArgs { beta, ..self }
    }

    /// With `A`'s row stride `lda`.
    pub fn lda(self, lda: usize) -> Self {
        GemmArgs { lda, ..self }
    }

    /// With `B`'s row stride `ldb`.
    pub fn ldb(self, ldb: usize) -> Self {
        GemmArgs { ldb, ..self }
    }

    /// With `C`'s row stride `ldc`.
    pub fn ldc(self, ldc: usize) -> Self {
        GemmArgs { ldc, ..self }
    }

    /// `Ok` when the strides cover the rows and the slices (with `C` of `c_len` elements) hold
    /// every element the dimensions and strides address.
    pub fn check(&self, c_len: usize) -> Result<(), ShapeError> {
        let operands = [
            ('A', self.m, self.k, self.lda, self.a.len()),
            ('B', self.k, self.n, self.ldb, self.b.len()),
            ('C', self.m, self.n, self.ldc, c_len),
        ];
        for (name, rows, cols, ld, len) in operands {
            if ld < cols {
                return Err(ShapeError::Stride { name, ld, cols });
            }
            let needed = needed_len(rows, cols, ld).ok_or(ShapeError::Overflow)?;
            if len < needed {
                return Err(ShapeError::TooShort {
                    name,
                    rows,
                    cols,
                    ld,
                    len,
                    needed,
                });
            }
        }
        Ok(())
    }

    /// Panics unless [`check`](Self::check) passes: every variant calls it first, so no
    /// variant reads or writes outside the slices whatever the arguments.
    #[inline]
    #[track_caller]
    pub fn assert_fits(&self, c_len: usize) {
        if let Err(e) = self.check(c_len) {
            shape_panic(e);
        }
    }

    /// The size of the call in the op's unit: the side of the square problem with as many
    /// flops, `⌊∛(m·n·k)⌋` (`n` itself when `m = n = k`).
    pub fn size(&self) -> usize {
        let volume = (self.m as u128) * (self.n as u128) * (self.k as u128);
        icbrt(volume)
    }

    /// Whether the call reduces to `C = β·C`: nothing to multiply, or `α = 0`.
    pub(crate) fn scale_only(&self) -> bool {
        self.k == 0 || self.alpha == 0.0
    }
}

/// Elements a `rows × cols` matrix with row stride `ld` spans: `(rows − 1)·ld + cols`.
fn needed_len(rows: usize, cols: usize, ld: usize) -> Option<usize> {
    if rows == 0 || cols == 0 {
        return Some(0);
    }
    (rows - 1).checked_mul(ld)?.checked_add(cols)
}

/// `⌊∛x⌋`.
fn icbrt(x: u128) -> usize {
    // Binary search on r with r³ ≤ x; r < 2⁴³ since x < 2¹²⁸.
    let (mut lo, mut hi) = (0u128, 1u128 << 43);
    while lo < hi {
        let mid = (lo + hi).div_ceil(2);
        if mid * mid * mid <= x {
            lo = mid;
        } else {
            hi = mid - 1;
        }
    }
    lo as usize
}

#[cold]
#[inline(never)]
#[track_caller]
fn shape_panic(e: ShapeError) -> ! {
    panic!("arsenal::linalg::sgemm: {e}")
}

/// Why the operands of an sgemm call are inconsistent.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ShapeError {
    /// A row stride is shorter than a row.
    Stride {
        /// `A`, `B` or `C`.
        name: char,
        /// The stride given.
        ld: usize,
        /// The row length it must cover.
        cols: usize,
    },
    /// A slice is shorter than its dimensions and stride address.
    TooShort {
        /// `A`, `B` or `C`.
        name: char,
        /// Rows.
        rows: usize,
        /// Columns.
        cols: usize,
        /// Row stride.
        ld: usize,
        /// The slice's length.
        len: usize,
        /// The length needed, `(rows − 1)·ld + cols`.
        needed: usize,
    },
    /// The dimensions overflow `usize`.
    Overflow,
}

impl fmt::Display for ShapeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            ShapeError::Stride { name, ld, cols } => write!(
                f,
                "{name}'s row stride {ld} is shorter than its rows ({cols} elements)"
            ),
            ShapeError::TooShort {
                name,
                rows,
                cols,
                ld,
                len,
                needed,
            } => write!(
                f,
                "{name} is {rows} x {cols} with row stride {ld}, so it needs at least {needed} \
                 elements, but its slice has {len}"
            ),
            ShapeError::Overflow => f.write_str("the dimensions overflow usize"),
        }
    }
}

/// `C = β·C` on the `m × n` part of `c` (`β = 0` writes zeros without reading).
pub(crate) fn scale(args: &GemmArgs<'_>, c: &mut [f32]) {
    for i in 0..args.m {
        let row = &mut c[i * args.ldc..][..args.n];
        if args.beta == 0.0 {
            row.fill(0.0);
        } else if args.beta != 1.0 {
            row.iter_mut().for_each(|x| *x *= args.beta);
        }
    }
}

/// `c = α·ab + β·c` for one element, with `β = 0` not reading `c`.
#[inline(always)]
pub(crate) fn update(c: &mut f32, ab: f32, alpha: f32, beta: f32) {
    *c = if beta == 0.0 {
        alpha * ab
    } else {
        alpha * ab + beta * *c
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cube_root_of_square_problems_is_n() {
        for n in [0usize, 1, 2, 7, 8, 100, 1024, 1025, 4096] {
            let a = [0.0; 0];
            let args = GemmArgs::new(n, n, n, &a, &a);
            assert_eq!(args.size(), n);
        }
        assert_eq!(GemmArgs::new(2, 4, 8, &[], &[]).size(), 4);
    }

    #[test]
    fn shapes_are_checked() {
        let a = [0.0; 12];
        let ok = GemmArgs::new(3, 4, 4, &a, &[0.0; 16]);
        assert_eq!(ok.check(12), Ok(()));
        assert!(matches!(
            ok.check(11),
            Err(ShapeError::TooShort { name: 'C', .. })
        ));
        assert!(matches!(
            ok.lda(3).check(12),
            Err(ShapeError::Stride { name: 'A', .. })
        ));
        assert!(matches!(
            ok.lda(5).check(12),
            Err(ShapeError::TooShort {
                name: 'A',
                needed: 14,
                ..
            })
        ));
        assert_eq!(GemmArgs::new(0, 0, 0, &[], &[]).check(0), Ok(()));
    }
}
