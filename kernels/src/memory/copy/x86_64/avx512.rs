//! AVX-512 (F + BW): 64-byte vectors; masked loads and stores for whatever is not a whole vector.
//!
//! Up to 64 bytes: one masked load and one masked store (masked-off lanes are neither read nor
//! written, so nothing outside the slices is touched and no fault can occur past their ends). Up
//! to 256: two or four overlapping `zmm` moves from both ends. Larger: the first vector is
//! moved unaligned, then whole vectors, four per iteration, to a 64-byte-aligned destination
//! (every store one full cache line), the last whole vectors one at a time, and the final
//! partial line with one aligned masked store.

use core::arch::x86_64::*;

/// Bytes per iteration of the main loop: four vectors.
const BLOCK: usize = 4 * 64;

/// Copies `src` into `dst`.
///
/// # Safety
///
/// The CPU supports AVX-512F and AVX-512BW, and `dst.len() == src.len()`.
#[target_feature(enable = "avx512f,avx512bw")]
pub unsafe fn copy(dst: &mut [u8], src: &[u8]) {
    debug_assert_eq!(dst.len(), src.len());
    let n = src.len();
    let (d, s) = (dst.as_mut_ptr(), src.as_ptr());
    // SAFETY: (whole block) both ranges hold `n` bytes; each path below reads and writes only
    // inside `0..n`, as its bounds show.
    unsafe {
        match n {
            0..=64 => copy_masked(d, s, n),
            65..=128 => {
                let (a, z) = (load(s), load(s.add(n - 64)));
                store(d, a);
                store(d.add(n - 64), z);
            }
            129..=BLOCK => {
                let (a, b) = (load(s), load(s.add(64)));
                let (y, z) = (load(s.add(n - 128)), load(s.add(n - 64)));
                store(d, a);
                store(d.add(64), b);
                store(d.add(n - 128), y);
                store(d.add(n - 64), z);
            }
            _ => large(d, s, n),
        }
    }
}

#[inline(always)]
pub(crate) unsafe fn load(p: *const u8) -> __m512i {
    // SAFETY: the caller guarantees 64 readable bytes at `p` and AVX-512F.
    unsafe { _mm512_loadu_si512(p.cast()) }
}

#[inline(always)]
pub(crate) unsafe fn store(p: *mut u8, v: __m512i) {
    // SAFETY: the caller guarantees 64 writable bytes at `p` and AVX-512F.
    unsafe { _mm512_storeu_si512(p.cast(), v) }
}

/// The mask of the low `n` lanes, `n <= 64`.
#[inline(always)]
pub(crate) fn low_lanes(n: usize) -> __mmask64 {
    debug_assert!(n <= 64);
    if n >= 64 {
        u64::MAX
    } else {
        (1u64 << n) - 1
    }
}

/// Copies `n <= 64` bytes with one masked load and one masked store.
///
/// # Safety
///
/// AVX-512F and BW; `n <= 64` bytes readable at `s` and writable at `d`.
#[inline(always)]
pub(crate) unsafe fn copy_masked(d: *mut u8, s: *const u8, n: usize) {
    let k = low_lanes(n);
    // SAFETY: lanes outside `k` are neither accessed nor faulted on; the `n` inside are valid.
    unsafe { _mm512_mask_storeu_epi8(d.cast(), k, _mm512_maskz_loadu_epi8(k, s.cast())) }
}

/// Copies `n > BLOCK` bytes.
///
/// # Safety
///
/// AVX-512F and BW; `n > BLOCK` bytes readable at `s` and writable at `d`.
#[inline(always)]
unsafe fn large(d: *mut u8, s: *const u8, n: usize) {
    // SAFETY: (whole block) the first store covers `0..64`, which holds the first 64-byte
    // boundary of `d` past `d`, where `i` starts; the loops then move whole vectors while they
    // fit before `n`, and the masked store the `n - i < 64` bytes left.
    unsafe {
        store(d, load(s));
        let mut i = 64 - (d as usize & 63);
        while n - i >= BLOCK {
            let v = [
                load(s.add(i)),
                load(s.add(i + 64)),
                load(s.add(i + 128)),
                load(s.add(i + 192)),
            ];
            for (k, v) in v.into_iter().enumerate() {
                _mm512_store_si512(d.add(i + 64 * k).cast(), v);
            }
            i += BLOCK;
        }
        while n - i >= 64 {
            _mm512_store_si512(d.add(i).cast(), load(s.add(i)));
            i += 64;
        }
        copy_masked(d.add(i), s.add(i), n - i);
    }
}
