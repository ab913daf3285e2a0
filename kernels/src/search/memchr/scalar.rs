//! The byte-at-a-time loops: the reference for both ops.

/// First index of `needle`, one byte at a time.
///
/// # Safety
///
/// None beyond the types: this is safe code with the variant signature.
pub unsafe fn memchr(needle: u8, haystack: &[u8]) -> Option<usize> {
    find(needle, haystack)
}

/// Last index of `needle`, one byte at a time.
///
/// # Safety
///
/// None beyond the types: this is safe code with the variant signature.
pub unsafe fn memrchr(needle: u8, haystack: &[u8]) -> Option<usize> {
    rfind(needle, haystack)
}

/// First index of `needle` (safe form, used for short inputs by the SIMD variants).
#[inline]
pub fn find(needle: u8, haystack: &[u8]) -> Option<usize> {
    haystack.iter().position(|&b| b == needle)
}

/// Last index of `needle` (safe form, used for short inputs by the SIMD variants).
#[inline]
pub fn rfind(needle: u8, haystack: &[u8]) -> Option<usize> {
    haystack.iter().rposition(|&b| b == needle)
}
