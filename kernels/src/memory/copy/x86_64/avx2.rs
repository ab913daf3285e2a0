//! AVX2: 32-byte vectors, unaligned loads, overlapping unaligned moves for the ends.
//!
//! Up to 32 bytes: two overlapping moves of the largest power of two that fits (16, 8, 4, 2
//! bytes) or one byte. Up to 128: two or four overlapping `ymm` moves from both ends. Larger:
//! the first vector and the last four are loaded up front; the loop then stores four vectors per
//! iteration to a 32-byte-aligned destination (no store splits a cache line) from wherever the
//! source is, and the saved vectors are stored at the very start and end last, covering the
//! unaligned head and the partial last block. Bytes written twice get the same value twice.

use core::arch::x86_64::*;

/// Bytes per iteration of the main loop: four vectors.
const BLOCK: usize = 4 * 32;

/// Copies `src` into `dst`.
///
/// # Safety
///
/// The CPU supports AVX2, and `dst.len() == src.len()`.
#[target_feature(enable = "avx2")]
pub unsafe fn copy(dst: &mut [u8], src: &[u8]) {
    debug_assert_eq!(dst.len(), src.len());
    let n = src.len();
    let (d, s) = (dst.as_mut_ptr(), src.as_ptr());
    // SAFETY: (whole block) both ranges hold `n` bytes; each path below reads and writes only
    // inside `0..n`, as its bounds show.
    unsafe {
        match n {
            0..=32 => small(d, s, n),
            33..=64 => {
                let (a, b) = (load(s), load(s.add(n - 32)));
                store(d, a);
                store(d.add(n - 32), b);
            }
            65..=BLOCK => {
                let (a, b) = (load(s), load(s.add(32)));
                let (y, z) = (load(s.add(n - 64)), load(s.add(n - 32)));
                store(d, a);
                store(d.add(32), b);
                store(d.add(n - 64), y);
                store(d.add(n - 32), z);
            }
            _ => large(d, s, n),
        }
    }
}

#[inline(always)]
unsafe fn load(p: *const u8) -> __m256i {
    // SAFETY: the caller guarantees 32 readable bytes at `p` and AVX2.
    unsafe { _mm256_loadu_si256(p.cast()) }
}

#[inline(always)]
unsafe fn store(p: *mut u8, v: __m256i) {
    // SAFETY: the caller guarantees 32 writable bytes at `p` and AVX2.
    unsafe { _mm256_storeu_si256(p.cast(), v) }
}

/// Copies `n <= 32` bytes with two overlapping moves of the widest power of two that fits.
///
/// # Safety
///
/// `n` bytes readable at `s` and writable at `d`; SSE2 (implied by AVX2).
#[inline(always)]
pub(crate) unsafe fn small(d: *mut u8, s: *const u8, n: usize) {
    // SAFETY: (whole block) each pair of moves covers `0..w` and `n - w..n` with `w <= n`.
    unsafe {
        if n >= 16 {
            let a = _mm_loadu_si128(s.cast());
            let b = _mm_loadu_si128(s.add(n - 16).cast());
            _mm_storeu_si128(d.cast(), a);
            _mm_storeu_si128(d.add(n - 16).cast(), b);
        } else if n >= 8 {
            let a = s.cast::<u64>().read_unaligned();
            let b = s.add(n - 8).cast::<u64>().read_unaligned();
            d.cast::<u64>().write_unaligned(a);
            d.add(n - 8).cast::<u64>().write_unaligned(b);
        } else if n >= 4 {
            let a = s.cast::<u32>().read_unaligned();
            let b = s.add(n - 4).cast::<u32>().read_unaligned();
            d.cast::<u32>().write_unaligned(a);
            d.add(n - 4).cast::<u32>().write_unaligned(b);
        } else if n >= 2 {
            let a = s.cast::<u16>().read_unaligned();
            let b = s.add(n - 2).cast::<u16>().read_unaligned();
            d.cast::<u16>().write_unaligned(a);
            d.add(n - 2).cast::<u16>().write_unaligned(b);
        } else if n == 1 {
            *d = *s;
        }
    }
}

/// Copies `n > BLOCK` bytes.
///
/// # Safety
///
/// AVX2; `n > BLOCK` bytes readable at `s` and writable at `d`.
#[inline(always)]
unsafe fn large(d: *mut u8, s: *const u8, n: usize) {
    debug_assert!(n > BLOCK);
    // SAFETY: (whole block) the saved head covers `0..32` and the saved tail `n - 128..n`. The
    // loop starts at the first 32-byte boundary of `d` past `d` (at most 32 bytes in, so inside
    // the head's cover) and runs while a whole block fits before `n`; what it leaves, at most
    // `BLOCK` bytes, lies in the tail's cover.
    unsafe {
        let head = load(s);
        let tail = [
            load(s.add(n - 128)),
            load(s.add(n - 96)),
            load(s.add(n - 64)),
            load(s.add(n - 32)),
        ];
        let mut i = 32 - (d as usize & 31);
        while n - i > BLOCK {
            let v = [
                load(s.add(i)),
                load(s.add(i + 32)),
                load(s.add(i + 64)),
                load(s.add(i + 96)),
            ];
            for (k, v) in v.into_iter().enumerate() {
                _mm256_store_si256(d.add(i + 32 * k).cast(), v);
            }
            i += BLOCK;
        }
        store(d, head);
        for (k, v) in tail.into_iter().enumerate() {
            store(d.add(n - 128 + 32 * k), v);
        }
    }
}
