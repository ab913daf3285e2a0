//! The x86_64 variants: `pshufb` on 16 bytes (SSSE3) and on two quads at once (AVX2).

pub mod avx2;
pub mod ssse3;
