//! Other implementations, through their public APIs: the `crc32c` crate.

/// `crc32c::crc32c_append`: the same streaming contract (finished CRC in, finished CRC out).
///
/// # Safety
///
/// None beyond the types: the crate's API is safe.
pub unsafe fn crate_crc32c(crc: u32, data: &[u8]) -> u32 {
    crc32c::crc32c_append(crc, data)
}
