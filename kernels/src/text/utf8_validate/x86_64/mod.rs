//! The x86_64 variants: one lookup algorithm (`generic`) on AVX2 and AVX-512 registers.

pub mod avx2;
pub mod avx512;
mod generic;
