//! Other implementations, through their public APIs: the `base64` crate's general-purpose
//! `STANDARD` engine (`crate:base64`) and its AVX2 engine `Simd::standard(PAD)`
//! (`crate:base64:simd`, which detects AVX2 itself and falls back to its scalar code), and
//! `base64-simd`'s `STANDARD`.
//!
//! All accept and reject exactly the inputs the op does (padding required, non-zero trailing
//! bits rejected; the verification checks this), but none reports the op's error position:
//! `base64-simd` gives no position at all, and `base64`'s offsets follow its own rules (an
//! invalid length or padding has none, an invalid last symbol is reported where it finds it).
//! So when the crate reports an error, its wrapper finds the position with the scalar reference
//! ([`scalar::decode_at`], run over `dst`, whose contents are unspecified after an error anyway).
//! The position costs one more pass over the input, on the error path only.

use base64::Engine as _;

use super::scalar;

/// `base64::engine::general_purpose::STANDARD.encode_slice`.
///
/// # Safety
///
/// `dst.len() == encoded_len(src.len())` (else the crate's error panics here; no memory is
/// touched outside `dst`).
pub unsafe fn base64_encode(src: &[u8], dst: &mut [u8]) {
    let written = base64::engine::general_purpose::STANDARD.encode_slice(src, dst);
    debug_assert_eq!(written.ok(), Some(dst.len()));
}

/// `base64::engine::general_purpose::STANDARD.decode_slice`; the error position from the
/// scalar reference.
///
/// # Safety
///
/// `dst.len() >= decoded_len_max(src.len())`.
pub unsafe fn base64_decode(src: &[u8], dst: &mut [u8]) -> Result<usize, usize> {
    match base64::engine::general_purpose::STANDARD.decode_slice(src, &mut *dst) {
        Ok(n) => Ok(n),
        Err(_) => Err(position_after_error(src, dst)),
    }
}

/// The `base64` crate's SIMD engine for the standard alphabet with padding, built once (it
/// detects the instruction set when built).
fn simd_engine() -> &'static base64::engine::Simd {
    static ENGINE: std::sync::OnceLock<base64::engine::Simd> = std::sync::OnceLock::new();
    ENGINE.get_or_init(|| base64::engine::Simd::standard(base64::engine::general_purpose::PAD))
}

/// `base64::engine::Simd::standard(PAD).encode_slice`.
///
/// # Safety
///
/// `dst.len() == encoded_len(src.len())` (else the crate's error panics here; no memory is
/// touched outside `dst`).
pub unsafe fn base64_engine_simd_encode(src: &[u8], dst: &mut [u8]) {
    let written = simd_engine().encode_slice(src, dst);
    debug_assert_eq!(written.ok(), Some(dst.len()));
}

/// `base64::engine::Simd::standard(PAD).decode_slice`; the error position from the scalar
/// reference.
///
/// # Safety
///
/// `dst.len() >= decoded_len_max(src.len())`.
pub unsafe fn base64_engine_simd_decode(src: &[u8], dst: &mut [u8]) -> Result<usize, usize> {
    match simd_engine().decode_slice(src, &mut *dst) {
        Ok(n) => Ok(n),
        Err(_) => Err(position_after_error(src, dst)),
    }
}

/// `base64_simd::STANDARD.encode`.
///
/// # Safety
///
/// `dst.len() == encoded_len(src.len())` (else the crate panics).
pub unsafe fn base64_simd_encode(src: &[u8], dst: &mut [u8]) {
    let _ = base64_simd::STANDARD.encode(src, base64_simd::Out::from_slice(dst));
}

/// `base64_simd::STANDARD.decode`; the error position from the scalar reference.
///
/// # Safety
///
/// `dst.len() >= decoded_len_max(src.len())` (the crate needs only the exact decoded length).
pub unsafe fn base64_simd_decode(src: &[u8], dst: &mut [u8]) -> Result<usize, usize> {
    match base64_simd::STANDARD.decode(src, base64_simd::Out::from_slice(&mut *dst)) {
        Ok(out) => Ok(out.len()),
        Err(_) => Err(position_after_error(src, dst)),
    }
}

/// The op's error position for an input a crate rejected. Should the reference accept it (the
/// crate and the op disagree on validity), the length is reported, which the verification
/// flags as a mismatch against the reference's `Ok`.
#[cold]
#[inline(never)]
fn position_after_error(src: &[u8], dst: &mut [u8]) -> usize {
    scalar::decode_at(src, dst, 0, 0).err().unwrap_or(src.len())
}
