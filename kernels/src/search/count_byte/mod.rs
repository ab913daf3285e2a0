//! `search.count_byte`: how many bytes of a slice equal a given byte.
//!
//! Spec: the number of `i` with `haystack[i] == needle` (what
//! `haystack.iter().filter(|&&b| b == needle).count()` gives).
//!
//! Variants: `scalar` (the reference), `swar` (eight byte lanes in a `u64`, see [`swar`]),
//! `avx2` and `avx512` (compare, and subtract the all-ones result from byte counters that
//! `psadbw` sums before they can overflow, after Wojciech Muła, "SIMDized counting byte in byte
//! stream", 2019, written here from that description; see [`x86_64`]), `crate:bytecount`
//! (`bytecount::count`, its runtime-dispatched SIMD path) and `crate:memchr_iter`
//! (`memchr::memchr_iter(..).count()`, what programs counting with the `memchr` crate write).
//!
//! The kernels run the same instructions whatever the data, except `crate:memchr_iter`, whose
//! time grows with the number of matches: the benches count newlines in text with one every
//! 40–80 bytes, the density of lines in source code and prose.
//!
//! Measured on an AMD EPYC (family 25 model 1, AVX2, no AVX-512), default release build,
//! criterion side by side: `avx2` over `crate:bytecount` 1.66× at 64 B, 1.62× at 4 KiB, 1.01× at
//! 64 KiB (97 % of the read ceiling there) and 1.08× at 1 MiB; `crate:memchr_iter` 0.37–0.68×
//! of `crate:bytecount`. `avx512` was not measured (nor run) on that part.

#[cfg(feature = "std")]
pub mod external;
pub mod scalar;
pub mod swar;
#[cfg(target_arch = "x86_64")]
pub mod x86_64;

use alloc::boxed::Box;
use alloc::format;

use crate::harness::{aligned_and_not, expect_eq, fill_density, sweep, AlignedBytes, Rng};
use crate::registry::{Checked, Contract, OpInfo, Role, Unit};
use crate::workload::{Bench, Case, Input, Kernel, Mismatch, Source, BYTE_LADDER};

crate::declare::ops! {
    /// `search.count_byte`.
    pub struct CountByte {
        info: OpInfo {
            name: "search.count_byte",
            summary: "number of occurrences of a byte",
            contract: Contract::Exact,
            reference: "scalar",
            spec: "the number of i with haystack[i] == needle",
            unit: Unit::Bytes,
            role: Role::MEMORY,
        },
        signature: fn(needle: u8, haystack: &[u8]) -> usize,
        prefer: ["avx512", "avx2", "swar"],
        variants: [
            "scalar" => scalar::count_byte { requires: [], origin: Own, safety: "safe code" },
            "swar" => swar::count_byte { requires: [], origin: Own, safety: "safe code" },
            #[cfg(target_arch = "x86_64")]
            "avx2" => x86_64::avx2::count_byte {
                requires: [Avx2, Popcnt],
                origin: Own,
                safety: "the body needs exactly AVX2 and POPCNT",
            },
            #[cfg(target_arch = "x86_64")]
            "avx512" => x86_64::avx512::count_byte {
                requires: [Avx512f, Avx512bw, Popcnt],
                origin: Own,
                safety: "the body needs exactly AVX-512F, BW and POPCNT",
            },
            #[cfg(feature = "std")]
            "crate:bytecount" => external::crate_bytecount {
                requires: [],
                origin: Crate { name: "bytecount", version: "0.6.9" },
                safety: "a safe crate API with its own dispatch",
            },
            #[cfg(feature = "std")]
            "crate:memchr_iter" => external::crate_memchr_iter {
                requires: [],
                origin: Crate { name: "memchr", version: "2.8.3" },
                safety: "a safe crate API with its own dispatch",
            },
        ],
        /// Runs the variant: how many bytes of `haystack` equal `needle`.
        call(needle: u8, haystack: &[u8]) -> usize { run: |f| f(needle, haystack) }
        entries: [
            /// How many bytes of `haystack` equal `needle`: counting lines is
            /// `count_byte(b'\n', text)`.
            ///
            /// Dispatches through the manifest's plan when the build has one
            /// (`ARSENAL_MANIFEST`), else to the best variant this CPU runs, chosen once.
            ///
            /// ```
            /// assert_eq!(arsenal::search::count_byte(b'\n', b"one\ntwo\nthree\n"), 3);
            /// assert_eq!(arsenal::search::count_byte(b'x', b""), 0);
            /// ```
            fn count_byte | runtime_count_byte(needle: u8, haystack: &[u8]) -> usize {
                size: haystack.len(),
                run: |f| f(needle, haystack),
            }
        ],
    }
}

impl Kernel for CountByte {
    const SIZES: &'static [usize] = BYTE_LADDER;
    const INPUT: Input = Input::Bytes("counts the newlines (b'\\n') of each file and window");

    fn verify(variant: Checked<Self>) -> Result<(), Mismatch> {
        verify_run(&|n, h| variant.call(n, h))
    }

    fn verify_input(variant: Checked<Self>, data: &[u8]) -> Result<(), Mismatch> {
        let run = |n: u8, h: &[u8]| variant.call(n, h);
        let first = data.first().copied().unwrap_or(0);
        aligned_and_not(data, |hay| {
            for needle in [NEEDLE, 0, first] {
                check(&run, needle, hay, "the user's data")?;
            }
            Ok(())
        })
    }

    fn bench(variant: Checked<Self>, cases: &[Case], source: Source<'_>) -> Box<dyn Bench> {
        crate::bench::bytes(cases, source, fill_lines, move |hay| {
            variant.call(NEEDLE, hay)
        })
    }
}

/// The byte the benches count: the newline.
const NEEDLE: u8 = b'\n';

/// Needles that catch signedness and zero-lane mistakes.
const NEEDLES: [u8; 6] = [0x00, 0x80, 0xFF, 0x7F, b'\n', 0x01];

/// Lengths up to this get every misalignment…
const SWEEP_ALL_OFFSETS: usize = 160;
/// …and up to this, one misalignment each.
const SWEEP_MAX: usize = 1100;

type Run<'a> = &'a dyn Fn(u8, &[u8]) -> usize;

fn check(run: Run<'_>, needle: u8, hay: &[u8], what: &str) -> Result<(), Mismatch> {
    expect_eq(scalar::count(needle, hay), run(needle, hay), || {
        format!(
            "len {}, offset {}, needle {needle:#04x}, {what}",
            hay.len(),
            hay.as_ptr() as usize % 64
        )
    })
}

fn verify_run(run: Run<'_>) -> Result<(), Mismatch> {
    let mut rng = Rng::new(0xC0_0274);
    densities(run, &mut rng)?;
    #[cfg(all(feature = "std", unix))]
    crate::harness::page_edge_haystacks(300, &NEEDLES, &mut rng, |needle, hay, what| {
        check(run, needle, hay, what)
    })?;
    saturation(run)?;
    large_random(run, &mut rng)
}

/// Every small length at every misalignment: no match, every byte a match, one match at each
/// position, and random bytes with matches at random densities.
fn densities(run: Run<'_>, rng: &mut Rng) -> Result<(), Mismatch> {
    let mut buf = AlignedBytes::new(SWEEP_MAX);
    sweep(SWEEP_MAX, SWEEP_ALL_OFFSETS, |offset, len| {
        let needle = NEEDLES[(len + offset) % NEEDLES.len()];
        let hay = buf.slice_mut(offset, len);
        hay.fill(needle ^ 1);
        check(run, needle, hay, "no match")?;
        hay.fill(needle);
        check(run, needle, hay, "every byte")?;
        hay.fill(needle ^ 1);
        // One match at each position (every position for short inputs, a sample of long ones).
        let step = if len <= 300 { 1 } else { 7 };
        for pos in (0..len).step_by(step) {
            hay[pos] = needle;
            check(run, needle, hay, &format!("one at {pos}"))?;
            hay[pos] = needle ^ 1;
        }
        for density in [2, 16, 64] {
            fill_density(rng, hay, needle, density);
            check(run, needle, hay, &format!("1 in {density}"))?;
        }
        Ok(())
    })
}

/// Every byte a match over lengths that run the counters to their flush points and past (a
/// byte counter that overflows shows here).
fn saturation(run: Run<'_>) -> Result<(), Mismatch> {
    let mut buf = AlignedBytes::new(70_000);
    for len in [
        255 * 8,
        255 * 8 + 1,
        63 * 128,
        63 * 128 + 31,
        64 * 128,
        63 * 256,
        63 * 256 + 255,
        64 * 256 + 64,
        65_535,
        65_536,
        69_999,
    ] {
        let hay = buf.slice_mut(len % 64, len);
        hay.fill(0xFF);
        check(run, 0xFF, hay, "every byte")?;
        hay[len / 2] = 0;
        check(run, 0xFF, hay, "every byte but one")?;
    }
    Ok(())
}

/// Seeded random inputs up to 1 MiB at random match densities.
fn large_random(run: Run<'_>, rng: &mut Rng) -> Result<(), Mismatch> {
    const MAX: usize = 1 << 20;
    let mut buf = AlignedBytes::new(MAX);
    for round in 0..16 {
        let len = if round == 0 { MAX } else { rng.below(MAX + 1) };
        let hay = buf.slice_mut(rng.below(64), len);
        let needle = rng.next_u64() as u8;
        let density = 1 + rng.below(300);
        for b in hay.iter_mut() {
            *b = if rng.below(density) == 0 {
                needle
            } else {
                rng.next_u64() as u8
            };
        }
        check(
            run,
            needle,
            hay,
            &format!("random round {round}, 1 in {density}"),
        )?;
    }
    Ok(())
}

/// Printable ASCII with a newline every 40–80 bytes, the density of lines in source and prose.
pub(crate) fn fill_lines(rng: &mut Rng, buf: &mut [u8]) {
    fill_spaced(rng, buf, 40, 80);
}

/// Printable ASCII with a newline every `lo` to `hi` bytes.
pub(crate) fn fill_spaced(rng: &mut Rng, buf: &mut [u8], lo: usize, hi: usize) {
    let mut next = rng.between(lo, hi);
    for (i, b) in buf.iter_mut().enumerate() {
        if i == next {
            *b = NEEDLE;
            next += rng.between(lo, hi);
        } else {
            *b = b' ' + rng.below(95) as u8;
        }
    }
}
