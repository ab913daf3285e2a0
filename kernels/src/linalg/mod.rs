//! Dense linear algebra in `f32`: the dot product and matrix multiplication.

crate::declare::domain!(dot_f32, sgemm);

#[cfg(target_arch = "x86_64")]
mod simd;

pub use sgemm::GemmArgs;
