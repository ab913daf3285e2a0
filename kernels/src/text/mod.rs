//! Text: UTF-8 validation and base64 (RFC 4648, standard alphabet, padded).

pub mod base64;
pub mod utf8_validate;

use alloc::vec;
use alloc::vec::Vec;

use crate::dispatch::runtime_entry;

pub use self::base64::{decoded_len_max, encoded_len};

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

/// Encodes `src` as padded base64 (RFC 4648 §4, standard alphabet) into `dst`, which must hold
/// exactly [`encoded_len`]`(src.len())` bytes.
///
/// Dispatches through the manifest's plan when the build has one (`ARSENAL_MANIFEST`), else to
/// the best variant this CPU runs, chosen once.
///
/// # Panics
///
/// If `dst.len() != encoded_len(src.len())`.
///
/// ```
/// let mut dst = [0; 8];
/// arsenal::text::base64_encode(b"foobar", &mut dst);
/// assert_eq!(&dst, b"Zm9vYmFy");
/// ```
#[inline]
pub fn base64_encode(src: &[u8], dst: &mut [u8]) {
    // Every path below checks the length before it reaches a variant.
    crate::wired::default::text::base64_encode(src, dst)
}

/// Decodes padded base64 text (RFC 4648 §4, standard alphabet, strictly: canonical padding and
/// zero trailing bits) into `dst`, which must hold at least [`decoded_len_max`]`(src.len())`
/// bytes: `Ok(bytes written)`, or `Err(position)` of the first invalid byte as
/// [`base64`](self::base64#error-position) defines it (the input's length when it ends inside a
/// quantum). Past the bytes written, and on error, the contents of `dst` are unspecified.
///
/// Dispatch as for [`base64_encode`].
///
/// # Panics
///
/// If `dst.len() < decoded_len_max(src.len())`.
///
/// ```
/// let mut dst = [0; 6];
/// assert_eq!(arsenal::text::base64_decode(b"Zm9vYmE=", &mut dst), Ok(5));
/// assert_eq!(&dst[..5], b"fooba");
/// assert_eq!(arsenal::text::base64_decode(b"Zm9v*mE=", &mut dst), Err(4));
/// assert_eq!(arsenal::text::base64_decode(b"Zm9vYmF=", &mut dst), Err(6));
/// ```
#[inline]
pub fn base64_decode(src: &[u8], dst: &mut [u8]) -> Result<usize, usize> {
    // Every path below checks the room before it reaches a variant.
    crate::wired::default::text::base64_decode(src, dst)
}

/// The padded base64 encoding of `src`, in a new vector (dispatch as for [`base64_encode`]).
///
/// ```
/// assert_eq!(arsenal::text::base64_encode_to_vec(b"fooba"), b"Zm9vYmE=");
/// ```
pub fn base64_encode_to_vec(src: &[u8]) -> Vec<u8> {
    let mut out = vec![0; encoded_len(src.len())];
    base64_encode(src, &mut out);
    out
}

/// The bytes padded base64 text decodes to, in a new vector, or the position of its first
/// invalid byte (as for [`base64_decode`]).
///
/// ```
/// assert_eq!(arsenal::text::base64_decode_to_vec(b"Zm9vYg=="), Ok(b"foob".to_vec()));
/// assert_eq!(arsenal::text::base64_decode_to_vec(b"Zm9vYg="), Err(7));
/// ```
pub fn base64_decode_to_vec(src: &[u8]) -> Result<Vec<u8>, usize> {
    let mut out = vec![0; decoded_len_max(src.len())];
    let n = base64_decode(src, &mut out)?;
    out.truncate(n);
    Ok(out)
}

/// [`base64_encode`] by runtime dispatch.
///
/// # Panics
///
/// If `dst.len() != encoded_len(src.len())`.
#[inline]
pub fn runtime_base64_encode(src: &[u8], dst: &mut [u8]) {
    dispatch_base64_encode(src, base64::check_encode_dst(src.len(), dst));
}

/// [`base64_decode`] by runtime dispatch.
///
/// # Panics
///
/// If `dst.len() < decoded_len_max(src.len())`.
#[inline]
pub fn runtime_base64_decode(src: &[u8], dst: &mut [u8]) -> Result<usize, usize> {
    dispatch_base64_decode(src, base64::check_decode_dst(src.len(), dst))
}

// The cached dispatch behind the two runtime entries. Private: it passes `dst` on unchecked, so
// only the entries above, which check its length first, call it.
runtime_entry! {
    fn dispatch_base64_encode(src: &[u8], dst: &mut [u8]) -> () => base64::Base64Encode;
}

runtime_entry! {
    fn dispatch_base64_decode(src: &[u8], dst: &mut [u8]) -> Result<usize, usize> => base64::Base64Decode;
}
