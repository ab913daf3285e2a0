//! Text: UTF-8 validation and base64 (RFC 4648, standard alphabet, padded).

crate::declare::domain!(utf8_validate, base64);

use alloc::vec;
use alloc::vec::Vec;

pub use self::base64::{decoded_len, decoded_len_max, encoded_len, DecodeError, DstTooShort};

/// `bytes` as a `&str` if it is well-formed UTF-8, else `Err(valid_up_to)` (validation as
/// [`utf8_validate()`]).
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
