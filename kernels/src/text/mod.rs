//! Text: UTF-8 validation.

pub mod utf8_validate;

use crate::dispatch::runtime_entry;

/// `Ok(())` if `bytes` is well-formed UTF-8, else `Err(valid_up_to)`: the length of the longest
/// prefix of whole characters, as [`core::str::Utf8Error::valid_up_to`] gives it.
///
/// Dispatches through the manifest's plan when the build has one (`ARSENAL_MANIFEST`), else to
/// the best variant this CPU runs, chosen once.
///
/// ```
/// assert_eq!(arsenal::text::utf8_validate("grüße, 世界".as_bytes()), Ok(()));
/// assert_eq!(arsenal::text::utf8_validate(b"ab\xC3("), Err(2));
/// ```
#[inline]
pub fn utf8_validate(bytes: &[u8]) -> Result<(), usize> {
    crate::wired::default::text::utf8_validate(bytes)
}

/// `bytes` as a `&str` if it is well-formed UTF-8, else `Err(valid_up_to)` (validation as
/// [`utf8_validate`]).
///
/// ```
/// assert_eq!(arsenal::text::from_utf8(b"caf\xC3\xA9"), Ok("café"));
/// assert_eq!(arsenal::text::from_utf8(b"caf\xC3"), Err(3));
/// ```
#[inline]
pub fn from_utf8(bytes: &[u8]) -> Result<&str, usize> {
    utf8_validate(bytes)?;
    // SAFETY: every variant behind `utf8_validate` returns `Ok` only for well-formed UTF-8 (the
    // op's exact contract against `core::str::from_utf8`, which the verification checks).
    Ok(unsafe { core::str::from_utf8_unchecked(bytes) })
}

runtime_entry! {
    /// [`utf8_validate`] by runtime dispatch.
    pub fn runtime_utf8_validate(bytes: &[u8]) -> Result<(), usize> => utf8_validate::Utf8Validate;
}
