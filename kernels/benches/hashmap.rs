//! `HashMap<u64, u64>` and `HashMap<String, u64>` with [`FastBuildHasher`] (the build's
//! `hash.fast64`: runtime dispatch's choice, or the variant `ARSENAL_MANIFEST` wires) beside std's
//! `RandomState` (SipHash-1-3), `foldhash::fast`, `ahash` and `rapidhash::fast`, each the
//! `BuildHasher` its crate offers for hash maps. One line per key kind: `u64`, or `string/L` for
//! random alphanumeric strings of `L` bytes.
//!
//! ```text
//! cargo bench -p arsenal --bench hashmap                 # every line (about a minute)
//! cargo bench -p arsenal --bench hashmap -- string/16    # the lines whose name contains this
//! ARSENAL_MANIFEST=$PWD/m.json cargo bench -p arsenal --bench hashmap   # a wired variant
//! ```
//!
//! A sample builds a map of [`KEYS`] distinct keys (capacity reserved), inserts every key, then
//! looks every key up; a figure is nanoseconds per key for both. The hashers are timed side by
//! side, as in the `memmem` bench: [`ROUNDS`] rounds, each timing every hasher once in a shuffled
//! order, and the line shows each one's median, `arsenal/best`, the best of foldhash, ahash
//! and rapidhash over `FastBuildHasher` (above 1: `FastBuildHasher` is faster), and
//! `arsenal/best-q`, the same with the quality hashers of foldhash and rapidhash: their
//! hash-map defaults skip the final avalanche (foldhash's fails `hash.fast64`'s avalanche test),
//! so `FastBuildHasher`, which hashes with a variant that passes it, is compared with both.

use std::collections::HashMap;
use std::hash::{BuildHasher, Hash};
use std::hint::black_box;
use std::time::Duration;

use arsenal::harness::Rng;
use arsenal::hash::FastBuildHasher;

#[path = "common/side_by_side.rs"]
mod side_by_side;

/// Distinct keys per map.
const KEYS: usize = 10_000;
/// Samples per hasher per line.
const ROUNDS: usize = 25;
/// The length of one sample.
const SAMPLE: Duration = Duration::from_millis(4);
/// String key lengths.
const LENGTHS: [usize; 4] = [8, 16, 32, 64];

/// The hashers, in column order: `FastBuildHasher`, std's, the three peers' hash-map defaults
/// (`arsenal/best` compares with these), and the quality hashers of foldhash and rapidhash
/// (`arsenal/best-q` compares with these and ahash).
const HASHERS: [&str; 7] = [
    "arsenal",
    "std",
    "foldhash",
    "ahash",
    "rapidhash",
    "foldhash-q",
    "rapidhash-q",
];

/// One sample's work: a map of `keys` under `state`, every key inserted, every key looked up.
fn fill_and_find<K: Hash + Eq + Clone, S: BuildHasher>(keys: &[K], state: S) -> u64 {
    let mut map: HashMap<K, u64, S> = HashMap::with_capacity_and_hasher(keys.len(), state);
    for (i, k) in keys.iter().enumerate() {
        map.insert(k.clone(), i as u64);
    }
    keys.iter().map(|k| map[k]).sum()
}

/// The sample of hasher `h` on `keys`.
fn sample<K: Hash + Eq + Clone>(h: usize, keys: &[K]) -> u64 {
    match HASHERS[h] {
        "arsenal" => fill_and_find(keys, FastBuildHasher::new()),
        "std" => fill_and_find(keys, std::hash::RandomState::new()),
        "foldhash" => fill_and_find(keys, foldhash::fast::RandomState::default()),
        "ahash" => fill_and_find(keys, ahash::RandomState::new()),
        "rapidhash" => fill_and_find(keys, rapidhash::fast::RandomState::default()),
        "foldhash-q" => fill_and_find(keys, foldhash::quality::RandomState::default()),
        "rapidhash-q" => fill_and_find(keys, rapidhash::quality::RandomState::default()),
        other => unreachable!("{other}"),
    }
}

/// Median nanoseconds per key of each hasher, timed side by side.
fn measure<K: Hash + Eq + Clone>(keys: &[K], rng: &mut Rng) -> Vec<f64> {
    side_by_side::median_seconds(HASHERS.len(), ROUNDS, SAMPLE, rng, |h| {
        black_box(sample(h, black_box(keys)));
    })
    .into_iter()
    .map(|seconds| seconds * 1e9 / keys.len() as f64)
    .collect()
}

fn line(name: &str, figures: &[f64]) {
    print!("{name:12}");
    for f in figures {
        print!("{f:>12.2}");
    }
    let best = |columns: &[usize]| {
        let peer = columns
            .iter()
            .map(|&c| figures[c])
            .fold(f64::INFINITY, f64::min);
        peer / figures[0]
    };
    println!("{:>14.2}{:>16.2}", best(&[2, 3, 4]), best(&[3, 5, 6]));
}

fn main() {
    let filter = std::env::args().skip(1).find(|a| !a.starts_with("--"));
    let wanted = |name: &str| filter.as_ref().is_none_or(|f| name.contains(f.as_str()));
    let runs = arsenal::selected("hash.fast64", arsenal::DEFAULT_STRATEGY, 8)
        .map(|s| {
            format!(
                "{} (wired from {})",
                s.runs,
                arsenal::MANIFEST.unwrap_or("?")
            )
        })
        .unwrap_or_else(|| {
            format!(
                "{} (runtime dispatch)",
                arsenal::runtime_variant("hash.fast64").expect("hash.fast64 is registered")
            )
        });
    let host = arsenal::cpu::HostInfo::detect();
    println!(
        "HashMap insert + lookup of {KEYS} keys, ns per key (median of {ROUNDS} side-by-side \
         samples); FastBuildHasher runs {runs}; {} (family {}, model {})",
        host.brand, host.family, host.model
    );
    print!("{:12}", "keys");
    for h in HASHERS {
        print!("{h:>12}");
    }
    println!("{:>14}{:>16}", "arsenal/best", "arsenal/best-q");
    let mut shuffle = Rng::new(0x4A5B_0C0D);
    let mut rng = Rng::new(0x0068_6173_686d_6170);
    if wanted("u64") {
        let mut keys: Vec<u64> = (0..KEYS).map(|_| rng.next_u64()).collect();
        keys.sort_unstable();
        keys.dedup();
        line("u64", &measure(&keys, &mut shuffle));
    }
    const ALNUM: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    for len in LENGTHS {
        let name = format!("string/{len}");
        if !wanted(&name) {
            continue;
        }
        let mut keys: Vec<String> = (0..KEYS)
            .map(|_| {
                (0..len)
                    .map(|_| char::from(ALNUM[rng.below(ALNUM.len())]))
                    .collect()
            })
            .collect();
        keys.sort_unstable();
        keys.dedup();
        line(&name, &measure(&keys, &mut shuffle));
    }
}
