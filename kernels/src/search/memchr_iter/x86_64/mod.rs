//! The x86_64 variants: a 64-byte block compared at once, its matches as a bit mask.

pub mod avx2;
pub mod avx512;
