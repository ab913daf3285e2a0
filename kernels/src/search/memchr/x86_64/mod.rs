//! The x86_64 variants: one algorithm (`generic`) instantiated per vector width.

pub mod avx2;
pub mod avx512;
mod generic;
pub mod sse2;
