//! The x86_64 variants.

pub mod avx2;
pub mod avx512;
pub mod avx512_nt;
pub mod rep_movsb;
