//! The x86_64 variants: several vector accumulators, loads unrolled eight deep.

pub mod avx2;
pub mod avx512;
