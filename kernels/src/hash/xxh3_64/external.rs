//! Other implementations, through their public APIs: the `xxhash-rust` crate.

/// `xxhash_rust::xxh3::xxh3_64_with_seed`.
///
/// # Safety
///
/// None beyond the types: the crate's API is safe.
pub unsafe fn crate_xxhash_rust(data: &[u8], seed: u64) -> u64 {
    xxhash_rust::xxh3::xxh3_64_with_seed(data, seed)
}
