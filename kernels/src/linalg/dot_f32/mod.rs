//! `linalg.dot_f32`: the dot product `Σ aᵢbᵢ` of two `f32` vectors of equal length.
//!
//! Floating-point addition is not associative, so variants that sum in different orders give
//! different results; the contract is a bound on the error against the exact value (computed
//! in `f64`, where every `f32` product is exact), scaled by `Σ|aᵢbᵢ|` as in Higham, *Accuracy
//! and Stability of Numerical Algorithms* (2nd ed., 2002), §3.1 (inner products) and ch. 4
//! (summation). With `u = 2⁻²⁴` and `γ(c) = c·u / (1 − c·u)`:
//!
//! | variant | summation | bound on `|dot − exact| / Σ|aᵢbᵢ|` |
//! |---|---|---|
//! | `scalar` | one left-to-right loop (the reference for "which variant") | `γ(n)` |
//! | `pairwise` | pairwise over 512-element leaves of 32 lanes | `γ(⌈log₂ n⌉ + 20)` |
//! | `kahan` | compensated (Kahan), 16 lanes | `3u + 4n·u²` |
//! | `avx2` | FMA into 8 `ymm` accumulators | `γ(n)` |
//! | `avx512` | FMA into 8 `zmm` accumulators, masked tail | `γ(n)` |
//!
//! `γ(n)` holds for any order of summation (Higham (3.5)); FMA only removes roundings. The
//! verification compares every variant with the `f64` value under its own bound. Sizes are in
//! bytes of input, both vectors: a call on `n` elements is `8n` bytes, so the throughput figure
//! compares with the read bandwidth.

pub mod scalar;
#[cfg(target_arch = "x86_64")]
pub mod x86_64;

use alloc::boxed::Box;
use alloc::format;
use alloc::string::String;
use alloc::vec;
use alloc::vec::Vec;
use core::hint::black_box;

use crate::harness::Rng;
use crate::registry::{Checked, Contract, OpInfo, Role, Unit};
use crate::workload::{Bench, Case, Input, Kernel, Mismatch, Source, BYTE_LADDER};

/// The common length of `a` and `b`.
///
/// # Panics
///
/// If the lengths differ, naming both.
#[inline]
#[track_caller]
pub fn same_len(a: &[f32], b: &[f32]) -> usize {
    if a.len() != b.len() {
        len_mismatch(a.len(), b.len());
    }
    a.len()
}

#[cold]
#[inline(never)]
#[track_caller]
fn len_mismatch(a: usize, b: usize) -> ! {
    panic!("arsenal::linalg::dot_f32: the vectors differ in length ({a} and {b} elements)")
}

/// `u`, the unit roundoff of `f32`.
pub const UNIT_ROUNDOFF: f64 = 1.0 / (1u64 << 24) as f64;

/// `γ(c) = c·u / (1 − c·u)`.
pub fn gamma(c: f64) -> f64 {
    c * UNIT_ROUNDOFF / (1.0 - c * UNIT_ROUNDOFF)
}

/// The error bound of `variant` on `n` elements, as a multiple of `Σ|aᵢbᵢ|` (see the module doc).
pub fn relative_bound(variant: &str, n: usize) -> f64 {
    let n_f = n as f64;
    match variant {
        "pairwise" => gamma(f64::from(n.max(1).next_power_of_two().trailing_zeros()) + 20.0),
        "kahan" => 3.0 * UNIT_ROUNDOFF + 4.0 * n_f * UNIT_ROUNDOFF * UNIT_ROUNDOFF,
        _ => gamma(n_f),
    }
}

crate::declare::ops! {

    /// `linalg.dot_f32`.
    pub struct DotF32 {
        info: OpInfo {
            name: "linalg.dot_f32",
            summary: "dot product of two f32 vectors",
            contract: Contract::Tolerance {
                bound: "|dot - exact| <= c * sum|a_i*b_i|, u = 2^-24, g(k) = k*u/(1-k*u): c = g(n) \
                        for scalar, avx2, avx512; g(ceil(log2 n) + 20) for pairwise; 3u + 4n*u^2 \
                        for kahan",
            },
            reference: "scalar",
            spec: "Higham, Accuracy and Stability of Numerical Algorithms (2002), 3.1 inner \
                   products, 4.2 pairwise and 4.3 compensated summation",
            unit: Unit::Bytes,
            role: Role::MEMORY,
        },
        // Two slices of equal length in, `Σ aᵢbᵢ` out. Every variant panics when the lengths
        // differ.
        signature: fn(a: &[f32], b: &[f32]) -> f32,
        prefer: ["avx512", "avx2", "pairwise"],
        variants: [
            "scalar" => scalar::dot { requires: [], origin: Own, safety: "safe code" },
            "pairwise" => scalar::pairwise { requires: [], origin: Own, safety: "safe code" },
            "kahan" => scalar::kahan { requires: [], origin: Own, safety: "safe code" },
            #[cfg(target_arch = "x86_64")]
            "avx2" => x86_64::avx2::dot {
                requires: [Avx2, Fma], origin: Own, safety: "the body needs exactly AVX2 and FMA",
            },
            #[cfg(target_arch = "x86_64")]
            "avx512" => x86_64::avx512::dot {
                requires: [Avx512f], origin: Own, safety: "the body needs exactly AVX-512F",
            },
        ],
        /// Runs the variant: `Σ aᵢbᵢ`.
        ///
        /// # Panics
        ///
        /// If `a.len() != b.len()`.
        call(a: &[f32], b: &[f32]) -> f32 { run: |f| f(a, b) }
        entries: [
            /// The dot product `Σ aᵢbᵢ`, within the bound of `linalg.dot_f32`'s contract (a few
            /// units of `f32` roundoff times `n`, relative to `Σ|aᵢbᵢ|`; the variants sum in
            /// different orders).
            ///
            /// Dispatches through the manifest's plan when the build has one
            /// (`ARSENAL_MANIFEST`), else to the best variant this CPU runs, chosen once.
            ///
            /// # Panics
            ///
            /// If `a` and `b` differ in length.
            ///
            /// ```
            /// assert_eq!(arsenal::linalg::dot_f32(&[1.0, 2.0, 3.0], &[4.0, 5.0, 6.0]), 32.0);
            /// ```
            fn dot_f32 | runtime_dot_f32(a: &[f32], b: &[f32]) -> f32 {
                check: same_len(a, b),
                // Bytes of input, both vectors (the op's unit).
                size: 8 * a.len(),
                run: |f| f(a, b),
            }
        ],
    }
}

/// The signature of every variant, as the declaration states it.
pub type DotFn = <DotF32 as crate::registry::Op>::Fn;

impl Kernel for DotF32 {
    const SIZES: &'static [usize] = BYTE_LADDER;
    const INPUT: Input =
        Input::None("its f32 vectors are generated (files of little-endian f32 are not read yet)");

    fn verify(variant: Checked<DotF32>) -> Result<(), Mismatch> {
        verify_run(variant.name(), &|a, b| variant.call(a, b))
    }

    fn bench(variant: Checked<DotF32>, cases: &[Case], source: Source<'_>) -> Box<dyn Bench> {
        let seed = source.seed();
        Box::new(DotBench::new(variant, cases, seed))
    }
}

/// Floats with room to start any whole number of floats past a 64-byte boundary.
#[derive(Clone, Debug)]
pub struct AlignedF32 {
    storage: Vec<f32>,
    base: usize,
}

impl AlignedF32 {
    /// Zeroed room for `len` floats at any offset.
    pub fn new(len: usize) -> AlignedF32 {
        let storage = vec![0.0; len + 32];
        let base = storage.as_ptr().align_offset(64);
        AlignedF32 { storage, base }
    }

    /// `len` floats starting `offset` bytes (rounded down to whole floats, `offset < 64`) past
    /// the 64-byte boundary.
    pub fn slice(&self, offset: usize, len: usize) -> &[f32] {
        &self.storage[self.base + (offset % 64) / 4..][..len]
    }

    /// As [`slice`](Self::slice), writable.
    pub fn slice_mut(&mut self, offset: usize, len: usize) -> &mut [f32] {
        &mut self.storage[self.base + (offset % 64) / 4..][..len]
    }
}

/// Two vectors per case; a case of `size` bytes has `size / 8` elements in each.
struct DotBench {
    variant: Checked<DotF32>,
    inputs: Vec<(AlignedF32, AlignedF32, Case)>,
}

impl DotBench {
    fn new(variant: Checked<DotF32>, cases: &[Case], seed: u64) -> DotBench {
        let mut rng = Rng::new(seed);
        let inputs = cases
            .iter()
            .map(|&case| {
                let n = case.size / 8;
                let (mut a, mut b) = (AlignedF32::new(n), AlignedF32::new(n));
                fill_uniform(&mut rng, a.slice_mut(case.offset, n));
                fill_uniform(&mut rng, b.slice_mut(case.offset, n));
                (a, b, case)
            })
            .collect();
        DotBench { variant, inputs }
    }
}

impl Bench for DotBench {
    fn cases(&self) -> usize {
        self.inputs.len()
    }

    fn units(&self, case: usize) -> u64 {
        (self.inputs[case].2.size / 8 * 8) as u64
    }

    #[inline]
    fn run(&mut self, case: usize) {
        let (a, b, case) = &self.inputs[case];
        let n = case.size / 8;
        let (a, b) = (
            black_box(a.slice(case.offset, n)),
            black_box(b.slice(case.offset, n)),
        );
        black_box(self.variant.call(a, b));
    }
}

/// A float uniform in `[-1, 1)`, on a grid of 2⁻²³ (no subnormals, no rounding on generation).
pub fn uniform(rng: &mut Rng) -> f32 {
    ((rng.next_u64() >> 40) as i32 - (1 << 23)) as f32 / (1 << 23) as f32
}

/// Fills `v` with [`uniform`] floats.
pub fn fill_uniform(rng: &mut Rng, v: &mut [f32]) {
    for x in v {
        *x = uniform(rng);
    }
}

type Run<'a> = &'a dyn Fn(&[f32], &[f32]) -> f32;

/// The exact value (to `f64` accuracy) and `Σ|aᵢbᵢ|`.
pub fn exact(a: &[f32], b: &[f32]) -> (f64, f64) {
    a.iter().zip(b).fold((0.0, 0.0), |(s, abs), (&x, &y)| {
        let p = f64::from(x) * f64::from(y);
        (s + p, abs + p.abs())
    })
}

/// `Ok` when `got` is within `variant`'s bound of the exact dot product.
pub fn check_bound(
    variant: &str,
    a: &[f32],
    b: &[f32],
    got: f32,
    what: &dyn Fn() -> String,
) -> Result<(), Mismatch> {
    let (value, abs) = exact(a, b);
    let n = a.len();
    // The f64 reference's own error: recursive summation in f64, γ(n) with u = 2⁻⁵³.
    let slack = n as f64 * f64::EPSILON * abs;
    let bound = relative_bound(variant, n) * abs + slack;
    let error = (f64::from(got) - value).abs();
    if error <= bound {
        return Ok(());
    }
    Err(Mismatch {
        case: format!(
            "n {n}, offsets {} and {} bytes, {}",
            a.as_ptr() as usize % 64,
            b.as_ptr() as usize % 64,
            what()
        ),
        expected: format!("{value:e} ± {bound:e} (Σ|ab| = {abs:e})"),
        got: format!("{got:e} (error {error:e})"),
    })
}

fn verify_run(variant: &str, run: Run<'_>) -> Result<(), Mismatch> {
    let mut rng = Rng::new(0xD07F_3200);
    specials(variant, run)?;
    lengths(variant, run, &mut rng)?;
    cancellation(variant, run, &mut rng)?;
    large_random(variant, run, &mut rng)
}

/// Empty vectors, zeros, and small integers (whose dot product every order gets exactly).
fn specials(variant: &str, run: Run<'_>) -> Result<(), Mismatch> {
    crate::harness::expect_eq(0.0f32, run(&[], &[]), || "empty".into())?;
    for n in [1, 7, 8, 9, 16, 17, 63, 64, 65, 129, 1000] {
        let a: Vec<f32> = (0..n).map(|i| (i % 7) as f32 - 3.0).collect();
        let b: Vec<f32> = (0..n).map(|i| (i % 5) as f32 - 2.0).collect();
        let expected = exact(&a, &b).0 as f32;
        crate::harness::expect_eq(expected, run(&a, &b), || {
            format!("{variant}: n {n}, small integers")
        })?;
        let zeros = vec![0.0f32; n];
        crate::harness::expect_eq(0.0f32, run(&a, &zeros), || format!("n {n}, zeros"))?;
    }
    Ok(())
}

/// Every length up to 300 elements, both vectors at every misalignment (whole floats) in turn.
fn lengths(variant: &str, run: Run<'_>, rng: &mut Rng) -> Result<(), Mismatch> {
    const MAX: usize = 300;
    let (mut a, mut b) = (AlignedF32::new(MAX), AlignedF32::new(MAX));
    for n in 0..=MAX {
        for offset in (0..64).step_by(4) {
            let other = (offset * 5 + n * 4) % 64;
            let x = a.slice_mut(offset, n);
            fill_uniform(rng, x);
            let y = b.slice_mut(other, n);
            fill_uniform(rng, y);
            let (x, y) = (a.slice(offset, n), b.slice(other, n));
            check_bound(variant, x, y, run(x, y), &|| "uniform in [-1, 1)".into())?;
        }
    }
    Ok(())
}

/// Inputs whose sum nearly cancels: pairs `(x, y)` and `(x, −y)` in random order and large
/// spreads of magnitude (2⁻²⁰…2²⁰), so the result is tiny beside `Σ|aᵢbᵢ|`.
fn cancellation(variant: &str, run: Run<'_>, rng: &mut Rng) -> Result<(), Mismatch> {
    for round in 0..200 {
        let n = if round % 20 == 0 {
            rng.between(1000, 20_000)
        } else {
            rng.between(2, 600)
        };
        let mut a = vec![0.0f32; n];
        let mut b = vec![0.0f32; n];
        for i in 0..n {
            // 2^e for e in -20..=20, built from its exponent bits (no `exp2` in `core`).
            let e = rng.below(41) as u32 + 127 - 20;
            a[i] = uniform(rng) * f32::from_bits(e << 23);
            b[i] = uniform(rng);
        }
        // Mirror the first half onto the second with the sign flipped, then shuffle.
        for i in 0..n / 2 {
            a[n - 1 - i] = a[i];
            b[n - 1 - i] = -b[i];
        }
        for i in (1..n).rev() {
            let j = rng.below(i + 1);
            a.swap(i, j);
            b.swap(i, j);
        }
        check_bound(variant, &a, &b, run(&a, &b), &|| {
            format!("cancellation round {round}")
        })?;
    }
    Ok(())
}

/// Seeded random vectors up to 1 MiB of input (2¹⁷ elements each), mixed signs and all
/// positive, at random misalignments.
fn large_random(variant: &str, run: Run<'_>, rng: &mut Rng) -> Result<(), Mismatch> {
    const MAX: usize = 1 << 17;
    let (mut a, mut b) = (AlignedF32::new(MAX), AlignedF32::new(MAX));
    for round in 0..12 {
        let n = if round < 2 { MAX } else { rng.below(MAX + 1) };
        let (oa, ob) = (rng.below(64), rng.below(64));
        fill_uniform(rng, a.slice_mut(oa, n));
        fill_uniform(rng, b.slice_mut(ob, n));
        if round % 2 == 1 {
            a.slice_mut(oa, n).iter_mut().for_each(|x| *x = x.abs());
            b.slice_mut(ob, n).iter_mut().for_each(|x| *x = x.abs());
        }
        let (x, y) = (a.slice(oa, n), b.slice(ob, n));
        check_bound(variant, x, y, run(x, y), &|| {
            format!("random round {round}")
        })?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scalar_passes_under_its_bound() {
        // SAFETY: the scalar variant needs no CPU feature.
        verify_run("scalar", &|a, b| unsafe { scalar::dot(a, b) }).unwrap();
    }

    #[test]
    fn a_wrong_variant_is_caught() {
        // Drops the last element from 100 elements on: the first special input past that
        // (129 small integers) reports it.
        let wrong = |a: &[f32], b: &[f32]| {
            let n = if a.len() >= 100 { a.len() - 1 } else { a.len() };
            // SAFETY: the scalar variant needs no CPU feature.
            unsafe { scalar::dot(&a[..n], &b[..n]) }
        };
        let mismatch = verify_run("scalar", &wrong).unwrap_err();
        assert!(mismatch.case.contains("n 129"), "{mismatch}");
    }

    #[test]
    fn a_loose_variant_is_caught_under_the_kahan_bound() {
        // Plain summation is not within compensated summation's bound on cancelling inputs.
        // SAFETY: the scalar variant needs no CPU feature.
        let plain = |a: &[f32], b: &[f32]| unsafe { scalar::dot(a, b) };
        assert!(verify_run("kahan", &plain).is_err());
    }

    #[test]
    #[should_panic(expected = "differ in length (3 and 2 elements)")]
    fn unequal_lengths_panic() {
        crate::linalg::dot_f32(&[1.0; 3], &[1.0; 2]);
    }
}
