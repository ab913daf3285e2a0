//! The x86_64 variant: 16-byte vector copies, and `pshufb` for matches closer than 16 bytes.

pub mod ssse3;
