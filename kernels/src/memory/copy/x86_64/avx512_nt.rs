//! AVX-512 with non-temporal stores: every whole, 64-byte-aligned cache line of the destination
//! is written with `vmovntdq` (`_mm512_stream_si512`), whatever the size.
//!
//! A streaming store writes a full line through a write-combining buffer straight to memory: the
//! line is not read first (a normal store's read-for-ownership costs a second pass over DRAM)
//! and does not evict cached data, but it leaves the copy out of cache, so it loses wherever the
//! destination would have fit in cache or is read soon after. This variant streams at every size
//! on purpose, so the tuner measures where it starts to win (Intel Optimization Reference Manual
//! §9.4 "Non-temporal stores"; glibc's `memmove-vec-unaligned-erms` streams past its
//! `non_temporal_threshold`, about a quarter of the L3). The partial lines at both ends are
//! written with masked normal stores; an `sfence` orders the weakly ordered streaming stores
//! before whatever the caller writes next.

use core::arch::x86_64::*;

use super::avx512::{copy_masked, load};

/// Bytes per iteration of the main loop: four lines.
const BLOCK: usize = 4 * 64;

/// Copies `src` into `dst`, streaming the whole lines of `dst`.
///
/// # Safety
///
/// The CPU supports AVX-512F and AVX-512BW, and `dst.len() == src.len()`.
#[target_feature(enable = "avx512f,avx512bw")]
pub unsafe fn copy(dst: &mut [u8], src: &[u8]) {
    debug_assert_eq!(dst.len(), src.len());
    let n = src.len();
    let (d, s) = (dst.as_mut_ptr(), src.as_ptr());
    // Bytes before the first line boundary of `d`.
    let head = (64 - (d as usize & 63)) & 63;
    if n < head + 64 {
        // No whole line to stream.
        // SAFETY: `n < 128`: moved in up to two masked pieces of at most 64 bytes, inside `0..n`.
        unsafe {
            let first = n.min(64);
            copy_masked(d, s, first);
            copy_masked(d.add(first), s.add(first), n - first);
        }
        return;
    }
    // SAFETY: (whole block) `head + 64 <= n`. The head's masked move covers `0..head`; the loops
    // stream whole aligned lines starting at `head` while they fit before `n`; the last masked
    // move covers the `n - i < 64` bytes left. AVX-512F/BW are enabled; `sfence` is SSE.
    unsafe {
        copy_masked(d, s, head);
        let mut i = head;
        while n - i >= BLOCK {
            let v = [
                load(s.add(i)),
                load(s.add(i + 64)),
                load(s.add(i + 128)),
                load(s.add(i + 192)),
            ];
            for (k, v) in v.into_iter().enumerate() {
                _mm512_stream_si512(d.add(i + 64 * k).cast(), v);
            }
            i += BLOCK;
        }
        while n - i >= 64 {
            _mm512_stream_si512(d.add(i).cast(), load(s.add(i)));
            i += 64;
        }
        copy_masked(d.add(i), s.add(i), n - i);
        _mm_sfence();
    }
}
