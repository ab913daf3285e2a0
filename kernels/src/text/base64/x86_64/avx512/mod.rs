//! AVX-512 VBMI (Muła & Lemire, "Base64 encoding and decoding at almost the speed of a memory
//! copy", 2019/2020): 48 bytes to 64 characters and back per step, byte permutes across the
//! whole register, masked loads and stores for short inputs and tails.

mod decode;
mod encode;

pub use decode::decode;
pub use encode::encode;
