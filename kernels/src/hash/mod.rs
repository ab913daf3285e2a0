//! Hashing: non-cryptographic digests of byte slices (`xxh3_64`, bit-exact) and a hash for
//! hash tables whose contract is quality (`fast64`).

crate::declare::domain!(xxh3_64, fast64);

pub use fast64::{FastBuildHasher, FastHasher};
