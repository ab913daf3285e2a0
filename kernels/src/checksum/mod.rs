//! Checksums: CRC-32C.

pub mod crc32c;

use crate::dispatch::runtime_entry;

/// The CRC-32C of the data so far (`crc`, 0 for none) followed by `data`:
/// `crc32c_update(crc32c_update(0, a), b) == crc32c(a ++ b)`.
///
/// Dispatches through the manifest's plan when the build has one (`ARSENAL_MANIFEST`), else to
/// the best variant this CPU runs, chosen once.
///
/// ```
/// let crc = arsenal::checksum::crc32c_update(0, b"12345");
/// assert_eq!(arsenal::checksum::crc32c_update(crc, b"6789"), 0xE306_9283);
/// ```
#[inline]
pub fn crc32c_update(crc: u32, data: &[u8]) -> u32 {
    crate::wired::default::checksum::crc32c_update(crc, data)
}

/// The CRC-32C (Castagnoli) of `data` (dispatch as for [`crc32c_update`]).
///
/// ```
/// assert_eq!(arsenal::checksum::crc32c(b"123456789"), 0xE306_9283);
/// ```
#[inline]
pub fn crc32c(data: &[u8]) -> u32 {
    crate::wired::default::checksum::crc32c(data)
}

runtime_entry! {
    /// [`crc32c_update`] by runtime dispatch.
    pub fn runtime_crc32c_update(crc: u32, data: &[u8]) -> u32 => crc32c::Crc32c;
}

/// [`crc32c`] by runtime dispatch.
#[inline]
pub fn runtime_crc32c(data: &[u8]) -> u32 {
    runtime_crc32c_update(0, data)
}
