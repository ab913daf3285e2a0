//! AVX2 (Muła & Lemire, "Faster Base64 Encoding and Decoding Using AVX2 Instructions", 2018):
//! 24 bytes to 32 characters and back per step.

mod decode;
mod encode;

pub use decode::decode;
pub use encode::encode;
