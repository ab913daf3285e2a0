//! The x86_64 variants: `avx2` and `avx512` with several vector accumulators and loads unrolled
//! eight deep; `avx2_masked` and `avx512_masked` with masked loads for every remainder, so that
//! short inputs cost one or two loads and a reduction.

pub mod avx2;
pub mod avx2_masked;
pub mod avx512;
pub mod avx512_masked;
