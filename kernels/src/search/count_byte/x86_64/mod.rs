//! The x86_64 variants: compare, and subtract the all-ones result from byte counters (see the
//! op's module).

pub mod avx2;
pub mod avx512;
