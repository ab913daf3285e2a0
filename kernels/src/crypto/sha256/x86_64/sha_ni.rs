//! SHA-NI: the Intel SHA extensions run two rounds per `sha256rnds2` and schedule the message
//! four words at a time with `sha256msg1` / `sha256msg2` (Intel SDM vol. 2, `SHA256RNDS2`,
//! `SHA256MSG1`, `SHA256MSG2`; Gulley et al., "Intel SHA Extensions", Intel white paper, 2013).
//!
//! The instructions keep the working variables as two vectors, `ABEF` and `CDGH` (lane 3 first),
//! so the state is shuffled into that form once per call and back at the end. Each group of four
//! rounds `g` adds `K[4g..4g + 4]` to its message words `W[4g..4g + 4]`, runs two rounds on the
//! low half and two on the high half; meanwhile the words of group `g + 1` are finished
//! (`W[t − 7]` added, then `sha256msg2` adds σ1 of the two words before) and `sha256msg1` starts
//! those of group `g + 3` (`W[t − 16] + σ0(W[t − 15])`), as FIPS 180-4 §6.2.2 step 1 defines
//! them.

use core::arch::x86_64::*;

use crate::crypto::sha256::scalar::{self, BLOCK, K};

/// The digest of `data`.
///
/// # Safety
///
/// The CPU supports SHA and SSE4.1.
#[target_feature(enable = "sha,sse2,ssse3,sse4.1")]
pub unsafe fn sha256(data: &[u8]) -> [u8; 32] {
    // SAFETY: the same features are enabled here.
    scalar::digest(data, |state, whole, end| unsafe {
        compress(state, whole, end)
    })
}

/// Folds each 64-byte block of `whole`, then of `end`, into `state`.
///
/// # Safety
///
/// The CPU supports SHA and SSE4.1; both lengths are multiples of 64.
#[target_feature(enable = "sha,sse2,ssse3,sse4.1")]
// The lint sees the schedule's writes in the last groups' branches, which constant `g` removes.
#[allow(unused_assignments)]
unsafe fn compress(state: &mut [u32; 8], whole: &[u8], end: &[u8]) {
    // Reverses the bytes of each 32-bit word: the message words are big-endian.
    let swap = _mm_set_epi64x(0x0c0d_0e0f_0809_0a0b, 0x0405_0607_0001_0203);
    // SAFETY: `state` is 32 readable and writable bytes; every load below reads inside a block
    // or `K`.
    unsafe {
        let dcba = _mm_loadu_si128(state.as_ptr().cast());
        let hgfe = _mm_loadu_si128(state.as_ptr().add(4).cast());
        let cdab = _mm_shuffle_epi32::<0xB1>(dcba);
        let efgh = _mm_shuffle_epi32::<0x1B>(hgfe);
        let mut abef = _mm_alignr_epi8::<8>(cdab, efgh);
        let mut cdgh = _mm_blend_epi16::<0xF0>(efgh, cdab);
        for block in whole.chunks_exact(BLOCK).chain(end.chunks_exact(BLOCK)) {
            let (saved_abef, saved_cdgh) = (abef, cdgh);
            let mut m = [_mm_setzero_si128(); 4];
            for (i, v) in m.iter_mut().enumerate() {
                *v = _mm_shuffle_epi8(_mm_loadu_si128(block.as_ptr().add(16 * i).cast()), swap);
            }
            // The sixteen groups written out (constant `g`), so `m` lives in registers.
            macro_rules! groups {
                ($($g:literal)*) => {$({
                    let g: usize = $g;
                    let k = _mm_loadu_si128(K.as_ptr().add(4 * g).cast());
                    let wk = _mm_add_epi32(m[g % 4], k);
                    // Two rounds on W + K of the low half: the new A, B, E, F.
                    cdgh = _mm_sha256rnds2_epu32(cdgh, abef, wk);
                    if (3..15).contains(&g) {
                        // W[4g − 3 .. 4g + 1], the W[t − 7] of group g + 1.
                        let t7 = _mm_alignr_epi8::<4>(m[g % 4], m[(g + 3) % 4]);
                        let next = _mm_add_epi32(m[(g + 1) % 4], t7);
                        m[(g + 1) % 4] = _mm_sha256msg2_epu32(next, m[g % 4]);
                    }
                    // `cdgh` now holds A, B, E, F after two rounds, which are C, D, G, H after
                    // four; `abef` still holds the old A, B, E, F, which are C, D, G, H after two.
                    abef = _mm_sha256rnds2_epu32(abef, cdgh, _mm_shuffle_epi32::<0x0E>(wk));
                    if (1..13).contains(&g) {
                        m[(g + 3) % 4] = _mm_sha256msg1_epu32(m[(g + 3) % 4], m[g % 4]);
                    }
                })*};
            }
            groups!(0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15);
            abef = _mm_add_epi32(abef, saved_abef);
            cdgh = _mm_add_epi32(cdgh, saved_cdgh);
        }
        let feba = _mm_shuffle_epi32::<0x1B>(abef);
        let dchg = _mm_shuffle_epi32::<0xB1>(cdgh);
        let dcba = _mm_blend_epi16::<0xF0>(feba, dchg);
        let hgfe = _mm_alignr_epi8::<8>(dchg, feba);
        _mm_storeu_si128(state.as_mut_ptr().cast(), dcba);
        _mm_storeu_si128(state.as_mut_ptr().add(4).cast(), hgfe);
    }
}
