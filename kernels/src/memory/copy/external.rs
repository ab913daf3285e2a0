//! The standard library's copy: `<[u8]>::copy_from_slice`, which lowers to the C library's
//! `memcpy` (glibc's picks `rep movsb`, vector loops or non-temporal stores by size and CPU).
//! It lives in `core`, so this variant exists without the `std` feature too.

/// `dst.copy_from_slice(src)`.
///
/// # Safety
///
/// None beyond the types (unequal lengths panic).
pub unsafe fn std_copy(dst: &mut [u8], src: &[u8]) {
    dst.copy_from_slice(src);
}
