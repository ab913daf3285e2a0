//! The x86_64 variants: one packed algorithm (`packed.rs`) instantiated per vector width.

pub mod avx2;
pub mod avx512;
pub(crate) mod packed;
