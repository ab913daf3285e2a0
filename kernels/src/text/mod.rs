//! Text: UTF-8 validation and base64 (RFC 4648, standard alphabet, padded).

pub mod base64;
pub mod utf8_validate;

use alloc::vec;
use alloc::vec::Vec;

use crate::dispatch::runtime_entry;

pub use self::base64::{decoded_len, decoded_len_max, encoded_len, DecodeError, DstTooShort};

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

/// Encodes `src` as padded base64 (RFC 4648 §4, standard alphabet) into the first
/// [`encoded_len`]`(src.len())` bytes of `dst`: `Ok(bytes written)`, that length. The rest of
/// `dst`, if any, is left as it was.
///
/// Dispatches through the manifest's plan when the build has one (`ARSENAL_MANIFEST`), else to
/// the best variant this CPU runs, chosen once.
///
/// # Errors
///
/// [`DstTooShort`] if `dst.len() < encoded_len(src.len())`; nothing is written.
///
/// ```
/// let mut dst = [0; 8];
/// assert_eq!(arsenal::text::base64_encode(b"foobar", &mut dst), Ok(8));
/// assert_eq!(&dst, b"Zm9vYmFy");
/// let err = arsenal::text::base64_encode(b"foobar", &mut dst[..7]).unwrap_err();
/// assert_eq!(err.needed, 8);
/// ```
#[inline]
pub fn base64_encode(src: &[u8], dst: &mut [u8]) -> Result<usize, DstTooShort> {
    // Every path below checks the length before it reaches a variant.
    crate::wired::default::text::base64_encode(src, dst)
}

/// Decodes padded base64 text (RFC 4648 §4, standard alphabet, strictly: canonical padding and
/// zero trailing bits) into `dst`: `Ok(bytes written)`. `dst` needs [`decoded_len`]`(src)`
/// bytes, the exact length a valid text decodes to (`3 · ⌊n / 4⌋` less its padding). Nothing
/// outside `dst` is written; past the bytes written, and on error, its contents are
/// unspecified.
///
/// Dispatch as for [`base64_encode`].
///
/// # Errors
///
/// - [`DecodeError::DstTooShort`] if `dst.len() < decoded_len(src)`, whether the text is valid
///   or not (checked first, from the text's length and last two bytes; nothing is written);
/// - else [`DecodeError::InvalidByte`] with the position of the first invalid byte, as
///   [`base64`](self::base64#error-position) defines it (the input's length when it ends inside
///   a quantum).
///
/// ```
/// use arsenal::text::{base64_decode, DecodeError};
/// let mut dst = [0; 4];
/// assert_eq!(base64_decode(b"Zm9vYg==", &mut dst), Ok(4));
/// assert_eq!(&dst, b"foob");
/// assert_eq!(base64_decode(b"Zm9vYmE=", &mut dst), Err(DecodeError::DstTooShort { needed: 5 }));
/// let mut dst = [0; 5];
/// assert_eq!(base64_decode(b"Zm9vYmE=", &mut dst), Ok(5));
/// assert_eq!(base64_decode(b"Zm9v*mE=", &mut dst), Err(DecodeError::InvalidByte(4)));
/// assert_eq!(base64_decode(b"Zm9vYmF=", &mut dst), Err(DecodeError::InvalidByte(6)));
/// ```
#[inline]
pub fn base64_decode(src: &[u8], dst: &mut [u8]) -> Result<usize, DecodeError> {
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
    let written = base64_encode(src, &mut out);
    debug_assert_eq!(written, Ok(out.len()));
    out
}

/// The bytes padded base64 text decodes to, in a new vector (dispatch as for
/// [`base64_encode`]).
///
/// # Errors
///
/// [`DecodeError::InvalidByte`] as for [`base64_decode`]; never `DstTooShort`.
///
/// ```
/// use arsenal::text::DecodeError;
/// assert_eq!(arsenal::text::base64_decode_to_vec(b"Zm9vYg=="), Ok(b"foob".to_vec()));
/// assert_eq!(arsenal::text::base64_decode_to_vec(b"Zm9vYg="), Err(DecodeError::InvalidByte(7)));
/// ```
pub fn base64_decode_to_vec(src: &[u8]) -> Result<Vec<u8>, DecodeError> {
    // Room for `decoded_len_max`, so the variant decodes the whole text itself.
    let mut out = vec![0; decoded_len_max(src.len())];
    let n = base64_decode(src, &mut out)?;
    out.truncate(n);
    Ok(out)
}

/// [`base64_encode`] by runtime dispatch.
///
/// # Errors
///
/// As [`base64_encode`].
#[inline]
pub fn runtime_base64_encode(src: &[u8], dst: &mut [u8]) -> Result<usize, DstTooShort> {
    // SAFETY: `dispatch_base64_encode` runs a variant this host may run.
    unsafe { base64::encode_checked(dispatch_base64_encode, src, dst) }
}

/// [`base64_decode`] by runtime dispatch.
///
/// # Errors
///
/// As [`base64_decode`].
#[inline]
pub fn runtime_base64_decode(src: &[u8], dst: &mut [u8]) -> Result<usize, DecodeError> {
    // SAFETY: `dispatch_base64_decode` runs a variant this host may run.
    unsafe { base64::decode_checked(dispatch_base64_decode, src, dst) }
}

// The cached dispatch behind the two runtime entries. Private: it passes `dst` on unchecked, so
// only the entries above, which pass it on with the room a variant needs, call it.
runtime_entry! {
    fn dispatch_base64_encode(src: &[u8], dst: &mut [u8]) -> () => base64::Base64Encode;
}

runtime_entry! {
    fn dispatch_base64_decode(src: &[u8], dst: &mut [u8]) -> Result<usize, usize> => base64::Base64Decode;
}
