//! The x86_64 variants: every chain is one 64-bit lane of a vector accumulator, stepped by
//! `PMULUDQ`, which multiplies the low 32 bits of each lane.

pub mod avx2;
pub mod avx512;
pub mod sse2;
