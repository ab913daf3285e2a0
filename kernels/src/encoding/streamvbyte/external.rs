//! `crate:stream-vbyte`: the `stream-vbyte` crate's `Scalar` encoder and decoder.
//!
//! Its SSSE3 decoder and SSE4.1 encoder need its `x86_ssse3`/`x86_sse41` features, which need a
//! nightly compiler (`portable_simd`): a stable build has the scalar codec only, and that is
//! what takes part here. Its decoder panics on input shorter than its control bytes call for,
//! so the wrapper checks the input first (the same checks, and so the same errors, as every
//! variant), and decodes only what is then known to be there.

use stream_vbyte::{decode::decode as sv_decode, encode::encode as sv_encode, scalar::Scalar};

use super::{scalar, DecodeError};

/// `stream_vbyte::encode::encode::<Scalar>`.
///
/// # Safety
///
/// `dst.len() >= max_encoded_len(values.len())` (the crate's API is safe; this keeps the op's
/// signature).
pub unsafe fn encode(values: &[u32], dst: &mut [u8]) -> usize {
    sv_encode::<Scalar>(values, dst)
}

/// `stream_vbyte::decode::decode::<Scalar>`, after the op's checks.
///
/// # Safety
///
/// None beyond the op's signature (the crate's API is safe).
///
/// # Errors
///
/// As the module [defines](super#errors) them.
pub unsafe fn decode(src: &[u8], dst: &mut [u32]) -> Result<usize, DecodeError> {
    let n = dst.len();
    let control = scalar::check_control(src, n)?;
    let needed = scalar::encoded_len(src, control, n);
    if src.len() < needed {
        return Err(DecodeError::Truncated { needed });
    }
    if n == 0 {
        return Ok(0);
    }
    Ok(sv_decode::<Scalar>(&src[..needed], n, dst))
}
