//! `search.memchr` and `search.memrchr`: the index of the first / last occurrence of a byte.
//!
//! Spec: C11 §7.24.5.1 `memchr` (and the GNU `memrchr` extension), restated for slices: the
//! smallest (largest) `i` with `haystack[i] == needle`, or `None`.
//!
//! Variants: `scalar` (byte loop, the reference), `swar` (eight lanes in a `u64`, see
//! [`swar`]), `sse2`, `avx2` and `avx512` (one vector algorithm over the crate's `simd` layer;
//! AVX-512 keeps comparisons in mask registers and reads short inputs with masked loads),
//! `crate:memchr` and `libc`. The vector algorithm follows the structure the `memchr` crate
//! documents (aligned main loop of four vectors, overlapping unaligned head and tail), written
//! here from that description.

#[cfg(feature = "std")]
pub mod external;
pub mod scalar;
pub mod swar;
#[cfg(target_arch = "x86_64")]
pub mod x86_64;

use alloc::boxed::Box;
use alloc::format;

use crate::harness::{aligned_and_not, expect_eq, sweep, AlignedBytes, Rng};
use crate::registry::{Checked, Contract, OpInfo, Role, Unit};
use crate::workload::{Bench, Case, Input, Kernel, Mismatch, Source, BYTE_LADDER};

#[cfg(feature = "std")]
pub(crate) const MEMCHR_CRATE: crate::registry::Origin = crate::registry::Origin::Crate {
    name: "memchr",
    version: "2.8.3",
};

const SPEC: &str = "C11 7.24.5.1 memchr / GNU memrchr, over slices";

crate::declare::ops! {

    /// `search.memchr`.
    pub struct Memchr {
        info: OpInfo {
            name: "search.memchr",
            summary: "index of the first occurrence of a byte",
            contract: Contract::Exact,
            reference: "scalar",
            spec: SPEC,
            unit: Unit::Bytes,
            role: Role::MEMORY,
        },
        signature: fn(needle: u8, haystack: &[u8]) -> Option<usize>,
        prefer: ["avx512", "avx2", "sse2", "swar"],
        variants: [
            "scalar" => scalar::memchr { requires: [], origin: Own, safety: "safe code" },
            "swar" => swar::memchr { requires: [], origin: Own, safety: "safe code" },
            #[cfg(target_arch = "x86_64")]
            "sse2" => x86_64::sse2::memchr {
                requires: [Sse2], origin: Own, safety: "the body needs exactly SSE2",
            },
            #[cfg(target_arch = "x86_64")]
            "avx2" => x86_64::avx2::memchr {
                requires: [Avx2], origin: Own, safety: "the body needs exactly AVX2",
            },
            #[cfg(target_arch = "x86_64")]
            "avx512" => x86_64::avx512::memchr {
                requires: [Avx512f, Avx512bw],
                origin: Own,
                safety: "the body needs exactly AVX-512F and BW",
            },
            #[cfg(feature = "std")]
            "crate:memchr" => external::crate_memchr {
                requires: [], origin: MEMCHR_CRATE, safety: "a safe crate API with its own dispatch",
            },
            #[cfg(all(feature = "std", unix))]
            "libc" => external::libc_memchr {
                requires: [],
                origin: Libc,
                safety: "the C library picks its own implementation for the CPU",
            },
        ],
        /// Runs the variant: the index of the first `needle` in `haystack`.
        call(needle: u8, haystack: &[u8]) -> Option<usize> { run: |f| f(needle, haystack) }
        entries: [
            /// Index of the first occurrence of `needle` in `haystack`.
            ///
            /// Dispatches through the manifest's plan when the build has one
            /// (`ARSENAL_MANIFEST`), else to the best variant this CPU runs, chosen once.
            ///
            /// ```
            /// assert_eq!(arsenal::search::memchr(b'l', b"hello"), Some(2));
            /// ```
            fn memchr | runtime_memchr(needle: u8, haystack: &[u8]) -> Option<usize> {
                size: haystack.len(),
                run: |f| f(needle, haystack),
            }
        ],
    }

    /// `search.memrchr`.
    pub struct Memrchr {
        info: OpInfo {
            name: "search.memrchr",
            summary: "index of the last occurrence of a byte",
            contract: Contract::Exact,
            reference: "scalar",
            spec: SPEC,
            unit: Unit::Bytes,
            role: Role::MEMORY,
        },
        signature: fn(needle: u8, haystack: &[u8]) -> Option<usize>,
        prefer: ["avx512", "avx2", "sse2", "swar"],
        variants: [
            "scalar" => scalar::memrchr { requires: [], origin: Own, safety: "safe code" },
            "swar" => swar::memrchr { requires: [], origin: Own, safety: "safe code" },
            #[cfg(target_arch = "x86_64")]
            "sse2" => x86_64::sse2::memrchr {
                requires: [Sse2], origin: Own, safety: "the body needs exactly SSE2",
            },
            #[cfg(target_arch = "x86_64")]
            "avx2" => x86_64::avx2::memrchr {
                requires: [Avx2], origin: Own, safety: "the body needs exactly AVX2",
            },
            #[cfg(target_arch = "x86_64")]
            "avx512" => x86_64::avx512::memrchr {
                requires: [Avx512f, Avx512bw],
                origin: Own,
                safety: "the body needs exactly AVX-512F and BW",
            },
            #[cfg(feature = "std")]
            "crate:memchr" => external::crate_memrchr {
                requires: [], origin: MEMCHR_CRATE, safety: "a safe crate API with its own dispatch",
            },
            #[cfg(all(feature = "std", target_os = "linux"))]
            "libc" => external::libc_memrchr {
                requires: [],
                origin: Libc,
                safety: "the C library picks its own implementation for the CPU",
            },
        ],
        /// Runs the variant: the index of the last `needle` in `haystack`.
        call(needle: u8, haystack: &[u8]) -> Option<usize> { run: |f| f(needle, haystack) }
        entries: [
            /// Index of the last occurrence of `needle` in `haystack` (dispatch as for
            /// [`memchr()`]).
            ///
            /// ```
            /// assert_eq!(arsenal::search::memrchr(b'l', b"hello"), Some(3));
            /// ```
            fn memrchr | runtime_memrchr(needle: u8, haystack: &[u8]) -> Option<usize> {
                size: haystack.len(),
                run: |f| f(needle, haystack),
            }
        ],
    }
}

/// The signature of every variant of both ops, as the declaration states it.
pub type SearchFn = <Memchr as crate::registry::Op>::Fn;

impl Kernel for Memchr {
    const SIZES: &'static [usize] = BYTE_LADDER;
    const INPUT: Input = Input::Bytes(
        "searches each file and window as it is for the first newline (b'\\n'), wherever it has one",
    );

    fn verify(variant: Checked<Self>) -> Result<(), Mismatch> {
        verify_direction(&|n, h| variant.call(n, h), Direction::Forward)
    }

    fn verify_input(variant: Checked<Self>, data: &[u8]) -> Result<(), Mismatch> {
        verify_data(&|n, h| variant.call(n, h), Direction::Forward, data)
    }

    fn bench(variant: Checked<Self>, cases: &[Case], source: Source<'_>) -> Box<dyn Bench> {
        bench_direction(
            move |h| variant.call(NEEDLE, h),
            cases,
            source,
            Direction::Forward,
        )
    }
}

impl Kernel for Memrchr {
    const SIZES: &'static [usize] = BYTE_LADDER;
    const INPUT: Input = Input::Bytes(
        "searches each file and window as it is for the last newline (b'\\n'), wherever it has one",
    );

    fn verify(variant: Checked<Self>) -> Result<(), Mismatch> {
        verify_direction(&|n, h| variant.call(n, h), Direction::Reverse)
    }

    fn verify_input(variant: Checked<Self>, data: &[u8]) -> Result<(), Mismatch> {
        verify_data(&|n, h| variant.call(n, h), Direction::Reverse, data)
    }

    fn bench(variant: Checked<Self>, cases: &[Case], source: Source<'_>) -> Box<dyn Bench> {
        bench_direction(
            move |h| variant.call(NEEDLE, h),
            cases,
            source,
            Direction::Reverse,
        )
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Direction {
    Forward,
    Reverse,
}

impl Direction {
    fn reference(self, needle: u8, haystack: &[u8]) -> Option<usize> {
        match self {
            Direction::Forward => scalar::find(needle, haystack),
            Direction::Reverse => scalar::rfind(needle, haystack),
        }
    }
}

/// Needles that catch signedness and zero-lane mistakes.
const NEEDLES: [u8; 6] = [0x00, 0x80, 0xFF, 0x7F, b'a', 0x01];

/// Lengths up to this get every needle position at every misalignment…
const SWEEP_ALL_OFFSETS: usize = 130;
/// …and up to this, every position at one misalignment each.
const SWEEP_MAX: usize = 600;

type Run<'a> = &'a dyn Fn(u8, &[u8]) -> Option<usize>;

fn verify_direction(run: Run<'_>, dir: Direction) -> Result<(), Mismatch> {
    let mut rng = Rng::new(0x005E_A2C4);
    positions(run, dir, &mut rng)?;
    all_needles(run, dir)?;
    #[cfg(all(feature = "std", unix))]
    page_edges(run, dir, &mut rng)?;
    large_random(run, dir, &mut rng)
}

fn check(run: Run<'_>, dir: Direction, needle: u8, hay: &[u8], what: &str) -> Result<(), Mismatch> {
    expect_eq(dir.reference(needle, hay), run(needle, hay), || {
        format!(
            "len {}, offset {}, needle {needle:#04x}, {what}",
            hay.len(),
            hay.as_ptr() as usize % 64
        )
    })
}

/// Random bytes none of which is `needle`.
fn fill_without(rng: &mut Rng, buf: &mut [u8], needle: u8) {
    rng.fill(buf);
    for b in buf.iter_mut().filter(|b| **b == needle) {
        *b = needle ^ 1;
    }
}

/// The needle absent, then at every position, alone and with a decoy on the far side.
fn positions(run: Run<'_>, dir: Direction, rng: &mut Rng) -> Result<(), Mismatch> {
    let mut buf = AlignedBytes::new(SWEEP_MAX);
    sweep(SWEEP_MAX, SWEEP_ALL_OFFSETS, |offset, len| {
        let needle = NEEDLES[(len + offset) % NEEDLES.len()];
        let hay = buf.slice_mut(offset, len);
        fill_without(rng, hay, needle);
        check(run, dir, needle, hay, "absent")?;
        for pos in 0..len {
            let saved = hay[pos];
            hay[pos] = needle;
            check(run, dir, needle, hay, &format!("at {pos}"))?;
            let decoy = match dir {
                Direction::Forward if pos + 1 < len => Some(rng.between(pos + 1, len - 1)),
                Direction::Reverse if pos > 0 => Some(rng.below(pos)),
                _ => None,
            };
            if let Some(d) = decoy {
                let kept = hay[d];
                hay[d] = needle;
                check(run, dir, needle, hay, &format!("at {pos} and {d}"))?;
                hay[d] = kept;
            }
            hay[pos] = saved;
        }
        Ok(())
    })
}

/// Every byte equal to the needle.
fn all_needles(run: Run<'_>, dir: Direction) -> Result<(), Mismatch> {
    let mut buf = AlignedBytes::new(SWEEP_MAX);
    for len in 0..=SWEEP_MAX {
        let needle = NEEDLES[len % NEEDLES.len()];
        let hay = buf.slice_mut(len % 64, len);
        hay.fill(needle);
        check(run, dir, needle, hay, "every byte")?;
    }
    Ok(())
}

/// Inputs flush against an inaccessible page on either side: an over-read faults.
#[cfg(all(feature = "std", unix))]
fn page_edges(run: Run<'_>, dir: Direction, rng: &mut Rng) -> Result<(), Mismatch> {
    use crate::harness::Guarded;
    for len in 0..=300 {
        for mut guarded in [Guarded::at_end(len), Guarded::at_start(len)] {
            let needle = NEEDLES[len % NEEDLES.len()];
            let hay = guarded.bytes_mut();
            fill_without(rng, hay, needle);
            check(run, dir, needle, hay, "absent, at a page edge")?;
            if len > 0 {
                hay[len - 1] = needle;
                check(run, dir, needle, hay, "last byte, at a page edge")?;
                hay[len - 1] = needle ^ 1;
                hay[0] = needle;
                check(run, dir, needle, hay, "first byte, at a page edge")?;
            }
        }
    }
    Ok(())
}

/// Seeded random inputs up to 1 MiB with a few needles scattered.
fn large_random(run: Run<'_>, dir: Direction, rng: &mut Rng) -> Result<(), Mismatch> {
    const MAX: usize = 1 << 20;
    let mut buf = AlignedBytes::new(MAX);
    for round in 0..24 {
        let len = if round == 0 { MAX } else { rng.below(MAX + 1) };
        let offset = rng.below(64);
        let needle = rng.next_u64() as u8;
        let hay = buf.slice_mut(offset, len);
        fill_without(rng, hay, needle);
        for _ in 0..rng.below(4) {
            if len > 0 {
                let at = rng.below(len);
                hay[at] = needle;
            }
        }
        check(run, dir, needle, hay, &format!("random round {round}"))?;
    }
    Ok(())
}

/// Needle-free random haystacks with the needle only at the far end, so every call scans it all.
/// The needle the benches search for: on the user's data, the newline (splitting lines is
/// what memchr is most often called for); on generated data it is placed at the far end.
const NEEDLE: u8 = b'\n';

/// A variant on one of the user's files: the needle the benches use, the zero byte, and the
/// file's first and last bytes (found at once forward and backward).
fn verify_data(run: Run<'_>, dir: Direction, data: &[u8]) -> Result<(), Mismatch> {
    let first = data.first().copied().unwrap_or(0);
    let last = data.last().copied().unwrap_or(0);
    aligned_and_not(data, |hay| {
        for needle in [NEEDLE, 0, first, last] {
            check(run, dir, needle, hay, "the user's data")?;
        }
        Ok(())
    })
}

fn bench_direction(
    search: impl FnMut(&[u8]) -> Option<usize> + 'static,
    cases: &[Case],
    source: Source<'_>,
    dir: Direction,
) -> Box<dyn Bench> {
    crate::bench::bytes(
        cases,
        source,
        |rng, buf| {
            fill_without(rng, buf, NEEDLE);
            let at = match dir {
                Direction::Forward => buf.len().checked_sub(1),
                Direction::Reverse => (!buf.is_empty()).then_some(0),
            };
            if let Some(at) = at {
                buf[at] = NEEDLE;
            }
        },
        search,
    )
}
