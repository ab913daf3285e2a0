//! The reference: one comparison per byte.

/// How many bytes of `haystack` equal `needle`.
///
/// # Safety
///
/// None beyond the types: this is safe code with the variant signature.
pub unsafe fn count_byte(needle: u8, haystack: &[u8]) -> usize {
    count(needle, haystack)
}

/// [`count_byte`] as a safe function, for the other variants' short inputs and tails.
#[inline]
pub fn count(needle: u8, haystack: &[u8]) -> usize {
    haystack.iter().filter(|&&b| b == needle).count()
}
