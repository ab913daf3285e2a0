//! Other implementations, through their public APIs: the `sha2` crate (RustCrypto, with its own
//! SHA-NI detection) and `ring`.

/// `sha2::Sha256::digest`.
///
/// # Safety
///
/// None beyond the types: the crate's API is safe.
pub unsafe fn crate_sha2(data: &[u8]) -> [u8; 32] {
    use sha2::Digest;
    sha2::Sha256::digest(data).into()
}

/// `ring::digest::digest(&SHA256, ..)`.
#[cfg(target_arch = "x86_64")]
///
/// # Safety
///
/// None beyond the types: the crate's API is safe.
pub unsafe fn crate_ring(data: &[u8]) -> [u8; 32] {
    let digest = ring::digest::digest(&ring::digest::SHA256, data);
    digest
        .as_ref()
        .try_into()
        .expect("a SHA-256 digest is 32 bytes")
}
