//! Byte search: the first or last occurrence of a byte in a slice.

pub mod memchr;

use crate::dispatch::runtime_entry;

/// Index of the first occurrence of `needle` in `haystack`.
///
/// Dispatches through the manifest's plan when the build has one (`ARSENAL_MANIFEST`), else to
/// the best variant this CPU runs, chosen once.
///
/// ```
/// assert_eq!(arsenal::search::memchr(b'l', b"hello"), Some(2));
/// ```
#[inline]
pub fn memchr(needle: u8, haystack: &[u8]) -> Option<usize> {
    crate::wired::default::search::memchr(needle, haystack)
}

/// Index of the last occurrence of `needle` in `haystack` (dispatch as for [`memchr()`]).
///
/// ```
/// assert_eq!(arsenal::search::memrchr(b'l', b"hello"), Some(3));
/// ```
#[inline]
pub fn memrchr(needle: u8, haystack: &[u8]) -> Option<usize> {
    crate::wired::default::search::memrchr(needle, haystack)
}

runtime_entry! {
    /// [`memchr()`] by runtime dispatch.
    pub fn runtime_memchr(needle: u8, haystack: &[u8]) -> Option<usize> => memchr::Memchr;
}

runtime_entry! {
    /// [`memrchr()`] by runtime dispatch.
    pub fn runtime_memrchr(needle: u8, haystack: &[u8]) -> Option<usize> => memchr::Memrchr;
}
