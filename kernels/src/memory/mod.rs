//! Memory operations: copying bytes.

pub mod copy;

use crate::dispatch::runtime_entry;

/// Copies `src` into `dst` (like `dst.copy_from_slice(src)`).
///
/// Dispatches through the manifest's plan when the build has one (`ARSENAL_MANIFEST`), else to
/// the best variant this CPU runs, chosen once.
///
/// # Panics
///
/// If the two slices have different lengths.
///
/// ```
/// let mut dst = [0u8; 5];
/// arsenal::memory::copy(&mut dst, b"hello");
/// assert_eq!(&dst, b"hello");
/// ```
#[inline]
#[track_caller]
pub fn copy(dst: &mut [u8], src: &[u8]) {
    copy::assert_same_len(dst.len(), src.len());
    crate::wired::default::memory::copy(dst, src)
}

/// [`copy()`] by runtime dispatch.
///
/// # Panics
///
/// If the two slices have different lengths.
#[inline]
#[track_caller]
pub fn runtime_copy(dst: &mut [u8], src: &[u8]) {
    copy::assert_same_len(dst.len(), src.len());
    dispatch_copy(dst, src)
}

runtime_entry! {
    /// The dispatch behind [`runtime_copy`]. The variants assume equal lengths: call it only
    /// once they are checked.
    fn dispatch_copy(dst: &mut [u8], src: &[u8]) -> () => copy::Memcpy;
}
