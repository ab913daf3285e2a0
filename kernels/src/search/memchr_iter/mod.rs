//! `search.memchr_iter` and `search.memrchr_iter`: every occurrence of a byte, in order (last
//! first), as an iterator that resumes its vector loop between matches.
//!
//! A variant is a block scanner: from a position, the first 64-byte block that holds a match,
//! and the bit masks of the matches of that block and up to [`SPAN`] − 1 blocks after it (512
//! bytes in all). [`Matches`] keeps the pending masks and hands out one match per bit (lowest
//! first) before it asks the scanner for more, so the matches of a span cost a bit scan each,
//! not a new call that restarts a loop, and a stretch without matches is one call. The variant
//! is chosen once, when the iterator is made (by the manifest's band for the haystack's length,
//! or runtime dispatch), not per match.
//!
//! `search.memrchr_iter` is the same backwards: [`RMatches`] takes the highest pending bit
//! first, and its scanner walks down from the end (the partial block at the haystack's start is
//! the first 64 bytes' mask shifted up).
//!
//! Spec: the increasing (decreasing) sequence of `i` with `haystack[i] == needle` (what
//! `memchr::memchr_iter(needle, haystack)` and `memrchr_iter` yield).
//!
//! Variants: `scalar` (the reference: each block's mask built bytewise), `avx2` (two 32-byte
//! compares and `vpmovmskb` per block; the last partial block is the haystack's last 64 bytes
//! with the mask shifted to the block's start) and `avx512` (one compare into a mask register;
//! the last partial block a masked load). Turning 64 bytes into a bit mask and the mask into
//! positions with trailing-zero counts is the index-extraction step of Langdale & Lemire,
//! "Parsing Gigabytes of JSON per Second" (VLDB Journal 28, 2019), written here from the paper.
//!
//! The size is the haystack's length in bytes; the density of matches is not a size. The
//! tuner's workload iterates, with `next` as a `for` loop does, over three haystacks of the
//! size: text with a newline every 40–80 bytes (lines of source and prose), one every 3–5 KiB,
//! and none; a call's units are the bytes of all three. So a size band's choice is the
//! fastest over that mix of densities, not per density (on the user's files, three windows,
//! at the density they have). Every density, all-matches and no-match included, is verified.

pub mod scalar;
#[cfg(target_arch = "x86_64")]
pub mod x86_64;

use alloc::boxed::Box;
use alloc::format;
use alloc::vec::Vec;
use core::fmt;

use crate::harness::{aligned_and_not, expect_eq, fill_density, sweep, AlignedBytes, Rng};
use crate::registry::{Checked, Contract, OpInfo, Role, Unit};
use crate::workload::{Bench, Case, Input, Kernel, Mismatch, Source, BYTE_LADDER};

/// Bytes of one block: one bit of the mask each.
pub const BLOCK: usize = 64;

/// Blocks a scanner call returns the masks of, at most.
pub const SPAN: usize = 8;

crate::declare::ops! {
    /// `search.memchr_iter`.
    pub struct MemchrIter {
        info: OpInfo {
            name: "search.memchr_iter",
            summary: "every occurrence of a byte, in order, as an iterator",
            contract: Contract::Exact,
            reference: "scalar",
            spec: "the increasing i with haystack[i] == needle",
            unit: Unit::Bytes,
            role: Role::MEMORY,
        },
        // From `from` on, the first 64-byte block holding a match: its start, and how many
        // masks (that block's and the next ones', up to SPAN, not past the haystack) were
        // written; bit i of masks[k] is set where byte start + 64k + i is a match.
        signature: fn(needle: u8, haystack: &[u8], from: usize, masks: &mut [u64; SPAN])
            -> Option<(usize, usize)>,
        prefer: ["avx512", "avx2", "scalar"],
        variants: [
            "scalar" => scalar::next_blocks { requires: [], origin: Own, safety: "safe code" },
            #[cfg(target_arch = "x86_64")]
            "avx2" => x86_64::avx2::next_blocks {
                requires: [Avx2], origin: Own, safety: "the body needs exactly AVX2",
            },
            #[cfg(target_arch = "x86_64")]
            "avx512" => x86_64::avx512::next_blocks {
                requires: [Avx512f, Avx512bw],
                origin: Own,
                safety: "the body needs exactly AVX-512F and BW",
            },
        ],
        /// Runs the variant's scanner: the first block at or after `from` holding a match, and
        /// the masks of its matches and the next blocks'.
        call(needle: u8, haystack: &[u8], from: usize, masks: &mut [u64; SPAN])
            -> Option<(usize, usize)>
        {
            run: |f| f(needle, haystack, from, masks),
        }
        entries: [
            /// Every index of `needle` in `haystack`, in increasing order. The iterator scans a
            /// 64-byte block at a time and hands out the block's matches one by one before it
            /// scans on; the variant is chosen once, here.
            ///
            /// Dispatches through the manifest's plan for `haystack.len()` when the build has
            /// one (`ARSENAL_MANIFEST`), else to the best variant this CPU runs, chosen once.
            ///
            /// ```
            /// let text = b"one\ntwo\nthree\n";
            /// let ends: Vec<usize> = arsenal::search::memchr_iter(b'\n', text).collect();
            /// assert_eq!(ends, [3, 7, 13]);
            /// ```
            fn memchr_iter | runtime_memchr_iter(needle: u8, haystack: &[u8]) -> Matches<'_> {
                size: haystack.len(),
                run: |f| Matches::new(f, needle, haystack),
            }
        ],
    }

    /// `search.memrchr_iter`.
    pub struct MemrchrIter {
        info: OpInfo {
            name: "search.memrchr_iter",
            summary: "every occurrence of a byte, last first, as an iterator",
            contract: Contract::Exact,
            reference: "scalar",
            spec: "the decreasing i with haystack[i] == needle",
            unit: Unit::Bytes,
            role: Role::MEMORY,
        },
        // Backwards from `to`, the first block (the 64 bytes before its end, fewer at the start)
        // holding a match: its end, and how many masks (that block's and the ones before it, up
        // to SPAN) were written; bit i of masks[k] is byte end - 64k - 64 + i.
        signature: fn(needle: u8, haystack: &[u8], to: usize, masks: &mut [u64; SPAN])
            -> Option<(usize, usize)>,
        prefer: ["avx512", "avx2", "scalar"],
        variants: [
            "scalar" => scalar::prev_blocks { requires: [], origin: Own, safety: "safe code" },
            #[cfg(target_arch = "x86_64")]
            "avx2" => x86_64::avx2::prev_blocks {
                requires: [Avx2], origin: Own, safety: "the body needs exactly AVX2",
            },
            #[cfg(target_arch = "x86_64")]
            "avx512" => x86_64::avx512::prev_blocks {
                requires: [Avx512f, Avx512bw],
                origin: Own,
                safety: "the body needs exactly AVX-512F and BW",
            },
        ],
        /// Runs the variant's scanner: backwards from `to`, the first block holding a match,
        /// and the masks of its matches and the previous blocks'.
        call(needle: u8, haystack: &[u8], to: usize, masks: &mut [u64; SPAN])
            -> Option<(usize, usize)>
        {
            run: |f| f(needle, haystack, to, masks),
        }
        entries: [
            /// Every index of `needle` in `haystack`, in decreasing order (as
            /// [`memchr_iter`](crate::search::memchr_iter()), from the end).
            ///
            /// ```
            /// let text = b"one\ntwo\nthree\n";
            /// let ends: Vec<usize> = arsenal::search::memrchr_iter(b'\n', text).collect();
            /// assert_eq!(ends, [13, 7, 3]);
            /// ```
            fn memrchr_iter | runtime_memrchr_iter(needle: u8, haystack: &[u8]) -> RMatches<'_> {
                size: haystack.len(),
                run: |f| RMatches::new(f, needle, haystack),
            }
        ],
    }
}

/// The signature of every variant: a block scanner.
pub type NextBlocksFn = <MemchrIter as crate::registry::Op>::Fn;

/// The signature of every variant of `search.memrchr_iter`: a backward block scanner.
pub type PrevBlocksFn = <MemrchrIter as crate::registry::Op>::Fn;

/// The indices of a byte in a haystack, in increasing order ([`memchr_iter`](entries::memchr_iter)).
#[derive(Clone)]
pub struct Matches<'a> {
    next_blocks: NextBlocksFn,
    needle: u8,
    haystack: &'a [u8],
    /// Start of the block whose matches are `pending.current`; the masks after it are those
    /// of the blocks after it.
    block: usize,
    pending: Pending,
}

impl<'a> Matches<'a> {
    /// The matches of `needle` in `haystack`, found by the scanner `next_blocks`.
    ///
    /// # Safety
    ///
    /// The host may run `next_blocks` (it has the variant's CPU features).
    #[inline]
    pub(crate) unsafe fn new(next_blocks: NextBlocksFn, needle: u8, haystack: &'a [u8]) -> Self {
        Matches {
            next_blocks,
            needle,
            haystack,
            // The scan starts one block after `block`.
            block: 0usize.wrapping_sub(BLOCK),
            pending: Pending::EMPTY,
        }
    }

    /// The matches found by a variant the caller picked by name.
    pub fn with(variant: Checked<MemchrIter>, needle: u8, haystack: &'a [u8]) -> Self {
        // SAFETY: `Checked` proves the host has the variant's features.
        unsafe { Matches::new(variant.f, needle, haystack) }
    }

    /// Scans on from the block after the last one whose mask is known: `false` at the end of
    /// the haystack. Out of line: a call covers up to [`SPAN`] blocks.
    #[cold]
    fn scan(&mut self) -> bool {
        let from = self.block.wrapping_add(BLOCK);
        if from >= self.haystack.len() {
            return false;
        }
        let masks = &mut self.pending.masks;
        // SAFETY: `new`'s caller promised the host may run `next_blocks`.
        let found = unsafe { (self.next_blocks)(self.needle, self.haystack, from, masks) };
        self.block = found.map_or(self.haystack.len(), |(block, _)| block);
        self.pending.loaded(found.map_or(0, |(_, filled)| filled))
    }

    /// The start of the block after the last one whose mask is known: where a scan goes on.
    fn unscanned(&self) -> usize {
        self.block.wrapping_add(BLOCK * (1 + self.pending.later()))
    }
}

impl Iterator for Matches<'_> {
    type Item = usize;

    #[inline]
    fn next(&mut self) -> Option<usize> {
        while self.pending.current == 0 {
            if self.pending.advance() {
                // The next block's mask, from the last scan.
                self.block = self.block.wrapping_add(BLOCK);
            } else if !self.scan() {
                return None;
            }
        }
        let current = &mut self.pending.current;
        let at = self.block + current.trailing_zeros() as usize;
        *current &= *current - 1;
        Some(at)
    }

    /// The matches left, counted: the pending masks' bits, then the bytes not yet scanned by
    /// `search.count_byte` ([`count_byte`](crate::search::count_byte()), which counts without
    /// locating), as the `memchr` crate's iterator counts.
    fn count(self) -> usize {
        let from = self.unscanned();
        let rest = self.haystack.get(from..).unwrap_or_default();
        self.pending.count() + crate::search::count_byte(self.needle, rest)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let pending = self.pending.count();
        let rest = self.haystack.len().saturating_sub(self.unscanned());
        (pending, Some(pending + rest))
    }
}

/// The masks of the last scan not yet handed out, as both iterators keep them.
#[derive(Clone)]
struct Pending {
    /// The matches of the current block not yet handed out, one bit each.
    current: u64,
    /// The masks of the blocks after it (in the iterator's direction) the last scan returned…
    masks: [u64; SPAN],
    /// …of which those from `next` to `filled` are still to come.
    next: usize,
    filled: usize,
}

impl Pending {
    const EMPTY: Pending = Pending {
        current: 0,
        masks: [0; SPAN],
        next: 0,
        filled: 0,
    };

    /// After a scan that wrote `filled` masks (none: it found no match): the first is current.
    /// Whether there was one.
    fn loaded(&mut self, filled: usize) -> bool {
        self.current = if filled > 0 { self.masks[0] } else { 0 };
        self.next = filled.min(1);
        self.filled = filled;
        filled > 0
    }

    /// Makes the next mask current; `false` when the last scan returned no more.
    #[inline]
    fn advance(&mut self) -> bool {
        if self.next < self.filled {
            self.current = self.masks[self.next];
            self.next += 1;
            return true;
        }
        false
    }

    /// The masks still to come after the current one.
    fn later(&self) -> usize {
        self.filled - self.next.min(self.filled)
    }

    /// The matches found and not yet handed out.
    fn count(&self) -> usize {
        let later = &self.masks[self.filled - self.later()..self.filled];
        self.current.count_ones() as usize
            + later.iter().map(|m| m.count_ones() as usize).sum::<usize>()
    }
}

impl core::iter::FusedIterator for Matches<'_> {}

impl fmt::Debug for Matches<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Matches")
            .field("needle", &self.needle)
            .field("len", &self.haystack.len())
            .field("block", &self.block)
            .field("pending", &self.size_hint().0)
            .finish()
    }
}

/// The indices of a byte in a haystack, in decreasing order
/// ([`memrchr_iter`](entries::memrchr_iter)).
#[derive(Clone)]
pub struct RMatches<'a> {
    prev_blocks: PrevBlocksFn,
    needle: u8,
    haystack: &'a [u8],
    /// End of the block whose matches are `pending.current` (bit `i` is byte `end - 64 + i`);
    /// the masks after it are those of the blocks before it.
    end: usize,
    pending: Pending,
}

impl<'a> RMatches<'a> {
    /// The matches of `needle` in `haystack`, last first, found by the scanner `prev_blocks`.
    ///
    /// # Safety
    ///
    /// The host may run `prev_blocks` (it has the variant's CPU features).
    #[inline]
    pub(crate) unsafe fn new(prev_blocks: PrevBlocksFn, needle: u8, haystack: &'a [u8]) -> Self {
        RMatches {
            prev_blocks,
            needle,
            haystack,
            // The scan starts one block before `end`.
            end: haystack.len().saturating_add(BLOCK),
            pending: Pending::EMPTY,
        }
    }

    /// The matches found by a variant the caller picked by name.
    pub fn with(variant: Checked<MemrchrIter>, needle: u8, haystack: &'a [u8]) -> Self {
        // SAFETY: `Checked` proves the host has the variant's features.
        unsafe { RMatches::new(variant.f, needle, haystack) }
    }

    /// Scans on down from the block before the lowest one whose mask is known: `false` at the
    /// start of the haystack. Out of line: a call covers up to [`SPAN`] blocks.
    #[cold]
    fn scan(&mut self) -> bool {
        let to = self.end.saturating_sub(BLOCK);
        if to == 0 {
            return false;
        }
        let masks = &mut self.pending.masks;
        // SAFETY: `new`'s caller promised the host may run `prev_blocks`.
        let found = unsafe { (self.prev_blocks)(self.needle, self.haystack, to, masks) };
        self.end = found.map_or(0, |(end, _)| end);
        self.pending.loaded(found.map_or(0, |(_, filled)| filled))
    }

    /// The end of the lowest block whose mask is known, once the pending masks are handed out.
    fn lowest_end(&self) -> usize {
        self.end.saturating_sub(BLOCK * self.pending.later())
    }
}

impl Iterator for RMatches<'_> {
    type Item = usize;

    #[inline]
    fn next(&mut self) -> Option<usize> {
        while self.pending.current == 0 {
            if self.pending.advance() {
                // The previous block's mask, from the last scan.
                self.end -= BLOCK;
            } else if !self.scan() {
                return None;
            }
        }
        let current = &mut self.pending.current;
        let top = 63 - current.leading_zeros() as usize;
        *current ^= 1 << top;
        Some(self.end + top - BLOCK)
    }

    /// The matches left, counted: the pending masks' bits, then the bytes not yet scanned by
    /// `search.count_byte`, as [`Matches`] counts.
    fn count(self) -> usize {
        let to = self
            .lowest_end()
            .saturating_sub(BLOCK)
            .min(self.haystack.len());
        self.pending.count() + crate::search::count_byte(self.needle, &self.haystack[..to])
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let pending = self.pending.count();
        let unscanned = self
            .lowest_end()
            .min(self.haystack.len() + BLOCK)
            .saturating_sub(BLOCK);
        (pending, Some(pending + unscanned))
    }
}

impl core::iter::FusedIterator for RMatches<'_> {}

impl fmt::Debug for RMatches<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RMatches")
            .field("needle", &self.needle)
            .field("len", &self.haystack.len())
            .field("end", &self.end)
            .field("pending", &self.size_hint().0)
            .finish()
    }
}

impl Kernel for MemchrIter {
    const SIZES: &'static [usize] = BYTE_LADDER;
    const INPUT: Input =
        Input::Bytes("iterates over the newlines (b'\\n') of each file and window");

    /// A call iterates over three haystacks of the size, one per match density.
    fn units(size: usize) -> u64 {
        units(size)
    }

    fn footprint(size: usize) -> usize {
        DENSITIES.len() * size
    }

    fn verify(variant: Checked<Self>) -> Result<(), Mismatch> {
        verify_run(&|n, h| Outcome::of(|| Matches::with(variant, n, h), false))
    }

    fn verify_input(variant: Checked<Self>, data: &[u8]) -> Result<(), Mismatch> {
        let run = |n: u8, h: &[u8]| Outcome::of(|| Matches::with(variant, n, h), false);
        let first = data.first().copied().unwrap_or(0);
        aligned_and_not(data, |hay| {
            for needle in [NEEDLE, 0, first] {
                check(&run, needle, hay, "the user's data")?;
            }
            Ok(())
        })
    }

    fn bench(variant: Checked<Self>, cases: &[Case], source: Source<'_>) -> Box<dyn Bench> {
        crate::bench::byte_kinds(cases, source, &DENSITIES, move |hay| {
            visit(Matches::with(variant, NEEDLE, hay))
        })
    }
}

impl Kernel for MemrchrIter {
    const SIZES: &'static [usize] = BYTE_LADDER;
    const INPUT: Input =
        Input::Bytes("iterates over the newlines (b'\\n') of each file and window, last first");

    /// A call iterates over three haystacks of the size, one per match density.
    fn units(size: usize) -> u64 {
        units(size)
    }

    fn footprint(size: usize) -> usize {
        DENSITIES.len() * size
    }

    fn verify(variant: Checked<Self>) -> Result<(), Mismatch> {
        verify_run(&|n, h| Outcome::of(|| RMatches::with(variant, n, h), true))
    }

    fn verify_input(variant: Checked<Self>, data: &[u8]) -> Result<(), Mismatch> {
        let run = |n: u8, h: &[u8]| Outcome::of(|| RMatches::with(variant, n, h), true);
        let last = data.last().copied().unwrap_or(0);
        aligned_and_not(data, |hay| {
            for needle in [NEEDLE, 0, last] {
                check(&run, needle, hay, "the user's data")?;
            }
            Ok(())
        })
    }

    fn bench(variant: Checked<Self>, cases: &[Case], source: Source<'_>) -> Box<dyn Bench> {
        crate::bench::byte_kinds(cases, source, &DENSITIES, move |hay| {
            visit(RMatches::with(variant, NEEDLE, hay))
        })
    }
}

/// The byte the benches look for: the newline.
const NEEDLE: u8 = b'\n';

/// Needles that catch signedness and zero-lane mistakes.
const NEEDLES: [u8; 6] = [0x00, 0x80, 0xFF, 0x7F, b'\n', 0x01];

/// Lengths up to this get every misalignment…
const SWEEP_ALL_OFFSETS: usize = 140;
/// …and up to this, one misalignment each.
const SWEEP_MAX: usize = 700;

/// The match densities each bench call iterates over, one haystack each: a newline every 40–80
/// bytes (lines of source and prose), one every 3–5 KiB, none.
const DENSITIES: [fn(&mut Rng, &mut [u8]); 3] =
    [super::count_byte::fill_lines, fill_sparse, fill_none];

/// Units of a call at `size`: the bytes of its [`DENSITIES`] haystacks.
fn units(size: usize) -> u64 {
    (DENSITIES.len() * size) as u64
}

/// Printable ASCII with a newline every 3–5 KiB.
fn fill_sparse(rng: &mut Rng, buf: &mut [u8]) {
    super::count_byte::fill_spaced(rng, buf, 3 << 10, 5 << 10);
}

/// Printable ASCII, no newline.
fn fill_none(rng: &mut Rng, buf: &mut [u8]) {
    for b in buf.iter_mut() {
        *b = b' ' + rng.below(95) as u8;
    }
}

/// What the benches time: every match handed out by `next`, as a `for` loop over the matches
/// does (not `count`, which counts masks without visiting the matches).
fn visit(matches: impl Iterator<Item = usize>) -> usize {
    let mut sum = 0usize;
    for at in matches {
        sum = sum.wrapping_add(at);
    }
    sum
}

/// What an iterator gives on one input: every match (in increasing order), their count, and
/// the count after a third of them were handed out (the pending masks counted, then a scan).
struct Outcome {
    all: Vec<usize>,
    count: usize,
    count_after_a_third: usize,
}

impl Outcome {
    /// The outcome of the iterators `make` returns; `reversed` when they go last first.
    fn of<I: Iterator<Item = usize>>(make: impl Fn() -> I, reversed: bool) -> Outcome {
        let mut all: Vec<usize> = make().collect();
        let third = all.len() / 3;
        let mut rest = make();
        rest.by_ref().take(third).for_each(drop);
        let count_after_a_third = third + rest.count();
        if reversed {
            all.reverse();
        }
        Outcome {
            count: make().count(),
            count_after_a_third,
            all,
        }
    }

    /// The reference: every index, in order, and their number twice.
    fn reference(needle: u8, hay: &[u8]) -> Outcome {
        let all: Vec<usize> = (0..hay.len()).filter(|&i| hay[i] == needle).collect();
        Outcome {
            count: all.len(),
            count_after_a_third: all.len(),
            all,
        }
    }
}

type Run<'a> = &'a dyn Fn(u8, &[u8]) -> Outcome;

fn check(run: Run<'_>, needle: u8, hay: &[u8], what: &str) -> Result<(), Mismatch> {
    let (want, got) = (Outcome::reference(needle, hay), run(needle, hay));
    let case = |part: &str| {
        format!(
            "len {}, offset {}, needle {needle:#04x}, {what}, {part}",
            hay.len(),
            hay.as_ptr() as usize % 64
        )
    };
    expect_eq(want.all, got.all, || case("the matches"))?;
    expect_eq(want.count, got.count, || case("count()"))?;
    expect_eq(want.count_after_a_third, got.count_after_a_third, || {
        case("a third handed out, then count()")
    })
}

fn verify_run(run: Run<'_>) -> Result<(), Mismatch> {
    let mut rng = Rng::new(0x17E2_0001);
    densities(run, &mut rng)?;
    #[cfg(all(feature = "std", unix))]
    crate::harness::page_edge_haystacks(300, &NEEDLES, &mut rng, |needle, hay, what| {
        check(run, needle, hay, what)
    })?;
    large_random(run, &mut rng)
}

/// Every small length at every misalignment: no match, every byte a match, one or two matches
/// at each position, and random densities.
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
        let step = if len <= 200 { 1 } else { 5 };
        for pos in (0..len).step_by(step) {
            hay[pos] = needle;
            check(run, needle, hay, &format!("one at {pos}"))?;
            let other = rng.below(len);
            hay[other] = needle;
            check(run, needle, hay, &format!("at {pos} and {other}"))?;
            hay[pos] = needle ^ 1;
            hay[other] = needle ^ 1;
        }
        for density in [2, 40, 4096] {
            fill_density(rng, hay, needle, density);
            check(run, needle, hay, &format!("1 in {density}"))?;
        }
        Ok(())
    })
}

/// Seeded random inputs up to 1 MiB at densities from every byte to one per 64 KiB.
fn large_random(run: Run<'_>, rng: &mut Rng) -> Result<(), Mismatch> {
    const MAX: usize = 1 << 20;
    let mut buf = AlignedBytes::new(MAX);
    for round in 0..12 {
        let len = if round == 0 { MAX } else { rng.below(MAX + 1) };
        let hay = buf.slice_mut(rng.below(64), len);
        let needle = rng.next_u64() as u8;
        let density = 1 << rng.below(17);
        fill_density(rng, hay, needle, density);
        check(
            run,
            needle,
            hay,
            &format!("random round {round}, 1 in {density}"),
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_iterator_is_fused_and_its_size_hint_holds() {
        let hay = b"a\nb\n\n";
        let mut it = crate::search::memchr_iter(b'\n', hay);
        let (lo, hi) = it.size_hint();
        assert!(lo <= 3 && hi.is_some_and(|h| h >= 3));
        assert_eq!(it.by_ref().collect::<Vec<_>>(), [1, 3, 4]);
        assert_eq!(it.next(), None);
        assert_eq!(it.next(), None);
        assert_eq!(crate::search::runtime_memchr_iter(b'x', b"").count(), 0);

        let mut it = crate::search::memrchr_iter(b'\n', hay);
        let (lo, hi) = it.size_hint();
        assert!(lo <= 3 && hi.is_some_and(|h| h >= 3));
        assert_eq!(it.by_ref().collect::<Vec<_>>(), [4, 3, 1]);
        assert_eq!(it.next(), None);
        assert_eq!(crate::search::runtime_memrchr_iter(b'x', b"").count(), 0);
    }
}
