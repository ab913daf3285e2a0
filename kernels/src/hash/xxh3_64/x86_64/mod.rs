//! The x86_64 variants: the portable algorithm with the long-input accumulators in vector
//! registers. Only the stripe loop differs from [`super::scalar`]; each file implements the
//! scalar module's `Lanes` for its registers and runs the shared loop with it.

pub mod avx2;
pub mod avx512;
pub mod sse2;
