//! The x86_64 variants: AVX2 after Muła & Lemire (2018), AVX-512 VBMI after Muła & Lemire
//! (2019/2020). Each family has an encoding and a decoding file; both end in the scalar code.

pub mod avx2;
pub mod avx512;

/// A 16-byte table repeated in both 128-bit lanes (`pshufb` looks up within a lane).
const fn both_lanes(t: [u8; 16]) -> [u8; 32] {
    let mut out = [0; 32];
    let mut i = 0;
    while i < 16 {
        out[i] = t[i];
        out[16 + i] = t[i];
        i += 1;
    }
    out
}

/// `(1 << k) - 1` for `k` in `0..=64`: the mask of the first `k` lanes of a 64-byte vector.
#[inline(always)]
fn low_mask(k: usize) -> u64 {
    1u64.checked_shl(k as u32).unwrap_or(0).wrapping_sub(1)
}
