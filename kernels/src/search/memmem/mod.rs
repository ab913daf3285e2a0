//! `search.memmem`: the index of the first occurrence of a byte string (the needle) in another
//! (the haystack); the empty needle occurs at 0.
//!
//! Spec: the smallest `i` with `haystack[i..i + m] == needle` (what glibc's `memmem` and
//! `memchr::memmem::find` return), or `None`.
//!
//! A search takes a [`Needle`]: the needle's bytes with what a searcher precomputes from them,
//! made once and used for any number of haystacks, as a program searching many lines or files
//! for one string does. [`memmem()`](entries::memmem) makes one per call;
//! [`memmem_with()`](entries::memmem_with) takes one made beforehand.
//!
//! Variants: `naive` (every window compared: the textbook definition and the reference, `O(n·m)`
//! in the worst case and exempt from linearity, see [`naive`]), `two_way` (Crochemore–Perrin,
//! linear, see [`two_way`]), `avx2` and `avx512` (Muła's SIMD filter on two needle bytes, the
//! rarest by [`rank`], changing its pair when it lets too many positions through and handing
//! over to two-way when its full comparisons pass a linear budget, see [`x86_64`]),
//! `crate:memchr` (a prebuilt `memchr::memmem::Finder`) and `crate:memchr-find`
//! (`memchr::memmem::find`, which builds its searcher each call). Every variant but `naive` is
//! linear in the haystack. The adversarial inputs are verified: haystacks of `a` with the
//! needles `aa…ab`, `baa…a`, `aa…aba` and `a…aba…a`, `z…zez…z` at every position of a
//! haystack of `z` (every position passes a filter on the rarest bytes) and of one with an `e`
//! every 64 bytes (no pair filters it, so the filter hands over), periodic needles in periodic
//! haystacks; the `memmem` bench times `z…zez…z` in `z` beside random bytes.
//!
//! The size is the haystack's length. The tuner's workload searches each haystack for needles
//! of 1, 2, 4, 8, 16, 64 and 256 bytes (those no longer than it), one present once at its end
//! and one absent, over English-like text and over random bytes (or two of the user's
//! windows); the haystack is edited so that every search scans all of it (`needles.rs`), and a
//! call's units are the haystack bytes of all its searches. The `memmem` bench breaks the
//! figures down by needle length and kind of haystack.
//!
//! Measured on an AMD EPYC (family 25 model 1, Zen 3, AVX2, no AVX-512), default release build,
//! `cargo bench -p arsenal --bench memmem` (variants side by side): `avx2` runs 30–54 GB/s
//! from 4 KiB on, 1.05–2.3× the prebuilt `Finder` for needles of 4–64 bytes at 4 KiB and 1 MiB
//! of text and of random bytes, but 0.67–0.98× on 64-byte haystacks with needles of 4–16
//! bytes (a call there is 9–14 ns). On `z…zez…z` in `z` at 1 MiB it takes 1.2–1.3× its time
//! on random bytes; the `Finder` takes 32–78× (0.5–1.0 GB/s). `two_way` runs 1.2–1.8 GB/s on
//! every input. On the tuner's mixed workload `avx2` is 1.3–1.8× the `Finder` from 64 bytes to
//! 512 KiB (`arsenal tune --ops search.memmem`), 43–52 % of the read bandwidth from 64 KiB.

#[cfg(feature = "std")]
pub mod external;
pub mod naive;
mod needles;
pub mod rank;
pub mod two_way;
#[cfg(target_arch = "x86_64")]
pub mod x86_64;

use alloc::borrow::Cow;
use alloc::boxed::Box;
use alloc::format;
use alloc::vec::Vec;

use crate::harness::{aligned_and_not, expect_eq, fill_english, sweep, AlignedBytes, Rng};
use crate::registry::{Checked, Contract, OpInfo, Role, Unit};
use crate::workload::{Bench, Case, Input, Kernel, Mismatch, Source, BYTE_LADDER};

/// A needle and what the variants precompute from it: made once, searched for in any number of
/// haystacks.
#[derive(Clone, Debug)]
pub struct Needle<'n> {
    bytes: Cow<'n, [u8]>,
    factorization: two_way::Factorization,
    /// The positions the SIMD filter compares (for needles of two bytes or more).
    pair: (usize, usize),
    /// The `memchr` crate's searcher, built on first use (by its variant).
    #[cfg(feature = "std")]
    finder: std::sync::OnceLock<memchr::memmem::Finder<'static>>,
}

impl<'n> Needle<'n> {
    /// The needle `bytes`, borrowed; its two-way factorisation and the filter's pair of bytes
    /// are computed here (`O(m)`).
    pub fn new(bytes: &'n [u8]) -> Needle<'n> {
        Needle::from_cow(Cow::Borrowed(bytes))
    }

    /// The needle `bytes`, owned.
    pub fn owned(bytes: Vec<u8>) -> Needle<'static> {
        Needle::from_cow(Cow::Owned(bytes))
    }

    fn from_cow(bytes: Cow<'n, [u8]>) -> Needle<'n> {
        Needle {
            factorization: two_way::Factorization::of(&bytes),
            pair: if bytes.len() >= 2 {
                rank::rare_pair(&bytes)
            } else {
                (0, 0)
            },
            bytes,
            #[cfg(feature = "std")]
            finder: std::sync::OnceLock::new(),
        }
    }

    /// The needle's bytes.
    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// Its critical factorisation, for the two-way search.
    pub fn factorization(&self) -> &two_way::Factorization {
        &self.factorization
    }

    /// The two positions the SIMD filter compares: its rarest bytes ([`rank::rare_pair`]), or
    /// `(0, 0)` for a needle shorter than two bytes.
    pub fn pair(&self) -> (usize, usize) {
        self.pair
    }

    /// The `memchr` crate's searcher for it, built on the first call.
    #[cfg(feature = "std")]
    pub fn finder(&self) -> &memchr::memmem::Finder<'static> {
        self.finder
            .get_or_init(|| memchr::memmem::Finder::new(&self.bytes).into_owned())
    }
}

crate::declare::ops! {
    /// `search.memmem`.
    pub struct Memmem {
        info: OpInfo {
            name: "search.memmem",
            summary: "index of the first occurrence of a byte string",
            contract: Contract::Exact,
            reference: "naive",
            spec: "the smallest i with haystack[i..i + m] == needle (glibc memmem)",
            unit: Unit::Bytes,
            role: Role::MEMORY,
        },
        signature: fn(needle: &Needle<'_>, haystack: &[u8]) -> Option<usize>,
        prefer: ["avx512", "avx2", "two_way"],
        variants: [
            "naive" => naive::memmem { requires: [], origin: Own, safety: "safe code" },
            "two_way" => two_way::memmem { requires: [], origin: Own, safety: "safe code" },
            #[cfg(target_arch = "x86_64")]
            "avx2" => x86_64::avx2::memmem {
                requires: [Avx2], origin: Own, safety: "the body needs exactly AVX2",
            },
            #[cfg(target_arch = "x86_64")]
            "avx512" => x86_64::avx512::memmem {
                requires: [Avx512f, Avx512bw],
                origin: Own,
                safety: "the body needs exactly AVX-512F and BW",
            },
            #[cfg(feature = "std")]
            "crate:memchr" => external::crate_memchr {
                requires: [],
                origin: super::memchr::MEMCHR_CRATE,
                safety: "a safe crate API with its own dispatch",
            },
            #[cfg(feature = "std")]
            "crate:memchr-find" => external::crate_memchr_find {
                requires: [],
                origin: super::memchr::MEMCHR_CRATE,
                safety: "a safe crate API with its own dispatch",
            },
        ],
        /// Runs the variant: the index of the first `needle` in `haystack`.
        call(needle: &Needle<'_>, haystack: &[u8]) -> Option<usize> {
            run: |f| f(needle, haystack)
        }
        entries: [
            /// Index of the first occurrence of `needle` in `haystack` (`Some(0)` for an empty
            /// needle).
            ///
            /// Dispatches through the manifest's plan when the build has one
            /// (`ARSENAL_MANIFEST`), else to the best variant this CPU runs, chosen once. Makes
            /// a [`Needle`] each call; to search for one needle many times, make it once and
            /// call [`memmem_with()`].
            ///
            /// ```
            /// assert_eq!(arsenal::search::memmem(b"lo", b"hello"), Some(3));
            /// assert_eq!(arsenal::search::memmem(b"", b"hello"), Some(0));
            /// ```
            fn memmem | runtime_memmem(needle: &[u8], haystack: &[u8]) -> Option<usize> {
                size: haystack.len(),
                run: |f| f(&Needle::new(needle), haystack),
            }
            /// Index of the first occurrence of a prepared `needle` in `haystack` (dispatch as
            /// for [`memmem()`]).
            ///
            /// ```
            /// use arsenal::search::memmem::Needle;
            /// let needle = Needle::new(b"ab");
            /// assert_eq!(arsenal::search::memmem_with(&needle, b"aab"), Some(1));
            /// assert_eq!(arsenal::search::memmem_with(&needle, b"ba"), None);
            /// ```
            fn memmem_with | runtime_memmem_with(needle: &Needle<'_>, haystack: &[u8])
                -> Option<usize> {
                size: haystack.len(),
                run: |f| f(needle, haystack),
            }
        ],
    }
}

/// The needle lengths the workload searches for.
pub const NEEDLE_LENGTHS: [usize; 7] = [1, 2, 4, 8, 16, 64, 256];

/// Needle lengths the verification visits: both sides of every vector width, and the long ones.
const VERIFY_LENGTHS: [usize; 18] = [
    1, 2, 3, 4, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65, 100, 256,
];

/// The byte an absent needle has in its middle: never in text.
const ABSENT: u8 = 0xFF;

impl Kernel for Memmem {
    const SIZES: &'static [usize] = BYTE_LADDER;
    const INPUT: Input = Input::Bytes(
        "searches each window for its last 1 to 256 bytes, made to occur only there, and for \
         fragments of another window that it lacks (a byte or two is edited to make both so)",
    );

    /// The haystack bytes of all a call's searches: two haystacks, each searched for two
    /// needles of each length no longer than it.
    fn units(size: usize) -> u64 {
        let lengths = NEEDLE_LENGTHS.iter().filter(|&&m| m <= size).count();
        (4 * lengths * size) as u64
    }

    /// Two haystacks per case.
    fn footprint(size: usize) -> usize {
        2 * size
    }

    fn verify(variant: Checked<Self>) -> Result<(), Mismatch> {
        verify_run(&|n, h| variant.call(&Needle::new(n), h))
    }

    fn verify_input(variant: Checked<Self>, data: &[u8]) -> Result<(), Mismatch> {
        let run = |n: &[u8], h: &[u8]| variant.call(&Needle::new(n), h);
        // The needles the bench would search the file for, in the file as the bench edits it
        // and as it is.
        let mut edited = data.to_vec();
        let other: Vec<u8> = data.iter().rev().copied().collect();
        let needles = needles::needles(&mut edited, &other, &mut Rng::new(data.len() as u64));
        for hay in [&edited[..], data] {
            aligned_and_not(hay, |hay| {
                for needle in &needles {
                    check(&run, needle.bytes(), hay, "the user's data")?;
                }
                Ok(())
            })?;
        }
        Ok(())
    }

    fn bench(variant: Checked<Self>, cases: &[Case], source: Source<'_>) -> Box<dyn Bench> {
        Box::new(MemmemBench::new(cases, source, move |n, h| {
            variant.call(n, h)
        }))
    }
}

/// Prepared haystacks and needles; one call searches a case's haystacks for all their needles.
struct MemmemBench<C> {
    haystacks: Vec<(AlignedBytes, Case)>,
    /// Per case: (haystack, needle) pairs and the haystack bytes they search.
    cases: Vec<(Vec<(usize, Needle<'static>)>, u64)>,
    call: C,
}

impl<C: FnMut(&Needle<'_>, &[u8]) -> Option<usize>> MemmemBench<C> {
    fn new(cases: &[Case], source: Source<'_>, call: C) -> MemmemBench<C> {
        let mut rng = Rng::new(source.seed());
        let (mut haystacks, mut prepared) = (Vec::new(), Vec::new());
        for &case in cases {
            let case = Case {
                offset: case.offset % 64,
                ..case
            };
            // Two haystacks: text and random bytes, or two of the user's windows.
            let kinds: [fn(&mut Rng, &mut [u8]); 2] = [fill_english, Rng::fill];
            let mut searches = Vec::new();
            for fill in kinds {
                let mut buf = AlignedBytes::new(case.offset + case.size);
                let mut other = AlignedBytes::new(case.size);
                for bytes in [
                    buf.slice_mut(case.offset, case.size),
                    other.slice_mut(0, case.size),
                ] {
                    source.fill(&mut rng, bytes, fill);
                }
                let hay = buf.slice_mut(case.offset, case.size);
                for needle in needles::needles(hay, other.slice(0, case.size), &mut rng) {
                    // Built now, so the timed calls use it prebuilt, as its users would.
                    #[cfg(feature = "std")]
                    needle.finder();
                    searches.push((haystacks.len(), needle));
                }
                haystacks.push((buf, case));
            }
            prepared.push((searches, Memmem::units(case.size)));
        }
        MemmemBench {
            haystacks,
            cases: prepared,
            call,
        }
    }
}

impl<C: FnMut(&Needle<'_>, &[u8]) -> Option<usize>> Bench for MemmemBench<C> {
    fn cases(&self) -> usize {
        self.cases.len()
    }

    fn units(&self, case: usize) -> u64 {
        self.cases[case].1
    }

    #[inline]
    fn run(&mut self, case: usize) {
        for (hay, needle) in &self.cases[case].0 {
            let (buf, at) = &self.haystacks[*hay];
            let hay = core::hint::black_box(buf.slice(at.offset, at.size));
            core::hint::black_box((self.call)(needle, hay));
        }
    }
}

type Run<'a> = &'a dyn Fn(&[u8], &[u8]) -> Option<usize>;

fn check(run: Run<'_>, needle: &[u8], hay: &[u8], what: &str) -> Result<(), Mismatch> {
    expect_eq(naive::find(needle, hay), run(needle, hay), || {
        format!(
            "haystack of {} at offset {}, needle of {}, {what}",
            hay.len(),
            hay.as_ptr() as usize % 64,
            needle.len()
        )
    })
}

fn verify_run(run: Run<'_>) -> Result<(), Mismatch> {
    let mut rng = Rng::new(0x3E3E_3E3E);
    empty_and_whole(run, &mut rng)?;
    planted(run, &mut rng)?;
    small_alphabet(run, &mut rng)?;
    adversarial(run)?;
    #[cfg(all(feature = "std", unix))]
    page_edges(run, &mut rng)?;
    large(run, &mut rng)
}

/// The empty needle, a needle one byte longer than the haystack, and the haystack itself.
fn empty_and_whole(run: Run<'_>, rng: &mut Rng) -> Result<(), Mismatch> {
    for len in 0..=300 {
        let longer = rng.bytes(len + 1);
        let hay = &longer[..len];
        check(run, &[], hay, "the empty needle")?;
        check(run, &longer, hay, "a needle longer than the haystack")?;
        check(run, hay, hay, "the haystack itself")?;
    }
    Ok(())
}

/// Lengths up to this get every misalignment…
const SWEEP_ALL_OFFSETS: usize = 80;
/// …and up to this, one each.
const SWEEP_MAX: usize = 400;

/// Random haystacks of every length and misalignment, the needle absent, at the last position
/// (where the vector loops' final block ends), at the first and at a random one, with a copy
/// differing in one byte before it.
fn planted(run: Run<'_>, rng: &mut Rng) -> Result<(), Mismatch> {
    let mut buf = AlignedBytes::new(SWEEP_MAX);
    sweep(SWEEP_MAX, SWEEP_ALL_OFFSETS, |offset, len| {
        let m = VERIFY_LENGTHS[(len + offset) % VERIFY_LENGTHS.len()];
        let hay = buf.slice_mut(offset, len);
        rng.fill(hay);
        let needle = rng.bytes(m);
        check(run, &needle, hay, "random")?;
        if m > len {
            return Ok(());
        }
        hay[len - m..].copy_from_slice(&needle);
        check(run, &needle, hay, "at the last position")?;
        let at = rng.below(len - m + 1);
        hay[at..at + m].copy_from_slice(&needle);
        let miss = rng.below(at + 1);
        hay[miss..miss + m].copy_from_slice(&needle);
        hay[miss + rng.below(m)] ^= 0x40;
        check(
            run,
            &needle,
            hay,
            &format!("at {at}, a near miss at {miss}"),
        )?;
        hay[..m].copy_from_slice(&needle);
        check(run, &needle, hay, "at 0")
    })
}

/// Haystacks and needles over two or three letters: partial matches and periodic needles
/// everywhere, needles cut from the haystack and drawn apart from it.
fn small_alphabet(run: Run<'_>, rng: &mut Rng) -> Result<(), Mismatch> {
    let mut buf = AlignedBytes::new(400);
    for round in 0..3000 {
        let letters = 2 + round % 2;
        let len = rng.below(400);
        let hay = buf.slice_mut(rng.below(64), len);
        for b in hay.iter_mut() {
            *b = b'a' + rng.below(letters) as u8;
        }
        let m = 1 + rng.below(20);
        let drawn: Vec<u8> = (0..m).map(|_| b'a' + rng.below(letters) as u8).collect();
        check(run, &drawn, hay, "small alphabet")?;
        if m <= len {
            let at = rng.below(len - m + 1);
            let cut = hay[at..at + m].to_vec();
            check(run, &cut, hay, &format!("small alphabet, cut at {at}"))?;
        }
    }
    Ok(())
}

/// The inputs that make a naive search or an unguarded filter quadratic: haystacks of `a` with
/// needles `aa…ab`, `baa…a`, `aa…aba` (every position passes a first/last-byte filter) and
/// `a…aba…a`, absent and placed at the end; `z…zez…z` in `z` at every position (every position
/// passes a filter on the rarest bytes); periodic needles in periodic haystacks.
fn adversarial(run: Run<'_>) -> Result<(), Mismatch> {
    for n in [64, 1000, (64 << 10) + 13] {
        let mut buf = AlignedBytes::new(n);
        for m in VERIFY_LENGTHS.into_iter().filter(|&m| m >= 2 && m <= n) {
            let mut needles = [
                alloc::vec![b'a'; m],
                alloc::vec![b'a'; m],
                alloc::vec![b'a'; m],
            ];
            needles[0][m - 1] = b'b';
            needles[1][0] = b'b';
            needles[2][m / 2] = b'b';
            let mut aba = alloc::vec![b'a'; m];
            aba[m.saturating_sub(2)] = b'b';
            for needle in needles.iter().chain([&aba]) {
                let hay = buf.slice_mut(n % 64, n);
                hay.fill(b'a');
                check(run, needle, hay, "a haystack of `a`")?;
                hay[n - m..].copy_from_slice(needle);
                check(run, needle, hay, "a haystack of `a`, the needle at the end")?;
            }
            if n == 1000 && [64, 256].contains(&m) {
                // Wherever a filter gives up and hands over, the match just past it is found:
                // `z` is among the rarest bytes by `rank`, so the SIMD filter compares two `z`s
                // of `z…zez…z`, which every position of a haystack of `z` passes.
                let mut zez = alloc::vec![b'z'; m];
                zez[m / 2] = b'e';
                let hay = buf.slice_mut(0, n);
                for at in 0..=n - m {
                    hay.fill(b'z');
                    hay[at..at + m].copy_from_slice(&zez);
                    check(run, &zez, hay, &format!("`z…zez…z` at {at} in `z`"))?;
                }
            }
            if n == 1000 && m == 256 {
                // A haystack no pair filters: `z` with an `e` every 64 bytes, where a window
                // fails at its first `e`, a different needle byte at each position. The SIMD
                // filter changes its pair, then hands over to two-way; the match just past
                // where it does is found, wherever that is.
                let mut zez = alloc::vec![b'z'; m];
                zez[m / 2] = b'e';
                let hay = buf.slice_mut(0, n);
                for at in 0..=n - m {
                    for (i, b) in hay.iter_mut().enumerate() {
                        *b = if i % 64 == 63 { b'e' } else { b'z' };
                    }
                    check(
                        run,
                        &zez,
                        hay,
                        "`z…zez…z` in `z` with an `e` every 64 bytes",
                    )?;
                    hay[at..at + m].copy_from_slice(&zez);
                    check(
                        run,
                        &zez,
                        hay,
                        &format!("`z…zez…z` at {at}, `e` every 64 bytes"),
                    )?;
                }
            }
            let hay = buf.slice_mut(0, n);
            for (i, b) in hay.iter_mut().enumerate() {
                *b = b"aab"[i % 3];
            }
            let periodic: Vec<u8> = (0..m).map(|i| b"aab"[i % 3]).collect();
            check(run, &periodic, hay, "periodic")?;
            let mut broken = periodic.clone();
            broken[m - 1] = b'c';
            check(run, &broken, hay, "periodic, broken at the end")?;
        }
    }
    Ok(())
}

/// Haystacks flush against an inaccessible page, the needle at the end or the start.
#[cfg(all(feature = "std", unix))]
fn page_edges(run: Run<'_>, rng: &mut Rng) -> Result<(), Mismatch> {
    use crate::harness::Guarded;
    for len in 0..=300 {
        let m = VERIFY_LENGTHS[len % VERIFY_LENGTHS.len()].min(len.max(1));
        let needle = rng.bytes(m);
        for (mut guarded, end) in [
            (Guarded::at_end(len), true),
            (Guarded::at_start(len), false),
        ] {
            let hay = guarded.bytes_mut();
            rng.fill(hay);
            check(run, &needle, hay, "random, at a page edge")?;
            if m <= len {
                let at = if end { len - m } else { 0 };
                hay[at..at + m].copy_from_slice(&needle);
                check(run, &needle, hay, "present, at a page edge")?;
            }
        }
    }
    Ok(())
}

/// Seeded random haystacks up to 1 MiB and English-like text, with needles cut from them (so
/// present, in text often early) and needles with their middle byte [`ABSENT`].
fn large(run: Run<'_>, rng: &mut Rng) -> Result<(), Mismatch> {
    let mut text = AlignedBytes::new(256 << 10);
    let text = text.slice_mut(3, (256 << 10) - 3);
    fill_english(rng, text);
    for round in 0..24 {
        let m = 1 + rng.below(256);
        let at = rng.below(text.len() - m);
        let mut needle = text[at..at + m].to_vec();
        check(run, &needle, text, &format!("text, round {round}"))?;
        needle[m / 2] = ABSENT;
        check(run, &needle, text, &format!("text, absent, round {round}"))?;
    }
    crate::harness::random_rounds(rng, 1 << 20, 8, |rng, round, hay| {
        for m in NEEDLE_LENGTHS.into_iter().filter(|&m| m <= hay.len()) {
            let at = rng.below(hay.len() - m + 1);
            let needle = hay[at..at + m].to_vec();
            check(run, &needle, hay, &format!("random round {round}"))?;
            check(
                run,
                &rng.bytes(m),
                hay,
                &format!("random round {round}, drawn"),
            )?;
        }
        Ok(())
    })
}
