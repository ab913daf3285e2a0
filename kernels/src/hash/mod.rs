//! Hashing: non-cryptographic digests of byte slices.

pub mod xxh3_64;

use crate::dispatch::runtime_entry;

/// XXH3 64-bit hash of `data` with `seed`; seed 0 gives the unseeded hash.
///
/// Dispatches through the manifest's plan when the build has one (`ARSENAL_MANIFEST`), else to
/// the best variant this CPU runs, chosen once.
///
/// ```
/// let data = b"hello, world";
/// assert_eq!(arsenal::hash::xxh3_64_with_seed(data, 0), arsenal::hash::xxh3_64(data));
/// assert_ne!(arsenal::hash::xxh3_64_with_seed(data, 1), arsenal::hash::xxh3_64(data));
/// ```
#[inline]
pub fn xxh3_64_with_seed(data: &[u8], seed: u64) -> u64 {
    crate::wired::default::hash::xxh3_64_with_seed(data, seed)
}

/// XXH3 64-bit hash of `data` (unseeded; dispatch as for [`xxh3_64_with_seed`]).
///
/// ```
/// // The spec's value for the empty input.
/// assert_eq!(arsenal::hash::xxh3_64(b""), 0x2D06_8005_38D3_94C2);
/// ```
#[inline]
pub fn xxh3_64(data: &[u8]) -> u64 {
    crate::wired::default::hash::xxh3_64(data)
}

runtime_entry! {
    /// [`xxh3_64_with_seed`] by runtime dispatch.
    pub fn runtime_xxh3_64_with_seed(data: &[u8], seed: u64) -> u64 => xxh3_64::Xxh3_64;
}

/// [`xxh3_64`] by runtime dispatch.
#[inline]
pub fn runtime_xxh3_64(data: &[u8]) -> u64 {
    runtime_xxh3_64_with_seed(data, 0)
}
