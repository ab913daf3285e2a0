//! `memory.copy`: copy one byte slice into another of the same length (they cannot overlap).
//!
//! Spec: C11 §7.24.2.1 `memcpy`, restated for slices: afterwards `dst[i] == src[i]` for every
//! `i`, and no byte outside `dst` is written. The variants may assume `dst.len() == src.len()`
//! (their `# Safety` says so); every safe way in — [`Checked::call`], the public entries,
//! runtime dispatch and the build-time wiring — checks it first and panics otherwise, as
//! `copy_from_slice` does.
//!
//! Variants: `std` (`copy_from_slice`, i.e. the C library's `memcpy`; the reference),
//! `rep_movsb` (the string instruction, fast with ERMSB/FSRM), `avx2` (32-byte moves, overlapping
//! unaligned ends, aligned stores), `avx512` (64-byte moves, masked loads and stores for the
//! partial vectors) and `avx512_nt` (as `avx512` but every whole destination line written with a
//! non-temporal store, at every size, so measurement finds the size from which streaming wins).
//! Their structure follows the design glibc documents for `memmove-vec-unaligned-erms` (Intel
//! and AMD optimisation manuals for `rep movsb` and streaming stores), written here from those
//! descriptions; see each variant's module.
//!
//! Measured on a Zen 4 EPYC (KVM, 2 vCPUs, 1 MiB L2, 32 MiB L3, glibc 2.36; default release
//! build; best of interleaved short runs, 2026-11): the vector variants lead below 4 KiB and
//! everything ties from 64 KiB to 4 MiB (store-bound, about half the read ceiling); streaming
//! stores win from about 12 MiB (between 8 MiB, where they lose by 20 %, and 12 MiB) and, with
//! `rep movsb`, hold about 17–20 GB/s at DRAM sizes, where `std` reaches about 9–11 GB/s and the
//! normal-store loops 9–11 GB/s. `rep movsb` is slow to start (16 ns at 256 B against 6–7 ns).

pub mod external;
#[cfg(target_arch = "x86_64")]
pub mod x86_64;

use alloc::boxed::Box;
use alloc::format;
use alloc::string::String;

use crate::harness::{AlignedBytes, Rng};
use crate::registry::{Checked, Contract, OpInfo, Role, Unit};
use crate::workload::{Bench, Case, Input, Kernel, Mismatch, Source};

/// Panics unless the destination and source lengths are equal, with `copy_from_slice`'s
/// message.
#[inline]
#[track_caller]
pub fn assert_same_len(dst: usize, src: usize) {
    #[cold]
    #[inline(never)]
    #[track_caller]
    fn fail(dst: usize, src: usize) -> ! {
        panic!("source slice length ({src}) does not match destination slice length ({dst})")
    }
    if dst != src {
        fail(dst, src)
    }
}

/// From L1 to DRAM (Zen 4: 32 KiB L1d, 1 MiB L2, 32 MiB L3).
pub const SIZES: &[usize] = &[
    16,
    256,
    4 << 10,
    64 << 10,
    1 << 20,
    16 << 20,
    64 << 20,
    256 << 20,
];

/// The tuner's ladder: the read ceiling's ladder, every factor of four from 16 B to 64 MiB, so
/// each copy figure has a ceiling at exactly its size. The criterion sizes ([`SIZES`]) step by
/// 16, too coarse for a manifest: the choice changes between them (non-temporal stores start to
/// win between 4 and 16 MiB), and a band boundary at the geometric mean of two sizes sixteen
/// times apart can be off by a factor of four. 256 MiB is left to the bench (see
/// [`crate::ceiling::read::LADDER`]).
pub const LADDER: &[usize] = crate::ceiling::read::LADDER;

crate::declare::ops! {

    /// `memory.copy`.
    pub struct Memcpy {
        info: OpInfo {
            name: "memory.copy",
            summary: "copy a byte slice into another of the same length",
            contract: Contract::Exact,
            reference: "std",
            spec: "C11 7.24.2.1 memcpy, over slices of equal length",
            unit: Unit::Bytes,
            role: Role::MEMORY,
        },
        // `(dst, src)`, equal lengths: `call` and every entry check them first.
        signature: fn(dst: &mut [u8], src: &[u8]),
        // No variant wins at every size (see the module docs), and runtime dispatch cannot split
        // by size: the C library's copy is never far behind except at DRAM sizes. A manifest
        // picks per size band.
        prefer: ["std"],
        variants: [
            "std" => external::std_copy {
                requires: [], origin: Std, safety: "safe code (core's `copy_from_slice`)",
            },
            #[cfg(target_arch = "x86_64")]
            "rep_movsb" => x86_64::rep_movsb::copy {
                requires: [],
                origin: Own,
                safety: "`rep movsb` exists on every x86_64 CPU; ERMSB/FSRM only make it faster",
            },
            #[cfg(target_arch = "x86_64")]
            "avx2" => x86_64::avx2::copy {
                requires: [Avx2],
                origin: Own,
                safety: "the body needs exactly AVX2 (and SSE2, which it implies)",
            },
            #[cfg(target_arch = "x86_64")]
            "avx512" => x86_64::avx512::copy {
                requires: [Avx512f, Avx512bw],
                origin: Own,
                safety: "the body needs exactly AVX-512F and BW",
            },
            #[cfg(target_arch = "x86_64")]
            "avx512_nt" => x86_64::avx512_nt::copy {
                requires: [Avx512f, Avx512bw],
                origin: Own,
                safety: "the body needs exactly AVX-512F and BW (and SSE for `sfence`, implied)",
            },
        ],
        /// Runs the variant: copies `src` into `dst`.
        ///
        /// # Panics
        ///
        /// If `dst.len() != src.len()`.
        call(dst: &mut [u8], src: &[u8]) {
            check: assert_same_len(dst.len(), src.len()),
            run: |f| f(dst, src),
        }
        entries: [
            /// Copies `src` into `dst` (like `dst.copy_from_slice(src)`).
            ///
            /// Dispatches through the manifest's plan when the build has one
            /// (`ARSENAL_MANIFEST`), else to the best variant this CPU runs, chosen once.
            ///
            /// # Panics
            ///
            /// If the two slices have different lengths.
            ///
            /// ```
            /// let mut dst = [0u8; 5];
            /// arsenal::memory::copy(&mut dst, b"hello");
            /// assert_eq!(&dst, b"hello");
            /// ```
            fn copy | runtime_copy(dst: &mut [u8], src: &[u8]) {
                check: assert_same_len(dst.len(), src.len()),
                size: dst.len(),
                run: |f| f(dst, src),
            }
        ],
    }
}

/// The signature of every variant, as the declaration states it.
pub type CopyFn = <Memcpy as crate::registry::Op>::Fn;

impl Kernel for Memcpy {
    const SIZES: &'static [usize] = LADDER;
    const INPUT: Input = Input::Bytes("copies each file and window as it is");

    fn verify(variant: Checked<Self>) -> Result<(), Mismatch> {
        let run = |d: &mut [u8], s: &[u8]| variant.call(d, s);
        let mut t = Tester::new(&run, LARGE);
        let mut rng = Rng::new(0xC0_9E00);
        small(&mut t, &mut rng)?;
        edges(&mut t, &mut rng)?;
        #[cfg(all(feature = "std", unix))]
        page_edges(&run, &mut rng)?;
        large_random(&mut t, &mut rng)
    }

    fn verify_input(variant: Checked<Self>, data: &[u8]) -> Result<(), Mismatch> {
        let run = |d: &mut [u8], s: &[u8]| variant.call(d, s);
        let mut t = Tester::new(&run, data.len());
        for (so, dst_offset) in [(0, 0), (37, 5)] {
            t.src.slice_mut(so, data.len()).copy_from_slice(data);
            t.check_copy(data.len(), so, dst_offset)?;
        }
        Ok(())
    }

    /// The source and the destination.
    fn footprint(size: usize) -> usize {
        2 * size
    }

    fn bench(variant: Checked<Self>, cases: &[Case], source: Source<'_>) -> Box<dyn Bench> {
        crate::bench::copies(cases, source, move |d, s| variant.call(d, s))
    }
}

type Run<'a> = &'a dyn Fn(&mut [u8], &[u8]);

/// Bytes of canary on each side of the destination.
const CANARY: usize = 64;

/// The canary byte at position `i` of the destination buffer: varied, so a shifted write shows.
fn canary(i: usize) -> u8 {
    (i.wrapping_mul(0x9E) ^ 0x5A) as u8
}

/// Source and destination buffers; the destination sits inside a canary zone.
struct Tester<'a> {
    run: Run<'a>,
    src: AlignedBytes,
    dst: AlignedBytes,
}

impl<'a> Tester<'a> {
    /// Buffers for copies of up to `max` bytes.
    fn new(run: Run<'a>, max: usize) -> Tester<'a> {
        Tester {
            run,
            src: AlignedBytes::new(max),
            dst: AlignedBytes::new(max + 2 * CANARY),
        }
    }

    /// Copies `len` random bytes from source offset `so` to destination offset `dst_offset`
    /// (both `< 64`) and checks the copy and the canaries on both sides.
    fn check(
        &mut self,
        rng: &mut Rng,
        len: usize,
        so: usize,
        dst_offset: usize,
    ) -> Result<(), Mismatch> {
        rng.fill(self.src.slice_mut(so, len));
        self.check_copy(len, so, dst_offset)
    }

    /// Copies the `len` bytes the source holds at offset `so` to destination offset
    /// `dst_offset` (both `< 64`) and checks the copy and the canaries on both sides.
    fn check_copy(&mut self, len: usize, so: usize, dst_offset: usize) -> Result<(), Mismatch> {
        let src = self.src.slice(so, len);
        let zone = self.dst.slice_at_mut(0, dst_offset + len + 2 * CANARY);
        for (i, b) in zone.iter_mut().enumerate() {
            *b = canary(i);
        }
        let start = CANARY + dst_offset;
        (self.run)(&mut zone[start..start + len], src);
        let case = || format!("len {len}, src offset {so}, dst offset {dst_offset}");
        compare(src, &zone[start..start + len], case)?;
        let outside = zone[..start].iter().enumerate();
        let after = zone[start + len..].iter().enumerate();
        let spoilt = outside
            .map(|(i, &b)| (i, b))
            .chain(after.map(|(i, &b)| (start + len + i, b)))
            .find(|&(i, b)| b != canary(i));
        match spoilt {
            None => Ok(()),
            Some((i, b)) => Err(Mismatch {
                case: format!(
                    "{}: byte {} relative to dst",
                    case(),
                    i as isize - start as isize
                ),
                expected: format!("{:#04x} (untouched)", canary(i)),
                got: format!("{b:#04x}"),
            }),
        }
    }
}

/// `Ok` when `dst == src`, else the first differing byte.
fn compare(src: &[u8], dst: &[u8], case: impl FnOnce() -> String) -> Result<(), Mismatch> {
    match src.iter().zip(dst).position(|(a, b)| a != b) {
        None => Ok(()),
        Some(i) => Err(Mismatch {
            case: format!("{}: byte {i}", case()),
            expected: format!("{:#04x}", src[i]),
            got: format!("{:#04x}", dst[i]),
        }),
    }
}

/// Every length up to 600, each with every source misalignment (against two destination
/// misalignments each) and every destination misalignment.
fn small(t: &mut Tester<'_>, rng: &mut Rng) -> Result<(), Mismatch> {
    for len in 0..=600 {
        for o in 0..64 {
            t.check(rng, len, o, (o * 7 + len) % 64)?;
            t.check(rng, len, o, (o * 13 + 3 * len + 1) % 64)?;
            t.check(rng, len, (o * 5 + 11 * len) % 64, o)?;
        }
    }
    Ok(())
}

/// Lengths around the multiples of 64 up to 4 KiB and around 4 KiB multiples up to 64 KiB, at
/// a rotating set of misalignment pairs.
fn edges(t: &mut Tester<'_>, rng: &mut Rng) -> Result<(), Mismatch> {
    let lines = (10..=64).flat_map(|k| [k * 64 - 1, k * 64, k * 64 + 1]);
    let pages = [1, 2, 3, 4, 8, 16]
        .into_iter()
        .flat_map(|k| [0, 1, 63, 64, 65, 255, 256, 257].map(|d| [k * 4096 - d, k * 4096 + d]))
        .flatten();
    for (round, len) in lines.chain(pages).enumerate() {
        for pair in 0..8 {
            let so = (round * 17 + pair * 9) % 64;
            let dst_offset = (round * 5 + pair * 23 + 1) % 64;
            t.check(rng, len, so, dst_offset)?;
        }
    }
    Ok(())
}

/// Sources flush against an inaccessible page on either side (an over-read faults), and
/// destinations likewise (an over-write faults).
#[cfg(all(feature = "std", unix))]
fn page_edges(run: Run<'_>, rng: &mut Rng) -> Result<(), Mismatch> {
    use crate::harness::Guarded;
    for len in (0..=300).chain([511, 512, 513, 4095, 4096, 4097, 8191]) {
        let what = |side: &'static str| move || format!("len {len}, {side} at a page edge");
        for mut src in [Guarded::at_end(len), Guarded::at_start(len)] {
            rng.fill(src.bytes_mut());
            let mut dst = AlignedBytes::new(len);
            let dst = dst.slice_mut(len % 64, len);
            run(dst, src.bytes());
            compare(src.bytes(), dst, what("src"))?;
        }
        for mut dst in [Guarded::at_end(len), Guarded::at_start(len)] {
            let src = rng.bytes(len);
            run(dst.bytes_mut(), &src);
            compare(&src, dst.bytes(), what("dst"))?;
        }
    }
    Ok(())
}

/// Seeded random lengths up to 1 MiB and one past 4 MiB, random misalignments.
fn large_random(t: &mut Tester<'_>, rng: &mut Rng) -> Result<(), Mismatch> {
    for round in 0..12 {
        let len = match round {
            0 => LARGE,
            1 => (1 << 20) + 4097,
            _ => rng.below((1 << 20) + 1),
        };
        let (so, dst_offset) = (rng.below(64), rng.below(64));
        t.check(rng, len, so, dst_offset)?;
    }
    Ok(())
}

/// The largest copy verified: past the 1 MiB L2, and past a few non-temporal blocks' worth.
const LARGE: usize = (4 << 20) + 37;
