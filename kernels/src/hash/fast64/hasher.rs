//! [`FastBuildHasher`]: a [`BuildHasher`] for `std::collections::HashMap` and `HashSet` that
//! hashes with the build's `hash.fast64` (the entry [`fast64_with_seed`], one variant for every
//! size), randomly seeded per map like std's `RandomState`.
//!
//! A key reaches a [`Hasher`] as a sequence of writes: a `u64` key as one `write_u64`, a `String`
//! as `write` of its bytes and `write_u8(0xff)`. [`FastHasher`] gathers integer writes in a
//! 16-byte buffer and hashes it with `hash.fast64` when it fills or at `finish`, so a `u64` or
//! `(u32, u32)` key costs one call; bytes are hashed as they come, chained through the state
//! (each call's hash is the next one's seed). A lone `u8` written when the buffer is empty is
//! folded into the state with one multiply rather than another call, and the `0xff` that ends a
//! `str`, written on the hash of its bytes, with one xor.
//!
//! The buffered writes (at most 16 bytes) skip the entry's call when the build's variant is one
//! of ours. Its algorithm is found once per process (the manifest's one variant where it runs
//! here, else runtime dispatch's choice) and the hasher runs that algorithm's safe code:
//! `wyhash`, `rapidhash`, or XXH3's path up to 240 bytes, which all four `xxh3` variants share.
//! Eight bytes (a `u64` key) take the algorithm's 8-byte form, inlined with `finish` and
//! `hash_one` into the map's code, with the seed's part of it (wyhash's and rapidhash's premix
//! multiply, XXH3's flip and its share of the first mixing step) done once when the map's
//! `FastBuildHasher` is made. Only the algorithm the build expects is inlined (the manifest's
//! one variant, else XXH3, runtime dispatch's preference), behind one test of the algorithm that
//! runs; any other is called out of line. Other lengths call the algorithm out of line. The
//! output is the entry's, bit for bit (a test holds every own variant's forms to it); the other
//! variants (the crates', std's) are called through the entry.
//!
//! On an AMD EPYC (Zen 3), insert and lookup of 10k `u64` keys (`cargo bench -p arsenal --bench
//! hashmap -- u64`, three rounds side by side with the peers) ran at 0.77–0.86 of the best of
//! the foldhash, ahash and rapidhash map hashers under runtime dispatch (XXH3), and 0.78–0.80
//! with `rapidhash` wired by a manifest, as fast as a build with the algorithm fixed in the
//! source (0.80–0.81 in the same rounds). Inlining all three algorithms behind a three-way test
//! had run at 0.72–0.76, and passing the map's keys to the out-of-line path (a copy in memory
//! that the inline path's load then waited on) at 0.59–0.64.

//! What the op's documentation says holds here too: the hashes agree within a process, nothing
//! is promised beyond it, and they are not for persisted data.
//!
//! ```
//! use std::collections::HashMap;
//! use arsenal::hash::FastBuildHasher;
//!
//! let mut ages: HashMap<String, u32, FastBuildHasher> = HashMap::default();
//! ages.insert("Ada".to_string(), 36);
//! assert_eq!(ages.get("Ada"), Some(&36));
//! ```

use core::hash::{BuildHasher, Hasher};
use core::sync::atomic::{AtomicU8, Ordering};

use super::entries::fast64_with_seed;
use super::wyhash::{self, mix};
use super::{rapidhash, Fast64};
use crate::hash::xxh3_64::scalar as xxh3;
use crate::registry::Op;

/// Folds a lone byte into the state: wyhash's multiply-and-fold with an odd constant (or, for a
/// string's end, xor with it).
const FOLD: u64 = 0x9e37_79b9_7f4a_7c15;

/// A [`BuildHasher`] whose hashers use the build's `hash.fast64` with this map's seed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FastBuildHasher {
    seed: u64,
    /// The seed's part of each algorithm's 8-byte form, done once for the map.
    keys: Keys,
}

/// The seed's part of the 8-byte form of wyhash, rapidhash and XXH3 (each `key_u64`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Keys([u64; 3]);

impl Keys {
    const fn of(seed: u64) -> Keys {
        Keys([
            wyhash::key_u64(seed),
            rapidhash::key_u64(seed),
            xxh3::key_u64(seed),
        ])
    }
}

impl FastBuildHasher {
    /// A new random seed, as std's `RandomState::new` draws one: from keys the OS gives each
    /// thread once, stepped for every map.
    #[cfg(feature = "std")]
    pub fn new() -> FastBuildHasher {
        let seed = std::collections::hash_map::RandomState::new().hash_one(0x6661_7374_3634_u64);
        FastBuildHasher::with_seed(seed)
    }

    /// A fixed seed: hashes repeat from run to run of one build on one host (for tests and
    /// reproducible benches; a map exposed to untrusted keys wants [`new`](Self::new)).
    pub const fn with_seed(seed: u64) -> FastBuildHasher {
        FastBuildHasher {
            seed,
            keys: Keys::of(seed),
        }
    }
}

#[cfg(feature = "std")]
impl Default for FastBuildHasher {
    /// [`FastBuildHasher::new`]: a random seed.
    fn default() -> FastBuildHasher {
        FastBuildHasher::new()
    }
}

impl BuildHasher for FastBuildHasher {
    type Hasher = FastHasher;

    // Always inlined, as the hasher's `finish`: a hash map's `u64` key is then a few
    // instructions in its caller.
    #[inline(always)]
    // This is `hash_one` itself, spelt out only to carry the attribute.
    #[allow(clippy::manual_hash_one)]
    fn hash_one<T: core::hash::Hash>(&self, x: T) -> u64 {
        let mut hasher = self.build_hasher();
        x.hash(&mut hasher);
        hasher.finish()
    }

    #[inline]
    fn build_hasher(&self) -> FastHasher {
        FastHasher {
            state: self.seed,
            keys: Some(self.keys),
            buf: [0; 16],
            len: 0,
            hashed: false,
        }
    }
}

/// The [`Hasher`] of [`FastBuildHasher`].
#[derive(Clone, Debug)]
pub struct FastHasher {
    /// The seed, then the hash of everything written and flushed so far.
    state: u64,
    /// The map's [`Keys`] while `state` is its seed.
    keys: Option<Keys>,
    /// Integer writes not hashed yet.
    buf: [u8; 16],
    len: usize,
    /// Whether `state` is a hash of bytes written (not the seed, nor a fold of integers).
    hashed: bool,
}

/// The algorithm of the variant the build's `hash.fast64` entry runs, for the hasher's short
/// inputs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Short {
    /// Not one of ours: call the entry.
    Entry = 1,
    /// `wyhash`.
    Wyhash,
    /// `rapidhash`.
    Rapidhash,
    /// Any `xxh3` variant: up to 240 bytes they share one scalar path.
    Xxh3,
}

/// The algorithm this build expects the entry to run, known when it compiles: the manifest's one
/// variant for the op (in its first host table), else runtime dispatch's preference (XXH3). The
/// hasher inlines only this one's `u64` form, behind one test of the algorithm actually running:
/// inlining all three behind a three-way test cost a `u64` map a fifth of its speed.
const EXPECTED: Short = {
    let bands = crate::wired::plan::<Fast64>(0, crate::DEFAULT_STRATEGY);
    match bands.first() {
        Some(band) => Short::of(band.variant),
        None => Short::Xxh3,
    }
};

/// [`Short::running`]'s cache: 0 until the first call, then the algorithm's discriminant.
static RUNNING: AtomicU8 = AtomicU8::new(0);

/// The running algorithm's `u64` form ([`Short::form_u64`]): [`EXPECTED`]'s inline, behind one
/// test of the cache (which also sends the first call out of line, to fill it).
#[inline(always)]
fn hash_u64(key: u64, seed: u64, keys: Keys) -> u64 {
    match RUNNING.load(Ordering::Relaxed) == EXPECTED as u8 {
        true => EXPECTED.form_u64(key, seed, keys),
        false => other_u64(key, seed),
    }
}

/// [`hash_u64`] when the running algorithm is not the expected one (or not known yet). It
/// prepares the keys again rather than take them: passing them would keep a copy of the map's
/// keys in memory on the expected path too, whose load then waits on the copy's store (a fifth
/// of a `u64` map's speed).
#[inline(never)]
fn other_u64(key: u64, seed: u64) -> u64 {
    Short::running().form_u64(key, seed, Keys::of(seed))
}

impl Short {
    /// The algorithm of the variant `name`.
    const fn of(name: &str) -> Short {
        use crate::wired::str_eq;
        if str_eq(name, "wyhash") {
            Short::Wyhash
        } else if str_eq(name, "rapidhash") {
            Short::Rapidhash
        } else if str_eq(name, "xxh3")
            || str_eq(name, "xxh3:sse2")
            || str_eq(name, "xxh3:avx2")
            || str_eq(name, "xxh3:avx512")
        {
            Short::Xxh3
        } else {
            Short::Entry
        }
    }

    /// The algorithm of the variant the entry runs in this process, found on the first call and
    /// cached: the manifest's one variant where it runs here, else runtime dispatch's choice.
    #[inline]
    fn running() -> Short {
        match RUNNING.load(Ordering::Relaxed) {
            1 => Short::Entry,
            2 => Short::Wyhash,
            3 => Short::Rapidhash,
            4 => Short::Xxh3,
            _ => {
                let short = Short::find();
                RUNNING.store(short as u8, Ordering::Relaxed);
                short
            }
        }
    }

    #[cold]
    #[inline(never)]
    fn find() -> Short {
        let op = Fast64::INFO.name;
        // One band for every size (the op's contract): any size finds it.
        let runs = crate::selected(op, crate::DEFAULT_STRATEGY, 0)
            .map(|s| s.runs)
            .or_else(|| crate::runtime_variant(op));
        runs.map_or(Short::Entry, Short::of)
    }

    /// The hash of `key`'s 8 little-endian bytes with `seed` by this algorithm, the seed's part
    /// done beforehand ([`Keys::of`] the seed): the entry's output when it runs it. One branch
    /// is left when `self` is a constant.
    #[inline(always)]
    fn form_u64(self, key: u64, seed: u64, keys: Keys) -> u64 {
        let [wy, rapid, xx] = keys.0;
        // Tests, not a `match`: a jump table's indirect jump costs more than the hash.
        if self == Short::Xxh3 {
            xxh3::hash_u64_keyed(key, xx)
        } else if self == Short::Wyhash {
            wyhash::hash_u64_keyed(key, wy)
        } else if self == Short::Rapidhash {
            rapidhash::hash_u64_keyed(key, rapid)
        } else {
            fast64_with_seed(&key.to_le_bytes(), seed)
        }
    }

    /// `data`'s hash with `seed` by this algorithm: the entry's output when it runs it.
    #[inline(never)]
    fn hash(self, data: &[u8], seed: u64) -> u64 {
        match self {
            Short::Wyhash => wyhash::hash(data, seed),
            Short::Rapidhash => rapidhash::hash(data, seed),
            Short::Xxh3 if data.len() <= xxh3::MID_MAX => xxh3::hash_upto_240(data, seed),
            _ => fast64_with_seed(data, seed),
        }
    }
}

impl FastHasher {
    /// Hashes the buffered integer writes into the state.
    #[inline]
    fn flush(&mut self) {
        if self.len > 0 {
            self.state = Short::running().hash(&self.buf[..self.len], self.state);
            self.keys = None;
            self.len = 0;
        }
    }

    /// Buffers one integer write, flushing first when it does not fit.
    #[inline]
    fn push<const N: usize>(&mut self, bytes: [u8; N]) {
        if self.len + N > self.buf.len() {
            self.flush();
        }
        self.buf[self.len..self.len + N].copy_from_slice(&bytes);
        self.len += N;
    }
}

impl Hasher for FastHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        self.flush();
        self.state = fast64_with_seed(bytes, self.state);
        self.keys = None;
        self.hashed = true;
    }

    #[inline]
    fn write_u8(&mut self, i: u8) {
        match self.len {
            // The 0xff that ends a `str`, on the hash of its bytes: the hash is already mixed,
            // and xor with a constant keeps it so; it only has to end the string (a following
            // write is seeded with the state).
            0 if self.hashed && i == 0xff => {
                self.state ^= FOLD;
                self.hashed = false;
            }
            0 => {
                self.state = mix(self.state ^ u64::from(i), FOLD);
                self.keys = None;
            }
            _ => self.push([i]),
        }
    }

    #[inline]
    fn write_u16(&mut self, i: u16) {
        self.push(i.to_le_bytes());
    }

    #[inline]
    fn write_u32(&mut self, i: u32) {
        self.push(i.to_le_bytes());
    }

    #[inline]
    fn write_u64(&mut self, i: u64) {
        self.push(i.to_le_bytes());
    }

    #[inline]
    fn write_u128(&mut self, i: u128) {
        self.push(i.to_le_bytes());
    }

    #[inline]
    fn write_usize(&mut self, i: usize) {
        self.push((i as u64).to_le_bytes());
    }

    // Always inlined: after `write_u64` the length is known and only the key's path is left.
    #[inline(always)]
    fn finish(&self) -> u64 {
        match self.len {
            0 => self.state,
            8 => {
                let mut key = [0; 8];
                key.copy_from_slice(&self.buf[..8]);
                let (key, seed) = (u64::from_le_bytes(key), self.state);
                hash_u64(key, seed, self.keys.unwrap_or_else(|| Keys::of(seed)))
            }
            n => Short::running().hash(&self.buf[..n], self.state),
        }
    }
}

#[cfg(all(test, feature = "std"))]
mod tests {
    use std::collections::{HashMap, HashSet};
    use std::hash::{BuildHasher, Hasher};
    use std::string::{String, ToString};
    use std::vec::Vec;

    use super::*;

    #[test]
    fn a_map_finds_what_it_holds() {
        let mut map: HashMap<u64, u64, FastBuildHasher> = HashMap::default();
        for k in 0..10_000u64 {
            map.insert(k * 7919, k);
        }
        assert!((0..10_000u64).all(|k| map[&(k * 7919)] == k));
        assert_eq!(map.get(&1), None);
        let words: HashSet<String, FastBuildHasher> =
            (0..1000).map(|i| std::format!("word {i}")).collect();
        assert_eq!(words.len(), 1000);
        assert!(words.contains("word 999") && !words.contains("word 1000"));
    }

    #[test]
    fn maps_get_their_own_seeds_and_a_seed_gives_one_hash() {
        let (a, b) = (FastBuildHasher::new(), FastBuildHasher::new());
        assert_ne!(a, b);
        assert_ne!(a.hash_one("key"), b.hash_one("key"));
        let fixed = FastBuildHasher::with_seed(7);
        assert_eq!(fixed.hash_one("key"), fixed.hash_one("key".to_string()));
    }

    #[test]
    fn one_u64_key_is_one_call_of_the_entry() {
        let build = FastBuildHasher::with_seed(42);
        let mut h = build.build_hasher();
        h.write_u64(0x0123_4567_89ab_cdef);
        assert_eq!(
            h.finish(),
            fast64_with_seed(&0x0123_4567_89ab_cdef_u64.to_le_bytes(), 42)
        );
    }

    #[test]
    fn the_short_path_is_each_variant_bit_for_bit() {
        use crate::registry::Op;
        let data: Vec<u8> = (0..240u32).map(|i| (i * 37 + 11) as u8).collect();
        let mut checked = 0;
        for v in Fast64::TABLE {
            let short = Short::of(v.info().name);
            let Some(variant) = v.checked().filter(|_| short != Short::Entry) else {
                continue;
            };
            for seed in [0, 42, u64::MAX, 0x0123_4567_89ab_cdef] {
                for key in [0, 1, 0xff << 56, 0x0123_4567_89ab_cdef, u64::MAX] {
                    let want = variant.call(&key.to_le_bytes(), seed);
                    let case = || {
                        std::format!(
                            "{} ({short:?}), key {key:#x}, seed {seed:#x}",
                            v.info().name
                        )
                    };
                    let got = short.form_u64(key, seed, Keys::of(seed));
                    assert_eq!(got, want, "{}", case());
                }
            }
            for len in (0..=32).chain([64, 239, 240]) {
                for seed in [0, 42, u64::MAX] {
                    assert_eq!(
                        short.hash(&data[..len], seed),
                        variant.call(&data[..len], seed),
                        "{} ({short:?}), len {len}, seed {seed}",
                        v.info().name
                    );
                }
            }
            checked += 1;
        }
        // wyhash, rapidhash and the scalar xxh3 run on every host.
        assert!(checked >= 3, "{checked}");
    }

    #[test]
    fn the_order_and_the_split_of_integer_writes_count() {
        let build = FastBuildHasher::with_seed(1);
        let pair = |a: u32, b: u32| build.hash_one((a, b));
        assert_ne!(pair(1, 2), pair(2, 1));
        // Past 16 bytes the buffer is flushed: three u64 keys still differ from their swaps.
        let triple = |a: u64, b: u64, c: u64| build.hash_one((a, b, c));
        assert_ne!(triple(1, 2, 3), triple(1, 3, 2));
        // Strings end with 0xff (prefix-free): ("ab", "c") and ("a", "bc") differ.
        assert_ne!(build.hash_one(("ab", "c")), build.hash_one(("a", "bc")));
        // A byte written after a string's end is folded with a multiply, not the end's xor.
        assert_ne!(
            build.hash_one(("ab", 0xffu8)),
            build.hash_one(("ab", 0xfeu8))
        );
        assert_ne!(build.hash_one("ab"), build.hash_one(("ab", 0xffu8)));
        // No collisions among a million sequential keys of either kind.
        let mut hashes: Vec<u64> = (0..1_000_000u64).map(|k| build.hash_one(k)).collect();
        hashes.sort_unstable();
        hashes.dedup();
        assert_eq!(hashes.len(), 1_000_000);
        let mut hashes: Vec<u64> = (0..1_000_000u32)
            .map(|k| build.hash_one(std::format!("{k}")))
            .collect();
        hashes.sort_unstable();
        hashes.dedup();
        assert_eq!(hashes.len(), 1_000_000);
    }
}
