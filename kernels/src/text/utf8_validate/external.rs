//! Other implementations, through their public APIs: the standard library's `str::from_utf8`
//! (the reference; it lives in `core`, so every build has it) and the `simdutf8` crate.

/// `core::str::from_utf8`, its error mapped to `valid_up_to`.
///
/// # Safety
///
/// None beyond the types: the API is safe.
pub unsafe fn std_from_utf8(bytes: &[u8]) -> Result<(), usize> {
    reference(bytes)
}

/// The reference as a safe function.
#[inline]
pub fn reference(bytes: &[u8]) -> Result<(), usize> {
    match core::str::from_utf8(bytes) {
        Ok(_) => Ok(()),
        Err(e) => Err(e.valid_up_to()),
    }
}

/// `simdutf8::compat::from_utf8` (its own runtime choice of AVX2, SSE4.2 or scalar), its error
/// mapped to `valid_up_to`.
///
/// # Safety
///
/// None beyond the types: the crate's API is safe.
#[cfg(feature = "std")]
pub unsafe fn crate_simdutf8(bytes: &[u8]) -> Result<(), usize> {
    match simdutf8::compat::from_utf8(bytes) {
        Ok(_) => Ok(()),
        Err(e) => Err(e.valid_up_to()),
    }
}
