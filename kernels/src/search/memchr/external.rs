//! Other implementations, through their public APIs: the `memchr` crate and the C library.

/// `memchr::memchr`.
///
/// # Safety
///
/// None beyond the types: the crate's API is safe.
pub unsafe fn crate_memchr(needle: u8, haystack: &[u8]) -> Option<usize> {
    memchr::memchr(needle, haystack)
}

/// `memchr::memrchr`.
///
/// # Safety
///
/// None beyond the types: the crate's API is safe.
pub unsafe fn crate_memrchr(needle: u8, haystack: &[u8]) -> Option<usize> {
    memchr::memrchr(needle, haystack)
}

/// The C library's `memchr`.
///
/// # Safety
///
/// None beyond the types: the pointer and length come from a valid slice.
pub unsafe fn libc_memchr(needle: u8, haystack: &[u8]) -> Option<usize> {
    // SAFETY: `haystack` is a valid slice of `len` readable bytes.
    let p = unsafe { libc::memchr(haystack.as_ptr().cast(), i32::from(needle), haystack.len()) };
    (!p.is_null()).then(|| p as usize - haystack.as_ptr() as usize)
}

/// The C library's `memrchr` (a GNU extension, present on Linux).
///
/// # Safety
///
/// None beyond the types: the pointer and length come from a valid slice.
#[cfg(target_os = "linux")]
pub unsafe fn libc_memrchr(needle: u8, haystack: &[u8]) -> Option<usize> {
    // SAFETY: `haystack` is a valid slice of `len` readable bytes.
    let p = unsafe { libc::memrchr(haystack.as_ptr().cast(), i32::from(needle), haystack.len()) };
    (!p.is_null()).then(|| p as usize - haystack.as_ptr() as usize)
}
