//! AVX-512F (with VL for the 128-bit form, BMI2 for the mask) and masked loads in place of every
//! remainder: the least work per call a read of every whole word can do at each size.
//!
//! - Up to 2 words (16 bytes): one 128-bit masked load and one shuffle.
//! - Up to 8 words (64 bytes): one masked load (`vmovdqu64 zmm{k}{z}`, the mask the low
//!   `len / 8` bits, one `bzhi`), then the horizontal reduction. No scalar tail, no loop, no
//!   branch on the remainder.
//! - 9 to 16 words (128 bytes): one full load and one masked load.
//! - 17 to 32 words (256 bytes): two full loads and two masked loads (one 16-bit mask of the
//!   words past 16, one half each).
//! - Longer: four loads per iteration into two accumulators (two loads per cycle, one add of
//!   latency 1 per accumulator per cycle, so two accumulators keep up), then the `len / 8 % 32`
//!   words left by the bits of that count (two vectors, one vector, then a masked one), skipped
//!   at once when none are left.
//!
//! At these sizes a call's cost is counted in shuffle-port operations and taken branches, not in
//! loads: the reduction's three cross-lane shuffles and the mask's move into `k` all issue on
//! one port of current Intel cores, which is why 16 bytes get the one-shuffle 128-bit form.
//!
//! Why masked loads are safe at the end of the buffer: an AVX-512 load with a zeroing mask reads
//! only the elements whose mask bit is set, and memory faults on the masked-out elements are
//! suppressed (Intel SDM vol. 1, §15.6.1 "Opmask Register to Predicate Vector Data Processing":
//! the opmask "can be used to enable memory fault-suppression"; vol. 2A, ch. 2, "Exception
//! Classifications of EVEX-Encoded Instructions"; the Intel Intrinsics Guide for
//! `_mm512_maskz_loadu_epi64`: "elements are zeroed out when the corresponding mask bit is not
//! set"). So a vector that runs past the last whole word, into the tail bytes or the next
//! page, reads nothing past it: the contract's "tail bytes ignored" is exact, and the harness's
//! guard pages check it. A masked-out part that lies on an unmapped page may cost a microcode
//! assist on some Intel cores; that happens only within 64 bytes of a page end, never in the
//! measured loop, whose inputs sit inside one allocation.
//!
//! Against [`super::avx512`]: that variant sends inputs under 64 bytes to the scalar loop and
//! runs its eight-vector loop set-up and single-vector loop at every size; this one has no
//! per-call cost beyond the loads, one mask and the reduction.

use core::arch::x86_64::*;

/// Words per vector.
const LANES: usize = 8;

/// The wrapping sum of the whole little-endian `u64` words of `data`.
///
/// # Safety
///
/// The CPU supports AVX-512F, AVX-512VL and BMI2.
#[target_feature(enable = "avx512f,avx512vl,bmi2")]
pub unsafe fn read(data: &[u8]) -> u64 {
    let p = data.as_ptr().cast::<u64>();
    let words = data.len() / 8;
    // SAFETY: the features are enabled; the masks cover exactly the `words` words of `data`
    // (at most 2, then at most 8), and `longer` takes more than 8.
    unsafe {
        if words <= 2 {
            // One 128-bit masked load and one shuffle: a 512-bit reduction would cost three.
            let x = _mm_maskz_loadu_epi64(mask(words), p.cast());
            return _mm_cvtsi128_si64(_mm_add_epi64(x, _mm_unpackhi_epi64(x, x))) as u64;
        }
        if words <= LANES {
            return _mm512_reduce_add_epi64(partial(p, words)) as u64;
        }
        longer(p, words)
    }
}

/// [`read`] past 64 bytes, kept out of line so that the short paths above are the whole of
/// `read`, each reached by at most one taken branch (on this machine a taken branch costs a
/// measurable share of a 16-byte call); longer inputs pay one jump more.
///
/// # Safety
///
/// AVX-512F and BMI2; `words > 8`; `8 * words` bytes readable at `p`.
#[target_feature(enable = "avx512f,avx512vl,bmi2")]
#[inline(never)]
unsafe fn longer(p: *const u64, words: usize) -> u64 {
    // SAFETY: the features are enabled. Up to 32 words: full loads of the whole vectors below
    // `words` (words 0..8 as `words > 8`, 8..16 when `words > 16`), masked loads of the rest
    // (a 16-bit mask of the words past 16, split in two); `long` takes more than 32.
    unsafe {
        let load = |i: usize| _mm512_loadu_si512(p.add(i).cast());
        let v = if words <= 4 * LANES {
            if words > 2 * LANES {
                let k = _bzhi_u32(0xFFFF, (words - 2 * LANES) as u32);
                let c = _mm512_maskz_loadu_epi64(k as __mmask8, p.add(2 * LANES).cast());
                let d = _mm512_maskz_loadu_epi64((k >> 8) as __mmask8, p.add(3 * LANES).cast());
                _mm512_add_epi64(
                    _mm512_add_epi64(load(0), c),
                    _mm512_add_epi64(load(LANES), d),
                )
            } else {
                _mm512_add_epi64(load(0), partial(p.add(LANES), words - LANES))
            }
        } else {
            long(p, words)
        };
        _mm512_reduce_add_epi64(v) as u64
    }
}

/// The low `words` (at most 8) bits set.
///
/// # Safety
///
/// BMI2.
#[inline(always)]
unsafe fn mask(words: usize) -> __mmask8 {
    // SAFETY: BMI2 per the caller. `bzhi` keeps the low `words` bits of 0xFF: one instruction,
    // where a variable shift (`shl cl`) costs several on Intel cores.
    unsafe { _bzhi_u32(0xFF, words as u32) as __mmask8 }
}

/// The first `words` (at most 8) words at `p`, the other lanes zero; reads nothing else.
///
/// # Safety
///
/// AVX-512F and BMI2; `words <= 8`; `8 * words` bytes readable at `p` (none when `words == 0`:
/// the mask is then empty and nothing is read).
#[inline(always)]
unsafe fn partial(p: *const u64, words: usize) -> __m512i {
    debug_assert!(words <= LANES);
    // SAFETY: lanes outside the mask are neither read nor faulted on (fault suppression, see the
    // module doc); the `words` lanes inside it are readable per the caller.
    unsafe { _mm512_maskz_loadu_epi64(mask(words), p.cast()) }
}

/// The lane-wise sum of the first `words` (more than 32) words at `p`.
///
/// # Safety
///
/// AVX-512F and BMI2; `8 * words` bytes readable at `p`.
#[inline(always)]
unsafe fn long(p: *const u64, words: usize) -> __m512i {
    // SAFETY: AVX-512F and BMI2 per the caller. The loop loads the whole 32-word blocks, below
    // `end`; the rest, `words % 32` words, is read as the bits of that count say (16 words, 8
    // words, then the last `words % 8` masked): all inside the caller's readable words.
    unsafe {
        let load = |q: *const u64| _mm512_loadu_si512(q.cast());
        let mut a = _mm512_setzero_si512();
        let mut b = a;
        let mut q = p;
        let end = p.add(words & !(4 * LANES - 1));
        // Invariant: the words from `p` to `q` are summed into `a + b`; `q <= end`.
        while q < end {
            a = _mm512_add_epi64(a, load(q));
            b = _mm512_add_epi64(b, load(q.add(LANES)));
            a = _mm512_add_epi64(a, load(q.add(2 * LANES)));
            b = _mm512_add_epi64(b, load(q.add(3 * LANES)));
            q = q.add(4 * LANES);
        }
        let rest = words % (4 * LANES);
        if rest != 0 {
            if rest & (2 * LANES) != 0 {
                a = _mm512_add_epi64(a, load(q));
                b = _mm512_add_epi64(b, load(q.add(LANES)));
                q = q.add(2 * LANES);
            }
            if rest & LANES != 0 {
                a = _mm512_add_epi64(a, load(q));
                q = q.add(LANES);
            }
            b = _mm512_add_epi64(b, partial(q, rest % LANES));
        }
        _mm512_add_epi64(a, b)
    }
}
