//! Cryptographic hashing: SHA-256.

crate::declare::domain!(sha256);
