//! The `lz4_flex` crate's block decoders, each through `block::decompress_into`: its safe
//! decoder (`crate:lz4_flex`, 0.14.2 with `safe-decode`) and its unsafe one
//! (`crate:lz4_flex:unsafe`, with `checked-decode`, which keeps its bounds checks). The crate
//! picks one by a cargo feature, so one build can link only one of them per version: the unsafe
//! decoder is the previous release, 0.13.0, linked under another name. Every error maps to
//! [`DecompressError`].

use super::DecompressError;

/// `lz4_flex::block::decompress_into`, the safe decoder.
///
/// # Safety
///
/// None beyond the signature (the crate's API is safe).
///
/// # Errors
///
/// When the crate's decoder fails.
pub unsafe fn lz4_flex(src: &[u8], dst: &mut [u8]) -> Result<usize, DecompressError> {
    lz4_flex::block::decompress_into(src, dst).map_err(|_| DecompressError)
}

/// `lz4_flex::block::decompress_into` (0.13.0), the unsafe decoder with its checks.
///
/// # Safety
///
/// None beyond the signature (the crate's API is safe).
///
/// # Errors
///
/// When the crate's decoder fails.
pub unsafe fn lz4_flex_unsafe(src: &[u8], dst: &mut [u8]) -> Result<usize, DecompressError> {
    lz4_flex_unsafe::block::decompress_into(src, dst).map_err(|_| DecompressError)
}

/// `data` compressed by `lz4_flex::block::compress`: the blocks the bench decompresses.
pub fn compress(data: &[u8]) -> alloc::vec::Vec<u8> {
    lz4_flex::block::compress(data)
}
