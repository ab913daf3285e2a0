//! `hash.fast64`: a 64-bit keyed hash of a byte string for hash tables, **whose contract is
//! quality, not bit-identity**: any variant qualifies that passes the tests of [`quality`]
//! (avalanche, no collisions among a million sequential integers, sparse keys and short strings,
//! a seed that changes the output, one hash per key wherever it sits in memory). Variants differ
//! in output, so the verifier runs those tests instead of comparing outputs
//! ([`Contract::Quality`]).
//!
//! # What follows from it
//!
//! A build wires **one variant for every size and both strategies** of this op (the manifest's
//! plan of it is one unbounded band, the same in both; `arsenal manifest` writes it so, and the
//! build refuses any other), so every call of [`fast64_with_seed`](crate::hash::fast64_with_seed)
//! and of its `throughput::` and `latency::` forms in a process agrees with every other. Beyond
//! one process nothing is promised: another build may wire another variant, and `ARSENAL_FORCE`
//! changes runtime dispatch's choice. So the hash is **not for persisted data**: it is for hash
//! tables in memory ([`FastBuildHasher`]), never for anything written to disk or sent to another
//! process.
//!
//! # Variants
//!
//! - `wyhash`: wyhash final version 4.2 ([`wyhash`]), own.
//! - `rapidhash`: rapidhash V3 ([`rapidhash`]), own.
//! - `xxh3`, `xxh3:sse2`, `xxh3:avx2`, `xxh3:avx512`: the kernels of `hash.xxh3_64` (one
//!   output; they differ past 240 bytes, where the stripe loop is vectorized).
//! - `crate:foldhash`, `crate:ahash`, `crate:rapidhash`, `std:siphash13`: other implementations
//!   through their public APIs ([`external`]).
//!
//! Without a manifest, runtime dispatch takes XXH3 (its AVX-512, AVX2, SSE2 or scalar path: one
//! output on every host). [`FastBuildHasher`] puts the entry behind std's `HashMap` ([`hasher`]).

#[cfg(feature = "std")]
pub mod external;
pub mod hasher;
pub mod quality;
pub mod rapidhash;
pub mod wyhash;

use alloc::boxed::Box;
use alloc::format;

use crate::harness::aligned_and_not;
use crate::registry::{Checked, Contract, OpInfo, Role, Unit};
use crate::workload::{Bench, Case, Input, Kernel, Mismatch, Source};

use super::xxh3_64::scalar as xxh3_scalar;
#[cfg(target_arch = "x86_64")]
use super::xxh3_64::x86_64 as xxh3_x86_64;
pub use hasher::{FastBuildHasher, FastHasher};

#[cfg(feature = "std")]
const FOLDHASH: crate::registry::Origin = crate::registry::Origin::Crate {
    name: "foldhash",
    version: "0.2.0",
};

#[cfg(feature = "std")]
const AHASH: crate::registry::Origin = crate::registry::Origin::Crate {
    name: "ahash",
    version: "0.8.15",
};

#[cfg(feature = "std")]
const RAPIDHASH: crate::registry::Origin = crate::registry::Origin::Crate {
    name: "rapidhash",
    version: "4.5.1",
};

/// The seed the benches hash with: a map's random seed, not 0, which some variants treat as a
/// special case (XXH3 derives a secret from any other seed for inputs past 240 bytes).
pub const BENCH_SEED: u64 = 0x9e37_79b9_7f4a_7c15;

/// Key lengths the tuner measures: hash-table keys (4 to 64 bytes) first, then longer strings.
pub const SIZES: &[usize] = &[4, 8, 16, 32, 64, 256, 1 << 10, 16 << 10];

crate::declare::ops! {

    /// `hash.fast64`.
    pub struct Fast64 {
        info: OpInfo {
            name: "hash.fast64",
            summary: "64-bit keyed hash of a byte string for hash tables; one variant per build",
            contract: Contract::Quality {
                tests: "avalanche in [0.45, 0.55]; no collisions among 1M sequential integers, \
                        sparse keys and short strings; every seed bit matters; alignment-free",
            },
            // Any variant would do (none is compared with it): the one a Rust program hashes
            // with when it chooses nothing.
            reference: if cfg!(feature = "std") { "std:siphash13" } else { "wyhash" },
            spec: "quality tests of hash::fast64::quality; own variants: wyhash final 4.2 \
                   (wangyi-fudan/wyhash), rapidhash V3 (Nicoshev/rapidhash), XXH3-64",
            unit: Unit::Bytes,
            role: Role::MEMORY,
        },
        signature: fn(data: &[u8], seed: u64) -> u64,
        // XXH3 on every host, whichever path it takes: runtime dispatch gives one output
        // everywhere.
        prefer: ["xxh3:avx512", "xxh3:avx2", "xxh3:sse2", "xxh3"],
        variants: [
            "wyhash" => wyhash::wyhash { requires: [], origin: Own, safety: "safe code" },
            "rapidhash" => rapidhash::rapidhash {
                requires: [], origin: Own, safety: "safe code",
            },
            "xxh3" => xxh3_scalar::xxh3_64 { requires: [], origin: Own, safety: "safe code" },
            #[cfg(target_arch = "x86_64")]
            "xxh3:sse2" => xxh3_x86_64::sse2::xxh3_64 {
                requires: [Sse2], origin: Own, safety: "the body needs exactly SSE2",
            },
            #[cfg(target_arch = "x86_64")]
            "xxh3:avx2" => xxh3_x86_64::avx2::xxh3_64 {
                requires: [Avx2], origin: Own, safety: "the body needs exactly AVX2",
            },
            #[cfg(target_arch = "x86_64")]
            "xxh3:avx512" => xxh3_x86_64::avx512::xxh3_64 {
                requires: [Avx512f, Avx512dq],
                origin: Own,
                safety: "the body needs exactly AVX-512F and DQ",
            },
            #[cfg(feature = "std")]
            "crate:foldhash" => external::crate_foldhash {
                requires: [], origin: FOLDHASH, safety: "a safe crate API",
            },
            #[cfg(feature = "std")]
            "crate:ahash" => external::crate_ahash {
                requires: [], origin: AHASH, safety: "a safe crate API, its fallback path",
            },
            #[cfg(feature = "std")]
            "crate:rapidhash" => external::crate_rapidhash {
                requires: [], origin: RAPIDHASH, safety: "a safe crate API",
            },
            #[cfg(feature = "std")]
            "std:siphash13" => external::std_siphash13 {
                requires: [], origin: Std, safety: "a safe std API",
            },
        ],
        /// Runs the variant: its hash of `data` with `seed`.
        call(data: &[u8], seed: u64) -> u64 { run: |f| f(data, seed) }
        entries: [
            /// A 64-bit hash of `data` keyed by `seed`, for hash tables: the one variant this
            /// build wires for every size (the manifest's, else the one runtime dispatch picks
            /// on the first call). It agrees with itself within a process only: never persist it
            /// ([what follows](crate::hash::fast64#what-follows-from-it)).
            ///
            /// ```
            /// use arsenal::hash::fast64_with_seed;
            /// let key = b"a key of a hash table";
            /// assert_eq!(fast64_with_seed(key, 7), fast64_with_seed(key, 7));
            /// assert_ne!(fast64_with_seed(key, 7), fast64_with_seed(key, 8));
            /// ```
            fn fast64_with_seed | runtime_fast64_with_seed(data: &[u8], seed: u64) -> u64 {
                size: data.len(),
                run: |f| f(data, seed),
            }
        ],
    }
}

impl Kernel for Fast64 {
    const SIZES: &'static [usize] = SIZES;
    const INPUT: Input = Input::Bytes("hashes each file and window as it is, with a map's seed");

    fn verify(variant: Checked<Self>) -> Result<(), Mismatch> {
        quality::check(&|data, seed| variant.call(data, seed))
    }

    /// On the user's data the outputs have nothing to agree with: the variant must give one
    /// hash at both starts, and another with another seed.
    fn verify_input(variant: Checked<Self>, data: &[u8]) -> Result<(), Mismatch> {
        let want = variant.call(data, 0);
        aligned_and_not(data, |d| {
            let (got, reseeded) = (variant.call(d, 0), variant.call(d, 1));
            let case = || {
                format!(
                    "the user's data, len {}, offset {}",
                    d.len(),
                    d.as_ptr() as usize % 64
                )
            };
            if got != want {
                return Err(Mismatch {
                    case: case(),
                    expected: format!("{want:#x}, its hash at another start"),
                    got: format!("{got:#x}"),
                });
            }
            match reseeded != got {
                true => Ok(()),
                false => Err(Mismatch {
                    case: format!("{}, seeds 0 and 1", case()),
                    expected: "two hashes".into(),
                    got: format!("{got:#x} both times"),
                }),
            }
        })
    }

    fn bench(variant: Checked<Self>, cases: &[Case], source: Source<'_>) -> Box<dyn Bench> {
        crate::bench::bytes(
            cases,
            source,
            |rng, buf| rng.fill(buf),
            move |data| variant.call(data, BENCH_SEED),
        )
    }
}
