//! `linalg.sgemm`: `C = α·A·B + β·C` in `f32`, row-major, any `m`, `n`, `k` and leading
//! dimensions ([`GemmArgs`]).
//!
//! Variants: `naive` (the triple loop, the reference for shape handling), `blocked` (portable
//! cache-blocked loops, see [`blocked`]), `packed_avx2` and `packed_avx512` (own BLIS-style
//! packed algorithm after Goto & van de Geijn 2008 and Van Zee & van de Geijn 2015, see
//! `x86_64/packed.rs`), `par` (the AVX2 one spread over rayon's pool), `crate:matrixmultiply`
//! and `crate:gemm`.
//!
//! Contract (Higham, *Accuracy and Stability of Numerical Algorithms*, 2nd ed., §3.5): with
//! `u = 2⁻²⁴` and `γ(c) = c·u / (1 − c·u)`, every element satisfies
//! `|Ĉᵢⱼ − Cᵢⱼ| ≤ γ(k + 4)·(|α|·(|A|·|B|)ᵢⱼ + |β|·|C⁰ᵢⱼ|)`, where `Cᵢⱼ` is the exact value and
//! `C⁰` the old `C`: each element is a sum of `k` products (`γ(k)` in any order of summation),
//! plus the roundings of `α·`, `β·` and the final addition, plus one per later rank-KC update
//! in the blocked variants (at most `⌈k/KC⌉ − 1 ≤ k − KC`, absorbed by the same `γ(k + 4)`).
//! Verification checks it elementwise against an `f64` reference.
//!
//! BLAS semantics: `β = 0` never reads `C` (NaN in it are overwritten); `α = 0` or `k = 0` give
//! `C = β·C` (the own variants then read neither `A` nor `B`). Elements of `C` outside the
//! `m × n` part (the padding of `ldc > n`) are never written.
//!
//! Sizes: the tuner's ladder is square `n × n × n` with `2n³` flops per call ([`Unit::Flops`]).
//! A call's size in the wiring table is [`GemmArgs::size`], `⌊∛(m·n·k)⌋`: the side of the
//! square problem with as many flops.

pub mod args;
pub mod blocked;
#[cfg(feature = "std")]
pub mod external;
pub mod naive;
#[cfg(all(feature = "std", target_arch = "x86_64"))]
pub mod par;
#[cfg(target_arch = "x86_64")]
pub mod x86_64;

pub use args::{GemmArgs, ShapeError};

use alloc::boxed::Box;
use alloc::format;
use alloc::vec;
use alloc::vec::Vec;
use core::hint::black_box;

use crate::harness::Rng;
use crate::linalg::dot_f32::{gamma, uniform};
use crate::registry::{Bound, Checked, Contract, OpInfo, Role, Unit};
use crate::workload::{Bench, Case, Input, Kernel, Mismatch, Source};

#[cfg(feature = "std")]
const MATRIXMULTIPLY: crate::registry::Origin = crate::registry::Origin::Crate {
    name: "matrixmultiply",
    version: "0.3.11",
};

#[cfg(feature = "std")]
const GEMM: crate::registry::Origin = crate::registry::Origin::Crate {
    name: "gemm",
    version: "0.19.0",
};

crate::declare::ops! {

    /// `linalg.sgemm`.
    pub struct Sgemm {
        info: OpInfo {
            name: "linalg.sgemm",
            summary: "C = alpha*A*B + beta*C, f32, row-major",
            contract: Contract::Tolerance {
                bound: "|C - C_exact| <= g(k+4) * (|alpha|*(|A||B|) + |beta|*|C0|) elementwise, \
                        g(c) = c*u/(1-c*u), u = 2^-24",
            },
            reference: "naive",
            spec: "BLAS sgemm (row-major); Goto & van de Geijn, Anatomy of High-Performance \
                   Matrix Multiplication (TOMS 2008); Van Zee & van de Geijn, BLIS (TOMS 2015)",
            unit: Unit::Flops,
            role: Role::Kernel(&[Bound::FMA_F32]),
        },
        // The operands, and `C` (updated in place). Every variant panics when the shapes are
        // inconsistent ([`GemmArgs::check`]).
        signature: fn(args: &GemmArgs<'_>, c: &mut [f32]),
        prefer: ["packed_avx512", "packed_avx2", "blocked"],
        variants: [
            "naive" => naive::sgemm { requires: [], origin: Own, safety: "safe code" },
            "blocked" => blocked::sgemm { requires: [], origin: Own, safety: "safe code" },
            #[cfg(target_arch = "x86_64")]
            "packed_avx2" => x86_64::avx2::sgemm {
                requires: [Avx2, Fma], origin: Own, safety: "the body needs exactly AVX2 and FMA",
            },
            #[cfg(target_arch = "x86_64")]
            "packed_avx512" => x86_64::avx512::sgemm {
                requires: [Avx512f], origin: Own, safety: "the body needs exactly AVX-512F",
            },
            #[cfg(all(feature = "std", target_arch = "x86_64"))]
            "par" => par::sgemm {
                requires: [Avx2, Fma],
                origin: Own,
                parallel: true,
                safety: "the body needs exactly AVX2 and FMA, on every thread it runs on",
            },
            #[cfg(feature = "std")]
            "crate:matrixmultiply" => external::crate_matrixmultiply {
                requires: [],
                origin: MATRIXMULTIPLY,
                safety: "the crate picks its own kernel for the CPU; the wrapper checks the shapes",
            },
            #[cfg(feature = "std")]
            "crate:gemm" => external::crate_gemm {
                requires: [],
                origin: GEMM,
                safety: "the crate picks its own kernel for the CPU; the wrapper checks the shapes",
            },
        ],
        /// Runs the variant: `C = α·A·B + β·C`.
        ///
        /// # Panics
        ///
        /// If the shapes are inconsistent ([`GemmArgs::check`]).
        call(args: &GemmArgs<'_>, c: &mut [f32]) { run: |f| f(args, c) }
        entries: [
            /// `C = α·A·B + β·C` for row-major `f32` matrices described by `args`
            /// ([`GemmArgs`]: `m`, `n`, `k`, `α`, `β`, `A`, `B` and the leading dimensions),
            /// within the bound of `linalg.sgemm`'s contract. With `β = 0`, `C` is not read.
            ///
            /// Dispatch as for [`dot_f32()`](crate::linalg::dot_f32()); the wiring's size is
            /// [`GemmArgs::size`].
            ///
            /// # Panics
            ///
            /// If the shapes are inconsistent: a leading dimension shorter than its rows, or a
            /// slice shorter than its dimensions and stride need ([`GemmArgs::check`]).
            ///
            /// ```
            /// use arsenal::linalg::{sgemm, GemmArgs};
            /// let a = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0]; // 2 × 3
            /// let b = [1.0, 0.0, 0.0, 1.0, 1.0, 1.0]; // 3 × 2
            /// let mut c = [1.0; 4]; // 2 × 2
            /// sgemm(&GemmArgs::new(2, 2, 3, &a, &b).beta(1.0), &mut c);
            /// assert_eq!(c, [5.0, 6.0, 11.0, 12.0]);
            /// ```
            fn sgemm | runtime_sgemm(args: &GemmArgs<'_>, c: &mut [f32]) {
                check: args.assert_fits(c.len()),
                // The side of the square problem with as many flops, floor(cbrt(m*n*k)): the
                // tuner's ladder is square n (units 2n^3), so a band's `below` compares with
                // this.
                size: args.size(),
                run: |f| f(args, c),
            }
        ],
    }
}

/// The signature of every variant, as the declaration states it.
pub type SgemmFn = <Sgemm as crate::registry::Op>::Fn;

impl Kernel for Sgemm {
    /// Powers of two, and up to 91 the sizes between them (×√2): no multiple of a micro-kernel's
    /// 8 or 16 columns, so a tail's cost shows. With powers of two only, crate:gemm won n = 8 and
    /// 16 and was wired for 11, where packed_avx2 was 22–37 % faster (verify-manifest, AMD EPYC).
    const SIZES: &'static [usize] = &[8, 11, 16, 23, 32, 45, 64, 91, 128, 256, 512, 1024];
    const INPUT: Input =
        Input::None("its f32 matrices are generated (matrix files are not read yet)");

    fn units(n: usize) -> u64 {
        2 * (n as u64).pow(3)
    }

    /// A, B and C, n × n f32 each.
    fn footprint(n: usize) -> usize {
        3 * 4 * n * n
    }

    fn verify(variant: Checked<Sgemm>) -> Result<(), Mismatch> {
        verify_run(&|args, c| variant.call(args, c))
    }

    fn bench(variant: Checked<Sgemm>, cases: &[Case], source: Source<'_>) -> Box<dyn Bench> {
        let seed = source.seed();
        Box::new(SgemmBench::new(variant, cases, seed))
    }
}

/// Square `n × n` operands per case; each call is `C = A·B` (`α = 1`, `β = 0`, so `C` is not
/// read and the call does not depend on the previous one).
struct SgemmBench {
    variant: Checked<Sgemm>,
    inputs: Vec<Square>,
}

/// `A`, `B` and `C`, all `n × n`.
struct Square {
    a: Vec<f32>,
    b: Vec<f32>,
    c: Vec<f32>,
    n: usize,
}

impl SgemmBench {
    fn new(variant: Checked<Sgemm>, cases: &[Case], seed: u64) -> SgemmBench {
        let mut rng = Rng::new(seed);
        let inputs = cases
            .iter()
            .map(|case| {
                let n = case.size;
                let a = random_vec(&mut rng, n * n);
                let b = random_vec(&mut rng, n * n);
                Square {
                    a,
                    b,
                    c: vec![0.0; n * n],
                    n,
                }
            })
            .collect();
        SgemmBench { variant, inputs }
    }
}

impl Bench for SgemmBench {
    fn cases(&self) -> usize {
        self.inputs.len()
    }

    fn units(&self, case: usize) -> u64 {
        Sgemm::units(self.inputs[case].n)
    }

    #[inline]
    fn run(&mut self, case: usize) {
        let Square { a, b, c, n } = &mut self.inputs[case];
        let args = GemmArgs::new(*n, *n, *n, black_box(a), black_box(b));
        self.variant.call(&args, black_box(c));
    }
}

/// `len` floats uniform in `[-1, 1)`.
pub fn random_vec(rng: &mut Rng, len: usize) -> Vec<f32> {
    (0..len).map(|_| uniform(rng)).collect()
}

type Run<'a> = &'a dyn Fn(&GemmArgs<'_>, &mut [f32]);

/// The value `α·A·B + β·C⁰` in `f64` and its bound, per element of the `m × n` part.
pub fn reference(args: &GemmArgs<'_>, c0: &[f32]) -> Vec<(f64, f64)> {
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
    let (alpha, beta) = (f64::from(args.alpha), f64::from(args.beta));
    let scale_only = args.scale_only();
    let mut out = Vec::with_capacity(m * n);
    for i in 0..m {
        for j in 0..n {
            let (mut ab, mut abs) = (0.0f64, 0.0f64);
            if !scale_only {
                for p in 0..k {
                    let prod = f64::from(a[i * lda + p]) * f64::from(b[p * ldb + j]);
                    ab += prod;
                    abs += prod.abs();
                }
            }
            let old = if beta == 0.0 {
                0.0
            } else {
                f64::from(c0[i * ldc + j])
            };
            let scale = alpha.abs() * abs + beta.abs() * old.abs();
            // Our bound, plus the f64 reference's own error.
            let bound = gamma(k as f64 + 4.0) * scale + (k as f64 + 4.0) * f64::EPSILON * scale;
            out.push((alpha * ab + beta * old, bound));
        }
    }
    out
}

/// Runs one case: random `A`, `B`, `C` (NaN in `C` when `β = 0`, a sentinel in its padding),
/// and checks every element against the reference and the padding for writes.
fn case(
    run: Run<'_>,
    rng: &mut Rng,
    shape: [usize; 6],
    alpha: f32,
    beta: f32,
) -> Result<(), Mismatch> {
    let [m, n, k, lda, ldb, ldc] = shape;
    let a = random_vec(rng, if m * k == 0 { 0 } else { (m - 1) * lda + k });
    let b = random_vec(rng, if k * n == 0 { 0 } else { (k - 1) * ldb + n });
    const PAD: f32 = 12345.5;
    let mut c = vec![PAD; m * ldc];
    for i in 0..m {
        for x in &mut c[i * ldc..][..n] {
            *x = if beta == 0.0 { f32::NAN } else { uniform(rng) };
        }
    }
    let args = GemmArgs {
        m,
        n,
        k,
        alpha,
        a: &a,
        lda,
        b: &b,
        ldb,
        beta,
        ldc,
    };
    let expected = reference(&args, &c);
    let c0 = c.clone();
    run(&args, &mut c);
    let what = || {
        format!("m {m}, n {n}, k {k}, lda {lda}, ldb {ldb}, ldc {ldc}, alpha {alpha}, beta {beta}")
    };
    for i in 0..m {
        for j in 0..ldc {
            let got = c[i * ldc + j];
            if j >= n {
                if got.to_bits() != PAD.to_bits() {
                    return Err(Mismatch {
                        case: format!("{}, padding at ({i}, {j})", what()),
                        expected: format!("{PAD} (untouched)"),
                        got: format!("{got}"),
                    });
                }
                continue;
            }
            let (value, bound) = expected[i * n + j];
            let error = (f64::from(got) - value).abs();
            if error.is_nan() || error > bound {
                return Err(Mismatch {
                    case: format!("{}, element ({i}, {j}), old C {}", what(), c0[i * ldc + j]),
                    expected: format!("{value:e} ± {bound:e}"),
                    got: format!("{got:e}"),
                });
            }
        }
    }
    Ok(())
}

/// `(α, β)` pairs: the BLAS special cases 0 and 1 and general values.
const SCALARS: [(f32, f32); 9] = [
    (1.0, 0.0),
    (1.0, 1.0),
    (1.0, 0.5),
    (0.0, 0.0),
    (0.0, 1.0),
    (0.0, 0.5),
    (-2.5, 0.0),
    (-2.5, 1.0),
    (-2.5, 0.5),
];

fn verify_run(run: Run<'_>) -> Result<(), Mismatch> {
    let mut rng = Rng::new(0x5_6E33);
    small_shapes(run, &mut rng)?;
    block_edges(run, &mut rng)
}

/// Every `m`, `n`, `k` in `0..=17`, the scalars and leading-dimension padding rotating.
fn small_shapes(run: Run<'_>, rng: &mut Rng) -> Result<(), Mismatch> {
    let mut count = 0usize;
    for m in 0..=17 {
        for n in 0..=17 {
            for k in 0..=17 {
                count += 1;
                let (alpha, beta) = SCALARS[count % SCALARS.len()];
                let pad = [count % 3, (count / 3) % 4, (count / 12) % 5];
                let shape = [m, n, k, k + pad[0], n + pad[1], n + pad[2]];
                case(run, rng, shape, alpha, beta)?;
            }
        }
    }
    Ok(())
}

/// Shapes at the block boundaries of the packed variants (MR = 6 and 12, NR = 16 and 32,
/// KC = 384, MC = 96, NC = 4064 and 4080) and through each of their paths (A and B in place;
/// B packed from m = 200 (AVX2) or 384 (AVX-512); both packed from n = 512 or 768 on), non-square,
/// with every `(α, β)` on the cheaper shapes.
fn block_edges(run: Run<'_>, rng: &mut Rng) -> Result<(), Mismatch> {
    const SHAPES: &[[usize; 3]] = &[
        [5, 15, 383],
        [7, 17, 385],
        [11, 31, 384],
        [13, 33, 769],
        [12, 32, 128],
        [6, 16, 256],
        [95, 47, 37],
        [97, 20, 9],
        [193, 64, 300],
        [199, 35, 17],
        [19, 7, 600],
        [1, 1, 1000],
        [1, 200, 1],
        [200, 1, 3],
        [61, 67, 71],
        [97, 101, 131],
        // AVX2: B packed; both packed, MC blocks 96 + 96 + 96 + 1; NC blocks.
        [250, 50, 9],
        [201, 511, 20],
        [289, 513, 11],
        [200, 4081, 3],
        // AVX-512: B packed (and AVX2 both), with two KC blocks; both packed, NC blocks.
        [400, 100, 390],
        [481, 770, 5],
        [385, 4065, 2],
        [385, 769, 386],
    ];
    for (s, &[m, n, k]) in SHAPES.iter().enumerate() {
        for (t, &(alpha, beta)) in SCALARS.iter().enumerate() {
            // Every (α, β) on small shapes, every third on medium ones, the general one
            // (α = −2.5, β = 0.5) alone on the largest.
            let volume = m * n * k;
            let run_it = match volume {
                0..=200_000 => true,
                200_001..=10_000_000 => (s + t) % 3 == 0,
                _ => t == SCALARS.len() - 1,
            };
            if !run_it {
                continue;
            }
            let pad = (s + t) % 4;
            case(
                run,
                rng,
                [m, n, k, k + pad, n + 2 * pad, n + pad],
                alpha,
                beta,
            )?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn naive_passes() {
        // SAFETY: the naive variant needs no CPU feature.
        verify_run(&|args, c| unsafe { naive::sgemm(args, c) }).unwrap();
    }

    #[test]
    fn a_wrong_variant_is_caught() {
        // Ignores the last column of A from k = 17 on.
        let wrong = |args: &GemmArgs<'_>, c: &mut [f32]| {
            let mut args = *args;
            if args.k == 17 {
                args.k = 16;
            }
            // SAFETY: the naive variant needs no CPU feature.
            unsafe { naive::sgemm(&args, c) }
        };
        let mismatch = verify_run(&wrong).unwrap_err();
        assert!(mismatch.case.contains("k 17"), "{mismatch}");
    }

    #[test]
    fn a_write_into_the_padding_is_caught() {
        let wrong = |args: &GemmArgs<'_>, c: &mut [f32]| {
            // SAFETY: the naive variant needs no CPU feature.
            unsafe { naive::sgemm(args, c) };
            if args.ldc > args.n && args.m > 0 {
                c[args.n] = 0.0;
            }
        };
        let mismatch = verify_run(&wrong).unwrap_err();
        assert!(mismatch.case.contains("padding"), "{mismatch}");
    }

    #[test]
    #[should_panic(expected = "A is 2 x 3 with row stride 3, so it needs at least 6 elements")]
    fn inconsistent_shapes_panic() {
        let mut c = [0.0; 4];
        crate::linalg::sgemm(&GemmArgs::new(2, 2, 3, &[0.0; 5], &[0.0; 6]), &mut c);
    }
}
