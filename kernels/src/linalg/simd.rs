//! The float-vector layer of the linear-algebra kernels: one `f32` lane interface, implemented
//! for AVX2+FMA (`__m256`, 8 lanes) and AVX-512F (`__m512`, 16 lanes).
//!
//! The dot product's accumulation loop and sgemm's micro-kernel are written once against
//! [`F32s`] and instantiated per instruction set, like the byte layer in `crate::simd`. Every
//! method is `unsafe` and `#[inline(always)]`: it may only be called from a function compiled
//! with the implementation's target features (a gated variant body), where it inlines.

use core::arch::x86_64::*;

/// A vector of `LANES` `f32` lanes.
///
/// # Safety
///
/// Implementors' methods execute instructions of their instruction set: callers must have
/// verified the CPU has it. Loads and stores touch `LANES` floats at the pointer (or the lanes
/// the count names), which must be valid for that access; no alignment is required.
pub(crate) unsafe trait F32s: Copy {
    /// Lanes per vector.
    const LANES: usize;

    /// Every lane zero.
    unsafe fn zero() -> Self;
    /// Every lane `x`.
    unsafe fn splat(x: f32) -> Self;
    /// Every lane `*p` (a broadcast load).
    unsafe fn broadcast(p: *const f32) -> Self;
    /// `LANES` floats from `p`.
    unsafe fn load(p: *const f32) -> Self;
    /// The first `count < LANES` floats from `p`, the other lanes zero; nothing past them is read.
    unsafe fn load_partial(p: *const f32, count: usize) -> Self;
    /// Stores `LANES` floats at `p`.
    unsafe fn store(self, p: *mut f32);
    /// Stores the first `count < LANES` lanes at `p`; nothing past them is touched.
    unsafe fn store_partial(self, p: *mut f32, count: usize);
    /// `self · b + c`, rounded once.
    unsafe fn fma(self, b: Self, c: Self) -> Self;
    /// Lane-wise sum.
    unsafe fn add(self, b: Self) -> Self;
    /// Lane-wise product.
    unsafe fn mul(self, b: Self) -> Self;
    /// The sum of the lanes, by halving (a tree of depth log₂ LANES).
    unsafe fn sum(self) -> f32;
}

// SAFETY: every method uses AVX and FMA instructions only; callers enable `avx2,fma`.
unsafe impl F32s for __m256 {
    const LANES: usize = 8;

    #[inline(always)]
    unsafe fn zero() -> Self {
        // SAFETY: AVX is enabled by the caller.
        unsafe { _mm256_setzero_ps() }
    }
    #[inline(always)]
    unsafe fn splat(x: f32) -> Self {
        // SAFETY: AVX is enabled by the caller.
        unsafe { _mm256_set1_ps(x) }
    }
    #[inline(always)]
    unsafe fn broadcast(p: *const f32) -> Self {
        // SAFETY: `p` is readable (trait contract); AVX is enabled by the caller.
        unsafe { _mm256_broadcast_ss(&*p) }
    }
    #[inline(always)]
    unsafe fn load(p: *const f32) -> Self {
        // SAFETY: 8 readable floats at `p` (trait contract).
        unsafe { _mm256_loadu_ps(p) }
    }
    #[inline(always)]
    unsafe fn load_partial(p: *const f32, count: usize) -> Self {
        debug_assert!(count < 8);
        // SAFETY: AVX2 is enabled by the caller; `vmaskmovps` reads only the enabled lanes, lane
        // i enabled (sign bit set) when i < count: the first `count` floats, which are readable.
        unsafe {
            let lanes = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
            let mask = _mm256_cmpgt_epi32(_mm256_set1_epi32(count as i32), lanes);
            _mm256_maskload_ps(p, mask)
        }
    }
    #[inline(always)]
    unsafe fn store(self, p: *mut f32) {
        // SAFETY: 8 writable floats at `p` (trait contract).
        unsafe { _mm256_storeu_ps(p, self) }
    }
    #[inline(always)]
    unsafe fn store_partial(self, p: *mut f32, count: usize) {
        debug_assert!(count < 8);
        // SAFETY: AVX2 is enabled by the caller; `vmaskmovps` writes only the enabled lanes,
        // the first `count`, which are writable.
        unsafe {
            let lanes = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
            let mask = _mm256_cmpgt_epi32(_mm256_set1_epi32(count as i32), lanes);
            _mm256_maskstore_ps(p, mask, self)
        }
    }
    #[inline(always)]
    unsafe fn fma(self, b: Self, c: Self) -> Self {
        // SAFETY: FMA is enabled by the caller.
        unsafe { _mm256_fmadd_ps(self, b, c) }
    }
    #[inline(always)]
    unsafe fn add(self, b: Self) -> Self {
        // SAFETY: AVX is enabled by the caller.
        unsafe { _mm256_add_ps(self, b) }
    }
    #[inline(always)]
    unsafe fn mul(self, b: Self) -> Self {
        // SAFETY: AVX is enabled by the caller.
        unsafe { _mm256_mul_ps(self, b) }
    }
    #[inline(always)]
    unsafe fn sum(self) -> f32 {
        // SAFETY: AVX is enabled by the caller.
        unsafe {
            let x = _mm_add_ps(_mm256_castps256_ps128(self), _mm256_extractf128_ps(self, 1));
            let x = _mm_add_ps(x, _mm_movehl_ps(x, x));
            let x = _mm_add_ss(x, _mm_shuffle_ps(x, x, 1));
            _mm_cvtss_f32(x)
        }
    }
}

// SAFETY: every method uses AVX-512F instructions only; callers enable `avx512f`.
unsafe impl F32s for __m512 {
    const LANES: usize = 16;

    #[inline(always)]
    unsafe fn zero() -> Self {
        // SAFETY: AVX-512F is enabled by the caller.
        unsafe { _mm512_setzero_ps() }
    }
    #[inline(always)]
    unsafe fn splat(x: f32) -> Self {
        // SAFETY: AVX-512F is enabled by the caller.
        unsafe { _mm512_set1_ps(x) }
    }
    #[inline(always)]
    unsafe fn broadcast(p: *const f32) -> Self {
        // SAFETY: `p` is readable (trait contract); AVX-512F is enabled by the caller.
        unsafe { _mm512_set1_ps(*p) }
    }
    #[inline(always)]
    unsafe fn load(p: *const f32) -> Self {
        // SAFETY: 16 readable floats at `p` (trait contract).
        unsafe { _mm512_loadu_ps(p) }
    }
    #[inline(always)]
    unsafe fn load_partial(p: *const f32, count: usize) -> Self {
        debug_assert!(count < 16);
        let mask: __mmask16 = (1u16 << count) - 1;
        // SAFETY: a masked load reads (and faults on) only the enabled lanes, the first `count`.
        unsafe { _mm512_maskz_loadu_ps(mask, p) }
    }
    #[inline(always)]
    unsafe fn store(self, p: *mut f32) {
        // SAFETY: 16 writable floats at `p` (trait contract).
        unsafe { _mm512_storeu_ps(p, self) }
    }
    #[inline(always)]
    unsafe fn store_partial(self, p: *mut f32, count: usize) {
        debug_assert!(count < 16);
        let mask: __mmask16 = (1u16 << count) - 1;
        // SAFETY: a masked store writes (and faults on) only the enabled lanes, the first
        // `count`, which are writable.
        unsafe { _mm512_mask_storeu_ps(p, mask, self) }
    }
    #[inline(always)]
    unsafe fn fma(self, b: Self, c: Self) -> Self {
        // SAFETY: AVX-512F is enabled by the caller.
        unsafe { _mm512_fmadd_ps(self, b, c) }
    }
    #[inline(always)]
    unsafe fn add(self, b: Self) -> Self {
        // SAFETY: AVX-512F is enabled by the caller.
        unsafe { _mm512_add_ps(self, b) }
    }
    #[inline(always)]
    unsafe fn mul(self, b: Self) -> Self {
        // SAFETY: AVX-512F is enabled by the caller.
        unsafe { _mm512_mul_ps(self, b) }
    }
    #[inline(always)]
    unsafe fn sum(self) -> f32 {
        // SAFETY: AVX-512F is enabled by the caller (it implies AVX).
        unsafe {
            let half = _mm256_add_ps(
                _mm512_castps512_ps256(self),
                _mm256_castpd_ps(_mm512_extractf64x4_pd(_mm512_castps_pd(self), 1)),
            );
            half.sum()
        }
    }
}
