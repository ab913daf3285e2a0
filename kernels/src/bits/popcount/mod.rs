//! `bits.popcount`: the number of set bits in a byte slice.
//!
//! Spec: the sum over the bytes of their set bits (what
//! `data.iter().map(|b| b.count_ones() as u64).sum()` gives); independent of byte order, so the
//! variants count whole words and vectors and finish the tail byte by byte.
//!
//! Variants: `scalar` (the reference: `u64::count_ones` per word, built for the baseline
//! without `popcnt`), `popcnt` (the same code with the instruction enabled), `avx2` (the
//! Harley–Seal carry-save adder over 16 vectors with a nibble-lookup count, written from Muła,
//! Kurz and Lemire, "Faster Population Counts Using AVX2 Instructions", The Computer Journal
//! 61(1), 2018; see [`x86_64::avx2`]) and `avx512` (`vpopcntq`, AVX-512 VPOPCNTDQ). No crate is
//! a peer: the compiler's `count_ones` is what programs write.
//!
//! Every variant runs the same instructions whatever the bits, so the benches count random
//! bytes. The op is memory-bound: read against the read bandwidth at the size.
//!
//! Measured on an AMD EPYC (family 25 model 1, Zen 3, AVX2, no AVX-512), default release build:
//! `avx2` 54–58 GB/s from 4 KiB on, 1.5–1.8× `popcnt`; that is 53 % of the read bandwidth at
//! 64 KiB and 79 % at 1 MiB. Harley–Seal costs about 100 instructions per 512 bytes (fifteen
//! five-operation adders, sixteen loads, one lookup count), so Zen 3's four vector pipes cap it
//! near 24 bytes a cycle, below the L2 read bandwidth; `popcnt` beside it on the integer pipes
//! was tried and ran 9–15 % slower. `avx512` (`vpopcntq`) was not run on that part.

pub mod scalar;
#[cfg(target_arch = "x86_64")]
pub mod x86_64;

use alloc::boxed::Box;
use alloc::format;

use crate::harness::{aligned_and_not, expect_eq, random_rounds, sweep, AlignedBytes, Rng};
use crate::registry::{Checked, Contract, OpInfo, Role, Unit};
use crate::workload::{Bench, Case, Input, Kernel, Mismatch, Source, BYTE_LADDER};

crate::declare::ops! {
    /// `bits.popcount`.
    pub struct Popcount {
        info: OpInfo {
            name: "bits.popcount",
            summary: "number of set bits in a byte slice",
            contract: Contract::Exact,
            reference: "scalar",
            spec: "the sum of the set bits of every byte",
            unit: Unit::Bytes,
            role: Role::MEMORY,
        },
        signature: fn(data: &[u8]) -> u64,
        prefer: ["avx512", "avx2", "popcnt", "scalar"],
        variants: [
            "scalar" => scalar::popcount { requires: [], origin: Own, safety: "safe code" },
            #[cfg(target_arch = "x86_64")]
            "popcnt" => x86_64::popcnt::popcount {
                requires: [Popcnt], origin: Own, safety: "the body needs exactly POPCNT",
            },
            #[cfg(target_arch = "x86_64")]
            "avx2" => x86_64::avx2::popcount {
                requires: [Avx2], origin: Own, safety: "the body needs exactly AVX2",
            },
            #[cfg(target_arch = "x86_64")]
            "avx512" => x86_64::avx512::popcount {
                requires: [Avx512f, Avx512vpopcntdq],
                origin: Own,
                safety: "the body needs exactly AVX-512F and VPOPCNTDQ",
            },
        ],
        /// Runs the variant: the set bits of `data`.
        call(data: &[u8]) -> u64 { run: |f| f(data) }
        entries: [
            /// The number of set bits in `data`.
            ///
            /// Dispatches through the manifest's plan when the build has one
            /// (`ARSENAL_MANIFEST`), else to the best variant this CPU runs, chosen once.
            ///
            /// ```
            /// assert_eq!(arsenal::bits::popcount(&[0xFF, 0x01, 0x00, 0x80]), 10);
            /// assert_eq!(arsenal::bits::popcount(&[]), 0);
            /// ```
            fn popcount | runtime_popcount(data: &[u8]) -> u64 {
                size: data.len(),
                run: |f| f(data),
            }
        ],
    }
}

impl Kernel for Popcount {
    const SIZES: &'static [usize] = BYTE_LADDER;
    const INPUT: Input = Input::Bytes("counts the set bits of each file and window");

    fn verify(variant: Checked<Self>) -> Result<(), Mismatch> {
        verify_run(&|d| variant.call(d))
    }

    fn verify_input(variant: Checked<Self>, data: &[u8]) -> Result<(), Mismatch> {
        let run = |d: &[u8]| variant.call(d);
        aligned_and_not(data, |d| check(&run, d, "the user's data"))
    }

    fn bench(variant: Checked<Self>, cases: &[Case], source: Source<'_>) -> Box<dyn Bench> {
        crate::bench::bytes(
            cases,
            source,
            |rng, buf| rng.fill(buf),
            move |d| variant.call(d),
        )
    }
}

/// Lengths up to this get every misalignment…
const SWEEP_ALL_OFFSETS: usize = 160;
/// …and up to this, one misalignment each: past two Harley–Seal blocks (1 KiB) and their tails.
const SWEEP_MAX: usize = 1100;

type Run<'a> = &'a dyn Fn(&[u8]) -> u64;

/// The set bits of each byte value, counted bit by bit: the contract, written independently of
/// the variants.
const BITS: [u8; 256] = {
    let mut table = [0; 256];
    let mut b = 0;
    while b < 256 {
        let mut i = 0;
        while i < 8 {
            table[b] += (b >> i & 1) as u8;
            i += 1;
        }
        b += 1;
    }
    table
};

fn bits(data: &[u8]) -> u64 {
    data.iter().map(|&b| u64::from(BITS[usize::from(b)])).sum()
}

fn check(run: Run<'_>, data: &[u8], what: &str) -> Result<(), Mismatch> {
    expect_eq(bits(data), run(data), || {
        format!(
            "len {}, offset {}, {what}",
            data.len(),
            data.as_ptr() as usize % 64
        )
    })
}

fn verify_run(run: Run<'_>) -> Result<(), Mismatch> {
    let mut rng = Rng::new(0xB175);
    patterns(run, &mut rng)?;
    #[cfg(all(feature = "std", unix))]
    crate::harness::page_edge_haystacks(300, &[0xFF, 0x80, 0x01], &mut rng, |_, data, what| {
        check(run, data, what)
    })?;
    full(run)?;
    large_random(run, &mut rng)
}

/// Every small length at every misalignment: no bit, every bit, one bit at each position (every
/// position of short inputs, a sample of long ones) and random bytes.
fn patterns(run: Run<'_>, rng: &mut Rng) -> Result<(), Mismatch> {
    let mut buf = AlignedBytes::new(SWEEP_MAX);
    sweep(SWEEP_MAX, SWEEP_ALL_OFFSETS, |offset, len| {
        let data = buf.slice_mut(offset, len);
        data.fill(0);
        check(run, data, "no bit")?;
        data.fill(0xFF);
        check(run, data, "every bit")?;
        data.fill(0);
        let step = if len <= 160 { 1 } else { 13 };
        for pos in (0..len).step_by(step) {
            data[pos] = 1 << (pos % 8);
            check(run, data, &format!("one bit in byte {pos}"))?;
            data[pos] = 0;
        }
        rng.fill(data);
        check(run, data, "random")
    })
}

/// Every bit set over lengths at and around the block sizes and far past them, so a counter
/// that overflows or a block weighted wrongly shows.
fn full(run: Run<'_>) -> Result<(), Mismatch> {
    let mut buf = AlignedBytes::new(300_000);
    for len in [
        511,
        512,
        513,
        1023,
        1024,
        1025,
        4096 + 63,
        65_535,
        65_536,
        299_999,
    ] {
        let data = buf.slice_mut(len % 64, len);
        data.fill(0xFF);
        check(run, data, "every bit")?;
        data[len / 2] = 0x7F;
        check(run, data, "every bit but one")?;
    }
    Ok(())
}

/// Seeded random inputs up to 1 MiB, some with bits set rarely or nearly always.
fn large_random(run: Run<'_>, rng: &mut Rng) -> Result<(), Mismatch> {
    random_rounds(rng, 1 << 20, 12, |rng, round, data| {
        match round % 3 {
            1 => data
                .iter_mut()
                .for_each(|b| *b &= (rng.next_u64() as u8) & 0x11),
            2 => data
                .iter_mut()
                .for_each(|b| *b |= (rng.next_u64() as u8) | 0xEE),
            _ => {}
        }
        check(run, data, &format!("random round {round}"))
    })
}
