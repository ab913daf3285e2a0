//! `ceiling.fma_f32`: a register-only loop of independent single-precision fused multiply-adds,
//! a measuring kernel for the host's f32 FMA peak.
//!
//! The work is fixed: [`CHAINS`] independent chains, each stepped `x ← x·A + B` once per
//! iteration with one correctly rounded fused multiply-add (IEEE 754-2008 §5.4.1
//! `fusedMultiplyAdd`; Intel SDM vol. 2, `VFMADD213PS`). One iteration is therefore
//! `2 × CHAINS` = [`FLOPS_PER_ITERATION`] flops whatever the variant; the size is the number of
//! iterations, and [`Kernel::units`] the flops of a call. A variant may order the steps of
//! different chains as it likes (they are independent), so every variant keeps each chain in
//! one vector lane and has enough accumulators in flight to cover latency × throughput of the
//! FMA units (Zen 4: 4 cycles × two 256-bit pipes, i.e. 8 `ymm` or 4 `zmm`).
//!
//! The result is the sum of the chains' final values, added in chain order in `f32`. Since an
//! FMA is exactly rounded, every variant's result is bit-identical to the scalar reference's
//! (`Contract::Exact`). `A` and `B` are close to `1 − 2⁻¹⁰` and `2⁻¹⁰`, with full
//! significands so every step rounds; the chains start in `[0.75, 1.5)` and contract towards the
//! fixed point `B / (1 − A) ≈ 1`, so nothing overflows or goes subnormal.
//!
//! Variants: `scalar` (the reference: [`scalar`]), `avx2` (AVX2 + FMA, 24 `ymm` in two groups of
//! twelve) and `avx512` (twelve `zmm`). On Zen 4 both vector variants reach the same peak,
//! 32 flops per cycle (118 GFLOP/s at 3.7 GHz measured, one core): its 512-bit FMA occupies both
//! 256-bit pipes.

pub mod scalar;
#[cfg(target_arch = "x86_64")]
pub mod x86_64;

use alloc::boxed::Box;
use alloc::format;

use crate::harness::expect_eq;
use crate::registry::{Ceiling, Checked, Contract, OpInfo, Role, Unit};
use crate::workload::{Bench, Case, Input, Kernel, Mismatch, Source};

/// Independent chains: 12 `zmm` or 24 `ymm` registers of lanes.
pub const CHAINS: usize = 192;

/// Flops of one iteration: one multiply and one add per chain.
pub const FLOPS_PER_ITERATION: u64 = 2 * CHAINS as u64;

/// The multiplier, just below one.
pub const A: f32 = 0.999_02;

/// The addend: with [`A`], the chains' fixed point is `B / (1 − A) ≈ 1`.
pub const B: f32 = 0.000_98;

/// The chains' start values, in `[0.75, 1.5)`.
pub const STARTS: [f32; CHAINS] = {
    let mut s = [0.0; CHAINS];
    let mut i = 0;
    while i < CHAINS {
        s[i] = 0.75 + i as f32 * 0.003_9;
        i += 1;
    }
    s
};

/// The op's result from the chains' final values: their sum, in chain order.
#[inline]
pub fn reduce(x: &[f32; CHAINS]) -> f32 {
    x.iter().fold(0.0, |sum, &v| sum + v)
}

crate::declare::ops! {

    /// `ceiling.fma_f32`.
    pub struct FmaF32 {
        info: OpInfo {
            name: "ceiling.fma_f32",
            summary: "independent f32 fused multiply-add chains in registers: the FMA peak",
            contract: Contract::Exact,
            reference: "scalar",
            spec: "IEEE 754-2008 fusedMultiplyAdd; 192 chains x <- x*A + B, summed in chain order",
            unit: Unit::Flops,
            role: Role::Ceiling(Ceiling::FmaF32),
        },
        // The number of iterations in, the reduced result out.
        signature: fn(iterations: usize) -> f32,
        prefer: ["avx512", "avx2", "scalar"],
        variants: [
            "scalar" => scalar::fma_f32 { requires: [], origin: Own, safety: "safe code" },
            #[cfg(target_arch = "x86_64")]
            "avx2" => x86_64::avx2::fma_f32 {
                requires: [Avx2, Fma], origin: Own, safety: "the body needs exactly AVX2 and FMA",
            },
            #[cfg(target_arch = "x86_64")]
            "avx512" => x86_64::avx512::fma_f32 {
                requires: [Avx512f], origin: Own, safety: "the body needs exactly AVX-512F",
            },
        ],
        /// Runs the variant for `iterations` steps of every chain.
        call(iterations: usize) -> f32 { run: |f| f(iterations) }
        entries: [
            /// Runs `iterations` steps of the 192 independent f32 FMA chains of `ceiling.fma_f32` and
            /// returns the sum of their final values: `2 × 192 × iterations` flops (dispatch as for
            /// [`read_sum`](crate::ceiling::read_sum)). The result is the same on every variant.
            ///
            /// ```
            /// let r = arsenal::ceiling::fma_f32(1000);
            /// assert!(r.is_finite() && r > 150.0 && r < 250.0);
            /// assert_eq!(r.to_bits(), arsenal::ceiling::runtime_fma_f32(1000).to_bits());
            /// ```
            fn fma_f32 | runtime_fma_f32(iterations: usize) -> f32 {
                size: iterations,
                run: |f| f(iterations),
            }
        ],
    }
}

/// The signature of every variant, as the declaration states it.
pub type FmaFn = <FmaF32 as crate::registry::Op>::Fn;

impl Kernel for FmaF32 {
    /// Iterations: 2¹⁰ .. 2¹⁸ (0.4 M .. 100 M flops a call).
    const SIZES: &'static [usize] = &[1 << 10, 1 << 14, 1 << 18];
    const INPUT: Input = Input::None("a hardware ceiling: it measures the host, not data");

    fn units(size: usize) -> u64 {
        FLOPS_PER_ITERATION * size as u64
    }

    /// Registers only.
    fn footprint(_iterations: usize) -> usize {
        0
    }

    /// Iteration counts around the loop's and the accumulators' multiples; compared bit for bit.
    fn verify(variant: Checked<Self>) -> Result<(), Mismatch> {
        for n in super::VERIFY_ITERATIONS {
            // SAFETY: the reference is safe code.
            let want = unsafe { scalar::fma_f32(n) };
            let got = variant.call(n);
            expect_eq(want.to_bits(), got.to_bits(), || {
                format!("{n} iterations (reference {want:e}, got {got:e})")
            })?;
        }
        Ok(())
    }

    fn bench(variant: Checked<Self>, cases: &[Case], _source: Source<'_>) -> Box<dyn Bench> {
        crate::bench::sizes(cases, <FmaF32 as Kernel>::units, move |n| variant.call(n))
    }
}
