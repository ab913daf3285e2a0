//! Other implementations, through their public APIs: `foldhash` (its quality hasher), `ahash`,
//! `rapidhash` (its V3 function) and the standard library's SipHash-1-3.
//!
//! The hashers of `foldhash`, `ahash` and std take the bytes through `Hasher::write` and give
//! `finish()`: exactly what a hash table's hasher does with a key's bytes, without the length
//! prefix `Hash for [u8]` adds.

use core::hash::{BuildHasher, Hasher};

/// `foldhash::quality::FixedState::with_seed(seed)`, the bytes written, finished.
///
/// foldhash's `fast` hasher, the default of its `HashMap`, is not a variant: it fails the
/// avalanche test (2-byte keys: input bit 0 flips output bit 17 in 24 % of keys; its
/// documentation offers `quality` where the hash's quality matters). The `quality` hasher adds
/// a final fold and passes.
/// The hash-map bench measures both.
///
/// # Safety
///
/// None beyond the types: the crate's API is safe.
pub unsafe fn crate_foldhash(data: &[u8], seed: u64) -> u64 {
    let mut hasher = foldhash::quality::FixedState::with_seed(seed).build_hasher();
    hasher.write(data);
    hasher.finish()
}

/// `ahash::RandomState::with_seeds(seed, 0, 0, 0)`, the bytes written, finished. Without
/// `-C target-feature=+aes` (the default build) ahash runs its fallback, not AES-NI: it chooses
/// at compile time.
///
/// # Safety
///
/// None beyond the types: the crate's API is safe.
pub unsafe fn crate_ahash(data: &[u8], seed: u64) -> u64 {
    let mut hasher = ahash::RandomState::with_seeds(seed, 0, 0, 0).build_hasher();
    hasher.write(data);
    hasher.finish()
}

/// `rapidhash::v3::rapidhash_v3_seeded` with `RapidSecrets::seed_cpp(seed)`: the C
/// implementation's seeded hash, as the own `rapidhash` variant computes it.
///
/// # Safety
///
/// None beyond the types: the crate's API is safe.
pub unsafe fn crate_rapidhash(data: &[u8], seed: u64) -> u64 {
    rapidhash::v3::rapidhash_v3_seeded(data, &rapidhash::v3::RapidSecrets::seed_cpp(seed))
}

/// `std::hash::DefaultHasher` (SipHash-1-3 with zero keys) keyed by writing `seed` first, then
/// the bytes, finished.
///
/// # Safety
///
/// None beyond the types: a safe std API.
pub unsafe fn std_siphash13(data: &[u8], seed: u64) -> u64 {
    let mut hasher = std::hash::DefaultHasher::new();
    hasher.write_u64(seed);
    hasher.write(data);
    hasher.finish()
}
