//! The x86_64 variants: every chain is one lane of a vector accumulator.

pub mod avx2;
pub mod avx512;
