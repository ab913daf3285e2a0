//! AVX2: the Harley–Seal carry-save adder over 256-bit vectors, with the nibble-lookup count
//! (`vpshufb` twice, `vpsadbw`) for the vectors it leaves.
//!
//! Written from Muła, Kurz and Lemire, "Faster Population Counts Using AVX2 Instructions",
//! The Computer Journal 61(1), 2018 (arXiv:1611.07612), §3–4. A carry-save adder takes three
//! vectors `a, b, c` and gives, bit by bit, the sum's high bit `(a & b) | ((a ^ b) & c)` and its
//! low bit `a ^ b ^ c`. Sixteen input vectors pass through a tree of fifteen adders into the
//! running `ones`, `twos`, `fours` and `eights` (bits of weight 1, 2, 4, 8) and one vector of
//! weight 16, the only one counted per block; the four partial vectors are counted once at the
//! end and weighted. So a block of 512 bytes costs one lookup count and fifteen adders (five
//! logic operations each) instead of sixteen counts.
//!
//! The count of one vector (§2 of the paper, after Muła's 2008 SSSE3 method): each nibble
//! indexes a 16-entry table of bit counts by `vpshufb`; the byte counts, at most 8, are summed
//! per 64-bit lane by `vpsadbw` against zero.

use core::arch::x86_64::*;

use crate::bits::popcount::scalar;

/// Bytes in one vector.
const VECTOR: usize = 32;
/// Vectors in one Harley–Seal block.
const BLOCK: usize = 16;

/// The number of set bits in `data`.
///
/// # Safety
///
/// The CPU supports AVX2.
#[target_feature(enable = "avx2")]
pub unsafe fn popcount(data: &[u8]) -> u64 {
    let vectors = data.len() / VECTOR;
    let at = data.as_ptr();
    let zero = _mm256_setzero_si256();
    let (mut ones, mut twos, mut fours, mut eights) = (zero, zero, zero, zero);
    // Per 64-bit lane: the counts of the weight-16 vectors, then the whole count.
    let mut total = zero;
    let mut i = 0;
    while i + BLOCK <= vectors {
        // SAFETY: AVX2 is enabled here (for every helper below); every vector loaded, `i` to
        // `i + 15`, is below `vectors`, so inside `data`.
        unsafe {
            let (twos_a, o) = csa(ones, load(at, i), load(at, i + 1));
            let (twos_b, o) = csa(o, load(at, i + 2), load(at, i + 3));
            let (fours_a, t) = csa(twos, twos_a, twos_b);
            let (twos_a, o) = csa(o, load(at, i + 4), load(at, i + 5));
            let (twos_b, o) = csa(o, load(at, i + 6), load(at, i + 7));
            let (fours_b, t) = csa(t, twos_a, twos_b);
            let (eights_a, f) = csa(fours, fours_a, fours_b);
            let (twos_a, o) = csa(o, load(at, i + 8), load(at, i + 9));
            let (twos_b, o) = csa(o, load(at, i + 10), load(at, i + 11));
            let (fours_a, t) = csa(t, twos_a, twos_b);
            let (twos_a, o) = csa(o, load(at, i + 12), load(at, i + 13));
            let (twos_b, o) = csa(o, load(at, i + 14), load(at, i + 15));
            let (fours_b, t) = csa(t, twos_a, twos_b);
            let (eights_b, f) = csa(f, fours_a, fours_b);
            let (sixteens, e) = csa(eights, eights_a, eights_b);
            (ones, twos, fours, eights) = (o, t, f, e);
            total = _mm256_add_epi64(total, count(sixteens));
        }
        i += BLOCK;
    }
    // SAFETY: AVX2 is enabled here; the vectors loaded are below `vectors`.
    unsafe {
        total = _mm256_slli_epi64::<4>(total);
        total = _mm256_add_epi64(total, _mm256_slli_epi64::<3>(count(eights)));
        total = _mm256_add_epi64(total, _mm256_slli_epi64::<2>(count(fours)));
        total = _mm256_add_epi64(total, _mm256_slli_epi64::<1>(count(twos)));
        total = _mm256_add_epi64(total, count(ones));
        while i < vectors {
            total = _mm256_add_epi64(total, count(load(at, i)));
            i += 1;
        }
        let mut lanes = [0u64; 4];
        _mm256_storeu_si256(lanes.as_mut_ptr().cast(), total);
        lanes.iter().sum::<u64>() + scalar::count(&data[vectors * VECTOR..])
    }
}

/// The `i`-th 32-byte vector at `at`, unaligned.
///
/// # Safety
///
/// The CPU supports AVX2; the 32 bytes at `at + 32 i` are readable.
#[inline(always)]
unsafe fn load(at: *const u8, i: usize) -> __m256i {
    // SAFETY: per the contract.
    unsafe { _mm256_loadu_si256(at.add(i * VECTOR).cast()) }
}

/// A carry-save adder, bit by bit: `(high, low)` of `a + b + c`.
///
/// # Safety
///
/// The CPU supports AVX2 (the caller has it enabled, so this inlines into AVX2 code).
#[inline(always)]
unsafe fn csa(a: __m256i, b: __m256i, c: __m256i) -> (__m256i, __m256i) {
    // SAFETY: AVX2 per the contract.
    unsafe {
        let u = _mm256_xor_si256(a, b);
        let high = _mm256_or_si256(_mm256_and_si256(a, b), _mm256_and_si256(u, c));
        (high, _mm256_xor_si256(u, c))
    }
}

/// The set bits of `v` per 64-bit lane: a nibble lookup, summed by `vpsadbw`.
///
/// # Safety
///
/// The CPU supports AVX2.
#[inline(always)]
unsafe fn count(v: __m256i) -> __m256i {
    // SAFETY: AVX2 per the contract.
    unsafe {
        let table = _mm256_setr_epi8(
            0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4, //
            0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4,
        );
        let nibble = _mm256_set1_epi8(0x0F);
        let low = _mm256_and_si256(v, nibble);
        let high = _mm256_and_si256(_mm256_srli_epi16::<4>(v), nibble);
        let bytes = _mm256_add_epi8(
            _mm256_shuffle_epi8(table, low),
            _mm256_shuffle_epi8(table, high),
        );
        _mm256_sad_epu8(bytes, _mm256_setzero_si256())
    }
}
