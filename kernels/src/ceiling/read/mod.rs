//! `ceiling.read`: the wrapping sum of the `u64` words of a buffer, a measuring kernel for the
//! host's read bandwidth at each level of the memory hierarchy.
//!
//! Contract: the result is the wrapping (mod 2⁶⁴) sum of the little-endian `u64` words
//! `data[8i..8i + 8]` for every whole word; the `len % 8` tail bytes past the last whole word
//! are ignored. Words are read wherever the slice starts (no alignment is assumed).
//!
//! The kernel follows the read-only reduction of McCalpin's STREAM benchmark ("Memory Bandwidth
//! and Machine Balance in Current High Performance Computers", IEEE TCCA Newsletter, 1995), with
//! integer adds so the reduction is exact and any order gives the same sum. It does the least
//! work per byte an op can do — one add per word, and a vector variant retires two loads per
//! cycle with four accumulators covering the add latency — so its bytes per second at a size is
//! the ceiling every bytes op's figure at that size is set against. The ladder therefore holds
//! the byte ops' sizes (16 B .. 1 MiB) and goes on through L2, L3 and DRAM (up to 256 MiB).
//!
//! A ceiling must bound every op from above at every size, and the reports take the best variant
//! at each size, so the variants split the ladder between them. From 16 KiB up the loads are the
//! cost and the unrolled loops hold the record; below 4 KiB a call's fixed cost (loop set-up,
//! horizontal reduction, a scalar remainder) is a large part of the time, and a bytes op that
//! pays less of it than the unrolled loop (one vector compare, one copy) would read above 100 %
//! of a ceiling that wastes it. So some variants do nothing per call but the loads they need:
//!
//! - `scalar` ([`scalar`]): the reference, four accumulators and a remainder loop.
//! - `scalar_small` ([`scalar_small`]): up to 64 bytes straight-line code, no loop (33–64
//!   bytes: the first and the last four words, the overlap masked out), else the reference.
//! - `avx2`, `avx512` ([`x86_64::avx2`], [`x86_64::avx512`]): eight loads per iteration into
//!   four accumulators, then single vectors and a scalar remainder (a masked one on AVX-512).
//! - `avx2_masked`, `avx512_masked` ([`x86_64::avx2_masked`], [`x86_64::avx512_masked`], the
//!   latter also needing AVX-512VL and BMI2): up to 128 bytes (AVX-512: 256) one to four loads,
//!   the last with a mask from `len / 8`, and a reduction, no loop; longer inputs four loads per
//!   iteration into two accumulators and a masked last vector in place of any scalar remainder.
//!
//! At 16–256 B a call costs a few nanoseconds, most of it the call itself, and the figures move
//! by several percent with code placement (a taken branch more or less on the path); the
//! variants keep each short size on a path with at most one taken branch.

pub mod scalar;
pub mod scalar_small;
#[cfg(target_arch = "x86_64")]
pub mod x86_64;

use alloc::boxed::Box;
use alloc::format;

use crate::harness::{expect_eq, random_rounds, sweep, AlignedBytes, Rng};
use crate::registry::{Ceiling, Checked, Contract, OpInfo, Role, Unit};
use crate::workload::{Bench, Case, Input, Kernel, Mismatch, Source};

crate::declare::ops! {

    /// `ceiling.read`.
    pub struct Read {
        info: OpInfo {
            name: "ceiling.read",
            summary: "wrapping sum of the u64 words of a buffer: the read-bandwidth ceiling",
            contract: Contract::Exact,
            reference: "scalar",
            spec: "read reduction after McCalpin's STREAM (1995); tail bytes past the last word \
                   ignored",
            unit: Unit::Bytes,
            role: Role::Ceiling(Ceiling::Read),
        },
        signature: fn(data: &[u8]) -> u64,
        prefer: ["avx512", "avx2", "scalar"],
        variants: [
            "scalar" => scalar::read { requires: [], origin: Own, safety: "safe code" },
            #[cfg(target_arch = "x86_64")]
            "avx2" => x86_64::avx2::read {
                requires: [Avx2], origin: Own, safety: "the body needs exactly AVX2",
            },
            #[cfg(target_arch = "x86_64")]
            "avx512" => x86_64::avx512::read {
                requires: [Avx512f], origin: Own, safety: "the body needs exactly AVX-512F",
            },
            "scalar_small" => scalar_small::read { requires: [], origin: Own, safety: "safe code" },
            #[cfg(target_arch = "x86_64")]
            "avx2_masked" => x86_64::avx2_masked::read {
                requires: [Avx2], origin: Own, safety: "the body needs exactly AVX2",
            },
            #[cfg(target_arch = "x86_64")]
            "avx512_masked" => x86_64::avx512_masked::read {
                requires: [Avx512f, Avx512vl, Bmi2],
                origin: Own,
                safety: "the body needs exactly AVX-512F, AVX-512VL and BMI2",
            },
        ],
        /// Runs the variant: the wrapping sum of the whole `u64` words of `data`.
        call(data: &[u8]) -> u64 { run: |f| f(data) }
        entries: [
            /// The wrapping sum of the little-endian `u64` words of `data`; the `data.len() % 8` bytes past
            /// the last whole word are ignored. Measures read bandwidth (`ceiling.read`).
            ///
            /// Dispatches through the manifest's plan when the build has one (`ARSENAL_MANIFEST`), else to
            /// the best variant this CPU runs, chosen once.
            ///
            /// ```
            /// let mut data = Vec::new();
            /// for w in [1u64, 2, u64::MAX] {
            ///     data.extend_from_slice(&w.to_le_bytes());
            /// }
            /// data.push(0xFF); // a tail byte, ignored
            /// assert_eq!(arsenal::ceiling::read_sum(&data), 2);
            /// ```
            fn read_sum | runtime_read_sum(data: &[u8]) -> u64 {
                size: data.len(),
                run: |f| f(data),
            }
        ],
    }
}

/// The signature of every variant, as the declaration states it.
pub type ReadFn = <Read as crate::registry::Op>::Fn;

/// The byte ops' ladder (so each of their figures has a ceiling at exactly its size), then on
/// through L2 (1 MiB on Zen 4), L3 (32 MiB) and DRAM.
pub const SIZES: &[usize] = &[
    16,
    64,
    256,
    1 << 10,
    4 << 10,
    16 << 10,
    64 << 10,
    256 << 10,
    1 << 20,
    4 << 20,
    16 << 20,
    64 << 20,
    256 << 20,
];

/// The tuner's ladder: [`SIZES`] up to 64 MiB, already far into DRAM. A 256 MiB cell costs
/// seconds (generating inputs, a few calls of tens of milliseconds per variant) that a default
/// one-minute tune spends better elsewhere; the criterion bench still covers it.
pub const LADDER: &[usize] = SIZES.split_last().expect("SIZES is not empty").1;

impl Kernel for Read {
    const SIZES: &'static [usize] = LADDER;
    const INPUT: Input = Input::None("a hardware ceiling: it measures the host, not data");

    fn verify(variant: Checked<Self>) -> Result<(), Mismatch> {
        let run = |d: &[u8]| variant.call(d);
        let mut rng = Rng::new(0x5EAD_0001);
        small(&run, &mut rng)?;
        patterns(&run)?;
        #[cfg(all(feature = "std", unix))]
        page_edges(&run, &mut rng)?;
        large_random(&run, &mut rng)
    }

    fn bench(variant: Checked<Self>, cases: &[Case], source: Source<'_>) -> Box<dyn Bench> {
        crate::bench::bytes(
            cases,
            Source::Generated(source.seed()),
            |rng, buf| rng.fill(buf),
            move |d| variant.call(d),
        )
    }
}

type Run<'a> = &'a dyn Fn(&[u8]) -> u64;

fn check(run: Run<'_>, data: &[u8], what: &str) -> Result<(), Mismatch> {
    expect_eq(scalar::sum(data), run(data), || {
        format!(
            "len {}, offset {}, {what}",
            data.len(),
            data.as_ptr() as usize % 64
        )
    })
}

/// Every length up to 600 (all misalignments up to 130), random bytes.
fn small(run: Run<'_>, rng: &mut Rng) -> Result<(), Mismatch> {
    const MAX: usize = 600;
    let mut buf = AlignedBytes::new(MAX);
    sweep(MAX, 130, |offset, len| {
        let data = buf.slice_mut(offset, len);
        rng.fill(data);
        check(run, data, "random")
    })
}

/// All-ones words (every add carries out of the top), and a single set word at each position.
fn patterns(run: Run<'_>) -> Result<(), Mismatch> {
    const MAX: usize = 1100;
    let mut buf = AlignedBytes::new(MAX);
    for len in (0..=MAX).step_by(37) {
        let data = buf.slice_mut(len % 64, len);
        data.fill(0xFF);
        check(run, data, "all ones")?;
        data.fill(0);
        for at in (0..len).step_by(8) {
            data[at] = 0x80;
            check(run, data, &format!("one word set at {at}"))?;
            data[at] = 0;
        }
    }
    Ok(())
}

/// Inputs flush against an inaccessible page on either side: an over-read faults.
#[cfg(all(feature = "std", unix))]
fn page_edges(run: Run<'_>, rng: &mut Rng) -> Result<(), Mismatch> {
    use crate::harness::Guarded;
    for len in (0..=300).chain([511, 512, 513, 1023, 4095, 4096, 4097]) {
        for mut guarded in [Guarded::at_end(len), Guarded::at_start(len)] {
            rng.fill(guarded.bytes_mut());
            check(run, guarded.bytes(), "at a page edge")?;
        }
    }
    Ok(())
}

/// Seeded random inputs up to 1 MiB.
fn large_random(run: Run<'_>, rng: &mut Rng) -> Result<(), Mismatch> {
    random_rounds(rng, 1 << 20, 12, |_, round, data| {
        check(run, data, &format!("random round {round}"))
    })
}
