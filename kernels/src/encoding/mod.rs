//! Encodings of integers: Stream VByte.

crate::declare::domain!(streamvbyte);

use alloc::vec;
use alloc::vec::Vec;

use self::streamvbyte::{max_encoded_len, DecodeError};

/// The Stream VByte encoding of `values`, in a new vector (dispatch as for
/// [`streamvbyte_encode`]).
///
/// ```
/// let encoded = arsenal::encoding::streamvbyte_encode_to_vec(&[1, 300, 70_000]);
/// assert_eq!(encoded, [0b10_01_00, 1, 44, 1, 112, 17, 1]);
/// ```
pub fn streamvbyte_encode_to_vec(values: &[u32]) -> Vec<u8> {
    let mut out = vec![0; max_encoded_len(values.len())];
    let len = streamvbyte_encode(values, &mut out).expect("room for the longest encoding");
    out.truncate(len);
    out
}

/// `n` values decoded from the Stream VByte encoding at the start of `src`, in a new vector
/// (dispatch as for [`streamvbyte_encode`]); `n` is the count the encoder was given.
///
/// # Errors
///
/// As [`streamvbyte_decode`].
///
/// ```
/// let values = arsenal::encoding::streamvbyte_decode_to_vec(&[0b10_01_00, 1, 44, 1, 112, 17, 1], 3);
/// assert_eq!(values, Ok(vec![1, 300, 70_000]));
/// ```
pub fn streamvbyte_decode_to_vec(src: &[u8], n: usize) -> Result<Vec<u32>, DecodeError> {
    let mut out = vec![0; n];
    streamvbyte_decode(src, &mut out)?;
    Ok(out)
}
