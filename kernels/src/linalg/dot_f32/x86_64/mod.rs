//! The x86_64 variants: one FMA loop (`generic.rs`) instantiated per vector width.

pub mod avx2;
pub mod avx512;
mod generic;
