//! The x86_64 variants: the portable algorithm with the long-input accumulators in vector
//! registers. Only the stripe loop differs from [`super::scalar`]; each file implements
//! [`Lanes`](super::scalar::Lanes) for its registers, and AVX-512 also has its own loop.

pub mod avx2;
pub mod avx512;
pub mod sse2;
