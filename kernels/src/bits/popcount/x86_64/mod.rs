//! The x86_64 variants: the `popcnt` instruction on words, Harley–Seal over AVX2 vectors, and
//! AVX-512 `vpopcntq`.

pub mod avx2;
pub mod avx512;
pub mod popcnt;
