//! The naive baseline: every window compared with the needle, first to last.
//!
//! `O(n·m)` in the worst case (a haystack of `a` and a needle `aa…ab` compares nearly `m` bytes
//! at every position): exempt from the op's linearity requirement, and kept as the textbook
//! definition the other variants are verified against and the floor they are measured over.
//! `arsenal tune --exclude naive` keeps it out of a manifest.

/// First index of `needle` in `haystack`.
///
/// # Safety
///
/// None beyond the types: this is safe code with the variant signature.
pub unsafe fn memmem(needle: &super::Needle<'_>, haystack: &[u8]) -> Option<usize> {
    find(needle.bytes(), haystack)
}

/// First index of `needle` in `haystack`, every window compared.
pub fn find(needle: &[u8], haystack: &[u8]) -> Option<usize> {
    if needle.is_empty() {
        return Some(0);
    }
    haystack.windows(needle.len()).position(|w| w == needle)
}
