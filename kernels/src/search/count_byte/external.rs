//! Other implementations, through their public APIs: the `bytecount` crate (its runtime-dispatched
//! SIMD path) and the `memchr` crate's iterator over every match, counted.

/// `bytecount::count`.
///
/// # Safety
///
/// None beyond the types: the crate's API is safe.
pub unsafe fn crate_bytecount(needle: u8, haystack: &[u8]) -> usize {
    bytecount::count(haystack, needle)
}

/// `memchr::memchr_iter(needle, haystack).count()`: what programs that count with the `memchr`
/// crate write.
///
/// # Safety
///
/// None beyond the types: the crate's API is safe.
pub unsafe fn crate_memchr_iter(needle: u8, haystack: &[u8]) -> usize {
    memchr::memchr_iter(needle, haystack).count()
}
