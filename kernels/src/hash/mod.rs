//! Hashing: non-cryptographic digests of byte slices.

crate::declare::domain!(xxh3_64);
