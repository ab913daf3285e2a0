//! Checksums: CRC-32C.

pub mod crc32c;

use crate::dispatch::runtime_entry;

runtime_entry! {
    /// The CRC-32C of the data so far (`crc`, 0 for none) followed by `data`:
    /// `crc32c_update(crc32c_update(0, a), b) == crc32c(a ++ b)`.
    ///
    /// ```
    /// let crc = arsenal::checksum::crc32c_update(0, b"12345");
    /// assert_eq!(arsenal::checksum::crc32c_update(crc, b"6789"), 0xE306_9283);
    /// ```
    pub fn crc32c_update(crc: u32, data: &[u8]) -> u32 => crc32c::Crc32c;
}

/// The CRC-32C (Castagnoli) of `data`.
///
/// ```
/// assert_eq!(arsenal::checksum::crc32c(b"123456789"), 0xE306_9283);
/// ```
#[inline]
pub fn crc32c(data: &[u8]) -> u32 {
    crc32c_update(0, data)
}
