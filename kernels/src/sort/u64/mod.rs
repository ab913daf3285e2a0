//! `sort.u64`: sort a slice of `u64` keys ascending, in place.
//!
//! Spec: the output is the input's keys in non-decreasing order. Equal `u64` keys are
//! indistinguishable, so stability does not show and every correct sort gives the same slice:
//! the contract is exact equality with the reference, `<[u64]>::sort_unstable`.
//!
//! Variants:
//! - `std:sort_unstable` (the reference) and `std:sort` (stable): the standard library's
//!   comparison sorts (see [`external`]);
//! - `small`: branch-free sorting networks up to 32 keys, a plain merge sort beyond (see
//!   [`small`]);
//! - `radix`: LSD radix sort, 8-bit digits, all histograms in one read, constant digits skipped,
//!   insertion sort for short inputs; large inputs are first cut into cache-sized buckets by
//!   their top digit (Knuth, TAOCP vol. 3 §5.2.5; see [`radix`]);
//! - `msd`: MSD radix sort, out of place, digits from the top varying bit, recursing per bucket
//!   down to the sorting networks of `small` (McIlroy, Bostic & McIlroy 1993; see [`msd`]);
//! - `par`: `msd`'s first distribution pass in parallel, then the buckets sorted in parallel
//!   by `msd` on rayon (see `par`, built with the `std` feature);
//! - `rayon:par_sort_unstable`: rayon's parallel quicksort (`std` feature).
//!
//! Runtime dispatch prefers `msd`, then `radix`, then `std:sort_unstable`; it never picks a
//! parallel variant (the runtime entry is for throughput, where other calls are assumed to keep
//! the other cores busy). `msd` wins from about 1 000 random keys up (at a million about twice
//! as fast as `radix` and the standard library's sort) and is within a few tens of nanoseconds
//! of the standard library's sort at 100; below that the standard library's sort is faster,
//! which a manifest's size bands can express and a single runtime choice cannot.

pub mod external;
pub mod msd;
#[cfg(feature = "std")]
pub mod par;
pub mod radix;
pub mod small;

use alloc::boxed::Box;
use alloc::format;
use alloc::vec;
use alloc::vec::Vec;
use core::hint::black_box;

use crate::harness::Rng;
use crate::registry::{Checked, Contract, OpInfo, Role, Unit};
use crate::workload::{Bench, Case, Input, Kernel, Mismatch, Source};

#[cfg(feature = "std")]
const RAYON_CRATE: crate::registry::Origin = crate::registry::Origin::Crate {
    name: "rayon",
    version: "1.12.0",
};

crate::declare::ops! {

    /// `sort.u64`.
    pub struct SortU64 {
        info: OpInfo {
            name: "sort.u64",
            summary: "sort u64 keys ascending in place",
            contract: Contract::Exact,
            reference: "std:sort_unstable",
            spec: "non-decreasing permutation of the input (equal keys are indistinguishable)",
            unit: Unit::Elements,
            // Elements per second: no ceiling of the host bounds a sort.
            role: Role::Kernel(&[]),
        },
        signature: fn(v: &mut [u64]),
        // Single-threaded only: runtime dispatch serves throughput.
        prefer: ["msd", "radix", "std:sort_unstable"],
        variants: [
            "std:sort_unstable" => external::std_sort_unstable {
                requires: [], origin: Std, safety: "safe code",
            },
            "std:sort" => external::std_sort { requires: [], origin: Std, safety: "safe code" },
            "small" => small::small { requires: [], origin: Own, safety: "safe code" },
            "radix" => radix::radix {
                requires: [], origin: Own, safety: "portable code, sound for any slice (see `radix`)",
            },
            "msd" => msd::msd {
                requires: [], origin: Own, safety: "portable code, sound for any slice (see `msd`)",
            },
            #[cfg(feature = "std")]
            "par" => par::par {
                requires: [],
                origin: Own,
                parallel: true,
                safety: "portable code, sound for any slice (see `par`)",
            },
            #[cfg(feature = "std")]
            "rayon:par_sort_unstable" => external::rayon_par_sort_unstable {
                requires: [], origin: RAYON_CRATE, parallel: true, safety: "a safe crate API",
            },
        ],
        /// Runs the variant: sorts `v` ascending in place.
        call(v: &mut [u64]) { run: |f| f(v) }
        entries: [
            /// Sorts `v` ascending in place (not stable: equal keys are indistinguishable
            /// anyway).
            ///
            /// Dispatches through the manifest's plan when the build has one
            /// (`ARSENAL_MANIFEST`), else to the best single-threaded variant this CPU runs,
            /// chosen once: runtime dispatch never picks a parallel one.
            ///
            /// ```
            /// let mut v = [3, u64::MAX, 0, 3, 1];
            /// arsenal::sort::sort_u64(&mut v);
            /// assert_eq!(v, [0, 1, 3, 3, u64::MAX]);
            /// ```
            fn sort_u64 | runtime_sort_u64(v: &mut [u64]) {
                size: v.len(),
                run: |f| f(v),
            }
        ],
    }
}

/// The signature of every variant, as the declaration states it.
pub type SortFn = <SortU64 as crate::registry::Op>::Fn;

impl Kernel for SortU64 {
    const SIZES: &'static [usize] = &[8, 32, 100, 1_000, 10_000, 100_000, 1_000_000];
    const INPUT: Input = Input::None(
        "its u64 keys are generated (files of little-endian u64 keys are not read yet)",
    );

    /// The keys, and the scratch buffer of the radix variants (`radix`, `msd`, `par`).
    fn footprint(n: usize) -> usize {
        2 * 8 * n
    }

    fn verify(variant: Checked<Self>) -> Result<(), Mismatch> {
        verify_sort(&|v| variant.call(v))
    }

    fn bench(variant: Checked<Self>, cases: &[Case], source: Source<'_>) -> Box<dyn Bench> {
        let seed = source.seed();
        Box::new(SortBench::new(variant, cases, seed))
    }
}

/// Keys placed `offset` elements (0..8) past a 64-byte boundary, between guard keys that a
/// variant writing out of bounds would change.
#[derive(Debug)]
struct Keys {
    storage: Vec<u64>,
    start: usize,
    len: usize,
}

/// Elements in 64 bytes.
const LINE: usize = 8;
/// The value of the guard keys either side of an input.
const GUARD: u64 = 0x5A5A_0000_DEAD_BEEF;

impl Keys {
    /// Room for `len` keys at any offset.
    fn new(len: usize) -> Keys {
        let storage = vec![GUARD; len + 3 * LINE];
        Keys {
            start: storage.as_ptr().align_offset(64) + LINE,
            storage,
            len,
        }
    }

    fn with_data(data: &[u64], offset: usize) -> Keys {
        let mut keys = Keys::new(data.len());
        keys.start += offset % LINE;
        keys.slice_mut().copy_from_slice(data);
        keys
    }

    fn slice(&self) -> &[u64] {
        &self.storage[self.start..][..self.len]
    }

    fn slice_mut(&mut self) -> &mut [u64] {
        &mut self.storage[self.start..][..self.len]
    }

    /// Whether the keys either side of the slice are untouched.
    fn guards_intact(&self) -> bool {
        let (before, rest) = self.storage.split_at(self.start);
        before.iter().chain(&rest[self.len..]).all(|&k| k == GUARD)
    }
}

/// The timed inputs: a pristine copy per case, restored into a work copy (at the case's
/// misalignment) before each call.
struct SortBench {
    pristine: Vec<Vec<u64>>,
    work: Vec<Keys>,
    variant: Checked<SortU64>,
}

impl SortBench {
    /// Uniformly random 64-bit keys (every digit varies) for each case.
    fn new(variant: Checked<SortU64>, cases: &[Case], seed: u64) -> SortBench {
        let mut rng = Rng::new(seed);
        let pristine: Vec<Vec<u64>> = cases
            .iter()
            .map(|case| (0..case.size).map(|_| rng.next_u64()).collect())
            .collect();
        let work = pristine
            .iter()
            .zip(cases)
            .map(|(keys, case)| Keys::with_data(keys, case.offset / 8))
            .collect();
        SortBench {
            pristine,
            work,
            variant,
        }
    }
}

impl Bench for SortBench {
    fn cases(&self) -> usize {
        self.pristine.len()
    }

    fn units(&self, case: usize) -> u64 {
        self.pristine[case].len() as u64
    }

    fn mutates(&self) -> bool {
        true
    }

    fn reset(&mut self, case: usize) {
        self.work[case]
            .slice_mut()
            .copy_from_slice(&self.pristine[case]);
    }

    #[inline]
    fn run(&mut self, case: usize) {
        let keys = black_box(self.work[case].slice_mut());
        self.variant.call(keys);
        black_box(keys);
    }
}

type Run<'a> = &'a dyn Fn(&mut [u64]);

fn verify_sort(run: Run<'_>) -> Result<(), Mismatch> {
    let mut rng = Rng::new(0x5077_0064);
    short_lengths(run, &mut rng)?;
    patterns(run, &mut rng)?;
    large_random(run, &mut rng)
}

/// Sorts a copy of `input` at element offset `offset` and compares it with the reference.
fn check(run: Run<'_>, input: &[u64], offset: usize, what: &str) -> Result<(), Mismatch> {
    let mut keys = Keys::with_data(input, offset);
    run(keys.slice_mut());
    let case = || format!("len {}, offset {offset}, {what}", input.len());
    if !keys.guards_intact() {
        return Err(Mismatch {
            case: case(),
            expected: "the keys around the slice untouched".into(),
            got: "a write outside the slice".into(),
        });
    }
    let mut expected = input.to_vec();
    expected.sort_unstable();
    match expected.iter().zip(keys.slice()).position(|(e, g)| e != g) {
        None => Ok(()),
        Some(i) => Err(Mismatch {
            case: case(),
            expected: format!("{:#x} at index {i}", expected[i]),
            got: format!("{:#x}", keys.slice()[i]),
        }),
    }
}

/// Every length up to 600 at a rotating offset: random keys, then random keys with many repeats.
fn short_lengths(run: Run<'_>, rng: &mut Rng) -> Result<(), Mismatch> {
    for len in 0..=600 {
        let random: Vec<u64> = (0..len).map(|_| rng.next_u64()).collect();
        check(run, &random, len % LINE, "random")?;
        let repeats: Vec<u64> = (0..len).map(|_| rng.below(len / 4 + 1) as u64).collect();
        check(run, &repeats, (len + 3) % LINE, "random with repeats")?;
    }
    Ok(())
}

/// Input shapes that trip sorts up: presorted runs, duplicates, keys differing in few bits.
#[derive(Clone, Copy, Debug)]
enum Pattern {
    AllEqual,
    Sorted,
    Reverse,
    FewDistinct,
    Sawtooth,
    OrganPipe,
    Random,
    HighBitsOnly,
    LowBitsOnly,
    MiddleByteOnly,
    NearExtremes,
}

impl Pattern {
    const ALL: [Pattern; 11] = [
        Pattern::AllEqual,
        Pattern::Sorted,
        Pattern::Reverse,
        Pattern::FewDistinct,
        Pattern::Sawtooth,
        Pattern::OrganPipe,
        Pattern::Random,
        Pattern::HighBitsOnly,
        Pattern::LowBitsOnly,
        Pattern::MiddleByteOnly,
        Pattern::NearExtremes,
    ];

    fn keys(self, n: usize, rng: &mut Rng) -> Vec<u64> {
        let base = rng.next_u64();
        let mut keys: Vec<u64> = (0..n)
            .map(|i| match self {
                Pattern::AllEqual => base,
                Pattern::Sorted | Pattern::Reverse | Pattern::Random => rng.next_u64(),
                Pattern::FewDistinct => base.rotate_left(rng.below(4) as u32 * 16),
                Pattern::Sawtooth => (i % (n / 7 + 1)) as u64,
                Pattern::OrganPipe => i.min(n - i) as u64,
                Pattern::HighBitsOnly => rng.next_u64() & 0xFFFF_0000_0000_0000 | base >> 16,
                Pattern::LowBitsOnly => base & !0xFFF | rng.next_u64() & 0xFFF,
                Pattern::MiddleByteOnly => base & !(0xFF << 24) | (rng.next_u64() & 0xFF) << 24,
                Pattern::NearExtremes => match rng.below(2) {
                    0 => rng.below(1000) as u64,
                    _ => u64::MAX - rng.below(1000) as u64,
                },
            })
            .collect();
        match self {
            Pattern::Sorted => keys.sort_unstable(),
            Pattern::Reverse => keys.sort_unstable_by(|a, b| b.cmp(a)),
            _ => {}
        }
        keys
    }
}

/// Every pattern at small sizes, at sizes up to 100 000, and on both sides of every threshold
/// where a variant changes method.
fn patterns(run: Run<'_>, rng: &mut Rng) -> Result<(), Mismatch> {
    let mut sizes = vec![1, 2, 5, 16, 17, 31, 32, 33, 1000, 4097, 10_000, 100_000];
    let thresholds = [
        radix::INSERTION_BELOW,
        radix::BUCKETED_FROM,
        msd::NETWORK_UP_TO + 1,
        msd::PREFETCH_UP_TO + 1,
        #[cfg(feature = "std")]
        par::SERIAL_BELOW,
    ];
    for threshold in thresholds {
        // Below a large threshold the method is the one the smaller sizes already ran.
        if threshold <= 1000 {
            sizes.push(threshold - 1);
        }
        sizes.push(threshold);
    }
    for n in sizes {
        for pattern in Pattern::ALL {
            let keys = pattern.keys(n, rng);
            check(run, &keys, n % LINE, &format!("{pattern:?}"))?;
        }
    }
    Ok(())
}

/// Seeded random inputs up to a million keys: a million full 64-bit keys, then random lengths
/// of keys with the top half constant and of keys most of which are one value (a single huge
/// bucket).
fn large_random(run: Run<'_>, rng: &mut Rng) -> Result<(), Mismatch> {
    const MAX: usize = 1_000_000;
    for round in 0..3 {
        let len = if round == 0 { MAX } else { rng.between(1, MAX) };
        let keys: Vec<u64> = (0..len)
            .map(|_| match round {
                1 => rng.next_u64() & 0xFFFF_FFFF,
                2 if rng.below(8) != 0 => 42,
                _ => rng.next_u64(),
            })
            .collect();
        check(
            run,
            &keys,
            rng.below(LINE),
            &format!("random round {round}"),
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(feature = "std")]
    #[test]
    fn rayon_version_is_the_pinned_one() {
        let crate::registry::Origin::Crate { name, version } = RAYON_CRATE else {
            unreachable!()
        };
        let pin = format!("{name} = {{ version = \"={version}\"");
        assert!(include_str!("../../../Cargo.toml").contains(&pin), "{pin}");
    }

    #[test]
    fn runtime_dispatch_never_prefers_a_parallel_variant() {
        for name in <SortU64 as crate::registry::Op>::PREFER {
            let v = <SortU64 as crate::registry::Op>::table()
                .iter()
                .find(|v| v.info().name == *name)
                .unwrap();
            assert!(!v.info().parallel, "{name}");
        }
    }

    #[test]
    fn a_broken_sort_is_caught() {
        let swap_last_two = |v: &mut [u64]| {
            v.sort_unstable();
            if v.len() > 300 {
                let n = v.len();
                v.swap(n - 1, n - 2);
            }
        };
        let err = verify_sort(&swap_last_two).unwrap_err();
        assert!(err.case.starts_with("len 301"), "{err}");
    }

    #[test]
    fn bench_resets_its_input() {
        let variant = crate::registry::variant::<SortU64>("radix").unwrap();
        let case = Case {
            size: 100,
            offset: 8,
        };
        let mut bench = SortBench::new(variant, &[case], 3);
        assert!(bench.mutates());
        assert_eq!((bench.cases(), bench.units(0)), (1, 100));
        assert_eq!(bench.work[0].slice().as_ptr() as usize % 64, 8);
        for _ in 0..2 {
            bench.reset(0);
            assert_eq!(bench.work[0].slice(), bench.pristine[0]);
            bench.run(0);
            assert!(bench.work[0].slice().is_sorted());
            assert!(bench.work[0].guards_intact());
        }
    }
}
