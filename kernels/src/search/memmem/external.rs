//! The `memchr` crate's substring search, through its public API: a prebuilt
//! `memchr::memmem::Finder` (built once per [`Needle`], on its first use) and the one-shot
//! `memchr::memmem::find`, which builds its searcher on every call.

use super::Needle;

/// `Finder::find` with the needle's prebuilt finder.
///
/// # Safety
///
/// None beyond the types: the crate's API is safe.
pub unsafe fn crate_memchr(needle: &Needle<'_>, haystack: &[u8]) -> Option<usize> {
    needle.finder().find(haystack)
}

/// `memchr::memmem::find`.
///
/// # Safety
///
/// None beyond the types: the crate's API is safe.
pub unsafe fn crate_memchr_find(needle: &Needle<'_>, haystack: &[u8]) -> Option<usize> {
    memchr::memmem::find(haystack, needle.bytes())
}
