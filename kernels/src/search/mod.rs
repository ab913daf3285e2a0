//! Byte search: the first or last occurrence of a byte in a slice.

pub mod memchr;

use crate::dispatch::runtime_entry;

runtime_entry! {
    /// Index of the first occurrence of `needle` in `haystack`.
    ///
    /// ```
    /// assert_eq!(arsenal::search::memchr(b'l', b"hello"), Some(2));
    /// ```
    pub fn memchr(needle: u8, haystack: &[u8]) -> Option<usize> => memchr::Memchr;
}

runtime_entry! {
    /// Index of the last occurrence of `needle` in `haystack`.
    ///
    /// ```
    /// assert_eq!(arsenal::search::memrchr(b'l', b"hello"), Some(3));
    /// ```
    pub fn memrchr(needle: u8, haystack: &[u8]) -> Option<usize> => memchr::Memrchr;
}
