//! AVX-512 (F, BW): 64 bytes per vector, 256 per iteration.
//!
//! As the AVX2 variant, with comparisons into mask registers turned back into −1 bytes
//! (`vpmovm2b`), summed per iteration and subtracted from 64 byte counters, summed by `vpsadbw`
//! every 63 iterations. The last 0–63 bytes, and whole inputs under 64 bytes, are one masked load
//! (which never touches the bytes it masks out, so it cannot fault past the input) compared
//! under the same mask and counted with `popcnt`.

use core::arch::x86_64::{
    __m512i, _mm512_add_epi64, _mm512_add_epi8, _mm512_cmpeq_epi8_mask, _mm512_loadu_si512,
    _mm512_mask_cmpeq_epi8_mask, _mm512_maskz_loadu_epi8, _mm512_movm_epi8,
    _mm512_reduce_add_epi64, _mm512_sad_epu8, _mm512_set1_epi8, _mm512_setzero_si512,
    _mm512_sub_epi8,
};

/// Iterations of four vectors before the byte counters are summed: each gains at most 4.
const FLUSH: usize = 63;

/// How many bytes of `haystack` equal `needle`.
///
/// # Safety
///
/// The CPU supports AVX-512F, AVX-512BW and POPCNT.
#[target_feature(enable = "avx512f,avx512bw,popcnt")]
pub unsafe fn count_byte(needle: u8, haystack: &[u8]) -> usize {
    let n = haystack.len();
    let p = haystack.as_ptr();
    let splat = _mm512_set1_epi8(needle as i8);
    let zero = _mm512_setzero_si512();
    // −1 in the bytes of `v` equal to the needle.
    let minus = |v: __m512i| _mm512_movm_epi8(_mm512_cmpeq_epi8_mask(v, splat));
    let mut totals = zero;
    let mut i = 0;
    while i + 256 <= n {
        let end = n.min(i + FLUSH * 256);
        let mut counters = zero;
        while i + 256 <= end {
            // SAFETY: `i + 256 <= n`.
            let [a, b, c, d] = unsafe { [i, i + 64, i + 128, i + 192].map(|at| load(p, at)) };
            let sum = _mm512_add_epi8(
                _mm512_add_epi8(minus(a), minus(b)),
                _mm512_add_epi8(minus(c), minus(d)),
            );
            counters = _mm512_sub_epi8(counters, sum);
            i += 256;
        }
        totals = _mm512_add_epi64(totals, _mm512_sad_epu8(counters, zero));
    }
    let mut counters = zero;
    while i + 64 <= n {
        // SAFETY: `i + 64 <= n`.
        let v = unsafe { load(p, i) };
        counters = _mm512_sub_epi8(counters, minus(v));
        i += 64;
    }
    totals = _mm512_add_epi64(totals, _mm512_sad_epu8(counters, zero));
    let mut count = _mm512_reduce_add_epi64(totals) as usize;
    if i < n {
        let mask = u64::MAX >> (64 - (n - i));
        // SAFETY: the masked load reads only the `n - i` bytes left, all inside `haystack`;
        // masked-out bytes are not accessed.
        let tail = unsafe { _mm512_maskz_loadu_epi8(mask, p.add(i).cast()) };
        count += _mm512_mask_cmpeq_epi8_mask(mask, tail, splat).count_ones() as usize;
    }
    count
}

/// The 64 bytes at `p + at`.
///
/// # Safety
///
/// They are readable, and the CPU supports AVX-512F.
#[inline(always)]
unsafe fn load(p: *const u8, at: usize) -> __m512i {
    // SAFETY: the caller's promise.
    unsafe { _mm512_loadu_si512(p.add(at).cast::<__m512i>()) }
}
