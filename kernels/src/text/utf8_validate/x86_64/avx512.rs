//! AVX-512 (F + BW + VBMI): the lookup algorithm on one 64-byte register per block.
//!
//! VBMI gives whole-register byte permutes, which shorten the paper's AVX2 sequence (the use of
//! `vpermb`/`vpermt2b` follows Clausecker & Lemire 2023):
//! - `vpermt2b` (`_mm512_permutex2var_epi8`) picks `prev1`, `prev2`, `prev3` from the previous
//!   and the current register in one instruction each, across the whole 64 bytes.
//! - `vpermb` (`_mm512_permutexvar_epi8`) looks up a 64-entry table by the low six bits of each
//!   index byte and ignores the top two. So the high-nibble tables are stretched to 64 entries
//!   indexed by `byte >> 2` (a 16-bit shift: the bits shifted in from the neighbouring byte land
//!   in the ignored bits), and the low-nibble table repeated four times is indexed by the byte
//!   itself: no masking, where `vpshufb` needs an AND per lookup.
//! - The three lookups are combined with one `vpternlogd`; the comparison with the "must be a
//!   continuation" bits is one `vpcmpneqb` into a mask register.

use core::arch::x86_64::*;

use super::generic::{self, Engine, CURRENT_HIGH, FOURTH, PREV1_HIGH, PREV1_LOW, THIRD};
use crate::simd::avx512::load_prefix;

/// `Ok` if `bytes` is well-formed UTF-8, else `Err(valid_up_to)`.
///
/// # Safety
///
/// The CPU supports AVX-512F, AVX-512BW and AVX-512VBMI.
#[target_feature(enable = "avx512f,avx512bw,avx512vbmi")]
pub unsafe fn utf8_validate(bytes: &[u8]) -> Result<(), usize> {
    // SAFETY: AVX-512F/BW/VBMI are enabled.
    unsafe { generic::validate::<Avx512>(bytes) }
}

/// A 16-entry table indexed by a nibble, as 64 entries indexed by the byte's top six bits.
const fn by_top_six(t: &[u8; 16]) -> [u8; 64] {
    let mut out = [0; 64];
    let mut i = 0;
    while i < 64 {
        out[i] = t[i >> 2];
        i += 1;
    }
    out
}

/// A 16-entry table indexed by a nibble, as 64 entries indexed by the byte's low six bits.
const fn by_low_six(t: &[u8; 16]) -> [u8; 64] {
    let mut out = [0; 64];
    let mut i = 0;
    while i < 64 {
        out[i] = t[i & 15];
        i += 1;
    }
    out
}

/// `vpermt2b` indices giving, in lane `i`, byte `i - back` of the previous register followed by
/// the current one (index bit 6 selects the current register).
const fn back_by<const BACK: usize>() -> [u8; 64] {
    let mut out = [0; 64];
    let mut i = 0;
    while i < 64 {
        out[i] = (64 + i - BACK) as u8;
        i += 1;
    }
    out
}

const PREV1_HIGH_64: [u8; 64] = by_top_six(&PREV1_HIGH);
const PREV1_LOW_64: [u8; 64] = by_low_six(&PREV1_LOW);
const CURRENT_HIGH_64: [u8; 64] = by_top_six(&CURRENT_HIGH);
const BACK_1: [u8; 64] = back_by::<1>();
const BACK_2: [u8; 64] = back_by::<2>();
const BACK_3: [u8; 64] = back_by::<3>();
const UNFINISHED_MAX: [u8; 64] = generic::unfinished_max::<64>();

/// The engine's state: the previous block and the constants, kept in registers.
#[derive(Clone, Copy)]
struct Avx512 {
    prev: __m512i,
    prev1_high: __m512i,
    prev1_low: __m512i,
    current_high: __m512i,
    back: [__m512i; 3],
}

/// 64 bytes of a static table.
#[inline(always)]
unsafe fn table(t: &[u8; 64]) -> __m512i {
    // SAFETY: AVX-512F (the caller's); 64 readable bytes.
    unsafe { _mm512_loadu_si512(t.as_ptr().cast()) }
}

// SAFETY: every method runs AVX-512F/BW/VBMI only; `load` reads 64 bytes, `load_tail` exactly
// `len` (a masked load).
unsafe impl Engine for Avx512 {
    const TAIL_COPIES: bool = false;
    type Block = __m512i;

    #[inline(always)]
    unsafe fn new() -> Self {
        // SAFETY: AVX-512F (the caller's).
        unsafe {
            Avx512 {
                prev: _mm512_setzero_si512(),
                prev1_high: table(&PREV1_HIGH_64),
                prev1_low: table(&PREV1_LOW_64),
                current_high: table(&CURRENT_HIGH_64),
                back: [table(&BACK_1), table(&BACK_2), table(&BACK_3)],
            }
        }
    }

    #[inline(always)]
    unsafe fn load(ptr: *const u8) -> Self::Block {
        // SAFETY: the caller guarantees 64 readable bytes.
        unsafe { _mm512_loadu_si512(ptr.cast()) }
    }

    #[inline(always)]
    unsafe fn load_tail(ptr: *const u8, len: usize) -> Self::Block {
        // SAFETY: AVX-512F/BW (the caller's); `len < 64` readable bytes, lanes past them are
        // neither read nor faulted on and come back zero.
        unsafe { load_prefix(ptr, len) }
    }

    #[inline(always)]
    unsafe fn is_ascii(block: Self::Block) -> bool {
        // SAFETY: AVX-512BW (the caller's).
        unsafe { _mm512_movepi8_mask(block) == 0 }
    }

    #[inline(always)]
    unsafe fn both_ascii(a: Self::Block, b: Self::Block) -> bool {
        // SAFETY: AVX-512F/BW (the caller's).
        unsafe { _mm512_movepi8_mask(_mm512_or_si512(a, b)) == 0 }
    }

    #[inline(always)]
    unsafe fn four_ascii(ptr: *const u8) -> bool {
        // SAFETY: AVX-512F/BW (the caller's); the caller guarantees 256 readable bytes.
        unsafe {
            let [a, b, c, d] = [0, 1, 2, 3].map(|i| Self::load(ptr.add(64 * i)));
            // A | B | C, then | D.
            let abc = _mm512_ternarylogic_epi32(a, b, c, 0xFE);
            _mm512_movepi8_mask(_mm512_or_si512(abc, d)) == 0
        }
    }

    #[inline(always)]
    unsafe fn unfinished(&self) -> bool {
        // SAFETY: AVX-512F/BW (the caller's).
        unsafe { _mm512_cmpgt_epu8_mask(self.prev, table(&UNFINISHED_MAX)) != 0 }
    }

    #[inline(always)]
    unsafe fn after_ascii(&mut self) {
        // SAFETY: AVX-512F (the caller's).
        self.prev = unsafe { _mm512_setzero_si512() };
    }

    #[inline(always)]
    unsafe fn check(&mut self, input: Self::Block) -> bool {
        // SAFETY: AVX-512F/BW/VBMI (the caller's).
        unsafe { self.errors(input) != 0 }
    }

    #[inline(always)]
    unsafe fn check_pair(&mut self, a: Self::Block, b: Self::Block) -> bool {
        // SAFETY: AVX-512F/BW/VBMI (the caller's).
        unsafe { _kor_mask64(self.errors(a), self.errors(b)) != 0 }
    }
}

impl Avx512 {
    /// Lanes of `input` whose class differs from what their position requires, given the
    /// previous block; `input` becomes the previous block.
    #[inline(always)]
    unsafe fn errors(&mut self, input: __m512i) -> __mmask64 {
        // SAFETY: AVX-512F/BW/VBMI (the caller's); register operations only.
        unsafe {
            let prev = self.prev;
            self.prev = input;
            let prev1 = _mm512_permutex2var_epi8(prev, self.back[0], input);
            let prev2 = _mm512_permutex2var_epi8(prev, self.back[1], input);
            let prev3 = _mm512_permutex2var_epi8(prev, self.back[2], input);
            let p1_high = _mm512_permutexvar_epi8(_mm512_srli_epi16(prev1, 2), self.prev1_high);
            let p1_low = _mm512_permutexvar_epi8(prev1, self.prev1_low);
            let cur_high = _mm512_permutexvar_epi8(_mm512_srli_epi16(input, 2), self.current_high);
            // A & B & C.
            let class = _mm512_ternarylogic_epi32(p1_high, p1_low, cur_high, 0x80);
            let third = _mm512_subs_epu8(prev2, _mm512_set1_epi8(THIRD as i8));
            let fourth = _mm512_subs_epu8(prev3, _mm512_set1_epi8(FOURTH as i8));
            // (A | B) & C.
            let must =
                _mm512_ternarylogic_epi32(third, fourth, _mm512_set1_epi8(0x80u8 as i8), 0xA8);
            _mm512_cmpneq_epi8_mask(class, must)
        }
    }
}
