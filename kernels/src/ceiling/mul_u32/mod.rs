//! `ceiling.mul_u32`: a register-only loop of independent 32 × 32 → 64-bit unsigned multiplies,
//! a measuring kernel for the host's integer multiply peak.
//!
//! It is the bound of kernels whose every unit of work needs one such multiply: the XXH3 long
//! input accumulate multiplies the two 32-bit halves of each 8-byte lane of input xor secret
//! (xxHash specification, "XXH3 algorithm", stripe accumulation; Intel SDM vol. 2, `PMULUDQ`),
//! so XXH3 absorbs at most 8 input bytes per multiply, whatever the implementation.
//!
//! The work is fixed: [`CHAINS`] independent chains of `u64`, each stepped
//! `x ← (x mod 2³²) · K` once per iteration — exactly what `PMULUDQ` computes per lane, with
//! [`K`] odd, so the low half stays odd and never collapses. One iteration is [`CHAINS`]
//! multiplies whatever the variant; the size is the number of iterations, and [`Kernel::units`]
//! the multiplies of a call. The result is the wrapping sum of the chains' final values,
//! identical on every variant (`Contract::Exact`).
//!
//! Variants: `scalar` (the reference: [`scalar`]; the compiler may vectorise it with the
//! baseline's SSE2), `sse2` (48 `xmm` in four groups of twelve), `avx2` (24 `ymm` in two
//! groups of twelve) and `avx512` (twelve `zmm`). Twelve accumulators cover latency ×
//! throughput of every vector multiplier seen (Zen 3/4: latency 3, two a cycle; Intel: latency
//! 5, up to two a cycle). A kernel that also used the scalar multiplier beside the vector one
//! could pass this peak; its share then reads "at ceiling".

pub mod scalar;
#[cfg(target_arch = "x86_64")]
pub mod x86_64;

use alloc::boxed::Box;
use alloc::format;

use crate::harness::expect_eq;
use crate::registry::{Ceiling, Checked, Contract, OpInfo, Role, Unit};
use crate::workload::{Bench, Case, Input, Kernel, Mismatch, Source};

/// Independent chains: 12 `zmm`, 24 `ymm` or 48 `xmm` registers of 64-bit lanes.
pub const CHAINS: usize = 96;

/// The multiplier: odd, 32 bits (XXH3's `PRIME32_1`).
pub const K: u64 = 0x9E37_79B1;

/// The chains' start values: distinct, with odd low halves.
pub const STARTS: [u64; CHAINS] = {
    let mut s = [0; CHAINS];
    let mut i = 0;
    while i < CHAINS {
        s[i] = 0x9E37_79B9_7F4A_7C15_u64.wrapping_mul(i as u64 + 1) | 1;
        i += 1;
    }
    s
};

/// One step of a chain: the low 32 bits of `x` times [`K`], as `PMULUDQ` computes it.
#[inline(always)]
pub const fn step(x: u64) -> u64 {
    (x & 0xFFFF_FFFF) * K
}

/// The op's result from the chains' final values: their wrapping sum.
#[inline]
pub fn reduce(x: &[u64; CHAINS]) -> u64 {
    x.iter().fold(0, |sum, &v| sum.wrapping_add(v))
}

crate::declare::ops! {

    /// `ceiling.mul_u32`.
    pub struct MulU32 {
        info: OpInfo {
            name: "ceiling.mul_u32",
            summary: "independent 32x32->64-bit multiply chains in registers: the multiply peak",
            contract: Contract::Exact,
            reference: "scalar",
            spec: "96 chains x <- (x mod 2^32) * 0x9E3779B1 (PMULUDQ per lane), wrapping sum",
            unit: Unit::Elements,
            role: Role::Ceiling(Ceiling::MulU32),
        },
        // The number of iterations in, the reduced result out.
        signature: fn(iterations: usize) -> u64,
        prefer: ["avx512", "avx2", "sse2", "scalar"],
        variants: [
            "scalar" => scalar::mul_u32 { requires: [], origin: Own, safety: "safe code" },
            #[cfg(target_arch = "x86_64")]
            "sse2" => x86_64::sse2::mul_u32 {
                requires: [Sse2], origin: Own, safety: "the body needs exactly SSE2",
            },
            #[cfg(target_arch = "x86_64")]
            "avx2" => x86_64::avx2::mul_u32 {
                requires: [Avx2], origin: Own, safety: "the body needs exactly AVX2",
            },
            #[cfg(target_arch = "x86_64")]
            "avx512" => x86_64::avx512::mul_u32 {
                requires: [Avx512f], origin: Own, safety: "the body needs exactly AVX-512F",
            },
        ],
        /// Runs the variant for `iterations` steps of every chain.
        call(iterations: usize) -> u64 { run: |f| f(iterations) }
        entries: [
            /// Runs `iterations` steps of the 96 independent 32 × 32 → 64-bit multiply chains of
            /// `ceiling.mul_u32` and returns the wrapping sum of their final values:
            /// `96 × iterations` multiplies (dispatch as for
            /// [`read_sum`](crate::ceiling::read_sum)). The result is the same on every variant.
            ///
            /// ```
            /// let r = arsenal::ceiling::mul_u32(1000);
            /// assert_eq!(r, arsenal::ceiling::runtime_mul_u32(1000));
            /// assert_ne!(r, arsenal::ceiling::mul_u32(1001));
            /// ```
            fn mul_u32 | runtime_mul_u32(iterations: usize) -> u64 {
                size: iterations,
                run: |f| f(iterations),
            }
        ],
    }
}

/// The signature of every variant, as the declaration states it.
pub type MulFn = <MulU32 as crate::registry::Op>::Fn;

impl Kernel for MulU32 {
    /// Iterations: 2¹⁰ and 2¹⁶ (0.1 M and 6 M multiplies a call): a peak needs no ladder.
    const SIZES: &'static [usize] = &[1 << 10, 1 << 16];
    const INPUT: Input = Input::None("a hardware ceiling: it measures the host, not data");

    fn units(size: usize) -> u64 {
        (CHAINS * size) as u64
    }

    /// Registers only.
    fn footprint(_iterations: usize) -> usize {
        0
    }

    /// Iteration counts around the loop's and the groups' multiples; compared exactly.
    fn verify(variant: Checked<Self>) -> Result<(), Mismatch> {
        for n in super::VERIFY_ITERATIONS {
            // SAFETY: the reference is safe code.
            let want = unsafe { scalar::mul_u32(n) };
            let got = variant.call(n);
            expect_eq(want, got, || {
                format!("{n} iterations (reference {want:#x}, got {got:#x})")
            })?;
        }
        Ok(())
    }

    fn bench(variant: Checked<Self>, cases: &[Case], _source: Source<'_>) -> Box<dyn Bench> {
        crate::bench::sizes(cases, <MulU32 as Kernel>::units, move |n| variant.call(n))
    }
}
