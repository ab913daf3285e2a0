//! The x86_64 variants: one filter (`generic`) instantiated per vector width.

pub mod avx2;
pub mod avx512;
mod generic;
