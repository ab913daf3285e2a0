//! The x86_64 variants: the SHA extensions.

pub mod sha_ni;
