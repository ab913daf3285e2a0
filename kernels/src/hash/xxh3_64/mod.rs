//! `hash.xxh3_64`: the 64-bit XXH3 hash of a byte slice, seeded (seed 0 is the unseeded hash).
//!
//! Spec: the XXH3 algorithm description in the xxHash repository, `doc/xxhash_spec.md`
//! (Cyan4973/xxHash): the small (0–16 bytes), medium (17–240) and large (241+) algorithms with
//! the default 192-byte secret, and for large seeded inputs the secret derived from the seed.
//!
//! Variants: `scalar` (the spec's pseudo-code in `u64` arithmetic), `sse2`, `avx2` and
//! `avx512` (the same short paths and final merge; the long-input stripe loop keeps the eight
//! accumulators in 4, 2 or 1 vector registers and multiplies with `pmuludq`), and
//! `crate:xxhash-rust`, the reference.
//!
//! One restructuring, exact by the commutativity of addition mod 2^64: the spec adds each
//! stripe's lane `i` to accumulator `i ^ 1`; the variants sum stripes unswapped and add the sum,
//! swapped once, before each scramble and before the merge (see `scalar::Lanes`). The stripe loop
//! is written once over `Lanes` and loads the block's sixteen secret vectors once per call (on
//! AVX-512 they stay in registers, so a stripe costs one load and five vector operations).
//!
//! Its throughput is read against the lesser of the read bandwidth at the size and
//! [`MULTIPLY`], 8 bytes per multiply the host issues (`ceiling.mul_u32`): on a part with a wide
//! load path the multiply decides, and "of ceiling" then says how close XXH3 is to what any
//! XXH3 could do there.

#[cfg(feature = "std")]
pub mod external;
pub mod scalar;
#[cfg(target_arch = "x86_64")]
pub mod x86_64;

use alloc::boxed::Box;
use alloc::format;

use crate::harness::{aligned_and_not, expect_eq, random_rounds, sweep, AlignedBytes, Rng};
use crate::registry::{Bound, Ceiling, Checked, Contract, OpInfo, Role, Unit};
use crate::workload::{Bench, Case, Input, Kernel, Mismatch, Source, BYTE_LADDER};

/// The compute bound of XXH3: the long-input accumulate multiplies the two 32-bit halves of each
/// 8-byte lane (input xor secret) once, so no implementation absorbs more than 8 input bytes per
/// 32 × 32 → 64-bit multiply the host can issue (`ceiling.mul_u32`). Short inputs (up to 240
/// bytes) take one 64 × 64 → 128-bit multiply per 16 bytes instead; there the read bandwidth
/// is the lower bound on every host measured.
pub const MULTIPLY: Bound = Bound {
    ceiling: Ceiling::MulU32,
    per: 8.0,
    why: "compute-bound: one 32x32->64-bit multiply per 8 input bytes, in the stripe accumulate",
};

crate::declare::ops! {

    /// `hash.xxh3_64`.
    pub struct Xxh3_64 {
        info: OpInfo {
            name: "hash.xxh3_64",
            summary: "64-bit XXH3 hash, seeded (seed 0 is the unseeded hash)",
            contract: Contract::Exact,
            // Without std the crate is not linked; the scalar variant follows the spec on its
            // own.
            reference: if cfg!(feature = "std") {
                "crate:xxhash-rust"
            } else {
                "scalar"
            },
            spec: "XXH3 algorithm description, xxHash doc/xxhash_spec.md (Cyan4973/xxHash)",
            unit: Unit::Bytes,
            role: Role::Kernel(&[Bound::READ, MULTIPLY]),
        },
        signature: fn(data: &[u8], seed: u64) -> u64,
        prefer: ["avx512", "avx2", "sse2", "scalar"],
        variants: [
            "scalar" => scalar::xxh3_64 { requires: [], origin: Own, safety: "safe code" },
            #[cfg(target_arch = "x86_64")]
            "sse2" => x86_64::sse2::xxh3_64 {
                requires: [Sse2], origin: Own, safety: "the body needs exactly SSE2",
            },
            #[cfg(target_arch = "x86_64")]
            "avx2" => x86_64::avx2::xxh3_64 {
                requires: [Avx2], origin: Own, safety: "the body needs exactly AVX2",
            },
            #[cfg(target_arch = "x86_64")]
            "avx512" => x86_64::avx512::xxh3_64 {
                requires: [Avx512f, Avx512dq],
                origin: Own,
                safety: "the body needs exactly AVX-512F and DQ",
            },
            #[cfg(feature = "std")]
            "crate:xxhash-rust" => external::crate_xxhash_rust {
                requires: [],
                origin: Crate { name: "xxhash-rust", version: "0.8.21" },
                safety: "a safe crate API; it picks its SIMD path at compile time",
            },
        ],
        /// Runs the variant: XXH3-64 of `data` with `seed`.
        call(data: &[u8], seed: u64) -> u64 { run: |f| f(data, seed) }
        entries: [
            /// XXH3 64-bit hash of `data` with `seed`; seed 0 gives the unseeded hash.
            ///
            /// Dispatches through the manifest's plan when the build has one
            /// (`ARSENAL_MANIFEST`), else to the best variant this CPU runs, chosen once.
            ///
            /// ```
            /// let data = b"hello, world";
            /// assert_eq!(arsenal::hash::xxh3_64_with_seed(data, 0), arsenal::hash::xxh3_64(data));
            /// assert_ne!(arsenal::hash::xxh3_64_with_seed(data, 1), arsenal::hash::xxh3_64(data));
            /// ```
            fn xxh3_64_with_seed | runtime_xxh3_64_with_seed(data: &[u8], seed: u64) -> u64 {
                size: data.len(),
                run: |f| f(data, seed),
            }
            /// XXH3 64-bit hash of `data` (unseeded; dispatch as for [`xxh3_64_with_seed`]).
            ///
            /// ```
            /// // The spec's value for the empty input.
            /// assert_eq!(arsenal::hash::xxh3_64(b""), 0x2D06_8005_38D3_94C2);
            /// ```
            fn xxh3_64 | runtime_xxh3_64(data: &[u8]) -> u64 {
                size: data.len(),
                run: |f| f(data, 0),
            }
        ],
    }
}

/// The signature of every variant, as the declaration states it.
pub type HashFn = <Xxh3_64 as crate::registry::Op>::Fn;

impl Kernel for Xxh3_64 {
    const SIZES: &'static [usize] = BYTE_LADDER;
    const INPUT: Input = Input::Bytes("hashes each file and window as it is, seed 0");

    fn verify(variant: Checked<Self>) -> Result<(), Mismatch> {
        let run = |data: &[u8], seed: u64| variant.call(data, seed);
        let mut rng = Rng::new(0x0078_7833);
        every_length(&run, &mut rng)?;
        special_seeds(&run, &mut rng)?;
        uniform_bytes(&run)?;
        #[cfg(all(feature = "std", unix))]
        page_edges(&run, &mut rng)?;
        large_random(&run, &mut rng)
    }

    fn verify_input(variant: Checked<Self>, data: &[u8]) -> Result<(), Mismatch> {
        let run = |data: &[u8], seed: u64| variant.call(data, seed);
        aligned_and_not(data, |d| check(&run, d, 0, "the user's data"))
    }

    fn bench(variant: Checked<Self>, cases: &[Case], source: Source<'_>) -> Box<dyn Bench> {
        crate::bench::bytes(
            cases,
            source,
            |rng, buf| rng.fill(buf),
            move |data| variant.call(data, 0),
        )
    }
}

/// The reference: `crate:xxhash-rust`, or the scalar variant where the crate is not linked.
pub fn reference(data: &[u8], seed: u64) -> u64 {
    #[cfg(feature = "std")]
    return xxhash_rust::xxh3::xxh3_64_with_seed(data, seed);
    #[cfg(not(feature = "std"))]
    // SAFETY: the scalar variant needs no CPU feature.
    return unsafe { scalar::xxh3_64(data, seed) };
}

type Run<'a> = &'a dyn Fn(&[u8], u64) -> u64;

fn check(run: Run<'_>, data: &[u8], seed: u64, what: &str) -> Result<(), Mismatch> {
    expect_eq(reference(data, seed), run(data, seed), || {
        format!(
            "len {}, offset {}, seed {seed:#x}, {what}",
            data.len(),
            data.as_ptr() as usize % 64
        )
    })
}

/// Every length through four blocks: every path, stripe count and block boundary. Up to the
/// end of the medium path every misalignment; past it four per length. Seed 0 and a random seed
/// each time (a non-zero seed derives a new secret for long inputs).
fn every_length(run: Run<'_>, rng: &mut Rng) -> Result<(), Mismatch> {
    const MAX: usize = 4096;
    const ALL_OFFSETS: usize = scalar::MID_MAX + 2;
    let mut buf = AlignedBytes::new(MAX);
    sweep(MAX, ALL_OFFSETS, |offset, len| {
        if len < ALL_OFFSETS {
            return random_bytes(run, rng, buf.slice_mut(offset, len));
        }
        for shift in [0, 13, 37, 50] {
            random_bytes(run, rng, buf.slice_mut((offset + shift) % 64, len))?;
        }
        Ok(())
    })
}

/// Fills `data` with random bytes and checks it with seed 0 and a random seed.
fn random_bytes(run: Run<'_>, rng: &mut Rng, data: &mut [u8]) -> Result<(), Mismatch> {
    rng.fill(data);
    check(run, data, 0, "random bytes")?;
    check(run, data, rng.next_u64(), "random bytes")
}

/// Lengths at every path and block boundary.
const EDGES: &[usize] = &[
    0, 1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 32, 33, 64, 96, 97, 127, 128, 129, 143, 144, 239,
    240, 241, 255, 256, 319, 320, 1023, 1024, 1025, 1087, 1088, 2047, 2048, 2049, 8191, 8192, 8193,
    65_535, 65_537,
];

/// Seeds that expose sign, carry and half-word mistakes.
const SEEDS: &[u64] = &[
    0,
    1,
    u64::MAX,
    1 << 63,
    0xFFFF_FFFF,
    1 << 32,
    0x8000_0000,
    0x9E37_79B1_85EB_CA87,
];

fn special_seeds(run: Run<'_>, rng: &mut Rng) -> Result<(), Mismatch> {
    let mut buf = AlignedBytes::new(EDGES[EDGES.len() - 1]);
    for &len in EDGES {
        let data = buf.slice_mut(len % 64, len);
        rng.fill(data);
        for &seed in SEEDS {
            check(run, data, seed, "special seed")?;
        }
    }
    Ok(())
}

/// All-zero and all-one inputs: lanes that cancel or saturate.
fn uniform_bytes(run: Run<'_>) -> Result<(), Mismatch> {
    let mut buf = AlignedBytes::new(EDGES[EDGES.len() - 1]);
    for byte in [0x00, 0xFF] {
        for &len in EDGES {
            let data = buf.slice_mut(0, len);
            data.fill(byte);
            for &seed in SEEDS {
                check(run, data, seed, &format!("every byte {byte:#04x}"))?;
            }
        }
    }
    Ok(())
}

/// Inputs flush against an inaccessible page on either side: an over-read faults.
#[cfg(all(feature = "std", unix))]
fn page_edges(run: Run<'_>, rng: &mut Rng) -> Result<(), Mismatch> {
    use crate::harness::Guarded;
    let lens = (0..=300).chain([511, 512, 1023, 1024, 1025, 2047, 4096, 4097]);
    for len in lens {
        for mut guarded in [Guarded::at_end(len), Guarded::at_start(len)] {
            let data = guarded.bytes_mut();
            rng.fill(data);
            check(run, data, 0, "at a page edge")?;
            check(run, data, rng.next_u64(), "at a page edge")?;
        }
    }
    Ok(())
}

/// Seeded random inputs up to 4 MiB at random misalignments and seeds.
fn large_random(run: Run<'_>, rng: &mut Rng) -> Result<(), Mismatch> {
    random_rounds(rng, 4 << 20, 12, |rng, round, data| {
        let seed = if round % 3 == 0 { 0 } else { rng.next_u64() };
        check(run, data, seed, &format!("random round {round}"))
    })
}
